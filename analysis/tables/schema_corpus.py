"""The cross-document tables of a run (one file each): name, stage, what a row is, and every column.

This module is data: :mod:`analysis.tables.registry` reads it, the stages take their column lists
from there, and ``docs/tables.md`` is generated from it (``python -m analysis tables``;
``tests/test_tables.py`` checks that the file is current and that the tables of a run have
exactly these columns)."""

from __future__ import annotations

from analysis.tables.schema_documents import STANCE_GROUP_COLUMNS
from analysis.tables.schema_reuse import REUSE_SPECS
from analysis.tables.spec import TableSpec

CORPUS_SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        name="source_outlet",
        stage="ingest",
        per_document=False,
        needs="",
        row="outlet: how much of it is its own reporting",
        about="From docs.source_kind (analysis/ingest/provenance.py): wire copy is a news agency's story "
        "(an agency dateline, an author field naming only an agency, an agency's closing credit), "
        "syndicated copy another outlet's or a syndicate's piece. Outlets sorted.",
        columns={
            "outlet": "The outlet.",
            "n_articles": "Its analysed articles.",
            "n_own": "Those that are its own reporting.",
            "n_wire": "Those that are wire copy.",
            "n_syndicated": "Those that are syndicated copy.",
            "wire_share": "(wire + syndicated) / articles: the share left out of its own voice in stance_outlet "
            "(unless the run includes wire).",
            "credited": "The agencies and outlets credited, with their article counts (`AP (3), Reuters (1)`), "
            "most first; empty when all is own reporting.",
        },
    ),
    TableSpec(
        name="salience_outlet",
        stage="mentions",
        per_document=False,
        needs="",
        row="outlet × actor, pooled over the outlet's documents",
        about="Rates are pooled (total mentions / total words), not averages of per-document rates, so a long "
        "article weighs more.",
        columns={
            "outlet": "The outlet.",
            "actor": "Actor id.",
            "n_docs": "Documents of the outlet.",
            "n_docs_mentioning": "Documents with at least one counted mention of the actor.",
            "n_mentions": "Counted mentions, summed over the documents.",
            "n_words": "Words, summed over the documents.",
            "mentions_per_1k_words": "Total mentions / total words × 1000.",
            "n_sentences": "Sentences, summed over the documents.",
            "n_sentences_with_actor": "Sentences with the actor, summed over the documents.",
            "share_sentences": "`n_sentences_with_actor` / `n_sentences` (pooled).",
            "headline_share": "Share of the outlet's documents whose headline names the actor.",
            "mean_first_mention_word_share": "Mean of `salience_doc.first_mention_word_share` over the documents "
            "that mention the actor.",
            "n_modifiers": "Of `n_mentions`, the modifiers, summed over the documents.",
            "n_references": "Pronouns referring to the actor without naming it, summed over the documents "
            "(counted apart from the names).",
        },
    ),
    TableSpec(
        name="stance_outlet",
        stage="stance",
        per_document=False,
        needs="stance",
        row="outlet × actor × voice",
        about="Intervals: 95% percentile bootstrap that resamples articles (all of an article's sentences "
        "together), 2,000 resamples, seeded; empty where the group rests on fewer than 2 articles: the "
        "sentences of one article are not independent draws, and one article says nothing about the "
        "outlet's others. Rows by voice (`all`, `outlet`, `wire`, `quote`), then outlet, then actor; a voice "
        "without scored sentences has no row. The outlet's own voice leaves out its wire and syndicated "
        "articles (docs.source_kind; `wire` holds their sentences outside quotes) unless the run includes "
        "them (`--include-wire`, recorded in run.json).",
        columns={
            "outlet": "The outlet.",
            "actor": STANCE_GROUP_COLUMNS["actor"],
            "voice": "`all` (every scored sentence), `outlet` (the outlet's own sentences, outside quotes, in "
            "its own reporting), `wire` (the same in its wire and syndicated articles) or `quote` (inside "
            "quotations).",
            "n": STANCE_GROUP_COLUMNS["n"],
            "n_articles": "Articles with at least one scored sentence in the group (the units the interval resamples).",
            **{k: v for k, v in STANCE_GROUP_COLUMNS.items() if k not in ("actor", "voice", "n")},
        },
    ),
    TableSpec(
        name="stance_evidence",
        stage="stance",
        per_document=False,
        needs="stance",
        row="evidence sentence: up to three pulling each outlet × actor mean up and three pulling it down",
        about='"Up" are the three highest positive scores, "down" the three lowest negative ones (ties: the '
        "earlier sentence), so a group with fewer positive or negative sentences has fewer rows. Rows by "
        "outlet, actor, direction (positive first) and rank.",
        columns={
            "outlet": "The outlet.",
            "actor": "Actor id.",
            "direction": "`positive` (pulls the mean up) or `negative` (pulls it down).",
            "rank": "1 = the strongest in its direction.",
            "doc_id": "The article.",
            "sent_id": "The sentence.",
            "score": "Its `stances.score` for the actor.",
            "label": "Its `stances.label`.",
            "voice": "Its `stances.voice` (`quote` or `outlet`).",
            "speaker": "Its `stances.speaker`.",
            "via": "Its `stances.via`: `reference` when the sentence refers to the actor without naming it "
            "(the pronoun is what `html` marks).",
            "text": "The sentence.",
            "html": "The sentence HTML-escaped, the actor's counted mentions wrapped in `<mark>` (safe to show).",
        },
    ),
    TableSpec(
        name="similarity",
        stage="compare",
        per_document=False,
        needs="similarity",
        row="ordered document pair (every pair up to 300 documents, each document's top 10 above)",
        about="TF-IDF over the words of each document's kept sentences (sublinear term frequency, English "
        "stop words dropped, L2-normalised). Every ordered pair up to 300 documents (pairs without a "
        "shared term have cosine 0); above that each document's top 10 (neighbours with a cosine above "
        "0), found exactly up to 20,000 documents and above that by an approximate search (LSA "
        "projection, inverted lists, exact re-ranking: `analysis/compare/neighbors.py`), so that every "
        "cosine is exact but a true neighbour can be missing (recall figures under Measured in the "
        "README). Rows in corpus order of `doc_a`.",
        columns={
            "doc_a": "The document.",
            "doc_b": "The other document.",
            "outlet_a": "`doc_a`'s outlet.",
            "outlet_b": "`doc_b`'s outlet.",
            "cosine": "Cosine similarity of the two TF-IDF vectors (0 to 1).",
            "rank": "`doc_b`'s rank among `doc_a`'s neighbours (1 = doc_b is doc_a's most similar; ties by "
            "corpus order).",
        },
    ),
    TableSpec(
        name="distinctive_words",
        stage="compare",
        per_document=False,
        needs="similarity",
        row="outlet × term",
        about="Fightin' Words (Monroe, Colaresi & Quinn 2008): log-odds ratio with the informative Dirichlet "
        "prior (α proportional to the term's corpus frequency), each outlet against all the others. "
        "Terms are the lower-cased, diacritic-folded words of the kept sentences, without stop words, "
        "one-letter words and numbers. Every term of every outlet up to 20 outlets; with more, each "
        "outlet's 100 highest and 100 lowest z (`rank` still counts all terms). Rows by outlet, then "
        "rank.",
        columns={
            "group": "The outlet.",
            "term": "The word.",
            "count": "Its occurrences in the outlet's text.",
            "count_rest": "Its occurrences in all the other outlets' text.",
            "delta": "Log-odds ratio δ with the informative Dirichlet prior; positive when the outlet uses the "
            "term more than the others.",
            "variance": "Approximate variance of δ.",
            "z": "δ / √variance.",
            "rank": "1 = the most distinctive (highest z) term of the outlet.",
        },
    ),
    TableSpec(
        name="distinctive_words_actor",
        stage="compare",
        per_document=False,
        needs="similarity",
        row="actor × outlet × term, within the sentences that mention the actor",
        about="As distinctive_words, counted only within the sentences with a counted mention of `actor`: "
        "what each outlet says around the actor that the others do not. Every term up to 20 outlets; "
        "with more, each outlet's 100 highest and 100 lowest z.",
        columns={
            "actor": "The actor whose sentences are counted.",
            "group": "The outlet.",
            "term": "The word.",
            "count": "Its occurrences in the outlet's sentences that mention the actor.",
            "count_rest": "Its occurrences in the other outlets' sentences that mention the actor.",
            "delta": "Log-odds ratio δ with the informative Dirichlet prior; positive when the outlet uses the "
            "term more than the others.",
            "variance": "Approximate variance of δ.",
            "z": "δ / √variance.",
            "rank": "1 = the most distinctive (highest z) term of the outlet for this actor.",
        },
    ),
    TableSpec(
        name="label_counts",
        stage="framing",
        per_document=False,
        needs="framing",
        row="outlet × actor × descriptor term",
        about="From labels, the rows that name the actor (`labels.names_actor`). Rows by outlet and actor, then "
        "`n` (most first), then term.",
        columns={
            "outlet": "The outlet.",
            "actor": "Actor id.",
            "kind": "The descriptor kind (as in `labels.kind`).",
            "term": "The descriptor term (`labels.term`).",
            "n": "Descriptors of this kind and term.",
            "share": "`n` / all the outlet's labels (`names_actor`) for the actor.",
            "evaluative": "True when the term is evaluative (as in `labels.evaluative`).",
            "n_standalone": "Of `n`, the actor-file label nouns standing alone, no mention of the actor "
            "(`labels.standalone`).",
        },
    ),
    TableSpec(
        name="labels_distinctive",
        stage="framing",
        per_document=False,
        needs="framing",
        row="actor × outlet × descriptor term, against the other outlets",
        about="Fightin' Words over label terms (`labels.names_actor`; as in distinctive_words), per actor, each "
        "outlet against "
        "the others; every term is listed. An actor described by fewer than two outlets has no rows.",
        columns={
            "actor": "Actor id.",
            "group": "The outlet.",
            "term": "The descriptor term (`labels.term`).",
            "count": "Its descriptors of the actor in the outlet.",
            "count_rest": "Its descriptors of the actor in the other outlets.",
            "delta": "Log-odds ratio δ with the informative Dirichlet prior; positive when the outlet uses the "
            "term more than the others.",
            "variance": "Approximate variance of δ.",
            "z": "δ / √variance.",
            "rank": "1 = the most distinctive (highest z) term of the outlet for this actor.",
        },
    ),
    TableSpec(
        name="voice",
        stage="framing",
        per_document=False,
        needs="framing",
        row="outlet × speaker's actor",
        about="Who gets to speak in each outlet. Scare quotes are left out. Rows by outlet, then quoted words "
        "(most first).",
        columns={
            "outlet": "The outlet.",
            "speaker_actor": "The speakers' actor (`other` and `unknown` included).",
            "n_quotes": "Direct quotations.",
            "quoted_words": "Their words.",
            "share_of_quoted": "`quoted_words` / all the outlet's directly quoted words.",
            "share_of_words": "`quoted_words` / all the outlet's words.",
            "n_reported": "Reported-speech clauses.",
            "reported_words": "Their words.",
        },
    ),
    TableSpec(
        name="reporting_verbs",
        stage="framing",
        per_document=False,
        needs="framing",
        row="outlet × speaker's actor × reporting verb",
        about="Each speech act once: the parts of a split quotation (one `quotes.group`) count once; quotations "
        "without a reporting verb and scare quotes are left out. Rows by outlet and speaker_actor, then "
        "`n` (most first), then verb.",
        columns={
            "outlet": "The outlet.",
            "speaker_actor": "The speakers' actor (`other` and `unknown` included).",
            "verb": 'The reporting verb (lemma; "accord" for "according to"), or the noun or adjective cue ("claim").',
            "n_direct": "Direct quotations it introduces.",
            "n_reported": "Reported-speech clauses it introduces.",
            "n": "`n_direct` + `n_reported`.",
        },
    ),
    TableSpec(
        name="speaker_topics",
        stage="framing",
        per_document=False,
        needs="framing",
        row="outlet × speaker × actor the speaker's quotes mention",
        about="Counted mentions inside each speaker's direct quotations and reported clauses (speakers found, "
        "scare quotes left out). Rows by outlet and speaker, then `n_mentions` (most first).",
        columns={
            "outlet": "The outlet.",
            "speaker": "The speaker (as in `quotes.speaker`).",
            "speaker_actor": "The speaker's actor (as in `quotes.speaker_actor`).",
            "actor": "An actor the speaker's words mention.",
            "n_mentions": "Its counted mentions in those words.",
        },
    ),
    TableSpec(
        name="role_counts",
        stage="framing",
        per_document=False,
        needs="framing",
        row="outlet × actor × role",
        about="From roles. Rows by outlet, actor and role.",
        columns={
            "outlet": "The outlet.",
            "actor": "Actor id.",
            "role": "`agent`, `patient` or `neither`.",
            "n": "Counted mentions of the actor in that role.",
            "share": "`n` / the actor's counted mentions in the outlet.",
        },
    ),
    TableSpec(
        name="role_verbs",
        stage="framing",
        per_document=False,
        needs="framing",
        row="outlet × actor × role × verb",
        about="Agent and patient mentions with a verb. Rows by outlet, actor and role, then `n` (most first), "
        "then verb.",
        columns={
            "outlet": "The outlet.",
            "actor": "Actor id.",
            "role": "`agent` or `patient`.",
            "verb": "The verb's lemma with its particle (as in `roles.verb`).",
            "n": "Mentions of the actor in that role with that verb.",
        },
    ),
    TableSpec(
        name="omission",
        stage="framing",
        per_document=False,
        needs="framing",
        row="item (entity, number, date, claim) × outlet",
        about='A long table, `present` true or false, so that `pivot(index="label", columns="outlet", '
        'values="present")` gives the presence grid. Entities come from the parse (people, '
        "organisations, places, groups, events, laws, …) and are keyed by surname for people (people of "
        "the actor file by their canonical name's surname), other entities by their lower-cased text "
        'without "the" and "\'s"; the actors themselves are left out. A number is a cardinal, '
        "quantity, percentage or sum with the noun it counts; a date is one with a year in it, keyed by "
        "the year. A claim is a body sentence joined with its verbatim / near-verbatim / paraphrase "
        "counterparts in reuse_alignment, transitively (claims only when the similarity step runs). An "
        "entity, number or date is also present in an article whose kept sentences contain one of its forms "
        "(any surface the tagger gave it in the corpus, a person's surname, a date's year; names only as "
        "capitalised words; dotted abbreviations as one word; acronyms; a people's singular, plural and noun; "
        "the other names of well-known countries and bodies), however the tagger labelled it there. A person "
        "written by the first name alone is keyed as the person named in full with it. A claim is also "
        "present in an outlet with a body sentence that says it in other words (sentence encoder, cosine "
        "at least 0.65; runs of at most 5,000 body sentences). Items "
        "are numbered by kind, then by the outlets carrying them (most first), then by key.",
        columns={
            "item_id": "Item number (order: see above).",
            "kind": "`entity`, `number`, `date` or `claim`.",
            "key": "What makes two occurrences one item, e.g. `person:assad`, `600000 people`, `2015`; for a claim "
            "`doc_id#sent_id` of its first sentence.",
            "label": "How to show the item: its most frequent surface form (for a claim, its first sentence).",
            "outlet": "The outlet.",
            "present": "True when the outlet carries the item.",
            "n": "Occurrences in the outlet.",
            "n_outlets": "Outlets carrying the item.",
            "doc_id": "First evidence in the outlet (lowest `doc_id`, then earliest offset): its document; empty "
            "when absent.",
            "sent_id": "The evidence's sentence; -1 when absent.",
            "start": "Start of the evidence; -1 when absent.",
            "end": "End of the evidence; -1 when absent.",
            "via": "How the evidence was found: `tagged` (an item of the named-entity tagger), `text` (one of the "
            "item's forms read in the kept text), `words` (a claim's own sentence, or its copy or rewording with "
            "the same words in reuse_alignment), `meaning` (a claim said in other words: the sentence encoder, "
            "`--no-claim-meaning` to leave out); empty when absent.",
        },
    ),
    TableSpec(
        name="stories",
        stage="compare",
        per_document=False,
        needs="similarity",
        row="analysed article",
        about="Articles about the same event (analysis/compare/stories.py): two articles are linked when the "
        "TF-IDF cosine of their texts (similarity) is at least 0.225 and their dates at most 1 day apart "
        "(an article without a `YYYY-MM-DD` date is linked by its text alone); a story is a connected group "
        "of links. The cut-offs were chosen on hand-judged AllSides pairs (tests/gold/stories/: on the test "
        "half, pairs linked are the same story for precision 0.77, recall 0.77). Above 300 "
        "documents only each document's top 10 neighbours are links. Documents in corpus order.",
        columns={
            "doc_id": "The article.",
            "outlet": "Its outlet.",
            "story_id": "Its story (0, 1, ... in corpus order of each story's first article); a story of one "
            "article when nothing is linked to it.",
            "story_size": "Articles in the story.",
            "story_outlets": "Outlets in the story.",
        },
    ),
    TableSpec(
        name="stance_story",
        stage="compare",
        per_document=False,
        needs="similarity",
        row="outlet × actor with at least one story shared with another outlet",
        about="The outlet's lean within the same stories (also needs stance scores): per story and actor, "
        "the mean stance of each outlet's own voice (voice `outlet`; wire copy left out unless the run "
        "includes it); the outlet's deviation in a story is its mean minus the mean of the other outlets' "
        "means there. Only stories where at least two outlets have scored sentences about the actor count. "
        "Intervals: 95% percentile bootstrap resampling stories (2,000 resamples, seeded; empty below 2 "
        "stories). Rows by outlet, then actor.",
        columns={
            "outlet": "The outlet.",
            "actor": "Actor id.",
            "n_stories": "Stories shared with another outlet that both scored the actor in.",
            "n_articles": "The outlet's articles in those stories with scored sentences about the actor.",
            "mean_deviation": "Mean over those stories of the outlet's mean minus the others' (negative: "
            "harsher on the actor than the other outlets covering the same stories).",
            "ci_low": "Lower end of the 95% interval of `mean_deviation` (resampling stories).",
            "ci_high": "Upper end of the 95% interval.",
            "mean_in_stories": "Mean over those stories of the outlet's own mean (the raw level on the "
            "shared stories).",
        },
    ),
    TableSpec(
        name="summary",
        stage="run",
        per_document=False,
        needs="",
        row="outlet × actor: the headline figures of the other tables",
        about="One row per row of salience_outlet, by actor then outlet. A column is empty where its part "
        "(stance, framing, similarity) was switched off.",
        columns={
            "outlet": "The outlet.",
            "actor": "Actor id.",
            "mentions_per_1k_words": "From salience_outlet.",
            "share_sentences": "From salience_outlet.",
            "in_headline": "salience_outlet's `headline_share`: share of the outlet's documents whose headline "
            "names the actor.",
            "stance_n": "stance_outlet's `n` in the outlet's own voice (voice `outlet`: its own sentences "
            "outside quotes, wire copy left out unless the run includes it).",
            "stance_n_articles": "stance_outlet's `n_articles`, own voice: the articles the stance and its "
            "interval rest on.",
            "stance_mean": "stance_outlet's `mean_score`, own voice.",
            "stance_ci_low": "stance_outlet's `ci_low` (resampling articles; empty below 2), own voice.",
            "stance_ci_high": "stance_outlet's `ci_high`, own voice.",
            "top_labels": "The three commonest label terms of at most three words (label_counts, kinds "
            "summed), comma-joined.",
            "label_nouns": "How many of the outlet's labels of the actor are actor-file label nouns standing alone "
            '("jihadists", "the regime") rather than words attached to a mention (label_counts\' `n_standalone`, '
            "evaluative kind): an outlet can label an actor it never names (0 mentions).",
            "voice_share": "Share of the outlet's directly quoted words spoken for the actor (voice "
            "`share_of_quoted`; 0 when none).",
            "agent_share": "Share of the actor's mentions cast as agent (role_counts; 0 when none).",
            "outlet_copied_share": "Share of the outlet's words in sentences copied verbatim or near-verbatim, "
            "shared quotations left out (reuse_summary's `share_copied` pooled over the outlet; the same for every "
            "actor).",
            "wire_share": "Share of the outlet's articles that are wire or syndicated copy (source_outlet; the "
            "same for every actor).",
            "story_n": "stance_story's `n_stories`: stories shared with other outlets that the within-story "
            "lean rests on.",
            "story_deviation": "stance_story's `mean_deviation`: own-voice stance minus the other outlets' in "
            "the same stories.",
            "story_ci_low": "stance_story's `ci_low` (resampling stories; empty below 2).",
            "story_ci_high": "stance_story's `ci_high`.",
        },
    ),
) + REUSE_SPECS

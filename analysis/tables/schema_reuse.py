"""Data dictionary: the text-reuse tables (which sentences were copied from where), computed
across documents; part of the registry of :mod:`analysis.tables.schema_corpus`."""

from __future__ import annotations

from analysis.tables.spec import TableSpec

REUSE_SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        name="reuse_alignment",
        stage="compare",
        per_document=False,
        needs="similarity",
        row="sentence × other document: the closest sentence there",
        about="Up to 50 documents every sentence (headlines included) is compared with every sentence of every "
        "other document, and the closest one in each other document is kept, `unrelated` included. "
        "Thresholds are in `analysis/compare/reuse.py` (`THRESHOLDS`) and shown in notebook 02. Above 50 "
        "documents copies are found with MinHash / LSH over word trigrams (`analysis/compare/lsh.py`): "
        "only copied sentences appear, each linked to and from its cluster's first sentence, `verbatim` "
        "(same words) or `near-verbatim` (estimated trigram Jaccard ≥ 0.5); paraphrases are not looked "
        "for, and the measures marked below are empty. Words here are lower-cased, diacritic-folded word "
        "tokens, hyphens split. Rows in corpus order of `doc_a`, then `sent_a`, then `doc_b`.",
        columns={
            "doc_a": "The sentence's document.",
            "sent_a": "The sentence (`sent_id`).",
            "doc_b": "The other document.",
            "sent_b": "Its closest sentence to `sent_a`.",
            "relation": "`verbatim`, `near-verbatim`, `paraphrase` (the same claim reworded) or `unrelated`.",
            "ratio": "difflib word-sequence ratio (above 50 documents: 1 for verbatim, else empty).",
            "containment": "Share of the shorter sentence's word trigrams found in the other (above 50 documents: "
            "the MinHash estimate of the trigram Jaccard similarity).",
            "longest_run": "Longest copied run of words (empty above 50 documents).",
            "block_cover": "Share of the shorter sentence covered by copied runs of 4 or more words; 0 when it has "
            "fewer than 8 words (empty above 50 documents).",
            "dice": "Dice overlap of the content words, stop words removed (empty above 50 documents).",
            "shared_content": "Content words the two sentences share (empty above 50 documents).",
            "edits": "Word-level edit operations from one to the other (above 50 documents: 0 for verbatim, else "
            "empty).",
            "quoted_share": "Share of the words the two sentences share (words of a word trigram both contain) that "
            "lie inside quotation marks, in whichever of the two sentences has more of them quoted; a quotation "
            "opened in an earlier sentence counts (above 50 documents: the larger of the two sentences' shares of "
            "characters inside quotation marks).",
            "same_quote": "True for a verbatim or near-verbatim pair whose shared words are a quotation both carry, "
            "one of them perhaps without marks (an embedded tweet, a transcript) "
            "(`quoted_share` ≥ 0.75, or ≥ 0.5 with no more than 6 shared words outside the quotation, an attribution; "
            "`analysis.compare.lsh.same_quotation`): quoting the same source, not copying "
            "prose; not counted as copied in reuse_summary, reuse_matrix and the outlets' copied share.",
            "n_words_a": "Words of sentence a (the word tokens compared here, not `sentences.n_words`).",
            "outlet_a": "`doc_a`'s outlet.",
            "outlet_b": "`doc_b`'s outlet.",
        },
    ),
    TableSpec(
        name="reuse_summary",
        stage="compare",
        per_document=False,
        needs="similarity",
        row="document",
        about="Copied means verbatim or near-verbatim in reuse_alignment and not `same_quote` (two outlets "
        "carrying the same quotation is not copying; those words are in `share_same_quote`). A copied "
        "sentence first appears in the earliest-dated document among those sharing it; dates are read as "
        "`YYYY-MM-DD` (anything else counts as missing). Above 50 documents paraphrases are not looked "
        "for, so `share_shared` equals `share_copied` plus `share_same_quote`.",
        columns={
            "doc_id": "The article.",
            "outlet": "Its outlet.",
            "n_words": "Words of its kept sentences (`sentences.n_words`; at least 1).",
            "n_sentences": "Its sentences.",
            "n_sentences_copied": "Its sentences with a verbatim or near-verbatim counterpart in another document "
            "that is not only the same quotation.",
            "share_copied": "Share of its words in sentences copied verbatim or near-verbatim from (or into) "
            "another document, shared quotations (`same_quote`) left out.",
            "share_same_quote": "Share of its words in sentences whose only verbatim or near-verbatim counterparts "
            "elsewhere carry the same quotation (`same_quote`): quoted, not copied.",
            "share_shared": "Share of its words in sentences with any counterpart elsewhere: copied, the same "
            "quotation, or a paraphrase.",
            "first_here_share": "Of the copied words: the share appearing first here (every other copy is dated "
            "later); empty when nothing is copied.",
            "first_elsewhere_share": "Of the copied words: the share appearing earlier elsewhere; empty when "
            "nothing is copied.",
            "undetermined_share": "Of the copied words: the share undecidable because dates are missing or equal; "
            "empty when nothing is copied.",
            "copied_from": "The earlier documents its first-elsewhere sentences come from, as `doc_id (n words)` "
            "joined with `; `, most words first; empty if none.",
        },
    ),
    TableSpec(
        name="reuse_matrix",
        stage="compare",
        per_document=False,
        needs="similarity",
        row="document pair sharing copied sentences",
        about="Only pairs with at least one sentence copied verbatim or near-verbatim (from reuse_alignment; "
        "`same_quote` pairs are not copies); "
        "(a, b) and (b, a) are separate rows, each a share of its own `doc_a`'s words. Above 50 documents "
        "a copy is linked only to its cluster's first sentence, so two later copies of one sentence do "
        "not pair their documents. Rows in corpus order of (`doc_a`, `doc_b`).",
        columns={
            "doc_a": "The document whose words are counted.",
            "doc_b": "The document it shares copied sentences with.",
            "outlet_a": "`doc_a`'s outlet.",
            "outlet_b": "`doc_b`'s outlet.",
            "share": "Share of doc_a's words in sentences copied verbatim or near-verbatim with doc_b.",
            "n_sentences": "doc_a's sentences copied with doc_b.",
        },
    ),
    TableSpec(
        name="reuse_edits",
        stage="compare",
        per_document=False,
        needs="similarity",
        row="word-level edit in a near-verbatim copy",
        about="The difflib word-level edits of every copied pair that is not identical (near-verbatim, and "
        "verbatim with a stray word), each pair once (`doc_a` < `doc_b`): what an outlet did to the copy "
        "it ran. Rows with `concerns_actor` first, then by `doc_a`, `doc_b` and `start_a`. Empty above "
        "50 documents, where copies are found by LSH without aligning their words.",
        columns={
            "doc_a": "The first document of the pair.",
            "sent_a": "Its sentence.",
            "doc_b": "The second document.",
            "sent_b": "Its sentence.",
            "outlet_a": "`doc_a`'s outlet.",
            "outlet_b": "`doc_b`'s outlet.",
            "op": "`replace`, `insert` or `delete` (from sentence a to sentence b).",
            "text_a": "The words of sentence a the edit changes (empty for an insert).",
            "text_b": "The words of sentence b that replace them (empty for a delete).",
            "start_a": "Start of `text_a` in doc_a's text (for an insert, where the words go).",
            "end_a": "End of `text_a` in doc_a's text.",
            "start_b": "Start of `text_b` in doc_b's text (for a delete, where the words were).",
            "end_b": "End of `text_b` in doc_b's text.",
            "concerns_actor": "True when the edited words overlap a counted actor mention in either sentence.",
            "actor": "The actor(s) whose mention the edit touches, comma-joined; empty if none.",
        },
    ),
)

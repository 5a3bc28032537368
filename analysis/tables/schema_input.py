"""The per-document tables of what was read and how it was split (docs, skipped, failed, removed,
paragraphs, sentences, tokens): the first of :data:`analysis.tables.schema_documents.DOCUMENT_SPECS`.

This module is data, like :mod:`analysis.tables.schema_documents`."""

from __future__ import annotations

from analysis.tables.spec import TableSpec

INPUT_SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        name="docs",
        stage="ingest",
        per_document=True,
        needs="",
        row="analysed article",
        about="Every input article is in exactly one of docs, skipped and failed. `text` is what every offset "
        "of the other tables points into: cleaning never rewrites it (removed lines are only listed in "
        "removed). Outlet, outlet kind, date and url come from the manifest when there is one (joined on "
        "`file`, or on the doc id for table corpora), else from the record's own fields, else `unknown`.",
        columns={
            "doc_id": "The article's id, unique in the corpus: the manifest's `doc_id`, else the file stem "
            "(folder of `.txt`), else the record's `doc_id` or `id` field, else `<file stem>-<n>` "
            "(n = row or line number).",
            "outlet": "The outlet (manifest, else the record's `outlet` field); an article with no outlet gets "
            "its own `doc_id` as outlet.",
            "outlet_kind": "The kind of outlet, from the manifest or the record; `unknown` when neither gives one.",
            "title": "The headline: the first line of `text`, stripped.",
            "text": "The article as read: the file decoded strictly as UTF-8 (BOM removed), or, for a CSV / JSONL "
            "/ Parquet record with a `title` column, the title, a line break and the text field; mojibake "
            "(e.g. `Trumpâ€™s` for `Trump’s`) repaired, as `repaired` records.",
            "date": "Publication date from the manifest or the record, as given (`unknown` when missing); "
            "reuse_summary reads it as `YYYY-MM-DD`.",
            "url": "URL from the manifest or the record (`unknown` when missing).",
            "source": "Where the article came from: the file name, or `file:row n` (CSV, Parquet) / "
            "`file:line n` (JSONL).",
            "repaired": "Empty, or how mojibake in the text as read was undone (ftfy's steps, e.g. "
            "`encode sloppy-windows-1252, decode utf-8`); offsets point into the repaired text.",
            "authors": "The author field of the manifest or the record (`authors`), as given; empty when "
            "neither has one.",
            "source_kind": "Whose reporting the article is (analysis/ingest/provenance.py): `own`, `wire` (a news "
            "agency's story: an agency dateline such as `WASHINGTON (AP) —`, an author field naming only an "
            "agency, an agency's closing copyright or Reuters' `Reporting by …; Editing by …`) or `syndicated` "
            "(`This article originally appeared in …`, a column syndicate's copyright). An agency's own story "
            "(outlet Reuters, dateline `(Reuters)`) is `own`. stance_outlet's own voice leaves out wire and "
            "syndicated articles unless the run includes them (`--include-wire`).",
            "source_agency": "The agency or the outlet / syndicate credited; empty for `own`.",
            "source_evidence": "The words (dateline, author field or credit line) that decided `source_kind`; "
            "empty for `own`.",
            "file": "The name the manifest is joined on: the `.txt` file's name, or for a table corpus the "
            "record's `file` field (else its id, else `row n` / `line n`).",
        },
    ),
    TableSpec(
        name="skipped",
        stage="ingest",
        per_document=True,
        needs="",
        row="input that was not analysed (with the reason)",
        about="An input is skipped when it cannot be decoded (not UTF-8, a binary file), is not a `.txt` file "
        "in a folder corpus, or has no usable text (empty or only whitespace, a blank headline, a "
        "headline without body, a missing, empty or non-string text field, a title spanning several "
        "lines, invalid JSON). `run` lists every skipped input.",
        columns={
            "source": "The input file; for a record that was read but whose text is unusable, "
            "`file:row n` / `file:line n`.",
            "item": "What was skipped: the file name, `row n` / `line n` of a table file, or the doc id of a "
            "file or record whose text is unusable.",
            "reason": "Why, in words (e.g. `not valid UTF-8 at byte offset …`, `only a headline, no body text`, "
            "`'text' is empty`, `invalid JSON (…)`).",
        },
    ),
    TableSpec(
        name="failed",
        stage="run",
        per_document=True,
        needs="",
        row="article whose analysis raised an error (with the stage and the error)",
        about="An article whose analysis raises an exception is set aside instead of stopping the run. When a "
        "step before stance raises (cleaning to framing, or the term counts), the article is in no other "
        "table, docs included, and the other articles of its batch are analysed as if it were not there. "
        "When its stance scoring raises (stage `stance`), it keeps its other tables and has no rows in "
        "stances, stance_doc or the stance evidence. With `--strict` the run exits with status 3 when "
        "this table has rows.",
        columns={
            "doc_id": "The article's id (as it would be in docs).",
            "source": "Where it came from: the file name, or `file:row n` / `file:line n`.",
            "outlet": "Its outlet.",
            "stage": "The analysis step that raised: `clean`, `sentences`, `mentions`, `salience`, `syntax`, "
            "`labels`, `quotes`, `roles`, `omission`, `stance` or `terms`.",
            "error": "Exception type and message (`ValueError: …`; whitespace collapsed, the message cut at "
            "500 characters).",
            "where": "`file:line` of the code that raised (the innermost frame inside the package, as "
            "`analysis/…/x.py:123`).",
        },
    ),
    TableSpec(
        name="removed",
        stage="ingest",
        per_document=True,
        needs="",
        row="line of page furniture taken out of an article",
        about="Cleaning (`analysis/ingest/clean.py`) works line by line on the original text: every line after "
        "the headline is either kept in a paragraph or listed here with its reason. A line over 600 "
        "characters is never furniture. A repeated line is a photo caption when any copy carries a photo "
        "credit or it comes before the first body paragraph; otherwise its later copies are removed as "
        "repeats. The headline repeated as one of the first lines under it is removed once (`repeated "
        'headline`). Bylines are recognised by their shape ("By" and capitalised names on a short line), '
        'comment and share prompts only on short lines, so that a paragraph starting "By noon, ..." or '
        'saying "commenting" is kept (checked on 100 hand-marked AllSides articles: bench/cleaning.py).',
        columns={
            "doc_id": "The article.",
            "line_no": "Line number in `docs.text`, 1-based (the headline is line 1).",
            "start": "Start of the line, leading whitespace excluded.",
            "end": "End of the line, trailing whitespace excluded.",
            "reason": "Why it was removed: `image placeholder`, `bracketed promo`, `promo line`, `tags line`, "
            "`category line`, `comment prompt`, `byline or dateline`, `photo caption`, "
            "`repeated photo caption`, `wire credit`, `share prompt`, `advertisement`, `video player`, "
            "`credit line`, `separator`, `summary box`, `repeated headline` or `repeated line (copy of line n)`.",
            "text": "The removed line (`text[start:end]`).",
        },
    ),
    TableSpec(
        name="paragraphs",
        stage="ingest",
        per_document=True,
        needs="",
        row="kept stretch of an article's text",
        about="The headline is paragraph 0. A kept line that starts with a lowercase letter continues the "
        "paragraph before it (hard-wrapped text); any other kept line starts a new paragraph. Sentences "
        "never cross a paragraph boundary.",
        columns={
            "doc_id": "The article.",
            "para_id": "Paragraph number within the article, from 0 (the headline) in text order.",
            "start": "Start of the paragraph (surrounding whitespace trimmed).",
            "end": "End of the paragraph.",
            "is_title": "True for the headline.",
        },
    ),
    TableSpec(
        name="sentences",
        stage="text",
        per_document=True,
        needs="",
        row="sentence of the headline and kept body",
        about="Each kept paragraph is split with NLTK Punkt (news abbreviations added; by default first trained "
        "on the corpus's own paragraphs); a piece that starts with a lowercase letter is joined to the "
        "sentence before. Direct quotations are found over the paragraphs, across sentence boundaries "
        "(a quote left open runs to the end of its paragraph).",
        columns={
            "doc_id": "The article.",
            "sent_id": "Sentence number within the article, from 0 in text order (0 = headline).",
            "para_id": "The paragraph it lies in (`paragraphs.para_id`).",
            "start": "Start of the sentence.",
            "end": "End of the sentence.",
            "text": "The sentence (`docs.text[start:end]`).",
            "is_title": "True for a sentence of the headline.",
            "is_quote": "True when at least half of the sentence lies inside a direct quotation.",
            "quote_share": "That fraction: share of the sentence's characters inside a direct quotation (quote "
            "marks included), rounded to 4 decimals.",
            "n_words": "Words: Treebank tokens containing a letter or digit (what every per-word rate counts).",
        },
    ),
    TableSpec(
        name="tokens",
        stage="text",
        per_document=True,
        needs="tokens",
        row="Treebank token",
        about="NLTK's Treebank tokenizer, run on each sentence; punctuation tokens are included (those with a "
        "letter or digit are the words of `sentences.n_words`).",
        columns={
            "doc_id": "The article.",
            "sent_id": "The sentence (`sentences.sent_id`).",
            "tok_id": "Token number within the sentence, from 0.",
            "start": "Start of the token.",
            "end": "End of the token.",
            "text": "The token as written.",
        },
    ),
)

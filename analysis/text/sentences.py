"""Sentences and tokens with character offsets, offline (NLTK Punkt and the Treebank tokenizer).

Punkt is given a curated list of news abbreviations (titles, ranks, "U.N.", "U.S.", months,
single-letter initials) and a list of common sentence starters, then optionally trained on the
corpus itself; nothing is downloaded. Sentences never cross a paragraph boundary, so removed
furniture cannot glue two sentences together. Two repairs follow Punkt: a "sentence" that starts
with a lowercase letter is joined to the one before ('"Really?" he asked.'), and quotations are
found across sentence boundaries so that each sentence knows how much of it is quoted.

Speed without a change of output: Punkt and the Treebank tokenizer run NLTK's own algorithms and
pattern strings compiled by ``re`` rather than NLTK's ReDoS-guarded ``regex`` wrapper (a paragraph
with a character on which the two engines disagree goes to NLTK's stock Punkt); the tokenizer
skips a rule when the text lacks every literal that rule needs to match; and a sentence's word
count skips the tokenizer altogether when the text has nothing the rules treat by context (see
:func:`count_words`). tests/test_sentences.py compares all three with NLTK itself.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

import numpy as np
import pandas as pd
from nltk.tokenize.punkt import (
    PunktSentenceTokenizer,
)

from analysis.ingest.normalize import normalize
from analysis.text.house_style import joins_previous
from analysis.text.punkt import (
    _ABBREV_ONLY,
    PUNKT_TRAIN_CHARS,
    PunktSample,
    _default_splitter,
    make_splitter,
    punkt_training_text,
)
from analysis.text.syntax import Sentence, iter_parsed, parse_sentences
from analysis.text.tokens import (
    _HAS_ALNUM,
    _fast_word_count,
    _may_hold_contraction,
    tokenize_spans,
)

__all__ = [
    "QUOTE_MARK",
    "SENTENCE_COLUMNS",
    "TOKEN_COLUMNS",
    "doc_quote_spans",
    "doc_sizes",
    "inside_span",
    "parse_text",
    "quote_spans",
    "sentences_and_tokens",
    "split_sentences",
    "split_spans",
    "tokenize_sentences",
]

SENTENCE_COLUMNS = [
    "doc_id",
    "sent_id",
    "para_id",
    "start",
    "end",
    "text",
    "is_title",
    "is_quote",
    "quote_share",
    "n_words",
]
TOKEN_COLUMNS = ["doc_id", "sent_id", "tok_id", "start", "end", "text"]


def parse_text(text: str, *, doc_id: str = "d") -> list[Sentence]:
    """One text split as :func:`split_spans` splits it and parsed by
    :func:`~analysis.text.syntax.parse_sentences`, as Sentence objects (offsets into ``text``):
    what the benchmarks and training read a stand-alone passage (GAP) with."""
    spans = split_spans(text)
    frame = pd.DataFrame(
        {
            "doc_id": doc_id,
            "sent_id": range(len(spans)),
            "start": [a for a, _ in spans],
            "end": [b for _, b in spans],
            "text": [text[a:b] for a, b in spans],
        }
    )
    return list(iter_parsed(parse_sentences(frame)))


def split_spans(text: str, *, splitter: PunktSentenceTokenizer | None = None) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of one paragraph of text.

    Punkt runs on the typography-normalised copy (curly quotes become straight quotes, which Punkt
    knows); spans map back to the original. A piece starting with a lowercase letter, or made
    only of closing punctuation, is joined to the previous sentence, and so is one that news house
    style says continues it (:func:`analysis.text.house_style.joins_previous`: no break after
    "Mr.", "Sen.", an initial or "U.S." before a name).
    """
    if not text.strip():
        return []
    norm = normalize(text, fold_diacritics=False)
    spl = splitter or _default_splitter()
    spans: list[tuple[int, int]] = []
    for a, b in spl.span_tokenize(norm.text):
        piece = norm.text[a:b]
        if spans and (
            piece[:1].islower()
            or not _HAS_ALNUM.search(piece)
            or _ABBREV_ONLY.match(norm.text[spans[-1][0] : spans[-1][1]])
            or joins_previous(norm.text[spans[-1][0] : spans[-1][1]], piece)
        ):
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    return [norm.to_original(a, b) for a, b in spans]


# Two straight apostrophes are a double quotation mark in some archives' house style (the New
# York Times' ''...'', as LDC-distributed text writes it); they alternate like '"'.
QUOTE_MARK = re.compile("''|[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]")
_OPENING = frozenset("\u201c\u201e\u00ab")
_CLOSING = frozenset("\u201d\u201f\u00bb")


def _misprinted_closing(text: str, i: int, j: int, p_end: int) -> bool:
    """Is the opening mark at ``text[i:j]`` written where a closing one belongs: right after a
    word or punctuation and before a space or the paragraph's end ('here,“ said'), where an
    opening mark stands after a space and before a word?"""
    return (
        i > 0
        and not text[i - 1].isspace()
        and text[i - 1] not in "([{\u2014\u2013-"
        and (j >= p_end or text[j].isspace())
    )


def quote_spans(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of direct quotation in a text, the quote marks included.

    Curly quotes say which way they face; straight quotes (``"`` and ``''``) alternate. A quote left open at the end
    of a paragraph runs to the end of that paragraph (news style continues a multi-paragraph quote
    by opening the next paragraph with a quote mark, which starts a new span).
    """
    spans: list[tuple[int, int]] = []
    for p_start, p_end in paragraphs:
        open_at: int | None = None
        for m in QUOTE_MARK.finditer(text, p_start, p_end):
            ch, i = m.group(), m.start()
            opening = ch in _OPENING or (ch not in _CLOSING and open_at is None)
            if ch == "\u201c" and open_at is not None and _misprinted_closing(text, i, m.end(), p_end):
                opening = False  # '...here,“ said Jim Clyburn': an opening mark written for a closing one
            if opening and open_at is None:
                open_at = i
            elif not opening and open_at is not None:
                spans.append((open_at, m.end()))
                open_at = None
        if open_at is not None:
            spans.append((open_at, p_end))
    return spans


def doc_quote_spans(docs: pd.DataFrame, sentences: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    """Quotation spans (marks included) of every document, over its kept paragraphs.

    Paragraph extents come from the sentences table, so every stage that asks gets the same
    spans as the sentences' ``quote_share``.
    """
    texts = dict(zip(docs["doc_id"], docs["text"]))
    out: dict[str, list[tuple[int, int]]] = {}
    if len(sentences) == 0:
        return out
    paras = sentences.groupby(["doc_id", "para_id"], sort=False).agg(start=("start", "min"), end=("end", "max"))
    g = paras.reset_index().groupby("doc_id", sort=False)
    starts, ends = g["start"].agg(list), g["end"].agg(list)
    for doc_id in starts.index:
        out[doc_id] = quote_spans(texts[doc_id], list(zip(starts[doc_id], ends[doc_id])))
    return out


def inside_span(spans: Sequence[tuple[int, int]], a: int, b: int) -> int:
    """Index of the span (sorted, non-overlapping) that contains ``[a, b)``, or -1."""
    k = bisect_right([s for s, _ in spans], a) - 1
    return k if k >= 0 and spans[k][0] <= a and b <= spans[k][1] else -1


def _quoted_before(size: int, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """``out[i]``: characters before offset ``i`` that the spans cover (counted once per span).

    ``out[b] - out[a]`` is then the sum of the spans' overlaps with ``[a, b)``.
    """
    bounds = np.array(spans, dtype=np.int64).reshape(-1, 2)
    depth = np.cumsum(np.bincount(bounds[:, 0], minlength=size + 1) - np.bincount(bounds[:, 1], minlength=size + 1))
    return np.concatenate(([0], np.cumsum(depth[:size])))


def split_sentences(
    docs: pd.DataFrame,
    paragraphs: pd.DataFrame,
    *,
    train: bool = True,
    train_chars: int = PUNKT_TRAIN_CHARS,
) -> pd.DataFrame:
    """The sentences table: every kept paragraph of every document split into sentences.

    ``is_quote`` is true when at least half of the sentence's characters lie inside a
    direct quotation (``quote_share`` gives the fraction). With ``train`` the Punkt parameters
    are first learned from the corpus's own paragraphs (offline; at most ``train_chars``
    characters, taken in document order), then the news abbreviations are added.
    """
    splitter = None
    if train and len(docs):
        splitter = make_splitter(
            train_text=punkt_training_text(docs, paragraphs, sample=PunktSample(limit=train_chars)).text
        )
    return sentences_and_tokens(docs, paragraphs, splitter=splitter, with_tokens=False)[0]


def sentences_and_tokens(
    docs: pd.DataFrame,
    paragraphs: pd.DataFrame,
    *,
    splitter: PunktSentenceTokenizer | None = None,
    with_tokens: bool = True,
    quotes: dict[str, list[tuple[int, int]]] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The sentences table and (``with_tokens``) the tokens table, tokenising each sentence once.

    ``splitter`` is a Punkt splitter (see :func:`make_splitter`; None: untrained). ``n_words``
    counts the sentence's Treebank tokens that contain a letter or digit, the same tokens the
    tokens table lists (without the tokens table, counted without tokenising where
    :func:`count_words` can). ``quotes``: a dict to fill with each document's quotation spans
    (those the sentences' ``quote_share`` is measured with; for the documents with sentences,
    what :func:`doc_quote_spans` gives), so that later stages need not find them again.
    """
    if len(docs) == 0:
        return pd.DataFrame(columns=SENTENCE_COLUMNS), (pd.DataFrame(columns=TOKEN_COLUMNS) if with_tokens else None)
    texts = dict(zip(docs["doc_id"], docs["text"]))
    sents: list[tuple] = []
    tok: dict[str, list] | None = {c: [] for c in TOKEN_COLUMNS} if with_tokens else None
    ends = paragraphs["doc_id"].ne(paragraphs["doc_id"].shift(-1)).to_numpy()
    rows = zip(
        paragraphs["doc_id"], paragraphs["para_id"], paragraphs["start"], paragraphs["end"], paragraphs["is_title"]
    )
    pending: list[tuple] = []
    for i, rec in enumerate(rows):
        pending.append(rec)
        if ends[i]:
            found = _add_document(texts[rec[0]], pending, splitter, sents, tok)
            if quotes is not None:
                quotes[rec[0]] = found
            pending = []
    cols = [list(c) for c in zip(*sents)] if sents else [[] for _ in SENTENCE_COLUMNS]
    sentences = pd.DataFrame(dict(zip(SENTENCE_COLUMNS, cols)), columns=SENTENCE_COLUMNS)
    return sentences, (pd.DataFrame(tok, columns=TOKEN_COLUMNS) if tok is not None else None)


def _add_document(
    text: str,
    paras: list[tuple],
    splitter: PunktSentenceTokenizer | None,
    out: list[tuple],
    tok: dict[str, list] | None,
) -> list[tuple[int, int]]:
    """Append one document's sentence rows to ``out`` (and, given ``tok``, its tokens to those
    columns); returns the document's quotation spans.

    ``paras`` are its (doc_id, para_id, start, end, is_title) paragraph rows, in table order.
    """
    doc_id = paras[0][0]
    sents = [
        (p_start + a, p_start + b, int(para_id), bool(is_title))
        for _, para_id, p_start, p_end, is_title in paras
        for a, b in split_spans(text[p_start:p_end], splitter=splitter)
    ]
    quotes = quote_spans(text, [(int(r[2]), int(r[3])) for r in paras])
    if quotes and sents:
        before = _quoted_before(len(text), quotes)
        bounds = np.array([(s, e) for s, e, _, _ in sents], dtype=np.int64)
        quoted = (before[bounds[:, 1]] - before[bounds[:, 0]]).tolist()
    else:
        quoted = [0] * len(sents)
    may_contract = tok is None and _may_hold_contraction(text)  # once for all its sentences
    for sent_id, ((s, e, para_id, is_title), q) in enumerate(zip(sents, quoted)):
        chunk = text[s:e]
        share = q / max(1, e - s)
        if tok is None:
            n_words = _fast_word_count(chunk, may_contract=may_contract)
            if n_words is None:
                n_words = sum(1 for ta, tb in tokenize_spans(chunk) if _HAS_ALNUM.search(chunk, ta, tb))
        else:
            spans = tokenize_spans(chunk)
            pieces = [chunk[ta:tb] for ta, tb in spans]
            n_words = len(list(filter(_HAS_ALNUM.search, pieces)))
            tok["doc_id"].extend([doc_id] * len(spans))
            tok["sent_id"].extend([sent_id] * len(spans))
            tok["tok_id"].extend(range(len(spans)))
            tok["start"].extend([s + ta for ta, _ in spans])
            tok["end"].extend([s + tb for _, tb in spans])
            tok["text"].extend(pieces)
        out.append((doc_id, sent_id, para_id, s, e, chunk, is_title, share >= 0.5, round(share, 4), n_words))
    return quotes


def tokenize_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    """The tokens table: Treebank tokens of every sentence, offsets into the document text."""
    rows: list[dict] = []
    for doc_id, sent_id, start, text in zip(
        sentences["doc_id"], sentences["sent_id"], sentences["start"], sentences["text"]
    ):
        for k, (a, b) in enumerate(tokenize_spans(text)):
            rows.append(
                {
                    "doc_id": doc_id,
                    "sent_id": sent_id,
                    "tok_id": k,
                    "start": start + a,
                    "end": start + b,
                    "text": text[a:b],
                }
            )
    return pd.DataFrame(rows, columns=TOKEN_COLUMNS)


def doc_sizes(sentences: pd.DataFrame) -> pd.DataFrame:
    """Per document: number of sentences, words and quoted sentences of its kept text."""
    return sentences.groupby("doc_id").agg(
        sentences=("sent_id", "size"), words=("n_words", "sum"), quoted_sentences=("is_quote", "sum")
    )

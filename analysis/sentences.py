"""Sentences and tokens with character offsets, offline (NLTK Punkt and the Treebank tokenizer).

Punkt is given a curated list of news abbreviations (titles, ranks, "U.N.", "U.S.", months,
single-letter initials) and a list of common sentence starters, then optionally trained on the
corpus itself; nothing is downloaded. Sentences never cross a paragraph boundary, so removed
furniture cannot glue two sentences together. Two repairs follow Punkt: a "sentence" that starts
with a lowercase letter is joined to the one before ('"Really?" he asked.'), and quotations are
found across sentence boundaries so that each sentence knows how much of it is quoted.
"""

from __future__ import annotations

from bisect import bisect_right

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd
from nltk.tokenize import NLTKWordTokenizer
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer, PunktTrainer

from .textnorm import normalize

__all__ = [
    "SENTENCE_COLUMNS",
    "TOKEN_COLUMNS",
    "NEWS_ABBREVIATIONS",
    "make_splitter",
    "PUNKT_TRAIN_CHARS",
    "PunktSample",
    "punkt_training_text",
    "sentences_and_tokens",
    "split_spans",
    "quote_spans",
    "doc_quote_spans",
    "inside_span",
    "split_sentences",
    "tokenize_spans",
    "tokenize_sentences",
    "count_words",
    "doc_sizes",
]

SENTENCE_COLUMNS = ["doc_id", "sent_id", "para_id", "start", "end", "text", "is_title", "is_quote", "quote_share", "n_words"]
TOKEN_COLUMNS = ["doc_id", "sent_id", "tok_id", "start", "end", "text"]

# Lower-case, without the final period, as Punkt stores them.
NEWS_ABBREVIATIONS: frozenset[str] = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft rev hon messrs mme mlle
    gen lt col maj capt cpt sgt cpl pvt adm cmdr cdr brig lt.gen lt.col maj.gen brig.gen gov sen rep
    pres amb sec supt insp det atty
    u.s u.n u.k u.s.a e.u u.a.e u.s.s.r n.y d.c l.a a.m p.m
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    inc corp co ltd llc plc bros dept est approx no nos vol fig vs etc al cf
    ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev okla ore pa tenn tex va vt wash wis wyo
    """.split()
) | frozenset("abcdefghijklmnopqrstuvwxyz")

_SENT_STARTERS: frozenset[str] = frozenset(
    """the a an it he she they we i this that these those there but and however in on at after
    before when while as if meanwhile also some many most according his her their its our""".split()
)


def _std_re(pattern) -> re.Pattern:
    """The standard-library compilation of one of NLTK's (ReDoS-guarded, much slower) patterns."""
    rx = getattr(pattern, "_rx", pattern)
    return re.compile(rx.pattern, rx.flags & (re.I | re.M | re.S | re.X | re.U))


class _TreebankTokenizer(NLTKWordTokenizer):
    """NLTK's Treebank word tokenizer with its patterns compiled by ``re``.

    NLTK 3.10 wraps every pattern of NLTKWordTokenizer in a time-guarded ``regex`` object, which
    made word tokenising half of the per-document cost. The patterns and the algorithm are
    NLTK's own; tests/test_sentences.py checks the tokens equal NLTK's on every NewsMTSC sentence.
    """

    STARTING_QUOTES = [(_std_re(p), r) for p, r in NLTKWordTokenizer.STARTING_QUOTES]
    ENDING_QUOTES = [(_std_re(p), r) for p, r in NLTKWordTokenizer.ENDING_QUOTES]
    PUNCTUATION = [(_std_re(p), r) for p, r in NLTKWordTokenizer.PUNCTUATION]
    PARENS_BRACKETS = (_std_re(NLTKWordTokenizer.PARENS_BRACKETS[0]), NLTKWordTokenizer.PARENS_BRACKETS[1])
    CONVERT_PARENTHESES = [(_std_re(p), r) for p, r in NLTKWordTokenizer.CONVERT_PARENTHESES]
    DOUBLE_DASHES = (_std_re(NLTKWordTokenizer.DOUBLE_DASHES[0]), NLTKWordTokenizer.DOUBLE_DASHES[1])
    CONTRACTIONS2 = [_std_re(p) for p in NLTKWordTokenizer.CONTRACTIONS2]
    CONTRACTIONS3 = [_std_re(p) for p in NLTKWordTokenizer.CONTRACTIONS3]


_WORD_TOKENIZER = _TreebankTokenizer()
_HAS_ALNUM = re.compile(r"\w")
# A "sentence" that is nothing but abbreviations or initials ("U.N.", "Lt. Gen.", "J. R.") never
# ends a sentence: it belongs to what follows.
_ABBREV_ONLY = re.compile(r"^\s*(?:(?:[A-Za-z]\.)+|(?:" + "|".join(
    sorted((re.escape(a) for a in NEWS_ABBREVIATIONS if len(a) > 1), key=len, reverse=True)
) + r")\.)(?:\s+(?:(?:[A-Za-z]\.)+|[A-Z][a-z]{0,4}\.))*\s*$", re.I)


def make_splitter(*, train_text: str | None = None) -> PunktSentenceTokenizer:
    """A Punkt splitter with the news abbreviations, optionally trained on ``train_text`` first."""
    if train_text:
        trainer = PunktTrainer()
        trainer.INCLUDE_ALL_COLLOCS = False
        trainer.train(train_text, finalize=True)
        params = trainer.get_params()
    else:
        params = PunktParameters()
    params.abbrev_types.update(NEWS_ABBREVIATIONS)
    params.sent_starters.update(_SENT_STARTERS)
    return PunktSentenceTokenizer(params)


PUNKT_TRAIN_CHARS = 300_000


@dataclass
class PunktSample:
    """The text Punkt learns from: the corpus's first kept paragraphs, up to ``limit`` characters."""

    limit: int = PUNKT_TRAIN_CHARS
    parts: list[str] = field(default_factory=list)
    size: int = 0

    @property
    def full(self) -> bool:
        """True once the sample holds ``limit`` characters."""
        return self.size >= self.limit

    @property
    def text(self) -> str:
        """The sample as one text, paragraphs separated by blank lines."""
        return "\n\n".join(self.parts)


def punkt_training_text(docs: pd.DataFrame, paragraphs: pd.DataFrame, *, sample: PunktSample | None = None) -> PunktSample:
    """Add these documents' paragraphs, in document order, to the Punkt sample until it is full.

    Fed batch after batch it gives exactly the sample of the whole corpus in one piece, so the
    splitter (and every sentence boundary) does not depend on the batch size.
    """
    sample = sample if sample is not None else PunktSample()
    texts = dict(zip(docs["doc_id"], docs["text"]))
    for d, s, e in zip(paragraphs["doc_id"], paragraphs["start"], paragraphs["end"]):
        if sample.full:
            break
        sample.parts.append(texts[d][s:e])
        sample.size += e - s + 2
    return sample


@lru_cache(maxsize=1)
def _default_splitter() -> PunktSentenceTokenizer:
    """The untrained splitter, built once."""
    return make_splitter()


def split_spans(text: str, *, splitter: PunktSentenceTokenizer | None = None) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of one paragraph of text.

    Punkt runs on the typography-normalised copy (curly quotes become straight quotes, which Punkt
    knows); spans map back to the original. A piece starting with a lowercase letter, or made
    only of closing punctuation, is joined to the previous sentence.
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
            or _ABBREV_ONLY.match(norm.text[spans[-1][0]:spans[-1][1]])
        ):
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    return [norm.to_original(a, b) for a, b in spans]


_QUOTE_CHARS = {'"', "\u201c", "\u201d", "\u201e", "\u201f", "\u00ab", "\u00bb"}


def quote_spans(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of direct quotation in a text, the quote marks included.

    Curly quotes say which way they face; straight quotes alternate. A quote left open at the end
    of a paragraph runs to the end of that paragraph (news style continues a multi-paragraph quote
    by opening the next paragraph with a quote mark, which starts a new span).
    """
    spans: list[tuple[int, int]] = []
    for p_start, p_end in paragraphs:
        open_at: int | None = None
        for i in range(p_start, p_end):
            ch = text[i]
            if ch not in _QUOTE_CHARS:
                continue
            if ch in ("\u201c", "\u201e", "\u00ab"):
                opening = True
            elif ch in ("\u201d", "\u201f", "\u00bb"):
                opening = False
            else:
                opening = open_at is None
            if opening and open_at is None:
                open_at = i
            elif not opening and open_at is not None:
                spans.append((open_at, i + 1))
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


def _overlap(a: int, b: int, spans: Iterable[tuple[int, int]]) -> int:
    """Number of characters of [a, b) covered by the spans."""
    return sum(max(0, min(b, e) - max(a, s)) for s, e in spans)


def count_words(text: str) -> int:
    """Words in a text: Treebank tokens that contain a letter or digit."""
    return sum(1 for tok in _WORD_TOKENIZER.tokenize(text) if _HAS_ALNUM.search(tok))


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
        splitter = make_splitter(train_text=punkt_training_text(docs, paragraphs, sample=PunktSample(limit=train_chars)).text)
    return sentences_and_tokens(docs, paragraphs, splitter=splitter, with_tokens=False)[0]


def sentences_and_tokens(
    docs: pd.DataFrame,
    paragraphs: pd.DataFrame,
    *,
    splitter: PunktSentenceTokenizer | None = None,
    with_tokens: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The sentences table and (``with_tokens``) the tokens table, tokenising each sentence once.

    ``splitter`` is a Punkt splitter (see :func:`make_splitter`; None: untrained). ``n_words``
    counts the sentence's Treebank tokens that contain a letter or digit, the same tokens the
    tokens table lists.
    """
    if len(docs) == 0:
        return pd.DataFrame(columns=SENTENCE_COLUMNS), (pd.DataFrame(columns=TOKEN_COLUMNS) if with_tokens else None)
    texts = dict(zip(docs["doc_id"], docs["text"]))
    cols: dict[str, list] = {c: [] for c in SENTENCE_COLUMNS}
    tok: dict[str, list] = {c: [] for c in TOKEN_COLUMNS}
    ends = paragraphs["doc_id"].ne(paragraphs["doc_id"].shift(-1)).to_numpy()
    para_spans: list[tuple[int, int]] = []
    rows = zip(paragraphs["doc_id"], paragraphs["para_id"], paragraphs["start"], paragraphs["end"], paragraphs["is_title"])
    pending: list[tuple] = []
    for i, rec in enumerate(rows):
        pending.append(rec)
        if not ends[i]:
            continue
        doc_id = rec[0]
        text = texts[doc_id]
        para_spans = [(int(r[2]), int(r[3])) for r in pending]
        quotes = quote_spans(text, para_spans)
        sent_id = 0
        for _, para_id, p_start, p_end, is_title in pending:
            for a, b in split_spans(text[p_start:p_end], splitter=splitter):
                s, e = p_start + a, p_start + b
                chunk = text[s:e]
                share = _overlap(s, e, quotes) / max(1, e - s)
                spans = tokenize_spans(chunk)
                n_words = 0
                for k, (ta, tb) in enumerate(spans):
                    piece = chunk[ta:tb]
                    if _HAS_ALNUM.search(piece):
                        n_words += 1
                    if with_tokens:
                        tok["doc_id"].append(doc_id)
                        tok["sent_id"].append(sent_id)
                        tok["tok_id"].append(k)
                        tok["start"].append(s + ta)
                        tok["end"].append(s + tb)
                        tok["text"].append(piece)
                for c, v in zip(SENTENCE_COLUMNS, (doc_id, sent_id, int(para_id), s, e, chunk, bool(is_title),
                                                   share >= 0.5, round(share, 4), n_words)):
                    cols[c].append(v)
                sent_id += 1
        pending = []
    sentences = pd.DataFrame(cols, columns=SENTENCE_COLUMNS)
    return sentences, (pd.DataFrame(tok, columns=TOKEN_COLUMNS) if with_tokens else None)


def tokenize_spans(text: str) -> list[tuple[int, int]]:
    """Treebank (NLTKWordTokenizer) token spans of a text."""
    return list(_WORD_TOKENIZER.span_tokenize(text))


def tokenize_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    """The tokens table: Treebank tokens of every sentence, offsets into the document text."""
    rows: list[dict] = []
    for doc_id, sent_id, start, text in zip(sentences["doc_id"], sentences["sent_id"], sentences["start"], sentences["text"]):
        for k, (a, b) in enumerate(tokenize_spans(text)):
            rows.append({"doc_id": doc_id, "sent_id": sent_id, "tok_id": k, "start": start + a, "end": start + b, "text": text[a:b]})
    return pd.DataFrame(rows, columns=TOKEN_COLUMNS)


def doc_sizes(sentences: pd.DataFrame) -> pd.DataFrame:
    """Per document: number of sentences, words and quoted sentences of its kept text."""
    return sentences.groupby("doc_id").agg(sentences=("sent_id", "size"), words=("n_words", "sum"),
                                           quoted_sentences=("is_quote", "sum"))

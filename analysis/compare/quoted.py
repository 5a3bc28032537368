"""Which words of a sentence lie inside quotation marks, and whether two copied sentences are the
same quotation carried by two documents rather than one copying the other's prose.

A copied pair whose shared words lie, for the most part, inside quotation marks in one of the two
sentences or both is the same quotation (:func:`same_quotation`): one outlet may run it without
marks (an embedded tweet, a transcript). Chosen on the dev half of a hand-coded gold set
(tests/gold/reuse_quotes/, ``bench/reuse_quotes.py``): requiring the marks in both sentences found
71% of the shared quotations, in either 98%.
"""

from __future__ import annotations

import re
from typing import Protocol

import numpy as np
import pandas as pd

from analysis.text.sentences import QUOTE_MARK, quote_spans

__all__ = [
    "SAME_QUOTE_ATTRIBUTION",
    "SAME_QUOTE_SHARE",
    "copied_rows",
    "covered_positions",
    "quote_shares",
    "quoted_share",
    "quoted_spans",
    "same_quotation",
    "same_quote_rows",
    "sentence_quote_share",
]

# a copied pair whose shared words are at least this share quoted (in either) is the same quotation
# carried by two documents, not copied prose; so is one at least half quoted whose unquoted shared
# words are no more than an attribution ("the governor said on Tuesday")
SAME_QUOTE_SHARE = 0.75
SAME_QUOTE_ATTRIBUTION = (0.5, 6)


def same_quotation(quoted_share: np.ndarray | float, n_shared: np.ndarray | int) -> np.ndarray:
    """Whether copied pairs are the same quotation carried by both (see SAME_QUOTE_SHARE):
    ``quoted_share`` of their ``n_shared`` shared words lie inside quotation marks (in either)."""
    q, n = np.asarray(quoted_share, dtype=float), np.asarray(n_shared, dtype=float)
    floor, words = SAME_QUOTE_ATTRIBUTION
    return (q >= SAME_QUOTE_SHARE) | ((q >= floor) & (np.rint(n * (1 - q)) <= words))


class Tokens(Protocol):
    """What :func:`quoted_share` reads of a sentence's tokens (:class:`analysis.compare.reuse.SentTokens`)."""

    @property
    def toks(self) -> tuple[str, ...]: ...

    @property
    def trigrams(self) -> frozenset[tuple[str, ...]]: ...

    @property
    def quoted(self) -> tuple[bool, ...]: ...


def quoted_spans(text: str, quote_share: float | None = None) -> list[tuple[int, int]]:
    """Spans of ``text`` (one sentence) inside quotation marks, the marks included.

    A sentence can begin inside a quotation opened in an earlier sentence; its recorded
    ``quote_share`` (the sentences table's share of its characters inside the document's quotation
    spans) decides: the spans found with the sentence starting outside a quotation, or starting
    inside one, whichever covers a share closer to it (outside on a tie, or without a share).
    A sentence that starts with a quotation mark starts outside; one whose first mark is a
    closing curly quote, or whose only straight quote mark ends it, starts inside (the quotation
    may have opened paragraphs before, where the sentences table does not see it).
    """
    closed = quote_spans(text, [(0, len(text))])
    if not text or QUOTE_MARK.match(text.lstrip()):
        return closed
    opened = [(max(a - 1, 0), b - 1) for a, b in quote_spans('"' + text, [(0, len(text) + 1)])]
    if _closes_first(text):
        return opened
    if quote_share is None or pd.isna(quote_share):
        return closed

    def share(spans: list[tuple[int, int]]) -> float:
        return sum(b - a for a, b in spans) / len(text)

    return opened if abs(share(opened) - quote_share) < abs(share(closed) - quote_share) else closed


def sentence_quote_share(text: str, quote_share: float | None = None) -> float:
    """Share of a sentence's characters inside quotation marks, as :func:`quoted_spans` finds them
    (what reuse at scale compares, where the words of two sentences are not aligned)."""
    return sum(b - a for a, b in quoted_spans(text, quote_share)) / len(text) if text else 0.0


def quote_shares(sentences: pd.DataFrame) -> np.ndarray:
    """:func:`sentence_quote_share` of every row of a sentences table, in whole percent (uint8: a
    byte a sentence where reuse at scale holds every sentence's keys); its ``quote_share`` column
    decides where a sentence starts, when present."""
    if "quote_share" in sentences:
        shares = pd.to_numeric(sentences["quote_share"], errors="coerce").fillna(0.0).to_numpy(dtype=float)
    else:
        shares = np.zeros(len(sentences))
    # without a mark a sentence lies wholly inside a quotation or wholly outside (see quoted_spans)
    out = np.where(shares > 0.5, 100, 0).astype(np.uint8)
    texts = sentences["text"].astype(str)
    marked: np.ndarray | list[int] = (
        np.flatnonzero(texts.str.contains(QUOTE_MARK).to_numpy(dtype=bool)) if len(texts) else []
    )
    column = texts.to_numpy()
    for i in marked:
        out[i] = round(100 * sentence_quote_share(column[i], shares[i] if "quote_share" in sentences else None))
    return out


def _closes_first(text: str) -> bool:
    """Whether the first quotation mark of ``text`` closes a quotation: a closing curly quote, or
    a lone straight quote with nothing but punctuation after it."""
    marks = QUOTE_MARK.findall(text)
    if not marks:
        return False
    if marks[0] in _CLOSERS:
        return True
    first = QUOTE_MARK.search(text)
    return (
        len(marks) == 1 and marks[0] in ('"', "''") and first is not None and not _WORD_AFTER.search(text, first.end())
    )


_CLOSERS = frozenset("\u201d\u201f\u00bb")
_WORD_AFTER = re.compile(r"\w")


def quoted_share(a: Tokens, b: Tokens, matching: list) -> tuple[float, int]:
    """How much of what two sentences share is quoted: the larger of the two sentences' shares of
    their shared words inside quotation marks, and how many words they share (the larger count).

    A word is shared when it is part of a word trigram both sentences contain, in any order (a
    quotation and a shared clause after it in one sentence and before it in the other both
    count); sentences that share no trigram fall back on difflib's matching runs.
    """
    common = a.trigrams & b.trigrams
    if common:
        marks = [covered_positions(s.toks, common) for s in (a, b)]
    else:
        marks = [{blk.a + k for blk in matching for k in range(blk.size)}]
        marks.append({blk.b + k for blk in matching for k in range(blk.size)})
    n_shared = max(len(m) for m in marks)
    if not n_shared or not a.quoted or not b.quoted:
        return 0.0, n_shared
    shares = [sum(s.quoted[i] for i in m) / len(m) if m else 0.0 for s, m in zip((a, b), marks)]
    return max(shares), n_shared


def covered_positions(toks: tuple[str, ...], trigrams: frozenset[tuple[str, ...]]) -> set[int]:
    """Positions of ``toks`` inside any of ``trigrams``."""
    out: set[int] = set()
    for i in range(len(toks) - 2):
        if toks[i : i + 3] in trigrams:
            out.update((i, i + 1, i + 2))
    return out


def same_quote_rows(align: pd.DataFrame) -> np.ndarray:
    """``same_quote`` as booleans (missing: False, for alignments written before the column)."""
    if "same_quote" not in align:
        return np.zeros(len(align), dtype=bool)
    return align["same_quote"].fillna(False).astype(bool).to_numpy()


def copied_rows(align: pd.DataFrame) -> np.ndarray:
    """Which alignment rows are copied prose: verbatim or near-verbatim, and not only the same
    quotation carried by both (``same_quote``)."""
    return align["relation"].isin(("verbatim", "near-verbatim")).to_numpy() & ~same_quote_rows(align)

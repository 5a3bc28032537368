"""Where the cross-document step reads the per-document tables from and where it writes what it
computes: in memory (:class:`MemorySource`, :class:`MemorySink`, the in-memory pipeline) or on
disk (:class:`analysis.run.partitions.PartitionSource`, :class:`analysis.run.partitions.PartitionSink`,
the batched run), behind one interface."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.compare.lsh import (
    ArrayKeys,
    KeyStore,
    band_keys,
)
from analysis.compare.minhash import sentence_signatures
from analysis.compare.quoted import quote_shares


@dataclass
class SentenceKeys:
    """What reuse at scale needs of every sentence, in corpus order: document position, sent_id,
    token count, token-sequence hash, the MinHash band keys (:mod:`analysis.compare.lsh`) and the
    share of the sentence inside quotation marks in whole percent (:func:`quote_shares`)."""

    doc: np.ndarray
    sent: np.ndarray
    lens: np.ndarray
    seq: np.ndarray
    keys: KeyStore
    quote: np.ndarray


def sentence_keys(sentences: pd.DataFrame, docs: pd.DataFrame, signatures: tuple | None = None) -> SentenceKeys:
    """The sentence keys of in-memory tables (signatures computed here unless given)."""
    sig, seq, lens = signatures if signatures is not None else sentence_signatures(sentences["text"])
    pos = pd.Series(np.arange(len(docs)), index=docs["doc_id"].to_numpy())
    return SentenceKeys(
        doc=pos.reindex(sentences["doc_id"].to_numpy()).to_numpy(dtype=np.int64),
        sent=sentences["sent_id"].to_numpy(dtype=np.int64),
        lens=np.asarray(lens, dtype=np.int64),
        seq=np.asarray(seq, dtype=np.int64),
        keys=ArrayKeys(band_keys(sig)),
        quote=quote_shares(sentences),
    )


class Source:
    """The per-document tables of a run, as the cross-document step reads them."""

    def docs(self) -> pd.DataFrame:
        """docs without the text column, corpus order."""
        raise NotImplementedError

    def table(self, name: str, columns: list[str] | None = None) -> pd.DataFrame | None:
        """A whole per-document table (None when the run did not make it)."""
        raise NotImplementedError

    def table_parts(self, name: str, *, per: int = 1) -> Iterator[pd.DataFrame]:
        """A per-document table in parts (of up to ``per`` batches each) that concatenate to
        :meth:`table` (nothing when the run did not make it)."""
        frame = self.table(name)
        if frame is not None:
            yield frame

    def doc_counts(self) -> Iterable[tuple]:
        """Per batch, in batch order, the documents' term counts keyed by term (see
        :func:`analysis.compare.terms.keyed_counts`); can be iterated more than once."""
        raise NotImplementedError

    def group_counts(self) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
        """Per batch, its term counts per outlet (group, term, count) and per actor and outlet
        (actor, group, term, count)."""
        raise NotImplementedError

    def sentence_keys(self) -> SentenceKeys:
        """Keys of every sentence (see :class:`SentenceKeys`)."""
        raise NotImplementedError

    def ranges(self) -> list[tuple[int, int]]:
        """Consecutive ranges of document positions (first, end) that cover the corpus in order."""
        raise NotImplementedError

    def sentence_chunks(self) -> Iterator[tuple[int, int, pd.DataFrame]]:
        """Per range of :meth:`ranges`: (first, end, the sentences of those documents with
        doc_id, sent_id and n_words)."""
        raise NotImplementedError


class MemorySource(Source):
    """Per-document tables held in memory (one chunk: the whole corpus)."""

    def __init__(self, tables: dict[str, pd.DataFrame], term_partials: list, signatures: tuple | None = None):
        self.tables, self.partials, self.signatures = tables, term_partials, signatures

    def docs(self) -> pd.DataFrame:
        return self.tables["docs"].drop(columns=["text"], errors="ignore")

    def table(self, name: str, columns: list[str] | None = None) -> pd.DataFrame | None:
        frame = self.tables.get(name)
        return frame if frame is None or columns is None else frame[columns]

    def doc_counts(self) -> Iterable[tuple]:
        return [p.doc_counts for p in self.partials]

    def group_counts(self) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
        return ((p.outlet_counts, p.actor_counts) for p in self.partials)

    def sentence_keys(self) -> SentenceKeys:
        return sentence_keys(self.tables["sentences"], self.tables["docs"], self.signatures)

    def ranges(self) -> list[tuple[int, int]]:
        return [(0, len(self.tables["docs"]))]

    def sentence_chunks(self) -> Iterator[tuple[int, int, pd.DataFrame]]:
        yield 0, len(self.tables["docs"]), self.tables["sentences"][["doc_id", "sent_id", "n_words"]]


class Sink:
    """Receives the chunked tables (:data:`CHUNKED_TABLES`) a document range at a time, in order."""

    def add(self, name: str, frame: pd.DataFrame) -> None:
        raise NotImplementedError

    def whole(self, name: str) -> pd.DataFrame:
        """A chunked table read back whole (for the steps that need it on small corpora)."""
        raise NotImplementedError


class MemorySink(Sink):
    """Concatenates the chunks in memory."""

    def __init__(self) -> None:
        self.parts: dict[str, list[pd.DataFrame]] = {}

    def add(self, name: str, frame: pd.DataFrame) -> None:
        self.parts.setdefault(name, []).append(frame)

    def whole(self, name: str) -> pd.DataFrame:
        parts = [p for p in self.parts.get(name, []) if len(p)] or self.parts.get(name, [])[:1]
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every chunked table, concatenated."""
        return {name: self.whole(name) for name in self.parts}

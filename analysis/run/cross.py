"""Everything that spans documents, computed once for the in-memory and the batched run.

The per-document tables of a run are either in memory (:class:`MemorySource`, the in-memory
pipeline) or in Parquet partitions on disk (:class:`analysis.run.batch.PartitionSource`); the
cross-document tables are computed from either by the same function, :func:`cross_tables`, so
the two paths cannot drift apart. What can be large (the similarity pairs, the reuse alignment
and the reuse matrix grow with the corpus) is computed a range of documents at a time and handed
to a :class:`Sink` in corpus order: in memory the chunks are concatenated, on disk they are
appended to one Parquet file, so the corpus-wide tables never need to fit in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from analysis.compare.distinctive import fightin_words
from analysis.framing.labels import distinctive_labels, label_counts
from analysis.compare.lsh import ArrayKeys, KeyStore, LinkIndex, band_keys, copy_links, link_rows
from analysis.run.memory import release_memory
from analysis.compare.neighbors import AnnSettings, document_neighbours, neighbour_rows
from analysis.framing.omission import claim_items, omission_table
from analysis.framing.quotes import reporting_verbs, speaker_topics, voice_shares
from analysis.compare.reuse import EDIT_COLUMNS, align_sentences, reuse_edits, reuse_matrix, reuse_summary, sentence_signatures
from analysis.framing.roles import role_counts, role_verbs
from analysis.mentions.salience import outlet_salience
from analysis.compare.similarity import similarity_table
from analysis.compare.terms import DocumentFrequencies, TfidfSettings, tfidf_from_counts
from analysis.stance.evidence import merge_evidence
from analysis.stance.aggregate import aggregate_stances

__all__ = [
    "EVIDENCE_FOLD", "EXHAUSTIVE_REUSE_MAX_DOCS", "ALL_PAIRS_MAX_DOCS", "FULL_DISTINCTIVE_MAX_GROUPS", "DISTINCTIVE_TOP",
    "CHUNKED_TABLES", "SentenceKeys", "Source", "MemorySource", "Sink", "MemorySink", "cross_tables",
    "sentence_keys",
]

EVIDENCE_FOLD = 64  # batches of evidence candidates read together and merged into the running best
EXHAUSTIVE_REUSE_MAX_DOCS = 50
ALL_PAIRS_MAX_DOCS = 300
FULL_DISTINCTIVE_MAX_GROUPS = 20
DISTINCTIVE_TOP = 100
CHUNKED_TABLES = ("similarity", "reuse_alignment", "reuse_matrix")
_MATRIX_COLUMNS = ["doc_a", "doc_b", "outlet_a", "outlet_b", "share", "n_sentences"]


@dataclass
class SentenceKeys:
    """What reuse at scale needs of every sentence, in corpus order: document position, sent_id,
    token count, token-sequence hash and the MinHash band keys (:mod:`analysis.compare.lsh`)."""

    doc: np.ndarray
    sent: np.ndarray
    lens: np.ndarray
    seq: np.ndarray
    keys: KeyStore


def sentence_keys(sentences: pd.DataFrame, docs: pd.DataFrame, signatures: tuple | None = None) -> SentenceKeys:
    """The sentence keys of in-memory tables (signatures computed here unless given)."""
    sig, seq, lens = signatures if signatures is not None else sentence_signatures(sentences["text"])
    pos = pd.Series(np.arange(len(docs)), index=docs["doc_id"].to_numpy())
    return SentenceKeys(doc=pos.reindex(sentences["doc_id"].to_numpy()).to_numpy(dtype=np.int64),
                        sent=sentences["sent_id"].to_numpy(dtype=np.int64), lens=np.asarray(lens, dtype=np.int64),
                        seq=np.asarray(seq, dtype=np.int64), keys=ArrayKeys(band_keys(sig)))


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


class Codes(dict):
    """Integer codes of distinct values (value -> code), with the codes of the last categories
    looked up (see :meth:`GroupCounts._encode`)."""

    last: tuple[pd.Index, np.ndarray] | None = None


class GroupCounts:
    """Term counts per group (e.g. outlet, or actor and outlet) summed over batches in bounded memory.

    Each distinct tuple of label values (the group) and each term get an integer code as they
    arrive; the rows wait as (group, term, count) codes and are summed into a sparse groups ×
    terms matrix (a sort-free sum of duplicates) whenever more rows are waiting than a few million
    and the distinct pairs so far, so memory follows the distinct (group, term) pairs, not
    the batches.
    """

    def __init__(self, columns: list[str], *, fold_every: int = 4_000_000, terms: Codes | None = None):
        self.columns, self.fold_every = columns, fold_every
        self.codes: list[Codes] = [Codes() for _ in columns]
        self.groups: dict[tuple[int, ...], int] = {}
        self.terms = Codes() if terms is None else terms  # shared: the terms are looked up once for both counts
        self.summed = sp.csr_matrix((0, 0), dtype=np.int64)
        self.waiting: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.n_waiting = 0
        self.seen: dict[int, tuple[int, int]] = {}  # group code -> (order, row) where it first appears
        self.n_added = 0

    @staticmethod
    def _encode(values: pd.Series, codes: Codes) -> np.ndarray:
        """Integer codes of ``values`` (new values get the next codes), looked up once per distinct
        value; for categorical values once per category, and not again for the next values with
        the same categories object (a batch's outlet and actor counts share their terms)."""
        if isinstance(values.dtype, pd.CategoricalDtype):
            local, categories = values.cat.codes.to_numpy(), values.cat.categories
            if codes.last is not None and codes.last[0] is categories:
                return codes.last[1][local]
            found = GroupCounts._lookup(categories.tolist(), codes)
            codes.last = (categories, found)
            return found[local]
        local, uniques = pd.factorize(values)
        return GroupCounts._lookup(uniques.tolist(), codes)[local]

    @staticmethod
    def _lookup(distinct: list, codes: Codes) -> np.ndarray:
        """The codes of distinct values, new ones numbered on."""
        get = codes.get
        found = np.fromiter([get(u, -1) for u in distinct], dtype=np.int64, count=len(distinct))
        for i in np.flatnonzero(found < 0).tolist():
            found[i] = codes[distinct[i]] = len(codes)
        return found

    def _group_codes(self, frame: pd.DataFrame, order: int) -> np.ndarray:
        """One code per row for its tuple of label values (noting where each tuple first appears)."""
        if not self.columns:
            self.groups.setdefault((), 0)
            self.seen[0] = min(self.seen.get(0, (order, 0)), (order, 0))
            return np.zeros(len(frame), dtype=np.int64)
        labels = np.stack([self._encode(frame[col], codes) for col, codes in zip(self.columns, self.codes)], axis=1)
        packed = labels[:, 0].copy()
        for i in range(1, labels.shape[1]):  # a mixed-radix number per row (the label counts so far)
            packed = packed * (len(self.codes[i]) + 1) + labels[:, i]
        local = pd.factorize(packed)[0]
        first = np.unique(local, return_index=True)[1]  # one row per distinct tuple, in code order
        ids = [self.groups.setdefault(tuple(row), len(self.groups)) for row in labels[first].tolist()]
        seen = self.seen
        for gid, row in zip(ids, first.tolist()):
            seen[gid] = min(seen.get(gid, (order, row)), (order, row))
        return np.asarray(ids, dtype=np.int64)[local]

    def add(self, frame: pd.DataFrame, *, order: int | None = None) -> None:
        """Add one batch's (columns..., term, count) rows.

        ``order``: the batch's place in the corpus (default: the number of adds so far). Batches
        may arrive in any order: :meth:`frame` lists the groups in the order of their first row
        in batch order, as if the batches had been added in that order.
        """
        order = self.n_added if order is None else order
        self.n_added += 1
        if len(frame) == 0:
            return
        self.waiting.append((self._group_codes(frame, order), self._encode(frame["term"], self.terms),
                             frame["count"].to_numpy(dtype=np.int64)))
        self.n_waiting += len(frame)
        if self.n_waiting > max(self.fold_every, self.summed.nnz):  # amortised: a fold costs < 2 x the rows waiting
            self._fold()

    def _fold(self) -> None:
        """Sum the waiting rows into the groups × terms matrix: the rows summed into a matrix of
        their own, then added to the sums (a merge of two sorted matrices; the sums are not
        unpacked and sorted again)."""
        shape = (len(self.groups), len(self.terms))
        if self.waiting:
            rows, cols, data = (np.concatenate([p[i] for p in self.waiting]) for i in range(3))
            new = sp.coo_matrix((data, (rows, cols)), shape=shape).tocsr()
            new.sum_duplicates()  # also sorts the terms within each group
        else:
            new = sp.csr_matrix(shape, dtype=np.int64)
        old = self.summed
        old.resize(shape)  # groups and terms seen since the last fold
        self.summed = old + new if old.nnz else new
        self.summed.sort_indices()
        self.waiting, self.n_waiting = [], 0

    def frame(self) -> pd.DataFrame:
        """The summed counts: one row per (columns..., term), columns + ["term", "count"]; groups in
        the order they first appear in batch order, terms by code within each (the order they
        arrived in: it depends on the order the batches were added)."""
        self._fold()
        M = self.summed
        table = np.zeros((len(self.groups), len(self.columns)), dtype=np.int64)
        if self.groups:
            table[list(self.groups.values())] = list(self.groups.keys())
        by_first = sorted(range(M.shape[0]), key=self.seen.__getitem__)
        if by_first != list(range(M.shape[0])):
            M, table = M[by_first], table[by_first]
        group = np.repeat(np.arange(M.shape[0]), np.diff(M.indptr))
        out = {}
        for i, (col, codes) in enumerate(zip(self.columns, self.codes)):
            labels = np.empty(len(codes), dtype=object)
            labels[list(codes.values())] = list(codes.keys())
            out[col] = labels[table[group, i]] if len(codes) else np.empty(0, dtype=object)
        terms = np.empty(len(self.terms), dtype=object)
        terms[list(self.terms.values())] = list(self.terms.keys())
        out["term"] = terms[M.indices]
        out["count"] = M.data.astype(np.int64)
        return pd.DataFrame(out, columns=self.columns + ["term", "count"])


def _distinctive(outlet_counts: pd.DataFrame, actor_counts: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Fightin' Words per outlet, overall and within each actor's sentences."""
    n_groups = outlet_counts["group"].nunique() if len(outlet_counts) else 0
    top = None if n_groups <= FULL_DISTINCTIVE_MAX_GROUPS else DISTINCTIVE_TOP
    fw = fightin_words(outlet_counts, top=top)
    per_actor = [fightin_words(grp[["group", "term", "count"]], top=top).assign(actor=actor)
                 for actor, grp in (actor_counts.groupby("actor", sort=False) if len(actor_counts) else [])]
    fw_actor = pd.concat(per_actor, ignore_index=True) if per_actor else pd.DataFrame(columns=list(fw.columns) + ["actor"])
    return {"distinctive_words": fw,
            "distinctive_words_actor": fw_actor[["actor"] + [c for c in fw_actor.columns if c != "actor"]]}


def _similarity(doc_counts: Iterable[tuple], docs: pd.DataFrame, chunks: list[tuple[int, int]], sink: Sink, *,
                tfidf: TfidfSettings, top_k: int, threads: int | None = None,
                frequencies: DocumentFrequencies | None = None) -> None:
    """TF-IDF cosine pairs: every ordered pair up to ALL_PAIRS_MAX_DOCS documents, else each
    document's top_k neighbours (exact, or approximate above the neighbour module's limit).
    ``frequencies``: the document frequencies of ``doc_counts``, when summed already."""
    X, _ = tfidf_from_counts(doc_counts, settings=tfidf, frequencies=frequencies.result() if frequencies else None)
    if len(docs) <= ALL_PAIRS_MAX_DOCS:
        sink.add("similarity", similarity_table(X, docs, k=None))
        return
    idx, val = document_neighbours(X, k=top_k, settings=AnnSettings(threads=threads))
    del X
    for lo, hi in chunks:
        sink.add("similarity", neighbour_rows(idx, val, docs, lo=lo, hi=hi))


def _reuse(src: Source, docs: pd.DataFrame, sink: Sink) -> tuple[pd.DataFrame, pd.DataFrame]:
    """reuse_alignment and reuse_matrix (to the sink), reuse_summary and reuse_edits (returned)."""
    if len(docs) <= EXHAUSTIVE_REUSE_MAX_DOCS:  # every pair compared: small corpora, texts in memory
        sentences, mentions = src.table("sentences"), src.table("mentions")
        align = align_sentences(sentences, docs, exhaustive=True)
        sink.add("reuse_alignment", align)
        sink.add("reuse_matrix", reuse_matrix(align, sentences, docs))
        return reuse_summary(align, sentences, docs), reuse_edits(align, sentences, mentions)
    keys = src.sentence_keys()
    index = LinkIndex.of(copy_links(keys.keys, keys.doc, keys.seq, keys.lens), keys.doc)
    summaries = []
    position = pd.Index(docs["doc_id"])
    for lo, hi, sentences in src.sentence_chunks():
        align = link_rows(None, keys.doc, keys.sent, keys.lens, docs, lo=lo, hi=hi, index=index)
        sink.add("reuse_alignment", align)
        # only the documents the range's rows name (in corpus order): no corpus-wide lookups per range
        near = docs.iloc[np.union1d(np.arange(lo, hi), position.get_indexer(pd.unique(align["doc_b"])))] if len(align) \
            else docs.iloc[lo:hi]
        sink.add("reuse_matrix", reuse_matrix(align, sentences, near))
        summaries.append(reuse_summary(align, sentences, near))
    summary = pd.concat([s for s in summaries if len(s)] or summaries[:1], ignore_index=True)
    # at scale only verbatim copies (0 edits) and MinHash estimates: no word-level edits to list
    return summary, pd.DataFrame(columns=EDIT_COLUMNS)


def _framing(src: Source, docs: pd.DataFrame, sink: Sink, similarity: bool) -> dict[str, pd.DataFrame]:
    """The framing summaries (labels, voice, reporting verbs, speakers' topics, roles, omission)."""
    labels, quotes, roles = src.table("labels"), src.table("quotes"), src.table("roles")
    sentences, mentions = src.table("sentences"), src.table("mentions")
    out = {
        "label_counts": label_counts(labels, docs), "labels_distinctive": distinctive_labels(labels, docs),
        "voice": voice_shares(quotes, docs, sentences), "reporting_verbs": reporting_verbs(quotes, docs),
        "speaker_topics": speaker_topics(quotes, mentions, docs),
        "role_counts": role_counts(roles, docs), "role_verbs": role_verbs(roles, docs),
    }
    items = src.table("omission_items")
    if similarity:
        items = pd.concat([items, claim_items(sink.whole("reuse_alignment"), sentences)], ignore_index=True)
    out["omission"] = omission_table(items, docs)
    return out


def _evidence(parts: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """:func:`merge_evidence` of every part, each part folded into the strongest so far as it
    comes: the candidates of a million documents never sit in memory together. The same table
    as one merge: the running best keeps corpus order among the rows that compete (same outlet,
    actor and direction), so ties still go to the earlier sentence."""
    best: list[pd.DataFrame] = []
    for part in parts:
        best = [merge_evidence(best + [part])]
    return merge_evidence(best)


def _stance_tables(src: Source, docs: pd.DataFrame, n_boot: int) -> dict[str, pd.DataFrame]:
    """stance_outlet and stance_evidence (nothing when the run scored no stances)."""
    stances = src.table("stances", ["doc_id", "actor", "voice", "score", "label", "method"])
    if stances is None:
        return {}
    outlet = aggregate_stances(stances, docs, n_boot=n_boot)
    del stances
    return {"stance_outlet": outlet, "stance_evidence": _evidence(src.table_parts("stance_evidence", per=EVIDENCE_FOLD))}


class DistinctiveCounts:
    """The batches' outlet and actor × outlet term counts, summed as they come (in any order: a
    batched run adds each batch as its worker finishes it), and Fightin' Words on the sums."""

    def __init__(self) -> None:
        terms = Codes()
        self.outlet, self.actor = GroupCounts(["group"], terms=terms), GroupCounts(["actor", "group"], terms=terms)

    def add(self, outlet_part: pd.DataFrame, actor_part: pd.DataFrame, *, batch: int) -> None:
        """Add batch number ``batch``'s counts per outlet and per actor and outlet."""
        self.outlet.add(outlet_part, order=batch)
        self.actor.add(actor_part, order=batch)

    def finish(self) -> dict[str, pd.DataFrame]:
        """distinctive_words and distinctive_words_actor of the counts added so far; the sums are
        then let go (at a million articles they hold a GB), so a second call gives empty tables."""
        outlet, actor = self.outlet.frame(), self.actor.frame()
        self.__init__()
        return _distinctive(outlet, actor)


@dataclass
class BatchSums:
    """The cross-document sums a batched run keeps up to date as its batches finish (the main
    process is otherwise idle while the workers run): the group term counts of the distinctive
    words and the document frequencies of TF-IDF."""

    distinctive: DistinctiveCounts = field(default_factory=DistinctiveCounts)
    frequencies: DocumentFrequencies = field(default_factory=DocumentFrequencies)

    def add(self, n: int, group_counts: tuple[pd.DataFrame, pd.DataFrame], doc_counts: tuple) -> None:
        """Add batch ``n``: its (outlet, actor × outlet) term counts and its keyed document term counts."""
        self.distinctive.add(*group_counts, batch=n)
        self.frequencies.add(doc_counts)


def _distinctive_tables(src: Source, counts: DistinctiveCounts | None = None) -> dict[str, pd.DataFrame]:
    """Fightin' Words on the batches' outlet and actor × outlet term counts: ``counts`` when the
    caller summed them already, else summed here from the source."""
    if counts is None:
        counts = DistinctiveCounts()
        for n, (outlet_part, actor_part) in enumerate(src.group_counts()):
            counts.add(outlet_part, actor_part, batch=n)
    return counts.finish()


def cross_tables(src: Source, sink: Sink, *, n_boot: int = 2000, similarity: bool = True,
                 tfidf: TfidfSettings = TfidfSettings(), top_k: int = 10, framing: bool = False,
                 threads: int = 1, sums: BatchSums | None = None) -> dict[str, pd.DataFrame]:
    """Every table that spans documents. The chunked ones (similarity, reuse_alignment,
    reuse_matrix) go to ``sink``; the others are returned.

    ``threads`` > 1 runs the independent steps (stance aggregates, distinctive words, the
    neighbour search, reuse) side by side in that many threads: most of their time is spent in
    numpy, scipy and Arrow, which release the GIL. The tables do not depend on it (each chunked
    table is written by one step, in order); peak memory is that of the steps running together.
    ``sums``: every batch's group term counts and document frequencies, already summed (else
    summed here from ``src``).
    """
    docs = src.docs()
    out: dict[str, pd.DataFrame] = {"salience_outlet": outlet_salience(src.table("salience_doc"))}
    steps = [lambda: _stance_tables(src, docs, n_boot)]  # in the order of the returned tables
    first: list[int] = []  # steps run before the others when they run one after the other
    if similarity:
        if sums is not None:  # its sums are held already: finished, and let go, first
            first.append(len(steps))
        steps += [lambda: _distinctive_tables(src, sums.distinctive if sums else None),
                  lambda: dict(zip(("reuse_summary", "reuse_edits"), _reuse(src, docs, sink))),
                  lambda: _similarity(src.doc_counts(), docs, src.ranges(), sink, tfidf=tfidf, top_k=top_k,
                                      threads=1 if threads > 1 else None,  # its own threads when alone
                                      frequencies=sums.frequencies if sums else None) or {}]
    if threads > 1 and len(steps) > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="cross") as pool:
            futures = [pool.submit(step) for step in reversed(steps)]  # the longest first: the others fill in
            results = [f.result() for f in reversed(futures)]
        release_memory()
    else:
        results = [None] * len(steps)
        for i in first + [i for i in range(len(steps)) if i not in first]:
            results[i] = steps[i]()  # one after the other: each starts on the heap the last one freed
            release_memory()
    for result in results:
        out.update(result)
    if framing:
        out.update(_framing(src, docs, sink, similarity))
    return out

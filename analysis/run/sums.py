"""Running sums over batches: the term counts per outlet and per actor × outlet behind the
distinctive words, and the document frequencies behind TF-IDF, added as each batch finishes so
the cross-document step does not read every batch's counts again."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from analysis.compare.distinctive import distinctive_tables
from analysis.compare.terms import DocumentFrequencies


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
        self.waiting.append(
            (
                self._group_codes(frame, order),
                self._encode(frame["term"], self.terms),
                frame["count"].to_numpy(dtype=np.int64),
            )
        )
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


class DistinctiveCounts:
    """The batches' outlet and actor × outlet term counts, summed as they come (in any order: a
    batched run adds each batch as its worker finishes it), and Fightin' Words on the sums."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        """Empty sums (one term vocabulary for both)."""
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
        self._reset()
        return distinctive_tables(outlet, actor)


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

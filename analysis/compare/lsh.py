"""Copied sentences at scale: MinHash / LSH clusters over compact per-sentence keys, out of core.

Every sentence of three or more words has a MinHash signature of its word trigrams
(:func:`analysis.compare.minhash.sentence_signatures`, 32 hash functions). Here each signature is kept as
its 32 lowest-16-bit values, packed four at a time into eight 64-bit *band keys* (64 bytes a
sentence): two sentences fall in the same bucket of a band when all four values agree, and the
share of the 32 values that agree estimates their trigram Jaccard similarity (a chance 16-bit
agreement, 1 in 65,536 per value, moves that estimate by well under a thousandth).

:func:`copy_links` clusters the sentences: sentences with the same token sequence are one
representative, representatives sharing a bucket in any band are joined (connected components),
and every member of a cluster that spans several documents is linked to the cluster's first
sentence (in corpus order), if it lies in another document: verbatim when the token sequences
are equal, near-verbatim when the estimated Jaccard is at least 0.5. Work and memory grow with
the number of sentences, never with the number of pairs (a wire sentence run by thousands of
outlets is one cluster). Band keys are read one band at a time through a :class:`KeyStore`, so
the 64 bytes per sentence may stay on disk (one file per batch).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.compare.quoted import same_quotation
from analysis.tables.registry import columns

__all__ = [
    "BANDS",
    "NEAR_JACCARD",
    "ArrayKeys",
    "CopyLinks",
    "FileKeys",
    "KeyStore",
    "LinkIndex",
    "band_keys",
    "components",
    "copy_links",
    "link_rows",
]

BANDS = 8
NEAR_JACCARD = 0.5


def band_keys(sig: np.ndarray) -> np.ndarray:
    """(n, 8) uint64 band keys of (n, 32) MinHash signatures: each the band's four lowest-16-bit values.

    Rows of ``sig`` that are -1 (sentences under three words) give all-ones keys; callers skip
    them by their word count.
    """
    low = (np.asarray(sig, dtype=np.int64) & 0xFFFF).astype("<u2")
    return np.ascontiguousarray(low).view("<u8").reshape(len(low), BANDS)


def _agree(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Share of equal 16-bit values between rows of band keys a and b (estimated Jaccard)."""
    return (np.ascontiguousarray(a).view("<u2") == np.ascontiguousarray(b).view("<u2")).mean(axis=1)


class KeyStore:
    """Band keys of all sentences, in corpus order: one band at a time, or chosen rows."""

    def band(self, b: int) -> np.ndarray:
        """Band ``b``'s key of every sentence (uint64, length n)."""
        raise NotImplementedError

    def rows(self, idx: np.ndarray) -> np.ndarray:
        """All eight band keys of the sentences ``idx`` ((len(idx), 8) uint64)."""
        raise NotImplementedError


class ArrayKeys(KeyStore):
    """Band keys held in memory ((n, 8) uint64)."""

    def __init__(self, keys: np.ndarray):
        self.keys = keys

    def band(self, b: int) -> np.ndarray:
        return self.keys[:, b]

    def rows(self, idx: np.ndarray) -> np.ndarray:
        return self.keys[idx]


class FileKeys(KeyStore):
    """Band keys on disk, one ``.npy`` file of shape (8, n_batch) per batch, in corpus order."""

    def __init__(self, files: Sequence[Path]):
        self.files = list(files)
        sizes = [np.load(f, mmap_mode="r").shape[1] for f in self.files]
        self.offsets = np.r_[0, np.cumsum(sizes)].astype(np.int64)

    def band(self, b: int) -> np.ndarray:
        out = np.empty(int(self.offsets[-1]), dtype=np.uint64)
        for f, lo, hi in zip(self.files, self.offsets[:-1], self.offsets[1:]):
            out[lo:hi] = np.load(f, mmap_mode="r")[b]
        return out

    def rows(self, idx: np.ndarray) -> np.ndarray:
        out = np.empty((len(idx), BANDS), dtype=np.uint64)
        if len(idx) == 0:
            return out
        order = np.argsort(idx, kind="stable")
        sidx = idx[order]
        bounds = np.searchsorted(sidx, self.offsets)  # the sorted indices of each file: bounds[p]:bounds[p + 1]
        for p in np.flatnonzero(np.diff(bounds)).tolist():
            lo, hi = bounds[p], bounds[p + 1]
            out[order[lo:hi]] = np.load(self.files[p], mmap_mode="r")[:, sidx[lo:hi] - self.offsets[p]].T
        return out


@dataclass
class CopyLinks:
    """Each linked sentence ``x`` with its cluster's first sentence ``rep`` (global sentence indices,
    ascending in x), the estimated Jaccard and whether the token sequences are equal."""

    x: np.ndarray
    rep: np.ndarray
    jaccard: np.ndarray
    same: np.ndarray


def components(n: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Connected-component label of each of n nodes given undirected edges."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def _join(lab: np.ndarray, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Components after adding edges (src, dst) to those that made ``lab`` (each node's smallest
    fellow member): the earlier edges stand in as one edge from every node to its smallest
    member, so memory follows the nodes and one band's edges, not the edges of every band."""
    n = len(lab)
    if len(src) == 0:
        return lab
    moved = np.flatnonzero(lab != np.arange(n, dtype=lab.dtype))
    comp = components(
        n, np.r_[moved, src].astype(lab.dtype, copy=False), np.r_[lab[moved], dst].astype(lab.dtype, copy=False)
    )
    _, smallest = np.unique(comp, return_index=True)  # components are numbered 0, 1, ...: each one's first node
    return smallest.astype(lab.dtype)[comp]


PAIRS_AT_ONCE = 2_000_000  # (sentence, first sentence) pairs whose band keys are compared together


def copy_links(keys: KeyStore, doc: np.ndarray, seq: np.ndarray, lens: np.ndarray) -> CopyLinks:
    """Link copied sentences to their cluster's first sentence (see the module docstring).

    ``doc`` is each sentence's document position, ``seq`` its token-sequence hash and ``lens``
    its token count, all in corpus order (the order of the key store).
    """
    empty = CopyLinks(*(np.zeros(0, dtype=t) for t in (np.int64, np.int64, np.float64, bool)))
    index = np.int32 if len(lens) < 2**31 else np.int64  # sentence indices: half the memory below 2^31
    valid = np.flatnonzero(lens >= 3).astype(index)
    if len(valid) < 2:
        return empty
    # one representative per token sequence: its first occurrence (exact copies share every band)
    _, first, inverse = np.unique(seq[valid], return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    reps = valid[first[order]]  # ascending global index
    pos_of = np.empty(len(order), dtype=index)
    pos_of[order] = np.arange(len(order), dtype=index)
    rep_pos = pos_of[inverse.ravel()]  # each valid sentence's representative (position in reps)
    del first, inverse, order, pos_of
    lab = np.arange(len(reps), dtype=index)  # each representative's component, as its smallest member
    for band in range(BANDS):  # the components of every band's buckets, joined band after band
        key = keys.band(band)[reps]
        o = np.argsort(key, kind="stable").astype(index)
        ks = key[o]
        del key
        start = np.r_[True, ks[1:] != ks[:-1]]
        del ks
        leader = o[np.maximum.accumulate(np.where(start, np.arange(len(o), dtype=index), 0))]
        moved = o != leader
        lab = _join(lab, o[moved], leader[moved])
        del o, leader, moved, start
    # a cluster's first sentence in corpus order is its smallest representative (every sentence
    # follows its own representative, reps ascend, and lab is each component's smallest member)
    lead = reps[lab[rep_pos]]
    del lab
    keep = doc[valid] != doc[lead]  # every member in another document than its cluster's first sentence
    x, rep, xr = valid[keep].astype(np.int64), lead[keep].astype(np.int64), reps[rep_pos[keep]].astype(np.int64)
    del valid, lead, keep, rep_pos
    if len(x) == 0:
        return empty
    same = seq[x] == seq[rep]
    # the Jaccard estimate of x and its representative's first sentence, once per distinct pair
    pair, back = np.unique(xr * (1 << 32) + rep, return_inverse=True)
    del xr
    a, b = pair >> 32, pair & 0xFFFFFFFF
    jac = np.empty(len(pair))
    for lo in range(0, len(pair), PAIRS_AT_ONCE):  # the keys of a few million pairs at a time
        pa, pb = a[lo : lo + PAIRS_AT_ONCE], b[lo : lo + PAIRS_AT_ONCE]
        need = np.unique(np.r_[pa, pb])
        rows = keys.rows(need)
        jac[lo : lo + PAIRS_AT_ONCE] = _agree(rows[np.searchsorted(need, pa)], rows[np.searchsorted(need, pb)])
    return CopyLinks(x=x, rep=rep, jaccard=jac[back.ravel()], same=same)


def link_rows(
    links: CopyLinks | None,
    doc: np.ndarray,
    sent: np.ndarray,
    lens: np.ndarray,
    docs: pd.DataFrame,
    *,
    lo: int = 0,
    hi: int | None = None,
    index: LinkIndex | None = None,
    quote: np.ndarray | None = None,
) -> pd.DataFrame:
    """Alignment rows of LSH links whose ``doc_a`` lies in documents ``lo`` ≤ position < ``hi``.

    Links estimated below the near-verbatim Jaccard are dropped; every other link gives two rows:
    the copy to its cluster's first sentence, and that first sentence to the copy (one row per
    first sentence and other document: its earliest copy there). ``doc``, ``sent`` and ``lens``
    are the per-sentence document position, sent_id and token count the links index. Rows are
    in corpus order of (doc_a, sent_a, doc_b), so consecutive document ranges concatenate to the
    whole table. ``index``: :meth:`LinkIndex.of` the links, built once for many ranges (``links``
    is then not read). ``quote``: each sentence's share inside quotation marks in
    whole percent (:func:`analysis.compare.quoted.quote_shares`), for ``quoted_share`` (the larger of the two)
    and ``same_quote``; without it both say nothing is quoted.
    """
    hi = len(docs) if hi is None else hi
    if index is None:
        if links is None:
            raise ValueError("link_rows needs the links or their index")
        index = LinkIndex.of(links, doc)
    x, rep, jac, same = index.x, index.rep, index.jaccard, index.same
    f_idx = index.between(index.by_x, index.doc_x, lo, hi)
    b_idx = index.between(index.by_rep, index.doc_rep, lo, hi)
    if len(b_idx):  # x ascends, so the first of each (first sentence, document) is its earliest copy
        _, first = np.unique(rep[b_idx] * (len(docs) + 1) + doc[x[b_idx]], return_index=True)
        b_idx = b_idx[np.sort(first)]
    a, b = np.r_[x[f_idx], rep[b_idx]], np.r_[rep[f_idx], x[b_idx]]
    j, s = np.r_[jac[f_idx], jac[b_idx]], np.r_[same[f_idx], same[b_idx]]
    order = np.lexsort((doc[b], sent[a], doc[a]))
    a, b, j, s = a[order], b[order], j[order], s[order]
    ids, outlets = docs["doc_id"].to_numpy(), docs["outlet"].to_numpy()
    quoted = np.maximum(quote[a], quote[b]) / 100.0 if quote is not None else np.zeros(len(a))
    return pd.DataFrame(
        {
            "doc_a": ids[doc[a]],
            "sent_a": sent[a].astype(np.int64),
            "doc_b": ids[doc[b]],
            "sent_b": sent[b].astype(np.int64),
            "relation": np.where(s, "verbatim", "near-verbatim").astype(object),
            "ratio": np.where(s, 1.0, np.nan),
            "containment": j.astype(float),
            "longest_run": np.nan,
            "block_cover": np.nan,
            "dice": np.nan,
            "shared_content": np.nan,
            "edits": np.where(s, 0.0, np.nan),
            "quoted_share": quoted,
            "same_quote": same_quotation(quoted, lens[a]),
            "n_words_a": lens[a].astype(np.int64),
            "outlet_a": outlets[doc[a]],
            "outlet_b": outlets[doc[b]],
        },
        columns=columns("reuse_alignment"),
    )


@dataclass
class LinkIndex:
    """The links :func:`link_rows` reports (verbatim or near-verbatim), with the document of each
    end sorted once, so that a range of documents finds its links by binary search instead of a
    pass over every link (a million documents are written in hundreds of ranges)."""

    x: np.ndarray
    rep: np.ndarray
    jaccard: np.ndarray
    same: np.ndarray
    by_x: np.ndarray
    doc_x: np.ndarray
    by_rep: np.ndarray
    doc_rep: np.ndarray

    @classmethod
    def of(cls, links: CopyLinks, doc: np.ndarray) -> LinkIndex:
        """Index ``links`` given each sentence's document position ``doc``."""
        related = links.same | (links.jaccard >= NEAR_JACCARD)
        x, rep = links.x[related], links.rep[related]
        dx, dr = doc[x], doc[rep]
        by_x, by_rep = np.argsort(dx, kind="stable"), np.argsort(dr, kind="stable")
        return cls(
            x=x,
            rep=rep,
            jaccard=links.jaccard[related],
            same=links.same[related],
            by_x=by_x,
            doc_x=dx[by_x],
            by_rep=by_rep,
            doc_rep=dr[by_rep],
        )

    @staticmethod
    def between(order: np.ndarray, sorted_doc: np.ndarray, lo: int, hi: int) -> np.ndarray:
        """Positions (ascending) of the links whose end lies in documents lo ≤ position < hi."""
        return np.sort(order[np.searchsorted(sorted_doc, lo) : np.searchsorted(sorted_doc, hi)])

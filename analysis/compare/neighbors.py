"""Nearest documents at scale: an approximate top-k by TF-IDF cosine, re-ranked exactly.

The exact search (:func:`analysis.compare.similarity.top_k_neighbors`) multiplies the TF-IDF matrix by
its transpose a chunk of rows at a time; its cost grows with the sum over terms of the squared
document frequency, so with N documents it grows with N² (at 100,000 generated articles it took
ten minutes on one core). Above :data:`EXACT_MAX_DOCS` documents the suite uses this module:

1. **Projection.** A truncated SVD (LSA) fitted on an evenly spaced sample of rows maps every
   document to ``dims`` dense dimensions (unit length), where inner products approximate the
   cosines.
2. **Inverted lists.** Spherical k-means (seeded, on a sample) splits the documents into about
   ``2·√N`` lists. Every list is searched together: its documents are compared, by one matrix
   product, with the members of the ``probe`` lists whose centroids are closest to its own
   centroid, and each keeps its ``candidates`` best.
3. **Exact re-ranking.** The candidates' true TF-IDF cosines are computed from the sparse rows;
   the k best are kept (ties by the lower index), so every reported cosine is exact and only
   the membership of the top k is approximate.

Deterministic for a given input and settings (seeded sampling and k-means; the same code runs in
the in-memory and the batched path). ``bench/neighbors.py`` measures recall@k against the exact
search.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

__all__ = [
    "EXACT_MAX_DOCS",
    "AnnSettings",
    "approximate_top_k",
    "document_neighbours",
    "exact_cosines",
]

EXACT_MAX_DOCS = 20_000
SCORES_AT_ONCE = 4_000_000  # query x pool inner products per block (with their argpartition: ~100 MB)
RERANK_ROWS = 50_000  # rows re-ranked together (their candidate pairs: 50,000 x 50)
PROJECT_ROWS = 16_384  # rows projected together (their sparse slice and dense block)


@dataclass(frozen=True)
class AnnSettings:
    """Knobs of the approximate search (the defaults are what the suite uses).

    dims: SVD dimensions; lists: number of inverted lists (None: 2·√N); probe: lists searched
    per list (its own included); candidates: per document, re-ranked exactly; sample: rows the
    SVD and k-means are fitted on; block: rows per matrix product (bounds memory); seed: for
    sampling, the SVD and k-means.
    """

    dims: int = 256
    lists: int | None = None
    probe: int = 16
    candidates: int = 50
    sample: int = 20_000
    block: int = 4096
    seed: int = 0
    threads: int | None = None

    def workers(self) -> int:
        """Threads for the projection, the candidate search and the re-ranking (``threads``, or
        every available core): each works on its own block of rows, so the result does not depend
        on it."""
        return max(1, self.threads or len(os.sched_getaffinity(0)))


def _each(fn: Callable[[int], None], starts: Iterable[int], threads: int) -> None:
    """``fn(start)`` for every start, in ``threads`` threads (the matrix products, argpartitions
    and sparse products inside release the GIL), each with a one-thread BLAS (the threads already
    fill the cores; the products are the same bit for bit); the first error is raised."""
    from threadpoolctl import threadpool_limits

    starts = list(starts)
    if threads <= 1 or len(starts) <= 1:
        for lo in starts:
            fn(lo)
        return
    with threadpool_limits(1), ThreadPoolExecutor(min(threads, len(starts))) as pool:
        for _ in pool.map(fn, starts):
            pass


def _sample_rows(n: int, size: int) -> np.ndarray:
    """Evenly spaced row indices (at most ``size``): a sample that does not depend on randomness."""
    if n <= size:
        return np.arange(n)
    return np.linspace(0, n - 1, size).round().astype(np.int64)


def _unit(E: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(E, axis=1, keepdims=True)
    return E / np.where(norms > 0, norms, 1.0)


def _project(X: sp.csr_matrix, s: AnnSettings) -> np.ndarray:
    """Unit-length LSA vectors of every row (float32)."""
    from sklearn.utils.extmath import randomized_svd

    dims = max(1, min(s.dims, X.shape[1] - 1, X.shape[0] - 1))
    _, _, vt = randomized_svd(X[_sample_rows(X.shape[0], s.sample)], dims, n_iter=4, random_state=s.seed)
    vt = vt.astype(np.float32)
    E = np.empty((X.shape[0], dims), dtype=np.float32)

    def fill(lo: int) -> None:  # unit rows block by block: no second N x dims array
        E[lo : lo + PROJECT_ROWS] = _unit(X[lo : lo + PROJECT_ROWS] @ vt.T)

    _each(fill, range(0, X.shape[0], PROJECT_ROWS), s.workers())
    return E


def _argmax_rows(E: np.ndarray, C: np.ndarray, block: int) -> np.ndarray:
    """Index of the closest centroid (largest inner product) of every row, a block at a time."""
    out = np.empty(len(E), dtype=np.int64)
    for lo in range(0, len(E), block):
        out[lo : lo + block] = np.argmax(E[lo : lo + block] @ C.T, axis=1)
    return out


def _kmeans(E: np.ndarray, n_lists: int, s: AnnSettings, iterations: int = 10) -> np.ndarray:
    """Spherical k-means centroids (unit rows), fitted on a seeded sample of at most 40 rows per list."""
    rng = np.random.default_rng(s.seed)
    sample = E[np.sort(rng.choice(len(E), size=min(len(E), 40 * n_lists), replace=False))]
    C = sample[np.sort(rng.choice(len(sample), size=n_lists, replace=False))].copy()
    for _ in range(iterations):
        a = _argmax_rows(sample, C, s.block)
        sums = np.zeros_like(C)
        np.add.at(sums, a, sample)
        empty = ~sums.any(axis=1)
        sums[empty] = C[empty]  # an empty list keeps its centroid
        C = _unit(sums)
    return C


def exact_cosines(X: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray, *, chunk: int = 100_000) -> np.ndarray:
    """Dot products of the row pairs (rows[i], cols[i]) of X (the cosines, for L2-normalised rows).

    ``chunk`` pairs at a time: each chunk copies its rows of X twice, so memory is about
    2 × chunk × (non-zeros per row) × 8 bytes (at 220 terms per document and 100,000 pairs,
    350 MB) whatever the number of pairs."""
    out = np.empty(len(rows), dtype=np.float32)
    for lo in range(0, len(rows), chunk):
        r, c = rows[lo : lo + chunk], cols[lo : lo + chunk]
        out[lo : lo + chunk] = np.asarray(X[r].multiply(X[c]).sum(axis=1)).ravel()
    return out


def _candidates(E: np.ndarray, assign: np.ndarray, C: np.ndarray, s: AnnSettings) -> np.ndarray:
    """Per row, the ``s.candidates`` rows of its probed lists with the largest inner product (-1 pads)."""
    n, n_lists = len(E), len(C)
    probe = min(s.probe, n_lists)
    width = min(s.candidates, n - 1)
    order = np.argsort(assign, kind="stable")
    bounds = np.searchsorted(assign[order], np.arange(n_lists + 1))
    near = np.argsort(-(C @ C.T), axis=1, kind="stable")[:, :probe]
    out = np.full((n, width), -1, dtype=np.int32 if n < 2**31 else np.int64)

    def search(L: int) -> None:  # list L's queries against its probed lists; rows of ``out`` of its own
        queries = order[bounds[L] : bounds[L + 1]]
        if len(queries) == 0:
            return
        pool = np.sort(np.concatenate([order[bounds[j] : bounds[j + 1]] for j in near[L]]))
        P = E[pool]
        step = max(1, min(s.block, SCORES_AT_ONCE // max(1, len(pool))))  # queries x pool scores held at once
        for lo in range(0, len(queries), step):
            q = queries[lo : lo + step]
            S = E[q] @ P.T
            S[pool[None, :] == q[:, None]] = -np.inf  # never its own neighbour
            w = min(width, len(pool) - 1)
            if w <= 0:
                continue
            part = np.argpartition(-S, w - 1, axis=1)[:, :w] if w < len(pool) else np.argsort(-S, axis=1)[:, :w]
            picked = pool[part]
            picked[~np.isfinite(np.take_along_axis(S, part, axis=1))] = -1
            out[q, :w] = picked

    _each(search, range(n_lists), s.workers())
    return out


def approximate_top_k(
    X: sp.csr_matrix, *, k: int = 10, settings: AnnSettings = AnnSettings()
) -> tuple[np.ndarray, np.ndarray]:
    """The (approximately) k most similar rows of X for every row: (indices, cosines), each (n, k).

    X holds L2-normalised rows. Cosines are exact; a row's list may miss true neighbours that
    fell outside its probed lists. Missing neighbours have index -1 and cosine 0; a neighbour
    needs a positive cosine. Ties are broken by the lower index.
    """
    n = X.shape[0]
    idx = np.full((n, k), -1, dtype=np.int64)
    val = np.zeros((n, k), dtype=np.float32)
    if n < 2 or k == 0 or X.shape[1] < 2:
        return idx, val
    X = X.tocsr().astype(np.float32, copy=False)  # no second copy of a matrix that may hold gigabytes
    E = _project(X, settings)
    n_lists = max(1, min(n // 2, settings.lists or round(2 * np.sqrt(n))))
    C = _kmeans(E, n_lists, settings)
    cand = _candidates(E, _argmax_rows(E, C, settings.block), C, settings)
    del E

    def rerank(lo: int) -> None:  # a block of rows at a time: no pair arrays for the whole corpus
        block = cand[lo : lo + RERANK_ROWS]
        rows = np.repeat(np.arange(lo, lo + len(block)), block.shape[1])
        cols = block.ravel()
        ok = cols >= 0
        cos: np.ndarray = np.full(len(cols), -np.inf, dtype=np.float32)
        cos[ok] = exact_cosines(X, rows[ok], cols[ok])
        cos = cos.reshape(block.shape)
        order = np.lexsort((block, -cos), axis=1)[:, :k]  # best cosine first, ties by the lower index
        best = np.take_along_axis(block, order, axis=1)
        score = np.take_along_axis(cos, order, axis=1)
        valid = (best >= 0) & (score > 0)
        m = best.shape[1]
        idx[lo : lo + len(block), :m] = np.where(valid, best, -1)
        val[lo : lo + len(block), :m] = np.where(valid, score, 0)

    _each(rerank, range(0, n, RERANK_ROWS), settings.workers())
    return idx, val


def document_neighbours(
    X: sp.csr_matrix, *, k: int = 10, exact_max: int | None = None, settings: AnnSettings = AnnSettings()
) -> tuple[np.ndarray, np.ndarray]:
    """Each document's k nearest (indices, cosines): the exact search up to ``exact_max``
    documents (default :data:`EXACT_MAX_DOCS`), :func:`approximate_top_k` above."""
    from analysis.compare.similarity import top_k_neighbors

    if X.shape[0] <= (EXACT_MAX_DOCS if exact_max is None else exact_max):
        return top_k_neighbors(X, k=k)
    return approximate_top_k(X, k=k, settings=settings)

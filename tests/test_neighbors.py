"""Approximate nearest documents: exact cosines, recall against the exact search, row ranges."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from analysis.compare.neighbors import (
    AnnSettings,
    approximate_top_k,
    document_neighbours,
    exact_cosines,
)
from analysis.compare.similarity import neighbour_rows, similarity_table, top_k_neighbors


def _stories(n_docs: int = 1200, n_stories: int = 60, vocab: int = 3000, seed: int = 0) -> sp.csr_matrix:
    """L2-normalised rows: each document mixes its story's own terms with common background terms."""
    rng = np.random.default_rng(seed)
    rows, cols = [], []
    for d in range(n_docs):
        story = d % n_stories
        own = rng.choice(40, size=15, replace=False) + 200 + story * 40
        background = rng.choice(200, size=20, replace=False)
        terms = np.unique(np.r_[own, background])
        rows.extend([d] * len(terms))
        cols.extend(terms.tolist())
    X = sp.csr_matrix((rng.random(len(rows)) + 0.5, (rows, cols)), shape=(n_docs, vocab))
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    return (sp.diags(1 / norms) @ X).tocsr().astype(np.float32)


@pytest.fixture(scope="module")
def stories():
    X = _stories()
    return X, top_k_neighbors(X, k=10)


def test_recall_against_the_exact_search(stories):
    X, (exact, _) = stories
    idx, _ = approximate_top_k(X, k=10)
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(idx, exact)])
    assert recall >= 0.9


def test_reported_cosines_are_exact_and_ranked(stories):
    X, _ = stories
    idx, val = approximate_top_k(X, k=10)
    full = (X @ X.T).toarray()
    rows = np.repeat(np.arange(X.shape[0]), 10)
    assert np.allclose(val.ravel(), full[rows, idx.ravel()], atol=1e-6)
    assert (idx != np.arange(X.shape[0])[:, None]).all()  # never its own neighbour
    assert (np.diff(val, axis=1) <= 1e-7).all()
    assert np.allclose(exact_cosines(X, rows[:50], idx.ravel()[:50]), val.ravel()[:50])


def test_deterministic(stories):
    X, _ = stories
    a = approximate_top_k(X, k=5, settings=AnnSettings(dims=32))
    b = approximate_top_k(X, k=5, settings=AnnSettings(dims=32))
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


@pytest.mark.parametrize(
    "knob,value",
    [
        ("RERANK_ROWS", 1),
        ("RERANK_ROWS", 77),
        ("RERANK_ROWS", 500),
        ("SCORES_AT_ONCE", 1),
        ("SCORES_AT_ONCE", 5_000),
        ("SCORES_AT_ONCE", 4_000_000),
    ],
)
def test_block_sizes_change_nothing(stories, monkeypatch, knob, value):
    """However many rows are re-ranked, or query x pool scores computed, at once (memory), the
    neighbours are the same."""
    X, _ = stories
    whole = approximate_top_k(X, k=10, settings=AnnSettings(dims=32))
    monkeypatch.setattr(f"analysis.compare.neighbors.{knob}", value)
    got = approximate_top_k(X, k=10, settings=AnnSettings(dims=32))
    assert np.array_equal(got[0], whole[0]) and np.array_equal(got[1], whole[1]) and got[0].dtype == np.int64


@pytest.mark.parametrize("n", [0, 1, 2])
def test_tiny_inputs(n):
    X = sp.csr_matrix(np.eye(max(n, 1), 4, dtype=np.float32)[:n])
    idx, val = approximate_top_k(X, k=3)
    assert idx.shape == (n, 3) and (idx == -1).all() and (val == 0).all()  # orthogonal rows: no neighbour


def test_fewer_candidates_than_k_pad_with_minus_one():
    X = _stories(n_docs=30, n_stories=3)
    idx, val = approximate_top_k(X, k=40, settings=AnnSettings(dims=8, candidates=20))
    assert (idx[:, 20:] == -1).all() and (val[:, 20:] == 0).all()


def test_document_neighbours_switches_to_the_approximate_search(stories):
    X, (exact, exact_val) = stories
    same = document_neighbours(X, k=10, exact_max=X.shape[0])
    assert np.array_equal(same[0], exact) and np.array_equal(same[1], exact_val)
    approx = document_neighbours(X, k=10, exact_max=100, settings=AnnSettings(dims=64))
    assert np.array_equal(approx[0], approximate_top_k(X, k=10, settings=AnnSettings(dims=64))[0])


def test_neighbour_rows_equal_the_similarity_table_in_ranges(stories):
    X, (idx, val) = stories
    n = X.shape[0]
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "outlet": [f"o{i % 7}" for i in range(n)]})
    whole = similarity_table(X, docs, k=10)
    parts = pd.concat(
        [neighbour_rows(idx, val, docs, lo=lo, hi=min(n, lo + 250)) for lo in range(0, n, 250)], ignore_index=True
    )
    pd.testing.assert_frame_equal(whole, parts)


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_threads_change_nothing(stories, monkeypatch, threads):
    """The projection, candidate search and re-ranking split their rows over threads; the
    neighbours and cosines are the same bit for bit whatever their number."""
    X, _ = stories
    monkeypatch.setattr("analysis.compare.neighbors.RERANK_ROWS", 97)
    monkeypatch.setattr("analysis.compare.neighbors.PROJECT_ROWS", 101)
    one = approximate_top_k(X, k=10, settings=AnnSettings(dims=32, threads=1))
    got = approximate_top_k(X, k=10, settings=AnnSettings(dims=32, threads=threads))
    assert np.array_equal(got[0], one[0]) and np.array_equal(got[1], one[1])

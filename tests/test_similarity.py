"""TF-IDF similarity: chunked top-k equals brute force; the all-pairs table; clustering."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from analysis.similarity import (
    TfidfSettings, brute_force_top_k, cluster_order, doc_texts, similarity_table, tfidf_matrix, top_k_neighbors, words,
)


def test_words_equal_nltk_regexp_tokenizer(seed_run) -> None:
    from analysis.similarity import _TOKENIZER
    from analysis.textnorm import fold

    for text in seed_run["docs"]["text"]:
        assert words(text) == _TOKENIZER.tokenize(fold(text).lower())


def test_words() -> None:
    assert words("Turkey\u2019s cease-fire; Çavuşoğlu SAID 27,000") == ["turkey's", "cease-fire", "cavusoglu", "said", "27", "000"]
    assert words("") == []


@pytest.mark.parametrize(("n", "k", "chunk"), [(1, 3, 4), (50, 5, 7), (400, 10, 64)])
def test_chunked_top_k_equals_brute_force(n: int, k: int, chunk: int) -> None:
    rng = np.random.default_rng(n)
    vocab = [f"w{i}" for i in range(300)]
    texts = [" ".join(rng.choice(vocab, size=rng.integers(5, 40))) for _ in range(n)]
    X, _ = tfidf_matrix(texts, settings=TfidfSettings(stop_words=None))
    fast, brute = top_k_neighbors(X, k=k, chunk=chunk), brute_force_top_k(X, k=k)
    assert np.array_equal(fast[0], brute[0])
    assert np.allclose(fast[1], brute[1], atol=1e-6)


def test_top_k_handles_no_overlap_and_empty() -> None:
    X, _ = tfidf_matrix(["alpha beta", "gamma delta", "alpha gamma"], settings=TfidfSettings(stop_words=None))
    idx, val = top_k_neighbors(X, k=2)
    assert idx[0].tolist() == [2, -1] and val[0, 1] == 0
    empty = top_k_neighbors(sp.csr_matrix((0, 5), dtype=np.float32), k=3)
    assert empty[0].shape == (0, 3)


def test_similarity_table_seeds(seed_run) -> None:
    sim = seed_run["similarity"]
    assert len(sim) == 5 * 4
    mat = sim.pivot_table(index="doc_a", columns="doc_b", values="cosine")
    assert np.allclose(mat.to_numpy(), mat.to_numpy().T, equal_nan=True)
    assert sim["cosine"].between(0, 1).all()
    # The AP wire story and the blog that republished it are each other's closest documents.
    top = sim[sim["rank"] == 1].set_index("doc_a")["doc_b"]
    assert top["002_7dfe8e46eda3692b"] == "001_a338ea7d94fc7d37"


def test_similarity_settings_change_the_picture(seed_run) -> None:
    texts = doc_texts(seed_run["docs"], seed_run["sentences"])
    a, _ = tfidf_matrix(texts)
    b, _ = tfidf_matrix(texts, settings=TfidfSettings(stop_words=None, ngram_max=2, sublinear_tf=False))
    assert a.shape[1] < b.shape[1]
    sa = similarity_table(a, seed_run["docs"])["cosine"].to_numpy()
    sb = similarity_table(b, seed_run["docs"])["cosine"].to_numpy()
    assert not np.allclose(sa, sb)


def test_top_k_table_and_cluster(seed_run) -> None:
    X, _ = tfidf_matrix(doc_texts(seed_run["docs"], seed_run["sentences"]))
    top = similarity_table(X, seed_run["docs"], k=2)
    assert top.groupby("doc_a").size().eq(2).all() and set(top["rank"]) == {1, 2}
    Z = cluster_order(seed_run["similarity"], list(seed_run["docs"]["doc_id"]))
    assert Z.shape == (4, 4)


def test_empty_corpus() -> None:
    X, _ = tfidf_matrix([])
    assert similarity_table(X, pd.DataFrame(columns=["doc_id", "outlet"])).empty

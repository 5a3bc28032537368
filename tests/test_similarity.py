"""TF-IDF similarity: chunked top-k equals brute force; the all-pairs table; clustering."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from analysis.compare.similarity import brute_force_top_k, cluster_order, similarity_table, top_k_neighbors
from analysis.compare.terms import TfidfSettings, doc_texts, tfidf_matrix
from analysis.text.words import words


def test_words_equal_nltk_regexp_tokenizer(seed_run) -> None:
    from analysis.ingest.normalize import fold
    from analysis.text.words import _TOKENIZER

    for text in seed_run["docs"]["text"]:
        assert words(text) == _TOKENIZER.tokenize(fold(text).lower())


def test_words() -> None:
    assert words("Turkey\u2019s cease-fire; Çavuşoğlu SAID 27,000") == [
        "turkey's",
        "cease-fire",
        "cavusoglu",
        "said",
        "27",
        "000",
    ]
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


# ---- tokenisation and per-batch term counts against direct reference code

TRICKY = [
    "",
    "   ",
    "the of and",
    "Turkey\u2019s cease-fire \u2014 'not' -- so-called ''quotes'' -x- a--b a-'b rock'n'roll",
    (
        "Erdo\u011fan \u0130stanbul \u00c7avu\u015fo\u011flu \u00df \u00c6 \u00f8 \u0142 \u2026 \u00a3300 "
        "\u20ac5 \u00b2 \u0663\u0664 \u4e2d\u6587 \u0436-\u0434"
    ),
    (
        "e\u0301te\u0301 na\u0131ve \u00ad soft\u00adhyphen \u200bzero\u200bwidth \ufeffbom "
        "snake_case UPPER-lower 10-15 \u2019tis"
    ),
    (
        "\u039f\u0394\u03a5\u03a3\u03a3\u0395\u03a5\u03a3-\u0391 \u03a3' \u2028line\u2029para\x85nel"
        "\x1cfs\u3000ideo\u00a0nbsp\tTab\nNL"
    ),
]


def _reference_words(text: str) -> list[str]:
    from analysis.ingest.normalize import fold
    from analysis.text.words import _WORD_RE

    return _WORD_RE.findall(fold(text).lower())


def test_words_equal_the_regular_expression_on_tricky_and_random_text() -> None:
    import random

    for text in TRICKY:
        assert words(text) == _reference_words(text), text
    rng = random.Random(5)
    pool = list("aZ9_-' \t.,\u2019\u2014\u00e9\u0301\u0130\u00df\u00b2\u0663\u4e2d\u0436\u00a3\u03a3\x85\u3000\u00ad")
    pool += [chr(rng.randrange(0x80, 0x2FFF)) for _ in range(150)]
    for _ in range(30000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 16)))
        assert words(text) == _reference_words(text), repr(text)
    for _ in range(10000):  # runs of joiners and spaces between words
        text = "".join(rng.choice(["a", "b1", "-", "'", " ", "--", "'-"]) for _ in range(rng.randint(0, 12)))
        assert words(text) == _reference_words(text), repr(text)


def _reference_counts(texts: list[str], settings: TfidfSettings) -> tuple[sp.csr_matrix, list[str]]:
    """doc_term_counts by Counter over the regular expression's tokens."""
    from collections import Counter

    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    stop = ENGLISH_STOP_WORDS if settings.stop_words == "english" else set()
    counts = []
    for text in texts:
        toks = [t for t in _reference_words(text) if t not in stop]
        grams = toks + [
            " ".join(toks[i : i + n]) for n in range(2, settings.ngram_max + 1) for i in range(len(toks) - n + 1)
        ]
        counts.append(Counter(grams))
    terms = sorted(set().union(*counts))
    col = {t: j for j, t in enumerate(terms)}
    X = sp.lil_matrix((len(texts), len(terms)), dtype=np.int64)
    for i, c in enumerate(counts):
        for t, n in c.items():
            X[i, col[t]] = n
    return X.tocsr(), terms


@pytest.mark.parametrize("settings", [TfidfSettings(), TfidfSettings(stop_words=None), TfidfSettings(ngram_max=3)])
def test_doc_term_counts_equal_a_counter(settings: TfidfSettings) -> None:
    from analysis.compare.terms import doc_term_counts

    texts = TRICKY + ["Syria Syria syria, SYRIA-Turkey border-crossing", "only the stop words and the of"]
    X, terms = doc_term_counts(texts, settings=settings)
    R, ref_terms = _reference_counts(texts, settings)
    assert terms == ref_terms and X.shape == R.shape and (X != R).nnz == 0 and X.dtype == np.int64
    assert X.has_sorted_indices
    empty, none = doc_term_counts([], settings=settings)
    assert empty.shape == (0, 0) and none == []


def test_doc_texts_join_sentences_in_order() -> None:
    docs = pd.DataFrame({"doc_id": ["b", "a", "c"]})
    sents = pd.DataFrame(
        {"doc_id": ["a", "b", "a", "a"], "sent_id": [2, 0, 0, 1], "text": ["third", "only", "first", "second"]}
    )
    out = doc_texts(docs, sents)
    assert out.index.tolist() == ["b", "a", "c"] and out.tolist() == ["only", "first \nsecond \nthird", ""]
    assert doc_texts(docs, sents.iloc[:0]).tolist() == ["", "", ""]


def test_doc_texts_order_repeated_sent_ids_by_text() -> None:
    docs = pd.DataFrame({"doc_id": ["a"]})
    sents = pd.DataFrame({"doc_id": ["a", "a", "a"], "sent_id": [1, 0, 0], "text": ["z", "b", "a"]})
    assert doc_texts(docs, sents).tolist() == ["a \nb \nz"]


@pytest.mark.parametrize(
    "texts",
    [
        [],  # no sentences
        ["third", "only", "first", "second"],
        ["rebels'", "-Ankara", "Syria-", "l'Élysée ‘quoted’", ""],  # joiners and marks at the sentence ends
    ],
)
def test_doc_tokens_are_the_words_of_doc_texts(texts: list[str]) -> None:
    from analysis.compare.terms import doc_tokens

    docs = pd.DataFrame({"doc_id": ["b", "a", "c"]})
    sents = pd.DataFrame(
        {
            "doc_id": (["a", "b", "a", "a", "a"] * 2)[: len(texts)],
            "sent_id": [2, 0, 0, 1, 1][: len(texts)],
            "text": texts,
        }
    )
    got = doc_tokens(docs, sents, [words(t) for t in texts])
    assert got == [words(t) for t in doc_texts(docs, sents)]
    assert len(got) == 3 and got[2] == []


def test_doc_tokens_on_the_seeds(seed_run) -> None:
    from analysis.compare.terms import doc_tokens

    docs, sents = seed_run["docs"], seed_run["sentences"]
    assert doc_tokens(docs, sents, [words(t) for t in sents["text"]]) == [words(t) for t in doc_texts(docs, sents)]


@pytest.mark.parametrize("tokens", [[], [[]], [["a", "b", "a"], [], ["b", "c"]]])
def test_token_codes_and_count_matrix(tokens: list[list[str]]) -> None:
    """Codes in first-seen order, one per token; the count matrix counts each (row, code) pair."""
    from collections import Counter

    from analysis.compare.terms import count_matrix, token_codes

    codes, vocab = token_codes(tokens)
    assert vocab == list(dict.fromkeys(t for ts in tokens for t in ts))
    assert [vocab[c] for c in codes] == [t for ts in tokens for t in ts]
    rows = np.repeat(np.arange(len(tokens)), [len(t) for t in tokens])
    M = count_matrix(rows, codes, (len(tokens), len(vocab)))
    assert M.has_canonical_format and M.dtype == np.int64
    for i, ts in enumerate(tokens):
        assert {vocab[j]: int(v) for j, v in zip(M[i].indices, M[i].data)} == Counter(ts)


def test_term_keys_are_blake2b_and_survive_the_memo_filling(monkeypatch) -> None:
    """Keys are blake2b's 8 bytes, little-endian, signed: the same from the memo, after it is
    cleared for being full, and for repeated terms in one call."""
    import hashlib

    import analysis.compare.terms as similarity

    want = lambda t: int.from_bytes(hashlib.blake2b(t.encode("utf-8"), digest_size=8).digest(), "little", signed=True)  # noqa: E731
    monkeypatch.setattr(similarity, "KEYS_KEPT", 3)
    monkeypatch.setattr(similarity, "_KEYS", {})
    for terms in (["a", "b"], ["b", "c", "c\u0301"], [], ["a", "d", "a", "e", "f"], ["turkey"]):
        got = similarity.term_keys(terms)
        assert got.dtype == np.int64 and got.tolist() == [want(t) for t in terms]
        assert len(similarity._KEYS) <= max(3, len(set(terms)))


def test_keyed_vocabulary_counts_skip_unused_and_dropped_words() -> None:
    from analysis.compare.terms import keyed_counts, keyed_vocabulary_counts

    vocab = ["the", "talks", "unused", "ankara", "moscow"]
    X = sp.csr_matrix(np.array([[3, 1, 0, 0, 2], [1, 0, 0, 1, 0], [0, 0, 0, 0, 0]], dtype=np.int64))
    K, keys = keyed_vocabulary_counts(X, vocab, drop={"the"})
    ref, ref_keys = keyed_counts(sp.csr_matrix(X.toarray()[:, [3, 4, 1]]), ["ankara", "moscow", "talks"])
    assert (K != ref).nnz == 0 and keys.tolist() == ref_keys.tolist() and K.dtype == np.int32 and K.has_sorted_indices
    empty, no_keys = keyed_vocabulary_counts(sp.csr_matrix((2, 0), dtype=np.int64), [])
    assert empty.shape == (2, 0) and len(no_keys) == 0


@pytest.mark.parametrize("n_batches,every", [(0, 64), (1, 64), (7, 2), (7, 64)])
def test_document_frequencies_in_any_order_and_tfidf_from_them(n_batches: int, every: int) -> None:
    """Document frequencies added batch by batch, in shuffled order and folded every few batches,
    equal those of the whole corpus; TF-IDF given them equals TF-IDF reading the batches twice."""
    from analysis.compare.terms import (
        DocumentFrequencies,
        doc_term_counts,
        document_frequencies,
        keyed_counts,
        tfidf_from_counts,
    )

    rng = np.random.default_rng(n_batches)
    vocab = [f"w{i}" for i in range(40)]
    batches = [
        [" ".join(rng.choice(vocab, int(rng.integers(0, 12)))) for _ in range(int(rng.integers(1, 6)))]
        for _ in range(n_batches)
    ]
    settings = TfidfSettings(max_df=0.9)
    parts = [keyed_counts(*doc_term_counts(texts, settings=settings)) for texts in batches]
    freq = DocumentFrequencies(every=every)
    for i in rng.permutation(n_batches).tolist():
        freq.add(parts[i])
    keys, df, n = freq.result()
    want_keys, want_df, want_n = document_frequencies(parts)
    assert n == want_n == sum(map(len, batches))
    np.testing.assert_array_equal(keys, want_keys)
    np.testing.assert_array_equal(df, want_df)
    if n_batches:  # a term's frequency is the number of documents that hold it
        whole = doc_term_counts([t for b in batches for t in b], settings=settings)
        assert sorted(df.tolist()) == sorted(np.bincount(whole[0].indices, minlength=whole[0].shape[1]).tolist())
        X, cols = tfidf_from_counts(parts, settings=settings, frequencies=freq.result())
        Y, cols2 = tfidf_from_counts(parts, settings=settings)
        np.testing.assert_array_equal(cols, cols2)
        assert (X != Y).nnz == 0 and X.nnz > 0

"""Fightin' Words z-scores against a hand computation on a toy corpus."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.compare.distinctive import fightin_words, group_term_counts, term_counts


def test_hand_computation() -> None:
    # Group A: regime ×3, talks ×1; group B: government ×2, talks ×2. n_A = 4, n_B = 4, N = 8.
    counts = pd.DataFrame(
        {"group": ["A", "A", "B", "B"], "term": ["regime", "talks", "government", "talks"], "count": [3, 1, 2, 2]}
    )
    fw = fightin_words(counts).set_index(["group", "term"])
    # Prior α_w = corpus counts (α0 = N = 8): regime 3, talks 3, government 2.
    a, a0 = 3.0, 8.0
    yi, yj, ni, nj = 3.0, 0.0, 4.0, 4.0
    delta = math.log((yi + a) / (ni + a0 - yi - a)) - math.log((yj + a) / (nj + a0 - yj - a))
    var = 1 / (yi + a) + 1 / (yj + a)
    row = fw.loc[("A", "regime")]
    assert row["delta"] == pytest.approx(delta) and row["variance"] == pytest.approx(var)
    assert row["z"] == pytest.approx(delta / math.sqrt(var))
    assert row["rank"] == 1
    # "talks": A has 1 of 4, B 2 of 4 -> negative z for A, and B's z is its mirror image.
    assert fw.loc[("A", "talks"), "z"] < 0
    assert fw.loc[("B", "talks"), "z"] == pytest.approx(-fw.loc[("A", "talks"), "z"])


def test_alpha0_and_top() -> None:
    counts = pd.DataFrame({"group": ["A", "B", "A", "B"], "term": ["x", "x", "y", "z"], "count": [5, 1, 1, 4]})
    strong = fightin_words(counts, alpha0=1.0).set_index(["group", "term"])
    weak = fightin_words(counts, alpha0=1000.0).set_index(["group", "term"])
    assert abs(weak.loc[("A", "x"), "delta"]) < abs(strong.loc[("A", "x"), "delta"])  # a heavier prior shrinks
    assert len(fightin_words(counts, top=1)) <= 4


def test_counts_and_empty() -> None:
    c = term_counts(["The Syrian regime and the regime's army, 600,000 dead"])
    assert c["regime"] == 1 and c["regime's"] == 1 and "the" not in c and "600" not in c
    assert fightin_words(pd.DataFrame(columns=["group", "term", "count"])).empty
    g = group_term_counts(pd.Series(["A", "B"]), pd.Series(["regime regime", "government"]))
    assert set(map(tuple, g.to_numpy())) == {("A", "regime", 2), ("B", "government", 1)}


def test_seed_distinctive_words(seed_run) -> None:
    fw = seed_run["distinctive_words"]
    top = fw[fw["rank"] <= 3].groupby("group")["term"].apply(set)
    assert "regime" in top["Breitbart News"]  # Breitbart calls Assad's government a regime
    assert "federation" in top["unknown aggregator"]  # the rewrite's "Russian Federation"
    per_actor = seed_run["distinctive_words_actor"]
    assert set(per_actor["actor"]) == {"Turkey", "Russia"}


def _group_term_counts_reference(groups: pd.Series, texts: pd.Series) -> pd.DataFrame:
    """The rows of term_counts group by group, as the table was first built."""
    rows = [(g, t, c) for g, sub in texts.groupby(groups.to_numpy(), sort=True) for t, c in term_counts(sub).items()]
    return pd.DataFrame(rows, columns=["group", "term", "count"])


def test_group_term_counts_equal_term_counts_per_group() -> None:
    """Each group's rows are its term_counts, groups sorted, terms in first-seen order."""
    groups = pd.Series(["B", "A", "B", None, "A", "C"])
    texts = pd.Series(
        [
            "The regime's army; the regime",
            "Talks, talks and 600,000 dead",
            "a x y-z Regime",
            "dropped with its group",
            "\u00c7avu\u015fo\u011flu talks-talks 1.5 3,000",
            "the of and",
        ]
    )
    for labels in (groups, groups.map({"A": 1, "B": 2, "C": 3}), groups.fillna("A").map({"A": 1, "B": 2, "C": 3})):
        pd.testing.assert_frame_equal(group_term_counts(labels, texts), _group_term_counts_reference(labels, texts))
    assert ("C", "the", 1) in set(group_term_counts(groups, texts, stop_words=False).itertuples(index=False, name=None))
    pd.testing.assert_frame_equal(
        group_term_counts(pd.Series(["A"]), pd.Series(["the of"])), pd.DataFrame([], columns=["group", "term", "count"])
    )


@pytest.mark.parametrize("labels", [["B", "A", "B", "A", "C"], [2, 1, 2, 1, 3], ["A"] * 5])
def test_group_count_frame_equals_group_term_counts(labels) -> None:
    """The same rows (in another order) and dtypes from a groups x words count matrix."""
    import numpy as np

    from analysis.compare.distinctive import counted_mask, counted_terms, group_count_frame
    from analysis.compare.terms import count_matrix, token_codes
    from analysis.text.words import words

    texts = pd.Series(
        [
            "The regime's army; the regime",
            "Talks, talks and 600,000 dead",
            "a x y-z Regime",
            "\u00c7avu\u015fo\u011flu talks-talks 1.5 3,000",
            "the of and",
        ]
    )
    groups = pd.Series(labels)
    tokens = [words(t) for t in texts]
    codes, vocab = token_codes(tokens)
    group, names = pd.factorize(groups, sort=True)
    M = count_matrix(np.repeat(group, [len(t) for t in tokens]), codes, (len(names), len(vocab)))
    got = group_count_frame(M, names, vocab, counted_mask(vocab))
    want = group_term_counts(groups, texts)
    by_term = lambda f: f.sort_values(["group", "term"]).reset_index(drop=True)  # noqa: E731
    pd.testing.assert_frame_equal(by_term(got), by_term(want))
    assert counted_mask(["the", "x", "600,000", "1.5", "talks-talks"]).tolist() == [False, False, False, False, True]
    # categorical: the same values; terms over the counted words, groups over those with a row
    counted = counted_mask(vocab)
    terms = counted_terms(vocab, counted)
    cat = group_count_frame(M, names, vocab, counted, terms=terms)
    assert cat["term"].dtype is terms and list(terms.categories) == [w for w, c in zip(vocab, counted) if c]
    assert list(cat["group"].cat.categories) == sorted(set(want["group"]), key=list(names).index)
    plain = cat.astype({"group": names.dtype, "term": want["term"].dtype})
    pd.testing.assert_frame_equal(by_term(plain), by_term(want))


def test_group_count_frame_of_nothing_counted() -> None:
    import numpy as np
    import scipy.sparse as sp

    from analysis.compare.distinctive import counted_terms, group_count_frame

    empty = pd.DataFrame([], columns=["group", "term", "count"])
    pd.testing.assert_frame_equal(
        group_count_frame(sp.csr_matrix((0, 0), dtype=np.int64), [], [], np.zeros(0, bool)), empty
    )
    M = sp.csr_matrix(np.array([[2, 1]]))
    pd.testing.assert_frame_equal(group_count_frame(M, ["A"], ["the", "of"], np.array([False, False])), empty)
    none = np.array([False, False])
    pd.testing.assert_frame_equal(
        group_count_frame(M, ["A"], ["the", "of"], none, terms=counted_terms(["the", "of"], none)), empty
    )


def test_counted_mask_memo_gives_the_same_answers(monkeypatch) -> None:
    import analysis.compare.distinctive as distinctive

    monkeypatch.setattr(distinctive, "COUNTED_KEPT", 2)
    monkeypatch.setattr(distinctive, "_COUNTED", {})
    words = ["the", "x", "600,000", "1.5", "talks-talks", "regime", "of", "ab"]
    for _ in range(3):
        assert distinctive.counted_mask(words).tolist() == [False, False, False, False, True, True, False, True]
    assert distinctive.counted_mask(["x", "of"], min_len=1, stop_words=False).tolist() == [True, True]
    assert distinctive.counted_mask([]).tolist() == []

"""Prediction-powered group means: unbiased under a biased fast scorer, intervals that hold the
all-accurate mean, the fallback for groups without a sample, and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.stance.ppi import PPI_COLUMNS, ppi_means, sample_articles


def _corpus(seed: int = 0) -> pd.DataFrame:
    """Two outlets, 60 articles each, 8 sentences an article; the fast scorer is off by +0.3 for
    one outlet and -0.1 for the other, with noise; articles differ in their true mean."""
    rng = np.random.default_rng(seed)
    rows = []
    for outlet, bias in (("A", 0.3), ("B", -0.1)):
        for k in range(60):
            article = rng.normal(-0.2 if outlet == "A" else 0.1, 0.2)
            acc = np.clip(article + rng.normal(0, 0.3, 8), -1, 1)
            fast = np.clip(acc + bias + rng.normal(0, 0.2, 8), -1, 1)
            rows += [
                {"doc_id": f"{outlet}{k}", "outlet": outlet, "actor": "X", "fast": f, "acc": a}
                for f, a in zip(fast, acc)
            ]
    return pd.DataFrame(rows)


def test_ppi_recovers_the_accurate_mean_where_the_fast_scorer_is_biased() -> None:
    c = _corpus()
    truth = c.groupby("outlet")["acc"].mean()
    fast = c.groupby("outlet")["fast"].mean()
    covered, errors = [], []
    for r in range(40):
        chosen = sample_articles(c["doc_id"], rate=0.25, seed=r)
        est = ppi_means(c.assign(accurate=c["acc"].where(c["doc_id"].isin(chosen))), n_boot=400, seed=r)
        est = est.set_index("outlet")
        assert list(est["estimator"]) == ["ppi", "ppi"]
        covered += list((est["ci_low"] <= truth) & (truth <= est["ci_high"]))
        errors += list((est["mean_score"] - truth).abs())
    assert np.mean(covered) >= 0.9
    assert np.mean(errors) < 0.5 * (fast - truth).abs().mean()  # the fast bias is gone


def test_a_group_without_a_sample_keeps_the_fast_mean() -> None:
    c = _corpus().assign(accurate=np.nan)
    c.loc[c["doc_id"] == "A0", "accurate"] = c.loc[c["doc_id"] == "A0", "acc"]  # one sampled article
    est = ppi_means(c, n_boot=100).set_index("outlet")
    assert list(est["estimator"]) == ["fast", "fast"]
    assert est.loc["A", "mean_score"] == pytest.approx(c[c["outlet"] == "A"]["fast"].mean())
    assert est["ci_low"].isna().all()


@pytest.mark.parametrize("rate", [0.0, -0.1, 1.5])
def test_sample_rate_must_be_a_share(rate: float) -> None:
    with pytest.raises(ValueError, match="rate"):
        sample_articles(["a"], rate=rate)


def test_empty_and_whole_samples() -> None:
    assert list(ppi_means(pd.DataFrame(columns=["doc_id", "outlet", "actor", "fast", "accurate"])).columns) == [
        "outlet",
        "actor",
        *PPI_COLUMNS,
    ]
    assert sample_articles(["a", "b", "a"], rate=1.0) == {"a", "b"}

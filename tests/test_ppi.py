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
    few = c["doc_id"].isin(["A0", "A1", "A2", "A3"])  # four sampled articles: fewer than MIN_SAMPLED
    c.loc[few, "accurate"] = c.loc[few, "acc"]
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


def test_doc_sample_is_a_hash_not_an_order() -> None:
    from analysis.stance.ppi import doc_sample

    ids = [f"d{i}" for i in range(2000)]
    got = doc_sample(ids, rate=0.2, seed=3)
    assert got == doc_sample(list(reversed(ids)), rate=0.2, seed=3)  # the order does not matter
    assert 300 < len(got) < 500 and got != doc_sample(ids, rate=0.2, seed=4)
    assert doc_sample(ids, rate=1.0) == set(ids) and doc_sample([], rate=0.5) == set()
    with pytest.raises(ValueError, match="rate"):
        doc_sample(ids, rate=0)


STORY = [
    "Turkey and Russia agreed on a ceasefire in Aleppo. Turkey praised the deal as a great success.",
    "Russia bombed rebel areas again. Turkey condemned the brutal strikes and warned of disaster.",
    "Turkish officials met Russian diplomats in Ankara. The talks were warm and hopeful.",
]


@pytest.fixture(scope="module")
def fast_and_accurate(tmp_path_factory: pytest.TempPathFactory):
    """The same small corpus (two outlets, six articles each) run with the fast and the accurate
    scorer, in memory, and with the fast scorer batched."""
    from analysis.run.batch import run_batched
    from analysis.run.pipeline import run_pipeline
    from analysis.tables import write_tables

    base = tmp_path_factory.mktemp("ppi")
    rows = [
        {"doc_id": f"{o}{i}", "outlet": o, "title": f"Talks {i}", "text": STORY[i % 3] + f" Day {i}."}
        for o in ("A", "B")
        for i in range(6)
    ]
    corpus = base / "c.csv"
    pd.DataFrame(rows).to_csv(corpus, index=False)
    opts = {"framing": False, "similarity": False, "train_punkt": False, "n_boot": 200}
    write_tables(run_pipeline(corpus, scorer="fast", **opts), base / "fast", csv=False)
    accurate = run_pipeline(corpus, scorer="accurate", **opts).tables
    run_batched(corpus, base / "batched", scorer="fast", batch_size=4, workers=1, **opts)
    return base, accurate


def test_a_whole_sample_gives_the_accurate_means(fast_and_accurate) -> None:
    """Every article sampled: the combined mean is the accurate scorer's own-voice mean."""
    from analysis.run.ppi_pass import combine_with_accurate

    base, accurate = fast_and_accurate
    got = combine_with_accurate(base / "fast", rate=1.0).set_index(["outlet", "actor"])
    st = accurate["stances"].merge(accurate["docs"][["doc_id", "outlet", "source_kind"]], on="doc_id")
    st = st[(st["voice"] == "outlet") & (st["source_kind"].isna() | (st["source_kind"] == "own"))]
    want = st.groupby(["outlet", "actor"])["score"].mean()
    assert set(got["estimator"]) == {"ppi"} and (got["n_sampled_articles"] == got["n_articles"]).all()
    np.testing.assert_allclose(got.loc[want.index, "mean_score"], want, atol=1e-9)
    assert ((got["ci_low"] <= got["mean_score"]) & (got["mean_score"] <= got["ci_high"])).all()
    assert (base / "fast" / "stance_ppi.parquet").exists()
    from analysis.report.scope import scope_of
    from analysis.report.sections.stance import combined_table
    from analysis.tables import RunTables

    run = RunTables(base / "fast")  # the stance report shows it, saying which estimate each row is
    shown = " ".join(str(i) for i in combined_table(run, scope_of(run)))
    assert "Combined estimates" in shown and "100% of the" in shown and ">ppi<" in shown


def test_a_batched_run_gives_the_same_estimate(fast_and_accurate) -> None:
    from analysis.run.ppi_pass import combine_with_accurate

    base, _ = fast_and_accurate
    a = combine_with_accurate(base / "fast", rate=0.5, seed=1)
    b = combine_with_accurate(base / "batched", rate=0.5, seed=1)
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))
    assert set(a["estimator"]) <= {"ppi", "fast"} and (a["n_sampled_articles"] < a["n_articles"]).any()


def test_runs_it_cannot_combine(fast_and_accurate, tmp_path) -> None:
    from analysis.cli import main
    from analysis.run.pipeline import run_pipeline
    from analysis.tables import write_tables

    base, _ = fast_and_accurate
    write_tables(run_pipeline(base / "c.csv", scorer="vader", framing=False, similarity=False), tmp_path, csv=False)
    assert main(["ppi", "--tables", str(tmp_path)]) == 2  # scored with another scorer than the fast one
    assert main(["ppi", "--tables", str(tmp_path / "nothing")]) == 2  # no run there
    assert main(["ppi", "--tables", str(base / "fast"), "--rate", "0"]) == 2


def test_the_estimate_and_its_interval_stay_in_the_score_range() -> None:
    """Five sampled articles whose fast scores are far above their accurate ones (+0.9 against -1)
    in a group whose other articles score +0.5: fast mean + correction is below -1, clipped."""
    rows = [
        {
            "doc_id": f"d{k}",
            "outlet": "A",
            "actor": "X",
            "fast": 0.9 if k < 5 else 0.5,
            "accurate": -1.0 if k < 5 else np.nan,
        }
        for k in range(20)
        for _ in range(3)
    ]
    est = ppi_means(pd.DataFrame(rows), n_boot=200).iloc[0]
    assert est["estimator"] == "ppi" and est["n_sampled_articles"] == 5
    assert est["fast_mean"] + est["rectifier"] < -1
    assert est["mean_score"] == -1.0
    assert -1.0 <= est["ci_low"] <= est["ci_high"] <= 1.0

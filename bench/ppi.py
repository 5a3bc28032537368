"""The fast scorer on every sentence plus the accurate scorer on a random sample of articles
(prediction-powered inference, analysis/stance/ppi.py) against the accurate scorer on every
sentence, on real coverage.

    python bench/ppi.py [--per-outlet 250] [--repeats 100]

Takes AllSides articles of 2016 from four outlets (``--per-outlet`` each), scores every
(sentence, actor) pair of the US actors (bench/us_actors.toml) with the fast and with the accurate
scorer (timed), then, for sampling rates 10%, 20% and 30% of the articles and ``--repeats`` random
samples each, compares the outlet × actor own-voice means: how often the combined estimate's 95%
interval holds the all-accurate mean, its error against it (and the fast scorer's alone), its
interval width against the all-accurate one (stance_outlet's, resampling articles), and the cost
(fast on all + accurate on the sample) against accurate on all. Skips with a message where the
corpus is absent.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from gold_sample import allsides

OUTLETS = ["Fox News", "New York Times - News", "Breitbart News", "CNN (Web News)"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--per-outlet", type=int, default=250)
    ap.add_argument("--repeats", type=int, default=100)
    a = ap.parse_args()
    from analysis.run.pipeline import run_pipeline
    from analysis.stance.aggregate import aggregate_stances
    from analysis.stance.ppi import ppi_means, sample_articles
    from analysis.stance.scoring import score_mentions

    d = allsides()
    d = d[d["date"].astype(str).str.startswith("2016") & d["outlet"].isin(OUTLETS)]
    d = d.sort_values("doc_id").groupby("outlet").head(a.per_outlet)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.csv"
        d[["doc_id", "outlet", "date", "title", "text"]].to_csv(path, index=False)
        opts = {"actors": ROOT / "bench" / "us_actors.toml", "framing": False, "similarity": False, "progress": False}
        run = run_pipeline(path, scorer=None, **opts)
    docs, seconds, own = run["docs"], {}, {}
    for scorer in ("fast", "accurate"):  # the scoring step alone, timed
        t0 = time.perf_counter()
        stances = score_mentions(run["sentences"], run["mentions"], scorer=scorer)
        seconds[scorer] = time.perf_counter() - t0
        own[scorer] = stances[stances["voice"] == "outlet"]
    key = ["doc_id", "sent_id", "actor"]
    both = own["fast"][key + ["score"]].merge(own["accurate"][key + ["score"]], on=key, suffixes=("_f", "_a"))
    both = both.merge(docs[["doc_id", "outlet"]], on="doc_id")
    truth = aggregate_stances(own["accurate"], docs, voices=("outlet",)).set_index(["outlet", "actor"])
    truth = truth[truth["n_articles"] >= 5]
    print(
        f"{len(docs)} articles, {len(both)} own-voice (sentence, actor) pairs; scoring: fast "
        f"{seconds['fast']:.1f} s, accurate {seconds['accurate']:.1f} s (the scoring step alone); "
        f"{len(truth)} outlet x actor groups with 5+ articles"
    )
    fast_err = (both.groupby(["outlet", "actor"])["score_f"].mean() - truth["mean_score"]).abs().dropna()
    print(f"fast scorer alone: mean |error| against all-accurate {fast_err.mean():.3f} (max {fast_err.max():.3f})")
    for rate in (0.1, 0.2, 0.3):
        cover, err, width = [], [], []
        for r in range(a.repeats):
            chosen = sample_articles(both["doc_id"], rate=rate, seed=r)
            s = both.assign(fast=both["score_f"], accurate=both["score_a"].where(both["doc_id"].isin(chosen)))
            est = (
                ppi_means(s, n_boot=500, seed=r)
                .set_index(["outlet", "actor"])
                .join(truth.add_suffix("_true"), how="inner")
            )
            est = est[est["estimator"] == "ppi"]
            cover += list((est["ci_low"] <= est["mean_score_true"]) & (est["mean_score_true"] <= est["ci_high"]))
            err += list((est["mean_score"] - est["mean_score_true"]).abs())
            width += list((est["ci_high"] - est["ci_low"]) / (est["ci_high_true"] - est["ci_low_true"]))
        cost = (seconds["fast"] + rate * seconds["accurate"]) / seconds["accurate"]
        print(
            f"rate {rate:.0%}: coverage of the all-accurate mean {np.mean(cover):.3f} ({len(cover)} group-samples), "
            f"mean |error| {np.mean(err):.3f}, median interval width / all-accurate {np.median(width):.2f}, "
            f"cost / all-accurate {cost:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

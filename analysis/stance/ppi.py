"""Accurate group means from a cheap scorer on every sentence and the accurate scorer on a random
sample of articles: prediction-powered inference (Angelopoulos et al., Science 2023).

Per group (outlet × actor, say) the estimate is the fast scorer's mean over all the group's scored
sentences plus a rectifier, the mean of (accurate − fast) over the sentences of the sampled
articles: unbiased for the all-accurate mean whatever the fast scorer's bias, when the articles are
sampled at random. Its interval resamples articles (the same units as stance_outlet's interval):
each bootstrap draw reweights the group's articles, sampled or not, and recomputes both terms, so
the two terms' dependence is kept. The estimate and the interval's ends are clipped to [-1, 1],
the range of the score. A group with fewer than MIN_SAMPLED sampled articles gets the fast mean
alone, marked so (``estimator`` ``fast``): on 400 AllSides articles, a group with two sampled
articles got a correction of -1.10 and an estimate of -0.96 where the all-accurate mean was +0.06.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = [
    "MIN_SAMPLED",
    "PPI_COLUMNS",
    "STANCE_PPI_COLUMNS",
    "doc_sample",
    "ppi_means",
    "sample_articles",
    "stance_ppi",
]

MIN_SAMPLED = 5  # sampled articles a group needs for the combined estimate (the report's "thin" line)
PPI_COLUMNS = [
    "n",
    "n_articles",
    "n_sampled_articles",
    "fast_mean",
    "rectifier",
    "mean_score",
    "ci_low",
    "ci_high",
    "estimator",
]


def sample_articles(doc_ids: Sequence[str], *, rate: float, seed: int = 0) -> set[str]:
    """A uniform random sample of the distinct articles, each kept with probability ``rate``."""
    if not 0 < rate <= 1:
        raise ValueError(f"rate must be in (0, 1], not {rate}")
    ids = pd.unique(pd.Series(list(doc_ids), dtype=object))
    keep = np.random.default_rng(seed).random(len(ids)) < rate
    return set(ids[keep])


def _group(per_doc: pd.DataFrame, n_boot: int, level: float, rng: np.random.Generator) -> dict:
    """One group's estimate from its per-article sums (F fast, n sentences, D accurate − fast on
    sampled articles, m their sentences)."""
    F, n = per_doc["F"].to_numpy(float), per_doc["n"].to_numpy(float)
    D, m = per_doc["D"].to_numpy(float), per_doc["m"].to_numpy(float)
    k, sampled = len(per_doc), int((per_doc["m"] > 0).sum())
    fast = F.sum() / n.sum()
    out = {"n": int(n.sum()), "n_articles": k, "n_sampled_articles": sampled, "fast_mean": fast}
    if sampled < MIN_SAMPLED:
        return {
            **out,
            "rectifier": np.nan,
            "mean_score": fast,
            "ci_low": np.nan,
            "ci_high": np.nan,
            "estimator": "fast",
        }
    rect = D.sum() / m.sum()
    w = rng.multinomial(k, np.full(k, 1 / k), size=n_boot).astype(float)  # articles resampled, B × k
    with np.errstate(invalid="ignore", divide="ignore"):
        theta = (w @ F) / (w @ n) + (w @ D) / (w @ m)
    theta = theta[np.isfinite(theta)]
    alpha = (1 - level) / 2
    lo, hi = np.clip(np.quantile(theta, [alpha, 1 - alpha]), -1, 1) if len(theta) else (np.nan, np.nan)
    est = float(np.clip(fast + rect, -1, 1))
    return {**out, "rectifier": rect, "mean_score": est, "ci_low": lo, "ci_high": hi, "estimator": "ppi"}


def ppi_means(
    scores: pd.DataFrame,
    *,
    keys: Sequence[str] = ("outlet", "actor"),
    n_boot: int = 2000,
    level: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Per group of ``keys``: the prediction-powered mean of the accurate score and its interval.

    ``scores`` has one row per scored sentence × actor with ``doc_id``, the ``keys`` columns,
    ``fast`` (the cheap scorer's score, every row) and ``accurate`` (the accurate scorer's score,
    NaN outside the sampled articles; an article is sampled when any of its rows has one).
    """
    cols = list(keys) + PPI_COLUMNS
    if len(scores) == 0:
        return pd.DataFrame(columns=cols)
    t = scores.assign(
        diff=(scores["accurate"] - scores["fast"]).fillna(0.0),
        labelled=scores["accurate"].notna().astype(int),
    )
    per_doc = (
        t.groupby([*keys, "doc_id"], sort=True)
        .agg(F=("fast", "sum"), n=("fast", "size"), D=("diff", "sum"), m=("labelled", "sum"))
        .reset_index()
    )
    rng = np.random.default_rng(seed)
    rows = []
    for key, g in per_doc.groupby(list(keys), sort=True):
        key = key if isinstance(key, tuple) else (key,)
        rows.append({**dict(zip(keys, key)), **_group(g, n_boot, level, rng)})
    return pd.DataFrame(rows, columns=cols)


STANCE_PPI_COLUMNS = ["outlet", "actor", *PPI_COLUMNS, "sample_rate"]


def doc_sample(doc_ids: Sequence[str], *, rate: float, seed: int = 0) -> set[str]:
    """The articles of a run's random sample: each kept when a hash of (seed, doc_id) falls under
    ``rate``, so that the sample does not depend on the order or batching of the documents."""
    if not 0 < rate <= 1:
        raise ValueError(f"rate must be in (0, 1], not {rate}")

    def u(d: str) -> float:
        return int.from_bytes(hashlib.blake2b(f"{seed}:{d}".encode(), digest_size=8).digest(), "big") / 2**64

    return {str(d) for d in doc_ids if u(str(d)) < rate}


def stance_ppi(
    stances: pd.DataFrame,
    docs: pd.DataFrame,
    accurate: pd.DataFrame,
    *,
    rate: float,
    include_wire: bool = False,
    n_boot: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """The stance_ppi table: per outlet × actor, the own-voice mean stance combined from the run's
    fast scores of every sentence (``stances``) and the accurate scorer's scores of the sampled
    articles' sentences (``accurate``: doc_id, sent_id, actor, score), with an interval over
    articles; the outlet's own voice as in stance_outlet (quotations left out, and wire or
    syndicated copy unless ``include_wire``). ``estimator`` says which estimate each row is."""
    if len(stances) == 0:
        return pd.DataFrame(columns=STANCE_PPI_COLUMNS)
    own = stances[stances["voice"] == "outlet"][["doc_id", "sent_id", "actor", "score"]]
    meta = docs[["doc_id", "outlet", *(["source_kind"] if "source_kind" in docs else [])]]
    own = own.merge(meta, on="doc_id")
    if not include_wire and "source_kind" in own:
        own = own[own["source_kind"].isna() | (own["source_kind"] == "own")]
    acc = accurate[["doc_id", "sent_id", "actor", "score"]].rename(columns={"score": "accurate"})
    scores = own.rename(columns={"score": "fast"}).merge(acc, on=["doc_id", "sent_id", "actor"], how="left")
    out = ppi_means(scores, n_boot=n_boot, seed=seed)
    return out.assign(sample_rate=rate)[STANCE_PPI_COLUMNS]

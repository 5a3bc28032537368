"""Stories: articles about the same event, and each outlet's lean measured within them.

Outlets cover different events, so their raw mean stance mixes how they portray an actor with
which stories they chose. Comparing them within stories takes the story out:

1. **Grouping** (:func:`group_stories`): two articles are linked when the TF-IDF cosine of their
   texts (the similarity table) is at least ``min_cosine`` and their dates are at most ``days``
   apart (an article without a usable date is linked by its text alone); stories are the
   connected groups of links. The cut-offs were chosen on hand-judged pairs of AllSides articles
   (tests/gold/stories/, bench/stories.py).
2. **Within-story lean** (:func:`story_stance`): per story, actor and outlet, the mean stance of
   the outlet's own voice (wire copy left out unless asked for); the outlet's *deviation* in the
   story is that mean minus the mean of the other outlets' means in the same story (stories that
   at least two outlets scored the actor in). Per outlet and actor: the number of such stories,
   the mean deviation, and a 95% bootstrap interval resampling stories (the independent units).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.compare.lsh import components
from analysis.stance.bootstrap import _bootstrap, _segments

__all__ = [
    "STORY_COLUMNS",
    "STORY_COSINE",
    "STORY_DAYS",
    "STORY_STANCE_COLUMNS",
    "group_stories",
    "story_means",
    "story_stance",
]

STORY_COSINE = 0.225
STORY_DAYS = 1
STORY_COLUMNS = ["doc_id", "outlet", "story_id", "story_size", "story_outlets"]
STORY_STANCE_COLUMNS = [
    "outlet",
    "actor",
    "n_stories",
    "n_articles",
    "mean_deviation",
    "ci_low",
    "ci_high",
    "mean_in_stories",
]


def _dates(docs: pd.DataFrame) -> np.ndarray:
    """Each document's date as days since the epoch (NaN where it is not YYYY-MM-DD)."""
    parsed = pd.to_datetime(docs["date"].astype(str), format="%Y-%m-%d", errors="coerce")
    days = (parsed - pd.Timestamp("1970-01-01")).dt.days
    return days.to_numpy(dtype=float)


def group_stories(
    similarity: pd.DataFrame,
    docs: pd.DataFrame,
    *,
    min_cosine: float = STORY_COSINE,
    days: int = STORY_DAYS,
) -> pd.DataFrame:
    """One row per document: its story (numbered 0, 1, ... in corpus order of each story's first
    article), the story's size and its number of outlets. A document linked to no other is a
    story of one. Empty docs, empty table."""
    n = len(docs)
    if n == 0:
        return pd.DataFrame(columns=STORY_COLUMNS)
    pos = pd.Index(docs["doc_id"])
    src = dst = np.zeros(0, dtype=np.intp)
    if len(similarity):
        keep = similarity["cosine"].to_numpy(dtype=float) >= min_cosine
        a = pos.get_indexer(similarity["doc_a"].to_numpy()[keep])
        b = pos.get_indexer(similarity["doc_b"].to_numpy()[keep])
        ok = (a >= 0) & (b >= 0)
        a, b = a[ok], b[ok]
        when = _dates(docs)
        gap = np.abs(when[a] - when[b])
        near = np.isnan(gap) | (gap <= days)
        src, dst = a[near], b[near]
    story = pd.factorize(components(n, src, dst))[0]  # numbered in corpus order of first members
    outlets = docs["outlet"].to_numpy()
    frame = pd.DataFrame({"doc_id": docs["doc_id"].to_numpy(), "outlet": outlets, "story_id": story})
    frame["story_size"] = frame.groupby("story_id")["doc_id"].transform("size")
    frame["story_outlets"] = frame.groupby("story_id")["outlet"].transform("nunique")
    return frame[STORY_COLUMNS]


def story_means(
    stances: pd.DataFrame, docs: pd.DataFrame, stories: pd.DataFrame, *, include_wire: bool = False
) -> pd.DataFrame:
    """Per story × actor × outlet: the mean own-voice stance (voice ``outlet``, wire and
    syndicated articles left out unless ``include_wire``) and its articles."""
    cols = ["story_id", "actor", "outlet", "mean", "n_articles"]
    if len(stances) == 0 or len(stories) == 0:
        return pd.DataFrame(columns=cols)
    own = stances[stances["voice"] == "outlet"]
    if not include_wire and "source_kind" in docs.columns:
        copied = set(docs.loc[docs["source_kind"].fillna("own") != "own", "doc_id"])
        own = own[~own["doc_id"].isin(copied)]
    rows = own[["doc_id", "actor", "score"]].merge(stories[["doc_id", "outlet", "story_id"]], on="doc_id")
    if len(rows) == 0:
        return pd.DataFrame(columns=cols)
    g = rows.groupby(["story_id", "actor", "outlet"], sort=True)
    out = g["score"].mean().rename("mean").to_frame()
    out["n_articles"] = g["doc_id"].nunique()
    return out.reset_index()[cols]


def story_stance(
    stances: pd.DataFrame,
    docs: pd.DataFrame,
    stories: pd.DataFrame,
    *,
    include_wire: bool = False,
    n_boot: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """Per outlet × actor: how the outlet's own-voice stance differs from the other outlets'
    within the same stories (module docstring). Rows by outlet, then actor; only pairs with at
    least one shared story."""
    means = story_means(stances, docs, stories, include_wire=include_wire)
    if len(means) == 0:
        return pd.DataFrame(columns=STORY_STANCE_COLUMNS)
    g = means.groupby(["story_id", "actor"])["mean"]
    k = g.transform("size")
    means = means[k >= 2].copy()
    if len(means) == 0:
        return pd.DataFrame(columns=STORY_STANCE_COLUMNS)
    g = means.groupby(["story_id", "actor"])["mean"]
    total, k = g.transform("sum"), g.transform("size")
    means["deviation"] = means["mean"] - (total - means["mean"]) / (k - 1)
    means = means.sort_values(["outlet", "actor", "story_id"], kind="stable").reset_index(drop=True)
    key = pd.factorize(means["outlet"].astype(str) + "\x00" + means["actor"].astype(str))[0]
    starts, sizes = _segments(key)
    dev = means["deviation"].to_numpy(dtype=float)
    lo, hi = _bootstrap(dev, starts, sizes, n_boot=n_boot, level=0.95, seed=seed)
    first = means.iloc[starts]
    return pd.DataFrame(
        {
            "outlet": first["outlet"].to_numpy(),
            "actor": first["actor"].to_numpy(),
            "n_stories": sizes,
            "n_articles": np.add.reduceat(means["n_articles"].to_numpy(dtype=np.int64), starts),
            "mean_deviation": np.add.reduceat(dev, starts) / sizes,
            "ci_low": lo,
            "ci_high": hi,
            "mean_in_stories": np.add.reduceat(means["mean"].to_numpy(dtype=float), starts) / sizes,
        }
    )[STORY_STANCE_COLUMNS]

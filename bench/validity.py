"""Known-groups check of the stance measures on a finished AllSides run.

    .venv/bin/python bench/allsides.py --n 1000 --seed 19 --out /tmp/as1k   # a run (once)
    .venv/bin/python bench/validity.py --run /tmp/as1k/run

AllSides rates each outlet left / center / right (a property of the outlet, not of the
article). If the stance measures mean what they say, right-rated outlets should come out
friendlier than left-rated ones toward Trump and the Republicans, and harsher on Clinton, Obama
and the Democrats. Printed per actor (bench/us_actors.toml ids): the articles of each group, the
mean article score (analysis/stance/article.py) and the mean of the outlet's own sentences per
article, right minus left, with a 95% bootstrap interval that resamples articles within each
group (2,000 resamples, seeded), and whether the sign is the expected one. Only the outlets'
own reporting counts (docs.source_kind `own`; ``--include-wire`` counts wire copy too).

Raw differences mix what each group chooses to cover with how it covers it, so the check is also
made **within stories** (the run's stories table: the same event covered by both groups): per
story with articles of both groups about the actor, the right group's mean of its articles'
own-sentence means minus the left group's; the mean over stories, with a 95% interval that
resamples stories. Skips with a message where the data are absent.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.compare.stories import group_stories
from analysis.stance.article import article_stance

DATA = ROOT.parent / "shared" / "data" / "allsides" / "articles.parquet"
EXPECTED = {"Trump": +1, "Republicans": +1, "Clinton": -1, "Obama": -1, "Democrats": -1}


def _read(run: Path, table: str, columns: list[str] | None = None) -> pd.DataFrame:
    """A table of a run, in-memory (one file) or batched (a folder of parts)."""
    one = run / f"{table}.parquet"
    if one.exists():
        return pd.read_parquet(one, columns=columns)
    parts = sorted((run / table).glob("part-*.parquet"))
    return pd.concat([pd.read_parquet(p, columns=columns) for p in parts], ignore_index=True)


def diff_interval(a: np.ndarray, b: np.ndarray, *, n_boot: int = 2000, seed: int = 0) -> tuple[float, float]:
    """95% percentile interval of mean(a) - mean(b), resampling each group's articles."""
    rng = np.random.default_rng(seed)
    da = rng.choice(a, size=(n_boot, len(a))).mean(axis=1)
    db = rng.choice(b, size=(n_boot, len(b))).mean(axis=1)
    lo, hi = np.quantile(da - db, [0.025, 0.975])
    return float(lo), float(hi)


def story_interval(d: np.ndarray, *, n_boot: int = 2000, seed: int = 0) -> tuple[float, float]:
    """95% percentile interval of the mean of per-story differences, resampling stories."""
    rng = np.random.default_rng(seed)
    lo, hi = np.quantile(rng.choice(d, size=(n_boot, len(d))).mean(axis=1), [0.025, 0.975])
    return float(lo), float(hi)


def _verdict(lo: float, hi: float, sign: int) -> str:
    if lo > 0 if sign > 0 else hi < 0:
        return "as expected"
    if hi < 0 if sign > 0 else lo > 0:
        return "opposite"
    return "cannot tell"


def within_stories(art: pd.DataFrame, stories: pd.DataFrame, actor: str) -> np.ndarray:
    """Per story with left and right articles about the actor: right mean minus left mean of the
    articles' own-sentence means."""
    g = art[(art["actor"] == actor) & art["own_mean"].notna()].merge(stories[["doc_id", "story_id"]], on="doc_id")
    m = g.groupby(["story_id", "outlet_bias"])["own_mean"].mean().unstack()
    if "left" not in m or "right" not in m:
        return np.zeros(0)
    both = m[["left", "right"]].dropna()
    return (both["right"] - both["left"]).to_numpy()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", type=Path, default=Path("/tmp/as1k/run"))
    ap.add_argument("--min-articles", type=int, default=10)
    ap.add_argument("--min-stories", type=int, default=5)
    ap.add_argument("--include-wire", action="store_true", help="count wire and syndicated articles too")
    args = ap.parse_args()
    if not DATA.exists() or not args.run.exists():
        print(f"needs {DATA} and a finished run at {args.run}: skipped")
        return 0
    stances = _read(args.run, "stances", ["doc_id", "sent_id", "actor", "score", "voice"])
    speakers = _read(args.run, "speakers")
    sentences = _read(args.run, "sentences", ["doc_id", "sent_id", "is_title"])
    bias = pd.read_parquet(DATA, columns=["doc_id", "outlet_bias"])
    art = article_stance(stances, sentences=sentences, quotes=speakers)
    own = (
        stances[stances["voice"] == "outlet"]
        .groupby(["doc_id", "actor"], as_index=False)["score"]
        .mean()
        .rename(columns={"score": "own_mean"})
    )
    art = art.merge(own, on=["doc_id", "actor"], how="left").merge(bias, on="doc_id")
    docs = _read(args.run, "docs", None)
    if "source_kind" in docs and not args.include_wire:
        own_docs = set(docs.loc[docs["source_kind"] == "own", "doc_id"])
        print(f"own reporting only: {len(own_docs)} of {len(docs)} articles")
        art = art[art["doc_id"].isin(own_docs)]
    stories = None
    if (args.run / "similarity.parquet").exists():  # regrouped with today's cut-offs
        stories = group_stories(_read(args.run, "similarity"), docs)
    print(f"run: {args.run}; {art['doc_id'].nunique()} articles with a scored actor")
    print("actor        measure        n left  n right  left    right   right-left [95% CI]        expected  verdict")
    for actor, sign in EXPECTED.items():
        g = art[art["actor"] == actor]
        for col, what in (("article_score", "article"), ("own_mean", "own sentences")):
            left = g.loc[g["outlet_bias"] == "left", col].dropna().to_numpy()
            right = g.loc[g["outlet_bias"] == "right", col].dropna().to_numpy()
            if min(len(left), len(right)) < args.min_articles:
                print(f"{actor:12} {what:14} {len(left):6} {len(right):8}  too few articles for a comparison")
                continue
            d = right.mean() - left.mean()
            lo, hi = diff_interval(right, left)
            verdict = _verdict(lo, hi, sign)
            print(
                f"{actor:12} {what:14} {len(left):6} {len(right):8}  {left.mean():+.3f}  {right.mean():+.3f}  "
                f"{d:+.3f} [{lo:+.3f}, {hi:+.3f}]   {'+' if sign > 0 else '-':8}  {verdict}"
            )
        if stories is None:
            print(f"{actor:12} within stories  the run has no stories table (similarity off, or older code)")
            continue
        diffs = within_stories(art, stories, actor)
        if len(diffs) < args.min_stories:
            print(f"{actor:12} within stories  {len(diffs)} stories with both groups: too few for a comparison")
            continue
        lo, hi = story_interval(diffs)
        print(
            f"{actor:12} within stories {len(diffs):6} stories         {diffs.mean():+.3f} [{lo:+.3f}, {hi:+.3f}]"
            f"   {'+' if sign > 0 else '-':8}  {_verdict(lo, hi, sign)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

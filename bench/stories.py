"""The story cut-off: which TF-IDF cosine links two articles about the same event.

    python bench/stories.py            # dev pairs: precision / recall of "same story" per cut-off
    python bench/stories.py --split test

tests/gold/stories/pairs.csv holds 150 pairs of AllSides articles from different outlets, published
at most three days apart (May–June 2020), drawn evenly from six bands of the suite's own cosine
(its similarity table on those two months), half dev and half test; labels.csv holds a separate
annotator's judgement (same / related / different) from GUIDELINES.md. A cut-off links a pair
when its cosine is at least the cut-off; "same" is the positive class. The pairs were drawn by
band, not at random, so precision here is per band mix, not the corpus's: the curve, not one
figure, is what to read.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

GOLD = Path(__file__).resolve().parent.parent / "tests" / "gold" / "stories"
CUTS = np.round(np.arange(0.10, 0.501, 0.025), 3)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="dev", choices=["dev", "test", "all"])
    ap.add_argument("--cut", type=float, default=None, help="also list the disagreements at this cut-off")
    ap.add_argument("--days", type=int, default=3, help="link only pairs at most this many days apart")
    a = ap.parse_args()
    pairs = pd.read_csv(GOLD / "pairs.csv").merge(pd.read_csv(GOLD / "labels.csv", keep_default_na=False), on="pair_id")
    if a.split != "all":
        pairs = pairs[pairs["split"] == a.split]
    print(pd.crosstab(pairs["dd"], pairs["label"]).rename_axis("days apart"))
    near = (pairs["dd"] <= a.days).to_numpy()
    same = (pairs["label"] == "same").to_numpy()
    print(
        f"split {a.split}: {len(pairs)} pairs, {int(same.sum())} same, "
        f"{int((pairs['label'] == 'related').sum())} related, {int((pairs['label'] == 'different').sum())} different"
    )
    print(pd.crosstab(pd.cut(pairs["cosine"], [0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 1.0], right=False), pairs["label"]))
    print(f"pairs at most {a.days} days apart linked when cosine >= cut")
    print(" cut   linked  P      R      F1")
    for cut in CUTS:
        linked = (pairs["cosine"] >= cut).to_numpy() & near
        tp = int((linked & same).sum())
        p = tp / linked.sum() if linked.sum() else float("nan")
        r = tp / same.sum() if same.sum() else float("nan")
        f = 2 * p * r / (p + r) if p + r else float("nan")
        print(f"{cut:.3f} {int(linked.sum()):6d}  {p:.3f}  {r:.3f}  {f:.3f}")
    if a.cut is not None:
        wrong = pairs[((pairs["cosine"] >= a.cut) & (pairs["dd"] <= a.days)) != (pairs["label"] == "same")]
        for r in wrong.sort_values("cosine").itertuples():
            print(f"- {r.pair_id} cos {r.cosine:.3f} {r.label:9s} {r.outlet_a} / {r.outlet_b}: {r.event}")


if __name__ == "__main__":
    main()

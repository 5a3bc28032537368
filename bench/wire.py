"""Wire and syndicated copy: sample the gold set, and score ``source_kind`` against it.

    python bench/wire.py sample --out /work/scratch/wire   # articles.csv + annotator packets
    python bench/wire.py score [--split dev|test|all]       # precision / recall / misses

The gold set (tests/gold/wire/) is 120 AllSides articles: 50 drawn at random and 70 among those
that name a news agency or a syndication anywhere (so that wire copy and its look-alikes, photo
credits and "Reuters reported", are well represented), every other one dev, the rest test.
Skips with a message when ../shared/data/allsides/ is absent.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from gold_sample import allsides, sample_score_main, two_batches, untaken, write_packets

GOLD = ROOT / "tests" / "gold" / "wire"
HINT = re.compile(
    r"\b(?:AP|Reuters|AFP|UPI|Associated Press|Agence France|Bloomberg|syndicat\w*"
    r"|originally (?:appeared|published))\b",
    re.I,
)


def sample(out: Path, *, seed: int = 22) -> None:
    """Draw the 120 articles; write ``articles.csv`` (ids, split) into the gold folder and one
    packet per annotator (title, outlet, authors, text) into ``out``."""
    d = untaken(allsides(), min_chars=800, max_chars=12000)
    hinted = d["text"].str.contains(HINT) | d["authors"].fillna("").str.contains(HINT)
    hint = d[hinted].sample(70, random_state=seed)
    rest = d.drop(hint.index).sample(50, random_state=seed)
    s = pd.concat([hint, rest]).sample(frac=1, random_state=seed).reset_index(drop=True)
    s["drawn"] = ["hinted" if x in set(hint["doc_id"]) else "random" for x in s["doc_id"]]
    s["split"] = ["dev" if i % 2 == 0 else "test" for i in s.groupby("drawn").cumcount()]
    s["batch"] = two_batches(len(s))
    cols = ["doc_id", "outlet", "outlet_bias", "date", "topic", "split", "batch", "drawn"]
    s[cols].to_csv(GOLD / "articles.csv", index=False)
    n = write_packets(
        out,
        s,
        lambda r: (
            f"\n\n======== ARTICLE {r.doc_id}\nOUTLET: {r.outlet}\nAUTHORS: {r.authors or ''}\n"
            f"TITLE: {r.title}\nTEXT:\n{r.text}\n"
        ),
    )
    print(f"wrote {GOLD / 'articles.csv'} and {n} packets in {out}")


def score(*, split: str) -> None:
    """Print, on the chosen split, the confusion of gold and detected ``source_kind``, precision
    and recall of "not own" (wire or syndicated) and of wire alone, and every disagreement."""
    from analysis.ingest.provenance import detect_source

    d = allsides().set_index("doc_id")
    arts = pd.read_csv(GOLD / "articles.csv", dtype=str)
    gold = pd.read_csv(GOLD / "labels.csv", dtype=str, keep_default_na=False).merge(arts, on="doc_id")
    if split != "all":
        gold = gold[gold["split"] == split]
    got = []
    for doc_id in gold["doc_id"]:
        r = d.loc[doc_id]
        got.append(detect_source(f"{r['title']}\n{r['text']}", outlet=r["outlet"], authors=r["authors"] or ""))
    gold = gold.assign(
        got=[g.kind for g in got], got_agency=[g.agency for g in got], got_evidence=[g.evidence for g in got]
    )
    gold = gold[gold["label"] != "unclear"]
    print(f"split {split}: {len(gold)} articles (unclear left out)")
    print(pd.crosstab(gold["label"], gold["got"], rownames=["gold"], colnames=["detected"]).to_string())
    for name, positive in (("not own", {"wire", "syndicated"}), ("wire", {"wire"})):
        g, p = gold["label"].isin(positive), gold["got"].isin(positive)
        tp = int((g & p).sum())
        prec = tp / p.sum() if p.sum() else float("nan")
        rec = tp / g.sum() if g.sum() else float("nan")
        print(f"{name:8s} gold {int(g.sum()):3d} detected {int(p.sum()):3d} right {tp:3d}  P {prec:.3f}  R {rec:.3f}")
    bad = gold[gold["label"] != gold["got"]]
    for r in bad.itertuples():
        print(f"- {r.doc_id} {r.outlet}: gold {r.label} ({r.agency}: {r.evidence!r}) got {r.got} ({r.got_evidence!r})")


if __name__ == "__main__":
    raise SystemExit(sample_score_main(__doc__, sample, score))

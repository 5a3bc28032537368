"""What the gold-set benches share: the AllSides corpus, and the articles no gold set has taken yet."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
ALLSIDES = ROOT.parent / "shared" / "data" / "allsides" / "articles.parquet"


def allsides() -> pd.DataFrame:
    """The AllSides articles; exits with a message where the corpus is absent."""
    if not ALLSIDES.exists():
        sys.exit(f"skipped: {ALLSIDES} is absent (the AllSides corpus is needed for this benchmark)")
    return pd.read_parquet(ALLSIDES)


def untaken(d: pd.DataFrame, *, min_chars: int, max_chars: int) -> pd.DataFrame:
    """The articles of ``d`` in no gold set's ``articles.csv`` yet, of ``min_chars``–``max_chars``
    characters (so that each gold set is drawn from articles none of the others holds)."""
    taken: set[str] = set()
    for p in (ROOT / "tests" / "gold").rglob("articles.csv"):
        taken |= set(pd.read_csv(p, dtype=str)["doc_id"])
    return d[~d["doc_id"].isin(taken) & d["text"].str.len().between(min_chars, max_chars)]


def two_batches(n: int) -> list[int]:
    """Batch 1, 2, 1, 2, ... for ``n`` items: one packet per annotator, each half of the draw."""
    return [i % 2 + 1 for i in range(n)]


def write_packets(out: Path, rows: pd.DataFrame, entry: Callable[[Any], str]) -> int:
    """One ``packetN.md`` per value N of ``rows.batch`` in ``out``: each row's ``entry`` (a row of
    ``itertuples``) in order. Returns the number of packets."""
    out.mkdir(parents=True, exist_ok=True)
    for b, part in rows.groupby("batch"):
        with open(out / f"packet{b}.md", "w", encoding="utf-8") as f:
            for r in part.itertuples():
                f.write(entry(r))
    return int(rows["batch"].nunique())


def sample_score_main(doc: str | None, sample: Callable[[Path], None], score: Callable[..., object]) -> int:
    """The command line of a gold-set bench: ``sample --out DIR`` and ``score --split dev|test|all``."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("sample").add_argument("--out", type=Path, required=True)
    sub.add_parser("score").add_argument("--split", choices=["dev", "test", "all"], default="dev")
    a = ap.parse_args()
    if a.cmd == "sample":
        sample(a.out)
        return 0
    score(split=a.split)
    return 0

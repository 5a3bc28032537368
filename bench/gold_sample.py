"""What the gold-set benches share: the AllSides corpus, and the articles no gold set has taken yet."""

from __future__ import annotations

import sys
from pathlib import Path

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

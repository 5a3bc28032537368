"""Accurate outlet means for a run scored with the fast scorer: the accurate scorer on a random
sample of its articles, combined with the fast scores of every sentence by prediction-powered
inference (:mod:`analysis.stance.ppi`), written beside the run's tables as ``stance_ppi``.

``python -m analysis ppi --tables DIR [--rate 0.2]`` runs it on a finished run (in memory or
batched). The sample is drawn by a hash of each doc_id, so a rerun with the same seed draws the
same articles; the sampled articles' stance pairs are rebuilt from the run's own sentences,
mentions and references, exactly as the run scored them, and scored again with the accurate
scorer. On 697 AllSides articles a 20% sample gave intervals that held the all-accurate mean in
95.7% of repeated draws at 0.24 of the all-accurate cost (bench/ppi.py, bench/RESULTS.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from analysis.mentions.references import with_references
from analysis.stance.ppi import STANCE_PPI_COLUMNS, doc_sample, stance_ppi
from analysis.stance.scoring import score_mentions
from analysis.tables import RunTables

__all__ = ["PPIError", "combine_with_accurate"]


class PPIError(ValueError):
    """A run the combined estimate cannot be made for (no stances, or already scored accurately)."""


def combine_with_accurate(folder: str | Path, *, rate: float = 0.2, seed: int = 0) -> pd.DataFrame:
    """The stance_ppi table of the finished run in ``folder`` (also written there as
    ``stance_ppi.parquet``, and its row count into run.json)."""
    if not 0 < rate <= 1:
        raise PPIError(f"--rate: {rate} is not in (0, 1]")
    run = RunTables(folder)
    scorer = str(run.scorer or "")
    if not scorer or "stances" not in run:
        raise PPIError(f"{folder}: the run scored no stance (scorer none); there is nothing to combine")
    if not scorer.startswith("fast"):
        raise PPIError(f"{folder}: the run scored every sentence with the {scorer} scorer; nothing to combine")
    docs = run.read("docs", columns=["doc_id", "outlet", "source_kind"])
    ids = sorted(doc_sample(docs["doc_id"], rate=rate, seed=seed))
    accurate = pd.DataFrame(columns=["doc_id", "sent_id", "actor", "score"])
    if ids:
        where = [("doc_id", "in", ids)]
        sentences = run.read("sentences", filters=where)
        mentions = run.read("mentions", filters=where)
        references = run.read("references", filters=where) if "references" in run else None
        accurate = score_mentions(sentences, with_references(mentions, references), scorer="accurate")
    stances = run.read("stances", columns=["doc_id", "sent_id", "actor", "score", "voice"])
    table = stance_ppi(
        stances,
        docs,
        accurate,
        rate=rate,
        include_wire=bool(run.settings.get("include_wire", False)),
        n_boot=int(run.settings.get("n_boot", 2000)),
        seed=seed,
    )[STANCE_PPI_COLUMNS]
    out = Path(folder)
    table.to_parquet(out / "stance_ppi.parquet", index=False)
    meta_path = out / "run.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.setdefault("rows", {})["stance_ppi"] = len(table)
    meta.setdefault("settings", {})["ppi"] = {"rate": rate, "seed": seed, "sampled_articles": len(ids)}
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return table

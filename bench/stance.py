"""Benchmark: the stance scorers on NewsMTSC devtest_rw, quality and speed measured in one run.

Prints macro-F1, accuracy, per-class precision / recall / F1 and pairs per second for the
accurate scorer (both cores, and one thread), the fast scorer (pinned to one core) and
sentence-level VADER (one core, the baseline), each timed over all devtest_rw pairs; speed is the
median of --repeats runs. Usage:
    .venv/bin/python bench/stance.py [--data training/data/newsmtsc/devtest_rw.jsonl] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

import numpy as np

from analysis.stance.scoring import LABELS, VaderScorer
from analysis.stance.validation import POLARITY, classification_report, read_newsmtsc

ROOT = Path(__file__).resolve().parent.parent


def _pairs(path: Path) -> tuple[list[str], list[tuple[int, int]], list[str]]:
    texts, spans, gold = [], [], []
    for rec in read_newsmtsc(path):
        for t in rec["targets"]:
            texts.append(rec["sentence_normalized"])
            spans.append((t["from"], t["to"]))
            gold.append(POLARITY[t["polarity"]])
    return texts, spans, gold


def _measure(name: str, scorer, texts, spans, gold, *, repeats: int, cores: set[int] | None) -> dict:
    old = os.sched_getaffinity(0)
    if cores is not None:
        os.sched_setaffinity(0, cores)
    try:
        scorer.predict_proba(texts[:32], spans[:32])  # warm-up (sessions, caches)
        times, proba = [], None
        for _ in range(repeats):
            start = time.perf_counter()
            proba = scorer.predict_proba(texts, spans)
            times.append(time.perf_counter() - start)
    finally:
        os.sched_setaffinity(0, old)
    pred = [LABELS[i] for i in np.asarray(proba).argmax(axis=1)]
    rep = classification_report(gold, pred)
    rep.update(name=name, seconds=statistics.median(times), pairs_per_s=len(texts) / statistics.median(times))
    return rep


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "training" / "data" / "newsmtsc" / "devtest_rw.jsonl")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-accurate", action="store_true")
    parser.add_argument("--core", type=int, default=0, help="core for the one-core measurements")
    parser.add_argument(
        "--skip-two-threads", action="store_true", help="only one-core measurements (when the other core is busy)"
    )
    args = parser.parse_args()
    texts, spans, gold = _pairs(args.data)
    print(f"{args.data.name}: {len(texts)} (sentence, target) pairs; cores available: {len(os.sched_getaffinity(0))}")
    from analysis.stance.scorers.fast import FastScorer

    results = [
        _measure(
            "vader, whole sentence (1 core)", VaderScorer(), texts, spans, gold, repeats=args.repeats, cores={args.core}
        ),
        _measure("fast (1 core)", FastScorer(), texts, spans, gold, repeats=args.repeats, cores={args.core}),
    ]
    if not args.skip_accurate:
        from analysis.stance.scorers.accurate import AccurateScorer

        if not args.skip_two_threads:
            results.append(
                _measure(
                    "accurate, onnxruntime (2 threads)",
                    AccurateScorer(threads=2),
                    texts,
                    spans,
                    gold,
                    repeats=args.repeats,
                    cores=None,
                )
            )
            results.append(
                _measure(
                    "accurate, batch 8 (2 threads)",
                    AccurateScorer(threads=2, batch_size=8),
                    texts,
                    spans,
                    gold,
                    repeats=args.repeats,
                    cores=None,
                )
            )
        results.append(
            _measure(
                "accurate, onnxruntime (1 thread)",
                AccurateScorer(threads=1),
                texts,
                spans,
                gold,
                repeats=args.repeats,
                cores={args.core},
            )
        )
    base = results[0]["pairs_per_s"]
    print(f"\n{'scorer':<36}{'macro-F1':>9}{'accuracy':>9}{'pairs/s':>10}{'vs VADER':>9}")
    for r in results:
        print(
            f"{r['name']:<36}{r['macro_f1']:>9.4f}{r['accuracy']:>9.4f}"
            f"{r['pairs_per_s']:>10.0f}{r['pairs_per_s'] / base:>8.2f}x"
        )
    for r in results:
        print(f"\n{r['name']}: per class (precision / recall / F1 / support); confusion rows = gold")
        for c in LABELS:
            m = r["per_class"][c]
            print(f"  {c:<9} {m['precision']:.4f} / {m['recall']:.4f} / {m['f1']:.4f} / {m['support']}")
        for c, row in zip(LABELS, r["confusion"]):
            print(f"  {c:<9}" + "".join(f"{v:>6}" for v in row))


if __name__ == "__main__":
    main()

"""Benchmark: per-stage throughput of the table pipeline on the seed corpus replicated N times.

Prints, per stage, the median wall time over --repeats runs, articles per second and MB of text
per second, and the peak resident memory of the process. Usage:
    .venv/bin/python bench/pipeline.py [--copies 200] [--repeats 3]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

import pandas as pd

from analysis.ingest.actors import load_actors
from analysis.ingest.clean import clean_docs
from analysis.ingest.corpus import load_corpus
from analysis.mentions.matching import find_mentions
from analysis.mentions.salience import doc_salience, outlet_salience
from analysis.text.sentences import split_sentences, tokenize_sentences

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=200, help="copies of each seed article")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    seeds = load_corpus(ROOT / "seeds").docs
    docs = pd.concat([seeds.assign(doc_id=seeds["doc_id"] + f"-{k}") for k in range(args.copies)], ignore_index=True)
    mb = docs["text"].str.len().sum() / 1e6
    actors = load_actors()
    stages = {
        "clean": lambda t: clean_docs(docs),
        "sentences": lambda t: split_sentences(docs, t["clean"][0]),
        "tokens": lambda t: tokenize_sentences(t["sentences"]),
        "mentions": lambda t: find_mentions(docs, t["sentences"], actors),
        "salience": lambda t: outlet_salience(doc_salience(docs, t["sentences"], t["mentions"], actors.ids)),
    }
    times: dict[str, list[float]] = {k: [] for k in stages}
    for _ in range(args.repeats):
        t: dict = {}
        for name, fn in stages.items():
            start = time.perf_counter()
            t[name] = fn(t)
            times[name].append(time.perf_counter() - start)
    print(f"{len(docs)} articles, {mb:.2f} MB of text; median of {args.repeats} runs")
    print(f"{'stage':<10} {'seconds':>8} {'articles/s':>11} {'MB/s':>7}")
    total = 0.0
    for name, ts in times.items():
        med = statistics.median(ts)
        total += med
        print(f"{name:<10} {med:8.3f} {len(docs) / med:11.0f} {mb / med:7.2f}")
    print(f"{'total':<10} {total:8.3f} {len(docs) / total:11.0f} {mb / total:7.2f}")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()

"""Benchmark: document similarity (TF-IDF + top-10 neighbours) and sentence reuse at 1k, 10k, 100k.

For each size N a corpus is generated from real NewsMTSC sentences (bench/generate.py) and the
suite's scalable path is timed: TF-IDF, chunked sparse top-10 neighbours, and reuse candidates
(identical-sentence groups + shingle index, near-verbatim classification). Beside it, where it
fits in memory (N <= --brute-max), the brute-force baseline: a dense N × N similarity matrix and a
full sort, and all-pairs sentence comparison for the smallest N. Prints seconds (median of
--repeats), articles per second, and the peak resident memory of each step (measured in a fresh
child process per step, so steps do not inherit each other's peaks).

    .venv/bin/python bench/similarity.py [--sizes 1000 10000 100000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import statistics
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent


def _sentences(n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Docs and a sentences table for a generated corpus (sentence split on the generator's joins)."""
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    recs = list(generate(n))
    docs = pd.DataFrame(recs)
    rows = []
    for d in recs:
        pos = 0
        for k, sent in enumerate([d["title"]] + d["text"].split(". ")):
            rows.append(
                {"doc_id": d["doc_id"], "sent_id": k, "start": pos, "text": sent, "n_words": sent.count(" ") + 1}
            )
            pos += len(sent) + 2
    return docs, pd.DataFrame(rows)


def _step(name: str, n: int, queue: mp.Queue) -> None:
    """Run one timed step in this (child) process and report seconds and peak RSS."""
    from analysis.compare.reuse import align_sentences
    from analysis.compare.similarity import brute_force_top_k, top_k_neighbors
    from analysis.compare.terms import TfidfSettings, doc_texts, tfidf_matrix

    docs, sents = _sentences(n)
    texts = doc_texts(docs, sents)
    settings = TfidfSettings(min_df=2, max_df=0.05)
    start = time.perf_counter()
    if name == "tfidf+top10":
        X, _ = tfidf_matrix(texts, settings=settings)
        top_k_neighbors(X, k=10, chunk=256)
    elif name == "brute tfidf+top10":
        X, _ = tfidf_matrix(texts, settings=settings)
        brute_force_top_k(X, k=10)
    elif name == "reuse (LSH)":
        align_sentences(sents, docs, exhaustive=False)
    elif name == "reuse (all pairs)":  # the brute-force baseline: every sentence pair compared
        align_sentences(sents, docs, exhaustive=True, include_unrelated=False)
    seconds = time.perf_counter() - start
    queue.put(
        {
            "seconds": seconds,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "sentences": len(sents),
        }
    )


def measure(name: str, n: int, repeats: int) -> dict:
    """Median over repeats of one step, each in a fresh process."""
    ctx = mp.get_context("fork")
    runs = []
    for _ in range(repeats):
        q = ctx.Queue()
        p = ctx.Process(target=_step, args=(name, n, q))
        p.start()
        runs.append(q.get())
        p.join()
    return {
        "step": name,
        "n": n,
        "seconds": statistics.median(r["seconds"] for r in runs),
        "peak_mb": max(r["peak_mb"] for r in runs),
        "sentences": runs[0]["sentences"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--brute-max", type=int, default=10000, help="largest N for the dense baseline")
    parser.add_argument("--pairs-max", type=int, default=100, help="largest N for all-pairs sentence comparison")
    parser.add_argument("--reuse-max", type=int, default=10000, help="largest N for the reuse step")
    parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON")
    args = parser.parse_args()
    results = []
    for n in args.sizes:
        reps = args.repeats if n <= 10000 else 1
        steps = ["tfidf+top10"] + (["reuse (LSH)"] if n <= args.reuse_max else [])
        if n <= args.brute_max:
            steps.append("brute tfidf+top10")
        if n <= args.pairs_max:
            steps.append("reuse (all pairs)")
        for step in steps:
            r = measure(step, n, reps)
            r["repeats"] = reps
            results.append(r)
            print(
                f"N={n:>7} {step:<20} {r['seconds']:9.2f} s {n / r['seconds']:10.0f} articles/s  "
                f"peak {r['peak_mb']:7.0f} MB"
                f"  ({r['sentences']} sentences, median of {reps})",
                flush=True,
            )
    print("\nratios (baseline seconds / suite seconds, same run):")
    for n in args.sizes:
        by = {r["step"]: r for r in results if r["n"] == n}
        if "brute tfidf+top10" in by:
            print(
                f"  N={n}: top-10 neighbours {by['brute tfidf+top10']['seconds'] / by['tfidf+top10']['seconds']:.2f}x"
            )
        if "reuse (all pairs)" in by:
            print(f"  N={n}: reuse {by['reuse (all pairs)']['seconds'] / by['reuse (LSH)']['seconds']:.2f}x")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

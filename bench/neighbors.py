"""Benchmark: the approximate top-k neighbour search against the exact one, on generated corpora.

For each size and generator (plain resampling, and --stories: articles grouped in stories that
share sentences and names), builds the TF-IDF matrix the pipeline builds (kept text, min_df 2,
max_df 0.05), runs the exact chunked search and the approximate one (analysis.neighbors) in the
same process, and prints seconds (CPU and wall) for each, recall@10 (share of the exact top-10
that the approximate search returns) and the ratio of the mean reported cosine to the exact one.
The exact search is skipped above --exact-max documents. Usage:
    .venv/bin/python bench/neighbors.py [--sizes 10000 20000] [--stories] [--plain]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def tfidf(n: int, stories: bool, data: Path):
    """The pipeline's TF-IDF rows of a generated corpus (cached as .npz)."""
    import scipy.sparse as sp
    from generate import generate

    from analysis.compare.terms import TfidfSettings, doc_term_counts, tfidf_from_counts

    path = data / f"tfidf-{n}{'-stories' if stories else ''}.npz"
    if path.exists():
        return sp.load_npz(path).tocsr()
    frame = pd.DataFrame(generate(n, stories=stories))
    settings = TfidfSettings(min_df=2, max_df=0.05)
    X, _ = tfidf_from_counts(
        [doc_term_counts((frame["title"] + "\n" + frame["text"]).tolist(), settings=settings)], settings=settings
    )
    data.mkdir(parents=True, exist_ok=True)
    sp.save_npz(path, X)
    return X


def timed(fn):
    """(value, CPU seconds, wall seconds) of fn()."""
    c, w = time.process_time(), time.perf_counter()
    value = fn()
    return value, time.process_time() - c, time.perf_counter() - w


def main() -> None:
    from analysis.compare.neighbors import approximate_top_k
    from analysis.compare.similarity import top_k_neighbors

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 20000])
    parser.add_argument("--exact-max", type=int, default=100_000)
    parser.add_argument("--data", type=Path, default=Path("/tmp/framing-bench"))
    parser.add_argument("--plain", action="store_true", help="only the plain generator")
    parser.add_argument("--stories", action="store_true", help="only the story generator")
    args = parser.parse_args()
    kinds = [False] if args.plain else [True] if args.stories else [False, True]
    print(f"{'corpus':<22}{'n':>9}{'exact CPU/wall s':>20}{'approx CPU/wall s':>20}{'recall@10':>11}{'cos ratio':>11}")
    for stories in kinds:
        for n in args.sizes:
            X = tfidf(n, stories, args.data)
            (aidx, aval), ac, aw = timed(lambda X=X: approximate_top_k(X, k=10))
            row = f"{'stories' if stories else 'plain resampling':<22}{n:>9,}"
            if n <= args.exact_max:
                (eidx, evalue), ec, ew = timed(lambda X=X: top_k_neighbors(X, k=10))
                hits = [len(set(a[a >= 0]) & set(b[b >= 0])) / max(1, int((b >= 0).sum())) for a, b in zip(aidx, eidx)]
                row += (
                    f"{ec:>10.1f}/{ew:<9.1f}{ac:>10.1f}/{aw:<9.1f}"
                    f"{np.mean(hits):>11.3f}{aval.mean() / evalue.mean():>11.4f}"
                )
            else:
                row += f"{'—':>20}{ac:>10.1f}/{aw:<9.1f}{'—':>11}{'—':>11}"
            print(row, flush=True)


if __name__ == "__main__":
    main()

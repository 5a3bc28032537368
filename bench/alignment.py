"""The sentence alignment of a small corpus (every sentence against every other document's), timed
against a previous checkout of the package on the same sentences, with whether the two alignments
are the same row for row.

    .venv/bin/python bench/alignment.py --n 40 --seed 7 --baseline /tmp/base --repeat 3

Draws ``--n`` AllSides articles (../shared/data/allsides/, seed stated), splits them into sentences
with the suite's splitter (paragraphs: the text's non-empty lines), then times
``align_sentences(..., exhaustive=True)`` ``--repeat`` times in a fresh process per run, this
checkout and the ``--baseline`` tree (``git worktree add /tmp/base HEAD~1``) alternating, and
prints each one's median, the ratio, and whether the outputs are equal. Skips with a message
where the data are absent.
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "allsides" / "articles.parquet"

_RUN = """
import pickle, sys, time
from analysis.compare.reuse import align_sentences
sentences, docs = pickle.load(open(sys.argv[1], "rb"))
t = time.perf_counter()
out = align_sentences(sentences, docs, exhaustive=True)
secs = time.perf_counter() - t
pickle.dump((secs, out), open(sys.argv[2], "wb"))
"""


def corpus(n: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n`` AllSides articles (seed ``seed``) as the sentences and docs tables the alignment reads."""
    sys.path.insert(0, str(ROOT))
    from analysis.text.sentences import split_sentences

    frame = pd.read_parquet(DATA, columns=["doc_id", "outlet", "text"]).sample(n=n, random_state=seed)
    docs = frame.reset_index(drop=True)
    paras = []
    for d, text in zip(docs["doc_id"], docs["text"]):
        start = 0
        for i, line in enumerate(text.split("\n")):
            if line.strip():
                paras.append({"doc_id": d, "para_id": i, "start": start, "end": start + len(line), "is_title": False})
            start += len(line) + 1
    return split_sentences(docs, pd.DataFrame(paras), train=False), docs


def timed(tree: Path, data: Path) -> tuple[float, pd.DataFrame]:
    """One alignment in a fresh process with the package of ``tree``."""
    out = data.with_suffix(f".{tree.name}.out")
    subprocess.run(
        [sys.executable, "-c", _RUN, str(data), str(out)], cwd=tree, check=True, env={"PYTHONPATH": str(tree)}
    )
    with out.open("rb") as f:
        return pickle.load(f)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline", type=Path, help="a checkout of the previous code")
    args = ap.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} is absent (the AllSides data live in ../shared/data/allsides/)")
        return 0
    sentences, docs = corpus(args.n, args.seed)
    print(f"{len(docs)} articles (seed {args.seed}), {len(sentences)} sentences")
    data = Path(tempfile.mkdtemp()) / "input.pkl"
    with data.open("wb") as f:
        pickle.dump((sentences, docs), f)
    trees = [ROOT] + ([args.baseline.resolve()] if args.baseline else [])
    times: dict[Path, list[float]] = {t: [] for t in trees}
    outputs: dict[Path, pd.DataFrame] = {}
    for _ in range(args.repeat):
        for tree in trees:
            secs, out = timed(tree, data)
            times[tree].append(secs)
            outputs[tree] = out
    for tree in trees:
        print(f"{tree}: median {statistics.median(times[tree]):.2f} s of {args.repeat} ({len(outputs[tree])} rows)")
    if args.baseline:
        base, this = statistics.median(times[trees[1]]), statistics.median(times[ROOT])
        print(f"ratio baseline / this: {base / this:.2f}x")
        try:
            pd.testing.assert_frame_equal(outputs[ROOT], outputs[trees[1]], check_exact=True)
            print("alignments: the same, row for row")
        except AssertionError as err:
            print(f"alignments differ: {str(err)[:500]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

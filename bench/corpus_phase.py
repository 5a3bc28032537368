"""The corpus phase of a batched run (every table that spans documents) at the size of a real study.

A finished batched run's per-document partitions are copied N times, each copy's doc_ids suffixed,
and the cross-document steps (``cross_tables``, similarity left out: copies of the same articles
would all be near-duplicates) are timed one by one on the copies. With ``--baseline TREE`` (a
checkout of the previous code, e.g. ``git worktree add /tmp/base HEAD~1``) the same timing runs
with that tree's package in a second process, one after the other, and the ratios are printed.

    python bench/allsides.py --n 1000 --seed 19 --scorer accurate --out /tmp/as1k
    python bench/corpus_phase.py --run /tmp/as1k/run --times 1 5 37 [--baseline /tmp/base]

Prints, per size: seconds per step, the whole corpus phase and the process's peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
STEPS = [
    "outlet_salience",
    "outlet_sources",
    "aggregate_stances",
    "label_counts",
    "distinctive_labels",
    "voice_shares",
    "reporting_verbs",
    "speaker_topics",
    "role_counts",
    "role_verbs",
    "text_occurrences",
    "omission_table",
    "timeline",
    "article_table",
]


def replicate(run: Path, out: Path, times: int) -> int:
    """Copy the run's per-document partitions ``times`` times into ``out``; returns the documents."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    n_batches = len(sorted((run / "docs").glob("part-*.parquet")))
    if n_batches == 0:
        raise SystemExit(f"{run}: no docs partitions; give the output folder of a batched run (bench/allsides.py)")
    docs = 0
    for table in sorted(p for p in run.iterdir() if p.is_dir() and not p.name.startswith("_")):
        parts = sorted(table.glob("part-*.parquet"))
        if not parts:
            continue
        (out / table.name).mkdir()
        for i, part in enumerate(parts):
            frame = pd.read_parquet(part)
            for r in range(times):
                copy = frame.assign(doc_id=frame["doc_id"].astype(str) + f"~{r}") if "doc_id" in frame else frame
                copy.to_parquet(out / table.name / f"part-{r * n_batches + i:06d}.parquet", index=False)
                docs += len(copy) if table.name == "docs" else 0
    return docs


def time_steps(run: Path) -> dict[str, float]:
    """Seconds of each cross-document step and of the whole phase on the partitions in ``run``."""
    import analysis.run.cross as cross
    from analysis.run.partitions import PartitionSink, PartitionSource

    n_batches = len(sorted((run / "docs").glob("part-*.parquet")))
    docs = [run / "docs" / f"part-{i:06d}.parquet" for i in range(n_batches)]
    counts = [len(pd.read_parquet(path, columns=["doc_id"])) for path in docs]
    seconds: dict[str, float] = {}
    for name in STEPS:
        step = getattr(cross, name, None)
        if step is None:
            continue

        def timed(*args, _fn=step, _name=name, **kwargs):  # type: ignore[no-untyped-def]
            t = time.perf_counter()
            result = _fn(*args, **kwargs)
            seconds[_name] = seconds.get(_name, 0.0) + time.perf_counter() - t
            return result

        setattr(cross, name, timed)
    sink_dir = run / "_bench_sink"
    shutil.rmtree(sink_dir, ignore_errors=True)
    t0 = time.perf_counter()
    cross.cross_tables(
        PartitionSource(run, counts, stance=(run / "stances").exists()),
        PartitionSink(sink_dir),
        similarity=False,
        framing=(run / "quotes").exists(),
        threads=1,
    )
    seconds["corpus phase"] = time.perf_counter() - t0
    seconds["peak MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    seconds["documents"] = float(sum(counts))
    return seconds


def _timed_in(tree: Path, run: Path) -> dict[str, float]:
    """:func:`time_steps` in a fresh process importing the package from ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    code = f"import sys; sys.path.insert(0, {str(tree)!r}); sys.path.insert(1, {str(ROOT / 'bench')!r}); "
    code += "import json, pathlib, corpus_phase; "
    code += f"print(json.dumps(corpus_phase.time_steps(pathlib.Path({str(run)!r}))))"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"timing with {tree} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", type=Path, required=True, help="output folder of a finished batched run")
    p.add_argument("--times", type=int, nargs="+", default=[1, 5], help="copies of the run to time (default: 1 5)")
    p.add_argument("--baseline", type=Path, help="a checkout of the previous code, timed in the same run")
    p.add_argument("--scratch", type=Path, default=Path("/tmp/framing-bench/corpus-phase"))
    args = p.parse_args()
    for times in args.times:
        copies = args.scratch / f"x{times}"
        docs = replicate(args.run, copies, times)
        print(f"\n{times} cop{'y' if times == 1 else 'ies'} of {args.run}: {docs:,} documents")
        now = _timed_in(ROOT, copies)
        before = _timed_in(args.baseline, copies) if args.baseline else None
        print(f"  {'step':<20} {'seconds':>9}" + (f" {'baseline':>9} {'ratio':>7}" if before else ""))
        for name, value in now.items():
            if name == "documents":
                continue
            line = f"  {name:<20} {value:>9.1f}"
            if before is not None and name in before:
                ratio = before[name] / value if value > 0 else float("nan")
                line += f" {before[name]:>9.1f} {ratio:>6.1f}x"
            print(line)
        shutil.rmtree(copies, ignore_errors=True)


if __name__ == "__main__":
    main()

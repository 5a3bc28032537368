"""Peak memory and time of the corpus phase of a finished batched run, as ``run`` computes it,
with this code and, optionally, a checkout of the previous code; and of the report's omission
sections on the same run.

The corpus phase (every table that spans documents: ``cross_tables``, with the same threads as
``run`` on two cores) is recomputed from the run's partitions in a fresh process per code tree,
its resident memory sampled every 0.05 s and attributed to the step running (the steps that run
side by side in threads are one entry); the tables written by the run are then compared with
the recomputed ones, row for row. ``--report`` also times the framing notebook's omission
sections (chart, claims, evidence) and their peak.

    python bench/allsides.py --n 37554 --seed 23 --scorer accurate --out /work/scratch/full
    python bench/corpus_memory.py --run /work/scratch/full/run --baseline /work/base --report

Prints per tree: seconds and peak MB per step, the whole phase, and with ``--baseline`` the
ratios (baseline / this). Repeats alternate the trees (``--repeat``; medians printed).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Run in a child process with the chosen tree first on sys.path: prints one JSON line.
_CHILD = r"""
import json, shutil, sys, tempfile, threading, time
from pathlib import Path
tree, run, report = sys.argv[1], Path(sys.argv[2]), sys.argv[3] == "1"
sys.path.insert(0, tree)
import pandas as pd
from analysis.run import cross as C
from analysis.run.memory import release_memory, resident_mb
from analysis.run.partitions import PartitionSink, PartitionSource

meta = json.loads((run / "run.json").read_text())
counts = [json.loads((run / "_run" / f"documents-{n:06d}.json").read_text())["docs"] for n in range(meta["batches"])]
src = PartitionSource(run, counts, stance=meta["settings"]["scorer"] is not None)
out = Path(tempfile.mkdtemp(prefix="corpus-memory-"))
sink = PartitionSink(out)
peaks, seconds, current = {}, {}, ["parallel steps"]
stop = threading.Event()

def watch():
    while not stop.is_set():
        m = resident_mb() or 0.0
        for name in set(current):
            peaks[name] = max(peaks.get(name, 0.0), m)
        time.sleep(0.05)

def timed(name, fn):
    def wrapped(*a, **k):
        if "parallel steps" in current:  # the first step after them
            current.remove("parallel steps")
            seconds["parallel steps"] = time.perf_counter() - t0
        current.append(name)
        t = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - t
            current.remove(name)
    return wrapped

for name in ("_story_tables", "_framing", "_timeline", "_articles"):
    setattr(C, name, timed(name.strip("_"), getattr(C, name)))
threading.Thread(target=watch, daemon=True).start()
t0 = time.perf_counter()
tables = C.cross_tables(src, sink, n_boot=2000, similarity=True, top_k=10, framing=True, threads=2)
sink.close()
seconds["corpus phase"] = time.perf_counter() - t0
peaks["corpus phase"] = max(peaks.values())
differ = []
for name, frame in tables.items():
    path = run / f"{name}.parquet"
    if not path.exists():
        continue
    ref, frame = pd.read_parquet(path), frame.reset_index(drop=True)
    for f in (ref, frame):
        for c in f.columns:
            if str(f[c].dtype) in ("str", "string"):
                f[c] = f[c].astype(object)
    try:
        pd.testing.assert_frame_equal(frame, ref, check_exact=True, check_dtype=False)
    except AssertionError:
        differ.append(name)
del tables
shutil.rmtree(out, ignore_errors=True)
if report:
    import matplotlib
    matplotlib.use("Agg")
    from analysis.report.scope import scope_of
    from analysis.report.sections import framing
    from analysis.tables import RunTables
    rt = RunTables(run)
    scope = scope_of(rt, outlets=8, actors=8, docs_per_outlet=5)
    figures = tempfile.mkdtemp(prefix="corpus-memory-figures-")
    for name, fn in (
        ("report: omission chart", lambda: framing.omission_chart(rt, scope, figures=figures)),
        ("report: claims", lambda: framing.claims(rt, scope, rows=10)),
        ("report: omission evidence", lambda: framing.omission_evidence(rt, scope, rows=30)),
    ):
        release_memory()
        peaks[name] = 0.0
        timed(name, fn)()
    shutil.rmtree(figures, ignore_errors=True)
stop.set()
print(json.dumps({"seconds": seconds, "peaks": peaks, "differ": differ}))
"""


def measure(tree: Path, run: Path, *, report: bool) -> dict:
    """One child process's figures for the code in ``tree``."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as fh:
        fh.write(_CHILD)
    proc = subprocess.run(
        [sys.executable, fh.name, str(tree), str(run), "1" if report else "0"], capture_output=True, text=True
    )
    Path(fh.name).unlink()
    if proc.returncode != 0:
        raise SystemExit(f"{tree}: the corpus phase failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--run", type=Path, required=True, help="output folder of a finished batched run (with framing)")
    ap.add_argument("--baseline", type=Path, help="a checkout of the previous code, measured in the same run")
    ap.add_argument("--repeat", type=int, default=1, help="runs per tree, alternating (medians printed)")
    ap.add_argument("--report", action="store_true", help="also the framing notebook's omission sections")
    args = ap.parse_args()
    if not (args.run / "run.json").exists():
        print(f"skipped: {args.run} is not a finished run (no run.json)")
        return 0
    trees = {"this": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    results: dict[str, list[dict]] = {name: [] for name in trees}
    for _ in range(args.repeat):
        for name, tree in trees.items():
            results[name].append(measure(tree, args.run, report=args.report))
    med: dict[str, dict[str, tuple[float, float]]] = {}
    for name, runs in results.items():
        steps = runs[0]["peaks"].keys()
        med[name] = {
            s: (
                statistics.median(r["seconds"].get(s, 0.0) for r in runs),
                statistics.median(r["peaks"].get(s, 0.0) for r in runs),
            )
            for s in steps
        }
        print(f"{name} ({trees[name]}), median of {len(runs)}:")
        for s, (sec, mb) in med[name].items():
            print(f"  {s:28s} {sec:8.1f} s  peak {mb:8,.0f} MB")
        differ = sorted({d for r in runs for d in r["differ"]})
        print("  tables: the same as the run's" if not differ else f"  tables that differ: {', '.join(differ)}")
    if "baseline" in med:
        print("ratio baseline / this:")
        for s, (sec, mb) in med["this"].items():
            b_sec, b_mb = med["baseline"].get(s, (0.0, 0.0))
            if sec and mb:
                print(f"  {s:28s} time {b_sec / sec:5.2f}x  peak memory {b_mb / mb:5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Real-corpus runs on AllSides (../shared/data/allsides/articles.parquet, 37,554 US articles).

Draws a random sample (seed stated, optional topics), runs the full analysis on it with
``python -m analysis run`` (framing and the chosen scorer on; actors: bench/us_actors.toml) while
sampling the peak memory of the whole process tree, and prints the run's time, peak memory, and how many articles were
analysed, skipped and failed (with each failure's stage and error), so a note can quote them:

    .venv/bin/python bench/allsides.py --n 5000 --seed 19 --scorer accurate --out /tmp/allsides-5k
    .venv/bin/python bench/allsides.py --n 1000 --seed 19 --topics elections,politics,white_house --report

With ``--report`` it times ``report`` (which runs the analysis once, then the notebooks) against
``run`` alone and ``report --tables`` on the finished run (the notebooks alone), in the same session.
With ``--baseline TREE`` (a checkout of the previous code: ``git worktree add /tmp/base HEAD~3``)
the same sample is run again with that tree's package right after, and the ratios of time and
memory are printed with whether every table of the two runs is the same, row for row:

    .venv/bin/python bench/allsides.py --n 1000 --seed 19 --baseline /tmp/base

Skips with a message when the data are absent.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "allsides" / "articles.parquet"
PY = sys.executable


def sample(n: int, *, seed: int, topics: list[str] | None, out: Path) -> Path:
    """A random sample of ``n`` articles (of the given topics) written as a Parquet corpus."""
    cols = ["doc_id", "outlet", "date", "topic", "title", "text", "url", "authors"]
    frame = pd.read_parquet(DATA, columns=cols)
    if topics:
        frame = frame[frame["topic"].isin(topics)]
    picked = frame.sample(n=min(n, len(frame)), random_state=seed).reset_index(drop=True)
    # the corpus reader takes the headline from a title column joined to the text
    path = out / f"allsides-{len(picked)}-seed{seed}.parquet"
    out.mkdir(parents=True, exist_ok=True)
    if path.exists() and pd.read_parquet(path, columns=["doc_id"])["doc_id"].tolist() == picked["doc_id"].tolist():
        return path  # the same sample: left untouched, so that a run on it resumes
    picked.to_parquet(path, index=False)
    return path


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB (from /proc)."""
    total = 0
    pids = [pid]
    seen = set()
    while pids:
        p = pids.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
            pids.extend(int(c) for c in children)
        except (OSError, ValueError):
            continue
    return total / 1024


def timed(cmd: list[str], *, cwd: Path = ROOT) -> tuple[float, float, int, str]:
    """(seconds, peak MB of the process tree, exit code, last lines of output) of a command run in ``cwd``
    (``python -m analysis`` imports the package of the folder it runs in)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=cwd)
    peak = 0.0
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_mb(proc.pid))
            time.sleep(0.1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    output, _ = proc.communicate()
    done.set()
    watcher.join()
    return time.perf_counter() - start, peak, proc.returncode, output


def _table(path: Path) -> pd.DataFrame | None:
    """A run's table: one Parquet file, or a folder of partitions."""
    if path.is_dir():
        parts = sorted(path.glob("part-*.parquet"))
        return pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True) if parts else None
    return pd.read_parquet(path) if path.suffix == ".parquet" else None


def _different_tables(a: Path, b: Path) -> list[str]:
    """Names of the tables of run ``a`` that are not the same, row for row, in run ``b``."""
    out = []
    for path in sorted(a.iterdir()):
        if path.name.startswith("_") or path.name.startswith("run"):
            continue
        x = _table(path)
        if x is None:
            continue
        y = _table(b / path.name) if (b / path.name).exists() else None
        try:
            pd.testing.assert_frame_equal(x, y, check_exact=True)  # type: ignore[arg-type]
        except (AssertionError, TypeError):
            out.append(path.stem)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--topics", default="", help="comma-separated topics (default: all)")
    ap.add_argument("--scorer", default="accurate")
    ap.add_argument("--out", default="/tmp/allsides-run")
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument(
        "--actors",
        default=str(Path(__file__).with_name("us_actors.toml")),
        help="actor file (default: bench/us_actors.toml: Trump, Clinton, Obama, Republicans, Democrats)",
    )
    ap.add_argument("--report", action="store_true", help="also time report, and report --tables on the run")
    ap.add_argument("--baseline", type=Path, help="a checkout of the previous code: the same run with it, and ratios")
    args = ap.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} is absent (the AllSides data live in ../shared/data/allsides/)")
        return 0
    out = Path(args.out)
    corpus = sample(args.n, seed=args.seed, topics=[t for t in args.topics.split(",") if t] or None, out=out)
    print(f"sample: {corpus} ({args.n} articles, seed {args.seed}, topics {args.topics or 'all'})")
    extra = ["--actors", args.actors] + (["--workers", str(args.workers)] if args.workers else [])
    run_dir = out / "run"
    cmd = [PY, "-m", "analysis", "run", "--corpus", str(corpus), "--out", str(run_dir), "--scorer", args.scorer] + extra
    secs, peak, code, output = timed(cmd)
    meta = json.loads((run_dir / "run.json").read_text()) if (run_dir / "run.json").exists() else {}
    print(f"run: {secs:.1f} s, peak {peak:,.0f} MB, exit {code}; phases {meta.get('seconds')}")
    print("\n".join(output.strip().splitlines()[-30:]))
    if code == 0:
        failed = pd.read_parquet(run_dir / "failed") if (run_dir / "failed").exists() else pd.DataFrame()
        docs = len(pd.read_parquet(run_dir / "docs", columns=["doc_id"]))
        skipped = len(pd.read_parquet(run_dir / "skipped"))
        print(
            f"articles: {args.n} in, {docs} analysed, {skipped} skipped, {len(failed)} failed "
            f"(analysed + skipped + failed = {docs + skipped + len(failed)})"
        )
        if len(failed):
            print(failed.groupby(["stage", "error"]).size().to_string())
    if args.baseline is not None and code == 0:
        base_dir = out / "run-baseline"
        b_secs, b_peak, b_code, b_out = timed(
            [PY, "-m", "analysis", "run", "--corpus", str(corpus), "--out", str(base_dir), "--scorer", args.scorer]
            + extra,
            cwd=args.baseline.resolve(),
        )
        b_meta = json.loads((base_dir / "run.json").read_text()) if (base_dir / "run.json").exists() else {}
        phases = b_meta.get("seconds")
        print(f"baseline ({args.baseline}): {b_secs:.1f} s, peak {b_peak:,.0f} MB, exit {b_code}; phases {phases}")
        if b_code == 0:
            print(f"ratio baseline / this: time {b_secs / secs:.2f}x, peak memory {b_peak / max(peak, 1):.2f}x")
            different = _different_tables(base_dir, run_dir)
            print("tables: all the same" if not different else f"tables that differ: {', '.join(different)}")
        else:
            print(b_out[-3000:])
    if args.report and code == 0:
        rep = out / "report"
        s1, p1, c1, o1 = timed(
            [PY, "-m", "analysis", "report", "--corpus", str(corpus), "--out", str(rep), "--scorer", args.scorer]
            + extra
        )
        print(f"report (run once + notebooks): {s1:.1f} s, peak {p1:,.0f} MB, exit {c1}")
        s2, p2, c2, o2 = timed(
            [PY, "-m", "analysis", "report", "--tables", str(run_dir), "--out", str(out / "report-tables")]
        )
        print(f"report --tables (notebooks only): {s2:.1f} s, peak {p2:,.0f} MB, exit {c2}")
        print(f"run + notebooks = {secs + s2:.1f} s against report {s1:.1f} s")
        if c1 or c2:
            print(o1[-3000:], o2[-3000:])
    return code


if __name__ == "__main__":
    sys.exit(main())

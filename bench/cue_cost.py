"""What the cue models of analysis/framing/cue_context.py and the noun and adjective cues cost on
real articles.

    .venv/bin/python bench/cue_cost.py --n 300 --seed 7 --runs 3

Draws ``--n`` AllSides articles (../shared/data/allsides/, seed stated), runs the document steps
of the analysis once (no stance, no similarity; actors: bench/us_actors.toml) and times that, then
times the quotes step (:func:`analysis.framing.quotes.find_quotes`) over the same tables three
ways, runs alternated: ``sparse`` (the sparse cue model alone, no noun cues: the default before
the lemma-vector model and the noun cues), ``default`` (the lemma-vector model above the gate and
the noun cues; its lemma vectors encoded afresh in each run, as each worker of a run does) and
``context`` (``--cue-context``: the fine-tuned encoder reads every sentence with a candidate
verb), and prints the medians, their ratios to ``sparse``, the texts
encoded and the reported-speech rows each finds. Skips with a message when the data are absent.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    import allsides
    from attribution import ACTORS, suite_quotes

    if not allsides.DATA.exists():
        print(f"skipped: {allsides.DATA} is absent (the AllSides data live in ../shared/data/allsides/)")
        return 0
    import analysis.framing.cue_context as context
    from analysis.run.pipeline import run_pipeline

    with tempfile.TemporaryDirectory() as tmp:
        corpus = allsides.sample(a.n, seed=a.seed, topics=None, out=Path(tmp))
        t0 = time.perf_counter()
        t = run_pipeline(corpus, actors=ACTORS, scorer=None, similarity=False)
        steps = time.perf_counter() - t0
    tabs = {n: t[n] for n in ("docs", "sentences", "syntax", "mentions")}
    encoders = (context._encoder(), context._finetuned()[0])  # loaded once, as each worker of a run loads them
    gate = context.GATE
    modes = ("sparse", "default", "context")
    times: dict[str, list[float]] = {m: [] for m in modes}
    rows: dict[str, int] = {}
    calls: dict[str, int] = {}
    for _ in range(a.runs):
        for mode in modes:
            context._STATES.clear()
            context.lemma_vector.cache_clear()
            context.GATE = 1.01 if mode == "sparse" else gate  # type: ignore[misc]
            before = sum(e.calls for e in encoders)
            t0 = time.perf_counter()
            q = suite_quotes(tabs, t["references"], context=mode == "context", nouns=mode != "sparse")
            times[mode].append(time.perf_counter() - t0)
            calls[mode] = sum(e.calls for e in encoders) - before
            rows[mode] = int((q["is_speech"].astype(bool) & (q["kind"] == "reported")).sum())
    context.GATE = gate  # type: ignore[misc]
    print(f"{len(t['docs'])} AllSides articles (seed {a.seed}); document steps once: {steps:.1f} s")
    base = statistics.median(times["sparse"])
    for mode, ts in times.items():
        med = statistics.median(ts)
        extra = med - base
        print(
            f"  quotes, {mode:7s}: median {med:.2f} s of {a.runs} ({', '.join(f'{x:.2f}' for x in ts)}); "
            f"texts encoded {calls[mode]}; reported rows {rows[mode]}; ratio to sparse {med / base:.2f}; "
            f"added per article {extra / max(len(t['docs']), 1) * 1000:.0f} ms, "
            f"against the document steps {extra / steps:+.1%}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

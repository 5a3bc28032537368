"""Benchmark: the batched pipeline end to end on generated corpora of 1k, 10k, 100k (and 1M) articles.

For each size N it generates (once, cached under --data) N articles from NewsMTSC sentences with
bench/generate.py, then prints:

- end to end: ``python -m analysis run``'s batched path (load, clean, sentences, mentions, salience,
  fast stance, TF-IDF + top-10 neighbours, MinHash reuse, every aggregate; no tokens table, no
  framing: the parser alone runs at ~3,300 tokens/s) on every core: seconds, articles/s, MB of
  text/s and the peak memory of the whole process tree (sampled every 0.1 s);
- its three phases (documents, stance, cross-document) from run.json;
- every per-document stage measured alone on one core over a sample (min(N, 2,000) articles), and
  the ratio of the pipeline's throughput per core to the slowest of them;
- a naive loop over the first --naive articles of the sample: one article at a time through the
  same functions, one core;
- fast scorer and accurate scorer pairs/s on the corpus's own (sentence, actor) pairs (accurate on
  both cores).

Usage:
    .venv/bin/python bench/scale.py [--sizes 1000 10000 100000] [--million] [--repeats 1]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def corpus_file(n: int, data: Path, *, stories: bool = False) -> Path:
    """The generated corpus of n articles (Parquet), made once."""
    from generate import generate, write

    path = data / f"gen-{n}{'-stories' if stories else ''}.parquet"
    if not path.exists():
        data.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".tmp-{path.name}")
        write(generate(n, stories=stories), tmp)
        os.replace(tmp, path)
    return path


class PeakRSS:
    """Peak resident memory of a process and all its children, sampled in a thread."""

    def __init__(self, pid: int, every: float = 0.1):
        self.proc, self.every, self.peak = psutil.Process(pid), every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self.proc] + self.proc.children(recursive=True)
                total = 0
                for p in procs:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
            except psutil.Error:
                pass
            self._stop.wait(self.every)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def end_to_end(corpus: Path, out: Path, *, workers: int, batch_size: int, cross_threads: int | None = None) -> dict:
    """One batched run in a child process; wall seconds, peak memory of the tree, run.json."""
    if out.exists():
        shutil.rmtree(out)
    cmd = [
        sys.executable,
        "-m",
        "analysis",
        "run",
        "--corpus",
        str(corpus),
        "--out",
        str(out),
        "--scorer",
        "fast",
        "--no-framing",
        "--no-tokens",
        "--workers",
        str(workers),
        "--batch-size",
        str(batch_size),
        "--max-df",
        "0.05",
    ]
    cmd += ["--cross-threads", str(cross_threads)] if cross_threads else []
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=dict(os.environ, FRAMING_PROGRESS="0")
    )
    with PeakRSS(proc.pid) as mem:
        _, err = proc.communicate()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"run failed: {err.decode()[-2000:]}")
    meta = json.loads((out / "run.json").read_text())
    return {"seconds": wall, "peak_mb": mem.peak / 2**20, "phases": meta["seconds"], "rows": meta["rows"]}


def stages_alone(corpus: Path, n: int, naive_n: int) -> tuple[dict[str, float], float, dict]:
    """Seconds of every per-document stage alone on n articles (one core), and of the naive loop."""
    from analysis.compare.counts import term_partial
    from analysis.compare.minhash import sentence_signatures
    from analysis.ingest.actors import load_actors
    from analysis.ingest.clean import clean_docs
    from analysis.ingest.corpus import iter_corpus
    from analysis.mentions.matching import find_mentions
    from analysis.mentions.salience import doc_salience
    from analysis.run.documents import document_tables, stance_tables
    from analysis.stance.aggregate import aggregate_stances
    from analysis.stance.evidence import evidence
    from analysis.stance.scoring import get_scorer, score_mentions
    from analysis.text.punkt import make_splitter, punkt_training_text
    from analysis.text.sentences import sentences_and_tokens

    actors = load_actors()
    times: dict[str, float] = {}

    def timed(name, fn):
        start = time.perf_counter()
        value = fn()
        times[name] = time.perf_counter() - start
        return value

    docs = timed("load", lambda: next(iter(iter_corpus(corpus, batch_size=n))).docs)
    paragraphs, _ = timed("clean", lambda: clean_docs(docs))
    splitter = make_splitter(train_text=punkt_training_text(docs, paragraphs).text)
    sentences, _ = timed(
        "sentences", lambda: sentences_and_tokens(docs, paragraphs, splitter=splitter, with_tokens=False)
    )
    mentions = timed("mentions", lambda: find_mentions(docs, sentences, actors))
    timed("salience", lambda: doc_salience(docs, sentences, mentions, actors.ids))
    timed("term counts", lambda: term_partial(docs, sentences, mentions))
    timed("reuse signatures", lambda: sentence_signatures(sentences["text"]))
    scorer = get_scorer("fast")
    stances = timed("stance (fast)", lambda: score_mentions(sentences, mentions, scorer=scorer))
    timed(
        "stance per doc",
        lambda: (aggregate_stances(stances, docs, by="doc_id"), evidence(stances, sentences, mentions, docs)),
    )
    # The naive loop: the same functions, one article at a time (on the first naive_n articles).
    naive_n = min(len(docs), naive_n)
    start = time.perf_counter()
    for i in range(naive_n):
        one = docs.iloc[i : i + 1].reset_index(drop=True)
        t = document_tables(one, actors=actors, splitter=splitter, with_tokens=False, framing=False)
        term_partial(one, t["sentences"], t["mentions"])
        sentence_signatures(t["sentences"]["text"])
        stance_tables(one, t["sentences"], t["mentions"], None, scorer=scorer)
    naive = (time.perf_counter() - start) / naive_n
    counted = mentions[mentions["counted"]]
    sent = sentences.set_index(["doc_id", "sent_id"])[["start", "text"]]
    joined = counted.merge(sent.rename(columns={"start": "start_s"}).reset_index(), on=["doc_id", "sent_id"]).head(2000)
    pairs = {
        "texts": joined["text"].tolist(),
        "spans": list(
            zip((joined["start"] - joined["start_s"]).tolist(), (joined["end"] - joined["start_s"]).tolist())
        ),
        "chars": int(docs["text"].str.len().sum()),
    }
    return times, naive, pairs


def scorer_speed(pairs: dict) -> dict[str, float]:
    """Pairs per second of the fast scorer (one core) and the accurate one (both cores)."""
    from analysis.stance.scorers.accurate import AccurateScorer
    from analysis.stance.scorers.fast import FastScorer

    out = {}
    old = os.sched_getaffinity(0)
    for name, make, cores in (
        ("fast (1 core)", FastScorer, {min(old)}),
        ("accurate (all cores)", AccurateScorer, None),
    ):
        scorer = make()
        if cores:
            os.sched_setaffinity(0, cores)
        try:
            scorer.predict_proba(pairs["texts"][:32], pairs["spans"][:32])
            start = time.perf_counter()
            scorer.predict_proba(pairs["texts"], pairs["spans"])
            out[name] = len(pairs["texts"]) / (time.perf_counter() - start)
        finally:
            os.sched_setaffinity(0, old)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--million", action="store_true", help="add the 1,000,000-article run")
    parser.add_argument("--repeats", type=int, default=1, help="end-to-end runs per size (median)")
    parser.add_argument("--batch-size", type=int, default=250)
    parser.add_argument("--sample", type=int, default=2000, help="articles for the stages-alone and naive measurements")
    parser.add_argument("--naive", type=int, default=300, help="articles for the naive loop")
    parser.add_argument("--data", type=Path, default=Path("/tmp/framing-bench"), help="where corpora and outputs go")
    parser.add_argument("--stories", action="store_true", help="generated articles grouped in stories (generate.py)")
    parser.add_argument("--skip-stages", action="store_true", help="only the end-to-end runs")
    parser.add_argument("--cross-threads", type=int, default=None, help="run's --cross-threads (default: run's own)")
    args = parser.parse_args()
    sizes = args.sizes + ([1_000_000] if args.million else [])
    workers = len(os.sched_getaffinity(0))
    print(
        f"cores: {workers}; batch size {args.batch_size}; end-to-end runs per size: {args.repeats}; "
        f"cross-document threads: {args.cross_threads or 'default'}"
    )
    for n in sizes:
        corpus = corpus_file(n, args.data, stories=args.stories)
        mb = corpus.stat().st_size / 1e6
        sample = min(n, args.sample)
        if args.skip_stages:
            head = next(iter(pq.ParquetFile(corpus).iter_batches(batch_size=sample, columns=["text"])))
            times, naive, pairs = {}, None, {"chars": sum(len(t) for t in head.column("text").to_pylist())}
        else:
            times, naive, pairs = stages_alone(corpus, sample, args.naive)
        text_mb = pairs["chars"] / 1e6 * n / sample
        runs = [
            end_to_end(
                corpus,
                args.data / f"out-{n}",
                workers=workers,
                batch_size=args.batch_size,
                cross_threads=args.cross_threads,
            )
            for _ in range(args.repeats)
        ]
        wall = statistics.median(r["seconds"] for r in runs)
        run = min(runs, key=lambda r: abs(r["seconds"] - wall))
        print(
            f"\nN = {n:,} articles ({mb:.0f} MB Parquet, ~{text_mb:.0f} MB text, "
            f"{run['rows']['sentences']:,} sentences, "
            f"{run['rows']['stances']:,} stance pairs)"
        )
        print(
            f"  end to end ({workers} workers): {wall:8.1f} s  {n / wall:8.0f} articles/s  {text_mb / wall:6.2f} MB/s  "
            f"peak {max(r['peak_mb'] for r in runs):,.0f} MB"
            + (
                f"  (median of {len(runs)}: " + ", ".join(f"{r['seconds']:.1f}" for r in runs) + ")"
                if len(runs) > 1
                else ""
            )
        )
        for phase, sec in run["phases"].items():
            print(f"    phase {phase:<16} {sec:8.1f} s  {n / sec:8.0f} articles/s")
        if args.skip_stages:
            continue
        print(f"  stages alone, one core, {sample:,} articles:")
        for name, sec in times.items():
            print(f"    {name:<22} {sec:7.2f} s  {sample / sec:8.0f} articles/s")
        slowest = min(sample / s for k, s in times.items() if k != "load")
        per_core = n / wall / workers
        summed = sample / sum(s for k, s in times.items() if k != "load")
        print(
            f"  pipeline per core {per_core:.0f} articles/s = {per_core / slowest:.2f} x the slowest stage alone "
            f"({slowest:.0f} articles/s), {per_core / summed:.2f} x all per-document stages run back to back "
            f"({summed:.0f} articles/s)"
        )
        print(
            f"  naive loop, one article at a time, one core ({min(sample, args.naive)} articles): "
            f"{1 / naive:.1f} articles/s; "
            f"batched end to end is {n / wall * naive:.1f}x faster"
        )
        for name, rate in scorer_speed(pairs).items():
            print(f"  scorer {name:<22} {rate:8.0f} pairs/s")


if __name__ == "__main__":
    main()

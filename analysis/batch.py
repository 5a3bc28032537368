"""Batched, parallel and resumable runs: the in-memory pipeline's tables for corpora of any size.

``python -m analysis run`` reads the corpus a batch at a time (:func:`analysis.corpus.iter_corpus`),
sends each batch to a worker (a process pool, or Dask workers with ``--scheduler``), and the worker
writes the batch's per-document tables as Parquet partitions ``OUT/<table>/part-NNNNNN.parquet``.
Nothing spans batches except what merges: the Punkt sample (the corpus's first paragraphs), the
term counts behind TF-IDF and the distinctive words (summed), the stance evidence candidates
(re-ranked) and the per-group score lists behind the outlet intervals (concatenated in corpus
order). So the tables equal, row for row, those of :func:`analysis.pipeline.run_pipeline`, whatever
the batch size or the number of workers.

A run is resumable: a batch's partitions are written under temporary names and renamed, and a
marker ``OUT/_run/<phase>-NNNNNN.json`` is written last. Re-running the same command on the same
corpus with the same options skips every batch with a marker and recomputes the rest; a different
corpus or different options start over. The cross-document tables are recomputed at the end of
every run.

Layout of OUT: one folder of ``part-NNNNNN.parquet`` files per per-document table (docs keeps the
text, as in the in-memory tables), one ``<table>.parquet`` (and ``.csv`` with ``csv``) per
cross-document table, run.json (settings, warnings, rows per table, batches, timings) and the
bookkeeping folders ``_run`` and ``_terms``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from .actors import ActorSet, load_actors
from .corpus import LoadResult, iter_corpus
from .pipeline import (
    TABLE_ORDER, Tables, corpus_tables, count_pairs, document_tables, finish, progress_bar, punkt_sample,
    run_settings, stance_tables, term_partial, write_tables,
)
from .sentences import PunktSample, make_splitter
from .reuse import sentence_signatures
from .similarity import TfidfSettings
from .stance import choose_scorer

__all__ = ["DOCUMENT_TABLES", "STANCE_TABLES", "BatchOptions", "run_batched", "read_partitioned", "partition_paths"]

DOCUMENT_TABLES = [
    "docs", "skipped", "removed", "paragraphs", "sentences", "tokens", "mentions", "salience_doc",
    "syntax", "labels", "quotes", "roles", "speakers", "omission_items",
]
STANCE_TABLES = ["stances", "stance_doc", "evidence_candidates"]
# Columns the cross-document step reads back (None: all); docs' text stays in its partitions.
_GLOBAL_COLUMNS: dict[str, list[str] | None] = {
    "docs": ["doc_id", "outlet", "outlet_kind", "title", "date", "url", "source", "file"],
}


@dataclass(frozen=True)
class BatchOptions:
    """What a worker needs besides its documents (sent with every batch; small)."""

    actors: ActorSet
    splitter: object | None
    with_tokens: bool
    framing: bool
    similarity: bool
    tfidf: TfidfSettings
    out: str


def partition_paths(out: str | Path, table: str) -> list[Path]:
    """The partition files of a per-document table, in batch order."""
    return sorted((Path(out) / table).glob("part-*.parquet"))


def _atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary name and rename, so a killed run never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    write(tmp)
    os.replace(tmp, path)


def _write_part(out: Path, table: str, n: int, frame: pd.DataFrame) -> None:
    _atomic_write(out / table / f"part-{n:06d}.parquet", lambda p: frame.to_parquet(p, index=False))


def _marker(out: Path, phase: str, n: int) -> Path:
    return out / "_run" / f"{phase}-{n:06d}.json"


def _write_marker(out: Path, phase: str, n: int, info: dict) -> None:
    _atomic_write(_marker(out, phase, n), lambda p: p.write_text(json.dumps(info), encoding="utf-8"))


def process_documents(n: int, docs: pd.DataFrame, skipped: pd.DataFrame, opts: BatchOptions) -> dict:
    """Worker: the per-document tables (and term counts) of batch ``n``, written as partitions."""
    start = time.perf_counter()
    out = Path(opts.out)
    tables = {"docs": docs, "skipped": skipped}
    tables.update(document_tables(docs, actors=opts.actors, splitter=opts.splitter, with_tokens=opts.with_tokens,
                                  framing=opts.framing))
    for name in DOCUMENT_TABLES:
        if name in tables:
            _write_part(out, name, n, tables[name])
    if opts.similarity:
        part = term_partial(docs, tables["sentences"], tables["mentions"], settings=opts.tfidf)
        sig = sentence_signatures(tables["sentences"]["text"])
        _atomic_write(out / "_terms" / f"part-{n:06d}.pkl", lambda p: p.write_bytes(pickle.dumps((part, sig))))
    info = {"batch": n, "docs": len(docs), "skipped": len(skipped), "pairs": count_pairs(tables["mentions"]),
            "chars": int(docs["text"].str.len().sum()) if len(docs) else 0, "seconds": time.perf_counter() - start}
    _write_marker(out, "documents", n, info)
    return info


_SCORERS: dict[str, object] = {}


def _worker_scorer(name: str, threads: int):
    """One scorer per worker process (the accurate one with ``threads`` onnxruntime sessions)."""
    key = f"{name}/{threads}"
    if key not in _SCORERS:
        if name == "accurate":
            from .scorers.accurate import AccurateScorer

            _SCORERS[key] = AccurateScorer(threads=threads)
        else:
            from .stance import get_scorer

            _SCORERS[key] = get_scorer(name)
    return _SCORERS[key]


def process_stance(n: int, out: str, scorer: str, threads: int, n_boot: int) -> dict:
    """Worker: stances, stance_doc and evidence candidates of batch ``n`` from its partitions."""
    start = time.perf_counter()
    root = Path(out)
    part = lambda t: pd.read_parquet(root / t / f"part-{n:06d}.parquet")  # noqa: E731
    speakers_path = root / "speakers" / f"part-{n:06d}.parquet"
    speakers = pd.read_parquet(speakers_path) if speakers_path.exists() else None
    docs = pd.read_parquet(root / "docs" / f"part-{n:06d}.parquet", columns=["doc_id", "outlet"])
    tables = stance_tables(docs, part("sentences"), part("mentions"), speakers,
                           scorer=_worker_scorer(scorer, threads), n_boot=n_boot)
    tables["evidence_candidates"] = tables.pop("stance_evidence")
    if speakers is None:  # no framing: the (empty) speakers table the in-memory path writes too
        _write_part(root, "speakers", n, tables["speakers"])
    for name in STANCE_TABLES:
        _write_part(root, name, n, tables[name])
    info = {"batch": n, "pairs": len(tables["stances"]), "seconds": time.perf_counter() - start}
    _write_marker(root, "stance", n, info)
    return info


class _Pool:
    """A process pool or a Dask client behind one submit / wait interface."""

    def __init__(self, workers: int, scheduler: str | None):
        self.workers = workers
        self.client = self.cluster = self.pool = None
        if scheduler is not None:
            from distributed import Client, LocalCluster

            if scheduler == "local":
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                            dashboard_address=None, silence_logs=logging.WARNING)
                self.client = Client(self.cluster)
            else:
                self.client = Client(scheduler)
                self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        elif workers > 1:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            ctx = mp.get_context("forkserver")
            ctx.set_forkserver_preload(["analysis.pipeline"])
            self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)

    def map_bounded(self, fn: Callable, jobs: Iterable[tuple], on_done: Callable[[dict], None]) -> None:
        """Run fn(*job) for every job with at most 2 × workers in flight (the input is streamed)."""
        if self.pool is None and self.client is None:
            for job in jobs:
                on_done(fn(*job))
            return
        if self.client is not None:
            from distributed import wait
        else:
            from concurrent.futures import FIRST_COMPLETED
            from concurrent.futures import wait as cf_wait

            wait = lambda fs, return_when: cf_wait(fs, return_when=FIRST_COMPLETED)  # noqa: E731
        pending: set = set()
        for job in jobs:
            pending.add(self.client.submit(fn, *job, pure=False) if self.client is not None else self.pool.submit(fn, *job))
            if len(pending) >= 2 * self.workers:
                done, pending = wait(pending, return_when="FIRST_COMPLETED")
                for f in done:
                    on_done(f.result())
        for f in pending:
            on_done(f.result())

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _fingerprint(corpus: Path, params: dict) -> str:
    """What makes a previous run's partitions reusable: the corpus files (names, sizes, times) and the options."""
    h = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode())
    files = sorted(corpus.iterdir()) if corpus.is_dir() else [corpus]
    for f in files:
        st = f.stat()
        h.update(f"{f.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def read_partitioned(out: str | Path, table: str, *, columns: list[str] | None = None) -> pd.DataFrame:
    """A per-document table read back from its partitions, in batch order.

    Empty partitions are left out of the concatenation (so that their untyped columns do not
    change the dtypes), unless every partition is empty.
    """
    parts = [pd.read_parquet(p, columns=columns) for p in partition_paths(out, table)]
    full = [p for p in parts if len(p)]
    if not full:
        return parts[0] if parts else pd.DataFrame(columns=columns)
    return pd.concat(full, ignore_index=True) if len(full) > 1 else full[0]


def run_batched(
    corpus: str | Path,
    out: str | Path,
    *,
    manifest: str | Path | None = None,
    actors: str | Path | ActorSet | None = None,
    enable: Iterable[str] = (),
    text_column: str = "text",
    with_tokens: bool = True,
    train_punkt: bool = True,
    scorer: str | None = "auto",
    n_boot: int = 2000,
    similarity: bool = True,
    tfidf: TfidfSettings = TfidfSettings(),
    top_k: int = 10,
    framing: bool = True,
    batch_size: int = 250,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: bool | None = None,
    csv: bool = False,
    log: Callable[[str], None] = lambda msg: None,
) -> Tables:
    """Run the pipeline batch by batch into ``out`` (see the module docstring); returns the cross-document tables.

    ``workers`` processes (default: every available core; 1 runs in this process) or, with
    ``scheduler``, Dask: ``"local"`` starts a local cluster of ``workers`` processes, anything else
    is a scheduler address (``tcp://host:8786``) whose workers must see ``out`` at the same path.
    The per-document tables stay on disk; read them with :func:`read_partitioned`. The
    cross-document tables are written as Parquet (and CSV with ``csv``).
    """
    corpus, out = Path(corpus), Path(out)
    workers = workers or len(os.sched_getaffinity(0))
    actor_set = actors if isinstance(actors, ActorSet) else load_actors(actors, enable=enable)
    params = {"manifest": str(manifest) if manifest else None, "actors": actor_set.source, "ids": actor_set.ids,
              "text_column": text_column, "with_tokens": with_tokens, "train_punkt": train_punkt, "scorer": scorer,
              "n_boot": n_boot, "similarity": similarity, "tfidf": asdict(tfidf), "top_k": top_k, "framing": framing,
              "batch_size": batch_size, "actor_file": _actor_digest(actor_set)}
    fingerprint = _fingerprint(corpus, params) if corpus.exists() else ""
    state_path = out / "_run" / "state.json"
    resume = state_path.exists() and json.loads(state_path.read_text(encoding="utf-8")).get("fingerprint") == fingerprint
    if not resume and out.exists() and any(out.iterdir()):
        if not (state_path.exists() or (out / "run.json").exists()):
            raise FileExistsError(f"{out}: not empty and not the output of an earlier run; choose an empty folder")
        log(f"{out}: earlier run with other input or options; starting over")
        for child in out.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    (out / "_run").mkdir(parents=True, exist_ok=True)
    if not resume:
        state_path.write_text(json.dumps({"fingerprint": fingerprint, "params": params}, default=str), encoding="utf-8")
    timings: dict[str, float] = {}
    t0 = time.perf_counter()

    batches = iter_corpus(corpus, manifest=manifest, text_column=text_column, batch_size=batch_size)
    buffered: list[LoadResult] = []
    splitter = None
    if train_punkt:
        punkt_file = out / "_run" / "punkt.txt"
        if resume and punkt_file.exists():
            sample_text = punkt_file.read_text(encoding="utf-8")
        else:
            sample = PunktSample()
            for batch in batches:
                buffered.append(batch)
                punkt_sample(batch.docs, sample=sample)
                if sample.full:
                    break
            sample_text = sample.text
            _atomic_write(punkt_file, lambda p: p.write_text(sample_text, encoding="utf-8"))
        splitter = make_splitter(train_text=sample_text)
    opts = BatchOptions(actors=actor_set, splitter=splitter, with_tokens=with_tokens, framing=framing,
                        similarity=similarity, tfidf=tfidf, out=str(out))
    infos: dict[int, dict] = {}
    warnings: list[str] = []
    n_batches = 0
    reused = 0
    pool = _Pool(workers, scheduler)
    bar = progress_bar(["documents"], enabled=progress)
    try:
        def jobs() -> Iterator[tuple]:
            nonlocal n_batches, reused
            for n, batch in enumerate(chain(buffered, batches)):
                n_batches = n + 1
                warnings.extend(batch.warnings)
                marker = _marker(out, "documents", n)
                if resume and marker.exists():
                    infos[n] = json.loads(marker.read_text(encoding="utf-8"))
                    reused += 1
                    continue
                yield (n, batch.docs, batch.skipped, opts)

        def done(info: dict) -> None:
            infos[info["batch"]] = info
            bar.total = max(bar.total or 0, len(infos))
            bar.set_description(f"documents: {sum(i['docs'] for i in infos.values()):,}")
            bar.update(1)

        pool.map_bounded(process_documents, jobs(), done)
        timings["documents"] = time.perf_counter() - t0
        scorer_used = None
        if scorer is not None:
            t1 = time.perf_counter()
            scorer_used = choose_scorer(scorer, sum(i["pairs"] for i in infos.values()))
            threads = 1 if pool.workers > 1 or scheduler else len(os.sched_getaffinity(0))
            stance_jobs = ((n, str(out), scorer_used, threads, n_boot) for n in range(n_batches)
                           if not (resume and _marker(out, "stance", n).exists()))
            pool.map_bounded(process_stance, stance_jobs, lambda info: bar.set_description(f"stance: batch {info['batch']}"))
            timings["stance"] = time.perf_counter() - t1
    finally:
        bar.close()
        pool.close()
    for stale in chain.from_iterable((out / t).glob("part-*.parquet") for t in DOCUMENT_TABLES + STANCE_TABLES):
        if int(stale.stem.split("-")[1]) >= n_batches:  # a previous, longer corpus: never mixed in
            stale.unlink()

    t2 = time.perf_counter()
    tables = _merged_tables(out, scorer_used is not None, framing)
    partials = signatures = None
    if similarity:
        loaded = [pickle.loads(p.read_bytes()) for p in sorted((out / "_terms").glob("part-*.pkl"))[:n_batches]]
        partials = [p for p, _ in loaded]
        sigs = [s for _, s in loaded]
        signatures = tuple(np.concatenate([s[i] for s in sigs]) for i in range(3)) if sigs else None
        del loaded, sigs
    tables.update(corpus_tables(tables, n_boot=n_boot, similarity=similarity, tfidf=tfidf, top_k=top_k,
                                term_partials=partials, signatures=signatures))
    settings = run_settings(corpus=corpus, manifest=manifest, actors=actor_set, text_column=text_column,
                            train_punkt=train_punkt, scorer=scorer_used, n_boot=n_boot,
                            tfidf=tfidf if similarity else None, top_k=top_k, framing=framing)
    result = finish(tables, actor_set, settings, warnings)
    timings["corpus"] = time.perf_counter() - t2
    per_doc = set(DOCUMENT_TABLES + STANCE_TABLES)
    write_tables(Tables({k: v for k, v in result.tables.items() if k not in per_doc}, actor_set, settings, warnings), out,
                 csv=csv)
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    for name in sorted(per_doc & set(TABLE_ORDER)):
        if partition_paths(out, name):
            meta["rows"][name] = int(sum(pq.ParquetFile(p).metadata.num_rows for p in partition_paths(out, name)))
    meta.update(batches=n_batches, batches_reused=reused, batch_size=batch_size, workers=pool.workers,
                backend="dask" if scheduler else ("processes" if pool.workers > 1 else "in-process"),
                seconds=timings)
    (out / "run.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    result.settings["batches"] = n_batches
    return result


def _actor_digest(actors: ActorSet) -> str:
    """A digest of the actor file's content (a changed file must not reuse old partitions)."""
    src = Path(actors.source) if actors.source and Path(str(actors.source)).exists() else None
    return hashlib.sha256(src.read_bytes()).hexdigest() if src else str(actors.ids)


def _merged_tables(out: Path, stance: bool, framing: bool) -> dict[str, pd.DataFrame]:
    """The per-document tables the cross-document step needs, read back in batch order."""
    names = ["docs", "skipped", "sentences", "mentions", "salience_doc"]
    if framing:
        names += ["labels", "quotes", "roles", "omission_items"]
    if stance:
        names += STANCE_TABLES + ["speakers"]
    tables = {n: read_partitioned(out, n, columns=_GLOBAL_COLUMNS.get(n)) for n in names if partition_paths(out, n)}
    if stance:
        tables["stance_evidence"] = tables.pop("evidence_candidates")
    return tables

"""Batched, parallel and resumable runs: the in-memory pipeline's tables for corpora of any size.

``python -m analysis run`` reads the corpus a batch at a time (:func:`analysis.ingest.corpus.iter_corpus`),
sends each batch to a worker (a process pool, or Dask workers with ``--scheduler``), and the worker
writes the batch's per-document tables as Parquet partitions ``OUT/<table>/part-NNNNNN.parquet``.
Nothing spans batches except what merges: the Punkt sample (the corpus's first paragraphs), the
term counts behind TF-IDF and the distinctive words (summed), the stance evidence candidates
(re-ranked) and the per-group score lists behind the outlet intervals (concatenated in corpus
order). So the tables equal, row for row, those of :func:`analysis.run.pipeline.run_pipeline`, whatever
the batch size or the number of workers. The term counts are summed by this process as each batch
finishes (:class:`analysis.run.cross.BatchSums`), while the workers go on with the next batches.

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

import functools
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from itertools import chain
from pathlib import Path
from typing import Any

from analysis.config import RunConfig
from analysis.ingest.actors import ActorSet
from analysis.ingest.corpus import LoadResult, iter_corpus
from analysis.run.cross import cross_tables
from analysis.run.documents import punkt_sample
from analysis.run.memory import release_memory
from analysis.run.partitions import (
    PartitionSink,
    PartitionSource,
    _atomic_write,
    _doc_counts,
    _group_counts,
    _marker,
    _partition_rows,
)
from analysis.run.pipeline import finish
from analysis.run.pool import _Pool
from analysis.run.progress import progress_bar
from analysis.run.sums import BatchSums
from analysis.run.worker import BatchOptions, process_documents, process_stance
from analysis.stance.scoring import choose_scorer
from analysis.tables.io import Tables, partition_paths, write_tables
from analysis.tables.registry import DOCUMENT_TABLES, STANCE_TABLES, TABLE_ORDER
from analysis.text.punkt import PunktSample, make_splitter

__all__ = ["code_digest", "run_batched"]

CROSS_THREADS_MAX_DOCS = 250_000  # above, the cross-document steps run one after the other (memory)


@functools.cache
def code_digest() -> str:
    """A digest of the package's code and small data files (``*.py``, ``*.tsv``, ``*.toml``): a
    run written by another version of the suite is not resumed, its partitions are recomputed."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for f in sorted(p for ext in ("*.py", "*.tsv", "*.toml") for p in root.rglob(ext)):
        h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def _fingerprint(corpus: Path, params: dict) -> str:
    """What makes a previous run's partitions reusable: the corpus files (names, sizes, times) and the options."""
    h = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode())
    files = sorted(corpus.iterdir()) if corpus.is_dir() else [corpus]
    for f in files:
        st = f.stat()
        h.update(f"{f.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def run_batched(
    corpus: str | Path,
    out: str | Path,
    *,
    config: RunConfig | None = None,
    log: Callable[[str], None] = lambda msg: None,
    **options: Any,
) -> Tables:
    """Run the pipeline batch by batch into ``out`` (see the module docstring); returns the cross-document
    tables (and docs with doc_id, outlet and date only: every column is in ``OUT/docs/``).

    ``config`` holds the options (:class:`analysis.config.RunConfig`); keyword ``options`` are
    RunConfig fields that override it. ``workers`` processes (default: every available core; 1
    runs in this process) or, with ``scheduler``, Dask: ``"local"`` starts a local cluster of
    ``workers`` processes, anything else is a scheduler address (``tcp://host:8786``) whose
    workers must see ``out`` at the same path. The per-document tables stay on disk; read them
    with :func:`analysis.tables.read_table`. The cross-document tables are written as Parquet
    (and CSV with ``csv``). ``cross_threads``: the cross-document steps run side by side in this
    many threads (default: every available core, at most 4, up to CROSS_THREADS_MAX_DOCS
    documents, one above, where the steps' peaks would add up to several GB); the tables do not
    depend on it. A document whose analysis raises is listed in the ``failed`` partitions with
    the stage and the error, and left out of the others; the run goes on.
    """
    cfg = (config or RunConfig()).but(corpus=corpus, **options)
    corpus, out = Path(corpus), Path(out)
    workers = cfg.n_workers()
    actor_set = cfg.load_actors()
    manifest, text_column, batch_size, scorer = cfg.manifest, cfg.text_column, cfg.batch_size, cfg.scorer
    with_tokens, framing, similarity, n_boot, top_k = (
        cfg.with_tokens,
        cfg.framing,
        cfg.similarity,
        cfg.n_boot,
        cfg.top_k,
    )
    tfidf, scheduler, csv = cfg.tfidf_settings, cfg.scheduler, cfg.csv
    params = {**cfg.fingerprint_params(actor_set, _actor_digest(actor_set)), "code": code_digest()}
    fingerprint = _fingerprint(corpus, params) if corpus.exists() else ""
    state_path = out / "_run" / "state.json"
    resume = (
        state_path.exists() and json.loads(state_path.read_text(encoding="utf-8")).get("fingerprint") == fingerprint
    )
    if not resume and out.exists() and any(out.iterdir()):
        if not (state_path.exists() or (out / "run.json").exists()):
            raise FileExistsError(f"{out}: not empty and not the output of an earlier run; choose an empty folder")
        log(f"{out}: earlier run with other input or options; starting over")
        for child in out.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    (out / "_run").mkdir(parents=True, exist_ok=True)
    if resume:  # files a killed run was writing: their batches have no marker and are recomputed
        for partial in out.rglob(".*.tmp*"):
            partial.unlink()
    if not resume:
        state_path.write_text(json.dumps({"fingerprint": fingerprint, "params": params}, default=str), encoding="utf-8")
    timings: dict[str, float] = {}
    t0 = time.perf_counter()

    batches = iter_corpus(
        corpus, manifest=manifest, text_column=text_column, batch_size=batch_size, select=cfg.selection
    )
    buffered: list[LoadResult] = []
    splitter = None
    if cfg.train_punkt:
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
    early = scorer if scorer in ("fast", "vader") else ("fast" if scorer == "auto" else None)
    opts = BatchOptions(
        actors=actor_set,
        splitter=splitter,
        with_tokens=with_tokens,
        framing=framing,
        similarity=similarity,
        resolve=cfg.resolve,
        resolve_model=cfg.resolve_model,
        cue_context=cfg.cue_context,
        tfidf=tfidf,
        out=str(out),
        scorer=early,
        n_boot=n_boot,
    )
    infos: dict[int, dict] = {}
    warnings: list[str] = []
    n_batches = 0
    reused = 0
    sums = BatchSums() if similarity else None
    pool = _Pool(workers, scheduler)
    bar = progress_bar(["documents"], enabled=cfg.progress)
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
                    add_sums(n)
                    continue
                yield (n, batch.docs, batch.skipped, opts)

        def add_sums(n: int) -> None:  # summed here while the workers go on (this process is idle otherwise)
            if sums is not None:
                sums.add(n, _group_counts(out, n), _doc_counts(out, n))

        def done(info: dict) -> None:
            infos[info["batch"]] = info
            add_sums(info["batch"])
            bar.total = max(bar.total or 0, len(infos))
            bar.set_description(f"documents: {sum(i['docs'] for i in infos.values()):,}")
            bar.update(1)

        pool.map_bounded(process_documents, jobs(), done)
        timings["documents"] = time.perf_counter() - t0
        scorer_used = None
        if scorer is not None:
            scorer_used = choose_scorer(scorer, sum(i["pairs"] for i in infos.values()))
        if scorer_used is not None and scorer_used != early:  # the accurate scorer: a second pass
            t1 = time.perf_counter()
            threads = 1 if pool.workers > 1 or scheduler else len(os.sched_getaffinity(0))
            stance_jobs = (
                (n, str(out), scorer_used, threads, n_boot)
                for n in range(n_batches)
                if not (resume and _marker(out, "stance", n).exists())
            )

            def stance_done(info: dict) -> None:
                infos[info["batch"]].setdefault("rows", {}).update(info.get("rows", {}))
                bar.set_description(f"stance: batch {info['batch']}")

            pool.map_bounded(process_stance, stance_jobs, stance_done)
            for n in range(n_batches):  # batches scored by the run that was killed: rows from their markers
                if resume and _marker(out, "stance", n).exists():
                    stance_rows = json.loads(_marker(out, "stance", n).read_text(encoding="utf-8")).get("rows")
                    infos[n].setdefault("rows", {}).update(stance_rows or dict.fromkeys(STANCE_TABLES))
            timings["stance"] = time.perf_counter() - t1
    except BaseException:
        bar.close()
        pool.close(cancel=True)
        raise
    bar.close()
    pool.close()
    release_memory()
    for stale in chain.from_iterable(
        (out / t).glob("[a-z]*-[0-9]*.*") for t in DOCUMENT_TABLES + STANCE_TABLES + ["_terms", "_keys"]
    ):
        if int(stale.name.split("-")[-1].split(".")[0]) >= n_batches:  # a previous, longer corpus: never mixed in
            stale.unlink()

    t2 = time.perf_counter()
    counts = [infos[n]["docs"] for n in range(n_batches)]
    sink = PartitionSink(out, csv=csv)
    src = PartitionSource(out, counts, stance=scorer_used is not None)
    threads = cfg.cross_threads or (
        min(4, len(os.sched_getaffinity(0))) if sum(counts) <= CROSS_THREADS_MAX_DOCS else 1
    )
    tables = cross_tables(
        src,
        sink,
        n_boot=n_boot,
        similarity=similarity,
        tfidf=tfidf,
        top_k=top_k,
        framing=framing,
        threads=threads,
        sums=sums,
        include_wire=cfg.include_wire,
        period=cfg.period,
        claim_meaning=cfg.claim_meaning,
    )
    sink.close()
    tables["docs"] = src.docs()
    settings = cfg.settings(actor_set, scorer=scorer_used)
    result = finish(tables, actor_set, settings, warnings)
    timings["corpus"] = time.perf_counter() - t2
    per_doc = set(DOCUMENT_TABLES + STANCE_TABLES)
    write_tables(
        Tables({k: v for k, v in result.tables.items() if k not in per_doc}, actor_set, settings, warnings),
        out,
        csv=csv,
    )
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    for name in sorted(per_doc & set(TABLE_ORDER)):
        paths = partition_paths(out, name)
        if paths:
            meta["rows"][name] = _partition_rows(paths, [infos[n].get("rows", {}).get(name) for n in range(n_batches)])
    meta["rows"].update(sink.rows)
    meta.update(
        batches=n_batches,
        batches_reused=reused,
        batch_size=batch_size,
        workers=pool.workers,
        backend="dask" if scheduler else ("processes" if pool.workers > 1 else "in-process"),
        seconds=timings,
    )
    (out / "run.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    result.settings["batches"] = n_batches
    return result


def _actor_digest(actors: ActorSet) -> str:
    """A digest of the actor file's content (a changed file must not reuse old partitions)."""
    src = Path(actors.source) if actors.source and Path(str(actors.source)).exists() else None
    return hashlib.sha256(src.read_bytes()).hexdigest() if src else str(actors.ids)

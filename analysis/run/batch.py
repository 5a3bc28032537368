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
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.ingest.actors import ActorSet, load_actors
from analysis.ingest.corpus import LoadResult, iter_corpus
from analysis.run.cross import BatchSums, SentenceKeys, Sink, Source, cross_tables
from analysis.compare.lsh import FileKeys, band_keys
from analysis.run.memory import rare_collections, release_memory
from analysis.run.pipeline import (
    TABLE_ORDER, Tables, count_pairs, document_tables, finish, progress_bar, punkt_sample, run_settings,
    stance_tables, term_partial, write_tables,
)
from analysis.text.punkt import PunktSample, make_splitter
from analysis.compare.reuse import sentence_signatures
from analysis.compare.terms import TfidfSettings, token_codes
from analysis.text.words import words
from analysis.stance.scoring import choose_scorer

__all__ = ["DOCUMENT_TABLES", "STANCE_TABLES", "BatchOptions", "run_batched", "read_partitioned", "partition_paths"]

DOCUMENT_TABLES = [
    "docs", "skipped", "removed", "paragraphs", "sentences", "tokens", "mentions", "salience_doc",
    "syntax", "labels", "quotes", "roles", "speakers", "omission_items",
]
STANCE_TABLES = ["stances", "stance_doc", "evidence_candidates"]
# Columns the cross-document step reads back (None: all); docs' text stays in its partitions.
CHUNK_DOCS = 5000  # documents per chunk of the cross-document tables written a range at a time
CROSS_THREADS_MAX_DOCS = 250_000  # above, the cross-document steps run one after the other (memory)
# what the cross-document step reads of the docs partitions (titles, URLs and file names of a
# million documents would hold several hundred MB for nothing; they stay in OUT/docs/)
_GLOBAL_COLUMNS: dict[str, list[str] | None] = {"docs": ["doc_id", "outlet", "date"]}


@dataclass(frozen=True)
class BatchOptions:
    """What a worker needs besides its documents (sent with every batch; small).

    ``scorer`` is the stance scorer run in the documents phase (the fast or VADER one, which
    need no second pass; None: stance is scored later, or not at all).
    """

    actors: ActorSet
    splitter: object | None
    with_tokens: bool
    framing: bool
    similarity: bool
    tfidf: TfidfSettings
    out: str
    scorer: str | None = None
    n_boot: int = 2000


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
    """Worker: the per-document tables of batch ``n`` (with the stance tables when ``opts.scorer``
    is set), its term counts and its sentences' reuse keys, written as partitions."""
    with rare_collections():  # its containers live until it ends: no point walking them every 700
        start = time.perf_counter()
        out = Path(opts.out)
        tables = {"docs": docs, "skipped": skipped}
        tables.update(document_tables(docs, actors=opts.actors, splitter=opts.splitter, with_tokens=opts.with_tokens,
                                      framing=opts.framing))
        rows = {}
        for name in DOCUMENT_TABLES:
            if name in tables:
                _write_part(out, name, n, tables[name])
                rows[name] = len(tables[name])
        if opts.scorer is not None:
            rows.update(_write_stance(out, n, stance_tables(docs, tables["sentences"], tables["mentions"], tables.get("speakers"),
                                                            scorer=_worker_scorer(opts.scorer, 1), n_boot=opts.n_boot)))
        if opts.similarity:
            sentences = tables["sentences"]
            tokens = [words(t) for t in sentences["text"].tolist()]  # for the term counts and the reuse keys
            coded = token_codes(tokens)
            part = term_partial(docs, sentences, tables["mentions"], settings=opts.tfidf, tokens=tokens, coded=coded,
                                categorical=True)
            X, keys = part.doc_counts
            _atomic_write(out / "_terms" / f"docs-{n:06d}.npz", lambda p: np.savez(
                p.open("wb"), data=X.data, indices=X.indices, indptr=X.indptr, shape=np.array(X.shape), keys=keys))
            _atomic_write(out / "_terms" / f"groups-{n:06d}.pkl",
                          lambda p: p.write_bytes(_packed(_categorical_counts(part.outlet_counts, part.actor_counts))))
            _write_keys(out, n, docs, sentences, tokens, coded)
        info = {"batch": n, "docs": len(docs), "skipped": len(skipped), "pairs": count_pairs(tables["mentions"]),
                "scored": opts.scorer, "chars": int(docs["text"].str.len().sum()) if len(docs) else 0,
                "rows": rows, "seconds": time.perf_counter() - start}
        _write_marker(out, "documents", n, info)
        return info


_PACKED = b"ZSTD"  # then the pickle's size (8 bytes, little-endian) and the compressed pickle


def _packed(obj: object) -> bytes:
    """``obj`` pickled and compressed (Zstandard, level 1: a batch's group counts shrink ~5×, in
    ~1.5 ms; at a million articles 6.8 GB of files less to write, and to evict from the page cache)."""
    raw = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return _PACKED + len(raw).to_bytes(8, "little") + pa.Codec("zstd", compression_level=1).compress(raw, asbytes=True)


def _unpacked(data: bytes) -> object:
    """The object :func:`_packed` wrote (or a plain pickle, as runs before it wrote them)."""
    if not data.startswith(_PACKED):
        return pickle.loads(data)
    size = int.from_bytes(data[4:12], "little")
    return pickle.loads(pa.Codec("zstd").decompress(data[12:], decompressed_size=size, asbytes=True))


def _doc_counts(out: Path, n: int) -> tuple:
    """Batch ``n``'s documents × terms counts and the columns' term keys (written by :func:`process_documents`)."""
    import scipy.sparse as sp

    with np.load(out / "_terms" / f"docs-{n:06d}.npz") as z:
        return sp.csr_matrix((z["data"], z["indices"], z["indptr"]), shape=tuple(z["shape"])), z["keys"]


def _group_counts(out: Path, n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Batch ``n``'s term counts per outlet and per actor and outlet (written by :func:`process_documents`)."""
    return _unpacked((out / "_terms" / f"groups-{n:06d}.pkl").read_bytes())


def _categorical_counts(*counts: pd.DataFrame) -> tuple[pd.DataFrame, ...]:
    """Group term counts (a batch's outlet and actor × outlet counts) with their labels (outlet,
    actor) and terms categorical, the terms of all the frames sharing one categories object:
    each distinct label and term pickled once (at 1M articles the pickles were 3 MB a batch,
    12 GB in all; 44% smaller with categorical labels), and each term looked up once in the
    merge (:meth:`analysis.run.cross.GroupCounts.add`). Columns that are categorical already are
    kept (``term_partial(categorical=True)`` makes the terms so, over one dtype)."""
    frames = [c.copy() for c in counts]
    for out in frames:
        for col in ("actor", "group"):
            if col in out and len(out) and not isinstance(out[col].dtype, pd.CategoricalDtype):
                codes, labels = pd.factorize(out[col])
                out[col] = pd.Categorical.from_codes(codes, labels)
    filled = [f for f in frames if len(f)]
    dtypes = [f["term"].dtype for f in filled]
    if all(isinstance(d, pd.CategoricalDtype) and d.categories is dtypes[0].categories for d in dtypes):
        return tuple(frames)  # the terms share one categories object already (or there are none)
    if filled:
        codes, vocab = pd.factorize(pd.concat([f["term"] for f in filled], ignore_index=True))
        dtype = pd.CategoricalDtype(vocab)
        at = np.cumsum([0] + [len(f) for f in filled])
        for f, lo, hi in zip(filled, at[:-1], at[1:]):
            f["term"] = pd.Categorical.from_codes(codes[lo:hi], dtype=dtype)
    return tuple(frames)


def _write_keys(out: Path, n: int, docs: pd.DataFrame, sentences: pd.DataFrame, tokens: list[list[str]],
                coded: tuple[np.ndarray, list[str]]) -> None:
    """The batch's sentence keys for reuse at scale: band keys (8 × sentences, uint64) and, per
    sentence, its document's position in the batch, sent_id, token count and sequence hash
    (``tokens``: each sentence's words, ``coded``: their token codes and vocabulary)."""
    sig, seq, lens = sentence_signatures(sentences["text"], words=tokens, coded=coded)
    local = pd.Series(np.arange(len(docs)), index=docs["doc_id"].to_numpy()).reindex(sentences["doc_id"].to_numpy())
    _atomic_write(out / "_keys" / f"bands-{n:06d}.npy", lambda p: np.save(p.open("wb"), np.ascontiguousarray(band_keys(sig).T)))
    _atomic_write(out / "_keys" / f"part-{n:06d}.npz", lambda p: np.savez(
        p.open("wb"), doc=local.to_numpy(dtype=np.int64), sent=sentences["sent_id"].to_numpy(dtype=np.int64),
        lens=np.asarray(lens, dtype=np.int64), seq=np.asarray(seq, dtype=np.int64)))


def _write_stance(out: Path, n: int, tables: dict[str, pd.DataFrame]) -> dict[str, int]:
    """The stance partitions of batch ``n`` (and the empty speakers table when framing is off);
    returns the rows written per table."""
    tables["evidence_candidates"] = tables.pop("stance_evidence")
    rows = {}
    if not (out / "speakers" / f"part-{n:06d}.parquet").exists() and "speakers" in tables:
        _write_part(out, "speakers", n, tables["speakers"])
        rows["speakers"] = len(tables["speakers"])
    for name in STANCE_TABLES:
        _write_part(out, name, n, tables[name])
        rows[name] = len(tables[name])
    return rows


_SCORERS: dict[str, object] = {}


def _worker_scorer(name: str, threads: int):
    """One scorer per worker process (the accurate one with ``threads`` onnxruntime sessions)."""
    key = f"{name}/{threads}"
    if key not in _SCORERS:
        if name == "accurate":
            from analysis.stance.scorers.accurate import AccurateScorer

            _SCORERS[key] = AccurateScorer(threads=threads)
        else:
            from analysis.stance.scoring import get_scorer

            _SCORERS[key] = get_scorer(name)
    return _SCORERS[key]


def process_stance(n: int, out: str, scorer: str, threads: int, n_boot: int) -> dict:
    """Worker: stances, stance_doc and evidence candidates of batch ``n`` from its partitions."""
    with rare_collections():  # its containers live until it ends: no point walking them every 700
        start = time.perf_counter()
        root = Path(out)
        part = lambda t: pd.read_parquet(root / t / f"part-{n:06d}.parquet")  # noqa: E731
        speakers_path = root / "speakers" / f"part-{n:06d}.parquet"
        speakers = pd.read_parquet(speakers_path) if speakers_path.exists() else None
        docs = pd.read_parquet(root / "docs" / f"part-{n:06d}.parquet", columns=["doc_id", "outlet"])
        tables = stance_tables(docs, part("sentences"), part("mentions"), speakers,
                               scorer=_worker_scorer(scorer, threads), n_boot=n_boot)
        rows = _write_stance(root, n, tables)
        info = {"batch": n, "pairs": len(tables["stances"]), "rows": rows, "seconds": time.perf_counter() - start}
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
            ctx.set_forkserver_preload(["analysis.run.pipeline"])
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
            _stop_forkserver()
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _partition_rows(paths: list[Path], counted: list[int | None]) -> int:
    """Rows of a table's partitions: the batches' own counts (``counted``, from their markers)
    when every batch has one for each partition, else read from the Parquet footers (markers of
    an older run carry no counts; at 1M articles opening 48,000 footers took a minute)."""
    if len(counted) == len(paths) and None not in counted:
        return int(sum(counted))
    return int(sum(pq.ParquetFile(p).metadata.num_rows for p in paths))


def _stop_forkserver() -> None:
    """Stop the forkserver the pool's workers came from: it holds the preloaded libraries
    (~200 MB resident) for the life of the process, through the cross-document phase. The next
    pool starts a new one. (``_stop`` is private to multiprocessing: skipped if it is missing.)"""
    from multiprocessing import forkserver

    stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if stop is not None:
        stop()


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
    cross_threads: int | None = None,
    log: Callable[[str], None] = lambda msg: None,
) -> Tables:
    """Run the pipeline batch by batch into ``out`` (see the module docstring); returns the cross-document
    tables (and docs with doc_id, outlet and date only: every column is in ``OUT/docs/``).

    ``workers`` processes (default: every available core; 1 runs in this process) or, with
    ``scheduler``, Dask: ``"local"`` starts a local cluster of ``workers`` processes, anything else
    is a scheduler address (``tcp://host:8786``) whose workers must see ``out`` at the same path.
    The per-document tables stay on disk; read them with :func:`read_partitioned`. The
    cross-document tables are written as Parquet (and CSV with ``csv``). ``cross_threads``: the
    cross-document steps run side by side in this many threads (default: every available core,
    at most 4, up to CROSS_THREADS_MAX_DOCS documents, one above, where the steps' peaks would
    add up to several GB); the tables do not depend on it.
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
    if resume:  # files a killed run was writing: their batches have no marker and are recomputed
        for partial in out.rglob(".*.tmp*"):
            partial.unlink()
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
    early = scorer if scorer in ("fast", "vader") else ("fast" if scorer == "auto" else None)
    opts = BatchOptions(actors=actor_set, splitter=splitter, with_tokens=with_tokens, framing=framing,
                        similarity=similarity, tfidf=tfidf, out=str(out), scorer=early, n_boot=n_boot)
    infos: dict[int, dict] = {}
    warnings: list[str] = []
    n_batches = 0
    reused = 0
    sums = BatchSums() if similarity else None
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
            stance_jobs = ((n, str(out), scorer_used, threads, n_boot) for n in range(n_batches)
                           if not (resume and _marker(out, "stance", n).exists()))

            def stance_done(info: dict) -> None:
                infos[info["batch"]].setdefault("rows", {}).update(info.get("rows", {}))
                bar.set_description(f"stance: batch {info['batch']}")

            pool.map_bounded(process_stance, stance_jobs, stance_done)
            for n in range(n_batches):  # batches scored by the run that was killed: rows from their markers
                if resume and _marker(out, "stance", n).exists():
                    stance_rows = json.loads(_marker(out, "stance", n).read_text(encoding="utf-8")).get("rows")
                    infos[n].setdefault("rows", {}).update(stance_rows or {t: None for t in STANCE_TABLES})
            timings["stance"] = time.perf_counter() - t1
    finally:
        bar.close()
        pool.close()
    release_memory()
    for stale in chain.from_iterable((out / t).glob("[a-z]*-[0-9]*.*") for t in DOCUMENT_TABLES + STANCE_TABLES + ["_terms", "_keys"]):
        if int(stale.name.split("-")[-1].split(".")[0]) >= n_batches:  # a previous, longer corpus: never mixed in
            stale.unlink()

    t2 = time.perf_counter()
    counts = [infos[n]["docs"] for n in range(n_batches)]
    sink = PartitionSink(out, csv=csv)
    src = PartitionSource(out, counts, stance=scorer_used is not None)
    threads = cross_threads or (min(4, len(os.sched_getaffinity(0))) if sum(counts) <= CROSS_THREADS_MAX_DOCS else 1)
    tables = cross_tables(src, sink, n_boot=n_boot, similarity=similarity, tfidf=tfidf, top_k=top_k, framing=framing,
                          threads=threads, sums=sums)
    sink.close()
    tables["docs"] = src.docs()
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
        paths = partition_paths(out, name)
        if paths:
            meta["rows"][name] = _partition_rows(paths, [infos[n].get("rows", {}).get(name) for n in range(n_batches)])
    meta["rows"].update(sink.rows)
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


def _string_columns(schema: pa.Schema, columns: list[str] | None) -> list[str]:
    return [f.name for f in schema if (columns is None or f.name in columns)
            and (pa.types.is_string(f.type) or pa.types.is_large_string(f.type))]


def _with_objects(frame: pd.DataFrame, strings: list[str]) -> pd.DataFrame:
    """The dictionary-decoded string columns as Python objects (each distinct string once)."""
    for c in strings:
        frame[c] = frame[c].astype(object)
    return frame


def _read_lean(paths: list[Path], columns: list[str] | None = None) -> pd.DataFrame:
    """Partitions read and concatenated with each distinct string stored once (a million rows of
    a few repeated values, or of one document id per document, cost pointers, not strings).

    All partitions are read as one Arrow dataset (threads, no Python per file: at 4,000
    partitions 3× faster than one file at a time); partitions whose schemas do not agree with
    the first one's (an empty batch's columns without a type) are read one at a time instead."""
    if len(paths) > 1:
        import pyarrow.dataset as ds

        strings = _string_columns(pq.read_schema(paths[0]), columns)
        fmt = ds.ParquetFileFormat(read_options=ds.ParquetReadOptions(dictionary_columns=strings))
        try:
            frame = ds.dataset([str(p) for p in paths], format=fmt).to_table(columns=columns).to_pandas()
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            pass
        else:
            return _with_objects(frame, strings)
    frames = []
    for path in paths:
        strings = _string_columns(pq.read_schema(path), columns)
        frames.append(_with_objects(pq.read_table(path, columns=columns, read_dictionary=strings).to_pandas(), strings))
    full = [f for f in frames if len(f)]
    if not full:
        return frames[0] if frames else pd.DataFrame(columns=columns)
    return pd.concat(full, ignore_index=True) if len(full) > 1 else full[0]


class PartitionSource(Source):
    """The per-document tables of a batched run, read from its partitions as the cross-document
    step asks for them (``counts``: documents per batch, in batch order)."""

    _RENAMED = {"stance_evidence": "evidence_candidates"}

    def __init__(self, out: Path, counts: list[int], *, stance: bool):
        self.out, self.counts, self.stance = out, counts, stance
        self.offsets = np.r_[0, np.cumsum(counts)].astype(np.int64)
        self._docs: pd.DataFrame | None = None

    def _parts(self, table: str) -> list[Path]:
        return partition_paths(self.out, table)[:len(self.counts)]

    def docs(self) -> pd.DataFrame:
        if self._docs is None:
            self._docs = _read_lean(self._parts("docs"), _GLOBAL_COLUMNS["docs"])
        return self._docs

    def _table_parts(self, name: str) -> list[Path]:
        """The partitions of a per-document table (none for stance tables of a run without stances)."""
        if name in STANCE_TABLES + ["stances", "stance_evidence"] and not self.stance:
            return []
        return self._parts(self._RENAMED.get(name, name))

    def table(self, name: str, columns: list[str] | None = None) -> pd.DataFrame | None:
        parts = self._table_parts(name)
        return _read_lean(parts, columns) if parts else None

    def table_parts(self, name: str, *, per: int = 1) -> Iterator[pd.DataFrame]:
        paths = self._table_parts(name)
        for lo in range(0, len(paths), max(1, per)):
            yield _read_lean(paths[lo:lo + max(1, per)])

    def doc_counts(self) -> Iterable[tuple]:
        return _DocCountFiles(self.out, len(self.counts))

    def group_counts(self) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
        for n in range(len(self.counts)):
            yield _group_counts(self.out, n)

    def sentence_keys(self) -> SentenceKeys:
        keys = FileKeys([self.out / "_keys" / f"bands-{n:06d}.npy" for n in range(len(self.counts))])
        total = int(keys.offsets[-1])  # sentences per batch, from the band files' shapes
        # positions, sent_ids and word counts fit 32 bits: 12 bytes a sentence less (300 MB at 1M documents)
        small = np.int32 if max(total, int(self.offsets[-1])) < 2**31 else np.int64
        doc, sent, lens = (np.empty(total, dtype=small) for _ in range(3))
        seq = np.empty(total, dtype=np.int64)
        for n, (lo, hi) in enumerate(zip(keys.offsets[:-1], keys.offsets[1:])):
            with np.load(self.out / "_keys" / f"part-{n:06d}.npz") as part:
                doc[lo:hi] = part["doc"] + self.offsets[n]
                sent[lo:hi], lens[lo:hi], seq[lo:hi] = part["sent"], part["lens"], part["seq"]
        return SentenceKeys(doc=doc, sent=sent, lens=lens, seq=seq, keys=keys)

    def _groups(self) -> list[list[int]]:
        """Consecutive batches grouped into chunks of at least CHUNK_DOCS documents."""
        groups: list[list[int]] = [[]]
        for n, count in enumerate(self.counts):
            if sum(self.counts[b] for b in groups[-1]) >= CHUNK_DOCS:
                groups.append([])
            groups[-1].append(n)
        return [g for g in groups if g]

    def ranges(self) -> list[tuple[int, int]]:
        return [(int(self.offsets[g[0]]), int(self.offsets[g[-1] + 1])) for g in self._groups()]

    def sentence_chunks(self) -> Iterator[tuple[int, int, pd.DataFrame]]:
        parts = self._parts("sentences")
        for g, (lo, hi) in zip(self._groups(), self.ranges()):
            yield lo, hi, _read_lean([parts[n] for n in g], ["doc_id", "sent_id", "n_words"])


class _DocCountFiles:
    """The batches' keyed document term counts, read one file at a time on every iteration."""

    def __init__(self, out: Path, n_batches: int):
        self.out, self.n_batches = out, n_batches

    def __iter__(self) -> Iterator[tuple]:
        for n in range(self.n_batches):
            yield _doc_counts(self.out, n)


class PartitionSink(Sink):
    """Appends each chunked table's chunks to ``OUT/<table>.parquet`` (and ``.csv`` with ``csv``)."""

    def __init__(self, out: Path, *, csv: bool = False):
        self.out, self.csv = out, csv
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.empty: dict[str, pd.DataFrame] = {}
        self.finished: set[str] = set()
        self.rows: dict[str, int] = {}

    def _tmp(self, name: str, ext: str) -> Path:
        return self.out / f".{name}.{ext}.tmp"

    def add(self, name: str, frame: pd.DataFrame) -> None:
        self.rows[name] = self.rows.get(name, 0) + len(frame)
        if len(frame) == 0:  # kept only in case every chunk is empty
            self.empty.setdefault(name, frame)
            return
        if name not in self.writers:
            table = pa.Table.from_pandas(frame, preserve_index=False)
            self.writers[name] = pq.ParquetWriter(self._tmp(name, "parquet"), table.schema)
        else:
            table = pa.Table.from_pandas(frame, schema=self.writers[name].schema, preserve_index=False)
        self.writers[name].write_table(table)
        if self.csv:
            tmp = self._tmp(name, "csv")
            frame.to_csv(tmp, mode="a", header=not tmp.exists(), index=False, encoding="utf-8", lineterminator="\n")

    def _finish(self, name: str) -> None:
        """Close one table's file (from its empty chunk if nothing else came) and move it in place."""
        if name not in self.writers:
            frame = self.empty[name]
            self.writers[name] = pq.ParquetWriter(self._tmp(name, "parquet"), pa.Table.from_pandas(frame, preserve_index=False).schema)
            if self.csv:
                frame.to_csv(self._tmp(name, "csv"), index=False, encoding="utf-8", lineterminator="\n")
        self.writers.pop(name).close()
        os.replace(self._tmp(name, "parquet"), self.out / f"{name}.parquet")
        if self.csv:
            os.replace(self._tmp(name, "csv"), self.out / f"{name}.csv")
        self.finished.add(name)

    def close(self) -> None:
        """Finish every table still open."""
        for name in sorted((set(self.writers) | set(self.empty)) - self.finished):
            self._finish(name)

    def whole(self, name: str) -> pd.DataFrame:
        if name not in self.finished:
            self._finish(name)
        return pd.read_parquet(self.out / f"{name}.parquet")

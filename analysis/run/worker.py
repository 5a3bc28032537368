"""What a worker process does with one batch: its per-document tables, stance, term counts and
reuse keys, written as partitions with a marker last (:func:`process_documents`), and the
accurate scorer's second pass over a finished batch (:func:`process_stance`)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from analysis.compare.counts import term_partial
from analysis.compare.lsh import band_keys
from analysis.compare.minhash import sentence_signatures
from analysis.compare.quoted import quote_shares
from analysis.compare.terms import TfidfSettings, token_codes
from analysis.ingest.actors import ActorSet
from analysis.run.documents import (
    _stage,
    concat_failed,
    count_pairs,
    document_tables,
    isolate_failures,
    safe_stance_tables,
)
from analysis.run.memory import rare_collections, release_memory
from analysis.run.partitions import _atomic_write, _packed, _write_marker, _write_part
from analysis.tables.registry import DOCUMENT_TABLES, STANCE_TABLES
from analysis.text.words import words

if TYPE_CHECKING:
    from analysis.stance.scoring import Scorer

log = logging.getLogger(__name__)


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
    resolve: bool = True
    resolve_model: bool = False
    cue_context: bool = False


def _analyse(docs: pd.DataFrame, opts: BatchOptions) -> dict[str, Any]:
    """Everything one batch's documents give before anything is written: the per-document tables,
    the term counts and the reuse keys (a step that raises raises StageError)."""
    tables: dict[str, Any] = document_tables(
        docs,
        actors=opts.actors,
        splitter=opts.splitter,
        with_tokens=opts.with_tokens,
        framing=opts.framing,
        resolve=opts.resolve,
        resolve_model=opts.resolve_model,
        cue_context=opts.cue_context,
    )
    if opts.similarity:
        sentences = tables["sentences"]

        def counts() -> tuple:
            tokens = [words(t) for t in sentences["text"].tolist()]  # for the term counts and the reuse keys
            coded = token_codes(tokens)
            part = term_partial(
                docs, sentences, tables["mentions"], settings=opts.tfidf, tokens=tokens, coded=coded, categorical=True
            )
            sig, seq, lens = sentence_signatures(sentences["text"], words=tokens, coded=coded)
            return part, (sig, seq, lens)

        tables["_counts"] = _stage("terms", counts)
    return tables


def process_documents(n: int, docs: pd.DataFrame, skipped: pd.DataFrame, opts: BatchOptions) -> dict[str, Any]:
    """Worker: the per-document tables of batch ``n`` (with the stance tables when ``opts.scorer``
    is set), its term counts and its sentences' reuse keys, written as partitions. A document
    whose analysis raises is left out and listed in the batch's failed partition."""
    with rare_collections():  # its containers live until it ends: no point walking them every 700
        start = time.perf_counter()
        out = Path(opts.out)
        analysed, docs, failed = isolate_failures(docs, lambda d: _analyse(d, opts), on_failure=log.warning)
        counted = analysed.pop("_counts", None)
        tables = {"docs": docs, "skipped": skipped, "failed": failed, **analysed}
        if opts.scorer is not None:
            stance, stance_failed = safe_stance_tables(
                docs, tables, scorer=_worker_scorer(opts.scorer, 1), n_boot=opts.n_boot, on_failure=log.warning
            )
            tables["failed"] = concat_failed(failed, stance_failed)
        rows = {}
        for name in DOCUMENT_TABLES:
            if name in tables:
                _write_part(out, name, n, tables[name])
                rows[name] = len(tables[name])
        if opts.scorer is not None:
            rows.update(_write_stance(out, n, stance))
        if counted is not None:
            part, (sig, seq, lens) = counted
            X, keys = part.doc_counts
            _atomic_write(
                out / "_terms" / f"docs-{n:06d}.npz",
                lambda p: np.savez(
                    p.open("wb"), data=X.data, indices=X.indices, indptr=X.indptr, shape=np.array(X.shape), keys=keys
                ),
            )
            _atomic_write(
                out / "_terms" / f"groups-{n:06d}.pkl",
                lambda p: p.write_bytes(_packed(_categorical_counts(part.outlet_counts, part.actor_counts))),
            )
            _write_keys(out, n, docs, tables["sentences"], sig, seq, lens)
        info = {
            "batch": n,
            "docs": len(docs),
            "skipped": len(skipped),
            "failed": len(tables["failed"]),
            "pairs": count_pairs(tables["mentions"]),
            "scored": opts.scorer,
            "chars": int(docs["text"].str.len().sum()) if len(docs) else 0,
            "rows": rows,
            "seconds": time.perf_counter() - start,
        }
        _write_marker(out, "documents", n, info)
    del analysed, tables, docs, counted
    # the batch's freed heap back to the system before the next batch (a long-lived worker's
    # resident memory otherwise only grows)
    release_memory()
    return info


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


def _write_keys(
    out: Path, n: int, docs: pd.DataFrame, sentences: pd.DataFrame, sig: np.ndarray, seq: Any, lens: Any
) -> None:
    """The batch's sentence keys for reuse at scale: band keys (8 × sentences, uint64) and, per
    sentence, its document's position in the batch, sent_id, token count, sequence hash and quote share
    (``sig``, ``seq``, ``lens``: the sentences' :func:`analysis.compare.minhash.sentence_signatures`)."""
    local = pd.Series(np.arange(len(docs)), index=docs["doc_id"].to_numpy()).reindex(sentences["doc_id"].to_numpy())
    _atomic_write(
        out / "_keys" / f"bands-{n:06d}.npy", lambda p: np.save(p.open("wb"), np.ascontiguousarray(band_keys(sig).T))
    )
    _atomic_write(
        out / "_keys" / f"part-{n:06d}.npz",
        lambda p: np.savez(
            p.open("wb"),
            doc=local.to_numpy(dtype=np.int64),
            sent=sentences["sent_id"].to_numpy(dtype=np.int64),
            lens=np.asarray(lens, dtype=np.int64),
            seq=np.asarray(seq, dtype=np.int64),
            quote=quote_shares(sentences),
        ),
    )


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


_SCORERS: dict[str, Scorer] = {}


def _worker_scorer(name: str, threads: int) -> Scorer:
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


def process_stance(n: int, out: str, scorer: str, threads: int, n_boot: int) -> dict[str, Any]:
    """Worker: stances, stance_doc and evidence candidates of batch ``n`` from its partitions; a
    document whose scoring raises gets no stance rows and replaces any stance failure of the
    batch's failed partition (the fast scorer's, in an ``auto`` run)."""
    with rare_collections():  # its containers live until it ends: no point walking them every 700
        start = time.perf_counter()
        root = Path(out)
        part = lambda t: pd.read_parquet(root / t / f"part-{n:06d}.parquet")  # noqa: E731
        speakers_path = root / "speakers" / f"part-{n:06d}.parquet"
        references_path = root / "references" / f"part-{n:06d}.parquet"
        roles_path = root / "roles" / f"part-{n:06d}.parquet"
        docs = pd.read_parquet(root / "docs" / f"part-{n:06d}.parquet", columns=["doc_id", "outlet", "source"])
        tables = {
            "sentences": part("sentences"),
            "mentions": part("mentions"),
            "speakers": pd.read_parquet(speakers_path) if speakers_path.exists() else None,
            "references": pd.read_parquet(references_path) if references_path.exists() else None,
            "roles": (
                pd.read_parquet(roles_path, columns=["doc_id", "sent_id", "actor", "role", "verb"])
                if roles_path.exists()
                else None
            ),
        }
        stance, stance_failed = safe_stance_tables(
            docs, tables, scorer=_worker_scorer(scorer, threads), n_boot=n_boot, on_failure=log.warning
        )
        rows = _write_stance(root, n, stance)
        failed_path = root / "failed" / f"part-{n:06d}.parquet"
        failed = pd.read_parquet(failed_path) if failed_path.exists() else stance_failed.iloc[0:0]
        kept = failed[failed["stage"] != "stance"] if len(failed) else failed
        if len(stance_failed) or len(kept) != len(failed):
            _write_part(root, "failed", n, concat_failed(kept.reset_index(drop=True), stance_failed))
        rows["failed"] = len(kept) + len(stance_failed)
        info = {"batch": n, "pairs": len(stance["stances"]), "rows": rows, "seconds": time.perf_counter() - start}
        _write_marker(root, "stance", n, info)
    del tables, stance
    release_memory()
    return info

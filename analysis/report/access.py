"""Reading a run's tables for a report without loading more than it shows.

The report pages take a finished run (:class:`analysis.tables.RunTables`); the explorer may also
hold an in-memory run (:class:`analysis.tables.Tables`). These helpers read both the same way:
:func:`read` some columns or rows, :func:`count_by` group counts computed partition by partition
(a batched run of a million articles is never read whole), :func:`doc_outlets` the outlet of
every document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.tables.io import RunTables, Tables, partition_paths
from analysis.tables.registry import TABLES

__all__ = [
    "Run",
    "actor_ids",
    "count_by",
    "doc_outlets",
    "first_rows",
    "has",
    "n_rows",
    "read",
    "sentences_of",
    "setting",
    "table_path",
]

Run = RunTables | Tables
Filters = Sequence[tuple[str, str, Any]]

_CHUNK_ROWS = 500_000


def has(run: Run, name: str) -> bool:
    """True when the run wrote the table ``name`` (an empty table counts as written)."""
    return name in run


def actor_ids(run: Run) -> list[str]:
    """The run's actor ids in the actor file's order (an in-memory run keeps an ActorSet)."""
    actors = run.actors
    ids: list[str] = list(actors.ids) if hasattr(actors, "ids") else list(actors)
    return ids


def setting(run: Run, key: str, default: Any = None) -> Any:
    """One of the run's settings (``run.json``), or ``default``."""
    return (getattr(run, "settings", None) or {}).get(key, default)


def _empty(name: str, columns: Sequence[str] | None) -> pd.DataFrame:
    cols = list(columns) if columns is not None else (TABLES[name].column_names if name in TABLES else [])
    return pd.DataFrame(columns=cols)


def _apply_filters(frame: pd.DataFrame, filters: Filters | None) -> pd.DataFrame:
    for col, op, value in filters or ():
        if op == "in":
            frame = frame[frame[col].isin(list(value))]
        elif op in ("=", "=="):
            frame = frame[frame[col] == value]
        elif op == "!=":
            frame = frame[frame[col] != value]
        else:
            raise ValueError(f"filter operator {op!r} not supported")
    return frame


def read(run: Run, name: str, *, columns: Sequence[str] | None = None, filters: Filters | None = None) -> pd.DataFrame:
    """Some columns and rows of a table; an empty frame (registry columns) when the run lacks it.

    A finished run reads only what is asked (Parquet column selection and row filters, partition
    by partition); an in-memory run's frame is sliced."""
    cols = list(columns) if columns is not None else None
    if any(op == "in" and len(list(value)) == 0 for _, op, value in filters or ()):
        return _empty(name, cols)  # nothing can match an empty list
    if isinstance(run, RunTables):
        if name not in run:
            return _empty(name, cols)
        if not filters or name in run._cache:
            return run.read(name, columns=cols, filters=list(filters) if filters else None).reset_index(drop=True)
        return _read_parts(run, name, cols, filters)
    frame = run.get(name)
    if frame is None:
        return _empty(name, cols)
    frame = _apply_filters(frame, filters)
    return (frame[cols] if cols is not None else frame).reset_index(drop=True)


def _files(run: RunTables, name: str) -> list[Path]:
    parts = partition_paths(run.folder, name)
    return parts or [run.folder / f"{name}.parquet"]


def _read_parts(run: RunTables, name: str, cols: list[str] | None, filters: Filters) -> pd.DataFrame:
    """Filtered rows, file by file. A file whose column has no type (an empty partition, written
    with null columns) cannot take a typed filter: it is read and filtered in pandas instead."""
    import pyarrow as pa

    frames = []
    first = None
    for path in _files(run, name):
        try:
            frame = pd.read_parquet(path, columns=cols, filters=list(filters))
        except (pa.ArrowException, TypeError, ValueError):
            need = None if cols is None else list(dict.fromkeys([*cols, *(f[0] for f in filters)]))
            frame = _apply_filters(pd.read_parquet(path, columns=need), filters)
            frame = frame[cols] if cols is not None else frame
        first = frame if first is None else first
        if len(frame):
            frames.append(frame)
    if not frames:
        return (first.iloc[0:0] if first is not None else _empty(name, cols)).reset_index(drop=True)
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)


def n_rows(run: Run, name: str) -> int:
    """Rows of a table without reading it (from run.json; an in-memory run's frame length)."""
    if isinstance(run, RunTables):
        return run.n_rows(name) if name in run.rows else len(read(run, name, columns=[]))
    frame = run.get(name)
    return 0 if frame is None else len(frame)


def _chunks(run: Run, name: str, columns: list[str]) -> Iterator[pd.DataFrame]:
    """The table in pieces of bounded size: a batched run's partitions, or slices of one file."""
    if not isinstance(run, RunTables) or name in run._cache:
        yield read(run, name, columns=columns)
        return
    parts = partition_paths(run.folder, name)
    if parts:
        for p in parts:
            yield pd.read_parquet(p, columns=columns)
        return
    path = run.folder / f"{name}.parquet"
    if not path.exists():
        yield _empty(name, columns)
        return
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    if pf.metadata.num_rows == 0:
        yield pd.read_parquet(path, columns=columns)
        return
    for batch in pf.iter_batches(batch_size=_CHUNK_ROWS, columns=columns):
        yield batch.to_pandas()


def doc_outlets(run: Run) -> pd.DataFrame:
    """``doc_id`` and ``outlet`` of every analysed document, in corpus order (text not read)."""
    return read(run, "docs", columns=["doc_id", "outlet"])


def count_by(
    run: Run, name: str, by: Sequence[str], *, where: Mapping[str, object] | None = None, weight: str | None = None
) -> pd.DataFrame:
    """Rows of ``name`` counted per value of the ``by`` columns (column ``n``), read piece by piece.

    ``outlet`` in ``by`` is joined from docs when the table has no outlet column; ``where`` keeps
    rows whose columns equal the given values (e.g. ``{"counted": True}``); ``weight`` sums that
    column instead of counting rows. Groups come out sorted by ``by``."""
    by = list(by)
    if not has(run, name):
        return pd.DataFrame(columns=[*by, "n"])
    own = set(TABLES[name].column_names) if name in TABLES else set(by)
    join_outlet = "outlet" in by and "outlet" not in own
    need = [c for c in by if c != "outlet" or not join_outlet] + list(where or {}) + ([weight] if weight else [])
    if join_outlet:
        need.append("doc_id")
        outlets = doc_outlets(run).set_index("doc_id")["outlet"]
    need = list(dict.fromkeys(need))
    parts: list[pd.Series] = []
    for chunk in _chunks(run, name, need):
        for col, value in (where or {}).items():
            chunk = (
                chunk[chunk[col].astype(type(value)) == value]
                if isinstance(value, bool)
                else chunk[chunk[col] == value]
            )
        if join_outlet:
            chunk = chunk.assign(outlet=chunk["doc_id"].map(outlets))
        if len(chunk) == 0:
            continue
        grouped = chunk.groupby(by, dropna=False)
        parts.append(grouped[weight].sum() if weight else grouped.size())
    if not parts:
        return pd.DataFrame(columns=[*by, "n"])
    total = pd.concat(parts).groupby(level=list(range(len(by))), dropna=False).sum()
    return total.rename("n").reset_index().sort_values(by, kind="stable").reset_index(drop=True)


def first_rows(
    run: Run, name: str, n: int, *, columns: Sequence[str], keep: Callable[[pd.DataFrame], pd.DataFrame] | None = None
) -> tuple[pd.DataFrame, int]:
    """The first ``n`` rows of a table that ``keep`` keeps (all rows without it), read piece by
    piece, and how many rows it keeps in all."""
    found: list[pd.DataFrame] = []
    have = total = 0
    for chunk in _chunks(run, name, list(columns)):
        if keep is not None:
            chunk = keep(chunk)
        total += len(chunk)
        if have < n and len(chunk):
            found.append(chunk.head(n - have))
            have += len(found[-1])
    if not found:
        return _empty(name, columns), total
    return pd.concat(found, ignore_index=True), total


def sentences_of(run: Run, keys: pd.DataFrame, *, columns: Sequence[str] = ("start", "end", "text")) -> pd.DataFrame:
    """The sentences named by ``keys`` (``doc_id``, ``sent_id``), read from their documents only."""
    if len(keys) == 0:
        return pd.DataFrame(columns=["doc_id", "sent_id", *columns])
    ids = sorted(set(keys["doc_id"]))
    sents = read(run, "sentences", columns=["doc_id", "sent_id", *columns], filters=[("doc_id", "in", ids)])
    return sents.merge(keys[["doc_id", "sent_id"]].drop_duplicates(), on=["doc_id", "sent_id"])


def table_path(run: Run, name: str) -> Path | None:
    """Where a finished run keeps a table: its Parquet file, or its folder of partitions."""
    folder = getattr(run, "folder", None)
    if folder is None:
        return None
    if partition_paths(folder, name):
        return Path(folder) / name
    path = Path(folder) / f"{name}.parquet"
    return path if path.exists() else None

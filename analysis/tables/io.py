"""Reading and writing a run's tables: one file per table (CSV and Parquet) for an in-memory run, Parquet
partitions per document table for a batched run, and :class:`RunTables`, which reads a finished run
of either kind lazily, table by table, as the notebooks and reports do."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis.tables.registry import TABLE_ORDER, TABLES

if TYPE_CHECKING:
    from analysis.ingest.actors import ActorSet

__all__ = [
    "RunFolderError",
    "RunTables",
    "Tables",
    "partition_paths",
    "read_partitioned",
    "read_table",
    "read_tables",
    "write_tables",
]


@dataclass
class Tables:
    """Every table of a run, by name, and the settings that produced them."""

    tables: dict[str, pd.DataFrame]
    actors: ActorSet
    settings: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def __contains__(self, name: object) -> bool:
        return name in self.tables

    def get(self, name: str) -> pd.DataFrame | None:
        """The table, or None when the run did not make it."""
        return self.tables.get(name)


def write_tables(result: Tables, out_dir: str | Path, *, parquet: bool = True, csv: bool = True) -> list[Path]:
    """Write every table as CSV (UTF-8) and Parquet, plus run.json with settings and warnings."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name in TABLE_ORDER:
        if name not in result.tables:
            continue
        frame = result.tables[name]
        if csv:
            path = out / f"{name}.csv"
            frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
            written.append(path)
        if parquet:
            ppath = out / f"{name}.parquet"
            frame.to_parquet(ppath, index=False)
            written.append(ppath)
    meta = {
        "settings": result.settings,
        "warnings": result.warnings,
        "rows": {k: len(v) for k, v in result.tables.items()},
    }
    (out / "run.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    written.append(out / "run.json")
    return written


def read_tables(out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Read back the Parquet tables written by :func:`write_tables`."""
    out = Path(out_dir)
    return {p.stem: pd.read_parquet(p) for p in sorted(out.glob("*.parquet"))}


def partition_paths(out: str | Path, table: str) -> list[Path]:
    """The partition files of a per-document table, in batch order."""
    return sorted((Path(out) / table).glob("part-*.parquet"))


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


class RunFolderError(ValueError):
    """A folder that is not the output of a finished run (with the reason)."""


def read_table(
    out: str | Path, name: str, *, columns: list[str] | None = None, filters: list[tuple[str, str, Any]] | None = None
) -> pd.DataFrame:
    """One table of a finished run, whole: its partitions (batched run) or its Parquet file.

    ``columns`` reads only those columns; ``filters`` (pyarrow's ``[(column, op, value)]``, e.g.
    ``[("doc_id", "in", ids)]``) only the matching rows, so a notebook reads what it shows and not
    a million-article table. A table the run did not write gives an empty frame with the
    registry's columns (or ``columns``)."""
    out = Path(out)
    parts = partition_paths(out, name)
    if parts:
        if filters is None:
            return read_partitioned(out, name, columns=columns)
        frames = [f for f in (pd.read_parquet(p, columns=columns, filters=filters) for p in parts) if len(f)]
        if frames:
            return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        return pd.read_parquet(parts[0], columns=columns).iloc[0:0]
    path = out / f"{name}.parquet"
    if path.exists():
        return pd.read_parquet(path, columns=columns, filters=filters)
    cols = columns if columns is not None else (TABLES[name].column_names if name in TABLES else [])
    return pd.DataFrame(columns=cols)


class RunTables:
    """A finished run's tables (an in-memory run's folder or a batched run's), read on demand.

    ``run[name]`` reads a whole table once and keeps it; :meth:`read` reads some columns or rows
    without keeping them. ``settings``, ``warnings`` and ``rows`` come from ``run.json``; ``actors``
    are the actor ids of the run, ``scorer`` the stance scorer it used (None: stance off). A
    folder without ``run.json`` is refused with :class:`RunFolderError`."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        meta_path = self.folder / "run.json"
        if not meta_path.is_file():
            raise RunFolderError(f"{self.folder}: no run.json here; not the output of a finished `run`")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise RunFolderError(f"{meta_path}: unreadable ({exc})") from exc
        self.meta: dict[str, Any] = meta
        self.settings: dict[str, Any] = meta.get("settings", {})
        self.warnings: list[str] = list(meta.get("warnings", []))
        self.rows: dict[str, int] = {k: int(v) for k, v in meta.get("rows", {}).items() if v is not None}
        self._cache: dict[str, pd.DataFrame] = {}

    @property
    def actors(self) -> list[str]:
        """The run's actor ids, in the actor file's order."""
        return list(self.settings.get("actors", []))

    @property
    def scorer(self) -> str | None:
        """The stance scorer of the run (None: stance was not scored)."""
        return self.settings.get("scorer")

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and (
            name in self._cache
            or bool(partition_paths(self.folder, name))
            or (self.folder / f"{name}.parquet").exists()
        )

    def __iter__(self) -> Iterator[str]:
        return (name for name in TABLE_ORDER if name in self)

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._cache:
            self._cache[name] = read_table(self.folder, name)
        return self._cache[name]

    def get(self, name: str) -> pd.DataFrame | None:
        """The table, or None when the run did not write it."""
        return self[name] if name in self else None

    def read(
        self, name: str, *, columns: list[str] | None = None, filters: list[tuple[str, str, Any]] | None = None
    ) -> pd.DataFrame:
        """Some columns or rows of a table (see :func:`read_table`); a table already read whole is
        sliced instead of read again."""
        if name in self._cache:
            frame = self._cache[name]
            if filters:
                for col, op, value in filters:
                    if op == "in":
                        frame = frame[frame[col].isin(list(value))]
                    elif op in ("=", "=="):
                        frame = frame[frame[col] == value]
                    else:
                        raise ValueError(f"filter operator {op!r} not supported on a cached table")
            return frame[columns] if columns is not None else frame
        return read_table(self.folder, name, columns=columns, filters=filters)

    def n_rows(self, name: str) -> int:
        """Rows of a table, from run.json (0 when the run did not write it)."""
        return self.rows.get(name, 0)

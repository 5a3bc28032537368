"""A batched run's files: per-document tables as Parquet partitions (``OUT/<table>/part-NNNNNN.parquet``),
the batches' term counts and markers, written atomically (temporary name, then rename), and read
back lean (each distinct string once); the cross-document tables appended chunk by chunk."""

from __future__ import annotations

import json
import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from analysis.compare.lsh import FileKeys
from analysis.run.sources import SentenceKeys, Sink, Source
from analysis.tables.io import partition_paths
from analysis.tables.registry import STANCE_TABLES

# Columns the cross-document step reads back (None: all); docs' text stays in its partitions.
CHUNK_DOCS = 5000  # documents per chunk of the cross-document tables written a range at a time


# what the cross-document step reads of the docs partitions (titles, URLs and file names of a
# million documents would hold several hundred MB for nothing; they stay in OUT/docs/)
_GLOBAL_COLUMNS: dict[str, list[str] | None] = {"docs": ["doc_id", "outlet", "date", "source_kind", "source_agency"]}


def _atomic_write(path: Path, write: Callable[[Path], object]) -> None:
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


_PACKED = b"ZSTD"  # then the pickle's size (8 bytes, little-endian) and the compressed pickle


def _packed(obj: object) -> bytes:
    """``obj`` pickled and compressed (Zstandard, level 1: a batch's group counts shrink ~5×, in
    ~1.5 ms; at a million articles 6.8 GB of files less to write, and to evict from the page cache)."""
    raw = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return _PACKED + len(raw).to_bytes(8, "little") + pa.Codec("zstd", compression_level=1).compress(raw, asbytes=True)


def _unpacked(data: bytes) -> Any:
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


def _partition_rows(paths: list[Path], counted: list[int | None]) -> int:
    """Rows of a table's partitions: the batches' own counts (``counted``, from their markers)
    when every batch has one for each partition, else read from the Parquet footers (markers of
    an older run carry no counts; at 1M articles opening 48,000 footers took a minute)."""
    known = [c for c in counted if c is not None]
    if len(counted) == len(paths) and len(known) == len(counted):
        return int(sum(known))
    return int(sum(pq.ParquetFile(p).metadata.num_rows for p in paths))


def _string_columns(schema: pa.Schema, columns: list[str] | None) -> list[str]:
    return [
        f.name
        for f in schema
        if (columns is None or f.name in columns) and (pa.types.is_string(f.type) or pa.types.is_large_string(f.type))
    ]


# A string column whose distinct values are more than this share of a partition's rows (a
# sentence's or a quotation's text) is read plain: dictionary-decoding a million distinct
# sentences doubled the read's peak (sentences of 37,554 articles: +2.1 GB and 6.4 s against
# +1.0 GB and 1.0 s) and saves nothing.
DICTIONARY_MAX_SHARE = 0.5


def _dictionary_columns(path: Path, strings: list[str]) -> list[str]:
    """Of the string columns ``strings``, those worth reading as dictionaries: with few distinct
    values in the partition at ``path`` (all of them when it has no rows)."""
    if not strings:
        return []
    table = pq.read_table(path, columns=strings)
    if table.num_rows == 0:
        return strings
    limit = DICTIONARY_MAX_SHARE * table.num_rows
    return [c for c in strings if pc.count_distinct(table.column(c)).as_py() <= limit]


def _with_objects(frame: pd.DataFrame, strings: list[str]) -> pd.DataFrame:
    """The string columns as Python objects (each distinct string once where read as a dictionary)."""
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
        lean = _dictionary_columns(paths[0], strings)
        fmt = ds.ParquetFileFormat(read_options=ds.ParquetReadOptions(dictionary_columns=lean))
        try:
            frame = ds.dataset([str(p) for p in paths], format=fmt).to_table(columns=columns).to_pandas()
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            pass
        else:
            return _with_objects(frame, strings)
    frames = []
    for path in paths:
        strings = _string_columns(pq.read_schema(path), columns)
        lean = _dictionary_columns(path, strings)
        frames.append(_with_objects(pq.read_table(path, columns=columns, read_dictionary=lean).to_pandas(), strings))
    full = [f for f in frames if len(f)]
    if not full:
        return frames[0] if frames else pd.DataFrame(columns=columns)
    return pd.concat(full, ignore_index=True) if len(full) > 1 else full[0]


class PartitionSource(Source):
    """The per-document tables of a batched run, read from its partitions as the cross-document
    step asks for them (``counts``: documents per batch, in batch order)."""

    _RENAMED: ClassVar[dict[str, str]] = {"stance_evidence": "evidence_candidates"}

    def __init__(self, out: Path, counts: list[int], *, stance: bool):
        self.out, self.counts, self.stance = out, counts, stance
        self.offsets = np.r_[0, np.cumsum(counts)].astype(np.int64)
        self._docs: pd.DataFrame | None = None

    def _parts(self, table: str) -> list[Path]:
        return partition_paths(self.out, table)[: len(self.counts)]

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
            yield _read_lean(paths[lo : lo + max(1, per)])

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
        quote = np.empty(total, dtype=np.uint8)
        for n, (lo, hi) in enumerate(zip(keys.offsets[:-1], keys.offsets[1:])):
            with np.load(self.out / "_keys" / f"part-{n:06d}.npz") as part:
                doc[lo:hi] = part["doc"] + self.offsets[n]
                sent[lo:hi], lens[lo:hi], seq[lo:hi] = part["sent"], part["lens"], part["seq"]
                quote[lo:hi] = part["quote"]
        return SentenceKeys(doc=doc, sent=sent, lens=lens, seq=seq, keys=keys, quote=quote)

    def _groups(self) -> list[list[int]]:
        """Consecutive batches grouped into chunks of at least CHUNK_DOCS documents."""
        groups: list[list[int]] = [[]]
        for n in range(len(self.counts)):
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
            self.writers[name] = pq.ParquetWriter(
                self._tmp(name, "parquet"), pa.Table.from_pandas(frame, preserve_index=False).schema
            )
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

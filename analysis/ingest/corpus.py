"""Loading a corpus into the docs table, without losing or mangling anything.

Input is a folder of ``.txt`` files (headline on the first line, body after), or one CSV / JSONL
file with a text column. An optional manifest (CSV) is joined by file name and gives each
document its outlet. Every input article ends up either in ``docs`` or in ``skipped`` with its
reason; bytes are decoded strictly as UTF-8 (a BOM is allowed and removed), never replaced.

The ``text`` of a document is always ``headline + "\\n" + body`` as read from the file, with only
mojibake (text decoded wrongly before it reached the user) repaired (:mod:`analysis.ingest.repair`;
the ``repaired`` column says what was done), so every offset in later tables points into it.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.ingest.provenance import detect_source
from analysis.ingest.repair import repair_text
from analysis.ingest.select import Selection

__all__ = [
    "DOC_COLUMNS",
    "MANIFEST_COLUMNS",
    "SKIPPED_COLUMNS",
    "CorpusError",
    "LoadResult",
    "corpus_columns",
    "decode_strict",
    "iter_corpus",
    "load_corpus",
    "read_manifest",
]

log = logging.getLogger(__name__)

DOC_COLUMNS = [
    "doc_id",
    "outlet",
    "outlet_kind",
    "title",
    "text",
    "date",
    "url",
    "source",
    "repaired",
    "authors",
    "source_kind",
    "source_agency",
    "source_evidence",
]
SKIPPED_COLUMNS = ["source", "item", "reason"]
MANIFEST_COLUMNS = ["file", "doc_id", "outlet", "outlet_kind", "date", "url", "authors", "attribution_evidence"]
_BOM = b"\xef\xbb\xbf"
_TEXT_SUFFIXES = {".txt"}
_TABLE_SUFFIXES = {".csv", ".jsonl", ".ndjson", ".parquet"}


class CorpusError(ValueError):
    """Input that cannot be read at all, with the file and the problem in the message."""


@dataclass
class LoadResult:
    """The docs table, the list of skipped inputs with reasons, and warnings worth reading."""

    docs: pd.DataFrame
    skipped: pd.DataFrame
    warnings: list[str] = field(default_factory=list)


def decode_strict(data: bytes, *, name: str) -> str:
    """Decode bytes as UTF-8 (optional BOM removed); raise CorpusError naming file and byte offset.

    A NUL byte marks a binary file and is reported as such.
    """
    body = data[len(_BOM) :] if data.startswith(_BOM) else data
    return _decode_at(body, name=name, base=len(data) - len(body))


def _decode_at(body: bytes, *, name: str, base: int) -> str:
    """Decode a piece of a file that starts at byte ``base``; errors name the file and the offset."""
    nul = body.find(b"\x00")
    if nul >= 0:
        raise CorpusError(f"{name}: binary file (NUL byte at byte offset {nul + base})")
    try:
        return body.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        bad = body[exc.start : exc.start + 4]
        raise CorpusError(
            f"{name}: not valid UTF-8 at byte offset {exc.start + base} (bytes {bad.hex(' ')}: {exc.reason})"
        ) from None


def _split_headline(text: str) -> tuple[str, str]:
    """Split a document text into its first line (headline) and the rest (body)."""
    head, sep, body = text.partition("\n")
    return head.rstrip("\r"), body if sep else ""


def _check_document(text: str) -> str | None:
    """Return a skip reason for a decoded text that cannot be analysed, else None."""
    if not text.strip():
        return "empty file" if not text else "only whitespace"
    head, body = _split_headline(text)
    if not head.strip():
        return "first line (headline) is blank"
    if not body.strip():
        return "only a headline, no body text"
    return None


def read_manifest(path: Path) -> pd.DataFrame:
    """Read a manifest CSV: one row per input file, keyed by ``file`` (the file name).

    Required column: ``file``. Optional: doc_id, outlet, outlet_kind, date, url, authors,
    attribution_evidence, topic (for ``--topics``); missing ones are "unknown". Duplicate file
    names or doc_ids are an error.
    """
    path = Path(path)
    try:
        text = decode_strict(path.read_bytes(), name=str(path))
    except FileNotFoundError:
        raise CorpusError(f"{path}: manifest not found") from None
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    if "file" not in frame.columns:
        raise CorpusError(f"{path}: manifest has no 'file' column (columns: {', '.join(frame.columns)})")
    for col in MANIFEST_COLUMNS:
        if col not in frame.columns:
            frame[col] = "unknown" if col != "doc_id" else ""
    frame["doc_id"] = [d or Path(f).stem for d, f in zip(frame["doc_id"], frame["file"])]
    for col in ("file", "doc_id"):
        dup = frame[col][frame[col].duplicated()].tolist()
        if dup:
            raise CorpusError(f"{path}: duplicate {col} in manifest: {', '.join(dup)}")
    frame = frame.replace("", "unknown")
    return frame


def _decoded_lines(path: Path) -> Generator[str, None, None]:
    """The lines of a text file (line ends kept), decoded strictly as UTF-8 one line at a time.

    Streaming, so that a large CSV / JSONL corpus is never held whole; a decoding error or a NUL
    byte raises CorpusError naming the file and the byte offset, as :func:`decode_strict` does.
    """
    offset = 0
    with path.open("rb") as fh:
        for n, raw in enumerate(fh):
            base = offset
            offset += len(raw)
            if n == 0 and raw.startswith(_BOM):
                raw, base = raw[len(_BOM) :], base + len(_BOM)
            yield _decode_at(raw, name=path.name, base=base)


def _items_from_txt_folder(folder: Path) -> Iterator[tuple[dict | None, dict | None]]:
    """(row, None) or (None, skip) for every file of a folder, sorted by name."""
    for path in sorted(p for p in folder.iterdir() if not p.name.startswith(".")):
        if path.is_dir():
            continue
        if path.suffix.lower() not in _TEXT_SUFFIXES:
            if path.name.lower() not in {"readme.md", "manifest.csv"}:
                reason = f"not a .txt file ({path.suffix or 'no suffix'})"
                yield None, {"source": path.name, "item": path.name, "reason": reason}
            continue
        try:
            text = decode_strict(path.read_bytes(), name=path.name)
        except CorpusError as exc:
            yield None, {"source": path.name, "item": path.name, "reason": str(exc).split(": ", 1)[1]}
            continue
        yield {"file": path.name, "doc_id": path.stem, "text": text, "source": path.name}, None


def _record_to_row(rec: dict, *, source: str, item: str, text_column: str) -> tuple[dict | None, str | None]:
    """Turn one CSV/JSONL record into a document row, or give the reason it is skipped."""
    if text_column not in rec:
        return None, f"no '{text_column}' field"
    body = rec.get(text_column)
    if body is None or (isinstance(body, float) and pd.isna(body)):
        return None, f"'{text_column}' is empty"
    if not isinstance(body, str):
        return None, f"'{text_column}' is not a string ({type(body).__name__})"
    if not body.strip():
        return None, f"'{text_column}' is empty"
    title = rec.get("title")
    if isinstance(title, str) and title.strip():
        if "\n" in title.strip():
            return None, "title spans several lines"
        text = title.strip() + "\n" + body
    else:
        text = body
    doc_id = str(rec.get("doc_id") or rec.get("id") or item)
    row = {"file": str(rec.get("file") or doc_id), "doc_id": doc_id, "text": text, "source": f"{source}:{item}"}
    for col in ("outlet", "outlet_kind", "date", "url", "authors", "topic"):
        val = rec.get(col)
        if isinstance(val, str) and val.strip():
            row[col] = val.strip()
    return row, None


def _table_item(
    rec: dict, n: int, path: Path, *, item: str, text_column: str, has_id: bool
) -> tuple[dict | None, dict | None]:
    """One record of a table file as (row, None) or (None, skip); rows without an id get ``stem-n``."""
    row, reason = _record_to_row(rec, source=path.name, item=item, text_column=text_column)
    if reason is not None or row is None:
        return None, {"source": path.name, "item": item, "reason": reason or "unreadable"}
    if not has_id:
        row["doc_id"] = f"{path.stem}-{n}"
    return row, None


def _items_from_parquet(
    path: Path, *, text_column: str, chunk: int = 4096
) -> Iterator[tuple[dict | None, dict | None]]:
    """Rows of a Parquet file of articles (one row each, like a CSV), read a row batch at a time."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        # pre_buffer=False: with pre-buffering the reader keeps every row group it has read
        # (measured: 2 KB per row held until the end of a 1,000,000-row file)
        pfile = pq.ParquetFile(path, pre_buffer=False)
    except (pa.ArrowInvalid, OSError) as exc:
        raise CorpusError(f"{path.name}: not a readable Parquet file ({exc})") from None
    names = pfile.schema_arrow.names
    if text_column not in names:
        raise CorpusError(f"{path.name}: no '{text_column}' column (columns: {', '.join(names)})")
    n = 0
    for batch in pfile.iter_batches(batch_size=chunk):
        for rec in batch.to_pylist():
            n += 1
            rec = {
                k: (str(v) if k in ("doc_id", "id", "date") and v is not None and not isinstance(v, str) else v)
                for k, v in rec.items()
            }
            yield _table_item(
                rec, n, path, item=f"row {n}", text_column=text_column, has_id=bool(rec.get("doc_id") or rec.get("id"))
            )


def _items_from_table_file(path: Path, *, text_column: str) -> Iterator[tuple[dict | None, dict | None]]:
    """Records of a CSV, JSONL or Parquet file, streamed; bad records are skips with their line."""
    if path.suffix.lower() == ".parquet":
        yield from _items_from_parquet(path, text_column=text_column)
        return
    lines = _decoded_lines(path)
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(lines)
        if reader.fieldnames is None:
            raise CorpusError(f"{path.name}: empty CSV file (no header)")
        if text_column not in reader.fieldnames:
            raise CorpusError(f"{path.name}: no '{text_column}' column (columns: {', '.join(reader.fieldnames)})")
        for n, rec in enumerate(reader, start=1):
            yield _table_item(
                rec, n, path, item=f"row {n}", text_column=text_column, has_id=rec.get("doc_id") not in (None, "")
            )
        return
    for n, line in enumerate(lines, start=1):
        item = f"line {n}"
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield None, {"source": path.name, "item": item, "reason": f"invalid JSON ({exc.msg} at column {exc.colno})"}
            continue
        if not isinstance(rec, dict):
            yield None, {"source": path.name, "item": item, "reason": "JSON value is not an object"}
            continue
        yield _table_item(
            rec, n, path, item=item, text_column=text_column, has_id=bool(rec.get("doc_id") or rec.get("id"))
        )


def corpus_columns(path: str | Path) -> list[str] | None:
    """The columns of a CSV or Parquet corpus (read from its header or schema only), None for a
    folder of .txt files or a JSONL file (whose records name their own fields).

    Raises CorpusError for a corpus that is missing, of an unsupported format, or unreadable."""
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"{path}: corpus not found")
    if path.is_dir():
        return None
    suffix = path.suffix.lower()
    if suffix not in _TABLE_SUFFIXES:
        raise CorpusError(
            f"{path}: unsupported corpus format '{path.suffix}' (use a folder of .txt, .csv, .jsonl or .parquet)"
        )
    if suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            return list(pq.read_schema(path).names)
        except (pa.ArrowInvalid, OSError) as exc:
            raise CorpusError(f"{path.name}: not a readable Parquet file ({exc})") from None
    if suffix == ".csv":
        lines = _decoded_lines(path)
        try:
            header = next(csv.reader(lines), None)
        finally:
            lines.close()
        if header is None:
            raise CorpusError(f"{path.name}: empty CSV file (no header)")
        return header
    return None


def _docs_frame(kept: list[dict]) -> pd.DataFrame:
    """The docs table of a list of document rows (outlet defaults to the doc_id, title from line 1)."""
    docs = pd.DataFrame(kept, columns=sorted({k for r in kept for k in r} | set(DOC_COLUMNS) | {"file"}))
    for col in ("outlet", "outlet_kind", "date", "url"):
        docs[col] = docs[col].astype(object).fillna("unknown")
    if len(docs):
        no_outlet = docs["outlet"] == "unknown"
        docs.loc[no_outlet, "outlet"] = docs.loc[no_outlet, "doc_id"]
        repaired = [repair_text(t) for t in docs["text"]]
        docs["text"] = [t for t, _ in repaired]
        docs["repaired"] = [how for _, how in repaired]
        docs["title"] = [_split_headline(t)[0].strip() for t in docs["text"]]
        docs["authors"] = docs["authors"].astype(object).fillna("")
        found = [
            detect_source(t, outlet=o, authors=a) for t, o, a in zip(docs["text"], docs["outlet"], docs["authors"])
        ]
        docs["source_kind"] = [f.kind for f in found]
        docs["source_agency"] = [f.agency for f in found]
        docs["source_evidence"] = [f.evidence for f in found]
    else:
        for col in ("repaired", "authors", "source_kind", "source_agency", "source_evidence"):
            docs[col] = pd.Series(dtype=object)
    return docs[DOC_COLUMNS + ["file"]].reset_index(drop=True)


def iter_corpus(
    path: str | Path,
    *,
    manifest: str | Path | None = None,
    text_column: str = "text",
    batch_size: int | None = 1000,
    select: Selection | None = None,
) -> Iterator[LoadResult]:
    """Stream a corpus as LoadResults of at most ``batch_size`` documents each (None: one batch).
    An article outside ``select`` (dates, outlets, topics) is skipped with the reason.

    Input is read lazily (a file at a time for a folder, a line or row batch at a time for CSV,
    JSONL and Parquet), so memory holds one batch. Every input lands in exactly one batch's
    ``docs`` or ``skipped``, in input order; concatenating the batches gives :func:`load_corpus`.
    A duplicate doc_id anywhere in the corpus raises CorpusError; the manifest's warning about
    files it lists but the corpus lacks comes with the last batch.
    """
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"{path}: corpus not found")
    if path.is_dir():
        items = _items_from_txt_folder(path)
        if manifest is None and (path / "manifest.csv").exists():
            manifest = path / "manifest.csv"
    elif path.suffix.lower() in _TABLE_SUFFIXES:
        items = _items_from_table_file(path, text_column=text_column)
    else:
        raise CorpusError(
            f"{path}: unsupported corpus format '{path.suffix}' (use a folder of .txt, .csv, .jsonl or .parquet)"
        )
    man = read_manifest(Path(manifest)) if manifest is not None else None
    by_file = {r["file"]: r for r in man.to_dict("records")} if man is not None else {}
    by_id = {r["doc_id"]: r for r in man.to_dict("records")} if man is not None else {}
    seen_files: set[str] = set()
    seen_ids: set[str] = set()
    limit = batch_size if batch_size and batch_size > 0 else None
    kept: list[dict] = []
    skipped: list[dict] = []
    warnings: list[str] = []
    yielded = False

    def flush(last: bool) -> LoadResult:
        nonlocal kept, skipped, warnings
        if last and man is not None:
            warnings.extend(
                f"{manifest}: manifest lists {f}, which is not among the analysed documents"
                for f in by_file
                if f not in seen_files
            )
        for w in warnings:
            log.warning(w)
        out = LoadResult(
            docs=_docs_frame(kept), skipped=pd.DataFrame(skipped, columns=SKIPPED_COLUMNS), warnings=warnings
        )
        kept, skipped, warnings = [], [], []
        return out

    for row, skip in items:
        if row is not None:
            reason = _check_document(row["text"])
            if reason is not None:
                skip, row = {"source": row["source"], "item": row["doc_id"], "reason": reason}, None
        if row is None:
            assert skip is not None  # every item is (row, None) or (None, skip)
            skipped.append(skip)
            continue
        if man is not None:
            entry = by_file.get(row["file"]) or by_id.get(row["doc_id"])
            if entry is None:
                warnings.append(f"{manifest}: no manifest row for {row['file']}; outlet unknown")
            else:
                seen_files.add(entry["file"])
                row["doc_id"] = entry["doc_id"]
                for col in ("outlet", "outlet_kind", "date", "url", "authors", "topic"):
                    if entry.get(col) and entry[col] != "unknown":
                        row[col] = entry[col]
        outside = select.reason(row) if select is not None else None
        if outside is not None:
            skipped.append({"source": row["source"], "item": row["doc_id"], "reason": outside})
            continue
        if row["doc_id"] in seen_ids:
            raise CorpusError(f"{path}: duplicate doc_id: {row['doc_id']}")
        seen_ids.add(row["doc_id"])
        kept.append(row)
        if limit is not None and len(kept) >= limit:
            yielded = True
            yield flush(False)
    if kept or skipped or warnings or man is not None or not yielded:
        yield flush(True)


def load_corpus(
    path: str | Path,
    *,
    manifest: str | Path | None = None,
    text_column: str = "text",
    select: Selection | None = None,
) -> LoadResult:
    """Load a corpus (folder of .txt, or a .csv / .jsonl / .parquet file) into the docs table.

    Outlet, outlet kind, date and url come from the manifest when one is given (joined on the file
    name, or the doc_id for table inputs), else from the record's own fields, else "unknown".
    A folder's own ``manifest.csv`` is used when no manifest is passed. Unreadable articles, and
    those outside ``select``, go to ``skipped`` with their reason, in input order; a file that
    cannot be read at all raises CorpusError. One batch of :func:`iter_corpus`.
    """
    (result,) = list(iter_corpus(path, manifest=manifest, text_column=text_column, batch_size=None, select=select))
    return result

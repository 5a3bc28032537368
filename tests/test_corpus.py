"""Loading: every format, strict UTF-8, and every bad input skipped or rejected with its reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.ingest.corpus import CorpusError, decode_strict, load_corpus, read_manifest

ARTICLE = "Turkey and Russia meet\nThe ministers met in Alanya on Thursday. They talked.\n"


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_seeds_load_with_manifest(seeds_dir: Path) -> None:
    result = load_corpus(seeds_dir)
    assert len(result.docs) == 5 and result.skipped.empty and not result.warnings
    assert set(result.docs["outlet"]) == {
        "unknown aggregator",
        "Associated Press (syndicated)",
        "HRO Media",
        "WION",
        "Breitbart News",
    }
    # The text is the file, byte for byte decoded: offsets point into it.
    for doc_id, text in zip(result.docs["doc_id"], result.docs["text"]):
        assert (seeds_dir / f"{doc_id}.txt").read_bytes().decode("utf-8") == text
    assert result.docs.loc[0, "title"] == "Russia, Turkey keep lines open on Syria amid competing goals"


def test_txt_folder_bad_files_are_listed(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", ARTICLE)
    _write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + ARTICLE.encode())
    _write(tmp_path, "latin1.txt", "Headline\nCaf\xe9 au lait in Ankara.\n".encode("latin-1"))
    _write(tmp_path, "empty.txt", b"")
    _write(tmp_path, "headline_only.txt", "Just a headline\n")
    _write(tmp_path, "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    _write(tmp_path, "notes.docx", b"PK\x03\x04")
    result = load_corpus(tmp_path)
    assert sorted(result.docs["doc_id"]) == ["a", "bom"]
    assert result.docs.set_index("doc_id").loc["bom", "text"] == ARTICLE  # BOM removed, nothing else
    reasons = dict(zip(result.skipped["item"], result.skipped["reason"]))
    assert reasons["latin1.txt"].startswith("not valid UTF-8 at byte offset 12")
    assert reasons["empty"] == "empty file"
    assert reasons["headline_only"] == "only a headline, no body text"
    assert reasons["binary.txt"].startswith("binary file (NUL byte at byte offset 8)")
    assert "not a .txt file" in reasons["notes.docx"]
    # Nothing lost: every input is analysed or skipped.
    assert len(result.docs) + len(result.skipped) == 7


def test_csv_corpus(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "c.csv",
        'doc_id,outlet,title,text\nx1,Daily,Turkey acts,"Body one, with ""quotes"".\nSecond line."\nx2,Weekly,,\n',
    )
    result = load_corpus(path)
    assert list(result.docs["doc_id"]) == ["x1"]
    row = result.docs.iloc[0]
    assert row["outlet"] == "Daily" and row["title"] == "Turkey acts"
    assert row["text"] == 'Turkey acts\nBody one, with "quotes".\nSecond line.'
    assert result.skipped.to_dict("records") == [{"source": "c.csv", "item": "row 2", "reason": "'text' is empty"}]


def test_jsonl_corpus_with_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "j1", "outlet": "Wire", "text": ARTICLE}),
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"id": "j4", "body": "no text field"}),
        "",
        json.dumps({"id": "j6", "text": 42}),
    ]
    path = _write(tmp_path, "c.jsonl", "\n".join(lines) + "\n")
    result = load_corpus(path)
    assert list(result.docs["doc_id"]) == ["j1"]
    reasons = dict(zip(result.skipped["item"], result.skipped["reason"]))
    assert reasons["line 2"].startswith("invalid JSON")
    assert reasons["line 3"] == "JSON value is not an object"
    assert reasons["line 4"] == "no 'text' field"
    assert reasons["line 6"].startswith("'text' is not a string")


def test_parquet_corpus_with_bad_rows(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "doc_id": ["p1", "p2", None, "p4"],
            "outlet": ["Wire", "Wire", "Daily", None],
            "text": [ARTICLE, None, ARTICLE, "   "],
        }
    )
    path = tmp_path / "c.parquet"
    pq.write_table(table, path)
    result = load_corpus(path)
    assert list(result.docs["doc_id"]) == ["p1", "c-3"]
    assert list(result.docs["outlet"]) == ["Wire", "Daily"]
    reasons = dict(zip(result.skipped["item"], result.skipped["reason"]))
    assert reasons == {"row 2": "'text' is empty", "row 4": "'text' is empty"}
    no_text = tmp_path / "n.parquet"
    pq.write_table(pa.table({"body": ["x"]}), no_text)
    with pytest.raises(CorpusError, match=r"n\.parquet: no 'text' column"):
        load_corpus(no_text)
    assert len(load_corpus(no_text, text_column="body").docs) == 0  # "x" alone is too short an article


def test_text_column_option(tmp_path: Path) -> None:
    path = _write(tmp_path, "c.jsonl", json.dumps({"id": "a", "body": ARTICLE}) + "\n")
    assert len(load_corpus(path, text_column="body").docs) == 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bad.csv", "title,body\nx,y\n", "no 'text' column"),
        ("bad.csv", "", "empty CSV file"),
        ("bad.csv", b"text\n\xff\xfe", "not valid UTF-8 at byte offset 5"),
        ("bad.jsonl", b"\x00\x01", "binary file"),
        ("bad.xml", "<a/>", "unsupported corpus format"),
        ("bad.parquet", b"PAR1 not really", "not a readable Parquet file"),
    ],
)
def test_unreadable_table_files_raise(tmp_path: Path, name: str, data: str | bytes, message: str) -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(CorpusError, match=message) as info:
        load_corpus(path)
    assert name in str(info.value)


def test_missing_corpus_raises(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="corpus not found"):
        load_corpus(tmp_path / "nope")


def test_empty_folder_gives_empty_tables(tmp_path: Path) -> None:
    result = load_corpus(tmp_path)
    assert result.docs.empty and result.skipped.empty
    assert "doc_id" in result.docs.columns


def test_manifest_join_and_warnings(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", ARTICLE)
    _write(tmp_path, "b.txt", ARTICLE)
    manifest = _write(tmp_path, "m.csv", "file,doc_id,outlet,outlet_kind\na.txt,A1,Daily,paper\nzzz.txt,Z,Ghost,blog\n")
    result = load_corpus(tmp_path, manifest=manifest)
    by_id = result.docs.set_index("doc_id")
    assert by_id.loc["A1", "outlet"] == "Daily" and by_id.loc["A1", "outlet_kind"] == "paper"
    assert by_id.loc["b", "outlet"] == "b"  # not in the manifest: its own id, and a warning
    assert any("no manifest row for b.txt" in w for w in result.warnings)
    assert any("zzz.txt" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("doc_id,outlet\nx,y\n", "no 'file' column"),
        ("file,outlet\na.txt,X\na.txt,Y\n", "duplicate file"),
    ],
)
def test_bad_manifest(tmp_path: Path, content: str, message: str) -> None:
    path = _write(tmp_path, "m.csv", content)
    with pytest.raises(CorpusError, match=message):
        read_manifest(path)


def test_decode_strict_reports_offset_after_bom() -> None:
    with pytest.raises(CorpusError, match="byte offset 5"):
        decode_strict(b"\xef\xbb\xbfab\xc3(", name="f.txt")

"""Batched runs: the same tables as the in-memory path, on a process pool and on Dask; resumable."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from itertools import pairwise
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis.ingest.corpus import CorpusError, iter_corpus, load_corpus
from analysis.run.batch import run_batched
from analysis.run.pipeline import run_pipeline
from analysis.tables.io import partition_paths, read_partitioned, read_tables, write_tables
from analysis.tables.registry import TABLE_ORDER

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
MUELLER = ROOT / "tests" / "data" / "mueller"
MUELLER_ACTORS = ROOT / "tests" / "data" / "mueller_actors.toml"
sys.path.insert(0, str(ROOT / "bench"))


def batched_tables(out: Path) -> dict[str, pd.DataFrame]:
    """Every table of a batched run as one frame (per-document tables from their partitions)."""
    tables = {}
    for name in TABLE_ORDER:
        if partition_paths(out, name):
            tables[name] = read_partitioned(out, name)
        elif (out / f"{name}.parquet").exists():
            tables[name] = pd.read_parquet(out / f"{name}.parquet")
    return tables


def assert_same_tables(expected: dict[str, pd.DataFrame], got: dict[str, pd.DataFrame]) -> None:
    """Same table names, and each table equal row for row (values, order and dtypes)."""
    assert sorted(expected) == sorted(got)
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(
            frame.reset_index(drop=True), got[name].reset_index(drop=True), obj=name, check_exact=True
        )


def assert_rows_counted(out: Path, got: dict[str, pd.DataFrame]) -> None:
    """run.json's row count of every table (per-document ones summed from the batches' markers) is its length."""
    rows = json.loads((out / "run.json").read_text())["rows"]
    assert {name: rows.get(name) for name in got} == {name: len(frame) for name, frame in got.items()}


@pytest.fixture(scope="module")
def mueller_corpus(tmp_path_factory) -> Path:
    """The second corpus plus inputs that must be skipped (binary, headline only, not .txt)."""
    corpus = tmp_path_factory.mktemp("batch") / "corpus"
    shutil.copytree(MUELLER, corpus)
    (corpus / "allsides_0_bad.txt").write_bytes(b"Headline\n\x00binary")
    (corpus / "allsides_5_headline.txt").write_text("Only a headline\n", encoding="utf-8")
    (corpus / "notes.md").write_text("not an article", encoding="utf-8")
    return corpus


@pytest.fixture(scope="module")
def mueller_memory(mueller_corpus, tmp_path_factory) -> dict[str, pd.DataFrame]:
    out = tmp_path_factory.mktemp("mem")
    write_tables(run_pipeline(mueller_corpus, actors=MUELLER_ACTORS, scorer="fast"), out)
    return read_tables(out)


@pytest.mark.parametrize("batch_size,workers", [(1, 1), (4, 2), (1000, 2)])
def test_batched_equals_in_memory(mueller_corpus, mueller_memory, tmp_path, batch_size, workers):
    out = tmp_path / "run"
    result = run_batched(
        mueller_corpus, out, actors=MUELLER_ACTORS, scorer="fast", batch_size=batch_size, workers=workers
    )
    got = batched_tables(out)
    assert_same_tables(mueller_memory, got)
    skipped = got["skipped"]
    assert set(skipped["item"]) == {"allsides_0_bad.txt", "allsides_5_headline", "notes.md"}
    assert len(got["docs"]) == 11 and len(result["docs"]) == 11
    meta = json.loads((out / "run.json").read_text())
    assert meta["batches"] == len(partition_paths(out, "docs")) >= -(-11 // batch_size)
    assert meta["rows"]["sentences"] == len(mueller_memory["sentences"])


def test_seeds_batched_with_every_table(tmp_path):
    """The seeds with framing and the accurate scorer (the report's setting), two per batch."""
    mem = tmp_path / "mem"
    write_tables(run_pipeline(SEEDS, enable=["Syrian government"]), mem)
    out = tmp_path / "run"
    run_batched(SEEDS, out, enable=["Syrian government"], batch_size=2, workers=2)
    assert_same_tables(read_tables(mem), batched_tables(out))
    assert_rows_counted(out, batched_tables(out))  # stance rows from the accurate scorer's second pass
    assert len(partition_paths(out, "sentences")) == 3
    from multiprocessing import forkserver

    assert forkserver._forkserver._forkserver_pid is None  # stopped with the pool, before the cross phase


def test_dask_local_cluster_equals_single_process(mueller_corpus, tmp_path):
    pytest.importorskip("distributed")
    single, dask = tmp_path / "single", tmp_path / "dask"
    run_batched(mueller_corpus, single, actors=MUELLER_ACTORS, scorer="fast", batch_size=3, workers=1, framing=False)
    run_batched(
        mueller_corpus,
        dask,
        actors=MUELLER_ACTORS,
        scorer="fast",
        batch_size=3,
        workers=2,
        scheduler="local",
        framing=False,
    )
    assert json.loads((dask / "run.json").read_text())["backend"] == "dask"
    assert_same_tables(batched_tables(single), batched_tables(dask))


def _generated(tmp_path: Path, n: int) -> Path:
    from generate import generate

    path = tmp_path / "gen.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for rec in generate(n, outlets=5, seed=3):
            fh.write(json.dumps(rec) + "\n")
    return path


@pytest.mark.parametrize("ngram_max", [1, 2])
def test_term_partial_equals_counts_of_the_texts(tmp_path, ngram_max):
    """Term counts from each sentence's words, tokenised once, equal the counts of the texts
    tokenised per document, per outlet and per actor and outlet (as they were computed before)."""
    from analysis.compare.counts import term_partial
    from analysis.compare.distinctive import group_term_counts
    from analysis.compare.terms import TfidfSettings, doc_term_counts, doc_texts, keyed_counts

    tables = run_pipeline(_generated(tmp_path, 60), scorer=None, framing=False, similarity=False, with_tokens=False)
    docs, sents, ments = tables["docs"], tables["sentences"], tables["mentions"]
    settings = TfidfSettings(ngram_max=ngram_max)
    got = term_partial(docs, sents, ments, settings=settings)
    X, keys = keyed_counts(*doc_term_counts(doc_texts(docs, sents), settings=settings))
    assert (got.doc_counts[0] != X).nnz == 0 and (got.doc_counts[1] == keys).all() and X.nnz > 1000
    texts = sents.merge(docs[["doc_id", "outlet"]], on="doc_id")
    by_term = lambda f: f.sort_values(["group", "term"]).reset_index(drop=True)  # noqa: E731 (row order is free)
    pd.testing.assert_frame_equal(
        by_term(got.outlet_counts), by_term(group_term_counts(texts["outlet"], texts["text"]))
    )
    counted = ments[ments["counted"].astype(bool)]
    for actor, grp in counted.groupby("actor", sort=False):
        sub = texts.merge(grp[["doc_id", "sent_id"]].drop_duplicates(), on=["doc_id", "sent_id"])
        mine = got.actor_counts[got.actor_counts["actor"] == actor].drop(columns="actor")
        pd.testing.assert_frame_equal(by_term(mine), by_term(group_term_counts(sub["outlet"], sub["text"])))
    assert got.actor_counts["actor"].nunique() >= 2
    cat = term_partial(docs, sents, ments, settings=settings, categorical=True)  # as the batched run writes them
    assert cat.outlet_counts["term"].dtype.categories is cat.actor_counts["term"].dtype.categories
    for plain, categorical in ((got.outlet_counts, cat.outlet_counts), (got.actor_counts, cat.actor_counts)):
        assert isinstance(categorical["group"].dtype, pd.CategoricalDtype)
        values = categorical.astype({"group": object, "term": plain["term"].dtype})
        pd.testing.assert_frame_equal(values, plain.astype({"group": object}))


@pytest.fixture(scope="module")
def scale_corpus(tmp_path_factory) -> tuple[Path, dict[str, pd.DataFrame]]:
    """400 generated articles (past the small-corpus paths) and their in-memory tables, with the
    exact neighbour search capped at 150 documents so that the approximate one runs."""
    tmp = tmp_path_factory.mktemp("scale")
    corpus = _generated(tmp, 400)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("analysis.compare.neighbors.EXACT_MAX_DOCS", 150)
        write_tables(run_pipeline(corpus, scorer="fast", framing=False, with_tokens=False), tmp / "mem")
    return corpus, read_tables(tmp / "mem")


@pytest.mark.parametrize("batch_size,workers,cross_threads", [(37, 2, 4), (400, 1, 1)])
def test_batched_equals_in_memory_at_scale(scale_corpus, tmp_path, monkeypatch, batch_size, workers, cross_threads):
    """LSH reuse, approximate neighbours and the chunked tables, whatever the batches, chunks and
    threads of the cross-document steps (the in-memory run uses one)."""
    monkeypatch.setattr("analysis.compare.neighbors.EXACT_MAX_DOCS", 150)
    monkeypatch.setattr("analysis.run.partitions.CHUNK_DOCS", 90)
    monkeypatch.setattr("analysis.run.cross.EVIDENCE_FOLD", 2)
    corpus, expected = scale_corpus
    out = tmp_path / "run"
    run_batched(
        corpus,
        out,
        scorer="fast",
        framing=False,
        with_tokens=False,
        batch_size=batch_size,
        workers=workers,
        csv=True,
        cross_threads=cross_threads,
    )
    got = batched_tables(out)
    assert_same_tables(expected, got)
    assert_rows_counted(out, got)
    assert len(got["similarity"]) == 400 * 10 and set(got["similarity"]["rank"]) == set(range(1, 11))
    assert {"verbatim", "near-verbatim"} <= set(got["reuse_alignment"]["relation"])
    for name in ("similarity", "reuse_alignment", "reuse_matrix"):
        assert len(pd.read_csv(out / f"{name}.csv")) == len(got[name])
    meta = json.loads((out / "run.json").read_text())
    assert meta["rows"]["reuse_alignment"] == len(got["reuse_alignment"]) and "stance" not in meta["seconds"]


def test_killed_run_resumes_without_duplicates(tmp_path):
    corpus = _generated(tmp_path, 120)
    out = tmp_path / "run"
    cmd = [
        sys.executable,
        "-m",
        "analysis",
        "run",
        "--corpus",
        str(corpus),
        "--out",
        str(out),
        "--batch-size",
        "4",
        "--workers",
        "1",
        "--scorer",
        "fast",
        "--no-framing",
    ]
    env = dict(os.environ, FRAMING_PROGRESS="0")
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 300
    while len(list((out / "_run").glob("documents-*.json"))) < 5 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be killed; use a bigger corpus"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(list((out / "_run").glob("documents-*.json")))
    assert 5 <= done_before < 30 and not (out / "run.json").exists()
    # what a writer killed mid-file leaves (the kill above may or may not have hit one)
    (out / "sentences" / ".part-000002.parquet.tmp-99999").write_bytes(b"PAR1 half a file")
    assert subprocess.run(cmd, env=env, capture_output=True).returncode == 0
    meta = json.loads((out / "run.json").read_text())
    assert meta["batches"] == 30 and meta["batches_reused"] >= done_before
    expected = tmp_path / "mem"
    write_tables(run_pipeline(corpus, scorer="fast", framing=False), expected)
    got = batched_tables(out)
    assert_same_tables(read_tables(expected), got)
    assert_rows_counted(out, got)  # batches of both runs
    assert not got["docs"]["doc_id"].duplicated().any() and len(got["docs"]) == 120
    assert not list(out.rglob(".*.tmp-*"))


def test_changed_options_start_over(tmp_path):
    corpus = tmp_path / "c"
    shutil.copytree(SEEDS, corpus)
    out = tmp_path / "run"
    run_batched(corpus, out, scorer="fast", framing=False, similarity=False, batch_size=2, workers=1)
    meta = json.loads((out / "run.json").read_text())
    assert meta["batches_reused"] == 0
    run_batched(corpus, out, scorer="fast", framing=False, similarity=False, batch_size=2, workers=1)
    assert json.loads((out / "run.json").read_text())["batches_reused"] == meta["batches"]
    (corpus / "005_extra.txt").write_text("Russia and Turkey\n\nRussia met Turkey again.\n", encoding="utf-8")
    run_batched(corpus, out, scorer="fast", framing=False, similarity=False, batch_size=2, workers=1)
    meta = json.loads((out / "run.json").read_text())
    assert meta["batches_reused"] == 0 and meta["rows"]["docs"] == 6


def test_refuses_a_folder_that_is_not_a_run(tmp_path):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.docx").write_text("keep me")
    with pytest.raises(FileExistsError, match="not empty"):
        run_batched(SEEDS, out, scorer=None, framing=False, similarity=False)
    assert (out / "thesis.docx").exists()


@pytest.mark.parametrize("batch_size", [1, 2, 5, None])
def test_iter_corpus_batches_concatenate_to_load_corpus(mueller_corpus, batch_size):
    whole = load_corpus(mueller_corpus)
    batches = list(iter_corpus(mueller_corpus, batch_size=batch_size))
    assert all(len(b.docs) <= (batch_size or 10**9) for b in batches)
    docs = pd.concat([b.docs for b in batches if len(b.docs)], ignore_index=True)
    skipped = pd.concat([b.skipped for b in batches if len(b.skipped)], ignore_index=True)
    pd.testing.assert_frame_equal(whole.docs, docs)
    pd.testing.assert_frame_equal(whole.skipped.reset_index(drop=True), skipped.reset_index(drop=True))


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_iter_corpus_streams_table_files(tmp_path, fmt):
    rows = [
        {"doc_id": f"d{i}", "outlet": "X", "title": f"Title {i}", "text": f"Body {i} about Russia."} for i in range(7)
    ]
    rows.insert(3, {"doc_id": "bad", "outlet": "X", "title": "T", "text": ""})
    frame = pd.DataFrame(rows)
    path = tmp_path / f"c.{fmt}"
    if fmt == "csv":
        frame.to_csv(path, index=False)
    elif fmt == "jsonl":
        frame.to_json(path, orient="records", lines=True)
    else:
        frame.to_parquet(path, index=False)
    batches = list(iter_corpus(path, batch_size=3))
    assert [len(b.docs) for b in batches] == [3, 3, 1]
    assert sum(len(b.skipped) for b in batches) == 1


def test_iter_corpus_duplicate_id_across_batches(tmp_path):
    path = tmp_path / "dup.jsonl"
    path.write_text(
        "\n".join(json.dumps({"doc_id": d, "text": "Head\nBody text."}) for d in ["a", "b", "c", "a"]) + "\n"
    )
    with pytest.raises(CorpusError, match=r"dup\.jsonl: duplicate doc_id: a"):
        list(iter_corpus(path, batch_size=2))


def test_iter_corpus_bad_utf8_names_file_and_offset(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"text": "Head\\nBody"}\n{"text": "\xff"}\n')
    with pytest.raises(CorpusError, match=r"bad.jsonl: not valid UTF-8 at byte offset 33"):
        list(iter_corpus(path, batch_size=1))


def test_empty_corpus_batched(tmp_path):
    corpus = tmp_path / "empty"
    corpus.mkdir()
    result = run_batched(corpus, tmp_path / "run", scorer="fast", workers=1)
    assert len(result["docs"]) == 0 and len(read_partitioned(tmp_path / "run", "sentences")) == 0


@pytest.mark.parametrize(
    "parts",
    [
        [{"doc_id": ["a", "b"], "n": [1, 2]}, {"doc_id": ["c"], "n": [3]}],  # one Arrow dataset
        [
            {"doc_id": pa.array([], pa.null()), "n": pa.array([], pa.int64())},
            {"doc_id": ["c", "c"], "n": [3, 4]},
        ],  # schemas differ
        [
            {"doc_id": ["a"], "n": [1]},
            {"doc_id": pa.array([None], pa.null()), "n": [2]},
        ],  # the first schema does not fit
        [{"doc_id": pa.array([], pa.string()), "n": pa.array([], pa.int64())}] * 2,  # nothing but empty batches
        [
            {"doc_id": ["a", "a", "a"], "n": [1, 2, 3], "text": ["One.", "Two.", "One."]},
            {"doc_id": ["b"], "n": [4], "text": ["Three."]},
        ],  # a text column of mostly distinct values: read plain
    ],
)
def test_partitions_read_as_one_frame(tmp_path, parts):
    """However the partitions are read (as one dataset, or one at a time where their schemas
    differ), the frame is their rows in order, strings as Python objects stored once."""
    from analysis.run.partitions import _read_lean

    paths = []
    for i, cols in enumerate(parts):
        paths.append(tmp_path / f"part-{i:06d}.parquet")
        pq.write_table(pa.table(cols), paths[-1])
    got = _read_lean(paths)
    rows = [r for cols in parts for r in pa.table(cols).to_pylist()]
    records = [{k: (None if pd.isna(v) else v) for k, v in r.items()} for r in got.to_dict("records")]
    assert records == rows
    strings = got["doc_id"].dropna().tolist()
    assert got["doc_id"].dtype == object and all(a is b for a, b in pairwise(strings) if a == b)
    assert all(got[c].dtype == object for c in got.columns if c != "n")


@pytest.mark.parametrize(
    ("values", "dictionary"),
    [
        (["a", "a", "b", "a"], True),  # 2 distinct of 4 rows
        (["a", "b", "c", "a"], False),  # 3 of 4: mostly distinct (a sentence's text)
        ([], True),  # no rows: as before
        ([None, None, None, "a"], True),
    ],
)
def test_dictionary_columns_are_the_repetitive_ones(tmp_path, values, dictionary):
    """A string column is read as a dictionary where its distinct values are at most half its rows."""
    from analysis.run.partitions import _dictionary_columns

    path = tmp_path / "part-000000.parquet"
    pq.write_table(pa.table({"s": pa.array(values, pa.string()), "n": pa.array(range(len(values)), pa.int64())}), path)
    assert _dictionary_columns(path, ["s"]) == (["s"] if dictionary else [])
    assert _dictionary_columns(path, []) == []


def test_term_partial_of_no_sentences_and_of_documents_without_any():
    """No sentences at all: empty counts; a document without sentences: an empty row."""
    from analysis.compare.counts import term_partial
    from analysis.text.sentences import SENTENCE_COLUMNS

    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "text": ["", "Turkey talks. Russia talks."]})
    none = term_partial(
        docs, pd.DataFrame(columns=SENTENCE_COLUMNS), pd.DataFrame(columns=["doc_id", "sent_id", "actor", "counted"])
    )
    assert none.doc_counts[0].shape == (2, 0) and len(none.doc_counts[1]) == 0
    assert len(none.outlet_counts) == 0 and len(none.actor_counts) == 0
    sents = pd.DataFrame({"doc_id": ["b", "b"], "sent_id": [0, 1], "text": ["Turkey talks.", "Russia talks."]})
    ments = pd.DataFrame({"doc_id": ["b"], "sent_id": [1], "actor": ["russia"], "counted": [True]})
    got = term_partial(docs, sents, ments)
    X, _keys = got.doc_counts
    assert X.shape == (2, 3) and X[0].nnz == 0 and sorted(X[1].data.tolist()) == [1, 1, 2]
    assert dict(zip(got.outlet_counts["term"], got.outlet_counts["count"])) == {"turkey": 1, "talks": 2, "russia": 1}
    assert set(got.outlet_counts["group"]) == {"Y"}
    assert sorted(got.actor_counts.values.tolist()) == [["russia", "Y", "russia", 1], ["russia", "Y", "talks", 1]]


def test_rows_of_markers_without_counts_come_from_the_partitions(tmp_path):
    """A resumed run whose finished batches were written by an older version (markers without row
    counts) counts those tables' rows from the Parquet footers instead."""
    out = tmp_path / "run"
    run_batched(SEEDS, out, scorer="fast", framing=False, similarity=False, batch_size=2, workers=1)
    first = json.loads((out / "run.json").read_text())["rows"]
    marker = out / "_run" / "documents-000001.json"
    info = json.loads(marker.read_text())
    assert info["rows"]["sentences"] > 0
    del info["rows"]
    marker.write_text(json.dumps(info))
    run_batched(SEEDS, out, scorer="fast", framing=False, similarity=False, batch_size=2, workers=1)
    meta = json.loads((out / "run.json").read_text())
    assert meta["batches_reused"] == meta["batches"] == 3 and meta["rows"] == first
    assert meta["rows"]["sentences"] == len(read_partitioned(out, "sentences"))


@pytest.mark.parametrize(
    "obj",
    [
        (pd.DataFrame(columns=["group", "term", "count"]),) * 2,
        (
            pd.DataFrame({"group": ["A"] * 500, "term": [f"w{i % 50}" for i in range(500)], "count": 1}),
            pd.DataFrame({"actor": ["t"], "group": ["A"], "term": ["x"], "count": [2]}),
        ),
    ],
)
def test_group_count_files_round_trip_compressed(obj):
    """The batches' group-count files are compressed pickles; plain pickles (as earlier runs wrote
    them, which a resumed run may find) still read."""
    import pickle

    from analysis.run.partitions import _packed, _unpacked

    data = _packed(obj)
    assert data[:4] == b"ZSTD"
    for got in (_unpacked(data), _unpacked(pickle.dumps(obj))):
        assert len(got) == len(obj)
        for a, b in zip(got, obj):
            pd.testing.assert_frame_equal(a, b)
    if len(obj[0]):
        assert len(data) < len(pickle.dumps(obj)) / 2


def test_run_of_another_code_version_is_not_resumed(tmp_path, monkeypatch):
    """Partitions written by another version of the suite are recomputed, never reused: the
    fingerprint includes a digest of the package's code."""
    import analysis.run.batch as batch

    corpus = _generated(tmp_path, 6)
    out = tmp_path / "run"
    batch.run_batched(corpus, out, batch_size=3, workers=1, scorer="fast", framing=False, similarity=False)
    state = json.loads((out / "_run" / "state.json").read_text())
    assert state["params"]["code"] == batch.code_digest() and len(state["params"]["code"]) == 64
    logs: list[str] = []
    monkeypatch.setattr(batch, "code_digest", lambda: "another version")
    batch.run_batched(
        corpus, out, batch_size=3, workers=1, scorer="fast", framing=False, similarity=False, log=logs.append
    )
    assert any("starting over" in line for line in logs)
    assert json.loads((out / "_run" / "state.json").read_text())["params"]["code"] == "another version"

"""The table registry: every table of a run has exactly the registry's columns, the data dictionary
in docs/ is generated from it and current, and a finished run reads back lazily."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.tables import (
    DOCUMENT_TABLES,
    TABLE_ORDER,
    TABLES,
    RunFolderError,
    RunTables,
    columns,
    data_dictionary,
    read_table,
    spec,
)

ROOT = Path(__file__).resolve().parent.parent

AFTER_THE_RUN = {n for n in TABLE_ORDER if TABLES[n].needs == "ppi"}  # written by a command after a run


def test_docs_tables_md_is_generated_from_the_registry() -> None:
    """docs/tables.md is `python -m analysis tables` (regenerate it when the registry changes)."""
    assert (ROOT / "docs" / "tables.md").read_text(encoding="utf-8") == data_dictionary()


def test_every_column_is_described() -> None:
    missing = [f"{t.name}.{c}" for t in TABLES.values() for c, text in t.columns.items() if not text.strip()]
    assert missing == []
    assert all(t.row and t.stage for t in TABLES.values())


def test_the_tables_of_a_run_have_the_registry_columns(seed_run) -> None:
    """In-memory run on the seeds (framing and stance on): every table it makes, column for column."""
    made = dict(seed_run.tables.items())
    assert set(TABLE_ORDER) <= set(made) | {"evidence_candidates"} | AFTER_THE_RUN
    for name, frame in made.items():
        assert list(frame.columns) == columns(name), name


def test_the_partitions_of_a_batched_run_have_the_registry_columns(tmp_path: Path) -> None:
    from analysis.run.batch import run_batched

    run_batched(ROOT / "seeds", tmp_path, scorer="fast", batch_size=3, workers=1)
    for name in DOCUMENT_TABLES + ["stances", "stance_doc", "evidence_candidates"]:
        parts = sorted((tmp_path / name).glob("part-*.parquet"))
        assert parts, name
        assert list(pd.read_parquet(parts[0]).columns) == columns(name), name
    run = RunTables(tmp_path)
    assert run.actors == ["Turkey", "Russia"] and run.scorer == "fast"
    written = [n for n in TABLE_ORDER if n not in AFTER_THE_RUN]
    assert list(run) == [n for n in written if n != "tokens" or (tmp_path / "tokens").exists()]
    assert len(run["docs"]) == 5 == run.n_rows("docs")
    some = run.read("sentences", columns=["doc_id", "sent_id"], filters=[("doc_id", "in", ["001_a338ea7d94fc7d37"])])
    assert list(some.columns) == ["doc_id", "sent_id"] and set(some["doc_id"]) == {"001_a338ea7d94fc7d37"}
    assert len(some) == (run["sentences"]["doc_id"] == "001_a338ea7d94fc7d37").sum()
    cached = run.read("sentences", filters=[("doc_id", "in", ["001_a338ea7d94fc7d37"])])  # sliced from the cache
    assert len(cached) == len(some)
    assert run.get("labels_distinctive") is not None and run.get("no_such_table") is None


def test_a_table_the_run_did_not_write_reads_empty_with_its_columns(tmp_path: Path) -> None:
    (tmp_path / "run.json").write_text('{"settings": {"actors": ["A"], "scorer": null}, "rows": {}}', encoding="utf-8")
    frame = read_table(tmp_path, "stances")
    assert len(frame) == 0 and list(frame.columns) == columns("stances")
    assert RunTables(tmp_path).scorer is None and "stances" not in RunTables(tmp_path)


@pytest.mark.parametrize("content", [None, "not json", "[1, 2"])
def test_runtables_refuses_a_folder_that_is_not_a_run(tmp_path: Path, content: str | None) -> None:
    if content is not None:
        (tmp_path / "run.json").write_text(content, encoding="utf-8")
    with pytest.raises(RunFolderError, match=str(tmp_path)):
        RunTables(tmp_path)


def test_unknown_table_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match=r"unknown table 'stance'.*stances"):
        spec("stance")


def test_internal_tables_stay_out_of_the_order_and_the_dictionary() -> None:
    internal = [t.name for t in TABLES.values() if t.internal]
    assert internal == ["omission_items", "evidence_candidates"]
    assert not set(internal) & set(TABLE_ORDER)
    assert all(f"### {n}\n" not in data_dictionary() for n in internal)

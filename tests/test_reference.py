"""Every table equals the reference tables of the seeds and the second corpus, in memory and
batched: those of the last commit before the package was reorganised (25a9aec), rebuilt where
issue 20 meant to change them (tests/data/reference/README.md)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.run.batch import run_batched
from analysis.run.pipeline import run_pipeline
from analysis.tables import read_table, write_tables

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "data" / "reference"
MUELLER = ROOT / "tests" / "data" / "mueller"
MUELLER_ACTORS = ROOT / "tests" / "data" / "mueller_actors.toml"
NEW_TABLES = {"failed"}  # added since: no reference


def reference(corpus: str) -> dict[str, pd.DataFrame]:
    tables = {p.stem: pd.read_parquet(p) for p in sorted((REFERENCE / corpus).glob("*.parquet"))}
    assert len(tables) >= 30
    return tables


def assert_equal_to_reference(corpus: str, folder: Path) -> None:
    """Each reference table read back from ``folder`` (flat or partitioned) is equal, values and dtypes."""
    expected = reference(corpus)
    for name, frame in expected.items():
        got = read_table(folder, name)
        pd.testing.assert_frame_equal(
            got.reset_index(drop=True), frame.reset_index(drop=True), obj=f"{corpus}/{name}", check_exact=True
        )
    written = {
        p.name.split(".")[0] for p in folder.iterdir() if not p.name.startswith(("_", ".")) and p.name != "run.json"
    }
    assert written - set(expected) <= NEW_TABLES | {"omission_items", "evidence_candidates"}


def test_seeds_in_memory(tmp_path: Path) -> None:
    result = run_pipeline(ROOT / "seeds", enable=["Syrian government", "Syrian opposition"])
    write_tables(result, tmp_path, csv=False)
    assert_equal_to_reference("seeds", tmp_path)


def test_seeds_batched_as_report_runs_them(seed_report: Path) -> None:
    """`report` on the seeds (as `make report` runs it) writes a batched run whose tables are the reference."""
    assert_equal_to_reference("seeds", seed_report / "tables")


@pytest.mark.parametrize("batched", [False, True])
def test_second_corpus(tmp_path: Path, batched: bool) -> None:
    if batched:
        run_batched(MUELLER, tmp_path, actors=MUELLER_ACTORS, batch_size=3, workers=2)
    else:
        write_tables(run_pipeline(MUELLER, actors=MUELLER_ACTORS), tmp_path, csv=False)
    assert_equal_to_reference("mueller", tmp_path)


def test_a_changed_table_would_be_caught(tmp_path: Path) -> None:
    """The comparison fails on one changed value (it is not vacuous)."""
    src = REFERENCE / "mueller"
    for p in src.glob("*.parquet"):
        frame = pd.read_parquet(p)
        if p.stem == "stances":
            frame.loc[0, "score"] = frame.loc[0, "score"] + 1e-9
        frame.to_parquet(tmp_path / p.name, index=False)
    with pytest.raises(AssertionError, match="stances"):
        assert_equal_to_reference("mueller", tmp_path)

"""``python -m analysis run``: the tables on disk, and clear errors for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_run_in_memory_writes_every_table(tmp_path: Path, seeds_dir: Path, capsys) -> None:
    assert main(["run", "--corpus", str(seeds_dir), "--out", str(tmp_path), "--in-memory"]) == 0
    assert "analysed 5 document(s), skipped 0" in capsys.readouterr().out
    for name in ["docs", "skipped", "removed", "paragraphs", "sentences", "tokens", "mentions", "salience_doc", "salience_outlet",
                 "syntax", "labels", "quotes", "voice", "reporting_verbs", "roles", "role_verbs", "omission"]:
        csv = pd.read_csv(tmp_path / f"{name}.csv")
        parquet = pd.read_parquet(tmp_path / f"{name}.parquet")
        assert len(csv) == len(parquet), name
    meta = json.loads((tmp_path / "run.json").read_text())
    assert meta["settings"]["actors"] == ["Turkey", "Russia"] and meta["rows"]["docs"] == 5
    assert meta["settings"]["scorer"] == "accurate" and meta["settings"]["tfidf"]["max_df"] == 1.0


def test_run_batched_writes_partitions(tmp_path: Path, seeds_dir: Path, capsys) -> None:
    """The default run: per-document tables as Parquet partitions, cross-document ones as files."""
    assert main(["run", "--corpus", str(seeds_dir), "--out", str(tmp_path), "--batch-size", "2", "--workers", "1",
                 "--scorer", "fast", "--no-framing"]) == 0
    assert "analysed 5 document(s), skipped 0" in capsys.readouterr().out
    assert len(list((tmp_path / "sentences").glob("part-*.parquet"))) == 3
    assert len(pd.read_parquet(tmp_path / "docs")) == 5
    meta = json.loads((tmp_path / "run.json").read_text())
    assert meta["batches"] == 3 and meta["backend"] == "in-process" and meta["rows"]["docs"] == 5
    assert meta["rows"]["stances"] == len(pd.read_parquet(tmp_path / "stances"))
    for name in ["salience_outlet", "stance_outlet", "stance_evidence", "similarity", "reuse_summary", "summary"]:
        assert (tmp_path / f"{name}.parquet").exists() and not (tmp_path / f"{name}.csv").exists(), name
    assert main(["run", "--corpus", str(seeds_dir), "--out", str(tmp_path), "--no-parquet"]) == 2
    assert "--no-parquet needs --in-memory" in capsys.readouterr().err


def test_run_lists_skips_and_options(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "ok.txt").write_text("Russia and the U.S.\nWashington spoke to Moscow.\n", encoding="utf-8")
    (corpus / "bad.txt").write_bytes(b"Head\n\xff\n")
    out = tmp_path / "out"
    assert main(["run", "--corpus", str(corpus), "--out", str(out), "--in-memory", "--enable", "United States", "--no-parquet", "--no-tokens",
                 "--scorer", "fast", "--max-df", "0.9", "--no-framing"]) == 0
    printed = capsys.readouterr().out
    assert "skipped bad.txt (bad.txt): not valid UTF-8 at byte offset 5" in printed
    assert not (out / "tokens.csv").exists() and not (out / "docs.parquet").exists()
    assert not (out / "labels.csv").exists() and not (out / "syntax.csv").exists()
    assert set(pd.read_csv(out / "mentions.csv")["actor"]) == {"Russia", "United States"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--corpus", "does-not-exist"], "corpus not found"),
        (["--corpus", "seeds", "--actors", "nope.toml"], "actor file not found"),
        (["--corpus", "seeds", "--enable", "Atlantis"], "no actor 'Atlantis'"),
    ],
)
def test_run_bad_input_exit_2(tmp_path: Path, capsys, args: list[str], message: str) -> None:
    args = [str(ROOT / a) if a == "seeds" else a for a in args]
    assert main(["run", "--out", str(tmp_path), *args]) == 2
    assert message in capsys.readouterr().err


def test_module_entry_point(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "analysis", "run", "--corpus", str(ROOT / "seeds"), "--out", str(tmp_path), "--no-tokens"],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "mentions").is_dir() and (tmp_path / "run.json").exists()

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
    for name in [
        "docs",
        "skipped",
        "removed",
        "paragraphs",
        "sentences",
        "tokens",
        "mentions",
        "salience_doc",
        "salience_outlet",
        "syntax",
        "labels",
        "quotes",
        "voice",
        "reporting_verbs",
        "roles",
        "role_verbs",
        "omission",
    ]:
        csv = pd.read_csv(tmp_path / f"{name}.csv")
        parquet = pd.read_parquet(tmp_path / f"{name}.parquet")
        assert len(csv) == len(parquet), name
    meta = json.loads((tmp_path / "run.json").read_text())
    assert meta["settings"]["actors"] == ["Turkey", "Russia"] and meta["rows"]["docs"] == 5
    assert meta["settings"]["scorer"] == "accurate" and meta["settings"]["tfidf"]["max_df"] == 1.0


def test_run_batched_writes_partitions(tmp_path: Path, seeds_dir: Path, capsys) -> None:
    """The default run: per-document tables as Parquet partitions, cross-document ones as files."""
    assert (
        main(
            [
                "run",
                "--corpus",
                str(seeds_dir),
                "--out",
                str(tmp_path),
                "--batch-size",
                "2",
                "--workers",
                "1",
                "--scorer",
                "fast",
                "--no-framing",
            ]
        )
        == 0
    )
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
    assert (
        main(
            [
                "run",
                "--corpus",
                str(corpus),
                "--out",
                str(out),
                "--in-memory",
                "--enable",
                "United States",
                "--no-parquet",
                "--no-tokens",
                "--scorer",
                "fast",
                "--max-df",
                "0.9",
                "--no-framing",
            ]
        )
        == 0
    )
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
        (["--corpus", "seeds", "--batch-size", "0"], "--batch-size: must be at least 1"),
        (["--corpus", "seeds", "--workers", "-1"], "--workers: must be at least 1"),
        (["--corpus", "seeds", "--max-df", "1.5"], "0 < max-df <= 1"),
        (["--corpus", "seeds", "--manifest", "missing.csv"], "missing.csv: manifest not found"),
        (["--corpus", "README.md"], "unsupported corpus format '.md'"),
    ],
)
def test_run_bad_input_exit_2(tmp_path: Path, capsys, args: list[str], message: str) -> None:
    """Bad options fail before any work, with one line on stderr naming the option or file."""
    args = [str(ROOT / a) if a in ("seeds", "README.md") else a for a in args]
    assert main(["run", "--out", str(tmp_path / "out"), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "out").exists()  # nothing was started


@pytest.mark.parametrize("command", ["run", "report"])
def test_an_out_that_is_a_file_fails_at_once(tmp_path: Path, capsys, command: str) -> None:
    target = tmp_path / "a-file"
    target.write_text("x", encoding="utf-8")
    flag = "--out" if command == "run" else "--tables-out"
    assert (
        main(
            [command, "--corpus", str(ROOT / "seeds"), flag, str(target)]
            + (["--out", str(tmp_path / "rep")] if command == "report" else [])
        )
        == 2
    )
    err = capsys.readouterr().err
    assert err == f"error: {target}: exists and is not a folder; choose a folder for --out\n"


@pytest.mark.parametrize("command", ["run", "report"])
def test_a_csv_without_the_text_column_names_the_fix(tmp_path: Path, capsys, command: str) -> None:
    """A CSV whose text is in another column: the error names --text-column, which both commands have."""
    corpus = tmp_path / "articles.csv"
    pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "body": ["Russia and Turkey met.\n\nRussia spoke."]}).to_csv(
        corpus, index=False
    )
    out = ["--out", str(tmp_path / "out")] if command == "run" else ["--out", str(tmp_path / "rep")]
    assert main([command, "--corpus", str(corpus), *out]) == 2
    assert (
        "no column 'text' (columns: doc_id, outlet, body); name the text column with --text-column"
        in capsys.readouterr().err
    )


def test_text_column_reaches_the_run(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "articles.csv"
    pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "outlet": ["X", "Y"],
            "body": ["Russia talks\n\nRussia and Turkey met in Moscow.", "Turkey news\n\nAnkara spoke."],
        }
    ).to_csv(corpus, index=False)
    assert (
        main(
            [
                "run",
                "--corpus",
                str(corpus),
                "--out",
                str(tmp_path / "out"),
                "--text-column",
                "body",
                "--scorer",
                "fast",
                "--no-framing",
                "--workers",
                "1",
            ]
        )
        == 0
    )
    assert "analysed 2 document(s), skipped 0, failed 0" in capsys.readouterr().out


def test_report_has_the_run_options() -> None:
    """`report` takes the options `run` takes (it runs the same analysis), besides its own."""
    from analysis.cli import build_parser

    def flags(command: str) -> set[str]:
        sub = next(a for a in build_parser()._actions if a.dest == "command").choices[command]
        return {s for a in sub._actions for s in a.option_strings}

    shared = {
        "--corpus",
        "--manifest",
        "--actors",
        "--enable",
        "--text-column",
        "--scorer",
        "--no-framing",
        "--no-tokens",
        "--min-df",
        "--max-df",
        "--batch-size",
        "--workers",
        "--scheduler",
        "--cross-threads",
        "--strict",
    }
    assert shared <= flags("run") and shared <= flags("report")
    assert {"--tables", "--tables-out", "--figures", "--notebooks"} <= flags("report")
    assert {"--in-memory", "--no-parquet", "--csv"} <= flags("run")


def test_report_tables_refuses_a_folder_that_is_no_run(tmp_path: Path, capsys) -> None:
    assert main(["report", "--tables", str(tmp_path), "--out", str(tmp_path / "rep")]) == 2
    assert "no run.json here; not the output of a finished `run`" in capsys.readouterr().err


def test_sigterm_stops_a_run_cleanly(tmp_path: Path) -> None:
    """SIGTERM during a run stops it with exit 130 and a message, and leaves no worker behind."""
    import signal
    import time

    import psutil

    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "analysis",
            "run",
            "--corpus",
            str(ROOT / "seeds"),
            "--out",
            str(tmp_path / "out"),
            "--workers",
            "2",
            "--batch-size",
            "1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    deadline = time.time() + 60
    while time.time() < deadline and not list((tmp_path / "out").glob("docs/part-*.parquet")):
        time.sleep(0.05)  # the pool is running: a batch is written
    children = psutil.Process(proc.pid).children(recursive=True)
    assert children, "the run has worker processes"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "interrupted" in err
    _gone, alive = psutil.wait_procs(children, timeout=20)
    assert alive == []


def test_module_entry_point(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "run",
            "--corpus",
            str(ROOT / "seeds"),
            "--out",
            str(tmp_path),
            "--no-tokens",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    rows = json.loads((tmp_path / "run.json").read_text())["rows"]
    assert rows["docs"] == 5 and rows["mentions"] == len(pd.read_parquet(tmp_path / "mentions")) > 100
    assert "tokens" not in rows and not (tmp_path / "tokens").exists()  # --no-tokens


def test_docs_cli_md_is_generated_from_the_parser() -> None:
    """docs/cli.md is `python -m analysis tables --cli` (regenerate it when an option changes)."""
    from analysis.cli import cli_reference

    text = cli_reference()
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == text
    assert "--text-column" in text.split("## `report`")[1]  # report has the run options

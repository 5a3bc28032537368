"""Notebooks: paired and clean, executed on the seeds, exported as safe self-contained HTML."""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat
import pandas as pd
import pytest

from analysis.cli import main
from analysis.report.html import export_html, external_references
from analysis.report.notebooks import execute_notebook
from analysis.tables import RunTables, read_table

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS + [ROOT / "notebooks" / "explore.ipynb"], ids=lambda p: p.stem)
def test_notebook_is_clean_and_paired(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code"), (
        "outputs not stripped"
    )
    paired = jupytext.read(path.with_suffix(".py"))
    assert [c.source for c in nb.cells] == [c.source for c in paired.cells], (
        "the .ipynb and its .py differ: run make sync-notebooks"
    )
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one parameters cell"
    assert nb.cells[0].cell_type == "markdown" and "**Question.**" in nb.cells[0].source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_report_notebooks_only_read_tables(path: Path) -> None:
    """A report notebook reads a finished run (TABLES) and computes nothing itself: no pipeline
    call, no corpus or scorer parameter, no hand-written finding about one corpus, a page title."""
    nb = nbformat.read(path, as_version=4)
    params = next(c.source for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", []))
    names = set(re.findall(r"^([A-Z_]+)\s*=", params, flags=re.M))
    assert {"TABLES", "FIGURES"} <= names and not names & {"CORPUS", "MANIFEST", "ACTORS", "ENABLE", "SCORER"}
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "run_pipeline" not in code and "RunTables(TABLES)" in code
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "For the seeds" not in prose and "Breitbart" not in prose and "HRO Media" not in prose
    assert nb.metadata.get("title", "").startswith(path.stem[:2] + " \u00b7 ")
    for cell in nb.cells[1:]:
        if cell.cell_type == "code" and "parameters" not in cell.get("metadata", {}).get("tags", []):
            calls = [line for line in cell.source.splitlines() if line and not line.startswith(("from ", "import "))]
            assert len(calls) <= 3, f"{path.stem}: a cell holds logic: {cell.source[:200]}"


def test_progress_bar_is_quiet_unless_interactive(monkeypatch, capsys) -> None:
    from analysis.run.progress import progress_bar

    assert progress_bar(["a", "b"]).disable  # pytest's stderr is not a terminal
    monkeypatch.setenv("FRAMING_PROGRESS", "0")
    assert progress_bar(["a"]).disable
    bar = progress_bar(["a", "b"], enabled=True)
    assert not bar.disable
    bar.update(2)
    bar.close()
    assert "0/2" in capsys.readouterr().err  # it drew itself (leave=False wipes the final state)


@pytest.mark.parametrize(
    ("html", "bad"),
    [
        ('<script src="https://cdn.example/x.js"></script>', 1),
        ('<link rel="stylesheet" href="//fonts.example/css">', 1),
        ('<img src="http://example.org/a.png">', 1),
        ("<style>@import url('https://fonts.example/f.css');</style>", 1),
        ('<a href="https://example.org">a link a reader may click</a>', 0),
        ('<img src="data:image/png;base64,AAAA">', 0),
        ("", 0),
    ],
)
def test_external_references(html: str, bad: int) -> None:
    assert len(external_references(html)) == bad


def test_article_text_is_escaped(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import pandas as pd\npd.DataFrame({'text': ['<script>alert(1)</script> and <b>bold</b>']})"
        )
    ]
    src = tmp_path / "x.ipynb"
    nbformat.write(nb, src)
    executed = execute_notebook(src)
    html = export_html(executed, tmp_path / "x.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_report_command_on_seeds(seed_report: Path) -> None:
    out = seed_report
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "5 articles from 5 outlets" in index
    for nb in NOTEBOOKS:
        html = (out / f"{nb.stem}.html").read_text(encoding="utf-8")
        assert f'href="{nb.stem}.html"' in index
        assert len(re.findall(r"<img[^>]+src=\"data:image/png;base64,", html)) >= 1, f"{nb.stem}: figures are embedded"
        assert external_references(html) == []
        body = re.sub(r"<script.*?</script>|<style.*?</style>|data:image/[a-z]+;base64,[^\"']+", "", html, flags=re.S)
        assert "Traceback" not in body and "Error" not in body
        assert not re.search(r"\bNaN\b|>nan<|>None<", body), f"{nb.stem} shows a missing value as NaN"
        title = re.search(r"<title>([^<]*)</title>", html).group(1)
        assert title.startswith(nb.stem[:2] + " \u00b7 "), f"{nb.stem}: page title {title!r}"
    assert (out / "figures" / "salience.png").exists() and (out / "figures" / "salience.svg").exists()
    # the figures are the committed ones byte for byte where this CPU gives the int8 stance
    # model's reference scores (tests/test_reference.py: ONNX Runtime's integer kernels differ
    # between CPUs); elsewhere the stance figures differ by those scores, and only names are checked
    got = read_table(out / "tables", "stances")
    want = pd.read_parquet(ROOT / "tests" / "data" / "reference" / "seeds" / "stances.parquet")
    same_scores = got.reset_index(drop=True).equals(want.reset_index(drop=True))
    for fig in (out / "figures").iterdir():
        committed = ROOT / "figures" / fig.name
        assert committed.exists(), f"figures/{fig.name} is not committed: run make report"
        if same_scores:
            assert committed.read_bytes() == fig.read_bytes(), f"figures/{fig.name} is stale: run make report"
    assert "mentions" in RunTables(out / "tables")  # the run behind them (batched: partitions)


def test_report_command_reports_failing_notebook(tmp_path: Path, capsys) -> None:
    nbdir = tmp_path / "nbs"
    nbdir.mkdir()
    good = nbformat.v4.new_notebook()
    good.cells = [
        nbformat.v4.new_code_cell("CORPUS = None", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("1 + 1"),
    ]
    bad = nbformat.v4.new_notebook()
    bad.cells = [
        nbformat.v4.new_code_cell("CORPUS = None", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("raise RuntimeError('boom')"),
    ]
    nbformat.write(bad, nbdir / "01-bad.ipynb")
    nbformat.write(good, nbdir / "02-good.ipynb")
    code = main(["report", "--corpus", str(ROOT / "seeds"), "--out", str(tmp_path / "r"), "--notebooks", str(nbdir)])
    captured = capsys.readouterr()
    assert code == 1
    assert "01-bad" in captured.err and "boom" in captured.out
    assert (tmp_path / "r" / "02-good.html").exists(), "the other notebooks still ran"


def test_same_input_gives_the_same_report(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# t"),
        nbformat.v4.new_code_cell("X = 1", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\nplt.plot([0, X]);\nprint(X)"),
    ]
    src = tmp_path / "t.ipynb"
    nbformat.write(nb, src)
    pages = [
        export_html(execute_notebook(src, params={"X": 2}), tmp_path / f"t{k}.html").read_text(encoding="utf-8")
        for k in range(2)
    ]
    assert pages[0] == pages[1] and "<img" in pages[0]

"""Executing the notebooks and exporting self-contained HTML reports.

Each notebook has one code cell tagged ``parameters``; :func:`execute_notebook` injects a cell
after it that overrides those values (the papermill convention, without papermill), runs the
notebook with nbclient in the notebooks folder, and :func:`export_html` writes HTML with the code
hidden, figures embedded and no external scripts. A report that still references an outside
resource is an error, not a warning.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from analysis.report.html import export_html

__all__ = ["NotebookRun", "execute_notebook", "run_notebooks"]


@dataclass
class NotebookRun:
    """What happened to one notebook: its paths and the error, if it failed."""

    name: str
    executed: Path | None
    html: Path | None
    error: str | None = None


def _parameter_cell(params: Mapping[str, object]) -> nbformat.NotebookNode:
    """A code cell assigning the given parameters (repr of each value)."""
    lines = ["# Parameters injected by analysis.report"] + [f"{k} = {v!r}" for k, v in params.items()]
    cell = nbformat.v4.new_code_cell("\n".join(lines))
    cell.id = "injected-parameters"  # a fixed id: the same input gives the same report
    cell.metadata["tags"] = ["injected-parameters"]
    return cell


def execute_notebook(
    path: str | Path,
    *,
    params: Mapping[str, object] | None = None,
    out_path: str | Path | None = None,
    timeout: int = 1200,
) -> nbformat.NotebookNode:
    """Execute a notebook in its own folder, with parameters injected after the tagged cell."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    if params:
        idx = next((i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), None)
        if idx is None:
            raise ValueError(f"{path.name}: no cell tagged 'parameters' to override")
        nb.cells.insert(idx + 1, _parameter_cell(params))
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    # The kernel inherits the environment: a non-interactive MPLBACKEND (Agg, as in CI) would stop
    # figures from being shown in the notebook, and so from reaching the report.
    # Progress bars stay out of the exported reports.
    saved = {k: os.environ.get(k) for k in ("MPLBACKEND", "FRAMING_PROGRESS")}
    os.environ.update(MPLBACKEND="module://matplotlib_inline.backend_inline", FRAMING_PROGRESS="0")
    try:
        client.execute()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        if out_path is not None:
            Path(out_path).parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, out_path)
    return nb


def run_notebooks(
    notebooks: Sequence[str | Path],
    *,
    params: Mapping[str, object] | None = None,
    executed_dir: str | Path,
    html_dir: str | Path,
) -> list[NotebookRun]:
    """Execute every notebook and export its report; a failure is recorded and the rest still run."""
    runs: list[NotebookRun] = []
    for nb_path in map(Path, notebooks):
        executed = Path(executed_dir) / nb_path.name
        html = Path(html_dir) / (nb_path.stem + ".html")
        try:
            nb = execute_notebook(nb_path, params=params, out_path=executed)
            export_html(nb, html)
            runs.append(NotebookRun(nb_path.stem, executed, html))
        except Exception as exc:
            runs.append(
                NotebookRun(nb_path.stem, executed if executed.exists() else None, None, f"{type(exc).__name__}: {exc}")
            )
    return runs


def build_reports(
    notebooks: Sequence[str | Path], *, tables: str | Path, out: str | Path, figures: str | Path
) -> list[NotebookRun]:
    """Every notebook executed on a finished run's tables (parameters ``TABLES`` and
    ``FIGURES``), its HTML report in ``out``, the per-article export (``out/articles.csv`` and
    ``out/articles.xlsx``) and ``out/index.html`` linking them."""
    from analysis.report.export import write_article_export
    from analysis.report.html import write_index
    from analysis.tables import RunTables

    out = Path(out)
    params = {"TABLES": str(Path(tables).resolve()), "FIGURES": str(Path(figures).resolve())}
    runs = run_notebooks(notebooks, params=params, executed_dir=out / "executed", html_dir=out)
    write_article_export(RunTables(tables), out)
    write_index(runs, out / "index.html", run=RunTables(tables))
    return runs

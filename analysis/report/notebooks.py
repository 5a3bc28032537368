"""Executing the notebooks and exporting self-contained HTML reports.

Each notebook has one code cell tagged ``parameters``; :func:`execute_notebook` injects a cell
after it that overrides those values (the papermill convention, without papermill), runs the
notebook with nbclient in the notebooks folder, and :func:`export_html` writes HTML with the code
hidden, figures embedded and no external scripts. A report that still references an outside
resource is an error, not a warning.
"""

from __future__ import annotations

import html as _html
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

__all__ = ["NotebookRun", "execute_notebook", "export_html", "external_references", "run_notebooks", "write_index"]

_EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?["']?(?:https?:)?//""", re.I)


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
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
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


def external_references(html: str) -> list[str]:
    """Every script, style, image or link source in the HTML that points off the machine."""
    refs = [m.group(0) for m in _EXTERNAL.finditer(html)]
    refs += [m.group(0) for m in _CSS_IMPORT.finditer(html)]
    # Plain <a href="https://..."> links are fine (a reader clicks them); loaded resources are not.
    return [r for r in refs if not r.lower().startswith("href")] + [
        m.group(0) for m in re.finditer(r"<link[^>]+href\s*=\s*[\"']?(?:https?:)?//[^>]*>", html, re.I)
    ]


def export_html(nb: nbformat.NotebookNode, out_path: str | Path, *, hide_code: bool = True) -> Path:
    """Write a self-contained HTML report of an executed notebook (figures are inline PNG data).

    MathJax and require.js are not loaded from a CDN; the result is checked for external
    references and an error is raised if any remain.
    """
    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input = hide_code
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.mathjax_url = ""
    exporter.require_js_url = ""
    exporter.widget_renderer_url = ""
    body, _ = exporter.from_notebook_node(nb)
    body = _strip_cdn_tags(body)
    bad = external_references(body)
    if bad:
        raise ValueError(f"{out_path}: report references outside resources: {bad[:3]}")
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(body, encoding="utf-8")
    return out


def _strip_cdn_tags(html: str) -> str:
    """Remove script/link tags whose source is empty or remote (left by the template's options)."""
    html = re.sub(r"<script[^>]+src\s*=\s*[\"'](?:https?:)?//[^\"']*[\"'][^>]*>\s*</script>", "", html, flags=re.I)
    html = re.sub(r"<script[^>]+src\s*=\s*[\"']\s*[\"'][^>]*>\s*</script>", "", html, flags=re.I)
    html = re.sub(r"<link[^>]+href\s*=\s*[\"'](?:https?:)?//[^\"']*[\"'][^>]*>", "", html, flags=re.I)
    return html


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
        except Exception as exc:  # noqa: BLE001 - every failure is reported with the notebook's name
            runs.append(NotebookRun(nb_path.stem, executed if executed.exists() else None, None, f"{type(exc).__name__}: {exc}"))
    return runs


def write_index(runs: Sequence[NotebookRun], out_path: str | Path, *, result: object | None = None) -> Path:
    """An index.html linking every report, with a one-paragraph summary of the run (escaped)."""
    out = Path(out_path)
    summary = ""
    if result is not None:
        docs = result["docs"]  # type: ignore[index]
        skipped = result["skipped"]  # type: ignore[index]
        outlets = sorted(docs["outlet"].unique())
        scorer = result.settings.get("scorer")  # type: ignore[attr-defined]
        summary = (
            f"{len(docs)} articles from {len(outlets)} outlets ({', '.join(outlets)}) were analysed and "
            f"{len(skipped)} skipped; actors: {', '.join(result.actors.ids)}."  # type: ignore[attr-defined]
            + (f" Stance toward each actor was scored with the {scorer} scorer." if scorer else "")
        )
    items = []
    for r in runs:
        if r.error:
            items.append(f"<li><strong>{_html.escape(r.name)}</strong>: failed: <code>{_html.escape(r.error)}</code></li>")
        else:
            href = _html.escape(Path(r.html).name if r.html else "", quote=True)
            items.append(f'<li><a href="{href}">{_html.escape(r.name)}</a></li>')
    page = (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Framing reports</title>"
        "<style>body{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.5}</style></head><body>"
        "<h1>How the outlets frame the actors</h1>"
        f"<p>{_html.escape(summary)}</p><ul>{''.join(items)}</ul></body></html>\n"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out

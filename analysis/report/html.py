"""The HTML pages of a report: a notebook exported with its code hidden, figures embedded and no
outside resource (checked: a page that still references one is an error), and index.html."""

from __future__ import annotations

import html as _html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
from nbconvert import HTMLExporter

if TYPE_CHECKING:
    from analysis.report.notebooks import NotebookRun
    from analysis.tables import RunTables

_EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


_CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?["']?(?:https?:)?//""", re.I)


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


def write_index(runs: Sequence[NotebookRun], out_path: str | Path, *, run: RunTables | None = None) -> Path:
    """An index.html linking every report and the per-article export beside it, with a
    one-paragraph summary of the run (escaped)."""
    out = Path(out_path)
    summary = run_summary(run) if run is not None else ""
    exports = ""
    if (out.parent / "articles.csv").exists():  # the per-article export beside the reports
        exports = (
            '<p>Every article, one row per actor it names: <a href="articles.xlsx">articles.xlsx</a> '
            '(Excel) or <a href="articles.csv">articles.csv</a>.</p>'
        )
    items = []
    for r in runs:
        if r.error:
            items.append(
                f"<li><strong>{_html.escape(r.name)}</strong>: failed: "
                f"<code>{_html.escape(_plain(r.error))}</code></li>"
            )
        else:
            href = _html.escape(Path(r.html).name if r.html else "", quote=True)
            items.append(f'<li><a href="{href}">{_html.escape(_title(r.name))}</a></li>')
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Framing reports</title>'
        "<style>body{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.5}</style></head><body>"
        "<h1>How the outlets frame the actors</h1>"
        f"<p>{_html.escape(summary)}</p><ul>{''.join(items)}</ul>{exports}</body></html>\n"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


def run_summary(run: RunTables) -> str:
    """One paragraph on a finished run: articles, outlets (the largest named), skipped and failed
    inputs, actors and the stance scorer."""
    docs = run.read("docs", columns=["outlet"])
    counts = docs["outlet"].value_counts()
    shown = ", ".join(counts.index[:8].astype(str))
    more = f" and {len(counts) - 8:,} more" if len(counts) > 8 else ""
    scorer = run.scorer
    return (
        f"{len(docs):,} articles from {len(counts):,} outlets ({shown}{more}) were analysed; "
        f"{run.n_rows('skipped'):,} inputs were skipped and {run.n_rows('failed'):,} failed; "
        f"actors: {', '.join(run.actors)}."
        + (f" Stance toward each actor was scored with the {scorer} scorer." if scorer else "")
        + restriction_note(run.settings.get("selection") or {})
    )


def restriction_note(selection: dict) -> str:
    """One sentence on a run restricted to dates, outlets or topics (run.json's ``selection``),
    or "" for an unrestricted run."""
    parts = []
    if selection.get("since") or selection.get("until"):
        parts.append(f"dated {selection.get('since') or 'any day'} to {selection.get('until') or 'any day'}")
    if selection.get("outlets"):
        parts.append(f"from the outlets {', '.join(selection['outlets'])}")
    if selection.get("topics"):
        parts.append(f"on the topics {', '.join(selection['topics'])}")
    if not parts:
        return ""
    return f" The run was restricted to articles {'; '.join(parts)}; the others are listed as skipped, with the reason."


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _plain(text: str) -> str:
    """Text without terminal colour codes (an error from a notebook kernel carries them)."""
    return _ANSI.sub("", text)


def _title(stem: str) -> str:
    """A report's title from its notebook's file name: "01-corpus" -> "01 · Corpus"."""
    num, _, rest = stem.partition("-")
    return f"{num} · {rest.replace('-', ' ').capitalize()}" if rest else stem

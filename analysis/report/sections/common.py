"""What the report sections share: saving figures, naming where a table lives, the sentences
for parts of a run that were switched off, and evidence rows limited to the scope."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from analysis.report import charts
from analysis.report.access import Run, has, n_rows, read, setting, table_path
from analysis.report.display import Html, plural, sentence, table
from analysis.report.scope import Scope

__all__ = [
    "Items",
    "cut_table",
    "evidence_note",
    "framing_off",
    "in_scope",
    "per_group",
    "save",
    "similarity_off",
    "stance_off",
    "where",
]

Items = list[object]


def save(fig: Figure, name: str, figures: str | Path | None) -> Figure:
    """Write the figure as ``figures/NAME.png`` and ``.svg`` (when a folder is given); return it."""
    if figures is not None:
        charts.save_figure(fig, name, out_dir=figures)
    return fig


def where(run: Run, name: str) -> str | None:
    """The path of a table in the run folder, for the sentence under a cut table."""
    path = table_path(run, name)
    if path is None:
        return None
    return f"{path}/" if path.is_dir() else str(path)


def cut_table(
    run: Run,
    frame: pd.DataFrame,
    name: str,
    *,
    rows: int | None,
    total: int | None = None,
    html_columns: Sequence[str] = (),
    what: str = "rows",
    empty: str = "No rows.",
    index: bool = False,
) -> Html:
    """:func:`analysis.report.display.table` naming the run's table ``name`` and its path."""
    return table(
        frame,
        rows=rows,
        total=n_rows(run, name) if total is None else total,
        name=name,
        where=where(run, name),
        html_columns=html_columns,
        what=what,
        empty=empty,
        index=index,
    )


def stance_off(run: Run, *, brief: bool = True) -> Html | None:
    """The sentence a stance section shows when the run scored no stance (else None); the full
    sentence (``brief=False``) says how to switch it on."""
    if setting(run, "scorer") is None or not has(run, "stance_outlet"):
        if brief:
            return sentence("Not available: stance was not scored in this run.")
        return sentence(
            "Stance was not scored in this run (`--scorer none`), so this report has nothing to show. "
            "Run the analysis with a scorer (`--scorer auto`, `fast`, `accurate` or `vader`)."
        )
    return None


def framing_off(run: Run, *, brief: bool = True) -> Html | None:
    """The sentence a framing section shows when framing was switched off (else None); the full
    sentence (``brief=False``) says what is missing."""
    if setting(run, "framing", True) is False or not has(run, "label_counts"):
        if brief:
            return sentence("Not available: framing was switched off for this run.")
        return sentence(
            "Framing was switched off for this run (`--no-framing`): no labels, quotations, roles or "
            "omissions were extracted, so this report has nothing to show."
        )
    return None


def similarity_off(run: Run) -> Html | None:
    """The sentence a similarity or reuse section shows when that step did not run (else None)."""
    if not has(run, "similarity"):
        return sentence(
            "The similarity step did not run for this run, so there is no similarity, distinctive-word "
            "or reuse table to show."
        )
    return None


def in_scope(frame: pd.DataFrame, scope: Scope, *, outlet: str = "outlet", actor: str | None = "actor") -> pd.DataFrame:
    """The rows of the shown outlets (and actors, when the frame has an actor column)."""
    if len(frame) == 0:
        return frame
    keep = frame[outlet].isin(scope.outlets)
    if actor is not None and actor in frame.columns:
        keep &= frame[actor].isin(scope.actors)
    return frame[keep]


def per_group(frame: pd.DataFrame, keys: Sequence[str], n: int) -> pd.DataFrame:
    """At most ``n`` rows of each group, in the frame's order."""
    if len(frame) == 0:
        return frame
    return frame.groupby(list(keys), sort=False, dropna=False).head(n)


def evidence_note(scope: Scope, run: Run, name: str) -> Html:
    """The sentence under an evidence table: which articles the examples come from."""
    n_ev = len(scope.evidence_docs)
    whole = f"; the `{name}` table has all {n_rows(run, name):,} rows" if has(run, name) else ""
    if n_ev >= scope.n_docs:
        every = "the only article" if scope.n_docs == 1 else f"all {plural(scope.n_docs, 'article')}"
        return sentence(f"Examples from {every}{whole}.", cls="fx-note")
    return sentence(
        f"Examples from the first {scope.docs_per_outlet} articles of each outlet shown ({n_ev:,} of "
        f"{plural(scope.n_docs, 'article')}){whole}.",
        cls="fx-note",
    )


def outlet_table(run: Run, scope: Scope) -> pd.DataFrame:
    """``doc_id`` → ``outlet`` of the evidence articles."""
    return read(run, "docs", columns=["doc_id", "outlet"], filters=[("doc_id", "in", list(scope.evidence_docs))])

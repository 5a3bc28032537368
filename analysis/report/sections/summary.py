"""Notebook 00 (summary): the opening paragraph with the key findings, the three charts that
say most, and the outlet × actor table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.report import charts
from analysis.report.access import Run, actor_ids, n_rows, read, setting
from analysis.report.display import Html, bullets, plural, sentence
from analysis.report.findings import headline, key_findings, wire_line
from analysis.report.scope import Scope, actors_note, rest_note
from analysis.report.sections.common import Items, cut_table, in_scope, save
from analysis.run.summary import SUMMARY_COLUMNS, outlet_actor_summary

__all__ = ["outlet_actor_table", "overview", "overview_chart", "summary_table"]


def summary_table(run: Run) -> pd.DataFrame:
    """The run's summary table (outlet × actor), or one made from its tables when the run
    predates it."""
    if "summary" in run:
        return read(run, "summary")
    return outlet_actor_summary(run)


def _scoped(run: Run, scope: Scope) -> pd.DataFrame:
    s = summary_table(run)
    if len(s) == 0:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    return s[s["outlet"].isin(scope.outlets)].reset_index(drop=True)


def overview(run: Run, scope: Scope) -> Items:
    """What the run holds (articles, outlets, actors, scorer, skipped and failed inputs) and the
    key findings, computed on the charted outlets."""
    scorer = setting(run, "scorer")
    framing = setting(run, "framing", True)
    lead = (
        f"**{plural(scope.n_docs, 'article')} from {plural(scope.n_outlets, 'outlet')}**; "
        f"actors: {', '.join(actor_ids(run)) or 'none'}; "
        f"stance scorer: {scorer or 'none (stance not scored)'}; framing: {'on' if framing else 'off'}; "
        f"{plural(n_rows(run, 'skipped'), 'input')} skipped, {n_rows(run, 'failed'):,} failed."
    )
    items: Items = [sentence(lead)]
    if scope.n_docs == 0:
        return items + [sentence("No article was analysed, so there is nothing to summarise.")]
    lines = key_findings(_scoped(run, scope))
    if scope.cut:
        lines.insert(
            0,
            f"These findings compare the {len(scope.outlets)} outlets with the most articles; the "
            f"other {len(scope.rest):,} are listed under the charts.",
        )
    if "source_outlet" in run:
        sources = read(run, "source_outlet")
        wire = wire_line(
            sources[sources["outlet"].isin(scope.outlets)], include_wire=bool(setting(run, "include_wire", False))
        )
        if wire:
            lines.append(wire)
    items.append(bullets(lines))
    note = actors_note(scope)
    if note:
        items.append(sentence(note, cls="fx-note"))
    warnings = list(getattr(run, "warnings", []) or [])
    if warnings:
        items.append(sentence("Warnings of the run:", cls="fx-note"))
        items.append(bullets(warnings))
    return items


def overview_chart(run: Run, scope: Scope, *, figures: str | Path | None = None) -> Items:
    """Prominence, lean and voice side by side (the charted outlets and actors)."""
    summary = _scoped(run, scope)
    if not scope.actors:
        return [sentence("No actor of the actor file is mentioned in any article, so there is nothing to chart.")]
    colors = charts.outlet_colors(scope.outlets)
    sal = in_scope(read(run, "salience_outlet"), scope)
    fig, axes = charts.subplots(1, 3, figsize=(18, 0.5 * max(4, len(sal)) + 2))
    charts.salience_bars(sal, ax=axes[0], colors=colors, title="Prominence", legend=True)
    if setting(run, "scorer") and "stance_outlet" in run:
        st = in_scope(read(run, "stance_outlet"), scope)
        charts.stance_intervals(
            st[st["voice"] == "outlet"], ax=axes[1], colors=colors, title="Lean (own voice)", legend=False
        )
    else:
        _blank(axes[1], "Lean", "stance not scored in this run")
    if "voice" in run and setting(run, "framing", True) is not False:
        voice = read(run, "voice")
        voice = voice[voice["outlet"].isin(scope.outlets)]
        charts.stacked_shares(
            voice,
            rows=["outlet"],
            stack="speaker_actor",
            value="quoted_words",
            n_col="quoted_words",
            colors=charts.speaker_colors(voice["speaker_actor"]),
            ax=axes[2],
            xlabel="% of directly quoted words",
            title="Whose words are quoted",
        )
    else:
        _blank(axes[2], "Whose words are quoted", "framing switched off in this run")
    fig.suptitle(headline(summary), x=0.01, ha="left", fontweight="bold")
    method = setting(run, "scorer") or "none"
    charts.caption(
        axes[0],
        f"Sources: salience_outlet, stance_outlet ({method}), voice tables; {plural(scope.n_docs, 'article')}"
        + (f", {len(scope.outlets)} largest outlets shown." if scope.cut else "."),
    )
    fig.tight_layout(rect=(0, 0.07, 1, 0.93))
    items: Items = [save(fig, "overview", figures)]
    note = rest_note(scope)
    return items + ([sentence(note, cls="fx-note")] if note else [])


def _blank(ax: object, title: str, why: str) -> None:
    ax.set_title(title)  # type: ignore[attr-defined]
    ax.text(0.5, 0.5, why, ha="center", va="center", transform=ax.transAxes, color="#555555")  # type: ignore[attr-defined]
    ax.set_xticks([])  # type: ignore[attr-defined]
    ax.set_yticks([])  # type: ignore[attr-defined]


def outlet_actor_table(run: Run, scope: Scope, *, rows: int | None = 40) -> Html:
    """The summary table for the charted outlets and actors (actors in the actor file's order)."""
    s = in_scope(_scoped(run, scope), scope)
    if len(s):
        s = s.assign(
            _a=s["actor"].map({a: k for k, a in enumerate(scope.actors)}),
            _o=s["outlet"].map({o: k for k, o in enumerate(scope.outlets)}),
        )
        s = s.sort_values(["_a", "_o"]).drop(columns=["_a", "_o"])
    return cut_table(run, s, "summary", rows=rows, empty="No actor is mentioned, so the table has no rows.")

"""Notebook 04 (framing), voice and roles: whose words each outlet quotes and with which
reporting verbs, and whether each actor is cast as agent or patient (and of which verbs)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.report import charts
from analysis.report.access import Run, read, sentences_of
from analysis.report.display import sentence
from analysis.report.readouts import span_evidence, verb_summary
from analysis.report.scope import Scope, rest_note
from analysis.report.sections.common import (
    Items,
    cut_table,
    evidence_note,
    framing_off,
    in_scope,
    outlet_table,
    per_group,
    save,
)

__all__ = [
    "ROLE_COLORS",
    "quote_evidence",
    "reporting_verbs",
    "role_evidence",
    "role_verbs",
    "roles_chart",
    "speaker_topics",
    "voice_chart",
    "voice_table",
]

ROLE_COLORS = {"agent": "#0072B2", "patient": "#D55E00", "neither": "#BBBBBB"}


def _voice(run: Run, scope: Scope) -> pd.DataFrame:
    return read(run, "voice", filters=[("outlet", "in", scope.outlets)])


def voice_chart(run: Run, scope: Scope, *, figures: str | Path | None = None) -> Items:
    """Each shown outlet's directly quoted words by the side the speaker speaks for."""
    off = framing_off(run)
    if off:
        return [off]
    voice = _voice(run, scope)
    if len(voice) == 0 or voice["quoted_words"].sum() == 0:
        return [sentence("The outlets shown quote nobody directly, so there is nothing to chart.")]
    fig, ax = charts.subplots(figsize=(9, 0.35 * max(4, voice["outlet"].nunique()) + 1.8))
    charts.stacked_shares(
        voice,
        rows=["outlet"],
        stack="speaker_actor",
        value="quoted_words",
        n_col="quoted_words",
        colors=charts.speaker_colors(voice["speaker_actor"]),
        ax=ax,
        xlabel="% of the outlet's directly quoted words",
        title="Whose words each outlet quotes",
    )
    charts.caption(ax, "Source: voice table; n = quoted words. Speakers the text does not name are 'unknown'.")
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    note = rest_note(scope)
    return [save(fig, "framing_voice", figures)] + ([sentence(note, cls="fx-note")] if note else [])


def voice_table(run: Run, scope: Scope, *, rows: int | None = 30) -> Items:
    """The voice rows of the shown outlets."""
    off = framing_off(run)
    if off:
        return [off]
    return [cut_table(run, _voice(run, scope), "voice", rows=rows, empty="No quotation in the outlets shown.")]


def reporting_verbs(run: Run, scope: Scope, *, verbs: int = 8, rows: int | None = 30) -> Items:
    """Reporting verbs per shown outlet and speaker side: the ``verbs`` commonest as columns, the
    others summed as "other verbs"."""
    off = framing_off(run)
    if off:
        return [off]
    rv = read(run, "reporting_verbs", filters=[("outlet", "in", scope.outlets)])
    if len(rv) == 0:
        return [sentence("No reporting verb in the outlets shown.")]
    common = list(rv.groupby("verb")["n"].sum().sort_values(ascending=False, kind="stable").index[:verbs])
    rv = rv.assign(verb=rv["verb"].where(rv["verb"].isin(common), "other verbs"))
    grid = rv.pivot_table(index=["outlet", "speaker_actor"], columns="verb", values="n", aggfunc="sum", fill_value=0)
    grid = grid[[c for c in common + ["other verbs"] if c in grid.columns]]
    return [
        cut_table(
            run,
            grid.rename_axis(columns=None).reset_index(),
            "reporting_verbs",
            rows=rows,
            total=len(grid),
            what="outlet × speaker rows",
        )
    ]


def speaker_topics(run: Run, scope: Scope, *, rows: int = 15) -> Items:
    """Which actors each speaker's words mention (shown outlets, most mentions first)."""
    off = framing_off(run)
    if off:
        return [off]
    st = read(run, "speaker_topics", filters=[("outlet", "in", scope.outlets)])
    st = (
        st.sort_values(["n_mentions", "outlet", "speaker"], ascending=[False, True, True], kind="stable")
        if len(st)
        else st
    )
    return [
        cut_table(
            run,
            st,
            "speaker_topics",
            rows=rows,
            total=len(st),
            what="speaker × actor rows",
            empty="No speaker's words mention an actor in the outlets shown.",
        )
    ]


def quote_evidence(run: Run, scope: Scope, *, per_outlet: int = 4, rows: int = 30) -> Items:
    """Quotations and reported speech in their sentences, the words and the attribution marked,
    a few per shown outlet, from the evidence articles only."""
    off = framing_off(run)
    if off:
        return [off]
    cols = [
        "doc_id",
        "sent_id",
        "kind",
        "is_speech",
        "start",
        "end",
        "speaker",
        "speaker_actor",
        "verb",
        "attribution_start",
        "attribution_end",
        "how",
    ]
    q = read(run, "quotes", columns=cols, filters=[("doc_id", "in", list(scope.evidence_docs))])
    q = q[q["is_speech"].astype(bool)] if len(q) else q
    if len(q) == 0:
        return [sentence("No quotation or reported speech in the articles shown.")]
    docs = outlet_table(run, scope)
    picked = per_group(q.merge(docs, on="doc_id"), ["outlet"], per_outlet)
    ev = span_evidence(
        picked,
        sentences_of(run, picked[["doc_id", "sent_id"]]),
        docs,
        spans=[("start", "end"), ("attribution_start", "attribution_end")],
        keep=["kind", "speaker", "speaker_actor", "verb", "how"],
    )
    return [
        cut_table(
            run,
            ev.drop(columns=["doc_id", "sent_id"]),
            "quotes",
            rows=rows,
            total=len(ev),
            html_columns=["html"],
            what="example quotations",
        ),
        evidence_note(scope, run, "quotes"),
    ]


def roles_chart(run: Run, scope: Scope, *, figures: str | Path | None = None) -> Items:
    """Share of each actor's mentions cast as agent, patient or neither, per shown outlet."""
    off = framing_off(run)
    if off:
        return [off]
    rc = in_scope(read(run, "role_counts", filters=[("outlet", "in", scope.outlets)]), scope)
    if len(rc) == 0:
        return [sentence("No actor mention has a role in the outlets shown.")]
    fig, ax = charts.subplots(figsize=(9, 0.32 * max(4, len(rc.groupby(["actor", "outlet"]))) + 1.2))
    charts.stacked_shares(
        rc,
        rows=["actor", "outlet"],
        stack="role",
        value="n",
        order=list(ROLE_COLORS),
        colors=ROLE_COLORS,
        n_col="n",
        ax=ax,
        xlabel="% of the actor's mentions",
        title="Agent, patient or neither",
    )
    charts.caption(ax, "Source: role_counts table; n = counted mentions.")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return [save(fig, "framing_roles", figures)]


def role_verbs(run: Run, scope: Scope, *, top: int = 5, rows: int | None = 30) -> Items:
    """Per actor × shown outlet, the commonest verbs the actor does and those done to it."""
    off = framing_off(run)
    if off:
        return [off]
    rv = in_scope(read(run, "role_verbs", filters=[("outlet", "in", scope.outlets)]), scope)
    vs = verb_summary(rv, n=top)
    return [
        cut_table(
            run,
            vs,
            "role_verbs",
            rows=rows,
            total=len(vs),
            what="actor × outlet rows",
            empty="No actor is the agent or patient of a verb in the outlets shown.",
        )
    ]


def role_evidence(run: Run, scope: Scope, *, per_group_n: int = 3, rows: int = 40) -> Items:
    """Agent and patient mentions in their sentences (mention and verb marked), a few per actor ×
    shown outlet, from the evidence articles only."""
    off = framing_off(run)
    if off:
        return [off]
    cols = [
        "doc_id",
        "sent_id",
        "actor",
        "mention_start",
        "mention_end",
        "role",
        "verb",
        "verb_start",
        "verb_end",
        "voice",
        "via",
    ]
    roles = read(run, "roles", columns=cols, filters=[("doc_id", "in", list(scope.evidence_docs))])
    roles = roles[(roles["role"] != "neither") & roles["actor"].isin(scope.actors)] if len(roles) else roles
    if len(roles) == 0:
        return [sentence("No agent or patient mention in the articles shown.")]
    docs = outlet_table(run, scope)
    roles = roles.merge(docs, on="doc_id").sort_values(["actor", "outlet", "doc_id", "mention_start"], kind="stable")
    picked = per_group(roles, ["actor", "outlet"], per_group_n)
    ev = span_evidence(
        picked,
        sentences_of(run, picked[["doc_id", "sent_id"]]),
        docs,
        spans=[("mention_start", "mention_end"), ("verb_start", "verb_end")],
        keep=["actor", "role", "verb", "voice", "via"],
    )
    return [
        cut_table(
            run,
            ev.drop(columns=["doc_id", "sent_id"]),
            "roles",
            rows=rows,
            total=len(ev),
            html_columns=["html"],
            what="example roles",
        ),
        evidence_note(scope, run, "roles"),
    ]

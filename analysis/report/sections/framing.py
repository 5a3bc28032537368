"""Notebook 04 (framing), labels and omission: what each outlet calls each actor, and which
people, numbers and claims some outlets carry and others leave out (voice and roles are in
:mod:`analysis.report.sections.voice`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from analysis.report import charts, grids
from analysis.report.access import Run, count_by, n_rows, read, sentences_of, setting
from analysis.report.display import plural, sentence, table
from analysis.report.findings import label_finding
from analysis.report.readouts import informative_omissions, label_grid, span_evidence, top_terms
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
    "LABELS_PER_ACTOR",
    "claims",
    "distinctive_labels",
    "label_evidence",
    "labels_chart",
    "omission_chart",
    "omission_evidence",
    "overview",
    "shown_omission",
    "top_terms_table",
]

LABELS_PER_ACTOR = 12


def overview(run: Run, scope: Scope) -> Items:
    """How much the framing tables hold: descriptors, quotations, reported speech, roles."""
    off = framing_off(run, brief=False)
    if off:
        return [off]
    kinds = count_by(run, "quotes", ["kind"]).set_index("kind")["n"] if "quotes" in run else pd.Series(dtype="int64")
    return [
        sentence(
            f"{plural(scope.n_docs, 'article')}; {plural(n_rows(run, 'labels'), 'descriptor')}, "
            f"{int(kinds.get('direct', 0)):,} direct quotations, {int(kinds.get('reported', 0)):,} "
            f"reported-speech clauses, {n_rows(run, 'roles'):,} mentions with a role."
        )
    ]


def _label_counts(run: Run, scope: Scope) -> pd.DataFrame:
    return in_scope(read(run, "label_counts", filters=[("outlet", "in", scope.outlets)]), scope)


def top_terms_table(run: Run, scope: Scope, *, top: int = 5, rows: int | None = 20) -> Items:
    """Outlet × actor grid of each outlet's most frequent terms for each actor."""
    off = framing_off(run)
    if off:
        return [off]
    grid = top_terms(_label_counts(run, scope), n=top)
    if len(grid) == 0:
        return [sentence("No descriptor is attached to an actor in the outlets shown.")]
    grid = grid.reindex([o for o in scope.outlets if o in grid.index])
    grid = grid[[a for a in scope.actors if a in grid.columns]]
    return [table(grid.rename_axis(index="outlet", columns=None), rows=rows, index=True, what="outlets")]


def labels_chart(run: Run, scope: Scope, *, figures: str | Path | None = None) -> Items:
    """Per actor, the commonest labels by outlet (dot area and number = count), titled with the
    commonest evaluative label as the chart counts it."""
    off = framing_off(run)
    if off:
        return [off]
    lc = _label_counts(run, scope)
    label_actors = [a for a in scope.actors if a in set(lc["actor"])]
    if not label_actors:
        return [sentence("No descriptor is attached to an actor in the outlets shown, so there is nothing to chart.")]
    ncols = min(2, len(label_actors))
    nrows = -(-len(label_actors) // ncols)
    fig, axes = charts.subplots(nrows, ncols, figsize=(6.5 * ncols, 4.8 * nrows), squeeze=False)
    for ax in axes.flat[len(label_actors) :]:
        ax.set_visible(False)
    colors = charts.outlet_colors(scope.outlets)
    for ax, actor in zip(axes.flat, label_actors):
        grid, order = label_grid(lc, actor, n=LABELS_PER_ACTOR)
        grids.count_grid(
            grid, row="term", col="outlet", value="n", rows=order, cols=scope.outlets, colors=colors, ax=ax, title=actor
        )
    title = label_finding(lc, actors=label_actors, outlets=scope.outlets, n=LABELS_PER_ACTOR)
    fig.suptitle(f"{title} (the {LABELS_PER_ACTOR} commonest labels per actor)", x=0.01, ha="left", fontweight="bold")
    charts.caption(
        axes[-1, 0],
        f"Source: label_counts table, {int(lc['n'].sum()):,} descriptors (kinds summed); dot area and number = count.",
    )
    fig.tight_layout(rect=(0, 0.05, 1, 0.94))
    note = rest_note(scope)
    return [save(fig, "framing_labels", figures)] + ([sentence(note, cls="fx-note")] if note else [])


def distinctive_labels(run: Run, scope: Scope, *, rank: int = 3, rows: int | None = 30) -> Items:
    """The labels that most set each shown outlet apart, per actor (Fightin' Words over labels)."""
    off = framing_off(run)
    if off:
        return [off]
    if scope.n_outlets < 2:
        return [sentence("Distinctive labels compare each outlet with the others: this run has one outlet.")]
    ld = read(run, "labels_distinctive", filters=[("group", "in", scope.outlets)])
    ld = ld[(ld["rank"] <= rank) & (ld["count"] > 0) & ld["actor"].isin(scope.actors)] if len(ld) else ld
    show = ld[["actor", "group", "term", "count", "count_rest", "z"]] if len(ld) else ld
    return [
        cut_table(
            run,
            show,
            "labels_distinctive",
            rows=rows,
            total=len(show),
            what="labels",
            empty="No actor is described by two or more of the outlets shown.",
        )
    ]


def label_evidence(run: Run, scope: Scope, *, per_group_n: int = 3, rows: int = 40) -> Items:
    """Descriptors in their sentences (evaluative ones first), a few per actor × outlet, from the
    evidence articles only."""
    off = framing_off(run)
    if off:
        return [off]
    labels = read(
        run,
        "labels",
        columns=["doc_id", "sent_id", "actor", "kind", "descriptor", "start", "end", "evaluative"],
        filters=[("doc_id", "in", list(scope.evidence_docs))],
    )
    labels = labels[labels["actor"].isin(scope.actors)]
    if len(labels) == 0:
        return [sentence("No descriptor to show in the articles shown.")]
    docs = outlet_table(run, scope)
    labels = labels.merge(docs, on="doc_id").sort_values(
        ["actor", "outlet", "evaluative", "doc_id", "start"], ascending=[True, True, False, True, True], kind="stable"
    )
    picked = per_group(labels, ["actor", "outlet"], per_group_n)
    ev = span_evidence(
        picked, sentences_of(run, picked[["doc_id", "sent_id"]]), docs, keep=["actor", "kind", "descriptor"]
    )
    return [
        cut_table(
            run,
            ev.drop(columns=["doc_id", "sent_id"]),
            "labels",
            rows=rows,
            total=len(ev),
            html_columns=["html"],
            what="example descriptors",
        ),
        evidence_note(scope, run, "labels"),
    ]


def shown_omission(
    run: Run, scope: Scope, *, select: Callable[[pd.DataFrame], Iterable[int]] | None = None
) -> pd.DataFrame:
    """The omission rows of the shown outlets, ``n_outlets`` recounted among them, every shown
    outlet with a row for every item. ``select`` picks the items (their ``item_id``) from the
    rows read, before the absent outlets' rows are added back: a large run's table holds
    hundreds of thousands of items (at 37,554 AllSides articles, adding every absent outlet
    of all of them held 6 GB for a chart of 30)."""
    om = read(run, "omission", filters=[("outlet", "in", scope.outlets)])
    if len(om) == 0:
        return om
    carried = om[om["present"].astype(bool)].groupby("item_id")["outlet"].nunique()
    om = om.assign(n_outlets=om["item_id"].map(carried).fillna(0).astype("int64"))
    om = om[om["n_outlets"] > 0]
    if select is not None:
        om = om[om["item_id"].isin(list(select(om)))]
    return _with_absent_rows(om, scope.outlets)


def _informative(scope: Scope, top: int) -> Callable[[pd.DataFrame], Iterable[int]]:
    """The items :func:`informative_omissions` shows among the shown outlets."""
    return lambda om: informative_omissions(om, top=top, n_outlets=len(scope.outlets))["item_id"].unique()


def _shared_claims(om: pd.DataFrame) -> Iterable[int]:
    """The claims that more than one shown outlet carries."""
    return om.loc[(om["kind"] == "claim") & (om["n_outlets"] > 1), "item_id"].unique()


def _with_absent_rows(om: pd.DataFrame, outlets: list[str]) -> pd.DataFrame:
    """Every item × shown outlet: a large run's omission table lists only the outlets that carry
    each item, so the absent ones are added back (``present`` false, no evidence)."""
    if len(om) == 0:
        return om
    items = om.drop_duplicates("item_id")[["item_id", "kind", "key", "label", "n_outlets"]]
    grid = items.merge(pd.DataFrame({"outlet": sorted(outlets)}), how="cross")
    have = om.set_index(["item_id", "outlet"]).index
    missing = grid[~grid.set_index(["item_id", "outlet"]).index.isin(have)]
    if len(missing) == 0:
        return om
    absent = missing.assign(present=False, n=0, doc_id="", sent_id=-1, start=-1, end=-1)[list(om.columns)]
    return (
        pd.concat([om, absent], ignore_index=True)
        .sort_values(["item_id", "outlet"], kind="stable")
        .reset_index(drop=True)
    )


def omission_chart(run: Run, scope: Scope, *, top: int = 30, figures: str | Path | None = None) -> Items:
    """Entities, numbers and years named by some shown outlets and not others."""
    off = framing_off(run)
    if off:
        return [off]
    if len(scope.outlets) < 2:
        return [sentence("Omission compares outlets: this run has one outlet, so nothing can be left out by another.")]
    inf = informative_omissions(shown_omission(run, scope, select=_informative(scope, top)), top=top)
    if len(inf) == 0:
        return [
            sentence("Every entity, number and year found is carried by all the outlets shown (or none was found).")
        ]
    fig, ax = charts.subplots(figsize=(8, 0.26 * max(5, inf["item_id"].nunique()) + 1.5))
    grids.presence_grid(
        inf,
        ax=ax,
        outlets=scope.outlets,
        colors=charts.outlet_colors(scope.outlets),
        title="Named in some outlets, not in others",
    )
    charts.caption(
        ax,
        f"Source: omission table; the {inf['item_id'].nunique()} items carried by the most outlets "
        "without being carried by all.",
    )
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return [save(fig, "framing_omission", figures)]


def claims(run: Run, scope: Scope, *, rows: int = 15) -> Items:
    """Claims (sentences and their copies or paraphrases) that several shown outlets carry."""
    off = framing_off(run)
    if off:
        return [off]
    om = shown_omission(run, scope, select=_shared_claims)
    cl = om[(om["kind"] == "claim") & (om["n_outlets"] > 1)] if len(om) else om
    if len(cl) == 0:
        return [sentence("No claim is carried by more than one of the outlets shown.")]
    grid = cl.pivot_table(index="label", columns="outlet", values="present", aggfunc="any", fill_value=False)
    grid = grid.reindex(columns=[o for o in scope.outlets if o in grid.columns], fill_value=False)
    grid = grid.loc[grid.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    shown = grid.astype(object).where(~grid, "yes").where(grid, "")
    if "via" in cl.columns:  # a claim carried only in other words is marked so
        other = cl[cl["present"].astype(bool) & cl["via"].eq("meaning")]
        for label, outlet in zip(other["label"], other["outlet"]):
            if label in shown.index and outlet in shown.columns:
                shown.loc[label, outlet] = "in other words"
    return [
        cut_table(
            run,
            shown.rename_axis(index="claim", columns=None).reset_index(),
            "omission",
            rows=rows,
            total=len(grid),
            what="claims",
        ),
        sentence(_claims_matched_by(run)),
    ]


def _claims_matched_by(run: Run) -> str:
    """How the run matched claims across outlets, with what the matching by meaning gets wrong."""
    from analysis.framing.claims import CLAIM_THRESHOLD, SEMANTIC_MAX_SENTENCES

    words = "A claim is carried where an outlet's sentence copies or rewords it with the same words"
    if not setting(run, "claim_meaning", False):
        return words + " (the run did not match claims by meaning)."
    return (
        f"{words}, or, in a run of at most {SEMANTIC_MAX_SENTENCES:,} body sentences, says the same thing "
        f"in other words (a sentence encoder, cosine at least {CLAIM_THRESHOLD}: marked 'in other words'). "
        "On two hand-judged samples 31% and 55% of the matches in other words were not the same claim: "
        "read those cells as 'perhaps carried'."
    )


def omission_evidence(run: Run, scope: Scope, *, top: int = 30, rows: int = 30) -> Items:
    """Where the outlets that carry an item carry it: the sentence, the item marked."""
    off = framing_off(run)
    if off:
        return [off]
    inf = (
        informative_omissions(shown_omission(run, scope, select=_informative(scope, top)), top=top)
        if len(scope.outlets) > 1
        else pd.DataFrame()
    )
    present = inf[inf["present"].astype(bool) & (inf["sent_id"] >= 0)].head(rows) if len(inf) else inf
    if len(present) == 0:
        return [sentence("No evidence sentence to show.")]
    keys = present[["doc_id", "sent_id"]]
    docs = read(run, "docs", columns=["doc_id", "outlet"], filters=[("doc_id", "in", sorted(set(keys["doc_id"])))])
    ev = span_evidence(present, sentences_of(run, keys), docs, keep=["kind", "label"])
    return [
        cut_table(
            run,
            ev.drop(columns=["doc_id", "sent_id"]),
            "omission",
            rows=rows,
            total=len(ev),
            html_columns=["html"],
            what="evidence sentences",
        )
    ]

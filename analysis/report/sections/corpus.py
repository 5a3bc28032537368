"""Notebook 01 (corpus): what is in the run, what cleaning removed, how prominent each actor is,
and the mentions behind the numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.report import charts
from analysis.report.access import Run, actor_ids, count_by, doc_outlets, n_rows, read, sentences_of, setting
from analysis.report.display import Html, plural, sentence
from analysis.report.findings import salience_headline
from analysis.report.html import restriction_note
from analysis.report.readouts import span_evidence
from analysis.report.scope import Scope, actors_note, rest_note
from analysis.report.sections.common import Items, cut_table, evidence_note, in_scope, outlet_table, per_group, save

__all__ = [
    "documents",
    "failed",
    "mention_evidence",
    "mention_kinds",
    "outlets",
    "overview",
    "reason_kind",
    "removed_counts",
    "removed_lines",
    "salience_chart",
    "salience_table",
    "skipped",
]


def overview(run: Run, scope: Scope) -> Items:
    """How many articles were analysed, skipped and failed, and the actors followed."""
    source = setting(run, "actors_file") or "the preset"
    items: Items = [
        sentence(
            f"**{plural(scope.n_docs, 'document')}** from {plural(scope.n_outlets, 'outlet')} analysed, "
            f"**{n_rows(run, 'skipped'):,}** skipped, **{n_rows(run, 'failed'):,}** failed; "
            f"actors: {', '.join(actor_ids(run)) or 'none'} "
            f"(from `{Path(str(source)).name}`)."
        )
    ]
    restricted = restriction_note(setting(run, "selection") or {}).strip()
    note = actors_note(scope)
    return items + [sentence(n) for n in (restricted, note) if n]


def outlets(run: Run, scope: Scope, *, rows: int | None = 20) -> Html:
    """Articles per outlet (most first) with the kind of outlet from the manifest."""
    kinds = (
        read(run, "docs", columns=["outlet", "outlet_kind"])
        .drop_duplicates("outlet")
        .set_index("outlet")["outlet_kind"]
    )
    frame = pd.DataFrame(
        {
            "outlet": scope.articles.index,
            "outlet_kind": scope.articles.index.map(kinds),
            "articles": scope.articles.to_numpy(),
        }
    )
    return cut_table(run, frame, "docs", rows=rows, total=len(frame), what="outlets", empty="No article was analysed.")


def documents(run: Run, *, rows: int = 10) -> Html:
    """The first ``rows`` articles (corpus order) with the size of their kept text."""
    ids = list(doc_outlets(run)["doc_id"].head(rows))
    docs = read(
        run, "docs", columns=["doc_id", "outlet", "outlet_kind", "date", "title"], filters=[("doc_id", "in", ids)]
    )
    sents = read(
        run, "sentences", columns=["doc_id", "sent_id", "n_words", "is_quote"], filters=[("doc_id", "in", ids)]
    )
    sizes = (
        sents.groupby("doc_id").agg(
            sentences=("sent_id", "size"), words=("n_words", "sum"), quoted_sentences=("is_quote", "sum")
        )
        if len(sents)
        else None
    )
    if sizes is not None:
        docs = docs.join(sizes, on="doc_id")
    return cut_table(run, docs, "docs", rows=rows, what="articles", empty="No article was analysed.")


def skipped(run: Run, *, rows: int = 10) -> Html:
    """Inputs that were not analysed, with the reason (nothing is dropped silently)."""
    frame = read(run, "skipped").head(rows)
    return cut_table(run, frame, "skipped", rows=rows, what="skipped inputs", empty="No input was skipped.")


def failed(run: Run, *, rows: int = 10) -> Html:
    """Articles whose analysis raised an error, with the stage and the error."""
    frame = read(run, "failed").head(rows)
    return cut_table(run, frame, "failed", rows=rows, what="failed articles", empty="No article failed.")


def removed_counts(run: Run, scope: Scope) -> Html:
    """Lines removed by cleaning, per shown outlet and reason."""
    counts = count_by(run, "removed", ["outlet", "reason"])
    counts = counts[counts["outlet"].isin(scope.outlets)]
    if len(counts) == 0:
        return sentence("Cleaning removed no line from the articles of the outlets shown.")
    counts = counts.assign(reason=counts["reason"].map(reason_kind))
    grid = counts.pivot_table(index="outlet", columns="reason", values="n", aggfunc="sum", fill_value=0)
    grid = grid.reindex([o for o in scope.outlets if o in grid.index])
    return cut_table(run, grid.reset_index(), "removed", rows=None, total=len(grid), what="outlets")


def reason_kind(reason: str) -> str:
    """A removal reason without its line-specific detail: "repeated line (copy of line 4)" ->
    "repeated line" (so that the counts have one column per kind of reason)."""
    return re.sub(r"\s*\([^)]*\d[^)]*\)\s*$", "", str(reason)) or str(reason)


def removed_lines(run: Run, scope: Scope, *, rows: int = 10) -> Items:
    """Examples of removed lines, from the evidence articles."""
    lines = read(
        run,
        "removed",
        columns=["doc_id", "line_no", "reason", "text"],
        filters=[("doc_id", "in", list(scope.evidence_docs))],
    )
    if len(lines) == 0:
        return [sentence("No removed line to show.")]
    lines = lines.merge(outlet_table(run, scope), on="doc_id")[["outlet", "line_no", "reason", "text"]]
    lines = lines.rename(columns={"text": "removed line"})
    return [cut_table(run, lines, "removed", rows=rows, total=n_rows(run, "removed"), what="removed lines")]


def mention_kinds(run: Run, scope: Scope) -> Html:
    """Mentions per shown outlet × actor and kind (name, adjective, metonym, …), audit kinds included."""
    counts = count_by(run, "mentions", ["outlet", "actor", "kind"])
    counts = counts[counts["outlet"].isin(scope.outlets)]
    if len(counts) == 0:
        return sentence("No actor of the actor file is mentioned in the articles of the outlets shown.")
    grid = counts.pivot_table(index=["outlet", "actor"], columns="kind", values="n", aggfunc="sum", fill_value=0)
    return cut_table(run, grid.reset_index(), "mentions", rows=None, total=len(grid), what="outlet × actor rows")


def salience_chart(run: Run, scope: Scope, *, figures: str | Path | None = None) -> Items:
    """Mentions per 1,000 words and share of sentences, per actor and outlet (shown ones)."""
    sal = in_scope(read(run, "salience_outlet"), scope)
    if len(sal) == 0 or not scope.actors:
        return [sentence("No actor is mentioned in the articles of the outlets shown, so there is nothing to chart.")]
    fig, axes = charts.subplots(1, 2, figsize=(11, 0.3 * max(6, len(sal)) + 1.6), sharey=True)
    colors = charts.outlet_colors(scope.outlets)
    charts.salience_bars(sal, ax=axes[0], colors=colors, title="Mentions per 1,000 words", legend=False)
    charts.salience_bars(
        sal.assign(pct=100 * sal["share_sentences"]),
        value="pct",
        ax=axes[1],
        colors=colors,
        xlabel="% of sentences naming the actor",
        title="Share of sentences",
    )
    fig.suptitle(salience_headline(sal), x=0.01, ha="left", fontweight="bold")
    charts.caption(
        axes[0],
        f"Source: salience_outlet table; {int(sal['n_docs'].groupby(sal['outlet']).first().sum()):,} "
        f"articles, {int(sal['n_mentions'].sum()):,} counted mentions.",
    )
    fig.tight_layout(rect=(0, 0.04, 1, 0.95))
    note = rest_note(scope)
    return [save(fig, "salience", figures)] + ([sentence(note, cls="fx-note")] if note else [])


def salience_table(run: Run, scope: Scope, *, rows: int | None = 40) -> Html:
    """The salience_outlet rows of the shown outlets and actors."""
    cols = [
        "outlet",
        "actor",
        "n_docs",
        "n_mentions",
        "n_words",
        "mentions_per_1k_words",
        "share_sentences",
        "headline_share",
        "mean_first_mention_word_share",
    ]
    sal = in_scope(read(run, "salience_outlet", columns=cols), scope)
    return cut_table(run, sal, "salience_outlet", rows=rows, empty="No salience rows for the outlets shown.")


def mention_evidence(run: Run, scope: Scope, *, per_group: int = 3, rows: int = 40) -> Items:
    """Counted mentions in their sentences, a few per shown outlet × actor, from the evidence
    articles only."""
    ments = read(
        run,
        "mentions",
        columns=["doc_id", "sent_id", "actor", "kind", "surface", "start", "end", "in_quote", "counted"],
        filters=[("doc_id", "in", list(scope.evidence_docs))],
    )
    ments = ments[ments["counted"].astype(bool) & ments["actor"].isin(scope.actors)]
    if len(ments) == 0:
        return [sentence("No counted mention to show.")]
    ments = ments.merge(outlet_table(run, scope), on="doc_id")
    picked = _per(ments, per_group)
    sents = sentences_of(run, picked[["doc_id", "sent_id"]])
    ev = span_evidence(
        picked.drop(columns=["outlet"]), sents, outlet_table(run, scope), keep=["actor", "kind", "surface", "in_quote"]
    )
    return [
        cut_table(
            run,
            ev.drop(columns=["doc_id", "sent_id"]),
            "mentions",
            rows=rows,
            total=len(ev),
            html_columns=["html"],
            what="example mentions",
        ),
        evidence_note(scope, run, "mentions"),
    ]


def _per(ments: pd.DataFrame, n: int) -> pd.DataFrame:
    order = {o: k for k, o in enumerate(sorted(set(ments["outlet"])))}
    ments = ments.assign(_o=ments["outlet"].map(order)).sort_values(["actor", "_o", "doc_id", "start"], kind="stable")
    return per_group(ments.drop(columns=["_o"]), ["actor", "outlet"], n)

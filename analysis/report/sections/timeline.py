"""The summary report's section over time: what changed, and when (the timeline table), as small
multiples per actor with one line per outlet, and the changes the data support."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.compare.timeline import MIN_ARTICLES, period_of, undated_count
from analysis.report import charts
from analysis.report.access import Run, read, sentences_of, setting
from analysis.report.display import bullets, sentence
from analysis.report.readouts import span_evidence
from analysis.report.scope import Scope
from analysis.report.sections.common import Items, cut_table, in_scope, save

__all__ = [
    "changes",
    "evidence_rows",
    "timeline_chart",
    "timeline_evidence",
    "timeline_lines",
    "timeline_table",
    "what_changed",
]

_KIND_WORD = {"day": "day", "week": "week", "month": "month"}


def _timeline(run: Run, scope: Scope) -> pd.DataFrame:
    if "timeline" not in run:
        return pd.DataFrame()
    t = in_scope(read(run, "timeline"), scope)
    return t.sort_values(["actor", "outlet", "period_start"], kind="stable").reset_index(drop=True) if len(t) else t


def _point(r: pd.Series) -> str:
    """A period's stance with its interval and article count, for a sentence."""
    return (
        f"{r['stance_mean']:+.2f} [{r['stance_ci_low']:+.2f}, {r['stance_ci_high']:+.2f}] in {r['period']} "
        f"({int(r['stance_n_articles'])} articles)"
    )


def what_changed(t: pd.DataFrame) -> list[str]:
    """Sentences on the timeline that the data support: per outlet × actor, the first and the last
    period whose stance rests on at least 5 articles, said to differ only when their 95% intervals
    do not overlap; where no such pair exists, that it cannot be told. Also when each actor was
    most prominent, among the outlet-periods of at least 5 articles."""
    if len(t) == 0:
        return ["No dated article: the corpus gives no date axis (docs.date must be YYYY-MM-DD)."]
    kind = str(t["period_kind"].iloc[0])
    periods = t["period"].nunique()
    if periods < 2:
        return [f"Every dated article falls in one {kind} ({t['period'].iloc[0]}): no change over time can be told."]
    out = []
    for actor, g in t.groupby("actor", sort=True):
        out.append(_peak(g, str(actor), kind))
        moved = [
            f"{outlet}'s own voice on {actor} became {way}: {_point(a)}, {_point(b)}."
            for outlet, _, a, b, way in changes(g)
        ]
        if moved:
            out.extend(moved)
        else:
            enough = int((~g["thin"]).sum())
            out.append(
                f"No outlet's stance toward {actor} changed beyond its 95% intervals between its first and last "
                f"{kind} with 5 or more articles ({enough} of {len(g)} outlet-{kind}s have that many): "
                "the data cannot tell a change."
            )
    return out


def _peak(g: pd.DataFrame, actor: str, kind: str) -> str:
    """When and where ``actor`` was most prominent, among the outlet-periods of at least
    :data:`MIN_ARTICLES` articles (one article's density says nothing of an outlet's month)."""
    solid = g[g["n_articles"] >= MIN_ARTICLES]
    if len(solid) == 0 or solid["mentions_per_1k_words"].isna().all():
        return (
            f"No outlet has {MIN_ARTICLES} or more articles in one {kind}: when {actor} was most prominent "
            "cannot be told."
        )
    peak = solid.loc[solid["mentions_per_1k_words"].idxmax()]
    return (
        f"{actor} was most prominent in {peak['outlet']} in {peak['period']} "
        f"({peak['mentions_per_1k_words']:.1f} mentions per 1,000 words, {int(peak['n_articles'])} articles; "
        f"outlet-{kind}s of {MIN_ARTICLES} or more articles)."
    )


def changes(t: pd.DataFrame) -> list[tuple[str, str, pd.Series, pd.Series, str]]:
    """(outlet, actor, first row, last row, "friendlier" / "more hostile") for every outlet × actor
    whose first and last periods with 5 or more articles have 95% intervals that do not overlap."""
    out: list[tuple[str, str, pd.Series, pd.Series, str]] = []
    if len(t) == 0:
        return out
    for (actor, outlet), h in t[~t["thin"] & t["stance_ci_low"].notna()].groupby(["actor", "outlet"], sort=True):
        if len(h) < 2:
            continue
        a, b = h.iloc[0], h.iloc[-1]
        if a["stance_ci_high"] < b["stance_ci_low"] or b["stance_ci_high"] < a["stance_ci_low"]:
            out.append(
                (str(outlet), str(actor), a, b, "friendlier" if b["stance_mean"] > a["stance_mean"] else "more hostile")
            )
    return out


def evidence_rows(run: Run, scope: Scope, *, per_period: int = 2) -> pd.DataFrame:
    """The sentences behind each change :func:`what_changed` states (columns change, period,
    outlet, score, html): in the outlet's first and last period, its own-voice sentences about the
    actor (wire copy left out, as in the timeline) that pull the mean the way of the change (for
    "friendlier": the most negative of the first period, the most positive of the last),
    strongest first. Empty where no change is stated or the run has no stances."""
    cols = ["doc_id", "sent_id", "actor", "score", "voice", "mention_start", "mention_end"]
    t = _timeline(run, scope)
    moves = changes(t)
    if not moves or "stances" not in run:
        return pd.DataFrame(columns=["change", "period", "outlet", "score", "html"])
    docs = read(run, "docs", columns=["doc_id", "outlet", "date", "source_kind"])
    docs = docs[docs["outlet"].isin({m[0] for m in moves})]
    if not setting(run, "include_wire", False):  # as the timeline's stance: wire copy is not the outlet's voice
        docs = docs[docs["source_kind"].isna() | (docs["source_kind"] == "own")]
    docs = docs.assign(period=period_of(docs["date"], str(t["period_kind"].iloc[0]))[0].to_numpy())
    st = read(run, "stances", columns=cols, filters=[("doc_id", "in", sorted(docs["doc_id"]))])
    st = st[st["voice"] == "outlet"].merge(docs, on="doc_id")
    picked = []
    for outlet, actor, a, b, way in moves:
        up = way == "friendlier"
        for row, sign in ((a, -1 if up else 1), (b, 1 if up else -1)):
            g = st[(st["outlet"] == outlet) & (st["actor"] == actor) & (st["period"] == row["period"])]
            g = g[np.sign(g["score"]) == sign].sort_values("score", ascending=sign < 0, kind="stable")
            picked.append(g.head(per_period).assign(change=f"{outlet} on {actor}: {way}"))
    ev = pd.concat(picked, ignore_index=True)
    keep = ["change", "period", "score"]
    shown = span_evidence(ev, sentences_of(run, ev), docs, spans=(("mention_start", "mention_end"),), keep=keep)
    return shown[["change", "period", "outlet", "score", "html"]]


def timeline_evidence(run: Run, scope: Scope, *, per_period: int = 2, rows: int = 40) -> Items:
    """:func:`evidence_rows` as a table, or why there is none."""
    if not changes(_timeline(run, scope)):
        return [sentence("No change over time is stated above, so no sentence is listed for one.")]
    ev = evidence_rows(run, scope, per_period=per_period)
    if len(ev) == 0:
        return [sentence("No polar own-voice sentence to show for the changes stated above.")]
    return [cut_table(run, ev, "stances", rows=rows, total=len(ev), html_columns=["html"], what="sentences")]


def timeline_lines(run: Run, scope: Scope) -> Items:
    """The period, how many articles carry no date, and :func:`what_changed`."""
    t = _timeline(run, scope)
    undated = 0
    if "docs" in run:
        docs = read(run, "docs", columns=["doc_id", "outlet", "date"])
        undated = undated_count(docs[docs["outlet"].isin(scope.outlets)])
    lead = []
    if len(t):
        kind = str(t["period_kind"].iloc[0])
        lead.append(
            f"One point per {_KIND_WORD.get(kind, kind)}, {t['period'].nunique()} in all "
            f"({t['period_start'].min()} to {t['period_start'].max()})."
        )
    if undated:
        lead.append(f"{undated:,} articles of the charted outlets have no usable date and are in no period.")
    items: Items = [sentence(" ".join(lead))] if lead else []
    return items + [bullets(what_changed(t))]


def timeline_chart(run: Run, scope: Scope, *, figures: str | Path | None = None) -> Items:
    """Small multiples, one row per actor: salience and own-voice stance over time, one line per
    outlet, the stance's 95% interval as a band; periods resting on fewer than 5 articles are
    hollow points, not hidden."""
    t = _timeline(run, scope)
    if len(t) == 0 or t["period"].nunique() < 2:
        return [sentence("No chart over time: the dated articles fall in fewer than two periods.")]
    actors = [a for a in scope.actors if a in set(t["actor"])]
    colors = charts.outlet_colors(scope.outlets)
    fig, axes = charts.subplots(len(actors), 2, figsize=(11, 2.6 * len(actors) + 0.6), squeeze=False, sharex=True)
    for row, actor in enumerate(actors):
        g = t[t["actor"] == actor]
        for outlet, h in g.groupby("outlet", sort=True):
            x = pd.to_datetime(h["period_start"])
            c = colors.get(str(outlet), "#777777")
            ax_s, ax_t = axes[row, 0], axes[row, 1]
            ax_s.plot(x, h["mentions_per_1k_words"], color=c, lw=1.4, label=str(outlet))
            y = h["stance_mean"].astype(float)
            ax_t.plot(x, y, color=c, lw=1.2, alpha=0.8)
            solid = ~h["thin"].to_numpy(dtype=bool)
            ax_t.scatter(x[solid], y[solid], color=c, s=16, zorder=3)
            ax_t.scatter(x[~solid], y[~solid], facecolors="white", edgecolors=c, s=16, zorder=3)
            band = solid & h["stance_ci_low"].notna().to_numpy()
            if band.any():
                lo = np.where(band, h["stance_ci_low"], np.nan)
                hi = np.where(band, h["stance_ci_high"], np.nan)
                ax_t.fill_between(x, lo, hi, color=c, alpha=0.15, lw=0)
        axes[row, 0].set_ylabel(f"{actor}\nper 1k words")
        axes[row, 1].set_ylabel("own-voice stance")
        axes[row, 1].axhline(0, color="#999999", lw=0.6)
    axes[0, 0].set_title("Prominence: mentions per 1,000 words")
    axes[0, 1].set_title("Lean: mean stance, 95% band (hollow: fewer than 5 articles)")
    axes[0, 0].legend(fontsize=7, loc="upper left", frameon=False)
    charts.caption(axes[-1, 0], "Source: timeline table (per outlet × actor × period).")
    for ax in axes[-1]:
        ax.tick_params(axis="x", labelrotation=30)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    # tight_layout leaves a tall figure's bottom margin far larger than its rotated dates need
    fig.subplots_adjust(bottom=min(fig.subplotpars.bottom, 0.9 / fig.get_size_inches()[1]))
    return [save(fig, "timeline", figures)]


def timeline_table(run: Run, scope: Scope, *, rows: int | None = 10) -> Items:
    """The timeline table for the charted outlets and actors."""
    t = _timeline(run, scope)
    cols = [
        "outlet",
        "actor",
        "period",
        "n_articles",
        "mentions_per_1k_words",
        "stance_mean",
        "stance_ci_low",
        "stance_ci_high",
        "stance_n_articles",
        "thin",
        "voice_share",
        "top_labels",
    ]
    frame = t[[c for c in cols if c in t]] if len(t) else t
    return [cut_table(run, frame, "timeline", rows=rows, what="outlet-periods", empty="No dated article.")]

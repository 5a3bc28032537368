"""Every chart of the suite: one style, one colour per outlet, saved as PNG and SVG.

Each drawing function takes a tidy table and an optional matplotlib Axes, applies the suite's
style and returns the Axes. :func:`save_figure` writes ``figures/NAME.png`` and ``.svg``
deterministically (no timestamps or random ids in the files).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = [
    "CLASS_COLORS",
    "OKABE_ITO",
    "STYLE",
    "caption",
    "class_shares",
    "outlet_colors",
    "salience_bars",
    "save_figure",
    "speaker_colors",
    "stacked_shares",
    "stance_intervals",
    "subplots",
    "use_style",
]

# Okabe & Ito (2008), colour-blind safe; black last.
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442", "#000000"]
STYLE: dict[str, object] = {
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "figure.figsize": (8.0, 4.5),
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "x",
    "axes.axisbelow": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "svg.hashsalt": "framing-suite",
    "svg.fonttype": "none",
}


def use_style() -> None:
    """Apply the suite's matplotlib style globally."""
    plt.rcParams.update(STYLE)  # type: ignore[arg-type]


def subplots(*args: Any, **kwargs: Any) -> tuple[Figure, Any]:
    """``plt.subplots`` after applying the suite's style (so the axes are created in it); the
    second item is one Axes or an array of them, as ``plt.subplots`` returns."""
    use_style()
    return plt.subplots(*args, **kwargs)


SPEAKER_PALETTE = ["#882255", "#DDCC77", "#332288", "#999933", "#44AA99", "#AA4499"]  # Tol muted, apart from Okabe-Ito


def speaker_colors(groups: Sequence[str]) -> dict[str, str]:
    """Colours for the sides speakers speak for, kept apart from the outlet colours: actors in
    sorted order take the palette, ``other`` is light grey and ``unknown`` lighter still."""
    named = sorted({g for g in groups if g not in ("other", "unknown")})
    out = {g: SPEAKER_PALETTE[k % len(SPEAKER_PALETTE)] for k, g in enumerate(named)}
    out.update({"other": "#BBBBBB", "unknown": "#E3E3E3"})
    return out


def outlet_colors(outlets: Sequence[str]) -> dict[str, str]:
    """A stable colour per outlet: outlets sorted by name take the palette in order.

    The same set of outlets always gets the same colours, in every chart of a run. Past eight
    outlets the palette repeats (a chart with that many outlets should facet instead).
    """
    names = sorted({str(o) for o in outlets})
    return {o: OKABE_ITO[i % len(OKABE_ITO)] for i, o in enumerate(names)}


def caption(ax: Axes, text: str) -> None:
    """A source line at the bottom left of the figure, in small grey type.

    Attach it to an axes of the bottom row: tight_layout counts it in that axes' extent."""
    ax.annotate(
        text,
        xy=(0, 0),
        xycoords="figure fraction",
        xytext=(6, 4),
        textcoords="offset points",
        fontsize=7.5,
        color="#555555",
        ha="left",
        va="bottom",
    )


def _actor_rows(
    ax: Axes, table: pd.DataFrame, colors: dict[str, str] | None
) -> tuple[list[str], list[str], dict[str, str], float]:
    """Set up one row per actor (first at the top) for charts with one mark per outlet in each row.

    Returns the actors, the outlets (sorted), their colours and the vertical step between outlets.
    """
    actors = list(dict.fromkeys(table["actor"]))
    outlets = sorted(table["outlet"].unique())
    ax.set_yticks(np.arange(len(actors)), actors)
    if not ax.yaxis_inverted():
        ax.invert_yaxis()
    return actors, outlets, colors or outlet_colors(outlets), 0.8 / max(1, len(outlets))


def _outlet_groups(
    table: pd.DataFrame, actors: list[str], outlets: list[str], step: float
) -> Iterator[tuple[str, pd.DataFrame, np.ndarray]]:
    """For each outlet: its rows indexed by actor (in actor order) and their y positions."""
    for j, outlet in enumerate(outlets):
        sub = table[table["outlet"] == outlet].set_index("actor").reindex(actors)
        yield outlet, sub, np.arange(len(actors)) + (j - (len(outlets) - 1) / 2) * step


def salience_bars(
    table: pd.DataFrame,
    *,
    value: str = "mentions_per_1k_words",
    ax: Axes | None = None,
    colors: dict[str, str] | None = None,
    xlabel: str = "mentions per 1,000 words",
    title: str | None = None,
    legend: bool = True,
) -> Axes:
    """Grouped horizontal bars: one group per actor, one bar per outlet (outlet_salience table)."""
    if ax is None:
        _, ax = subplots()
    if len(table) == 0:
        ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
        return ax
    actors, outlets, colors, height = _actor_rows(ax, table, colors)
    for outlet, sub, ys in _outlet_groups(table, actors, outlets, height):
        ax.barh(ys, sub[value].fillna(0).to_numpy(), height=height * 0.95, color=colors[outlet], label=outlet)
    ax.set_xlabel(xlabel)
    if title:
        ax.set_title(title)
    if legend:
        ax.legend(title="outlet", loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, title_fontsize=8)
    return ax


# Diverging, colour-blind safe: vermillion (negative), grey (neutral), blue (positive).
CLASS_COLORS = {"negative": "#D55E00", "neutral": "#BBBBBB", "positive": "#0072B2"}


def stance_intervals(
    table: pd.DataFrame,
    *,
    ax: Axes | None = None,
    colors: dict[str, str] | None = None,
    title: str | None = None,
    legend: bool = True,
) -> Axes:
    """Mean stance with its bootstrap interval, one row per actor × outlet (stance_outlet table).

    Each point is labelled with n (scored sentences) and, where the table has them, the articles
    they come from; a row without an interval (fewer than two articles) is drawn hollow. The zero
    line marks neutral.
    """
    if ax is None:
        _, ax = subplots()
    if len(table) == 0:
        ax.text(0.5, 0.5, "no scored sentences", ha="center", va="center", transform=ax.transAxes)
        return ax
    actors, outlets, colors, step = _actor_rows(ax, table, colors)
    for outlet, sub, ys in _outlet_groups(table, actors, outlets, step):
        for y, (_actor, rec) in zip(ys, sub.iterrows()):
            if pd.isna(rec["mean_score"]):
                continue
            has_ci = not pd.isna(rec["ci_low"])
            if has_ci:
                ax.hlines(y, rec["ci_low"], rec["ci_high"], color=colors[outlet], linewidth=2, alpha=0.8)
            ax.plot(
                rec["mean_score"],
                y,
                "o",
                color=colors[outlet],
                markerfacecolor=colors[outlet] if has_ci else "white",
                markersize=6,
            )
            ax.annotate(
                f"n={int(rec['n'])}" + (f", {int(rec['n_articles'])} art." if pd.notna(rec.get("n_articles")) else ""),
                (1.0, y),
                xycoords=("axes fraction", "data"),
                xytext=(2, 0),
                textcoords="offset points",
                fontsize=7,
                va="center",
                color="#555555",
            )
    ax.axvline(0, color="#888888", linewidth=0.8)
    ax.set_xlim(-1, 1)
    ax.set_xlabel("mean stance (P(positive) − P(negative)), 95% interval over articles")
    if title:
        ax.set_title(title)
    if legend:
        from matplotlib.lines import Line2D

        handles = [Line2D([], [], marker="o", linestyle="-", color=c, label=o) for o, c in sorted(colors.items())]
        ax.legend(
            handles=handles, title="outlet", loc="upper left", bbox_to_anchor=(1.08, 1.0), fontsize=8, title_fontsize=8
        )
    return ax


def stacked_shares(
    table: pd.DataFrame,
    *,
    rows: Sequence[str],
    stack: str,
    value: str,
    order: Sequence[str] | None = None,
    colors: dict[str, str] | None = None,
    n_col: str | None = None,
    ax: Axes | None = None,
    xlabel: str = "%",
    title: str | None = None,
) -> Axes:
    """One horizontal bar per combination of ``rows``, split into ``stack`` categories by their
    share of ``value`` (the shares are computed here, so counts can be passed)."""
    if ax is None:
        _, ax = subplots()
    if len(table) == 0:
        ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
        return ax
    wide = table.pivot_table(index=list(rows), columns=stack, values=value, aggfunc="sum", fill_value=0)
    cats = [c for c in (order or sorted(wide.columns)) if c in wide.columns]
    wide = wide.reindex(columns=cats, fill_value=0).sort_index()
    totals = wide.sum(axis=1).replace(0, np.nan)
    share = 100 * wide.div(totals, axis=0).fillna(0)
    palette = colors or {c: OKABE_ITO[k % len(OKABE_ITO)] for k, c in enumerate(cats)}
    labels = [" · ".join(map(str, k if isinstance(k, tuple) else (k,))) for k in wide.index]
    if n_col is not None:
        labels = [f"{lab}  (n={n:.0f})" for lab, n in zip(labels, wide.sum(axis=1))]
    left = np.zeros(len(wide))
    for c in cats:
        vals = share[c].to_numpy(dtype=float)
        ax.barh(np.arange(len(wide)), vals, left=left, color=palette.get(c, "#999999"), label=str(c), height=0.7)
        left += vals
    ax.set_yticks(np.arange(len(wide)), labels, fontsize=8)
    if not ax.yaxis_inverted():
        ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(xlabel)
    if title:
        ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return ax


def class_shares(table: pd.DataFrame, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Stacked shares of negative / neutral / positive sentences per outlet × actor (stance_outlet)."""
    if len(table) == 0:
        return stacked_shares(table, rows=["actor", "outlet"], stack="cls", value="n", ax=ax, title=title)
    long = table.melt(
        id_vars=["actor", "outlet", "n"],
        value_vars=[f"share_{c}" for c in CLASS_COLORS],
        var_name="cls",
        value_name="share",
    )
    long["cls"] = long["cls"].str.removeprefix("share_")
    long["count"] = long["share"] * long["n"]
    return stacked_shares(
        long,
        rows=["actor", "outlet"],
        stack="cls",
        value="count",
        order=list(CLASS_COLORS),
        colors=CLASS_COLORS,
        n_col="n",
        ax=ax,
        xlabel="% of scored sentences",
        title=title,
    )


def save_figure(fig: Figure, name: str, *, out_dir: str | Path = "figures") -> list[Path]:
    """Write a figure as PNG and SVG under out_dir, without timestamps; return the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"{name}.png", out / f"{name}.svg"]
    fig.savefig(paths[0], bbox_inches="tight", metadata={"Software": None})
    fig.savefig(paths[1], bbox_inches="tight", metadata={"Date": None, "Creator": None})
    return paths

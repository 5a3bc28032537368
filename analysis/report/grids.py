"""Matrix charts of the suite: dot grids (term × outlet, item × outlet), labelled heatmaps,
dendrograms and small multiples of distinctive terms, in the style of :mod:`analysis.report.charts`."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.report.charts import outlet_colors, subplots

__all__ = ["count_grid", "dendrogram", "distinctive_terms", "heatmap", "presence_grid"]


def count_grid(
    table: pd.DataFrame,
    *,
    row: str,
    col: str,
    value: str,
    rows: Sequence[str] | None = None,
    cols: Sequence[str] | None = None,
    colors: dict[str, str] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """A dot matrix of counts (e.g. label term × outlet): dot area ∝ count, the count printed
    beside it, each column in its outlet's colour; empty cells stay empty."""
    if ax is None:
        _, ax = subplots(figsize=(6, 5))
    if len(table) == 0:
        ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
        return ax
    mat = table.pivot_table(index=row, columns=col, values=value, aggfunc="sum", fill_value=0)
    mat = mat.reindex(
        index=list(rows) if rows is not None else mat.index,
        columns=list(cols) if cols is not None else sorted(mat.columns),
        fill_value=0,
    )
    colors = colors or outlet_colors(list(mat.columns))
    top = max(1.0, float(mat.to_numpy().max()))
    for j, c in enumerate(mat.columns):
        for i, v in enumerate(mat[c]):
            if v > 0:
                ax.scatter(j, i, s=40 + 360 * v / top, color=colors.get(c, "#555555"), alpha=0.85, linewidth=0)
                ax.text(j + 0.22, i, f"{int(v)}", va="center", fontsize=7)
    ax.set_yticks(range(len(mat)), [str(x) if len(str(x)) <= 30 else str(x)[:29] + "…" for x in mat.index], fontsize=8)
    ax.set_xticks(range(len(mat.columns)), list(mat.columns), rotation=35, ha="right", fontsize=8)
    ax.set_xlim(-0.6, len(mat.columns) - 0.2)
    ax.set_ylim(len(mat) - 0.5, -0.5)
    ax.grid(False)
    if title:
        ax.set_title(title)
    return ax


def presence_grid(
    omission: pd.DataFrame,
    *,
    ax: Axes | None = None,
    outlets: Sequence[str] | None = None,
    colors: dict[str, str] | None = None,
    title: str | None = None,
) -> Axes:
    """Items (rows) × outlets (columns) of the omission table: a filled square where the outlet
    carries the item, an empty one where it leaves it out."""
    if ax is None:
        _, ax = subplots(figsize=(7, 6))
    if len(omission) == 0:
        ax.text(0.5, 0.5, "no items", ha="center", va="center", transform=ax.transAxes)
        return ax
    grid = omission.pivot_table(index="label", columns="outlet", values="present", aggfunc="any", sort=False)
    cols = list(outlets) if outlets is not None else sorted(grid.columns)
    grid = grid.reindex(columns=cols).fillna(False).astype(bool)
    colors = colors or outlet_colors(cols)
    for j, o in enumerate(cols):
        for i, present in enumerate(grid[o]):
            ax.scatter(
                j,
                i,
                s=70,
                marker="s",
                facecolor=colors[o] if present else "white",
                edgecolor=colors[o] if present else "#999999",
                linewidth=1,
            )
    wrap = [lab if len(lab) <= 48 else lab[:45] + "…" for lab in grid.index]
    ax.set_yticks(range(len(grid)), wrap, fontsize=8)
    ax.set_xticks(range(len(cols)), cols, rotation=35, ha="right", fontsize=8)
    ax.set_xlim(-0.6, len(cols) - 0.4)
    ax.set_ylim(len(grid) - 0.5, -0.5)
    ax.grid(False)
    if title:
        ax.set_title(title)
    return ax


def heatmap(
    table: pd.DataFrame,
    *,
    row: str,
    col: str,
    value: str,
    order: Sequence[str] | None = None,
    ax: Axes | None = None,
    fmt: str = "{:.2f}",
    cmap: str = "Blues",
    vmin: float = 0.0,
    vmax: float | None = None,
    colorbar_label: str = "",
    title: str | None = None,
    fill_value: float | None = None,
) -> Axes:
    """A labelled matrix from a long table (e.g. similarity: outlet_a × outlet_b → cosine).

    Off-diagonal cells with no row in the table take ``fill_value`` (None leaves them blank, as
    the diagonal always is); every cell shows its number.
    """
    if ax is None:
        _, ax = subplots(figsize=(6.5, 5.5))
    if len(table) == 0:
        ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
        return ax
    mat = table.pivot_table(index=row, columns=col, values=value, aggfunc="mean")
    labels = list(order) if order is not None else sorted(set(mat.index) | set(mat.columns))
    mat = mat.reindex(index=labels, columns=labels)
    data = mat.to_numpy(dtype=float, copy=True)
    if fill_value is not None:
        data[np.isnan(data)] = fill_value
    if fill_value is not None:
        np.fill_diagonal(data, np.nan)
    im = ax.imshow(np.ma.masked_invalid(data), cmap=cmap, vmin=vmin, vmax=vmax if vmax is not None else np.nanmax(data))
    ax.set_xticks(range(len(labels)), labels, rotation=35, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.grid(False)
    top = np.nanmax(data) if np.isfinite(data).any() else 1.0
    for i in range(len(labels)):
        for j in range(len(labels)):
            if np.isfinite(data[i, j]):
                ax.text(
                    j,
                    i,
                    fmt.format(data[i, j]),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if data[i, j] > 0.6 * top else "black",
                )
    cb = ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    cb.set_label(colorbar_label)
    if title:
        ax.set_title(title)
    return ax


def dendrogram(
    linkage_matrix: np.ndarray,
    labels: Sequence[str],
    *,
    ax: Axes | None = None,
    colors: dict[str, str] | None = None,
    title: str | None = None,
) -> Axes:
    """Hierarchical clustering of outlets (scipy dendrogram), leaves coloured by outlet."""
    from scipy.cluster.hierarchy import dendrogram as _dendrogram

    if ax is None:
        _, ax = subplots(figsize=(7, 3.5))
    if len(labels) < 2:
        ax.text(0.5, 0.5, "fewer than two documents", ha="center", va="center", transform=ax.transAxes)
        return ax
    _dendrogram(
        linkage_matrix,
        labels=list(labels),
        orientation="right",
        ax=ax,
        color_threshold=0,
        above_threshold_color="#555555",
    )
    if colors:
        for tick in ax.get_yticklabels():
            tick.set_color(colors.get(tick.get_text(), "black"))
    ax.set_xlabel("distance (1 − cosine of TF-IDF vectors), average linkage")
    ax.grid(False)
    if title:
        ax.set_title(title)
    return ax


def distinctive_terms(
    table: pd.DataFrame, *, n: int = 8, colors: dict[str, str] | None = None, ncols: int = 3, title: str | None = None
) -> Figure:
    """One small panel per group: its n highest-z terms (Fightin' Words table), bars coloured by outlet."""
    groups = sorted(table["group"].unique()) if len(table) else []
    colors = colors or outlet_colors(groups)
    nrows = max(1, int(np.ceil(len(groups) / ncols)))
    fig, axes = subplots(nrows, ncols, figsize=(4.2 * ncols, 0.28 * n * nrows + 1.4 * nrows), squeeze=False)
    for ax in axes.flat[len(groups) :]:
        ax.set_visible(False)
    for ax, g in zip(axes.flat, groups):
        top = table[table["group"] == g].nlargest(n, "z")
        ax.barh(np.arange(len(top)), top["z"], color=colors.get(g, "#555555"))
        ax.set_yticks(np.arange(len(top)), top["term"], fontsize=8)
        ax.invert_yaxis()
        ax.axvline(1.96, color="#888888", linestyle=":", linewidth=0.8)
        ax.set_title(g, fontsize=9)
        ax.set_xlabel("z (log-odds, informative prior)", fontsize=8)
    if title:
        fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    return fig

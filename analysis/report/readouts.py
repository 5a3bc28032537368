"""Summaries of the framing tables for reading: evidence sentences, top labels, verbs, omissions."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.stance.evidence import highlight

__all__ = ["informative_omissions", "label_grid", "span_evidence", "top_terms", "verb_summary"]


def span_evidence(
    rows: pd.DataFrame,
    sentences: pd.DataFrame,
    docs: pd.DataFrame,
    *,
    spans: Sequence[tuple[str, str]] = (("start", "end"),),
    keep: Sequence[str] = (),
) -> pd.DataFrame:
    """Each row's sentence with its spans marked (HTML-escaped, ``<mark>``), plus its outlet.

    ``spans`` names the (start, end) column pairs to mark (offsets into the document); a span
    outside the row's sentence (an attribution in the next sentence) is not marked.
    """
    cols = ["outlet", "doc_id", "sent_id", *keep, "html"]
    if len(rows) == 0:
        return pd.DataFrame(columns=cols)
    t = (
        rows.drop(columns=["outlet"], errors="ignore")
        .merge(docs[["doc_id", "outlet"]], on="doc_id")
        .merge(
            sentences[["doc_id", "sent_id", "start", "end", "text"]].rename(
                columns={"start": "s_start", "end": "s_end", "text": "s_text"}
            ),
            on=["doc_id", "sent_id"],
        )
    )
    out = []
    for r in t.to_dict("records"):
        marks = [
            (int(r[a]) - r["s_start"], int(r[b]) - r["s_start"])
            for a, b in spans
            if int(r[a]) >= r["s_start"] and int(r[b]) <= r["s_end"]
        ]
        out.append({**{c: r[c] for c in cols[:-1]}, "html": highlight(r["s_text"], marks)})
    return pd.DataFrame(out, columns=cols)


def top_terms(label_counts: pd.DataFrame, *, n: int = 5) -> pd.DataFrame:
    """Outlet × actor grid of each cell's ``n`` most frequent descriptor terms, "term (count)"."""
    if len(label_counts) == 0:
        return pd.DataFrame()
    t = label_counts.groupby(["outlet", "actor", "term"], as_index=False)["n"].sum()
    t = t.sort_values(["outlet", "actor", "n", "term"], ascending=[True, True, False, True])
    cell = (
        t.groupby(["outlet", "actor"])
        .head(n)
        .groupby(["outlet", "actor"])
        .apply(lambda g: ", ".join(f"{term} ({k})" for term, k in zip(g["term"], g["n"])), include_groups=False)
    )
    return cell.unstack("actor").fillna("")


def label_grid(label_counts: pd.DataFrame, actor: str, *, n: int = 12) -> tuple[pd.DataFrame, list[str]]:
    """The actor's label counts per term × outlet, kept to its ``n`` commonest terms, and those
    terms in order (for :func:`analysis.report.grids.count_grid`)."""
    sub = label_counts[label_counts["actor"] == actor].groupby(["term", "outlet"], as_index=False)["n"].sum()
    order = list(sub.groupby("term")["n"].sum().sort_values(ascending=False, kind="stable").head(n).index)
    return sub[sub["term"].isin(order)], order


def verb_summary(role_verbs: pd.DataFrame, *, n: int = 4) -> pd.DataFrame:
    """Per actor × outlet: the ``n`` commonest verbs the actor does, and those done to it."""
    cols = ["actor", "outlet", "does", "is done to it"]
    if len(role_verbs) == 0:
        return pd.DataFrame(columns=cols)
    rows = []
    for (actor, outlet), g in role_verbs.groupby(["actor", "outlet"], sort=True):
        fmt = lambda part: ", ".join(f"{v} ({k})" for v, k in zip(part["verb"].head(n), part["n"].head(n)))  # noqa: E731
        rows.append(
            {
                "actor": actor,
                "outlet": outlet,
                "does": fmt(g[g["role"] == "agent"]),
                "is done to it": fmt(g[g["role"] == "patient"]),
            }
        )
    return pd.DataFrame(rows, columns=cols)


def informative_omissions(
    omission: pd.DataFrame,
    *,
    kinds: Sequence[str] = ("entity", "number", "date"),
    top: int = 30,
    n_outlets: int | None = None,
) -> pd.DataFrame:
    """Rows of the omission table for items some outlets carry and others leave out (present in
    fewer than all ``n_outlets`` outlets compared; default: the outlets in the table), most
    widely carried first, at most ``top`` items."""
    if len(omission) == 0:
        return omission
    if n_outlets is None:
        n_outlets = omission["outlet"].nunique()
    t = omission[omission["kind"].isin(kinds) & (omission["n_outlets"] < n_outlets)]
    items = (
        t.drop_duplicates("item_id")
        .sort_values(["n_outlets", "kind", "label"], ascending=[False, True, True])
        .head(top)["item_id"]
    )
    t = t[t["item_id"].isin(items)]
    return t.set_index("item_id").loc[list(items)].reset_index()

"""The articles table: one row per article × actor it names (one row with an empty actor for an
article that names none, so that no article goes missing), with the article-level measures beside
the article's outlet, date, title and URL. What the per-article export
(:mod:`analysis.report.export`) writes as CSV and Excel."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import pandas as pd

from analysis.framing.labels import top_label_terms
from analysis.tables.registry import columns

__all__ = ["ARTICLE_COLUMNS", "TableLookup", "article_table"]

ARTICLE_COLUMNS = columns("articles")


class TableLookup(Protocol):
    """Anything with ``get(name)``: a dict of tables, a run's Tables or RunTables."""

    def get(self, name: str) -> pd.DataFrame | None: ...


def _get(run: Mapping[str, pd.DataFrame] | TableLookup, name: str) -> pd.DataFrame | None:
    t = run.get(name)
    return t if t is not None and len(t) else None


def article_table(run: Mapping[str, pd.DataFrame] | TableLookup) -> pd.DataFrame:
    """The articles table of a run (see the data dictionary): every analysed article, one row per
    actor it names, or one row with an empty actor when it names none, so no article goes missing."""
    docs = _get(run, "docs")
    if docs is None:
        return pd.DataFrame(columns=ARTICLE_COLUMNS)
    base = docs[[c for c in ("doc_id", "outlet", "date", "title", "url", "source_kind") if c in docs]].copy()
    for c in ("date", "title", "url", "source_kind"):
        if c not in base:
            base[c] = ""
    sal = _get(run, "salience_doc")
    rows = pd.DataFrame(columns=["doc_id", "actor", "n_mentions", "mentions_per_1k_words", "in_headline"])
    if sal is not None:
        rows = sal.loc[sal["n_mentions"] > 0, ["doc_id", "actor", "n_mentions", "mentions_per_1k_words", "in_headline"]]
    art = _get(run, "stance_article")
    if art is not None:
        rows = rows.merge(
            art[["doc_id", "actor", "article_label", "article_score"]], on=["doc_id", "actor"], how="left"
        )
    sd = _get(run, "stance_doc")
    if sd is not None:
        own = sd.loc[sd["voice"] == "outlet", ["doc_id", "actor", "mean_score", "n"]]
        own = own.rename(columns={"mean_score": "own_voice_mean", "n": "own_voice_n"})
        rows = rows.merge(own, on=["doc_id", "actor"], how="left")
    quotes = _get(run, "quotes")
    if quotes is not None:
        q = quotes[quotes["kind"].isin(["direct", "partial"])]
        q = q.groupby(["doc_id", "speaker_actor"])["n_words"].sum().rename("quoted_words").reset_index()
        rows = rows.merge(q.rename(columns={"speaker_actor": "actor"}), on=["doc_id", "actor"], how="left")
        rows["quoted_words"] = rows["quoted_words"].fillna(0).astype(int)
    labels = _get(run, "labels")
    if labels is not None:
        top = top_label_terms(labels, ["doc_id", "actor"])
        rows = rows.merge(top.rename("top_labels").reset_index(), on=["doc_id", "actor"], how="left")
    out = base.merge(rows, on="doc_id", how="left")
    out["actor"] = out["actor"].fillna("")
    order = pd.Series(range(len(base)), index=base["doc_id"])
    out = out.assign(_pos=out["doc_id"].map(order)).sort_values(["_pos", "actor"], kind="stable")
    for c in ARTICLE_COLUMNS:
        if c not in out:
            out[c] = pd.NA
    return out[ARTICLE_COLUMNS].reset_index(drop=True)

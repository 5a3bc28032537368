"""Framing at a glance: one row per outlet × actor joining the suite's headline measures."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import pandas as pd

from analysis.stance.aggregate import STANCE_RENAME

__all__ = ["SUMMARY_COLUMNS", "outlet_actor_summary"]

SUMMARY_COLUMNS = [
    "outlet",
    "actor",
    "mentions_per_1k_words",
    "share_sentences",
    "in_headline",
    "stance_n",
    "stance_n_articles",
    "stance_mean",
    "stance_ci_low",
    "stance_ci_high",
    "top_labels",
    "label_nouns",
    "voice_share",
    "agent_share",
    "outlet_copied_share",
    "wire_share",
    "story_n",
    "story_deviation",
    "story_ci_low",
    "story_ci_high",
]


class _TableLookup(Protocol):
    def get(self, name: str) -> pd.DataFrame | None: ...


def outlet_actor_summary(run: Mapping[str, pd.DataFrame] | _TableLookup, *, n_labels: int = 3) -> pd.DataFrame:
    """One row per outlet × actor: salience, stance (the outlet's own voice, wire copy left out)
    with its 95% interval, the
    commonest labels of at most three words, the share of the outlet's quoted words spoken for the actor, the share of
    the actor's mentions that are agents, and the share of the outlet's words copied (reuse).

    ``run`` is anything with ``get(name)``: a dict of tables, a run's Tables or RunTables.
    Missing parts (stance or framing switched off) stay empty.
    """
    t = run
    sal = t.get("salience_outlet")
    if sal is None or len(sal) == 0:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    out = (
        sal[["outlet", "actor", "mentions_per_1k_words", "share_sentences", "headline_share"]]
        .rename(columns={"headline_share": "in_headline"})
        .copy()
    )
    st = t.get("stance_outlet")
    if st is not None and len(st):
        cols = ["outlet", "actor", "n", "n_articles", "mean_score", "ci_low", "ci_high"]
        s = st[st["voice"] == "outlet"][[c for c in cols if c in st]].rename(columns=STANCE_RENAME)
        out = out.merge(s, on=["outlet", "actor"], how="left")
    lc = t.get("label_counts")
    if lc is not None and len(lc):
        short = lc[lc["term"].str.split().str.len() <= 3]  # labels, not whole appositions
        g = (
            short.groupby(["outlet", "actor", "term"], as_index=False)["n"]
            .sum()
            .sort_values(["outlet", "actor", "n", "term"], ascending=[True, True, False, True])
        )
        top = g.groupby(["outlet", "actor"]).head(n_labels).groupby(["outlet", "actor"])["term"].agg(", ".join)
        out = out.merge(top.rename("top_labels").reset_index(), on=["outlet", "actor"], how="left")
        if "n_standalone" in lc:
            alone = lc[lc["kind"] == "evaluative"].groupby(["outlet", "actor"])["n_standalone"].sum()
            out = out.merge(alone.rename("label_nouns").reset_index(), on=["outlet", "actor"], how="left")
            out["label_nouns"] = out["label_nouns"].fillna(0).astype(int)
    voice = t.get("voice")
    if voice is not None and len(voice):
        v = voice[["outlet", "speaker_actor", "share_of_quoted"]].rename(
            columns={"speaker_actor": "actor", "share_of_quoted": "voice_share"}
        )
        out = out.merge(v, on=["outlet", "actor"], how="left")
        out["voice_share"] = out["voice_share"].fillna(0.0)
    rc = t.get("role_counts")
    if rc is not None and len(rc):
        a = rc[rc["role"] == "agent"][["outlet", "actor", "share"]].rename(columns={"share": "agent_share"})
        out = out.merge(a, on=["outlet", "actor"], how="left")
        out["agent_share"] = out["agent_share"].fillna(0.0)
    rs = t.get("reuse_summary")
    if rs is not None and len(rs):
        w = rs.assign(copied=rs["share_copied"] * rs["n_words"]).groupby("outlet")[["copied", "n_words"]].sum()
        out = out.merge(
            (w["copied"] / w["n_words"]).rename("outlet_copied_share").reset_index(), on="outlet", how="left"
        )
    ss = t.get("stance_story")
    if ss is not None and len(ss):
        w = ss[["outlet", "actor", "n_stories", "mean_deviation", "ci_low", "ci_high"]].rename(
            columns={
                "n_stories": "story_n",
                "mean_deviation": "story_deviation",
                "ci_low": "story_ci_low",
                "ci_high": "story_ci_high",
            }
        )
        out = out.merge(w, on=["outlet", "actor"], how="left")
    so = t.get("source_outlet")
    if so is not None and len(so):
        out = out.merge(so[["outlet", "wire_share"]], on="outlet", how="left")
    for c in SUMMARY_COLUMNS:
        if c not in out.columns:
            out[c] = pd.NA
    return out[SUMMARY_COLUMNS].sort_values(["actor", "outlet"]).reset_index(drop=True)

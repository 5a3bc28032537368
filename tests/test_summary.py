"""The outlet × actor summary joins the headline tables without losing or inventing rows."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.report.findings import key_findings
from analysis.run.summary import SUMMARY_COLUMNS, outlet_actor_summary
from analysis.tables.io import Tables


def test_summary_matches_its_source_tables(seed_run) -> None:
    s = outlet_actor_summary(seed_run)
    assert list(s.columns) == SUMMARY_COLUMNS
    sal = seed_run["salience_outlet"]
    assert len(s) == len(sal)  # one row per outlet × actor of the salience table
    row = s[(s["outlet"] == "Breitbart News") & (s["actor"] == "Russia")].iloc[0]
    st = seed_run["stance_outlet"]
    ref = st[(st["outlet"] == "Breitbart News") & (st["actor"] == "Russia") & (st["voice"] == "all")].iloc[0]
    assert row["stance_mean"] == pytest.approx(ref["mean_score"]) and row["stance_n"] == ref["n"]
    v = seed_run["voice"]
    ref_v = v[(v["outlet"] == "Breitbart News") & (v["speaker_actor"] == "Russia")]["share_of_quoted"]
    assert row["voice_share"] == pytest.approx(float(ref_v.iloc[0]) if len(ref_v) else 0.0)
    rs = seed_run["reuse_summary"]
    b = rs[rs["outlet"] == "Breitbart News"]
    assert row["outlet_copied_share"] == pytest.approx((b["share_copied"] * b["n_words"]).sum() / b["n_words"].sum())
    assert all(isinstance(line, str) and line for line in key_findings(s))


def test_summary_without_stance_or_framing(frame_run) -> None:
    s = outlet_actor_summary(frame_run)  # frame_run has no stance scorer
    assert s["stance_mean"].isna().all() and s["top_labels"].notna().any()


def test_empty_summary() -> None:
    from analysis.ingest.actors import load_actors

    empty = Tables(tables={"salience_outlet": pd.DataFrame(columns=["outlet", "actor"])}, actors=load_actors())
    assert len(outlet_actor_summary(empty)) == 0
    assert key_findings(pd.DataFrame(columns=SUMMARY_COLUMNS)) == ["No actor is mentioned in this corpus."]

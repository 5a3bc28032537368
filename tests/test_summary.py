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
    ref = st[(st["outlet"] == "Breitbart News") & (st["actor"] == "Russia") & (st["voice"] == "outlet")].iloc[0]
    assert row["stance_mean"] == pytest.approx(ref["mean_score"]) and row["stance_n"] == ref["n"]  # own voice
    everything = st[(st["outlet"] == "Breitbart News") & (st["actor"] == "Russia") & (st["voice"] == "all")]
    assert int(everything["n"].iloc[0]) > row["stance_n"]  # quotations are not the outlet's lean
    so = seed_run["source_outlet"]
    assert row["wire_share"] == pytest.approx(float(so[so["outlet"] == "Breitbart News"]["wire_share"].iloc[0]))
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


def test_summary_lean_leaves_out_wire_copy() -> None:
    """An outlet's lean is its own reporting: a wire article's sentences do not move it."""
    from analysis.ingest.actors import load_actors
    from analysis.ingest.provenance import outlet_sources
    from analysis.stance.aggregate import aggregate_stances

    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "outlet": ["X", "X", "X"],
            "source_kind": ["own", "own", "wire"],
            "source_agency": ["", "", "AP"],
        }
    )
    stances = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "actor": "Turkey",
            "voice": "outlet",
            "score": [0.2, 0.4, -0.9],
            "label": ["neutral", "positive", "negative"],
            "method": "m",
        }
    )
    sal = pd.DataFrame(
        {
            "outlet": ["X"],
            "actor": ["Turkey"],
            "mentions_per_1k_words": [1.0],
            "share_sentences": [0.5],
            "headline_share": [0.0],
        }
    )
    tables = {
        "salience_outlet": sal,
        "stance_outlet": aggregate_stances(stances, docs, n_boot=50),
        "source_outlet": outlet_sources(docs),
    }
    s = outlet_actor_summary(Tables(tables=tables, actors=load_actors())).iloc[0]
    assert s["stance_mean"] == pytest.approx(0.3) and s["stance_n_articles"] == 2
    assert s["wire_share"] == pytest.approx(1 / 3)
    wide = aggregate_stances(stances, docs, n_boot=50, include_wire=True)
    assert wide[wide["voice"] == "outlet"]["mean_score"].iloc[0] == pytest.approx(-0.1)

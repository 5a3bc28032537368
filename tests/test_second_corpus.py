"""A second real corpus (tests/data/mueller, NewsMTSC articles on the Mueller investigation) with
its own actor file runs through every table and report: nothing is tied to Turkey and Russia."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.run.pipeline import run_pipeline

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "mueller"
ACTORS = ROOT / "tests" / "data" / "mueller_actors.toml"


def test_pipeline_on_the_second_corpus() -> None:
    run = run_pipeline(CORPUS, actors=ACTORS, scorer="fast")
    assert len(run["docs"]) == 11 and len(run["skipped"]) == 0
    assert set(run["docs"]["outlet"]) == {"AllSides sample", "POLUSA sample"}
    assert run.actors.ids == ["Trump", "Special counsel", "Democrats"]
    counted = run["mentions"][run["mentions"]["counted"]]
    assert {"Trump", "Special counsel", "Democrats"} <= set(counted["actor"])
    assert not {"Turkey", "Russia"} & set(run["salience_outlet"]["actor"])
    speakers = run["quotes"][run["quotes"]["speaker_actor"] == "Trump"]
    assert len(speakers) >= 1  # Trump's words are found and mapped through this actor file
    assert set(run["stances"]["actor"]) <= {"Trump", "Special counsel", "Democrats"}
    # every stage produced rows about this corpus, consistent with its 11 documents
    assert {"Trump", "Special counsel"} <= set(run["labels"]["actor"])
    assert {"agent", "patient"} & set(run["roles"]["role"])
    assert set(run["omission"]["outlet"]) == {"AllSides sample", "POLUSA sample"}
    assert (
        run["omission"].groupby("item_id")["present"].sum() == run["omission"].groupby("item_id")["n_outlets"].first()
    ).all()
    sim = run["similarity"]
    assert len(sim) == 11 * 10 and sim["cosine"].between(0, 1).all()
    assert sorted(sim.groupby("doc_a")["rank"].max().unique()) == [10]
    assert sorted(run["reuse_summary"]["doc_id"]) == sorted(run["docs"]["doc_id"])
    assert pd.api.types.is_float_dtype(run["reuse_summary"]["share_copied"])


def test_report_on_the_second_corpus_escapes_markup(second_report: Path) -> None:
    index = (second_report / "index.html").read_text(encoding="utf-8")
    assert "12 articles" in index
    reports = sorted(second_report.glob("[0-9][0-9]-*.html"))
    assert len(reports) == len(list((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")))
    shown = 0
    for path in reports:
        html = path.read_text(encoding="utf-8")
        assert "<script>window.__xss" not in html and "<img src=x" not in html  # only escaped copies
        shown += html.count("&lt;script&gt;window.__xss")
    assert shown >= 1, "the article's markup appears, as text, in at least one report"

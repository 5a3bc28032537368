"""Restricting a run to dates, outlets and topics (analysis/ingest/select.py), on the corpus
reader, the run and its report."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.config import ConfigError, RunConfig
from analysis.ingest.corpus import load_corpus
from analysis.ingest.select import Selection, SelectionError
from analysis.report.html import restriction_note

RESTRICT = "--since/--until restrict the dates"


@pytest.mark.parametrize(
    ("options", "row", "reason"),
    [
        ({}, {"date": "2016-01-03", "outlet": "A"}, None),  # no restriction: everything is in
        ({"since": "2016-02-01"}, {"date": "2016-01-03"}, "dated 2016-01-03, before --since 2016-02-01"),
        ({"since": "2016-02-01"}, {"date": "2016-02-01T23:10:00"}, None),  # the day itself is in
        ({"until": "2016-02-01"}, {"date": "2016-02-01T23:10:00"}, None),
        ({"until": "2016-02-01"}, {"date": "2016-02-02"}, "dated 2016-02-02, after --until 2016-02-01"),
        (
            {"since": "2016-02-01"},
            {"date": "unknown"},
            "no readable date (unknown); --since/--until restrict the dates",
        ),
        ({"since": "2016-02-01"}, {"date": "last Tuesday"}, "no readable date (last Tuesday); " + RESTRICT),
        ({"since": "2016-02-01"}, {}, "no readable date (none); " + RESTRICT),
        ({"outlets": "Fox News, CNN"}, {"outlet": " cnn "}, None),  # case and spaces do not matter
        ({"outlets": ["Fox News"]}, {"outlet": "CNN"}, "outlet CNN not among --outlets"),
        ({"outlets": ["Fox News"]}, {}, "outlet unknown not among --outlets"),
        ({"topics": "elections"}, {"topic": "Elections"}, None),
        ({"topics": "elections"}, {"topic": "sports"}, "topic sports not among --topics"),
        ({"topics": "elections"}, {"topic": ""}, "no topic; --topics asks for one"),
    ],
)
def test_reasons(options: dict, row: dict, reason: str | None) -> None:
    assert Selection.of(**options).reason(row) == reason


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"since": "2016-13-45"}, "--since: '2016-13-45' is not a date"),
        ({"until": "soon"}, "--until: 'soon' is not a date"),
        ({"since": "2016-03-01", "until": "2016-02-01"}, "--until 2016-02-01 is before --since 2016-03-01"),
    ],
)
def test_bad_restrictions(options: dict, message: str) -> None:
    with pytest.raises(SelectionError, match=message):
        Selection.of(**options)
    with pytest.raises(ConfigError, match=message):  # and the run's options say so before any work
        RunConfig.of("seeds", **options).check()


def test_active_and_describe() -> None:
    assert not Selection.of().active and not Selection.of(outlets=" , ").active  # empty lists restrict nothing
    sel = Selection.of(since="2016-02-01", outlets="CNN,Fox News", topics=["Elections"])
    assert sel.active
    assert sel.describe() == {
        "since": "2016-02-01",
        "until": None,
        "outlets": ["cnn", "fox news"],
        "topics": ["elections"],
    }


CSV = (
    "doc_id,outlet,date,topic,title,text\n"
    "a,CNN,2016-01-05,elections,One,Turkey spoke.\n"
    "b,CNN,2016-02-05,elections,Two,Russia spoke.\n"
    "c,Fox News,2016-02-06,economy,Three,Turkey answered.\n"
    "d,Fox News,,elections,Four,Russia answered.\n"
)


def test_the_reader_lists_every_article_left_out(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(CSV, encoding="utf-8")
    res = load_corpus(path, select=Selection.of(since="2016-02-01", topics="elections"))
    assert res.docs["doc_id"].tolist() == ["b"]
    assert res.skipped.set_index("item")["reason"].to_dict() == {
        "a": "dated 2016-01-05, before --since 2016-02-01",
        "c": "topic economy not among --topics",
        "d": "no readable date (none); " + RESTRICT,  # an empty date field
    }
    assert "topic" not in res.docs.columns  # read for the selection, not a docs column
    assert len(load_corpus(path).docs) == 4  # no selection: every article


def test_a_manifest_gives_the_topic(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "x.txt").write_text("Head\nTurkey spoke.\n", encoding="utf-8")
    (folder / "y.txt").write_text("Head\nRussia spoke.\n", encoding="utf-8")
    (folder / "manifest.csv").write_text("file,outlet,topic\nx.txt,A,war\ny.txt,B,trade\n", encoding="utf-8")
    res = load_corpus(folder, select=Selection.of(topics="trade"))
    assert res.docs["doc_id"].tolist() == ["y"]
    assert res.skipped["reason"].tolist() == ["topic war not among --topics"]


def test_a_restricted_run_records_it(tmp_path: Path) -> None:
    from analysis.run.pipeline import run_pipeline

    path = tmp_path / "c.csv"
    path.write_text(CSV, encoding="utf-8")
    cfg = RunConfig.of(path, outlets="Fox News", scorer="fast", framing=False, train_punkt=False)
    result = run_pipeline(path, config=cfg)
    assert set(result.tables["docs"]["doc_id"]) == {"c", "d"}
    assert sorted(result.tables["skipped"]["item"]) == ["a", "b"]
    assert result.settings["selection"]["outlets"] == ["fox news"]
    actors = cfg.load_actors()
    assert cfg.fingerprint_params(actors, "x") != cfg.but(outlets=()).fingerprint_params(actors, "x")


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        ({}, ""),
        (None, ""),
        ({"since": None, "until": None, "outlets": [], "topics": []}, ""),
        (
            {"since": "2016-02-01", "until": None, "outlets": ["cnn"], "topics": []},
            " The run was restricted to articles dated 2016-02-01 to any day; from the outlets cnn; "
            "the others are listed as skipped, with the reason.",
        ),
    ],
)
def test_the_report_says_the_run_was_restricted(selection: dict | None, expected: str) -> None:
    assert restriction_note(selection or {}) == expected


def test_a_batched_run_is_restricted_the_same_way(tmp_path: Path) -> None:
    from analysis.run.batch import run_batched
    from analysis.tables import read_table

    path = tmp_path / "c.csv"
    path.write_text(CSV, encoding="utf-8")
    out = tmp_path / "out"
    run_batched(path, out, until="2016-02-05", batch_size=2, workers=1, scorer="fast", framing=False)
    assert sorted(read_table(out, "docs")["doc_id"]) == ["a", "b"]
    skipped = read_table(out, "skipped").set_index("item")["reason"].to_dict()
    assert skipped == {"c": "dated 2016-02-06, after --until 2016-02-05", "d": "no readable date (none); " + RESTRICT}

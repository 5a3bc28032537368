"""The timeline (outlet × actor × period) on a small dated corpus, the period rules, and the
per-article export."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.compare.timeline import TIMELINE_COLUMNS, choose_period, period_of, timeline, undated_count
from analysis.report.export import write_article_export
from analysis.run.articles import ARTICLE_COLUMNS, article_table

TEXTS = [
    "Turkey and Russia agreed on a ceasefire in Aleppo. Turkey said the talks went well.",
    "Russia bombed rebel areas again. Moscow denied it, and Turkey condemned the strikes.",
    "Turkish officials met Russian diplomats in Ankara. The meeting was cordial.",
]
DATES = ["2020-01-05", "2020-01-20", "2020-02-03", "2020-03-15", "2020-08-30", "unknown"]


@pytest.fixture(scope="module")
def dated_run(tmp_path_factory: pytest.TempPathFactory):
    from analysis.run.pipeline import run_pipeline

    rows = []
    for i, date in enumerate(DATES):
        for outlet in ("Daily A", "Daily B"):
            rows.append(
                {
                    "doc_id": f"{outlet[-1]}{i}",
                    "outlet": outlet,
                    "date": date,
                    "title": f"Talks, day {i}",
                    "text": TEXTS[i % 3],
                }
            )
    path = tmp_path_factory.mktemp("dated") / "corpus.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return run_pipeline(path, scorer="vader", similarity=False, progress=False, n_boot=200)


@pytest.mark.parametrize(
    ("dates", "period", "expected"),
    [
        (["2020-01-01", "2020-01-20"], None, "day"),
        (["2020-01-01", "2020-03-20"], None, "week"),
        (["2020-01-01", "2020-12-20"], None, "month"),
        (["2020-01-01", "2020-01-02"], "month", "month"),
        (["unknown", ""], None, "month"),
        ([], None, "month"),
    ],
)
def test_choose_period(dates: list[str], period: str | None, expected: str) -> None:
    docs = pd.DataFrame({"doc_id": [str(i) for i in range(len(dates))], "date": dates})
    assert choose_period(docs, period=period) == expected


def test_choose_period_refuses_an_unknown_period() -> None:
    with pytest.raises(ValueError, match="day, week, month"):
        choose_period(pd.DataFrame({"doc_id": ["a"], "date": ["2020-01-01"]}), period="year")


@pytest.mark.parametrize(
    ("kind", "label", "start"),
    [
        ("day", "2021-01-03", "2021-01-03"),
        ("week", "2020-W53", "2020-12-28"),  # a Sunday: the ISO week that began on Monday 28 December
        ("month", "2021-01", "2021-01-01"),
    ],
)
def test_period_of(kind: str, label: str, start: str) -> None:
    got_label, got_start = period_of(pd.Series(["2021-01-03", None]), kind)
    assert list(got_label) == [label, ""] and list(got_start) == [start, ""]


def test_timeline_counts_match_the_run(dated_run) -> None:
    t = dated_run["timeline"]
    assert list(t.columns) == TIMELINE_COLUMNS and len(t)
    assert set(t["period_kind"]) == {"month"}  # the dates span 238 days
    assert set(t["period"]) == {"2020-01", "2020-02", "2020-03", "2020-08"}  # the undated articles are in none
    assert undated_count(dated_run["docs"]) == 2
    jan = t[(t["outlet"] == "Daily A") & (t["period"] == "2020-01")]
    assert set(jan["n_articles"]) == {2}
    sal = dated_run["salience_doc"].merge(dated_run["docs"][["doc_id", "date"]], on="doc_id")
    dated = sal[sal["date"] != "unknown"]
    assert t["n_mentions"].sum() == dated["n_mentions"].sum()  # every dated mention, once
    own = dated_run["stances"].merge(dated_run["docs"][["doc_id", "date"]], on="doc_id")
    own = own[(own["voice"] == "outlet") & (own["date"] != "unknown")]
    assert t["stance_n"].sum() == len(own)
    assert t["thin"].all()  # at most two articles an outlet-month: never enough for a finding
    assert (t.loc[t["stance_n_articles"] < 2, "stance_ci_low"].isna()).all()


def test_timeline_empty_and_undated() -> None:
    docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": ["unknown"]})
    sal = pd.DataFrame({"doc_id": ["a"], "actor": ["Turkey"], "n_mentions": [3], "n_words": [100]})
    assert timeline(docs, sal).empty and timeline(docs.iloc[:0], sal.iloc[:0]).empty


def test_article_export_lists_every_article(dated_run, tmp_path: Path) -> None:
    table = article_table(dated_run)
    assert list(table.columns) == ARTICLE_COLUMNS
    assert set(table["doc_id"]) == set(dated_run["docs"]["doc_id"])  # none goes missing
    sal = dated_run["salience_doc"]
    named = sal[sal["n_mentions"] > 0]
    got = table[table["actor"] != ""].set_index(["doc_id", "actor"])["n_mentions"]
    assert got.to_dict() == named.set_index(["doc_id", "actor"])["n_mentions"].to_dict()
    csv_path, xlsx_path = write_article_export(dated_run, tmp_path)
    back = pd.read_excel(xlsx_path, sheet_name="articles")
    assert len(back) == len(table) and list(back.columns) == ARTICLE_COLUMNS
    assert len(pd.read_csv(csv_path, encoding="utf-8-sig")) == len(table)


def test_article_export_keeps_formulas_out(tmp_path: Path) -> None:
    run = {"docs": pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": ["2020-01-01"], "title": ["=HYPERLINK(1)"]})}
    _, xlsx_path = write_article_export(run, tmp_path)
    back = pd.read_excel(xlsx_path)
    assert back.loc[0, "title"] == "'=HYPERLINK(1)"
    assert article_table({}).empty


def _row(outlet: str, period: str, mean: float, lo: float, hi: float, *, thin: bool = False) -> dict:
    return {
        "outlet": outlet,
        "actor": "Turkey",
        "period": period,
        "period_start": period + "-01",
        "stance_mean": mean,
        "stance_ci_low": lo,
        "stance_ci_high": hi,
        "thin": thin,
    }


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], []),
        # intervals apart: a change, and which way
        ([_row("A", "2020-01", -0.4, -0.5, -0.3), _row("A", "2020-03", 0.2, 0.1, 0.3)], [("A", "friendlier")]),
        ([_row("A", "2020-01", 0.2, 0.1, 0.3), _row("A", "2020-03", -0.4, -0.5, -0.3)], [("A", "more hostile")]),
        # intervals that overlap: no change can be told
        ([_row("A", "2020-01", -0.1, -0.3, 0.1), _row("A", "2020-03", 0.1, -0.1, 0.3)], []),
        # a thin period (fewer than 5 articles) is not a point of comparison: the first solid one is
        (
            [
                _row("A", "2020-01", -0.9, -1.0, -0.8, thin=True),
                _row("A", "2020-02", 0.0, -0.1, 0.1),
                _row("A", "2020-03", 0.05, -0.05, 0.15),
            ],
            [],
        ),
        # one solid period only
        ([_row("A", "2020-01", -0.4, -0.5, -0.3), _row("A", "2020-03", 0.2, 0.1, 0.3, thin=True)], []),
    ],
)
def test_changes(rows: list[dict], expected: list[tuple[str, str]]) -> None:
    from analysis.report.sections.timeline import changes

    t = pd.DataFrame(rows)
    assert [(o, way) for o, _, _, _, way in changes(t)] == expected


def test_the_evidence_of_a_change_is_its_periods_sentences(dated_run, tmp_path: Path) -> None:
    """A change stated for Daily A's stance toward Turkey lists the own-voice sentences of its first
    and last period that pull the mean the way it moved, and nothing from other periods."""
    from analysis.report.scope import scope_of
    from analysis.report.sections.timeline import evidence_rows, timeline_evidence
    from analysis.tables import RunTables, write_tables

    write_tables(dated_run, tmp_path, csv=False)
    t = dated_run["timeline"].copy()
    a = (t["outlet"] == "Daily A") & (t["actor"] == "Turkey")
    t.loc[a, "thin"] = False  # as if each month rested on enough articles
    first, last = t[a]["period"].min(), t[a]["period"].max()
    t.loc[a & (t["period"] == first), ["stance_ci_low", "stance_ci_high"]] = [0.3, 0.5]
    t.loc[a & (t["period"] == last), ["stance_ci_low", "stance_ci_high"]] = [-0.5, -0.3]
    t.loc[a & ~t["period"].isin([first, last]), "thin"] = True
    t.loc[a & (t["period"] == first), "stance_mean"] = 0.4
    t.loc[a & (t["period"] == last), "stance_mean"] = -0.4
    t.to_parquet(tmp_path / "timeline.parquet", index=False)
    run = RunTables(tmp_path)
    scope = scope_of(run)
    ev = evidence_rows(run, scope)
    assert len(ev) and set(ev["change"]) == {"Daily A on Turkey: more hostile"} and set(ev["outlet"]) == {"Daily A"}
    assert set(ev["period"]) <= {first, last}
    assert (ev.loc[ev["period"] == first, "score"] > 0).all() and (ev.loc[ev["period"] == last, "score"] < 0).all()
    assert ev["html"].str.contains("<mark>").all()  # the mention is marked in its sentence
    assert "more hostile" in str(timeline_evidence(run, scope)[0])
    # the run as it was made states no change: nothing to list, and the section says so
    t0 = dated_run["timeline"]
    t0.to_parquet(tmp_path / "timeline.parquet", index=False)
    run = RunTables(tmp_path)
    assert evidence_rows(run, scope_of(run)).empty
    assert "No change over time is stated" in str(timeline_evidence(run, scope_of(run))[0])


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # the densest outlet-month of one article is passed over for one of five or more
        (
            [("A", "2020-01", 24.5, 1), ("B", "2020-02", 8.0, 12), ("A", "2020-03", 9.5, 5)],
            "Turkey was most prominent in A in 2020-03 (9.5 mentions per 1,000 words, 5 articles;",
        ),
        # no outlet-month has five articles: it cannot be told
        ([("A", "2020-01", 24.5, 1), ("B", "2020-02", 8.0, 4)], "No outlet has 5 or more articles in one month"),
    ],
)
def test_most_prominent_needs_enough_articles(rows: list[tuple], expected: str) -> None:
    from analysis.report.sections.timeline import what_changed

    t = pd.DataFrame(
        [{**_row(o, p, 0.0, -0.1, 0.1, thin=n < 5), "mentions_per_1k_words": r, "n_articles": n} for o, p, r, n in rows]
    ).assign(period_kind="month")
    assert what_changed(t)[0].startswith(expected)

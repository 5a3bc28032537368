"""How the reports show tables (headers in words, no NaN, cut with a note), what they show of a
large run (scope), and reading a run's tables without loading more than is shown (access)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from analysis.ingest.actors import load_actors
from analysis.report import access, display
from analysis.report.scope import actors_note, rest_note, scope_of
from analysis.tables import RunTables, Tables, write_tables


@pytest.mark.parametrize(
    ("column", "value", "text"),
    [
        ("share_sentences", 0.256, "26%"),
        ("stance_mean", -0.1234, "-0.12"),
        ("mean_score", 0.5, "+0.50"),
        ("mentions_per_1k_words", 12.345, "12.3"),
        ("n_words", 12345, "12,345"),
        ("n", 3.0, "3"),
        ("in_quote", True, "yes"),
        ("title", "A headline", "A headline"),
        ("stance_mean", math.nan, "\u2013"),
        ("top_labels", None, "\u2013"),
        ("top_labels", "nan", "\u2013"),
        ("speaker", "None", "\u2013"),
        ("speaker", "", "\u2013"),
        ("stance_n", pd.NA, "\u2013"),
    ],
)
def test_cell_formats_and_dashes(column: str, value: object, text: str) -> None:
    assert display.cell(value, column) == text


def test_headers_are_words() -> None:
    assert display.header("mentions_per_1k_words") == "mentions per 1,000 words"
    assert display.header("outlet_copied_share") == "share of the outlet's words copied"
    assert display.header("n_something_new") == "number of something new"
    assert "_" not in display.header("first_elsewhere_share")


def test_table_cuts_escapes_and_says_where_the_rest_is() -> None:
    frame = pd.DataFrame(
        {"outlet": ["<b>A</b>", "B", "C"], "stance_mean": [0.1, math.nan, None], "html": ["<mark>x</mark>", "y", "z"]}
    )
    html = display.table(frame, rows=2, total=1234, name="summary", where="/run/summary.parquet", html_columns=["html"])
    assert "&lt;b&gt;A&lt;/b&gt;" in html and "<b>A</b>" not in html
    assert "<mark>x</mark>" in html  # evidence HTML is kept
    assert "NaN" not in html and "nan" not in html.lower().replace("nan-", "") and "None" not in html
    assert "\u2013" in html and "<th>mean stance</th>" in html
    assert "Showing 2 of 1,234 rows" in html and "<code>summary</code>" in html and "/run/summary.parquet" in html
    assert html.count("<tr>") == 3  # header + 2 rows
    assert "overflow-x: auto" in html  # wide tables scroll


@pytest.mark.parametrize(("total", "expected"), [(0, ""), (5, "The whole table is <code>x</code> (5 rows)")])
def test_empty_table_says_so(total: int, expected: str) -> None:
    html = display.table(pd.DataFrame(columns=["a"]), total=total, name="x", empty="Nothing here.")
    assert "Nothing here." in html and (expected in html if expected else "fx-note" not in html)


def test_sentence_escapes_and_marks_up() -> None:
    assert (
        display.sentence("**3** in `x` <script>")
        == '<p class="fx-say"><strong>3</strong> in <code>x</code> &lt;script&gt;</p>'
    )
    assert display.plural(1, "article") == "1 article" and display.plural(1000, "article") == "1,000 articles"
    assert display.bullets([]) == "" and display.bullets(["<a>"]) == "<ul><li>&lt;a&gt;</li></ul>"


def _write(tmp: Path, tables: dict[str, pd.DataFrame], **settings: object) -> RunTables:
    write_tables(
        Tables(tables=tables, actors=load_actors(), settings={"actors": ["Turkey", "Russia"], **settings}),
        tmp,
        csv=False,
    )
    return RunTables(tmp)


def _docs(counts: dict[str, int]) -> pd.DataFrame:
    rows = [(f"{o}-{k}", o) for o, n in counts.items() for k in range(n)]
    return pd.DataFrame(rows, columns=["doc_id", "outlet"])


def test_scope_caps_outlets_by_articles_and_names_the_rest(tmp_path: Path) -> None:
    docs = _docs({"Big": 5, "Mid": 3, "Tie-b": 2, "Tie-a": 2, "Small": 1})
    sal = pd.DataFrame({"outlet": ["Big", "Mid"], "actor": ["Russia", "Russia"], "n_mentions": [4, 1]})
    run = _write(tmp_path, {"docs": docs, "salience_outlet": sal})
    scope = scope_of(run, outlets=3, docs_per_outlet=2)
    assert scope.outlets == ["Big", "Mid", "Tie-a"]  # ties by name, for a stable cut
    assert list(scope.rest.index) == ["Tie-b", "Small"] and scope.cut
    assert scope.actors == ["Russia"] and scope.unmentioned == ["Turkey"]
    assert scope.evidence_docs == ["Big-0", "Big-1", "Mid-0", "Mid-1", "Tie-a-0", "Tie-a-1"]
    note = rest_note(scope)
    assert note.startswith("Shown: the 3 outlets with the most articles (10 of 13 articles)")
    assert "Tie-b (2), Small (1)" in note
    assert actors_note(scope) == "Never mentioned in any article: Turkey."
    assert rest_note(scope_of(run, outlets=10)) == ""


def test_scope_of_an_empty_run(tmp_path: Path) -> None:
    run = _write(tmp_path, {"docs": pd.DataFrame(columns=["doc_id", "outlet"])})
    scope = scope_of(run)
    assert scope.n_docs == 0 and scope.outlets == [] and scope.actors == [] and scope.evidence_docs == []


def test_access_reads_parts_counts_and_first_rows(tmp_path: Path) -> None:
    docs = _docs({"A": 3, "B": 2})
    ments = pd.DataFrame(
        {
            "doc_id": ["A-0", "A-0", "A-1", "B-0"],
            "actor": ["Russia", "Turkey", "Russia", "Russia"],
            "kind": ["name", "name", "adjective", "name"],
            "counted": [True, True, False, True],
        }
    )
    run = _write(
        tmp_path, {"docs": docs, "mentions": ments, "skipped": pd.DataFrame({"item": pd.Series([], dtype=object)})}
    )
    counts = access.count_by(run, "mentions", ["outlet", "actor"], where={"counted": True})
    assert counts.to_dict("records") == [
        {"outlet": "A", "actor": "Russia", "n": 1},
        {"outlet": "A", "actor": "Turkey", "n": 1},
        {"outlet": "B", "actor": "Russia", "n": 1},
    ]
    part = access.read(run, "mentions", columns=["doc_id", "actor"], filters=[("doc_id", "in", ["B-0"])])
    assert part.to_dict("records") == [{"doc_id": "B-0", "actor": "Russia"}]
    assert len(access.read(run, "mentions", filters=[("doc_id", "in", [])])) == 0
    # an empty table written with untyped columns still takes a typed filter
    assert len(access.read(run, "skipped", filters=[("item", "in", ["x"])])) == 0
    first, total = access.first_rows(run, "mentions", 2, columns=["doc_id", "counted"], keep=lambda c: c[c["counted"]])
    assert len(first) == 2 and total == 3
    assert access.n_rows(run, "mentions") == 4 and access.n_rows(run, "quotes") == 0
    assert len(access.read(run, "quotes")) == 0 and "speaker" in access.read(run, "quotes").columns
    assert access.table_path(run, "docs") == tmp_path / "docs.parquet"
    assert access.actor_ids(run) == ["Turkey", "Russia"]

"""Headline sentences: stated only when there is something to compare, ties said as ties, titles
counted as the charts count, no interval claim without intervals."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.report import findings as F
from analysis.run.summary import SUMMARY_COLUMNS

NAN = math.nan


def summary(rows: list[tuple]) -> pd.DataFrame:
    """A summary table from (outlet, actor, rate, stance_n, mean, ci_low, ci_high) rows."""
    out = pd.DataFrame(
        rows,
        columns=[
            "outlet",
            "actor",
            "mentions_per_1k_words",
            "stance_n",
            "stance_mean",
            "stance_ci_low",
            "stance_ci_high",
        ],
    )
    for c in SUMMARY_COLUMNS:
        if c not in out.columns:
            out[c] = pd.NA
    return out[SUMMARY_COLUMNS]


@pytest.mark.parametrize(
    ("items", "text"),
    [
        ([], ""),
        (["A"], "A"),
        (["A", "B"], "A and B"),
        (["A", "B", "C"], "A, B and C"),
        (list("ABCDEF"), "A, B, C, D and 2 more"),
    ],
)
def test_names(items: list[str], text: str) -> None:
    assert F.names(items) == text


def test_leaders_keeps_ties_at_the_shown_precision() -> None:
    t = pd.DataFrame({"k": ["a", "b", "c"], "v": [3.04, 2.96, 1.0]})
    assert list(F.leaders(t, "v", decimals=1)["k"]) == ["a", "b"]  # 3.0 and 3.0 are tied as shown
    assert list(F.leaders(t, "v", decimals=2)["k"]) == ["a"]
    assert list(F.leaders(t, "v", decimals=0, largest=False)["k"]) == ["c"]
    assert len(F.leaders(t.assign(v=NAN), "v", decimals=1)) == 0


def test_key_findings_empty_and_unmentioned() -> None:
    assert F.key_findings(pd.DataFrame(columns=SUMMARY_COLUMNS)) == ["No actor is mentioned in this corpus."]
    none = summary([("A", "X", 0.0, NAN, NAN, NAN, NAN), ("B", "X", 0.0, NAN, NAN, NAN, NAN)])
    assert F.key_findings(none) == ["No actor of the actor file is mentioned in these articles."]


def test_key_findings_headline_is_the_most_named_actor_not_the_first_by_name() -> None:
    s = summary(
        [
            ("A", "Alpha", 1.0, 5, 0.1, -0.1, 0.3),
            ("B", "Alpha", 2.0, 5, 0.2, 0.0, 0.4),
            ("A", "Zulu", 30.0, 5, 0.1, -0.1, 0.3),
            ("B", "Zulu", 10.0, 5, 0.2, 0.0, 0.4),
        ]
    )
    lines = F.key_findings(s)
    assert lines[0].startswith("Zulu is the most named actor (20.0 mentions per 1,000 words")
    assert lines[1] == "Zulu is most prominent in A (30.0 mentions per 1,000 words)."


def test_key_findings_one_outlet_says_there_is_nothing_to_compare() -> None:
    s = summary([("Only", "X", 12.0, 4, -0.2, -0.5, 0.1)])
    lines = F.key_findings(s)
    assert "the only outlet" in lines[0]
    assert "no other outlet to compare" in lines[1]
    assert "most" not in lines[1] and "most" not in lines[2]
    assert lines[2].startswith("Stance toward X is measured in Only only")


def test_prominence_ties_are_said_as_ties() -> None:
    g = summary(
        [
            ("A", "X", 5.01, NAN, NAN, NAN, NAN),
            ("B", "X", 4.99, NAN, NAN, NAN, NAN),
            ("C", "X", 1.0, NAN, NAN, NAN, NAN),
        ]
    )
    assert F.prominence_line("X", g) == "X is most prominent in A and B, tied at 5.0 mentions per 1,000 words."
    only = summary([("A", "X", 5.0, NAN, NAN, NAN, NAN), ("B", "X", 0.0, NAN, NAN, NAN, NAN)])
    assert F.prominence_line("X", only) == "X is named only by A (5.0 mentions per 1,000 words)."


def test_stance_line_needs_intervals_to_say_they_do_not_overlap() -> None:
    apart = summary([("A", "X", 1, 10, -0.5, -0.6, -0.4), ("B", "X", 1, 10, 0.5, 0.4, 0.6)])
    assert F.stance_line("X", apart).endswith("the 95% intervals (resampling articles) do not overlap.")
    overlap = summary([("A", "X", 1, 10, -0.1, -0.6, 0.4), ("B", "X", 1, 10, 0.1, -0.4, 0.6)])
    assert "overlap, so the data do not separate them" in F.stance_line("X", overlap)
    single = summary([("A", "X", 1, 1, -0.9, NAN, NAN), ("B", "X", 1, 10, 0.5, 0.4, 0.6)])
    line = F.stance_line("X", single)
    assert "do not overlap" not in line and "too few scored articles for an interval in A (n=1)" in line
    same = summary([("A", "X", 1, 3, 0.1, 0.0, 0.2), ("B", "X", 1, 3, 0.1, 0.0, 0.2)])
    assert "no outlet leans more" in F.stance_line("X", same)
    assert F.stance_line("X", summary([("A", "X", 1, NAN, NAN, NAN, NAN)])) is None


def test_stance_line_words_by_sign_and_needs_articles() -> None:
    # both outlets negative: the higher one is the least negative, not the most positive
    neg = summary([("A", "X", 1, 10, -0.5, -0.6, -0.4), ("B", "X", 1, 10, -0.16, -0.2, -0.1)])
    line = F.stance_line("X", neg)
    assert "A leans most negative (-0.50) and B least negative (-0.16)" in line and "most positive" not in line
    pos = summary([("A", "X", 1, 10, 0.1, 0.0, 0.2), ("B", "X", 1, 10, 0.5, 0.4, 0.6)])
    assert "A leans least positive (+0.10)" in F.stance_line("X", pos)
    # an outlet resting on one article gets no comparison (the seeds: one article per outlet)
    one = neg.assign(stance_n_articles=[1, 1])
    line = F.stance_line("X", one)
    assert "no outlet comparison" in line and "A (1), B (1)" in line and "lean" in line
    assert "overlap" not in line
    three = summary(
        [("A", "X", 1, 10, -0.5, -0.6, -0.4), ("B", "X", 1, 10, 0.5, 0.4, 0.6), ("C", "X", 1, 2, 0.9, 0.8, 1.0)]
    ).assign(stance_n_articles=[8, 9, 2])
    line = F.stance_line("X", three)
    assert "C" not in line and "B leans" not in line and "B most positive (+0.50)" in line


def test_stance_line_ties_are_not_resolved_by_name() -> None:
    s = summary(
        [("B", "X", 1, 5, -0.3, -0.5, -0.1), ("A", "X", 1, 5, -0.3, -0.5, -0.1), ("C", "X", 1, 5, 0.4, 0.3, 0.5)]
    )
    line = F.stance_line("X", s)
    assert line.startswith("Toward X, in the outlets' own voice, B and A lean most negative (tied) (-0.30)")


def _sal(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["outlet", "actor", "mentions_per_1k_words"])


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], "No actor is mentioned"),
        ([("A", "X", 0.0), ("B", "X", 0.0)], "No actor is mentioned"),
        ([("A", "X", 3.0), ("A", "Y", 9.0)], "One outlet only (A): nothing to compare it with"),
        ([("A", "X", 3.0), ("B", "X", 9.0)], "B names X most often (9 per 1,000 words)"),
        ([("A", "X", 9.2), ("B", "Y", 8.9)], "Most mentions per 1,000 words: tied at 9 (A on X and B on Y)"),
    ],
)
def test_salience_headline(rows: list[tuple], expected: str) -> None:
    sal = _sal(rows) if rows else _sal([]).astype({"mentions_per_1k_words": float})
    assert F.salience_headline(sal) == expected


def _agg(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["outlet", "actor", "voice", "n", "mean_score", "share_negative"])


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], "No scored sentences in their own voice"),
        ([("A", "X", "outlet", 5, -0.4, 0.5)], "Only A has scored sentences: no other outlet to compare it with"),
        (
            [("A", "X", "outlet", 1, -0.9, 1.0), ("B", "X", "outlet", 1, 0.2, 0.0)],
            "Every outlet × actor pair has fewer than 2 scored sentences in its own voice: too few to rank",
        ),
        (
            [("A", "X", "outlet", 1, -0.9, 1.0), ("B", "X", "outlet", 4, -0.2, 0.5), ("C", "X", "outlet", 3, 0.1, 0.0)],
            "Most negative in its own voice: B on X (-0.20, n=4)",
        ),
        (
            [("A", "X", "outlet", 3, 0.2, 0.0), ("B", "X", "outlet", 4, 0.4, 0.0)],
            "No outlet leans negative in its own voice; lowest: A on X (+0.20, n=3)",
        ),
        (
            [("A", "X", "outlet", 3, -0.2, 0.3), ("B", "Y", "outlet", 4, -0.2, 0.5)],
            "Most negative in its own voice: tied at -0.20, A on X (n=3) and B on Y (n=4)",
        ),
    ],
)
def test_stance_headline(rows: list[tuple], expected: str) -> None:
    assert F.stance_headline(_agg(rows)) == expected


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], "No scored sentences"),
        (
            [("A", "X", "all", 5, -0.4, 0.5), ("B", "X", "all", 5, 0.1, 0.0)],
            "A has the largest share of negative sentences on X (50%)",
        ),
        ([("A", "X", "all", 5, 0.1, 0.0), ("B", "X", "all", 5, 0.1, 0.0)], "No sentence is labelled negative"),
        (
            [("A", "X", "all", 5, -0.4, 0.5), ("B", "X", "all", 5, -0.1, 0.5)],
            "Largest share of negative sentences: tied at 50% (A on X and B on X)",
        ),
    ],
)
def test_negative_share_headline(rows: list[tuple], expected: str) -> None:
    assert F.negative_share_headline(_agg(rows)) == expected


def _osim(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["doc_a", "doc_b", "cosine"])


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], "One outlet only: no pair of outlets to compare"),
        ([("A", "A", 0.9)], "One outlet only: no pair of outlets to compare"),
        ([("A", "B", 0.4), ("B", "A", 0.4)], "Two outlets: A and B (cosine 0.40)"),
        (
            [("A", "B", 0.4), ("B", "A", 0.4), ("A", "C", 0.1), ("C", "A", 0.1), ("B", "C", 0.2), ("C", "B", 0.2)],
            "Closest: A and B (cosine 0.40)",
        ),
        ([("A", "B", 0.4), ("C", "D", 0.4), ("A", "C", 0.1)], "Closest, tied at cosine 0.40: A and B; C and D"),
    ],
)
def test_closest_pair(rows: list[tuple], expected: str) -> None:
    assert F.closest_pair(_osim(rows)) == expected


def _rmo(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["outlet_a", "outlet_b", "share"])


@pytest.mark.parametrize(
    ("rows", "n", "expected"),
    [
        ([], 1, "One outlet only: no copying between outlets to show"),
        ([], 3, "No sentence is copied between outlets"),
        ([("A", "A", 40.0)], 2, "No sentence is copied between outlets"),
        ([("A", "B", 25.0), ("B", "A", 30.0)], 2, "B shares most with A (30% of its words)"),
        ([("A", "B", 30.2), ("B", "A", 29.9)], 2, "Largest share of words copied: tied at 30% (A with B and B with A)"),
    ],
)
def test_reuse_headline(rows: list[tuple], n: int, expected: str) -> None:
    assert F.reuse_headline(_rmo(rows), n_outlets=n) == expected


def test_label_finding_counts_as_the_chart_counts() -> None:
    """The chart sums kinds per term and outlet: a title that reads one kind's count ("regime"
    6 times as an evaluative noun) above a dot of 9 (6 + 3 as a head noun) was the bug."""
    from analysis.report.readouts import label_grid

    lc = pd.DataFrame(
        {
            "outlet": ["B", "B", "A"],
            "actor": ["S"] * 3,
            "kind": ["evaluative", "head_noun", "evaluative"],
            "term": ["regime", "regime", "regime"],
            "n": [6, 3, 7],
            "evaluative": [True, True, True],
        }
    )
    title = F.label_finding(lc)
    grid, _ = label_grid(lc, "S")
    plotted = int(grid.loc[grid["outlet"] == "B", "n"].sum())
    assert plotted == 9 and title == "B calls S \u201cregime\u201d 9 times"


def test_label_finding_ties_and_empty() -> None:
    lc = pd.DataFrame(
        {
            "outlet": ["B", "A"],
            "actor": ["S", "S"],
            "kind": ["evaluative"] * 2,
            "term": ["regime", "rebels"],
            "n": [4, 4],
            "evaluative": [True, True],
        }
    )
    assert F.label_finding(lc).startswith("Commonest evaluative labels, tied at 4 each:")
    assert F.label_finding(lc.iloc[:0]) == "What each outlet calls each actor"
    assert F.label_finding(lc.assign(evaluative=False)) == "What each outlet calls each actor"
    assert F.label_finding(lc, outlets=["A"]) == "A calls S \u201crebels\u201d 4 times"


def test_distinctive_lines() -> None:
    fw = pd.DataFrame({"group": ["A", "A", "B"], "term": ["regime", "the", "federation"], "z": [3.0, 0.5, 1.0]})
    assert F.distinctive_lines(fw, ["A", "B"]) == ["A: \u201cregime\u201d (z 3.0).", "B: no word reaches z = 1.96."]
    assert "one outlet" in F.distinctive_lines(fw[fw["group"] == "A"], ["A"])[0]
    assert "empty" in F.distinctive_lines(fw.iloc[:0], ["A"])[0]


def test_stance_headline_needs_articles() -> None:
    rows = [("A", "X", "outlet", 8, -0.8, 0.5), ("B", "X", "outlet", 9, -0.1, 0.1), ("C", "Y", "outlet", 9, -0.9, 0.9)]
    # one article per outlet (the seeds): no ranking, and the title says why
    one = _agg(rows).assign(n_articles=[1, 1, 1])
    assert F.stance_headline(one) == (
        "Stance in each outlet's own voice: at most 1 article per outlet × actor, fewer than 5: too few to rank outlets"
    )
    # C rests on 2 articles: left out of the ranking; A and B are ranked
    some = _agg(rows).assign(n_articles=[6, 7, 2])
    assert F.stance_headline(some) == "Most negative in its own voice: A on X (-0.80, n=8)"


@pytest.mark.parametrize(
    ("rows", "include", "expected"),
    [
        ([], False, None),
        ([("A", 3, 3, 0.0, "")], False, "No article of the 1 outlet carries"),
        (
            [("A", 4, 1, 0.75, "AP (2), Reuters (1)"), ("B", 2, 2, 0.0, "")],
            False,
            "Wire and syndicated copy, left out of each outlet's own voice: A 3 of 4 articles (AP (2), Reuters (1)).",
        ),
        ([("A", 4, 3, 0.25, "AP (1)")], True, "Wire and syndicated copy, counted in each outlet's own voice"),
    ],
)
def test_wire_line(rows, include, expected) -> None:
    frame = pd.DataFrame(rows, columns=["outlet", "n_articles", "n_own", "wire_share", "credited"])
    line = F.wire_line(frame, include_wire=include)
    assert line == expected if expected is None else line.startswith(expected)


def _story_rows(rows):
    return pd.DataFrame(
        rows, columns=["outlet", "actor", "story_n", "story_deviation", "story_ci_low", "story_ci_high"]
    )


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], None),
        ([("A", "X", 0, None, None, None)], None),
        ([("A", "X", 3, -0.2, -0.4, -0.1), ("B", "X", 3, 0.2, 0.1, 0.4)], "at most 3 shared stories per outlet"),
        ([("A", "X", 6, -0.2, -0.4, 0.1), ("B", "X", 6, 0.2, -0.1, 0.4)], "no outlet's own voice differs"),
        (
            [("A", "X", 6, -0.2, -0.4, -0.1), ("B", "X", 7, 0.2, -0.1, 0.4)],
            "Within the same stories, toward X, compared with the other outlets covering them: "
            "A harsher (-0.20, 6 stories)",
        ),
    ],
)
def test_story_line(rows, expected) -> None:
    line = F.story_line("X", _story_rows(rows))
    assert line == expected if expected is None else expected in line


def test_story_line_without_columns() -> None:
    assert F.story_line("X", pd.DataFrame({"outlet": ["A"], "actor": ["X"]})) is None

"""Stories (analysis/compare/stories.py): grouping by text and date, and the within-story lean."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.compare.stories import STORY_COLUMNS, STORY_STANCE_COLUMNS, group_stories, story_stance


def _docs(dates: list[str], outlets: list[str] | None = None, kinds: list[str] | None = None) -> pd.DataFrame:
    n = len(dates)
    return pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(n)],
            "outlet": outlets or [f"O{i}" for i in range(n)],
            "date": dates,
            "source_kind": kinds or ["own"] * n,
        }
    )


def _sim(pairs: list[tuple[int, int, float]]) -> pd.DataFrame:
    rows = [(f"d{a}", f"d{b}", c) for a, b, c in pairs] + [(f"d{b}", f"d{a}", c) for a, b, c in pairs]
    return pd.DataFrame(rows, columns=["doc_a", "doc_b", "cosine"])


@pytest.mark.parametrize(
    ("dates", "pairs", "expected"),
    [
        # linked by text and date; transitively; a weak link and a distant date are not links
        (["2020-01-01"] * 4, [(0, 1, 0.5), (1, 2, 0.4), (2, 3, 0.1)], [0, 0, 0, 1]),
        (["2020-01-01", "2020-01-03", "2020-01-20"], [(0, 1, 0.5), (1, 2, 0.9)], [0, 0, 1]),
        # no usable date: the text alone decides
        (["unknown", "2020-01-03", ""], [(0, 1, 0.5), (0, 2, 0.6)], [0, 0, 0]),
        # story ids follow corpus order of each story's first article
        (["2020-01-01"] * 3, [(1, 2, 0.8)], [0, 1, 1]),
        (["2020-01-01"] * 2, [], [0, 1]),
    ],
)
def test_group_stories(dates: list[str], pairs: list[tuple[int, int, float]], expected: list[int]) -> None:
    got = group_stories(_sim(pairs), _docs(dates), min_cosine=0.3, days=3)
    assert list(got.columns) == STORY_COLUMNS
    assert got["story_id"].tolist() == expected
    sizes = pd.Series(expected).map(pd.Series(expected).value_counts())
    assert got["story_size"].tolist() == sizes.tolist()


def test_group_stories_empty_and_unknown_docs() -> None:
    assert len(group_stories(_sim([]), _docs([]))) == 0
    odd = pd.DataFrame([("d0", "zz", 0.9)], columns=["doc_a", "doc_b", "cosine"])  # a doc not in docs
    assert group_stories(odd, _docs(["2020-01-01"]))["story_id"].tolist() == [0]


def _stances(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["doc_id", "actor", "voice", "score"])


def test_story_stance_deviation_and_interval() -> None:
    # two stories, each covered by outlets A and B (one article each); A is 0.2 and 0.4 harsher
    docs = _docs(["2020-01-01"] * 4, outlets=["A", "B", "A", "B"])
    stories = pd.DataFrame({"doc_id": docs["doc_id"], "outlet": docs["outlet"], "story_id": [0, 0, 1, 1]})
    st = _stances(
        [
            ("d0", "X", "outlet", -0.1),
            ("d0", "X", "outlet", -0.3),
            ("d1", "X", "outlet", 0.0),
            ("d2", "X", "outlet", -0.4),
            ("d3", "X", "outlet", 0.0),
            ("d3", "X", "quote", -0.9),
        ]
    )
    got = story_stance(st, docs, stories, n_boot=200).set_index("outlet")
    assert list(got.reset_index().columns) == STORY_STANCE_COLUMNS
    assert got.loc["A", "n_stories"] == 2 and got.loc["A", "n_articles"] == 2
    assert got.loc["A", "mean_deviation"] == pytest.approx(-0.3)  # (-0.2 + -0.4) / 2; quotes left out
    assert got.loc["B", "mean_deviation"] == pytest.approx(0.3)
    assert got.loc["A", "ci_low"] <= -0.3 <= got.loc["A", "ci_high"]
    assert got.loc["A", "mean_in_stories"] == pytest.approx(-0.3)


def test_story_stance_needs_two_outlets_and_leaves_out_wire() -> None:
    docs = _docs(["2020-01-01"] * 3, outlets=["A", "B", "A"], kinds=["own", "wire", "own"])
    stories = pd.DataFrame({"doc_id": docs["doc_id"], "outlet": docs["outlet"], "story_id": [0, 0, 0]})
    st = _stances([("d0", "X", "outlet", -0.5), ("d1", "X", "outlet", 0.5), ("d2", "X", "outlet", -0.3)])
    assert len(story_stance(st, docs, stories)) == 0  # B's only article is wire copy: A is alone
    wide = story_stance(st, docs, stories, include_wire=True, n_boot=50).set_index("outlet")
    assert wide.loc["A", "mean_deviation"] == pytest.approx(-0.4 - 0.5)
    assert np.isnan(wide.loc["A", "ci_low"])  # one story: no interval


def test_story_stance_empty() -> None:
    empty = story_stance(_stances([]), _docs([]), pd.DataFrame(columns=["doc_id", "outlet", "story_id"]))
    assert list(empty.columns) == STORY_STANCE_COLUMNS and len(empty) == 0

"""Tests for analysis.cross: the merge of per-batch group term counts (GroupCounts)."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pandas as pd
import pytest

from analysis.run.sums import GroupCounts


def _batches(n_rows: int, n_outlets: int, n_batches: int, seed: int = 0) -> list[pd.DataFrame]:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "actor": rng.choice(["turkey", "russia", "syrian government"], n_rows),
            "group": [f"outlet {i}" for i in rng.integers(0, n_outlets, n_rows)],
            "term": [f"w{i}" for i in rng.zipf(1.5, n_rows) % 5000],
            "count": rng.integers(1, 5, n_rows),
        }
    )
    bounds = np.linspace(0, n_rows, n_batches + 1).astype(int)
    return [frame.iloc[a:b].reset_index(drop=True) for a, b in pairwise(bounds)]


def _reference(batches: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    whole = pd.concat(batches, ignore_index=True)
    return whole.groupby(columns + ["term"], as_index=False)["count"].sum()


def _sorted(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return frame.sort_values(columns + ["term"]).reset_index(drop=True)


@pytest.mark.parametrize("columns", [["group"], ["actor", "group"], []])
@pytest.mark.parametrize(
    "n_rows,n_outlets,n_batches,fold_every",
    [
        (0, 1, 1, 10),  # empty input
        (50, 3, 1, 4_000_000),  # one batch, no fold before the end
        (20_000, 300, 17, 1_000),  # more outlets than 2^7 (a two-column key once overflowed), many folds
    ],
)
def test_group_counts_equal_one_groupby(columns, n_rows, n_outlets, n_batches, fold_every) -> None:
    batches = _batches(n_rows, n_outlets, n_batches)
    counts = GroupCounts(columns, fold_every=fold_every)
    for batch in batches:
        counts.add(batch[columns + ["term", "count"]])
    got = counts.frame()
    assert list(got.columns) == columns + ["term", "count"]
    expected = _reference(batches, columns) if n_rows else pd.DataFrame(columns=columns + ["term", "count"])
    assert len(got) == len(expected)
    if n_rows:
        pd.testing.assert_frame_equal(_sorted(got, columns), _sorted(expected, columns), check_dtype=False)


def test_group_counts_refuse_a_missing_column() -> None:
    with pytest.raises(KeyError):
        GroupCounts(["group"]).add(pd.DataFrame({"term": ["a"], "count": [1]}))


@pytest.mark.parametrize("n_parts,fold", [(0, 2), (1, 2), (9, 1), (9, 2), (9, 4), (9, 64)])
def test_evidence_folded_equals_one_merge(n_parts, fold) -> None:
    """Evidence merged a group of batches at a time equals one merge of every batch, ties included
    (scores drawn from a few values, so equal scores compete across batches)."""
    import analysis.run.cross as cross
    from analysis.stance.evidence import EVIDENCE_COLUMNS, merge_evidence

    rng = np.random.default_rng(n_parts)
    parts = []
    for b in range(n_parts):
        n = int(rng.integers(0, 12))
        parts.append(
            pd.DataFrame(
                {
                    "outlet": rng.choice(["A", "B", "C"], n),
                    "actor": rng.choice(["russia", "turkey"], n),
                    "direction": "positive",
                    "rank": 1,
                    "doc_id": [f"d{b}-{i}" for i in range(n)],
                    "sent_id": rng.integers(0, 5, n),
                    "score": rng.choice([-0.5, -0.25, 0.0, 0.25, 0.5], n),
                    "label": "neutral",
                    "voice": "outlet",
                    "speaker": "",
                    "via": "name",
                    "text": "t",
                    "html": "t",
                }
            )[EVIDENCE_COLUMNS]
        )
    groups = (pd.concat(parts[lo : lo + fold], ignore_index=True) for lo in range(0, n_parts, fold))
    got = cross._evidence(groups)
    pd.testing.assert_frame_equal(got, merge_evidence(parts))
    assert list(got.columns) == EVIDENCE_COLUMNS
    if n_parts == 9:
        assert len(got) > 6 and got["doc_id"].str.split("-").str[0].nunique() > 1


@pytest.mark.parametrize("n_rows,n_batches", [(0, 1), (60, 2), (5_000, 7)])
def test_group_counts_of_categorical_labels_equal_those_of_strings(n_rows, n_batches) -> None:
    """The batches' pickled counts carry categorical labels (analysis.run.worker._categorical_counts): the summed
    frame is the same, row order included, as from string labels."""
    from analysis.run.worker import _categorical_counts

    for columns in (["group"], ["actor", "group"]):
        plain, lean = GroupCounts(columns, fold_every=1_000), GroupCounts(columns, fold_every=1_000)
        for batch in _batches(n_rows, 40, n_batches):
            part = batch[columns + ["term", "count"]]
            plain.add(part)
            lean.add(_categorical_counts(part)[0])
        pd.testing.assert_frame_equal(lean.frame(), plain.frame())


@pytest.mark.parametrize("columns", [["group"], ["actor", "group"], []])
@pytest.mark.parametrize("n_rows,n_batches", [(0, 3), (40, 5), (20_000, 17)])
def test_group_counts_in_any_order_equal_those_in_batch_order(columns, n_rows, n_batches) -> None:
    """Batches added as workers finish them (any order, with their batch numbers) give the same
    groups in the same order, with the same counts, as adding them in batch order."""
    batches = [b[columns + ["term", "count"]] for b in _batches(n_rows, 300, n_batches, seed=3)]
    in_order, shuffled = GroupCounts(columns, fold_every=1_000), GroupCounts(columns, fold_every=1_000)
    for batch in batches:
        in_order.add(batch)
    for n in np.random.default_rng(1).permutation(len(batches)).tolist():
        shuffled.add(batches[n], order=n)
    want, got = in_order.frame(), shuffled.frame()
    assert len(got) == len(want)
    if columns:  # the same groups, first-appearance order
        assert got[columns].drop_duplicates().values.tolist() == want[columns].drop_duplicates().values.tolist()
        assert got[columns].ne(got[columns].shift()).any(axis=1).sum() == len(want[columns].drop_duplicates())
    pd.testing.assert_frame_equal(_sorted(got, columns), _sorted(want, columns))


@pytest.mark.parametrize("n_rows,n_batches", [(0, 2), (3_000, 9)])
def test_distinctive_counts_in_any_order_give_the_same_tables(n_rows, n_batches) -> None:
    """Fightin' Words tables from batches summed out of order equal those summed in order,
    row for row (actors in the order they first appear), and finish() lets the sums go."""
    from analysis.run.sums import DistinctiveCounts

    batches = _batches(n_rows, 6, n_batches, seed=5)
    parts = [(b[["group", "term", "count"]], b[["actor", "group", "term", "count"]]) for b in batches]
    in_order, shuffled = DistinctiveCounts(), DistinctiveCounts()
    for n, (outlet, actor) in enumerate(parts):
        in_order.add(outlet, actor, batch=n)
    for n in np.random.default_rng(2).permutation(len(parts)).tolist():
        shuffled.add(*parts[n], batch=n)
    want, got = in_order.finish(), shuffled.finish()
    assert set(got) == {"distinctive_words", "distinctive_words_actor"}
    for name in got:
        pd.testing.assert_frame_equal(got[name], want[name])
    if n_rows:
        actors = got["distinctive_words_actor"]["actor"]
        assert actors.unique().tolist() == pd.concat(batches)["actor"].unique().tolist()
        assert len(got["distinctive_words"]) > 0
    assert shuffled.finish()["distinctive_words"].empty  # the sums were let go

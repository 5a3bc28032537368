"""The look-ups find_quotes makes per quote (by bisection, so that a 5 MB article stays linear) give
the answers of a scan over every sentence and every quote span."""

from __future__ import annotations

import random

import pytest

from analysis.framing.quotes import _Sentences, _Spans


def layouts(seed: int) -> list[tuple[int, int, int, int]]:
    """Sentences (id, start, end, paragraph) as the splitter makes them: in order, not overlapping,
    some empty, some touching, gaps between paragraphs."""
    rng = random.Random(seed)
    rows, pos = [], rng.randint(0, 5)
    for sid in range(rng.randint(0, 40)):
        length = rng.choice([0, 1, 5, 30, 80])
        rows.append((sid, pos, pos + length, sid // 4))
        pos += length + rng.choice([0, 0, 1, 2, 10])
    return rows


def scans(rows, pos, low, high, a, b):
    span = {sid: (s0, s1) for sid, s0, s1, _ in rows}
    return (
        next((sid for sid, (s0, s1) in span.items() if s0 <= pos < s1), None),
        min((sid for sid in span if low <= sid <= high), default=None),
        [sid for sid, s0, s1, _ in rows if s0 < b and s1 > a],
        any(a <= s0 and s1 <= b for _, s0, s1, _ in rows),
    )


@pytest.mark.parametrize("seed", range(60))
def test_sentence_lookups_equal_the_scans(seed: int) -> None:
    rng = random.Random(seed)
    rows = layouts(seed)
    if seed % 7 == 6 and len(rows) > 2:  # out of order: the index falls back to the scans
        rows = rows[1:] + rows[:1]
    index = _Sentences(rows)
    top = (rows[-1][2] if rows else 0) + 5
    for _ in range(200):
        pos, a = rng.randint(-2, top), rng.randint(-2, top)
        b = a + rng.randint(0, 60)
        low = rng.randint(-3, len(rows) + 2)
        high = low + rng.randint(0, 3)
        got = (index.containing(pos), index.first_id_from(low, high), index.overlapping(a, b), index.any_between(a, b))
        assert got == scans(rows, pos, low, high, a, b), (rows, pos, low, high, a, b)


@pytest.mark.parametrize("seed", range(40))
def test_span_containment_equals_the_scan(seed: int) -> None:
    rng = random.Random(seed)
    spans = [(s, s + rng.randint(1, 50)) for s in (rng.randint(0, 300) for _ in range(rng.randint(0, 15)))]
    index = _Spans(spans)
    for _ in range(300):
        a = rng.randint(-5, 360)
        b = a + rng.randint(0, 40)
        assert index.contain(a, b) == any(qa <= a and b <= qb for qa, qb in spans)

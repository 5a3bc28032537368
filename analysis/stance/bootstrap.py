"""Percentile bootstrap intervals for many groups at once, and grouped means that match pandas bit for bit.

Every group of n values is resampled with the same seeded indices (so a group's interval does not
depend on the other groups, and batches give the whole corpus's intervals); above
EXACT_BOOTSTRAP_MAX values the normal interval replaces the percentile bootstrap.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from functools import lru_cache

import numpy as np


def _segments(sorted_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and length of every run of equal values in a sorted key array."""
    if len(sorted_keys) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    return starts, np.diff(np.r_[starts, len(sorted_keys)])


def _by_position(starts: np.ndarray, sizes: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """For k = 0, 1, ...: the groups that have a k-th value and where that value is (groups are runs)."""
    for k in range(int(sizes.max()) if len(sizes) else 0):
        groups = np.flatnonzero(sizes > k)
        yield groups, starts[groups] + k


def _kahan_means(values: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Column means of every run of rows of ``values``, each summed in row order with Kahan
    compensation as pandas' grouped mean does (so the result does not depend on the other groups)."""
    total = np.zeros((len(sizes), values.shape[1]))
    comp = np.zeros_like(total)
    for groups, rows in _by_position(starts, sizes):
        before = total[groups]
        y = values[rows] - comp[groups]
        t = before + y
        comp[groups] = (t - before) - y
        total[groups] = t
    return total / sizes[:, None]


def _group_means(values: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """``values[s:s + n].mean()`` of every run, bit for bit: numpy adds fewer than 8 values in order
    (done here for all such runs at once) and uses its pairwise sum above."""
    out = np.zeros(len(sizes))
    small = np.flatnonzero(sizes < 8)
    for groups, rows in _by_position(starts[small], sizes[small]):
        out[small[groups]] += values[rows]
    out[small] /= sizes[small]
    for i in np.flatnonzero(sizes >= 8).tolist():
        out[i] = values[starts[i] : starts[i] + sizes[i]].mean()
    return out


EXACT_BOOTSTRAP_MAX = 500


def _draw_resamples(n: int, n_boot: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The resampling indices of a group of n values (the same for every group of that size):
    ``rng.integers(0, n, size=(n_boot, n))`` as columns (n, n_boot), and each column's multiplicity.
    When there are fewer possible resamples than n_boot (n**n < n_boot) only the distinct ones."""
    idx = np.random.default_rng(seed).integers(0, n, size=(n_boot, n))
    if n < 8 and n**n < n_boot:
        idx, counts = np.unique(idx, axis=0, return_counts=True)
    else:
        counts = np.ones(n_boot, dtype=np.int64)
    return np.ascontiguousarray(idx.T), counts


_cached_resamples = lru_cache(maxsize=256)(_draw_resamples)


_CACHE_MAX_N = 64  # per-document groups, drawn again in every batch; large groups are rare and big


def _resamples(n: int, n_boot: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_draw_resamples`, kept in memory for groups of up to _CACHE_MAX_N values."""
    return (_cached_resamples if n <= _CACHE_MAX_N else _draw_resamples)(n, n_boot, seed)


def _quantile_points(n_values: int, q: float) -> tuple[int, int, float]:
    """numpy's linear quantile q of n values: the two order statistics (0-based) it interpolates
    between and the weight of the upper one."""
    virtual = (n_values - 1) * q
    if virtual >= n_values - 1:
        return n_values - 1, n_values - 1, 0.0
    if virtual < 0:
        return 0, 0, 0.0
    below = math.floor(virtual)
    return below, below + 1, virtual - below


def _lerp(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    """numpy's quantile interpolation between a and b (the same arithmetic, so the same bits)."""
    diff = b - a
    return b - diff * (1 - t) if t >= 0.5 else a + diff * t


def _order_statistics(means: np.ndarray, counts: np.ndarray, ranks: list[int]) -> np.ndarray:
    """Per row of ``means`` (column j standing for counts[j] equal values), the values at the given
    0-based ranks of its sorted values; NaN for a row holding a NaN."""
    if (counts == 1).all():
        out = np.sort(means, axis=1)[:, ranks]  # numpy's vectorised sort beats np.partition here
    else:
        order = np.argsort(means, axis=1)
        cum = np.cumsum(counts[order], axis=1)
        at = np.stack([(cum <= r).sum(axis=1) for r in ranks], axis=1)
        out = np.take_along_axis(means, np.take_along_axis(order, at, axis=1), axis=1)
    out[np.isnan(means).any(axis=1)] = np.nan
    return out


def _percentile_intervals(V: np.ndarray, *, n_boot: int, level: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The seeded percentile bootstrap interval of the mean of each row of V (groups of one size n).

    A resample's mean adds its n values in resample order and divides by n (numpy's own arithmetic
    when it averages a stack of several groups); the interval ends are np.quantile's.
    """
    k, n = V.shape
    cols, counts = _resamples(n, n_boot, seed)
    alpha = (1 - level) / 2
    low, high = _quantile_points(n_boot, alpha), _quantile_points(n_boot, 1 - alpha)
    ranks = sorted({low[0], low[1], high[0], high[1]})
    stats = np.empty((k, len(ranks)))
    step = max(1, 2_000_000 // cols.shape[1])
    for a in range(0, k, step):
        chunk = V[a : a + step]
        total = np.take(chunk, cols[0], axis=1)
        for c in cols[1:]:
            total += np.take(chunk, c, axis=1)
        stats[a : a + step] = _order_statistics(total / n, counts, ranks)
    at = {r: i for i, r in enumerate(ranks)}
    return (
        _lerp(stats[:, at[low[0]]], stats[:, at[low[1]]], low[2]),
        _lerp(stats[:, at[high[0]]], stats[:, at[high[1]]], high[2]),
    )


def _normal_intervals(V: np.ndarray, *, level: float) -> tuple[np.ndarray, np.ndarray]:
    """mean ± z·s/√n of each row of V (groups of one size above EXACT_BOOTSTRAP_MAX)."""
    from statistics import NormalDist

    z = NormalDist().inv_cdf(1 - (1 - level) / 2)
    mean = np.array([v.mean() for v in V])
    half = np.array([z * v.std(ddof=1) / np.sqrt(V.shape[1]) for v in V])
    return mean - half, mean + half


def _bootstrap(
    values: np.ndarray, starts: np.ndarray, sizes: np.ndarray, *, n_boot: int, level: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`bootstrap_cis` of the runs ``values[s:s + n]`` (NaN below 2 values)."""
    lo = np.full(len(sizes), np.nan)
    hi = np.full(len(sizes), np.nan)
    for n in np.unique(sizes[sizes >= 2]).tolist():
        members = np.flatnonzero(sizes == n)
        V = values[starts[members][:, None] + np.arange(n)]
        if n > EXACT_BOOTSTRAP_MAX:
            lo[members], hi[members] = _normal_intervals(V, level=level)
        else:
            lo[members], hi[members] = _percentile_intervals(V, n_boot=n_boot, level=level, seed=seed)
    return lo, hi


def bootstrap_ci(values: np.ndarray, *, n_boot: int = 2000, level: float = 0.95, seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean over the given values (NaN for fewer than 2).

    Up to EXACT_BOOTSTRAP_MAX values the seeded percentile bootstrap; above, the normal interval
    mean ± z·s/√n, which the bootstrap distribution of a mean of that many values matches to
    well under the bootstrap's own Monte Carlo error (and which costs nothing at a million sentences).
    """
    lo, hi = bootstrap_cis([np.asarray(values, dtype=float)], n_boot=n_boot, level=level, seed=seed)
    return float(lo[0]), float(hi[0])


def bootstrap_cis(
    groups: Sequence[np.ndarray], *, n_boot: int = 2000, level: float = 0.95, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`bootstrap_ci` of many groups at once: groups of one size share their resampling indices,
    so a group's interval does not depend on the other groups."""
    sizes = np.array([len(g) for g in groups], dtype=np.int64)
    values = np.concatenate([np.asarray(g, dtype=float).ravel() for g in groups]) if len(groups) else np.empty(0)
    return _bootstrap(values, np.cumsum(sizes) - sizes, sizes, n_boot=n_boot, level=level, seed=seed)


def cluster_bootstrap(
    values: np.ndarray,
    clusters: np.ndarray,
    starts: np.ndarray,
    sizes: np.ndarray,
    *,
    n_boot: int,
    level: float = 0.95,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per run ``values[s:s + n]``: the number of distinct clusters (articles) in it, and the
    percentile bootstrap interval of its mean that resamples whole clusters, not values.

    Sentences of one article are not independent draws: an interval that resamples sentences is
    too narrow wherever articles differ. Each resample draws k of the run's k articles with
    replacement and takes the mean over all their values (the ratio of summed scores to summed
    counts). NaN where a run has fewer than 2 articles: one article's sentences say nothing about
    how the outlet's other articles would vary. Seeded per run, so a run's interval does not depend
    on the others."""
    n_clusters = np.zeros(len(sizes), dtype=np.int64)
    lo = np.full(len(sizes), np.nan)
    hi = np.full(len(sizes), np.nan)
    alpha = (1 - level) / 2
    for g, (a, n) in enumerate(zip(starts.tolist(), sizes.tolist())):
        codes, inverse = np.unique(clusters[a : a + n], return_inverse=True)
        k = len(codes)
        n_clusters[g] = k
        if k < 2 or n_boot <= 0:
            continue
        sums = np.bincount(inverse, weights=values[a : a + n], minlength=k)
        counts = np.bincount(inverse, minlength=k).astype(float)
        rng = np.random.default_rng(seed)
        means = np.empty(n_boot)
        step = max(1, 4_000_000 // k)
        for b in range(0, n_boot, step):
            idx = rng.integers(0, k, size=(min(step, n_boot - b), k))
            means[b : b + len(idx)] = sums[idx].sum(axis=1) / counts[idx].sum(axis=1)
        lo[g], hi[g] = np.quantile(means, [alpha, 1 - alpha])
    return n_clusters, lo, hi

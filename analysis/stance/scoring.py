"""Targeted stance: how each sentence leans toward each actor it mentions, and per-outlet aggregates.

For every (sentence, actor) pair of the mentions table a scorer gives probabilities for
negative / neutral / positive toward that actor; the pair's ``score`` is P(positive) -
P(negative) in [-1, 1] and its ``label`` the most probable class. When an actor is mentioned
several times in one sentence, the probabilities of its mentions are averaged. Two actors of one
sentence are scored independently (each with its own mention marked).

Scorers (all trained only on NewsMTSC train.jsonl, CPU only, nothing downloaded):
``accurate`` (fine-tuned MiniLM run by onnxruntime), ``fast`` (linear model over target-aware
features), and ``vader`` (whole-sentence VADER, the baseline; not targeted).
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd

__all__ = [
    "LABELS", "POLARITY", "STANCE_COLUMNS", "AGG_COLUMNS", "EVIDENCE_COLUMNS", "Scorer", "VaderScorer",
    "get_scorer", "choose_scorer", "AUTO_ACCURATE_LIMIT", "score_mentions", "aggregate_stances",
    "bootstrap_ci", "bootstrap_cis", "EXACT_BOOTSTRAP_MAX", "evidence", "merge_evidence", "highlight", "read_newsmtsc", "score_newsmtsc", "classification_report",
    "model_card",
]

LABELS: tuple[str, str, str] = ("negative", "neutral", "positive")
POLARITY: dict[float, str] = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
_POLARITY_OF = {v: k for k, v in POLARITY.items()}
AUTO_ACCURATE_LIMIT = 100_000

STANCE_COLUMNS = [
    "doc_id", "sent_id", "actor", "score", "label", "p_negative", "p_neutral", "p_positive",
    "n_mentions", "mention_start", "mention_end", "in_quote", "voice", "speaker", "method",
]
AGG_COLUMNS = [
    "outlet", "actor", "voice", "n", "mean_score", "ci_low", "ci_high", "share_negative",
    "share_neutral", "share_positive", "method",
]
EVIDENCE_COLUMNS = ["outlet", "actor", "direction", "rank", "doc_id", "sent_id", "score", "label", "voice", "speaker", "text", "html"]


class Scorer(Protocol):
    """Anything that turns (text, target span) pairs into class probabilities."""

    name: str

    def predict_proba(self, texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """(n, 3) probabilities, columns negative / neutral / positive."""
        ...


class VaderScorer:
    """Whole-sentence VADER (the vaderSentiment package's analyser and lexicon, offline).

    Not targeted: both actors of a sentence get the same score. The baseline the others beat.
    Compound >= 0.05 is positive, <= -0.05 negative (VADER's own thresholds).
    """

    name = "vader"

    def __init__(self) -> None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self._sia = SentimentIntensityAnalyzer()

    def predict_proba(self, texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """One-hot-ish probabilities from the compound score of each whole text."""
        out = np.zeros((len(texts), 3))
        for i, text in enumerate(texts):
            c = self._sia.polarity_scores(text)["compound"]
            out[i] = (1.0, 0.0, 0.0) if c <= -0.05 else (0.0, 0.0, 1.0) if c >= 0.05 else (0.0, 1.0, 0.0)
        return out


@lru_cache(maxsize=4)
def get_scorer(name: str) -> Scorer:
    """The scorer called ``accurate``, ``fast`` or ``vader`` (loaded once per process)."""
    if name == "accurate":
        from analysis.stance.scorers.accurate import AccurateScorer

        return AccurateScorer()
    if name == "fast":
        from analysis.stance.scorers.fast import FastScorer

        return FastScorer()
    if name == "vader":
        return VaderScorer()
    raise ValueError(f"unknown scorer '{name}' (choose accurate, fast or vader)")


def choose_scorer(name: str, n_pairs: int) -> str:
    """Resolve ``auto``: the accurate scorer up to AUTO_ACCURATE_LIMIT pairs, the fast one above."""
    if name == "auto":
        return "accurate" if n_pairs <= AUTO_ACCURATE_LIMIT else "fast"
    return name


def _method(scorer: Scorer) -> str:
    """A label saying which scorer (and model version) produced a score."""
    meta = getattr(scorer, "meta", None)
    version = meta.get("version") if isinstance(meta, dict) else None
    return f"{scorer.name}" + (f" ({version})" if version else "")


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
        out[i] = values[starts[i]:starts[i] + sizes[i]].mean()
    return out


def _pair_rows(table: pd.DataFrame, doc_ids: pd.Series, sent_ids: pd.Series) -> np.ndarray:
    """Row positions in ``table`` (unique doc_id, sent_id pairs) of the given pairs; -1 where absent."""
    codes, _ = pd.factorize(pd.concat([table["doc_id"], pd.Series(doc_ids)], ignore_index=True))
    sent = np.concatenate([table["sent_id"].to_numpy(dtype=np.int64), np.asarray(sent_ids, dtype=np.int64)])
    key = codes.astype(np.int64) * (int(sent.max()) + 1) + sent
    return pd.Index(key[:len(table)]).get_indexer(key[len(table):])


def _known_docs(stances: pd.DataFrame, docs: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The stances of documents in ``docs`` (the others left out, as an inner join) and each one's
    position in ``docs``."""
    if len(stances) == 0:
        return stances, np.zeros(0, dtype=np.intp)
    pos = pd.Index(docs["doc_id"]).get_indexer(stances["doc_id"])
    known = pos >= 0
    return (stances, pos) if known.all() else (stances[known].reset_index(drop=True), pos[known])


def score_mentions(
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    scorer: str | Scorer = "auto",
    speakers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The stances table: one row per (sentence, actor) with score, label and class probabilities.

    Only counted mentions are scored. ``voice`` is "quote" when every mention of the actor in the
    sentence lies inside a direct quotation, else "outlet"; ``speaker`` comes from ``speakers``
    (columns doc_id, sent_id, speaker) where known. Rows come in the order of each pair's first
    mention; the probabilities of a pair's mentions are averaged in mention order (Kahan-summed).
    """
    if len(mentions):
        mentions = mentions[mentions["counted"].astype(bool)]
    if len(mentions) == 0 or len(sentences) == 0:
        return pd.DataFrame(columns=STANCE_COLUMNS)
    row = _pair_rows(sentences, mentions["doc_id"], mentions["sent_id"])
    if (row < 0).any():
        raise ValueError("mentions of sentences that are not in the sentences table")
    sent_start = sentences["start"].to_numpy()[row]
    start, end = mentions["start"].to_numpy(), mentions["end"].to_numpy()
    texts = sentences["text"].iloc[row].tolist()
    spans = list(zip((start - sent_start).tolist(), (end - sent_start).tolist()))
    if isinstance(scorer, str):
        scorer = get_scorer(choose_scorer(scorer, len(texts)))
    proba = np.asarray(scorer.predict_proba(texts, spans), dtype=float)
    actor_code = pd.factorize(mentions["actor"])[0]
    pair = pd.factorize(row.astype(np.int64) * (int(actor_code.max()) + 1) + actor_code)[0]
    order = np.argsort(pair, kind="stable")
    starts, sizes = _segments(pair[order])
    first = order[starts]
    p = _kahan_means(proba[order], starts, sizes)
    in_quote = np.logical_and.reduceat(mentions["in_quote"].to_numpy(dtype=bool)[order], starts)
    doc_id, sent_id = mentions["doc_id"].to_numpy()[first], mentions["sent_id"].to_numpy()[first]
    return pd.DataFrame({
        "doc_id": doc_id, "sent_id": sent_id, "actor": mentions["actor"].to_numpy()[first],
        "score": np.clip(p[:, 2] - p[:, 0], -1, 1), "label": np.array(LABELS)[p.argmax(axis=1)],
        "p_negative": p[:, 0], "p_neutral": p[:, 1], "p_positive": p[:, 2], "n_mentions": sizes,
        "mention_start": np.minimum.reduceat(start[order], starts), "mention_end": end[first],
        "in_quote": in_quote, "voice": np.where(in_quote, "quote", "outlet"),
        "speaker": _speakers(speakers, doc_id, sent_id, in_quote), "method": _method(scorer),
    }, columns=STANCE_COLUMNS)


def _speakers(speakers: pd.DataFrame | None, doc_id: np.ndarray, sent_id: np.ndarray, in_quote: np.ndarray) -> list | str:
    """The speaker of each quoted (doc_id, sent_id) (the first one listed), "" for the others."""
    if speakers is None or len(speakers) == 0:
        return ""
    known: dict = {}
    for key, name in zip(zip(speakers["doc_id"].tolist(), speakers["sent_id"].tolist()), speakers["speaker"].tolist()):
        known.setdefault(key, name)
    return [known.get(key, "") if q else "" for key, q in zip(zip(doc_id.tolist(), sent_id.tolist()), in_quote.tolist())]


EXACT_BOOTSTRAP_MAX = 500
# Above this many values the normal interval replaces the percentile bootstrap. Measured on the
# fast scorer's stance scores of 100,000 generated articles (groups of 100 to 1,000 sentences):
# the two intervals' ends differ by 0.04 standard errors (median; 0.11-0.13 at the 95th
# percentile), less than two bootstrap runs with different seeds differ from each other (0.05-0.06
# median, 0.14-0.18 at the 95th percentile). At 5,000 the bootstrap of 400 outlets x 2 actors x 3
# voices took 23 of the 110 s of the cross-document phase at 100,000 articles.


def _draw_resamples(n: int, n_boot: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The resampling indices of a group of n values (the same for every group of that size):
    ``rng.integers(0, n, size=(n_boot, n))`` as columns (n, n_boot), and each column's multiplicity.
    When there are fewer possible resamples than n_boot (n**n < n_boot) only the distinct ones."""
    idx = np.random.default_rng(seed).integers(0, n, size=(n_boot, n))
    if n < 8 and n ** n < n_boot:
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
        chunk = V[a:a + step]
        total = np.take(chunk, cols[0], axis=1)
        for c in cols[1:]:
            total += np.take(chunk, c, axis=1)
        stats[a:a + step] = _order_statistics(total / n, counts, ranks)
    at = {r: i for i, r in enumerate(ranks)}
    return (_lerp(stats[:, at[low[0]]], stats[:, at[low[1]]], low[2]),
            _lerp(stats[:, at[high[0]]], stats[:, at[high[1]]], high[2]))


def _normal_intervals(V: np.ndarray, *, level: float) -> tuple[np.ndarray, np.ndarray]:
    """mean ± z·s/√n of each row of V (groups of one size above EXACT_BOOTSTRAP_MAX)."""
    from statistics import NormalDist

    z = NormalDist().inv_cdf(1 - (1 - level) / 2)
    mean = np.array([v.mean() for v in V])
    half = np.array([z * v.std(ddof=1) / np.sqrt(V.shape[1]) for v in V])
    return mean - half, mean + half


def _bootstrap(values: np.ndarray, starts: np.ndarray, sizes: np.ndarray, *, n_boot: int, level: float, seed: int
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


def bootstrap_cis(groups: Sequence[np.ndarray], *, n_boot: int = 2000, level: float = 0.95, seed: int = 0
                  ) -> tuple[np.ndarray, np.ndarray]:
    """:func:`bootstrap_ci` of many groups at once: groups of one size share their resampling indices,
    so a group's interval does not depend on the other groups."""
    sizes = np.array([len(g) for g in groups], dtype=np.int64)
    values = np.concatenate([np.asarray(g, dtype=float).ravel() for g in groups]) if len(groups) else np.empty(0)
    return _bootstrap(values, np.cumsum(sizes) - sizes, sizes, n_boot=n_boot, level=level, seed=seed)


def aggregate_stances(
    stances: pd.DataFrame,
    docs: pd.DataFrame,
    *,
    by: str = "outlet",
    voices: Sequence[str] = ("all", "outlet", "quote"),
    n_boot: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """Per outlet (``by="outlet"``) or document (``by="doc_id"``) × actor × voice: n, mean score,
    a bootstrap interval over sentences, and class shares.

    ``voice`` "outlet" keeps the outlet's own sentences (mention outside quotes), "quote" the
    quoted ones, "all" both. The bootstrap is seeded, so the table is reproducible; groups are
    taken in sorted order within each voice (per document: documents in corpus order, then voice
    and actor, so that batches concatenate to the whole). Stances of documents missing from
    ``docs`` are left out.
    """
    stances, pos = _known_docs(stances, docs)
    if len(stances) == 0:
        return pd.DataFrame(columns=AGG_COLUMNS if by == "outlet" else ["doc_id", "outlet"] + AGG_COLUMNS[1:])
    outlet = docs["outlet"].to_numpy()[pos]
    actor_code, actors = pd.factorize(stances["actor"], sort=True)
    rows, voice_of = _voice_rows(stances["voice"], voices)
    if by != "outlet":  # documents in corpus order, then voice, then actor
        key = (pos[rows] * len(voices) + voice_of) * len(actors) + actor_code[rows]
    else:  # voice, then outlet, then actor
        outlet_code, outlets = pd.factorize(outlet, sort=True)
        key = (voice_of * len(outlets) + outlet_code[rows]) * len(actors) + actor_code[rows]
    order = np.argsort(key, kind="stable")
    rows, voice_of = rows[order], voice_of[order]
    starts, sizes = _segments(key[order])
    first = rows[starts]
    scores = stances["score"].to_numpy(dtype=float)[rows]
    lo, hi = _bootstrap(scores, starts, sizes, n_boot=n_boot, level=0.95, seed=seed)
    labels = stances["label"].to_numpy()[rows]
    out = {"doc_id": stances["doc_id"].to_numpy()[first]} if by != "outlet" else {}
    out.update({
        "outlet": outlet[first], "actor": stances["actor"].to_numpy()[first],
        "voice": np.asarray(voices, dtype=object)[voice_of[starts]], "n": sizes,
        "mean_score": _group_means(scores, starts, sizes), "ci_low": lo, "ci_high": hi,
    })
    for label in LABELS:
        out[f"share_{label}"] = np.add.reduceat((labels == label).astype(np.int64), starts) / sizes
    out["method"] = _group_methods(stances["method"], rows, starts, sizes)
    return pd.DataFrame(out)


def _voice_rows(voice: pd.Series, voices: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The stance rows of each voice ("all": every row), concatenated, and the voice (index) of each."""
    rows = [np.arange(len(voice)) if v == "all" else np.flatnonzero((voice == v).to_numpy(dtype=bool)) for v in voices]
    voice_of = [np.full(len(r), i, dtype=np.int64) for i, r in enumerate(rows)]
    return np.concatenate(rows), np.concatenate(voice_of)


def _group_methods(method: pd.Series, rows: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> str | list[str]:
    """The scorer of every group: the one method, or per group its methods sorted and comma-joined."""
    if method.nunique() <= 1:
        return method.iloc[0]
    m = method.to_numpy()[rows]
    return [", ".join(sorted(set(m[s:s + n]))) for s, n in zip(starts.tolist(), sizes.tolist())]


def highlight(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """HTML of a sentence with the given spans (relative offsets) wrapped in <mark>; all text escaped."""
    parts: list[str] = []
    pos = 0
    for a, b in sorted(spans):
        if a < pos:
            continue
        parts.append(html.escape(text[pos:a]))
        parts.append("<mark>" + html.escape(text[a:b]) + "</mark>")
        pos = b
    parts.append(html.escape(text[pos:]))
    return "".join(parts)


_DIRECTIONS = np.array(["positive", "negative"])


def _strongest_rows(outlet: np.ndarray, actor: np.ndarray, score: np.ndarray, k: int
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per outlet × actor the rows of the k highest positive and the k lowest negative scores (ties:
    the earlier row), ordered by outlet, actor, direction (positive first) and rank; with their
    direction (0 positive, 1 negative) and rank."""
    o = pd.factorize(outlet, sort=True)[0].astype(np.int64)
    a = pd.factorize(actor, sort=True)[0].astype(np.int64)
    group = o * (int(a.max(initial=0)) + 1) + a
    picked = []
    for direction, sign in ((0, 1.0), (1, -1.0)):
        rows = np.flatnonzero(score * sign > 0)
        rows = rows[np.lexsort((rows, -sign * score[rows], group[rows]))]
        starts, sizes = _segments(group[rows])
        rank = np.arange(1, len(rows) + 1) - np.repeat(starts, sizes)
        keep = rank <= k
        picked.append((rows[keep], np.full(int(keep.sum()), direction), rank[keep], group[rows][keep]))
    rows, direction, rank, group = (np.concatenate(p) for p in zip(*picked))
    order = np.lexsort((rank, direction, group))
    return rows[order], direction[order], rank[order]


def _strongest(frame: pd.DataFrame, k: int) -> pd.DataFrame:
    """Per outlet × actor the k highest positive and the k lowest negative scores (ties: the earlier row),
    with ``direction`` and ``rank``, ordered by outlet, actor, direction (positive first) and rank."""
    rows, direction, rank = _strongest_rows(frame["outlet"].to_numpy(), frame["actor"].to_numpy(),
                                            frame["score"].to_numpy(dtype=float), k)
    return frame.iloc[rows].reset_index(drop=True).assign(direction=_DIRECTIONS[direction], rank=rank)


def evidence(
    stances: pd.DataFrame,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    docs: pd.DataFrame,
    *,
    k: int = 3,
) -> pd.DataFrame:
    """For every outlet × actor, the k sentences that pull its mean most up and most down.

    "Up" are the k highest positive scores, "down" the k lowest negative ones (ties: the earlier
    sentence). Each row carries the sentence text and an HTML version with the actor's mentions
    marked (escaped, so it is safe to show in a report). Stances of documents missing from
    ``docs`` are left out.
    """
    stances, pos = _known_docs(stances, docs)
    if len(stances) == 0:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    picked, direction, rank = _strongest_rows(docs["outlet"].to_numpy()[pos], stances["actor"].to_numpy(),
                                              stances["score"].to_numpy(dtype=float), k)
    if len(picked) == 0:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    sel = stances.iloc[picked].reset_index(drop=True)
    srow = _pair_rows(sentences, sel["doc_id"], sel["sent_id"])
    if (srow < 0).any():
        raise ValueError("stances of sentences that are not in the sentences table")
    text = sentences["text"].iloc[srow].reset_index(drop=True)
    html_rows = _highlighted(text.tolist(), sentences["start"].to_numpy()[srow], srow, sel["actor"], sentences, mentions)
    return pd.DataFrame({
        "outlet": docs["outlet"].iloc[pos[picked]].reset_index(drop=True), "actor": sel["actor"],
        "direction": _DIRECTIONS[direction], "rank": rank, "doc_id": sel["doc_id"], "sent_id": sel["sent_id"],
        "score": sel["score"], "label": sel["label"], "voice": sel["voice"], "speaker": sel["speaker"],
        "text": text, "html": html_rows,
    }, columns=EVIDENCE_COLUMNS)


def _highlighted(texts: list[str], sent_start: np.ndarray, srow: np.ndarray, actor: pd.Series,
                 sentences: pd.DataFrame, mentions: pd.DataFrame) -> list[str]:
    """:func:`highlight` of each sentence (row ``srow`` of ``sentences``) with the counted mentions of its actor marked."""
    counted = mentions[mentions["counted"].astype(bool)]
    mrow = _pair_rows(sentences, counted["doc_id"], counted["sent_id"])
    codes, _ = pd.factorize(pd.concat([actor, counted["actor"]], ignore_index=True))
    width = int(codes.max()) + 1
    wanted = srow.astype(np.int64) * width + codes[:len(actor)]
    have = mrow.astype(np.int64) * width + codes[len(actor):]
    use = np.isin(have, wanted)
    spans: dict[int, list[tuple[int, int]]] = {}
    starts, ends = counted["start"].to_numpy()[use].tolist(), counted["end"].to_numpy()[use].tolist()
    for key, a, b in zip(have[use].tolist(), starts, ends):
        spans.setdefault(key, []).append((a, b))
    return [highlight(t, [(a - s0, b - s0) for a, b in spans[key]])
            for t, s0, key in zip(texts, sent_start.tolist(), wanted.tolist())]


def merge_evidence(parts: Sequence[pd.DataFrame], *, k: int = 3) -> pd.DataFrame:
    """The evidence table from per-batch evidence tables (batches in corpus order).

    Each batch's table holds its best candidates per outlet × actor × direction; the merged
    table keeps the k strongest of all candidates (ties: the earlier sentence) and renumbers
    ``rank``, which gives :func:`evidence` of the whole corpus whatever the batches were.
    """
    frames = [p for p in parts if len(p)]
    if not frames:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    frame = pd.concat(frames, ignore_index=True).drop(columns=["rank", "direction"])
    return _strongest(frame, k)[EVIDENCE_COLUMNS]


def model_card(scorer: Scorer) -> dict[str, object]:
    """The key facts of a scorer's shipped model, read from its meta.json (both model formats).

    Figures are those recorded when the model was built; bench/stance.py re-measures them.
    """
    meta = getattr(scorer, "meta", None) or {}
    card: dict[str, object] = {"scorer": scorer.name, "model": meta.get("model") or meta.get("base_model", "")}
    dev = (meta.get("eval_shipped") or {}).get("dev") or meta.get("devtest_rw") or {}
    card["devtest_rw macro-F1"] = dev.get("macro_f1")
    card["devtest_rw accuracy"] = dev.get("accuracy")
    training = meta.get("training") or {}
    card["training data"] = training.get("data") or (meta.get("training_data") or {}).get("file")
    seconds = training.get("train_wall_seconds") or meta.get("training_seconds")
    if seconds:  # a fine-tuned model's time includes the runs that made its initial weights
        seconds += sum(float(t.get("train_wall_seconds") or 0) for t in training.get("init_training", []))
    card["training time (s)"] = round(float(seconds), 1) if seconds else None
    if "quantization" in meta:
        card["quantisation"] = meta["quantization"]
    return {k: v for k, v in card.items() if v not in (None, "")}


# --- NewsMTSC-format files: score your own coding, validate against it -------------------------

def read_newsmtsc(path: str | Path) -> list[dict]:
    """Read a NewsMTSC-format JSONL file; a bad line or target raises ValueError naming file and line."""
    path = Path(path)
    records: list[dict] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise ValueError(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not valid UTF-8 at byte offset {exc.start}") from None
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: line {n}: invalid JSON ({exc.msg})") from None
        text = rec.get("sentence_normalized") if isinstance(rec, dict) else None
        if not isinstance(text, str) or not isinstance(rec.get("targets"), list):
            raise ValueError(f"{path}: line {n}: needs 'sentence_normalized' (string) and 'targets' (list)")
        for t, target in enumerate(rec["targets"]):
            a, b = target.get("from"), target.get("to")
            if not (isinstance(a, int) and isinstance(b, int) and 0 <= a < b <= len(text)):
                raise ValueError(f"{path}: line {n}: target {t}: 'from'/'to' must be offsets into the sentence")
            if "polarity" in target and target["polarity"] not in POLARITY:
                raise ValueError(f"{path}: line {n}: target {t}: polarity must be 2.0, 4.0 or 6.0")
        records.append(rec)
    return records


def score_newsmtsc(records: list[dict], *, scorer: str | Scorer = "accurate") -> list[dict]:
    """Add ``predicted_polarity`` (2.0 / 4.0 / 6.0) and ``score`` to every target of the records."""
    pairs = [(rec["sentence_normalized"], (t["from"], t["to"])) for rec in records for t in rec["targets"]]
    if isinstance(scorer, str):
        scorer = get_scorer(choose_scorer(scorer, len(pairs)))
    proba = scorer.predict_proba([p[0] for p in pairs], [p[1] for p in pairs]) if pairs else np.zeros((0, 3))
    out: list[dict] = []
    k = 0
    for rec in records:
        rec = json.loads(json.dumps(rec))
        for t in rec["targets"]:
            p = proba[k]
            t["predicted_polarity"] = _POLARITY_OF[LABELS[int(np.argmax(p))]]
            t["score"] = round(float(p[2] - p[0]), 6)
            k += 1
        rec["scorer"] = _method(scorer)
        out.append(rec)
    return out


def classification_report(gold: Sequence[str], pred: Sequence[str]) -> dict:
    """Accuracy, macro-F1, per-class precision / recall / F1 / support and the confusion matrix.

    Rows of the confusion matrix are the gold classes, columns the predicted ones, in LABELS order.
    A class never predicted has precision 0 (and so does its F1), as in scikit-learn with
    zero_division=0.
    """
    gold, pred = list(gold), list(pred)
    if len(gold) != len(pred):
        raise ValueError("gold and predicted labels differ in length")
    idx = {c: i for i, c in enumerate(LABELS)}
    cm = np.zeros((3, 3), dtype=int)
    for g, p in zip(gold, pred):
        cm[idx[g], idx[p]] += 1
    per_class = {}
    for c, i in idx.items():
        tp = cm[i, i]
        prec = tp / cm[:, i].sum() if cm[:, i].sum() else 0.0
        rec = tp / cm[i, :].sum() if cm[i, :].sum() else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per_class[c] = {"precision": float(prec), "recall": float(rec), "f1": float(f1), "support": int(cm[i, :].sum())}
    n = int(cm.sum())
    return {
        "n": n,
        "accuracy": float(np.trace(cm) / n) if n else float("nan"),
        "macro_f1": float(np.mean([v["f1"] for v in per_class.values()])) if n else float("nan"),
        "per_class": per_class,
        "confusion": cm.tolist(),
    }

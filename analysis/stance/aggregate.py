"""Stance per outlet (or document) × actor × voice: n, mean score, bootstrap interval, class shares."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.stance.bootstrap import _bootstrap, _group_means, _segments, cluster_bootstrap
from analysis.stance.scoring import LABELS

AGG_COLUMNS = [
    "outlet",
    "actor",
    "voice",
    "n",
    "n_articles",
    "mean_score",
    "ci_low",
    "ci_high",
    "share_negative",
    "share_neutral",
    "share_positive",
    "method",
]

# stance_outlet's columns as the summary and the timeline name them (the stance_ prefix)
STANCE_RENAME = {
    "n": "stance_n",
    "n_articles": "stance_n_articles",
    "mean_score": "stance_mean",
    "ci_low": "stance_ci_low",
    "ci_high": "stance_ci_high",
}

# stance_doc: one article per row, so no n_articles
DOC_COLUMNS = ["doc_id", "outlet"] + [c for c in AGG_COLUMNS[1:] if c != "n_articles"]


def _known_docs(stances: pd.DataFrame, docs: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The stances of documents in ``docs`` (the others left out, as an inner join) and each one's
    position in ``docs``."""
    if len(stances) == 0:
        return stances, np.zeros(0, dtype=np.intp)
    pos = pd.Index(docs["doc_id"]).get_indexer(stances["doc_id"])
    known = pos >= 0
    return (stances, pos) if known.all() else (stances[known].reset_index(drop=True), pos[known])


def aggregate_stances(
    stances: pd.DataFrame,
    docs: pd.DataFrame,
    *,
    by: str = "outlet",
    voices: Sequence[str] | None = None,
    include_wire: bool = False,
    n_boot: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """Per outlet (``by="outlet"``) or document (``by="doc_id"``) × actor × voice: n, mean score,
    a bootstrap interval, and class shares.

    Per outlet the interval resamples articles (:func:`cluster_bootstrap`; none for fewer than two
    articles) and ``n_articles`` says how many the group rests on; per document it resamples the
    document's sentences (the only units there).

    ``voice`` "outlet" keeps the outlet's own sentences (mention outside quotes), "quote" the
    quoted ones, "all" both. Per outlet (default voices all, outlet, wire, quote) the outlet's own
    voice leaves out the articles that ``docs.source_kind`` calls wire or syndicated copy, unless
    ``include_wire``; "wire" holds the sentences outside quotes of those articles (no rows when
    there are none). The bootstrap is seeded, so the table is reproducible; groups are
    taken in sorted order within each voice (per document: documents in corpus order, then voice
    and actor, so that batches concatenate to the whole). Stances of documents missing from
    ``docs`` are left out.
    """
    stances, pos = _known_docs(stances, docs)
    if len(stances) == 0:
        return pd.DataFrame(columns=AGG_COLUMNS if by == "outlet" else DOC_COLUMNS)
    if voices is None:
        voices = ("all", "outlet", "wire", "quote") if by == "outlet" else ("all", "outlet", "quote")
    outlet = docs["outlet"].to_numpy()[pos]
    actor_code, actors = pd.factorize(stances["actor"], sort=True)
    copied = np.zeros(len(stances), dtype=bool)
    if by == "outlet" and "source_kind" in docs.columns:
        copied = (docs["source_kind"].to_numpy()[pos] != "own") & pd.notna(docs["source_kind"].to_numpy()[pos])
    rows, voice_of = _voice_rows(stances["voice"], voices, copied=copied, include_wire=include_wire)
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
    if by == "outlet":
        n_articles, lo, hi = cluster_bootstrap(scores, pos[rows], starts, sizes, n_boot=n_boot, seed=seed)
    else:
        lo, hi = _bootstrap(scores, starts, sizes, n_boot=n_boot, level=0.95, seed=seed)
    labels = stances["label"].to_numpy()[rows]
    out = {"doc_id": stances["doc_id"].to_numpy()[first]} if by != "outlet" else {}
    out.update(
        {
            "outlet": outlet[first],
            "actor": stances["actor"].to_numpy()[first],
            "voice": np.asarray(voices, dtype=object)[voice_of[starts]],
            "n": sizes,
            **({"n_articles": n_articles} if by == "outlet" else {}),
            "mean_score": _group_means(scores, starts, sizes),
            "ci_low": lo,
            "ci_high": hi,
        }
    )
    for label in LABELS:
        out[f"share_{label}"] = np.add.reduceat((labels == label).astype(np.int64), starts) / sizes
    out["method"] = _group_methods(stances["method"], rows, starts, sizes)
    return pd.DataFrame(out)


def _voice_rows(
    voice: pd.Series, voices: Sequence[str], *, copied: np.ndarray | None = None, include_wire: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """The stance rows of each voice ("all": every row), concatenated, and the voice (index) of each.

    ``copied`` marks the rows of wire or syndicated articles: "outlet" leaves them out (unless
    ``include_wire``), "wire" is the outlet-voice rows among them."""
    own_voice = (voice == "outlet").to_numpy(dtype=bool)
    if copied is None:
        copied = np.zeros(len(voice), dtype=bool)

    def pick(v: str) -> np.ndarray:
        if v == "all":
            return np.arange(len(voice))
        if v == "outlet":
            return np.flatnonzero(own_voice if include_wire else own_voice & ~copied)
        if v == "wire":
            return np.flatnonzero(own_voice & copied)
        return np.flatnonzero((voice == v).to_numpy(dtype=bool))

    rows = [pick(v) for v in voices]
    voice_of = [np.full(len(r), i, dtype=np.int64) for i, r in enumerate(rows)]
    return np.concatenate(rows), np.concatenate(voice_of)


def _group_methods(method: pd.Series, rows: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> str | list[str]:
    """The scorer of every group: the one method, or per group its methods sorted and comma-joined."""
    if method.nunique() <= 1:
        return method.iloc[0]
    m = method.to_numpy()[rows]
    return [", ".join(sorted(set(m[s : s + n]))) for s, n in zip(starts.tolist(), sizes.tolist())]

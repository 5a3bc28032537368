"""The evidence behind the stance figures: per outlet and actor, the sentences with the strongest
scores either way, the actor's mentions marked in escaped HTML (news text is untrusted input)."""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.stance.aggregate import _known_docs
from analysis.stance.bootstrap import _segments
from analysis.stance.scoring import _pair_rows

EVIDENCE_COLUMNS = [
    "outlet",
    "actor",
    "direction",
    "rank",
    "doc_id",
    "sent_id",
    "score",
    "label",
    "voice",
    "speaker",
    "via",
    "text",
    "html",
]


def highlight(text: str, spans: Sequence[tuple[int, int]], notes: Sequence[str] = ()) -> str:
    """HTML of a sentence with the given spans (relative offsets) wrapped in <mark>; all text escaped.

    ``notes``, where given, pairs with ``spans``: a non-empty note is shown after its span in
    brackets, as an editor clarifies a reference ("he [Donald Trump]"): what a pronoun or a
    description was resolved to.
    """
    parts: list[str] = []
    pos = 0
    noted = list(notes) + [""] * (len(spans) - len(notes))
    for (a, b), note in sorted(zip(spans, noted)):
        if a < pos:
            continue
        parts.append(html.escape(text[pos:a]))
        parts.append("<mark>" + html.escape(text[a:b]) + "</mark>")
        if note:
            parts.append(' <span class="ref">[' + html.escape(note) + "]</span>")
        pos = b
    parts.append(html.escape(text[pos:]))
    return "".join(parts)


_DIRECTIONS = np.array(["positive", "negative"])


def _strongest_rows(
    outlet: np.ndarray, actor: np.ndarray, score: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per outlet × actor the rows of the k highest positive and the k lowest negative scores (ties:
    the earlier row), ordered by outlet, actor, direction (positive first) and rank; with their
    direction (0 positive, 1 negative) and rank."""
    o = pd.factorize(outlet, sort=True)[0].astype(np.int64)
    a = pd.factorize(actor, sort=True)[0].astype(np.int64)
    group = o * (int(a.max(initial=0)) + 1) + a
    picked = []
    for d, sign in ((0, 1.0), (1, -1.0)):
        rows = np.flatnonzero(score * sign > 0)
        rows = rows[np.lexsort((rows, -sign * score[rows], group[rows]))]
        starts, sizes = _segments(group[rows])
        rank = np.arange(1, len(rows) + 1) - np.repeat(starts, sizes)
        keep = rank <= k
        picked.append((rows[keep], np.full(int(keep.sum()), d), rank[keep], group[rows][keep]))
    rows, direction, rank, group = (np.concatenate(p) for p in zip(*picked))
    order = np.lexsort((rank, direction, group))
    return rows[order], direction[order], rank[order]


def _strongest(frame: pd.DataFrame, k: int) -> pd.DataFrame:
    """Per outlet × actor the k highest positive and the k lowest negative scores (ties: the earlier row),
    with ``direction`` and ``rank``, ordered by outlet, actor, direction (positive first) and rank."""
    rows, direction, rank = _strongest_rows(
        frame["outlet"].to_numpy(), frame["actor"].to_numpy(), frame["score"].to_numpy(dtype=float), k
    )
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
    picked, direction, rank = _strongest_rows(
        docs["outlet"].to_numpy()[pos], stances["actor"].to_numpy(), stances["score"].to_numpy(dtype=float), k
    )
    if len(picked) == 0:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    sel = stances.iloc[picked].reset_index(drop=True)
    srow = _pair_rows(sentences, sel["doc_id"], sel["sent_id"])
    if (srow < 0).any():
        raise ValueError("stances of sentences that are not in the sentences table")
    text = sentences["text"].iloc[srow].reset_index(drop=True)
    html_rows = _highlighted(
        text.tolist(), sentences["start"].to_numpy()[srow], srow, sel["actor"], sentences, mentions
    )
    return pd.DataFrame(
        {
            "outlet": docs["outlet"].iloc[pos[picked]].reset_index(drop=True),
            "actor": sel["actor"],
            "direction": _DIRECTIONS[direction],
            "rank": rank,
            "doc_id": sel["doc_id"],
            "sent_id": sel["sent_id"],
            "score": sel["score"],
            "label": sel["label"],
            "voice": sel["voice"],
            "speaker": sel["speaker"],
            "via": sel["via"] if "via" in sel else "name",
            "text": text,
            "html": html_rows,
        },
        columns=EVIDENCE_COLUMNS,
    )


def _highlighted(
    texts: list[str],
    sent_start: np.ndarray,
    srow: np.ndarray,
    actor: pd.Series,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
) -> list[str]:
    """:func:`highlight` of each sentence (row ``srow`` of ``sentences``) with the counted mentions
    of its actor marked."""
    counted = mentions[mentions["counted"].astype(bool)]
    mrow = _pair_rows(sentences, counted["doc_id"], counted["sent_id"])
    codes, _ = pd.factorize(pd.concat([actor, counted["actor"]], ignore_index=True))
    width = int(codes.max()) + 1
    wanted = srow.astype(np.int64) * width + codes[: len(actor)]
    have = mrow.astype(np.int64) * width + codes[len(actor) :]
    use = np.isin(have, wanted)
    spans: dict[int, list[tuple[int, int, str]]] = {}
    starts, ends = counted["start"].to_numpy()[use].tolist(), counted["end"].to_numpy()[use].tolist()
    # a reference row (kind "pronoun") carries its antecedent in "form": shown after the pronoun
    if "kind" in counted and "form" in counted:
        notes = np.where(counted["kind"].to_numpy()[use] == "pronoun", counted["form"].to_numpy()[use], "").tolist()
    else:
        notes = [""] * int(use.sum())
    for key, a, b, note in zip(have[use].tolist(), starts, ends, notes):
        spans.setdefault(key, []).append((a, b, note or ""))
    return [
        highlight(t, [(a - s0, b - s0) for a, b, _ in spans[key]], [n for _, _, n in spans[key]])
        for t, s0, key in zip(texts, sent_start.tolist(), wanted.tolist())
    ]


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

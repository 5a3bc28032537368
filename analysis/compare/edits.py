"""What an outlet did to the copy it ran: the word-level edits (difflib opcodes) of every
near-verbatim pair of the reuse alignment (:mod:`analysis.compare.reuse`), an edit that touches an
actor mention in either sentence flagged."""

from __future__ import annotations

from collections import defaultdict
from difflib import SequenceMatcher

import pandas as pd

from analysis.compare.reuse import sentence_tokens
from analysis.tables.registry import columns

__all__ = ["EDIT_COLUMNS", "reuse_edits"]

EDIT_COLUMNS = columns("reuse_edits")


def reuse_edits(align: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Word-level edits of every near-verbatim (and inexact verbatim) pair, actor edits first.

    Each pair appears once (doc_a < doc_b). An edit concerns an actor when its words overlap an
    actor mention in either sentence; ``actor`` names it.
    """
    if len(align) == 0:
        return pd.DataFrame(columns=EDIT_COLUMNS)
    pairs = align[
        align["relation"].isin(["verbatim", "near-verbatim"]) & (align["edits"] > 0) & (align["doc_a"] < align["doc_b"])
    ]
    sent = sentences.set_index(["doc_id", "sent_id"])[["start", "text"]]
    ment = mentions[mentions["counted"].astype(bool)] if len(mentions) else mentions
    if len(ment) and len(pairs):  # only the sentences of the pairs
        keys = pd.concat(
            [
                pairs[["doc_a", "sent_a"]].set_axis(["doc_id", "sent_id"], axis=1),
                pairs[["doc_b", "sent_b"]].set_axis(["doc_id", "sent_id"], axis=1),
            ]
        ).drop_duplicates()
        ment = ment.merge(keys, on=["doc_id", "sent_id"])
    by_sent: dict[tuple, list] = defaultdict(list)
    for d, k, a, b, act in zip(ment["doc_id"], ment["sent_id"], ment["start"], ment["end"], ment["actor"]):
        by_sent[(d, k)].append((a, b, act))
    rows = []
    for rec in pairs.itertuples():
        sa, ta = sent.loc[(rec.doc_a, rec.sent_a)]
        sb, tb = sent.loc[(rec.doc_b, rec.sent_b)]
        A, B = sentence_tokens(ta), sentence_tokens(tb)
        for op, i1, i2, j1, j2 in SequenceMatcher(None, A.toks, B.toks, autojunk=False).get_opcodes():
            if op == "equal":
                continue
            a0 = A.spans[i1][0] if i1 < i2 else (A.spans[i1 - 1][1] if i1 > 0 else 0)
            a1 = A.spans[i2 - 1][1] if i1 < i2 else a0
            b0 = B.spans[j1][0] if j1 < j2 else (B.spans[j1 - 1][1] if j1 > 0 else 0)
            b1 = B.spans[j2 - 1][1] if j1 < j2 else b0
            abs_a, abs_b = (sa + a0, sa + a1), (sb + b0, sb + b1)
            actors = {act for s, e, act in by_sent.get((rec.doc_a, rec.sent_a), []) if s < abs_a[1] and abs_a[0] < e}
            actors |= {act for s, e, act in by_sent.get((rec.doc_b, rec.sent_b), []) if s < abs_b[1] and abs_b[0] < e}
            rows.append(
                {
                    "doc_a": rec.doc_a,
                    "sent_a": rec.sent_a,
                    "doc_b": rec.doc_b,
                    "sent_b": rec.sent_b,
                    "outlet_a": rec.outlet_a,
                    "outlet_b": rec.outlet_b,
                    "op": op,
                    "text_a": ta[a0:a1],
                    "text_b": tb[b0:b1],
                    "start_a": abs_a[0],
                    "end_a": abs_a[1],
                    "start_b": abs_b[0],
                    "end_b": abs_b[1],
                    "concerns_actor": bool(actors),
                    "actor": ", ".join(sorted(actors)),
                }
            )
    out = pd.DataFrame(rows, columns=EDIT_COLUMNS)
    return out.sort_values(
        ["concerns_actor", "doc_a", "doc_b", "start_a"], ascending=[False, True, True, True]
    ).reset_index(drop=True)

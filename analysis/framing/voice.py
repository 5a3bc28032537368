"""Tables derived from the quotes table (:mod:`analysis.framing.quotes`): the speaker of each
sentence inside a quote (the speakers table, read by stance), and per outlet the voice shares of
each speaker actor, their reporting verbs and the actors their words mention."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

# Kinds of quotes whose words are the speaker's own: whole quotations and quoted fragments of reported speech.
QUOTED = ("direct", "partial")

__all__ = ["QUOTED", "reporting_verbs", "sentence_speakers", "speaker_topics", "voice_shares"]


def _within_docs(
    left: pd.DataFrame, right: pd.DataFrame, keep: Callable[[pd.DataFrame], pd.Series], *, chunk: int = 2000
) -> pd.DataFrame:
    """Every pair of a ``left`` row and a ``right`` row of the same document that ``keep`` (given
    the merged frame: ``left``'s columns, ``right``'s suffixed ``_r``) accepts, in the order of a
    loop over ``left``'s documents (first appearance), its rows and then ``right``'s rows. Merged
    ``chunk`` documents at a time: a whole corpus's quotes × mentions would not fit in memory, and
    a loop that filters the corpus once per document grows with the square of its size."""
    left = left.assign(_li=np.arange(len(left)))
    right = right.assign(_ri=np.arange(len(right)))
    order = pd.unique(left["doc_id"])
    rank = pd.Series(np.arange(len(order)), index=order)
    parts = []
    for lo in range(0, len(order), chunk):
        some = order[lo : lo + chunk]
        a = left[left["doc_id"].isin(some)]
        b = right[right["doc_id"].isin(some)].add_suffix("_r").rename(columns={"doc_id_r": "doc_id"})
        m = a.merge(b, on="doc_id")
        parts.append(m[keep(m).to_numpy(dtype=bool)])
    out = pd.concat(parts, ignore_index=True) if parts else left.iloc[:0]
    if len(out) == 0:
        return out
    out = out.assign(_rank=out["doc_id"].map(rank).to_numpy())
    return out.sort_values(["_rank", "_li", "_ri_r"], kind="stable").reset_index(drop=True)


def sentence_speakers(quotes: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """(doc_id, sent_id, speaker, speaker_actor) for sentences inside a direct quote with a known speaker."""
    cols = ["doc_id", "sent_id", "speaker", "speaker_actor"]
    if len(quotes) == 0 or len(sentences) == 0:
        return pd.DataFrame(columns=cols)
    q = quotes[quotes["kind"].isin(QUOTED) & quotes["is_speech"].astype(bool) & (quotes["speaker"] != "")]
    q = q[["doc_id", "start", "end", "speaker", "speaker_actor"]]
    hits = _within_docs(
        q,
        sentences[["doc_id", "sent_id", "start", "end"]],
        lambda m: (m["start_r"] < m["end"]) & (m["end_r"] > m["start"]),
    )
    if len(hits) == 0:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame(
        {
            "doc_id": hits["doc_id"].to_numpy(dtype=object),
            "sent_id": hits["sent_id_r"].to_numpy(dtype=np.int64),
            "speaker": hits["speaker"].to_numpy(dtype=object),
            "speaker_actor": hits["speaker_actor"].to_numpy(dtype=object),
        },
        columns=cols,
    )
    return out.drop_duplicates(["doc_id", "sent_id"]).reset_index(drop=True)


def voice_shares(quotes: pd.DataFrame, docs: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Per outlet × speaker actor: direct quotes, quoted words, their share of the outlet's quoted
    words and of all its words; reported-speech clauses and their words."""
    cols = [
        "outlet",
        "speaker_actor",
        "n_quotes",
        "quoted_words",
        "share_of_quoted",
        "share_of_words",
        "n_reported",
        "reported_words",
    ]
    if len(quotes) == 0:
        return pd.DataFrame(columns=cols)
    q = quotes[quotes["is_speech"].astype(bool)].merge(docs[["doc_id", "outlet"]], on="doc_id")
    d = (
        q[q["kind"].isin(QUOTED)]
        .groupby(["outlet", "speaker_actor"])
        .agg(n_quotes=("text", "size"), quoted_words=("n_words", "sum"))
    )
    r = (
        q[q["kind"] == "reported"]
        .groupby(["outlet", "speaker_actor"])
        .agg(n_reported=("text", "size"), reported_words=("n_words", "sum"))
    )
    out = d.join(r, how="outer").fillna(0).astype(int).reset_index()
    out["share_of_quoted"] = out["quoted_words"] / out.groupby("outlet")["quoted_words"].transform("sum").where(
        lambda x: x > 0
    )
    words = sentences.merge(docs[["doc_id", "outlet"]], on="doc_id").groupby("outlet")["n_words"].sum()
    out["share_of_words"] = out["quoted_words"] / out["outlet"].map(words)
    return out[cols].sort_values(["outlet", "quoted_words"], ascending=[True, False]).reset_index(drop=True)


def reporting_verbs(quotes: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Per outlet × speaker actor × reporting verb (lemma): how often (direct and reported speech)."""
    cols = ["outlet", "speaker_actor", "verb", "n_direct", "n_reported", "n"]
    if len(quotes) == 0:
        return pd.DataFrame(columns=cols)
    q = quotes[quotes["is_speech"].astype(bool) & (quotes["verb"] != "")]
    q = q.drop_duplicates(["doc_id", "group"]).merge(docs[["doc_id", "outlet"]], on="doc_id")
    q = q.assign(kind=q["kind"].replace({"partial": "reported"}))  # a quoted fragment of reported speech
    if len(q) == 0:
        return pd.DataFrame(columns=cols)
    t = q.pivot_table(
        index=["outlet", "speaker_actor", "verb"], columns="kind", values="quote_id", aggfunc="size", fill_value=0
    )
    t = t.reindex(columns=["direct", "reported"], fill_value=0).rename(
        columns={"direct": "n_direct", "reported": "n_reported"}
    )
    t["n"] = t["n_direct"] + t["n_reported"]
    t = t.reset_index()
    t.columns.name = None
    return t.sort_values(["outlet", "speaker_actor", "n", "verb"], ascending=[True, True, False, True]).reset_index(
        drop=True
    )[cols]


def speaker_topics(quotes: pd.DataFrame, mentions: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Per outlet × speaker: which actors the speaker's words (direct and reported) mention."""
    cols = ["outlet", "speaker", "speaker_actor", "actor", "n_mentions"]
    if len(quotes) == 0 or len(mentions) == 0:
        return pd.DataFrame(columns=cols)
    q = quotes[quotes["is_speech"].astype(bool) & (quotes["speaker"] != "")]
    m = mentions[mentions["counted"].astype(bool)]
    hits = _within_docs(
        q[["doc_id", "start", "end", "speaker", "speaker_actor"]],
        m[["doc_id", "start", "end", "actor"]],
        lambda x: (x["start_r"] >= x["start"]) & (x["end_r"] <= x["end"]),
    )
    if len(hits) == 0:
        return pd.DataFrame(columns=cols)
    t = hits[["doc_id", "speaker", "speaker_actor", "actor_r"]].rename(columns={"actor_r": "actor"})
    t = t.merge(docs[["doc_id", "outlet"]], on="doc_id")
    t = t.groupby(["outlet", "speaker", "speaker_actor", "actor"]).size().rename("n_mentions").reset_index()
    return t.sort_values(["outlet", "speaker", "n_mentions"], ascending=[True, True, False]).reset_index(drop=True)[
        cols
    ]

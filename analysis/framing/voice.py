"""Tables derived from the quotes table (:mod:`analysis.framing.quotes`): the speaker of each
sentence inside a quote (the speakers table, read by stance), and per outlet the voice shares of
each speaker actor, their reporting verbs and the actors their words mention."""

from __future__ import annotations

import pandas as pd

# Kinds of quotes whose words are the speaker's own: whole quotations and quoted fragments of reported speech.
QUOTED = ("direct", "partial")

__all__ = ["QUOTED", "reporting_verbs", "sentence_speakers", "speaker_topics", "voice_shares"]


def sentence_speakers(quotes: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """(doc_id, sent_id, speaker, speaker_actor) for sentences inside a direct quote with a known speaker."""
    cols = ["doc_id", "sent_id", "speaker", "speaker_actor"]
    if len(quotes) == 0 or len(sentences) == 0:
        return pd.DataFrame(columns=cols)
    q = quotes[quotes["kind"].isin(QUOTED) & quotes["is_speech"].astype(bool) & (quotes["speaker"] != "")]
    rows = []
    for doc_id, grp in q.groupby("doc_id", sort=False):
        ss = sentences[sentences["doc_id"] == doc_id]
        for r in grp.itertuples(index=False):
            hit = ss[(ss["start"] < r.end) & (ss["end"] > r.start)]
            for sid in hit["sent_id"]:
                rows.append(
                    {"doc_id": doc_id, "sent_id": int(sid), "speaker": r.speaker, "speaker_actor": r.speaker_actor}
                )
    return pd.DataFrame(rows, columns=cols).drop_duplicates(["doc_id", "sent_id"]).reset_index(drop=True)


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
    rows = []
    for doc_id, grp in q.groupby("doc_id", sort=False):
        md = m[m["doc_id"] == doc_id]
        for r in grp.itertuples(index=False):
            hit = md[(md["start"] >= r.start) & (md["end"] <= r.end)]
            for actor in hit["actor"]:
                rows.append({"doc_id": doc_id, "speaker": r.speaker, "speaker_actor": r.speaker_actor, "actor": actor})
    if not rows:
        return pd.DataFrame(columns=cols)
    t = pd.DataFrame(rows).merge(docs[["doc_id", "outlet"]], on="doc_id")
    t = t.groupby(["outlet", "speaker", "speaker_actor", "actor"]).size().rename("n_mentions").reset_index()
    return t.sort_values(["outlet", "speaker", "n_mentions"], ascending=[True, True, False]).reset_index(drop=True)[
        cols
    ]

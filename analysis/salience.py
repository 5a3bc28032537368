"""Salience: how prominent each actor is, per document and per outlet.

Only counted mentions (not places or excluded phrases) and kept sentences (headline and body,
not furniture) enter. Every document × actor pair gets a row, zero where the actor is absent.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .sentences import count_words

__all__ = ["DOC_SALIENCE_COLUMNS", "OUTLET_SALIENCE_COLUMNS", "doc_salience", "outlet_salience"]

DOC_SALIENCE_COLUMNS = [
    "doc_id", "outlet", "actor", "n_mentions", "n_words", "mentions_per_1k_words", "n_sentences",
    "n_sentences_with_actor", "share_sentences", "in_headline", "first_mention_sent",
    "first_mention_start", "first_mention_word_share", "n_mentions_in_quotes",
]
OUTLET_SALIENCE_COLUMNS = [
    "outlet", "actor", "n_docs", "n_docs_mentioning", "n_mentions", "n_words", "mentions_per_1k_words",
    "n_sentences", "n_sentences_with_actor", "share_sentences", "headline_share",
    "mean_first_mention_word_share",
]


def doc_salience(docs: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame, actor_ids: list[str]) -> pd.DataFrame:
    """Per document and actor: mentions per 1,000 words, share of sentences, headline, first mention.

    ``first_mention_word_share`` is the share of the document's words that come before the first
    mention (0 = the very first word, NaN = never mentioned).
    """
    if len(docs) == 0 or not actor_ids:
        return pd.DataFrame(columns=DOC_SALIENCE_COLUMNS)
    counted = mentions[mentions["counted"].astype(bool)] if len(mentions) else mentions
    sents_by_doc = dict(tuple(sentences.groupby("doc_id", sort=False))) if len(sentences) else {}
    mentions_by_doc = dict(tuple(counted.groupby("doc_id", sort=False))) if len(counted) else {}
    empty_s = sentences.iloc[:0]
    rows: list[dict] = []
    for doc_id, outlet in zip(docs["doc_id"], docs["outlet"]):
        doc_sents = sents_by_doc.get(doc_id, empty_s)
        n_words = int(doc_sents["n_words"].sum())
        n_sents = len(doc_sents)
        words_before = dict(zip(doc_sents["sent_id"], doc_sents["n_words"].cumsum() - doc_sents["n_words"]))
        sent_text = dict(zip(doc_sents["sent_id"], zip(doc_sents["start"], doc_sents["text"])))
        doc_m = mentions_by_doc.get(doc_id)
        by_actor = dict(tuple(doc_m.groupby("actor", sort=False))) if doc_m is not None else {}
        for actor in actor_ids:
            am = by_actor.get(actor)
            n = 0 if am is None else len(am)
            row = {
                "doc_id": doc_id, "outlet": outlet, "actor": actor, "n_mentions": n, "n_words": n_words,
                "mentions_per_1k_words": 1000.0 * n / n_words if n_words else np.nan,
                "n_sentences": n_sents,
                "n_sentences_with_actor": int(am["sent_id"].nunique()) if n else 0,
                "in_headline": bool(n and am["in_title"].any()),
                "first_mention_sent": np.nan, "first_mention_start": np.nan, "first_mention_word_share": np.nan,
                "n_mentions_in_quotes": int(am["in_quote"].sum()) if n else 0,
            }
            row["share_sentences"] = row["n_sentences_with_actor"] / n_sents if n_sents else np.nan
            if n:
                k = int(am["start"].to_numpy().argmin())
                sid, first_start = int(am["sent_id"].iloc[k]), int(am["start"].iloc[k])
                s_start, s_text = sent_text[sid]
                before = words_before[sid] + count_words(s_text[: first_start - int(s_start)])
                row.update(first_mention_sent=sid, first_mention_start=first_start,
                           first_mention_word_share=before / n_words if n_words else np.nan)
            rows.append(row)
    out = pd.DataFrame(rows, columns=DOC_SALIENCE_COLUMNS)
    return out.astype({"first_mention_sent": "Int64", "first_mention_start": "Int64"})


def outlet_salience(doc_sal: pd.DataFrame) -> pd.DataFrame:
    """Per outlet and actor, pooled over the outlet's documents.

    Rates are pooled (total mentions / total words), not averages of per-document rates, so a
    long article weighs more; ``headline_share`` is the share of the outlet's documents whose
    headline names the actor.
    """
    if len(doc_sal) == 0:
        return pd.DataFrame(columns=OUTLET_SALIENCE_COLUMNS)
    g = doc_sal.groupby(["outlet", "actor"], sort=True)
    out = g.agg(
        n_docs=("doc_id", "nunique"),
        n_docs_mentioning=("n_mentions", lambda s: int((s > 0).sum())),
        n_mentions=("n_mentions", "sum"),
        n_words=("n_words", "sum"),
        n_sentences=("n_sentences", "sum"),
        n_sentences_with_actor=("n_sentences_with_actor", "sum"),
        headline_share=("in_headline", "mean"),
        mean_first_mention_word_share=("first_mention_word_share", "mean"),
    ).reset_index()
    out["mentions_per_1k_words"] = 1000.0 * out["n_mentions"] / out["n_words"].where(out["n_words"] > 0)
    out["share_sentences"] = out["n_sentences_with_actor"] / out["n_sentences"].where(out["n_sentences"] > 0)
    return out[OUTLET_SALIENCE_COLUMNS]

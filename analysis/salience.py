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
    n_docs, n_act = len(docs), len(actor_ids)
    out = pd.DataFrame({"doc_id": np.repeat(docs["doc_id"].to_numpy(), n_act),
                        "outlet": np.repeat(docs["outlet"].to_numpy(), n_act),
                        "actor": np.tile(np.asarray(actor_ids, dtype=object), n_docs)})
    if len(sentences):
        sizes = sentences.groupby("doc_id", sort=False).agg(n_words=("n_words", "sum"), n_sentences=("sent_id", "size"))
        out["n_words"] = out["doc_id"].map(sizes["n_words"]).fillna(0).astype(int).to_numpy()
        out["n_sentences"] = out["doc_id"].map(sizes["n_sentences"]).fillna(0).astype(int).to_numpy()
    else:
        out["n_words"] = 0
        out["n_sentences"] = 0
    counted = mentions[mentions["counted"].astype(bool)] if len(mentions) else mentions
    key = ["doc_id", "actor"]
    if len(counted):
        g = counted.groupby(key, sort=False)
        agg = g.agg(n_mentions=("start", "size"), n_sentences_with_actor=("sent_id", "nunique"),
                    in_headline=("in_title", "any"), n_mentions_in_quotes=("in_quote", "sum"))
        first = counted.loc[g["start"].idxmin(), key + ["sent_id", "start"]].set_index(key)
        agg = agg.join(first.rename(columns={"sent_id": "first_mention_sent", "start": "first_mention_start"}))
        out = out.join(agg, on=key)
    else:
        for c in ("n_mentions", "n_sentences_with_actor", "in_headline", "n_mentions_in_quotes", "first_mention_sent", "first_mention_start"):
            out[c] = np.nan
    for c in ("n_mentions", "n_sentences_with_actor", "n_mentions_in_quotes"):
        out[c] = out[c].fillna(0).astype(int)
    out["in_headline"] = out["in_headline"].fillna(False).astype(bool)
    nw = out["n_words"].to_numpy()
    out["mentions_per_1k_words"] = np.where(nw > 0, 1000.0 * out["n_mentions"] / np.where(nw > 0, nw, 1), np.nan)
    ns = out["n_sentences"].to_numpy()
    out["share_sentences"] = np.where(ns > 0, out["n_sentences_with_actor"] / np.where(ns > 0, ns, 1), np.nan)
    out["first_mention_word_share"] = np.nan
    has = out["first_mention_sent"].notna().to_numpy()
    if has.any() and len(sentences):
        sent = sentences.set_index(["doc_id", "sent_id"])
        before_sent = (sentences.groupby("doc_id", sort=False)["n_words"].cumsum() - sentences["n_words"]).to_numpy()
        pos = sent.index.get_indexer(pd.MultiIndex.from_arrays(
            [out.loc[has, "doc_id"].to_numpy(), out.loc[has, "first_mention_sent"].astype(int).to_numpy()]))
        starts, texts = sentences["start"].to_numpy()[pos], sentences["text"].to_numpy()[pos]
        first = out.loc[has, "first_mention_start"].astype(int).to_numpy()
        before = before_sent[pos] + np.array([count_words(t[: f - int(s0)]) for t, f, s0 in zip(texts, first, starts)], dtype=float)
        nwh = nw[has]
        out.loc[has, "first_mention_word_share"] = np.where(nwh > 0, before / np.where(nwh > 0, nwh, 1), np.nan)
    out = out[DOC_SALIENCE_COLUMNS]
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

"""Salience: how prominent each actor is, per document and per outlet.

Only counted mentions (not places or excluded phrases) and kept sentences (headline and body,
not furniture) enter. Every document × actor pair gets a row, zero where the actor is absent.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.text.tokens import count_words

__all__ = ["DOC_SALIENCE_COLUMNS", "OUTLET_SALIENCE_COLUMNS", "doc_salience", "outlet_salience"]

DOC_SALIENCE_COLUMNS = [
    "doc_id",
    "outlet",
    "actor",
    "n_mentions",
    "n_words",
    "mentions_per_1k_words",
    "n_sentences",
    "n_sentences_with_actor",
    "share_sentences",
    "in_headline",
    "first_mention_sent",
    "first_mention_start",
    "first_mention_word_share",
    "n_mentions_in_quotes",
    "n_modifiers",
    "n_references",
]
OUTLET_SALIENCE_COLUMNS = [
    "outlet",
    "actor",
    "n_docs",
    "n_docs_mentioning",
    "n_mentions",
    "n_words",
    "mentions_per_1k_words",
    "n_sentences",
    "n_sentences_with_actor",
    "share_sentences",
    "headline_share",
    "mean_first_mention_word_share",
    "n_modifiers",
    "n_references",
]


def doc_salience(
    docs: pd.DataFrame,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    actor_ids: list[str],
    *,
    references: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per document and actor: mentions per 1,000 words, share of sentences, headline, first mention.

    ``first_mention_word_share`` is the share of the document's words that come before the first
    mention (0 = the very first word, NaN = never mentioned). Every measure counts the names (the
    mentions table); ``n_modifiers`` says how many of them are modifiers ("Clinton aide",
    "Kremlin-backed", which stance does not score); ``n_references`` counts, apart, the pronouns
    and descriptions of the references table.
    """
    if len(docs) == 0 or not actor_ids:
        return pd.DataFrame(columns=DOC_SALIENCE_COLUMNS)
    n_docs, n_act = len(docs), len(actor_ids)
    doc_index = pd.Index(docs["doc_id"])
    n_words, n_sentences = _doc_sizes(doc_index, sentences)
    actor_code, actors = pd.factorize(np.asarray(actor_ids, dtype=object))
    cell = (np.arange(n_docs)[:, None] * len(actors) + actor_code[None, :]).ravel()  # out row -> (doc, actor) cell
    counted = mentions[mentions["counted"].astype(bool)] if len(mentions) else mentions
    n_mentions, with_actor, in_headline, in_quotes, first = (
        stat[cell] for stat in _mention_stats(counted, doc_index, pd.Index(actors))
    )
    has = first >= 0
    nw, ns = np.repeat(n_words, n_act), np.repeat(n_sentences, n_act)
    first_sent = first_start = np.zeros(0, dtype=np.int64)
    share = np.full(len(cell), np.nan)
    if has.any():
        first_sent, first_start = counted["sent_id"].to_numpy()[first[has]], counted["start"].to_numpy()[first[has]]
        if len(sentences):
            before = _words_before(sentences, counted["doc_id"].iloc[first[has]], first_sent, first_start)
            nwh = nw[has]
            share[has] = np.where(nwh > 0, before / np.where(nwh > 0, nwh, 1), np.nan)
    return pd.DataFrame(
        {
            "doc_id": np.repeat(docs["doc_id"].to_numpy(), n_act),
            "outlet": np.repeat(docs["outlet"].to_numpy(), n_act),
            "actor": np.tile(np.asarray(actor_ids, dtype=object), n_docs),
            "n_mentions": n_mentions,
            "n_words": nw,
            "mentions_per_1k_words": np.where(nw > 0, 1000.0 * n_mentions / np.where(nw > 0, nw, 1), np.nan),
            "n_sentences": ns,
            "n_sentences_with_actor": with_actor,
            "share_sentences": np.where(ns > 0, with_actor / np.where(ns > 0, ns, 1), np.nan),
            "in_headline": in_headline,
            "first_mention_sent": _nullable(first_sent, has),
            "first_mention_start": _nullable(first_start, has),
            "first_mention_word_share": share,
            "n_mentions_in_quotes": in_quotes,
            "n_modifiers": _cell_counts(
                counted[counted["kind"] == "modifier"] if "kind" in counted else None, docs["doc_id"], actor_ids
            ),
            "n_references": _cell_counts(references, docs["doc_id"], actor_ids),
        },
        columns=DOC_SALIENCE_COLUMNS,
    )


def _cell_counts(rows: pd.DataFrame | None, doc_ids: pd.Series, actor_ids: list[str]) -> np.ndarray:
    """Rows (references, modifier mentions) per (document, actor) cell, in doc_salience's row order."""
    if rows is None or len(rows) == 0:
        return np.zeros(len(doc_ids) * len(actor_ids), dtype=np.int64)
    cells = pd.MultiIndex.from_product([doc_ids, actor_ids])
    return rows.groupby(["doc_id", "actor"]).size().reindex(cells, fill_value=0).to_numpy(dtype=np.int64)


def _doc_sizes(doc_index: pd.Index, sentences: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Words and sentences of each document (0 without sentences)."""
    n_docs = len(doc_index)
    if len(sentences) == 0:
        return np.zeros(n_docs, dtype=np.int64), np.zeros(n_docs, dtype=np.int64)
    pos = doc_index.get_indexer(sentences["doc_id"])
    known = pos >= 0
    words = np.bincount(pos[known], weights=sentences["n_words"].to_numpy()[known], minlength=n_docs)
    return words.astype(np.int64), np.bincount(pos[known], minlength=n_docs).astype(np.int64)


def _mention_stats(counted: pd.DataFrame, doc_index: pd.Index, actors: pd.Index) -> list[np.ndarray]:
    """Per (document, actor) cell (document position × len(actors) + actor position): mentions,
    sentences with the actor, named in the headline, mentions in quotes, and the row in ``counted``
    of the first mention (lowest start, then earliest row; -1: none)."""
    n_cells = len(doc_index) * len(actors)
    if len(counted) == 0:
        zeros = np.zeros(n_cells, dtype=np.int64)
        return [zeros, zeros, zeros.astype(bool), zeros, np.full(n_cells, -1)]
    doc, act = doc_index.get_indexer(counted["doc_id"]), actors.get_indexer(counted["actor"])
    rows = np.flatnonzero((doc >= 0) & (act >= 0))
    cell = doc[rows].astype(np.int64) * len(actors) + act[rows]
    sent = counted["sent_id"].to_numpy(dtype=np.int64)[rows]
    width = int(sent.max(initial=0)) + 1
    sentence_cells = np.unique(cell * width + sent) // width
    order = np.lexsort((counted["start"].to_numpy()[rows], cell))
    firsts = order[_run_starts(cell[order])]
    first = np.full(n_cells, -1)
    first[cell[firsts]] = rows[firsts]
    flag = lambda col: counted[col].to_numpy(dtype=bool)[rows]  # noqa: E731
    return [
        np.bincount(cell, minlength=n_cells),
        np.bincount(sentence_cells, minlength=n_cells),
        np.bincount(cell[flag("in_title")], minlength=n_cells) > 0,
        np.bincount(cell[flag("in_quote")], minlength=n_cells),
        first,
    ]


def _run_starts(sorted_keys: np.ndarray) -> np.ndarray:
    """Positions where a run of equal values starts in a sorted key array."""
    return (
        np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]) if len(sorted_keys) else np.zeros(0, np.int64)
    )


def _words_before(sentences: pd.DataFrame, doc_ids: pd.Series, sent_ids: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Words of the document before each offset ``starts`` in sentence (doc_ids, sent_ids): the
    sentences listed before it in ``sentences`` plus the words of the sentence up to the offset."""
    codes, _ = pd.factorize(pd.concat([sentences["doc_id"], doc_ids], ignore_index=True))
    n = len(sentences)
    width = int(max(sentences["sent_id"].max(), sent_ids.max())) + 1
    key = codes.astype(np.int64) * width + np.concatenate([sentences["sent_id"].to_numpy(dtype=np.int64), sent_ids])
    pos = pd.Index(key[:n]).get_indexer(key[n:])
    texts, sent_start = sentences["text"].iloc[pos].tolist(), sentences["start"].to_numpy()[pos]
    partial = [count_words(t[: f - s0]) for t, f, s0 in zip(texts, starts.tolist(), sent_start.tolist())]
    return _earlier_words(codes[:n], sentences["n_words"].to_numpy())[pos] + np.array(partial, dtype=float)


def _earlier_words(doc_code: np.ndarray, words: np.ndarray) -> np.ndarray:
    """For each sentence, the words of the sentences of its document listed before it."""
    order = np.argsort(doc_code, kind="stable")
    before = np.cumsum(words[order]) - words[order]  # over all documents
    run = _run_starts(doc_code[order])
    out = np.empty_like(before)
    out[order] = before - np.repeat(before[run], np.diff(np.r_[run, len(order)]))
    return out


def _nullable(values: np.ndarray, has: np.ndarray) -> pd.arrays.IntegerArray:
    """An Int64 column: ``values`` where ``has``, <NA> elsewhere."""
    full = np.zeros(len(has), dtype=np.int64)
    full[has] = values
    return pd.arrays.IntegerArray(full, ~has)


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
        n_modifiers=("n_modifiers", "sum"),
        n_references=("n_references", "sum"),
    ).reset_index()
    out["mentions_per_1k_words"] = 1000.0 * out["n_mentions"] / out["n_words"].where(out["n_words"] > 0)
    out["share_sentences"] = out["n_sentences_with_actor"] / out["n_sentences"].where(out["n_sentences"] > 0)
    return out[OUTLET_SALIENCE_COLUMNS]

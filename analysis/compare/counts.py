"""The term counts of one batch of documents (per document for TF-IDF, per outlet and per actor ×
outlet for the distinctive words), from one sparse sentences × words matrix; summed over batches
in :mod:`analysis.run.sums`."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from analysis.compare.distinctive import counted_mask, counted_terms, group_count_frame
from analysis.compare.terms import (
    TfidfSettings,
    count_matrix,
    doc_token_counts,
    doc_tokens,
    keyed_counts,
    keyed_vocabulary_counts,
    token_codes,
)
from analysis.text.words import words

# The default settings (a frozen dataclass, so one instance can serve every call).
_DEFAULT_TFIDF = TfidfSettings()


@dataclass
class TermPartial:
    """One batch's term counts: per document (TF-IDF), per outlet and per actor × outlet (distinctive words)."""

    doc_counts: tuple | None = None
    outlet_counts: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["group", "term", "count"]))
    actor_counts: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["actor", "group", "term", "count"])
    )


def term_partial(
    docs: pd.DataFrame,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    settings: TfidfSettings = _DEFAULT_TFIDF,
    tokens: list[list[str]] | None = None,
    coded: tuple[np.ndarray, list[str]] | None = None,
    categorical: bool = False,
) -> TermPartial:
    """The term counts of one batch of documents: per document keyed by term (for TF-IDF) and per
    outlet and actor × outlet (for the distinctive words); merged over batches in :mod:`analysis.run.cross`.

    Every sentence is tokenised once (``tokens``: each sentence's :func:`analysis.text.words.words`,
    if the caller has them already; ``coded``: their :func:`analysis.compare.terms.token_codes`, too)
    and counted once, into a sparse sentences × words matrix;
    the documents', outlets' and actors' counts are sums of its rows (sparse products). The
    group frames list each group's terms in no particular order (they are summed, then sorted,
    downstream). With ``categorical`` their group and term columns are categorical, the terms of
    both frames over one categories object, the batch's counted words (see
    :func:`analysis.compare.distinctive.group_count_frame`), as the batched run writes them."""
    if tokens is None:
        tokens = [words(t) for t in sentences["text"].tolist()]
    codes, vocab = coded if coded is not None else token_codes(tokens)
    S = count_matrix(np.repeat(np.arange(len(tokens)), [len(t) for t in tokens]), codes, (len(tokens), len(vocab)))
    if settings.ngram_max == 1:
        doc_pos = pd.Index(docs["doc_id"]).get_indexer(sentences["doc_id"])  # -1: not in docs
        counts = keyed_vocabulary_counts(
            _sum_rows(S, doc_pos, len(docs)), vocab, drop=ENGLISH_STOP_WORDS if settings.stop_words == "english" else ()
        )
    else:  # n-grams need each document's word order
        counts = keyed_counts(*doc_token_counts(doc_tokens(docs, sentences, tokens), settings=settings))
    outlet = sentences["doc_id"].map(dict(zip(docs["doc_id"], docs["outlet"])))
    group, labels = pd.factorize(outlet, sort=True)
    counted = counted_mask(vocab)
    terms = counted_terms(vocab, counted) if categorical else None
    outlet_counts = group_count_frame(_sum_rows(S, group, len(labels)), labels, vocab, counted, terms=terms)
    ments = mentions[mentions["counted"].astype(bool)] if len(mentions) else mentions
    per_actor = []
    positions = sentences[["doc_id", "sent_id"]].assign(row=np.arange(len(sentences)))
    for actor, grp in ments.groupby("actor", sort=False) if len(ments) else []:
        rows = positions.merge(grp[["doc_id", "sent_id"]].drop_duplicates(), on=["doc_id", "sent_id"])["row"].to_numpy()
        sub, sub_labels = pd.factorize(outlet.to_numpy(dtype=object)[rows], sort=True)
        per_actor.append(
            group_count_frame(_sum_rows(S[rows], sub, len(sub_labels)), sub_labels, vocab, counted, terms=terms).assign(
                actor=actor
            )
        )
    per_actor = [f for f in per_actor if len(f)] or per_actor[:1]  # (an empty frame's columns have no dtype)
    actor_counts = (
        pd.concat(per_actor, ignore_index=True)[["actor", "group", "term", "count"]]
        if per_actor
        else TermPartial().actor_counts
    )
    return TermPartial(doc_counts=counts, outlet_counts=outlet_counts, actor_counts=actor_counts)


def _sum_rows(S: sp.csr_matrix, target: np.ndarray, n: int) -> sp.csr_matrix:
    """``n`` rows, row ``i`` the sum of the rows of ``S`` whose target is ``i`` (target -1: the
    row is left out); canonical (sorted, summed) indices."""
    keep = np.flatnonzero(np.asarray(target) >= 0)
    out = (count_matrix(np.asarray(target)[keep], keep, (n, S.shape[0])) @ S).tocsr()
    out.sum_duplicates()
    return out

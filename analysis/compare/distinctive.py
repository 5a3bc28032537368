"""Distinctive words: log-odds ratios with an informative Dirichlet prior ("Fightin' Words").

Monroe, Colaresi & Quinn (2008), "Fightin' Words", Political Analysis 16(4), section 3.5: for a
group i (one outlet) against the rest j, with word counts y, totals n and a Dirichlet prior α
(α0 = Σ α_w),

    δ_w = log((y_iw + α_w) / (n_i + α0 − y_iw − α_w)) − log((y_jw + α_w) / (n_j + α0 − y_jw − α_w))
    σ²_w ≈ 1 / (y_iw + α_w) + 1 / (y_jw + α_w)          z_w = δ_w / σ_w

The informative prior takes α_w proportional to the word's frequency in the whole corpus, scaled
to a total of α0 (by default the corpus size itself). Counts are additive, so per-batch counts
merge into the same answer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from analysis.compare.terms import (
    memoised,
)
from analysis.text.words import words

__all__ = [
    "FW_COLUMNS",
    "counted_mask",
    "counted_terms",
    "fightin_words",
    "group_count_frame",
    "group_term_counts",
    "group_token_counts",
    "term_counts",
]

FW_COLUMNS = ["group", "term", "count", "count_rest", "delta", "variance", "z", "rank"]


def term_counts(texts: Iterable[str], *, stop_words: bool = True, min_len: int = 2) -> Counter:
    """Word counts of some texts (stop words and words shorter than ``min_len`` dropped)."""
    counts: Counter = Counter()
    for text in texts:
        counts.update(w for w in words(text) if _counted(w, stop_words=stop_words, min_len=min_len))
    return counts


def _counted(word: str, *, stop_words: bool, min_len: int) -> bool:
    """Whether :func:`term_counts` counts a word: long enough, not a stop word, not a number."""
    return (
        len(word) >= min_len
        and not (stop_words and word in ENGLISH_STOP_WORDS)
        and not word.replace(",", "").replace(".", "").isdigit()
    )


def group_term_counts(groups: pd.Series, texts: pd.Series, *, stop_words: bool = True) -> pd.DataFrame:
    """Long table (group, term, count) from parallel series of group labels and texts.

    Per group, the :func:`term_counts` of its texts in the same order: every word is counted at
    C speed, and only then are the distinct words filtered, each once.
    """
    return group_token_counts(groups, texts.map(words), stop_words=stop_words)


def group_token_counts(groups: pd.Series, tokens: pd.Series, *, stop_words: bool = True) -> pd.DataFrame:
    """:func:`group_term_counts` of texts given as their words (:func:`analysis.text.words.words`)."""
    per_group = [
        (g, Counter(chain.from_iterable(sub.to_numpy(dtype=object))))
        for g, sub in tokens.groupby(groups.to_numpy(), sort=True)
    ]
    kept = {
        w
        for w in set().union(*(counts.keys() for _, counts in per_group))
        if _counted(w, stop_words=stop_words, min_len=2)
    }
    labels: list = []
    sizes: list[int] = []
    term: list[str] = []
    count: list[int] = []
    for g, counts in per_group:
        terms = [w for w in counts if w in kept]
        if terms:
            labels.append(g)
            sizes.append(len(terms))
        term.extend(terms)
        count.extend(map(counts.__getitem__, terms))
    if not term:
        return pd.DataFrame([], columns=["group", "term", "count"])
    # the columns pandas would infer from the full lists, inferred from the distinct labels and one term
    return pd.DataFrame(
        {
            "group": pd.Series(labels).repeat(sizes).array,
            "term": pd.array(term, dtype=pd.Series(term[:1]).dtype),
            "count": np.fromiter(count, dtype=np.int64, count=len(count)),
        }
    )


_COUNTED: dict[str, bool] = {}
COUNTED_KEPT = 500_000


def counted_mask(vocab: Sequence[str], *, stop_words: bool = True, min_len: int = 2) -> np.ndarray:
    """Which of the words :func:`term_counts` counts (a boolean per word)."""
    if not (stop_words and min_len == 2):
        return np.fromiter(
            (_counted(w, stop_words=stop_words, min_len=min_len) for w in vocab), dtype=bool, count=len(vocab)
        )
    found = memoised(_COUNTED, vocab, lambda w: _counted(w, stop_words=True, min_len=2), limit=COUNTED_KEPT)
    return np.fromiter(found, dtype=bool, count=len(found))  # the default settings' answers, remembered per process


def group_count_frame(
    M: sp.csr_matrix,
    labels: Sequence,
    vocab: Sequence[str],
    counted: np.ndarray,
    *,
    terms: pd.CategoricalDtype | None = None,
) -> pd.DataFrame:
    """Long table (group, term, count) of a groups × words count matrix (``labels``: the groups,
    ``vocab``: the words, ``counted``: which words count, see :func:`counted_mask`); groups in
    label order, each group's terms in vocabulary order, zero counts left out. The columns'
    dtypes are those :func:`group_token_counts` gives; with ``terms`` (the categories: the
    counted words of ``vocab``, in order, see :func:`counted_terms`), the term and group columns
    are categorical instead (no string is copied)."""
    M = M.tocsr()
    M.sum_duplicates()
    keep = counted[M.indices] & (M.data != 0)
    group = np.repeat(np.arange(M.shape[0]), np.diff(M.indptr))[keep]
    if not len(group):
        return pd.DataFrame([], columns=["group", "term", "count"])
    if terms is not None:
        position = np.cumsum(counted) - 1  # a counted word's position among the counted words
        used = np.bincount(group, minlength=M.shape[0]) > 0  # groups with a row: the categories
        return pd.DataFrame(
            {
                "group": pd.Categorical.from_codes(
                    (np.cumsum(used) - 1)[group], categories=pd.Index(list(labels), dtype=object)[used]
                ),
                "term": pd.Categorical.from_codes(position[M.indices[keep]], dtype=terms),
                "count": M.data[keep].astype(np.int64),
            }
        )
    words = np.asarray(vocab, dtype=object)[M.indices[keep]]
    return pd.DataFrame(
        {
            "group": pd.Series(list(labels)).repeat(np.bincount(group, minlength=M.shape[0])).array,
            "term": pd.array(words, dtype=pd.Series(words[:1].tolist()).dtype),
            "count": M.data[keep].astype(np.int64),
        }
    )


def counted_terms(vocab: Sequence[str], counted: np.ndarray) -> pd.CategoricalDtype:
    """The categories of :func:`group_count_frame`'s categorical terms: the counted words of
    ``vocab``, in vocabulary order."""
    return pd.CategoricalDtype(pd.Index(np.asarray(vocab, dtype=object)[counted], dtype=object))


def fightin_words(counts: pd.DataFrame, *, alpha0: float | None = None, top: int | None = None) -> pd.DataFrame:
    """Each group against all the others: δ, its variance and z for every term.

    ``counts`` has columns group, term, count. ``alpha0`` is the prior's total (default: the
    corpus's token count, i.e. α_w = the word's corpus count). ``top`` keeps the ``top`` highest
    and lowest z per group. ``rank`` is 1 for the most distinctive (highest z) term of a group.
    """
    if len(counts) == 0:
        return pd.DataFrame(columns=FW_COLUMNS)
    term_codes, terms = pd.factorize(counts["term"], sort=True)
    group_codes, groups = pd.factorize(counts["group"], sort=True)
    # terms × groups, sparse: a corpus with many outlets and a large vocabulary never makes it dense
    y = sp.csc_matrix(
        (counts["count"].to_numpy(dtype=float), (term_codes, group_codes)), shape=(len(terms), len(groups))
    )
    total_w = np.asarray(y.sum(axis=1)).ravel()
    n_total = total_w.sum()
    a0 = float(n_total if alpha0 is None else alpha0)
    alpha = a0 * total_w / n_total
    n = np.asarray(y.sum(axis=0)).ravel()
    terms = np.asarray(terms, dtype=object)
    rows = []
    for gi, group in enumerate(groups):
        yi = y[:, [gi]].toarray().ravel()
        yj = total_w - yi
        ni, nj = n[gi], n_total - n[gi]
        delta = np.log((yi + alpha) / (ni + a0 - yi - alpha)) - np.log((yj + alpha) / (nj + a0 - yj - alpha))
        var = 1.0 / (yi + alpha) + 1.0 / (yj + alpha)
        z = delta / np.sqrt(var)
        order = np.lexsort((np.arange(len(terms)), -z))  # highest z first, ties by term (terms are sorted)
        rank = np.arange(1, len(order) + 1)
        if top is not None and len(order) > 2 * top:
            keep = np.r_[np.arange(top), np.arange(len(order) - top, len(order))]
            order, rank = order[keep], rank[keep]
        rows.append(
            pd.DataFrame(
                {
                    "group": group,
                    "term": terms[order],
                    "count": yi[order].astype(int),
                    "count_rest": yj[order].astype(int),
                    "delta": delta[order],
                    "variance": var[order],
                    "z": z[order],
                    "rank": rank,
                }
            )
        )
    return pd.concat(rows, ignore_index=True)[FW_COLUMNS]


FULL_DISTINCTIVE_MAX_GROUPS = 20


DISTINCTIVE_TOP = 100


def distinctive_tables(outlet_counts: pd.DataFrame, actor_counts: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Fightin' Words per outlet, overall and within each actor's sentences."""
    n_groups = outlet_counts["group"].nunique() if len(outlet_counts) else 0
    top = None if n_groups <= FULL_DISTINCTIVE_MAX_GROUPS else DISTINCTIVE_TOP
    fw = fightin_words(outlet_counts, top=top)
    per_actor = [
        fightin_words(grp[["group", "term", "count"]], top=top).assign(actor=actor)
        for actor, grp in (actor_counts.groupby("actor", sort=False) if len(actor_counts) else [])
    ]
    fw_actor = (
        pd.concat(per_actor, ignore_index=True) if per_actor else pd.DataFrame(columns=list(fw.columns) + ["actor"])
    )
    return {
        "distinctive_words": fw,
        "distinctive_words_actor": fw_actor[["actor"] + [c for c in fw_actor.columns if c != "actor"]],
    }


def distinctive_labels(labels: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Fightin' Words over descriptor terms: per actor, each outlet against the others."""
    frames = []
    if "names_actor" in labels and len(labels):
        labels = labels[labels["names_actor"].astype(bool)]
    if len(labels):
        t = labels.merge(docs[["doc_id", "outlet"]], on="doc_id")
        for actor, grp in t.groupby("actor", sort=True):
            counts = grp.groupby(["outlet", "term"]).size().rename("count").reset_index()
            counts = counts.rename(columns={"outlet": "group"})
            if counts["group"].nunique() < 2:
                continue
            frames.append(fightin_words(counts).assign(actor=actor))
    if not frames:
        return pd.DataFrame(columns=["actor", "group", "term", "count", "count_rest", "delta", "variance", "z", "rank"])
    out = pd.concat(frames, ignore_index=True)
    return out[["actor"] + [c for c in out.columns if c != "actor"]]

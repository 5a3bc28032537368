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
from collections.abc import Iterable

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .similarity import words

__all__ = ["FW_COLUMNS", "term_counts", "fightin_words", "group_term_counts"]

FW_COLUMNS = ["group", "term", "count", "count_rest", "delta", "variance", "z", "rank"]


def term_counts(texts: Iterable[str], *, stop_words: bool = True, min_len: int = 2) -> Counter:
    """Word counts of some texts (stop words and words shorter than ``min_len`` dropped)."""
    counts: Counter = Counter()
    for text in texts:
        counts.update(w for w in words(text) if len(w) >= min_len and not (stop_words and w in ENGLISH_STOP_WORDS)
                      and not w.replace(",", "").replace(".", "").isdigit())
    return counts


def group_term_counts(groups: pd.Series, texts: pd.Series, *, stop_words: bool = True) -> pd.DataFrame:
    """Long table (group, term, count) from parallel series of group labels and texts."""
    rows = []
    for g, sub in texts.groupby(groups.to_numpy(), sort=True):
        for term, c in term_counts(sub, stop_words=stop_words).items():
            rows.append((g, term, c))
    return pd.DataFrame(rows, columns=["group", "term", "count"])


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
    y = np.zeros((len(terms), len(groups)))  # terms × groups
    np.add.at(y, (term_codes, group_codes), counts["count"].to_numpy(dtype=float))
    total_w = y.sum(axis=1)
    n_total = total_w.sum()
    a0 = float(n_total if alpha0 is None else alpha0)
    alpha = a0 * total_w / n_total
    n = y.sum(axis=0)
    terms = np.asarray(terms, dtype=object)
    rows = []
    for gi, group in enumerate(groups):
        yi = y[:, gi]
        yj = total_w - yi
        ni, nj = n[gi], n_total - n[gi]
        delta = (np.log((yi + alpha) / (ni + a0 - yi - alpha)) - np.log((yj + alpha) / (nj + a0 - yj - alpha)))
        var = 1.0 / (yi + alpha) + 1.0 / (yj + alpha)
        z = delta / np.sqrt(var)
        order = np.lexsort((np.arange(len(terms)), -z))  # highest z first, ties by term (terms are sorted)
        rank = np.arange(1, len(order) + 1)
        if top is not None and len(order) > 2 * top:
            keep = np.r_[np.arange(top), np.arange(len(order) - top, len(order))]
            order, rank = order[keep], rank[keep]
        rows.append(pd.DataFrame({"group": group, "term": terms[order], "count": yi[order].astype(int),
                                  "count_rest": yj[order].astype(int), "delta": delta[order], "variance": var[order],
                                  "z": z[order], "rank": rank}))
    return pd.concat(rows, ignore_index=True)[FW_COLUMNS]

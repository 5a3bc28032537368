"""Term counts behind TF-IDF and the distinctive words: documents × terms matrices keyed by a
stable hash of each term (so batches' counts merge), document frequencies summed as batches
finish, and the TF-IDF matrix built from the summed counts."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from analysis.text.words import words


def _document_runs(sentences: pd.DataFrame) -> tuple[np.ndarray, list, np.ndarray]:
    """The order of ``sentences`` by document, then sent_id (a repeated sent_id: then by text),
    the doc_id of each run of that order and the run boundaries."""
    codes, ids = pd.factorize(sentences["doc_id"], use_na_sentinel=False)
    text = sentences["text"].to_numpy(dtype=object)
    sent_id = sentences["sent_id"].to_numpy()
    order = np.lexsort((sent_id, codes))  # by document, then sent_id
    same = (codes[order][1:] == codes[order][:-1]) & (sent_id[order][1:] == sent_id[order][:-1])
    if same.any():  # a repeated sent_id: those sentences by text
        order = np.lexsort((text, sent_id, codes))
    bounds = np.flatnonzero(np.diff(codes[order])) + 1
    return order, list(ids[codes[order[np.r_[0, bounds]]]]), bounds


def doc_texts(docs: pd.DataFrame, sentences: pd.DataFrame) -> pd.Series:
    """The cleaned text of every document (its kept sentences joined), indexed by doc_id, in docs order."""
    if len(sentences) == 0:
        return pd.Series([""] * len(docs), index=docs["doc_id"], dtype=object)
    order, run_ids, bounds = _document_runs(sentences)
    text = sentences["text"].to_numpy(dtype=object)
    joined = dict(zip(run_ids, map(" \n".join, np.split(text[order], bounds))))
    return pd.Series([joined.get(d, "") for d in docs["doc_id"].tolist()], index=docs["doc_id"], dtype=object)


def doc_tokens(docs: pd.DataFrame, sentences: pd.DataFrame, tokens: Sequence[list[str]]) -> list[list[str]]:
    """The :func:`words` of every document's :func:`doc_texts`, in docs order, from the words of
    each sentence (``tokens``, parallel to ``sentences``) instead of tokenising the text again:
    the sentences are joined with a space and a newline, so no word spans two of them."""
    if len(sentences) == 0:
        return [[] for _ in range(len(docs))]
    order, run_ids, bounds = _document_runs(sentences)
    toks = np.empty(len(tokens), dtype=object)
    toks[:] = list(tokens)
    joined = {d: list(chain.from_iterable(run)) for d, run in zip(run_ids, np.split(toks[order], bounds))}
    return [joined.get(d, []) for d in docs["doc_id"].tolist()]


@dataclass(frozen=True)
class TfidfSettings:
    """The settings that change the similarity picture, with the suite's defaults.

    stop_words: "english" (scikit-learn's list, no download) or None; ngram_max: 1 for words,
    2 adds word bigrams; sublinear_tf: 1 + log(tf) instead of raw counts (long articles weigh
    less); min_df: a term must occur in at least this many documents (1 keeps everything, which
    a five-article corpus needs); max_df: drop terms in more than this share of documents.
    """

    stop_words: str | None = "english"
    ngram_max: int = 1
    sublinear_tf: bool = True
    min_df: int | float = 1
    max_df: float = 1.0


def _analyzer(settings: TfidfSettings) -> Callable[[list[str]], Counter]:
    """A callable turning a text's words (:func:`words`) into the counts of the terms TF-IDF
    counts: its words but the stop words (counted first, the stop words then dropped), with
    ``ngram_max`` the n-grams of those words too."""
    stop = ENGLISH_STOP_WORDS if settings.stop_words == "english" else frozenset()

    def analyze(tokens: list[str]) -> Counter:
        if settings.ngram_max == 1:
            counts = Counter(tokens)
            for word in stop.intersection(counts):
                counts.pop(word)  # dict's own (Counter's __delitem__ is Python code)
            return counts
        toks = [t for t in tokens if t not in stop]
        grams = list(toks)
        for n in range(2, settings.ngram_max + 1):
            grams.extend(" ".join(toks[i : i + n]) for i in range(len(toks) - n + 1))
        return Counter(grams)

    return analyze


def tfidf_matrix(
    texts: Iterable[str], *, settings: TfidfSettings = TfidfSettings()
) -> tuple[sp.csr_matrix, np.ndarray]:
    """L2-normalised TF-IDF rows (so a dot product is the cosine) and the term keys of the columns.

    One batch of :func:`doc_term_counts` through :func:`tfidf_from_counts`, so the in-memory
    and the batched run build the same matrix.
    """
    return tfidf_from_counts([doc_term_counts(texts, settings=settings)], settings=settings)


def doc_term_counts(
    texts: Iterable[str], *, settings: TfidfSettings = TfidfSettings()
) -> tuple[sp.csr_matrix, list[str]]:
    """Raw term counts of some documents (rows) over their own sorted vocabulary (columns).

    The per-batch half of TF-IDF: counts of several batches merge in :func:`tfidf_from_counts`,
    which gives the same matrix whatever the batches were.
    """
    return doc_token_counts(map(words, texts), settings=settings)


def doc_token_counts(
    tokens: Iterable[list[str]], *, settings: TfidfSettings = TfidfSettings()
) -> tuple[sp.csr_matrix, list[str]]:
    """:func:`doc_term_counts` of documents given as their words (:func:`words`, e.g. :func:`doc_tokens`)."""
    analyze = _analyzer(settings)
    keys: list[str] = []  # each document's distinct terms, one document after the other
    data: list[int] = []
    indptr = [0]
    for toks in tokens:
        counts = analyze(toks)
        keys.extend(counts.keys())
        data.extend(counts.values())
        indptr.append(len(keys))
    terms = sorted(set(keys))
    column = dict(zip(terms, range(len(terms))))
    X = sp.csr_matrix(
        (
            np.fromiter(data, dtype=np.int64, count=len(data)),
            np.fromiter(map(column.__getitem__, keys), dtype=np.int64, count=len(keys)),
            np.asarray(indptr, dtype=np.int64),
        ),
        shape=(len(indptr) - 1, len(terms)),
    )
    X.sort_indices()
    return X, terms


def token_codes(tokens: Sequence[list[str]]) -> tuple[np.ndarray, list[str]]:
    """Every token of the texts (``tokens``: one list per text), in order, as its code in the
    texts' vocabulary, and the vocabulary (distinct tokens, in order of first appearance)."""
    flat = list(chain.from_iterable(tokens))
    vocab = list(dict.fromkeys(flat))
    index = dict(zip(vocab, range(len(vocab))))
    return np.fromiter(map(index.__getitem__, flat), dtype=np.int64, count=len(flat)), vocab


def count_matrix(rows: np.ndarray, codes: np.ndarray, shape: tuple[int, int]) -> sp.csr_matrix:
    """Counts of (row, code) pairs as a sparse matrix of that shape (canonical: sorted, summed)."""
    M = sp.csr_matrix((np.ones(len(codes), dtype=np.int64), (np.asarray(rows, dtype=np.int64), codes)), shape=shape)
    M.sum_duplicates()
    return M


_KEYS: dict[str, int] = {}  # term -> key, this process's memo of term_keys


KEYS_KEPT = 500_000  # memo size limit: cleared when a call would pass it


def term_keys(terms: Sequence[str]) -> np.ndarray:
    """Stable 64-bit keys of terms (blake2b), the same in every process and run: per-batch counts
    merge on these integers instead of on strings. Remembered per process (a batch's words are
    mostly the words of the batches before it), up to KEYS_KEPT terms."""
    keys = memoised(
        _KEYS,
        terms,
        lambda t: int.from_bytes(hashlib.blake2b(t.encode("utf-8"), digest_size=8).digest(), "little", signed=True),
        limit=KEYS_KEPT,
    )
    return np.fromiter(keys, dtype=np.int64, count=len(keys))


def memoised(memo: dict, items: Sequence, compute: Callable, *, limit: int) -> list:
    """``compute(item)`` of every item, looked up in ``memo`` first; the new answers are added,
    after emptying the memo when they would take it past ``limit`` entries."""
    found = list(map(memo.get, items))
    missing = [i for i, f in enumerate(found) if f is None]
    if missing and len(memo) + len(missing) > limit:
        memo.clear()
    for i in missing:
        found[i] = memo[items[i]] = compute(items[i])
    return found


def keyed_vocabulary_counts(
    X: sp.csr_matrix, vocab: Sequence[str], *, drop: Iterable[str] = ()
) -> tuple[sp.csr_matrix, np.ndarray]:
    """:func:`keyed_counts` of counts over a vocabulary that may hold more words than the rows
    use: only the words with a count, less the ``drop`` words, become columns (what
    :func:`doc_token_counts` then :func:`keyed_counts` give for the same words)."""
    dropped = frozenset(drop)
    present = np.flatnonzero(np.bincount(X.indices, minlength=X.shape[1])).tolist()
    cols = [i for i in present if vocab[i] not in dropped]
    return keyed_counts(X[:, np.asarray(cols, dtype=np.int64)].tocsr(), [vocab[i] for i in cols])


def keyed_counts(X: sp.csr_matrix, terms: Sequence[str]) -> tuple[sp.csr_matrix, np.ndarray]:
    """Per-batch counts with their columns keyed (:func:`term_keys`) and ordered by key (int32 counts)."""
    keys = term_keys(terms)
    order = np.argsort(keys, kind="stable")
    position = np.empty(len(order), dtype=np.int32)
    position[order] = np.arange(len(order), dtype=np.int32)
    K = sp.csr_matrix((X.data.astype(np.int32), position[X.indices], X.indptr), shape=X.shape)
    K.sort_indices()
    return K, keys[order]


def _as_keyed(part: tuple[sp.csr_matrix, Sequence]) -> tuple[sp.csr_matrix, np.ndarray]:
    """A batch's counts keyed by term key, whether given with term strings or already keyed."""
    X, terms = part
    if isinstance(terms, np.ndarray) and terms.dtype == np.int64:
        return X, terms
    return keyed_counts(X, list(terms))


def _sum_by_key(keys: list[np.ndarray], counts: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Distinct keys (sorted) and their summed counts."""
    k, c = np.concatenate(keys), np.concatenate(counts)
    uniq, inverse = np.unique(k, return_inverse=True)
    return uniq, np.bincount(inverse.ravel(), weights=c, minlength=len(uniq)).astype(np.int64)


class DocumentFrequencies:
    """Document frequencies of term keys over batches of counts, added in any order (the sums do
    not depend on it), folded together every ``every`` batches so memory follows the vocabulary,
    not the corpus."""

    def __init__(self, *, every: int = 64) -> None:
        self.every, self.added, self.n = every, 0, 0
        self.keys: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
        self.dfs: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]

    def add(self, part: tuple[sp.csr_matrix, Sequence]) -> None:
        """Add one batch's documents × terms counts (keyed, or with their term strings)."""
        X, k = _as_keyed(part)
        self.n += X.shape[0]
        self.keys.append(k)
        self.dfs.append(np.bincount(X.indices, minlength=X.shape[1]))
        self.added += 1
        if self.added % self.every == 0:
            merged = _sum_by_key(self.keys, self.dfs)
            self.keys, self.dfs = [merged[0]], [merged[1]]

    def result(self) -> tuple[np.ndarray, np.ndarray, int]:
        """(term keys sorted, their document frequencies, number of documents)."""
        uniq, df = _sum_by_key(self.keys, self.dfs)
        return uniq, df, self.n


def document_frequencies(
    parts: Iterable[tuple[sp.csr_matrix, Sequence]], *, every: int = 64
) -> tuple[np.ndarray, np.ndarray, int]:
    """(term keys sorted, their document frequencies, number of documents) over batches of counts
    (see :class:`DocumentFrequencies`)."""
    freq = DocumentFrequencies(every=every)
    for part in parts:
        freq.add(part)
    return freq.result()


def tfidf_from_counts(
    parts: Iterable[tuple[sp.csr_matrix, Sequence]],
    *,
    settings: TfidfSettings = TfidfSettings(),
    frequencies: tuple[np.ndarray, np.ndarray, int] | None = None,
) -> tuple[sp.csr_matrix, np.ndarray]:
    """L2-normalised TF-IDF rows of all documents from per-batch counts (batches in order), and
    the term keys of the columns.

    ``parts`` is read twice (a list, or anything that can be iterated again, such as batch files
    read one at a time), or once when the caller gives the parts' ``frequencies`` (what
    :func:`document_frequencies` returns for them). Document frequencies are summed over the
    batches, then terms are kept by min_df / max_df (max_df is relaxed to 1.0 when it would keep
    fewer documents than min_df asks for, as a handful of articles has no common words to drop),
    idf = ln((1 + n) / (1 + df)) + 1 and tf is 1 + ln(count) with ``sublinear_tf``: scikit-learn's
    TfidfVectorizer formulas,
    computed from mergeable counts. Columns are in term-key order; each batch's rows are
    weighted and normalised on their own, so the matrix does not depend on the batches.
    """
    keys, df, n = document_frequencies(parts) if frequencies is None else frequencies
    min_docs = settings.min_df if isinstance(settings.min_df, int) else settings.min_df * n
    max_df = settings.max_df
    if isinstance(max_df, float) and max_df * n < min_docs:
        max_df = 1.0
    max_docs = max_df if isinstance(max_df, int) else max_df * n
    kept = (df >= min_docs) & (df <= max_docs)
    vocab, df = keys[kept], df[kept]
    if n == 0 or not len(vocab):
        return sp.csr_matrix((n, len(vocab)), dtype=np.float32), vocab
    idf = np.log((1.0 + n) / (1.0 + df.astype(float))) + 1.0
    # Every document holds each of its distinct terms once, so the matrix has sum(df) non-zeros:
    # its arrays are allocated once and filled batch by batch (no second copy from stacking).
    total = int(df.sum())
    index_dtype = np.int32 if max(total, len(vocab)) < 2**31 else np.int64
    data, indices = np.empty(total, dtype=np.float32), np.empty(total, dtype=index_dtype)
    indptr = np.zeros(n + 1, dtype=index_dtype)
    pos = row = 0
    for part in parts:
        X, k = _as_keyed(part)
        at = np.minimum(np.searchsorted(vocab, k), len(vocab) - 1)
        column = np.where(vocab[at] == k, at, -1)[X.indices]
        keep = column >= 0
        tf = X.data[keep].astype(float)
        if settings.sublinear_tf:
            tf = 1.0 + np.log(tf)
        rows = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))[keep]
        B = sp.csr_matrix((tf * idf[column[keep]], (rows, column[keep])), shape=(X.shape[0], len(vocab)))
        norms = np.sqrt(np.asarray(B.multiply(B).sum(axis=1)).ravel())
        B = (sp.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ B).astype(np.float32).tocsr()
        B.sort_indices()
        if pos + B.nnz > total or row + B.shape[0] > n:
            raise ValueError("term counts changed between the two passes over the batches")
        data[pos : pos + B.nnz], indices[pos : pos + B.nnz] = B.data, B.indices
        indptr[row + 1 : row + B.shape[0] + 1] = B.indptr[1:] + pos
        pos, row = pos + B.nnz, row + B.shape[0]
    if pos != total or row != n:
        raise ValueError("term counts changed between the two passes over the batches")
    M = sp.csr_matrix((data, indices, indptr), shape=(n, len(vocab)))
    M.has_sorted_indices = True
    return M, vocab


def _prune_rows(X: sp.csr_matrix, keep: int) -> sp.csr_matrix:
    """Keep each row's ``keep`` largest weights (the terms that say most about the document)."""
    X = X.tocsr(copy=True)
    for i in range(X.shape[0]):
        a, b = X.indptr[i], X.indptr[i + 1]
        if b - a > keep:
            row = X.data[a:b]
            cut = np.partition(row, b - a - keep)[b - a - keep]
            row[row < cut] = 0
    X.eliminate_zeros()
    return X

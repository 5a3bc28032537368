"""MinHash signatures of sentences (32 permutations over word trigrams) and each sentence's
token-sequence hash: the keys that :mod:`analysis.compare.lsh` bands to find copied sentences at
scale without comparing every pair."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from itertools import chain

import numpy as np
import pandas as pd

from analysis.compare.terms import term_keys, token_codes
from analysis.ingest.normalize import fold
from analysis.text.words import _word_splitter

_N_PERM = 32


_MERSENNE = (1 << 61) - 1


# multipliers mixing a word trigram's three token codes into one code, kept to 61 bits
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)


_GRAM_MASK = np.uint64(0x1FFFFFFFFFFFFFFF)


_GRAM_BLOCK = 1 << 14  # trigrams hashed at once (x 32 permutations x 8 bytes: 4 MB, twice)
_signature_words = _word_splitter("'")  # the tokens of [^\W_]+(?:'[^\W_]+)*: no hyphens


def _stable_hashes(texts: Iterable[str]) -> np.ndarray:
    """A 64-bit hash of each string that is the same in every process (Python's hash() is salted
    per process): blake2b's 8-byte digest read as a little-endian signed integer."""
    digests = b"".join(hashlib.blake2b(t.encode("utf-8"), digest_size=8).digest() for t in texts)
    return np.frombuffer(digests, dtype="<i8").astype(np.int64)


def sentence_signatures(
    texts: Iterable[str],
    *,
    words: Sequence[list[str]] | None = None,
    coded: tuple[np.ndarray, Sequence[str]] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """MinHash signatures (n × 32) of the sentences' word-trigram sets, a hash of each token
    sequence (for exact equality) and the token counts; signature rows of -1 for < 3 words.

    Row by row and the same in every process, so batches can compute theirs and the rows be
    concatenated.

    Tokens are those of :func:`sentence_tokens` (folded, lower-cased, hyphens split), found
    without building offset maps, so that millions of sentences fit in memory. The trigram codes
    of all sentences are hashed together, a block of trigrams at a time, and each sentence's
    minima taken over its own rows (a repeated trigram changes no minimum).

    ``words``: the texts' :func:`analysis.text.words.words` tokens, when the caller has them
    (hyphenated words kept, one list per text, in order): split at their hyphens they are these
    tokens, and ``texts`` is not read again. ``coded``: those words'
    :func:`analysis.compare.terms.token_codes` (each word's code in the vocabulary, the vocabulary),
    when the caller has them too; each distinct word is then split and keyed once.
    """
    if words is None:
        if isinstance(texts, pd.Series):  # convert at once: a Series of Arrow strings iterates slowly
            texts = texts.to_numpy(dtype=object)
        words = [_signature_words(fold(text).lower()) for text in texts]  # no hyphens in these
        coded = None
    codes, vocab = coded if coded is not None else token_codes(words)
    n_words = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    joined: Iterable[str] = map("\x1f".join, words)
    if any("-" in w for w in vocab):  # split at the hyphens: a word's parts, each keyed once
        parts = [w.split("-") for w in vocab]
        n_parts = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
        part_keys = term_keys(list(chain.from_iterable(parts))).view(np.uint64)
        reps = n_parts[codes]  # tokens each word becomes
        at = np.arange(reps.sum()) + np.repeat((np.cumsum(n_parts) - n_parts)[codes] - (np.cumsum(reps) - reps), reps)
        keys = part_keys[at]
        lens = np.bincount(np.repeat(np.arange(len(words)), n_words), weights=reps, minlength=len(words)).astype(
            np.int64
        )
        joined = (s.replace("-", "\x1f") for s in joined)  # hyphens only ever join two word characters
    else:
        keys = term_keys(list(vocab)).view(np.uint64)[codes]
        lens = n_words
    return _minhash(keys, lens), _stable_hashes(joined), lens


def _minhash(codes: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """MinHash signatures (len(lens) × 32, -1 for < 3 tokens) of the word-trigram sets of the
    token sequences ``codes`` (uint64 token keys of all sequences, concatenated; ``lens``: each
    sequence's length)."""
    rng = np.random.default_rng(20161201)
    a = rng.integers(1, _MERSENNE, size=_N_PERM, dtype=np.uint64)
    b = rng.integers(0, _MERSENNE, size=_N_PERM, dtype=np.uint64)
    sig = np.full((len(lens), _N_PERM), -1, dtype=np.int64)
    rows = np.flatnonzero(lens >= 3)
    n_grams = lens[rows] - 2
    ends = np.cumsum(n_grams)  # each row's trigrams end here in ``grams``
    at = np.arange(ends[-1] if len(ends) else 0) + np.repeat((np.cumsum(lens) - lens)[rows] - (ends - n_grams), n_grams)
    grams = (
        codes[at] * _MIX[0] ^ codes[at + 1] * _MIX[1] ^ codes[at + 2] * _MIX[2]
    ) & _GRAM_MASK  # ``at``: first tokens
    buf = np.empty((2, _N_PERM, 0), dtype=np.uint64)  # reused from block to block (no fresh pages)
    lo = 0
    while lo < len(rows):
        start = ends[lo] - n_grams[lo]
        hi = max(lo + 1, int(np.searchsorted(ends, start + _GRAM_BLOCK, side="right")))
        width = int(ends[hi - 1] - start)
        if buf.shape[2] < width:
            buf = np.empty((2, _N_PERM, max(width, _GRAM_BLOCK)), dtype=np.uint64)
        hashed = _hash_block(
            a, b, grams[start : start + width], buf[0, :, :width], buf[1, :, :width]
        )  # permutation x trigram
        sig[rows[lo:hi]] = np.minimum.reduceat(hashed, ends[lo:hi] - n_grams[lo:hi] - start, axis=1).T.view(np.int64)
        lo = hi
    return sig


def _hash_block(a: np.ndarray, b: np.ndarray, grams: np.ndarray, out: np.ndarray, spare: np.ndarray) -> np.ndarray:
    """``(a * grams + b) % (2**61 - 1)`` (wrapping uint64 products; permutations × grams) into
    ``out``, with ``spare`` (same shape) as scratch; see :func:`_mod_mersenne`."""
    np.multiply(a[:, None], grams[None, :], out=out)
    out += b[:, None]
    return _mod_mersenne(out, spare=spare)


def _mod_mersenne(x: np.ndarray, *, spare: np.ndarray | None = None) -> np.ndarray:
    """``x % (2**61 - 1)`` of a uint64 array, in place, without a division: x = hi * 2**61 + lo is
    hi + lo modulo 2**61 - 1, and hi + lo < 2 * (2**61 - 1); ``spare``: scratch of x's shape.
    hi + lo reaches 2**61 - 1 for a handful of the 2**64 values only, so the last subtraction
    is made where the maximum says it is needed."""
    p = np.uint64(_MERSENNE)
    hi = np.right_shift(x, np.uint64(61), out=spare)
    x &= p
    x += hi
    if x.size and x.max() >= p:
        np.subtract(x, p, out=x, where=x >= p)
    return x

"""Fast targeted-sentiment (stance) scorer.

A linear (multinomial logistic regression) model over hand-built, target-aware
sparse features:

* the sentence with the target mention replaced by a placeholder token
  (unigrams, bigrams and the n-grams touching the placeholder),
* bag-of-words of left/right context windows of several widths,
* words at fixed offsets next to the target,
* VADER-lexicon polarity of the windows and the sentence (own fast lookup over
  our tokens with VADER's lexicon file and negation list; the VADER analyser
  itself is not run), including distance-weighted sums,
* news cues: quotes around the target, speech verbs after the target,
  negation near the target.

The shipped model is plain data (``vocab.json`` + ``model.npz`` +
``meta.json``); no pickle is loaded.  Runtime needs only numpy and the
``vaderSentiment`` package (for its lexicon file).

Training names every feature (:meth:`FeatureExtractor.extract`); the scorer
counts and looks up the two big blocks (sentence n-grams and context windows)
for a batch of pairs at once with numpy over integer token ids instead, and
sums each pair's features in a fixed order, so a probability does not depend on
the other pairs of the call or on the process (Python's string hashing).
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import count, repeat
from pathlib import Path

import numpy as np

from analysis.stance.scorers.features import TARGET_TOKEN, FeatureExtractor, _split_tokens, vader_lexicon_path

LABELS: tuple[str, str, str] = ("negative", "neutral", "positive")
DEFAULT_MODEL_DIR: Path = Path(__file__).resolve().parent.parent / "models" / "stance-fast"


def validate_spans(texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> None:
    """Raise ``ValueError`` naming the first index whose span is not a valid, non-empty range."""
    if len(texts) != len(spans):
        raise ValueError(f"texts and spans differ in length: {len(texts)} != {len(spans)}")
    for i, (text, span) in enumerate(zip(texts, spans)):
        try:
            start, end = span
        except (TypeError, ValueError):
            raise ValueError(f"span at index {i} is not a (start, end) pair: {span!r}") from None
        if type(start) is int and type(end) is int and type(text) is str and 0 <= start < end <= len(text):
            continue  # the common case, valid by the checks below
        if not isinstance(text, str):
            raise ValueError(f"text at index {i} is not a string")
        if (
            isinstance(start, bool)
            or isinstance(end, bool)
            or not isinstance(start, (int, np.integer))
            or not isinstance(end, (int, np.integer))
        ):
            raise ValueError(f"span at index {i} has non-integer offsets: {span!r}")
        if not 0 <= start < end <= len(text):
            raise ValueError(f"span at index {i} is out of range for a text of length {len(text)}: {span!r}")


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax."""
    z = scores - scores.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


class FastScorer:
    """Fast targeted-sentiment scorer (linear model over target-aware features)."""

    name = "fast"

    def __init__(self, *, model_dir: Path | None = None) -> None:
        """Load vocabulary, coefficients and feature settings from ``model_dir``."""
        model_dir = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
        meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
        labels = tuple(meta["labels"])
        if labels != LABELS:
            raise ValueError(f"model label order {labels} != expected {LABELS}")
        with open(model_dir / "vocab.json", encoding="utf-8") as fh:
            vocab_list: list[str] = json.load(fh)
        self.vocab: dict[str, int] = {f: i for i, f in enumerate(vocab_list)}
        with np.load(model_dir / "model.npz", allow_pickle=False) as z:
            coef = np.asarray(z["coef"], dtype=np.float64)
            intercept = np.asarray(z["intercept"], dtype=np.float64)
        if coef.shape != (len(LABELS), len(vocab_list)):
            raise ValueError(f"coef shape {coef.shape} does not match vocabulary size {len(vocab_list)}")
        # one row per class, plus a trailing zero column for the unknown feature id
        self._coef = np.ascontiguousarray(np.hstack([coef, np.zeros((len(LABELS), 1))]))
        self._unknown = len(vocab_list)
        self._intercept = intercept
        self.meta = meta
        self._temperature = float(meta.get("temperature", 1.0) or 1.0)
        if not self._temperature > 0:
            raise ValueError(f"temperature must be positive, got {self._temperature}")
        self.extractor = FeatureExtractor(meta["feature_settings"])
        self._tokens = _token_vocab(self.vocab, self.extractor, self._unknown)
        # the other features: those of the target blocks by block and key ("g|<t> said" ->
        # ["g"]["<t> said"]), the dense ones by name in a small table of their own
        self._target_vocab: dict[str, dict[str, int]] = {"g": {}, "o": {}, "m": {}}
        self._dense_vocab: dict[str, int] = {}
        for f, i in self.vocab.items():
            block, _, key = f.partition("|")
            if block in self._target_vocab:
                self._target_vocab[block][key] = i
            elif block != "s" and block not in self._tokens.windows:
                self._dense_vocab[f] = i
        self._lexicon_ids = [self._dense_vocab.get(f, self._unknown) for f in self.extractor.lexicon_names]
        expected = meta.get("lexicon_sha256")
        if expected and self.extractor.use_lexicon:
            import hashlib

            actual = hashlib.sha256(vader_lexicon_path().read_bytes()).hexdigest()
            if actual != expected:
                warnings.warn(
                    "the installed vaderSentiment lexicon differs from the one the fast model was trained with; "
                    "scores may be degraded",
                    RuntimeWarning,
                    stacklevel=2,
                )

    def decision_function(self, texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """Unnormalised class scores (linear model output), shape (n, 3).

        Pairs are encoded in batches of about :data:`_BATCH_TOKENS` tokens (:class:`_PairBatch`);
        a pair's score does not depend on the other pairs.
        """
        validate_spans(texts, spans)
        scores = np.zeros((len(texts), len(LABELS)), dtype=np.float64)
        batch, first = _PairBatch(self), 0
        for i, (text, (start, end)) in enumerate(zip(texts, spans)):
            start, end = int(start), int(end)
            norm, left, right, mention = _split_tokens(text, start, end)
            if batch.n_tokens and batch.n_tokens + len(left) + len(right) + 1 > _BATCH_TOKENS:
                scores[first:i] = batch.feature_sums()
                batch, first = _PairBatch(self), i
            batch.add(norm, start, end, left, right, mention)
        if len(texts):
            scores[first:] = batch.feature_sums()
        scores += self._intercept
        return scores

    def predict_proba(self, texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """Probabilities (n, 3), columns [negative, neutral, positive], rows sum to 1.

        ``spans`` are (start, end) character offsets of the target mention in the
        corresponding text; an invalid span raises ``ValueError`` naming its index.
        """
        scores = self.decision_function(texts, spans)
        if self._temperature != 1.0:
            scores /= self._temperature
        return softmax(scores)

    def predict(self, texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> list[str]:
        """Most likely label per pair."""
        proba = self.predict_proba(texts, spans)
        return [LABELS[i] for i in proba.argmax(axis=1)]


@dataclass(frozen=True)
class _TokenVocab:
    """The model's sentence ("s") and window features over integer token ids.

    The model's tokens (those of these features' keys) have ids 0..K-1; the lookup tables end
    with an entry for any other token (id clipped to K) that holds the unknown feature id.
    """

    token_ids: dict[str, int]
    sent_words: np.ndarray  # feature id of "s|<word>" by token id
    sent_pairs: np.ndarray  # sorted codes t1 * K + t2 of the "s|<word> <word>" features, then a sentinel
    sent_pair_ids: np.ndarray  # their feature ids (then the unknown id)
    windows: dict[str, np.ndarray]  # feature id of "l3|<word>" etc. by token id, per window block
    empty_side: dict[str, int]  # feature id of "l3|<bos>" etc. (the window of a side without tokens)


def _token_vocab(vocab: Mapping[str, int], extractor: FeatureExtractor, unknown: int) -> _TokenVocab:
    """The sentence and window features of ``vocab`` over token ids (see :class:`_TokenVocab`)."""
    ids: dict[str, int] = {}
    words: list[tuple[int, int]] = []
    pairs: list[tuple[int, int, int]] = []
    sides = {lname: "<bos>" for _, lname, _ in extractor._win_blocks} | {
        rname: "<eos>" for _, _, rname in extractor._win_blocks
    }
    per_window: dict[str, list[tuple[int, int]]] = {name: [] for name in sides}
    for f, i in vocab.items():
        block, _, key = f.partition("|")
        if block == "s":
            toks = key.split(" ")
            if len(toks) == 1:
                words.append((ids.setdefault(key, len(ids)), i))
            elif len(toks) == 2:
                pairs.append((ids.setdefault(toks[0], len(ids)), ids.setdefault(toks[1], len(ids)), i))
        elif block in per_window:
            per_window[block].append((ids.setdefault(key, len(ids)), i))
    k = len(ids)

    def table(entries: list[tuple[int, int]]) -> np.ndarray:
        """Feature id by token id (unknown for the tokens without one, and at index k)."""
        out = np.full(k + 1, unknown, dtype=np.int64)
        if entries:
            tok, fid = np.array(entries, dtype=np.int64).T
            out[tok] = fid
        return out

    codes = np.array([a * k + b for a, b, _ in pairs], dtype=np.int64)
    order = np.argsort(codes, kind="stable")
    return _TokenVocab(
        token_ids=ids,
        sent_words=table(words),
        sent_pairs=np.append(codes[order], np.iinfo(np.int64).max),
        sent_pair_ids=np.append(np.array([i for _, _, i in pairs], dtype=np.int64)[order], unknown),
        windows={name: table(entries) for name, entries in per_window.items()},
        empty_side={name: vocab.get(name + "|" + side, unknown) for name, side in sides.items()},
    )


def _distinct(keys: np.ndarray) -> np.ndarray:
    """The sorted distinct values of an integer array (``np.unique``, whose hash-based
    implementation in numpy 2 is many times slower on these arrays than sorting)."""
    keys = np.sort(keys)
    return keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys


# tokens per batch of pairs encoded together (a longer single pair is a batch of its own): bounds
# the memory, and the keys of _PairBatch._sentence (< pairs x (ids + ids**2), ids < model tokens +
# batch tokens + 2) stay below 2**63 for models of up to millions of tokens
_BATCH_TOKENS = 1 << 18


class _PairBatch:
    """Pairs encoded together into the sums of their features' contributions.

    The sentence ("s") and window blocks are counted and looked up with numpy over integer token
    ids: the model's tokens keep their ids from :class:`_TokenVocab`, so the order in which a
    pair's known features are summed (by id) does not depend on the other pairs; any other token
    gets a fresh id, unique in the batch. The target blocks and dense features are looked up pair
    by pair with the extractor's own code.
    """

    def __init__(self, scorer: FastScorer) -> None:
        """An empty batch for ``scorer``."""
        self._scorer = scorer
        self._ids = scorer._tokens.token_ids.copy()
        self._fresh = count(len(self._ids))
        self._target = self._ids.setdefault(TARGET_TOKEN, next(self._fresh))
        self._tokens: list[int] = []  # per pair: ids of the left tokens, the target, the right tokens
        self._n_left: list[int] = []
        self._n_right: list[int] = []
        self._n_other: list[int] = []  # per pair: number of target-block and dense features
        self._cols: list[int] = []
        self._vals: list[float] = []

    @property
    def n_tokens(self) -> int:
        """Tokens (the target included) of the pairs added so far."""
        return len(self._tokens)

    def add(self, norm: str, start: int, end: int, left: list[str], right: list[str], mention: list[str]) -> None:
        """Add a pair: its normalised sentence, target span and tokens (see :func:`_split_tokens`)."""
        scorer = self._scorer
        ids, fresh = self._ids.setdefault, self._fresh
        self._tokens.extend(map(ids, left, fresh))
        self._tokens.append(self._target)
        self._tokens.extend(map(ids, right, fresh))
        self._n_left.append(len(left))
        self._n_right.append(len(right))
        cols, vals, unknown = self._cols, self._vals, repeat(scorer._unknown)
        before = len(cols)
        for name, keys, val in scorer.extractor.target_blocks(left, right, mention):
            cols.extend(map(scorer._target_vocab[name].get, keys, unknown))
            vals.extend(repeat(val, len(keys)))
        values, tags, val, cues = scorer.extractor.dense_parts(norm, start, end, left, right)
        cols.extend(scorer._lexicon_ids)
        vals.extend(values)
        cols.extend(map(scorer._dense_vocab.get, tags, unknown))
        vals.extend(repeat(val, len(tags)))
        cols.extend(map(scorer._dense_vocab.get, cues, unknown))
        vals.extend(cues.values())
        self._n_other.append(len(cols) - before)

    def feature_sums(self) -> np.ndarray:
        """Per pair, the sum of its features' contributions (value x coefficient), shape (n, 3).

        A pair's known features are summed in a fixed order: the sentence block's by code, the
        window blocks' by token id, then the other features in the extractor's order.
        """
        n = len(self._n_left)
        tok = np.fromiter(self._tokens, dtype=np.int64, count=len(self._tokens))
        n_left = np.array(self._n_left, dtype=np.int64)
        size = n_left + np.array(self._n_right, dtype=np.int64) + 1
        pair = np.repeat(np.arange(n), size)
        pos = np.arange(len(tok)) - np.repeat(np.cumsum(size) - size, size)  # index in the pair's tokens
        target = np.repeat(n_left, size)  # the target's index
        span = next(self._fresh)  # every token id is below
        parts = [self._sentence(pair, tok, span)]
        bw = self._scorer.extractor.block_weights
        for w, lname, rname in self._scorer.extractor._win_blocks:
            for name, inside, empty in (
                (lname, (pos < target) & (pos >= target - w), n_left == 0),
                (rname, (pos > target) & (pos <= target + w), size - n_left == 1),
            ):
                weight = bw.get(name, 1.0)
                if weight != 0.0:
                    parts += self._window(name, weight, pair[inside], tok[inside], span, np.flatnonzero(empty))
        parts.append(
            (
                np.repeat(np.arange(n), self._n_other),
                np.fromiter(self._cols, dtype=np.int64, count=len(self._cols)),
                np.fromiter(self._vals, dtype=np.float64, count=len(self._vals)),
            )
        )
        rows, fid, val = (np.concatenate(x) for x in zip(*parts))
        known = fid != self._scorer._unknown
        rows, fid, val = rows[known], fid[known], val[known]
        sums = np.empty((n, len(LABELS)), dtype=np.float64)
        for c, coef in enumerate(self._scorer._coef):
            sums[:, c] = np.bincount(rows, weights=coef[fid] * val, minlength=n)
        return sums

    def _sentence(self, pair: np.ndarray, tok: np.ndarray, span: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The sentence block as (pair, feature id, value): each pair's distinct tokens and (with
        sentence_ngrams >= 2) bigrams, the target masked."""
        ex, vocab = self._scorer.extractor, self._scorer._tokens
        weight = ex.block_weights.get("s", 1.0)
        if weight == 0.0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
        # codes: a word is its id (< span), a bigram span + id1 * span + id2
        width = span + span * span if ex.sentence_ngrams >= 2 else span
        keys = pair * width + tok
        if ex.sentence_ngrams >= 2:
            inner = pair[1:] == pair[:-1]  # consecutive tokens of one pair
            keys = np.concatenate([keys, pair[1:][inner] * width + span + tok[:-1][inner] * span + tok[1:][inner]])
        p, code = np.divmod(_distinct(keys), width)
        k = len(vocab.token_ids)
        fid = np.full(len(code), self._scorer._unknown, dtype=np.int64)
        word = code < span
        fid[word] = vocab.sent_words[np.minimum(code[word], k)]
        bigram = np.flatnonzero(~word)
        first, second = np.divmod(code[bigram] - span, span)
        model = (first < k) & (second < k)  # both words are the model's
        bigram, model = bigram[model], first[model] * k + second[model]
        at = np.searchsorted(vocab.sent_pairs, model)
        fid[bigram] = np.where(vocab.sent_pairs[at] == model, vocab.sent_pair_ids[at], self._scorer._unknown)
        return p, fid, weight / np.sqrt(np.bincount(p))[p]

    def _window(
        self, name: str, weight: float, pair: np.ndarray, tok: np.ndarray, span: int, empty: np.ndarray
    ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """One window block as (pair, feature id, value) from its tokens (``pair``, ``tok``) and
        for the pairs ``empty`` without a token on that side (the one key "<bos>" / "<eos>")."""
        vocab = self._scorer._tokens
        p, t = np.divmod(_distinct(pair * span + tok), span)
        fid = vocab.windows[name][np.minimum(t, len(vocab.token_ids))]
        return [
            (p, fid, weight / np.sqrt(np.bincount(p))[p]),
            (empty, np.full(len(empty), vocab.empty_side[name]), np.full(len(empty), weight / math.sqrt(1))),
        ]

"""Learned pronoun-antecedent scorer: which of several people a "he" or "she" refers to.

A MiniLM (all-MiniLM-L6-v2, the encoder of the accurate stance scorer's family) fine-tuned on
GAP's development passages (training/train_coref.py; report in training/REPORT-coref.md),
exported to ONNX and quantised to int8. The pronoun is marked in the token sequence by two
marker tokens, as the stance scorer marks its target::

    [CLS] ... Simon ... [unused0] he [unused1] slept with Jenny ... [SEP]

The encoder's last hidden states are read at the opening marker (the pronoun) and averaged over
each candidate's word pieces; a linear layer over ``[pronoun; candidate; pronoun * candidate]``
gives one logit per candidate (in numpy, weights in ``head.npz``). One forward pass scores every
candidate of one pronoun.

The resolver (:mod:`analysis.mentions.resolve`) asks it only where its rules leave two or more
people of the pronoun's gender in reach; :func:`encode_pronoun` is the single implementation of
the input encoding and is also what training uses.

Runtime needs only numpy, onnxruntime and tokenizers; the model ships in the package.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from analysis.text.syntax import Sentence

__all__ = ["MODEL_DIR", "AntecedentScorer", "Encoded", "default_scorer", "encode_pronoun", "passage"]

MODEL_DIR: Path = Path(__file__).resolve().parent / "models" / "coref-minilm"
CLS_ID, SEP_ID, PAD_ID = 101, 102, 0
MARK_START_ID, MARK_END_ID = 1, 2  # [unused0], [unused1]
MAX_LEN = 256
# chosen on the news gold's and GAP's development data (training/REPORT-coref.md)
THRESHOLD = 0.5  # the model's choice wins at this probability
BELOW = 0.7  # asked where the rules' confidence is under this
LEFT_SHARE = 0.75  # of the context budget, before the pronoun (antecedents mostly precede it)


@dataclass
class Encoded:
    """One pronoun's input: token ids, the opening marker's position, and for each candidate the
    positions of its word pieces (empty where truncation cut it off)."""

    ids: list[int]
    marker: int
    candidates: list[list[int]]


def encode_pronoun(
    tokenizer: Any,
    text: str,
    pronoun: tuple[int, int],
    candidates: Sequence[Sequence[tuple[int, int]]],
    *,
    max_len: int = MAX_LEN,
) -> Encoded:
    """Encode ``text`` with the pronoun at character span ``pronoun`` marked.

    Args:
        tokenizer: a ``tokenizers.Tokenizer`` (BERT uncased WordPiece), no special tokens added.
        text: the passage (the pronoun's sentence and those before it).
        pronoun: ``(start, end)`` of the pronoun in ``text``.
        candidates: for each candidate, the character spans of its mentions in ``text``.
        max_len: the longest sequence, markers and [CLS]/[SEP] included.

    Returns:
        The ids, the marker's position and each candidate's piece positions.

    Raises:
        ValueError: if the pronoun span lies outside the text.
    """
    a, b = pronoun
    if not 0 <= a < b <= len(text):
        raise ValueError(f"pronoun span {pronoun!r} is outside a text of length {len(text)}")
    enc = tokenizer.encode(text, add_special_tokens=False)
    ids, offs = enc.ids, enc.offsets
    n = len(ids)
    i = 0
    while i < n and offs[i][1] <= a:
        i += 1
    j = i
    while j < n and offs[j][0] < b:
        j += 1
    budget = max(max_len - 4 - (j - i), 2)
    left = min(i, int(budget * LEFT_SHARE))
    right = min(n - j, budget - left)
    left = min(i, budget - right)
    lo, hi = i - left, j + right
    seq = [CLS_ID, *ids[lo:i], MARK_START_ID, *ids[i:j], MARK_END_ID, *ids[j:hi], SEP_ID]
    marker = 1 + (i - lo)

    def position(t: int) -> int:  # token index t of the text -> index in seq
        return 1 + (t - lo) + (0 if t < i else 1 if t < j else 2)

    cands = []
    for spans in candidates:
        pos = [
            position(t)
            for t in range(lo, hi)
            if not i <= t < j and any(offs[t][0] < y and x < offs[t][1] for x, y in spans)
        ]
        cands.append(pos)
    return Encoded(seq, marker, cands)


def passage(sentences: Sequence[Sentence], lo: int, hi: int) -> tuple[str, int]:
    """Sentences ``lo`` to ``hi`` as one string with every token at its document offset minus
    the returned base (gaps become spaces), so document spans map into it by subtracting base."""
    rows = [sentences[i] for i in range(max(lo, 0), hi + 1) if len(sentences[i])]
    if not rows:
        return "", 0
    base = rows[0].start[0]
    chars = [" "] * (rows[-1].end[-1] - base)
    for s in rows:
        for a, b, t in zip(s.start, s.end, s.text):
            chars[a - base : b - base] = t[: b - a].ljust(b - a)
    return "".join(chars), base


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


class AntecedentScorer:
    """The fine-tuned pronoun-antecedent model (ONNX Runtime, CPU, one thread)."""

    def __init__(self, *, model_dir: Path | None = None, threshold: float = 0.5, below: float = 1.0) -> None:
        """Load ``model.onnx``, ``tokenizer.json``, ``head.npz`` and ``meta.json``.

        ``threshold``: the model's choice replaces the rules' when its probability is at least
        this; ``below``: the model is asked only where the rules' confidence is under this.
        """
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.model_dir = Path(model_dir) if model_dir is not None else MODEL_DIR
        self.meta: dict[str, Any] = json.loads((self.model_dir / "meta.json").read_text(encoding="utf-8"))
        self.max_len = int(self.meta.get("max_len", MAX_LEN))
        self.threshold, self.below = threshold, below
        self.actors_only = True  # asked only where one of the candidates is an actor
        self.calls = 0
        self._cache: dict[tuple, np.ndarray] = {}  # the resolver's second round asks again
        self.tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        head = np.load(self.model_dir / "head.npz")
        self.weight, self.bias = head["weight"].astype(np.float32), float(head["bias"])
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(self.model_dir / "model.onnx"), sess_options=opts, providers=["CPUExecutionProvider"]
        )

    def score(self, text: str, pronoun: tuple[int, int], candidates: Sequence[Sequence[tuple[int, int]]]) -> np.ndarray:
        """Probability that the pronoun refers to each candidate (NaN for a candidate that the
        token budget cut off); shape ``(len(candidates),)``."""
        if not candidates:
            return np.zeros(0)
        enc = encode_pronoun(self.tokenizer, text, pronoun, candidates, max_len=self.max_len)
        ids = np.asarray([enc.ids], dtype=np.int64)
        (hidden,) = self.session.run(["hidden"], {"input_ids": ids, "attention_mask": np.ones_like(ids)})
        return self.head(hidden[0], enc)

    def choose(
        self, sentences: Sequence[Sentence], si: int, k: int, spans: dict[str, list[tuple[int, int]]], *, lo: int
    ) -> tuple[str, float] | None:
        """The candidate (key of ``spans``: each candidate's mention spans, document offsets) that
        the pronoun at token ``k`` of sentence ``si`` refers to, with its probability, if that is
        at least the threshold; the passage is sentences ``lo`` to ``si``."""
        text, base = passage(sentences, lo, si)
        s = sentences[si]
        keys = list(spans)
        local = [[(a - base, b - base) for a, b in spans[key]] for key in keys]
        pron = (s.start[k] - base, s.end[k] - base)
        key = (text, pron, tuple(tuple(x) for x in local))
        if key not in self._cache:
            if len(self._cache) > 4096:
                self._cache.clear()
            self.calls += 1
            self._cache[key] = self.score(text, pron, local)
        probs = self._cache[key]
        if not len(probs) or np.all(np.isnan(probs)):
            return None
        best = int(np.nanargmax(probs))
        return (keys[best], float(probs[best])) if probs[best] >= self.threshold else None

    def head(self, hidden: np.ndarray, enc: Encoded) -> np.ndarray:
        """The linear head over one sequence's hidden states ``(T, H)``."""
        p = hidden[enc.marker]
        out = np.full(len(enc.candidates), np.nan)
        for c, pos in enumerate(enc.candidates):
            if pos:
                v = hidden[pos].mean(axis=0)
                out[c] = _sigmoid(np.concatenate([p, v, p * v]) @ self.weight + self.bias)
        return out


@lru_cache(maxsize=1)
def default_scorer() -> AntecedentScorer:
    """The shipped model with the settings chosen on the development data, loaded once per
    process (each worker of a batched run loads its own)."""
    return AntecedentScorer(threshold=THRESHOLD, below=BELOW)

"""Accurate targeted-sentiment (stance) scorer.

A fine-tuned ``all-MiniLM-L6-v2`` (6-layer, 384-d BERT; the shipped weights are
the average of three fine-tuning runs) exported to ONNX and dynamically
quantised to int8.  The target mention is marked in the token
sequence by two marker tokens (``[unused0]`` before and ``[unused1]`` after the
word pieces that overlap the mention's character span)::

    [CLS] w1 w2 [unused0] t1 t2 [unused1] w3 ... [SEP]

The network pools the hidden states of ``[CLS]``, of the opening marker and
the mean over the marked target span (computed inside the ONNX graph from the
marker ids), and a linear layer maps them to three logits
``[negative, neutral, positive]``.

Runtime needs only ``numpy``, ``onnxruntime`` and ``tokenizers``.  The marking
scheme, label order and maximum length are read from ``meta.json`` in the model
folder; :func:`encode_pairs` is the single implementation of the input encoding
and is also used by ``training/train_accurate.py`` so training and inference
cannot drift apart.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

LABELS: tuple[str, str, str] = ("negative", "neutral", "positive")
DEFAULT_MODEL_DIR: Path = Path(__file__).resolve().parent.parent / "models" / "stance-minilm"

CLS_ID: int = 101
SEP_ID: int = 102
PAD_ID: int = 0
MARK_START_ID: int = 1  # [unused0]
MARK_END_ID: int = 2  # [unused1]
DEFAULT_MAX_LEN: int = 128


def available_cores() -> int:
    """CPU cores this process may run on (its affinity mask where the OS has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def validate_spans(texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> None:
    """Check that ``spans`` pairs up with ``texts`` and every span is valid.

    A valid span is a pair of ints ``(start, end)`` with
    ``0 <= start < end <= len(text)``.

    Raises:
        ValueError: on a length mismatch or an invalid span; the message names
            the offending index.
    """
    if len(texts) != len(spans):
        raise ValueError(f"got {len(texts)} texts but {len(spans)} spans")
    for i, (text, span) in enumerate(zip(texts, spans)):
        if not isinstance(text, str):
            raise ValueError(f"text at index {i} is not a str: {type(text).__name__}")
        try:
            start, end = span
        except (TypeError, ValueError):
            raise ValueError(f"span at index {i} is not a (start, end) pair: {span!r}") from None
        if isinstance(start, bool) or isinstance(end, bool):
            raise ValueError(f"span at index {i} has non-integer offsets: {span!r}")
        try:
            start_i, end_i = int(start), int(end)
        except (TypeError, ValueError):
            raise ValueError(f"span at index {i} has non-integer offsets: {span!r}") from None
        if start_i != start or end_i != end:
            raise ValueError(f"span at index {i} has non-integer offsets: {span!r}")
        if not 0 <= start_i < end_i <= len(text):
            raise ValueError(f"span at index {i} is out of range: {span!r} for a text of length {len(text)}")


def _mark_and_truncate(
    ids: Sequence[int],
    offsets: Sequence[tuple[int, int]],
    start: int,
    end: int,
    max_len: int,
    mark_start_id: int,
    mark_end_id: int,
) -> list[int]:
    """Wrap the word pieces overlapping ``[start, end)`` in markers and fit to ``max_len``.

    When the sequence is too long, the target is kept and the remaining budget
    is shared between left and right context (any side's unused share goes to
    the other side).
    """
    n = len(ids)
    a = 0
    while a < n and offsets[a][1] <= start:
        a += 1
    b = a
    while b < n and offsets[b][0] < end:
        b += 1
    # a..b are the pieces overlapping the span (may be empty, e.g. a span of
    # only spaces/control characters; then the markers are adjacent).
    budget = max(max_len - 4, 1)  # [CLS], [SEP] and the two markers
    tgt = list(ids[a:b])[:budget]
    rest = budget - len(tgt)
    left_avail, right_avail = a, n - b
    left = min(left_avail, rest // 2)
    right = min(right_avail, rest - left)
    left = min(left_avail, rest - right)
    return (
        [CLS_ID] + list(ids[a - left : a]) + [mark_start_id] + tgt + [mark_end_id] + list(ids[b : b + right]) + [SEP_ID]
    )


def encode_pairs(
    tokenizer: Any,
    texts: Sequence[str],
    spans: Sequence[tuple[int, int]],
    max_len: int = DEFAULT_MAX_LEN,
    mark_start_id: int = MARK_START_ID,
    mark_end_id: int = MARK_END_ID,
) -> list[list[int]]:
    """Encode (text, target span) pairs into marked token-id sequences.

    Args:
        tokenizer: a ``tokenizers.Tokenizer`` (BERT uncased WordPiece); its
            padding and truncation settings are ignored (no special tokens are
            added by it; this function adds ``[CLS]``/``[SEP]``).
        texts: the sentences.
        spans: ``(start, end)`` character offsets of the target in each text.
        max_len: maximum sequence length including special and marker tokens.

    Returns:
        One list of token ids per pair (unpadded).

    Raises:
        ValueError: if a span is invalid (the message names the index).
    """
    validate_spans(texts, spans)
    if not texts:
        return []
    unique: dict[str, int] = {}
    for t in texts:
        unique.setdefault(t, len(unique))
    encs = tokenizer.encode_batch(list(unique), add_special_tokens=False)
    out: list[list[int]] = []
    for text, (start, end) in zip(texts, spans):
        enc = encs[unique[text]]
        out.append(_mark_and_truncate(enc.ids, enc.offsets, int(start), int(end), max_len, mark_start_id, mark_end_id))
    return out


def pad_batch(seqs: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Right-pad id sequences to the longest one.

    Returns:
        ``(input_ids, attention_mask)`` as int64 arrays of shape ``(n, T)``.
    """
    width = max(len(s) for s in seqs)
    ids = np.full((len(seqs), width), PAD_ID, dtype=np.int64)
    mask = np.zeros((len(seqs), width), dtype=np.int64)
    for r, s in enumerate(seqs):
        ids[r, : len(s)] = s
        mask[r, : len(s)] = 1
    return ids, mask


def _softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class AccurateScorer:
    """Fine-tuned MiniLM stance scorer (ONNX Runtime, CPU).

    Example::

        scorer = AccurateScorer(threads=2)
        p = scorer.predict_proba(["Critics slammed Smith."], [(16, 21)])
        # p[0] -> [P(negative), P(neutral), P(positive)]
    """

    name = "accurate"

    def __init__(
        self,
        *,
        model_dir: Path | None = None,
        threads: int | None = None,
        batch_size: int = 1,
    ) -> None:
        """Load the ONNX model, tokenizer and ``meta.json``.

        Args:
            model_dir: folder with ``model.onnx``, ``tokenizer.json`` and
                ``meta.json``; defaults to ``analysis/stance/models/stance-minilm``.
            threads: CPU threads to use (``None``: the cores this process may
                run on).  Each thread runs its own single-threaded ONNX Runtime
                session on its own share of the batches: on small matrices
                this scales better than one session with several intra-op
                threads, which synchronise at every operator.
            batch_size: pairs per inference batch (pairs are sorted by length
                first, so padding stays small).  The int8 model quantises
                activations per batch, so with larger batches a pair's
                probabilities move slightly with its batch companions (23 of
                1,146 devtest labels change between batches of 1 and 8); the
                default 1 keeps every pair's score independent of the others.
        """
        import onnxruntime as ort
        from tokenizers import Tokenizer

        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        if threads is not None and threads < 1:
            raise ValueError(f"threads must be >= 1, got {threads}")
        self.model_dir: Path = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
        self.batch_size: int = batch_size
        self.threads: int = threads if threads is not None else available_cores()
        with open(self.model_dir / "meta.json", encoding="utf-8") as fh:
            self.meta: dict[str, Any] = json.load(fh)
        labels = tuple(self.meta.get("labels", LABELS))
        if labels != LABELS:
            raise ValueError(f"model label order {labels} != expected {LABELS}")
        marking = self.meta.get("marking", {})
        self.max_len: int = int(self.meta.get("max_len", DEFAULT_MAX_LEN))
        self.mark_start_id: int = int(marking.get("start_id", MARK_START_ID))
        self.mark_end_id: int = int(marking.get("end_id", MARK_END_ID))

        self.tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()

        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.inter_op_num_threads = 1
        opts.intra_op_num_threads = 1
        model_path = str(self.model_dir / "model.onnx")
        self.sessions = [
            ort.InferenceSession(model_path, sess_options=opts, providers=["CPUExecutionProvider"])
            for _ in range(self.threads)
        ]
        self.session = self.sessions[0]

    def encode(self, texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> list[list[int]]:
        """Marked, truncated token ids for each pair (see :func:`encode_pairs`)."""
        return encode_pairs(self.tokenizer, texts, spans, self.max_len, self.mark_start_id, self.mark_end_id)

    def predict_logits(self, texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """Raw logits, shape ``(n, 3)``, columns ``[negative, neutral, positive]``."""
        seqs = self.encode(texts, spans)
        n = len(seqs)
        out = np.zeros((n, 3), dtype=np.float32)
        if n == 0:
            return out
        order = sorted(range(n), key=lambda i: len(seqs[i]))
        batches = [order[lo : lo + self.batch_size] for lo in range(0, n, self.batch_size)]

        def run(worker: int) -> None:
            session = self.sessions[worker]
            for idx in batches[worker :: len(self.sessions)]:
                ids, mask = pad_batch([seqs[i] for i in idx])
                (logits,) = session.run(["logits"], {"input_ids": ids, "attention_mask": mask})
                out[idx] = logits

        workers = min(len(self.sessions), len(batches))
        if workers == 1:
            run(0)
        else:  # onnxruntime releases the GIL while a session runs
            with ThreadPoolExecutor(max_workers=workers) as pool:
                list(pool.map(run, range(workers)))
        return out

    def predict_proba(self, texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """Class probabilities for each (text, target span) pair.

        Args:
            texts: sentences.
            spans: ``(start, end)`` character offsets of the target mention in
                the corresponding text (``end`` exclusive).

        Returns:
            float array of shape ``(n, 3)``, columns ``[negative, neutral,
            positive]``, rows summing to 1; shape ``(0, 3)`` for empty input.

        Raises:
            ValueError: if the lengths differ or a span is invalid (the message
                names the index).
        """
        logits = self.predict_logits(texts, spans)
        if len(logits) == 0:
            return np.zeros((0, 3), dtype=np.float64)
        return _softmax(logits.astype(np.float64))

    def predict(self, texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> list[str]:
        """Most probable label name for each pair."""
        proba = self.predict_proba(texts, spans)
        return [LABELS[int(k)] for k in proba.argmax(axis=1)]

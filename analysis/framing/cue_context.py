"""The cue model's reading of a verb in its sentence: a small encoder fine-tuned for it.

The sparse cue model of :mod:`analysis.framing.cues` sees a verb's lemma and its place in the
parse; whether "Clinton ripped into Sanders for ..." reports a judgement and "Hermine hit
Florida's Gulf Coast" does not is often in the words around it. With ``--cue-context`` a MiniLM
encoder fine-tuned on PolNeAR's dev articles to tell cue verbs from other verbs
(``models/cue-minilm``: all-MiniLM-L6-v2, int8, trained by ``training/train_cue.py``; report in
training/REPORT-cue.md) reads every sentence with a candidate verb the cue lists do not know, and
a verb is a cue where its probability (:func:`finetuned_probability`: a linear head over the mean
of the verb's word pieces' last hidden states) is at least :data:`FINETUNED_THRESHOLD`. Runtime
needs only numpy, onnxruntime and tokenizers; nothing is downloaded.

By default a cheaper model decides where the sparse model gives a verb at least :data:`GATE`: a
logistic model over the sparse features and the vector of the verb's lemma read alone
(:func:`lemma_vector`: the pronoun model's encoder, ``analysis/mentions/models/coref-minilm``,
used frozen, encoded once per lemma in a process), which tells "urge" and "lambast" from "hit"
and "pass" however rare they were in the training articles (``models/attribution_cue_lemma.tsv``,
learned by ``bench/attribution.py cue-model --lemma-only``).
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from analysis.text.syntax import Sentence

__all__ = [
    "FINETUNED_THRESHOLD",
    "GATE",
    "MAX_PIECES",
    "finetuned_probability",
    "lemma_model",
    "lemma_probability",
    "lemma_vector",
    "sentence_text",
    "split_weights",
    "verb_vector",
]

# The sparse model's probability from which the contextual model is asked (chosen on PolNeAR's
# dev articles, cross-fitted: all attributions F1 0.746 at 0.1 and at 0.2, 0.744 at 0.3; at 0.2
# 5,249 of the 13,677 sentences with a candidate verb are encoded, at 0.1 8,586; bench/RESULTS.md).
GATE = 0.2
# The fine-tuned model's probability from which a verb is a cue (chosen on PolNeAR's dev articles,
# cross-fitted: all attributions F1 0.763 at 0.6 and at 0.75 (precision 0.775, 0.791), 0.757 at 0.9;
# bench/RESULTS.md).
FINETUNED_THRESHOLD = 0.75
MAX_PIECES = 126  # word pieces of a sentence read (with [CLS] and [SEP]: 128)
_CLS, _SEP = 101, 102


class _Encoder:
    """A shipped MiniLM encoder (ONNX Runtime, CPU, one thread) and its tokenizer (the pronoun
    model's: the same vocabulary)."""

    def __init__(self, model: Path) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        from analysis.mentions.antecedents import MODEL_DIR

        self.tokenizer = Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(model), sess_options=opts, providers=["CPUExecutionProvider"])
        self.calls = 0

    def hidden(self, text: str) -> tuple[np.ndarray, list[tuple[int, int]]]:
        """The last hidden states of ``text`` (first :data:`MAX_PIECES` word pieces) and each
        piece's character offsets ((0, 0) for [CLS] and [SEP])."""
        enc = self.tokenizer.encode(text)
        ids = [_CLS, *enc.ids[:MAX_PIECES], _SEP]
        offsets = [(0, 0), *enc.offsets[:MAX_PIECES], (0, 0)]
        x = np.asarray([ids], dtype=np.int64)
        (h,) = self.session.run(["hidden"], {"input_ids": x, "attention_mask": np.ones_like(x)})
        self.calls += 1
        return np.asarray(h[0], dtype=np.float32), [(int(a), int(b)) for a, b in offsets]


@lru_cache(maxsize=1)
def _encoder() -> _Encoder:
    """The pronoun model's encoder, used frozen for the lemma vectors."""
    from analysis.mentions.antecedents import MODEL_DIR

    return _Encoder(MODEL_DIR / "model.onnx")


_FINETUNED = "models/cue-minilm"


@lru_cache(maxsize=1)
def _finetuned() -> tuple[_Encoder, np.ndarray, float]:
    """The fine-tuned cue encoder and its head's weights and bias."""
    folder = Path(str(resources.files("analysis.framing").joinpath(_FINETUNED)))
    head = np.load(folder / "head.npz")
    return _Encoder(folder / "model.onnx"), np.asarray(head["weight"], dtype=np.float32), float(head["bias"])


def sentence_text(s: Sentence) -> str:
    """The sentence's text rebuilt from its tokens at their offsets (gaps as spaces)."""
    if len(s) == 0:
        return ""
    base = s.start[0]
    chars = [" "] * (s.end[-1] - base)
    for a, b, word in zip(s.start, s.end, s.text):
        piece = word[: b - a]
        chars[a - base : a - base + len(piece)] = list(piece)
    return "".join(chars)


_STATES: dict[str, tuple[np.ndarray, list[tuple[int, int]]]] = {}


def verb_vector(s: Sentence, k: int) -> np.ndarray:
    """Token ``k``'s vector in its sentence from the fine-tuned cue encoder: the mean of its last
    hidden states over the word pieces inside the token ([CLS]'s where truncation cut it off). A
    sentence is encoded once for all its verbs (keyed by its text; up to 256 sentences are kept)."""
    text = sentence_text(s)
    if text not in _STATES:
        if len(_STATES) >= 256:
            _STATES.clear()
        _STATES[text] = _finetuned()[0].hidden(text)
    h, offsets = _STATES[text]
    a, b = s.start[k] - s.start[0], s.end[k] - s.start[0]
    pieces = [i for i, (x, y) in enumerate(offsets) if y > x and x < b and y > a]
    return h[pieces].mean(axis=0) if pieces else h[0]


def split_weights(weights: dict[str, float]) -> tuple[dict[str, float], np.ndarray]:
    """A contextual model's weights by name (``vec:0`` ... for the vector's) as the sparse
    features' weights and the vector's, in order."""
    n = sum(1 for f in weights if f.startswith("vec:"))
    vec = np.array([weights[f"vec:{i}"] for i in range(n)], dtype=np.float32)
    return {f: w for f, w in weights.items() if not f.startswith("vec:")}, vec


@cache
def lemma_model() -> tuple[float, dict[str, float], np.ndarray]:
    """The lemma-vector cue model (``models/attribution_cue_lemma.tsv``): intercept, sparse feature
    weights and the vector's weights (its standardisation folded in)."""
    path = resources.files("analysis.framing").joinpath("models/attribution_cue_lemma.tsv")
    weights: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, _, w = line.rpartition("\t")
            weights[key] = float(w)
    intercept = weights.pop("(intercept)", 0.0)
    return (intercept, *split_weights(weights))


@lru_cache(maxsize=8192)
def lemma_vector(lemma: str) -> np.ndarray:
    """The encoder's vector of ``lemma`` read alone: the mean of its word pieces' last hidden
    states (kept for 8,192 lemmas)."""
    h, offsets = _encoder().hidden(lemma)
    pieces = [i for i, (x, y) in enumerate(offsets) if y > x]
    return h[pieces].mean(axis=0) if pieces else h[0]


def finetuned_probability(s: Sentence, k: int) -> float:
    """The fine-tuned cue encoder's probability that verb ``k`` of ``s`` is an attribution cue."""
    _, weight, bias = _finetuned()
    return 1.0 / (1.0 + float(np.exp(-(float(np.dot(weight, verb_vector(s, k))) + bias))))


def lemma_probability(s: Sentence, k: int, features: list[str]) -> float:
    """The lemma-vector model's probability that verb ``k`` (its sparse ``features``) is a cue."""
    intercept, weights, vec = lemma_model()
    z = intercept + sum(weights.get(f, 0.0) for f in features) + float(np.dot(vec, lemma_vector(s.lemma[k].lower())))
    return 1.0 / (1.0 + float(np.exp(-z)))

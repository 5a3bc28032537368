"""Claims carried in other words: the omission table's claims matched by meaning.

The reuse alignment links a sentence to another outlet's sentence when the words are shared
(verbatim, near-verbatim, or a paraphrase sharing at least five content words); a claim that
another outlet states in other words ("Russia is the main backer of Assad" against "Russia has
backed troops loyal to the Syrian dictator") is not linked, and the omission table would call it
absent there. Here every body sentence is read by a sentence encoder (all-MiniLM-L6-v2, the
sentence-transformers model trained for semantic similarity, used as it was published: int8 in
``models/sentence-minilm``, exported by ``training/export_sentence.py``; runtime needs only
numpy, onnxruntime and tokenizers, nothing is downloaded), and a claim is present in an outlet
when one of the outlet's body sentences is at least :data:`CLAIM_THRESHOLD` close (cosine of the
mean-pooled vectors) to one of the claim's sentences.

Reading every sentence costs about 3 ms a sentence on one core and a similarity matrix of all
pairs; above :data:`SEMANTIC_MAX_SENTENCES` body sentences (a corpus of a few hundred articles,
where the claims of different stories would be compared with each other) the step is not run and
claims are matched by their words alone (:func:`semantic_claim_occurrences` says so in its
return).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.framing.cue_context import _CLS, _SEP, MAX_PIECES, _Encoder

__all__ = [
    "CLAIM_THRESHOLD",
    "SEMANTIC_MAX_SENTENCES",
    "semantic_claim_occurrences",
    "sentence_vectors",
]

# The cosine from which an outlet's sentence carries a claim (chosen on the AllSides dev groups
# of tests/gold/omission_dev; bench/RESULTS.md, docs/methods.md).
CLAIM_THRESHOLD = 0.65
# Above this many body sentences the claims are matched by their words only.
SEMANTIC_MAX_SENTENCES = 5_000
_MODEL = "models/sentence-minilm"
_COLUMNS = ["doc_id", "sent_id", "kind", "key", "surface", "start", "end"]


class _SentenceEncoder(_Encoder):
    """The shipped sentence encoder (ONNX Runtime, CPU, one thread; the cue encoder's loading and
    tokenizer: the same vocabulary), read as a sentence vector."""

    def vector(self, text: str) -> np.ndarray:
        """The unit-length mean of the last hidden states of ``text``'s first word pieces. One
        sentence a call: the int8 activations are quantised over the whole input, so a batch
        would make a sentence's vector depend on its neighbours."""
        ids = [_CLS, *self.tokenizer.encode(text, add_special_tokens=False).ids[:MAX_PIECES], _SEP]
        x = np.asarray([ids], dtype=np.int64)
        (h,) = self.session.run(["hidden"], {"input_ids": x, "attention_mask": np.ones_like(x)})
        v = np.asarray(h[0], dtype=np.float32).mean(axis=0)
        return v / max(float(np.linalg.norm(v)), 1e-12)


@lru_cache(maxsize=1)
def _encoder() -> _SentenceEncoder:
    folder = Path(str(resources.files("analysis.framing").joinpath(_MODEL)))
    return _SentenceEncoder(folder / "model.onnx")


def sentence_vectors(texts: list[str]) -> np.ndarray:
    """One unit-length vector (384 floats) per text; an empty text gets a vector of zeros."""
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for i, text in enumerate(texts):
        if str(text).strip():
            out[i] = _encoder().vector(str(text))
    return out


def semantic_claim_occurrences(
    claims: pd.DataFrame,
    docs: pd.DataFrame,
    *,
    threshold: float = CLAIM_THRESHOLD,
    max_sentences: int = SEMANTIC_MAX_SENTENCES,
) -> tuple[pd.DataFrame, str]:
    """Occurrences of claims in outlets that state them in other words.

    ``claims``: :func:`analysis.framing.omission.claim_items` (one row per body sentence, keyed
    by its claim, ``surface`` its text); ``docs`` with ``doc_id, outlet``. For every claim and
    every outlet none of whose sentences is in the claim, the outlet's body sentence closest to
    any of the claim's sentences is an occurrence (columns of
    :func:`~analysis.framing.omission.find_items`, ``surface`` the outlet's sentence) when its
    cosine is at least ``threshold``. Returns the rows and a line saying what was done (the
    number of sentences read, or why none were)."""
    empty = pd.DataFrame(columns=_COLUMNS)
    if len(claims) == 0 or len(docs) == 0:
        return empty, "claims matched by meaning: no claims"
    if len(claims) > max_sentences:
        return empty, (
            f"claims matched by their words only: {len(claims):,} body sentences, more than the "
            f"{max_sentences:,} read for meaning"
        )
    outlet_of = dict(zip(docs["doc_id"], docs["outlet"]))
    c = claims.reset_index(drop=True)
    c = c[c["doc_id"].map(outlet_of).notna()].reset_index(drop=True)
    if len(c) == 0:
        return empty, "claims matched by meaning: no claims"
    vecs = sentence_vectors([str(t) for t in c["surface"]])
    outlet_code, outlets = pd.factorize(c["doc_id"].map(outlet_of))
    key_code, keys = pd.factorize(c["key"])
    sims = vecs @ vecs.T
    order = np.argsort(key_code, kind="stable")  # each claim's sentences together, claim by claim
    starts = np.flatnonzero(np.r_[True, np.diff(key_code[order]) != 0])
    ends = np.r_[starts[1:], len(order)]
    rows: list[dict] = []
    for o in range(len(outlets)):
        cols = np.flatnonzero(outlet_code == o)
        best_col = cols[sims[:, cols].argmax(axis=1)]  # each sentence's closest sentence of outlet o
        best = sims[np.arange(len(c)), best_col]
        carried = set(key_code[cols])  # the claims outlet o has by its words
        top = np.maximum.reduceat(best[order], starts)  # each claim's best cosine in outlet o
        for k in np.flatnonzero(top >= threshold):
            if k in carried:
                continue
            members = order[starts[k] : ends[k]]
            m = members[best[members].argmax()]
            j = best_col[m]
            rows.append(
                {
                    "doc_id": c.at[j, "doc_id"],
                    "sent_id": int(c.at[j, "sent_id"]),
                    "kind": "claim",
                    "key": keys[k],
                    "surface": c.at[j, "surface"],
                    "start": int(c.at[j, "start"]),
                    "end": int(c.at[j, "end"]),
                }
            )
    note = f"claims matched by meaning: {len(c):,} body sentences read, {len(rows):,} claims found in other words"
    return (pd.DataFrame(rows, columns=_COLUMNS) if rows else empty), note

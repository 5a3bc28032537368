"""The cue models of analysis/framing/cue_context.py: the fine-tuned encoder's reading of a verb in
its sentence, the lemma's vector from the pronoun model's encoder, the model files, and the gate
from the sparse model."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.framing import cue_context
from analysis.framing.cue_context import (
    FINETUNED_THRESHOLD,
    GATE,
    finetuned_probability,
    lemma_model,
    lemma_probability,
    lemma_vector,
    sentence_text,
    verb_vector,
)
from analysis.framing.cues import CUE_MODEL_THRESHOLD, cue_features, cue_model, cue_probability
from tests.conftest import hand_parsed

WANTS = [("Lavrov", "PROPN", "nsubj", 1), ("wants", "VERB", "ROOT", 1, "want"), ("to", "PART", "aux", 3),
         ("end", "VERB", "xcomp", 1), ("the", "DET", "det", 5), ("war", "NOUN", "dobj", 3),
         (".", "PUNCT", "punct", 1)]  # fmt: skip
WALKED = [("Lavrov", "PROPN", "nsubj", 1), ("walked", "VERB", "ROOT", 1, "walk"), ("to", "ADP", "prep", 1),
          ("car", "NOUN", "pobj", 2)]  # fmt: skip


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (WANTS, "Lavrov wants to end the war ."),
        ([("Hi", "INTJ", "ROOT", 0)], "Hi"),
        ([], ""),  # an empty sentence
    ],
)
def test_sentence_text(words: list, expected: str) -> None:
    assert sentence_text(hand_parsed(words)) == expected


def test_sentence_text_keeps_the_offsets() -> None:
    s = hand_parsed(WANTS)
    s.start, s.end = [x + 10 for x in s.start], [x + 10 for x in s.end]  # the sentence starts later in its text
    s.start[1:] = [x + 2 for x in s.start[1:]]  # two more spaces after "Lavrov"
    s.end[1:] = [x + 2 for x in s.end[1:]]
    assert sentence_text(s) == "Lavrov   wants to end the war ."


def test_verb_vector() -> None:
    s = hand_parsed(WANTS)
    v = verb_vector(s, 1)
    assert v.shape == (384,) and np.all(np.isfinite(v))
    assert np.array_equal(v, verb_vector(s, 1))  # the same sentence: the same vector
    assert not np.allclose(v, verb_vector(s, 3))  # another token
    other = hand_parsed(
        [("Putin", "PROPN", "nsubj", 1), ("wants", "VERB", "ROOT", 1, "want"), ("tea", "NOUN", "dobj", 1)]
    )
    assert not np.allclose(v, verb_vector(other, 1))  # the same word in another sentence


def test_verb_vector_past_the_encoders_reach() -> None:
    """A token the encoder's word-piece budget cut off gets the sentence's [CLS] vector."""
    words = [("word", "NOUN", "dep", 0)] * 200 + [("said", "VERB", "ROOT", 200, "say")]
    s = hand_parsed(words)
    v = verb_vector(s, 200)
    assert v.shape == (384,) and np.all(np.isfinite(v))


def test_the_finetuned_model_is_read() -> None:
    import json
    from importlib import resources

    encoder, weight, bias = cue_context._finetuned()
    assert weight.shape == (384,) and np.all(np.isfinite(weight)) and np.isfinite(bias)
    assert encoder is cue_context._finetuned()[0] and encoder is not cue_context._encoder()  # its own encoder
    meta = json.loads(resources.files("analysis.framing").joinpath("models/cue-minilm/meta.json").read_text())
    assert meta["verbs"] > 20000 and 0 < meta["cues"] < meta["verbs"]  # what it learned from
    assert 0 < GATE < CUE_MODEL_THRESHOLD and 0 < FINETUNED_THRESHOLD < 1


def _prepared(words: list, k: int):
    s = hand_parsed(words)
    s.ent_type[0] = "PERSON"
    s.tag[k] = "VBZ" if s.text[k].endswith("s") else "VBD"
    return s


def _sparse(s, k: int) -> float:
    intercept, weights = cue_model()
    return 1 / (1 + np.exp(-(intercept + sum(weights.get(f, 0.0) for f in cue_features(s, k)))))


def test_the_lemma_model_is_read() -> None:
    intercept, weights, vec = lemma_model()
    assert intercept < 0 and len(vec) == 384 and np.all(np.isfinite(vec))
    assert "dep=ROOT" in weights and not any(f.startswith("vec:") for f in weights)


def test_lemma_vector() -> None:
    v = lemma_vector("urge")
    assert v.shape == (384,) and np.all(np.isfinite(v))
    assert lemma_vector("urge") is v  # encoded once per lemma
    assert not np.allclose(v, lemma_vector("walk"))
    assert np.all(np.isfinite(lemma_vector("")))  # no word piece: the [CLS] state


@pytest.mark.parametrize(("words", "k"), [(WANTS, 1), (WALKED, 1)])
def test_the_gate(words: list, k: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Below the gate the sparse model's probability stands and nothing is encoded; from it on
    the lemma-vector model decides. With ``context`` the fine-tuned encoder decides, whatever
    the sparse model gives."""
    s = _prepared(words, k)
    sparse = _sparse(s, k)
    features = cue_features(s, k)
    assert cue_probability(s, k, context=True) == pytest.approx(finetuned_probability(s, k))
    if sparse < GATE:
        monkeypatch.setattr(cue_context, "verb_vector", lambda *a: pytest.fail("encoded below the gate"))
        monkeypatch.setattr(cue_context, "lemma_vector", lambda *a: pytest.fail("encoded below the gate"))
        assert cue_probability(s, k) == pytest.approx(sparse)
    else:
        assert cue_probability(s, k) == pytest.approx(lemma_probability(s, k, features))
        assert lemma_probability(s, k, features) != pytest.approx(sparse)


@pytest.mark.parametrize("context", [False, True])
def test_a_stance_verb_is_a_cue_and_a_verb_of_motion_is_not(context: bool) -> None:
    threshold = FINETUNED_THRESHOLD if context else CUE_MODEL_THRESHOLD
    assert cue_probability(_prepared(WANTS, 1), 1, context=context) >= threshold
    assert cue_probability(_prepared(WALKED, 1), 1, context=context) < threshold


@pytest.mark.parametrize(
    ("text", "off", "on"),
    [
        # a stance the sparse and the lemma-vector models leave below the threshold, and the
        # fine-tuned encoder finds
        ("Turkey supports the rebels fighting to oust him.", [], [("support", "the rebels fighting to oust him")]),
        ("Cavusoglu walked to the car.", [], []),  # an action: none either way
        ("", [], []),  # an empty article
    ],
)
def test_find_quotes_encodes_only_with_the_switch(
    text: str, off: list, on: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Off (the default), no sentence is encoded; on, the fine-tuned encoder reads the sentences
    with a candidate verb and decides."""
    from analysis.framing.quotes import find_quotes
    from tests.conftest import constructed

    docs, sents, ments, syntax, actors = constructed(text)
    calls: list[int] = []
    real = cue_context.verb_vector
    monkeypatch.setattr(cue_context, "verb_vector", lambda s, k: calls.append(k) or real(s, k))
    found = find_quotes(syntax, sents, ments, docs, actors)
    assert list(zip(found["verb"], found["text"])) == off and calls == []
    found = find_quotes(syntax, sents, ments, docs, actors, context=True)
    assert list(zip(found["verb"], found["text"])) == on
    assert bool(calls) == bool(text)


def test_the_run_setting() -> None:
    from analysis.config import RunConfig

    assert RunConfig().cue_context is False  # off by default: the document steps take about 1.5 times as long with it
    assert RunConfig().but(cue_context=True).cue_context is True

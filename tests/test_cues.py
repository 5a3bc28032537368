"""The reporting verbs (analysis/framing/cues.py), on sentences parsed by hand so that the rules
are checked whatever the parser does."""

from __future__ import annotations

import pytest

from analysis.framing.cues import (
    CUE_MODEL_THRESHOLD,
    attribution_cues,
    clausal_cues,
    cue_features,
    cue_model,
    cue_probability,
    is_cue_candidate,
    is_learned_cue,
    is_reporting,
)
from tests.conftest import hand_parsed


def test_the_cue_files_are_read() -> None:
    assert {"say", "tell", "according"} - attribution_cues() == {"according"}  # "according to" is a rule
    assert {"show", "find", "think"} <= clausal_cues()
    assert not clausal_cues() & attribution_cues()  # each verb in one list


@pytest.mark.parametrize(
    ("words", "k", "expected"),
    [
        # a cue verb, with or without a clause
        ([("He", "PRON", "nsubj", 1), ("said", "VERB", "ROOT", 1, "say"), ("it", "PRON", "dobj", 1)], 1, True),
        # a clausal cue governing a clause ("polls show that ...")
        (
            [
                ("Polls", "NOUN", "nsubj", 1),
                ("show", "VERB", "ROOT", 1),
                ("that", "SCONJ", "mark", 3),
                ("leads", "VERB", "ccomp", 1, "lead"),
            ],
            1,
            True,
        ),
        # the same verb without a clause: no attribution ("the data show a trend")
        ([("Data", "NOUN", "nsubj", 1), ("show", "VERB", "ROOT", 1), ("trend", "NOUN", "dobj", 1)], 1, False),
        # a clausal cue inside what another verb reports: the outer speaker's words
        (
            [
                ("Lavrov", "PROPN", "nsubj", 1),
                ("said", "VERB", "ROOT", 1, "say"),
                ("nations", "NOUN", "nsubj", 3),
                ("agreed", "VERB", "ccomp", 1, "agree"),
                ("talks", "NOUN", "nsubj", 5),
                ("go", "VERB", "ccomp", 3),
            ],
            3,
            False,
        ),
        # ... and the same verb with no reporting verb above it
        (
            [
                ("Nations", "NOUN", "nsubj", 1),
                ("agreed", "VERB", "ROOT", 1, "agree"),
                ("talks", "NOUN", "nsubj", 3),
                ("go", "VERB", "ccomp", 1),
            ],
            1,
            True,
        ),
        # "according to", and "so-called", which marks a scare quote
        ([("according", "VERB", "prep", 0, "accord"), ("to", "ADP", "prep", 0), ("him", "PRON", "pobj", 1)], 0, True),
        ([("according", "VERB", "ROOT", 0, "accord")], 0, False),
        ([("so", "ADV", "advmod", 2), ("-", "PUNCT", "punct", 2), ("called", "VERB", "amod", 2, "call")], 2, False),
        # not a verb at all
        ([("said", "ADJ", "ROOT", 0, "say")], 0, False),
    ],
)
def test_is_reporting(words: list, k: int, expected: bool) -> None:
    assert is_reporting(hand_parsed(words), k) is expected


WANTS = [("Lavrov", "PROPN", "nsubj", 1), ("wants", "VERB", "ROOT", 1, "want"), ("to", "PART", "aux", 3),
         ("end", "VERB", "xcomp", 1), ("the", "DET", "det", 5), ("war", "NOUN", "dobj", 3),
         (".", "PUNCT", "punct", 1)]  # fmt: skip


def test_the_cue_model_is_read() -> None:
    intercept, weights = cue_model()
    assert intercept < 0  # most verbs are no cue
    assert len(weights) > 1000 and weights["lem=want"] > 0 and weights["lem=walk"] < 0
    assert 0.5 <= CUE_MODEL_THRESHOLD < 1


def test_cue_features() -> None:
    f = cue_features(hand_parsed(WANTS), 1)
    assert {"lem=want", "dep=ROOT", "kid=xcomp", "lem+kid=want+xcomp", "subj_pos=PROPN"} <= set(f)
    assert "under_cue" not in f
    # a verb below "said" is inside what another verb reports
    said = [("He", "PRON", "nsubj", 1), ("said", "VERB", "ROOT", 1, "say"), ("Lavrov", "PROPN", "nsubj", 3)]
    said += [("wants", "VERB", "ccomp", 1, "want"), ("peace", "NOUN", "dobj", 3)]
    assert "under_cue" in cue_features(hand_parsed(said), 3)


@pytest.mark.parametrize(
    ("words", "k", "expected"),
    [
        # a stance verb with a clause: learned, not in the lists
        (WANTS, 1, True),
        # a verb of motion with a preposition: no cue
        (
            [
                ("Lavrov", "PROPN", "nsubj", 1),
                ("walked", "VERB", "ROOT", 1, "walk"),
                ("to", "ADP", "prep", 1),
                ("car", "NOUN", "pobj", 2),
            ],
            1,
            False,
        ),
        # the same stance verb with nothing to attribute is no candidate
        ([("Lavrov", "PROPN", "nsubj", 1), ("wants", "VERB", "ROOT", 1, "want")], 1, False),
        # a verb of the lists is not the model's
        ([("He", "PRON", "nsubj", 1), ("said", "VERB", "ROOT", 1, "say"), ("it", "PRON", "dobj", 1)], 1, False),
        # not a verb
        ([("want", "NOUN", "ROOT", 0)], 0, False),
    ],
)
def test_is_learned_cue(words: list, k: int, expected: bool) -> None:
    s = hand_parsed(words)
    s.ent_type[0] = "PERSON" if s.pos[0] == "PROPN" else ""  # as the parser tags a name
    s.tag[k] = "VBZ" if s.text[k].endswith("s") else "VBD"
    assert is_learned_cue(s, k) is expected
    if is_cue_candidate(s, k) and not is_reporting(s, k):  # the model decides only the verbs the lists do not know
        assert (cue_probability(s, k) >= CUE_MODEL_THRESHOLD) is expected

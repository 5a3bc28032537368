"""The reporting verbs (analysis/framing/cues.py), on sentences parsed by hand so that the rules
are checked whatever the parser does."""

from __future__ import annotations

import pytest

from analysis.framing.cues import attribution_cues, clausal_cues, is_reporting
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

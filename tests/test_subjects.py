"""Subjects the parser missed (analysis/framing/subjects.py): hand-made parses that reproduce the
parser's errors on PolNeAR's dev articles, so that each rule holds whatever the parser does."""

from __future__ import annotations

import pytest

_SKELLY = [
    ("\u201d", "PUNCT", "punct", 1),
    ("said", "VERB", "ROOT", 1, "say"),
    ("Skelly", "ADV", "advmod", 1),
    (",", "PUNCT", "punct", 1),
    ("explaining", "VERB", "advcl", 1, "explain"),
]
_CUMMINGS = [
    ("\u201d", "PUNCT", "punct", 1),
    ("said", "VERB", "ROOT", 1, "say"),
    ("Oversight", "NOUN", "npadvmod", 3),
    ("ranking", "VERB", "ccomp", 1, "rank"),
    ("Democrat", "PROPN", "compound", 6),
    ("Elijah", "PROPN", "compound", 6),
    ("Cummings", "PROPN", "dobj", 3),
    (".", "PUNCT", "punct", 1),
]
_WILL = [
    ("Instead", "ADV", "advmod", 3),
    (",", "PUNCT", "punct", 3),
    ("Will", "AUX", "aux", 3),
    ("described", "VERB", "ROOT", 3, "describe"),
    ("Trump", "PROPN", "dobj", 3),
]
_DIPIETRO = [
    ("At", "ADP", "prep", 10),
    ("Boca", "PROPN", "compound", 2),
    ("West", "PROPN", "pobj", 0),
    (",", "PUNCT", "punct", 2),
    ("Jay", "PROPN", "compound", 5),
    ("DiPietro", "PROPN", "appos", 2),
    (",", "PUNCT", "punct", 5),
    ("the", "DET", "det", 8),
    ("president", "NOUN", "appos", 5),
    (",", "PUNCT", "punct", 2),
    ("suggested", "VERB", "ROOT", 10, "suggest"),
    ("changes", "NOUN", "dobj", 10),
]


@pytest.mark.parametrize(
    ("words", "v", "expected"),
    [
        (_SKELLY, 1, 2),  # '"...," said Skelly': the name tagged as an adverb
        (_SKELLY, 4, 2),  # "explaining" shares the subject of "said"
        (_CUMMINGS, 1, 6),  # '"...," said Oversight ranking Democrat Elijah Cummings': the last capitalised word
        (_WILL, 3, 2),  # "Instead, Will described Trump": the name tagged as an auxiliary
        (_DIPIETRO, 10, 5),  # the subject hung from the opening phrase
        # not a name: a weekday after the verb, a sentence-initial auxiliary, a headline in title case
        (
            [("\u201d", "PUNCT", "punct", 1), ("said", "VERB", "ROOT", 1, "say"), ("Tuesday", "PROPN", "npadvmod", 1)],
            1,
            None,
        ),
        ([("Will", "AUX", "aux", 1), ("say", "VERB", "ROOT", 1)], 1, None),
        (
            [
                ("Big", "ADJ", "amod", 1),
                ("News", "NOUN", "npadvmod", 4),
                (",", "PUNCT", "punct", 4),
                ("Just", "ADV", "advmod", 4),
                ("Announced", "VERB", "ROOT", 4, "announce"),
                ("Plans", "NOUN", "dobj", 4),
            ],
            4,
            None,
        ),
        # the object of an earlier verb is nobody's subject: "He called Cruz, a conservative, said ..."
        (
            [
                ("He", "PRON", "nsubj", 1),
                ("called", "VERB", "ROOT", 1, "call"),
                ("Cruz", "PROPN", "dobj", 1),
                (",", "PUNCT", "punct", 2),
                ("a", "DET", "det", 5),
                ("conservative", "NOUN", "appos", 2),
                (",", "PUNCT", "punct", 2),
                ("said", "VERB", "dep", 1, "say"),
                ("so", "ADV", "advmod", 7),
            ],
            7,
            None,
        ),
        # "the Persian Gulf states to reform": a noun phrase, not "Gulf" saying something
        (
            [
                ("in", "ADP", "prep", 4),
                ("the", "DET", "det", 3),
                ("Persian", "PROPN", "compound", 3),
                ("Gulf", "PROPN", "compound", 4),
                ("states", "VERB", "ROOT", 4, "state"),
            ],
            4,
            None,
        ),
        # an opening phrase with no phrase set off by commas before the verb
        (
            [
                ("In", "ADP", "prep", 3),
                ("Boca", "PROPN", "compound", 2),
                ("West", "PROPN", "pobj", 0),
                ("suggested", "VERB", "ROOT", 3),
            ],
            3,
            None,
        ),
        ([], 0, None),
    ],
)
def test_subject_the_parser_missed(words: list, v: int, expected: int | None) -> None:
    """subject_of over hand-made parses that reproduce the parser's errors on PolNeAR's dev articles."""
    from conftest import hand_parsed

    from analysis.framing.subjects import subject_of

    if not words:
        with pytest.raises(IndexError):
            subject_of(hand_parsed(words), v)
        return
    s = hand_parsed(words)
    if words[min(2, len(words) - 1)][0] == "Tuesday":
        s.ent_type[2] = "DATE"
    assert subject_of(s, v) == expected

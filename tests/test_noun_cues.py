"""Noun and adjective cues (analysis/framing/noun_cues.py): the forms on sentences parsed by hand,
the learned table's rule, the speaker, and the rows find_quotes gives on parsed text."""

from __future__ import annotations

import pytest
from conftest import constructed

from analysis.framing.noun_cues import (
    MIN_COUNT,
    candidate,
    cue_speaker,
    is_noun_cue,
    noun_cue_table,
    noun_cues,
)
from analysis.framing.quotes import find_quotes
from tests.conftest import hand_parsed

# "Erdogan 's claim that Russia bombed it"
CLAIM = [
    ("Erdogan", "PROPN", "poss", 2),
    ("'s", "PART", "case", 0),
    ("claim", "NOUN", "nsubj", 2),
    ("that", "SCONJ", "mark", 5),
    ("Russia", "PROPN", "nsubj", 5),
    ("bombed", "VERB", "acl", 2, "bomb"),
    ("it", "PRON", "dobj", 5),
]
# "Clinton unveiled a plan to raise taxes"
PLAN = [
    ("Clinton", "PROPN", "nsubj", 1),
    ("unveiled", "VERB", "ROOT", 1, "unveil"),
    ("a", "DET", "det", 3),
    ("plan", "NOUN", "dobj", 1),
    ("to", "PART", "aux", 5),
    ("raise", "VERB", "acl", 3),
    ("taxes", "NOUN", "dobj", 5, "tax"),
]
# "Sanders is confident that he wins"
CONFIDENT = [
    ("Sanders", "PROPN", "nsubj", 1),
    ("is", "AUX", "ROOT", 1, "be"),
    ("confident", "ADJ", "acomp", 1),
    ("that", "SCONJ", "mark", 5),
    ("he", "PRON", "nsubj", 5),
    ("wins", "VERB", "ccomp", 2, "win"),
]
# "his attack on Clinton on Sunday"
ATTACK_WHEN = [
    ("his", "PRON", "poss", 1),
    ("attack", "NOUN", "ROOT", 1),
    ("on", "ADP", "prep", 1),
    ("Sunday", "PROPN", "pobj", 2, "sunday", "DATE"),
]
# "Carson responded to accusations that he lied"
ACCUSATIONS = [
    ("Carson", "PROPN", "nsubj", 1),
    ("responded", "VERB", "ROOT", 1, "respond"),
    ("to", "ADP", "prep", 1),
    ("accusations", "NOUN", "pobj", 2, "accusation"),
    ("that", "SCONJ", "mark", 6),
    ("he", "PRON", "nsubj", 6),
    ("lied", "VERB", "acl", 3, "lie"),
]


@pytest.mark.parametrize(
    ("words", "k", "expected"),
    [
        (CLAIM, 2, ("that", [3, 4, 5, 6])),  # the clause with its "that"
        (PLAN, 3, ("to", [4, 5, 6])),
        (CONFIDENT, 2, ("adj", [3, 4, 5])),
        (ATTACK_WHEN, 1, None),  # "on Sunday": when, not what
        (CLAIM, 0, None),  # a name is no cue
        (PLAN, 1, None),  # nor a verb (the verb cues are cues.py's)
        ([("claim", "NOUN", "ROOT", 0)], 0, None),  # a noun with nothing after it
        ([], 0, None),
    ],
)
def test_candidate(words: list[tuple], k: int, expected: tuple | None) -> None:
    if not words:
        assert noun_cues(hand_parsed(words)) == []
        return
    assert candidate(hand_parsed(words), k) == expected


def test_a_nouns_preposition_right_after_it() -> None:
    attack = [("his", "PRON", "poss", 1), ("attack", "NOUN", "ROOT", 1), ("on", "ADP", "prep", 1)]
    attack.append(("Clinton", "PROPN", "pobj", 2))
    assert candidate(hand_parsed(attack), 1) == ("prep", [3])  # the preposition left out


@pytest.mark.parametrize(
    ("form", "counts", "expected"),
    [
        ("that", None, True),  # a noun's "that" clause, never seen: a cue
        ("that", (MIN_COUNT + 1, 0), False),  # seen enough and mostly no cue ("the fact that")
        ("that", (MIN_COUNT, 0), True),  # too few uses to say
        ("to", None, False),  # any other form only where learned
        ("to", (MIN_COUNT, MIN_COUNT), True),
        ("to", (MIN_COUNT, 0), False),
        ("prep", (MIN_COUNT - 1, MIN_COUNT - 1), False),  # too few uses
        ("adj", (10, 5), True),  # half of them is enough
    ],
)
def test_is_noun_cue(form: str, counts: tuple[int, int] | None, expected: bool) -> None:
    table = {} if counts is None else {(form, "w"): counts}
    assert is_noun_cue(form, "w", table) is expected


def test_the_learned_table_is_read() -> None:
    table = noun_cue_table()
    assert {f for f, _ in table} == {"that", "to", "prep", "adj"}
    assert all(0 <= hits <= n for n, hits in table.values())
    assert is_noun_cue("that", "claim", table) and is_noun_cue("to", "promise", table)
    assert not is_noun_cue("that", "fact", table)  # presupposed, not reported


@pytest.mark.parametrize(
    ("words", "k", "speaker"),
    [
        (CLAIM, 2, 0),  # the possessor
        (PLAN, 3, 0),  # the subject of the verb it is the object of
        (ACCUSATIONS, 3, 0),  # ... or the object of a preposition of
        (CONFIDENT, 2, 0),  # an adjective's subject
        ([("claims", "NOUN", "ROOT", 0, "claim")], 0, None),  # nobody
    ],
)
def test_cue_speaker(words: list[tuple], k: int, speaker: int | None) -> None:
    assert cue_speaker(hand_parsed(words), k) == speaker


def _reported(text: str, **kw: bool):
    docs, sents, ments, syntax, actors = constructed(text)
    q = find_quotes(syntax, sents, ments, docs, actors, **kw)
    return q[q["kind"] == "reported"]


def test_a_noun_cue_gives_reported_speech_and_the_switch_turns_it_off() -> None:
    text = "Erdogan's claim that Russia bombed the hospital made headlines."
    q = _reported(text)
    assert len(q) == 1
    row = q.iloc[0]
    assert (row["verb"], row["text"], row["speaker_actor"]) == ("claim", "that Russia bombed the hospital", "Turkey")
    assert len(_reported(text, nouns=False)) == 0


def test_a_noun_cue_inside_reported_words_gives_no_row_of_its_own() -> None:
    q = _reported("Lavrov said the claim that Turkey bombed the hospital was false.")
    assert list(q["verb"]) == ["say"]


def test_a_noun_cue_in_a_quotation_gives_no_row() -> None:
    q = _reported("\u201cThe claim that Russia bombed the hospital is false,\u201d Lavrov said.")
    assert len(q) == 0


def test_an_adjective_whose_words_another_row_holds_gives_no_row() -> None:
    """An adjective cue ("quick") whose words are the verb's row already ("to point out that ...")."""
    assert is_noun_cue("adj", "quick", noun_cue_table())
    q = _reported("John Smith was quick to point out that the plan had worked.")
    assert list(zip(q["verb"], q["text"])) == [("point", "that the plan had worked")]

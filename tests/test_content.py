"""What a reporting verb attributes (analysis/framing/content.py), on sentences parsed by hand so
that the rules are checked whatever the parser does."""

from __future__ import annotations

import pytest

from analysis.framing.content import content_tokens
from tests.conftest import hand_parsed


@pytest.mark.parametrize(
    ("words", "k", "expected", "any_prep"),
    [
        # the clausal complement
        (
            [
                ("He", "PRON", "nsubj", 1),
                ("said", "VERB", "ROOT", 1, "say"),
                ("war", "NOUN", "nsubj", 3),
                ("ends", "VERB", "ccomp", 1, "end"),
            ],
            1,
            [2, 3],
            False,
        ),
        # the object of a verb that takes what is said as its object, not of an addressee verb
        (
            [("He", "PRON", "nsubj", 1), ("criticized", "VERB", "ROOT", 1, "criticize"), ("plan", "NOUN", "dobj", 1)],
            1,
            [2],
            False,
        ),
        (
            [("He", "PRON", "nsubj", 1), ("told", "VERB", "ROOT", 1, "tell"), ("reporters", "NOUN", "dobj", 1)],
            1,
            [],
            False,
        ),
        # a parenthetical verb: the clause it sits in, without the verb's own words
        (
            [
                ("Aleppo", "PROPN", "nsubj", 4),
                (",", "PUNCT", "punct", 4),
                ("Lavrov", "PROPN", "nsubj", 3),
                ("said", "VERB", "parataxis", 4, "say"),
                ("fell", "VERB", "ROOT", 4, "fall"),
            ],
            3,
            [0, 4],
            False,
        ),
        # the same verb with no subject of its own is no parenthesis
        (
            [
                ("Aleppo", "PROPN", "nsubj", 2),
                ("said", "VERB", "parataxis", 2, "say"),
                ("fell", "VERB", "ROOT", 2, "fall"),
            ],
            1,
            [],
            False,
        ),
        # a passive with an agent: its subject (not a pronoun)
        (
            [
                ("Plan", "NOUN", "nsubjpass", 2),
                ("was", "AUX", "auxpass", 2, "be"),
                ("reported", "VERB", "ROOT", 2, "report"),
                ("by", "ADP", "agent", 2),
                ("Herald", "PROPN", "pobj", 3),
            ],
            2,
            [0],
            False,
        ),
        (
            [
                ("It", "PRON", "nsubjpass", 2),
                ("was", "AUX", "auxpass", 2, "be"),
                ("reported", "VERB", "ROOT", 2, "report"),
                ("by", "ADP", "agent", 2),
                ("Herald", "PROPN", "pobj", 3),
            ],
            2,
            [],
            False,
        ),
        # a learned preposition, and any preposition for a cue the model found
        (
            [
                ("He", "PRON", "nsubj", 1),
                ("called", "VERB", "ROOT", 1, "call"),
                ("for", "ADP", "prep", 1),
                ("ban", "NOUN", "pobj", 2),
            ],
            1,
            [3],
            False,
        ),
        (
            [
                ("He", "PRON", "nsubj", 1),
                ("voted", "VERB", "ROOT", 1, "vote"),
                ("for", "ADP", "prep", 1),
                ("ban", "NOUN", "pobj", 2),
            ],
            1,
            [],
            False,
        ),
        (
            [
                ("He", "PRON", "nsubj", 1),
                ("voted", "VERB", "ROOT", 1, "vote"),
                ("for", "ADP", "prep", 1),
                ("ban", "NOUN", "pobj", 2),
            ],
            1,
            [3],
            True,
        ),
        # "refer to" with a common noun subject is what a word means
        (
            [
                ("Scandal", "NOUN", "nsubj", 1),
                ("refers", "VERB", "ROOT", 1, "refer"),
                ("to", "ADP", "prep", 1),
                ("deal", "NOUN", "pobj", 2),
            ],
            1,
            [],
            False,
        ),
        # the object and what it is charged with or called: "blamed China for the war"
        (
            [
                ("He", "PRON", "nsubj", 1),
                ("blamed", "VERB", "ROOT", 1, "blame"),
                ("China", "PROPN", "dobj", 1),
                ("for", "ADP", "prep", 1),
                ("war", "NOUN", "pobj", 3),
                ("on", "ADP", "prep", 1),
                ("Monday", "PROPN", "pobj", 5, "monday", "DATE"),
            ],
            1,
            [2, 3, 4],
            False,
        ),
        # not for an object before the verb: "which officials described as a threat"
        (
            [
                ("which", "PRON", "dobj", 2),
                ("officials", "NOUN", "nsubj", 2),
                ("described", "VERB", "ROOT", 2, "describe"),
                ("as", "ADP", "prep", 2),
                ("threat", "NOUN", "pobj", 3),
            ],
            2,
            [0],
            False,
        ),
        # an addressee verb: the person addressed with what they are warned against, not alone
        (
            [
                ("He", "PRON", "nsubj", 1),
                ("warned", "VERB", "ROOT", 1, "warn"),
                ("China", "PROPN", "dobj", 1),
                ("against", "ADP", "prep", 1),
                ("provocation", "NOUN", "pobj", 3),
            ],
            1,
            [2, 3, 4],
            False,
        ),
        (
            [("He", "PRON", "nsubj", 1), ("warned", "VERB", "ROOT", 1, "warn"), ("China", "PROPN", "dobj", 1)],
            1,
            [],
            False,
        ),
        # a passive without an agent: its subject and what it is charged with
        (
            [
                ("Sanders", "PROPN", "nsubjpass", 2),
                ("was", "AUX", "auxpass", 2, "be"),
                ("criticized", "VERB", "ROOT", 2, "criticize"),
                ("for", "ADP", "prep", 2),
                ("answers", "NOUN", "pobj", 3),
            ],
            2,
            [0, 3, 4],
            False,
        ),
        # "called for" with a clause: the clause, without its "for"
        (
            [
                ("He", "PRON", "nsubj", 1),
                ("called", "VERB", "ROOT", 1, "call"),
                ("for", "SCONJ", "mark", 5),
                ("emails", "NOUN", "nsubj", 5),
                ("to", "PART", "aux", 5),
                ("go", "VERB", "advcl", 1),
            ],
            1,
            [3, 4, 5],
            False,
        ),
        # "as reported by" an agent, set into the clause it reports
        (
            [
                ("As", "SCONJ", "mark", 1),
                ("reported", "VERB", "advcl", 5, "report"),
                ("by", "ADP", "agent", 1),
                ("Herald", "PROPN", "pobj", 2),
                ("police", "NOUN", "nsubj", 5),
                ("found", "VERB", "ROOT", 5, "find"),
                ("emails", "NOUN", "dobj", 5),
            ],
            1,
            [4, 5, 6],
            False,
        ),
        # one clause the parser split in two ("say they do | n't know enough"): all of it
        (
            [
                ("Voters", "NOUN", "nsubj", 1),
                ("say", "VERB", "ROOT", 1),
                ("they", "PRON", "nsubj", 3),
                ("do", "VERB", "ccomp", 1),
                ("n't", "PART", "neg", 5, "not"),
                ("know", "VERB", "ccomp", 1),
            ],
            1,
            [2, 3, 4, 5],
            False,
        ),
        # a ccomp before the verb is not joined to one after it; the one after is the content
        (
            [
                ("War", "NOUN", "nsubj", 1),
                ("ends", "VERB", "ccomp", 3, "end"),
                ("he", "PRON", "nsubj", 3),
                ("said", "VERB", "ROOT", 3, "say"),
                ("peace", "NOUN", "nsubj", 5),
                ("comes", "VERB", "ccomp", 3, "come"),
            ],
            3,
            [4, 5],
            False,
        ),
        # "noting that ...", its "that" parsed as a preposition: what follows the "that"
        (
            [
                ("noting", "VERB", "ROOT", 0, "note"),
                ("that", "SCONJ", "prep", 0),
                ("he", "PRON", "nsubj", 3),
                ("trailed", "VERB", "pcomp", 1, "trail"),
            ],
            0,
            [2, 3],
            False,
        ),
        # ... but not a "that" further on
        (
            [
                ("noting", "VERB", "ROOT", 0, "note"),
                ("soon", "ADV", "advmod", 0),
                ("that", "SCONJ", "prep", 0),
                ("he", "PRON", "nsubj", 4),
                ("trailed", "VERB", "pcomp", 2, "trail"),
            ],
            0,
            [],
            False,
        ),
        # a verb alone
        ([("said", "VERB", "ROOT", 0, "say")], 0, [], False),
        # the clause after the verb, not one the parser hung from it across a semicolon
        (
            [
                ("Story", "NOUN", "nsubj", 1),
                ("ran", "VERB", "ccomp", 4, "run"),
                (";", "PUNCT", "punct", 4),
                ("editor", "NOUN", "nsubj", 4),
                ("argued", "VERB", "ROOT", 4, "argue"),
                ("piece", "NOUN", "nsubj", 6),
                ("helped", "VERB", "ccomp", 4, "help"),
            ],
            4,
            [5, 6],
            False,
        ),
        # a phrase of the object hung from the verb: "praised the efforts of a donor to Rubio"
        (
            [
                ("He", "PRON", "nsubj", 1),
                ("praised", "VERB", "ROOT", 1, "praise"),
                ("efforts", "NOUN", "dobj", 1),
                ("of", "ADP", "prep", 2),
                ("donor", "NOUN", "pobj", 3),
                ("to", "ADP", "prep", 1),
                ("Rubio", "PROPN", "pobj", 5),
            ],
            1,
            [2, 3, 4, 5, 6],
            False,
        ),
        # ... but not its phrases of time or place: "praised the plan at a rally"
        (
            [
                ("He", "PRON", "nsubj", 1),
                ("praised", "VERB", "ROOT", 1, "praise"),
                ("plan", "NOUN", "dobj", 1),
                ("at", "ADP", "prep", 1),
                ("rally", "NOUN", "pobj", 3),
            ],
            1,
            [2],
            False,
        ),
        # an infinitive the parser hung from the verb, which says what its object is for: "praised
        # the efforts to attack Trump"
        (
            [
                ("He", "PRON", "nsubj", 1),
                ("praised", "VERB", "ROOT", 1, "praise"),
                ("efforts", "NOUN", "dobj", 1),
                ("to", "PART", "aux", 4),
                ("attack", "VERB", "advcl", 1),
                ("Trump", "PROPN", "dobj", 4),
            ],
            1,
            [2, 3, 4, 5],
            False,
        ),
        # ... but not a participle, another act: "sued the DNC, seeking an injunction"
        (
            [
                ("He", "PRON", "nsubj", 1),
                ("sued", "VERB", "ROOT", 1, "sue"),
                ("DNC", "PROPN", "dobj", 1),
                (",", "PUNCT", "punct", 1),
                ("seeking", "VERB", "advcl", 1, "seek"),
                ("injunction", "NOUN", "dobj", 4),
            ],
            1,
            [2],
            False,
        ),
        # ... nor a clause a subordinator opens: "criticized the plan so as to win"
        (
            [
                ("He", "PRON", "nsubj", 1),
                ("criticized", "VERB", "ROOT", 1, "criticize"),
                ("plan", "NOUN", "dobj", 1),
                ("so", "SCONJ", "mark", 6),
                ("as", "SCONJ", "mark", 6),
                ("to", "PART", "aux", 6),
                ("win", "VERB", "advcl", 1),
            ],
            1,
            [2],
            False,
        ),
        # a question verb's "if" clause, which the parser hung as an adverbial clause: "asked if ..."
        (
            [
                ("He", "PRON", "nsubj", 1),
                ("asked", "VERB", "ROOT", 1, "ask"),
                ("if", "SCONJ", "mark", 5),
                ("they", "PRON", "nsubj", 5),
                ("would", "AUX", "aux", 5),
                ("attend", "VERB", "advcl", 1),
            ],
            1,
            [2, 3, 4, 5],
            False,
        ),
        # ... but not an adverbial clause of another verb: "left if they would attend"
        (
            [
                ("He", "PRON", "nsubj", 1),
                ("left", "VERB", "ROOT", 1, "leave"),
                ("if", "SCONJ", "mark", 5),
                ("they", "PRON", "nsubj", 5),
                ("would", "AUX", "aux", 5),
                ("attend", "VERB", "advcl", 1),
            ],
            1,
            [],
            False,
        ),
    ],
)
def test_content_tokens(words: list, k: int, expected: list[int], any_prep: bool) -> None:
    assert content_tokens(hand_parsed(words), k, any_prep=any_prep) == expected

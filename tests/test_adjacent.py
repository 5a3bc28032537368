"""Attributions in the sentence after a quotation (analysis/framing/adjacent.py): a reporting verb
the splitter put in the next sentence, a "quotable" line naming its speaker after a dash, and the
colon after a headline's dash (analysis/framing/colon.py)."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import constructed

from analysis.framing.quotes import find_quotes


def _direct(text: str) -> pd.DataFrame:
    docs, sents, ments, syntax, actors = constructed(text)
    q = find_quotes(syntax, sents, ments, docs, actors)
    return q[q["kind"] == "direct"].reset_index(drop=True)


def _verb_after(quote: str, gap: str, words: list[tuple]) -> tuple | None:
    """verb_after over a hand-parsed next sentence (the parser's answer fixed) after ``quote``."""
    from conftest import hand_parsed

    from analysis.framing.adjacent import verb_after
    from analysis.framing.quotes import _Sentences

    s = hand_parsed(words)
    second = " ".join(w[0] for w in words)
    text = quote + gap + second
    a = len(quote) + len(gap)
    index = _Sentences([(0, 0, len(quote), 0), (1, a, a + len(second), 0 if "\n" not in gap else 1)])
    verbs = {1: [k for k, w in enumerate(words) if w[0] in ("asked", "said", "mocked", "told")]}
    return verb_after({("d", 1): s}, "d", index, verbs, text, len(quote))


_ASKED = [
    ("John", "PROPN", "compound", 1),
    ("Smith", "PROPN", "nsubj", 2),
    ("asked", "VERB", "ROOT", 2, "ask"),
    (".", "PUNCT", "punct", 2),
]
_INVERTED = [
    ("asked", "VERB", "ROOT", 0, "ask"),
    ("John", "PROPN", "compound", 2),
    ("Smith", "PROPN", "nsubj", 0),
    (".", "PUNCT", "punct", 0),
]
_TOLD = [
    ("Smith", "PROPN", "nsubj", 1),
    ("told", "VERB", "ROOT", 1, "tell"),
    ("reporters", "NOUN", "dobj", 1),
    (".", "PUNCT", "punct", 1),
]
_SAID_THAT = [
    ("Smith", "PROPN", "nsubj", 1),
    ("said", "VERB", "ROOT", 1, "say"),
    ("the", "DET", "det", 3),
    ("plan", "NOUN", "nsubj", 4),
    ("failed", "VERB", "ccomp", 1, "fail"),
    (".", "PUNCT", "punct", 1),
]
_MOCKED = [
    ("Smith", "PROPN", "nsubj", 1),
    ("mocked", "VERB", "ROOT", 1, "mock"),
    ("Jones", "PROPN", "dobj", 1),
    (".", "PUNCT", "punct", 1),
]
_LATE = [
    ("Later", "ADV", "advmod", 4),
    ("that", "DET", "det", 2),
    ("day", "NOUN", "npadvmod", 4),
    ("Smith", "PROPN", "nsubj", 4),
    ("asked", "VERB", "ROOT", 4, "ask"),
]


@pytest.mark.parametrize(
    ("words", "gap", "verb"),
    [
        (_ASKED, " ", 2),  # '"Who are they?" John Smith asked.'
        (_INVERTED, " ", 0),  # '"Who are they?" asked John Smith.'
        (_TOLD, " ", 1),  # "told reporters": the person addressed is no content
        (_SAID_THAT, " ", None),  # "Smith said the plan failed.": a statement of its own
        (_MOCKED, " ", None),  # "Smith mocked Jones.": what the verb attributes is its object
        (_LATE, " ", None),  # more than the subject before the verb
        (_ASKED, "\n\n", None),  # a new paragraph
        (_ASKED, " (AP) ", None),  # words between
    ],
)
def test_verb_after_takes_an_attribution_only_sentence(words: list[tuple], gap: str, verb: int | None) -> None:
    got = _verb_after("\u201cWho are they?\u201d", gap, words)
    assert (got[2] if got else None) == verb


def test_verb_after_in_a_whole_article() -> None:
    d = _direct("\u201cWho do they think they are?\u201d John Smith asked.")
    assert len(d) == 1
    assert (d["speaker"].iloc[0], d["verb"].iloc[0]) == ("John Smith", "ask")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "\u201cI will look into it, and I will certainly look into it.\u201d\n\n- Hillary Clinton.",
            "Hillary Clinton",
        ),
        (
            "\u201cThe whole idea is something that we hear about all the time.\u201d\n\n"
            "\u2014Michelle Marks, Philadelphia.",
            "Michelle Marks",
        ),
    ],
)
def test_a_dash_line_after_a_quotation_names_its_speaker(text: str, speaker: str) -> None:
    d = _direct(text)
    assert len(d) == 1
    assert (d["speaker"].iloc[0], d["how"].iloc[0]) == (speaker, "dash")


@pytest.mark.parametrize(
    "text",
    [
        # a dash line that names no one, or says more than a name
        "\u201cI will look into it, and I will certainly look into it.\u201d\n\n- and so it went on.",
        "\u201cI will look into it, and I will certainly look into it.\u201d\n\n- Clinton said she would look.",
        "",
    ],
)
def test_a_dash_line_that_is_no_name_attributes_nothing(text: str) -> None:
    d = _direct(text)
    assert (d["how"] != "dash").all()


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a headline, a spaced dash, a source and a colon (HuffPollster's style)
        (
            "POLLS NOT WRONG, JUST TOO EARLY - Mark Blumenthal: \u201cThe polls ended too early to see "
            "the late shift.\u201d",
            "Mark Blumenthal",
        ),
        (
            "What it means for the election - More from Jones: \u201cThe partisanship of the state matters.\u201d",
            "Jones",
        ),
    ],
)
def test_a_colon_after_a_headline_dash_names_the_source(text: str, speaker: str) -> None:
    d = _direct(text)
    assert len(d) == 1
    assert (d["speaker"].iloc[0], d["how"].iloc[0]) == (speaker, "colon")


def test_colon_source_leaves_out_a_bracketed_tag() -> None:
    """ "Rep. Trey Gowdy (R-S.C.): ..." (the parse fixed by hand): the source is the name alone."""
    from conftest import hand_parsed

    from analysis.framing.colon import colon_source

    words = [("Rep.", "PROPN", "compound", 2), ("Trey", "PROPN", "compound", 2), ("Gowdy", "PROPN", "ROOT", 2)]
    words += [("(", "PUNCT", "punct", 2), ("R-S.C.", "PROPN", "appos", 2), (")", "PUNCT", "punct", 2)]
    words += [(":", "PUNCT", "punct", 2), ("I", "PRON", "nsubj", 8), ("disagree", "VERB", "parataxis", 2)]
    words += [("with", "ADP", "prep", 8), ("you", "PRON", "pobj", 9)]
    got = colon_source(hand_parsed(words))
    assert got is not None and got[0] == 6 and got[1] == [0, 1, 2]


@pytest.mark.parametrize(
    "words",
    [
        # a verb among the words after the dash: a sentence, not a source
        [
            ("NEWS", "PROPN", "ROOT", 0),
            ("-", "PUNCT", "punct", 0),
            ("Jones", "PROPN", "nsubj", 3),
            ("said", "VERB", "appos", 0),
        ],
        # a rubric after the dash
        [("NEWS", "PROPN", "ROOT", 0), ("-", "PUNCT", "punct", 0), ("Update", "NOUN", "appos", 0)],
        # nothing before the colon
        [],
    ],
)
def test_colon_source_refuses(words: list[tuple]) -> None:
    from conftest import hand_parsed

    from analysis.framing.colon import colon_source

    tail = [
        (":", "PUNCT", "punct", 0),
        ("the", "DET", "det", 0),
        ("talks", "NOUN", "nsubj", 0),
        ("failed", "VERB", "ROOT", 0),
    ]
    n = len(words)
    tail = [(w, p, d, h + n if d != "ROOT" else n + 3) for w, p, d, h in tail]
    assert colon_source(hand_parsed(words + tail)) is None


def test_a_quoted_paragraph_carries_on_the_reported_words_before_it() -> None:
    text = (
        "Carter said that for decades some critics had been predicting a withdrawal from the region.\n\n"
        "\u201cThat is because this region is home to nearly half the world\u2019s population.\u201d"
    )
    d = _direct(text)
    assert list(zip(d["speaker"], d["how"])) == [("Carter", "continuation")]


@pytest.mark.parametrize(
    "text",
    [
        # the quotation has an attribution of its own that no rule read
        "Carter said that critics had predicted a withdrawal.\n\n"
        "\u201cCall the roll now,\u201d came shouts from the crowd.",
        # two people joined: either could be speaking
        "Matthews and Lopez argued that the plan was naive.\n\n"
        "\u201cSeriously, this plan will never pass the Senate.\u201d",
        # not a name
        "The ad argues that the senator is weak on crime.\n\n\u201cThey know she is the only one strong enough.\u201d",
        # the quotation does not open its paragraph
        "Carter said that critics had predicted a withdrawal.\n\n"
        "Again: \u201cThat is because the region matters a lot.\u201d",
    ],
)
def test_a_quoted_paragraph_that_carries_nobody_on(text: str) -> None:
    assert "continuation" not in set(_direct(text)["how"])

"""News house style at sentence boundaries (analysis.text.house_style), alone and through the
splitter trained on a whole corpus, where Punkt learns to break "Ms." from a surname it only ever
sees after a title."""

from __future__ import annotations

import pytest

from analysis.text.house_style import joins_previous
from analysis.text.punkt import make_splitter
from analysis.text.sentences import split_spans


@pytest.mark.parametrize(
    ("previous", "piece", "joined"),
    [
        ("As Mr.", "Trump said.", True),
        ("He met Sen.", "Cruz.", True),
        ("as Sens.", "Elizabeth Warren and others said.", True),
        ("Donald J.", "Trump spoke.", True),
        ("It asked the U.S.", "Drug Enforcement Agency to act.", True),
        ("Sen. Mazie Hirono (D-Hawaii.", "Said no.", True),
        ("He moved to the U.S.", "Then he ran.", True),  # "Then" is an opener but U.S. ... see below
        ("He moved to the U.S.", "The move paid off.", False),
        ("He moved to the U.S.", "He ran.", False),
        ("She will be missed!", "- Donald J. Trump (@realDonaldTrump) June 5, 2019", True),
        ('"We are ready to go hard in either direction!"', "Trump tweeted.", True),
        ('"Are we ready?"', "Senate Majority Leader Mitch McConnell asked reporters.", True),
        ('"We are ready!"', "The vote is on Tuesday.", False),
        ("The vote failed.", "Trump said nothing.", False),
        ("", "", False),
    ],
)
def test_joins_previous(previous: str, piece: str, joined: bool) -> None:
    if piece == "Then he ran.":
        joined = False  # "then" opens a sentence: the abbreviation ends one
    assert joins_previous(previous, piece) is joined


def _corpus(n: int = 400) -> str:
    """A corpus where "Blackburn" and "Lauten" appear only after a title, so that trained Punkt
    sees them capitalised after a period and nowhere else."""
    parts = []
    for i in range(n):
        parts.append(
            f"Ms. Blackburn spoke on day {i}. The senator said the bill would pass. "
            f"Mr. Lauten agreed with Ms. Blackburn. It was the {i}th vote of the week."
        )
    return "\n\n".join(parts)


def test_trained_splitter_keeps_titles_with_names() -> None:
    text = _corpus()
    splitter = make_splitter(train_text=text)
    para = "He got more likes than Ms. Blackburn did. Mr. Lauten disagreed with Dr. Smith."
    assert [para[a:b] for a, b in split_spans(para, splitter=splitter)] == [
        "He got more likes than Ms. Blackburn did.",
        "Mr. Lauten disagreed with Dr. Smith.",
    ]


@pytest.mark.parametrize(
    ("para", "sentences"),
    [
        ("", []),
        (
            "Sen. Jeff Flake (R-Ariz.) said no. The F.B.I. agent left.",
            ["Sen. Jeff Flake (R-Ariz.) said no.", "The F.B.I. agent left."],
        ),
        (
            "Mr. Trump met Gov. Andrew M. Cuomo in N.Y. on Monday.",
            ["Mr. Trump met Gov. Andrew M. Cuomo in N.Y. on Monday."],
        ),
        ("It was sold in the U.S. The price rose.", ["It was sold in the U.S.", "The price rose."]),
        ("“We will win!” Trump tweeted. He left.", ["“We will win!” Trump tweeted.", "He left."]),
        (
            "Vote now! — Donald J. Trump (@realDonaldTrump) May 1, 2019",
            ["Vote now! — Donald J. Trump (@realDonaldTrump) May 1, 2019"],
        ),
    ],
)
def test_split_spans_house_style(para: str, sentences: list[str]) -> None:
    assert [para[a:b] for a, b in split_spans(para)] == sentences

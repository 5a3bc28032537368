"""Whose reporting an article is (analysis/ingest/provenance.py): the shapes of real credits."""

from __future__ import annotations

import pytest

from analysis.ingest.provenance import Provenance, detect_source, is_agency_outlet

BODY = "\n\nThe bill passed the Senate on Tuesday by a vote of 52 to 48.\n\nIt now goes to the House."


@pytest.mark.parametrize(
    ("text", "outlet", "authors", "kind", "agency"),
    [
        # datelines with an agency (first body paragraph), from AllSides articles
        (
            "Title\nLOUISVILLE, Ky. (AP) — Senate Majority Leader Mitch McConnell says" + BODY,
            "Breitbart",
            "",
            "wire",
            "AP",
        ),
        ("Title\nMarch 16 (UPI) — President Donald Trump on Thursday released" + BODY, "Breitbart", "", "wire", "UPI"),
        ("Title\nHong Kong (AFP) – Viral video platform TikTok’s withdrawal" + BODY, "Breitbart", "", "wire", "AFP"),
        ("Title\n(AP) MOSCOW – Russia reacted to U.S. military strikes" + BODY, "Fox News", "", "wire", "AP"),
        (
            "Title\nWASHINGTON (Reuters) - U.S. senators unveiled two opposing visions" + BODY,
            "The Hill",
            "",
            "wire",
            "Reuters",
        ),
        # the agency's own story is its own reporting
        ("Title\nWASHINGTON (Reuters) - U.S. senators unveiled two opposing visions" + BODY, "Reuters", "", "own", ""),
        ("Title\nWASHINGTON (AP) — President Donald Trump said Thursday" + BODY, "Associated Press", "", "own", ""),
        # citing an agency or using its photo is not wire copy
        (
            "Title\n(Jonathan Ernst/Reuters)\n\nThe Senate is preparing to consider the bill." + BODY,
            "National Review",
            "",
            "own",
            "",
        ),
        (
            "Title\nMichael Flynn outside a court. (Reuters photo: Jonathan Ernst)" + BODY,
            "National Review",
            "",
            "own",
            "",
        ),
        ("Title\nReuters reported on Tuesday (AP) that talks had stalled." + BODY, "CNN", "", "own", ""),
        ("Title\nEnlarge this image toggle caption Susan Walsh/AP Susan Walsh/AP" + BODY, "NPR", "", "own", ""),
        # the author field naming only an agency
        ("Title" + BODY, "Washington Times", "Associated Press", "wire", "AP"),
        ("Title" + BODY, "Washington Times", "Jill Colvin, Associated Press", "own", ""),
        # closing credits
        ("Title" + BODY + "\n\nCopyright 2019 The Associated Press. All rights reserved.", "Newsmax", "", "wire", "AP"),
        ("Title" + BODY + "\n\n(Reporting by Susan Cornwell; Editing by Peter Cooney)", "Yahoo", "", "wire", "Reuters"),
        ("Title" + BODY + "\n\nThe Associated Press contributed to this report.", "Fox News", "", "own", ""),
        (
            "Title" + BODY + "\n\nThis article originally appeared in the Los Angeles Times.",
            "Salon",
            "",
            "syndicated",
            "the Los Angeles Times",
        ),
        (
            "Title" + BODY + "\n\nCopyright © 2017 King Features Syndicate",
            "National Review",
            "",
            "syndicated",
            "King Features Syndicate",
        ),
        # a republication date is not another outlet
        ("Title" + BODY + "\n\nThis article was originally published on February 4, 2019.", "Vox", "", "own", ""),
        ("Title" + BODY + "\n\nThis column first appeared in Townhall.", "Townhall", "", "own", ""),
        # empty and odd input
        ("", "CNN", "", "own", ""),
        ("   \n  ", "CNN", None, "own", ""),
    ],
)
def test_detect_source(text: str, outlet: str, authors: str | None, kind: str, agency: str) -> None:
    got = detect_source(text, outlet=outlet, authors=authors)  # type: ignore[arg-type]
    assert (got.kind, got.agency) == (kind, agency)
    if kind != "own":
        assert got.evidence and (got.evidence in text or got.evidence in (authors or ""))


def test_default_is_own_with_no_evidence() -> None:
    assert detect_source("Headline only") == Provenance("own", "", "")


@pytest.mark.parametrize(
    ("outlet", "agency", "expected"),
    [
        ("Associated Press", "AP", True),
        ("AP", "AP", True),
        ("Reuters", "Reuters", True),
        ("Breitbart News", "AP", False),
        ("", "AP", False),
        ("Reuters", "", False),
        ("Bloomberg News", "Bloomberg", True),
    ],
)
def test_is_agency_outlet(outlet: str, agency: str, expected: bool) -> None:
    assert is_agency_outlet(outlet, agency) is expected


def test_syndicate_tag_line() -> None:
    """A columnist's site closing with the syndicate's tag line (AllSides, John Stossel)."""
    text = (
        "Title"
        + BODY
        + "\n\nTo read features by other Creators Syndicate writers and cartoonists, visit www.creators.com."
    )
    got = detect_source(text, outlet="John Stossel")
    assert (got.kind, got.agency) == ("syndicated", "Creators Syndicate")


def test_syndicate_copyright_with_by() -> None:
    """ "© Copyright 2017 by Creators Syndicate Inc." (a Reason column; a miss found on the test half)."""
    got = detect_source("Title" + BODY + "\n\n© Copyright 2017 by Creators Syndicate Inc.", outlet="Reason")
    assert (got.kind, got.agency) == ("syndicated", "Creators Syndicate")


@pytest.mark.parametrize(
    "tail",
    [
        "The book was first published in Canada in 1998.",
        "The Post first published its story Tuesday, not Thursday, as this column originally said.",
    ],
)
def test_first_published_in_a_sentence_is_not_a_credit(tail: str) -> None:
    """Seen on AllSides: "first published" inside a sentence of the story is no syndication credit."""
    assert detect_source("Title" + BODY + "\n\n" + tail, outlet="The Atlantic").kind == "own"


def test_originally_published_line() -> None:
    got = detect_source("Title" + BODY + "\n\nOriginally published at The Conversation.", outlet="Salon")
    assert (got.kind, got.agency) == ("syndicated", "The Conversation")


def test_republished_by_the_outlet_itself_is_own() -> None:
    """Vox: "This article was originally published before the election" (its own earlier version)."""
    text = "Title" + BODY + "\n\nThis article was originally published before the election and has been updated."
    assert detect_source(text, outlet="Vox").kind == "own"

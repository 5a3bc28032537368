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

"""Cleaning: each kind of page furniture in the seeds is removed with its reason, nothing else."""

from __future__ import annotations

import random
import re
import sys

import pytest

from analysis.ingest.clean import (
    _MAX_WORDS,
    _RULES,
    MAX_FURNITURE_CHARS,
    _dup_key,
    _line_key,
    classify_line,
    clean_docs,
    clean_text,
)
from analysis.ingest.corpus import load_corpus
from analysis.ingest.normalize import fold


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[NEWS OF THE DAY: After the Peace Agreement, Colombia Turns to Demining]", "bracketed promo"),
        ("Leave a Reply", "comment prompt"),
        ("Please let us know if you're having issues with commenting.", "comment prompt"),
        ("Please let us know if you\u2019re having issues with commenting.", "comment prompt"),
        ("Tags: , , , , ,", "tags line"),
        ("Category: Arab uprising", "category line"),
        ("December 1, 2016 | By | Reply More", "byline or dateline"),
        ("Press journalist for HRO media \u2013 Khizer Hayat reports.", "byline or dateline"),
        ("Alanya, Antalya, TurkeyUpdated: Dec 01, 2016, 02:27 PM IST", "byline or dateline"),
        ("By Jane Smith", "byline or dateline"),
        ("main img", "image placeholder"),
        ("A member of the Turkish-backed Free Syrian Army (FSA) patrols. Photograph:(Getty)", "photo caption"),
        ("Syrian families flee various eastern districts of Aleppo on November 29, 2016 AFP", "photo caption"),
        ("Soldiers cross a road. / AFP / GEORGE OURFALIAN (Photo \u2026", "photo caption"),
        ("The Associated Press.", "wire credit"),
        ("By JANE SMITH and JOHN ROE Associated Press", "byline or dateline"),
        ("Updated Tuesday at 1:15 p.m.", "byline or dateline"),
        ("ADVERTISEMENT", "advertisement"),
        ("Story Continued Below", "advertisement"),
        ("Media playback is unsupported on your device Media caption Trump explains", "video player"),
        ("Enlarge this image toggle caption Evan Vucci/AP Evan Vucci/AP", "photo caption"),
        # anchored caption rules with none of the unanchored caption rule's words (once missed)
        ("toggle caption ACLU", "photo caption"),
        ("Enlarge this image toggle caption Cal Fire Cal Fire", "photo caption"),
        (
            "Image copyright PA Image caption Christopher Steele, a former MI6 agent, wrote a series of reports",
            "photo caption",
        ),
        ("READ: Six times Biden aimed for the truth and caused a headache", "promo line"),
        ("Follow AP coverage of the pandemic at http://apnews.com/VirusOutbreak", "promo line"),
        ("Read Brian's whole post at Xconomy >", "promo line"),
        (
            "POLITICO Pulse newsletter Get the latest on the health care fight, every weekday morning — in your "
            "inbox. Email Sign Up By signing up you agree to receive email newsletters or alerts from POLITICO.",
            "promo line",
        ),
        ("Analysis by Anthony Zurcher, BBC News, Washington", "byline or dateline"),
        ("Send letters to letters@suntimes.com.", "comment prompt"),
        ("Data: FactSet; Chart: Axios Visuals", "credit line"),
        (
            'poster="http://v.politico.com/images/1155968404/201904/3186/1155968404_60288-vs.jpg?pubId=1155968404"',
            "video player",
        ),
        ("Does torture work – and is it worth the cost? Read more", "promo line"),
        # a credit naming many people is longer than a byline may be
        (
            "Fox News' Chad Pergram and Barnini Chakraborty and The Associated Press contributed to this report.",
            "credit line",
        ),
        ("Sign up for Daily Newsletters Manage Newsletters", "promo line"),
        ("( PHOTOS: At a glance: The Senate immigration deal)", "promo line"),
        ("Copyright \u00a9 2019 The Washington Times, LLC. Click here for reprint permission.", "credit line"),
        ("Follow Thomas D. Williams on Twitter", "share prompt"),
        ("___", "separator"),
        ("Story highlights John Kerry will not use the term war", "summary box"),
    ],
)
def test_furniture_lines(line: str, reason: str) -> None:
    assert classify_line(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "",
        "Turkey and Russia search for Syria cease-fire formula",
        "He declined to comment.",
        "Cavusoglu said the failure to find a political solution in Syria will breed more extremists.",
        "By the end of the day, the truce had collapsed.",
        "There was no sign such a cease-fire was near.",
        # real paragraphs that start like furniture (issue 22: cleaning took them for bylines and prompts)
        "By noon, the White House press office had released a statement.",
        "By failing to act, Mr. McCulloch said, the grand jury left the question open.",
        "By repealing Obamacare, many Republican lawmakers want to give states the right to find their own answers.",
        "Other staffers accused Farenthold of routinely commenting on their appearance and sexual experiences at "
        "work, and of making remarks that made them uncomfortable in meetings with lobbyists and other staff.",
        "Follow the money, investigators said, and the story on Twitter and elsewhere falls into place.",
        "More than 200 people were arrested.",
        "She said she contributed to this report's findings and to the next one.",
        "Image copyright law was the subject of the hearing, the senator said.",
        # real sentences that open like the promos, bylines, prompts and credits above
        "Analysis by the Congressional Budget Office found the bill would cost $1.2 trillion.",
        "Send letters to Congress, the governor urged voters on Monday.",
        "Data: the numbers released on Monday show a slowdown in hiring.",
        "Follow the money, she said, and you will find who paid at the end.",
        "Read the full statement, the spokesman said, and you will see what we meant.",
        "Those who want to read more will find the report online, she said.",
        'The sign read "Vote" in large letters.',
    ],
)
def test_body_lines_are_kept(line: str) -> None:
    assert classify_line(line) is None


def test_headline_repeated_as_first_paragraph_is_removed_once() -> None:
    head = "Spicer Taking On New White House Role"
    text = f"{head}\n\n{head.lower()}\n\nThe press secretary will.\n"
    removed = clean_text(text).removed
    assert [(r["line_no"], r["reason"]) for r in removed] == [(3, "repeated headline")]


def test_repeated_caption_without_credit_is_removed() -> None:
    text = (
        "Headline\n\nFamilies flee eastern Aleppo on November 29, 2016 AFP\n"
        " Families flee eastern Aleppo on November 29, 2016 AFP\n"
        "Families flee eastern Aleppo on November 29, 2016\nBody sentence one. Body two.\n"
    )
    cleaned = clean_text(text, doc_id="d")
    assert [r["reason"] for r in cleaned.removed] == ["photo caption", "photo caption", "repeated photo caption"]
    kept = [text[p.start : p.end] for p in cleaned.paragraphs]
    assert kept == ["Headline", "Body sentence one. Body two."]


def test_repeated_body_line_keeps_first_copy() -> None:
    text = "H\nThe same sentence appears twice in this body.\nOther.\nThe same sentence appears twice in this body.\n"
    cleaned = clean_text(text)
    assert [r["reason"] for r in cleaned.removed] == ["repeated line (copy of line 2)"]
    assert len(cleaned.paragraphs) == 3


def test_wrapped_lines_join_one_paragraph() -> None:
    text = "H\nThe minister said that the talks\nwould go on.\nA new paragraph.\n"
    cleaned = clean_text(text)
    assert [text[p.start : p.end] for p in cleaned.paragraphs] == [
        "H",
        "The minister said that the talks\nwould go on.",
        "A new paragraph.",
    ]


def test_empty_text() -> None:
    assert clean_text("").paragraphs == [] and clean_text("").removed == []


EXPECTED_REMOVED = {
    "000_43e100ebd0ba0851": [],
    "001_a338ea7d94fc7d37": [
        "photo caption",
        "photo caption",
        "repeated photo caption",
        "bracketed promo",
        "wire credit",
    ],
    "002_7dfe8e46eda3692b": [
        "byline or dateline",
        "byline or dateline",
        "tags line",
        "category line",
        "comment prompt",
    ],
    "003_543bb76ff65f957a": ["byline or dateline", "image placeholder", "photo caption"],
    "004_c5ce46074616caca": ["photo caption", "comment prompt"],
}


def test_seed_cleaning_audit(seeds_dir) -> None:
    docs = load_corpus(seeds_dir).docs
    paragraphs, removed = clean_docs(docs)
    for doc_id, reasons in EXPECTED_REMOVED.items():
        assert removed[removed["doc_id"] == doc_id]["reason"].tolist() == reasons, doc_id
    texts = dict(zip(docs["doc_id"], docs["text"]))
    # Offsets point into the original text, and kept + removed + blank lines cover every line.
    for rec in removed.itertuples():
        assert texts[rec.doc_id][rec.start : rec.end] == rec.text
    for doc_id, text in texts.items():
        covered = [(r.start, r.end) for r in removed[removed.doc_id == doc_id].itertuples()]
        covered += [(p.start, p.end) for p in paragraphs[paragraphs.doc_id == doc_id].itertuples()]
        mask = [False] * len(text)
        for a, b in covered:
            for i in range(a, b):
                assert not mask[i], "a character is both kept and removed"
                mask[i] = True
        assert all(mask[i] or text[i].isspace() for i in range(len(text))), doc_id


def test_long_paragraph_is_never_furniture() -> None:
    """A paragraph longer than any furniture line is kept even if it mentions a photo agency."""
    para = "Officials declined commenting on the (photo) released by Getty Images, " + "and talks went on. " * 40
    assert len(para) > 600 and classify_line(para) is None
    assert classify_line("Officials declined commenting.") == "comment prompt"


def test_regex_and_str_split_agree_on_whitespace() -> None:
    """Line keys collapse whitespace with ``str.split``, which must split exactly where ``\\s+`` does."""
    ws = re.compile(r"\s")
    assert all(bool(ws.match(c)) == c.isspace() for c in map(chr, range(sys.maxunicode + 1)))


def _old_keys(line: str) -> tuple[str | None, str]:
    """(furniture reason, repeat key) of a line computed the plain way, with regex substitutions."""
    key = re.sub(r"\s+", " ", fold(line)).strip()
    reason = None
    if len(line) <= MAX_FURNITURE_CHARS and key:
        n_words = len(key.split())
        reason = next(
            (r for r, pattern in _RULES if n_words <= _MAX_WORDS.get(r, n_words) and pattern.search(key)), None
        )
    return reason, re.sub(r"\s+(afp|reuters|ap|getty images|getty|epa)$", "", key.lower())


@pytest.mark.parametrize("seed", range(3))
def test_line_keys_equal_plain_computation(seed: int) -> None:
    """Furniture reasons and repeat keys of random lines (odd whitespace, credits, typography) are
    those of the plain regex computation."""
    rng = random.Random(seed)
    pieces = [
        "Photo:",
        "AFP",
        "afp",
        "Getty Images",
        "getty",
        "Reuters",
        "AP",
        "ap",
        "EPA",
        "(Getty)",
        "(AP)",
        "/ AFP /",
        "/ AP /",
        "Tags:",
        "By Jane Smith",
        "Leave a Reply",
        "comments",
        "Turkey",
        "Russia",
        "said",
        "the",
        "x",
        "Updated: Dec 01, 2016",
        "journalist for",
        "reports.",
        "contributed to this report",
        "toggle caption",
        "Enlarge this image",
        "Image copyright",
        "Reporting by",
        "join the conversation",
        "comments are closed",
        "commenting",
        "file photo",
        "AFP photo",
        "main img",
        " ",
        "  ",
        "\t",
        "\u00a0",
        "\u2009",
        "\u3000",
        "\u2028",
        "\x1c",
        "\u200b",
        "\u2019",
        "\u201c",
        "\u2026",
        "\u00e9",
        "e\u0301",
        ".",
        "|",
        "\n",
        "\r\n",
    ]
    lines = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(2000)]
    for line in lines:
        reason, key = _old_keys(line)
        assert classify_line(line) == reason
        assert _dup_key(_line_key(line)) == key


def test_furniture_length_limit_in_documents() -> None:
    """In a document as for one line: a caption of MAX_FURNITURE_CHARS characters is furniture, a longer one is not."""
    at_limit = "w" * (MAX_FURNITURE_CHARS - 4) + " AFP"
    text = f"Headline\n{at_limit}\nBody one.\nW{at_limit}\n"
    cleaned = clean_text(text)
    assert [(r["reason"], r["text"]) for r in cleaned.removed] == [("photo caption", at_limit)]
    assert [text[p.start : p.end] for p in cleaned.paragraphs] == ["Headline", "Body one.", "W" + at_limit]


@pytest.mark.parametrize(
    ("text", "removed"),
    [
        # CNN: the highlights end without a stop; the body's first paragraph has one
        (
            "Israel and Hamas\n\nStory highlights Israel and Hamas have been trading rockets\n\n"
            "Israel said its operation answers rocket attacks from Gaza\n\n"
            "Palestinian leaders have condemned the attacks\n\n"
            "The conflict reignited last week.\n\nPalestinian leaders met on Monday\n",
            [(3, "summary box"), (5, "summary box"), (7, "summary box")],
        ),
        # Business Insider: the bullets above "Visit Business Insider's homepage" end with stops
        (
            "SpaceX test\nSpaceX completed an explosive test on Sunday.\n"
            "The test was part of NASA's Commercial Crew program.\n"
            "Visit Business Insider's homepage for more stories.\nSpaceX launched a rocket on Sunday.\n",
            [(2, "summary box"), (3, "summary box"), (4, "promo line")],
        ),
        # a bullet the body repeats is kept there once: the later copy goes as a repeat
        (
            "SpaceX test\nSpaceX completed an explosive test on Sunday.\n"
            "Visit Business Insider's homepage for more stories.\nSpaceX completed an explosive test on Sunday.\n",
            [(3, "promo line"), (4, "repeated line (copy of line 2)")],
        ),
        # a long line after the highlights is a paragraph, stop or none
        (
            "Headline\nStory highlights A short summary line here\n" + " ".join(["word"] * 40) + "\n",
            [(2, "summary box")],
        ),
        # no highlights, no homepage promo: a line without a stop is body
        ("Headline\nThe senators met on Monday\nThey agreed on nothing.\n", []),
    ],
)
def test_summary_bullets(text: str, removed: list[tuple[int, str]]) -> None:
    """The bullet points of a summary box at the top of a page are furniture (issue 22 cleaning)."""
    assert [(r["line_no"], r["reason"]) for r in clean_text(text).removed] == removed

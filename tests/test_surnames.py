"""One-word names decided by the document (analysis.mentions.surnames through find_mentions), and
actor files that list two people sharing a surname."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.ingest.actors import ActorError, load_actors
from analysis.mentions.matching import find_mentions

ACTORS = """
[[actor]]
id = "George W. Bush"
people = [{ name = "George W. Bush", aliases = ["Bush"] }]

[[actor]]
id = "Barack Obama"
people = [{ name = "Barack Obama", aliases = ["Obama"] }]

[[actor]]
id = "Michelle Obama"
people = [{ name = "Michelle Obama", aliases = ["Obama"] }]

[[actor]]
id = "Clinton"
people = [{ name = "Hillary Clinton", aliases = ["Clinton"] }]
"""


def _mentions(sentences: list[str], tmp_path: Path) -> list[tuple[str, str, str, bool]]:
    (tmp_path / "a.toml").write_text(ACTORS, encoding="utf-8")
    actors = load_actors(tmp_path / "a.toml")
    text = " ".join(sentences)
    starts = [text.index(s) for s in sentences]
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    sents = pd.DataFrame(
        {
            "doc_id": "d",
            "sent_id": range(len(sentences)),
            "para_id": 0,
            "start": starts,
            "end": [a + len(s) for a, s in zip(starts, sentences)],
            "text": sentences,
            "is_title": False,
        }
    )
    m = find_mentions(docs, sents, actors)
    return list(zip(m["surface"], m["actor"], m["kind"], m["counted"]))


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        # "Jeb Bush" is somebody else, and so is the bare "Bush" after him
        (
            ["Jeb Bush spoke first.", "Bush said he would run."],
            [("Bush", "George W. Bush", "other_person", False), ("Bush", "George W. Bush", "other_person", False)],
        ),
        # named in full again, the bare name is George W. Bush's once more
        (
            ["Jeb Bush spoke.", "George W. Bush answered.", "Bush smiled."],
            [
                ("Bush", "George W. Bush", "other_person", False),
                ("George W. Bush", "George W. Bush", "person", True),
                ("Bush", "George W. Bush", "person", True),
            ],
        ),
        # an honorific keeps the one-word name with the listed person named in full earlier
        (
            ["George W. Bush spoke.", "His brother, Jeb Bush, spoke too.", "Mr. Bush smiled.", "Bush left."],
            [
                ("George W. Bush", "George W. Bush", "person", True),
                ("Bush", "George W. Bush", "other_person", False),
                ("Bush", "George W. Bush", "person", True),
                ("Bush", "George W. Bush", "other_person", False),
            ],
        ),
        # nor is a compound adjective
        (["The Texas-born Bush spoke."], [("Bush", "George W. Bush", "person", True)]),
        # a title or an opener before the name is not a first name
        (
            ["President Bush spoke.", "When Bush left, Mr. Bush waved."],
            [("Bush", "George W. Bush", "person", True)] * 3,
        ),
        # two listed people share "Obama": the one last named in full
        (
            ["Michelle Obama spoke.", "Obama said it.", "Barack Obama answered.", "Obama laughed."],
            [
                ("Michelle Obama", "Michelle Obama", "person", True),
                ("Obama", "Michelle Obama", "person", True),
                ("Barack Obama", "Barack Obama", "person", True),
                ("Obama", "Barack Obama", "person", True),
            ],
        ),
        # before either is named in full, "Obama" is ambiguous
        (["Obama spoke."], [("Obama", "Barack Obama", "ambiguous", False)]),
        # "Top Clinton aide" is the aide, not Clinton
        (["A top Clinton aide spoke."], [("Clinton", "Clinton", "modifier", True)]),
    ],
)
def test_one_word_names(sentences: list[str], expected: list[tuple[str, str, str, bool]], tmp_path: Path) -> None:
    assert _mentions(sentences, tmp_path) == expected


def test_shared_full_names_are_still_refused(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(
        '[[actor]]\nid = "A"\nnames = ["Obama"]\n\n'
        '[[actor]]\nid = "B"\npeople = [{ name = "Barack Obama", aliases = ["Obama"] }]\n',
        encoding="utf-8",
    )
    with pytest.raises(ActorError, match="belongs to both"):
        load_actors(tmp_path / "a.toml")

"""Near-miss spellings proposed for the actor file (analysis.mentions.aliases, CLI suggest-aliases)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main
from analysis.ingest.actors import load_actors
from analysis.mentions.aliases import ALIAS_COLUMNS, suggest_aliases

ACTORS = """
[[actor]]
id = "Walmart"
names = ["Walmart"]

[[actor]]
id = "Catholics"
names = ["Catholics"]

[[actor]]
id = "Turkey"
people = [{ name = "Mevlut Cavusoglu", aliases = ["Cavusoglu"] }]
names = ["Turkey", "FBI"]
"""

TEXT = (
    "Wal-Mart cut prices. Wal-Mart's shoppers came. The Catholic vote moved. Cavusoglou spoke, and "
    "Cavusoglou left. Walmart and WALMART and the F.B.I. were named as listed. Turkey's army moved."
)


def _suggest(text: str, tmp_path: Path, **kw: int) -> pd.DataFrame:
    (tmp_path / "a.toml").write_text(ACTORS, encoding="utf-8")
    return suggest_aliases(pd.DataFrame({"doc_id": ["d"], "text": [text]}), load_actors(tmp_path / "a.toml"), **kw)


def test_suggestions(tmp_path: Path) -> None:
    got = _suggest(TEXT, tmp_path, min_count=1)
    found = {(r.actor, r.suggestion, r.why): r.count for r in got.itertuples()}
    assert found == {
        ("Walmart", "Wal-Mart", "spelling"): 2,
        ("Catholics", "Catholic", "plural or singular"): 1,
        ("Turkey", "Cavusoglou", "one letter apart"): 2,
    }
    assert list(got.columns) == ALIAS_COLUMNS and got["count"].is_monotonic_decreasing


@pytest.mark.parametrize(("text", "min_count", "n"), [("", 1, 0), (TEXT, 2, 2), (TEXT, 3, 0)])
def test_min_count_and_empty(text: str, min_count: int, n: int, tmp_path: Path) -> None:
    assert len(_suggest(text, tmp_path, min_count=min_count)) == n


HANDLES = """
[[actor]]
id = "Trump"
people = [{ name = "Donald Trump", aliases = ["Trump"] }]

[[actor]]
id = "Bush"
people = [{ name = "George W. Bush", aliases = ["Bush"] }]

[[actor]]
id = "Walmart"
names = ["Walmart", "@Walmart"]
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", set()),
        # a handle that spells a whole name, however it is dressed ("real", capitals, digits)
        ("Trump wrote (@realDonaldTrump) and again @realDonaldTrump.", {("Trump", "@realDonaldTrump", 2)}),
        ("@DonaldTrump2016 said so.", {("Trump", "@DonaldTrump2016", 1)}),
        # one word only where the handle is that word: "@JebBush" is not Bush's
        ("@JebBush and @Bush spoke.", {("Bush", "@Bush", 1)}),
        # a handle the actor file lists already, an e-mail address, a bare "@"
        ("@Walmart replied; write to press@Trump.com @ noon.", set()),
    ],
)
def test_handles(text: str, expected: set, tmp_path: Path) -> None:
    (tmp_path / "h.toml").write_text(HANDLES, encoding="utf-8")
    got = suggest_aliases(
        pd.DataFrame({"doc_id": ["d"], "text": [text]}), load_actors(tmp_path / "h.toml"), min_count=1
    )
    got = got[got["why"] == "handle"]
    assert {(r.actor, r.suggestion, r.count) for r in got.itertuples()} == expected


def test_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.toml").write_text(ACTORS, encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Headline\n" + TEXT + "\n", encoding="utf-8")
    out = tmp_path / "aliases.csv"
    code = main(["suggest-aliases", "--corpus", str(corpus), "--actors", str(tmp_path / "a.toml"), "--out", str(out)])
    assert code == 0 and "Wal-Mart" in capsys.readouterr().out
    assert pd.read_csv(out)["suggestion"].tolist() == ["Cavusoglou", "Wal-Mart"]

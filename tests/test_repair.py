"""Mojibake repaired on load (analysis.ingest.repair), and recorded per document."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.ingest.corpus import load_corpus
from analysis.ingest.repair import repair_text


@pytest.mark.parametrize(
    ("text", "fixed", "repaired"),
    [
        ("", "", False),
        ("Plain ASCII text.", "Plain ASCII text.", False),
        ("Trump\u2019s “plan” in café and Erdoğan", "Trump\u2019s “plan” in café and Erdoğan", False),
        ("Trump\u00e2\u0080\u0099s plan", "Trump\u2019s plan", True),
        ("Trump\u00e2\u20ac\u2122s plan in caf\u00c3\u00a9", "Trump\u2019s plan in café", True),
        ("Fish &amp; chips stay as written", "Fish &amp; chips stay as written", False),
    ],
)
def test_repair_text(text: str, fixed: str, repaired: bool) -> None:
    out, how = repair_text(text)
    assert out == fixed
    assert bool(how) is repaired


def test_corpus_records_the_repair(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Headline\nTrump\u00e2\u0080\u0099s plan was read.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Headline\nTrump\u2019s plan was read.\n", encoding="utf-8")
    docs = load_corpus(tmp_path).docs.set_index("doc_id")
    assert docs.loc["a", "text"] == docs.loc["b", "text"] == "Headline\nTrump\u2019s plan was read.\n"
    assert docs.loc["a", "repaired"] and docs.loc["b", "repaired"] == ""

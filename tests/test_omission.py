"""Omission: entities, numbers and claims present in some outlets and absent from others."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.framing.omission import claim_items, find_items, omission_table, text_occurrences
from analysis.text.syntax import parse_sentences


def _corpus(texts: dict[str, str]):
    from analysis.ingest.actors import load_actors
    from analysis.mentions.matching import find_mentions

    docs = pd.DataFrame(
        {"doc_id": list(texts), "outlet": [f"O{k}" for k in range(len(texts))], "text": list(texts.values())}
    )
    sents = pd.DataFrame(
        {
            "doc_id": list(texts),
            "sent_id": 0,
            "para_id": 0,
            "start": 0,
            "end": [len(t) for t in texts.values()],
            "text": list(texts.values()),
            "is_title": False,
            "quote_share": 0.0,
        }
    )
    return docs, sents, find_mentions(docs, sents, load_actors())


def test_entities_and_numbers_present_and_absent() -> None:
    docs, sents, ments = _corpus(
        {
            "a": "Assad has killed 600,000 people, the United Nations said.",
            "b": "Bashar al-Assad met Turkish officials in Ankara.",
        }
    )
    items = find_items(parse_sentences(sents), ments, docs)
    om = omission_table(items, docs)
    grid = om.pivot_table(index="key", columns="outlet", values="present", aggfunc="first")
    assert bool(grid.loc["person:assad", "O0"]) and bool(grid.loc["person:assad", "O1"])  # surname keys merge
    assert bool(grid.loc["600000 people", "O0"]) and not bool(grid.loc["600000 people", "O1"])
    assert "united nations" in grid.index and not bool(grid.loc["united nations", "O1"])
    # actors are not omission items; every present row points at its evidence
    assert not any(k in grid.index for k in ("turkish", "ankara"))
    for r in om[om["present"]].itertuples():
        assert r.start >= 0 and r.doc_id in ("a", "b")


def test_claims_follow_the_alignment() -> None:
    sents = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b"],
            "sent_id": [0, 1, 0],
            "start": [0, 10, 0],
            "end": [9, 20, 9],
            "text": ["x", "y", "x"],
            "is_title": False,
        }
    )
    align = pd.DataFrame({"doc_a": ["a"], "sent_a": [0], "doc_b": ["b"], "sent_b": [0], "relation": ["verbatim"]})
    claims = claim_items(align, sents)
    assert claims["key"].nunique() == 2 and set(claims[claims["doc_id"] == "b"]["key"]) == {"a#0"}
    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["A", "B"]})
    om = omission_table(claims, docs)
    assert sorted(om.drop_duplicates("item_id")["n_outlets"]) == [1, 2]


def test_empty_inputs() -> None:
    empty_docs = pd.DataFrame(columns=["doc_id", "outlet", "text"])
    assert len(find_items(pd.DataFrame(), pd.DataFrame(), empty_docs)) == 0
    assert len(claim_items(pd.DataFrame(), pd.DataFrame(columns=["doc_id", "sent_id", "is_title"]))) == 0
    assert len(omission_table(pd.DataFrame(), empty_docs)) == 0


def test_above_the_grid_limit_only_carrying_outlets_have_rows(frame_run) -> None:
    """A large corpus's omission table lists each item's carrying outlets only: the present rows
    of the full grid, the same ids, labels and evidence."""
    items = frame_run["omission_items"]
    docs = frame_run["docs"]
    full = omission_table(items, docs)
    sparse = omission_table(items, docs, max_cells=0)
    assert (~full["present"]).any() and sparse["present"].all()
    pd.testing.assert_frame_equal(sparse, full[full["present"]].reset_index(drop=True), check_exact=True)


def _items(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"doc_id": d, "sent_id": 0, "kind": k, "key": key, "surface": sf, "start": 0, "end": 1}
            for d, k, key, sf in rows
        ]
    )


def _sentences(texts: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": list(texts), "sent_id": 0, "start": 0, "text": list(texts.values())})


@pytest.mark.parametrize(
    ("item", "text", "found"),
    [
        (("entity", "aleppo", "Aleppo"), "Fighting raged in eastern Aleppo on Monday.", True),
        (("entity", "u.s.", "U.S."), "The US said nothing.", True),
        (("entity", "u.s.", "U.S."), "It told us nothing.", False),
        (("entity", "person:cavusoglu", "Mevl\u00fct \u00c7avu\u015fo\u011flu"), "Cavusoglu spoke.", True),
        (("number", "600000 people", "600,000 people"), "More than 600,000 people fled.", True),
        (("number", "93 percent", "93%"), "Some 93 percent agreed.", True),
        (("date", "2011", "in 2011"), "Since 2011 the war has gone on.", True),
        (("entity", "aleppo", "Aleppo"), "Nothing about the city here.", False),
        (("entity", "aleppo", "Aleppo"), "", False),
        # a direction's adjective is the direction; one capital in the words is enough for a name
        (("entity", "east aleppo", "east Aleppo"), "Rebels held eastern Aleppo until December.", True),
        (("entity", "eastern aleppo", "Eastern Aleppo"), "Rebels held east Aleppo.", True),
        (("entity", "east aleppo", "east Aleppo"), "Rebels held the east of the city.", False),
        (("entity", "west bank", "West Bank"), "the west bank of the river", False),  # no capital: not the name
    ],
)
def test_text_occurrences_read_the_kept_text(item: tuple[str, str, str], text: str, found: bool) -> None:
    """An item is present where its form is in the text, however the tagger labelled it there."""
    kind, key, surface = item
    got = text_occurrences(_items([("a", kind, key, surface)]), _sentences({"b": text}))
    assert (len(got) == 1 and got.iloc[0]["doc_id"] == "b" and got.iloc[0]["key"] == key) is found
    if found:
        r = got.iloc[0]
        assert text[int(r["start"]) : int(r["end"])] == r["surface"]


def test_text_occurrences_skip_documents_already_tagged_and_empty_input() -> None:
    items = _items([("a", "entity", "aleppo", "Aleppo")])
    assert len(text_occurrences(items, _sentences({"a": "Aleppo again."}))) == 0
    assert len(text_occurrences(items.iloc[0:0], _sentences({"a": "Aleppo"}))) == 0
    assert len(text_occurrences(items, _sentences({}))) == 0

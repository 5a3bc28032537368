"""Omission: entities, numbers and claims present in some outlets and absent from others."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.framing.omission import (
    OMISSION_COLUMNS,
    _number_key,
    claim_items,
    find_items,
    first_names_rekeyed,
    omission_table,
    text_occurrences,
)
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
        # dotted abbreviations are one word; the other names of a country; a people's noun
        (("entity", "u.s.", "U.S."), "The U.S. said nothing.", True),
        (("entity", "u.s.", "US"), "The U.S said nothing.", True),
        (("entity", "america", "America"), "The U.S. said nothing.", True),
        (("entity", "united states", "the United States"), "America said nothing.", True),
        (("entity", "daesh", "Daesh"), "Islamic State fighters left.", True),
        (("entity", "turkish", "Turkish"), "Turkey said nothing.", False),  # a country is not its adjective
        (("entity", "kurdish", "Kurdish"), "The Kurds said nothing.", True),
        (("entity", "democrats", "Democrats"), "A Democrat said nothing.", True),
        (("entity", "news", "News"), "New rules.", False),
        (("number", "one third", "one third"), "It fell by a third.", True),
        (("entity", "food and drug administration", "The Food and Drug Administration"), "The FDA warned.", True),
        (("entity", "fda", "FDA"), "The fda warned.", False),
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


def test_text_occurrences_give_a_form_to_every_item_written_so() -> None:
    """Two items with the same form (a surname tagged once as a person, once as an organisation)
    are both found where it is written."""
    items = _items([("a", "entity", "person:gorsuch", "Neil Gorsuch"), ("a", "entity", "gorsuch", "Gorsuch")])
    got = text_occurrences(items, _sentences({"b": "Gorsuch wrote the opinion."}))
    assert sorted(got["key"]) == ["gorsuch", "person:gorsuch"]


def test_an_acronym_shared_by_two_names_names_neither() -> None:
    items = _items(
        [
            ("a", "entity", "central intelligence agency", "Central Intelligence Agency"),
            ("a", "entity", "chicago investment association", "Chicago Investment Association"),
            ("a", "entity", "cia", "CIA"),
        ]
    )
    got = text_occurrences(
        items, _sentences({"b": "The CIA said so.", "c": "The Central Intelligence Agency said so."})
    )
    # each name found where it is written in full; the acronym is neither's
    assert set(zip(got["doc_id"], got["key"])) == {("b", "cia"), ("c", "central intelligence agency")}


def test_an_acronym_names_the_one_name_of_the_corpus_with_its_initials() -> None:
    items = _items(
        [("a", "entity", "food and drug administration", "Food and Drug Administration"), ("a", "entity", "fda", "FDA")]
    )
    got = text_occurrences(items, _sentences({"b": "The FDA warned.", "c": "The Food and Drug Administration warned."}))
    assert set(zip(got["doc_id"], got["key"])) == {
        ("b", "fda"),
        ("b", "food and drug administration"),
        ("c", "fda"),
        ("c", "food and drug administration"),
    }


@pytest.mark.parametrize(
    ("rows", "keys"),
    [
        # a first name alone is the person named in full with it
        (
            [("a", "entity", "person:bashar", "Bashar"), ("b", "entity", "person:assad", "Bashar al-Assad")],
            ["person:assad", "person:assad"],
        ),
        # no one named in full with it: unchanged
        ([("a", "entity", "person:bashar", "Bashar")], ["person:bashar"]),
        # not a person: unchanged
        (
            [("a", "entity", "bashar", "Bashar"), ("b", "entity", "person:assad", "Bashar al-Assad")],
            ["bashar", "person:assad"],
        ),
        ([], []),
    ],
)
def test_first_names_rekeyed(rows: list, keys: list[str]) -> None:
    items = (
        _items(rows) if rows else pd.DataFrame(columns=["doc_id", "sent_id", "kind", "key", "surface", "start", "end"])
    )
    assert first_names_rekeyed(items)["key"].tolist() == keys


@pytest.mark.parametrize(
    ("text", "noun", "key"),
    [
        ("a third", "", "one third"),
        ("one third", "", "one third"),
        ("a million", "people", "one million people"),
        ("about 600,000", "people", "600000 people"),
    ],
)
def test_number_keys(text: str, noun: str, key: str) -> None:
    assert _number_key(text, noun) == key


def _rows(rows: list[tuple[str, str, str, str, int]]) -> pd.DataFrame:
    """Items from (doc_id, kind, key, surface, start) tuples."""
    return pd.DataFrame(
        [
            {"doc_id": d, "sent_id": s // 10, "kind": k, "key": key, "surface": sf, "start": s, "end": s + 3}
            for d, k, key, sf, s in rows
        ]
    )


_DOCS = pd.DataFrame({"doc_id": ["d1", "d2", "d3", "d4"], "outlet": ["B", "A", "B", "C"]})


@pytest.mark.parametrize("max_cells", [0, 500_000])
def test_omission_table_evidence_labels_and_order(max_cells: int) -> None:
    """Each outlet's evidence is its first occurrence by document id, then offset; the label is
    the commonest surface (ties: the first in sorted order), a claim's its first row's; items
    are numbered by kind, the most widely carried first, then key; ``n`` counts occurrences."""
    items = _rows(
        [
            ("d3", "entity", "assad", "Assad", 5),
            ("d1", "entity", "assad", "al-Assad", 40),
            ("d1", "entity", "assad", "Assad", 12),
            ("d2", "entity", "assad", "al-Assad", 0),
            ("d4", "entity", "zeta", "Zeta", 1),
            ("d2", "entity", "alpha", "Alpha", 7),
            ("d3", "claim", "d3#0", "A first sentence.", 0),
            ("d1", "claim", "d3#0", "Its copy.", 0),
            ("d2", "number", "600 people", "600 people", 9),
        ]
    )
    om = omission_table(items, _DOCS, max_cells=max_cells)
    present = om[om["present"]]
    first = present.set_index(["key", "outlet"])
    assert (first.loc[("assad", "B"), "doc_id"], first.loc[("assad", "B"), "start"]) == ("d1", 12)
    assert first.loc[("assad", "B"), "n"] == 3 and first.loc[("assad", "A"), "n"] == 1
    labels = om.drop_duplicates("item_id").set_index("key")["label"]
    assert labels["assad"] == "Assad"  # two each: "Assad" sorts before "al-Assad"
    assert labels["d3#0"] == "A first sentence."
    order = om.drop_duplicates("item_id").sort_values("item_id")[["kind", "key", "n_outlets"]]
    assert order.values.tolist() == [
        ["claim", "d3#0", 1],
        ["entity", "assad", 2],
        ["entity", "alpha", 1],
        ["entity", "zeta", 1],
        ["number", "600 people", 1],
    ]
    if max_cells:
        assert len(om) == 5 * 3 and all(v == ["A", "B", "C"] for v in om.groupby("item_id")["outlet"].apply(list))
        absent = om[~om["present"]]
        assert (absent["doc_id"] == "").all() and (absent[["sent_id", "start", "end", "n"]] <= 0).all().all()
    else:
        assert om["present"].all() and len(om) == 6
    pairs = list(zip(om["item_id"], om["outlet"]))
    assert pairs == sorted(pairs)  # by item number, then outlet


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([("dX", "entity", "assad", "Assad", 0)], 0),  # a document not in docs
        ([("d1", "entity", None, "Assad", 0)], 0),  # no key
        ([("d1", "entity", "assad", None, 0)], 0),  # no surface
        ([("d1", "entity", "assad", "Assad", 0), ("dX", "entity", "assad", "Assad", 0)], 1),
    ],
)
def test_omission_table_leaves_out_rows_it_cannot_place(rows: list, expected: int) -> None:
    om = omission_table(_rows(rows), _DOCS, max_cells=0)
    assert len(om) == expected and list(om.columns) == OMISSION_COLUMNS


def test_omission_table_says_how_each_evidence_was_found() -> None:
    tagged = _rows([("d1", "entity", "assad", "Assad", 5)])
    text = _rows([("d2", "entity", "assad", "Assad", 0), ("d1", "entity", "aleppo", "Aleppo", 0)])
    om = omission_table([tagged, text], _DOCS, via=["tagged", "text"]).set_index(["key", "outlet"])
    assert om.loc[("assad", "B"), "via"] == "tagged" and om.loc[("assad", "A"), "via"] == "text"
    assert om.loc[("aleppo", "B"), "via"] == "text" and om.loc[("aleppo", "C"), "via"] == ""  # absent
    assert (
        omission_table(tagged, _DOCS)["via"].isin(
            [
                "",
            ]
        )
    ).all()  # no labels: empty
    with pytest.raises(ValueError, match="1 via labels for 2 parts"):
        omission_table([tagged, text], _DOCS, via=["tagged"])

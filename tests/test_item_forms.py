"""The forms of omission items (analysis/framing/item_forms.py)."""

from __future__ import annotations

import pytest

from analysis.framing.item_forms import (
    _equivalents,
    equivalent_forms,
    form_variants,
    initials,
    person_key_word,
    rekey_first_names,
)


@pytest.mark.parametrize(
    ("surface", "word"),
    [
        ("Bashar al-Assad", "al-Assad"),
        ("John TrumpTrump", "Trump"),  # two links glued together
        ("Joe Biden Joe BidenTrump", "Biden"),
        ("Ron Johnson Ronald", "Johnson"),  # a first name after the surname
        ("Mitch McConnell", "McConnell"),
        ("Douglas MacArthur", "MacArthur"),
        ("Ron DeSantis", "DeSantis"),
        ("Trump\u2019s", "Trump"),
        ("Bashar", "Bashar"),  # a first name alone stays (rekey_first_names maps it)
        ("", ""),
    ],
)
def test_person_key_word(surface: str, word: str) -> None:
    assert person_key_word(surface) == word


def test_person_key_word_takes_more_first_names() -> None:
    assert person_key_word("Brad Parscale Bradley") == "Bradley"
    assert person_key_word("Brad Parscale Bradley", first_names={"Bradley"}) == "Parscale"


@pytest.mark.parametrize(
    ("keys", "surfaces", "out"),
    [
        (["person:bashar", "person:assad"], ["Bashar", "Bashar al-Assad"], ["person:assad", "person:assad"]),
        # the most frequent full name wins
        (
            ["person:ron", "person:johnson", "person:johnson", "person:paul"],
            ["Ron", "Ron Johnson", "Ron Johnson", "Ron Paul"],
            ["person:johnson", "person:johnson", "person:johnson", "person:paul"],
        ),
        (["person:bashar"], ["Bashar"], ["person:bashar"]),
        (["aleppo"], ["Aleppo"], ["aleppo"]),
        ([], [], []),
    ],
)
def test_rekey_first_names(keys: list[str], surfaces: list[str], out: list[str]) -> None:
    assert rekey_first_names(keys, surfaces) == out


@pytest.mark.parametrize(
    ("words", "acronym"),
    [
        (("food", "and", "drug", "administration"), "fda"),
        (("national", "security", "council"), "nsc"),
        (("aleppo",), ""),
        (("the", "aleppo"), ""),
        ((), ""),
    ],
)
def test_initials(words: tuple[str, ...], acronym: str) -> None:
    assert initials(words) == acronym


@pytest.mark.parametrize(
    ("words", "kind", "has", "has_not"),
    [
        (("kurdish",), "entity", {("kurd",), ("kurds",)}, {("kurdishs",)}),
        (("arabic",), "entity", {("arab",), ("arabs",)}, set()),
        (("democrats",), "entity", {("democrat",)}, set()),
        (("russian",), "entity", {("russians",)}, {("russia",)}),  # a people's noun, not the country
        (("news",), "entity", set(), {("new",)}),
        (("america",), "entity", {("us",), ("united", "states")}, set()),
        (("turkey",), "entity", {("turkiye",)}, {("turkish",)}),
        (("one", "third"), "number", {("a", "third")}, set()),
        (("two", "nations"), "number", set(), {("two", "countries")}),
        (("2011",), "date", set(), {("2011",)}),
        ((), "entity", set(), {()}),
    ],
)
def test_form_variants(words: tuple[str, ...], kind: str, has: set, has_not: set) -> None:
    got = form_variants(words, kind=kind)
    assert has <= got and not (has_not & got)
    assert words not in got


def test_the_equivalents_table_holds_groups_of_names() -> None:
    table = _equivalents()
    assert len(table) >= 60
    assert all(len(group) >= 2 and form in group for form, group in table.items())
    assert equivalent_forms(("daesh",)) == equivalent_forms(("isis",))
    assert equivalent_forms(("nowhere", "land")) == frozenset()

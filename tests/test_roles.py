"""Roles: agent / patient / neither with the verb, on constructed sentences."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import constructed

from analysis.framing.roles import mention_roles, role_counts, role_verbs


def _roles(text: str) -> pd.DataFrame:
    docs, _sents, ments, syntax, _ = constructed(text)
    return mention_roles(syntax, ments, docs)


@pytest.mark.parametrize(
    "text, mention, role, verb, voice",
    [
        ("Russia backs Assad while Turkey supports the rebels.", "Russia", "agent", "back", "active"),
        ("Russia backs Assad while Turkey supports the rebels.", "Assad", "patient", "back", "active"),
        ("Russia backs Assad while Turkey supports the rebels.", "rebels", "patient", "support", "active"),
        ("A Russian jet was shot down by Turkey in 2015.", "Turkey", "agent", "shoot down", "passive"),
        ("A Russian jet was shot down by Turkey in 2015.", "Russian", "patient", "shoot down", "passive"),
        ("Turkey was criticised by Moscow.", "Turkey", "patient", "criticise", "passive"),
        ("Turkey and Russia agreed on a ceasefire.", "Russia", "agent", "agree", "active"),
        ("Turkish jets bombed the rebels.", "Turkish", "agent", "bomb", "active"),
        ("Turkey launched efforts to normalize ties.", "Turkey", "agent", "launch", "active"),
        ("Turkey is a NATO member.", "Turkey", "neither", "be", ""),
        ("Aid was delivered to Russia.", "Russia", "neither", "deliver", ""),
    ],
)
def test_roles_on_constructed_sentences(text: str, mention: str, role: str, verb: str, voice: str) -> None:
    r = _roles(text).set_index("mention")
    assert (r.loc[mention, "role"], r.loc[mention, "verb"], r.loc[mention, "voice"]) == (role, verb, voice)


def test_role_in_split_quotation_and_according_to() -> None:
    text = (
        "\u201cRussia bombed the city,\u201d Cavusoglu said, \u201cand Turkey was attacked.\u201d"
        " According to Lavrov, Turkey armed the rebels."
    )
    r = _roles(text)
    got = {(m, role, bool(q)) for m, role, q in zip(r["mention"], r["role"], r["in_quote"])}
    assert ("Russia", "agent", True) in got and ("Turkey", "patient", True) in got
    assert ("Turkey", "agent", False) in got


def test_negation_is_flagged() -> None:
    r = _roles("Russia did not attack Turkey.").set_index("mention")
    assert bool(r.loc["Russia", "negated"]) and r.loc["Turkey", "role"] == "patient"


@pytest.mark.parametrize("text", ["", "Nothing happened."])
def test_no_roles(text: str) -> None:
    if text:
        assert len(_roles(text)) == 0
    else:
        assert len(mention_roles(pd.DataFrame(), pd.DataFrame(), pd.DataFrame())) == 0


def test_counts_and_verbs() -> None:
    text = "Russia backs Assad. Russia bombed Aleppo. Turkey criticised Russia."
    docs, _sents, ments, syntax, _ = constructed(text)
    r = mention_roles(syntax, ments, docs)
    c = role_counts(r, docs).set_index(["actor", "role"])
    assert c.loc[("Russia", "agent"), "n"] == 2 and c.loc[("Russia", "patient"), "n"] == 1
    assert c.loc[("Russia", "agent"), "share"] == pytest.approx(2 / 3)
    v = role_verbs(r, docs)
    assert set(v[(v["actor"] == "Russia") & (v["role"] == "agent")]["verb"]) == {"back", "bomb"}
    assert set(v[(v["actor"] == "Russia") & (v["role"] == "patient")]["verb"]) == {"criticise"}

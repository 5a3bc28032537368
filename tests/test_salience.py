"""Salience per document and per outlet, against hand computation."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.salience import doc_salience, outlet_salience

DOCS = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "X"]})
SENTS = pd.DataFrame({
    "doc_id": ["a", "a", "a", "b"], "sent_id": [0, 1, 2, 0], "start": [0, 10, 30, 0],
    "text": ["Turkey now", "Then one two Russia", "More words here ok", "Nothing at all"],
    "n_words": [2, 4, 4, 3], "is_title": [True, False, False, True],
})
MENTIONS = pd.DataFrame({
    "doc_id": ["a", "a", "a"], "sent_id": [0, 1, 1], "actor": ["Turkey", "Russia", "Turkey"],
    "start": [0, 23, 10], "end": [6, 29, 14], "in_title": [True, False, False], "in_quote": [False, True, False],
    "counted": [True, True, False],
})


def test_doc_salience_by_hand() -> None:
    d = doc_salience(DOCS, SENTS, MENTIONS, ["Turkey", "Russia"]).set_index(["doc_id", "actor"])
    t = d.loc[("a", "Turkey")]
    assert t.n_mentions == 1 and t.n_words == 10 and t.mentions_per_1k_words == pytest.approx(100.0)
    assert t.share_sentences == pytest.approx(1 / 3) and t.in_headline and t.first_mention_word_share == 0
    r = d.loc[("a", "Russia")]
    # "Then one two " = 3 words before, plus 2 words of the headline.
    assert r.first_mention_word_share == pytest.approx(5 / 10) and not r.in_headline and r.n_mentions_in_quotes == 1
    b = d.loc[("b", "Turkey")]
    assert b.n_mentions == 0 and not b.in_headline and math.isnan(b.first_mention_word_share)


def test_outlet_salience_pools() -> None:
    o = outlet_salience(doc_salience(DOCS, SENTS, MENTIONS, ["Turkey", "Russia"])).set_index(["outlet", "actor"])
    t = o.loc[("X", "Turkey")]
    assert t.n_docs == 2 and t.n_docs_mentioning == 1 and t.n_words == 13
    assert t.mentions_per_1k_words == pytest.approx(1000 / 13) and t.headline_share == 0.5
    assert t.share_sentences == pytest.approx(1 / 4)


@pytest.mark.parametrize("actors", [[], ["Turkey"]])
def test_empty(actors: list[str]) -> None:
    out = doc_salience(DOCS.iloc[:0], SENTS.iloc[:0], MENTIONS.iloc[:0], actors)
    assert out.empty and outlet_salience(out).empty


def test_seed_salience_traces_to_mentions(seed_run) -> None:
    sal, m = seed_run["salience_doc"], seed_run["mentions"]
    counted = m[m.counted].groupby(["doc_id", "actor"]).size()
    for rec in sal.itertuples():
        assert rec.n_mentions == counted.get((rec.doc_id, rec.actor), 0)
    assert sal["in_headline"].all()  # every seed headline names both actors

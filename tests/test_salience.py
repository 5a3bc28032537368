"""Salience per document and per outlet, against hand computation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.mentions.salience import DOC_SALIENCE_COLUMNS, doc_salience, outlet_salience
from analysis.text.tokens import count_words

DOCS = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "X"]})
SENTS = pd.DataFrame(
    {
        "doc_id": ["a", "a", "a", "b"],
        "sent_id": [0, 1, 2, 0],
        "start": [0, 10, 30, 0],
        "text": ["Turkey now", "Then one two Russia", "More words here ok", "Nothing at all"],
        "n_words": [2, 4, 4, 3],
        "is_title": [True, False, False, True],
    }
)
MENTIONS = pd.DataFrame(
    {
        "doc_id": ["a", "a", "a"],
        "sent_id": [0, 1, 1],
        "actor": ["Turkey", "Russia", "Turkey"],
        "start": [0, 23, 10],
        "end": [6, 29, 14],
        "in_title": [True, False, False],
        "in_quote": [False, True, False],
        "counted": [True, True, False],
    }
)


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
    modifiers = m[m.counted & (m.kind == "modifier")].groupby(["doc_id", "actor"]).size()
    assert modifiers.sum() > 0  # "Kremlin-backed", "Turkish-backed" in the seeds
    for rec in sal.itertuples():
        assert rec.n_mentions == counted.get((rec.doc_id, rec.actor), 0)
        assert rec.n_modifiers == modifiers.get((rec.doc_id, rec.actor), 0)
    assert sal["in_headline"].all()  # every seed headline names both actors


def _random_corpus(seed: int, n_docs: int = 20) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Random documents, sentences and mentions: shuffled mention rows, equal starts, uncounted
    mentions, actors outside the list, documents without mentions or without sentences."""
    rng = np.random.default_rng(seed)
    docs = pd.DataFrame({"doc_id": [f"d{i:02d}" for i in range(n_docs)], "outlet": rng.choice(["X", "Y"], n_docs)})
    sents, ments = [], []
    words = ["Turkey", "and", "Russia's", "don't", "pro-Russia", "co-operate", "—", "'quoted'", "U.S.", "2,000"]
    for doc_id in docs["doc_id"][:-1]:  # the last document has no sentences
        pos = 0
        for sent_id in range(int(rng.integers(1, 6))):
            text = " ".join(rng.choice(words, int(rng.integers(1, 9))))
            sents.append(
                {"doc_id": doc_id, "sent_id": sent_id, "start": pos, "text": text, "n_words": count_words(text)}
            )
            for _ in range(int(rng.choice([0, 1, 3]))):
                a = pos + int(rng.integers(0, len(text) + 1))
                for actor in rng.choice(["Turkey", "Russia", "Iran"], int(rng.integers(1, 3))):  # same start twice
                    ments.append(
                        {
                            "doc_id": doc_id,
                            "sent_id": sent_id,
                            "actor": str(actor),
                            "start": a,
                            "end": a + 3,
                            "in_title": sent_id == 0,
                            "in_quote": bool(rng.random() < 0.3),
                            "counted": bool(rng.random() < 0.8),
                        }
                    )
            pos += len(text) + 2
    ments = pd.DataFrame(ments).sample(frac=1, random_state=seed).reset_index(drop=True)
    return docs, pd.DataFrame(sents), ments


def _salience_reference(docs, sents, ments, actor_ids) -> pd.DataFrame:
    """doc_salience written out one document × actor at a time."""
    rows = []
    counted = ments[ments["counted"]]
    for doc_id, outlet in zip(docs["doc_id"], docs["outlet"]):
        ds = sents[sents["doc_id"] == doc_id]
        nw, ns = int(ds["n_words"].sum()), len(ds)
        for actor in actor_ids:
            m = counted[(counted["doc_id"] == doc_id) & (counted["actor"] == actor)]
            first = m.loc[m["start"].idxmin()] if len(m) else None
            share = math.nan
            if first is not None and nw:
                k = ds.index.get_loc(ds.index[ds["sent_id"] == first["sent_id"]][0])
                s = ds.iloc[k]
                share = (int(ds["n_words"].iloc[:k].sum()) + count_words(s["text"][: first["start"] - s["start"]])) / nw
            rows.append(
                {
                    "doc_id": doc_id,
                    "outlet": outlet,
                    "actor": actor,
                    "n_mentions": len(m),
                    "n_words": nw,
                    "mentions_per_1k_words": 1000.0 * len(m) / nw if nw else math.nan,
                    "n_sentences": ns,
                    "n_sentences_with_actor": m["sent_id"].nunique(),
                    "share_sentences": m["sent_id"].nunique() / ns if ns else math.nan,
                    "in_headline": bool(m["in_title"].any()),
                    "first_mention_sent": pd.NA if first is None else int(first["sent_id"]),
                    "first_mention_start": pd.NA if first is None else int(first["start"]),
                    "first_mention_word_share": share,
                    "n_mentions_in_quotes": int(m["in_quote"].sum()),
                    "n_modifiers": 0,
                    "n_references": 0,
                }
            )
    out = pd.DataFrame(rows, columns=DOC_SALIENCE_COLUMNS)
    return out.astype(
        {
            "n_mentions": "int64",
            "n_words": "int64",
            "n_sentences": "int64",
            "n_sentences_with_actor": "int64",
            "n_mentions_in_quotes": "int64",
            "n_modifiers": "int64",
            "n_references": "int64",
            "first_mention_sent": "Int64",
            "first_mention_start": "Int64",
        }
    )


def test_references_counted_apart() -> None:
    docs, sents, ments = _random_corpus(0)
    d0, d1 = docs["doc_id"].iloc[0], docs["doc_id"].iloc[1]
    refs = pd.DataFrame({"doc_id": [d0, d0, d1], "actor": ["Turkey", "Turkey", "Russia"], "sent_id": [0, 1, 0]})
    plain = doc_salience(docs, sents, ments, ["Turkey", "Russia"])
    got = doc_salience(docs, sents, ments, ["Turkey", "Russia"], references=refs).set_index(["doc_id", "actor"])
    assert got.loc[(d0, "Turkey"), "n_references"] == 2 and got.loc[(d1, "Russia"), "n_references"] == 1
    assert got["n_references"].sum() == 3
    # the names' measures do not change
    pd.testing.assert_frame_equal(
        plain.drop(columns="n_references"), got.reset_index()[plain.columns].drop(columns="n_references")
    )
    out = outlet_salience(got.reset_index())
    assert out["n_references"].sum() == 3


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_doc_salience_against_reference_and_batches(seed: int) -> None:
    docs, sents, ments = _random_corpus(seed)
    actor_ids = ["Turkey", "Russia", "Nobody"]
    got = doc_salience(docs, sents, ments, actor_ids)
    pd.testing.assert_frame_equal(got, _salience_reference(docs, sents, ments, actor_ids), check_exact=True)
    parts = []
    for lo in range(0, len(docs), 6):
        d = docs.iloc[lo : lo + 6].reset_index(drop=True)
        keep = lambda f, d=d: f[f["doc_id"].isin(set(d["doc_id"]))].reset_index(drop=True)  # noqa: E731
        parts.append(doc_salience(d, keep(sents), keep(ments), actor_ids))
    pd.testing.assert_frame_equal(pd.concat(parts, ignore_index=True), got, check_exact=True)


def test_doc_salience_without_counted_mentions() -> None:
    out = doc_salience(DOCS, SENTS, MENTIONS.assign(counted=False), ["Turkey"])
    assert (out["n_mentions"] == 0).all() and not out["in_headline"].any() and out["first_mention_sent"].isna().all()
    assert out["first_mention_word_share"].isna().all() and out["n_words"].tolist() == [10, 3]
    assert str(out["first_mention_start"].dtype) == "Int64" and out["n_sentences_with_actor"].dtype == "int64"

"""Claims matched by meaning (analysis/framing/claims.py): the sentence encoder and the occurrences
it adds to the omission table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.framing.claims import CLAIM_THRESHOLD, semantic_claim_occurrences, sentence_vectors
from analysis.framing.omission import claim_items, omission_table

BACKER = "Russia is the main backer of Assad, while Turkey supports the rebels fighting to oust him."
REWORDED = (
    "Russia has backed the Syrian president's troops, while Turkey has supported the rebels trying to topple him."
)
WEATHER = "The weather in Ankara was cold and wet on Thursday."


def _claims(texts: dict[str, list[str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """claim_items of one document per outlet (no alignment: every sentence its own claim)."""
    rows = []
    for doc, sents in texts.items():
        at = 0
        for k, text in enumerate(sents):
            rows.append({"doc_id": doc, "sent_id": k, "start": at, "end": at + len(text), "text": text})
            rows[-1]["is_title"] = False
            at += len(text) + 1
    sentences = pd.DataFrame(rows)
    docs = pd.DataFrame({"doc_id": list(texts), "outlet": [f"outlet {d}" for d in texts]})
    return claim_items(pd.DataFrame(columns=["doc_a", "sent_a", "doc_b", "sent_b", "relation"]), sentences), docs


def test_sentence_vectors_are_unit_length_and_do_not_depend_on_their_neighbours() -> None:
    v = sentence_vectors([BACKER, WEATHER, ""])
    assert v.shape == (3, 384)
    assert np.allclose(np.linalg.norm(v[:2], axis=1), 1.0, atol=1e-5)
    assert not v[2].any()  # an empty text: zeros
    assert np.allclose(sentence_vectors([WEATHER])[0], v[1])
    assert sentence_vectors([]).shape == (0, 384)


def test_a_reworded_claim_is_found_and_an_unrelated_sentence_is_not() -> None:
    claims, docs = _claims({"a": [BACKER], "b": [REWORDED], "c": [WEATHER]})
    found, note = semantic_claim_occurrences(claims, docs)
    got = {(r.key, r.doc_id) for r in found.itertuples()}
    assert got == {("a#0", "b"), ("b#0", "a")}  # each rewording carries the other; the weather neither
    assert found.loc[found["key"] == "a#0", "surface"].item() == REWORDED  # the evidence is the outlet's sentence
    assert "3 body sentences read" in note
    om = omission_table([claims, found], docs)
    grid = om.pivot_table(index="key", columns="outlet", values="present", aggfunc="first")
    assert grid.loc["a#0"].tolist() == [True, True, False]


@pytest.mark.parametrize(
    ("texts", "options", "says"),
    [
        ({}, {}, "no claims"),
        ({"a": [BACKER], "b": [REWORDED]}, {"max_sentences": 1}, "words only"),
        ({"a": [BACKER], "b": [REWORDED]}, {"threshold": 1.01}, "0 claims found"),
    ],
)
def test_nothing_is_added_without_claims_above_the_cap_or_below_the_threshold(texts, options, says) -> None:
    if texts:
        claims, docs = _claims(texts)
    else:
        claims, docs = (
            claim_items(
                pd.DataFrame(), pd.DataFrame(columns=["doc_id", "sent_id", "start", "end", "text", "is_title"])
            ),
            pd.DataFrame(columns=["doc_id", "outlet"]),
        )
    found, note = semantic_claim_occurrences(claims, docs, **options)
    assert len(found) == 0 and list(found.columns) == ["doc_id", "sent_id", "kind", "key", "surface", "start", "end"]
    assert says in note


def test_a_document_without_an_outlet_is_left_out() -> None:
    claims, docs = _claims({"a": [BACKER], "b": [REWORDED]})
    found, _ = semantic_claim_occurrences(claims, docs[docs["doc_id"] == "a"])
    assert len(found) == 0  # "b" has no outlet: neither read nor carrying


def test_the_threshold_is_a_cosine() -> None:
    assert 0.0 < CLAIM_THRESHOLD < 1.0

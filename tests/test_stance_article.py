"""Article-level stance (analysis.stance.article): which sentences count, how they combine, the
label's thresholds, the actor's own words left out, the headline weight, and empty input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.stance.article import ARTICLE_COLUMNS, ArticleMeasure, article_stance, label_article


def _stances(rows: list[tuple[str, int, str, float, str]]) -> pd.DataFrame:
    """(doc_id, sent_id, actor, score, voice) rows."""
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "actor", "score", "voice"])


def test_counts_clearly_polar_sentences_and_shrinks() -> None:
    st = _stances(
        [
            ("a", 0, "X", -0.9, "outlet"),  # clearly negative
            ("a", 1, "X", -0.8, "outlet"),  # clearly negative
            ("a", 2, "X", -0.3, "outlet"),  # mildly negative: not counted as polar
            ("a", 3, "X", 0.1, "outlet"),
            ("b", 0, "X", -0.9, "outlet"),  # one clearly negative sentence only
        ]
    )
    out = article_stance(st).set_index("doc_id")
    assert list(out.reset_index().columns) == ARTICLE_COLUMNS
    assert out.loc["a", "n_polar_negative"] == 2 and out.loc["a", "n_polar_positive"] == 0
    assert out.loc["a", "article_score"] == pytest.approx(-2 / 3) and out.loc["a", "article_label"] == "negative"
    # a single polar sentence is not enough for a polar label (score -0.5, threshold 0.55)
    assert out.loc["b", "article_score"] == pytest.approx(-0.5) and out.loc["b", "article_label"] == "neutral"


def test_the_actors_own_words_do_not_count() -> None:
    st = _stances([("a", 0, "X", -0.9, "quote"), ("a", 1, "X", -0.9, "quote"), ("a", 2, "X", -0.9, "quote")])
    speakers = pd.DataFrame({"doc_id": ["a", "a", "a"], "sent_id": [0, 1, 2], "speaker_actor": ["X", "X", "Y"]})
    out = article_stance(st, quotes=speakers).iloc[0]
    assert out["n_sentences"] == 3 and out["n_counted"] == 1 and out["n_polar_negative"] == 1
    own_only = article_stance(st, measure=ArticleMeasure(voices=("outlet",))).iloc[0]
    assert own_only["n_counted"] == 0 and own_only["article_label"] == "neutral"


def test_a_reported_clause_does_not_decide_whose_quotation_it_is() -> None:
    """A sentence with X's reported clause before Y's quotation: the quotation is Y's words."""
    st = _stances([("a", 0, "Y", -0.9, "quote")])
    quotes = pd.DataFrame(
        {"doc_id": ["a", "a"], "sent_id": [0, 0], "kind": ["reported", "direct"], "speaker_actor": ["X", "Y"]}
    )
    assert article_stance(st, quotes=quotes).iloc[0]["n_counted"] == 0


def test_headline_weight_and_mean() -> None:
    st = _stances([("a", 0, "X", 0.9, "outlet"), ("a", 1, "X", -0.9, "outlet")])
    sents = pd.DataFrame({"doc_id": ["a", "a"], "sent_id": [0, 1], "is_title": [True, False]})
    even = article_stance(st, sentences=sents).iloc[0]
    assert even["article_score"] == pytest.approx(0.0)
    heavy = article_stance(st, sentences=sents, measure=ArticleMeasure(title_weight=3.0)).iloc[0]
    assert heavy["article_score"] == pytest.approx(2 / 5)
    mean = article_stance(st, measure=ArticleMeasure(combine="mean", polar=0.0)).iloc[0]
    assert mean["article_score"] == pytest.approx(0.0)


@pytest.mark.parametrize(
    ("score", "label"), [(-0.6, "negative"), (-0.55, "negative"), (0.0, "neutral"), (0.5, "neutral"), (0.7, "positive")]
)
def test_label_thresholds(score: float, label: str) -> None:
    assert label_article(np.array([score]), 0.55)[0] == label


@pytest.mark.parametrize("frame", [pd.DataFrame(columns=["doc_id", "sent_id", "actor", "score", "voice"])])
def test_empty(frame: pd.DataFrame) -> None:
    out = article_stance(frame)
    assert list(out.columns) == ARTICLE_COLUMNS and len(out) == 0


def test_the_actor_as_agent_of_a_speech_verb_weighs_less() -> None:
    # "Trump slams 'crooked' aide": negative, but Trump is the one attacking
    st = _stances([("a", 0, "X", -0.9, "outlet"), ("a", 1, "X", -0.9, "outlet"), ("a", 2, "X", -0.9, "outlet")])
    roles = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a"],
            "sent_id": [0, 1, 2],
            "actor": ["X", "X", "Y"],
            "role": ["agent", "patient", "agent"],
            "verb": ["slam", "slam", "slam"],
        }
    )
    full = article_stance(st).iloc[0]["article_score"]
    assert full == pytest.approx(-3 / 4)
    # sentence 0 (X slams) weighs half; sentence 1 (X is slammed) and 2 (Y slams) weigh fully
    assert article_stance(st, roles=roles).iloc[0]["article_score"] == pytest.approx(-2.5 / 3.5)
    dropped = article_stance(st, roles=roles, measure=ArticleMeasure(speech_weight=0.0)).iloc[0]
    assert dropped["article_score"] == pytest.approx(-2 / 3)

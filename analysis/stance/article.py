"""Article-level stance toward each actor: which sentences count, how they combine, and a label.

A per-article portrayal is not the mean of every sentence that mentions the actor: most of those
report events neutrally, and the few that evaluate the actor decide how a reader sees it. The
measure here counts the article's *clearly polar* sentences about the actor (a sentence whose
score P(positive) - P(negative) is at least ``polar`` = 0.7 in size), in the voices chosen (by default
the outlet's own sentences and the quotations of others about the actor, not the actor's own
words; a sentence where the actor is the agent of a verb of saying, attacking or praising at
half weight), optionally weighting the headline, and combines them as a shrunken balance

    article_score = (w+ - w-) / (w+ + w- + prior)

where w+ and w- are the weighted counts of clearly positive and negative sentences (prior 1).
An article with one clearly negative sentence and nothing else scores -0.5; one with many
scores near the balance of its polar sentences. The label is negative at or below
``-threshold`` (0.55), positive at or above it, else neutral: it takes at least two clearly
polar sentences of one sign more than the other. The defaults were chosen by measurement on the
development halves of two human-coded sets (bench/article_stance.py; docs/methods.md gives the
figures): PerSenT dev and 150 AllSides articles coded from written guidelines (tests/gold/stance).
On both, the mean of every sentence did about as well (Spearman rho within 0.05): the errors
are the sentence scorer's (events scored as portrayal, sarcasm), which no combination undoes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.text.syntax import REPORTING_VERBS

__all__ = ["ARTICLE_COLUMNS", "SPEECH_VERBS", "ArticleMeasure", "article_stance", "label_article"]

# Verbs of saying, attacking and praising: the actor as their agent ("Trump slams 'crooked' aide")
# speaks about someone else; the sentence's polarity is not the article's view of the actor.
SPEECH_VERBS = REPORTING_VERBS | frozenset(
    (
        "slam", "blast", "attack", "criticize", "criticise", "accuse", "condemn", "denounce", "mock",
        "rip", "bash", "lash", "blame", "dismiss", "reject", "praise", "thank", "defend", "hail",
        "laud", "applaud", "urge", "demand", "question", "call", "label", "brand", "vow", "pledge",
        "threaten", "tout", "hit", "target", "rebuke", "scold", "chide", "insult", "taunt",
    )
)  # fmt: skip

ARTICLE_COLUMNS = [
    "doc_id",
    "actor",
    "n_sentences",
    "n_counted",
    "n_polar_positive",
    "n_polar_negative",
    "article_score",
    "article_label",
]


@dataclass(frozen=True)
class ArticleMeasure:
    """How the sentences of one article combine into its stance toward an actor.

    ``voices``: which sentences count ("outlet": the outlet's own; "quote": quotations, except the
    actor's own words where the quotation's speaker is the actor); ``polar``: the least |score| of
    a clearly polar sentence; ``title_weight``: weight of the headline's sentences; ``prior``: the
    shrinkage toward neutral; ``threshold``: |article_score| above which the label is polar;
    ``combine``: "polar" (the shrunken balance of clearly polar sentences) or "mean" (the mean
    score of the counted sentences, for comparison); ``speech_weight``: weight of a sentence
    where the actor is the agent of a verb of saying, attacking or praising (SPEECH_VERBS; needs
    the roles table)."""

    voices: tuple[str, ...] = ("outlet", "quote")
    polar: float = 0.7
    title_weight: float = 1.0
    prior: float = 1.0
    threshold: float = 0.55
    combine: str = "polar"
    speech_weight: float = 0.5


def label_article(score: np.ndarray, threshold: float) -> np.ndarray:
    """negative / neutral / positive for article scores, polar beyond ``threshold`` either way."""
    s = np.asarray(score, dtype=float)
    return np.where(s <= -threshold, "negative", np.where(s >= threshold, "positive", "neutral")).astype(object)


def _counted(stances: pd.DataFrame, voices: Sequence[str], speaker_actor: pd.Series | None) -> np.ndarray:
    """Rows whose voice counts; a quotation whose speaker is the row's own actor never counts."""
    keep = stances["voice"].isin(list(voices)).to_numpy().copy()
    if speaker_actor is not None and "quote" in voices:
        own_words = (speaker_actor.to_numpy(dtype=object) == stances["actor"].to_numpy(dtype=object)) & (
            stances["voice"].to_numpy() == "quote"
        )
        keep &= ~own_words
    return keep


def article_stance(
    stances: pd.DataFrame,
    *,
    sentences: pd.DataFrame | None = None,
    quotes: pd.DataFrame | None = None,
    roles: pd.DataFrame | None = None,
    measure: ArticleMeasure | None = None,
) -> pd.DataFrame:
    """Per document × actor: the sentences scored, those counted, the clearly polar ones, the
    article score and its label (see the module docstring).

    ``sentences`` (doc_id, sent_id, is_title) gives the headline its weight; ``quotes`` (doc_id,
    sent_id, speaker_actor) tells which quotations are the actor's own words; ``roles`` (the roles
    table) which sentences make the actor the agent of a speech verb. All are optional: without
    them the headline weighs like any sentence and every quotation counts. Empty input gives an
    empty table with the columns.
    """
    m = measure or ArticleMeasure()
    if len(stances) == 0:
        return pd.DataFrame(columns=ARTICLE_COLUMNS)
    st = stances[["doc_id", "sent_id", "actor", "score", "voice"]].reset_index(drop=True)
    speaker_actor = None
    if quotes is not None and len(quotes) and "speaker_actor" in quotes:
        q = quotes[quotes["kind"].isin(["direct", "partial"])] if "kind" in quotes else quotes  # quoted words only
        spk = q[["doc_id", "sent_id", "speaker_actor"]].drop_duplicates(["doc_id", "sent_id"])
        speaker_actor = st.merge(spk, on=["doc_id", "sent_id"], how="left")["speaker_actor"].fillna("")
    weight = np.ones(len(st))
    if sentences is not None and len(sentences) and m.title_weight != 1.0:
        title = st.merge(sentences[["doc_id", "sent_id", "is_title"]], on=["doc_id", "sent_id"], how="left")
        weight = np.where(title["is_title"].fillna(False).to_numpy(dtype=bool), m.title_weight, 1.0)
    if roles is not None and len(roles) and m.speech_weight != 1.0:
        speech = roles[(roles["role"] == "agent") & roles["verb"].isin(SPEECH_VERBS)]
        speech = speech[["doc_id", "sent_id", "actor"]].drop_duplicates().assign(_speech=True)
        hit = st.merge(speech, on=["doc_id", "sent_id", "actor"], how="left")["_speech"]
        weight = np.where(hit.fillna(False).to_numpy(dtype=bool), weight * m.speech_weight, weight)
    keep = _counted(st, m.voices, speaker_actor)
    score = st["score"].to_numpy(dtype=float)
    w = np.where(keep, weight, 0.0)
    frame = pd.DataFrame(
        {
            "doc_id": st["doc_id"],
            "actor": st["actor"],
            "one": 1,
            "counted": keep.astype(np.int64),
            "pos": (keep & (score >= m.polar)).astype(np.int64),
            "neg": (keep & (score <= -m.polar)).astype(np.int64),
            "wpos": np.where(score >= m.polar, w, 0.0),
            "wneg": np.where(score <= -m.polar, w, 0.0),
            "wsum": w,
            "wscore": w * score,
        }
    )
    g = frame.groupby(["doc_id", "actor"], sort=False).sum()
    if m.combine == "mean":
        art = np.where(g["wsum"] > 0, g["wscore"] / g["wsum"].where(g["wsum"] > 0, 1.0), 0.0)
    else:
        art = (g["wpos"] - g["wneg"]) / (g["wpos"] + g["wneg"] + m.prior)
    out = pd.DataFrame(
        {
            "doc_id": g.index.get_level_values(0),
            "actor": g.index.get_level_values(1),
            "n_sentences": g["one"].to_numpy(),
            "n_counted": g["counted"].to_numpy(),
            "n_polar_positive": g["pos"].to_numpy(),
            "n_polar_negative": g["neg"].to_numpy(),
            "article_score": np.asarray(art, dtype=float),
        }
    )
    out["article_label"] = label_article(out["article_score"].to_numpy(), m.threshold)
    return out[ARTICLE_COLUMNS].reset_index(drop=True)

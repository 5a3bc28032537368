"""The verbs that attribute speech or belief: the hand list of :data:`REPORTING_VERBS`, the cue
verbs learned from PolNeAR's dev articles by ``bench/attribution.py cues`` (files in ``models/``),
and a logistic model over a verb's lemma and its place in the parse that finds the cues of the long
tail ("wants to", "supports", "voted for"), learned by ``bench/attribution.py cue-model``."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from importlib import resources

from analysis.framing import cue_context
from analysis.text.syntax import REPORTING_VERBS, Sentence

__all__ = [
    "CUE_MODEL_THRESHOLD",
    "QUOTE_VERBS",
    "attribution_cues",
    "clausal_cues",
    "cue_features",
    "cue_model",
    "cue_probability",
    "in_source",
    "introduces",
    "is_cue_candidate",
    "is_learned_cue",
    "is_quote_verb",
    "is_reporting",
    "sentence_verbs",
]

# A verb the lists do not know is a cue where the model gives it at least this probability (chosen
# on PolNeAR's dev articles, cross-fitted: bench/RESULTS.md).
CUE_MODEL_THRESHOLD = 0.6
_CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "prep")


def _cue_file(name: str) -> frozenset[str]:
    """The lemmas (first column) of a cue file of ``models/`` written by ``bench/attribution.py cues``."""
    text = resources.files("analysis.framing").joinpath(f"models/{name}").read_text(encoding="utf-8")
    rows = [line.split("\t")[0] for line in text.splitlines() if line and not line.startswith("#")]
    return frozenset(rows[1:])


@cache
def attribution_cues() -> frozenset[str]:
    """The reporting verbs of :data:`REPORTING_VERBS` and the cue verbs learned from PolNeAR's dev
    articles (``models/attribution_cues.tsv``, written by ``bench/attribution.py cues``)."""
    return REPORTING_VERBS | _cue_file("attribution_cues.tsv")


@cache
def clausal_cues() -> frozenset[str]:
    """Verbs that are attribution cues where they govern a clause ("polls show that ...", "he
    thinks the deal ..."), learned from PolNeAR's dev articles (``models/attribution_cues_clausal.tsv``,
    written by ``bench/attribution.py cues --clausal``)."""
    return _cue_file("attribution_cues_clausal.tsv")


def is_reporting(s: Sentence, k: int) -> bool:
    """True if token ``k`` is a reporting verb outside a quotation: a cue ("said", "according to";
    never "so-called"), or a clausal cue that governs a clause no other reporting verb governs."""
    lemma = s.lemma[k].lower()
    if s.text[k].lower() == "in":
        return in_source(s, k) is not None
    if s.pos[k] not in ("VERB", "AUX") and lemma != "accord":
        return False
    if lemma == "accord":
        return any(s.text[c].lower() == "to" for c in s.children(k))
    if lemma == "call" and "".join(s.text[max(0, k - 2) : k + 1]).lower().endswith(("so-called", "socalled")):
        return False  # "so-called": a scare quote's marker, not an attribution
    if lemma in attribution_cues():
        return True
    if lemma not in clausal_cues() or not any(s.dep[c] == "ccomp" for c in s.children(k)):
        return False
    # not inside what another verb reports ("Lavrov said the two nations agreed that ..."): the
    # words there are the outer speaker's
    return not any(s.lemma[a].lower() in attribution_cues() for a in s.ancestors(k))


# What an opening "In ...," gives as the source of its clause ("In a CNN poll, Clinton held a
# 24-point lead"): a poll's, a survey's or a study's findings.
_FINDINGS = frozenset("poll polls survey surveys study studies report analysis census data research tally".split())


def in_source(s: Sentence, k: int) -> int | None:
    """The source noun of an opening "In a <poll>, <clause>" at token ``k`` ("In a CNN national
    poll, Clinton held a 24-point lead"; :data:`_FINDINGS`), where the phrase opens the sentence,
    hangs from its main verb and a comma closes it; else None."""
    words = [t for t in range(len(s)) if s.pos[t] not in ("PUNCT", "SPACE")]
    if not words or words[0] != k or s.dep[k] != "prep" or s.dep[s.head[k]] != "ROOT":
        return None
    objs = [c for c in s.children(k) if s.dep[c] == "pobj" and s.lemma[c].lower() in _FINDINGS]
    end = max(s.subtree(k))
    return objs[0] if objs and end + 1 < len(s) and s.text[end + 1] == "," else None


# Verbs of speaking that attribute a quotation they govern or introduce ('"Everything has
# overlapped," the judge exclaimed', "Cruz continued:", "As Professor Foner put it: ''...''") but
# are too rare in PolNeAR's dev articles to be learned and too loose to report a clause of their
# own ("continue", "put", "laugh").
QUOTE_VERBS = frozenset(
    "exclaim surmise proclaim marvel scoff snap shout yell scream whisper mutter sigh gush rave interject "
    "chime observe grumble fume bemoan opine posit counter rebut cry thunder bellow holler chuckle laugh "
    "sneer jeer taunt tease chide scold rebuke continue put answer repeat".split()
)


def is_quote_verb(s: Sentence, k: int) -> bool:
    """True if token ``k`` is a verb of :data:`QUOTE_VERBS` ("put" only as "put it")."""
    if s.pos[k] != "VERB":
        return False
    lemma = s.lemma[k].lower()
    if lemma not in QUOTE_VERBS:
        return False
    return lemma != "put" or any(s.dep[c] == "dobj" and s.text[c].lower() == "it" for c in s.children(k))


def sentence_verbs(s: Sentence, inside: Callable[[int, int], bool]) -> tuple[list[int], list[int]]:
    """The reporting verbs of sentence ``s`` outside quotation marks (``inside``: is a span inside
    them?), and, with them, the verbs of speaking that may attribute a quotation
    (:func:`is_quote_verb`); each in token order."""
    verbs = [k for k in range(len(s)) if is_reporting(s, k) and not inside(s.start[k], s.end[k])]
    quoting = [k for k in range(len(s)) if is_quote_verb(s, k) and not inside(s.start[k], s.end[k])]
    return verbs, sorted(set(verbs) | set(quoting))


def introduces(s: Sentence, k: int, text: str, a: int) -> bool:
    """Does verb ``k``'s phrase end right before position ``a`` (a quotation's opening mark),
    nothing but punctuation and white space between ("As Foner put it: ''...''")?"""
    end = s.end[max(s.subtree(k))]
    return end <= a and not any(ch.isalnum() for ch in text[end:a])


def cue_features(s: Sentence, k: int) -> list[str]:
    """The features of verb ``k`` for the cue model: its lemma, tag and dependency, its children's
    dependencies (alone and with the lemma), its prepositions, its subject's part of speech and
    entity type, and whether a known cue governs it."""
    lemma = s.lemma[k].lower()
    out = [f"lem={lemma}", f"dep={s.dep[k]}", f"tag={s.tag[k]}"]
    for d in sorted({s.dep[c] for c in s.children(k)}):
        out += [f"kid={d}", f"lem+kid={lemma}+{d}"]
    for c in s.children(k):
        if s.dep[c] == "prep":
            out.append(f"lem+prep={lemma}+{s.text[c].lower()}")
        elif s.dep[c] in ("nsubj", "nsubjpass"):
            out += [f"subj_pos={s.pos[c]}", f"subj_ent={s.ent_type[c] or '-'}"]
    if any(a != k and s.lemma[a].lower() in attribution_cues() for a in s.ancestors(k)):
        out.append("under_cue")
    return out


@cache
def cue_model() -> tuple[float, dict[str, float]]:
    """The cue model's intercept and feature weights (``models/attribution_cue_model.tsv``)."""
    text = resources.files("analysis.framing").joinpath("models/attribution_cue_model.tsv").read_text(encoding="utf-8")
    weights: dict[str, float] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, w = line.rpartition("\t")
            weights[name] = float(w)
    return weights.pop("(intercept)", 0.0), weights


def cue_probability(s: Sentence, k: int, *, context: bool = False) -> float:
    """The cue model's probability that verb ``k`` is an attribution cue: the sparse model's, and
    where that is at least :data:`~analysis.framing.cue_context.GATE`, the lemma-vector model's
    (:mod:`analysis.framing.cue_context`: the features and the vector of the verb's lemma); with
    ``context`` the fine-tuned encoder's, which reads the verb in its sentence
    (:func:`~analysis.framing.cue_context.finetuned_probability`)."""
    if context:
        return cue_context.finetuned_probability(s, k)
    intercept, weights = cue_model()
    features = cue_features(s, k)
    p = 1.0 / (1.0 + math.exp(-(intercept + sum(weights.get(f, 0.0) for f in features))))
    if p < cue_context.GATE:
        return p
    return cue_context.lemma_probability(s, k, features)


def is_cue_candidate(s: Sentence, k: int) -> bool:
    """A verb with something it could attribute (a clause, an object or a preposition)."""
    return s.pos[k] in ("VERB", "AUX") and any(s.dep[c] in _CONTENT_DEPS for c in s.children(k))


def is_learned_cue(s: Sentence, k: int, *, threshold: float | None = None, context: bool = False) -> bool:
    """True if verb ``k`` is no cue of the lists but the cue model finds it one ("Clinton wants to
    ...", "Republicans oppose the deal"); read for reported speech only, never for a quotation's
    speaker. ``context``: the fine-tuned encoder decides (:func:`cue_probability`). ``threshold``:
    :data:`CUE_MODEL_THRESHOLD`, or with ``context``
    :data:`~analysis.framing.cue_context.FINETUNED_THRESHOLD`."""
    if is_reporting(s, k) or not is_cue_candidate(s, k):
        return False
    if threshold is None:
        threshold = cue_context.FINETUNED_THRESHOLD if context else CUE_MODEL_THRESHOLD
    return cue_probability(s, k, context=context) >= threshold

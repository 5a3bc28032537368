"""The verbs that attribute speech or belief: the hand list of :data:`REPORTING_VERBS` and the cue
verbs learned from PolNeAR's dev articles by ``bench/attribution.py cues`` (files in ``models/``)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from analysis.text.syntax import REPORTING_VERBS, Sentence

__all__ = ["attribution_cues", "clausal_cues", "is_reporting"]


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

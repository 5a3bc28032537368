"""The speakers "they" and "it" stand for where the reference resolver links them to no actor:
the subject that agrees with the pronoun named last before it ("they": a plural one in its own
sentence or the one before; "it": a singular one in its own sentence), a noun that speaks in
news ("officials", "the campaign", "the report": ``models/speaker_nouns.tsv``, learned from
PolNeAR's dev articles by ``bench/attribution.py speaker-nouns``) or a name of an organisation,
a group or a place; chosen on a hand-coded sample of PolNeAR dev attributions
(tests/gold/pronoun_speakers/they_cases.csv, half E)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from analysis.framing.cues import _cue_file
from analysis.framing.subjects import _SUBJ
from analysis.mentions.resolve import pleonastic
from analysis.text.syntax import Sentence

if TYPE_CHECKING:
    from analysis.framing.speakers import SpeakerResolver

__all__ = ["refers", "speaker_nouns", "subject_before", "subject_speaker"]


def refers(s: Sentence, k: int, v: int) -> bool:
    """Can pronoun ``k`` ("they", "it") stand for something named before as the speaker of verb
    ``v``? "they" always; "it" only as the active subject of the verb itself, and not where it
    refers to nothing (:func:`~analysis.mentions.resolve.pleonastic`: "it appears", "it was
    reported that", "it's safe to say")."""
    if s.text[k].lower() == "they":
        return True
    return s.head[k] == v and s.dep[k] == "nsubj" and not pleonastic(s, k)


@cache
def speaker_nouns() -> frozenset[str]:
    """The nouns that head an attribution's source in PolNeAR's dev articles at least three times
    (``models/speaker_nouns.tsv``, first column)."""
    return _cue_file("speaker_nouns.tsv")


_NOT_THINGS = frozenset(("PERSON", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"))


def _agrees(s: Sentence, t: int, plural: bool) -> bool:
    """Does noun ``t`` agree with "they" (``plural``: a plural noun, or nouns joined by "and") or
    with "it" (a singular noun that names no person, date or number)?"""
    if s.pos[t] not in ("NOUN", "PROPN"):
        return False
    joined = any(s.dep[c] == "conj" and s.pos[c] in ("NOUN", "PROPN") for c in s.children(t))
    if plural:
        number = s.tag[t] in ("NNS", "NNPS") or joined
    else:
        number = s.tag[t] in ("NN", "NNP") and not joined and s.ent_type[t] not in _NOT_THINGS
    return number and _speaks(s, t, plural and joined)


_GROUPS = frozenset(("ORG", "NORP", "GPE"))


def _speaks(s: Sentence, t: int, people: bool) -> bool:
    """Is noun ``t`` one that speaks in news: a noun of :func:`speaker_nouns`, a name of an
    organisation, a group or a place, or (``people``: nouns joined by "and") a person's name?"""
    if s.ent_type[t] in _GROUPS or (people and s.ent_type[t] == "PERSON"):
        return True
    return s.pos[t] == "NOUN" and s.lemma[t].lower() in speaker_nouns()


def subject_before(
    sentences: list[Sentence], pos: int, *, plural: bool, quoted: Callable[[int, int], bool]
) -> tuple[int, int] | None:
    """The span of the subject noun phrase named last before ``pos`` in ``sentences`` (the
    pronoun's sentence and the ones before it, in text order) that agrees with "they" (``plural``)
    or "it", outside quotation marks ``quoted``: the noun with the words before it in its phrase
    and the nouns joined to it ("Fiorina and Carson")."""
    for s in reversed(sentences):
        for t in reversed(range(len(s))):
            if s.start[t] >= pos or s.dep[t] not in _SUBJ or not _agrees(s, t, plural):
                continue
            if quoted(s.start[t], s.end[t]):
                continue
            toks = [u for u in s.subtree(t) if u <= t] + [
                u for c in s.children(t) if s.dep[c] in ("cc", "conj") for u in s.subtree(c)
            ]
            toks = [u for u in toks if s.pos[u] != "PUNCT"]
            return s.start[min(toks)], s.end[max(toks)]
    return None


def subject_speaker(
    parsed: dict[tuple[str, int], Sentence],
    doc_id: str,
    sid: int | None,
    pos: int,
    noun: str,
    text: str,
    res: SpeakerResolver,
    quoted: Callable[[int, int], bool],
) -> tuple[str, str] | None:
    """(phrase, actor) of the subject that "they" or "it" (``noun``, at ``pos`` in sentence
    ``sid``) stands for: :func:`subject_before` over its sentence and, for "they", the one before
    (chosen on half E of the they/it gold: a wider window named more and got more wrong); the actor
    where the phrase names one, else "unknown"; None where there is none."""
    if sid is None:
        return None
    near = [parsed.get((doc_id, i)) for i in range(sid - (1 if noun == "they" else 0), sid + 1)]
    span = subject_before([x for x in near if x is not None], pos, plural=noun == "they", quoted=quoted)
    return None if span is None else (text[span[0] : span[1]], res.actor_in(doc_id, *span) or "unknown")

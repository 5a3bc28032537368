"""Within-document reference resolution: which entity each third-person pronoun refers to.

Rules over the spaCy parse, in the manner of Lappin and Leass (1994): every named entity of the
document (actor mentions from the mentions table, and the parser's PERSON / ORG / GPE / NORP
entities, which compete for the pronouns) is a candidate; a pronoun takes the candidate with the
highest salience among those that agree with it in number, gender and kind (a person for
"he"/"she", an organisation or country for "it", a group or party for "they"), where salience
sums, over the entity's mentions in the pronoun's sentence and the four before it, a weight that
halves with each sentence back and grows for subjects, objects and mentions not inside a
prepositional phrase. A non-reflexive object pronoun does not take the subject of its own verb
("Trump praised him") or the one its verb shares ("Trump thanked Cavusoglu, describing him").
With no candidate before it, a pronoun in a clause that opens the sentence takes the main
clause's subject ("Before he spoke, Trump ..."). Two syntactic rules come before salience: a
pronoun inside a phrase or clause set before its verb's subject takes that subject where it
agrees ("On his radio show, Navarro said"; rule ``cataphora``); a possessive in its verb's object
or prepositional phrase takes that verb's subject where it agrees and no other agreeing candidate
stands between them ("Nielsen continued her tour"; rule ``subject``). Inside a direct quotation, "I",
"me", "my" refer to the quotation's speaker where the quotes table names one.

Each resolution carries the antecedent mention it was linked to, the rule and a confidence (the
winner's share of the salience of all agreeing candidates).
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from analysis.mentions.antecedents import AntecedentScorer
from analysis.mentions.entities import _OBJ, _SUBJ, Entity, EntityMention, _in_pp
from analysis.text.syntax import REPORTING_VERBS, Sentence

__all__ = [
    "FIRST_PERSON",
    "FIRST_PLURAL",
    "PRONOUNS",
    "MentionIndex",
    "Resolution",
    "pleonastic",
    "quote_speaker",
    "resolve_pronouns",
]

# pronoun (lower case) -> (kind of referent, gender); kind: person / thing / group
PRONOUNS: dict[str, tuple[str, str]] = {
    **dict.fromkeys(("he", "him", "his", "himself"), ("person", "m")),
    **dict.fromkeys(("she", "her", "hers", "herself"), ("person", "f")),
    **dict.fromkeys(("it", "its", "itself"), ("thing", "n")),
    **dict.fromkeys(("they", "them", "their", "theirs", "themselves"), ("group", "")),
}
FIRST_PERSON = frozenset(("i", "me", "my", "mine", "myself"))
FIRST_PLURAL = frozenset(("we", "us", "our", "ours", "ourselves"))
_REFLEXIVE = frozenset(("himself", "herself", "itself", "themselves"))
WINDOW = 4  # sentences before the pronoun's
THING_WINDOW = 1  # for "it" and "they", which refer to whatever was just named


@dataclass
class Resolution:
    """A pronoun linked to an entity, with the mention it was linked through."""

    sent: int
    tok: int
    start: int
    end: int
    surface: str
    entity: Entity
    antecedent: EntityMention | None
    rule: str
    confidence: float
    extra: dict = field(default_factory=dict)


def _agrees(ent: Entity, kind: str, gender: str) -> bool:
    """True if the entity can be what a pronoun of this kind and gender refers to."""
    if ent.kind == "unknown":
        return kind in ("person", "thing")
    if kind == "person":
        return ent.kind == "person" and (not ent.gender or ent.gender == gender)
    if kind == "thing":
        return ent.kind == "thing" and not ent.plural
    return ent.kind == "group" or ent.plural  # "they": a party or a group, not a country or a company


def _weight(m: EntityMention, distance: int, role: str) -> float:
    """Salience of one mention for a pronoun ``distance`` sentences later in grammatical ``role``."""
    w = 100.0 * 0.5**distance
    if m.dep == role or (m.dep in _SUBJ and role in _SUBJ):
        w += 100  # parallel roles (35 until 2026-12-07; 100 best on GAP development and news dev)
    if m.dep in _SUBJ:
        w += 80
    elif m.dep in _OBJ:
        w += 50
    elif m.dep == "poss":
        w += 30
    if not m.in_pp:
        w += 50
    return w


def _inside(spans: Sequence[tuple[int, int]], a: int, b: int) -> tuple[int, int] | None:
    for x, y in spans:
        if x <= a and b <= y:
            return (x, y)
    return None


class MentionIndex:
    """A document's entity mentions by sentence, each sentence's in text order: the resolver looks
    at the few sentences around a pronoun, not at every mention of the document (a long article
    has thousands of both)."""

    def __init__(self, mentions: Iterable[EntityMention]) -> None:
        self._by_sent: dict[int, list[EntityMention]] = {}
        self._starts: list[int] | None = None
        for m in sorted(mentions, key=lambda m: m.start):
            self._by_sent.setdefault(m.sent, []).append(m)

    def sentence_starts(self, sentences: Sequence[Sentence]) -> list[int]:
        """Each sentence's start offset (an empty sentence takes the one before's), computed once."""
        if self._starts is None:
            self._starts, last = [], 0
            for s in sentences:
                last = s.start[0] if len(s) else last
                self._starts.append(last)
        return self._starts

    def add(self, m: EntityMention) -> None:
        """Add a mention (kept in text order within its sentence)."""
        row = self._by_sent.setdefault(m.sent, [])
        row.insert(bisect.bisect_right([x.start for x in row], m.start), m)

    def around(self, lo: int, hi: int) -> Iterator[EntityMention]:
        """The mentions of sentences ``lo`` to ``hi`` (both included), in text order."""
        for si in range(max(lo, 0), hi + 1):
            yield from self._by_sent.get(si, ())


def quote_speaker(
    sentences: Sequence[Sentence], mentions: MentionIndex, quote: tuple[int, int]
) -> EntityMention | None:
    """The speaker of a quotation: the subject of a reporting verb ("said", "told") outside the
    quotation, in a sentence the quotation starts or ends in, or the sentences just before and
    after it. Preferred in that order: a subject in the sentences the quotation covers (nearest
    its end), then in the sentence before, then in the sentence after (on the news development
    set, "nearest the end" across all of them took the subject of the next paragraph's "Romney did
    not say" for the speaker of the quotation that followed "LaBolt said.")."""
    qa, qb = quote
    starts = mentions.sentence_starts(sentences)
    near = []
    for i in range(max(0, bisect.bisect_right(starts, qa) - 1), len(sentences)):
        if starts[i] >= qb:
            break
        if len(sentences[i]) and qa < sentences[i].end[-1]:
            near.append(i)
    if not near:
        return None
    found = []
    for m in mentions.around(near[0] - 1, near[-1] + 1):
        if m.dep not in _SUBJ or (qa <= m.start < qb):
            continue
        if _reports(sentences[m.sent], m.tok):
            found.append(m)
    if not found:
        return None
    tier = min(_tier(m.sent, near) for m in found)
    return min((m for m in found if _tier(m.sent, near) == tier), key=lambda m: abs(m.start - qb))


def _reports(s: Sentence, k: int) -> bool:
    """True if token ``k`` is the subject of a reporting verb, directly ("Christie said") or
    through the verb it governs ("Christie is expected to say", "he went on to say")."""
    v = s.head[k]
    if s.lemma[v].lower() in REPORTING_VERBS:
        return True
    return any(s.dep[c] == "xcomp" and s.lemma[c].lower() in REPORTING_VERBS for c in s.children(v))


def _tier(sent: int, near: list[int]) -> int:
    """0 for a sentence the quotation covers, 1 for the one before, 2 for the one after."""
    return 0 if near[0] <= sent <= near[-1] else 1 if sent < near[0] else 2


def resolve_pronouns(
    sentences: Sequence[Sentence],
    mentions: Sequence[EntityMention],
    *,
    quotes: Sequence[tuple[int, int]] = (),
    scorer: AntecedentScorer | None = None,
    bodies: frozenset[str] | None = None,
) -> list[Resolution]:
    """:func:`resolve_once`, then again after learning the people's genders from the first
    round: a person without one (no "Mr."/"Ms.", none in the actor file) takes the gender of
    the pronouns resolved to it with confidence of at least 0.5, if at least two and three in
    four of them agree. The learned ``scorer``, where given, is asked in the second round only,
    once the genders are known (on the news development set, the model's own first-round
    answers gave women's pronouns to men whose gender nothing else showed)."""
    # genders are learned from the rules' answers
    first = resolve_once(sentences, mentions, quotes=quotes, bodies=bodies)
    tally: dict[str, Counter] = {}
    for r in first:
        g = PRONOUNS.get(r.surface.lower(), ("", ""))[1]
        if g in ("m", "f") and r.confidence >= 0.5 and r.rule != "quote_speaker":
            tally.setdefault(r.entity.key, Counter())[g] += 1
    learned = False
    for m in mentions:
        counts = tally.get(m.entity.key)
        if m.entity.kind == "person" and not m.entity.gender and counts:
            g, n = counts.most_common(1)[0]
            if n >= 2 and n >= 0.75 * sum(counts.values()):
                m.entity.gender = g
                learned = True
    if not learned and scorer is None:
        return first
    return resolve_once(sentences, mentions, quotes=quotes, scorer=scorer, bodies=bodies)


def resolve_once(
    sentences: Sequence[Sentence],
    mentions: Sequence[EntityMention],
    *,
    quotes: Sequence[tuple[int, int]] = (),
    scorer: AntecedentScorer | None = None,
    bodies: frozenset[str] | None = None,
) -> list[Resolution]:
    """Resolve every third-person pronoun of one document and, inside a direct quotation (spans
    in ``quotes``), every first-person one: "I", "me", "my" are the speaker; "we", "us", "our" the
    actor a speaker speaks for (one of an actor's people, the actor not being that person, and,
    where ``bodies`` is given, one of those actors: a country or an organisation with names of
    its own, not an actor that is one person under a short id), or an organisation or a country
    speaking itself ("We regret the error," Walmart said).

    Two passes: the pronouns outside quotations first; then those inside quotations, whose
    speaker may be a pronoun resolved in the first pass ("he said"), and where a third-person
    pronoun never refers to the speaker. Resolved pronouns do not add to an entity's salience
    (measured on the news dev set: that chaining spread errors and lowered recall).
    """
    known = MentionIndex(mentions)
    voices = MentionIndex(mentions)  # the names, and the pronouns resolved in the first pass
    out: list[Resolution] = []
    pronouns = [
        (si, k)
        for si, s in enumerate(sentences)
        for k in range(len(s))
        if (s.pos[k] == "PRON" or s.tag[k] in ("PRP", "PRP$"))
        and s.text[k].lower() in PRONOUNS.keys() | FIRST_PERSON | FIRST_PLURAL
    ]
    quoted = {(si, k): _inside(quotes, sentences[si].start[k], sentences[si].end[k]) for si, k in pronouns}
    for inside in (False, True):
        for si, k in pronouns:
            quote = quoted[(si, k)]
            if (quote is not None) is not inside:
                continue
            s = sentences[si]
            word = s.text[k].lower()
            speaker = quote_speaker(sentences, voices, quote) if quote is not None else None
            if word in FIRST_PERSON or word in FIRST_PLURAL:
                res = _first_person(s, si, k, word, speaker, bodies)
            elif pleonastic(s, k):
                continue
            else:
                kind, gender = PRONOUNS[word]
                avoid = speaker.entity.key if speaker is not None else None
                res = _resolve_one(s, si, k, kind, gender, sentences, known, avoid=avoid, scorer=scorer)
            if res is None:
                continue
            out.append(res)
            if res.rule != "quote_speaker":  # "he said": a resolved pronoun can name a speaker
                voices.add(EntityMention(res.entity, si, k, res.start, res.end, s.dep[k], _in_pp(s, k)))
    return sorted(out, key=lambda r: r.start)


def _first_person(
    s: Sentence, si: int, k: int, word: str, speaker: EntityMention | None, bodies: frozenset[str] | None
) -> Resolution | None:
    """A first-person pronoun inside a quotation, linked to its speaker (or the actor the speaker
    speaks for), or None."""
    if speaker is None or not speaker.entity.actor:
        return None
    ent = speaker.entity
    if word in FIRST_PLURAL:
        if not ent.person and ent.kind != "person":  # an organisation's or a country's own "we"
            return Resolution(si, k, s.start[k], s.end[k], s.text[k], ent, speaker, "quote_speaker", 0.9)
        if not ent.person or ent.person == ent.actor or (bodies is not None and ent.actor not in bodies):
            return None
        ent = Entity(f"actor:{ent.actor}::thing", "thing", "", ent.actor, "")
    return Resolution(si, k, s.start[k], s.end[k], s.text[k], ent, speaker, "quote_speaker", 0.9)


_PLEONASTIC_VERBS = frozenset(("seem", "appear", "come", "take", "matter", "remain", "turn", "happen"))


def pleonastic(s: Sentence, k: int) -> bool:
    """True for an "it" that refers to nothing: "it is clear that", "it was brought to our
    attention", "when it comes to", "it seems", "make it clear"."""
    if s.text[k].lower() != "it":
        return False
    if s.dep[k] == "expl":
        return True
    h = s.head[k]
    if s.lemma[h] in _PLEONASTIC_VERBS and s.dep[k] == "nsubj":
        return True
    kids = s.children(h)
    if s.dep[k] in ("nsubj", "nsubjpass") and any(s.dep[c] in ("ccomp", "xcomp", "csubj") for c in kids):
        if s.lemma[h] == "be" or s.dep[k] == "nsubjpass" or any(s.dep[c] == "acomp" for c in kids):
            return True
    return s.dep[k] == "dobj" and any(s.dep[c] in ("ccomp", "oprd", "xcomp") for c in kids)


_FRONTED = frozenset(("prep", "advcl", "npadvmod", "advmod"))


def _fronted_subject(
    s: Sentence, si: int, k: int, kind: str, gender: str, mentions: MentionIndex
) -> EntityMention | None:
    """For a pronoun inside a phrase or clause set before its verb's subject ("On his radio show,
    Navarro said", "In his hometown, Lepisto meets", "When she arrived, Clinton said"), the
    mention of that subject where it agrees with the pronoun; else None."""
    x = k
    while s.head[x] != x:
        up = s.head[x]
        if s.dep[x] in _FRONTED and s.pos[up] in ("VERB", "AUX"):
            subj = [c for c in s.children(up) if s.dep[c] in _SUBJ and c > max(s.subtree(x))]
            if not subj:
                return None
            for m in mentions.around(si, si):
                if m.tok == subj[0] and _agrees(m.entity, kind, gender):
                    return m
            return None
        x = up
    return None


def _own_subject(
    s: Sentence,
    si: int,
    k: int,
    mentions: MentionIndex,
    scores: dict[str, float],
    best_mention: dict[str, EntityMention],
) -> EntityMention | None:
    """For a possessive pronoun in its verb's object or prepositional phrase ("Nielsen continued
    her tour", "Lennon complaining about the sound in his headphones"), the mention of that verb's
    subject, where it comes before the pronoun in the same sentence, agrees with it, and no other
    candidate that agrees stands between them ("Trump praised Obama for his work" is left to the
    salience rule); else None."""
    if s.tag[k] != "PRP$" or s.dep[k] != "poss":
        return None
    x = s.head[k]
    while s.pos[x] not in ("VERB", "AUX") and s.dep[x] in ("dobj", "pobj", "prep", "dative", "attr", "compound"):
        if s.head[x] == x:
            return None
        x = s.head[x]
    if s.pos[x] not in ("VERB", "AUX"):
        return None
    own = [m for m in mentions.around(si, si) if m.dep in _SUBJ and s.head[m.tok] == x and m.start < s.start[k]]
    if not own or own[0].entity.key not in scores:
        return None
    subj = own[0]
    between = [
        m
        for m in mentions.around(si, si)
        if subj.end <= m.start < s.start[k] and m.entity.key in scores and m.entity.key != subj.entity.key
    ]
    return None if between else subj


_CONTROLLED = frozenset(("advcl", "xcomp", "conj"))


def _binders(s: Sentence, verb: int) -> frozenset[int]:
    """The verbs whose subject an object pronoun of ``verb`` cannot refer to: ``verb`` and, while it
    has no subject, the verb whose subject it shares ("Adelson doubted Romney, describing him")."""
    out = {verb}
    while not any(s.dep[c] in _SUBJ for c in s.children(verb)) and s.dep[verb] in _CONTROLLED:
        up = s.head[verb]
        if up == verb or s.pos[up] not in ("VERB", "AUX"):
            break
        out.add(up)
        verb = up
    return frozenset(out)


def _resolve_one(
    s: Sentence,
    si: int,
    k: int,
    kind: str,
    gender: str,
    sentences: Sequence[Sentence],
    mentions: MentionIndex,
    *,
    avoid: str | None = None,
    scorer: AntecedentScorer | None = None,
) -> Resolution | None:
    """The antecedent of the pronoun at token ``k`` of sentence ``si`` (never the entity
    ``avoid``), or None. With a ``scorer``, a person pronoun that the rules leave between two or
    more people of its gender goes to the one the learned model picks (rule ``model``) where
    the model is sure enough."""
    scores: dict[str, float] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    best_mention: dict[str, EntityMention] = {}
    own_verb = s.head[k] if s.dep[k] in _OBJ | {"pobj"} and s.text[k].lower() not in _REFLEXIVE else None
    bound = _binders(s, own_verb) if own_verb is not None else frozenset()
    for m in mentions.around(si - (WINDOW if kind == "person" else THING_WINDOW), si):
        if m.sent == si and m.start >= s.start[k]:
            continue
        if m.entity.key == avoid or not _agrees(m.entity, kind, gender):
            continue
        if m.sent == si and m.dep in _SUBJ and s.head[m.tok] in bound:
            continue  # "Trump praised him": not Trump
        key = m.entity.key
        scores[key] = scores.get(key, 0.0) + _weight(m, si - m.sent, s.dep[k])
        best_mention[key] = m  # the latest mention of the entity
        spans.setdefault(key, []).append((m.start, m.end))
    ahead = _fronted_subject(s, si, k, kind, gender, mentions)
    if ahead is not None:  # "On his radio show, Navarro said": the subject the fronted phrase leads to
        return Resolution(si, k, s.start[k], s.end[k], s.text[k], ahead.entity, ahead, "cataphora", 0.8)
    own = _own_subject(s, si, k, mentions, scores, best_mention)
    if own is not None:  # "Nielsen continued her tour": the subject of the verb whose object holds "her"
        return Resolution(si, k, s.start[k], s.end[k], s.text[k], own.entity, own, "subject", 0.9)
    rule = "salience"
    if not scores:
        # cataphora: a pronoun in a clause that opens the sentence, the main clause's subject after it
        for m in mentions.around(si, si):
            if m.start > s.start[k] and m.dep in _SUBJ and _agrees(m.entity, kind, gender):
                if s.dep[s.head[m.tok]] == "ROOT" and s.head[k] != s.head[m.tok]:
                    return Resolution(si, k, s.start[k], s.end[k], s.text[k], m.entity, m, "cataphora", 0.6)
        return None
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    key, top = ranked[0]
    conf = top / sum(v for _, v in ranked)
    at_stake = any(best_mention[c].entity.actor for c in scores)  # an actor among the candidates
    if (
        scorer is not None
        and kind == "person"
        and len(ranked) > 1
        and conf < scorer.below
        and (at_stake or not scorer.actors_only)
    ):
        lo = min(best_mention[c].sent for c in scores)
        picked = scorer.choose(sentences, si, k, spans, lo=lo)
        if picked is not None:
            key, p = picked
            m = best_mention[key]
            return Resolution(si, k, s.start[k], s.end[k], s.text[k], m.entity, m, "model", round(p, 3))
    m = best_mention[key]
    return Resolution(si, k, s.start[k], s.end[k], s.text[k], m.entity, m, rule, round(conf, 3))

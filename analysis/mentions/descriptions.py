"""Definite descriptions resolved to entities: "the president", "the special counsel", "the committee".

A noun phrase with "the" (or "this", "that") refers to an entity the document has already
described with the same noun, the most recent such entity where several were:

- a title or noun written right before its name ("President Trump", "Sen. Cruz", "special
  counsel Robert Mueller", "billionaire Sheldon Adelson"), or given as the person's role in the
  actor file; a "former" title is its own noun ("former President Bill Clinton" is "the former
  president", not "the president");
- a noun phrase set beside its name ("Ibrahim Kalin, a spokesman for ...") or said of it ("Cuomo
  is the governor");
- for an organisation or a country, the governing body its name modifies ("the US
  government", "the Turkish regime") or the generic head of its own name ("House Select
  Committee" for "the committee", "Democratic Party" for "the party"); a few synonyms count as
  the same noun ("the panel" for a committee, "the firm" for a company).

"His country", "our government" said of (or by) a person the actor file lists under a country or
an organisation ("Mevlut Cavusoglu" under Turkey) refer to that actor: the possessive pronoun's
own resolution gives the person (:func:`resolve_possessed`).

A description with no such entity falls back on its kind: "country", "nation", "government" for
the most recent place (the parser's GPE) and "company", "firm", "agency", ... for the most
recent organisation (ORG), within the last four sentences. A phrase that already holds an actor
mention ("the Russian government") is left to the mention finder, and one that names someone
itself ("the president of France", "Trump's company") is left alone. A name written inside a
description of a person ("the Arizona senator", "the House speaker") does not stop it.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from analysis.mentions.antecedents import AntecedentScorer
from analysis.mentions.entities import PERSON_NOUNS, TITLE_OF, Entity, EntityMention
from analysis.mentions.resolve import MentionIndex, Resolution, resolve_pronouns
from analysis.text.syntax import Sentence

__all__ = [
    "BODY_NOUNS",
    "descriptor_nouns",
    "resolve_all",
    "resolve_appositives",
    "resolve_descriptions",
    "resolve_possessed",
]

# head noun -> the parser labels of what it may describe, where no entity was described with it
BODY_NOUNS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("country", "nation", "government"), frozenset(("GPE",))),
    **dict.fromkeys(("company", "firm", "retailer", "chain", "agency"), frozenset(("ORG",))),
}
# the generic head of an organisation's name, which a description repeats ("the committee")
NAME_HEADS = frozenset(
    """committee party department commission agency council court ministry company corporation bank
    administration government university bureau union board foundation network service
    office institute association""".split()
)
# nouns a description may use for one another
SYNONYMS = {"panel": "committee", "firm": "company", "corporation": "company", "business": "company"}
WINDOW = 4
_DETERMINERS = frozenset(("the", "this", "that"))
_LEFT = frozenset(("compound", "amod"))
_FORMER = frozenset(("former", "ex", "ex-", "onetime", "then"))
# what an organisation or a country is called by the noun its name modifies ("the US government")
GOVERNING = frozenset(("government", "administration", "regime"))


def _norm(word: str) -> str:
    """A descriptor as compared: lower case, titles and synonyms folded ("sen." -> senator)."""
    w = word.lower()
    return SYNONYMS.get(w, TITLE_OF.get(w, w))


def _noun(s: Sentence, k: int) -> str:
    """The descriptor of token ``k``: "former president" apart from "president" ("former
    President Bill Clinton" is not "the president")."""
    noun = _norm(s.lemma[k])
    before = {s.text[t].lower() for t in s.children(k) if s.dep[t] == "amod"}
    if k > 0:
        before.add(s.text[k - 1].lower())
    return f"former {noun}" if before & _FORMER else noun


def _named(m: EntityMention) -> bool:
    """A mention of a named entity (an actor, or a name the parser found), not an unnamed noun phrase."""
    return m.entity.key.startswith(("actor:", "other:"))


def _title_like(s: Sentence, k: int) -> bool:
    """A common noun, or a capitalised title ("Speaker", "Sen."), before a name."""
    return s.pos[k] == "NOUN" or (s.pos[k] == "PROPN" and s.text[k].lower() in TITLE_OF)


def _learned(s: Sentence, m: EntityMention) -> set[str]:
    """The nouns one mention's sentence describes its entity with (see the module doc)."""
    out: set[str] = set()
    toks = s.tokens_in(m.start, m.end)
    if not toks:
        return out
    inside, h = set(toks), m.tok
    for k in toks:  # a title inside the matched form ("Special counsel Robert Mueller")
        if k < h and _title_like(s, k):
            out.add(_noun(s, k))
    k = min(toks) - 1  # "special counsel Robert Mueller", "House Speaker Paul Ryan"
    while k >= 0 and s.dep[k] in _LEFT and s.head[k] in inside:
        if _title_like(s, k) and (s.ent_iob[k] == "O" or s.text[k].lower() in TITLE_OF):
            out.add(_noun(s, k))
        elif s.pos[k] not in ("PROPN", "ADJ"):
            break
        inside.add(k)
        k -= 1
    for c in s.children(h):  # "Ibrahim Kalin, a spokesman for ..."
        if s.dep[c] == "appos" and s.pos[c] == "NOUN":
            out.add(_noun(s, c))
    up = s.head[h]
    if s.dep[h] == "appos" and s.pos[up] == "NOUN":  # "the chairman, Trey Gowdy"
        out.add(_noun(s, up))
    if s.dep[h] == "nsubj" and s.lemma[up] == "be":  # "Cuomo is the governor"
        out.update(_noun(s, c) for c in s.children(up) if s.dep[c] == "attr" and s.pos[c] == "NOUN")
    if m.entity.kind != "person":
        if s.dep[h] in ("compound", "amod", "poss") and s.pos[up] == "NOUN" and up not in set(toks):
            noun = _norm(s.lemma[up])  # "the US government", "the Turkish regime"
            if noun in GOVERNING:
                out.add(noun)
        head = s.text[h].lower()
        if s.pos[h] == "PROPN" and head in NAME_HEADS:  # "House Select Committee"
            out.add(_norm(head))
    return out


def _qualifiers(s: Sentence, m: EntityMention) -> set[str]:
    """The capitalised words (lower case) of the phrase around a mention, its own words apart:
    "Libertarian presidential nominee Gary Johnson" gives "libertarian"."""
    toks = set(s.tokens_in(m.start, m.end))
    around = set(s.subtree(m.tok))
    if s.dep[m.tok] == "appos":
        around |= set(s.subtree(s.head[m.tok]))
    return {s.text[t].lower() for t in around - toks if s.text[t][:1].isupper() and s.pos[t] in ("PROPN", "ADJ")}


def _asked(s: Sentence, k: int) -> set[str]:
    """The capitalised words that qualify a description's noun ("the Republican nominee",
    "the Massachusetts senator"): the entity it refers to must have been described with them."""
    return {
        s.text[c].lower()
        for c in s.children(k)
        if s.dep[c] in _LEFT and s.text[c][:1].isupper() and s.text[c].lower() not in _FORMER
    }


def descriptor_nouns(
    sentences: Sequence[Sentence], mentions: Sequence[EntityMention]
) -> dict[str, list[tuple[tuple[int, int], Entity]]]:
    """Descriptor noun -> (where it was first said: sentence, offset; the entity), for the named
    entities of one document; an entity's titles (from the actor file) count from the start."""
    first: dict[tuple[str, str], tuple[tuple[int, int], Entity]] = {}
    for m in mentions:
        if not _named(m):
            continue
        for t in m.entity.titles:
            first.setdefault((t, m.entity.key), ((-1, -1), m.entity))
        for noun in _learned(sentences[m.sent], m):
            first.setdefault((noun, m.entity.key), ((m.sent, m.start), m.entity))
    out: dict[str, list[tuple[tuple[int, int], Entity]]] = {}
    for (noun, _), v in first.items():
        out.setdefault(noun, []).append(v)
    return out


def resolve_descriptions(sentences: Sequence[Sentence], mentions: Sequence[EntityMention]) -> list[Resolution]:
    """Every definite description of one document that refers to an entity it can be linked to."""
    out: list[Resolution] = []
    index = MentionIndex(mentions)
    said = descriptor_nouns(sentences, mentions)
    where: dict[str, list[tuple[int, int]]] = {}
    ments: dict[str, list[EntityMention]] = {}
    for m in sorted((m for m in mentions if _named(m)), key=lambda m: (m.sent, m.start)):
        where.setdefault(m.entity.key, []).append((m.sent, m.start))
        ments.setdefault(m.entity.key, []).append(m)
    quals: dict[str, set[str]] = {}
    for m in mentions:
        if _named(m):
            quals.setdefault(m.entity.key, set()).update(_qualifiers(sentences[m.sent], m))
    for si, s in enumerate(sentences):
        for k in range(len(s)):
            if s.pos[k] != "NOUN" or s.tag[k] != "NN":
                continue
            noun = _noun(s, k)
            if noun not in said and noun not in BODY_NOUNS:
                continue
            start = _start(s, k, noun, index, si)
            if start is None:
                continue
            asked = _asked(s, k)
            cands = [(at, e) for at, e in said.get(noun, []) if asked <= quals.get(e.key, set())]
            pick = _described(cands, where, ments, (si, start))
            rule_conf = 0.8
            if pick is None and noun in BODY_NOUNS:
                pick, rule_conf = _latest_of_kind(index, si, start, noun), 0.5
            if pick is not None:
                det = min(c for c in s.children(k) if s.dep[c] == "det")
                words = " ".join(s.text[t] for t in range(det, k + 1))  # the caller takes the text itself
                out.append(Resolution(si, k, start, s.end[k], words, pick.entity, pick, "description", rule_conf))
    return out


def _start(s: Sentence, k: int, noun: str, index: MentionIndex, si: int) -> int | None:
    """The start of the description headed by token ``k``, or None where the phrase is not a
    description this module resolves (no definite determiner, someone else's, names someone)."""
    kids = s.children(k)
    det = [c for c in kids if s.dep[c] == "det"]
    if not det or s.text[det[0]].lower() not in _DETERMINERS or det[0] > k:
        return None
    person = noun in PERSON_NOUNS or noun in TITLE_OF.values()
    if any(s.dep[c] == "poss" for c in kids):
        return None  # "Trump's company": someone else's
    if any(s.pos[c] == "PROPN" and c != det[0] for c in kids) and not person:
        return None  # "the Russian government": a mention (or a name the parser has)
    start, end = s.start[det[0]], s.end[k]
    for m in index.around(si, si):
        if m.start < end and start < m.end and _named(m) and (not person or m.entity.actor):
            return None  # an actor's name inside: the mention finder's ("the Turkish president")
    for c in kids:
        if s.dep[c] == "prep" or (s.dep[c] in ("acl", "relcl") and not _set_off(s, k, c)):
            return None  # "the president of France", "the senator who ...": someone the phrase names
    return start


def _set_off(s: Sentence, k: int, c: int) -> bool:
    """True if a comma stands between the noun and its clause ("the panel, which ...")."""
    return any(s.text[t] == "," for t in range(k + 1, min(s.subtree(c))))


def _described(
    cands: list[tuple[tuple[int, int], Entity]],
    where: dict[str, list[tuple[int, int]]],
    ments: dict[str, list[EntityMention]],
    at: tuple[int, int],
) -> EntityMention | None:
    """The latest mention before ``at`` of an entity described with the noun before ``at``."""
    best: tuple[tuple[int, int], EntityMention] | None = None
    for said_at, ent in cands:
        if said_at >= at:
            continue
        pos = where.get(ent.key, [])
        i = bisect.bisect_left(pos, at) - 1
        if i >= 0 and (best is None or pos[i] > best[0]):
            best = (pos[i], ments[ent.key][i])
    return best[1] if best else None


def _latest_of_kind(mentions: MentionIndex, si: int, start: int, noun: str) -> EntityMention | None:
    """The most recent mention before ``start`` (this sentence and the WINDOW before) of a named
    entity of the kind the noun names (a place for "country", an organisation for "company")."""
    best = None
    for m in mentions.around(si - WINDOW, si):
        if m.sent == si and m.start >= start:
            continue
        if _named(m) and m.entity.ner in BODY_NOUNS[noun] and m.entity.kind != "person":
            best = m
    return best


_APPOS_STOP = frozenset((",", "—", "–", "-", "(", ")", ":", ";"))
# nouns for a party's members, which news capitalises and the parser tags as names ("Chuck
# Schumer, the top Democrat in the Senate"; "Rep. Trey Gowdy, South Carolina Republican")
MEMBER_NOUNS = frozenset(("democrat", "republican", "independent", "libertarian"))


def _common_head(s: Sentence, k: int) -> bool:
    """True for a singular common noun, or a party member's noun tagged as a name."""
    if s.pos[k] == "NOUN":
        return s.tag[k] == "NN"
    return s.pos[k] == "PROPN" and s.tag[k] == "NNP" and s.text[k].lower() in MEMBER_NOUNS


def _appos_span(s: Sentence, c: int, own: set[int]) -> tuple[int, int] | None:
    """The tokens (first, last) of the noun phrase headed by ``c`` up to its noun: its
    determiner and modifiers, none of the actor's own tokens, no punctuation."""
    below = set(s.subtree(c))
    a = c
    while a - 1 in below and a - 1 not in own and s.text[a - 1] not in _APPOS_STOP:
        a -= 1
    return (a, c) if a not in own else None


def _set_beside(s: Sentence, first: int, second: int) -> bool:
    """True if a comma, a dash or a parenthesis stands right after ``first``'s phrase, where
    ``second``'s begins: "Manafort, the former chief", not "Russia: The 'cloud'"."""
    return (
        first < second
        and s.text[second - 1] not in ("'s", "’s")
        and any(s.text[t] in (",", "—", "–", "(") for t in range(max(first, second - 4), second))
    )


def resolve_appositives(sentences: Sequence[Sentence], mentions: Sequence[EntityMention]) -> list[Resolution]:
    """A noun phrase set off beside an actor's name refers to it: "Paul Manafort, the former chief
    of the Trump campaign", "Ajit Pai, FCC chairman", and (a person's title only) "the chairman,
    Trey Gowdy"; "Rep. Trey Gowdy, South Carolina Republican". A common noun's phrase (or a
    party member's: :data:`MEMBER_NOUNS`), singular, not a list ("Illinois, its biggest city and
    Chicago's schools"), beside a name (not an adjective: "Russian experts, such as ..., a
    professor"), after a comma, a dash or a parenthesis."""
    out: list[Resolution] = []
    seen: set[tuple[int, int]] = set()
    for m in mentions:
        if not m.entity.actor or not _named(m):
            continue
        s, h = sentences[m.sent], m.tok
        own = set(s.tokens_in(m.start, m.end))
        if h not in own or s.pos[h] != "PROPN" or any(s.dep[c] == "conj" for c in s.children(h)):
            continue
        nouns = [c for c in s.children(h) if s.dep[c] == "appos" and c > max(own)]
        up = s.head[h]
        person_title = s.lemma[up].lower() in PERSON_NOUNS or s.lemma[up].lower() in TITLE_OF.values()
        if s.dep[h] == "appos" and up < min(own) and (person_title or not m.entity.person):
            nouns.append(up)
        for c in nouns:
            if not _common_head(s, c) or (m.sent, c) in seen:
                continue
            if any(s.dep[k] == "conj" for k in s.children(c)):
                continue
            span = _appos_span(s, c, own)
            if span is None or not (_set_beside(s, max(own), span[0]) if c > h else _set_beside(s, c, min(own))):
                continue
            seen.add((m.sent, c))
            words = " ".join(s.text[t] for t in range(span[0], span[1] + 1))
            out.append(Resolution(m.sent, c, s.start[span[0]], s.end[c], words, m.entity, m, "appositive", 0.9))
    return out


# what a person's country or organisation is called with a possessive ("his country")
OWN_BODY = frozenset(("country", "nation", "government", "company", "organization", "organisation", "agency"))


def resolve_possessed(
    sentences: Sequence[Sentence],
    pronouns: Sequence[Resolution],
    mentions: Sequence[EntityMention],
    *,
    bodies: frozenset[str],
) -> list[Resolution]:
    """A possessive and a body ("his country", "our government"): the actor of the person the
    possessive was resolved to, where the actor file lists that person under one of the
    ``bodies`` (the actors with names of their own: a country, an organisation; not a person).
    The description's antecedent is the pronoun's."""
    actors: dict[str, Entity] = {}
    for m in mentions:
        if m.entity.actor and not m.entity.person:
            actors.setdefault(m.entity.actor, m.entity)
    out: list[Resolution] = []
    for r in pronouns:
        ent = r.entity
        if not ent.actor or not ent.person or ent.actor not in bodies:
            continue
        s = sentences[r.sent]
        k = s.head[r.tok]
        if s.dep[r.tok] != "poss" or k == r.tok or s.tag[k] != "NN" or _norm(s.lemma[k]) not in OWN_BODY:
            continue
        body = actors.get(ent.actor) or Entity(f"actor:{ent.actor}::thing", "thing", actor=ent.actor)
        words = f"{s.text[r.tok]} {s.text[k]}"
        out.append(
            Resolution(r.sent, k, s.start[r.tok], s.end[k], words, body, r.antecedent, "description", r.confidence)
        )
    return out


def resolve_all(
    sentences: Sequence[Sentence],
    mentions: Sequence[EntityMention],
    *,
    quotes: Sequence[tuple[int, int]] = (),
    scorer: AntecedentScorer | None = None,
    bodies: frozenset[str] = frozenset(),
) -> list[Resolution]:
    """Every reference of one document, in text order: the pronouns, the descriptions, the
    appositions of actors' names and "his country". A resolved description is not an antecedent
    for the pronouns (on the news dev set, chaining person descriptions in gave two pronouns
    more and three errors more: "the president" inside a quotation took the "he says" outside it)."""
    pronouns = resolve_pronouns(sentences, mentions, quotes=quotes, scorer=scorer, bodies=bodies)
    described = resolve_descriptions(sentences, mentions)
    taken = {(r.sent, r.tok) for r in described}
    beside = [r for r in resolve_appositives(sentences, mentions) if (r.sent, r.tok) not in taken]
    found = pronouns + described + beside + resolve_possessed(sentences, pronouns, mentions, bodies=bodies)
    return sorted(found, key=lambda r: r.start)

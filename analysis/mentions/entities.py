"""The entities of one document that pronouns can refer to, with their mentions.

Actor mentions (from the mentions table) and the parser's named entities (PERSON, ORG, GPE,
NORP) that no actor mention covers, plus the unnamed noun phrases that compete for pronouns (a
plural noun for "they", a singular one for "it", an unnamed official for "he"), and coordinations
of named entities ("Russia and Turkey ... they": both). Each mention carries its sentence, head
token, dependency and whether it sits in a prepositional phrase, which salience weighs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from analysis.text.syntax import Sentence

__all__ = ["HONORIFIC_GENDER", "PERSON_NOUNS", "Entity", "EntityMention", "doc_entity_mentions", "first_name_gender"]

_SUBJ = frozenset(("nsubj", "nsubjpass"))
_OBJ = frozenset(("dobj", "iobj", "dative", "attr", "oprd"))
_NER_KIND = {"PERSON": "person", "ORG": "thing", "GPE": "thing", "NORP": "group"}
# the gender an honorific before a name gives it ("Mr. Toner", "Ms. Harf")
HONORIFIC_GENDER = {"mr.": "m", "mr": "m", "ms.": "f", "ms": "f", "mrs.": "f", "mrs": "f", "miss": "f"}


@dataclass
class Entity:
    """One referent of the document: an actor (or one of its people), or another named entity."""

    key: str  # "actor:Trump:Donald Trump", or "other:Manafort"
    kind: str  # person / thing / group
    gender: str = ""  # m / f / "" (unknown)
    actor: str = ""  # actor id, "" for other entities
    person: str = ""  # the actor's person, "" for the actor itself
    plural: bool = False
    titles: set[str] = field(default_factory=set)  # "president", "senator": what a description may call it
    ner: str = ""  # the parser's entity label of its mentions (GPE, ORG, ...), where it gave one
    guessed: bool = False  # the gender comes from the first-name lexicon, which an honorific overrides


@dataclass
class EntityMention:
    """One mention of an entity: its sentence (index in the document), head token and role."""

    entity: Entity
    sent: int
    tok: int
    start: int
    end: int
    dep: str
    in_pp: bool = False


@cache
def _first_names() -> dict[str, str]:
    """The first-name gender lexicon (models/first_names.tsv, built by training/name_genders.py)."""
    path = Path(__file__).parent / "models" / "first_names.tsv"
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    return {r[0]: r[1] for r in rows if len(r) == 2}


def first_name_gender(name: str) -> str:
    """m / f for a full name whose first word the lexicon knows ("Bernie Sanders" -> m), else ""."""
    words = name.split()
    return _first_names().get(words[0], "") if len(words) >= 2 else ""


def _span_head(s: Sentence, a: int, b: int) -> int | None:
    toks = s.tokens_in(a, b)
    return s.head_of(toks) if toks else None


def _in_pp(s: Sentence, k: int) -> bool:
    """True if the token hangs under a preposition (its head chain meets a ``prep`` before a verb)."""
    seen = 0
    while s.head[k] != k and seen < 6:
        if s.dep[k] == "pobj" or s.dep[k] == "prep":
            return True
        if s.pos[s.head[k]] in ("VERB", "AUX"):
            return False
        k = s.head[k]
        seen += 1
    return False


def doc_entity_mentions(
    sentences: Sequence[Sentence],
    actor_mentions: Sequence[tuple[int, int, int, str, str]],
    *,
    actor_kinds: dict[str, str] | None = None,
    genders: dict[str, str] | None = None,
    titles: dict[str, str] | None = None,
) -> list[EntityMention]:
    """Every entity mention of one document, in order.

    ``actor_mentions``: (sentence index, start, end, actor, person) of the counted actor mentions;
    ``actor_kinds``: actor id -> person / thing / group (default: person when the mention names one
    of its people, a group when the name is a plural noun, else thing); ``genders``: person name ->
    m / f; ``titles``: person name -> the actor file's role ("President"). The parser's entities that no
    actor mention overlaps are the other candidates, keyed by their last word (so "Paul Manafort"
    and "Manafort" are one entity).
    """
    actor_kinds = actor_kinds or {}
    genders = genders or {}
    entities: dict[str, Entity] = {}
    out: list[EntityMention] = []
    by_sent: dict[int, list[tuple[int, int, str, str]]] = {}
    for si, a, b, actor, person in actor_mentions:
        by_sent.setdefault(si, []).append((a, b, actor, person))
    headlines = [_title_case(s) for s in sentences]
    person_words = _person_words(sentences, headlines)
    for si, s in enumerate(sentences):
        title_case = headlines[si]
        taken: list[tuple[int, int]] = []
        found: list[EntityMention] = []
        for a, b, actor, person in by_sent.get(si, []):
            h = _span_head(s, a, b)
            if h is None:
                continue
            if person:
                kind = "person"
            else:  # a plural name ("Republicans", "Democrats") is a group: "they", not "it"
                kind = actor_kinds.get(actor) or ("group" if s.tag[h] in ("NNPS", "NNS") else "thing")
            key = f"actor:{actor}:{person}:{kind}"
            ent = entities.setdefault(key, Entity(key, kind, genders.get(person, ""), actor, person))
            if person and not ent.gender:
                ent.gender = first_name_gender(person)
                ent.guessed = bool(ent.gender)
            _note_gender(s, h, a, ent)
            _note_title(s, a, ent, (titles or {}).get(person, ""))
            found.append(EntityMention(ent, si, h, a, b, s.dep[h], _in_pp(s, h)))
            taken.append((a, b))
        k = 0
        while k < len(s):
            if s.ent_iob[k] == "B" and s.ent_type[k] in _NER_KIND:
                j = k + 1
                while j < len(s) and s.ent_iob[j] == "I":
                    j += 1
                a, b = s.start[k], s.end[j - 1]
                if not any(a < y and x < b for x, y in taken):
                    kind = _NER_KIND[s.ent_type[k]]
                    if s.ent_type[k] == "ORG" and j == k + 1 and not s.text[k].isupper():
                        # a one-word "organisation" (not an acronym) may be a person's name; it is one
                        # where the document names a person with that word ("Bernie Sanders" ... "Sanders")
                        if s.text[k] in person_words:
                            kind = "person"
                        elif s.pos[k] == "PROPN":
                            kind = "unknown"
                    _add_other(s, si, list(range(k, j)), kind, entities, found)
                    taken.append((a, b))
                k = j
            elif s.pos[k] == "PROPN" and s.ent_iob[k] == "O" and _name_like(s, k) and not title_case:
                # a proper name the parser did not tag: a person or a thing
                j = k + 1
                while j < len(s) and s.pos[j] == "PROPN" and s.ent_iob[j] == "O":
                    j += 1
                a, b = s.start[k], s.end[j - 1]
                if not any(a < y and x < b for x, y in taken):
                    _add_other(s, si, list(range(k, j)), "unknown", entities, found)
                    taken.append((a, b))
                k = j
            elif (
                s.ent_iob[k] == "O"
                and s.text[k] in person_words
                and s.pos[k] in ("NOUN", "ADJ", "VERB")
                and not title_case
            ):
                # a word of a person's name the parser took for a common word ("Sanders supports",
                # tagged a plural noun); at a sentence's start only where the document never writes
                # it in lower case ("Young people" where "Don Young" is named)
                a, b = s.start[k], s.end[k]
                if (k > _first_word(s) or person_words[s.text[k]]) and not any(a < y and x < b for x, y in taken):
                    _add_other(s, si, [k], "person", entities, found)
                    taken.append((a, b))
                k += 1
            else:
                k += 1
        found.extend(_common_nouns(s, si, taken, found))
        out.extend(sorted(found, key=lambda m: m.start))
    return out


# Nouns for people: a singular one competes for "he"/"she" (an unnamed official, "his lawyer").
PERSON_NOUNS = frozenset(
    """official spokesman spokeswoman spokesperson lawyer attorney aide adviser advisor director
    president senator governor leader minister candidate nominee father son wife husband daughter mother
    brother sister man woman boy girl chief secretary commander judge reporter author host analyst
    professor friend colleague opponent rival challenger incumbent successor predecessor
    chairman chairwoman ceo founder owner manager officer agent deputy ambassador envoy
    congressman congresswoman lawmaker representative mayor sheriff prosecutor investigator""".split()
)
_COMMON_DEPS = frozenset(("nsubj", "nsubjpass", "dobj", "pobj", "iobj", "dative", "attr", "conj", "appos"))


def _common_nouns(
    s: Sentence, si: int, taken: list[tuple[int, int]], named: list[EntityMention]
) -> list[EntityMention]:
    """Unnamed noun phrases that compete for pronouns: a plural noun for "they" ("residents",
    "forces"), a singular one for "it" ("the process", "the video"), a singular noun for people
    for "he"/"she" ("an official"); and a coordination of two or more named entities for "they"
    ("Russia and Turkey ... they": both, not either). Each is an entity of its own."""
    out: list[EntityMention] = []
    for k in range(len(s)):
        if s.pos[k] != "NOUN" or s.dep[k] not in _COMMON_DEPS:
            continue
        a, b = s.start[k], s.end[k]
        if any(x < b and a < y for x, y in taken):
            continue
        word = s.lemma[k].lower()
        if s.tag[k] == "NNS":
            kind = "group"
        elif word in PERSON_NOUNS:
            if any(s.dep[c] == "det" and s.text[c].lower() == "the" for c in s.children(k)):
                continue  # "the senator": a description, resolved on its own (not a competitor)
            kind = "person"
        else:
            kind = "thing"
        ent = Entity(f"noun:{si}:{k}", kind, "", plural=kind == "group")
        out.append(EntityMention(ent, si, k, a, b, s.dep[k], _in_pp(s, k)))
    heads = {m.tok: m for m in named}
    for m in named:
        conj = [c for c in s.children(m.tok) if s.dep[c] == "conj" and c in heads]
        if conj and m.entity.actor:
            ent = Entity(f"group:{si}:{m.tok}", "group", "", plural=True)
            out.append(EntityMention(ent, si, m.tok, m.start, heads[conj[-1]].end, m.dep, m.in_pp))
    return out


def _person_words(sentences: Sequence[Sentence], headlines: Sequence[bool]) -> dict[str, bool]:
    """The capitalised words (not acronyms) of the full names (two words or more) the parser
    tagged as persons anywhere in the document ("Bernie Sanders"), each with whether the document
    never writes it in lower case; none from the title-case ``headlines`` ("Problems For Devin
    Nunes And Trump White House")."""
    names: set[str] = set()
    lower: set[str] = set()
    for s, headline in zip(sentences, headlines):
        for k, w in enumerate(s.text):
            if w.islower():
                lower.add(w)
            full = s.ent_iob[k] == "I" or (k + 1 < len(s) and s.ent_iob[k + 1] == "I")
            if s.ent_type[k] == "PERSON" and full and not headline and _name_like(s, k) and w[:1].isalpha():
                names.add(w)
    return {w: w.lower() not in lower for w in names}


def _title_case(s: Sentence) -> bool:
    """Is the sentence a headline in title case (four words or more, most capitalised)?"""
    words = [w for w in s.text if w[:1].isalpha()]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) > 0.6 * len(words)


def _first_word(s: Sentence) -> int:
    """The index of a sentence's first word (after opening quotes and punctuation)."""
    return next((k for k, w in enumerate(s.text) if w[:1].isalnum()), 0)


def _name_like(s: Sentence, k: int) -> bool:
    """A capitalised word that is not an acronym ("CIA") nor a lone capital."""
    w = s.text[k]
    return len(w) > 1 and w[0].isupper() and not w.isupper()


def _add_other(
    s: Sentence, si: int, toks: list[int], kind: str, entities: dict[str, Entity], found: list[EntityMention]
) -> None:
    """Add a mention of a named entity that no actor mention covers.

    A person (or untagged name) is one entity with an earlier one whose first or last word it is
    ("Mary" after "Mary Paine", "Manafort" after "Paul Manafort"); its key is its first full form.
    """
    names = [s.text[t] for t in toks if s.pos[t] == "PROPN"] or [s.text[t] for t in toks]
    full = " ".join(names)
    key = f"other:{kind}:{full}"
    if kind in ("person", "unknown"):
        for ent in entities.values():
            if ent.actor or ent.kind not in ("person", "unknown"):
                continue
            words = ent.key.split(":", 2)[2].split()
            if full == " ".join(words) or (len(names) == 1 and names[0] in (words[0], words[-1])):
                key = ent.key
                break
    ent = entities.setdefault(key, Entity(key, kind, "", plural=kind == "group"))
    if ent.kind == "unknown" and kind == "person":
        ent.kind = "person"
    h = s.head_of(toks)
    if h is not None:
        if ent.kind == "person" and not ent.gender:
            ent.gender = first_name_gender(" ".join(names))
            ent.guessed = bool(ent.gender)
        _note_gender(s, h, s.start[toks[0]], ent)
        _note_title(s, s.start[toks[0]], ent, "")
        found.append(EntityMention(ent, si, h, s.start[toks[0]], s.end[toks[-1]], s.dep[h], _in_pp(s, h)))


# Title words before a name, as a description would repeat them ("Sen. Cruz" ... "the senator").
TITLE_OF = {
    "president": "president",
    "pres.": "president",
    "senator": "senator",
    "sen.": "senator",
    "governor": "governor",
    "gov.": "governor",
    "representative": "congressman",
    "rep.": "congressman",
    "congressman": "congressman",
    "congresswoman": "congressman",
    "secretary": "secretary",
    "minister": "minister",
    "general": "general",
    "gen.": "general",
    "speaker": "speaker",
    "chairman": "chairman",
    "chairwoman": "chairman",
    "mayor": "mayor",
    "sheriff": "sheriff",
    "ambassador": "ambassador",
    "director": "director",
    "judge": "judge",
    "justice": "justice",
}


def _note_title(s: Sentence, a: int, ent: Entity, role: str) -> None:
    """Add to an entity the title written right before its mention ("President Trump", "Sen.
    Cruz") and its role in the actor file; and the parser's label of the mention."""
    first = min(s.tokens_in(a, a + 1) or [0])
    for k in (first - 1, first):  # "President Trump" as written before a name, or inside a listed form
        if k > 0 and s.text[k - 1].lower() in ("former", "ex"):
            continue  # "former President Bill Clinton" is not "the president"
        if k >= 0 and s.text[k].lower() in TITLE_OF:
            ent.titles.add(TITLE_OF[s.text[k].lower()])
    for word in role.lower().split():
        if word in TITLE_OF:
            ent.titles.add(TITLE_OF[word])
    if s.ent_type[first] and not ent.ner:
        ent.ner = s.ent_type[first]


def _note_gender(s: Sentence, h: int, a: int, ent: Entity) -> None:
    """Set an entity's gender from an honorific right before its mention ("Mr.", "Ms."), which
    overrides a gender guessed from the first name."""
    if (ent.gender and not ent.guessed) or ent.kind != "person":
        return
    first = min(s.tokens_in(a, a + 1) or [h])
    if first > 0 and s.text[first - 1].lower() in HONORIFIC_GENDER:
        ent.gender = HONORIFIC_GENDER[s.text[first - 1].lower()]
        ent.guessed = False

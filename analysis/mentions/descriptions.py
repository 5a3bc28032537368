"""Definite descriptions resolved to entities: "the president", "the senator", "the country".

A noun phrase with "the" (or "this") whose head is a title ("president", "senator",
"governor", ...) refers to the most recent person of the document's last four sentences who
carries that title: written before the person's name ("President Trump", "Sen. Cruz") or given as
the person's role in the actor file. One whose head is a kind of body ("country", "nation",
"government" for a place; "company", "firm", "agency", "party", "committee" for an organisation)
refers to the most recent entity of that kind (the parser's GPE or ORG). A phrase that already
holds an actor mention ("the Russian government") is left to the mention finder.
"""

from __future__ import annotations

from collections.abc import Sequence

from analysis.mentions.entities import TITLE_OF, EntityMention
from analysis.mentions.resolve import MentionIndex, Resolution
from analysis.text.syntax import Sentence

__all__ = ["BODY_NOUNS", "resolve_descriptions"]

# head noun -> the parser labels of what it may describe
BODY_NOUNS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("country", "nation", "government"), frozenset(("GPE",))),
    **dict.fromkeys(("company", "firm", "retailer", "chain", "agency", "party", "committee"), frozenset(("ORG",))),
}
WINDOW = 4
_DETERMINERS = frozenset(("the", "this"))


def resolve_descriptions(sentences: Sequence[Sentence], mentions: Sequence[EntityMention]) -> list[Resolution]:
    """Every definite description of one document that refers to an entity it can be linked to."""
    out: list[Resolution] = []
    index = MentionIndex(mentions)
    for si, s in enumerate(sentences):
        for k in range(len(s)):
            if s.pos[k] != "NOUN" or s.tag[k] != "NN":
                continue
            noun = s.lemma[k].lower()
            title = TITLE_OF.get(noun, "")
            if not title and noun not in BODY_NOUNS:
                continue
            kids = s.children(k)
            det = [c for c in kids if s.dep[c] == "det"]
            if not det or s.text[det[0]].lower() not in _DETERMINERS:
                continue
            if any(s.pos[c] == "PROPN" or s.dep[c] in ("poss", "compound") for c in kids if c != det[0]):
                continue  # "the Russian government", "Trump's company": a mention, or someone else's
            start, end = s.start[det[0]], s.end[k]
            if any(m.start < end and start < m.end and _named(m) for m in index.around(si, si)):
                continue
            if any(s.dep[c] in ("prep", "acl", "relcl") for c in kids):
                continue  # "the president of France": someone the phrase itself names
            pick = _latest(index, si, start, title, noun)
            if pick is not None:
                words = " ".join(s.text[t] for t in range(det[0], k + 1))  # the caller takes the text itself
                out.append(Resolution(si, k, start, end, words, pick.entity, pick, "description", 0.7))
    return out


def _named(m: EntityMention) -> bool:
    """A mention of a named entity (an actor, or a name the parser found), not an unnamed noun phrase."""
    return m.entity.key.startswith(("actor:", "other:"))


def _latest(mentions: MentionIndex, si: int, start: int, title: str, noun: str) -> EntityMention | None:
    """The most recent mention before ``start`` (this sentence and the WINDOW before) of an entity
    the description fits."""
    best = None
    for m in mentions.around(si - WINDOW, si):
        if m.sent == si and m.start >= start:
            continue
        ent = m.entity
        fits = title in ent.titles if title else ent.ner in BODY_NOUNS[noun] and ent.kind != "person"
        if fits:
            best = m
    return best

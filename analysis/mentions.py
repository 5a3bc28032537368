"""Finding every mention of each actor in the kept sentences, with offsets and a kind.

Matching runs on the typography-normalised, diacritic-free copy of each sentence and is
case-aware: a form matches as written, with its first letter capitalised, or in capitals
(headlines). The longest form wins ("Russian Federation" over "Russian", "Recep Tayyip Erdogan"
over "Erdogan"). A form glued to "-backed", "-led", ... is a ``modifier``; an adjective in front
of a place noun ("Turkish resort town") is a ``place``; a form inside one of the actor's
``not_actor`` phrases is ``excluded``. Place and excluded rows stay in the table for audit with
``counted`` false.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from .actors import ActorSet
from .sentences import doc_quote_spans, inside_span
from .textnorm import fold, normalize

__all__ = ["MENTION_COLUMNS", "Matcher", "build_matcher", "find_mentions", "MODIFIER_SUFFIXES", "PLACE_NOUNS"]

MENTION_COLUMNS = [
    "doc_id", "sent_id", "actor", "surface", "start", "end", "kind", "form", "person",
    "possessive", "in_title", "in_quote", "counted",
]
MODIFIER_SUFFIXES = (
    "backed", "led", "allied", "supported", "sponsored", "declared", "controlled", "held", "aligned",
    "brokered", "friendly", "funded", "trained", "armed", "installed", "imposed", "run", "owned",
    "occupied", "influenced", "leaning", "dominated", "affiliated", "linked",
)
PLACE_NOUNS = (
    "town", "city", "village", "border", "borders", "coast", "coastline", "resort", "province",
    "region", "port", "island", "district", "countryside", "riviera", "frontier", "mountains",
)
_MODIFIER_RE = re.compile(r"-(?:" + "|".join(MODIFIER_SUFFIXES) + r")\b")
_PLACE_RE = re.compile(r"(?:-[A-Z][a-z]+)*\s+(?:[a-z]+\s+)?(?:" + "|".join(PLACE_NOUNS) + r")\b")
_POSSESSIVE_RE = re.compile(r"'s?(?![A-Za-z])")


@dataclass(frozen=True)
class Matcher:
    """A compiled matcher for a set of actors."""

    pattern: re.Pattern[str]
    lookup: dict[str, tuple[str, str, str, str]]  # matched text -> (actor, kind, form, person)
    excluded: list[tuple[re.Pattern[str], str]]  # (pattern, actor)


def _variants(form: str) -> set[str]:
    """Case variants under which a folded form may appear: as written, capitalised, in capitals."""
    return {form, form[:1].upper() + form[1:], form.upper()}


def build_matcher(actors: ActorSet) -> Matcher:
    """Compile all forms of the enabled actors into one alternation, longest first."""
    lookup: dict[str, tuple[str, str, str, str]] = {}
    excluded: list[tuple[re.Pattern[str], str]] = []
    for actor in actors.actors:
        for form, kind, person in actor.forms():
            for v in _variants(fold(form)):
                lookup.setdefault(v, (actor.id, kind, form if kind != "person" else person, person))
        for phrase in actor.not_actor:
            alts = "|".join(re.escape(v) for v in sorted(_variants(fold(phrase)), key=len, reverse=True))
            excluded.append((re.compile(r"(?<!\w)(?:" + alts + r")(?!\w)"), actor.id))
    if not lookup:
        return Matcher(re.compile(r"(?!x)x"), lookup, excluded)
    alts = "|".join(re.escape(v) for v in sorted(lookup, key=len, reverse=True))
    # Left edge: no word character before, or a lowercase letter glued to a capitalised form
    # ("cease fireTurkey" in scraped text). Right edge: no lowercase letter or digit after.
    pattern = re.compile(r"(?:(?<!\w)|(?<=[a-z]))(?:" + alts + r")(?![a-z0-9_])")
    return Matcher(pattern, lookup, excluded)


def _match_sentence(norm_text: str, matcher: Matcher) -> list[tuple[int, int, str, str, str, str, bool]]:
    """Matches in one normalised sentence: (start, end, actor, kind, form, person, possessive)."""
    blocked: list[tuple[int, int, str]] = []
    for pat, actor_id in matcher.excluded:
        blocked.extend((m.start(), m.end(), actor_id) for m in pat.finditer(norm_text))
    out = []
    for m in matcher.pattern.finditer(norm_text):
        text = m.group(0)
        if text[:1].islower() and m.start() > 0 and norm_text[m.start() - 1].isalpha():
            continue  # a lowercase form glued to a word is part of that word
        actor_id, kind, form, person = matcher.lookup[text]
        a, b = m.span()
        after = norm_text[b:]
        if any(s <= a and b <= e and actor_id == act for s, e, act in blocked):
            kind = "excluded"
        elif _MODIFIER_RE.match(after):
            kind = "modifier"
        elif kind == "adjective" and _PLACE_RE.match(after):
            kind = "place"
        out.append((a, b, actor_id, kind, form, person, bool(_POSSESSIVE_RE.match(after))))
    return out


def find_mentions(docs: pd.DataFrame, sentences: pd.DataFrame, actors: ActorSet, *, matcher: Matcher | None = None) -> pd.DataFrame:
    """The mentions table: every actor mention in every kept sentence, offsets into ``docs.text``.

    ``in_quote`` says whether the mention lies inside a direct quotation (quotes are found over
    the document's kept paragraphs, so a quote spanning sentences counts); ``counted`` is false
    for ``place`` and ``excluded`` rows, which salience and stance ignore.
    """
    if len(sentences) == 0 or len(docs) == 0:
        return pd.DataFrame(columns=MENTION_COLUMNS)
    matcher = matcher or build_matcher(actors)
    texts = dict(zip(docs["doc_id"], docs["text"]))
    rows: list[dict] = []
    all_quotes = doc_quote_spans(docs, sentences)
    for doc_id, group in sentences.groupby("doc_id", sort=False):
        text = texts[doc_id]
        quotes = all_quotes[doc_id]
        for sent_id, s_start, s_text, is_title in zip(group["sent_id"], group["start"], group["text"], group["is_title"]):
            norm = normalize(s_text)
            for a, b, actor_id, kind, form, person, poss in _match_sentence(norm.text, matcher):
                oa, ob = norm.to_original(a, b)
                start, end = s_start + oa, s_start + ob
                in_quote = inside_span(quotes, start, end) >= 0
                rows.append({
                    "doc_id": doc_id, "sent_id": int(sent_id), "actor": actor_id, "surface": text[start:end],
                    "start": start, "end": end, "kind": kind, "form": form, "person": person,
                    "possessive": poss, "in_title": bool(is_title), "in_quote": bool(in_quote),
                    "counted": kind not in ("place", "excluded"),
                })
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)

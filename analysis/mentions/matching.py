"""Finding every mention of each actor in the kept sentences, with offsets and a kind.

Matching runs on the typography-normalised, diacritic-free copy of each sentence and is
case-aware: a form matches as written, with its first letter capitalised, or in capitals
(headlines); an acronym also with or without the dots of news style ("F.B.I." = "FBI"). The
longest form wins ("Russian Federation" over "Russian", "Recep Tayyip Erdogan" over "Erdogan").
A form glued to "-backed", "-led", ... is a ``modifier``, and so is a person's name before a noun
for what belongs to the person ("Clinton aide", "Trump campaign", "Putin's spokesman"); an
adjective in front of a place noun ("Turkish resort town") is a ``place``; a form inside one of the actor's
``not_actor`` phrases is ``excluded``; a one-word name that the document uses for somebody else
("Bush" after "Jeb Bush") is ``other_person``, and one that two listed people share before either
was named in full is ``ambiguous`` (:mod:`analysis.mentions.surnames`). Those rows stay in the
table for audit with ``counted`` false.

All forms are compiled into one character-trie pattern, so the regex engine skips to the forms'
first letters and tests one character per level rather than every form at every position.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.ingest.actors import ActorSet
from analysis.ingest.normalize import fold, normalize
from analysis.mentions.surnames import SurnameContext
from analysis.text.sentences import doc_quote_spans, inside_span

__all__ = [
    "MENTION_COLUMNS",
    "MODIFIER_SUFFIXES",
    "NOT_COUNTED",
    "PERSON_MODIFIED_NOUNS",
    "PLACE_NOUNS",
    "Exclusions",
    "Matcher",
    "build_matcher",
    "find_mentions",
]

MENTION_COLUMNS = [
    "doc_id",
    "sent_id",
    "actor",
    "surface",
    "start",
    "end",
    "kind",
    "form",
    "person",
    "possessive",
    "in_title",
    "in_quote",
    "counted",
]
MODIFIER_SUFFIXES = (
    "backed",
    "led",
    "allied",
    "supported",
    "sponsored",
    "declared",
    "controlled",
    "held",
    "aligned",
    "brokered",
    "friendly",
    "funded",
    "trained",
    "armed",
    "installed",
    "imposed",
    "run",
    "owned",
    "occupied",
    "influenced",
    "leaning",
    "dominated",
    "affiliated",
    "linked",
)
PLACE_NOUNS = (
    "town",
    "city",
    "village",
    "border",
    "borders",
    "coast",
    "coastline",
    "resort",
    "province",
    "region",
    "port",
    "island",
    "district",
    "countryside",
    "riviera",
    "frontier",
    "mountains",
)
# Kinds kept for audit only: salience, stance, labels and roles skip them.
NOT_COUNTED = frozenset(("place", "excluded", "other_person", "ambiguous"))
_MODIFIER_RE = re.compile(r"-(?:" + "|".join(MODIFIER_SUFFIXES) + r")\b")
# Nouns for what belongs to a person rather than the person: "Clinton aide", "Trump campaign",
# "Putin's spokesman". A person's name before one of them is a ``modifier``.
PERSON_MODIFIED_NOUNS = (
    "aide",
    "aides",
    "campaign",
    "campaigns",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "adviser",
    "advisers",
    "advisor",
    "advisors",
    "staff",
    "staffer",
    "staffers",
    "supporters",
    "supporter",
    "voters",
    "loyalists",
    "allies",
    "ally",
    "officials",
    "lawyer",
    "lawyers",
    "attorney",
    "attorneys",
    "team",
    "camp",
    "era",
    "family",
    "foundation",
    "organization",
    "son",
    "daughter",
    "wife",
    "husband",
    "brother",
    "sister",
    "children",
    "associates",
    "associate",
    "backers",
    "donors",
    "nominee",
    "nominees",
    "appointee",
    "appointees",
)
_PERSON_MODIFIER_RE = re.compile(
    r"(?:'s?)?\s+(?:(?:top|senior|former|longtime|chief|personal|close|key|own|deputy|presidential|political)\s+)?"
    r"(?:" + "|".join(PERSON_MODIFIED_NOUNS) + r")\b"
)
_PLACE_RE = re.compile(r"(?:-[A-Z][a-z]+)*\s+(?:[a-z]+\s+)?(?:" + "|".join(PLACE_NOUNS) + r")\b")
_POSSESSIVE_RE = re.compile(r"'s?(?![A-Za-z])")
# Left edge of a form: no word character before, or a lowercase letter glued to a capitalised
# form ("cease fireTurkey" in scraped text). Checked apart from the form pattern, whose leading
# lookbehind would keep the regex engine from skipping ahead to the forms' first letters.
_LEFT_EDGE = re.compile(r"(?<!\w)|(?<=[a-z])")
_NEVER = re.compile(r"(?!x)x")


@dataclass(frozen=True)
class Exclusions:
    """One actor's ``not_actor`` phrases: one pattern per phrase and a literal pre-check for all."""

    patterns: tuple[re.Pattern[str], ...]
    hint: re.Pattern[str]  # finds any case variant of any phrase, without the word-edge checks

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Spans of the phrases in a text, each phrase's matches found apart (they may overlap)."""
        if not self.hint.search(text):
            return []
        return [m.span() for pat in self.patterns for m in pat.finditer(text)]


@dataclass(frozen=True)
class Matcher:
    """A compiled matcher for a set of actors.

    ``pattern`` finds the longest form at a position with the right edge checked; the left edge
    (``_LEFT_EDGE``) is checked by :func:`_match_sentence`.
    """

    pattern: re.Pattern[str]
    lookup: dict[str, tuple[str, str, str, str]]  # matched text -> (actor, kind, form, person)
    excluded: dict[str, Exclusions]  # actor -> its not_actor phrases
    shared: dict[str, list[tuple[str, str, str, str]]] = field(default_factory=dict)  # one-word names of 2+ people


_ACRONYM = re.compile(r"[A-Z]{2,6}")
_DOTTED = re.compile(r"(?:[A-Z]\.){2,6}")


def _variants(form: str) -> set[str]:
    """Case variants under which a folded form may appear: as written, capitalised, in capitals."""
    return {form, form[:1].upper() + form[1:], form.upper()}


def _dot_variants(form: str) -> set[str]:
    """An acronym with the dots of news style, a dotted one without them ("FBI" = "F.B.I.",
    "U.N." = "UN"); nothing for other forms."""
    if _ACRONYM.fullmatch(form):
        return {"".join(ch + "." for ch in form)}
    if _DOTTED.fullmatch(form):
        return {form.replace(".", "")}
    return set()


def _trie_regex(words: Iterable[str]) -> str:
    """A regex matching any of the (non-empty) words, as a character trie.

    At each node the longer continuations come before the end of a word, so at a given position
    the regex engine tries the matching words longest first, exactly as an alternation sorted by
    decreasing length would, but with one character test per level instead of one per word.
    """
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""  # a leaf: the end of a word
        if "" in node:
            alts.append("")  # a word ends here too: tried after every longer one
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(root)


def build_matcher(actors: ActorSet) -> Matcher:
    """Compile all forms of the enabled actors into one trie alternation, longest first."""
    lookup: dict[str, tuple[str, str, str, str]] = {}
    excluded: dict[str, Exclusions] = {}
    dotted: dict[str, tuple[str, str, str, str]] = {}
    shared: dict[str, list[tuple[str, str, str, str]]] = {}
    for actor in actors.actors:
        for form, kind, person in actor.forms():
            entry = (actor.id, kind, form if kind != "person" else person, person)
            for v in _variants(fold(form)):
                first = lookup.setdefault(v, entry)
                if first[3] != person and kind == "person" == first[1]:  # a one-word name two people share
                    group = shared.setdefault(v, [first])
                    if entry not in group:
                        group.append(entry)
            for v in _dot_variants(fold(form)):
                dotted.setdefault(v, entry)
        phrases = [_variants(fold(phrase)) for phrase in actor.not_actor]
        if phrases:
            patterns = tuple(
                re.compile(
                    r"(?<!\w)(?:" + "|".join(re.escape(v) for v in sorted(vs, key=len, reverse=True)) + r")(?!\w)"
                )
                for vs in phrases
            )
            excluded[actor.id] = Exclusions(patterns, re.compile(_trie_regex(set().union(*phrases))))
    for v, entry in dotted.items():  # a form someone listed wins over a derived spelling
        lookup.setdefault(v, entry)
    if not lookup:
        return Matcher(_NEVER, lookup, excluded)
    # Right edge: no lowercase letter or digit after.
    return Matcher(re.compile(_trie_regex(lookup) + r"(?![a-z0-9_])"), lookup, excluded, shared)


def _match_sentence(norm_text: str, matcher: Matcher) -> list[tuple[int, int, str, str, str, str, bool]]:
    """Matches in one normalised sentence: (start, end, actor, kind, form, person, possessive).

    Matches do not overlap and are found left to right, as by ``finditer`` with the left edge in
    the pattern: where the left edge fails, the search goes on one character further. An actor's
    ``not_actor`` phrases are searched only once the sentence has a form of that actor.
    """
    out = []
    blocked: dict[str, list[tuple[int, int]]] = {}  # actor -> spans of its not_actor phrases
    m = matcher.pattern.search(norm_text)
    while m:
        a, b = m.span()
        if not _LEFT_EDGE.match(norm_text, a):
            m = matcher.pattern.search(norm_text, a + 1)
            continue
        text = m.group(0)
        m = matcher.pattern.search(norm_text, b)
        if text[:1].islower() and a > 0 and norm_text[a - 1].isalpha():
            continue  # a lowercase form glued to a word is part of that word (and used up)
        actor_id, kind, form, person = matcher.lookup[text]
        if actor_id in matcher.excluded and actor_id not in blocked:
            blocked[actor_id] = matcher.excluded[actor_id].spans(norm_text)
        if any(s <= a and b <= e for s, e in blocked.get(actor_id, ())):
            kind = "excluded"
        elif _MODIFIER_RE.match(norm_text, b) or (kind == "person" and _PERSON_MODIFIER_RE.match(norm_text, b)):
            kind = "modifier"
        elif kind == "adjective" and _PLACE_RE.match(norm_text, b):
            kind = "place"
        out.append((a, b, actor_id, kind, form, person, bool(_POSSESSIVE_RE.match(norm_text, b))))
    return out


def _doc_order(doc_ids: pd.Series) -> np.ndarray:
    """Row positions grouped by document (documents in order of first appearance), rows in order."""
    codes = pd.factorize(doc_ids)[0]
    order = np.argsort(codes, kind="stable")
    return order[codes[order] >= 0]


def find_mentions(
    docs: pd.DataFrame,
    sentences: pd.DataFrame,
    actors: ActorSet,
    *,
    matcher: Matcher | None = None,
    quotes: Mapping[str, list[tuple[int, int]]] | None = None,
) -> pd.DataFrame:
    """The mentions table: every actor mention in every kept sentence, offsets into ``docs.text``.

    ``in_quote`` says whether the mention lies inside a direct quotation (quotes are found over
    the document's kept paragraphs, so a quote spanning sentences counts); ``counted`` is false
    for ``place`` and ``excluded`` rows, which salience and stance ignore. ``quotes``: each
    document's quotation spans, when the caller has them (see
    :func:`analysis.text.sentences.sentences_and_tokens`; else found with :func:`doc_quote_spans`).
    """
    if len(sentences) == 0 or len(docs) == 0:
        return pd.DataFrame(columns=MENTION_COLUMNS)
    matcher = matcher or build_matcher(actors)
    texts = dict(zip(docs["doc_id"], docs["text"]))
    all_quotes = quotes if quotes is not None else doc_quote_spans(docs, sentences)
    order = _doc_order(sentences["doc_id"])
    rows: list[tuple] = []
    sents = zip(
        *(sentences[c].to_numpy(dtype=object)[order] for c in ("doc_id", "sent_id", "start", "text", "is_title"))
    )
    names = SurnameContext(shared=matcher.shared)
    current = None
    for doc_id, sent_id, s_start, s_text, is_title in sents:
        if doc_id != current:
            names.reset()
            current = doc_id
        norm = normalize(s_text)
        found = _match_sentence(norm.text, matcher)
        if not found:
            continue
        text, doc_quotes = texts[doc_id], all_quotes[doc_id]
        for a, b, actor_id, kind, form, person, poss in found:
            (actor_id, _, form, person), kind = names.decide(norm.text, a, b, (actor_id, kind, form, person), kind)
            oa, ob = norm.to_original(a, b)
            start, end = s_start + oa, s_start + ob
            rows.append(
                (
                    doc_id,
                    int(sent_id),
                    actor_id,
                    text[start:end],
                    start,
                    end,
                    kind,
                    form,
                    person,
                    poss,
                    bool(is_title),
                    inside_span(doc_quotes, start, end) >= 0,
                    kind not in NOT_COUNTED,
                )
            )
    if not rows:
        return pd.DataFrame(columns=MENTION_COLUMNS)
    return pd.DataFrame(dict(zip(MENTION_COLUMNS, map(list, zip(*rows)))), columns=MENTION_COLUMNS)

"""Attributions whose cue is a noun or an adjective: "Trump's claim that Mexico will pay", "her
promise to raise taxes", "his defense of the deal", "Sanders is eager to ...". A noun's clause
opened by "that" is what it attributes unless the noun is learned as no cue ("the fact that");
a noun's infinitive ("promise to"), a noun's preposition right after it ("defense of") and an
adjective's clause or preposition ("eager to", "worried about") are attributions for the nouns and
adjectives learned as cues from PolNeAR's dev articles by ``bench/attribution.py noun-cues``
(``models/attribution_noun_cues.tsv``). Read for reported speech only, never for a quotation's
speaker, and never inside what another attribution reports."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources

from analysis.framing.colon import reported_row
from analysis.framing.subjects import subject_of
from analysis.text.syntax import Sentence

__all__ = [
    "MIN_COUNT",
    "MIN_RATE",
    "THAT_MIN_RATE",
    "candidate",
    "cue_speaker",
    "is_noun_cue",
    "noun_cue_table",
    "noun_cues",
    "noun_rows",
]

# A (form, lemma) pair is a cue where at least MIN_COUNT of its uses in PolNeAR's dev articles were
# seen and at least MIN_RATE of them lie inside a gold cue whose content they found; a noun's
# "that" clause is one unless MIN_COUNT + 1 uses or more were seen and fewer than THAT_MIN_RATE of
# them were (chosen on dev, cross-fitted: bench/RESULTS.md).
MIN_COUNT = 2
MIN_RATE = 0.5
THAT_MIN_RATE = 0.25
# prepositions right after a noun that open what it attributes ("defense of", "praise for")
_NOUN_PREPS = frozenset(("for", "of", "on", "against", "about", "with", "over", "to"))
# prepositions of an adjective that open what it attributes ("worried about", "critical of")
_ADJ_PREPS = frozenset(("about", "of", "that", "with", "on"))


def _that_clause(s: Sentence, k: int) -> int | None:
    """The clause after noun ``k`` that a complementizer "that" opens ("the claim that ...")."""
    for c in s.children(k):
        if c > k and s.dep[c] in ("acl", "ccomp"):
            if any(s.dep[x] == "mark" and s.text[x].lower() == "that" for x in s.children(c)):
                return c
    return None


def _infinitive(s: Sentence, k: int) -> int | None:
    """The subjectless infinitive after noun ``k`` ("her promise to raise taxes")."""
    for c in s.children(k):
        if c > k and s.dep[c] in ("acl", "relcl") and s.pos[c] in ("VERB", "AUX"):
            kids = s.children(c)
            if any(s.dep[x] == "aux" and s.text[x].lower() == "to" and x < c for x in kids) and not any(
                s.dep[x] in ("nsubj", "nsubjpass") for x in kids
            ):
                return c
    return None


def candidate(s: Sentence, k: int) -> tuple[str, list[int]] | None:
    """(form, content tokens) where token ``k`` is a noun or an adjective that could attribute
    what follows it: ``that`` (a noun's "that" clause), ``to`` (a noun's infinitive), ``prep``
    (the object of a preposition right after a noun), ``adj`` (a predicate adjective's clause or
    preposition); else None. Punctuation and the opening preposition are left out."""
    if s.pos[k] == "NOUN":
        c = _that_clause(s, k)
        form = "that"
        if c is None:
            c, form = _infinitive(s, k), "to"
        if c is None:
            after = [c for c in s.children(k) if c == k + 1 and s.dep[c] == "prep"]
            c = after[0] if after and s.text[after[0]].lower() in _NOUN_PREPS else None
            form = "prep"
    elif s.pos[k] == "ADJ" and s.dep[k] in ("acomp", "ROOT", "conj"):
        kids = [c for c in s.children(k) if c > k]
        clause = [c for c in kids if s.dep[c] in ("ccomp", "xcomp")]
        preps = [c for c in kids if s.dep[c] == "prep" and s.text[c].lower() in _ADJ_PREPS]
        c = (clause or preps)[0] if clause or preps else None
        form = "adj"
    else:
        return None
    if c is None:
        return None
    content = [t for t in s.subtree(c) if s.pos[t] != "PUNCT" and not (t == c and s.dep[c] == "prep")]
    if form == "prep" and any(s.ent_type[t] in ("DATE", "TIME") for t in content):
        return None  # "a statement on Sunday night": when, not what
    return (form, content) if content else None


@cache
def noun_cue_table() -> dict[tuple[str, str], tuple[int, int]]:
    """(form, lemma) -> (uses, uses inside a gold cue whose content they found), from
    ``models/attribution_noun_cues.tsv`` (written by ``bench/attribution.py noun-cues``)."""
    text = resources.files("analysis.framing").joinpath("models/attribution_noun_cues.tsv").read_text(encoding="utf-8")
    table: dict[tuple[str, str], tuple[int, int]] = {}
    for line in [x for x in text.splitlines() if x and not x.startswith("#")][1:]:  # after the header
        form, lemma, n, hits = line.split("\t")
        table[(form, lemma)] = (int(n), int(hits))
    return table


def is_noun_cue(form: str, lemma: str, table: dict[tuple[str, str], tuple[int, int]]) -> bool:
    """Is ``lemma`` in ``form`` a cue by ``table``: a noun's "that" clause unless MIN_COUNT + 1
    uses or more were seen and under THAT_MIN_RATE of them were one; any other form where MIN_COUNT
    uses or more were seen and at least MIN_RATE of them were one."""
    n, hits = table.get((form, lemma), (0, 0))
    if form == "that":
        return not (n > MIN_COUNT and hits < THAT_MIN_RATE * n)
    return n >= MIN_COUNT and hits >= MIN_RATE * n


def noun_cues(s: Sentence) -> list[tuple[int, list[int]]]:
    """The noun and adjective cues of sentence ``s`` with their content tokens, in token order."""
    table = noun_cue_table()
    out = []
    for k in range(len(s)):
        found = candidate(s, k) if s.pos[k] in ("NOUN", "ADJ") else None
        if found is not None and is_noun_cue(found[0], s.lemma[k].lower(), table):
            out.append((k, found[1]))
    return out


def cue_speaker(s: Sentence, k: int) -> int | None:
    """The speaker token of noun or adjective cue ``k``: a noun's possessor ("Trump's claim"), the
    object of its "by" ("a claim by Trump"), the name it is in apposition to, or the subject of the
    verb it is the object or the attribute of, or the object of a preposition of ("Trump made the
    claim", "Trump is a proponent of", "Carson responded to accusations that", "Weaver says in a
    statement that"); an adjective's subject
    (:func:`~analysis.framing.subjects.subject_of`)."""
    if s.pos[k] != "NOUN":
        return subject_of(s, k)
    for c in s.children(k):
        if s.dep[c] == "poss":
            return c
        if s.dep[c] == "prep" and s.text[c].lower() == "by":
            objs = [g for g in s.children(c) if s.dep[g] == "pobj"]
            if objs:
                return objs[0]
    if s.dep[k] == "appos" and s.head[k] != k:  # "Assad, a defender of ...": the name it stands beside
        return s.head[k]
    x = k
    for _ in range(3):  # up through "dobj", "attr", "pobj" and "prep" to the verb
        if s.head[x] == x or s.dep[x] not in ("dobj", "attr", "pobj", "prep"):
            return None
        x = s.head[x]
        if s.pos[x] in ("VERB", "AUX"):
            return subject_of(s, x)
    return None


def noun_rows(
    rows: list[dict],
    doc_id: str,
    sentences: list[Sentence | None],
    text: str,
    quoted: Callable[[int, int], bool],
    speaker: Callable[[Sentence, int], dict],
    group: int,
) -> int:
    """Append to ``rows`` (the quotes table's rows so far) a ``reported`` row for each noun or
    adjective cue of document ``doc_id``'s ``sentences`` (None: one with no parse) outside
    quotation marks (``quoted``: is a span inside them?) whose content is outside them too, where
    no row of the document already holds the cue (inside what another attribution reports: "said
    the plan to ...") or any of the content ("was quick to point out that ...": the verb's row);
    ``speaker`` gives a row's speaker columns. Returns the last group number used."""
    held = []  # the document's rows: the last ones of ``rows``
    for r in reversed(rows):
        if r["doc_id"] != doc_id:
            break
        held.append((r["start"], r["end"]))
    for s in (x for x in sentences if x is not None):
        for k, content in noun_cues(s):
            a, b = s.start[content[0]], s.end[content[-1]]
            if (
                quoted(s.start[k], s.end[k])
                or quoted(a, b)
                or any(x <= s.start[k] < y or (a < y and x < b) for x, y in held)
            ):
                continue
            group += 1
            rows.append(reported_row(doc_id, s.sent_id, text, a, b, speaker(s, k), group))
            held.append((a, b))
    return group

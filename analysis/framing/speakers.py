"""Who a reporting verb's speaker is: the subject of the verb (or the object of "according to"),
mapped to a name and an actor (see :mod:`analysis.framing.quotes`, which finds the verbs)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from analysis.framing.labels import TITLE_WORDS
from analysis.framing.subject_pronouns import refers
from analysis.framing.subjects import _SUBJ, subject_of
from analysis.ingest.actors import ActorSet
from analysis.ingest.normalize import fold
from analysis.mentions.entities import HONORIFIC_GENDER, doc_entity_mentions, first_name_gender
from analysis.mentions.resolve import resolve_pronouns
from analysis.text.syntax import Sentence

__all__ = [
    "DASHES",
    "SpeakerResolver",
    "honorific_gender",
    "only_person",
    "person_entities",
    "relative_antecedent",
    "resolved_people",
    "resolver_links",
    "speaker_fields",
    "speaker_of",
    "subject_of",
]

_PRONOUNS = {"he", "she", "they", "it", "we", "i"}
# pronouns that name their speakers themselves, as a noun phrase does ("Some of those surveyed
# said", "Both candidates", "Many in the party", "those who voted for him")
_QUANTIFIERS = frozenset(
    "some many most few several all both each either neither none one another others someone somebody "
    "anyone anybody everyone everybody nobody those these more half".split()
)

# words before a name that are not given names ("Vice President Joe Biden", "Dr. Ben Carson", "Team Trump")
_NAME_PREFIXES = frozenset(("vice", "dr", "former", "sir", "dame", "lord", "lady", "rev", "u.s", "us", "then", "team"))


def _name_tokens(s: Sentence, k: int) -> list[int]:
    """The name around a speaker token: the token and its compound / flat proper-noun parts."""
    toks = [k] + [c for c in s.children(k) if s.dep[c] in ("compound", "flat") and s.pos[c] == "PROPN"]
    return sorted(toks)


class SpeakerResolver:
    """Maps speaker phrases to (name, actor) with the actor file and the article's mentions."""

    def __init__(self, actors: ActorSet, mentions: pd.DataFrame, references: pd.DataFrame | None = None) -> None:
        self.people = actors.person_index()
        # (doc_id, start of the pronoun) -> (speaker, actor), where the resolver linked it to an actor
        self.references: dict[tuple[str, int], tuple[str, str]] | None = None
        if references is not None:
            self.references = {
                (d, int(a)): (str(p) or str(act), str(act))
                for d, a, p, act in zip(
                    references["doc_id"], references["start"], references["person"], references["actor"]
                )
            }
        self.roles = {p.name: p.role.lower() for a in actors.actors for p in a.people}
        self.surnames: dict[str, tuple[str, str]] = {}
        for folded, (actor, name) in self.people.items():
            self.surnames.setdefault(folded.split()[-1], (actor, name))
        persons = mentions[mentions["kind"] == "person"] if len(mentions) else mentions
        # iter(): a GroupBy has a ``keys`` attribute, which dict() would take for a mapping's keys()
        self._persons_by_doc = dict(iter(persons.groupby("doc_id", sort=False))) if len(persons) else {}
        self._no_persons = persons.iloc[:0]
        counted = mentions[mentions["counted"].astype(bool)] if len(mentions) else mentions
        # (start, end, actor) of each document's counted mentions, in table order
        self.counted_by_doc: dict[str, list[tuple[int, int, str]]] = {}
        if len(counted):
            for d, a, b, actor in zip(counted["doc_id"], counted["start"], counted["end"], counted["actor"]):
                self.counted_by_doc.setdefault(d, []).append((int(a), int(b), str(actor)))

    def persons_in(self, doc_id: str) -> pd.DataFrame:
        """The document's mentions of actor-file people (kind ``person``), in table order."""
        return self._persons_by_doc.get(doc_id, self._no_persons)

    def lookup(self, name: str) -> tuple[str, str] | None:
        f = fold(name)
        if f in self.people:
            return self.people[f]
        parts = f.replace("-", " ").split()
        hit = self.surnames.get(parts[-1]) if parts else None
        if hit is None:
            return None
        given = [  # the given names written before the surname ("Vanessa" of "Vanessa Trump")
            w
            for w in parts[:-1]
            if w[:1].isupper()
            and len(w.rstrip(".")) > 2
            and w.lower() not in TITLE_WORDS
            and w.lower() not in HONORIFIC_GENDER
            and w.lower().rstrip(".") not in _NAME_PREFIXES
        ]
        known = {w.lower()[:3] for w in fold(hit[1]).replace("-", " ").split()}
        # a surname alone or after a title is the listed person; with another given name, someone
        # else ("Vanessa Trump"); given names compared by their first three letters, so that
        # spellings of one name agree ("Sergei" / "Sergey", "Mevlet" / "Mevlut")
        return hit if not given or known & {w.lower()[:3] for w in given} else None

    def named(self, doc_id: str, name: str, a: int, b: int) -> tuple[str, str]:
        """(speaker, actor) for a speaker written as ``name``: the listed person and their actor
        (:meth:`lookup`), else the name as written with the actor of a counted mention in
        ``[a, b)`` ("Turkish FM": Turkey), else "other"."""
        hit = self.lookup(name)
        return (hit[1], hit[0]) if hit is not None else (name, self.actor_in(doc_id, a, b) or "other")

    def actor_in(self, doc_id: str, a: int, b: int) -> str:
        """Actor of a counted mention inside [a, b) (the first), or ""."""
        for start, end, actor in self.counted_by_doc.get(doc_id, ()):
            if start >= a and end <= b:
                return actor
        return ""


def speaker_fields(
    s: Sentence,
    v: int,
    text: str,
    res: SpeakerResolver,
    person_before: Callable[..., tuple[str, str] | None],
    *,
    how: str = "",
    quoted: Callable[[int, int], bool] | None = None,
    find: Callable[[Sentence, int], int | None] = subject_of,
) -> dict:
    """The speaker columns of the quotes table for reporting verb ``v`` (speaker, speaker_actor,
    verb, verb_text, attribution_start/_end, how; see :func:`speaker_of`); ``how``, where given,
    names the rule instead of :func:`speaker_of`'s; ``quoted`` and ``find`` as :func:`speaker_of`
    takes them."""
    speaker, actor, sa, sb, found = speaker_of(s, v, text, res, person_before, quoted=quoted, find=find)
    return {
        "speaker": speaker,
        "speaker_actor": actor,
        "verb": s.lemma[v].lower(),
        "verb_text": s.text[v],
        "attribution_start": sa,
        "attribution_end": sb,
        "how": how or found,
    }


def speaker_of(
    s: Sentence,
    v: int,
    text: str,
    res: SpeakerResolver,
    person_before: Callable[..., tuple[str, str] | None],
    *,
    quoted: Callable[[int, int], bool] | None = None,
    find: Callable[[Sentence, int], int | None] = subject_of,
) -> tuple[str, str, int, int, str]:
    """(speaker, speaker_actor, span start, span end, how) for reporting verb ``v``, whose speaker
    token ``find`` gives (:func:`~analysis.framing.subjects.subject_of`, or for a noun cue
    :func:`~analysis.framing.noun_cues.cue_speaker`).

    ``person_before(pos, title=None)`` gives the (name, actor) of the person named last before
    ``pos`` (see :func:`find_quotes`). ``quoted(a, b)``: is a span inside quotation marks? A
    subject there is no speaker ('"Everyone has given up on you," and warning them': a parse that
    makes the quoted "Everyone" the subject of "warning")."""
    k = find(s, v)
    if k is not None and _dateline(s, k, text):
        k = _after_dateline(s, k)
    if k is not None and quoted is not None and quoted(s.start[k], s.end[k]):
        k = None
    if k is None:
        return "", "unknown", s.start[v], s.end[v], "attribution"
    ante = relative_antecedent(s, k, v)
    if ante is not None:  # "Nate Silver, who founded the site, said ...": Nate Silver, the span from "who"
        who, actor, a, b, how = _speaker_at(s, ante, v, text, res, person_before)
        return who, actor, min(a, s.start[k]), max(b, s.end[k]), how
    return _speaker_at(s, k, v, text, res, person_before)


_RELATIVE = frozenset(("who", "that", "which"))
DASHES = frozenset(("—", "–", "-", "--"))  # as a dateline, a headline or a dash line uses them


def _dateline(s: Sentence, k: int, text: str) -> bool:
    """True if the name at token ``k`` is a dateline, which the parser may take for the subject
    of the sentence's verb: capitals only, opening its paragraph, followed by a dash with only
    names, numbers and punctuation before it ("RANGOON, Burma -", "CLEVELAND, July 19 (UPI) —",
    "TALLAHASSEE —"; not "NATO, the alliance, said")."""
    toks = sorted(_name_tokens(s, k))
    a = s.start[toks[0]]
    letters = [ch for t in toks for ch in s.text[t] if ch.isalpha()]
    if len(letters) < 3 or not all(ch.isupper() for ch in letters):
        return False
    if text[text.rfind("\n", 0, a) + 1 : a].strip():
        return False
    for t in range(toks[-1] + 1, min(len(s), toks[-1] + 11)):
        if s.text[t] in DASHES:
            return True
        if s.pos[t] not in ("PROPN", "NUM", "PUNCT"):
            return False
    return False


def _after_dateline(s: Sentence, k: int) -> int | None:
    """The subject behind a dateline the parser took for it: the phrase set after its dash
    ("LA CROSSE, Wisc. — Gov. Mike Pence ... blamed"), else another subject of the same verb,
    else None (no speaker rather than a city)."""
    dash = next((t for t in range(k + 1, len(s)) if s.text[t] in DASHES), None)
    after = [c for c in s.children(k) if s.dep[c] == "appos" and dash is not None and c > dash]
    if after and s.pos[after[-1]] in ("PROPN", "NOUN"):
        return after[-1]
    v = s.head[k]
    others = [c for c in s.children(v) if s.dep[c] in _SUBJ and c != k] if v != k else []
    return others[0] if others else None


def relative_antecedent(s: Sentence, k: int, v: int) -> int | None:
    """The noun a relative pronoun subject stands for ("officials who said" -> officials): the
    head of the relative clause that holds verb ``v`` (not a date the parser hung it from), or None
    where ``k`` is no relative pronoun."""
    if s.text[k].lower() not in _RELATIVE or s.tag[k] not in ("WP", "WDT"):
        return None
    x, hops = v, 0
    while s.dep[x] != "relcl" and s.head[x] != x and hops < 3:
        x, hops = s.head[x], hops + 1
    up = s.head[x]
    if s.dep[x] != "relcl" or up == x or s.pos[up] not in ("NOUN", "PROPN", "PRON"):
        return None
    if s.ent_type[up] in ("DATE", "TIME") and s.dep[up] == "pobj":
        # "signed a deal in March, which aimed to ...": the parser hung the clause from the date;
        # it says what the verb's object does
        verb = s.head[s.head[up]]
        objs = [c for c in s.children(verb) if s.dep[c] == "dobj" and c < up]
        return objs[-1] if objs else None
    return up


def _speaker_at(
    s: Sentence, k: int, v: int, text: str, res: SpeakerResolver, person_before: Callable[..., tuple[str, str] | None]
) -> tuple[str, str, int, int, str]:
    """:func:`speaker_of` for the speaker token ``k``."""
    word = s.text[k].lower()
    if word in _PRONOUNS or (s.pos[k] == "PRON" and word not in _QUANTIFIERS):
        a, b = min(s.start[k], s.start[v]), max(s.end[k], s.end[v])
        if res.references is not None:  # the reference resolver's answer, else the person named just before
            got = res.references.get((s.doc_id, s.start[k]))
            how = "attribution (pronoun)"
            if got is None and word in ("he", "she"):
                gender = "m" if word == "he" else "f"
                got = person_before(s.start[k], entity=True, gender=gender)
                if got is None:  # the resolver's link to a person outside the actor file: a weaker one
                    got = person_before(s.start[k], resolved=True, gender=gender)
                    how = "attribution (pronoun, salience)" if got is not None else how
            if got is None and word in ("they", "it") and refers(s, k, v):  # "they said": the last such subject
                got = person_before(s.start[k], noun=word)
                how = "attribution (pronoun, subject before)" if got is not None else how
            who, actor = got if got else ("", "unknown")
            return who, actor, a, b, how
        last_named = person_before(s.start[k])
        if last_named is not None and word in ("he", "she"):
            return last_named[0], last_named[1], a, b, "attribution (pronoun)"
        return "", "unknown", a, b, "attribution (pronoun)"
    if s.pos[k] == "PROPN":
        toks = _name_tokens(s, k)
        name = text[s.start[toks[0]] : s.end[toks[-1]]]
        a, b = min(s.start[toks[0]], s.start[v]), max(s.end[toks[-1]], s.end[v])
        phrase_toks = [t for t in s.subtree(k) if s.pos[t] != "PUNCT"]  # "Turkish FM": the actor of its modifier
        who, actor = res.named(s.doc_id, name, s.start[phrase_toks[0]], s.end[phrase_toks[-1]])
        return who, actor, a, b, "attribution"
    skip = set(s.subtree(v)) if v in s.subtree(k) else set()
    toks = [t for t in s.subtree(k) if s.pos[t] != "PUNCT" and t not in skip]
    # a relative clause set off by a comma or a dash ("Fleming, who tends to vote against ...")
    # describes the speaker, it does not pick it out: the phrase ends before it
    asides = [min(s.subtree(c)) for c in s.children(k) if s.dep[c] == "relcl" and c > k]
    asides = [a for a in asides if a > 0 and s.text[a - 1] in (",", "—", "–", "--")]
    if asides and s.pos[k] != "PRON":
        toks = [t for t in toks if t < min(asides) - 1]
    if not toks:  # a subject that is only punctuation, or lies inside the verb's own phrase: no speaker
        return "", "unknown", s.start[v], s.end[v], "attribution"
    a0, b0 = s.start[toks[0]], s.end[toks[-1]]
    phrase = text[a0:b0]
    named = (
        person_before(a0, title=s.lemma[k].lower())
        if s.lemma[k].lower() in TITLE_WORDS
        and not any(s.pos[t] == "PROPN" for t in toks)
        and any(s.text[t].lower() == "the" for t in toks)
        else None
    )
    if named is not None:  # "the general", "the minister": the person of that role named just before
        return named[0], named[1], min(a0, s.start[v]), max(b0, s.end[v]), "attribution (description)"
    actor = res.actor_in(s.doc_id, a0, b0)
    return phrase, actor or "unknown", min(a0, s.start[v]), max(b0, s.end[v]), "attribution"


def honorific_gender(text: str, a: int) -> str:
    """m / f for a name at ``a`` right after "Mr." / "Ms." / "Mrs.", else ""."""
    before = text[max(0, a - 5) : a].split()
    return HONORIFIC_GENDER.get(before[-1].lower(), "") if before else ""


def person_entities(syntax: pd.DataFrame, texts: dict[str, str]) -> dict[str, list[tuple[int, int, str, str, bool]]]:
    """Per document, the (start, end, text, gender, subject) of every name the parser tagged
    PERSON, in order. The gender (m / f / "") comes from an honorific right before the name
    ("Mr.", "Ms."), else the first-name lexicon, else a full name with the same surname named
    earlier or later in the document ("Bernie Sanders ... Sanders"); ``subject``: a word of the
    name is a clause's subject."""
    out: dict[str, list[tuple[int, int, str, str, bool]]] = {}
    if len(syntax) == 0 or "ent_type" not in syntax.columns:
        return out
    p = syntax[syntax["ent_type"] == "PERSON"]
    for doc_id, g in p.groupby("doc_id", sort=False):
        spans: list[tuple[int, int, str, bool]] = []
        text = texts.get(doc_id, "")
        for a, b, iob, dep in zip(g["start"].astype(int), g["end"].astype(int), g["ent_iob"], g["dep"]):
            subject = dep in ("nsubj", "nsubjpass")
            if spans and iob != "B" and 0 <= a - spans[-1][1] <= 1:
                spans[-1] = (spans[-1][0], b, text[spans[-1][0] : b], spans[-1][3] or subject)
            else:
                spans.append((a, b, text[a:b], subject))
        kept = [x for x in spans if x[2].lower() not in ("he", "she", "him", "her")]
        genders = [honorific_gender(text, a) or first_name_gender(name) for a, _, name, _ in kept]
        surname: dict[str, str] = {}
        for (_, _, name, _), gen in zip(kept, genders):
            if gen and len(name.split()) >= 2:
                surname.setdefault(name.split()[-1], gen)
        out[doc_id] = [
            (a, b, name, gen or (surname.get(name.split()[-1], "") if name.split() else ""), subject)
            for (a, b, name, subject), gen in zip(kept, genders)
        ]
    return out


def only_person(hits: list[tuple[int, str, bool]], *, near: int) -> str | None:
    """The person a "he said" / "she said" means, from the (start, name, is a subject) of the
    names before it (outside quotation marks, of a gender that fits), or None rather than a guess:
    the only person (one surname) named in its sentence and the two before; else the only one
    of those names that is a clause's subject; else the only person named in its sentence and
    the six before. On hand-coded referents of PolNeAR dev attributions the parser gave no
    speaker (bench/RESULTS.md), these name 30 of 47 held-out ones, 27 rightly."""
    surname = lambda ns: {n.split()[-1] for n in ns if n.split()}  # noqa: E731
    window = [(a, n, subj) for a, n, subj in hits if a >= near]
    for pool in (window, [x for x in window if x[2]], hits):
        if pool and len(surname(n for _, n, _ in pool)) == 1:
            return pool[-1][1]
    return None


def resolved_people(
    sentences: Sequence[Sentence],
    mentions: Sequence[tuple[int, int, int, str, str]],
    *,
    quotes: Sequence[tuple[int, int]] = (),
) -> dict[int, str]:
    """Pronoun start -> the name of the person the reference resolver links it to, for the "he"
    and "she" of one document whose antecedent is a person the actor file does not list (the
    references table keeps only the actors'): the last resort for a "he said" that nothing else
    names. Not where the antecedent is one of two people joined by "and" ("met John Kirby and
    Mark Toner. ... he said": either). ``mentions``: (sentence index, start, end, actor, person)
    of the counted actor mentions, as :func:`~analysis.mentions.entities.doc_entity_mentions`
    takes them.

    On 54 hand-coded PolNeAR dev attributions (half A of tests/gold/pronoun_speakers), this step
    after the others named 52 speakers, 40 rightly, where they named 31, 27 rightly."""
    out: dict[int, str] = {}
    found = resolve_pronouns(sentences, doc_entity_mentions(sentences, mentions), quotes=quotes)
    for r in found:
        ent = r.entity
        if ent.actor or ent.kind != "person" or r.surface.lower() not in ("he", "she"):
            continue
        ante = r.antecedent
        if ante is not None:  # "met John Kirby and Mark Toner. ... he said": either of two
            a = sentences[ante.sent]
            if a.dep[ante.tok] == "conj" or any(a.dep[c] == "conj" for c in a.children(ante.tok)):
                continue
        if ent.key.startswith("other:"):
            out[r.start] = ent.key.split(":", 2)[2]
    return out


def resolver_links(
    doc_id: str,
    sent_rows: list[tuple[int, int, int, int]],
    parsed: dict[tuple[str, int], Sentence],
    counted: pd.DataFrame | None,
    spans: list[tuple[int, int]],
) -> dict[int, str]:
    """:func:`~analysis.framing.speakers.resolved_people` for one document: its parsed sentences
    in order, with its counted actor mentions."""
    sents = [parsed[(doc_id, sid)] for sid, _, _, _ in sent_rows if (doc_id, sid) in parsed]
    index = {s.sent_id: i for i, s in enumerate(sents)}
    named = []
    if counted is not None:
        named = [
            (index[int(sid)], int(a), int(b), str(actor), person if isinstance(person, str) else "")
            for sid, a, b, actor, person in zip(
                counted["sent_id"], counted["start"], counted["end"], counted["actor"], counted["person"]
            )
            if int(sid) in index
        ]
    return resolved_people(sents, named, quotes=spans)

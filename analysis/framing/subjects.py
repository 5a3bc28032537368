"""Whose words a reporting verb reports: its subject, or where the parser erred the name it
tagged as something else (a surname taken for an adverb, an inverted attribution taken for a
clause, a subject hung from an opening phrase), for :mod:`analysis.framing.speakers`."""

from __future__ import annotations

from analysis.text.syntax import Sentence

__all__ = ["subject_of"]

_SUBJ = ("nsubj", "nsubjpass")


def subject_of(s: Sentence, v: int) -> int | None:
    """Speaker token of a reporting verb: its subject, the object of "according to", a
    passive's agent ("reported by the Herald"), or the subject of the verb a participle, an
    infinitive after an adjective ("quick to point out") or a gerund after "by", "before",
    "after", ... hangs from; for a gerund after "for" or "of", the named object of the verb it
    hangs from ("chastised Snyder for refusing", "accused him of lying"), else its subject."""
    if s.text[v].lower() == "in" and s.pos[v] == "ADP":  # "In a CNN poll, ...": the poll
        return next((c for c in s.children(v) if s.dep[c] == "pobj"), None)
    if s.lemma[v].lower() == "accord":
        for c in s.children(v):
            if s.text[c].lower() == "to":
                objs = [g for g in s.children(c) if s.dep[g] == "pobj"]
                return objs[0] if objs else None
        return None
    for c in s.children(v):  # a passive's agent: "was first reported by the Miami Herald"
        if s.dep[c] == "agent":
            objs = [g for g in s.children(c) if s.dep[g] == "pobj"]
            if objs:
                return objs[0]
    x, hops, via_adjective = v, 0, False
    while hops < 3:
        subj = [c for c in s.children(x) if s.dep[c] in _SUBJ]
        if subj:  # two subjects (a mis-parsed apposition): the one next to the verb
            k = min(subj, key=lambda c: abs(c - x))
            if via_adjective and s.text[k].lower() in ("it", "this", "that"):
                return None  # "it is too early to say that ...": nobody
            return k
        inverted = [
            c
            for c in s.children(x)
            if s.dep[c] in ("dobj", "attr") and c > x and any(s.dep[q] == "ccomp" and q < x for q in s.children(x))
        ]
        if inverted:  # "..., declared the general": the parser takes the speaker for an object
            return inverted[0]
        if s.dep[x] == "acl" and s.pos[s.head[x]] in ("NOUN", "PROPN"):  # "leaflets telling ..."
            return s.head[x]
        if s.dep[x] in ("advcl", "xcomp", "conj", "ccomp", "acl", "acomp") and s.head[x] != x:
            via_adjective = via_adjective or s.dep[x] == "acomp"
            x = s.head[x]  # "..., adding that", "quick to point out", "more likely to say"
            hops += 1
            continue
        p = s.head[x]
        if s.dep[x] == "pcomp" and s.text[p].lower() in _GERUND_PREPS and s.dep[p] == "prep" and s.head[p] != p:
            x = s.head[p]  # "by calling him", "before adding that": the subject of the verb they modify
            hops += 1
            continue
        if (
            s.dep[x] == "pcomp"
            and s.text[p].lower() in ("for", "of")
            and s.dep[p] == "prep"
            and s.pos[s.head[p]] == "VERB"
        ):
            v2 = s.head[p]  # "chastised Snyder for refusing", "accused him of lying": the object, else the subject
            objs = [c for c in s.children(v2) if s.dep[c] == "dative"] + [
                c for c in s.children(v2) if s.dep[c] == "dobj"
            ]
            named = [c for c in objs if s.pos[c] in ("PROPN", "PRON") or s.ent_type[c] in _SPEAKER_TYPES]
            if named:  # not "taking heat for not condemning": Grassley takes it
                return named[0]
            x = v2
            hops += 1
            continue
        return _misparsed_subject(s, x)  # a name the parser tagged as something else, or None
    return None


_CLOSING = frozenset(("”", "''", '"', "’"))
_NOT_NAMES = frozenset(("DATE", "TIME", "CARDINAL", "ORDINAL"))


def _capitalised(s: Sentence, t: int) -> bool:
    """Is token ``t`` a capitalised word (not all capitals, not a date: "Skelly", not "Tuesday")?"""
    w = s.text[t]
    return w[:1].isupper() and any(ch.islower() for ch in w[1:]) and s.ent_type[t] not in _NOT_NAMES


def _misparsed_subject(s: Sentence, v: int) -> int | None:
    """A name the parser did not take for the subject of verb ``v``: in an inverted attribution
    after a quotation ('"...," said Skelly', '"...," said Oversight ranking Democrat
    Elijah Cummings'), the last capitalised word before the next punctuation, the first word after
    the verb being capitalised; right before the verb, a capitalised word tagged as its adverb,
    auxiliary or compound ("..., Will described Trump as", "Bozell notes"), not opening the sentence;
    asked only where the verb hangs from no other verb whose subject it could share, and never in a
    headline in title case."""
    words = [t for t in range(1, len(s)) if s.text[t][:1].isalpha() and s.pos[t] != "PROPN"]
    if len(words) > 1 and 2 * sum(s.text[t][:1].isupper() for t in words) > len(words):
        return None  # a headline in title case ("Beck Blasts ...", "... Just Announced ...")
    if 0 < v < len(s) - 1 and s.text[v - 1] in _CLOSING and _capitalised(s, v + 1):
        last = None
        for t in range(v + 1, min(len(s), v + 7)):
            if s.pos[t] == "PUNCT" or s.pos[t] == "SPACE":
                break
            if _capitalised(s, t):
                last = t
        return last
    t = v - 1
    lead = min([t] + [c for c in s.subtree(t) if c < t])  # "the Persian Gulf states": a noun phrase
    if (
        t > 0
        and s.head[t] == v
        and s.dep[t] in ("advmod", "aux", "compound", "npadvmod")
        and _capitalised(s, t)
        and not (
            s.dep[t] == "compound"
            and (
                (lead > 0 and s.pos[lead - 1] == "DET")
                or any(s.pos[c] == "DET" or s.dep[c] == "poss" for c in s.subtree(t))
            )
        )
    ):
        return t
    return _swallowed_subject(s, v)


def _swallowed_subject(s: Sentence, v: int) -> int | None:
    """The noun phrase set off by commas (or opening the sentence) right before verb ``v`` that the
    parser hung from an opening phrase ("At Boca West, ..., Jay DiPietro, the club's president,
    suggested", "Alarmed by the unrest in Nevada, Senator Harry Reid, the minority leader, said"):
    of the phrases that end right before the verb and outside the most clauses, the innermost
    name, else the largest one; never an object or what hangs from one ("He
    called Cruz, a principled conservative, said ..."); else None."""
    words = [t for t in range(v) if s.pos[t] not in ("PUNCT", "SPACE")]
    if not words:
        return None
    h, level, found = words[-1], 0, []
    while True:  # up the phrases that end right before the verb
        first = min(s.subtree(h))
        if s.dep[h] in ("dobj", "dative", "oprd") and max(s.subtree(s.head[h])) > words[-1] + 1:
            # the object of a verb that goes on past this one ("He called Cruz, a principled
            return None  # conservative, said"), not of a relative clause on the way up ("who founded it")
        if s.pos[h] in ("VERB", "AUX"):
            level += 1  # a phrase found above a clause outranks those inside it
        elif (
            (first == 0 or s.text[first - 1] in (",", "\u201d", "''"))  # not an opening straight quote
            and s.pos[h] in ("PROPN", "NOUN")
            and s.ent_type[h] not in _NOT_NAMES
            and v not in s.subtree(h)
            and (first == 0 or s.dep[h] in ("appos", "conj", "pobj", "npadvmod"))
        ):
            found.append((h, level))
        up = s.head[h]
        if up == h or up >= v or max(s.subtree(up)) > words[-1] + 1:
            break
        h = up
    found = [(t, lv) for t, lv in found if lv == found[-1][1]] if found else []  # the outermost
    names = [t for t, _ in found if s.pos[t] == "PROPN"]
    return names[0] if names else (found[-1][0] if found else None)


# prepositions whose gerund shares its subject with the verb the phrase modifies ("Christie
# tripped up Rubio by calling him ..."); not "for" or "of", whose gerund is often the object's
# ("chastised Snyder for refusing", "accused him of lying")
_SPEAKER_TYPES = frozenset(("PERSON", "ORG", "NORP", "GPE"))
_GERUND_PREPS = frozenset(("by", "before", "after", "since", "while", "upon", "without", "despite", "through", "in"))

"""Who acts and who is acted upon: the grammatical role of every actor mention.

For each counted mention the dependency parse gives its role in its clause:

- ``agent``: subject of an active verb ("Russia backs Assad"), or the *by*-phrase of a passive
  ("was shot down by Turkey");
- ``patient``: object of a verb ("backs Assad"), or subject of a passive ("the jet was shot down");
- ``neither``: anything else (a prepositional object, a copular subject, a noun modifier with no
  verb above it).

A nationality adjective, a possessive or an "X-backed" modifier takes the role of the noun it
qualifies ("Russian warplanes bombed" makes Russia an agent, via "warplanes"); the second of two
coordinated names takes the role of the first ("Turkey and Russia agreed"). The verb is its lemma,
with its particle ("shoot down"); ``negated`` marks a verb with a negation.

With the references table, every pronoun or description resolved to an actor ("he vetoed the
bill", "the regime shelled Aleppo") gets its role too, with ``target`` ``reference`` (``name``
for the mentions that name the actor).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.text.syntax import Sentence, iter_parsed, rows_by_sentence

__all__ = ["ROLE_COLUMNS", "mention_roles", "role_counts", "role_verbs"]

ROLE_COLUMNS = [
    "doc_id",
    "sent_id",
    "actor",
    "mention_start",
    "mention_end",
    "mention",
    "role",
    "verb",
    "verb_start",
    "verb_end",
    "voice",
    "negated",
    "via",
    "dep",
    "in_quote",
    "target",
]
_SUBJ = {"nsubj"}
_PASS_SUBJ = {"nsubjpass"}
_OBJ = {"dobj", "iobj", "dative", "obj"}
_MODIFIER_DEPS = {"amod", "compound", "poss", "nmod", "npadvmod"}
_VERB_POS = {"VERB", "AUX"}


def _verb_phrase(s: Sentence, v: int) -> str:
    """Lemma of a verb with its particle ("shoot down")."""
    prt = [c for c in s.children(v) if s.dep[c] == "prt"]
    return " ".join([s.lemma[v].lower()] + [s.text[c].lower() for c in prt])


def _is_passive(s: Sentence, v: int) -> bool:
    return any(s.dep[c] in ("auxpass", "nsubjpass") for c in s.children(v))


def role_of(s: Sentence, toks: list[int]) -> dict[str, Any]:
    """Role, verb and path of a mention given its tokens in a parsed sentence."""
    out: dict[str, Any] = {
        "role": "neither",
        "verb": "",
        "verb_tok": None,
        "voice": "",
        "negated": False,
        "via": "",
        "dep": "",
    }
    h = s.head_of(toks)
    if h is None:
        return out
    x = h
    inside = set(toks)
    # a modifier ("Russian", "Turkey's", "Kremlin-backed") stands for the noun it qualifies
    hops = 0
    while s.dep[x] in _MODIFIER_DEPS and s.head[x] != x and hops < 3:
        up = s.head[x]
        if s.pos[up] in _VERB_POS:
            break
        if s.pos[up] in ("NOUN", "PROPN", "PRON", "NUM", "ADJ", "VERB") and up not in inside:
            out["via"] = s.text[up]
        x = up
        hops += 1
    while s.dep[x] in ("conj", "appos") and s.head[x] != x:  # "Turkey and Russia", "Lavrov, the minister"
        x = s.head[x]
    dep = s.dep[x]
    out["dep"] = dep
    v = s.head[x]
    if dep == "pobj" and s.dep[v] == "agent":  # passive by-phrase
        verb = s.head[v]
        out.update(role="agent", verb_tok=verb, voice="passive")
    elif dep in _SUBJ and s.pos[v] in _VERB_POS:
        copular = (
            s.lemma[v] == "be" and not any(s.dep[c] in ("xcomp", "ccomp") for c in s.children(v)) and s.pos[v] == "AUX"
        )
        out.update(role="neither" if copular else "agent", verb_tok=v, voice="" if copular else "active")
    elif dep in _PASS_SUBJ:
        out.update(role="patient", verb_tok=v, voice="passive")
    elif dep in _OBJ and s.pos[v] in _VERB_POS:
        out.update(role="patient", verb_tok=v, voice="passive" if _is_passive(s, v) else "active")
    elif dep == "pobj" and s.head[v] != v and s.pos[s.head[v]] in _VERB_POS:
        out.update(verb_tok=s.head[v])  # prepositional object: neither, but keep the verb
    if out["verb_tok"] is not None:
        vt = out["verb_tok"]
        out["verb"] = _verb_phrase(s, vt)
        out["negated"] = any(s.dep[c] == "neg" for c in s.children(vt))
    return out


def mention_roles(
    syntax: pd.DataFrame, mentions: pd.DataFrame, docs: pd.DataFrame, *, references: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The roles table: one row per counted mention (and, with ``references``, per resolved
    reference) with its role and verb (see module doc)."""
    if len(syntax) == 0 or len(mentions) == 0:
        return pd.DataFrame(columns=ROLE_COLUMNS)
    counted = mentions[mentions["counted"].astype(bool)][["doc_id", "sent_id", "actor", "start", "end", "in_quote"]]
    counted = counted.assign(target="name")
    if references is not None and len(references):
        if "rule" in references:  # an apposition shares its name's role: counted once, as the name
            references = references[references["rule"] != "appositive"]
        refs = references[["doc_id", "sent_id", "actor", "start", "end", "in_quote"]].assign(target="reference")
        counted = pd.concat([counted, refs], ignore_index=True).sort_values(["doc_id", "start"], kind="stable")
    by_sent = rows_by_sentence(counted)
    texts = dict(zip(docs["doc_id"], docs["text"]))
    rows: list[dict] = []
    for s in iter_parsed(syntax):
        group = by_sent.get((s.doc_id, s.sent_id))
        if group is None:
            continue
        for m in group:
            toks = s.tokens_in(int(m.start), int(m.end))
            r = role_of(s, toks)
            vt = r.pop("verb_tok")
            rows.append(
                {
                    "doc_id": s.doc_id,
                    "sent_id": s.sent_id,
                    "actor": m.actor,
                    "mention_start": int(m.start),
                    "mention_end": int(m.end),
                    "mention": texts[s.doc_id][int(m.start) : int(m.end)],
                    **r,
                    "verb_start": s.start[vt] if vt is not None else -1,
                    "verb_end": s.end[vt] if vt is not None else -1,
                    "in_quote": bool(m.in_quote),
                    "target": m.target,
                }
            )
    return pd.DataFrame(rows, columns=ROLE_COLUMNS)


def role_counts(roles: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Per outlet × actor × role: mentions and their share of the actor's mentions."""
    cols = ["outlet", "actor", "role", "n", "share"]
    if len(roles) == 0:
        return pd.DataFrame(columns=cols)
    t = roles.merge(docs[["doc_id", "outlet"]], on="doc_id")
    n = t.groupby(["outlet", "actor", "role"]).size().rename("n").reset_index()
    n["share"] = n["n"] / n.groupby(["outlet", "actor"])["n"].transform("sum")
    return n[cols].sort_values(["outlet", "actor", "role"]).reset_index(drop=True)


def role_verbs(roles: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Per outlet × actor × role (agent / patient): each verb and how often."""
    cols = ["outlet", "actor", "role", "verb", "n"]
    if len(roles) == 0:
        return pd.DataFrame(columns=cols)
    t = roles[roles["role"].isin(["agent", "patient"]) & (roles["verb"] != "")]
    t = t.merge(docs[["doc_id", "outlet"]], on="doc_id")
    n = t.groupby(["outlet", "actor", "role", "verb"]).size().rename("n").reset_index()
    return n.sort_values(
        ["outlet", "actor", "role", "n", "verb"], ascending=[True, True, True, False, True]
    ).reset_index(drop=True)[cols]

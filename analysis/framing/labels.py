"""What each outlet calls each actor: the descriptors attached to actor mentions.

For every counted mention the dependency parse gives the words attached to it (``kind``):

- ``title``: an office or title before a name ("President", "Foreign Minister", "dictator");
- ``premodifier``: another adjective or noun before the mention in its noun phrase
  ("NATO member Turkey", "moderate rebels");
- ``backed``: an "X-backed" / "X-led" / ... compound ("Russian-backed" forces);
- ``apposition``: a noun phrase set beside the mention ("Sergei Lavrov, Russia's foreign
  minister");
- ``head_noun``: the noun an adjective, possessive or modifier mention qualifies ("Turkish
  officials", "Turkey's foreign minister"), or the head of a multi-word name ("Assad regime");
- ``evaluative``: a noun that names the actor on its own: a one-word name that is a common noun
  ("rebels") or one of the actor file's ``labels`` ("the regime", "terrorists");
- ``description``: a definite description the reference resolver linked to the actor ("the
  sheriff", "the country", "the general"; with the references table only).

``term`` is the descriptor lower-cased without a leading article, for counting; ``evaluative``
flags terms whose head word is in :data:`EVALUATIVE_NOUNS`. ``names_actor`` says whether the
descriptor is something the actor is called: every kind but a ``head_noun`` that names something
else the actor is attached to ("rebel areas", "Turkish offensive", "Clinton aide") or a generic
collective ("rebel groups"), and a ``premodifier`` that is only a place's name ("Kentucky
Republican"); only those rows are counted as labels (:func:`label_counts`). Abbreviated titles
are written out in ``term`` ("Sen." is "senator").
``standalone`` marks the rows of the actor file's label nouns standing alone (no mention): an
outlet can call an actor "jihadists" without ever naming it, so it can have labels for an actor
it never mentions (the summary's ``label_nouns`` says how many).
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.ingest.actors import ActorSet
from analysis.mentions.matching import MODIFIER_SUFFIXES
from analysis.text.sentences import doc_quote_spans, inside_span
from analysis.text.syntax import Sentence, iter_parsed, rows_by_sentence

__all__ = [
    "EVALUATIVE_NOUNS",
    "HONORIFICS",
    "LABEL_COLUMNS",
    "TITLE_WORDS",
    "find_labels",
    "label_counts",
    "top_label_terms",
]

LABEL_COLUMNS = [
    "doc_id",
    "sent_id",
    "actor",
    "mention_start",
    "mention_end",
    "mention",
    "kind",
    "descriptor",
    "term",
    "start",
    "end",
    "evaluative",
    "names_actor",
    "standalone",
    "in_quote",
]
TITLE_WORDS = frozenset(
    """
president presidents minister ministers premier prime foreign defence defense interior spokesman
spokeswoman spokesperson general gen. gen leader dictator strongman chief secretary ambassador envoy
king queen prince emir sheikh commander head chairman chairwoman deputy senator lawmaker mp colonel
col. lt. lieutenant major counterpart diplomat official officials advisor adviser
mayor governor director representative negotiator ruler tyrant autocrat
speaker whip justice judge sheriff attorney nominee candidate sen. sen rep. rep gov. gov pm fm
""".split()
)
EVALUATIVE_NOUNS = frozenset(
    """
regime regimes government governments dictator dictatorship tyrant strongman autocrat butcher
terrorist terrorists terrorism militant militants jihadist jihadists insurgent insurgents extremist
extremists rebel rebels opposition fighters forces army troops militia militias loyalists ally allies
backer backers sponsor sponsors aggressor aggressors occupier occupiers invader invaders
""".split()
)
_BACKED_RE = re.compile(r"-\s*(?:" + "|".join(MODIFIER_SUFFIXES) + r")$", re.I)
_LEFT_DEPS = {"amod", "compound", "nmod", "npadvmod", "poss", "nn"}
_SKIP_POS = {"DET", "PUNCT", "NUM", "PRON", "CCONJ", "PART", "SPACE"}
_ARTICLE_RE = re.compile(r"^(?:the|a|an)\s+", re.I)


# Titles written abbreviated with a dot, written out in a term ("Sen." is counted as "senator", not
# as "sen"); only the dotted forms, so "Gen Z" stays as it is.
ABBREVIATED_TITLES = {
    "sen.": "senator",
    "sens.": "senators",
    "rep.": "representative",
    "reps.": "representatives",
    "gov.": "governor",
    "pres.": "president",
    "gen.": "general",
    "lt.": "lieutenant",
    "col.": "colonel",
    "sgt.": "sergeant",
    "adm.": "admiral",
    "atty.": "attorney",
    "supt.": "superintendent",
}


def _term(text: str) -> str:
    """Lower-case, single-spaced, without a leading article or trailing punctuation; an abbreviated
    title written out (:data:`ABBREVIATED_TITLES`)."""
    words = [ABBREVIATED_TITLES.get(w.lower(), w) for w in text.split()]
    t = " ".join(words).strip(" ,;:.\"'\u201c\u201d\u2018\u2019()").lower()
    return _ARTICLE_RE.sub("", t)


# Honorifics and party-state tags ("Mr.", "Ms.", "D-Calif.", "R-Ky.") say nothing about how an
# outlet portrays anyone: they are never part of a label.
HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. messrs messrs. mx mx. dr dr.".split())
_PARTY_TAG = re.compile(r"^\(?[DRI]-[A-Z][A-Za-z.]*\)?$")


def _never_label(word: str) -> bool:
    """True for an honorific or a party-state tag."""
    return word.lower() in HONORIFICS or bool(_PARTY_TAG.match(word))


def _party_tag_tokens(s: Sentence) -> frozenset[int]:
    """Tokens of party-state tags the parser split ("D", "-", "Calif." of "(D-Calif.)")."""
    found = getattr(s, "_party_tags", None)
    if found is None:
        out: set[int] = set()
        for i in range(len(s) - 2):
            if (
                s.text[i] in ("D", "R", "I")
                and s.text[i + 1] == "-"
                and s.end[i] == s.start[i + 1]
                and s.end[i + 1] == s.start[i + 2]
                and s.text[i + 2][:1].isupper()
            ):
                out.update((i, i + 1, i + 2))
        found = frozenset(out)
        s._party_tags = found  # type: ignore[attr-defined]
    return found


# Quantifiers in front of a mention ("many Democrats", "some Republicans") count, they do not label.
QUANTIFIERS = frozenset("many some most more several few other all both each every any fewer".split())


def _trim(s: Sentence, toks: list[int]) -> list[int]:
    """Drop honorifics and party-state tags, and leading/trailing punctuation, determiners and
    conjunctions, from a token list."""
    tags = _party_tag_tokens(s)
    toks = sorted(k for k in toks if not _never_label(s.text[k]) and k not in tags)
    while toks and s.pos[toks[0]] in ("PUNCT", "DET", "CCONJ", "SPACE"):
        toks = toks[1:]
    while toks and s.pos[toks[-1]] in ("PUNCT", "CCONJ", "SPACE"):
        toks = toks[:-1]
    return toks


# People who act for the actor, named by what they are ("Turkish soldiers", "Russian diplomats").
_MEMBER_NOUNS = frozenset("soldier soldiers diplomat diplomats lawmaker lawmakers legislator legislators".split())


def _is_name(s: Sentence, k: int) -> bool:
    """A capitalised one-word mention that is no labelling noun ("Trump", "Pence", "Democrats" when
    the parser tags them as common nouns): the actor's name, not something the outlet calls it."""
    words = {s.text[k].lower(), s.lemma[k].lower()}
    return s.text[k][:1].isupper() and not words & EVALUATIVE_NOUNS


def _names_actor(s: Sentence, k: int) -> bool:
    """Whether a head noun ``k`` a mention qualifies can be what the actor is called: a labelling
    noun ("Assad regime", "opposition fighters") or a title ("Turkish officials", "Turkey's
    foreign minister")."""
    return bool({s.text[k].lower(), s.lemma[k].lower()} & (EVALUATIVE_NOUNS | TITLE_WORDS | _MEMBER_NOUNS))


def _only_places(s: Sentence, kind: str, toks: list[int]) -> bool:
    """A premodifier that is only a place's name ("Kentucky Republican", "Texas Republicans"): where
    the actor's member is from, not something the outlet calls the actor."""
    return kind == "premodifier" and all(s.pos[k] == "PROPN" and s.ent_type[k] in ("GPE", "LOC") for k in toks)


def _kind_of_modifier(s: Sentence, toks: list[int], text: str) -> str:
    if _BACKED_RE.search(text.strip()):
        return "backed"
    if any(s.text[k].lower() in TITLE_WORDS for k in toks):
        return "title"
    return "premodifier"


def _someone_else(s: Sentence, sub: list[int]) -> bool:
    """True if a descriptor is no description at all: its head is a person's name ("House Majority
    Whip Kevin McCarthy", "Brett Kavanaugh" beside the Republicans: a person of their own), a
    pronoun or a verb (a misparse: "it", "assails"; "Kremlin-backed" is a kind of its own)."""
    head = s.head_of(sub)
    if head is None:
        return False
    return (s.pos[head] == "PROPN" and s.ent_type[head] == "PERSON") or s.pos[head] in ("PRON", "VERB", "AUX")


def descriptors_of(
    s: Sentence, toks: list[int], *, kind: str, others: frozenset[int] = frozenset()
) -> list[tuple[str, list[int]]]:
    """(descriptor kind, descriptor tokens) attached to the mention made of ``toks``.

    ``kind`` is the mention's kind from the mentions table (name, adjective, person, ...);
    ``others`` are tokens of other actor mentions: an apposition made only of them is a list
    ("Russia, Turkey"), not a descriptor.
    """
    out: list[tuple[str, list[int]]] = []
    h = s.head_of(toks)
    if h is None:
        return out
    inside = set(toks)
    first = min(toks)
    # the head of the mention itself: a common noun ("rebels", "Assad regime", "government forces")
    if s.pos[h] == "NOUN" and kind not in ("adjective", "modifier") and not (len(toks) == 1 and _is_name(s, h)):
        out.append(("evaluative" if len(toks) == 1 else "head_noun", [h]))
    # a title that is part of the mention itself (an alias such as "President Obama")
    lead: list[int] = []
    for k in sorted(toks):
        if s.text[k].lower() not in TITLE_WORDS and not (lead == [] and s.text[k].lower() in ("vice", "former")):
            break
        lead.append(k)
    if lead and len(lead) < len(toks) and s.text[lead[-1]].lower() in TITLE_WORDS:
        out.append(("title", lead))
    # words in front of the mention inside its noun phrase
    for c in s.children(h):
        if c in inside or c > first or s.dep[c] not in _LEFT_DEPS:
            continue
        sub = _trim(s, [k for k in s.subtree(c) if k not in inside])
        if not sub or all(s.pos[k] in _SKIP_POS or not any(ch.isalnum() for ch in s.text[k]) for k in sub):
            continue
        if len(sub) == 1 and s.text[sub[0]].lower() in QUANTIFIERS:
            continue
        text = " ".join(s.text[k] for k in sub)
        out.append((_kind_of_modifier(s, sub, text), sub))
    # apposition after the mention, or the mention as the apposition of a noun phrase
    appos_of = [h] + ([s.head[h]] if s.dep[h] == "conj" else [])  # "Turkey and Russia, two backers"
    for owner in appos_of:
        for c in s.children(owner):
            if s.dep[c] == "appos" and c not in inside:
                sub = _trim(s, [k for k in s.subtree(c) if k not in inside])
                if sub and not set(sub) <= others:
                    out.append(("apposition", sub))
    if s.dep[h] == "appos" and s.head[h] != h:
        up = s.head[h]
        mine = set(s.subtree(h))
        sub = _trim(s, [k for k in s.subtree(up) if k not in mine and k < first])
        if sub and not set(sub) <= others:
            between = range(max(sub) + 1, first)
            if any(s.pos[k] == "PUNCT" for k in between):
                out.append(("apposition", sub))
            else:  # "Syrian dictator Bashar al-Assad": no comma, so a title in front of the name
                out.append((_kind_of_modifier(s, sub, " ".join(s.text[k] for k in sub)), sub))
    # an adjective, possessive or modifier mention: the noun it qualifies
    x, path = h, h
    hops = 0
    while s.dep[x] in _LEFT_DEPS | {"case"} and s.head[x] != x and hops < 3:
        up = s.head[x]
        path = x
        x = up
        hops += 1
        if s.pos[x] in ("NOUN", "PROPN") and x not in inside:
            break
    if x != h and s.pos[x] in ("NOUN", "PROPN") and x not in inside:
        below = set(s.subtree(path))
        sub = [k for k in range(max(toks) + 1, x + 1) if k not in below and s.pos[k] not in ("PUNCT", "DET", "PART")]
        sub = [k for k in sub if x in s.ancestors(k)]
        if sub and sub[-1] == x:
            out.append(("head_noun", sub))
    return [(k, sub) for k, sub in out if k == "backed" or not _someone_else(s, sub)]


def _label_forms(actors: ActorSet) -> dict[str, str]:
    """Lower-cased evaluative label (and its singular) -> actor id, enabled actors only."""
    forms: dict[str, str] = {}
    for a in actors.actors:
        for lab in a.labels:
            low = lab.lower()
            forms.setdefault(low, a.id)
            if low.endswith("s") and " " not in low:
                forms.setdefault(low[:-1], a.id)
    return forms


def find_labels(
    syntax: pd.DataFrame,
    mentions: pd.DataFrame,
    sentences: pd.DataFrame,
    docs: pd.DataFrame,
    actors: ActorSet,
    *,
    references: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The labels table: every descriptor attached to a counted mention, offsets into the text.

    Also reports the actor file's evaluative ``labels`` where they stand alone (outside any
    mention), as kind ``evaluative`` with the noun itself as the mention; and, with
    ``references``, each description resolved to an actor as kind ``description``.
    """
    if len(syntax) == 0 or len(docs) == 0:
        return pd.DataFrame(columns=LABEL_COLUMNS)
    texts = dict(zip(docs["doc_id"], docs["text"]))
    quotes = doc_quote_spans(docs, sentences)
    counted = mentions[mentions["counted"].astype(bool)] if len(mentions) else mentions
    by_sent = rows_by_sentence(counted)
    all_by_sent = rows_by_sentence(mentions[["doc_id", "sent_id", "start", "end"]] if len(mentions) else mentions)
    forms = _label_forms(actors)
    described: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
    if references is not None and len(references):
        d = references[references["kind"] == "description"]
        if "rule" in d:  # an apposition of the name is its label already (kind apposition)
            d = d[d["rule"] != "appositive"]
        for doc, sid, a, b, actor in zip(d["doc_id"], d["sent_id"], d["start"], d["end"], d["actor"]):
            described.setdefault((doc, int(sid)), []).append((int(a), int(b), actor))
    rows: list[dict] = []

    def add(s: Sentence, actor: str, m_a: int, m_b: int, kind: str, toks: list[int], alone: bool = False) -> None:
        text = texts[s.doc_id]
        a, b, desc = s.span_text(text, toks)
        rows.append(
            {
                "doc_id": s.doc_id,
                "sent_id": s.sent_id,
                "actor": actor,
                "mention_start": m_a,
                "mention_end": m_b,
                "mention": text[m_a:m_b],
                "kind": kind,
                "descriptor": desc,
                "term": _term(desc),
                "start": a,
                "end": b,
                "evaluative": s.lemma[toks[-1]].lower() in EVALUATIVE_NOUNS
                or s.text[toks[-1]].lower() in EVALUATIVE_NOUNS,
                "names_actor": (kind != "head_noun" or _names_actor(s, toks[-1])) and not _only_places(s, kind, toks),
                "standalone": alone,
                "in_quote": inside_span(quotes.get(s.doc_id, []), m_a, m_b) >= 0,
            }
        )

    for s in iter_parsed(syntax):
        group = by_sent.get((s.doc_id, s.sent_id))
        taken: list[tuple[int, int]] = []
        every = all_by_sent.get((s.doc_id, s.sent_id))
        if every is not None:
            taken = [(int(m.start), int(m.end)) for m in every]
        mention_toks = {k for a, b in taken for k in s.tokens_in(a, b)}
        for a, b, actor in described.get((s.doc_id, s.sent_id), ()):
            toks = [k for k in s.tokens_in(a, b) if s.pos[k] != "DET"]
            if toks:
                add(s, actor, a, b, "description", toks)
        if group is not None:
            for m in group:
                toks = s.tokens_in(int(m.start), int(m.end))
                others = frozenset(mention_toks - set(toks))
                for kind, dtoks in descriptors_of(s, toks, kind=m.kind, others=others):
                    add(s, m.actor, int(m.start), int(m.end), kind, dtoks)
        if not forms:
            continue
        for k in range(len(s)):
            if s.pos[k] not in ("NOUN", "PROPN"):
                continue
            word, lemma = s.text[k].lower(), s.lemma[k].lower()
            actor = forms.get(word) or forms.get(lemma)
            if actor is None or k in mention_toks:
                continue
            # "Turkish government", "Russia's army": another actor's own body, not this label
            if any(c in mention_toks and s.dep[c] in _LEFT_DEPS | {"appos"} for c in s.children(k)):
                continue
            add(s, actor, s.start[k], s.end[k], "evaluative", [k], alone=True)
            for kind, dtoks in descriptors_of(s, [k], kind="label", others=frozenset(mention_toks)):
                if kind != "evaluative":
                    add(s, actor, s.start[k], s.end[k], kind, dtoks, alone=True)
    return pd.DataFrame(rows, columns=LABEL_COLUMNS)


def top_label_terms(labels: pd.DataFrame, by: list[str], *, n: int = 3, max_words: int = 3) -> pd.Series:
    """Per group of ``by`` (columns of ``labels``): its ``n`` commonest label terms of at most
    ``max_words`` words, among the rows that name the actor, comma-joined (most first, then
    alphabetical)."""
    t = labels[labels["names_actor"].astype(bool)] if "names_actor" in labels and len(labels) else labels
    t = t[t["term"].str.split().str.len() <= max_words] if len(t) else t
    if len(t) == 0:
        return pd.Series(dtype=object)
    c = t.groupby([*by, "term"]).size().rename("n").reset_index()
    c = c.sort_values([*by, "n", "term"], ascending=[True] * len(by) + [False, True])
    return c.groupby(by).head(n).groupby(by)["term"].agg(", ".join)


def label_counts(labels: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Per outlet × actor × kind × term: how often, and the share of the actor's labels (the rows
    that name the actor, ``names_actor``)."""
    cols = ["outlet", "actor", "kind", "term", "n", "share", "evaluative", "n_standalone"]
    if "names_actor" in labels and len(labels):
        labels = labels[labels["names_actor"].astype(bool)]
    if len(labels) == 0:
        return pd.DataFrame(columns=cols)
    t = labels.merge(docs[["doc_id", "outlet"]], on="doc_id")
    if "standalone" not in t:
        t["standalone"] = False
    t["standalone"] = t["standalone"].astype(bool)
    n = (
        t.groupby(["outlet", "actor", "kind", "term"])
        .agg(n=("term", "size"), evaluative=("evaluative", "any"), n_standalone=("standalone", "sum"))
        .reset_index()
    )
    n["share"] = n["n"] / n.groupby(["outlet", "actor"])["n"].transform("sum")
    return n.sort_values(["outlet", "actor", "n", "term"], ascending=[True, True, False, True]).reset_index(drop=True)[
        cols
    ]

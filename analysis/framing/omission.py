"""What some outlets report and others leave out: entities, numbers and claims, present / absent.

Three kinds of item, each with its evidence (document and offsets of its first occurrence in an
outlet):

- ``entity``: a named entity from the parse (people, organisations, places, groups, events,
  laws). People are keyed by surname ("Bashar al-Assad" = "Assad"), people of the actor file by
  their canonical name; other entities by their lower-cased text without "the" and "'s". The
  actors themselves are left out (their prominence is the salience table's business).
- ``number``: a cardinal, quantity, percentage or sum with the noun it counts ("600,000 people");
  ``date``: a date with a year in it, keyed by the year ("2015").
- ``claim``: a sentence and the sentences other outlets wrote for it (verbatim, near-verbatim or
  paraphrase in the reuse alignment, joined transitively); a claim one outlet alone carries is
  present in that outlet only.

The table is long: one row per item and outlet, ``present`` true or false, so that
``pivot(index="label", columns="outlet", values="present")`` gives the presence grid.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from analysis.ingest.normalize import fold
from analysis.text.syntax import iter_parsed

__all__ = ["OMISSION_COLUMNS", "claim_items", "find_items", "omission_table", "text_occurrences"]

OMISSION_COLUMNS = [
    "item_id",
    "kind",
    "key",
    "label",
    "outlet",
    "present",
    "n",
    "n_outlets",
    "doc_id",
    "sent_id",
    "start",
    "end",
]
_ENTITY_TYPES = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
_NUMBER_TYPES = {"CARDINAL", "QUANTITY", "PERCENT", "MONEY"}
_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_NUM_RE = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
_PREFIX_RE = re.compile(r"^(?:al|el|ad|as)-", re.I)


def _entity_key(label: str, text: str) -> str:
    t = re.sub(r"['\u2019]s$", "", text.strip())
    t = re.sub(r"^the\s+", "", t, flags=re.I)
    if label == "PERSON":
        last = t.replace("\u2019", "'").split()[-1] if t.split() else t
        return "person:" + _PREFIX_RE.sub("", fold(last).lower())
    return fold(t).lower()


def _number_key(text: str, noun: str) -> str:
    t = text.strip().lower().replace("about ", "").replace("some ", "")
    t = re.sub(r"^(?:more than|at least|up to|nearly|almost|over|around|an estimated)\s+", "", t)
    if _NUM_RE.match(t):
        t = t.replace(",", "")
    return f"{t} {noun}".strip()


def find_items(syntax: pd.DataFrame, mentions: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Entity, number and date occurrences: doc_id, sent_id, kind, key, surface, start, end."""
    cols = ["doc_id", "sent_id", "kind", "key", "surface", "start", "end"]
    if len(syntax) == 0:
        return pd.DataFrame(columns=cols)
    texts = dict(zip(docs["doc_id"], docs["text"]))
    counted = mentions[mentions["counted"].astype(bool)] if len(mentions) else mentions
    actor_spans: dict[str, list[tuple[int, int, str, str]]] = {}
    for m in counted.itertuples(index=False):
        actor_spans.setdefault(m.doc_id, []).append((int(m.start), int(m.end), str(m.kind), str(m.person)))
    rows: list[dict] = []
    for s in iter_parsed(syntax):
        text = texts[s.doc_id]
        k = 0
        while k < len(s):
            if s.ent_iob[k] != "B":
                k += 1
                continue
            label, j = s.ent_type[k], k + 1
            while j < len(s) and s.ent_iob[j] == "I":
                j += 1
            a, b = s.start[k], s.end[j - 1]
            surface = text[a:b]
            hits = [x for x in actor_spans.get(s.doc_id, []) if x[0] < b and a < x[1]]
            if hits:
                person = next((x[3] for x in hits if x[2] in ("person", "modifier") and x[3]), "")
                if person and label == "PERSON":
                    rows.append(
                        {
                            "doc_id": s.doc_id,
                            "sent_id": s.sent_id,
                            "kind": "entity",
                            "key": "person:" + _PREFIX_RE.sub("", fold(person).lower().split()[-1]),
                            "surface": person,
                            "start": a,
                            "end": b,
                        }
                    )
            elif label in _ENTITY_TYPES:
                rows.append(
                    {
                        "doc_id": s.doc_id,
                        "sent_id": s.sent_id,
                        "kind": "entity",
                        "key": _entity_key(label, surface),
                        "surface": surface,
                        "start": a,
                        "end": b,
                    }
                )
            elif label in _NUMBER_TYPES:
                last = j - 1
                h = s.head[last]
                noun = s.lemma[h].lower() if h != last and s.pos[h] == "NOUN" and h >= j else ""
                rows.append(
                    {
                        "doc_id": s.doc_id,
                        "sent_id": s.sent_id,
                        "kind": "number",
                        "key": _number_key(surface, noun),
                        "surface": f"{surface} {s.text[h]}" if noun else surface,
                        "start": a,
                        "end": s.end[h] if noun else b,
                    }
                )
            elif label == "DATE" and (year := _YEAR_RE.search(surface)):
                rows.append(
                    {
                        "doc_id": s.doc_id,
                        "sent_id": s.sent_id,
                        "kind": "date",
                        "key": year.group(1),
                        "surface": surface,
                        "start": a,
                        "end": b,
                    }
                )
            k = j
    return pd.DataFrame(rows, columns=cols)


_WORD_RE = re.compile(r"[A-Za-z0-9]+")
_TOKEN_RE = re.compile(r"\d{1,3}(?:,\d{3})+|[A-Za-z0-9]+")
_MAX_FORM_WORDS = 5
# a direction as a place's modifier, one way ("eastern Aleppo" = "east Aleppo")
_DIRECTION = {"eastern": "east", "western": "west", "northern": "north", "southern": "south"}


def _form_words(surface: str) -> tuple[str, ...]:
    """The words of a surface form, folded, dots of abbreviations dropped ("U.S." = "US"), "the"
    and a possessive "'s" left off, "%" read as "percent", digit groups joined ("600,000")."""
    t = fold(surface).replace("%", " percent")
    t = re.sub(r"(?<=\d),(?=\d{3})", "", t)
    t = re.sub(r"\b([A-Za-z])\.(?=[A-Za-z]\.?)", r"\1", t).replace(".", " ")
    t = re.sub(r"['\u2019]s\b", "", t)
    words = tuple(w for w in _WORD_RE.findall(t))
    return words[1:] if words[:1] and words[0].lower() == "the" else words


def text_occurrences(items: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Occurrences of the entity, number and date items found by reading the kept text: an item
    is in a document when any of its forms (every surface the tagger gave it anywhere in the
    corpus; a person's surname; a date's year) occurs in one of the document's sentences,
    however the tagger labelled (or missed) it there. A name matches only words of which one
    starts with a capital (so "US" is not the pronoun "us"); the match is word for word, case
    aside, a direction's adjective read as the direction ("eastern Aleppo" = "east Aleppo"). One row
    per item and document that the tagged occurrences do not already cover (same columns as
    :func:`find_items`)."""
    cols = ["doc_id", "sent_id", "kind", "key", "surface", "start", "end"]
    tagged = items[items["kind"].isin(["entity", "number", "date"])] if len(items) else items
    if len(tagged) == 0 or len(sentences) == 0:
        return pd.DataFrame(columns=cols)
    forms: dict[tuple[str, ...], tuple[str, str]] = {}
    for kind, key, surface in zip(tagged["kind"], tagged["key"], tagged["surface"]):
        if kind == "date":
            words: tuple[str, ...] = (str(key),)
        elif str(key).startswith("person:"):
            words = (str(key).split(":", 1)[1],)
        else:
            words = _form_words(str(surface))
        if 0 < len(words) <= _MAX_FORM_WORDS and len("".join(words)) >= 2:
            forms.setdefault(tuple(_DIRECTION.get(w.lower(), w.lower()) for w in words), (str(kind), str(key)))
    firsts = {words[0] for words in forms}
    have = set(zip(tagged["doc_id"], tagged["key"]))
    rows: list[dict] = []
    for doc_id, sent_id, start, text in zip(
        sentences["doc_id"], sentences["sent_id"], sentences["start"], sentences["text"]
    ):
        folded = fold(str(text))
        same = len(folded) == len(str(text))  # offsets kept: the match's own span, else the sentence's
        toks: list[tuple[str, int, int]] = []  # (word as written, start, end); "%" read as "percent"
        for m in _TOKEN_RE.finditer(folded):
            toks.append((m.group(0), m.start(), m.end()))
            if folded[m.end() : m.end() + 1] == "%":
                toks.append(("percent", m.end(), m.end() + 1))
        low = [t[0].replace(",", "").lower() for t in toks]
        low = [_DIRECTION.get(w, w) for w in low]
        for i in range(len(toks)):
            if low[i] not in firsts:  # no form starts with this word: spares the n-gram look-ups
                continue
            for n in range(1, _MAX_FORM_WORDS + 1):
                hit = forms.get(tuple(low[i : i + n])) if i + n <= len(toks) else None
                if hit is None:
                    continue
                kind, key = hit
                if (doc_id, key) in have or (kind == "entity" and not any(t[0][0].isupper() for t in toks[i : i + n])):
                    continue  # a name has a capital: "US" is not "us" (in "eastern Aleppo", Aleppo's)
                have.add((doc_id, key))
                a, b = (toks[i][1], toks[i + n - 1][2]) if same else (0, len(str(text)))
                rows.append(
                    {
                        "doc_id": doc_id,
                        "sent_id": int(sent_id),
                        "kind": kind,
                        "key": key,
                        "surface": str(text)[a:b],
                        "start": int(start) + a,
                        "end": int(start) + b,
                    }
                )
    return pd.DataFrame(rows, columns=cols)


def claim_items(alignment: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Claims: every non-title sentence joined with its verbatim / near-verbatim / paraphrase
    counterparts (connected components); key = the component's first sentence."""
    cols = ["doc_id", "sent_id", "kind", "key", "surface", "start", "end"]
    if len(sentences) == 0:
        return pd.DataFrame(columns=cols)
    body = sentences[~sentences["is_title"].astype(bool)]
    nodes = list(zip(body["doc_id"], body["sent_id"].astype(int)))
    parent = {n: n for n in nodes}

    def find(x: tuple[Any, int]) -> tuple[Any, int]:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    if len(alignment):
        linked = alignment[alignment["relation"].isin(["verbatim", "near-verbatim", "paraphrase"])]
        for a_doc, a_s, b_doc, b_s in zip(linked["doc_a"], linked["sent_a"], linked["doc_b"], linked["sent_b"]):
            x, y = (a_doc, int(a_s)), (b_doc, int(b_s))
            if x in parent and y in parent:
                rx, ry = find(x), find(y)
                if rx != ry:
                    parent[max(rx, ry)] = min(rx, ry)
    comp = {n: find(n) for n in nodes}
    first: dict[tuple[Any, int], tuple[Any, int]] = {}
    for n in nodes:
        first.setdefault(comp[n], n)
    out = body[["doc_id", "sent_id", "start", "end", "text"]].copy()
    out["kind"] = "claim"
    out["key"] = [f"{first[comp[n]][0]}#{first[comp[n]][1]}" for n in nodes]
    out["surface"] = out["text"]
    return out[cols].reset_index(drop=True)


# Above this many item × outlet cells the table lists only the outlets that carry each item (an
# absent outlet is one with no row): the full grid of every claim and entity of 5,000 articles
# across 300 outlets is tens of millions of rows for no information.
OMISSION_GRID_MAX_CELLS = 500_000


def omission_table(
    items: pd.DataFrame, docs: pd.DataFrame, *, max_cells: int = OMISSION_GRID_MAX_CELLS
) -> pd.DataFrame:
    """Present / absent rows per item and outlet, with the first evidence per outlet.

    ``label`` is the item's most frequent surface (ties: the first in sorted order; for a claim:
    its first sentence); ``n_outlets`` is how many outlets carry it. Items are numbered by kind,
    then the most widely carried first, then key. Up to ``max_cells`` items × outlets every
    outlet has a row for every item (``present`` false, empty evidence where it does not carry
    it); above, only the outlets that carry an item have rows.
    """
    if len(items) == 0 or len(docs) == 0:
        return pd.DataFrame(columns=OMISSION_COLUMNS)
    t = items.merge(docs[["doc_id", "outlet"]], on="doc_id")
    if len(t) == 0:
        return pd.DataFrame(columns=OMISSION_COLUMNS)
    outlets = sorted(docs["outlet"].unique())
    counts = t.groupby(["kind", "key", "surface"]).size().rename("c").reset_index()
    counts = counts.assign(neg=-counts["c"]).sort_values(["kind", "key", "neg", "surface"], kind="stable")
    labels = counts.drop_duplicates(["kind", "key"]).set_index(["kind", "key"])["surface"]
    claim_first = t[t["kind"] == "claim"].drop_duplicates(["key"]).set_index("key")["surface"]
    n_out = t.groupby(["kind", "key"])["outlet"].nunique()
    order = pd.DataFrame(
        {
            "kind": labels.index.get_level_values(0),
            "key": labels.index.get_level_values(1),
            "label": labels.to_numpy(),
            "n_outlets": n_out.reindex(labels.index).to_numpy(),
        }
    )
    is_claim = order["kind"] == "claim"
    order.loc[is_claim, "label"] = order.loc[is_claim, "key"].map(claim_first).fillna(order.loc[is_claim, "label"])
    order = order.assign(neg=-order["n_outlets"]).sort_values(["kind", "neg", "key"], kind="stable")
    order["item_id"] = range(len(order))
    firsts = t.sort_values(["doc_id", "start"], kind="stable").drop_duplicates(["kind", "key", "outlet"])
    found = firsts[["kind", "key", "outlet", "doc_id", "sent_id", "start", "end"]].merge(
        t.groupby(["kind", "key", "outlet"]).size().rename("n").reset_index(), on=["kind", "key", "outlet"]
    )
    if len(order) * len(outlets) <= max_cells:
        grid = order[["item_id", "kind", "key", "label", "n_outlets"]].merge(
            pd.DataFrame({"outlet": outlets}), how="cross"
        )
        out = grid.merge(found, on=["kind", "key", "outlet"], how="left")
    else:
        out = order[["item_id", "kind", "key", "label", "n_outlets"]].merge(found, on=["kind", "key"])
    out = out.sort_values(["item_id", "outlet"], kind="stable").reset_index(drop=True)
    out["present"] = out["doc_id"].notna()
    out["n"] = out["n"].fillna(0).astype("int64")
    out["doc_id"] = out["doc_id"].astype(object).where(out["present"], "")
    for col in ("sent_id", "start", "end"):
        out[col] = out[col].fillna(-1).astype("int64")
    out["n_outlets"] = out["n_outlets"].astype("int64")
    out["item_id"] = out["item_id"].astype("int64")
    return out[OMISSION_COLUMNS]

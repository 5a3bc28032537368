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
from array import array
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.framing.item_forms import DIRECTION, first_names_rekeyed, form_index, person_key_word
from analysis.ingest.normalize import fold
from analysis.text.syntax import iter_parsed

__all__ = [
    "OMISSION_COLUMNS",
    "claim_items",
    "find_items",
    "first_names_rekeyed",
    "omission_table",
    "text_occurrences",
]

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
    "via",
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
        return "person:" + _PREFIX_RE.sub("", fold(person_key_word(t) or t).lower())
    return fold(t).lower()


def _number_key(text: str, noun: str) -> str:
    t = text.strip().lower().replace("about ", "").replace("some ", "")
    t = re.sub(r"^(?:more than|at least|up to|nearly|almost|over|around|an estimated)\s+", "", t)
    t = re.sub(r"^a\s+(?=(?:half|third|quarter|fifth|dozen|hundred|thousand|million|billion|trillion)\b)", "one ", t)
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


_TOKEN_RE = re.compile(r"\d{1,3}(?:,\d{3})+|(?:[A-Za-z]\.)+[A-Za-z]\b\.?|[A-Za-z0-9]+")  # "U.S." one word


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
    forms = form_index(tagged)
    lengths: dict[str, list[int]] = {}  # per first word, the lengths of the forms it starts, shortest first
    for words in forms:
        lengths.setdefault(words[0], []).append(len(words))
    lengths = {w: sorted(set(ns)) for w, ns in lengths.items()}
    have = set(zip(tagged["doc_id"], tagged["key"]))
    # the rows' columns; the numbers 8 bytes a value, not an int object each
    out_doc: list[str] = []
    out_kind: list[str] = []
    out_key: list[str] = []
    out_surface: list[str] = []
    out_sent, out_start, out_end = array("q"), array("q"), array("q")
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
        low = [t[0].replace(",", "").replace(".", "").lower() for t in toks]
        low = [DIRECTION.get(w, w) for w in low]
        for i in range(len(toks)):
            for n in lengths.get(low[i], ()):  # only the lengths of the forms this word starts
                owners = forms.get(tuple(low[i : i + n])) if i + n <= len(toks) else None
                capital = any(t[0][0].isupper() for t in toks[i : i + n]) if owners else False
                for kind, key in owners or ():
                    if (doc_id, key) in have or (kind == "entity" and not capital):
                        continue  # a name has a capital: "US" is not "us" (in "eastern Aleppo", Aleppo's)
                    have.add((doc_id, key))
                    a, b = (toks[i][1], toks[i + n - 1][2]) if same else (0, len(str(text)))
                    out_doc.append(doc_id)
                    out_kind.append(kind)
                    out_key.append(key)
                    out_surface.append(str(text)[a:b])
                    out_sent.append(int(sent_id))
                    out_start.append(int(start) + a)
                    out_end.append(int(start) + b)
    # columns, not a dict per row: at the whole AllSides corpus's 2.9 million rows, a GB less
    if not out_doc:
        return pd.DataFrame(columns=cols)
    strings = dict(zip(("doc_id", "kind", "key", "surface"), (out_doc, out_kind, out_key, out_surface)))
    numbers = dict(zip(("sent_id", "start", "end"), (out_sent, out_start, out_end)))
    out = {c: np.asarray(v, dtype=object) for c, v in strings.items()}
    out.update({c: np.frombuffer(v, dtype=np.int64) for c, v in numbers.items()})
    return pd.DataFrame(out, columns=cols)


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
    items: pd.DataFrame | Sequence[pd.DataFrame],
    docs: pd.DataFrame,
    *,
    max_cells: int = OMISSION_GRID_MAX_CELLS,
    via: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Present / absent rows per item and outlet, with the first evidence per outlet.

    ``items``: the occurrences (:func:`find_items`' columns), one frame or parts that would
    concatenate to it (read column by column, never joined into one frame). ``label`` is the
    item's most frequent surface (ties: the first in sorted order; for a claim: its first
    sentence); ``n_outlets`` is how many outlets carry it. Items are numbered by kind, then the
    most widely carried first, then key. Up to ``max_cells`` items × outlets every outlet has a
    row for every item (``present`` false, empty evidence where it does not carry it); above,
    only the outlets that carry an item have rows. An outlet's evidence is its first occurrence
    (by document id, then offset); ``via`` names how each part was found (one label a part, e.g.
    ``tagged``, ``text``, ``words``, ``meaning``), and the evidence's label is the row's ``via``
    (empty where absent, or where no labels are given). Rows of documents not in ``docs``, and
    rows without a kind, key or surface, are left out.

    Worked on integer codes of the items, outlets and documents rather than on joined and
    sorted copies of the rows: on the whole AllSides corpus (7.4 million occurrences) the
    joins held 3 GB above the rows themselves.
    """
    parts = [items] if isinstance(items, pd.DataFrame) else list(items)
    labels = list(via) if via is not None else [""] * len(parts)
    if len(labels) != len(parts):
        raise ValueError(f"omission_table: {len(labels)} via labels for {len(parts)} parts")
    labels = [label for label, part in zip(labels, parts) if len(part)]
    parts = [part for part in parts if len(part)]
    if not parts or len(docs) == 0:
        return pd.DataFrame(columns=OMISSION_COLUMNS)
    col = _columns(parts)
    docs = docs.drop_duplicates("doc_id")  # unique in a run already
    at = pd.Index(docs["doc_id"]).get_indexer(col("doc_id"))
    keep = (at >= 0) & ~(pd.isna(col("kind")) | pd.isna(col("key")) | pd.isna(col("surface")))
    if not keep.any():
        return pd.DataFrame(columns=OMISSION_COLUMNS)
    how = np.repeat(np.asarray(labels, dtype=object), [len(part) for part in parts])
    if not keep.all():
        at, col, how = at[keep], _columns(parts, keep), how[keep]
    doc_outlet, outlets = pd.factorize(docs["outlet"], sort=True)
    kind, kind_names = pd.factorize(col("kind"), sort=True)
    key, key_names = pd.factorize(col("key"), sort=True)
    item, pairs = pd.factorize(key.astype(np.int64) * len(kind_names) + kind)
    del kind, key  # a row's codes are its item's from here (the per-row arrays are 60 MB each at 7 million rows)
    kinds, keys = np.asarray(pairs % len(kind_names)), np.asarray(pairs // len(kind_names))
    label = _item_labels(col("surface"), item, col("kind") == "claim", len(kinds))
    pair = item.astype(np.int64) * len(outlets) + doc_outlet[at]
    del item
    # each (item, outlet)'s first occurrence: by document id, offset, then row
    by = np.lexsort((np.arange(len(pair)), col("start"), pd.factorize(docs["doc_id"], sort=True)[0][at], pair))
    del at
    pair = pair[by]
    new = np.r_[True, pair[1:] != pair[:-1]]
    first, found = by[new], pair[new]
    n_found = np.diff(np.r_[np.flatnonzero(new), len(pair)])
    del by, pair, new
    n_outlets = np.bincount(found // len(outlets), minlength=len(kinds))
    order = np.lexsort((keys, -n_outlets, kinds))  # item codes by kind, most outlets, key
    item_id = np.empty(len(order), dtype=np.int64)
    item_id[order] = np.arange(len(order))
    if len(order) * len(outlets) <= max_cells:
        rows = np.repeat(order, len(outlets)) * len(outlets) + np.tile(np.arange(len(outlets)), len(order))
    else:  # the carried pairs only, by item number then outlet
        rows = found[np.lexsort((found % len(outlets), item_id[found // len(outlets)]))]
    hit = pd.Index(found).get_indexer(rows)
    it, present = rows // len(outlets), hit >= 0
    src = np.where(present, first[np.maximum(hit, 0)], 0)
    evidence = lambda name, missing: np.where(present, col(name)[src], missing)  # noqa: E731
    return pd.DataFrame(
        {
            "item_id": item_id[it],
            "kind": np.asarray(kind_names, dtype=object)[kinds[it]],
            "key": np.asarray(key_names, dtype=object)[keys[it]],
            "label": label[it],
            "outlet": np.asarray(outlets, dtype=object)[rows % len(outlets)],
            "present": present,
            "n": np.where(present, n_found[np.maximum(hit, 0)], 0).astype(np.int64),
            "n_outlets": n_outlets[it].astype(np.int64),
            "doc_id": evidence("doc_id", "").astype(object),
            "sent_id": evidence("sent_id", -1).astype(np.int64),
            "start": evidence("start", -1).astype(np.int64),
            "end": evidence("end", -1).astype(np.int64),
            "via": np.where(present, how[src], "").astype(object),
        },
        columns=OMISSION_COLUMNS,
    )


def _columns(parts: list[pd.DataFrame], keep: np.ndarray | None = None) -> Callable[[str], np.ndarray]:
    """A reader of one column of the parts at a time, concatenated (the rows ``keep`` marks):
    strings as Python objects, offsets as int64."""

    def column(name: str) -> np.ndarray:
        numeric = name in ("sent_id", "start", "end")
        values = np.concatenate([part[name].to_numpy(dtype=np.int64 if numeric else object) for part in parts])
        return values if keep is None else values[keep]

    return column


def _item_labels(surface: np.ndarray, item: np.ndarray, is_claim: np.ndarray, n_items: int) -> np.ndarray:
    """Each item's label: its most frequent surface (ties: the first in sorted order); a claim's
    is the surface of its first row."""
    label = np.empty(n_items, dtype=object)
    if is_claim.any():
        firsts = np.unique(item[is_claim], return_index=True)
        label[firsts[0]] = surface[is_claim][firsts[1]]
    if (~is_claim).any():
        codes = item[~is_claim].astype(np.int64)
        names_code, names = pd.factorize(surface[~is_claim], sort=True)
        width = max(len(names), 1)
        pairs, counts = np.unique(codes * width + names_code, return_counts=True)
        owner, name = pairs // width, pairs % width
        best = np.lexsort((name, -counts, owner))
        best = best[np.r_[True, owner[best][1:] != owner[best][:-1]]]
        label[owner[best]] = np.asarray(names, dtype=object)[name[best]]
    return label

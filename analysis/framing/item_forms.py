"""The forms under which an omission item can be written: how a person is keyed, and which other
words name the same entity or number.

An outlet carries an item when its text names it under any of its forms (issue 22). The tagger's
surfaces give most of them; these rules add the ones the surfaces do not show:

- a person is keyed by the surname: the last word of the name that is not a first name, the name
  cut where a web page glued two links together ("John TrumpTrump" is Trump, "Ron Johnson
  Ronald" is Johnson); a first name written alone ("Bashar") is the person named in full with it
  elsewhere in the corpus ("Bashar al-Assad");
- a name's acronym is one of its forms, and the reverse ("FDA" = "Food and Drug Administration":
  the initials of the content words), for acronyms of three letters or more where no other name
  of the corpus has the same initials (two letters are too few: "NR" is "National Review" in
  one article that never names it in full, and "New Republic" names another thing);
- a people's word is carried by its other forms: singular and plural ("Democrat", "Democrats"),
  and an adjective in "-ish" or "-ic" by its noun ("Kurdish": "Kurd", "Kurds"; "Arabic": "Arab");
- the other names of some well-known countries, bodies and groups (``models/entity_equivalents.tsv``:
  "America" = "U.S." = "United States"; "Daesh" = "ISIS" = "Islamic State"); a country's name
  never carries its adjective ("Turkey" is not "Turkish");
- "a third" is "one third", "a million" is "one million".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pandas as pd

from analysis.ingest.normalize import fold
from analysis.mentions.entities import _first_names

__all__ = [
    "DIRECTION",
    "MAX_FORM_WORDS",
    "equivalent_forms",
    "first_names_rekeyed",
    "form_index",
    "form_variants",
    "form_words",
    "initials",
    "person_key_word",
    "rekey_first_names",
]

_GLUE_RE = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-zA-Z])")
_NAME_PREFIXES = ("Mac", "Van", "Von", "Vander", "Della", "Del", "Des", "Dos")
_MINOR = {"of", "and", "the", "for", "on", "in", "de", "du", "la", "to", "at"}
_COUNTED = {"half", "third", "quarter", "fifth", "dozen", "hundred", "thousand", "million", "billion", "trillion"}


def _unglued(word: str) -> str:
    """A word cut where a web page glued the next link's text to it ("TrumpFauci" -> "Trump");
    names such as "McConnell", "DeSantis" and "MacArthur" are left whole."""
    m = _GLUE_RE.search(word)
    if m is None or word.startswith(_NAME_PREFIXES):
        return word
    return word[: m.start()]


def person_key_word(surface: str, *, first_names: Iterable[str] = ()) -> str:
    """The word a person is keyed by: the last word that is not a first name (of the lexicon or
    of ``first_names``), read up to the first glued link ("Joe Biden Joe BidenTrump" -> "Biden");
    the last word where every word is a first name; "" for an empty surface."""
    words = re.sub(r"['\u2019]s$", "", surface.strip()).replace("\u2019", "'").split()
    for i, w in enumerate(words):
        cut = _unglued(w)
        if cut != w:
            words = [*words[:i], cut]
            break
    if not words:
        return ""
    names = _first_names().keys() | set(first_names)
    for w in reversed(words):
        if w not in names and w[:1].isupper():
            return w
    return words[-1]


def rekey_first_names(keys: list[str], surfaces: list[str]) -> list[str]:
    """Person keys ("person:<word>") of a first name written alone, replaced by the key of the
    person named in full with that first name in the corpus (the most frequent when several);
    other keys unchanged. ``surfaces``: each key's surface (the name as written)."""
    full: dict[str, dict[str, int]] = {}
    for key, surface in zip(keys, surfaces):
        words = str(surface).split()
        if str(key).startswith("person:") and len(words) >= 2:
            first = words[0].lower()
            if f"person:{first}" != key:
                counts = full.setdefault(first, {})
                counts[key] = counts.get(key, 0) + 1
    out = []
    for key, surface in zip(keys, surfaces):
        word = str(key).split(":", 1)[1] if str(key).startswith("person:") else ""
        if word and len(str(surface).split()) == 1 and word in full:
            out.append(max(sorted(full[word]), key=full[word].__getitem__))
        else:
            out.append(key)
    return out


def initials(words: tuple[str, ...]) -> str:
    """The acronym of a name of two or more content words ("food and drug administration" ->
    "fda"); "" for a shorter name."""
    content = [w for w in words if w not in _MINOR]
    return "".join(w[0] for w in content) if len(content) >= 2 else ""


@cache
def _equivalents() -> dict[tuple[str, ...], frozenset[tuple[str, ...]]]:
    """Each form of ``models/entity_equivalents.tsv`` -> the forms of its group (lower-cased
    word tuples, dots of abbreviations dropped)."""
    path = Path(__file__).resolve().parent / "models" / "entity_equivalents.tsv"
    out: dict[tuple[str, ...], frozenset[tuple[str, ...]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        group = frozenset(_words(f) for f in line.split("|") if _words(f))
        for form in group:
            out[form] = out.get(form, frozenset()) | group
    return out


def _words(surface: str) -> tuple[str, ...]:
    t = re.sub(r"\b([A-Za-z])\.(?=[A-Za-z]\.?)", r"\1", surface).replace(".", " ").replace("-", " ")
    return tuple(w.lower() for w in re.findall(r"[A-Za-z0-9]+", t))


def equivalent_forms(words: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    """The other names of the entity ``words`` names, from the equivalents table (empty when it
    has none)."""
    return _equivalents().get(tuple(w.lower() for w in words), frozenset())


def form_variants(words: tuple[str, ...], *, kind: str) -> set[tuple[str, ...]]:
    """Other spellings of one item's form (lower-cased words).

    An entity of one word: its singular or plural and, for an adjective in "-ish" or "-ic", its
    noun; any entity: its other names (:func:`equivalent_forms`). A number: "a" for "one" before
    a fraction or a magnitude ("one third" -> "a third"). The form itself is not among them."""
    out: set[tuple[str, ...]] = set()
    if kind == "number":
        if len(words) >= 2 and words[0] == "one" and words[1] in _COUNTED:
            out.add(("a", *words[1:]))
        return out
    if kind != "entity" or not words:
        return out
    if len(words) == 1 and (w := words[0]).isalpha() and len(w) >= 4:
        if w.endswith("s") and not w.endswith(("ss", "us", "is", "news")):
            out.add((w[:-1],))
        elif not w.endswith(("s", "ish", "ic")):
            out.add((w + "s",))
        for suffix in ("ish", "ic"):
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                stem = w[: -len(suffix)]
                out |= {(stem,), (stem + "s",)}
    out |= equivalent_forms(words)
    out.discard(words)
    return out


_WORD_RE = re.compile(r"[A-Za-z0-9]+")
MAX_FORM_WORDS = 5
# a direction as a place's modifier, one way ("eastern Aleppo" = "east Aleppo")
DIRECTION = {"eastern": "east", "western": "west", "northern": "north", "southern": "south"}


def form_words(surface: str) -> tuple[str, ...]:
    """The words of a surface form, folded, dots of abbreviations dropped ("U.S." = "US"), "the"
    and a possessive "'s" left off, "%" read as "percent", digit groups joined ("600,000")."""
    t = fold(surface).replace("%", " percent")
    t = re.sub(r"(?<=\d),(?=\d{3})", "", t)
    t = re.sub(r"\b([A-Za-z])\.(?=[A-Za-z]\.?)", r"\1", t).replace(".", " ")
    t = re.sub(r"['\u2019]s\b", "", t)
    words = tuple(w for w in _WORD_RE.findall(t))
    return words[1:] if words[:1] and words[0].lower() == "the" else words


def form_index(tagged: pd.DataFrame) -> dict[tuple[str, ...], list[tuple[str, str]]]:
    """Every form of the items (``kind, key, surface`` rows: the tagger's entities, numbers and
    dates of a corpus) -> the items written so, as ``(kind, key)``: a surface's words
    (:func:`form_words`), a person's key word, a date's year, each surface's
    :func:`form_variants`, and the acronyms of three letters or more with the one name of the
    corpus that has their initials (both ways). Forms are lower-cased, a direction's adjective
    read as the direction, at most :data:`MAX_FORM_WORDS` words."""
    forms: dict[tuple[str, ...], list[tuple[str, str]]] = {}  # a form -> the items written so

    def add(words: tuple[str, ...], item: tuple[str, str]) -> None:
        if 0 < len(words) <= MAX_FORM_WORDS and len("".join(words)) >= 2:
            owners = forms.setdefault(tuple(DIRECTION.get(w.lower(), w.lower()) for w in words), [])
            if item not in owners:
                owners.append(item)

    acronyms: list[tuple[str, tuple[str, str]]] = []  # names written in capitals ("FDA", "NSC")
    for kind, key, surface in tagged[["kind", "key", "surface"]].drop_duplicates().itertuples(index=False):
        item = (str(kind), str(key))
        if kind == "date":
            words: tuple[str, ...] = (str(key),)
        elif str(key).startswith("person:"):
            words = (str(key).split(":", 1)[1],)
        else:
            words = form_words(str(surface))
            for variant in form_variants(tuple(w.lower() for w in words), kind=str(kind)):
                add(variant, item)
            if kind == "entity" and len(words) == 1 and 3 <= len(words[0]) <= 6 and words[0].isupper():
                acronyms.append((words[0].lower(), item))
        add(words, item)
    by_initials: dict[str, list[tuple[str, ...]]] = {}  # "fda" -> ("food", "and", "drug", "administration")
    for form in list(forms):
        if len(form) >= 2 and len(acronym := initials(form)) >= 3:
            by_initials.setdefault(acronym, []).append(form)
    unique = {acronym: names[0] for acronym, names in by_initials.items() if len(names) == 1}
    owners_of = {form: forms[form][:] for form in unique.values()}  # before the acronyms join them
    for acronym, item in acronyms:
        if acronym in unique:  # one name of the corpus has these initials
            add(unique[acronym], item)
    for acronym, form in unique.items():
        for item in owners_of[form]:
            add((acronym,), item)
    return forms


def first_names_rekeyed(items: pd.DataFrame) -> pd.DataFrame:
    """The items with a person written by the first name alone ("Bashar") keyed as the person
    named in full with it elsewhere in the corpus ("Bashar al-Assad": ``person:assad``;
    :func:`~analysis.framing.item_forms.rekey_first_names`); other rows unchanged."""
    if len(items) == 0:
        return items
    person = items["key"].astype(str).str.startswith("person:").to_numpy()
    if not person.any():
        return items
    keys = items["key"].to_numpy(dtype=object)[person].tolist()
    new = rekey_first_names(keys, items["surface"].to_numpy(dtype=object)[person].tolist())
    if new == keys:
        return items
    out = items.copy()
    out.loc[out.index[person], "key"] = new
    return out

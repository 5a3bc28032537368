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

__all__ = [
    "equivalent_forms",
    "form_variants",
    "initials",
    "person_key_word",
    "rekey_first_names",
]

_GLUE_RE = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-zA-Z])")
_NAME_PREFIXES = ("Mac", "Van", "Von", "Vander", "Della", "Del", "Des", "Dos")
_MINOR = {"of", "and", "the", "for", "on", "in", "de", "du", "la", "to", "at"}
_COUNTED = {"half", "third", "quarter", "fifth", "dozen", "hundred", "thousand", "million", "billion", "trillion"}


@cache
def _first_names() -> frozenset[str]:
    """The first names of the gender lexicon (``analysis/mentions/models/first_names.tsv``)."""
    path = Path(__file__).resolve().parent.parent / "mentions" / "models" / "first_names.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.split("\t")[0] for line in lines if line and not line.startswith("#"))


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
    names = _first_names() | set(first_names)
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

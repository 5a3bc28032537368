"""Typography normalisation for matching, with offsets that still point into the original text.

News text mixes curly and straight quotes, several dashes, non-breaking spaces, decomposed and
precomposed accents. Matching works on a normalised copy; every character of the copy remembers
the offset of the original character it came from, so a match in the copy maps back exactly.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass

__all__ = ["Normalized", "fold", "normalize"]

# One-to-one replacements (a single output character).
_CHAR_MAP: dict[str, str] = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u02bc": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\ufe58": "-",
    "\ufe63": "-",
    "\uff0d": "-",
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u3000": " ",
    "\ufeff": "",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\u00ad": "",
    # Letters that do not decompose under NFD but should fold for matching.
    "\u0131": "i",
    "\u0130": "I",
    "\u00f8": "o",
    "\u00d8": "O",
    "\u0142": "l",
    "\u0141": "L",
    "\u0111": "d",
    "\u0110": "D",
    "\u00f0": "d",
    "\u00d0": "D",
    "\u0127": "h",
    "\u0126": "H",
}
# Expansions (more than one output character).
_MULTI_MAP: dict[str, str] = {
    "\u2026": "...",
    "\u00df": "ss",
    "\u00e6": "ae",
    "\u00c6": "AE",
    "\u0153": "oe",
    "\u0152": "OE",
}


@dataclass(frozen=True)
class Normalized:
    """A normalised copy of a text and the map from its characters back to the original.

    ``starts[i]`` / ``ends[i]`` delimit the original characters (a base character and its
    combining marks) that produced ``text[i]``. When every character of the copy comes from the
    character at the same offset (ASCII text, or only one-to-one replacements) both maps are
    None and offsets are the identity. A half-open span ``[a, b)`` of the
    copy maps to ``[starts[a], ends[b - 1])`` in the original (see :meth:`to_original`).
    """

    text: str
    starts: array | None = None
    ends: array | None = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the normalised text to a span of the original text."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span ({start}, {end}) outside normalised text of length {len(self.text)}")
        if self.starts is None or self.ends is None:
            return start, end
        if start == end:
            return self.starts[start], self.starts[start]
        return self.starts[start], self.ends[end - 1]


# A run of characters that need work: anything outside printable ASCII, with its combining marks.
_COMB = "\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f"
_SPECIAL = re.compile(r"[\s\S][" + _COMB + r"]+|[^\x00-\x7f]")
_MARKS = re.compile("[" + _COMB + "]+")


def _map_cluster(cluster: str, *, fold_diacritics: bool) -> str:
    """The normalised form of one base character with its combining marks."""
    cluster = unicodedata.normalize("NFC", cluster)
    if fold_diacritics:
        cluster = "".join(c for c in unicodedata.normalize("NFD", cluster) if not unicodedata.combining(c))
    return "".join(_CHAR_MAP.get(ch, _MULTI_MAP.get(ch, ch)) for ch in cluster)


# The normalised form of clusters and single characters already seen, per fold_diacritics.
_FORMS: dict[bool, dict[str, str]] = {False: {}, True: {}}
_ASCII_BYTES = bytes(range(128))
# 0, 1, 2, ...: offset maps are sliced from it (replaced by a longer one on demand).
_IDENTITY = array("l")


def _form(cluster: str, *, fold_diacritics: bool) -> str:
    """:func:`_map_cluster`, cached."""
    forms = _FORMS[fold_diacritics]
    rep = forms.get(cluster)
    if rep is None:
        rep = forms[cluster] = _map_cluster(cluster, fold_diacritics=fold_diacritics)
    return rep


def _non_ascii(text: str) -> set[str]:
    """The distinct non-ASCII characters of a text (UTF-8 keeps every one in bytes >= 0x80)."""
    return set(text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass"))


def _identity(start: int, stop: int) -> array:
    """The offsets start, ..., stop - 1."""
    global _IDENTITY
    identity = _IDENTITY
    if len(identity) < stop:
        identity = _IDENTITY = array("l", range(2 * stop))
    return identity[start:stop]


def _replace_chars(text: str, table: dict[str, str]) -> str:
    """The text with each character that is a key of the table replaced by its value."""
    if all(rep.isascii() for rep in table.values()):  # then no replacement feeds another
        for ch, rep in table.items():
            text = text.replace(ch, rep)
        return text
    return text.translate({ord(ch): rep for ch, rep in table.items()})


def normalize(text: str, *, fold_diacritics: bool = True) -> Normalized:
    """Normalise typography (quotes, dashes, spaces, NFC) and optionally strip diacritics.

    Each non-ASCII character is NFC-composed with its combining marks, then mapped; with
    ``fold_diacritics`` the marks are dropped ("Çavuşoğlu" -> "Cavusoglu"). Case is kept:
    matching is case-aware. ASCII text is returned as is; text whose characters all map one to
    one (curly quotes, dashes, "İ") is translated, and both have the identity maps (None).
    """
    if text.isascii():
        return Normalized(text)
    n = len(text)
    forms = {ch: _form(ch, fold_diacritics=fold_diacritics) for ch in _non_ascii(text)}
    # A lone character whose form is one character keeps its offset: translate all of those at
    # once, and walk only the clusters (a character with combining marks) and the expansions.
    copy = _replace_chars(text, {ch: rep for ch, rep in forms.items() if len(rep) == 1 and rep != ch})
    if all(len(rep) == 1 for rep in forms.values()) and not any(_MARKS.match(ch) for ch in forms):
        return Normalized(copy)  # every character kept its offset: the identity maps
    out: list[str] = []
    starts = array("l")
    ends = array("l")
    pos = 0
    for m in _SPECIAL.finditer(text):
        i, j = m.span()
        rep = _form(m.group(0), fold_diacritics=fold_diacritics)
        if j - i == 1 and len(rep) == 1:
            continue
        out.append(copy[pos:i])
        starts.extend(_identity(pos, i))
        ends.extend(_identity(pos + 1, i + 1))
        out.append(rep)
        starts.extend([i] * len(rep))
        ends.extend([j] * len(rep))
        pos = j
    out.append(copy[pos:])
    starts.extend(_identity(pos, n + 1))
    ends.extend(_identity(pos + 1, n + 1))
    return Normalized("".join(out), starts, ends)


_FOLD_MAP = {**_CHAR_MAP, **_MULTI_MAP}  # every replacement is ASCII, so the order of replacing does not matter


def fold(text: str) -> str:
    """The normalised, diacritic-free form of a text, without the offset map (fast: C-level only).

    Gives the same string as ``normalize(text).text``.
    """
    if text.isascii():
        return text
    out = _MARKS.sub("", unicodedata.normalize("NFD", text))
    for ch in _non_ascii(out) & _FOLD_MAP.keys():  # only the few characters present, each by str.replace
        out = out.replace(ch, _FOLD_MAP[ch])
    return out if out.isascii() else unicodedata.normalize("NFC", out)

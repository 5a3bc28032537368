"""One-word names in a document: whom "Bush" means is decided by whom the document last named in full.

A one-word form of a person ("Bush", "Obama") matched right after a capitalised word that is not
a title, an opener or the person's middle name ("Jeb Bush" when the actor is George W. Bush; not
in a title-case headline) is another person's full name: the row is
kept for audit with kind ``other_person``, and until the actor's person is named in full again,
the bare one-word name means that other person too, except after an honorific ("Mr. Adelson")
when the listed person was named in full earlier in the document. Two people of the actor file may share a
one-word name (Barack and Michelle Obama): it goes to the one the document last named in full,
and is ``ambiguous`` (not counted) before either was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis.text.house_style import OPENERS, TITLES

__all__ = ["TITLE_WORDS", "SurnameContext"]

Entry = tuple[str, str, str, str]  # (actor, kind, form, person)

# Capitalised words that may stand before a surname without being a first name.
TITLE_WORDS: frozenset[str] = frozenset(
    {t.lower() for t in TITLES}
    | set(
        """president vice senator representative governor secretary speaker leader mister madam first lady
        judge justice chairman chairwoman minister prime king queen prince princess pope attorney mayor
        sheriff ambassador director chief commissioner general admiral captain sergeant colonel lieutenant
        former candidate nominee democrat republican democratic gop independent libertarian
        congressman congresswoman sens reps govs said says told asked and or but with by for from of to""".split()
    )
)
_HONORIFICS = frozenset(("mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr"))
_PREVIOUS_WORD = re.compile(r"([A-Z][A-Za-z'’-]*\.?)\s+$")


@dataclass
class SurnameContext:
    """The one-word-name state of one document (call :meth:`reset` between documents).

    ``shared``: matched text -> the entries of the two or more people who share it.
    """

    shared: dict[str, list[Entry]] = field(default_factory=dict)
    last: dict[str, str | None] = field(default_factory=dict)  # one-word name -> person last named in full
    named: set[str] = field(default_factory=set)  # people named in full in this document

    def reset(self) -> None:
        """Start a new document."""
        self.last.clear()
        self.named.clear()

    def decide(self, norm_text: str, a: int, b: int, entry: Entry, kind: str) -> tuple[Entry, str]:
        """The entry and kind of the match ``norm_text[a:b]`` (matched as ``entry`` with ``kind``)."""
        if kind != "person":
            return entry, kind
        text = norm_text[a:b]
        words = text.split()
        if len(words) > 1:  # a full name: from now on its last word means this person
            self.last[words[-1].lower()] = entry[3]
            self.named.add(entry[3])
            return entry, kind
        key = text.lower()
        before = _PREVIOUS_WORD.search(norm_text, 0, a)
        if before is not None and before.group(1).lower() in _HONORIFICS and entry[3] in self.named:
            return entry, kind  # "Mr. Adelson" after "Sheldon Adelson ... his wife, Miriam Adelson"
        if before is not None and _first_name(before.group(1)) and not _title_case(norm_text):
            first = entry[3].split()[0] if entry[3] else ""
            if norm_text[: before.start()].rstrip().endswith(first) and first:
                self.last[key] = entry[3]  # "Donald John Trump": the person, with a middle name
                return entry, kind
            self.last[key] = None  # "Jeb Bush": somebody else's full name
            return entry, "other_person"
        if text in self.shared:
            named = self.last.get(key, "")
            for cand in self.shared[text]:
                if cand[3] == named:
                    return cand, kind
            return entry, "ambiguous"
        if key in self.last and self.last[key] is None:
            return entry, "other_person"
        return entry, kind


def _title_case(text: str) -> bool:
    """True for a headline in title case ("Billionaire Now Showers Romney With Money"), where a
    capitalised word before a name says nothing."""
    words = [w for w in text.split() if w[:1].isalpha()]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) > 0.6 * len(words)


def _first_name(word: str) -> bool:
    """True if a capitalised word right before a one-word name is read as a first name."""
    bare = word.rstrip(".").lower()
    if "-" in word and not word.split("-")[-1][:1].isupper():
        return False  # "Russian-backed Assad troops": a compound adjective ("Jean-Pierre" stays a name)
    return not (bare in TITLE_WORDS or bare in OPENERS or word.isupper() or word.endswith("."))

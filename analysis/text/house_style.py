"""News house style at sentence boundaries: where Punkt's break is taken back.

Punkt decides whether a period after an abbreviation ends a sentence from what it learned of the
next word's capitalisation in the corpus. In news, a surname that mostly follows a title ("Mr.
Blackburn", "Ms. Lauten") is seen capitalised only after a period, so a Punkt trained on the corpus
breaks "Mr." from the name. The rules here do not learn: after a title or honorific the sentence
never ends; after an initial, a dotted abbreviation ("U.S.", "F.B.I.") or a party–state tag
("D-Calif.") it ends only where the next word is a common sentence opener ("The", "He", "But");
a piece opening with a dash (a tweet's signature) or made of a short attribution after a quoted
exclamation or question ('"... direction!" Trump tweeted.') belongs to the sentence before.
"""

from __future__ import annotations

import re

__all__ = ["OPENERS", "TITLES", "joins_previous"]

# Titles and honorifics that precede a name; a sentence does not end after them.
TITLES: frozenset[str] = frozenset(
    """Mr Mrs Ms Messrs Mmes Dr Drs Prof Rev Hon Gov Govs Sen Sens Rep Reps Pres Amb Atty Supt Insp Det
    Gen Gens Lt Col Maj Capt Cpt Sgt Cpl Pvt Adm Cmdr Cdr Brig St Mt Ft Jr Sr""".split()
)

# Words that open a sentence in news prose (the fixed list, never learned from the corpus).
OPENERS: frozenset[str] = frozenset(
    """the a an it he she they we i you this that these those there here but and so yet or nor however
    in on at after before when while as if meanwhile also some many most according his her their its our
    my your what who why how where one two no not still now then today yesterday last earlier later""".split()
)

_TITLE_END = re.compile(r"(?:^|[\s(\[\"'])(?:" + "|".join(sorted(TITLES, key=len, reverse=True)) + r")\.\s*$")
# an initial after a capitalised word or another initial: "Donald J." / "J.K." / "George W."
_INITIAL_END = re.compile(r"(?:[A-Z][\w'’-]*\s+|[A-Z]\.\s?)[A-Z]\.\s*$")
# a dotted abbreviation (two or more letters each with a period) or a party–state tag
_DOTTED_END = re.compile(r"(?:(?:^|[\s(\[\"'])(?:[A-Za-z]\.){2,}|\b[DRI]-[A-Z][a-z]{1,5}\.)\s*$")
_FIRST_WORD = re.compile(r"^\W*([A-Za-z]+)")
_DASH_START = re.compile(r"^\s*(?:[—–]|--?\s)")
_QUOTED_CRY_END = re.compile(r"[!?][\"'”’]\s*$")
# a short attribution: up to six capitalised words, then a verb of saying, then the end
_ATTRIBUTION = re.compile(
    r"^\s*(?:[A-Z][\w.'’-]*\s+){1,6}(?:said|says|tweeted|wrote|writes|asked|asks|added|adds|told|"
    r"replied|responded|declared|insisted|shouted|posted|continued|explained|noted|argued)\b[^.!?]{0,80}[.!?]?\s*$"
)


def _opens_sentence(piece: str) -> bool:
    """True if the piece starts like a new sentence: an opening quote or bracket, a digit, or a
    common opener ("The", "He", "But")."""
    stripped = piece.lstrip()
    if not stripped or stripped[0] in "\"'“‘([" or stripped[0].isdigit():
        return True
    first = _FIRST_WORD.match(stripped)
    return first is not None and first.group(1).lower() in OPENERS


def joins_previous(previous: str, piece: str) -> bool:
    """True if Punkt's break between ``previous`` and ``piece`` (two consecutive pieces of one
    paragraph, typography normalised) is to be taken back by the news house-style rules."""
    if _DASH_START.match(piece):
        return True
    if _TITLE_END.search(previous):
        return True
    if (_INITIAL_END.search(previous) or _DOTTED_END.search(previous)) and not _opens_sentence(piece):
        return True
    return bool(_QUOTED_CRY_END.search(previous) and _ATTRIBUTION.match(piece))

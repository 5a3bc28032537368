"""Whose reporting an article is: the outlet's own, a news agency's (wire copy), or another outlet's.

Read from the places where news text credits its source, by their shape, never from a mention
anywhere in the text ("Reuters reported on Tuesday" and "(Jonathan Ernst/Reuters)" are the
outlet's own reporting citing an agency or using its photo):

- **the dateline**: an agency in parentheses at the start of the first body paragraph, before a
  dash: "WASHINGTON (AP) —", "March 16 (UPI) —", "Hong Kong (AFP) –", "(AP) MOSCOW –";
- **the author field** (a corpus column ``authors``): only an agency ("Associated Press",
  "By Reuters", "AP"), no person;
- **a closing credit** in the last paragraphs: "Copyright 2017 The Associated Press. All rights
  reserved.", Reuters' "Reporting by ...; Editing by ..."; and for syndicated copy "This article
  originally appeared in ...", "republished with permission", a column syndicate's copyright line
  ("Copyright © 2017 King Features Syndicate").

An article published by the agency itself (the outlet's name is the agency's) is its own
reporting. The result is one of ``own``, ``wire``, ``syndicated``, with the agency or syndicate
named and the words that decided it. Measured on a hand-coded gold set of 120 AllSides articles
(tests/gold/wire/, bench/wire.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "AGENCIES",
    "SOURCE_COLUMNS",
    "SOURCE_KINDS",
    "Provenance",
    "detect_source",
    "is_agency_outlet",
    "outlet_sources",
]

SOURCE_KINDS = ("own", "wire", "syndicated")

# agency -> how its name is written in a dateline, a byline or a credit (regex alternatives)
AGENCIES: dict[str, str] = {
    "AP": r"AP|Associated Press",
    "Reuters": r"Reuters",
    "AFP": r"AFP|Agence France[- ]Presse",
    "UPI": r"UPI|United Press International",
    "Bloomberg": r"Bloomberg(?: News)?",
    "dpa": r"dpa|DPA",
    "Xinhua": r"Xinhua",
    "TASS": r"TASS|Tass",
    "Anadolu": r"Anadolu(?: Agency)?|AA",
    "PA": r"PA|Press Association",
    "CNS": r"CNS|Catholic News Service",
}
_ANY_AGENCY = "|".join(f"(?P<a{i}>{p})" for i, p in enumerate(AGENCIES.values()))
_NAMES = list(AGENCIES)

# "WASHINGTON (AP) —", "March 16 (UPI) —", "(Reuters) -", "(AP) MOSCOW –": the agency in
# parentheses within the first 80 characters of the body, a dash after it (or after the place).
_DATELINE = re.compile(
    r"^[^\n()]{0,80}?\((?:" + _ANY_AGENCY + r")\)\s*(?:[A-Z][A-Za-z.,' ]{0,40}\s*)?[—–-]",
)
_BYLINE_ONLY = re.compile(r"^\s*(?:By\s+)?(?:The\s+)?(?:" + _ANY_AGENCY + r")(?:\s+(?:staff|wire|writers?))?\s*$", re.I)
_WIRE_CREDIT = re.compile(
    r"Copyright\s+(?:©\s*)?(?:\d{4}\s+)?(?:The\s+)?(?:" + _ANY_AGENCY + r")\b[^\n]{0,40}All rights reserved"
    r"|^\s*\(?Reporting by [^\n]{0,200}?(?:;|\band\b)\s*(?:additional reporting by [^\n]{0,120}?;\s*)?"
    r"(?:Writing|Editing) by [^\n]*$",
    re.I | re.M,
)
_SYNDICATED = re.compile(
    r"(?P<phrase>(?:(?:This|The above) (?:article|story|piece|column|post|essay|op-ed|commentary|interview) "
    r"(?:was |has been )?(?:originally|first)|^\s*(?:Originally|First)) (?:appeared|published|ran)"
    r" (?:in|on|at|by) (?P<where>(?:the )?[A-Z][^\n.]{1,80})"
    r"|[Rr]epublished (?:here )?with (?:the )?permission(?: (?:of|from))? (?P<where2>[^\n.]{2,80})"
    r"|Copyright\s+(?:©\s*)?(?:\d{4}\s+)?(?:by\s+)?"
    r"(?P<where3>[A-Z][\w ]{1,40}Syndicate|Creators|Tribune Content Agency)\b"
    r"|(?:by )?other (?P<where4>Creators Syndicate|King Features|Tribune Content Agency) (?:writers|columnists))",
    re.M,
)
SOURCE_COLUMNS = ["outlet", "n_articles", "n_own", "n_wire", "n_syndicated", "wire_share", "credited"]
_TAIL_CHARS = 600  # the closing credits: the last paragraphs


@dataclass(frozen=True)
class Provenance:
    """Whose reporting a text is: ``kind`` (own / wire / syndicated), the agency or syndicate
    (empty for own), and the words that decided it (empty when nothing credited another source)."""

    kind: str = "own"
    agency: str = ""
    evidence: str = ""


def _agency(match: re.Match[str]) -> str:
    """The agency whose alternative matched."""
    for key, value in match.groupdict().items():
        if value is not None and key.startswith("a") and key[1:].isdigit():
            return _NAMES[int(key[1:])]
    return ""


def is_agency_outlet(outlet: str, agency: str) -> bool:
    """Whether ``outlet`` is the agency itself ("Associated Press" for AP, "Reuters" for Reuters)."""
    if not outlet or not agency:
        return False
    return re.fullmatch(r"(?:The\s+)?(?:" + AGENCIES[agency] + r")(?:\W.*)?", outlet.strip(), re.I) is not None


def _body(text: str) -> str:
    """The text after the headline line (the whole text when it has one line)."""
    _, sep, body = text.partition("\n")
    return body.lstrip() if sep else text


def detect_source(text: str, *, outlet: str = "", authors: str = "") -> Provenance:
    """Whose reporting ``text`` (headline line, then body) is, read from its dateline, the author
    field and its closing credits (module docstring). Empty text is the outlet's own."""
    if not isinstance(text, str) or not text.strip():
        return Provenance()
    body = _body(text)
    found: list[tuple[str, str]] = []
    m = _DATELINE.match(body)
    if m:
        found.append((_agency(m), m.group(0).strip()))
    if isinstance(authors, str) and authors.strip():
        parts = [p for p in re.split(r"\s*(?:,|;|\band\b)\s*", authors) if p.strip()]
        if parts and all(_BYLINE_ONLY.match(p) for p in parts):
            mb = _BYLINE_ONLY.match(parts[0])
            if mb:
                found.append((_agency(mb), authors.strip()))
    tail = body[-_TAIL_CHARS:]
    for mc in _WIRE_CREDIT.finditer(tail):
        agency = _agency(mc) or "Reuters"  # the "Reporting by ...; Editing by" credit is Reuters'
        found.append((agency, mc.group(0).strip()))
    for agency, evidence in found:
        if not is_agency_outlet(outlet, agency):
            return Provenance("wire", agency, evidence)
    if found:  # the agency's own story
        return Provenance()
    ms = _SYNDICATED.search(tail)
    if ms:
        where = next((ms.group(g) for g in ("where", "where2", "where3", "where4") if ms.group(g)), "").strip()
        dated = re.match(r"(?:on\s+)?(?:\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d)", where)
        if not dated and (not outlet or outlet.lower() not in where.lower()):
            return Provenance("syndicated", where, ms.group(0).strip())
    return Provenance()


def outlet_sources(docs: pd.DataFrame) -> pd.DataFrame:
    """Per outlet: its articles, how many are its own reporting, wire and syndicated copy, the
    share that is not its own, and the agencies / outlets credited with counts ("AP (3), Reuters
    (1)"). Outlets sorted; docs without ``source_kind`` count as own; empty docs, empty table."""
    if len(docs) == 0:
        return pd.DataFrame(columns=SOURCE_COLUMNS)
    kind = docs["source_kind"] if "source_kind" in docs.columns else pd.Series("own", index=docs.index)
    agency = docs["source_agency"] if "source_agency" in docs.columns else pd.Series("", index=docs.index)
    frame = pd.DataFrame({"outlet": docs["outlet"], "kind": kind.fillna("own"), "agency": agency.fillna("")})
    rows = []
    for outlet, g in frame.groupby("outlet", sort=True):
        n = len(g)
        counts = {k: int((g["kind"] == k).sum()) for k in SOURCE_KINDS}
        credited = g.loc[g["kind"] != "own", "agency"].value_counts()
        credited = credited.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
        rows.append(
            {
                "outlet": outlet,
                "n_articles": n,
                "n_own": counts["own"],
                "n_wire": counts["wire"],
                "n_syndicated": counts["syndicated"],
                "wire_share": (n - counts["own"]) / n,
                "credited": ", ".join(f"{a} ({c})" for a, c in credited.items()),
            }
        )
    return pd.DataFrame(rows, columns=SOURCE_COLUMNS)

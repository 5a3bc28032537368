"""Separating page furniture from the article body, keeping an audit trail of every removed line.

Scraped news pages carry photo captions (often repeated), bracketed promos, bylines and
datelines, tag and category lines, comment prompts, wire credits and image placeholders. Cleaning
works line by line on the original text: a line is either kept (as part of a paragraph of the
body) or removed with a reason. Nothing is rewritten, so offsets stay valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analysis.ingest.normalize import fold

__all__ = [
    "PARAGRAPH_COLUMNS",
    "REMOVED_COLUMNS",
    "CleanedDoc",
    "Paragraph",
    "classify_line",
    "clean_docs",
    "clean_text",
]

REMOVED_COLUMNS = ["doc_id", "line_no", "start", "end", "reason", "text"]
PARAGRAPH_COLUMNS = ["doc_id", "para_id", "start", "end", "is_title"]

# The three rules not anchored at the line start (the slow ones)
_COMMENT = re.compile(
    r"(\bcommenting\b|^leave a (reply|comment)\b|^(post|add|view|show|load) (a |all )?comments?\b|"
    r"^\d+\s+comments?$|^comments?$|^join the (conversation|discussion)\b|\bcomments? (are|is) closed\b)",
    re.I,
)
_BYLINE = re.compile(
    r"(\|\s*by\s*\||"
    r"(updated|published|posted|last modified)\s*:\s*\w{3,9}\.?\s+\d{1,2},?\s+\d{4}|"
    r"\bjournalist for\b.*\breports\.?$|^(reporting|writing|editing|additional reporting) by\b)",
    re.I,
)
_CAPTION = re.compile(
    r"(\bphotograph\s*:|\bphoto\s*:|\(photo\b|/\s*(afp|ap|reuters|getty( images)?|epa)\s*/|"
    r"\b(afp|reuters|ap|getty|epa)\s+photo\b|\bgetty images\b|\((getty|afp|reuters|ap)\)\s*$|"
    r"\s(AFP|Reuters|Getty|EPA)$|\bfile photo\b)",
    re.I,
)
# (reason, pattern) checked in order against the typography-normalised, stripped line.
_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("image placeholder", re.compile(r"^(main\s+)?(img|image|photo|picture|video)$", re.I)),
    ("bracketed promo", re.compile(r"^\[[^\[\]]{3,}\]$")),
    (
        "promo line",
        re.compile(
            r"^(read more|related|also read|see also|recommended|watch|more on this|click here)\b\s*[:\-|]", re.I
        ),
    ),
    ("tags line", re.compile(r"^tags?\s*:", re.I)),
    ("category line", re.compile(r"^(category|categories|filed under|topics?)\s*:", re.I)),
    ("comment prompt", _COMMENT),
    ("byline or dateline", _BYLINE),
    ("photo caption", _CAPTION),
    # A byline names people: "By" and capitalised words only (case matters: "By noon, the White
    # House ..." and "By failing to act, ..." are sentences), on a short line (_MAX_WORDS).
    (
        "byline or dateline",
        re.compile(r"^(?:By|BY)\s+[A-Z][\w.'-]+(?:\s+(?:[A-Z][\w.'-]+|and|&|de|van|von))*\s*(?:\|.*|,\s*[A-Z].*)?$"),
    ),
    (
        "byline or dateline",
        re.compile(r"^(updated|published|posted)\b.{0,40}\d{1,2}:\d\d\s*([ap]\.?m\.?)?(\s*[a-z]{2,4})?$", re.I),
    ),
    (
        "advertisement",
        re.compile(
            r"^(advertisement|story continued below|continue reading the main story)"
            r"(\s+continue reading the main story)?$",
            re.I,
        ),
    ),
    ("video player", re.compile(r"^(just watched\b|media playback is unsupported\b)", re.I)),
    ("video player", re.compile(r'^(?:[\w-]+="[^"]*"\s*)+>?$')),  # a player's markup: 'poster="http://..."'
    (
        "photo caption",
        re.compile(
            r"^(image copyright\b(?=.*\bimage caption\b|(\s+\S+){0,9}$)|enlarge this image\b|toggle caption\b)|"
            r"\bphotos? via (ap|reuters|afp)$|\|\s*ap photos?\b",
            re.I,
        ),
    ),
    (
        "promo line",
        re.compile(
            r"^(sign up for\b|newsletter sign up\b|click here (to|for)\b|more on this\W*$|visit .{0,40}homepage\b|"
            r"get the .{0,60} delivered to your inbox|interested in .{0,60}\? add\b|"
            r"(more|go deeper|full coverage)\s*:|\(\s*(photos?|also( on)? \w+|read more|related)\s*:|"
            r"read\s*:\s|follow .{0,80}\bat https?://|read .{0,80} >$)",
            re.I,
        ),
    ),
    ("promo line", re.compile(r"\b[Bb]y signing up,? you agree\b")),  # a newsletter box, anywhere in the line
    ("promo line", re.compile(r"\b[Rr]ead [Mm]ore$")),  # a link to another story: "... | Jessica Valenti Read more"
    ("byline or dateline", re.compile(r"^Analysis by [A-Z][\w.'-]+(?: [A-Z][\w.'-]+)*(?:,|$)")),
    ("comment prompt", re.compile(r"^send (your )?letters? to \S+@\S+$", re.I)),
    (
        "credit line",
        re.compile(
            r"^copyright\s*(\u00a9|\(c\)|\d{4})|contributed to this (article|story|report)\.?$|"
            r"^the associated press receives support\b|^(data|sources?)\s*:.{0,120};\s*(chart|graphic|map)\s*:",
            re.I,
        ),
    ),
    # "Follow Jane Doe on Twitter": a name (capitalised words or a handle), not "Follow the money"
    ("share prompt", re.compile(r"^Follow (@\w+|([A-Z][\w.'-]*\s){1,5})on (Twitter|Facebook|Instagram)\b")),
    ("share prompt", re.compile(r"^read or share this story\b", re.I)),
    ("separator", re.compile(r"^[_\-=*\u2014\u2022.\s]{3,}$")),
    ("summary box", re.compile(r"^story highlights\b", re.I)),
    (
        "wire credit",
        re.compile(r"^(the\s+)?(associated press|reuters|afp|agence france-presse|ap|dpa|xinhua)\.?$", re.I),
    ),
    (
        "share prompt",
        re.compile(r"^(share( this)?( article| story)?|tweet|email|print|follow us)( on \w+)?[.!:]?$", re.I),
    ),
]
# For the three rules not anchored at the line start: literals, with the rule's flags, such that
# every alternative of the rule contains one of them. A line where none occurs cannot match the
# rule, so this cheap search spares most lines the rule's own. Keyed by the rule itself, not its
# reason: other rules of the same reason ("toggle caption") have literals of their own.
_NEEDS: dict[re.Pattern[str], re.Pattern[str]] = {
    _COMMENT: re.compile(r"comment|leave a|join the", re.I),
    _BYLINE: re.compile(r"by|:|journalist for", re.I),
    _CAPTION: re.compile(r"photo|/|getty|\)|afp|reuters|epa", re.I),
}
# A repeated line without its trailing photo credit is the same caption.
_CREDITS = ("afp", "reuters", "ap", "getty images", "getty", "epa")
_CREDIT_TAIL = re.compile(r"\s+(" + "|".join(_CREDITS) + r")$")


@dataclass(frozen=True)
class Paragraph:
    """A kept stretch of text: original offsets and whether it is the headline."""

    start: int
    end: int
    is_title: bool


@dataclass(frozen=True)
class CleanedDoc:
    """The kept paragraphs of one document and the removed lines with their reasons."""

    paragraphs: list[Paragraph]
    removed: list[dict]


# Rules that only fit a short line: a long line that says "commenting" or starts "By Jane" is prose.
_MAX_WORDS = {"comment prompt": 25, "byline or dateline": 14, "share prompt": 16}
# Page furniture is short (the longest in the seeds, a photo caption, has 354 characters); a longer
# line is article text even if it says "commenting" or "Getty Images", and is not searched.
MAX_FURNITURE_CHARS = 600


def classify_line(line: str) -> str | None:
    """Return the furniture reason for one line, or None if it is article text."""
    if len(line) > MAX_FURNITURE_CHARS:
        return None
    return _classify_key(_line_key(line))


def _line_key(line: str) -> str:
    """The typography-normalised line with each whitespace run made one space, stripped.

    ``str.split`` and the regex ``\\s`` agree on what is whitespace (tests/test_clean.py checks),
    so this is ``re.sub(r"\\s+", " ", fold(line)).strip()`` without a substitution per word gap.
    """
    return " ".join(fold(line).split())


def _classify_key(key: str) -> str | None:
    """The furniture reason for a line given its :func:`_line_key`, or None."""
    if not key:
        return None
    n_words = key.count(" ") + 1
    for reason, pattern in _RULES:
        need = _NEEDS.get(pattern)
        if n_words > _MAX_WORDS.get(reason, n_words):
            continue
        if (need is None or need.search(key)) and pattern.search(key):
            return reason
    return None


def _lines(text: str) -> list[tuple[int, int, int]]:
    """(line_no, start, end) of every line, end excluding the line break."""
    out: list[tuple[int, int, int]] = []
    pos = 0
    for n, raw in enumerate(text.splitlines(keepends=True)):
        body = raw.rstrip("\r\n")
        out.append((n, pos, pos + len(body)))
        pos += len(raw)
    return out


def _dup_key(line_key: str) -> str:
    """Key for spotting repeated lines, from the :func:`_line_key`: lowercase, trailing credit dropped."""
    key = line_key.lower()
    # The credit pattern is anchored at the end of a key without line breaks, so it can only
    # match a key that ends with a credit.
    return _CREDIT_TAIL.sub("", key) if key.endswith(_CREDITS) else key


def clean_text(text: str, *, doc_id: str = "") -> CleanedDoc:
    """Split one document's text into kept paragraphs and removed furniture lines.

    The first line is the headline and is always kept. A repeated line (the same text, or the
    same text without a trailing photo credit) is a photo caption when any copy carries a credit
    or it comes before the first body paragraph; otherwise its later copies are removed as
    repeats. A kept line that starts with a lowercase letter continues the paragraph before it
    (hard-wrapped text); any other kept line starts a new paragraph.
    """
    lines = _lines(text)
    removed: list[dict] = []
    paragraphs: list[Paragraph] = []
    if not lines:
        return CleanedDoc(paragraphs, removed)

    # Reasons from the per-line rules, then repeats.
    reasons: dict[int, str] = {}
    groups: dict[str, list[int]] = {}
    for n, a, b in lines[1:]:
        line_key = _line_key(text[a:b])
        r = _classify_key(line_key) if b - a <= MAX_FURNITURE_CHARS else None
        if r is not None:
            reasons[n] = r
        key = _dup_key(line_key)
        if len(key) >= 20:
            groups.setdefault(key, []).append(n)
    head = _dup_key(_line_key(text[lines[0][1] : lines[0][2]]))
    for n, a, b in lines[1:4]:  # the headline repeated as the first paragraph: once is enough
        if n not in reasons and len(head) >= 12 and _dup_key(_line_key(text[a:b])) == head:
            reasons[n] = "repeated headline"
    first_body = next((n for n, a, b in lines[1:] if text[a:b].strip() and n not in reasons), len(lines))
    for members in groups.values():
        if len(members) < 2:
            continue
        is_caption = any(reasons.get(m) == "photo caption" for m in members) or members[0] < first_body
        for i, m in enumerate(members):
            if is_caption:
                reasons[m] = "photo caption" if reasons.get(m) == "photo caption" else "repeated photo caption"
            elif i > 0 and m not in reasons:
                reasons[m] = f"repeated line (copy of line {members[0] + 1})"
    repeated = {m for members in groups.values() if len(members) > 1 for m in members}
    _summary_bullets(text, lines, reasons, keep=repeated)

    _, a0, b0 = lines[0]
    paragraphs.append(Paragraph(a0 + _lead_ws(text[a0:b0]), b0 - _trail_ws(text[a0:b0]), True))
    prev_kept = False
    for n, a, b in lines[1:]:
        line = text[a:b]
        if not line.strip():
            prev_kept = False
            continue
        s, e = a + _lead_ws(line), b - _trail_ws(line)
        if n in reasons:
            removed.append(
                {"doc_id": doc_id, "line_no": n + 1, "start": s, "end": e, "reason": reasons[n], "text": text[s:e]}
            )
            prev_kept = False
            continue
        if prev_kept and len(paragraphs) > 1 and text[s : s + 1].islower():
            last = paragraphs[-1]
            paragraphs[-1] = Paragraph(last.start, e, False)
        else:
            paragraphs.append(Paragraph(s, e, False))
        prev_kept = True
    return CleanedDoc(paragraphs, removed)


# a sentence's end: . ! ? (or an ellipsis), before any closing quotes or brackets
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")
_TOP_BULLETS = 6  # at most this many lines above a page's "Visit ... homepage" promo
_BULLET_WORDS = 30  # a highlight is one short line


def _summary_bullets(text: str, lines: list[tuple[int, int, int]], reasons: dict[int, str], *, keep: set[int]) -> None:
    """Mark the bullet points of a summary box at the top of a page (in ``reasons``): the short
    lines after a "Story highlights" line that end without a sentence's final stop
    ("Palestinian leaders have condemned the attacks as a major escalation"), and the few lines
    between the headline and a "Visit ... homepage" promo (Business Insider's bullets, which do
    end with one). A line the body repeats (``keep``) stays, so that its words are kept once."""
    if "summary box" not in reasons.values() and "promo line" not in reasons.values():
        return
    body = [(n, a, b) for n, a, b in lines[1:] if text[a:b].strip()]
    for i, (n, _, _) in enumerate(body):
        if reasons.get(n) == "summary box":
            for m, a, b in body[i + 1 :]:
                line = text[a:b].strip()
                if m in reasons or _SENTENCE_END.search(line) or len(line.split()) > _BULLET_WORDS:
                    break
                if m not in keep:
                    reasons[m] = "summary box"
        elif (
            reasons.get(n) == "promo line"
            and i <= _TOP_BULLETS
            and re.match(r"(?i)\s*visit .{0,40}homepage\b", text[lines[n][1] : lines[n][2]])
        ):
            for m, _, _ in body[:i]:
                if m not in keep:
                    reasons.setdefault(m, "summary box")


def _lead_ws(s: str) -> int:
    """Number of leading whitespace characters."""
    return len(s) - len(s.lstrip())


def _trail_ws(s: str) -> int:
    """Number of trailing whitespace characters."""
    return len(s) - len(s.rstrip())


def clean_docs(docs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean every document: the paragraphs table and the removed-lines table."""
    paras: list[dict] = []
    removed: list[dict] = []
    for doc_id, text in zip(docs["doc_id"], docs["text"]):
        cleaned = clean_text(text, doc_id=doc_id)
        for i, p in enumerate(cleaned.paragraphs):
            paras.append({"doc_id": doc_id, "para_id": i, "start": p.start, "end": p.end, "is_title": p.is_title})
        removed.extend(cleaned.removed)
    return (pd.DataFrame(paras, columns=PARAGRAPH_COLUMNS), pd.DataFrame(removed, columns=REMOVED_COLUMNS))

"""Headline-style colon attributions: "Trump: I'm the worst thing that ever happened to them",
"Poll: most voters ...". The one to five words before an early colon are the source of what
follows (no verb among them; a name, a source noun or capitalised words; not a rubric such as
"Update:" nor an all-capitals dateline). Measured with the other attributions on PolNeAR
(``bench/attribution.py``): dev misses with the cue ":" 86 -> 32. And a transcript's speaker
labels opening paragraphs ("Q: ...", "A: ...", "AMY GOODMAN: ..."): each turn, to the end of its
paragraph, is that speaker's (dev misses with the cue ":" 31 -> 15)."""

from __future__ import annotations

from typing import Protocol

from analysis.framing.speakers import DASHES, SpeakerResolver
from analysis.text.syntax import Sentence
from analysis.text.tokens import count_words

__all__ = ["colon_rows", "colon_source", "colon_verb_before", "reported_row"]


class _Contains(Protocol):
    def contain(self, a: int, b: int) -> bool: ...


class _EndingBy(Protocol):
    def ending_by(self, pos: int) -> int | None: ...


# Common nouns that can stand before a colon as the source of what follows ("Poll: ...").
_COLON_SOURCES = frozenset(
    "poll polls report study survey source sources official officials spokesman spokeswoman".split()
)
# Words that head a colon without being anyone's words ("Update: ...", "Watch: ...").
_COLON_RUBRICS = frozenset(
    "update updated watch video photos photo exclusive related read more note editor breaking live opinion "
    "analysis editorial listen see also q a sign subscribe click background context summary correction "
    "disclosure".split()
)
_NAME_TYPES = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def colon_source(s: Sentence) -> tuple[int, list[int]] | None:
    """A headline-style attribution, "Trump: I'm the worst thing that ever happened to them": the
    colon token and the source's tokens before it (one to five words, no verb, a proper noun or a
    source noun such as "Poll" or capitalised words, not a rubric such as "Update" or an
    all-capitals dateline; words in brackets left out: "Rep. Trey Gowdy (R-S.C.):"), when at least
    three words follow the colon. The source opens the sentence or follows a spaced dash after a
    headline ("... TOO EARLY - Mark Blumenthal and Jon Cohen:", "- More from Jones:")."""
    k = next((t for t in range(len(s)) if s.text[t] == ":"), None)
    if k is None or k == 0:
        return None
    dash = max((t for t in range(1, k) if s.text[t] in DASHES and s.start[t] > s.end[t - 1]), default=None)
    first = dash + 1 if dash is not None and k - dash <= 9 else 0
    if first == 0 and k >= 12:
        return None
    depth, src = 0, []
    for t in range(first, k):
        depth += (s.text[t] == "(") - (s.text[t] == ")")
        if depth == 0 and s.pos[t] not in ("PUNCT", "SPACE") and s.text[t] != ")":
            src.append(t)
    if len(src) > 2 and [s.text[t].lower() for t in src[:2]] == ["more", "from"]:
        src = src[2:]  # "- More from Jones:"
    words = [s.text[t].lower() for t in src]
    if not src or len(src) > 5 or any(s.pos[t] in ("VERB", "AUX", "PRON", "NUM") for t in src):
        return None
    if all(w in _COLON_RUBRICS or w in ("'s", "’s") for w in words) or all(  # "Editor's note:"
        s.text[t].isupper() and len(s.text[t]) > 1 for t in src if s.text[t].isalpha()
    ):
        return None
    named = all(s.text[t][:1].isupper() for t in src) or any(s.ent_type[t] in _NAME_TYPES for t in src)
    if not named and not any(s.pos[t] == "PROPN" or s.lemma[t].lower() in _COLON_SOURCES for t in src):
        return None
    if sum(1 for t in range(k + 1, len(s)) if s.text[t][:1].isalnum()) < 3:
        return None
    return k, src


_QA = (["Q"], ["A"])  # an interview's labels, which name nobody


def _label(s: Sentence) -> int | None:
    """The colon of a transcript's speaker label opening sentence ``s`` ("Q:", "A:", "KATE
    BOULDUAN:", "CLINTON:"): one to three words in capitals (or a lone Q or A) right before it,
    with words after it; else None."""
    k = next((t for t in range(min(len(s), 4)) if s.text[t] == ":"), None)
    if not k or k + 1 >= len(s):
        return None
    words = s.text[:k]
    if words in _QA:
        return k
    return k if all(w.isupper() and w.replace(".", "").isalpha() and len(w) > 1 for w in words) else None


def transcript_labels(sent_rows: list[tuple[int, int, int, int]], parsed: dict[int, Sentence]) -> dict[int, int]:
    """Sentence id -> the colon of its speaker label, for the paragraphs of one document that open
    with a transcript's label ("Q: ...", "A: ...", "KATE BOULDUAN: Why not debate?", "DETROW:"): a
    label names a person (a word of it is a word of a name the parser tagged as a person anywhere
    in the document), not a rubric ("STORY:", "READ:", "OUR PICKS:"), and the document has two
    different labels at least (one all-capitals word and a colon opening one paragraph is a
    dateline: "NEW DELHI: ...")."""
    out: dict[int, int] = {}
    para = None
    for sid, _, _, p in sent_rows:
        first, para = p != para, p
        s = parsed.get(sid)
        k = _label(s) if first and s is not None else None
        if k is not None:
            out[sid] = k
    if len({" ".join(parsed[sid].text[:k]) for sid, k in out.items()}) < 2:
        return {}  # most articles: no transcript, and the person words are not needed
    people = {
        s.text[t].lower()
        for s in parsed.values()
        for t in range(len(s))
        if s.ent_type[t] == "PERSON" and s.text[t][:1].isupper()
    }
    out = {
        sid: k
        for sid, k in out.items()
        if parsed[sid].text[:k] in _QA or any(w.lower() in people for w in parsed[sid].text[:k])
    }
    return out if len({" ".join(parsed[sid].text[:k]) for sid, k in out.items()}) >= 2 else {}


def colon_rows(
    rows: list[dict],
    doc_id: str,
    text: str,
    sent_rows: list[tuple[int, int, int, int]],
    parsed: dict[tuple[str, int], Sentence],
    quote_index: _Contains,
    res: SpeakerResolver,
    group: int,
) -> int:
    """Colon attributions (:func:`colon_source`) of one document: a quotation after the colon that
    found no reporting verb takes the colon's source as its speaker; other words after the colon
    become a ``reported`` row. Returns the last group number used."""
    direct: list[dict] = []  # this document's quotations: the rows at the end of ``rows`` (documents come one by one)
    for r in reversed(rows):
        if r["doc_id"] != doc_id:
            break
        if r["kind"] == "direct":
            direct.append(r)
    labels = transcript_labels(
        sent_rows, {sid: parsed[(doc_id, sid)] for sid, *_ in sent_rows if (doc_id, sid) in parsed}
    )
    ends: dict[int, int] = {}  # paragraph -> the end of its last sentence (for a transcript's turns)
    for _, _, b, p in sent_rows if labels else ():
        ends[p] = max(ends.get(p, 0), b)
    for sid, _, _, p in sent_rows:
        s = parsed.get((doc_id, sid))
        if s is None:
            continue
        found = (labels[sid], list(range(labels[sid]))) if sid in labels else colon_source(s)
        if found is None or quote_index.contain(s.start[found[0]], s.end[found[0]]):
            continue
        k, src = found
        a, b = s.start[src[0]], s.end[src[-1]]
        name = text[a:b].title() if sid in labels and len(text[a:b]) > 1 else text[a:b]  # "AMY GOODMAN:"
        speaker, actor = res.named(doc_id, name, a, b)
        who = {
            "speaker": speaker,
            "speaker_actor": actor,
            "verb": ":",
            "verb_text": ":",
            "attribution_start": a,
            "attribution_end": s.end[k],
            "how": "colon",
        }
        ca, cb = s.end[k], s.end[len(s) - 1]
        quoted = [r for r in direct if ca <= r["start"] < cb + 1]
        if quoted:
            for r in quoted:
                if not r["verb"]:
                    r.update(who)
            continue
        body = [t for t in range(k + 1, len(s)) if s.pos[t] not in ("PUNCT", "SPACE")]
        if not body:
            continue
        group += 1
        end = ends[p] if sid in labels else s.end[body[-1]]  # a transcript's turn runs to its paragraph's end
        end = len(text[:end].rstrip(" .?!\n")) if sid in labels else end
        rows.append(reported_row(doc_id, sid, text, s.start[body[0]], end, who, group))
    return group


def reported_row(doc_id: str, sid: int, text: str, a: int, b: int, who: dict, group: int) -> dict:
    """A ``reported`` row of the quotes table: the content ``text[a:b]`` of sentence ``sid`` and
    ``who`` said it (speaker, speaker_actor, verb, verb_text, attribution_start/_end, how)."""
    return {
        "doc_id": doc_id,
        "kind": "reported",
        "is_speech": True,
        "sent_id": sid,
        "start": a,
        "end": b,
        "text": text[a:b],
        "n_words": count_words(text[a:b]),
        **who,
        "group": group,
        "para": -1,
    }


def colon_verb_before(
    parsed: dict[tuple[str, int], Sentence],
    doc_id: str,
    index: _EndingBy,
    verbs: dict[int, list[int]],
    text: str,
    a: int,
) -> tuple[tuple[int, int], int, int] | None:
    """For a quotation with no reporting verb of its own: the last reporting verb of the
    sentence right before it, where that sentence ends with a colon and nothing but white space
    stands between ("Breitbart News responded:" + a quoted paragraph); else None."""
    sid = index.ending_by(a)
    if sid is None:
        return None
    s = parsed.get((doc_id, sid))
    if s is None or not len(s) or s.text[-1] != ":" or text[s.end[-1] : a].strip():
        return None
    found = verbs.get(sid, [])
    return ((2, 0), sid, found[-1]) if found else None

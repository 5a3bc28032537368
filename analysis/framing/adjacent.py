"""Attributions that stand in the sentence right after a quotation: the splitter ends a sentence
at a quotation's closing "?" or "!" (and sometimes "."), so in '"Who do they think they are?"
Trump said.' the reporting verb is in the next sentence; a "quotable" line names its speaker in
a paragraph of its own ('"...it needs to stop." / - Michelle Marks, Philadelphia.'); a quoted
paragraph after a named person's reported words carries them on ('Carter said that ...' / '"That's
because ..."'). Chosen on PolNeAR's dev articles (``bench/attribution.py``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from analysis.framing.content import content_tokens
from analysis.framing.speakers import DASHES, SpeakerResolver, speaker_fields, subject_of
from analysis.text.syntax import Sentence

__all__ = ["dash_speaker", "reported_before", "verb_after"]

# a reporting verb this far into the next sentence at most ("the Republican vice-presidential
# nominee riffed"); further in, the sentence says something of its own
_MAX_LEAD = 8
_NAME_WORDS = 6  # a "quotable" line's name, before its comma: "Michelle Marks", "President Obama"


class _Index(Protocol):
    para: dict[int, int]
    span: dict[int, tuple[int, int]]

    def containing(self, pos: int) -> int | None: ...

    def ending_by(self, pos: int) -> int | None: ...


def _next_sentence(index: _Index, text: str, b: int, *, same_paragraph: bool) -> int | None:
    """The sentence that starts right after ``b`` with only white space between (and no
    paragraph break where ``same_paragraph``), else None."""
    pos = b
    while pos < len(text) and text[pos].isspace():
        pos += 1
    sid = index.containing(pos)
    if sid is None or index.span[sid][0] != pos:
        return None
    if same_paragraph and "\n" in text[b:pos]:
        return None
    return sid


def _attribution_only(s: Sentence, k: int) -> bool:
    """Is sentence ``s`` only an attribution around reporting verb ``k`` ("Mrs. Clinton asked.",
    "said Trump.", "the judge exclaimed, ..."): nothing before the verb but its subject, and no
    content of its own (not "Trump said the wall will be built", "He mocked Rubio for ...")?"""
    if k > _MAX_LEAD or s.lemma[k].lower() == "refer" or content_tokens(s, k):  # "X refers to": a definition
        return False
    before = [t for t in range(k) if s.pos[t] not in ("PUNCT", "SPACE")]
    if not before:
        return True  # "said Trump."
    subj = subject_of(s, k)
    return subj is not None and subj < k and set(before) <= set(s.subtree(subj))


def verb_after(
    parsed: dict[tuple[str, int], Sentence],
    doc_id: str,
    index: _Index,
    verbs: dict[int, list[int]],
    text: str,
    b: int,
) -> tuple[tuple[int, int], int, int] | None:
    """For a quotation ending at ``b`` with no reporting verb of its own: the reporting verb of the
    sentence that follows it in the same paragraph when that sentence is only the attribution
    (:func:`_attribution_only`), as (rank, sentence id, verb token); else None."""
    sid = _next_sentence(index, text, b, same_paragraph=True)
    if sid is None:
        return None
    s = parsed.get((doc_id, sid))
    if s is None:
        return None
    found = [k for k in verbs.get(sid, []) if _attribution_only(s, k)]
    return ((3, 0), sid, found[0]) if found else None


def dash_speaker(
    parsed: dict[tuple[str, int], Sentence],
    doc_id: str,
    index: _Index,
    text: str,
    b: int,
    res: SpeakerResolver,
) -> dict | None:
    """For a quotation ending at ``b`` with no reporting verb: the speaker named by a line of its
    own right after it, opening with a dash ("- Hillary Clinton.", "-President Obama, tweeting
    after Clinton's speech."): up to six capitalised words before the first comma, with a proper
    noun among them. Returns the speaker fields of the quotes table, or None."""
    sid = _next_sentence(index, text, b, same_paragraph=False)
    s = parsed.get((doc_id, sid)) if sid is not None else None
    if s is None or len(s) < 2 or s.text[0] not in DASHES:
        return None
    toks = []
    for t in range(1, len(s)):
        if s.text[t] in (",", ".", ";", "(") or s.pos[t] == "SPACE":
            break
        toks.append(t)
    if not toks or len(toks) > _NAME_WORDS or not any(s.pos[t] == "PROPN" for t in toks):
        return None
    if not all(s.text[t][:1].isupper() or s.text[t] in ("of", "the", "de", "van", "von") for t in toks):
        return None
    if any(s.pos[t] in ("VERB", "AUX", "PRON") for t in toks):
        return None
    a, z = s.start[toks[0]], s.end[toks[-1]]
    name = text[a:z]
    speaker, actor = res.named(doc_id, name, a, z)
    return {
        "speaker": speaker,
        "speaker_actor": actor,
        "verb": s.text[0],
        "verb_text": s.text[0],
        "attribution_start": s.start[0],
        "attribution_end": z,
        "how": "dash",
    }


def reported_before(
    parsed: dict[tuple[str, int], Sentence],
    doc_id: str,
    index: _Index,
    verbs: dict[int, list[int]],
    text: str,
    a: int,
    sids: list[int],
    quoted: Callable[[int, int], bool],
    res: SpeakerResolver,
    person_before: Callable[..., tuple[str, str] | None],
) -> dict | None:
    """For a quotation opening its paragraph at ``a`` with no reporting verb of its own: the
    speaker of the paragraph before, where that paragraph's last sentence is a named person's
    reported words ('Carter said that for decades critics had ...' / '"That's because this region
    ..."'); its main reporting verb, its subject a proper name, not two people joined ("Matthews,
    Seitz-Wald and Lopez argued"). Not where a verb outside quotation marks stands in the
    quotation's own sentences ``sids`` (``quoted``: is a span inside quotation marks?): an
    attribution there that no rule read ('"Call the roll," came shouts from the crowd').
    ``person_before`` as :func:`~analysis.framing.speakers.speaker_fields` takes it. Returns the
    speaker fields (how ``continuation``), or None."""
    own = [parsed[(doc_id, i)] for i in sids if (doc_id, i) in parsed]
    if text[text.rfind("\n", 0, a) + 1 : a].strip() or any(
        s.pos[t] == "VERB" and not quoted(s.start[t], s.end[t]) for s in own for t in range(len(s))
    ):
        return None
    sid = index.ending_by(a)
    s = parsed.get((doc_id, sid)) if sid is not None else None
    if s is None or "\n" not in text[s.end[-1] : a]:
        return None
    found = [k for k in verbs.get(s.sent_id, []) if s.dep[k] == "ROOT"]
    if not found:
        return None
    k = found[0]
    subj = [c for c in s.children(k) if s.dep[c] == "nsubj"]
    if not subj or s.pos[subj[0]] != "PROPN" or any(s.dep[c] == "conj" for c in s.children(subj[0])):
        return None
    who = speaker_fields(s, k, text, res, person_before, how="continuation")
    return who if who["speaker"] else None

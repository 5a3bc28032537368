"""Who speaks: direct quotations and reported speech, with speakers resolved and mapped to actors.

**Direct quotations** are the spans between quote marks (curly or straight; a quote left open
runs to the end of its paragraph), without the marks. Each gets its speaker from, in order:

1. ``attribution``: a reporting verb outside the quotes in the quote's sentence (or the sentence
   that closes it), nearest to the quote: its subject ("Cavusoglu said", "said Cavusoglu",
   "he added", "the official told"), the object of "according to", or, for a participle
   ("..., adding"), the subject of the verb it hangs from;
2. ``continuation``: a quote with no verb of its own after a quote of its or the previous paragraph takes its speaker
   and group; one opening its paragraph, the named speaker of the previous paragraph's reported words.

A pronoun speaker ("he said", "it said") takes what the reference resolver linked the pronoun to
(the references table, :mod:`analysis.mentions.resolve`), where resolution is on; with it off
(``references`` None), "he"/"she" take the person of the actor file named last before them in
the same or the previous sentence.
Speakers are mapped to actors through the actor file: a person of the file (any alias) gives its
canonical name and actor; otherwise an actor mention inside the speaker's phrase ("a Turkish
official", "Russia's foreign ministry") gives the actor; a name the file does not know is
``other``. A quote of three words or fewer with neither rule is a scare quote (``is_speech``
false).

**Reported speech** is a clause governed by a reporting verb outside any quote ("Lavrov said the
two nations agreed ...") or introduced by "according to", or what a noun or an adjective cue
attributes ("Erdogan's claim that ...": :mod:`analysis.framing.noun_cues`); it gets its speaker
in the same way.

``group`` links the parts of one split quotation; ``how`` says which rule found the speaker.
The tables made from the quotes (speakers, voice shares, reporting verbs, speaker topics) are in
:mod:`analysis.framing.voice`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import partial

import pandas as pd

from analysis.framing.adjacent import dash_speaker, reported_before, verb_after
from analysis.framing.colon import colon_rows, colon_verb_before, reported_row
from analysis.framing.content import content_tokens
from analysis.framing.cues import introduces, is_learned_cue, sentence_verbs
from analysis.framing.noun_cues import cue_speaker, noun_rows
from analysis.framing.speakers import (
    SpeakerResolver,
    only_person,
    person_entities,
    resolver_links,
    speaker_fields,
)
from analysis.framing.subject_pronouns import subject_speaker
from analysis.ingest.actors import ActorSet
from analysis.text.sentences import doc_quote_spans
from analysis.text.syntax import Sentence, iter_parsed
from analysis.text.tokens import count_words

__all__ = ["QUOTE_COLUMNS", "find_quotes"]

QUOTE_COLUMNS = (
    "doc_id quote_id group kind is_speech sent_id start end text n_words speaker speaker_actor verb verb_text "
    "attribution_start attribution_end how"
).split()
_QUOTE_MARKS = '"\u201c\u201d\u201e\u201f\u00ab\u00bb'


def mark_length(text: str, at: int) -> int:
    """Characters of the opening quotation mark at ``at``: 2 for the two-apostrophe mark (''), else 1."""
    return 2 if text[at : at + 2] == "''" else 1


def closing_mark_length(text: str, end: int) -> int:
    """Characters of the quotation mark that ends at ``end`` (2 for '', 1 for a one-character
    mark, 0 where a quotation left open ran to the end of its paragraph)."""
    if text[end - 2 : end] == "''":
        return 2
    return 1 if text[end - 1 : end] in tuple(_QUOTE_MARKS) else 0


def _is_partial(text: str, s: Sentence, k: int, a: int) -> bool:
    """Is the quotation opening at ``a`` a fragment inside the words of reporting verb ``k``'s
    sentence ("said he had seen 'some demobilization'", "called it 'arbitrary'"), rather than
    a quotation of its own ("Trump said: '...'", "'...,' he said")? It is when the word right
    before the opening mark, in the same sentence, is neither punctuation nor the verb nor "that"."""
    before = text[s.start[0] : a].rstrip()
    if not before or before[-1] in ",:;\u2014\u2013-([" or before[-1] in _QUOTE_MARKS or before.endswith("''"):
        return False
    prev = [t for t in range(len(s)) if s.end[t] <= a]
    if not prev:
        return False
    last = prev[-1]
    return last != k and s.text[last].lower() not in ("that", "say", "says", "said", "saying")


# unquoted words of a reporting verb's clause that make a quotation inside it a fragment: chosen
# on PolNeAR's dev articles (3 and 5 gave the same figures; direct quotations P 0.823 -> 0.838)
_CLAUSE_WORDS = 3


def _inside_clause(s: Sentence, content: list[int], a: int, b: int, quoted: _Spans) -> bool:
    """Is the quotation ``a``-``b`` (marks included) a fragment of ``content``, what its reporting
    verb attributes, with at least three of its words in no quotation ("Comey testified
    'thousands' of emails had not been turned over", "'I held and hugged' grieving family
    members before ..., he said"; not a quotation split by its attribution: "'...,' Blackwell
    added, '...'")?"""
    if not content or not (s.start[content[0]] <= a + 1 and b - 1 <= s.end[content[-1]]):
        return False
    return sum(1 for t in content if not quoted.contain(s.start[t], s.end[t])) >= _CLAUSE_WORDS


class _Sentences:
    """One document's sentences (id, start, end, paragraph, in table order) with the look-ups
    :func:`find_quotes` makes for every quote and speaker, by bisection instead of a scan of every
    sentence (a 5 MB article has tens of thousands of sentences and of quotes). Sentences in
    start order that do not overlap, as the splitter makes them, are required for the bisection;
    any other order falls back to the scans, which give the same answers."""

    def __init__(self, rows: list[tuple[int, int, int, int]]) -> None:
        self.rows = rows
        self.sids = [r[0] for r in rows]
        self.starts = [r[1] for r in rows]
        self.ends = [r[2] for r in rows]
        self.para = {sid: p for sid, _, _, p in reversed(rows)}  # the first row of a repeated sent_id wins
        self.sorted = len(set(self.sids)) == len(rows) and all(
            self.starts[i] <= self.ends[i] <= self.starts[i + 1] for i in range(len(rows) - 1)
        )
        self.by_id = sorted(set(self.sids))
        self.span = {sid: (s0, s1) for sid, s0, s1, _ in rows}  # the last row of a repeated sent_id wins

    def containing(self, pos: int) -> int | None:
        """The first sentence (in table order) with start <= pos < end."""
        if not self.sorted:
            return next((sid for sid, (s0, s1) in self.span.items() if s0 <= pos < s1), None)
        i = bisect_right(self.starts, pos) - 1  # the last sentence starting at or before pos: the only candidate
        return self.sids[i] if i >= 0 and pos < self.ends[i] else None

    def first_id_from(self, low: int, high: int) -> int | None:
        """The smallest sentence id in [low, high]."""
        i = bisect_left(self.by_id, low)
        return self.by_id[i] if i < len(self.by_id) and self.by_id[i] <= high else None

    def overlapping(self, a: int, b: int) -> list[int]:
        """Ids of the sentences with start < b and end > a, in table order."""
        if not self.sorted:
            return [sid for sid, s0, s1, _ in self.rows if s0 < b and s1 > a]
        lo, hi = bisect_right(self.ends, a), bisect_left(self.starts, b)
        return [sid for sid, s0, s1, _ in self.rows[lo:hi] if s0 < b and s1 > a]

    def ending_by(self, pos: int) -> int | None:
        """The id of the last sentence (in start order) that ends at or before ``pos``."""
        if not self.sorted:
            done = [(s0, sid) for sid, s0, s1, _ in self.rows if s1 <= pos]
            return max(done)[1] if done else None
        i = bisect_right(self.ends, pos) - 1
        return self.sids[i] if i >= 0 else None

    def any_between(self, a: int, b: int) -> bool:
        """Is there a sentence with a <= start and end <= b?"""
        if not self.sorted:
            return any(a <= s0 and s1 <= b for _, s0, s1, _ in self.rows)
        i = bisect_left(self.starts, a)
        return i < len(self.rows) and self.ends[i] <= b


class _Spans:
    """Quote spans, asked whether one of them contains [a, b): by bisection over their starts
    with the running maximum of their ends (the same answer as testing every span)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.reach: list[int] = []
        for _, b in ordered:
            self.reach.append(max(b, self.reach[-1]) if self.reach else b)

    def contain(self, a: int, b: int) -> bool:
        i = bisect_right(self.starts, a)
        return i > 0 and self.reach[i - 1] >= b


def find_quotes(
    syntax: pd.DataFrame,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    docs: pd.DataFrame,
    actors: ActorSet,
    *,
    references: pd.DataFrame | None = None,
    context: bool = False,
    nouns: bool = True,
) -> pd.DataFrame:
    """The quotes table: direct quotations and reported speech, with speaker and reporting verb.

    ``references``: the references table, which gives a pronoun speaker its actor (None: the
    nearest-person rule); ``context``: the cue model also reads a likely cue verb in its sentence
    (:mod:`analysis.framing.cue_context`); ``nouns``: nouns and adjectives are cues too
    (:mod:`analysis.framing.noun_cues`)."""
    if len(sentences) == 0 or len(docs) == 0:
        return pd.DataFrame(columns=QUOTE_COLUMNS)
    texts = dict(zip(docs["doc_id"], docs["text"]))
    quotes = doc_quote_spans(docs, sentences)
    parsed: dict[tuple[str, int], Sentence] = {(s.doc_id, s.sent_id): s for s in iter_parsed(syntax)}
    res = SpeakerResolver(actors, mentions, references)
    names = person_entities(syntax, texts)
    counted = mentions[mentions["counted"].astype(bool)] if len(mentions) and references is not None else None
    counted_by_doc = dict(iter(counted.groupby("doc_id", sort=False))) if counted is not None and len(counted) else {}
    linked: dict[str, dict[int, str]] = {}  # per document, computed where a "he said" needs it
    rows: list[dict] = []
    for doc_id, doc_s in sentences.groupby("doc_id", sort=False):
        text = texts[doc_id]
        spans = quotes.get(doc_id, [])
        inner = []
        for a, b in spans:
            ia = a + mark_length(text, a)
            ib = max(b - closing_mark_length(text, b), ia) if b - 1 > a else b
            inner.append((ia, ib, a, b))
        sent_rows = list(
            zip(
                doc_s["sent_id"].astype(int),
                doc_s["start"].astype(int),
                doc_s["end"].astype(int),
                doc_s["para_id"].astype(int),
            )
        )
        persons = res.persons_in(doc_id)
        index = _Sentences(sent_rows)
        quote_index = _Spans(spans)
        # quotations of five words or more: a subject there is no speaker (a scare-quoted "the
        # media" or "analyst" may be one)
        said = _Spans([(qa, qb) for qa, qb in spans if count_words(text[qa:qb]) > 4]).contain

        # persons and index are bound as defaults (the function is only called in this iteration)
        people = names.get(doc_id, [])

        def last_person_before(
            pos: int,
            *,
            title: str | None = None,
            entity: bool = False,
            resolved: bool = False,
            doc: str = doc_id,
            sent_rows: list[tuple[int, int, int, int]] = sent_rows,
            spans: list[tuple[int, int]] = spans,
            persons: pd.DataFrame = persons,
            index: _Sentences = index,
            people: list[tuple[int, int, str, str, bool]] = people,
            gender: str = "",
            quoted: _Spans = quote_index,
            noun: str = "",
            body: str = text,
        ) -> tuple[str, str] | None:
            """The person named last before ``pos`` in the same or the previous sentence; with
            ``title``, the last one within three sentences whose role in the actor file has it;
            with ``entity``, the person the parser tagged (any name, not only the actor file's)
            outside quotation marks, mapped to an actor where it is one (see
            :func:`~analysis.framing.speakers.only_person`); with ``resolved``, the person the
            reference resolver links the pronoun at ``pos`` to, where the actor file does not
            list it (:func:`~analysis.framing.speakers.resolved_people`); with ``noun`` ("they",
            "it"), the subject that agrees with it named just before it
            (:func:`~analysis.framing.subject_pronouns.subject_speaker`)."""
            if noun:
                return subject_speaker(parsed, doc, index.containing(pos), pos, noun, body, res, quoted.contain)
            if resolved:  # the reference resolver's link to a person the actor file does not list
                if doc not in linked:
                    linked[doc] = resolver_links(doc, sent_rows, parsed, counted_by_doc.get(doc), spans)
                name = linked[doc].get(pos)
                if name is None:
                    return None
                found = res.lookup(name)
                return (found[1], found[0]) if found is not None else (name, "other")
            if entity:
                cur = index.containing(pos)
                near = far = 0  # the start of its sentence and the two before; and the six before
                if cur is not None:
                    ids = [index.first_id_from(cur - back, cur) for back in (2, 6)]
                    near, far = (index.span[i][0] if i is not None else 0 for i in ids)
                hits = [
                    (a, name, subject)
                    for a, b, name, g, subject in people
                    if far <= a and b <= pos and g in ("", gender) and not quoted.contain(a, b)
                ]
                name = only_person(hits, near=near)
                if name is None:
                    return None
                found = res.lookup(name)
                return (found[1], found[0]) if found is not None else (name, "other")
            if len(persons) == 0:
                return None
            cur = index.containing(pos)
            back = 3 if title else 1
            first = index.first_id_from(cur - back, cur) if cur is not None else None
            window_start = index.span[first][0] if first is not None else 0
            before = persons[(persons["end"] <= pos) & (persons["start"] >= window_start)]
            if title:
                before = before[[title in res.roles.get(str(p), "") for p in before["person"]]]
            if len(before) == 0:
                return None
            r = before.iloc[-1]
            return str(r["person"]), str(r["actor"])

        # reporting verbs outside quotes, per sentence; and with them the verbs that may attribute a quotation
        verbs: dict[int, list[int]] = {}
        speech: dict[int, list[int]] = {}
        for sid, _, _, _ in sent_rows:
            s = parsed.get((doc_id, sid))
            if s is None:
                continue
            verbs[sid], speech[sid] = sentence_verbs(s, quote_index.contain)
        group = 0
        prev: dict | None = None
        used_verbs: dict[tuple[int, int], int] = {}
        partial_clauses: dict[tuple[int, int], dict] = {}
        for ia, ib, a, b in inner:
            sids = index.overlapping(a, b)
            if not sids:
                continue
            para = index.para[sids[0]]
            best = None
            for sid in sorted({sids[0], sids[-1]}):
                s = parsed.get((doc_id, sid))
                if s is None:
                    continue
                qtoks = [t for t in range(len(s)) if ia <= s.start[t] < ib]
                above = set().union(*(s.ancestors(t) for t in qtoks)) if qtoks else set()
                whole = count_words(text[ia:ib]) > 3 and not _is_partial(text, s, -1, a)  # not a fragment
                for k in [
                    v for v in speech[sid] if v in verbs[sid] or (whole and (v in above or introduces(s, v, text, a)))
                ]:
                    # the lowest reporting verb that governs the quote, else the nearest one
                    key = (0, len(s.subtree(k))) if k in above else (1, min(abs(s.start[k] - b), abs(s.end[k] - a)))
                    if best is None or key < best[0]:
                        best = (key, sid, k)
            if best is None:  # "Breitbart News responded:" closing the paragraph before the quotation
                best = colon_verb_before(parsed, doc_id, index, speech, text, a)
            if best is None:  # '"Who do they think they are?" Trump said.': the verb in the next sentence
                best = verb_after(parsed, doc_id, index, speech, text, b)
            row = {
                "doc_id": doc_id,
                "kind": "direct",
                "sent_id": sids[0],
                "start": ia,
                "end": ib,
                "text": text[ia:ib],
                "n_words": count_words(text[ia:ib]),
                "verb": "",
                "verb_text": "",
                "attribution_start": -1,
                "attribution_end": -1,
                "speaker": "",
                "speaker_actor": "unknown",
                "how": "",
                "is_speech": True,
            }
            if best is not None:
                _, sid, k = best
                s = parsed[(doc_id, sid)]
                row.update(speaker_fields(s, k, text, res, last_person_before, quoted=said))
                key = (sid, k)
                if key in used_verbs:
                    row["group"] = used_verbs[key]
                else:
                    group += 1
                    used_verbs[key] = group
                    row["group"] = group
                content = content_tokens(s, k)
                if _is_partial(text, s, k, a) or (len(sids) == 1 and _inside_clause(s, content, a, b, quote_index)):
                    # a quoted fragment of a reported clause
                    row["kind"] = "partial"
                    if content and (s.start[content[0]] > ia or s.end[content[-1]] < ia):
                        content = []  # the verb's clause is elsewhere: the fragment alone
                    if s.end[k] <= a and not content:  # "called the judge a 'hater'": from the verb on
                        content = [t for t in range(k + 1, len(s)) if s.start[t] < ib and s.pos[t] != "PUNCT"]
                    if content and key not in partial_clauses:
                        ca, cb = min(s.start[content[0]], ia), max(s.end[content[-1]], ib)
                        partial_clauses[key] = {
                            **row,
                            "kind": "reported",
                            "start": ca,
                            "end": cb,
                            "text": text[ca:cb],
                            "n_words": count_words(text[ca:cb]),
                            "para": -1,
                        }
            elif (
                prev is not None
                and prev["is_speech"]
                and prev["para"] in (para, para - 1)
                and not index.any_between(prev["end"], ia)
            ):
                row.update(
                    speaker=prev["speaker"],
                    speaker_actor=prev["speaker_actor"],
                    verb=prev["verb"],
                    verb_text=prev["verb_text"],
                    attribution_start=prev["attribution_start"],
                    attribution_end=prev["attribution_end"],
                    how="continuation",
                    group=prev["group"],
                )
            else:
                group += 1
                row["group"] = group
                who = dash_speaker(parsed, doc_id, index, text, b, res) or reported_before(  # "- Hillary Clinton."
                    parsed, doc_id, index, verbs, text, a, sids, quote_index.contain, res, last_person_before
                )
                if who is not None:
                    row.update(who)
                elif row["n_words"] <= 3:
                    row["is_speech"] = False
            row["para"] = para
            rows.append(row)
            prev = row
        rows.extend(partial_clauses.values())
        group = colon_rows(rows, doc_id, text, sent_rows, parsed, quote_index, res, group)
        # reported speech: reporting verbs with a clause (or an object) that no quotation took, and
        # the cues the model finds (these never speak for a quotation)
        for sid, _, _, _ in sent_rows:
            s = parsed.get((doc_id, sid))
            if s is None:  # no verbs either
                continue
            # outside quotation marks first: a sentence whose verbs are all quoted is never encoded
            outside = [k for k in range(len(s)) if not quote_index.contain(s.start[k], s.end[k])]
            learned = [k for k in outside if is_learned_cue(s, k, context=context)]
            for k in sorted(verbs.get(sid, []) + learned):
                if (sid, k) in used_verbs:
                    continue
                content = content_tokens(s, k, any_prep=k in learned)
                if k in learned and content and content[0] < k:  # a learned cue reports what follows it
                    continue
                if not content or quote_index.contain(s.start[content[0]], s.end[content[-1]]):
                    continue
                who = speaker_fields(s, k, text, res, last_person_before, quoted=said)
                group += 1
                rows.append(reported_row(doc_id, sid, text, s.start[content[0]], s.end[content[-1]], who, group))
        if nouns:  # "Trump's claim that ...", "her promise to ...", "is eager to ..."
            noun_speaker = partial(
                speaker_fields, text=text, res=res, person_before=last_person_before, quoted=said, find=cue_speaker
            )
            found = [parsed.get((doc_id, sid)) for sid, _, _, _ in sent_rows]
            group = noun_rows(rows, doc_id, found, text, quote_index.contain, noun_speaker, group)
    if not rows:
        return pd.DataFrame(columns=QUOTE_COLUMNS)
    out = pd.DataFrame(rows).sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)
    out["quote_id"] = out.groupby("doc_id").cumcount()
    return out[QUOTE_COLUMNS]

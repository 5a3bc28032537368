"""The references table: every pronoun that refers to an actor without naming it.

One row per resolved pronoun ("he", "its", "they"; "I" and "we" inside a quotation), with the
actor (and person) it refers to, the antecedent mention it was linked to, the rule that linked
it and a confidence (:mod:`analysis.mentions.resolve`). It needs the parse (the syntax table), so
it is computed where the framing tables are. The mentions table keeps the names; this table is
what resolution adds, so each can be read, and counted, apart.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.ingest.actors import ActorSet
from analysis.mentions.antecedents import AntecedentScorer
from analysis.mentions.descriptions import resolve_all
from analysis.mentions.entities import doc_entity_mentions
from analysis.mentions.matching import MENTION_COLUMNS
from analysis.text.sentences import doc_quote_spans
from analysis.text.syntax import Sentence, iter_parsed

__all__ = ["REFERENCE_COLUMNS", "find_references", "with_references"]

REFERENCE_COLUMNS = [
    "doc_id",
    "sent_id",
    "actor",
    "person",
    "surface",
    "start",
    "end",
    "kind",
    "antecedent",
    "antecedent_start",
    "antecedent_end",
    "rule",
    "confidence",
    "in_quote",
]


def find_references(
    syntax: pd.DataFrame,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    docs: pd.DataFrame,
    actors: ActorSet,
    *,
    quotes: Mapping[str, list[tuple[int, int]]] | None = None,
    scorer: AntecedentScorer | None = None,
) -> pd.DataFrame:
    """The references table of the documents (offsets into ``docs.text``).

    ``scorer``: the learned antecedent model, asked where the rules leave a "he" or "she"
    between several people (None: rules only; see :mod:`analysis.mentions.antecedents`).

    ``quotes``: each document's quotation spans where the caller has them (else found again).
    ``kind`` is ``pronoun``; ``antecedent`` is the text of the mention the pronoun was linked
    through (a name, or for "I" inside a quotation the speaker's name or pronoun).
    """
    if len(syntax) == 0 or len(docs) == 0:
        return pd.DataFrame(columns=REFERENCE_COLUMNS)
    texts = dict(zip(docs["doc_id"], docs["text"]))
    all_quotes = quotes if quotes is not None else doc_quote_spans(docs, sentences)
    counted = mentions[mentions["counted"].astype(bool)] if len(mentions) else mentions
    by_doc = dict(list(counted.groupby("doc_id", sort=False))) if len(counted) else {}
    enabled = set(actors.ids)
    titles = {p.name: p.role for a in actors.actors for p in a.people if p.role}
    bodies = frozenset(a.id for a in actors.actors if a.names)  # countries, organisations: "his country"
    rows: list[tuple] = []
    parsed: list[Sentence] = []
    current = None

    def flush() -> None:
        if current is None or current not in by_doc:
            return  # a document that names no actor has nothing to resolve to
        rows.extend(
            _document_rows(
                current,
                parsed,
                by_doc[current],
                texts[current],
                all_quotes.get(current, []),
                enabled,
                titles,
                scorer,
                bodies=bodies,
            )
        )

    for s in iter_parsed(syntax):
        if s.doc_id != current:
            flush()
            current, parsed = s.doc_id, []
        parsed.append(s)
    flush()
    if not rows:
        return pd.DataFrame(columns=REFERENCE_COLUMNS)
    return pd.DataFrame(dict(zip(REFERENCE_COLUMNS, map(list, zip(*rows)))), columns=REFERENCE_COLUMNS)


def _document_rows(
    doc_id: str,
    parsed: list[Sentence],
    mentions: pd.DataFrame,
    text: str,
    quotes: list[tuple[int, int]],
    enabled: set[str],
    titles: dict[str, str],
    scorer: AntecedentScorer | None = None,
    *,
    bodies: frozenset[str] = frozenset(),
) -> list[tuple]:
    """The reference rows of one document."""
    index = {s.sent_id: i for i, s in enumerate(parsed)}
    named = [
        (index[sid], int(a), int(b), actor, person or "")
        for sid, a, b, actor, person in zip(
            mentions["sent_id"], mentions["start"], mentions["end"], mentions["actor"], mentions["person"]
        )
        if sid in index and actor in enabled
    ]
    entity_mentions = doc_entity_mentions(parsed, named, titles=titles)
    out = []
    found = resolve_all(parsed, entity_mentions, quotes=quotes, scorer=scorer, bodies=bodies)
    for r in sorted(found, key=lambda r: r.start):
        if not r.entity.actor:
            continue
        ante = r.antecedent
        out.append(
            (
                doc_id,
                parsed[r.sent].sent_id,
                r.entity.actor,
                r.entity.person,
                text[r.start : r.end],
                r.start,
                r.end,
                "description" if r.rule in ("description", "appositive") else "pronoun",
                text[ante.start : ante.end] if ante is not None else "",
                ante.start if ante is not None else -1,
                ante.end if ante is not None else -1,
                r.rule,
                float(r.confidence),
                any(a <= r.start and r.end <= b for a, b in quotes),
            )
        )
    return out


_POSSESSIVE = frozenset(("his", "her", "hers", "its", "their", "theirs", "my", "mine", "our", "ours"))


def with_references(mentions: pd.DataFrame, references: pd.DataFrame | None) -> pd.DataFrame:
    """The mentions, then one row (kind ``pronoun``, ``form`` the antecedent) per reference that
    sits in a sentence which does not name its actor: the targets stance scores, so that a
    sentence saying "he" about an actor is scored toward it while a sentence that names the actor
    is scored as before. Each document's references come right after its mentions."""
    if references is None or len(references) == 0:
        return mentions
    named = set()
    if len(mentions):
        keep = mentions["counted"].astype(bool) & (mentions["kind"] != "modifier")
        named = set(zip(mentions["doc_id"][keep], mentions["sent_id"][keep].astype(int), mentions["actor"][keep]))
    key = list(zip(references["doc_id"], references["sent_id"].astype(int), references["actor"]))
    refs = references[[k not in named for k in key]]
    if len(refs) == 0:
        return mentions
    extra = pd.DataFrame(
        {
            "doc_id": refs["doc_id"].to_numpy(),
            "sent_id": refs["sent_id"].to_numpy(),
            "actor": refs["actor"].to_numpy(),
            "surface": refs["surface"].to_numpy(),
            "start": refs["start"].to_numpy(),
            "end": refs["end"].to_numpy(),
            "kind": "pronoun",
            "form": refs["antecedent"].to_numpy(),
            "person": refs["person"].to_numpy(),
            "possessive": refs["surface"].str.lower().isin(_POSSESSIVE).to_numpy(),
            "in_title": False,
            "in_quote": refs["in_quote"].astype(bool).to_numpy(),
            "counted": True,
        },
        columns=MENTION_COLUMNS,
    )
    if len(mentions) == 0:
        return extra
    both = pd.concat([mentions, extra], ignore_index=True)
    # each document's references right after its mentions, so that the rows (and the stances
    # made from them) do not depend on how the documents were batched
    order = {d: i for i, d in enumerate(dict.fromkeys(mentions["doc_id"]))}
    codes = both["doc_id"].map(order).to_numpy()
    return both.iloc[codes.argsort(kind="stable")].reset_index(drop=True)

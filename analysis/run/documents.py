"""The per-document steps of a run, for a batch of documents (the in-memory run is one batch): every
table computed one document at a time (:func:`document_tables`) and the stance tables
(:func:`stance_tables`). An error in one document's analysis is caught at that document, which
is listed in the failed table with the stage and the error; the other documents go on."""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
from nltk.tokenize.punkt import PunktSentenceTokenizer

from analysis.framing.labels import find_labels
from analysis.framing.omission import find_items
from analysis.framing.quotes import find_quotes
from analysis.framing.roles import mention_roles
from analysis.framing.voice import sentence_speakers
from analysis.ingest.actors import ActorSet
from analysis.ingest.clean import clean_docs
from analysis.mentions.antecedents import default_scorer
from analysis.mentions.matching import find_mentions
from analysis.mentions.references import find_references, with_references
from analysis.mentions.salience import doc_salience
from analysis.stance.aggregate import aggregate_stances
from analysis.stance.article import article_stance
from analysis.stance.evidence import evidence
from analysis.stance.scoring import Scorer, score_mentions
from analysis.tables.registry import columns
from analysis.text.punkt import PunktSample, punkt_training_text
from analysis.text.sentences import sentences_and_tokens
from analysis.text.syntax import parse_sentences

__all__ = [
    "StageError",
    "count_pairs",
    "document_tables",
    "drop_documents",
    "failed_rows",
    "isolate_failures",
    "punkt_sample",
    "safe_stance_tables",
    "stance_tables",
]

T = TypeVar("T")
R = TypeVar("R")


def punkt_sample(docs: pd.DataFrame, *, sample: PunktSample | None = None, chunk: int = 200) -> PunktSample:
    """Add these documents' first kept paragraphs to the Punkt sample, cleaning only as many
    documents as the sample still needs (fed batch after batch, it gives the whole corpus's sample)."""
    sample = sample if sample is not None else PunktSample()
    for lo in range(0, len(docs), chunk):
        if sample.full:
            break
        part = docs.iloc[lo : lo + chunk]
        (paragraphs, _), part, _ = isolate_failures(part, lambda d: _stage("clean", clean_docs, d))
        punkt_training_text(part, paragraphs, sample=sample)
    return sample


def count_pairs(mentions: pd.DataFrame) -> int:
    """Number of counted mentions (what ``auto`` compares with the accurate scorer's limit)."""
    return int(mentions["counted"].astype(bool).sum()) if len(mentions) else 0


class StageError(Exception):
    """An exception raised by one step (``stage``) of a document's analysis, with the original."""

    def __init__(self, stage: str, error: BaseException) -> None:
        super().__init__(f"{stage}: {type(error).__name__}: {error}")
        self.stage, self.error = stage, error


def _stage(name: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)``, an exception re-raised as StageError(name)."""
    try:
        return fn(*args, **kwargs)
    except Exception as exc:
        raise StageError(name, exc) from exc


def _where(error: BaseException) -> str:
    """file:line of the frame that raised (the innermost one inside the package, else the last)."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if f"{os.sep}analysis{os.sep}" in f.filename]
    candidates = ours or frames
    if not candidates:
        return ""
    frame = candidates[-1]
    path = Path(frame.filename)
    parts = path.parts
    rel = "/".join(parts[parts.index("analysis") :]) if "analysis" in parts else path.name
    return f"{rel}:{frame.lineno}"


def failed_rows(docs: pd.DataFrame, failures: list[tuple[str, StageError]]) -> pd.DataFrame:
    """The failed table of (doc_id, error) pairs: doc_id, source, outlet, stage, error, where."""
    cols = columns("failed")
    if not failures:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    info = docs.set_index("doc_id")
    rows = []
    for doc_id, err in failures:
        rec = info.loc[doc_id] if doc_id in info.index else None
        message = " ".join(str(err.error).split())[:500]
        rows.append(
            {
                "doc_id": doc_id,
                "source": str(rec["source"]) if rec is not None and "source" in info else "",
                "outlet": str(rec["outlet"]) if rec is not None and "outlet" in info else "",
                "stage": err.stage,
                "error": f"{type(err.error).__name__}: {message}",
                "where": _where(err.error),
            }
        )
    return pd.DataFrame(rows, columns=cols)


def isolate_failures(
    docs: pd.DataFrame, analyse: Callable[[pd.DataFrame], R], *, on_failure: Callable[[str], None] | None = None
) -> tuple[R, pd.DataFrame, pd.DataFrame]:
    """``analyse(docs)``, or, when a step raises, the same for the documents that do not raise.

    Each document is then analysed alone to find those that raise (their stage and error go to
    the failed table) and the others are analysed together again, so the result is what the
    batch without the failing documents gives. Returns (result, docs analysed, failed table).
    An error that no single document raises is re-raised (it is not a document's)."""
    try:
        return analyse(docs), docs, failed_rows(docs, [])
    except StageError as first:
        if len(docs) <= 1:
            failures = [(str(d), first) for d in docs["doc_id"].tolist()]
        else:
            failures = []
            for i in range(len(docs)):
                one = docs.iloc[i : i + 1]
                try:
                    analyse(one)
                except StageError as err:
                    failures.append((str(one["doc_id"].iloc[0]), err))
            if not failures:
                raise first.error from first
    bad = {d for d, _ in failures}
    if on_failure is not None:
        for doc_id, failure in failures:
            on_failure(f"{doc_id}: {failure}")
    good = docs[~docs["doc_id"].astype(str).isin(bad)].reset_index(drop=True)
    return analyse(good), good, failed_rows(docs, failures)


def drop_documents(tables: dict[str, pd.DataFrame], doc_ids: set[str]) -> dict[str, pd.DataFrame]:
    """The per-document tables without the rows of the given documents (tables without doc_id kept)."""
    if not doc_ids:
        return tables
    out = {}
    for name, frame in tables.items():
        if "doc_id" in frame.columns and name != "failed" and len(frame):
            frame = frame[~frame["doc_id"].astype(str).isin(doc_ids)].reset_index(drop=True)
        out[name] = frame
    return out


def document_tables(
    docs: pd.DataFrame,
    *,
    actors: ActorSet,
    splitter: PunktSentenceTokenizer | None = None,
    with_tokens: bool = True,
    framing: bool = True,
    resolve: bool = True,
    resolve_model: bool = False,
    cue_context: bool = False,
) -> dict[str, pd.DataFrame]:
    """Every table that is computed one document at a time (a batch gives its documents' rows).

    paragraphs, removed, sentences, tokens, mentions, salience_doc; with ``framing`` also syntax,
    labels, quotes, roles, speakers, omission_items (the entities and numbers per document) and,
    with ``resolve``, references (pronouns resolved to actors; with ``resolve_model`` the learned
    antecedent model settles the pronouns the rules leave between several people); ``cue_context``:
    the quotes step reads likely cue verbs in their sentences too (:mod:`analysis.framing.cue_context`).
    ``splitter`` is the corpus's Punkt splitter (None: untrained). A step that raises raises
    StageError naming it (see :func:`isolate_failures`).
    """
    paragraphs, removed = _stage("clean", clean_docs, docs)
    quotes: dict[str, list[tuple[int, int]]] = {}  # found once, with the sentences
    sentences, tokens = _stage(
        "sentences", sentences_and_tokens, docs, paragraphs, splitter=splitter, with_tokens=with_tokens, quotes=quotes
    )
    mentions = _stage("mentions", find_mentions, docs, sentences, actors, quotes=quotes)
    out = {
        "removed": removed,
        "paragraphs": paragraphs,
        "sentences": sentences,
        "mentions": mentions,
    }
    if tokens is not None:
        out["tokens"] = tokens
    if framing:
        syntax = _stage("syntax", parse_sentences, sentences)
        if resolve:
            out["references"] = _stage(
                "references",
                find_references,
                syntax,
                sentences,
                mentions,
                docs,
                actors,
                quotes=quotes,
                scorer=default_scorer() if resolve_model else None,
            )
        references = out.get("references")
        found = _stage(
            "quotes", find_quotes, syntax, sentences, mentions, docs, actors, references=references, context=cue_context
        )
        out.update(
            syntax=syntax,
            labels=_stage("labels", find_labels, syntax, mentions, sentences, docs, actors, references=references),
            quotes=found,
            roles=_stage("roles", mention_roles, syntax, mentions, docs, references=references),
            speakers=_stage("quotes", sentence_speakers, found, sentences),
            omission_items=_stage("omission", find_items, syntax, mentions, docs),
        )
    out["salience_doc"] = _stage(
        "salience", doc_salience, docs, sentences, mentions, actors.ids, references=out.get("references")
    )
    return out


def stance_tables(
    docs: pd.DataFrame,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    speakers: pd.DataFrame | None,
    *,
    scorer: str | Scorer,
    n_boot: int = 2000,
    references: pd.DataFrame | None = None,
    roles: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """Per-document stance tables: stances, stance_doc, stance_article and the evidence candidates of these documents
    (a step that raises raises StageError("stance")). With ``references`` (the references table),
    a sentence that refers to an actor without naming it is scored toward it too (``via``
    reference)."""
    if speakers is None:
        speakers = pd.DataFrame(columns=["doc_id", "sent_id", "speaker", "speaker_actor"])
    targets = with_references(mentions, references)  # "he" scored where the sentence names no actor
    stances = _stage("stance", score_mentions, sentences, targets, scorer=scorer, speakers=speakers)
    return {
        "speakers": speakers,
        "stances": stances,
        "stance_doc": _stage("stance", aggregate_stances, stances, docs, by="doc_id", n_boot=n_boot),
        "stance_article": _stage("stance", article_stance, stances, sentences=sentences, quotes=speakers, roles=roles),
        "stance_evidence": _stage("stance", evidence, stances, sentences, targets, docs),
    }


def safe_stance_tables(
    docs: pd.DataFrame,
    tables: dict[str, pd.DataFrame],
    *,
    scorer: Any,
    n_boot: int = 2000,
    on_failure: Callable[[str], None] | None = None,
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """:func:`stance_tables` of a batch whose document tables are ``tables``; a document whose
    scoring raises gets no stance rows (its other tables stay) and a row in the returned failed table."""

    def score(part: pd.DataFrame) -> dict[str, pd.DataFrame]:
        keep = set(part["doc_id"].astype(str))
        sub = {
            k: (v[v["doc_id"].astype(str).isin(keep)].reset_index(drop=True) if len(part) < len(docs) else v)
            for k, v in tables.items()
            if k in ("sentences", "mentions", "speakers", "references", "roles") and v is not None
        }
        return stance_tables(
            part,
            sub["sentences"],
            sub["mentions"],
            sub.get("speakers"),
            scorer=scorer,
            n_boot=n_boot,
            references=sub.get("references"),
            roles=sub.get("roles"),
        )

    result, _, failed = isolate_failures(docs, score, on_failure=on_failure)
    return result, failed


def concat_failed(*parts: pd.DataFrame) -> pd.DataFrame:
    """Failed tables one after the other (empty ones left out, so that dtypes do not change)."""
    full = [p for p in parts if len(p)]
    if not full:
        return parts[0]
    return pd.concat(full, ignore_index=True) if len(full) > 1 else full[0]

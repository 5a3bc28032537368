"""The whole chain from a corpus folder or file to the tidy tables, and writing them out."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from analysis.ingest.actors import ActorSet, load_actors
from analysis.ingest.clean import clean_docs
from analysis.ingest.corpus import load_corpus
from analysis.mentions.matching import find_mentions
from analysis.compare.distinctive import counted_mask, counted_terms, group_count_frame
from analysis.framing.labels import find_labels
from analysis.text.syntax import parse_sentences
from analysis.framing.omission import find_items
from analysis.framing.quotes import find_quotes, sentence_speakers
from analysis.framing.roles import mention_roles
from analysis.mentions.salience import doc_salience
from analysis.text.sentences import sentences_and_tokens
from analysis.text.punkt import PunktSample, make_splitter, punkt_training_text
from analysis.compare.terms import TfidfSettings, count_matrix, doc_token_counts, doc_tokens, keyed_counts, keyed_vocabulary_counts, token_codes
from analysis.text.words import words
from analysis.stance.scoring import choose_scorer, score_mentions
from analysis.stance.evidence import evidence
from analysis.stance.aggregate import aggregate_stances

__all__ = ["Tables", "run_pipeline", "document_tables", "stance_tables", "corpus_tables", "term_partial", "TermPartial", "write_tables", "read_tables", "TABLE_ORDER"]

TABLE_ORDER = [
    "docs", "skipped", "removed", "paragraphs", "sentences", "tokens", "mentions",
    "salience_doc", "salience_outlet", "speakers", "stances", "stance_doc", "stance_outlet", "stance_evidence",
    "similarity", "distinctive_words", "distinctive_words_actor", "reuse_alignment", "reuse_summary", "reuse_matrix",
    "reuse_edits", "syntax", "labels", "label_counts", "labels_distinctive", "quotes", "voice", "reporting_verbs",
    "speaker_topics", "roles", "role_counts", "role_verbs", "omission", "summary",
]


@dataclass
class Tables:
    """Every table of a run, by name, and the settings that produced them."""

    tables: dict[str, pd.DataFrame]
    actors: ActorSet
    settings: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def run_pipeline(
    corpus: str | Path,
    *,
    manifest: str | Path | None = None,
    actors: str | Path | ActorSet | None = None,
    enable: Iterable[str] = (),
    text_column: str = "text",
    with_tokens: bool = True,
    train_punkt: bool = True,
    scorer: str | None = "auto",
    n_boot: int = 2000,
    similarity: bool = True,
    tfidf: TfidfSettings = TfidfSettings(),
    top_k: int = 10,
    framing: bool = True,
    progress: bool | None = None,
) -> Tables:
    """Load, clean, split, find actors, measure salience and stance; return every table.

    The in-memory path: the whole corpus is one batch of the same three steps that
    :func:`analysis.run.batch.run_batched` runs batch by batch in a process pool
    (:func:`document_tables` per document, :func:`stance_tables` per document, then
    :func:`corpus_tables` over the merged per-batch results), so both give the same tables.

    ``framing`` parses every sentence (spaCy) and adds the labels, quotes, voice, roles and
    omission tables; it also gives quoted sentences their speaker in the stances table.
    ``progress`` shows a tqdm bar over the steps (default: only in a terminal or an interactive
    Jupyter kernel, never when ``FRAMING_PROGRESS=0``, which ``report`` sets).

    ``actors`` is an actor file (default: the Turkey–Russia preset) or an already loaded set;
    ``enable`` switches on optional actors of the file. ``scorer`` is ``auto`` (accurate up to
    100,000 pairs, else fast), ``accurate``, ``fast``, ``vader``, or None to skip stance.
    """
    actor_set = actors if isinstance(actors, ActorSet) else load_actors(actors, enable=enable)
    bar = progress_bar(["load", "documents", "stance", "corpus"], enabled=progress)
    step = lambda name: (bar.set_description(name), bar.update(1))  # noqa: E731
    loaded = load_corpus(corpus, manifest=manifest, text_column=text_column)
    docs = loaded.docs
    step("documents")
    splitter = make_splitter(train_text=punkt_sample(docs).text) if train_punkt else None
    tables = {"docs": docs, "skipped": loaded.skipped}
    tables.update(document_tables(docs, actors=actor_set, splitter=splitter, with_tokens=with_tokens, framing=framing))
    scorer_used = None
    step("stance")
    if scorer is not None:
        scorer_used = choose_scorer(scorer, count_pairs(tables["mentions"]))
        tables.update(stance_tables(docs, tables["sentences"], tables["mentions"], tables.get("speakers"),
                                    scorer=scorer_used, n_boot=n_boot))
    step("corpus")
    tables.update(corpus_tables(tables, n_boot=n_boot, similarity=similarity, tfidf=tfidf, top_k=top_k))
    bar.close()
    settings = run_settings(corpus=corpus, manifest=manifest, actors=actor_set, text_column=text_column,
                            train_punkt=train_punkt, scorer=scorer_used, n_boot=n_boot,
                            tfidf=tfidf if similarity else None, top_k=top_k, framing=framing)
    return finish(tables, actor_set, settings, loaded.warnings)


def run_settings(*, corpus, manifest, actors: ActorSet, text_column: str, train_punkt: bool, scorer: str | None,
                 n_boot: int, tfidf: TfidfSettings | None, top_k: int, framing: bool) -> dict:
    """The settings block of run.json (the same for the in-memory and the batched path)."""
    return {
        "corpus": str(corpus), "manifest": str(manifest) if manifest else None, "actors_file": actors.source,
        "actors": actors.ids, "text_column": text_column, "train_punkt": train_punkt,
        "scorer": scorer, "n_boot": n_boot, "tfidf": vars(tfidf) if tfidf is not None else None, "top_k": top_k,
        "framing": framing,
    }


def finish(tables: dict[str, pd.DataFrame], actors: ActorSet, settings: dict, warnings: list[str]) -> Tables:
    """Wrap the tables and add the outlet × actor summary (read off the other tables)."""
    result = Tables(tables=tables, actors=actors, settings=settings, warnings=list(warnings))
    from analysis.run.summary import outlet_actor_summary  # summary reads Tables: imported here, not at the top

    tables["summary"] = outlet_actor_summary(result)
    return result


def punkt_sample(docs: pd.DataFrame, *, sample: PunktSample | None = None, chunk: int = 200) -> PunktSample:
    """Add these documents' first kept paragraphs to the Punkt sample, cleaning only as many
    documents as the sample still needs (fed batch after batch, it gives the whole corpus's sample)."""
    sample = sample if sample is not None else PunktSample()
    for lo in range(0, len(docs), chunk):
        if sample.full:
            break
        part = docs.iloc[lo:lo + chunk]
        punkt_training_text(part, clean_docs(part)[0], sample=sample)
    return sample


def count_pairs(mentions: pd.DataFrame) -> int:
    """Number of counted mentions (what ``auto`` compares with the accurate scorer's limit)."""
    return int(mentions["counted"].astype(bool).sum()) if len(mentions) else 0


def document_tables(docs: pd.DataFrame, *, actors: ActorSet, splitter=None, with_tokens: bool = True,
                    framing: bool = True) -> dict[str, pd.DataFrame]:
    """Every table that is computed one document at a time (a batch gives its documents' rows).

    paragraphs, removed, sentences, tokens, mentions, salience_doc; with ``framing`` also syntax,
    labels, quotes, roles, speakers and omission_items (the entities and numbers per document).
    ``splitter`` is the corpus's Punkt splitter (None: untrained).
    """
    paragraphs, removed = clean_docs(docs)
    quotes: dict[str, list[tuple[int, int]]] = {}  # found once, with the sentences
    sentences, tokens = sentences_and_tokens(docs, paragraphs, splitter=splitter, with_tokens=with_tokens, quotes=quotes)
    mentions = find_mentions(docs, sentences, actors, quotes=quotes)
    out = {"removed": removed, "paragraphs": paragraphs, "sentences": sentences, "mentions": mentions,
           "salience_doc": doc_salience(docs, sentences, mentions, actors.ids)}
    if tokens is not None:
        out["tokens"] = tokens
    if framing:
        syntax = parse_sentences(sentences)
        quotes = find_quotes(syntax, sentences, mentions, docs, actors)
        out.update(syntax=syntax, labels=find_labels(syntax, mentions, sentences, docs, actors), quotes=quotes,
                   roles=mention_roles(syntax, mentions, docs), speakers=sentence_speakers(quotes, sentences),
                   omission_items=find_items(syntax, mentions, docs))
    return out


def stance_tables(docs: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame, speakers: pd.DataFrame | None,
                  *, scorer, n_boot: int = 2000) -> dict[str, pd.DataFrame]:
    """Per-document stance tables: stances, stance_doc and the evidence candidates of these documents."""
    if speakers is None:
        speakers = pd.DataFrame(columns=["doc_id", "sent_id", "speaker", "speaker_actor"])
    stances = score_mentions(sentences, mentions, scorer=scorer, speakers=speakers)
    return {"speakers": speakers, "stances": stances,
            "stance_doc": aggregate_stances(stances, docs, by="doc_id", n_boot=n_boot),
            "stance_evidence": evidence(stances, sentences, mentions, docs)}


def corpus_tables(tables: dict[str, pd.DataFrame], *, n_boot: int = 2000, similarity: bool = True,
                  tfidf: TfidfSettings = TfidfSettings(), top_k: int = 10,
                  term_partials: list | None = None) -> dict[str, pd.DataFrame]:
    """Everything that spans documents, from the in-memory per-document tables.

    ``term_partials`` are the term counts of :func:`term_partial` (made here when missing). The
    batched run computes the same tables with the same function (:func:`analysis.run.cross.cross_tables`)
    from its partitions.
    """
    from analysis.run.cross import MemorySink, MemorySource, cross_tables

    if similarity and term_partials is None:
        term_partials = [term_partial(tables["docs"], tables["sentences"], tables["mentions"], settings=tfidf)]
    sink = MemorySink()
    out = cross_tables(MemorySource(tables, term_partials or []), sink, n_boot=n_boot, similarity=similarity,
                       tfidf=tfidf, top_k=top_k, framing="labels" in tables)
    out.update(sink.tables())
    return out


def _interactive_kernel() -> bool:
    """True inside an IPython kernel with a front end (JupyterLab), not a plain script."""
    ip = sys.modules.get("IPython")
    shell = ip.get_ipython() if ip is not None and hasattr(ip, "get_ipython") else None
    return type(shell).__name__ == "ZMQInteractiveShell"


def progress_bar(steps: list[str], *, enabled: bool | None = None):
    """A tqdm bar over named steps; quiet in CI and in exported reports (see :func:`run_pipeline`)."""
    from tqdm.auto import tqdm

    if enabled is None:
        enabled = os.environ.get("FRAMING_PROGRESS", "") != "0" and (sys.stderr.isatty() or _interactive_kernel())
    return tqdm(total=len(steps), desc=steps[0] if steps else "", disable=not enabled, leave=False)


@dataclass
class TermPartial:
    """One batch's term counts: per document (TF-IDF), per outlet and per actor × outlet (distinctive words)."""

    doc_counts: tuple | None = None
    outlet_counts: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["group", "term", "count"]))
    actor_counts: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["actor", "group", "term", "count"]))


def term_partial(docs: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame, *,
                 settings: TfidfSettings = TfidfSettings(), tokens: list[list[str]] | None = None,
                 coded: tuple[np.ndarray, list[str]] | None = None, categorical: bool = False) -> TermPartial:
    """The term counts of one batch of documents: per document keyed by term (for TF-IDF) and per
    outlet and actor × outlet (for the distinctive words); merged over batches in :mod:`analysis.run.cross`.

    Every sentence is tokenised once (``tokens``: each sentence's :func:`analysis.text.words.words`,
    if the caller has them already; ``coded``: their :func:`analysis.compare.terms.token_codes`, too)
    and counted once, into a sparse sentences × words matrix;
    the documents', outlets' and actors' counts are sums of its rows (sparse products). The
    group frames list each group's terms in no particular order (they are summed, then sorted,
    downstream). With ``categorical`` their group and term columns are categorical, the terms of
    both frames over one categories object, the batch's counted words (see
    :func:`analysis.compare.distinctive.group_count_frame`), as the batched run writes them."""
    if tokens is None:
        tokens = [words(t) for t in sentences["text"].tolist()]
    codes, vocab = coded if coded is not None else token_codes(tokens)
    S = count_matrix(np.repeat(np.arange(len(tokens)), [len(t) for t in tokens]), codes, (len(tokens), len(vocab)))
    if settings.ngram_max == 1:
        doc_pos = pd.Index(docs["doc_id"]).get_indexer(sentences["doc_id"])  # -1: not in docs
        counts = keyed_vocabulary_counts(_sum_rows(S, doc_pos, len(docs)), vocab,
                                         drop=ENGLISH_STOP_WORDS if settings.stop_words == "english" else ())
    else:  # n-grams need each document's word order
        counts = keyed_counts(*doc_token_counts(doc_tokens(docs, sentences, tokens), settings=settings))
    outlet = sentences["doc_id"].map(dict(zip(docs["doc_id"], docs["outlet"])))
    group, labels = pd.factorize(outlet, sort=True)
    counted = counted_mask(vocab)
    terms = counted_terms(vocab, counted) if categorical else None
    outlet_counts = group_count_frame(_sum_rows(S, group, len(labels)), labels, vocab, counted, terms=terms)
    ments = mentions[mentions["counted"].astype(bool)] if len(mentions) else mentions
    per_actor = []
    positions = sentences[["doc_id", "sent_id"]].assign(row=np.arange(len(sentences)))
    for actor, grp in (ments.groupby("actor", sort=False) if len(ments) else []):
        rows = positions.merge(grp[["doc_id", "sent_id"]].drop_duplicates(), on=["doc_id", "sent_id"])["row"].to_numpy()
        sub, sub_labels = pd.factorize(outlet.to_numpy(dtype=object)[rows], sort=True)
        per_actor.append(group_count_frame(_sum_rows(S[rows], sub, len(sub_labels)), sub_labels, vocab, counted, terms=terms)
                         .assign(actor=actor))
    per_actor = [f for f in per_actor if len(f)] or per_actor[:1]  # (an empty frame's columns have no dtype)
    actor_counts = (pd.concat(per_actor, ignore_index=True)[["actor", "group", "term", "count"]] if per_actor
                    else TermPartial().actor_counts)
    return TermPartial(doc_counts=counts, outlet_counts=outlet_counts, actor_counts=actor_counts)


def _sum_rows(S: sp.csr_matrix, target: np.ndarray, n: int) -> sp.csr_matrix:
    """``n`` rows, row ``i`` the sum of the rows of ``S`` whose target is ``i`` (target -1: the
    row is left out); canonical (sorted, summed) indices."""
    keep = np.flatnonzero(np.asarray(target) >= 0)
    out = (count_matrix(np.asarray(target)[keep], keep, (n, S.shape[0])) @ S).tocsr()
    out.sum_duplicates()
    return out


def write_tables(result: Tables, out_dir: str | Path, *, parquet: bool = True, csv: bool = True) -> list[Path]:
    """Write every table as CSV (UTF-8) and Parquet, plus run.json with settings and warnings."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name in TABLE_ORDER:
        if name not in result.tables:
            continue
        frame = result.tables[name]
        if csv:
            path = out / f"{name}.csv"
            frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
            written.append(path)
        if parquet:
            ppath = out / f"{name}.parquet"
            frame.to_parquet(ppath, index=False)
            written.append(ppath)
    meta = {
        "settings": result.settings, "warnings": result.warnings,
        "rows": {k: int(len(v)) for k, v in result.tables.items()},
    }
    (out / "run.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    written.append(out / "run.json")
    return written


def read_tables(out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Read back the Parquet tables written by :func:`write_tables`."""
    out = Path(out_dir)
    return {p.stem: pd.read_parquet(p) for p in sorted(out.glob("*.parquet"))}

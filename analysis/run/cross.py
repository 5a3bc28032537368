"""Everything that spans documents, computed once for the in-memory and the batched run.

The per-document tables of a run are either in memory (:class:`MemorySource`, the in-memory
pipeline) or in Parquet partitions on disk (:class:`analysis.run.partitions.PartitionSource`); the
cross-document tables are computed from either by the same function, :func:`cross_tables`, so
the two paths cannot drift apart. What can be large (the similarity pairs, the reuse alignment
and the reuse matrix grow with the corpus) is computed a range of documents at a time and handed
to a :class:`Sink` in corpus order: in memory the chunks are concatenated, on disk they are
appended to one Parquet file, so the corpus-wide tables never need to fit in memory.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.compare.distinctive import distinctive_labels
from analysis.compare.edits import EDIT_COLUMNS, reuse_edits
from analysis.compare.lsh import (
    LinkIndex,
    copy_links,
    link_rows,
)
from analysis.compare.neighbors import AnnSettings, document_neighbours
from analysis.compare.reuse import align_sentences, reuse_matrix, reuse_summary
from analysis.compare.similarity import neighbour_rows, similarity_table
from analysis.compare.stories import group_stories, story_stance
from analysis.compare.terms import DocumentFrequencies, TfidfSettings, tfidf_from_counts
from analysis.compare.timeline import timeline
from analysis.framing.claims import semantic_claim_occurrences
from analysis.framing.labels import label_counts
from analysis.framing.omission import claim_items, first_names_rekeyed, omission_table, text_occurrences
from analysis.framing.roles import role_counts, role_verbs
from analysis.framing.voice import reporting_verbs, speaker_topics, voice_shares
from analysis.ingest.provenance import outlet_sources
from analysis.mentions.salience import outlet_salience
from analysis.run.articles import article_table
from analysis.run.memory import release_memory
from analysis.run.sources import Sink, Source
from analysis.run.sums import BatchSums, DistinctiveCounts
from analysis.stance.aggregate import aggregate_stances
from analysis.stance.evidence import merge_evidence

__all__ = ["ALL_PAIRS_MAX_DOCS", "CHUNKED_TABLES", "EVIDENCE_FOLD", "EXHAUSTIVE_REUSE_MAX_DOCS", "cross_tables"]

# The default TF-IDF settings (a frozen dataclass, so one instance can serve every call).
_DEFAULT_TFIDF = TfidfSettings()

EVIDENCE_FOLD = 64  # batches of evidence candidates read together and merged into the running best
EXHAUSTIVE_REUSE_MAX_DOCS = 50
ALL_PAIRS_MAX_DOCS = 300
log = logging.getLogger(__name__)

CHUNKED_TABLES = ("similarity", "reuse_alignment", "reuse_matrix")
_VOICE_SENTENCE_COLUMNS = ["doc_id", "sent_id", "start", "end", "n_words"]
_OMISSION_SENTENCE_COLUMNS = ["doc_id", "sent_id", "start", "end", "text", "is_title"]
_MATRIX_COLUMNS = ["doc_a", "doc_b", "outlet_a", "outlet_b", "share", "n_sentences"]


def _similarity(
    doc_counts: Iterable[tuple],
    docs: pd.DataFrame,
    chunks: list[tuple[int, int]],
    sink: Sink,
    *,
    tfidf: TfidfSettings,
    top_k: int,
    threads: int | None = None,
    frequencies: DocumentFrequencies | None = None,
) -> None:
    """TF-IDF cosine pairs: every ordered pair up to ALL_PAIRS_MAX_DOCS documents, else each
    document's top_k neighbours (exact, or approximate above the neighbour module's limit).
    ``frequencies``: the document frequencies of ``doc_counts``, when summed already."""
    X, _ = tfidf_from_counts(doc_counts, settings=tfidf, frequencies=frequencies.result() if frequencies else None)
    if len(docs) <= ALL_PAIRS_MAX_DOCS:
        sink.add("similarity", similarity_table(X, docs, k=None))
        return
    idx, val = document_neighbours(X, k=top_k, settings=AnnSettings(threads=threads))
    del X
    for lo, hi in chunks:
        sink.add("similarity", neighbour_rows(idx, val, docs, lo=lo, hi=hi))


def _reuse(src: Source, docs: pd.DataFrame, sink: Sink) -> tuple[pd.DataFrame, pd.DataFrame]:
    """reuse_alignment and reuse_matrix (to the sink), reuse_summary and reuse_edits (returned)."""
    if len(docs) <= EXHAUSTIVE_REUSE_MAX_DOCS:  # every pair compared: small corpora, texts in memory
        sentences, mentions = src.table("sentences"), src.table("mentions")
        align = align_sentences(sentences, docs, exhaustive=True)
        sink.add("reuse_alignment", align)
        sink.add("reuse_matrix", reuse_matrix(align, sentences, docs))
        return reuse_summary(align, sentences, docs), reuse_edits(align, sentences, mentions)
    keys = src.sentence_keys()
    index = LinkIndex.of(copy_links(keys.keys, keys.doc, keys.seq, keys.lens), keys.doc)
    summaries = []
    position = pd.Index(docs["doc_id"])
    for lo, hi, sentences in src.sentence_chunks():
        align = link_rows(None, keys.doc, keys.sent, keys.lens, docs, lo=lo, hi=hi, index=index, quote=keys.quote)
        sink.add("reuse_alignment", align)
        # only the documents the range's rows name (in corpus order): no corpus-wide lookups per range
        near = (
            docs.iloc[np.union1d(np.arange(lo, hi), position.get_indexer(pd.unique(align["doc_b"])))]
            if len(align)
            else docs.iloc[lo:hi]
        )
        sink.add("reuse_matrix", reuse_matrix(align, sentences, near))
        summaries.append(reuse_summary(align, sentences, near))
    summary = pd.concat([s for s in summaries if len(s)] or summaries[:1], ignore_index=True)
    # at scale only verbatim copies (0 edits) and MinHash estimates: no word-level edits to list
    return summary, pd.DataFrame(columns=EDIT_COLUMNS)


def _framing(
    src: Source, docs: pd.DataFrame, sink: Sink, similarity: bool, *, claim_meaning: bool = True
) -> dict[str, pd.DataFrame]:
    """The framing summaries (labels, voice, reporting verbs, speakers' topics, roles, omission).
    The omission step reads the sentences' text after the other steps' tables are let go: on
    the whole AllSides corpus it alone held 3 GB above them."""
    out = _framing_counts(src, docs)
    release_memory()
    out["omission"] = _omission(src, docs, sink, similarity, claim_meaning=claim_meaning)
    return out


def _framing_counts(src: Source, docs: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Labels, voice, reporting verbs, speakers' topics and roles (their inputs freed on return)."""
    labels, quotes, roles = src.table("labels"), src.table("quotes"), src.table("roles")
    sentences = src.table("sentences", _VOICE_SENTENCE_COLUMNS)  # no text: voice counts words
    return {
        "label_counts": label_counts(labels, docs),
        "labels_distinctive": distinctive_labels(labels, docs),
        "voice": voice_shares(quotes, docs, sentences),
        "reporting_verbs": reporting_verbs(quotes, docs),
        "speaker_topics": speaker_topics(quotes, src.table("mentions"), docs),
        "role_counts": role_counts(roles, docs),
        "role_verbs": role_verbs(roles, docs),
    }


def _omission(
    src: Source, docs: pd.DataFrame, sink: Sink, similarity: bool, *, claim_meaning: bool = True
) -> pd.DataFrame:
    """The omission table: the tagged items, the same items found by reading the text, claims
    (by their words in the reuse alignment and, with ``claim_meaning``, by meaning)."""
    sentences = src.table("sentences", _OMISSION_SENTENCE_COLUMNS)
    items = first_names_rekeyed(src.table("omission_items"))
    parts, via = [items, text_occurrences(items, sentences)], ["tagged", "text"]
    if similarity:
        claims = claim_items(sink.whole("reuse_alignment"), sentences)
        parts.append(claims)
        via.append("words")
        if claim_meaning:
            found, note = semantic_claim_occurrences(claims, docs)
            log.info(note)
            parts.append(found)
            via.append("meaning")
    del sentences, items
    return omission_table(parts, docs, via=via)  # the parts read column by column: never one joined copy


def _evidence(parts: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """:func:`merge_evidence` of every part, each part folded into the strongest so far as it
    comes: the candidates of a million documents never sit in memory together. The same table
    as one merge: the running best keeps corpus order among the rows that compete (same outlet,
    actor and direction), so ties still go to the earlier sentence."""
    best: list[pd.DataFrame] = []
    for part in parts:
        best = [merge_evidence(best + [part])]
    return merge_evidence(best)


def _stance_tables(src: Source, docs: pd.DataFrame, n_boot: int, include_wire: bool) -> dict[str, pd.DataFrame]:
    """stance_outlet and stance_evidence (nothing when the run scored no stances)."""
    stances = src.table("stances", ["doc_id", "actor", "voice", "score", "label", "method"])
    if stances is None:
        return {}
    outlet = aggregate_stances(stances, docs, n_boot=n_boot, include_wire=include_wire)
    del stances
    return {
        "stance_outlet": outlet,
        "stance_evidence": _evidence(src.table_parts("stance_evidence", per=EVIDENCE_FOLD)),
    }


def _story_tables(
    src: Source, docs: pd.DataFrame, sink: Sink, *, n_boot: int, include_wire: bool
) -> dict[str, pd.DataFrame]:
    """stories (from the similarity table) and, when stances were scored, stance_story."""
    stories = group_stories(sink.whole("similarity"), docs)
    out = {"stories": stories}
    stances = src.table("stances", ["doc_id", "actor", "voice", "score"])
    if stances is not None:
        out["stance_story"] = story_stance(stances, docs, stories, include_wire=include_wire, n_boot=n_boot)
    return out


def _distinctive_tables(src: Source, counts: DistinctiveCounts | None = None) -> dict[str, pd.DataFrame]:
    """Fightin' Words on the batches' outlet and actor × outlet term counts: ``counts`` when the
    caller summed them already, else summed here from the source."""
    if counts is None:
        counts = DistinctiveCounts()
        for n, (outlet_part, actor_part) in enumerate(src.group_counts()):
            counts.add(outlet_part, actor_part, batch=n)
    return counts.finish()


def cross_tables(
    src: Source,
    sink: Sink,
    *,
    n_boot: int = 2000,
    similarity: bool = True,
    tfidf: TfidfSettings = _DEFAULT_TFIDF,
    top_k: int = 10,
    framing: bool = False,
    threads: int = 1,
    sums: BatchSums | None = None,
    include_wire: bool = False,
    period: str | None = None,
    claim_meaning: bool = True,
) -> dict[str, pd.DataFrame]:
    """Every table that spans documents. The chunked ones (similarity, reuse_alignment,
    reuse_matrix) go to ``sink``; the others are returned.

    ``threads`` > 1 runs the independent steps (stance aggregates, distinctive words, the
    neighbour search, reuse) side by side in that many threads: most of their time is spent in
    numpy, scipy and Arrow, which release the GIL. The tables do not depend on it (each chunked
    table is written by one step, in order); peak memory is that of the steps running together.
    ``sums``: every batch's group term counts and document frequencies, already summed (else
    summed here from ``src``). ``claim_meaning``: the omission table's claims are also matched
    by meaning (:mod:`analysis.framing.claims`; runs of at most 5,000 body sentences).
    """
    docs = src.docs()
    out: dict[str, pd.DataFrame] = {
        "salience_outlet": outlet_salience(src.table("salience_doc")),
        "source_outlet": outlet_sources(docs),
    }
    steps = [lambda: _stance_tables(src, docs, n_boot, include_wire)]  # in the order of the returned tables
    first: list[int] = []  # steps run before the others when they run one after the other
    if similarity:

        def similarity_step() -> dict[str, pd.DataFrame]:  # writes to the sink, returns no table
            _similarity(
                src.doc_counts(),
                docs,
                src.ranges(),
                sink,
                tfidf=tfidf,
                top_k=top_k,
                threads=1 if threads > 1 else None,  # its own threads when alone
                frequencies=sums.frequencies if sums else None,
            )
            return {}

        if sums is not None:  # its sums are held already: finished, and let go, first
            first.append(len(steps))
        steps += [
            lambda: _distinctive_tables(src, sums.distinctive if sums else None),
            lambda: dict(zip(("reuse_summary", "reuse_edits"), _reuse(src, docs, sink))),
            similarity_step,
        ]
    if threads > 1 and len(steps) > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="cross") as pool:
            futures = [pool.submit(step) for step in reversed(steps)]  # the longest first: the others fill in
            results = [f.result() for f in reversed(futures)]
        release_memory()
    else:
        results = [None] * len(steps)
        for i in first + [i for i in range(len(steps)) if i not in first]:
            results[i] = steps[i]()  # one after the other: each starts on the heap the last one freed
            release_memory()
    for result in results:
        out.update(result)
    if similarity:
        out.update(_story_tables(src, docs, sink, n_boot=n_boot, include_wire=include_wire))
    if framing:
        out.update(_framing(src, docs, sink, similarity, claim_meaning=claim_meaning))
    out["timeline"] = _timeline(src, docs, framing=framing, period=period, n_boot=n_boot, include_wire=include_wire)
    out["articles"] = _articles(src, framing=framing)
    return out


def _articles(src: Source, *, framing: bool) -> pd.DataFrame:
    """The articles table (:func:`analysis.run.articles.article_table`) from the run's tables."""
    parts = {  # the docs' own columns read here: the cross step's docs may leave titles and URLs out
        "docs": src.table("docs", ["doc_id", "outlet", "date", "title", "url", "source_kind"]),
        "salience_doc": src.table(
            "salience_doc", ["doc_id", "actor", "n_mentions", "mentions_per_1k_words", "in_headline"]
        ),
        "stance_article": src.table("stance_article", ["doc_id", "actor", "article_label", "article_score"]),
        "stance_doc": src.table("stance_doc", ["doc_id", "actor", "voice", "mean_score", "n"]),
    }
    if framing:
        parts["quotes"] = src.table("quotes", ["doc_id", "kind", "speaker_actor", "n_words"])
        parts["labels"] = src.table("labels", ["doc_id", "actor", "term", "names_actor"])
    return article_table({k: v for k, v in parts.items() if v is not None})


def _timeline(
    src: Source, docs: pd.DataFrame, *, framing: bool, period: str | None, n_boot: int, include_wire: bool
) -> pd.DataFrame:
    """The timeline table (:func:`analysis.compare.timeline.timeline`) from the run's tables."""
    return timeline(
        docs,
        src.table("salience_doc", ["doc_id", "actor", "n_mentions", "n_words"]),
        stances=src.table("stances", ["doc_id", "actor", "voice", "score", "label", "method"]),
        quotes=src.table("quotes", ["doc_id", "kind", "speaker_actor", "n_words"]) if framing else None,
        labels=src.table("labels", ["doc_id", "actor", "term", "names_actor"]) if framing else None,
        period=period,
        include_wire=include_wire,
        n_boot=n_boot,
    )

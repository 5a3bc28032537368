"""The in-memory run: the whole chain from a corpus folder or file to every table, in one process."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.compare.counts import term_partial
from analysis.compare.terms import TfidfSettings
from analysis.config import RunConfig
from analysis.ingest.actors import ActorSet
from analysis.ingest.corpus import load_corpus
from analysis.run.documents import (
    concat_failed,
    count_pairs,
    document_tables,
    isolate_failures,
    punkt_sample,
    safe_stance_tables,
)
from analysis.run.progress import progress_bar
from analysis.run.summary import outlet_actor_summary
from analysis.stance.scoring import choose_scorer
from analysis.tables.io import Tables
from analysis.text.punkt import make_splitter

__all__ = ["corpus_tables", "finish", "run_pipeline"]

# The default TF-IDF settings (a frozen dataclass, so one instance can serve every call).
_DEFAULT_TFIDF = TfidfSettings()

log = logging.getLogger(__name__)


def run_pipeline(corpus: str | Path, *, config: RunConfig | None = None, **options: Any) -> Tables:
    """Load, clean, split, find actors, measure salience and stance; return every table.

    ``config`` holds the options (:class:`analysis.config.RunConfig`); keyword ``options`` are
    RunConfig fields that override it (``run_pipeline(corpus, scorer="fast", framing=False)``).

    The in-memory path: the whole corpus is one batch of the same three steps that
    :func:`analysis.run.batch.run_batched` runs batch by batch in a process pool
    (:func:`~analysis.run.documents.document_tables` per document, the stance tables per
    document, then :func:`corpus_tables` over the merged per-batch results), so both give the
    same tables. A document whose analysis raises is listed in the ``failed`` table with the
    stage and the error, and left out of the others (one whose stance scoring raises keeps its
    other tables); the run goes on.

    ``framing`` parses every sentence (spaCy) and adds the labels, quotes, voice, roles and
    omission tables; it also gives quoted sentences their speaker in the stances table.
    ``progress`` shows a tqdm bar over the steps (default: only in a terminal or an interactive
    Jupyter kernel, never when ``FRAMING_PROGRESS=0``, which ``report`` sets).
    ``actors`` is an actor file (default: the Turkey–Russia preset) or an already loaded set;
    ``enable`` switches on optional actors of the file. ``scorer`` is ``auto`` (accurate up to
    100,000 pairs, else fast), ``accurate``, ``fast``, ``vader``, or None to skip stance.
    """
    cfg = (config or RunConfig()).but(corpus=corpus, **options) if (config or options) else RunConfig(corpus=corpus)
    actor_set = cfg.load_actors()
    tfidf = cfg.tfidf_settings
    bar = progress_bar(["load", "documents", "stance", "corpus"], enabled=cfg.progress)
    step = lambda name: (bar.set_description(name), bar.update(1))  # noqa: E731
    loaded = load_corpus(corpus, manifest=cfg.manifest, text_column=cfg.text_column, select=cfg.selection)
    step("documents")
    splitter = make_splitter(train_text=punkt_sample(loaded.docs).text) if cfg.train_punkt else None
    doc_tables, docs, failed = isolate_failures(
        loaded.docs,
        lambda d: document_tables(
            d,
            actors=actor_set,
            splitter=splitter,
            with_tokens=cfg.with_tokens,
            framing=cfg.framing,
            resolve=cfg.resolve,
            resolve_model=cfg.resolve_model,
            cue_context=cfg.cue_context,
        ),
        on_failure=log.warning,
    )
    tables = {"docs": docs, "skipped": loaded.skipped, "failed": failed, **doc_tables}
    scorer_used = None
    step("stance")
    if cfg.scorer is not None:
        scorer_used = choose_scorer(cfg.scorer, count_pairs(tables["mentions"]))
        stance, stance_failed = safe_stance_tables(
            docs, tables, scorer=scorer_used, n_boot=cfg.n_boot, on_failure=log.warning
        )
        tables.update(stance)
        tables["failed"] = concat_failed(failed, stance_failed)
    step("corpus")
    tables.update(
        corpus_tables(
            tables,
            n_boot=cfg.n_boot,
            similarity=cfg.similarity,
            tfidf=tfidf,
            top_k=cfg.top_k,
            include_wire=cfg.include_wire,
            period=cfg.period,
            claim_meaning=cfg.claim_meaning,
        )
    )
    bar.close()
    return finish(tables, actor_set, cfg.settings(actor_set, scorer=scorer_used), loaded.warnings)


def finish(tables: dict[str, pd.DataFrame], actors: ActorSet, settings: dict[str, Any], warnings: list[str]) -> Tables:
    """Wrap the tables and add the outlet × actor summary (read off the other tables)."""
    tables["summary"] = outlet_actor_summary(tables)
    return Tables(tables=tables, actors=actors, settings=settings, warnings=list(warnings))


def corpus_tables(
    tables: dict[str, pd.DataFrame],
    *,
    n_boot: int = 2000,
    similarity: bool = True,
    tfidf: TfidfSettings = _DEFAULT_TFIDF,
    top_k: int = 10,
    term_partials: list | None = None,
    include_wire: bool = False,
    period: str | None = None,
    claim_meaning: bool = True,
) -> dict[str, pd.DataFrame]:
    """Everything that spans documents, from the in-memory per-document tables.

    ``term_partials`` are the term counts of :func:`term_partial` (made here when missing). The
    batched run computes the same tables with the same function (:func:`analysis.run.cross.cross_tables`)
    from its partitions.
    """
    from analysis.run.cross import cross_tables
    from analysis.run.sources import MemorySink, MemorySource

    if similarity and term_partials is None:
        term_partials = [term_partial(tables["docs"], tables["sentences"], tables["mentions"], settings=tfidf)]
    sink = MemorySink()
    out = cross_tables(
        MemorySource(tables, term_partials or []),
        sink,
        n_boot=n_boot,
        similarity=similarity,
        tfidf=tfidf,
        top_k=top_k,
        framing="labels" in tables,
        include_wire=include_wire,
        period=period,
        claim_meaning=claim_meaning,
    )
    out.update(sink.tables())
    return out

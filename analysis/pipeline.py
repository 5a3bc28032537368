"""The whole chain from a corpus folder or file to the tidy tables, and writing them out."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .actors import ActorSet, load_actors
from .clean import clean_docs
from .corpus import load_corpus
from .mentions import find_mentions
from .distinctive import fightin_words, group_term_counts
from .labels import distinctive_labels, find_labels, label_counts
from .nlp import parse_sentences
from .omission import claim_items, find_items, omission_table
from .quotes import find_quotes, reporting_verbs, sentence_speakers, speaker_topics, voice_shares
from .roles import mention_roles, role_counts, role_verbs
from .reuse import align_sentences, reuse_edits, reuse_matrix, reuse_summary
from .salience import doc_salience, outlet_salience
from .sentences import split_sentences, tokenize_sentences
from .similarity import TfidfSettings, doc_texts, similarity_table, tfidf_matrix
from .stance import aggregate_stances, choose_scorer, evidence, score_mentions

__all__ = ["Tables", "run_pipeline", "frame_tables", "write_tables", "read_tables", "TABLE_ORDER"]

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

    ``framing`` parses every sentence (spaCy) and adds the labels, quotes, voice, roles and
    omission tables; it also gives quoted sentences their speaker in the stances table.
    ``progress`` shows a tqdm bar over the steps (default: only in a terminal or an interactive
    Jupyter kernel, never when ``FRAMING_PROGRESS=0``, which ``report`` sets).

    ``actors`` is an actor file (default: the Turkey–Russia preset) or an already loaded set;
    ``enable`` switches on optional actors of the file. ``scorer`` is ``auto`` (accurate up to
    100,000 pairs, else fast), ``accurate``, ``fast``, ``vader``, or None to skip stance.
    """
    actor_set = actors if isinstance(actors, ActorSet) else load_actors(actors, enable=enable)
    bar = progress_bar(["load", "clean", "sentences", "mentions", "framing", "stance", "similarity"], enabled=progress)
    step = lambda name: (bar.set_description(name), bar.update(1))  # noqa: E731
    loaded = load_corpus(corpus, manifest=manifest, text_column=text_column)
    docs = loaded.docs
    step("clean")
    paragraphs, removed = clean_docs(docs)
    step("sentences")
    sentences = split_sentences(docs, paragraphs, train=train_punkt)
    tokens = tokenize_sentences(sentences) if with_tokens else None
    step("mentions")
    mentions = find_mentions(docs, sentences, actor_set)
    sal_doc = doc_salience(docs, sentences, mentions, actor_set.ids)
    sal_outlet = outlet_salience(sal_doc)
    tables = {
        "docs": docs, "skipped": loaded.skipped, "removed": removed, "paragraphs": paragraphs,
        "sentences": sentences, "mentions": mentions, "salience_doc": sal_doc, "salience_outlet": sal_outlet,
    }
    if tokens is not None:
        tables["tokens"] = tokens
    speakers = pd.DataFrame(columns=["doc_id", "sent_id", "speaker", "speaker_actor"])
    step("framing")
    if framing:
        frame = frame_tables(docs, sentences, mentions, actor_set)
        tables.update(frame)
        speakers = sentence_speakers(frame["quotes"], sentences)
    scorer_used = None
    step("stance")
    if scorer is not None:
        n_pairs = int(mentions["counted"].sum()) if len(mentions) else 0
        scorer_used = choose_scorer(scorer, n_pairs)
        stances = score_mentions(sentences, mentions, scorer=scorer_used, speakers=speakers)
        tables.update(
            speakers=speakers, stances=stances,
            stance_doc=aggregate_stances(stances, docs, by="doc_id", n_boot=n_boot),
            stance_outlet=aggregate_stances(stances, docs, n_boot=n_boot),
            stance_evidence=evidence(stances, sentences, mentions, docs),
        )
    step("similarity")
    if similarity:
        tables.update(compare_documents(docs, sentences, mentions, tfidf=tfidf, top_k=top_k))
    bar.close()
    if framing:
        items = find_items(tables["syntax"], mentions, docs)
        if "reuse_alignment" in tables:
            items = pd.concat([items, claim_items(tables["reuse_alignment"], sentences)], ignore_index=True)
        tables["omission"] = omission_table(items, docs)
    settings = {
        "corpus": str(corpus), "manifest": str(manifest) if manifest else None, "actors_file": actor_set.source,
        "actors": actor_set.ids, "text_column": text_column, "train_punkt": train_punkt,
        "scorer": scorer_used, "n_boot": n_boot, "tfidf": vars(tfidf) if similarity else None, "top_k": top_k,
        "framing": framing,
    }
    result = Tables(tables=tables, actors=actor_set, settings=settings, warnings=loaded.warnings)
    from .summary import outlet_actor_summary  # summary reads Tables: imported here, not at the top

    tables["summary"] = outlet_actor_summary(result)
    return result


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


def frame_tables(docs: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame, actors: ActorSet
                 ) -> dict[str, pd.DataFrame]:
    """Parse every sentence; labels, quotes and roles with their per-outlet summaries."""
    syntax = parse_sentences(sentences)
    labels = find_labels(syntax, mentions, sentences, docs, actors)
    quotes = find_quotes(syntax, sentences, mentions, docs, actors)
    roles = mention_roles(syntax, mentions, docs)
    return {
        "syntax": syntax, "labels": labels, "label_counts": label_counts(labels, docs),
        "labels_distinctive": distinctive_labels(labels, docs), "quotes": quotes,
        "voice": voice_shares(quotes, docs, sentences), "reporting_verbs": reporting_verbs(quotes, docs),
        "speaker_topics": speaker_topics(quotes, mentions, docs), "roles": roles,
        "role_counts": role_counts(roles, docs), "role_verbs": role_verbs(roles, docs),
    }


def compare_documents(
    docs: pd.DataFrame,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    tfidf: TfidfSettings = TfidfSettings(),
    top_k: int = 10,
) -> dict[str, pd.DataFrame]:
    """Similarity (all pairs up to 2,000 documents, else top-k), distinctive words and reuse tables."""
    X, _ = tfidf_matrix(doc_texts(docs, sentences), settings=tfidf)
    sim = similarity_table(X, docs, k=None if len(docs) <= 2000 else top_k)
    texts = sentences.merge(docs[["doc_id", "outlet"]], on="doc_id")
    fw = fightin_words(group_term_counts(texts["outlet"], texts["text"]))
    counted = mentions[mentions["counted"].astype(bool)] if len(mentions) else mentions
    fw_actor = []
    for actor, grp in (counted.groupby("actor", sort=False) if len(counted) else []):
        keys = grp[["doc_id", "sent_id"]].drop_duplicates()
        sub = texts.merge(keys, on=["doc_id", "sent_id"])
        fw_actor.append(fightin_words(group_term_counts(sub["outlet"], sub["text"])).assign(actor=actor))
    fw_actor_df = pd.concat(fw_actor, ignore_index=True) if fw_actor else pd.DataFrame(columns=list(fw.columns) + ["actor"])
    align = align_sentences(sentences, docs)
    return {
        "similarity": sim,
        "distinctive_words": fw,
        "distinctive_words_actor": fw_actor_df[["actor"] + [c for c in fw_actor_df.columns if c != "actor"]],
        "reuse_alignment": align,
        "reuse_summary": reuse_summary(align, sentences, docs),
        "reuse_matrix": reuse_matrix(align, sentences),
        "reuse_edits": reuse_edits(align, sentences, mentions),
    }


def write_tables(result: Tables, out_dir: str | Path, *, parquet: bool = True) -> list[Path]:
    """Write every table as CSV (UTF-8) and Parquet, plus run.json with settings and warnings."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name in TABLE_ORDER:
        if name not in result.tables:
            continue
        frame = result.tables[name]
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

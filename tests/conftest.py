"""Shared fixtures: the seed corpus and one pipeline run over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.pipeline import Tables, run_pipeline

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The project's copy of the five seed articles (with manifest.csv)."""
    return SEEDS


@pytest.fixture(scope="session")
def seed_run() -> Tables:
    """Every table of the pipeline on the seeds, computed once per test session."""
    return run_pipeline(SEEDS, scorer="fast")


@pytest.fixture(scope="session")
def frame_run() -> Tables:
    """The framing tables on the seeds with every actor of the preset switched on (the gold sets
    cover the Syrian government, the opposition and the United States too)."""
    return run_pipeline(SEEDS, scorer=None, similarity=True,
                        enable=["Syrian government", "Syrian opposition", "United States"])


def constructed(text: str, *, enable: tuple[str, ...] = ("Syrian government", "Syrian opposition")):
    """(docs, sentences, mentions, syntax, actors) for a constructed text (paragraphs split at
    blank lines, no headline)."""
    import re

    import pandas as pd

    from analysis.actors import load_actors
    from analysis.mentions import find_mentions
    from analysis.nlp import parse_sentences
    from analysis.sentences import split_sentences

    docs = pd.DataFrame({"doc_id": ["d"], "outlet": ["X"], "text": [text]})
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text)]
    paras = pd.DataFrame({"doc_id": "d", "para_id": range(len(spans)), "start": [a for a, _ in spans],
                          "end": [b for _, b in spans], "is_title": False})
    sents = split_sentences(docs, paras, train=False)
    actors = load_actors(enable=enable)
    ments = find_mentions(docs, sents, actors)
    return docs, sents, ments, parse_sentences(sents), actors

"""Shared fixtures: the seed corpus and one pipeline run over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.run.pipeline import run_pipeline
from analysis.tables.io import Tables

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
def seed_report(tmp_path_factory) -> Path:
    """`python -m analysis report` on the seeds exactly as `make report` runs it (once per session)."""
    from analysis.cli import main

    out = tmp_path_factory.mktemp("seed-report") / "reports"
    code = main(
        ["report", "--corpus", str(SEEDS), "--out", str(out), "--enable", "Syrian government,Syrian opposition"]
    )
    assert code == 0
    return out


XSS = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'


@pytest.fixture(scope="session")
def second_report(tmp_path_factory) -> Path:
    """The whole report on the second corpus (tests/data/mueller, its own actor file), with one
    extra article that carries markup and a script, which the reports must show as text."""
    import shutil

    from analysis.cli import main

    base = tmp_path_factory.mktemp("second")
    corpus = base / "corpus"
    shutil.copytree(ROOT / "tests" / "data" / "mueller", corpus)
    (corpus / "zz_markup.txt").write_text(
        f"Trump criticised the probe {XSS}\n\nTrump said the Mueller investigation was a {XSS} hoax.\n",
        encoding="utf-8",
    )
    out = base / "reports"
    code = main(
        [
            "report",
            "--corpus",
            str(corpus),
            "--actors",
            str(ROOT / "tests" / "data" / "mueller_actors.toml"),
            "--out",
            str(out),
        ]
    )
    assert code == 0
    return out


@pytest.fixture(scope="session")
def frame_run() -> Tables:
    """The framing tables on the seeds with every actor of the preset switched on (the gold sets
    cover the Syrian government, the opposition and the United States too)."""
    return run_pipeline(
        SEEDS, scorer=None, similarity=True, enable=["Syrian government", "Syrian opposition", "United States"]
    )


def constructed(
    text: str, *, enable: tuple[str, ...] = ("Syrian government", "Syrian opposition"), actor_file: Path | None = None
):
    """(docs, sentences, mentions, syntax, actors) for a constructed text (paragraphs split at
    blank lines, no headline); ``actor_file``: another actor file than the default preset."""
    import re

    import pandas as pd

    from analysis.ingest.actors import load_actors
    from analysis.mentions.matching import find_mentions
    from analysis.text.sentences import split_sentences
    from analysis.text.syntax import parse_sentences

    docs = pd.DataFrame({"doc_id": ["d"], "outlet": ["X"], "text": [text]})
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text)]
    paras = pd.DataFrame(
        {
            "doc_id": "d",
            "para_id": range(len(spans)),
            "start": [a for a, _ in spans],
            "end": [b for _, b in spans],
            "is_title": False,
        }
    )
    sents = split_sentences(docs, paras, train=False)
    actors = load_actors(actor_file, enable=enable) if actor_file else load_actors(enable=enable)
    ments = find_mentions(docs, sents, actors)
    return docs, sents, ments, parse_sentences(sents), actors


def hand_parsed(words: list[tuple]):
    """A parsed sentence made by hand from (text, pos, dep, head[, lemma[, entity type]]) tuples,
    one space between tokens (for rules that must hold whatever the parser does); the lemma
    defaults to the text in lower case, the entity type to none."""
    from analysis.text.syntax import Sentence

    start, pos = [], 0
    for w, *_ in words:
        start.append(pos)
        pos += len(w) + 1
    return Sentence(
        doc_id="d",
        sent_id=0,
        start=start,
        end=[s + len(w[0]) for s, w in zip(start, words)],
        text=[w[0] for w in words],
        lemma=[w[4] if len(w) > 4 else w[0].lower() for w in words],
        pos=[w[1] for w in words],
        tag=["" for _ in words],
        dep=[w[2] for w in words],
        head=[w[3] for w in words],
        ent_type=[w[5] if len(w) > 5 else "" for w in words],
        ent_iob=["B" if len(w) > 5 and w[5] else "O" for w in words],
    )

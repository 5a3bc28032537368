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

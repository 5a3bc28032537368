"""The reports in a real browser (headless Chromium from Debian's packages): they render, every
image loads, nothing is requested off the machine, the console stays clean, no injected script
runs. `make test` installs chromium when it can; without it these tests are skipped, saying so."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from browser import check_pages, find_chromium

pytestmark = pytest.mark.skipif(find_chromium() is None, reason="chromium is not installed (apt-get install chromium)")


def _check(reports: list[Path], **kwargs) -> list:
    results = check_pages(reports, **kwargs)
    for r in results:
        assert r.text_length > 100, f"{r.path.name} renders no text"
        assert r.external_requests == [], f"{r.path.name} requested {r.external_requests}"
        assert r.errors == [], f"{r.path.name} console: {r.errors}"
        assert r.broken_images == [], f"{r.path.name} broken images: {r.broken_images}"
        assert not r.marker_ran, f"{r.path.name} ran an injected script"
    return results


def test_seed_reports_in_chromium(seed_report: Path, tmp_path: Path) -> None:
    pages = [seed_report / "index.html", *sorted(seed_report.glob("[0-9][0-9]-*.html"))]
    shot = tmp_path / "summary.png"
    results = _check(pages, screenshot={seed_report / "00-summary.html": shot})
    assert all(r.n_images >= 1 for r in results if r.path.name != "index.html"), "every report shows its figures"
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    target = os.environ.get("SUMMARY_SCREENSHOT")  # `make screenshot` keeps it as figures/summary.png
    if target:
        shutil.copyfile(shot, target)


def test_second_corpus_reports_in_chromium(second_report: Path) -> None:
    _check([second_report / "index.html", *sorted(second_report.glob("[0-9][0-9]-*.html"))])

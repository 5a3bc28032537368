"""`python -m analysis report` on small and odd corpora: every notebook succeeds and its page says
what it cannot show (no failed notebook, no traceback, no "NaN", a real page title)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from analysis.cli import main

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
NO_ACTOR = (
    "City council approves new budget for parks\nThe city council voted on Tuesday to approve a new budget for "
    'parks and libraries. The mayor said the plan would "help every neighbourhood". Critics disagreed.\n'
)


def _one_article_no_actor(folder: Path) -> None:
    (folder / "budget.txt").write_text(NO_ACTOR, encoding="utf-8")


def _one_outlet(folder: Path) -> None:
    for name in ("000_43e100ebd0ba0851.txt", "001_a338ea7d94fc7d37.txt"):
        shutil.copy(ROOT / "seeds" / name, folder)
    (folder / "manifest.csv").write_text(
        "file,outlet\n000_43e100ebd0ba0851.txt,Same\n001_a338ea7d94fc7d37.txt,Same\n", encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("make", "options", "says"),
    [
        (
            _one_article_no_actor,
            ["--scorer", "fast"],
            {"00-summary": "No actor of the actor file is mentioned", "02-similarity": "one outlet"},
        ),
        (
            _one_outlet,
            ["--scorer", "none", "--no-framing"],
            {
                "03-stance": "Stance was not scored in this run",
                "04-framing": "Framing was switched off for this run",
                "00-summary": "no other outlet to compare",
            },
        ),
    ],
    ids=["one-article-no-actor", "one-outlet-stance-and-framing-off"],
)
def test_report_on_an_odd_corpus(tmp_path: Path, make, options: list[str], says: dict[str, str]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make(corpus)
    out = tmp_path / "reports"
    assert main(["report", "--corpus", str(corpus), "--out", str(out), *options]) == 0  # no notebook failed
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "failed" not in index.split("</p>")[-1]
    for nb in NOTEBOOKS:
        page = (out / f"{nb.stem}.html").read_text(encoding="utf-8")
        title = re.search(r"<title>([^<]*)</title>", page).group(1)
        assert title.startswith(nb.stem[:2] + " \u00b7 "), title
        body = re.sub(r"<script.*?</script>|<style.*?</style>|data:image/[a-z]+;base64,[^\"']+", "", page, flags=re.S)
        assert "Traceback" not in body and "Error" not in body
        assert not re.search(r"\bNaN\b|>nan<|>None<", body)
        if nb.stem in says:
            assert says[nb.stem] in body, nb.stem

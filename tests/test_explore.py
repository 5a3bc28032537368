"""The explorer: highlighted evidence per outlet and actor, and its widgets."""

from __future__ import annotations

from pathlib import Path

import nbformat

from analysis.report.explore import evidence_html, explorer, highlight_classes, run_factory
from analysis.tables import RunTables, Tables, write_tables

ROOT = Path(__file__).resolve().parent.parent


def test_highlight_classes_nests_and_escapes() -> None:
    out = highlight_classes("a <b> Russia said", [(6, 12, "mention"), (0, 12, "quote")])
    assert out == ('<span class="fx-quote">a &lt;b&gt; </span><span class="fx-mention fx-quote">Russia</span> said')
    assert highlight_classes("", []) == "" and highlight_classes("x", [(5, 9, "label")]) == "x"


def test_evidence_html_marks_mentions_labels_and_quotes(seed_run) -> None:
    page = evidence_html(seed_run, "Associated Press (syndicated)", "Turkey")
    assert page.count("class='fx-sent'") >= 5
    assert 'class="fx-mention' in page and "fx-quote" in page and "stance " in page
    assert "does not name" in evidence_html(seed_run, "Associated Press (syndicated)", "Nobody")


def test_evidence_html_reads_a_finished_run(seed_run, tmp_path: Path) -> None:
    """The same page from a finished run's folder (RunTables) as from the in-memory run."""
    write_tables(seed_run, tmp_path / "run", csv=False)
    run = RunTables(tmp_path / "run")
    page = evidence_html(run, "WION", "Russia")
    assert page == evidence_html(seed_run, "WION", "Russia") and page.count("class='fx-sent'") >= 3
    assert "sentences" not in run._cache and "docs" not in run._cache  # read in parts, not whole


def test_run_factory_opens_the_tables_or_runs_the_corpus(seed_run, tmp_path: Path) -> None:
    write_tables(seed_run, tmp_path / "run", csv=False)
    assert isinstance(run_factory(tmp_path / "run", corpus=ROOT / "seeds")(None), RunTables)
    fresh = run_factory(tmp_path / "missing", corpus=ROOT / "seeds", scorer="none")(None)
    assert isinstance(fresh, Tables) and len(fresh["docs"]) == 5


def test_explorer_widgets_rerun_with_another_actor_file(seed_run) -> None:
    calls: list[object] = []

    def factory(actors_file):
        calls.append(actors_file)
        return seed_run

    box = explorer(factory)
    (outlet, actor), (path, rerun), _ = box.children[0].children, box.children[1].children, box.children[2]
    assert set(outlet.options) == set(seed_run["docs"]["outlet"]) and list(actor.options) == ["Turkey", "Russia"]
    path.value = "my_actors.toml"
    rerun.click()
    assert calls == [None, "my_actors.toml"]


def test_explore_notebook_runs(seed_run, tmp_path: Path) -> None:
    from analysis.report.notebooks import execute_notebook

    write_tables(seed_run, tmp_path / "run", csv=False)
    nb = execute_notebook(
        ROOT / "notebooks" / "explore.ipynb", params={"TABLES": str(tmp_path / "run"), "SCORER": "fast"}
    )
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
    assert nbformat.validate(nb) is None

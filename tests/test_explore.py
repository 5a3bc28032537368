"""The explorer: highlighted evidence per outlet and actor, and its widgets."""

from __future__ import annotations

from pathlib import Path

import nbformat

from analysis.report.explore import evidence_html, explorer, highlight_classes

ROOT = Path(__file__).resolve().parent.parent


def test_highlight_classes_nests_and_escapes() -> None:
    out = highlight_classes("a <b> Russia said", [(6, 12, "mention"), (0, 12, "quote")])
    assert out == ('<span class="fx-quote">a &lt;b&gt; </span><span class="fx-mention fx-quote">Russia</span> said')
    assert highlight_classes("", []) == "" and highlight_classes("x", [(5, 9, "label")]) == "x"


def test_evidence_html_marks_mentions_labels_and_quotes(seed_run) -> None:
    page = evidence_html(seed_run, "Associated Press (syndicated)", "Turkey")
    assert page.count("class='fx-sent'") >= 5
    assert 'class="fx-mention' in page and 'fx-quote' in page and "stance " in page
    assert "does not name" in evidence_html(seed_run, "Associated Press (syndicated)", "Nobody")


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


def test_explore_notebook_runs(tmp_path: Path) -> None:
    from analysis.report.notebooks import execute_notebook

    nb = execute_notebook(ROOT / "notebooks" / "explore.ipynb", params={"SCORER": "fast"})
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
    assert nbformat.validate(nb) is None

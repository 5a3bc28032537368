"""Reading the evidence interactively: one outlet and one actor, every sentence that names it,
with the mentions, the labels attached to them and the quotations around them highlighted.

:func:`evidence_html` is plain (and tested); :func:`explorer` wraps it in ipywidgets for
JupyterLab: pick an outlet and an actor, or point at another actor file and re-run.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from analysis.report.access import Run, actor_ids, read
from analysis.tables.io import RunTables

__all__ = ["STYLE", "evidence_html", "explorer", "highlight_classes", "run_factory"]

STYLE = """<style>
.fx-sent {margin: 0.35em 0; line-height: 1.5}
.fx-meta {color: #666; font-size: 85%}
.fx-mention {background: #ffe08a; font-weight: 600}
.fx-label {border-bottom: 2px solid #0072B2}
.fx-quote {font-style: italic; color: #7a1f4f}
</style>"""


def highlight_classes(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """Escaped HTML of ``text`` with each ``(start, end, cls)`` span wrapped in
    ``<span class="fx-cls">``; overlapping spans combine their classes."""
    marks: list[set[str]] = [set() for _ in text]
    for a, b, cls in spans:
        for k in range(max(0, a), min(len(text), b)):
            marks[k].add(cls)
    out: list[str] = []
    k = 0
    while k < len(text):
        j = k
        while j < len(text) and marks[j] == marks[k]:
            j += 1
        piece = html.escape(text[k:j])
        if marks[k]:
            classes = " ".join(f"fx-{c}" for c in sorted(marks[k]))
            piece = f'<span class="{classes}">{piece}</span>'
        out.append(piece)
        k = j
    return "".join(out)


def evidence_html(run: Run, outlet: str, actor: str, *, limit: int = 200) -> str:
    """Every sentence of ``outlet`` that names ``actor`` (the first ``limit``): mentions, labels
    and quotes marked, each with its document, stance label and speaker when known. Only the
    outlet's rows are read from a finished run (``RunTables``); an in-memory run works too."""
    docs = read(run, "docs", columns=["doc_id", "outlet"])
    doc_ids = list(docs.loc[docs["outlet"] == outlet, "doc_id"])
    by_doc = [("doc_id", "in", doc_ids)]
    ments = read(run, "mentions", columns=["doc_id", "sent_id", "actor", "start", "end", "counted"], filters=by_doc)
    m = ments[ments["counted"].astype(bool) & (ments["actor"] == actor)]
    if len(m) == 0:
        return STYLE + f"<p>{html.escape(outlet)} does not name {html.escape(actor)}.</p>"
    keys = m[["doc_id", "sent_id"]].drop_duplicates().sort_values(["doc_id", "sent_id"]).head(limit)
    near = [("doc_id", "in", sorted(set(keys["doc_id"])))]
    rows = (
        read(run, "sentences", columns=["doc_id", "sent_id", "start", "end", "text"], filters=near)
        .merge(keys, on=["doc_id", "sent_id"])
        .sort_values(["doc_id", "sent_id"])
    )
    labels = read(run, "labels", columns=["doc_id", "sent_id", "actor", "start", "end"], filters=near)
    quotes = read(run, "quotes", columns=["doc_id", "kind", "start", "end", "speaker"], filters=near)
    stances = read(run, "stances", columns=["doc_id", "sent_id", "actor", "label", "score"], filters=near)
    parts = [
        STYLE,
        f"<p class='fx-meta'>{len(rows)} sentence(s) of {html.escape(outlet)} naming "
        f"{html.escape(actor)}: <span class='fx-mention'>mention</span>, "
        f"<span class='fx-label'>label</span>, <span class='fx-quote'>quotation</span>.</p>",
    ]
    for r in rows.itertuples(index=False):
        s0 = int(r.start)
        spans = [
            (int(a) - s0, int(b) - s0, "mention")
            for a, b in m.loc[(m["doc_id"] == r.doc_id) & (m["sent_id"] == r.sent_id), ["start", "end"]].itertuples(
                index=False
            )
        ]
        lab = labels[(labels["doc_id"] == r.doc_id) & (labels["sent_id"] == r.sent_id) & (labels["actor"] == actor)]
        spans += [(int(a) - s0, int(b) - s0, "label") for a, b in lab[["start", "end"]].itertuples(index=False)]
        q = quotes[
            (quotes["doc_id"] == r.doc_id)
            & quotes["kind"].isin(("direct", "partial"))
            & (quotes["start"] < r.end)
            & (quotes["end"] > s0)
        ]
        spans += [(int(a) - s0, int(b) - s0, "quote") for a, b in q[["start", "end"]].itertuples(index=False)]
        st = stances[(stances["doc_id"] == r.doc_id) & (stances["sent_id"] == r.sent_id) & (stances["actor"] == actor)]
        meta = [html.escape(str(r.doc_id))]
        if len(st):
            meta.append(f"stance {html.escape(str(st.iloc[0]['label']))} ({float(st.iloc[0]['score']):+.2f})")
        speakers = sorted({str(x) for x in q["speaker"] if str(x) and str(x) != "nan"})
        if speakers:
            meta.append("quoting " + html.escape(", ".join(speakers)))
        parts.append(
            f"<div class='fx-sent'>{highlight_classes(str(r.text), spans)} "
            f"<span class='fx-meta'>[{' · '.join(meta)}]</span></div>"
        )
    return "".join(parts)


def run_factory(
    tables: str | Path,
    *,
    corpus: str | Path,
    manifest: str | Path | None = None,
    enable: Sequence[str] = (),
    scorer: str = "auto",
) -> Callable[[str | None], Run]:
    """What the explorer calls for its tables: with no actor file, the finished run in
    ``tables`` (read lazily); when there is none there, or for another actor file, the pipeline
    on ``corpus`` (``enable`` applies to the preset only)."""

    def analyse(actors_file: str | None) -> Run:
        if actors_file is None and (Path(tables) / "run.json").is_file():
            return RunTables(tables)
        from analysis.run.pipeline import run_pipeline

        return run_pipeline(
            corpus,
            manifest=manifest,
            actors=actors_file,
            enable=list(enable) if actors_file is None else (),
            scorer=scorer,
            with_tokens=False,
            similarity=True,
        )

    return analyse


def explorer(factory: Callable[[str | None], Run], *, actors_file: str | None = None) -> Any:  # an ipywidgets.VBox
    """Widgets: outlet and actor pickers over the evidence, an actor-file box and a re-run button.

    ``factory(actors_file)`` returns the tables (:func:`run_factory`: a finished run's
    ``RunTables``, or a ``run_pipeline`` call for another actor file); it runs once now and
    again on every re-run.
    """
    import ipywidgets as w
    from IPython.display import HTML, display

    state = {"run": factory(actors_file)}
    outlet = w.Dropdown(description="outlet")
    actor = w.Dropdown(description="actor")
    path = w.Text(value=actors_file or "", placeholder="actor file (.toml); empty = the preset", description="actors")
    rerun = w.Button(description="Re-run", icon="refresh")
    out = w.Output()

    def fill() -> None:
        run = state["run"]
        outlet.options = sorted(read(run, "docs", columns=["outlet"])["outlet"].unique())
        actor.options = actor_ids(run)

    def show(*_: object) -> None:
        out.clear_output()
        with out:
            if outlet.value is not None and actor.value is not None:
                display(HTML(evidence_html(state["run"], outlet.value, actor.value)))

    def on_rerun(_: object) -> None:
        out.clear_output()
        with out:
            print("running ...")
        state["run"] = factory(path.value.strip() or None)
        fill()
        show()

    fill()
    outlet.observe(show, names="value")
    actor.observe(show, names="value")
    rerun.on_click(on_rerun)
    show()
    return w.VBox([w.HBox([outlet, actor]), w.HBox([path, rerun]), out])

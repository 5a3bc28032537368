"""The report sections on the seeds and on small and odd runs (one article, one outlet, no actor
mentioned, stance and framing off): every section shows something or says why it cannot, never
shows "NaN", titles say what the charts draw, and evidence reads only the rows it shows."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis.report.display import Html
from analysis.report.scope import Scope, scope_of
from analysis.report.sections import corpus, framing, similarity, stance, summary, timeline, voice
from analysis.run.pipeline import run_pipeline
from analysis.tables import RunTables, write_tables

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
NO_ACTOR = (
    "City council approves new budget for parks\nThe city council voted on Tuesday to approve a new budget. "
    'The mayor said the plan would "help every neighbourhood". Critics argued it was too small.\n'
)

Section = Callable[[RunTables, Scope, Path], object]
SECTIONS: dict[str, Section] = {
    "summary.overview": lambda r, s, f: summary.overview(r, s),
    "summary.chart": lambda r, s, f: summary.overview_chart(r, s, figures=f),
    "summary.table": lambda r, s, f: summary.outlet_actor_table(r, s),
    "corpus.overview": lambda r, s, f: corpus.overview(r, s),
    "corpus.outlets": lambda r, s, f: corpus.outlets(r, s),
    "corpus.documents": lambda r, s, f: corpus.documents(r),
    "corpus.skipped": lambda r, s, f: [corpus.skipped(r), corpus.failed(r)],
    "corpus.removed": lambda r, s, f: [corpus.removed_counts(r, s), corpus.removed_lines(r, s)],
    "corpus.kinds": lambda r, s, f: corpus.mention_kinds(r, s),
    "corpus.salience": lambda r, s, f: [corpus.salience_chart(r, s, figures=f), corpus.salience_table(r, s)],
    "corpus.evidence": lambda r, s, f: corpus.mention_evidence(r, s),
    "similarity.settings": lambda r, s, f: similarity.settings(r, s),
    "similarity.heatmap": lambda r, s, f: similarity.heatmap(r, s, figures=f),
    "similarity.dendrogram": lambda r, s, f: similarity.dendrogram(r, s, figures=f),
    "similarity.distinctive": lambda r, s, f: [
        similarity.distinctive(r, s, figures=f),
        similarity.distinctive_by_actor(r, s, figures=f),
    ],
    "similarity.reuse": lambda r, s, f: [
        similarity.thresholds(s),
        similarity.reuse_matrix(r, s, figures=f),
        similarity.reuse_summary(r, s),
        similarity.reused_pairs(r, s),
        similarity.reuse_edits(r, s),
    ],
    "stance.overview": lambda r, s, f: stance.overview(r, s),
    "stance.charts": lambda r, s, f: [stance.intervals_chart(r, s, figures=f), stance.shares_chart(r, s, figures=f)],
    "stance.tables": lambda r, s, f: [
        stance.outlet_table_view(r, s),
        stance.combined_table(r, s),
        stance.evidence(r, s),
        stance.model_card_table(r),
        stance.stances_sample(r, s),
    ],
    "framing.labels": lambda r, s, f: [
        framing.overview(r, s),
        framing.top_terms_table(r, s),
        framing.labels_chart(r, s, figures=f),
        framing.distinctive_labels(r, s),
        framing.label_evidence(r, s),
    ],
    "framing.omission": lambda r, s, f: [
        framing.omission_chart(r, s, figures=f),
        framing.claims(r, s),
        framing.omission_evidence(r, s),
    ],
    "voice.voice": lambda r, s, f: [
        voice.voice_chart(r, s, figures=f),
        voice.voice_table(r, s),
        voice.reporting_verbs(r, s),
        voice.speaker_topics(r, s),
        voice.quote_evidence(r, s),
    ],
    "timeline": lambda r, s, f: [
        timeline.timeline_lines(r, s),
        timeline.timeline_chart(r, s, figures=f),
        timeline.timeline_evidence(r, s),
        timeline.timeline_table(r, s),
    ],
    "voice.roles": lambda r, s, f: [
        voice.roles_chart(r, s, figures=f),
        voice.role_verbs(r, s),
        voice.role_evidence(r, s),
    ],
}


def _flat(items: object) -> list[object]:
    if isinstance(items, (list, tuple)):
        return [x for i in items for x in _flat(i)]
    return [items]


def _text(items: list[object]) -> str:
    return " ".join(str(i) for i in items if isinstance(i, str))


@pytest.fixture(scope="module")
def runs(seed_run, tmp_path_factory) -> dict[str, RunTables]:
    """Finished runs: the seeds (in-memory tables), and odd corpora."""
    base = tmp_path_factory.mktemp("sections")
    out: dict[str, RunTables] = {}
    write_tables(seed_run, base / "seeds", csv=False)
    out["seeds"] = RunTables(base / "seeds")
    one = base / "c-one"
    one.mkdir()
    shutil.copy(SEEDS / "001_a338ea7d94fc7d37.txt", one)
    none = base / "c-none"
    none.mkdir()
    (none / "a.txt").write_text(NO_ACTOR, encoding="utf-8")
    (none / "b.txt").write_text(NO_ACTOR.replace("approves", "passes"), encoding="utf-8")
    single = base / "c-single"
    single.mkdir()
    for name in ("000_43e100ebd0ba0851.txt", "001_a338ea7d94fc7d37.txt"):
        shutil.copy(SEEDS / name, single)
    (single / "manifest.csv").write_text("file,outlet\n000_43e100ebd0ba0851.txt,Same\n001_a338ea7d94fc7d37.txt,Same\n")
    from analysis.cli import main

    assert main(["run", "--corpus", str(one), "--out", str(base / "one"), "--scorer", "fast"]) == 0  # batched
    out["one"] = RunTables(base / "one")
    for name, corpus_dir, options in (
        ("none", none, {"scorer": "fast"}),
        ("single", single, {"scorer": "fast"}),
        ("off", SEEDS, {"scorer": None, "framing": False}),
    ):
        write_tables(run_pipeline(corpus_dir, **options), base / name, csv=False)
        out[name] = RunTables(base / name)
    return out


@pytest.mark.parametrize("section", sorted(SECTIONS))
@pytest.mark.parametrize("which", ["seeds", "one", "none", "single", "off"])
def test_every_section_shows_something_and_no_nan(runs, tmp_path: Path, which: str, section: str) -> None:
    run = runs[which]
    items = _flat(SECTIONS[section](run, scope_of(run), tmp_path))
    plt.close("all")
    assert items and all(isinstance(i, (Html, Figure)) for i in items)
    text = re.sub(r"<style>.*?</style>", "", _text(items), flags=re.S)
    assert not re.search(r"\bNaN\b|\bnan\b|>None<|<NA>", text), text[:500]
    assert "Traceback" not in text


def test_odd_runs_say_what_they_cannot_show(runs, tmp_path: Path) -> None:
    one, none, single, off = runs["one"], runs["none"], runs["single"], runs["off"]
    say = lambda run, name: _text(_flat(SECTIONS[name](run, scope_of(run), tmp_path)))  # noqa: E731
    assert "one outlet" in say(one, "similarity.heatmap") and "at least three outlets" in say(
        one, "similarity.dendrogram"
    )
    assert "the only outlet" in say(one, "summary.overview")
    assert "one outlet" in say(single, "framing.omission") and "no other outlet to compare" in say(
        single, "summary.overview"
    )
    assert "nothing to chart" in say(none, "summary.chart")
    assert "Never mentioned in any article: Turkey, Russia." in say(none, "corpus.overview")
    assert "No actor of the actor file is mentioned" in say(none, "corpus.kinds")
    assert "stance was not scored" in say(off, "stance.charts").lower()
    assert "framing was switched off" in say(off, "voice.roles").lower()
    items = _flat(summary.overview_chart(off, scope_of(off)))
    assert any(isinstance(i, Figure) for i in items)  # prominence is still drawn, the other panels say why not
    plt.close("all")


def test_chart_titles_say_what_the_charts_draw(runs, tmp_path: Path) -> None:
    """The label chart's title counts a term as its dots do (kinds summed): "regime" 6 times as an
    evaluative noun and 3 times as a head noun is one dot of 9, and the title says 9."""
    from analysis.ingest.actors import load_actors
    from analysis.tables import Tables

    lc = pd.DataFrame(
        {
            "outlet": ["B", "B", "A"],
            "actor": ["Russia"] * 3,
            "kind": ["evaluative", "head_noun", "title"],
            "term": ["regime", "regime", "president"],
            "n": [6, 3, 8],
            "share": [0.4, 0.2, 1.0],
            "evaluative": [True, True, False],
        }
    )
    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["A", "B"]})
    sal = pd.DataFrame({"outlet": ["A", "B"], "actor": ["Russia", "Russia"], "n_mentions": [3, 4]})
    write_tables(
        Tables(
            tables={"docs": docs, "salience_outlet": sal, "label_counts": lc},
            actors=load_actors(),
            settings={"actors": ["Turkey", "Russia"], "framing": True},
        ),
        tmp_path / "run",
        csv=False,
    )
    run = RunTables(tmp_path / "run")
    fig = next(i for i in _flat(framing.labels_chart(run, scope_of(run))) if isinstance(i, Figure))
    assert fig._suptitle.get_text().startswith("B calls Russia \u201cregime\u201d 9 times")
    assert "9" in [t.get_text() for t in fig.axes[0].texts]  # the dot's printed count
    seeds = runs["seeds"]
    scope = scope_of(seeds)
    fig = next(i for i in _flat(similarity.heatmap(seeds, scope)) if isinstance(i, Figure))
    title = fig.axes[0].get_title(loc="left")
    a, b, value = re.match(r"Closest: (.+) and (.+) \(cosine ([0-9.]+)\)", title).groups()
    cells = similarity.outlet_pairs(seeds, scope).set_index(["doc_a", "doc_b"])["cosine"]
    assert f"{cells[(a, b)]:.2f}" == value and cells[(a, b)] == pytest.approx(cells[(b, a)])  # the cells say it too
    shown = {t.get_text() for t in fig.axes[0].texts}
    assert value in shown
    plt.close("all")


def test_evidence_reads_only_the_rows_it_shows(runs, monkeypatch, tmp_path: Path) -> None:
    """Sentences are read for the articles shown (a filter on doc_id), the docs table without its text."""
    run = RunTables(runs["seeds"].folder)  # nothing cached
    reads: list[tuple[str, object, object]] = []
    real = pd.read_parquet

    def spy(path, *args, **kwargs):
        reads.append((Path(path).name, kwargs.get("columns"), kwargs.get("filters")))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pd, "read_parquet", spy)
    scope = scope_of(run, outlets=2, docs_per_outlet=1)
    for name in (
        "corpus.evidence",
        "corpus.documents",
        "stance.tables",
        "framing.labels",
        "voice.voice",
        "voice.roles",
        "similarity.reuse",
        "framing.omission",
    ):
        _flat(SECTIONS[name](run, scope, tmp_path))
    plt.close("all")
    sentence_reads = [r for r in reads if r[0].startswith("sentences")]
    assert sentence_reads and all(r[2] for r in sentence_reads), sentence_reads
    assert all(r[1] is not None and "text" not in r[1] for r in reads if r[0].startswith("docs"))


def test_scope_caps_the_charts(runs, tmp_path: Path) -> None:
    run = runs["seeds"]
    scope = scope_of(run, outlets=2)
    items = _flat(corpus.salience_chart(run, scope))
    fig = next(i for i in items if isinstance(i, Figure))
    assert len(fig.axes[0].patches) == 2 * len(scope.actors)  # two outlets' bars per actor
    assert "Not shown, 3 outlets with 3 articles" in _text(items)
    plt.close("all")


def test_a_sparse_omission_table_gets_its_absent_rows_back() -> None:
    """A large run lists only carrying outlets; the report adds the shown outlets that do not carry
    an item, so the grid and the "left out" counts are those of the full table."""
    from analysis.report.sections.framing import _with_absent_rows

    present = pd.DataFrame(
        {
            "item_id": [0, 0, 1],
            "kind": "entity",
            "key": ["k0", "k0", "k1"],
            "label": ["A", "A", "B"],
            "outlet": ["X", "Y", "Z"],
            "present": True,
            "n": [2, 1, 1],
            "n_outlets": [2, 2, 1],
            "doc_id": ["d1", "d2", "d3"],
            "sent_id": [0, 1, 2],
            "start": [0, 5, 9],
            "end": [3, 8, 12],
        }
    )
    full = _with_absent_rows(present, ["X", "Y", "Z"])
    assert full[["item_id", "outlet", "present"]].values.tolist() == [
        [0, "X", True],
        [0, "Y", True],
        [0, "Z", False],
        [1, "X", False],
        [1, "Y", False],
        [1, "Z", True],
    ]
    absent = full[~full["present"]]
    assert (absent["doc_id"] == "").all() and (absent["sent_id"] == -1).all() and (absent["n"] == 0).all()
    assert _with_absent_rows(full, ["X", "Y", "Z"]).equals(full)


def test_stance_evidence_says_whether_the_sentence_names_the_actor(runs, tmp_path: Path) -> None:
    """Evidence sentences carry whether the actor is named or only referred to ("he", "the
    country"); the seeds' evidence has at least one of the first kind."""
    text = _text(_flat(stance.evidence(runs["seeds"], scope_of(runs["seeds"]))))
    assert "the sentence names the actor, or only refers to it" in text
    assert re.search(r">\s*name\s*<", text)


@pytest.mark.parametrize("top", [0, 1, 3, 30])
def test_omission_sections_pick_their_items_before_adding_absent_rows(runs, top: int) -> None:
    """The omission chart and the claims read only the items they show, and show the same
    rows as when every item's absent outlets were added back first."""
    from analysis.report.readouts import informative_omissions
    from analysis.report.sections.framing import _informative, _shared_claims, shown_omission

    run = runs["seeds"]
    scope = scope_of(run)
    everything = shown_omission(run, scope)
    assert len(everything) and everything["present"].any() and not everything["present"].all()
    picked = informative_omissions(shown_omission(run, scope, select=_informative(scope, top)), top=top)
    pd.testing.assert_frame_equal(picked, informative_omissions(everything, top=top))
    claims = shown_omission(run, scope, select=_shared_claims)
    shared = everything[(everything["kind"] == "claim") & (everything["n_outlets"] > 1)]
    assert set(claims["item_id"]) == set(shared["item_id"])
    assert len(shown_omission(run, scope, select=lambda om: [])) == 0


def test_informative_omissions_counts_the_outlets_compared() -> None:
    """On the carrying outlets' rows alone, an item every listed outlet carries is still left
    out by an outlet that has no row: ``n_outlets`` says how many are compared."""
    from analysis.report.readouts import informative_omissions

    present = pd.DataFrame(
        {"item_id": [0, 0], "kind": "entity", "label": "x", "outlet": ["A", "B"], "present": True, "n_outlets": 2}
    )
    assert len(informative_omissions(present)) == 0
    assert informative_omissions(present, n_outlets=3)["item_id"].tolist() == [0, 0]


def test_the_claims_mark_what_was_carried_only_in_other_words(runs, tmp_path: Path) -> None:
    """A claim carried only by meaning is marked so, the run's way of matching is said, and a
    run without claims by meaning says that instead."""
    from analysis.report.sections.framing import _claims_matched_by, claims

    run = runs["seeds"]
    om = run["omission"]
    by_meaning = om[(om["kind"] == "claim") & om["via"].eq("meaning")]
    assert len(by_meaning)  # the seeds have some
    text = _text(_flat(claims(run, scope_of(run), rows=200)))
    assert text.count("in other words") >= 2  # a marked cell and the sentence that explains it
    assert "cosine at least" in text and "perhaps carried" in text
    off = type("Settings", (), {"settings": {"claim_meaning": False}})()
    assert "did not match claims by meaning" in _claims_matched_by(off)

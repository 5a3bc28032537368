"""Notebook 03 (stance): the lean of each outlet toward each actor with its uncertainty, the
class shares, the evidence sentences, the scorer's model card and a sample of the stances table."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from analysis.report import charts
from analysis.report.access import Run, n_rows, read, sentences_of, setting
from analysis.report.display import plural, sentence, table
from analysis.report.findings import MIN_STORIES, negative_share_headline, stance_headline
from analysis.report.scope import Scope, rest_note
from analysis.report.sections.common import Items, cut_table, evidence_note, in_scope, outlet_table, save, stance_off

__all__ = [
    "VOICES",
    "combined_table",
    "evidence",
    "intervals_chart",
    "model_card_table",
    "outlet_table_view",
    "overview",
    "scorer_card",
    "shares_chart",
    "stances_sample",
    "story_view",
]

VOICES = [
    ("all", "All sentences"),
    ("outlet", "Outlet's own voice (own reporting)"),
    ("wire", "Wire and syndicated copy"),
    ("quote", "Inside quotations"),
]


def _agg(run: Run, scope: Scope) -> pd.DataFrame:
    return in_scope(read(run, "stance_outlet"), scope)


def overview(run: Run, scope: Scope) -> Items:
    """How many sentence × actor pairs were scored, and by which scorer."""
    off = stance_off(run, brief=False)
    if off:
        return [off]
    return [
        sentence(
            f"**{n_rows(run, 'stances'):,} scored sentence × actor pairs** in {plural(scope.n_docs, 'article')}; "
            f"scorer: **{setting(run, 'scorer')}**."
        )
    ]


def intervals_chart(run: Run, scope: Scope, *, figures: str | Path | None = None) -> Items:
    """Mean stance with its 95% interval per outlet and actor, for all sentences, the outlet's own
    voice, its wire and syndicated copy (a panel only where it has any) and quotations; titled with
    the most negative own-voice pair (when there is one)."""
    off = stance_off(run)
    if off:
        return [off]
    agg = _agg(run, scope)
    if len(agg) == 0:
        return [sentence("No sentence naming an actor was scored in the outlets shown, so there is nothing to chart.")]
    colors = charts.outlet_colors(scope.outlets)
    n_rows_chart = len(agg[agg["voice"] == "all"])
    shown = [(v, label) for v, label in VOICES if v != "wire" or (agg["voice"] == "wire").any()]
    fig, axes = charts.subplots(
        1, len(shown), figsize=(14 * len(shown) / 3, 0.4 * max(6, n_rows_chart) + 1.6), sharey=True
    )
    for ax, (voice, label) in zip(axes, shown):
        charts.stance_intervals(agg[agg["voice"] == voice], ax=ax, colors=colors, title=label, legend=voice == "quote")
        ax.set_xlabel("mean stance, 95% interval" if voice != "all" else ax.get_xlabel())
    fig.suptitle(stance_headline(agg), x=0.01, ha="left", fontweight="bold")
    charts.caption(
        axes[0],
        f"Source: stance_outlet table ({n_rows(run, 'stances'):,} sentence × actor pairs); "
        f"scorer: {setting(run, 'scorer')}. n: sentences, art.: articles; intervals resample articles. "
        "Hollow points: fewer than 2 articles, no interval.",
    )
    fig.tight_layout(rect=(0, 0.04, 1, 0.94))
    note = rest_note(scope)
    return [save(fig, "stance_intervals", figures)] + ([sentence(note, cls="fx-note")] if note else [])


def shares_chart(run: Run, scope: Scope, *, figures: str | Path | None = None) -> Items:
    """Shares of negative, neutral and positive sentences (all voices) per actor and outlet."""
    off = stance_off(run)
    if off:
        return [off]
    allv = _agg(run, scope)
    allv = allv[allv["voice"] == "all"] if len(allv) else allv
    if len(allv) == 0:
        return [sentence("No scored sentence in the outlets shown.")]
    fig, ax = charts.subplots(figsize=(9, 0.35 * max(4, len(allv)) + 1.2))
    charts.class_shares(allv, ax=ax, title=negative_share_headline(allv))
    charts.caption(ax, f"Source: stance_outlet table; labels by the {setting(run, 'scorer')} scorer.")
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return [save(fig, "stance_shares", figures)]


def outlet_table_view(run: Run, scope: Scope, *, rows: int | None = 40) -> Items:
    """The stance_outlet rows of the shown outlets and actors."""
    off = stance_off(run)
    if off:
        return [off]
    agg = _agg(run, scope).drop(columns=["method"], errors="ignore").rename(columns={"n": "stance_n"})
    return [cut_table(run, agg, "stance_outlet", rows=rows, empty="No scored sentence in the outlets shown.")]


def combined_table(run: Run, scope: Scope, *, rows: int | None = 40) -> Items:
    """For a run scored with the fast scorer: the outlet means combined with the accurate scorer on
    a sample of the articles (stance_ppi), each row saying which estimate it is; or how to make
    them. Nothing for a run the accurate scorer scored whole."""
    off = stance_off(run)
    if off:
        return [off]
    scorer = str(setting(run, "scorer") or "")
    if not scorer.startswith("fast"):
        return [sentence(f"Every sentence was scored with the {scorer} scorer: the means above need no correction.")]
    if "stance_ppi" not in run:
        return [
            sentence(
                "These means come from the fast scorer alone. `python -m analysis ppi --tables` on this run scores a "
                "random sample of the articles with the accurate scorer and adds means combined from both (stance_ppi)."
            )
        ]
    t = in_scope(read(run, "stance_ppi"), scope)
    rate = float(t["sample_rate"].iloc[0]) if len(t) else float("nan")
    lead = sentence(
        f"Combined estimates (`estimator` ppi): the fast mean corrected by the accurate scorer on {rate:.0%} of the "
        "articles, with 95% intervals over articles; `fast` rows had fewer than 5 sampled articles and are the fast "
        "mean alone."
    )
    cols = ["outlet", "actor", "estimator", "mean_score", "ci_low", "ci_high", "fast_mean", "n", "n_articles"]
    return [lead, cut_table(run, t[[*cols, "n_sampled_articles"]], "stance_ppi", rows=rows, empty="No row.")]


def evidence(run: Run, scope: Scope, *, per_direction: int = 2, rows: int = 40) -> Items:
    """For each shown actor: the sentences that pull each shown outlet's mean up and down."""
    off = stance_off(run)
    if off:
        return [off]
    ev = in_scope(read(run, "stance_evidence"), scope)
    if len(ev) == 0:
        return [sentence("No evidence sentence: no scored sentence leans positive or negative in the outlets shown.")]
    ev = ev[ev["rank"] <= per_direction]
    items: Items = []
    for actor in scope.actors:
        g = ev[ev["actor"] == actor]
        if len(g) == 0:
            continue
        items.append(sentence(f"**{actor}**"))
        cols = ["outlet", "direction", "score", "voice", "speaker", "via", "html"]
        show = g[[c for c in cols if c in g.columns]]  # "via": a run made before references has none
        show = show.rename(columns={"via": "target"})  # roles' "via" means something else
        items.append(
            cut_table(
                run,
                show,
                "stance_evidence",
                rows=rows,
                total=len(show),
                html_columns=["html"],
                what="evidence sentences",
            )
        )
    return items


def scorer_card(name: str | None) -> dict[str, object]:
    """The model card of a scorer, read from its shipped meta.json without loading the model."""
    from analysis.stance.validation import model_card

    if not name:
        return {}
    models = Path(__file__).resolve().parents[2] / "stance" / "models"
    folder = {"accurate": "stance-minilm", "fast": "stance-fast"}.get(name.split(" ")[0])
    meta = {}
    if folder and (models / folder / "meta.json").exists():
        meta = json.loads((models / folder / "meta.json").read_text(encoding="utf-8"))
    return model_card(SimpleNamespace(name=name.split(" ")[0], meta=meta))


def model_card_table(run: Run) -> Items:
    """The model card of the run's scorer (measured figures recorded when the model was built)."""
    off = stance_off(run)
    if off:
        return [off]
    card = scorer_card(setting(run, "scorer"))
    frame = pd.DataFrame({"setting": list(card), "value": [str(v) for v in card.values()]})
    return [table(frame, rows=None, empty="No model card for this scorer.")]


def stances_sample(run: Run, scope: Scope, *, rows: int = 15) -> Items:
    """The first rows of the stances table from the evidence articles, with their sentences."""
    off = stance_off(run)
    if off:
        return [off]
    cols = ["doc_id", "sent_id", "actor", "score", "label", "p_negative", "p_neutral", "p_positive", "voice", "speaker"]
    st = read(run, "stances", columns=cols, filters=[("doc_id", "in", list(scope.evidence_docs))])
    st = st[st["actor"].isin(scope.actors)].head(rows)
    if len(st) == 0:
        return [sentence("No scored sentence in the articles shown.")]
    text = sentences_of(run, st[["doc_id", "sent_id"]], columns=["text"])
    st = st.merge(outlet_table(run, scope), on="doc_id").merge(text, on=["doc_id", "sent_id"], how="left")
    st = st[["outlet", "actor", "score", "label", "p_negative", "p_neutral", "p_positive", "voice", "speaker", "text"]]
    return [cut_table(run, st, "stances", rows=rows, what="scored pairs"), evidence_note(scope, run, "stances")]


def story_view(run: Run, scope: Scope, *, rows: int | None = 40) -> Items:
    """The within-story lean (stance_story) of the shown outlets and actors beside their raw
    own-voice means, with how many shared stories each rests on; says why where it cannot tell."""
    off = stance_off(run)
    if off:
        return [off]
    if "stance_story" not in run:
        return [sentence("This run has no stories (the similarity step was off), so outlets are compared only raw.")]
    st = in_scope(read(run, "stance_story"), scope)
    if len(st) == 0:
        return [sentence("No two shown outlets share a story about an actor, so there is no within-story comparison.")]
    raw = _agg(run, scope)
    raw = raw[raw["voice"] == "outlet"][["outlet", "actor", "mean_score", "n_articles"]].rename(
        columns={"mean_score": "raw_mean", "n_articles": "raw_articles"}
    )
    view = st.merge(raw, on=["outlet", "actor"], how="left")
    view = view[
        [
            "outlet",
            "actor",
            "raw_mean",
            "raw_articles",
            "n_stories",
            "n_articles",
            "mean_deviation",
            "ci_low",
            "ci_high",
        ]
    ].sort_values(["actor", "mean_deviation"], kind="stable")
    most = int(view["n_stories"].max())
    lead = sentence(
        "**Raw** is the outlet's own-voice mean over all its articles; **within stories** is how far its "
        "own voice sits from the other outlets' on the same stories (negative: harsher), with a 95% "
        f"interval resampling stories. Up to {plural(most, 'shared story')} per outlet here"
        + (f"; below {MIN_STORIES} the report draws no conclusion." if most < MIN_STORIES else ".")
    )
    return [lead, cut_table(run, view, "stance_story", rows=rows)]

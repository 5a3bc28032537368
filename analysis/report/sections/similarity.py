"""Notebook 02 (similarity): how close the outlets' texts are, the words that set each apart,
which sentences were copied from whom and what changed in the copies."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.compare.reuse import THRESHOLDS, outlet_reuse_matrix
from analysis.compare.similarity import cluster_order, outlet_similarity
from analysis.report import charts, grids
from analysis.report.access import Run, first_rows, read, sentences_of, setting
from analysis.report.display import bullets, plural, sentence, table
from analysis.report.findings import closest_pair, distinctive_lines, reuse_headline
from analysis.report.scope import Scope, rest_note
from analysis.report.sections.common import Items, cut_table, save, similarity_off

__all__ = [
    "ALIGN_ALL_UP_TO",
    "ALL_PAIRS_UP_TO",
    "dendrogram",
    "distinctive",
    "distinctive_by_actor",
    "heatmap",
    "outlet_pairs",
    "reuse_edits",
    "reuse_matrix",
    "reuse_summary",
    "reused_pairs",
    "settings",
    "thresholds",
]

ALL_PAIRS_UP_TO = 300  # the similarity table holds every pair up to this many documents
ALIGN_ALL_UP_TO = 50  # reuse is aligned sentence by sentence up to this many documents (LSH above)


def settings(run: Run, scope: Scope) -> Items:
    """The run's TF-IDF settings (the run decides them) and what the similarity table holds."""
    tfidf = dict(setting(run, "tfidf", {}) or {})
    rows = [{"setting": k.replace("_", " "), "value": "none" if v is None else str(v)} for k, v in tfidf.items()]
    top_k = setting(run, "top_k", 10)
    if scope.n_docs > ALL_PAIRS_UP_TO:
        held = (
            f"With {scope.n_docs:,} articles the similarity table keeps each article's {top_k} nearest neighbours, so "
            "an outlet pair's mean cosine is over neighbouring articles only (other pairs are left out, not zero)."
        )
    else:
        held = (
            f"The similarity table holds every pair of the {plural(scope.n_docs, 'article')}."
            if scope.n_docs > 1
            else "There is one article, so there is no pair of articles to compare."
        )
    out: Items = [sentence(held)]
    if rows:
        out.insert(0, table(pd.DataFrame(rows), rows=None))
    return out


def outlet_pairs(run: Run, scope: Scope) -> pd.DataFrame:
    """Mean cosine per pair of shown outlets, symmetric: the article pairs of both directions
    pooled (above 300 articles the table keeps each article's nearest neighbours, so (a, b) and
    (b, a) hold different pairs; pooled, a cell and its mirror show the same mean)."""
    sim = read(
        run,
        "similarity",
        columns=["outlet_a", "outlet_b", "cosine"],
        filters=[("outlet_a", "in", scope.outlets), ("outlet_b", "in", scope.outlets)],
    )
    mirrored = sim.rename(columns={"outlet_a": "outlet_b", "outlet_b": "outlet_a"})
    return outlet_similarity(pd.concat([sim, mirrored], ignore_index=True) if len(sim) else sim)


def heatmap(run: Run, scope: Scope, *, figures: str | Path | None = None) -> Items:
    """Mean cosine between (and within) the shown outlets, titled with the closest pair."""
    off = similarity_off(run)
    if off:
        return [off]
    osim = outlet_pairs(run, scope)
    if scope.n_outlets < 2 or len(osim) == 0:
        return [
            sentence(
                "Similarity compares outlets: this run has one outlet (or no pair of articles to compare), "
                "so there is no heat map."
            )
        ]
    fig, ax = charts.subplots(figsize=(7.5, 6))
    grids.heatmap(
        osim,
        row="doc_a",
        col="doc_b",
        value="cosine",
        order=scope.outlets,
        ax=ax,
        colorbar_label="cosine similarity of TF-IDF vectors",
        title=closest_pair(osim),
    )
    charts.caption(ax, "Source: similarity table (mean over the article pairs of each pair of outlets).")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    note = rest_note(scope)
    return [save(fig, "similarity_heatmap", figures)] + ([sentence(note, cls="fx-note")] if note else [])


def dendrogram(run: Run, scope: Scope, *, figures: str | Path | None = None) -> Items:
    """The shown outlets clustered by the words they use (needs at least three outlets)."""
    off = similarity_off(run)
    if off:
        return [off]
    osim = outlet_pairs(run, scope)
    present = [o for o in scope.outlets if o in set(osim["doc_a"]) | set(osim["doc_b"])]
    if len(present) < 3:
        return [
            sentence(
                f"Clustering needs at least three outlets; {plural(len(present), 'outlet')} "
                f"{'has' if len(present) == 1 else 'have'} articles to compare here."
            )
        ]
    fig, ax = charts.subplots(figsize=(8, 0.5 * len(present) + 1.5))
    grids.dendrogram(
        cluster_order(osim, present),
        present,
        ax=ax,
        colors=charts.outlet_colors(scope.outlets),
        title="Outlets clustered by the words they use",
    )
    charts.caption(ax, "Source: similarity table; average linkage on 1 − cosine.")
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return [save(fig, "similarity_dendrogram", figures)]


def distinctive(run: Run, scope: Scope, *, top: int = 8, figures: str | Path | None = None) -> Items:
    """Each shown outlet's most distinctive words against all the others (Fightin' Words)."""
    off = similarity_off(run)
    if off:
        return [off]
    fw = read(run, "distinctive_words", filters=[("group", "in", scope.outlets)])
    lines = distinctive_lines(fw, scope.outlets)
    if len(fw) == 0 or fw["group"].nunique() < 2:
        return [bullets(lines)]
    fig = grids.distinctive_terms(
        fw, n=top, colors=charts.outlet_colors(scope.outlets), title="Words that set each outlet apart"
    )
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    return [
        save(fig, "distinctive_words", figures),
        sentence("Words with z above 1.96 (the dotted line):"),
        bullets(lines),
    ]


def distinctive_by_actor(run: Run, scope: Scope, *, top: int = 8, figures: str | Path | None = None) -> Items:
    """The same within the sentences about each shown actor."""
    off = similarity_off(run)
    if off:
        return [off]
    fwa = read(run, "distinctive_words_actor", filters=[("group", "in", scope.outlets)])
    items: Items = []
    for actor in scope.actors:
        grp = fwa[fwa["actor"] == actor]
        if grp["group"].nunique() < 2:
            items.append(sentence(f"{actor}: fewer than two outlets write about it, so there is nothing to compare."))
            continue
        fig = grids.distinctive_terms(
            grp, n=top, colors=charts.outlet_colors(scope.outlets), title=f"In sentences about {actor}"
        )
        fig.tight_layout(rect=(0, 0, 1, 0.95))
        items.append(save(fig, f"distinctive_words_{actor.lower().replace(' ', '_')}", figures))
    return items or [sentence("No actor is mentioned, so there are no sentences about an actor to compare.")]


def thresholds(scope: Scope) -> Items:
    """The thresholds that classify a sentence pair, and which method this run's size used."""
    frame = pd.DataFrame({"setting": list(THRESHOLDS), "threshold": list(THRESHOLDS.values())})
    if scope.n_docs > ALIGN_ALL_UP_TO:
        how = (
            f"With {scope.n_docs:,} articles (more than {ALIGN_ALL_UP_TO}) copies were found with MinHash / LSH over "
            "word trigrams: verbatim and near-verbatim copies only (no paraphrases, no word-level edits); the "
            "thresholds below apply to smaller runs."
        )
    else:
        how = "Every sentence was compared with every sentence of every other article, with these thresholds:"
    return [sentence(how), table(frame, rows=None)]


def reuse_matrix(run: Run, scope: Scope, *, figures: str | Path | None = None) -> Items:
    """Share of each shown outlet's words copied with each other shown outlet."""
    off = similarity_off(run)
    if off:
        return [off]
    rm = read(
        run,
        "reuse_matrix",
        columns=["outlet_a", "outlet_b", "share"],
        filters=[("outlet_a", "in", scope.outlets), ("outlet_b", "in", scope.outlets)],
    )
    rmo = outlet_reuse_matrix(rm)
    title = reuse_headline(rmo, n_outlets=scope.n_outlets)
    if scope.n_outlets < 2 or not (rmo["outlet_a"] != rmo["outlet_b"]).any():
        return [sentence(title + ".")]
    fig, ax = charts.subplots(figsize=(7.5, 6))
    grids.heatmap(
        rmo,
        row="outlet_a",
        col="outlet_b",
        value="share",
        order=scope.outlets,
        ax=ax,
        fmt="{:.0f}",
        cmap="Oranges",
        fill_value=0,
        colorbar_label="% of row outlet's words in sentences copied from column outlet",
        title=title,
    )
    charts.caption(
        ax,
        "Source: reuse_matrix table (verbatim and near-verbatim sentences; the same quotation carried by two "
        "outlets is not counted as copied).",
    )
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return [save(fig, "reuse_matrix", figures)]


def reuse_summary(run: Run, scope: Scope, *, rows: int = 10) -> Items:
    """Per article: how much of it is copied, and whether it came first (most copied first)."""
    off = similarity_off(run)
    if off:
        return [off]
    rs = read(run, "reuse_summary", filters=[("outlet", "in", scope.outlets)])
    rs = rs.sort_values(["share_copied", "doc_id"], ascending=[False, True]) if len(rs) else rs
    return [
        cut_table(
            run,
            rs.drop(columns=["share_shared"], errors="ignore"),
            "reuse_summary",
            rows=rows,
            what="articles",
            empty="No reuse rows for the outlets shown.",
        )
    ]


def reused_pairs(run: Run, scope: Scope, *, rows: int = 10) -> Items:
    """The first copied or paraphrased sentence pairs between shown outlets, with both sentences."""
    off = similarity_off(run)
    if off:
        return [off]
    cols = ["doc_a", "sent_a", "doc_b", "sent_b", "relation", "same_quote", "ratio", "longest_run", "dice"]
    cols += ["outlet_a", "outlet_b"]
    shown = set(scope.outlets)

    def keep(chunk: pd.DataFrame) -> pd.DataFrame:
        return chunk[
            (chunk["relation"] != "unrelated")
            & (chunk["doc_a"] < chunk["doc_b"])
            & chunk["outlet_a"].isin(shown)
            & chunk["outlet_b"].isin(shown)
        ]

    pairs, total = first_rows(run, "reuse_alignment", rows, columns=cols, keep=keep)
    if len(pairs) == 0:
        return [sentence("No sentence of one article is copied or paraphrased in another (among the outlets shown).")]
    keys = pd.concat(
        [
            pairs[["doc_a", "sent_a"]].set_axis(["doc_id", "sent_id"], axis=1),
            pairs[["doc_b", "sent_b"]].set_axis(["doc_id", "sent_id"], axis=1),
        ]
    )
    text = sentences_of(run, keys, columns=["text"]).set_index(["doc_id", "sent_id"])["text"]
    pairs = pairs.assign(
        text_a=[text.get(k, "") for k in zip(pairs["doc_a"], pairs["sent_a"])],
        text_b=[text.get(k, "") for k in zip(pairs["doc_b"], pairs["sent_b"])],
    )
    show = pairs[["outlet_a", "outlet_b", "relation", "same_quote", "ratio", "longest_run", "dice", "text_a", "text_b"]]
    return [cut_table(run, show, "reuse_alignment", rows=rows, total=total, what="reused sentence pairs")]


def reuse_edits(run: Run, scope: Scope, *, rows: int = 10) -> Items:
    """Word-level edits of the near-verbatim copies, those touching an actor first."""
    off = similarity_off(run)
    if off:
        return [off]
    if scope.n_docs > ALIGN_ALL_UP_TO:
        return [
            sentence(
                f"Word-level edits are not computed above {ALIGN_ALL_UP_TO} articles (copies are found by LSH "
                "without aligning their words)."
            )
        ]
    cols = ["outlet_a", "outlet_b", "op", "text_a", "text_b", "concerns_actor", "actor"]
    edits = read(run, "reuse_edits", columns=cols)
    edits = edits[edits["outlet_a"].isin(scope.outlets) & edits["outlet_b"].isin(scope.outlets)]
    return [
        cut_table(
            run,
            edits.rename(columns={"text_a": "words before", "text_b": "words after"}),
            "reuse_edits",
            rows=rows,
            total=len(edits),
            what="edits",
            empty="No copied sentence was edited.",
        )
    ]

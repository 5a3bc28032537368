"""Headline sentences read off the tables, for the reports: each names the figure it comes from,
and says what the data cannot tell instead of stating a finding they do not support.

Rules every function here follows: a "most" / "least" or comparison sentence needs something to
compare (at least two outlets with data); values equal at the precision shown are *tied* (never
resolved by name order); a sentence about a chart is computed from the rows the chart draws.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.report.readouts import label_grid

__all__ = [
    "closest_pair",
    "distinctive_lines",
    "headline",
    "key_findings",
    "label_finding",
    "leaders",
    "names",
    "negative_share_headline",
    "prominence_line",
    "reuse_headline",
    "salience_headline",
    "stance_headline",
    "stance_line",
    "story_line",
    "wire_line",
]

RATE = "mentions per 1,000 words"


def names(items: Sequence[str], *, limit: int = 4) -> str:
    """ "A", "A and B", "A, B and C"; past ``limit`` items, "A, B, C, D and 3 more"."""
    items = [str(i) for i in items]
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
    if len(items) <= 1:
        return items[0] if items else ""
    return ", ".join(items[:-1]) + " and " + items[-1]


def leaders(frame: pd.DataFrame, value: str, *, decimals: int, largest: bool = True) -> pd.DataFrame:
    """The rows at the top (or bottom) of ``value``, every row that ties with it at ``decimals``
    decimal places (the precision the sentence shows), in the frame's order."""
    vals = pd.to_numeric(frame[value], errors="coerce").round(decimals)
    ok = vals.notna()
    if not ok.any():
        return frame.iloc[0:0]
    best = vals[ok].max() if largest else vals[ok].min()
    return frame[ok & (vals == best)]


def _rows(summary: pd.DataFrame, col: str) -> pd.DataFrame:
    return summary[pd.to_numeric(summary[col], errors="coerce").notna()]


def _actor_order(summary: pd.DataFrame) -> list[str]:
    """Actors by mean rate over the outlets (most named first); ties keep the table's order."""
    rate = summary.groupby("actor", sort=False)["mentions_per_1k_words"].apply(
        lambda s: pd.to_numeric(s, errors="coerce").fillna(0).mean()
    )
    return list(rate.sort_values(ascending=False, kind="stable").index)


def headline(summary: pd.DataFrame) -> str:
    """The one sentence a reader should take away: the actor the outlets name most (by the mean
    rate over outlets), or what the data cannot say."""
    if len(summary) == 0:
        return "No actor is mentioned in this corpus."
    rate = (
        summary.groupby("actor", sort=False)["mentions_per_1k_words"]
        .apply(lambda s: pd.to_numeric(s, errors="coerce").fillna(0).mean())
        .rename("rate")
        .reset_index()
    )
    named = rate[rate["rate"] > 0]
    n_outlets = summary["outlet"].nunique()
    where = (
        f"averaged over {n_outlets} outlets" if n_outlets > 1 else f"in {summary['outlet'].iloc[0]}, the only outlet"
    )
    if len(named) == 0:
        return "No actor of the actor file is mentioned in these articles."
    if len(named) == 1:
        r = named.iloc[0]
        return f"{r['actor']} is the only actor the articles name ({r['rate']:.1f} {RATE}, {where})."
    top = leaders(named, "rate", decimals=1)
    if len(top) > 1:
        return f"{names(list(top['actor']))} are named equally often ({top['rate'].iloc[0]:.1f} {RATE}, {where})."
    r = top.iloc[0]
    return f"{r['actor']} is the most named actor ({r['rate']:.1f} {RATE}, {where})."


def prominence_line(actor: str, rows: pd.DataFrame) -> str:
    """Where the actor is most prominent (rows: its summary or salience_outlet rows)."""
    named = rows[pd.to_numeric(rows["mentions_per_1k_words"], errors="coerce").fillna(0) > 0]
    if len(named) == 0:
        return f"{actor} is not mentioned by any outlet."
    if rows["outlet"].nunique() == 1:
        r = named.iloc[0]
        return (
            f"{actor}: {r['mentions_per_1k_words']:.1f} {RATE} in {r['outlet']}, the only outlet, so there is "
            "no other outlet to compare it with."
        )
    if len(named) == 1:
        r = named.iloc[0]
        return f"{actor} is named only by {r['outlet']} ({r['mentions_per_1k_words']:.1f} {RATE})."
    top = leaders(named, "mentions_per_1k_words", decimals=1)
    value = top["mentions_per_1k_words"].iloc[0]
    if len(top) == len(named):
        return f"{actor} is as prominent in every outlet that names it ({value:.1f} {RATE})."
    if len(top) > 1:
        return f"{actor} is most prominent in {names(list(top['outlet']))}, tied at {value:.1f} {RATE}."
    return f"{actor} is most prominent in {top['outlet'].iloc[0]} ({value:.1f} {RATE})."


def _interval_missing(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[
        pd.to_numeric(rows["stance_ci_low"], errors="coerce").isna()
        | pd.to_numeric(rows["stance_ci_high"], errors="coerce").isna()
    ]


MIN_ARTICLES = 5  # a stance cell resting on fewer articles gets no comparative finding
MIN_STORIES = 5  # a within-story lean resting on fewer shared stories gets no finding


def _lean_word(value: float, *, most: str) -> str:
    """ "most negative" / "most positive", or by sign "least negative" / "least positive" where the
    extreme is on the other side of zero (−0.16 is the least negative, not the most positive)."""
    if most == "positive":
        return "most positive" if value > 0 else "least negative" if value < 0 else "closest to neutral"
    return "most negative" if value < 0 else "least positive" if value > 0 else "closest to neutral"


def _articles(r: pd.Series) -> int | None:
    """The articles a summary row's stance rests on (None where the table does not say)."""
    n = pd.to_numeric(pd.Series([r.get("stance_n_articles")]), errors="coerce").iloc[0]
    return int(n) if pd.notna(n) else None


def stance_line(actor: str, rows: pd.DataFrame) -> str | None:
    """How the outlets' mean stance toward the actor compares, and whether the intervals (which
    resample articles) can tell them apart (None when no outlet has a scored sentence about the
    actor). Outlets resting on fewer than MIN_ARTICLES articles get no comparative finding."""
    s = _rows(rows, "stance_mean")
    if len(s) == 0:
        return None
    if len(s) == 1:
        r = s.iloc[0]
        return (
            f"Stance toward {actor} is measured in {r['outlet']} only ({r['stance_mean']:+.2f}, "
            f"n={int(r['stance_n'])}): there is no other outlet to compare it with."
        )
    if "stance_n_articles" in s:
        thin = s[[(_articles(r) or MIN_ARTICLES) < MIN_ARTICLES for _, r in s.iterrows()]]
        if len(thin):
            few = ", ".join(f"{r['outlet']} ({_articles(r)})" for _, r in thin.iterrows())
            s = s.drop(thin.index)
            if len(s) < 2:
                return (
                    f"Toward {actor}, no outlet comparison: the stance of {few} rests on fewer than "
                    f"{MIN_ARTICLES} articles, too few to tell an outlet's lean from the lean of its stories."
                )
    lo = leaders(s, "stance_mean", decimals=2, largest=False)
    hi = leaders(s, "stance_mean", decimals=2)
    if round(float(lo["stance_mean"].iloc[0]), 2) == round(float(hi["stance_mean"].iloc[0]), 2):
        return f"Toward {actor}, every outlet's mean stance is {hi['stance_mean'].iloc[0]:+.2f}: no outlet leans more."
    tied_lo, tied_hi = (" (tied)" if len(lo) > 1 else ""), (" (tied)" if len(hi) > 1 else "")
    v_lo, v_hi = float(lo["stance_mean"].iloc[0]), float(hi["stance_mean"].iloc[0])
    text = (
        f"Toward {actor}, in the outlets' own voice, {names(list(lo['outlet']))} lean{'' if len(lo) > 1 else 's'} "
        f"{_lean_word(v_lo, most='negative')}{tied_lo} ({v_lo:+.2f}) and {names(list(hi['outlet']))} "
        f"{_lean_word(v_hi, most='positive')}{tied_hi} ({v_hi:+.2f}); "
    )
    missing = _interval_missing(pd.concat([lo, hi]))
    if len(missing):
        few = ", ".join(f"{r['outlet']} (n={int(r['stance_n'])})" for _, r in missing.iterrows())
        return text + f"too few scored articles for an interval in {few}, so the data cannot say whether they differ."
    overlap = any(
        float(a["stance_ci_high"]) >= float(b["stance_ci_low"]) for _, a in lo.iterrows() for _, b in hi.iterrows()
    )
    return text + (
        "the 95% intervals (resampling articles) overlap, so the data do not separate them."
        if overlap
        else "the 95% intervals (resampling articles) do not overlap."
    )


def wire_line(sources: pd.DataFrame, *, include_wire: bool = False) -> str | None:
    """How much of each outlet is wire or syndicated copy (source_outlet rows), and whether its
    own voice leaves it out; None for an empty table."""
    if len(sources) == 0:
        return None
    copied = sources[pd.to_numeric(sources["n_articles"]) > pd.to_numeric(sources["n_own"])]
    if len(copied) == 0:
        return (
            f"No article of the {len(sources)} outlet{'s' if len(sources) != 1 else ''} carries a wire or "
            "syndication credit (dateline, author field, closing credit): every article counts as the "
            "outlet's own reporting."
        )
    parts = [
        f"{r['outlet']} {int(r['n_articles']) - int(r['n_own'])} of {int(r['n_articles'])} articles"
        + (f" ({r['credited']})" if r.get("credited") else "")
        for _, r in copied.sort_values("wire_share", ascending=False, kind="stable").iterrows()
    ]
    how = "counted in" if include_wire else "left out of"
    return f"Wire and syndicated copy, {how} each outlet's own voice: {names(parts, limit=6)}."


def story_line(actor: str, rows: pd.DataFrame) -> str | None:
    """Within the same stories: which outlet is harsher (or kinder) on the actor than the other
    outlets covering those stories, when its interval (resampling stories) excludes zero; None
    when the summary has no within-story columns or no outlet shares a story about the actor."""
    if "story_n" not in rows:
        return None
    s = rows[pd.to_numeric(rows["story_n"], errors="coerce").fillna(0) > 0]
    if len(s) == 0:
        return None
    n = pd.to_numeric(s["story_n"])
    enough = s[n >= MIN_STORIES]
    if len(enough) < 2:
        return (
            f"Within the same stories, toward {actor}: at most {int(n.max())} shared "
            f"stor{'y' if int(n.max()) == 1 else 'ies'} per outlet, fewer than {MIN_STORIES}: too few to "
            "tell an outlet's lean from the stories it covers."
        )
    lo, hi = pd.to_numeric(enough["story_ci_low"]), pd.to_numeric(enough["story_ci_high"])
    clear = enough[(hi < 0) | (lo > 0)]
    if len(clear) == 0:
        return (
            f"Within the same stories, toward {actor}, no outlet's own voice differs from the others' covering "
            f"them ({len(enough)} outlets with {MIN_STORIES}+ shared stories; every 95% interval, resampling "
            "stories, includes zero)."
        )
    parts = [
        f"{r['outlet']} {'harsher' if r['story_deviation'] < 0 else 'kinder'} ({r['story_deviation']:+.2f}, "
        f"{int(r['story_n'])} stories)"
        for _, r in clear.sort_values("story_deviation", kind="stable").iterrows()
    ]
    return (
        f"Within the same stories, toward {actor}, compared with the other outlets covering them: "
        f"{names(parts)} (95% intervals resampling stories exclude zero)."
    )


def key_findings(summary: pd.DataFrame) -> list[str]:
    """A few plain sentences read off the summary table: the headline, then for each actor (most
    named first) where it is most prominent and how the outlets' stance toward it compares."""
    if len(summary) == 0:
        return ["No actor is mentioned in this corpus."]
    lines = [headline(summary)]
    if (pd.to_numeric(summary["mentions_per_1k_words"], errors="coerce").fillna(0) <= 0).all():
        return lines
    order = _actor_order(summary)
    for actor in order:
        g = summary[summary["actor"] == actor]
        lines.append(prominence_line(actor, g))
        for line in (stance_line(actor, g), story_line(actor, g)):
            if line:
                lines.append(line)
    if (
        _rows(summary, "stance_mean").empty
        and (pd.to_numeric(summary["mentions_per_1k_words"], errors="coerce") > 0).any()
    ):
        lines.append(
            "No sentence naming an actor has a stance score (stance was not scored in this run, "
            "or no scored sentence names an actor)."
        )
    return lines


def salience_headline(sal: pd.DataFrame) -> str:
    """The title of the salience chart: the outlet × actor pair with the most mentions per 1,000
    words, among at least two outlets; otherwise what cannot be compared."""
    named = (
        sal[pd.to_numeric(sal.get("mentions_per_1k_words", pd.Series(dtype=float)), errors="coerce").fillna(0) > 0]
        if len(sal)
        else sal
    )
    if len(named) == 0:
        return "No actor is mentioned"
    if sal["outlet"].nunique() < 2:
        return f"One outlet only ({sal['outlet'].iloc[0]}): nothing to compare it with"
    top = leaders(named, "mentions_per_1k_words", decimals=0)
    value = top["mentions_per_1k_words"].iloc[0]
    if len(top) > 1:
        pairs = [f"{r['outlet']} on {r['actor']}" for _, r in top.iterrows()]
        return f"Most mentions per 1,000 words: tied at {value:.0f} ({names(pairs, limit=3)})"
    r = top.iloc[0]
    return f"{r['outlet']} names {r['actor']} most often ({value:.0f} per 1,000 words)"


def _compare_cells(agg: pd.DataFrame, value: str) -> tuple[pd.DataFrame, str | None]:
    rows = agg[pd.to_numeric(agg[value], errors="coerce").notna()] if len(agg) else agg
    if len(rows) == 0:
        return rows, "No scored sentences"
    if rows["outlet"].nunique() < 2:
        return rows, f"Only {rows['outlet'].iloc[0]} has scored sentences: no other outlet to compare it with"
    return rows, None


def stance_headline(agg: pd.DataFrame, *, voice: str = "outlet", min_n: int = 2) -> str:
    """The title of the stance chart: the most negative outlet × actor mean in the outlets' own
    voice, among pairs with at least ``min_n`` scored sentences and MIN_ARTICLES articles, from at
    least two outlets (else why it ranks nothing)."""
    rows, why = _compare_cells(agg[agg["voice"] == voice] if len(agg) else agg, "mean_score")
    if why:
        return why + (" in their own voice" if why == "No scored sentences" else "")
    rows = rows[rows["n"] >= min_n]
    if len(rows) == 0:
        return f"Every outlet × actor pair has fewer than {min_n} scored sentences in its own voice: too few to rank"
    if "n_articles" in rows:
        enough = rows[pd.to_numeric(rows["n_articles"], errors="coerce").fillna(MIN_ARTICLES) >= MIN_ARTICLES]
        if enough["outlet"].nunique() < 2:
            most = int(pd.to_numeric(rows["n_articles"], errors="coerce").max())
            return (
                f"Stance in each outlet's own voice: at most {most} article{'s' if most != 1 else ''} per outlet × "
                f"actor, fewer than {MIN_ARTICLES}: too few to rank outlets"
            )
        rows = enough
    low = leaders(rows, "mean_score", decimals=2, largest=False)
    value = float(low["mean_score"].iloc[0])
    lead = "Most negative in its own voice" if value < 0 else "No outlet leans negative in its own voice; lowest"
    cells = [f"{r['outlet']} on {r['actor']} (n={int(r['n'])})" for _, r in low.iterrows()]
    if len(low) > 1:
        return f"{lead}: tied at {value:+.2f}, {names(cells, limit=3)}"
    r = low.iloc[0]
    return f"{lead}: {r['outlet']} on {r['actor']} ({value:+.2f}, n={int(r['n'])})"


def negative_share_headline(agg: pd.DataFrame) -> str:
    """The title of the class-share chart: the largest share of negative sentences (all voices)."""
    rows, why = _compare_cells(agg[agg["voice"] == "all"] if len(agg) else agg, "share_negative")
    if why:
        return why
    top = leaders(rows, "share_negative", decimals=2)
    value = float(top["share_negative"].iloc[0])
    if value == 0:
        return "No sentence is labelled negative"
    cells = [f"{r['outlet']} on {r['actor']}" for _, r in top.iterrows()]
    if len(top) > 1:
        return f"Largest share of negative sentences: tied at {100 * value:.0f}% ({names(cells, limit=3)})"
    r = top.iloc[0]
    return f"{r['outlet']} has the largest share of negative sentences on {r['actor']} ({100 * value:.0f}%)"


def closest_pair(osim: pd.DataFrame) -> str:
    """The title of the similarity heat map: the closest pair of different outlets (mean cosine,
    both directions averaged), or why there is no pair to name."""
    pairs = osim[osim["doc_a"] != osim["doc_b"]] if len(osim) else osim
    if len(pairs) == 0:
        return "One outlet only: no pair of outlets to compare"
    key = pairs.apply(lambda r: tuple(sorted((str(r["doc_a"]), str(r["doc_b"])))), axis=1)
    mean = pairs.assign(pair=key).groupby("pair", sort=True)["cosine"].mean().rename("cosine").reset_index()
    if len(mean) == 1:
        a, b = mean["pair"].iloc[0]
        return f"Two outlets: {a} and {b} (cosine {mean['cosine'].iloc[0]:.2f})"
    top = leaders(mean, "cosine", decimals=2)
    value = float(top["cosine"].iloc[0])
    if len(top) > 1:
        pairs = [f"{a} and {b}" for a, b in top["pair"]]
        more = f"; and {len(pairs) - 3} more pairs" if len(pairs) > 3 else ""
        return f"Closest, tied at cosine {value:.2f}: " + "; ".join(pairs[:3]) + more
    a, b = top["pair"].iloc[0]
    return f"Closest: {a} and {b} (cosine {value:.2f})"


def reuse_headline(rmo: pd.DataFrame, *, n_outlets: int) -> str:
    """The title of the reuse matrix: which outlet shares most of its words with which (shares in
    %, pairs of different outlets), or that nothing is copied / there is no pair."""
    if n_outlets < 2:
        return "One outlet only: no copying between outlets to show"
    rows = (
        rmo[(rmo["outlet_a"] != rmo["outlet_b"]) & (pd.to_numeric(rmo["share"], errors="coerce") > 0)]
        if len(rmo)
        else rmo
    )
    if len(rows) == 0:
        return "No sentence is copied between outlets"
    top = leaders(rows, "share", decimals=0)
    value = float(top["share"].iloc[0])
    if len(top) > 1:
        cells = [f"{r['outlet_a']} with {r['outlet_b']}" for _, r in top.iterrows()]
        return f"Largest share of words copied: tied at {value:.0f}% ({names(cells, limit=3)})"
    r = top.iloc[0]
    return f"{r['outlet_a']} shares most with {r['outlet_b']} ({value:.0f}% of its words)"


def label_finding(
    label_counts: pd.DataFrame,
    *,
    actors: Sequence[str] | None = None,
    outlets: Sequence[str] | None = None,
    n: int = 12,
) -> str:
    """The commonest evaluative label as a sentence (the label chart's title), counted as the chart
    counts it: kinds summed per outlet × actor × term, among each actor's ``n`` commonest terms
    (:func:`analysis.report.readouts.label_grid`) and the charted actors and outlets."""
    if len(label_counts) == 0:
        return "What each outlet calls each actor"
    lc = label_counts
    if outlets is not None:
        lc = lc[lc["outlet"].isin(list(outlets))]
    evaluative = set(lc.loc[lc["evaluative"].astype(bool), "term"])
    cells = []
    for actor in actors if actors is not None else list(dict.fromkeys(lc["actor"])):
        grid, order = label_grid(lc, actor, n=n)
        cells.append(grid[grid["term"].isin(order) & grid["term"].isin(evaluative)].assign(actor=actor))
    ev = pd.concat(cells, ignore_index=True) if cells else pd.DataFrame()
    if len(ev) == 0:
        return "What each outlet calls each actor"
    top = leaders(ev, "n", decimals=0)
    value = int(top["n"].iloc[0])
    if len(top) > 1:
        cells = [f"{r['outlet']} calls {r['actor']} \u201c{r['term']}\u201d" for _, r in top.iterrows()]
        return f"Commonest evaluative labels, tied at {value} each: {names(cells, limit=3)}"
    r = top.iloc[0]
    return f"{r['outlet']} calls {r['actor']} \u201c{r['term']}\u201d {value} time{'s' if value != 1 else ''}"


def distinctive_lines(fw: pd.DataFrame, outlets: Sequence[str], *, top: int = 3, z: float = 1.96) -> list[str]:
    """For each outlet: its most distinctive words with z above ``z`` (Fightin' Words table), or
    that none reaches it; one sentence when there is nothing to compare."""
    if len(fw) == 0:
        return ["No distinctive words: the table is empty (fewer than two outlets, or no text to compare)."]
    if fw["group"].nunique() < 2:
        return ["Distinctive words compare each outlet with the others: this run has one outlet."]
    out = []
    for outlet in outlets:
        g = fw[(fw["group"] == outlet) & (fw["z"] > z)].sort_values(["z", "term"], ascending=[False, True]).head(top)
        if len(g):
            out.append(
                f"{outlet}: " + ", ".join(f"\u201c{t}\u201d (z {v:.1f})" for t, v in zip(g["term"], g["z"])) + "."
            )
        elif outlet in set(fw["group"]):
            out.append(f"{outlet}: no word reaches z = {z}.")
    return out

"""Coverage over time: per outlet × actor × period (day, week or month), how prominent the actor
is, the outlet's own-voice stance toward it with an interval over articles, the share of the
outlet's quoted words spoken for it, and its commonest labels.

The period is chosen from the span of the corpus's dates (:func:`choose_period`: days up to a
month, weeks up to half a year, months beyond) unless the run sets one. Articles without a date
(``docs.date`` not ``YYYY-MM-DD``) are in no period; the table lists only dated ones and
:func:`undated_count` says how many were left out. A period where the stance rests on fewer than
``MIN_ARTICLES`` articles is kept and marked ``thin``: a chart shows it as such, a finding does not
use it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.framing.labels import top_label_terms
from analysis.stance.aggregate import STANCE_RENAME, aggregate_stances

__all__ = ["MIN_ARTICLES", "PERIODS", "TIMELINE_COLUMNS", "choose_period", "period_of", "timeline", "undated_count"]

PERIODS = ("day", "week", "month")
MIN_ARTICLES = 5
TIMELINE_COLUMNS = [
    "outlet",
    "actor",
    "period",
    "period_start",
    "period_kind",
    "n_articles",
    "n_articles_mentioning",
    "n_mentions",
    "mentions_per_1k_words",
    "stance_n",
    "stance_n_articles",
    "stance_mean",
    "stance_ci_low",
    "stance_ci_high",
    "thin",
    "voice_share",
    "top_labels",
]
_SEP = "\x1f"


def _dates(docs: pd.DataFrame) -> pd.Series:
    """Each document's date (NaT where ``date`` is missing or not ``YYYY-MM-DD``), by doc_id."""
    raw = docs["date"] if "date" in docs else pd.Series(None, index=docs.index, dtype=object)
    return pd.Series(
        pd.to_datetime(raw.astype("string"), format="%Y-%m-%d", errors="coerce").to_numpy(),
        index=docs["doc_id"].to_numpy(),
    )


def undated_count(docs: pd.DataFrame) -> int:
    """How many documents have no usable date (and so are in no period)."""
    return int(_dates(docs).isna().sum()) if len(docs) else 0


def choose_period(docs: pd.DataFrame, *, period: str | None = None) -> str:
    """``period`` when given (one of :data:`PERIODS`), else from the span of the dated documents:
    ``day`` up to 31 days, ``week`` up to 183, ``month`` beyond (and for a corpus without dates)."""
    if period is not None:
        if period not in PERIODS:
            raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
        return period
    d = _dates(docs).dropna()
    if len(d) == 0:
        return "month"
    span = (d.max() - d.min()).days
    return "day" if span <= 31 else "week" if span <= 183 else "month"


def period_of(dates: pd.Series, kind: str) -> tuple[pd.Series, pd.Series]:
    """Each date's period label (``2016-03-14``, ``2016-W11`` (ISO week), ``2016-03``) and the
    period's first day (``YYYY-MM-DD``); empty strings for a missing date."""
    d = pd.to_datetime(dates, errors="coerce")
    if kind == "day":
        start = d.dt.normalize()
        label = start.dt.strftime("%Y-%m-%d")
    elif kind == "week":
        start = (d - pd.to_timedelta(d.dt.day_of_week, unit="D")).dt.normalize()
        iso = start.dt.isocalendar()
        label = iso["year"].astype("string") + "-W" + iso["week"].astype("string").str.zfill(2)
    elif kind == "month":
        start = d.dt.to_period("M").dt.start_time
        label = start.dt.strftime("%Y-%m")
    else:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {kind!r}")
    return label.fillna("").astype(str), start.dt.strftime("%Y-%m-%d").fillna("").astype(str)


def _top_labels(labels: pd.DataFrame | None, where: pd.DataFrame, n: int = 3) -> pd.Series:
    """The ``n`` commonest label terms (of at most three words) per outlet × actor × period."""
    if labels is None or len(labels) == 0:
        return pd.Series(dtype=object)
    return top_label_terms(labels.merge(where, on="doc_id"), ["outlet", "actor", "period"], n=n)


def _voice(quotes: pd.DataFrame | None, where: pd.DataFrame) -> pd.Series:
    """Per outlet × actor × period: the actor's share of the outlet's directly quoted words."""
    if quotes is None or len(quotes) == 0:
        return pd.Series(dtype=float)
    q = quotes[quotes["kind"].isin(["direct", "partial"])].merge(where, on="doc_id")
    if len(q) == 0:
        return pd.Series(dtype=float)
    words = q.groupby(["outlet", "period", "speaker_actor"])["n_words"].sum()
    total = q.groupby(["outlet", "period"])["n_words"].sum()
    share = words / total.reindex(words.index.droplevel("speaker_actor")).to_numpy()
    return share.rename_axis(["outlet", "period", "actor"]).reorder_levels(["outlet", "actor", "period"])


def timeline(
    docs: pd.DataFrame,
    salience_doc: pd.DataFrame,
    *,
    stances: pd.DataFrame | None = None,
    quotes: pd.DataFrame | None = None,
    labels: pd.DataFrame | None = None,
    period: str | None = None,
    include_wire: bool = False,
    n_boot: int = 2000,
) -> pd.DataFrame:
    """The timeline table: one row per outlet × actor × period with a dated article of the outlet.

    Salience sums the period's articles (mentions per 1,000 words of all the outlet's words that
    period, not a mean of article rates). Stance is the outlet's own voice (wire and syndicated
    copy left out unless ``include_wire``), its interval resampling articles
    (:func:`analysis.stance.aggregate.aggregate_stances`); ``thin`` where it rests on fewer than
    :data:`MIN_ARTICLES` articles. Rows by actor, outlet, then period start.
    """
    if len(docs) == 0 or salience_doc is None or len(salience_doc) == 0:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    kind = choose_period(docs, period=period)
    dated = _dates(docs)
    label, start = period_of(pd.Series(dated.to_numpy()), kind)
    where = pd.DataFrame(
        {"doc_id": docs["doc_id"].to_numpy(), "outlet": docs["outlet"].to_numpy(), "period": label.to_numpy()}
    )
    starts = dict(zip(label, start))
    where = where[where["period"] != ""]
    if len(where) == 0:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    sal = salience_doc[["doc_id", "actor", "n_mentions", "n_words"]].merge(where, on="doc_id")
    sal["mentioning"] = (sal["n_mentions"] > 0).astype(int)
    n_articles = where.groupby(["outlet", "period"]).size()
    out = (
        sal.groupby(["outlet", "actor", "period"])[["mentioning", "n_mentions", "n_words"]]
        .sum()
        .rename(columns={"mentioning": "n_articles_mentioning"})
        .reset_index()
    )
    out["n_articles"] = n_articles.reindex(pd.MultiIndex.from_frame(out[["outlet", "period"]])).to_numpy()
    out["mentions_per_1k_words"] = 1000 * out["n_mentions"] / out["n_words"].where(out["n_words"] > 0, 1)
    out["period_start"] = out["period"].map(starts)
    out["period_kind"] = kind
    key = ["outlet", "actor", "period"]
    if stances is not None and len(stances):
        pdocs = docs.merge(where[["doc_id", "period"]], on="doc_id")
        pdocs = pdocs.assign(outlet=pdocs["outlet"].astype(str) + _SEP + pdocs["period"])
        st = aggregate_stances(
            stances, pdocs, voices=("outlet",), include_wire=include_wire, n_boot=n_boot
        )  # "outlet" here is outlet and period
        if len(st):
            parts = st["outlet"].str.split(_SEP, n=1, expand=True)
            st = st.assign(outlet=parts[0], period=parts[1])[key + list(STANCE_RENAME)].rename(columns=STANCE_RENAME)
            out = out.merge(st, on=key, how="left")
    for c in ("stance_n", "stance_n_articles"):
        out[c] = out[c].fillna(0).astype(int) if c in out else 0
    for c in ("stance_mean", "stance_ci_low", "stance_ci_high"):
        if c not in out:
            out[c] = np.nan
    out["thin"] = out["stance_n_articles"] < MIN_ARTICLES
    idx = pd.MultiIndex.from_frame(out[key])
    voice = _voice(quotes, where)
    out["voice_share"] = voice.reindex(idx).to_numpy() if len(voice) else np.nan
    if quotes is not None and len(quotes):
        out["voice_share"] = out["voice_share"].fillna(0.0)
    tops = _top_labels(labels, where)
    out["top_labels"] = tops.reindex(idx).fillna("").to_numpy() if len(tops) else ""
    out = out.sort_values(["actor", "outlet", "period_start", "period"], kind="stable").reset_index(drop=True)
    return out[TIMELINE_COLUMNS]

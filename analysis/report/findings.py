"""Headline sentences read off the tables, for the reports: each names the figure it comes from,
and says what the data cannot tell instead of stating a finding they do not support."""

from __future__ import annotations

import pandas as pd


def key_findings(summary: pd.DataFrame) -> list[str]:
    """A few plain sentences read off the summary table (each names the figure it comes from)."""
    lines: list[str] = []
    if len(summary) == 0:
        return ["No actor is mentioned in this corpus."]
    for actor, g in summary.groupby("actor", sort=False):
        top = g.sort_values("mentions_per_1k_words", ascending=False).iloc[0]
        lines.append(f"{actor} is most prominent in {top['outlet']} ({top['mentions_per_1k_words']:.1f} mentions "
                     f"per 1,000 words).")
        s = g.dropna(subset=["stance_mean"])
        if len(s) >= 2:
            lo, hi = s.sort_values("stance_mean").iloc[0], s.sort_values("stance_mean").iloc[-1]
            overlap = lo["stance_ci_high"] >= hi["stance_ci_low"]
            lines.append(f"Toward {actor}, {lo['outlet']} leans most negative ({lo['stance_mean']:+.2f}) and "
                         f"{hi['outlet']} most positive ({hi['stance_mean']:+.2f}); the 95% intervals "
                         f"{'overlap, so the data do not separate them' if overlap else 'do not overlap'}.")
    return lines

"""Restricting a run (and so its report) to a date range, some outlets and some topics.

A :class:`Selection` is checked on every article as it is read; an article outside it is not
analysed and is listed in the ``skipped`` table with the reason ("dated 2016-01-03, before --since
2016-02-01", "outlet Fox News not among --outlets", "no topic; --topics asks for one"), so the
report can say how many articles the restriction left out and none disappears unlisted. Dates are
compared by calendar day; an article whose date cannot be read is outside any date range. Outlets
and topics are compared without regard to case or surrounding spaces.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

__all__ = ["Selection", "SelectionError", "parse_day"]


class SelectionError(ValueError):
    """A restriction that cannot work (a date that does not parse, an empty list)."""


def parse_day(value: str, *, option: str) -> pd.Timestamp:
    """A calendar day from an option's value ("2016-02-01"), or SelectionError naming the option."""
    day = pd.to_datetime(value.strip(), errors="coerce", utc=True) if value.strip() else pd.NaT
    if pd.isna(day):
        raise SelectionError(f"{option}: {value!r} is not a date (write it as YYYY-MM-DD)")
    return day.tz_convert(None).normalize()


def _folded(values: Iterable[str] | str | None) -> frozenset[str]:
    """A set of names compared without case or surrounding spaces ("a, b" splits on commas)."""
    if values is None:
        return frozenset()
    items = values.split(",") if isinstance(values, str) else list(values)
    return frozenset(v.strip().casefold() for v in items if v.strip())


@dataclass(frozen=True)
class Selection:
    """Which articles a run keeps: dated ``since`` .. ``until`` (inclusive days, either open),
    from ``outlets`` and of ``topics`` (empty: any)."""

    since: pd.Timestamp | None = None
    until: pd.Timestamp | None = None
    outlets: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        *,
        since: str | None = None,
        until: str | None = None,
        outlets: Iterable[str] | str | None = None,
        topics: Iterable[str] | str | None = None,
    ) -> Selection:
        """A Selection from option values; SelectionError names the option that cannot work."""
        lo = parse_day(since, option="--since") if since else None
        hi = parse_day(until, option="--until") if until else None
        if lo is not None and hi is not None and hi < lo:
            raise SelectionError(f"--until {hi.date()} is before --since {lo.date()}")
        return cls(lo, hi, _folded(outlets), _folded(topics))

    @property
    def active(self) -> bool:
        """True if the selection leaves anything out."""
        return bool(self.since is not None or self.until is not None or self.outlets or self.topics)

    def reason(self, row: dict) -> str | None:
        """Why an article (a corpus row: ``date``, ``outlet``, ``topic``) is outside the
        selection, or None if it is inside."""
        if self.since is not None or self.until is not None:
            raw = str(row.get("date") or "").strip()
            day = pd.to_datetime(raw, errors="coerce", utc=True) if raw and raw != "unknown" else pd.NaT
            if pd.isna(day):
                return f"no readable date ({raw or 'none'}); --since/--until restrict the dates"
            day = day.tz_convert(None).normalize()
            if self.since is not None and day < self.since:
                return f"dated {day.date()}, before --since {self.since.date()}"
            if self.until is not None and day > self.until:
                return f"dated {day.date()}, after --until {self.until.date()}"
        if self.outlets:
            outlet = str(row.get("outlet") or "").strip()
            if outlet.casefold() not in self.outlets:
                return f"outlet {outlet or 'unknown'} not among --outlets"
        if self.topics:
            topic = str(row.get("topic") or "").strip()
            if not topic:
                return "no topic; --topics asks for one"
            if topic.casefold() not in self.topics:
                return f"topic {topic} not among --topics"
        return None

    def describe(self) -> dict[str, object]:
        """The selection as run.json records it (None / empty where not restricted)."""
        return {
            "since": str(self.since.date()) if self.since is not None else None,
            "until": str(self.until.date()) if self.until is not None else None,
            "outlets": sorted(self.outlets),
            "topics": sorted(self.topics),
        }

"""The per-article export a journalist can open: the run's ``articles`` table (one row per
article × actor it names, the article-level measures beside its outlet, date, title and URL) as
CSV and as an Excel workbook."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from analysis.run.articles import TableLookup, article_table

__all__ = ["write_article_export"]

# Excel refuses cells over 32,767 characters and formulas in text: titles are short, but news text
# is untrusted input, so every text cell that could start a formula is written as text.
_FORMULA_START = ("=", "+", "-", "@")


def _as_text(value: object) -> object:
    """A string cell that Excel would read as a formula, prefixed so that it stays text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_article_export(run: Mapping[str, pd.DataFrame] | TableLookup, out: str | Path) -> list[Path]:
    """``out/articles.csv`` (UTF-8 with a byte-order mark, so that Excel reads the accents) and
    ``out/articles.xlsx``; returns the paths written. A text cell that a spreadsheet would take for
    a formula (starting with = + - @) gets a leading apostrophe in both."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    made = run.get("articles")  # the run's articles table (runs written before it existed: made here)
    table = made if made is not None else article_table(run)
    csv_path, xlsx_path = out / "articles.csv", out / "articles.xlsx"
    safe = table.copy()
    for c in safe.columns:
        if safe[c].dtype == object or pd.api.types.is_string_dtype(safe[c]):
            safe[c] = safe[c].map(_as_text)
    safe.to_csv(csv_path, index=False, encoding="utf-8-sig")
    with pd.ExcelWriter(xlsx_path, engine="openpyxl") as xl:
        safe.to_excel(xl, sheet_name="articles", index=False)
        sheet = xl.sheets["articles"]
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    return [csv_path, xlsx_path]

"""How the reports show things: tables with column headers in words, values formatted, no
"NaN" cells, long tables cut with a sentence that says so, sentences with light markup, and
:func:`show`, which displays a section's outputs in a notebook.

Every header a report shows comes from :data:`COLUMN_LABELS` (one place), every number format
from :func:`column_format`.
"""

from __future__ import annotations

import html
import math
import numbers
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "COLUMN_LABELS",
    "DASH",
    "TABLE_CSS",
    "Html",
    "bullets",
    "cell",
    "column_format",
    "header",
    "plural",
    "rows_note",
    "sentence",
    "show",
    "table",
]

DASH = "\u2013"

COLUMN_LABELS: dict[str, str] = {
    "outlet": "outlet",
    "actor": "actor",
    "doc_id": "article",
    "sent_id": "sentence no.",
    "title": "headline",
    "outlet_kind": "kind of outlet",
    "date": "date",
    "n_docs": "articles",
    "articles": "articles",
    "n_docs_mentioning": "articles naming the actor",
    "n_mentions": "mentions",
    "n_words": "words",
    "n_sentences": "sentences",
    "n_sentences_with_actor": "sentences naming the actor",
    "mentions_per_1k_words": "mentions per 1,000 words",
    "share_sentences": "share of sentences naming the actor",
    "headline_share": "share of headlines naming the actor",
    "in_headline": "share of headlines naming the actor",
    "mean_first_mention_word_share": "first mention (share of words before it)",
    "stance_n": "scored sentences",
    "stance_mean": "mean stance",
    "stance_ci_low": "95% interval from",
    "stance_ci_high": "95% interval to",
    "top_labels": "commonest labels",
    "label_nouns": "label nouns without a mention",
    "voice_share": "share of quoted words",
    "agent_share": "share of mentions as agent",
    "outlet_copied_share": "share of the outlet's words copied",
    "voice": "voice",
    "n": "count",
    "mean_score": "mean stance",
    "ci_low": "95% interval from",
    "ci_high": "95% interval to",
    "share_negative": "negative",
    "share_neutral": "neutral",
    "share_positive": "positive",
    "method": "scorer",
    "direction": "pulls the mean",
    "score": "stance score",
    "speaker": "speaker",
    "target": "the sentence names the actor, or only refers to it",
    "speaker_actor": "speaker speaks for",
    "html": "sentence",
    "text": "sentence",
    "kind": "kind",
    "surface": "as written",
    "in_quote": "inside a quotation",
    "descriptor": "descriptor",
    "term": "term",
    "count": "count in the outlet",
    "count_rest": "count in the other outlets",
    "z": "z",
    "group": "outlet",
    "line_no": "line",
    "reason": "reason",
    "source": "source",
    "item": "input",
    "stage": "stage",
    "error": "error",
    "role": "role",
    "verb": "verb",
    "via": "through the noun",
    "does": "verbs it does",
    "is done to it": "verbs done to it",
    "label": "label",
    "n_outlets": "outlets carrying it",
    "present": "carried",
    "outlet_a": "outlet",
    "outlet_b": "other outlet",
    "relation": "relation",
    "ratio": "word-sequence ratio",
    "longest_run": "longest copied run (words)",
    "dice": "content-word overlap",
    "text_a": "sentence",
    "text_b": "its counterpart",
    "op": "edit",
    "concerns_actor": "touches an actor",
    "share": "share",
    "share_copied": "share of words copied",
    "share_shared": "share of words shared",
    "share_same_quote": "share of words in shared quotations",
    "same_quote": "same quotation, not copied",
    "quoted_share": "shared words quoted",
    "n_sentences_copied": "sentences copied",
    "first_here_share": "copied words first published here",
    "first_elsewhere_share": "copied words published earlier elsewhere",
    "undetermined_share": "copied words of undecidable order",
    "copied_from": "copied from",
    "n_quotes": "direct quotations",
    "quoted_words": "quoted words",
    "share_of_quoted": "share of quoted words",
    "share_of_words": "share of all words",
    "n_reported": "reported-speech clauses",
    "reported_words": "reported words",
    "n_direct": "direct quotations",
    "threshold": "threshold",
    "setting": "setting",
    "value": "value",
    "p_negative": "P(negative)",
    "p_neutral": "P(neutral)",
    "p_positive": "P(positive)",
    "rank": "rank",
    "sentences": "sentences",
    "words": "words",
    "cosine": "cosine",
}

TABLE_CSS = """<style>
div.fx-table {max-width: 100%; overflow-x: auto; margin: 0.4em 0 0.2em}
div.fx-table table {border-collapse: collapse; font-size: 88%; table-layout: auto}
div.fx-table table th, div.fx-table table td {padding: 0.2em 0.6em; vertical-align: top; text-align: left !important;
  max-width: 36em; white-space: normal; overflow-wrap: break-word}
div.fx-table table th {border-bottom: 1px solid #999; font-weight: 600}
div.fx-table table td.fx-num {text-align: right !important; white-space: nowrap}
div.fx-table table tr:nth-child(even) td {background: #f6f6f6}
p.fx-note {color: #555; font-size: 90%; margin: 0.2em 0 0.8em}
p.fx-say {margin: 0.5em 0}
mark {background: #ffe08a}
span.ref {color: #666; font-size: 90%}
</style>"""


class Html(str):
    """A fragment of HTML that a notebook displays as HTML (and a test reads as a string)."""

    def _repr_html_(self) -> str:
        return str(self)


def header(column: str) -> str:
    """A column's header in words (:data:`COLUMN_LABELS`, else the name with spaces)."""
    if column in COLUMN_LABELS:
        return COLUMN_LABELS[column]
    return re.sub(r"^n ", "number of ", str(column).replace("_", " ")).replace("1k", "1,000")


_PERCENT = re.compile(r"(^share|_share$|share_|^in_headline$)")
_SIGNED = {"score", "mean_score", "stance_mean", "ci_low", "ci_high", "stance_ci_low", "stance_ci_high", "delta"}
_TWO = {"z", "cosine", "ratio", "dice", "containment", "block_cover"}


def column_format(column: str) -> Callable[[Any], str]:
    """How a column's values are written: shares as percentages, stance scores signed, counts with
    thousands separators, rates with one decimal; text as it is."""
    if column == "mean_first_mention_word_share":
        return lambda v: f"{float(v):.0%}"
    if _PERCENT.search(column):
        return lambda v: f"{float(v):.0%}"
    if column in _SIGNED:
        return lambda v: f"{float(v):+.2f}"
    if column in _TWO:
        return lambda v: f"{float(v):.2f}"
    if column == "mentions_per_1k_words":
        return lambda v: f"{float(v):.1f}"
    return _plain


def _is_bool(value: object) -> bool:
    return isinstance(value, bool) or type(value).__name__ == "bool_"


def _plain(value: object) -> str:
    if _is_bool(value):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        v = float(value)
        return f"{int(v):,}" if v.is_integer() else f"{v:,.2f}"
    return str(value)


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip().lower() in ("", "nan", "none", "<na>")


def cell(value: object, column: str = "") -> str:
    """One value as text for a table cell: a dash for anything missing (None, NaN, "nan", "")."""
    if _missing(value):
        return DASH
    if _is_bool(value):
        return _plain(value)
    try:
        return column_format(column)(value)
    except (TypeError, ValueError):
        return _plain(value)


def plural(n: int, word: str, words: str | None = None) -> str:
    """ "1 article", "2 articles", "1,000 articles" (``words``: an irregular plural)."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def sentence(text: str, *, cls: str = "fx-say") -> Html:
    """A paragraph from text with light markup: the text is escaped, then ``code`` and
    ``**bold**`` are rendered (so an outlet's name can never inject markup)."""
    out = html.escape(text)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", out)
    return Html(f'<p class="{cls}">{out}</p>')


def bullets(lines: Iterable[str]) -> Html:
    """A bulleted list of sentences (each escaped as in :func:`sentence`)."""
    items = [str(sentence(line, cls="fx-li"))[len('<p class="fx-li">') : -len("</p>")] for line in lines]
    return Html("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>") if items else Html("")


def rows_note(
    shown: int, total: int, *, name: str | None = None, where: str | Path | None = None, what: str = "rows"
) -> str:
    """The sentence under a cut table: how many rows are shown, how many there are and where the
    whole table is (empty when nothing was cut and there is no table to name)."""
    if total <= shown and name is None:
        return ""
    if shown == 0 and name is not None:
        place = f" (`{where}`)" if where else ""
        return f"The whole table is `{name}` ({total:,} {what}) in the run's tables folder{place}."
    head = f"All {total:,} {what}" if total <= shown else f"Showing {shown:,} of {total:,} {what}"
    if name is None:
        return head + "."
    place = f" (`{where}`)" if where else ""
    return f"{head}; the whole table is `{name}` in the run's tables folder{place}."


def table(
    frame: pd.DataFrame,
    *,
    rows: int | None = 10,
    total: int | None = None,
    name: str | None = None,
    where: str | Path | None = None,
    html_columns: Sequence[str] = (),
    index: bool = False,
    what: str = "rows",
    empty: str = "No rows.",
) -> Html:
    """A table as HTML: headers in words, values formatted, missing values as a dash, at most
    ``rows`` rows with a note giving the total (``total``, else the frame's length) and naming
    the run's table ``name``. ``html_columns`` hold HTML that is already escaped (evidence with
    its marks); everything else is escaped here. Wide tables scroll sideways."""
    if index:
        frame = frame.reset_index()
    total = len(frame) if total is None else int(total)
    if len(frame) == 0:
        note = rows_note(0, total, name=name, where=where, what=what) if name and total else ""
        return Html(str(sentence(empty)) + (str(sentence(note, cls="fx-note")) if note else ""))
    shown = frame if rows is None else frame.head(rows)
    cols = [str(c) for c in shown.columns]
    head = "".join(f"<th>{html.escape(header(c))}</th>" for c in cols)
    body = []
    for rec in shown.itertuples(index=False, name=None):
        tds = []
        for col, value in zip(cols, rec):
            text = cell(value, col)
            numeric = isinstance(value, numbers.Real) and not _is_bool(value) and text != DASH
            content = str(value) if col in html_columns and text != DASH else html.escape(text)
            tds.append(f'<td class="fx-num">{content}</td>' if numeric else f"<td>{content}</td>")
        body.append("<tr>" + "".join(tds) + "</tr>")
    note = rows_note(len(shown), total, name=name, where=where, what=what)
    return Html(
        f'{TABLE_CSS}<div class="fx-table"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}'
        f"</tbody></table></div>" + (str(sentence(note, cls="fx-note")) if note else "")
    )


def show(*items: object) -> None:
    """Display a section's outputs in order: HTML fragments, sentences (str) and matplotlib
    figures (each closed once shown, so it is not shown twice); lists are flattened, None skipped."""
    from IPython.display import HTML, display
    from matplotlib.figure import Figure

    for item in items:
        if item is None:
            continue
        if isinstance(item, (list, tuple)):
            show(*item)
        elif isinstance(item, Figure):
            import matplotlib.pyplot as plt

            display(item)
            plt.close(item)
        elif isinstance(item, Html):
            display(HTML(str(item)))
        elif isinstance(item, str):
            display(HTML(str(sentence(item))))
        else:
            display(item)

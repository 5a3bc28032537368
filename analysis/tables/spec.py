"""What the data dictionary says of one table (:class:`TableSpec`), and its Markdown."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["TableSpec"]


@dataclass(frozen=True)
class TableSpec:
    """One table of a run.

    ``stage`` is the package stage that makes it; ``per_document`` tables are computed one
    document at a time (a batched run writes them as partitions, ``OUT/<name>/part-*.parquet``),
    the others span documents (``OUT/<name>.parquet``). ``needs`` names the run option without
    which the table is not written (``stance``: a scorer, ``framing``, ``similarity``,
    ``tokens``; ``ppi``: the ``ppi`` command after the run; empty: always). ``internal`` tables
    are a batched run's intermediate partitions. ``columns`` maps every column, in order, to what
    it holds.
    """

    name: str
    stage: str
    per_document: bool
    row: str
    columns: dict[str, str] = field(default_factory=dict)
    needs: str = ""
    about: str = ""
    internal: bool = False

    @property
    def column_names(self) -> list[str]:
        """The columns, in order."""
        return list(self.columns)

    def markdown(self) -> str:
        """This table's entry in ``docs/tables.md``."""
        where = f"`OUT/{self.name}/` (partitions)" if self.per_document else f"`OUT/{self.name}.parquet`"
        needs = {
            "stance": "written when stance is scored (not with `--scorer none`)",
            "framing": "written with framing (not with `--no-framing`)",
            "similarity": "written when the similarity step runs",
            "tokens": "written unless `--no-tokens`",
            "ppi": "written by `python -m analysis ppi --tables OUT` on a run scored with the fast scorer",
        }.get(self.needs, "always written")
        lines = [f"### {self.name}", "", f"One row per {self.row}. Stage: `{self.stage}`; {where}; {needs}."]
        if self.about:
            lines += ["", self.about]
        lines += ["", "| column | meaning |", "|---|---|"]
        lines += [f"| `{name}` | {_cell(text)} |" for name, text in self.columns.items()]
        return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text for a Markdown table cell (pipes escaped)."""
    return text.replace("|", "\\|")

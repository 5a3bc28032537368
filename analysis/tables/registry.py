"""The table registry: names in report order, column lists, and which tables a batched run
writes as per-document partitions."""

from __future__ import annotations

from analysis.tables.schema_corpus import CORPUS_SPECS
from analysis.tables.schema_documents import DOCUMENT_SPECS
from analysis.tables.schema_time import TIME_SPECS
from analysis.tables.spec import TableSpec

__all__ = [
    "DOCUMENT_TABLES",
    "STANCE_TABLES",
    "TABLES",
    "TABLE_ORDER",
    "columns",
    "data_dictionary",
    "spec",
]

# The tables in the order of the data flow (stage by stage); the data dictionary follows it.
ORDER = [
    "docs",
    "source_outlet",
    "skipped",
    "failed",
    "removed",
    "paragraphs",
    "sentences",
    "tokens",
    "syntax",
    "mentions",
    "references",
    "salience_doc",
    "salience_outlet",
    "stances",
    "stance_doc",
    "stance_article",
    "stance_outlet",
    "stance_ppi",
    "stance_evidence",
    "labels",
    "label_counts",
    "labels_distinctive",
    "quotes",
    "speakers",
    "voice",
    "reporting_verbs",
    "speaker_topics",
    "roles",
    "role_counts",
    "role_verbs",
    "omission",
    "similarity",
    "stories",
    "stance_story",
    "distinctive_words",
    "distinctive_words_actor",
    "reuse_alignment",
    "reuse_summary",
    "reuse_matrix",
    "reuse_edits",
    "timeline",
    "summary",
    "articles",
    "omission_items",
    "evidence_candidates",
]
_ALL_SPECS = DOCUMENT_SPECS + CORPUS_SPECS + TIME_SPECS
_BY_NAME = {s.name: s for s in _ALL_SPECS}
if sorted(_BY_NAME) != sorted(ORDER) or len(_BY_NAME) != len(_ALL_SPECS):
    raise RuntimeError("analysis.tables: ORDER must list every table of the schema once")
_SPECS = [_BY_NAME[name] for name in ORDER]
TABLES: dict[str, TableSpec] = {s.name: s for s in _SPECS}
# Every table a run can write, in the order of the data dictionary (internal partitions left out).
TABLE_ORDER: list[str] = [s.name for s in _SPECS if not s.internal]
# Per-document tables a batched run's first pass writes as partitions, and those of the stance pass.
STANCE_TABLES: list[str] = ["stances", "stance_doc", "stance_article", "evidence_candidates"]
DOCUMENT_TABLES: list[str] = [s.name for s in _SPECS if s.per_document and s.name not in STANCE_TABLES]


def spec(name: str) -> TableSpec:
    """The registry entry of a table (KeyError names the unknown table)."""
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"unknown table {name!r}; tables: {', '.join(TABLES)}") from None


def columns(name: str) -> list[str]:
    """The columns of a table, in order (a new list each call)."""
    return spec(name).column_names


def data_dictionary() -> str:
    """``docs/tables.md``: every table a user sees, with its columns, generated from the registry."""
    head = [
        "# Tables (data dictionary)",
        "",
        "Generated from `analysis/tables/schema_*.py` by `python -m analysis tables --markdown > docs/tables.md`;",
        "`tests/test_tables.py` fails when this file is stale or when a run's tables have other columns.",
        "",
        "All offsets (`start`, `end`, `*_start`, `*_end`) are character offsets into `docs.text`, half-open,",
        "so `text[start:end]` is the evidence. An in-memory run (`run --in-memory`) writes every table as",
        "`OUT/<name>.parquet` and `.csv`; a batched run writes per-document tables as partitions,",
        '`OUT/<name>/part-NNNNNN.parquet`, read whole with `pd.read_parquet("OUT/<name>")` or',
        "`analysis.tables.read_table(OUT, name)`.",
        "",
    ]
    stages: dict[str, list[TableSpec]] = {}
    for s in _SPECS:
        if not s.internal:
            stages.setdefault(s.stage, []).append(s)
    body = []
    for stage, specs in stages.items():
        body += [f"## Stage `{stage}`", ""]
        body += [s.markdown() for s in specs]
    return "\n".join(head + body)

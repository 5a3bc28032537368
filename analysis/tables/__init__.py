"""The tables of a run: their names, what a row is and their columns (:mod:`.schema`, the data
dictionary, read through :mod:`.registry`), and reading and writing them (:mod:`.io`): CSV and
Parquet files, the Parquet partitions of a batched run, and a finished run read lazily
(:class:`RunTables`). Every stage takes its column lists from here."""

from analysis.tables.io import (
    RunFolderError,
    RunTables,
    Tables,
    partition_paths,
    read_partitioned,
    read_table,
    read_tables,
    write_tables,
)
from analysis.tables.registry import (
    DOCUMENT_TABLES,
    STANCE_TABLES,
    TABLE_ORDER,
    TABLES,
    columns,
    data_dictionary,
    spec,
)

__all__ = [
    "DOCUMENT_TABLES",
    "STANCE_TABLES",
    "TABLES",
    "TABLE_ORDER",
    "RunFolderError",
    "RunTables",
    "Tables",
    "columns",
    "data_dictionary",
    "partition_paths",
    "read_partitioned",
    "read_table",
    "read_tables",
    "spec",
    "write_tables",
]

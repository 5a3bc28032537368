"""Command line: ``python -m analysis run | report | ppi | stance | validate | tables`` (docs/cli.md).

``run`` writes every table of a corpus; ``report`` runs ``run`` once and executes the notebooks on
the tables it wrote (or, with ``--tables DIR``, on a finished run's tables); ``ppi`` combines a
fast-scored run's stance with the accurate scorer on a sample of its articles; ``stance`` and
``validate`` score and check hand-coded sentences; ``tables`` prints the data dictionary. Options
are those of :class:`analysis.config.RunConfig`, checked before any work starts.
Exit codes: 0 done, 1 a notebook failed, 2 bad input or options (one line on stderr),
3 an article's analysis failed and ``--strict`` was given, 130 interrupted.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from analysis.config import ConfigError, RunConfig, add_run_arguments, config_from_args
from analysis.ingest.actors import ActorError
from analysis.ingest.corpus import CorpusError

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
EXIT_STRICT = 3

__all__ = ["EXIT_STRICT", "build_parser", "cli_reference", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m analysis``."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis", description="How news outlets frame the actors of a story."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="write every table for a corpus, batch by batch on every core (or --in-memory)")
    add_run_arguments(run, "run")
    run.add_argument("--out", required=True, help="output folder for the tables")
    for action in run._actions:  # a run names its corpus
        if action.dest == "corpus":
            action.required, action.default = True, None

    rep = sub.add_parser(
        "report",
        help="run the analysis once, then execute every notebook on its tables and export HTML reports and index.html",
    )
    add_run_arguments(rep, "report")
    rep.add_argument("--out", default="reports", help="folder for the HTML reports and index.html (default: reports)")
    rep.add_argument(
        "--tables",
        default=None,
        help="make the reports from this finished run's tables (a `run` output folder); nothing is recomputed",
    )
    rep.add_argument("--tables-out", default=None, help="where the run writes its tables (default: OUT/tables)")
    rep.add_argument("--figures", default=None, help="folder for the figures (default: OUT/figures)")
    rep.add_argument("--notebooks", default=str(NOTEBOOKS), help="folder of NN-*.ipynb notebooks to run")

    st = sub.add_parser("stance", help="score targets in a NewsMTSC-format JSONL file (your own coding)")
    st.add_argument("--input", required=True, help="JSONL: sentence_normalized, targets [{from, to, polarity?}]")
    st.add_argument("--output", required=True, help="JSONL written with predicted_polarity and score on each target")
    st.add_argument("--scorer", default="accurate", choices=["accurate", "fast", "vader"])

    va = sub.add_parser("validate", help="accuracy, macro-F1, per-class P/R and confusion matrix against hand coding")
    va.add_argument("--gold", required=True, help="NewsMTSC-format JSONL with a polarity on every target")
    va.add_argument("--predictions", default=None, help="JSONL from `stance` to evaluate (default: score --gold now)")
    va.add_argument("--scorer", default="accurate", choices=["accurate", "fast", "vader"])
    va.add_argument("--json", action="store_true", help="print the metrics as JSON")

    al = sub.add_parser(
        "suggest-aliases",
        help="list near-miss spellings and handles of the actors' names found in a corpus (proposed, not added)",
    )
    al.add_argument("--corpus", default="seeds", help="folder of .txt files or a CSV / JSONL / Parquet file")
    al.add_argument("--actors", default=None, help="actor file (TOML); default: the Turkey–Russia preset")
    al.add_argument("--enable", default="", help="comma-separated optional actors to switch on, or 'all'")
    al.add_argument("--text-column", default="text", help="text column of a table corpus")
    al.add_argument("--min-count", type=int, default=2, help="leave out spellings seen fewer times (default 2)")
    al.add_argument("--out", default=None, help="also write the list as CSV here")

    pp = sub.add_parser(
        "ppi",
        help="for a run scored with the fast scorer: score a random sample of its articles with the accurate "
        "scorer and write the combined outlet means (stance_ppi) beside its tables",
    )
    pp.add_argument("--tables", required=True, help="a finished run's output folder")
    pp.add_argument("--rate", type=float, default=0.2, help="share of the articles to sample (default 0.2)")
    pp.add_argument("--seed", type=int, default=0, help="seed of the sample (default 0)")

    tb = sub.add_parser("tables", help="print the data dictionary (every table and column) as Markdown")
    tb.add_argument("--markdown", action="store_true", help="Markdown (the default; docs/tables.md is this output)")
    tb.add_argument("--cli", action="store_true", help="print this command-line reference instead (docs/cli.md)")
    return parser


def cli_reference() -> str:
    """``docs/cli.md``: every command and option, generated from the parser (so it cannot go stale)."""
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "102"  # argparse wraps help to the terminal: a fixed width, the same file everywhere
    try:
        parser = build_parser()
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        helps = {name: command.format_help().rstrip() for name, command in sub.choices.items()}
    finally:
        if saved is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = saved
    lines = [
        "# Command line",
        "",
        "Generated from the argument parser by `python -m analysis tables --cli > docs/cli.md`;",
        "`tests/test_cli.py` fails when this file is stale.",
        "",
        (__doc__ or "").split("\n\n", 1)[1].strip(),
        "",
    ]
    for name, text in helps.items():
        summary = next((c.help for c in sub._choices_actions if c.dest == name), "")
        lines += [f"## `{name}`", "", f"{summary}.", "", "```text", text, "```", ""]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code (see the module docstring)."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        with _terminate_as_interrupt():
            if args.command == "run":
                return _run(args)
            if args.command == "report":
                return _report(args)
            if args.command == "suggest-aliases":
                return _suggest_aliases(args)
            if args.command == "ppi":
                return _ppi(args)
            if args.command == "tables":
                from analysis.tables import data_dictionary

                sys.stdout.write(cli_reference() if args.cli else data_dictionary())
                return 0
            from analysis.stance.validation import stance_command, validate_command

            try:
                return stance_command(args) if args.command == "stance" else validate_command(args)
            except ValueError as exc:  # a file that does not parse or line up: one line, not a traceback
                raise ConfigError(str(exc)) from None
    except (ConfigError, CorpusError, ActorError, FileExistsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: stopped (a batched run resumes where it stopped when run again)", file=sys.stderr)
        return 130


def _suggest_aliases(args: argparse.Namespace) -> int:
    """``suggest-aliases``: print (and with --out write) the near-miss spellings of a corpus."""
    from analysis.ingest.actors import load_actors
    from analysis.ingest.corpus import load_corpus
    from analysis.mentions.aliases import suggest_aliases

    actors = load_actors(args.actors, enable=[e.strip() for e in args.enable.split(",") if e.strip()])
    docs = load_corpus(args.corpus, text_column=args.text_column).docs
    found = suggest_aliases(docs, actors, min_count=args.min_count)
    if args.out:
        found.to_csv(args.out, index=False)
    if len(found) == 0:
        print(f"no near-miss spellings of the actors' names in {len(docs)} documents")
    else:
        print(found.to_string(index=False))
    return 0


def _ppi(args: argparse.Namespace) -> int:
    """``ppi``: the combined stance estimate of a finished fast-scored run, printed and written."""
    from analysis.run.ppi_pass import PPIError, combine_with_accurate
    from analysis.tables import RunFolderError

    try:
        table = combine_with_accurate(args.tables, rate=args.rate, seed=args.seed)
    except (PPIError, RunFolderError) as exc:
        raise ConfigError(str(exc)) from None
    print(table.drop(columns=["sample_rate"]).to_string(index=False, float_format=lambda x: f"{x:+.3f}"))
    print(f"wrote {Path(args.tables) / 'stance_ppi.parquet'} ({len(table)} rows)")
    return 0


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt, as Ctrl-C does, so that worker pools and notebook kernels
    are shut down on the way out instead of being left running."""

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(args: argparse.Namespace) -> int:
    """`run`: batched into Parquet partitions (default) or in memory; lists what it skipped and what failed."""
    cfg = config_from_args(args)
    cfg.check(out=args.out)
    return _analyse(cfg, Path(args.out))[0]


def _analyse(cfg: RunConfig, out: Path) -> tuple[int, int]:
    """Run the analysis into ``out``; print the counts, the skipped inputs and the failures.
    Returns (exit code, documents analysed)."""
    from analysis.run.batch import run_batched
    from analysis.run.pipeline import run_pipeline
    from analysis.tables import read_table, write_tables

    if cfg.in_memory:
        result = run_pipeline(cfg.corpus, config=cfg)
        write_tables(result, out, parquet=cfg.parquet)
        skipped, failed, n_docs = result["skipped"], result["failed"], len(result["docs"])
    else:
        result = run_batched(cfg.corpus, out, config=cfg, log=lambda m: print(m, file=sys.stderr))
        skipped, failed, n_docs = read_table(out, "skipped"), read_table(out, "failed"), len(result["docs"])
    print(f"analysed {n_docs:,} document(s), skipped {len(skipped):,}, failed {len(failed):,}; tables in {out}")
    print_listing("skipped", [f"{r.item} ({r.source}): {r.reason}" for r in skipped.itertuples()])
    print_listing(
        "failed", [f"{r.doc_id} ({r.source}) at {r.stage}: {r.error} [{r.where}]" for r in failed.itertuples()]
    )
    return (EXIT_STRICT if cfg.strict and len(failed) else 0), n_docs


def print_listing(what: str, lines: list[str], *, show: int = 20) -> None:
    """The first ``show`` lines of a listing, then how many more there are and where."""
    for line in lines[:show]:
        print(f"  {what} {line}")
    if len(lines) > show:
        print(f"  ... and {len(lines) - show:,} more {what}: see the {what} table")


def _report(args: argparse.Namespace) -> int:
    """Run once (unless ``--tables``), then every notebook on the tables, then index.html; 1 if a
    notebook failed."""
    from analysis.report.notebooks import build_reports

    out = Path(args.out).resolve()
    figures = Path(args.figures).resolve() if args.figures else out / "figures"
    notebooks = sorted(Path(args.notebooks).glob("[0-9][0-9]-*.ipynb"))
    if not notebooks:
        raise ConfigError(f"{args.notebooks}: no NN-*.ipynb notebooks here")
    code = 0
    if args.tables:
        tables = Path(args.tables).resolve()
        from analysis.tables import RunFolderError, RunTables

        try:
            RunTables(tables)
        except RunFolderError as exc:
            raise ConfigError(str(exc)) from None
    else:
        tables = Path(args.tables_out).resolve() if args.tables_out else out / "tables"
        cfg = config_from_args(args)
        cfg.check(out=tables)
        code, _ = _analyse(cfg, tables)
    runs = build_reports(notebooks, tables=tables, out=out, figures=figures)
    for r in runs:
        print(f"{'FAILED' if r.error else 'ok':6} {r.name}" + (f": {r.error}" if r.error else f" -> {r.html}"))
    print(f"index: {out / 'index.html'}; tables: {tables}; figures: {figures}")
    failed = [r for r in runs if r.error]
    if failed:
        print(f"error: {len(failed)} notebook(s) failed: {', '.join(r.name for r in failed)}", file=sys.stderr)
        return 1
    return code

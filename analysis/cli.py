"""Command line: ``python -m analysis run --corpus DIR --out DIR [--manifest F] [--actors F]``."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from pathlib import Path

from .actors import ActorError
from .corpus import CorpusError
from .pipeline import run_pipeline, write_tables

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m analysis``."""
    parser = argparse.ArgumentParser(prog="python -m analysis", description="How news outlets frame the actors of a story.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="write the tables (docs, removed lines, sentences, mentions, salience) for a corpus")
    run.add_argument("--corpus", required=True, help="folder of .txt files (headline on line 1), or a .csv / .jsonl file")
    run.add_argument("--out", required=True, help="output folder for the CSV and Parquet tables")
    run.add_argument("--manifest", default=None, help="manifest CSV joined on file name (default: CORPUS/manifest.csv if present)")
    run.add_argument("--actors", default=None, help="actor file (TOML); default: the Turkey–Russia preset")
    run.add_argument("--enable", default="", help="comma-separated optional actors to switch on, or 'all'")
    run.add_argument("--text-column", default="text", help="text column of a CSV / JSONL corpus (default: text)")
    run.add_argument("--no-tokens", action="store_true", help="do not write the tokens table")
    run.add_argument("--no-parquet", action="store_true", help="write CSV only")

    rep = sub.add_parser("report", help="write the tables, execute every notebook, export HTML reports and index.html")
    rep.add_argument("--corpus", default="seeds", help="corpus folder or file (default: seeds)")
    rep.add_argument("--out", default="reports", help="folder for the HTML reports and index.html (default: reports)")
    rep.add_argument("--manifest", default=None, help="manifest CSV (default: CORPUS/manifest.csv if present)")
    rep.add_argument("--actors", default=None, help="actor file (TOML); default: the Turkey–Russia preset")
    rep.add_argument("--enable", default="", help="comma-separated optional actors to switch on, or 'all'")
    rep.add_argument("--tables", default=None, help="folder for the tables (default: OUT/tables)")
    rep.add_argument("--figures", default=None, help="folder for the figures (default: OUT/figures)")
    rep.add_argument("--notebooks", default=str(NOTEBOOKS), help="folder of NN-*.ipynb notebooks to run")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code (2 for bad input, with the reason on stderr)."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    if args.command == "run":
        enable = [e.strip() for e in args.enable.split(",") if e.strip()]
        try:
            result = run_pipeline(args.corpus, manifest=args.manifest, actors=args.actors, enable=enable,
                                  text_column=args.text_column, with_tokens=not args.no_tokens)
        except (CorpusError, ActorError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        write_tables(result, args.out, parquet=not args.no_parquet)
        docs, skipped = result["docs"], result["skipped"]
        print(f"analysed {len(docs)} document(s), skipped {len(skipped)}; tables in {args.out}")
        for rec in skipped.itertuples():
            print(f"  skipped {rec.item} ({rec.source}): {rec.reason}")
        return 0
    if args.command == "report":
        return _report(args)
    return 2  # pragma: no cover - argparse enforces the choices


def _report(args: argparse.Namespace) -> int:
    """Tables, then every notebook with the same parameters, then index.html; 1 if any failed."""
    from .report import run_notebooks, write_index

    out = Path(args.out).resolve()
    tables = Path(args.tables).resolve() if args.tables else out / "tables"
    figures = Path(args.figures).resolve() if args.figures else out / "figures"
    enable = [e.strip() for e in args.enable.split(",") if e.strip()]
    try:
        result = run_pipeline(args.corpus, manifest=args.manifest, actors=args.actors, enable=enable)
    except (CorpusError, ActorError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    write_tables(result, tables)
    params = {
        "CORPUS": str(Path(args.corpus).resolve()),
        "MANIFEST": str(Path(args.manifest).resolve()) if args.manifest else None,
        "ACTORS": str(Path(args.actors).resolve()) if args.actors else None,
        "ENABLE": enable,
        "FIGURES": str(figures),
    }
    notebooks = sorted(Path(args.notebooks).glob("[0-9][0-9]-*.ipynb"))
    if not notebooks:
        print(f"error: no NN-*.ipynb notebooks in {args.notebooks}", file=sys.stderr)
        return 2
    runs = run_notebooks(notebooks, params=params, executed_dir=out / "executed", html_dir=out)
    index = write_index(runs, out / "index.html", result=result)
    failed = [r for r in runs if r.error]
    for r in runs:
        print(f"{'FAILED' if r.error else 'ok':6} {r.name}" + (f": {r.error}" if r.error else f" -> {r.html}"))
    print(f"index: {index}; tables: {tables}; figures: {figures}")
    if failed:
        print(f"error: {len(failed)} notebook(s) failed: {', '.join(r.name for r in failed)}", file=sys.stderr)
        return 1
    return 0

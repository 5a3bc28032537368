"""Command line: ``python -m analysis run --corpus DIR --out DIR [--manifest F] [--actors F]``."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from pathlib import Path

from analysis.ingest.actors import ActorError
from analysis.ingest.corpus import CorpusError
from analysis.run.pipeline import run_pipeline, write_tables
from analysis.compare.terms import TfidfSettings

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m analysis``."""
    parser = argparse.ArgumentParser(prog="python -m analysis", description="How news outlets frame the actors of a story.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="write every table for a corpus, batch by batch on every core (or --in-memory)")
    run.add_argument("--corpus", required=True, help="folder of .txt files (headline on line 1), or a .csv / .jsonl / .parquet file")
    run.add_argument("--out", required=True, help="output folder for the CSV and Parquet tables")
    run.add_argument("--manifest", default=None, help="manifest CSV joined on file name (default: CORPUS/manifest.csv if present)")
    run.add_argument("--actors", default=None, help="actor file (TOML); default: the Turkey–Russia preset")
    run.add_argument("--enable", default="", help="comma-separated optional actors to switch on, or 'all'")
    run.add_argument("--text-column", default="text", help="text column of a CSV / JSONL corpus (default: text)")
    run.add_argument("--scorer", default="auto", choices=["auto", "accurate", "fast", "vader", "none"],
                     help="stance scorer: auto = accurate up to 100,000 pairs, else fast; none skips stance")
    run.add_argument("--min-df", type=float, default=1, help="TF-IDF: minimum document frequency (count, or share if < 1)")
    run.add_argument("--max-df", type=float, default=1.0, help="TF-IDF: drop terms in more than this share of documents "
                     "(0.05 keeps the neighbour search in minutes at 100,000 articles)")
    run.add_argument("--no-tokens", action="store_true", help="do not write the tokens table")
    run.add_argument("--no-parquet", action="store_true", help="write CSV only")
    run.add_argument("--no-framing", action="store_true",
                     help="skip parsing and the framing tables (labels, quotes, roles, omission)")
    run.add_argument("--batch-size", type=int, default=250, help="documents per batch (default: 250)")
    run.add_argument("--workers", type=int, default=None, help="worker processes (default: every available core)")
    run.add_argument("--scheduler", default=None, nargs="?", const="local",
                     help="run on Dask: a scheduler address (tcp://host:8786), or no value / 'local' for a local "
                          "cluster of --workers processes")
    run.add_argument("--cross-threads", type=int, default=None,
                     help="batched runs: threads for the cross-document steps (default: every core, at most 4, up to "
                          "250,000 documents; 1 above, and 1 holds the least memory)")
    run.add_argument("--csv", action="store_true", help="batched runs: also write the cross-document tables as CSV")
    run.add_argument("--in-memory", action="store_true",
                     help="hold the whole corpus in memory and write every table as one CSV + Parquet file")

    st = sub.add_parser("stance", help="score targets in a NewsMTSC-format JSONL file (your own coding)")
    st.add_argument("--input", required=True, help="JSONL: sentence_normalized, targets [{from, to, polarity?}]")
    st.add_argument("--output", required=True, help="JSONL written with predicted_polarity and score on each target")
    st.add_argument("--scorer", default="accurate", choices=["accurate", "fast", "vader"])

    va = sub.add_parser("validate", help="accuracy, macro-F1, per-class P/R and confusion matrix against hand coding")
    va.add_argument("--gold", required=True, help="NewsMTSC-format JSONL with a polarity on every target")
    va.add_argument("--predictions", default=None, help="JSONL from `stance` to evaluate (default: score --gold now)")
    va.add_argument("--scorer", default="accurate", choices=["accurate", "fast", "vader"])
    va.add_argument("--json", action="store_true", help="print the metrics as JSON")

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
        return _run(args)
    if args.command == "report":
        return _report(args)
    if args.command in ("stance", "validate"):
        try:
            return _stance(args) if args.command == "stance" else _validate(args)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    return 2  # pragma: no cover - argparse enforces the choices


def _run(args: argparse.Namespace) -> int:
    """`run`: batched into Parquet partitions (default) or in memory; lists every skipped input."""
    from analysis.run.batch import read_partitioned, run_batched

    enable = [e.strip() for e in args.enable.split(",") if e.strip()]
    if args.no_parquet and not args.in_memory:
        print("error: --no-parquet needs --in-memory (a batched run writes its tables as Parquet partitions)",
              file=sys.stderr)
        return 2
    common = dict(manifest=args.manifest, actors=args.actors, enable=enable, text_column=args.text_column,
                  with_tokens=not args.no_tokens, scorer=None if args.scorer == "none" else args.scorer,
                  framing=not args.no_framing,
                  tfidf=TfidfSettings(min_df=int(args.min_df) if args.min_df >= 1 else args.min_df, max_df=args.max_df))
    try:
        if args.in_memory:
            result = run_pipeline(args.corpus, **common)
            write_tables(result, args.out, parquet=not args.no_parquet)
            skipped = result["skipped"]
        else:
            result = run_batched(args.corpus, args.out, batch_size=args.batch_size, workers=args.workers,
                                 scheduler=args.scheduler, csv=args.csv, cross_threads=args.cross_threads, log=lambda m: print(m, file=sys.stderr), **common)
            skipped = read_partitioned(args.out, "skipped")
    except (CorpusError, ActorError, FileExistsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"analysed {len(result['docs'])} document(s), skipped {len(skipped)}; tables in {args.out}")
    for rec in skipped.itertuples():
        print(f"  skipped {rec.item} ({rec.source}): {rec.reason}")
    return 0


def _stance(args: argparse.Namespace) -> int:
    """Score every target of a NewsMTSC-format file and write the records back with predictions."""
    import json

    from analysis.stance.validation import read_newsmtsc, score_newsmtsc

    records = score_newsmtsc(read_newsmtsc(args.input), scorer=args.scorer)
    with open(args.output, "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    n = sum(len(r["targets"]) for r in records)
    print(f"scored {n} target(s) in {len(records)} sentence(s) with the {args.scorer} scorer -> {args.output}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    """Compare predicted with hand-coded polarity and print the metrics."""
    import json

    from analysis.stance.scoring import LABELS

    from analysis.stance.validation import POLARITY, classification_report, read_newsmtsc, score_newsmtsc

    gold = read_newsmtsc(args.gold)
    pred = read_newsmtsc(args.predictions) if args.predictions else score_newsmtsc(gold, scorer=args.scorer)
    if len(pred) != len(gold) or any(len(p["targets"]) != len(g["targets"]) for p, g in zip(pred, gold)):
        raise ValueError(f"{args.predictions}: records do not line up with {args.gold}")
    g_lab, p_lab = [], []
    for n, (g, p) in enumerate(zip(gold, pred), start=1):
        for t, (gt, pt) in enumerate(zip(g["targets"], p["targets"])):
            if "polarity" not in gt:
                raise ValueError(f"{args.gold}: line {n}: target {t} has no polarity")
            if pt.get("predicted_polarity") not in POLARITY:
                raise ValueError(f"{args.predictions}: line {n}: target {t} has no predicted_polarity")
            g_lab.append(POLARITY[gt["polarity"]])
            p_lab.append(POLARITY[pt["predicted_polarity"]])
    rep = classification_report(g_lab, p_lab)
    if args.json:
        print(json.dumps(rep, indent=2))
        return 0
    source = args.predictions or f"the {args.scorer} scorer"
    print(f"{rep['n']} targets, predictions from {source}")
    print(f"accuracy  {rep['accuracy']:.4f}\nmacro-F1  {rep['macro_f1']:.4f}")
    print(f"{'class':<10}{'precision':>10}{'recall':>8}{'F1':>8}{'support':>9}")
    for c in LABELS:
        m = rep["per_class"][c]
        print(f"{c:<10}{m['precision']:>10.4f}{m['recall']:>8.4f}{m['f1']:>8.4f}{m['support']:>9}")
    print("confusion matrix (rows gold, columns predicted: " + " / ".join(LABELS) + ")")
    for c, row in zip(LABELS, rep["confusion"]):
        print(f"{c:<10}" + "".join(f"{v:>9}" for v in row))
    return 0


def _report(args: argparse.Namespace) -> int:
    """Tables, then every notebook with the same parameters, then index.html; 1 if any failed."""
    from analysis.report.notebooks import run_notebooks, write_index

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

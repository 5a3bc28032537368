"""One settings object for a run: :class:`RunConfig`.

The command line (``run`` and ``report`` alike), the in-memory pipeline, the batched run, its Dask
backend and ``run.json`` all read their options from a RunConfig; each option is declared once,
here, with its command-line flag and help. :meth:`RunConfig.check` validates every option before
any work starts (a corpus that is missing, an ``--out`` that is a file, a CSV without the text
column, an actor file that does not parse), so a bad option costs one line of error, not a
traceback after the analysis.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from dataclasses import MISSING, asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from analysis.compare.terms import TfidfSettings
from analysis.ingest.actors import ActorError, ActorSet, load_actors
from analysis.ingest.corpus import CorpusError, corpus_columns
from analysis.ingest.select import Selection, SelectionError

__all__ = ["SCORERS", "ConfigError", "RunConfig", "add_run_arguments", "config_from_args"]

SCORERS = ("auto", "accurate", "fast", "vader", "none")


class ConfigError(ValueError):
    """An option that cannot work, with the reason (printed as one line by the CLI)."""


def _opt(
    default: Any,
    flag: str | None = None,
    help: str = "",
    *,
    commands: tuple[str, ...] = ("run", "report"),
    **argparse_kw: Any,
) -> Any:
    """A RunConfig field with its command-line flag (None: not on the command line)."""
    meta = {"flag": flag, "help": help, "commands": commands, "argparse": argparse_kw}
    if isinstance(default, (list, dict, TfidfSettings)):
        return field(default_factory=lambda: default, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class RunConfig:
    """Every option of a run. Field names are the keyword arguments of
    :func:`analysis.run.pipeline.run_pipeline` and :func:`analysis.run.batch.run_batched`."""

    corpus: str | Path = _opt(  # noqa: RUF009  (_opt returns a dataclasses.field)
        "seeds", "--corpus", "folder of .txt files (headline on line 1), or a .csv / .jsonl / .parquet file"
    )
    manifest: str | Path | None = _opt(  # noqa: RUF009  (_opt returns a dataclasses.field)
        None, "--manifest", "manifest CSV joined on file name (default: CORPUS/manifest.csv if present)"
    )
    actors: str | Path | ActorSet | None = _opt(  # noqa: RUF009  (_opt returns a dataclasses.field)
        None, "--actors", "actor file (TOML); default: the Turkey–Russia preset"
    )
    enable: Sequence[str] = _opt(
        (), "--enable", "comma-separated optional actors of the actor file to switch on, or 'all'"
    )
    text_column: str = _opt("text", "--text-column", "text column of a CSV / JSONL / Parquet corpus (default: text)")
    scorer: str | None = _opt(
        "auto",
        "--scorer",
        "stance scorer: auto = accurate up to 100,000 pairs, else fast; none skips stance",
        choices=SCORERS,
    )
    framing: bool = _opt(True, "--no-framing", "skip parsing and the framing tables (labels, quotes, roles, omission)")
    resolve: bool = _opt(
        True,
        "--no-resolve",
        "do not resolve pronouns to actors (no references table; stance reads only sentences that name an actor)",
    )
    resolve_model: bool = _opt(
        False,
        "--resolve-model",
        "also ask the learned antecedent model where the rules leave a he/she between people "
        "(slightly better on news, much slower: see training/REPORT-coref.md)",
    )
    cue_context: bool = _opt(
        False,
        "--cue-context",
        "decide the cue verbs outside the lists with an encoder fine-tuned to find them, reading each in its "
        "sentence (PolNeAR all attributions, held-back articles, F1 0.745 -> 0.760 at precision 0.820 -> 0.785; "
        "the document steps take about 1.5 times as long: bench/RESULTS.md)",
    )
    claim_meaning: bool = _opt(
        True,
        "--no-claim-meaning",
        "omission: match claims by their words only, not also by meaning with a sentence encoder (done in runs "
        "of at most 5,000 body sentences; on the seeds' gold it turns false absences of claims 54 -> 34, at the "
        "price of false presences: recall of absent 1.0 -> 0.918; bench/RESULTS.md)",
    )
    include_wire: bool = _opt(
        False,
        "--include-wire",
        "count wire and syndicated articles (docs.source_kind) in each outlet's own voice (default: left out)",
    )
    period: str | None = _opt(
        None,
        "--period",
        "timeline period: day, week or month (default: from the span of the corpus's dates)",
        choices=("day", "week", "month"),
    )
    since: str | None = _opt(None, "--since", "analyse only articles dated on or after this day (YYYY-MM-DD)")
    until: str | None = _opt(None, "--until", "analyse only articles dated on or before this day (YYYY-MM-DD)")
    outlets: Sequence[str] = _opt((), "--outlets", "comma-separated outlets to analyse (default: every outlet)")
    topics: Sequence[str] = _opt(
        (), "--topics", "comma-separated topics to analyse (a topic column of the corpus or manifest)"
    )
    with_tokens: bool = _opt(True, "--no-tokens", "do not write the tokens table")
    min_df: float = _opt(1, "--min-df", "TF-IDF: minimum document frequency (count, or share if < 1)", type=float)
    max_df: float = _opt(
        1.0,
        "--max-df",
        "TF-IDF: drop terms in more than this share of documents "
        "(0.05 keeps the neighbour search in minutes at 100,000 articles)",
        type=float,
    )
    batch_size: int = _opt(250, "--batch-size", "documents per batch (default: 250)", type=int)
    workers: int | None = _opt(None, "--workers", "worker processes (default: every available core)", type=int)
    scheduler: str | None = _opt(
        None,
        "--scheduler",
        "run on Dask: a scheduler address (tcp://host:8786), or no "
        "value / 'local' for a local cluster of --workers processes",
        nargs="?",
        const="local",
    )
    cross_threads: int | None = _opt(
        None,
        "--cross-threads",
        "threads for the cross-document steps (default: every core, at most 4, up to 250,000 documents; 1 above)",
        type=int,
    )
    csv: bool = _opt(False, "--csv", "batched runs: also write the cross-document tables as CSV", commands=("run",))
    in_memory: bool = _opt(
        False,
        "--in-memory",
        "hold the whole corpus in memory and write every table as one CSV + Parquet file",
        commands=("run",),
    )
    parquet: bool = _opt(True, "--no-parquet", "with --in-memory: write CSV only", commands=("run",))
    strict: bool = _opt(
        False,
        "--strict",
        "exit with status 3 when an article's analysis failed (it is listed in the failed table either way)",
    )
    # Not on the command line: settings of the analysis that the tests and benchmarks vary.
    similarity: bool = _opt(True)
    tfidf: TfidfSettings | None = _opt(None)  # noqa: RUF009  (_opt returns a dataclasses.field)
    n_boot: int = _opt(2000)
    top_k: int = _opt(10)
    train_punkt: bool = _opt(True)
    progress: bool | None = _opt(None)

    def __post_init__(self) -> None:
        for name in ("enable", "outlets", "topics"):
            value = getattr(self, name)
            if isinstance(value, str):  # "a, b" from the command line
                object.__setattr__(self, name, tuple(e.strip() for e in value.split(",") if e.strip()))
            else:
                object.__setattr__(self, name, tuple(value))
        if self.scorer == "none":
            object.__setattr__(self, "scorer", None)

    @classmethod
    def of(cls, corpus: str | Path, **options: Any) -> RunConfig:
        """A config for ``corpus`` with the given options (unknown names are an error naming them)."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise TypeError(f"unknown run option(s): {', '.join(unknown)}")
        return cls(corpus=corpus, **options)

    def but(self, **changes: Any) -> RunConfig:
        """This config with some options changed."""
        return replace(self, **changes)

    @property
    def tfidf_settings(self) -> TfidfSettings:
        """The TF-IDF settings: ``tfidf`` if given, else the defaults with ``min_df`` / ``max_df``."""
        if self.tfidf is not None:
            return self.tfidf
        min_df = int(self.min_df) if self.min_df >= 1 else self.min_df
        return TfidfSettings(min_df=min_df, max_df=self.max_df)

    @property
    def selection(self) -> Selection:
        """Which articles the run keeps (``since``, ``until``, ``outlets``, ``topics``); the
        others are listed in ``skipped`` with the reason."""
        try:
            return Selection.of(since=self.since, until=self.until, outlets=self.outlets, topics=self.topics)
        except SelectionError as exc:
            raise ConfigError(str(exc)) from None

    def n_workers(self) -> int:
        """Worker processes: ``workers``, or every core this process may use."""
        return self.workers or len(os.sched_getaffinity(0))

    def load_actors(self) -> ActorSet:
        """The actor set (a loaded one is used as it is)."""
        if isinstance(self.actors, ActorSet):
            return self.actors
        return load_actors(self.actors, enable=self.enable)

    def check(self, *, out: str | Path | None = None) -> ActorSet:
        """Validate every option before any work starts; returns the loaded actors.

        Raises ConfigError with one line naming the option (or file) and the problem."""
        problems = []
        if self.scorer is not None and self.scorer not in SCORERS:
            problems.append(f"--scorer: {self.scorer!r} is not one of {', '.join(SCORERS)}")
        for name in ("batch_size", "workers", "cross_threads"):
            value = getattr(self, name)
            if value is not None and value < 1:
                problems.append(f"--{name.replace('_', '-')}: must be at least 1 (got {value})")
        if self.n_boot < 0:
            problems.append(f"n_boot: must not be negative (got {self.n_boot})")
        if self.tfidf is None and not (self.min_df > 0 and 0 < self.max_df <= 1):
            problems.append(
                f"--min-df / --max-df: need min-df > 0 and 0 < max-df <= 1 (got {self.min_df}, {self.max_df})"
            )
        try:
            Selection.of(since=self.since, until=self.until, outlets=self.outlets, topics=self.topics)
        except SelectionError as exc:
            problems.append(str(exc))
        if not self.parquet and not self.in_memory:
            problems.append("--no-parquet needs --in-memory (a batched run writes its tables as Parquet partitions)")
        if problems:
            raise ConfigError("; ".join(problems))
        corpus = Path(self.corpus)
        try:
            cols = corpus_columns(corpus)
        except CorpusError as exc:
            raise ConfigError(str(exc)) from None
        if cols is not None and self.text_column not in cols:
            raise ConfigError(
                f"{corpus}: no column {self.text_column!r} (columns: {', '.join(map(str, cols))}); "
                "name the text column with --text-column"
            )
        if self.manifest is not None and not Path(self.manifest).is_file():
            raise ConfigError(f"{self.manifest}: manifest not found")
        if out is not None:
            _check_out(Path(out))
        try:
            return self.load_actors()
        except ActorError as exc:
            raise ConfigError(str(exc)) from None

    def settings(self, actors: ActorSet, *, scorer: str | None) -> dict[str, Any]:
        """The settings block of run.json (the same for the in-memory and the batched path);
        ``scorer`` is the scorer actually used (``auto`` resolved)."""
        tfidf = self.tfidf_settings if self.similarity else None
        return {
            "corpus": str(self.corpus),
            "manifest": str(self.manifest) if self.manifest else None,
            "actors_file": actors.source,
            "actors": actors.ids,
            "text_column": self.text_column,
            "train_punkt": self.train_punkt,
            "scorer": scorer,
            "n_boot": self.n_boot,
            "tfidf": vars(tfidf) if tfidf is not None else None,
            "top_k": self.top_k,
            "framing": self.framing,
            "resolve": self.resolve,
            "resolve_model": self.resolve_model,
            "cue_context": self.cue_context,
            "claim_meaning": self.claim_meaning,
            "include_wire": self.include_wire,
            "period": self.period,
            "selection": self.selection.describe(),
        }

    def fingerprint_params(self, actors: ActorSet, actor_digest: str) -> dict[str, Any]:
        """What must match for a batched run to reuse an earlier run's partitions."""
        return {
            "manifest": str(self.manifest) if self.manifest else None,
            "actors": actors.source,
            "ids": actors.ids,
            "text_column": self.text_column,
            "with_tokens": self.with_tokens,
            "train_punkt": self.train_punkt,
            "scorer": self.scorer,
            "n_boot": self.n_boot,
            "similarity": self.similarity,
            "tfidf": asdict(self.tfidf_settings),
            "top_k": self.top_k,
            "framing": self.framing,
            "resolve": self.resolve,
            "resolve_model": self.resolve_model,
            "cue_context": self.cue_context,
            "include_wire": self.include_wire,
            "batch_size": self.batch_size,
            "selection": self.selection.describe(),
            "actor_file": actor_digest,
        }


def _check_out(out: Path) -> None:
    """An output folder must be a folder (or not exist yet) that this user can write to."""
    if out.exists() and not out.is_dir():
        raise ConfigError(f"{out}: exists and is not a folder; choose a folder for --out")
    parent = out if out.exists() else next((p for p in out.parents if p.exists()), Path("."))
    if not os.access(parent, os.W_OK):
        raise ConfigError(f"{parent}: not writable; choose another --out")


def add_run_arguments(parser: argparse.ArgumentParser, command: str, *, defaults: dict[str, Any] | None = None) -> None:
    """Add every RunConfig option of ``command`` (``run`` or ``report``) to a parser."""
    defaults = defaults or {}
    for f in fields(RunConfig):
        meta = f.metadata
        flag = meta.get("flag")
        if flag is None or command not in meta.get("commands", ()):
            continue
        default = defaults.get(f.name, f.default if f.default is not MISSING else None)
        if flag.startswith("--no-"):
            parser.add_argument(flag, dest=f.name, action="store_false", help=meta["help"])
        elif isinstance(default, bool):
            parser.add_argument(flag, dest=f.name, action="store_true", help=meta["help"])
        else:
            kw = dict(meta.get("argparse", {}))
            if isinstance(default, tuple):
                default = ",".join(default)
            parser.add_argument(flag, dest=f.name, default=default, help=meta["help"], **kw)


def config_from_args(args: argparse.Namespace, **overrides: Any) -> RunConfig:
    """The RunConfig of parsed command-line arguments (options the command lacks keep their defaults)."""
    names = {f.name for f in fields(RunConfig)}
    values = {k: v for k, v in vars(args).items() if k in names}
    values.update(overrides)
    return RunConfig(**values)

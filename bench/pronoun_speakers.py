"""Whom "he said" / "she said" means: the attribution speakers the suite names for a pronoun,
against hand-coded referents (tests/gold/pronoun_speakers/, README inside).

    python bench/attribution.py parse            # once: the parse of PolNeAR's articles
    python bench/pronoun_speakers.py [--half A|B|C|D|E|F|all] [--misses]

For each coded case (a he/she subject of a reporting verb in a PolNeAR dev article) the speaker
:func:`analysis.framing.quotes.find_quotes` gives is compared with the referent the annotator
named: right when the surnames agree; for a referent the text never names (UNKNOWN, or a
description in angle brackets) only no speaker is right. Prints, per half and for the cases
that had no speaker before (``speaker_before`` empty): how many it names and how many of those
are right. cases.csv: half A chose the one-person rule of 2026-12-07, half B was read once after
(and again while the resolver fallback was compared). cases2.csv (halves C and D), drawn later
the same day: 30 speakers the resolver fallback names and 60 the suite leaves unnamed, coded
after the fallback was chosen. they_cases.csv (halves E and F): "they"/"it" speakers, coded for
what they refer to (THEY_GUIDELINES.md); a found speaker is right when it holds the coded head
word ("Prosecutors" for the referent "Prosecutors"); where nothing is referred to (a dummy "it",
a generic "they") only no speaker is right. Half E chose the subject rule of 2026-12-07 (the
second session that day), half F was read once after.
Skips with a message when PolNeAR or the parse cache is absent.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GOLD = ROOT / "tests" / "gold" / "pronoun_speakers" / "cases.csv"
GOLD2 = ROOT / "tests" / "gold" / "pronoun_speakers" / "cases2.csv"  # halves C and D
GOLD3 = ROOT / "tests" / "gold" / "pronoun_speakers" / "they_cases.csv"  # "they"/"it": halves E and F
CACHE = Path("/work/scratch/polnear")
ACTORS = ROOT / "bench" / "us_actors.toml"
_SUFFIXES = ("jr", "sr", "ii", "iii")


def surname(name: str) -> str:
    """The last word of a name, suffixes ("Jr.") and a possessive left off, lower-cased."""
    words = [
        w
        for w in str(name).replace("\u2019s", "").replace("'s", "").replace(",", " ").split()
        if w.lower().strip(".") not in _SUFFIXES
    ]
    return words[-1].lower() if words else ""


def is_right(found: str, referent: str) -> bool:
    """A found speaker against the coded referent (see the module docstring)."""
    ref = str(referent).strip()
    if ref.upper() == "UNKNOWN" or ref.startswith("<"):
        return not found
    return bool(found) and surname(found) == surname(ref)


def holds_head(found: str, kind: str, head: str) -> bool:
    """A found "they"/"it" speaker against a coded case of they_cases.csv (module docstring)."""
    if kind != "entity":
        return not found
    words = {w.lower().strip(".,").removesuffix("\u2019s").removesuffix("'s") for w in str(found).split()}
    return bool(found) and head.lower() in words


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--half", default="all", choices=["A", "B", "C", "D", "E", "F", "all"])
    ap.add_argument("--cache", type=Path, default=CACHE)
    ap.add_argument("--misses", action="store_true", help="list the cases the rule gets wrong")
    args = ap.parse_args()
    if not (args.cache / "syntax.parquet").exists():
        print(f"skipped: no parse cache in {args.cache} (run: python bench/attribution.py parse)")
        return 0
    from analysis.framing.quotes import find_quotes
    from analysis.ingest.actors import load_actors

    they = pd.read_csv(GOLD3, keep_default_na=False)
    cases = pd.concat([pd.read_csv(g, keep_default_na=False) for g in (GOLD, GOLD2)], ignore_index=True)
    keep = set(cases["doc_id"]) | set(they["doc_id"])
    tabs = {
        n: pd.read_parquet(args.cache / f"{n}.parquet")
        for n in ("docs", "sentences", "syntax", "mentions", "references")
    }
    sub = {n: f[f["doc_id"].isin(keep)] for n, f in tabs.items()}
    quotes = find_quotes(
        sub["syntax"], sub["sentences"], sub["mentions"], sub["docs"], load_actors(ACTORS), references=sub["references"]
    )
    found = {(d, int(a)): str(s) for d, a, s in zip(quotes["doc_id"], quotes["attribution_start"], quotes["speaker"])}
    cases["found"] = [found.get((d, int(a)), "") for d, a in zip(cases["doc_id"], cases["start"])]
    cases["right"] = [is_right(f, r) for f, r in zip(cases["found"], cases["referent"])]
    spans = quotes.groupby("doc_id")[["attribution_start", "attribution_end", "speaker"]]
    by_doc = {d: list(zip(g["attribution_start"], g["attribution_end"], g["speaker"])) for d, g in spans}
    they["found"] = [  # the attribution whose span holds the pronoun
        next((str(w) for a, b, w in by_doc.get(d, []) if a <= int(x) < b), "")
        for d, x in zip(they["doc_id"], they["start"])
    ]
    they["right"] = [holds_head(f, k, h) for f, k, h in zip(they["found"], they["kind"], they["head"])]
    halves = ["A", "B", "C", "D", "E", "F"] if args.half == "all" else [args.half]
    for half in [h for h in halves if h in "EF"]:
        part = they[they["half"] == half]
        for label, rows in (
            ("referring", part[part["kind"] == "entity"]),
            ("no referent", part[part["kind"] != "entity"]),
        ):
            named = rows[rows["found"] != ""]
            print(
                f"half {half} they/it, {label}: {len(rows)} cases; named {len(named)}, "
                f"right {int((named['right']).sum())}"
            )
        if args.misses:
            for r in part[~part["right"]].itertuples():
                print(
                    f"   miss {r.case} {r.pronoun}: coded {r.referent or r.kind!r}, found {r.found!r} ({r.doc_id[:40]})"
                )
    for half in [h for h in halves if h not in "EF"]:
        part = cases[cases["half"] == half]
        for label, rows in (("all", part), ("no speaker before", part[part["speaker_before"] == ""])):
            named = rows[rows["found"] != ""]
            print(
                f"half {half}, {label}: {len(rows)} cases; named {len(named)}, right {int(named['right'].sum())} "
                f"(precision {named['right'].mean() if len(named) else 0:.3f}); "
                f"before: named {int((rows['speaker_before'] != '').sum())}, "
                f"right {sum(is_right(b, r) for b, r in zip(rows['speaker_before'], rows['referent']) if b)}"
            )
        if args.misses:
            for r in part[~part["right"]].itertuples():
                print(f"   miss {r.case} {r.pronoun}: coded {r.referent!r}, found {r.found!r} ({r.doc_id[:40]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Write GAP as the resolver would ask the antecedent model about it (run with the product's venv).

For each GAP passage the product's resolver (analysis/mentions/resolve.py) is run with a
recording stand-in for the model, so each pronoun comes out exactly as the model would see it at
run time: the passage window the resolver builds, the pronoun's span in it, and every person
candidate the rules left in reach with its mentions. Each candidate is labelled from GAP: 1 or
0 where it covers A or B; another person is 0 when A or B is the answer (GAP says the pronoun
refers to that one) and left out when neither is. A or B that the rules did not offer is added
from its name's occurrences, with its label, so no gold answer is lost.

    .venv/bin/python training/gap_candidates.py --part development --out /tmp/gap-dev.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from analysis.mentions.antecedents import passage
from analysis.mentions.entities import doc_entity_mentions
from analysis.mentions.resolve import resolve_pronouns
from analysis.text.sentences import parse_text

GAP = REPO_ROOT.parent / "shared" / "data" / "gap"


class Recorder:
    """Stands in for AntecedentScorer: records what it is asked, answers nothing."""

    threshold, below = 1.0, 2.0

    def __init__(self) -> None:
        self.asked: dict[tuple[int, int], tuple[str, int, tuple[int, int], dict[str, list[tuple[int, int]]]]] = {}

    def choose(self, sentences: Any, si: int, k: int, spans: dict, *, lo: int) -> None:
        text, base = passage(sentences, lo, si)
        s = sentences[si]
        self.asked[(si, k)] = (text, base, (s.start[k], s.end[k]), {key: list(v) for key, v in spans.items()})
        return None


def overlaps(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(x < b and a < y for x, y in spans)


def rows(part: str) -> list[dict[str, Any]]:
    frame = pd.read_csv(GAP / f"gap-{part}.tsv", sep="\t")
    out = []
    for r in frame.itertuples(index=False):
        text, off = r.Text, int(r[3])
        sents = parse_text(text)
        rec = Recorder()
        resolve_pronouns(sents, doc_entity_mentions(sents, []), scorer=rec)  # type: ignore[arg-type]
        hit = [v for (si, k), v in rec.asked.items() if sents[si].start[k] == off]
        names = [(r.A, int(r[5]), bool(r[6])), (r.B, int(r[8]), bool(r[9]))]
        answered = any(g for _, _, g in names)
        if hit:
            ptext, base, (pa, pb), spans = hit[0]
        else:  # the rules did not ask (one candidate or none): the sentences up to the pronoun's
            si = next(i for i, s in enumerate(sents) if len(s) and s.start[0] <= off <= s.end[-1])
            ptext, base = passage(sents, max(0, si - 4), si)
            pa, pb, spans = off, off + len(r.Pronoun), {}
        cands: list[dict[str, Any]] = []
        covered = [False, False]
        for key, sp in spans.items():
            label = None
            for j, (name, at, gold) in enumerate(names):
                if overlaps(sp, at, at + len(name)):
                    label, covered[j] = float(gold), True
            if label is None and answered:
                label = 0.0
            if label is not None:
                cands.append({"key": key, "spans": [(a - base, b - base) for a, b in sp], "y": label})
        for j, (name, at, gold) in enumerate(names):
            if covered[j] or not base <= at < base + len(ptext):
                continue
            sp = [(i, i + len(name)) for i in range(len(text)) if text.startswith(name, i) and i <= at]
            sp = [(a - base, b - base) for a, b in sp if a >= base and b <= base + len(ptext)]
            if sp:
                cands.append({"key": f"gap:{name}", "spans": sp, "y": float(gold)})
        out.append(
            {"id": r.ID, "text": ptext, "pronoun": [pa - base, pb - base], "candidates": cands, "asked": bool(hit)}
        )
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", default="development", choices=["development", "validation"])
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    got = rows(args.part)
    with args.out.open("w", encoding="utf-8") as fh:
        for row in got:
            fh.write(json.dumps(row) + "\n")
    n_c = sum(len(r["candidates"]) for r in got)
    print(f"{len(got)} passages, {n_c} candidates, {sum(r['asked'] for r in got)} asked by the rules -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

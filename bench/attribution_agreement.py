"""How far people agree on PolNeAR's attributions, scored as bench/attribution.py scores the suite.

    python bench/attribution_agreement.py [--overlap 0.3] [--split dev|test|all]

Sixteen of PolNeAR's 840 articles were annotated by up to six annotators each. Every ordered pair
of annotators of an article is scored with bench/attribution.py's rule (one annotator's
attributions as the gold, the other's as found: content overlap >= ``--overlap`` of the gold
content, one-to-one, largest share first), and the counts are pooled over pairs and articles.
Speaker and cue agreement are read on the matched pairs as the suite's speaker and verb are (a
word in common, or the gold source inside the other's source span where the other names one; a
word of the gold cue in the other's cue). Then the suite's own attributions on the same
articles (those of ``--split``, dev by default, so the held-back split is not read) are scored
against each annotator in turn: the human figure is the ceiling the suite's figure can be read
against, on the same articles and under the same rule.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from attribution import (
    CACHE,
    POLNEAR,
    Gold,
    cue_words,
    load_tables,
    match,
    read_gold,
    speaker_agrees,
    split_of,
    suite_quotes,
)


def _annotators(filename: str, listed: str) -> list[str]:
    """The annotators of an article that have an annotation file."""
    names = [a.strip() for a in listed.split("|")]
    return [a for a in names if (POLNEAR / "attributions" / f"{filename}_{a}.ann").exists()]


def _count(gold: list[Gold], found: list[dict], text: str, *, overlap: float, tally: dict[str, list[int]]) -> None:
    """Add one gold/found comparison to ``tally``: direct and all (matched, found, gold); speaker
    and cue (agreeing, compared) on the matched pairs of all."""
    for which in ("direct", "all"):
        gs = [g for g in gold if g.direct] if which == "direct" else gold
        fs = [f for f in found if f["direct"]] if which == "direct" else found
        pairs = match([g.content for g in gs], [f["content"] for f in fs], overlap=overlap)
        t = tally[which]
        t[0] += len(pairs)
        t[1] += len(fs)
        t[2] += len(gs)
        if which != "all":
            continue
        for i, j in pairs:
            g, f = gs[i], fs[j]
            if g.source:
                src = " ".join(text[a:b] for a, b in g.source)
                tally["speaker"][0] += speaker_agrees(src, g.source, f["source"], f["sa"], f["sb"])
                tally["speaker"][1] += 1
            if g.cue and f["cue"]:
                tally["cue"][0] += bool(cue_words(" ".join(text[a:b] for a, b in g.cue)) & cue_words(f["cue"]))
                tally["cue"][1] += 1


def _as_found(gold: list[Gold], text: str) -> list[dict]:
    """An annotator's attributions in the shape of found ones."""
    return [
        {
            "content": g.content,
            "direct": g.direct,
            "source": " ".join(text[a:b] for a, b in g.source),
            "sa": min((a for a, _ in g.source), default=-1),
            "sb": max((b for _, b in g.source), default=-1),
            "cue": " ".join(text[a:b] for a, b in g.cue),
        }
        for g in gold
    ]


def _suite(names: set[str]) -> dict[str, list[dict]]:
    """The suite's attributions on the articles ``names`` (from bench/attribution.py's cache)."""
    q = suite_quotes(*load_tables(CACHE, names))
    q = q[q["is_speech"].astype(bool)]
    out: dict[str, list[dict]] = {n: [] for n in names}
    for (doc, _), g in q.groupby(["doc_id", "group"], sort=False):
        out[doc].append(
            {
                "content": list(zip(g["start"], g["end"])),
                "direct": g["kind"].iloc[0] == "direct",
                "source": str(g["speaker"].iloc[0]),
                "sa": int(g["attribution_start"].iloc[0]),
                "sb": int(g["attribution_end"].iloc[0]),
                "cue": str(g["verb_text"].iloc[0]),
            }
        )
    return out


def _print(label: str, tally: dict[str, list[int]]) -> None:
    for which in ("direct", "all"):
        tp, nf, ng = tally[which]
        p, r = tp / max(nf, 1), tp / max(ng, 1)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"  {label:26s} {which:6s} gold {ng:5d} found {nf:5d} matched {tp:5d}  P {p:.3f} R {r:.3f} F1 {f1:.3f}")
    for which in ("speaker", "cue"):
        ok, n = tally[which]
        print(f"  {label:26s} {which:7s} agree {ok}/{n} = {ok / max(n, 1):.3f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--overlap", type=float, default=0.3)
    ap.add_argument("--split", choices=["dev", "test", "all"], default="dev", help="the articles the suite is read on")
    a = ap.parse_args()
    if not POLNEAR.exists():
        print(f"skipped: {POLNEAR} is absent (PolNeAR is needed for this benchmark)")
        return 0
    meta = pd.read_csv(POLNEAR / "metadata.tsv", sep="\t", dtype=str)
    multi = [(f, _annotators(f, s)) for f, s in zip(meta["filename"], meta["annotators"])]
    multi = [(f, anns) for f, anns in multi if len(anns) >= 2]
    texts = {f: (POLNEAR / "text" / f"{f}.txt").read_text(encoding="utf-8") for f, _ in multi}
    golds = {(f, x): read_gold(f, x, texts[f]) for f, anns in multi for x in anns}

    def tally() -> dict[str, list[int]]:
        return {"direct": [0, 0, 0], "all": [0, 0, 0], "speaker": [0, 0], "cue": [0, 0]}

    people, people_split, suite = tally(), tally(), tally()
    chosen = {f for f, _ in multi if a.split == "all" or split_of(f) == a.split}
    found = _suite(chosen) if CACHE.exists() else {}
    n_pairs = 0
    for f, anns in multi:
        for x, y in itertools.permutations(anns, 2):
            n_pairs += 1
            _count(golds[f, x], _as_found(golds[f, y], texts[f]), texts[f], overlap=a.overlap, tally=people)
            if f in chosen:
                _count(golds[f, x], _as_found(golds[f, y], texts[f]), texts[f], overlap=a.overlap, tally=people_split)
        if f in found:
            for x in anns:
                _count(golds[f, x], found[f], texts[f], overlap=a.overlap, tally=suite)
    print(
        f"{len(multi)} articles with 2+ annotators ({sum(len(x) for _, x in multi)} annotations, {n_pairs} ordered"
        f" pairs); content overlap >= {a.overlap:.0%} of the gold content"
    )
    _print("people, all 16 articles", people)
    print(f"the {len(chosen)} articles of split {a.split}:")
    _print("people", people_split)
    if found:
        _print("the suite vs each annotator", suite)
    else:
        print(f"  (the suite not scored: run `bench/attribution.py parse` first to fill {CACHE})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

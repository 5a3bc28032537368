"""Cleaning against hand-marked page furniture: sample the gold set, and score the cleaner on it.

    python bench/cleaning.py sample --out /work/scratch/cleaning   # articles.csv + annotator packets
    python bench/cleaning.py score [--split dev|test|all]           # removed body lines, furniture recall

The gold set (tests/gold/cleaning/) is 100 AllSides articles: 60 drawn among those with a line that
looks like furniture to a reader skimming the shape of the page (a short line, a line starting
"By", a photo, comment or share word, the headline repeated under itself), 40 at random; every
other one of each stratum dev, the rest test. The annotator lists every line that is not article
body (byline, dateline, caption, promo, comment or share prompt, tags, credit, repeated headline,
other furniture); every line not listed is body. The texts are read from ../shared/data/allsides/
(title line, then the body, as the corpus reader joins them); skips with a message where absent.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from gold_sample import allsides, sample_score_main, two_batches, untaken, write_packets

GOLD = ROOT / "tests" / "gold" / "cleaning"
HINT = re.compile(
    r"^(?:by\s|photo|image|video|getty|read more|related|share|follow|sign up|subscribe|comment)"
    r"|comment|getty images|\bphoto\b|\(ap\)|reuters",
    re.I | re.M,
)


def doc_text(title: str, text: str) -> str:
    """The text as the corpus reader builds it: the headline line, then the body."""
    return f"{str(title).strip()}\n{text}"


def _looks_furnished(title: str, text: str) -> bool:
    lines = [x.strip() for x in str(text).splitlines() if x.strip()]
    if not lines:
        return False
    short = any(len(x.split()) <= 8 for x in lines)
    repeated = lines[0].lower() == str(title).strip().lower()
    return bool(short or repeated or HINT.search(str(text)))


def sample(out: Path, *, seed: int = 23) -> None:
    """Draw the 100 articles; write ``articles.csv`` into the gold folder and one packet per
    annotator (outlet, then every non-blank line with its line number) into ``out``."""
    d = untaken(allsides(), min_chars=600, max_chars=9000)
    furnished = [_looks_furnished(t, x) for t, x in zip(d["title"], d["text"])]
    hint = d[furnished].sample(60, random_state=seed)
    rest = d.drop(hint.index).sample(40, random_state=seed)
    s = pd.concat([hint, rest]).sample(frac=1, random_state=seed).reset_index(drop=True)
    s["drawn"] = ["hinted" if x in set(hint["doc_id"]) else "random" for x in s["doc_id"]]
    s["split"] = ["dev" if i % 2 == 0 else "test" for i in s.groupby("drawn").cumcount()]
    s["batch"] = two_batches(len(s))
    GOLD.mkdir(parents=True, exist_ok=True)
    s[["doc_id", "outlet", "date", "split", "batch", "drawn"]].to_csv(GOLD / "articles.csv", index=False)

    def entry(r: Any) -> str:  # the article's lines numbered, blank ones left out (their numbers kept)
        lines = enumerate(doc_text(r.title, r.text).splitlines(), start=1)
        numbered = "".join(f"L{n}: {line.strip()}\n" for n, line in lines if line.strip())
        return f"\n\n======== ARTICLE {r.doc_id}\nOUTLET: {r.outlet}\n" + numbered

    n = write_packets(out, s, entry)
    print(f"wrote {GOLD / 'articles.csv'} and {n} packets in {out}")


def score(*, split: str) -> int:
    """Print, on the chosen split, the body lines the cleaner removed (each one), the furniture
    recall by kind, the furniture it kept, and the repeated headlines found."""
    from analysis.ingest.clean import clean_text

    d = allsides().set_index("doc_id")
    arts = pd.read_csv(GOLD / "articles.csv", dtype=str)
    if split != "all":
        arts = arts[arts["split"] == split]
    gold = pd.read_csv(GOLD / "labels.csv", dtype=str, keep_default_na=False)
    gold = gold[gold["doc_id"].isin(arts["doc_id"])]
    marked = {(r.doc_id, int(r.line_no)): r.label for r in gold.itertuples()}
    body_removed: list[tuple[str, int, str, str]] = []
    found: dict[tuple[str, int], str] = {}
    n_body = 0
    for doc_id in arts["doc_id"]:
        r = d.loc[doc_id]
        text = doc_text(r["title"], r["text"])
        cleaned = clean_text(text, doc_id=doc_id)
        for x in cleaned.removed:
            found[(doc_id, int(x["line_no"]))] = str(x["reason"])
        for n, line in enumerate(text.splitlines(), start=1):
            if n == 1 or not line.strip() or (doc_id, n) in marked:
                continue
            n_body += 1
            if (doc_id, n) in found:
                body_removed.append((doc_id, n, found[(doc_id, n)], line.strip()[:140]))
    furniture = {k: v for k, v in marked.items() if v != "headline"}
    hit = [k for k in furniture if k in found]
    print(f"split {split}: {len(arts)} articles, {n_body} body lines, {len(furniture)} furniture lines marked")
    print(f"body lines removed: {len(body_removed)} of {n_body}")
    for doc_id, n, why, line in body_removed:
        print(f"  {doc_id} L{n} [{why}] {line}")
    rec = len(hit) / len(furniture) if furniture else float("nan")
    print(f"furniture recall: {len(hit)}/{len(furniture)} = {rec:.3f}")
    by_kind = pd.Series(list(furniture.values())).value_counts()
    for kind, n in by_kind.items():
        k_hit = sum(1 for k, v in furniture.items() if v == kind and k in found)
        print(f"  {kind:22s} {k_hit}/{n}")
    print("furniture kept (misses):")
    for (doc_id, n), kind in sorted(furniture.items()):
        if (doc_id, n) not in found:
            line = doc_text(d.loc[doc_id, "title"], d.loc[doc_id, "text"]).splitlines()[n - 1].strip()
            print(f"  {doc_id} L{n} [{kind}] {line[:140]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(sample_score_main(__doc__, sample, score))

"""Build the first-name gender lexicon (analysis/mentions/models/first_names.tsv) from AllSides.

    .venv/bin/python training/name_genders.py            # writes the lexicon, prints its check on GAP

Evidence from every AllSides article except the gold sets' articles (tests/gold/coref and
tests/gold/stance), of two kinds:
- honorifics: an article that writes "Ms. Pelosi" (or "Mrs.", "Miss"; "Mr." for men) and names
  exactly one "<First> Pelosi" in full counts one for that first name's gender. A first name with
  at least 3 such articles, 90% of them one gender, takes it.
- pronouns, for the first names honorifics leave out: where a paragraph names exactly one person
  in full ("Bernie Sanders") and no other capitalised two-word name, its he/him/his count as male
  evidence and its she/her/hers as female; at least 20 pronouns, 90% of them one gender. Then it is checked on GAP
development (the name whose pronoun GAP marks as coreferent): agreement and coverage.
No person's gender is asserted from this: it only breaks ties the resolver would otherwise break
by salience, and "Mr."/"Ms." or the actor file always win.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "analysis" / "mentions" / "models" / "first_names.tsv"
MIN_EVIDENCE = 20
MIN_SHARE = 0.9

NAME = re.compile(r"\b([A-Z][a-z]{1,14}) (?:[A-Z]\. )?([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
MALE = re.compile(r"\b(?:he|him|his|himself)\b", re.I)
FEMALE = re.compile(r"\b(?:she|her|hers|herself)\b", re.I)
NOT_FIRST = {
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "But",
    "And",
    "For",
    "As",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "Since",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "He",
    "She",
    "They",
    "We",
    "Its",
    "His",
    "Her",
    "Their",
    "Our",
    "New",
    "North",
    "South",
    "East",
    "West",
    "United",
    "White",
    "Supreme",
    "President",
    "Senator",
    "Sen",
    "Rep",
    "Gov",
    "Mr",
    "Ms",
    "Mrs",
    "Dr",
    "Secretary",
    "Speaker",
    "House",
    "Senate",
    "Democratic",
    "Republican",
    "Democrats",
    "Republicans",
    "Former",
    "Vice",
    "General",
    "Attorney",
    "Chief",
    "Judge",
    "Justice",
    "Governor",
    "Mayor",
    "Director",
    "Prime",
    "Minister",
    "First",
    "Lady",
    "Sir",
    "Saint",
    "San",
    "Los",
    "Las",
    "Fort",
    "Mount",
    "Miss",
    "Rodham",
    "Sens",
    "Reps",
    "Gen",
    "Lt",
    "Col",
    "Sgt",
    "Pres",
    "St",
    "Jr",
}
HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.? ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
MIN_ARTICLES = 3


def evidence(texts: list[str]) -> dict[str, Counter]:
    """First name -> Counter of m / f pronouns in paragraphs naming only that person in full."""
    ev: dict[str, Counter] = defaultdict(Counter)
    for text in texts:
        for para in text.split("\n"):
            names = {(a, b) for a, b in NAME.findall(para) if a not in NOT_FIRST and b not in NOT_FIRST}
            if len(names) != 1:
                continue
            first = next(iter(names))[0]
            ev[first]["m"] += len(MALE.findall(para))
            ev[first]["f"] += len(FEMALE.findall(para))
    return ev


def honorific_evidence(texts: list[str]) -> dict[str, Counter]:
    """First name -> Counter of articles whose "Mr."/"Ms." + surname has one full name with it."""
    ev: dict[str, Counter] = defaultdict(Counter)
    for text in texts:
        hon: dict[str, set[str]] = defaultdict(set)
        for h, last in HONORIFIC.findall(text):
            hon[last].add("m" if h == "Mr" else "f")
        if not hon:
            continue
        firsts: dict[str, set[str]] = defaultdict(set)
        for a, b in NAME.findall(text):
            if a not in NOT_FIRST:
                firsts[b].add(a)
        for last, genders in hon.items():
            if len(genders) == 1 and len(firsts.get(last, ())) == 1:
                ev[next(iter(firsts[last]))][next(iter(genders))] += 1
    return ev


def one_sided(ev: dict[str, Counter], least: int) -> dict[str, str]:
    """The first names with at least ``least`` evidence, MIN_SHARE of it one gender."""
    out = {}
    for name, c in ev.items():
        n = c["m"] + c["f"]
        if n >= least:
            g, k = c.most_common(1)[0]
            if k >= MIN_SHARE * n:
                out[name] = g
    return out


def lexicon(texts: list[str]) -> dict[str, str]:
    """Honorific evidence first, pronoun evidence for the names it leaves out."""
    by_honorific = one_sided(honorific_evidence(texts), MIN_ARTICLES)
    by_pronoun = one_sided(evidence(texts), MIN_EVIDENCE)
    return {**by_pronoun, **by_honorific}


def check_on_gap(lex: dict[str, str]) -> None:
    """Agreement of the lexicon with GAP development's coreferent names."""
    path = DATA / "gap" / "gap-development.tsv"
    if not path.exists():
        print(f"GAP not found at {path}: no check")
        return
    gap = pd.read_csv(path, sep="\t")
    pron = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
    right = wrong = missing = 0
    for r in gap.itertuples():
        g = pron.get(str(r.Pronoun).lower())
        for name, coref in ((r.A, r._7), (r.B, r._10)):
            if not coref or not g or " " not in str(name):
                continue
            got = lex.get(str(name).split()[0])
            if got is None:
                missing += 1
            elif got == g:
                right += 1
            else:
                wrong += 1
    total = right + wrong + missing
    print(f"GAP development, full names coreferent with a he/she pronoun: {total}")
    print(
        f"  covered {right + wrong} ({(right + wrong) / max(total, 1):.1%}); right {right}, wrong {wrong}"
        f" (agreement {right / max(right + wrong, 1):.3f})"
    )


def main() -> int:
    src = DATA / "allsides" / "articles.parquet"
    if not src.exists():
        print(f"AllSides not found at {src}: nothing built")
        return 1
    d = pd.read_parquet(src, columns=["doc_id", "text"])
    held = set()
    for gold in ("coref", "stance"):
        f = ROOT / "tests" / "gold" / gold / "articles.csv"
        if f.exists():
            held |= set(pd.read_csv(f).doc_id)
    texts = d.loc[~d.doc_id.isin(held), "text"].fillna("").tolist()
    lex = lexicon(texts)
    OUT.write_text(
        "# first name\tgender (m/f): built by training/name_genders.py from AllSides, "
        f"{len(texts)} articles (gold sets' articles left out)\n"
        + "".join(f"{k}\t{v}\n" for k, v in sorted(lex.items())),
        encoding="utf-8",
    )
    print(f"{len(lex)} first names ({Counter(lex.values())}) -> {OUT.relative_to(ROOT)}")
    check_on_gap(lex)
    return 0


if __name__ == "__main__":
    sys.exit(main())

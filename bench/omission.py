"""Omission against a hand-made gold set of what each seed outlet carries.

    python bench/omission.py packet --out /work/scratch/omission   # the annotator's packet
    python bench/omission.py score                                  # precision / recall of "absent"
    python bench/omission.py dev-score [--no-claim-meaning]         # the same on the AllSides dev groups
    python bench/omission.py cost --n 150 --seed 7 --runs 3         # time with and without claims by meaning

The dev groups (tests/gold/omission_dev/: seven same-event groups of two or three AllSides
articles, judged by separate annotators) are where the item forms and the claim threshold were
chosen; the seeds' gold set is the test.

The gold set (tests/gold/omission/) says, for every person, place, organisation, number, date and
claim of the seeds' omission table, whether each outlet's kept text carries it (under any form),
with the words that show it. The packet gives the annotator the kept text of each outlet and the
items to look for, never the table's present/absent marks. ``score`` runs the seeds and prints the
precision and recall of "absent" by kind, with every disagreement.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GOLD = ROOT / "tests" / "gold" / "omission"
DEV = ROOT / "tests" / "gold" / "omission_dev"
ALLSIDES = ROOT.parent / "shared" / "data" / "allsides" / "articles.parquet"


def _run() -> dict[str, pd.DataFrame]:
    from analysis.run.pipeline import run_pipeline

    return run_pipeline(ROOT / "seeds", enable=["Syrian government", "Syrian opposition"]).tables


def kept_text(docs: pd.DataFrame, paragraphs: pd.DataFrame, doc_id: str) -> str:
    """One document's kept paragraphs (headline first), a blank line between them."""
    text = docs.set_index("doc_id").loc[doc_id, "text"]
    ps = paragraphs[paragraphs["doc_id"] == doc_id].sort_values("start")
    return "\n\n".join(text[a:b] for a, b in zip(ps["start"], ps["end"]))


def packet(out: Path) -> None:
    """Write the texts and the two item lists (entities/numbers/dates, claims) for the annotators."""
    t = _run()
    docs, paras, om = t["docs"], t["paragraphs"], t["omission"]
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "texts.md", "w", encoding="utf-8") as f:
        for doc_id, outlet in zip(docs["doc_id"], docs["outlet"]):
            f.write(f"\n\n======== OUTLET: {outlet}\n\n{kept_text(docs, paras, doc_id)}\n")
    items = om[om["kind"] != "claim"].drop_duplicates("label")[["kind", "label"]]
    items = items.assign(kind=items["kind"].replace({"entity": "name"}))
    items.to_csv(out / "items.csv", index=False)
    claims = om[om["kind"] == "claim"].drop_duplicates("key")[["key", "label"]]
    claims.rename(columns={"key": "claim_id", "label": "claim"}).to_csv(out / "claims.csv", index=False)
    print(f"wrote texts.md, items.csv ({len(items)}), claims.csv ({len(claims)}) in {out}")


def compare(
    omission: pd.DataFrame, gold: pd.DataFrame, claims: pd.DataFrame, items: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Each (item, outlet) row of the omission table with the gold answer (``gold_present``);
    rows the gold set does not cover are left out. Entities, numbers and dates join on their
    label, claims on their key. A gold label that is no longer an item's label (the item was
    merged into another: "Bashar" into "Bashar al-Assad") joins the item that has it among its
    tagged surfaces (``items``: the run's ``omission_items``)."""
    g = gold.assign(gold_present=gold["present"].str.lower().eq("yes"))[["label", "outlet", "gold_present"]]
    c = claims.assign(gold_present=claims["present"].str.lower().eq("yes"))
    c = c.rename(columns={"claim_id": "key"})[["key", "outlet", "gold_present"]]
    rows = omission[omission["kind"] != "claim"]
    key_of = dict(zip(rows["label"], rows["key"]))
    if items is not None and len(items):
        tagged = items[items["kind"] != "claim"]
        for surface, keys in tagged.groupby("surface")["key"]:
            key_of.setdefault(surface, keys.value_counts().index[0])
    g = g.assign(key=g["label"].map(key_of)).dropna(subset=["key"])
    ents = rows.drop(columns=["label"]).merge(g, on=["key", "outlet"], how="inner")
    cls = omission[omission["kind"] == "claim"].merge(c, on=["key", "outlet"], how="inner")
    return pd.concat([ents, cls], ignore_index=True)


def absent_scores(both: pd.DataFrame) -> pd.DataFrame:
    """Precision and recall of "absent" by kind (and all), with the counts."""
    rows = []
    for kind, part in [*both.groupby("kind"), ("all", both)]:
        said = ~part["present"].astype(bool)
        truth = ~part["gold_present"]
        tp = int((said & truth).sum())
        rows.append(
            {
                "kind": kind,
                "n": len(part),
                "gold_absent": int(truth.sum()),
                "said_absent": int(said.sum()),
                "false_absences": int((said & ~truth).sum()),
                "precision": tp / said.sum() if said.sum() else float("nan"),
                "recall": tp / truth.sum() if truth.sum() else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def print_disagreements(both: pd.DataFrame) -> None:
    """Every row where the table and the gold set disagree (with its dev group, if any)."""
    wrong = both[both["present"].astype(bool) != both["gold_present"]]
    print(f"\ndisagreements: {len(wrong)}")
    for r in wrong.itertuples():
        said = "present" if r.present else "absent"
        truth = "present" if r.gold_present else "absent"
        group = f"{r.group} " if "group" in wrong.columns else ""
        print(f"  {group}[{r.kind}] {str(r.label)[:90]!r} in {r.outlet}: table {said}, gold {truth}")


def score() -> int:
    gold = pd.read_csv(GOLD / "items.csv", dtype=str, keep_default_na=False)
    claims = pd.read_csv(GOLD / "claims.csv", dtype=str, keep_default_na=False)
    tables = _run()
    both = compare(tables["omission"], gold, claims, tables["omission_items"])
    print(absent_scores(both).to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    print_disagreements(both)
    return 0


def dev_compare(omission: pd.DataFrame, items: pd.DataFrame, group: str) -> pd.DataFrame:
    """One dev group's table against its gold rows (the rows judged: every cell the table of
    c281e8c called absent and a quarter of those it called present, and 20 claims an outlet)."""
    gold = pd.read_csv(DEV / "items.csv", dtype=str, keep_default_na=False)
    claims = pd.read_csv(DEV / "claims.csv", dtype=str, keep_default_na=False)
    gold = gold[gold["group"] == group]
    claims = claims[claims["group"] == group].assign(claim_id=lambda c: c["claim_id"].str.split(":", n=1).str[1])
    return compare(omission, gold, claims, items)


def dev_score(*, claim_meaning: bool) -> int:
    """Run each dev group and print the precision and recall of "absent" over the judged rows."""
    if not ALLSIDES.exists():
        print(f"skipped: {ALLSIDES} is absent (the dev groups' texts)")
        return 0
    import tempfile

    from analysis.run.pipeline import run_pipeline

    groups = pd.read_csv(DEV / "groups.csv", dtype=str)
    arts = pd.read_parquet(ALLSIDES)
    parts = []
    with tempfile.TemporaryDirectory() as tmp:
        for group, rows in groups.groupby("group", sort=True):
            corpus = Path(tmp) / f"{group}.parquet"
            arts[arts["doc_id"].isin(rows["doc_id"])].to_parquet(corpus, index=False)
            t = run_pipeline(corpus, scorer=None, claim_meaning=claim_meaning).tables
            parts.append(dev_compare(t["omission"], t["omission_items"], str(group)).assign(group=group))
    both = pd.concat(parts, ignore_index=True)
    print(absent_scores(both).to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    print_disagreements(both)
    return 0


def cost(*, n: int, seed: int, runs: int, scorer: str) -> int:
    """Median time of the whole analysis (``scorer``) of ``n`` random AllSides articles with and
    without claims matched by meaning, runs alternating, and how many body sentences were read."""
    if not ALLSIDES.exists():
        print(f"skipped: {ALLSIDES} is absent")
        return 0
    import statistics
    import tempfile
    import time

    from analysis.framing.claims import SEMANTIC_MAX_SENTENCES
    from analysis.run.pipeline import run_pipeline

    arts = pd.read_parquet(ALLSIDES).sample(n=n, random_state=seed)
    times: dict[bool, list[float]] = {True: [], False: []}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "sample.parquet"
        arts.to_parquet(corpus, index=False)
        for _ in range(runs):
            for on in (False, True):
                t0 = time.perf_counter()
                t = run_pipeline(corpus, scorer=scorer, claim_meaning=on).tables
                times[on].append(time.perf_counter() - t0)
    body = int((~t["sentences"]["is_title"].astype(bool)).sum())
    off, on = statistics.median(times[False]), statistics.median(times[True])
    read = "read" if body <= SEMANTIC_MAX_SENTENCES else f"not read (more than {SEMANTIC_MAX_SENTENCES:,})"
    print(f"{n} articles (seed {seed}), {body:,} body sentences {read}; scorer {scorer}; {runs} runs each, alternating")
    print(f"  without claims by meaning: median {off:.1f} s")
    print(f"  with claims by meaning:    median {on:.1f} s  (ratio {on / off:.2f})")
    via = t["omission"]["via"].value_counts()
    print(f"  claims found in other words: {int(via.get('meaning', 0))} (item x outlet rows)")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("packet")
    p.add_argument("--out", type=Path, required=True)
    sub.add_parser("score")
    d = sub.add_parser("dev-score")
    d.add_argument("--no-claim-meaning", action="store_true", help="claims matched by their words only")
    c = sub.add_parser("cost")
    c.add_argument("--n", type=int, default=150)
    c.add_argument("--seed", type=int, default=7)
    c.add_argument("--runs", type=int, default=3)
    c.add_argument("--scorer", default="fast", help="the stance scorer of the runs (default: fast)")
    a = ap.parse_args()
    if a.cmd == "cost":
        return cost(n=a.n, seed=a.seed, runs=a.runs, scorer=a.scorer)
    if a.cmd == "packet":
        packet(a.out)
        return 0
    if a.cmd == "dev-score":
        return dev_score(claim_meaning=not a.no_claim_meaning)
    return score()


if __name__ == "__main__":
    raise SystemExit(main())

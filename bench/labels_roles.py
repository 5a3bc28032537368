"""Labels and roles against a hand-coded gold set of 40 AllSides articles.

    python bench/labels_roles.py sample --out /work/scratch/labroles   # articles.csv + packets
    python bench/labels_roles.py score [--split dev|test|all]          # precision / recall / misses

The gold set (tests/gold/labels_roles/) codes, for the US actors of bench/us_actors.toml (Trump,
Clinton, Obama, Republicans, Democrats), every descriptor the text attaches to a mention that
names the actor (``labels.csv``: titles, premodifiers, appositions, evaluative nouns) and every
clause in which a naming mention is the agent or the patient of a verb (``roles.csv``, with the
verb's lemma). Labels are compared as (article, actor, term) sets, roles as (article, actor, verb,
role) sets. Reads ../shared/data/allsides/; skips with a message where it is absent.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from gold_sample import allsides, sample_score_main, two_batches, untaken, write_packets

GOLD = ROOT / "tests" / "gold" / "labels_roles"
ACTORS = ROOT / "bench" / "us_actors.toml"
NAMES = re.compile(r"\b(?:Trump|Clinton|Obama|Republicans?|GOP|Democrats?|Democratic|Pelosi|McConnell|Schumer)\b")


def sample(out: Path, *, seed: int = 24) -> None:
    """Draw 40 short articles that name at least two of the actors three times or more."""
    d = untaken(allsides(), min_chars=1200, max_chars=3200)
    hits = d["text"].str.count(NAMES)
    kinds = d["text"].apply(lambda t: len({m.rstrip("s") for m in NAMES.findall(t)}))
    d = d[(hits >= 3) & (kinds >= 2)]
    parts = [g.sample(min(len(g), 14), random_state=seed) for _, g in d.groupby("outlet_bias")]
    s = pd.concat(parts).sample(40, random_state=seed).reset_index(drop=True)
    s["split"] = ["dev" if i % 2 == 0 else "test" for i in range(len(s))]
    s["batch"] = two_batches(len(s))
    GOLD.mkdir(parents=True, exist_ok=True)
    s[["doc_id", "outlet", "outlet_bias", "date", "split", "batch"]].to_csv(GOLD / "articles.csv", index=False)
    write_packets(
        out, s, lambda r: f"\n\n======== ARTICLE {r.doc_id}\nOUTLET: {r.outlet}\nTITLE: {r.title}\nTEXT:\n{r.text}\n"
    )
    print(f"wrote {GOLD / 'articles.csv'} and 2 packets in {out}")


def _term(s: str) -> str:
    s = re.sub(r"^(?:the|a|an)\s+", "", str(s).strip().lower().replace("\u2019", "'"))
    return re.sub(r"\s+", " ", s)


def _prf(got: set, gold: set) -> tuple[float, float, float]:
    tp = len(got & gold)
    p = tp / len(got) if got else float("nan")
    r = tp / len(gold) if gold else float("nan")
    f = 2 * p * r / (p + r) if got and gold and p + r else float("nan")
    return p, r, f


def score(*, split: str) -> int:
    """Run the suite on the split's articles and print label and role precision / recall."""
    from analysis.run.pipeline import run_pipeline

    arts = pd.read_csv(GOLD / "articles.csv", dtype=str)
    if split != "all":
        arts = arts[arts["split"] == split]
    d = allsides().set_index("doc_id").loc[arts["doc_id"]].reset_index()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.parquet"
        d[["doc_id", "outlet", "date", "title", "text"]].to_parquet(path, index=False)
        tables = run_pipeline(path, actors=ACTORS, scorer=None, similarity=False).tables
    ids = set(arts["doc_id"])
    gl = pd.read_csv(GOLD / "labels.csv", dtype=str, keep_default_na=False)
    gr = pd.read_csv(GOLD / "roles.csv", dtype=str, keep_default_na=False)
    # the suite's rules (issue 20): honorifics and party-state tags are never labels
    gl = gl[~gl["descriptor"].map(_term).str.fullmatch(r"(?:mr|mrs|ms|dr)\.?|\(?[rdi]-[a-z. ]+\)?")]
    gold_labels = {(r.doc_id, r.actor, _term(r.descriptor)) for r in gl.itertuples() if r.doc_id in ids}
    gold_roles = {(r.doc_id, r.actor, r.verb.lower().strip(), r.role) for r in gr.itertuples() if r.doc_id in ids}
    lab = tables["labels"]
    # the guidelines leave out what the actor owns or qualifies ("Trump's tweets", "Republican
    # senators": the head_noun kind) and descriptions linked by the resolver
    lab = lab[~lab["kind"].isin(["description", "head_noun"])]
    got_labels = {(r.doc_id, r.actor, _term(r.term)) for r in lab.itertuples()}
    rol = tables["roles"]
    if "target" in rol.columns:
        rol = rol[rol["target"] == "name"]
    rol = rol[rol["role"].isin(["agent", "patient"])]
    got_roles = {(r.doc_id, r.actor, str(r.verb).lower(), r.role) for r in rol.itertuples()}
    for name, got, gold in (("labels", got_labels, gold_labels), ("roles", got_roles, gold_roles)):
        p, r, f = _prf(got, gold)
        print(f"{name} ({split}): gold {len(gold)}, found {len(got)}, precision {p:.3f} recall {r:.3f} F1 {f:.3f}")
        print("  missed:")
        for x in sorted(gold - got):
            print("   ", x)
        print("  wrong:")
        for x in sorted(got - gold):
            print("   ", x)
    return 0


if __name__ == "__main__":
    raise SystemExit(sample_score_main(__doc__, sample, score))

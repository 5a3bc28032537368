"""Shared quotations against copied prose: the reuse table's copied pairs checked against a hand-coded gold set.

    python bench/reuse_quotes.py sample --out /work/scratch/reusequotes   # pairs.csv + packets
    python bench/reuse_quotes.py score [--split dev|test|all]             # precision / recall / misses

Two outlets that carry the same quotation (a statement, a tweet, a speech) share its words without
either copying the other. The gold set (tests/gold/reuse_quotes/) takes the sentence pairs that the
reuse alignment calls verbatim or near-verbatim between different outlets writing on the same day
and topic in AllSides, and codes each as ``quote`` (what the two share is a quotation both carry)
or ``prose`` (they share the reporter's own words: copied or wire text); see GUIDELINES.md. The
score is precision and recall of ``same_quote`` (reuse_alignment) for the ``quote`` pairs, and the
share of copied pairs (by gold) that the copied measures keep. Reads ../shared/data/allsides/;
skips with a message where it is absent.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from gold_sample import allsides, sample_score_main, two_batches, untaken, write_packets

GOLD = ROOT / "tests" / "gold" / "reuse_quotes"
COPIED = ("verbatim", "near-verbatim")


def _groups(*, seed: int = 23, n_groups: int = 150) -> pd.DataFrame:
    """Articles of (date, topic) groups that three or more outlets wrote (at most 6 per group)."""
    d = untaken(allsides(), min_chars=600, max_chars=9000)
    d = d.drop_duplicates(["outlet", "date", "topic", "title"])
    n_out = d.groupby(["date", "topic"])["outlet"].transform("nunique")
    d = d[n_out >= 3]
    keys = d[["date", "topic"]].drop_duplicates().sample(n_groups, random_state=seed)
    d = d.merge(keys, on=["date", "topic"])
    d = d.sample(frac=1.0, random_state=seed).drop_duplicates(["date", "topic", "outlet"])
    d = d[d.groupby(["date", "topic"]).cumcount() < 6]
    return d.sort_values(["date", "topic", "doc_id"]).reset_index(drop=True)


def aligned_pairs(d: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The pipeline's sentences of ``d`` and the copied cross-outlet pairs of each (date, topic)
    group, each pair once (doc_a < doc_b), with both sentences' text and the sentence before each."""
    from analysis.compare.reuse import align_sentences
    from analysis.run.pipeline import run_pipeline

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.csv"
        d[["doc_id", "outlet", "date", "title", "text"]].to_csv(path, index=False)
        t = run_pipeline(path, scorer=None, framing=False, similarity=False, progress=False)
    sents, docs = t["sentences"], t["docs"]
    group = d.set_index("doc_id")[["date", "topic"]].astype(str).agg("|".join, axis=1)
    parts = []
    for _, ids in group.groupby(group):
        s = sents[sents["doc_id"].isin(ids.index)]
        a = align_sentences(s, docs[docs["doc_id"].isin(ids.index)], exhaustive=True, include_unrelated=False)
        parts.append(a)
    align = pd.concat(parts, ignore_index=True)
    pairs = align[align["relation"].isin(COPIED) & (align["doc_a"] < align["doc_b"])]
    pairs = pairs[pairs["outlet_a"] != pairs["outlet_b"]].copy()
    text = sents.set_index(["doc_id", "sent_id"])["text"]

    def before(doc: str, sid: int) -> str:
        return str(text.get((doc, sid - 1), ""))

    span = sents.set_index(["doc_id", "sent_id"])[["start", "end"]]
    for s in "ab":  # where each sentence lies in the text as loaded (the gold test reads them there)
        at = span.reindex(pd.MultiIndex.from_arrays([pairs[f"doc_{s}"], pairs[f"sent_{s}"]]))
        pairs[f"start_{s}"], pairs[f"end_{s}"] = at["start"].to_numpy(), at["end"].to_numpy()
    pairs["text_a"] = [text[(a, b)] for a, b in zip(pairs["doc_a"], pairs["sent_a"])]
    pairs["text_b"] = [text[(a, b)] for a, b in zip(pairs["doc_b"], pairs["sent_b"])]
    pairs["before_a"] = [before(a, b) for a, b in zip(pairs["doc_a"], pairs["sent_a"])]
    pairs["before_b"] = [before(a, b) for a, b in zip(pairs["doc_b"], pairs["sent_b"])]
    return sents, pairs.reset_index(drop=True)


def _pair_id(r: pd.Series) -> str:
    return hashlib.sha1(f"{r.doc_a}|{r.sent_a}|{r.doc_b}|{r.sent_b}".encode()).hexdigest()[:10]


def sample(out: Path, *, seed: int = 23, n_pairs: int = 240) -> None:
    """Draw up to 240 copied cross-outlet pairs (at most 6 per document pair) and write the packets."""
    d = _groups(seed=seed)
    _, pairs = aligned_pairs(d)
    pairs = pairs.sample(frac=1.0, random_state=seed)
    pairs = pairs[pairs.groupby(["doc_a", "doc_b"]).cumcount() < 6]
    pairs = pairs.sample(min(n_pairs, len(pairs)), random_state=seed).reset_index(drop=True)
    pairs["pair_id"] = pairs.apply(_pair_id, axis=1)
    pairs["split"] = ["dev" if int(p, 16) % 2 == 0 else "test" for p in pairs["pair_id"]]
    pairs["batch"] = two_batches(len(pairs))
    GOLD.mkdir(parents=True, exist_ok=True)
    d[["doc_id", "outlet", "date", "topic"]].to_csv(GOLD / "articles.csv", index=False)
    cols = ["pair_id", "doc_a", "sent_a", "start_a", "end_a", "doc_b", "sent_b", "start_b", "end_b"]
    pairs[cols + ["outlet_a", "outlet_b", "split", "batch"]].to_csv(GOLD / "pairs.csv", index=False)
    write_packets(
        out,
        pairs,
        lambda r: (
            f"\n\n======== PAIR {r.pair_id}\n"
            f"OUTLET A: {r.outlet_a}\nA (sentence before): {r.before_a}\nA: {r.text_a}\n"
            f"OUTLET B: {r.outlet_b}\nB (sentence before): {r.before_b}\nB: {r.text_b}\n"
        ),
    )
    print(f"{len(d)} articles, {len(pairs)} pairs; wrote {GOLD} and packets in {out}")


def score(*, split: str = "dev", misses: int = 20) -> dict[str, float]:
    """Precision and recall of ``same_quote`` against the gold ``quote`` pairs, and the misses."""
    gold = pd.read_csv(GOLD / "pairs.csv", dtype={"pair_id": str, "doc_a": str, "doc_b": str})
    labels = pd.read_csv(GOLD / "labels.csv", dtype={"pair_id": str})
    gold = gold.merge(labels[["pair_id", "label"]], on="pair_id")
    if split != "all":
        gold = gold[gold["split"] == split]
    gold = gold[gold["label"].isin(["quote", "prose"])]
    arts = pd.read_csv(GOLD / "articles.csv", dtype=str)
    d = arts[["doc_id"]].merge(allsides(), on="doc_id")  # in the sampled order: Punkt trains on the corpus
    _, pairs = aligned_pairs(d)
    pairs = pairs.drop(columns=["outlet_a", "outlet_b", "start_a", "end_a", "start_b", "end_b"])
    got = gold.merge(pairs, on=["doc_a", "sent_a", "doc_b", "sent_b"], how="left")
    got["same_quote"] = got["same_quote"].fillna(False).astype(bool)
    q = got["label"] == "quote"
    tp, fp, fn = (
        int((q & got["same_quote"]).sum()),
        int((~q & got["same_quote"]).sum()),
        int((q & ~got["same_quote"]).sum()),
    )
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    lost = int(got["relation"].isna().sum())
    n_q, n_p = int(q.sum()), int((~q).sum())
    print(f"split {split}: {len(got)} coded pairs ({n_q} quote, {n_p} prose); {lost} no longer copied")
    print(f"same_quote vs gold quote: precision {p:.3f}  recall {r:.3f}  (tp {tp}, fp {fp}, fn {fn})")
    still = ~got["same_quote"] & got["relation"].notna()
    print(
        f"pairs still counted as copied: {int(still.sum())}, of them gold prose {int((still & ~q).sum())} "
        f"(precision of 'copied' {(still & ~q).sum() / max(int(still.sum()), 1):.3f}; before the split "
        f"{n_p / max(n_p + n_q, 1):.3f}); gold prose pairs kept as copied {(still & ~q).sum() / max(n_p, 1):.3f}"
    )
    wrong = got[(q != got["same_quote"])]
    for r_ in wrong.head(misses).itertuples():
        tag = "missed quote" if r_.label == "quote" else "prose called quote"
        print(f"- {r_.pair_id} {tag} (quoted_share {r_.quoted_share:.2f}): A: {str(r_.text_a)[:200]!r}")
        print(f"    B: {str(r_.text_b)[:200]!r}")
    return {"precision": p, "recall": r}


if __name__ == "__main__":
    raise SystemExit(sample_score_main(__doc__, sample, score))

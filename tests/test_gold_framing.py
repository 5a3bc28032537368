"""The framing devices against their hand-made gold sets (issue 22): omission on the seeds, cleaning
on 100 AllSides articles. Each test prints precision, recall and the misses (``pytest -s``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
ALLSIDES = ROOT.parent / "shared" / "data" / "allsides" / "articles.parquet"


def _bench(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_omission_against_gold(seed_run) -> None:
    """No entity, number or date the annotator found in an outlet's text is called absent beyond the
    semantic matches the text search cannot make (Daesh = Islamic State, America = U.S.): at most the
    14 + 4 measured when the text search was added (issue 22 asks for zero: not reached)."""
    om = _bench("omission")
    gold = pd.read_csv(GOLD / "omission" / "items.csv", dtype=str, keep_default_na=False)
    claims = pd.read_csv(GOLD / "omission" / "claims.csv", dtype=str, keep_default_na=False)
    both = om.compare(seed_run["omission"], gold, claims)
    scores = om.absent_scores(both).set_index("kind")
    print("\n" + scores.to_string(float_format=lambda x: f"{x:.3f}"))
    wrong = both[both["present"].astype(bool) != both["gold_present"]]
    for r in wrong[wrong["kind"] != "claim"].itertuples():
        print(f"  false absence [{r.kind}] {r.label!r} in {r.outlet}")
    assert len(both) >= 800  # every gold row found its item
    assert scores.loc["all", "recall"] == 1.0  # everything the annotator found absent is said absent
    assert scores.loc["entity", "false_absences"] <= 14 and scores.loc["number", "false_absences"] <= 4
    assert scores.loc["date", "false_absences"] == 0


@pytest.mark.skipif(not ALLSIDES.exists(), reason=f"{ALLSIDES} is absent (the cleaning gold set's texts)")
def test_cleaning_against_gold() -> None:
    """No line the annotators kept as article body is removed; furniture recall is printed."""
    from analysis.ingest.clean import clean_text

    cl = _bench("cleaning")
    d = pd.read_parquet(ALLSIDES, columns=["doc_id", "title", "text"]).set_index("doc_id")
    arts = pd.read_csv(GOLD / "cleaning" / "articles.csv", dtype=str)
    gold = pd.read_csv(GOLD / "cleaning" / "labels.csv", dtype=str, keep_default_na=False)
    marked = {(r.doc_id, int(r.line_no)) for r in gold.itertuples()}
    body_removed, hit = [], 0
    for doc_id in arts["doc_id"]:
        text = cl.doc_text(d.loc[doc_id, "title"], d.loc[doc_id, "text"])
        removed = {int(x["line_no"]): x for x in clean_text(text, doc_id=doc_id).removed}
        hit += sum(1 for n in removed if (doc_id, n) in marked)
        body_removed += [
            f"{doc_id} L{n} [{x['reason']}] {x['text'][:80]}" for n, x in removed.items() if (doc_id, n) not in marked
        ]
    print(
        f"\ncleaning: furniture recall {hit}/{len(marked)} = {hit / len(marked):.3f}; body removed {len(body_removed)}"
    )
    assert body_removed == []
    assert hit / len(marked) >= 0.6

"""The mention finder: gold precision/recall on the seeds, and each matching rule on its own."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.actors import load_actors
from analysis.mentions import find_mentions

GOLD = Path(__file__).parent / "gold" / "mentions_gold.csv"


def _mentions(text: str, **kw) -> pd.DataFrame:
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    sents = pd.DataFrame({"doc_id": ["d"], "sent_id": [0], "para_id": [0], "start": [0], "end": [len(text)],
                          "text": [text], "is_title": [False]})
    return find_mentions(docs, sents, load_actors(**kw))


def test_gold_precision_recall(seed_run) -> None:
    """Against the hand-checked gold list: P and R >= 0.95 over the kept text; misses printed."""
    gold = pd.read_csv(GOLD, dtype={"doc_id": str})
    sents = seed_run["sentences"]
    kept = {(r.doc_id, i) for r in sents.itertuples() for i in range(r.start, r.end)}
    in_body = [(d, s) in kept for d, s in zip(gold.doc_id, gold.start)]
    furniture = gold[[not k for k in in_body]]
    gold = gold[in_body]
    m = seed_run["mentions"]
    m = m[m["counted"]]
    pred = set(zip(m.doc_id, m.actor, m.start, m.end))
    ref = set(zip(gold.doc_id, gold.actor, gold.start, gold.end))
    tp = len(pred & ref)
    precision, recall = tp / len(pred), tp / len(ref)
    texts = dict(zip(seed_run["docs"].doc_id, seed_run["docs"].text))
    print(f"\nmention finder: precision {precision:.3f}, recall {recall:.3f} ({tp} of {len(ref)} gold, {len(pred)} found)")
    for label, rows in (("false positive", pred - ref), ("missed", ref - pred)):
        for d, a, s, e in sorted(rows):
            print(f"  {label}: {d} {a} {texts[d][s:e]!r} in ...{texts[d][max(0, s - 40):e + 40]!r}...")
    print(f"  gold mentions in removed furniture (not searched): {len(furniture)}")
    for r in furniture.itertuples():
        print(f"    {r.doc_id} {r.actor} {r.surface!r} at {r.start}")
    assert precision >= 0.95 and recall >= 0.95


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("Mevlüt Çavuşoğlu met Mevlut Cavusoglu and Mevlet Cavusoglu.",
         [("Mevlüt Çavuşoğlu", "person"), ("Mevlut Cavusoglu", "person"), ("Mevlet Cavusoglu", "person")]),
        ("Turkey's and Ankara\u2019s stance", [("Turkey", "name"), ("Ankara", "metonym")]),
        ("the Kremlin-backed army and Turkish-backed rebels", [("Kremlin", "modifier"), ("Turkish", "modifier")]),
        ("in a Turkish resort town near the Turkish-Syrian border", [("Turkish", "place"), ("Turkish", "place")]),
        ("the Russian Federation and Russians", [("Russian Federation", "name"), ("Russians", "name")]),
        ("We ate turkey; a russian doll", []),
        ("TURKEY SEEKS ROLE WITH RUSSIA", [("TURKEY", "name"), ("RUSSIA", "name")]),
        ("President Recep Tayyip Erdogan and Erdogan", [("Recep Tayyip Erdogan", "person"), ("Erdogan", "person")]),
        ("Syria cease fireTurkey and Russia", [("Turkey", "name"), ("Russia", "name")]),
        ("the Moscow State Institute of International Relations", [("Moscow", "excluded")]),
        ("Binali Yıldırım and Yildirim", [("Binali Yıldırım", "person"), ("Yildirim", "person")]),
        ("Russian-Turkish relations", [("Russian", "adjective"), ("Turkish", "adjective")]),
    ],
)
def test_rules(text: str, expected: list[tuple[str, str]]) -> None:
    m = _mentions(text)
    assert list(zip(m["surface"], m["kind"])) == expected
    assert all(text[s:e] == surf for s, e, surf in zip(m["start"], m["end"], m["surface"]))


def test_flags_and_persons() -> None:
    text = "Lavrov said \u201cTurkey\u2019s army\u201d acted, Turkey said."
    m = _mentions(text)
    assert m["actor"].tolist() == ["Russia", "Turkey", "Turkey"]
    assert m["person"].tolist() == ["Sergey Lavrov", "", ""]
    assert m["in_quote"].tolist() == [False, True, False]
    assert m["possessive"].tolist() == [False, True, False]
    assert m["counted"].all()


def test_optional_actors() -> None:
    text = "Russia backs Assad while rebels and the U.S. watch."
    assert _mentions(text)["actor"].tolist() == ["Russia"]
    m = _mentions(text, enable=["all"])
    assert m["actor"].tolist() == ["Russia", "Syrian government", "Syrian opposition", "United States"]


def test_no_sentences() -> None:
    docs = pd.DataFrame({"doc_id": [], "text": []})
    assert find_mentions(docs, pd.DataFrame(columns=["doc_id"]), load_actors()).empty

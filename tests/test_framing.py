"""Reading aids over the framing tables: evidence marking, label grid, verb summary, omissions."""

from __future__ import annotations

import pandas as pd

from analysis.report.readouts import informative_omissions, span_evidence, top_terms, verb_summary


def test_span_evidence_marks_and_escapes() -> None:
    text = "Intro. <b>Russia</b> backs Assad."
    sents = pd.DataFrame(
        {"doc_id": ["d", "d"], "sent_id": [0, 1], "start": [0, 7], "end": [6, len(text)], "text": [text[:6], text[7:]]}
    )
    docs = pd.DataFrame({"doc_id": ["d"], "outlet": ["X"]})
    a = text.index("Russia")
    rows = pd.DataFrame(
        {"doc_id": ["d", "d"], "sent_id": [1, 1], "start": [a, 0], "end": [a + 6, 3], "kind": ["x", "y"]}
    )
    ev = span_evidence(rows, sents, docs, keep=["kind"])
    assert ev.loc[0, "html"] == "&lt;b&gt;<mark>Russia</mark>&lt;/b&gt; backs Assad."
    assert "<mark>" not in ev.loc[1, "html"]  # a span outside the sentence is not marked
    assert list(ev.columns) == ["outlet", "doc_id", "sent_id", "kind", "html"]
    assert len(span_evidence(rows.iloc[:0], sents, docs)) == 0


def test_top_terms_and_verb_summary() -> None:
    lc = pd.DataFrame(
        {
            "outlet": ["A", "A", "A", "B"],
            "actor": ["S"] * 4,
            "kind": ["evaluative", "title", "evaluative", "title"],
            "term": ["regime", "president", "dictator", "president"],
            "n": [3, 1, 1, 2],
        }
    )
    grid = top_terms(lc, n=2)
    assert grid.loc["A", "S"] == "regime (3), dictator (1)" and grid.loc["B", "S"] == "president (2)"
    rv = pd.DataFrame(
        {
            "outlet": ["A", "A", "A"],
            "actor": ["R"] * 3,
            "role": ["agent", "agent", "patient"],
            "verb": ["back", "bomb", "criticise"],
            "n": [2, 1, 1],
        }
    )
    vs = verb_summary(rv, n=1).iloc[0]
    assert (vs["does"], vs["is done to it"]) == ("back (2)", "criticise (1)")
    assert len(top_terms(lc.iloc[:0])) == 0 and len(verb_summary(rv.iloc[:0])) == 0


def test_informative_omissions_keeps_items_not_everywhere() -> None:
    om = pd.DataFrame(
        {
            "item_id": [0, 0, 1, 1, 2, 2],
            "kind": ["entity"] * 4 + ["claim"] * 2,
            "label": ["x", "x", "y", "y", "z", "z"],
            "outlet": ["A", "B"] * 3,
            "present": [True, True, True, False, True, False],
            "n_outlets": [2, 2, 1, 1, 1, 1],
        }
    )
    out = informative_omissions(om)
    assert set(out["label"]) == {"y"}


def test_label_grid_and_finding() -> None:
    from analysis.report.findings import label_finding
    from analysis.report.readouts import label_grid

    lc = pd.DataFrame(
        {
            "outlet": ["A", "A", "B", "B"],
            "actor": ["S", "S", "S", "T"],
            "kind": ["evaluative", "title", "evaluative", "title"],
            "term": ["regime", "president", "regime", "leader"],
            "n": [3, 1, 2, 5],
            "evaluative": [True, False, True, False],
        }
    )
    grid, order = label_grid(lc, "S", n=1)
    assert order == ["regime"] and set(grid["outlet"]) == {"A", "B"} and grid["n"].sum() == 5
    assert label_finding(lc) == "A calls S \u201cregime\u201d 3 times"  # 3 against B's 2
    assert label_finding(lc.assign(evaluative=False)) == "What each outlet calls each actor"

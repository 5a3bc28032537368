"""Stance: per-actor scores, aggregates with intervals, evidence, and the stance/validate commands."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.cli import main
from analysis.stance import (
    aggregate_stances, bootstrap_ci, classification_report, evidence, get_scorer, highlight,
    read_newsmtsc, score_mentions, score_newsmtsc,
)

SCORERS = ["fast", "accurate"]


class KeywordScorer:
    """A transparent stand-in: positive if 'good' follows the target, negative if 'bad' does."""

    name = "keyword"

    def predict_proba(self, texts, spans):
        out = []
        for text, (a, b) in zip(texts, spans):
            after = text[b:b + 12]
            out.append([0.8, 0.1, 0.1] if "bad" in after else [0.1, 0.1, 0.8] if "good" in after else [0.1, 0.8, 0.1])
        return np.array(out)


def _one_doc(text: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    from analysis.actors import load_actors
    from analysis.mentions import find_mentions

    docs = pd.DataFrame({"doc_id": ["d"], "outlet": ["X"], "text": [text]})
    sents = pd.DataFrame({"doc_id": ["d"], "sent_id": [0], "para_id": [0], "start": [0], "end": [len(text)],
                          "text": [text], "is_title": [False], "quote_share": [0.0]})
    return docs, sents, find_mentions(docs, sents, load_actors())


def test_two_actors_scored_independently() -> None:
    docs, sents, ments = _one_doc("Russia is bad at this, while Turkey is good at it.")
    st = score_mentions(sents, ments, scorer=KeywordScorer()).set_index("actor")
    assert st.loc["Russia", "label"] == "negative" and st.loc["Turkey", "label"] == "positive"
    assert st.loc["Russia", "score"] == pytest.approx(-0.7) and st.loc["Turkey", "method"] == "keyword"


@pytest.mark.parametrize("name", SCORERS)
def test_real_scorers_can_split_two_actors(name: str) -> None:
    text = "Critics accused Russia of war crimes; Turkey won praise for sheltering refugees."
    docs, sents, ments = _one_doc(text)
    st = score_mentions(sents, ments, scorer=name).set_index("actor")
    assert st.loc["Russia", "score"] < st.loc["Turkey", "score"]
    assert st.loc["Russia", "label"] == "negative" and st.loc["Turkey", "label"] != "negative"


@pytest.mark.parametrize("name", SCORERS + ["vader"])
def test_scores_in_range_on_seeds(seed_run, name: str) -> None:
    st = score_mentions(seed_run["sentences"], seed_run["mentions"], scorer=name)
    assert len(st) == seed_run["mentions"][seed_run["mentions"]["counted"]].groupby(["doc_id", "sent_id", "actor"]).ngroups
    assert st["score"].between(-1, 1).all()
    p = st[["p_negative", "p_neutral", "p_positive"]].to_numpy()
    assert np.allclose(p.sum(axis=1), 1, atol=1e-5)
    assert set(st["label"]) <= {"negative", "neutral", "positive"} and (st["method"].str.startswith(name)).all()


def test_repeated_mentions_are_averaged() -> None:
    docs, sents, ments = _one_doc("Russia is bad and Russia is good.")
    st = score_mentions(sents, ments, scorer=KeywordScorer())
    assert len(st) == 1 and st.iloc[0]["n_mentions"] == 2 and st.iloc[0]["score"] == pytest.approx(0.0)


def test_empty_inputs() -> None:
    docs, sents, ments = _one_doc("Nothing here.")
    assert score_mentions(sents, ments, scorer=KeywordScorer()).empty
    assert aggregate_stances(score_mentions(sents, ments, scorer=KeywordScorer()), docs).empty
    assert evidence(pd.DataFrame(), sents, ments, docs).empty


def test_bootstrap_ci() -> None:
    lo, hi = bootstrap_ci(np.array([0.0, 1.0] * 50), seed=1)
    assert lo < 0.5 < hi and hi - lo < 0.25
    assert bootstrap_ci(np.array([1.0, 1.0, 1.0]))[0] == 1.0
    assert all(np.isnan(bootstrap_ci(np.array([0.3]))))


def test_aggregates_by_voice() -> None:
    stances = pd.DataFrame({
        "doc_id": ["a"] * 4, "sent_id": [0, 1, 2, 3], "actor": ["R"] * 4, "score": [-1.0, -0.5, 0.5, 1.0],
        "label": ["negative", "negative", "positive", "positive"], "voice": ["outlet", "outlet", "quote", "quote"],
        "method": ["m"] * 4,
    })
    docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"]})
    agg = aggregate_stances(stances, docs, n_boot=500).set_index("voice")
    assert agg.loc["all", "n"] == 4 and agg.loc["all", "mean_score"] == pytest.approx(0.0)
    assert agg.loc["outlet", "mean_score"] == pytest.approx(-0.75) and agg.loc["quote", "share_positive"] == 1.0
    assert agg.loc["all", "ci_low"] <= 0 <= agg.loc["all", "ci_high"]
    by_doc = aggregate_stances(stances, docs, by="doc_id", voices=("all",), n_boot=100)
    assert list(by_doc.columns[:3]) == ["doc_id", "outlet", "actor"]


def test_seed_stances_trace_and_evidence(seed_run) -> None:
    st, sents, docs = seed_run["stances"], seed_run["sentences"], seed_run["docs"]
    texts = dict(zip(docs["doc_id"], docs["text"]))
    m = seed_run["mentions"].set_index(["doc_id", "start"])
    for rec in st.itertuples():
        assert m.loc[(rec.doc_id, rec.mention_start), "actor"] == rec.actor
    agg = seed_run["stance_outlet"]
    recomputed = st.merge(docs[["doc_id", "outlet"]]).groupby(["outlet", "actor"])["score"].mean()
    for rec in agg[agg.voice == "all"].itertuples():
        assert rec.mean_score == pytest.approx(recomputed[(rec.outlet, rec.actor)])
    ev = seed_run["stance_evidence"]
    assert len(ev) > 0
    sent_idx = sents.set_index(["doc_id", "sent_id"])
    for rec in ev.itertuples():
        s = sent_idx.loc[(rec.doc_id, rec.sent_id)]
        assert texts[rec.doc_id][s.start:s.end] == rec.text
        assert "<mark>" in rec.html


def test_highlight_escapes() -> None:
    text = "<b>Russia</b> & co"
    assert highlight(text, [(3, 9)]) == "&lt;b&gt;<mark>Russia</mark>&lt;/b&gt; &amp; co"


GOLD = [
    {"sentence_normalized": "Turkey helps.", "targets": [{"from": 0, "to": 6, "polarity": 6.0}]},
    {"sentence_normalized": "Russia bombs.", "targets": [{"from": 0, "to": 6, "polarity": 2.0}]},
    {"sentence_normalized": "Russia and Turkey met.", "targets": [{"from": 0, "to": 6, "polarity": 4.0}, {"from": 11, "to": 17, "polarity": 4.0}]},
    {"sentence_normalized": "Turkey fails.", "targets": [{"from": 0, "to": 6, "polarity": 2.0}]},
]
PRED = [6.0, 4.0, 4.0, 2.0, 2.0]  # per target, in order


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_validate_matches_hand_computation(tmp_path: Path, capsys) -> None:
    gold = _jsonl(tmp_path / "gold.jsonl", GOLD)
    preds = json.loads(json.dumps(GOLD))
    k = 0
    for rec in preds:
        for t in rec["targets"]:
            t["predicted_polarity"] = PRED[k]
            k += 1
    pred = _jsonl(tmp_path / "pred.jsonl", preds)
    assert main(["validate", "--gold", str(gold), "--predictions", str(pred), "--json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    # By hand: gold neg,neg / neu,neu / pos -> targets (gold, pred): (pos,pos) (neg,neu) (neu,neg) (neu,neg)... see below.
    # Targets: T1 gold pos pred pos; T2 gold neg pred neu; T3 gold neu pred neu; T4 gold neu pred neg; T5 gold neg pred neg.
    # negative: P = 1/2, R = 1/2, F1 = 1/2; neutral: P = 1/2, R = 1/2, F1 = 1/2; positive: P = R = F1 = 1.
    assert rep["n"] == 5 and rep["accuracy"] == pytest.approx(3 / 5)
    assert rep["macro_f1"] == pytest.approx((0.5 + 0.5 + 1.0) / 3)
    assert rep["confusion"] == [[1, 1, 0], [1, 1, 0], [0, 0, 1]]
    assert rep["per_class"]["negative"]["precision"] == pytest.approx(0.5)
    assert main(["validate", "--gold", str(gold), "--predictions", str(pred)]) == 0
    printed = capsys.readouterr().out
    assert "macro-F1  0.6667" in printed and "confusion matrix" in printed


def test_classification_report_matches_sklearn() -> None:
    from sklearn.metrics import accuracy_score, f1_score

    rng = np.random.default_rng(0)
    labels = ["negative", "neutral", "positive"]
    g = rng.choice(labels, 200).tolist()
    p = rng.choice(labels, 200).tolist()
    rep = classification_report(g, p)
    assert rep["macro_f1"] == pytest.approx(f1_score(g, p, average="macro"))
    assert rep["accuracy"] == pytest.approx(accuracy_score(g, p))


@pytest.mark.parametrize("name", ["fast", "vader"])
def test_stance_command_writes_predictions(tmp_path: Path, name: str) -> None:
    src = _jsonl(tmp_path / "in.jsonl", [{k: v for k, v in r.items()} for r in GOLD])
    out = tmp_path / "out.jsonl"
    assert main(["stance", "--input", str(src), "--output", str(out), "--scorer", name]) == 0
    recs = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(recs) == len(GOLD)
    for r, g in zip(recs, GOLD):
        assert r["sentence_normalized"] == g["sentence_normalized"]
        for t, gt in zip(r["targets"], g["targets"]):
            assert t["polarity"] == gt["polarity"] and t["predicted_polarity"] in (2.0, 4.0, 6.0) and -1 <= t["score"] <= 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{bad json\n", "line 1: invalid JSON"),
        ('{"targets": []}\n', "needs 'sentence_normalized'"),
        ('{"sentence_normalized": "abc", "targets": [{"from": 2, "to": 9}]}\n', "offsets into the sentence"),
        ('{"sentence_normalized": "abc", "targets": [{"from": 0, "to": 1, "polarity": 3.0}]}\n', "polarity must be"),
    ],
)
def test_bad_newsmtsc_files(tmp_path: Path, content: str, message: str, capsys) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_newsmtsc(path)
    assert main(["stance", "--input", str(path), "--output", str(tmp_path / "o.jsonl")]) == 2
    assert str(path) in capsys.readouterr().err


def test_score_newsmtsc_empty() -> None:
    assert score_newsmtsc([], scorer="fast") == []


def test_unknown_scorer() -> None:
    with pytest.raises(ValueError, match="unknown scorer"):
        get_scorer("magic")


def _devtest_sample(n: int) -> tuple[list[str], list[tuple[int, int]]]:
    recs = read_newsmtsc(Path(__file__).resolve().parent.parent / "training/data/newsmtsc/devtest_rw.jsonl")
    texts, spans = [], []
    for rec in recs[:n]:
        for t in rec["targets"]:
            texts.append(rec["sentence_normalized"])
            spans.append((t["from"], t["to"]))
    return texts, spans


def test_accurate_parallel_sessions_match_one_session() -> None:
    from analysis.scorers.accurate import AccurateScorer

    texts, spans = _devtest_sample(40)
    one = AccurateScorer(threads=1, batch_size=8).predict_proba(texts, spans)
    two = AccurateScorer(threads=2, batch_size=8).predict_proba(texts, spans)
    assert len(one) == len(texts) and np.array_equal(one, two)


def test_accurate_batch_one_score_does_not_depend_on_other_pairs() -> None:
    from analysis.scorers.accurate import AccurateScorer

    texts, spans = _devtest_sample(30)
    scorer = AccurateScorer(threads=2, batch_size=1)
    together = scorer.predict_proba(texts, spans)
    alone = np.vstack([scorer.predict_proba([t], [s]) for t, s in zip(texts, spans)])
    assert np.allclose(together, alone, atol=1e-6)


@pytest.mark.parametrize("kwargs", [{"threads": 0}, {"batch_size": 0}])
def test_accurate_rejects_bad_options(kwargs: dict) -> None:
    from analysis.scorers.accurate import AccurateScorer

    with pytest.raises(ValueError):
        AccurateScorer(**kwargs)

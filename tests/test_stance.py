"""Stance: per-actor scores, aggregates with intervals, evidence, and the stance/validate commands."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.cli import main
from analysis.stance.aggregate import AGG_COLUMNS, DOC_COLUMNS, aggregate_stances
from analysis.stance.bootstrap import EXACT_BOOTSTRAP_MAX, bootstrap_ci, bootstrap_cis
from analysis.stance.evidence import EVIDENCE_COLUMNS, evidence, highlight
from analysis.stance.scoring import LABELS, STANCE_COLUMNS, get_scorer, score_mentions
from analysis.stance.validation import classification_report, read_newsmtsc, score_newsmtsc

SCORERS = ["fast", "accurate"]


class KeywordScorer:
    """A transparent stand-in: positive if 'good' follows the target, negative if 'bad' does."""

    name = "keyword"

    def predict_proba(self, texts, spans):
        out = []
        for text, (_, b) in zip(texts, spans):
            after = text[b : b + 12]
            out.append([0.8, 0.1, 0.1] if "bad" in after else [0.1, 0.1, 0.8] if "good" in after else [0.1, 0.8, 0.1])
        return np.array(out)


def _one_doc(text: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    from analysis.ingest.actors import load_actors
    from analysis.mentions.matching import find_mentions

    docs = pd.DataFrame({"doc_id": ["d"], "outlet": ["X"], "text": [text]})
    sents = pd.DataFrame(
        {
            "doc_id": ["d"],
            "sent_id": [0],
            "para_id": [0],
            "start": [0],
            "end": [len(text)],
            "text": [text],
            "is_title": [False],
            "quote_share": [0.0],
        }
    )
    return docs, sents, find_mentions(docs, sents, load_actors())


def test_two_actors_scored_independently() -> None:
    _docs, sents, ments = _one_doc("Russia is bad at this, while Turkey is good at it.")
    st = score_mentions(sents, ments, scorer=KeywordScorer()).set_index("actor")
    assert st.loc["Russia", "label"] == "negative" and st.loc["Turkey", "label"] == "positive"
    assert st.loc["Russia", "score"] == pytest.approx(-0.7) and st.loc["Turkey", "method"] == "keyword"


@pytest.mark.parametrize("name", SCORERS)
def test_real_scorers_can_split_two_actors(name: str) -> None:
    text = "Critics accused Russia of war crimes; Turkey won praise for sheltering refugees."
    _docs, sents, ments = _one_doc(text)
    st = score_mentions(sents, ments, scorer=name).set_index("actor")
    assert st.loc["Russia", "score"] < st.loc["Turkey", "score"]
    assert st.loc["Russia", "label"] == "negative" and st.loc["Turkey", "label"] != "negative"


@pytest.mark.parametrize("name", SCORERS + ["vader"])
def test_scores_in_range_on_seeds(seed_run, name: str) -> None:
    st = score_mentions(seed_run["sentences"], seed_run["mentions"], scorer=name)
    m = seed_run["mentions"]
    assert len(st) == m[m["counted"] & (m["kind"] != "modifier")].groupby(["doc_id", "sent_id", "actor"]).ngroups
    assert set(st["via"]) == {"name"}
    assert st["score"].between(-1, 1).all()
    p = st[["p_negative", "p_neutral", "p_positive"]].to_numpy()
    assert np.allclose(p.sum(axis=1), 1, atol=1e-5)
    assert set(st["label"]) <= {"negative", "neutral", "positive"} and (st["method"].str.startswith(name)).all()


def test_modifiers_are_not_scored() -> None:
    # "Putin's spokesman" and "Kremlin-backed" are about someone else: only Turkey is scored
    _docs, sents, ments = _one_doc("Putin's spokesman is bad, the Kremlin-backed army is bad, Turkey is good.")
    assert {"modifier"} == set(ments[ments["actor"] == "Russia"]["kind"])
    st = score_mentions(sents, ments, scorer=KeywordScorer())
    assert st["actor"].tolist() == ["Turkey"]


def test_repeated_mentions_are_averaged() -> None:
    _docs, sents, ments = _one_doc("Russia is bad and Russia is good.")
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
    stances = pd.DataFrame(
        {
            "doc_id": ["a"] * 4,
            "sent_id": [0, 1, 2, 3],
            "actor": ["R"] * 4,
            "score": [-1.0, -0.5, 0.5, 1.0],
            "label": ["negative", "negative", "positive", "positive"],
            "voice": ["outlet", "outlet", "quote", "quote"],
            "method": ["m"] * 4,
        }
    )
    docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"]})
    agg = aggregate_stances(stances, docs, n_boot=500).set_index("voice")
    assert agg.loc["all", "n"] == 4 and agg.loc["all", "mean_score"] == pytest.approx(0.0)
    assert agg.loc["outlet", "mean_score"] == pytest.approx(-0.75) and agg.loc["quote", "share_positive"] == 1.0
    assert agg.loc["all", "n_articles"] == 1 and np.isnan(agg.loc["all", "ci_low"])  # one article: no interval
    by_doc = aggregate_stances(stances, docs, by="doc_id", voices=("all",), n_boot=100)
    assert list(by_doc.columns[:3]) == ["doc_id", "outlet", "actor"]


def test_seed_stances_trace_and_evidence(seed_run) -> None:
    st, sents, docs = seed_run["stances"], seed_run["sentences"], seed_run["docs"]
    texts = dict(zip(docs["doc_id"], docs["text"]))
    m = seed_run["mentions"].set_index(["doc_id", "start"])
    r = seed_run["references"].set_index(["doc_id", "start"])
    assert {"name", "reference"} == set(st["via"])  # the seeds have sentences that only say "his" or "it"
    for rec in st.itertuples():  # every row traces back to the name or the pronoun it scored
        target = m if rec.via == "name" else r
        assert target.loc[(rec.doc_id, rec.mention_start), "actor"] == rec.actor
    agg = seed_run["stance_outlet"]
    recomputed = st.merge(docs[["doc_id", "outlet"]]).groupby(["outlet", "actor"])["score"].mean()
    for rec in agg[agg.voice == "all"].itertuples():
        assert rec.mean_score == pytest.approx(recomputed[(rec.outlet, rec.actor)])
    ev = seed_run["stance_evidence"]
    assert len(ev) > 0
    sent_idx = sents.set_index(["doc_id", "sent_id"])
    for rec in ev.itertuples():
        s = sent_idx.loc[(rec.doc_id, rec.sent_id)]
        assert texts[rec.doc_id][s.start : s.end] == rec.text
        assert "<mark>" in rec.html


def test_highlight_escapes() -> None:
    text = "<b>Russia</b> & co"
    assert highlight(text, [(3, 9)]) == "&lt;b&gt;<mark>Russia</mark>&lt;/b&gt; &amp; co"


@pytest.mark.parametrize(
    ("notes", "expected"),
    [
        ((), "<mark>He</mark> won"),
        (("",), "<mark>He</mark> won"),
        (("Donald <J.> Trump",), '<mark>He</mark> <span class="ref">[Donald &lt;J.&gt; Trump]</span> won'),
    ],
)
def test_highlight_notes_are_escaped(notes, expected) -> None:
    assert highlight("He won", [(0, 2)], notes) == expected


def test_evidence_shows_what_a_reference_refers_to() -> None:
    """A sentence scored through a pronoun shows the name the pronoun was resolved to."""
    from analysis.mentions.references import with_references

    text = "Trump spoke. He <b>won</b>."
    docs = pd.DataFrame({"doc_id": ["d"], "outlet": ["X"], "text": [text]})
    sents = pd.DataFrame(
        {"doc_id": ["d", "d"], "sent_id": [0, 1], "start": [0, 13], "end": [12, 27], "text": [text[:12], text[13:]]}
    )
    ments = pd.DataFrame(
        {"doc_id": ["d"], "sent_id": [0], "actor": ["Trump"], "surface": ["Trump"], "start": [0], "end": [5],
         "kind": ["name"], "form": ["Trump"], "person": [""], "possessive": [False], "in_title": [False],
         "in_quote": [False], "counted": [True]}
    )  # fmt: skip
    refs = pd.DataFrame(
        {"doc_id": ["d"], "sent_id": [1], "actor": ["Trump"], "person": [""], "surface": ["He"], "start": [13],
         "end": [15], "kind": ["pronoun"], "antecedent": ["Trump"], "antecedent_start": [0], "antecedent_end": [5],
         "rule": ["salience"], "confidence": [1.0], "in_quote": [False]}
    )  # fmt: skip
    both = with_references(ments, refs)
    st = pd.DataFrame(
        {"doc_id": ["d", "d"], "sent_id": [0, 1], "actor": ["Trump"] * 2, "score": [-0.5, 0.8],
         "label": ["negative", "positive"], "voice": ["outlet"] * 2, "speaker": [""] * 2, "via": ["name", "reference"]}
    )  # fmt: skip
    ev = evidence(st, sents, both, docs).set_index("via")
    assert ev.loc["reference", "html"] == '<mark>He</mark> <span class="ref">[Trump]</span> &lt;b&gt;won&lt;/b&gt;.'
    assert ev.loc["name", "html"] == "<mark>Trump</mark> spoke."


GOLD = [
    {"sentence_normalized": "Turkey helps.", "targets": [{"from": 0, "to": 6, "polarity": 6.0}]},
    {"sentence_normalized": "Russia bombs.", "targets": [{"from": 0, "to": 6, "polarity": 2.0}]},
    {
        "sentence_normalized": "Russia and Turkey met.",
        "targets": [{"from": 0, "to": 6, "polarity": 4.0}, {"from": 11, "to": 17, "polarity": 4.0}],
    },
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
    # By hand: gold neg,neg / neu,neu / pos -> targets (gold, pred): (pos,pos) (neg,neu) (neu,neg)
    # (neu,neg)... see below.
    # Targets: T1 gold pos pred pos; T2 gold neg pred neu; T3 gold neu pred neu; T4 gold neu pred neg;
    # T5 gold neg pred neg.
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
    src = _jsonl(tmp_path / "in.jsonl", [dict(r.items()) for r in GOLD])
    out = tmp_path / "out.jsonl"
    assert main(["stance", "--input", str(src), "--output", str(out), "--scorer", name]) == 0
    recs = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(recs) == len(GOLD)
    for r, g in zip(recs, GOLD):
        assert r["sentence_normalized"] == g["sentence_normalized"]
        for t, gt in zip(r["targets"], g["targets"]):
            assert (
                t["polarity"] == gt["polarity"] and t["predicted_polarity"] in (2.0, 4.0, 6.0) and -1 <= t["score"] <= 1
            )


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
    from analysis.stance.scorers.accurate import AccurateScorer

    texts, spans = _devtest_sample(40)
    one = AccurateScorer(threads=1, batch_size=8).predict_proba(texts, spans)
    two = AccurateScorer(threads=2, batch_size=8).predict_proba(texts, spans)
    assert len(one) == len(texts) and np.array_equal(one, two)


def test_accurate_batch_one_score_does_not_depend_on_other_pairs() -> None:
    from analysis.stance.scorers.accurate import AccurateScorer

    texts, spans = _devtest_sample(30)
    scorer = AccurateScorer(threads=2, batch_size=1)
    together = scorer.predict_proba(texts, spans)
    alone = np.vstack([scorer.predict_proba([t], [s]) for t, s in zip(texts, spans)])
    assert np.allclose(together, alone, atol=1e-6)


@pytest.mark.parametrize("kwargs", [{"threads": 0}, {"batch_size": 0}])
def test_accurate_rejects_bad_options(kwargs: dict) -> None:
    from analysis.stance.scorers.accurate import AccurateScorer

    with pytest.raises(ValueError):
        AccurateScorer(**kwargs)


# --- per-batch tables: references, batching, empty inputs ---------------------------------------

ACTORS = ["Russia", "Turkey", "Syria"]


class TieScorer:
    """Deterministic probabilities from the sentence and the span, in steps of 0.1 (many equal scores)."""

    name = "ties"

    def predict_proba(self, texts, spans):
        out = []
        for text, (a, b) in zip(texts, spans):
            h = (len(text) * 7 + a * 3 + b) % 41
            neg, pos = (h % 7) / 10, (h // 7 % 7) / 10
            neg, pos = (neg / 2, pos / 2) if neg + pos > 1 else (neg, pos)
            out.append([neg, 1 - neg - pos, pos])
        return np.array(out)


def _random_corpus(seed: int, n_docs: int = 24) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Random docs, sentences (with HTML-special characters) and mentions: several actors per sentence,
    interleaved, some not counted, some quoted, and a few documents that mention one actor in many sentences."""
    rng = np.random.default_rng(seed)
    docs = pd.DataFrame(
        {
            "doc_id": [f"d{seed}-{i:03d}" for i in range(n_docs)],
            "outlet": rng.choice(["Beta", "Alpha", "Gamma"], n_docs),
        }
    )
    sents, ments = [], []
    for doc_id in docs["doc_id"]:
        pos = 0
        for sent_id in range(int(rng.choice([1, 2, 3, 5, 9, 20]))):
            text = " ".join(rng.choice(["a", "b&c", "<d>", "'e'", "Russia", "Turkey"], int(rng.integers(3, 12))))
            sents.append(
                {
                    "doc_id": doc_id,
                    "sent_id": sent_id,
                    "start": pos,
                    "end": pos + len(text),
                    "text": text,
                    "n_words": len(text.split()),
                }
            )
            for _ in range(int(rng.choice([0, 1, 1, 2, 4]))):
                a = int(rng.integers(0, len(text)))
                ments.append(
                    {
                        "doc_id": doc_id,
                        "sent_id": sent_id,
                        "actor": str(rng.choice(ACTORS)),
                        "start": pos + a,
                        "end": pos + min(len(text), a + int(rng.integers(1, 7))),
                        "in_title": sent_id == 0,
                        "in_quote": bool(rng.random() < 0.3),
                        "counted": bool(rng.random() < 0.9),
                    }
                )
            pos += len(text) + 1
    return docs, pd.DataFrame(sents), pd.DataFrame(ments)


def _batches(docs: pd.DataFrame, sents: pd.DataFrame, ments: pd.DataFrame, size: int):
    """The corpus cut into batches of ``size`` documents (as the batched pipeline does)."""
    for lo in range(0, len(docs), size):
        part = docs.iloc[lo : lo + size].reset_index(drop=True)
        keep = lambda f, part=part: f[f["doc_id"].isin(set(part["doc_id"]))].reset_index(drop=True)  # noqa: E731
        yield part, keep(sents), keep(ments)


def _direct_ci(values: np.ndarray, n_boot: int, level: float, seed: int) -> tuple[float, float]:
    """The percentile bootstrap written out: resample means summed in resample order, np.quantile ends."""
    n = len(values)
    if n < 2:
        return float("nan"), float("nan")
    idx = np.random.default_rng(seed).integers(0, n, size=(n_boot, n))
    means = np.array([sum(values[row].tolist()) / n for row in idx])
    alpha = (1 - level) / 2
    return float(np.quantile(means, alpha)), float(np.quantile(means, 1 - alpha))


@pytest.mark.parametrize(("n_boot", "level", "seed"), [(2000, 0.95, 0), (101, 0.9, 3), (1, 0.95, 0)])
def test_bootstrap_cis_equal_direct_computation(n_boot: int, level: float, seed: int) -> None:
    rng = np.random.default_rng(7)
    sizes = [0, 1, 2, 2, 3, 4, 4, 4, 5, 7, 8, 9, 13, 13, 40, 129, 1, 2]
    groups = [np.round(rng.normal(size=n), 1) if n % 2 else rng.normal(size=n) for n in sizes]
    lo, hi = bootstrap_cis(groups, n_boot=n_boot, level=level, seed=seed)
    for g, a, b in zip(groups, lo, hi):
        ref = _direct_ci(g, n_boot, level, seed)
        assert np.array_equal([a, b], ref, equal_nan=True), (len(g), (a, b), ref)
        alone = bootstrap_cis([g], n_boot=n_boot, level=level, seed=seed)  # the other groups change nothing
        assert np.array_equal([alone[0][0], alone[1][0]], [a, b], equal_nan=True)


def test_bootstrap_cis_large_groups_nan_and_empty() -> None:
    from statistics import NormalDist

    rng = np.random.default_rng(1)
    big = rng.normal(size=EXACT_BOOTSTRAP_MAX + 1)
    lo, hi = bootstrap_cis([big, np.array([0.5, np.nan, 0.2]), big[:3]])
    half = NormalDist().inv_cdf(0.975) * big.std(ddof=1) / np.sqrt(len(big))
    assert (lo[0], hi[0]) == (big.mean() - half, big.mean() + half)
    assert np.isnan(lo[1]) and np.isnan(hi[1]) and lo[2] < hi[2]
    empty = bootstrap_cis([])
    assert empty[0].shape == empty[1].shape == (0,)


def _kahan_mean(values: list[float]) -> float:
    """pandas' grouped mean of one group: Kahan-compensated sum in row order, divided by the count."""
    total = comp = 0.0
    for v in values:
        y = v - comp
        t = total + y
        comp = (t - total) - y
        total = t
    return total / len(values)


def test_score_mentions_against_reference_and_batches() -> None:
    docs, sents, ments = _random_corpus(1)
    st = score_mentions(sents, ments, scorer=TieScorer())
    counted = ments[ments["counted"]].merge(
        sents[["doc_id", "sent_id", "start", "text"]].rename(columns={"start": "s0"}), on=["doc_id", "sent_id"]
    )
    spans = list(zip(counted["start"] - counted["s0"], counted["end"] - counted["s0"]))
    proba = TieScorer().predict_proba(counted["text"].tolist(), spans)
    keys = list(zip(counted["doc_id"], counted["sent_id"], counted["actor"]))
    assert not pd.Series(pd.factorize(pd.Series(keys))[0]).is_monotonic_increasing  # actors interleave
    expected = []
    for key in dict.fromkeys(keys):  # first-mention order
        rows = [i for i, k in enumerate(keys) if k == key]
        p = [_kahan_mean(proba[rows, j].tolist()) for j in range(3)]
        quoted = bool(counted["in_quote"].iloc[rows].all())
        expected.append(
            {
                "doc_id": key[0],
                "sent_id": key[1],
                "actor": key[2],
                "score": max(-1.0, min(1.0, p[2] - p[0])),
                "label": LABELS[int(np.argmax(p))],
                "p_negative": p[0],
                "p_neutral": p[1],
                "p_positive": p[2],
                "n_mentions": len(rows),
                "mention_start": int(counted["start"].iloc[rows].min()),
                "mention_end": int(counted["end"].iloc[rows[0]]),
                "in_quote": quoted,
                "voice": "quote" if quoted else "outlet",
                "speaker": "",
                "method": "ties",
                "via": "name",
            }
        )
    pd.testing.assert_frame_equal(st, pd.DataFrame(expected), check_exact=True)
    per_doc = [score_mentions(s, m, scorer=TieScorer()) for _, s, m in _batches(docs, sents, ments, 1)]
    per_doc = pd.concat([p for p in per_doc if len(p)], ignore_index=True)
    pd.testing.assert_frame_equal(per_doc, st, check_exact=True)


def test_score_mentions_speakers_first_listed_and_only_quoted() -> None:
    _docs, sents, ments = _random_corpus(2)
    quoted = score_mentions(sents, ments, scorer=TieScorer()).query("in_quote")
    d, s = quoted["doc_id"].iloc[0], int(quoted["sent_id"].iloc[0])
    speakers = pd.DataFrame({"doc_id": [d, d, "elsewhere"], "sent_id": [s, s, 0], "speaker": ["Ann", "Bob", "Cy"]})
    st = score_mentions(sents, ments, scorer=TieScorer(), speakers=speakers)
    named = st[st["speaker"] != ""]
    assert len(named) and (named["speaker"] == "Ann").all() and named["in_quote"].all()
    assert set(zip(named["doc_id"], named["sent_id"])) == {(d, s)}


def _aggregate_reference(
    stances: pd.DataFrame,
    docs: pd.DataFrame,
    by: str,
    voices=("all", "outlet", "quote"),
    n_boot: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """aggregate_stances written group by group (one bootstrap_ci per group)."""
    frame = stances.merge(docs[["doc_id", "outlet"]], on="doc_id")
    majors = list(docs["doc_id"]) if by == "doc_id" else sorted(set(frame["outlet"]))
    rows = []
    for outer in majors if by == "doc_id" else voices:
        for inner in voices if by == "doc_id" else majors:
            major, voice = (outer, inner) if by == "doc_id" else (inner, outer)
            sub = frame[frame[by] == major]
            sub = sub if voice == "all" else sub[sub["voice"] == voice]
            for actor in sorted(set(sub["actor"])):
                g = sub[sub["actor"] == actor]
                v = g["score"].to_numpy()
                if by == "doc_id":
                    lo, hi = bootstrap_ci(v, n_boot=n_boot, seed=seed)
                else:
                    lo, hi = _articles_ci(g, docs, n_boot, seed)
                row = {"doc_id": major} if by == "doc_id" else {}
                row.update(
                    {
                        "outlet": g["outlet"].iloc[0],
                        "actor": actor,
                        "voice": voice,
                        "n": len(v),
                        **({} if by == "doc_id" else {"n_articles": g["doc_id"].nunique()}),
                        "mean_score": v.mean(),
                        "ci_low": lo,
                        "ci_high": hi,
                    }
                )
                row.update({f"share_{lab}": (g["label"] == lab).sum() / len(v) for lab in LABELS})
                row["method"] = ", ".join(sorted(set(g["method"])))
                rows.append(row)
    return pd.DataFrame(rows)


def _articles_ci(g: pd.DataFrame, docs: pd.DataFrame, n_boot: int, seed: int) -> tuple[float, float]:
    """The article bootstrap written out: articles in corpus order, k drawn of k, ratio of sums."""
    order = {d: i for i, d in enumerate(docs["doc_id"])}
    per = g.groupby("doc_id")["score"].agg(["sum", "size"])
    per = per.loc[sorted(per.index, key=order.__getitem__)]
    k = len(per)
    if k < 2:
        return float("nan"), float("nan")
    idx = np.random.default_rng(seed).integers(0, k, size=(n_boot, k))
    means = per["sum"].to_numpy()[idx].sum(axis=1) / per["size"].to_numpy(dtype=float)[idx].sum(axis=1)
    lo, hi = np.quantile(means, [0.025, 0.975])
    return float(lo), float(hi)


def test_outlet_interval_resamples_articles() -> None:
    # two articles per outlet, each internally uniform but far apart: resampling sentences would
    # give a narrow interval; resampling articles spans both articles' means
    stances = pd.DataFrame(
        {
            "doc_id": ["a"] * 20 + ["b"] * 20 + ["c"] * 3,
            "sent_id": list(range(20)) * 2 + [0, 1, 2],
            "actor": ["R"] * 43,
            "score": [-0.8] * 20 + [0.8] * 20 + [0.1] * 3,
            "label": ["negative"] * 20 + ["positive"] * 20 + ["neutral"] * 3,
            "voice": ["outlet"] * 43,
            "method": ["m"] * 43,
        }
    )
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"]})
    agg = aggregate_stances(stances, docs, voices=("all",), n_boot=500).set_index("outlet")
    assert agg.loc["X", "n_articles"] == 2 and agg.loc["X", "n"] == 40
    assert agg.loc["X", "ci_low"] == pytest.approx(-0.8) and agg.loc["X", "ci_high"] == pytest.approx(0.8)
    sentence_lo, _ = bootstrap_ci(stances["score"].to_numpy()[:40], n_boot=500)
    assert sentence_lo > -0.5  # what the sentence bootstrap would have claimed
    assert agg.loc["Y", "n_articles"] == 1 and np.isnan(agg.loc["Y", "ci_high"])


@pytest.mark.parametrize("by", ["doc_id", "outlet"])
def test_aggregate_against_reference(by: str) -> None:
    docs, sents, ments = _random_corpus(3, n_docs=30)
    st = score_mentions(sents, ments, scorer=TieScorer())
    st["method"] = np.where(st["doc_id"].str.endswith("7"), "other", st["method"])  # two methods in some groups
    assert st.groupby(["doc_id", "actor"]).size().max() >= 8
    exact = by == "doc_id"  # per outlet, article sums are added in another order: equal to 1e-12
    pd.testing.assert_frame_equal(
        aggregate_stances(st, docs, by=by), _aggregate_reference(st, docs, by), check_exact=exact, rtol=1e-12
    )
    voices, n_boot = ("quote", "all"), 101
    pd.testing.assert_frame_equal(
        aggregate_stances(st, docs, by=by, voices=voices, n_boot=n_boot, seed=4),
        _aggregate_reference(st, docs, by, voices, n_boot, 4),
        check_exact=exact,
        rtol=1e-12,
    )


def test_aggregate_by_doc_does_not_depend_on_batches() -> None:
    docs, sents, ments = _random_corpus(4, n_docs=30)
    st = score_mentions(sents, ments, scorer=TieScorer())
    whole = aggregate_stances(st, docs, by="doc_id")
    for size in (1, 7):
        parts = [
            aggregate_stances(score_mentions(s, m, scorer=TieScorer()), d, by="doc_id")
            for d, s, m in _batches(docs, sents, ments, size)
        ]
        pd.testing.assert_frame_equal(
            pd.concat([p for p in parts if len(p)], ignore_index=True), whole, check_exact=True
        )


def _evidence_reference(stances, sentences, mentions, docs, k: int = 3) -> pd.DataFrame:
    """evidence written out: per outlet × actor, sorted scores (ties: earlier row), k each way."""
    frame = stances.merge(docs[["doc_id", "outlet"]], on="doc_id").reset_index(drop=True)
    sent = sentences.set_index(["doc_id", "sent_id"])
    counted = mentions[mentions["counted"]]
    rows = []
    for outlet, actor in sorted(set(zip(frame["outlet"], frame["actor"]))):
        g = frame[(frame["outlet"] == outlet) & (frame["actor"] == actor)]
        for direction, key in (("positive", lambda r: (-r.score, r.Index)), ("negative", lambda r: (r.score, r.Index))):
            cand = [r for r in g.itertuples() if (r.score > 0 if direction == "positive" else r.score < 0)]
            for rank, r in enumerate(sorted(cand, key=key)[:k], start=1):
                s0, text = sent.loc[(r.doc_id, r.sent_id), ["start", "text"]]
                m = counted[
                    (counted["doc_id"] == r.doc_id) & (counted["sent_id"] == r.sent_id) & (counted["actor"] == actor)
                ]
                rows.append(
                    {
                        "outlet": outlet,
                        "actor": actor,
                        "direction": direction,
                        "rank": rank,
                        "doc_id": r.doc_id,
                        "sent_id": r.sent_id,
                        "score": r.score,
                        "label": r.label,
                        "voice": r.voice,
                        "speaker": r.speaker,
                        "via": r.via,
                        "text": text,
                        "html": highlight(text, [(a - s0, b - s0) for a, b in zip(m["start"], m["end"])]),
                    }
                )
    return pd.DataFrame(rows)


def test_evidence_against_reference_and_merged_batches() -> None:
    from analysis.stance.evidence import merge_evidence

    docs, sents, ments = _random_corpus(5, n_docs=40)
    st = score_mentions(sents, ments, scorer=TieScorer())
    assert st.duplicated(["score"]).any()  # ties are broken by row order
    ev = evidence(st, sents, ments, docs)
    pd.testing.assert_frame_equal(ev, _evidence_reference(st, sents, ments, docs), check_exact=True)
    pd.testing.assert_frame_equal(
        evidence(st, sents, ments, docs, k=1), _evidence_reference(st, sents, ments, docs, k=1), check_exact=True
    )
    for size in (1, 6, 17):
        parts = [
            evidence(score_mentions(s, m, scorer=TieScorer()), s, m, d)
            for d, s, m in _batches(docs, sents, ments, size)
        ]
        pd.testing.assert_frame_equal(merge_evidence(parts), ev, check_exact=True)
    pd.testing.assert_frame_equal(merge_evidence([ev]), ev, check_exact=True)


def test_stance_tables_do_not_depend_on_batches() -> None:
    from analysis.run.documents import stance_tables
    from analysis.stance.evidence import merge_evidence

    docs, sents, ments = _random_corpus(6, n_docs=30)
    whole = stance_tables(docs, sents, ments, None, scorer=TieScorer(), n_boot=500)
    parts = [
        stance_tables(d, s, m, None, scorer=TieScorer(), n_boot=500) for d, s, m in _batches(docs, sents, ments, 8)
    ]
    for name in ("stances", "stance_doc"):
        got = pd.concat([p[name] for p in parts if len(p[name])], ignore_index=True)
        pd.testing.assert_frame_equal(got, whole[name], check_exact=True)
    merged = merge_evidence([p["stance_evidence"] for p in parts])
    pd.testing.assert_frame_equal(merged, whole["stance_evidence"], check_exact=True)


def test_per_batch_tables_of_empty_inputs() -> None:
    from analysis.stance.evidence import merge_evidence

    docs, sents, ments = _random_corpus(7, n_docs=3)
    none = score_mentions(sents, ments.iloc[:0], scorer=TieScorer())
    assert none.empty and list(none.columns) == list(STANCE_COLUMNS)
    assert score_mentions(sents, ments.assign(counted=False), scorer=TieScorer()).empty
    assert list(aggregate_stances(none, docs, by="doc_id").columns) == DOC_COLUMNS
    assert list(aggregate_stances(none, docs).columns) == AGG_COLUMNS
    assert list(evidence(none, sents, ments, docs).columns) == EVIDENCE_COLUMNS
    neutral = score_mentions(sents, ments, scorer=TieScorer()).assign(score=0.0)
    assert evidence(neutral, sents, ments, docs).empty and merge_evidence([]).empty
    assert merge_evidence([evidence(none, sents, ments, docs)]).empty


def test_aggregate_means_are_numpy_means() -> None:
    rng = np.random.default_rng(8)
    sizes = list(range(1, 21)) + [130, 300]
    groups = [(f"d{j:02d}", f"A{n:03d}", n) for j in range(25) for n in sizes]
    st = pd.DataFrame(
        {
            "doc_id": [d for d, _, n in groups for _ in range(n)],
            "actor": [a for _, a, n in groups for _ in range(n)],
            "label": "neutral",
            "voice": "outlet",
            "method": "m",
        }
    )
    st["score"] = rng.uniform(-1, 1, len(st))
    docs = pd.DataFrame({"doc_id": [f"d{j:02d}" for j in range(25)], "outlet": "X"})
    agg = aggregate_stances(st, docs, by="doc_id", voices=("all",), n_boot=10)
    expected = [st.loc[(st["doc_id"] == d) & (st["actor"] == a), "score"].to_numpy().mean() for d, a, _ in groups]
    assert list(zip(agg["doc_id"], agg["actor"])) == [g[:2] for g in groups] and agg["mean_score"].tolist() == expected


@pytest.mark.parametrize(
    "training,expected",
    [
        ({"data": "train.jsonl", "train_wall_seconds": 100.0}, 100.0),
        (
            {
                "data": "train.jsonl",
                "train_wall_seconds": 100.0,
                "init_training": [{"train_wall_seconds": 7000.0}, {"train_wall_seconds": 50.5}],
            },
            7150.5,
        ),
        ({"data": "train.jsonl"}, None),
    ],
)
def test_model_card_training_time_counts_the_runs_behind_the_initial_weights(training, expected) -> None:
    from types import SimpleNamespace

    from analysis.stance.validation import model_card

    card = model_card(SimpleNamespace(name="accurate", meta={"model": "m", "training": training}))
    assert card.get("training time (s)") == expected


@pytest.mark.parametrize("p", [0.05, 0.5])
def test_normal_interval_above_the_limit_is_within_bootstrap_noise(p: float) -> None:
    """Just above EXACT_BOOTSTRAP_MAX the normal interval stands in for the bootstrap: even for
    skewed scores its ends lie within a small part of a standard error of the percentile bootstrap's."""
    from analysis.stance.bootstrap import _percentile_intervals

    rng = np.random.default_rng(7)
    n = EXACT_BOOTSTRAP_MAX + 1
    V = np.where(rng.random((40, n)) < p, -1.0, rng.uniform(0, 0.2, size=(40, n)))
    boot_lo, boot_hi = _percentile_intervals(V, n_boot=2000, level=0.95, seed=0)
    lo, hi = bootstrap_cis(list(V))
    se = V.std(axis=1, ddof=1) / np.sqrt(n)
    assert np.max(np.abs(np.r_[lo - boot_lo, hi - boot_hi]) / np.r_[se, se]) < 0.35

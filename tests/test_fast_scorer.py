"""The fast stance scorer: its batched numpy encoding against the feature dicts training uses."""

from __future__ import annotations

import json
import math
import os
import random
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from analysis.stance.scorers import fast, features
from analysis.stance.scorers.fast import FastScorer
from analysis.stance.scorers.features import TARGET_TOKEN, FeatureExtractor, normalize, tokenize
from analysis.stance.validation import read_newsmtsc

ROOT = Path(__file__).resolve().parent.parent

# sentences with targets at the edges, no or several polar words, quotes, n't, non-ASCII text,
# a pronoun mention, repeated words and a sentence made of the target alone
EDGE_CASES: list[tuple[str, tuple[int, int]]] = [
    ("Russia", (0, 6)),
    ("Russia attacked the town.", (0, 6)),
    ("The town was attacked by Russia", (25, 31)),
    ("Critics accused Russia of war crimes; Turkey won praise for sheltering refugees.", (16, 22)),
    ("Critics accused Russia of war crimes; Turkey won praise for sheltering refugees.", (38, 44)),
    ("\u201cWe don't trust Ankara,\u201d said the minister \u2014 not for the first time.", (16, 22)),
    ("She said that he wasn't to blame, and he isn't.", (14, 16)),
    ("Erdo\u011fan met \u00c7avu\u015fo\u011flu in \u0130stanbul; the talks went well, well, well.", (0, 7)),
    ("the the the Russia Russia the the", (12, 18)),
    ("Good good great Russia bad bad terrible", (16, 22)),
    ("Unrelated words only about Moscow and nothing else", (27, 33)),
]


@pytest.fixture(scope="module")
def scorer() -> FastScorer:
    return FastScorer()


def _devtest(n: int | None = None) -> tuple[list[str], list[tuple[int, int]]]:
    recs = read_newsmtsc(ROOT / "training/data/newsmtsc/devtest_rw.jsonl")
    pairs = [(r["sentence_normalized"], (t["from"], t["to"])) for r in recs for t in r["targets"]][:n]
    return [t for t, _ in pairs], [s for _, s in pairs]


def _reference_proba(scorer: FastScorer, texts: list[str], spans: list[tuple[int, int]]) -> np.ndarray:
    """Probabilities straight from FeatureExtractor.extract, the feature dicts training uses."""
    coef = scorer._coef[:, :-1]
    scores = (
        np.array(
            [
                [
                    sum(
                        coef[c, scorer.vocab[f]] * v
                        for f, v in scorer.extractor.extract(t, a, b).items()
                        if f in scorer.vocab
                    )
                    for c in range(3)
                ]
                for t, (a, b) in zip(texts, spans)
            ]
        )
        + scorer._intercept
    )
    z = np.exp((scores - scores.max(axis=1, keepdims=True)) / scorer._temperature)
    return z / z.sum(axis=1, keepdims=True)


def test_matches_the_feature_dicts(scorer: FastScorer) -> None:
    texts, spans = _devtest(300)
    texts += [t for t, _ in EDGE_CASES]
    spans += [s for _, s in EDGE_CASES]
    assert np.allclose(scorer.predict_proba(texts, spans), _reference_proba(scorer, texts, spans), rtol=0, atol=1e-12)


def test_two_targets_of_one_sentence_score_as_if_alone(scorer: FastScorer) -> None:
    text = "Critics accused Russia of war crimes; Turkey won praise for sheltering refugees."
    both = scorer.predict_proba([text, text], [(16, 22), (38, 44)])
    alone = np.vstack([scorer.predict_proba([text], [(16, 22)]), scorer.predict_proba([text], [(38, 44)])])
    assert np.array_equal(both, alone)


def test_scores_do_not_depend_on_the_batch(scorer: FastScorer, monkeypatch) -> None:
    texts, spans = _devtest(200)
    together = scorer.predict_proba(texts, spans)
    shuffled = list(range(len(texts)))
    random.Random(0).shuffle(shuffled)
    again = scorer.predict_proba([texts[i] for i in shuffled], [spans[i] for i in shuffled])
    monkeypatch.setattr(fast, "_BATCH_TOKENS", 40)  # many batches, and sentences longer than one
    small = scorer.predict_proba(texts, spans)
    assert np.array_equal(together[shuffled], again) and np.array_equal(together, small)


def test_scores_do_not_depend_on_the_hash_seed(scorer: FastScorer) -> None:
    texts, spans = _devtest(100)
    code = (
        "import json, sys; from analysis.stance.scorers.fast import FastScorer; t, s = json.load(sys.stdin); "
        "print(json.dumps(FastScorer().predict_proba(t, [tuple(x) for x in s]).tolist()))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps([texts, spans]),
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    ).stdout
    assert np.array_equal(np.array(json.loads(out)), scorer.predict_proba(texts, spans))


SETTINGS = [
    {"windows": [2, 5], "sentence_ngrams": 1, "target_ngrams": 4, "offsets": 3},
    {"windows": [1], "offsets": 0, "mention_tokens": False, "lexicon": False, "cues": False, "target_ngrams": 1},
    {
        "block_weights": {"s": 0.0, "l3": 2.0, "r8": 0.5, "g": 0.0, "x": -1.5, "y": 3.0, "c": 0.25},
        "windows": [3, 8],
        "conjunctions": True,
        "clause_lexicon": True,
    },
]


@pytest.mark.parametrize("settings", SETTINGS)
def test_other_feature_settings(tmp_path: Path, settings: dict) -> None:
    """A model trained with other settings: a vocabulary of every feature seen, random weights."""
    texts, spans = _devtest(150)
    texts += [t for t, _ in EDGE_CASES]
    spans += [s for _, s in EDGE_CASES]
    fx = FeatureExtractor(settings)
    names = sorted({f for t, (a, b) in zip(texts[::2], spans[::2]) for f in fx.extract(t, a, b)})
    rng = np.random.default_rng(1)
    (tmp_path / "vocab.json").write_text(json.dumps(names), encoding="utf-8")
    np.savez(tmp_path / "model.npz", coef=rng.normal(size=(3, len(names))), intercept=rng.normal(size=3))
    (tmp_path / "meta.json").write_text(
        json.dumps({"labels": ["negative", "neutral", "positive"], "temperature": 1.3, "feature_settings": settings}),
        encoding="utf-8",
    )
    model = FastScorer(model_dir=tmp_path)
    assert np.allclose(model.predict_proba(texts, spans), _reference_proba(model, texts, spans), rtol=0, atol=1e-12)


def _blocks_reference(
    fx: FeatureExtractor, left: list[str], right: list[str], mention: list[str]
) -> dict[str, set[str]]:
    """The binary blocks as the extractor used to build them, one set per block."""
    full = left + [TARGET_TOKEN] + right
    nl = len(left)
    sent = set(full) | ({" ".join(p) for p in pairwise(full)} if fx.sentence_ngrams >= 2 else set())
    blocks = {
        "s": sent,
        "g": {
            " ".join(full[i : i + n])
            for n in range(2, fx.target_ngrams + 1)
            for i in range(max(0, nl - n + 1), nl + 1)
            if i + n <= len(full)
        },
    }
    for w in fx.windows:
        blocks[f"l{w}"] = set(left[-w:]) if left else {"<bos>"}
        blocks[f"r{w}"] = set(right[:w]) if right else {"<eos>"}
    blocks["o"] = {f"-{k} {left[-k] if k <= nl else '<bos>'}" for k in range(1, fx.offsets + 1)}
    blocks["o"] |= {f"+{k} {right[k - 1] if k <= len(right) else '<eos>'}" for k in range(1, fx.offsets + 1)}
    blocks["m"] = (set(mention) or {"<empty>"}) | (
        {"<pronoun>"} if len(mention) == 1 and mention[0] in features._PRONOUNS else set()
    )
    return {k: v for k, v in blocks.items() if v}


@pytest.mark.parametrize("target_ngrams", [0, 1, 2, 3, 4])
def test_blocks_match_a_direct_construction(target_ngrams: int) -> None:
    fx = FeatureExtractor({"target_ngrams": target_ngrams, "offsets": 3, "windows": [1, 3]}, lexicon={})
    words = ["a", "b", "a", "c", "d"]
    for nl in range(5):
        for nr in range(5):
            for mention in ([], ["he"], ["x", "x"]):
                left, right = words[:nl], words[::-1][:nr]
                got = {name: keys for name, keys, _ in fx._blocks(left, right, mention)}
                assert {k: set(v) for k, v in got.items()} == _blocks_reference(fx, left, right, mention)
                assert all(len(set(v)) == len(v) for v in got.values())  # distinct keys: the values' norm is right


def test_token_patterns_agree_without_nt() -> None:
    rng = random.Random(3)
    alphabet = "ant'n't  x9-\".,\u2019é"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        norm = normalize(text)
        assert tokenize(text) == features._TOKEN_RE.findall(norm)
        if "n't" not in norm:
            assert features._TOKEN_RE_NO_NT.findall(norm) == features._TOKEN_RE.findall(norm)


def test_normalize_maps_typographic_characters() -> None:
    text = "\u201cA\u201d \u201eb\u00ab\u00bb \u2018c\u2019 \u2032 \u2013\u2014 \u00c9 \u2026"
    table = str.maketrans(features._QUOTE_MAP)
    assert normalize(text) == text.lower().translate(table) == '"a" "b"" \'c\' \' -- \u00e9 \u2026'


def test_lexicon_features_without_polar_words_are_the_general_ones() -> None:
    fx = FeatureExtractor({"clause_lexicon": True, "conjunctions": True})
    left, right = ["the", "minister", ","], ["met", "officials"]
    assert fx._polar(left, 3, -1) == [] and fx._polar(right, 1, 1) == []
    assert fx._lexicon_features(left, right) == (tuple(fx._lexicon_values(left, right, [], [])[0]), [], 0.0)
    left, right = ["good"], ["not", "bad"]  # valences 1.9 and -2.5, negated
    assert fx._polar(left, 1, -1) == [(1, 1.9)] and fx._polar(right, 1, 1) == [(2, -2.5 * -0.74)]
    values, tags, val = fx._lexicon_features(left, right)
    assert tags == ["y|Lp1", "y|Rp3"] and val == 1 / math.sqrt(2)
    assert dict(zip(fx.lexicon_names, values))["x|s_pos"] == math.log1p(1.9 + 2.5 * 0.74) / 4

"""The closest sentence in every other document without classifying every pair
(analysis/compare/exhaustive.py): the same answers as classifying every pair, on random corpora
made to have copies, paraphrases, ties and empty sentences, and on the empty corpus."""

from __future__ import annotations

import random

import pytest

from analysis.compare.exhaustive import closest_pairs
from analysis.compare.reuse import _RANK, THRESHOLDS, classify_pair, sentence_tokens


def _score(m: dict) -> tuple[int, float, float, float]:
    return (-_RANK[m["relation"]], m["ratio"], m["containment"], m["dice"])


def _every_pair(toks: list, doc: list[str]) -> dict:
    """What comparing every pair finds (the former loop of align_sentences)."""
    best: dict = {}
    for i in range(len(toks)):
        for j in range(i + 1, len(toks)):
            if doc[i] == doc[j]:
                continue
            m = classify_pair(toks[i], toks[j])
            for x, y in ((i, j), (j, i)):
                s, key = _score(m), (x, doc[y])
                if key not in best or s > best[key][0] or (s == best[key][0] and y < best[key][1]):
                    best[key] = (s, y, m)
    return {k: (y, m) for k, (_, y, m) in best.items()}


def _corpus(seed: int, n_docs: int, per_doc: int) -> tuple[list, list[str]]:
    """Sentences from a small vocabulary, some copied with an edit into another document."""
    rng = random.Random(seed)
    vocab = "the a of to minister said talks ceasefire aleppo turkey russia forces city rebels army".split()
    texts, doc = [], []
    for d in range(n_docs):
        for _ in range(per_doc):
            kind = rng.random()
            if kind < 0.2 and texts:  # a copy of an earlier sentence, one word changed
                words = rng.choice(texts).split() or ["said"]
                words[rng.randrange(len(words))] = rng.choice(vocab)
                text = " ".join(words)
            elif kind < 0.25:
                text = ""  # an empty sentence
            elif kind < 0.3:
                text = "Advertisement"  # shares no word with anything
            else:
                text = " ".join(rng.choice(vocab) for _ in range(rng.randint(2, 14)))
            texts.append(text)
            doc.append(f"d{d}")
    return [sentence_tokens(t) for t in texts], doc


@pytest.mark.parametrize(("seed", "n_docs", "per_doc"), [(0, 2, 5), (1, 3, 8), (2, 5, 6), (3, 4, 12), (4, 1, 5)])
def test_the_same_as_every_pair(seed: int, n_docs: int, per_doc: int) -> None:
    toks, doc = _corpus(seed, n_docs, per_doc)
    got = closest_pairs(
        toks,
        doc,
        classify_pair,
        _score,
        near_ratio=min(THRESHOLDS["near_ratio"], THRESHOLDS["verbatim_ratio"]),
        para_min_shared=THRESHOLDS["para_min_shared"],
    )
    assert got == _every_pair(toks, doc)
    assert len(got) == sum(len(set(doc)) - 1 for _ in doc)  # every sentence x every other document


def test_sentences_taken_a_few_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import analysis.compare.exhaustive as exhaustive

    monkeypatch.setattr(exhaustive, "_CHUNK", 3)
    toks, doc = _corpus(5, 3, 10)
    got = closest_pairs(toks, doc, classify_pair, _score, near_ratio=0.7, para_min_shared=5)
    assert got == _every_pair(toks, doc)


def test_only_empty_sentences() -> None:
    toks, doc = [sentence_tokens("")] * 3, ["a", "b", "b"]
    got = closest_pairs(toks, doc, classify_pair, _score, near_ratio=0.7, para_min_shared=5)
    assert got == _every_pair(toks, doc) and got[(0, "b")][0] == 1


def test_empty_corpus() -> None:
    assert closest_pairs([], [], classify_pair, _score, near_ratio=0.7, para_min_shared=5) == {}

"""The accurate scorer's input encoding (target marked, context truncated around it, padding), and
both shipped scorers' macro-F1 on NewsMTSC devtest_rw kept above their floors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tokenizers import Tokenizer

from analysis.stance.scorers.accurate import (
    CLS_ID,
    DEFAULT_MODEL_DIR,
    MARK_END_ID,
    MARK_START_ID,
    PAD_ID,
    SEP_ID,
    encode_pairs,
    pad_batch,
)

ROOT = Path(__file__).resolve().parent.parent
DEVTEST = ROOT / "training" / "data" / "newsmtsc" / "devtest_rw.jsonl"
# Measured on devtest_rw when the models shipped (bench/RESULTS.md): accurate 0.805, fast 0.692.
FLOORS = {"accurate": 0.80, "fast": 0.68}


@pytest.fixture(scope="module")
def tok() -> Tokenizer:
    return Tokenizer.from_file(str(DEFAULT_MODEL_DIR / "tokenizer.json"))


def marked(tok: Tokenizer, ids: list[int]) -> str:
    """The text between the two markers of an encoded pair."""
    a, b = ids.index(MARK_START_ID), ids.index(MARK_END_ID)
    return tok.decode(ids[a + 1 : b])


def test_the_target_is_wrapped_in_markers_inside_cls_and_sep(tok: Tokenizer) -> None:
    text = "Critics slammed Smith over the deal."
    (ids,) = encode_pairs(tok, [text], [(16, 21)])
    assert ids[0] == CLS_ID and ids[-1] == SEP_ID
    assert ids.count(MARK_START_ID) == 1 and ids.count(MARK_END_ID) == 1
    assert marked(tok, ids) == "smith"
    plain = tok.encode(text, add_special_tokens=False).ids
    assert [i for i in ids if i not in (CLS_ID, SEP_ID, MARK_START_ID, MARK_END_ID)] == plain


@pytest.mark.parametrize("span,target", [((0, 7), "critics"), ((31, 36), "deal."), ((16, 18), "smith")])
def test_pieces_overlapping_the_span_are_marked(tok: Tokenizer, span: tuple[int, int], target: str) -> None:
    """At the start, at the end, and a span that cuts a word: the whole overlapping piece is marked."""
    (ids,) = encode_pairs(tok, ["Critics slammed Smith over the deal."], [span])
    assert marked(tok, ids) == target


def test_one_sentence_with_two_targets_gives_two_encodings(tok: Tokenizer) -> None:
    text = "Russia praised Turkey."
    a, b = encode_pairs(tok, [text, text], [(0, 6), (15, 21)])
    assert marked(tok, a) == "russia" and marked(tok, b) == "turkey" and len(a) == len(b)


@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_long_text_is_cut_to_max_len_keeping_the_target(tok: Tokenizer, where: str) -> None:
    words = [f"word{i}" for i in range(200)]
    k = {"start": 0, "middle": 100, "end": 199}[where]
    words[k] = "Erdogan"
    text = " ".join(words)
    start = text.index("Erdogan")
    (ids,) = encode_pairs(tok, [text], [(start, start + 7)], max_len=32)
    assert len(ids) == 32 and ids[0] == CLS_ID and ids[-1] == SEP_ID
    assert marked(tok, ids) == "erdogan"
    a, b = ids.index(MARK_START_ID), ids.index(MARK_END_ID)
    left, right = a - 1, len(ids) - 2 - b
    if where == "middle":  # the budget is shared between both sides
        assert abs(left - right) <= 1
    else:  # one side is empty: the other takes the whole budget
        assert (left, right)[0 if where == "end" else 1] == 28 - (b - a - 1)


def test_a_target_longer_than_the_budget_is_cut_itself(tok: Tokenizer) -> None:
    text = " ".join(["Recep Tayyip Erdogan"] * 20)
    (ids,) = encode_pairs(tok, [text], [(0, len(text))], max_len=16)
    assert len(ids) == 16 and ids[1] == MARK_START_ID and ids[-2] == MARK_END_ID


def test_no_pairs_give_no_sequences(tok: Tokenizer) -> None:
    assert encode_pairs(tok, [], []) == []


@pytest.mark.parametrize(
    "texts,spans,message",
    [
        (["abc"], [(0, 4)], "index 0 is out of range"),
        (["abc"], [(2, 2)], "index 0 is out of range"),
        (["abc", "abc"], [(0, 1), (-1, 2)], "index 1 is out of range"),
        (["abc"], [(0.5, 2)], "index 0 has non-integer offsets"),
        (["abc"], [(True, 2)], "index 0 has non-integer offsets"),
        (["abc"], [(0,)], "index 0 is not a (start, end) pair"),
        ([b"abc"], [(0, 1)], "text at index 0 is not a str"),
        (["abc"], [], "got 1 texts but 0 spans"),
    ],
)
def test_bad_spans_are_refused_with_their_index(tok: Tokenizer, texts, spans, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        encode_pairs(tok, texts, spans)


def test_pad_batch() -> None:
    ids, mask = pad_batch([[1, 2, 3], [4], [5, 6]])
    assert ids.tolist() == [[1, 2, 3], [4, PAD_ID, PAD_ID], [5, 6, PAD_ID]]
    assert mask.tolist() == [[1, 1, 1], [1, 0, 0], [1, 1, 0]]
    assert ids.dtype == np.int64 == mask.dtype


@pytest.mark.parametrize("scorer", sorted(FLOORS))
def test_scorers_keep_their_macro_f1_floor_on_devtest_rw(scorer: str) -> None:
    """Held-out NewsMTSC devtest_rw (1,146 sentence × target pairs, never trained on)."""
    from analysis.stance.scoring import LABELS
    from analysis.stance.validation import POLARITY, classification_report, read_newsmtsc, score_newsmtsc

    gold = read_newsmtsc(DEVTEST)
    pred = score_newsmtsc(gold, scorer=scorer)
    g = [POLARITY[t["polarity"]] for r in gold for t in r["targets"]]
    p = [POLARITY[t["predicted_polarity"]] for r in pred for t in r["targets"]]
    assert len(g) == 1146
    rep = classification_report(g, p)
    assert set(LABELS) == set(rep["per_class"])
    assert rep["macro_f1"] >= FLOORS[scorer], f"{scorer}: macro-F1 {rep['macro_f1']:.4f}"

"""Sentence reuse: the gold alignment of the seeds, each rule, actor edits, and the candidate index."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.compare.edits import reuse_edits
from analysis.compare.quoted import quoted_spans
from analysis.compare.reuse import (
    align_sentences,
    classify_pair,
    reuse_matrix,
    reuse_summary,
    sentence_tokens,
)

GOLD = Path(__file__).parent / "gold" / "reuse_gold.csv"
COPY = ("verbatim", "near-verbatim")


def _pairs(align: pd.DataFrame, sentences: pd.DataFrame, relations) -> dict:
    start = dict(zip(zip(sentences["doc_id"], sentences["sent_id"]), sentences["start"]))
    out = {}
    for r in align[align["relation"].isin(relations)].itertuples():
        out[tuple(sorted([(r.doc_a, start[(r.doc_a, r.sent_a)]), (r.doc_b, start[(r.doc_b, r.sent_b)])]))] = r.relation
    return out


def test_gold_reuse(seed_run) -> None:
    """Copied text (verbatim / near-verbatim in the gold) is found, and nothing is called reused
    that the gold does not list; paraphrase recall is printed as a known limit."""
    sents = seed_run["sentences"]
    gold_df = pd.read_csv(GOLD)
    gold = {
        tuple(sorted([(r.doc_a, r.sent_a_start), (r.doc_b, r.sent_b_start)])): r.relation for r in gold_df.itertuples()
    }
    pred = _pairs(seed_run["reuse_alignment"], sents, ("verbatim", "near-verbatim", "paraphrase"))
    text = dict(zip(zip(sents["doc_id"], sents["start"]), sents["text"]))
    gold_copy = {k for k, v in gold.items() if v in COPY}
    pred_copy = {k for k, v in pred.items() if v in COPY}
    precision = len(set(pred) & set(gold)) / len(pred)
    recall = len(gold_copy & set(pred)) / len(gold_copy)
    copy_precision = len(pred_copy & set(gold)) / len(pred_copy)
    para = {k for k, v in gold.items() if v == "paraphrase"}
    print(
        f"\nreuse: precision {precision:.3f} ({len(pred)} pairs called reused), recall of copied text {recall:.3f} "
        f"({len(gold_copy)} gold pairs); precision of copy calls {copy_precision:.3f}; "
        f"paraphrase recall {len(para & set(pred)) / len(para):.3f} ({len(para)} gold paraphrases)"
    )
    agree = sum(pred[k] == gold[k] for k in set(pred) & set(gold))
    print(f"  relation agrees with the gold on {agree} of {len(set(pred) & set(gold))} shared pairs")
    for k in sorted(gold_copy - set(pred)):
        print(f"  missed {gold[k]}: {text[k[0]][:70]!r} | {text[k[1]][:70]!r}")
    for k in sorted(set(pred) - set(gold)):
        print(f"  false {pred[k]}: {text[k[0]][:70]!r} | {text[k[1]][:70]!r}")
    for k in sorted(para - set(pred)):
        print(f"  paraphrase not found: {text[k[0]][:60]!r} | {text[k[1]][:60]!r}")
    assert precision >= 0.9 and recall >= 0.9 and copy_precision >= 0.9


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        ("Ankara and Moscow have long been at odds.", "Ankara and Moscow have long been at odds.", "verbatim"),
        (
            "Cavusoglu said a cease-fire was needed in all of Syria.",
            "Cavusoglu said a cease fire was needed in all of Syria.",
            "verbatim",
        ),
        (
            "Both Turkey and Russia, two of the main backers of opposing sides in Syria's civil war, said they agreed.",
            "Both Turkey and Russian Federation, two of the main backers of opposing sides in Syria's civil war,"
            " said they agreed.",
            "near-verbatim",
        ),
        (
            "Rebels agreed to leave the eastern districts of the city on Friday.",
            "Under a deal brokered by Turkey, rebels agreed to leave the eastern districts of the city on Friday,"
            " officials said.",
            "near-verbatim",
        ),
        (
            "Turkish troops entered northern Syria to fight Islamic State militants and Kurdish rebels this summer.",
            "This summer Turkey sent troops into northern Syria against Islamic State militants and Kurdish fighters.",
            "paraphrase",
        ),
        ("Ankara and Moscow have long been at odds.", "The weather was poor over Aleppo on Thursday.", "unrelated"),
        ("", "", "unrelated"),
    ],
)
def test_rules(a: str, b: str, relation: str) -> None:
    assert classify_pair(sentence_tokens(a), sentence_tokens(b))["relation"] == relation


QUOTE = '"We will not back down from this fight, whatever it costs us," the governor said on Tuesday.'


@pytest.mark.parametrize(
    ("a", "b", "share", "same_quote"),
    [
        # the same quotation, each outlet's own attribution
        (QUOTE, 'The governor vowed: "We will not back down from this fight, whatever it costs us."', None, True),
        # the same quotation with the same attribution: still quoting, not copying
        (QUOTE, QUOTE, None, True),
        # a quotation continued from an earlier sentence (no marks here; the sentence table says quoted)
        ("It was never about the money for any of us in this room.", "It was never about the money for us.", 1.0, True),
        (
            "It was never about the money for any of us in this room.",
            "It was never about the money for us.",
            0.0,
            False,
        ),
        # copied prose with a short quoted fragment
        (
            'The bill, which Democrats called "a giveaway", passed the House late Friday after hours of debate.',
            'The bill, which Democrats called "a giveaway", passed the House late Friday after a long debate.',
            None,
            False,
        ),
        # copied prose, no quotation
        (
            "The Senate voted 52-48 on Thursday to confirm the nominee, ending a bitter fight.",
            "The Senate voted 52-48 on Thursday to confirm the nominee, ending a bitter fight over the seat.",
            None,
            False,
        ),
        # not copied at all: never a shared quotation
        ('"Yes," he said.', '"No," she said.', None, False),
        ("", "", None, False),
    ],
)
def test_shared_quotation_is_not_copied_prose(a: str, b: str, share: float | None, same_quote: bool) -> None:
    m = classify_pair(sentence_tokens(a, quote_share=share), sentence_tokens(b, quote_share=share))
    assert m["same_quote"] is same_quote
    assert 0.0 <= m["quoted_share"] <= 1.0


@pytest.mark.parametrize(
    ("text", "share", "quoted"),
    [
        ('"Go home," he said.', None, ["Go home,"]),
        ("He said: \u201cgo home\u201d and left.", 0.3, ["go home"]),
        # begins inside a quotation opened earlier: the recorded share says so
        ('we are going home now," he said.', 0.7, ["we are going home now,"]),
        ('we are going home now," he said.', 0.0, [" he said."]),
        # the two-apostrophe mark of the NYT archive is a quotation mark here too
        ("''Go home,'' he said.", None, ["Go home,"]),
        ("and then we all went home.''", None, ["and then we all went home."]),
        ("No marks at all.", 1.0, ["No marks at all."]),
        ("No marks at all.", 0.0, []),
        ("", 0.5, []),
    ],
)
def test_quoted_spans(text: str, share: float | None, quoted: list[str]) -> None:
    got = [text[a:b].strip("\"\u201c\u201d'") for a, b in quoted_spans(text, share)]
    assert [g for g in got if g] == [q.strip('"') for q in quoted]


def test_shared_quotations_are_left_out_of_the_copied_measures() -> None:
    quote = '"We will not back down from this fight, whatever it costs us," the governor said.'
    prose = "The Senate voted 52-48 on Thursday to confirm the nominee, ending a bitter fight."
    sents = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "b"],
            "sent_id": [0, 1, 0, 1],
            "start": [0, 100, 0, 100],
            "text": [quote, prose, quote, "Something else entirely happened in another city today."],
            "n_words": [14, 15, 14, 8],
            "quote_share": [0.8, 0.0, 0.8, 0.0],
        }
    )
    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["A", "B"], "date": ["2020-01-01", "2020-01-02"]})
    for exhaustive in (True, False):
        align = align_sentences(sents, docs, exhaustive=exhaustive, include_unrelated=False)
        assert align["same_quote"].all() and len(align) == 2
        summary = reuse_summary(align, sents, docs).set_index("doc_id")
        assert summary["share_copied"].eq(0).all() and summary["n_sentences_copied"].eq(0).all()
        assert summary.loc["a", "share_same_quote"] == pytest.approx(14 / 29)
        assert summary.loc["a", "share_shared"] == pytest.approx(14 / 29)
        assert reuse_matrix(align, sents, docs).empty
    sents.loc[3, "text"] = prose  # b now also copies a's prose: that is copied, the quotation is not
    sents.loc[3, "n_words"] = 15
    summary = reuse_summary(align_sentences(sents, docs, include_unrelated=False), sents, docs).set_index("doc_id")
    assert summary.loc["b", "share_copied"] == pytest.approx(15 / 29)
    assert summary.loc["b", "share_same_quote"] == pytest.approx(14 / 29)


def test_lsh_path_agrees_with_all_pairs(seed_run) -> None:
    """The scalable MinHash/LSH path finds every verbatim pair of the all-pairs path and calls
    nothing a copy that the all-pairs path does not (lighter copies may be missed at scale)."""
    sents, docs = seed_run["sentences"], seed_run["docs"]
    cols = ["doc_a", "sent_a", "doc_b", "sent_b"]
    full = align_sentences(sents, docs, exhaustive=True, include_unrelated=False)
    lsh = align_sentences(sents, docs, exhaustive=False)
    as_set = lambda t: set(map(tuple, t[cols].to_numpy()))  # noqa: E731
    assert as_set(lsh) <= as_set(full[full["relation"].isin(COPY)])
    assert as_set(full[full["relation"] == "verbatim"]) <= as_set(lsh[lsh["relation"] == "verbatim"])
    assert len(lsh) > 0


def test_identical_sentences_group_without_quadratic_pairs() -> None:
    text = "The ministers agreed on a cease-fire in Aleppo on Thursday."
    n = 30
    sents = pd.DataFrame(
        {"doc_id": [f"d{i:02d}" for i in range(n)], "sent_id": 0, "start": 0, "text": text, "n_words": 10}
    )
    docs = pd.DataFrame({"doc_id": sents["doc_id"], "outlet": "X", "date": "unknown"})
    al = align_sentences(sents, docs, exhaustive=False)
    assert (al["relation"] == "verbatim").all()
    assert len(al) == 2 * (n - 1)  # each copy links to the first occurrence, and back


def test_edits_surface_actor_changes(seed_run) -> None:
    edits = seed_run["reuse_edits"]
    actor = edits[edits["concerns_actor"]]
    assert len(actor) and actor.index.max() < len(actor)  # actor edits come first
    assert ((actor["text_a"] == "Russian Federation") & (actor["text_b"] == "Russia")).any() or (
        (actor["text_b"] == "Russian Federation") & (actor["text_a"] == "Russia")
    ).any()
    docs = seed_run["docs"].set_index("doc_id")["text"]
    for r in edits.itertuples():
        assert docs[r.doc_a][r.start_a : r.end_a] == r.text_a and docs[r.doc_b][r.start_b : r.end_b] == r.text_b


def test_summary_and_matrix(seed_run) -> None:
    summary = seed_run["reuse_summary"].set_index("doc_id")
    assert summary.loc["004_c5ce46074616caca", "share_copied"] == 0  # Breitbart's own reporting
    assert summary.loc["002_7dfe8e46eda3692b", "share_copied"] > 0.1
    assert summary["share_copied"].le(summary["share_shared"]).all()
    m = reuse_matrix(seed_run["reuse_alignment"], seed_run["sentences"], seed_run["docs"])
    assert m["share"].between(0, 1).all() and not (m["doc_a"] == m["doc_b"]).any()


def test_empty() -> None:
    empty = pd.DataFrame(columns=["doc_id", "sent_id", "text", "n_words", "start"])
    docs = pd.DataFrame(columns=["doc_id", "outlet", "date"])
    align = align_sentences(empty, docs)
    assert align.empty and reuse_summary(align, empty, docs).empty
    assert reuse_edits(align, empty, pd.DataFrame(columns=["counted"])).empty


def test_outlet_matrix_and_pairs(seed_run) -> None:
    from analysis.compare.reuse import outlet_reuse_matrix, reused_pairs

    om = outlet_reuse_matrix(seed_run["reuse_matrix"]).set_index(["outlet_a", "outlet_b"])["share"]
    assert om[("HRO Media", "Associated Press (syndicated)")] > 10  # percent
    pairs = reused_pairs(seed_run["reuse_alignment"], seed_run["sentences"])
    assert len(pairs) and (pairs["doc_a"] < pairs["doc_b"]).all() and (pairs["relation"] != "unrelated").all()
    assert pairs["text_a"].str.len().gt(0).all()
    assert outlet_reuse_matrix(seed_run["reuse_matrix"].iloc[:0]).empty


def _reference_signature(text: str) -> tuple[list[int], int, int]:
    """One sentence's MinHash signature, sequence hash and length, computed directly."""
    import hashlib
    import re

    import numpy as np

    from analysis.ingest.normalize import fold

    def h(s: str) -> int:
        return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "little", signed=True)

    toks = re.findall(r"[^\W_]+(?:'[^\W_]+)*", fold(text).replace("-", " ").lower())
    if len(toks) < 3:
        return [-1] * 32, h("\x1f".join(toks)), len(toks)
    rng = np.random.default_rng(20161201)
    a = [int(x) for x in rng.integers(1, (1 << 61) - 1, size=32, dtype=np.uint64)]
    b = [int(x) for x in rng.integers(0, (1 << 61) - 1, size=32, dtype=np.uint64)]
    m64 = (1 << 64) - 1
    mix = [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9]
    codes = [h(t) & m64 for t in toks]
    grams = {
        ((x * mix[0]) & m64 ^ (y * mix[1]) & m64 ^ (z * mix[2]) & m64) & ((1 << 61) - 1)
        for x, y, z in zip(codes, codes[1:], codes[2:])
    }
    return (
        [min(((g * ai + bi) & m64) % ((1 << 61) - 1) for g in grams) for ai, bi in zip(a, b)],
        h("\x1f".join(toks)),
        len(toks),
    )


SIGNATURE_TEXTS = [
    "",
    "One two",
    "One two three",
    "Turkey's cease-fire held, the minister said; Turkey's cease-fire held.",
    "Erdo\u011fan met \u00c7avu\u015fo\u011flu in \u0130stanbul \u2014 'talks' went well-ish, 'very' well",
    "a a a a a a a a",
    "x-y-z w",
    "  ",
    "\u4e2d\u6587 \u0436\u0434 \u00e9t\u00e9 \u2019tis rock'n'roll a--b a-'b",
    # final sigma before a hyphen
    "\u039f\u0394\u03a5\u03a3\u03a3\u0395\u03a5\u03a3-\u0391 \u0391\u03a3-\u0392 \u03a3 words",
]


def test_signatures_match_a_direct_computation_and_do_not_depend_on_the_batch(monkeypatch) -> None:
    import numpy as np

    from analysis.compare import minhash

    texts = SIGNATURE_TEXTS + [" ".join(f"w{i % 37}" for i in range(k, k + 60)) for k in range(40)]
    sig, seq, lens = minhash.sentence_signatures(pd.Series(texts))
    assert sig.dtype == seq.dtype == lens.dtype == np.int64 and sig.shape == (len(texts), 32)
    for i, text in enumerate(texts):
        ref_sig, ref_seq, ref_len = _reference_signature(text)
        assert sig[i].tolist() == ref_sig and seq[i] == ref_seq and lens[i] == ref_len, text
    monkeypatch.setattr(minhash, "_GRAM_BLOCK", 7)  # many blocks, and sentences longer than one
    one_by_one = [minhash.sentence_signatures([t]) for t in texts]
    for got, part in zip((sig, seq, lens), zip(*one_by_one)):
        assert np.array_equal(got, np.concatenate(part))
    assert np.array_equal(minhash.sentence_signatures(iter(texts))[0], sig)
    empty = minhash.sentence_signatures([])
    assert empty[0].shape == (0, 32) and len(empty[1]) == len(empty[2]) == 0


@pytest.mark.parametrize(
    "extra",
    [
        [],
        [
            "a-b'c-d e--f -g- h-'i j'-k l'-",
            "Al-Assad's well-known co-operation -- re-'elected",
            "Ankara-Moscow talks: 'pre-agreed' cease-fire - 3-4 Dec",
            "---",
            "",
        ],
    ],
)
def test_signatures_from_the_callers_words_equal_those_from_the_texts(extra) -> None:
    """Given each text's words (hyphenated words kept), the signatures, sequence hashes and
    lengths are those computed from the texts themselves."""
    import numpy as np

    from analysis.compare import minhash
    from analysis.compare.terms import token_codes
    from analysis.text.words import words

    texts = SIGNATURE_TEXTS + extra
    direct = minhash.sentence_signatures(texts)
    tokens = [words(t) for t in texts]
    given = minhash.sentence_signatures(texts, words=tokens)
    assert all(np.array_equal(a, b) for a, b in zip(direct, given))
    coded = minhash.sentence_signatures(texts, words=tokens, coded=token_codes(tokens))  # each distinct word split once
    assert all(np.array_equal(a, b) for a, b in zip(direct, coded))

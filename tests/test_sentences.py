"""Sentence splitting with news abbreviations and quotations; tokens with offsets."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.sentences import count_words, quote_spans, split_sentences, split_spans, tokenize_spans


def _split(text: str) -> list[str]:
    return [text[a:b] for a, b in split_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("   ", []),
        ("A day before Lt. Gen. Sergei Rudskoi spoke. Nobody else did.",
         ["A day before Lt. Gen. Sergei Rudskoi spoke.", "Nobody else did."]),
        ("He said there was no U.S. role in the talks, which involved the U.N. and Moscow. Later, more.",
         ["He said there was no U.S. role in the talks, which involved the U.N. and Moscow.", "Later, more."]),
        ("Fighters said so. U.N. Humanitarian aid chief Jan Egeland said it.",
         ["Fighters said so.", "U.N. Humanitarian aid chief Jan Egeland said it."]),
        ("Dr. Smith met Sen. John McCain. They spoke.", ["Dr. Smith met Sen. John McCain.", "They spoke."]),
        ("The envoy, J. R. Smith, and George W. Bush agreed. It ended.",
         ["The envoy, J. R. Smith, and George W. Bush agreed.", "It ended."]),
        ("The troops left the U.S. The war went on.", ["The troops left the U.S.", "The war went on."]),
        ("\u201cAre you sure?\u201d he asked. She was.", ["\u201cAre you sure?\u201d he asked.", "She was."]),
        ("\u201cWe know. We may differ,\u201d said Cavusoglu. Then he left.",
         ["\u201cWe know.", "We may differ,\u201d said Cavusoglu.", "Then he left."]),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


def test_quote_spans_across_sentences_and_open_paragraph() -> None:
    text = "\u201cWe know. We may differ,\u201d he said.\nShe said, \u201cNever. Not once."
    paras = [(0, text.index("\n")), (text.index("\n") + 1, len(text))]
    spans = quote_spans(text, paras)
    assert [text[a:b] for a, b in spans] == ["\u201cWe know. We may differ,\u201d", "\u201cNever. Not once."]
    assert quote_spans("", []) == []
    plain = 'a "b" c "d'
    assert [plain[a:b] for a, b in quote_spans(plain, [(0, len(plain))])] == ['"b"', '"d']


def test_sentence_table_flags_quotes(seed_run) -> None:
    s = seed_run["sentences"]
    docs = seed_run["docs"].set_index("doc_id")
    for rec in s.itertuples():
        assert docs.loc[rec.doc_id, "text"][rec.start:rec.end] == rec.text
    ap = s[s.doc_id == "001_a338ea7d94fc7d37"]
    # A two-sentence quote: both sentences are quoted.
    we_know = ap[ap.text.str.startswith("\u201cWe know that Assad")].iloc[0]
    follow = ap[ap.sent_id == we_know.sent_id + 1].iloc[0]
    assert we_know.is_quote and follow.is_quote and follow.text.startswith("We may at times")
    assert not ap[ap.text.str.startswith("Moscow has been")].iloc[0].is_quote
    assert s.groupby("doc_id")["is_title"].sum().eq(1).all()


def test_split_sentences_empty() -> None:
    out = split_sentences(pd.DataFrame(columns=["doc_id", "text"]), pd.DataFrame(columns=["doc_id", "para_id", "start", "end", "is_title"]))
    assert out.empty and "is_quote" in out.columns


@pytest.mark.parametrize(
    ("text", "words"),
    [("", 0), ("Turkey\u2019s \u201cdeal\u201d \u2014 done.", 4), ("U.S. role, 27,000 people", 4)],
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words


def test_token_offsets() -> None:
    text = "\u201cWe know,\u201d said Turkey\u2019s Cavusoglu."
    spans = tokenize_spans(text)
    assert [text[a:b] for a, b in spans][:4] == ["\u201c", "We", "know", ","]
    assert "Cavusoglu" in [text[a:b] for a, b in spans]


def test_tokens_table_points_into_docs(seed_run) -> None:
    docs = seed_run["docs"].set_index("doc_id")
    t = seed_run["tokens"].sample(200, random_state=0)
    for rec in t.itertuples():
        assert docs.loc[rec.doc_id, "text"][rec.start:rec.end] == rec.text


def test_doc_sizes(seed_run) -> None:
    from analysis.sentences import doc_sizes

    sizes = doc_sizes(seed_run["sentences"])
    assert sizes["words"].sum() == seed_run["sentences"]["n_words"].sum() and len(sizes) == 5
    assert (sizes["quoted_sentences"] <= sizes["sentences"]).all()


def test_treebank_tokens_equal_nltk_on_every_newsmtsc_sentence() -> None:
    """The re-compiled Treebank tokenizer gives NLTK's own tokens and spans (it is only faster)."""
    import json

    from nltk.tokenize import NLTKWordTokenizer

    from analysis.sentences import _WORD_TOKENIZER

    data = Path(__file__).resolve().parent.parent / "training" / "data" / "newsmtsc"
    texts = [json.loads(line)["sentence_normalized"] for name in ("train.jsonl", "devtest_rw.jsonl")
             for line in (data / name).read_text(encoding="utf-8").splitlines()]
    texts.append('He said "don\'t" -- (a) [b] «c» ‘d’ can\'t won\'t gonna ``x\'\' $3.88')
    ref = NLTKWordTokenizer()
    assert len(texts) > 8000
    assert [t for t in texts if list(_WORD_TOKENIZER.span_tokenize(t)) != list(ref.span_tokenize(t))] == []

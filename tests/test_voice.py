"""Voice tables over many documents: the speakers of sentences and the actors speakers' words mention,
checked against the plain per-document loop that defines them (built from tables, no parse)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.framing.voice import _within_docs, sentence_speakers, speaker_topics

QUOTE_COLS = ["doc_id", "kind", "is_speech", "speaker", "speaker_actor", "start", "end"]


def _quotes(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=QUOTE_COLS)


def _corpus() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Three documents (listed out of order in the quotes), overlapping quotes, a quote with no speaker."""
    quotes = _quotes(
        [
            ("b", "direct", True, "Lavrov", "Russia", 0, 40),
            ("a", "direct", True, "Erdogan", "Turkey", 10, 60),
            ("a", "partial", True, "Putin", "Russia", 50, 70),  # shares sentence 1 with Erdogan's: Erdogan first
            ("a", "reported", True, "Putin", "Russia", 100, 150),  # reported: not a speaker's own words
            ("c", "direct", True, "", "unknown", 0, 30),  # no speaker
            ("b", "direct", False, "Lavrov", "Russia", 60, 90),  # not speech (a scare quote)
        ]
    )
    sentences = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b", "b", "c"],
            "sent_id": [0, 1, 2, 0, 1, 0],
            "start": [0, 45, 95, 0, 50, 0],
            "end": [44, 94, 160, 49, 100, 30],
        }
    )
    mentions = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b", "b", "c"],
            "start": [12, 55, 110, 5, 70, 3],
            "end": [18, 61, 116, 11, 76, 9],
            "actor": ["Russia", "Turkey", "Turkey", "Turkey", "Russia", "Russia"],
            "counted": [True, True, True, True, True, True],
        }
    )
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "Y", "X"]})
    return quotes, sentences, mentions, docs


def test_sentence_speakers_first_quote_wins_in_document_order() -> None:
    quotes, sentences, _, _ = _corpus()
    sp = sentence_speakers(quotes, sentences)
    got = list(zip(sp["doc_id"], sp["sent_id"], sp["speaker"]))
    # documents in the order the quotes first name them (b before a); sentence 1 of a in both Erdogan's and Putin's
    assert got == [("b", 0, "Lavrov"), ("a", 0, "Erdogan"), ("a", 1, "Erdogan")]
    assert sp["sent_id"].dtype.kind == "i"


def test_speaker_topics_counts_mentions_inside_the_words() -> None:
    quotes, _, mentions, docs = _corpus()
    t = speaker_topics(quotes, mentions, docs)
    got = {(r.outlet, r.speaker, r.actor): r.n_mentions for r in t.itertuples()}
    # Erdogan's words [10, 60) hold Russia (12-18) and Turkey (55-61 ends past 60: not inside)
    assert got == {("X", "Erdogan", "Russia"): 1, ("X", "Putin", "Turkey"): 2, ("Y", "Lavrov", "Turkey"): 1}


@pytest.mark.parametrize("chunk", [1, 2, 1000])
def test_within_docs_is_the_per_document_loop(chunk: int) -> None:
    quotes, sentences, _, _ = _corpus()
    left, right = quotes[["doc_id", "start", "end"]], sentences[["doc_id", "sent_id", "start", "end"]]
    got = _within_docs(left, right, lambda m: (m["start_r"] < m["end"]) & (m["end_r"] > m["start"]), chunk=chunk)
    expected = []
    for doc_id in pd.unique(left["doc_id"]):
        for q in left[left["doc_id"] == doc_id].itertuples():
            ss = right[right["doc_id"] == doc_id]
            expected += [(doc_id, q.start, s) for s in ss[(ss["start"] < q.end) & (ss["end"] > q.start)]["sent_id"]]
    assert list(zip(got["doc_id"], got["start"], got["sent_id_r"])) == expected


@pytest.mark.parametrize(
    "which",
    ["no quotes", "no sentences", "no speakers", "no mentions"],
)
def test_empty_input_gives_empty_tables(which: str) -> None:
    quotes, sentences, mentions, docs = _corpus()
    if which == "no quotes":
        quotes = quotes.iloc[:0]
    elif which == "no sentences":
        sentences = sentences.iloc[:0]
    elif which == "no speakers":
        quotes = quotes.assign(speaker="")
    else:
        mentions = mentions.iloc[:0]
    sp, t = sentence_speakers(quotes, sentences), speaker_topics(quotes, mentions, docs)
    assert list(sp.columns) == ["doc_id", "sent_id", "speaker", "speaker_actor"]
    assert list(t.columns) == ["outlet", "speaker", "speaker_actor", "actor", "n_mentions"]
    assert len(t) == (3 if which == "no sentences" else 0)  # speakers' topics read mentions, not sentences
    assert len(sp) == (3 if which == "no mentions" else 0)

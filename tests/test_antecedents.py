"""The learned antecedent scorer (analysis.mentions.antecedents): its input encoding (the one
training uses), the passage the resolver builds, and the shipped model inside the resolver."""

from __future__ import annotations

import numpy as np
import pytest
from tokenizers import Tokenizer

from analysis.mentions.antecedents import (
    MARK_END_ID,
    MARK_START_ID,
    MODEL_DIR,
    AntecedentScorer,
    encode_pronoun,
    passage,
)
from analysis.text.syntax import Sentence


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    tok = Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    return tok


@pytest.fixture(scope="module")
def scorer() -> AntecedentScorer:
    return AntecedentScorer()


def _words(tokenizer: Tokenizer, ids: list[int], pos: list[int]) -> str:
    return tokenizer.decode([ids[p] for p in pos])


def test_encoding_marks_the_pronoun_and_finds_each_candidate(tokenizer: Tokenizer) -> None:
    text = "Simon met Jenny Smith. Later he left."
    enc = encode_pronoun(tokenizer, text, (29, 31), [[(0, 5)], [(10, 15), (16, 21)]])
    assert enc.ids[0] == 101 and enc.ids[-1] == 102
    assert enc.ids[enc.marker] == MARK_START_ID and enc.ids[enc.marker + 2] == MARK_END_ID
    assert tokenizer.decode([enc.ids[enc.marker + 1]]) == "he"
    assert _words(tokenizer, enc.ids, enc.candidates[0]) == "simon"
    assert _words(tokenizer, enc.ids, enc.candidates[1]) == "jenny smith"


def test_truncation_keeps_the_pronoun_and_drops_far_candidates(tokenizer: Tokenizer) -> None:
    text = "Simon spoke. " + "It rained all day. " * 60 + "Then he left."
    at = text.index(" he ") + 1
    enc = encode_pronoun(tokenizer, text, (at, at + 2), [[(0, 5)], [(at - 5, at - 1)]], max_len=64)
    assert len(enc.ids) == 64
    assert tokenizer.decode([enc.ids[enc.marker + 1]]) == "he"
    assert enc.candidates[0] == [] and enc.candidates[1] != []  # "Simon" was cut off; "Then" was not


@pytest.mark.parametrize("span", [(-1, 2), (5, 5), (0, 999)])
def test_a_pronoun_outside_the_text_is_refused(tokenizer: Tokenizer, span: tuple[int, int]) -> None:
    with pytest.raises(ValueError, match="outside a text"):
        encode_pronoun(tokenizer, "He left.", span, [])


def _sentence(sid: int, start: int, words: list[str]) -> Sentence:
    starts, pos = [], start
    for w in words:
        starts.append(pos)
        pos += len(w) + 1
    n = len(words)
    return Sentence(
        "d", sid, starts, [a + len(w) for a, w in zip(starts, words)], words, words, ["X"] * n, ["X"] * n,
        ["dep"] * n, list(range(n)), [""] * n, ["O"] * n,
    )  # fmt: skip


def test_passage_keeps_document_offsets() -> None:
    sents = [_sentence(0, 0, ["Simon", "spoke."]), _sentence(1, 20, ["He", "left."])]
    text, base = passage(sents, 0, 1)
    assert base == 0 and text[20:22] == "He" and text[0:5] == "Simon"
    text, base = passage(sents, 1, 1)
    assert (text, base) == ("He left.", 20)
    assert passage(sents, 5, 4) == ("", 0)  # nothing in range


def test_the_model_scores_candidates(scorer: AntecedentScorer) -> None:
    text = "Mary Jones met Paul Smith on Monday. She said the meeting went well."
    at = text.index("She")
    p = scorer.score(text, (at, at + 3), [[(0, 10)], [(15, 25)]])
    assert p.shape == (2,) and np.all((p >= 0) & (p <= 1))
    assert scorer.score(text, (at, at + 3), []).shape == (0,)
    cut = scorer.score(text, (at, at + 3), [[(0, 10)], [(999, 1005)]])  # a candidate outside the text
    assert np.isnan(cut[1]) and not np.isnan(cut[0])


def test_the_resolver_asks_the_model_only_between_people(tmp_path) -> None:
    """Two people in reach of "he": the model is asked and, if sure, its answer is the rule
    ``model``; one person, or a scorer set never to be asked, leaves the rules alone."""
    from analysis.mentions.entities import doc_entity_mentions
    from analysis.mentions.resolve import resolve_pronouns
    from analysis.text.sentences import parse_text as parse

    two = "Mr. Paul Smith met Mr. John Brown in Paris on Monday. Later he flew home."
    sents = parse(two)
    model = AntecedentScorer()
    resolve_pronouns(sents, doc_entity_mentions(sents, []), scorer=model)
    assert model.calls == 0  # neither is an actor: nothing the tables show is at stake
    model.actors_only = False
    got = resolve_pronouns(sents, doc_entity_mentions(sents, []), scorer=model)
    he = [r for r in got if r.surface == "he"]
    assert model.calls == 1 and len(he) == 1 and he[0].rule in ("model", "salience")
    if he[0].rule == "model":
        assert 0.5 <= he[0].confidence <= 1.0
    never = AntecedentScorer(below=0.0)
    never.actors_only = False
    resolve_pronouns(sents, doc_entity_mentions(sents, []), scorer=never)
    assert never.calls == 0
    one = parse("Mr. Paul Smith arrived in Paris on Monday. Later he flew home.")
    resolve_pronouns(one, doc_entity_mentions(one, []), scorer=model)
    assert model.calls == 1  # one person in reach: nothing to choose


def test_document_tables_use_the_model_only_when_asked(tmp_path) -> None:
    """--resolve-model: the references table may differ only in rows the model settled."""
    import pandas as pd

    from analysis.ingest.actors import load_actors
    from analysis.run.documents import document_tables

    (tmp_path / "a.toml").write_text(
        '[[actor]]\nid = "Smith"\npeople = [{ name = "Paul Smith", aliases = ["Smith"] }]\n', encoding="utf-8"
    )
    actors = load_actors(tmp_path / "a.toml")
    text = "Paul Smith met John Brown in Paris on Monday. Later he flew home, and he said little."
    docs = pd.DataFrame({"doc_id": ["d"], "outlet": ["X"], "text": [text]})
    rules = document_tables(docs, actors=actors, resolve_model=False)["references"]
    model = document_tables(docs, actors=actors, resolve_model=True)["references"]
    assert "model" not in set(rules["rule"])
    keep = ~rules["start"].isin(model.loc[model["rule"] == "model", "start"])
    same = model[model["rule"] != "model"].reset_index(drop=True)
    pd.testing.assert_frame_equal(
        rules[keep].reset_index(drop=True), same[same["start"].isin(rules["start"])].reset_index(drop=True)
    )

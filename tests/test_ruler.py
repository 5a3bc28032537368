"""The attribute ruler by look-up and the cached lemmatizer give every token the attributes and
lemma spaCy's own components give it."""

from __future__ import annotations

from functools import lru_cache

import pytest
import spacy

from analysis.text.lemmas import CachedLemmatizer, use_cached_lemmatizer
from analysis.text.ruler import LookupRuler, lookup_ruler, use_lookup_ruler
from analysis.text.syntax import MODEL, load_nlp

# news sentences, and the words the model's multi-token, regex and NOT_IN patterns are about
SENTENCES = [
    "Mr. Trump said on Tuesday that he would not meet the Russian president.",
    "\u201cWe ain't going anywhere,\u201d the senator told reporters, \u201cand y'all know it.\u201d",
    "There's nothin' left of eastern Aleppo, and that is what those who were there saw.",
    "The bill, which the House passed 217-213, has been sent to the Senate  for a vote.",
    "Could it be that this is all there is?  Some say so; others ain't sure.",
    "Turkey's foreign minister, Mevl\u00fct \u00c7avu\u015fo\u011flu, has been warning Moscow for weeks.",
    "",
    " \n ",
    "U.S. officials didn't say whether the F.B.I. had been told.",
]


@lru_cache(maxsize=1)
def _spacy_own() -> spacy.language.Language:
    return spacy.load(MODEL, exclude=["senter"])


def _attrs(doc: spacy.tokens.Doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def test_the_pipeline_uses_the_lookup_form() -> None:
    nlp = load_nlp()
    assert isinstance(nlp.get_pipe("attribute_ruler"), LookupRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), CachedLemmatizer)
    assert nlp.pipe_names == _spacy_own().pipe_names


@pytest.mark.parametrize("text", SENTENCES)
def test_same_attributes_as_spacys_ruler(text: str) -> None:
    assert _attrs(load_nlp()(text)) == _attrs(_spacy_own()(text))


def test_multi_token_and_regex_patterns_fire() -> None:
    doc = load_nlp()("They ain't here and y'all know nothin' about it.")
    lemmas = {t.text.lower(): t.lemma_ for t in doc}
    assert lemmas["ai"] == "be" and lemmas["y'"] == "you" and lemmas["nothin'"] == "nothing"


def _blank_with(patterns: list[dict]) -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns(patterns)
    return nlp


@pytest.mark.parametrize(
    "pattern",
    [
        {"patterns": [[{"ORTH": "a"}]], "attrs": {"LEMMA": "x"}},  # an attribute it does not read
        {"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {"LEMMA": "x"}},  # an operator
        {"patterns": [[{"LOWER": {"FUZZY": "a"}}]], "attrs": {"LEMMA": "x"}},
    ],
)
def test_a_pattern_it_cannot_read_leaves_spacys_ruler(pattern: dict) -> None:
    nlp = _blank_with([pattern])
    assert lookup_ruler(nlp.get_pipe("attribute_ruler")) is None
    assert use_lookup_ruler(nlp) is False
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"


def test_later_patterns_win_and_negative_index() -> None:
    patterns = [
        {"patterns": [[{"LOWER": "new"}]], "attrs": {"LEMMA": "first"}},
        {"patterns": [[{"LOWER": "new"}, {"LOWER": "york"}]], "attrs": {"LEMMA": "second"}, "index": 0},
        {"patterns": [[{"LOWER": {"IN": ["new", "old"]}}]], "attrs": {"LEMMA": "third"}},
        {"patterns": [[{"LOWER": "in"}, {"LOWER": "new"}]], "attrs": {"LEMMA": "fourth"}, "index": -1},
        {"patterns": [[{"LOWER": {"REGEX": "^yo"}}]], "attrs": {"LEMMA": "city"}},
    ]
    words = "I live in New York , not in new Jersey or old York".split()
    own = _blank_with(patterns)
    fast = _blank_with(patterns)
    assert use_lookup_ruler(fast) is True
    a = own(spacy.tokens.Doc(own.vocab, words=words))
    b = fast(spacy.tokens.Doc(fast.vocab, words=words))
    assert [t.lemma_ for t in b] == [t.lemma_ for t in a]
    assert [t.lemma_ for t in b][3:5] == ["fourth", "city"]


def test_empty_document() -> None:
    nlp = load_nlp()
    assert len(nlp.get_pipe("attribute_ruler")(nlp.make_doc(""))) == 0


def test_cached_lemmas_repeat_and_keep_the_rulers() -> None:
    nlp = load_nlp()
    text = "The senators said they were saying what senators say; I'd have said it."
    first, second = _attrs(nlp(text)), _attrs(nlp(text))  # the second from the cache
    assert first == second == _attrs(_spacy_own()(text))
    lemmas = {t.text: t.lemma_ for t in nlp(text)}
    assert lemmas["senators"] == "senator" and lemmas["saying"] == "say" and lemmas["'d"] == "would"


def test_lemmatizer_left_alone_where_not_a_rule_lemmatizer() -> None:
    nlp = spacy.blank("en")
    assert use_cached_lemmatizer(nlp) is False  # none
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert use_cached_lemmatizer(nlp) is False
    assert type(nlp.get_pipe("lemmatizer")).__name__ != "CachedLemmatizer"


def test_unwrapped_cached_lemmatizer_says_so() -> None:
    with pytest.raises(RuntimeError, match="wrap"):
        CachedLemmatizer()(spacy.blank("en")("a b"))


def test_full_caches_are_emptied_and_refilled(monkeypatch: pytest.MonkeyPatch) -> None:
    import analysis.text.lemmas as lemmas
    import analysis.text.ruler as ruler

    monkeypatch.setattr(ruler, "_CACHE_MAX", 3)
    monkeypatch.setattr(lemmas, "_CACHE_MAX", 3)
    nlp = load_nlp()
    for text in ["Blorfing zyxwians quabbled.", *SENTENCES[:4]]:  # unseen words first: full caches emptied
        assert _attrs(nlp(text)) == _attrs(_spacy_own()(text))
    assert len(nlp.get_pipe("attribute_ruler")._cache) <= 3 and len(nlp.get_pipe("lemmatizer")._cache) <= 3

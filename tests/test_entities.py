"""The entities pronouns can refer to (analysis/mentions/entities.py): hand-made parses that
reproduce the parser's errors on real articles, so that each rule holds whatever the parser does."""

from __future__ import annotations

import pytest

from analysis.mentions.entities import doc_entity_mentions
from analysis.text.syntax import Sentence

# (text, pos, tag, dep, head, entity type, entity IOB)
Tok = tuple[str, str, str, str, int, str, str]


def _sentence(sent_id: int, toks: list[Tok], offset: int) -> Sentence:
    starts, ends, pos = [], [], offset
    for t in toks:
        starts.append(pos)
        ends.append(pos + len(t[0]))
        pos += len(t[0]) + 1
    return Sentence(
        "d",
        sent_id,
        starts,
        ends,
        [t[0] for t in toks],
        [t[0].lower() for t in toks],
        [t[1] for t in toks],
        [t[2] for t in toks],
        [t[3] for t in toks],
        [t[4] for t in toks],
        [t[5] for t in toks],
        [t[6] for t in toks],
    )


def _doc(*sents: list[Tok]) -> list[Sentence]:
    out, offset = [], 0
    for i, toks in enumerate(sents):
        s = _sentence(i, toks, offset)
        out.append(s)
        offset = s.end[-1] + 2
    return out


_BERNIE = [
    ("Bernie", "PROPN", "NNP", "compound", 1, "PERSON", "B"),
    ("Sanders", "PROPN", "NNP", "nsubj", 2, "PERSON", "I"),
    ("spoke", "VERB", "VBD", "ROOT", 2, "", "O"),
    (".", "PUNCT", ".", "punct", 2, "", "O"),
]
# "Sanders supports raising the minimum wage.": the parser took the name for a plural noun
_SANDERS_NOUN = [
    ("Sanders", "NOUN", "NNS", "nsubj", 1, "", "O"),
    ("supports", "VERB", "VBZ", "ROOT", 1, "", "O"),
    ("raising", "VERB", "VBG", "xcomp", 1, "", "O"),
    ("wages", "NOUN", "NNS", "dobj", 2, "", "O"),
    (".", "PUNCT", ".", "punct", 1, "", "O"),
]
# "... the campaign of Sanders.": the name tagged a one-word organisation
_SANDERS_ORG = [
    ("They", "PRON", "PRP", "nsubj", 1, "", "O"),
    ("joined", "VERB", "VBD", "ROOT", 1, "", "O"),
    ("Sanders", "PROPN", "NNP", "dobj", 1, "ORG", "B"),
    (".", "PUNCT", ".", "punct", 1, "", "O"),
]
_DON_YOUNG = [
    ("Don", "PROPN", "NNP", "compound", 1, "PERSON", "B"),
    ("Young", "PROPN", "NNP", "nsubj", 2, "PERSON", "I"),
    ("spoke", "VERB", "VBD", "ROOT", 2, "", "O"),
    (".", "PUNCT", ".", "punct", 2, "", "O"),
]
_SANDERS_ALONE = [
    ("Sanders", "PROPN", "NNP", "nsubj", 1, "PERSON", "B"),
    ("spoke", "VERB", "VBD", "ROOT", 1, "", "O"),
    (".", "PUNCT", ".", "punct", 1, "", "O"),
]
_YOUNG_PEOPLE = [
    ("Young", "ADJ", "JJ", "amod", 1, "", "O"),
    ("people", "NOUN", "NNS", "nsubj", 2, "", "O"),
    ("vote", "VERB", "VBP", "ROOT", 2, "", "O"),
    (".", "PUNCT", ".", "punct", 2, "", "O"),
]
_YOUNG_LOWER = [
    ("The", "DET", "DT", "det", 1, "", "O"),
    ("young", "ADJ", "JJ", "nsubj", 2, "", "O"),
    ("stayed", "VERB", "VBD", "ROOT", 2, "", "O"),
    (".", "PUNCT", ".", "punct", 2, "", "O"),
]


def _at(sents: list[Sentence], si: int, k: int) -> tuple[str, str] | None:
    """(kind, key) of the entity of the mention that starts at token ``k`` of sentence ``si``."""
    for m in doc_entity_mentions(sents, []):
        if m.start == sents[si].start[k]:
            return m.entity.kind, m.entity.key
    return None


def test_a_name_the_parser_took_for_a_noun_is_the_person_named_in_full() -> None:
    assert _at(_doc(_BERNIE, _SANDERS_NOUN), 1, 0) == ("person", "other:person:Bernie Sanders")


def test_a_one_word_organisation_that_is_a_named_persons_surname_is_that_person() -> None:
    assert _at(_doc(_BERNIE, _SANDERS_ORG), 1, 2) == ("person", "other:person:Bernie Sanders")


@pytest.mark.parametrize(
    ("sents", "si", "k"),
    [
        pytest.param([_DON_YOUNG, _YOUNG_PEOPLE, _YOUNG_LOWER], 1, 0, id="sentence start, lower case elsewhere"),
        pytest.param([_SANDERS_NOUN], 0, 0, id="never named in full"),
        pytest.param([_SANDERS_NOUN, _SANDERS_ALONE], 0, 0, id="named by one word only"),
    ],
)
def test_words_that_stay_common_words(sents: list[list[Tok]], si: int, k: int) -> None:
    found = _at(_doc(*sents), si, k)
    assert found is None or found[0] != "person"


def test_young_is_a_person_where_the_document_never_writes_it_in_lower_case() -> None:
    assert _at(_doc(_DON_YOUNG, _YOUNG_PEOPLE), 1, 0) == ("person", "other:person:Don Young")


def test_a_title_case_headline_gives_no_names() -> None:
    headline = [
        ("Problems", "NOUN", "NNS", "ROOT", 0, "", "O"),
        ("For", "ADP", "IN", "prep", 0, "", "O"),
        ("Trump", "PROPN", "NNP", "compound", 4, "PERSON", "B"),
        ("White", "PROPN", "NNP", "compound", 4, "PERSON", "I"),
        ("House", "PROPN", "NNP", "pobj", 1, "PERSON", "I"),
    ]
    house = [
        ("He", "PRON", "PRP", "nsubj", 1, "", "O"),
        ("visited", "VERB", "VBD", "ROOT", 1, "", "O"),
        ("House", "NOUN", "NN", "dobj", 1, "", "O"),
    ]
    found = _at(_doc(headline, house), 1, 2)
    assert found is None or found[0] != "person"


def test_empty_document() -> None:
    assert doc_entity_mentions([], []) == []

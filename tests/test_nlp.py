"""The syntax table: offsets into the document, heads within the sentence, entities."""

from __future__ import annotations

import pandas as pd

from analysis.text.syntax import SYNTAX_COLUMNS, iter_parsed, parse_sentences


def test_offsets_heads_and_entities() -> None:
    text = "Intro.  Russia backs Assad. The jet was shot down by Turkey."
    sents = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [0, 1], "start": [8, 28], "text": [text[8:27], text[28:]]})
    syn = parse_sentences(sents)
    assert list(syn.columns) == SYNTAX_COLUMNS
    for r in syn.itertuples():
        assert text[r.start : r.end] == r.text
    parsed = list(iter_parsed(syn))
    assert [p.sent_id for p in parsed] == [0, 1]
    s = parsed[1]
    assert all(0 <= h < len(s) for h in s.head)
    agent = s.text.index("Turkey")
    assert s.dep[agent] == "pobj" and s.ent_type[agent] == "GPE"
    assert s.subtree(s.head_of(s.tokens_in(text.index("The jet"), text.index("The jet") + 7))) == [0, 1]


def test_empty() -> None:
    assert len(parse_sentences(pd.DataFrame(columns=["doc_id", "sent_id", "start", "text"]))) == 0
    assert list(iter_parsed(pd.DataFrame(columns=SYNTAX_COLUMNS))) == []

"""Sentence splitting with news abbreviations and quotations; tokens with offsets."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pandas as pd
import pytest

from analysis.text.sentences import quote_spans, split_sentences, split_spans
from analysis.text.tokens import count_words, tokenize_spans


def _split(text: str) -> list[str]:
    return [text[a:b] for a, b in split_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("   ", []),
        (
            "A day before Lt. Gen. Sergei Rudskoi spoke. Nobody else did.",
            ["A day before Lt. Gen. Sergei Rudskoi spoke.", "Nobody else did."],
        ),
        (
            "He said there was no U.S. role in the talks, which involved the U.N. and Moscow. Later, more.",
            ["He said there was no U.S. role in the talks, which involved the U.N. and Moscow.", "Later, more."],
        ),
        (
            "Fighters said so. U.N. Humanitarian aid chief Jan Egeland said it.",
            ["Fighters said so.", "U.N. Humanitarian aid chief Jan Egeland said it."],
        ),
        ("Dr. Smith met Sen. John McCain. They spoke.", ["Dr. Smith met Sen. John McCain.", "They spoke."]),
        (
            "The envoy, J. R. Smith, and George W. Bush agreed. It ended.",
            ["The envoy, J. R. Smith, and George W. Bush agreed.", "It ended."],
        ),
        ("The troops left the U.S. The war went on.", ["The troops left the U.S.", "The war went on."]),
        ("\u201cAre you sure?\u201d he asked. She was.", ["\u201cAre you sure?\u201d he asked.", "She was."]),
        (
            "\u201cWe know. We may differ,\u201d said Cavusoglu. Then he left.",
            ["\u201cWe know.", "We may differ,\u201d said Cavusoglu.", "Then he left."],
        ),
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
        assert docs.loc[rec.doc_id, "text"][rec.start : rec.end] == rec.text
    ap = s[s.doc_id == "001_a338ea7d94fc7d37"]
    # A two-sentence quote: both sentences are quoted.
    we_know = ap[ap.text.str.startswith("\u201cWe know that Assad")].iloc[0]
    follow = ap[ap.sent_id == we_know.sent_id + 1].iloc[0]
    assert we_know.is_quote and follow.is_quote and follow.text.startswith("We may at times")
    assert not ap[ap.text.str.startswith("Moscow has been")].iloc[0].is_quote
    assert s.groupby("doc_id")["is_title"].sum().eq(1).all()


def test_split_sentences_empty() -> None:
    out = split_sentences(
        pd.DataFrame(columns=["doc_id", "text"]),
        pd.DataFrame(columns=["doc_id", "para_id", "start", "end", "is_title"]),
    )
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
        assert docs.loc[rec.doc_id, "text"][rec.start : rec.end] == rec.text


def test_doc_sizes(seed_run) -> None:
    from analysis.text.sentences import doc_sizes

    sizes = doc_sizes(seed_run["sentences"])
    assert sizes["words"].sum() == seed_run["sentences"]["n_words"].sum() and len(sizes) == 5
    assert (sizes["quoted_sentences"] <= sizes["sentences"]).all()


def test_treebank_tokens_equal_nltk_on_every_newsmtsc_sentence() -> None:
    """The re-compiled Treebank tokenizer gives NLTK's own tokens and spans (it is only faster)."""
    import json

    from nltk.tokenize import NLTKWordTokenizer

    from analysis.text.tokens import _WORD_TOKENIZER

    data = Path(__file__).resolve().parent.parent / "training" / "data" / "newsmtsc"
    texts = [
        json.loads(line)["sentence_normalized"]
        for name in ("train.jsonl", "devtest_rw.jsonl")
        for line in (data / name).read_text(encoding="utf-8").splitlines()
    ]
    texts.append("He said \"don't\" -- (a) [b] «c» ‘d’ can't won't gonna ``x'' $3.88")
    ref = NLTKWordTokenizer()
    assert len(texts) > 8000
    assert [t for t in texts if list(_WORD_TOKENIZER.span_tokenize(t)) != list(ref.span_tokenize(t))] == []


# --- The fast paths give NLTK's output -------------------------------------------------------

_DATA = Path(__file__).resolve().parent.parent / "training" / "data" / "newsmtsc"
_TRICKY = [
    "",
    " ",
    "a",
    "U.S.",
    "The U.S. and the U.N. met.",
    "It cost 1,000 dollars, or 1,5 euros; 3.88 each.",
    "a&b",
    "x:y",
    "10:30",
    "a,b",
    "a,,b",
    "a:,1",
    "x,",
    "x:",
    "Wait... what?!",
    "Wait . . . no..",
    "well-known -- or not --- really-",
    "a—b – c ― d ‒ e",
    "«Oui», “yes” and ‘no’ „ja‟ ‚nein‛",
    'He said "no" and ``yes\'\' then "maybe."',
    '"Start',
    'end."',
    "end.'",
    "end.)",
    "end. )",
    'end. "',
    'end."\n',
    "end.\u2019",
    "end.\u00a0)",
    "It's",
    "it's.",
    "it's. \"",
    "it's.\"",
    "it's.'",
    "It's mine. It's.",
    "don't",
    "Don't--",
    "DON'T",
    "DoN't",
    "can't,5",
    "can't, no",
    "won't.",
    "n't",
    "-n't",
    "(n't",
    "x-n't",
    "isn'T",
    "I'm, you're, we've, they'd, she'll, he'S, I'M, YOU'RE, WE'VE, THEY'D, SHE'LL",
    "they'Re 'Ll",
    "the dogs' bones",
    "rock'n'roll",
    "O'Neill's",
    "O'Neill",
    "'tis",
    "'Twas",
    " 'tis",
    "d'ye",
    "more'n",
    "D'YE",
    "cannot",
    "CanNot",
    "gimme gonna",
    "gotta lemme wanna ",
    "wanna",
    "gİmme",
    "gımme",
    "Gonna.",
    "it's'",
    "x''y",
    "x'''",
    "'quoted' words",
    "a 'b' c",
    "`tick`",
    "Café's crème brûlée",
    "Cafe\u0301's",
    "Çavuşoğlu’s “deal” — done.",
    "x²'s",
    "a\u200bb",
    "a\x1cb",
    "tab\there",
    "line\nbreak",
    "nbsp\u00a0here's",
    "(a) [b] {c} <d>",
    "$3.88 @ 5% & #1 * 2",
    "x?y!z",
    "https://t.co/TIoytO15Ca pic.twitter.com/TjkBS0mbB8",
    "Mr. O'Rourke's aides' memos.",
    '"I\'m here," he said.',
    "'s",
    "s's",
    "a's's",
    "he's'",
    "x'll's",
    "don't's",
]


def _newsmtsc_sentences() -> list[str]:
    import json

    return [
        json.loads(line)["sentence_normalized"]
        for name in ("train.jsonl", "devtest_rw.jsonl")
        for line in (_DATA / name).read_text(encoding="utf-8").splitlines()
    ]


def _reference_tokenizer():
    """NLTK's own NLTKWordTokenizer (algorithm untouched) with its patterns compiled by "re", as
    the project used it before the fast paths: the reference for text where "regex" and "re"
    disagree (combining marks, \\x1c-\\x1f)."""
    from nltk.tokenize import NLTKWordTokenizer

    from analysis.text.tokens import _std_re

    class Reference(NLTKWordTokenizer):
        STARTING_QUOTES: ClassVar[list] = [(_std_re(p), r) for p, r in NLTKWordTokenizer.STARTING_QUOTES]
        ENDING_QUOTES: ClassVar[list] = [(_std_re(p), r) for p, r in NLTKWordTokenizer.ENDING_QUOTES]
        PUNCTUATION: ClassVar[list] = [(_std_re(p), r) for p, r in NLTKWordTokenizer.PUNCTUATION]
        PARENS_BRACKETS = (_std_re(NLTKWordTokenizer.PARENS_BRACKETS[0]), NLTKWordTokenizer.PARENS_BRACKETS[1])
        DOUBLE_DASHES = (_std_re(NLTKWordTokenizer.DOUBLE_DASHES[0]), NLTKWordTokenizer.DOUBLE_DASHES[1])

    return Reference()


def _words(tokens: list[str]) -> int:
    import re

    return sum(1 for tok in tokens if re.search(r"\w", tok))


def _spans_or_error(tokenizer, text: str):
    try:
        return list(tokenizer.span_tokenize(text))
    except Exception as exc:  # NLTK's span_tokenize fails on some quote mixtures; ours must fail alike
        return type(exc)


def test_word_count_equals_nltk_on_every_newsmtsc_sentence() -> None:
    """count_words (its fast path where it applies) gives NLTK's count on every NewsMTSC sentence."""
    from nltk.tokenize import NLTKWordTokenizer

    from analysis.text.tokens import _fast_word_count

    ref = NLTKWordTokenizer()
    texts = _newsmtsc_sentences()
    assert [t for t in texts if count_words(t) != _words(ref.tokenize(t))] == []
    assert sum(_fast_word_count(t) is not None for t in texts) > 0.9 * len(texts)


def test_tokens_and_counts_equal_nltk_on_tricky_and_random_text() -> None:
    """Tokens, spans and word counts equal NLTK's on hand-written tricky strings and on random
    strings of the characters and words its rules treat specially."""
    import random

    from analysis.text.tokens import _WORD_TOKENIZER, _fast_word_count

    ref = _reference_tokenizer()
    parts = [
        "a",
        "x",
        "do",
        "n",
        "N",
        "1",
        "_",
        "é",
        "e\u0301",
        "²",
        " ",
        " ",
        "  ",
        "\u00a0",
        "\n",
        "\t",
        "\x1c",
        "\u2028",
        ".",
        ".",
        "..",
        "...",
        ",",
        ":",
        ";",
        "-",
        "--",
        "---",
        "(",
        ")",
        "[",
        "]",
        "{",
        "<",
        ">",
        '"',
        ' "',
        "'",
        "''",
        "`",
        "``",
        "«",
        "»",
        "“",
        "”",
        "‘",
        "’",
        "„",
        "?",
        "!",
        "%",
        "$",
        "&",
        "@",
        "#",
        "*",
        "/",
        "…",
        "—",
        "–",
        "‒",
        "―",
        "‐",
        "'s",
        "'S",
        "'m",
        "'d",
        "'ll",
        "'LL",
        "'Ll",
        "'re",
        "'ve",
        "'VE",
        "n't",
        "N'T",
        "N't",
        "'t",
        "'T",
        " 'tis",
        "is",
        "was",
        "cannot",
        "Gonna",
        "wanna ",
        "d'ye",
        "more'n",
        "gİmme",
        "ı",
        "U.S.",
        "Mr.",
    ]
    plain = [p for p in parts if "'" not in p and "`" not in p]
    rnd = random.Random(7)
    texts = _TRICKY + [
        "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 12)))
        for alphabet in (parts, plain)
        for _ in range(3000)
    ]
    fast = 0
    for t in texts:
        tokens = ref.tokenize(t)
        assert _WORD_TOKENIZER.tokenize(t) == tokens, t
        assert _spans_or_error(_WORD_TOKENIZER, t) == _spans_or_error(ref, t), t
        assert count_words(t) == _words(tokens), t
        fast += _fast_word_count(t) is not None
    assert fast > len(texts) / 4  # the fast path was exercised, not only the fallback


def test_case_insensitive_facts_the_fast_paths_rely_on() -> None:
    """Under "re", "(?i)'t" matches only "'t"/"'T", and every character that matches an ASCII
    letter case-insensitively is one _ASCII_LETTER flags."""
    import re
    import string

    from analysis.text.tokens import _ASCII_LETTER

    every = "".join(map(chr, range(0x110000)))
    assert set(re.findall("(?i)t", every)) == {"t", "T"}
    folding = set().union(*(re.findall("(?i)" + c, every) for c in string.ascii_lowercase))
    assert folding <= set(_ASCII_LETTER.findall(every))


def _punkt_paragraphs() -> list[str]:
    from analysis.ingest.corpus import load_corpus

    sents = _newsmtsc_sentences()
    paras = [" ".join(sents[i : i + 8]) for i in range(0, len(sents), 8)]
    root = Path(__file__).resolve().parent.parent
    for folder in (root / "seeds", root / "tests" / "data" / "mueller"):
        paras += [p for text in load_corpus(folder).docs["text"] for p in text.split("\n") if p.strip()]
    # Characters "re" and "regex" classify differently go to NLTK's stock tokenizer.
    paras += [
        "Cafe\u0301 opened. It closed.",
        "Room 2\u00b2. Next one.",
        "A.\x1cB. C.",
        "Mr. Smith left. He\u0301 came.",
    ]
    return paras


def test_punkt_spans_equal_nltk() -> None:
    """The splitter gives the spans of NLTK's stock PunktSentenceTokenizer with the same
    parameters, trained and untrained, on every NewsMTSC sentence joined into paragraphs, on the
    seeds and the second corpus, in their original and typography-normalised forms."""
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    from analysis.ingest.normalize import normalize
    from analysis.text.punkt import _engines_agree, make_splitter

    paras = _punkt_paragraphs()
    paras += [normalize(p, fold_diacritics=False).text for p in paras]
    for splitter in (make_splitter(train_text="\n\n".join(paras[:400])), make_splitter()):
        stock = PunktSentenceTokenizer(splitter._params)
        assert [p for p in paras if list(splitter.span_tokenize(p)) != list(stock.span_tokenize(p))] == []
    assert sum(map(_engines_agree, paras)) > 0.9 * len(paras)
    assert not _engines_agree("Cafe\u0301") and not _engines_agree("2\u00b2") and not _engines_agree("\x1c")


@pytest.mark.parametrize(
    "text",
    [
        "They held talks. Next came dinner.",
        "They held talks. next came dinner.",
        "Talks ended. \u201cGood,\u201d he said.",
        "He met Gen. Smith. Then he left.",
        "It rose 5. Then it fell.",
        "J. Smith spoke. He left.",
        "So.. he left. Fine.",
        "Wait. . . he left. Fine.",
        "ends.)Then more. Yes.",
        "It is Ankara-based. Then? Yes! No.",
        "Al. Next.",
        "word.'s end. A.",
        "",
        "No period here",
    ],
)
def test_punkt_plain_word_shortcut_equals_nltk(text: str) -> None:
    """Contexts answered without Punkt's tokens (a plain word and its period) split as NLTK's
    stock tokenizer does, with an abbreviation ("gen", "al") and a collocation whose first word
    is plain ("talks next") among the parameters."""
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    from analysis.text.punkt import make_splitter

    splitter = make_splitter()
    splitter._params.collocations.add(("talks", "next"))
    splitter._params.abbrev_types.add("al")
    splitter.__init__(splitter._params)
    stock = PunktSentenceTokenizer(splitter._params)
    assert list(splitter.span_tokenize(text)) == list(stock.span_tokenize(text))


def test_sentences_without_tokens_equal_with_tokens() -> None:
    """The sentences table is the same with and without the tokens table, and n_words counts the
    tokens table's tokens that hold a letter or digit."""
    from analysis.ingest.clean import clean_docs
    from analysis.ingest.corpus import load_corpus
    from analysis.text.punkt import make_splitter, punkt_training_text
    from analysis.text.sentences import sentences_and_tokens

    root = Path(__file__).resolve().parent.parent
    for folder in (root / "seeds", root / "tests" / "data" / "mueller"):
        docs = load_corpus(folder).docs
        paras, _ = clean_docs(docs)
        splitter = make_splitter(train_text=punkt_training_text(docs, paras).text)
        plain, _ = sentences_and_tokens(docs, paras, splitter=splitter, with_tokens=False)
        full, tokens = sentences_and_tokens(docs, paras, splitter=splitter, with_tokens=True)
        pd.testing.assert_frame_equal(plain, full)
        words = tokens[tokens["text"].str.contains(r"\w")].groupby(["doc_id", "sent_id"]).size()
        counted = full.set_index(["doc_id", "sent_id"])["n_words"]
        assert counted.sub(words.reindex(counted.index, fill_value=0)).eq(0).all()


def _quote_spans_reference(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """quote_spans as first written: a loop over every character (two apostrophes in a row are one
    straight mark, as in the NYT archive's ''...''), with the later rule for an opening mark
    written in a closing place."""
    marks = {'"', "\u201c", "\u201d", "\u201e", "\u201f", "\u00ab", "\u00bb"}
    spans = []
    for p_start, p_end in paragraphs:
        open_at = None
        i = p_start
        while i < p_end:
            ch, width = text[i], 1
            if text[i : i + 2] == "''" and i + 2 <= p_end:
                ch, width = '"', 2
            if ch not in marks:
                i += 1
                continue
            opening = True if ch in "\u201c\u201e\u00ab" else False if ch in "\u201d\u201f\u00bb" else open_at is None
            if ch == "\u201c" and open_at is not None and i > 0 and not text[i - 1].isspace():
                # an opening mark in a closing place: after a word, before a space or the end
                if text[i - 1] not in "([{\u2014\u2013-" and (i + 1 >= p_end or text[i + 1].isspace()):
                    opening = False
            if opening and open_at is None:
                open_at = i
            elif not opening and open_at is not None:
                spans.append((open_at, i + width))
                open_at = None
            i += width
        if open_at is not None:
            spans.append((open_at, p_end))
    return spans


def test_quote_spans_equal_character_loop() -> None:
    import random

    rnd = random.Random(3)
    marks = ['"', "\u201c", "\u201d", "\u201e", "\u201f", "\u00ab", "\u00bb", "a", " ", "'", "\u2019"]
    for _ in range(2000):
        text = "".join(rnd.choice(marks) for _ in range(rnd.randint(0, 30)))
        cuts = sorted(rnd.sample(range(len(text) + 1), k=min(len(text) + 1, 4)))
        paras = list(zip(cuts[::2], cuts[1::2]))
        assert quote_spans(text, paras) == _quote_spans_reference(text, paras)


@pytest.mark.parametrize(
    "texts",
    [
        None,  # the seeds and the Mueller corpus
        [],
        [
            "Title\n\n\"An open quote runs to the paragraph's end.  \n\n"
            '\u201cOne\u201d and \u201ctwo.\u201d\n\n"\n\n  \u00abLast\u00bb words "here'
        ],
        ["   \n\n  ", "No quotes at all. Two sentences.", '"Quoted" title\n\nturkey "said" "x'],
    ],
)
def test_quotes_found_with_the_sentences_equal_doc_quote_spans(texts) -> None:
    """The quotation spans sentences_and_tokens collects are those doc_quote_spans finds from the
    sentences table (documents without sentences: none), so mentions get the same in_quote."""
    from analysis.ingest.actors import load_actors
    from analysis.ingest.clean import clean_docs
    from analysis.ingest.corpus import load_corpus
    from analysis.mentions.matching import find_mentions
    from analysis.text.sentences import doc_quote_spans, sentences_and_tokens

    root = Path(__file__).resolve().parent.parent
    if texts is None:
        corpora = [load_corpus(f).docs for f in (root / "seeds", root / "tests" / "data" / "mueller")]
    else:
        corpora = [pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "outlet": "o", "text": texts})]
    for docs in corpora:
        paras, _ = clean_docs(docs)
        quotes: dict = {}
        sentences, _ = sentences_and_tokens(docs, paras, with_tokens=False, quotes=quotes)
        expected = doc_quote_spans(docs, sentences)
        assert {d: q for d, q in quotes.items() if d in expected} == expected
        assert not any(q for d, q in quotes.items() if d not in expected)
        if texts is not None and texts:
            assert any(expected.values())  # the cases hold quotes
        actors = load_actors()
        pd.testing.assert_frame_equal(
            find_mentions(docs, sentences, actors, quotes=quotes), find_mentions(docs, sentences, actors)
        )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an opening mark written where the closing one belongs (38 AllSides articles, 4 PolNeAR)
        ("\u201cWe will win here,\u201c said Jim Clyburn. He left.", ["\u201cWe will win here,\u201c"]),
        ("\u201cWe will win here.\u201c", ["\u201cWe will win here.\u201c"]),
        # real opening marks: after a space, a colon with no space, or a dash
        ("He said \u201cyes\u201d and \u201cno\u201d.", ["\u201cyes\u201d", "\u201cno\u201d"]),
        ("She said:\u201cWe go.\u201d Then.", ["\u201cWe go.\u201d"]),
        ("\u201cOne \u2014\u201cand two\u201d.", ["\u201cOne \u2014\u201cand two\u201d"]),
        ("", []),
    ],
)
def test_an_opening_mark_in_a_closing_place_closes_the_quotation(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in quote_spans(text, [(0, len(text))] if text else [])] == expected

"""Word tokens for counting (TF-IDF, distinctive words, reuse keys): lower-cased, diacritic-folded,
hyphenated words kept; NLTK's RegexpTokenizer(WORD_PATTERN), found without a regular expression."""

from __future__ import annotations

import re
from collections.abc import Callable

from nltk.tokenize import RegexpTokenizer

from analysis.ingest.normalize import fold

WORD_PATTERN = r"[^\W_]+(?:[-'][^\W_]+)*"


_TOKENIZER = RegexpTokenizer(WORD_PATTERN)  # the NLTK tokenizer this module's tokenisation is (tested equal)


_WORD_RE = re.compile(WORD_PATTERN)


_WORD_CHAR: dict[str, bool] = {}  # non-ASCII character -> whether [^\W_] matches it


_ASCII = frozenset(map(chr, range(128)))


def _word_splitter(joiners: str) -> Callable[[str], list[str]]:
    r"""A function giving the tokens of ``[^\W_]+(?:[<joiners>][^\W_]+)*`` in a text (``re.findall``),
    found with ``str.split`` instead, several times faster (``joiners``: one or two characters).

    Every character that is neither a word character nor a joiner is made a space (ASCII ones by a
    byte translation of the UTF-8 text, each distinct other one once), then every joiner that is
    not between two word characters, i.e. next to another joiner or a space: first the joiner
    pairs, which writes spaces only and leaves no two joiners side by side, then the joiners
    next to a space, so one pass of replacements is enough. Each run between spaces is a token.
    """
    spaces = bytes(c if chr(c) in joiners or chr(c).isalnum() else 32 for c in range(128)) + bytes(range(128, 256))
    loose = tuple(j + k for j in joiners for k in joiners) + tuple(p for j in joiners for p in (" " + j, j + " "))
    first, last = joiners[0], joiners[-1]  # one or two joiners

    def split(text: str) -> list[str]:
        spaced = text.encode("utf-8").translate(spaces).decode("utf-8")
        if not spaced.isascii():
            for ch in set(spaced).difference(_ASCII):
                word = _WORD_CHAR.get(ch)
                if word is None:
                    word = _WORD_CHAR[ch] = _WORD_RE.fullmatch(ch) is not None
                if not word:
                    spaced = spaced.replace(ch, " ")
        if first in spaced or last in spaced:
            spaced = f" {spaced} "
            for pair in loose:
                spaced = spaced.replace(pair, "  ")
        return spaced.split()

    return split


_split_words = _word_splitter("-'")  # the tokens of WORD_PATTERN


def words(text: str) -> list[str]:
    """Lower-cased, diacritic-folded word tokens (hyphenated words kept).

    The same tokens as NLTK's ``RegexpTokenizer(WORD_PATTERN)``, found without a regular
    expression (see :func:`_word_splitter`): NLTK 3.10 routes RegexpTokenizer through a slower
    ReDoS-guarded engine, and even the standard ``re`` module made tokenising a large corpus the
    bottleneck of the similarity and distinctive-words stages.
    """
    return _split_words(fold(text).lower())

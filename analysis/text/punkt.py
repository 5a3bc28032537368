"""Sentence boundaries with NLTK's Punkt, tuned for news and run faster without a change of output.

Punkt is given a curated list of news abbreviations (titles, ranks, "U.N.", "U.S.", months,
single-letter initials) and a list of common sentence starters, then optionally trained on the
corpus itself (:class:`PunktSample`); nothing is downloaded. Its patterns are compiled by ``re``
rather than NLTK's ReDoS-guarded ``regex`` wrapper (a paragraph with a character on which the two
engines disagree goes to NLTK's stock Punkt), and a plain word followed by a period is a break
without building Punkt's tokens. tests/test_sentences.py compares the splitter with NLTK's.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

import pandas as pd
from nltk import redos
from nltk.tokenize.punkt import (
    PunktLanguageVars,
    PunktParameters,
    PunktSentenceTokenizer,
    PunktToken,
    PunktTrainer,
)

from analysis.ingest.normalize import _non_ascii
from analysis.text.tokens import (
    _std_re,
)

# Lower-case, without the final period, as Punkt stores them.
NEWS_ABBREVIATIONS: frozenset[str] = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft rev hon messrs mme mlle
    gen lt col maj capt cpt sgt cpl pvt adm cmdr cdr brig lt.gen lt.col maj.gen brig.gen gov sen rep
    pres amb sec supt insp det atty
    u.s u.n u.k u.s.a e.u u.a.e u.s.s.r n.y d.c l.a a.m p.m
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    inc corp co ltd llc plc bros dept est approx no nos vol fig vs etc al cf
    ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev
    okla ore pa tenn tex va vt wash wis wyo
    """.split()
) | frozenset("abcdefghijklmnopqrstuvwxyz")


_SENT_STARTERS: frozenset[str] = frozenset(
    """the a an it he she they we i this that these those there but and however in on at after
    before when while as if meanwhile also some many most according his her their its our""".split()
)


# A "sentence" that is nothing but abbreviations or initials ("U.N.", "Lt. Gen.", "J. R.") never
# ends a sentence: it belongs to what follows.
_ABBREV_ONLY = re.compile(
    r"^\s*(?:(?:[A-Za-z]\.)+|(?:"
    + "|".join(sorted((re.escape(a) for a in NEWS_ABBREVIATIONS if len(a) > 1), key=len, reverse=True))
    + r")\.)(?:\s+(?:(?:[A-Za-z]\.)+|[A-Z][a-z]{0,4}\.))*\s*$",
    re.I,
)


# Punkt's patterns rely on three character classes; "regex" (what NLTK compiles them with) and
# "re" classify a few characters differently (combining marks, superscript digits, \x1c-\x1f,
# digits newer than Python's Unicode tables), so only text whose every character (and its
# lowercase, which Punkt also matches) they agree on takes the "re" path.
_PUNKT_CLASSES = [(re.compile(c), redos.compile(c, re.UNICODE)) for c in (r"\s", r"\d", r"[^\W\d]")]


def _classified_alike(ch: str) -> bool:
    """True if "re" and "regex" put the character (and its lowercase) in the same Punkt classes."""
    return all(
        bool(std.match(c)) == bool(guarded.match(c)) for c in {ch, *ch.lower()} for std, guarded in _PUNKT_CLASSES
    )


_ASCII_UNALIKE = tuple(ch for ch in map(chr, range(128)) if not _classified_alike(ch))


# Non-ASCII characters seen so far, and whether the two engines classify each alike.
_ALIKE: dict[str, bool] = {}


def _engines_agree(text: str) -> bool:
    """True if "re" and "regex" put every character of the text in the same Punkt classes."""
    for ch in _ASCII_UNALIKE:
        if ch in text:
            return False
    if text.isascii():
        return True
    for ch in _non_ascii(text):
        alike = _ALIKE.get(ch)
        if alike is None:
            alike = _ALIKE[ch] = _classified_alike(ch)
        if not alike:
            return False
    return True


class _StdPunktVars(PunktLanguageVars):
    """Punkt's language variables with their patterns compiled by "re" (same sources and flags)."""

    __slots__ = ()
    re_boundary_realignment = _std_re(PunktLanguageVars.re_boundary_realignment)
    _WORD_TOKENIZER_RE = _std_re(PunktLanguageVars()._word_tokenizer_re())
    _PERIOD_CONTEXT_RE = _std_re(PunktLanguageVars().period_context_re())

    def _word_tokenizer_re(self) -> re.Pattern:
        """Punkt's word tokenizer pattern."""
        return self._WORD_TOKENIZER_RE

    def period_context_re(self) -> re.Pattern:
        """Punkt's pattern of a potential sentence end and the token after it."""
        return self._PERIOD_CONTEXT_RE


class _StdPunktToken(PunktToken):
    """Punkt's token with its type patterns compiled by "re"."""

    __slots__ = ()
    _RE_ELLIPSIS = _std_re(PunktToken._RE_ELLIPSIS)
    _RE_NUMERIC = _std_re(PunktToken._RE_NUMERIC)
    _RE_INITIAL = _std_re(PunktToken._RE_INITIAL)
    _RE_ALPHA = _std_re(PunktToken._RE_ALPHA)


# a context starting with a plain word and a single period (see _Splitter.text_contains_sentbreak)
_PLAIN_WORD_PERIOD = re.compile(r"([A-Za-z]{2,})\.(?=\s|" + PunktLanguageVars()._re_non_word_chars + ")")


class _Splitter(PunktSentenceTokenizer):
    """NLTK's Punkt sentence tokenizer, its patterns compiled by "re" where that changes nothing.

    NLTK's own algorithm and pattern sources; :meth:`span_tokenize` (which ``tokenize`` and
    ``sentences_from_text`` use too) hands text with a character the two engines classify
    differently to a stock tokenizer with the same parameters.
    """

    _BREAKS_KEPT = 1 << 16

    def __init__(self, params: PunktParameters) -> None:
        super().__init__(params, lang_vars=_StdPunktVars(), token_cls=_StdPunktToken)
        self._stock = PunktSentenceTokenizer(params)
        self._breaks: dict[str, bool] = {}
        # the lower-cased words before a period that do not simply end a sentence: abbreviations
        # and the first words of collocations (see :meth:`text_contains_sentbreak`)
        self._not_plain = frozenset(params.abbrev_types) | {first for first, _ in params.collocations}

    def __getstate__(self) -> dict:
        """Pickled without the remembered contexts."""
        return {**self.__dict__, "_breaks": {}}

    def span_tokenize(self, text: str, realign_boundaries: bool = True) -> Iterator[tuple[int, int]]:
        """Sentence spans (start, end) of the text."""
        if _engines_agree(text):
            return super().span_tokenize(text, realign_boundaries)
        return self._stock.span_tokenize(text, realign_boundaries)

    def _get_last_whitespace_index(self, text: str) -> int:
        """NLTK's: the index of the text's last ``string.whitespace`` character, 0 if none."""
        return max(0, max(map(text.rfind, string.whitespace)))

    def text_contains_sentbreak(self, text: str) -> bool:
        """NLTK's test of a potential break's context: does a token before the last end a sentence?

        The same tokens and annotation passes in the same order, without NLTK's generator
        pipeline (the second pass reads the next token's first-pass annotation only) and without
        the paragraph/line-start flags, which only training reads. The answer depends on the
        context and the parameters alone, which do not change after construction, so it is
        remembered per context (news repeats "Mr. Trump", "said. The").

        The commonest context is answered without tokens: an ASCII word of two or more letters,
        then the period, then whitespace or one of Punkt's non-word characters (the context
        always has a token after the period). Its first token is then that word with its period
        (no multi-character punctuation can follow); not an abbreviation, it is a break in the
        first pass, and the second pass only takes that back for a collocation starting with the
        word (an initial, a number, an abbreviation or ellipsis are the other cases, none of
        them this word), so it is a break unless the word is an abbreviation or a collocation's
        first word.
        """
        plain = _PLAIN_WORD_PERIOD.match(text)
        if plain is not None and plain.group(1).lower() not in self._not_plain:
            return True
        found = self._breaks.get(text)
        if found is None:
            if len(self._breaks) >= self._BREAKS_KEPT:
                self._breaks.clear()
            found = self._breaks[text] = self._annotated_break(text)
        return found

    def _annotated_break(self, text: str) -> bool:
        """:meth:`text_contains_sentbreak`, computed."""
        tokens = [
            self._Token(tok) for line in text.split("\n") if line.strip() for tok in self._lang_vars.word_tokenize(line)
        ]
        for token in tokens:
            self._first_pass_annotation(token)
        for token, following in pairwise(tokens):
            self._second_pass_annotation(token, following)
            if token.sentbreak:
                return True
        return False


def make_splitter(*, train_text: str | None = None) -> PunktSentenceTokenizer:
    """A Punkt splitter with the news abbreviations, optionally trained on ``train_text`` first."""
    if train_text:
        trainer = PunktTrainer()
        trainer.INCLUDE_ALL_COLLOCS = False
        trainer.train(train_text, finalize=True)
        params = trainer.get_params()
    else:
        params = PunktParameters()
    params.abbrev_types.update(NEWS_ABBREVIATIONS)
    params.sent_starters.update(_SENT_STARTERS)
    return _Splitter(params)


PUNKT_TRAIN_CHARS = 300_000


@dataclass
class PunktSample:
    """The text Punkt learns from: the corpus's first kept paragraphs, up to ``limit`` characters."""

    limit: int = PUNKT_TRAIN_CHARS
    parts: list[str] = field(default_factory=list)
    size: int = 0

    @property
    def full(self) -> bool:
        """True once the sample holds ``limit`` characters."""
        return self.size >= self.limit

    @property
    def text(self) -> str:
        """The sample as one text, paragraphs separated by blank lines."""
        return "\n\n".join(self.parts)


def punkt_training_text(
    docs: pd.DataFrame, paragraphs: pd.DataFrame, *, sample: PunktSample | None = None
) -> PunktSample:
    """Add these documents' paragraphs, in document order, to the Punkt sample until it is full.

    Fed batch after batch it gives exactly the sample of the whole corpus in one piece, so the
    splitter (and every sentence boundary) does not depend on the batch size.
    """
    sample = sample if sample is not None else PunktSample()
    texts = dict(zip(docs["doc_id"], docs["text"]))
    for d, s, e in zip(paragraphs["doc_id"], paragraphs["start"], paragraphs["end"]):
        if sample.full:
            break
        sample.parts.append(texts[d][s:e])
        sample.size += e - s + 2
    return sample


@lru_cache(maxsize=1)
def _default_splitter() -> PunktSentenceTokenizer:
    """The untrained splitter, built once."""
    return make_splitter()

"""Sentences and tokens with character offsets, offline (NLTK Punkt and the Treebank tokenizer).

Punkt is given a curated list of news abbreviations (titles, ranks, "U.N.", "U.S.", months,
single-letter initials) and a list of common sentence starters, then optionally trained on the
corpus itself; nothing is downloaded. Sentences never cross a paragraph boundary, so removed
furniture cannot glue two sentences together. Two repairs follow Punkt: a "sentence" that starts
with a lowercase letter is joined to the one before ('"Really?" he asked.'), and quotations are
found across sentence boundaries so that each sentence knows how much of it is quoted.

Speed without a change of output: Punkt and the Treebank tokenizer run NLTK's own algorithms and
pattern strings compiled by ``re`` rather than NLTK's ReDoS-guarded ``regex`` wrapper (a paragraph
with a character on which the two engines disagree goes to NLTK's stock Punkt); the tokenizer
skips a rule when the text lacks every literal that rule needs to match; and a sentence's word
count skips the tokenizer altogether when the text has nothing the rules treat by context (see
:func:`count_words`). tests/test_sentences.py compares all three with NLTK itself.
"""

from __future__ import annotations

from bisect import bisect_right

import re
import string
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
from nltk import redos
from nltk.tokenize import NLTKWordTokenizer
from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer, PunktToken, PunktTrainer
from nltk.tokenize.util import align_tokens

from analysis.text.normalize import _non_ascii, normalize

__all__ = [
    "SENTENCE_COLUMNS",
    "TOKEN_COLUMNS",
    "NEWS_ABBREVIATIONS",
    "make_splitter",
    "PUNKT_TRAIN_CHARS",
    "PunktSample",
    "punkt_training_text",
    "sentences_and_tokens",
    "split_spans",
    "quote_spans",
    "doc_quote_spans",
    "inside_span",
    "split_sentences",
    "tokenize_spans",
    "tokenize_sentences",
    "count_words",
    "doc_sizes",
]

SENTENCE_COLUMNS = ["doc_id", "sent_id", "para_id", "start", "end", "text", "is_title", "is_quote", "quote_share", "n_words"]
TOKEN_COLUMNS = ["doc_id", "sent_id", "tok_id", "start", "end", "text"]

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
    ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev okla ore pa tenn tex va vt wash wis wyo
    """.split()
) | frozenset("abcdefghijklmnopqrstuvwxyz")

_SENT_STARTERS: frozenset[str] = frozenset(
    """the a an it he she they we i this that these those there but and however in on at after
    before when while as if meanwhile also some many most according his her their its our""".split()
)


def _std_re(pattern) -> re.Pattern:
    """The standard-library compilation of one of NLTK's (ReDoS-guarded, much slower) patterns."""
    rx = getattr(pattern, "_rx", pattern)
    return re.compile(rx.pattern, rx.flags & (re.I | re.M | re.S | re.X | re.U))


_ALWAYS = ("",)  # "" is in every string: the rule always runs
# NLTK's end-anchored rules, named because two tables below list them.
_FINAL_PERIOD = r"""([^\.])(\.)([\]\)}>"\'»”’ ]*+)\s*$""", r"\1 \2 \3 "
_FINAL_PERIOD_AGAIN = r"""([^\.])(\.)([\]\)}>"\']*)\s*$""", r"\1 \2\3 "
_FINAL_COMMA = r"([:,])$", r" \1 "
# Each of NLTK's Treebank rules, (pattern source, replacement), with literal strings of which
# every match contains at least one: a text without any of them is left unchanged by the rule.
# ("(?i)" widens "'t" to "'T" only; tests/test_sentences.py checks that on every character.)
_RULE_TRIGGERS: dict[tuple[str, str], tuple[str, ...]] = {
    ("([«“‘„]|[`]+)", r" \1 "): ("«", "“", "‘", "„", "`"),
    (r"^\"", "``"): ('"',),
    ("(``)", r" \1 "): ("``",),
    (r"([ \(\[{<])(\"|\'{2})", r"\1 `` "): ('"', "''"),
    (r"(?i)(?<!\w)(\')(?!(?:re|ve|ll|m|t|s|d|n)\b)(?=\w)", r"\1 "): ("'",),
    _FINAL_PERIOD: (".",),
    (r"([:,])([^\d])", r" \1 \2"): (":", ","),
    _FINAL_COMMA: (":", ","),
    (r"\.{2,}", r" \g<0> "): ("..",),
    ("[;@#$%&]", r" \g<0> "): (";", "@", "#", "$", "%", "&"),
    (r"[\u2012-\u2015]", r" \g<0> "): ("\u2012", "\u2013", "\u2014", "\u2015"),
    _FINAL_PERIOD_AGAIN: (".",),
    ("[?!]", r" \g<0> "): ("?", "!"),
    ("([^'])' ", r"\1 ' "): ("' ",),
    ("[*]", r" \g<0> "): ("*",),
    (r"[\]\[\(\)\{\}\<\>]", r" \g<0> "): ("[", "]", "(", ")", "{", "}", "<", ">"),
    ("--", " -- "): ("--",),
    ("([»”’])", r" \1 "): ("»", "”", "’"),
    ("''", " '' "): ("''",),
    ('"', " '' "): ('"',),
    (r"\s+", " "): _ALWAYS,
    (r"([^' ])('[sS]|'[mM]|'[dD]|') ", r"\1 \2 "): ("' ", "'s ", "'S ", "'m ", "'M ", "'d ", "'D "),
    (r"([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ", r"\1 \2 "): ("'ll ", "'LL ", "'re ", "'RE ", "'ve ", "'VE ", "n't ", "N'T "),
    (r"(?i) ('t)(?#X)(is)\b", r" \1 \2 "): (" 't", " 'T"),
    (r"(?i) ('t)(?#X)(was)\b", r" \1 \2 "): (" 't", " 'T"),
}
_Tail = tuple[str, str, bool, int]
# Rules anchored at the end of the text: the characters their anchor (the final period, comma or
# colon) can be, the characters allowed between it and the end (whitespace too, if the flag is
# set), and how many characters the match starts before the anchor. The anchor can only be the
# last character outside those, so the rule runs on the text from there on.
_TAIL_RULES: dict[tuple[str, str], _Tail] = {
    _FINAL_PERIOD: (".", '])}>"\'»”’', True, 1),
    _FINAL_PERIOD_AGAIN: (".", '])}>"\'', True, 1),
    _FINAL_COMMA: (":,", "\n", False, 0),
}
# NLTK's case-insensitive contraction rules and the word each one splits.
_CONTRACTION_WORDS: dict[str, str] = {
    r"(?i)\b(can)(?#X)(not)\b": "cannot",
    r"(?i)\b(d)(?#X)('ye)\b": "d'ye",
    r"(?i)\b(gim)(?#X)(me)\b": "gimme",
    r"(?i)\b(gon)(?#X)(na)\b": "gonna",
    r"(?i)\b(got)(?#X)(ta)\b": "gotta",
    r"(?i)\b(lem)(?#X)(me)\b": "lemme",
    r"(?i)\b(more)(?#X)('n)\b": "more'n",
    r"(?i)\b(wan)(?#X)(na)(?=\s)": "wanna",
}
_CONTRACTION_SPLIT = r" \1 \2 "  # NLTK's replacement for both kinds of contraction rule
# NLTK's rules as (pattern, replacement), in the order it applies them; the text is padded with a
# space at each end between the first two groups.
_NLTK_BEFORE_PADDING = [*NLTKWordTokenizer.STARTING_QUOTES, *NLTKWordTokenizer.PUNCTUATION,
                        NLTKWordTokenizer.PARENS_BRACKETS, NLTKWordTokenizer.DOUBLE_DASHES]
_NLTK_AFTER_PADDING = [*NLTKWordTokenizer.ENDING_QUOTES]
_NLTK_CONTRACTIONS = [(p, _CONTRACTION_SPLIT) for p in NLTKWordTokenizer.CONTRACTIONS2]
_NLTK_CONTRACTIONS_T = [(p, _CONTRACTION_SPLIT) for p in NLTKWordTokenizer.CONTRACTIONS3]
# True when NLTK's rules are exactly the ones analysed here. A later NLTK that changes them keeps
# correct output: its unknown rules always run, and words are counted by the tokenizer.
_RULES_ANALYSED = (
    {(p.pattern, r) for p, r in [*_NLTK_BEFORE_PADDING, *_NLTK_AFTER_PADDING, *_NLTK_CONTRACTIONS_T]} <= _RULE_TRIGGERS.keys()
    and {p.pattern for p, _ in _NLTK_CONTRACTIONS} <= _CONTRACTION_WORDS.keys()
)
# Any word a contraction rule splits (a case-insensitive search, as the rules are); None: unknown.
_CONTRACTION_WORD = (
    re.compile("|".join(re.escape(_CONTRACTION_WORDS[p.pattern]) for p, _ in _NLTK_CONTRACTIONS), re.I)
    if _RULES_ANALYSED else None
)
# The quotes NLTK's span_tokenize maps its converted quote tokens back to, in text order.
_QUOTE_FORMS = re.compile(r"``|'{2}|\"")

_Rule = tuple[tuple[str, ...], _Tail | None, re.Pattern, str]


def _rules(pairs: Iterable[tuple]) -> list[_Rule]:
    """NLTK's (pattern, replacement) rules compiled by ``re``, each with its triggers and tail."""
    return [(_RULE_TRIGGERS.get((p.pattern, r), _ALWAYS), _TAIL_RULES.get((p.pattern, r)), _std_re(p), r)
            for p, r in pairs]


def _last_outside(text: str, chars: str, whitespace: bool) -> int:
    """Index of the last character not in ``chars`` (nor whitespace, if asked); -1 if none."""
    while True:
        rest = (text.rstrip() if whitespace else text).rstrip(chars)
        if len(rest) == len(text):
            return len(text) - 1
        text = rest


def _apply(rules: list[_Rule], text: str) -> str:
    """Apply the rules in order, skipping those none of whose triggers occur in the text."""
    for triggers, tail, regexp, substitution in rules:
        for trigger in triggers:
            if trigger in text:
                if tail is None:
                    text = regexp.sub(substitution, text)
                else:
                    anchors, after, whitespace, before = tail
                    k = _last_outside(text, after, whitespace)
                    if k >= before and text[k] in anchors:
                        text = text[:k - before] + regexp.sub(substitution, text[k - before:])
                break
    return text


class _TreebankTokenizer(NLTKWordTokenizer):
    """NLTK's Treebank word tokenizer with its patterns compiled by ``re``, skipping idle rules.

    NLTK 3.10 wraps every pattern of NLTKWordTokenizer in a time-guarded ``regex`` object, which
    made word tokenising half of the per-document cost, and most of its ~30 substitutions find
    nothing in a given sentence. The patterns, their order and the algorithm are NLTK's own
    (:meth:`tokenize` is NLTK's with its default options); a rule is skipped only when the text
    lacks every literal its matches need, and an end-anchored rule scans only the text's tail.
    tests/test_sentences.py checks tokens and spans against NLTK's on every NewsMTSC sentence
    and on tricky and random strings.
    """

    _BEFORE_PADDING = _rules(_NLTK_BEFORE_PADDING)
    _AFTER_PADDING = _rules(_NLTK_AFTER_PADDING)
    _CONTRACTIONS = _rules(_NLTK_CONTRACTIONS)
    _CONTRACTIONS_T = _rules(_NLTK_CONTRACTIONS_T)

    def tokenize(self, text: str) -> list[str]:
        """The Treebank tokens of a text (NLTK's ``tokenize`` with its default options)."""
        text = _apply(self._BEFORE_PADDING, text)
        text = _apply(self._AFTER_PADDING, " " + text + " ")
        if _may_hold_contraction(text):
            text = _apply(self._CONTRACTIONS, text)
        return _apply(self._CONTRACTIONS_T, text).split()

    def span_tokenize(self, text: str) -> Iterator[tuple[int, int]]:
        """Token spans, as NLTK's ``span_tokenize`` finds them (converted quotes mapped back)."""
        tokens = self.tokenize(text)
        if '"' in text or "''" in text:
            matched = iter(_QUOTE_FORMS.findall(text))
            tokens = [next(matched) if tok in ('"', "``", "''") else tok for tok in tokens]
        yield from align_tokens(tokens, text)


_WORD_TOKENIZER = _TreebankTokenizer()
_HAS_ALNUM = re.compile(r"\w")

# Word counting without the tokenizer. The Treebank rules only insert spaces (and turn '"' into
# '``' or "''"), so a text's words are those of its whitespace-separated chunks, and a chunk
# holds one word per run of letters/digits that no inserted space separates. Away from the
# contraction words, backticks and apostrophes, a space lands between two such runs of a chunk
# exactly when the characters between them hold a character padded on both sides wherever it
# occurs (quotes of every kind, ;@#$%&?!*, brackets, figure/en/em dashes and horizontal bars), a
# double hyphen, two periods, or a comma or colon followed by a non-digit; the final-period rules
# only cut before trailing punctuation, which holds no letter or digit. _WORD_CUTS finds one
# character of each such cut (it starts with a character class, which "re" scans for quickly).
_PADDED = '«“‘„»”’";@#$%&?!*\\[\\](){}<>\u2012-\u2015'
_WORD_CUTS = re.compile(f"[{_PADDED}.:,-](?:(?<=[{_PADDED}])|(?<=-)(?=-)|(?<=\\.)(?=\\.)|(?<=[:,])(?=\\D))")
# A whitespace-separated chunk without a letter or digit, in a text padded with spaces.
_NO_WORD_CHUNK = re.compile(r"\s[^\w\s]+(?=\s)")
# An apostrophe right after a letter or digit, and not followed by a word and another apostrophe,
# cuts only where the clitic rules split: before "'s", "'m", "'d", "'ll", "'re", "'ve" (in those
# cases) and before the "n" of "n't" / "N'T", when a space follows the clitic by then: whitespace
# or the end, a padded character, "--", "..", a comma or colon the comma rule pads, or the final
# period (followed by closing quotes and brackets only; a '"' after a space there is turned into
# "``" first, which stops the final-period rule). Other apostrophes go to the tokenizer.
_OTHER_APOSTROPHE = re.compile(r"(?<!\w)'|'\w*'|(?<![\w\s])(?:n't|N'T)")
_SPACE_FOLLOWS = (f"(?=\\s|$|[{_PADDED}]|--|\\.\\.|[:,](?:\\D|$)"
                  r"""|\.(?![\s\S]* ")[\]\)}>"'»”’ ]*+\s*$)""")
_CLITIC_CUT = re.compile(f"(?:(?<=\\w)'(?:[sSmMdD]|ll|LL|re|RE|ve|VE)|(?<=\\wn)'t|(?<=\\wN)'T){_SPACE_FOLLOWS}")
# Lower-case forms of the words the contraction rules split; None if the rules are not those analysed.
_CONTRACTION_LOWER = tuple(_CONTRACTION_WORDS.values()) if _CONTRACTION_WORD is not None else None
# Non-ASCII characters seen so far, and whether "re" matches each case-insensitively with an
# ASCII letter (as it does "İ" and "ı" with "i", which lower() does not turn into "i").
_FOLDS_TO_ASCII: dict[str, bool] = {}
_ASCII_LETTER = re.compile("[a-z]", re.I)


def _may_hold_contraction(text: str) -> bool:
    """False only when no contraction rule can match the text (a quick, case-insensitive check)."""
    if _CONTRACTION_LOWER is None:
        return True
    lower = text.lower()
    for word in _CONTRACTION_LOWER:
        if word in lower:
            return True
    if text.isascii():
        return False
    for ch in _non_ascii(text):
        folds = _FOLDS_TO_ASCII.get(ch)
        if folds is None:
            folds = _FOLDS_TO_ASCII[ch] = _ASCII_LETTER.match(ch) is not None
        if folds:
            return _CONTRACTION_WORD.search(text) is not None
    return False


def _fast_word_count(text: str, *, may_contract: bool = True) -> int | None:
    """The number of Treebank tokens with a letter or digit, or None when the tokenizer must say.

    ``may_contract=False`` says :func:`_may_hold_contraction` is False for a text containing
    this one, and so for this one.
    """
    if "`" in text or (may_contract and _may_hold_contraction(text)):
        return None
    clitics = 0
    if "'" in text:
        if _OTHER_APOSTROPHE.search(text):
            return None
        clitics = len(_CLITIC_CUT.findall(text))
    chunks = _WORD_CUTS.sub(" ", text)
    return clitics + len(chunks.split()) - len(_NO_WORD_CHUNK.findall(f" {chunks} "))


# A "sentence" that is nothing but abbreviations or initials ("U.N.", "Lt. Gen.", "J. R.") never
# ends a sentence: it belongs to what follows.
_ABBREV_ONLY = re.compile(r"^\s*(?:(?:[A-Za-z]\.)+|(?:" + "|".join(
    sorted((re.escape(a) for a in NEWS_ABBREVIATIONS if len(a) > 1), key=len, reverse=True)
) + r")\.)(?:\s+(?:(?:[A-Za-z]\.)+|[A-Z][a-z]{0,4}\.))*\s*$", re.I)

# Punkt's patterns rely on three character classes; "regex" (what NLTK compiles them with) and
# "re" classify a few characters differently (combining marks, superscript digits, \x1c-\x1f,
# digits newer than Python's Unicode tables), so only text whose every character (and its
# lowercase, which Punkt also matches) they agree on takes the "re" path.
_PUNKT_CLASSES = [(re.compile(c), redos.compile(c, re.UNICODE)) for c in (r"\s", r"\d", r"[^\W\d]")]


def _classified_alike(ch: str) -> bool:
    """True if "re" and "regex" put the character (and its lowercase) in the same Punkt classes."""
    return all(bool(std.match(c)) == bool(guarded.match(c)) for c in {ch, *ch.lower()} for std, guarded in _PUNKT_CLASSES)


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
        tokens = [self._Token(tok) for line in text.split("\n") if line.strip() for tok in self._lang_vars.word_tokenize(line)]
        for token in tokens:
            self._first_pass_annotation(token)
        for token, following in zip(tokens, tokens[1:]):
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


def punkt_training_text(docs: pd.DataFrame, paragraphs: pd.DataFrame, *, sample: PunktSample | None = None) -> PunktSample:
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


def split_spans(text: str, *, splitter: PunktSentenceTokenizer | None = None) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of one paragraph of text.

    Punkt runs on the typography-normalised copy (curly quotes become straight quotes, which Punkt
    knows); spans map back to the original. A piece starting with a lowercase letter, or made
    only of closing punctuation, is joined to the previous sentence.
    """
    if not text.strip():
        return []
    norm = normalize(text, fold_diacritics=False)
    spl = splitter or _default_splitter()
    spans: list[tuple[int, int]] = []
    for a, b in spl.span_tokenize(norm.text):
        piece = norm.text[a:b]
        if spans and (
            piece[:1].islower()
            or not _HAS_ALNUM.search(piece)
            or _ABBREV_ONLY.match(norm.text[spans[-1][0]:spans[-1][1]])
        ):
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    return [norm.to_original(a, b) for a, b in spans]


_QUOTE_MARK = re.compile('["\u201c\u201d\u201e\u201f\u00ab\u00bb]')
_OPENING = frozenset("\u201c\u201e\u00ab")
_CLOSING = frozenset("\u201d\u201f\u00bb")


def quote_spans(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of direct quotation in a text, the quote marks included.

    Curly quotes say which way they face; straight quotes alternate. A quote left open at the end
    of a paragraph runs to the end of that paragraph (news style continues a multi-paragraph quote
    by opening the next paragraph with a quote mark, which starts a new span).
    """
    spans: list[tuple[int, int]] = []
    for p_start, p_end in paragraphs:
        open_at: int | None = None
        for m in _QUOTE_MARK.finditer(text, p_start, p_end):
            ch, i = m.group(), m.start()
            opening = ch in _OPENING or (ch not in _CLOSING and open_at is None)
            if opening and open_at is None:
                open_at = i
            elif not opening and open_at is not None:
                spans.append((open_at, i + 1))
                open_at = None
        if open_at is not None:
            spans.append((open_at, p_end))
    return spans


def doc_quote_spans(docs: pd.DataFrame, sentences: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    """Quotation spans (marks included) of every document, over its kept paragraphs.

    Paragraph extents come from the sentences table, so every stage that asks gets the same
    spans as the sentences' ``quote_share``.
    """
    texts = dict(zip(docs["doc_id"], docs["text"]))
    out: dict[str, list[tuple[int, int]]] = {}
    if len(sentences) == 0:
        return out
    paras = sentences.groupby(["doc_id", "para_id"], sort=False).agg(start=("start", "min"), end=("end", "max"))
    g = paras.reset_index().groupby("doc_id", sort=False)
    starts, ends = g["start"].agg(list), g["end"].agg(list)
    for doc_id in starts.index:
        out[doc_id] = quote_spans(texts[doc_id], list(zip(starts[doc_id], ends[doc_id])))
    return out


def inside_span(spans: Sequence[tuple[int, int]], a: int, b: int) -> int:
    """Index of the span (sorted, non-overlapping) that contains ``[a, b)``, or -1."""
    k = bisect_right([s for s, _ in spans], a) - 1
    return k if k >= 0 and spans[k][0] <= a and b <= spans[k][1] else -1


def _quoted_before(size: int, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """``out[i]``: characters before offset ``i`` that the spans cover (counted once per span).

    ``out[b] - out[a]`` is then the sum of the spans' overlaps with ``[a, b)``.
    """
    bounds = np.array(spans, dtype=np.int64).reshape(-1, 2)
    depth = np.cumsum(np.bincount(bounds[:, 0], minlength=size + 1) - np.bincount(bounds[:, 1], minlength=size + 1))
    return np.concatenate(([0], np.cumsum(depth[:size])))


def count_words(text: str) -> int:
    """Words in a text: Treebank tokens that contain a letter or digit.

    Text without apostrophes, backticks or the words NLTK's contraction rules split is counted
    without running the tokenizer, by where its rules are certain to cut (see ``_WORD_CUTS``).
    """
    fast = _fast_word_count(text)
    if fast is not None:
        return fast
    return sum(1 for tok in _WORD_TOKENIZER.tokenize(text) if _HAS_ALNUM.search(tok))


def split_sentences(
    docs: pd.DataFrame,
    paragraphs: pd.DataFrame,
    *,
    train: bool = True,
    train_chars: int = PUNKT_TRAIN_CHARS,
) -> pd.DataFrame:
    """The sentences table: every kept paragraph of every document split into sentences.

    ``is_quote`` is true when at least half of the sentence's characters lie inside a
    direct quotation (``quote_share`` gives the fraction). With ``train`` the Punkt parameters
    are first learned from the corpus's own paragraphs (offline; at most ``train_chars``
    characters, taken in document order), then the news abbreviations are added.
    """
    splitter = None
    if train and len(docs):
        splitter = make_splitter(train_text=punkt_training_text(docs, paragraphs, sample=PunktSample(limit=train_chars)).text)
    return sentences_and_tokens(docs, paragraphs, splitter=splitter, with_tokens=False)[0]


def sentences_and_tokens(
    docs: pd.DataFrame,
    paragraphs: pd.DataFrame,
    *,
    splitter: PunktSentenceTokenizer | None = None,
    with_tokens: bool = True,
    quotes: dict[str, list[tuple[int, int]]] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The sentences table and (``with_tokens``) the tokens table, tokenising each sentence once.

    ``splitter`` is a Punkt splitter (see :func:`make_splitter`; None: untrained). ``n_words``
    counts the sentence's Treebank tokens that contain a letter or digit, the same tokens the
    tokens table lists (without the tokens table, counted without tokenising where
    :func:`count_words` can). ``quotes``: a dict to fill with each document's quotation spans
    (those the sentences' ``quote_share`` is measured with; for the documents with sentences,
    what :func:`doc_quote_spans` gives), so that later stages need not find them again.
    """
    if len(docs) == 0:
        return pd.DataFrame(columns=SENTENCE_COLUMNS), (pd.DataFrame(columns=TOKEN_COLUMNS) if with_tokens else None)
    texts = dict(zip(docs["doc_id"], docs["text"]))
    sents: list[tuple] = []
    tok: dict[str, list] | None = {c: [] for c in TOKEN_COLUMNS} if with_tokens else None
    ends = paragraphs["doc_id"].ne(paragraphs["doc_id"].shift(-1)).to_numpy()
    rows = zip(paragraphs["doc_id"], paragraphs["para_id"], paragraphs["start"], paragraphs["end"], paragraphs["is_title"])
    pending: list[tuple] = []
    for i, rec in enumerate(rows):
        pending.append(rec)
        if ends[i]:
            found = _add_document(texts[rec[0]], pending, splitter, sents, tok)
            if quotes is not None:
                quotes[rec[0]] = found
            pending = []
    cols = [list(c) for c in zip(*sents)] if sents else [[] for _ in SENTENCE_COLUMNS]
    sentences = pd.DataFrame(dict(zip(SENTENCE_COLUMNS, cols)), columns=SENTENCE_COLUMNS)
    return sentences, (pd.DataFrame(tok, columns=TOKEN_COLUMNS) if tok is not None else None)


def _add_document(text: str, paras: list[tuple], splitter: PunktSentenceTokenizer | None,
                  out: list[tuple], tok: dict[str, list] | None) -> list[tuple[int, int]]:
    """Append one document's sentence rows to ``out`` (and, given ``tok``, its tokens to those
    columns); returns the document's quotation spans.

    ``paras`` are its (doc_id, para_id, start, end, is_title) paragraph rows, in table order.
    """
    doc_id = paras[0][0]
    sents = [(p_start + a, p_start + b, int(para_id), bool(is_title))
             for _, para_id, p_start, p_end, is_title in paras
             for a, b in split_spans(text[p_start:p_end], splitter=splitter)]
    quotes = quote_spans(text, [(int(r[2]), int(r[3])) for r in paras])
    if quotes and sents:
        before = _quoted_before(len(text), quotes)
        bounds = np.array([(s, e) for s, e, _, _ in sents], dtype=np.int64)
        quoted = (before[bounds[:, 1]] - before[bounds[:, 0]]).tolist()
    else:
        quoted = [0] * len(sents)
    may_contract = tok is None and _may_hold_contraction(text)  # once for all its sentences
    for sent_id, ((s, e, para_id, is_title), q) in enumerate(zip(sents, quoted)):
        chunk = text[s:e]
        share = q / max(1, e - s)
        if tok is None:
            n_words = _fast_word_count(chunk, may_contract=may_contract)
            if n_words is None:
                n_words = sum(1 for ta, tb in tokenize_spans(chunk) if _HAS_ALNUM.search(chunk, ta, tb))
        else:
            spans = tokenize_spans(chunk)
            pieces = [chunk[ta:tb] for ta, tb in spans]
            n_words = len(list(filter(_HAS_ALNUM.search, pieces)))
            tok["doc_id"].extend([doc_id] * len(spans))
            tok["sent_id"].extend([sent_id] * len(spans))
            tok["tok_id"].extend(range(len(spans)))
            tok["start"].extend([s + ta for ta, _ in spans])
            tok["end"].extend([s + tb for _, tb in spans])
            tok["text"].extend(pieces)
        out.append((doc_id, sent_id, para_id, s, e, chunk, is_title, share >= 0.5, round(share, 4), n_words))
    return quotes


def tokenize_spans(text: str) -> list[tuple[int, int]]:
    """Treebank (NLTKWordTokenizer) token spans of a text."""
    return list(_WORD_TOKENIZER.span_tokenize(text))


def tokenize_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    """The tokens table: Treebank tokens of every sentence, offsets into the document text."""
    rows: list[dict] = []
    for doc_id, sent_id, start, text in zip(sentences["doc_id"], sentences["sent_id"], sentences["start"], sentences["text"]):
        for k, (a, b) in enumerate(tokenize_spans(text)):
            rows.append({"doc_id": doc_id, "sent_id": sent_id, "tok_id": k, "start": start + a, "end": start + b, "text": text[a:b]})
    return pd.DataFrame(rows, columns=TOKEN_COLUMNS)


def doc_sizes(sentences: pd.DataFrame) -> pd.DataFrame:
    """Per document: number of sentences, words and quoted sentences of its kept text."""
    return sentences.groupby("doc_id").agg(sentences=("sent_id", "size"), words=("n_words", "sum"),
                                           quoted_sentences=("is_quote", "sum"))

"""Word tokens with character offsets: NLTK's Treebank tokenizer, run faster without a change of output.

The tokenizer runs NLTK's own rules, compiled by ``re`` rather than NLTK's ReDoS-guarded ``regex``
wrapper, and skips a rule when the text lacks every literal that rule needs to match; a
sentence's word count skips the tokenizer altogether when the text has nothing the rules treat
by context (see :func:`count_words`). tests/test_tokens.py compares both with NLTK itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from nltk.tokenize import NLTKWordTokenizer
from nltk.tokenize.util import align_tokens

from analysis.ingest.normalize import _non_ascii


def _std_re(pattern: Any) -> re.Pattern:
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
    (r"([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ", r"\1 \2 "): (
        "'ll ",
        "'LL ",
        "'re ",
        "'RE ",
        "'ve ",
        "'VE ",
        "n't ",
        "N'T ",
    ),
    (r"(?i) ('t)(?#X)(is)\b", r" \1 \2 "): (" 't", " 'T"),
    (r"(?i) ('t)(?#X)(was)\b", r" \1 \2 "): (" 't", " 'T"),
}


_Tail = tuple[str, str, bool, int]


# Rules anchored at the end of the text: the characters their anchor (the final period, comma or
# colon) can be, the characters allowed between it and the end (whitespace too, if the flag is
# set), and how many characters the match starts before the anchor. The anchor can only be the
# last character outside those, so the rule runs on the text from there on.
_TAIL_RULES: dict[tuple[str, str], _Tail] = {
    _FINAL_PERIOD: (".", "])}>\"'»”’", True, 1),
    _FINAL_PERIOD_AGAIN: (".", "])}>\"'", True, 1),
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
_NLTK_BEFORE_PADDING = [
    *NLTKWordTokenizer.STARTING_QUOTES,
    *NLTKWordTokenizer.PUNCTUATION,
    NLTKWordTokenizer.PARENS_BRACKETS,
    NLTKWordTokenizer.DOUBLE_DASHES,
]


_NLTK_AFTER_PADDING = [*NLTKWordTokenizer.ENDING_QUOTES]


_NLTK_CONTRACTIONS = [(p, _CONTRACTION_SPLIT) for p in NLTKWordTokenizer.CONTRACTIONS2]


_NLTK_CONTRACTIONS_T = [(p, _CONTRACTION_SPLIT) for p in NLTKWordTokenizer.CONTRACTIONS3]


# True when NLTK's rules are exactly the ones analysed here. A later NLTK that changes them keeps
# correct output: its unknown rules always run, and words are counted by the tokenizer.
_RULES_ANALYSED = {
    (p.pattern, r) for p, r in [*_NLTK_BEFORE_PADDING, *_NLTK_AFTER_PADDING, *_NLTK_CONTRACTIONS_T]
} <= _RULE_TRIGGERS.keys() and {p.pattern for p, _ in _NLTK_CONTRACTIONS} <= _CONTRACTION_WORDS.keys()


# Any word a contraction rule splits (a case-insensitive search, as the rules are); None: unknown.
_CONTRACTION_WORD = (
    re.compile("|".join(re.escape(_CONTRACTION_WORDS[p.pattern]) for p, _ in _NLTK_CONTRACTIONS), re.I)
    if _RULES_ANALYSED
    else None
)


# The quotes NLTK's span_tokenize maps its converted quote tokens back to, in text order.
_QUOTE_FORMS = re.compile(r"``|'{2}|\"")


_Rule = tuple[tuple[str, ...], _Tail | None, re.Pattern, str]


def _rules(pairs: Iterable[tuple]) -> list[_Rule]:
    """NLTK's (pattern, replacement) rules compiled by ``re``, each with its triggers and tail."""
    return [
        (_RULE_TRIGGERS.get((p.pattern, r), _ALWAYS), _TAIL_RULES.get((p.pattern, r)), _std_re(p), r) for p, r in pairs
    ]


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
                        text = text[: k - before] + regexp.sub(substitution, text[k - before :])
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


_SPACE_FOLLOWS = (
    f"(?=\\s|$|[{_PADDED}]|--|\\.\\.|[:,](?:\\D|$)"
    r"""|\.(?![\s\S]* ")[\]\)}>"'»”’ ]*+\s*$)"""
)


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
            assert _CONTRACTION_WORD is not None  # else _CONTRACTION_LOWER is None (returned above)
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


def count_words(text: str) -> int:
    """Words in a text: Treebank tokens that contain a letter or digit.

    Text without apostrophes, backticks or the words NLTK's contraction rules split is counted
    without running the tokenizer, by where its rules are certain to cut (see ``_WORD_CUTS``).
    """
    fast = _fast_word_count(text)
    if fast is not None:
        return fast
    return sum(1 for tok in _WORD_TOKENIZER.tokenize(text) if _HAS_ALNUM.search(tok))


def tokenize_spans(text: str) -> list[tuple[int, int]]:
    """Treebank (NLTKWordTokenizer) token spans of a text."""
    return list(_WORD_TOKENIZER.span_tokenize(text))

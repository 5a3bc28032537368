"""spaCy's attribute ruler, applied by look-up: the same tokens get the same attributes, faster.

``en_core_web_sm``'s attribute ruler maps each token's fine-grained tag (and, for a few words,
its lower-case form or dependency) to a coarse part of speech, morphology and sometimes a
lemma: 179 patterns that spaCy's Matcher tries on every token of every sentence, a fifth of the
parse's time. Every one of them tests the values of a token's TAG, LOWER, DEP or IS_SPACE, so
which patterns a token matches depends only on those four values: that is worked out once per
distinct (tag, lower, dep, is_space) and kept. Working it out is itself a look-up: the tests
that do not read the word are settled once per (tag, dep, is_space); of those that do, only the
ones naming this word (and the few regular expressions) are tried. Patterns of two tokens are
matched where each token passes its part. Attributes are then set in pattern order, later
patterns winning, as the ruler does: matching sees the tokens as they were before any pattern
set anything. A ruler with a pattern this cannot read (another attribute, an operator other
than IN, NOT_IN and REGEX) is left as it is (:func:`lookup_ruler` gives None)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["LookupRuler", "lookup_ruler", "use_lookup_ruler"]

_READ = ("TAG", "LOWER", "DEP", "IS_SPACE")  # the token attributes a pattern may test
_LOWER = 1
_Key = tuple[str, str, str, bool]
_Check = tuple[int, str, Any]  # (position in _READ, "IN" / "NOT_IN" / "REGEX", values or compiled expression)
_Found = tuple[tuple[int, ...], dict, frozenset]
_CACHE_MAX = 200_000  # distinct tokens kept (about 50 MB; emptied when full)


def _test(spec: dict[str, Any]) -> list[_Check] | None:
    """A token pattern as checks, or None where it reads another attribute or uses an operator
    other than IN, NOT_IN and REGEX (read as the Matcher reads them: set membership, its
    negation, ``re.search``); a plain value is IN that value."""
    out: list[_Check] = []
    for attr, value in spec.items():
        if attr not in _READ:
            return None
        if not isinstance(value, dict):
            out.append((_READ.index(attr), "IN", frozenset([value])))
            continue
        if len(value) != 1 or next(iter(value)) not in ("IN", "NOT_IN", "REGEX"):
            return None
        op, arg = next(iter(value.items()))
        out.append((_READ.index(attr), op, re.compile(arg) if op == "REGEX" else frozenset(arg)))
    return out


def _passes(checks: list[_Check], key: _Key) -> bool:
    """Whether a token with these values passes every check."""
    for pos, op, arg in checks:
        v = key[pos]
        if op == "IN":
            if v not in arg:
                return False
        elif op == "NOT_IN":
            if v in arg:
                return False
        elif not arg.search(v):
            return False
    return True


class LookupRuler:
    """A spaCy pipeline component equal to the attribute ruler it was built from (see the module).

    ``tests``: every token test, as (name, checks): a name is ``("single", pattern number)`` or
    ``("multi", multi-token pattern number, position)``; ``multi``: (pattern number, width,
    index of the token it sets); ``attrs``: each pattern's attributes as spaCy's ruler holds them."""

    def __init__(self, tests: list[tuple[tuple, list[_Check]]], multi: list[tuple[int, int, int]], attrs: list[dict]):
        self.tests, self.multi, self.attrs = tests, multi, attrs
        by_word: dict[str, list[int]] = {}
        self._other_words: list[int] = []  # tests that read the word by NOT_IN or REGEX
        self._no_word: list[int] = []  # tests that do not read the word
        for e, (_, checks) in enumerate(tests):
            word = [c for c in checks if c[0] == _LOWER]
            if not word:
                self._no_word.append(e)
            elif word[0][1] == "IN":
                for value in word[0][2]:
                    by_word.setdefault(value, []).append(e)
            else:
                self._other_words.append(e)
        self._by_word = by_word
        self._by_shape: dict[tuple[str, str, bool], list[int]] = {}
        self._cache: dict[_Key, _Found] = {}
        self._shared: dict[tuple[tuple[int, ...], frozenset], _Found] = {}

    def take(self, other: LookupRuler) -> None:
        """Use ``other``'s patterns (the pipeline's factory makes an empty one)."""
        self.__init__(other.tests, other.multi, other.attrs)  # type: ignore[misc]

    def _for_key(self, key: _Key) -> _Found:
        """For a token with these values: the single-token patterns it matches, in order; their
        attributes merged; and the (multi-token pattern, position) pairs whose test it passes."""
        found = self._cache.get(key)
        if found is not None:
            return found
        shape = (key[0], key[2], key[3])
        hits = self._by_shape.get(shape)
        if hits is None:
            hits = self._by_shape[shape] = [e for e in self._no_word if _passes(self.tests[e][1], key)]
        more = [e for e in self._by_word.get(key[1], []) + self._other_words if _passes(self.tests[e][1], key)]
        names = [self.tests[e][0] for e in hits + more]
        which = tuple(sorted({name[1] for name in names if name[0] == "single"}))
        passes = frozenset(name[1:] for name in names if name[0] == "multi")
        found = self._shared.get((which, passes))  # one entry per distinct outcome: a cache of words stays small
        if found is None:
            merged: dict = {}
            for n in which:
                merged.update(self.attrs[n])
            found = self._shared[(which, passes)] = (which, merged, passes)
        if len(self._cache) >= _CACHE_MAX:
            self._cache.clear()
        self._cache[key] = found
        return found

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
        from spacy.tokens._retokenize import set_token_attrs

        strings = doc.vocab.strings
        found: list[_Found] = []
        seen: dict[tuple[int, ...], _Found] = {}  # by the values' hashes: strings looked up once per kind of token
        for row in doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist() if len(doc) else []:
            values = tuple(row)
            hit = seen.get(values)
            if hit is None:
                key = (strings[row[0]], strings[row[1]], strings[row[2]], bool(row[3]))
                hit = seen[values] = self._for_key(key)
            found.append(hit)
        extra: dict[int, list[int]] = {}
        for s, (_, _, passes) in enumerate(found):  # multi-token patterns: every start where all of it matches
            for m, (n, width, index) in enumerate(self.multi) if passes else ():
                if s + width <= len(found) and all((m, j) in found[s + j][2] for j in range(width)):
                    extra.setdefault(s + (index if index >= 0 else width + index), []).append(n)
        for i, (which, merged, _) in enumerate(found):
            if i in extra:
                for n in sorted(which + tuple(extra[i])):
                    set_token_attrs(doc[i], self.attrs[n])
            elif merged:
                set_token_attrs(doc[i], merged)
        return doc


def lookup_ruler(ruler: Any) -> LookupRuler | None:
    """The look-up form of a spaCy ``AttributeRuler`` (None where it has a pattern this cannot read)."""
    tests: list[tuple[tuple, list[_Check]]] = []
    multi: list[tuple[int, int, int]] = []
    for n, entry in enumerate(ruler.patterns):
        index = int(entry["index"])
        for pattern in entry["patterns"]:
            checks = [_test(spec) for spec in pattern]
            if not checks or not -len(checks) <= index < len(checks):
                return None
            if len(checks) == 1:
                if checks[0] is None:
                    return None
                tests.append((("single", n), checks[0]))
                continue
            m = len(multi)
            multi.append((n, len(checks), index))
            for j, part in enumerate(checks):
                if part is None:
                    return None
                tests.append((("multi", m, j), part))
    return LookupRuler(tests, multi, list(ruler.attrs))


_FACTORY = "framing_lookup_ruler"


def use_lookup_ruler(nlp: Any) -> bool:
    """Put the look-up form in place of ``nlp``'s attribute ruler, under the same name; False
    (``nlp`` unchanged) where it has none or one this cannot read."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    fast = lookup_ruler(nlp.get_pipe("attribute_ruler"))
    if fast is None:
        return False
    from spacy.language import Language

    if not Language.has_factory(_FACTORY):
        Language.factory(_FACTORY, func=lambda nlp, name: LookupRuler([], [], []))
    nlp.replace_pipe("attribute_ruler", _FACTORY).take(fast)
    return True

"""spaCy's rule lemmatizer with its answers kept per (word, part of speech, morphology).

``en_core_web_sm``'s lemmatizer gives a token without a lemma (the attribute ruler sets a few)
the first form its English rules give for the token's text, coarse part of speech and
morphology, and nothing else: so the answer for one (orth, pos, morph) is the answer for every
token with them. spaCy keeps a cache too, but reaches it through a Python call, a morphology
object and a string setter per token; here the three values are read for the whole sentence at
once, each distinct triple is asked of spaCy's own lemmatizer once, and a token gets the stored
lemma. The lemmas are the ones spaCy's lemmatizer gives (``tests/test_ruler.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["CachedLemmatizer", "use_cached_lemmatizer"]

_CACHE_MAX = 200_000  # distinct (word, pos, morphology) kept (about 50 MB; emptied when full)
_FACTORY = "framing_cached_lemmatizer"


class CachedLemmatizer:
    """A spaCy pipeline component giving the lemmas of the rule lemmatizer it wraps (see the module)."""

    def __init__(self, lemmatizer: Any = None) -> None:
        self.lemmatizer = lemmatizer
        self._cache: dict[tuple[int, int, int], int] = {}

    def wrap(self, lemmatizer: Any) -> None:
        """Ask ``lemmatizer`` (spaCy's) for each new (word, pos, morphology)."""
        self.lemmatizer, self._cache = lemmatizer, {}

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if self.lemmatizer is None:
            raise RuntimeError("CachedLemmatizer used before wrap(): it needs spaCy's lemmatizer")
        strings, cache = doc.vocab.strings, self._cache
        for i, (orth, pos, morph, lemma) in enumerate(doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
            if lemma != 0:  # set already (the attribute ruler): kept, as spaCy's lemmatizer keeps it
                continue
            key = (orth, pos, morph)
            found = cache.get(key)
            if found is None:
                if len(cache) >= _CACHE_MAX:
                    cache.clear()
                found = cache[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            doc[i].lemma = found
        return doc


def use_cached_lemmatizer(nlp: Any) -> bool:
    """Put the cached form in place of ``nlp``'s lemmatizer, under the same name; False (``nlp``
    unchanged) where it has none, or one that is not a rule lemmatizer keeping set lemmas."""
    if "lemmatizer" not in nlp.pipe_names:
        return False
    own = nlp.get_pipe("lemmatizer")
    if getattr(own, "mode", None) != "rule" or getattr(own, "overwrite", True) or not hasattr(own, "lemmatize"):
        return False
    from spacy.language import Language

    if not Language.has_factory(_FACTORY):
        Language.factory(_FACTORY, func=lambda nlp, name: CachedLemmatizer())
    nlp.replace_pipe("lemmatizer", _FACTORY).wrap(own)
    return True

"""Names the actor file may be missing: near-miss spellings found in the corpus, proposed, never added.

For every form of every enabled actor, the corpus's words and two-word phrases (capitalised, as
names are written) that differ from it only by hyphens, spaces, dots or apostrophes ("Wal-Mart"
for "Walmart", "Al Qaeda" for "al-Qaeda"), by a plural or singular ending ("Catholic" for
"Catholics"), or, for names of six letters or more, by one letter ("Cavusoglou"), with how often
each occurs; and social-media handles that spell a whole name ("@realDonaldTrump" for "Donald
Trump", "@Walmart" for "Walmart"; a one-word name only where the handle is that word). Forms the
matcher already finds (case variants, dotted acronyms) are left out. The user decides: nothing
here changes any table.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import pandas as pd

from analysis.ingest.actors import ActorSet
from analysis.ingest.normalize import fold
from analysis.mentions.matching import _dot_variants, _variants

__all__ = ["ALIAS_COLUMNS", "suggest_aliases"]

ALIAS_COLUMNS = ["actor", "form", "suggestion", "count", "why"]
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.\-]*[A-Za-z]\.?|[A-Za-z]\.?")
_POSSESSIVE = re.compile(r"['’]s?$")
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{2,15}\b")


def _key(text: str) -> str:
    """Letters only, lower case: what two spellings of one name share."""
    return re.sub(r"[^a-z]", "", text.lower())


def _one_apart(a: str, b: str) -> bool:
    """True if ``b`` is ``a`` with one letter changed, added or removed."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


def _phrases(texts: Iterable[str]) -> Counter:
    """Capitalised words and two-word phrases of the texts (diacritics folded), with counts."""
    counts: Counter = Counter()
    for text in texts:
        words = [_clean(w) for w in _WORD.findall(fold(text))]
        for i, (w, ends) in enumerate(words):
            if w[:1].isupper():
                counts[w] += 1
                nxt = words[i + 1][0] if i + 1 < len(words) else ""
                if not ends and len(nxt) > 1 and nxt[:1].isupper():
                    counts[f"{w} {nxt}"] += 1
    return counts


def _handles(texts: Iterable[str]) -> Counter:
    """The social-media handles of the texts ("@realDonaldTrump"), with counts."""
    counts: Counter = Counter()
    for text in texts:
        counts.update(_HANDLE.findall(text))
    return counts


def _handle_matches(form: str, handles: Counter) -> list[str]:
    """The handles that spell ``form``: hold all its letters in order as one run where it has two
    words or more ("@realDonaldTrump" for "Donald Trump"), are exactly its letters where it has one
    ("@Walmart", not "@JebBush" for "Bush")."""
    k = _key(form)
    if len(form.split()) > 1:
        return [h for h in handles if len(k) >= 6 and k in _key(h)]
    return [h for h in handles if k and _key(h) == k]


def _clean(word: str) -> tuple[str, bool]:
    """A word without its possessive and, unless it is an abbreviation ("U.S.", "Mrs."), without
    a final period; and whether that period ended a sentence."""
    ends = word.endswith(".") and len(word) > 5 and "." not in word[:-1]
    if ends:
        word = word[:-1]
    return _POSSESSIVE.sub("", word).strip("'’"), ends


def suggest_aliases(docs: pd.DataFrame, actors: ActorSet, *, min_count: int = 2) -> pd.DataFrame:
    """Near-miss spellings of the actors' forms in the documents' texts, most frequent first."""
    if len(docs) == 0:
        return pd.DataFrame(columns=ALIAS_COLUMNS)
    counts = _phrases(docs["text"].astype(str))
    handles = _handles(docs["text"].astype(str))
    by_key: dict[str, list[str]] = {}
    for phrase in counts:
        by_key.setdefault(_key(phrase), []).append(phrase)
    rows = []
    for actor in actors.actors:
        known = {v for form, _, _ in actor.forms() for v in _variants(fold(form)) | _dot_variants(fold(form))}
        known_keys = {_key(k) for k in known}
        seen: set[str] = set()
        for form, _, _ in actor.forms():
            k = _key(fold(form))
            if not k:
                continue
            near = [(p, "spelling") for p in by_key.get(k, [])]
            near += [
                (p, "plural or singular")
                for kk in (k + "s", k[:-1] if k.endswith("s") else "")
                for p in by_key.get(kk, [])
            ]
            near += [(h, "handle") for h in _handle_matches(fold(form), handles)]
            if len(k) >= 6:
                near += [
                    (p, "one letter apart")
                    for kk, ps in by_key.items()
                    if abs(len(kk) - len(k)) <= 1 and kk[:1] == k[:1] and _one_apart(k, kk) and kk not in known_keys
                    for p in ps
                ]
            for phrase, why in near:
                n = handles[phrase] if why == "handle" else counts[phrase]
                if phrase in known or phrase in seen or n < min_count:
                    continue
                if phrase.rstrip(".") in known or phrase.lower() in {x.lower() for x in known}:
                    continue  # found already (case, dots), or a sentence-final period
                seen.add(phrase)
                rows.append((actor.id, form, phrase, n, why))
    out = pd.DataFrame(rows, columns=ALIAS_COLUMNS)
    return out.sort_values(["count", "actor", "suggestion"], ascending=[False, True, True], ignore_index=True)

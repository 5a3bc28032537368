"""Every sentence's closest sentence in every other document, as comparing every pair would find
it, without classifying every pair.

:func:`analysis.compare.reuse.align_sentences` on a small corpus keeps, for each sentence and each
other document, the pair ranked first by (relation, difflib ratio, trigram containment, content
Dice), the lowest sentence index on a tie. Classifying a pair runs difflib's matcher, so
classifying all pairs of 40 news articles (1.5 million) took most of a run. Two bounds, exact for
:func:`~analysis.compare.reuse.classify_pair`'s rules, leave most pairs out:

- a pair can be anything but ``unrelated`` only where its bag-of-words bound on the ratio reaches
  the near-verbatim ratio, or the two share a word trigram (every copied run of three or more
  words is one), or they share the paraphrase's minimum of content words. Those pairs are all
  classified, document pair by document pair, with matrix products over the sentences' words;
- where none of them is related, the closest is the unrelated pair with the highest ratio: pairs
  get their ratio in order of its bound (difflib's ``quick_ratio``, which the ratio never
  exceeds) until the bound falls below the best ratio found, and only the best are classified;
  pairs that share no word all have ratio, containment and Dice 0, so the lowest index stands
  for them.

The result is the same pairs, with the same measures, as classifying every pair.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from difflib import SequenceMatcher
from typing import Generic, Protocol, TypeVar

import numpy as np
from scipy import sparse

__all__ = ["closest_pairs"]


class Tokens(Protocol):
    """What :func:`closest_pairs` reads of a sentence (``reuse.SentTokens``)."""

    @property
    def toks(self) -> tuple[str, ...]: ...

    @property
    def content(self) -> frozenset[str]: ...

    @property
    def trigrams(self) -> frozenset[tuple[str, ...]]: ...


Score = tuple[int, float, float, float]
T = TypeVar("T", bound=Tokens)


def _matrix(rows: Sequence[Sequence], *, counts: bool) -> sparse.csr_matrix:
    """Sentences x vocabulary: counts of each item, or 1 where it occurs."""
    vocab: dict = {}
    indptr: list[int] = [0]
    indices: list[int] = []
    data: list[int] = []
    for items in rows:
        seen: dict[int, int] = {}
        for item in items:
            j = vocab.setdefault(item, len(vocab))
            seen[j] = seen.get(j, 0) + 1
        indices.extend(seen)
        data.extend(seen.values() if counts else [1] * len(seen))
        indptr.append(len(indices))
    shape = (len(rows), max(len(vocab), 1))
    return sparse.csr_matrix((np.array(data, dtype=np.float64), indices, indptr), shape=shape)


def closest_pairs(
    toks: Sequence[T],
    doc: Sequence[str],
    classify: Callable[[T, T], dict],
    score: Callable[[dict], Score],
    *,
    near_ratio: float,
    para_min_shared: int,
) -> dict[tuple[int, str], tuple[int, dict]]:
    """For each sentence ``x`` (index into ``toks``) and each other document ``d``: the index of
    the closest sentence of ``d`` and the pair's measures, ``(x, d) -> (y, classify(...))``.

    ``classify`` is always called with the lower index first, as :func:`align_sentences` did,
    and must give the pair's ``relation`` and difflib ``ratio`` (of the two token sequences, not
    junking any); ``score`` ranks a pair's measures (higher is closer, the relation's rank first
    and the ratio second), ties going to the lower index. ``near_ratio`` is the lowest ratio a
    related pair may have without sharing a trigram, ``para_min_shared`` the fewest content
    words a paraphrase shares."""
    if not toks:
        return {}
    bounds = _Bounds(toks, near_ratio=near_ratio, para_min_shared=para_min_shared)
    rows = {d: np.flatnonzero(np.asarray(doc) == d) for d in dict.fromkeys(doc)}
    pairs = _Pairs(toks, classify)
    out: dict[tuple[int, str], tuple[int, dict]] = {}
    for a, own in rows.items():
        for lo in range(0, len(own), _CHUNK):
            ra = own[lo : lo + _CHUNK]
            bound, related = bounds.against_all(ra)
            for b, rb in rows.items():
                if b != a:
                    for p, x in enumerate(ra):
                        out[(int(x), b)] = _closest(int(x), rb, bound[p, rb], related[p, rb], pairs, score)
    return out


# sentences compared with the whole corpus at once (dense arrays of CHUNK x corpus)
_CHUNK = 256


class _Bounds:
    """The sentences' words, word trigrams and content words as matrices, for the bounds."""

    def __init__(self, toks: Sequence[Tokens], *, near_ratio: float, para_min_shared: int) -> None:
        words = _matrix([t.toks for t in toks], counts=True)
        # the words present at least k times, for each k: their products add up to the multiset
        # intersection of two sentences' words
        top = int(words.data.max(initial=0))
        self.levels = [(words >= k).astype(np.float64).tocsr() for k in range(1, top + 1)]
        self.tri = _matrix([sorted(t.trigrams) for t in toks], counts=False)
        self.content = _matrix([sorted(t.content) for t in toks], counts=False)
        self.length = np.array([len(t.toks) for t in toks], dtype=np.float64)
        self.near_ratio, self.para_min_shared = near_ratio, para_min_shared

    def against_all(self, ra: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For sentences ``ra`` against every sentence: the bound on the ratio (the matched words
        are at most the words both have, each as often as the rarer has it: difflib's
        quick_ratio), and whether the pair may be anything but unrelated."""
        matched = sum((lv[ra] @ lv.T).toarray() for lv in self.levels)
        total = self.length[ra][:, None] + self.length[None, :]
        bound = np.divide(2.0 * matched, total, out=np.zeros_like(total), where=total > 0)
        related = (
            (bound >= self.near_ratio)
            | ((self.tri[ra] @ self.tri.T).toarray() >= 1)
            | ((self.content[ra] @ self.content.T).toarray() >= self.para_min_shared)
        )
        return bound, related


class _Pairs(Generic[T]):
    """Pairs of sentences classified (or only their ratio computed) once, lower index first."""

    def __init__(self, toks: Sequence[T], classify: Callable[[T, T], dict]) -> None:
        self.toks, self.classify = toks, classify
        self.measured: dict[tuple[int, int], dict] = {}
        self.ratios: dict[tuple[int, int], float] = {}

    def measures(self, i: int, j: int) -> dict:
        key = (i, j) if i < j else (j, i)
        if key not in self.measured:
            self.measured[key] = self.classify(self.toks[key[0]], self.toks[key[1]])
        return self.measured[key]

    def ratio(self, i: int, j: int) -> float:
        """The pair's difflib ratio, as ``classify`` gives it (0 for two empty sentences)."""
        key = (i, j) if i < j else (j, i)
        if key in self.measured:
            return float(self.measured[key]["ratio"])
        if key not in self.ratios:
            a, b = self.toks[key[0]].toks, self.toks[key[1]].toks
            self.ratios[key] = SequenceMatcher(None, a, b, autojunk=False).ratio() if (a or b) else 0.0
        return self.ratios[key]


def _closest(
    x: int, ys: np.ndarray, bound: np.ndarray, related: np.ndarray, pairs: _Pairs[T], score: Callable[[dict], Score]
) -> tuple[int, dict]:
    """The closest of sentences ``ys`` to ``x``: the best related pair if any, else the unrelated
    pair of highest ratio (then by ``score``), searched in order of the ratio's bound."""

    def best_of(candidates: Iterable[int]) -> tuple[Score, int, dict] | None:
        best: tuple[Score, int, dict] | None = None
        for y in candidates:
            m = pairs.measures(x, y)
            s = score(m)
            if best is None or s > best[0] or (s == best[0] and y < best[1]):
                best = (s, y, m)
        return best

    found = best_of(int(ys[q]) for q in np.flatnonzero(related))
    if found is not None and found[2]["relation"] != "unrelated":
        return found[1], found[2]
    # every pair is unrelated: the highest ratio wins, then the rest of the score
    top, ties = -1.0, []
    for q in np.argsort(-bound, kind="stable"):
        if bound[q] < top:
            break
        if bound[q] == 0:  # (top is 0 or below here)
            # the rest share no word with x: ratio, containment and Dice all 0, so the lowest
            # index stands for them all
            top = 0.0
            ties.append(int(ys[bound == 0].min()))
            break
        r = pairs.ratio(x, int(ys[q]))
        if r > top:
            top, ties = r, [int(ys[q])]
        elif r == top:
            ties.append(int(ys[q]))
    chosen = best_of(ties)
    assert chosen is not None
    return chosen[1], chosen[2]

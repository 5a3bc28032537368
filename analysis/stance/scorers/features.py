"""The fast scorer's features: target-aware n-grams, VADER lexicon values and cue words around the
marked target, computed the same way for training (:meth:`FeatureExtractor.extract`, one dict a
pair) and for inference (the blocks :class:`analysis.stance.scorers.fast.FastScorer` hashes in bulk)."""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

TARGET_TOKEN = "<t>"


QUOTE_TOKEN = '"'


_QUOTE_MAP: dict[str, str] = {
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\u2032": "'",
    "\u2013": "-",
    "\u2014": "-",
}


# words, the n't clitic (split off), 's-like clitics, numbers, single symbols
_TOKEN_RE = re.compile(r"[a-z]+(?=n't)|n't|[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9']")


# the same pattern without its two n't alternatives, which cannot match in a text without "n't":
# the same tokens there, found without trying the lookahead after every word
_TOKEN_RE_NO_NT = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9']")


_NEGATIONS: frozenset[str] = frozenset(
    """
    not no never n't none nothing nobody nowhere neither nor without cannot hardly barely rarely seldom despite
    dont didnt doesnt isnt wasnt werent wont cant
    """.split()
)


_SPEECH_VERBS: frozenset[str] = frozenset(
    """
    said says say told tells tell wrote writes tweeted tweets added argued argues claimed claims stated states
    explained noted insisted asked asks warned warns declared announced suggested acknowledged admitted
    responded replied
    """.split()
)


_CLAUSE_BOUNDARIES: frozenset[str] = frozenset(
    ', ; : " ( ) - but while although though whereas because however who which that'.split()
)


_PRONOUNS: frozenset[str] = frozenset(
    {"he", "she", "they", "him", "her", "them", "his", "hers", "their", "it", "its", "we", "us", "i"}
)


DEFAULT_SETTINGS: dict[str, Any] = {
    "windows": [2, 5, 10],
    "offsets": 2,
    "sentence_ngrams": 2,
    "target_ngrams": 3,
    "mention_tokens": True,
    "lexicon": True,
    "lex_positional": True,
    "cues": True,
    "clause_lexicon": False,
    "conjunctions": False,
    "block_weights": {},
}


def normalize(text: str) -> str:
    """Lower-case ``text`` and map typographic quotes/dashes to ASCII ones."""
    low = text.lower()
    return low if low.isascii() else _ascii_quotes(low)


def _ascii_quotes(text: str) -> str:
    """``text`` with the typographic quotes and dashes of :data:`_QUOTE_MAP` made ASCII.

    The same as ``str.translate`` with that map, but only the characters present are replaced
    (``str.replace`` is a C-level scan, translating with a dict is a lookup per character).
    """
    for src, dst in _QUOTE_MAP.items():
        if src in text:
            text = text.replace(src, dst)
    return text


def tokenize(text: str) -> list[str]:
    """Normalise ``text`` (see :func:`normalize`) and split it into tokens."""
    norm = normalize(text)
    return _token_pattern(norm).findall(norm)


def _token_pattern(norm: str) -> re.Pattern[str]:
    """The token pattern for a normalised text: :data:`_TOKEN_RE`, or its equivalent without
    the n't alternatives when the text has no "n't"."""
    return _TOKEN_RE if "n't" in norm else _TOKEN_RE_NO_NT


def vader_lexicon_path() -> Path:
    """Path of ``vader_lexicon.txt`` inside the installed ``vaderSentiment`` package."""
    import vaderSentiment  # local import: only needed for the lexicon file

    return Path(vaderSentiment.__file__).resolve().parent / "vader_lexicon.txt"


def load_vader_lexicon(path: Path | None = None) -> dict[str, float]:
    """Read VADER's lexicon (token -> mean valence in [-4, 4]) from the package file."""
    lex: dict[str, float] = {}
    with open(path or vader_lexicon_path(), encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2:
                try:
                    lex[parts[0]] = float(parts[1])
                except ValueError:
                    continue
    return lex


class FeatureExtractor:
    """Turns a (sentence, target span) pair into named feature values.

    Features come in blocks (the prefix before ``|``); every block of binary
    features is L2-normalised on its own and multiplied by an optional block
    weight, so no block dominates merely by having many active features.
    """

    def __init__(self, settings: Mapping[str, Any] | None = None, lexicon: Mapping[str, float] | None = None) -> None:
        """Create an extractor; ``settings`` override :data:`DEFAULT_SETTINGS`."""
        s = dict(DEFAULT_SETTINGS)
        if settings:
            s.update(settings)
        self.settings = s
        self.windows: list[int] = sorted(int(w) for w in s["windows"])
        self.offsets = int(s["offsets"])
        self.sentence_ngrams = int(s["sentence_ngrams"])
        self.target_ngrams = int(s["target_ngrams"])
        self.mention_tokens = bool(s["mention_tokens"])
        self.use_lexicon = bool(s["lexicon"])
        self.lex_positional = bool(s["lex_positional"])
        self.cues = bool(s["cues"])
        self.clause_lexicon = bool(s.get("clause_lexicon", False))
        self.conjunctions = bool(s.get("conjunctions", False))
        self.block_weights: dict[str, float] = {str(k): float(v) for k, v in dict(s["block_weights"]).items()}
        self._win_keys: list[tuple[int, str, str]] = [(w, f"x|p{w}", f"x|n{w}") for w in self.windows]
        self._win_blocks: list[tuple[int, str, str]] = [(w, f"l{w}", f"r{w}") for w in self.windows]
        self._offset_prefixes: list[tuple[int, str, str]] = [
            (k, f"-{k} ", f"+{k} ") for k in range(1, self.offsets + 1)
        ]
        self._gram_reach = max(0, self.target_ngrams - 1)
        self._gram_slices = _gram_slices(self.target_ngrams)
        self.lexicon: Mapping[str, float] = (
            lexicon if lexicon is not None else (load_vader_lexicon() if self.use_lexicon else {})
        )
        # names of the lexicon features' values (see _lexicon_values; none without the lexicon),
        # and those values for a sentence without polar words
        names = [
            "x|wl_pos",
            "x|wl_neg",
            "x|wr_pos",
            "x|wr_neg",
            "x|w_pos",
            "x|w_neg",
            "x|s_comp",
            "x|s_pos",
            "x|s_neg",
            *(name for _, pk, nk in self._win_keys for name in (pk, nk)),
            *(("x|c_pos", "x|c_neg", "x|c_comp") if self.clause_lexicon else ()),
        ]
        self._s_comp = names.index("x|s_comp")
        self.lexicon_names: list[str] = names if self.use_lexicon else []
        values, tags, val = self._lexicon_values([], [], [], [])
        self._no_polar: tuple[Sequence[float], list[str], float] = (tuple(values), tags, val)

    # ------------------------------------------------------------------ main
    def extract(self, text: str, start: int, end: int) -> dict[str, float]:
        """Return ``{feature name: value}`` for the target ``text[start:end]``."""
        norm, left, right, mention = _split_tokens(text, start, end)
        feats: dict[str, float] = {}
        for name, keys, val in self._blocks(left, right, mention):
            feats.update(dict.fromkeys(map((name + "|").__add__, keys), val))
        values, tags, val, cues = self.dense_parts(norm, start, end, left, right)
        feats.update(zip(self.lexicon_names, values))
        feats.update(dict.fromkeys(tags, val))
        feats.update(cues)
        return feats

    def _blocks(
        self, left: list[str], right: list[str], mention: list[str]
    ) -> list[tuple[str, Collection[str], float]]:
        """Every block of binary features: (block, distinct keys, value of each key).

        :class:`FastScorer` counts the sentence ("s") and window blocks with numpy instead
        (:class:`_PairBatch`), the same way; the tests check that both agree.
        """
        full = left + [TARGET_TOKEN] + right
        # sentence n-grams with the target masked
        sent = set(full)
        if self.sentence_ngrams >= 2:
            sent.update(map(" ".join, pairwise(full)))
        blocks: list[tuple[str, Collection[str]]] = [("s", sent)]
        # context windows (bag of words) of several widths
        for w, lname, rname in self._win_blocks:
            blocks.append((lname, set(left[-w:]) if left else {"<bos>"}))
            blocks.append((rname, set(right[:w]) if right else {"<eos>"}))
        return self._weighted(blocks) + self.target_blocks(left, right, mention)

    def target_blocks(
        self, left: list[str], right: list[str], mention: list[str]
    ) -> list[tuple[str, Collection[str], float]]:
        """The blocks about the target itself, as (block, distinct keys, value of each key): the
        n-grams that include the placeholder ("g"), the words at fixed offsets ("o") and the
        mention's words ("m")."""
        nl, nr = len(left), len(right)
        # n-grams with the placeholder at each possible place (captures "<t> accused", "accused <t>"),
        # from the placeholder with up to n - 1 tokens on either side; distinct, as no token is
        # "<t>" or contains a space
        reach = self._gram_reach
        a, b = min(nl, reach), min(nr, reach)
        around = left[nl - a :] + [TARGET_TOKEN] + right[:b]
        grams = list(map(" ".join, map(around.__getitem__, self._gram_slices[a][b])))
        # words at fixed offsets
        offsets: list[str] = []
        for k, lp, rp in self._offset_prefixes:
            offsets.append(lp + (left[-k] if k <= nl else "<bos>"))
            offsets.append(rp + (right[k - 1] if k <= nr else "<eos>"))
        words: list[str] = []
        if self.mention_tokens:
            words = list(dict.fromkeys(mention)) or ["<empty>"]
            if len(mention) == 1 and mention[0] in _PRONOUNS:
                words.append("<pronoun>")
        return self._weighted([("g", grams), ("o", offsets), ("m", words)])

    def _weighted(self, blocks: list[tuple[str, Collection[str]]]) -> list[tuple[str, Collection[str], float]]:
        """The non-empty blocks with the value of their keys: L2-normalised, times the block weight
        (blocks of weight 0 left out)."""
        bw = self.block_weights
        out: list[tuple[str, Collection[str], float]] = []
        for name, keys in blocks:
            if keys:
                val = bw.get(name, 1.0) / math.sqrt(len(keys))
                if val != 0.0:
                    out.append((name, keys, val))
        return out

    def dense_parts(
        self, norm: str, start: int, end: int, left: list[str], right: list[str]
    ) -> tuple[Sequence[float], list[str], float, dict[str, float]]:
        """The features that are not binary blocks: the values of the lexicon features
        :attr:`lexicon_names`, the lexicon's positional tags with their common value, and the cue
        features by name.

        ``norm`` is the normalised sentence, ``left`` and ``right`` the tokens on either side of
        the target ``[start, end)``.
        """
        values: Sequence[float] = ()
        tags: list[str] = []
        val = 0.0
        if self.use_lexicon:
            values, tags, val = self._lexicon_features(left, right)
        cues: dict[str, float] = {}
        if self.cues:
            comp = 0.0
            if self.conjunctions:
                comp = (values[self._s_comp] if values else 0.0) / (self.block_weights.get("x", 1.0) or 1.0)
            self._cue_features(norm, start, end, left, right, cues, comp)
        return values, tags, val, cues

    def _polar(self, tokens: list[str], first: int, step: int) -> list[tuple[int, float]]:
        """(distance to the target, valence) of the lexicon words of ``tokens``, the i-th token at
        distance ``first + step * i``; negated (x -0.74) when one of the three tokens before it
        is a negation."""
        lex = self.lexicon
        out: list[tuple[int, float]] = []
        if lex.keys().isdisjoint(tokens):
            return out
        for i in [i for i, tok in enumerate(tokens) if tok in lex]:
            v = lex[tokens[i]]
            if not _NEGATIONS.isdisjoint(tokens[max(0, i - 3) : i]):
                v *= -0.74
            out.append((first + step * i, v))
        return out

    def _lexicon_features(self, left: list[str], right: list[str]) -> tuple[Sequence[float], list[str], float]:
        """Dense VADER-lexicon features (window sums, distance weighting): the values of the
        features :attr:`lexicon_names`, then the positional tags and their common value."""
        pl = self._polar(left, len(left), -1)
        pr = self._polar(right, 1, 1)
        return self._lexicon_values(left, right, pl, pr) if pl or pr else self._no_polar

    def _lexicon_values(
        self, left: list[str], right: list[str], pl: list[tuple[int, float]], pr: list[tuple[int, float]]
    ) -> tuple[Sequence[float], list[str], float]:
        """:meth:`_lexicon_features` from the polar words ``pl`` (left) and ``pr`` (right) of the
        target, as (distance to the target, valence)."""
        nl = len(left)
        bw = self.block_weights.get("x", 1.0)
        scale = bw / 4.0
        log1p = math.log1p
        wpos = wneg = rpos = rneg = spos = sneg = 0.0
        win_keys = self._win_keys
        wp = [0.0] * len(win_keys)
        wn = [0.0] * len(win_keys)
        for side, items in ((0, pl), (1, pr)):
            for d, v in items:
                if v > 0:
                    spos += v
                    if side:
                        rpos += v / d
                    else:
                        wpos += v / d
                    for k, (w, _, _) in enumerate(win_keys):
                        if d <= w:
                            wp[k] += v
                elif v < 0:
                    sneg -= v
                    if side:
                        rneg -= v / d
                    else:
                        wneg -= v / d
                    for k, (w, _, _) in enumerate(win_keys):
                        if d <= w:
                            wn[k] -= v
        tot = spos - sneg
        values = [
            wpos * scale,  # x|wl_pos
            wneg * scale,  # x|wl_neg
            rpos * scale,  # x|wr_pos
            rneg * scale,  # x|wr_neg
            (wpos + rpos) * scale,  # x|w_pos
            (wneg + rneg) * scale,  # x|w_neg
            tot / math.sqrt(tot * tot + 15.0) * bw,  # x|s_comp: VADER-style normalised compound of the sentence
            log1p(spos) * scale,  # x|s_pos
            log1p(sneg) * scale,  # x|s_neg
        ]
        for k in range(len(win_keys)):
            values.append(log1p(wp[k]) * scale)  # x|p<w>
            values.append(log1p(wn[k]) * scale)  # x|n<w>
        if self.clause_lexicon:
            # polar words in the same clause as the target (no boundary token in between);
            # the boundaries are only looked for on a side with polar words
            lb = next((nl - i for i in range(nl - 1, -1, -1) if left[i] in _CLAUSE_BOUNDARIES), 0) if pl else 0
            rb = next((i + 1 for i, tok in enumerate(right) if tok in _CLAUSE_BOUNDARIES), 0) if pr else 0
            cl = [v for d, v in pl if not lb or d < lb] + [v for d, v in pr if not rb or d < rb]
            cpos = sum(v for v in cl if v > 0)
            cneg = -sum(v for v in cl if v < 0)
            ctot = cpos - cneg
            values.append(log1p(cpos) * scale)  # x|c_pos
            values.append(log1p(cneg) * scale)  # x|c_neg
            values.append(ctot / math.sqrt(ctot * ctot + 15.0) * bw)  # x|c_comp
        tags: list[str] = []
        val = 0.0
        if self.lex_positional and (pl or pr):
            # which side / how far the polar words are
            found = {"y|L" + ("n" if v < 0 else "p") + _bucket(d) for d, v in pl if v != 0.0}
            found.update("y|R" + ("n" if v < 0 else "p") + _bucket(d) for d, v in pr if v != 0.0)
            if found:
                tags = sorted(found)  # a fixed order, so sums over the features are reproducible
                val = self.block_weights.get("y", 1.0) / math.sqrt(len(tags))
        return values, tags, val

    def _cue_features(
        self, norm: str, start: int, end: int, left: list[str], right: list[str], feats: dict[str, float], comp: float
    ) -> None:
        """Add news cues: quoting, speaker position, negation near the target (``comp``: the
        sentence's lexicon compound, for the conjunctions)."""
        w = self.block_weights.get("c", 1.0)
        nq = norm.count('"', 0, start)
        allq = norm.count('"')
        speaker = not _SPEECH_VERBS.isdisjoint(right[:3])
        neg_right = not _NEGATIONS.isdisjoint(right[:4])
        neg_left = not _NEGATIONS.isdisjoint(left[-4:])
        if nq % 2 == 1:
            feats["c|in_quote"] = w
        if allq:
            feats["c|has_quote"] = w
        if speaker:
            feats["c|speaker"] = w
        if not _SPEECH_VERBS.isdisjoint(left[-3:]):
            feats["c|speech_before"] = w
        if neg_right:
            feats["c|neg_right"] = w
        if neg_left:
            feats["c|neg_left"] = w
        if not left:
            feats["c|first"] = w
        if self.conjunctions:
            if nq % 2 == 1:
                feats["c|in_quote*comp"] = w * comp
            if speaker:
                feats["c|speaker*comp"] = w * comp
            if neg_right or neg_left:
                feats["c|neg_near*comp"] = w * comp
        n = len(left) + len(right) + 1
        feats["c|relpos"] = w * len(left) / n
        feats["c|len"] = w * min(n, 80) / 80.0


def _gram_slices(max_n: int) -> list[list[list[slice]]]:
    """For a placeholder with ``a`` tokens before and ``b`` after it (each at most ``max_n`` - 1),
    ``[a][b]`` lists the slices of that token window that are the n-grams (n = 2..max_n) including
    the placeholder: by n, then from the leftmost start."""
    reach = max(0, max_n - 1)
    return [
        [
            [slice(i, i + n) for n in range(2, max_n + 1) for i in range(max(0, a - n + 1), min(a, a + b + 1 - n) + 1)]
            for b in range(reach + 1)
        ]
        for a in range(reach + 1)
    ]


def _split_tokens(text: str, start: int, end: int) -> tuple[str, list[str], list[str], list[str]]:
    """The normalised text (for counting quotes) and the tokens left of, right of and inside
    the target ``text[start:end]``."""
    norm = normalize(text)
    if len(norm) == len(text):
        findall = _token_pattern(norm).findall
        return norm, findall(norm, 0, start), findall(norm, end), findall(norm, start, end)
    # lower-casing changed the length (rare Unicode): slice first; the quote-mapped text has
    # the original length and is only used to count quotes
    return _ascii_quotes(text), tokenize(text[:start]), tokenize(text[end:]), tokenize(text[start:end])


def _bucket(d: int) -> str:
    """Distance bucket label for positional lexicon features."""
    if d <= 1:
        return "1"
    if d <= 3:
        return "3"
    if d <= 7:
        return "7"
    return "far"

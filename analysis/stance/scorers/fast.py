"""Fast targeted-sentiment (stance) scorer.

A linear (multinomial logistic regression) model over hand-built, target-aware
sparse features:

* the sentence with the target mention replaced by a placeholder token
  (unigrams, bigrams and the n-grams touching the placeholder),
* bag-of-words of left/right context windows of several widths,
* words at fixed offsets next to the target,
* VADER-lexicon polarity of the windows and the sentence (own fast lookup over
  our tokens with VADER's lexicon file and negation list; the VADER analyser
  itself is not run), including distance-weighted sums,
* news cues: quotes around the target, speech verbs after the target,
  negation near the target.

The shipped model is plain data (``vocab.json`` + ``model.npz`` +
``meta.json``); no pickle is loaded.  Runtime needs only numpy and the
``vaderSentiment`` package (for its lexicon file).

Training names every feature (:meth:`FeatureExtractor.extract`); the scorer
counts and looks up the two big blocks (sentence n-grams and context windows)
for a batch of pairs at once with numpy over integer token ids instead, and
sums each pair's features in a fixed order, so a probability does not depend on
the other pairs of the call or on the process (Python's string hashing).
"""

from __future__ import annotations

import json
import math
import re
import warnings
from dataclasses import dataclass
from itertools import count, repeat
from pathlib import Path
from typing import Any, Collection, Iterable, Mapping, Sequence

import numpy as np

LABELS: tuple[str, str, str] = ("negative", "neutral", "positive")
DEFAULT_MODEL_DIR: Path = Path(__file__).resolve().parent.parent / "models" / "stance-fast"

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
    {
        "not", "no", "never", "n't", "none", "nothing", "nobody", "nowhere", "neither",
        "nor", "without", "cannot", "hardly", "barely", "rarely", "seldom", "despite",
        "dont", "didnt", "doesnt", "isnt", "wasnt", "werent", "wont", "cant",
    }
)
_SPEECH_VERBS: frozenset[str] = frozenset(
    {
        "said", "says", "say", "told", "tells", "tell", "wrote", "writes", "tweeted",
        "tweets", "added", "argued", "argues", "claimed", "claims", "stated", "states",
        "explained", "noted", "insisted", "asked", "asks", "warned", "warns", "declared",
        "announced", "suggested", "acknowledged", "admitted", "responded", "replied",
    }
)
_CLAUSE_BOUNDARIES: frozenset[str] = frozenset(
    {",", ";", ":", '"', "(", ")", "-", "but", "while", "although", "though", "whereas", "because", "however", "who", "which", "that"}
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
        self._win_keys: list[tuple[int, str, str]] = [(w, "x|p%d" % w, "x|n%d" % w) for w in self.windows]
        self._win_blocks: list[tuple[int, str, str]] = [(w, "l%d" % w, "r%d" % w) for w in self.windows]
        self._offset_prefixes: list[tuple[int, str, str]] = [(k, "-%d " % k, "+%d " % k) for k in range(1, self.offsets + 1)]
        self._gram_reach = max(0, self.target_ngrams - 1)
        self._gram_slices = _gram_slices(self.target_ngrams)
        self.lexicon: Mapping[str, float] = lexicon if lexicon is not None else (load_vader_lexicon() if self.use_lexicon else {})
        # names of the lexicon features' values (see _lexicon_values; none without the lexicon),
        # and those values for a sentence without polar words
        names = [
            "x|wl_pos", "x|wl_neg", "x|wr_pos", "x|wr_neg", "x|w_pos", "x|w_neg", "x|s_comp", "x|s_pos", "x|s_neg",
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

    def _blocks(self, left: list[str], right: list[str], mention: list[str]) -> list[tuple[str, Collection[str], float]]:
        """Every block of binary features: (block, distinct keys, value of each key).

        :class:`FastScorer` counts the sentence ("s") and window blocks with numpy instead
        (:class:`_PairBatch`), the same way; the tests check that both agree.
        """
        full = left + [TARGET_TOKEN] + right
        # sentence n-grams with the target masked
        sent = set(full)
        if self.sentence_ngrams >= 2:
            sent.update(map(" ".join, zip(full, full[1:])))
        blocks: list[tuple[str, Collection[str]]] = [("s", sent)]
        # context windows (bag of words) of several widths
        for w, lname, rname in self._win_blocks:
            blocks.append((lname, set(left[-w:]) if left else {"<bos>"}))
            blocks.append((rname, set(right[:w]) if right else {"<eos>"}))
        return self._weighted(blocks) + self.target_blocks(left, right, mention)

    def target_blocks(self, left: list[str], right: list[str], mention: list[str]) -> list[tuple[str, Collection[str], float]]:
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


def validate_spans(texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> None:
    """Raise ``ValueError`` naming the first index whose span is not a valid, non-empty range."""
    if len(texts) != len(spans):
        raise ValueError(f"texts and spans differ in length: {len(texts)} != {len(spans)}")
    for i, (text, span) in enumerate(zip(texts, spans)):
        try:
            start, end = span
        except (TypeError, ValueError):
            raise ValueError(f"span at index {i} is not a (start, end) pair: {span!r}") from None
        if type(start) is int and type(end) is int and type(text) is str and 0 <= start < end <= len(text):
            continue  # the common case, valid by the checks below
        if not isinstance(text, str):
            raise ValueError(f"text at index {i} is not a string")
        if (
            isinstance(start, bool)
            or isinstance(end, bool)
            or not isinstance(start, (int, np.integer))
            or not isinstance(end, (int, np.integer))
        ):
            raise ValueError(f"span at index {i} has non-integer offsets: {span!r}")
        if not 0 <= start < end <= len(text):
            raise ValueError(f"span at index {i} is out of range for a text of length {len(text)}: {span!r}")


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax."""
    z = scores - scores.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


class FastScorer:
    """Fast targeted-sentiment scorer (linear model over target-aware features)."""

    name = "fast"

    def __init__(self, *, model_dir: Path | None = None) -> None:
        """Load vocabulary, coefficients and feature settings from ``model_dir``."""
        model_dir = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
        meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
        labels = tuple(meta["labels"])
        if labels != LABELS:
            raise ValueError(f"model label order {labels} != expected {LABELS}")
        with open(model_dir / "vocab.json", encoding="utf-8") as fh:
            vocab_list: list[str] = json.load(fh)
        self.vocab: dict[str, int] = {f: i for i, f in enumerate(vocab_list)}
        with np.load(model_dir / "model.npz", allow_pickle=False) as z:
            coef = np.asarray(z["coef"], dtype=np.float64)
            intercept = np.asarray(z["intercept"], dtype=np.float64)
        if coef.shape != (len(LABELS), len(vocab_list)):
            raise ValueError(f"coef shape {coef.shape} does not match vocabulary size {len(vocab_list)}")
        # one row per class, plus a trailing zero column for the unknown feature id
        self._coef = np.ascontiguousarray(np.hstack([coef, np.zeros((len(LABELS), 1))]))
        self._unknown = len(vocab_list)
        self._intercept = intercept
        self.meta = meta
        self._temperature = float(meta.get("temperature", 1.0) or 1.0)
        if not self._temperature > 0:
            raise ValueError(f"temperature must be positive, got {self._temperature}")
        self.extractor = FeatureExtractor(meta["feature_settings"])
        self._tokens = _token_vocab(self.vocab, self.extractor, self._unknown)
        # the other features: those of the target blocks by block and key ("g|<t> said" ->
        # ["g"]["<t> said"]), the dense ones by name in a small table of their own
        self._target_vocab: dict[str, dict[str, int]] = {"g": {}, "o": {}, "m": {}}
        self._dense_vocab: dict[str, int] = {}
        for f, i in self.vocab.items():
            block, _, key = f.partition("|")
            if block in self._target_vocab:
                self._target_vocab[block][key] = i
            elif block != "s" and block not in self._tokens.windows:
                self._dense_vocab[f] = i
        self._lexicon_ids = [self._dense_vocab.get(f, self._unknown) for f in self.extractor.lexicon_names]
        expected = meta.get("lexicon_sha256")
        if expected and self.extractor.use_lexicon:
            import hashlib

            actual = hashlib.sha256(vader_lexicon_path().read_bytes()).hexdigest()
            if actual != expected:
                warnings.warn(
                    "the installed vaderSentiment lexicon differs from the one the fast model was trained with; "
                    "scores may be degraded",
                    RuntimeWarning,
                    stacklevel=2,
                )

    def decision_function(self, texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """Unnormalised class scores (linear model output), shape (n, 3).

        Pairs are encoded in batches of about :data:`_BATCH_TOKENS` tokens (:class:`_PairBatch`);
        a pair's score does not depend on the other pairs.
        """
        validate_spans(texts, spans)
        scores = np.zeros((len(texts), len(LABELS)), dtype=np.float64)
        batch, first = _PairBatch(self), 0
        for i, (text, (start, end)) in enumerate(zip(texts, spans)):
            start, end = int(start), int(end)
            norm, left, right, mention = _split_tokens(text, start, end)
            if batch.n_tokens and batch.n_tokens + len(left) + len(right) + 1 > _BATCH_TOKENS:
                scores[first:i] = batch.feature_sums()
                batch, first = _PairBatch(self), i
            batch.add(norm, start, end, left, right, mention)
        if len(texts):
            scores[first:] = batch.feature_sums()
        scores += self._intercept
        return scores

    def predict_proba(self, texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """Probabilities (n, 3), columns [negative, neutral, positive], rows sum to 1.

        ``spans`` are (start, end) character offsets of the target mention in the
        corresponding text; an invalid span raises ``ValueError`` naming its index.
        """
        scores = self.decision_function(texts, spans)
        if self._temperature != 1.0:
            scores /= self._temperature
        return softmax(scores)

    def predict(self, texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> list[str]:
        """Most likely label per pair."""
        proba = self.predict_proba(texts, spans)
        return [LABELS[i] for i in proba.argmax(axis=1)]


@dataclass(frozen=True)
class _TokenVocab:
    """The model's sentence ("s") and window features over integer token ids.

    The model's tokens (those of these features' keys) have ids 0..K-1; the lookup tables end
    with an entry for any other token (id clipped to K) that holds the unknown feature id.
    """

    token_ids: dict[str, int]
    sent_words: np.ndarray  # feature id of "s|<word>" by token id
    sent_pairs: np.ndarray  # sorted codes t1 * K + t2 of the "s|<word> <word>" features, then a sentinel
    sent_pair_ids: np.ndarray  # their feature ids (then the unknown id)
    windows: dict[str, np.ndarray]  # feature id of "l3|<word>" etc. by token id, per window block
    empty_side: dict[str, int]  # feature id of "l3|<bos>" etc. (the window of a side without tokens)


def _token_vocab(vocab: Mapping[str, int], extractor: FeatureExtractor, unknown: int) -> _TokenVocab:
    """The sentence and window features of ``vocab`` over token ids (see :class:`_TokenVocab`)."""
    ids: dict[str, int] = {}
    words: list[tuple[int, int]] = []
    pairs: list[tuple[int, int, int]] = []
    sides = {lname: "<bos>" for _, lname, _ in extractor._win_blocks} | {rname: "<eos>" for _, _, rname in extractor._win_blocks}
    per_window: dict[str, list[tuple[int, int]]] = {name: [] for name in sides}
    for f, i in vocab.items():
        block, _, key = f.partition("|")
        if block == "s":
            toks = key.split(" ")
            if len(toks) == 1:
                words.append((ids.setdefault(key, len(ids)), i))
            elif len(toks) == 2:
                pairs.append((ids.setdefault(toks[0], len(ids)), ids.setdefault(toks[1], len(ids)), i))
        elif block in per_window:
            per_window[block].append((ids.setdefault(key, len(ids)), i))
    k = len(ids)

    def table(entries: list[tuple[int, int]]) -> np.ndarray:
        """Feature id by token id (unknown for the tokens without one, and at index k)."""
        out = np.full(k + 1, unknown, dtype=np.int64)
        if entries:
            tok, fid = np.array(entries, dtype=np.int64).T
            out[tok] = fid
        return out

    codes = np.array([a * k + b for a, b, _ in pairs], dtype=np.int64)
    order = np.argsort(codes, kind="stable")
    return _TokenVocab(
        token_ids=ids,
        sent_words=table(words),
        sent_pairs=np.append(codes[order], np.iinfo(np.int64).max),
        sent_pair_ids=np.append(np.array([i for _, _, i in pairs], dtype=np.int64)[order], unknown),
        windows={name: table(entries) for name, entries in per_window.items()},
        empty_side={name: vocab.get(name + "|" + side, unknown) for name, side in sides.items()},
    )


def _distinct(keys: np.ndarray) -> np.ndarray:
    """The sorted distinct values of an integer array (``np.unique``, whose hash-based
    implementation in numpy 2 is many times slower on these arrays than sorting)."""
    keys = np.sort(keys)
    return keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys


# tokens per batch of pairs encoded together (a longer single pair is a batch of its own): bounds
# the memory, and the keys of _PairBatch._sentence (< pairs x (ids + ids**2), ids < model tokens +
# batch tokens + 2) stay below 2**63 for models of up to millions of tokens
_BATCH_TOKENS = 1 << 18


class _PairBatch:
    """Pairs encoded together into the sums of their features' contributions.

    The sentence ("s") and window blocks are counted and looked up with numpy over integer token
    ids: the model's tokens keep their ids from :class:`_TokenVocab`, so the order in which a
    pair's known features are summed (by id) does not depend on the other pairs; any other token
    gets a fresh id, unique in the batch. The target blocks and dense features are looked up pair
    by pair with the extractor's own code.
    """

    def __init__(self, scorer: FastScorer) -> None:
        """An empty batch for ``scorer``."""
        self._scorer = scorer
        self._ids = scorer._tokens.token_ids.copy()
        self._fresh = count(len(self._ids))
        self._target = self._ids.setdefault(TARGET_TOKEN, next(self._fresh))
        self._tokens: list[int] = []  # per pair: ids of the left tokens, the target, the right tokens
        self._n_left: list[int] = []
        self._n_right: list[int] = []
        self._n_other: list[int] = []  # per pair: number of target-block and dense features
        self._cols: list[int] = []
        self._vals: list[float] = []

    @property
    def n_tokens(self) -> int:
        """Tokens (the target included) of the pairs added so far."""
        return len(self._tokens)

    def add(self, norm: str, start: int, end: int, left: list[str], right: list[str], mention: list[str]) -> None:
        """Add a pair: its normalised sentence, target span and tokens (see :func:`_split_tokens`)."""
        scorer = self._scorer
        ids, fresh = self._ids.setdefault, self._fresh
        self._tokens.extend(map(ids, left, fresh))
        self._tokens.append(self._target)
        self._tokens.extend(map(ids, right, fresh))
        self._n_left.append(len(left))
        self._n_right.append(len(right))
        cols, vals, unknown = self._cols, self._vals, repeat(scorer._unknown)
        before = len(cols)
        for name, keys, val in scorer.extractor.target_blocks(left, right, mention):
            cols.extend(map(scorer._target_vocab[name].get, keys, unknown))
            vals.extend(repeat(val, len(keys)))
        values, tags, val, cues = scorer.extractor.dense_parts(norm, start, end, left, right)
        cols.extend(scorer._lexicon_ids)
        vals.extend(values)
        cols.extend(map(scorer._dense_vocab.get, tags, unknown))
        vals.extend(repeat(val, len(tags)))
        cols.extend(map(scorer._dense_vocab.get, cues, unknown))
        vals.extend(cues.values())
        self._n_other.append(len(cols) - before)

    def feature_sums(self) -> np.ndarray:
        """Per pair, the sum of its features' contributions (value x coefficient), shape (n, 3).

        A pair's known features are summed in a fixed order: the sentence block's by code, the
        window blocks' by token id, then the other features in the extractor's order.
        """
        n = len(self._n_left)
        tok = np.fromiter(self._tokens, dtype=np.int64, count=len(self._tokens))
        n_left = np.array(self._n_left, dtype=np.int64)
        size = n_left + np.array(self._n_right, dtype=np.int64) + 1
        pair = np.repeat(np.arange(n), size)
        pos = np.arange(len(tok)) - np.repeat(np.cumsum(size) - size, size)  # index in the pair's tokens
        target = np.repeat(n_left, size)  # the target's index
        span = next(self._fresh)  # every token id is below
        parts = [self._sentence(pair, tok, span)]
        bw = self._scorer.extractor.block_weights
        for w, lname, rname in self._scorer.extractor._win_blocks:
            for name, inside, empty in (
                (lname, (pos < target) & (pos >= target - w), n_left == 0),
                (rname, (pos > target) & (pos <= target + w), size - n_left == 1),
            ):
                weight = bw.get(name, 1.0)
                if weight != 0.0:
                    parts += self._window(name, weight, pair[inside], tok[inside], span, np.flatnonzero(empty))
        parts.append((np.repeat(np.arange(n), self._n_other), np.fromiter(self._cols, dtype=np.int64, count=len(self._cols)),
                      np.fromiter(self._vals, dtype=np.float64, count=len(self._vals))))
        rows, fid, val = (np.concatenate(x) for x in zip(*parts))
        known = fid != self._scorer._unknown
        rows, fid, val = rows[known], fid[known], val[known]
        sums = np.empty((n, len(LABELS)), dtype=np.float64)
        for c, coef in enumerate(self._scorer._coef):
            sums[:, c] = np.bincount(rows, weights=coef[fid] * val, minlength=n)
        return sums

    def _sentence(self, pair: np.ndarray, tok: np.ndarray, span: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The sentence block as (pair, feature id, value): each pair's distinct tokens and (with
        sentence_ngrams >= 2) bigrams, the target masked."""
        ex, vocab = self._scorer.extractor, self._scorer._tokens
        weight = ex.block_weights.get("s", 1.0)
        if weight == 0.0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
        # codes: a word is its id (< span), a bigram span + id1 * span + id2
        width = span + span * span if ex.sentence_ngrams >= 2 else span
        keys = pair * width + tok
        if ex.sentence_ngrams >= 2:
            inner = pair[1:] == pair[:-1]  # consecutive tokens of one pair
            keys = np.concatenate([keys, pair[1:][inner] * width + span + tok[:-1][inner] * span + tok[1:][inner]])
        p, code = np.divmod(_distinct(keys), width)
        k = len(vocab.token_ids)
        fid = np.full(len(code), self._scorer._unknown, dtype=np.int64)
        word = code < span
        fid[word] = vocab.sent_words[np.minimum(code[word], k)]
        bigram = np.flatnonzero(~word)
        first, second = np.divmod(code[bigram] - span, span)
        model = (first < k) & (second < k)  # both words are the model's
        bigram, model = bigram[model], first[model] * k + second[model]
        at = np.searchsorted(vocab.sent_pairs, model)
        fid[bigram] = np.where(vocab.sent_pairs[at] == model, vocab.sent_pair_ids[at], self._scorer._unknown)
        return p, fid, weight / np.sqrt(np.bincount(p))[p]

    def _window(self, name: str, weight: float, pair: np.ndarray, tok: np.ndarray, span: int,
                empty: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """One window block as (pair, feature id, value) from its tokens (``pair``, ``tok``) and
        for the pairs ``empty`` without a token on that side (the one key "<bos>" / "<eos>")."""
        vocab = self._scorer._tokens
        p, t = np.divmod(_distinct(pair * span + tok), span)
        fid = vocab.windows[name][np.minimum(t, len(vocab.token_ids))]
        return [(p, fid, weight / np.sqrt(np.bincount(p))[p]),
                (empty, np.full(len(empty), vocab.empty_side[name]), np.full(len(empty), weight / math.sqrt(1)))]


def iter_feature_dicts(extractor: FeatureExtractor, pairs: Iterable[tuple[str, int, int]]) -> list[dict[str, float]]:
    """Extract feature dicts for (text, start, end) triples (used by training)."""
    return [extractor.extract(t, s, e) for t, s, e in pairs]

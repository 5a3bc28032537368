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
"""

from __future__ import annotations

import json
import math
import re
import warnings
from itertools import repeat
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

LABELS: tuple[str, str, str] = ("negative", "neutral", "positive")
DEFAULT_MODEL_DIR: Path = Path(__file__).resolve().parent.parent / "models" / "stance-fast"

TARGET_TOKEN = "<t>"
QUOTE_TOKEN = '"'

_QUOTE_TRANS = str.maketrans(
    {
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
)
# words, the n't clitic (split off), 's-like clitics, numbers, single symbols
_TOKEN_RE = re.compile(r"[a-z]+(?=n't)|n't|[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9']")

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
    return low if low.isascii() else low.translate(_QUOTE_TRANS)


def tokenize(text: str) -> list[str]:
    """Normalise ``text`` (see :func:`normalize`) and split it into tokens."""
    return _TOKEN_RE.findall(normalize(text))


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
        self.lexicon: Mapping[str, float] = lexicon if lexicon is not None else (load_vader_lexicon() if self.use_lexicon else {})

    # ------------------------------------------------------------------ main
    def extract(self, text: str, start: int, end: int) -> dict[str, float]:
        """Return ``{feature name: value}`` for the target ``text[start:end]``."""
        norm = normalize(text)
        if len(norm) == len(text):
            findall = _TOKEN_RE.findall
            left = findall(norm, 0, start)
            right = findall(norm, end)
            mention = findall(norm, start, end)
        else:  # lower-casing changed the length (rare Unicode); fall back to slicing first
            left = tokenize(text[:start])
            right = tokenize(text[end:])
            mention = tokenize(text[start:end])
            norm = text.translate(_QUOTE_TRANS)  # same length; only used to count quotes
        full = left + [TARGET_TOKEN] + right
        nl = len(left)
        blocks: dict[str, set[str]] = {}

        # sentence n-grams with the target masked
        sent = set(full)
        if self.sentence_ngrams >= 2:
            sent.update(map(" ".join, zip(full, full[1:])))
        blocks["s"] = sent

        # n-grams that include the placeholder (captures "<t> accused", "accused <t>")
        tg: set[str] = set()
        for n in range(2, self.target_ngrams + 1):
            for i in range(max(0, nl - n + 1), nl + 1):
                gram = full[i : i + n]
                if len(gram) == n:
                    tg.add(" ".join(gram))
        if tg:
            blocks["g"] = tg

        # context windows (bag of words) of several widths
        for w in self.windows:
            blocks["l%d" % w] = set(left[-w:]) if left else {"<bos>"}
            blocks["r%d" % w] = set(right[:w]) if right else {"<eos>"}

        # words at fixed offsets
        if self.offsets:
            off: set[str] = set()
            for k in range(1, self.offsets + 1):
                off.add("-%d %s" % (k, left[-k] if k <= nl else "<bos>"))
                off.add("+%d %s" % (k, right[k - 1] if k <= len(right) else "<eos>"))
            blocks["o"] = off

        if self.mention_tokens:
            m = set(mention) or {"<empty>"}
            if len(mention) == 1 and mention[0] in _PRONOUNS:
                m.add("<pronoun>")
            blocks["m"] = m

        feats: dict[str, float] = {}
        bw = self.block_weights
        for name, keys in blocks.items():
            if not keys:
                continue
            val = bw.get(name, 1.0) / math.sqrt(len(keys))
            if val == 0.0:
                continue
            feats.update(dict.fromkeys(map((name + "|").__add__, keys), val))

        if self.use_lexicon:
            self._lexicon_features(left, right, feats)
        if self.cues:
            self._cue_features(norm, start, end, left, right, feats)
        return feats

    def _lexicon_features(self, left: list[str], right: list[str], feats: dict[str, float]) -> None:
        """Add dense VADER-lexicon features (window sums, distance weighting)."""
        lex_get = self.lexicon.get
        nl = len(left)

        def polar(tokens: list[str], distance) -> list[tuple[int, float]]:
            """(distance to the target, valence) of the polar words, negation flipping."""
            out: list[tuple[int, float]] = []
            for i, tok in enumerate(tokens):
                v = lex_get(tok)
                if v is not None:
                    if any(t in _NEGATIONS for t in tokens[max(0, i - 3) : i]):
                        v *= -0.74
                    out.append((distance(i), v))
            return out

        pl = polar(left, lambda i: nl - i)
        pr = polar(right, lambda i: i + 1)
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
        feats["x|wl_pos"] = wpos * scale
        feats["x|wl_neg"] = wneg * scale
        feats["x|wr_pos"] = rpos * scale
        feats["x|wr_neg"] = rneg * scale
        feats["x|w_pos"] = (wpos + rpos) * scale
        feats["x|w_neg"] = (wneg + rneg) * scale
        tot = spos - sneg
        # VADER-style normalised compound of the whole sentence
        feats["x|s_comp"] = tot / math.sqrt(tot * tot + 15.0) * bw
        feats["x|s_pos"] = log1p(spos) * scale
        feats["x|s_neg"] = log1p(sneg) * scale
        for k, (_, pk, nk) in enumerate(win_keys):
            feats[pk] = log1p(wp[k]) * scale
            feats[nk] = log1p(wn[k]) * scale
        both = pl or pr
        if self.clause_lexicon:
            # polar words in the same clause as the target (no boundary token in between)
            lb = 0
            for i in range(nl - 1, -1, -1):
                if left[i] in _CLAUSE_BOUNDARIES:
                    lb = nl - i  # distance of the boundary
                    break
            rb = 0
            for i, tok in enumerate(right):
                if tok in _CLAUSE_BOUNDARIES:
                    rb = i + 1
                    break
            cl = [v for d, v in pl if not lb or d < lb] + [v for d, v in pr if not rb or d < rb]
            cpos = sum(v for v in cl if v > 0)
            cneg = -sum(v for v in cl if v < 0)
            feats["x|c_pos"] = log1p(cpos) * scale
            feats["x|c_neg"] = log1p(cneg) * scale
            ctot = cpos - cneg
            feats["x|c_comp"] = ctot / math.sqrt(ctot * ctot + 15.0) * bw
        if self.lex_positional and both:
            # which side / how far the polar words are
            tags = {"y|L" + ("n" if v < 0 else "p") + _bucket(d) for d, v in pl if v != 0.0}
            tags.update("y|R" + ("n" if v < 0 else "p") + _bucket(d) for d, v in pr if v != 0.0)
            if tags:
                val = self.block_weights.get("y", 1.0) / math.sqrt(len(tags))
                for t in tags:
                    feats[t] = val

    def _cue_features(
        self, norm: str, start: int, end: int, left: list[str], right: list[str], feats: dict[str, float]
    ) -> None:
        """Add news cues: quoting, speaker position, negation near the target."""
        w = self.block_weights.get("c", 1.0)
        nq = norm.count('"', 0, start)
        allq = norm.count('"')
        if nq % 2 == 1:
            feats["c|in_quote"] = w
        if allq:
            feats["c|has_quote"] = w
        if any(t in _SPEECH_VERBS for t in right[:3]):
            feats["c|speaker"] = w
        if any(t in _SPEECH_VERBS for t in left[-3:]):
            feats["c|speech_before"] = w
        if any(t in _NEGATIONS for t in right[:4]):
            feats["c|neg_right"] = w
        if any(t in _NEGATIONS for t in left[-4:]):
            feats["c|neg_left"] = w
        if not left:
            feats["c|first"] = w
        if self.conjunctions:
            comp = feats.get("x|s_comp", 0.0) / (self.block_weights.get("x", 1.0) or 1.0)
            if nq % 2 == 1:
                feats["c|in_quote*comp"] = w * comp
            if any(t in _SPEECH_VERBS for t in right[:3]):
                feats["c|speaker*comp"] = w * comp
            if any(t in _NEGATIONS for t in right[:4]) or any(t in _NEGATIONS for t in left[-4:]):
                feats["c|neg_near*comp"] = w * comp
        n = len(left) + len(right) + 1
        feats["c|relpos"] = w * len(left) / n
        feats["c|len"] = w * min(n, 80) / 80.0


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
        # feature-major layout so one gather fetches all three class weights
        # plus one trailing zero row that unknown features point to
        self._coef_t = np.ascontiguousarray(np.vstack([coef.T, np.zeros((1, len(LABELS)))]))
        self._unknown = len(vocab_list)
        self._intercept = intercept
        self.meta = meta
        self._temperature = float(meta.get("temperature", 1.0) or 1.0)
        if not self._temperature > 0:
            raise ValueError(f"temperature must be positive, got {self._temperature}")
        self.extractor = FeatureExtractor(meta["feature_settings"])
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

    def _encode(self, texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return (row start offsets, feature ids, values) of the features of every pair.

        Unknown features map to an extra all-zero coefficient row, which avoids
        filtering in Python.  Every pair has at least one feature.
        """
        vocab_get = self.vocab.get
        extract = self.extractor.extract
        unknown = repeat(self._unknown)
        lengths: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        for text, (start, end) in zip(texts, spans):
            feats = extract(text, int(start), int(end))
            if not feats:
                feats = {"<none>": 0.0}
            cols.extend(map(vocab_get, feats.keys(), unknown))
            vals.extend(feats.values())
            lengths.append(len(feats))
        offsets = np.zeros(len(lengths), dtype=np.int64)
        np.cumsum(lengths[:-1], out=offsets[1:])
        return offsets, np.asarray(cols, dtype=np.int64), np.asarray(vals, dtype=np.float64)

    def decision_function(self, texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """Unnormalised class scores (linear model output), shape (n, 3)."""
        validate_spans(texts, spans)
        if len(texts) == 0:
            return np.zeros((0, len(LABELS)), dtype=np.float64)
        offsets, cols, vals = self._encode(texts, spans)
        contrib = self._coef_t[cols]
        contrib *= vals[:, None]
        scores = np.add.reduceat(contrib, offsets, axis=0)
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


def iter_feature_dicts(extractor: FeatureExtractor, pairs: Iterable[tuple[str, int, int]]) -> list[dict[str, float]]:
    """Extract feature dicts for (text, start, end) triples (used by training)."""
    return [extractor.extract(t, s, e) for t, s, e in pairs]

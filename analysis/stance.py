"""Targeted stance: how each sentence leans toward each actor it mentions, and per-outlet aggregates.

For every (sentence, actor) pair of the mentions table a scorer gives probabilities for
negative / neutral / positive toward that actor; the pair's ``score`` is P(positive) -
P(negative) in [-1, 1] and its ``label`` the most probable class. When an actor is mentioned
several times in one sentence, the probabilities of its mentions are averaged. Two actors of one
sentence are scored independently (each with its own mention marked).

Scorers (all trained only on NewsMTSC train.jsonl, CPU only, nothing downloaded):
``accurate`` (fine-tuned MiniLM run by onnxruntime), ``fast`` (linear model over target-aware
features), and ``vader`` (whole-sentence VADER, the baseline; not targeted).
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd

__all__ = [
    "LABELS", "POLARITY", "STANCE_COLUMNS", "AGG_COLUMNS", "EVIDENCE_COLUMNS", "Scorer", "VaderScorer",
    "get_scorer", "choose_scorer", "AUTO_ACCURATE_LIMIT", "score_mentions", "aggregate_stances",
    "bootstrap_ci", "bootstrap_cis", "EXACT_BOOTSTRAP_MAX", "evidence", "merge_evidence", "highlight", "read_newsmtsc", "score_newsmtsc", "classification_report",
    "model_card",
]

LABELS: tuple[str, str, str] = ("negative", "neutral", "positive")
POLARITY: dict[float, str] = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
_POLARITY_OF = {v: k for k, v in POLARITY.items()}
AUTO_ACCURATE_LIMIT = 100_000

STANCE_COLUMNS = [
    "doc_id", "sent_id", "actor", "score", "label", "p_negative", "p_neutral", "p_positive",
    "n_mentions", "mention_start", "mention_end", "in_quote", "voice", "speaker", "method",
]
AGG_COLUMNS = [
    "outlet", "actor", "voice", "n", "mean_score", "ci_low", "ci_high", "share_negative",
    "share_neutral", "share_positive", "method",
]
EVIDENCE_COLUMNS = ["outlet", "actor", "direction", "rank", "doc_id", "sent_id", "score", "label", "voice", "speaker", "text", "html"]


class Scorer(Protocol):
    """Anything that turns (text, target span) pairs into class probabilities."""

    name: str

    def predict_proba(self, texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """(n, 3) probabilities, columns negative / neutral / positive."""
        ...


class VaderScorer:
    """Whole-sentence VADER (the vaderSentiment package's analyser and lexicon, offline).

    Not targeted: both actors of a sentence get the same score. The baseline the others beat.
    Compound >= 0.05 is positive, <= -0.05 negative (VADER's own thresholds).
    """

    name = "vader"

    def __init__(self) -> None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self._sia = SentimentIntensityAnalyzer()

    def predict_proba(self, texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """One-hot-ish probabilities from the compound score of each whole text."""
        out = np.zeros((len(texts), 3))
        for i, text in enumerate(texts):
            c = self._sia.polarity_scores(text)["compound"]
            out[i] = (1.0, 0.0, 0.0) if c <= -0.05 else (0.0, 0.0, 1.0) if c >= 0.05 else (0.0, 1.0, 0.0)
        return out


@lru_cache(maxsize=4)
def get_scorer(name: str) -> Scorer:
    """The scorer called ``accurate``, ``fast`` or ``vader`` (loaded once per process)."""
    if name == "accurate":
        from .scorers.accurate import AccurateScorer

        return AccurateScorer()
    if name == "fast":
        from .scorers.fast import FastScorer

        return FastScorer()
    if name == "vader":
        return VaderScorer()
    raise ValueError(f"unknown scorer '{name}' (choose accurate, fast or vader)")


def choose_scorer(name: str, n_pairs: int) -> str:
    """Resolve ``auto``: the accurate scorer up to AUTO_ACCURATE_LIMIT pairs, the fast one above."""
    if name == "auto":
        return "accurate" if n_pairs <= AUTO_ACCURATE_LIMIT else "fast"
    return name


def _method(scorer: Scorer) -> str:
    """A label saying which scorer (and model version) produced a score."""
    meta = getattr(scorer, "meta", None)
    version = meta.get("version") if isinstance(meta, dict) else None
    return f"{scorer.name}" + (f" ({version})" if version else "")


def score_mentions(
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    scorer: str | Scorer = "auto",
    speakers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The stances table: one row per (sentence, actor) with score, label and class probabilities.

    Only counted mentions are scored. ``voice`` is "quote" when every mention of the actor in the
    sentence lies inside a direct quotation, else "outlet"; ``speaker`` comes from ``speakers``
    (columns doc_id, sent_id, speaker) where known.
    """
    if len(mentions):
        mentions = mentions[mentions["counted"].astype(bool)]
    if len(mentions) == 0 or len(sentences) == 0:
        return pd.DataFrame(columns=STANCE_COLUMNS)
    sent = sentences.set_index(["doc_id", "sent_id"])[["start", "text"]].rename(columns={"start": "start_sent"})
    joined = mentions.join(sent, on=["doc_id", "sent_id"])
    texts = joined["text"].tolist()
    spans = list(zip((joined["start"] - joined["start_sent"]).tolist(), (joined["end"] - joined["start_sent"]).tolist()))
    if isinstance(scorer, str):
        scorer = get_scorer(choose_scorer(scorer, len(texts)))
    proba = np.asarray(scorer.predict_proba(texts, spans), dtype=float)
    joined = joined.assign(p_negative=proba[:, 0], p_neutral=proba[:, 1], p_positive=proba[:, 2])
    g = joined.groupby(["doc_id", "sent_id", "actor"], sort=False)
    out = g.agg(
        p_negative=("p_negative", "mean"), p_neutral=("p_neutral", "mean"), p_positive=("p_positive", "mean"),
        n_mentions=("start", "size"), mention_start=("start", "min"), mention_end=("end", "first"),
        in_quote=("in_quote", "all"),
    ).reset_index()
    p = out[["p_negative", "p_neutral", "p_positive"]].to_numpy()
    out["score"] = (out["p_positive"] - out["p_negative"]).clip(-1, 1)
    out["label"] = np.array(LABELS)[p.argmax(axis=1)]
    out["in_quote"] = out["in_quote"].astype(bool)
    out["voice"] = np.where(out["in_quote"], "quote", "outlet")
    out["speaker"] = ""
    if speakers is not None and len(speakers):
        sp = speakers.drop_duplicates(["doc_id", "sent_id"]).set_index(["doc_id", "sent_id"])["speaker"]
        keys = list(zip(out["doc_id"], out["sent_id"]))
        out["speaker"] = [sp.get(k, "") if q else "" for k, q in zip(keys, out["in_quote"])]
    out["method"] = _method(scorer)
    return out[STANCE_COLUMNS]


EXACT_BOOTSTRAP_MAX = 5000


@lru_cache(maxsize=256)
def _boot_index(n: int, n_boot: int, seed: int) -> np.ndarray:
    """The resampling indices of a group of n values (the same for every group of that size)."""
    return np.random.default_rng(seed).integers(0, n, size=(n_boot, n))


def bootstrap_ci(values: np.ndarray, *, n_boot: int = 2000, level: float = 0.95, seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean over the given values (NaN for fewer than 2).

    Up to EXACT_BOOTSTRAP_MAX values the seeded percentile bootstrap; above, the normal interval
    mean ± z·s/√n, which the bootstrap distribution of a mean of that many values matches to
    well under the interval's own sampling error (and which costs nothing at a million sentences).
    """
    lo, hi = bootstrap_cis([np.asarray(values, dtype=float)], n_boot=n_boot, level=level, seed=seed)
    return float(lo[0]), float(hi[0])


def bootstrap_cis(groups: Sequence[np.ndarray], *, n_boot: int = 2000, level: float = 0.95, seed: int = 0
                  ) -> tuple[np.ndarray, np.ndarray]:
    """:func:`bootstrap_ci` of many groups at once: groups of one size share their resampling indices."""
    lo = np.full(len(groups), np.nan)
    hi = np.full(len(groups), np.nan)
    alpha = (1 - level) / 2
    by_size: dict[int, list[int]] = {}
    for i, g in enumerate(groups):
        by_size.setdefault(len(g), []).append(i)
    for n, members in by_size.items():
        if n < 2:
            continue
        if n > EXACT_BOOTSTRAP_MAX:
            from statistics import NormalDist

            z = NormalDist().inv_cdf(1 - alpha)
            for i in members:
                v = np.asarray(groups[i], dtype=float)
                half = z * v.std(ddof=1) / np.sqrt(n)
                lo[i], hi[i] = v.mean() - half, v.mean() + half
            continue
        idx = _boot_index(n, n_boot, seed)
        step = max(1, 2_000_000 // (n_boot * n))
        for k in range(0, len(members), step):
            chunk = members[k:k + step]
            V = np.stack([np.asarray(groups[i], dtype=float) for i in chunk])
            means = V[:, idx].mean(axis=2)
            lo[chunk] = np.quantile(means, alpha, axis=1)
            hi[chunk] = np.quantile(means, 1 - alpha, axis=1)
    return lo, hi


def aggregate_stances(
    stances: pd.DataFrame,
    docs: pd.DataFrame,
    *,
    by: str = "outlet",
    voices: Sequence[str] = ("all", "outlet", "quote"),
    n_boot: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """Per outlet (``by="outlet"``) or document (``by="doc_id"``) × actor × voice: n, mean score,
    a bootstrap interval over sentences, and class shares.

    ``voice`` "outlet" keeps the outlet's own sentences (mention outside quotes), "quote" the
    quoted ones, "all" both. The bootstrap is seeded, so the table is reproducible; groups are
    taken in sorted order within each voice (per document: documents in corpus order).
    """
    cols = [by if by != "outlet" else "outlet"] + AGG_COLUMNS[1:]
    if len(stances) == 0:
        return pd.DataFrame(columns=cols if by == "outlet" else ["doc_id", "outlet"] + AGG_COLUMNS[1:])
    frame = stances.merge(docs[["doc_id", "outlet"]], on="doc_id", how="left")
    keys = ["outlet"] if by == "outlet" else ["doc_id", "outlet"]
    parts: list[pd.DataFrame] = []
    for voice in voices:
        sub = frame if voice == "all" else frame[frame["voice"] == voice]
        if len(sub) == 0:
            continue
        sub = sub.sort_values(keys + ["actor"], kind="stable")
        g = sub.groupby(keys + ["actor"], sort=False)
        out = g.size().rename("n").reset_index()
        scores = sub["score"].to_numpy(dtype=float)
        bounds = np.r_[0, np.cumsum(out["n"].to_numpy())]
        groups = [scores[bounds[i]:bounds[i + 1]] for i in range(len(out))]
        out["mean_score"] = [float(v.mean()) for v in groups]
        lo, hi = bootstrap_cis(groups, n_boot=n_boot, seed=seed)
        out["ci_low"], out["ci_high"] = lo, hi
        for label in LABELS:
            out[f"share_{label}"] = (sub["label"] == label).groupby([sub[k] for k in keys + ["actor"]], sort=False).sum().to_numpy() / out["n"]
        methods = g["method"].agg(lambda m: ", ".join(sorted(set(m)))) if sub["method"].nunique() > 1 else None
        out["method"] = methods.to_numpy() if methods is not None else sub["method"].iloc[0]
        out["voice"] = voice
        parts.append(out)
    out = pd.concat(parts, ignore_index=True)
    order = keys + ["actor", "voice", "n", "mean_score", "ci_low", "ci_high", "share_negative", "share_neutral", "share_positive", "method"]
    if by != "outlet":  # document by document (in corpus order), so that batches concatenate to the whole
        pos = {d: i for i, d in enumerate(docs["doc_id"])}
        out = out.assign(_pos=out["doc_id"].map(pos)).sort_values("_pos", kind="stable").reset_index(drop=True)
    return out[order]


def highlight(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """HTML of a sentence with the given spans (relative offsets) wrapped in <mark>; all text escaped."""
    parts: list[str] = []
    pos = 0
    for a, b in sorted(spans):
        if a < pos:
            continue
        parts.append(html.escape(text[pos:a]))
        parts.append("<mark>" + html.escape(text[a:b]) + "</mark>")
        pos = b
    parts.append(html.escape(text[pos:]))
    return "".join(parts)


def _strongest(frame: pd.DataFrame, k: int) -> pd.DataFrame:
    """Per outlet × actor the k highest positive and the k lowest negative scores (ties: the earlier row),
    with ``direction`` and ``rank``, ordered by outlet, actor, direction (positive first) and rank."""
    frame = frame.assign(_i=np.arange(len(frame)))
    picked = []
    for direction, sign in (("positive", 1), ("negative", -1)):
        part = frame[frame["score"] * sign > 0].assign(_key=lambda f, s=sign: -s * f["score"])
        part = part.sort_values(["outlet", "actor", "_key", "_i"], kind="stable").groupby(["outlet", "actor"], sort=False).head(k)
        picked.append(part.assign(direction=direction, _d=0 if sign > 0 else 1,
                                  rank=part.groupby(["outlet", "actor"], sort=False).cumcount() + 1))
    sel = pd.concat(picked, ignore_index=True).sort_values(["outlet", "actor", "_d", "rank"], kind="stable")
    return sel.drop(columns=["_i", "_key", "_d"]).reset_index(drop=True)


def evidence(
    stances: pd.DataFrame,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    docs: pd.DataFrame,
    *,
    k: int = 3,
) -> pd.DataFrame:
    """For every outlet × actor, the k sentences that pull its mean most up and most down.

    "Up" are the k highest positive scores, "down" the k lowest negative ones (ties: the earlier
    sentence). Each row carries the sentence text and an HTML version with the actor's mentions
    marked (escaped, so it is safe to show in a report).
    """
    if len(stances) == 0:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    sel = _strongest(stances.merge(docs[["doc_id", "outlet"]], on="doc_id"), k)
    if len(sel) == 0:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    sel = sel.merge(sentences[["doc_id", "sent_id", "start", "text"]].rename(columns={"start": "sent_start"}),
                    on=["doc_id", "sent_id"], how="left")
    counted = mentions[mentions["counted"].astype(bool)]
    ment = counted.merge(sel[["doc_id", "sent_id", "actor"]].drop_duplicates(), on=["doc_id", "sent_id", "actor"])
    spans = ment.groupby(["doc_id", "sent_id", "actor"])[["start", "end"]].agg(list)
    html_rows = []
    for rec in sel.itertuples():
        starts, ends = spans.loc[(rec.doc_id, rec.sent_id, rec.actor)]
        html_rows.append(highlight(rec.text, [(s - rec.sent_start, e - rec.sent_start) for s, e in zip(starts, ends)]))
    sel["html"] = html_rows
    return sel[EVIDENCE_COLUMNS].reset_index(drop=True)


def merge_evidence(parts: Sequence[pd.DataFrame], *, k: int = 3) -> pd.DataFrame:
    """The evidence table from per-batch evidence tables (batches in corpus order).

    Each batch's table holds its best candidates per outlet × actor × direction; the merged
    table keeps the k strongest of all candidates (ties: the earlier sentence) and renumbers
    ``rank``, which gives :func:`evidence` of the whole corpus whatever the batches were.
    """
    frames = [p for p in parts if len(p)]
    if not frames:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    frame = pd.concat(frames, ignore_index=True).drop(columns=["rank", "direction"])
    return _strongest(frame, k)[EVIDENCE_COLUMNS]


def model_card(scorer: Scorer) -> dict[str, object]:
    """The key facts of a scorer's shipped model, read from its meta.json (both model formats).

    Figures are those recorded when the model was built; bench/stance.py re-measures them.
    """
    meta = getattr(scorer, "meta", None) or {}
    card: dict[str, object] = {"scorer": scorer.name, "model": meta.get("model") or meta.get("base_model", "")}
    dev = (meta.get("eval_shipped") or {}).get("dev") or meta.get("devtest_rw") or {}
    card["devtest_rw macro-F1"] = dev.get("macro_f1")
    card["devtest_rw accuracy"] = dev.get("accuracy")
    training = meta.get("training") or {}
    card["training data"] = training.get("data") or (meta.get("training_data") or {}).get("file")
    seconds = training.get("train_wall_seconds") or meta.get("training_seconds")
    card["training time (s)"] = round(float(seconds), 1) if seconds else None
    if "quantization" in meta:
        card["quantisation"] = meta["quantization"]
    return {k: v for k, v in card.items() if v not in (None, "")}


# --- NewsMTSC-format files: score your own coding, validate against it -------------------------

def read_newsmtsc(path: str | Path) -> list[dict]:
    """Read a NewsMTSC-format JSONL file; a bad line or target raises ValueError naming file and line."""
    path = Path(path)
    records: list[dict] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise ValueError(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not valid UTF-8 at byte offset {exc.start}") from None
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: line {n}: invalid JSON ({exc.msg})") from None
        text = rec.get("sentence_normalized") if isinstance(rec, dict) else None
        if not isinstance(text, str) or not isinstance(rec.get("targets"), list):
            raise ValueError(f"{path}: line {n}: needs 'sentence_normalized' (string) and 'targets' (list)")
        for t, target in enumerate(rec["targets"]):
            a, b = target.get("from"), target.get("to")
            if not (isinstance(a, int) and isinstance(b, int) and 0 <= a < b <= len(text)):
                raise ValueError(f"{path}: line {n}: target {t}: 'from'/'to' must be offsets into the sentence")
            if "polarity" in target and target["polarity"] not in POLARITY:
                raise ValueError(f"{path}: line {n}: target {t}: polarity must be 2.0, 4.0 or 6.0")
        records.append(rec)
    return records


def score_newsmtsc(records: list[dict], *, scorer: str | Scorer = "accurate") -> list[dict]:
    """Add ``predicted_polarity`` (2.0 / 4.0 / 6.0) and ``score`` to every target of the records."""
    pairs = [(rec["sentence_normalized"], (t["from"], t["to"])) for rec in records for t in rec["targets"]]
    if isinstance(scorer, str):
        scorer = get_scorer(choose_scorer(scorer, len(pairs)))
    proba = scorer.predict_proba([p[0] for p in pairs], [p[1] for p in pairs]) if pairs else np.zeros((0, 3))
    out: list[dict] = []
    k = 0
    for rec in records:
        rec = json.loads(json.dumps(rec))
        for t in rec["targets"]:
            p = proba[k]
            t["predicted_polarity"] = _POLARITY_OF[LABELS[int(np.argmax(p))]]
            t["score"] = round(float(p[2] - p[0]), 6)
            k += 1
        rec["scorer"] = _method(scorer)
        out.append(rec)
    return out


def classification_report(gold: Sequence[str], pred: Sequence[str]) -> dict:
    """Accuracy, macro-F1, per-class precision / recall / F1 / support and the confusion matrix.

    Rows of the confusion matrix are the gold classes, columns the predicted ones, in LABELS order.
    A class never predicted has precision 0 (and so does its F1), as in scikit-learn with
    zero_division=0.
    """
    gold, pred = list(gold), list(pred)
    if len(gold) != len(pred):
        raise ValueError("gold and predicted labels differ in length")
    idx = {c: i for i, c in enumerate(LABELS)}
    cm = np.zeros((3, 3), dtype=int)
    for g, p in zip(gold, pred):
        cm[idx[g], idx[p]] += 1
    per_class = {}
    for c, i in idx.items():
        tp = cm[i, i]
        prec = tp / cm[:, i].sum() if cm[:, i].sum() else 0.0
        rec = tp / cm[i, :].sum() if cm[i, :].sum() else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per_class[c] = {"precision": float(prec), "recall": float(rec), "f1": float(f1), "support": int(cm[i, :].sum())}
    n = int(cm.sum())
    return {
        "n": n,
        "accuracy": float(np.trace(cm) / n) if n else float("nan"),
        "macro_f1": float(np.mean([v["f1"] for v in per_class.values()])) if n else float("nan"),
        "per_class": per_class,
        "confusion": cm.tolist(),
    }

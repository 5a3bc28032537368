"""Validation of the stance scorers against hand coding: NewsMTSC-format files in and out,
accuracy / macro-F1 / per-class figures, and the shipped models' cards."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from analysis.stance.scoring import LABELS, Scorer, _method, choose_scorer, get_scorer

POLARITY: dict[float, str] = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}


_POLARITY_OF = {v: k for k, v in POLARITY.items()}


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
    if seconds:  # a fine-tuned model's time includes the runs that made its initial weights
        seconds += sum(float(t.get("train_wall_seconds") or 0) for t in training.get("init_training", []))
    card["training time (s)"] = round(float(seconds), 1) if seconds else None
    if "quantization" in meta:
        card["quantisation"] = meta["quantization"]
    return {k: v for k, v in card.items() if v not in (None, "")}


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


def stance_command(args: argparse.Namespace) -> int:
    """`stance`: score every target of a NewsMTSC-format file and write the records back with predictions."""
    records = score_newsmtsc(read_newsmtsc(args.input), scorer=args.scorer)
    with open(args.output, "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    n = sum(len(r["targets"]) for r in records)
    print(f"scored {n} target(s) in {len(records)} sentence(s) with the {args.scorer} scorer -> {args.output}")
    return 0


def validate_command(args: argparse.Namespace) -> int:
    """`validate`: compare predicted with hand-coded polarity and print the metrics."""
    gold = read_newsmtsc(args.gold)
    pred = read_newsmtsc(args.predictions) if args.predictions else score_newsmtsc(gold, scorer=args.scorer)
    if len(pred) != len(gold) or any(len(p["targets"]) != len(g["targets"]) for p, g in zip(pred, gold)):
        raise ValueError(f"{args.predictions}: records do not line up with {args.gold}")
    g_lab, p_lab = [], []
    for n, (g, p) in enumerate(zip(gold, pred), start=1):
        for t, (gt, pt) in enumerate(zip(g["targets"], p["targets"])):
            if "polarity" not in gt:
                raise ValueError(f"{args.gold}: line {n}: target {t} has no polarity")
            if pt.get("predicted_polarity") not in POLARITY:
                raise ValueError(f"{args.predictions}: line {n}: target {t} has no predicted_polarity")
            g_lab.append(POLARITY[gt["polarity"]])
            p_lab.append(POLARITY[pt["predicted_polarity"]])
    rep = classification_report(g_lab, p_lab)
    if args.json:
        print(json.dumps(rep, indent=2))
        return 0
    source = args.predictions or f"the {args.scorer} scorer"
    print(f"{rep['n']} targets, predictions from {source}")
    print(f"accuracy  {rep['accuracy']:.4f}\nmacro-F1  {rep['macro_f1']:.4f}")
    print(f"{'class':<10}{'precision':>10}{'recall':>8}{'F1':>8}{'support':>9}")
    for c in LABELS:
        m = rep["per_class"][c]
        print(f"{c:<10}{m['precision']:>10.4f}{m['recall']:>8.4f}{m['f1']:>8.4f}{m['support']:>9}")
    print("confusion matrix (rows gold, columns predicted: " + " / ".join(LABELS) + ")")
    for c, row in zip(LABELS, rep["confusion"]):
        print(f"{c:<10}" + "".join(f"{v:>9}" for v in row))
    return 0

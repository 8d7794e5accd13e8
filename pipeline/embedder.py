"""The one embedding interface used by the whole product.

`Embedder` turns texts into float32, L2-normalised row vectors; queries and passages are embedded
separately because retrieval models (e5) prefix them differently. Implementations:

* `OnnxEmbedder` — the converted multilingual-e5-small through ONNX Runtime (the default for
  queries and builds once `make setup` exported it; no torch);
* `SentenceTransformerEmbedder` — any local sentence-transformers directory (the reference, and
  what a user's own model behind KB_MODEL_DIR runs on);
* `FakeEmbedder` — deterministic character n-gram hashing, no model, for unit tests.

Importing this module is cheap: torch, sentence-transformers and llama-index are imported only
when a real model or the llama-index adapter is actually requested.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import threading
import unicodedata
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from pipeline import config
from pipeline.errors import InputError, ModelError

if TYPE_CHECKING:
    from llama_index.core.embeddings import BaseEmbedding

DEFAULT_BATCH_SIZE = 32
DEFAULT_MAX_SEQ_LENGTH = 512
SETUP_FIX = "make setup（または .venv/bin/python -m pipeline.e5convert）"

# Small files that define how a directory tokenises, pools and prompts; part of every fingerprint.
_CONFIG_FILES = (
    "config.json",
    "modules.json",
    "sentence_bert_config.json",
    "config_sentence_transformers.json",
    "1_Pooling/config.json",
    "tokenizer_config.json",
    "tokenizer.json",
)


class Embedder:
    """Base class: subclasses set `name` and `dim` and implement `_embed`."""

    name: str
    dim: int

    @property
    def fingerprint(self) -> str:
        """Return a short hex id of the model; an index built with another fingerprint is stale."""
        raise NotImplementedError

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Return float32 (len(texts), dim) unit rows for search queries."""
        return self._checked(texts, "query")

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Return float32 (len(texts), dim) unit rows for documents / chunks."""
        return self._checked(texts, "passage")

    def _embed(self, texts: list[str], kind: str) -> np.ndarray:
        raise NotImplementedError

    def _checked(self, texts: Sequence[str], kind: str) -> np.ndarray:
        if isinstance(texts, str):  # a bare string would silently embed each character
            raise TypeError("texts must be a list of strings, not a single string")
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = np.asarray(self._embed(texts, kind), dtype=np.float32).reshape(len(texts), self.dim)
        return _normalise(out)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, dim={self.dim})"


def _normalise(x: np.ndarray) -> np.ndarray:
    """Return a C-contiguous float32 copy of `x` with unit-length rows (zero rows stay zero)."""
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.ascontiguousarray(x / np.maximum(norms, 1e-12), dtype=np.float32)


# --------------------------------------------------------------------------- real model


def model_fingerprint(model_dir: Path | str) -> str:
    """Return a hex id of a sentence-transformers directory without loading it.

    Directories made by pipeline.e5convert are identified by their conversion record (the source
    file's sha256 and the converter version determine the weights) plus the config files, so this
    costs milliseconds. Other directories have their weight files hashed too (once per process).
    """
    return _fingerprint(str(Path(model_dir).resolve()), _dir_stamp(Path(model_dir)))


def _dir_stamp(model_dir: Path) -> tuple:
    """Return (name, size, mtime) of every file, so the fingerprint cache notices rewrites."""
    try:
        return tuple(sorted((str(p.relative_to(model_dir)), p.stat().st_size, p.stat().st_mtime_ns)
                            for p in model_dir.rglob("*") if p.is_file()))
    except OSError:
        return ()


@functools.lru_cache(maxsize=8)
def _fingerprint(model_dir: str, stamp: tuple) -> str:
    """Return the fingerprint of `model_dir`; `stamp` only keys the cache."""
    root = Path(model_dir)
    h = hashlib.sha256()
    for rel in _CONFIG_FILES:
        p = root / rel
        if p.is_file():
            h.update(rel.encode() + b"\0" + p.read_bytes() + b"\0")
    record = root / "conversion.json"
    if record.is_file():
        rec = json.loads(record.read_text(encoding="utf-8"))
        h.update(f"converted:{rec.get('source_sha256')}:{rec.get('converter_version')}".encode())
    else:
        for p in sorted(root.rglob("*")):
            if p.is_file() and p.suffix in (".safetensors", ".bin", ".pt", ".onnx"):
                h.update(str(p.relative_to(root)).encode() + b"\0")
                with p.open("rb") as f:
                    while chunk := f.read(1 << 20):
                        h.update(chunk)
    return h.hexdigest()[:16]


def _check_model_dir(model_dir: Path) -> None:
    """Raise ModelError unless `model_dir` looks like a sentence-transformers directory."""
    if not model_dir.is_dir():
        raise ModelError(f"埋め込みモデルのディレクトリ {model_dir} がありません。", fix=SETUP_FIX)
    if not (model_dir / "modules.json").is_file():
        raise ModelError(
            f"{model_dir} は sentence-transformers 形式のモデルではありません（modules.json がありません）。"
            "KB_MODEL_DIR を確認するか、モデルを作り直してください。",
            fix=SETUP_FIX,
        )
    if (model_dir / "conversion.json").is_file():  # ours: we know what every file must be
        from .e5convert import verify_outputs

        damaged = verify_outputs(model_dir)
        if damaged:
            raise ModelError(f"埋め込みモデルのファイル {damaged} がないか、壊れています（変換時と内容が違います）。",
                             fix=SETUP_FIX)


def _configure_threads(threads: int | None) -> None:
    """Set torch's thread count, unless the user already chose one through OMP/MKL_NUM_THREADS."""
    import torch

    if threads is None:
        if os.environ.get("OMP_NUM_THREADS") or os.environ.get("MKL_NUM_THREADS"):
            return  # torch already honours these
        # Past ~4 threads a model this small stops scaling, and the rest of the pipeline needs cores too.
        threads = min(4, os.cpu_count() or 1)
    torch.set_num_threads(threads)


@contextlib.contextmanager
def _torch_threads(count: int):
    """Run the block with torch using `count` threads, then restore the previous setting."""
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


class SentenceTransformerEmbedder(Embedder):
    """Embedder backed by a local sentence-transformers directory, on CPU, never touching the hub."""

    def __init__(
        self,
        model_dir: Path | str | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        max_seq_length: int = DEFAULT_MAX_SEQ_LENGTH,
        threads: int | None = None,
    ):
        self.model_dir = Path(model_dir) if model_dir is not None else config.MODEL_DIR
        self.batch_size = batch_size
        self._lock = threading.Lock()
        _check_model_dir(self.model_dir)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        _configure_threads(threads)
        self._model = _load_sentence_transformer(self.model_dir)
        limit = self._model.max_seq_length or max_seq_length
        self._model.max_seq_length = min(limit, max_seq_length)

        dim = (getattr(self._model, "get_embedding_dimension", None)
               or self._model.get_sentence_embedding_dimension)()
        if not dim:
            raise ModelError(f"{self.model_dir} の埋め込み次元を判定できません。", fix=SETUP_FIX)
        self.dim = int(dim)
        self.name = _model_name(self.model_dir)
        prompts = dict(self._model.prompts or {})
        # e5 defines query/passage; other models may use "document" or no prompts at all.
        self._prompt_names = {
            "query": "query" if "query" in prompts else None,
            "passage": next((p for p in ("passage", "document") if p in prompts), None),
        }

    @functools.cached_property
    def fingerprint(self) -> str:
        return model_fingerprint(self.model_dir)

    @property
    def prompts(self) -> dict[str, str]:
        """Return the prefix actually prepended for "query" and "passage" ('' when none)."""
        return {k: (self._model.prompts.get(v, "") if v else "") for k, v in self._prompt_names.items()}

    def _embed(self, texts: list[str], kind: str) -> np.ndarray:
        # One encode at a time per model: torch's thread count is process-wide (switching it from two
        # sessions at once would leave it wrong for both) and a fast tokenizer must not be used from
        # two threads at once. Queries take ~15–30 ms, so app sessions queue briefly rather than race.
        with self._lock:
            if kind == "query" and len(texts) <= 4:
                # A single query is too small to split across cores: on a shared 2-core machine a second
                # thread mostly waits for the other's core (p95 went from ~35 ms to ~1 s under load).
                with _torch_threads(1):
                    return self._encode(texts, kind)
            return self._encode(texts, kind)

    def _encode(self, texts: list[str], kind: str) -> np.ndarray:
        # encode() sorts by length for padding efficiency and returns rows in input order.
        return self._model.encode(
            texts,
            prompt_name=self._prompt_names[kind],
            batch_size=self.batch_size,
            show_progress_bar=False,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )

    def tokenize(self, texts: list[str], kind: str = "passage") -> list[list[int]]:
        """Return the token ids the model sees (prompt included, truncated like encode())."""
        prefix = self.prompts[kind]
        enc = self._model.tokenizer([prefix + t for t in texts], truncation=True,
                                    max_length=self._model.max_seq_length)
        return [list(ids) for ids in enc["input_ids"]]


def _load_sentence_transformer(model_dir: Path) -> Any:
    """Return a SentenceTransformer for `model_dir`, or raise ModelError explaining why it can't."""
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging
    except ImportError as e:
        raise ModelError(f"sentence-transformers を読み込めません: {e}", fix="make setup") from None
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()  # "Loading weights" bars are noise in a CLI
    try:
        return SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    except Exception as e:  # transformers raises many types (OSError, ValueError, safetensors errors…)
        raise ModelError(
            f"埋め込みモデル {model_dir} を読み込めません（{type(e).__name__}: {e}）。壊れている可能性があります。",
            fix=SETUP_FIX,
        ) from e
    finally:
        if bars:
            hf_logging.enable_progress_bar()


def _model_name(model_dir: Path) -> str:
    """Return the upstream model id recorded by the converter, else the directory name."""
    try:
        rec = json.loads((model_dir / "conversion.json").read_text(encoding="utf-8"))
        return str(rec["upstream_model"])
    except (OSError, ValueError, KeyError):
        return model_dir.name


class OnnxEmbedder(Embedder):
    """The converted e5 through ONNX Runtime: no torch, ~0.2 s to load, about half the time per query.

    Same token ids (pipeline.unigram, without parsing tokenizer.json), same prompts, same mean
    pooling as the sentence-transformers directory it was exported from (cosine ≥ 0.9999,
    tests/test_embedder_onnx.py), so it shares that directory's fingerprint: an index built with
    either backend serves the other."""

    def __init__(self, model_dir: Path | str | None = None, threads: int = 1, batch_size: int = DEFAULT_BATCH_SIZE):
        from .onnx_export import GRAPH, ONNX_DIR, TOKENIZER_TABLES, WORD_EMBEDDINGS, export_is_current
        from .unigram import LeanUnigram

        self.model_dir = Path(model_dir) if model_dir is not None else config.MODEL_DIR
        _check_model_dir(self.model_dir)
        folder = self.model_dir / ONNX_DIR
        if not export_is_current(self.model_dir):
            raise ModelError(f"{folder} の ONNX 版がないか、古いか、壊れています。", fix=SETUP_FIX)
        try:
            import onnxruntime
        except ImportError as exc:
            raise ModelError(f"onnxruntime を読み込めません: {exc}", fix="make setup") from None
        options = onnxruntime.SessionOptions()
        # load_embedder chooses: query_threads() for queries, every core for a build
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(str(folder / GRAPH), options, providers=["CPUExecutionProvider"])
        self._words = np.load(folder / WORD_EMBEDDINGS, mmap_mode="r")  # 384 MB, paged in as used
        settings = json.loads((self.model_dir / "sentence_bert_config.json").read_text(encoding="utf-8"))
        self._tokenizer = LeanUnigram(folder / TOKENIZER_TABLES,
                                      max_length=min(int(settings.get("max_seq_length", 512)), DEFAULT_MAX_SEQ_LENGTH))
        prompts = json.loads((self.model_dir / "config_sentence_transformers.json").read_text(encoding="utf-8"))
        self._prompts = {"query": prompts.get("prompts", {}).get("query", ""),
                         "passage": prompts.get("prompts", {}).get("passage", "")}
        self.dim = int(self._words.shape[1])
        self.name = _model_name(self.model_dir)
        self.batch_size = batch_size

    @functools.cached_property
    def fingerprint(self) -> str:
        return model_fingerprint(self.model_dir)

    @property
    def prompts(self) -> dict[str, str]:
        return dict(self._prompts)

    def tokenize(self, texts: list[str], kind: str = "passage") -> list[list[int]]:
        """Return the token ids the model sees (prompt included, truncated)."""
        return [self._tokenizer.encode(self._prompts[kind] + t) for t in texts]

    def _embed(self, texts: list[str], kind: str) -> np.ndarray:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths pad little
        out = np.zeros((len(texts), self.dim), np.float32)
        for start in range(0, len(order), self.batch_size):
            rows = order[start:start + self.batch_size]
            encodings = self.tokenize([texts[i] for i in rows], kind)
            width = max(len(e) for e in encodings)
            ids = np.zeros((len(rows), width), np.int64)
            mask = np.zeros((len(rows), width), np.int64)
            for r, encoding in enumerate(encodings):
                ids[r, :len(encoding)] = encoding
                mask[r, :len(encoding)] = 1
            hidden = self._session.run(None, {"inputs_embeds": np.asarray(self._words[ids], np.float32),
                                               "attention_mask": mask})[0]
            pooled = (hidden * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            out[rows] = pooled
        return out


def query_threads() -> int:
    """Return how many threads encode one query with ONNX Runtime: KB_QUERY_THREADS, else up to two.

    Unlike torch, ONNX Runtime splits even a 25-token query well: on this 2-core machine 2 threads
    took 6 ms against 10 ms for one when the other core was free, and no longer than one thread when
    both cores were busy (eval/bench_backends.py). More than two gains little for a model this small.
    `pipeline serve --workers N` sets KB_QUERY_THREADS to the cores per worker, so that N workers
    never ask for more threads than the machine has."""
    value = os.environ.get("KB_QUERY_THREADS", "").strip()
    if not value:
        return max(1, min(2, os.cpu_count() or 1))
    if not value.isdigit() or int(value) < 1:
        raise InputError(f"環境変数 KB_QUERY_THREADS={value!r} は使えません。",
                         "1 以上の整数を指定してください（未設定なら最大 2）。")
    return int(value)


def load_embedder(model_dir: Path | str | None = None, purpose: str = "query") -> Embedder:
    """Return the product's real embedder (KB_MODEL_DIR or the converted multilingual-e5-small).

    ONNX Runtime when the model has its exported ONNX version (our conversion, after `make setup`),
    else — a user's own model, KB_EMBED_BACKEND=sentence-transformers, or no export yet — the
    sentence-transformers reference (with torch). `purpose="build"` gives the encoder every core."""
    from .onnx_export import ONNX_DIR

    directory = Path(model_dir) if model_dir is not None else config.MODEL_DIR
    backend = os.environ.get("KB_EMBED_BACKEND", "onnx")
    if backend == "onnx" and (directory / ONNX_DIR).is_dir():
        threads = max(1, os.cpu_count() or 1) if purpose == "build" else query_threads()
        return OnnxEmbedder(directory, threads=threads)
    return SentenceTransformerEmbedder(directory)


# --------------------------------------------------------------------------- fake model


class FakeEmbedder(Embedder):
    """Deterministic stand-in: signed feature hashing of character 1-3-grams into `dim` buckets.

    Texts sharing characters get similar vectors; unrelated texts are near-orthogonal. Queries and
    passages are embedded identically. No torch, no files, stable across processes and machines.
    """

    def __init__(self, dim: int = 64):
        self.dim = dim
        self.name = f"fake-ngram-{dim}"
        self._fingerprint = hashlib.sha256(f"{self.name}:v1".encode()).hexdigest()[:16]

    @property
    def fingerprint(self) -> str:
        return self._fingerprint

    def _embed(self, texts: list[str], kind: str) -> np.ndarray:
        return np.stack([self._vector(t) for t in texts])

    def _vector(self, text: str) -> np.ndarray:
        s = "".join(unicodedata.normalize("NFKC", text).lower().split())
        grams = [s[i : i + n] for n in (1, 2, 3) for i in range(len(s) - n + 1)] or ["\0empty"]
        v = np.zeros(self.dim, dtype=np.float32)
        for g in grams:
            h = zlib.crc32(g.encode("utf-8"))  # stable, unlike hash()
            weight = 1.0 + (len(g) > 1)  # n-grams carry more signal than single characters
            v[h % self.dim] += weight if (h >> 31) & 1 else -weight
        return v


# --------------------------------------------------------------------------- llama-index


def as_llama_embedding(embedder: Embedder, batch_size: int = DEFAULT_BATCH_SIZE) -> BaseEmbedding:
    """Return a llama-index BaseEmbedding that delegates to `embedder`."""
    return _llama_class()(embedder, batch_size)


@functools.lru_cache(maxsize=1)
def _llama_class() -> type:
    """Return the adapter class, defined on first use so llama-index is imported only then."""
    from llama_index.core.bridge.pydantic import PrivateAttr
    from llama_index.core.embeddings import BaseEmbedding

    class KBEmbedding(BaseEmbedding):
        _embedder: Embedder = PrivateAttr()

        def __init__(self, embedder: Embedder, batch_size: int):
            super().__init__(model_name=embedder.name, embed_batch_size=batch_size)
            self._embedder = embedder

        @classmethod
        def class_name(cls) -> str:
            return "KBEmbedding"

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._embedder.embed_queries([query])[0].tolist()

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._embedder.embed_passages([text])[0].tolist()

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._embedder.embed_passages(texts).tolist()

        # CPU-bound and local: async variants just run the sync path.
        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        async def _aget_text_embedding(self, text: str) -> list[float]:
            return self._get_text_embedding(text)

        async def _aget_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._get_text_embeddings(texts)

    return KBEmbedding

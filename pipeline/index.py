"""Index build and load: chunks → e5 passage vectors (FAISS) + line vectors + BM25, with a manifest."""
from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

import numpy as np

from . import config
from .chunking import ChunkingResult, chunk_corpus, read_chunks, read_units, write_chunks, write_jsonl
from .corpus import corpus_checksum
from .errors import IndexMissingError, IndexStaleError
from .normalize import compact, normalize_text
from .records import Chunk, Unit
from .storage import file_lock, file_records, first_damaged, write_atomic
from .tokenize_ja import dictionary_version, tokenize

# index/versions/<id>/ holds one complete build; index/current is a symlink to the live one, replaced
# by one atomic rename, so a reader sees the old index or the new one, never none or half of one.
VERSIONS_NAME = "versions"
CURRENT_NAME = "current"
STORE_NAME = "store"  # the layout before versions: still read, removed by the next build
LOCK_NAME = ".build.lock"
REBUILD_COMMAND = "make setup（または .venv/bin/python -m pipeline build）"
METRIC = "cosine (inner product of L2-normalised vectors, FAISS IndexFlatIP)"
TOKENIZER = "fugashi + unidic-lite, normalised, content-word lemmas (pipeline.tokenize_ja)"
MIN_LINE_CHARS = 6  # shorter lines (「事業者」) say too little to rank a passage by
# Every module whose output is stored in the index (tests/test_faults_storage.py checks that a build
# imports no other pipeline module that could change it).
_CODE_FILES = ("normalize.py", "readers.py", "pdf_pages.py", "structure.py", "rules.py", "document.py", "records.py",
               "corpus.py", "chunking.py", "tokenize_ja.py", "index.py", "embedder.py", "storage.py")
_PACKAGES = ("faiss-cpu", "bm25s", "fugashi", "unidic-lite", "sentence-transformers", "torch", "transformers")


def code_version() -> str:
    """Return a hash of the code that decides what goes into the index."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in _CODE_FILES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


def package_versions(names: tuple[str, ...] = _PACKAGES) -> dict[str, str]:
    """Return the installed version of each named distribution ("not installed" when absent)."""
    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def store_dir(index_dir: Path | None = None) -> Path:
    """Return the directory of the live index (resolved, so a reader keeps one version throughout)."""
    index_dir = Path(index_dir or config.INDEX_DIR)
    current = index_dir / CURRENT_NAME
    if current.is_symlink() or current.exists():
        return current.resolve()
    legacy = index_dir / STORE_NAME
    return legacy if legacy.is_dir() else current


def _crash_point(stage: str) -> None:
    """Die here like a power cut (KB_TEST_CRASH_AT) or linger (KB_TEST_PAUSE_AT) when the
    fault-injection tests ask for it at this stage."""
    import os
    import signal

    if os.environ.get("KB_TEST_CRASH_AT") == stage:
        os.kill(os.getpid(), signal.SIGKILL)
    if os.environ.get("KB_TEST_PAUSE_AT") == stage:
        time.sleep(2.0)


@contextlib.contextmanager
def build_lock(index_dir: Path):
    """Hold the index directory's build lock; a second build waits for the first, saying so."""
    index_dir.mkdir(parents=True, exist_ok=True)
    try:
        with file_lock(index_dir / LOCK_NAME, "別の索引作成が実行中です。終わるのを待ってから続けます…"):
            yield
    except PermissionError as exc:
        if exc.filename and Path(exc.filename).name == LOCK_NAME:
            raise IndexStaleError(f"索引のフォルダ {index_dir} に書き込めません（{exc.strerror}）。",
                                  "書き込めるフォルダを KB_INDEX_DIR に指定するか、権限を確認してください") from exc
        raise


def _publish(index_dir: Path, version: Path) -> None:
    """Make `version` the live index by one atomic rename of the `current` symlink."""
    import os

    link = index_dir / f".{CURRENT_NAME}.tmp-{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(Path(VERSIONS_NAME) / version.name, link)
    os.replace(link, index_dir / CURRENT_NAME)


def _clean_up(index_dir: Path, keep: Path | None) -> None:
    """Remove half-written builds and every version but `keep` (a reader that loaded an older one
    holds it in memory and is not disturbed)."""
    versions = index_dir / VERSIONS_NAME
    if versions.is_dir():
        for entry in versions.iterdir():
            if keep is None and not entry.name.startswith("."):
                continue  # before a build: only stray staging directories go
            if keep is None or entry.resolve() != keep.resolve():
                shutil.rmtree(entry, ignore_errors=True)
    for stray in index_dir.glob(f".{CURRENT_NAME}.tmp-*"):
        stray.unlink(missing_ok=True)
    for legacy in (index_dir / f".{STORE_NAME}.staging", index_dir / f".{STORE_NAME}.old"):
        shutil.rmtree(legacy, ignore_errors=True)
    if keep is not None and keep.resolve() != (index_dir / STORE_NAME).resolve():
        shutil.rmtree(index_dir / STORE_NAME, ignore_errors=True)


def file_table(store: Path) -> dict[str, dict[str, Any]]:
    """Return {relative path: {"size", "sha256"}} for every index file but the manifest."""
    return file_records(store, [str(path.relative_to(store)) for path in sorted(store.rglob("*"))
                                if path.is_file() and path.name != "manifest.json"])


def verify_files(store: Path, manifest: dict[str, Any]) -> None:
    """Raise IndexStaleError naming the first index file that is missing, truncated or altered."""
    name = first_damaged(store, manifest.get("files") or {})
    if name is None:
        return
    if not (store / name).is_file():
        raise IndexStaleError(f"索引のファイル {name} がありません。", REBUILD_COMMAND)
    raise IndexStaleError(f"索引のファイル {name} が壊れています（作成時と内容が違います）。", REBUILD_COMMAND)


# Kinds of piece that say something: each gets a vector of its own, its heading prepended so a
# value line (「現在 19 技術を指定。」) is found by the words of the heading it sits under.
EMBEDDED_KINDS = ("paragraph", "list", "table", "note", "heading", "title")
CONTEXT_SEPARATOR = " › "


def piece_texts(chunk: Chunk) -> list[tuple[int, str]]:
    """Return (piece number, search text) for the pieces of a chunk worth embedding."""
    out = []
    # (a short label that heads items, 「企業結合」 over its cases, is worth embedding with its context)
    labels = {p.heading for p in chunk.pieces if p.level > 0}
    for number, piece in enumerate(chunk.pieces):
        if piece.kind not in EMBEDDED_KINDS or len(compact(piece.text)) < MIN_LINE_CHARS and piece.text not in labels:
            continue
        context = piece.heading or chunk.unit_title
        body = piece.text if piece.kind in ("heading", "title") or not context else \
            f"{context}{CONTEXT_SEPARATOR}{piece.text}"
        out.append((number, normalize_text(body)))
    return out


@dataclass
class BuildReport:
    chunks: int
    embedded: int
    reused: int
    lines: int
    seconds: float
    skipped: bool = False
    warnings: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()  # documents that could not be read (the rest are indexed)


def _progress(label: str, total: int, enabled: bool) -> Callable[[int], None]:
    """Return an updater that draws a bar on a terminal, or prints a line per quarter in logs."""
    start = time.time()
    tty = sys.stderr.isatty()
    reported = set()

    def update(done: int) -> None:
        if not enabled or total == 0:
            return
        rate = done / max(time.time() - start, 1e-6)
        if tty:
            width = 30
            filled = int(width * done / total)
            sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} ({rate:.0f}/s)")
            if done >= total:
                sys.stderr.write("\n")
        else:
            quarter = 4 * done // total
            if quarter in reported:
                return
            reported.add(quarter)
            sys.stderr.write(f"{label}: {done}/{total} ({rate:.0f}/s)\n")
        sys.stderr.flush()

    return update


def _embed_in_batches(embedder, texts: list[str], label: str, progress: bool, batch: int = 32) -> np.ndarray:
    """Return the passage vectors of `texts` (in their order), reporting progress batch by batch.

    Batches are cut from the texts sorted by length, longest first: a batch is padded to its longest
    text, so mixing a 3-line slide with one-line sentences made the encoder work through 2.4× the real
    tokens of the shipped corpus. Longest first keeps the early rate, and so the ETA, on the safe side."""
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    update = _progress(label, len(texts), progress)
    out = np.zeros((len(texts), embedder.dim), np.float32)
    for start in range(0, len(order), batch):
        rows = order[start:start + batch]
        out[rows] = embedder.embed_passages([texts[i] for i in rows])
        update(min(start + batch, len(texts)))
    return out


def _previous_vectors(store: Path, fingerprint: str) -> dict[str, np.ndarray]:
    """Return vectors of the previous build keyed by text hash, when it used the same model."""
    try:
        manifest = json.loads((store / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("model", {}).get("fingerprint") != fingerprint:
            return {}
        keys = json.loads((store / "vector_keys.json").read_text(encoding="utf-8"))
        vectors = np.load(store / "vectors.npy")
        return dict(zip(keys, vectors))
    except (OSError, ValueError, KeyError):
        return {}


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def expected_manifest_fields(corpus_dir: Path, embedder) -> dict[str, Any]:
    return {
        "corpus_checksum": corpus_checksum(corpus_dir),
        "code_version": code_version(),
        "model_fingerprint": embedder.fingerprint if embedder is not None else None,
    }


def is_current(index_dir: Path, corpus_dir: Path, embedder) -> bool:
    """Return True when the index on disk matches the corpus, code and model."""
    store = store_dir(index_dir)
    try:
        manifest = json.loads((store / "manifest.json").read_text(encoding="utf-8"))
        verify_files(store, manifest)  # a damaged file makes the index not current: a plain build repairs it
    except (OSError, ValueError, IndexStaleError):
        return False
    if not manifest.get("files"):
        return False  # built before checksums were recorded
    expected = expected_manifest_fields(corpus_dir, embedder)
    return (manifest.get("corpus_checksum") == expected["corpus_checksum"]
            and manifest.get("code_version") == expected["code_version"]
            and manifest.get("model", {}).get("fingerprint") == expected["model_fingerprint"])


def build_index(corpus_dir: Path, index_dir: Path, embedder, progress: bool = True,
                force: bool = False) -> BuildReport:
    """Build the index into a staging directory and swap it in; skip when nothing changed."""
    import bm25s
    import faiss

    started = time.time()
    index_dir = Path(index_dir)
    with build_lock(index_dir):
        if not force and is_current(index_dir, corpus_dir, embedder):  # (perhaps just built by the build we waited for)
            # Unchanged corpus, unchanged failures: say them again rather than report success.
            try:
                failed = json.loads((store_dir(index_dir) / "manifest.json").read_text(encoding="utf-8")).get("failed", [])
            except (OSError, ValueError):
                failed = []
            _clean_up(index_dir, keep=store_dir(index_dir))  # a build killed after publishing left its old version
            return BuildReport(0, 0, 0, 0, 0.0, skipped=True, failed=tuple(failed))
        try:
            _clean_up(index_dir, keep=None)  # what a killed build left behind
            return _build(corpus_dir, index_dir, embedder, progress, force, started, bm25s, faiss)
        except PermissionError as exc:
            raise IndexStaleError(f"索引のフォルダ {index_dir} に書き込めません（{exc.filename}）。",
                                  "書き込めるフォルダを KB_INDEX_DIR に指定するか、権限を確認してください") from exc


def _build(corpus_dir: Path, index_dir: Path, embedder, progress: bool, force: bool, started: float,
           bm25s, faiss) -> BuildReport:
    """Write a new version of the index and make it live (the caller holds the build lock)."""
    import os

    result: ChunkingResult = chunk_corpus(corpus_dir)
    chunks = result.chunks
    store = store_dir(index_dir)
    reuse = {} if force else _previous_vectors(store, embedder.fingerprint)

    # Passages and their lines are embedded together; a text seen in the last build is reused.
    passage_texts = [c.search_text for c in chunks]
    line_rows: list[tuple[int, int]] = []
    line_strings: list[str] = []
    for row, chunk in enumerate(chunks):
        for number, text in piece_texts(chunk):
            line_rows.append((row, number))
            line_strings.append(text)
    all_texts = passage_texts + line_strings
    keys = [_text_key(t) for t in all_texts]
    missing = [i for i, k in enumerate(keys) if k not in reuse]
    fresh = _embed_in_batches(embedder, [all_texts[i] for i in missing], "埋め込み計算", progress)
    vectors = np.zeros((len(all_texts), embedder.dim), np.float32)
    fresh_by_index = dict(zip(missing, fresh))
    for i, key in enumerate(keys):
        vectors[i] = fresh_by_index[i] if i in fresh_by_index else reuse[key]

    staging = index_dir / VERSIONS_NAME / f".staging-{os.getpid()}-{time.monotonic_ns()}"
    staging.mkdir(parents=True)
    try:
        write_chunks(chunks, staging / "chunks.jsonl")
        write_jsonl(result.units, staging / "units.jsonl")
        dense = faiss.IndexFlatIP(embedder.dim)
        dense.add(vectors[: len(chunks)])
        faiss.write_index(dense, str(staging / "dense.faiss"))
        np.save(staging / "line_vectors.npy", vectors[len(chunks):])
        np.save(staging / "line_rows.npy", np.asarray(line_rows, np.int32).reshape(-1, 2))
        np.save(staging / "vectors.npy", vectors)
        write_atomic(staging / "vector_keys.json", json.dumps(keys))
        bm25 = bm25s.BM25()
        bm25.index([tokenize(t) for t in passage_texts], show_progress=False)
        bm25.save(str(staging / "bm25"), show_progress=False)
        manifest = {
            "format": 1,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "model": {"name": embedder.name, "fingerprint": embedder.fingerprint, "dimension": embedder.dim},
            "metric": METRIC,
            "tokenizer": TOKENIZER,
            "dictionary": dictionary_version(),
            "chunk_count": len(chunks),
            "line_count": len(line_rows),
            "documents": {d.doc_id: {"title": d.title, "publisher": d.publisher, "date": d.date, "label": d.short_label,
                                     "kind": d.kind, "file": d.path.name, "source": d.source, "license": d.license,
                                     "units": result.units_per_doc.get(d.doc_id, 0),
                                     "chunks": sum(1 for c in chunks if c.doc_id == d.doc_id)}
                          for d in result.documents},
            "warnings": result.warnings + result.failed,
            "failed": result.failed,
            "packages": package_versions(),
            **{k: v for k, v in expected_manifest_fields(corpus_dir, embedder).items() if k != "model_fingerprint"},
        }
        manifest["files"] = file_table(staging)
        write_atomic(staging / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        _crash_point("written")
        version = staging.with_name(time.strftime("%Y%m%d-%H%M%S-") + f"{os.getpid()}-{time.monotonic_ns() % 10**6}")
        os.rename(staging, version)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _crash_point("staged")
    _publish(index_dir, version)
    _crash_point("published")
    _clean_up(index_dir, keep=version)
    return BuildReport(len(chunks), len(missing), len(all_texts) - len(missing), len(line_rows),
                       time.time() - started, warnings=tuple(result.warnings), failed=tuple(result.failed))


@dataclass
class LoadedIndex:
    """The index on disk, loaded once and never mutated."""

    chunks: list[Chunk]
    units: dict[str, Unit]  # by unit_id: every block of every unit, for answers and the reader view
    passage_vectors: np.ndarray  # row i = chunks[i], unit length (read from dense.faiss)
    line_vectors: np.ndarray
    line_rows: np.ndarray  # (n_lines, 2): chunk row, piece number
    bm25: Any
    manifest: dict[str, Any]
    path: Path | None = None  # the version directory it was read from


def load_index(index_dir: Path | None = None, corpus_dir: Path | None = None, embedder=None,
               check: bool = True) -> LoadedIndex:
    """Return the index on disk; refuse one that is missing or doesn't match corpus, code or model."""
    import bm25s
    import faiss

    store = store_dir(index_dir)
    manifest_path = store / "manifest.json"
    if not manifest_path.exists():
        raise IndexMissingError("検索用の索引がまだ作られていません。", REBUILD_COMMAND)
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if not isinstance(manifest, dict):
            raise ValueError("not an object")
    except (OSError, ValueError) as exc:
        raise IndexStaleError("索引のファイル manifest.json が壊れています。", REBUILD_COMMAND) from exc
    if not manifest.get("files"):
        raise IndexStaleError("索引が古い形式です（ファイルの検査値がありません）。", REBUILD_COMMAND)
    verify_files(store, manifest)
    if check:
        expected = expected_manifest_fields(Path(corpus_dir or config.CORPUS_DIR), embedder)
        if manifest.get("corpus_checksum") != expected["corpus_checksum"]:
            raise IndexStaleError("索引が古くなっています（資料 corpus/ が索引作成後に変更されました）。", REBUILD_COMMAND)
        if manifest.get("code_version") != expected["code_version"]:
            raise IndexStaleError("索引が古くなっています（分割・正規化のコードが変更されました）。", REBUILD_COMMAND)
        if embedder is not None and manifest.get("model", {}).get("fingerprint") != embedder.fingerprint:
            raise IndexStaleError(
                f"索引は別の埋め込みモデル（{manifest.get('model', {}).get('name')}）で作られています。", REBUILD_COMMAND)
    def read(name: str, loader):
        # The checksums matched, so a failure here is a file the build itself got wrong or a
        # library that changed under it: still a message, never a traceback.
        try:
            return loader(store / name)
        except Exception as exc:  # noqa: BLE001 - every reader raises its own kind
            raise IndexStaleError(f"索引のファイル {name} を読み込めません（{type(exc).__name__}）。", REBUILD_COMMAND) from exc

    chunks = read("chunks.jsonl", read_chunks)
    units = {u.unit_id: u for u in read("units.jsonl", read_units)}
    dense = read("dense.faiss", lambda path: faiss.read_index(str(path)))
    # Held once, as numpy: a search is one product over all of them (filters are masks), so the
    # FAISS index itself is not kept.
    passage_vectors = dense.reconstruct_n(0, dense.ntotal) if dense.ntotal else np.zeros((0, dense.d), np.float32)
    line_vectors = read("line_vectors.npy", np.load)
    line_rows = read("line_rows.npy", np.load)
    if len(chunks) != dense.ntotal or len(line_vectors) != len(line_rows):
        raise IndexStaleError("索引のファイルどうしの件数が合いません。", REBUILD_COMMAND)
    return LoadedIndex(
        chunks=chunks, units=units, passage_vectors=np.ascontiguousarray(passage_vectors, np.float32),
        line_vectors=line_vectors, line_rows=line_rows,
        bm25=read("bm25", lambda path: bm25s.BM25.load(str(path), load_corpus=False, show_progress=False)),
        manifest=manifest, path=store,
    )

"""The corpus: documents in corpus/ and their manifest entries."""
from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .normalize import display_text, strip_markup
from .readers import SUPPORTED_SUFFIXES
from .records import Document

MANIFEST_NAME = "manifest.toml"


@dataclass
class CorpusListing:
    documents: list[Document]
    warnings: list[str] = field(default_factory=list)


def _first_line_title(path: Path) -> str:
    try:
        head = path.read_bytes()[:4096]
    except OSError:
        return path.stem
    for encoding in ("utf-8", "cp932"):
        try:
            text = head.decode(encoding, errors="strict" if encoding == "cp932" else "ignore")
            break
        except UnicodeDecodeError:
            text = ""
    for line in text.splitlines():
        line = strip_markup(display_text(line)).strip(" #\t\u3000")
        if line:
            return line[:80]
    return path.stem


def load_manifest(corpus_dir: Path) -> dict[str, dict]:
    """Return manifest entries keyed by file name; an empty dict when there is no manifest."""
    path = corpus_dir / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: マニフェストの書式が正しくありません（{exc}）。", "TOML の書式を直してください。") from exc
    entries: dict[str, dict] = {}
    for entry in data.get("document", []):
        missing = [k for k in ("id", "file", "title", "publisher", "date") if not entry.get(k)]
        if missing:
            raise InputError(
                f"{path}: 文書エントリ {entry.get('file', '?')} に必須項目 {', '.join(missing)} がありません。",
                "manifest.toml に項目を追加してください。",
            )
        entries[entry["file"]] = entry
    return entries


def list_documents(corpus_dir: Path) -> CorpusListing:
    """Return the documents of the corpus in file-name order, with warnings for unlisted files."""
    if not corpus_dir.is_dir():
        raise InputError(f"コーパスのフォルダ {corpus_dir} がありません。", "資料を corpus/ に置いてください。")
    manifest = load_manifest(corpus_dir)
    listing = CorpusListing(documents=[])
    for path in sorted(corpus_dir.iterdir()):
        if path.name == MANIFEST_NAME or path.name.startswith(".") or not path.is_file():
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            listing.warnings.append(f"{path.name}: 対応していない形式のため読み飛ばしました（.txt/.md/.pdf のみ）。")
            continue
        entry = manifest.get(path.name)
        if entry is None:
            listing.warnings.append(
                f"{path.name}: manifest.toml に記載がありません。先頭行を題名として索引に含めます。"
            )
            listing.documents.append(
                Document(doc_id=path.stem, path=path, title=_first_line_title(path), publisher="（不明）",
                         date="", kind="unknown", in_manifest=False)
            )
            continue
        listing.documents.append(
            Document(doc_id=entry["id"], path=path, title=entry["title"], publisher=entry["publisher"],
                     date=str(entry["date"]), kind=entry.get("kind", "slides"), source=entry.get("source", ""),
                     license=entry.get("license", ""), collection=entry.get("collection"))
        )
    for name in sorted(set(manifest) - {p.path.name for p in listing.documents}):
        listing.warnings.append(f"manifest.toml の {name} が corpus/ にありません。")
    return listing


def corpus_checksum(corpus_dir: Path) -> str:
    """Return a sha256 over every corpus file's name and bytes (manifest included)."""
    digest = hashlib.sha256()
    for path in sorted(corpus_dir.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            digest.update(path.name.encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()

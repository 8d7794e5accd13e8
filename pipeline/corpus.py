"""The corpus: documents in corpus/ and their manifest entries."""
from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .normalize import display_text, strip_markup
from .readers import SUPPORTED_SUFFIXES
from .records import Document
from .rules import document_rules, parse_definitions

MANIFEST_NAME = "manifest.toml"


@dataclass
class CorpusListing:
    documents: list[Document]
    warnings: list[str] = field(default_factory=list)


def document_title(path: Path) -> str:
    """Return a title for a file the manifest doesn't describe: a PDF's own title, else the first line
    of its decoded text (the reader's decoder, so a Shift_JIS file reads right); the file name if none."""
    from .readers import read_slides

    if path.suffix.lower() == ".pdf":
        title = pdf_metadata_title(path)
        if title:
            return title
    try:
        slides, _ = read_slides(path)
    except InputError:
        return path.stem
    for slide in slides:
        for line in slide.text.splitlines():
            line = strip_markup(display_text(line)).strip(" #\t\u3000")
            if len(line) >= 2 and not line.isdigit():
                return line[:80]
    return path.stem


def pdf_metadata_title(path: Path) -> str | None:
    """Return the Title entry of a PDF's metadata, or None when it has none or only a placeholder
    (a file name, "untitled", an application's default)."""
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        try:
            title = (pdf.get_metadata_dict().get("Title") or "").strip()
        finally:
            pdf.close()
    except Exception:  # a broken PDF is reported by the reader; here it just has no title
        return None
    return title[:80] if title and not _PLACEHOLDER_TITLE.search(title) else None


# What office software and PDF libraries write when nobody set a title: a file name, the
# application's default ("Microsoft Word - 資料3.docx", "PowerPoint プレゼンテーション"), "untitled".
_PLACEHOLDER_TITLE = re.compile(
    r"^(?:untitled|無題|document\d*|スライド\s*\d+|(?:powerpoint\s*)?プレゼンテーション|microsoft\s+\w+\s+-\s.*)$"
    r"|\.(?:pdf|docx?|pptx?|xlsx?|txt|md)$", re.IGNORECASE)


def load_manifest(corpus_dir: Path) -> dict[str, dict]:
    """Return manifest entries keyed by file name, each with its parsed `rules`; {} without a manifest."""
    path = corpus_dir / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        source = path.read_text(encoding="utf-8")
        data = tomllib.loads(source)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: マニフェストの書式が正しくありません（{exc}）。", "TOML の書式を直してください。") from exc
    definitions = parse_definitions(data, path, source)
    entries: dict[str, dict] = {}
    files_by_id: dict[str, str] = {}
    for entry in data.get("document", []):
        missing = [k for k in ("id", "file", "title", "publisher", "date") if not entry.get(k)]
        if missing:
            raise InputError(
                f"{path}: 文書エントリ {entry.get('file', '?')} に必須項目 {', '.join(missing)} がありません。",
                "manifest.toml に項目を追加してください。",
            )
        if entry["id"] in files_by_id:  # two documents under one id would mix their chunks and filters
            raise InputError(
                f"{path}: 文書 ID「{entry['id']}」が {files_by_id[entry['id']]} と {entry['file']} の両方に付いています。",
                "manifest.toml で一方の id を別の名前にしてください。",
            )
        files_by_id[entry["id"]] = entry["file"]
        entries[entry["file"]] = {**entry, "rules": document_rules(entry, definitions, path, source)}
    return entries


def list_documents(corpus_dir: Path) -> CorpusListing:
    """Return the documents of the corpus in file-name order, with warnings for unlisted files."""
    if not corpus_dir.is_dir():
        raise InputError(f"コーパスのフォルダ {corpus_dir} がありません。", "資料を corpus/ に置いてください。")
    manifest = load_manifest(corpus_dir)
    listing = CorpusListing(documents=[])
    for path in sorted(corpus_dir.iterdir()):
        if path.name == MANIFEST_NAME or path.name.startswith("."):
            continue
        if path.is_symlink() and not path.exists():
            listing.warnings.append(f"{path.name}: リンク先がありません（切れたリンクか、循環するリンクです）。読み飛ばしました。")
            continue
        if not path.is_file():
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
                Document(doc_id=path.stem, path=path, title=document_title(path), publisher="（不明）",
                         date="", kind="unknown", in_manifest=False)
            )
            continue
        listing.documents.append(
            Document(doc_id=entry["id"], path=path, title=entry["title"], publisher=entry["publisher"],
                     date=str(entry["date"]), kind=entry.get("kind", "slides"), source=entry.get("source", ""),
                     license=entry.get("license", ""), label=entry.get("label", ""), rules=entry["rules"])
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

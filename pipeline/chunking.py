"""Chunking: slides → passages of roughly 150–500 characters that never cross a slide or case."""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import list_documents
from .errors import InputError
from .normalize import display_text, normalize_text
from .readers import read_slides
from .records import Chunk, Document, RawSlide
from .segment import DeckState, LineInfo, clean_heading, printed_page, slide_title

MIN_CHARS = 150
MAX_CHARS = 500
# A paragraph break is a good place to end a chunk once it holds this much.
PARAGRAPH_FLUSH_CHARS = 400
# A remainder shorter than this is folded into the chunk before it (same slide and case).
TINY_CHARS = 80
# A "slide" this long is several printed pages the extraction ran together.
MULTI_PAGE_CHARS = 2000

# Split long lines after Japanese sentence ends, or before a bullet that follows a space.
_SENTENCE_END = re.compile(r"(?<=[。！？!?])\s*|\s+(?=[・●■◆▪•]\s*)")


@dataclass
class ChunkingResult:
    documents: list[Document]
    chunks: list[Chunk]
    slides_per_doc: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def cases_per_collection(self) -> dict[str, list[str]]:
        """Return the distinct case labels found, per collection, in corpus order."""
        found: dict[str, list[str]] = {}
        for chunk in self.chunks:
            if chunk.case and chunk.case not in found.setdefault(chunk.collection or "", []):
                found[chunk.collection or ""].append(chunk.case)
        return found


def split_long_line(line: str, limit: int = MAX_CHARS) -> list[str]:
    """Return `line` cut at sentence or bullet boundaries into pieces of at most ~limit chars."""
    if len(line) <= limit:
        return [line]
    pieces = [p for p in _SENTENCE_END.split(line) if p and p.strip()]
    out: list[str] = []
    for piece in pieces:
        while len(piece) > limit:  # no boundary at all: cut hard rather than exceed the limit
            out.append(piece[:limit])
            piece = piece[limit:]
        if out and len(out[-1]) + len(piece) + 1 <= limit and len(out[-1]) < MIN_CHARS:
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def line_units(line: str, longer_than: int = 120) -> list[str]:
    """Return a long line cut into its sentences or bullet items (table rows flattened by the
    extraction hold several); a short line comes back whole."""
    if len(line) <= longer_than:
        return [line]
    units: list[str] = []
    for piece in (p.strip() for p in _SENTENCE_END.split(line)):
        if not piece:
            continue
        if units and len(units[-1]) < 20:
            units[-1] = f"{units[-1]} {piece}"  # a fragment ("- ・") belongs with what follows
        else:
            units.append(piece)
    return units


def _group_key(info: LineInfo) -> str | None:
    # A case never shares a chunk; a change of collection outside cases starts a new chunk only
    # once the current one is big enough to stand alone (see pack_lines).
    return info.case


def pack_lines(infos: list[LineInfo]) -> list[list[LineInfo]]:
    """Return the slide's lines grouped into chunks: same collection and case, ≤ MAX_CHARS."""
    units: list[LineInfo] = []
    for info in infos:
        for i, piece in enumerate(split_long_line(info.text)):
            units.append(LineInfo(piece, info.collection, info.case, info.case_heading,
                                  info.paragraph_start and i == 0, info.section))
    groups: list[list[LineInfo]] = []
    size = 0
    for unit in units:
        current = groups[-1] if groups else None
        starts_new = (
            current is None
            or _group_key(current[-1]) != _group_key(unit)
            or (unit.collection != current[-1].collection and size >= MIN_CHARS)
            or size + len(unit.text) > MAX_CHARS
            or (unit.paragraph_start and size >= PARAGRAPH_FLUSH_CHARS)
            or (unit.section != current[-1].section and size >= PARAGRAPH_FLUSH_CHARS)
        )
        if starts_new:
            groups.append([unit])
            size = len(unit.text)
        else:
            current.append(unit)
            size += len(unit.text) + 1
    merged: list[list[LineInfo]] = []
    for group in groups:
        length = sum(len(u.text) for u in group)
        if (merged and length < TINY_CHARS and _group_key(merged[-1][-1]) == _group_key(group[0])
                and sum(len(u.text) for u in merged[-1]) + length <= MAX_CHARS + TINY_CHARS):
            merged[-1].extend(group)
        else:
            merged.append(group)
    return merged


def _main_collection(group: list[LineInfo]) -> str | None:
    """Return the collection most of the chunk's text belongs to (the first one on a tie)."""
    weight: Counter[str | None] = Counter()
    for unit in group:
        weight[unit.collection] += len(unit.text)
    return max(weight, key=lambda c: (weight[c], -[u.collection for u in group].index(c)))


def content_hash(search_text: str) -> str:
    return hashlib.sha256(search_text.encode("utf-8")).hexdigest()[:16]


def chunk_document(document: Document, slides: list[RawSlide]) -> list[Chunk]:
    """Return the chunks of one document, slide by slide, in reading order."""
    state = DeckState(document.collection)
    chunks: list[Chunk] = []
    for number, slide in enumerate(slides, start=1):
        title = display_text(slide_title(slide.text))
        page_label = printed_page(slide.text)
        if page_label and len(slide.text) > MULTI_PAGE_CHARS:
            # The extraction ran several printed pages together; the number only marks the end.
            page_label = f"〜{page_label}"
        infos = state.annotate(slide.text)
        for ordinal, group in enumerate(pack_lines(infos), start=1):
            first = group[0]
            subs: list[str] = []
            for unit in group:  # the case heading, then any sub-headings the chunk runs under
                for sub in (unit.case_heading, unit.section):
                    if sub and sub != title and display_text(sub) not in subs:
                        subs.append(display_text(sub))
            heading = " / ".join([title, *subs[:3]] if title else subs[:3])
            lines = tuple(display_text(u.text) for u in group)
            text = "\n".join(lines)
            search_text = normalize_text(f"{heading}\n{text}")
            chunks.append(Chunk(
                chunk_id=f"{document.doc_id}#s{number:03d}-{ordinal:02d}",
                doc_id=document.doc_id, title=document.title, publisher=document.publisher,
                date=document.date, slide=number if slide.page is None else None, page=slide.page,
                printed_page=page_label, collection=_main_collection(group), case=first.case,
                heading=clean_heading(heading, limit=160), text=text, search_text=search_text,
                content_hash=content_hash(search_text), lines=lines,
            ))
    return chunks


def chunk_corpus(corpus_dir: Path) -> ChunkingResult:
    """Return every chunk of the corpus; a file that can't be read is reported, not fatal."""
    listing = list_documents(corpus_dir)
    result = ChunkingResult(documents=[], chunks=[], slides_per_doc={}, warnings=list(listing.warnings))
    for document in listing.documents:
        try:
            slides, warnings = read_slides(document.path)
        except InputError as exc:
            result.failed.append(str(exc))
            continue
        result.warnings.extend(warnings)
        result.documents.append(document)
        result.slides_per_doc[document.doc_id] = len(slides)
        result.chunks.extend(chunk_document(document, slides))
    return result


def write_chunks(chunks: list[Chunk], path: Path) -> None:
    """Write chunks as JSON lines, atomically (temp file + rename)."""
    from .storage import write_atomic

    write_atomic(path, "".join(json.dumps(c.to_json(), ensure_ascii=False) + "\n" for c in chunks))


def read_chunks(path: Path) -> list[Chunk]:
    """Return the chunks of a JSON-lines file written by write_chunks."""
    with path.open(encoding="utf-8") as handle:
        return [Chunk.from_json(json.loads(line)) for line in handle if line.strip()]


def summary_lines(result: ChunkingResult) -> list[str]:
    """Return the human-readable summary `python -m pipeline chunk` prints."""
    sizes = sorted(len(c.text) for c in result.chunks) or [0]
    per_doc = Counter(c.doc_id for c in result.chunks)
    lines = [f"文書 {len(result.documents)} 件 / スライド・ページ {sum(result.slides_per_doc.values())} 枚 / "
             f"チャンク {len(result.chunks)} 件（文字数 中央値 {sizes[len(sizes) // 2]}、最大 {sizes[-1]}）"]
    for document in result.documents:
        lines.append(f"  {document.doc_id}: スライド {result.slides_per_doc[document.doc_id]} 枚, "
                     f"チャンク {per_doc[document.doc_id]} 件 — {document.title}")
    for collection, cases in result.cases_per_collection().items():
        lines.append(f"  事例 [{collection or '分類なし'}]: {', '.join(cases)}")
    for message in result.failed:
        lines.append(f"エラー: {message}")
    for message in result.warnings:
        lines.append(f"警告: {message}")
    return lines

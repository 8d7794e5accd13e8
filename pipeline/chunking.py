"""Chunking: units → passages of roughly 150–500 characters made of whole blocks or whole segments.

A chunk never splits a sentence, list item or table row, never crosses a unit or a case, and a
heading always travels with what it titles. Each chunk's search text carries the unit title, the
heading its text sits under and its case title, so a line that states a value is found by the
words of its heading.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import list_documents
from .document import read_document
from .errors import InputError
from .normalize import normalize_text
from .records import Chunk, Document, Piece, Unit
from .structure import NUMBERED_SECTION_MARK, REFERENCE_MARK

MIN_CHARS = 150
MAX_CHARS = 500
# A remainder shorter than this is folded into the chunk before it (same unit and case).
TINY_CHARS = 80
# A new heading starts a new chunk once the current one holds this much.
SECTION_FLUSH_CHARS = 300
# A numbered section heading of a deck (「(2) 民間の好事例の横展開」「(7) 個別の相談にご関心の方：…」) inside
# a unit starts the next section: what follows is not under the unit's title (the slide before it)
_NUMBERED_SECTION = re.compile(r"^\s*(?:" + NUMBERED_SECTION_MARK + r")\s*\S")
# A label in angle brackets that opens a heading and names a party or a period (「＜韓国＞」「〈バイデン政権〉」),
# by its opening bracket. (【課題】 and 【対応】 name parts of one matter: the one does not end the other's topic.)
_BRACKET_LABEL = re.compile(r"^\s*([＜<〈])[^＞>〉]{1,12}[＞>〉]")
# A slide of reference material (see structure.REFERENCE_MARK)
_REFERENCE = re.compile(r"^\s*(?:" + REFERENCE_MARK + r")")
# A part heading in lenticular brackets (「【第2版での検討の視点】」「【課題】」): it heads the sections under it
_PART = re.compile(r"^\s*【[^】]{1,30}】")
# A table header longer than this (a matrix of columns) is no name for a section in a citation.
SECTION_MAX_CHARS = 30
HEADING_SEPARATOR = " / "


@dataclass
class ChunkingResult:
    documents: list[Document]
    units: list[Unit]
    chunks: list[Chunk]
    warnings: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def units_per_doc(self) -> dict[str, int]:
        return dict(Counter(u.doc_id for u in self.units))

    def cases_per_collection(self) -> dict[str, list[str]]:
        """Return the distinct case labels found, per collection, in corpus order."""
        found: dict[str, list[str]] = {}
        for chunk in self.chunks:
            if chunk.case and chunk.case not in found.setdefault(chunk.collection or "", []):
                found[chunk.collection or ""].append(chunk.case)
        return found


def content_hash(search_text: str) -> str:
    return hashlib.sha256(search_text.encode("utf-8")).hexdigest()[:16]


def _groups(unit: Unit) -> list[list[tuple[int, int]]]:
    """Return the unit's (block, segment) positions grouped into chunks."""
    def size_of(positions: list[tuple[int, int]]) -> int:
        return sum(len(unit.blocks[b].segments[s].text) for b, s in positions)

    groups: list[list[tuple[int, int]]] = []
    sizes: list[int] = []
    pending: list[tuple[int, int]] = []  # headings waiting for what they title
    for b, block in enumerate(unit.blocks):
        if block.kind in ("title", "heading"):
            pending += [(b, s) for s in range(len(block.segments))]
            continue
        for s in range(len(block.segments)):
            head, pending = pending + [(b, s)], []
            size = size_of(head)
            same_case = bool(groups) and unit.cases[head[0][0]] == unit.cases[groups[-1][-1][0]]
            new_section = unit.blocks[head[0][0]].kind == "heading" and bool(sizes) and (
                sizes[-1] >= SECTION_FLUSH_CHARS or _opens_section(unit, head[0][0]))
            if same_case and not new_section and (sizes[-1] + size <= MAX_CHARS or sizes[-1] < TINY_CHARS):
                groups[-1] += head
                sizes[-1] += size
            else:
                groups.append(head)
                sizes.append(size)
    if pending:  # headings with nothing after them in this unit
        groups.append(pending)
        sizes.append(size_of(pending))
    # Fold a tiny remainder into the chunk before it when both belong to the same case.
    merged: list[list[tuple[int, int]]] = []
    merged_sizes: list[int] = []
    for group, size in zip(groups, sizes):
        if (merged and size < TINY_CHARS and unit.cases[group[0][0]] == unit.cases[merged[-1][-1][0]]
                and merged_sizes[-1] + size <= MAX_CHARS + TINY_CHARS and not _opens_section(unit, group[0][0])):
            merged[-1].extend(group)
            merged_sizes[-1] += size
        else:
            merged.append(group)
            merged_sizes.append(size)
    return merged


def _main_collection(unit: Unit, group: list[tuple[int, int]]) -> str | None:
    """Return the collection most of the chunk's text belongs to (the first one on a tie)."""
    weight: Counter[str | None] = Counter()
    order: list[str | None] = []
    for b, s in group:
        collection = unit.collections[b]
        weight[collection] += len(unit.blocks[b].segments[s].text)
        if collection not in order:
            order.append(collection)
    return max(order, key=lambda c: (weight[c], -order.index(c)))


def section_of(unit: Unit, group: list[tuple[int, int]]) -> str | None:
    """Return the heading the chunk's first block is (or sits under), unless it is the unit title."""
    titled = [unit.blocks[b] for b, _ in group if unit.blocks[b].kind in ("heading", "title")
              and not (unit.blocks[b].header and len(unit.blocks[b].segments[0].text) > SECTION_MAX_CHARS)]
    heading = titled[0].segments[0].text if titled else unit.blocks[group[0][0]].heading
    return heading if heading and heading != unit.title else None


def _opens_section(unit: Unit, block: int, reference: bool = False) -> bool:
    """Return True for a heading inside a unit, after other text, that the unit title does not head: a
    numbered section (see _NUMBERED_SECTION), or a label in the same brackets as the title's (「＜台湾＞…」
    on a slide titled 「＜韓国＞…」 is the title's sibling, not its part) — and with `reference`, a slide of
    reference (「（参考）韓国における…」 after a slide on 英国 that the extraction ran into it)."""
    heading = unit.blocks[block]
    if block == 0 or heading.kind != "heading":
        return False
    text = heading.segments[0].text
    label = _BRACKET_LABEL.match(text)
    return bool(_NUMBERED_SECTION.match(text)) or bool(reference and _REFERENCE.match(text)) or bool(
        label and (title := _BRACKET_LABEL.match(unit.title or "")) and title.group(1) == label.group(1))


def _part_above(unit: Unit, block: int, since: int) -> str | None:
    """Return the 【…】 part heading a chunk's first block comes under through a plainer heading
    (「【第2版での検討の視点】」 over 「すり合わせを通じた技術流出への対策」 and its lines): the part holds the
    sections after it, up to the next part or numbered section (since). None when there is none or
    the block's own heading is the part."""
    for b in range(block, since, -1):
        candidate = unit.blocks[b]
        if not _PART.match(candidate.segments[0].text):
            continue
        if candidate.kind != "heading":  # (a part label read as a line of text ends the part before it too)
            return None
        return candidate.segments[0].text if b < block and any(
            unit.blocks[h].kind == "heading" for h in range(b + 1, block + 1)) else None
    return None


def heading_path(unit: Unit, group: list[tuple[int, int]], full: bool = True) -> str:
    """Return "unit title / part / section heading / case title" for a chunk (each once); after a
    numbered section heading inside the unit — or, in full, a slide of reference (see _opens_section) —
    that heading stands for the unit title. Not in full (full=False) for the text a chunk is searched
    by: it is embedded under the headings read before parts and slides of reference were (naming them
    on every chunk under them moved rankings elsewhere more than it helped them)."""
    opened = [b for b in range(1, group[0][0] + 1) if _opens_section(unit, b, reference=full)]
    parts = [unit.blocks[opened[-1]].segments[0].text if opened else unit.title]
    heading = section_of(unit, group)
    case_title = unit.case_titles[group[0][0]]
    # (from the section heading's own block: the lines of the chunk before it are under another)
    at = next((b for b, _ in group if unit.blocks[b].kind in ("heading", "title")), group[0][0])
    above = None if not full or heading and _PART.match(heading) else _part_above(unit, at, opened[-1] if opened else 0)
    for name in (above, heading, case_title):
        if name and name not in parts:
            parts.append(name)
    return HEADING_SEPARATOR.join(p for p in parts if p)


def context_of(unit: Unit, block: int, segment: int) -> str | None:
    """Return what a segment sits under: its parent item for a sub-item (「管内中小企業等 48社」 under
    「12/15 安全保障貿易管理等説明会」), else its block's heading."""
    segments = unit.blocks[block].segments
    level = segments[segment].level
    if level > 0:
        for parent in reversed(segments[:segment]):
            if parent.level < level:
                return parent.text
    return unit.blocks[block].heading


def chunk_unit(document: Document, unit: Unit) -> list[Chunk]:
    """Return the chunks of one unit, in reading order."""
    chunks = []
    for ordinal, group in enumerate(_groups(unit), start=1):
        pieces = tuple(Piece(unit.blocks[b].segments[s].text, unit.blocks[b].kind, b, context_of(unit, b, s),
                             unit.blocks[b].segments[s].level) for b, s in group)
        heading = heading_path(unit, group)
        text = "\n".join(p.text for p in pieces)
        search_text = document.rules.fix_typos(normalize_text(f"{heading_path(unit, group, full=False)}\n{text}"))
        cases = [unit.cases[b] for b, _ in group if unit.cases[b]]
        chunks.append(Chunk(
            chunk_id=f"{unit.unit_id}-{ordinal:02d}", doc_id=document.doc_id, unit_id=unit.unit_id,
            title=document.title, publisher=document.publisher, date=document.date, unit_title=unit.title,
            section=section_of(unit, group), position=unit.position, page=unit.page, printed_page=unit.printed_page,
            collection=_main_collection(unit, group), case=cases[0] if cases else None, heading=heading,
            text=text, search_text=search_text, content_hash=content_hash(search_text), pieces=pieces,
        ))
    return chunks


def chunk_document(document: Document, units: list[Unit]) -> list[Chunk]:
    """Return the chunks of one document, unit by unit."""
    return [chunk for unit in units for chunk in chunk_unit(document, unit)]


def chunk_corpus(corpus_dir: Path) -> ChunkingResult:
    """Return every unit and chunk of the corpus; a file that can't be read is reported, not fatal."""
    listing = list_documents(corpus_dir)
    result = ChunkingResult(documents=[], units=[], chunks=[], warnings=list(listing.warnings))
    for document in listing.documents:
        try:
            units, warnings = read_document(document)
        except InputError as exc:
            result.failed.append(str(exc))
            continue
        result.warnings.extend(warnings)
        result.documents.append(document)
        result.units.extend(units)
        result.chunks.extend(chunk_document(document, units))
    return result


def write_jsonl(rows, path: Path) -> None:
    """Write records (anything with to_json) as JSON lines, atomically (temp file + rename)."""
    from .storage import write_atomic

    write_atomic(path, "".join(json.dumps(r.to_json(), ensure_ascii=False) + "\n" for r in rows))


def write_chunks(chunks: list[Chunk], path: Path) -> None:
    write_jsonl(chunks, path)


def read_chunks(path: Path) -> list[Chunk]:
    """Return the chunks of a JSON-lines file written by write_chunks."""
    with path.open(encoding="utf-8") as handle:
        return [Chunk.from_json(json.loads(line)) for line in handle if line.strip()]


def read_units(path: Path) -> list[Unit]:
    """Return the units of a JSON-lines file written by write_jsonl."""
    with path.open(encoding="utf-8") as handle:
        return [Unit.from_json(json.loads(line)) for line in handle if line.strip()]


def summary_lines(result: ChunkingResult) -> list[str]:
    """Return the human-readable summary `python -m pipeline chunk` prints."""
    sizes = sorted(len(c.text) for c in result.chunks) or [0]
    per_doc = Counter(c.doc_id for c in result.chunks)
    units = result.units_per_doc
    lines = [f"文書 {len(result.documents)} 件 / 区切り {len(result.units)} 件 / "
             f"チャンク {len(result.chunks)} 件（文字数 中央値 {sizes[len(sizes) // 2]}、最大 {sizes[-1]}）"]
    for document in result.documents:
        lines.append(f"  {document.doc_id}: 区切り {units.get(document.doc_id, 0)} 件, "
                     f"チャンク {per_doc[document.doc_id]} 件 — {document.title}")
    for collection, cases in result.cases_per_collection().items():
        lines.append(f"  事例 [{collection or '分類なし'}]: {', '.join(cases)}")
    for message in result.failed:
        lines.append(f"エラー: {message}")
    for message in result.warnings:
        lines.append(f"警告: {message}")
    return lines

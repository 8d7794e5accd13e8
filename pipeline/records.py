"""Typed records passed between the stages: corpus → chunks → hits → answers."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .rules import DocumentRules
from .structure import Block


@dataclass(frozen=True)
class Document:
    """One source document as described by the corpus manifest."""

    doc_id: str
    path: Path
    title: str
    publisher: str
    date: str  # edition date the document states, ISO-like: "2026-03", "2025"
    kind: str = "slides"
    source: str = ""
    license: str = ""
    in_manifest: bool = True
    label: str = ""  # short name for filters and cards: 九州局 2025
    rules: DocumentRules = field(default_factory=DocumentRules)  # its collections, case numbering, typos

    @property
    def short_label(self) -> str:
        return self.label or f"{self.title[:16]}{'…' if len(self.title) > 16 else ''}（{self.date or '日付不明'}）"


@dataclass(frozen=True)
class RawSlide:
    """Text of one slide (seed .txt / .md section) or one PDF page, before its structure is read."""

    text: str
    page: int | None = None  # real PDF page number; None for text formats
    printed_page: str | None = None  # the number the page prints, when the reader found it


def _mostly_contents(kinds: list[str]) -> bool:
    """Return True when contents entries outnumber the other pieces (titles and headings aside)."""
    said = [k for k in kinds if k not in ("title", "heading")]
    return said.count("toc") > len(said) / 2


def unit_id(doc_id: str, position: int) -> str:
    """Return the id of a document's unit at a position (「deck#u007」)."""
    return f"{doc_id}#u{position:03d}"


@dataclass(frozen=True)
class Unit:
    """One slide of a deck, page of a PDF or section of a Markdown file, as blocks.

    `position` is the unit's order in the document (our own count, not a number the document
    prints); `printed_page` is what the document prints, `page` the real PDF page."""

    unit_id: str
    doc_id: str
    position: int
    title: str  # the unit's own title, or the nearest one before it
    page: int | None
    printed_page: str | None
    blocks: tuple[Block, ...]
    collections: tuple[str | None, ...]  # per block
    cases: tuple[str | None, ...]  # per block: the case label as the document writes it (事例⑥)
    case_titles: tuple[str | None, ...]  # per block: the line that opened its case

    @property
    def is_contents(self) -> bool:
        """True for a contents page: its entries (blocks of kind "toc") outnumber everything else
        it says, titles and headings aside. Its entries get no line vectors (index.EMBEDDED_KINDS),
        which keeps it below the pages it lists; a ranker can use this flag to demote it further."""
        return _mostly_contents([b.kind for b in self.blocks for _ in b.segments])

    def to_json(self) -> dict[str, Any]:
        return {"unit_id": self.unit_id, "doc_id": self.doc_id, "position": self.position, "title": self.title,
                "page": self.page, "printed_page": self.printed_page,
                "blocks": [b.to_json() for b in self.blocks], "collections": list(self.collections),
                "cases": list(self.cases), "case_titles": list(self.case_titles)}

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> "Unit":
        return cls(row["unit_id"], row["doc_id"], row["position"], row["title"], row["page"], row["printed_page"],
                   tuple(Block.from_json(b) for b in row["blocks"]), tuple(row["collections"]), tuple(row["cases"]),
                   tuple(row["case_titles"]))


@dataclass(frozen=True)
class Piece:
    """One quotable segment of a chunk, with the block it belongs to."""

    text: str  # display text: a whole sentence, list item or table row
    kind: str  # the block's kind (paragraph, list, table, note, heading, title, link, toc)
    block: int  # index of the block in its unit
    heading: str | None = None  # the heading the block sits under
    level: int = 0  # nesting of a list item

    def to_json(self) -> list:
        return [self.text, self.kind, self.block, self.heading, self.level]

    @classmethod
    def from_json(cls, row: list) -> "Piece":
        return cls(*row)


@dataclass(frozen=True)
class Chunk:
    """A passage small enough to quote, with everything needed to cite it."""

    chunk_id: str
    doc_id: str
    unit_id: str
    title: str  # document title
    publisher: str
    date: str
    unit_title: str
    section: str | None  # the heading the chunk's text sits under, when it isn't the unit title
    position: int  # the unit's order in the document
    page: int | None
    printed_page: str | None
    collection: str | None
    case: str | None  # as the document writes it: 事例⑥, No.14, Case 1
    heading: str  # unit title / section heading(s) / case heading
    text: str  # display text: the pieces, one per line
    search_text: str  # normalised, with the heading prepended
    content_hash: str
    pieces: tuple[Piece, ...] = field(default=())

    @property
    def is_contents(self) -> bool:
        """True for a passage of a contents page (see Unit.is_contents): mostly "toc" pieces."""
        return _mostly_contents([p.kind for p in self.pieces])

    @property
    def segments(self) -> tuple[str, ...]:
        """Return the texts a quote of this passage may be (whole sentences, items, rows)."""
        return tuple(p.text for p in self.pieces)

    def to_json(self) -> dict[str, Any]:
        row = asdict(self)
        row["pieces"] = [p.to_json() for p in self.pieces]
        return row

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> "Chunk":
        row = dict(row)
        row["pieces"] = tuple(Piece.from_json(p) for p in row.get("pieces", ()))
        return cls(**row)

    def location(self) -> list[str]:
        """Return where the passage is, as a reader finds it: the unit's title, the page the document
        prints (and the PDF page), and the case."""
        place = " › ".join(p for p in (self.unit_title, self.section) if p)
        where = [f"「{place}」"] if place else []
        if self.page is not None:
            where.append(f"p.{self.page}" + (f"（資料の表記 {self.printed_page}）" if self.printed_page
                                              and self.printed_page != str(self.page) else ""))
        elif self.printed_page:
            where.append(f"{self.printed_page}ページ")
        if self.case:
            where.append(f"{self.collection} {self.case}" if self.collection else self.case)
        return where

    @property
    def source(self) -> str:
        """Return 資料名（発行者, 日付）: the document as users cite it."""
        return f"{self.title}（{self.publisher}, {self.date}）"

    @property
    def citation(self) -> str:
        """Human-readable reference: 資料名（発行者, 日付）「単位の見出し」 ページ 事例."""
        return self.source + " ".join(self.location())


@dataclass(frozen=True)
class Hit:
    """A chunk returned by a retriever with the score that ranked it."""

    chunk: Chunk
    score: float
    source: str  # "bm25", "dense", "hybrid", "rescored"
    best_line: str | None = None


@dataclass(frozen=True)
class Citation:
    """One source of an answer: marker n, the passage, and what was quoted from it."""

    n: int
    chunk: Chunk
    quote: str  # verbatim: whole sentences, items or rows of the passage, one per line
    pieces: tuple[int, ...] = ()  # which of chunk.pieces the quote is (for highlighting in context)


@dataclass(frozen=True)
class Answer:
    """A cited answer, or a refusal that says why."""

    query: str  # the question as the user asked it
    text: str  # the answer lines, each ending in [n]; for a refusal its message
    citations: tuple[Citation, ...]
    found: bool
    mode: str = "extractive"
    notice: str | None = None
    suggestions: tuple[Hit, ...] = ()  # nearest passages, shown with a refusal
    answer_type: str = "lookup"  # what the question asks for: number, date, list, yesno, howto, case, …
    refusal_reason: str | None = None  # why the documents don't answer it (None when answered)
    interpretation: str | None = None  # how the question was read: a follow-up 「TICS（技術情報管理認証制度）について」, a word typed in kana as the documents spell it

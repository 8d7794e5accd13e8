"""Typed records passed between the stages: corpus → chunks → hits → answers."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


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
    collection: str | None = None  # collection of passages that name none (e.g. the action plan deck)


@dataclass(frozen=True)
class RawSlide:
    """Text of one slide (seed .txt / .md section) or one PDF page, before chunking."""

    text: str
    page: int | None = None  # real PDF page number; None for text formats


@dataclass(frozen=True)
class Chunk:
    """A passage small enough to quote, with everything needed to cite it."""

    chunk_id: str
    doc_id: str
    title: str
    publisher: str
    date: str
    slide: int | None
    page: int | None
    printed_page: str | None
    collection: str | None
    case: str | None
    heading: str
    text: str  # display text, faithful to the document
    search_text: str  # normalised, with slide title / case heading prepended
    content_hash: str
    lines: tuple[str, ...] = field(default=())  # display lines, for sentence-level rescoring

    def to_json(self) -> dict[str, Any]:
        row = asdict(self)
        row["lines"] = list(self.lines)
        return row

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> "Chunk":
        row = dict(row)
        row["lines"] = tuple(row.get("lines", ()))
        return cls(**row)

    def location(self) -> list[str]:
        """Return where the passage is: p.N or スライドN, the printed page, the collection and case."""
        where = []
        if self.page is not None:
            where.append(f"p.{self.page}")
        elif self.slide is not None:
            where.append(f"スライド{self.slide}")
        if self.printed_page:
            where.append(f"資料頁 {self.printed_page}")
        if self.case:
            where.append(f"{self.collection} {self.case}" if self.collection else self.case)
        return where

    @property
    def source(self) -> str:
        """Return 資料名（発行者, 日付）: the document as users cite it."""
        return f"{self.title}（{self.publisher}, {self.date}）"

    @property
    def citation(self) -> str:
        """Human-readable reference: 資料名（発行者, 日付）スライド/ページ 資料頁 事例."""
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
    n: int
    chunk: Chunk
    quote: str


@dataclass(frozen=True)
class Answer:
    query: str
    text: str
    citations: tuple[Citation, ...]
    found: bool
    mode: str = "extractive"
    notice: str | None = None
    suggestions: tuple[Hit, ...] = ()

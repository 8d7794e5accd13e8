"""Answers as Markdown an officer can paste into a talk outline: date, filters and mode, each question
with its cited lines, every quote once with its citation, and the 出典 line 政府標準利用規約 asks for.

Works on the `ask --json` records (`answer_to_json`), the same shape the app keeps in a
conversation, so a saved conversation exports exactly as it was shown."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .records import Chunk

DEFAULT_TITLE = "経済安全保障資料 Q&A"
_SPACES = re.compile(r"\s+")
_EMPHASIS = re.compile(r"([*`\\_\[\]])")
_BLOCK_MARK = re.compile(r"^([#>+=|-])")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")
_MARKER = re.compile(r"(\[\d+\])+$")


def source_label(chunk: Chunk) -> str:
    """Return the chunk's citation (one format for the app, the CLI and the export: Chunk.citation)."""
    return chunk.citation


@dataclass(frozen=True)
class ExportContext:
    """What the reader of an export needs to know besides the answers."""

    date: str  # e.g. 2026-11-22
    filters: str = "すべての資料"
    mode: str = "抽出型（資料の文をそのまま引用）"
    edited: bool = False  # the quotes will be edited on the slides: 「…を加工して作成」


@dataclass(frozen=True)
class SourceDocument:
    """A document as the 出典 line names it."""

    publisher: str
    title: str
    date: str


def attribution(document: SourceDocument, edited: bool = False) -> str:
    """Return the 出典 line 政府標準利用規約（第2.0版） asks for: 出典：発行者『題名』（年）[を加工して作成]."""
    year = document.date[:4]
    when = f"（{year}年）" if year.isdigit() else ""
    return f"出典：{document.publisher}『{document.title}』{when}" + ("を加工して作成" if edited else "")


def inline(text: str) -> str:
    """Return document text as one inert Markdown line: tags shown literally, no stray emphasis or
    links, and no heading/list/quote syntax at its start."""
    text = _SPACES.sub(" ", text).strip()
    text = _EMPHASIS.sub(r"\\\1", text).replace("<", "&lt;")
    text = _BLOCK_MARK.sub(r"\\\1", text)
    return _LIST_NUMBER.sub(r"\1\\\2", text)


def _answer_lines(text: str) -> list[str]:
    """Return the answer's lines as Markdown list items, markers kept as written ([1])."""
    out = []
    for line in (l.strip() for l in text.splitlines()):
        if not line:
            continue
        marker = _MARKER.search(line)
        body, tail = (line[: marker.start()], marker.group(0)) if marker else (line, "")
        out.append(f"- {inline(body)}{tail}")
    return out


def answer_to_markdown(record: Mapping[str, Any], level: int = 2) -> str:
    """Return one question and its answer (or refusal with its reason and the nearest passages)."""
    lines = [f"{'#' * level} {inline(record['query'])}", ""]
    if record.get("notice"):
        lines += [f"※ {inline(record['notice'])}", ""]
    if record.get("found"):
        lines += _answer_lines(record["answer"])
        lines += ["", "**引用元**", ""]
        for citation in record.get("citations", []):
            lines.append(f"- [{citation['n']}] {inline(citation['citation'])}")
            seen: set[str] = set()
            for quote in (q.strip() for q in citation.get("quote", "").splitlines()):
                if quote and quote not in seen:  # each quote once, even when several lines cite it
                    seen.add(quote)
                    lines.append(f"  > {inline(quote)}")
    else:
        lines.append(f"- {inline(record.get('refusal_reason') or record['answer'])}")
        suggestions = record.get("suggestions") or []
        if suggestions:
            lines += ["", "**近い記述（参考）**", ""]
            for hit in suggestions:
                lines.append(f"- {inline(hit['citation'])}")
    return "\n".join(lines) + "\n"


def _documents_cited(records: Iterable[Mapping[str, Any]], documents: Mapping[str, SourceDocument]) -> list[SourceDocument]:
    seen: dict[str, SourceDocument] = {}
    for record in records:
        for citation in record.get("citations", []) if record.get("found") else []:
            doc_id = citation["chunk_id"].split("#", 1)[0]
            if doc_id in documents and doc_id not in seen:
                seen[doc_id] = documents[doc_id]
    return list(seen.values())


def conversation_to_markdown(records: list[Mapping[str, Any]], documents: Mapping[str, SourceDocument],
                             context: ExportContext, title: str = DEFAULT_TITLE) -> str:
    """Return questions and answers as one Markdown document with its date, filters, mode and the
    出典 line of every document cited."""
    parts = [f"# {inline(title)}", "",
             f"作成日: {context.date} ／ 対象資料: {inline(context.filters)} ／ 回答方式: {inline(context.mode)}", ""]
    parts += [answer_to_markdown(r, level=2) for r in records]
    cited = _documents_cited(records, documents)
    if cited:
        parts += ["---", ""] + [attribution(d, context.edited) for d in cited] + [""]
    return "\n".join(parts)

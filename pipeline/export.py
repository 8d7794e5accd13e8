"""Answers as Markdown an officer can paste into a talk outline: question, cited lines, sources."""
from __future__ import annotations

import re
from collections.abc import Iterable

from .answer import quote_of
from .records import Answer, Chunk

DEFAULT_TITLE = "経済安全保障資料 Q&A"
_SPACES = re.compile(r"\s+")
_EMPHASIS = re.compile(r"([*`\\])")
_BLOCK_MARK = re.compile(r"^([#>+=|-])")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")


def source_label(chunk: Chunk) -> str:
    """Return the chunk's citation (one format for the app, the CLI and the export: Chunk.citation)."""
    return chunk.citation

def _inline(text: str) -> str:
    """Return document text as one inert Markdown line: tags shown literally, no stray emphasis
    or code spans, and no heading/list/quote syntax at its start."""
    text = _SPACES.sub(" ", text).strip()
    text = _EMPHASIS.sub(r"\\\1", text).replace("<", "&lt;")
    text = _BLOCK_MARK.sub(r"\\\1", text)
    return _LIST_NUMBER.sub(r"\1\\\2", text)


def _sources(lines: list[str], heading: str, entries: Iterable[tuple[str, str]]) -> None:
    lines += ["", f"**{heading}**", ""]
    for label, quote in entries:
        lines.append(f"- {_inline(label)}")
        if quote:
            lines.append(f"  > {_inline(quote)}")


def answer_to_markdown(answer: Answer, level: int = 2) -> str:
    """Return one question and its answer (or refusal with the nearest passages) as Markdown."""
    lines = [f"{'#' * level} {_inline(answer.query)}", ""]
    lines += [f"- {_inline(line)}" for line in answer.text.splitlines() if line.strip()]
    if answer.notice:
        lines += ["", f"※ {_inline(answer.notice)}"]
    if answer.found:
        _sources(lines, "出典", ((f"[{c.n}] {source_label(c.chunk)}", quote_of(c.quote)) for c in answer.citations))
    elif answer.suggestions:
        _sources(lines, "近い記述（参考）",
                 ((source_label(h.chunk), quote_of(h.best_line or h.chunk.text.splitlines()[0]))
                  for h in answer.suggestions))
    return "\n".join(lines) + "\n"


def conversation_to_markdown(answers: list[Answer], title: str = DEFAULT_TITLE) -> str:
    """Return a whole conversation as one Markdown document, one section per question."""
    parts = [f"# {_inline(title)}\n"] + [answer_to_markdown(a, level=2) for a in answers]
    return "\n".join(parts)

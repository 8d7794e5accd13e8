"""A document as units of blocks: the reader's slides or pages, the page numbers they print, their
structure, and the collection and case each block belongs to (from the manifest's rules)."""
from __future__ import annotations

import re
from dataclasses import replace

from .readers import PAGE_TRAILING, read_slides
from .records import Document, RawSlide, Unit, unit_id
from .rules import CollectionTracker
from .structure import SECTION_MARK, Block, last_heading, parse_blocks, wrap_profile

# A page number the extraction left as the last line of a slide: "20", "30※" (a footnote mark
# after the number), or at the end of the last line ("…の企業 13").
_PAGE_ALONE = re.compile(r"^(\s*)(\d{1,3})(※?\s*)$")
_PAGE_LEADING = re.compile(r"^(\s*)(\d{1,3})(※\s)")
# A unit this long with a number only at its end is several printed pages the extraction ran
# together: the number marks the last of them, not the unit.
MULTI_PAGE_CHARS = 2000


def split_printed_page(text: str) -> tuple[str, str | None]:
    """Return (text with the printed page number blanked out, the number) for a unit whose last line
    carries one; offsets in the text are kept (the digits become spaces)."""
    lines = text.split("\n")
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip():
            break
    else:
        return text, None
    last = lines[index]
    for pattern in (_PAGE_ALONE, _PAGE_LEADING, PAGE_TRAILING):
        match = pattern.search(last)
        if match and (pattern is not _PAGE_ALONE or index > 0):
            start, end = match.span(2)
            lines[index] = last[:start] + " " * (end - start) + last[end:]
            if pattern is _PAGE_ALONE:
                lines[index] = lines[index].replace("※", " ")
            return "\n".join(lines), match.group(2)
    return text, None


def build_units(document: Document, slides: list[RawSlide]) -> list[Unit]:
    """Return the document's units: structure read, page numbers taken out, titles carried over to
    units that have none of their own, collections and cases annotated."""
    profile = wrap_profile("\n".join(slide.text for slide in slides))
    tracker = CollectionTracker(document.rules)
    units: list[Unit] = []
    carried = document.title  # the heading in force where a unit without a title of its own starts
    section: str | None = None  # the last numbered section heading, "(1) 官民対話…"
    for position, slide in enumerate(slides, start=1):
        text, printed = slide.text, slide.printed_page
        if printed is None and slide.page is None:  # a PDF page's number was read from its layout
            text, printed = split_printed_page(text)
            if printed and len(text) > MULTI_PAGE_CHARS:
                printed = None
        blocks = tuple(b for b in parse_blocks(text, profile) if b.segments)
        # Links that open a unit are the slide before's (「YouTubeで紹介動画を公開中！」 ends one slide, its
        # 「アクセスはこちら https://…」 opens the next text block): they go to the end of that unit,
        # under the heading in force there, where the line that says what they link to is. So do notes
        # marked ※ (「※ p20「相手国の制度の確認」、p23…」 under a case): footnotes stand at a slide's foot
        # (a source note, 「(出所) …」, may head the slide it belongs to)
        opening = next((i for i, b in enumerate(blocks) if b.kind != "link" and not (
            b.kind == "note" and b.segments[0].text.lstrip().startswith("※"))), len(blocks))
        if opening and units:
            units[-1] = _with_blocks(units[-1], blocks[:opening])
            blocks = blocks[opening:]
        if not blocks:
            continue
        # A unit that opens with the source note of the slide before it is titled by the first
        # heading after it.
        lead = next((b for b in blocks if b.kind != "note"), None)
        if lead is not None and lead.kind in ("title", "heading") and not lead.header:
            title = lead.segments[0].text
        else:
            # (a title carried over from a unit that had none of its own may name the section already)
            named = not section or carried == section or carried.startswith(f"{section} / ")
            title = carried if named else f"{section} / {carried}"
        for block in blocks:
            if block.kind in ("title", "heading") and SECTION_MARK.match(block.segments[0].text):
                section = block.segments[0].text
        carried = last_heading(list(blocks)) or title
        notes = tracker.annotate(blocks)
        units.append(Unit(
            unit_id=unit_id(document.doc_id, position), doc_id=document.doc_id, position=position, title=title,
            page=slide.page, printed_page=printed, blocks=blocks, collections=tuple(notes.collections),
            cases=tuple(notes.cases), case_titles=tuple(notes.case_titles),
        ))
    return units


def _with_blocks(unit: Unit, blocks: tuple[Block, ...]) -> Unit:
    """Return `unit` with `blocks` added at its end, under its last heading, in its last block's
    collection and case."""
    heading = last_heading(list(unit.blocks)) or unit.title
    added = tuple(replace(b, heading=b.heading or heading) for b in blocks)
    return replace(unit, blocks=unit.blocks + added, collections=unit.collections + (unit.collections[-1],) * len(added),
                   cases=unit.cases + (unit.cases[-1],) * len(added),
                   case_titles=unit.case_titles + (unit.case_titles[-1],) * len(added))


def read_document(document: Document) -> tuple[list[Unit], list[str]]:
    """Return the units of one corpus document and the reader's warnings; InputError if unreadable."""
    slides, warnings = read_slides(document.path)
    units = build_units(document, slides)
    if not units:
        warnings = [*warnings, f"{document.path.name}: 構造を読み取れる本文がありません。"]
    return units, warnings

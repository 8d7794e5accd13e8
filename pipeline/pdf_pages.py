"""PDF pages as a reader sees them: the body text of each page, in reading order, with the page
number the page prints.

Text extraction gives characters in the order the producer drew them, so a page comes out with its
running header first, two columns interleaved line by line, table cells run together, and every
line cut where the text box wrapped it. This module works from the characters' positions instead:

- lines are characters on one baseline; a gap wider than a character splits a line into runs
  (table cells, columns, a right-aligned page number);
- the printed page number (「3」「- 3 -」「3 / 12」「p.3」) at the top or bottom of a page is recorded,
  not kept as text;
- running headers and footers (the same text, digits aside, at the top or bottom of most pages)
  are dropped;
- two columns (a gutter that runs down the page with prose on both sides) are read left column
  first; other multi-run lines are table rows, their cells separated by tabs;
- a line that fills its text box and does not end a sentence goes on in the next line, so wrapped
  lines are joined; a wider gap between lines, or a change of type size, is a blank line;
- a sentence that runs over a page break is completed on the page where it starts, and its end is
  taken off the next page.

Nothing here knows a particular document; the thresholds are in units of the type size.
"""
from __future__ import annotations

import difflib
import math
import re
import statistics
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace

from .normalize import CLOSERS as _CLOSERS
from .normalize import SENTENCE_END as _SENTENCE_END
from .normalize import ends_sentence
from .records import RawSlide

RUN_GAP_EM = 1.1  # a gap wider than this (in character heights) separates two runs of a line
SPACE_GAP_EM = 0.25  # a narrower gap with no space character is kerning, not a space
BAND = 0.12  # headers and footers sit in the outer 12 % of the page height …
BAND_LINES = 3  # … among the first or last three lines of the page
REPEATED_SHARE = 0.5  # a header or footer is on at least half the pages with text (and 3 or more)
NEAR_SAME = 0.8  # difflib ratio at which two header lines count as the same running text
FULL_LINE_EM = 1.6  # a line ending this close to its text box's right edge filled it
PARAGRAPH_GAP = 1.3  # a line spacing this many times the usual one separates paragraphs
TABLE_ROW_GAP = 3.0  # … and this many times between two table rows (cells have padding)
SIZE_CHANGE = 0.15  # type size differing by more than this (relative) is another kind of line
MIN_BOX_SHARE = 0.4  # a text box narrower than this share of the page width is no wrapping text box
MIN_COLUMN_EM = 8  # a column narrower than this (a row of page numbers) is not a column of prose

_BULLET_START = re.compile(r"^(?:[・•●○◦◆◇■□▪▫▶▷►▸▼▽➤➢→⇒✓✔☑◎※]|[-*+]\s)")
_NUMBER_START = re.compile(r"^(?:\(\d{1,2}\)|（\d{1,2}）|\d{1,2}[.．)）](?!\d)|[①-⑳]|[❶-❿]|第\d+[章節])")

# Printed page numbers, on NFKC text (full-width digits and dashes folded). A decorated number is
# taken at its word; a bare number only when the page prints its own index or another page
# shares its offset (so a stray 「12」 in a table at the bottom is not a page number).
_DECORATED_PAGE = (
    re.compile(r"[-‐―–—]\s*(\d{1,3})\s*[-‐―–—]"),  # - 3 -
    re.compile(r"(\d{1,3})\s*/\s*\d{1,3}"),  # 3 / 12
    re.compile(r"[pP][.．]?\s*(\d{1,3})"),  # p.3
    re.compile(r"第?\s*(\d{1,3})\s*(?:ページ|頁)"),  # 3ページ
)
_BARE_PAGE = re.compile(r"(\d{1,3})")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


# --------------------------------------------------------------------------- layout records


@dataclass(frozen=True)
class Run:
    """Characters of one line with no wide gap between them: a phrase, a table cell, a column's line."""

    text: str
    x0: float
    x1: float


@dataclass(frozen=True)
class Line:
    """Runs on one baseline (PDF units: y grows upwards), left to right."""

    runs: tuple[Run, ...]
    baseline: float
    size: float  # character height

    @property
    def text(self) -> str:
        return "\t".join(r.text for r in self.runs)

    @property
    def x0(self) -> float:
        return self.runs[0].x0

    @property
    def x1(self) -> float:
        return self.runs[-1].x1

    def keep(self, runs: list[Run]) -> "Line":
        return replace(self, runs=tuple(runs))


@dataclass(frozen=True)
class PageText:
    """The lines of one PDF page, top to bottom, as laid out."""

    page: int  # 1-based PDF page number
    width: float
    height: float
    lines: tuple[Line, ...]
    plain: str = ""  # the extraction's own text, used when the layout can't be read
    vertical: bool = False  # the characters, in the order drawn, run down the page


@dataclass
class _Placed:
    """A body line placed in its text box (the page's, or a column's)."""

    text: str
    line: Line
    box: tuple[float, float]  # left and right edge of the text box it sits in
    table: bool = False  # a row of cells
    break_before: bool = False  # starts a new column


@dataclass
class _Flow:
    """A page's body as logical lines (wraps joined), with what the cross-page join needs."""

    page: PageText
    printed: str | None
    lines: list[str] = field(default_factory=list)  # "" = paragraph break
    last: _Placed | None = None  # the line the page's text ends with
    first: _Placed | None = None  # the line the page's text starts with
    moved: bool = False  # its text was all the end of a sentence from the page before


# --------------------------------------------------------------------------- reading characters


def read_page(page, number: int) -> PageText:
    """Return the lines of a pypdfium2 page, from its characters' positions."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        x, y = ctypes.c_double(), ctypes.c_double()
        glyphs = []
        for index in range(textpage.count_chars()):
            if pdfium_c.FPDFText_IsGenerated(raw, index) == 1:
                continue  # the line breaks and spaces pdfium guesses; positions decide here
            code = pdfium_c.FPDFText_GetUnicode(raw, index)
            if code < 0x20 or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
                continue
            left, bottom, right, top = textpage.get_charbox(index, loose=True)
            pdfium_c.FPDFText_GetCharOrigin(raw, index, x, y)
            size = top - bottom
            if size <= 0:
                size = pdfium_c.FPDFText_GetFontSize(raw, index) or 1.0
            glyphs.append((chr(code), min(left, x.value), max(right, x.value), y.value, size))
        plain = textpage.get_text_range()
    finally:
        textpage.close()
    width, height = page.get_size()
    return PageText(number, width, height, tuple(lines_from_glyphs(glyphs)), plain, runs_downward(glyphs))


def runs_downward(glyphs: list[tuple[str, float, float, float, float]]) -> bool:
    """Return True when most steps from one drawn character to the next go down the page in the
    same column (vertical writing) rather than along a line."""
    steps = [(b[1] - a[1], a[3] - b[3], max(a[4], b[4])) for a, b in zip(glyphs, glyphs[1:])
             if not a[0].isspace() and not b[0].isspace()]
    down = sum(1 for dx, dy, size in steps if abs(dx) < 0.3 * size and 0.5 * size < dy < 2 * size)
    return len(steps) >= 8 and down > 0.6 * len(steps)


def lines_from_glyphs(glyphs: list[tuple[str, float, float, float, float]]) -> list[Line]:
    """Return lines, top to bottom, from (char, left, right, baseline, size) glyphs."""
    rows: list[list[tuple[str, float, float, float, float]]] = []
    for glyph in sorted(glyphs, key=lambda g: (-g[3], g[1])):
        if rows and abs(rows[-1][0][3] - glyph[3]) <= 0.3 * max(rows[-1][0][4], glyph[4]):
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
    lines = []
    for row in rows:
        row.sort(key=lambda g: g[1])
        size = statistics.median(g[4] for g in row if not g[0].isspace()) if any(
            not g[0].isspace() for g in row) else row[0][4]
        runs: list[Run] = []
        text, start, end, spaced = "", None, None, False
        for char, left, right, _base, _size in row:
            if char.isspace():
                spaced = bool(text)
                continue
            if end is not None and left - end > RUN_GAP_EM * size:
                runs.append(Run(text, start, end))
                text, start, spaced = "", None, False
            elif end is not None and (spaced or left - end > SPACE_GAP_EM * size):
                text += " "
            if start is None:
                start = left
            text += char
            end = right
            spaced = False
        if text:
            runs.append(Run(text, start, end))
        if runs:
            lines.append(Line(tuple(runs), statistics.median(g[3] for g in row), size))
    return lines


# --------------------------------------------------------------------------- page numbers, headers


def page_number_of(text: str) -> tuple[str, str, bool] | None:
    """Return (number, the text left without it, decorated?) when `text` is a printed page number,
    or (decorated ones only) ends or starts with one: 「無断転載禁止 - 3 -」."""
    folded = unicodedata.normalize("NFKC", text).strip()
    match = _BARE_PAGE.fullmatch(folded)
    if match:
        return str(int(match.group(1))), "", False
    for pattern in _DECORATED_PAGE:
        match = pattern.fullmatch(folded)
        if match:
            return str(int(match.group(1))), "", True
        match = re.search(rf"(?:^|\s){pattern.pattern}$", folded)
        if match:
            return str(int(match.group(1))), folded[:match.start()].strip(), True
        match = re.match(rf"{pattern.pattern}\s", folded)
        if match:
            return str(int(match.group(1))), folded[match.end():].strip(), True
    return None


def _band(page: PageText) -> list[int]:
    """Return the indices of the lines that may be a running header or footer."""
    top = [i for i, l in enumerate(page.lines[:BAND_LINES]) if l.baseline >= page.height * (1 - BAND)]
    n = len(page.lines)
    bottom = [i for i in range(max(0, n - BAND_LINES), n) if page.lines[i].baseline <= page.height * BAND]
    return sorted(set(top + bottom))


def printed_page_numbers(pages: list[PageText]) -> dict[int, tuple[str, int, int]]:
    """Return, by PDF page, (printed number, line index, run index) of the number each page prints."""
    found: dict[int, tuple[str, int, int, bool]] = {}
    for page in pages:
        band = _band(page)
        # the outermost lines first: a page number is at the very top or bottom
        for i in sorted(band, key=lambda i: min(i, len(page.lines) - 1 - i)):
            line = page.lines[i]
            for r in (len(line.runs) - 1, 0) if len(line.runs) > 1 else (0,):
                hit = page_number_of(line.runs[r].text)
                if hit:
                    found.setdefault(page.page, (hit[0], i, r, hit[2]))
                    break
            if page.page in found:
                break
    # Numbering runs with the pages: keep a number whose offset from the PDF page another page
    # shares, or that is the PDF page itself; a lone decorated number is taken at its word.
    offsets = defaultdict(int)
    for number, (value, _i, _r, _decorated) in found.items():
        offsets[int(value) - number] += 1
    return {number: (value, i, r) for number, (value, i, r, decorated) in found.items()
            if offsets[int(value) - number] >= 2 or int(value) == number or (decorated and len(found) < 2)}


def _running_key(text: str) -> str:
    return _DIGITS.sub("#", _SPACE.sub("", unicodedata.normalize("NFKC", text)))


def _without_number(line: Line, run: int) -> Line:
    """Return the line with the page number taken out of run `run`."""
    rest = page_number_of(line.runs[run].text)
    runs = list(line.runs)
    if rest and rest[1]:
        runs[run] = replace(runs[run], text=rest[1])
    else:
        del runs[run]
    return line.keep(runs)


def strip_running_text(pages: list[PageText]) -> tuple[list[PageText], dict[int, str]]:
    """Return the pages without printed page numbers and running headers/footers, and the printed
    number of each page."""
    numbers = printed_page_numbers(pages)
    cleaned: list[PageText] = []
    for page in pages:
        lines = list(page.lines)
        if page.page in numbers:
            _value, i, r = numbers[page.page]
            lines[i] = _without_number(lines[i], r)
        cleaned.append(replace(page, lines=tuple(lines)))
    # Group band lines by their text with digits masked; near-same texts join a group.
    groups: list[tuple[str, str, set[int]]] = []  # (zone, key, pages)
    for page in cleaned:
        for i in _band(page):
            line = page.lines[i]
            if not line.runs:
                continue
            zone = "top" if line.baseline > page.height / 2 else "bottom"
            key = _running_key(line.text)
            for group_zone, group_key, members in groups:
                if group_zone == zone and (group_key == key or difflib.SequenceMatcher(
                        None, group_key, key).ratio() >= NEAR_SAME):
                    members.add(page.page)
                    break
            else:
                groups.append((zone, key, {page.page}))
    with_text = sum(1 for p in pages if p.lines)
    least = max(3, math.ceil(REPEATED_SHARE * with_text))
    running = [(zone, key) for zone, key, members in groups if len(members) >= least]
    out = []
    for page in cleaned:
        band = set(_band(page))
        keep = []
        for i, line in enumerate(page.lines):
            if not line.runs:
                continue
            if i in band:
                zone = "top" if line.baseline > page.height / 2 else "bottom"
                key = _running_key(line.text)
                if any(z == zone and (k == key or difflib.SequenceMatcher(None, k, key).ratio() >= NEAR_SAME)
                       for z, k in running):
                    continue
            keep.append(line)
        out.append(replace(page, lines=tuple(keep)))
    return out, {n: v for n, (v, _i, _r) in numbers.items()}


# --------------------------------------------------------------------------- columns and tables


def _side(line: Line, gutter: float) -> tuple[list[Run], list[Run]] | None:
    """Return the runs left and right of the gutter, or None when a run crosses it."""
    left = [r for r in line.runs if r.x1 <= gutter]
    right = [r for r in line.runs if r.x0 >= gutter]
    return (left, right) if len(left) + len(right) == len(line.runs) else None


def _column_region(lines: list[Line], start: int) -> tuple[int, float | None]:
    """Return (end, gutter) of the two-column region that starts at `start`, or (start, None).

    The region starts with a line of two runs (so a title above the columns is read before them)
    and goes on while a gutter still fits between the text left and right of it: each line's runs
    narrow the interval the gutter can be in. It ends at its last line with text both sides, plus
    the lines one side that follow at line spacing (a column longer than the other)."""
    if len(lines[start].runs) != 2:
        return start, None
    low, high = lines[start].runs[0].x1, lines[start].runs[1].x0
    end, last_both, at_last_both = start + 1, start, (low, high)
    while end < len(lines):
        line = lines[end]
        if len(line.runs) == 2:
            new = (max(low, line.runs[0].x1), min(high, line.runs[1].x0))
        elif len(line.runs) == 1 and line.x0 < low and line.x1 <= high:  # left column only
            new = (max(low, line.x1), high)
        elif len(line.runs) == 1 and line.x0 >= low and line.x1 > high:  # right column only
            new = (low, min(high, line.x0))
        else:
            break
        if new[0] >= new[1]:
            break
        low, high = new
        if len(line.runs) == 2:
            last_both, at_last_both = end, new
        end += 1
    stop = last_both + 1
    while stop < end and lines[stop - 1].baseline - lines[stop].baseline <= 2.5 * lines[stop].size:
        stop += 1
    low, high = at_last_both if stop == last_both + 1 else (low, high)
    return stop, (low + high) / 2


def _is_columns(region: list[Line], gutter: float) -> bool:
    """Return True when the lines either side of the gutter are two columns of prose: one run a
    side, both sides wide, and the left side's lines mostly reaching the gutter (wrapped text)."""
    both = []
    for line in region:
        left, right = _side(line, gutter)
        if len(left) > 1 or len(right) > 1:
            return False  # three or more cells: a table
        if left and right:
            both.append((left[0], right[0], line.size))
    if len(both) < 3:
        return False
    size = statistics.median(s for _, _, s in both)
    left_edge = max(l.x1 for l, _, _ in both)
    filled = sum(1 for l, _, _ in both if l.x1 >= left_edge - FULL_LINE_EM * size)
    widths = [(l.x1 - l.x0, r.x1 - r.x0) for l, r, _ in both]
    return (filled >= 0.5 * len(both) and statistics.median(w for w, _ in widths) >= MIN_COLUMN_EM * size
            and statistics.median(w for _, w in widths) >= MIN_COLUMN_EM * size)


def place_lines(page: PageText, box: tuple[float, float]) -> list[_Placed]:
    """Return the page's body lines in reading order, each in its text box: a two-column region
    left column first; other lines with several runs as table rows (cells tab-separated)."""
    lines = list(page.lines)
    placed: list[_Placed] = []
    i = 0
    while i < len(lines):
        region_end, gutter = _column_region(lines, i)
        region = lines[i:region_end]
        if gutter is not None and _is_columns(region, gutter):
            for column in (0, 1):
                parts = [line.keep(_side(line, gutter)[column]) for line in region]
                parts = [p for p in parts if p.runs]
                column_box = (min(p.x0 for p in parts), max(p.x1 for p in parts))
                for n, part in enumerate(parts):
                    placed.append(_Placed(part.text, part, column_box, break_before=n == 0))
            i = region_end
            continue
        line = lines[i]
        placed.append(_Placed(line.text, line, box, table=len(line.runs) > 1))
        i += 1
    return placed


# --------------------------------------------------------------------------- wraps and paragraphs


def _fills(line: _Placed) -> bool:
    """Return True for a line that runs from its box's left edge to its right edge."""
    left, right = line.box
    size = line.line.size
    return not line.table and line.line.x1 >= right - FULL_LINE_EM * size and line.line.x0 <= left + 3 * size


def _continues(previous: _Placed, following: _Placed) -> bool:
    """Return True when `following` is the rest of the sentence `previous` was wrapped in."""
    if following.table or not _fills(previous) or ends_sentence(previous.text):
        return False
    if abs(following.line.size - previous.line.size) > SIZE_CHANGE * previous.line.size:
        return False
    if following.line.x0 > following.box[0] + 3 * following.line.size:
        return False  # centred or right-aligned
    after = following.text.lstrip()
    if _BULLET_START.match(after):
        return False
    if _NUMBER_START.match(after) and not previous.text.rstrip().endswith(("、", "，", ",")):
        return False
    return True


def _join(before: str, after: str) -> str:
    """Join the two parts of a wrapped line: a space only between two Latin words."""
    if before and after and before[-1].isascii() and before[-1].isalnum() and after[0].isascii() \
            and after[0].isalnum():
        return f"{before} {after}"
    return before + after


def line_pitch(pages: list[PageText]) -> float:
    """Return the usual distance between the baselines of two lines of a paragraph (relative to
    the type size), from every page of the document."""
    ratios = []
    for page in pages:
        for a, b in zip(page.lines, page.lines[1:]):
            distance = a.baseline - b.baseline
            if abs(a.size - b.size) <= SIZE_CHANGE * a.size and 0 < distance <= 2.5 * a.size:
                ratios.append(distance / a.size)
    return statistics.median(ratios) if ratios else 1.5


def flow_page(page: PageText, box: tuple[float, float], pitch: float, printed: str | None) -> _Flow:
    """Return the page's logical lines: wraps joined, paragraph breaks as empty lines."""
    flow = _Flow(page, printed)
    previous: _Placed | None = None
    for line in place_lines(page, box):
        if previous is not None and _continues(previous, line):
            flow.lines[-1] = _join(flow.lines[-1], line.text.lstrip())
        else:
            if previous is not None:
                distance = previous.line.baseline - line.line.baseline
                # Rows of a table are spaced for their borders: a gap between them is no paragraph break.
                spacing = TABLE_ROW_GAP if previous.table and line.table else PARAGRAPH_GAP
                if line.break_before or distance <= 0 or distance > spacing * pitch * previous.line.size \
                        or abs(line.line.size - previous.line.size) > SIZE_CHANGE * previous.line.size:
                    flow.lines.append("")
            flow.lines.append(line.text)
            if flow.first is None:
                flow.first = line
        previous = line
    flow.last = previous
    return flow


def _text_box(pages: list[PageText]) -> dict[tuple[int, int], tuple[float, float]]:
    """Return, per page size, the left and right edge of the body text box: the outermost edges
    at least two one-run lines reach (one line running into the margin doesn't move them); the
    right edge is infinite (no line fills the box) when that box is narrower than MIN_BOX_SHARE
    of the page."""
    edges: dict[tuple[int, int], tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    for page in pages:
        lefts, rights = edges[(round(page.width), round(page.height))]
        for line in page.lines:
            if len(line.runs) == 1:
                lefts.append(line.x0)
                rights.append(line.x1)
    boxes = {}
    for key, (lefts, rights) in edges.items():
        sizes = [l.size for p in pages for l in p.lines] or [10.0]
        tolerance = statistics.median(sizes)
        right = next((x for x in sorted(rights, reverse=True)
                      if sum(1 for y in rights if abs(y - x) <= tolerance) >= 2), max(rights, default=0.0))
        left = next((x for x in sorted(lefts) if sum(1 for y in lefts if abs(y - x) <= tolerance) >= 2),
                    min(lefts, default=0.0))
        # Lines that only reach a narrow box (a title page, a few short bullets) filled nothing.
        boxes[key] = (left, right) if right - left >= MIN_BOX_SHARE * key[0] else (left, math.inf)
    return boxes


def _first_sentence(text: str) -> int:
    """Return the end of the first sentence of `text` (after its closing brackets), or len(text)."""
    depth = 0
    for i, char in enumerate(text):
        if char in "「『（(【":
            depth += 1
        elif char in "」』）)】" and depth:
            depth -= 1
        elif char in _SENTENCE_END and depth == 0:
            j = i + 1
            while j < len(text) and text[j] in _SENTENCE_END + _CLOSERS:
                j += 1
            return j
    return len(text)


def join_across_pages(flows: list[_Flow]) -> None:
    """Complete a sentence cut by a page break on the page where it starts: the next page's first
    sentence moves to the end of this page's last line."""
    for flow, following in zip(flows, flows[1:]):
        if following.page.page != flow.page.page + 1 or flow.last is None or following.first is None:
            continue
        if not flow.lines or not following.lines or not _continues(flow.last, following.first):
            continue
        first = following.lines[0]
        cut = _first_sentence(first)
        flow.lines[-1] = _join(flow.lines[-1], first[:cut])
        rest = first[cut:].lstrip()
        if rest:
            following.lines[0] = rest
        else:
            del following.lines[0]
            while following.lines and not following.lines[0]:
                del following.lines[0]
            following.moved = not following.lines


# --------------------------------------------------------------------------- the document


def _unreadable_layout(page: PageText) -> bool:
    """Return True when the characters don't form lines (vertical writing, rotated text): most
    runs would be a single character."""
    if page.vertical:
        return True
    runs = [run for line in page.lines for run in line.runs]
    return len(runs) >= 8 and sum(1 for run in runs if len(run.text) <= 1) > 0.6 * len(runs)


def clean_pages(pages: list[PageText], name: str) -> tuple[list[RawSlide], list[str]]:
    """Return one slide per PDF page with body text (reading order, wraps joined, running headers,
    footers and page numbers taken out, printed number recorded) and warnings naming `name` and
    the page for pages that hold no body text or whose layout could not be read."""
    warnings: list[str] = []
    readable, fallback = [], {}
    for page in pages:
        if page.lines and _unreadable_layout(page):
            fallback[page.page] = page.plain
            warnings.append(f"{name} p.{page.page}: 行の並びを読み取れません（縦書きや回転した文字の可能性）。"
                            "抽出したままの順で索引に含めます。")
            readable.append(replace(page, lines=()))
        else:
            readable.append(page)
    body, printed = strip_running_text(readable)
    boxes = _text_box(body)
    pitch = line_pitch(body)
    flows = [flow_page(page, boxes[(round(page.width), round(page.height))], pitch, printed.get(page.page))
             for page in body]
    join_across_pages(flows)
    slides: list[RawSlide] = []
    for original, flow in zip(pages, flows):
        if original.page in fallback:
            text = fallback[original.page].replace("\r\n", "\n").replace("\r", "\n")
            slides.append(RawSlide(text, page=original.page))
            continue
        text = "\n".join(flow.lines).strip("\n")
        if text.strip():
            slides.append(RawSlide(text, page=original.page, printed_page=flow.printed))
        elif flow.moved:
            continue
        elif original.lines:
            warnings.append(f"{name} p.{original.page}: ヘッダー・フッターとページ番号のほかに文字がありません"
                            "（図や画像だけのページの可能性）。")
        else:
            warnings.append(f"{name} p.{original.page}: 文字を抽出できません（スキャン画像のページの可能性）。"
                            "OCR 済みの PDF にすると検索対象になります。")
    return slides, warnings

"""Readers: turn a file of the corpus into slides (seed .txt), sections (.md) or pages (.pdf)."""
from __future__ import annotations

import re
from pathlib import Path

from .errors import InputError
from .records import RawSlide
from .structure import opens_item

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf")

# The seed decks separate slides by two or more blank lines; one blank line separates
# paragraphs inside a slide.
_SLIDE_BREAK = re.compile(r"\n(?:[ \t\u3000]*\n){2,}")
# A line holding only a printed page number ("8", "30※") closes a slide even where the
# extraction left no blank lines after it.
_PAGE_NUMBER_LINE = re.compile(r"^\s*\d{1,3}※?\s*$")
# …and one set at the end of the slide's last line, after its text (「…の企業 13」)
PAGE_TRAILING = re.compile(r"(\S\s+)(\d{1,2})(\s*)$")
_TOC_LEADER = re.compile(r"\t|・・・|…|\.\.\.")  # a table of contents: 「…対応が求められているのか？ ・・・ 1」
FRAGMENT_CHARS = 40
_MD_HEADING = re.compile(r"^#{1,6}\s")
_HIRAGANA = re.compile("[\u3041-\u3096]")


def decode_text(data: bytes, path: Path) -> str:
    """Return the text of a file saved as UTF-8 (with or without BOM), UTF-16 with BOM, Shift_JIS/cp932
    or EUC-JP."""
    if not data.strip():
        raise InputError(f"{path.name}: ファイルが空です。", "内容のあるファイルに置き換えてください。")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its BOM (Windows メモ帳の「Unicode」)
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise InputError(
            f"{path.name}: テキストではないバイナリファイルのようです。",
            "UTF-8 のテキスト（.txt/.md）か PDF を corpus/ に置いてください。",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Shift_JIS and EUC-JP bytes often both decode without error, one of them into nonsense
    # (half-width katakana and rare kanji): the reading with more hiragana is the Japanese one.
    readings = []
    for encoding in ("cp932", "euc_jp"):
        try:
            readings.append(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    if readings:
        return max(readings, key=lambda text: len(_HIRAGANA.findall(text)))
    raise InputError(
        f"{path.name}: 文字コードを判別できません（UTF-8・UTF-16・Shift_JIS・EUC-JP のどれでもありません）。",
        "UTF-8 で保存し直してください。",
    )


def split_slides(text: str) -> list[RawSlide]:
    """Return the slides of a seed-format deck, in order, without empty ones."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n\n")
    slides: list[RawSlide] = []
    for block in _SLIDE_BREAK.split(_pages_broken_after_trailing_numbers(text)):
        current: list[str] = []
        for line in block.split("\n"):
            current.append(line)
            if _PAGE_NUMBER_LINE.match(line) and any(l.strip() for l in current[:-1]):
                slides.append(RawSlide("\n".join(current).strip("\n")))
                current = []
        if any(l.strip() for l in current):
            slides.append(RawSlide("\n".join(current).strip("\n")))
    return _with_fragments_joined(slides)  # every slide kept holds a non-blank line


def _pages_broken_after_trailing_numbers(text: str) -> str:
    """Return `text` with a slide break after each line that ends with a printed page number and runs
    straight on into the next page (「…特定技術・製品の企業 13」 then 「産業・技術基盤強化のための…」).
    A number closing a line is taken for a page number only when it falls between the page numbers the
    deck prints on lines of their own before and after it: a count or a year at a line's end does not."""
    lines = text.split("\n")
    printed = [(i, int(line.strip().rstrip("※"))) for i, line in enumerate(lines) if _PAGE_NUMBER_LINE.match(line)]
    breaks = []
    for i, line in enumerate(lines[:-1]):
        match = PAGE_TRAILING.search(line)
        if not match or not lines[i + 1].strip() or PAGE_TRAILING.search(lines[i + 1]) or _TOC_LEADER.search(line):
            continue
        before = [n for j, n in printed if j < i]
        after = [n for j, n in printed if j > i]
        if before and after and before[-1] < int(match.group(2)) < after[0]:
            breaks.append(i)
    for i in reversed(breaks):
        lines.insert(i + 1, "\n")
    return "\n".join(lines)


def _with_fragments_joined(slides: list[RawSlide]) -> list[RawSlide]:
    """Return the slides with the fragments between them joined to a slide: a few words set apart by
    blank lines, no sentence among them (「◆ YouTubeで概要動画を公開中！」, 「1. 事前届出書の提出」), are a
    label or a piece of a figure the extraction cut off, not a slide; they go with what follows, except
    the last items of a list, which stay with the list before them."""
    merged: list[RawSlide] = []
    pending: list[str] = []
    for slide in slides:
        if merged and len(re.sub(r"\s", "", slide.text)) < FRAGMENT_CHARS and "。" not in slide.text and \
                not _PAGE_NUMBER_LINE.match(slide.text.rsplit("\n", 1)[-1]):  # (the first is the cover)
            if not pending and opens_item(slide.text) and opens_item(merged[-1].text.rsplit("\n", 1)[-1]):
                # the last items of the list the slide before ends with
                merged[-1] = RawSlide(f"{merged[-1].text}\n\n{slide.text}", merged[-1].page, merged[-1].printed_page)
            else:
                pending.append(slide.text)
            continue
        merged.append(RawSlide("\n\n".join([*pending, slide.text])) if pending else slide)
        pending = []
    if pending:
        merged.append(RawSlide("\n\n".join(pending)))
    return merged


def split_markdown(text: str) -> list[RawSlide]:
    """Return one slide per markdown heading section (text before the first heading too)."""
    sections: list[list[str]] = [[]]
    for line in text.replace("\r\n", "\n").split("\n"):
        if _MD_HEADING.match(line) and any(l.strip() for l in sections[-1]):
            sections.append([])
        sections[-1].append(line)
    return [RawSlide("\n".join(s).strip("\n")) for s in sections if any(l.strip() for l in s)]


def read_pdf(path: Path) -> tuple[list[RawSlide], list[str]]:
    """Return one slide per PDF page with body text, with its real page number and the number it
    prints, and warnings naming the pages that hold no text (see pipeline/pdf_pages.py)."""
    import pypdfium2 as pdfium  # lazy: only needed when the corpus has PDFs

    from .pdf_pages import clean_pages, read_page

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        reason = str(exc)
        if "password" in reason.lower():
            raise InputError(
                f"{path.name}: PDF がパスワードで保護されています。",
                "保護を解除した PDF を corpus/ に置いてください。",
            ) from exc
        raise InputError(
            f"{path.name}: PDF を読み込めません（{reason}）。", "壊れていない PDF に置き換えてください。"
        ) from exc
    pages, unread = [], []
    try:
        for index in range(len(pdf)):
            try:
                pages.append(read_page(pdf[index], index + 1))
            except pdfium.PdfiumError as exc:  # one broken page: the others are still read
                unread.append(f"{path.name} p.{index + 1}: ページを読み込めません（{exc}）。")
    finally:
        pdf.close()
    slides, warnings = clean_pages(pages, path.name)
    warnings = unread + warnings
    if not slides:
        raise InputError(
            f"{path.name}: PDF に文字情報がありません（スキャン画像のみの PDF の可能性）。",
            "OCR で文字情報を付けた PDF を corpus/ に置いてください。",
        )
    return slides, warnings


def read_slides(path: Path) -> tuple[list[RawSlide], list[str]]:
    """Return the slides of one corpus file and any warnings; InputError if it can't be read."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(
            f"{path.name}: 対応していない形式です（{suffix or '拡張子なし'}）。",
            "対応形式は .txt / .md / .pdf です。",
        )
    try:
        if suffix == ".pdf":
            return read_pdf(path)
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path.name}: ファイルを読めません（{exc.strerror}）。", "ファイルの権限を確認してください。") from exc
    text = decode_text(data, path)
    slides = split_markdown(text) if suffix == ".md" else split_slides(text)
    if not slides:
        raise InputError(f"{path.name}: 本文がありません。", "内容のあるファイルに置き換えてください。")
    return slides, []

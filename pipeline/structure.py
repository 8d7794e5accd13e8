"""Document structure: the text of one unit (a slide, a PDF page, a Markdown section) as blocks.

A block is a title, heading, paragraph, list, table, note, link or contents (toc) entry; it is
made of *segments*, the pieces a quote may be: one sentence of a paragraph or note, one list
item, one table row. Lines the extraction hard-wrapped are joined back into sentences first (a
line that does not end a sentence, followed by one that continues it), never across blocks.
Every segment keeps its span in the unit's source text, so a quote can be found and highlighted.

The rules here are about Japanese documents in general (sentence ends, bullets, numbering,
tab-separated tables); nothing names a particular document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .normalize import CLOSERS as _CLOSERS
from .normalize import SENTENCE_END as _SENTENCE_END
from .normalize import COLONS, circled_number_value, ends_sentence, fix_ideographs

BLOCK_KINDS = ("title", "heading", "paragraph", "list", "table", "note", "link", "toc")
QUOTABLE_KINDS = ("paragraph", "list", "table", "note")

HEADING_MAX_CHARS = 50  # a longer line without a sentence end is a wrapped sentence, not a heading
LABEL_MAX_CHARS = 14  # a markerless line this short beside another is a diagram label
WRAPPED_LABEL_CHARS = 10  # a numbered label this short, with as short a line right under it, is one label
HEADING_MIN_WRAP_CHARS = 12  # in a hard-wrapped document a shorter unfinished line is a label
LONE_LABEL_CHARS = 6  # an unfinished piece shorter than this (「＋」) is a lone label, even where a sentence runs on
NOTE_LEAD_MAX_CHARS = 30  # a note line this short, no sentence, right above a list introduces it
LINK_LABEL_MAX_CHARS = 20  # 「アクセスはこちら」 above a URL is the link's label
BRACKET_SPAN_CHARS = 80  # a bracket left open longer than this was never closed: sentence ends count again

# Bullets: ASCII list marks, Japanese bullets and arrows, and private-use glyphs (PDF fonts'
# bullets). "- ・" (a Markdown item whose text starts with a bullet) counts as one mark. A dash set right
# against Japanese text (「－「…領域」では、…」) is a slide's bullet too.
_BULLET = re.compile(r"^(\s*)((?:[-*+]\s+)?(?:[・•●○◦◆◇■□▪▫▶▷►▸▼▽➤➢→⇒✓✔☑◎]|[\ue000-\uf8ff])|[-*+](?=\s)|"
                     r"[-－](?=[「『（一-龥ぁ-んァ-ヶ]))\s*")
_NUMBER = re.compile(r"^(\s*)((?:[-*+]\s+)?(?:\(\d{1,2}\)|（\d{1,2}）|[(（]例\s*[0-9０-９]{1,2}[)）]|\d{1,2}[.．](?!\d)|\d{1,2}[)）]|[①-⑳]|[❶-❿]|"
                     r"[a-zA-Z][.)](?=\s)|[ア-ン][.．、](?=\S)))\s*")
# The mark of a slide or part of reference material (「（参考）EU経済安全保障パッケージ」「【参考】投資管理」)
REFERENCE_MARK = r"\(参考\)|（参考）|【参考】"
_HEADING_MARK = re.compile(r"^\s*(?:#{1,6}\s|【[^】]{1,30}】|第[0-9０-９一二三四五六七八九十]+[章節部]|" + REFERENCE_MARK
                           + r"|<[^<>]{1,30}>|〈[^〈〉]{1,30}〉|＜[^＜＞]{1,30}＞)")
# A deck's numbered section, "(2)" (half- or full-width brackets): what follows it is a new section,
# even inside a slide (chunking.heading_path).
NUMBERED_SECTION_MARK = r"\(\d+\)|（\d+）"
# A heading that opens a new section of a document: numbered "(1)", chapters, 【…】 parts. A case
# ends there; 「A社の例」 or 「対応策の例」 under a case do not end it.
SECTION_MARK = re.compile(r"^\s*(?:" + NUMBERED_SECTION_MARK + r"|【[^】]*】|" + REFERENCE_MARK + r"|第\d+章|[◆■]|\d+[.．]\s*[①-⑳]|#)")
_NOTE = re.compile(r"^\s*(?:※|\(※\)|（※）|\(注\d*\)|（注\d*）|注[:：）)]|\(出所\)|（出所）|出所[:：]|\(出典\)|（出典）|出典[:：]|資料[:：]|備考[:：])")
# How Japanese government material names its source: 「…を九州経済産業局加工」「…より作成」.
# A line saying where a slide's content comes from (「…資料より抜粋」「…を九州経済産業局加工」)
ATTRIBUTION = re.compile(r"(?:を|より|から)\S{0,20}?(?:加工|作成|引用|抜粋)(?:して作成)?[。)）]?\s*$")
_URL = re.compile(r"https?://[^\s<>()（）「」]+")
_LINK_LINE = re.compile(r"^\s*(?:<?https?://\S+>?|\[[^\]]*\]\(\S*\))\s*$")
_TOC_LINE = re.compile(r"(?:[・…‥.．·]{3,}|\t[・…‥.．·]+\t)\s*\d{1,3}\s*$")
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$|^\s*\d{1,3}\s*/\s*\d{1,3}\s*$")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_INLINE_TAG = re.compile(r"</?(?:a|b|i|u|em|strong|span|mark|font|sup|sub|small|big|code)(?:\s[^<>]*)?>", re.IGNORECASE)
_BOLD = re.compile(r"\*\*|__")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_AUTOLINK = re.compile(r"<(https?://[^<>\s]+)>")
_SPACES = re.compile(r"[ \t\u3000]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f々〆〇ー]")
_PAIRS = (("「", "」"), ("『", "』"), ("（", "）"), ("(", ")"), ("【", "】"), ("〈", "〉"), ("《", "》"))
_PARTICLES = tuple("のをにはがとでへやも")
_DANGLING = _PARTICLES + tuple("、，,")
_CONTINUES = re.compile(r"^[\u3041-\u3096ぁ-ゖゝゞーっゃゅょ、。，．」』）)】〉》：:]")  # a line can't start with these
# The characters of a word (not a mark: ・, a bracket, a comma)
_WORD_CHARS = "一-龥々ァ-ヶぁ-んA-Za-z0-9"
# A word and ・ ending a line (「③ 技術のコモディティ化・」): the line goes on (a row of dots is no word)
_WORD_AND_DOT = re.compile(rf"[{_WORD_CHARS}]・$")
# 「各企業が潜在的に有している脅威」 then 「(リスク)は千差万別。」: a bracketed gloss of the last word above, then a
# particle — a line opening so goes on from the line before, however short that is (not a numbered 「(1)は」)
_GLOSS_GOES_ON = re.compile(r"^[(（](?![0-9０-９一二三四五六七八九十]+[)）])[^()（）]{1,15}[)）](?:" + "|".join(_PARTICLES) + ")")


@dataclass(frozen=True)
class Segment:
    """A piece a quote may be: a sentence, a list item or a table row, with its source span."""

    text: str  # display text: wraps joined, markup and list marks removed, ideographs unified
    start: int  # span [start, end) in the unit's source text
    end: int
    level: int = 0  # nesting of a list item (0 = top)
    cells: tuple[str, ...] = ()  # a table row's cells

    def to_json(self) -> list:
        return [self.text, self.start, self.end, self.level, list(self.cells)]

    @classmethod
    def from_json(cls, row: list) -> "Segment":
        text, start, end, level, cells = row
        return cls(text, start, end, level, tuple(cells))


@dataclass(frozen=True)
class Block:
    """A title, heading, paragraph, list, table, note, link or contents entry of one unit."""

    kind: str
    segments: tuple[Segment, ...]
    heading: str | None = None  # the heading (or unit title) the block sits under
    header: tuple[str, ...] = ()  # a table's header cells

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.segments)

    @property
    def start(self) -> int:
        return self.segments[0].start

    @property
    def end(self) -> int:
        return self.segments[-1].end

    def to_json(self) -> dict:
        row = {"kind": self.kind, "segments": [s.to_json() for s in self.segments]}
        if self.heading:
            row["heading"] = self.heading
        if self.header:
            row["header"] = list(self.header)
        return row

    @classmethod
    def from_json(cls, row: dict) -> "Block":
        return cls(row["kind"], tuple(Segment.from_json(s) for s in row["segments"]), row.get("heading"),
                   tuple(row.get("header", ())))


# --------------------------------------------------------------------------- lines


@dataclass
class _Line:
    """One logical line: physical lines joined where the extraction wrapped a sentence."""

    pieces: list[tuple[int, int]]  # spans of the physical lines it is made of
    text: str  # cleaned text (markup removed, ideographs unified), marker still on
    kind: str = "text"  # text | bullet | number | table | note | link | toc | blank
    body: str = ""  # the text after the list mark
    level: int = 0
    blank_before: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


def clean_inline(text: str) -> str:
    """Return a line's display text: tags, bold marks, Markdown link targets and private-use glyphs
    removed, ideographs unified, runs of spaces collapsed. Words are never changed."""
    text = _AUTOLINK.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _INLINE_TAG.sub("", text)
    text = _HTML_TAG.sub(" ", text)  # block tags (<p>, <li>, <td> …) separate what they held
    text = _BOLD.sub("", text)
    text = _PRIVATE_USE.sub(" ", text)
    return _SPACES.sub(" ", fix_ideographs(text)).strip()


def _family(mark: str) -> str:
    """Return the kind of list mark, so items of one list are told from their sub-items:
    "(n)", "n.", "①", "-", "・", "●" … each form a family; the digits themselves don't matter."""
    mark = mark.strip()
    if re.fullmatch(r"\(\d+\)|（\d+）", mark):
        return "(n)"
    if re.fullmatch(r"\d+[.．]", mark):
        return "n."
    if re.fullmatch(r"\d+[)）]", mark):
        return "n)"
    if re.fullmatch(r"[(（]例\s*[0-9０-９]+[)）]", mark):
        return "(例n)"  # 「(例１) …」「(例２) …」: examples numbered as such
    if re.fullmatch(r"[①-⑳]", mark):
        return "①"
    if re.fullmatch(r"[❶-❿]", mark):
        return "❶"
    if mark[:1] in "-*+":
        return "-"
    return mark[:1]


def without_list_mark(text: str) -> str:
    """Return a line without the list mark it starts with (「(6) 制度」 → 「制度」, 「③ 電解銅箔」 → 「電解銅箔」):
    the mark numbers an item, it states no value."""
    match = _NUMBER.match(text)
    if match is None and _NUMBERED_TITLE.match(text):  # 「2 産業防衛策」: a diagram's numbered section
        return text.split(None, 1)[1]
    return text[match.end():] if match else text


def opens_item(text: str) -> bool:
    """Return True for a line that opens a list item (「- 東京」「③ 電解銅箔」); ◆ and ■ open sections."""
    return bool(_BULLET.match(text) or _NUMBER.match(text)) and not SECTION_MARK.match(text)


_LABELLED_NUMBER = re.compile(r"^\s*[＜<【〈]\s*([^＜＞<>【】〈〉①-⑳]{0,6}?)\s*([①-⑳])\s*[＞>】〉]")


def enumeration(text: str) -> tuple[str, int] | None:
    """Return the family and number of the list mark a line starts with (「② 産業支援策」 → ("①", 2),
    「3. 原則」 → ("n.", 3)), or None for a line without a numbered mark."""
    match = _NUMBER.match(text)
    if not match:
        # 「＜論点①＞︓産業界との…」「【課題②】」: a circled number inside a bracketed label
        label = _LABELLED_NUMBER.match(text)
        return (f"{label.group(1)}①", circled_number_value(label.group(2))) if label else None
    mark = match.group(2).strip().lstrip("-*+").strip()
    family = _family(mark)
    if family == "❶":
        return family, ord(mark) - ord("❶") + 1
    value = circled_number_value(mark) if family == "①" else None
    digits = re.search(r"\d+", mark)
    if value is None and digits is None:
        return None  # a. / ア. : lettered, not counted here
    return family, value if value is not None else int(digits.group(0))


def _classify(raw: str) -> tuple[str, str, int, str, str]:
    """Return (kind, text after any list mark, indentation level, list-mark family, the line as a
    heading would show it) of one physical line."""
    stripped = raw.strip()
    plain = clean_inline(raw)
    if "\t" in raw.strip("\n") and raw.strip(" \u3000\n"):
        return ("toc", plain, 0, "", plain) if _TOC_LINE.search(raw) else ("table", raw, 0, "", raw)
    if _TOC_LINE.search(stripped):
        return "toc", plain, 0, "", plain
    if _LINK_LINE.match(stripped):
        return "link", plain, 0, "", plain
    if _NOTE.match(plain):
        return "note", plain, 0, "", plain
    indent = len(raw) - len(raw.lstrip(" \u3000"))
    level = 0 if indent == 0 else 1 if indent < 4 else 2
    for kind, pattern in (("bullet", _BULLET), ("number", _NUMBER)):
        match = pattern.match(raw)
        if not match:
            continue
        mark, body = match.group(2), raw[match.end():]
        if kind == "bullet":  # "- ① …": a bulleted item that is numbered reads as a numbered item
            inner = _NUMBER.match(body)
            if inner and not inner.group(2).startswith(("-", "*", "+")):
                mark, body, kind = inner.group(2), body[inner.end():], "number"
        elif mark[:1] in "-*+":
            mark = mark[1:].strip()
        body = clean_inline(body)
        # a numbered item is shown as written: 「①精密軸受」 stays without a space, 「(1) 登録」 keeps its one
        shown = clean_inline(re.sub(r"^\s*[-*+]\s+", "", raw)) if kind == "number" else body
        if kind == "number" and _BULLET.match(raw) and not shown.startswith(mark.strip()[:1]):
            shown = clean_inline(raw[_BULLET.match(raw).end():])
        return kind, body, level, _family(mark), shown
    return "text", clean_inline(raw), level, "", clean_inline(raw)


def _ends_sentence(text: str) -> bool:
    """Return True for a line that ends a sentence, ends a lead-in (「…：」) or is empty."""
    return not text.rstrip(_CLOSERS + " ") or ends_sentence(text) or text.rstrip(_CLOSERS + " ").endswith(("：", ":"))


def _unclosed(text: str) -> bool:
    """Return True when `text` opens a bracket it does not close (the sentence must go on)."""
    return any(text.count(o) > text.count(c) for o, c in _PAIRS)


# 「…不競法の対象となるが、転職そのものを…」: a clause ended by a verb or ない and joined on with が/ので/
# けれど is a sentence's, not a heading's (a heading is a noun phrase)
_CLAUSE_JOINED = re.compile(r"(?:[るただ]|ない|です|ます)(?:が|けれど|けど|ので|から)[、，,]")


def is_aside(text: str) -> bool:
    """Return True for a line wholly in round brackets (「(2025年1月24日 総理施政方針演説)」「（参考）…」 is not):
    an aside or a source, which says something of what is near it rather than titling it."""
    return bool(re.match(r"^[(（].*[)）]$", text))


def _is_heading_text(text: str) -> bool:
    """Return True for a short line that could title something: no sentence end, no dangling
    particle or comma (「③ 基幹インフラの」 is the first half of a wrapped line) unless a heading
    mark says what it is (「第1章 営業秘密とは」), brackets closed, not an enumeration (two or more 、)."""
    return (2 <= len(text) <= HEADING_MAX_CHARS and not _ends_sentence(text) and not _unclosed(text)
            and (not text.endswith(_DANGLING) or _pure_heading(text)) and text.count("、") < 2
            and not _CLAUSE_JOINED.search(text))


@dataclass(frozen=True)
class WrapProfile:
    """How a document was extracted: hard-wrapped at a text-box width, or one paragraph per line."""

    hard_wrapped: bool = False
    width: int = 0  # typical length of a line the extraction wrapped


def wrap_profile(text: str) -> WrapProfile:
    """Return the document's wrap profile, judged from lines that evidently stop mid-sentence (the
    next line starts with a particle or a comma, which no Japanese line does on its own)."""
    lines = [clean_inline(l) for l in text.split("\n")]
    wrapped = [len(a) for a, b in zip(lines, lines[1:])
               if a and b and not _ends_sentence(a) and _CONTINUES.match(b)]
    content = sum(1 for l in lines if l)
    if len(wrapped) < 10 or len(wrapped) < 0.03 * content:
        return WrapProfile()
    wrapped.sort()
    return WrapProfile(True, wrapped[len(wrapped) // 2])


def _pure_heading(text: str) -> bool:
    """Return True for a line that is only a heading mark and a few words (【参考】投資管理, <概要>,
    第1章 はじめに); a bracketed date (<2024年9月>) is not a heading."""
    match = _HEADING_MARK.match(text)
    return (bool(match) and len(text[match.end():].strip()) <= 20 and "、" not in text
            and (not re.search(r"\d", match.group(0)) or match.group(0).lstrip().startswith("第")))


# Arrows that chain steps (「珪石→金属シリコン→…」); a line with one between two words is such a chain
ARROWS = ("→", "⇒")
_ARROW_CHAIN = re.compile(r"[^\s{0}]\s*[{0}]\s*[^\s{0}]".format("".join(ARROWS)))


def _joins(previous: _Line, following: _Line, across_blank: bool, profile: WrapProfile) -> bool:
    """Return True when `following` continues the sentence `previous` was cut in."""
    if previous.kind not in ("text", "bullet", "number", "note") or following.extra.get("indented"):
        return False
    before, after = previous.extra.get("last", previous.text).rstrip(), following.text.lstrip()
    if not before or not after or _ends_sentence(previous.text) or _pure_heading(previous.text):
        return False
    if _HEADING_MARK.match(after) or _PAGE_NUMBER.match(after) or _NOTE.match(after):
        return False
    if previous.kind == "text" and following.kind == "text" and not across_blank \
            and len(before) <= LABEL_MAX_CHARS and not _ends_sentence(before) and re.fullmatch(r"[(（][A-Za-z\s]+[)）]", after):
        return True  # 「産業支援策」 then 「(Promotion)」: a label and its gloss in another language, one label
    if following.kind == "text" and _GLOSS_GOES_ON.match(after) and _CJK.match(before[-1]):
        return True
    if across_blank and not profile.hard_wrapped:
        return False  # a blank line separates paragraphs, except in a PDF extraction that wrapped at a width
    if across_blank and _LABELLED.match(after):
        return False  # 「（出典）英国 「…戦略」等」, a blank line, 「サプライチェーンリスク対応︓…」: a labelled point starts
    if _ARROW_CHAIN.search(before) and following.extra.get("plain", after).lstrip().startswith(ARROWS):
        # 「③金属シリコン→③ポリシリコン」 then 「→③ウェハ→③太陽電池セル」: a chain of steps wrapped at an arrow
        # goes on (an arrow opening a line after one with none, 「→ 外国投資家から…」, says what follows: an item)
        return True
    if previous.kind == "text" and previous.extra.get("indented") and following.kind == "text" and not across_blank:
        # 「 サイバーセキュリティ対」 then 「策・データポリシー強化」: a box or bullet whose mark was lost starts
        # indented; the unindented line right under it is its own next line (the next box starts indented)
        return True
    if len(after) == 1 and _CJK.match(after) and following.kind == "text" and _CJK.match(before[-1]):
        return True  # 「…不競法の対」 then 「象」: one character alone is the end of a word cut off
    # 「…①重要物資、②基幹インフラ、」 then 「③先端重要技術、…」: an enumeration running on, not a new item.
    # (「③ 技術のコモディティ化・」 then 「対外依存の領域」: see _WORD_AND_DOT)
    comma = before.endswith(("、", "，", ","))
    cut = _unclosed(previous.text) or comma or before.endswith(_PARTICLES) \
        or bool(_WORD_AND_DOT.search(before)) or _hangs(previous, before)
    # (in a deck wrapped at a width, a bullet that leads in with a comma, 「• 短期的提案として、」, goes on to the
    # numbered items after it across a blank line: they say what it leads in to)
    if following.kind == "number" and cut and (not across_blank or profile.hard_wrapped and previous.kind == "bullet" and comma):
        return True
    if following.kind != "text":
        return False
    # 「④ 特許出願」 then 「非公開制度」: a circled-number label wrapped in its diagram box — both short,
    # nothing between them, neither a sentence, no figure under it (「(2) 手数料」 then 「年額 3,000 円」
    # is a heading and its value)
    if previous.kind == "number" and previous.extra.get("family") == "①" and not across_blank \
            and len(previous.text) <= WRAPPED_LABEL_CHARS and len(after) <= WRAPPED_LABEL_CHARS \
            and not _ends_sentence(after) and not re.search(r"\d", after):
        return True
    if cut or _CONTINUES.match(after):
        # not a lone label such as 「＋」 (the line as joined so far: 「…強みを」「もつ、」 is no label) — but a word
        # of two or more, then a line opening with kana that ties it on, is a box wrapped after its first word
        # (「不可欠性」 then 「の維持」)
        return len(previous.text.rstrip()) >= LONE_LABEL_CHARS or bool(
            _CONTINUES.match(after) and not across_blank and re.search(r"[一-龥々ァ-ヶー]{2}$", before))
    # 「①ロールtoロールによる連続生産、」「塗工や封止技術等、製品化の鍵となる」「大型化や耐久性の分野でリード。」:
    # an item already running on as a sentence (a comma in its last line) goes on to the line that ends it
    running = previous.kind in ("number", "bullet") and ("、" in before or "，" in before) and _ends_sentence(after)
    if not profile.hard_wrapped or previous.kind not in ("text", "note") and not running or before[-1] in _CLOSERS \
            or not _CJK.match(before[-1]) \
            or not (_CJK.match(after[0]) or after[0] in "(（「『"):
        return False  # an item's first line (「② 重要技術育成プログラム」) titles what follows
    # A document wrapped at a text-box width: a line that stops mid-sentence goes on in the next,
    # unless it is short enough to be a label (blank-separated lines must fill the box). A note
    # wraps too (「※経産省関係では、…工作機械・産業用」 then 「ロボット、…の８つ」).
    # (a comma inside the line, 「原料確保に加え、高い変」, shows a sentence under way: no label however short)
    sentence = previous.kind == "text" and "、" in before.rstrip("、") and not across_blank
    return len(before) >= (0.8 * profile.width if across_blank else LONE_LABEL_CHARS if sentence else HEADING_MIN_WRAP_CHARS)


# A line opening with a short label and a colon (「サプライチェーンリスク対応︓…」「政府、企業、アカデミアの連携拡大︓…」)
_LABELLED = re.compile(rf"^[^。{COLONS}]{{2,20}}[{COLONS}]\S")


# The particles of two or more characters ending in て that close a heading (「2030年に向けて」「…について」)
_HEADING_TE = re.compile(r"(?:について|に向けて|に関して|において|に対して|にとって|として|によって|を通じて|に基づいて|に応じて)$")


def _hangs(previous: _Line, before: str) -> bool:
    """Return True for an item stopped at a verb's て-form (「①︓世界に先駆けて」, a blank line, then 「2030年までに」
    「実用化を目指す。」): it has not yet said what it says, unless the て closes a heading's particle."""
    return previous.kind in ("number", "bullet") and before.endswith("て") and len(before) >= 3 \
        and not _HEADING_TE.search(before)


def _continues_item(item: _Line, following: _Line) -> bool:
    """Return True for a plain line right under a list item (no blank line, no mark, not indented):
    the item's own second line, as Markdown reads it (「- 人材」 then 「物価上昇を超える賃上げ…」)."""
    return (item.kind == "bullet" and following.kind == "text" and not following.blank_before
            and not following.extra.get("indented") and not _HEADING_MARK.match(following.text)
            and _ends_sentence(item.text) is False and not _PAGE_NUMBER.match(following.text))


def _join_text(before: str, after: str) -> str:
    """Join two pieces of a wrapped sentence: a space only between two Latin words (Japanese has none)."""
    if before and after and before[-1].isascii() and before[-1].isalnum() and after[0].isascii() and after[0].isalnum():
        return f"{before} {after}"
    return before + after


def logical_lines(text: str, profile: WrapProfile = WrapProfile()) -> list[_Line]:
    """Return the unit's non-empty logical lines (hard wraps joined), with their kinds."""
    physical: list[_Line] = []
    offset = 0
    blank = True
    for raw in text.split("\n"):
        span = (offset, offset + len(raw.rstrip()))
        offset += len(raw) + 1
        if not raw.strip() or not clean_inline(raw) and "\t" not in raw:
            blank = True
            continue
        kind, body, level, family, shown = _classify(raw)
        line = _Line([span], shown if kind != "table" else raw, kind, body if kind in ("bullet", "number") else "",
                     level, blank)
        line.extra["family"] = family
        line.extra["plain"] = clean_inline(raw)
        if kind == "table":
            line.extra["cells"] = [clean_inline(c) for c in raw.rstrip("\n").split("\t")]
        line.extra["indented"] = raw[:1] in (" ", "\u3000")  # a box or bullet whose mark was lost
        line.extra["last"] = line.text
        blank = False
        if physical and _continues_item(physical[-1], line):
            prev = physical[-1]  # a Markdown lazy continuation line: the item goes on, on a new line
            prev.pieces.append(span)
            # (a label, 「人材」, is set apart from what it labels; a sentence cut off at the width of its box,
            # 「…研究セキュリティの向上のた」 then 「めの…」, goes on with no space inside its word: in a
            # hard-wrapped document, or a sentence under way, a comma inside it)
            wrapped = re.match(rf"[{_WORD_CHARS}ー]", prev.body[-1:]) and (
                profile.hard_wrapped or "、" in prev.body.rstrip("、") and len(prev.body) >= HEADING_MIN_WRAP_CHARS)
            join = _join_text if wrapped else "{} {}".format
            prev.text, prev.body = join(prev.text, line.text), join(prev.body, line.text)
            prev.extra["last"] = line.text
            continue
        if physical and _joins(physical[-1], line, line.blank_before, profile):
            prev = physical[-1]
            prev.pieces.append(span)
            piece = line.extra["plain"]  # 「③人材の…」 running on keeps its mark as written
            prev.text = _join_text(prev.text, piece)
            prev.extra["last"] = piece
            if prev.body:
                prev.body = _join_text(prev.body, piece)
            continue
        physical.append(line)
    return physical


# --------------------------------------------------------------------------- blocks


def last_heading(blocks: list[Block]) -> str | None:
    """Return the heading a unit leaves in force at its end: its last title or heading, or a short
    line left alone at its very end (a slide title the extraction cut off from its slide)."""
    # (not an aside in brackets, 「(2025年1月24日 総理施政方針演説)」: the source of what is above it)
    if blocks and blocks[-1].kind in ("list", "paragraph") and len(blocks[-1].segments) == 1 \
            and _is_heading_text(blocks[-1].segments[0].text) and not is_aside(blocks[-1].segments[0].text):
        return blocks[-1].segments[0].text
    for block in reversed(blocks):
        if block.kind in ("title", "heading") and not block.header:  # a table's header heads its rows only
            return block.segments[0].text
    return None


def split_sentences(text: str) -> list[str]:
    """Return the sentences of `text`: cut after 。！？ outside brackets (a closing bracket right
    after the end stays with its sentence; 「…。」 inside a sentence does not end it)."""
    opening = {o: c for o, c in _PAIRS}
    closing = {c for _, c in _PAIRS}
    out, start, depth, opened_at = [], 0, 0, 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in opening:
            depth, opened_at = depth + 1, opened_at if depth else i
        elif ch in closing and depth:
            depth -= 1
        elif ch in _SENTENCE_END and (depth == 0 or i - opened_at > BRACKET_SPAN_CHARS):
            j = i + 1
            while j < len(text) and (text[j] in _SENTENCE_END or text[j] in _CLOSERS):
                j += 1
            out.append(text[start:j])
            start = i = j
            continue
        i += 1
    out.append(text[start:])
    return [s.strip() for s in out if s.strip()]


def _sentence_segments(line: _Line, text: str | None = None, level: int = 0) -> list[Segment]:
    """Return a line's sentences as segments; spans are the line's (a sentence can't be mapped
    back into a wrapped line piece by piece without guessing)."""
    out = []
    for sentence in split_sentences(text if text is not None else line.text):
        out.append(Segment(sentence, line.start, line.end, level))
    return out


def _is_label(line: _Line | None) -> bool:
    return (line is not None and line.kind == "text" and len(line.text) <= LABEL_MAX_CHARS
            and not _ends_sentence(line.text))


# A number written straight onto a word (14対象事業, 1ヶ月以内; not a date, not 「1. 」「2 産業防衛策」)
_COUNT_FIRST = re.compile(r"^[0-9０-９][0-9０-９,.]*(?![年月日時])[\u3005\u4e00-\u9fff\u30a0-\u30ffヶ]")


# A diagram's numbered section title: a number, a space, a few words naming no count or statement (「1 産業支援策」
# 「3 国際枠組みの構築・産業界との対話」, a gloss in brackets after it; not 「19 技術を指定」 nor 「5 年後」)
_NUMBERED_TITLE = re.compile(r"^[0-9]{1,2}\s+(?![年月日時人社件回倍])[一-龥ァ-ヶ][^。、をがはにで]{0,24}(?:[(（][A-Za-z\s]+[)）])?$")


def _is_heading(line: _Line, following: _Line | None, previous: _Line | None = None,
                in_force: str | None = None) -> bool:
    """Return True when `line` titles what follows it rather than saying something itself (`in_force`:
    the heading the line would sit under)."""
    if line.kind not in ("text", "number") or _NOTE.match(line.text):
        return False
    if line.kind == "text" and not line.blank_before and _is_label(previous) and _is_label(line):
        return False  # the last of a run of diagram labels (経営層 / 管理職 / 現場)
    text = line.body if line.kind == "number" else line.text
    if not _is_heading_text(text):
        return False
    if _pure_heading(line.text):
        return True
    if is_aside(text) or re.search(r"[：:]\S", text) and not SECTION_MARK.match(line.text):
        return False  # an aside in brackets, or "label: value", says something itself (a numbered
        # section's title may have a subtitle after a colon: 「(7) 個別の相談にご関心の方：…のご紹介」)
    if line.kind == "text" and _COUNT_FIRST.match(text):
        return False  # 「14対象事業」「1ヶ月以内」: a line opening with a count states it
    if following is None:
        return False
    if line.kind == "number":
        # "(1) 官民対話…" above a paragraph titles it; "1. はじめに" above "2. 基本方針", or above
        # its own sub-items, is an item of a list, and so is the last item after its siblings.
        if previous is not None and previous.kind in ("number", "bullet") and not line.blank_before:
            return False
        return following.kind not in ("number", "bullet") or following.blank_before
    if line.kind == "text" and line.blank_before and _NUMBERED_TITLE.match(text):
        return True  # 「2 産業防衛策(protect)」 over its boxes: a diagram's numbered section, however short they are
    if line.kind == "text" and following.kind == "text" and following.blank_before and _NUMBERED_TITLE.match(following.text):
        return False  # …and the last box of the section before it heads nothing
    # A markerless short line above another short markerless line is a label of a diagram.
    if following.kind == "text" and len(following.text) <= LABEL_MAX_CHARS and not _ends_sentence(following.text):
        return False
    # 「① サプライチェーン強靱化」「12物資指定、総額2.4兆円」「② 重要技術育成プログラム」: a markerless line
    # between two numbered headings of one family is what the first says, not a heading with nothing under it
    # — right after the first, or the last of the lines under it (「③対象範囲」「国内の…」「輸出入のみ」
    # 「全世界のサプライチェーン」「④シミュレーション」).
    if line.kind == "text" and following.kind == "number":
        after = enumeration(following.text)
        for before in (enumeration(previous.text) if previous is not None else None,
                       enumeration(in_force) if in_force else None):
            if before and after and before[0] == after[0] and after[1] == before[1] + 1:
                return False
    return True


def _list_levels(items: list[_Line]) -> list[int]:
    """Return each item's nesting: by indentation, and by mark family (a "・" item under a "-" item,
    or "-" items under "①" items, are its sub-items)."""
    families: list[str] = []
    levels = []
    for item in items:
        family = item.extra.get("family", "")
        if family in families:
            depth = families.index(family)
            del families[depth + 1:]
        else:
            depth = len(families)
            families.append(family)
        levels.append(max(depth, item.level))
    return levels


def parse_blocks(text: str, profile: WrapProfile = WrapProfile()) -> list[Block]:
    """Return the blocks of one unit's text, in reading order (see the module docstring)."""
    lines = logical_lines(text, profile)
    blocks: list[Block] = []
    heading: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        following = lines[i + 1] if i + 1 < len(lines) else None
        if line.kind == "table":
            rows = [line]
            while i + 1 < len(lines) and lines[i + 1].kind == "table" and not lines[i + 1].blank_before:
                i += 1
                rows.append(lines[i])
            table = _table_block(rows, heading)
            if table.header:  # the header names what the rows are: it heads them, and is found by search
                heading = " ".join(c for c in table.header if c)
                blocks.append(Block("heading", (Segment(heading, rows[0].start, rows[0].end),), table.heading,
                                    table.header))  # header cells mark it as a table's heading
                table = Block("table", table.segments, heading, table.header)
            blocks.append(table)
        elif line.kind == "toc":
            entries = [line]
            while i + 1 < len(lines) and lines[i + 1].kind == "toc":
                i += 1
                entries.append(lines[i])
            blocks.append(Block("toc", tuple(Segment(e.text, e.start, e.end) for e in entries), heading))
        elif line.kind == "link":
            blocks.append(Block("link", (Segment(line.text, line.start, line.end),), heading))
        elif line.kind == "text" and following is not None and following.kind == "link" and \
                len(line.text) <= LINK_LABEL_MAX_CHARS and not _ends_sentence(line.text):
            # 「アクセスはこちら」 above a URL names the link; it titles nothing else.
            i += 1
            blocks.append(Block("link", (Segment(f"{line.text} {following.text}", line.start, following.end),), heading))
        elif line.kind == "note":
            segments = _sentence_segments(line)
            # A note goes on over the lines right under it (「(出所) …HP」 then 「…を加工」).
            while i + 1 < len(lines) and lines[i + 1].kind in ("note", "text") and \
                    (not lines[i + 1].blank_before or ATTRIBUTION.search(lines[i + 1].text)):
                i += 1
                segments += _sentence_segments(lines[i])
            blocks.append(Block("note", tuple(segments), heading))
        elif not blocks and line.kind in ("text", "number") and _is_heading_text(line.text) and len(line.text) <= 60:
            heading = line.text
            blocks.append(Block("title", (Segment(line.text, line.start, line.end),)))
        elif (entries := _timeline(lines, i)) is not None:
            # 「1951年」「世界初の商用コンピューター」「UNIVAC I」: each date with the entry it heads, one item
            # (under the slide's title: the label last above it, 「Apple IIの発売」, is another entry's)
            title = next((b.segments[0].text for b in blocks if b.kind == "title"), heading)
            blocks.append(Block("list", tuple(Segment(_entry_text(entry), entry[0].start, entry[-1].end)
                                              for entry in entries), title))
            i += sum(map(len, entries)) - 1
        elif _is_heading(line, following, lines[i - 1] if i else None, heading) or _next_numbered_heading(line, blocks):
            heading = line.text
            blocks.append(Block("heading", (Segment(line.text, line.start, line.end),), _parent_heading(blocks)))
        elif line.kind in ("bullet", "number"):
            items = [line]
            while i + 1 < len(lines) and lines[i + 1].kind in ("bullet", "number") and \
                    not _is_heading(lines[i + 1], lines[i + 2] if i + 2 < len(lines) else None, lines[i]) and \
                    not _next_numbered_heading(lines[i + 1], blocks, items) and \
                    (not lines[i + 1].blank_before or lines[i + 1].extra.get("family") == line.extra.get("family")):
                i += 1
                items.append(lines[i])
            # A numbered item keeps its number (「⑯量子ドット」 is how the document names it); a bullet is dropped.
            segments = tuple(Segment(item.text if item.kind == "number" else item.body, item.start, item.end, level)
                             for item, level in zip(items, _list_levels(items)) if item.body)
            if segments:
                blocks.append(Block("list", segments, _note_lead(blocks) or heading))
        else:
            paragraph = [line]
            while i + 1 < len(lines) and lines[i + 1].kind == "text" and not lines[i + 1].blank_before and \
                    not _is_heading(lines[i + 1], lines[i + 2] if i + 2 < len(lines) else None):
                i += 1
                paragraph.append(lines[i])
            segments = tuple(s for p in paragraph for s in _sentence_segments(p))
            if segments:
                blocks.append(Block("paragraph", segments, heading))
        i += 1
    return blocks


# A line that is a date and nothing else (「1951年」「2024年5月」「2024.1」)
_BARE_DATE = re.compile(r"\s*(?:\d{4}\s*年(?:\s*\d{1,2}\s*月)?|\d{4}\s*[./]\s*\d{1,2})\s*")
TIMELINE_MIN_ENTRIES = 2  # dated entries in a row that make a timeline
TIMELINE_LINE_CHARS = 40  # an entry's second line is as short as a diagram's label


_UNFINISHED = re.compile(r"[ぁ-ゖ]$")  # a phrase that goes on on the next line (「…の起源となる」「OSのLinuxの」)


def _timeline(lines: list[_Line], i: int) -> list[list[_Line]] | None:
    """Return the entries of a timeline written date first that starts at line `i` — each a date that
    opens a group of lines, the line right under it and the next line too when it is as short and the
    line under the date is unfinished (「日本初の…として」) or the next date, a note or the end follows it
    (「1951年」「世界初の商用コンピューター」「UNIVAC I」) — or None. Dates under their entries (「初代iPhone発売」
    over 「2007年」) are not read so: a date there follows its line without a blank between them."""
    def dated(j: int) -> bool:
        return j + 1 < len(lines) and lines[j].kind == "text" and bool(_BARE_DATE.fullmatch(lines[j].text)) and \
            (lines[j].blank_before or j == 0) and lines[j + 1].kind == "text" and not lines[j + 1].blank_before \
            and not _BARE_DATE.fullmatch(lines[j + 1].text)

    entries: list[list[_Line]] = []
    j = i
    while dated(j):
        entry = lines[j:j + 2]
        second = j + 2
        after = lines[second + 1] if second + 1 < len(lines) else None
        if second < len(lines) and lines[second].kind == "text" and len(lines[second].text) <= TIMELINE_LINE_CHARS \
                and not _BARE_DATE.fullmatch(lines[second].text) \
                and (_UNFINISHED.search(lines[j + 1].text) or after is None or after.kind == "note"
                     or _BARE_DATE.fullmatch(after.text)):
            entry.append(lines[second])
        entries.append(entry)
        j += len(entry)
    return entries if len(entries) >= TIMELINE_MIN_ENTRIES else None


def _entry_text(entry: list[_Line]) -> str:
    """Return a timeline entry as one item: the date, a space, and its lines — run on where a phrase goes
    on (「…の起源となる」「コンピュータネットワーク…」), a space between two labels (「…コンピューター」「UNIVAC I」)."""
    text = entry[0].text
    for k, line in enumerate(entry[1:], start=1):
        text += line.text if k > 1 and _UNFINISHED.search(entry[k - 1].text) else f" {line.text}"
    return text


def _next_numbered_heading(line: _Line, blocks: list[Block], items: list[_Line] = ()) -> bool:
    """Return True for a numbered line that goes on from a numbered heading in force (「１．FDIスクリーニング
    規則の改正」 a heading, then 「２．デュアルユース…」 over its bullets): the next section of the same series,
    not an item of the list under the one before — also of a series a nested one opened inside
    (「①産業支援策」 over 「①技術優位性…」「②サプライチェーン…」 and their bullets, then 「②産業防衛策」),
    unless the list being read (`items`) has the number before it."""
    mark = enumeration(line.text)
    if line.kind != "number" or mark is None or not _is_heading_text(line.body):
        return False
    if any(enumeration(item.text) == (mark[0], mark[1] - 1) for item in items):
        return False
    in_force: list[tuple[str, int]] = []
    for block in blocks:
        number = enumeration(block.segments[0].text) if block.kind == "heading" else None
        if number is not None:
            go_on(in_force, number)
    return (mark[0], mark[1] - 1) in in_force


def go_on(in_force: list[tuple[str, int]], number: tuple[str, int]) -> int | None:
    """Add a numbered heading to the series in force (innermost last): one that goes on from a series
    closes those opened inside it, any other opens a series of its own. Return the depth of the series
    it went on from, or None."""
    at = next((d for d in range(len(in_force) - 1, -1, -1) if in_force[d] == (number[0], number[1] - 1)), None)
    if at is not None:
        del in_force[at:]
    in_force.append(number)
    return at


def _note_lead(blocks: list[Block]) -> str | None:
    """Return the note right above a list when it introduces it (「（※）考慮すべきリスクの例」 over
    「（１）…（２）…」): one short line that is no sentence. It heads that list only."""
    if blocks and blocks[-1].kind == "note" and len(blocks[-1].segments) == 1:
        text = blocks[-1].segments[0].text
        if len(text) <= NOTE_LEAD_MAX_CHARS and not _ends_sentence(text) and not ATTRIBUTION.search(text):
            return text
    return None


def _parent_heading(blocks: list[Block]) -> str | None:
    for block in reversed(blocks):
        if block.kind in ("title", "heading") and not block.header:  # a table's header heads its rows only
            return block.segments[0].text
    return None


_CELL_BULLET = re.compile(r"(?:^|\s)[・●○■◆▪•]\s*")


def _cell_items(cell: str, least: int = 2) -> tuple[str, list[str]]:
    """Return (the words before the list, its bullet items) for a table cell that holds a list
    (「リスト規制品以外で、 ・用途が… ・需要者が…」); (cell, []) for any other cell."""
    parts = [p.strip() for p in _CELL_BULLET.split(cell)]
    if len(parts) <= least:
        return cell, []
    return parts[0], [p for p in parts[1:] if p]


def _table_block(rows: list[_Line], heading: str | None) -> Block:
    """Return a table block: one segment per row (or per item of a cell that holds a list), the
    first row as header when it names the columns."""
    cells = [[c for c in row.extra["cells"]] for row in rows]
    width = max(len(c) for c in cells)
    header: tuple[str, ...] = ()
    body_rows = list(zip(rows, cells))
    first = [c for c in cells[0] if c]
    if len(rows) > 1 and first and all(len(c) <= 30 and not _ends_sentence(c) for c in first) and \
            not any(re.match(r"^[①-⑳\d]", c) for c in first[:1]):
        header = tuple(cells[0])
        body_rows = body_rows[1:]
    segments = []
    for row, row_cells in body_rows:
        shown = [c for c in row_cells if c]
        if not shown:
            continue
        if any(_cell_items(c)[1] for c in row_cells):
            listed = [_cell_items(c, least=1) for c in row_cells]
            # A row whose cells hold lists is quoted item by item, each with the row's label (its
            # other cells and the words before each list, a segment of their own) …
            leads = tuple(lead for lead, _ in listed if lead)
            groups = [(" ".join(leads), leads, [item for _, items in listed for item in items])]
            if sum(bool(lead and items) for lead, items in listed) >= 2:
                # … but lists side by side, each under its own label (「情報交換 ・… ・…」「企業結合 ・…」), are
                # each under their own cell's label, with the row's other cells before it
                others = [lead for lead, items in listed if lead and not items]
                groups = []
                for lead, items in listed:
                    if items:
                        label = " ".join([*others, lead] if lead else others)
                        groups.append((label, (label,), items))
            for label, cells, items in groups:
                if label:
                    segments.append(Segment(label, row.start, row.end, 0, cells))
                segments.extend(Segment(item, row.start, row.end, 1, (label, item)) for item in items)
            continue
        segments.append(Segment(" ".join(shown), row.start, row.end, 0,
                                tuple(row_cells + [""] * (width - len(row_cells)))))
    if not segments:  # a header alone
        segments = [Segment(" ".join(c for c in cells[0] if c), rows[0].start, rows[0].end, 0, tuple(cells[0]))]
        header = ()
    return Block("table", tuple(segments), heading, header)

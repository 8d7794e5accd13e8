"""Segmentation: a slide's title, printed page, and the collection and case of each line."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .normalize import circled_number_value, normalize_text, strip_markup

GUIDANCE = "技術流出対策ガイダンス"
BEST_PRACTICE = "民間ベストプラクティス集"
ANTITRUST = "経済安全保障と独占禁止法に関する事例集"
ACTION_PLAN = "アクションプラン"
MANAGEMENT_GUIDELINE = "経済安全保障経営ガイドライン"
TICS = "TICS"
EXPORT_CONTROL = "輸出管理"
INVESTMENT_CONTROL = "投資管理"
COLLECTIONS = (GUIDANCE, BEST_PRACTICE, ANTITRUST, ACTION_PLAN, MANAGEMENT_GUIDELINE, TICS,
               EXPORT_CONTROL, INVESTMENT_CONTROL)

# Keywords (in normalised text) that name a collection when they appear in a heading.
# Order matters: the first match wins, so the specific names come before the general ones.
_COLLECTION_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("独占禁止法", ANTITRUST), ("独禁法", ANTITRUST),
    ("ベストプラクティス", BEST_PRACTICE),
    ("技術流出対策ガイダンス", GUIDANCE), ("ガイダンス", GUIDANCE), ("技術流出への対策", GUIDANCE),
    ("技術流出対策チェックリスト", GUIDANCE),
    ("経営ガイドライン", MANAGEMENT_GUIDELINE),
    ("TICS", TICS), ("技術情報管理認証", TICS),
    ("安全保障貿易管理", EXPORT_CONTROL), ("輸出管理", EXPORT_CONTROL), ("キャッチオール", EXPORT_CONTROL),
    ("リスト規制", EXPORT_CONTROL),
    ("投資管理", INVESTMENT_CONTROL), ("対内直接投資", INVESTMENT_CONTROL), ("外為法", INVESTMENT_CONTROL),
    ("アクションプラン", ACTION_PLAN),
)

_PRINTED_PAGE_ALONE = re.compile(r"^\s*(\d{1,3}※?)\s*$")
_PRINTED_PAGE_LEADING = re.compile(r"^\s*(\d{1,3})※\s")  # "30※ 点線枠内の物資・技術は例示"
_PRINTED_PAGE_TRAILING = re.compile(r"\S\s+(\d{1,2})\s*$")  # "フォーラの利活用を推進。 20"

_BEST_PRACTICE_BANNER = "ベストプラクティス事例"
_BEST_PRACTICE_ENTRY = re.compile(r"^\s*(\d{1,3})\.\s*(\S.*)$")
_ANTITRUST_CASE = re.compile(r"^\s*事例([\u2460-\u2473])\s*[：:]\s*(.*)$")
_GUIDANCE_CASE = re.compile(r"^\s*Case\s*(\d{1,3})\s*[：:]\s*(.*)$")
# Headings that open a new part of a slide; a case ends where one of them begins.
_SECTION_HEADING = re.compile(
    r"^\s*(?:\(\d+\)|（\d+）|【[^】]*】|\(参考\)|（参考）|第\d+章|◆|■|\d+\.\s*[\u2460-\u2473])"
)
# Headings that start a new topic of the deck: the collection in force ends there.
_BOLD = re.compile(r"\*\*([^*]+)\*\*")
_TOPIC_HEADING = re.compile(r"^\s*(?:\(\d+\)|（\d+）|【参考】)")


@dataclass(frozen=True)
class LineInfo:
    """One non-empty line of a slide with where it belongs."""

    text: str  # display text of the line
    collection: str | None
    case: str | None
    case_heading: str | None
    paragraph_start: bool  # a blank line precedes it
    section: str | None = None  # the sub-heading above the line inside its slide


def looks_like_heading(line: str) -> bool:
    """Return True for a short line that titles what follows (no sentence end, no bullet)."""
    text = clean_heading(line)
    stripped = line.strip()
    return (2 <= len(text) <= 40 and not text.endswith(("。", "、")) and not stripped.startswith(("-", "・", "•", "●"))
            and "\t" not in stripped and not stripped.startswith(("http", "<http", "※", "(出所)", "出典", "資料：", "備考")))


def collection_named_in(text: str) -> str | None:
    """Return the collection a heading names, or None."""
    normal = normalize_text(text)
    for keyword, collection in _COLLECTION_KEYWORDS:
        if keyword in normal:
            return collection
    return None


def clean_heading(line: str, limit: int = 80) -> str:
    """Return a line as a one-line heading: markup dropped, spaces collapsed, length capped."""
    text = " ".join(strip_markup(line).split()).strip("-・• ")
    return text[:limit]


def slide_title(text: str) -> str:
    """Return the slide's title: its first line with words in it."""
    for line in text.split("\n"):
        title = clean_heading(line)
        if len(title) >= 2 and not _PRINTED_PAGE_ALONE.match(title):
            return title
    return ""


def printed_page(text: str) -> str | None:
    """Return the page number printed at the end of a slide ("20", "30※"), if any."""
    lines = [l for l in text.split("\n") if l.strip()]
    if not lines:
        return None
    last = lines[-1]
    for pattern in (_PRINTED_PAGE_ALONE, _PRINTED_PAGE_TRAILING):
        match = pattern.search(last)
        if match:
            return match.group(1)
    match = _PRINTED_PAGE_LEADING.match(last)
    return f"{match.group(1)}※" if match else None


def _case_start(line: str, recent: list[str]) -> tuple[str, str, str] | None:
    """Return (case label, collection, heading) when `line` opens a case."""
    match = _ANTITRUST_CASE.match(line)
    if match:
        return f"事例{circled_number_value(match.group(1))}", ANTITRUST, clean_heading(line)
    match = _GUIDANCE_CASE.match(line)
    if match:
        return f"Case {int(match.group(1))}", GUIDANCE, clean_heading(line)
    match = _BEST_PRACTICE_ENTRY.match(line)
    if match and any(_BEST_PRACTICE_BANNER in r for r in recent):
        return f"No.{int(match.group(1))}", BEST_PRACTICE, clean_heading(line)
    return None


class DeckState:
    """The collection in force as a deck is read slide by slide (a topic spans slides)."""

    def __init__(self, default_collection: str | None = None):
        self.default = default_collection
        self.deck_collection = default_collection  # set by topic headings and slide titles


    def annotate(self, text: str) -> list[LineInfo]:
        """Return the slide's non-empty lines, each with its collection and case."""
        infos: list[LineInfo] = []
        case: tuple[str, str, str] | None = None  # cases never continue onto the next slide
        recent: list[str] = []
        blank_before = True
        section: str | None = None
        # Slide titles, paragraph heads and ◆/■ headings name a collection for the rest of their slide only;
        # topic headings ((2) …, 【参考】…) carry it on to the following slides.
        self.collection = self.deck_collection
        block_line = 0  # position of the line in its paragraph
        for raw in text.split("\n"):
            if not raw.strip():
                blank_before = True
                block_line = 0
                continue
            line = raw.rstrip()
            opened = _case_start(line, recent)
            if opened:
                case = opened
                self.collection = self.deck_collection = opened[1]
                # The banner above a best-practice entry (…事例 2025年3月追加 接触リスク分析) belongs to it.
                for i in range(len(infos) - 1, max(len(infos) - 3, -1), -1):
                    if _BEST_PRACTICE_BANNER in infos[i].text and infos[i].case is None:
                        infos[i] = replace(infos[i], collection=opened[1], case=opened[0], case_heading=opened[2])
                        break
            elif _SECTION_HEADING.match(line) or _BEST_PRACTICE_BANNER in line:
                case = None
                named = collection_named_in(line)
                topic = bool(_TOPIC_HEADING.match(line)) or _BEST_PRACTICE_BANNER in line
                if named:
                    self.collection = named
                    if topic:
                        self.deck_collection = named
                elif topic:
                    self.collection = self.deck_collection = self.default
            elif case is None and (not infos or block_line < 2 and looks_like_heading(line) and not self.default):
                # The slide title or a paragraph's heading names its collection. (A deck the manifest
                # declares to be one collection, like the action plan, mentions others in passing.)
                named = collection_named_in(line)
                if named and len(clean_heading(line)) <= 60:
                    self.collection = named
            elif case is None and block_line < 2 and not self.default and _BOLD.search(line):
                # 「- **技術情報管理認証制度（TICS）** の活用を…」: the bold words say what the paragraph is about.
                named = collection_named_in(" ".join(_BOLD.findall(line)))
                if named:
                    self.collection = named
            if infos and (blank_before or _SECTION_HEADING.match(line)) and looks_like_heading(line):
                section = clean_heading(line)
            infos.append(LineInfo(line, self.collection, case[0] if case else None,
                                  case[2] if case else None, blank_before, section))
            recent = (recent + [line])[-3:]
            blank_before = False
            block_line += 1
        return infos

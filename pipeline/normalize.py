"""Text normalisation: one function for search text, one for faithful display text.

The decks were extracted from PDFs and carry Kangxi radicals (⼤ for 大), CJK radical
supplement forms (⺠ for 民), HTML fragments, markdown bold and private-use bullet glyphs.
"""
from __future__ import annotations

import re
import unicodedata

# Where a Japanese sentence ends, and the closing brackets that stay with it (「…。」). One definition
# for the document model, the PDF reader and the check of generated answers.
SENTENCE_END = "。！？!?"
CLOSERS = "」』）)】〉》］\"'”’"
# The colons that end a label (「サプライチェーンリスク対応︓…」「講師：当局」): the decks write the vertical-form ︓
# as often as ： and :
COLONS = ":：︓"


def ends_sentence(text: str) -> bool:
    """Return True when a text ends a sentence (「…を設置。」, 「…か？」), closing brackets after it aside."""
    text = text.rstrip(CLOSERS + " ")
    return bool(text) and text[-1] in SENTENCE_END

# NFKC leaves the CJK Radicals Supplement alone; these are the forms with a clear unified
# ideograph (Japanese reading first where the simplified and traditional differ).
_RADICAL_SUPPLEMENT = {
    "⺁": "厂", "⺅": "亻", "⺆": "冂", "⺇": "几", "⺊": "卜", "⺌": "小", "⺍": "小", "⺎": "兀",
    "⺏": "尣", "⺐": "尢", "⺒": "巳", "⺓": "幺", "⺔": "彑", "⺖": "忄", "⺗": "心", "⺘": "扌",
    "⺙": "攵", "⺛": "无", "⺝": "月", "⺞": "歺", "⺟": "母", "⺠": "民", "⺡": "氵", "⺢": "氺",
    "⺣": "灬", "⺤": "爫", "⺥": "爫", "⺦": "丬", "⺨": "犭", "⺩": "王", "⺪": "疋", "⺫": "罒",
    "⺬": "示", "⺭": "礻", "⺮": "竹", "⺯": "糸", "⺰": "纟", "⺲": "罒", "⺶": "羊", "⺷": "羊",
    "⺹": "耂", "⺺": "肀", "⺻": "聿", "⺼": "月", "⺽": "臼", "⺾": "艹", "⺿": "艹", "⻀": "艹",
    "⻁": "虎", "⻂": "衤", "⻃": "覀", "⻄": "西", "⻅": "见", "⻆": "角", "⻈": "讠", "⻉": "贝",
    "⻊": "足", "⻋": "车", "⻌": "辶", "⻍": "辶", "⻎": "辶", "⻏": "阝", "⻐": "钅", "⻑": "長",
    "⻒": "镸", "⻓": "长", "⻔": "门", "⻖": "阝", "⻗": "雨", "⻘": "青", "⻙": "韦", "⻚": "页",
    "⻛": "风", "⻜": "飞", "⻝": "食", "⻟": "飠", "⻠": "饣", "⻢": "马", "⻣": "骨", "⻤": "鬼",
    "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦", "⻩": "黄", "⻪": "黾", "⻫": "斉", "⻬": "齐",
    "⻭": "歯", "⻮": "齿", "⻯": "竜", "⻰": "龙", "⻱": "龜", "⻲": "亀", "⻳": "龟",
}

# Circled numbers carry meaning (事例⑥ is case 6; 事例①⑥⑦ names three cases), and NFKC
# would turn ①⑥⑦ into "167". They are kept as they are in both display and search text.
_CIRCLED = "".join(chr(c) for c in range(0x2460, 0x2474)) + "".join(
    chr(c) for c in list(range(0x3251, 0x3260)) + list(range(0x32B1, 0x32C0))
)
_CIRCLED_RUN = re.compile(f"([{_CIRCLED}]+)")

_IDEOGRAPH_VARIANTS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd]")
# Tags such as <p style="..."> or </ul>; autolinks like <https://…> and Japanese text in
# angle brackets (<スキーム概要>) are not tags and are kept.
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_MARKDOWN_BOLD = re.compile(r"\*\*|__")
_SPACES = re.compile(r"\s+")
# TeX math an extraction wrote for a formula (「$\frac{\text{輸入額}}{\text{消費額}}$」): its words and
# operators are kept, the commands and dollar signs are markup
_TEX_MATH = re.compile(r"\$([^$]*\\[A-Za-z]+[^$]*)\$")
_TEX_TEXT = re.compile(r"\\(?:text|mathrm|textrm|mathit)\s*\{([^{}]*)\}")
_TEX_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_TEX_SYMBOLS = {r"\times": "×", r"\div": "÷", r"\cdot": "・", r"\%": "%", r"\,": " ", r"\;": " ", r"\ ": " "}
# Extraction typos that would hide a passage from a correctly spelled query; fixed in the
# search text only, the display text keeps what the document says.
_KNOWN_TYPOS = {"ガイドンス": "ガイダンス", "ガイドスの": "ガイダンスの"}


def circled_number_value(char: str) -> int | None:
    """Return the number a circled digit stands for (⑥ → 6), or None for other characters."""
    if len(char) == 1 and char in _CIRCLED:
        return int(unicodedata.normalize("NFKC", char))
    return None


def _unify_ideograph(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _RADICAL_SUPPLEMENT:
        return _RADICAL_SUPPLEMENT[char]
    # Kangxi radicals have compatibility decompositions, compatibility ideographs canonical ones.
    return unicodedata.normalize("NFKC", char)


def fix_ideographs(text: str) -> str:
    """Return `text` with radical and compatibility code points replaced by unified ideographs."""
    return _IDEOGRAPH_VARIANTS.sub(_unify_ideograph, text)


def display_text(text: str) -> str:
    """Return text faithful to the document for quoting: ideographs fixed, nothing else rewritten."""
    return fix_ideographs(text)


def _nfkc_keep_circled(text: str) -> str:
    parts = _CIRCLED_RUN.split(text)
    # split() with a capture group alternates: other text at even positions, circled runs at odd.
    return "".join(p if i % 2 else unicodedata.normalize("NFKC", p) for i, p in enumerate(parts))


def _plain_math(match: re.Match[str]) -> str:
    """Return a TeX formula as words and operators: \\frac{A}{B} → (A) / (B), \\text{A} → A."""
    math = match.group(1)
    for command, symbol in _TEX_SYMBOLS.items():
        math = math.replace(command, symbol)
    previous = None
    while previous != math:
        previous = math
        math = _TEX_TEXT.sub(r"\1", math)
        math = _TEX_FRAC.sub(r"(\1) / (\2)", math)
    return re.sub(r"\\[A-Za-z]+", "", math).replace("{", "").replace("}", "")


def strip_markup(text: str) -> str:
    """Return `text` without HTML tags (their text kept), markdown bold, private-use glyphs and TeX
    math commands (a formula's words kept)."""
    text = _TEX_MATH.sub(_plain_math, text)
    text = _HTML_TAG.sub(" ", text)
    text = _MARKDOWN_BOLD.sub("", text)
    return _PRIVATE_USE.sub("", text)


def normalize_text(text: str) -> str:
    """Return the search form of `text`: NFKC (circled numbers kept), unified ideographs,
    no markup, whitespace collapsed to single spaces."""
    text = strip_markup(fix_ideographs(text))
    text = fix_ideographs(_nfkc_keep_circled(text))
    for typo, fixed in _KNOWN_TYPOS.items():
        text = text.replace(typo, fixed)
    text = _SPACED_CAPITALS.sub(lambda m: m.group(0).replace(" ", ""), text)
    return _SPACES.sub(" ", text).strip()


# A slide sets an acronym letter-spaced (「G X：10年で150兆円超」): single capitals one space apart are one word
_SPACED_CAPITALS = re.compile(r"(?<![A-Za-z0-9])[A-Z](?: [A-Z])+(?![A-Za-z0-9])")


# セキュリティ・クリアランス and セキュリティクリアランス are one word: a middle dot between katakana
# only marks where a loanword's parts meet, and writers keep or drop it
_LOANWORD_DOT = re.compile(r"(?<=[ァ-ヶー])[・･](?=[ァ-ヶ])")


def compact(text: str) -> str:
    """Return normalised text with all whitespace, and the middle dot inside a katakana word, removed,
    for substring comparisons."""
    return _LOANWORD_DOT.sub("", _SPACES.sub("", normalize_text(text)))

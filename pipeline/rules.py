"""What a document's own conventions mean, read from corpus/manifest.toml, never from code.

The manifest defines named collections (keywords that, in a heading, say which collection the
text under it belongs to) and case patterns (how a document numbers its cases: 事例⑥, Case 1,
No.14), and each document opts in to those it uses. A document with no such keys gets none:
no collection tags, no case labels, no typo fixes.

How a question or a passage refers to a case by number (CASE_REFERENCE, case_references) is
defined here too, in code: it is how readers write case numbers, not one document's convention.

    [[collection]]
    name = "技術流出対策ガイダンス"
    keywords = ["技術流出対策ガイダンス", "ガイダンス"]

    [[case_pattern]]
    name = "antitrust"
    pattern = '^事例([①-⑳])\\s*[：:]'   # group 1 is the number as the document writes it
    label = "事例{1}"
    collection = "経済安全保障と独占禁止法に関する事例集"
    after = "…"        # optional: only within `within` blocks after a block containing this banner

    [[document]]
    id = "…"
    collections = ["技術流出対策ガイダンス"]
    case_patterns = ["antitrust"]
    typos = { "ガイドンス" = "ガイダンス" }   # fixed in the search text only
    collection = "…"   # the collection of text that names none
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .normalize import circled_number_value, normalize_text
from .structure import SECTION_MARK

MANIFEST_FIX = "corpus/manifest.toml の該当箇所を直してください。"


@dataclass(frozen=True)
class CollectionRule:
    name: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class CasePattern:
    name: str
    pattern: re.Pattern[str]
    label: str  # template: "事例{1}" fills in group 1 as written
    collection: str | None = None
    after: str | None = None  # banner that must precede the case (within `within` blocks)
    within: int = 3

    def label_for(self, match: re.Match[str]) -> str:
        return re.sub(r"\{(\d)\}", lambda m: match.group(int(m.group(1))) or "", self.label)


@dataclass(frozen=True)
class DocumentRules:
    """The conventions of one document (empty by default: nothing is tagged)."""

    default_collection: str | None = None
    collections: tuple[CollectionRule, ...] = ()
    cases: tuple[CasePattern, ...] = ()
    typos: tuple[tuple[str, str], ...] = ()

    def collection_named(self, text: str) -> str | None:
        """Return the collection a heading names (first rule whose keyword occurs), or None."""
        normal = normalize_text(text)
        for rule in self.collections:
            if any(normalize_text(k) in normal for k in rule.keywords):
                return rule.name
        return None

    def case_opened(self, text: str, recent: list[str]) -> tuple[CasePattern, str] | None:
        """Return (pattern, label) when `text` opens a case; `recent` are the texts of the blocks before."""
        for case in self.cases:
            match = case.pattern.search(text.strip())
            if not match:
                continue
            if case.after and not any(case.after in r for r in recent[-case.within:]):
                continue
            return case, case.label_for(match)
        return None

    def fix_typos(self, text: str) -> str:
        for typo, fixed in self.typos:
            text = text.replace(typo, fixed)
        return text


# How a text refers to a case: 事例⑭ (or 事例14), No.14 (ベストプラクティス集14), Case 1, and by its place in
# the collection named, as people count it off (「ベストプラクティス集の42番」, 「事例集にある12番目」)
_BY_PLACE = r"(?:\s*(?:の|にある|に載って(?:い)?る|で)\s*(?=\d{1,3}\s*番))?"
CASE_REFERENCE = re.compile(r"事例(?:集" + _BY_PLACE + r")?\s*([①-⑳]|\d{1,2})(?:\s*番目?)?|"
                            r"(?:No\.?|NO\.?|no\.?|ベストプラクティス(?:事例|集)?" + _BY_PLACE + r"\s*)\s*(\d{1,3})(?:\s*番目?)?|"
                            r"Case\s*(\d{1,3})", re.IGNORECASE)


def case_references(text: str) -> list[str]:
    """Return the cases a text refers to, as case keys in order (事例⑭ → 事例14, No.14, Case 1 → Case1);
    full-width digits and letters count (Ｎｏ．１４)."""
    keys = []
    for antitrust, best_practice, guidance in CASE_REFERENCE.findall(unicodedata.normalize("NFKC", text)):
        keys.append(f"事例{int(antitrust)}" if antitrust else f"No.{int(best_practice)}" if best_practice
                    else f"Case{int(guidance)}")
    return keys


def case_key(label: str | None) -> str | None:
    """Return a case label in a comparable form: 事例⑥ and 事例6 → "事例6", "Case 1" → "Case1"."""
    if not label:
        return None
    out = "".join(str(circled_number_value(ch)) if circled_number_value(ch) else ch for ch in label)
    return out.replace(" ", "")


def _line_of(text: str, needle: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if needle and needle in line:
            return number
    return None


def _where(path: Path, source: str, key: str, needle: str) -> str:
    line = _line_of(source, needle)
    return f"{path.name} の {key}" + (f"（{line} 行目）" if line else "")


def _strings(value: Any, path: Path, source: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise InputError(f"{_where(path, source, key, key)}: 文字列のリストを書いてください。", MANIFEST_FIX)
    return tuple(value)


def parse_definitions(data: dict[str, Any], path: Path, source: str) -> tuple[dict[str, CollectionRule], dict[str, CasePattern]]:
    """Return the manifest's named collections and case patterns; InputError naming file, key and line."""
    collections: dict[str, CollectionRule] = {}
    for entry in data.get("collection", []):
        name = entry.get("name")
        if not isinstance(name, str) or not name:
            raise InputError(f"{_where(path, source, '[[collection]] name', '[[collection]]')}: name がありません。", MANIFEST_FIX)
        collections[name] = CollectionRule(name, _strings(entry.get("keywords", [name]), path, source,
                                                          f"collection「{name}」の keywords"))
    cases: dict[str, CasePattern] = {}
    for entry in data.get("case_pattern", []):
        name, pattern, label = entry.get("name"), entry.get("pattern"), entry.get("label")
        if not all(isinstance(v, str) and v for v in (name, pattern, label)):
            raise InputError(f"{_where(path, source, '[[case_pattern]]', '[[case_pattern]]')}: name・pattern・label "
                             "はどれも必須です。", MANIFEST_FIX)
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise InputError(f"{_where(path, source, f'case_pattern「{name}」の pattern', pattern)}: 正規表現として"
                             f"読めません（{exc}）。", MANIFEST_FIX) from exc
        if re.search(r"\{(\d)\}", label) and max(int(d) for d in re.findall(r"\{(\d)\}", label)) > compiled.groups:
            raise InputError(f"{_where(path, source, f'case_pattern「{name}」の label', label)}: label が参照する"
                             "グループが pattern にありません。", MANIFEST_FIX)
        within = entry.get("within", 3)
        if not isinstance(within, int) or within < 1:
            raise InputError(f"{_where(path, source, f'case_pattern「{name}」の within', 'within')}: 1 以上の整数を"
                             "書いてください。", MANIFEST_FIX)
        cases[name] = CasePattern(name, compiled, label, entry.get("collection"), entry.get("after"), within)
    return collections, cases


def document_rules(entry: dict[str, Any], definitions: tuple[dict[str, CollectionRule], dict[str, CasePattern]],
                   path: Path, source: str) -> DocumentRules:
    """Return the rules one document opts in to; unknown names are an InputError naming them."""
    collections, cases = definitions
    doc = entry.get("id", "?")

    def pick(key: str, table: dict) -> tuple:
        names = _strings(entry.get(key, []), path, source, f"文書 {doc} の {key}") if key in entry else ()
        unknown = [n for n in names if n not in table]
        if unknown:
            raise InputError(f"{_where(path, source, f'文書 {doc} の {key}', unknown[0])}: 定義されていない名前です"
                             f"（{', '.join(unknown)}）。定義済み: {', '.join(table) or 'なし'}。", MANIFEST_FIX)
        return tuple(table[n] for n in names)

    typos = entry.get("typos", {})
    if not isinstance(typos, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in typos.items()):
        raise InputError(f"{_where(path, source, f'文書 {doc} の typos', 'typos')}: 「誤記 = 正しい表記」の表を書いて"
                         "ください。", MANIFEST_FIX)
    default = entry.get("collection")
    return DocumentRules(default_collection=default if isinstance(default, str) and default else None,
                         collections=pick("collections", collections), cases=pick("case_patterns", cases),
                         typos=tuple(typos.items()))


@dataclass
class Annotation:
    """The collection and case each block of a unit belongs to."""

    collections: list[str | None] = field(default_factory=list)
    cases: list[str | None] = field(default_factory=list)
    case_titles: list[str | None] = field(default_factory=list)


# Headings that start a new topic of a document: the collection they name holds on the next units.
_TOPIC_MARK = re.compile(r"^\s*(?:\(\d+\)|（\d+）|【参考】|第\d+章|#)")


class CollectionTracker:
    """Follows a document unit by unit: which collection and case each block belongs to."""

    def __init__(self, rules: DocumentRules):
        self.rules = rules
        self.document_collection = rules.default_collection  # carried over by topic headings

    def annotate(self, blocks) -> Annotation:
        """Return the annotation of one unit's blocks (cases never continue onto the next unit)."""
        rules = self.rules
        out = Annotation()
        collection = self.document_collection
        case: tuple[str, str | None, str] | None = None  # (label, collection, title)
        recent: list[str] = []
        for index, block in enumerate(blocks):
            first = block.segments[0].text if block.segments else ""
            opened = rules.case_opened(first, recent) if rules.cases else None
            banner = pattern_after_banner(rules, first)
            if opened:
                pattern, label = opened
                case = (label, pattern.collection or collection, first)
                if pattern.collection:
                    collection = self.document_collection = pattern.collection
                # The banner just above a case (「…ベストプラクティス事例 2025年3月追加」) belongs to it.
                for back in range(index - 1, max(index - 1 - pattern.within, -1), -1):
                    if pattern.after and pattern.after in recent[back] and out.cases[back] is None:
                        out.cases[back], out.collections[back], out.case_titles[back] = label, case[1], first
                        break
            elif block.kind in ("title", "heading") or banner:
                if SECTION_MARK.match(first) or block.kind == "title" or banner:
                    case = None
                named = rules.collection_named(first) if rules.collections else None
                topic = bool(_TOPIC_MARK.match(first))
                if named:
                    collection = named
                    if topic:
                        self.document_collection = named
                elif topic:
                    collection = self.document_collection = rules.default_collection
            out.collections.append(case[1] if case else collection)
            out.cases.append(case[0] if case else None)
            out.case_titles.append(case[2] if case else None)
            recent.append(first)
        return out


def pattern_after_banner(rules: DocumentRules, text: str) -> bool:
    """Return True when `text` is the banner some case pattern waits for (it opens a new part)."""
    return any(case.after and case.after in text for case in rules.cases)

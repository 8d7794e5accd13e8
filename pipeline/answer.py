"""Cited answers: read the question, quote the blocks that answer it, or refuse and say why.

Every answer line is a whole sentence, list item or table row quoted verbatim from a passage and
followed by its [n]. What is quoted depends on what the question asks for (pipeline.question):
a count, date, amount or contact is answered by the segment that states one for the asked topic
(its heading counts); a list by all the items of the list that fits; a case by the case's title
and first lines; a how-to by the measures; a yes/no by the line that settles it. When documents of
different dates state different values, the newest leads and the older follows with a notice.
A question is refused — with the reason — when it names something the documents never mention,
when no passage is about its topic, or when the passages about its topic don't state what it asks
for (or not under its condition, e.g. 1社あたり).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .normalize import circled_number_value, compact, ends_sentence, normalize_text
from .question import (ABROAD_WORDS, ADDED_ASKED, ATTRIBUTES, COST_QUESTION, DOCUMENT_PART, EDITION_ORDER, GENERIC_NOUNS, LIMIT_STATED,
                       DEPARTMENT_KINDS, JAPANESE, OFFICE_KINDS, ORGANISATION_ENDINGS, TIME_OF_DAY_ASKED, TYPE_LABELS, UPCOMING_STATED, VALUE_TYPES, WRITTEN_NUMBER, Analysis, analyse,
                       compare_word, date_kind_words, defined_term, is_action, is_foreign_country, items_named, member_term,
                       days_stated, name_ending, number_value, ordinals, places_named, years_stated)
from .ranker import load_ranker, vector
from .records import Answer, Chunk, Citation, Hit, Piece, unit_id
from .rules import case_key
from .search import LINK, SearchFilters, Searcher, SearchResult
from .structure import ATTRIBUTION, QUOTABLE_KINDS, enumeration, without_list_mark
from .synonyms import document_terms, organisation_names
from .tokenize_ja import tokenize

REFUSAL_TEXT = "資料には該当する記述が見つかりませんでした"
EDITION_NOTICE = "資料の版によって記載が異なります。新しい資料（{new}）の記述を先に、古い資料（{old}）の記述を後に示します。"
EARLIER_NOTICE = "資料の版によって記載が異なります。古い資料（{old}）の記述を先に、新しい資料（{new}）の記述を後に示します。"
ADDED_NOTICE = "新しい資料（{new}）の一覧のうち、古い資料（{old}）の一覧にない項目を含む行を示します。"
LIST_EDITION_NOTICE = "同じ一覧が版の異なる資料にあります。新しい資料（{new}）の一覧を示します（古い資料: {old}）。"
YESNO_LEAD = "資料では、次のように記載されています。"
ABROAD_NOTICE = "資料には『{place}』に限った記載はなく、海外一般についての記載を示します。"
COMPARISON_LEAD = "資料での『{}』と『{}』の説明を、それぞれ示します。"
_LEADS = re.compile("|".join(re.escape(lead).replace(re.escape("{}"), ".+?") for lead in (YESNO_LEAD, COMPARISON_LEAD)))


def is_lead(line: str) -> bool:
    """Return True for the line the product writes above its quotes (「資料では、次のように…」): no quote."""
    return bool(_LEADS.fullmatch(line.strip()))

QUOTED_KINDS = ("paragraph", "list", "table", "note", "heading", "title")

_NUMBER = r"\d[\d,，.]*"
# A number a count or size is stated with; a year, month or day (2020年7月, 5/20) is a date, not a count.
_ANY_NUMBER = re.compile(r"(?<![\d/.,，])\d[\d,，.]*(?![\d,，.]*\s*(?:年(?!間|で|以)|月(?!間)|日(?!間)|/\s*\d))|"
                         r"[一二三四五六七八九十百千]+\s*(?:つ|回|度|件|社|人|名|割|倍|か国|カ国)")
_DATE = re.compile(r"(?:19|20)\d\d\s*年(?:度)?|令和\s*\d+\s*年(?:度)?|平成\s*\d+\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日|"
                   r"\d{1,2}/\d{1,2}|\d{1,2}\s*月(?:末|中|上旬|下旬)?")
_AMOUNT = re.compile(rf"{_NUMBER}\s*(?:万|億|兆)?\s*円|{_NUMBER}\s*(?:万|億|兆)\s*(?:ドル|ユーロ|元)")
_COST = re.compile(rf"{_AMOUNT.pattern}|無料|無償|有料|費用負担|自己負担")
_PHONE = re.compile(r"\d{2,4}-\d{2,4}-\d{3,4}")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_EVERYDAY_KANA = re.compile(r"[ぁ-ゖー]+")  # a word all in hiragana (ひととおり, うっかり): no term of the documents
_FREQUENCY = re.compile(r"毎(?:日|週|月|年|回)|(?:年|月|週|日)\s*(?:に)?\s*(?:\d+|[一二三四五六七八九十数])\s*(?:回|度)|"
                        r"(?:\d+|[一二三四五六七八九十数])\s*(?:日|週間?|か月|ヶ月|カ月|年)\s*(?:に|ごとに|毎に)\s*(?:1|一)\s*(?:回|度)|"
                        r"四半期(?:に|ごと)|半期(?:に|ごと)|隔(?:週|月|年)|定期的")
_PDF_URL = re.compile(r"https?://\S+\.pdf\b", re.IGNORECASE)
_FILE_ASKED = re.compile(r"PDF|ダウンロード|本体|全文|ファイル|入手|手に入", re.IGNORECASE)
# 「どこから申し込めばいい」: where to apply, which an application form's link answers before a page about it
_APPLYING_ASKED = re.compile(r"申し?込|応募|申請|依頼")
_APPLYING_STATED = re.compile(r"申し?込|応募|申請|依頼|フォーム|form", re.IGNORECASE)
_ADDRESS = re.compile(r"〒\s*\d{3}-?\d{4}|[都道府県][^\s、。]{1,12}?[市区町村郡]\S*\d")
_CONTACT = re.compile(f"{_PHONE.pattern}|{_EMAIL.pattern}|{LINK.pattern}")
_COUNTER_ALTERNATIVES = {"人": "人|名", "名": "人|名", "社": "社|企業|者", "か国": "か国|カ国|ヶ国", "カ国": "か国|カ国|ヶ国",
                         "ヶ国": "か国|カ国|ヶ国", "%": "%|パーセント", "パーセント": "%|パーセント",
                         "ページ": "ページ|頁", "頁": "ページ|頁", "件": "件|事例", "事例": "事例|件"}
# A line that judges whether something is allowed (what settles 「…してもいいの？」「ヤバい？」)
_JUDGEMENT = re.compile(r"問題とならない|問題となる|問題にならない|問題になる|問題ない|許され|認められ|可能|不可")
# A line that settles whether a case is allowed: a judgement, or a breach named (「…は独禁法違反となる」)
_JUDGED = re.compile(_JUDGEMENT.pattern + r"|違反|違法")
# Words that settle a yes/no question in these documents' register: a judgement, or a rule or membership.
_VERDICT = re.compile(_JUDGED.pattern + r"|できる|できない|必要|不要|対象|該当|含まれ|求められ")
# A contact question that asks for a web address (「どのWebページで」「URLある？」「どこからダウンロード」)
_LINK_ASKED = re.compile(r"URL|サイト|ページ|リンク|どこから|" + _FILE_ASKED.pattern, re.IGNORECASE)
# Headings that introduce measures (対応策の例, 対策, 取組) rather than the problem.
_MEASURE_HEADING = re.compile(r"対応策|対策|取組|取り組|すべき|ポイント|方法|チェック|管理基準|措置")
_MEASURE_SENTENCE = re.compile(r"(する|行う|求める|求めている|設ける|整備する|実施する|実施している|確認する|見直す|徹底する|"
                               r"講じる|活用する|図る|図っている|が必要|が有効|が重要|ことが望ましい)[。！]?$|"
                               r"(を実施|を整備|を確認|を設定|を導入|を徹底|を求め)")
# A sentence that describes what a chapter covers or how things go wrong says no measure.
_SCOPE_SENTENCE = re.compile(r"(記載している|想定している|焦点を絞|を対象と|ケース。|ケースもある。|場合がある。|場合も。|懸念がある。)")
_SOURCE_NOTE = re.compile(r"^\s*(?:\(出所\)|（出所）|出所|\(出典\)|（出典）|出典|資料[:：]|備考)")


@dataclass(frozen=True)
class AnswerSettings:
    """Every setting of the answer stage in one place; scores are the ranker's log-odds
    (pipeline.ranker, fitted on the eval dev split), the rest chosen on the dev split too."""

    passages: int = 5  # passages shown with a refusal and given to an LLM (the app's 参照する箇所の数)
    candidate_passages: int = 10  # passages whose segments (and units) are read for the answer
    named_passages: int = 3  # passages naming a name the question gives, read when the search found none
    max_quotes: int = 3  # quotes in a ranked answer
    max_list_items: int = 30  # a longer list is cut, with a notice
    close_enough: float = 2.0  # further quotes must score within this (log-odds) of the lead (dev)
    comparison_quotes: int = 2  # quotes for each side of a comparison
    yesno_quotes: int = 2  # quotes in a yes/no answer: the line that settles it, and one more
    judgement_within: float = 3.0  # a yes/no answer is led by a line that judges it, if within this of the best
    list_heading_weight: float = 1.5  # a list is chosen by what its heading says more than by its items
    list_sentence_penalty: float = 0.5  # items that are whole sentences make a poor list
    list_count_penalty: float = 1.0  # a list of another length than the question names (「4つの制度」)
    # a list whose heading counts it in the unit the question counts (何分野 → 「（8分野）」 over 8 items)
    list_counted_bonus: float = 5.0
    min_similarity: float = 0.82  # answer a question whose topic words no passage contains only above this
    # …and take its segments as about the topic only when one is this close in meaning (a paraphrase; dev:
    # answerable 0.887–0.916, off-topic ≤ 0.860 where no segment covers the topic words)
    paraphrase_similarity: float = 0.88
    # A key topic word of this length the documents never use means they don't cover the question; a
    # two-character one only when written in kanji or katakana (労災, 天気): with kana (お金) it is an
    # everyday word the documents put otherwise, and so is a word all in hiragana (ひととおり).
    absent_term_chars: int = 2
    # the thing a value is asked of, when this rare (in so few passages), must be named where the value is
    rare_head_passages: int = 2
    restated_share: float = 0.8  # a line whose words the question says this much of restates it (_restates)
    restated_min_words: int = 4  # … when it has this many words
    howto_topic_cover: float = 0.3
    main_term_cover: float = 0.7  # …or this much of its most specific word (in its heading counts cover_in_heading)
    min_topic_cover: float = 0.4  # share of the (specificity-weighted) topic a segment or its heading must cover
    heading_overlap: float = 0.6  # share of character pairs two headings must share to say the same
    measure_min_chars: int = 15  # a shorter line with no verb names a measure rather than saying it
    name_line_chars: int = 40  # a line this short over a value line may name what the value is of
    label_rest_chars: int = 4  # a label naming a thing has at most this much beside its name and brackets
    family_pool: int = 10  # the best segments among which two numbered headings of a family make it the list
    contact_block_lines: int = 3  # an office's name heads its contact lines: name, section, TEL, E-mail
    prose_item_chars: int = 60  # a bullet this long is a paragraph set as a bullet, not the name of a thing
    list_length_bonus: float = 0.2  # a longer list is a little likelier the one asked for…
    list_length_cap: int = 10  # …up to this many items
    # how much a topic word counts where it is not in the segment itself: in its heading, or by its words
    # alone (「退職者」 and 「退職時」 share 退職)
    cover_in_heading: float = 0.7
    cover_by_words: float = 0.6
    # 「持ち出しを防ぐには」: the measures are about who and how, so the problem's words count this much
    howto_problem_weight: float = 0.5
    # 「総額いくら用意されてるの」: the question's verb, a verbal noun, says little of what is asked about
    predicate_weight: float = 0.5
    counted_weight: float = 0.5  # …and what a count question counts (参加者 in 「説明会の参加者数」)


@dataclass
class Candidate:
    """One segment that might answer, with what is known about it."""

    chunk: Chunk
    piece_index: int
    similarity: float
    hit_rank: int
    cover: float = 0.0  # how much of the question's topic the segment or its heading contains
    topic_cover: float = 0.0  # how well it covers the question's most specific term
    typed: bool = False  # states the kind of value asked for
    qualified: bool = True  # meets the question's condition (1社あたり, 2024年度)
    value: str | None = None  # the value it states, for comparing editions
    about: bool = False  # about the question's topic (set by the composition)
    score: float = 0.0  # log-odds that it answers (pipeline.ranker)
    features: dict = field(default_factory=dict)

    @property
    def piece(self) -> Piece:
        return self.chunk.pieces[self.piece_index]

    @property
    def text(self) -> str:
        return self.piece.text


@dataclass
class Prepared:
    """A question analysed and searched: what an answer (extractive or generated) is made from."""

    analysis: Analysis
    result: SearchResult
    candidates: list[Candidate] = field(default_factory=list)
    terms: list = field(default_factory=list)  # the question's TopicTerms
    filters: SearchFilters | None = None  # what the search was narrowed to (a comparison searches each side so)


# --------------------------------------------------------------------------- evidence


def value_pattern(analysis: Analysis) -> re.Pattern[str] | None:
    """Return what a segment must contain to state the value a question asks for, or None."""
    if analysis.answer_type == "number":
        if analysis.counter == "年":  # a duration (保存期間は何年), not a date like 2024年
            return re.compile(r"(?<![\d.])\d{1,2}\s*年(?:間|以内|以下|を超え)?(?!\s*\d{1,2}\s*月)")
        if analysis.counter == "期間":  # any length of time, not a date (2024年5月)
            return re.compile(r"(?<![\d.月/])\d{1,3}\s*(?:日|週間|か月|ヶ月|カ月|年|時間)(?:間|以内|程度|ほど)?(?!\s*\d{1,2}\s*月)")
        if analysis.counter == "割合":  # a share: 2分の1, 1/2 (not the date 5/20), 50%, 3割
            return re.compile(r"\d+\s*分の\s*\d+|(?<![\d/])[1-9]\s*/\s*(?:[2-9]|10)(?![\d/])|\d+(?:\.\d+)?\s*[%％]|\d+\s*割")
        if analysis.counter == "頻度":  # how often: 年2回, 毎月, 四半期に一度, 隔週 (not any number)
            return _FREQUENCY
        if analysis.counter == "日":  # a duration (何日かかる), not the day of a date (5月20日, 5/20)
            return re.compile(r"(?<![\d.月/])\d{1,3}\s*日(?:間|以内|程度|ほど)?")
        if analysis.counter:
            counter = _COUNTER_ALTERNATIVES.get(analysis.counter, re.escape(analysis.counter))
            # 「19 技術」「14の業界団体」「27加盟国」: a few words may sit between the number and what it counts
            # (not the day of a date: 「10/24 …大学会議」 counts no universities; nor an ordinal, 「第1回」 is
            # one of them, unless the question asks which one: 「第何回」)
            ordinal = "" if re.search("第何|回次", normalize_text(analysis.question)) else "第"  # (回次: which session)
            return re.compile(rf"(?<![\d/.{ordinal}]){_NUMBER}\s*(?:つの|の)?\s*[^\s、。,\d]{{0,4}}?(?:{counter})")
        return _ANY_NUMBER
    if analysis.answer_type == "contact":
        asked = normalize_text(analysis.question)
        if re.search(r"電話|番号", asked):
            return _PHONE
        if re.search(r"メール|アドレス", asked):
            return _EMAIL
        if _LINK_ASKED.search(asked):
            return LINK
        if re.search(r"住所|所在地", asked):
            return _ADDRESS
        return _CONTACT
    if analysis.answer_type == "date" and TIME_OF_DAY_ASKED.search(normalize_text(analysis.question)):
        return re.compile(r"\d{1,2}\s*時|\d{1,2}:\d{2}")
    if analysis.answer_type == "amount" and COST_QUESTION.search(normalize_text(analysis.question)):
        return _COST  # 「お金かかる？」: 無料 answers it as well as a price does
    return {"date": _DATE, "amount": _AMOUNT}.get(analysis.answer_type)


def _new_value(wanted: re.Pattern[str], text: str, given: str) -> re.Match[str] | None:
    """Return the first value of the asked kind a line states that is not written in `given` (the
    question, compacted), or None."""
    return next((m for m in wanted.finditer(text) if not given or compact(m.group(0)) not in given), None)


# The present, asked of a value (what it is now, not what it was or is planned to be)
_PRESENT = re.compile(r"現在|現時点|足元|今|いま|今は|今の")
def _present_asked(analysis: Analysis) -> str | None:
    """Return the word a count or amount question asks the value now with (現時点, 現在, 足元), or None."""
    if analysis.answer_type not in ("number", "amount"):
        return None
    return next((q.text for q in analysis.qualifiers if q.kind == "latest" and _PRESENT.fullmatch(q.text)), None)


def _target(text: str, date: str | None) -> bool:
    """Return True for a line about later times only: every year it names is after its document's date
    (「2030年に120兆円、2030年代前半に150兆円とする。」 in a 2025 deck sets goals; it states nothing now)."""
    years = [int(y) for y in re.findall(r"(?<!\d)(20\d\d)\s*年", normalize_text(text))]
    published = int(date[:4]) if date and date[:4].isdigit() else None
    return bool(years) and published is not None and all(year > published for year in years)


def _value_of(matched: str) -> str | None:
    number = re.search(r"\d[\d,，.]*", matched)
    return re.sub(r"[,，]", "", number.group(0)) if number else matched


def _abroad_holds(analysis: Analysis, place: str) -> bool:
    """Return True when what the documents say of going abroad (海外) answers for this country: a
    question of what to do there (「中国に工場を出すときは」「ベトナムで技術を守るには」)."""
    return analysis.answer_type == "howto" and is_foreign_country(place)


# A count of people and what follows it (「48名参加」 → 参加, 「80名超が参加」 → 参加)
_PEOPLE_COUNTED = re.compile(r"\d[\d,]*\s*(?:名|人)(?:超|以上|程度|強|弱)?(?:が|の)?\s*([一-龥]{0,2})")
_ATTENDING = ("参加", "出席", "来場", "受講")


def _counted_forms(word: str) -> set[str]:
    """Return the forms in which people counted may be named: 「参加者数」 is stated as 「80名が参加」, so
    the word without its person suffix will do."""
    return {form for form in (word, word.rstrip("者員")) if len(form) >= 2}


_MANY_PLACES = 5  # a line naming this many places lists them


# What a line says of an earlier time than the present one (「※第1次政権においても」「前回は」「当時」)
_EARLIER_TIME = re.compile(r"第[1一]次|前回|前政権|以前|かつて|当時")


def _dated_otherwise(dates_in, asked: str, text: str) -> bool:
    """Return True when `text` states dates of the kind `dates_in` reads (years, days) and none of them
    is one the question names in `asked`."""
    stated = dates_in(text)
    return bool(stated) and dates_in(asked).isdisjoint(stated)


def _qualifier_met(analysis: Analysis, text: str, passage: str = "") -> bool:
    """Return True when a segment (with its heading) meets the question's conditions; a place may be
    named anywhere in its passage (an office's name sits on the line above its phone number)."""
    for qualifier in analysis.qualifiers:
        if qualifier.kind in ("place", "owner"):
            places = (qualifier.text, *document_terms(qualifier.text))  # 韓国 is named 大韓民国 in a list of countries
        if qualifier.kind == "place":
            lines = f"{text}\n{passage}".splitlines()
            # a line listing many countries (グループA: …ドイツ…) is about none of them, unless the question
            # asks whether one is among them
            if analysis.answer_type in ("howto", "lookup", "definition"):
                lines = [line for line in lines if len(places_named(line)) < _MANY_PLACES]
            where = compact(" ".join(lines))
            if not any(compact(name) in where for name in places):
                if not (_abroad_holds(analysis, qualifier.text) and any(w in where for w in ABROAD_WORDS)):
                    return False
            continue
        if qualifier.kind == "owner":  # 「中国の国家安全法」 is not the law of that name under ＜台湾＞
            if places_named(text) and not any(compact(name) in compact(text) for name in places):
                return False
            continue
        if qualifier.kind == "per":
            unit = re.escape(qualifier.text.lstrip("1一１ ").rstrip("あたり当たりにつきごと毎").strip() or "社")
            if not re.search(rf"(?:1|一)\s*{unit}\s*(?:あたり|当たり|につき|ごと|毎)|{unit}(?:あたり|当たり)", text):
                return False
        elif qualifier.kind == "date_kind":
            if analysis.answer_type == "date" and not any(w in text for w in date_kind_words(qualifier.text)):
                return False
        elif qualifier.kind == "superlative":
            # (「一番の目的」 is met by 「一義的な目的」: words that put one thing first)
            if not re.search(r"一番|最も|最多|最大(?!限|化)|最高|トップ|首位|\d+位|一義的|最重要|最優先|何より", text):
                return False
        elif qualifier.kind == "ordinal":
            if not ordinals(qualifier.text) <= ordinals(text):
                return False
        elif qualifier.kind == "counted":
            if analysis.answer_type == "number" and not any(s in compact(text) for s in _counted_forms(qualifier.text)):
                return False
            # 「48名参加」 counts those who came, whoever the line is for (「局職員向け研修」 counts no 職員)
            if analysis.answer_type == "number" and not qualifier.text.startswith(_ATTENDING) \
                    and (counts := _PEOPLE_COUNTED.findall(normalize_text(text))) \
                    and all(after.startswith(_ATTENDING) for after in counts):
                return False
        elif qualifier.kind in ATTRIBUTES:
            if not ATTRIBUTES[qualifier.kind][1].search(text):
                return False
        elif qualifier.kind == "amount_kind":
            # 「審査手数料」 answers 「手数料」; 「審査料」 is named by its stem too (審査…料金)
            word = qualifier.text
            if analysis.answer_type == "amount" and word not in compact(text) and not (
                    len(word) >= 3 and word[:-1] in compact(text)):
                return False
        elif qualifier.kind == "limit":
            if analysis.answer_type in VALUE_TYPES and not LIMIT_STATED.search(text):
                return False
        elif qualifier.kind == "upcoming":
            if not UPCOMING_STATED.search(text):
                return False
        elif qualifier.kind == "past":
            if analysis.answer_type == "date" and UPCOMING_STATED.search(text):
                return False
        elif qualifier.kind == "edition":  # 「再改訂版の…」: the passage that says which edition it is
            # (a date or count of an edition is stated where the line or its heading names it: the first
            # edition's date in a passage that goes on to plan a 第2版 dates no 第2版)
            where = text if analysis.answer_type in VALUE_TYPES else f"{text} {passage}"
            if compact(qualifier.text) not in compact(where):
                return False
        elif qualifier.kind == "subset":
            if compact(qualifier.text) not in compact(text):
                return False
        elif qualifier.kind in ("calendar_year", "as_of"):
            # a date question about 2023 is not answered by a line dated 2024; a line without a year may be
            if (analysis.answer_type == "date" or qualifier.kind == "as_of") \
                    and _dated_otherwise(years_stated, qualifier.text, text):
                return False
        elif qualifier.kind == "this_time":
            if _EARLIER_TIME.search(text):
                return False
        elif qualifier.kind == "day":
            # a line dated another day is about another day's event; a line without a day may be this one's
            if analysis.answer_type != "date" and _dated_otherwise(days_stated, qualifier.text, text):
                return False
        elif qualifier.kind == "year":
            year = re.search(r"\d{4}", qualifier.text)
            reiwa = f"令和{int(year.group(0)) - 2018}年度" if year else None
            if compact(qualifier.text) not in compact(text) and not (reiwa and reiwa in compact(text)):
                return False
    return True


@dataclass(frozen=True)
class TopicTerm:
    """A topic word of the question, the words the documents may use for it, and how specific it is."""

    term: str
    alternatives: tuple[str, ...]  # compacted: the term and its document synonyms
    tokens: tuple[frozenset[str], ...]  # the same, as BM25 tokens
    weight: float  # rarer in the corpus = more telling; 0 when the corpus never uses it
    frequency: int = 0  # how many passages use it


def topic_terms(searcher: Searcher, analysis: Analysis, settings: AnswerSettings) -> list[TopicTerm]:
    """Return the question's topic terms weighted by specificity (log N / document frequency)."""
    import math

    total = max(len(searcher.index.chunks), 1)
    resolved = normalize_text(analysis.resolved)
    problems = {t for t in analysis.focus if re.search(re.escape(t) + r"(を|の)?(防|ふせ|防止|避け|されない|させない|対策)", resolved)}
    # 「サプライチェーン強靱化（特定重要物資）」: a term in brackets right after another names the same
    # thing another way; the pair is one topic word, found under either name. （仮称） only remarks on a name.
    aliases = {term: [other for other in analysis.focus if other != term and other not in _NAME_REMARKS and
                      re.search(rf"{re.escape(term)}\s*[(（]\s*{re.escape(other)}\s*[)）]", resolved)]
               for term in analysis.focus}
    named_again = {other for others in aliases.values() for other in others}
    out = []
    for term in analysis.focus:
        if term in named_again:
            continue
        names = [term, *aliases[term]]
        # (an office is found by any name the documents give it: 九州局 as 九州経済産業局)
        alternatives = tuple(_organisation_keys(*names))
        frequency = max((searcher.passages_containing(a) for a in alternatives), default=0)
        if not frequency and term in analysis.names:  # 「基幹インフラ制度」: the name as the documents write it
            alternatives += _written_in_full(searcher, term)
            frequency = max((searcher.passages_containing(a) for a in alternatives), default=0)
        weight = math.log((total + 1) / frequency) if frequency else 0.0
        if analysis.answer_type == "howto" and term in problems:
            weight *= settings.howto_problem_weight
        if _is_predicate(term, resolved, analysis.focus):
            weight *= settings.predicate_weight
        if analysis.answer_type == "number" and any(q.kind == "counted" and q.text == term for q in analysis.qualifiers):
            # 「説明会の参加者数」: what is counted is the count's condition, checked as such; what the count
            # is of (説明会) is the topic — 「研修会…35名が参加」 counts 参加者 of something else
            weight *= settings.counted_weight
        out.append(TopicTerm(term, alternatives, tuple(frozenset(tokenize(a)) for a in alternatives), weight, frequency))
    # 「外為法違反」: a compound the documents never write is looked for by the two parts they do write
    # (外為法, 違反), each at least two characters, weighed as a match by words is; the compound itself
    # stays (a refusal may name it)
    for term in [t for t in out if not t.weight and len(t.term) >= 4]:
        halves = [(term.term[:i], term.term[i:]) for i in range(2, len(term.term) - 1)
                  if term.term[:i] not in GENERIC_NOUNS and term.term[i:] not in GENERIC_NOUNS]
        found = [(a, b) for a, b in halves if searcher.passages_containing(a) and searcher.passages_containing(b)]
        for part in (found[-1] if found else ()):  # the longest written first part (外為法, not 外為)
            frequency = searcher.passages_containing(part)
            weight = settings.cover_by_words * math.log((total + 1) / frequency)
            out.append(TopicTerm(part, (part,), (frozenset(tokenize(part)),), weight, frequency))
    # An everyday phrase that is no topic word of its own (「一緒に買う」) still says what the documents
    # call the topic (共同調達): its document term joins the topic.
    covered = {a for t in out for a in t.alternatives}
    for extra in document_terms(analysis.resolved):
        key = compact(extra)
        if key and extra not in GENERIC_NOUNS and key not in covered and not any(key in a for a in covered):
            frequency = searcher.passages_containing(key)
            weight = math.log((total + 1) / frequency) if frequency else 0.0
            out.append(TopicTerm(extra, (key,), (frozenset(tokenize(key)),), weight))
            covered.add(key)
    return out


_NAME_REMARKS = ("仮称", "略称", "通称", "旧称", "総称", "正式名称")


def _is_predicate(term: str, question: str, focus: tuple[str, ...]) -> bool:
    """Return True for the verbal noun that is the question's verb (「総額いくら用意されてるの」, 「どこが
    実施していますか」): one done to the topic, with no topic word after it."""
    at = question.rfind(term)
    rest = question[at + len(term):]
    if at < 0 or not is_action(term) or not re.match(r"(さ|し|す|でき)", rest):
        return False
    return not any(other in rest for other in focus if other != term)


def _most_specific(terms: list[TopicTerm]) -> TopicTerm | None:
    """Return the question's most specific topic word the documents use (the first of equals), or None."""
    return max((t for t in terms if t.weight), key=lambda t: t.weight, default=None)


def _cover(terms: list[TopicTerm], text: str, context: str, text_tokens: set[str], context_tokens: set[str],
           settings: AnswerSettings) -> float:
    """Return how much of the question's topic a segment covers: each term found in the segment
    counts fully, in its heading or by its words alone less (settings.cover_in_heading, cover_by_words);
    terms weighted by specificity."""
    total = sum(t.weight for t in terms)
    if not total:
        return 0.0
    score = 0.0
    for term in terms:
        if not term.weight:
            continue
        if any(a in text for a in term.alternatives):
            match = 1.0
        elif any(a in context for a in term.alternatives):
            match = settings.cover_in_heading
        else:  # by its words: 「退職者」 and 「退職時」 share 退職 (a one-character suffix shared, 会 of 説明会 and
            # 研修会, says nothing)
            words = [{t for t in tokens if len(t) > 1} or tokens for tokens in term.tokens if tokens]
            match = settings.cover_by_words * max((len(w & (text_tokens | context_tokens)) / len(w) for w in words),
                                                  default=0.0)
        score += term.weight * match
    return score / total


def _context(chunk: Chunk, piece: Piece) -> str:
    """Return what a segment sits under: the collection its passage belongs to (技術流出対策ガイダンス),
    the chunk's heading path and the segment's own heading or parent item."""
    return f"{chunk.collection or ''} {chunk.heading} {piece.heading or ''}"


_DEFINES = re.compile(r"とは|は、|という|（[^）]{1,30}）|\([^)]{1,30}\)")


@dataclass(frozen=True)
class _PieceView:
    """What the answer stage reads of one segment, worked out once per loaded index."""

    text: str  # normalised
    text_key: str  # compacted
    context: str  # its heading or unit title, normalised
    context_key: str
    passage: str  # the whole chunk, normalised
    text_tokens: frozenset[str]
    context_tokens: frozenset[str]


def _view(searcher: Searcher, chunk: Chunk, index: int) -> _PieceView:
    # The index never changes under a Searcher (a new index gets a new Searcher), so normalising and
    # tokenising every segment of ten passages need not be redone for every question.
    cache = searcher.__dict__.setdefault("_piece_views", {})
    key = (chunk.chunk_id, index)
    view = cache.get(key)
    if view is None:
        piece = chunk.pieces[index]
        context = _context(chunk, piece)
        view = cache[key] = _PieceView(normalize_text(piece.text), compact(piece.text), normalize_text(context),
                                       compact(context), normalize_text(chunk.text), frozenset(tokenize(piece.text)),
                                       frozenset(tokenize(context)))
    return view


def gather(searcher: Searcher, prepared: Prepared, settings: AnswerSettings) -> list[Candidate]:
    """Return every quotable segment of the retrieved passages (and their units), scored by the
    ranker (pipeline.ranker) from the features that say whether it answers."""
    import math

    analysis, result = prepared.analysis, prepared.result
    if result.query_vector is None or not result.hits:
        return []
    wanted = value_pattern(analysis)
    terms = prepared.terms = topic_terms(searcher, analysis, settings)
    question_tokens = set(tokenize(analysis.resolved)) | set(tokenize(" ".join(document_terms(analysis.resolved))))
    rows: list[tuple[int, Chunk]] = [(rank, hit.chunk) for rank, hit in enumerate(result.hits)]
    seen = {chunk.chunk_id for _, chunk in rows}

    def read(chunks, rank: int = len(result.hits)) -> None:  # passages read beside the search's, once each
        for chunk in chunks:
            if chunk.chunk_id not in seen:
                seen.add(chunk.chunk_id)
                rows.append((rank, chunk))

    def closest(chunks) -> list[Chunk]:  # the few passages closest in meaning to the question
        return sorted(chunks, key=lambda c: -searcher.passage_similarity(result.query_vector, c))[: settings.named_passages]

    # The rest of each retrieved unit: a list's other items, the lines under a heading that matched.
    for rank, hit in enumerate(result.hits):
        read(searcher.unit_chunks(hit.chunk.unit_id), rank + 1)
    kind = analysis.answer_type
    if wanted is LINK:
        # 「ガイダンスのPDFはどこから」: a collection's links sit on its own slides, which seldom repeat
        # its name; every link of the collection the question names is a candidate
        asked = compact(analysis.resolved)
        named = [t for t in terms if t.weight]
        for name, chunks in searcher.collection_links().items():
            # named whole, or by most of the question's topic words (「独禁法の事例集」: 独占禁止法, 事例集)
            in_name = sum(1 for t in named if any(a in compact(name) for a in t.alternatives))
            if compact(name) not in asked and not (named and in_name * 2 > len(named)):
                continue
            read(chunks)
    # 「米国の技術流出対策は？」: a name the question gives that no retrieved passage holds — the search
    # weighed the common words more — brings the passages that name it closest to the question
    retrieved = [compact(chunk.text) for _, chunk in rows] if analysis.names else []
    for name in analysis.names:
        keys = _organisation_keys(name)
        if any(key in text for text in retrieved for key in keys):
            continue
        read(closest({c.chunk_id: c for key in keys for c in searcher.chunks_containing(key, prepared.filters)}.values()))
    if kind == "contact" and wanted is not None:
        # 「九州で…どこに連絡すればいい？」: an office's contact details sit on a slide of their own (often the
        # last, 「問い合わせ先」) that the search seldom ranks; the passages that name the asked place or
        # organisation and state a contact of the asked kind are read too, the closest first
        asked = [q.text for q in analysis.qualifiers if q.kind == "place"] + list(analysis.names)
        keys = _organisation_keys(*asked)
        read(closest({c.chunk_id: c for key in keys for c in searcher.chunks_containing(key, prepared.filters)
                      if wanted.search(normalize_text(c.text))}.values()))
    specific = _most_specific(terms)
    heaviest = [specific] if specific else []
    publishers = _publishers_asked(searcher, analysis)
    # 「総額2.4兆円って、そのうち蓄電池にはいくら」: a count or amount the question states itself is not
    # what it asks (a date may be: 「2026年度の公募はいつ」 is answered by a line dated 2026年度)
    given = compact(analysis.question) if kind in ("number", "amount") else ""
    # 「現時点の残高はいくら」: the value now, which a target for a later year is not
    present = _present_asked(analysis)
    out: list[Candidate] = []
    for rank, chunk in rows:
        sims = searcher.line_similarities(result.query_vector, chunk)
        passage = searcher.passage_similarity(result.query_vector, chunk)
        for index, piece in enumerate(chunk.pieces):
            if piece.kind not in QUOTED_KINDS and not (kind == "contact" and piece.kind == "link"):
                continue
            if len(compact(piece.text)) < 2:
                continue
            view = _view(searcher, chunk, index)
            text, text_tokens, context_tokens = view.text, view.text_tokens, view.context_tokens
            similarity = sims.get(index, passage)
            cover = _cover(terms, view.text_key, view.context_key, text_tokens, context_tokens, settings)
            top = _cover(heaviest, view.text_key, view.context_key, text_tokens, context_tokens, settings) \
                if heaviest else 0.0
            found = _new_value(wanted, without_list_mark(text) if kind == "number" else text, given) if wanted else None
            qualified = _qualifier_met(analysis, f"{text} {view.context}", view.passage) and (
                not publishers or _by_publisher(chunk, compact(f"{text} {view.passage}"), publishers)) and not (
                present and found and _target(text, chunk.date))
            candidate = Candidate(chunk, index, similarity, rank, cover, top, bool(found), qualified,
                                  _value_of(found.group(0)) if found and kind == "number" else None)
            candidate.features = {
                "similarity": similarity, "passage_similarity": passage, "cover": cover,
                "lexical": (len(question_tokens & (text_tokens | context_tokens)) / len(question_tokens)
                            if question_tokens else 0.0),
                "typed": float(bool(found)), "unqualified": float(not qualified),
                "kind_heading": float(piece.kind in ("heading", "title")), "kind_list": float(piece.kind == "list"),
                "kind_table": float(piece.kind == "table"), "kind_note": float(piece.kind == "note"),
                "source_note": float(bool(_SOURCE_NOTE.match(piece.text)) and kind != "contact"),
                "rank": math.log1p(rank), "length": math.log(max(len(piece.text), 1)),
                "measure": float(kind == "howto" and bool(_MEASURE_SENTENCE.search(piece.text))
                                 or kind == "howto" and bool(_MEASURE_HEADING.search(piece.heading or ""))),
                "scope": float(kind == "howto" and bool(_SCOPE_SENTENCE.search(piece.text))),
                "verdict": float(kind == "yesno" and bool(_VERDICT.search(piece.text))),
                "defines": float(kind == "definition" and bool(analysis.topic) and analysis.topic in piece.text
                                 and bool(_DEFINES.search(piece.text))),
            }
            out.append(candidate)
    best = max((c.similarity for c in out), default=0.0)
    ranker = load_ranker()
    for candidate in out:
        candidate.features["similarity_gap"] = candidate.similarity - best
        candidate.score = ranker.score(vector(candidate.features))
    out.sort(key=lambda c: -c.score)
    return out


# --------------------------------------------------------------------------- composition


@dataclass
class Composition:
    lines: list[Candidate]
    notice: str | None = None
    lead: str | None = None  # a line of our own before the quotes (never a fact)


def _distinct(candidates: list[Candidate], limit: int, floor: float) -> list[Candidate]:
    chosen: list[Candidate] = []
    for cand in candidates:
        if len(chosen) == limit or cand.score < floor:
            break
        key = compact(cand.text)
        if any(key in compact(c.text) or compact(c.text) in key for c in chosen):
            continue
        chosen.append(cand)
    return chosen


def _about_topic(analysis: Analysis, candidate: Candidate, settings: AnswerSettings) -> bool:
    """Return True for a segment about the question's topic: it (or its heading) covers enough of the
    topic words, or the most specific one (「安全保障貿易管理等説明会」 above 「管内中小企業等 48社」).
    A measure rarely repeats the problem it prevents, so how-to questions ask for less."""
    needed = settings.howto_topic_cover if analysis.answer_type == "howto" else settings.min_topic_cover
    return (not analysis.focus or candidate.cover >= needed or candidate.topic_cover >= settings.main_term_cover)


def _with_heading(candidate: Candidate, pool: list[Candidate]) -> list[Candidate]:
    """Return the value line led by its heading when the line alone doesn't say what it counts
    (「15分野指定」 under 「③ 基幹インフラ事前届出制度」), or by the item it is a sub-item of (「80名超が参加」
    under 「8/4 中堅企業等合同施策説明会」)."""
    heading = candidate.piece.heading
    if not heading or heading in candidate.text:
        return [candidate]
    for other in pool:
        if other.chunk.chunk_id == candidate.chunk.chunk_id and other.piece.kind in ("heading", "title", "note", "list") \
                and other.text == heading and other.piece_index < candidate.piece_index:
            return [other, candidate]
    return [candidate]


def _bigrams(text: str) -> set[str]:
    text = compact(text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _same_place(a: Candidate, b: Candidate, settings: AnswerSettings) -> bool:
    """Return True when two segments sit under headings that say the same (「① サプライチェーン強靭化」 and
    「① サプライチェーン強靱化」 in two editions)."""
    x, y = _bigrams(a.piece.heading or a.chunk.heading), _bigrams(b.piece.heading or b.chunk.heading)
    return bool(x and y) and len(x & y) / len(x | y) >= settings.heading_overlap


def _edition_pair(lead: Candidate, pool: list[Candidate], settings: AnswerSettings) -> Candidate | None:
    """Return a candidate from a document of another date stating another value for the same topic
    (about it as much as the lead, or under a heading that says the same)."""
    for other in pool:
        if (other.chunk.date != lead.chunk.date and other.value and lead.value and other.value != lead.value
                and other.typed and (other.about or _same_place(lead, other, settings))):
            return other
    return None


def _about_value_topic(analysis: Analysis, candidate: Candidate, settings: AnswerSettings) -> bool:
    """Return True for a segment about what a value question asks of. A contact block rarely repeats
    the topic; one of the asked place (its office) will do. Contact details sit under the office's
    name, not under the subject: a contact line headed by the organisation the question names will
    do too (九州局 is named 九州経済産業局 there)."""
    placed = any(q.kind == "place" for q in analysis.qualifiers)
    return _about_topic(analysis, candidate, settings) or (
        analysis.answer_type == "contact" and candidate.typed and candidate.qualified
        and (placed or _names_its_organisation(analysis, candidate)))


def compose_value(analysis: Analysis, pool: list[Candidate], settings: AnswerSettings,
                  terms: list[TopicTerm] = ()) -> Composition | str:
    """A count, date, amount or contact: the segment that states one for the topic, newest edition first."""
    at = {(c.chunk.chunk_id, c.piece_index): c for c in pool}  # each segment by its place, for the line above
    about = [c for c in pool if _about_value_topic(analysis, c, settings)
             or c.typed and _named_just_above(analysis, c, at, settings) is not None]
    for cand in about:
        cand.about = True
    if not about:
        return "topic"
    typed = [c for c in about if c.typed]  # a title may state it too (「組織改編（2024年7月 …設置）」)
    if not typed:
        return "type"
    # 「推進法の改正案はいつ国会に出る？」: the thing whose value is asked, a compound the documents never
    # write, is stated at least in its words (改正・案) where its value is — a date of the law it
    # belongs to answers nothing about it; 「相談窓口のメールアドレス」 sits where 相談 and 窓口 are
    # (the thing counted is stated by the count itself, 「12大学」, a share by its figure, 「約6割」, and
    # a contact's kind by the address)
    unwritten = next((t for t in terms if t.term == analysis.head and not t.weight and t.term not in GENERIC_NOUNS
                      and not _EVERYDAY_KANA.fullmatch(t.term) and analysis.answer_type != "contact"
                      and not (analysis.counter and t.term.endswith(analysis.counter))
                      and not (analysis.counter == "割合" and t.term.endswith(("率", "割合", "シェア")))), None)
    if unwritten is not None:
        typed = [c for c in typed if any(
            tokens and tokens <= set(tokenize(f"{c.chunk.heading} {c.chunk.text}")) for tokens in unwritten.tokens)]
        if not typed:
            return "unwritten"
    qualified = [c for c in typed if c.qualified]
    if not qualified:
        return "qualifier"
    # 「軟性内視鏡が追加されたのはいつ」: the value of the thing asked about, stated where that thing is named —
    # a date of another addition in a passage that never names it answers nothing
    specific = _most_specific(terms)
    # (not the kind a which-question asks: 「どの法律で、いつ成立」 is answered by a law's name, 「…特別法」)
    # (「経済安全保障センターの設立はいつ」: the head is what is done, 設立; what it is done to is the thing)
    asked_of = specific is not None and (specific.term == analysis.head or bool(analysis.head) and is_action(analysis.head))
    head = specific if asked_of and not is_action(specific.term) \
        and specific.frequency <= settings.rare_head_passages and analysis.which_kind != specific.term \
        else None
    if head is not None:
        counted = _counted_forms(head.term) if analysis.answer_type == "number" else set()
        # (a contact's office may head its block a few lines up: 「四国経済産業局 / 国際課 / TEL …」)
        qualified = [c for c in qualified if _names(head, f"{c.chunk.heading} {c.chunk.text}" if analysis.answer_type == "contact"
                                                    else _near_context(c), counted)]
        if not qualified:
            return "type"
    qualified.sort(key=lambda c: -c.score)
    if analysis.answer_type == "amount" and _TOTAL_ASKED.search(normalize_text(analysis.question)):
        # 「全部でいくら」: a line stating a total (総額2.4兆円) before one stating a part
        qualified.sort(key=lambda c: not _TOTAL_STATED.search(normalize_text(c.text)))
    if analysis.answer_type == "contact" and (offices := [n for n in analysis.names if n.endswith(ORGANISATION_ENDINGS)]):
        # 「九州経済産業局の…メールアドレス」: the address under that office's name, not another office's
        # on the same slide
        keys = _organisation_keys(*offices)
        qualified.sort(key=lambda c: not _under_office(c, keys, settings))
    if analysis.answer_type == "contact" and _FILE_ASKED.search(analysis.question):
        # 「本体はどこからダウンロード」「PDFは」: the file itself before a page about it
        qualified.sort(key=lambda c: not _PDF_URL.search(c.text))
    if analysis.answer_type == "contact" and _APPLYING_ASKED.search(analysis.question):
        qualified.sort(key=lambda c: not _APPLYING_STATED.search(c.text))
    lead = qualified[0]
    extra: list[Candidate] = []
    for kind in analysis.also:  # 「プロジェクト数と予算額」: the other value from the same place if it can
        pattern = {"amount": _AMOUNT, "date": _DATE, "number": _ANY_NUMBER}[kind]
        second = [c for c in about if pattern.search(normalize_text(c.text)) and c.text != lead.text]
        second.sort(key=lambda c: (c.chunk.unit_id != lead.chunk.unit_id, -c.score))
        extra += second[:1]
    def named(line: Candidate) -> list[Candidate]:  # a value line led by what names its subject
        above = _named_just_above(analysis, line, at, settings)
        return [above, line] if above is not None else _with_heading(line, pool)

    other = _edition_pair(lead, [c for c in pool if c.typed and c.qualified and c is not lead], settings)
    if other is not None:
        newest, oldest = sorted([lead, other], key=lambda c: c.chunk.date, reverse=True)
        if any(q.kind == "earlier" for q in analysis.qualifiers):  # 「前はいくつだった？」: the older value first
            notice = EARLIER_NOTICE.format(new=newest.chunk.date, old=oldest.chunk.date)
            return Composition(named(oldest) + [newest] + extra, notice)
        notice = EDITION_NOTICE.format(new=newest.chunk.date, old=oldest.chunk.date)
        return Composition(named(newest) + [oldest] + extra, notice)
    return Composition(named(lead) + extra)


# A question asking a total, and a line stating one
_TOTAL_ASKED = re.compile(r"全部で|全体で|合計|総額|総計|トータル|合わせて|あわせて")
_TOTAL_STATED = re.compile(r"総額|合計|総計|累計")


def _under_office(candidate: Candidate, keys: list[str], settings: AnswerSettings) -> bool:
    """Return True when a contact line sits under one of the offices named (`keys`: all their names,
    see _organisation_keys): an office's name heads its block of contact lines (「九州経済産業局 / 国際部
    国際課 / TEL… / E-mail…」), a few lines above each."""
    pieces = candidate.chunk.pieces[max(0, candidate.piece_index - settings.contact_block_lines):candidate.piece_index]
    above = compact(" ".join(p.text for p in pieces))
    return any(key in above for key in keys)


def _organisation_keys(*names: str) -> list[str]:
    """Return every name the documents may give the organisations named (九州局: 九州局, 九州経済産業局),
    compacted, once each, in order."""
    return list(dict.fromkeys(key for name in names for n in organisation_names(name) if (key := compact(n))))


_DEPARTMENT_ASKED = re.compile("|".join(DEPARTMENT_KINDS))
# The departments and sections right after an organisation's name (「東北経済産業局 総務企画部 国際課」)
_DEPARTMENTS = re.compile(r"^[^、。,]{0,12}?(?:部|課|室)(?![一-龥])")


def _office_of(analysis: Analysis, pool: list[Candidate]) -> Candidate | None:
    """Return the line naming a department of the organisation an office question names (「東北局の担当
    部署は？」: 「東北経済産業局 総務企画部 国際課」, often on the cover slide, which search ranks low), the
    best first; None for other questions or when no line does."""
    offices = [n for n in analysis.names if n.endswith(ORGANISATION_ENDINGS)]
    # (a department asked for, not any body: 「どこが講師を務めた」 asks who, of any organisation)
    if analysis.which_kind != "組織" or not offices or not _DEPARTMENT_ASKED.search(normalize_text(analysis.question)):
        return None
    keys = _organisation_keys(*offices)
    for candidate in pool:
        line = compact(candidate.text)
        if any(key in line and _DEPARTMENTS.match(line[line.find(key) + len(key):]) for key in keys):
            return candidate
    return None


def _near_context(candidate: Candidate) -> str:
    """Return what a value line is stated under: its headings, the line right above and the line itself
    (「③金属シリコン→③ポリシリコン」 two lines above 「ポリシリコンの生産は約7割」 is not what that share
    is of; another line of the same passage names another thing)."""
    above = candidate.chunk.pieces[candidate.piece_index - 1].text if candidate.piece_index else ""
    return " ".join((candidate.chunk.heading, candidate.piece.heading or "", above, candidate.text))


def _named_just_above(analysis: Analysis, candidate: Candidate, at: dict[tuple[str, int], Candidate],
                      settings: AnswerSettings) -> Candidate | None:
    """Return the line right above a value line that names the thing the value is of, when the value
    line itself does not (「EU復興パッケージ <2020年7月>」 over 「グリーンやデジタルへの移行：7年間で約1.8兆
    ユーロ」): a short line about the topic stating no value, in the same passage (`at`: the pool's
    segments by chunk and place)."""
    if _about_topic(analysis, candidate, settings):
        return None
    above = at.get((candidate.chunk.chunk_id, candidate.piece_index - 1))
    if above is None or above.typed or above.piece.kind in ("heading", "title") \
            or len(above.text) > settings.name_line_chars or not _about_topic(analysis, above, settings):
        return None
    return above


def _names(term: TopicTerm, text: str, forms: set[str] = frozenset()) -> bool:
    """Return True when `text` names the term, in its words, in one of the other `forms` given (the
    people counted without their suffix, see _counted_forms) or an organisation's other name
    (九州経済産業局 for 九州局), or, for a name in Latin letters, as a part of a web address's host
    (INPIT in www.inpit.go.jp, which is how a link names its organisation)."""
    key = compact(text)
    if any(a in key for a in (*term.alternatives, *forms, *_organisation_keys(term.term))):
        return True
    hosts = {label for url in LINK.findall(text) for label in urlsplit(url).netloc.lower().split(".")}
    return any(a.isascii() and a.lower() in hosts for a in term.alternatives)


def _publishers(searcher: Searcher) -> frozenset[str]:
    """Return the publishers of the indexed documents, worked out once per loaded index (see _view)."""
    if "_publishers" not in searcher.__dict__:
        searcher.__dict__["_publishers"] = frozenset(chunk.publisher for chunk in searcher.index.chunks)
    return searcher.__dict__["_publishers"]


def _publishers_asked(searcher: Searcher, analysis: Analysis) -> dict[str, list[str]]:
    """Return the publishers of documents that the question names as the one whose doings it asks about
    (「九州局の説明会」: 九州経済産業局 …), each with the names it goes by, compacted. Another office's deck
    answers nothing about them unless it names them; their own deck calls them 当局 or nothing at all."""
    out: dict[str, list[str]] = {}
    for asked in analysis.names:
        if not asked.endswith(ORGANISATION_ENDINGS):
            continue
        names = _organisation_keys(asked)
        for publisher in _publishers(searcher):
            if any(n in compact(publisher) for n in names):
                out[publisher] = names
    return out


def _by_publisher(chunk: Chunk, where: str, publishers: dict[str, list[str]]) -> bool:
    """Return True when a segment (`where`: its text and passage, compacted) is of every office the
    question asks about (see _publishers_asked): in that office's deck, or naming it."""
    return all(chunk.publisher == publisher or any(n in where for n in names) for publisher, names in publishers.items())


def _names_its_organisation(analysis: Analysis, candidate: Candidate) -> bool:
    """Return True when the segment's passage names an organisation the question names, by the
    question's name or the documents' (九州局 / 九州経済産業局): an office's name sits on a line of its own
    above its phone number."""
    where = compact(f"{candidate.text} {_context(candidate.chunk, candidate.piece)} {candidate.chunk.text}")
    return any(key in where for key in _organisation_keys(*analysis.names))


def _unit_segments(searcher: Searcher, unit: str) -> list[Candidate]:
    """Return every segment of a unit, in order, wherever the chunker put it, as (unscored) candidates."""
    return [Candidate(chunk, index, 0.0, 0) for chunk in searcher.unit_chunks(unit) for index in range(len(chunk.pieces))]


def _block_items(searcher: Searcher, chunk: Chunk, block: int) -> list[Candidate]:
    """Return every segment of one block of a unit, in order, wherever the chunker put it; for a list
    that ends its unit, also the items it goes on with at the top of the next one (see _continued)."""
    segments = _unit_segments(searcher, chunk.unit_id)
    items = [c for c in segments if c.piece.block == block]
    last = max((c.piece.block for c in segments), default=block)
    if items and items[0].piece.kind == "list" and block == last:
        items += _continued(searcher, chunk)
    return items


# A line of a table of contents runs short, without a sentence's end
_CONTENTS_ENTRY_CHARS = 40


def _in_contents(searcher: Searcher, candidate: Candidate) -> bool:
    """Return True for an entry of a table of contents: a short line under a 目次 heading, with only such
    entries between them (「4 撤退・契約終了時に取り組むべき事項」 under 「目次」 … 「第1章 …」)."""
    segments = _unit_segments(searcher, candidate.chunk.unit_id)
    at = next((i for i, c in enumerate(segments)
               if c.chunk.chunk_id == candidate.chunk.chunk_id and c.piece_index == candidate.piece_index), None)
    for segment in reversed(segments[: at + 1] if at is not None else []):
        # (「目次」 alone on its line is the contents' heading, whatever kind the structure gave it)
        if (segment.piece.kind in ("heading", "title") or _CONTENTS.fullmatch(compact(segment.text))) \
                and _CONTENTS.search(segment.text):
            return True
        if segment.text.rstrip().endswith("。") or len(segment.text) > _CONTENTS_ENTRY_CHARS:
            return False
    return False


def _continued(searcher: Searcher, chunk: Chunk) -> list[Candidate]:
    """Return the items a list ending its unit goes on with in the next unit: that unit's opening list,
    when the unit has no title or heading of its own (a slide continued, or split by the extraction)."""
    following = searcher.unit_chunks(unit_id(chunk.doc_id, chunk.position + 1))
    if not following or following[0].unit_title != chunk.unit_title:
        return []
    pieces = [(c, i, p) for c in following for i, p in enumerate(c.pieces)]
    if not pieces or pieces[0][2].kind != "list" or pieces[0][2].heading:
        return []
    first = pieces[0][2].block
    return [Candidate(c, i, 0.0, 0) for c, i, p in pieces if p.block == first]


_CONTENTS = re.compile(r"目次|もくじ|contents", re.IGNORECASE)


def _asks_contents(analysis: Analysis) -> bool:
    """Return True for a question about a document's parts (目次, 第2章, 構成, 何が書いてある): a table
    of contents answers it, and no other question (「技術流出にはどんなパターンがある？」 is not asked of
    the guidance's chapters, though their titles name 技術流出)."""
    return bool(re.search(r"目次|もくじ|章|構成|何が書いて", normalize_text(analysis.question)))


# A question after the kinds of something (「どんなパターンがある」「種類は」): the numbered headings answer it.
KINDS_ASKED = re.compile(r"パターン|種類|類型|分類|タイプ|ルート|経路|形態")


_CIRCLED_MARK = r"[①-⑳]"  # an item's number: ⑥ in 「⑥炭素繊維」
_INLINE_MARK = re.compile(_CIRCLED_MARK + r"|[(（]\s*(\d{1,2})\s*[)）]")


def inline_items(text: str) -> int:
    """Return how many items a sentence enumerates in itself (「①重要物資、②基幹インフラ、③…」 → 3):
    marks of one kind counting up from 1; 0 when it enumerates nothing."""
    for kind in ("circled", "parenthesised"):
        values = [circled_number_value(m.group(0)) if kind == "circled" else int(m.group(1))
                  for m in _INLINE_MARK.finditer(text) if (m.group(1) is None) == (kind == "circled")]
        if len(values) >= 2 and values == list(range(1, len(values) + 1)):
            return len(values)
    return 0


# 「…半導体、蓄電池、…、天然ガスの８つ」: an enumeration that states its own count at its end
_COUNT_CLOSING = re.compile(r"の\s*" + WRITTEN_NUMBER + r"\s*つ")


def _comma_parts(text: str) -> list[str]:
    """Return the things a line lists by 、 (its parts between commas, the empty ones left out)."""
    return [part for part in re.split(r"[、，]", text) if part.strip()]


def counted_enumeration(text: str) -> int:
    """Return how many things a sentence lists by 、 and counts itself (「※経産省関係では、半導体、蓄電池、
    クラウド、…、天然ガスの８つ」 → 8); 0 when the count it states is not the count it lists."""
    text = normalize_text(text)
    closing = _COUNT_CLOSING.search(text)
    if closing is None:
        return 0
    stated = number_value(closing.group(1))
    parts = _comma_parts(text[: closing.start()])
    # the words before the first 、 may lead in (「…では、」) or be the first item
    return stated if stated >= 2 and stated in (len(parts), len(parts) - 1) else 0


def _inline_list(searcher: Searcher, analysis: Analysis, pool: list[Candidate],
                 settings: AnswerSettings) -> Composition | None:
    """Return the sentence that enumerates exactly as many items as the question says there are
    (「4つの制度」 answered by 「…①重要物資、②基幹インフラ、③先端重要技術、④特許出願非公開に関する制度を措置。」),
    or, for any list question, one that counts what it lists itself, about as good as the best segment."""
    if not pool:
        return None
    best = pool[0].score
    for cand in pool:
        if cand.score < best - settings.close_enough:
            break
        if not _about_topic(analysis, cand, settings):
            continue
        if analysis.items and inline_items(cand.text) == analysis.items:
            return Composition([cand])
        # (a line may count its things in the note its ※ points to: the note comes with it, _with_footnotes)
        for line in _with_footnotes(searcher, [cand]):
            counted = counted_enumeration(line.text)
            if counted and (not analysis.items or counted == analysis.items):
                return Composition([cand])
        if not analysis.items and max(len(_things_of_kind(analysis.question, cand.text)),
                                      _labelled_items(analysis, cand.text)) >= 3:
            return Composition([cand])
    return None


# 「大学：東北大、弘前大、…」「講師：経済産業省、宮城県警」: a label, then what it labels
_LABELLED = re.compile(r"^[・•\-\s]*([^：:\s、。]{1,12})\s*[：:]\s*(\S.*)$")


def _labelled_items(analysis: Analysis, text: str) -> int:
    """Return how many things a line lists by 、 under a label that is a topic word of the question
    (「訪問した大学は？」: 「大学：東北大、弘前大、日大工学部（郡山）…」); 0 for any other line."""
    found = _LABELLED.match(normalize_text(text))
    if found is None or found.group(1) not in analysis.focus:
        return 0
    return len(_comma_parts(found.group(2)))


def _things_of_kind(question: str, text: str) -> set[str]:
    """Return the things a line names of a kind the question asks for, each named by a compound ending
    in the kind's word (「どんな窓口がある？」: 「海外展開知財支援窓口/アカデミア知財支援窓口/…」)."""
    found: set[str] = set()
    line = normalize_text(text)
    for kind in set(re.findall(r"[一-龥ァ-ヶー]{2,}", normalize_text(question))):
        names = set(re.findall(rf"[一-龥ァ-ヶーA-Za-z]+?{re.escape(kind)}", line))
        if len(names) > len(found):
            found = names
    return found


def _item_names(text: str) -> list[str]:
    """Return the things a list row names, one per circled number (「⑥炭素繊維 ⑯量子ドット」 → 炭素繊維,
    量子ドット), compacted; the whole row when it holds no such number."""
    parts = [compact(p) for p in re.split(_CIRCLED_MARK, text) if compact(p)]
    return parts or [compact(text)]


def compose_added(searcher: Searcher, prepared: Prepared, settings: AnswerSettings) -> Composition | None:
    """The rows of the newest edition of a list naming things its older edition did not list (「事前報告の
    対象技術」: 15 rows in 2025, 19 in 2026 → the rows with ⑯–⑲), when two documents of different dates hold
    the list about the topic under headings that say the same; None otherwise."""
    analysis, pool = prepared.analysis, prepared.candidates
    lists = sorted((c for c in pool if c.piece.kind in ("list", "table") and c.chunk.date
                    and _about_topic(analysis, c, settings)), key=lambda c: -c.score)
    # the best list about the topic that another dated document holds too, under a heading saying the same
    pair = next(((lead, other) for lead in lists for other in lists
                 if other.chunk.date != lead.chunk.date and _same_place(other, lead, settings)), None)
    if pair is None:
        return None
    newest, oldest = sorted(pair, key=lambda c: c.chunk.date, reverse=True)
    rows = _block_items(searcher, newest.chunk, newest.piece.block)
    listed = {name for row in _block_items(searcher, oldest.chunk, oldest.piece.block) for name in _item_names(row.text)}
    added = [row for row in rows if any(name not in listed for name in _item_names(row.text))]
    if not added or len(added) == len(rows):
        return None  # nothing new, or two lists with nothing in common
    notice = ADDED_NOTICE.format(new=newest.chunk.date, old=oldest.chunk.date)
    return Composition(_with_heading(added[0], _heading_candidates(searcher, added[0]))[:-1] + added, notice)


def compose_list(searcher: Searcher, prepared: Prepared, settings: AnswerSettings) -> Composition | None:
    """A list: all the items of the list or table whose heading and items fit the question best."""
    analysis, pool = prepared.analysis, prepared.candidates
    inline = _inline_list(searcher, analysis, pool, settings)
    if inline is not None:
        return inline
    # 「5つのイニシアティブを教えて」: a lead-in naming that many (「以下の５つのイニシアティブを提案。」) over
    # that many numbered sections (「１．…」 … 「５．…」) is the set asked for, whatever lists sit under each
    # (「技術流出の3つの経路は？」: 「【技術流出経路の例】」 over ① ② ③ counts them by its sections)
    for head in pool if analysis.items else ():
        if _introduces_list(head) and items_named(head.text) in (None, analysis.items) and head.qualified \
                and _about_topic(analysis, head, settings):
            sections = _numbered_sections(searcher, head)
            if len(sections) == analysis.items:
                return Composition([head] + sections)
    # 「EWSに必要な要素として整理されている項目は」: numbered headings of one family among the best
    # segments (③対象範囲, ⑤脅威察知) are items of the set asked for, whatever text sits between them
    family = _family_among_best(searcher, analysis, pool, settings)
    if family:
        return Composition(family)
    blocks: dict[tuple[str, int], list[Candidate]] = {}
    for cand in pool:
        if cand.piece.kind in ("list", "table"):
            blocks.setdefault((cand.chunk.unit_id, cand.piece.block), []).append(cand)
    conditional = any(q.kind not in EDITION_ORDER for q in analysis.qualifiers)
    contents_asked = _asks_contents(analysis)
    best: tuple[float, tuple[str, int]] | None = None
    scored: dict[tuple[str, int], float] = {}
    unit_headings: dict[str, list[Candidate]] = {}  # each unit's headings, read once
    for key, members in blocks.items():
        if conditional and not any(m.qualified for m in members):
            continue  # 「ロシア向けの…」「罰則は」: a list must meet the question's conditions like any answer
        items = _block_items(searcher, members[0].chunk, key[1])
        if len(items) < 2 or _prose(items, settings):
            continue
        # a list is named by its own heading, and by the heading that one sits under (「<ミッション>」 under
        # 「ミッション志向の産業政策（8分野）」); the slide's title above names every block of the slide
        own = members[0].piece.heading
        heading = own or members[0].chunk.heading
        if own and members[0].chunk.unit_id not in unit_headings:
            unit_headings[members[0].chunk.unit_id] = _heading_candidates(searcher, members[0])
        context = _parent_of(members[0], unit_headings[members[0].chunk.unit_id]) if own else members[0].chunk.heading
        heading_cover = _cover(prepared.terms, compact(heading), compact(context), set(tokenize(heading)),
                               set(tokenize(context)), settings)
        if analysis.head and own and compact(analysis.head) in compact(own):
            # 「EUの産業政策の背景として挙げる課題」: a list headed by the kind of thing asked (【課題】) is
            # as much about the topic as the passage it sits in (the EU slide's)
            passage = f"{members[0].chunk.heading} {members[0].chunk.text}"
            heading_cover = max(heading_cover, _cover(prepared.terms, compact(passage), "", set(tokenize(passage)),
                                                      set(), settings))
        if heading_cover < settings.min_topic_cover and not any(_about_topic(analysis, m, settings) for m in members):
            continue  # a list is on topic like any segment: by its heading, or by an item (with its heading)
        if _CONTENTS.search(f"{items[0].piece.heading or ''} {heading} {context}") and not contents_asked:
            continue
        sentences = sum(1 for i in items if i.text.endswith("。")) / len(items)
        top = len(_top_level(items))
        miscounted = bool(analysis.items) and top != analysis.items  # 「4つの制度」 but 3 items
        # 「何分野ある？全部教えて」: a heading that counts its list in the asked unit (（8分野）) over 8 items
        counted = analysis.counter is not None and not miscounted and \
            top in _counts_stated(f"{heading} {context}", analysis.counter)
        score = (max(m.score for m in members) + settings.list_heading_weight * heading_cover
                 - settings.list_count_penalty * miscounted + settings.list_counted_bonus * counted
                 + settings.list_length_bonus * min(len(items), settings.list_length_cap) / settings.list_length_cap
                 - settings.list_sentence_penalty * sentences)
        scored[key] = score
        if best is None or score > best[0]:
            best = (score, key)
    if best is None:
        return None
    notice = None
    # The same list in decks of different dates (「事前報告の対象技術」 with 15, then 19 rows): the newest
    # is shown, with a notice when the other edition lists other items.
    lead = blocks[best[1]][0]
    editions = [key for key, score in scored.items() if score >= best[0] - settings.close_enough
                and blocks[key][0].chunk.date != lead.chunk.date and _same_place(blocks[key][0], lead, settings)]
    if editions:
        newest = max([best[1], *editions], key=lambda k: (blocks[k][0].chunk.date, scored[k]))
        oldest = min([best[1], *editions], key=lambda k: blocks[k][0].chunk.date)
        listed = {k: {compact(c.text) for c in _block_items(searcher, blocks[k][0].chunk, k[1])} for k in (newest, oldest)}
        if listed[newest] != listed[oldest]:
            notice = LIST_EDITION_NOTICE.format(new=blocks[newest][0].chunk.date, old=blocks[oldest][0].chunk.date)
        best = (scored[newest], newest)
    block = best[1][1]
    first = blocks[best[1]][0]
    kinds = _kinds(searcher, analysis, first)
    if kinds is not None:
        kinds.notice = notice
        return kinds
    items = _block_items(searcher, first.chunk, block)
    top = _top_level(items)
    shown = top if len(items) > settings.max_list_items and len(top) >= 2 else items
    # 「事例を3つ挙げて」: that many things, the first of them (a table's header row is no thing of its own)
    headers = {c.piece.heading for c in shown}
    things = [c for c in shown if c.text not in headers]
    if analysis.sample and len(things) > analysis.sample:
        cut = f"{len(things)} 件のうち、最初の {analysis.sample} 件を示します。"
        notice = f"{notice} {cut}" if notice else cut
        kept = things[: analysis.sample]
        shown = [c for c in shown if c in kept or any(k.piece.heading == c.text for k in kept)]
    if len(shown) > settings.max_list_items:
        cut = f"項目が多いため、最初の {settings.max_list_items} 件を示します（全 {len(shown)} 件）。"
        notice = f"{notice} {cut}" if notice else cut
        shown = shown[: settings.max_list_items]
    headings = _heading_candidates(searcher, first)
    lead = _with_heading(shown[0], headings)[:-1]
    if lead and analysis.counter and not _counts_stated(lead[0].text, analysis.counter):
        above = _with_heading(lead[0], headings)[:-1]  # the heading that states the count (「（8分野）」)
        lead = [*above, *lead] if above and _counts_stated(above[0].text, analysis.counter) else lead
    return Composition(lead + shown, notice)


def _family_among_best(searcher: Searcher, analysis: Analysis, pool: list[Candidate],
                       settings: AnswerSettings) -> list[Candidate]:
    """Return the numbered headings of one family (① … ⑤, in one unit) when two or more of them are among
    the best segments about the topic; [] otherwise."""
    best = [c for c in pool[: settings.family_pool] if c.piece.kind == "heading" and enumeration(c.text)
            and _about_topic(analysis, c, settings)]
    for heading in best:
        family = _numbered_family(searcher, heading, heading.text)
        named = {compact(c.text) for c in family}
        if len(family) >= 3 and sum(compact(c.text) in named for c in best) >= 2:
            return family
    return []


def _parent_of(item: Candidate, headings: list[Candidate]) -> str:
    """Return the heading above a segment's own heading among its unit's `headings` ("" when none)."""
    own = compact(item.piece.heading or "")
    return next((c.piece.heading or "" for c in headings if c.piece.heading and compact(c.text) == own), "")


def _counts_stated(text: str, counter: str) -> set[int]:
    """Return the counts a heading states in a unit (「（8分野）」「4つの分野」 → {8} / {4} for 分野)."""
    return {int(n) for n in re.findall(rf"(\d+)\s*(?:つの)?\s*{re.escape(counter)}", normalize_text(text))}


def _top_level(items: list[Candidate]) -> list[Candidate]:
    """Return the items of a list at its outermost level (its sub-items left out)."""
    level = min(c.piece.level for c in items)
    return [c for c in items if c.piece.level == level]


def _kinds(searcher: Searcher, analysis: Analysis, item: Candidate) -> Composition | None:
    """Return, for a question after the kinds of something (「どんなパターンがある」), the numbered headings
    the item sits under with their siblings (① ② ③, not what ③ says), or None."""
    if not KINDS_ASKED.search(analysis.question):
        return None
    family = _numbered_family(searcher, item)
    return Composition(family) if len(family) >= 2 else None


def _numbered_family(searcher: Searcher, item: Candidate, own: str | None = None) -> list[Candidate]:
    """Return the numbered headings a list sits under (or the numbered heading `own`) together with their
    siblings of one mark family counting up from 1 in the same unit (① 生産拠点の海外移転, ② 投資買収,
    ③ 人を通じた流出), or []."""
    own = (item.piece.heading or "") if own is None else own
    mark = enumeration(own)
    if mark is None:
        return []
    marked = ((c, enumeration(c.text)) for c in _heading_candidates(searcher, item))
    headings = sorted(((c, m[1]) for c, m in marked if m and m[0] == mark[0]), key=lambda pair: pair[0].piece.block)
    runs: list[list[Candidate]] = []
    for candidate, number in headings:
        if number == 1:
            runs.append([candidate])
        elif runs and number == len(runs[-1]) + 1:
            runs[-1].append(candidate)
    return next((run for run in runs if any(compact(c.text) == compact(own) for c in run)), [])


def _heading_candidates(searcher: Searcher, item: Candidate) -> list[Candidate]:
    """Return the segments of the item's unit that head something: its title and headings, and a note
    that leads a list (「（※）考慮すべきリスクの例」)."""
    segments = _unit_segments(searcher, item.chunk.unit_id)
    leads = {c.piece.heading for c in segments if c.piece.kind == "list"}
    return [c for c in segments if c.piece.kind in ("heading", "title") or (c.piece.kind == "note" and c.text in leads)]


# A source asked for by name (not 「何をもとに」, which may ask what a thing itself is based on)
_SOURCE_NAMED = re.compile(r"出典|出所|引用元|情報源|抜粋")


def _source_of(searcher: Searcher, analysis: Analysis, pool: list[Candidate],
               settings: AnswerSettings) -> Composition | None:
    """「どの会議の資料から抜粋されていますか」「出所を教えて」: the note that says where the topic's slide
    comes from (「（出典）第10回…有識者会議（令和６年1月17日）資料より抜粋」; 「(出所) 経済産業省 / 安全保障
    貿易管理HP」 with the line that goes on with it), from a passage about the topic; None when no such line
    is about as good as the best."""
    floor = pool[0].score - settings.judgement_within if pool else 0.0
    sources = [c for c in pool if c.score >= floor and (_SOURCE_NOTE.match(c.text) or ATTRIBUTION.search(c.text))
               and (_about_topic(analysis, c, settings) or any(_about_topic(analysis, o, settings) for o in pool
                                                              if o.chunk.chunk_id == c.chunk.chunk_id))]
    if not sources:
        return None
    best = sources[0]
    return Composition([c for c in _block_items(searcher, best.chunk, best.piece.block)
                        if _SOURCE_NOTE.match(c.text) or ATTRIBUTION.search(c.text)] or [best])


def compose_case(searcher: Searcher, analysis: Analysis, pool: list[Candidate]) -> Composition | str:
    """A case named by number: its title and first lines, or the line that lists it."""
    wanted = analysis.case
    chunks = [c for c in searcher.index.chunks if case_key(c.case) == wanted]
    if chunks:
        lines = []
        for chunk in chunks:
            for index, piece in enumerate(chunk.pieces):
                if piece.kind in ("toc", "link") or _SOURCE_NOTE.match(piece.text):
                    continue
                lines.append(Candidate(chunk, index, 0.0, 0))
        # the case's own title line first (the line that opened it), then what it says
        def opens(c: Candidate) -> bool:
            unit = searcher.index.units.get(c.chunk.unit_id)
            return unit is not None and unit.case_titles[c.piece.block] == c.text
        opener = next((c for c in lines if opens(c)), None)
        body = [c for c in lines if c is not opener and c.piece.kind not in ("heading", "title")]
        chosen = ([opener] if opener else []) + body[:2]
        return Composition(chosen or lines[:3])
    mentions = [c for c in pool if wanted in {case_key(m) for m in _case_mentions(c.text)}]
    if mentions:
        return Composition(mentions[:1])
    return "case"


_QUOTED = re.compile(r"[「『]([^」』]{3,40})[」』]")


def _quoted_section(searcher: Searcher, analysis: Analysis, pool: list[Candidate],
                    settings: AnswerSettings) -> Composition | None:
    """「No.14の『外部からのアプローチ分析の実施概要』の構成要素」: a question that quotes a heading of the
    documents asks what is under it — the heading and its items or first sentences. Of headings that say
    the same, the one the search ranked best, else the newest; None when nothing quoted is a heading."""
    scores = {(c.chunk.chunk_id, c.piece_index): c.score for c in pool}
    phrases = _QUOTED.findall(analysis.question)
    if analysis.answer_type == "definition" and analysis.topic:
        phrases.append(analysis.topic)  # 「キャッチオール規制ってなに？」: a term that heads a section is told under it
    for quoted in phrases:
        key = compact(quoted)
        found = [Candidate(chunk, index, scores.get((chunk.chunk_id, index), float("-inf")), 0)
                 for chunk in searcher.index.chunks for index, piece in enumerate(chunk.pieces)
                 if piece.kind in ("heading", "title") and _heading_names(piece.text, key)
                 and (not analysis.case or case_key(chunk.case) == analysis.case)]
        for heading in sorted(found, key=lambda c: (c.score, c.chunk.date or ""), reverse=True):
            sections = _numbered_sections(searcher, heading) if analysis.answer_type == "list" else []
            if len(sections) >= 2:  # 「『本日の論点まとめ』の論点を列挙せよ」: its numbered headings (＜論点①＞ …)
                return Composition([heading, *sections[: settings.max_list_items]])
            under = _section_under(searcher, heading)
            if not under:
                continue
            # (a list asked for is given whole, after the sentence that may lead into it)
            limit = settings.max_list_items if under[0].piece.kind in ("list", "table") or (
                analysis.answer_type == "list" and any(c.piece.kind in ("list", "table") for c in under)) \
                else settings.max_quotes
            return Composition([heading, *under[:limit]])
    return None


# A heading put as the reader's own wish or worry (「技術流出対策に取り組みたいが、何から始めればよいか分からない」)
_CONCERN_HEADING = re.compile(r"(?:たい|知りたい|分からない|わからない|困っている|不安|ませんか)[？?]?$")


def _concern_section(searcher: Searcher, pool: list[Candidate], settings: AnswerSettings) -> Composition | None:
    """A question that restates a heading put as the reader's wish or worry — the segment closest to
    it in meaning — is answered by what that heading heads, as a FAQ answers its question."""
    closest = max(pool, key=lambda c: c.similarity, default=None)
    if closest is None or closest.piece.kind not in ("heading", "title") \
            or not _CONCERN_HEADING.search(without_list_mark(closest.text).strip()):
        return None
    under = _section_under(searcher, closest)
    return Composition([closest, *under[: settings.max_quotes]]) if under else None


def _heading_names(heading: str, key: str) -> bool:
    """Return True for a heading that is the term `key` (compacted), or ends in it after の: a Japanese
    noun phrase is a kind of its last noun (「技術情報管理のための専門家派遣事業」 is a 専門家派遣事業)."""
    text = compact(without_list_mark(heading))
    return text == key or len(key) >= 3 and text.endswith("の" + key)


def _section_under(searcher: Searcher, heading: Candidate) -> list[Candidate]:
    """Return what may be quoted under a heading: the segments it heads, with their sub-items; when it
    heads only a sub-heading (a slide's title over a table's header row), what that one heads."""
    segments = _unit_segments(searcher, heading.chunk.unit_id)
    first = next((c for c in segments if c.piece.heading == heading.text), None)
    if first is not None and first.piece.kind in ("heading", "title") and \
            not any(c.piece.heading == heading.text and c.piece.kind in QUOTABLE_KINDS for c in segments):
        heading = first
    names, under = {heading.text}, []
    for segment in segments:
        if segment.piece.heading in names and segment.piece.kind in QUOTABLE_KINDS:
            under.append(segment)
            if segment.piece.kind in ("list", "table"):
                names.add(segment.text)  # an item's sub-items, a row's sub-rows
    return under


def _case_mentions(text: str) -> list[str]:
    return re.findall(r"事例\s*[①-⑳]|事例\s*\d{1,2}|No\.\s*\d{1,3}|Case\s*\d{1,3}", text)


def compose_ranked(analysis: Analysis, pool: list[Candidate], settings: AnswerSettings,
                   searcher: Searcher | None = None, terms: list[TopicTerm] = ()) -> Composition | str:
    """Definition, how-to, yes/no and other questions: the best segments about the topic."""
    about = [c for c in pool if _about_topic(analysis, c, settings)]
    if all(c.piece.kind in ("heading", "title") for c in about) and \
            max((c.similarity for c in pool), default=0.0) >= settings.paraphrase_similarity:
        # 「サプライチェーンが途切れそうな兆しを早めに察知する仕組み」: a question put in words the documents
        # never use covers no segment's topic; one that close in meaning to a segment is about what it says
        about = list(pool)
    if not about:
        return "topic"
    if any(q.kind not in EDITION_ORDER for q in analysis.qualifiers):
        about = [c for c in about if c.qualified]
        # 「経済安全保障推進法の罰則は？」: the condition met for the law the question names, in a passage
        # naming it — 外為法's penalties are not its own (where a place holds is the place condition's to say)
        named = [t for t in terms if t.term in analysis.names and t.weight and not t.term.endswith(ORGANISATION_ENDINGS)
                 and not places_named(t.term)]
        about = [c for c in about if all(_names(t, f"{_context(c.chunk, c.piece)} {c.chunk.text}") for t in named)]
        if not about:
            return "qualifier"
    best = max(about, key=lambda c: c.score)
    if analysis.answer_type == "lookup" and _restates(analysis, best, settings):
        # 「2024年7月に設置された貿易経済安全保障局は、どのような役割を？」: the best line says what the question
        # says already (「2024年7月に新たに「貿易経済安全保障局」を設置」); the lines after it in its passage
        # say the rest (「司令塔として、…」), whatever kind the structure gave the boxes of a diagram
        following = _following(best, settings.max_quotes - 1)
        if following:
            return Composition([best, *following])
    if analysis.answer_type in ("lookup", "definition") and _names_only(analysis, best, settings):
        # 「ドラギレポートって何を提言してるの？」: the best line is the thing's name as a label (「「欧州の競争力の
        # 未来」(いわゆるドラギレポート)」); what it says is in the lines under the label
        following = _said_of(best, settings.max_quotes, settings)
        if following:
            return Composition([best, *following])
    # A heading names a topic; what is said under it answers. Headings alone answer nothing.
    about = [c for c in about if c.piece.kind not in ("heading", "title")]
    if not about:
        return "type"
    kind = analysis.answer_type
    if kind == "howto":  # a measure says what to do; a category label (「防止策（退職者）」) only names it
        measures = [c for c in about if len(c.text) >= settings.measure_min_chars or _MEASURE_SENTENCE.search(c.text)]
        about = measures or about
    ranked = sorted(about, key=lambda c: -c.score)
    latest = any(q.kind == "latest" for q in analysis.qualifiers)
    if latest:
        # 「まだ検討段階？」「現在は」: of the answers about as good as the best, the newest document's first
        floor = ranked[0].score - settings.close_enough
        newest = max(c.chunk.date or "" for c in ranked if c.score >= floor)
        ranked.sort(key=lambda c: not (c.score >= floor and (c.chunk.date or "") == newest))  # stable: by score within
    if kind == "yesno" and not _JUDGEMENT.search(ranked[0].text):
        # 「一緒に仕入れてもいいの？」: of the answers about as good as the best, one that settles it
        # (「…は、独禁法上問題とならない」) leads; the cases it lists only show what it is about
        _lead_with(ranked, settings.judgement_within, lambda c: _JUDGEMENT.search(c.text))
    if kind == "yesno" and (thing := analysis.existence_of) is not None:
        # 「ベストプラクティス集って動画で見られるものはありますか」: whether there is one is settled by a
        # line naming it (「YouTubeで動画を公開中」), if one is about as good as the best
        _lead_with(ranked, settings.judgement_within, lambda c: thing in compact(c.text))
    asked = member_term(analysis.resolved, analysis.focus) if kind == "yesno" else None
    member = next((t for t in terms if t.term == asked), None) if asked else None
    if member is not None:
        # 「特定重要物資にクラウドも入ってる？」: whether a thing is among others is settled by a line
        # naming it (「…半導体、蓄電池、クラウド、…の８つ」); such lines lead, and without one the list
        # (⑯量子ドット is another thing) says nothing either way
        # (in a passage naming the set, or some word of it: 「量子コンピュータ」 in a list of research fields
        # is not among 対象技術)
        sets = [t for t in terms if t is not member and t.weight and t.term in analysis.focus]

        def settles(c: Candidate) -> bool:
            passage = f"{_context(c.chunk, c.piece)} {c.chunk.text}"
            return _names(member, c.text) and (not sets or any(_names(t, passage) for t in sets))

        ranked.sort(key=lambda c: not settles(c))  # stable: by score within
        if not settles(ranked[0]):
            return "member"
    lead = ranked[0]
    if kind == "edition":
        compared = _by_edition(ranked, pool, settings)
        if compared is not None:
            return compared
    kinds = _kinds(searcher, analysis, lead) if kind in ("lookup", "list") and searcher is not None else None
    if kinds is not None:
        return kinds
    if kind in ("lookup", "list") and searcher is not None:
        listed = _list_under(searcher, analysis, pool, lead, settings)
        if listed is not None:
            return listed
    chosen = _distinct(ranked, settings.max_quotes if kind != "yesno" else settings.yesno_quotes,
                       lead.score - settings.close_enough)
    if kind == "howto" and lead.piece.kind == "paragraph":
        # a measure's paragraph goes on with the measures beside it (「就職時から誓約を求める」 then
        # 「違反した場合は訴訟を含む厳格な対応」): they answer before a quote from elsewhere does. The items
        # of a list or table (a checklist's rows) are separate things and are not taken along.
        siblings = [c for c in pool if c.chunk.chunk_id == lead.chunk.chunk_id and c.piece.block == lead.piece.block
                    and c is not lead and c.piece.kind == "paragraph"]
        siblings.sort(key=lambda c: c.piece_index)
        chosen = _distinct([lead] + siblings + chosen[1:], settings.max_quotes, float("-inf"))
    elif kind == "howto" and not _MEASURE_SENTENCE.search(lead.text):
        # 「…中小企業には、自社のみで取組を進めることが難しいとの声も」: a lead that says no measure states
        # the problem; the item after it in the same list says what answers it (「国が設けたTICSでは…」)
        following = next((c for c in pool if c.chunk.chunk_id == lead.chunk.chunk_id and c.piece.block == lead.piece.block
                          and c.piece_index == lead.piece_index + 1 and c.piece.kind == lead.piece.kind), None)
        if following is not None:
            chosen = _distinct([lead, following] + chosen[1:], settings.max_quotes, float("-inf"))
    if kind == "howto" and searcher is not None and (measures := _measures_after(searcher, lead, settings)):
        # what the section says of the problem, then the measures it gives for it
        chosen = [c for c in chosen if c.text not in {m.text for m in measures}] + measures
    if kind == "definition":
        spelled = _spelled_out(analysis, pool)
        if spelled is not None and all(spelled.text not in c.text for c in chosen):
            chosen = [spelled] + chosen[: settings.max_quotes - 1]
    subject = _most_specific(terms)
    if kind in ("yesno", "lookup") and subject and not any(a in compact(chosen[0].text) for a in subject.alternatives):
        # 「2024年5月から施行」 says what of nothing: the heading it sits under names it (「④ 特許出願非公開制度」)
        chosen = _with_heading(chosen[0], pool) + chosen[1:]
    dates = sorted({c.chunk.date for c in chosen if c.chunk.date}, reverse=True)
    notice = EDITION_NOTICE.format(new=dates[0], old=dates[-1]) \
        if len(dates) > 1 and latest else None
    return Composition(chosen, notice, lead=YESNO_LEAD if kind == "yesno" else None)


def _restates(analysis: Analysis, line: Candidate, settings: AnswerSettings) -> bool:
    """Return True for a line whose words the question says nearly all of itself: it tells the asker
    nothing new."""
    words = tokenize(line.text)
    asked = set(tokenize(analysis.resolved))
    # (a label of a word or two, 「相談例」, heads a list rather than saying something)
    return len(words) >= settings.restated_min_words and sum(w in asked for w in words) >= settings.restated_share * len(words)


def _names_only(analysis: Analysis, line: Candidate, settings: AnswerSettings) -> bool:
    """Return True for a label that names the thing a question is about (its topic) and says nothing of
    it: a short item or line with no sentence end or verb, and besides the name no more than another
    name or a date in brackets (「「欧州の競争力の未来」(いわゆるドラギレポート)」「「競争力コンパス」
    <2025年1月>」, not 「インフレ削減法：10年間で4,370億ドル」)."""
    topic = analysis.topic
    text = normalize_text(line.text).strip()
    if line.piece.kind not in ("list", "paragraph") or not topic or compact(topic) not in compact(text):
        return False
    rest = _BRACKETED.sub("", compact(text).replace(compact(topic), ""))
    return _label(text, settings) and len(re.sub(r"[^\w]", "", rest)) <= settings.label_rest_chars \
        and not re.search(r"\d[\d,.]*[^\d,.]", rest)  # (a figure with its unit; 「中国製造2025」's year is its name)


# a name or date in brackets beside a label's name (「…」(いわゆる…) <2025年1月>)
_BRACKETED = re.compile(r"「[^」]*」|『[^』]*』|[(（][^)）]*[)）]|[<＜〈][^>＞〉]*[>＞〉]")


def _label(text: str, settings: AnswerSettings) -> bool:
    """Return True for a short line that is no sentence and has no verb: it names something."""
    from .tokenize_ja import tagger

    return len(text) <= settings.name_line_chars and not ends_sentence(text) and \
        not any(word.feature.pos1 in ("動詞", "助動詞") for word in tagger()(text))


def _said_of(label: Candidate, limit: int, settings: AnswerSettings) -> list[Candidate]:
    """Return up to `limit` segments after a label in its passage, up to the next label like it: a label
    alone in its block, of the label's kind (「「競争力コンパス」 <2025年1月>」 after what is said of
    「ドラギレポート」)."""
    out = []
    for line in _following(label, limit):
        alone = sum(p.block == line.piece.block for p in line.chunk.pieces) == 1
        if alone and line.piece.kind == label.piece.kind and _label(normalize_text(line.text).strip(), settings):
            break
        out.append(line)
    return out


def _following(line: Candidate, limit: int) -> list[Candidate]:
    """Return up to `limit` segments right after a line in its passage."""
    pieces = range(line.piece_index + 1, min(line.piece_index + 1 + limit, len(line.chunk.pieces)))
    return [Candidate(line.chunk, index, 0.0, 0) for index in pieces]


def _lead_with(ranked: list[Candidate], within: float, wanted) -> None:
    """Put first, in place, the candidates scoring within `within` of the best for which `wanted` holds;
    the sort is stable, so each group keeps its order by score."""
    floor = ranked[0].score - within
    ranked.sort(key=lambda c: not (c.score >= floor and wanted(c)))


def _measures_after(searcher: Searcher, lead: Candidate, settings: AnswerSettings) -> list[Candidate]:
    """Return the measures a topic's section gives after what it says of the problem: under the topic's
    heading (「① コア技術の特定」), the heading that introduces measures (「対応策の例」) and its first-level
    items (「① 自社の競争力の源泉が何であるかを改めて確認する」 …); [] when the lead is itself under such a
    heading or its section has none."""
    topic = lead.piece.heading
    if not topic or _MEASURE_HEADING.search(topic):
        return []
    segments = _unit_segments(searcher, lead.chunk.unit_id)
    place = next((i for i, c in enumerate(segments)
                  if c.chunk.chunk_id == lead.chunk.chunk_id and c.piece_index == lead.piece_index), None)
    if place is None:
        return []
    heading = next((c for c in segments[place + 1:] if c.piece.kind == "heading" and c.piece.heading == topic
                    and _MEASURE_HEADING.search(c.text)), None)
    if heading is None:
        return []
    # the measures as items of a list (「- ① …」 with sub-items) or as numbered headings over their text
    items = _numbered_sections(searcher, heading) or [c for c in _section_under(searcher, heading) if c.piece.level == 0]
    return [heading, *items[: settings.max_list_items]] if items else []


def _by_edition(ranked: list[Candidate], pool: list[Candidate], settings: AnswerSettings) -> Composition | None:
    """「2024年の資料と2025年の資料でどう変わった？」: the best answer about the topic of each dated document
    (the question asks for each, however well the older one scores), newest first, each led by its heading
    when it doesn't name its subject; None when only one document's date is among them."""
    best: dict[str, Candidate] = {}
    for cand in ranked:
        if cand.chunk.date:
            best.setdefault(cand.chunk.date, cand)
    if len(best) < 2:
        return None
    for date, top in best.items():  # of a document's answers about as good as its best, the one most on topic
        close = [c for c in ranked if c.chunk.date == date and c.score >= top.score - settings.close_enough]
        best[date] = max(close, key=lambda c: c.cover)  # (max keeps the first, the best scored, on a tie)
    dates = sorted(best, reverse=True)[: settings.max_quotes]
    lines = [line for date in dates for line in _with_heading(best[date], pool)]
    return Composition(lines, EDITION_NOTICE.format(new=dates[0], old=dates[-1]))


def _spelled_out(analysis: Analysis, pool: list[Candidate]) -> Candidate | None:
    """Return the line that gives an abbreviation's full name (「技術情報管理認証制度 (TICS)」), which a
    「TICSとは」 answer should start from — even when it is a heading."""
    topic = analysis.topic or ""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9&.\-]{1,11}", topic):
        return None
    pattern = re.compile(rf"[一-龥ぁ-んァ-ヶー・]{{3,}}\s*[（(]\s*{re.escape(topic)}\s*[)）]")
    found = [c for c in pool if pattern.search(normalize_text(c.text))]
    return max(found, key=lambda c: c.score) if found else None


def _list_under(searcher: Searcher, analysis: Analysis, pool: list[Candidate], lead: Candidate,
                settings: AnswerSettings) -> Composition | None:
    """Return the list a heading or lead-in introduces (「3. 経営者等が認識すべき原則」 then ①②③), when
    that heading fits the question at least as well as the best sentence."""
    # (a lead-in naming as many things as the question says there are, 「以下の５つのイニシアティブ」 for
    # 「5つのイニシアティブを教えて」, introduces them however it scores beside the best sentence)
    headings = [c for c in pool if _introduces_list(c) and _about_topic(analysis, c, settings) and c.qualified
                and (_asks_contents(analysis) or not _CONTENTS.search(c.text))
                and (c.score >= lead.score - settings.close_enough
                     or analysis.items is not None and items_named(c.text) == analysis.items)]
    if _CHAPTER.search(normalize_text(analysis.question)) or _CHAPTER_NAMED.search(normalize_text(analysis.question)):
        # 「第2章には何が書いてある？」 answered best by an entry of the contents (or an entry under one):
        # its chapter's entries
        contents = [c for c in _unit_segments(searcher, lead.chunk.unit_id)
                    if c.piece.kind in ("heading", "title") and _CONTENTS.search(c.text)
                    and (c.text == lead.piece.heading or c.piece.block + 1 == lead.piece.block)]
        headings = contents[:1] + headings
    for head in headings[:3]:
        items = [c for c in _block_items(searcher, head.chunk, head.piece.block + 1) if c.piece.kind in ("list", "table")]
        if _CONTENTS.search(head.text):
            items = _chapter_of_contents(items, analysis.question)
        if len(items) >= 2 and not _prose(items, settings):
            return Composition([head] + items[: settings.max_list_items])
        sections = _numbered_sections(searcher, head)
        if len(sections) >= 2:
            return Composition([head] + sections[: settings.max_list_items])
    return None


_CHAPTER = re.compile(r"第\s*" + WRITTEN_NUMBER + r"\s*章")
# 「ガイダンスの海外進出の章」: a chapter named by what it is about
_CHAPTER_NAMED = re.compile(r"([一-龥ァ-ヶーA-Za-z]{2,})の章")


def _chapter_of_contents(items: list[Candidate], question: str) -> list[Candidate]:
    """Return the part of a table of contents a question asks about: 「第2章には何が書いてある？」 gets
    the 第2章 entry and the entries under it, up to the next chapter; the whole table otherwise."""
    asked = _CHAPTER.search(normalize_text(question))
    named = _CHAPTER_NAMED.search(normalize_text(question))
    if asked is None and named is None:
        return items
    if asked is not None:
        wanted = number_value(asked.group(1))
        starts = [i for i, c in enumerate(items)
                  if (m := _CHAPTER.match(without_list_mark(c.text))) and number_value(m.group(1)) == wanted]
    else:  # the chapter whose title says most of what the question says it is about
        from difflib import SequenceMatcher

        before = normalize_text(question)[: named.end(1)]

        def shared(text: str) -> int:
            return SequenceMatcher(None, before, text, autojunk=False).find_longest_match().size

        chapters = [(shared(normalize_text(c.text)), i) for i, c in enumerate(items) if _CHAPTER.match(without_list_mark(c.text))]
        best = max(chapters, default=(0, 0))
        starts = [best[1]] if best[0] >= 2 else []
    if not starts:
        return items
    part = [items[starts[0]]]
    for item in items[starts[0] + 1:]:
        if _CHAPTER.match(without_list_mark(item.text)):
            break
        part.append(item)
    return part


def _numbered_sections(searcher: Searcher, head: Candidate) -> list[Candidate]:
    """Return the numbered headings that follow a lead-in, each over its own text (「3つの切り口」 then
    「① …」 text 「② …」 text 「③ …」): one mark family counting up from 1, as many as the lead-in says."""
    limit = items_named(head.text) or 20
    firsts: dict[int, Candidate] = {}
    for candidate in _unit_segments(searcher, head.chunk.unit_id):
        if candidate.piece.block > head.piece.block:
            firsts.setdefault(candidate.piece.block, candidate)
    out: list[Candidate] = []
    family = None
    for block in sorted(firsts):
        candidate = firsts[block]
        mark = enumeration(candidate.text)
        # an item opening a list block of its own (「２．…」 over its bullets) counts on like a heading does
        counts_on = bool(out) and mark is not None and mark == (family, len(out) + 1)
        if candidate.piece.kind not in ("heading", "title") and not counts_on:
            if not out:
                return []  # the lead-in is followed by text, not by its items
            continue  # the text under an item
        if mark is None or (family is not None and mark[0] != family) or mark[1] != len(out) + 1:
            break
        family = mark[0]
        out.append(candidate)
        if len(out) == limit:
            break
    return out


def _prose(items: list[Candidate], settings: AnswerSettings) -> bool:
    """Return True for bullets that are paragraphs (a slide's body set as bullets), not a list of
    things: quoting all of them under the section heading answers nothing in particular."""
    long = sum(1 for c in items if len(c.text) > settings.prose_item_chars)
    return long * 2 > len(items)


def _introduces_list(candidate: Candidate) -> bool:
    """Return True for a heading, or a short line that announces what follows (「…の3つの切り口。」「…：」)."""
    text = candidate.text
    return candidate.piece.kind in ("heading", "title") or (
        len(text) <= 60 and (text.rstrip("。").endswith(("：", ":", "」")) or re.search(r"\d\s*つの|次の", text) is not None))


# --------------------------------------------------------------------------- answering


def refusal_reason(analysis: Analysis, why: str, terms: list[TopicTerm] | None = None, entry: str | None = None) -> str:
    """Return the Japanese sentence that says why the documents don't answer the question."""
    terms = terms or []
    absent = [t.term for t in terms if not t.weight and not _EVERYDAY_KANA.fullmatch(t.term)]
    # the thing that decided it first (a thing asked for before a verbal noun: Excel, not 入手)
    keys = analysis.key_terms
    absent.sort(key=lambda term: (is_action(term), term not in keys))
    # the thing the question is about names the topic, not a verbal noun used as its verb (用意, 実施)
    named = [t for t in terms if t.weight and not is_action(t.term)] or [t for t in terms if t.weight]
    heaviest = max(named, key=lambda t: t.weight, default=None)
    topic = (absent[0] if why == "topic" and absent else heaviest.term if heaviest else analysis.topic)
    label = TYPE_LABELS.get(analysis.answer_type, "記述")
    if analysis.answer_type == "howto":  # 「研修会の申込み方法は？」: how to apply, not measures (対応策)
        label = next((q.text for q in analysis.qualifiers if q.kind in ATTRIBUTES), label)
    if analysis.answer_type == "number" and analysis.counter:  # 「12月15日の割合の記載は」, not 「…の数の」
        # (a length counted in 年間/日間, 「何年間の措置」, is a period: not 「年間の数」)
        label = "割合" if analysis.counter in ("%", "パーセント", "割") else "期間" if analysis.counter in ("年間", "日間") \
            else analysis.counter if analysis.counter in ("期間", "頻度", "割合") else f"{analysis.counter}の数"
    if why == "noise":
        return "質問から調べる語を読み取れませんでした。資料の言葉で聞き直してください（例: 退職者による持ち出しを防ぐには？）。"
    if why == "topic" and not JAPANESE.search(analysis.question):
        return f"{REFUSAL_TEXT}。資料は日本語です。日本語で質問してください（例: TICSとは何ですか？）。"
    if why == "name":
        missing = next((n for n in analysis.names if n in absent), next(iter(analysis.names), topic))
        return f"資料には『{missing}』に関する記述がありません。"
    if why == "undefined":
        return f"資料には『{defined_term(analysis.resolved)}』に関する記述が見つかりませんでした。"
    if why == "contents":  # an entry of the contents names the part; its text is not in the slides
        return f"資料の目次に『{entry or topic}』の項目はありますが、その内容の記載は見つかりませんでした。"
    if why == "judgement":  # 「事例⑮ってセーフ？」: the case is there, a judgement on it is not
        return f"資料には『{analysis.case}』の記述はありますが、問題となるかどうかの判断の記載は見つかりませんでした。"
    if why == "topic" or not topic:
        return f"資料には『{topic}』に関する記述が見つかりませんでした。" if topic else f"{REFUSAL_TEXT}。"
    if why == "unwritten":  # 「推進法の改正案はいつ」: what it belongs to is there, the thing asked about is not
        text = normalize_text(analysis.resolved)
        owner = min((t for t in named if t.term != analysis.head and t.term in text),
                    key=lambda t: text.find(t.term), default=heaviest)
        return f"資料には『{owner.term if owner else topic}』の記述はありますが、『{analysis.head}』の{label}の記載は見つかりませんでした。"
    if why == "qualifier":  # (「…された？」 asks of the past: no condition to name)
        # the thing the condition is asked of (「推進法の罰則」 → 経済安全保障推進法, not the 刑事罰 of another law)
        # (a place is a name too, but a rarer word is the thing asked of it: not 日本 but ウォーゲーミング)
        # (nor the place it is asked of: 「ドイツにおける…制度」 is about the 制度)
        conditions = {q.text for q in analysis.qualifiers if q.kind in ("place", "owner")}
        unconditioned = [t for t in named if t.term not in conditions]
        heaviest = max(unconditioned, key=lambda t: t.weight, default=heaviest)
        topic = next((t.term for t in unconditioned if t.term in analysis.names and not (
            t.term in places_named(t.term) and heaviest and heaviest.weight > t.weight)), heaviest.term if heaviest else topic)
        # (a value asked as it is now, when the lines give only goals for later years: 「現時点の金額」)
        condition = _present_asked(analysis) or "・".join(
            q.named for q in analysis.qualifiers if q.kind not in (*EDITION_ORDER, "past"))
        asked = (f"{condition}の{label}" if condition and condition != "上限" else condition or label) \
            if analysis.answer_type in (*VALUE_TYPES, "list") else condition or label  # not 「書類の記述の記載」
        return f"資料には『{topic}』の記述はありますが、{asked}の記載は見つかりませんでした。"
    if why == "case":
        return f"資料には『{analysis.case}』にあたる事例の記載が見つかりませんでした。"
    if why == "source":
        return f"資料には『{topic}』の記述はありますが、出典・出所の記載は見つかりませんでした。"
    if why == "choice":  # 「オンラインでしたか、それとも会場でしたか」
        first, second = ("・".join(sorted(side)) for side in analysis.choices)
        return f"資料には『{topic}』の記述はありますが、{first}か{second}かの記載は見つかりませんでした。"
    if why == "which":  # 「具体的に何の補助金？」: the kind is there, which one is not
        return f"資料には『{topic}』の記述はありますが、具体的にどの{analysis.which_kind}かの記載は見つかりませんでした。"
    if why == "member":  # 「対象技術に量子コンピュータは入ってる？」
        return f"資料には『{member_term(analysis.resolved, analysis.focus)}』が含まれる（該当する）という記載は見つかりませんでした。"
    if why == "part":
        part = DOCUMENT_PART.search(normalize_text(analysis.resolved)).group(0)
        return f"資料には『{topic}』の記述はありますが、『{part}』の記載は見つかりませんでした。"
    if analysis.answer_type == "contact" and _LINK_ASKED.search(normalize_text(analysis.question)):
        label = "Webページ（URL）"
    if analysis.answer_type == "date" and TIME_OF_DAY_ASKED.search(normalize_text(analysis.question)):
        label = "時刻"
    if analysis.answer_type == "lookup":  # 「…の記述はありますが、記述の記載は」 says nothing
        return f"資料には『{topic}』の記述はありますが、この質問に答える記載は見つかりませんでした。"
    return f"資料には『{topic}』の記述はありますが、{label}の記載は見つかりませんでした。"


def prepare(searcher: Searcher, query: str, filters: SearchFilters | None = None,
            settings: AnswerSettings | None = None, history: list[dict[str, str]] | None = None) -> Prepared:
    """Return the question analysed (against the history) and searched with its topic filled in."""
    settings = settings or AnswerSettings()
    from .search import clean_query

    text, _ = clean_query(query)  # raises InputError for an empty question
    analysis = analyse(text, history)
    result = searcher.search(analysis.resolved, top_k=max(settings.passages, settings.candidate_passages),
                             filters=filters)  # a question cut for length keeps its notice in result.notice
    prepared = Prepared(analysis, result, filters=filters)
    prepared.candidates = gather(searcher, prepared, settings)
    return prepared


def answer_question(searcher: Searcher, query: str, filters: SearchFilters | None = None,
                    settings: AnswerSettings | None = None, history: list[dict[str, str]] | None = None) -> Answer:
    """Return a cited extractive answer to `query` (a follow-up read against `history`), or a refusal
    that says why, with the nearest passages."""
    settings = settings or AnswerSettings()
    return answer_from_prepared(searcher, prepare(searcher, query, filters, settings, history), settings)


def answer_from_result(searcher: Searcher, result: SearchResult, settings: AnswerSettings | None = None) -> Answer:
    """Return the answer for an already retrieved search result (its query read as a new question)."""
    settings = settings or AnswerSettings()
    prepared = Prepared(analyse(result.query), result)
    prepared.candidates = gather(searcher, prepared, settings)
    return answer_from_prepared(searcher, prepared, settings)


def _mentioned(searcher: Searcher, name: str) -> bool:
    """Return True when the documents mention a name the question gives: as it is or by another name
    of the organisation (see Searcher.mentions), or shortened (see _written_in_full)."""
    return any(map(searcher.mentions, organisation_names(name))) or bool(_written_in_full(searcher, name))


def _written_in_full(searcher: Searcher, name: str) -> tuple[str, ...]:
    """Return the names the documents write for a name the user shortened by leaving out words before
    its ending (「基幹インフラ制度」 → 基幹インフラ事前届出制度): its beginning, of three characters or
    more, and a few characters on its ending, compacted; () when the documents write none."""
    key = compact(name)
    ending = name_ending(key)
    head = key[: -len(ending)] if ending else ""
    if len(head) < 3:
        return ()
    found = re.findall(re.escape(head) + r"[^\n]{1,8}?" + re.escape(ending), searcher.corpus_text())
    return tuple(dict.fromkeys(found))


def _interpretation(analysis: Analysis) -> str | None:
    if not analysis.followup or not analysis.carried:
        return None
    return f"前の質問の「{analysis.carried}」についての質問として答えます（{analysis.resolved}）。"


def answer_from_prepared(searcher: Searcher, prepared: Prepared, settings: AnswerSettings) -> Answer:
    analysis, result = prepared.analysis, prepared.result
    interpretation = _interpretation(analysis)
    notices = [n for n in (interpretation, result.notice) if n]

    def refuse(why: str, entry: str | None = None) -> Answer:
        reason = refusal_reason(analysis, why, prepared.terms, entry) if why != "none" else (
            result.notice or "条件に合う資料がありません。絞り込み条件を見直してください。")
        return Answer(analysis.question, reason, (), False, notice=" ".join(notices) or None,
                      suggestions=() if why == "noise" else result.hits[:3], answer_type=analysis.answer_type,
                      refusal_reason=reason,
                      interpretation=interpretation)

    if not result.hits:
        return refuse("none")
    if not analysis.focus and not tokenize(analysis.resolved):
        return refuse("noise")  # 「🙂🙂」「。、！」「<b></b>」: nothing to look for
    if any(not _mentioned(searcher, name) and not _abroad_holds(analysis, name) for name in analysis.names):
        return refuse("name")
    pool = prepared.candidates
    if not pool:
        return refuse("topic")
    if (part := DOCUMENT_PART.search(normalize_text(analysis.resolved))) and \
            not any(form in searcher.corpus_text() for form in (f"第{number_value(part.group(1))}{part.group(2)}",
                                                                 compact(part.group(0)))):
        return refuse("part")  # 「第5章には何が」「第10条には」: documents whose chapters go up to 第2章 have no 第5章
    # A term the documents never write, nor all its words in one passage (「みなし輸出ってなに？」), they
    # do not define: quoting what they say of 輸出 would pass it off as its definition.
    if analysis.answer_type == "definition" and (term := defined_term(analysis.resolved)) and not searcher.mentions(term):
        return refuse("undefined")
    # The thing asked about (or what it belongs to), a word the documents never use — not even one
    # of its words (「資格試験」「労災」) — is a topic they don't cover.
    vocabulary = searcher.index.bm25.vocab_dict
    keys, asked = analysis.key_terms, (analysis.head, analysis.asked_thing)  # read once, not per term
    # Nor is a word of the story around a term the user quotes as the documents' own (「部品メーカーと完成品
    # メーカーが「すり合わせ」するやり方って」 asks about すり合わせ, whatever the parse took for its head) —
    # but a yes/no question asks about each thing it names.
    quoting = analysis.answer_type != "yesno" and any(t.weight and t.term in analysis.quoted for t in prepared.terms)
    for term in prepared.terms:
        # A yes/no question asks about exactly the thing it names (「英語版もありますか」): if the documents
        # never use that word, they don't say yes or no.
        # (one word of it unknown is enough there: 英語版 — 版 is everywhere, 英語 nowhere).
        # Only the thing asked about counts: a word of the story around it (「うっかり」) decides nothing.
        # So does the thing a lookup asks of its topic (「スキームの英語名は？」「局の局長は誰？」): the head.
        unknown = any if analysis.answer_type == "yesno" or (
            term.term in asked and analysis.answer_type in ("lookup", "organisation")) else all
        long_enough = (len(term.term) > settings.absent_term_chars or len(term.term) == settings.absent_term_chars
                       and not re.search(r"[ぁ-ん]", term.term)) and not _EVERYDAY_KANA.fullmatch(term.term)
        # (the kind of office an office question asks for, 「担当部署」, is what it asks, not its topic)
        office_kind = analysis.which_kind == "組織" and term.term in OFFICE_KINDS
        if (not term.weight and long_enough and term.term in keys and not office_kind and not quoting
                and not _abroad_holds(analysis, term.term)
                and all(unknown(token not in vocabulary for token in tokens) for tokens in term.tokens if tokens)):
            return refuse("topic")
    if analysis.focus and not any(_about_value_topic(analysis, c, settings) for c in pool[:30]):
        if pool[0].similarity < settings.min_similarity or analysis.answer_type in VALUE_TYPES:
            return refuse("topic")

    kind = analysis.answer_type
    if analysis.case and kind != "case":
        # 「No.1 の実施概要で示された3つの問い」: the case narrows where the answer is.
        inside = [c for c in pool if case_key(c.chunk.case) == analysis.case]
        pool = inside or pool
        prepared.candidates = pool
    source = _source_of(searcher, analysis, pool, settings) if analysis.source_asked else None
    if analysis.source_asked and source is None and kind != "contact" and \
            _SOURCE_NAMED.search(normalize_text(analysis.question)):
        # 「EWSの図の出典は？」: what the slide says is not where it comes from (「何をもとに作られてるの」
        # may ask what a thing is based on, which its own lines say)
        return refuse("source")
    section = (_quoted_section(searcher, analysis, pool, settings) or _concern_section(searcher, pool, settings)) \
        if kind not in (*VALUE_TYPES, "yesno", "comparison") else None  # a comparison quotes both things it names
    if source is not None:
        composed = source
    elif section is not None:
        composed = section
    elif kind == "comparison":
        composed = compose_comparison(searcher, prepared, settings)
    elif kind == "case" and analysis.case:
        composed = compose_case(searcher, analysis, pool)
    elif kind in VALUE_TYPES:
        composed = compose_value(analysis, pool, settings, prepared.terms)
    elif kind in ("list", "lookup", "edition") and ADDED_ASKED.search(normalize_text(analysis.question)) and \
            (added := compose_added(searcher, prepared, settings)) is not None:
        composed = added
    elif kind == "list":
        composed = compose_list(searcher, prepared, settings) or compose_ranked(analysis, pool, settings, searcher,
                                                                                  prepared.terms)
    else:
        composed = compose_ranked(analysis, pool, settings, searcher, prepared.terms)
        if composed == "topic" and analysis.case and any(case_key(c.chunk.case) == analysis.case for c in pool):
            # 「ガイダンスのCase 1で、A社は何がいけなかった」: the case the user named is what it is about,
            # whatever other words the question uses; what the case says beats a refusal.
            composed = compose_case(searcher, analysis, pool)
    if isinstance(composed, str):
        return refuse(composed)
    if analysis.answer_type == "case" and analysis.judgement_asked and \
            not any(_JUDGED.search(line.text) for line in composed.lines):
        # 「事例⑮って結局セーフなの？」: a case whose quoted lines judge nothing does not settle it
        return refuse("judgement")
    if kind in ("lookup", "howto", "definition") and not _asks_contents(analysis) \
            and all(_in_contents(searcher, line) for line in composed.lines):
        # 「撤退のときに何をやれって書いてある？」 answered by entries of a table of contents (「4 撤退・契約終了
        # 時に取り組むべき事項」): the document has a part on it, and these slides don't give what it says
        shown = {(line.chunk.chunk_id, line.piece_index) for line in composed.lines}
        entry = next((c for c in pool if (c.chunk.chunk_id, c.piece_index) in shown), composed.lines[0])
        return refuse("contents", entry.text)  # the entry that fits the question best
    if (office := _office_of(analysis, pool)) is not None:
        composed = Composition([office])
    which = analysis.which_kind
    if which is not None and not any(
            _names_one(which, line.text, analysis.resolved) for line in composed.lines):
        # 「重要鉱物ってどこの国に頼ってるの？」: a line about the topic that names one (「精錬工程は中国に集中」),
        # about as good as the best; 「具体的に何の補助金？」 answered by 「補助金の加点のメリットも」 names none
        # — or a line listing the things of that kind under its name (「大学：東北大、弘前大、…」)
        floor = pool[0].score - settings.close_enough
        naming = [c for c in pool if (c.score >= floor or _labelled_items(analysis, c.text) >= 2)
                  and c.piece.kind not in ("heading", "title")
                  and _about_topic(analysis, c, settings) and _names_one(which, c.text, analysis.resolved)]
        if not naming:
            return refuse("which")
        composed = Composition(_with_heading(naming[0], pool))
    if analysis.choices and not any(compact(word) in compact(f"{line.text} {_context(line.chunk, line.piece)}")
                                    for line in composed.lines for side in analysis.choices for word in side):
        # 「オンライン開催でしたか、それとも会場での開催でしたか」: lines about the event that name neither
        # settle nothing
        return refuse("choice")
    composed.lines = _with_footnotes(searcher, composed.lines)
    if composed.notice:
        notices.append(composed.notice)
    quoted = compact(" ".join(c.text for c in composed.lines))
    notices += [ABROAD_NOTICE.format(place=place) for place in dict.fromkeys(
        [q.text for q in analysis.qualifiers if q.kind == "place"] + list(analysis.names))
        if _abroad_holds(analysis, place) and compact(place) not in quoted]
    return _assemble(analysis, composed, notices, interpretation)


# An organisation as slides name one: by a name ending in what it is (経済産業省, 貿易経済安全保障局, 技術調査・
# 流出対策室, 情報処理推進機構)
_ORGANISATION = re.compile(r"[一-龥ァ-ヶーA-Za-z・]{2,}?(?:省|庁|局|室|課|機構|機関|協会|センター|委員会|法人|財団)(?![一-龥ァ-ヶー])")
# A university as slides name one: 東北大学, or 東北大 in a list (「大学：東北大、弘前大（…）」)
_UNIVERSITY = re.compile(r"[一-龥ァ-ヶー]{1,8}?大学|[一-龥ァ-ヶー]{1,6}大(?=[、,（(]|\s*他|$)")


def _names_one(kind: str, text: str, question: str) -> bool:
    """Return True when a line names a thing of the kind that the question does not name itself: a
    country by its name (ドイツ), a programme, business or law by a name ending in the kind's word
    (ものづくり補助金, 国家資源安全保障特別法), a university by its name (東北大)."""
    if kind in ("国", "加盟国"):
        return bool(places_named(text, countries=True) - places_named(question, countries=True))
    line = normalize_text(text)
    if kind == "組織":  # 「どこの部署？」「所管は？」: an office, a ministry, a body (技術調査・流出対策室)
        named = _ORGANISATION.findall(line)
    elif kind == "大学":
        named = _UNIVERSITY.findall(line)
    else:
        named = re.findall(rf"[一-龥ァ-ヶーA-Za-z・]{{2,}}?{'法' if kind == '法律' else kind}", line)
    return any(compact(name) not in compact(question) for name in named)


def _side_questions(analysis: Analysis) -> list[str]:
    """Return the question about each side of a comparison: what it says around the two things, with
    one of them (「韓国と台湾が講じている措置の違い」 → 「…韓国が講じている措置」), or 「Aとは」 alone."""
    text = normalize_text(analysis.resolved)
    first, second = analysis.compared
    # the pair nearest the word that compares, as compared_terms read it (a side may be named earlier too)
    second_at = text.rfind(second, 0, compare_word(text))
    at = text.rfind(first, 0, second_at)
    after = second_at + len(second)
    asked = compare_word(text, after)
    prefix, middle = text[:at].rstrip("「『"), _COMPARISON_GLUE.sub("", text[after:asked])
    if not re.search(r"[\u4e00-\u9fffァ-ヶA-Za-z]", middle):
        middle = ""
    elif not re.match(r"[がをにでへ]", middle):  # 「韓国が講じている措置」, 「人材流出の現行法令による対応」
        middle = f"の{middle}"
    return [prefix + side + (middle or ("とは" if not prefix.strip() else "")) for side in analysis.compared]


# what joins the second thing to what is said of both (「…」とでは、」「…って」「…の」), and the asking words
_COMPARISON_GLUE = re.compile(r"^[」』]?(?:とでは|とで|では|は|って|の|を)?[、\s]*|"
                              r"(?:の|にどのような|にどんな|にどう|どのような|どんな|何が|なにが|どう|どこが|と)*$")


def compose_comparison(searcher: Searcher, prepared: Prepared, settings: AnswerSettings) -> Composition | str:
    """「AとBの違いは？」: what the documents say of each of the two, side by side — each side searched and
    answered as a question of its own, its best quotes that name it first."""
    lines: list[Candidate] = []
    notices: list[str] = []
    for side, question in zip(prepared.analysis.compared, _side_questions(prepared.analysis)):
        own = prepare(searcher, question, prepared.filters, settings)
        named = [t for t in own.terms if compact(t.term) in compact(side)] or own.terms
        about = [c for c in own.candidates if any(a in compact(f"{c.text} {c.piece.heading or ''}")
                                                  for t in named for a in t.alternatives)]
        composed = compose_ranked(own.analysis, about, settings, searcher, own.terms)
        if isinstance(composed, str):
            return composed
        lines += [c for c in composed.lines if all(c.text != o.text for o in lines)][: settings.comparison_quotes]
        notices += [composed.notice] if composed.notice and composed.notice not in notices else []
    return Composition(lines, " ".join(notices) or None, lead=COMPARISON_LEAD.format(*prepared.analysis.compared))


# 「※βラクタム系抗菌薬4物資：」: a footnote that names what it explains before a colon
_FOOTNOTE_LABEL = re.compile(r"^※\s*([^:：︓]{2,40})[:：︓]")


def _with_footnotes(searcher: Searcher, lines: list[Candidate]) -> list[Candidate]:
    """Return the quotes, each followed by the footnote of its unit that explains a term it marks with ※
    (「βラクタム系抗菌薬4物資※の安定供給」 then 「※βラクタム系抗菌薬4物資：」 and the four names)."""
    out: list[Candidate] = []
    for line in lines:
        out.append(line)
        if "※" not in line.text[1:] or line.piece.kind == "note":
            continue
        notes: dict[int, list[Candidate]] = {}
        for segment in _unit_segments(searcher, line.chunk.unit_id):
            if segment.piece.kind == "note":
                notes.setdefault(segment.piece.block, []).append(segment)
        marked = compact(line.text)
        labelled = [segments for segments in notes.values() if (label := _FOOTNOTE_LABEL.match(segments[0].text))
                    and compact(label.group(1)) + "※" in marked]
        # 「11の特定重要物資※を指定。」 and one unnumbered note 「※経産省関係では、…の８つ」: the only
        # note its unit has for a bare ※ is the one it points to
        bare = [segments for segments in notes.values() if re.match(r"※(?![\d０-９])", segments[0].text)
                and not _FOOTNOTE_LABEL.match(segments[0].text)]
        if not labelled and len(bare) == 1 and re.search(r"※(?![\d０-９])", line.text[1:]):
            labelled = bare
        for segments in labelled:
            out.extend(s for s in segments if all(s.text != o.text for o in out))
    return out


def _assemble(analysis: Analysis, composed: Composition, notices: list[str], interpretation: str | None) -> Answer:
    """Number the cited passages in order of first use and write one line per quote."""
    numbers: dict[str, int] = {}
    quotes: dict[str, list[Candidate]] = {}
    lines = [composed.lead] if composed.lead else []
    for cand in composed.lines:
        chunk_id = cand.chunk.chunk_id
        if chunk_id not in numbers:
            numbers[chunk_id] = len(numbers) + 1
            quotes[chunk_id] = []
        if all(q.piece_index != cand.piece_index for q in quotes[chunk_id]):
            quotes[chunk_id].append(cand)
        lines.append(f"{cand.text}[{numbers[chunk_id]}]")
    citations = tuple(Citation(numbers[cid], cands[0].chunk, "\n".join(c.text for c in cands),
                               tuple(c.piece_index for c in cands)) for cid, cands in quotes.items())
    return Answer(analysis.question, "\n".join(dict.fromkeys(lines)), citations, True, mode="extractive",
                  notice=" ".join(notices) or None, answer_type=analysis.answer_type, interpretation=interpretation)


def answer_to_json(answer: Answer) -> dict:
    """Return the `ask` CLI's JSON contract for an answer."""
    payload = {
        "query": answer.query, "found": answer.found, "answer": answer.text, "mode": answer.mode,
        "answer_type": answer.answer_type, "refusal_reason": answer.refusal_reason,
        "citations": [{"n": c.n, "chunk_id": c.chunk.chunk_id, "citation": c.chunk.citation, "case": c.chunk.case,
                       "quote": c.quote, "text": c.chunk.text} for c in answer.citations],
    }
    if answer.notice:
        payload["notice"] = answer.notice
    if answer.interpretation:
        payload["interpretation"] = answer.interpretation  # how a follow-up was read
    if not answer.found:
        payload["suggestions"] = [{"chunk_id": h.chunk.chunk_id, "citation": h.chunk.citation, "text": h.chunk.text}
                                  for h in answer.suggestions]
    return payload


def quote_of(line: str) -> str:
    """Return an answer line without its [n] markers."""
    return re.sub(r"(\[\d+\])+\s*$", "", line).strip()

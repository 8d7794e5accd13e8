"""The evidence an answer is made from: the question's topic words and the segments that might answer.

`gather` reads the segments of the retrieved passages (and of their units) and scores each with
the ranker: how much of the question's topic it or its heading covers, whether it states the kind
of value asked (value_pattern) and meets the question's condition (_qualifier_met: 1社あたり,
2024年度, 現在). Every setting of the answer stage is in AnswerSettings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..normalize import compact, normalize_text
from ..question import (ABROAD_WORDS, ATTRIBUTES, FOREIGN_CURRENCY, OFFICE_KINDS, OFFICE_WORD, COST_QUESTION, FEE_NAMED, GENERIC_NOUNS,
                        LIMIT_STATED, ORGANISATION_ENDINGS, OWN_COUNTRY, TIME_OF_DAY_ASKED, UPCOMING_STATED, VALUE_TYPES, Analysis, NamedDocument,
                        date_kind_words, foreign_countries_named, is_action, is_foreign_country, days_stated, name_ending, named_document, ordinals,
                        places_named, era_number, years_stated)
from ..ranker import load_ranker, vector
from ..records import Chunk, Piece
from ..search import LINK, SearchFilters, Searcher, SearchResult
from ..structure import ATTRIBUTION, without_list_mark
from ..synonyms import document_terms, document_terms_around, organisation_names
from ..tokenize_ja import tagger, tokenize


QUOTED_KINDS = ("paragraph", "list", "table", "note", "heading", "title")

_NUMBER = r"\d[\d,，.]*"
# A number a count or size is stated with; a year, month or day (2020年7月, 5/20) is a date, not a count.
_ANY_NUMBER = re.compile(r"(?<![\d/.,，])\d[\d,，.]*(?![\d,，.]*\s*(?:年(?!間|で|以)|月(?!間)|日(?!間)|/\s*\d))|"
                         r"[一二三四五六七八九十百千]+\s*(?:つ|回|度|件|社|人|名|割|倍|か国|カ国)")
# (「1990s」「1990年代」: a decade is a time too; 「2023.11.27」「2024/3」: a date in figures, year first)
_FIGURE_YEAR_MONTH = r"(?<![\d.])(?:19|20)\d\d[./]\d{1,2}"
_FIGURE_DATE = _FIGURE_YEAR_MONTH + r"(?:[./]\d{1,2})?(?![\d.]*\d)"
_DATE = re.compile(r"(?:19|20)\d0(?:s|\s*年代)|(?:19|20)\d\d\s*年(?:度)?|令和\s*\d+\s*年(?:度)?|平成\s*\d+\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日|"
                   rf"{_FIGURE_DATE}|\d{{1,2}}/\d{{1,2}}|\d{{1,2}}\s*月(?:末|中|上旬|下旬)?")
# (a quarter of a year names its three months: 「2025年第一四半期に…見直し評価を行い」 answers 何月ごろ)
_MONTH = re.compile(rf"(?<!\d)\d{{1,2}}\s*月|(?<![\d/])\d{{1,2}}/\d{{1,2}}(?![\d/])|{_FIGURE_DATE}|第\s*[一二三四1-4]\s*四半期")
# (何日 as a day of the month, not a span of days: 何日間, 何日前)
_DAY_ASKED = re.compile(r"何日(?!\s*(?:間|前|後|以内|程度|くらい|ぐらい|かかる|で(?![すしょ])))")
_MONTH_DAY = re.compile(r"(?<!\d)\d{1,2}\s*月\s*\d{1,2}\s*日|(?<![\d/])\d{1,2}/\d{1,2}(?![\d/])|"
                        + _FIGURE_YEAR_MONTH + r"[./]\d{1,2}(?!\d)")
_AMOUNT = re.compile(rf"{_NUMBER}\s*(?:万|億|兆)?\s*円|{_NUMBER}\s*(?:万|億|兆)\s*(?:{FOREIGN_CURRENCY})")
_COST = re.compile(rf"{_AMOUNT.pattern}|無料|無償|有料|費用負担|自己負担")
_PHONE = re.compile(r"\d{2,4}-\d{2,4}-\d{3,4}")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_EVERYDAY_KANA = re.compile(r"[ぁ-ゖー]+")  # a word all in hiragana (ひととおり, うっかり): no term of the documents


def everyday_word(term: str, analysis: Analysis) -> bool:
    """Return True for a topic word all in hiragana (ひととおり, うっかり), no term of the documents — unless the user
    quotes it as one (「「でんさい」に切り替えたい」)."""
    return bool(_EVERYDAY_KANA.fullmatch(term)) and term not in analysis.quoted
# How often a thing is done, in so many times a period (年2回, 毎月, 四半期に一度, 隔週) — or only that it is
# done regularly (定期的), which answers 「どのくらいの頻度？」 but not 「年に何回？」
_TIMES_A_PERIOD = re.compile(r"毎(?:日|週|月|年|回)|(?:年|月|週|日)\s*(?:に)?\s*(?:\d+|[一二三四五六七八九十数])\s*(?:回|度)|"
                             r"(?:\d+|[一二三四五六七八九十数])\s*(?:日|週間?|か月|ヶ月|カ月|年)\s*(?:に|ごとに|毎に)\s*(?:1|一)\s*(?:回|度)|"
                             r"四半期(?:に|ごと)|半期(?:に|ごと)|隔(?:週|月|年)")
# (and in words: 「頻繁に発生」「随時」)
_FREQUENCY = re.compile(_TIMES_A_PERIOD.pattern + "|定期的|頻繁|しばしば|たびたび|度々|随時|常時")
_PDF_URL = re.compile(r"https?://\S+\.pdf\b", re.IGNORECASE)
_FILE_ASKED = re.compile(r"PDF|ダウンロード|本体|全文|ファイル|入手|手に入", re.IGNORECASE)
# 「どこから申し込めばいい」: where to apply, which an application form's link answers before a page about it
_APPLYING_ASKED = re.compile(r"申し?込|応募|申請|依頼")
_APPLYING_STATED = re.compile(r"申し?込|応募|申請|依頼|フォーム|form", re.IGNORECASE)
_ADDRESS = re.compile(r"〒\s*\d{3}-?\d{4}|[都道府県][^\s、。]{1,12}?[市区町村郡]\S*\d")
_CONTACT = re.compile(f"{_PHONE.pattern}|{_EMAIL.pattern}|{LINK.pattern}")
_ADDRESS_ONLINE = re.compile(f"{_EMAIL.pattern}|{LINK.pattern}")
# Counters written for one another (人 and 名, か国 and カ国, 件 and 事例; the counters of kinds of things,
# 何品目 of what a slide counts as 12物資, 何業種 of 15分野, 何種類 of 20数鉱種), and what else a count in one may be written in
# (a count of 社 as 12企業 or 48者, of 校 as 22大学, and the other way round: 企業数 as 48社; a count of 件 —
# uses, consultations — as 延べ90回; places, か所, as 拠点)
_KIND_COUNTERS = ("品目", "物資", "技術", "分野", "業種", "種類", "種", "項目", "領域")
_SAME_COUNTERS = (("人", "名"), ("か国", "カ国", "ヶ国"), ("%", "パーセント"), ("ページ", "頁"), ("件", "事例"), ("ポイント", "pt"),
                  ("箇所", "か所", "カ所", "ヶ所", "拠点"), ("部門", "部署"), _KIND_COUNTERS)
_COUNTER_ALTERNATIVES = {**{c: "|".join(group) for group in _SAME_COUNTERS for c in group},
                         # (fields, 分野 and 業種, are also counted as the businesses in them: 14対象事業)
                         **{c: "|".join((*_KIND_COUNTERS, "事業")) for c in ("分野", "業種")}, "事業": "事業|分野|業種",
                         "件": "件|事例|回", "社": "社|企業|者", "企業": "企業|社|者", "校": "校|大学|学校", "大学": "大学|校"}
# A line that judges whether something is allowed (what settles 「…してもいいの？」「ヤバい？」)
# (可能性 is a possibility and 不可欠 a need, not a judgement that something may or may not be done)
# (「技術移転を止めることが目的ではなく」: a line saying what a thing is not for settles whether it is)
_JUDGEMENT = re.compile(r"問題とならない|問題となる|問題にならない|問題になる|問題ない|許され|認められ|可能(?!性)|不可(?!欠|能性|避)|"
                        r"目的で(?:は|も)?な(?:く|い)")
# A line that settles whether a case is allowed: a judgement, or a breach named (「…は独禁法違反となる」)
_JUDGED = re.compile(_JUDGEMENT.pattern + r"|違反|違法")
# Words that settle a yes/no question in these documents' register: a judgement, or a rule or membership.
_VERDICT = re.compile(_JUDGED.pattern + r"|できる|できない|必要|不要|対象|該当|含まれ|求められ")
# A contact question that asks for a web address (「どのWebページで」「URLある？」「どこからダウンロード」)
_LINK_ASKED = re.compile(r"URL|サイト|ページ|リンク|どこから|" + _FILE_ASKED.pattern, re.IGNORECASE)
# Headings that introduce measures (対応策の例, 対策, 取組) rather than the problem.
_MEASURE_HEADING = re.compile(r"対応策|対策|取組|取り組|すべき|ポイント|方法|チェック|管理基準|措置")
_MEASURE_SENTENCE = re.compile(r"(する|行う|求める|求めている|設ける|整備する|実施する|実施している|確認する|見直す|徹底する|"
                               r"進める|進めている|取り組む|取り組んでいる|努める|"
                               r"講じる|活用する|図る|図っている|が必要|が有効|が重要|ことが望ましい)[。！]?$|"
                               r"(を実施|を整備|を確認|を設定|を導入|を徹底|を求め)")
# A sentence that describes what a chapter covers or how things go wrong says no measure.
_SCOPE_SENTENCE = re.compile(r"(記載している|想定している|焦点を絞|を対象と|ケース。|ケースもある。|場合がある。|場合も。|懸念がある。)")
_SOURCE_NOTE = re.compile(r"^\s*(?:\(出所\)|（出所）|出所|\(出典\)|（出典）|出典|資料[:：]|備考)")
# A note that remarks on a figure rather than credits it (「備考：…」)
_REMARK = re.compile(r"^\s*(?:\(備考\)|（備考）|備考)")


def credits_source(text: str) -> bool:
    """Return True for a note that says where a slide's content comes from (「資料：…配布資料より作成。」
    「…を九州経済産業局加工」), not for a remark on it (「備考：…」)."""
    return bool(_SOURCE_NOTE.match(text) and not _REMARK.match(text) or ATTRIBUTION.search(text))


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
    # a list whose own heading names the kind of thing asked (「管理基準は」 → 「【技術情報の管理基準（例）】」;
    # not a word for any items, 項目)
    list_head_bonus: float = 3.0
    lead_in_sections: int = 3  # numbered sections right under the best line that make it their lead-in
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
    statement_overlap: float = 0.7  # …and of the shorter of two value lines, figures left out (dev)
    statement_pairs: int = 8  # …which has at least this many character pairs (「4地域」 says too little)
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
    # 「2024年の資料では…とされていました。最新の資料では…いくつ？」: a word only of a sentence before the one
    # that asks sets the scene, and counts this much
    scene_weight: float = 0.2
    # 「まだ検討段階？」 led by an older document's plan: a newer document's line at least this close in meaning
    # to it (e5 cosine of the two lines) says where the plan stands now (dev: 0.87–0.89 alike, 0.9 one worse)
    successor_similarity: float = 0.88
    successor_margin: float = 0.01  # …and of lines this close to the closest, the newest document's
    closed_list_lines: int = 10  # best lines read for a list with its total that a thing is not among
    closed_list_items: int = 5  # items (、-separated) such a line names at least


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
    earlier: Prepared | None = None  # 「そのうち3つ目は？」: the last question, whose list the item is taken from
    earlier_answer: str | None = None  # …and what was answered to it (「そのうち、人を通じた流出って」 names a line of it)
    respelled: tuple[tuple[str, str], ...] = ()  # words typed in kana read as the documents spell them (「専門家はけん」, 「専門家派遣」)


# A share as the documents write it: 2分の1, a fraction below one (1/2 — not the dates 5/20 and 8/4), 50%, 3割
_FRACTION = "|".join(rf"{n}\s*/\s*{d}" for d in range(2, 11) for n in range(1, d))
_SHARE = re.compile(rf"\d+\s*分の\s*\d+|(?<![\d/])(?:{_FRACTION})(?![\d/])|\d+(?:\.\d+)?\s*[%％]|\d+\s*割")


def value_pattern(analysis: Analysis) -> re.Pattern[str] | None:
    """Return what a segment must contain to state the value a question asks for, or None."""
    if analysis.answer_type == "number":
        if analysis.counter == "年":  # a duration (保存期間は何年), not a date like 2024年
            return re.compile(r"(?<![\d.])\d{1,2}\s*年(?:間|以内|以下|を超え)?(?!\s*\d{1,2}\s*月)")
        if analysis.counter == "期間":  # any length of time, not a date (2024年5月)
            return re.compile(r"(?<![\d.月/])\d{1,3}\s*(?:日|週間|か月|ヶ月|カ月|年|時間)(?:間|以内|程度|ほど)?(?!\s*\d{1,2}\s*月)")
        if analysis.counter == "割合":  # a share: 2分の1, 1/2 (not the date 5/20 nor 8/4), 50%, 3割
            return _SHARE
        if analysis.counter == "頻度":  # how often: 年2回, 毎月, 四半期に一度, 隔週 (not any number)
            return _TIMES_A_PERIOD if re.search(r"何\s*(?:回|度)", normalize_text(analysis.question)) else _FREQUENCY
        if analysis.counter == "日":  # a duration (何日かかる), not the day of a date (5月20日, 5/20)
            return re.compile(r"(?<![\d.月/])\d{1,3}\s*日(?:間|以内|程度|ほど)?")
        if analysis.counter:
            counter = _COUNTER_ALTERNATIVES.get(analysis.counter, re.escape(analysis.counter))
            # 「法律は何本」「文書は何本」: laws and documents are counted in 本 and written so too (サプライチェーン３法,
            # 防衛3文書)
            if analysis.counter == "本" and (named := re.search(r"(法|文書)(?:律)?(?:って|は|が|を)?\s*何\s*本",
                                                                 normalize_text(analysis.question))):
                counter += "|" + named.group(1)
            # 「19 技術」「14の業界団体」「27加盟国」: a few words may sit between the number and what it counts
            # (not the day of a date: 「10/24 …大学会議」 counts no universities; nor an ordinal, 「第1回」 is
            # one of them, unless the question asks which one: 「第何回」「何回目」)
            # (回次, 何回目: which session too)
            # (a place in a ranking is written 第2位 as well as 2位)
            ordinal = "" if re.search("第何|回次|何回目", normalize_text(analysis.question)) or analysis.counter == "位" else "第"
            # (「４つの提案」 counts 提案 asked by any counter, 「提案は何件」: つ counts whatever it is said of)
            counted = rf"|(?<![\d/.]){_NUMBER}\s*つの\s*{re.escape(analysis.head)}" if analysis.head else ""
            # (which one, asked: an ordinal written in kanji numerals, 「第四回有識者会議」, says it too)
            written = "" if ordinal else rf"|第\s*[一二三四五六七八九十]+\s*(?:{counter})"
            # (「100以上の海外拠点」: a bound after the number, then what it counts)
            # (not a count of groups, 「20企業群」 counts no 企業 — unless groups are asked, 「企業群の数」)
            groups = "" if "群" in analysis.question else "(?!群)"
            # (a page as a reference writes it: 「p26「…の明確化」」「P.26」)
            page = r"|(?<![A-Za-z])[pP]\.?\s*\d{1,3}(?!\d)" if analysis.counter in ("ページ", "頁") else ""
            return re.compile(rf"(?<![\d/.{ordinal}]){_NUMBER}\s*(?:以上|超|余り|程度)?\s*(?:つの|の)?\s*[^\s、。,\d]{{0,4}}?"
                              rf"(?:{counter}){groups}{counted}{written}{page}")
        return _ANY_NUMBER
    if analysis.answer_type == "contact":
        asked = normalize_text(analysis.question)
        kinds = contact_kinds_asked(asked)
        if len(kinds) == 1:
            return kinds[0]
        if kinds:  # 「番号とアドレス教えて」: either
            return re.compile("|".join(kind.pattern for kind in kinds))
        if _LINK_ASKED.search(asked):
            return LINK
        if re.search(r"住所|所在地", asked):
            return _ADDRESS
        return _CONTACT
    if analysis.answer_type == "date" and TIME_OF_DAY_ASKED.search(normalize_text(analysis.question)):
        return re.compile(r"\d{1,2}\s*時|\d{1,2}:\d{2}")
    if analysis.answer_type == "date" and ((day := _DAY_ASKED.search(asked := normalize_text(analysis.question)))
                                           or "何月" in asked):
        # 「公募は何月何日から？」: the month (and day) asked, which a line giving only the year (「2026年度の…
        # 公募を開始する予定」) does not state; nor does 「23年10月 …会合」 say which day of October (「10月の何日」)
        return _MONTH_DAY if day else _MONTH
    if analysis.answer_type == "amount" and (COST_QUESTION.search(asked := normalize_text(analysis.question))
                                             or FEE_NAMED.search(asked)):
        return _COST  # 「お金かかる？」「相談料は？」: 無料 answers it as well as a price does
    return {"date": _DATE, "amount": _AMOUNT}.get(analysis.answer_type)


def contact_kinds_asked(question: str) -> list[re.Pattern[str]]:
    """Return the kinds of contact a question asks for, in the order 電話, メール, アドレス (「電話かメールで…番号と
    アドレス教えて」: a phone number and an e-mail address; 「アドレス教えて」 alone: an e-mail or a web address,
    whichever the topic has; メールアドレス: an e-mail)."""
    asked = normalize_text(question)
    kinds = [kind for kind, named in ((_PHONE, r"電話|番号"), (_EMAIL, r"メール|メアド"), (_ADDRESS_ONLINE, r"アドレス"))
             if re.search(named, asked)]
    return [kind for kind in kinds if kind is not _ADDRESS_ONLINE] if _EMAIL in kinds else kinds


def _new_value(wanted: re.Pattern[str], text: str, given: str) -> re.Match[str] | None:
    """Return the first value of the asked kind a line states that is not written in `given` (the
    question, compacted), or None. Only a figure counts as given: 「相談は無料？」 asks whether 無料 holds,
    so a line stating 無料 answers it."""
    return next((m for m in wanted.finditer(text)
                 if not given or not _written_in(compact(m.group(0)), given) or not re.search(r"\d", m.group(0))), None)


def bare_date_heading(wanted: re.Pattern[str], heading: str | None) -> re.Match[str] | None:
    """Return the date a line's heading is, when the heading is a date and nothing else: a timeline's
    entry under its bare date (「1977年」 over 「世界初の個人向けコンピューター」) is of that date."""
    return wanted.fullmatch(normalize_text(heading).strip()) if heading else None


def _written_in(value: str, given: str) -> bool:
    """Return True when `given` writes the value as a whole figure: 「5技術」 is not written in 「15技術から
    19技術に」."""
    return re.search(r"(?<![\d.,．，])" + re.escape(value), given) is not None


def _fee_stated(fee: str, key: str) -> bool:
    """Return True when a compacted line names the fee asked (審査料), or says what it is paid for costs
    nothing or something (「相談無料」「相談料は無料」 state the 相談料, 「無償で派遣」 the 派遣料)."""
    stem = re.escape(compact(fee)[:-1])
    return compact(fee) in key or re.search(rf"{stem}(?:料|費)?(?:は|が|も)?(?:無料|無償|有料)|(?:無料|無償|有料)で{stem}",
                                            key) is not None


# 「認証取得を検討する事業者等への支援として、専門家を無償で派遣し」: 無償 (無料, 有料) states the cost of what
# its own clause or the line's heading is about (the dispatch), not of everything the sentence names
_FREE = re.compile(r"無料|無償|有料")
_CLAUSE_MARK = re.compile(r"[、。，,！!？?]")


def _free_of_topic(found: re.Match[str], text: str, heading_key: str, terms: list[TopicTerm]) -> bool:
    """Return True unless `found` is a 無料-like word whose clause and the heading right above it name none
    of the question's topic terms (a figure, 3万円, is checked as any value is). The heading is the
    block's own, not the section's: a section on TICS holds the dispatch that is free."""
    if not _FREE.fullmatch(found.group(0)) or not terms:
        return True
    start = max((m.end() for m in _CLAUSE_MARK.finditer(text, 0, found.start())), default=0)
    end = next((m.start() for m in _CLAUSE_MARK.finditer(text, found.end())), len(text))
    clause = compact(text[start:end])
    return any(alternative in clause or alternative in heading_key for term in terms for alternative in term.alternatives)


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


def _counted_forms(word: str, counter: str | None = None) -> set[str]:
    """Return the forms in which people or things counted may be named: 「参加者数」 is stated as 「80名が
    参加」, so the word without its person suffix will do; 「参加企業」 counted in 社 is named by the thing
    the counter counts (「管内中小企業等 48社」), the word before it saying only which ones."""
    counted = [alt for alt in _COUNTER_ALTERNATIVES.get(counter or "", "").split("|") if word.endswith(alt) and word != alt]
    return {form for form in (word, word.rstrip("者員"), *counted) if len(form) >= 2}


def _amount_forms(word: str) -> set[str]:
    """Return the forms in which an amount asked by name may be stated: 「投資額」 as 「150兆円超の官民投資」,
    the figure standing for 額."""
    return {form for form in (word, word.removesuffix("額")) if len(form) >= 2}


_MANY_PLACES = 5  # a line naming this many places lists them


# What a line says of an earlier time than the present one (「※第1次政権においても」「前回は」「当時」)
_EARLIER_TIME = re.compile(r"第[1一]次|前回|前政権|以前|かつて|当時")


def _dated_otherwise(dates_in, asked: str, text: str) -> bool:
    """Return True when `text` states dates of the kind `dates_in` reads (years, days) and none of them
    is one the question names in `asked`."""
    stated = dates_in(text)
    return bool(stated) and dates_in(asked).isdisjoint(stated)


def _fiscal_year(date: str) -> int | None:
    """Return the fiscal year a document date (2026-03) falls in: April to March, 2025 for 2026-03."""
    found = re.match(r"(\d{4})-(\d{2})", date or "")
    if found is None:
        return None
    year, month = int(found.group(1)), int(found.group(2))
    return year if month >= 4 else year - 1


def in_year_span(analysis: Analysis, text: str) -> bool:
    """Return False for a text whose years all fall outside a span the question names (「2000年以降の
    出来事」: 「1984年 JUNETが開始」); a text without a year may be within it."""
    spans = [q for q in analysis.qualifiers if q.kind in ("since", "until")]
    stated = years_stated(text) if spans else set()
    for qualifier in spans:
        bound = min(years_stated(qualifier.text), default=None)
        if stated and bound is not None and (
                qualifier.kind == "since" and max(stated) < bound or qualifier.kind == "until" and min(stated) > bound):
            return False
    return True


# A run of kanji, katakana, Latin letters or digits: the words of a phrase without its particles and inflections
_CONTENT_WORD = re.compile(r"[一-龥々ァ-ヶーA-Za-z0-9]+")


def names_person(text: str) -> bool:
    """Return True when `text` names a person: a family or given name as the dictionary knows one (喜連川 優,
    西村), or a name in katakana before a title (see ATTRIBUTES["person"])."""
    return bool(ATTRIBUTES["person"][1].search(text)) or \
        any(word.feature.pos2 == "固有名詞" and word.feature.pos3 == "人名" for word in tagger()(normalize_text(text)))


def states_attribute(kind: str, text: str) -> bool:
    """Return True when `text` states the particular of kind `kind` a question asks (see question.ATTRIBUTES:
    a penalty, a person's name, a company's size …)."""
    return names_person(text) if kind == "person" else bool(ATTRIBUTES[kind][1].search(text))


def says_part(analysis: Analysis, part: str, text: str) -> bool:
    """Return True when `text` says the part of a whole the question names (「特定重要物資のうち経産省関係」):
    in its words, in any order (「のうち追加された5技術」 is 「うち5技術の追加は…」); a part quoted from the
    documents (「のうち「サプライチェーン全体での対話」」) as it is written; a name the documents write
    otherwise counting as written (経産省関係 in 「経済産業省関係で…」)."""
    words = [part] if f"「{part}」" in analysis.question else _CONTENT_WORD.findall(part)
    return all(any(compact(form) in compact(text) for name in organisation_names(word) for form in _related_forms(name))
               for word in words)


def _related_forms(name: str) -> list[str]:
    """Return `name` and, when it names things by what they belong to with 関係 or 関連 (経産省関係), the same
    with the other word (経産省関連): the two suffixes say the same."""
    if match := re.fullmatch(r"(.{2,})(関係|関連)", name):
        return [name, match.group(1) + ("関連" if match.group(2) == "関係" else "関係")]
    return [name]


def _qualifier_met(analysis: Analysis, text: str, passage: str = "", date: str = "") -> bool:
    """Return True when a segment (with its heading) meets the question's conditions; a place may be
    named anywhere in its passage (an office's name sits on the line above its phone number); `date`
    is its document's (2026-03), whose fiscal year an undated line is of."""
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
            if qualifier.text in OWN_COUNTRY and not foreign_countries_named(f"{text} {passage}"):
                continue  # (「日本には…法律ってある？」: a Japanese government deck's passage that names no
                # other country speaks of Japan)
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
            if not states_attribute(qualifier.kind, text):
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
        elif qualifier.kind == "reached":  # (when it came to 19 is dated by a line stating 19, not 15)
            figure = re.match(r"\d+(?:\.\d+)?", qualifier.text).group(0)
            if analysis.answer_type == "date" and not _written_in(figure, compact(text)):
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
            if not says_part(analysis, qualifier.text, text):
                return False
        elif qualifier.kind in ("calendar_year", "as_of"):
            # a date question about 2023 is not answered by a line dated 2024; a line without a year may be
            if (analysis.answer_type == "date" or qualifier.kind == "as_of") \
                    and _dated_otherwise(years_stated, qualifier.text, text):
                return False
        elif qualifier.kind in ("since", "until"):
            if not in_year_span(analysis, text):
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
            reiwa = f"令和{era_number('令和', int(year.group(0)))}年度" if year else None
            # (a contact holds no year: the page to apply on is the year's when its passage names the year,
            # 「※2026年度の…事業も、…追って公募を開始する予定です」 beside the link, whatever heading it sits under)
            if compact(qualifier.text) not in compact(text) and not (reiwa and reiwa in compact(text)) \
                    and not (not years_stated(text) and _fiscal_year(date) in years_stated(qualifier.text)) \
                    and not (analysis.answer_type == "contact" and compact(qualifier.text) in compact(passage)):
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


def bracket_aliases(analysis: Analysis) -> dict[str, list[str]]:
    """Return, for each topic term, the terms the question puts in brackets right after it.

    「サプライチェーン強靱化（特定重要物資）」「国家安全保障局（NSS）」: a term in brackets right after another
    names the same thing another way; the pair is one topic, found under either name. （仮称） only
    remarks on a name."""
    resolved = normalize_text(analysis.resolved)
    return {term: [other for other in analysis.focus if other != term and other not in _NAME_REMARKS and
                   re.search(rf"{re.escape(term)}\s*[(（]\s*{re.escape(other)}\s*[)）]", resolved)]
            for term in analysis.focus}


def _scene_words(analysis: Analysis) -> set[str]:
    """Return the topic words that only the scene-setting sentences of a question say (see
    asking_sentence): 「…電子部品（MLCC・フィルムコンデンサ）は「指定予定」とされていました。」 before the
    sentence that asks what it is about."""
    asking = analysis.asking
    scene = {t for t in analysis.focus if compact(t) not in compact(asking)} if asking is not None else set()
    return scene | analysis.framing  # (and a follow-up's words of the earlier turn, when it marks its own topic)


def topic_terms(searcher: Searcher, analysis: Analysis, settings: AnswerSettings) -> list[TopicTerm]:
    """Return the question's topic terms weighted by specificity (log N / document frequency)."""
    import math

    total = max(len(searcher.index.chunks), 1)
    resolved = normalize_text(analysis.resolved)
    problems = {t for t in analysis.focus if re.search(re.escape(t) + r"(を|の)?(防|ふせ|防止|避け|されない|させない|対策)", resolved)}
    aliases = bracket_aliases(analysis)
    named_again = {other for others in aliases.values() for other in others}
    scene = _scene_words(analysis)

    def passages_naming(alternatives: tuple[str, ...]) -> int:  # in how many passages the term is written at most
        return max((searcher.passages_containing(a) for a in alternatives), default=0)

    out = []
    for term in analysis.focus:
        if term in named_again:
            continue
        if analysis.answer_type == "organisation" and OFFICE_WORD.fullmatch(term):
            continue  # 「ガイダンスの担当部署はどこ？」: the kind of office is what is asked, no topic word
        names = [term, *aliases[term]]
        # (an office is found by any name the documents give it: 九州局 as 九州経済産業局; an everyday
        # word that is no name by the documents' word for it alone too, 「ライバル企業」 by 競合)
        if term not in analysis.names:
            names += document_terms(term, written=lambda word: searcher.passages_containing(compact(word)) > 0)
        alternatives = tuple(_organisation_keys(*names))
        frequency = passages_naming(alternatives)
        if not frequency and term in analysis.names:  # 「基幹インフラ制度」: the name as the documents write it
            alternatives += _written_in_full(searcher, term)
            frequency = passages_naming(alternatives)
        if not frequency and term not in analysis.names and (around := document_terms_around(resolved, term)):
            # 「悪気なく」: a word the documents never write, in an everyday phrase, by the documents' words for it
            alternatives += tuple(_organisation_keys(*around))
            frequency = passages_naming(alternatives)
        if not frequency and (stem := _classified(term)) is not None and searcher.passages_containing(stem):
            # 「部素材分野」「半導体業界」: a field named by what it is a field of, the word the documents write
            alternatives += (stem,)
            frequency = searcher.passages_containing(stem)
        weight = math.log((total + 1) / frequency) if frequency else 0.0
        if analysis.answer_type == "howto" and term in problems:
            weight *= settings.howto_problem_weight
        if _is_predicate(term, resolved, analysis.focus):
            weight *= settings.predicate_weight
        if analysis.answer_type == "number" and any(q.kind == "counted" and q.text == term for q in analysis.qualifiers):
            # 「説明会の参加者数」: what is counted is the count's condition, checked as such; what the count
            # is of (説明会) is the topic — 「研修会…35名が参加」 counts 参加者 of something else
            weight *= settings.counted_weight
        if term in scene:
            weight *= settings.scene_weight
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
    # (not those of what is asked for, 「罰則」 → 刑事罰: like the word itself, it is the question's condition,
    # no topic of its own)
    covered = {a for t in out for a in t.alternatives}
    asked = " ".join(q.text for q in analysis.qualifiers if q.kind in ATTRIBUTES)
    if analysis.answer_type == "organisation":  # 「担当部署はどこ？」: the kind of office (部署 → 部門) is asked
        asked = f"{asked} {' '.join(OFFICE_KINDS)}"
    conditions = set(document_terms(asked)) if asked else set()
    for extra in document_terms(analysis.resolved):
        key = compact(extra)
        if key and extra not in GENERIC_NOUNS and extra not in conditions and key not in covered and not any(key in a for a in covered):
            frequency = searcher.passages_containing(key)
            weight = math.log((total + 1) / frequency) if frequency else 0.0
            out.append(TopicTerm(extra, (key,), (frozenset(tokenize(key)),), weight))
            covered.add(key)
    return out


_NAME_REMARKS = ("仮称", "略称", "通称", "旧称", "総称", "正式名称")
# Words that make a field or sector of the noun before them (半導体分野, 部素材業界, バイオ関連): the field is
# the noun's, and a passage on the noun is on it
_CLASSIFIERS = ("分野", "領域", "業界", "関連", "関係", "産業", "部門", "セクター", "企業")


def _classified(term: str) -> str | None:
    """Return the noun a field term is made of (部素材 of 部素材分野), compacted, or None for a term not
    ending in a classifier or whose noun is under two characters."""
    ending = next((c for c in _CLASSIFIERS if term.endswith(c)), None)
    stem = compact(term[: -len(ending)]) if ending else ""
    return stem if len(stem) >= 2 else None


def _is_predicate(term: str, question: str, focus: tuple[str, ...]) -> bool:
    """Return True for the verbal noun that is the question's verb (「総額いくら用意されてるの」, 「どこが
    実施していますか」): one done to the topic, with no topic word after it."""
    at = question.rfind(term)
    rest = question[at + len(term):]
    if at < 0 or not is_action(term) or not re.match(r"(さ|し|す|でき)", rest):
        return False
    return not any(other in rest for other in focus if other != term)


def _most_specific(terms: list[TopicTerm], analysis: Analysis | None = None) -> TopicTerm | None:
    """Return the question's most specific topic word the documents use (the first of equals), or None;
    given the question, not a word that only says which thing is meant (固体電解質等 of 「日本が固体電解質等の
    開発で先行する全固体電池について」, see Analysis.described) unless all are such."""
    if analysis is not None and analysis.described:
        return _most_specific([t for t in terms if t.term not in analysis.described]) or _most_specific(terms)
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


# A sentence that opens by saying it is the outcome of what comes before it (「その結果、…が発覚」)
_RESULT_OF_BEFORE = re.compile(r"(?:その結果|この結果|結果として|これにより|それにより)[、,，]")


# A sentence that opens by going on from the one before it in time or in addition (「今後、…に合意。」 after
# 「…について議論。」): it has no subject of its own, the sentence before it gives it
# (not one naming a topic of its own: 「今後、…バイオものづくりの分野においては、…」)
_GOES_ON = re.compile(r"(?:今後|その後|引き続き|併せて|あわせて)[、,，](?![^。]*?(?:は|において|について)[、,，])")


# A sentence whose topic is a bare word (「提案では、」「同提案は、」): when the line before it in its block says
# that word (「…理事会勧告を提案。」), it goes on about the same thing
_TOPIC_OPENING = re.compile(r"(?:同|当該|本|この|その)?([一-龥ァ-ヶー]{2,8})(?:では|は|において|について)[、,，]")


def _context(chunk: Chunk, piece: Piece) -> str:
    """Return what a segment sits under: the collection its passage belongs to (技術流出対策ガイダンス),
    the chunk's heading path and the segment's own heading or parent item — and, for a sentence that
    says it is the outcome of what comes before it (「その結果、…」), what comes before it in its block; for
    one whose topic is a word the line before it says (「提案では、…」 under 「…を提案。」), or that goes on
    from it (「今後、…」), that line."""
    before = ""
    result, topic = _RESULT_OF_BEFORE.match(piece.text), _TOPIC_OPENING.match(piece.text)
    going_on = _GOES_ON.match(piece.text)
    index = next((i for i, p in enumerate(chunk.pieces) if p is piece), 0) if result or topic or going_on else 0
    if result:
        before = " ".join(p.text for p in chunk.pieces[:index] if p.block == piece.block)
    elif index and chunk.pieces[index - 1].block == piece.block and (going_on or topic.group(1) in chunk.pieces[index - 1].text):
        before = chunk.pieces[index - 1].text
    return f"{chunk.collection or ''} {chunk.heading} {piece.heading or ''} {before}".rstrip()


_DEFINES = re.compile(r"とは|は、|という|（[^）]{1,30}）|\([^)]{1,30}\)")
# How a document calls itself or the thing its slide is about (「今回のガイドラインは、」「本ガイダンスは、」)
_ITSELF = r"(?:今回の|本|この|同|当該)"


def _speaks_of_itself(topic: str, text: str) -> bool:
    """Return True for a sentence whose subject is the topic called by its last word with 本/今回の/この
    (「今回のガイドラインは、…まとめるもの。」 of 経済安全保障経営ガイドライン): what it says is what the thing is."""
    words = tokenize(topic)
    last = words[-1] if words else ""
    return len(last) >= 2 and last != topic and re.match(rf"\s*{_ITSELF}\s*{re.escape(last)}は、", text) is not None


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
    # (…and so does the question's most specific word when it is a compound with an acronym in it, which the
    # search reads as two common words: 「ガイダンスって、生成AIの使い方までは書いてないよね？」)
    specific = _most_specific(terms, analysis)
    looked_for = [*analysis.names, *([specific.term] if specific and specific.term not in analysis.names
                                     and re.search(r"[一-龥][A-Z]{2,}$", specific.term) else [])]
    retrieved = [compact(chunk.text) for _, chunk in rows] if looked_for else []
    for name in looked_for:
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
    later = later_documents(searcher, analysis)
    if later is not None:
        # 「2024年2月の経産省資料では…。より新しい資料では、技術流出経路の例として…」: the search of the whole
        # question finds the document read, whose words the scene repeats; the question is searched again in
        # the newer documents only
        asked_in = SearchFilters(doc_ids=tuple(sorted(later)))
        if prepared.filters is None or not prepared.filters.doc_ids:
            newer = searcher.search(analysis.resolved, top_k=settings.passages, filters=asked_in).hits
            for hit in newer:
                read([hit.chunk, *searcher.unit_chunks(hit.chunk.unit_id)])
    heaviest = [specific] if specific else []
    publishers = _publishers_asked(searcher, analysis)
    # 「総額2.4兆円って、そのうち蓄電池にはいくら」: a count or amount the question states itself is not
    # what it asks (a date may be: 「2026年度の公募はいつ」 is answered by a line dated 2026年度)
    given = compact(analysis.question) if kind in ("number", "amount") else ""
    # 「現時点の残高はいくら」: the value now, which a target for a later year is not
    present = _present_asked(analysis)
    # 「審査料はいくら」: the fee named, stated where the value is (the 無償 of another service is no answer)
    fee = FEE_NAMED.search(normalize_text(analysis.question)) if kind == "amount" else None
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
            if found and kind == "number" and piece.kind in ("heading", "title") and index + 1 < len(chunk.pieces):
                # 「社会基盤（OS）の組換え（4分野）」 over 「…個別産業政策を補完するものとして、テーマ横断的な…基盤整備
                # も必要。」: a heading that counts what it titles is about what the sentence under it says
                under = _view(searcher, chunk, index + 1)
                cover = max(cover, _cover(terms, view.text_key + under.text_key, view.context_key,
                                          text_tokens | under.text_tokens, context_tokens, settings))
                top = max(top, _cover(heaviest, view.text_key + under.text_key, view.context_key,
                                      text_tokens | under.text_tokens, context_tokens, settings)) if heaviest else top
            if not found and kind == "date" and wanted is not None:
                found = bare_date_heading(wanted, piece.heading)
            if found and fee and not _fee_stated(fee.group(0), compact(f"{text} {view.context}")):
                found = None
            if found and kind == "amount" and not _free_of_topic(found, text, compact(piece.heading or ""), terms):
                found = None
            if found and kind in ("number", "amount") and credits_source(text) \
                    and not any(a in view.text_key for t in terms if t.weight for a in t.alternatives):
                # 「資料：…分科会第12回（2025年4月17日）配布資料より作成。」: the numbers of the source a figure
                # comes from, no value of the figure's topic (unless the source is what is asked: 「…分科会の開催回次」)
                found = None
            qualified = _qualifier_met(analysis, f"{text} {view.context}", view.passage, chunk.date) and (
                not publishers or _by_publisher(chunk, compact(f"{text} {view.passage}"), publishers,
                                                any_one=kind == "contact")) and not (
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
                "defines": float(kind == "definition" and bool(analysis.topic) and (
                    analysis.topic in piece.text and bool(_DEFINES.search(piece.text))
                    or _speaks_of_itself(analysis.topic, piece.text))),
            }
            out.append(candidate)
    best = max((c.similarity for c in out), default=0.0)
    ranker = load_ranker()
    for candidate in out:
        candidate.features["similarity_gap"] = candidate.similarity - best
        candidate.score = ranker.score(vector(candidate.features))
    out.sort(key=lambda c: -c.score)
    return out


def _organisation_keys(*names: str) -> list[str]:
    """Return every name the documents may give the organisations named (九州局: 九州局, 九州経済産業局),
    compacted, once each, in order."""
    return list(dict.fromkeys(key for name in names for n in organisation_names(name) if (key := compact(n))))


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


def names_whole(member: TopicTerm, text: str) -> bool:
    """Return True when a line names the thing a membership question asks of as a word of its own, not as
    the start of a longer name (東北 is not named by 「東北大」, 半導体 not by 「半導体製造装置」; 「半導体等」 does).
    Other names of the thing (an organisation's full name) are taken as they are."""
    key = compact(text)
    for form in member.alternatives:
        at = key.find(form)
        while at >= 0:
            after = key[at + len(form):at + len(form) + 1]
            if not re.fullmatch(r"[一-龥ァ-ヶー]", after) or after == "等":
                return True
            at = key.find(form, at + 1)
    return not any(form in key for form in member.alternatives)


def says_words_of(term: str, text: str) -> bool:
    """Return True when `text` has every word of a compound term of two words or more (事前, 届出 and
    制度 of 「事前届出制度」), wherever they stand."""
    words = {w for w in tokenize(term) if len(w) > 1}
    return len(words) >= 2 and words <= set(tokenize(text))


def _documents(searcher: Searcher) -> dict[str, tuple[str, str]]:
    """Return each indexed document's date and publisher, worked out once per loaded index (see _view)."""
    if "_documents" not in searcher.__dict__:
        searcher.__dict__["_documents"] = {c.doc_id: (c.date or "", c.publisher) for c in searcher.index.chunks}
    return searcher.__dict__["_documents"]


def _publishers(searcher: Searcher) -> frozenset[str]:
    """Return the publishers of the indexed documents."""
    return frozenset(publisher for _, publisher in _documents(searcher).values())


def later_documents(searcher: Searcher, analysis: Analysis) -> frozenset[str] | None:
    """Return the documents dated after every one the question says the asker has read, when it asks
    what a newer one says (「2024年2月の経産省資料では…とされていました。より新しい資料では…」, see
    documents_read): what the named document or an older one says is what the asker brings. None when the
    question names no such document, or none of the index is newer."""
    named = [document for q in analysis.qualifiers if q.kind == "newer_than" and (document := named_document(q.text))]
    if not named:
        return None
    documents = _documents(searcher)

    def is_named(date: str, publisher: str, document: NamedDocument) -> bool:
        if document.office and not any(key in compact(publisher) for key in _organisation_keys(document.office)):
            return False
        if document.year and not date.startswith(document.year):
            return False
        return not (document.month and len(date) > 4 and date[5:7] != document.month)

    read = [date for date, publisher in documents.values() for document in named if is_named(date, publisher, document)]
    if not read:
        return None
    later = frozenset(doc for doc, (date, _) in documents.items() if date > max(read) and not date.startswith(max(read)))
    return later or None


def _publishers_asked(searcher: Searcher, analysis: Analysis) -> dict[str, list[str]]:
    """Return the publishers of documents that the question names as the one whose doings it asks about
    (「九州局の説明会」: 九州経済産業局 …) or as the place to look (「九州局の資料だと」, a `source`
    condition), each with the names it goes by, compacted. Another office's deck
    answers nothing about them unless it names them; their own deck calls them 当局 or nothing at all."""
    out: dict[str, list[str]] = {}
    for asked in (*analysis.names, *(q.text for q in analysis.qualifiers if q.kind == "source")):
        # (a ministry, 経済産業省, speaks through its regional bureaus' decks too: it restricts none)
        if not asked.endswith(ORGANISATION_ENDINGS) or asked.endswith("省"):
            continue
        names = _organisation_keys(asked)
        for publisher in _publishers(searcher):
            if any(n in compact(publisher) for n in names):
                out[publisher] = names
    return out


def _by_publisher(chunk: Chunk, where: str, publishers: dict[str, list[str]], any_one: bool = False) -> bool:
    """Return True when a segment (`where`: its text and passage, compacted) is of every office the
    question asks about (see _publishers_asked) — of any one of them when `any_one` (a contact asked of
    「九州局と東北局」, each its own): in that office's deck, or naming it."""
    of_office = any if any_one else all
    return of_office(chunk.publisher == publisher or any(n in where for n in names)
                     for publisher, names in publishers.items())


def _written_in_full(searcher: Searcher, name: str) -> tuple[str, ...]:
    """Return the names the documents write for a name the user shortened by leaving out words before
    its ending (「基幹インフラ制度」 → 基幹インフラ事前届出制度): its beginning, of three characters or
    more, and a few characters on its ending, compacted; or with part of it in quotes (日米経済版2+2 as
    日米経済版「2+2」); () when the documents write none."""
    key = compact(name)
    quoted = _written_quoted(searcher, key)
    if quoted:
        return quoted
    ending = name_ending(key)
    head = key[: -len(ending)] if ending else ""
    if len(head) < 3:
        return ()
    corpus = searcher.corpus_text()
    found = re.findall(re.escape(head) + r"[^\n]{1,8}?" + re.escape(ending), corpus)
    # (a word left out inside: 「特許非公開制度」 → 特許出願非公開制度)
    words = tokenize(head)
    if len(words) >= 2 and "".join(words) == head:
        found += re.findall("".join(re.escape(w) + _WORD_GAP for w in words) + re.escape(ending), corpus)
    if ending in _SCHEME_ENDINGS:
        # (a scheme called by another word for one: 「専門家派遣制度」 → 専門家派遣事業; or by what it is of alone,
        # a name of two words or more: 「安全保障貿易管理制度」 → 安全保障貿易管理)
        found += [head + other for other in _SCHEME_ENDINGS if other != ending and head + other in corpus]
        if len(words) >= 2 and len(head) >= 4 and head in corpus:
            found.append(head)
    return tuple(dict.fromkeys(found))


def _written_apart(searcher: Searcher, name: str) -> bool:
    """Return True when the documents write a name of three words or more with a short word between
    its words (「西村経済産業大臣」 as 「西村前経済産業大臣」; 「中国商務部長」 as 「中国王文濤（おう・ぶんとう）
    商務部長」, a person's name and its reading), its words in order."""
    words = [word.surface for word in tagger()(compact(name))]
    if len(words) < 3:
        return False
    gap = _WORD_GAP + r"(?:[（(][^（）()]{1,12}[）)])?"
    return re.search(gap.join(map(re.escape, words)), searcher.corpus_text()) is not None


def _written_quoted(searcher: Searcher, key: str) -> tuple[str, ...]:
    """Return how the documents write a compacted name of four characters or more with part of it in
    quotes (「日米経済版2+2」 as 日米経済版「2+2」), once each; () when they do not."""
    if len(key) < 4:
        return ()
    pattern = "[「『]?".join(map(re.escape, key))
    return tuple(dict.fromkeys(m.group(0) for m in re.finditer(pattern, searcher.corpus_text())
                               if re.search(r"[「『」』]", m.group(0))))


# Words that name a scheme as such, one as good as another in a name the user gives (専門家派遣制度 for
# 専門家派遣事業)
_SCHEME_ENDINGS = ("制度", "事業", "スキーム", "仕組み", "プログラム", "枠組み")
# What may stand between two words of a name the user gives in the name the documents write: a short word
_WORD_GAP = r"[^\s、。・,，()（）「」]{0,4}?"

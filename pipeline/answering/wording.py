"""What the answer says in its own words: the refusal sentence and its reasons, the notices and the
leads written above quotes. Everything else in an answer is quoted from the documents."""
from __future__ import annotations

import re

from ..normalize import normalize_text
from ..question import (ATTRIBUTES, CALENDAR_ASKED, COST_QUESTION, DOCUMENT_PART, ERA_STARTS, FEE_NAMED, JAPANESE, MEASURES,
                        TIME_OF_DAY_ASKED, TYPE_LABELS, VALUE_TYPES, WHICH_BETTER, Analysis, case_written, defined_term, is_action, member_sets,
                        member_term, member_written, places_named, era_number, western_year)
from .evidence import everyday_word, _LINK_ASKED, _present_asked, TopicTerm


REFUSAL_TEXT = "資料には該当する記述が見つかりませんでした"
# A value the documents never state, worked out from the figures they give (answering.derived)
DERIVED_NOTICE = "資料にこの値そのものの記載はありません。資料の数値（{figures}）から計算すると{value}です。"
DERIVED_DATES_NOTICE = "資料にこの値そのものの記載はありません。資料にある時期を示します。"
EDITION_NOTICE = "資料の版によって記載が異なります。新しい資料（{new}）の記述を先に、古い資料（{old}）の記述を後に示します。"
EARLIER_NOTICE = "資料の版によって記載が異なります。古い資料（{old}）の記述を先に、新しい資料（{new}）の記述を後に示します。"
ADDED_NOTICE = "新しい資料（{new}）の一覧のうち、古い資料（{old}）の一覧にない項目を含む行を示します。"
LIST_EDITION_NOTICE = "同じ一覧が版の異なる資料にあります。新しい資料（{new}）の一覧を示します（古い資料: {old}）。"
YESNO_LEAD = "資料では、次のように記載されています。"
SAMPLE_NOTICE = "{total} 件のうち、最初の {shown} 件を示します。"
CASES_HELD_NOTICE = "資料に載っている事例は {total} 件です。"
ABROAD_NOTICE = "資料には『{place}』に限った記載はなく、海外一般についての記載を示します。"
CALENDAR_NOTICE = "資料の「{written}」は{other}です。"
COMPARISON_LEAD = "資料での『{}』と『{}』の説明を、それぞれ示します。"
NOT_LISTED_LEAD = "資料の一覧には『{}』は挙げられていません。一覧は次のとおりです。"
_LEADS = re.compile("|".join(re.escape(lead).replace(re.escape("{}"), ".+?")
                             for lead in (YESNO_LEAD, COMPARISON_LEAD, NOT_LISTED_LEAD)))

# What a refusal calls the value a counter asks for when 「…の数」 would not say it (「12月15日の割合の記載は」,
# not 「%の数」; a length counted in 年間/日間, 「何年間の措置」, is a period, not 「年間の数」; a place in a ranking
# is a 順位, a change of a share in points its 変化幅)
_COUNTER_NAMED = {**dict.fromkeys(("%", "パーセント", "割", "割合"), "割合"), **dict.fromkeys(("年間", "日間", "期間"), "期間"),
                  "頻度": "頻度", "位": "順位", "ポイント": "変化幅（ポイント）"}


def is_lead(line: str) -> bool:
    """Return True for the line the product writes above its quotes (「資料では、次のように…」): no quote."""
    return bool(_LEADS.fullmatch(line.strip()))


def _of(condition: str, label: str) -> str:
    """What is asked of a condition, said once: 「満足した人」 and 「人の数」 → 「満足した人の数」, 「…に回した割合」 and
    「割合」 → 「…に回した割合」 (not 「…人の人の数」, 「…割合の割合」); else 「{condition}の{label}」."""
    word = label.split("の", 1)[0]
    return condition + label[len(word):] if condition.endswith(word) else f"{condition}の{label}"


def refusal_reason(analysis: Analysis, why: str, terms: list[TopicTerm] | None = None, entry: str | None = None) -> str:
    """Return the Japanese sentence that says why the documents don't answer the question."""
    terms = terms or []
    absent = [t.term for t in terms if not t.weight and not everyday_word(t.term, analysis)]
    # the thing that decided it first (a thing asked for before a verbal noun: Excel, not 入手; a word quoted)
    keys = analysis.key_terms | analysis.quoted
    absent.sort(key=lambda term: (is_action(term), term not in keys))
    # the thing the question is about names the topic, not a verbal noun used as its verb (用意, 実施) nor a
    # word that only says which thing is meant (Analysis.described)
    named = [t for t in terms if t.weight and not is_action(t.term) and t.term not in analysis.described] \
        or [t for t in terms if t.weight]
    heaviest = max(named, key=lambda t: t.weight, default=None)
    topic = (absent[0] if why == "topic" and absent else heaviest.term if heaviest else analysis.topic)
    label = TYPE_LABELS.get(analysis.answer_type, "記述")
    if analysis.answer_type == "amount" and (fee := FEE_NAMED.search(normalize_text(analysis.question))):
        label = fee.group(0)  # 「審査料の記載は見つかりませんでした」, not 金額
    elif analysis.answer_type == "amount" and COST_QUESTION.search(normalize_text(analysis.question)):
        label = "費用"  # 「無料？」「お金かかる？」 ask what the user pays, which a 無料 answers as well as a price
    if analysis.answer_type == "howto":  # 「研修会の申込み方法は？」: how to apply, not measures (対応策)
        label = next((q.text for q in analysis.qualifiers if q.kind in ATTRIBUTES), label)
    if analysis.answer_type == "number" and analysis.counter:  # 「12月15日の割合の記載は」, not 「…の数の」
        # (a quantity in a unit of measure is its 数量 in it: 「トン数」「部数」, not 「トンの数」)
        label = _COUNTER_NAMED.get(analysis.counter) or (
            f"{analysis.counter}数" if analysis.counter in MEASURES else f"{analysis.counter}の数")
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
    if why == "expansion":  # 「外為法って何の略？」: the name is there, its full form is not
        return f"資料には『{entry}』の記述はありますが、正式名称（略さない名前）の記載は見つかりませんでした。"
    if why == "judgement":  # 「事例⑮ってセーフ？」: the case is there, a judgement on it is not
        return f"資料には『{entry or analysis.case}』の記述はありますが、問題となるかどうかの判断の記載は見つかりませんでした。"
    if why == "anonymous":  # 「X国ってどこの国？」: the letter is all the documents give
        return f"資料では『{entry}』は記号で書かれており、実際の{'国' if entry.endswith('国') else '会社'}名の記載はありません。"
    if why == "nameless":  # 「…のツールは何という製品？」: the thing is there, its name is not
        return f"資料には『{topic}』の記述はありますが、{'人の氏名' if analysis.asks_person else 'その名称'}の記載は見つかりませんでした。"
    if why == "vague":  # 「『一定の条件』って具体的にどんな条件？」: the words are there, what they stand for is not
        return f"資料には『{entry}』とありますが、その具体的な内容の記載は見つかりませんでした。"
    if why == "existence":  # 「…補償してくれる保険ってある？」: the topic is there, the thing asked whether there is is not
        return f"資料には『{entry}』があるという記載は見つかりませんでした。"
    if why == "divided":  # 「参加者の男女別の構成」: the topic is there, a breakdown by what they never name is not
        return f"資料には『{topic}』の記述はありますが、{entry}の内訳の記載は見つかりませんでした。"
    if why == "unsettled":  # 「…専門家ってこっちで指名できるの？」: the topic is there, the act asked whether one may do is not
        return f"資料には『{topic}』の記述はありますが、『{entry}』についての記載は見つかりませんでした。"
    if why == "acts":  # 「…免除または簡素化されますか」: every act asked whether it is done, one per line of `entry`
        return f"資料には{'や'.join(f'『{act}』' for act in entry.splitlines())}に関する記述が見つかりませんでした。"
    if why == "case":  # (a case is named by its number, whatever the topic words)
        return f"資料には『{entry or analysis.case}』にあたる事例の記載が見つかりませんでした。"
    # (a topic the documents do write, 技術流出, is never said to be absent: its lines just don't answer)
    if why == "topic" and (absent or not heaviest) or not topic:
        return f"資料には『{topic}』に関する記述が見つかりませんでした。" if topic else f"{REFUSAL_TEXT}。"
    if why == "priced":  # 「…法って、税額控除いくら？」: the law's amount is there, the tax credit's is not
        return f"資料には『{topic}』の記述はありますが、『{entry}』の{label}の記載は見つかりませんでした。"
    if why == "breakdown":  # 「1.8兆ユーロのうちデジタル向けにはいくら？」: the sum is there, its parts are not
        part = f"そのうち『{entry}』" if entry else "その内訳"
        return f"資料には『{topic}』の記述はありますが、{part}の{label}の記載は見つかりませんでした。"
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
        # (「民間ベストプラクティス集No.42の…」: a collection is named with its case, 『民間ベストプラクティス集No.42』)
        written = case_written(analysis.resolved, analysis.case) if analysis.case else None
        if written and re.search(re.escape(topic) + r"\s*" + re.escape(written), normalize_text(analysis.resolved)):
            topic = f"{topic}{written}"
        # (a value asked as it is now, when the lines give only goals for later years: 「現時点の金額」)
        # (the conditions no line meets even alone, `entry`, when some are met: not the year a line gives)
        condition = _present_asked(analysis) or entry or "・".join(q.named for q in analysis.conditions)
        asked = (_of(condition, label) if condition and condition != "上限" else condition or label) \
            if analysis.answer_type in (*VALUE_TYPES, "list") else condition or label  # not 「書類の記述の記載」
        return f"資料には『{topic}』の記述はありますが、{asked}の記載は見つかりませんでした。"
    if why == "source":
        return f"資料には『{topic}』の記述はありますが、出典・出所の記載は見つかりませんでした。"
    if why == "reason":  # 「…が加えられたのはなぜ？」: the thing is there, why it was done is not
        return f"資料には『{topic}』の記述はありますが、その理由の記載は見つかりませんでした。"
    if why == "choice":  # 「オンラインでしたか、それとも会場でしたか」
        first, second = ("・".join(sorted(side)) for side in analysis.choices)
        return f"資料には『{topic}』の記述はありますが、{first}か{second}かの記載は見つかりませんでした。"
    if why == "better":  # 「TICSとISMS、どっちが簡単？」: both are there, which is better is not
        first, second = analysis.compared
        way = WHICH_BETTER.search(normalize_text(analysis.question)).group(1)
        return f"資料には『{first}』と『{second}』の記述はありますが、どちらが{way}かの記載は見つかりませんでした。"
    if why == "which":  # 「具体的に何の補助金？」: the kind is there, which one is not
        return f"資料には『{topic}』の記述はありますが、具体的にどの{analysis.which_kind}かの記載は見つかりませんでした。"
    if why == "member":  # 「対象技術に量子コンピュータは入ってる？」「TICSは義務？」: the thing and what it would be among
        member = member_term(analysis.resolved, analysis.focus)
        among = next(iter(member_sets(analysis.resolved, analysis.focus, member)), None) if member else None
        written = member_written(analysis.resolved, member) if member else member
        return f"資料には『{written}』が{f'『{among}』に' if among else ''}含まれる（該当する）という記載は見つかりませんでした。"
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


_WESTERN_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年(?!度|代)")
_ERA_YEAR = re.compile("(" + "|".join(era for era, _ in ERA_STARTS) + r")\s*(元|\d{1,2})\s*年(?!度)")


def calendar_notices(question: str, quoted: str) -> list[str]:
    """Return what the years quoted are in the calendar a question asks a year in (「平成でいうと何年？」 and
    「2007年」 quoted: 「資料の「2007年」は平成19年です。」; 「西暦で」 and 「令和7年」: 2025年), or []."""
    asked = CALENDAR_ASKED.search(normalize_text(question))
    if asked is None:
        return []
    out = []
    if asked.group(1) == "西暦":
        for era, year in dict.fromkeys(_ERA_YEAR.findall(quoted)):
            out.append(CALENDAR_NOTICE.format(written=f"{era}{year}年",
                                              other=f"西暦{western_year(era, 1 if year == '元' else int(year))}年"))
        return out
    for year in dict.fromkeys(int(y) for y in _WESTERN_YEAR.findall(quoted)):
        era = next((e for e, start in ERA_STARTS if year >= start), None)
        if era is not None:
            number = era_number(era, year)
            out.append(CALENDAR_NOTICE.format(written=f"{year}年", other=f"{era}{'元' if number == 1 else number}年"))
    return out

"""Everyday words SME staff use, and the words the policy documents use for the same thing.

Each entry is a synonym or a plainer form a Japanese reader accepts as meaning the same (ライバル ≈
競合・同業, 辞める ≈ 退職), not a topic association. Keys are matched on the question's surface text
— a stem where the word conjugates — never through dictionary lemmas, which merge unrelated verbs
(unidic gives 辞める and 止める the same lemma, and 持っていく shares 持つ with every 持つ).
Applied to questions only: the terms are added to the BM25 query and count as the question's topic
when the answer stage checks that a passage is about it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from .normalize import normalize_text

# surface form (or stem) in a question → terms the documents use
SYNONYMS: dict[str, tuple[str, ...]] = {
    "辞め": ("退職",),  # 辞める・辞めた・辞めて
    "退社": ("退職",),
    "やめる社員": ("退職者",),
    "ライバル": ("競合", "同業"),
    "同業他社": ("同業",),
    "競争相手": ("競合",),
    "競合": ("同業",),  # 競合他社: the documents say 同業
    "お客さん": ("顧客",),
    "お客様": ("顧客",),
    "悪気な": ("誤って", "意図せざる"),  # 悪気なく, 悪気ない: without ill intent, by mistake
    "悪気のな": ("誤って", "意図せざる"),
    # to get something wrong, the documents' 誤る (「これを誤れば」)
    "間違え": ("誤る",),
    "まちがえ": ("誤る",),
    "間違っ": ("誤る",),
    "まちがっ": ("誤る",),
    # people and money, the documents' 経営資源 (経営資源に限りがある中小企業)
    "人もお金も": ("経営資源",),
    "人も金も": ("経営資源",),
    "ヒトもカネも": ("経営資源",),
    # on one's own (だけで, だけだと, だけじゃ: by oneself; not 「うちだけ遅れてる」, only us), the documents' 単独
    # (企業単独による技術管理には限界)
    "うちだけで": ("単独",),
    "うちだけだと": ("単独",),
    "うちだけじゃ": ("単独",),
    "自社だけで": ("単独",),
    "自社だけだと": ("単独",),
    "自社だけじゃ": ("単独",),
    "怪しい": ("不審",),
    "あやしい": ("不審",),
    "部署": ("部門",),
    "集まり": ("会合",),  # an everyday word for a meeting
    # (one verb written with more or less okurigana: 買い替え・買い換え・買替え as the documents' 買換え)
    "買い替え": ("買換え",),
    "買い換え": ("買換え",),
    "買替え": ("買換え",),
    "後押し": ("支援",),  # backing, the everyday word for the documents' support (支援)
    "下支え": ("支え",),  # 下支えする: to underpin, the documents' 支える
    "兆し": ("予兆",),  # a sign of what is coming, the documents' 予兆 (予兆把握)
    "兆候": ("予兆",),
    # parts and materials together: the documents' 部材 (部品 + 材料)
    "部品・材料": ("部材",),
    "部品や材料": ("部材",),
    "部品と材料": ("部材",),
    "部品・素材": ("部材",),
    "合意形成": ("コンセンサス",),  # consensus-building, which the documents write コンセンサス形成
    "軍民両用": ("デュアルユース",),  # dual use, as the documents write it in katakana
    "現状": ("実情",),  # how things stand (「…と言うのが実情」)
    "勉強会": ("研修",),  # a study session held for staff, which the documents call 研修
    "普通の": ("通常",),  # 普通の武器 ≈ 通常兵器, 普通の取引 ≈ 通常の取引: ordinary, as the documents write it
    "大臣": ("閣僚",),  # 大臣レベル ≈ 閣僚級: the documents name talks of ministers by 閣僚
    # (a word written in kana or in kanji: 擦り合わせ and すり合わせ on the same slide)
    "すり合わせ": ("擦り合わせ",),
    "擦り合わせ": ("すり合わせ",),
    "独禁法": ("独占禁止法",),
    # (laws by their full names, which the documents write short)
    "不正競争防止法": ("不競法",),
    "外国為替及び外国貿易法": ("外為法",),
    "外国為替法": ("外為法",),
    "経産省": ("経済産業省",),
    "経産": ("経済産業",),  # 経産大臣, 経産局: the usual short form inside any compound
    "本省": ("経済産業省",),  # as the regional bureaus' decks call the ministry
    # (the other ministries by their usual short names, as 経産省 is)
    "厚労省": ("厚生労働省",),
    "文科省": ("文部科学省",),
    "国交省": ("国土交通省",),
    "農水省": ("農林水産省",),
    "経済安保": ("経済安全保障",),
    "漏えい": ("漏洩", "流出"),
    "情報漏れ": ("漏洩", "流出"),
    # 漏れる・漏れた・漏れて…: leaking out (not 漏れなく, without omission)
    "漏れる": ("流出",),
    "漏れた": ("流出",),
    "漏れて": ("流出",),
    "漏れない": ("流出",),
    "漏れちゃ": ("流出",),
    "持って行": ("持ち出し",),  # 持って行く・持って行かれる
    "持っていか": ("持ち出し",),
    "持っていく": ("持ち出し",),
    "持ち出さ": ("持ち出し",),
    "一緒に": ("共同",),  # 一緒に買う ≈ 共同で購入する
    "原料": ("原材料",),  # the same raw materials, written 原料 or 原材料
    "仕入れ先": ("調達先",),
    "仕入先": ("調達先",),
    "仕入れ": ("調達",),
    "買う": ("調達",),  # 材料を買う ≈ 原材料を調達する (not 「買」 alone: 買収)
    "買っ": ("調達",),
    "会社単独": ("個別企業",),  # one company on its own: an individual company, as the dialogue slides say
    "企業単独": ("個別企業",),
    "進出先": ("相手国",),  # 進出先の国: the country a plant goes to, 相手国 in the checklists
    "ほしが": ("関心",),  # 技術をほしがる ≈ 技術的関心がある (ほしがる・ほしがってる)
    "欲しが": ("関心",),
    "狙って": ("関心", "標的"),  # 技術を狙う: to have designs on it, 技術的関心; to make it a 標的 (not 狙い, an aim)
    "狙われ": ("関心", "標的"),
    "狙う": ("関心", "標的"),
    "ヤバい": ("問題",),  # …ってヤバい？ ≈ 問題となるか
    "やばい": ("問題",),
    "まずい": ("問題",),
    "社員": ("従業員",),
    "エンジニア": ("技術者",),
    "法律": ("法令",),  # 制限する法律はある？ ≈ 制限する法令はない (法令: laws and the orders under them)
    "モノ": ("貨物", "製品"),  # モノの輸出 ≈ 貨物の輸出
    "作られ": ("策定",),  # 計画・指針が作られた ≈ 策定された (not 作った: 社内ルールを作った, 製品を作った)
    "中途": ("転職",),  # 中途で採る・中途採用 ≈ 転職者を採用する
    "業績": ("経営状態",),  # 業績が悪い ≈ 経営状態が悪化
    "点検": ("チェック", "確認"),
    "雇う": ("雇用",),  # 雇う・雇った・雇い入れ
    "雇っ": ("雇用",),
    "雇い": ("雇用",),
    "社内ルール": ("社内規程",),
    "しょっちゅう": ("頻繁",),  # しょっちゅう変わる ≈ 頻繁に変わる
    "税金の控除": ("税額控除",),  # a deduction from the tax due, as the documents write it
    "税の控除": ("税額控除",),
    "税控除": ("税額控除",),
    "ルールが変わ": ("制度変更",),  # ルールが変わる・変わった: a change of the rules, 制度変更
    "ルール変更": ("制度変更",),
    "工場": ("生産拠点",),
    "レアメタル": ("重要鉱物",),
    "海外の投資家": ("外国投資家",),  # 海外の投資家から出資を受ける ≈ 外国投資家が投資を行う (外為法's word)
    "海外投資家": ("外国投資家",),
    "外資": ("外国投資家",),
    "出資": ("投資",),  # 外国から出資を受ける ≈ 外国投資家が投資を行う
    "圧力": ("威圧",),
    "社長": ("経営者", "経営層"),
    "経営陣": ("経営層",),
    "経営者": ("経営層",),
    "引き抜": ("引き抜き",),  # 引き抜かれる・引き抜く
    "ヘッドハンティング": ("引き抜き",),
    "いいこと": ("メリット",),  # 取ると何かいいことある？ ≈ メリットは？
    "良いこと": ("メリット",),
    "得する": ("メリット",),  # 取ると得する？ ≈ メリットは？
    "お得": ("メリット",),
    "利点": ("メリット",),  # TICSの利点は？ ≈ メリットは？
    "長所": ("メリット",),
    "チャンス": ("機会",),  # ビジネスチャンス ≈ ビジネス機会
    "お金": ("費用",),
    "お金を出": ("資金拠出", "資金提供"),  # お金を出す・出した: to put up funds
    "コスト": ("費用",),
    "罰則": ("刑事罰", "罰"),
    "頼み": ("依存",),  # 中国頼み ≈ 中国に依存
    "先行き": ("不確実性",),  # 先行きが読めない・先行き不透明 ≈ 不確実性
    "先が読め": ("不確実性", "予見可能性"),  # 先が読めない ≈ 不確実性が高い、予見可能性が低い
    "見通せ": ("不確実性", "予見可能性"),  # 見通せない
    "特許を取": ("権利化",),  # 特許を取るか秘密にするか ≈ 権利化／秘匿化の判断
    "特許取得": ("権利化",),
    "秘密のまま": ("秘匿化",),
    "秘密にして": ("秘匿化",),
    "秘密にする": ("秘匿化",),
    "申し込み": ("申込",),
    "申込み": ("申込",),
    "問合せ": ("問い合わせ",),
    "問い合せ": ("問い合わせ",),
    "国と会社": ("官民",),  # 国と会社で準備する ≈ 官民による備え
    "国と企業": ("官民",),
    "政府と企業": ("官民",),
    "国と民間": ("官民",),
    "政府と民間": ("官民",),
    "一緒に来": ("同行",),  # 一緒に来る ≈ 同行: going along with someone
    "一緒に行": ("同行",),
    "ついて来": ("同行",),
    "国と話": ("官民対話",),  # 国と話すと ≈ 官民対話: talks between the state and a company
    "政府と話": ("官民対話",),
    "国と対話": ("官民対話",),
    "準備": ("備え",),
    "支配さ": ("コントロール",),  # 外国企業に支配された ≈ コントロールされている
    "支配下": ("コントロール",),
    # a country by its usual name and by its formal one (lists of countries use the formal names)
    "韓国": ("大韓民国",),
    "アメリカ": ("米国", "アメリカ合衆国"),
    "米国": ("アメリカ合衆国",),
    "イギリス": ("英国",),
    "中華人民共和国": ("中国",),
    "北朝鮮": ("朝鮮民主主義人民共和国",),
}


# 九州局, 東北局: how the regional bureaus that publish the decks call themselves, short for 九州経済産業局.
# Not a search synonym (「九州局の資料」 names a deck, not the office): only an organisation's names.
_BUREAU = re.compile(r"(北海道|東北|関東|中部|近畿|中国|四国|九州)局")


def organisation_names(name: str) -> list[str]:
    """Return the names the documents may give an organisation (or any name) the question names: the
    name with the documents' word for an everyday one inside it, never that word alone (see renamed)."""
    names = [name, *renamed(name)]
    if _BUREAU.fullmatch(name):
        names.append(f"{name[:-1]}経済産業局")
    if "経済産業" in name:  # the documents' short form inside a name too (地方経産局), see SYNONYMS["経産"]
        names.append(name.replace("経済産業", "経産"))
    return names


@lru_cache(maxsize=1)
def _table() -> tuple[tuple[str, tuple[str, ...]], ...]:
    # longer keys first, so 仕入れ先 wins over 仕入れ
    return tuple(sorted(((normalize_text(k), v) for k, v in SYNONYMS.items()), key=lambda kv: -len(kv[0])))


def _phrases(text: str):
    """Yield where each everyday phrase of the table stands in a normalised text and the document terms
    it stands for, the longest first, never two over the same characters (仕入れ先, not also 仕入れ)."""
    taken: list[tuple[int, int]] = []
    for key, terms in _table():
        for match in re.finditer(re.escape(key), text):
            span = match.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue  # already covered by a longer key
            taken.append(span)
            yield span, terms


def document_terms(question: str, written: Callable[[str], bool] | None = None) -> list[str]:
    """Return the document terms the question's everyday words stand for, in table order.

    With `written` (whether the documents write a word), a term's everyday word stands for the whole term
    only where what the term says besides it is written too: ライバル企業 is 競合 (企業 is written), but
    社員旅行 is no 従業員 in documents that never write 旅行."""
    found: list[str] = []
    text = normalize_text(question)
    for (a, b), terms in _phrases(text):
        if written is not None and not all(written(rest) for rest in (text[:a], text[b:]) if len(rest) >= 2):
            continue
        found.extend(t for t in terms if t not in found)
    return found


def document_terms_around(question: str, word: str) -> list[str]:
    """Return the document terms of the everyday phrases of a question that hold `word` (悪気 in
    「悪気なく」 stands for 誤って), in table order."""
    text, key_word = normalize_text(question), normalize_text(word)
    starts = [m.start() for m in re.finditer(re.escape(key_word), text)]
    found: list[str] = []
    for (a, b), terms in _phrases(text):
        if any(a <= start and start + len(key_word) <= b for start in starts):
            found.extend(t for t in terms if t not in found)
    return found


def renamed(name: str) -> list[str]:
    """Return a name as the documents may write it: an everyday word inside it replaced by the documents'
    term for it (独禁法 → 独占禁止法; 重要経済安保情報保護活用法 → 重要経済安全保障情報保護活用法). A name is
    mentioned only whole: 経済安全保障 alone does not mention 重要経済安保情報保護活用法."""
    text = normalize_text(name)
    out: list[str] = []
    for (a, b), terms in _phrases(text):
        out.extend(v for t in terms if (v := text[:a] + t + text[b:]) not in out)
    return out


def expand_query_tokens(tokens: list[str], question: str) -> list[str]:
    """Return `tokens` followed by the BM25 tokens of the document terms the question's words stand for."""
    from .tokenize_ja import tokenize

    present = set(tokens)
    extra = [t for term in document_terms(question) for t in tokenize(term) if t not in present]
    return tokens + list(dict.fromkeys(extra))

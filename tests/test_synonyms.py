"""Everyday words → document terms: each entry is a real synonym, matched on the surface, and never
fires through a shared dictionary lemma."""
import pytest

from pipeline.synonyms import SYNONYMS, document_terms, expand_query_tokens
from pipeline.tokenize_ja import tokenize


@pytest.mark.parametrize("question, terms", [
    ("社員が辞めたときの注意", ["退職", "従業員"]),
    ("辞めていく人への対応", ["退職"]),
    ("ライバル会社と情報交換してもいい？", ["競合", "同業"]),
    ("競合と在庫の情報を交換しても大丈夫？", ["同業"]),
    ("お客さんから聞かれた", ["顧客"]),
    ("軍民両用の技術の研究開発", ["デュアルユース"]),
    ("中小企業の現状はどうなってる？", ["実情"]),
    ("職員向けの勉強会をやった", ["研修"]),
    ("怪しいメールが来た", ["不審"]),
    ("部署ごとに集計", ["部門"]),
    ("大臣レベルで会う", ["閣僚"]),  # the documents name talks of ministers 閣僚級
    ("合意形成に時間がかかる", ["コンセンサス"]),  # consensus-building: コンセンサス形成
    ("普通の武器は関係ない？", ["通常"]),  # ordinary: 通常兵器
    ("車の買い替え支援", ["買換え"]),  # the same verb with more okurigana
    ("国の後押しがある", ["支援"]),  # backing: the documents' support
    ("事業を下支えする", ["支え"]),  # to underpin: the documents' 支える
    ("値上がりの兆しをつかむ", ["予兆"]),  # a sign of what is coming: the documents' 予兆
    ("不正の兆候がある", ["予兆"]),
    ("人もお金も足りない", ["経営資源"]),  # people and money: the documents' 経営資源
    ("自社だけでは難しい", ["単独"]),  # on one's own: the documents' 単独
    ("うちだけじゃ無理", ["単独"]),
    ("見積もりを間違えたらどうなる？", ["誤る"]),  # to get it wrong: the documents' 誤る
    ("判断をまちがっちゃった", ["誤る"]),
    ("製品の部品・材料を調べる", ["部材"]),  # parts and materials: the documents' 部材
    ("部品や材料の調達", ["部材"]),
    ("独禁法に触れる？", ["独占禁止法"]),
    ("図面を持っていかれた", ["持ち出し"]),
    ("仕入れ先を見直したい", ["調達先"]),  # the longer key wins over 仕入れ
    ("原料を一緒に買う", ["共同", "原材料", "調達"]),  # 原料 and 原材料 are the same raw materials
    ("社長に説明するには", ["経営者", "経営層"]),
    ("技術者を引き抜かれた", ["引き抜き"]),
    ("海外の工場で作る", ["生産拠点"]),
    ("中途で人を採る", ["転職"]),
    ("業績が悪い", ["経営状態"]),
    ("ひととおり点検したい", ["チェック", "確認"]),
    ("この計画はいつ作られたの？", ["策定"]),
    ("レアメタルが入らない", ["重要鉱物"]),
    ("国と会社でどうやって準備する？", ["官民", "備え"]),  # 官民: the government and private companies
    ("困ったとき国と話すとどうしてくれるの？", ["官民対話"]),  # talks between the state and a company
    ("見本局の人が来るとき、ほかに誰か一緒に来る？", ["同行"]),  # going along with someone
    ("外国企業に支配された子会社", ["コントロール"]),
    ("エンジニアが辞める", ["技術者", "退職"]),
    ("転職を止める法律はある？", ["法令"]),  # 法令: laws and the orders under them
    ("モノの輸出", ["貨物", "製品"]),
    ("海外から出資を受ける", ["投資"]),
    ("規格がしょっちゅう改まる", ["頻繁"]),  # often: 頻繁に
    ("来年ルールが変わるらしい", ["制度変更"]),  # a change of the rules
    ("設備投資で税金の控除は受けられる？", ["税額控除"]),  # a deduction from the tax due
    ("技術ってどうやって外に漏れるの？", ["流出"]),
    ("先が読めなくて投資できない", ["不確実性", "予見可能性"]),
    ("外国から圧力をかけられたら", ["威圧"]),
    ("よその会社と一緒に部品を買う", ["共同", "調達"]),
    ("この資格を取ると何かいいことある？", ["メリット"]),
    ("取ると得する？", ["メリット"]),
    ("見本認証の利点は？", ["メリット"]),  # 利点, 長所: the documents say メリット
    ("新しい商売のチャンスになる？", ["機会"]),
    ("経産省の窓口", ["経済産業省"]),
    ("経産大臣の会談", ["閣僚", "経済産業"]),  # the short form inside any compound; a minister is a 閣僚
    ("本省の担当室に聞きたい", ["経済産業省"]),  # the ministry, as the bureaus call it
    ("厚労省が認定した薬", ["厚生労働省"]),  # another ministry by its usual short name
    ("国交省の港の話", ["国土交通省"]),
    ("同業と部品を買うのってヤバい？", ["問題", "調達"]),
    ("現地で人を雇うときは", ["雇用"]),
    ("社内ルールを作った", ["社内規程"]),
    ("韓国向けの輸出", ["大韓民国"]),  # a country by its formal name too
    ("特許を取るか秘密のままにするか", ["秘匿化", "権利化"]),
    ("先行きが読めない時代", ["不確実性"]),
    ("原料は北国頼み", ["原材料", "依存"]),  # as intellectual-property advice calls the choice
    ("海外の投資家に株を持ってもらう", ["外国投資家"]),  # as 外為法 calls an investor from abroad
    ("外資から出資を受ける", ["外国投資家", "投資"]),
    ("不正競争防止法で守れる？", ["不競法"]),  # a law by its full name, which the documents write short
    ("外国為替法の許可", ["外為法"]),
    ("進出先の国の事情", ["相手国"]),  # the country a plant goes to, as the checklists call it
    ("向こうがどんな技術をほしがってるか", ["関心"]),
    ("うちの技術を狙ってる", ["関心", "標的"]),  # to have designs on it, to make it a target
    ("うちの会社単独でも相談できる？", ["個別企業"]),  # one company on its own
    ("お金を出すって発表した役所", ["資金拠出", "資金提供"]),  # to put up funds
    ("なんで狙われやすいの", ["関心", "標的"]),
])
def test_everyday_words_meet_the_documents_words(question, terms):
    assert document_terms(question) == terms


@pytest.mark.parametrize("question", [
    "輸出を止められたら困る",  # 止める shares unidic's lemma with 辞める
    "技術を持つ企業の例",  # 持つ is in every 持っていく, but is not 持ち出し
    "経営戦略として考える",  # 経営 alone is not 経営者
    "材料工学の研究",  # no entry for words the documents already use
    "一緒のチームで働く人",  # 一緒の is not 一緒に (jointly)
    "この制度の狙いは",  # 狙い, an aim, is not 狙う (to have designs on)
    "うちだけ遅れてるの？",  # only us, not on our own (単独)
])
def test_no_misfire_through_shared_lemmas_or_parts_of_words(question):
    assert document_terms(question) == []


def test_every_entry_adds_words_the_query_did_not_have():
    for key, terms in SYNONYMS.items():
        assert terms and all(t and t != key for t in terms), key


def test_expansion_adds_bm25_tokens_after_the_query_tokens():
    tokens = tokenize("怪しいメール")
    expanded = expand_query_tokens(tokens, "怪しいメール")
    assert expanded[: len(tokens)] == tokens and "不審" in expanded[len(tokens):]
    assert expand_query_tokens(tokenize("輸出を止める"), "輸出を止める") == tokenize("輸出を止める")


def test_a_regional_bureau_is_known_by_its_short_name_as_an_organisation_only():
    from pipeline.synonyms import organisation_names

    assert "九州経済産業局" in organisation_names("九州局")
    assert organisation_names("見本局") == ["見本局"]
    assert "地方経産局" in organisation_names("地方経済産業局")  # the documents' short form inside a name
    # a name is the documents' word inside it, never that word alone
    assert "見本経済安全保障法" in organisation_names("見本経済安保法")
    assert "経済安全保障" not in organisation_names("見本経済安保法")
    assert "九州経済産業局" not in document_terms("九州局の資料では")  # a deck's name, not a search synonym


def test_a_word_inside_an_everyday_phrase_stands_for_the_documents_words_for_the_phrase():
    from pipeline.synonyms import document_terms_around

    assert "誤って" in document_terms_around("悪気なく送ってしまった", "悪気")
    assert document_terms_around("悪気があって送った", "悪気") == []  # ill intent is not a mistake


def test_a_word_written_in_kana_or_in_kanji_is_one_word():
    assert "擦り合わせ" in document_terms("部品のすり合わせって危ない？")
    assert "すり合わせ" in document_terms("擦り合わせの注意点は？")


def test_an_everyday_word_inside_a_term_stands_for_the_term_only_where_the_rest_of_it_is_written():
    # ライバル企業 is the documents' 競合 where they write 企業; 社員旅行 is no 従業員 where they never write 旅行
    written = {"企業", "会社"}.__contains__
    assert "競合" in document_terms("ライバル企業", written=written)
    assert document_terms("社員旅行", written=written) == []
    assert "従業員" in document_terms("社員旅行")  # (without the check, as a question's words are read)

"""Document structure: blocks and quotable segments from a unit's text (own small fixtures)."""
import pytest

from pipeline.structure import WrapProfile, opens_item, parse_blocks, split_sentences, wrap_profile

HARD = WrapProfile(hard_wrapped=True, width=30)


def kinds(blocks):
    return [b.kind for b in blocks]


def texts(block):
    return [s.text for s in block.segments]


@pytest.mark.parametrize("text, expected", [
    ("会議を開いた。結論は出なかった。", ["会議を開いた。", "結論は出なかった。"]),
    ("「対象は何か。」と問われた。次へ。", ["「対象は何か。」と問われた。", "次へ。"]),
    ("予算を措置。(本省分。地方分を含む)", ["予算を措置。", "(本省分。地方分を含む)"]),
    ("本当ですか？はい！", ["本当ですか？", "はい！"]),
    ("文末のない断片", ["文末のない断片"]),
])
def test_sentences_end_outside_brackets(text, expected):
    assert split_sentences(text) == expected


def test_a_wrapped_sentence_is_joined_without_a_space():
    text = "見本市の出展企業は、海外の来場者との商談に\nついて事前に確認することが望ましい。\n"
    [block] = parse_blocks(text)
    assert texts(block) == ["見本市の出展企業は、海外の来場者との商談について事前に確認することが望ましい。"]
    assert block.start == 0 and block.end == len(text.rstrip("\n"))


def test_a_numbered_label_wrapped_in_its_box_is_one_label():
    # 「③ 見本届出」 then 「審査制度」 right under it: one diagram label; a body sentence under a short
    # numbered heading stays a line of its own
    blocks = parse_blocks("③ 見本届出\n審査制度\n\n④ 見本登録\n登録した事業者は、年に一度の点検を受ける。\n\n"
                          "⑤ 手数料\n年額 3,000 円")
    lines = [t for b in blocks for t in texts(b)]
    assert "③ 見本届出審査制度" in lines, lines
    assert "登録した事業者は、年に一度の点検を受ける。" in lines, lines
    assert "年額 3,000 円" in lines, lines  # a figure under a heading is its value, not the rest of its label


def test_an_enumeration_running_onto_a_numbered_line_is_one_sentence():
    text = "制度は、①物資、②設備、\n③人材の三つを対象とする。"
    [block] = parse_blocks(text)
    assert texts(block) == ["制度は、①物資、②設備、③人材の三つを対象とする。"]


def test_a_bullet_leading_in_with_a_comma_goes_on_to_the_numbered_items_after_a_blank_line():
    # 「• 当面の提案として、」, a blank line, then 「①…、②…。」: what it leads in to, in a deck wrapped at a width
    text = "• 見本白書を発表した。\n• 当面の提案として、\n\n①部材の在庫を共有すること、\n②窓口を設置すること。\n\n• 中長期には、見直しを行う。"
    joined = [t for b in parse_blocks(text, HARD) for t in texts(b)]
    assert "当面の提案として、①部材の在庫を共有すること、②窓口を設置すること。" in joined, joined
    # (not in a document whose blank lines separate paragraphs)
    assert "当面の提案として、" in [t for b in parse_blocks(text, WrapProfile()) for t in texts(b)]


def test_hard_wrapped_documents_join_across_a_blank_line_only_when_the_line_filled_the_box():
    text = "加盟団体に対しては、年次の調査票を送付して回答を求める\n\nとともに、結果を公表する。\n\n短い見出し\n\n本文は別の段落である。"
    blocks = parse_blocks(text, HARD)
    assert "加盟団体に対しては、年次の調査票を送付して回答を求めるとともに、結果を公表する。" in texts(blocks[0])
    assert any(b.kind == "heading" and texts(b) == ["短い見出し"] for b in blocks)
    assert parse_blocks(text, WrapProfile())[0].segments[0].text.endswith("求める")  # not hard-wrapped: kept apart


def test_a_labelled_point_after_a_blank_line_starts_anew_however_full_the_line_before():
    # 「（出典）甲国 「見本戦略」等」 fills the box; the blank line, then 「見本リスク対応︓…」, a point of its own
    text = ("甲国の見本戦略の概要について\n\n（出典）甲国 「見本供給網強靱化戦略及び見本調達計画」等\n\n"
            "見本リスク対応︓重要な部品の特定や代替調達先の探索等のために、混乱を調査。")
    lines = [t for b in parse_blocks(text, HARD) for t in texts(b)]
    assert "見本リスク対応︓重要な部品の特定や代替調達先の探索等のために、混乱を調査。" in lines, lines


def test_a_note_cut_mid_word_at_the_box_width_goes_on_in_the_next_line():
    text = "5の重点品目※を選定。\n\n※当局関係では、精密軸受、光学レンズ、耐熱合金、微細\nフィルム、特殊ガラスの５つ（2026年4月現在）"
    note = "※当局関係では、精密軸受、光学レンズ、耐熱合金、微細フィルム、特殊ガラスの５つ（2026年4月現在）"
    assert note in [t for b in parse_blocks(text, HARD) for t in texts(b)]
    assert note not in [t for b in parse_blocks(text, WrapProfile()) for t in texts(b)]  # not hard-wrapped: kept apart


def test_a_numbered_line_going_on_from_a_numbered_heading_is_the_next_heading_over_its_bullets():
    text = "以下の3つの取組を進める。\n\n１．調達先の登録\n\n２．在庫情報の共有\n • 在庫の情報を共有する。\n • 範囲は事業者が決める。\n\n３．人材の育成\n • 研修を行う。"
    blocks = parse_blocks(text)
    headings = [texts(b)[0] for b in blocks if b.kind == "heading"]
    assert headings == ["１．調達先の登録", "２．在庫情報の共有", "３．人材の育成"]
    assert [(b.heading, texts(b)) for b in blocks if b.kind == "list"] == [
        ("２．在庫情報の共有", ["在庫の情報を共有する。", "範囲は事業者が決める。"]), ("３．人材の育成", ["研修を行う。"])]


def test_a_numbered_line_may_go_on_from_a_series_a_nested_one_opened_inside():
    # ①② inside 「①支援策」, a titled list, then 「②防衛策」: the outer series' next heading, no item of the list
    text = "計画の取組\n\n①支援策\n\n①調達の強化\n • 部品の備蓄\n\n②人材の育成\n • 研修の実施\n\n" \
           "横断的な施策\n • 研究開発\n • 金融\n ②防衛策\n\n流出の防止\n輸出の管理を見直す。"
    blocks = parse_blocks(text)
    assert "②防衛策" in [texts(b)[0] for b in blocks if b.kind == "heading"]
    assert [texts(b) for b in blocks if b.kind == "list"][-1] == ["研究開発", "金融"]
    # …but a list that has the number before it goes on with it (「1. 2.」 under 「１．」, then 「3.」)
    listed = parse_blocks("１．調達先の登録\n\n手順は次のとおり。\n1. 申請する\n2. 審査を受ける\n3. 登録される")
    assert [texts(b) for b in listed if b.kind == "list"] == [["1. 申請する", "2. 審査を受ける", "3. 登録される"]]


def test_one_character_alone_after_a_blank_line_ends_the_word_cut_off_before_it():
    blocks = parse_blocks("管理を行っている前提で、法の対\n\n象\n\n次の段落の文である。", HARD)
    assert texts(blocks[0]) == ["管理を行っている前提で、法の対象"]


def test_wrap_profile_detects_a_document_cut_at_a_width():
    wrapped = "\n".join(["長い文章が箱の幅で折り返されて次の行の頭に", "かかって続いていく様子を示すための見本の文であって"] * 12)
    assert wrap_profile(wrapped).hard_wrapped
    assert not wrap_profile("一行で完結する文。\n次の行も完結する文。\n" * 12).hard_wrapped


def test_headings_lists_and_a_value_under_its_heading():
    text = "会員制度の概要\n\n(1) 登録の手続\n\n登録には、申請書の提出が必要です。\n\n" \
           "対象となる品目\n- 精密機器\n- 計測装置\n  - 光学部品\n- 試薬\n\n(2) 手数料\n年額 3,000 円"
    blocks = parse_blocks(text)
    assert kinds(blocks) == ["title", "heading", "paragraph", "heading", "list", "heading", "paragraph"]
    items = blocks[4].segments
    assert [(s.text, s.level) for s in items] == [("精密機器", 0), ("計測装置", 0), ("光学部品", 1), ("試薬", 0)]
    assert blocks[4].heading == "対象となる品目"
    assert blocks[6].heading == "(2) 手数料" and texts(blocks[6]) == ["年額 3,000 円"]


def test_numbered_items_keep_their_numbers_and_sub_bullets_nest():
    text = "確認事項\n\n① 書類を確認する\n・原本と写しを照合する\n② 担当者を決める\n・代理も決める"
    [title, items] = parse_blocks(text)
    assert [(s.text, s.level) for s in items.segments] == [
        ("① 書類を確認する", 0), ("原本と写しを照合する", 1), ("② 担当者を決める", 0), ("代理も決める", 1)]


def test_a_dash_set_against_japanese_text_is_a_bullet_not_a_heading():
    text = "取組の進め方\n\n② 以下をはじめとする取組を講じる。\n－「見本領域」では、部材の共有\n－「別の領域」では、代替供給の構築\n\n③ 仕組みをつくる。"
    blocks = parse_blocks(text)
    items = [(s.text, s.level) for b in blocks if b.kind == "list" for s in b.segments]
    assert ("「見本領域」では、部材の共有", 1) in items and ("「別の領域」では、代替供給の構築", 1) in items, items
    assert all(b.kind != "heading" for b in blocks[1:]), [(b.kind, texts(b)) for b in blocks]
    assert parse_blocks("-5%の減少となった。")[0].kind != "list"  # a minus sign before a figure is no bullet


def test_a_line_joining_a_clause_on_with_ga_is_a_sentence_not_a_heading():
    # 「…対象となるが、転職そのものを…」 says something; 「…に取り組みたいが、…」 may title a slide's worry
    text = "見本の課題\n\n引き抜きなどによる転職\n持ち出した場合は見本法の対象となるが、転職そのものを制限する規定はない\n\n何を秘密とするかは企業の判断に委ねられる。"
    blocks = parse_blocks(text)
    said = next(b for b in blocks if "転職そのもの" in texts(b)[0])
    assert said.kind == "paragraph" and said.heading == "引き抜きなどによる転職", [(b.kind, texts(b)) for b in blocks]
    assert parse_blocks("3. 見本対策に取り組みたいが、何から始めればよいか分からない\n\n- 見本制度をご活用ください")[0].kind != "paragraph"


def test_examples_numbered_as_such_are_a_list_with_their_sub_items():
    text = "見本の連携\n(例１) 見本研究機構（機構長：見本教授）\n• データ分析を実施。\n(例２)見本資源機構\n• 流れ図を作成。\n（参考）英国の見本戦略\n分析の枠組みを開発。"
    blocks = parse_blocks(text)
    [items] = [b for b in blocks if b.kind == "list"]
    assert [(s.text, s.level) for s in items.segments] == [
        ("(例１) 見本研究機構（機構長：見本教授）", 0), ("データ分析を実施。", 1), ("(例２)見本資源機構", 0), ("流れ図を作成。", 1)]
    assert blocks[-1].heading == "（参考）英国の見本戦略" and blocks[-2].kind == "heading"


def test_a_markdown_item_goes_on_on_its_next_plain_line():
    [block] = parse_blocks("- **人材**\n賃上げの持続的な実現。\n- 投資\n年率で倍増。")
    assert texts(block) == ["人材 賃上げの持続的な実現。", "投資 年率で倍増。"]


def test_tables_keep_rows_and_header():
    text = "品目\t区分\n①精密機器\tA\n②試薬\tB\n"
    [header, table] = parse_blocks(text)
    assert header.kind == "heading" and texts(header) == ["品目 区分"] and table.heading == "品目 区分"
    assert table.kind == "table" and table.header == ("品目", "区分")
    assert texts(table) == ["①精密機器 A", "②試薬 B"]
    assert table.segments[0].cells == ("①精密機器", "A")


def test_lists_side_by_side_in_a_row_each_stay_under_their_own_label():
    [table] = parse_blocks('<p>点検</p> <ul> ・棚卸し(手順①) ・記録</ul>\t<p>報告</p> <ul> ・月報(手順②)</ul>')
    assert [(s.text, s.level) for s in table.segments] == [
        ("点検", 0), ("棚卸し(手順①)", 1), ("記録", 1), ("報告", 0), ("月報(手順②)", 1)]
    # the row's other cells (no list) stay before each label
    [table] = parse_blocks('区分A\t<p>点検</p> <ul> ・棚卸し ・記録</ul>\t<p>報告</p> <ul> ・月報 ・年報</ul>')
    assert [s.text for s in table.segments if s.level == 0] == ["区分A 点検", "区分A 報告"]


def test_the_last_line_under_a_numbered_heading_is_not_a_heading_of_its_own():
    # a flattened diagram: 「③対象範囲」 then its three labels, then 「④シミュレーション」
    blocks = parse_blocks("見本の要素\n\n①速さ\n\n数日\n\n数週間\n\n②範囲\n\n国内のみ\n\n輸出入のみ\n\n全世界の取引\n\n③精度\n\n高い精度")
    assert [(b.kind, b.segments[0].text) for b in blocks if b.kind == "heading"] == [
        ("heading", "①速さ"), ("heading", "②範囲"), ("heading", "③精度")]
    assert [b.segments[0].text for b in blocks if b.heading == "②範囲" and b.kind != "heading"] == ["国内のみ", "輸出入のみ", "全世界の取引"]


def test_in_a_hard_wrapped_deck_an_item_running_on_as_a_sentence_goes_on_to_the_line_that_ends_it():
    text = "＜見本電池＞\n①巻き取りによる連続生産、\n塗工や封止の技術等、製品化の鍵となる\n大型化の分野でリード。\n我が国は部材に強みを\nもつ、\n見本電池への投資を推進。"
    blocks = parse_blocks(text, WrapProfile(True, 20))
    assert [s.text for b in blocks for s in b.segments] == [
        "＜見本電池＞", "①巻き取りによる連続生産、塗工や封止の技術等、製品化の鍵となる大型化の分野でリード。",
        "我が国は部材に強みをもつ、見本電池への投資を推進。"]
    # an item's first line with no comma titles what follows (「② 重要技術育成プログラム」)
    blocks = parse_blocks("＜見本＞\n② 重要技術育成プログラム\n研究開発を支援する。", WrapProfile(True, 20))
    assert [s.text for b in blocks for s in b.segments][1] == "② 重要技術育成プログラム"


def test_in_a_hard_wrapped_deck_an_item_stopped_at_a_verbs_te_form_goes_on_across_a_blank_line():
    # 「①︓他国に先駆けて」 has not said what it says; a heading's particle ending in て (「…に向けて」) closes it
    text = "＜見本パック＞\n①︓他国に先駆けて\n\n2030年までに\n実用化を目指す。"
    blocks = parse_blocks(text, WrapProfile(True, 20))
    assert [s.text for b in blocks for s in b.segments] == ["＜見本パック＞", "①︓他国に先駆けて2030年までに実用化を目指す。"]
    blocks = parse_blocks("＜見本＞\n① 2030年に向けて\n\n見本部材の研究開発を支援する。", WrapProfile(True, 20))
    assert [s.text for b in blocks for s in b.segments][1] == "① 2030年に向けて"


def test_in_a_hard_wrapped_deck_a_short_line_with_a_comma_inside_runs_on():
    # 「部材確保に加え、高い変」 is a sentence under way, not a label, however short; a label listing two
    # things (「②︓見本水、見本素」) is not
    text = "＜見本素材＞\n②︓見本鉛\n部材確保に加え、高い変\n換効率を生むための\n品質面で優位。"
    blocks = parse_blocks(text, WrapProfile(True, 20))
    assert [s.text for b in blocks for s in b.segments][-1] == "部材確保に加え、高い変換効率を生むための品質面で優位。"
    blocks = parse_blocks("＜見本原料＞\n②︓見本水、見本素\n見本素は、A国（約６割）で生産。", WrapProfile(True, 20))
    assert [s.text for b in blocks for s in b.segments][1] == "②︓見本水、見本素"


def test_notes_links_and_contents():
    text = "案内\n\n※ 申込は先着順です。\n(出所) 事務局資料\n\nhttps://example.go.jp/guide\n\n" \
           "はじめに\t・・・\t1\n手続の流れ\t・・・\t5"
    blocks = parse_blocks(text)
    assert kinds(blocks) == ["title", "note", "link", "toc"]
    assert texts(blocks[1]) == ["※ 申込は先着順です。", "(出所) 事務局資料"]
    assert texts(blocks[2]) == ["https://example.go.jp/guide"]


def test_a_short_note_right_above_a_list_heads_that_list_only():
    text = "点検の手順\n\n① 台帳を作り、在庫を記録する。\n（※）見落としやすい場所の例\n（１）倉庫の奥\n（２）車の中\n\n" \
           "② 棚を数え、台帳と照らし合わせる。"
    blocks = parse_blocks(text)
    assert kinds(blocks) == ["title", "list", "note", "list", "list"]
    assert blocks[3].heading == "（※）見落としやすい場所の例" and texts(blocks[3]) == ["（１）倉庫の奥", "（２）車の中"]
    assert blocks[4].heading == "点検の手順"  # the list after it is under the title again
    # a note that is a sentence explains; it introduces nothing
    [_, note, items] = parse_blocks("案内\n\n※ 申込は先着順です。\n- 東京\n- 大阪")
    assert note.kind == "note" and items.heading == "案内"


def test_a_line_opening_with_a_count_states_it_rather_than_heading_what_follows():
    blocks = parse_blocks("制度の概要\n\n③ 登録制度\n\n14対象事業\n\n④ 報告制度\n\n2 重点分野\n\n支援の内容を示す。")
    assert [(b.kind, b.segments[0].text) for b in blocks if b.segments[0].text in ("14対象事業", "2 重点分野")] == \
        [("paragraph", "14対象事業"), ("heading", "2 重点分野")]  # a count, then a numbered heading
    assert blocks[2].heading == "③ 登録制度"


def test_a_numbered_section_title_may_carry_a_subtitle_after_a_colon():
    blocks = parse_blocks("研修のご案内\n\n(3) 個別の相談をご希望の方：相談員のご紹介\n\n相談員が個別に助言します。\n\n"
                          "期間：3年\n\n延長もできます。")
    assert [(b.kind, b.segments[0].text) for b in blocks if b.kind == "heading"] == \
        [("heading", "(3) 個別の相談をご希望の方：相談員のご紹介")]  # 「期間：3年」 says something itself
    assert blocks[2].heading == "(3) 個別の相談をご希望の方：相談員のご紹介"


def test_markup_is_removed_and_words_kept():
    [block] = parse_blocks('- **重要**な点は<span style="x">三つ</span>ある。[詳細](#)を参照。')
    assert texts(block) == ["重要な点は三つある。詳細を参照。"]  # a list item is quoted whole
    [table] = parse_blocks('<p>情報交換</p>\t<ul> ・業務提携 ・共同研究</ul>')
    assert [(s.text, s.level) for s in table.segments] == [("情報交換", 0), ("業務提携", 1), ("共同研究", 1)]


def test_a_value_between_two_numbered_headings_is_what_the_first_says():
    blocks = parse_blocks("制度の状況\n\n① 登録制度\n\n2026年4月から施行\n\n② 報告制度\n\n2027年度から施行予定")
    assert kinds(blocks) == ["title", "heading", "paragraph", "heading", "paragraph"]
    assert blocks[2].heading == "① 登録制度" and texts(blocks[2]) == ["2026年4月から施行"]


@pytest.mark.parametrize("line, item", [("- 東京で開催", True), ("③ 電解銅箔", True), ("・ 相談会", True),
                                        ("◆ YouTubeで公開中！", False), ("■ 概要", False), ("本文の文。", False)])
def test_a_line_opens_a_list_item_unless_its_mark_opens_a_section(line, item):
    assert opens_item(line) is item


def test_diagram_labels_are_not_headings():
    blocks = parse_blocks("経営層\n管理職\n現場\n\n三層で情報を共有する。")
    assert "heading" not in kinds(blocks)


@pytest.mark.parametrize("text", ["第1章 営業秘密とは", "第2節 対象となる者は", "【参考】投資管理の"])
def test_a_chapter_heading_may_end_in_a_particle(text):
    """「…とは」 ends in a particle like the first half of a wrapped line, but a chapter mark says
    it is a heading."""
    blocks = parse_blocks(f"{text}\n\n本文は次の段落から始まる。")
    assert kinds(blocks) == ["title", "paragraph"] and texts(blocks[0]) == [text]
    blocks = parse_blocks(f"説明資料\n\n{text}\n\n本文は次の段落から始まる。")
    assert kinds(blocks) == ["title", "heading", "paragraph"]


def test_a_line_cut_at_a_particle_is_still_not_a_heading():
    blocks = parse_blocks("資料の表紙\n\n③ 基幹インフラの\n\n本文の段落。")
    assert "heading" not in kinds(blocks[1:])


def test_enumeration_reads_the_mark_family_and_number():
    from pipeline.structure import enumeration

    assert enumeration("② 在庫の見える化") == ("①", 2)
    assert enumeration("3. 原則") == ("n.", 3) and enumeration("（4）窓口") == ("(n)", 4)
    assert enumeration("❸ 三つ目") == ("❶", 3)
    assert enumeration("2024年の取組") is None and enumeration("・在庫") is None
    # a circled number inside a bracketed label counts in its label's own family
    assert enumeration("＜論点②＞︓人材の確保") == ("論点①", 2) and enumeration("【課題③】 設備") == ("課題①", 3)
    assert enumeration("＜米国＞ 見本法") is None


def test_a_list_mark_is_taken_off_a_line_and_a_value_is_not():
    from pipeline.structure import without_list_mark

    assert without_list_mark("(6) 認証制度") == "認証制度" and without_list_mark("③ 12品目") == "12品目"
    assert without_list_mark("3. 原則") == "原則" and without_list_mark("2024年の取組") == "2024年の取組"
    assert without_list_mark("3.5億円") == "3.5億円"  # a decimal is a value, not 「3.」


TIMELINE = """(b) 見本産業の歩み

1990年
見本協会が発足

2001年
見本法の
制定

2010年
第1回見本会議として
見本局が会議を開催

（出所）見本局
"""


def test_a_timeline_written_date_first_gives_each_date_with_its_entry():
    blocks = parse_blocks(TIMELINE)
    timeline = next(b for b in blocks if b.kind == "list")
    # each date is read with the lines under it (a phrase that goes on runs on), never with the one above
    assert texts(timeline) == ["1990年 見本協会が発足", "2001年 見本法の制定",
                               "2010年 第1回見本会議として見本局が会議を開催"]
    assert timeline.heading == "(b) 見本産業の歩み"  # the slide's, not a label above it


def test_dates_written_under_their_entries_are_not_read_as_heading_the_next_one():
    blocks = parse_blocks("(b) 見本産業の歩み\n\n見本協会が発足\n1990年\n\n見本法の制定\n2001年\n\n見本会議の開催\n2010年\n")
    assert not any("1990年 見本法の制定" in s.text for b in blocks for s in b.segments)


def test_a_source_in_brackets_at_a_slides_end_titles_nothing_after_it():
    from pipeline.structure import last_heading

    blocks = parse_blocks("見本演説\n\n「見本技術の流出対策を進めます。」\n\n(2025年3月1日 見本大臣演説)\n")
    assert last_heading(blocks) == "見本演説"
    assert last_heading(parse_blocks("見本演説\n\n見本の話をした。\n\n見本の次の話\n")) == "見本の次の話"


def test_a_label_ending_in_a_middle_dot_goes_on_in_the_line_under_it():
    # 「③ 見本のコモディティ化・」 then 「対外依存の見本領域」: a word and ・ end no label; a row of dots is no word
    blocks = parse_blocks("② 見本の領域\n\n③ 見本のコモディティ化・\n対外依存の見本領域\n\n・・ ・・・\n見本半導体\n", HARD)
    lines = [s.text for b in blocks for s in b.segments]
    assert "③ 見本のコモディティ化・対外依存の見本領域" in lines, lines
    assert not any(line.endswith("・見本半導体") for line in lines), lines


def test_a_label_and_its_gloss_in_brackets_head_the_list_under_them():
    blocks = parse_blocks("見本の柱\n\n見本支援策\n(Promotion)\n\n- 見本投資\n- 見本研究\n")
    assert [(b.kind, b.segments[0].text) for b in blocks][1:] == [("heading", "見本支援策(Promotion)"), ("list", "見本投資")]
    assert blocks[2].heading == "見本支援策(Promotion)"


@pytest.mark.parametrize("profile", [WrapProfile(), HARD])
def test_a_line_opening_with_a_gloss_and_a_particle_goes_on_from_the_line_above(profile):
    # 「見本企業が抱える脅威」 then 「(リスク)は様々。」: the bracket glosses the last word above and the particle
    # carries the sentence on, however short the line above — it titles nothing
    text = "＜見本対話＞\n見本企業が抱える脅威\n\n(リスク)は様々。見本業界で対話を実施。\n\n(1) 見本の手順\n"
    blocks = parse_blocks(text, profile)
    assert "見本企業が抱える脅威" not in [b.segments[0].text for b in blocks if b.kind == "heading"]
    assert any(s.text.startswith("見本企業が抱える脅威(リスク)は様々。") for b in blocks for s in b.segments), \
        [s.text for b in blocks for s in b.segments]


@pytest.mark.parametrize("profile", [WrapProfile(), WrapProfile(True, 30)])
def test_a_box_whose_mark_was_lost_goes_on_in_the_unindented_line_under_it(profile):
    # a diagram's boxes lost their bullet glyphs in extraction and start indented: 「 見本セキュリティ対」 then
    # 「策・見本ポリシー強化」 is one box; the next indented line is the next box
    text = "2 見本防衛策\n\n 新たな見本管理\n 見本連携による対応\n\n 見本セキュリティ対\n策・見本ポリシー強化\n\n3 見本枠組み"
    lines = [s.text for b in parse_blocks(text, profile) for s in b.segments]
    assert "見本セキュリティ対策・見本ポリシー強化" in lines
    assert "新たな見本管理" in lines and "見本連携による対応" in lines


def test_a_diagrams_numbered_section_titles_its_boxes():
    # 「2 見本防衛策」 then 「(protect)」 over boxes whose marks were lost: a numbered section and its items, and
    # the last box before the next section heads nothing; 「19 品目を指定」 opening a line states a count
    text = ("見本プランの全体像\n\n1 見本支援策\n(promote)\n\n 見本投資支援\n 見本開発支援\n\n2 見本防衛策\n(protect)\n\n 新たな見本管理\n"
            " 見本連携による対応\n\n 見本セキュリティ対策\n\n3 見本枠組み\n(partner)\n\n 見本対話\n\n19 品目を指定\n\n 見本品目")
    blocks = parse_blocks(text, WrapProfile())
    headings = [b.segments[0].text for b in blocks if b.kind == "heading"]
    assert headings == ["1 見本支援策(promote)", "2 見本防衛策(protect)", "3 見本枠組み(partner)"], headings
    under = {s.text: b.heading for b in blocks for s in b.segments}
    assert under["見本セキュリティ対策"] == "2 見本防衛策(protect)" and under["新たな見本管理"] == "2 見本防衛策(protect)"


def test_a_numbered_section_titles_number_is_no_part_of_its_name():
    from pipeline.structure import without_list_mark

    assert without_list_mark("2 見本防衛策") == "見本防衛策"
    assert without_list_mark("19 品目を指定") == "19 品目を指定"  # a count stated, not a mark


def test_a_markdown_item_cut_off_mid_word_goes_on_with_no_space():
    # a sentence cut off at its box's width (「…向上のた」 then 「めの…」) is one word across the break;
    # a label (「人材」) stays set apart from what it labels
    [block] = parse_blocks("• 見本提案では、用語を定義し、見本研究の向上のた\nめの政策の立案が提案されている。\n- **人材**\n賃上げの実現。")
    assert texts(block) == ["見本提案では、用語を定義し、見本研究の向上のための政策の立案が提案されている。", "人材 賃上げの実現。"]


def test_in_a_hard_wrapped_deck_a_chain_of_steps_wrapped_at_an_arrow_goes_on():
    # 「③見本石→③見本粉」 then, after a blank, 「→③見本板→③見本部品」: one chain of four steps
    text = "＜見本部材＞\n③見本石→③見本粉\n\n→③見本板→③見本部品\n見本粉の生産は約7割が A国。"
    segments = [s.text for b in parse_blocks(text, WrapProfile(True, 20)) for s in b.segments]
    assert "③見本石→③見本粉→③見本板→③見本部品" in segments, segments
    # an arrow opening a line after one with no arrow says what follows from it: a line of its own
    text = "見本制度では外国からの出資に事前の届出を求めている\n\n→ 出資を受ける場合は届出が必要となる場合がある。"
    segments = [s.text for b in parse_blocks(text, WrapProfile(True, 20)) for s in b.segments]
    assert not any("求めている" in s and "届出が必要" in s for s in segments), segments


def test_a_box_wrapped_after_its_first_word_is_one_label():
    # 「見本性」 then 「の維持」: a word, then a line opening with the particle that ties it on
    text = "＜見本の整理＞\n見本性\nの維持\n\n見本力\nの回復\n\n見本の方向性を示す。"
    segments = [s.text for b in parse_blocks(text, WrapProfile(True, 20)) for s in b.segments]
    assert "見本性の維持" in segments and "見本力の回復" in segments, segments
    # (a lone mark, 「＋」, is no word: the kana line under it stays apart)
    segments = [s.text for b in parse_blocks("＜見本＞\n＋\nの見本\n", WrapProfile(True, 20)) for s in b.segments]
    assert "＋の見本" not in segments, segments

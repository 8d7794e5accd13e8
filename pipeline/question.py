"""Question analysis: what a question asks for, about what, under which conditions, and — for a
follow-up — which earlier topic it continues. One function, `analyse`, used by the answer stage.

The rules are about how Japanese questions are put (いくつ asks for a count, 〜には asks how to,
それ points back), never about particular documents or eval questions.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from .normalize import SENTENCE_END, compact, normalize_text
from .rules import CASE_REFERENCE, case_references

ANSWER_TYPES = ("number", "date", "amount", "contact", "organisation", "list", "definition", "yesno", "howto",
                "case", "edition", "comparison", "lookup")
VALUE_TYPES = ("number", "date", "amount", "contact")  # answered only by a passage that states such a value

# What each answer type is called in a refusal: 「…の記述はありますが、{label}の記載は見つかりませんでした」
TYPE_LABELS = {"number": "数", "date": "日付・時期", "amount": "金額", "contact": "連絡先",
               "organisation": "機関名", "list": "一覧", "definition": "説明", "yesno": "該当するかどうか",
               "howto": "対応策", "case": "事例", "edition": "版ごとの違い", "comparison": "それぞれの説明",
               "lookup": "記述"}

# The currencies a sum is written in (「1.8兆ユーロ」「約3兆円」「1元=20円」), 円 first; CURRENCY matches any
CURRENCIES = ("円", "ドル", "ユーロ", "元", "ポンド", "ウォン", "ルピー", "バーツ")
CURRENCY = "|".join(CURRENCIES)
FOREIGN_CURRENCY = "|".join(CURRENCIES[1:])

# 「何という製品」「なんていう名前のツール」: a thing's proper name asked, and the kind of thing it names (製品) —
# not what names a thing (「3文書の名称は」, which a plain noun may be); a person's name is asked as the
# attribute "person" (ATTRIBUTES)
NAME_ASKED = re.compile(r"(?:何という|なんという|なんていう|なんて名前の?)\s*([一-龥ァ-ヶー]{1,6})?")

# A time of day asked (「受付時間は」「何時から何時まで」): a date question a clock time answers
TIME_OF_DAY_ASKED = re.compile(r"(受付|営業|開館|開庁|相談)時間|何時(?!間)")

# Checked in this order: the first that matches names the type.
# How long something takes (「時間がかかる」「期間はどのくらい」「何時間」): answered by a length of time.
# A period that is a length by what it is: how long a thing holds or is kept (有効期間, 保存期間)
NAMED_PERIOD = re.compile(r"(有効|保存|保管|契約|存続|審査|処理|待機|禁止)期間")
DURATION_QUESTION = re.compile(r"(時間|期間|日数)(が|は)?(どれ|どの|何|かか)|(どれ|どの)(くらい|ぐらい)の(時間|期間)|何時間|"
                               # 「動画って何分くらい」「何週間かかる」「最長で何か月まで」「何か月あいてる」 (not 何分の1, 何分野)
                               r"何(分|秒|週|か月|ヶ月|カ月)間?(くらい|ぐらい|ほど|程度|かか|以内|まで|あい|空い|開い|経っ|たっ|経過|[？?]|$)|"
                               # 「許可が出るまで何日程度かかる」「何日間」 (not 「何日まで」, which asks a date)
                               r"何日間|何日(くらい|ぐらい|ほど|程度)|何日(で|は)?\s*(かか|要する|必要)|"
                               # 「認証取得にかかる期間は？」「必要な日数って」: the length, asked by naming it
                               r"(かかる|要する|必要な)(時間|期間|日数)(は|って)?\s*([？?]|$)|"
                               # 「認証の有効期間は？」: a period that is a length by what it is (how long a thing holds)
                               + NAMED_PERIOD.pattern + r"(は|って)?\s*([？?]|$)|"
                               # 「申し込んでから取れるまでどれくらい」: from one step to the next
                               r"(て|で)から[^。？?]{1,20}?まで(に|は|って)?\s*(どれ|どの|何日|何か月|何ヶ月|何カ月|何週|何年)")

# A year asked in a calendar (「平成でいうと何年？」「西暦で何年？」「令和何年に出た？」): an era's name or a
# calendar's word (group 1)
CALENDAR_ASKED = re.compile(r"(西暦|和暦|元号|明治|大正|昭和|平成|令和)\s*(?:で|だと|では)?\s*(?:いうと|言うと|は|って)?\s*何年(?!間)")

# How often (「どのくらいの頻度で」「どれくらいの間隔で」「年何回のペース」「どのくらいよくある」): answered by a frequency (「年何回まで」
# asks a limit, counted).
FREQUENCY_QUESTION = re.compile(r"頻度|(どれ|どの)(くらい|ぐらい)の(間隔|ペース)|(どれ|どの)(くらい|ぐらい)\s*(よく|頻繁|しょっちゅう|たびたび)|(年|月|週|日)\s*(に)?\s*何\s*(回|度)(?!\s*まで)|何\s*(回|度)の?ペース")

# Whether something costs money (「お金かかる？」「無料ですか」): a price answers it, and so does 無料/有料.
# A fee named by what it is paid for (審査料, 受講料, 手数料, 参加費): a price or 無料 of something else does
# not state it
FEE_NAMED = re.compile(r"(?:手数|年会|審査|受講|参加|登録|利用|使用|相談|申請|入会|認証|派遣)(?:料|費)")
# How many or how much, as people ask it (どれくらい, どのぐらい, どんくらい, どれだけ)
_HOW_MUCH = r"(?:どの|どれ|どん)(?:くらい|ぐらい)|どれだけ|どんだけ"
# The money a sum is asked as (「資金はどのくらい必要」「予算はいくら」): the kind of value asked, no topic
_MONEY_ASKED = re.compile(rf"(資金|予算|費用|お金)(?:は|って|が|も)?\s*(?:いくら|{_HOW_MUCH})")
COST_QUESTION = re.compile(rf"(お金|お代|費用|料金|{FEE_NAMED.pattern})(が|は|って|も)?\s*"
                           # (「お金はどれくらいかかる」: how much, between the money and the verb)
                           rf"((いくら|{_HOW_MUCH})(ぐらい|くらい)?\s*)?(かか|掛か|いる|要る|必要|取られ)|"
                           # (「タダで呼べるやつ、…実績って何件？」: a cost word saying what the thing is, another
                           # question word after it asking something else, asks no cost)
                           r"(?:有料|無料|タダ)(?![でのな][^。？?]*?(?:何|いくつ|いつ|どこ|誰|だれ))|"
                           r"いくら\s*(ぐらい|くらい)?\s*(かか|掛か|取られ|払)|"
                           # 「費用は？」「料金はいくら？」: what the user pays, which 無償 answers too
                           rf"(費用|料金)(は|って)?(いくら|{_HOW_MUCH})?[？?]?$")

# A number as questions and slides write it, in digits or in kanji (「4」「十二」); its value is
# number_value(the group it captures).
WRITTEN_NUMBER = r"([0-9]+|[一二三四五六七八九十]+)"

# 「…の4分野」「輸出管理の3原則は？」: a question that ends naming a set by its size asks for its members.
SET_NAMED = re.compile(r"の\s*" + WRITTEN_NUMBER + r"\s*(?:つの)?\s*(分野|項目|原則|要素|類型|観点|本柱|柱|領域|段階)"
                       r"(?:は|を|って)?\s*(?:何|なに|どれ)?\S{0,6}?[？?]?$")


# 「…の数を示せ」「…の総額を教えて」: a value asked for by a request rather than a question
_TELL_ME = r"(?:を|について)?\s*(?:教えて|示せ|示して|答えよ|答えて|知りたい|記せ)"
# 「補助率は？」「自給率って？」「世界シェアは？」「成長率を示せ」: a rate, asked by its name alone or by a
# request, is a share (50%, 2分の1)
_RATE_ASKED = rf"([一-龥]率|割合|シェア)(?:(?:は|って)?\s*|{_TELL_ME}(?:ください)?\s*)[。？?]?$"
# 「どれくらい中国に頼ってる？」「依存度は」: how much of a thing comes from somewhere, a share (約7割, 98%)
_DEPENDENCE_ASKED = r"(どれ|どの)(くらい|ぐらい|程度)[^？?。]{0,10}?(頼っ|頼る|依存)|依存度"

# 「数値（％）を示せ」「金額（円）」: the unit a value is asked in, given in brackets after what is asked
_UNIT_GIVEN = r"[（(]\s*([^（）()\s]{1,4})\s*[）)]"
# 「事例を3つ挙げて」: a few of the things, asked by how many to show (not how many there are)
_SAMPLE_ASKED = re.compile(WRITTEN_NUMBER + r"\s*(?:つ|個|件|例)(?:ほど|くらい|ぐらい|だけ)?\s*(?:を)?\s*"
                           r"(?:挙げ|あげ|教え|示し|出し|紹介)")


# Words that ask for the things themselves, listed (「挙げて」「一覧」「列挙」「漏れなく示して」).
_LIST_REQUEST = r"挙げて|あげて|一覧|列挙|並べて|漏れなく|もれなく"
# 「全部教えて」 asks for all of them; 「全部やれば防げる？」 says what one would do with all of them
# (not 「全部やらなきゃダメ？」「全部…管理しなきゃいけないの？」: whether all must be done, a yes/no; nor
# 「全部経費で落とせるの？」: whether all can be, a yes/no, as 「全部書いてあるの？」 asks whether all is there —
# 「全部教えてくれる？」「見せてもらえる？」 ask for them)
_ALL_OF_THEM = r"(?:すべて|全部|全て)(?![^、。？?]{0,8}?(?:れば|たら|ても))(?![^、。？?]{0,16}?(?:なきゃ|なければ|なくちゃ|ないと|いけない|ダメ|だめ))" \
    r"(?![^、。？?]{0,16}?(?:でき(?:る|ます)|(?<!く)(?<!もら)[えけせてねべめれげ](?:る|ます)|" \
    r"(?:書いて|書かれて|載って|記載されて|含まれて|入って)(?:ある|あります|いる|います|る|ます))(?:の|んですか|んでしょうか|か)?[？?]?$)"
# The items of a list asked for by name, by number or whole (「列挙せよ」「3つの問い」「全部教えて」)
LIST_REQUESTED = re.compile(rf"{_LIST_REQUEST}|{_ALL_OF_THEM}|{_SAMPLE_ASKED.pattern}|\dつの|[二三四五六七八九]つの")

# 「11と12どっちが正しい？」: of values documents of different dates give, which holds now
WHICH_IS_RIGHT = r"(どっち|どちら)(が|の方が|のほうが)?(正しい|本当|合って|新しい|最新)"

# 「これってセーフ？」「独禁法違反になる？」「問題ないの？」: a judgement asked for
JUDGEMENT_ASKED = re.compile(r"セーフ|アウト(?![ァ-ヶー])|大丈夫|問題(?:ない|ありません|にならない|とならない|になる|となる)|"
                             r"違反|違法|ヤバ|やば|許され|認められ")

# 「どこの部署が担当」「所管は」: an office asked for (an organisation question; 「誰が」 may ask for people)
DEPARTMENT_KINDS = ("部署", "部局", "課", "室")  # the parts of an organisation (「担当してる部署」)
OFFICE_KINDS = ("機関", "省", "組織", "団体", "役所", *DEPARTMENT_KINDS)
# a word for an office of some kind, not a name (「担当部署」「所管課」)
OFFICE_WORD = re.compile(rf"(?:担当|所管|主管|管轄)?(?:{'|'.join(OFFICE_KINDS)})")
# The roles an organisation plays in what the documents report (who runs, hosts, chairs or lectures)
ROLES = ("事務局", "主催", "共催", "所管", "運営", "座長", "委員長", "代表幹事", "講師", "認証機関")
# 「どこの課？」「担当部署はどこ？」「所管は？」「担当してるのは？」「どの独立行政法人に」「事務局はどこ？」「事務局は？」
# 「事例集を出したのはどこ？」 (who made or issued it; not 「開催したのはどこ」, a place): which office
OFFICE_ASKED = rf"(?:どこの|どの)(?:{'|'.join(OFFICE_KINDS)})|(?:どこの|どの)[一-龥]{{1,6}}?(?:法人|機関|機構)|(?:{'|'.join(OFFICE_KINDS)})(?:は|って)\s*どこ|" \
               rf"担当(?:{'|'.join(OFFICE_KINDS)})(?:は|って)|どこが|所管|発行元|担当(?:は|している|してる)|" \
               rf"(?:{'|'.join(ROLES)})者?(?:は|って)\s*(?:どこ|[？?]?$)|" \
               r"(?:出し|発表し|公表し|策定し|まとめ|作成し|作っ|作り|発行し)(?:た|てる|ている)の(?:は|って)\s*(?:どこ|誰|だれ)"

# 「…理由をどのように説明しているか」「どのように整理されているか」: how a document puts a thing, what it says,
# not how to do it — nor how someone it names sees a thing (「企業は…をどのように受け止めているか」)
_SAYS_HOW = r"説明|記載|述べ|定義|整理|評価|位置付|位置づ|紹介|表現|示|受け止め|受けとめ|捉え|とらえ|認識|感じ"
# What names a company or another organisation as a kind of thing (「どのくらいの規模の会社」)
_ORGANISATION_NOUN = r"(会社|企業|事業者|メーカー|組織|団体)"

# Units a quantity is measured or counted in that name no kind of thing (「年間何トン」「チラシを何部」「何台」):
# a line states the quantity asked only in them
MEASURES = ("トン", "キロ", "台", "枚", "冊", "部")
_COUNTERS = ("プロジェクト", "パーセント", "か国", "カ国", "ヶ国", "技術", "分野", "物資", "品目", "項目", "業種", "団体",
             "地域", "種類", "事業", "事例", "大学", "部門", "部署", "企業", "業界", "年間", "日間", "箇所", "億円", "万円", "兆円", "人", "名", "社",
             "件", "回", "割", "点", "倍", "本", "%", "円", "年", "日", "月", "国", "ページ", "頁", "段階", "ステップ", "校", "か所", "カ所", "ヶ所",
             # (a place in a ranking, 何位; a difference of shares, 何ポイント)
             "位", "ポイント", *MEASURES)
# 「いくつ」 asking how many (not the いく + つもり of 「続けていくつもり」)
_HOW_MANY = r"いくつ(?!もり)"
# (not 個: 何個・個数 count whatever they are asked of, as いくつ does; the documents count things by their own
# counters, 12物資, 19技術)

# What a count question asks after 何: a counter, or 個 (何個 counts whatever it is asked of) — not an
# amount (何円), a date (何月何日) or a thing the documents do not count by (何企業, 何業界, 何国)
_COUNT_ASKED = "|".join(("個", *(c for c in _COUNTERS if c not in ("企業", "業界", "年間", "億円", "万円", "兆円", "円", "日", "月", "国"))))
# A unit of measure written in Latin letters after 何 (何GWh, 何MW, 何kg): the size asked is stated in it
_UNIT_ASKED = r"何\s*([A-Za-z]{1,4})(?![A-Za-z])"

# 「いつ取ればいい」「いつ出すべき」: when to do a thing, not to apply for one (申し込む, 申請, 応募, 提出)
_WHEN_TO_ACT = r"(?![^？?。]{0,12}?(?:申し?込|申請|応募|提出))[^？?。]{0,12}?(?:(?:ば|たら)(?:いい|良い|よい)|べき)"

_TYPE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((t, re.compile(p)) for t, p in (
    # 「15と19どっちが本当？」: two counts set against each other ask the count
    ("number", r"\d+\s*(と|か)\s*\d+\s*(の)?\s*" + WHICH_IS_RIGHT),
    # a time of day (「電話は何時から何時まで」 asks the hours, not the number)
    ("date", TIME_OF_DAY_ASKED.pattern),
    # (a site where something is put, 「ホームページに載せていい？」, is no address asked for;
    # 「どこ宛てに送ればいい？」「どこにメールすれば」 ask where to send it, an address)
    # (「相談窓口ってある？」: whether there is a desk is answered by the desk and how to reach it — not
    # 「どんな窓口があるの？」, which asks which desks there are)
    ("contact", r"連絡先|問い?合わ?せ先|宛先|(どこ|どちら)(宛|あて)|どこ(に|へ)(送|メール)|電話|番号を?(教え|知り)|メールアドレス|メアド|アドレス(は|って)|アドレスを?(教え|知り)|(窓口|相談先)(は|って)?(どこ(?!の)|教え|[？?]?$)|^(?!.*(どんな|どういう|どのような|どの|何の)).*?(窓口|相談先)(は|って|が|も)?(ある|あります)(の|か|んですか)?[？?]?$|住所|所在地|"
                r"(申込|申し込み|申込み|申請|提出|届出|届け出)先|(申込|申し込み|申込み|申請|応募)(は|って)?(どこ|どちら)|"
                r"どこ(に|から|で)(相談|聞|問|連絡|申|依頼|お願い|頼)|どこ(に|へ)(通報|届|提出|報告)|どこから(ダウンロード|入手|見られ|見れ|読め)|"
                # 「詳しい説明はどこを見ればいい？」: where to read more, a page
                r"どこを(見|確認|参照)|"
                # 「ネットから申し込めるところってある？」: where to apply online, a page (a form's address)
                r"(ネット|オンライン|ウェブ|Web|WEB|web)\s*(から|で|上で)\s*(申し?込|申請|応募|相談|問い?合わ)|"
                r"(相談|問い合わせ|問合せ|連絡)(は|って)?どこ(に|へ|で)(すれば|したら|する)|"
                r"ダウンロード(先|でき)|URL|ホームページ(?!に|へ)|ウェブサイト(?!に|へ)|サイトは|リンク|(ページ|サイト|HP)(は|って)?どこ|"
                r"どこの(ページ|サイト|HP|ホームページ|ウェブサイト)|"
                r"(Web|WEB|ウェブ)\s*ページ|どの(ページ|サイト)|どこで(見られ|見れ|読め|確認でき|入手|手に入)|"
                r"(PDF|本体|全文|ファイル)(は|って|が)?(どこ|ほしい|欲しい)|(?<!何)(ページ|サイト|HP)(は|って)?[？?]?$|"
                # 「…詳しく載ってるページってある？」: whether there is a page is answered by its address
                r"(?<!何)(ページ|サイト|HP)(って|は|が|とか)?\s*(ある|あります)(の|か)?[？?]?$"),
    # 「何回まで無料？」: how many times it is free, a count (no price asked)
    ("number", r"何\s*(回|件|人|名|社|日|時間|か月|カ月|ヶ月|年)\s*(まで|以内|目まで)?\s*(は|なら)?\s*(無料|無償|タダ)"),
    # 「…執行された金額の割合はどの程度か」: a share asked with a question word is a share, though of a sum
    ("number", rf"(?:[一-龥]率|割合|シェア)(?:は|って)?\s*(?:何|どれ|どの|{_HOW_MUCH})"),
    # (「日本円だとどれくらい」「ドル換算でどのくらい」: a sum in a currency named, how much)
    ("amount", rf"いくら|金額|何円|何億|何兆|何万円|(費用|料金|予算|罰金|お金|資金|{FEE_NAMED.pattern})(は|って)?(いくら|{_HOW_MUCH})|"
               rf"({CURRENCY})\s*(で|だと|換算で?|に換算すると|に直すと|にすると)\s*(は|って)?\s*({_HOW_MUCH})|"
               rf"(費用|料金|予算|{FEE_NAMED.pattern})(は|って)?[？?]?$|の額は|上限額|額[）)]?(は|って)?[？?]?$|額" + _TELL_ME + "|"
               + COST_QUESTION.pattern),
    # (「何日で取れる」「何日以内」「何日前」: a number of days; 何日 as a length is DURATION_QUESTION's)
    ("number", r"何日(で(?!す|し)|以内|前|後)|" + DURATION_QUESTION.pattern + "|"
               + FREQUENCY_QUESTION.pattern),  # a duration, not a date
    # (「発売されたのは何年？」「超えたのって何年？」「普及したやつは？何年？」: the year a thing happened,
    #  not a length in years)
    # (「INPITが設立された年」「第1回会合の開催日」: a noun phrase naming the date of an event asks it;
    #  「何年代から」 asks a span of decades)
    # (「成立した年月を教えて」: the year and month of an event, asked by name)
    # (「誓約書はいつ取ればいい？」: when to act, advice a how-to answer gives — 就職時から, 退職前に — not a date;
    # but 「いつ申し込めばいい？」 asks when a call for applications is open)
    ("date", r"いつ(?!も)(?!" + _WHEN_TO_ACT + r")|何月|何日(?!間)|時期|日付|締め?切|期限|施行日|開始日|公表日|予定日|何年度|何年代|年月日?(?=は|を|が|って|[？?]|$)|"
             r"(開催|設立|創設|発足|策定|発表|締結|成立|設置|改訂|改定|公開|発行)(日|年月日|年月|年度)|(設立|創設|発足)年|"
             r"(され|し)た(の)?(年|年月|日)(は|って)?[？?]?$|何年(に|から|頃|ごろ|まで|の(?!間|計画|プラン|契約|措置|期間)|時点)|"
             r"[ただ](?:の|やつ|もの|とき)(?:は|って)[？?\s]*何年(?!間|前|後)|" + CALENDAR_ASKED.pattern),  # (a time of day: above)
    # (「何年の計画」 asks how long a plan runs, as 「何年間の」 does: number, counted in 年)
    ("number", _RATE_ASKED + r"|" + _HOW_MANY + r"|回次|何(" + _COUNT_ASKED + r")|" + _UNIT_ASKED + "|"
               r"(?:" + _HOW_MUCH + r")(?!の規模の" + _ORGANISATION_NOUN + r")|件数|人数|社数|数は|数[？?]?$|(?<![複多])数" + _TELL_ME + r"|数と|何\s*%|何分の|(?<!価)値(は|を|って)?[？?]?$|値を(教え|知り)|"
               r"(?<!価)値\s*" + _UNIT_GIVEN + _TELL_ME + "|"  # 「…の値」: a value (「その数値（％）を示せ」: in the unit given)
               # 「消費電力をどの程度削減できる」: how far a thing goes down or up, a figure (約4割, 100倍)
               r"どの程度(?:まで)?(?:削減|減少|増加|向上|低下|拡大|縮小|減|増|伸|下が|上が|高ま|低減)"),
    # (「どのくらいの規模の会社？」: a company's size is a class, 中堅企業 or 中小企業, not a number)
    ("organisation", OFFICE_ASKED + r"|誰が|だれが|(誰|だれ)(?!でも|にでも)"),
    ("howto", r"いつ" + _WHEN_TO_ACT + r"|どうすれば|どうしたら|どうやって|どうやる|どうやれば|どうする|(防|ふせ)ぐには|するには|(防ぎ|ふせぎ|守り|減らし|なくし|避け|抑え)たい|[るぐすつうくむぶ]には\s*(?:[？?]|$)|(対策|対応)(は|を|として|策)|方法|どのように(?!" + _SAYS_HOW + r")|"
              r"どう(対応|対処|取り組|対策)|(?:どんな|どのような|どういう|どの様な|何か)?手を打|"
              # 「どういうやり方がある？」: the way to do it, as 方法 asks it
              r"(?:どんな|どのような|どういう|どの様な)(?:やり方|手法|手段)|"
              # 「どのような対策が必要？」「どんな取組をすべき？」: the measures needed
              # (「各区分は何をすることと説明されていますか」 asks what a document says each is, no measures)
              r"(?:どんな|どのような|どういう|どの様な)(?:取組|取り組み|対応|対策|措置|こと)[^？?。、]{0,8}?(?:必要|べき)|何を(すれば|したら|する(?!ことと)|すべき|やるべき|行うべき)|取り組めば|気をつけ|注意(点|すべき)|"
              # 「…強化するために経産省はどのような取組を進めるとしていますか」: the measures a body takes
              # (not what someone said they would do: 「…どのような取組を進めると述べられていますか」)
              r"(?:どんな|どのような|どういう|どの様な)(?:取組|取り組み|対策|措置)を(?:進め|講じ|行|実施|推進)"
              r"(?![^？?。]{0,6}と(?:" + _SAYS_HOW + r"|言|話|発言|表明|語))|"
              # 「どうしたほうがいい？」「何をやったほうがいい？」: what one had better do
              r"(どう|何を)[^？?。、]{0,6}?(ほう|方)が(いい|良い|よい)|"
              # 「まずやるべきことは？」「取り組むべきことって」: what one ought to do
              r"(やる|する|す|取り組む|やっておく|しておく)べき(こと)?(は|って|を|[？?]|$)|"
              # 「…が漏れないか心配」: a worry asks what to do about it
              r"ないか(心配|不安)|"
              # 「どう作る？」「どう守るの？」: how, asked with a verb of doing (not どう変わる, which asks what changed)
              r"どう(?!変わ|違|な)[^？?。、]{1,4}?[るすくうつむぶぐ](の|んですか|んだろう|か)?[？?]?$|"
              # 「どう確かめればいい」「何を確認しとけばいい」: a wh-word and a conditional asking what to do
              # (「何から始めれば」「何すれば」: the particle may be another one, or dropped, as people talk)
              r"(どう|何|なに)(を|から)?[^？?。、]{0,10}?(れば|たら|とけば|ておけば|ば)(いい|よい|良い)"),
    # (とは ending a word is no 「…とは」: こと, あと, もと — 「あとは中身を見直さない」 asks no definition)
    # (nor is と marking a partner: 「中南米とはどんな連携を進めるの？」 asks what is done with it)
    ("definition", r"(?<![こあも])とは(?![、,]?\s*(?:どんな|どのような|どういう|どの様な)[一-龥ァ-ヶー]{1,6}を(?!意味|指|言|いう))|って(?:結局|そもそも|つまり|要するに|一体)?(何|なに|なん)(?!か|が|を|し|[一-龥])|の意味|どういう(もの|制度|意味|こと|概念|考え方(?!で|に|を))|何のこと|ってどんな(もの|制度)|とはなに"),
    ("list", LIST_REQUESTED.pattern + r"|どんな.*(?<!書いて)(?<!書かれて)(?<!必要が)(あります|ある|いる)|何が(ある|あります)|どのような.*(?<!必要が)(あります|ある)|"
             r"種類は|リストを|まとめて|(どんな|どのような)(措置|施策|対策|支援|ツール|規制|分野|技術|品目|テーマ|項目|パターン|ルート)|"
             r"(原則|柱|切り口|課題|項目|要素|観点|テーマ|ポイント)(は|を|って)?(何|なに|どれ)?(ですか|でしょうか)?[？?]?$|(として|が)挙げ(られ|て)(?![^、。？?]*?の[一-龥ァ-ヶー]+(?:は|って)?(?:誰|だれ)?(?:ですか|か)?[？?。]?$)|" + SET_NAMED.pattern),
    ("edition", r"違い|変わ(った|る|り)|比べ|前の版|旧版|何から何|(資料|版)(によって|ごとに)|" + WHICH_IS_RIGHT),
))
# A question whether something is part of something (「…は含まれていますか」「…に該当しますか」)
MEMBERSHIP = re.compile(r"含まれ|該当(し|す)|入って(い|ま|る)|(?<=も)対象(に|と)(なる|なり|なっ)")
# (「大企業向けの話なんでしょ？」: なん after a noun and before でしょ/だろ is the copula, not 何)
# (「技術を止めるための制度なんですか？」: なん after a noun and before です ending the question is the copula too)
# (「自由なんだよね？」「任意なんだね」: なん before だよ, だね, だな is the copula of a guess put up, no 何)
# (「加点などの優遇を受けられるのでしょうか」: the どの of などの asks nothing)
_WH_WORD = re.compile(r"何|なに|なん(?!でしょ|だろ|だけど|だけれど|だが|だよ|だね|だな|ですけど|ですが|です(?:か|よね)?[？?]?$)|"
                      r"(?<![一-龥ァ-ヶー])なん(?=でしょ|だろ|です)|どう|どこ|いつ|いくら|" + _HOW_MANY + r"|だれ|誰|(?<!な)どの|どんな|なぜ|どれ")
# 「外為法って何の略？」「正式名称は？」: the full name an abbreviation stands for
_EXPANSION_ASKED = re.compile(r"(?:何|なん)の略|正式(?:名称|名)|フルネーム|略さ(?:ない|ず)")


def abbreviation_asked(analysis: "Analysis") -> str | None:
    """Return the name whose full form a question asks (「外為法って何の略？」 → 外為法), or None: the name
    written last before the asking words (「新機軸の比較表に出てくる「PGS」って何の略？」 → PGS), else the
    question's most specific one."""
    text = normalize_text(analysis.resolved)
    if not (asking := _EXPANSION_ASKED.search(text)):
        return None
    names = [t for t in analysis.focus if not re.fullmatch(r"略|略称|正式名称|正式名|名称|フルネーム", t)]
    before = [(text.rfind(t, 0, asking.start()) + len(t), len(t), t) for t in names if t in text[:asking.start()]]
    return max(before)[2] if before else next(iter(names), None)


# 「Case 1のX国って、どこの国？」「A社って実際どこの会社？社名知りたい」: which real country or company a
# letter stands for. Case collections write the parties as letters (A社, X国) to keep them anonymous.
_LETTER_NAME = re.compile(r"(?<![A-Za-z])[A-Z](?:国|社)")
_IDENTITY_ASKED = re.compile(r"(?:って|は|とは)[、,]?\s*(?:実際|本当|具体的)?(?:に|は)?[、,]?\s*(?:どこ|どちら)"
                             r"(?:の(?:国|会社|企業))?(?:のこと)?(?:なの|なん|です|でしょう|か|[？?]|$)"
                             r"|社名|国名|企業名|会社名|実名|正体")


def anonymous_asked(question: str) -> str | None:
    """Return the letter a question asks the real name of (「X国って、どこの国のこと？」 → X国), or None
    (「A社はどこに事務所を置いた？」 asks a place, not who A社 is)."""
    text = normalize_text(question)
    letter = _LETTER_NAME.search(text)
    return letter.group(0) if letter and _IDENTITY_ASKED.search(text, letter.end()) else None


# 「半導体は特定重要物資？」「ドローンも対象技術？」: a thing put as one of another kind, asked with a question
# mark (the particle before the kind is where the thing asked about ends)
# (「コンピュータもリスト規制の対象？」: or as one of what the kind covers)
_PUT_AS = re.compile(r"(?:は|も|って)(?=[一-龥ァ-ヶーA-Za-z0-9・]{2,}(?:の(?:対象|一つ|ひとつ|一部))?[？?]$)|"
                     # 「…の実施地域って、東北も？」: a thing named last with も asks whether it too is among them
                     r"(?<=[一-龥ァ-ヶーA-Za-z0-9])も(?=[？?]$)")
# 「結局は大企業向けの話なんでしょ？」「中小は関係ないよね？」「任せていいよね？」: a guess put up to be confirmed
GUESS_PUT = re.compile(r"(なん|なの|の|ん)(でしょ|だろ)(う)?[？?]$|(?<=[ぁ-ん])よね[？?]?$|じゃない(の|ん)?(ですか|か)?[？?]$")
_YESNO = re.compile(r"含まれ|入って(い|ま|る)|(対象|該当)(です|になります|になる|なの|ですか|か|[？?]$)|ですか|ますか|でしょうか|"
                    r"って(対象|OK|大丈夫|ダメ|だめ|問題|ヤバい|やばい|まずい|違法|アウト(?![ァ-ヶー]))|"
                    r"って(アリ|あり|ナシ|なし|NG|セーフ)[？?]?$|(OK|NG|セーフ)(です|なの|なん)?(か|の|ですか)?[？?]$|問題(に)?(なる|ない|ありませんか)|"
                    r"(大丈夫|いい|よい|可能|許される|違法)(です)?か|できますか|してもいい|ヤバい|やばい|まずい|アウト(?![ァ-ヶー])|"
                    + _PUT_AS.pattern + "|"  # 「半導体は特定重要物資？」
                    # 「英語版はある？」「中小企業でも必要？」: whether a thing exists or is needed, asked as people talk
                    r"(ある|あるの|あるん|いる|要る|必要|必須|できる|大丈夫|可能|て(も)?(いい|良い|よい)|[てで]る)(です)?(か|の)?[？?]?$|"
                    # 「法律で止められるの？」「それで使えるの？」: whether it can be done or be so
                    r"(?<![くて])(られる|れる|える|せる)(の|ん)?(です|でしょう)?か?[？?]$|"
                    # 「国に報告しないといけないの？」「届け出なきゃダメ？」: whether one must
                    r"(ないと|なきゃ|なければ|なくては|なくちゃ)(いけない|いけません|ならない|なりません|だめ|ダメ)(の|ん)?(です|でしょう)?(か)?[？?]?$|"
                    # 「退職者に書かせたほうがいい？」: whether one had better do it
                    r"(ほう|方)が(いい|良い|よい)(の|ん)?(です|でしょう)?か?[？?]?$|"
                    # 「…日本企業にも適用されるのか。」「…義務づけるものなのか。」: the written form, a sentence ending のか
                    r"(?<=[るたいな])のか[。？?]?$|"
                    + GUESS_PUT.pattern)
# 「どこまで技術を出すかって、現場に任せていいよね？」: a question word inside a clause that is itself the topic
# (…かって, …かは) asks nothing; what is said of the clause asks (not 「…かって教えて」, 「…かはわかる？」)
_EMBEDDED_QUESTION = re.compile(r"[^、。？?]*?か(?:って|は)(?![^、。？?]{0,6}?(?:教え|知り|知って|わかる|分かる|わかり|分かり))")
# 「誰でも取れる？」「いつでも相談できる？」「何もしなくていい？」: anyone, any time, nothing — no wh-question
_ANY_ONE = re.compile(r"(誰|だれ|どこ|いつ|何|なん)(でも|にでも|からでも)|(何|なに)も(?!の)")
# Conditions a passage must meet besides its topic.
_EDITION = re.compile(r"第\s*\d+(?:\.\d+)?\s*版|改訂版|改定版|次の版|次版|(?<!最)新版")  # (最新版: the newest, see _LATEST)
_PER = re.compile(r"(?:1|一|１)\s*(社|人|名|件|回|事業者|企業|者|団体|年)\s*(?:あたり|当たり|につき|ごと|毎)")
_YEAR = re.compile(r"(20\d\d|令和\s*\d{1,2}|R\d{1,2})\s*年度?")
# 「2000年以降の出来事」「1990年以前」: a span of years, not one year
_YEAR_SPAN = re.compile(r"((?:19|20)\d\d|令和\s*\d{1,2})\s*年\s*(以降|以後|以前|より前)")
# 「1960年代〜1980年代」「1990年から1999年まで」 (the first year, whether a decade, the last, whether a decade),
# or one decade 「1980年代」
_YEAR_RANGE = re.compile(r"((?:19|20)\d\d)\s*年(代)?\s*(?:〜|~|～|-|から)\s*((?:19|20)\d\d)\s*年(代)?")
_DECADE = re.compile(r"((?:19|20)\d0)\s*年(代)")
# 「第7回会合」「第3号」: the one with that number, not another of the series (第四回 answers nothing about 第7回)
_SERIES_UNITS = "回|号|期|次|弾"
_DOCUMENT_UNITS = "章|条|節|編|項"
_ORDINAL = re.compile(r"第\s*" + WRITTEN_NUMBER + rf"\s*({_SERIES_UNITS})")
# What follows an ordinal that names a document by the meeting or issue it was made for (「第3回有識者会議資料」)
_OF_DOCUMENT = re.compile(r"[^、。,？?\s]{0,12}?の?(?:配布)?資料")
# A numbered part of a document or a law (第5章, 第10条)
DOCUMENT_PART = re.compile(r"第\s*" + WRITTEN_NUMBER + rf"\s*({_DOCUMENT_UNITS})")
# …or of a series or of editions too (第3回, 第2版)
NUMBERED_PART = re.compile(r"第\s*" + WRITTEN_NUMBER + rf"\s*({_DOCUMENT_UNITS}|{_SERIES_UNITS}|版)")
# 「次回はいつ」: an occurrence still to come, which only a line announcing one states
_UPCOMING = re.compile(r"次回|次の(?:回|会|開催|説明会|公募|募集|改定|改訂|追加)|今度の|次(?=(?:は)?いつ)")
# 「いつから始まった？」「施行されたのはいつ」: something that has happened, which a plan (予定) does not date
# (「いつから始まってる？」: a state reached, as of the past)
_PAST = re.compile(r"(?:た|ました|でした|[てで]る|[てで]いる)(?:の|ん)?(?:は|って)?(?:いつ|ですか|か)?[？?]?$")
# 「いつ頃に初版を出すって言ってた？」: what someone said or wrote — the past tense is the saying's, and what
# was said may be a plan
_REPORTED = re.compile(r"(?:って|と)(?:言|い|書|話|聞)[^？?。、]{0,6}?(?:た|る)(?:の|ん)?(?:は|って)?(?:ですか|か)?[？?]?$")
# 「15から19に増えた」「19技術になった」: the figure a count came to
_CAME_TO = re.compile(r"(\d+(?:\.\d+)?\s*[^\d\s、。,？?]{0,4}?)(?:に|へ)(?:増え|増加|減っ|減少|な[っりる]|拡大|拡充|変わ|変更)")
# 「いつまでに実用化するのを目指してるの？」: an aim or a plan held now — what is aimed at is still to come
_AIMING = re.compile(r"(?:目指|めざ|予定|計画|見込)(?:し|ん)?[てで](?:る|いる)(?:の|ん)?(?:は|って)?(?:ですか|か)?[？?]?$")
# (「第何回まで開催されている」 asks how far a series has got; 「何日前までに」 a deadline)
_LIMIT_ASKED = re.compile(r"(?<!第)(何|いくつ|いくら)\S{0,4}?まで(?!に)(?=\S*(でき|使え|受けられ|可能|いい|OK|認め|出せ|借り|もらえ|参加|無料|無償|タダ)|[？?]?$)"
                          r"|上限|最大(何|いくつ|いくら|で)")
LIMIT_STATED = re.compile(r"まで|上限|以内|以下|限り|限度|最大|超え")
UPCOMING_STATED = re.compile(r"予定|次回|今後|見込|目指(?!し[、,]|して[、,])|募集中|受付中|開催します|実施します|公募を開始")
# Japan and a partner, as talks and ties between them are named (日米, 日中, 日EU) — not 今日中, 本日中
_BILATERAL = re.compile(r"(?<![今本明同当毎])日(?:米|中|英|韓|豪|印|仏|独|加|伊|露|欧|EU|ASEAN)(?![A-Za-z])")
# The title of a post one person holds (局長, 審議官, 大臣, 総理, 代表幹事): asked of by who holds it, and
# named by a line of an organisation chart (「● 審議官/貿易経済安全保障局担当 (室)」)
POST_TITLE = (r"(?:副?大臣|政務官|次官|長官|審議官|参事官|統括官|企画官|調査官|局長|部長|課長|室長|所長|センター長|本部長|"
              r"理事長|会長|社長|座長|委員長|総理|首相|大統領|幹事|教授)")
# A post asked of: a title, any word ending in 長 (機構長) — not 成長, 延長, 特長, which are no posts — or the
# everyday word for whoever heads a body (「協議会って、だれがトップやってるの？」)
_POST = rf"(?:{POST_TITLE}|[一-龥]{{0,4}}(?<![成延特助冗伸増消])長|(?<![ァ-ヶー])(?:トップ|リーダー)(?![ァ-ヶー]))"
# What a question asks of its topic that only a line stating it answers (how it is asked, how a
# line states it): 「罰則は」「罰金はいくら」 what happens to who breaks a rule; 「どんな書類を用意すれば」
# the paperwork (a line about the scheme that names no form answers nothing about forms).
ATTRIBUTES: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    # (「本ガイダンスは、企業に義務を課すものではなく、選択肢を示すもの。」: a thing that binds no one says what
    # comes of not keeping it — nothing)
    "penalty": (re.compile(r"罰則|罰金|懲役|ペナルティ|処罰|制裁|刑罰|刑事罰"),
                re.compile(r"罰|刑|懲役|科料|過料|制裁|処分|ペナルティ|命令|義務を課すものではな|法的(?:な)?拘束力(?:は|を持た|が)?な")),
    # (a form, not the end of a longer loanword: インフォーム, プラットフォーム)
    "paperwork": (re.compile(r"書類|様式|申請書|書式|提出物|(?<![ァ-ヶー])フォーム"),
                  re.compile(r"書類|様式|申請書|届出書|書式|提出|添付|(?<![ァ-ヶー])フォーム|記入")),
    # 「申込み方法は？」: how to apply, which only a line about applying (or signing up) tells
    "application": (re.compile(r"(申込|申し込み|申込み|応募|申請|エントリー)(の)?(方法|仕方|やり方|手続)"),
                    re.compile(r"申込|申し込|応募|申請|募集|受付|受け付|エントリー|登録")),
    # 「事前報告しないとどうなるの？」「守らなかったらどうなる？」: what follows from not doing it, which only a
    # line on penalties, breaches or duties tells (「義務を課すものではなく」 answers 「守らないと」 too)
    "consequence": (re.compile(r"(?:ない|なかった|なけれ)(?:と|ら|場合|ば)(?:は|って)?\s*(?:どうなる|どうなっ|何が起こ|何か起こ)"),
                    re.compile(r"罰|刑|懲役|科料|過料|制裁|処分|命令|違反|怠|無許可|無届|義務")),
    # the legal particulars of a scheme (which article it rests on, whether it can be revoked or appealed,
    # who is bound to secrecy, what mark passes): only a line stating that particular answers them
    "article": (re.compile(r"第\s*何\s*条|何条|根拠条文"), re.compile(r"第\s*[0-9一二三四五六七八九十百]+\s*条")),
    "revocation": (_REVOCATION := re.compile(r"取り消|取消|失効|剥奪|はく奪"), _REVOCATION),
    "appeal": (_APPEAL := re.compile(r"不服|異議|審査請求"), _APPEAL),
    "confidentiality": (re.compile(r"守秘義務|秘密保持義務"), re.compile(r"守秘|秘密保持")),
    "pass_mark": (re.compile(r"合格(?:点|基準|ライン)?|何点(?:以上|とれば|取れば)|基準点"), re.compile(r"合格|点以上|基準点")),
    # 「どうやって数字にしてるの？」「どのような設問で測定」: how a figure is arrived at, which only a line on
    # its method tells (a figure alone, 「満足度87%」, does not)
    "method": (re.compile(r"(?:どのように|どうやって|どの(?:ような|様な)方法で)(?:測定|測っ|測る|算出|計算|集計|数字に|数値に|指数化)|"
                          r"(?:測定|算出|計算|集計)(?:方法|方式)|設問|回答方式"),
               re.compile(r"測定|算出|算定|計算|集計|設問|回答|アンケート|調査|加重平均|割合")),
    # 「どういう基準で国が選ばれてるの？」: by what criteria, which only a line on criteria or requirements
    # answers (the list of what was chosen does not)
    "criteria": (re.compile(r"(?:どういう|どんな|どのような|どの様な|何の)(?:基準|条件|要件)で|(?:選定|選考|選出)(?:基準|方法)|"
                            # 「…について、対象となる純度等の技術的な要件を示せ」: the requirements themselves
                            r"選ばれる(?:基準|条件)|選び方|要件(?:を|は|って)(?!.*(?:誰|どこ|いつ))"),
                 re.compile(r"基準|要件|条件|要素|満たす|該当する")),
    # 「調査って、結局どんな結果が出たの？」: the outcome of a study or review, which only a line stating what it
    # found answers (not one saying it was carried out, nor one announcing its results for later or acting
    # on them: 「…の結果に基づき実施される」)
    # (「ラベリングしてみたら何がわかった？」「何が見えてきたの？」: what was found, asked without the word 結果)
    "result": (re.compile(r"(?:どんな|どういう|どのような|どの様な)(?:結果|結論)|(?:結果|結論)(?:は|って)(?:どう|何|出)|結果に(?:なっ|なる)|"
                          r"結論に(?:至|達|なっ)|"
                          r"(?:何|なに|どんなこと|どういうこと)が(?:わかっ|分かっ|判明|明らかになっ|発覚|見えてき|見えた)"),
               re.compile(r"結果(?!を?[^。]{0,12}予定|に基づ|を踏まえ|を待|次第)|判明|明らかにな|明らかにし|分かっ|わかっ|結論|発覚")),
    # 「…との意見交換では、どのような連携内容で合意しましたか」: what was agreed, which only a line stating an
    # agreement answers (not one naming who met)
    "agreement": (re.compile(r"(?:どんな|どういう|どのような|どの様な|何|なに)[^。？?]{0,12}?(?:で|に|を|が)\s*合意|"
                             r"合意(?:した|された|の)?(?:内容|事項|点)|取り決め|取決め"),
                  re.compile(r"合意|取り決め|取決め|締結|署名|覚書|協定")),
    # 「C社の従業員規模は？」「企業規模の要件は？」: how big a company is, which only a line stating a headcount, a
    # capital or a size class answers (not one telling what the company did)
    "scale": (re.compile(r"(?:従業員|社員|企業|会社)(?:の)?規模|何人規模"),
              re.compile(r"\d+\s*(?:人|名)|従業員数|社員数|資本金|大企業|中堅|中小|小規模|零細|大手|スタートアップ|ベンチャー")),
    # 「窓口って土日もやってる？」「夜間も相談できる？」: which days or hours, which only a line stating them answers
    "hours": (re.compile(r"土日|土曜|日曜|週末|平日|祝日|休日|夜間|年中無休|24時間"),
              re.compile(r"土日|土曜|日曜|週末|平日|祝日|休日|夜間|無休|24時間|\d{1,2}\s*時|\d{1,2}:\d{2}")),
    # 「講師やった県警の人って、なんていう人？」「担当者の名前を教えて」: who by name, which only a line naming a
    # person answers (「講師：経済産業省、宮城県警」 names offices) — not 「講師は誰？」, which an office answers
    "person": (re.compile(r"(?:なんて|何て|何と|なんと)いう(?:人|方)|誰という|氏名|"
                          r"(?:人|方|担当者|職員|講師|委員|代表|会長|社長|座長|委員長|[一-龥]{1,4}長|大臣|教授)の(?:名前|お名前)|"
                          # 「局長って、いま誰がやってるの？」「代表幹事は誰？」「どの総理の演説？」: who holds a post a
                          # person holds (not 講師, whom an office may be)
                          rf"{_POST}(?:は|って)[^。？?]{{0,6}}?(?:誰|だれ)|(?:どの|どちらの)\s*{_POST}(?![一-龥ァ-ヶー])|"
                          # 「だれがトップやってるの？」「誰が座長を務めている？」「誰がトップ？」: who is in a post
                          rf"(?:誰|だれ)が\s*{_POST}\s*(?:を?\s*(?:やっ|やる|務め|つとめ)|なの|です|[？?]|$)"),
               # (stated by a name the dictionary knows, see answering.evidence.names_person, or one in katakana
               # before a title: 「レモンド商務長官」)
               re.compile(r"[ァ-ヶー]{2,}(?:氏|[一-龥]{0,4}(?:長官|大臣|大統領|首相|議長|委員長|部長|局長|社長|会長|教授))")),
}
# 「審査料はいくら」「参加費は」: an amount of that kind, not any amount near the topic (費用/お金 are any)
_AMOUNT_KIND = re.compile(r"([一-龥ァ-ヶー]{1,6}(?:料|費|代|税))(?:は|って|が|の額|の金額|の上限|も)")
_ANY_AMOUNT_WORD = frozenset({"料", "費", "代", "税", "料金", "費用", "お代", "代金", "経費", "実費"})
# …料 words that are things, not charges (材料って: the material, not a fee)
_NOT_CHARGES = ("材料", "資料", "原料", "燃料", "肥料", "飲料", "塗料", "食料", "香料", "染料", "時代", "世代", "年代")
# The state of things now (「現在いくつ」「まだ検討段階？」「もう出てる？」): the newest document says it.
_NEWEST = r"(?:一番|いちばん|最も|もっとも)(?:新し|最近)"  # 「最も新しい動き」: the newest, not a ranking
# (いま, not the い|ま of 「挙げられています」「していました」 nor the ないまま of 「報告しないまま」)
_LATEST = re.compile(WHICH_IS_RIGHT + r"|現在|最新|" + _NEWEST + r"|より新しい|新しい(?:方|ほう)の|今は|今の|今(?=何|いくつ|いくら|どう|どれ|どの|も|でも)|(?<!な)いま(?!す|せ|し|ま)|現時点|足元|直近|新しい版|最新版|まだ|もう(?:出|公表|発表|施行|始ま|決ま|でき)|既に|すでに|"
                     # 「その後どこまで進んでる？」: how things stand after what the asker knew
                     r"その後[、,]?\s*(?=どう|どこまで|どれ|何|いつ|進)")
# A document named by its office or its date (「2024年2月の経産省資料」「九州局の資料」「九州局の2025年資料」)
_DOCUMENT_NAMED = re.compile(r"(?:([一-龥ァ-ヶー]{1,8}?(?:局|省|庁))の?)?(?:(\d{4})\s*年\s*(?:(\d{1,2})\s*月)?(?:時点)?の?)?"
                             r"(?:([一-龥ァ-ヶー]{1,8}?(?:局|省|庁))の?)?資料")


@dataclass(frozen=True)
class NamedDocument:
    """A document a question names by its office, its date or both (see documents_read)."""

    text: str  # as the question writes it
    office: str | None
    year: str | None
    month: str | None


def documents_read(question: str, asking: str | None) -> list[NamedDocument]:
    """Return the documents a question says the asker has read, in the sentences before the one that
    asks, when that one asks what things are now (「2024年2月の経産省資料では…とされていました。より新しい
    資料では…」); [] for another question (「九州局資料が現在の…として示す…」 asks of that very document)."""
    if asking is None or not _LATEST.search(asking):
        return []
    scene = normalize_text(question).replace(asking, "")
    return [document for m in _DOCUMENT_NAMED.finditer(scene) if (document := named_document(m.group(0)))]


# A document named as the place to look: 「九州局の資料では」「東北局の2026年資料によると」「九州局資料で紹介
# されている…」 (で before a verb of saying or showing)
_SOURCE_ASKED = re.compile(_DOCUMENT_NAMED.pattern + r"(?=\s*(?:では|で[、,]|だと|には|によると|によれば|の中で|"
                           r"で(?:紹介|案内|記載|説明|示さ|示し|挙げ|取り上げ|掲載|書か|載っ|言及|触れ)|"
                           # (「九州局資料の…基本的考え方のスライドで」「…の比較表では」: a part of the document to look in)
                           r"の[^、。？?]{1,40}?(?:スライド|表|図|グラフ|ページ|一覧)(?:では|で|には|に|の中で)))")


def sources_named(question: str) -> tuple[str, ...]:
    """Return the bureaus (…局) whose document a question names as the place to look (「九州局の資料だと、
    …」 → 九州局), once each; not a ministry, which speaks through its bureaus' decks too."""
    offices = (document.office for m in _SOURCE_ASKED.finditer(normalize_text(question))
               if (document := named_document(m.group(0))) is not None and document.office)
    return tuple(dict.fromkeys(office for office in offices if office.endswith("局")))


def named_document(text: str) -> NamedDocument | None:
    """Return the document a phrase names by its office or date (「2024年2月の経産省資料」), or None."""
    m = _DOCUMENT_NAMED.fullmatch(text)
    if m is None or not (m.group(1) or m.group(4) or m.group(2)):
        return None
    return NamedDocument(text, m.group(1) or m.group(4), m.group(2), f"{int(m.group(3)):02d}" if m.group(3) else None)


# 「前はいくつだった？」「当初は」: the value as an older document states it (前 of 事前, 名前, 何日前 is no such word)
# (「移転する前に」: before doing it, a verb's plain form before 前, names no edition)
_EARLIER = re.compile(r"(?<![一-龥うくぐすつぬぶむる])(?:(?:以前|前|昔|最初|初め)(?=は|って|に|の(?:版|資料))|当初|もともと|元々)")
# 「15技術の後に追加されたものは？」「新たに加わったのは？」: what one edition of a list has that an older one had not
ADDED_ASKED = re.compile(r"追加|加わ|加え|増え|新たに|新しく")
# Conditions that only say which edition leads, not what a line must state
EDITION_ORDER = ("latest", "earlier")
# A word opening a follow-up that only says it goes on from the last turn (「じゃあ、…」「ちなみに…」)
_GOING_ON = r"(?:じゃあ|じゃ|では|それでは|なら|ちなみに)[、,\s]*"
_GOING_ON_FROM = re.compile("^" + _GOING_ON)
_ELLIPTICAL = re.compile(r"^(?:" + _GOING_ON + r")?\S{1,15}?(は|の方は|のほうは|だと|では|の場合は)[？?]?$")
# A word that points back (それ, その, そこ …): not the こ of どこの, which asks
_DEMONSTRATIVE = r"(?<!ど)(それら|これら|あれら|それ|その|そこ|これ|この|あれ|あの|そちら|こちら)"
_FOLLOWUP = re.compile(r"^(?:" + _DEMONSTRATIVE + r"|同じ|じゃあ|では|ちなみに|他には|ほかには|他に|あと)|"
                       + _DEMONSTRATIVE + r"(の|は|に|を|が|って|で|から|へ|と)?")

# Nouns that say what is asked rather than about what: they never make a topic on their own.
# Kinds of contact, generic words (what a contact question asks for) but the topic of any other question
_CONTACT_KINDS = ("メール", "電話")
# Words of a contact question for the desk that handles it (担当の課, 部署) and for the asking itself (質問したい,
# 申し込みはどこから): what a contact line answers, no topic of it
_CONTACT_ASKED = frozenset("担当 担当者 担当課 担当部署 部署 課 係 質問 問い合わせ 問合せ 相談 申し込み 申込み 申込".split())  # (連絡: generic anyway)
GENERIC_NOUNS = frozenset("""
こと もの 方 ため 場合 内容 方法 対象 意味 一覧 種類 例 事例 資料 記載 情報 件数 人数 数 何 いくつ
締切 締め切り 期限 時期 日付 年月 年月日 日 年 月 金額 費用 料金 予算 額 連絡先 窓口 電話 番号 メール 申込先 申込 相談先 先
とき 時 今 次 次回 現在 最新 点 理由 目的 概要 詳細 ところ 的 等 など 中 上 下 前 後 向こう 以外 以上 以下 代わり 全部 全て すべて
ポイント 結論 注意 対策 対応 取組 取り組み 手続き 手続 やり方 仕方 問題 必要 可能 大丈夫 いい よい 版 違い
うち 結局 自分 自社 会社 他社 最初 実際 直接 具体 本当 ほんと ホント マジ 一番 大事 明日 今日 昨日 来週 来月 今年 いくら みたい 感じ
パターン ルート ケース 手段 規模 程度 くらい ぐらい 場所 とこ ところ 気 話 人 方々 皆 みんな
手数料 料金 費用 審査料 登録料 参加費 金額 値段 価格 日程 スケジュール お金 お代 有料 無料 タダ 一緒 共に
連絡 ダウンロード URL Web WEB ウェブ アドレス サイト ページ ホームページ リンク 今年度 来年度 昨年度 ほう つもり 大事さ 頻度
章立て 構成 分類 区分 類型 内訳 列挙 割合 詳しく 詳細 全体 一部 部分 中身 書類 本体 PDF データ 要点 要旨
予算額 総額 上限額 補助額 補助率 比率 時間 期間 役所 お役所 官庁 省庁
ダメ だめ NG OK セーフ アウト アリ ナシ 値 数値 数字 心配 不安 やつ ヤツ 回次 出来事 年表 括弧書き 括弧 かっこ書き カッコ書き 検討段階 検討中 段階
名称 名前 呼称 呼び名 タイトル 題名 件名 手順 段取り 順番 順序 趣旨 主旨 要約 共通点 相違点 コツ 使い道 電話番号 メールアドレス Eメール メアド 問い合わせ先 問合せ先 お問い合わせ先 スライド 公式 年代 開催日 施行日 開始日 公表日 公開日 策定日 発行日 発表日 予定日
時点 宛先 送り先 送付先 まわり 回り 周り 最後 冒頭 末尾 巻末 別 別物 トップ リーダー 担い手 それぞれ 各々 ねらい 狙い 引用 申込み先 申し込み先
指摘 言及 自体 西暦 和暦 元号 明治 大正 昭和 平成 令和 メニュー 表紙 掲載 ペース タイミング 表題 注記 注釈 脚注 注意書き 但し書き ただし書き 表 図表 比較表 整理表 一覧表 対照表
""".split())
# What joins a thing to the head it is for (「パワハラ対策の社内ルール」「中小企業向けの支援」): the thing owns the head
PURPOSE_OF = r"(?:対策|向け|用|関連|関係)?の"
# The end of an organisation's name (東北局, 見本経済産業局): its own lines often call it 当局 or do not
# name it at all.
ORGANISATION_ENDINGS = ("省", "庁", "局", "大学", "機構", "協会", "委員会", "会議", "銀行", "センター")
# The end of a name of an institution, law or programme: a term ending so that the documents never
# mention is a thing they do not cover (「事業再構築補助金」「下請法」「雇用保険」「厚生年金」).
_NAME_ENDINGS = ("補助金", "助成金", "給付金", "交付金", "法", "制度", "事業", "条約", "協定", "規則", *ORGANISATION_ENDINGS,
                 "税", "賞", "計画", "事件", "罪", "保険", "年金", "手当", "控除")


@dataclass(frozen=True)
class Qualifier:
    """A condition the answer must meet: 1社あたり, 2024年度, 現在."""

    kind: str  # "per", "year" (fiscal), "calendar_year", "as_of" (a year whatever the type), "since", "until", "day", "latest", "earlier", "place", "owner" (of a law), "source" (a bureau whose deck to look in), …
    text: str  # as the question writes it

    @property
    def named(self) -> str:
        """The condition as a refusal or a prompt names it: 「一番多かった業種」 asks for a ranking (順位),
        「何回まで使える」 for a limit (上限)."""
        return {"superlative": "順位", "limit": "上限", "consequence": "しなかった場合にどうなるか",
                "article": "根拠条文（第何条か）", "revocation": "取消し", "appeal": "不服申立て",
                "confidentiality": "守秘義務", "pass_mark": "合格基準", "method": "算出・測定の方法",
                "person": "人の氏名", "newer_than": f"{self.text}より新しい資料", "hours": "曜日・時間帯", "scale": "規模（従業員数など）", "criteria": "基準・要件", "result": "結果", "agreement": "合意した内容",
                "reached": f"「{self.text}」への変更", "source": f"{self.text}の資料"}.get(self.kind, self.text)


@dataclass(frozen=True)
class Analysis:
    question: str  # as asked, cleaned
    resolved: str  # what is searched: a follow-up with its topic filled in
    answer_type: str
    counter: str | None = None  # what a count counts: 技術, 回, 社 …
    focus: tuple[str, ...] = ()  # topic terms, most specific first
    names: tuple[str, ...] = ()  # focus terms that name a thing (a law, a programme, a company)
    qualifiers: tuple[Qualifier, ...] = ()
    case: str | None = None  # the case a question names, as a key: 事例14, No.14, Case1
    head: str | None = None  # the thing asked about: the last topic word before the question's predicate
    also: tuple[str, ...] = ()  # further kinds of value asked for in the same question (数と予算額)
    items: int | None = None  # how many items a list question says there are (「4つの制度」)
    sample: int | None = None  # how many of them a question asks to be shown (「事例を3つ挙げて」)
    followup: bool = False
    carried: str | None = None  # the earlier topic a follow-up continues
    compared: tuple[str, ...] = ()  # the two things a comparison sets side by side (リスト規制, キャッチオール規制)
    set_aside: tuple[str, ...] = ()  # words named only as what the question sets aside (大学 in 「大学のほかに」)
    notes: list[str] = field(default_factory=list, compare=False)

    @property
    def conditions(self) -> tuple[Qualifier, ...]:
        """The conditions a refusal names: not which edition leads, nor the past a question asks of (「…された？」)."""
        return tuple(q for q in self.qualifiers if q.kind not in (*EDITION_ORDER, "past"))

    @property
    def asks_person(self) -> bool:
        """Whether the question asks who by name (「局長って誰？」「講師の氏名」: see ATTRIBUTES["person"])."""
        return any(q.kind == "person" for q in self.qualifiers)

    @cached_property
    def topic(self) -> str | None:
        """The most specific topic word; of a question whose first sentences set the scene (「海外のファンドから
        出資の話が来てる。事前届出の制度を調べたいんだけど、どこを見ればいい？」), the asking sentence's."""
        asking = compact(self.asking) if self.asking is not None else ""
        return next((t for t in self.focus if compact(t) in asking), None) or (self.focus[0] if self.focus else None)

    # What the words of the question ask, read once (see the functions below)
    @cached_property
    def key_terms(self) -> frozenset[str]:
        """The words a question is about: its head, the first topic word it names, the thing its asking
        sentence asks for and the word its asking clause marks as topic; a comparison's two things."""
        return _key_terms(self)

    @cached_property
    def described(self) -> frozenset[str]:
        """The topic words written only in a clause describing a later one (「日本が固体電解質等の開発で先行
        する全固体電池」 → 日本, 固体電解質等, 開発, 先行): they say which thing is meant, not what is asked of it."""
        return frozenset(_describing(normalize_text(self.resolved), self.focus))

    @cached_property
    def asking(self) -> str | None:
        """The sentence that asks, when sentences before it set the scene (see asking_sentence)."""
        return asking_sentence(self.question, self.focus)

    @cached_property
    def quoted(self) -> frozenset[str]:
        """The topic words the user puts in quotes as a whole (「「すり合わせ」するやり方」 → すり合わせ): the
        documents' own term for what is asked about."""
        quotes = set(quoted_phrases(self.question))
        return frozenset(t for t in self.focus if t in quotes)

    @cached_property
    def framing(self) -> frozenset[str]:
        """The topic words a follow-up takes from the earlier turn while it marks a topic of its own, as specific,
        with は or って (「その体制のなかで、企画財政部ってどんな役割なの？」 → 役割分担, 供給網): they say where to
        look, as a scene-setting sentence does, not what is asked."""
        if not self.followup or not self.carried:
            return frozenset()
        own = tuple(focus_terms(self.question))
        carried = frozenset(t for t in self.focus if t not in own)
        marked = _topic_of(normalize_text(self.question), own)
        # (a word as specific as those carried, as long as the longest: 「3社目の企業は」 still asks of the case)
        return carried if marked and len(marked) >= max(map(len, carried), default=0) else frozenset()

    @cached_property
    def choices(self) -> tuple[frozenset[str], frozenset[str]] | None:
        """The words of the two things a question asks which of (「オンライン開催でしたか、それとも会場での
        開催でしたか」 → {オンライン}, {会場}): each side's own topic words, those both share left out."""
        return _choices(self.question)

    @cached_property
    def source_asked(self) -> bool:
        """Whether the question asks where something comes from (「どの会議の資料から抜粋」「出所を教えて」)."""
        return bool(SOURCE_ASKED.search(normalize_text(self.question)))

    @cached_property
    def asked_thing(self) -> str | None:
        """The last topic word of the sentence that asks (「…担当者の氏名を教えてください」 → 氏名)."""
        return _asked_thing(self)

    @cached_property
    def head_owner(self) -> str | None:
        """The topic word the head belongs to, written right before it with の (「消防用設備等の点検結果」 →
        消防用設備等): which thing's 点検結果 is asked."""
        return self.owner_of_head("の")

    def owner_of_head(self, joined: str) -> str | None:
        """The topic word written right before the head, joined to it as the regex `joined` says (の, or
        PURPOSE_OF: 「パワハラ対策の社内ルール」 → パワハラ); None when there is none."""
        text = normalize_text(self.resolved)
        return next((t for t in self.focus if self.head and t != self.head
                     and re.search(re.escape(t) + joined + re.escape(self.head), text)), None)

    @cached_property
    def set_aside_last(self) -> str | None:
        """The word set aside right before 「以外に」「のほかに」 (「企業との契約以外に何ができる」 → 契約): the
        thing the asker already knows of, which the answer is to go beyond."""
        text = normalize_text(self.question)
        return next((t for besides in _BESIDES.finditer(text) for t in self.set_aside
                     if text[: besides.start()].endswith(t)), None)

    @cached_property
    def existence_of(self) -> str | None:
        """The thing a yes/no question asks whether there is (「動画で見られるものはありますか」 → 動画), compacted."""
        return _existence_asked(self)

    @cached_property
    def judgement_asked(self) -> bool:
        """Whether the question asks for a judgement: is it allowed, a violation (「セーフなの？」「違反？」)."""
        return bool(JUDGEMENT_ASKED.search(normalize_text(self.question)))

    @cached_property
    def which_kind(self) -> str | None:
        """The kind a question asks which one of (国, 補助金, 事業, 法律, 大学; 組織 for an office)."""
        return _which_kind(self)


# ---- What the words of a question ask (Analysis.key_terms, asked_thing, existence_of, which_kind)

def _key_terms(analysis: Analysis) -> frozenset[str]:
    """Return the head of the question, the first topic word it names (「労災の申請」 → 申請, 労災) and the
    thing its asking sentence asks for (see _asked_thing), or both things a comparison sets side by side."""
    sides = frozenset(t for t in analysis.focus if any(t in side for side in analysis.compared))
    if sides:  # what a comparison is about is the two things, not its head (違い, 両者)
        return sides
    text = normalize_text(analysis.resolved)
    ordered = sorted((t for t in analysis.focus if t in text), key=text.find)
    main = _main_clause(text, analysis.focus)
    # (a value's kind marked as the topic, 「住所は」「金利って」, is what the value read refuses for)
    marked = _topic_of(main, analysis.focus) if analysis.answer_type not in VALUE_TYPES else None
    # (a yes/no question's head is what it asks about wherever it stands: 「店の前に置き看板を出したいんだけど、
    # 役所の許可っているの？」 asks about a 看板's permit, whatever the last clause names)
    head = {analysis.head} if analysis.answer_type == "yesno" and analysis.head else set()
    # (and what a value's or a thing's head belongs to, 「消防用設備等の点検結果」 — not a yes/no question's, whose
    # story names what it belongs to in the user's words: 「労働組合の関係者」 for the documents' 労組)
    owner = analysis.head_owner if analysis.answer_type != "yesno" else None
    return frozenset(t for t in (analysis.head, owner, ordered[0] if ordered else None, analysis.asked_thing, marked)
                     if t and t in main) | head


def _choices(question: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """Return the words of the two sides of 「AですかそれともBですか」 (see Analysis.choices), or None."""
    text = normalize_text(question)
    if text.count("それとも") != 1:
        return None
    first, second = text.split("それとも")
    # each side's last clause (「…説明会は、オンライン開催でしたか」 → 「オンライン開催でしたか」)
    first = re.split(r"[、,]|(?<=[^\sはが])(?:は|が)(?=\S)", re.sub(r"[、,\s]+$", "", first))[-1]
    from .tokenize_ja import tokenize

    shared = set(tokenize(first)) & set(tokenize(second))
    sides = []
    for side in (first, second):
        for word in sorted(shared, key=len, reverse=True):
            side = side.replace(word, " ")
        # (a side that is a verb written with kana between its kanji, 「持ち直した？」, is that verb's stem)
        # (nor is an adverb of the side, 「結局そのあと倒産しちゃったの」: 結局)
        words = {w for w in re.findall(r"[一-龥ァ-ヶーA-Za-z0-9]{2,}", side) if w not in GENERIC_NOUNS}
        sides.append(frozenset(words or re.findall(r"[一-龥]+[ぁ-ゖ][一-龥]+し?", side)))
    return (sides[0], sides[1]) if all(sides) else None


def _topic_of(clause: str, focus: tuple[str, ...]) -> str | None:
    """Return the topic word a clause marks as its topic with は or って (「売掛金ってどうやって回収すれば」 →
    売掛金), a noun and not a verb's stem (「手伝ってくれる」 marks nothing); None when it marks none."""
    from .tokenize_ja import tagger

    words, end = list(tagger()(clause)), 0
    for before, word in zip(words, words[1:]):
        end += len(before.white_space) + len(before.surface)  # (the tagger drops spaces; the text keeps them)
        if word.surface in ("は", "って") and word.feature.pos1 == "助詞" and before.feature.pos1 in ("名詞", "接尾辞"):
            marked = clause[:end]
            # (「忘年会の費用って」: a word that says what is asked of a thing marks the thing it belongs to — not a
            # word in kana standing for the thing itself, 「機関のほうは」)
            owner = re.search(r"の([一-龥]{2,})$", marked)
            owned = marked[: owner.start()] if owner and owner.group(1) in GENERIC_NOUNS else marked
            return next((t for t in focus if marked.endswith(t)), None) or next((t for t in focus if owned.endswith(t)), None)
    return None


# The end of a clause that tells the situation the question is asked in (「業績が悪くて、」「中途で技術者を採る
# とき、」「ピンときてないんだけど、」「…とされた場合、」): what follows asks.
# (a trailing-off 「…」 ends the clause as a comma does: 「取引先が倒産しそうで…売掛金って」)
_SITUATION_END = re.compile(r"(?:(?<!っ)て|(?<!っ)で|とき|時|けど|けれど|けれども|ので|から|場合|なら|たら)(?:[、,]|\.{2,}|・{2,})")


def _sentences(text: str) -> list[str]:
    """Return the sentences of a question, each with the mark that ends it (。？！), none empty."""
    return [s for s in re.split(f"(?<=[{SENTENCE_END}])", text) if s.strip()]


def _last_question(text: str, focus) -> str:
    """Return the last of several questions put one after another (「…評判どうだった？満足度は何割くらい？」)
    when it names a topic word of its own; otherwise the whole text."""
    asked = _sentences(text)
    return asked[-1] if len(asked) > 1 and any(t in asked[-1] for t in focus) else text


def _main_clause(text: str, focus: tuple[str, ...]) -> str:
    """Return the part of a question after the clauses that tell its situation, when it names a topic
    word of its own; otherwise the whole question (「労災の申請をしたいんだけど、どうすればいい？」)."""
    ends = [m.end() for m in _SITUATION_END.finditer(text)]
    main = text[ends[-1]:] if ends else text
    return main if any(t in main for t in focus) else text


def _asked_thing(analysis: Analysis) -> str | None:
    """Return the last topic word of the sentence that asks (「…担当者の氏名を教えてください」 → 氏名;
    「TICSの認証機関ってどこがあるの？具体的な会社名が知りたい」 → 会社名), a thing and not a verbal noun."""
    sentences = _sentences(normalize_text(analysis.question))
    asking = [s for s in sentences if re.search(r"[？?]|教え|知りたい|ほしい|欲しい|ください", s)] or sentences
    # (only a word the asking itself follows: 「…どんなことを手伝ってくれる」 asks about no 手伝)
    return _last_thing_before(asking[-1] if asking else "", analysis.focus, _ASKING)


def _last_thing_before(text: str, focus: tuple[str, ...], follows: re.Pattern[str]) -> str | None:
    """Return the last topic word of `text` that is a thing, not a verbal noun, when `follows` matches
    right after it; None otherwise."""
    last = max((t for t in focus if t in text and not is_action(t)), key=lambda t: text.rfind(t) + len(t), default=None)
    return last if last and follows.match(text[text.rfind(last) + len(last):]) else None


# What follows the thing a sentence asks for: a request (を教えて, が知りたい) or whether there is one
# (もある？, ついてる？, も出てる？ — put out, published), with a hedge (みたいなの) before it
_ASKING = re.compile(r"(?:みたいな(?:の|もの)|のような(?:の|もの)|など|とか)?(?:を|が|は|って|も)?\s*"
                     r"(?:教え|知り|ほし|欲し|ある|あり|つい|付い|出て(?:る|い|ます)|[？?]|$)")


# 「…はありますか」「…もある？」「…で見られる？」: whether there is such a thing, a few words after it
_EXISTENCE = re.compile(r"[^、。？?]{0,8}?(?:もの|の|こと)?(?:は|が|も|って)?(?:ありますか|ある(?:の|ん)?(?:ですか)?|あります|見られ|見れ)")


def _existence_asked(analysis: Analysis) -> str | None:
    """Return the thing a yes/no question asks whether there is (「動画で見られるものはありますか」 → 動画):
    the last topic word before the asking, compacted; None for other yes/no questions."""
    text = normalize_text(analysis.resolved)
    last = _last_thing_before(text, analysis.focus, _EXISTENCE)
    if last is None or last == analysis.head and sum(t in text and not is_action(t) for t in analysis.focus) == 1:
        return None  # (a question naming that one thing only: every line about its topic is about it)
    return compact(last)


# 「何の補助金？」「どの事業ですか」「6加盟国はどこですか」: which one of a kind whose members have names
# (「どの役職」「肩書は？」: which post, a title such as 審議官 or 室長)
_WHICH = re.compile(r"(?:どの|どこの|何の|なんの)(国|加盟国|補助金|助成金|事業|法律|大学|役職)|\d*(加盟国)(?:は|って)(?:具体的に)?どこ"
                    r"|(国|加盟国|補助金|助成金|事業|法律|大学)の(?:名前|名称)"  # 「22大学の名前」: which ones
                    r"|(役職|肩書)き?(?:は|って)"
                    # 「どこの会社？」 (not 「どの会社でも」, any; nor 「どの企業の事例」, the industry: ranked.asks_industry)
                    r"|どこの(会社|企業|メーカー)(?!でも|も)|どの(会社|企業|メーカー)(?!でも|も|の)")


def _which_kind(analysis: Analysis) -> str | None:
    """Return the kind of thing a question asks which one of (see _which_asked); 組織 for a question
    asking which office (「どこの部署？」「所管は？」)."""
    return _which_asked(analysis.resolved) or (
        "組織" if analysis.answer_type == "organisation" and re.search(OFFICE_ASKED, normalize_text(analysis.resolved)) else None)


def _which_asked(question: str) -> str | None:
    """Return the kind a question asks which one of (国, 補助金, 事業, 法律 …), or None."""
    found = _WHICH.search(normalize_text(question))
    return next((g for g in found.groups() if g), None) if found else None


def case_written(question: str, key: str | None = None) -> str | None:
    """Return a case reference as the question writes it (「事例⑦」「Case 1」「No.14」) — the first, or the
    one with this case key (事例7) — or None."""
    for text in (question, unicodedata.normalize("NFKC", question)):
        for match in CASE_REFERENCE.finditer(text):
            if key is None or case_references(match.group(0)) == [key]:
                return match.group(0).strip()
    return None


def case_key_of(question: str) -> str | None:
    """Return the case a text names first as a key (事例⑭ → 事例14, No.14, Case 1 → Case1), or None."""
    return next(iter(case_references(question)), None)


_ENGLISH_TYPES = ((r"\bhow (many|much)\b", "number"), (r"\bwhen\b", "date"), (r"\bhow (to|can|do|should)\b", "howto"),
                  (r"\bwhat (is|are)\b|\bmeaning\b", "definition"), (r"\b(list|which)\b", "list"),
                  (r"\b(contact|phone|email)\b", "contact"))


# Words of asking that people write in kanji or in kana alike (何処・どこ, どの位・どのくらい, 出来る・できる):
# the question is read in the kana the patterns here are written in. Only words that ask, never a topic.
_KANA_FORMS = ((re.compile(r"何処"), "どこ"), (re.compile(r"何故"), "なぜ"), (re.compile(r"(どの|どれ|この|その)位"), r"\1くらい"),
               (re.compile(r"出来(る|ます|ません|ない|れば|た|て)"), r"でき\1"), (re.compile(r"下さい"), "ください"),
               (re.compile(r"気を付け"), "気をつけ"))


def in_kana(question: str) -> str:
    """Return the question with its words of asking in the kana the patterns are written in."""
    for pattern, kana in _KANA_FORMS:
        question = pattern.sub(kana, question)
    return question


def answer_type(question: str) -> str:
    """Return what a question asks for (see ANSWER_TYPES). A question naming a case asks about the
    case unless it asks for something more specific (a count, a list …) within it."""
    question = in_kana(question)
    if _COMPARED.search(normalize_text(question)) and compared_terms(question, focus_terms(question)):
        return "comparison"
    return _type_of_one_thing(question)


_QUOTE = re.compile(r"「[^「」]*」|『[^『』]*』")


def quoted_phrases(text: str) -> list[str]:
    """Return what a text puts in 「」 or 『』, in order, brackets taken off."""
    return [q[1:-1].strip() for q in _QUOTE.findall(normalize_text(text))]


# Where a slide or a figure comes from: its source (出典, 出所, 引用元) or what it was excerpted or made from
# (「そのデータは、どの機関を基にしているか」「…の作成に用いられた機関」: what figures are based on)
SOURCE_WORDS = r"出典|出所|出どころ|出処|でどころ|引用元|情報源"  # the words that name a source
SOURCE_ASKED = re.compile(SOURCE_WORDS + r"|から抜粋|より抜粋|を(?:もと|基|元)に(?:して)?作(?:成|ら|っ)|"
                          r"を(?:もと|基|元)にし(?:てい|ており)|(?:作成|算出)に(?:用い|使(?:わ|っ)|使用|利用)|"
                          r"どの(?:公式)?(?:資料|情報|会議|文書)(?:から|を|に)")
# The kinds of source such a question asks which one of (「どの機関・データベースを基に」): what is asked, no topic
SOURCE_KINDS = ("データ", "データベース", "統計", "資料", "機関", "文献", "調査", "情報源")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")  # a kana or kanji: some Japanese in a text


# 「…自由なんだよね？ガイダンスでもそういう扱い？」: a last question that asks the one before it again, of
# something else (そういう, そんな, 同じ, そう), asks as that one does
_ASKS_AGAIN = re.compile(r"(?:そういう|そんな|同じ)(?:扱い|こと|意味|理解|考え|認識|位置づけ|位置付け|立場)?"
                         r"(?:なの|なん(?:です|でしょう)か|ですか|でしょうか|か)?[？?]$|"
                         # (そう alone, the whole sentence: 「変わりそう？」 is a verb's guess of its own)
                         r"^\s*(?:本当に|ほんとに|やっぱり)?そう(?:なの|なん(?:です|でしょう)か|ですか|でしょうか)?[？?]$")


def _type_of_one_thing(question: str) -> str:
    """Return what a question that compares nothing asks for (see answer_type)."""
    text = normalize_text(question)
    asked = [s for s in re.split(r"(?<=[？?])", text) if s.strip()]
    if len(asked) > 1 and _ASKS_AGAIN.search(asked[-1]) and not _WH_WORD.search(asked[-1]):
        return _type_of_one_thing("".join(asked[:-1]))
    # 「「上限に達したら締め切り」ってあるけど、その上限って何件？」: words the user quotes are what the
    # documents say, not what the question asks (a quote naming its whole topic is kept: 「「X」とは？」)
    if JAPANESE.search(_QUOTE.sub("", text)):
        text = _QUOTE.sub("「」", text)
    if not JAPANESE.search(text):  # no Japanese at all
        return next((kind for pattern, kind in _ENGLISH_TYPES if re.search(pattern, text, re.IGNORECASE)), "lookup")
    specific = _specific_type(text)
    # (「事例⑮は、どのような行為を想定した事例か」: what the case is, asked by the kind of thing it is of)
    general = re.search(r"(?:どんな|どういう|どのような)(取組|取り組み|内容|事例|もの|こと|話|ケース|場面|行為|状況)|内容|概要|について|教えて|"
                        r"とは|って何|事例(?:か|ですか|なの)?[？?。]?$", text)
    if case_key_of(question) and specific in (None, "definition", "howto", "edition") and \
            (general or not _WH_WORD.search(CASE_REFERENCE.sub("", text))):
        return "case"
    # 「No.1の会社って、結局社内で何が変わったの？」: what changed in a case is its outcome, not a change between
    # editions — unless the question names an edition or the documents' dates
    if case_key_of(question) and specific == "edition" and not _EDITION_NAMED.search(CASE_REFERENCE.sub("", text)):
        return "case"
    # 「…約7.1兆円って、税金の控除の分まで入れた金額なんだよね？」: a value the question gives itself, put up to be
    # confirmed with no question word, asks whether it is so (the word for the kind of value names no value asked)
    if specific in VALUE_TYPES and GUESS_PUT.search(text) and not _WH_WORD.search(_ANY_ONE.sub("", text)):
        return "yesno"
    if specific:
        return specific
    # 「展示会のリスクを扱った事例ってある？」: whether there is an example is answered by the example
    if EXAMPLE_ASKED.search(text):
        return "lookup"
    # 「渡していいか判断する基準は？」: a whether-clause inside the question; what it asks is the noun at its end
    asked_noun = _ENDS_ASKING_A_NOUN.search(text)
    whether = [m for m in (*_YESNO.finditer(text), *_ALSO.finditer(text)) if not asked_noun or m.end() > asked_noun.start()]
    if (whether or _ends_with_adjective(text) or _ENDS_NAMING_WHAT_IT_IS.search(text)) and \
            not _WH_WORD.search(_EMBEDDED_QUESTION.sub("", _ANY_ONE.sub("", text))):
        return "yesno"
    return "lookup"


# Words that name an edition or a document's date (「第2版」「改訂」「2024年の資料」「前の資料」「最新」)
_EDITION_NAMED = re.compile(r"版|改訂|改定|資料|\d{4}\s*年|以前|前回|最新|当初")
EXAMPLE_ASKED = re.compile(r"(事例|例|ケース)(って|は|が|も|とか)?\s*(ある|あります|ない|ありません)(の|か|んですか|でしょうか)?[？?]?$")
# 「…って、弁理士の資格とか持ってる人なの？」「TICSは任意の制度ですか」: with no question word, a question
# ending by saying what a thing is asks whether it is so
_ENDS_NAMING_WHAT_IT_IS = re.compile(r"[一-龥ァ-ヶー](?:なの|なんですか|なんでしょうか|ですか)[？?]?$|"
                                     # 「…別々に進めていくってこと？」: a reading put up to be confirmed
                                     r"(?:って|という)(?:こと|意味)(?:なの|ですか|でしょうか|か)?[？?]?$")


def _ends_with_adjective(text: str) -> bool:
    """Return True for a question that ends by saying how a thing is (「日本が強いの？」「審査は厳しい？」): with
    no question word, it asks whether the thing is so."""
    from .tokenize_ja import tagger

    words = [w for w in tagger()(text) if w.feature.pos1 not in ("補助記号", "助詞", "助動詞")]
    # (ending the sentence: 「詳しく」 in 「…について詳しく」 asks to be told more)
    return bool(words) and words[-1].feature.pos1 == "形容詞" and words[-1].feature.pos2 == "一般" \
        and str(words[-1].feature.cForm).startswith(("終止形", "連体形"))


# 「…基準は？」「…の担当窓口って？」: a question that ends by naming a thing asks for that thing
_ENDS_ASKING_A_NOUN = re.compile(r"[一-龥ァ-ヶー]{2,}(?:は|って)[？?]?$")


# 「何分野あるの？全部教えて」: a count asked together with the things counted is answered by the list,
# whose heading or length gives the count too.
# (「全部で何ページ」 asks a total, not the things.)
_ENUMERATE_ASKED = re.compile(r"(?:" + _ALL_OF_THEM + r")(?!で)|" + _LIST_REQUEST)


# 「作り方は？」「使い方を教えて」: a verb's stem + 方 asks how to do it (考え方, 在り方 say how something is seen)
_WAY_OF_DOING = re.compile(r"[いきしちにひみりぎじびえけせてねめれげべ](?<!考え)(?<!在り)(?<!あり)方(?:は|を|って|が|について)?"
                           r"(?:[？?]|$|教え|知り|わから|分から)")


# 「…どう対策していくって言ってるの？」「…どう進めていくことになってるの？」「…取り組む必要があるとしていますか」: a
# frame that reports what a document says or what has been settled; what is asked is the clause inside it
_REPORTING_FRAME = re.compile(r"(?:(?:って|と)(?:言って|いって|書いて|書かれて|され|して|示して|示され|記載されて)|"
                              r"(?:こと|よう|ふう)に(?:なって|され|して))(?:い)?(?:る|ます)(?:の|ん)?(?:です|でしょう)?か?[？?]?$")


def _specific_type(text: str) -> str | None:
    text = _REPORTING_FRAME.sub("", text) or text
    if _WAY_OF_DOING.search(text):
        return "howto"
    for kind, pattern in _TYPE_PATTERNS:
        if pattern.search(text):
            if kind == "definition" and re.search(r"(あります|ある)か|含まれ", text):
                continue
            if kind == "definition" and (SET_NAMED.search(text) or _SOME_OF_A_KIND.search(text)):
                return "list"  # 「3つの柱って何？」「3つの切り口って何？」 ask for the three, not what a 柱 is
            if kind == "howto" and MEMBERSHIP.search(text):
                continue  # 「…への対策は含まれていますか」 asks whether, not how
            if kind == "number" and _ENUMERATE_ASKED.search(text) and not DURATION_QUESTION.search(text):
                return "list"
            return kind
    return None


# Two counts asked in one question (「企業群の数と対話した企業数」「何社と何人」)
_TWO_COUNTS = re.compile(r"(?:の数|数|何\s*[一-龥ァ-ヶー]{1,4})\s*と\s*[^、。？?]{0,12}?(?:の数|[一-龥ァ-ヶー]数|何\s*[一-龥ァ-ヶー]{1,4})")


def counter_of(question: str) -> str | None:
    """Return what a count question counts (何技術 → 技術, 何人参加 → 人, 〜の対象技術はいくつ → 技術)."""
    text = _LATEST.sub("", normalize_text(question))
    if DURATION_QUESTION.search(text):
        return "期間"  # 「審査にどれくらい時間がかかる」: any length of time
    if FREQUENCY_QUESTION.search(text):
        return "頻度"  # 「どのくらいの頻度で」: how often (年2回, 毎月, 四半期に一度), not any number
    unit = re.search(r"値\s*" + _UNIT_GIVEN, text)  # 「数値（％）」: the unit given
    if re.search(r"何分の|何割|何\s*(?:%|％|パーセント)|(率|割合)は(何|どれ|どの)|" + _RATE_ASKED + "|" + _DEPENDENCE_ASKED, text) \
            or unit and unit.group(1) in ("%", "％"):
        # 「補助率は何分の1」「何割」「何%にする目標」: a share (2分の1, 1/2, 50%, 7割 — a slide writing 8割
        # answers 何%), not any number
        return "割合"
    if "回次" in text:
        return "回"  # 「分科会の開催回次」: which session, 第12回
    match = re.search(r"何\s*(" + "|".join(map(re.escape, _COUNTERS)) + ")", text) or re.search(_UNIT_ASKED, text)
    if match:
        return match.group(1)
    # 「何個事例が載ってる？」「何個の項目」: 何個 counts the noun after it
    if (match := re.search(r"何\s*個\s*の?\s*([一-龥ァ-ヶー]{1,8})", text)) and (counter := _counter_ending(match.group(1))):
        return counter
    match = re.search(r"(?:どの|どれ)(?:くらい|ぐらい|だけ)の?(人|社|企業)(?:が|は|を|に)", text)
    if match:  # 「どのくらい人が来た」: how many people
        return match.group(1)
    match = re.search(r"(" + "|".join(map(re.escape, _COUNTERS)) + r")数", text)  # 「年間件数」「参加人数」
    if match:
        return match.group(1)
    match = re.search(r"いくつの([一-龥ァ-ヶー]{1,8})", text) or \
        re.search(r"([一-龥ァ-ヶー]{1,8}?)の数(?:は|って|を)?\s*(?:[？?。]|$|教え|知りた)", text)  # 「いくつの業界団体」「加盟国の数」
    if match:
        return _counter_ending(match.group(1))
    match = re.search(r"([一-龥ァ-ヶー]{1,8}?)(?:の数|数)?(?:は|って|が)?\s*(?:いくつ)", text)
    if match:  # 「対象技術はいくつ」 counts 技術; 「ものはいくつ」 counts nothing in particular
        return _counter_ending(match.group(1))
    return None


def _counter_ending(word: str) -> str | None:
    """Return the counter a word counted ends in (対象技術 → 技術, 会社 → 社); not 点, 部, 位 or ポイント, which
    end words that are not counted in them (論点, 拠点, 時点; 本部, 一部; 優位, 順位; 対策のポイント)."""
    return next((c for c in _COUNTERS if word.endswith(c) and c not in ("点", "部", "位", "ポイント")), None)


# Everyday suffixes that say a thing is relied on (「中国頼み」「他社任せ」): they end the compound before them
_RELIANCE = frozenset({"頼み", "頼り", "任せ", "だのみ"})


def _compounds(text: str) -> list[str]:
    """Return the noun compounds of a text (事業/再/構築/補助/金 → 事業再構築補助金), in order."""
    from .tokenize_ja import tagger

    out: list[str] = []
    current: list[str] = []
    kinds: list[str] = []

    def flush() -> None:
        while kinds and kinds[-1] in ("形状詞", "動詞"):  # 「重要物資」 keeps 重要; 「訓練みたい」 drops みたい
            current.pop()
            kinds.pop()
        # An everyday word in kana in front of a term (ひととおり|点検) is not part of it (a verb's stem is:
        # みなし輸出).
        while len(current) > 1 and re.fullmatch(r"[ぁ-ゖ]{2,}", current[0]) and kinds[0] != "動詞" \
                and re.search(r"[一-龥ァ-ヶ]", current[1]):
            out.append(current.pop(0))
            kinds.pop(0)
        # Nouns that also serve as adverbs (結局, 明日, 最近, 今後) say when or how, not what about:
        # alone they are no topic word; in a compound (現在地) they stay.
        if current and not all(kind == "副詞可能" for kind in kinds):
            out.append("".join(current))
        current.clear()
        kinds.clear()

    numeral, pos2 = "", ""
    words = list(tagger()(text))
    for at, word in enumerate(words):
        previous = pos2  # the kind of word before this one
        pos1, pos2 = word.feature.pos1, word.feature.pos2
        surface = word.surface
        counter = bool(numeral) and not current and len(surface) == 1
        number, numeral = numeral, (numeral + surface if pos2 == "数詞" else "")
        if counter and surface == "号":
            current.append(number + surface)  # 「551号文書」: a number with 号 names one thing, and opens its name
            kinds.append("名詞")
        elif counter:
            flush()  # a one-character noun right after a number is its counter (一度, 3回, 2倍), no topic
        elif re.fullmatch(r"[A-Z]", surface) and current and re.search(r"[ァ-ヶー]$", current[-1]) \
                and (at + 1 == len(words) or words[at + 1].feature.pos1 != "名詞"):
            current.append(surface)  # 「グループA」: a letter after a word, with no noun after it, ends that word's name
            kinds.append("名詞")
        elif re.fullmatch(r"[A-Z]", surface):
            flush()  # 「A社」「B国」: a letter that names one of several opens a word with what follows
            current.append(surface)
            kinds.append("名詞")
        elif surface in _HYPHENS and current and re.fullmatch(r"[A-Za-z0-9]+", current[-1]):
            current.append(surface)  # 「T-Seeds」: a hyphen between Latin letters joins one name
            kinds.append("名詞")
        elif re.fullmatch(r"[A-Za-z][A-Za-z0-9.\-+/]*", surface):
            if current and current[-1] in _HYPHENS:  # the Latin word the hyphen joins (Seeds of T-Seeds)
                current.append(surface)
                kinds.append("名詞")
            elif current and kinds[-1] == "名詞" and re.search(r"[一-龥](?<![国省庁局都道府県市])$", current[-1]) \
                    and not word.white_space and re.fullmatch(r"[A-Z]{2,}", surface):
                # 「生成AI」「有機EL」: an acronym written onto a kanji noun ends that compound (not onto a country or
                # an office, 「米国CFIUS」, whose own acronym it is)
                current.append(surface)
                kinds.append("名詞")
            else:
                flush()  # a Latin word is a term of its own (TICS, EWS); English function words are not
                if surface.lower() not in ENGLISH_FUNCTION_WORDS:
                    out.append(surface)
        elif pos1 == "動詞" and not current and len(surface) >= 2 and word.feature.cForm.startswith("連用形") \
                and previous != "格助詞":  # (not に|より, に|対し: a particle made of a verb)
            current.append(surface)  # 「みなし輸出」: a verb's stem opens a compound with the noun after it
            kinds.append("動詞")
        elif surface.startswith("何") and len(surface) > 1:
            flush()  # 「従業員何人」: a question word the tagger writes as one noun with its counter, no topic
        elif surface in _RELIANCE:
            flush()  # 「インド頼み」: relying on インド (a word the synonyms read as 依存), no name of its own
        elif surface == "第" and pos1 == "接頭辞":
            flush()  # 「ガイダンス第2版」「第2章」: 第 marks the number that follows, no part of a topic word
        elif pos1 == "接尾辞" and surface in ("とも", "ども", "ともに") and current:
            # 「個別企業とも対話」「両社とも」: とも says the word before it is among others, as a particle
            # does; the word after it is a word of its own
            flush()
        elif pos1 == "名詞" and pos2 != "数詞" or pos1 in ("接頭辞", "形状詞") or (pos1 == "接尾辞" and pos2 == "名詞的" and current):
            if pos1 == "接頭辞" and surface in ("お", "ご", "御"):
                flush()  # an honorific opens a word of its own (結局 | お金), unlike 再 in 事業再構築
            current.append(surface)
            kinds.append("副詞可能" if word.feature.pos3 == "副詞可能" else pos1)
        else:
            flush()
    flush()
    return out


_HYPHENS = ("-", "‐")
ENGLISH_FUNCTION_WORDS = frozenset("""what is are the a an of to how many much when where who which why do does can
i we you it in on for with about there this that be should""".split())


_KATAKANA_RUN = re.compile(r"[ァ-ヶー]+")


def _strip_generic(term: str) -> str:
    """Return a compound without generic words at its edges (申請締切 → 申請; 対象技術 stays;
    収録事例数 → 収録事例: a count of something is about that thing)."""
    if len(term) > 2 and term.endswith("数") and not term.endswith(("係数", "指数", "関数", "変数", "乗数")):
        term = term[:-1]  # (係数, 指数: a measure, not a count)
    if term in GENERIC_NOUNS:
        return term  # a generic compound (注意書き) holds no topic at its edge (書き)
    if _KATAKANA_RUN.fullmatch(term):
        return term  # one katakana word (リクルート) holds no generic word (ルート) at its edge
    changed = True
    while changed and term:
        changed = False
        for word in sorted((g for g in GENERIC_NOUNS if len(g) >= 2), key=len, reverse=True):
            # (nor a katakana word that is part of a longer one: アウトリーチ実績 holds no アウト, データベース化 no データ)
            if term.endswith(word) and len(term) > len(word) and len(term) - len(word) >= 2 \
                    and not _KATAKANA_RUN.fullmatch(term[-len(word) - 1] + word[0]):
                term, changed = term[: -len(word)], True
                break
            # (not a word's kanji before its okurigana: 申込み先 holds no 申込 to strip, leaving 「み先」)
            if term.startswith(word) and len(term) > len(word) and len(term) - len(word) >= 2 and word not in ("対象",) \
                    and not re.match(r"[ぁ-ん]", term[len(word):]) \
                    and not _KATAKANA_RUN.fullmatch(word[-1] + term[len(word)]):
                term, changed = term[len(word):], True
                break
    return term


# 「九州局の資料では」「九州局の2025年資料では」 (its year already taken out, see focus_terms)
_SOURCE_NAMING = re.compile(r"[一-龥ァ-ヶーA-Za-z0-9]{1,12}(?:の)?\s*(?:資料|スライド)(?=[とでにのは、,]|$)")


def _verb_te_ends(text: str) -> set[int]:
    """Return where a って in the text is the て-form of one verb of two or more kanji before it (手伝って,
    見張って): the tagger reads the whole run as the verb, not a noun and a one-kanji verb (見学|会っ|て)."""
    from .tokenize_ja import tagger

    ends, at = set(), 0
    words = list(tagger()(text)) if "って" in text else []
    for word, after in zip(words, words[1:]):
        at += len(word.surface)
        if word.feature.pos1 == "動詞" and word.surface.endswith("っ") and len(word.surface) >= 3 \
                and re.fullmatch(r"[一-龥]{2,}", word.surface[:-1]) and after.surface.startswith("て"):
            ends.add(at - 1)  # where the っ of って stands
    return ends


# 「同制度」「同法」「当該調査」: the thing named earlier — in the question or the user's turn before it —
# written again by the word its name ends in (「特許出願非公開制度は…。同制度はいつから」); one word to
# the tagger for some, 同 and a noun for the rest
_ANAPHOR_WORDS = frozenset({"同法", "同社", "同省", "同庁", "同局", "同国"})
_ANAPHOR = re.compile(r"(?<![一-龥ァ-ヶー])(?:同|当該)[一-龥ァ-ヶー]{1,6}")


def _is_anaphor(term: str) -> bool:
    """Return True for a word that points back with 同 or 当該 (同制度, 同法, 当該調査), not one that begins
    with 同 (同盟, 同業)."""
    from .tokenize_ja import tagger

    if term in _ANAPHOR_WORDS or (term.startswith("当該") and len(term) > 2):
        return True
    words = list(tagger()(term)) if term.startswith("同") and len(term) > 1 else []
    return bool(words) and words[0].surface == "同" and len(words) > 1


def _resolve_anaphors(question: str, before: str = "") -> str:
    """Return the question with each 同-word or 当該-word (同制度, 当該調査) replaced by the name before it
    that ends in the same word (特許出願非公開制度), in the question or else in `before` (the user's
    turn before it); one with no such name stays as it is."""
    out, done = [], 0
    # (同 starting a word: not the 同 inside 共同配送 or 合同)
    for match in _ANAPHOR.finditer(question):
        word = next((c for c in _compounds(match.group()) if _is_anaphor(c)), None)
        if word is None or not match.group().startswith(word):
            continue
        noun = word.removeprefix("当該") if word.startswith("当該") else word[1:]
        named = [c for text in (before, question[: match.start()]) for c in _compounds(text)
                 if c.endswith(noun) and len(c) > len(noun) and not _is_anaphor(c)]
        if named:
            out += [question[done: match.start()], named[-1]]
            done = match.start() + len(word)
    return "".join(out) + question[done:]


def focus_terms(question: str) -> list[str]:
    """Return the topic terms of a question, most specific (longest) first, generic words dropped."""
    text = normalize_text(CASE_REFERENCE.sub(" ", _PER.sub(" ", _YEAR.sub(" ", question))))
    # 「九州局の資料と東北局の資料で」: those words name the documents compared, not the topic
    text = _SOURCE_NAMING.sub(" ", text)
    # 「見学会って」 would be read as 見学 + 会う: the colloquial topic marker becomes は first — after a
    # word of two or more characters; after one (頼って, 使って) it is a verb's て-form, as it is after a
    # count (「何件載ってる」「3社入って」: the counter ends the count, the kanji after it is a verb)
    # (not after a verb of two kanji, 「抽出するのを手伝ってくれる」: the tagger reads 手伝っ as one verb)
    verbs = _verb_te_ends(text)
    text = re.sub(r"(?<![何0-9〇一二三四五六七八九十百千][一-龥ヶ][一-龥])(?<=[一-龥ァ-ヶーA-Za-z0-9][一-龥ァ-ヶーA-Za-z0-9])って",
                  lambda m: m.group() if m.start() in verbs else "は ", text)
    terms = []
    for compound in _compounds(text):
        term = _strip_generic(compound)
        if len(term) >= 2 and term not in GENERIC_NOUNS and not term.isdigit() and not _is_anaphor(term):
            terms.append(term)
        elif len(term) == 1 and re.fullmatch(r"[一-龥]", term) and compound not in GENERIC_NOUNS:
            terms.append(term)
    # 「「でんさい」に切り替えたい」: a name in kana the user quotes, which the tagger reads as words that make no
    # noun, is a topic word whole
    terms += [q for q in quoted_phrases(question) if _KANA_NAME.fullmatch(q) and not any(t in q for t in terms)]
    terms = list(dict.fromkeys(terms))
    return sorted(terms, key=lambda t: (-len(t), terms.index(t)))


_KANA_NAME = re.compile(r"[ぁ-ゖァ-ヶー]{3,20}")


_PREDICATE = re.compile(r"(は|って|が|を|とは|では|には|にも|も|ってな|について)")


def head_term(question: str, focus: list[str]) -> str | None:
    """Return the thing a question asks about: of its topic words, the last one before the first
    particle that opens the predicate (「経済安全保障の担当者向けの資格試験ってありますか」 → 資格試験)."""
    text = normalize_text(question)
    positions = [(text.find(t), t) for t in focus if text.find(t) >= 0]
    if not positions:
        return None
    positions.sort()
    for start, term in positions:
        # (「Kプログラム（重要技術育成プログラム）って」: a gloss in brackets stands between the term and its particle)
        after = re.sub(r"^\s*[（(][^（）()]{1,30}[）)]", "", text[start + len(term):])
        if _PREDICATE.match(after):
            return term
    return positions[-1][1]


# 「みなし輸出ってなに？」「TICSとは」: the words before the marker are the term asked to be defined
_DEFINED_TERM = re.compile(r"^(?:そもそも|結局|で|じゃあ)?[、,\s]*([^\s、。,？?!！のをにがはでと「」『』]{2,20}?)(?:って|とは)")


def defined_term(question: str) -> str | None:
    """Return the term a definition question asks about, written as the question writes it (one word
    with no particle in it: 「みなし輸出」, not 「輸出管理の対象」), or None."""
    found = _DEFINED_TERM.match(normalize_text(question))
    return found.group(1) if found else None


def member_term(question: str, focus: tuple[str, ...]) -> str | None:
    """Return the thing a question asks is among others (「出席機関には、産総研は含まれますか」 → 産総研):
    the topic word right before the particle that opens 含まれ/入って/該当; None for no such question."""
    text = normalize_text(question)
    asked = MEMBERSHIP.search(text) or _ALSO.search(text) or _PUT_AS.search(text)
    if asked is None:
        return None
    before = re.sub(_MEMBER_MARKED + r"\s*$", "", text[: asked.start()])
    ending = [t for t in focus if before.endswith(t)]
    if not ending and before.endswith("に"):
        # 「クラウドも特定重要物資に入ってる？」: に marks the set; the thing is the topic word marked before it
        ending = [t for t in focus if re.search(re.escape(t) + _MEMBER_MARKED, before)]
    if not ending and (of := _OF_GENERIC.search(before)) and of.group(2) in GENERIC_NOUNS:
        # 「日本の会社も対象になるの？」: a generic word (会社, 人) names no thing; the word before its の does
        ending = [t for t in focus if of.group(1).endswith(t)]
    return max(ending, key=len) if ending else None


# The particles that mark the thing a membership question asks about (「クラウドも」「日本の会社って」)
_MEMBER_MARKED = r"(?:は|が|も|って|とか|なんか)"
# A word, の and a noun ending the phrase (日本の会社)
_OF_GENERIC = re.compile(r"([一-龥ァ-ヶーA-Za-z0-9]+)の([一-龥ァ-ヶー]{1,4})$")


def member_written(question: str, member: str) -> str:
    """Return the thing a membership question asks about as it is written: `member` and the generic word
    after its の (「日本の会社」), or `member` itself."""
    written = re.search(re.escape(member) + r"の[一-龥ァ-ヶー]{1,4}(?=" + _MEMBER_MARKED + ")", normalize_text(question))
    return written.group(0) if written and written.group(0)[len(member) + 1:] in GENERIC_NOUNS else member


def member_sets(question: str, focus: tuple[str, ...], member: str) -> list[str]:
    """Return the sets a membership question asks `member` to be among: the topic words marked by に
    (「グループAに入ってる」「対象技術の中に」), or what 「AはB？」 asks A to be."""
    text = normalize_text(question)
    return [t for t in focus if member not in t and t not in member and (
        re.search(re.escape(t) + r"[A-Za-z0-9]?\s*(?:の中|のうち)?に", text)
        or re.search(rf"{re.escape(member)}(?:は|って)\s*{re.escape(t)}\s*[？?]?$", text))]


# 「個人事業主でも取れる？」「中小企業も参加できるの？」: whether the thing named before でも/も is among
# those something holds for
_ALSO = re.compile(r"(?:でも|も)(?=\s*(?:でき|取れ|使え|受けられ|参加|申し?込め|利用|申請)[ぁ-ん]{0,5}[？?]?$)")


def is_action(term: str) -> bool:
    """Return True for a term that is one verbal noun (収録, 追加, 採択): something done, not a thing."""
    from .tokenize_ja import tagger

    words = list(tagger()(term))
    return len(words) == 1 and words[0].feature.pos3 == "サ変可能"


def name_ending(term: str) -> str | None:
    """Return the word a name of a kind ends in (法, 制度, 補助金, 局 …), or None."""
    return next((e for e in _NAME_ENDINGS if term.endswith(e)), None)


def is_name(term: str) -> bool:
    """Return True for a term that names a specific thing (a law, programme, organisation, company):
    one the documents either mention or do not cover."""
    from .tokenize_ja import tagger

    ending = name_ending(term)
    if ending and len(term) >= 3:
        # 「対象大学」「関係省庁」-like: a generic word before the ending names no particular one
        return term[: -len(ending)] not in GENERIC_NOUNS
    words = list(tagger()(term))
    proper = [w for w in words if w.feature.pos2 == "固有名詞"]
    # 「中国依存度」「日本企業」: a place, then a common noun, is that place's such thing, no name of its own
    if proper and all(w.feature.pos3 == "地名" for w in proper) and words[-1].feature.pos2 == "普通名詞":
        return False
    return bool(proper)


# Words saying a thing was made public: the date of 公表 or 公開 (a video or a page put out: 「…動画がYouTubeで
# 公開された年月日」)
_MADE_PUBLIC = ("公表", "公開", "発表", "策定")
# Kinds of date a question may ask for, and the words a segment stating one uses.
DATE_KINDS = {
    "締切": ("締切", "締め切", "〆切", "期限", "まで"),
    "期限": ("期限", "締切", "締め切", "まで"),
    "施行": ("施行",),
    "公表": _MADE_PUBLIC,
    "公開": _MADE_PUBLIC,
    "開始": ("開始", "から", "スタート"),
    # an event of a thing's life: the date of another event of it (公表, 指定) does not date this one
    "改訂": ("改訂", "改定", "第2版", "新版"),
    "改定": ("改定", "改訂"),
    "改正": ("改正",),
    "見直し": ("見直",),  # 見直し・見直された
    "更新": ("更新",),
    "指定": ("指定",),
    "設置": ("設置", "設立", "発足", "新設"),
    "設立": ("設立", "設置", "発足", "新設"),
    "成立": ("成立",),
    # (a meeting dated on a schedule, 「10/24 …ネットワーク会議」, is held that day)
    "開催": ("開催", "実施", "会合", "会議", "説明会", "交流会", "セミナー", "研修会", "講演会", "シンポジウム", "フォーラム"),
    "終了": ("終了", "まで"),
}
_DATE_KIND = re.compile(r"締め?切り?|〆切|期限|施行|公表|公開|開始|改訂|改定|改正|見直|更新|指定|設置|設立|成立|開催|終了")


_STATED_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年|令和\s*(\d{1,2})\s*年|(?<![\dA-Za-z])R\s*(\d{1,2})\s*年|(?<!\d)(\d\d)\s*年\s*\d{1,2}\s*月")


# The Japanese eras (元年 = 1), newest first, with the Western year each began in
ERA_STARTS = (("令和", 2019), ("平成", 1989), ("昭和", 1926))


def western_year(era: str, year: int) -> int:
    """Return the Western year of an era's year (令和7年 → 2025)."""
    return dict(ERA_STARTS)[era] + year - 1


def era_number(era: str, western: int) -> int:
    """Return the year of an era a Western year is (2025 → 7 of 令和): western_year's inverse."""
    return western - dict(ERA_STARTS)[era] + 1


def years_stated(text: str) -> set[int]:
    """Return the calendar years a text names: 2023年, 令和5年, R5年, and 「23年12月」 as slides write it."""
    out = set()
    for western, reiwa, short_reiwa, two_digit in _STATED_YEAR.findall(normalize_text(text)):
        if western:
            out.add(int(western))
        elif reiwa or short_reiwa:
            out.add(western_year("令和", int(reiwa or short_reiwa)))
        else:
            out.add(2000 + int(two_digit))
    return out


# A day of the year as questions and slides write it: 12月15日, 12/15 (also in 2025/12/15)
_STATED_DAY = re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*日|(?<![\d/])(?:\d{4}/)?(\d{1,2})/(\d{1,2})(?![\d/])")


def days_stated(text: str) -> set[tuple[int, int]]:
    """Return the days (month, day) a text names: 「12月15日」 and 「12/15」 are both (12, 15)."""
    out = set()
    for month, day, slash_month, slash_day in _STATED_DAY.findall(normalize_text(text)):
        month, day = int(month or slash_month), int(day or slash_day)
        if 1 <= month <= 12 and 1 <= day <= 31:
            out.add((month, day))
    return out


def ordinals(text: str) -> set[tuple[int, str]]:
    """Return the numbered members of a series a text names: 「第7回」 → (7, 回), 「第四回」 → (4, 回)."""
    out = set()
    for number, unit in _ORDINAL.findall(normalize_text(text)):
        out.add((number_value(number), unit))
    return out


# 「3つの切り口」: things of a kind, counted (「3つのP」 is the name of one idea, asked as a definition)
_SOME_OF_A_KIND = re.compile(WRITTEN_NUMBER + r"\s*つの[一-龥ァ-ヶー](?:[ぁ-ん]?[一-龥ァ-ヶー])+")
_ITEMS_NAMED = re.compile(WRITTEN_NUMBER + r"\s*つ(?:の|を|に|と|が|は|、|$)")


def sample_asked(question: str) -> int | None:
    """Return how many things a question asks to be shown (「事例を3つ挙げて」 → 3), or None."""
    match = _SAMPLE_ASKED.search(normalize_text(question))
    return number_value(match.group(1)) or None if match else None


def items_named(text: str) -> int | None:
    """Return how many items a text says there are (「4つの制度」「三つの柱」「…の4分野」), or None."""
    text = normalize_text(text)
    match = _ITEMS_NAMED.search(text) or SET_NAMED.search(text)
    if not match:
        return None
    number = match.group(1)
    return number_value(number) or None


# 「そのうち3つ目は？」「2番目の柱って」: one item of a list, by its place (not 「2番目に多い」, a ranking)
_ITEM_ASKED = re.compile(WRITTEN_NUMBER + r"\s*(?:つ目|番目|個目|点目)(?!に)")


# 「そのうち…」「その中で…」: a part of what the last turn was about
_OF_THOSE = re.compile(r"^(?:じゃあ|では|で)?[、,]?\s*(?:そのうち|その中で|そのなかで)")
# 「そのうち、人を通じた流出って具体的にどういうケース？」: one item of the last answer's list, by its name
_ITEM_NAMED = re.compile(_OF_THOSE.pattern + r"[、,]?\s*「?([^「」、。？?\s]{2,20}?)」?(?:って|は|とは|について)")


def item_named(question: str) -> str | None:
    """Return the name of the one item of the last answer's list a follow-up asks about, or None."""
    match = _ITEM_NAMED.search(normalize_text(question))
    return match.group(1) if match else None


def item_asked(question: str) -> int | None:
    """Return the place of the one list item a question asks for (「3つ目の項目は」 → 3), or None."""
    match = _ITEM_ASKED.search(normalize_text(question))
    return number_value(match.group(1)) if match else None


def number_value(text: str) -> int:
    """Return the value of a number written in digits or in kanji (「2」「二」「十二」)."""
    return int(text) if text.isdigit() else kanji_number(text)


def kanji_number(text: str) -> int:
    """Return the value of a kanji numeral up to 99 (四 → 4, 十二 → 12, 二十 → 20)."""
    digits = "一二三四五六七八九"
    if "十" not in text:
        return digits.index(text) + 1 if len(text) == 1 and text in digits else 0
    tens, _, ones = text.partition("十")
    return (digits.index(tens) + 1 if tens else 1) * 10 + (digits.index(ones) + 1 if ones else 0)


def date_kind_words(asked: str) -> tuple[str, ...]:
    """Return the words that state a date of the kind `asked` names (締め切り → 締切, 期限 …)."""
    key = "締切" if re.fullmatch(r"締め?切り?|〆切", asked) else asked
    return DATE_KINDS.get(key, (asked,))


def _date_kind_of(text: str) -> list[Qualifier]:
    """Return the kind of date a text asks for (締切, 施行, 見直し …) as a condition, the first it names, or []."""
    kind_of_date = _DATE_KIND.search(text)
    return [Qualifier("date_kind", "見直し" if kind_of_date.group(0) == "見直" else kind_of_date.group(0))] if kind_of_date else []


def qualifiers_of(question: str) -> tuple[Qualifier, ...]:
    text = normalize_text(question)
    out = [Qualifier("per", m.group(0)) for m in _PER.finditer(text)]
    out += [Qualifier("year", m.group(0)) for m in _YEAR.finditer(text) if "年度" in m.group(0)]
    # 「（2023年）」 in a date question: the date asked is in that year (a fiscal year is the line above)
    # 「2026年のG7議長国」「2020年時点の目標」: a year that the thing asked is of, whatever its type
    # (「2024年の資料と2025年の資料で」 names documents, not a condition)
    spans = list(_YEAR_SPAN.finditer(text))
    out += [Qualifier("since" if m.group(2) in ("以降", "以後") else "until", m.group(0)) for m in spans]
    # 「1960年代〜1980年代の出来事」「1990年から1999年まで」「1980年代の」: the years from the first to the last
    # (a decade's last is its ninth)
    ranges = [m for m in _YEAR_RANGE.finditer(text) if not any(m.start() <= span.start() < m.end() for span in spans)]
    ranges += [m for m in _DECADE.finditer(text) if not any(r.start() <= m.start() < r.end() for r in [*ranges, *spans])]
    for m in ranges:
        first = int(m.group(1))
        last = int(m.group(3)) + (9 if m.group(4) else 0) if m.re is _YEAR_RANGE else first + 9
        out += [Qualifier("since", f"{first}年"), Qualifier("until", f"{last}年")]
    spans += [year for m in ranges for year in _YEAR.finditer(text, m.start(), m.end())]
    # (「2050年には」「2030年までに」「2020年時点で」: the time a value is of, as 「2020年時点の」 is)
    out += [Qualifier("as_of" if re.match(r"\s*(時点|現在)?の(?!うち|資料|版|もの|ほう)|\s*(には|までに|時点で)", text[m.end():])
                      else "calendar_year", m.group(0))
            for m in _YEAR.finditer(text) if "年度" not in m.group(0) and all(m.start() != span.start() for span in spans)]
    # 「12月15日の説明会の満足度」: that day's event, not another day's (a date question asks the day instead)
    out += [Qualifier("day", m.group(0)) for m in _STATED_DAY.finditer(text)]
    out += [Qualifier("edition", m.group(0)) for m in _EDITION.finditer(text)]
    # (「第3回有識者会議資料では」 names a document, as 「2024年の資料」 does, not a condition on its lines)
    out += [Qualifier("ordinal", m.group(0)) for m in _ORDINAL.finditer(text) if not _OF_DOCUMENT.match(text[m.end():])]
    # 「職員数は何人」: a count of that (職員), not any number of people near the topic
    counted = re.search(r"([一-龥ァ-ヶー]{2,8}?)(?:の)?数(?:は|って|が|を|も|と|、|[？?]|$)", text)
    # 「従業員何人」: the noun written right before the asked count names what is counted too
    counted = counted or re.search(r"([一-龥ァ-ヶー]{2,8}?)何\s*(?:人|名|社|件|者)", text)
    if counted and counted.group(1) not in GENERIC_NOUNS and not counted.group(1).endswith(_COUNTERS):
        out.append(Qualifier("counted", counted.group(1)))
    for kind, (asked, _) in ATTRIBUTES.items():
        if match := asked.search(text):
            out.append(Qualifier(kind, match.group(0)))
    kind_of_amount = _AMOUNT_KIND.search(text)
    if (kind_of_amount and kind_of_amount.group(1) not in _ANY_AMOUNT_WORD and not COST_QUESTION.search(text)
            and not kind_of_amount.group(1).endswith(_NOT_CHARGES)):
        out.append(Qualifier("amount_kind", kind_of_amount.group(1)))
    # 「年に何回まで使える？」「上限はいくら」: the most allowed, which only a line stating a limit answers
    # (a record, 「延べ90回」, says how often it was used)
    if limit := _LIMIT_ASKED.search(text):
        out.append(Qualifier("limit", limit.group(0)))
    # 「対象技術が15から19に増えたのはいつ？」: when a count came to a figure, which a line stating that figure dates
    if reached := _CAME_TO.search(text):
        out.append(Qualifier("reached", reached.group(1)))
    if upcoming := _UPCOMING.search(text):
        out.append(Qualifier("upcoming", upcoming.group(0)))
    elif (past := _PAST.search(text)) and not _REPORTED.search(text) and not _AIMING.search(text):
        out.append(Qualifier("past", past.group(0)))
    # 「特定重要物資のうち経産省関係のもの」: only that part of the whole
    # (a thing named, not a clause: 「そのうち最も新しく成立したのは」 picks one by what it did)
    # (a quoted part is named whole: 「…のうち「技術優位性確保のためのサプライチェーン強化」では」)
    # (a case particle after the part is not part of it: 「そのうち蓄電池には」 names 蓄電池; nor is って:
    # 「4本柱のうち基幹インフラって何？」 names 基幹インフラ)
    parts = [m.group(1) or re.sub(r"(?<=[一-龥ァ-ヶーA-Za-z0-9])[にでをへとも]$", "", m.group(2))
             for m in re.finditer(r"のうち(?:の)?(?:「([^」]{2,40})」|([^、。？?のはがっ「]{2,12}))", text)]
    # 「…って、経産省が関係してるのは何分野？」「経産省に関連するものは」: the part a government body is
    # concerned with, as 「…のうち経産省関係」 (not a thing: 「有機ELに関係するのは」 asks which items name it)
    parts += [m.group(1) + "関係" for m in re.finditer(
        r"([一-龥ァ-ヶーA-Za-z]{1,10}(?:省|庁|局|府))(?:が|に)(?:関係|関連|関わ|かかわ)(?:して(?:い)?る|する)(?:もの|の)(?:は|って)", text)]
    # (「そのうち3つ目」 picks an item by its place: see item_asked; 「そのうち1990年以前」 a span of years)
    out += [Qualifier("subset", part) for part in parts
            # (「加盟国のうち何カ国が」: how many of them, which is asked, not a part named)
            if len(part) >= 2 and not re.search(r"[ぁ-ん]$", part) and not _ITEM_ASKED.match(part)
            and not re.match(r"何|いくつ|どれ|どの", part)
            and not _YEAR_SPAN.fullmatch(part)]
    # 「日EUハイレベル経済対話で合意したこと」: talks between Japan and a partner are those talks, not another
    # partner's (「日中輸出管理対話」)
    out += [Qualifier("place", m.group(0)) for m in _BILATERAL.finditer(text)]
    # 「九州で…どこに連絡すれば」「ロシア向けの輸出」: the answer must be about that place. A place inside a
    # longer name (九州局の資料) names a document or an office, not a condition.
    from .tokenize_ja import tagger

    words = list(tagger()(text))
    for i, word in enumerate(words):
        if word.feature.pos3 != "地名":
            continue
        after = words[i + 1].surface if i + 1 < len(words) else ""
        if after in ("向け", "で", "に", "から", "へ", "では", "における", "方面"):
            out.append(Qualifier("place", word.surface))
        # 「韓国が指定した…はいくつ？」: what another country did or has is told where that country is named
        elif after in ("が", "は") and is_foreign_country(word.surface):
            out.append(Qualifier("place", word.surface))
        # 「中国の国家安全法」「日本の早期警戒システム」: a country's law or system, not the one of that name
        # another country has
        elif after == "の" and re.match(r"[一-龥ァ-ヶー]+?(法|規制|制度|システム|戦略|政策)(?![一-龥ァ-ヶー])",
                                        "".join(w.surface for w in words[i + 2:i + 8])):
            out.append(Qualifier("owner", word.surface))
    # 「申込締切はいつ」「施行日は」: a date of that kind, not any date near the topic (an event's own date).
    out += _date_kind_of(text)
    # 「今回は何年間の措置？」: this time's, not what a line says of an earlier time (「第1次政権においても」)
    if this_time := re.search(r"今回|今度", text):
        out.append(Qualifier("this_time", this_time.group(0)))
    if latest := _LATEST.search(text):
        out.append(Qualifier("latest", latest.group(0)))
    elif earlier := _EARLIER.search(text):
        out.append(Qualifier("earlier", earlier.group(0)))
    # 「一番多かった業種」 asks the document's own ranking (「最も新しい」 asks for the newest: latest above)
    # (「一番最初の章」 is the first, an ordinal, not a ranking)
    if superlative := re.search(r"(?:一番|いちばん)(?!最初|初め|はじめ|最後|先頭)|最も|もっとも|最多|最大(?!限|化)|最高(?!裁)|ランキング|(?<!優先)順位",
                                re.sub(_NEWEST, "", text)):
        out.append(Qualifier("superlative", superlative.group(0)))
    return tuple(out)


# 「紹介されてる会社は何の業種？」「載ってる対策は？」: what is introduced or written there — where the last
# answer was — points back as それ does
_SAID_THERE = re.compile(r"^(紹介|記載|掲載|説明|挙げ|書)(され|られ|かれ)て|^(載|書い)て(る|いる|た|あ)")


def is_followup(question: str) -> bool:
    """Return True for a question that points back (それ/その/そこ…, 紹介されてる…) or has no topic of its own."""
    text = normalize_text(question)
    return bool(_FOLLOWUP.search(text) or _SAID_THERE.search(text)) or not focus_terms(question)


# 「リスト規制とキャッチオール規制の違いは？」「TICSとISMSって何が違うの」: two things set side by side.
# Two editions or dates of one thing (第1版と第2版, 2023年と2025年) are an edition question instead.
# 「名目値と実質値のいずれで」: which of two (いずれも, "both", and いずれ alone, "some day", ask none)
_COMPARED = re.compile(r"違い|違う|相違|差異|比較|比べ|どっち|どちら|(?<=の)いずれ(?!も)")
# 「TICSとISMS、どっちが簡単なの？」: which of two is better in some way (the way asked: 簡単)
WHICH_BETTER = re.compile(r"(?:どっち|どちら)(?:の方|のほう)?が([^？?、。\s]{1,6}?)(?:の|なの|なん|です|でしょう|か|って|[？?]|$)")
_SIDES_JOINED = r"\s*(?:と|や|・|及び|および|vs\.?)、?\s*"
# 「リースにするのと買っちゃうのと、」: two courses of action, each ending in のと
_ACTS_SET_SIDE = re.compile(r"([^、。？?\s「」を]+?)(?:にする|する)?のと[、,]?\s*([^、。？?\s「」]+?)(?:にする|する)?のと[、,]?\s*$")
_EDITION_SIDE = re.compile(r"版|\d\s*年|年度|^(旧|新|前|今|現在|最新|以前)の?(もの|資料)?$")


def compare_word(text: str, start: int = 0) -> int:
    """Return where the word that asks for a comparison (違い, 比べ …) begins in `text` after `start`."""
    asked = _COMPARED.search(text, start)
    return asked.start() if asked else len(text)


def compared_terms(question: str, focus: list[str]) -> tuple[str, str] | None:
    """Return the two things a question compares — two topic words joined by と before 違い/比較…, each
    with the topic words it is said to be of (「外為法の輸出管理」, 「経済産業政策の新機軸」) — or None
    when it compares none, or two editions or dates of one thing."""
    text = normalize_text(question)
    asked = _COMPARED.search(text)
    if not asked:
        return None
    before = text[: asked.start()]
    cases = list(re.finditer(f"({CASE_REFERENCE.pattern}){_SIDES_JOINED}({CASE_REFERENCE.pattern})", before, re.IGNORECASE))
    if cases:  # 「No.14とNo.42の違いは？」: two cases by their numbers
        return cases[-1].group(1).strip(), cases[-1].group(5).strip()
    quoted = list(re.finditer(r"「([^「」]+)」" + _SIDES_JOINED + r"「([^「」]+)」", before))
    if quoted:  # 「人材流出」と「営業秘密の不正取得・開示」: the brackets say where each thing ends
        sides = quoted[-1].groups()
        return None if any(_EDITION_SIDE.search(side) for side in sides) else sides
    acts = _ACTS_SET_SIDE.search(before)
    if acts:  # 「リースにするのと買っちゃうのと、どっちが」: two courses, each an act
        return acts.groups()
    terms = sorted(set(focus), key=len, reverse=True)
    joined = [(m.start(), m.end(), a, b) for a in terms for b in terms if a != b
              for m in re.finditer(re.escape(a) + _SIDES_JOINED + re.escape(b), before)]
    if not joined:
        return None
    start, end, a, b = max(joined, key=lambda j: j[1])  # the pair nearest the word that compares
    first_end, second_start = start + len(a), end - len(b)
    # each thing is the whole name around its topic word (伝統的「産業政策」, 米国「CFIUS」), and the topic
    # words it is said to be of (「外為法の」輸出管理, 経済産業政策「の新機軸」)
    while True:
        name = re.search(r"[\u4e00-\u9fffァ-ヶーA-Za-z0-9々]+$", before[:start])
        owner = next((t for t in terms if before[:start].endswith(t + "の")), None)
        if name:
            start = name.start()
        elif owner:
            start -= len(owner) + 1
        else:
            break
    while True:
        name = re.match(r"[\u4e00-\u9fffァ-ヶーA-Za-z0-9々]+", before[end:])
        owned = next((t for t in terms if before[end:].startswith("の" + t)), None)
        if name:
            end += name.end()
        elif owned:
            end += len(owned) + 1
        else:
            break
    sides = (before[start:first_end], before[second_start:end])
    return None if any(_EDITION_SIDE.search(side) for side in sides) else sides


def analyse(question: str, history: list[dict[str, str]] | None = None) -> Analysis:
    """Return the analysis of `question`, reading a follow-up against the earlier user turns."""
    history = [turn for turn in (history or []) if turn.get("content")]
    earlier = [turn["content"] for turn in history if turn.get("role") == "user"]
    own = _resolve_anaphors(in_kana(question))
    question = _resolve_anaphors(own, in_kana(earlier[-1])) if earlier else own
    # 「当該調査は何を目指す？」 after a question naming 半導体サプライチェーン調査: a follow-up that now names
    # its topic, answered as a question of its own
    pointed_back = [t for t in focus_terms(question) if t not in focus_terms(own)] if question != own else []
    focus = focus_terms(question)
    # the sides are read from the question's own topic words, before any is set aside below, so the
    # type and the sides are one decision
    compared = compared_terms(question, focus)
    kind = "comparison" if compared else _type_of_one_thing(question)
    # 「2024年2月の資料では…が挙げられていました。最新の資料では、…の例として何が示されていますか」: the sentence
    # that asks says what is asked, not the scene before it (「…が挙げられていました」 asks for no list)
    if not compared and not earlier and (asking := asking_sentence(question, focus)) is not None:
        kind = _type_of_one_thing(asking)
    carried = None
    resolved = question
    # 「クラウドも入ってる？」: whether a thing is among others, with no set named, asks it of the last topic
    among = MEMBERSHIP.search(normalize_text(question)) and set(focus) <= {member_term(question, tuple(focus))}
    followup = bool(earlier) and (is_followup(question) or _short_without_name(question, focus) or bool(among))
    if followup:
        previous = analyse(*last_question(history))
        carried = _topic_phrase(previous.resolved, previous.focus[:2]) if len(previous.focus) > 1 and \
            not any(a in b for a in previous.focus[:2] for b in previous.focus[:2] if a != b) else previous.topic
        carried_focus = list(previous.focus[:2])
        if previous.followup and previous.carried:
            carried = previous.carried  # 「TICSって何？」「それ取るとメリットある？」「費用は？」: still TICS
            carried_focus = focus_terms(carried) or carried_focus
        if carried is None and previous.case:
            # 「事例⑥ってどういう話？」「それって結局セーフなの？」: a question of a case alone carries the case
            carried = case_written(previous.resolved) or previous.case
        ellipsis = _ELLIPTICAL.match(normalize_text(question))
        part = NUMBERED_PART.search(normalize_text(question))
        earlier_part = next((m for m in NUMBERED_PART.finditer(previous.resolved)
                             if part and m.group(2) == part.group(2)), None)
        if ellipsis and earlier_part:
            # 「第4章は？」 after 「ガイダンスの第2章には何が書いてある？」: the same question of another part
            resolved = previous.resolved[: earlier_part.start()] + part.group(0) + previous.resolved[earlier_part.end():]
            return replace(previous, question=question, resolved=resolved, qualifiers=qualifiers_of(resolved),
                           followup=True, carried=previous.topic, notes=[])
        case = CASE_REFERENCE.search(normalize_text(question))
        if ellipsis and case and not focus_terms(CASE_REFERENCE.sub("", question)):
            earlier_case = CASE_REFERENCE.search(previous.resolved)
            if earlier_case is None or [g is None for g in case.groups()] != [g is None for g in earlier_case.groups()]:
                return analyse(question)  # 「No.42は？」 after a question of no such case: a case of its own
            # 「No.42は？」 after 「ベストプラクティス集No.14はどんな取組？」: the same question of another case
            # of the same collection (「事例⑦は？」 after 「…事例⑥ってどんな事例？」)
            resolved = previous.resolved[: earlier_case.start()] + case.group(0) + previous.resolved[earlier_case.end():]
            return replace(analyse(resolved), question=question, followup=True, carried=previous.topic)
        if carried and ellipsis and focus and _OF_THOSE.match(normalize_text(question)) and previous.topic \
                and previous.topic in previous.resolved and focus[0] != previous.topic:
            # 「そのうち経産省関係は？」 after 「特定重要物資は現在いくつ？」: the same question of that part of the
            # whole (「特定重要物資のうち経産省関係は現在いくつ？」), not of the part alone
            resolved = previous.resolved.replace(previous.topic, f"{previous.topic}のうち{focus[0]}", 1)
            return replace(analyse(resolved), question=question, followup=True, carried=focus[0])
        if carried and ellipsis and focus and kind in ("lookup", previous.answer_type):
            # 「じゃあ九州は？」 after 「東北局の説明会は何人参加？」: the same question about the new topic
            # (「申し込み方法は？」 asks a question of its own, how to apply, of the last topic).
            topic = focus[0]
            # the new topic takes the place of the earlier one of the same kind (a place for a place)
            # (a place for a place, 「B社」 for 「A社」: a word ending alike before any other; the thing
            # asked to be among others for such a thing: 「じゃあ軟性内視鏡は？」 after 「量子コンピュータは入ってる？」)
            alike = [t for t in previous.focus if _is_place(t) == _is_place(topic)]
            member = member_term(previous.resolved, previous.focus) if previous.answer_type == "yesno" else None
            replaced = member or next((t for t in alike if t[-1] == topic[-1]), alike[0] if alike else carried)
            # 「じゃあ九州は？」 after 「東北局の…」: a place standing in for a place's office is that place's office
            # (九州局), not the region, whose lines the other office's deck may hold
            if replaced.endswith("局") and _is_place(replaced[:-1]) and _is_place(topic) \
                    and not topic.endswith(ORGANISATION_ENDINGS):
                topic += "局"
            resolved = previous.resolved.replace(replaced, topic, 1) if replaced in previous.resolved \
                else f"{topic}の{previous.resolved}"
            kind = previous.answer_type
            focus = [topic] + [t for t in previous.focus if t != replaced]
            names = tuple(t for t in focus if is_name(t))
            # 「じゃあ輸出管理は？」 after a comparison compares the new topic in the place of the one it replaces
            compared = tuple(side.replace(replaced, topic, 1) for side in previous.compared)
            return Analysis(question=question, resolved=resolved, answer_type=kind,
                            counter=previous.counter, focus=tuple(focus), names=names,
                            qualifiers=previous.qualifiers, case=previous.case, followup=True, carried=topic,
                            compared=compared)
        if carried and (sibling := _stood_in_for(carried_focus, focus)) is not None:
            # 「じゃあ汎用コンピューターとして普及したやつは？」 after 「…世界初の商用コンピューターって何？」:
            # the new word takes the place of the earlier one that ends alike; the rest still frames it
            carried = re.sub(rf"^{re.escape(sibling)}の?|の?{re.escape(sibling)}", "", carried, count=1) or None
            carried_focus = [t for t in carried_focus if t != sibling]
        if carried:
            pronoun = re.search(_DEMONSTRATIVE + r"(の|は|に|を|が|って|で)?", question)
            if pronoun:
                connector = pronoun.group(2) or "の"
                resolved = question[: pronoun.start()] + carried + connector + question[pronoun.end():]
            else:  # 「いくつ？」「無料？」, with no topic word of its own, asks it of the topic: 「特定重要物資はいくつ？」
                connector = "に" if among else "の" if focus_terms(question) else "は"
                # (「じゃあ中南米とは…」 → 「経産省の中南米とは…」: the opening word only said it goes on)
                bare = _GOING_ON_FROM.sub("", question)
                resolved = f"{carried}{connector}{bare}" if not question.startswith(carried) else question
            focus = list(dict.fromkeys([*carried_focus, *focus]))
            if previous.case and not case_key_of(resolved):  # 「No.1は？」 then 「A社は何をしてる？」: still No.1
                resolved = f"{previous.case} {resolved}"
    counter = counter_of(resolved) if kind in ("number", "list") else None  # a follow-up counts its topic
    named_set = SET_NAMED.search(normalize_text(question)) if kind == "list" else None
    counter = counter or (named_set.group(2) if named_set else None)  # 「…の4分野」 counts 分野
    if kind == "number" and counter is None:  # 「事前報告対象技術、今はいくつ？」 counts 技術
        # (a follow-up's, 「前はいくつだった？」, is the earlier topic's; not a word of the clause that tells the
        # situation: 「ヘルスケアの事業をやってるんだけど、…の市場はどれくらい？」 counts no 事業)
        head = head_term(_main_clause(normalize_text(resolved), tuple(focus)), focus)
        counter = next((c for c in _COUNTERS if len(c) >= 2 and head and head.endswith(c)), None)
    qualifiers = qualifiers_of(question)
    if kind == "yesno":  # 「一番大事な技術も移していいの？」: the superlative names the thing asked of, no ranking asked
        qualifiers = tuple(q for q in qualifiers if q.kind != "superlative"
                           or not re.search(re.escape(q.text) + r"[^、。？?はがも]{1,6}?(?:[なの]|(?<=[一-龥]し)い)[一-龥ァ-ヶー]", normalize_text(question)))
    # what is counted or asked for (技術 in 何技術, 罰則) is no topic of its own: the condition checks it
    # (nor are the words of the phrase that asks it: 基準 in 「どういう基準で」)
    # (「有効期間は？」: 有効 says which length is asked, like 期間 itself)
    period = NAMED_PERIOD.search(question) if counter == "期間" else None
    # (「TICSの認証を取るのに資金はどのくらい必要？」: 資金 is the sum asked, not a thing it is of)
    money = _MONEY_ASKED.search(normalize_text(question)) if kind == "amount" else None
    asked = {counter, *(t for t in focus for q in qualifiers if q.kind in ATTRIBUTES and t in q.text),
             *((period.group(1),) if period else ()), *((money.group(1),) if money else ())}
    focus = [t for t in focus if t not in asked] or focus
    if kind == "contact":  # 「…で質問したいんだけど、どこ宛て？担当の課も教えて」: who handles it and the asking are the contact
        focus = [t for t in focus if t not in _CONTACT_ASKED]
    if kind in ("howto", "yesno", "list", "lookup") and not followup:
        # 「…みたいなメールがちょくちょく来る、どう対策してる？」: a kind of contact named in a question that asks
        # no contact is what it is about (the generic words drop it as the kind a contact question asks)
        focus += [w for w in _CONTACT_KINDS if w in normalize_text(question) and not any(w in t for t in focus)]
    if kind in ("list", "lookup", "edition"):  # 「…で追加されたものは？」: 追加 says what is asked of the list
        focus = [t for t in focus if not ADDED_ASKED.fullmatch(t)] or focus
    # 「大学回りのほかに、企業への訪問は…」: what the user sets aside is not what is asked (the words only
    # there are no topic; a line about 大学 is no answer on 企業)
    aside = _set_aside(normalize_text(question), focus)
    focus = [t for t in focus if t not in aside] or focus
    if (asking := asking_sentence(question, focus)) is not None:  # (as Analysis.asking reads it, of the final focus)
        # 「2024年2月の資料では…第四回…で改定するとされていました。その後、いつ改訂…」: a date, an ordinal, an
        # edition or a kind of event of the scene is no condition; the asking sentence's own kind of event is
        qualifiers = tuple(q for q in qualifiers if q.kind not in _SCENE_CONDITIONS or compact(q.text) in compact(asking))
        if not any(q.kind == "date_kind" for q in qualifiers):
            qualifiers += tuple(_date_kind_of(asking))
        if read := documents_read(question, asking):
            # 「2024年2月の経産省資料では…とされていました。より新しい資料では…」: what a newer document says (the
            # office named as the one whose document was read is no topic: see _SOURCE_NAMING)
            qualifiers += (Qualifier("newer_than", read[0].text),)
    if kind != "edition" and not any(q.kind in (*EDITION_ORDER, "newer_than") for q in qualifiers):
        # 「九州局の資料だと、…」「東北局の資料では…」: the bureau's own deck is where to look (not its words: see
        # _SOURCE_NAMING), unless the question compares it with another edition
        sources = sources_named(question)
        if not sources and earlier and (followup or _GOING_ON_FROM.match(normalize_text(question))):
            # 「九州局の資料だと、…」 then 「じゃあ…は？」: the follow-up still looks in that deck
            before = previous if followup else analyse(*last_question(history))  # (a follow-up's is read already)
            sources = tuple(q.text for q in before.qualifiers if q.kind == "source")
        qualifiers += tuple(Qualifier("source", office) for office in sources)
    # 「ChatGPTみたいな生成AI」: a name given as an example is not what the question is about
    examples = {t for t in focus if re.search(re.escape(t) + r"(みたいな|のような|などの|等の|とか)", normalize_text(question))}
    names = tuple(t for t in focus if is_name(t) and t not in examples)
    # (of a question of several sentences, the asking one's: 「…大臣が輸出者に通知する…と整理されていました。
    # 最新の資料では、…インフォームはどのような場合に…」 asks of インフォーム, not 大臣)
    # 「メルマガで定期的に届けて」: a word made an adverb by 的に says how, not what is asked about
    adverbs = set(_ADVERB_OF.findall(normalize_text(question)))
    topics = [t for t in focus if t not in examples and t not in adverbs] or [t for t in focus if t not in examples]
    # (a value asked in one sentence, of its main clause's: 「…改正案が出された時点で、…導入済みの加盟国は何か国」
    # asks of 加盟国, not of the 改正案 that dates it — a yes/no question's story may name what it asks about)
    # (「…勉強会って、評判どうだった？満足度は何割くらい？」: of questions put one after another, the last asks the
    # value, of 満足度, when it names a topic word of its own)
    asked_in = asking if asking is not None else \
        _main_clause(_last_question(normalize_text(question), topics), tuple(topics)) if kind in ("number", "date", "amount") else None
    head = (head_term(asked_in, topics) if asked_in is not None else None) or head_term(question, topics)
    also = tuple(t for t, p in (("amount", r"予算|額|費用|金額"), ("date", r"いつ|時期|年月"), ("number", r"数|いくつ|第何"))
                 if kind in VALUE_TYPES
                 and t != kind and re.search(rf"(と|や|、)\S{{0,6}}({p})|({p})\S{{0,6}}(と|や|、)", normalize_text(question)))
    if kind == "number" and _TWO_COUNTS.search(normalize_text(question)):
        also += ("number",)  # 「企業群の数と対話した企業数」: a second count, of another thing
    if kind == "date" and len(re.findall(r"いつ", re.sub(r"いつから[^。？?]{0,10}?いつまで", "", normalize_text(question)))) >= 2:
        # 「…を発表したのはいつで、調査はいつ開始」: a second date, of another event (「いつからいつまで」 asks one span)
        also += ("date",)
    sample = sample_asked(question)  # 「3つ挙げて」 says how many to show, not how many there are
    return Analysis(question=question, resolved=resolved, answer_type=kind, counter=counter, head=head, also=also, focus=tuple(focus), names=names,
                    qualifiers=qualifiers, case=case_key_of(resolved),
                    items=None if sample else items_named(question), sample=sample,
                    followup=(followup and bool(carried)) or bool(pointed_back),
                    carried=carried or next(iter(pointed_back), None), compared=compared or (),
                    set_aside=tuple(t for t in aside if t not in focus))


# 「定期的に」「法的に」: a word made an adverb by 的に
_ADVERB_OF = re.compile(r"(?<![一-龥ァ-ヶー])([一-龥]{1,2})的に")


# Verbs that link two nouns as a particle does (「…における」「…に関する」「…に基づく」): no clause of their own
_LINKING = re.compile(r"(?:における|に関する|に対する|に係る|に基づく|に向けた|に伴う|による|とする|という|といった|にわたる|に沿った|に応じた)$")
# The marks of what a question asks about: は, って, について, に関して
_TOPIC_MARK = re.compile(r"\s*(?:は|って|について|に関して|に関し|に係る)")


def _describing(text: str, focus) -> set[str]:
    """Return the topic words a question writes only inside a clause that describes a topic word after it
    (「日本が固体電解質等の開発で先行する全固体電池について」 → 日本, 固体電解質等, 開発, 先行): a verb in its
    attributive form right before the word the question marks as its topic (は, って, について) ends such a
    clause, which begins after the last comma or topic particle before it. A clause over a word of two
    characters (「認証を取得した企業は」) says what is asked of, not which thing."""
    from .tokenize_ja import tagger

    words, spans, end, start = list(tagger()(text)), [], 0, 0
    for word, after in zip(words, [*words[1:], None]):
        end += len(word.white_space) + len(word.surface)
        if word.surface in ("、", ",", "。", "？", "?") or word.feature.pos1 == "助詞" and word.surface in ("は", "って", "では", "には"):
            start = end
        elif after is not None and word.feature.pos1 in ("動詞", "助動詞") and str(word.feature.cForm).startswith("連体形") \
                and not _LINKING.search(text, 0, end) and after.feature.pos1 in ("名詞", "接頭辞") \
                and any(len(t) >= 3 and text.startswith(t, end) and _TOPIC_MARK.match(text, end + len(t)) for t in focus):
            spans.append((start, end))
            start = end
    return _only_within(text, focus, spans)


def _only_within(text: str, focus, spans: list[tuple[int, int]]) -> set[str]:
    """Return the topic words `text` writes inside its (start, end) `spans` and nowhere else."""
    rest = text
    for start, end in reversed(spans):
        rest = rest[:start] + "　" + rest[end:]
    return {t for t in focus if any(t in text[start:end] for start, end in spans) and t not in rest}


# 「Aのほかに」「A以外に」「Aの他にも」「Aだけじゃなくて」「Aのみならず」, and 「Aじゃなくて」「Aではなく」 (not A):
# the A a question sets aside before what it asks (not 「ほか、」 of a list, 「…のほか派遣従業員や退職者も」, which
# names more of what is asked)
_BESIDES = re.compile(r"(?:の)?(?:ほか|他|以外)(?:に|で)(?:も)?|(?:だけ|ばかり)(?:で|じゃ)な(?:く(?:て)?)?|のみならず|"
                      r"(?:じゃ|では)なく(?:て)?")
# where the set-aside words begin: after a clause's comma or a word marked as the topic
_CLAUSE_START = re.compile(r"[、,。？?]|って|(?<=[一-龥ァ-ヶーA-Za-z0-9])は")


def _set_aside(text: str, focus) -> set[str]:
    """Return the topic words a question names only as what it sets aside (「東北局って大学回りのほかに、企業
    への訪問は」 → 大学): written before 「のほかに」「以外に」 in that clause and nowhere else in it."""
    spans = []
    for besides in _BESIDES.finditer(text):
        starts = [m.end() for m in _CLAUSE_START.finditer(text, 0, besides.start())]
        spans.append((starts[-1] if starts else 0, besides.start()))
    return _only_within(text, focus, spans)


# The conditions that date what is asked (a year, a fiscal year, a day)
_DATE_CONDITIONS = ("calendar_year", "as_of", "year", "day")
# The conditions a sentence that sets the scene may name without asking them
_SCENE_CONDITIONS = (*_DATE_CONDITIONS, "ordinal", "date_kind", "edition")


# 「…ってなってたけど、その後…」「…だったけど、今は…」: a clause of what was, then the question of later
# (が after a verb's or copula's end, 「…していましたが、」, not the subject marker: 「経産省が、現在…」);
# 「…とされていた…の改定は、その後いつ…」: what was said of a thing, marked as the topic, then その後
_LATER_ASKED = re.compile(r"(?:けど|けれど|けども|(?<=[たすい])が)[、,]\s*((?:その後|今は|今って|いまは|現在は|現在|最新))|"
                          r"(?<=[たれ])[^、。,]{1,30}は[、,]\s*(その後)")


# 「…を整備した後、」「…が済んだあとは、」: a step already done, before what is asked next
_AFTER_DONE = re.compile(r"(?<=[たてだ])(?:後|あと)(?:で|に|は)?[、,]\s*")


def asking_sentence(question: str, focus) -> str | None:
    """Return the last sentence of a question of several when it names a topic word of its own: it asks,
    and the sentences before it set the scene (「2024年2月の資料では…とされていました。より新しい資料では、
    特定重要物資はいくつ？」), or of one sentence, the clause after what the asker knew when it asks of a later
    time (「…ってなってたけど、その後どこまで進んでるの？」); None for another question of one sentence, or
    one whose last sentence names no topic word."""
    sentences = [s for s in re.split(r"(?<=[。．])", normalize_text(question)) if s.strip()]
    last = sentences[-1] if sentences else ""
    if len(sentences) < 2 and (done := _AFTER_DONE.search(last)) is not None \
            and any(compact(t) in compact(last[done.end():]) for t in focus):
        # 「…情報管理規程を整備した後、それを形骸化させず実行させ続けるには」: what is done already sets the
        # scene; what comes after it is asked
        return last[done.end():]
    if len(sentences) < 2 and (later := _LATER_ASKED.search(last)) is not None:
        # 「2024年の資料だと第4回を4月にやる予定ってなってたけど、その後どこまで進んでるの？」: what the asker
        # knew, then what is asked of a later time, which may name no topic word of its own
        return sentences[-1][later.start(later.lastindex):]
    if len(sentences) < 2 or not any(compact(t) in compact(sentences[-1]) for t in focus):
        return None
    # (「…相手先の情報管理体制をどのように確認すべきか。チェックリストでは…」: a sentence before that asks too
    # sets no scene; the question is asked in both)
    if any(re.search(r"か\s*[。．]$", s.strip()) for s in sentences[:-1]):
        return None
    return sentences[-1]


# Words the documents use for any foreign country: their advice on going abroad holds for each
ABROAD_WORDS = ("海外", "外国", "進出先", "相手国")


# Japan, as the documents and questions name it
OWN_COUNTRY = frozenset({"日本", "我が国", "わが国"})


def is_foreign_country(term: str) -> bool:
    """Return True for the name of a country other than Japan (中国, ベトナム, 米国; not 九州, 日本)."""
    from .tokenize_ja import tagger

    words = list(tagger()(term))
    return len(words) == 1 and _tagged_country(words[0]) and term not in OWN_COUNTRY


def _tagged_country(word) -> bool:
    """Return True for a word the dictionary tags as a country's name (中国, チリ; not 九州, 川下)."""
    return word.feature.pos3 == "地名" and word.feature.pos4 == "国"


# how far a phrase naming an earlier topic may run (「INPITの営業秘密支援窓口」)
_TOPIC_PHRASE_CHARS = 20


def _topic_phrase(question: str, terms: tuple[str, ...]) -> str:
    """Return the words of an earlier question that name its topic, as it put them: from the first of its
    two main words to the end of the compound the last one ends in (「INPITの営業秘密支援窓口」, not
    「営業秘密支援のINPIT」); the two joined by の when they are far apart."""
    found = sorted((question.find(t), t) for t in terms if t in question)
    if len(found) < 2:
        return "の".join(terms)
    (start, _), (last, term) = found[0], found[-1]
    end = last + len(term)
    while end < len(question) and re.match(r"[\u3005\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9]", question[end]):
        end += 1  # the compound goes on (支援 → 支援窓口)
    phrase = question[start:end]
    # (「見学会には何社が参加」「東北局って、技術流出対策」 run across the clause's particles or a comma: no one
    # phrase names the topic)
    clause = re.search(r"[はがを、,]|って|[にで]は", phrase)
    return phrase if len(phrase) <= _TOPIC_PHRASE_CHARS and not clause else "の".join(t for _, t in found)


def _stood_in_for(earlier: list[str], terms: list[str]) -> str | None:
    """Return the earlier topic word a word of a follow-up stands in for: the two end in the same word of
    two characters or more and differ before it (商用コンピューター, 汎用コンピューター), or both are places
    (「じゃあ中南米とは…」 after 「中国とは…」); None if none does."""
    for old in earlier:
        for term in terms:
            if old in term or term in old:
                continue
            if len(os.path.commonprefix([old[::-1], term[::-1]])) >= 2 \
                    or old in places_named(old) and term in places_named(term):
                return old
    return None


def _is_place(term: str) -> bool:
    return bool(places_named(term))


@lru_cache(maxsize=8192)
def places_named(text: str, countries: bool = False) -> frozenset[str]:
    """Return the place names a text names (中国, 台湾, 九州), as the dictionary tags them; with
    `countries`, only the countries (中国; not 九州)."""
    from .tokenize_ja import tagger

    return frozenset(w.surface for w in tagger()(text) if (_tagged_country(w) if countries else w.feature.pos3 == "地名"))


def foreign_countries_named(text: str) -> frozenset[str]:
    """Return the countries other than Japan a text names (「（参考）韓国における…」 → {韓国})."""
    return places_named(text, countries=True) - OWN_COUNTRY


def _short_without_name(question: str, focus: list[str]) -> bool:
    """Return True for a short question with no name of its own (「対象技術はいくつ？」 after 「官民対話
    スキームってなに？」): in a conversation it continues the topic before it."""
    def specific(term: str) -> bool:  # TICS, エンティティリスト, 九州: a topic of its own
        return is_name(term) or bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9.\-]+|[ァ-ヶー]{3,}.*", term)) or _is_place(term)

    # (「どこの地域でやったんですか？」: opening with the question word, it leaves its subject unsaid — the
    # topic before it — so it may run a little longer)
    text = normalize_text(question)
    limit = WH_FIRST_FOLLOWUP_CHARS if _WH_FIRST.match(text) else SHORT_FOLLOWUP_CHARS
    return len(text) <= limit and not any(specific(t) for t in focus)


SHORT_FOLLOWUP_CHARS = 12
WH_FIRST_FOLLOWUP_CHARS = 16
_WH_FIRST = re.compile(r"(どこ|どの|どんな|どう|どれ|何|なに|なん|いつ|誰|だれ|いくつ|いくら)")


def _last_user_index(history: list[dict[str, str]]) -> int:
    for index in range(len(history) - 1, -1, -1):
        if history[index].get("role") == "user":
            return index
    return 0


def last_question(history: list[dict[str, str]]) -> tuple[str, list[dict[str, str]]]:
    """Return the last user question of a conversation (its empty turns left out) and the turns before
    it, the history it was asked in."""
    turns = [turn for turn in history if turn.get("content")]
    last = _last_user_index(turns)
    return turns[last]["content"], turns[:last]

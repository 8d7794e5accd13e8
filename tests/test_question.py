"""Question analysis: what is asked, about what, under which conditions, and follow-ups (own examples)."""
import pytest

from pipeline.question import analyse, anonymous_asked, answer_type, counter_of, days_stated, focus_terms, head_term, item_asked


@pytest.mark.parametrize("question, kind", [
    ("見学会の受付窓口の電話番号は？", "contact"),
    ("見学会の受付窓口のメアドは？", "contact"),  # メアド: the everyday short form of メールアドレス
    ("部材を預ける前に局に届け出ないといけないの？", "yesno"),  # whether one must
    ("見本認証は取らなきゃダメ？", "yesno"),
    ("手引きはどこの部署が作ったの？", "organisation"),
    ("この統計って何年のデータ？", "date"),  # which year, not a count of years
    ("見本制度って何事業が対象？", "number"),  # how many 事業, not what the 制度 is
    ("見本計画の3つの切り口って何？", "list"),  # the three, not what a 切り口 is
    ("よく聞く『3つのP』って何のこと？", "definition"),  # the name of one idea
    ("何年の間に増えた？", "number"),
    ("申請書はどこからダウンロードできますか", "contact"),
    ("登録料はいくらですか", "amount"),
    ("次の説明会はいつ開かれますか", "date"),
    ("会員企業は何社ありますか", "number"),
    ("会員企業ってどんくらいある？", "number"),  # どんくらい, どれぐらい: how many, as people say it
    ("説明会ってどれぐらい来たの？", "number"),
    ("審査料ってどれぐらい？", "amount"),
    ("対象の品目はいくつ？", "number"),
    ("保存期間は何年ですか", "number"),
    ("説明会って参加するのにお金かかる？", "amount"),
    ("講習は無料ですか", "amount"),
    ("審査には何日かかる？", "number"),  # a duration
    ("届出は何日前までに出せばいい？", "number"),  # days before: a duration too
    ("手引きは全部で何ページ？", "number"),  # a total, not the pages
    ("対象の品目はいくつあるの？全部教えて", "list"),
    ("手引きのことを全部やれば漏えいは防げるの？", "lookup"),  # what one would do with all of them: no list  # the count and the things counted: the list
    ("見本法の3原則は？", "list"),  # a set named by its size
    ("棚卸しに必要な要素として整理されている項目は何ですか", "list"),  # the items of a set, asked formally
    ("支援制度の4分野", "list"),
    ("登録の申請先はどこ？", "contact"),
    ("不審な取引ってどこに通報すればいいの？", "contact"),  # where to report it: an office and its address
    ("変更届はどこへ提出すればよいですか", "contact"),
    ("見本局のページってどこ？", "contact"),
    ("見本の件でメールしたいんだけど、どこ宛てに送ればいい？", "contact"),  # where to send it: an address
    ("登録制度の詳細はどのWebページで確認できますか", "contact"),
    ("手引きの本体ってどこで見られる？", "contact"),
    ("見本情報の相談窓口ってある？", "contact"),  # whether there is a desk: the desk and how to reach it
    ("見本事業のプロジェクト数と予算額", "amount"),  # a noun phrase asking for values
    ("手引きの収録事例数", "number"),
    ("申込締切は何日？", "date"),
    ("見本機構が設立された年", "date"),
    ("見本対話って、結局は大企業向けの話なんでしょ？", "yesno"),  # a guess put up to be confirmed
    ("中小企業には関係ないよね？", "yesno"),
    ("見本鉛って、日本が強いの？", "yesno"),  # how a thing is, with no question word: whether it is so
    ("見本審査は厳しい？", "yesno"),
    ("見本認証を取ると、入札で加点などの優遇を受けられるのでしょうか", "yesno"),  # the どの of などの asks nothing
    ("見本会議の事務局はどこ？", "organisation"),  # a role asked with どこ: which body plays it
    ("見本会議の事務局は？", "organisation"),  # …or asked bare
    ("見本事例集を出したのはどこ？", "organisation"),  # who issued it
    ("見本説明会を開催したのはどこ？", "lookup"),  # (where it was held is no organisation)
    ("見本物資の数を示せ", "number"),  # a value asked for by a request (示せ, 教えて, 答えよ)
    ("見本事業の総額を教えて", "amount"),
    ("見本物資の数と支援の総額を示せ", "amount"),  # …with the count as a second value (Analysis.also)
    ("複数の例を教えて", "lookup"),  # 複数 is no count
    ("どの品目が一番多い？", "lookup"),  # …with one, which
    ("AとBの違い？", "edition"),  # 違い is a noun
    ("見本部材も登録の対象？", "yesno"),  # whether it is among what a scheme covers, asked bare
    ("それはなんでしょう？", "lookup"),  # なん after は asks what
  # a noun phrase naming an event's date asks it
    ("見本協議会の第2回会合の開催日", "date"),
    ("見本政策は何年代から何年代のもの？", "date"),  # decades: a span of time, not a count of years
    ("審査にはどれくらい時間がかかる？", "number"),
    ("見本事例の会社って、どのくらいの規模の会社？", "lookup"),  # a company's size is a class (中堅企業), no number
    ("見本事業の予算はどのくらいの規模？", "amount"),
    ("点検はどのくらいの頻度でやるの？", "number"),  # how often
    ("見本ロボットが出たのって平成でいうと何年？", "date"),  # a year, asked in a calendar (not a length in years)
    ("見本ロボットの発売は西暦で何年？", "date"),
    ("窓口の受付時間は？", "date"),
    ("窓口って電話は何時から何時まで受け付けてる？", "date"),  # the hours of the phone, not its number
    ("相談は一回何時間まで？", "number"),  # 何時間: a length of time, not a time of day
    ("主要国の指数のグラフにおける日本の値", "number"),  # 値 asks for a value
    ("この技術って守る価値ある？", "yesno"),  # …価値 does not
    ("事務所の住所は？", "contact"),
    ("主催しているのはどの機関？", "organisation"),
    ("交流会の講師は誰？", "organisation"),  # who, asked without が
    ("手引きを作った有識者って誰なの？", "organisation"),
    ("この窓口はどの課が担当してる？", "organisation"),  # the office words answer.which_kind reads too
    ("「定員に達したら締め切り」ってあるけど、その定員って何人？", "number"),  # a quote says, it does not ask
    ("「部材の見本調達」とは？", "definition"),  # a quote that is the whole topic
    ("事例③ってどういう事例？", "case"),  # どういう/どのような ask what the case is, as どんな does
    ("認証の取得にかかる期間は？", "number"),  # a length of time asked by naming it
    ("この基本計画は何年の計画？", "number"),  # how long a plan runs (「何年のデータ？」 asks a year)
    ("情報の持ち出しを防ぐには？", "howto"),
    ("取引先との図面を守るには？", "howto"),  # any verb + には at the end asks how
    ("登録制度の対象品目って何がある？", "list"),  # って何がある asks for the things, not what one thing is
    ("見本法って結局なに？", "definition"),  # an adverb between って and なに
    ("見本法の3つの柱って何？", "list"),  # a set of a size named asks for its members
    ("見本局のアウトリーチの実績は？", "lookup"),  # アウト inside a katakana word is no 「アウト？」
    ("それってアウト？", "yesno"),
    ("申し込みはどこから？", "contact"),  # where to apply is a place to send it to
    ("社内ルールってどう作る？", "howto"),  # どう + a verb of doing asks how
    ("海外に出る前にまずやるべきことは？", "howto"),  # what one ought to do
    ("図面はどう守るの？", "howto"),
    ("海外に工場を出すときに気を付けることは？", "howto"),  # 気を付ける in kanji asks what to watch, as 気をつける does
    ("TICSの相談は何処にすればいい？", "contact"),  # 何処 asks where, as どこ does
    ("TICSの審査はどれ位かかる？", "number"),  # どれ位 asks how much, as どれくらい does
    ("TICSの認証の有効期間は？", "number"),
    ("事前届出の審査期間は？", "number"),  # …as is how long a review takes
    ("誓約書は退職者に書かせたほうがいい？", "yesno"),  # whether one had better do it
    ("退職者にはどうしたほうがいい？", "howto"),  # …and how one had better do it
    ("この先どうなるの？", "lookup"),  # (どうなる asks what happens, no yes/no)  # a period that is a length by what it is asks how long
    ("この先どうなる？", "lookup"),  # …but どうなる asks what will happen
    ("登録制度の取り方を教えて", "howto"),  # a verb's stem + 方 asks how to do it
    ("図面を持ち出されるのを防ぎたい", "howto"),  # wanting to prevent something asks how
    ("手引きの使い方が分からない", "howto"),
    ("計画がちゃんと機能するか確かめたい。どういうやり方がある？", "howto"),  # the way to do it, as 方法 asks it
    ("自律性を確保していくために、どのようなことが必要とされていますか", "howto"),  # what is needed to do
    ("見本説明会の開催地域って、北陸も？", "yesno"),  # a thing named last with も: whether it too
    ("テレビも見本規制の対象？", "yesno"),  # …or whether it too is one of what the rules cover
    ("見本局の考え方は？", "lookup"),  # …but 考え方 asks what the view is
    ("見学会ってどこから申し込めるの？", "contact"),
    ("出張先で使うには", "howto"),
    ("在庫が正しいか、どう確かめればいい？", "howto"),  # a wh-word and a conditional: what to do
    ("出荷の前に何を確認しとけばいいの？", "howto"),
    ("情報管理って何から始めればいい？", "howto"),  # another particle, or none, as people talk
    ("漏えいを見つけたら何すればいいの？", "howto"),
    ("出荷はいつ確認すればいい？", "howto"),  # when to act: advice (出荷前に), not a date
    ("見本補助金はいつ申し込めばいい？", "date"),  # when a call for applications is open
    ("対象となる品目を挙げてください", "list"),
    ("研修制度とは何ですか", "definition"),
    ("見本局が相談窓口でやってることは？", "lookup"),  # こと＋は is no とは
    ("相談窓口って何してくれるの？", "lookup"),  # what it does, not what it is
    ("図面が外に漏れないか心配です", "howto"),  # a worry asks what to do about it
    ("同業と話し合うのって独禁法的にOK？", "yesno"),  # OK at the end, after any words
    ("手引きってどこで手に入る？", "contact"),  # where to get it: a link
    ("顕微鏡は対象に含まれますか", "yesno"),
    ("手引きには退職者への対策は含まれていますか", "yesno"),  # whether, not how
    ("同業と一緒に買うのってヤバい？", "yesno"),
    ("手引きの英語版はある？", "yesno"),  # whether a thing exists, asked as people talk
    ("うちみたいな小さい会社でも登録って必要？", "yesno"),
    ("図面を社外に持ち出していい？", "yesno"),
    ("登録は誰でもできる？", "yesno"),  # 誰でも: anyone, no wh-question
    ("同業と情報交換しても大丈夫？", "yesno"),
    ("登録制度の補助率は？", "number"),
    ("品目は10と12どっちが正しい？", "number"),
    ("対象の品目を5つ教えて", "list"),  # a few of them, asked by how many to show
    ("登録した企業の割合は？", "number"),  # a share, asked with の
    ("窓口は土日もやってる？", "yesno"),  # …てる？ with no wh-word  # two counts set against each other
    ("手引きは旧版と新版どっちが新しい？", "edition"),
    ("登録制度っていつ始まったの？", "date"),  # a wh-word asks for a value, not yes or no
    ("事例③はどんな内容？", "case"),
    ("見本誓約書とかはいつ取ればいい？", "howto"),  # when to act: advice (入社時から), not a date
    ("見本窓口に相談したいんだけど、ネットから申し込めるところってある？", "contact"),  # where to apply online: a page
    ("見本の情報は全部いちばん厳しいレベルで管理しなきゃダメなの？", "yesno"),  # whether all must be, not a list
    ("見本届出はいつ出すべき？", "howto"),
    ("見本事例集の事例⑨は、どのような行為を想定した事例か", "case"),  # what the case is, by the kind it is of
    ("事例③で対象になった品目はいくつ？", "number"),  # a count asked within a case
    ("前の版と何が変わった？", "edition"),
    ("第1版と第2版の違いは？", "edition"),  # two editions of one thing
    ("登録制度と相談制度って何が違うの？", "comparison"),  # two things side by side
    ("資料によって品目の記載が異なるのはなぜ？", "edition"),  # documents of different dates compared
    ("研修制度の概要", "lookup"),
    ("図面を渡していいか判断する基準は？", "lookup"),  # a whether-clause inside; the 基準 is asked
    ("手引きのPDFはどこ？", "contact"),  # a file's whereabouts: its link
    ("辞める社員に誓約書を書かせるのってアリ？", "yesno"),  # アリ/ナシ: allowed or not, as people say it
    ("見本制度のページは？", "contact"),
    ("見本制度の相談窓口は？", "contact"),  # a window asked for, no どこ needed
    ("見本機が発売されたのは何年？", "date"),  # the year a thing happened
    ("見本手引の公表から見本要領の公表まで何か月あいてる？", "number"),  # the months between two events: a length
    ("見本市場が1億円を超えたのって何年？", "date"),  # …however the question puts it
    ("じゃあ小型機として売れたやつは？何年？", "date"),
    ("見本集の詳しい中身って、どこのサイトで見れる？", "contact"),  # which site: its address
    ("認証マークをホームページに載せてもいいの？", "yesno"),  # a site something is put on is no address asked
    ("見本計画で示された、整備の水準（5年間の総額）", "amount"),  # the kind asked, in brackets at the end
    ("見本協会の講師って、資格を持ってる人なの？", "yesno"),  # saying what a thing is, no question word
    ("見本制度は任意の制度ですか", "yesno"),
    ("見本制度はどんな制度ですか", "lookup"),
    ("見本規程を整備した後、何をすべきとされていますか", "howto"),  # what ought to be done
    # a frame reporting what a document says or what is settled: the clause inside it is what is asked
    ("見本業界との会合は、どう進めていくことになってるの？", "howto"),
    ("国は見本ルートについて、どう対策していくって言ってるの？", "howto"),
    ("見本分野では、どのような取組を行う必要があるとしていますか", "howto"),  # 必要がある: no existence asked
    ("見本市場で、国はどんな手を打つって言ってるの？", "howto"),  # 手を打つ: to take measures
    ("見本工場ではどのような対策が必要ですか", "howto"),  # the measures needed
    ("見本工場ではどんな対策がある？", "list"),  # …but the measures there are, a list
    ("見本制度って、結局は輸出を止めるための制度なんですか？", "yesno"),  # なん before です: the copula, no 何
    ("見本制度ってなんですか？", "definition"),  # …but なん standing alone asks what
    ("見本室にメールで問い合わせたい。宛先は？", "contact"),  # where to send it
    ("「見本政策の新機軸」って、ざっくり言うとどういう考え方？", "definition"),  # what idea a name stands for
    ("見本社に転職するのって、法律で止められるの？", "yesno"),  # whether it can be done
    ("見本相談は何回まで無料？", "number"),  # how many times it is free: a count, no price
    ("見本相談は無料？", "amount"),
    ("見本制度のこと、詳しく載ってるページってある？", "contact"),  # whether there is a page: its address
    ("見本制度って任意なんだよね？", "yesno"),  # なん before だよね is the copula of a guess put up, no 何
    # a last question asking the one before it again, of something else, asks as that one does
    ("見本制度って任意なんだよね？手引きでもそういう扱い？", "yesno"),
    ("見本は何件？見本Bも同じ？", "number"),
    ("見本って、今はどういう仕組みなの？見本AIでまた変わりそう？", "edition"),  # (変わりそう: a guess of its own)
    ("見本国債の、執行された金額の割合はどの程度か", "number"),  # a share asked, though of a sum
    # a cost word saying what the thing is, then a question word asking something else: no price asked
    ("専門家をタダで呼べる見本事業、昨年度の実績って何件？", "number"),
    ("無料の見本相談はどこに申し込む？", "contact"),
    ("見本の相談はどこにすればいい？", "contact"),  # where to consult, asked the other way round
    ("うちみたいな小さい会社でも見本認証って取れる？", "yesno"),  # can it be done, without の
    ("取引先が見本国の企業なんだけど大丈夫？", "yesno"),  # なんだけど sets the scene; it is no なんで
    ("見本の資料を教えてくれる？", "lookup"),  # a request, not whether one can
    ("見本制度が始まったのは何年前？", "number"),  # …but years ago is a length
    ("登録は何年有効？", "number"),
    ("見学会の申込の相談先って？", "contact"),
    ("手引きは全部で何ページ？", "number"),
    ("図面を渡していいか教えて", "yesno"),
    ("How many members are there?", "number"),
    ("見本法が成立した年月を教えてください。", "date"),  # the year and month, asked by name
    ("見本協会の設立年月日は？", "date"),
    ("見本窓口に支援をお願いしたい場合、どこから依頼できますか。", "contact"),  # where to ask for it
    ("見本制度の詳しい説明はどこを見ればいい？", "contact"),  # where to read more: a page
    ("展示会のリスクを扱った事例ってある？", "lookup"),  # whether there is one: the example answers it
    ("他社の例はありますか？", "lookup"),
    ("見本基金に回すお金って日本円だとどれくらい？", "amount"),  # a sum in the currency named
    ("見本ファンドの資金はどのくらい？", "amount"),  # how much money
    ("見本ファンドはドル換算でどれくらい？", "amount"),
    ("見本派遣事業って、お金はどれくらいかかるの？", "amount"),  # what the user pays: 無償 answers it
    ("見本局資料は、見本制度が重要である理由をどのように説明しているか", "lookup"),  # how a document puts it
    ("見本表では、見本政策の枠組みはどのように整理されているか", "lookup"),
    ("見本資料では、見本業界は見本規制の強化をどのように受け止めているとされているか", "lookup"),  # how they see it
    ("見本企業は見本制度をどのように捉えているか", "lookup"),
    ("見本工場ではどのように管理すればいい？", "howto"),  # …but how to do it
    ("見本団体の推薦例として挙げられている見本機構の理事長の氏名", "lookup"),  # one member's post holder, no list
    ("見本団体の推薦例として挙げられている取組", "list"),  # …but the members themselves
    ("見本パネルについて、その発電効率の数値（％）を示せ", "number"),  # a value asked in the unit given
    ("社員の慰安旅行の費用って、全部会社の経費で落とせるの？", "yesno"),  # whether all can be, no list
    ("対象の品目を全部教えてくれる？", "list"),  # …but a request for all of them
    ("見本局の窓口の名前とアドレスってどれ？", "contact"),  # an address asked for
    ("見本規格の細かい基準って、見本法の本体に全部書いてあるの？", "yesno"),  # whether all is there, no list
    ("見本集のNo.3で、顧問を呼んだ会社って、結局社内で何が変わったの？", "case"),  # a case's outcome, no edition
    ("見本集のNo.3は、第2版で何が変わった？", "edition"),  # …but an edition named
    ("見本プランって、支援策と防衛策は別々に進めていくってこと？", "yesno"),  # a reading put up to be confirmed
    ("見本プランって、結局どういうこと？", "definition"),  # …but a question word asks what
    ("見本局って、A国とも話し合いを続けていくつもりなの？", "lookup"),  # いく + つもり asks no count
    ("見本局の対象品目って、今いくつ？", "number"),  # …but いくつ does
    ("見本法が定める措置を漏れなく示してください", "list"),  # all of them, asked formally
    ("見本表の各段階は、それぞれ何をすることと説明されていますか", "lookup"),  # what a document says each is
    ("見本工場では何をすることが求められていますか", "howto"),  # …but what one is to do
])
def test_answer_type(question, kind):
    assert answer_type(question) == kind


def test_a_word_ending_in_ten_is_not_counted_in_ten():
    # 論点, 拠点 end in 点 but are not counted in 点 (「論点はいくつ」 counts 論点, which no counter names)
    assert counter_of("見本会議の論点はいくつ？") is None
    assert counter_of("見本社の拠点はいくつ？") is None
    assert counter_of("提出書類は何点？") == "点"


@pytest.mark.parametrize("question, counter", [
    ("会員企業は何社ありますか", "社"),
    ("登録制度の補助率は？", "割合"),  # a rate asked by its name alone is a share (50%, 2分の1)
    ("見本品の世界シェアって？", "割合"),
    ("説明会には何人参加した？", "人"),
    ("説明会にはどのくらい人が来たの？", "人"),  # how many people, asked without 何人
    ("品目って何個ある？", None),  # 何個 counts whatever it is asked of
    ("対象品目の個数は？", None),  # 個数 too: no number written with 個 is wanted
    ("見直しは何段階で進める？", "段階"),
    ("分科会の開催回次は？", "回"),  # which session: 第12回
    ("対象品目はいくつ？", "品目"),
    ("いくつの団体と話した？", "団体"),
    ("年間の相談件数は？", "件"),
    ("ものはいくつ？", None),
    ("手引きは何ページある？", "ページ"),
    ("補助率は何分の1？", "割合"),
    ("見本品の自給率、何割にするのが目標？", "割合"),  # 何割 asks a share, which 70% states as well as 7割
    ("点検はどのくらいの頻度でやるの？", "頻度"),
    ("点検は年何回のペース？", "頻度"),  # 年何回: how often (四半期に一度 answers it)
    ("1社あたり年何回まで使える？", "回"),  # …まで: a limit, counted
    ("この部材って、どれくらい海外に頼ってるの？", "割合"),  # how dependent: a share (約7割, 98%)
    ("登録って、申し込んでから通るまでどれくらいかかるの？", "期間"),  # from one step to the next: a length of time
    ("届け出てから受理されるまで何日？", "期間"),
    ("東京から大阪まではどれくらい？", None),  # から…まで between two places, not two steps
    ("紹介動画って何分くらいあるの？", "期間"),  # minutes: a length of time (何分の1 and 何分野 above are not)
    ("審査は何週間かかる？", "期間"),
    ("見本協定で、情報交換が認められる期間は最長で何か月まで？", "期間"),  # up to how many months: a length
    ("何分野ある？", "分野"),
    ("見本電池の製造能力って、何GWhまで増やすの？", "GWh"),  # a unit of measure in Latin letters
    ("見本資源って年間何トンくらい作ってるの？", "トン"),  # a quantity in a unit of measure
    ("見本チラシは何部配った？", "部"),
    ("いくつの本部がある？", None),  # 本部 is counted in no 部
    ("担当は何部署ある？", "部署"),  # departments, not copies (部数)
    ("見本パネルの発電効率の数値（％）を示せ", "割合"),  # the unit given in brackets
    ("見本企業の割合を2030年までに何%にする目標？", "割合"),  # 何% asks a share, which 8割 states as well as 80%
    ("見本品の自給率は何パーセント？", "割合"),
])
def test_counter(question, counter):
    assert counter_of(question) == counter


def test_topic_words_keep_compounds_and_drop_question_words():
    assert focus_terms("見本補助金の申請締切はいつ？")[0] == "見本補助金"
    assert "いつ" not in focus_terms("見本補助金の申請締切はいつ？")
    assert focus_terms("見本会議って職員何人？") == ["見本会議", "職員"]  # 何人 is one word to the tagger
    assert focus_terms("重要部材は現在いくつ？") == ["重要部材"]  # 重要 (形状詞) stays in the compound
    assert focus_terms("What is ABC?") == ["ABC"]
    # an acronym written onto a kanji noun ends that compound (見本AI), not onto a country's name (米国XYZ)
    assert "見本AI" in focus_terms("見本AIの使い方って書いてある？")
    assert "米国XYZ" not in focus_terms("米国XYZの審査との違いは？") and "XYZ" in focus_terms("米国XYZの審査との違いは？")
    assert focus_terms("見本制度の公式のページってどこ？") == ["見本制度"]  # 公式 says which page, not about what
    assert focus_terms("見本協会の意見の要点は？") == ["見本協会", "意見"]  # 要点 asks for the gist, like 概要
    assert focus_terms("見本省の12号通知っていつ出たやつ？") == ["12号通知", "見本省"]  # N号 names one thing; やつ is no topic
    assert focus_terms("見本国のジニ係数は？") == ["ジニ係数", "見本国"]  # 係数 is a measure, not a count
    assert focus_terms("みなし調達って資料にある？") == ["みなし調達"]  # a verb's stem opens a compound
    # 「手伝って」: the て-form of a verb of two kanji, not a topic word marked with って
    assert focus_terms("見本相談室って、図面を整理するのを手伝ってくれるの？") == ["見本相談室", "図面", "整理"]
    assert "より申請" not in focus_terms("見本法により申請が止められた場合")  # …but not a particle made of a verb
    assert focus_terms("手引きは本社で作らないとダメ？") == ["手引き", "本社"]  # ダメ judges; it names no topic
    # what a document does with a thing (指摘, 言及), as 記載 and 引用, names no topic
    assert focus_terms("見本資料は見本制度のどんな課題を指摘している？") == ["見本制度", "課題"]  # (資料 is generic)
    assert "言及" not in focus_terms("見本白書は見本税制に言及している？")
    assert focus_terms("見本機構に転職すること自体は自由？") == ["見本機構", "転職", "自由"]  # 自体: the thing itself
    assert "不安" not in focus_terms("図面が外に漏れないか不安")  # how the asker feels names no topic
    assert focus_terms("X-Netの交流会は？") == ["X-Net", "交流会"]  # a hyphen between Latin letters joins one name
    assert focus_terms("見本国はリストBに入ってる？") == ["リストB", "見本国"]  # a letter ending a word names which one
    assert focus_terms("見本集のB社は？") == ["見本集", "B社"]  # …one opening a noun (B社) names a party
    assert head_term("技術者向けの認定試験ってありますか", focus_terms("技術者向けの認定試験ってありますか")) == "認定試験"
    # a word followed by で says why or how (「取引先の都合で」), not what the question is about
    question = "取引先の都合で、どうしても試作品を海外の工場に移すことになった。どうしたらいい？"
    assert head_term(question, focus_terms(question)) == "試作品"


def test_an_everyday_word_in_hiragana_is_not_part_of_the_term_after_it():
    assert "点検" in focus_terms("在庫をひととおり点検したい") and "ひととおり点検" not in focus_terms("在庫をひととおり点検したい")


def test_a_katakana_word_inside_a_longer_one_is_not_stripped_as_generic():
    # アウト (「それってアウト？」) and データ are generic words, but not the first half of アウトプット or データベース
    assert focus_terms("見本局のアウトプット目標って何？")[0] == "アウトプット目標"
    assert "データベース化" in focus_terms("見本台帳のデータベース化は進んでる？")
    assert "分析" in focus_terms("データ分析の見本は？")  # a katakana word before kanji is still a word of its own


def test_who_does_it_and_each_are_no_topic_words():
    # 担い手 asks who (as 担当 does); それぞれ says each of the things named is asked
    assert focus_terms("見本集の2社で、研修の担い手はそれぞれ誰？") == ["見本集", "研修"]


def test_over_there_is_no_topic_word():
    assert "向こう" not in focus_terms("見本工場を移したら、向こうでの見本部品の管理はどうする？")


def test_a_request_to_list_is_no_topic_word():
    assert focus_terms("見本法の主な措置を列挙せよ") == ["見本法", "措置"]


@pytest.mark.parametrize("question", ["見学会って予約がいるってほんと？", "見学会って予約がいるってマジ？", "見学会って予約がいるって本当？"])
def test_is_it_true_is_no_topic_word(question):
    assert set(focus_terms(question)) == {"見学会", "予約"}


def test_how_many_to_show_is_not_how_many_there_are():
    sample = analyse("事例を3つ挙げて")
    assert (sample.sample, sample.items) == (3, None)
    named = analyse("見本法の3つの柱は？")
    assert (named.sample, named.items) == (None, 3)


def test_the_thing_asked_to_be_among_others():
    from pipeline.question import member_term

    question = "交流会の出席機関には、見本大学は含まれますか"
    assert member_term(question, analyse(question).focus) == "見本大学"  # not the set it may be among
    question = "対象品目に光学フィルムって入ってる？"
    assert member_term(question, analyse(question).focus) == "光学フィルム"
    assert member_term("対象品目はいくつ？", ("対象品目",)) is None
    question = "重点品目って、樹脂部品も対象になるの？"  # 「…も対象になる」 asks whether it is among them
    assert member_term(question, analyse(question).focus) == "樹脂部品"
    assert member_term("見本補助金は対象になる？", ("見本補助金",)) is None  # no other set it is among
    question = "樹脂部品は重点品目？"  # a thing put as one of a kind, with a question mark
    assert analyse(question).answer_type == "yesno" and member_term(question, analyse(question).focus) == "樹脂部品"
    question = "樹脂部品も重点品目に入ってる？"  # に marks the set; the thing is marked before it
    assert member_term(question, analyse(question).focus) == "樹脂部品"
    assert analyse("重点品目は？").answer_type != "yesno"  # a topic alone asks what it is
    question = "テレビも見本規制の対象？"  # …or as one of what the rules cover
    assert member_term(question, analyse(question).focus) == "テレビ"
    question = "見本説明会の開催地域って、北陸も？"  # a thing named last with も
    assert member_term(question, analyse(question).focus) == "北陸"
    question = "見本認証って個人事業主でも取れる？"  # 「でも取れる」: whether it holds for them too
    assert analyse(question).answer_type == "yesno" and member_term(question, analyse(question).focus) == "個人事業主"
    question = "中小企業でも使える支援策ある？"  # でも inside a clause that names what is asked for
    assert member_term(question, analyse(question).focus) is None


def test_conditions_of_a_question():
    kinds = {q.kind: q.text for q in analyse("支援は1社あたり何回まで？").qualifiers}
    assert kinds == {"per": "1社あたり", "limit": "何回まで"}
    assert {q.kind for q in analyse("専門家派遣は年に何回まで使える？").qualifiers} == {"limit"}
    assert not [q for q in analyse("会議は第何回まで開催されている？").qualifiers if q.kind == "limit"]  # how far, no limit
    assert not [q for q in analyse("届出は何日前までに出す？").qualifiers if q.kind == "limit"]  # a deadline
    upcoming = analyse("品目の追加は次いつ？")
    assert [(q.kind, q.text) for q in upcoming.qualifiers] == [("upcoming", "次")] and "次" not in upcoming.focus
    assert {q.kind for q in analyse("2024年度の利用件数は？").qualifiers} == {"year"}
    # what another country did is asked of that country; Japan as the actor is no place condition
    assert ("place", "ドイツ") in {(q.kind, q.text) for q in analyse("ドイツが指定した見本技術はいくつ？").qualifiers}
    assert not [q for q in analyse("日本が指定した見本技術はいくつ？").qualifiers if q.kind == "place"]
    assert {q.kind for q in analyse("部材のうち輸入品はいくつ？").qualifiers} == {"subset"}
    # a case particle after the part is not part of it
    assert {(q.kind, q.text) for q in analyse("総額3億円って、そのうち備蓄倉庫にはいくら？").qualifiers} == {("subset", "備蓄倉庫")}
    # 「…のうち登録制度って何？」: って marks the part's end, as a case particle does
    assert ("subset", "登録制度") in {(q.kind, q.text) for q in analyse("見本法の3本柱のうち登録制度って何？").qualifiers}
    assert {q.kind for q in analyse("手引きの第3版はいつ出る？").qualifiers} == {"edition"}
    assert {q.text for q in analyse("12月15日の説明会の参加者は？").qualifiers if q.kind == "day"} == {"12月15日"}
    assert {q.kind for q in analyse("2026年の議長国は？").qualifiers} == {"as_of"}
    # the time a value is of, however the question marks it (には, までに, 時点で)
    assert {q.kind for q in analyse("見本市場って、2050年にはどのくらいの規模になる？").qualifiers} == {"as_of"}
    assert {q.kind for q in analyse("2030年までに何社を支援する？").qualifiers} == {"as_of"}
    assert "limit" in {q.kind for q in analyse("見本相談は何回まで無料？").qualifiers}  # the most allowed free
    # a span of years is one condition, not a year (nor, after のうち, a part named)
    assert {(q.kind, q.text) for q in analyse("年表で2010年以降の出来事は？").qualifiers} == {("since", "2010年以降")}
    assert {(q.kind, q.text) for q in analyse("そのうち1990年以前のものは？").qualifiers} == {("until", "1990年以前")}
    assert {q.kind for q in analyse("手引きの最新版は第何版？").qualifiers} == {"latest"}  # 最新版 is no 新版 asked
    assert {q.kind for q in analyse("見本事業はいつから始まってる？").qualifiers} == {"past"}  # begun: not a plan
    assert "as_of" not in {q.kind for q in analyse("2024年の資料と2025年の資料で何が変わった？").qualifiers}
    listed = analyse("計画のうち「備蓄の強化」では、どの取組が挙げられていますか")
    assert listed.answer_type == "list"  # which ones are given: the list
    assert [(q.kind, q.text) for q in listed.qualifiers] == [("subset", "備蓄の強化")]  # quoted whole; no いま in います
    assert days_stated("- 12/15 説明会 ・2025/3/1 公表 ・12月15日") == {(12, 15), (3, 1)}
    assert {q.kind for q in analyse("一番多かった業種は？").qualifiers} == {"superlative"}
    assert "superlative" not in {q.kind for q in analyse("見本手引きの一番最初の章には何が書いてある？").qualifiers}  # the first
    # in a yes/no question a superlative before a noun names the thing asked of; no ranking is asked
    assert "superlative" not in {q.kind for q in analyse("一番大事な部品も外に出していいの？").qualifiers}
    assert {q.kind for q in analyse("最も新しい動きは何？").qualifiers} == {"latest"}  # the newest, not a ranking
    assert {q.kind for q in analyse("品目って今何個？").qualifiers} == {"latest"}  # 今 before the asking word
    assert not [q for q in analyse("今年の説明会はいつ？").qualifiers if q.kind == "latest"]  # 今年 is a year
    # the ないまま of 「…しないまま」 is no いま; 「いま」 standing alone asks what holds now
    assert not [q for q in analyse("届出をしないまま部材を輸入したらどうなる？").qualifiers if q.kind == "latest"]
    assert {q.kind for q in analyse("届出の対象っていま何品目？").qualifiers} == {"latest"}
    assert {q.text for q in analyse("大阪で相談できる窓口の電話番号は？").qualifiers if q.kind == "place"} == {"大阪"}
    assert not [q for q in analyse("アメリカの半導体法の規模は？").qualifiers if q.kind == "place"]


def test_names_a_question_depends_on_and_examples_it_gives():
    assert "見本補助金" in analyse("見本補助金の締切は？").names
    assert "ChatGPT" not in analyse("ChatGPTみたいな生成AIを使う時のルールは？").names
    assert "対象大学" not in analyse("見本地域連携会議の対象大学は？").names  # a generic word + 大学 names none
    assert "見本地域連携会議" in analyse("見本地域連携会議の対象大学は？").names


def test_a_kind_of_contact_is_the_topic_of_a_question_that_asks_no_contact():
    assert "メール" in analyse("知らない会社から変なメールがよく来る。どう対策してる？").focus
    assert "メール" in analyse("見本協会からメールが来たら返信していいの？").focus
    assert "メール" not in analyse("見本協会のメールアドレスは？").focus  # the kind a contact question asks


def test_words_that_name_the_documents_compared_are_no_topic():
    focus = analyse("見学会の回数、北局の資料と南局の資料で違うけど今は何回？").focus
    assert "見学会" in focus and not {"北局", "南局"} & set(focus)
    assert "見本制度" in analyse("見本制度の資料を見たい").focus  # 「…の資料を」 asks for the topic itself


def test_follow_up_reads_the_earlier_topic():
    history = [{"role": "user", "content": "見学会ってなに？"}, {"role": "assistant", "content": "見学会は…[1]"}]
    follow = analyse("それの申込先は？", history)
    assert follow.followup and follow.carried == "見学会" and follow.resolved == "見学会の申込先は？"
    assert follow.answer_type == "contact"
    ellipsis = analyse("じゃあ大阪は？", [{"role": "user", "content": "東京の説明会は何人参加？"}])
    assert ellipsis.resolved == "大阪の説明会は何人参加？" and ellipsis.answer_type == "number"
    assert not analyse("それの申込先は？").followup  # no earlier turn: read as a new question
    # a plural pointing word (それら, これら) stands for the topic whole, with nothing of it left over
    plural = analyse("それらの案は今後どう決めるの？", [{"role": "user", "content": "見学会ってなに？"}])
    assert plural.followup and plural.resolved == "見学会の案は今後どう決めるの？", plural.resolved
    # a new word ending as the earlier topic word does takes its place; the rest of the topic still frames it
    sibling = analyse("じゃあ小型ロボットとして売れたやつは？何年？",
                      [{"role": "user", "content": "見本分野の年表で、初の産業ロボットって何？"}])
    assert "産業ロボット" not in sibling.resolved and "産業ロボット" not in sibling.focus
    assert "見本分野" in sibling.focus and "小型ロボット" in sibling.focus and sibling.answer_type == "date"
    assert not analyse("ABCとは何ですか？", history).followup  # a short question with a topic of its own
    assert analyse("対象品目はいくつ？", history).resolved.startswith("見学会")  # …without one it continues
    # an earlier topic of two words is named as the earlier question put it, compound and all
    earlier = [{"role": "user", "content": "MKBの部材相談窓口ってなに？"}]
    assert analyse("お金かかる？", earlier).carried == "MKBの部材相談窓口"
    # …but not across a topic marker and a comma (「見本局って、部材相談の話を…」): the two words, joined by の
    earlier = [{"role": "user", "content": "見本局って、部材相談の話をしに企業を回ってるんだよね？"}]
    assert analyse("それって局の人だけで来るの？", earlier).carried == "見本局の部材相談"
    # a question with no topic word of its own asks it of the topic, and counts what the topic names
    count = analyse("いくつ？", [{"role": "user", "content": "対象品目って何がある？"}])
    assert (count.resolved, count.counter) == ("対象品目はいくつ？", "品目")
    among = analyse("顕微鏡も入ってる？", [{"role": "user", "content": "対象品目って何がある？"}])
    assert among.followup and among.resolved == "対象品目に顕微鏡も入ってる？"  # whether it is among them
    # 「どこの地域で…」: the こ of どこの points at nothing; opening with the question word, it leaves its
    # subject unsaid and continues the topic, pronoun or none
    where = analyse("どこの地域でやったんですか？", [{"role": "user", "content": "見学会には何社が参加した？"}])
    assert where.followup and where.resolved.startswith("見学会の参加のどこの地域で"), where.resolved
    assert not analyse("どこの地域で見学会をやったんですか？", history).followup  # a topic of its own, said
    # 「紹介されてる会社は…」: what is introduced there, where the last answer was, points back
    said = analyse("紹介されてる会社は何の業種？", [{"role": "user", "content": "見本集のNo.3ってどんな取組？"}])
    assert said.followup and said.case == "No.3", said



def test_a_follow_up_of_its_own_kind_a_changed_member_and_a_topic_kept_over_turns():
    # 「申し込み方法は？」 asks how to apply, of the last topic — not the last question about 申し込み
    how = analyse("申し込み方法は？", [{"role": "user", "content": "見学会について教えて"}])
    assert how.resolved == "見学会の申し込み方法は？" and how.answer_type == "howto"
    # 「じゃあ光学レンズは？」 after whether 顕微鏡 is among them asks the same of 光学レンズ
    turns = [{"role": "user", "content": "登録制度の対象品目はいくつ？"}, {"role": "assistant", "content": "…"},
             {"role": "user", "content": "その中に顕微鏡は入ってる？"}, {"role": "assistant", "content": "…"}]
    other = analyse("じゃあ光学レンズは？", turns)
    assert "光学レンズは入ってる" in other.resolved and "顕微鏡" not in other.resolved
    # a third turn still asks of the first turn's topic, not of what the second asked (メリット)
    turns = [{"role": "user", "content": "PSCって何？"}, {"role": "assistant", "content": "…"},
             {"role": "user", "content": "それ使うとどんなメリットがある？"}, {"role": "assistant", "content": "…"}]
    cost = analyse("費用は？", turns)
    assert cost.carried == "PSC" and "メリット" not in cost.focus


def test_a_verbs_te_form_and_a_katakana_word_are_read_whole():
    assert focus_terms("海外に頼ってるんですか？") == ["海外"]  # 頼って is a verb, not 頼 + って
    assert focus_terms("見学会ってなに？") == ["見学会"]  # …but 見学会って is the topic marker
    assert focus_terms("見本集って何件載ってる？") == ["見本集"]  # after a count, 載って is a verb again
    assert focus_terms("見学会って3社入ってるの？") == ["見学会"]
    assert "リクルート" in focus_terms("リクルートを装う手口")  # not リク + ルート
    assert not [q for q in analyse("部品の材料って高い？").qualifiers if q.kind == "amount_kind"]


def test_a_second_value_asked_in_the_same_question():
    assert analyse("見本事業のプロジェクト数と予算額").also == ("number",)
    assert analyse("説明会はいつで、参加費はいくら？").also == ("date",)
    assert analyse("手引きの初版はいつ出て、最新は第何版？").also == ("number",)


def test_a_follow_up_keeps_the_case_and_swaps_a_lettered_name_for_its_like():
    turns = [{"role": "user", "content": "手引きの事例3ってどんな話？"}, {"role": "assistant", "content": "…"}]
    first = analyse("X社は何をしたの？", turns)
    assert first.case == "事例3" and "事例3" in first.resolved and "X社" in first.focus
    turns += [{"role": "user", "content": "X社は何をしたの？"}, {"role": "assistant", "content": "…"}]
    second = analyse("Y社のほうは？", turns)
    assert second.case == "事例3" and "Y社" in second.resolved and "X社" not in second.resolved


def test_a_counter_after_a_number_is_no_topic_word():
    # 一/度 + 外: 「一度外に出た」 must not yield the non-word 度外
    assert "度外" not in focus_terms("部品の図面が一度外に出たらどうなる？")
    assert "技術" in focus_terms("15技術から19技術に増えた")


def test_the_mark_of_a_numbered_part_is_no_topic_word():
    # 「手引き第2版」 is about 手引き; 第 belongs to the number (a refusal had named 『手引き第』)
    assert "手引き" in focus_terms("在庫の手引き第2版はいつ出る？")
    assert not any("第" in t for t in focus_terms("在庫の手引き第2版はいつ出る？"))
    assert "第" not in focus_terms("手引きの第2章には何が書いてある？")


def test_a_follow_up_naming_another_numbered_part_asks_the_same_of_it():
    turns = [{"role": "user", "content": "手引きの第2章には何が書いてある？"}, {"role": "assistant", "content": "…"}]
    follow = analyse("第4章は？", turns)
    assert follow.followup and follow.resolved == "手引きの第4章には何が書いてある？"
    turns = [{"role": "user", "content": "第2回の説明会はいつ？"}, {"role": "assistant", "content": "…"}]
    follow = analyse("じゃあ第3回は？", turns)
    assert follow.resolved == "第3回の説明会はいつ？" and follow.answer_type == "date"
    assert {(q.kind, q.text) for q in follow.qualifiers} == {("ordinal", "第3回")}


def test_what_was_added_is_asked_of_the_list_not_a_topic_word():
    assert "追加" not in analyse("対象品目で追加されたのは？").focus


@pytest.mark.parametrize("question, form", [
    ("見本事業の例として括弧書きで挙げられているものは？", "括弧書き"),  # how a thing is written, not a topic
    ("試験機の年表で2000年以降の出来事は？", "年表"),
    ("試験機の年表で2000年以降の出来事は？", "出来事"),  # what a timeline's entries are
    ("見本制度の導入は、まだ検討段階ですか", "検討段階"),  # the state asked of the topic, not the topic
    ("見本制度はまだ検討中？", "検討中"),
    ("見本派遣の申込みのタイミングで気をつけることってある？", "タイミング"),  # when, as 時期 asks it
    ("見本集に載っているグラフの表題をすべて挙げよ", "表題"),  # a title, as タイトル and 題名 ask it
    ("見本資料の注記によれば、見本制度は任意とされているか", "注記"),  # where a document says it, as 掲載 names
    ("見本グラフの注意書きには何年のデータとある？", "書き"),  # 注意書き, a note, is not cut to 書き
    ("見本資料の比較表では、新方式はどのような枠組みとされているか", "比較表"),  # where a document shows it
    ("表に記された見本制度の要素は？", "表"),
    ("見本制度の区分は何と説明されていますか", "区分"),  # what is asked of the topic, as 分類 and 類型 are
])
def test_words_for_the_form_or_state_of_an_answer_are_no_topic(question, form):
    assert form not in analyse(question).focus


def test_a_date_of_the_scene_set_before_the_question_is_no_condition():
    from pipeline.question import asking_sentence

    question = "2020年の手引きでは登録制度は10品目とされていました。最新の手引きでは、登録制度の品目はいつ追加された？"
    assert asking_sentence(question, analyse(question).focus) == "最新の手引きでは、登録制度の品目はいつ追加された?"
    assert not [q for q in analyse(question).qualifiers if q.text == "2020年"]
    assert [q.kind for q in analyse("登録制度は2020年にいつ改正された？").qualifiers if q.text == "2020年"]  # one sentence
    assert asking_sentence("登録制度の品目はいくつ？", ("登録制度",)) is None


def test_an_ordinal_or_a_kind_of_event_of_the_scene_is_no_condition_the_asking_sentences_kind_is():
    question = "旧版の手引きでは、見本計画は第三回見本会議で改定するとされていました。その後、見本計画はいつ改訂された？"
    qualifiers = {(q.kind, q.text) for q in analyse(question).qualifiers}
    assert ("date_kind", "改訂") in qualifiers and ("date_kind", "改定") not in qualifiers
    assert not [q for q in qualifiers if q[0] == "ordinal"]
    assert ("ordinal", "第三回") in {(q.kind, q.text) for q in analyse("見本計画は第三回見本会議でいつ改定された？").qualifiers}


def test_what_the_asker_knew_then_a_question_of_later_in_one_sentence_sets_the_scene():
    from pipeline.question import asking_sentence

    question = "見本会議って、2024年の資料だと第4回を4月にやる予定ってなってたけど、その後どこまで進んでるの？"
    assert asking_sentence(question, analyse(question).focus) == "その後どこまで進んでるの?"
    qualifiers = {(q.kind, q.text) for q in analyse(question).qualifiers}
    assert not [q for q in qualifiers if q[0] in ("ordinal", "as_of")] and ("latest", "その後") in qualifiers, qualifiers
    # (a clause of the same time, with no later one asked, sets no scene; nor does a subject marked by が)
    assert asking_sentence("見本会議は4月に開くけど、第何回？", ("見本会議",)) is None
    assert asking_sentence("見本局が、現在進めている見本事業は？", ("見本局", "見本事業")) is None
    # 「…とされていた見本計画の改定は、その後いつ…」: what was said of a thing marked as the topic, then その後
    question = "2024年の見本省資料で第4回会合において行うとされていた見本計画の改定は、その後いつ公表されたか"
    assert asking_sentence(question, analyse(question).focus) == "その後いつ公表されたか"
    assert not [q for q in analyse(question).qualifiers if q.kind in ("ordinal", "calendar_year", "as_of")]
    # (a topic marked by は then 現在 asks now of that topic: no scene)
    assert asking_sentence("見本制度は、現在何社が取得してる？", ("見本制度",)) is None


def test_a_word_pointing_back_with_dou_stands_for_the_name_before_it():
    question = "旧版では見本登録制度は一覧に挙がるのみでした。新しい資料では、同制度はいつから施行されたとされていますか"
    analysis = analyse(question)
    assert analysis.head == "見本登録制度" and not [t for t in analysis.focus if t.startswith("同")]
    # with no name before it that ends alike, it is no topic of its own (nor is 同盟 a word pointing back)
    assert "同制度" not in analyse("見本規則の改正案で、同制度を導入済みの加盟国の数").focus
    assert "同盟国" in analyse("同盟国との見本連携は？").focus
    assert analyse("共同配送の進め方で、共同配送を支える取組は？").resolved == "共同配送の進め方で、共同配送を支える取組は？"


def test_nothing_is_no_question_word_and_everyday_fillers_are_no_topic():
    assert answer_type("見本対策って国の仕事でしょ？うちらは別に何もしなくていいんだよね？") == "yesno"
    assert answer_type("見本対策で何をすればいい？") == "howto"
    assert focus_terms("お金まわりを強くするための見本出資") == ["見本出資"]
    assert "別" not in focus_terms("うちらは別に何もしなくていいの？")


def test_a_word_pointing_back_with_touga_stands_for_the_name_in_the_turn_before():
    history = [{"role": "user", "content": "見本省が発表した見本部材調査はどのような内容の調査か"},
               {"role": "assistant", "content": "…"}]
    analysis = analyse("当該調査は何を目指すものとされているか", history)
    assert analysis.resolved.startswith("見本部材調査は") and analysis.followup and analysis.carried == "見本部材調査"
    assert analyse("同調査の結果はいつ出た？", history).head == "見本部材調査"
    # with no earlier turn naming one, 当該調査 is no topic of its own
    assert "当該調査" not in analyse("当該調査は何を目指すものとされているか").focus


def test_a_place_standing_in_for_a_places_office_is_that_places_office():
    # 「じゃあ九州は？」 after 「東北局の…」: 九州局's question, not the region's (whose lines another deck may hold)
    history = [{"role": "user", "content": "東北局の説明会は何人参加？"}, {"role": "assistant", "content": "…"}]
    assert analyse("じゃあ九州は？", history).resolved == "九州局の説明会は何人参加？"
    # …while a place standing in for a place stays a place
    history = [{"role": "user", "content": "東北の大学はどこが参加？"}, {"role": "assistant", "content": "…"}]
    assert analyse("じゃあ九州は？", history).resolved == "九州の大学はどこが参加？"


def test_a_follow_up_pointing_back_to_a_case_asked_alone_is_about_that_case():
    # 「事例⑥ってどういう話？」 names no topic word but the case: 「それって結局セーフなの？」 is of 事例⑥
    history = [{"role": "user", "content": "事例⑥ってどういう話？"}, {"role": "assistant", "content": "…"}]
    analysis = analyse("それって結局セーフなの？", history)
    assert analysis.followup and analysis.case == "事例6" and analysis.resolved == "事例⑥って結局セーフなの？"


@pytest.mark.parametrize("question, case", [
    ("ベストプラクティス集の7番ってどんな取組？", "No.7"),
    ("独禁法の事例集にある3番目の想定はどの分類？", "事例3"),
    ("事例集で5番の話を教えて", "事例5"),
    ("輸出規制リストの3番と4番には何が載ってる？", None),  # a list's items by number, no case
])
def test_a_case_counted_off_by_its_place_in_the_collection_named(question, case):
    assert analyse(question).case == case


def test_the_steps_asked_for_are_no_topic():
    # 段取り asks for the steps, as 手順 does: it is no word a line about the topic must say
    assert "段取り" not in analyse("見本体制はどのような段取りで整えていくの？").focus


def test_a_kind_of_government_body_asked_for_is_no_topic():
    # 官庁 and 省庁 ask which body, as 役所 does: a line naming the ministries answers without the word
    assert "官庁" not in analyse("その指針を公表したのはどの官庁？").focus
    assert "省庁" not in analyse("見本制度を所管する省庁を述べよ。").focus


def test_a_part_of_the_last_topic_asked_with_sonouchi_is_asked_as_that_part_of_the_whole():
    # 「そのうち見本関係は？」 after 「特定見本物資は現在いくつ？」: the same question of that part of the whole
    history = [{"role": "user", "content": "特定見本物資は現在いくつ？"}, {"role": "assistant", "content": "…"}]
    analysis = analyse("そのうち見本関係は？", history)
    assert analysis.resolved == "特定見本物資のうち見本関係は現在いくつ？" and analysis.followup
    assert ("subset", "見本関係") in {(q.kind, q.text) for q in analysis.qualifiers}
    # …while 「じゃあ見本関係は？」 asks the same question of the new topic alone
    assert "のうち" not in analyse("じゃあ見本関係は？", history).resolved


def test_a_gloss_in_brackets_does_not_hide_the_term_it_follows_from_its_particle():
    question = "見本プログラム（見本育成プログラム）って前は10件だったけど、今はどのくらいの規模？"
    assert head_term(question, focus_terms(question)) == "見本プログラム"
    assert counter_of("見本規則で導入済みの加盟国の数") == "国"  # 「…の数」 counts what the word ends in


def test_a_countrys_system_is_one_owned_by_that_country():
    qualifiers = analyse("日本の見本警戒システムはいつから運用？").qualifiers
    assert ("owner", "日本") in {(q.kind, q.text) for q in qualifiers}


def test_the_words_a_question_is_about_include_its_heads_owner_and_a_yes_no_questions_head():
    analysis = analyse("事業所の消防用設備等の点検結果は、何年ごとに報告する必要がありますか")
    assert analysis.head_owner == "消防用設備等" and "消防用設備等" in analysis.key_terms
    assert "看板" in analyse("店の前に置き看板を出したいんだけど、役所の許可っているの？").key_terms
    # 「定期的に」 says how often, not what is asked about: the thing named with it is (メルマガ)
    assert "メルマガ" in analyse("見本局の新しい情報、メルマガで定期的に届けてもらうことってできる？").key_terms


def test_a_ranking_asked_in_kana_is_a_ranking_and_a_superlative_naming_a_thing_is_not():
    kinds = {q.kind for q in analyse("見本派遣は、どんな業種の会社がいちばん多く使ってたの？").qualifiers}
    assert "superlative" in kinds
    kinds = {q.kind for q in analyse("見本認証なら、情報は全部いちばん厳しいレベルで管理しなきゃダメなの？").qualifiers}
    assert "superlative" not in kinds  # 「いちばん厳しいレベル」 names the level asked of, no ranking
    assert "superlative" not in {q.kind for q in analyse("いちばん新しい見本計画だとどう書いてある？").qualifiers}


def test_a_value_asked_in_one_sentence_is_asked_of_its_main_clause():
    # 「…が出された時点で、」 dates what is asked; the head is in the clause that asks
    analysis = analyse("見本規則改正案が出された時点で、見本制度を導入済みの加盟国は何か国とされていますか")
    assert analysis.head != "見本規則改正案" and analysis.head in "見本制度を導入済みの加盟国は何か国とされていますか"


def test_a_document_the_scene_names_as_read_is_one_a_newer_document_is_asked_after():
    question = "2024年2月の見本省資料では、見本輸出は3区分とされていました。より新しい資料では、見本輸出の区分は？"
    assert ("newer_than", "2024年2月の見本省資料") in {(q.kind, q.text) for q in analyse(question).qualifiers}
    # the office whose document was read is no topic of what is asked
    question = "四国局の資料では、見本相談会は週1回とされていました。最新の資料では、見本相談会はどうなっていますか"
    analysis = analyse(question)
    assert [q.text for q in analysis.qualifiers if q.kind == "newer_than"] == ["四国局の資料"]
    assert "四国局" not in analysis.focus and "見本相談会" in analysis.focus, analysis.focus
    # a document named in the sentence that asks is the one asked of, not one read before
    assert not [q for q in analyse("四国局資料が現在の見本窓口として示すものは？").qualifiers if q.kind == "newer_than"]
    # a scene that names no document, or a question asking no newer state, names none read
    assert not [q for q in analyse("見本窓口は週1回とされていました。最新の資料では、見本窓口は？").qualifiers
                if q.kind == "newer_than"]
    assert not [q for q in analyse("2024年2月の見本省資料では、見本輸出は3区分とされていました。見本輸出の区分は？").qualifiers
                if q.kind == "newer_than"]


def test_a_sentence_that_asks_too_sets_no_scene():
    from pipeline.question import asking_sentence

    question = "見本先の管理体制をどのように確認すべきか。見本リストではどのような確認項目が示されていますか"
    assert asking_sentence(question, analyse(question).focus) is None


def test_a_question_of_several_sentences_asks_of_the_head_of_its_asking_one():
    question = "2024年の資料では、見本省が事業者に通知すると報告義務が発生するとされていました。新しい資料では、見本通知はいつ出される？"
    assert analyse(question).head == "見本通知"  # not 見本省, the first word marked in the scene


def test_a_value_asked_in_the_last_of_questions_put_one_after_another_is_of_its_topic():
    # 「…って、評判どうだった？満足度は何割くらい？」: the share is asked of 満足度, not of what the first marks
    assert analyse("見本局の見本講習会って、評判どうだった？満足度は何割くらい？").head == "満足度"
    # a last question with no topic word of its own asks of the earlier one's
    assert analyse("見本講習会の参加者って何人だった？去年は？").head == "参加者"


def test_a_bureaus_deck_named_as_the_place_to_look_is_a_source_condition():
    def sources(question):
        return [q.text for q in analyse(question).qualifiers if q.kind == "source"]

    assert sources("四国局の資料だと、見本相談会は何回やってる？") == ["四国局"]
    assert sources("四国局の2025年資料では、見本相談会の参加者は？") == ["四国局"]
    assert sources("四国局の資料で紹介されてる見本相談会っていつ？") == ["四国局"]  # で before a verb of showing
    # a part of the deck named as where to look (its slide, table, figure)
    assert sources("四国局資料の見本制度の基本的考え方のスライドで、3つの柱は何？") == ["四国局"]
    assert sources("四国局資料の比較表では、見本政策の目的はどう整理されている？") == ["四国局"]
    # not the deck a comparison starts from, nor a ministry's (its bureaus speak for it), nor an edition question
    assert sources("四国局の資料の15技術から増えてるよね？") == []
    assert sources("見本省の資料では、見本相談会の参加者は？") == []
    assert sources("四国局の資料では見本技術は15でした。最新の資料ではいくつ？") == []


def test_the_topic_of_a_question_whose_first_sentences_set_the_scene_is_the_asking_ones():
    question = "海外の見本ファンドから出資の話が来てる。見本届出の制度を調べたいんだけど、どこを見ればいい？"
    assert analyse(question).topic == "見本届出"
    assert analyse("見本届出の制度を調べたいんだけど、どこを見ればいい？").topic == "見本届出"


def test_a_follow_up_still_looks_in_the_bureaus_deck_the_earlier_question_named():
    history = [{"role": "user", "content": "四国局の資料では、見本国とはどう付き合っていくって書いてある？"},
               {"role": "assistant", "content": "…"}]
    for follow in ("じゃあ中南米とはどんな協力を進めるの？", "それって何年から？"):
        assert [q.text for q in analyse(follow, history).qualifiers if q.kind == "source"] == ["四国局"], follow
    # a new question of its own looks anywhere
    assert not [q for q in analyse("見本制度の概要は？", history).qualifiers if q.kind == "source"]


def test_the_term_a_definition_question_asks_about():
    from pipeline.question import defined_term

    assert defined_term("みなし輸出ってなに？") == "みなし輸出"
    assert defined_term("そもそもTICSとは何ですか") == "TICS"
    assert defined_term("輸出管理の対象ってなに？") is None  # a phrase, not one term


def test_before_asks_for_the_older_edition_but_not_inside_a_word():
    assert [q.text for q in analyse("対象品目は前はいくつだった？").qualifiers if q.kind == "earlier"] == ["前"]
    for question in ("事前報告は何日前までに出す？", "担当者の名前は？", "事前届出の前提は？"):
        assert not any(q.kind == "earlier" for q in analyse(question).qualifiers), question


def test_a_numbered_meeting_the_next_one_and_what_is_counted_are_conditions():
    from pipeline.question import kanji_number, ordinals

    assert {(q.kind, q.text) for q in analyse("第7回会合はいつ？").qualifiers} == {("ordinal", "第7回")}
    # (…but an ordinal naming the document the answer is from is no condition: 「第3回会議資料では」)
    assert not any(q.kind == "ordinal" for q in analyse("第3回会議資料では、何が論点？").qualifiers)
    assert not any(q.kind == "ordinal" for q in analyse("第3回の配布資料で示された課題は？").qualifiers)
    assert ordinals("＜第四回会議（4月予定）＞ 第十二号") == {(4, "回"), (12, "号")}
    assert [kanji_number(k) for k in ("四", "十", "十二", "二十", "九十九")] == [4, 10, 12, 20, 99]
    assert {q.kind for q in analyse("説明会は次回いつ？").qualifiers} == {"upcoming"}
    assert {q.kind for q in analyse("説明会はいつから始まった？").qualifiers} == {"past"}
    assert {q.kind for q in analyse("説明会に参加したいのはいつ？").qualifiers} == set()  # たい is no past
    # who holds a post a person holds is a person's name; 講師 may be an office
    assert "person" in {q.kind for q in analyse("見本局の局長って誰？").qualifiers}
    assert "person" in {q.kind for q in analyse("見本会の代表幹事は誰？").qualifiers}
    assert "person" not in {q.kind for q in analyse("見学会の講師は誰？").qualifiers}
    # what someone said: the past tense is the saying's, and what was said may be a plan
    assert {q.kind for q in analyse("見本指針って、いつ頃に初版を出すって言ってた？").qualifiers} == set()
    assert "past" not in {q.kind for q in analyse("見本指針はいつ公表されたと書いてあった？").qualifiers}
    assert "past" in {q.kind for q in analyse("見本指針はいつ公表された？").qualifiers}
    # when a count came to a figure: the figure it came to is a condition
    assert ("reached", "19") in {(q.kind, q.text) for q in analyse("見本対象が15から19に増えたのはいつ？").qualifiers}
    assert ("reached", "12物資") in {(q.kind, q.text) for q in analyse("見本物資が12物資になったのはいつ？").qualifiers}
    # an aim or a plan held now is of what is still to come (「…を目指してる」 is no past)
    assert "past" not in {q.kind for q in analyse("見本電池って、いつまでに実用化するのを目指してるの？").qualifiers}
    assert "past" not in {q.kind for q in analyse("見本制度はいつ改定を予定しているの？").qualifiers}
    assert "past" in {q.kind for q in analyse("見本電池はいつ実用化してるの？").qualifiers}
    # 「のうち何カ国が」 asks how many of them: no part is named
    assert not [q for q in analyse("加盟国のうち何カ国が見本制度を入れてるの？").qualifiers if q.kind == "subset"]
    assert not [q for q in analyse("参加企業のうちいくつが中小企業？").qualifiers if q.kind == "subset"]
    # a year and month asked is what is asked, no topic; nor is the conclusion of a case
    assert "年月" not in analyse("見本法が成立した年月を教えてください。").focus
    assert analyse("事例⑭って結局どういう結論になってるの？").focus == ()
    assert {(q.kind, q.text) for q in analyse("局の職員数は何人？").qualifiers} == {("counted", "職員")}
    assert not analyse("参加企業数は？").qualifiers  # 企業 is what a count counts already
    assert {(q.kind, q.text) for q in analyse("違反したときの罰金はいくら？").qualifiers} == {("penalty", "罰金")}
    assert {(q.kind, q.text) for q in analyse("申し込むとき、どんな書類がいる？").qualifiers} == {("paperwork", "書類")}
    assert {(q.kind, q.text) for q in analyse("審査料ってどれくらい？").qualifiers} == {("amount_kind", "審査料")}
    assert not analyse("費用はいくら？").qualifiers and not analyse("受講料は無料？").qualifiers


@pytest.mark.parametrize("question, kind", [
    ("この制度は見本法の第何条に基づく？", "article"),
    ("登録って取り消されることある？", "revocation"),
    ("不許可になったら不服を申し立てられる？", "appeal"),
    ("派遣される相談員に守秘義務はある？", "confidentiality"),
    ("チェックリストは何点とれば合格？", "pass_mark"),
    ("届け出なかったらどうなるの？", "consequence"),
    ("満足度はどうやって測ったの？", "method"),
    ("見本社が産地を記録してみたら、何がわかったの？", "result"),  # what was found, without the word 結果
    ("見本社が産地を記録してみたら、何が見えてきたの？", "result"),  # …or as what came into view
])
def test_a_legal_particular_asked_is_a_condition_the_answer_must_state(question, kind):
    assert kind in {q.kind for q in analyse(question).qualifiers}


def test_relying_on_a_place_names_the_place_not_a_compound():
    # 「北国頼み」 is 北国 relied on: 北国 is the name asked about, 北国頼み no word the documents could use
    analysis = analyse("部材の原料って北国と南国頼みなんでしょ？")
    assert "南国" in analysis.focus and not any("頼み" in term for term in analysis.focus)


def test_what_is_written_is_no_list_of_what_exists():
    # 「どんなこと書いてある？」 asks what a text says; 「どんな支援がある？」 asks for the kinds there are
    assert analyse("保管の手引きにはどんなことが書いてある？").answer_type != "list"
    assert analyse("どんな支援がある？").answer_type == "list"


def test_a_loanword_ending_in_form_asks_for_no_form():
    # インフォーム (a notice), プラットフォーム: not the フォーム a paperwork question asks for
    assert "paperwork" not in {q.kind for q in analyse("インフォームを受けたら何をすればいい？").qualifiers}
    assert "paperwork" in {q.kind for q in analyse("申込フォームはどこ？").qualifiers}


def test_the_years_a_line_names_in_the_forms_slides_use():
    from pipeline.question import years_stated

    assert years_stated("2023年6月、令和6年2月、R5年度、23年12月 首脳会議") == {2023, 2024}
    assert years_stated("第3回 10/12 開催、3年間で") == set()


def test_adverb_like_nouns_and_honorifics_do_not_make_topic_words():
    # 結局 / 最近 say how or when; お金 is a word of its own, not the tail of 結局お金
    assert "結局" not in focus_terms("部材の調達って、結局お金がかかるだけ？")
    assert focus_terms("最近の登録制度の動向は？") == ["登録制度", "動向"]
    assert "事業再構築補助金" in focus_terms("事業再構築補助金の締切")  # 再 is a prefix inside the word
    assert "時点" not in focus_terms("令和5年10月時点で、指定品目はいくつ？")  # 時点 says as of when
    assert "代わり" not in focus_terms("見本局の代わりの窓口は？")  # 代わり says which one, as 以外 and 別 do
    assert "直接" not in focus_terms("見本局の室に直接メールしたいんだけど")  # 直接 says how, not what about
    assert focus_terms("見本団体のあと、個別企業とも対話した？") == ["見本団体", "個別企業", "対話"]  # とも ends a word


@pytest.mark.parametrize("question, sides", [
    ("登録制度と相談制度の違いは？", ("登録制度", "相談制度")),
    ("見本法の届出制度と相談制度って何が違うの？", ("見本法の届出制度", "相談制度")),  # what it is of goes with it
    ("部材の備蓄と調達先の複線化を比べると？", ("部材の備蓄", "調達先の複線化")),
    ("「在庫の見える化」と「調達先の複線化」、どっちが先？", ("在庫の見える化", "調達先の複線化")),  # brackets end each
    ("見本局の研修会と説明会とで、参加の条件にどんな違いがある？", ("見本局の研修会", "説明会")),
    ("第1版と第2版の違いは？", None),  # two editions of one thing
    ("2024年度と2025年度を比べると？", None),
    ("登録制度の違反とは？", None),  # nothing compared
    ("見本値は名目値と実質値のいずれで示された？", ("名目値", "実質値")),  # which of two
    ("見本認証と見本規格はいずれも対象？", None),  # いずれも: both
    ("倉庫をリースにするのと買うのと、どっちが得？", ("リース", "買う")),  # two courses of action
])
def test_the_two_things_a_comparison_sets_side_by_side(question, sides):
    analysis = analyse(question)
    assert (analysis.compared or None) == sides
    assert (analysis.answer_type == "comparison") == (sides is not None)


@pytest.mark.parametrize("question, thing", [
    ("棚卸しの手引きって動画で見られるものはありますか？", "動画"),
    ("手引きに英語版もある？", "英語版"),
    ("手引きは役に立ちますか？", None),  # not whether there is one
])
def test_the_thing_a_yes_no_question_asks_whether_there_is(question, thing):
    assert analyse(question).existence_of == thing


@pytest.mark.parametrize("question, thing", [
    ("補助事業の担当者の役職を教えてください", "役職"),
    ("補助事業の担当者の氏名を教えてください", None),  # a person by name: a condition (see ATTRIBUTES), no thing
    ("認定機関ってどこがあるの？具体的な会社名が知りたい", "会社名"),
    ("どんなことを手伝ってくれる？", None),  # a verb's stem, not a thing asked for
])
def test_the_thing_the_asking_sentence_asks_for(question, thing):
    assert analyse(question).asked_thing == thing


@pytest.mark.parametrize("question, kind", [
    ("これは何の補助金？", "補助金"),
    ("3加盟国はどこですか", "加盟国"),
    ("この制度の所管はどこの部署？", "組織"),
    ("見本局で国際戦略を担当しているのはどの役職ですか", "役職"),  # a post (審議官), not an office
    ("見本集に出てくるのはどの企業？", "企業"),
    ("見本制度って、どの会社でも使える？", None),  # any company: no name asked
    ("この制度は誰が使える？", None),  # people, not an office
    ("この制度の期限はいつ？", None),
])
def test_the_kind_a_which_question_asks_one_of(question, kind):
    assert analyse(question).which_kind == kind


def test_key_terms_leave_out_the_situation_the_question_is_asked_in():
    keys = analyse("工場を新しく建てるとき、補助金って何がある？").key_terms
    assert "補助金" in keys and "工場" not in keys, keys


def test_a_word_saying_what_is_asked_of_a_thing_marks_the_thing_as_topic():
    # 「慰安旅行の費用って」: 費用 says what is asked; the topic marked is the 慰安旅行 it belongs to
    assert "慰安旅行" in analyse("社員の慰安旅行の費用って、会社の経費で落とせるの？").key_terms


@pytest.mark.parametrize("question", ["見本局って港湾回りだけじゃなくて、工場への見学もやってる？",
                                      "見本局は港湾のみならず工場の見学も受け付けていますか",
                                      "見本局って港湾回りのほかに、工場への見学は？"])
def test_what_a_question_names_as_known_before_asking_more_is_set_aside(question):
    # 「AだけじゃなくてB」「AのみならずB」 ask of B as 「Aのほかに」 does: A is what the asker knows of
    analysis = analyse(question)
    assert analysis.set_aside == ("港湾",) and "港湾" not in analysis.focus and "工場" in analysis.focus
    # (だけ that only limits, with no negation after it, sets nothing aside)
    assert analyse("見本局って港湾だけで見学してるの？").set_aside == ()
    # 「AじゃなくてB」「AではなくB」 set A aside as what is not meant
    for negated in ("見本局って港湾じゃなくて、工場への見学もやってる？", "見本局は港湾ではなく工場の見学を受け付けていますか"):
        assert analyse(negated).set_aside == ("港湾",) and "港湾" not in analyse(negated).focus, negated


def test_the_topic_words_a_question_quotes_whole_are_its_quoted_terms():
    assert analyse("部品屋と組立屋が「すり合わせ」するやり方って何？").quoted == {"すり合わせ"}
    assert analyse("「上限に達したら締め切り」ってあるけど、その上限って何件？").quoted == frozenset()
    # a name in kana that the tagger reads as no noun (で|ん|さい) is a quoted topic word whole
    assert analyse("支払いを「でんさい」に変えたい。何を用意すればいい？").quoted == {"でんさい"}
    assert "はじめに" in analyse("「はじめに」には何が書いてある？").focus


def test_the_value_now_is_asked_with_ashimoto_and_ima_too():
    # 足元 is the present in a value question, as 現時点 is
    assert any(q.kind == "latest" for q in analyse("対外投資の足元の残高はいくら？").qualifiers)
    assert any(q.kind == "latest" for q in analyse("輸出額って今いくら？").qualifiers)


@pytest.mark.parametrize("question, choices", [
    ("説明会はオンライン開催でしたか、それとも会場での開催でしたか", ({"オンライン"}, {"会場"})),
    ("研修は東京でやるの？それとも大阪？", ({"東京"}, {"大阪"})),
    ("説明会はオンライン開催でしたか", None),
    # a side that is a verb with kana between its kanji is that verb (持ち直し); an adverb (結局) is no side's word
    ("見本社って、結局そのあと倒産しちゃったの？それとも持ち直した？", ({"倒産"}, {"持ち直し"})),
])
def test_a_question_asking_which_of_two_things_names_each_sides_own_words(question, choices):
    assert analyse(question).choices == (tuple(map(frozenset, choices)) if choices else None)


@pytest.mark.parametrize("question, asked", [
    ("このスライドはどの会議の資料から抜粋されていますか", True), ("データの出所は？", True),
    ("この説明はどの公式情報をもとに作成されていますか", True), ("会議はいつ開かれた？", False),
    ("見本グラフの数値の出どころになってる指標は？", True),  # 出どころ is the everyday word for 出所
])
def test_a_question_asking_where_something_comes_from_is_read_as_such(question, asked):
    assert analyse(question).source_asked is asked


def test_priorities_are_no_ranking_asked():
    # 優先順位 (priorities) asks how things are put first, not which is first in a ranking
    assert not any(q.kind == "superlative" for q in analyse("政策の優先順位はどのように付けるの？").qualifiers)
    assert any(q.kind == "superlative" for q in analyse("出展社数の順位は？").qualifiers)


@pytest.mark.parametrize("question", ["技術を最大限活用するには？", "利益を最大化するにはどうすればいい？", "最高裁の判例はある？"])
def test_words_built_on_a_superlative_ask_no_ranking(question):
    # 最大限 (as far as possible), 最大化 (to maximise), 最高裁 (the Supreme Court) rank nothing
    assert not any(q.kind == "superlative" for q in analyse(question).qualifiers)


def test_one_item_asked_by_its_place():
    assert item_asked("そのうち3つ目の項目は何ですか") == 3
    assert item_asked("二番目の柱って？") == 2
    assert item_asked("輸入額が2番目に多い国は？") is None  # a ranking, not a list's item
    # (「そのうち3つ目」 picks an item: no part of a whole the answer must be about)
    assert not [q for q in analyse("そのうち3つ目の項目は何ですか").qualifiers if q.kind == "subset"]


@pytest.mark.parametrize("question, letter", [
    ("ガイダンスのCase 1に出てくるX国って、どこの国のこと？", "X国"),
    ("事例集のＢ社って実際どこの会社なの？社名知りたい", "B社"),
    ("A社はどこに事務所を置いたの？", None),  # a place A社 chose, not who A社 is
    ("B社は何をしたの？", None),
    ("EU加盟国はどこ？", None),
])
def test_a_question_after_the_real_name_behind_a_letter_is_told(question, letter):
    assert anonymous_asked(question) == letter


@pytest.mark.parametrize("question, earlier", [
    ("前はいくつだった？", True),  # the older edition's figure
    ("その前の資料では何品目？", True),
    ("部材を預ける前に届け出ないといけないの？", False),  # before doing it: no edition
    ("出資を受ける前に何を確認すればいい？", False),
])
def test_before_doing_something_is_no_earlier_edition(question, earlier):
    assert any(q.kind == "earlier" for q in analyse(question).qualifiers) == earlier


@pytest.mark.parametrize("question, name", [
    ("原薬の中国依存度は？", None),  # a place's such thing: 中国 + 依存度 names nothing of its own
    ("見本国企業の取組は？", None),
    ("ドイツの制度は？", "ドイツ"),
    ("見本局の窓口は？", "見本局"),
])
def test_a_place_before_a_common_noun_is_no_name(question, name):
    names = analyse(question).names
    assert (name in names) if name else not any(n.endswith(("依存度", "企業")) for n in names), names


def test_another_case_asked_alone_is_the_same_question_of_that_case_or_a_question_of_its_own():
    earlier = [{"role": "user", "content": "見学会事例集の事例①ってどんな事例？"}]
    same = analyse("事例②は？", earlier)
    assert same.followup and same.resolved == "見学会事例集の事例②ってどんな事例？", same.resolved
    other = analyse("No.3は？", earlier)  # a case of another collection: no part of the earlier question
    assert not other.followup and "見学会" not in other.resolved, other.resolved


def test_a_follow_up_count_counts_in_the_earlier_topics_counter():
    # 「前はいくつだった？」 after 「見本対象品目はいくつ？」 counts 品目, as the earlier question did
    # (not any number: a note's 「※1」 is no count of 品目)
    earlier = [{"role": "user", "content": "見本対象品目はいくつ？"}, {"role": "assistant", "content": "…[1]"}]
    assert analyse("見本対象品目はいくつ？").counter == "品目"
    follow = analyse("前はいくつだった？", earlier)
    assert follow.followup and follow.counter == "品目"


def test_who_holds_a_post_and_talks_with_one_partner_are_conditions():
    def kinds(question):
        return {(q.kind, q.text) for q in analyse(question).qualifiers}

    # who holds a post, asked with words between (「いま」) or by which one (どの大臣): a person named
    assert any(k == "person" for k, _ in kinds("見本局の局長って、いま誰がやってるの？"))
    assert any(k == "person" for k, _ in kinds("見本演説って、どの大臣が言ったの？"))
    assert not any(k == "person" for k, _ in kinds("見本局の講師は誰？"))  # an office may teach
    assert not any(k == "person" for k, _ in kinds("どの成長分野に見本投資する？"))  # 成長 is no post
    assert not any(k == "person" for k, _ in kinds("見本の成長は誰が担う？"))
    # talks between Japan and one partner are about that partner
    assert ("place", "日EU") in kinds("日EU見本対話で合意したことは？")
    assert not any(k == "place" for k, _ in kinds("今日中に見本申請を出せる？"))


def test_words_for_an_aim_or_a_quotation_are_no_topic():
    assert "ねらい" not in analyse("見本アウトリーチは何をねらいとしている？").focus
    assert "引用" not in analyse("見本資料に引用されている見本演説では何と言っている？").focus


def test_okurigana_keeps_a_generic_word_whole():
    # 申込み先 is 申込先 written with its okurigana: no topic, and no 「み先」 left over
    assert analyse("見本制度の申込み先ってどこ？").focus == ("見本制度",)
    assert analyse("見本制度の申し込み先は？").focus == ("見本制度",)


def test_a_word_ending_in_to_before_wa_asks_no_definition():
    # あと・もと・こと before は are words of their own: 「あとは…しないんだよね？」 puts a guess, no 「…とは」
    assert answer_type("見本法ってもう決まったんだから、あとは中身を変えたりはしないんだよね？") == "yesno"
    assert answer_type("もとは見本制度から始まったんだよね？") == "yesno"
    assert answer_type("見本制度とは？") == "definition"


def test_a_kind_of_date_asked_with_bi_is_no_topic():
    # 「…の公開日は？」「策定日」「発行日」: the kind of date asked, not a word the dated line must say
    for question in ("見本ガイダンスの公開日は？", "見本ガイダンスの策定日は？", "見本集の発行日は？"):
        analysis = analyse(question)
        assert analysis.answer_type == "date" and not [t for t in analysis.focus if t.endswith("日")]


def test_nanko_counts_the_noun_after_it():
    # 「何個事例が載ってる？」: 何個 counts the noun after it, 事例 — not whatever number is near the topic
    assert counter_of("見本集には何個事例が載ってる？") == "事例"
    assert counter_of("見本集って何個の項目がある？") == "項目"
    assert counter_of("見本集って何個ある？") is None


def test_a_question_word_inside_a_clause_that_is_the_topic_asks_nothing():
    # 「どこまで…を出すかって、…に任せていいよね？」: what is said of the clause is asked, yes or no
    assert answer_type("見本工場を建てるとき、どこまで見本技術を出すかって現場に任せちゃっていいよね？") == "yesno"
    assert answer_type("何を見本申請に書くかは、担当者が決めていいの？") == "yesno"
    # (asked to be told what the clause asks, it is no yes/no question)
    assert answer_type("どこまで見本技術を出すかって教えてもらえる？") != "yesno"
    assert answer_type("見本制度って、どこまで技術を出していいの？") != "yesno"


def test_a_count_asked_after_the_situation_counts_in_its_own_words():
    # 「見本系の事業をやってるんだけど、…はどれくらいの規模？」: the 事業 of the situation is not counted
    assert analyse("見本系の事業をやってるんだけど、見本サービスって2050年にどれくらいの市場にする目標なの？").counter is None
    assert analyse("見本系の事業をやってるんだけど、見本対象技術ってどれくらいあるの？").counter == "技術"


def test_a_place_in_a_ranking_and_a_change_in_points_are_counted_as_asked():
    assert counter_of("見本指数で、日本って何位くらいなの？") == "位"
    assert counter_of("見本材料で、日本のシェアは何ポイント下落したの？") == "ポイント"
    # (the key points of a thing, or its lead, are no ranking and no difference of shares)
    assert counter_of("見本対策のポイントはいくつある？") is None
    assert counter_of("見本技術の優位はいくつ？") is None


def test_a_step_already_done_is_the_scene_of_what_is_asked_after_it():
    # 「…を整備した後、…には？」: the clause after 後 asks (when it names a topic word of its own)
    assert analyse("見本規程を整備した後、それを形骸化させず実行させ続けるには？").asking == "それを形骸化させず実行させ続けるには?"
    assert analyse("見本規程を整備した後、どうすればいい？").asking is None


def test_a_rate_asked_by_a_request_is_a_share():
    # 「…の成長率を示せ」 asks a share as 「…の成長率は？」 does
    for question in ("見本市場の年平均成長率を示せ", "見本部材の自給率を示してください", "見本市場の成長率は？"):
        assert answer_type(question) == "number" and counter_of(question) == "割合", question
    # (a request for a thing that is no rate asks no share)
    assert counter_of("見本市場の動向を示せ") != "割合"


def test_how_far_a_thing_goes_down_or_up_is_a_figure():
    # 「…をどの程度削減できる」: a figure (約4割, 100倍), not the list the clause before it names
    assert answer_type("次世代技術として挙げられている見本融合は、消費電力をどの程度削減できるとされていますか") == "number"
    assert answer_type("見本対策で被害はどの程度減少したか") == "number"


def test_the_words_of_a_clause_describing_the_topic_say_which_thing_is_meant():
    # 「A国が見本電解質の開発で先行する見本電池について」: the clause before the word the question marks as
    # its topic says which 見本電池; what is asked is asked of 見本電池
    analysis = analyse("見本局資料では、A国が見本電解質の開発で先行する見本蓄電池について、セルを何年までに実用化するとしていますか")
    assert {"見本電解質", "先行"} <= analysis.described and "見本蓄電池" not in analysis.described
    # (a clause over a word of two characters says what is asked of: 「認証を取得した企業は何社」)
    assert not analyse("見本認証を取得した企業は何社ありますか").described
    # (nor is a linking verb a clause: 「…のグラフにおける日本の値」)
    assert not analyse("見本国の見本係数のグラフにおける見本指数は？").described
    # (nor is a word also written outside the clause)
    assert "見本電解質" not in analyse("見本電解質が先行する見本蓄電池は、見本電解質をいつ使う？").described


def test_a_span_of_years_or_decades_bounds_both_ends():
    def bounds(question):
        return [(q.kind, q.text) for q in analyse(question).qualifiers if q.kind in ("since", "until")]
    assert bounds("見本の歩みのうち、1960年代〜1980年代の出来事は") == [("since", "1960年"), ("until", "1989年")]
    assert bounds("1990年から1999年までの見本の動き") == [("since", "1990年"), ("until", "1999年")]
    assert bounds("1980年代の見本の出来事は") == [("since", "1980年"), ("until", "1989年")]
    # (one year is no span)
    assert bounds("2023年の見本の動き") == []


def test_the_sentence_that_asks_says_what_is_asked_not_the_scene_before_it():
    # 「…が挙げられていました。」 tells what an older document listed; the last sentence asks what the newest shows
    question = "2024年の見本資料では、見本防衛策として新たな見本管理が挙げられていました。最新の資料では、見本防衛策の例として何が示されていますか"
    assert answer_type(question) == "list" and analyse(question).answer_type == "lookup"
    # (a scene and a count asked after it: a count)
    assert analyse("見本資料では見本物資は11品目とされていました。最新の資料では、見本物資はいくつですか").answer_type == "number"


def test_a_space_in_the_question_does_not_shift_where_its_words_are_read():
    # the tagger drops spaces (「見本 A国が…」), the question keeps them: a describing clause is still found
    analysis = analyse("見本 A国が見本電解質の開発で先行する見本蓄電池について、セルを何年までに実用化するとしていますか")
    assert "見本電解質" in analysis.described and "見本蓄電池" not in analysis.described


def test_to_marking_a_partner_asks_what_is_done_with_it_not_what_it_is():
    # 「甲国とはどんな協力を進めるの？」: と…は marks whom it is done with; 「…とはどのような制度を指すの？」 still defines
    assert analyse("甲国とはどんな協力を進めるの？").answer_type != "definition"
    assert analyse("見本制度とはどのような制度を指すの？").answer_type == "definition"
    assert analyse("見本制度とは？").answer_type == "definition"


def test_a_follow_up_naming_another_place_puts_it_in_the_place_of_the_earlier_one():
    # 「じゃあ乙国とは…」 after 「見本省の資料だと、甲国とは…」: the new place stands in for the old, the rest still
    # frames it, and 「じゃあ」 only said it goes on
    history = [{"role": "user", "content": "見本省の資料だと、中国とはどうやって付き合っていくって書いてある？"},
               {"role": "assistant", "content": "…"}]
    follow = analyse("じゃあ中南米とはどんな協力を進めるの？", history)
    assert follow.followup and "中国" not in follow.resolved and "じゃあ" not in follow.resolved, follow.resolved
    assert "中南米" in follow.resolved and "見本省" in follow.resolved, follow.resolved


def test_a_value_the_question_gives_put_up_to_be_confirmed_asks_whether_it_is_so():
    # 「…約3兆円って、補助の分まで入れた金額なんだよね？」: no question word, a guess put up — yes/no, not an amount
    assert analyse("見本法の約3兆円って、補助の分まで入れた金額なんだよね？").answer_type == "yesno"
    # (a value asked with a question word stays a value)
    assert analyse("見本法の支援って、全部でいくらなんだよね？").answer_type == "amount"
    assert analyse("見本法の支援の金額は？").answer_type == "amount"


def test_the_calendar_a_year_is_asked_in_is_no_topic():
    # 「平成でいうと」 says how to write the year, not what it is the year of
    for question in ("見本ロボットが出たのって平成でいうと何年？", "見本ロボットが出たのは西暦で何年？"):
        assert analyse(question).focus == ("見本ロボット",), analyse(question).focus


def test_a_follow_up_frames_its_question_with_the_earlier_words_only_when_it_marks_as_specific_a_topic():
    history = [{"role": "user", "content": "見本国は、供給網が途絶えたときに備えて、どんな役割分担の仕組みを作った？"}]
    assert analyse("その体制のなかで、見本財政部ってどんな役割なの？", history).framing == {"役割分担", "見本国"}
    # (a word less specific than the earlier ones, 企業, asks of them still)
    assert analyse("そこに出てくる企業は、どう対応した？", history).framing == frozenset()

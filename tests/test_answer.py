"""Answers over a fixture corpus of two editions (own invented documents, real model): each kind of
question gets the block that answers it, quoted whole and verbatim, or a refusal that says why."""
from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.search import SearchFilters
from pipeline.answer import answer_question, answer_to_json
from pipeline.normalize import compact

ROOT = Path(__file__).resolve().parent.parent

NEW = """見本局の取組（2026年版）


(2) 登録制度

登録制度は、重要な部材を扱う事業者が事前に届け出る仕組みです。

現在 12 品目を指定。


対象となる品目

- ①精密軸受
- ②光学レンズ
- ③耐熱合金
- ④微細フィルム
- ⑦顕微鏡
- ⑧特殊ガラス


(3) 情報の持ち出し防止

本章では、退職者による情報の持ち出しの事例を記載している。

対応策の例

- 退職時に急に誓約を求めるのではなく、入社時から定期的に誓約を求める。
- 退職予定者のアクセス権限を速やかに見直す。


(4) 共同購入の事例集

事例①：部材の共同購入

- 供給が途絶えた期間に限り、必要な範囲で共同購入することは問題とならない。

事例②：価格の情報交換

- 将来の販売価格について情報交換することは問題となる。

事例③：配送の共同化

- 複数の事業者が配送を共同で行う取組。

https://example.jp/kyodo/jireishu.pdf


(4) 共同購入の事例集の紹介ページ

共同購入の事例集の紹介 https://example.jp/kyodo/index.html


(5) 相談窓口

相談窓口では、専門の職員が部材の調達について相談に応じます。

相談は無料です。

教材費の補助についても案内しています。


(7) 見本局の取組の柱

- 近年、部材の調達をめぐる環境は大きく変わり、海外の限られた供給元に頼っている事業者ほど、その供給が途絶えたときに受ける影響が大きくなっている。
- そのため見本局では、事業者が自ら備えられるよう、相談や情報提供の仕組みを少しずつ整えてきた経緯があり、今後もこの取組を続けていく方針である。

三つの柱

- 相談
- 情報提供
- 専門家派遣


(8) 部材調達相談制度 (PSC)

PSCでは、事業者は専門の相談員の助言を受けつつ、調達先の見直しに取り組むことができる。


(6) 説明会

説明会は2026年5月20日に開催します。


問い合わせ先

見本局 総務課

TEL:03-1234-5678


(9) 見本局の考え方

取組全体を通じて重視する「2つの視点」。

① 調達先の複線化

一つの供給元に頼らず、複数の調達先を平時から確保しておく。

② 在庫の見える化

部材の在庫量を定期的に把握し、取引先と共有する。


(10) 研修会

第2回研修会は2025年11月10日に開催し、35名が参加した。

研修会の受講料は1人3,000円です。

研修会を欠席しても罰則はない。

・講師：見本局、北国工業大、南海技研、港湾協会 他


(11) 見本法

見本法は、①部材の備蓄、②調達先の届出、③技術の保護、④相談体制に関する措置を定める。

見本法の主な措置

- 備蓄の支援
- 届出の受付
- 相談の実施


(12) 図面の管理

図面の社外持ち出しを防ぐため、持ち出しは事前の申請制としている。規程に違反した場合は懲戒の対象とし、厳格に対応する。打合せでは画面で示すだけにとどめる。


(13) 図面の管理の課題

図面の持ち出しによる流出を防ぐ仕組みづくりは、多くの事業者で遅れている。


(15) 備えが必要な理由

① 輸入の停止

- 相手国が部材の輸出を止めるケース。

② 供給元の撤退

- 供給元が部材の事業をやめるケース。

③ 災害による途絶

- 供給元の工場が被災して部材の供給が途絶えるパターン。


(16) 重点支援

重点支援の考え方

- 重点支援は、分野を絞って集中的に行う。
- 重点支援の分野は毎年見直す。

重点支援（3分野）

事業者の備えを分野ごとに支援する。

<分野>

- 調達：複数の調達先を平時から確保する取組を支援。
- 在庫：在庫量を定期的に把握する取組を支援。
- 人材：調達を担う人材の育成を支援。


(17) 備蓄の支援

国は、特に重要3部材※の備蓄を支援している。

※重要3部材：
精密軸受、光学レンズ、耐熱合金


(18) 海外見学会

海外見学会の訪問先は、大韓民国、カナダ、アメリカ合衆国の3か国。


(19) 部材の追加

新たな部材の追加は2026年4月1日施行。


(20) 見学会

見学会は2026年度から年4回の開催とした。


(21) 海外拠点の情報管理

- 海外拠点に持ち込む図面は、必要な範囲に限る。
- 海外拠点で図面を使うときは、閲覧の記録を残す。


(22) 部材情報センター（MKB）

MKBでは、部材の規格について個別の相談を受け付けます。



お申込みの方法

個別相談のお申込み

https://www.mkb.example.jp/soudan/form.html


(23) 輸入届出

区分	輸入届出
対象	重要な部材を輸入する事業者
期限	輸入の30日前まで

*部材の一覧は別表に掲載。

区分	輸出届出
対象	部材を輸出する事業者


(24) 調達の手引き

調達の手引きは、部材調達の工夫を紹介する冊子で、12事例を収録している。


(25) 四国局の取組

四国局では、部材の調達について相談を受け付けている。


(26) 交流会の記録

- 7/7 部材交流会（高松）
・地域の事業者 35社が参加
・講師：当局

- 9/9 部材見学会（松山）
・地域の事業者 20社が参加
・満足度90%



参加者アンケートの結果は次回の交流会で紹介する。


(27) 窓口相談の開始

窓口相談は2026年4月からオンラインでも開始する予定。


(28) これまでの取組

対面の窓口相談は2025年4月1日より開始した。


(29) 用語

サプライ・ネットワークとは、調達先と供給先のつながり全体をいう。


(30) 在庫の手引きの構成

目次

- 第1章 調達の基本
- 1 調達先の選び方
- 2 契約の注意点
- 第2章 在庫の管理
- 1 在庫の数え方
- 2 保管の工夫



ご清聴ありがとうございました

四国経済産業局

産業部 調達課

TEL:087-000-1111


(21) 相談会の開催実績

- 5/10 部材調達相談会（東京）
- 6/20 在庫管理相談会（大阪）



- 9/5 調達先見直し相談会（名古屋）
- 11/12 部材調達相談会（福岡）
- 12/3 在庫管理相談会（札幌）


(22) 制度の施行状況

① 部材登録制度

2026年4月から施行

② 在庫報告制度

2027年度から施行予定


(23) 在庫の点検

在庫の点検の担当者は2名で、点検の記録は5年間保存する。

在庫の点検は四半期に一度行う。


(24) 棚卸しの進め方

① 台帳を作り、置き場所ごとに在庫を記録する。
（※）見落としやすい置き場所の例
（１）倉庫の奥の棚
（２）営業車の荷台

② 棚を数え、台帳と照らし合わせる。


(31) 重点品目

7の重点品目※を選定。

※当局関係では、精密軸受、光学レンズ、耐熱合金、微細フィルム、樹脂部品の５つ（当局調べ）


(32) 輸出の管理

見本輸出法に違反して無許可で部材を輸出した場合、罰金が科される。


(33) 見本局の新方針

見本局は2026年4月、部材の調達を支える政策文書「見本局の新方針：3つの新たな取組」を公表した。

これまでの取組を見直しつつ、以下の3つの取組を進める。

１．調達先の登録

２．在庫情報の共有
 • 事業者間で在庫の情報を共有する仕組みを整える。
 • 共有の範囲は事業者が決める。

３．人材の育成
 • 調達を担う人材の研修を行う。


(34) 各国の部材保護の動き

＜台湾＞部材技術の保護強化

2021年3月に、部材保護法を改正し、持ち出しの罰則を強化。

許可を得ずに中国で部材の製造に携わることも禁止。


(35) (参考) 部材管理のための相談員派遣事業

部材の管理を促すため、事業者への支援を実施。

登録を検討する事業者へ、在庫管理の相談員を無償で派遣し、管理の方法を助言。

※2027年度の相談員派遣事業も、予算の成立が前提となりますが、追って公募を開始する予定です。


(36) 台帳づくりの支援

- 部材の台帳づくりを進めるには、保管場所の確認や記録の様式の決定など、幅広い対応が必要。他方、小規模な事業者には、自社だけで進めることが難しいとの声もあった。
- 見本局の支援制度では、事業者は専門家の助言を受けつつ、台帳の整備に取り組むことができる。


4. 棚卸しを始めたいが、何から手をつければよいか分からない

- **見本認証制度** の活用をご検討ください！
- 認定を受けた相談員が、事業者ごとに助言します。


(38) 棚卸しの確認項目

- 棚卸しを始める前に、置き場所ごとの担当を決めているか？
- 数え方がわからない品目は、担当者に確認しているか？


(39) 調達計画の見直し

2026年6月、調達計画改訂版を公表した。

横断的な取組

- 調達先の分散
- 在庫の積み増し
- 代替部材の評価


(40) 供給途絶の予兆把握

部材の供給が途絶える予兆を早期に把握するため、見本局は監視の体制を整備する。


(41) 地域の部材産業

四国では部材の調達先の見直しが進んでいる。


(42) 【支援】

➤ **部材再建基金** <2021年4月>

工場の再建に向けて：5年間で約300億円

➤ **調達多様化プログラム** <2023年1月>


(43) 備えが必要な品目

- 精密軸受
- 光学レンズ
- 耐熱合金
- 微細フィルム
- 特殊ガラス


(44) 届出制度の施行

③ 重要部材事前届出制度

2026年10月から施行


(45) 部材相談の窓口

部材調達窓口では、調達先の見直しについて相談に応じます。

(海外調達支援窓口/在庫管理支援窓口/物流改善支援窓口も本局に設置)


(46) 部材の備蓄について

部材の備蓄の支援には、令和6年度補正予算で約300億円を措置。

3物資指定、総額1,200億円

お問い合わせ先：見本省 部材政策室

E-mail : buzai-seisaku@example.jp

北国見本局 産業部 調達課

E-mail : kita-chotatsu@example.jp


(47) 金型の管理

- 金型の管理を誤ると、取引先に預けた金型から製法が漏れるおそれがある。
- いずれの方針を取るにしても、金型の管理で守るべき型を正しく見極めることが前提。

対応策の例

- ① 型ごとの保管先を洗い出す
  - 自社の倉庫だけでなく、預け先の工場まで確かめる。
- ② 貸し出しの記録を残す
  - 誰にいつ渡したかを台帳に残す。
- ③ 返却の期限を取り決める


(49) 棚卸しの手引き

棚卸しの手引きは、記録の付け方を一冊にまとめたものです。

記録の質の底上げを目指し、棚卸しの手引きを策定（令和6年4月）。

棚卸しの手引きで見られるものは、記録の付け方と点検表です。

紹介動画を公開中！

棚卸しに取り組む事業者は、補助金の審査で加点を受けられる。


(50) 相互融通の協力国

協力国：米国、英国、フランス、ドイツ、イタリア、カナダ

協力国とは、部材を相互に融通する国である。


(51) 見本国の部材3法

部材3法：「部材備蓄法」(2023年5月成立)、「部材融通法」(2024年2月成立)、「部材再建法」(2024年9月成立)

見本国では、部材に関する法律の整備が続いている。


(52) 見本局の訪問先

見本局においては特に、大学・企業等への訪問の際に、支援制度の紹介とともに意識啓発を行っている。

<大学・企業訪問>
・大学：北国大、南海大、港湾大 他
・企業：見本工業、南海精機 他


(53) 部材の安定確保策

② 備蓄の強化

災害や輸出規制に備え、部材の備蓄を計画的に強化していく。

- 備蓄倉庫の確保
- 備蓄品目の選定
- 放出手順の整備
- 在庫情報の共有


(54) 見本窓口のご案内

見本窓口では、部材の調達について専門家が相談に応じます。

見本窓口

<https://www.mihon.example.jp/madoguchi.html>

相談依頼フォーム

https://www.mihon.example.jp/form/irai.html


(48) 部材の産地

＜部材の工程＞

③原料鉱石→③精製材

③精製板→③部材セル

精製材の生産は約6割が北国産、精製板は9割が北国産。


(49) 見本手引きの構成

目次

第1章 調達の基本

- 1 発注前に取り組むべき事項
- 2 倉庫閉鎖時に取り組むべき事項


(50) 見本局の体制

2025年4月に新たに「部材調達室」を設置

司令役として、調達の施策を一体で推進

基盤として、在庫の情報共有を強化

- 2024年10月に部材在庫室を設立
- 部材相談センター（仮称）の設立


(51) 北国の動き

【対応】

➤ **「部材の未来」(いわゆる山田レポート)**

<2024年9月>

○ 部材産業として統合的な調達政策・物流政策へ提言

○ 官民で年1,000億円の追加投資

➤ **「部材コンパス」** <2025年1月>

○ 調達力の強化に向けた5年間の計画を公表。


(52) 部材の輸出

部材の輸出額について、2030年に500億円、2035年に800億円とする。

（出典）第3回部材懇談会（令和7年2月1日）資料より抜粋


(55) 見本局の年表

- 2000年1月 第1回 部材交流会を開催
- 2000年2月 第2回 部材交流会を開催
- 2000年3月 第3回 部材交流会を開催
- 2000年4月 第4回 部材交流会を開催
- 2000年5月 第5回 部材交流会を開催
- 2000年6月 第6回 部材交流会を開催
- 2000年7月 第7回 部材交流会を開催
- 2000年8月 第8回 部材交流会を開催
- 2000年9月 第9回 部材交流会を開催
- 2000年10月 第10回 部材交流会を開催
- 2000年11月 第11回 部材交流会を開催
- 2000年12月 第12回 部材交流会を開催
- 2001年1月 第13回 部材交流会を開催
- 2001年2月 第14回 部材交流会を開催
- 2001年3月 第15回 部材交流会を開催
- 2001年4月 第16回 部材交流会を開催
- 2001年5月 第17回 部材交流会を開催
- 2001年6月 第18回 部材交流会を開催
- 2001年7月 第19回 部材交流会を開催
- 2001年8月 第20回 部材交流会を開催
- 2001年9月 第21回 部材交流会を開催
- 2001年10月 第22回 部材交流会を開催
- 2001年11月 第23回 部材交流会を開催
- 2001年12月 第24回 部材交流会を開催
- 2002年1月 第25回 部材交流会を開催
- 2002年2月 第26回 部材交流会を開催
- 2002年3月 第27回 部材交流会を開催
- 2002年4月 第28回 部材交流会を開催
- 2002年5月 第29回 部材交流会を開催
- 2002年6月 第30回 部材交流会を開催
- 2002年7月 第31回 部材交流会を開催
- 2002年8月 第32回 部材交流会を開催
- 2002年9月 第33回 部材交流会を開催
- 2002年10月 第34回 部材交流会を開催
- 2002年11月 第35回 部材交流会を開催
- 2002年12月 第36回 部材交流会を開催


(56) 北国の提言

【提言】

➤ 「部材の将来像」(いわゆる山田メモ)

<2023年5月>

○ 調達の考え方を提言


(54) 部材法の紹介

部材法（在庫管理）の対象は、重要な部材を扱う事業者。


(53) 【保管の手引き】

保管の手引き 第1版

見本省

部材政策局 保管対策室

第1章 保管の基本


(57) 試験機の歩み

- 1985年 初の国産試験機が完成
- 1998年 試験機の規格を制定
- 2006年 試験機の記録を公開
- 2019年 試験機の海外認証を開始


(58) 出資の受入れ

1. 事前申出書の提出

2. 審査終了

見本省ホームページ ★制度の詳細はこちらから★

https://www.example.go.jp/mihon/moushide/index.html


(59) 出資の審査

見本法では、事前申出制度により、出資を受ける前の申出を求め、審査を実施。


(60) 部材管理の好事例

C社の例（電機）
取引先ごとに情報の区分を定め、区分に応じた管理を実施。

D社の例（化学）
外部の専門家を顧問に招き、部門長との面談を毎月実施。
面談を通じて、部門長が部材管理のリスクを自ら考えるようになった。

部材管理の実施概要

- 部材管理とは何か？
- 部材管理はどのくらい重要か？
- どうすれば部材管理を強化できるか？


(61) 輸入部材の扱い

見本審議会では、部材規制の見直しに向けた議論をしている。
特に、輸入部材の扱いが重要な論点。
年内を目途に報告を取りまとめる予定であり、これを踏まえて制度改正を進めていく。


(62) （参考）韓国における部材監視システムの整備

韓国政府は、部材監視システムを整備し、品目別に監視を実施。


(63) 部材の見える化

部材の途絶の予兆を把握するため、部材監視システムの構築を目指す。


(64) 在庫の事前届出制度

重要な在庫を倉庫に預ける際に、在庫の事前届出制度を設け、これを端緒として官民が確実に対話する。

届出の対象として、現在 15 品目を指定（うち新たな品目は5品目）。


(65) 図面の持ち出し

図面を持ち出す社員がいても、どこまで規制してよいか躊躇する企業の声もある。

＜参考：図面管理に係る企業のヒアリング例＞
- 図面の持ち出しは、台帳で毎月確認している。
- 持ち出しの規則に違反した場合は、厳格に対応している。


"""
OLD = """見本局の取組（2024年版）


登録制度の概要

登録制度の対象として、10品目を指定している。

見学会は年2回開催している。


対象となる品目

- ①精密軸受
- ②光学レンズ


(48) 棚卸しに必要な要素（初期的整理）

①記録の細かさ

箱ごと

棚ごと

②記録の速さ

月末

当日

③記録の範囲

自社倉庫のみ

預け先まで


(49) 在庫の届出

在庫の届出において、倉庫を持つ事業者からの事前通知を受け、官民が相談しながら保管の方法を検討する仕組みを想定。
"""
MANIFEST = r"""[[case_pattern]]
name = "事例"
pattern = '^事例([①-⑳])\s*[：:]'
label = "事例{1}"
collection = "共同購入事例集"

[[collection]]
name = "共同購入事例集"
keywords = ["共同購入"]

[[document]]
id = "new"
file = "new.txt"
title = "見本局の取組"
publisher = "見本局"
date = "2026-03"
case_patterns = ["事例"]
collections = ["共同購入事例集"]

[[document]]
id = "old"
file = "old.txt"
title = "見本局の取組（旧版）"
publisher = "見本局"
date = "2024-02"
"""


@pytest.fixture(scope="module")
def fixture_index(real_embedder, tmp_path_factory):
    from pipeline.index import build_index

    root = tmp_path_factory.mktemp("answers")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "new.txt").write_text(NEW, encoding="utf-8")
    (corpus / "old.txt").write_text(OLD, encoding="utf-8")
    (corpus / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    build_index(corpus, root / "index", real_embedder, progress=False)
    return corpus, root / "index"


@pytest.fixture(scope="module")
def searcher(real_embedder, fixture_index):
    from pipeline.index import load_index
    from pipeline.search import Searcher

    corpus, index = fixture_index
    return Searcher(load_index(index, corpus, real_embedder), real_embedder)


def searcher_over(embedder, root, files: dict[str, str], manifest: str):
    """Return a Searcher over a small corpus written under `root`: the files by name, and the manifest."""
    from pipeline.index import build_index, load_index
    from pipeline.search import Searcher

    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "manifest.toml").write_text(manifest, encoding="utf-8")
    build_index(corpus, root / "index", embedder, progress=False)
    return Searcher(load_index(root / "index", corpus, embedder), embedder)


def dated_manifest(*documents: tuple[str, str, str, str]) -> str:
    """Return a manifest of documents given as (id, title, publisher, date), each in the file 「{id}.txt」."""
    return "".join(f'[[document]]\nid = "{doc_id}"\nfile = "{doc_id}.txt"\ntitle = "{title}"\npublisher = "{publisher}"\n'
                   f'date = "{date}"\n\n' for doc_id, title, publisher, date in documents)


def one_deck(embedder, root, text: str, title: str, date: str, publisher: str = "見本局", extra: str = ""):
    """Return a Searcher over one deck (the case patterns and collections of MANIFEST, no other document):
    `text` titled `title` by `publisher`, dated `date`; `extra` adds manifest lines (case_patterns = …)."""
    entry = f'[[document]]\nid = "deck"\nfile = "deck.txt"\ntitle = "{title}"\npublisher = "{publisher}"\ndate = "{date}"\n'
    return searcher_over(embedder, root, {"deck.txt": text}, MANIFEST.split("[[document]]")[0] + entry + extra)


def slides_deck(embedder, root, units: list[str]):
    """Return a Searcher over one deck 「見本局の資料」 (2025-03) whose slides are `units`, after a cover slide.
    (A short slide with no sentence runs on into the next: put such a slide last.)"""
    return one_deck(embedder, root, "見本局の資料\n\n\n\n" + "\n\n\n\n".join(units) + "\n", "見本局の資料", "2025-03")


def lines_of(answer) -> list[str]:
    return [line.rsplit("[", 1)[0] for line in answer.text.splitlines() if line.endswith("]")]


def assert_whole_and_verbatim(answer) -> None:
    """Every answer line is one whole segment of its cited passage (sentence, item or row)."""
    by_n = {c.n: c for c in answer.citations}
    for line in answer.text.splitlines():
        if not line.endswith("]"):
            continue
        quote, marker = line.rsplit("[", 1)
        chunk = by_n[int(marker.rstrip("]"))].chunk
        assert quote in chunk.segments and compact(quote) in compact(chunk.text), line


def test_a_count_is_answered_by_the_line_that_states_it_newest_edition_first(searcher):
    answer = answer_question(searcher, "登録制度の対象品目はいくつ？")
    assert answer.found and answer.answer_type == "number"
    quotes = lines_of(answer)
    assert "現在 12 品目を指定。" in quotes and "登録制度の対象として、10品目を指定している。" in quotes
    assert quotes.index("現在 12 品目を指定。") < quotes.index("登録制度の対象として、10品目を指定している。")
    assert "版によって記載が異なります" in answer.notice and "2026-03" in answer.notice
    assert_whole_and_verbatim(answer)


@pytest.mark.parametrize("question", ["登録制度の対象品目は前はいくつだった？", "登録制度の対象品目は当初いくつ？"])
def test_a_count_asked_as_it_was_before_gives_the_older_edition_first(searcher, question):
    quotes = lines_of(answer := answer_question(searcher, question))
    assert quotes.index("登録制度の対象として、10品目を指定している。") < quotes.index("現在 12 品目を指定。")
    assert "古い資料（2024-02）の記述を先に" in answer.notice


def test_what_was_added_to_a_list_is_what_its_newest_edition_lists_and_the_older_did_not(searcher):
    answer = answer_question(searcher, "対象となる品目で新たに追加されたのは？")
    lines = lines_of(answer)
    assert {"③耐熱合金", "④微細フィルム", "⑦顕微鏡", "⑧特殊ガラス"} <= set(lines)
    assert "①精密軸受" not in lines and "②光学レンズ" not in lines  # listed in the 2024 edition already
    assert "古い資料（2024-02）の一覧にない項目" in answer.notice


def test_a_list_question_gets_every_item(searcher):
    answer = answer_question(searcher, "対象となる品目を全部挙げて")
    assert answer.answer_type == "list"
    quotes = lines_of(answer)
    for item in ("①精密軸受", "②光学レンズ", "③耐熱合金", "④微細フィルム", "⑦顕微鏡"):
        assert item in quotes
    assert len({c.n for c in answer.citations}) == 1  # cited once
    assert_whole_and_verbatim(answer)
    assert answer.citations[0].chunk.doc_id == "new" and "新しい資料（2026" in answer.notice  # not the 2024 list


def test_a_list_led_by_a_note_is_answered_with_the_note_and_its_items(searcher):
    answer = answer_question(searcher, "棚卸しで見落としやすい置き場所の例を挙げて")
    quotes = lines_of(answer)
    assert quotes[:3] == ["（※）見落としやすい置き場所の例", "（１）倉庫の奥の棚", "（２）営業車の荷台"]
    assert_whole_and_verbatim(answer)


def test_the_same_list_in_an_older_deck_gives_way_to_the_newer(searcher):
    answer = answer_question(searcher, "対象となる品目にはどんなものがある？")
    assert "⑦顕微鏡" in lines_of(answer) and "古い資料" in answer.notice


NEWER_THAN_READ = {
    "old.txt": """部品輸出の経路に応じた現状と課題



部品輸出の経路は様々。

委託生産、合弁設立、人材交流といった、それぞれの部品輸出の経路に応じた課題に対し、対策を強化していくことが必要。

委託生産では、委託先の管理が行き届かないことが多い。
""",
    "new.txt": """部品輸出の管理について



【部品輸出の経路の例】

① 海外工場への製造委託

- 製造を委託した先から図面が広まるケース。

② 外資との合弁

- 合弁相手に設計ノウハウを獲得されるケース。
""",
}


def test_what_a_newer_document_says_is_asked_after_the_older_one_the_asker_has_read(real_embedder, tmp_path):
    manifest = dated_manifest(
        ("old", "部品輸出の課題", "見本省 大臣官房 調整室", "2024-02"),
        ("new", "部品輸出の管理", "見本経済産業局 国際課", "2025-06"))
    searcher = searcher_over(real_embedder, tmp_path, NEWER_THAN_READ, manifest)
    # the older document restates what the asker says it said; the newer one's examples answer
    answer = answer_question(searcher, "2024年2月の見本省資料では、部品輸出の経路を委託生産・合弁設立・人材交流に分けて"
                                       "課題を整理していました。より新しい資料では、部品輸出の経路の例としてどのようなものが示されていますか")
    assert answer.found and any("海外工場への製造委託" in line for line in lines_of(answer)), answer.text
    assert not any("委託生産、合弁設立" in line for line in lines_of(answer)), answer.text


def test_a_date_asked_of_a_newer_document_than_the_one_read_is_the_newer_ones(real_embedder, tmp_path):
    manifest = dated_manifest(
        ("old", "見本法の概要", "見本省 大臣官房 調整室", "2024-02"),
        ("new", "見本法の今", "見本経済産業局 国際課", "2025-06"))
    searcher = searcher_over(real_embedder, tmp_path, {
        "old.txt": "見本法の概要\n\n\n\n1. 見本法の成立（2023年5月）：部材の備蓄と調達先の届出を法制化\n",
        "new.txt": "見本法の今\n\n\n\n1. 見本法の施行（2024年4月）：部材の備蓄と調達先の届出を法制化\n"}, manifest)
    # 成立 is what the asker read; the sentence that asks names no event, and the newer document's line answers
    answer = answer_question(searcher, "2024年2月の見本省資料では見本法は2023年5月に「成立」した段階で紹介されていました。"
                                       "より新しい資料では、見本法はどの段階まで進んだものとして、いつの日付で書かれていますか。")
    assert answer.found and any("施行（2024年4月）" in line for line in lines_of(answer)), answer.text
    assert not any("成立（2023年5月）" in line for line in lines_of(answer)), answer.text


def test_a_list_question_gets_a_list_not_paragraphs_set_as_bullets(searcher):
    answer = answer_question(searcher, "見本局の取組の柱を挙げて")
    assert {"相談", "情報提供", "専門家派遣"} <= set(lines_of(answer))
    assert not any("近年" in line for line in lines_of(answer))


def test_a_how_to_question_gets_the_measures_not_the_problem(searcher):
    answer = answer_question(searcher, "退職者の持ち出しを防ぐにはどうすればいい？")
    assert answer.answer_type == "howto"
    assert any("入社時から定期的に誓約を求める" in q for q in lines_of(answer))
    assert not any("事例を記載している" in q for q in lines_of(answer)[:1])


def test_advice_on_going_abroad_answers_for_a_country_the_documents_do_not_name(searcher):
    answer = answer_question(searcher, "ベトナムの工場で図面を守るには？")
    assert answer.found and answer.answer_type == "howto"
    assert "海外拠点に持ち込む図面は、必要な範囲に限る。" in lines_of(answer)
    assert "『ベトナム』に限った記載はなく" in answer.notice  # says the answer is about going abroad at large
    # …and only for what to do there: a fact about that country the documents lack is still refused
    refused = answer_question(searcher, "ベトナムの部材の輸出規制は？")
    assert not refused.found and "『ベトナム』" in refused.refusal_reason


def test_another_topics_window_is_no_contact_for_the_topic_asked(searcher):
    # 在庫 has no window's contact of its own: 見本窓口 (for 調達) shares only the words 相談 and 窓口 with it
    answer = answer_question(searcher, "在庫の相談窓口はどこ？")
    assert not answer.found and "『在庫』の記述はありますが" in answer.refusal_reason, answer.text
    assert answer_question(searcher, "見本窓口の相談依頼はどこから？").found  # the window's own topic


def test_a_window_asked_for_without_where_is_a_contact_question(searcher):
    # 「…の相談窓口は？」 asks where to turn as much as 「…はどこ？」 does: the window's link, not lines that
    # happen to share its words; a topic with no window of its own is refused saying so
    answer = answer_question(searcher, "MKBの相談窓口は？")
    assert answer.found and answer.answer_type == "contact"
    assert "https://www.mkb.example.jp/soudan/form.html" in answer.text
    refused = answer_question(searcher, "在庫の相談窓口は？")
    assert not refused.found and "『在庫』の記述はありますが" in refused.refusal_reason, refused.text


def test_a_link_names_its_organisation_by_its_web_address(searcher):
    # the form sits on a slide of its own that names the centre only in its address
    answer = answer_question(searcher, "MKBの窓口ってどこにあるの？")
    assert answer.found and "https://www.mkb.example.jp/soudan/form.html" in answer.text


def test_a_term_that_titles_a_table_is_defined_by_the_table(searcher):
    answer = answer_question(searcher, "輸入届出ってなに？")
    assert answer.found and answer.answer_type == "definition"
    lines = lines_of(answer)  # the table under its title, in its order, before any note below it
    assert lines[:3] == ["(23) 輸入届出", "対象 重要な部材を輸入する事業者", "期限 輸入の30日前まで"]
    assert not any("部材を輸出する事業者" in line for line in lines)  # the next table is another thing


def test_a_term_a_heading_ends_in_after_no_is_defined_by_what_the_heading_heads(searcher):
    # 「部材管理のための相談員派遣事業」 is a 相談員派遣事業: what it heads says what the programme is;
    # the budget note that repeats the term says nothing of what it is
    lines = lines_of(answer_question(searcher, "相談員派遣事業って何？"))
    assert lines[:3] == ["(35) (参考) 部材管理のための相談員派遣事業", "部材の管理を促すため、事業者への支援を実施。",
                         "登録を検討する事業者へ、在庫管理の相談員を無償で派遣し、管理の方法を助言。"]


def test_a_term_the_documents_never_write_is_not_defined_by_what_they_say_of_its_last_word(searcher):
    answer = answer_question(searcher, "みなし調達ってなに？")  # 調達 is everywhere, みなし nowhere
    assert not answer.found and answer.refusal_reason == "資料には『みなし調達』に関する記述が見つかりませんでした。"
    assert answer_question(searcher, "登録制度ってなに？").found


def test_how_many_cases_is_answered_by_a_count_of_cases(searcher):
    answer = answer_question(searcher, "調達の手引きって何件載ってるの？")  # 件 counts what the text counts in 事例
    assert answer.found and "12事例" in answer.text


@pytest.mark.parametrize("question", ["四国経済産業局の電話番号は？", "四国局の電話番号は？"])  # its short name too
def test_a_phone_number_is_found_under_its_office_named_on_a_line_of_its_own(searcher, question):
    answer = answer_question(searcher, question)
    assert answer.found and "087-000-1111" in answer.text and "03-1234-5678" not in answer.text


def test_where_to_ask_in_a_region_is_answered_from_the_regional_offices_contact_slide(searcher):
    answer = answer_question(searcher, "四国で部材のことを相談したいとき、どこに連絡すればいい？")
    assert answer.found and "087-000-1111" in answer.text and "03-1234-5678" not in answer.text
    # the slide that states the office's contact is read even when the search did not rank it
    from pipeline.answer import AnswerSettings, Prepared
    from pipeline.answering.evidence import gather
    from pipeline.question import analyse

    missed = searcher.search("四国の部材産業", top_k=1)  # names 四国, states no contact
    assert "四国" in missed.hits[0].chunk.text and "087-000-1111" not in missed.hits[0].chunk.text
    found = gather(searcher, Prepared(analyse("四国で部材のことを相談したいとき、どこに連絡すればいい？"), missed),
                   AnswerSettings())
    assert any("087-000-1111" in c.text for c in found)


def test_an_offices_contact_line_answers_though_no_line_covers_the_offices_short_name(searcher):
    # 四国局 is written 四国経済産業局: no segment covers the asked words, the office's contact line
    # (named on the line above it) still answers — the gate before composing reads it as the composer does
    from pipeline.answer import AnswerSettings, answer_from_prepared, prepare

    settings = AnswerSettings()
    prepared = prepare(searcher, "四国局の電話番号は？", settings=settings)
    for candidate in prepared.candidates:
        candidate.cover = candidate.topic_cover = 0.0
    answer = answer_from_prepared(searcher, prepared, settings)
    assert answer.found and "087-000-1111" in answer.text


def test_a_figure_under_the_line_naming_its_programme_answers_how_large_it_is(searcher):
    # the figure's line names no programme; the short line right above it does
    lines = lines_of(answer_question(searcher, "部材再建基金ってどれくらいの規模なの？"))
    assert lines[:2] == ["部材再建基金 <2021年4月>", "工場の再建に向けて：5年間で約300億円"]


def test_a_count_in_a_sub_item_is_led_by_the_item_it_belongs_to(searcher):
    answer = answer_question(searcher, "交流会には何社参加した？")
    assert lines_of(answer)[:2] == ["7/7 部材交流会（高松）", "地域の事業者 35社が参加"]  # which event, then how many
    # 「参加者数」: the people counted are named by the verb the count is stated with (「…が参加」)
    assert "35社が参加" in answer_question(searcher, "交流会の参加者数は？").text


def test_when_something_started_is_not_answered_by_a_plan(searcher):
    answer = answer_question(searcher, "窓口相談はいつから始まった？")
    assert answer.found and "2025年4月1日" in answer.text and "予定" not in answer.text


def test_a_loanword_asked_without_its_middle_dot_is_found_with_it(searcher):
    answer = answer_question(searcher, "サプライネットワークってなに？")
    assert answer.found and "調達先と供給先のつながり全体" in answer.text


def test_a_name_the_search_missed_brings_the_passages_that_name_it(searcher):
    from pipeline.answer import AnswerSettings, Prepared
    from pipeline.answering.evidence import gather
    from pipeline.question import analyse

    analysis = analyse("カナダの取組は？")
    missed = searcher.search("退職者の持ち出し", top_k=3)  # a search whose passages never name カナダ
    assert not any("カナダ" in hit.chunk.text for hit in missed.hits)
    found = gather(searcher, Prepared(analysis, missed), AnswerSettings())
    assert any("カナダ" in c.text for c in found)
    assert not any("カナダ" in c.text for c in gather(searcher, Prepared(analysis, missed), AnswerSettings(named_passages=0)))
    # …within what the user narrowed the search to
    narrowed = Prepared(analysis, missed, filters=SearchFilters(doc_ids=("old",)))
    assert not any("カナダ" in c.text for c in gather(searcher, narrowed, AnswerSettings()))


def test_a_chapter_asked_about_gets_its_part_of_the_contents(searcher):
    lines = lines_of(answer_question(searcher, "在庫の手引きの第2章には何が書いてある？"))
    assert {"第2章 在庫の管理", "1 在庫の数え方", "2 保管の工夫"} <= set(lines)
    assert "第1章 調達の基本" not in lines and "1 調達先の選び方" not in lines
    # …or named by what it is about (「在庫の管理の章」), whatever the question goes on to ask
    lines = lines_of(answer_question(searcher, "在庫の手引きの在庫の管理の章って、どんなことに分かれてるの？"))
    assert {"第2章 在庫の管理", "1 在庫の数え方", "2 保管の工夫"} <= set(lines) and "第1章 調達の基本" not in lines


def test_a_list_may_be_a_sentence_that_counts_what_it_lists_in_the_note_its_mark_points_to(searcher):
    note = "※当局関係では、精密軸受、光学レンズ、耐熱合金、微細フィルム、樹脂部品の５つ（当局調べ）"
    assert note in lines_of(answer_question(searcher, "重点品目って何がある？"))
    # the one unnumbered note of its passage comes with the line whose bare ※ points to it
    assert lines_of(answer_question(searcher, "重点品目はいくつ選定した？"))[-2:] == ["7の重点品目※を選定。", note]
    assert note in lines_of(answer_question(searcher, "当局関係の重点品目を全部教えて"))


def test_a_counted_enumeration_states_as_many_things_as_it_lists():
    from pipeline.answering.lists import counted_enumeration

    assert counted_enumeration("※当局関係では、軸受、レンズ、合金の３つ") == 3  # a lead-in before the first 、
    assert counted_enumeration("軸受、レンズ、合金の3つ") == 3
    assert counted_enumeration("軸受、レンズの３つ") == 0  # says three, lists two
    assert counted_enumeration("軸受、レンズ、合金を指定") == 0  # counts nothing


def test_a_set_of_a_size_named_is_the_numbered_sections_a_lead_in_of_that_size_introduces(searcher):
    assert lines_of(answer_question(searcher, "見本局の新方針の3つの取組を教えて")) == [
        "これまでの取組を見直しつつ、以下の3つの取組を進める。", "１．調達先の登録", "２．在庫情報の共有", "３．人材の育成"]


def test_a_follow_up_asking_one_item_by_its_place_gets_that_item_of_the_last_answers_list(searcher):
    first = "見本局の新方針の3つの取組を教えて"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": answer_question(searcher, first).text}]
    assert lines_of(answer_question(searcher, "その2つ目は？", history=history)) == ["２．在庫情報の共有"]
    items = "対象となる品目は？"
    history = [{"role": "user", "content": items}, {"role": "assistant", "content": answer_question(searcher, items).text}]
    answer = answer_question(searcher, "そのうち2番目はどれ？", history=history)
    assert lines_of(answer)[-1] == "②光学レンズ" and "①精密軸受" not in lines_of(answer)


def test_a_few_things_asked_for_are_that_many_of_the_list_with_a_notice(searcher):
    answer = answer_question(searcher, "対象となる品目を3つ挙げて")
    assert lines_of(answer) == ["対象となる品目", "①精密軸受", "②光学レンズ", "③耐熱合金"]
    assert "6 件のうち、最初の 3 件を示します。" in answer.notice


def test_a_compound_the_documents_never_write_is_found_by_its_written_parts(searcher):
    answer = answer_question(searcher, "見本輸出法違反したらどうなる？")  # 見本輸出法 + 違反, never 見本輸出法違反
    assert lines_of(answer) == ["見本輸出法に違反して無許可で部材を輸出した場合、罰金が科される。"]


def test_whether_a_thing_is_among_the_last_topic_is_settled_by_a_line_of_that_set_naming_it(searcher):
    history = [{"role": "user", "content": "重点品目って何がある？"}, {"role": "assistant", "content": "…"}]
    answer = answer_question(searcher, "樹脂部品も入ってる？", history=history)
    assert "重点品目に樹脂部品も入ってる？" in answer.interpretation
    assert "※当局関係では、精密軸受、光学レンズ、耐熱合金、微細フィルム、樹脂部品の５つ（当局調べ）" in lines_of(answer)
    # ⑦顕微鏡 is one of the 対象となる品目, another list: it says nothing of the 重点品目
    answer = answer_question(searcher, "顕微鏡も入ってる？", history=history)
    assert not answer.found and "『顕微鏡』が『重点品目』に含まれる" in answer.refusal_reason


@pytest.mark.parametrize("question", ["樹脂部品は重点品目？", "樹脂部品も重点品目に入ってる？"])
def test_a_thing_asked_to_be_of_a_kind_is_settled_by_a_line_of_that_set_naming_it(searcher, question):
    # 「AはB？」 (no verb, a question mark) and 「AもBに入ってる？」 ask whether A is among B
    note = "※当局関係では、精密軸受、光学レンズ、耐熱合金、微細フィルム、樹脂部品の５つ（当局調べ）"
    answer = answer_question(searcher, question)
    assert answer.answer_type == "yesno" and note in lines_of(answer), answer.text


def test_whether_a_thing_is_also_covered_is_settled_by_a_line_of_the_set_naming_it(searcher):
    answer = answer_question(searcher, "重点品目って、樹脂部品も対象になるの？")
    assert "※当局関係では、精密軸受、光学レンズ、耐熱合金、微細フィルム、樹脂部品の５つ（当局調べ）" in lines_of(answer)
    answer = answer_question(searcher, "重点品目って、顕微鏡も対象になるの？")  # ⑦顕微鏡 is of another list
    assert not answer.found and "『顕微鏡』が含まれる" in answer.refusal_reason


def test_whether_something_holds_for_a_group_too_is_settled_by_a_line_naming_the_group(searcher):
    # 「個人事業主でも取れる？」 asks whether 個人事業主 are among those who may: no line names them
    answer = answer_question(searcher, "登録制度って、個人事業主でも使える？")
    assert not answer.found and "『個人事業主』" in answer.refusal_reason
    answer = answer_question(searcher, "登録制度って、部材を扱う事業者でも使える？")
    assert answer.found and "登録制度は、重要な部材を扱う事業者が事前に届け出る仕組みです。" in lines_of(answer)


def test_who_a_lettered_party_really_is_is_refused_saying_the_documents_keep_it_a_letter(searcher):
    refused = answer_question(searcher, "部材管理の好事例のC社って、実際どこの会社なの？")
    assert not refused.found and "『C社』は記号で書かれており" in refused.refusal_reason, refused.text
    answered = answer_question(searcher, "部材管理の好事例でC社は何をしてるの？")  # what it did is written
    assert answered.found, answered.text


def test_whether_an_older_plan_is_still_pending_is_answered_by_what_a_newer_document_says_of_it(searcher):
    answer = answer_question(searcher, "在庫の届出の仕組みは、まだ検討段階ですか")
    lines = lines_of(answer)
    assert lines[0] == "重要な在庫を倉庫に預ける際に、在庫の事前届出制度を設け、これを端緒として官民が確実に対話する。", lines
    assert "届出の対象として、現在 15 品目を指定（うち新たな品目は5品目）。" in lines
    assert lines[-1].endswith("保管の方法を検討する仕組みを想定。"), lines  # the plan, after what became of it
    assert "2026-03" in answer.notice and "2024-02" in answer.notice
    # searching the older document only, the newer one is not drawn in
    kept = answer_question(searcher, "在庫の届出の仕組みは、まだ検討段階ですか", filters=SearchFilters(doc_ids=("old",)))
    assert all("事前届出制度を設け" not in line for line in lines_of(kept)), kept.text


def test_a_count_of_what_an_older_plan_became_is_stated_on_the_newer_documents_slide(searcher):
    # the best line about it is the older document's plan, which states no count; the newer document's line
    # saying what the plan became leads, then the count on its slide, then the plan
    answer = answer_question(searcher, "2024年2月の資料で想定されていた、事業者からの事前通知を受けて官民が相談する在庫の仕組みは、"
                                       "今は何品目が対象？")
    lines = lines_of(answer)
    assert answer.found and lines[0].startswith("重要な在庫を倉庫に預ける際に、在庫の事前届出制度を設け"), answer.text
    assert lines[1] == "届出の対象として、現在 15 品目を指定（うち新たな品目は5品目）。", lines
    assert lines[-1].endswith("保管の方法を検討する仕組みを想定。") and "2026-03" in answer.notice, answer.text
    # searching the older document only, the newer one is not drawn in
    kept = answer_question(searcher, "2024年2月の資料で想定されていた、事業者からの事前通知を受けて官民が相談する在庫の仕組みは、"
                                     "今は何品目が対象？", filters=SearchFilters(doc_ids=("old",)))
    assert all("現在 15 品目" not in line for line in lines_of(kept)), kept.text


def test_what_other_companies_do_is_answered_from_the_companies_practice_the_documents_give(searcher):
    lines = lines_of(answer_question(searcher, "図面の持ち出しって、ほかの会社はどうしてるの？"))
    assert lines[0] == "図面の持ち出しは、台帳で毎月確認している。", lines


def test_a_count_the_question_gives_is_no_answer_but_a_smaller_one_inside_its_figure_is(searcher):
    # 「5品目」 is not given by 「15品目」: a figure is given only as a whole number
    answer = answer_question(searcher, "届出の対象は15品目になったって聞いたけど、新たな品目はいくつ？")
    assert answer.found and "（うち新たな品目は5品目）" in answer.text, answer.text


def test_a_count_no_line_states_is_answered_by_the_line_that_names_the_things_one_by_one(searcher):
    answer = answer_question(searcher, "見本法の措置はいくつ？")
    assert lines_of(answer) == ["見本法は、①部材の備蓄、②調達先の届出、③技術の保護、④相談体制に関する措置を定める。"], answer.text


def test_which_session_asked_as_nankaime_is_answered_by_its_ordinal(searcher):
    answer = answer_question(searcher, "令和7年2月1日の部材懇談会って何回目？")  # which one, 第3回: not how many
    assert answer.found and "第3回部材懇談会" in answer.text, answer.text


def test_a_chapter_or_article_the_documents_never_name_is_refused_naming_it(searcher):
    answer = answer_question(searcher, "在庫の手引きの第5章には何が書いてある？")
    assert not answer.found
    assert answer.refusal_reason == "資料には『手引き』の記述はありますが、『第5章』の記載は見つかりませんでした。"
    answer = answer_question(searcher, "見本法の第10条には何が書いてある？")
    assert not answer.found and answer.refusal_reason.endswith("『第10条』の記載は見つかりませんでした。")


def test_a_follow_up_on_another_chapter_gets_that_chapter_or_a_refusal_naming_it(searcher):
    history = [{"role": "user", "content": "在庫の手引きの第2章には何が書いてある？"}, {"role": "assistant", "content": "…"}]
    lines = lines_of(answer_question(searcher, "第1章は？", history=history))
    assert "第1章 調達の基本" in lines and "第2章 在庫の管理" not in lines
    answer = answer_question(searcher, "第5章は？", history=history)
    assert not answer.found and answer.refusal_reason.endswith("『第5章』の記載は見つかりませんでした。")


def test_a_countrys_law_is_not_the_law_of_that_name_another_country_has(searcher):
    # the passage names 中国 too, but the line stands under ＜台湾＞: it is Taiwan's law
    answer = answer_question(searcher, "台湾の部材保護法はいつ改正された？")
    assert "2021年3月に、部材保護法を改正し、持ち出しの罰則を強化。" in lines_of(answer)
    answer = answer_question(searcher, "中国の部材保護法はいつ改正された？")
    assert not answer.found and "『部材保護法』" in answer.refusal_reason and "中国" in answer.refusal_reason


def test_a_how_to_answer_led_by_the_problem_goes_on_with_the_item_that_answers_it(searcher):
    lines = lines_of(answer_question(searcher, "小規模な事業者が台帳づくりを始めるにはどうすればいい？"))
    problem = "部材の台帳づくりを進めるには、保管場所の確認や記録の様式の決定など、幅広い対応が必要。他方、小規模な事業者には、自社だけで進めることが難しいとの声もあった。"
    assert lines[:2] == [problem, "見本局の支援制度では、事業者は専門家の助言を受けつつ、台帳の整備に取り組むことができる。"]


def test_a_question_restating_a_heading_put_as_the_readers_worry_gets_what_it_heads(searcher):
    lines = lines_of(answer_question(searcher, "棚卸しをやれと言われたけど、何から手をつけたらいいのか全然わからない"))
    assert lines[:2] == ["4. 棚卸しを始めたいが、何から手をつければよいか分からない", "見本認証制度 の活用をご検討ください！"]


def test_an_edition_asked_of_is_met_by_the_passage_that_says_which_edition_it_is(searcher):
    # the list's own heading does not repeat 改訂版; the passage it sits in says it
    lines = lines_of(answer_question(searcher, "調達計画改訂版の横断的な取組として示されている項目"))
    assert {"調達先の分散", "在庫の積み増し", "代替部材の評価"} <= set(lines)


def test_a_question_in_words_the_documents_never_use_is_answered_by_the_segment_it_means(searcher):
    # when no segment covers the question's topic words (a paraphrase), one close enough in meaning
    # answers; none that close, the question is refused
    from pipeline.answer import AnswerSettings, prepare
    from pipeline.answering.ranked import compose_ranked

    settings = AnswerSettings()
    prepared = prepare(searcher, "部材の供給が途絶える予兆を早めにつかむ体制を国は作ろうとしているのか", settings=settings)
    target = "部材の供給が途絶える予兆を早期に把握するため、見本局は監視の体制を整備する。"
    for candidate in prepared.candidates:
        candidate.cover = candidate.topic_cover = 0.0
        candidate.similarity = settings.paraphrase_similarity - 0.05
    assert compose_ranked(prepared.analysis, prepared.candidates, settings, searcher, prepared.terms) == "topic"
    next(c for c in prepared.candidates if c.text == target).similarity = settings.paraphrase_similarity + 0.01
    composed = compose_ranked(prepared.analysis, prepared.candidates, settings, searcher, prepared.terms)
    assert target in [c.text for c in composed.lines]


def test_a_how_to_answer_goes_on_with_the_measures_of_the_same_paragraph(searcher):
    answer = answer_question(searcher, "図面の持ち出しを防ぐには？")
    assert answer.found and "規程に違反した場合は懲戒の対象とし、厳格に対応する。" in lines_of(answer)


def test_a_case_lookup_gives_its_title_and_lines(searcher):
    answer = answer_question(searcher, "事例①はどんな内容？")
    assert answer.answer_type == "case"
    assert lines_of(answer)[0] == "事例①：部材の共同購入"
    assert answer.citations[0].chunk.case == "事例①"
    assert "共同購入事例集 事例①" in answer.citations[0].chunk.citation


def test_a_yes_no_question_quotes_the_settling_line(searcher):
    answer = answer_question(searcher, "顕微鏡は対象品目に含まれますか")
    assert answer.answer_type == "yesno" and answer.text.startswith("資料では")
    assert "⑦顕微鏡" in lines_of(answer)


def test_a_yes_no_answer_leads_with_the_line_that_judges_it(searcher):
    # the case's title says what the case is about; the line under it says whether it is allowed
    answer = answer_question(searcher, "他社と一緒に部材を共同購入してもいいの？")
    assert answer.answer_type == "yesno"
    assert "問題とならない" in lines_of(answer)[0]


def test_a_comparison_quotes_what_each_of_the_two_is(searcher):
    answer = answer_question(searcher, "登録制度とPSCって何が違うの？")
    assert answer.answer_type == "comparison" and answer.text.startswith("資料での『登録制度』と『PSC』の説明")
    lines = lines_of(answer)
    assert any("事前に届け出る仕組み" in line for line in lines)
    assert any("専門の相談員の助言" in line for line in lines)
    assert_whole_and_verbatim(answer)


def test_a_comparison_with_something_the_documents_never_name_is_refused_naming_it(searcher):
    answer = answer_question(searcher, "登録制度と見本補助金の違いは？")
    assert not answer.found and "『見本補助金』" in answer.refusal_reason


def test_a_comparison_of_conditions_and_a_follow_up_to_a_comparison_are_answered(searcher):
    # the sides are read before a condition (罰則) is set aside as what is asked, and a follow-up
    # (「じゃあPSCは？」) compares the new topic in the place of the one it replaces
    answer = answer_question(searcher, "登録制度の罰則とPSCの罰則の違いは？")
    assert answer.answer_type == "comparison" and answer.text
    history = [{"role": "user", "content": "登録制度と相談制度って何が違うの？"}, {"role": "assistant", "content": "…"}]
    answer = answer_question(searcher, "じゃあPSCは？", history=history)
    assert answer.answer_type == "comparison" and "『PSC』" in answer.text


def test_a_contact_question_gets_the_number(searcher):
    answer = answer_question(searcher, "見本局の問い合わせ先の電話番号は？")
    assert answer.found and any("03-1234-5678" in q for q in lines_of(answer))


def test_an_everyday_phrase_finds_the_documents_term_for_the_topic(searcher):
    answer = answer_question(searcher, "よその会社と一緒に部材を買うのってまずい？")  # 一緒に ≈ 共同
    assert answer.found and any("共同購入することは問題とならない" in line for line in lines_of(answer))


def test_an_abbreviation_is_defined_starting_from_its_full_name(searcher):
    answer = answer_question(searcher, "PSCとは？")
    assert answer.found and "部材調達相談制度 (PSC)" in answer.text.splitlines()[0]


@pytest.mark.parametrize("answered, value, unmet, condition", [
    # a deadline is not the event's own date
    ("説明会はいつ開催？", "2026年5月20日", "説明会の申込締切はいつ？", "締切"),
    # an amount of one kind is not an amount of another (教材費 is there, under 相談窓口)
    ("研修会の受講料はいくら？", "3,000円", "研修会の教材費はいくら？", "教材費"),
    # a numbered meeting is only that meeting
    ("第2回研修会はいつ？", "2025年11月10日", "第3回研修会はいつ？", "第3回"),
    # a count of something is not a count of something else (「35名が参加」 counts those who came)
    ("研修会の参加者数は？", "35名", "研修会の講師数は？", "講師"),
    # …also when it is named right before the count asked (「講師何人」)
    ("研修会って参加者何人？", "35名", "研修会って講師何人？", "講師"),
    # a year the thing asked is of (「2024年の…」), whatever is asked, is not another year's
    ("2025年の研修会の参加者数は？", "35名", "2024年の研修会の参加者数は？", "2024年"),
])
def test_a_condition_of_the_question_separates_the_line_that_answers(searcher, answered, value, unmet, condition):
    held = answer_question(searcher, answered)
    assert held.found and value in held.text
    other = answer_question(searcher, unmet)
    assert not other.found and condition in other.refusal_reason


def test_a_date_in_another_year_does_not_answer_a_question_about_a_year(searcher):
    same = answer_question(searcher, "説明会は何月何日ですか（2026年）")
    assert same.found and same.answer_type == "date" and "2026年5月20日" in same.text
    other = answer_question(searcher, "説明会は何日ですか（2025年）")  # 「何日です」 asks for a date, not a duration
    assert other.answer_type == "date" and not other.found and "2025年" in other.refusal_reason


def test_a_sentence_enumerating_as_many_items_as_asked_answers_a_list_question(searcher):
    answer = answer_question(searcher, "見本法で定められた4つの措置は？")  # not the 3 bullets below it
    assert answer.found and "④相談体制" in answer.text


def test_items_enumerated_inside_a_sentence_are_counted():
    from pipeline.answering.lists import inline_items

    assert inline_items("①備蓄、②届出、③保護に関する措置") == 3
    assert inline_items("(1) 備蓄 (2) 届出") == 2
    assert inline_items("②と④だけを挙げる文") == 0
    assert inline_items("事例①を参照") == 0


def test_a_penalty_is_answered_only_by_a_line_that_states_one(searcher):
    answer = answer_question(searcher, "見本法の罰則はどうなっている？")  # 罰則 is there, under 研修会
    assert not answer.found and "罰則" in answer.refusal_reason


def test_the_next_meeting_is_not_answered_by_a_past_one(searcher):
    answer = answer_question(searcher, "研修会は次回いつ開かれますか")
    assert not answer.found and "次回" in answer.refusal_reason


def test_a_download_question_gets_the_file_before_a_page_about_it(searcher):
    answer = answer_question(searcher, "共同購入の事例集の本体はどこからダウンロードできる？")
    assert answer.found and lines_of(answer)[0] == "https://example.jp/kyodo/jireishu.pdf"


@pytest.mark.parametrize("question", ["共同購入の事例集のPDFはどこ？", "共同購入の事例集の本体ってどこで見られる？URLある？",
                                      "共同購入の事例集ってどこで手に入る？"])
def test_a_collections_file_asked_for_by_its_words_gets_its_link(searcher, question):
    # 「共同購入の事例集」 names 共同購入事例集 by its words, not its whole name; 「PDFはどこ」 asks for a link
    answer = answer_question(searcher, question)
    assert answer.found and answer.answer_type == "contact" and "https://example.jp/kyodo/jireishu.pdf" in lines_of(answer)


def test_a_question_after_kinds_gets_the_numbered_headings(searcher):
    answer = answer_question(searcher, "部材の供給が途絶えるのはどんなパターンがある？")
    assert answer.found and {"① 輸入の停止", "② 供給元の撤退", "③ 災害による途絶"} <= set(lines_of(answer))


@pytest.mark.parametrize("question", ["重点支援って何分野あるの？全部教えて", "重点支援の3分野"])
def test_a_set_asked_by_its_size_gets_the_list_its_heading_counts(searcher, question):
    answer = answer_question(searcher, question)
    quotes = lines_of(answer)
    assert answer.answer_type == "list" and quotes[0] == "重点支援（3分野）"
    assert {"調達：複数の調達先を平時から確保する取組を支援。", "在庫：在庫量を定期的に把握する取組を支援。",
            "人材：調達を担う人材の育成を支援。"} <= set(quotes)
    assert_whole_and_verbatim(answer)


def test_a_term_marked_with_a_footnote_is_explained_by_the_footnote(searcher):
    answer = answer_question(searcher, "国が備蓄を支援している部材って何？")
    quotes = lines_of(answer)
    assert "国は、特に重要3部材※の備蓄を支援している。" in quotes
    assert quotes[quotes.index("国は、特に重要3部材※の備蓄を支援している。") + 1:][:2] == ["※重要3部材：", "精密軸受、光学レンズ、耐熱合金"]
    assert_whole_and_verbatim(answer)


def test_a_country_asked_by_its_usual_name_is_found_by_its_formal_one(searcher):
    answer = answer_question(searcher, "海外見学会は韓国にも行きますか")
    assert answer.found and "海外見学会の訪問先は、大韓民国、カナダ、アメリカ合衆国の3か国。" in lines_of(answer)


def test_a_past_date_is_not_taken_for_a_plan_because_its_sentence_opens_with_an_aim(searcher):
    # 「…を目指し、…を策定（令和6年4月）」: the aim is the purpose of what was done, not a plan
    answer = answer_question(searcher, "棚卸しの手引きっていつ作ったの？")
    assert answer.found and "記録の質の底上げを目指し、棚卸しの手引きを策定（令和6年4月）。" in lines_of(answer), answer.text


def test_which_session_is_answered_by_the_ordinal_that_names_it(searcher):
    # 回次 asks which session (第2回), a word the documents never write
    answer = answer_question(searcher, "研修会の開催回次は？")
    assert answer.found and "第2回研修会は2025年11月10日に開催し、35名が参加した。" in lines_of(answer), answer.text


def test_which_countries_is_answered_by_a_line_naming_them(searcher):
    # (a question asking which one of a kind needs a line naming one: here it is written)
    answer = answer_question(searcher, "海外見学会ではどの国に行くの？")
    assert answer.found and "海外見学会の訪問先は、大韓民国、カナダ、アメリカ合衆国の3か国。" in lines_of(answer), answer.text


def test_a_value_of_a_rare_thing_is_not_taken_from_a_passage_that_never_names_it(searcher):
    answer = answer_question(searcher, "特殊ガラスが追加されたのはいつ？")
    assert not answer.found and "『特殊ガラス』の記述はありますが" in answer.refusal_reason
    assert answer_question(searcher, "部材の追加はいつ施行？").found  # the same line answers what it names


def test_which_of_two_counts_is_right_is_answered_by_the_newest_document_first(searcher):
    answer = answer_question(searcher, "登録制度の対象品目は10と12どっちが正しい？")
    assert answer.answer_type == "number" and "新しい資料（2026-03）" in answer.notice
    lines = lines_of(answer)
    assert lines.index("現在 12 品目を指定。") < lines.index("登録制度の対象として、10品目を指定している。")


def test_a_question_after_the_state_now_leads_with_the_newest_document(searcher):
    answer = answer_question(searcher, "見学会はまだ年2回の開催ですか")
    quotes = lines_of(answer)
    assert quotes[:2] == ["見学会は2026年度から年4回の開催とした。", "見学会は年2回開催している。"]
    assert "新しい資料（2026-03）" in answer.notice


def test_a_list_split_over_two_slides_is_given_whole(searcher):
    answer = answer_question(searcher, "相談会の開催実績を全部教えて")
    assert {"5/10 部材調達相談会（東京）", "6/20 在庫管理相談会（大阪）", "9/5 調達先見直し相談会（名古屋）",
            "11/12 部材調達相談会（福岡）", "12/3 在庫管理相談会（札幌）"} <= set(lines_of(answer))
    assert_whole_and_verbatim(answer)


def test_a_yes_no_answer_that_does_not_name_its_subject_is_led_by_its_heading(searcher):
    quotes = lines_of(answer_question(searcher, "部材登録制度は施行されていますか"))
    assert quotes[:2] == ["① 部材登録制度", "2026年4月から施行"]


@pytest.mark.parametrize("question", ["在庫の点検ってどのくらいの頻度でやるの？", "在庫の点検って年何回のペース？"])
def test_how_often_is_answered_by_a_frequency_not_by_any_number(searcher, question):
    # (「年何回」 asks how often too: 「四半期に一度」 answers it, though it writes no 回)
    answer = answer_question(searcher, question)
    quotes = lines_of(answer)
    assert "在庫の点検は四半期に一度行う。" in quotes and "在庫の点検の担当者は2名で、点検の記録は5年間保存する。" not in quotes


def test_regularly_answers_how_often_but_not_how_many_times_a_year(real_embedder, tmp_path):
    searcher = slides_deck(real_embedder, tmp_path, ["見本倉庫の管理\n\n見本倉庫の見回りを定期的に行い、記録を残す。"])
    assert answer_question(searcher, "見本倉庫の見回りってどのくらいの頻度でやるの？").found
    answer = answer_question(searcher, "見本倉庫の見回りって年に何回やるの？")
    assert not answer.found and "頻度" in answer.text, answer.text


def test_a_year_asked_in_an_era_is_answered_by_the_line_dating_it_and_converted(real_embedder, tmp_path):
    searcher = slides_deck(real_embedder, tmp_path, ["見本機械の年表\n\n1998年\n初代見本ロボット発売\n\n2011年\n見本クラウド開始"])
    answer = answer_question(searcher, "初代見本ロボットが出たのって平成でいうと何年？")
    assert answer.found and "1998年" in answer.text and "平成10年" in (answer.notice or ""), (answer.text, answer.notice)


def test_a_year_quoted_is_given_in_the_calendar_asked():
    from pipeline.answering.wording import calendar_notices

    assert calendar_notices("見本ロボットが出たのは平成でいうと何年？", "2007年 見本ロボット発売") == ["資料の「2007年」は平成19年です。"]
    assert calendar_notices("和暦で何年？", "2019年5月 開始、2025年 改訂") == ["資料の「2019年」は令和元年です。", "資料の「2025年」は令和7年です。"]
    assert calendar_notices("西暦で何年？", "令和7年5月 公表") == ["資料の「令和7年」は西暦2025年です。"]
    assert calendar_notices("見本ロボットが出たのは何年？", "2007年 見本ロボット発売") == []  # no calendar asked


@pytest.mark.parametrize("question, stated, not_stated", [
    # a size, not a date or a day (「復興パッケージ <2020年7月>」「5/20 開催」)
    ("復興パッケージの規模はどのくらい？", ("7年間で約1.8兆ユーロ", "48名参加"), ("復興パッケージ <2020年7月>", "5/20 開催")),
    # a share, not any number
    ("補助率は何分の1？", ("補助率は2分の1以内", "補助率 1/2", "最大50%"), ("12品目を指定", "5/20 開催")),
    # 「何月ごろ？」: 「第二四半期」 names its three months; a year alone does not
    ("見本規則の見直し評価っていつやるの？何月ごろ？", ("2031年第二四半期に見本規則の見直し評価を行う。", "2031年第2四半期"),
     ("2031年に見本規則の見直し評価を行う。",)),
    # 「何位」: a place, 2位 or 第2位 — not any figure on the chart's slide
    ("見本指数で、日本って何位くらいなの？", ("日本は世界第2位", "見本指数 3位"), ("見本指数は21か国の新聞記事で算出",)),
    # a decade is a time
    ("見本政策は何年代のもの？", ("見本政策 (1990s~2010s)", "1980年代の政策"), ("見本政策 (199件)",)),
    # the day of a date is no count (「10/24 …大学協議会」 counts no universities)
    ("協議会の参加大学数は？", ("管内22大学が参加",), ("10/24 見本地域大学協議会",)),
])
def test_a_value_is_stated_only_in_the_form_asked(question, stated, not_stated):
    from pipeline.answering.evidence import value_pattern
    from pipeline.question import analyse

    pattern = value_pattern(analyse(question))
    assert all(pattern.search(line) for line in stated), [line for line in stated if not pattern.search(line)]
    assert not any(pattern.search(line) for line in not_stated), [line for line in not_stated if pattern.search(line)]


def test_a_ranking_no_line_states_is_refused_naming_the_place_asked(real_embedder, tmp_path):
    units = ["見本指数の推移\n見本指数は、21か国の新聞記事のうち不確実性を論じる記事の割合を月ごとに算出した指数。\n"
             "日本の見本指数は2025年4月に大きく上昇した。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    answer = answer_question(deck, "見本指数で、日本って何位くらいなの？")
    assert not answer.found and "順位" in answer.refusal_reason and "位の数" not in answer.refusal_reason, answer.text


def test_a_section_number_is_no_count(searcher):
    answer = answer_question(searcher, "登録制度の審査員はいくついる？")  # 「(2) 登録制度」 counts nothing
    assert answer.answer_type == "number" and not answer.found


def test_a_duration_is_not_answered_by_a_date(searcher):
    for question in ("説明会の準備には何日かかる？", "説明会の準備にはどれくらい時間がかかる？"):
        answer = answer_question(searcher, question)
        assert answer.answer_type == "number" and not answer.found, question


def test_whether_it_costs_money_is_answered_by_free_of_charge(searcher):
    answer = answer_question(searcher, "相談窓口ってお金かかる？")
    assert answer.found and answer.answer_type == "amount" and "相談は無料です。" in lines_of(answer)
    answer = answer_question(searcher, "相談窓口の費用は？")  # the cost asked by name: free answers it too
    assert answer.found and "相談は無料です。" in lines_of(answer), answer.text
    answer = answer_question(searcher, "相談窓口っていくらかかるの？")  # いくらかかる asks the cost too
    assert answer.found and "相談は無料です。" in lines_of(answer), answer.text
    answer = answer_question(searcher, "相談窓口って、お金はどれくらいかかるの？")  # how much, between money and verb
    assert answer.found and "相談は無料です。" in lines_of(answer), answer.text


def test_whether_it_is_free_is_answered_by_the_line_that_says_free(searcher):
    # the question names 無料 itself: that is what it asks to confirm, not a value it gives
    answer = answer_question(searcher, "相談窓口って無料？")
    assert answer.found and "相談は無料です。" in lines_of(answer), answer.text
    answer = answer_question(searcher, "相談員派遣事業は無料？")
    assert answer.found and "登録を検討する事業者へ、在庫管理の相談員を無償で派遣し、管理の方法を助言。" in lines_of(answer)


def test_free_of_charge_answers_the_cost_of_what_its_clause_is_about(searcher):
    # 「登録を検討する事業者へ、在庫管理の相談員を無償で派遣し」: the dispatch is free, not the registration
    for question in ("登録制度ってお金かかる？", "登録制度の登録は無料？"):
        answer = answer_question(searcher, question)
        assert not any("無償で派遣" in line for line in lines_of(answer)), (question, answer.text)
        assert not answer.found and "費用の記載は見つかりませんでした" in answer.refusal_reason, (question, answer.text)


@pytest.mark.parametrize("question, line", [
    ("北国の追加投資額は？", "官民で年1,000億円の追加投資"),  # 追加投資額: the figure stands for 額
    ("部材の輸出の目標額は？", "部材の輸出額について、2030年に500億円、2035年に800億円とする。"),  # 目標額: never written
])
def test_an_amount_asked_by_name_is_answered_where_its_figure_is_stated(searcher, question, line):
    quoting(searcher, question, line)


def test_a_value_is_about_what_the_headings_far_above_it_name():
    # a diagram's summary row (「30社超」) sits under labels that name nothing, under the heading that does
    from types import SimpleNamespace

    from pipeline.answering.evidence import Candidate, TopicTerm
    from pipeline.answering.values import _named_by_headings
    from pipeline.records import Chunk, Piece

    pieces = (Piece("＜工場視察の実績＞", "heading", 0), Piece("見学した企業群", "heading", 1, "＜工場視察の実績＞"),
              Piece("問い合わせのあった企業", "heading", 2, "見学した企業群"),
              Piece("30社超", "paragraph", 3, "問い合わせのあった企業"))
    chunk = Chunk("d#u1-01", "d", "u1", "t", "p", "2026", "活動報告", None, 1, None, None, None, None, "活動報告",
                  "\n".join(p.text for p in pieces), "", "", pieces)
    searcher = SimpleNamespace(unit_chunks=lambda unit: [chunk])
    line = Candidate(chunk, 3, 0.0, 0)

    def term(word: str) -> TopicTerm:
        return TopicTerm(word, (word,), (frozenset({word}),), 1.0)

    assert _named_by_headings(searcher, line, [term("工場視察"), term("実績")])
    assert not _named_by_headings(searcher, line, [term("工場視察"), term("予算")])  # every topic word


@pytest.mark.parametrize("question, shown, left_out", [
    ("試験機の歩みで2000年以降の出来事を挙げて", ["2006年", "2019年"], ["1985年", "1998年"]),
    ("試験機の歩みのうち1990年以前の出来事は？", ["1985年"], ["1998年", "2006年", "2019年"]),
])
def test_a_span_of_years_asked_of_a_timeline_gets_its_entries_in_that_span(searcher, question, shown, left_out):
    text = answer_question(searcher, question).text
    assert all(year in text for year in shown) and not any(year in text for year in left_out), text


def test_a_web_address_answers_for_the_slide_it_ends_when_the_slide_says_the_topics_words(searcher):
    # 「事前申出制度」 is not written on the slide the link ends (another slide names it), but 事前申出書 and
    # 制度の詳細 are
    answer = answer_question(searcher, "事前申出制度の詳細はどのWebページで確認できますか")
    assert answer.found and "example.go.jp/mihon/moushide" in answer.text, answer.text
    # a topic whose words the slide does not all say is not its link's
    assert "example.go.jp/mihon/moushide" not in answer_question(searcher, "事前登録制度の詳細はどのWebページ？").text


def test_what_one_of_several_examples_did_is_what_its_own_heading_heads(searcher):
    # the best line sits under 「D社の例（化学）」: the list under the slide's next heading is no answer
    lines = lines_of(answer_question(searcher, "部材管理の好事例でD社は何をしてるの？"))
    assert lines[0] == "D社の例（化学）" and "外部の専門家を顧問に招き、部門長との面談を毎月実施。" in lines, lines
    assert "部材管理とは何か？" not in lines, lines


def test_what_comes_next_is_answered_by_the_plan_the_passage_states(searcher):
    # 「今後どう進める」: where things stand, and the line that says what comes next (it names the topic as これ)
    lines = lines_of(answer_question(searcher, "部材規制の見直しって今後どういう流れになるの？"))
    assert "年内を目途に報告を取りまとめる予定であり、これを踏まえて制度改正を進めていく。" in lines, lines


def test_sentences_before_the_one_that_asks_only_set_the_scene(searcher):
    # the first sentence's 見本審議会 and 輸入部材 are what the asker read before; the last asks the count
    answer = answer_question(searcher, "見本審議会では輸入部材の扱いが重要な論点とされていました。最新の資料では、登録制度の対象品目はいくつ？")
    lines = lines_of(answer)
    assert answer.found and "現在 12 品目を指定。" in lines[:2], answer.text


def test_what_japan_does_is_not_answered_from_a_slide_on_another_country(searcher):
    # 「経産省は」 asks what Japan does: 韓国's system (a slide of reference) does not lead
    lines = lines_of(answer_question(searcher, "部材監視システムの構築に向けて、経産省はどのように取り組むとしていますか"))
    assert lines[0] == "部材の途絶の予兆を把握するため、部材監視システムの構築を目指す。", lines


def test_a_date_stated_under_its_topic_far_down_the_candidates_is_found(searcher):
    # 36 dated lines of a timeline outrank the short line that names 山田メモ: the date under it still counts
    lines = lines_of(answer_question(searcher, "山田メモは何年何月に出たやつ？"))
    assert lines == ["「部材の将来像」(いわゆる山田メモ)", "<2023年5月>"], lines


@pytest.mark.parametrize("question, line", [
    ("相談窓口の相談料は？", "相談は無料です。"),  # the fee named: 相談は無料 states it
    ("相談窓口って相談料かかる？", "相談は無料です。"),
    ("相談員派遣事業の派遣料は？", "登録を検討する事業者へ、在庫管理の相談員を無償で派遣し、管理の方法を助言。"),  # 無償で派遣
])
def test_a_fee_asked_by_name_is_answered_where_what_it_pays_for_is_free(searcher, question, line):
    answer = quoting(searcher, question, line)
    assert answer.answer_type == "amount"


def test_whether_a_named_fee_is_charged_is_refused_naming_it_when_never_stated(searcher):
    refusing(searcher, "9/9の見学会って参加費かかったの？", "参加費の記載は見つかりませんでした")


@pytest.mark.parametrize("question, case", [("事例②はどの類型に分類される？", "事例②：価格の情報交換"),
                                            ("事例①ってどの分類の事例？", "事例①：部材の共同購入")])
def test_the_category_of_a_case_is_the_heading_it_is_filed_under(searcher, question, case):
    lines = lines_of(answer_question(searcher, question))
    assert lines[:2] == ["(4) 共同購入の事例集", case], lines


def test_what_follows_from_not_doing_it_is_answered_only_by_a_line_on_breaches_or_penalties(searcher):
    # 「届け出ないとどうなる？」: what the scheme is and which items it covers say nothing of that
    refusing(searcher, "登録制度に届け出ないとどうなる？", "『登録制度』の記述はありますが、しなかった場合にどうなるかの記載")
    quoting(searcher, "見本輸出法を守らないとどうなるの？", "見本輸出法に違反して無許可で部材を輸出した場合、罰金が科される。")


@pytest.mark.parametrize("question, reason", [
    ("登録制度は見本法の第何条に基づく？", "根拠条文（第何条か）の記載は見つかりませんでした"),
    ("登録制度の登録って取り消されることある？", "取消しの記載は見つかりませんでした"),
    ("相談員派遣事業の相談員に守秘義務はある？", "守秘義務の記載は見つかりませんでした"),
    # a figure (満足度90%) does not say how it was measured
    ("9/9の部材見学会の満足度はどうやって測ったの？", "算出・測定の方法の記載は見つかりませんでした"),
])
def test_a_legal_particular_no_line_states_is_refused_naming_it(searcher, question, reason):
    # what the scheme is, or that experts are sent free, says nothing of its article, revocation or secrecy
    refusing(searcher, question, reason)


def test_a_contact_line_is_led_by_the_label_that_says_whose_it_is(searcher):
    # 「お問い合わせ先：見本省 部材政策室」 right above the address says whose it is, better than the slide's topic
    lines = lines_of(answer_question(searcher, "部材の備蓄の問い合わせ先のメールアドレスは？"))
    assert lines[:2] == ["お問い合わせ先：見本省 部材政策室", "E-mail : buzai-seisaku@example.jp"], lines
    # (メアド, as people say it, asks the same)
    lines = lines_of(answer_question(searcher, "部材の備蓄の問い合わせ先のメアドは？"))
    assert "E-mail : buzai-seisaku@example.jp" in lines, lines


def test_a_topic_the_documents_write_is_never_called_absent():
    # a refusal for want of an answer about 部材 may not say the documents have nothing on 部材
    from pipeline.answering.evidence import TopicTerm
    from pipeline.answering.wording import refusal_reason
    from pipeline.question import analyse

    written = [TopicTerm("部材", ("部材",), (frozenset({"部材"}),), 2.0, 10)]
    assert "『部材』の記述はありますが" in refusal_reason(analyse("部材の問い合わせ先は？"), "topic", written)
    never = [TopicTerm("見本補助金", ("見本補助金",), (frozenset({"見本補助金"}),), 0.0)]
    assert refusal_reason(analyse("見本補助金の問い合わせ先は？"), "topic", never) == \
        "資料には『見本補助金』に関する記述が見つかりませんでした。"


def test_a_fee_asked_by_name_is_not_answered_by_another_things_price_or_free(searcher):
    # 審査料 is stated nowhere: 「相談は無料です。」 is what the consultation costs, not the fee asked
    answer = answer_question(searcher, "相談窓口の審査料はいくらかかる？")
    assert not answer.found and "審査料" in answer.refusal_reason, answer.text
    quoting(searcher, "研修会の受講料はいくら？", "研修会の受講料は1人3,000円です。")  # the fee named where stated


@pytest.mark.parametrize("question, reason", [
    ("見本補助金の申請締切はいつ？", "資料には『見本補助金』に関する記述がありません。"),
    ("登録制度の手数料はいくら？", "資料には『登録制度』の記述はありますが、手数料の記載は見つかりませんでした。"),
    ("見学会は1社あたり何回まで参加できる？", "1社あたり"),
    ("社員旅行のおすすめの行き先は？", "資料には"),
    ("見本局の取組は英語版もありますか？", "『英語版』"),  # yes/no about a thing never mentioned
    ("見本局の取組って英語版はある？", "『英語版』"),  # …asked as people talk
    ("🙂🙂", "質問から調べる語を読み取れませんでした"),
    # the paperwork of a scheme the documents describe without naming any form
    ("見学会に申し込むとき、どんな書類が必要？", "資料には『見学会』の記述はありますが、書類の記載は見つかりませんでした。"),
    # the date of a thing the documents never write (追加案), where what it belongs to is dated
    ("新たな部材の追加案はいつ決まる？", "資料には『部材』の記述はありますが、『追加案』の日付・時期の記載は見つかりませんでした。"),
    # the date of another event of the same thing (施行, 開催) does not date this one
    ("部材の追加はいつ指定された？", "指定の日付・時期"),
    # a limit asked (何回まで参加できる) is not answered by how often it is held (年4回の開催)
    ("見学会には年に何回まで参加できる？", "資料には『見学会』の記述はありますが、上限の記載は見つかりませんでした。"),
    # whether a thing is among the listed ones: a list that never names it (④微細フィルム) does not settle it
    # (the refusal names the set too, the word that takes に)
    ("対象となる品目に光学フィルムは入ってる？", "資料には『光学フィルム』が『品目』に含まれる（該当する）という記載は見つかりませんでした。"),
    # the penalties of another law (見本輸出法) are not the asked law's own
    ("見本法の罰則は？", "資料には『見本法』の記述はありますが、罰則の記載は見つかりませんでした。"),
    # what a lookup asks of its topic, a word of which the documents never use (英語)
    ("登録制度の英語名は？", "資料には『英語名』に関する記述が見つかりませんでした。"),
    ("登録制度の補助率は？", "資料には『登録制度』の記述はありますが、割合の記載は見つかりませんでした。"),  # a rate, not any line
    ("説明会の日程はいつ見直された？", "資料には『説明会』の記述はありますが、見直しの日付・時期の記載は見つかりませんでした。"),
    # the hours of an office whose phone number is written: the number does not answer when to call
    ("四国局って電話は何時から何時まで受け付けてる？", "時刻の記載は見つかりませんでした"),
    ("相談会は何時間くらい？", "資料には『相談会』の記述はありますが、期間の記載は見つかりませんでした。"),  # no 『時間』
    # the thing a sentence asks for (the object of 教えて, what もある/ついてる asks of), a word the documents
    # never use, is a thing they don't cover — and the refusal names it, not a word of the story around it
    ("交流会の講師を務めた担当者の氏名を教えてください", "の記述はありますが、人の氏名の記載は見つかりませんでした。"),
    ("調達の手引きって英語字幕ついてる？取引先にも見せたいんだけど", "資料には『英語字幕』に関する記述が見つかりませんでした。"),
    ("調達の手引きって、小さい会社向けの簡易版みたいなのもある？", "資料には『簡易版』に関する記述が見つかりませんでした。"),
    # which one of a kind, where the documents name the kind but no member of it
    ("棚卸しに取り組むと加点される補助金って、具体的に何の補助金？", "具体的にどの補助金かの記載は見つかりませんでした。"),
    # a term made of a verb's stem and a noun, never written, asked whether the documents mention it
    ("みなし調達って資料に書いてある？", "資料には『みなし調達』に関する記述が見つかりませんでした。"),
    # a name the user quotes, in kana, that the documents never write: what is asked of it (準備) is not covered
    ("取引先から、部材の支払いを「ぽちっと」に変えたいと言われた。何を準備すればいい？",
     "資料には『ぽちっと』に関する記述が見つかりませんでした。"),
])
def test_refusals_say_why(searcher, question, reason):
    answer = answer_question(searcher, question)
    assert not answer.found and answer.citations == ()
    assert reason in answer.refusal_reason and answer.text == answer.refusal_reason


def test_a_name_refusal_names_the_name_the_documents_lack():
    from pipeline.answering.evidence import TopicTerm
    from pipeline.answering.wording import refusal_reason
    from pipeline.question import analyse

    analysis = analyse("登録制度と見本補助金の関係は？")
    terms = [TopicTerm("登録制度", ("登録制度",), (), 2.0), TopicTerm("見本補助金", ("見本補助金",), (), 0.0)]
    analysis = dataclasses.replace(analysis, names=("登録制度", "見本補助金"))
    assert refusal_reason(analysis, "name", terms) == "資料には『見本補助金』に関する記述がありません。"


def test_a_follow_up_is_read_against_the_previous_turn(searcher):
    first = answer_question(searcher, "登録制度ってなに？")
    history = [{"role": "user", "content": "登録制度ってなに？"}, {"role": "assistant", "content": first.text}]
    follow = answer_question(searcher, "それの対象品目はいくつ？", history=history)
    assert follow.found and "登録制度" in follow.interpretation and "12 品目" in follow.text
    assert "前の質問" in follow.notice


def test_answer_json_contract(searcher):
    payload = answer_to_json(answer_question(searcher, "登録制度の手数料はいくら？"))
    assert set(payload) >= {"query", "found", "answer", "citations", "mode", "answer_type", "refusal_reason"}
    assert payload["refusal_reason"] and payload["answer_type"] == "amount" and len(payload["suggestions"]) <= 3
    found = answer_to_json(answer_question(searcher, "対象となる品目を全部挙げて"))
    assert found["refusal_reason"] is None and found["answer_type"] == "list"
    assert set(found["citations"][0]) == {"n", "chunk_id", "citation", "case", "quote", "text"}


def test_cli_ask_json_with_history_and_stdin(fixture_index, tmp_path):
    corpus, index = fixture_index
    history = tmp_path / "history.json"
    history.write_text(json.dumps([{"role": "user", "content": "登録制度ってなに？"}], ensure_ascii=False),
                       encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "pipeline", "ask", "-", "--json", "--corpus", str(corpus),
                          "--index", str(index), "--history", str(history)], cwd=ROOT, text=True,
                         input="それの対象品目はいくつ？\n社員旅行のおすすめは？\n", capture_output=True, timeout=300)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows[0]["found"] and "12 品目" in rows[0]["answer"]
    assert not rows[1]["found"] and rows[1]["refusal_reason"]


def test_cli_history_file_that_does_not_parse_is_named(fixture_index, tmp_path):
    corpus, index = fixture_index
    bad = tmp_path / "history.json"
    bad.write_text("{not json", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "pipeline", "ask", "質問", "--corpus", str(corpus), "--index",
                          str(index), "--history", str(bad)], cwd=ROOT, text=True, capture_output=True, timeout=300)
    assert out.returncode == 2 and "history.json" in out.stderr and "Traceback" not in out.stderr


def test_a_question_about_a_named_case_answers_from_that_case(searcher):
    # Its other words (見本局, 相談窓口) are not in the case: the case named is what it is about.
    answer = answer_question(searcher, "見本局の相談窓口の事例②で、何がいけなかったとされているの？")
    assert answer.found, answer.text
    assert answer.citations[0].chunk.case == "事例②"
    assert any("将来の販売価格について情報交換することは問題となる" in q for q in lines_of(answer))


def test_a_lookup_refusal_does_not_say_the_documents_lack_a_description_of_a_description():
    from pipeline.answering.wording import refusal_reason
    from pipeline.question import analyse

    analysis = analyse("見本局の取組の柱の背景について詳しく")
    assert analysis.answer_type == "lookup"
    reason = refusal_reason(analysis, "type")
    assert "記述の記載" not in reason and "この質問に答える記載は見つかりませんでした" in reason
    # …nor of 「版ごとの記載の記載」
    edition = analyse("見本法の改正って何が変わった？")
    assert edition.answer_type == "edition" and "版ごとの違いの記載は見つかりませんでした" in refusal_reason(edition, "type")


def test_a_ranking_the_documents_lack_is_named_as_a_ranking():
    from pipeline.answering.evidence import TopicTerm
    from pipeline.answering.wording import refusal_reason
    from pipeline.question import analyse

    analysis = analyse("登録制度で一番多かった品目は？")
    terms = [TopicTerm("登録制度", ("登録制度",), (), 2.0), TopicTerm("品目", ("品目",), (), 1.0)]
    assert refusal_reason(analysis, "qualifier", terms) == "資料には『登録制度』の記述はありますが、順位の記載は見つかりませんでした。"


def test_this_time_is_not_answered_by_a_line_about_an_earlier_time():
    from pipeline.answering.evidence import _qualifier_met
    from pipeline.question import analyse

    analysis = analyse("見本措置の復活って、今回は何年間の措置なの？")
    assert not _qualifier_met(analysis, "※第1次政権においても、見本措置(3年間)を実施")
    assert _qualifier_met(analysis, "見本措置を3年間延長")


def test_a_length_counted_in_years_is_named_as_a_period():
    from pipeline.answering.evidence import TopicTerm
    from pipeline.answering.wording import refusal_reason
    from pipeline.question import analyse

    analysis = analyse("見本措置は何年間？")
    terms = [TopicTerm("見本措置", ("見本措置",), (), 2.0)]
    assert refusal_reason(analysis, "type", terms) == "資料には『見本措置』の記述はありますが、期間の記載は見つかりませんでした。"


def test_a_web_page_the_documents_lack_is_named_as_one():
    from pipeline.answering.evidence import TopicTerm
    from pipeline.answering.wording import refusal_reason
    from pipeline.question import analyse

    analysis = analyse("登録制度の詳細はどのWebページで確認できますか")
    terms = [TopicTerm("登録制度", ("登録制度",), (), 2.0)]
    assert refusal_reason(analysis, "type", terms) == "資料には『登録制度』の記述はありますが、Webページ（URL）の記載は見つかりませんでした。"


def test_an_everyday_word_in_hiragana_is_never_named_as_the_missing_topic():
    from pipeline.answering.evidence import TopicTerm
    from pipeline.answering.wording import refusal_reason
    from pipeline.question import analyse

    analysis = analyse("ひととおり労災の手続きを点検したい")
    terms = [TopicTerm("ひととおり", ("ひととおり",), (), 0.0), TopicTerm("労災", ("労災",), (), 0.0)]
    assert "『労災』" in refusal_reason(analysis, "topic", terms)


def test_a_yes_no_question_is_not_refused_for_a_word_of_the_story_around_it(searcher):
    # うっかり is no word of the documents, but the question asks about 顕微鏡, which they list
    answer = answer_question(searcher, "顕微鏡をうっかり別の会社に送ったら、対象品目に含まれますか")
    assert answer.found, answer.text
    assert "⑦顕微鏡" in lines_of(answer)



def test_a_how_to_question_is_not_refused_for_a_word_of_the_situation_it_tells_first(searcher):
    # 繁忙期 is no word of the documents, but it only tells the situation (…んだけど、); what is asked
    # after it, keeping 退職者 from taking information out, the documents answer
    answer = answer_question(searcher, "繁忙期で人の出入りが多いんだけど、退職者による情報の持ち出しを防ぐにはどうすればいい？")
    assert answer.found, answer.text
    assert "退職時に急に誓約を求めるのではなく、入社時から定期的に誓約を求める。" in lines_of(answer)
    # a situation that is all the question names is what it asks about
    answer = answer_question(searcher, "労災の申請をしたいんだけど、どうすればいい？")
    assert not answer.found and "『労災』" in answer.refusal_reason


def quoting(searcher, question: str, line: str):
    """Return the answer to `question`, checked to quote `line` whole."""
    answer = answer_question(searcher, question)
    assert answer.found and line in lines_of(answer), answer.text
    return answer


def refusing(searcher, question: str, reason: str):
    """Return the answer to `question`, checked to be a refusal whose reason says `reason`."""
    answer = answer_question(searcher, question)
    assert not answer.found and reason in answer.refusal_reason, answer.text
    return answer


def test_a_question_trailing_off_into_an_absent_topic_is_refused_for_that_topic(searcher):
    # 「…そうで…」 ends the situation as a comma does; what the asking clause marks as its topic (って)
    # is a word the documents never use
    refusing(searcher, "取引先が忙しそうで…売掛金ってどうやって回収すればいい？", "『売掛金』")
    # what it marks is the thing asked about; a verb's て-form (手伝って) marks no topic
    answer = answer_question(searcher, "人手が足りなくて…窓口相談ってどんなことを手伝ってくれるの？")
    assert answer.found and "窓口相談" in answer.text, answer.text


def test_an_act_asked_of_things_the_documents_never_name_is_refused(searcher):
    # お店 and 口コミ are no words of the documents; 相談 is, but of 部材 there: a line
    # about that answers nothing asked
    answer = answer_question(searcher, "お店の口コミにひどいこと書かれた。相談ってできる？")
    assert not answer.found and "『" in answer.refusal_reason, answer.text
    # a thing the documents name keeps the question theirs
    answer = answer_question(searcher, "部材の調達の相談ってできる？")
    assert answer.found, answer.text


def test_whether_a_thing_is_done_is_refused_when_the_documents_never_name_the_act(searcher):
    # 免除 and 簡素化 are no words of the documents: nothing they say of PSC or 届出 settles it
    answer = answer_question(searcher, "PSCの相談員の助言を受けた事業者は、輸入届出の一部が免除または簡素化されますか")
    # (the refusal names every act asked, in the question's order)
    assert not answer.found and "『免除』や『簡素化』" in answer.refusal_reason, answer.text
    # an act they do write (開始) is theirs to settle
    answer = answer_question(searcher, "窓口相談はオンラインでも開始されますか")
    assert answer.found, answer.text


def test_a_value_asked_of_one_days_event_is_not_another_days(searcher):
    # 「7月7日の…」: the satisfaction stated is the 9/9 event's, not the 7/7 one's
    refusing(searcher, "7月7日の部材交流会の満足度は何％でしたか", "7月7日")
    quoting(searcher, "9月9日の部材見学会の満足度は何％でしたか", "満足度90%")


def test_how_to_apply_is_answered_only_by_a_line_about_applying(searcher):
    answer = answer_question(searcher, "MKBの個別相談の申込み方法は？")  # 「…相談を受け付けます」
    assert answer.found and "MKB" in answer.text, answer.text
    # the training's record says when it was held and who came, not how to sign up
    answer = refusing(searcher, "研修会の申込み方法は？", "『研修会』")
    assert "申込み方法" in answer.refusal_reason


def test_a_line_listing_many_countries_is_about_none_of_them(searcher):
    # ドイツ is among the 協力国, but nothing is said of Germany's own support
    refusing(searcher, "ドイツにおける部材の融通の制度内容は？", "ドイツ")
    # whether it is among them, the list settles
    quoting(searcher, "ドイツは協力国に入ってる？", "協力国：米国、英国、フランス、ドイツ、イタリア、カナダ")


def test_which_law_and_when_is_answered_by_the_line_naming_the_laws_with_their_dates(searcher):
    # 「どの法律」 asks for a law's name (「部材再建法」), not for the word 法律
    answer = answer_question(searcher, "見本国の部材3法のうち最も新しく成立したのはどの法律で、いつ成立しましたか。")
    assert answer.found and "「部材再建法」(2024年9月成立)" in answer.text, answer.text


def test_which_universities_is_answered_by_the_line_listing_them_by_name(searcher):
    # (the line that says the bureau visits universities comes first, but names none)
    quoting(searcher, "見本局って意識啓発でどこの大学を回ってるの？", "大学：北国大、南海大、港湾大 他")


def test_the_list_under_a_quoted_heading_is_given_whole_after_its_lead_sentence(searcher):
    answer = answer_question(searcher, "部材の安定確保策のうち「備蓄の強化」では、どの取組が挙げられていますか")
    assert answer.found and answer.answer_type == "list", answer.text
    for item in ("備蓄倉庫の確保", "備蓄品目の選定", "放出手順の整備", "在庫情報の共有"):
        assert item in lines_of(answer), answer.text


def test_where_to_apply_is_answered_by_the_application_forms_link(searcher):
    answer = quoting(searcher, "見本窓口に相談したいんだけど、どこから申し込めばいい？",
                     "相談依頼フォーム https://www.mihon.example.jp/form/irai.html")
    assert "madoguchi.html" not in answer.text


def test_which_office_is_answered_only_by_a_line_naming_one(searcher):
    # the 手引き's slide names no office: what it says of the booklet is no answer to who made it
    refusing(searcher, "調達の手引きはどこの部署が作ったの？", "組織")
    quoting(searcher, "研修会の講師はどこが務めた？", "講師：見本局、北国工業大、南海技研、港湾協会 他")



@pytest.mark.parametrize("question", ["保管の手引きの担当部署は？", "保管の手引きはどこが作ったの？",
                                      "保管の手引きを作成している見本省の担当部署はどこですか"])
def test_the_office_of_a_publication_is_the_one_its_cover_names(searcher, question):
    # the booklet's cover gives its title, then the ministry and the office that issue it
    lines = lines_of(answer_question(searcher, question))
    assert lines == ["保管の手引き 第1版", "見本省", "部材政策局 保管対策室"], lines


def test_which_body_of_a_kind_is_asked_like_which_office(searcher):
    # 「どの独立行政法人に」 asks which organisation: a line about the centre that names none does not answer it
    refusing(searcher, "部材相談センターはどの独立行政法人に置かれる？", "どの組織")


def test_a_subject_is_no_publication_and_has_no_cover(searcher):
    # 「保管は…の担当？」 asks of a subject: the cover of 「保管の手引き」 names who wrote the booklet, not who
    # handles 保管
    from pipeline.answer import _cover_office, prepare

    assert _cover_office(searcher, prepare(searcher, "保管はどこの部署の担当？")) is None
    assert _cover_office(searcher, prepare(searcher, "保管の手引きの担当部署は？")) is not None


@pytest.mark.parametrize("question", ["見本局の担当課はどこ？", "見本局の担当部署は？"])
def test_an_office_asked_by_its_kind_is_answered_by_the_line_naming_it(searcher, question):
    # 「担当課はどこ」「担当部署は」 ask which office: 担当課 is the kind asked, no topic word
    answer = quoting(searcher, question, "見本局 総務課")
    assert answer.answer_type == "organisation"


@pytest.mark.parametrize("question", ["PSCって何の略？", "PSCの正式名称は？"])
def test_what_an_abbreviation_stands_for_is_the_line_giving_its_full_name(searcher, question):
    quoting(searcher, question, "(8) 部材調達相談制度 (PSC)")


@pytest.mark.parametrize("question, reason", [
    ("見本局って何の略？", "『見本局』の記述はありますが、正式名称"),  # named, never spelled out
    ("XYZって何の略？", "『XYZ』に関する記述が見つかりませんでした"),  # never named
    # 「部材法（在庫管理）」 says what the law governs: 在庫管理 does not spell out 部材法
    ("部材法って何の略？", "『部材法』の記述はありますが、正式名称"),
])
def test_an_abbreviation_the_documents_never_spell_out_is_refused_saying_so(searcher, question, reason):
    refusing(searcher, question, reason)


def test_a_kind_of_body_said_of_any_names_no_office():
    # 「どこの課？」 is answered by a line naming an office, not one that says 認証機関 or 関係省庁
    from pipeline.answer import _names_one

    question = "見本認証の担当課はどこ？"
    assert _names_one("組織", "見本局 総務課", question)
    assert _names_one("組織", "見本調達推進機構が審査する。", question)
    assert not _names_one("組織", "企業は認証機関の指導・助言を受けつつ体制を整える。", question)
    assert not _names_one("組織", "関係省庁と連携して進める。", question)


def test_a_cover_line_of_a_ministry_secretariat_is_an_office():
    # 「大臣官房 見本室」 under a cover's title is the office that issued it, as 「見本局 総務課」 is
    from pipeline.answer import _ORGANISATION_LINE
    from pipeline.normalize import normalize_text

    assert _ORGANISATION_LINE.fullmatch(normalize_text("⼤⾂官房 見本室"))  # Kangxi radicals as PDFs give them
    assert not _ORGANISATION_LINE.fullmatch("官房長官が会見した")


def test_since_when_a_thing_has_run_is_not_answered_by_a_plan(searcher):
    # 「始まってる？」 asks what has begun: the date it began, not the date a further step is planned for
    quoting(searcher, "窓口相談はいつから始まってる？", "対面の窓口相談は2025年4月1日より開始した。")




def test_a_list_asked_of_a_kind_is_the_line_that_labels_its_items_with_that_kind(searcher):
    # 「講師：A、B、C」: a label naming the kind asked for, then the things of that kind
    answer = answer_question(searcher, "研修会で講師を務めたのはどこ？全部挙げて")
    assert answer.found and lines_of(answer) == ["講師：見本局、北国工業大、南海技研、港湾協会 他"], answer.text


def test_a_total_asked_is_the_line_stating_a_total(searcher):
    # 「全部でいくら」: the total (総額), not the year's part of it that says more of the question's words
    answer = answer_question(searcher, "部材の備蓄の支援って全部でいくら出てるの？")
    assert answer.found and next(line for line in lines_of(answer) if "億円" in line) == "3物資指定、総額1,200億円", answer.text


def test_a_share_is_of_the_thing_named_by_its_line_or_the_line_above(searcher):
    # 「原料鉱石」 two lines above 「精製材の生産は約6割」 heads another step of the chain: the share is
    # the 精製材's, and the passage states none for the 原料鉱石
    answer = answer_question(searcher, "原料鉱石って何割くらいが北国産なの？")
    assert not answer.found and "割合" in answer.refusal_reason, answer.text
    assert "約6割" in answer_question(searcher, "精製材って何割くらいが北国産なの？").text


def test_a_case_asked_whether_it_is_allowed_is_settled_only_by_a_line_judging_it(searcher):
    assert "問題とならない" in answer_question(searcher, "事例①って結局セーフなの？").text
    # 事例③ says what is done and judges nothing
    answer = answer_question(searcher, "事例③って結局セーフなの？")
    assert not answer.found and "判断の記載は見つかりませんでした" in answer.refusal_reason, answer.text
    assert "『事例③』" in answer.refusal_reason  # as the documents label it, not as a key (事例3)


@pytest.mark.parametrize("question, named", [
    ("事例⑨では、事業者は何を共同で行ったの？", "『事例⑨』"),  # a lookup about a case the documents lack
    ("事例⑨ってどんな事例？", "『事例⑨』"),  # a case lookup with no other topic word
    ("Ｃａｓｅ ３では何があった？", "『Case 3』"),
])
def test_a_case_the_documents_do_not_have_is_refused_by_its_number_not_answered_from_another(searcher, question, named):
    answer = answer_question(searcher, question)
    assert not answer.found and named in answer.refusal_reason, answer.text


@pytest.mark.parametrize("question", ["登録制度って守らないと罰則ある？", "登録制度の罰則ってどうなってる？"])
def test_what_is_asked_for_stands_for_no_topic_words(searcher, question):
    # 罰則 is what is asked, a condition, no topic: nor are the document words it stands for (刑事罰, 罰),
    # which would make a line on another law's 罰金 about 登録制度 (and name 刑事罰 in a refusal)
    from pipeline.answer import prepare

    prepared = prepare(searcher, question)
    assert {t.term for t in prepared.terms} == {"登録制度"}, prepared.terms
    answer = answer_question(searcher, question)
    assert answer.found or "『登録制度』" in answer.refusal_reason, answer.text


def test_two_cases_compared_by_number_are_each_given_as_a_case(searcher):
    answer = answer_question(searcher, "事例①と事例②の違いは？")
    assert answer.found and answer.answer_type == "comparison", answer.text
    lines = lines_of(answer)
    assert "事例①：部材の共同購入" in lines and "事例②：価格の情報交換" in lines
    # one of the two missing: refused by that one
    answer = answer_question(searcher, "事例①と事例⑨ってどう違うの？")
    assert not answer.found and "『事例⑨』" in answer.refusal_reason, answer.text


def test_a_part_named_only_in_the_contents_is_refused_with_the_entry(searcher):
    # the slides give the contents' entry, not what that part of the guide says
    answer = answer_question(searcher, "倉庫を閉鎖するときは何をすればいい？")
    assert not answer.found and "目次" in answer.refusal_reason and "倉庫閉鎖時" in answer.refusal_reason, answer.text
    assert "倉庫閉鎖時に取り組むべき事項" in answer_question(searcher, "見本手引きの第1章には何が書いてある？").text


def test_a_line_saying_what_the_question_says_is_followed_by_what_comes_after_it(searcher):
    # the best line only restates the question; the lines after it say what the office does
    answer = answer_question(searcher, "2025年4月に設置された部材調達室は、どのような役割を担うとされていますか")
    assert answer.found and "司令役として" in answer.text, answer.text


@pytest.mark.parametrize("question, said, next_label", [
    ("山田レポートって何を提言してるの？", "統合的な調達政策・物流政策へ提言", "部材コンパス"),
    ("部材コンパスって何？", "5年間の計画を公表", "山田レポート"),
])
def test_a_label_naming_the_thing_asked_is_followed_by_what_is_said_under_it(searcher, question, said, next_label):
    # the best line is only the thing's name (a bullet over sub-bullets): what it says is under it, up to
    # the next label like it
    answer = answer_question(searcher, question)
    assert answer.found and said in answer.text and next_label not in answer.text, answer.text


def test_a_term_the_user_quotes_is_what_the_question_asks_about_whatever_words_tell_the_story(searcher):
    # 倉庫番 and 経理係 are no words of the documents; 「棚卸し」, quoted, is their own
    answer = answer_question(searcher, "倉庫番と経理係が一緒に「棚卸し」するときの手引きって、何をまとめたもの？")
    assert answer.found and "記録の付け方を一冊にまとめたもの" in answer.text, answer.text
    # unquoted, the same words are a topic the documents don't cover
    assert not answer_question(searcher, "倉庫番と経理係が一緒にするときの手引きって、何をまとめたもの？").found


def test_a_value_asked_as_it_is_now_is_not_a_goal_set_for_later_years(searcher):
    # the deck (2026) gives the export figures for 2030 and 2035 only: goals, not what they are now
    answer = answer_question(searcher, "部材の輸出額って現時点でいくら？")
    assert not answer.found and "現時点の金額" in answer.refusal_reason, answer.text
    assert "2030年に500億円" in answer_question(searcher, "部材の輸出額は2030年にいくらにするの？").text


def test_a_question_asking_which_of_two_is_answered_only_by_a_line_naming_one(searcher):
    # the 研修会's slide gives its date, head count and fee, not where it was held
    answer = answer_question(searcher, "第2回研修会は、オンライン開催でしたか、それとも会場での開催でしたか")
    assert not answer.found and "オンラインか会場か" in answer.refusal_reason, answer.text
    # the 窓口相談 is said to start online too
    answer = answer_question(searcher, "窓口相談はオンラインでやるの？それとも窓口に行くの？")
    assert answer.found and "オンラインでも開始" in answer.text, answer.text


def test_where_a_slide_comes_from_is_its_source_note_or_a_refusal_saying_there_is_none(searcher):
    answer = answer_question(searcher, "部材の輸出のスライドって、どの会議の資料から抜粋されたの？")
    assert answer.found and lines_of(answer) == ["（出典）第3回部材懇談会（令和7年2月1日）資料より抜粋"], answer.text
    # the 部材コンパス's slide names no source: what it says is not where it comes from
    answer = answer_question(searcher, "部材コンパスの出典は？")
    assert not answer.found and "出典・出所の記載" in answer.refusal_reason, answer.text


def test_the_date_of_something_done_is_the_date_stated_for_the_thing_it_is_done_to(searcher):
    # 「…の設立はいつ」: 設立 is what is done; a date of another office's setting-up dates nothing of the 部材相談センター
    answer = answer_question(searcher, "部材相談センターの設立はいつ？")
    assert not answer.found and "部材相談センター" in answer.refusal_reason, answer.text


def test_an_amount_the_question_states_itself_does_not_answer_it(searcher):
    # 「総額1,200億円って…」 asks something of that total: quoting it back answers nothing
    answer = answer_question(searcher, "部材の備蓄の支援の総額1,200億円って、そのうち3物資の1つ目にはいくら？")
    assert "総額1,200億円" not in answer.text, answer.text


def test_a_how_to_answer_gives_the_measures_its_section_gives_after_the_problem_with_what_they_say(searcher):
    # the section says what goes wrong, then under 「対応策の例」 what to do: the measures come with it, each
    # with the sentences under its title (they say how: 「誰にいつ渡したかを台帳に残す。」)
    answer = answer_question(searcher, "金型の管理って、どうやって進めればいいの？")
    lines = lines_of(answer)
    assert answer.found and "対応策の例" in lines, answer.text
    assert lines[lines.index("対応策の例") + 1:] == ["① 型ごとの保管先を洗い出す", "自社の倉庫だけでなく、預け先の工場まで確かめる。",
                                                  "② 貸し出しの記録を残す", "誰にいつ渡したかを台帳に残す。",
                                                  "③ 返却の期限を取り決める"], answer.text


def test_a_list_asked_gets_the_numbered_headings_found_among_the_best_segments(searcher):
    # ①②③ head a table's columns read line by line: two of them among the best segments make the family
    # the answer, not the cells between them
    answer = answer_question(searcher, "棚卸しに必要な要素として整理されている項目は何ですか")
    assert answer.found and lines_of(answer) == ["①記録の細かさ", "②記録の速さ", "③記録の範囲"], answer.text


def test_whether_there_is_such_a_thing_is_answered_by_the_line_naming_it(searcher):
    # (the fixture's own ranking puts this line first already; q018 on dev is where the order moved)
    answer = answer_question(searcher, "棚卸しの手引きって動画で見られるものはありますか？")
    assert answer.found and lines_of(answer)[0] == "紹介動画を公開中！", answer.text


def test_a_contact_asked_of_a_named_office_is_the_one_under_its_name(searcher):
    # two offices' addresses on one slide: the one under 北国見本局's name, not the ministry's above it
    answer = answer_question(searcher, "北国見本局で部材の備蓄の問い合わせを受けている部署とメールアドレスを教えて")
    assert answer.found and lines_of(answer)[:2] == ["北国見本局 産業部 調達課", "E-mail : kita-chotatsu@example.jp"], answer.text


@pytest.mark.parametrize("question", ["北国見本局の担当の課と連絡先を教えて",
                                      "北国見本局の資料のことで質問したいんだけど、メールならどこ宛て？担当の課も教えて"])
def test_the_desk_in_charge_and_the_asking_are_the_contact_asked_not_its_topic(searcher, question):
    # 担当の課 and 質問 are what a contact line answers: no topic a contact line must name
    answer = answer_question(searcher, question)
    assert answer.found and lines_of(answer)[:2] == ["北国見本局 産業部 調達課", "E-mail : kita-chotatsu@example.jp"], answer.text


def test_applying_is_what_a_contact_question_asks_not_its_topic(real_embedder, tmp_path):
    # 「申し込みはどこから？」 asks for the form; the desk is the one of the slide naming what the question is
    # about (見本研究所), though the slide's links name only the desk
    searcher = slides_deck(real_embedder, tmp_path, [
        "(4) 規格相談窓口のご紹介\n\n相談例\n\n- 部材の規格の適合を確かめたい\n(要望に応じて見本研究所と連携可能)\n"
        "- 調達先の変更を相談したい\n\n規格相談窓口\n\nhttps://kikaku.example.jp/madoguchi.html\n\n"
        "支援依頼Webフォーム\n\nhttps://kikaku.example.jp/form.html"])
    answer = answer_question(searcher, "見本研究所とも連携して相談にのってくれる窓口ってある？申し込みはどこから？")
    assert answer.found and "https://kikaku.example.jp/form.html" in answer.text, answer.text


def test_a_lead_in_naming_its_items_is_answered_with_the_numbered_headings_that_follow(searcher):
    answer = answer_question(searcher, "見本局が重視している2つの視点を教えて")
    lines = lines_of(answer)
    assert "① 調達先の複線化" in lines and "② 在庫の見える化" in lines, answer.text


def test_a_count_of_things_asked_is_answered_by_as_many_numbered_headings_under_the_topic(searcher):
    # 「(15) 備えが必要な理由」 names no number; its ① ② ③ are the three reasons
    lines = lines_of(answer_question(searcher, "備えが必要な3つの理由は？"))
    assert {"① 輸入の停止", "② 供給元の撤退", "③ 災害による途絶"} <= set(lines)


def test_a_table_of_contents_answers_questions_about_a_documents_parts_only(searcher):
    # the contents name 調達の基本 in an entry, but a list question about it is not asked of the chapters
    lines = lines_of(answer_question(searcher, "調達の基本にはどんなものがある？"))
    assert "第2章 在庫の管理" not in lines and "2 保管の工夫" not in lines
    lines = lines_of(answer_question(searcher, "在庫の手引きの目次を見せて"))
    assert {"第1章 調達の基本", "第2章 在庫の管理"} <= set(lines)


def test_a_name_shortened_by_the_user_is_found_by_its_beginning_and_ending(searcher):
    # 「重要部材制度」 for 「重要部材事前届出制度」: not refused as a name the documents never mention
    answer = answer_question(searcher, "重要部材制度はいつから施行？")
    assert answer.found and "2026年10月から施行" in lines_of(answer)


def test_a_two_kanji_word_the_documents_never_use_is_a_topic_they_do_not_cover(searcher):
    answer = answer_question(searcher, "登録制度の献立はどうなってる？")  # 登録制度 is there, 献立 nowhere
    assert not answer.found and "献立" in answer.refusal_reason


def test_a_name_given_in_brackets_after_another_is_the_same_topic(searcher):
    # 「部材届出」 is the user's word, nowhere in the documents; 「（登録制度）」 says what it is
    answer = answer_question(searcher, "部材届出（登録制度）の対象は現在いくつ？")
    assert answer.found and "現在 12 品目を指定。" in lines_of(answer)
    assert not answer_question(searcher, "部材届出の対象は現在いくつ？").found


def test_a_name_the_documents_never_write_is_mentioned_by_the_name_glossing_it_in_brackets(searcher):
    # 「部材相談局」 is nowhere in the documents; 「（PSC）」 beside it is, so the question is not refused
    # for naming something they never mention — and without the gloss it still is
    answer = answer_question(searcher, "部材相談局（PSC）では、事業者は誰の助言を受けられる？")
    assert answer.found and any("専門の相談員の助言" in line for line in lines_of(answer))
    refused = answer_question(searcher, "部材相談局では、事業者は誰の助言を受けられる？")
    assert not refused.found and "部材相談局" in refused.refusal_reason


@pytest.mark.parametrize("term, question, focus, verb", [
    ("用意", "総額いくら用意されてるの？", ("総額", "用意"), True),  # the question's verb
    ("実施", "どこが実施していますか", ("実施",), True),
    ("追加", "追加の部材はどれ？", ("追加", "部材"), False),  # a noun here: no する after it
    ("申請", "申請した登録制度の期限は？", ("申請", "登録制度"), False),  # the topic comes after it
])
def test_the_questions_verb_is_told_from_its_topic(term, question, focus, verb):
    from pipeline.answering.evidence import _is_predicate
    assert _is_predicate(term, question, focus) is verb


def test_a_question_comparing_editions_gets_each_documents_statement_newest_first(searcher):
    answer = answer_question(searcher, "登録制度で指定している品目は、2024年の資料と2026年の資料でどう変わった？")
    quotes = lines_of(answer)
    assert answer.answer_type == "edition"
    assert quotes.index("現在 12 品目を指定。") < quotes.index("登録制度の対象として、10品目を指定している。")
    assert "版によって記載が異なります" in answer.notice
    assert_whole_and_verbatim(answer)


def test_a_question_quoting_a_heading_gets_what_is_under_it(searcher):
    answer = answer_question(searcher, "「重点支援の考え方」って何が書いてあるの？")
    assert lines_of(answer) == ["重点支援の考え方", "重点支援は、分野を絞って集中的に行う。", "重点支援の分野は毎年見直す。"]


def test_the_kind_of_body_asked_for_is_not_taken_for_the_topic(searcher):
    # 「どこの役所が」 says what is asked (an organisation), as 「どの機関が」 does; no document need write 役所
    history = [{"role": "user", "content": "PSCについて教えて"}]
    answer = answer_question(searcher, "それってどこの役所がやってるの？", history=history)
    # (the PSC slide names no office, so the honest answer says so — of PSC, not of 役所)
    assert not answer.found and "『PSC』" in answer.refusal_reason and "役所』" not in answer.refusal_reason
    # 「窓口ってどこの役所が」 asks which body, not where the desk is (「窓口ってどこ？」)
    assert answer_question(searcher, "相談窓口ってどこの役所がやってるの？").answer_type == "organisation"


def test_things_of_the_asked_kind_named_in_one_line_are_the_list(searcher):
    # 「A窓口/B窓口/C窓口も…」: a line naming several things of the kind asked is the list, though no bullets mark it
    answer = answer_question(searcher, "部材相談にはどんな窓口があるの？")
    assert answer.found and all(w in answer.text for w in ("海外調達支援窓口", "在庫管理支援窓口", "物流改善支援窓口"))


def test_a_count_of_people_is_the_count_for_the_event_asked_about(searcher):
    # 「研修会…35名が参加した」 counts the 参加者 of the 研修会, not of the 説明会 the question asks about
    assert "35名" in answer_question(searcher, "研修会の参加者数は？").text
    answer = answer_question(searcher, "説明会の参加者数は？")
    assert not answer.found and "『説明会』の記述はありますが" in answer.refusal_reason
    # (a value asked as 「…の値」 is such a count too)
    assert "35名" in answer_question(searcher, "研修会の参加者の値は？").text


@pytest.mark.parametrize("question", ["登録制度の品目って何個ある？", "登録制度の品目って今何個？"])
def test_how_many_asked_with_ko_is_any_count(searcher, question):
    # 何個 counts whatever it is asked of, as いくつ does: 「12 品目」 answers it, though no 個 is written
    answer = answer_question(searcher, question)
    assert answer.found and lines_of(answer)[1] == "現在 12 品目を指定。"


def test_an_ordinal_is_no_count(searcher):
    # 「第2回研修会は…開催」 says which one, not how many were held; 「第何回まで」 asks which one
    answer = answer_question(searcher, "研修会って何回やった？")
    assert not answer.found and "回の数の記載は見つかりませんでした" in answer.refusal_reason
    assert "第2回研修会" in answer_question(searcher, "研修会は第何回まで開催された？").text


TWO_OFFICES = {
    "shikoku": ("四国経済産業局の取組", "四国経済産業局 国際課", """四国経済産業局の取組

(1) 交流会の記録

- 7/7 部材交流会（高松）
・地域の事業者 35名が参加
・講師：当局

交流会は、部材の調達リスクへの意識付けが一義的な目的。


(2) 見本国の産業政策

【課題】

- ・ 人手不足
- ・ 原材料の高騰
- ・ 設備の老朽化

【対応】

- ・ 見本国の産業政策として部材産業の補助制度を創設
- ・ 見本国の産業政策として設備投資の減税を導入


(3) 局内の研修

- 局職員向け調達講習
・30名参加（オンライン含）
"""),
    "hokkaido": ("北海道局の取組", "北海道経済産業局 総務課", """北海道局の取組

北海道経済産業局 総務企画部 調達課

(1) 北海道局の支援

北海道局では、部材の調達の課題について相談を受け付けている。

北海道局は、部材の安定調達に最大限の努力を払う。


(2) 部材の手引き

北海道局は、調達の課題を踏まえ部材の手引きを策定（2025年5月）。

手引きの改訂（第2版）に向けた検討を開始。

問い合わせ先 TEL:011-000-2222


(3) 部材の事例集

北海道局は、部材の調達の課題と工夫を事例集にまとめた。

事例集の本体はこちら


https://example.jp/hokkaido/jireishu.pdf

(4) 登録制度

北海道局の登録制度では、事業者の部材の管理体制の課題を審査する。

https://example.jp/hokkaido/touroku.html


本日の論点まとめ

＜論点①＞︓部材の調達

- 調達先をどう広げるか。
- 在庫をどう持つか。

＜論点②＞︓人材の確保

- 技能者をどう育てるか。

＜論点③＞︓設備の更新

- 老朽設備をどう替えるか。


(5) 点検表

項目	点検
① 在庫の管理	● 在庫台帳を作成しているか？ ● 台帳を毎月見直しているか？
② 調達先の確認	● 調達先の所在国を確認しているか？ ● 代わりの調達先を探しているか？
"""),
}


@pytest.fixture(scope="module")
def two_offices(real_embedder, tmp_path_factory):
    manifest = [f'[[document]]\nid = "{doc_id}"\nfile = "{doc_id}.txt"\ntitle = "{title}"\npublisher = "{publisher}"\n'
                'date = "2026-01"\n' for doc_id, (title, publisher, _) in TWO_OFFICES.items()]
    return searcher_over(real_embedder, tmp_path_factory.mktemp("offices"),
                         {f"{doc_id}.txt": text for doc_id, (_, _, text) in TWO_OFFICES.items()}, "\n".join(manifest))


def test_an_office_named_is_answered_from_its_own_deck_not_another_offices(two_offices):
    # 「北海道局の交流会」: the 四国局 deck's record (its own lines say 当局) is not the 北海道局's
    assert "35名" in answer_question(two_offices, "四国局の交流会にはどのくらい人が来たの？").text
    answer = answer_question(two_offices, "北海道局の交流会にはどのくらい人が来たの？")
    assert not answer.found and "35名" not in answer.text


def test_a_bureaus_deck_named_as_the_place_to_look_keeps_the_answer_to_that_deck(two_offices):
    # 「北海道局の資料では」 says where to look: the 四国局 deck's 35名 is no answer there, however it is put
    for asked in ("北海道局の資料では、交流会にはどのくらい人が来たの？", "北海道局の資料だと、交流会には何人来た？"):
        answer = answer_question(two_offices, asked)
        assert "35名" not in answer.text, asked
    assert "35名" in answer_question(two_offices, "四国局の資料だと、交流会には何人来た？").text
    # …and so does a part of that deck named as the place to look (「…の記録のスライドで」)
    answer = answer_question(two_offices, "北海道局資料の交流会の記録のスライドで、交流会には何人来た？")
    assert "35名" not in answer.text, answer.text


def test_an_office_the_question_says_it_does_not_mean_is_not_where_its_contact_is_looked_for(two_offices):
    # 「四国局じゃなくて北海道局に」: 四国局 is set aside, not asked of; 直接 says how the asker will call
    answer = answer_question(two_offices, "部材のことで、四国局じゃなくて北海道局に直接電話したいんだけど、番号ってどれ？")
    assert answer.found and "011-000-2222" in answer.text, answer.text
    # …and the other way round, the 北海道局's number is no answer for the 四国局, whose deck gives none
    answer = answer_question(two_offices, "部材のことで、北海道局じゃなくて四国局に直接電話したいんだけど、番号ってどれ？")
    assert not answer.found and "011-000-2222" not in answer.text, answer.text


def test_a_phone_number_and_an_address_asked_together_come_from_the_block_giving_both(real_embedder, tmp_path):
    # one slide gives an e-mail only; the contact slide gives the desk's number and address, both asked
    deck = slides_deck(real_embedder, tmp_path, [
        "見本制度の概要\n\n見本制度は、部材の管理を支援する制度です。\n\n見本局 国際課\n\nE-mail : soumu@example.jp",
        "問い合わせ先\n\n見本局 国際部 国際課\n\nTEL:011-000-3333\n\nkokusai@example.jp"])
    answer = answer_question(deck, "見本局の国際課に電話かメールで聞きたいんだけど、番号とアドレス教えて")
    assert answer.found and "011-000-3333" in answer.text and "kokusai@example.jp" in answer.text, answer.text


def test_the_other_one_asked_for_is_no_topic_the_documents_must_write(real_embedder, tmp_path):
    # 「代わりの調達先」 is the documents' 代替調達先: 代わり says which one, as 以外 and 別 do
    deck = slides_deck(real_embedder, tmp_path, [
        "見本事例：災害時の情報交換\n\n災害が発生した場合に限り、同業者間で代替調達先の情報交換を行うことは問題とならない。"])
    answer = answer_question(deck, "代わりの調達先の情報交換って、同業者とやってもいいの？")
    assert answer.found and "代替調達先の情報交換" in answer.text, answer.text


def test_two_dates_asked_of_two_events_are_each_given(real_embedder, tmp_path):
    # 「…発表したのはいつで、…いつ開始」: the line dating the other event too, wherever it stands
    deck = slides_deck(real_embedder, tmp_path, [
        "主な動き\n\n25年3月 見本国による部材調査の開始発表\n\n25年5月 見本会議の開催",
        "②見本国の部材調査\n\n(2025.3.10見本省発表 ※2025.6開始)\n\n見本国の部材の調達を調べる。"])
    answer = answer_question(deck, "見本省が部材調査の実施を発表したのはいつで、調査はいつ開始されたとされていますか")
    assert answer.found and "2025.6開始" in answer.text, answer.text
    # (「いつからいつまで」 asks one span, no second date)
    from pipeline.question import analyse
    assert analyse("見本調査の募集はいつからいつまで？").also == ()


def test_a_department_asked_of_an_office_is_the_line_naming_its_departments(two_offices):
    # the cover's 「北海道経済産業局 総務企画部 調達課」, not a line about consultations that names no section
    answer = answer_question(two_offices, "北海道局に部材のことで相談したいんだけど、担当してる部署ってどこ？")
    assert answer.found and "総務企画部 調達課" in answer.text, answer.text


def test_a_ranking_is_not_answered_by_a_line_saying_utmost(two_offices):
    # 最大限の努力 ranks nothing: 「一番多いのは？」 is not answered by it
    answer = answer_question(two_offices, "北海道局の部材調達の相談で一番多いのは？")
    assert not answer.found and "順位" in answer.refusal_reason


def test_the_first_of_something_is_met_by_a_line_putting_it_first(two_offices):
    # 「一番の目的」 asks for the one the documents put first: 「一義的な目的」 says it without 一番
    answer = answer_question(two_offices, "四国局の交流会の一番の目的は？")
    assert answer.found and "一義的な目的" in answer.text, answer.refusal_reason


def test_an_edition_asked_is_dated_only_where_a_line_names_it(two_offices):
    assert "2025年5月" in answer_question(two_offices, "北海道局の部材の手引きはいつできた？").text
    # the first edition's date, in a passage that goes on to plan a 第2版, dates no 第2版
    answer = answer_question(two_offices, "北海道局の部材の手引きの第2版はいつ出る？")
    assert not answer.found and "第2版" in answer.refusal_reason


def test_an_office_is_found_by_the_name_its_documents_give_it(two_offices):
    # the deck writes 四国経済産業局, never 四国局: the short name is no word the documents lack
    answer = answer_question(two_offices, "四国局の資料って何年のもの？")
    assert "『四国局』に関する記述が見つかりませんでした" not in (answer.refusal_reason or "")


def test_a_count_of_those_who_came_is_no_count_of_whom_the_event_was_for(two_offices):
    # 「局職員向け講習 30名参加」 counts the participants, not the bureau's staff
    refusing(two_offices, "局の職員数は何人？", "職員")
    quoting(two_offices, "四国局の職員向け講習の参加者数は？", "30名参加（オンライン含）")


def test_a_link_opening_a_slide_belongs_to_the_slide_before(two_offices):
    # the extraction put the 事例集's link above the next slide's title (登録制度): it is no link of 登録制度
    answer = answer_question(two_offices, "北海道局の登録制度のページはどこ？")
    assert answer.found and "https://example.jp/hokkaido/touroku.html" in answer.text and "jireishu" not in answer.text
    # it is the 事例集's, under the line that says what it links to
    answer = answer_question(two_offices, "北海道局の事例集の本体はどこ？")
    assert answer.found and "https://example.jp/hokkaido/jireishu.pdf" in answer.text and "touroku" not in answer.text


def test_a_list_headed_by_the_kind_asked_for_is_about_its_slides_topic(two_offices):
    # 【課題】 names no 見本国 or 産業政策, but heads the 課題 of the slide about them
    answer = answer_question(two_offices, "見本国の産業政策の背景として挙げられている課題を挙げて")
    assert answer.found and {"人手不足", "原材料の高騰", "設備の老朽化"} <= set(lines_of(answer))


def test_a_quoted_heading_over_numbered_headings_lists_them(two_offices):
    # 「『本日の論点まとめ』の論点を挙げて」: its ＜論点①＞ … ＜論点③＞, not what the first of them heads
    lines = lines_of(answer_question(two_offices, "北海道局の「本日の論点まとめ」に掲げられた論点を挙げて"))
    assert {"＜論点①＞︓部材の調達", "＜論点②＞︓人材の確保", "＜論点③＞︓設備の更新"} <= set(lines)





def test_a_quoted_row_of_a_checklist_is_answered_by_the_questions_under_it(two_offices):
    # 「② 調達先の確認」 is a table row, not a heading, but the checklist's questions sit under it
    answer = answer_question(two_offices, "点検表の「調達先の確認」では何を点検すればいい？")
    lines = lines_of(answer)
    assert lines == ["② 調達先の確認", "調達先の所在国を確認しているか？", "代わりの調達先を探しているか？"], answer.text


CASE_OVERVIEW = """共同配送の事例集


事例①：原料の共同購入

- 供給が途絶えた期間に限り、必要な範囲で共同購入することは問題とならない。


事例②：価格の情報交換

- 将来の販売価格について情報交換することは問題となる。


事例③：配送の共同化

- 複数の事業者が配送を共同で行う取組。


事例④：原料の調達先の見える化

- 二次、三次の調達先まで把握することは難しい。

A社の例（金属）

- 営業部門を通じて、原料の調達先に印を付けた。
- 網羅的に行うことで、見落としていた調達先も確かめられた。
- その結果、分けていたはずの調達先が同じ会社だと分かった。

B社の例（素材）

- 全ての原料について調達の危険を確かめ、危険のある原料を洗い出した。
- 顧客から聞かれたときは、調達先に個別に確かめている。


(参考) 共同配送の事例集の想定事例

<p>情報交換</p> <ul> ・価格に関する情報交換(事例②) ex. 家電 </ul>\t<p>共同行為</p> <ul> ・原料の共同購入(事例①) ex. 輸入に頼る金属 ・配送の共同化(事例③) ex. 食品</ul>


配送の対象地域

*地域A 東京、大阪、名古屋、福岡、札幌、仙台 (計6地域)

地域の区分は、見本協会の記事を参照しつつ、当局で一部加筆。

(出所) <https://example.jp/haiso/>

<https://example.jp/kyokai/kiji.html> より作成 (2026年1月に取得)

配送の対象品目は、冷凍食品、飲料、雑貨、家具、家電などである。


共同配送の進め方

配送の効率化に向けて、各社の取組を整理した。

共同配送の進め方の基本
- 共同配送の進め方を各社で話し合い、基盤的な取組を決める。
- 共同配送の進め方を文書にまとめる。

共同配送を支える基盤的な取組
- 倉庫の共用
- 車両の相互利用
- 受付窓口の一本化


共同配送の説明会

- 5/20 共同配送の説明会（高松）
・地域の事業者 30社が参加
・講師：見本局


配送協議会

配送協議会の事務局は見本協会が務める。協議会には一定の基準を満たす事業者が参加できる。


共同配送の費用負担

共同配送は各社の配送費を減らす。共同配送は走る車両を減らす。共同配送には各社の費用負担がかかる。他方、一律の負担は、特に小規模な事業者の参入を妨げる。このため、事業者の規模に応じて負担を軽くすることも検討。


配送協議会の歩み

当局は、2025年に配送3文書（配送基本方針、配送計画、配送手引き）を策定。

協議会の対象として、12品目を指定している（うち3品目の追加は2026年4月1日施行）。

協議会は参加目標を定めている。協議会には地域の5大学も加わる。

- 6/1 協議会の交流会
・講師：当局

2026年4月に新たに「見本配送室」を設置
- 司令塔として、共同配送を推進する。

参加の実績

12事業者群

40社超

3地域


共同配送の今後

共同配送の取組は途上。

以下の３段階で、取組を広げる
① 各社の配送の記録を共有し、空いている車両を確かめる
（※）記録の例
（１）車両の台数
（２）走った距離
② 上記の記録も踏まえ、共同で走る経路を決める。
③ 共同配送を一時の取組に終わらせず、協議会の仕組みとして続ける。


配送協議会の役員

協議会の会長は、見本協会の佐藤一郎理事長が務める。

協議会は、小規模な事業者に向けて共同配送支援事業（JDS）を行う。

協議会は、2026年に車両相互利用認定制度を設けた。認定は3年間有効である。

協議会の窓口は、平日の9時から17時まで相談を受け付ける。

協議会の設立には、山田前配送大臣が尽力した。

協議会は、配送の効率化に向けて４つの提案を示した。

経済安全保障の観点から、配送網の点検も行う。

（2025年4月に見本経済安保物流法を施行）


配送の課題まとめ

＜課題①＞︓運転手の不足

＜課題②＞︓燃料費の上昇

＜課題③＞︓荷物の小口化


配送網の点検

協議会は2025年に配送網の点検を実施した。

渋滞調査の結果を2026年夏に公表予定。


倉庫の空き状況

倉庫調査の結果、空き倉庫が5か所あると分かった。


配送の区分

① 冷凍・・・冷凍食品、氷菓
② 雑貨・・・日用品、文具
③ その他・・・家具、家電


共同配送手引きの策定

- 近年、配送を一社で担うことは、特に小規模な事業者にとって難しくなっている。
- しかし、共同配送手引きがない中で、取引の情報が他社に伝わるおそれを心配して共同配送に慎重な事業者も多い。
- 本手引きは、事業者が共同配送を安全に始めるための手順をまとめたもの。


配送の点検項目

① 車両の点検
- 毎朝、タイヤの空気圧を確かめているか？
- 月に一度、ブレーキを整備工場で確かめているか？
- 点検の記録を一年間残しているか？
② 運転手の確認
- 運転前に、運転手の体調を確かめているか？


共同配送アクションプランについて

見本省
物流局 共同配送推進室


運転手の移動

運転手が転職に伴い配送先の情報を漏らした場合は見本法の対象となるが、転職そのものを制限する法令はない。


（参考）米国の運転手政策

米国では、運転手の長時間労働を制限する法令がある。


会議の経過と第三回会議の位置付け

＜昨年11月〜今年3月＞

日本各地の事業者との対話

＜第三回会議（2026年2月2日）＞

共同配送アクションプランの改定に向けた議論


配送計画の取組

①支援策（Promotion）

 車両の共同購入

共同で車両を購入する事業者を支援する。

 倉庫の共同利用

空き倉庫を共同で利用する。

②防衛策（Protection）

 配送情報の管理

配送先の情報を適切に管理する。

 運転手の教育

運転手に研修を行う。

③連携策（Partnership）

 自治体との連携

自治体と配送網を共有する。


例1 倉庫での盗難リスク
例2 配送車の事故リスク

<https://www.example.jp/video/soko>


4. 倉庫の点検に取り組みたいが、何から始めればよいか分からない

- 倉庫点検認証制度の活用をご検討ください！
- 倉庫の点検を認証の基準として体系化。認証を取ると補助金の加点も。


事業者

【倉庫の点検基準（例）】

- ✓ 鍵の管理
- ✓ 温度の記録
- ✓ 入退室の記録


2. 配送法の施行（2025年4月）：配送の安定に資する取組を法制化

① 車両の確保

5千台を確保

② 倉庫の整備

10か所を整備

③ 人材の育成

年100人を育成
"""


@pytest.fixture(scope="module")
def case_overview(real_embedder, tmp_path_factory):
    manifest = MANIFEST.split("[[document]]")[0].replace("共同購入事例集", "共同配送事例集").replace("共同購入", "共同配送")
    return searcher_over(real_embedder, tmp_path_factory.mktemp("overview"), {"cases.txt": CASE_OVERVIEW},
                         manifest + '[[document]]\nid = "cases"\nfile = "cases.txt"\ntitle = "共同配送の事例集"\n'
                         'publisher = "見本局"\ndate = "2026-01"\ncase_patterns = ["事例"]\ncollections = ["共同配送事例集"]\n')


@pytest.mark.parametrize("question, case, category", [("事例②はどの類型に分類される？", "事例②：価格の情報交換", "情報交換"),
                                                      ("事例①ってどの分類の事例？", "事例①：原料の共同購入", "共同行為")])
def test_the_category_of_a_case_is_the_label_an_overview_lists_it_under(case_overview, question, case, category):
    # the overview table (「(参考) …の想定事例」) files each case under its cell's label, not under the row's
    lines = lines_of(answer_question(case_overview, question))
    assert lines[:2] == [category, case], lines


def test_the_category_of_a_case_only_an_overview_lists_is_the_label_it_is_listed_under(real_embedder, tmp_path):
    # a deck that gives the collection's overview only, no slide of any case: 「事例⑤」 is its table row, filed
    # under the cell label 「情報交換」
    text = ("共同配送の事例集の想定事例\n\n<p>情報交換</p> <ul> ・価格に関する情報交換(事例②) ex. 家電 "
            "・在庫に関する情報交換(事例⑤) ex. 日用品 </ul>\t<p>共同行為</p> <ul> ・原料の共同購入(事例①) ex. 輸入に頼る金属 </ul>\n")
    manifest = MANIFEST.split("[[document]]")[0]
    searcher = searcher_over(real_embedder, tmp_path, {"cases.txt": text},
                             manifest + '[[document]]\nid = "cases"\nfile = "cases.txt"\ntitle = "共同配送の事例集"\n'
                             'publisher = "見本局"\ndate = "2026-01"\ncase_patterns = ["事例"]\n')
    answer = answer_question(searcher, "事例⑤は何の事例で、どの類型に入るの？")
    assert lines_of(answer) == ["情報交換", "在庫に関する情報交換(事例⑤) ex. 日用品"], answer.text


def test_a_case_is_told_with_the_overview_line_that_lists_it(case_overview):
    # 「事例①って、どんな原料を想定してるの？例とかある？」: the case's own slide and the overview's example
    for question in ("事例①って、どんな原料を想定してるの？例とかある？", "事例①はどんな内容？"):
        lines = lines_of(answer_question(case_overview, question))
        assert lines[0] == "事例①：原料の共同購入" and lines[-1] == "原料の共同購入(事例①) ex. 輸入に頼る金属", lines


def test_a_thing_the_documents_never_name_is_not_among_a_list_that_gives_its_total(case_overview):
    # 「(計6地域)」: the list names every member, so 那覇 is not in 地域A, and the answer says so
    answer = answer_question(case_overview, "那覇って地域Aに入ってる？")
    assert answer.found and answer.refusal_reason is None
    assert answer.text.splitlines()[0] == "資料の一覧には『那覇』は挙げられていません。一覧は次のとおりです。"
    assert lines_of(answer) == ["*地域A 東京、大阪、名古屋、福岡、札幌、仙台 (計6地域)"]
    # a list without its total (「…などである」) may leave members out: no answer either way
    answer = answer_question(case_overview, "配送の対象品目に医薬品は入ってる？")
    assert not answer.found and "医薬品" in answer.refusal_reason


def test_a_line_opening_with_a_web_address_is_a_link_for_its_slide():
    # 「https://… より作成」 at the foot of a slide gives the address of what the slide is about
    from pipeline.answering.blocks import _link_about
    from pipeline.answering.evidence import Candidate
    from pipeline.records import Chunk, Piece

    pieces = (Piece("見本指数は、新聞記事から算出する。", "note", 0), Piece("https://example.jp/shisu.html より作成", "paragraph", 1),
              Piece("地域の区分は当局で加筆。", "paragraph", 2))
    chunk = Chunk("d#u1", "d", "d#u1", "見本", "見本局", "2026-01", "世界の動き", None, 1, 1, None, None, None,
                  "世界の動き", "\n".join(p.text for p in pieces), "", "", pieces)
    assert _link_about("見本指数", Candidate(chunk, 1, 0.0, 0))
    assert not _link_about("見本指数", Candidate(chunk, 2, 0.0, 0))  # a line without an address is no link
    assert not _link_about("輸出額", Candidate(chunk, 1, 0.0, 0))  # nor is it about what its slide never says
    # a term of one word is said by the slide naming it inside a compound (見本投資家 of 投資家)
    pieces = (Piece("見本投資家", "heading", 0), Piece("見本省ホームページ ★制度の詳細はこちらから★", "heading", 1),
              Piece("https://example.go.jp/fdi/index.htm", "link", 2))
    chunk = Chunk("d#u2", "d", "d#u2", "見本", "見本局", "2026-01", "3. 投資等", None, 2, 2, None, None, None,
                  "3. 投資等", "\n".join(p.text for p in pieces), "", "", pieces)
    assert _link_about("投資家", Candidate(chunk, 2, 0.0, 0))
    assert not _link_about("輸出者", Candidate(chunk, 2, 0.0, 0))


def test_a_list_named_by_a_headings_words_unquoted_is_the_list_under_that_heading(case_overview):
    # 「…として挙げられている項目」 names the set by its heading's words, without quotes
    from pipeline.answering.evidence import AnswerSettings
    from pipeline.answering.ranked import _quoted_section
    from pipeline.question import analyse

    question = "共同配送の進め方で、共同配送を支える基盤的な取組として挙げられているものを示せ"
    answer = answer_question(case_overview, question)
    assert lines_of(answer) == ["共同配送を支える基盤的な取組", "倉庫の共用", "車両の相互利用", "受付窓口の一本化"], answer.text
    # found by the heading's words whatever the search ranked first
    section = _quoted_section(case_overview, analyse(question), [], AnswerSettings())
    assert section is not None and [c.text for c in section.lines][:2] == ["共同配送を支える基盤的な取組", "倉庫の共用"]


def test_a_concern_is_answered_with_the_sentence_that_says_what_follows_from_it(case_overview):
    # 「他方、…参入を妨げる。」 goes on 「このため、…負担を軽くすることも検討。」: that is what is done about it
    answer = answer_question(case_overview, "共同配送の負担が小規模な事業者の参入を妨げるという懸念には、どう対応するとされていますか")
    assert "このため、事業者の規模に応じて負担を軽くすることも検討。" in lines_of(answer), answer.text


def test_a_possibility_or_a_need_is_no_judgement():
    from pipeline.answering.evidence import _JUDGEMENT

    assert _JUDGEMENT.search("申請は郵送でも可能。") and _JUDGEMENT.search("再委託は不可。")
    assert not _JUDGEMENT.search("軍事転用の可能性のある技術を支援する。")  # 可能性: a possibility
    assert not _JUDGEMENT.search("官民の対話が不可欠。")  # 不可欠: a need


def test_what_a_lettered_company_of_a_case_did_is_its_own_list_whole(case_overview):
    # 「事例④のA社って…どうやって洗い出したの？やってみてどうだった？」: B社's line says 洗い出した, but the
    # question names A社; A社's list answers, what it did and what came of it
    answer = answer_question(case_overview, "事例④のA社って、原料の調達先をどうやって洗い出したの？やってみてどうだった？")
    assert sorted(lines_of(answer)) == sorted(["営業部門を通じて、原料の調達先に印を付けた。", "網羅的に行うことで、見落としていた調達先も確かめられた。",
                                               "その結果、分けていたはずの調達先が同じ会社だと分かった。"]), answer.text


def test_an_organisation_asked_by_its_role_is_named_only_by_a_line_of_that_role_on_the_topic(case_overview):
    assert "講師：見本局" in lines_of(answer_question(case_overview, "共同配送の説明会の講師はどこ？"))
    # the lecturer is no secretariat, and the 協議会's secretariat is not the 説明会's
    answer = answer_question(case_overview, "共同配送の説明会の事務局はどこが務めた？")
    assert not answer.found and "『事務局』" in answer.refusal_reason, answer.text


def test_the_specifics_of_words_the_documents_never_spell_out_are_refused_naming_the_words(case_overview):
    # 「一定の基準」 is written, what it stands for is not: quoting the line would pass it off as the answer
    answer = answer_question(case_overview, "協議会の「一定の基準」って、具体的にどんな基準なの？")
    assert not answer.found and answer.refusal_reason == "資料には『一定の基準』とありますが、その具体的な内容の記載は見つかりませんでした。"
    # words that head a list are spelled out by it
    answer = answer_question(case_overview, "「共同配送を支える基盤的な取組」って、具体的にどんなもの？")
    assert answer.found and "倉庫の共用" in lines_of(answer), answer.text


def test_a_name_asked_for_is_no_topic_word(case_overview):
    # 「…の名称」 asks what the things are called (「…の趣旨」 what they are for): 名称 is written nowhere, and
    # that is no reason to refuse
    for question in ("2025年に策定された配送3文書の名称は？", "配送3文書のタイトルって何？", "配送3文書の趣旨は？",
                     "配送3文書の使い道は？"):
        answer = answer_question(case_overview, question)
        assert answer.found and "当局は、2025年に配送3文書（配送基本方針、配送計画、配送手引き）を策定。" in lines_of(answer), answer.text
    # …but the names of things of a kind the documents only count are not given
    answer = answer_question(case_overview, "協議会に加わる5大学の名前を教えて")
    assert not answer.found and "どの大学" in answer.refusal_reason, answer.text


def test_a_part_of_a_set_is_met_by_its_words_in_any_order(case_overview):
    # 「のうち追加された3品目」 is stated as 「うち3品目の追加は…」
    answer = answer_question(case_overview, "協議会の対象のうち追加された3品目は、いつ施行された？")
    assert answer.found and "協議会の対象として、12品目を指定している（うち3品目の追加は2026年4月1日施行）。" in lines_of(answer), answer.text
    # a part quoted as the documents' own words is met only as it is written
    answer = answer_question(case_overview, "協議会の対象のうち「追加された3品目」は、いつ施行された？")
    assert not answer.found, answer.text


def test_the_figure_of_words_the_documents_never_spell_out_is_refused_naming_the_words(case_overview):
    answer = answer_question(case_overview, "協議会の参加目標の具体的な水準は？")
    assert not answer.found and answer.refusal_reason == "資料には『参加目標』とありますが、その具体的な内容の記載は見つかりませんでした。"


def test_two_counts_asked_together_are_both_given(case_overview):
    # 「事業者群の数と…会社数」: the second count stands beside the first
    answer = answer_question(case_overview, "協議会の参加の実績として示されている事業者群の数と参加した会社数は？")
    assert {"12事業者群", "40社超"} <= set(lines_of(answer)), answer.text


def test_the_items_of_the_standard_asked_after_a_comma_are_its_list(case_overview):
    # 「点検基準には、どんな項目」: the list headed by the standard named, though a comma stands before どんな
    answer = answer_question(case_overview, "倉庫の点検基準には、どんな項目があるの？")
    assert lines_of(answer) == ["【倉庫の点検基準（例）】", "鍵の管理", "温度の記録", "入退室の記録"], answer.text


def test_a_company_of_a_case_named_by_its_industry_is_told_by_its_own_lines(case_overview):
    # 「事例④の素材の会社」 is 「B社の例（素材）」: its heading and lines, not the case's first company
    answer = answer_question(case_overview, "事例④の素材の会社ってどんなことやってるの？")
    assert lines_of(answer)[-3:] == ["B社の例（素材）", "全ての原料について調達の危険を確かめ、危険のある原料を洗い出した。",
                                     "顧客から聞かれたときは、調達先に個別に確かめている。"], answer.text
    # what came of a named company's measure: the outcome first, then its lines in their order
    answer = answer_question(case_overview, "事例④のA社（金属）の例で、調達先に印を付けた結果、何が分かったとされている？")
    assert lines_of(answer) == ["その結果、分けていたはずの調達先が同じ会社だと分かった。", "営業部門を通じて、原料の調達先に印を付けた。",
                                "網羅的に行うことで、見落としていた調達先も確かめられた。"], answer.text


def test_which_company_is_answered_only_by_a_line_naming_one(case_overview):
    # 「どこの会社？」 of a case whose companies are lettered (A社, B社): no line names the company
    answer = answer_question(case_overview, "事例④の調達先の見える化の例って、どこの会社？")
    assert not answer.found and "どの会社か" in answer.refusal_reason, answer.text


def test_a_count_asked_in_one_counter_of_kinds_is_stated_in_another(case_overview):
    # 「何種類」 of what the slide counts in 品目 (「12品目を指定」): users and documents use these for one another
    answer = answer_question(case_overview, "協議会の対象って何種類？")
    assert answer.found and any("12品目を指定" in line for line in lines_of(answer)), answer.text
    # 「何校」 of universities counted in 大学 (「5大学」)
    answer = answer_question(case_overview, "協議会に加わる大学は何校？")
    assert answer.found and any("5大学" in line for line in lines_of(answer)), answer.text


def test_the_office_whose_deck_it_is_is_no_topic_of_a_role_question(case_overview):
    # 「見本局の交流会の講師」: the deck of 見本局 calls it 当局; the question is about the 交流会
    answer = answer_question(case_overview, "見本局の協議会の交流会の講師は誰？")
    assert answer.found and "講師：当局" in lines_of(answer), answer.text


def test_a_ministry_named_keeps_no_answer_to_one_deck():
    # 「見本省では…」: the ministry speaks through its regional bureaus' decks too, while a bureau named
    # (見本北局) is answered from its own deck or where a line names it
    from types import SimpleNamespace

    from pipeline.answering.evidence import _publishers_asked
    from pipeline.question import analyse

    chunks = [SimpleNamespace(doc_id="ministry", date="2026-01", publisher="見本省 大臣官房 見本室"),
              SimpleNamespace(doc_id="bureau", date="2026-01", publisher="見本北局 総務課")]
    searcher = SimpleNamespace(index=SimpleNamespace(chunks=chunks))
    assert _publishers_asked(searcher, analyse("見本省では、司令塔としてどの組織を置いた？")) == {}
    assert list(_publishers_asked(searcher, analyse("見本北局の説明会の講師は？"))) == ["見本北局 総務課"]


def test_an_organisation_may_be_named_by_the_heading_over_the_line_about_the_topic(case_overview):
    # 「2026年4月に「見本配送室」を設置」 over 「司令塔として、共同配送を推進」: the heading names the body
    answer = answer_question(case_overview, "共同配送の司令塔としてどの組織が設置された？")
    assert answer.found and "見本配送室" in answer.text, answer.text


def test_a_field_named_by_its_noun_and_a_classifier_is_the_nouns_topic(case_overview):
    # 「金属関連」「素材企業」: never written so, but the field of 金属 and the companies of 素材 are what
    # 「A社の例（金属）」「B社の例（素材）」 are about — no topic absent from the documents
    answer = answer_question(case_overview, "金属関連の事例は？")
    assert answer.found and "A社の例（金属）" in lines_of(answer), answer.text
    answer = answer_question(case_overview, "素材企業の例は？")
    assert answer.found and "B社の例（素材）" in lines_of(answer), answer.text
    # (a noun the documents never write either is still a topic they lack)
    assert not answer_question(case_overview, "造船業界の事例は？").found


def test_steps_numbered_in_a_run_are_given_together_in_order(case_overview):
    # 「以下の３段階で」 over ① … ② … ③ (a note with its own (１)(２) between): one step alone is part of the answer
    steps = ["① 各社の配送の記録を共有し、空いている車両を確かめる", "② 上記の記録も踏まえ、共同で走る経路を決める。",
             "③ 共同配送を一時の取組に終わらせず、協議会の仕組みとして続ける。"]
    for question in ("共同配送の取組は、今後どのような段階で広げるとされている？", "共同配送はこれからどう広げていくの？"):
        lines = lines_of(answer_question(case_overview, question))
        assert all(step in lines for step in steps), lines
        assert [lines.index(step) for step in steps] == sorted(lines.index(step) for step in steps), lines


def test_an_ordinal_naming_the_document_is_no_condition_on_its_lines(case_overview):
    # 「第2回協議会資料では」 names the document the answer is from, as 「2024年の資料」 does; 「第2回の交流会」
    # is still that session, which the documents don't have
    answer = answer_question(case_overview, "第2回協議会資料では、共同配送の費用負担についてどう書かれている？")
    assert answer.found and any("費用負担" in line for line in lines_of(answer)), answer.text
    answer = answer_question(case_overview, "第2回の交流会の講師は誰？")
    assert not answer.found and "第2回" in answer.refusal_reason, answer.text


def test_a_person_asked_by_name_is_answered_only_by_a_line_naming_one(case_overview):
    # 「講師はなんていう人？」: 「講師：当局」 names an office, not who; 「講師は誰？」 is answered by the office
    for question in ("協議会の交流会で講師をした人の名前は？", "交流会の講師はなんていう人？"):
        answer = answer_question(case_overview, question)
        assert not answer.found and "氏名" in answer.refusal_reason, answer.text
    assert "講師：当局" in lines_of(answer_question(case_overview, "協議会の交流会の講師は誰？"))
    answer = answer_question(case_overview, "配送協議会の会長の名前は？")
    assert answer.found and "佐藤一郎" in answer.text, answer.text


def test_a_name_the_user_words_otherwise_is_the_documents_name(case_overview):
    # 「共同配送支援制度」 for the documents' 共同配送支援事業 (another word for a scheme), 「車両相互認定制度」 for
    # 車両相互利用認定制度 (a word left out inside): the same thing, not a name the documents lack
    answer = answer_question(case_overview, "共同配送支援制度は誰に向けたもの？")
    assert answer.found and any("共同配送支援事業" in line for line in lines_of(answer)), answer.text
    answer = answer_question(case_overview, "車両相互認定制度はいつできた？")
    assert answer.found and any("2026年に車両相互利用認定制度" in line for line in lines_of(answer)), answer.text
    # 「共同配送制度」: the scheme named by what it is of, which the documents write alone
    answer = answer_question(case_overview, "共同配送制度の費用負担はどうなってる？")
    assert answer.found and any("費用負担" in line for line in lines_of(answer)), answer.text
    # (a grant is no scheme by another word: a 補助金 the documents never name is still refused)
    assert not answer_question(case_overview, "配送補助金はいくら？").found


def test_days_or_hours_asked_are_answered_only_by_a_line_stating_them(case_overview):
    # 「土日もやってる？」: the lines about the 説明会 give its date and place, not which days it is held
    answer = answer_question(case_overview, "共同配送の説明会は土日もやってる？")
    assert not answer.found and "曜日・時間帯" in answer.refusal_reason, answer.text
    answer = answer_question(case_overview, "協議会の窓口って土日もやってる？")
    assert answer.found and "協議会の窓口は、平日の9時から17時まで相談を受け付ける。" in lines_of(answer), answer.text


def test_a_name_is_mentioned_whole_with_the_documents_word_inside_not_by_that_word_alone(case_overview):
    # 「重要経済安保物流法」 is not mentioned because 経済安全保障 (the documents' word for 経済安保) is
    from pipeline.answer import _mentioned, answer_question

    assert _mentioned(case_overview, "見本経済安保物流法")
    assert not _mentioned(case_overview, "重要経済安保物流法")
    assert answer_question(case_overview, "重要経済安保物流法はいつ施行された？").refusal_reason
    # a short word between the words of a name the user gives (前) still mentions it
    assert _mentioned(case_overview, "山田配送大臣")


def test_a_persons_name_and_its_reading_may_stand_between_the_words_of_a_title():
    from types import SimpleNamespace

    from pipeline.answering.evidence import _written_apart

    deck = SimpleNamespace(corpus_text=lambda: "23年11月 北国鈴木一郎（すずき・いちろう）交通部長と見本大臣の会談")
    assert _written_apart(deck, "北国交通部長")
    assert not _written_apart(deck, "南国交通部長")


def test_a_numbered_part_is_written_as_it_is_or_within_a_range_of_parts():
    # 「第16項には何が」 of documents that write 「第5項～第15項」 asks a part they do not have; 第10項 is in the range
    from pipeline.answer import _part_written
    from pipeline.question import DOCUMENT_PART

    class Written:
        def corpus_text(self):
            return "区分第1項第2項通常品第5項～第15項"

    def part(question):
        return DOCUMENT_PART.search(question)

    assert _part_written(Written(), part("第2項の品目は？"))
    assert _part_written(Written(), part("第10項の品目は？"))
    assert not _part_written(Written(), part("第16項の品目は？"))
    assert not _part_written(Written(), part("第3項の品目は？"))


def test_a_count_of_things_the_documents_label_one_by_one_is_given_by_their_labels(case_overview):
    # 「課題はいくつ？」 where no line states the count but the slide labels them ＜課題①＞ … ＜課題③＞
    from pipeline.answer import answer_question

    answer = answer_question(case_overview, "配送の課題はいくつある？")
    assert answer.refusal_reason is None
    assert [line for line in answer.text.splitlines() if "課題" in line][-1].startswith("＜課題③＞")
    assert answer.text.index("課題①") < answer.text.index("課題②") < answer.text.index("課題③")


def test_criteria_asked_are_answered_only_by_a_line_stating_criteria(case_overview):
    # 「どういう基準で選ばれてる？」: the lines about the 会長 name him, not how he was chosen
    from pipeline.answer import answer_question

    answer = answer_question(case_overview, "協議会の会長はどんな基準で選ばれてるの？")
    assert not answer.found and "基準・要件の記載" in answer.refusal_reason, answer.text
    answer = answer_question(case_overview, "協議会にはどういう基準で事業者が選ばれてるの？")
    assert "協議会には一定の基準を満たす事業者が参加できる。" in lines_of(answer), answer.text
    # …and so are the requirements asked outright (「…の技術的な要件を示せ」)
    answer = answer_question(case_overview, "協議会の会長について、技術的な要件を示せ")
    assert not answer.found and "基準・要件の記載" in answer.refusal_reason, answer.text


def test_an_undated_line_is_of_its_documents_fiscal_year_and_a_dated_meeting_is_held_that_day(case_overview):
    # the deck is dated 2026-01, in 令和7年度: 「6/1 協議会の交流会」 is that year's, and held on 6/1
    from pipeline.answer import answer_question

    answer = answer_question(case_overview, "令和7年度の協議会の交流会はいつ開催された？")
    assert "6/1 協議会の交流会" in lines_of(answer), answer.text
    answer = answer_question(case_overview, "令和5年度の協議会の交流会はいつ開催された？")
    assert not answer.found and "令和5年度" in answer.refusal_reason, answer.text


def test_a_line_under_a_bare_date_heading_is_of_that_date():
    from pipeline.answering.evidence import _DATE, bare_date_heading

    assert bare_date_heading(_DATE, "1977年").group(0) == "1977年"
    assert bare_date_heading(_DATE, " 2001年 ") is not None
    assert bare_date_heading(_DATE, "1977年の出来事") is None  # a heading about a year, not the date of its lines
    assert bare_date_heading(_DATE, None) is None


def test_an_outcome_asked_is_answered_only_by_a_line_stating_what_was_found(case_overview):
    # 「結局どんな結果が出たの？」: that the check was carried out, or that results will be published, is no outcome
    from pipeline.answer import answer_question

    for question in ("配送網の点検って、結局どんな結果が出たの？", "渋滞調査って、どんな結果になったの？",
                     "渋滞調査では、どのような結論に至ったか"):  # (a conclusion is an outcome too)
        answer = answer_question(case_overview, question)
        assert not answer.found and "結果" in answer.refusal_reason, answer.text
    answer = answer_question(case_overview, "倉庫調査はどんな結果だったの？")
    assert "倉庫調査の結果、空き倉庫が5か所あると分かった。" in lines_of(answer), answer.text


def test_a_line_echoes_a_question_by_a_phrase_across_words_not_by_a_topic_word_alone():
    # 「…の紹介を一義的な目的としていますか」: 「…意識付けが一義的な目的」 says the question's own phrase
    from pipeline.answering.ranked import _echoes

    assert _echoes("見本会議は、見本予算の紹介を一義的な目的としていますか", "理解促進が一義的な目的")
    assert not _echoes("見本会議は、見本予算等の紹介を目的としていますか", "見本予算等のご紹介とともに")  # の at the edge
    assert not _echoes("見本制度は義務ですか", "見本制度は任意の制度")  # a topic word alone


def test_a_quoted_label_of_a_list_item_is_answered_by_that_item(case_overview):
    # 「「その他」の区分って何が入ってるの？」: the item labelled so, not the whole list nor another その他
    from pipeline.answer import answer_question

    answer = answer_question(case_overview, "配送の「その他」の区分って、どんな品目が入ってるの？")
    assert lines_of(answer) == ["③ その他・・・家具、家電"], answer.text


def test_two_quoted_labels_of_list_items_are_answered_by_both_items(case_overview):
    # 「「冷凍」と「雑貨」の欄には…」: each item quoted (a label of two characters too), in the question's order
    from pipeline.answer import answer_question

    answer = answer_question(case_overview, "配送の区分で、「雑貨」と「冷凍」の欄にはどんな品目が入ってるの？")
    assert lines_of(answer) == ["② 雑貨・・・日用品、文具", "① 冷凍・・・冷凍食品、氷菓"], answer.text


def test_list_items_asked_by_their_numbers_are_answered_by_those_items(case_overview):
    # 「…の区分の3番と2番って具体的に何が入ってる？」: the items marked ③ and ②, in the question's order
    from pipeline.answer import _ITEM_NUMBERED, answer_question

    answer = answer_question(case_overview, "配送の区分の3番と2番って、具体的に何が入ってるの？")
    assert lines_of(answer) == ["③ その他・・・家具、家電", "② 雑貨・・・日用品、文具"], answer.text
    assert not _ITEM_NUMBERED.search("配送で1番多いのは？") and not _ITEM_NUMBERED.search("電話番号は03番号")


def test_a_name_the_documents_write_with_part_of_it_in_quotes_is_written():
    # 「見本経済版2+2」 asked bare is the documents' 見本経済版「２＋２」
    from pipeline.answer import _mentioned
    from pipeline.answering.evidence import _written_in_full
    from pipeline.normalize import compact

    class Written:
        def corpus_text(self):
            return compact("23年11月 見本経済政策協議（見本経済版「２＋２」）")

        def mentions(self, name):
            return compact(name) in self.corpus_text()

    assert _written_in_full(Written(), "見本経済版2+2") == ("見本経済版「2+2",)
    assert _mentioned(Written(), "見本経済版2+2")
    assert not _mentioned(Written(), "別経済版2+2")


def test_a_howto_answer_gives_a_numbered_item_with_every_line_under_it(case_overview):
    # 「① 車両の点検」 over three checks: the checks are the parts of one measure, quoted together and in order
    lines = lines_of(answer_question(case_overview, "車両の点検はどうやればいい？"))
    assert lines[:4] == ["① 車両の点検", "毎朝、タイヤの空気圧を確かめているか？", "月に一度、ブレーキを整備工場で確かめているか？",
                         "点検の記録を一年間残しているか？"], lines


def test_a_named_period_asks_its_length_and_is_refused_where_none_is_stated(case_overview):
    # 「有効期間は？」 asks how long a thing holds: 「3年間有効」 answers it for the 認定 …
    answer = answer_question(case_overview, "車両相互利用認定の有効期間は？")
    assert answer.found and "認定は3年間有効である。" in lines_of(answer), answer.text
    # … and the 配送計画, of which no length is stated, is refused (not answered with the 認定's)
    refused = answer_question(case_overview, "配送計画の有効期間は？")
    assert not refused.found and "期間" in refused.refusal_reason, refused.text


def test_cases_asked_of_a_collection_are_its_case_titles_as_many_as_asked(case_overview):
    # 「…事例集の事例を2つ教えて」: the collection's cases by their titles, in order, two of the four, said so
    answer = answer_question(case_overview, "共同配送事例集の事例を2つ教えて")
    assert lines_of(answer) == ["事例①：原料の共同購入", "事例②：価格の情報交換"], answer.text
    assert "4 件のうち、最初の 2 件" in (answer.notice or ""), answer.notice
    # …and all of them when no number is asked
    every = lines_of(answer_question(case_overview, "共同配送事例集にはどんな事例がある？"))
    assert every == ["事例①：原料の共同購入", "事例②：価格の情報交換", "事例③：配送の共同化", "事例④：原料の調達先の見える化"], every


def test_a_definition_is_led_by_the_sentence_in_which_the_thing_speaks_of_itself(case_overview):
    # 「本手引きは、…をまとめたもの。」 says what 共同配送手引き is, though it calls it only 本手引き
    lines = lines_of(answer_question(case_overview, "共同配送手引きって何？"))
    assert lines[:1] == ["本手引きは、事業者が共同配送を安全に始めるための手順をまとめたもの。"], lines


def test_a_how_to_question_about_a_thing_only_named_in_a_list_is_refused_saying_no_measure_is_given(case_overview):
    # 「氷菓の配送はどうすればいい？」: 氷菓 is only an item of 「① 冷凍・・・冷凍食品、氷菓」, which says nothing to do
    answer = answer_question(case_overview, "氷菓の配送はどうすればいい？")
    assert not answer.found and "氷菓" in answer.refusal_reason and "対応策" in answer.refusal_reason, answer.text


@pytest.mark.parametrize("question, line", [
    # 「４つの提案」 counts 提案, whether the question asks 何件 or 何個 (つ counts whatever it is said of)
    ("協議会の提案は何件？", "協議会は、配送の効率化に向けて４つの提案を示した。"),
    # the deck is 見本局's: its lines never write 見本局 (they say 当局, or nothing), yet they state its doings
    ("見本局が開いた説明会は何社参加？", "地域の事業者 30社が参加"),
    # 「参加企業数」 is stated as 「30社が参加」: 企業 counted in 社, 参加 saying which ones
    ("説明会の参加企業数は？", "地域の事業者 30社が参加"),
])
def test_a_count_is_found_where_it_is_stated_in_other_words(case_overview, question, line):
    answer = answer_question(case_overview, question)
    assert answer.found and line in lines_of(answer), answer.text


def test_a_name_typed_in_another_case_is_the_documents_name(case_overview):
    # 「jdsって何？」 typed in lower case (or full-width) on a phone asks about the documents' JDS
    assert case_overview.in_documents_case("jdsって何？ ｊｄｓは？ Jdsは？") == "JDSって何？ JDSは？ JDSは？"
    assert case_overview.in_documents_case("What is this?") == "What is this?"  # words the documents never write stay
    assert case_overview.in_documents_case("HTTPSは？") == "HTTPSは？"  # …and a word is never lowered to the documents' https
    answer = answer_question(case_overview, "jdsって何？")
    assert answer.found and any("共同配送支援事業（JDS）" in line for line in lines_of(answer)), answer.text


def test_a_word_typed_in_kana_beside_a_written_word_is_the_documents_spelling(case_overview):
    # 「共同はいそう」 typed on a phone is the documents' 共同配送 (配送 reads はいそう), a particle after it kept
    assert case_overview.in_documents_spelling("共同はいそうを使いたい") == "共同配送を使いたい"
    assert case_overview.in_documents_spelling("はいそう支援事業は？") == "配送支援事業は？"  # the kana before a word too
    # only where the documents write the compound: no 海上配送 there, and kana with no word beside it stay
    assert case_overview.in_documents_spelling("海上はいそうは？") == "海上はいそうは？"
    assert case_overview.in_documents_spelling("はいそうって何？") == "はいそうって何？"
    answer = answer_question(case_overview, "共同はいそう支援事業って何？")
    assert answer.found and any("共同配送支援事業（JDS）" in line for line in lines_of(answer)), answer.text
    # the answer says how it read the word (the user sees 「共同はいそう」 was taken for the documents' 共同配送)
    assert answer.interpretation == "「共同はいそう」を資料の表記「共同配送」として調べました。", answer.interpretation
    assert answer.interpretation in (answer.notice or ""), answer.notice


def test_a_verbs_ending_or_two_kana_are_not_read_as_a_word_of_the_documents(real_embedder, tmp_path):
    searcher = slides_deck(real_embedder, tmp_path, [
        "見本部品の調達\n\n国内企業の見本部品の調達は、見本期間内に届け出る。"])
    # 「避けられない企業」: られない is 避ける's ending, not ない for 内 (国内企業 is written); nor are two kana (ない)
    # after a word read as one of the documents' (見本期間内 is written)
    assert searcher.in_documents_spelling("撤退が避けられない企業はどうすれば？") == "撤退が避けられない企業はどうすれば？"
    assert searcher.in_documents_spelling("見本期間ないの？") == "見本期間ないの？"


def test_japan_asked_of_is_any_passage_of_the_decks_that_names_no_other_country(case_overview):
    # a Japanese government deck speaks of Japan where it names no other country; a slide on the US does not
    answer = answer_question(case_overview, "日本には運転手の転職そのものを制限する法令ってあるの？")
    assert answer.found and any("転職そのものを制限する法令はない" in line for line in lines_of(answer)), answer.text


def test_the_date_of_a_numbered_meeting_is_the_line_naming_it_not_another_under_its_heading(case_overview):
    lines = lines_of(answer_question(case_overview, "第3回の会議はいつ開かれた？"))
    assert "＜第三回会議（2026年2月2日）＞" in lines and "＜昨年11月〜今年3月＞" not in lines, lines


def test_who_put_the_explanatory_material_together_is_the_office_its_cover_names(case_overview):
    lines = lines_of(answer_question(case_overview, "共同配送アクションプランの説明資料をまとめたのはどの部署ですか。"))
    assert lines == ["共同配送アクションプランについて", "見本省", "物流局 共同配送推進室"], lines


def test_a_schemes_name_is_mentioned_by_its_words_only_where_they_stand_close_together(searcher):
    from pipeline.normalize import compact
    from pipeline.search import Searcher

    # 「良質な雇用」 and 「公的保険外サービス」 in one passage name no 雇用保険; an office shortened (見本局 for
    # 見本経済局) is still mentioned by its words
    words_apart = Searcher.__new__(Searcher)
    words_apart._compact_texts = [compact("地域の良質な雇用を生み出す取組を進める。あわせて公的保険外サービスの市場を広げる。"),
                                  compact("お問い合わせ先：見本経済局 国際課")]
    words_apart._corpus_text = None
    assert not words_apart.mentions("雇用保険")
    assert words_apart.mentions("見本局")
    written = Searcher.__new__(Searcher)
    written._compact_texts, written._corpus_text = [compact("雇用の保険の加入手続き。")], None
    assert written.mentions("雇用保険")  # its two words close together
    # a scheme the documents never name (a name ending in 保険) is refused as such
    answer = answer_question(searcher, "社員が入ったときの見本保険の手続きを教えてください")
    assert not answer.found and answer.refusal_reason == "資料には『見本保険』に関する記述がありません。", answer.text


def test_the_pillars_of_a_numbered_section_are_the_headings_of_the_sections_under_it(case_overview):
    # 「②防衛策」 has no list of its own but sections, each under a heading: those headings are its items
    lines = lines_of(answer_question(case_overview, "配送計画の防衛策（Protection）の柱"))
    assert lines == ["②防衛策（Protection）", "配送情報の管理", "運転手の教育"], lines


def test_whether_there_is_an_example_is_answered_by_the_heading_that_names_one(case_overview):
    # a heading that names an example answers 「…の例ってある？」, with what its slide goes on with
    answer = answer_question(case_overview, "倉庫で物が盗まれるみたいなリスクを扱った例ってある？")
    assert answer.answer_type == "lookup"
    assert lines_of(answer)[0] == "例1 倉庫での盗難リスク", answer.text


def test_a_list_whose_heading_names_the_kind_asked_is_the_list(case_overview):
    # 「点検基準にはどんなもの」: the list headed 【倉庫の点検基準（例）】, not a list about the scheme's use
    lines = lines_of(answer_question(case_overview, "倉庫点検認証で求められる点検基準にはどんなものがありますか。"))
    assert lines[:2] == ["【倉庫の点検基準（例）】", "鍵の管理"], lines
    from pipeline.answering.lists import _asks_for

    assert _asks_for("課題", "見本政策の背景として資料が挙げる課題")  # the noun the question ends in
    assert not _asks_for("技術", "技術が流出するパターンってどんなのがあるの？")  # the subject of a clause
    assert not _asks_for("項目", "どんな項目に分かれてるの？")  # a word for any items


def test_the_things_a_line_names_of_a_kind_are_of_the_kind_asked_after_donna():
    from pipeline.answering.lists import _things_of_kind

    line = "輸出管理の対象技術に留まらず、自社の重要技術（コア技術）を安易に移さない。"
    assert _things_of_kind("技術ってどんなルートで外に漏れるの？", line) == set()  # routes asked, not 技術
    assert len(_things_of_kind("どんな窓口がある？", "海外展開窓口/アカデミア窓口/スタートアップ窓口")) == 3


def test_the_best_line_right_over_numbered_sections_leads_in_to_them(case_overview):
    # 「どんな柱がある？」 with no count: the line about the topic over ① ② ③ of its own is their lead-in
    lines = lines_of(answer_question(case_overview, "配送法で法制化された取組って、どんな柱があるの？"))
    assert lines[-3:] == ["① 車両の確保", "② 倉庫の整備", "③ 人材の育成"], lines


BUREAU_NOTES = """見本局の取組メモ


見本事例 木材の調達

B社の例（木材）

- ・ 取引先ごとに原木の産地をタグ付け。
- ・ 一覧にしたことで、見落としていた点も改めて確認できた。
- ・ その結果、別々だと思っていた仕入れ先が実は一社であったことが発覚して、見直すきっかけとなった。

C社の例（石材）

- ・ 全ての石材について産地の情報を確認し、不明なものを洗い出し。


見学会のご案内

見学会は工場の管理を学ぶ場です。

※2027年度の見学会も、2027年度予算の成立が前提となりますが、追って募集を開始する予定です。


見本対話スキーム

このため、重要な設計の移転に際して、見本法に基づく事前相談制度を設け、これを端緒として官民が確実に対話する。

設計の移転を止めることが目的ではなく、適切な管理を徹底することが目的。原則として、対話を通じた解決を目指す。


指定品目

見本法に基づき、全体で10品目を指定。

※経済産業省関係では、木材、石材、鉄鋼の３つ（令和5年10月現在）


見本対話の三段階

以下の段階で、取組を強化

① 官民連携に向けて、政府は見本情報の共有を促進、危険・脅威分析（※）を共有

（※）考慮すべき危険の例

（１）災害による原料の供給途絶
（２）他国による経済的威圧

② 上記を踏まえ、官民連携した取組を講じる。


見本分析の連携強化

(例１) 見本データ研究機構（機構長：見本教授）
• 大規模なデータ分析の知見を生かし、研究を実施。
(例２)見本鉱物資源機構
• 鉱物の流れ図を作成するなど、実例についての豊富な知見。


＜ドイツ＞見本先端産業法における技術管理

見本先端技術を指定。輸出管理等に加え、人材の契約を規定。

＜フランス＞見本規制の強化

2023年に、先端素材など12技術を指定。


見本警報システムの整備

見本国政府は、物流の混乱へ対応するため「物流３法」を2023年から順次成立させ、見本警報システムの構築を法制化。


見本会議の予定

＜第四回見本会議（令和8年4月予定）＞

第三回での議論を踏まえた「見本計画」の改定


(7) 秘密管理の相談：見本エキスパートのご紹介

秘密管理の相談窓口

中小企業の皆様に、秘密情報の管理ルールの整備等の支援サービスを提供する専門窓口です。

(相談窓口はKENPO本部に設置)


お問い合わせ先

お問い合わせ先：見本省 見本局 管理対策室

E-mail : kanri-taisaku@example.go.jp
"""


@pytest.fixture(scope="module")
def bureau_notes(real_embedder, tmp_path_factory):
    return one_deck(real_embedder, tmp_path_factory.mktemp("notes"), BUREAU_NOTES, "見本局の取組メモ", "2026-01")


def test_what_was_found_is_answered_by_the_line_saying_what_came_of_the_lines_before_it(bureau_notes):
    # 「その結果、…が発覚」 is about what the items before it did, though it repeats none of their words
    for asked in ("木材メーカーのB社が原木の産地をタグ付けしてみたら、何がわかった？",
                  "木材メーカーのB社、原木の産地をタグ付けしてったら何が見えてきたの？"):
        answer = answer_question(bureau_notes, asked)
        quotes = [line for line in lines_of(answer) if not line.startswith("B社の例")]
        assert quotes[0].startswith("その結果、別々だと思っていた仕入れ先"), (asked, lines_of(answer))


def test_a_means_asked_of_that_the_documents_never_name_is_refused_whatever_adverb_goes_with_it(bureau_notes):
    # 「定期的に」 says how often; whether the documents mail news (メルマガ, written nowhere) is what is asked
    answer = answer_question(bureau_notes, "見本局の見学会の情報、メルマガで定期的に届けてもらうことってできる？")
    assert not answer.found and "『メルマガ』" in answer.refusal_reason, answer.text


def test_a_day_asked_is_not_answered_by_a_line_giving_only_the_year(bureau_notes):
    answer = answer_question(bureau_notes, "2027年度の見学会の募集は何月何日から？")
    assert not answer.found and "日付" in answer.refusal_reason, answer.text


def test_whether_a_scheme_is_for_something_is_settled_by_the_line_saying_that_is_not_its_purpose(bureau_notes):
    answer = answer_question(bureau_notes, "見本対話スキームって、結局は設計の移転を止めるための制度なんですか？")
    quotes = [line for line in lines_of(answer) if line != "見本対話スキーム"]
    assert answer.answer_type == "yesno" and quotes[0].startswith("設計の移転を止めることが目的ではなく"), answer.text


def test_a_part_named_by_the_ministrys_short_name_is_met_by_its_full_name(bureau_notes):
    answer = answer_question(bureau_notes, "指定品目のうち経産省関係のものはいくつ？")
    assert answer.found and "３つ" in answer.text and "10品目" not in answer.text, answer.text


def test_the_address_to_write_to_is_a_contact_question(bureau_notes):
    answer = answer_question(bureau_notes, "管理対策室にメールしたい。宛先は？")
    assert answer.answer_type == "contact" and "kanri-taisaku@example.go.jp" in answer.text, answer.text


def test_which_meeting_asked_is_answered_by_an_ordinal_in_kanji_numerals(bureau_notes):
    answer = answer_question(bureau_notes, "見本計画の改定は、何回目の見本会議でやる予定？")
    assert answer.found and "第四回見本会議" in answer.text, answer.text


def test_a_body_named_by_an_acronym_and_its_headquarters_answers_which_body(bureau_notes):
    answer = answer_question(bureau_notes, "秘密管理の相談窓口は、どの機関がやっていますか。")
    assert answer.found and "KENPO本部" in answer.text, answer.text


def test_laws_counted_in_hon_are_stated_by_a_number_of_laws(bureau_notes):
    answer = answer_question(bureau_notes, "見本警報システムを法制化した法律って何本あるの？")
    assert answer.found and "物流３法" in answer.text, answer.text


def test_a_notes_list_is_about_what_the_line_carrying_its_mark_says(bureau_notes):
    # 「…危険・脅威分析（※）を共有」 then 「（※）考慮すべき危険の例」 over （１）（２）: the examples asked for
    answer = answer_question(bureau_notes, "官民で共有すべき危険・脅威として、どんな例が挙げられていますか。")
    assert lines_of(answer) == ["（※）考慮すべき危険の例", "（１）災害による原料の供給途絶", "（２）他国による経済的威圧"], answer.text


def test_a_part_of_the_last_list_asked_for_is_its_item_with_the_lines_under_it(bureau_notes):
    # 「そのうち鉱物資源の機関のほうは」: the (例２) item and what is said under it, not the (例１) one
    history = [{"role": "user", "content": "見本分析で、国はどんな専門家と連携してるの？"}, {"role": "assistant", "content": "…"}]
    answer = answer_question(bureau_notes, "そのうち鉱物資源の機関のほうは、どんな知見があるの？", history=history)
    assert "(例２)見本鉱物資源機構" in lines_of(answer) and "鉱物の流れ図を作成するなど、実例についての豊富な知見。" in lines_of(answer)
    assert not any("見本データ研究機構" in line for line in lines_of(answer)), answer.text



def test_a_count_of_what_another_country_did_is_not_another_countrys_count(bureau_notes):
    # 「ドイツが指定した…いくつ？」: the 12 technologies are フランス's; the ドイツ section gives no number
    answer = answer_question(bureau_notes, "ドイツが指定した見本先端技術っていくつ？")
    assert not answer.found and "12技術" not in answer.text, answer.text


MARKET_NOTES = """見本省の市場メモ


見本支援窓口

中小企業の皆様に、顧客情報や設計図面といった秘密情報の整理や管理ルールづくりを支援する窓口です。


見本強靱化パッケージ

(2025.10.14見本省発表)

国内の調達先を広げる施策をまとめたもの。


見本会合の歩み

25年11月 見本会合（高松）

26年2月 見本協議会「調達の多様化」について議論。


見本比較表

政策の考え方 供給側の施策 （需要側の施策、見本的政府支出(XQR)等） 目標を定めて施策を総動員


見本説明会の開催

開催地域 関東・九州・北陸大学 ※引き続き開催予定


見本規制

- ① 家電・・・テレビ、冷蔵庫
- ② 機械・・・工作機械、ロボット


見本経営指針の活用

活用例 (イメージ)


見本戦略の課題

見本戦略では、「調達先の多様化」を8の重点課題の一つと定義。


見本削減法

見本削減法：5年間で200億円


見本税制の見直し

見本税制の税額控除の対象を広げる。


見本税制

税額控除分込みで約3兆円規模の支援


見本基盤の全体像

【見本マネージャー】(複数の計算機を組み合わせ、全体として最適に制御)

【見本プログラム】(基盤を提供するための基礎的なソフト群)

計算資源


見本連携の仕組み

- 見本の時代において、自律性を確保していくためには、三つの施策の一層の連携を進めるための仕組みが必要。
- 見本情報の把握・分析といった見本インテリジェンスを一層高めることが、全ての政策立案の起点。


見本品の輸出

見本品を輸出するときは、見本省の許可が必要。


見本設備の点検

見本設備の点検結果は、3年ごとに見本省へ報告する。


見本３法の整備

見本３法：「見本調達法」(2023年6月成立、12月施行)、「見本支援法」(2023年12月成立)


見本通知の運用

見本省が事業者に通知した場合（見本通知）、事業者に報告義務が発生。

懸念が払拭されない場合に、報告を求める見本通知を出す場合もある。
"""


@pytest.fixture(scope="module")
def market_notes(real_embedder, tmp_path_factory):
    return one_deck(real_embedder, tmp_path_factory.mktemp("market"), MARKET_NOTES, "見本省の市場メモ", "2026-03",
                    publisher="見本省")


@pytest.mark.parametrize("question, said", [
    # 「手伝って」 is a verb; read as 手伝 + って it made a topic word the documents never write
    ("見本支援窓口って、どんな秘密情報を整理するのを手伝ってくれるの？", "顧客情報や設計図面"),
    # a date in figures, year first, states the day asked
    ("見本強靱化パッケージが発表されたのは何年何月何日？", "2025.10.14"),
    # the abbreviation asked is the name right before 「何の略」 (XQR), not the longest topic word (見本比較表)
    ("見本比較表に出てくる「XQR」って何の略？", "見本的政府支出(XQR)")])
def test_questions_read_as_written_get_the_line_that_answers_them(market_notes, question, said):
    answer = answer_question(market_notes, question)
    assert answer.found and said in answer.text, answer.text


def test_which_day_of_a_month_is_not_answered_by_a_line_giving_only_the_month(market_notes):
    answer = answer_question(market_notes, "見本会合は2025年11月の何日に開かれた？")
    assert not answer.found and "日付" in answer.refusal_reason, answer.text


def test_a_thing_asked_with_mo_is_not_named_by_a_longer_name_that_starts_with_it(market_notes):
    # 「北陸も？」: 北陸大学 is not the 北陸 region; 九州, a member of its own, settles whether 九州 is one
    answer = answer_question(market_notes, "見本説明会の開催地域って、北陸も？")
    assert answer.answer_type == "yesno" and not answer.found and "北陸大学" not in answer.text, answer.text
    answer = answer_question(market_notes, "見本説明会の開催地域って、九州も？")
    assert answer.found and "開催地域 関東・九州・北陸大学 ※引き続き開催予定" in lines_of(answer), answer.text




@pytest.mark.parametrize("question, industry", [("事例③って、どんな業界が例に挙がってるの？", "配送の共同化(事例③) ex. 食品"),
                                                ("事例④の会社の業種は？", "B社の例（素材）")])
def test_the_industry_of_a_case_is_in_its_companies_headings_or_the_overview_listing_it(case_overview, question, industry):
    lines = lines_of(answer_question(case_overview, question))
    assert industry in lines, lines


def test_a_caption_made_of_the_questions_own_words_answers_nothing(market_notes):
    # 「活用例 (イメージ)」 is a figure's caption: it says 活用例 and nothing of how the guide is used
    answer = answer_question(market_notes, "見本経営指針の活用例って、具体的にどんな使い方が載ってるの？")
    assert not answer.found and "活用例 (イメージ)" not in answer.text, answer.text


def test_a_line_naming_one_of_a_set_does_not_list_the_set(market_notes):
    answer = answer_question(market_notes, "見本戦略で定義された8の重点課題をすべて挙げて")
    assert not answer.found and "一覧" in answer.refusal_reason, answer.text


def test_the_amount_of_the_thing_named_before_ikura_is_stated_where_it_is_named(market_notes):
    # 税額控除 is written on another slide; the law's total is not the tax credit's amount
    answer = answer_question(market_notes, "見本削減法って、税額控除いくらもらえるの？")
    assert not answer.found and "200億円" not in answer.text, answer.text
    assert "『税額控除』の金額" in answer.refusal_reason, answer.text  # what is missing, not the law's amount
    answer = answer_question(market_notes, "見本削減法っていくら？")  # the law's own amount still answers
    assert answer.found and "200億円" in answer.text, answer.text


def test_a_total_that_includes_the_thing_priced_is_not_its_amount(market_notes):
    # 「税額控除分込みで約3兆円」: the support with the tax credit in it, not what the credit itself comes to
    answer = answer_question(market_notes, "見本税制って、そのうち税額控除にはいくら使われるの？")
    assert not answer.found and "約3兆円" not in answer.text and "『税額控除』の金額" in answer.refusal_reason, answer.text


def test_a_line_saying_what_the_scene_sentences_say_is_not_the_answer(market_notes):
    # the first sentence tells what the asker knows; the last one asks
    answer = answer_question(market_notes, "2024年の資料では、見本省が事業者に通知すると報告義務が発生するとされていました。"
                                           "新しい資料では、見本通知はどのような場合に出されるとされていますか")
    assert lines_of(answer)[0] == "懸念が払拭されない場合に、報告を求める見本通知を出す場合もある。", answer.text


def test_a_box_that_says_in_brackets_what_its_thing_does_answers_what_it_does(market_notes):
    # 「【見本マネージャー】(…組み合わせ、…制御)」 is parsed as a heading, but its brackets say the role asked
    answer = answer_question(market_notes, "見本基盤の図で、「見本マネージャー」はどのような役割を担うものとされていますか")
    assert lines_of(answer)[0] == "【見本マネージャー】(複数の計算機を組み合わせ、全体として最適に制御)", answer.text


def test_a_case_question_gets_the_cases_line_that_fits_it_besides_its_first_lines(case_overview):
    lines = lines_of(answer_question(case_overview, "事例④で、分けていたはずの調達先って同じだったってこと？"))
    assert lines[0] == "事例④：原料の調達先の見える化" and "その結果、分けていたはずの調達先が同じ会社だと分かった。" in lines, lines


def test_a_measure_bullet_goes_with_its_fellow_bullets_that_are_sentences(market_notes):
    answer = answer_question(market_notes, "見本の時代において自律性を確保していくために、どのようなことが必要とされていますか")
    assert answer.answer_type == "howto" and lines_of(answer)[:2] == [
        "見本の時代において、自律性を確保していくためには、三つの施策の一層の連携を進めるための仕組みが必要。",
        "見本情報の把握・分析といった見本インテリジェンスを一層高めることが、全ての政策立案の起点。"], answer.text


def test_a_thing_the_documents_never_name_is_off_topic_wherever_it_stands_in_the_question(market_notes):
    # 看板 is what the permit would be for, though the asking clause names only 許可; 消防用設備等 is what
    # the 点検結果 asked is of, though 設備 alone is written
    for question in ("店の前に置き看板を出したいんだけど、役所の許可っているの？",
                     "事業所の消防用設備等の点検結果は、何年ごとに報告する必要がありますか"):
        answer = answer_question(market_notes, question)
        assert not answer.found and "記述が見つかりませんでした" in answer.refusal_reason, answer.text
    answer = answer_question(market_notes, "見本設備の点検結果は、何年ごとに報告する必要がありますか")
    assert answer.found and "3年ごと" in answer.text, answer.text


def test_a_thing_dated_in_brackets_after_its_name_is_dated_only_for_the_events_they_name(market_notes):
    # 「見本支援法」(2023年12月成立): its enactment, not when it came into force
    answer = answer_question(market_notes, "「見本支援法」っていつから施行されてるの？")
    assert not answer.found and "施行" in answer.refusal_reason, answer.text
    answer = answer_question(market_notes, "「見本調達法」はいつ施行された？")
    assert answer.found and "12月施行" in answer.text, answer.text


SCHEME_2026 = """見本局の施策（2026年版）


(1) 官民による対話の仕組み

重要な物資の移転に際して、事前見本報告制度を設け、これを端緒として官民が対話する。

<仕組みの概要>

事前見本報告の対象として、現在 21 技術を指定。
"""

SCHEME_2025 = """見本局の施策（2025年版）


見本法に基づく見本管理の枠組み（見本審議会で検討）

見本物資の移転に際して、見本法に基づく事前見本報告制度を設け、見本審議会の検討を経て官民が対話する。

事前見本報告の対象として、16技術を指定している（うち4技術の追加は2025年6月施行）。
"""


@pytest.fixture(scope="module")
def scheme_editions(real_embedder, tmp_path_factory):
    head = MANIFEST.split("[[document]]")[0]
    docs = "".join(f'[[document]]\nid = "{i}"\nfile = "{i}.txt"\ntitle = "見本局の施策"\npublisher = "見本局"\ndate = "{d}"\n'
                   for i, d in (("s2026", "2026-03"), ("s2025", "2025-06")))
    return searcher_over(real_embedder, tmp_path_factory.mktemp("scheme"),
                         {"s2026.txt": SCHEME_2026, "s2025.txt": SCHEME_2025}, head + docs)


def test_the_newest_value_leads_when_two_editions_say_the_same_line_under_other_headings(scheme_editions):
    # the older deck's heading has the question's words; its line says what the newer one says, but for the figure
    answer = answer_question(scheme_editions, "最新の資料では、見本審議会で検討された見本法上の見本管理の枠組みの対象技術はいくつ指定されていますか")
    lines = lines_of(answer)
    new, old = "事前見本報告の対象として、現在 21 技術を指定。", "事前見本報告の対象として、16技術を指定している（うち4技術の追加は2025年6月施行）。"
    assert new in lines and (old not in lines or lines.index(new) < lines.index(old)), answer.text
    assert "2026-03" in answer.notice and "2025-06" in answer.notice


GUIDE_REFERENCES = """見本ガイドの案内


【見本対策の事例】

※ p20「見本先の管理体制の確認」、p23「見本先の情報管理の確認」、p26「提供する見本技術の明確化」

見本先の情報管理体制は、現地視察やヒアリングによって確認する。

見本先との契約は、情報管理の体制が整ってから結ぶ。
"""


def test_a_line_of_page_references_is_no_measure(real_embedder, tmp_path_factory):
    # 「※ p20「…の確認」、p23「…」」 names sections of another document: it points there and says what to do nowhere
    deck = one_deck(real_embedder, tmp_path_factory.mktemp("guide"), GUIDE_REFERENCES, "見本ガイド", "2026-03")
    lines = lines_of(answer_question(deck, "見本先の情報管理体制はどのように確認すればいい？"))
    assert lines[0] == "見本先の情報管理体制は、現地視察やヒアリングによって確認する。", lines
    assert not any(line.startswith("※ p20") for line in lines)


RATE_NOTE = """見本国の動き


【見本国の国債】

見本国は3月に1兆元(約21兆円)の見本国債を発行。

見本国は7月に3,000億元(約6兆円)の見本国債を発行。

(注) 1ドル=150円、1元=21円で換算 (2024年3月末の為替レート)
"""


def test_an_exchange_rate_is_answered_by_the_line_setting_one_unit_equal_to_its_price(real_embedder, tmp_path_factory):
    deck = one_deck(real_embedder, tmp_path_factory.mktemp("rate"), RATE_NOTE, "見本国の動き", "2025-06")
    lines = lines_of(answer := answer_question(deck, "見本国債の金額を円にする際、1元を何円で換算していますか"))
    assert lines == ["(注) 1ドル=150円、1元=21円で換算 (2024年3月末の為替レート)"], answer.text


PLAN_TIMELINE = """見本局の取組


見本施策に係る近年の動き

見本計画

2023年10月 見本計画初版
 2024年5月 " " 改訂版
 2025年5月 " " 再改訂版 ←

取組の方向性

1. 見本産業の基盤を強化
2. 見本技術の優位性を確保
"""


def test_the_newest_of_a_timeline_is_its_latest_entry(real_embedder, tmp_path_factory):
    deck = one_deck(real_embedder, tmp_path_factory.mktemp("timeline"), PLAN_TIMELINE, "見本局の取組", "2025-06")
    # the question's own words (初版) fit the first entry best; the newest is the last by its date
    lines = lines_of(answer := answer_question(deck, "見本計画って、2023年に初版が出たやつ、今どの版が一番新しいの？"))
    assert lines[-1] == '2025年5月 " " 再改訂版 ←' and '2024年5月 " " 改訂版' not in lines, answer.text


SCENE_LISTS = """見本局の取組


見本対話の推進

- (1) 見本指針等の策定（2025年秋頃の初版公表を目指す）
- (2) 重層的な見本対話の仕組みづくり 等


見本指針の構成

3. 経営者等が認識すべき原則

- ① 自社の見本事業を正確に把握する
- ② 見本対応をコストではなく投資と捉える
- ③ 見本関係者との対話を欠かさない
"""


def test_a_list_that_restates_the_scene_a_question_sets_is_not_its_answer(real_embedder, tmp_path_factory):
    deck = one_deck(real_embedder, tmp_path_factory.mktemp("scene"), SCENE_LISTS, "見本局の取組", "2026-03")
    question = ("旧資料では見本対話の推進として「見本指針等」の初版公表を2025年秋頃に目指すとされていた。"
                "より新しい資料では、どのような見本指針が策定されたとされ、経営者等が認識すべき原則として何が挙げられているか")
    lines = lines_of(answer := answer_question(deck, question))
    assert "② 見本対応をコストではなく投資と捉える" in lines, answer.text
    assert not any("初版公表を目指す" in line for line in lines), answer.text


OFFICE_CHART = """見本局の体制と窓口


見本省 見本局の体制

● 局長
● 審議官/見本局・国際見本戦略担当 (室)
● 見本管理課
● 見本県庁との連携


(参考) 見本専門家派遣事業

【2024年度利用実績：延べ40回】


お問い合わせ先

見本省 見本局 見本対策室
E-mail : mihon-honsho@example.go.jp

見本地方局 国際課
E-mail : mihon-chiho@example.go.jp
"""


@pytest.fixture(scope="module")
def office_chart(real_embedder, tmp_path_factory):
    return one_deck(real_embedder, tmp_path_factory.mktemp("office"), OFFICE_CHART, "見本局の体制と窓口", "2025-06")


def test_a_post_asked_is_answered_by_the_chart_line_naming_it(office_chart):
    answer = answer_question(office_chart, "見本省の見本局で国際見本戦略を担当しているのはどの役職ですか")
    assert lines_of(answer) == ["審議官/見本局・国際見本戦略担当 (室)"], answer.text


def test_uses_counted_in_ken_are_stated_in_kai(office_chart):
    answer = answer_question(office_chart, "見本専門家派遣って2024年度は延べ何件利用されたの？")
    assert "【2024年度利用実績：延べ40回】" in lines_of(answer), answer.text


def test_each_office_asked_gets_its_own_address(office_chart):
    lines = lines_of(answer := answer_question(office_chart, "見本省と見本地方局、それぞれどこ宛てにメールすればいい？"))
    assert "E-mail : mihon-honsho@example.go.jp" in lines and "E-mail : mihon-chiho@example.go.jp" in lines, answer.text
    assert lines.index("見本地方局 国際課") + 1 == lines.index("E-mail : mihon-chiho@example.go.jp"), answer.text
    # one office asked: its address only
    assert "E-mail : mihon-honsho@example.go.jp" not in lines_of(answer_question(office_chart, "見本地方局のメールアドレスは？"))
    # an office with no contact on the slides is said to have none, beside the other's address
    answer = answer_question(office_chart, "見本地方局と見本県庁の連絡先は？")
    assert "E-mail : mihon-chiho@example.go.jp" in lines_of(answer) and "『見本県庁』" in (answer.notice or ""), answer


HARM_NOTE = """見本局の注意喚起


見本技術が狙われています

企業の成長にとって、海外企業との連携に戦略的に取り組むことが重要です。その一方で、企業が保有する技術は、常に外部からの標的となっている。

② 見本買収

- ・ 海外資本に見本企業が買収されるケース。
- ・ 財務基盤強化のために積極的に出資を受け入れても、意図に反して、技術のみを獲得されてしまう場合もある。

③ 見本流出

- ・ 見本技術者が引き抜かれるケース。
"""


def test_whether_a_harm_can_be_ruled_out_is_settled_by_a_line_saying_it_may_come_even_so(real_embedder, tmp_path_factory):
    deck = one_deck(real_embedder, tmp_path_factory.mktemp("harm"), HARM_NOTE, "見本局の注意喚起", "2025-06")
    lines = lines_of(answer := answer_question(deck, "海外から出資を受けるぶんには、技術が取られる心配はないよね？"))
    even_so = "財務基盤強化のために積極的に出資を受け入れても、意図に反して、技術のみを獲得されてしまう場合もある。"
    assert even_so in lines and all(lines.index(even_so) < i for i, line in enumerate(lines) if line.startswith("企業の成長")), \
        answer.text


WHY_NOTE = """見本局の分析


見本部材の供給状況

見本ウェハについては98％が見本国生産となっている。

見本国勢がコスト・品質で猛追し、日本の見本パネルのシェアは下落した。

見本パネルは生産工程のモジュール化（部品化）が進み、後発の見本国企業でも容易に製造可能となり、低価格な製品が市場を席捲。


見本政策の方向性

見本パネルの国内生産を支援する。
"""


def test_why_is_answered_first_by_a_line_giving_a_cause(real_embedder, tmp_path_factory):
    deck = one_deck(real_embedder, tmp_path_factory.mktemp("why"), WHY_NOTE, "見本局の分析", "2025-06")
    lines = lines_of(answer := answer_question(deck, "見本パネルって、なんで見本国製ばっかりになっちゃったの？"))
    assert lines[0].startswith("見本パネルは生産工程のモジュール化（部品化）が進み"), answer.text



PACKAGE_NOTE = """見本連合の動き


見本復興パッケージ <2020年7月>

【対応】

グリーンや見本デジタルへの移行：7年間で約1.8兆ユーロ(292兆円)


半導体の産業政策

連合は半導体法で430億ユーロの投資を目指す。
"""


def test_a_part_of_a_sum_the_question_gives_is_not_stated_by_the_sum_again(real_embedder, tmp_path_factory):
    deck = one_deck(real_embedder, tmp_path_factory.mktemp("part"), PACKAGE_NOTE, "見本連合の動き", "2025-06")
    part = answer_question(deck, "見本復興パッケージの1.8兆ユーロって、そのうち見本デジタル向けにはいくら使われるの？")
    assert part.refusal_reason and ("内訳" in part.refusal_reason or "そのうち" in part.refusal_reason), part.text
    assert "グリーンや見本デジタルへの移行：7年間で約1.8兆ユーロ(292兆円)" in lines_of(answer_question(deck, "見本復興パッケージはいくら？"))


BOND_NOTE = """見本国の動き


見本国債の発行 <2024年3月、7月>

3月に1兆元(約20兆円)の見本国債を発行。見本研究の支援

7月に3,000億元(約6兆円)の見本国債を発行。

見本設備の入替に1,480億元(約3兆円)を配分。

(注) 1元=20円で換算


見本輸入品戦略

見本連合王国は、100以上の海外拠点からの情報収集により、潜在的なショックを早期に特定する。
"""


def test_a_sum_in_yen_for_what_it_is_put_to_and_places_counted_by_their_bases(real_embedder, tmp_path_factory):
    deck = one_deck(real_embedder, tmp_path_factory.mktemp("bond"), BOND_NOTE, "見本国の動き", "2025-06")
    # the currency asked in is no topic the slides must name; the sum put to a thing is that thing's own
    put = answer_question(deck, "見本国債の7月の分、見本設備の入替に回すお金って日本円だとどれくらい？")
    assert put.found and "見本設備の入替に1,480億元(約3兆円)を配分。" in lines_of(put), put.text
    assert "7月に3,000億元(約6兆円)の見本国債を発行。" not in lines_of(put), put.text
    # 「何か所」 of bases is stated as a count of 拠点, with a bound after the number
    places = answer_question(deck, "見本輸入品戦略では、何か所程度の海外拠点から情報を集めるの？")
    assert places.found and any("100以上の海外拠点" in q for q in lines_of(places)), places.text

DIALOGUE_NOTE = """見本対話の実績


見本対話の相手

業界団体の会員企業群

見本地域 関東・中部・九州

20企業群

70社超


見本企業の取組

見本A社は、海外製の見本可視化ツールにより懸念事項を確認できる体制を整えた。

見本B社は、見本Trackerという可視化ツールを導入した。

見本C社は、外部有識者を顧問として招聘した。

見本D社は、自社製品の管理を強化した。

見本情報管理認証制度（MSC）では、企業の体制整備が審査・認証される。

見本機構（機構長：見本大学教授 山田太郎）が分析を担う。
"""


def test_groups_count_no_companies_and_a_name_the_lines_do_not_give_is_refused(real_embedder, tmp_path_factory):
    deck = one_deck(real_embedder, tmp_path_factory.mktemp("dialogue"), DIALOGUE_NOTE, "見本対話の実績", "2025-06")
    # a count of groups (20企業群) counts no companies (the line above naming 九州 or not)
    part = answer_question(deck, "見本対話の70社超のうち、九州の会社って何社？")
    assert part.refusal_reason and "20企業群" not in part.text, part.text
    # a name asked: a line describing the thing without naming it gives no name; a line naming it does
    tool = answer_question(deck, "見本A社が入れた海外製の見本可視化ツールって、なんていう製品？")
    assert tool.refusal_reason and "名称" in tool.refusal_reason, tool.text
    named = answer_question(deck, "見本B社が導入した可視化ツールは何という製品？")
    assert named.found and any("見本Tracker" in q for q in lines_of(named)), named.text
    # (「MSCって何という制度？」: a compound ending in the kind asked, which the question does not write, names it)
    scheme = answer_question(deck, "MSCって何という制度？")
    assert scheme.found and any("見本情報管理認証制度" in q for q in lines_of(scheme)), scheme.text
    person = answer_question(deck, "見本C社が顧問として招聘した外部有識者の氏名は？")
    assert person.refusal_reason and "氏名" in person.refusal_reason, person.text
    head = answer_question(deck, "見本機構の機構長は誰ですか")
    assert head.found and any("山田太郎" in q for q in lines_of(head)), head.text

CHECKLIST_POINTERS = """見本ガイダンスの概要


見本ケース

- 見本A社は海外に工場を設けた。
- 工場の技術が現地企業に流出した。

※ p20「見本相手国の制度の確認」、p23「見本取引先の確認」、p26「見本技術の明確化」


【見本チェックリスト】

① 見本相手国の制度の確認

- 見本流出対策の観点から、見本相手国の制度の確認・リスク分析を行っているか？
- 見本相手国の現地情報や慣行も確認しているか？

② 見本取引先の確認

- 見本取引先の財務状況を確認しているか？
"""


def test_a_lookup_quotes_the_checklist_lines_not_the_page_references_pointing_to_them(real_embedder, tmp_path_factory):
    deck = one_deck(real_embedder, tmp_path_factory.mktemp("pointers"), CHECKLIST_POINTERS, "見本ガイダンス", "2025-06")
    answer = answer_question(deck, "見本ケースのような工場の計画で、見本相手国の制度について見本チェックリストはどのような確認を求めていますか")
    quotes = lines_of(answer)
    assert "見本流出対策の観点から、見本相手国の制度の確認・リスク分析を行っているか？" in quotes, answer.text
    assert not any(q.startswith("※ p20") for q in quotes), answer.text

CASE_FOOTNOTE = """見本ガイダンス


【失敗事例】

事例①：見本契約先からの流出

- 見本A社は見本B社と技術供与の契約を結んだ。
- しかし、見本A社は契約内容の精査を怠った。
- 数ヶ月後、見本B社が見本A社の技術で独自製品を開発していることが発覚した。

※ p20「見本相手国の制度の確認」、p23「見本取引先DDの実施」、p26「見本技術の内容の明確化」


【見本対策】

1. 見本相手国の制度の確認

- 見本相手国の制度を確認し、リスク分析を行う。
"""


def test_what_to_do_to_avoid_a_named_case_is_led_by_the_measures_its_slide_points_to(real_embedder, tmp_path_factory):
    deck = one_deck(real_embedder, tmp_path_factory.mktemp("casenote"), CASE_FOOTNOTE, "見本ガイダンス", "2025-06",
                    extra='case_patterns = ["事例"]\n')
    lines = lines_of(answer := answer_question(deck, "見本技術の供与の話がある。事例①みたいにならないように、何をやっとけばいい？"))
    assert lines[0].startswith("※ p20「見本相手国の制度の確認」"), answer.text


BUREAU_A = """見本地方局の取組


見本技術の相談窓口

見本地方局 国際課
TEL:099-111-2222
"""
BUREAU_B = """見本県局の取組


見本技術の説明会

見本県局は説明会を開催した。
"""


def test_a_contact_asked_of_two_bureaus_is_each_bureaus_own(real_embedder, tmp_path_factory):
    # each bureau publishes its own deck; only one deck gives a phone number
    decks = ('[[document]]\nid = "a"\nfile = "a.txt"\ntitle = "見本地方局の取組"\npublisher = "見本地方局"\ndate = "2025-06"\n'
             '[[document]]\nid = "b"\nfile = "b.txt"\ntitle = "見本県局の取組"\npublisher = "見本県局"\ndate = "2026-03"\n')
    searcher = searcher_over(real_embedder, tmp_path_factory.mktemp("bureaus"), {"a.txt": BUREAU_A, "b.txt": BUREAU_B},
                             MANIFEST.split("[[document]]")[0] + decks)
    answer = answer_question(searcher, "見本地方局と見本県局の電話番号は？")
    assert "TEL:099-111-2222" in lines_of(answer) and "『見本県局』" in (answer.notice or ""), answer

MEASURED_DECK = """見本機構の取組


見本資源の分析

見本資源機構は、30数品種について見本フローを作成している。

見本資源は、見本国（約５割）、日本（約２割）で生産。


見本防衛の文書

見本国では、令和5年3月に見本2文書（甲戦略、乙計画）を策定。


見本局の体制

見本局長（室）

見本審議官（室）


見本対話の成果

日中見本対話の枠組み設置に合意。


見本演説

「見本技術の流出対策を進めます。見本インテリジェンスを強化します。」

(2025年3月1日 見本大臣演説)
"""


def test_quantities_posts_partners_and_quotations_are_answered_as_asked(real_embedder, tmp_path_factory):
    deck = one_deck(real_embedder, tmp_path_factory.mktemp("measured"), MEASURED_DECK, "見本機構の取組", "2025-06")
    # a quantity asked in a unit no line states it in: refused, saying so (the shares are no tonnage)
    tons = answer_question(deck, "見本資源って、日本で年間何トンくらい作ってるの？")
    assert tons.refusal_reason and "トン数" in tons.refusal_reason, tons.text
    # kinds counted as 品種, 鉱種 (何種類)
    kinds = answer_question(deck, "見本資源機構って、何種類くらいでフローを作ってるの？")
    assert kinds.found and any("30数品種" in q for q in lines_of(kinds)), kinds.text
    # who holds a post: a line naming the post names no one
    head = answer_question(deck, "見本局の局長って、いま誰がやってるの？")
    assert head.refusal_reason and "氏名" in head.refusal_reason, head.text
    speaker = answer_question(deck, "見本演説って、どの大臣が言ったの？")
    assert speaker.refusal_reason and "氏名" in speaker.refusal_reason, speaker.text
    # (a refusal names what no line gives, not the year the source line gives)
    dated = answer_question(deck, "2025年3月の見本演説って、どの大臣が言ったの？")
    assert dated.refusal_reason and "人の氏名の記載" in dated.refusal_reason and "2025" not in dated.refusal_reason, dated.text
    # a source in brackets is answered by the quotation it attributes
    said = answer_question(deck, "見本大臣演説では何を進めると言っている？")
    assert "「見本技術の流出対策を進めます。見本インテリジェンスを強化します。」" in lines_of(said), said.text


@pytest.mark.parametrize("question, stated", [
    ("見本の文書は何本策定された？", "令和5年に安保3文書（甲戦略、乙計画、丙方針）を策定"),  # documents counted in 本, written N文書
    ("法律は何本ある？", "安保3法を制定"),
    ("何種類の鉱物で作ってる？", "20数鉱種について作成"),  # kinds counted as 鉱種
])
def test_a_count_is_stated_in_the_counter_its_things_are_written_with(question, stated):
    from pipeline.answering.evidence import value_pattern
    from pipeline.question import analyse

    assert value_pattern(analyse(question)).search(stated)

AIMED_DECK = """見本局の取組


見本アウトリーチ

- 見本企業に意識喚起する観点から、既存の会合や企業訪問等の機会を活用して見本アウトリーチを行う。
- 見本リスクと対策の必要性についての理解促進が一義的な目的。


見本基盤の組換え（3分野）

個別の見本政策を補完するものとして、テーマ横断的な見本基盤整備も必要。

- 見本人材
- 見本投資
- 見本標準
"""


def test_an_aim_asked_is_led_by_the_line_naming_it_and_a_heading_counts_what_is_under_it(real_embedder, tmp_path_factory):
    deck = one_deck(real_embedder, tmp_path_factory.mktemp("aimed"), AIMED_DECK, "見本局の取組", "2025-06")
    aim = answer_question(deck, "既存の会合や企業訪問の機会を活用して行う見本アウトリーチは、主として何をねらいとしている？")
    quotes = [q for q in lines_of(aim) if q != "見本アウトリーチ"]  # (the slide's title may lead)
    assert "一義的な目的" in quotes[0], aim.text
    count = answer_question(deck, "個別の見本政策を補完するテーマ横断的な見本基盤整備は何分野で構成されていますか")
    assert any("（3分野）" in q for q in lines_of(count)), count.text

ISSUES_SLIDE = """見本会議の資料


見本論点まとめ

＜論点①＞：見本界との戦略的対話

見本界との対話を深めるために政府から提供すべき情報は何か。

見本界との対話をどのように組織化すべきか。

＜論点②＞：各国との見本対話

同志国と協調して取り組むべき事項は何か。

＜論点③＞：見本リスクへの対応

見本リスク分析で重視すべきデータは何か。

官民の役割分担をどのようにすべきか。
"""


@pytest.mark.parametrize("question", [
    "見本界との戦略的対話（論点①）と見本リスクへの対応（論点③）について、それぞれどんな問いが示されていますか",
    # (two things named with および ask each as それぞれ does)
    "見本会議の資料において、見本界との戦略的対話（論点①）および見本リスクへの対応（論点③）について提示されている問いは何か",
])
def test_each_of_the_headings_named_is_answered_with_what_it_heads(real_embedder, tmp_path_factory, question):
    deck = one_deck(real_embedder, tmp_path_factory.mktemp("issues"), ISSUES_SLIDE, "見本会議の資料", "2025-06")
    answer = answer_question(deck, question)
    quotes = lines_of(answer)
    assert "見本界との対話をどのように組織化すべきか。" in quotes and "官民の役割分担をどのようにすべきか。" in quotes, answer.text
    assert "同志国と協調して取り組むべき事項は何か。" not in quotes, answer.text  # (論点② is not asked)

FUNDED_DECK = """見本局の施策


見本認証制度

見本認証制度では、企業の体制整備が審査・認証される。

見本認証制度の認証を受けると、取引先からの信頼が高まる。

見本認証制度の詳細は見本局のページへ。


各国の動き

見本法：5年間で500億ドルの資金提供
"""


def test_the_money_a_sum_is_asked_as_is_no_topic_of_it(real_embedder, tmp_path_factory):
    deck = one_deck(real_embedder, tmp_path_factory.mktemp("funded"), FUNDED_DECK, "見本局の施策", "2025-06")
    # 「資金はどのくらい」 asks a sum of the certification: another law's 資金提供 is not it
    answer = answer_question(deck, "見本認証制度の認証を取るのに資金はどのくらい必要？")
    assert not answer.found and "見本法" not in answer.text, answer.text
    funded = answer_question(deck, "見本法の資金はいくら？")
    assert any("500億ドル" in q for q in lines_of(funded)), funded.text


def test_a_sentence_that_points_back_is_quoted_after_the_sentence_it_points_to(real_embedder, tmp_path):
    # 「そのたたき台として…を評価。」 says why only with the sentence before it in its paragraph
    text = ("見本計画への意見\n\n見本会からの意見（抜粋）\n\n 新しい見本リスクへの素早い対応には官民の対話が不可欠。そのたたき台として"
            "見本計画を作成・公表したことを評価。\n\n 見本人材の育成を期待。\n")
    deck = one_deck(real_embedder, tmp_path, text, "見本計画の資料", "2026-01")
    answer = answer_question(deck, "見本会は、見本計画を作成・公表したことを、どのような理由で評価していますか")
    lines = lines_of(answer)
    assert "新しい見本リスクへの素早い対応には官民の対話が不可欠。" in lines, answer.text
    assert lines.index("新しい見本リスクへの素早い対応には官民の対話が不可欠。") + 1 == \
        lines.index("そのたたき台として見本計画を作成・公表したことを評価。"), answer.text


ROUTES = """見本の在庫が狙われています

在庫流出のリスクに注意しましょう。

【在庫流出経路の例】

① 倉庫の海外移転

- 海外に倉庫を置いて、販路の拡大を図るケース。
- 移転後の管理不足などにより在庫が流出する場合がある。

② 株式の売却

- 他社に株式を売却するケース。
- 在庫のみを持ち去られる場合もある。

③ 人を通じた流出

- 従業員が在庫を持ち出すケース。
- 持ち出しが発覚しない場合も。
"""


def test_a_list_question_naming_one_of_a_numbered_set_is_answered_by_what_that_one_heads(real_embedder, tmp_path):
    deck = one_deck(real_embedder, tmp_path, ROUTES, "見本局の資料", "2026-01")
    # 「海外に倉庫を出すと」 names 「① 倉庫の海外移転」 by what it asks about: its lines, not the set's headings
    answer = answer_question(deck, "海外に倉庫を出すと、在庫のことでどんなリスクがあるの？")
    assert lines_of(answer) == ["① 倉庫の海外移転", "海外に倉庫を置いて、販路の拡大を図るケース。",
                                "移転後の管理不足などにより在庫が流出する場合がある。"], answer.text
    # …while the set asked for is its headings
    answer = answer_question(deck, "在庫流出の経路にはどんなものがある？")
    assert lines_of(answer)[-3:] == ["① 倉庫の海外移転", "② 株式の売却", "③ 人を通じた流出"], answer.text


def test_a_follow_up_naming_one_line_of_the_last_answer_is_asked_of_that_line(real_embedder, tmp_path):
    # 「そのうち、株式の売却って」 after the list ① ② ③: what 「② 株式の売却」 heads, not another slide's lines
    # that say more of 株式の売却 in other words
    text = ROUTES + "\n\n株式の売却の手続き\n\n- 株式の売却の具体的なケースごとの手続きは、見本窓口で相談できる。\n- 株式の売却益は申告が必要。\n"
    deck = one_deck(real_embedder, tmp_path, text, "見本局の資料", "2026-01")
    answer = answer_question(deck, "在庫流出の経路にはどんなものがある？")
    history = [{"role": "user", "content": "在庫流出の経路にはどんなものがある？"}, {"role": "assistant", "content": answer.text}]
    answer = answer_question(deck, "そのうち、株式の売却って具体的にどういうケース？", history=history)
    assert lines_of(answer) == ["② 株式の売却", "他社に株式を売却するケース。", "在庫のみを持ち去られる場合もある。"], answer.text


CHECKLIST = """見本対策の進め方

① 在庫の特定

- 倉庫の計画段階では、どの範囲の在庫を預けるかが重要な判断。在庫を特定することが前提。

【チェックリスト】

参考資料 見本対策チェックリスト

チェック項目\tチェック
1 計画段階において取り組むべき事項\t
① 在庫の特定\t● 自社の販路などを考慮して、重要な在庫を特定しているか？ ● 在庫がどこにあるか確認しているか？
② 倉庫の管理体制の整備\t● 管理規程を策定しているか？ ● 研修を実施しているか？
"""


def test_the_part_of_a_document_a_question_says_to_look_in_holds_its_answer(real_embedder, tmp_path):
    # 「見本対策チェックリストでは」: the checklist's rows for the item, with the item — not the prose on the
    # same topic above it
    deck = one_deck(real_embedder, tmp_path, CHECKLIST, "見本局の資料", "2026-01")
    answer = answer_question(deck, "倉庫の計画段階で在庫を特定するにあたり、見本対策チェックリストではどのような点を確認するよう求めていますか")
    assert lines_of(answer) == ["① 在庫の特定", "自社の販路などを考慮して、重要な在庫を特定しているか？",
                                "在庫がどこにあるか確認しているか？"], answer.text


PLAN_NOTE = """見本計画について

見本計画は、情勢の変化に併せて追記・改定していく文書である。

現在は「初版」であり、在庫の管理策、倉庫の点検の強化、取引先との連携の深化などを加えていく。

見本計画の構成

- 見本計画の目的
- 見本計画の進め方
"""


def test_a_sentence_listing_what_is_done_to_things_answers_a_list_asked_by_that_doing(real_embedder, tmp_path):
    # 「…に今後加えていくとされている内容」: the sentence listing things by 、 that says 「…などを加えていく」, not
    # a list under a heading naming the plan
    deck = one_deck(real_embedder, tmp_path, PLAN_NOTE, "見本局の資料", "2026-01")
    answer = answer_question(deck, "見本計画（初版）に今後加えていくとされている内容を挙げてください")
    assert lines_of(answer) == ["現在は「初版」であり、在庫の管理策、倉庫の点検の強化、取引先との連携の深化などを加えていく。"], answer.text


TWO_SCHEMES = """見本認証と見本規格

見本認証の概要

見本認証は、専門家の助言を受けつつ、体制の整備に取り組む制度。

見本規格の概要

見本規格は、情報管理の国際的な規格。
"""


def test_which_of_two_is_better_is_settled_only_by_a_line_naming_both(real_embedder, tmp_path):
    deck = one_deck(real_embedder, tmp_path, TWO_SCHEMES, "見本局の資料", "2026-01")
    # what each is, side by side (and the title over both), does not say which is easier
    answer = answer_question(deck, "見本認証と見本規格、取るならどっちが簡単なの？")
    assert not answer.found and answer.refusal_reason == \
        "資料には『見本認証』と『見本規格』の記述はありますが、どちらが簡単かの記載は見つかりませんでした。", answer.text
    # …while how they differ is what each is
    assert answer_question(deck, "見本認証と見本規格の違いは？").found


def test_which_of_two_the_documents_never_name_is_refused_for_the_one_missing(real_embedder, tmp_path):
    deck = one_deck(real_embedder, tmp_path, TWO_SCHEMES, "見本局の資料", "2026-01")
    # 名目値 / リース are in no line: the documents cannot say which of the two
    for question, missing in [("見本規格は、名目値と実質値のいずれで示されていますか。", "名目値"),
                              ("見本認証の費用、リースにするのと買うのと、どっちがいい？", "リース")]:
        answer = answer_question(deck, question)
        assert not answer.found and f"『{missing}』" in answer.refusal_reason, (question, answer.text)



def test_a_heading_saying_the_whole_topic_over_numbered_sections_leads_in_to_them(real_embedder, tmp_path):
    # 「在庫流出の経路の例って」: 「【在庫流出経路の例】」 over ① ② ③, about as good as the best line, is the list —
    # not another slide's bullets that only say there are routes
    text = ("在庫流出経路に応じた現状・課題例\n\n- 在庫流出の経路は様々。\n- 倉庫、売却、人材といった、それぞれの在庫流出経路に"
            "応じた課題に対し、対策を強化していくことが必要。\n- 経路ごとの課題例を整理。\n\n") + ROUTES
    deck = one_deck(real_embedder, tmp_path, text, "見本局の資料", "2026-01")
    answer = answer_question(deck, "在庫流出の経路の例って、どんなのがある？")
    assert lines_of(answer) == ["【在庫流出経路の例】", "① 倉庫の海外移転", "② 株式の売却", "③ 人を通じた流出"], answer.text


CRITERIA = """見本認証制度について

- 倉庫の管理体制の構築や具体的対策を見本認証の認証基準として体系化。
- 見本認証の取得に向けて指導・助言を受けることも可能。



事業者

【倉庫情報の管理基準（例）】

- ✓ 鍵の管理
- ✓ 入退室の記録
- ✓ 温度の記録



見本認証の効果

- 取引先からの信頼性が向上。
"""


@pytest.mark.parametrize("question", ["見本認証って、どんなことが基準になってるの？", "見本認証の基準の例を教えて"])
def test_what_things_make_up_a_named_thing_is_the_list_a_slide_labels_so(real_embedder, tmp_path, question):
    # 「どんなことが基準に」「基準の例」: the list labelled 「【倉庫情報の管理基準（例）】」 on the slide after the one
    # about the scheme (its diagram runs on into a unit of its own), not the line saying criteria exist
    deck = one_deck(real_embedder, tmp_path, CRITERIA, "見本局の資料", "2026-01")
    answer = answer_question(deck, question)
    assert lines_of(answer) == ["【倉庫情報の管理基準（例）】", "鍵の管理", "入退室の記録", "温度の記録"], answer.text


PENALTIES = """見本指針の策定

- 今回の見本指針は、経営層が取組を進める上での推奨事項としてまとめるもの。
- 見本指針は、倉庫の管理を経営戦略として考えることを求めている。



【参考】見本法の管理

- 見本法に違反して、不正に出荷を行った場合、刑事罰や行政制裁が科せられるため、適切な管理体制を整備することが重要。
"""


def test_a_penalty_for_breaking_a_thing_is_stated_only_where_that_thing_is_named(real_embedder, tmp_path):
    # 「見本指針に違反したら罰則は？」: 見本法's penalties are not the guideline's
    deck = one_deck(real_embedder, tmp_path, PENALTIES, "見本局の資料", "2026-01")
    answer = answer_question(deck, "見本指針に違反したら罰則はある？")
    assert not answer.found and answer.refusal_reason == "資料には『見本指針』の記述はありますが、罰則の記載は見つかりませんでした。", answer.text
    answer = answer_question(deck, "見本法に違反したら罰則はある？")
    assert answer.found and any("刑事罰" in line for line in lines_of(answer)), answer.text


COUNTS_OVER_TIME = """見本制度について

- 見本対象として、10品目を指定している（うち3品目の追加は2025年6月9日施行）。



見本制度の現状

- 見本対象として、現在 14 品目を指定。
"""


def test_when_a_count_came_to_a_figure_is_dated_only_by_a_line_stating_that_figure(real_embedder, tmp_path):
    # 「10から14に増えたのはいつ？」: the date of the 10-item line dates 10 items, not 14
    deck = one_deck(real_embedder, tmp_path, COUNTS_OVER_TIME, "見本局の資料", "2026-01")
    answer = answer_question(deck, "見本対象が10から14に増えたのはいつ？")
    assert not answer.found and "「14」への変更の日付・時期の記載は見つかりませんでした" in answer.refusal_reason, answer.text
    answer = answer_question(deck, "見本対象が10品目になったのはいつ？")
    assert answer.found and any("2025年6月9日" in line for line in lines_of(answer)), answer.text


PARTNERS_AND_COSTS = """見本研究会の取組

データ分析の専門家との連携例

(例１) 見本情報研究機構（機構長︓見本大学教授 山田太郎）

多分野のデータを分析し、研究を実施。

(例２) 見本資源機構

鉱物のデータを整理し、供給網の知見を提供。



見本パネル

- 日本は見本パネルの大型化や耐久性の分野でリード。発電効率の向上も進める。



研究経費の扱い

- 適切な情報管理に必要な費用は、研究開発経費として支出することができる。
"""


@pytest.mark.parametrize("question, absent", [
    # a list named in a relative clause (「…として挙げられている」) before 「XのYの氏名」 asks Y's name, not the list
    ("連携例として挙げられている見本資源機構の理事長の氏名", "理事長"),
    # 「数値（％）を示せ」 asks a number in the unit given: a line with no share states none
    ("見本パネルについて、その発電効率の数値（％）を示せ", "割合"),
    # 「慰安旅行の費用って」 asks of the 慰安旅行 the 費用 belongs to; 全部…落とせるの？ asks whether, not for a list
    ("社員の慰安旅行の費用って、全部会社の経費で落とせるの？", "慰安旅行"),
])
def test_what_a_question_asks_of_a_thing_the_slides_name_is_refused_when_they_state_none(real_embedder, tmp_path,
                                                                                         question, absent):
    deck = one_deck(real_embedder, tmp_path, PARTNERS_AND_COSTS, "見本局の資料", "2026-01")
    answer = answer_question(deck, question)
    assert not answer.found and absent in answer.refusal_reason, answer.text
    # …while what the slides do state of the same things is answered
    answer = answer_question(deck, "連携例として挙げられている見本情報研究機構の機構長の氏名")
    assert answer.found and any("山田太郎" in line for line in lines_of(answer)), answer.text


def test_a_compound_the_documents_never_write_is_not_mentioned_by_a_synonym_of_one_part(real_embedder, tmp_path):
    # 社員旅行: 社員 is the documents' 従業員, but 旅行 is nowhere — 従業員 lines say nothing of a company trip
    deck = one_deck(real_embedder, tmp_path, "見本制度の経費\n\n- 従業員の研修に必要な費用は、見本制度の経費として支出できる。\n",
                    "見本局の資料", "2026-01")
    answer = answer_question(deck, "社員旅行の費用って、会社の経費で落とせるの？")
    assert not answer.found and "『社員旅行』" in answer.refusal_reason, answer.text
    assert answer_question(deck, "社員の研修の費用って、経費で落とせるの？").found


PLAN_OVERVIEW = """見本プランの全体像

1 見本支援策
(promote)

 見本投資支援
 見本開発支援

2 見本防衛策
(protect)

 新たな見本管理
 見本連携による対応

(見本技術政策等）

 見本セキュリティ対
策・見本ポリシー強化

3 見本枠組みの構築
(partner)

 見本アジェンダの整理



見本プランの改定

- 見本プランでは、3本柱を「見本支援」「見本防衛」「見本連携」と改めた。
- 見本連携では、同志国連携や見本対話を進める。
"""


def test_a_diagrams_section_quoted_by_name_is_answered_with_all_its_boxes(real_embedder, tmp_path):
    # 「見本防衛策（protect）」 quoted as typed names the section 「2 見本防衛策(protect)」; its boxes are its items
    deck = one_deck(real_embedder, tmp_path, PLAN_OVERVIEW, "見本局の資料", "2026-01")
    answer = answer_question(deck, "見本プランの全体像では、「見本防衛策（protect）」としてどのような取組が挙げられていますか")
    assert lines_of(answer)[1:] == ["新たな見本管理", "見本連携による対応", "(見本技術政策等）",
                                    "見本セキュリティ対策・見本ポリシー強化"], answer.text
    # …but a section quoted in the sentence that sets the scene is what the asker brings, not what is asked
    answer = answer_question(deck, "以前の資料では、3本柱の3つ目は「見本枠組みの構築（partner）」とされていました。"
                                   "新しい資料では、この柱はどのような名称で、どのような取組が例示されていますか")
    assert "見本アジェンダの整理" not in lines_of(answer), answer.text


SECRETS_WINDOW = """見本秘密支援窓口

- 中小企業の皆様に、秘密情報の管理ルールの整備などの支援を提供する専門窓口です。

相談例

- 見本秘密の管理体制を構築したい
- 見本秘密の漏えい事案への対処方法を知りたい (要望に応じて見本警察庁と連携可能)

見本秘密支援窓口 https://www.mihon.example.jp/madoguchi.html
"""


def test_a_contact_asked_as_one_that_does_something_comes_with_the_line_saying_it_does(real_embedder, tmp_path):
    # 「見本警察にもつないでくれるような相談先」: the window's address, and the line that says it works with them
    deck = one_deck(real_embedder, tmp_path, SECRETS_WINDOW, "見本局の資料", "2026-01")
    answer = answer_question(deck, "見本秘密を持ち出されたかも。見本警察にもつないでくれるような相談先ってどこかある？")
    lines = lines_of(answer)
    assert any("madoguchi.html" in line for line in lines), answer.text
    assert any("見本警察庁と連携可能" in line for line in lines), answer.text
    # …while a plain request for the address gets the address alone
    answer = answer_question(deck, "見本秘密支援窓口のURLは？")
    assert not any("見本警察庁" in line for line in lines_of(answer)), answer.text


def test_a_case_question_asking_the_industry_and_more_gets_the_companies_lines_too(case_overview):
    # 「事例④の会社はどの業種で、どのように洗い出した？」: the industries are in the companies' headings, how they
    # went about it in the lines under them
    lines = lines_of(answer_question(case_overview, "事例④で取り上げられている会社はどの業種で、危険のある原料をどのように洗い出していますか"))
    assert "B社の例（素材）" in lines and "全ての原料について調達の危険を確かめ、危険のある原料を洗い出した。" in lines, lines
    # …and the industry alone is answered by the headings alone
    assert "全ての原料について調達の危険を確かめ、危険のある原料を洗い出した。" not in lines_of(
        answer_question(case_overview, "事例④の会社の業種は？"))


FOREIGN_MOVES = """見本国の動き



見本国の協議会
2023年11月、「見本強靱化協議会」の設置を発表。
同月、見本国の見本商務長官が見本規制の強化についてコメントを発出。



見本国の更新支援
設備更新(工業、医療等)と家電の買換え支援強化。
2022年6月、見本渡航条例を改正。
非公務員が渡航する際は審査会の許可が必要。



見本ガイドと見本集
見本集を部分的に発展させ、場面に応じて体系化した「見本ガイド」を策定。
見本ガイドは日本の中小企業にも役立つ。
"""


@pytest.fixture(scope="module")
def foreign_moves(real_embedder, tmp_path_factory):
    return one_deck(real_embedder, tmp_path_factory.mktemp("foreign"), FOREIGN_MOVES, "見本省の資料", "2025-03")


@pytest.mark.parametrize("question, reason", [
    # who heads a body, asked as people talk (だれ, トップ): a line setting it up names no one
    ("見本国が作った見本強靱化協議会って、だれがトップやってるの？", "資料には『見本強靱化協議会』の記述はありますが、人の氏名の記載は見つかりませんでした。"),
    # …asked bare (トップ is no word the documents must write)
    ("見本強靱化協議会って誰がトップ？", "資料には『見本強靱化協議会』の記述はありますが、人の氏名の記載は見つかりませんでした。"),
    # how many days a step takes (何日程度かかる): a length, which the date of the law's revision is not
    ("見本渡航条例で渡航するとき、審査会の許可が出るまでには何日程度かかりますか", "期間の記載は見つかりませんでした。"),
    # whether the Japanese ones are among those a scheme is for: a line that never names them does not say
    ("見本国の更新支援って、日本の会社も対象になるの？", "資料には『日本の会社』が含まれる（該当する）という記載は見つかりませんでした。"),
])
def test_what_the_lines_about_a_topic_do_not_state_is_refused(foreign_moves, question, reason):
    answer = answer_question(foreign_moves, question)
    assert not answer.found and reason in (answer.refusal_reason or ""), answer.text


def test_whether_two_things_are_different_asks_how_they_relate(foreign_moves):
    # 「…とどういう関係なの？別物？」: 別物 asks how they relate, and is no word the documents must write
    answer = answer_question(foreign_moves, "見本ガイドって、見本集とどういう関係なの？別物？")
    assert any("部分的に発展させ" in line for line in lines_of(answer)), answer.text


MEASURES_DECK = """見本産業の強化



見本産業の維持・強化
 見本省として、見本産業の維持・強化に向け、見本庁をはじめとした関係省庁と連携し、取組を進める。

 例えば、「見本育成プログラム」は、先端的な見本技術の研究開発を、官民連携の下で実施。

 さらに、見本企業が持つ技術の活用促進や、下請取引の適正化等、見本産業全体の強化に取り組む。
"""


def test_the_measures_a_body_takes_are_its_lines_beside_the_lead_that_say_what_it_does(real_embedder, tmp_path):
    # 「どのような取組を進めるとしていますか」 asks the measures (a how-to), and 「…取組を進める。」「…に取り組む。」 state
    # them: the line beside the lead that states a measure answers with it
    deck = one_deck(real_embedder, tmp_path, MEASURES_DECK, "見本省の資料", "2025-03")
    answer = answer_question(deck, "見本産業の維持・強化に向けて、見本省はどのような取組を進めるとしていますか")
    assert answer.answer_type == "howto", answer.answer_type
    lines = lines_of(answer)
    assert any("関係省庁と連携し、取組を進める。" in line for line in lines), answer.text
    assert any("下請取引の適正化" in line for line in lines), answer.text


def test_the_view_a_thing_is_done_on_is_the_sentence_before_it_in_its_paragraph(real_embedder, tmp_path):
    # 「…を実施するとされているのは、どのような認識によるもの？」: the line saying what is done states no cause; the
    # sentence before it in its paragraph (「…脅威は千差万別。」) is the premise it acts on, and goes first
    text = ("見本局の取組\n\n\n\n見本対話\n見本局は見本統計を毎年公表している。\n\n"
            "見本企業が抱える脅威は千差万別。見本業界ごとに見本対話を実施し、脅威分析を具体化。\n")
    deck = one_deck(real_embedder, tmp_path, text, "見本局の資料", "2025-03")
    lines = lines_of(answer_question(deck, "見本業界ごとに見本対話を実施するとされているのは、どのような認識によるものですか"))
    assert lines.index("見本企業が抱える脅威は千差万別。") < lines.index("見本業界ごとに見本対話を実施し、脅威分析を具体化。"), lines


def test_a_compound_with_an_acronym_is_looked_for_where_the_search_did_not_bring_it(real_embedder, tmp_path):
    # 「見本ガイダンスって、生成AIの使い方までは書いてないよね？」: when the search brings only the guidance's own
    # slides, the passage that writes 生成AI is read too
    from pipeline.answer import prepare
    from pipeline.answering.evidence import AnswerSettings, gather

    units = ["見本ガイダンスの概要\n見本ガイダンスは技術流出対策ガイダンスとして見本の対策を示す。",
             "見本ガイダンスの構成\n技術流出対策ガイダンスは見本の章からなる。",
             "見本規程の整備\n近年は、生成AIの活用も進んでおり、AIを利用する際の規程を追加するなど見直しが必要。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    prepared = prepare(deck, "技術流出対策ガイダンスって、生成AIの使い方みたいな最近の話までは書いてないよね？")
    prepared.result = dataclasses.replace(prepared.result, hits=tuple(
        h for h in prepared.result.hits if "生成AI" not in h.chunk.text))  # as if the search had left it out
    assert prepared.result.hits
    assert any("生成AIの活用" in c.text for c in gather(deck, prepared, AnswerSettings()))


def test_the_part_a_ministry_is_concerned_with_is_counted_where_its_whole_is(real_embedder, tmp_path):
    # 「…って、見本省が関係してるのは何分野？」 asks the part of the whole written in brackets after its count
    # (「20対象事業(うち見本省関連6)」): 関係 and 関連 say the same, and a field is counted as a business
    units = ["見本制度の概要\n① 見本インフラの届出制度\n20対象事業(うち見本省関連6)の重要設備の事前審査",
             "見本インフラの施行\n見本インフラの届出制度は2024年5月から施行。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    answer = answer_question(deck, "見本インフラの届出制度って、見本省が関係してるのは何分野くらい？")
    assert answer.found and "20対象事業(うち見本省関連6)の重要設備の事前審査" in lines_of(answer)


def test_a_series_of_slides_numbered_on_from_a_lead_in_is_the_list(real_embedder, tmp_path):
    # 「…の施策例として紹介されている制度を挙げて」: the lead-in's slide ends with 「(1) …」 alone, and later
    # slides are titled 「(2) …」「(3) …」, another slide between them
    units = ["見本局の訪問\n- <見本大学等訪問>\n見本大学、見本工業大学、見本技術大学の研究室を訪問した。\n\n"
             "見本支援に関する施策例\n\n(1) 見本対話スキーム",
             "見本対話スキームの概要\n見本対話スキームでは、見本の技術を届け出る。",
             "(2) 見本事例集の公開\n見本事例集を公開中。",
             "見本事例集の構成\n1. 見本の経営\n2. 見本の管理",
             "(3) 見本認証制度\n見本認証制度で認証を受けられる。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    answer = answer_question(deck, "見本局の資料で、見本支援に関する施策例として紹介されている制度を挙げてください")
    assert lines_of(answer)[:4] == ["見本支援に関する施策例", "(1) 見本対話スキーム", "(2) 見本事例集の公開", "(3) 見本認証制度"]


def test_a_gathering_is_the_documents_meeting(real_embedder, tmp_path):
    units = ["見本局の取組\n技術流出の話は、見本局が見本大学等を訪問して説明。\n既存の会合等の機会を活用 見本団体、見本組織等向け",
             "見本局の訪問\n見本局においては特に、見本大学を訪問し、技術流出の話を見本の紹介とともに説明。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    answer = answer_question(deck, "見本局って技術流出の話をするとき、どういうところ向けの集まりを使ってるの？")
    assert "既存の会合等の機会を活用 見本団体、見本組織等向け" in lines_of(answer)[:1]


def test_a_date_asked_of_a_putting_out_is_stated_only_where_it_is_put_out(real_embedder, tmp_path):
    # 「…動画がYouTubeで公開された年月日」: the dates of another event on the slide (a scheme's start) are not it
    text = ("見本局の資料\n\n\n\n(6) 見本技術管理認証制度 (MTICS)\n- 見本技術管理認証制度では、企業の体制を審査・認証する。\n"
            "◆ YouTubeで概要動画を公開中！\n\n見本派遣事業\n2025年度見本派遣事業は2025年8月18日より開始しています。\n"
            "※2026年度の見本派遣事業も、追って公募を開始する予定です。\n")
    deck = one_deck(real_embedder, tmp_path, text, "見本局の資料", "2025-03")
    answer = answer_question(deck, "見本技術管理認証制度（MTICS）の概要動画がYouTubeで公開された年月日を示せ")
    assert not answer.found and "公開" in answer.refusal_reason
    answer = answer_question(deck, "見本派遣事業はいつから開始？")
    assert answer.found and "2025年度見本派遣事業は2025年8月18日より開始しています。" in lines_of(answer)


def test_a_page_asked_for_is_stated_by_a_page_reference(real_embedder, tmp_path):
    # 「…について書かれているのは何ページ？」: a reference writes the page as p15
    units = ["見本ガイダンスの参照先\n見本ガイダンスの該当箇所は次のとおり。\n※ p12「見本相手の確認」、p15「見本技術の内容の明確化」"]
    deck = slides_deck(real_embedder, tmp_path, units)
    answer = answer_question(deck, "見本ガイダンスで「見本技術の内容の明確化」について書かれているのは何ページですか")
    assert answer.found and any("p15「見本技術の内容の明確化」" in line for line in lines_of(answer))


def test_a_penalty_asked_of_a_thing_that_binds_no_one_is_answered_by_saying_so(real_embedder, tmp_path):
    # 「見本ガイダンスって守らないと罰則ある？」: 「…義務を課すものではなく、選択肢を示すもの。」 settles it
    units = ["見本ガイダンスの策定\n見本ガイダンスを策定（令和7年5月）。\n本ガイダンスは、企業に義務を課すものではなく、選択肢を示すもの。",
             "見本法の罰則\n見本法に違反した場合、刑事罰が科せられる。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    answer = answer_question(deck, "見本ガイダンスって守らないと罰則ある？")
    assert answer.found and "本ガイダンスは、企業に義務を課すものではなく、選択肢を示すもの。" in lines_of(answer)[:2]


def test_a_line_whose_topic_the_line_before_says_goes_on_about_the_same_thing(real_embedder, tmp_path):
    # 「提案では、…が提案されている。」 under 「…見本勧告を提案。」: what the 見本勧告's proposal proposes
    units = ["海外の動き\n• 見本研究に関する見本勧告を提案。見本連合全体で一貫性のある取組を行うための政策的指針を提供。\n"
             "• 提案では、用語を定義し、原則を提示。見本研究の向上のための政策の立案、相談体制構築、見本基盤構築等が提案されている。\n"
             "• 見本投資の審査制度について、加盟国に導入を求める規則改正を提案。",
             "見本国の動き\n見本国では、見本研究の向上に向けて、大学向けの見本研修を毎年実施している。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    answer = answer_question(deck, "見本連合の見本勧告の提案では、見本研究の向上に向けてどのような取組が提案されていますか")
    assert any(line.startswith("提案では、用語を定義し") for line in lines_of(answer)[:2]), answer.text


def test_what_was_agreed_is_answered_only_by_a_line_stating_an_agreement(real_embedder, tmp_path):
    # the list of those the bureau met says nothing of what they agreed
    units = ["見本局の取組\n<関係機関等との意見交換>\n見本財務局、見本大学、見本銀行、見本機構 他\n見本局は、関係機関と技術流出対策について意見交換を実施した。",
             "見本国との対話\n23年11月 見本国の商務部長と見本大臣の会談で「日見本輸出管理対話」の枠組み設置に合意"]
    deck = slides_deck(real_embedder, tmp_path, units)
    answer = answer_question(deck, "見本局が見本銀行と行った意見交換では、どのような連携内容で合意しましたか")
    assert not answer.found and "合意" in answer.refusal_reason, answer.text
    answer = answer_question(deck, "見本国との対話って、どんな枠組みを作ることで合意したの？")
    assert answer.found and any("枠組み設置に合意" in line for line in lines_of(answer)[:1]), answer.text


def test_a_role_line_comes_with_the_item_it_is_under(real_embedder, tmp_path):
    # 「講師：見本省、見本県警」 says of no meeting: the item it is under (the meeting) goes first
    text = ("見本局の資料\n\n\n\n見本局のアウトリーチ\n\n- 8/4 見本施策説明会\n・中小企業等 80名超が参加\n・講師：当局\n\n"
            "- 10/24 見本地域大学ネットワーク会議\n・見本管内22大学\n・講師：見本省、見本県警\n\n"
            "- 12/15 見本管理説明会\n・管内中小企業等 48社\n・講師：当局、見本財務局\n")
    deck = one_deck(real_embedder, tmp_path, text, "見本局の資料", "2025-03")
    lines = lines_of(answer_question(deck, "見本局のアウトリーチで、大学のネットワーク会議の講師はだれが来てたの？"))
    assert lines[:2] == ["10/24 見本地域大学ネットワーク会議", "講師：見本省、見本県警"], lines


def test_a_case_that_says_no_more_than_the_question_tells_nothing(real_embedder, tmp_path):
    # a video's case title alone: 「…どの展示会で起きた事例？」 is not answered by the title it quotes
    # (the title's slide last: a short slide with no sentence would run on into the next)
    text = ("見本局の資料\n\n\n\n見本動画の紹介\n見本動画で共同購入の事例を紹介しています。\n\n\n\n"
            "事例②：見本部材の共同購入\n見本社と見本工業の2社が、見本部材を共同で購入した。価格の情報は交換しなかった。\n\n\n\n"
            "事例①：見本展示会での見本流出リスク\n")
    deck = one_deck(real_embedder, tmp_path, text, "見本局の資料", "2025-03", extra='case_patterns = ["事例"]\n')
    answer = answer_question(deck, "「事例①：見本展示会での見本流出リスク」は、どの展示会で起きた事例ですか")
    assert not answer.found and "事例①" in answer.refusal_reason, answer.text
    answer = answer_question(deck, "事例②ってどんな話？")
    assert answer.found and "事例②：見本部材の共同購入" in lines_of(answer), answer.text


def test_a_step_already_done_sets_the_scene_for_what_is_asked_after_it(real_embedder, tmp_path):
    # 「…規程を整備した後、それを実行させ続けるには？」: not the step of making the rules (①) but what keeps them
    units = ["② 見本社内の管理体制の整備\n- そもそも、見本本社で適切な管理体制が構築できていなければ、見本拠点の管理も望めない。本社が主導し、"
             "見本規程を整備する必要がある。\n- また、見本規程を整備しても、役員に周知され、実行されなければ意味がない。研修を徹底した上で、"
             "役員に誓約等を求めることも重要。\n\n対応策の例\n\n- ① 見本規程を整備する\n - 見本本社において、見本拠点を含む全社の見本規程を"
             "整備する。特殊事情がある場合、追加規程を設ける。\n- ② 研修及び確認を行う\n - 全拠点で、見本規程に基づく定期的な研修を実施する。\n"
             " - 研修の後は、理解したことの確認を行い、誓約等を求める。",
             "見本調達の注意\n見本調達では、取引先の管理体制を確認することが重要。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    lines = lines_of(answer_question(deck, "見本本社が見本拠点を含む見本規程を整備した後、それを形骸化させず実行させ続けるために何をすべき？"))
    assert "実行されなければ意味がない" in lines[0] and "研修の後は、理解したことの確認を行い、誓約等を求める。" in lines, lines


def test_a_desk_asked_for_is_named_beside_the_form_to_apply_with(real_embedder, tmp_path):
    # 「…窓口ってある？どこから申し込めばいい？」: the form answers where to apply; the desk's own link says which desk
    text = ("見本局の資料\n\n\n\n見本情報支援窓口\n\n中小企業等の皆様に対し、見本情報の管理ルールの整備等の支援サービスを提供する専門窓口です。\n\n"
            "相談例\n\n- 見本情報の管理体制を構築したい\n- 見本情報の流出事案への対処方法を知りたい\n\n\n\n"
            "見本情報支援窓口\n\n<https://www.example.jp/mihon/madoguchi.html>\n\n支援依頼Webフォーム\n\nhttps://www.example.jp/form/mihon_inquiries.html\n")
    deck = one_deck(real_embedder, tmp_path, text, "見本局の資料", "2025-03")
    lines = lines_of(answer_question(deck, "見本情報が漏れたかもしれない…。相談に乗ってくれる窓口ってある？どこから申し込めばいい？"))
    assert lines[0].startswith("見本情報支援窓口 https://www.example.jp/mihon/madoguchi.html"), lines
    assert any("mihon_inquiries" in line for line in lines), lines
    # 「…窓口ってある？」: whether there is a desk is answered by the desk and its address, not by the heading
    # of the list the link happens to follow
    answer = answer_question(deck, "見本情報の相談窓口ってある？")
    assert answer.answer_type == "contact" and lines_of(answer)[0].startswith("見本情報支援窓口 https://"), answer.text
    assert "相談例" not in lines_of(answer), answer.text


def test_what_a_question_sets_aside_is_not_what_it_asks(real_embedder, tmp_path):
    # 「港湾回りのほかに、工場への見学は？」: the line labelled 工場 answers, not the one labelled 港湾 above it
    units = ["見本局の活動\n- <港湾・工場等見学> (見本課も適宜同行)\n・港湾：北港、南港、西港、東港、中央港 他\n・工場：随時受付\n"
             "- <関係団体との意見交換>\n・見本協会、見本商工会、見本銀行 他",
             "見本局の研修\n港湾・工場等への見学機会を活用 局内研修も実施\n- 8/4 局職員向け見本研修\n - 30名参加\n - 講師：見本局"]
    deck = slides_deck(real_embedder, tmp_path, units)
    lines = lines_of(answer_question(deck, "見本局って港湾回りのほかに、工場への見学はどんな感じでやってるの？"))
    assert "工場：随時受付" in lines and not any(line.startswith("港湾：") for line in lines), lines
    # (without a thing set aside, 港湾 is what is asked)
    lines = lines_of(answer_question(deck, "見本局って港湾への見学はどこに行ってるの？"))
    assert any(line.startswith("港湾：") for line in lines), lines


def test_a_value_under_a_chain_of_steps_is_of_the_steps_its_line_names(real_embedder, tmp_path):
    # 「③見本石→③見本粉→③見本板→③見本部品」 over 「見本粉の生産は約7割…」: no share of 見本石 is stated
    units = ["見本素材の供給\n＜部材＞\n③見本石→③見本粉→③見本板→③見本部品\n見本粉の生産は約7割、見本板については98％がA国生産。\n"
             "部品、モジュールは、それぞれ約8割程度がA国に集中。",
             "見本素材の課題\nA国の低価格な製品が市場を席捲している。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    answer = answer_question(deck, "見本素材の見本石って、A国で何割くらい作られてるの？")
    assert not answer.found and "見本石" in answer.refusal_reason, answer.text
    assert any("約7割" in line for line in lines_of(answer_question(deck, "見本素材の見本粉って、A国でどのくらい作られてるの？")))
    # (a step named by its last word standing alone, 「部品、モジュールは」, is named)
    assert any("約8割" in line for line in lines_of(answer_question(deck, "見本部品とかモジュールって、どのくらいA国でつくられてるの？")))


def test_a_companys_size_is_answered_only_by_a_line_stating_one(real_embedder, tmp_path):
    # 「事例①の見本社の従業員規模は？」: the case tells what the company did, not how big it is
    text = ("見本局の資料\n\n\n\n事例①：見本部材の共同購入\n見本社と見本商会の2社が、見本部材を共同で購入した。価格の情報は交換しなかった。\n\n\n\n"
            "事例②：見本工場の統合\n従業員300名の見本工業が、同業の見本製作所と工場を統合した。統合後も価格は各社で決めた。\n")
    deck = one_deck(real_embedder, tmp_path, text, "見本局の資料", "2025-03", extra='case_patterns = ["事例"]\n')
    answer = answer_question(deck, "事例①に出てくる見本社の従業員規模を教えて")
    assert not answer.found and "『見本社』の記述はありますが、規模" in answer.refusal_reason, answer.text
    # (a collection named with its case is named so: 『共同購入事例集事例①』, not the collection alone)
    answer = answer_question(deck, "共同購入事例集事例①に出てくる会社の従業員規模は？")
    assert not answer.found and "『共同購入事例集事例①』の記述はありますが、規模" in answer.refusal_reason, answer.text
    answer = answer_question(deck, "事例②に出てくる見本工業の従業員規模を教えて")
    assert answer.found and any("従業員300名" in line for line in lines_of(answer)), answer.text


def test_a_yes_no_or_lookup_answer_goes_on_with_the_next_sentence_of_the_leads_paragraph(real_embedder, tmp_path):
    # 「…見本購買制度を実施。国、省単位で…国産品が有利となる仕組みが取られている。」: the second sentence tells what
    # the guess put up to confirm gets wrong
    units = ["見本機器の動向\nA国政府は、高価な一部の見本機器の価格引下げを目的として、見本購買制度を実施。国、省単位で、一定価格以下での"
             "入札を実施されることにより、価格優位性のある国産品が有利となる仕組みが取られている。\n\n"
             "また、見本機器の政府調達で国産品調達率目標を盛り込んだ内部文書を発出。",
             "見本装置の動向\n見本装置についても、A国は国産化を強力に推進している。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    answer = answer_question(deck, "A国の見本購買って、性能のいい外国製品を高くても買い集めるための制度なんでしょ？")
    lines = lines_of(answer)
    assert answer.answer_type == "yesno" and "見本購買制度を実施" in lines[0], lines
    assert any("国産品が有利となる仕組み" in line for line in lines), lines
    # (so does a lookup's: 「…見本購買って、どういう形で進めてるの？」)
    answer = answer_question(deck, "A国の見本購買って、どういう形で進めてるの？")
    lines = lines_of(answer)
    assert answer.answer_type == "lookup" and any("見本購買制度を実施" in line for line in lines), lines
    assert any("国産品が有利となる仕組み" in line for line in lines), lines


def test_what_is_meant_to_be_done_is_told_by_a_line_stating_a_plan(real_embedder, tmp_path):
    # 「…話し合いを続けていくつもり？」: the line saying what will go on being done, not the dated meetings of the past
    units = ["見本局の主な動き\n23年10月 見本国との見本対話で、見本部材の供給について議論。\n\n"
             "23年11月 見本国の見本大臣と見本局長の会談で、見本対話の枠組み設置に合意。\n\n"
             "23年12月 見本国と見本会議を開催し、見本部材の調達について議論。",
             "見本国との連携の方向性\n見本国とは、経済官庁との次官・閣僚級の二国間対話も活用し、緊密に意思疎通を重ね、見本部材の交流も促進していく。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    lines = lines_of(answer_question(deck, "見本局って、見本国とも大臣とかのレベルで話し合いを続けていくつもりなの？"))
    assert lines and "促進していく" in lines[0], lines


def test_a_share_asked_in_percent_is_stated_in_tenths_and_a_date_is_no_fraction(real_embedder, tmp_path):
    # 「何%」 asks a share, which a slide may write 8割; 「8/4 見本説明会」 is a date, not eight fourths
    units = ["見本経営の目標\n見本企業が見本基準を超える割合を2030年に8割に。",
             "見本局の主な行事\n8/4 見本説明会 (オンライン)\n見本説明会には見本地域の企業が参加した。",
             "見本見学会の結果\n見本見学会は参加者の満足度が高かった。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    answer = answer_question(deck, "見本企業で見本基準を超えるとこ、2030年までに何%にするって目標なの？")
    assert answer.found and any("8割" in line for line in lines_of(answer)), answer.text
    for question in ("見本説明会の参加者の満足度って何割くらい？", "見本説明会の満足度は何％でしたか"):
        answer = answer_question(deck, question)
        assert not answer.found and "割合" in answer.refusal_reason, answer.text


def test_a_lookup_led_by_a_second_point_gives_the_first_point_before_it(real_embedder, tmp_path):
    # 「また、…」 adds to the point before it, set apart by a blank line under the same heading: asked what the
    # slide says of a thing, both points answer, the first first
    units = ["見本経路に応じた課題例\n従来は原則として見本レジームに基づき、管理対象を見本兵器の不拡散の考え方に限定。\n\n"
             "また、見本レジームではコンセンサス形式を前提とするため、見本技術を特定しても、コンセンサス形成に時間がかかる。\n\n"
             "見本研究や見本供与など、企業が意思をもって行う見本移転",
             "見本局の取組\n見本局は見本事業者向けの説明会を開催。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    lines = lines_of(answer_question(deck, "見本レジームで見本技術を特定する際の合意形成について、どのような問題を指摘しているか"))
    first = next(i for i, line in enumerate(lines) if "管理対象を見本兵器" in line)
    assert any("コンセンサス形成に時間がかかる" in line for line in lines[first + 1:]), lines


def test_what_an_older_plan_became_comes_with_the_line_of_its_slide_saying_what_holds_now(real_embedder, tmp_path):
    # the newer slide says what the plan became, then three sentences, then 「…現在 12 品目を指定。」: where the
    # plan stands now is what is asked of it
    old = ("見本局の取組（旧版）\n\n\n\n見本部材の管理\n見本部材の管理において、事業者からの事前通知を受け、官民が相談しながら"
           "保管の方法を検討する仕組みを想定。\n")
    new = ("見本局の取組\n\n\n\n見本部材の管理スキーム\n見本部材は、一度移転すれば管理が難しい。\n\n"
           "このため、重要な見本部材の移転に際して、見本法に基づく事前報告制度を設け、これを端緒として官民が確実に対話する。\n\n"
           "移転を止めることが目的ではなく、適切な管理を徹底することが目的。\n\n懸念が払拭されない場合に、許可申請を求める場合もある。\n\n"
           "原則として、対話を通じた信頼関係の下での解決を目指す。\n\n事前報告対象として、現在 12 品目を指定。\n")
    entries = "".join(f'[[document]]\nid = "{i}"\nfile = "{i}.txt"\ntitle = "{t}"\npublisher = "見本局"\ndate = "{d}"\n\n'
                      for i, t, d in (("new", "見本局の取組", "2026-03"), ("old", "見本局の取組（旧版）", "2024-02")))
    deck = searcher_over(real_embedder, tmp_path, {"new.txt": new, "old.txt": old}, entries)
    answer = answer_question(deck, "旧版の資料では、事業者からの事前通知を受けて官民が相談する見本部材の仕組みが想定されていました。"
                                   "最新の資料では、この仕組みはどうなっていますか")
    lines = lines_of(answer)
    assert lines and lines[0].startswith("このため、重要な見本部材の移転に際して"), answer.text
    assert "事前報告対象として、現在 12 品目を指定。" in lines, lines


def test_a_value_is_asked_of_the_topic_a_describing_clause_names_not_of_its_rarer_words(real_embedder, tmp_path):
    # 「A国が見本電解質の開発で先行する見本蓄電池について」: 見本電解質, rarer than 見本蓄電池, only says which
    # 見本蓄電池; the date is stated on 見本蓄電池's slide, which never names 見本電解質
    units = ["見本蓄電池の戦略\n見本蓄電池の実用化目標\n＜セル＞\n①︓世界に先駆けて2030年までに実用化を目指す。",
             "見本電解質の動向\nA国は見本電解質の開発で先行している。", "見本蓄電池の市場\n見本蓄電池の市場は拡大している。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    quoting(deck, "A国が見本電解質の開発で先行する見本蓄電池について、セルを何年までに実用化することを目指すとしていますか",
            "①︓世界に先駆けて2030年までに実用化を目指す。")


def test_a_rate_or_a_reduction_no_line_states_is_refused_as_such(real_embedder, tmp_path):
    # 「…の年平均成長率を示せ」「…をどの程度削減できる」 ask a figure: lines about the topic stating none do not
    # answer (the year a market passed a size is no growth rate)
    units = ["見本技術の歩み\n2015年 見本市場1兆円突破\n2020年 見本装置が発売",
             "見本の次世代技術\n見本融合、見本計算機などの次世代技術の開発を進める。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    refusing(deck, "見本市場について、1兆円突破以降の年平均成長率を示せ", "割合")
    refusing(deck, "次世代技術として挙げられている見本融合は、消費電力をどの程度削減できるとされていますか", "『見本融合』")


def _talks_deck(real_embedder, tmp_path):
    units = ["見本対話の主な動き\n23年10月 見本会合\n「見本供給網の構築」について議論。作業部会設置に合意。\n\n23年11月 見本委員会\n"
             "「見本技術の保護」について議論。今後、議論を更に具体化することに合意。\n\n23年12月 見本首脳会議\n見本連携の強化を確認。",
             "見本国の製造業\n見本国の製造業の雇用者数の割合は低下している。\n\n資料：雇用者数の割合については、見本労働省、見本機構により作成。",
             "見本ガイダンスの概要\n見本ガイダンスは、企業の見本管理の参考となる対策を示すもの。"]
    return slides_deck(real_embedder, tmp_path, units)


def test_a_sentence_going_on_from_the_one_before_it_is_about_what_that_one_is_about(real_embedder, tmp_path):
    # 「今後、議論を更に具体化することに合意。」 has no subject of its own: it is what 見本委員会 agreed, after the
    # sentence saying what was discussed, which goes first
    lines = lines_of(answer_question(_talks_deck(real_embedder, tmp_path),
                                     "見本委員会では、何をテーマに議論し、今後についてどのようなことで合意したとされていますか"))
    assert "「見本技術の保護」について議論。" in lines and "今後、議論を更に具体化することに合意。" in lines, lines
    assert lines.index("「見本技術の保護」について議論。") < lines.index("今後、議論を更に具体化することに合意。"), lines


def test_the_kind_of_source_asked_for_is_no_topic(real_embedder, tmp_path):
    # 「どの機関・データベースを基にしているか」 asks where figures come from: データベース, a word the slides never
    # write, is the kind of source asked, answered by the note saying what they were made from
    quoting(_talks_deck(real_embedder, tmp_path), "見本国の製造業の雇用者数の割合を示したデータは、どの機関・データベースを基にしているか。",
            "資料：雇用者数の割合については、見本労働省、見本機構により作成。")


def test_whether_a_version_is_out_asks_about_that_version(real_embedder, tmp_path):
    # 「…バージョンも出てるの？」 asks whether there is such a version (出てる: put out), a word the documents never
    # use: they don't say yes or no
    refusing(_talks_deck(real_embedder, tmp_path), "見本ガイダンスって、業種ごとに分けたバージョンも出てるの？", "『バージョン』")


def _reasons_deck(real_embedder, tmp_path):
    units = ["見本局の取組\n各事業部門の責任者は、見本リスクについて意識するようになった。\n\n全従業員に向けて四半期に一度、懸念事例を発信。",
             "見本支援の要件\n見本支援では、技術管理の徹底を採択要件として設定予定。",
             "見本報告の対象技術\n①見本繊維 ④見本フィルム\n②見本材料 ⑤見本ドット\n③見本合金 ⑥見本内視鏡",
             "見本管理の考え方\n見本部材は一度流出すれば管理が難しいため、官民の対話を重視する。"]
    return slides_deck(real_embedder, tmp_path, units)


def test_a_thing_a_yes_no_question_sets_as_its_condition_is_part_of_what_it_asks(real_embedder, tmp_path):
    # 「…事故を起こしたら、…責任を取らなきゃダメ？」: the documents never write 事故, so they don't settle it
    # (責任者 and 従業員 lines are about something else)
    deck = _reasons_deck(real_embedder, tmp_path)
    refusing(deck, "会社の車で従業員が事故を起こしたら、会社も責任を取らなきゃダメ？", "『事故』")
    # (a step of the story, a verbal noun the documents don't write — 応募するとき — is no such thing)
    quoting(deck, "見本支援に応募するとき、技術管理がちゃんとしてないと採択されなくなるって本当？",
            "見本支援では、技術管理の徹底を採択要件として設定予定。")


def test_why_a_thing_was_listed_is_not_told_by_the_list(real_embedder, tmp_path):
    # 「…が加えられたのは、どのような懸念があったためですか」: the heading and rows of the list name things and
    # give no reason
    deck = _reasons_deck(real_embedder, tmp_path)
    refusing(deck, "見本報告の対象技術に見本フィルムが加えられたのは、具体的にどのような懸念があったためですか", "理由")
    # (a sentence giving one answers: 「…難しいため、官民の対話を重視する。」)
    quoting(deck, "見本部材の管理で、なぜ官民の対話を重視するの？", "見本部材は一度流出すれば管理が難しいため、官民の対話を重視する。")


def test_a_span_of_decades_keeps_the_entries_of_those_years(real_embedder, tmp_path):
    # 「1960年代〜1980年代の出来事」: 1960 to 1989, as 「2000年以降」 keeps 2000 on
    units = ["見本技術の歩み\n見本技術は時代とともに進化を続けている。\n\n・1964年 見本機が発売\n・1984年 見本網が開始\n"
             "・2007年 見本端末が発売\n・2015年 見本市場が拡大", "見本局の取組\n見本局は説明会を開催。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    lines = lines_of(answer_question(deck, "見本技術の歩みのうち、1960年代〜1980年代の出来事を挙げて"))
    assert "1964年 見本機が発売" in lines and "1984年 見本網が開始" in lines, lines
    assert not any("2007年" in line or "2015年" in line for line in lines), lines


def test_a_source_asked_of_one_thing_is_given_by_the_note_crediting_that_thing(real_embedder, tmp_path):
    # notes each credit the figures of one thing (「…については、…により作成。」): the one of the thing asked; a
    # remark (「備考：…により算出した。」) credits nothing; 「…の作成に用いられた機関」 asks the source too
    units = ["見本国の輸入と雇用\n見本国の輸入浸透度は上昇している。\n\n備考：輸入浸透度については、以下の式により算出した。\n"
             "資料：輸入浸透度については、見本商務省、見本調査局により作成。\n雇用者数の割合については、見本労働省、見本機構により作成。",
             "見本局の取組\n見本局は説明会を開催。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    assert lines_of(answer_question(deck, "見本国の輸入浸透度のデータの作成に用いられた機関を挙げよ")) == \
        ["資料：輸入浸透度については、見本商務省、見本調査局により作成。"]
    assert lines_of(answer_question(deck, "見本国の雇用者数の割合のデータは、どの機関を基にしているか")) == \
        ["雇用者数の割合については、見本労働省、見本機構により作成。"]


def test_the_form_a_date_is_asked_in_is_no_topic(real_embedder, tmp_path):
    # 「西暦でいうと何年何月何日？」: 西暦 says how the date is to be written, not what it is of; the line dating
    # the meeting answers though it gives the era year (令和6年)
    units = ["見本会議の開催状況\n見本会議の第3回は、令和6年2月2日に開催された。\n\n見本会議の第4回は、令和6年9月5日に開催された。",
             "見本局の取組\n見本局は説明会を開催。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    quoting(deck, "見本会議の第3回って、西暦でいうと何年何月何日にやったの？", "見本会議の第3回は、令和6年2月2日に開催された。")


def test_a_menu_of_support_asks_the_support_given(real_embedder, tmp_path):
    # 「支援メニュー」: メニュー is what is on offer, as 「支援の内容」 is — a line on the support the window gives answers
    units = ["見本窓口のご案内\n見本窓口は、中小企業に対し、秘密情報の洗い出しや規程の整備等の支援サービスを提供します。",
             "見本局の取組\n見本局は説明会を開催。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    quoting(deck, "見本窓口に頼める支援メニューを教えて",
            "見本窓口は、中小企業に対し、秘密情報の洗い出しや規程の整備等の支援サービスを提供します。")


def test_a_cover_shown_in_the_slides_gives_its_whole_title_and_the_offices_under_it(real_embedder, tmp_path):
    # 「資料に表紙が掲載されている…の題名と部署」: 表紙 and 掲載 say where it is shown, not what is asked; the
    # cover's title is both the line above and the bracketed name, then its offices
    units = ["見本手引きの公開\n見本局は、見本手引きを策定した。現在、見本手引き第2.0版を公開中。\n\n【見本手引き】\n\n"
             "見本産業の課題への対応\n(見本手引き)\n—第2.0版—\n見本省\n見本政策局\n見本調査室",
             "見本局の取組\n見本局は説明会を開催。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    lines = lines_of(answer_question(deck, "資料に表紙が掲載されている見本手引き第2.0版は、正式にはどのような題名で、"
                                           "見本省のどの部署がまとめたものですか"))
    assert lines[:2] == ["見本産業の課題への対応", "(見本手引き)"] and "見本調査室" in lines, lines


def test_the_numbers_of_a_figures_source_are_no_value_of_the_figure(real_embedder, tmp_path):
    # 「資料：…分科会第12回（2025年4月17日）配布資料より作成。」 under a chart with no numbers: the session and date
    # are the source's, so the chart's value is not stated…
    units = ["見本国の格差\n見本国と日本では所得の格差が拡大している。\n\n主要国の見本係数\n\n"
             "備考：一部の国は2022年のデータを表示している。\n資料：見本審議会第12回（2025年4月17日）配布資料より作成。",
             "見本局の取組\n見本局は説明会を開催。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    refusing(deck, "資料の主要国の見本係数の比較で、日本の見本係数の値はいくつと示されていますか", "数の記載")
    # …unless the source is what is asked
    quoting(deck, "主要国の見本係数の図の作成元の見本審議会の開催回次は？",
            "資料：見本審議会第12回（2025年4月17日）配布資料より作成。")


def test_a_heading_quoted_as_the_place_to_look_gives_way_to_the_lines_that_answer_what_is_asked_there(real_embedder,
                                                                                                    tmp_path):
    # 「「見本技術の特定」において、…優位性はどのような点から確認すべき」: the quote says where to look; the rows
    # under the checklist heading it names are much worse answers than the measure on the advantage
    units = ["見本手引きの対応策\n\n対応策の例\n\n- ① 自社の強みを確認する\n - 自社の製品がどの市場で評価されているかを把握する。\n"
             "- ② 見本技術の優位性を確認する\n - 特定された見本技術が、他社や進出先の国で容易に開発される技術であるか否かを検証する。"
             "併せて、市場における将来性を確認する。",
             "見本チェックリスト\n\n① 見本技術の特定\n\n- 自社の競争力を考慮して、見本技術を特定しているか？\n"
             "- 見本技術がどこに存在しているか確認しているか？",
             "見本局の取組\n見本局は説明会を開催。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    quoting(deck, "見本手引きの「見本技術の特定」において、特定した見本技術の優位性はどのような点から確認すべきとされているか",
            "特定された見本技術が、他社や進出先の国で容易に開発される技術であるか否かを検証する。併せて、市場における将来性を確認する。")
    # (a quote that names what is asked, not where, still gives the lines under it)
    quoting(deck, "見本チェックリストの「見本技術の特定」ではどんなことを確認するの？", "見本技術がどこに存在しているか確認しているか？")


def test_a_quoted_section_too_long_to_quote_whole_gives_its_lines_that_fit_the_question(real_embedder, tmp_path):
    # 「「見本計画の背景」によれば、見本計画は何と何を連携させ…」: the section's fifth sentence, not its first three
    units = ["見本計画の背景\n\n見本国を取り巻く情勢は厳しさを増している。\n\n見本産業の基盤を守ることは政府の責務である。\n\n"
             "国際秩序が揺らぎ、現状変更の動きが目立つ。\n\n官民連携で取組を進めなくてはならない。\n\n"
             "見本支援策及び見本防衛策を有機的に連携させながら、見本同志国とともに見本計画を整理。",
             "見本局の取組\n見本局は説明会を開催。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    lines = lines_of(answer_question(deck, "資料の「見本計画の背景」によれば、見本計画は何と何を有機的に連携させ、どのような相手とともに整理されたものか。"))
    assert lines[0] == "見本計画の背景" and "見本支援策及び見本防衛策を有機的に連携させながら、見本同志国とともに見本計画を整理。" in lines, lines
    assert len(lines) <= 4, lines


def test_what_the_question_sets_aside_gives_way_to_what_else_is_said(real_embedder, tmp_path):
    # 「…契約以外に何ができる」: the sentence on the contract is what the asker knows; the others answer
    units = ["＜甲国＞見本特別法における技術管理\n\n2022年２月、見本特別法が制定。\n\n"
             "同技術を扱う専門人材に対し、企業が、転職制限等を内容とした契約を締結できること等を規定。\n\n"
             "このほか、専門人材の長期勤続を促す費用の一部を政府が支援することも可能。\n\nまた渡航記録の開示請求も可能。",
             "見本局の取組\n見本局は説明会を開催。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    lines = lines_of(answer_question(deck, "甲国の見本特別法では、人材流出を防ぐために企業との契約以外に何ができるようになっているか"))
    assert "また渡航記録の開示請求も可能。" in lines and not any("契約を締結" in line for line in lines), lines


def test_whether_there_is_a_thing_the_lines_never_name_is_refused_for_that_thing(real_embedder, tmp_path):
    # 「…損失を埋めてくれる共済ってある？」: lines on the topic (見本流出, 損失) that never name a 共済 say neither
    # yes nor no
    units = ["見本流出のリスク\n見本流出により損失が出る場合もある。\n\n見本流出を防ぐには、社内体制の構築が重要。",
             "見本手引きの改訂\n見本手引きの改訂に向けた検討を開始。",
             "見本市場の展望\n2040年に公的共済外サービスの市場を拡大。",  # (the word, inside another thing's name)
             "見本局の取組\n見本局は説明会を開催。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    refusing(deck, "見本流出で損失が出ちゃったとき、損失を埋めてくれる共済ってある？", "『共済』があるという記載")
    # (whether a thing is planned, or an act, asks no thing: a line on the step taken settles it)
    assert answer_question(deck, "見本手引きって、今後改訂される予定はあるの？").found


def test_a_thing_a_yes_no_question_names_by_example_is_what_it_asks_whether(real_embedder, tmp_path):
    # 「…見本局から顕彰とかしてもらえるの？」: the documents never write 顕彰, so they do not say yes or no (the
    # lines on the collection and on 見本局 are about something else)
    units = ["見本事例集\n見本事例集には、企業の好事例を掲載している。\n\n掲載企業は見本局の説明会で紹介される。",
             "見本局の取組\n見本局は説明会を開催。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    refusing(deck, "見本事例集に載った会社って、見本局から顕彰とかしてもらえるの？", "『顕彰』")
    # (a thing the documents do write, named so, is answered)
    assert answer_question(deck, "見本事例集に載った会社って、説明会とかで紹介してもらえるの？").found


def test_a_country_the_slide_title_names_needs_no_notice_that_the_lines_are_general(real_embedder, tmp_path):
    # the lines on 英国's measures under a slide titled 「英国の見本調達戦略」 never repeat 英国: they are its lines,
    # not material on other countries in general
    units = ["英国の見本調達戦略\n\n見本リスク対応︓重要な部品の特定や代替調達先の探索等のために、混乱を調査。\n\n"
             "公共調達部門での調達先との緊密な協力。",
             "見本局の取組\n見本局は説明会を開催。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    answer = answer_question(deck, "英国は見本調達の混乱に備えてどう対策しているの？")
    assert answer.found and "限った記載はなく" not in (answer.notice or ""), answer.notice


def test_an_address_asked_bare_is_a_web_address_where_the_topic_has_one(searcher):
    # 「アドレス教えて」 names no kind: the form's web address answers it (no e-mail is written there)
    answer = answer_question(searcher, "MKBの個別相談のアドレス教えてくれる？")
    assert answer.found and "https://www.mkb.example.jp/soudan/form.html" in answer.text, answer.refusal_reason


def test_a_value_goes_on_with_the_sentence_after_it_that_points_back_to_it(real_embedder, tmp_path):
    units = ["見本制度の見直し\n\n見本局は、2027年春に見本制度の見直し評価を行う。\nこの見直し評価は、毎年行う利用者調査の結果に基づき実施する。\n"
             "\n\n見本制度の利用者は年々増えている。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    answer = answer_question(deck, "見本制度の見直し評価はいつ行い、何の結果に基づいて実施するの？")
    assert answer.found and "2027年春" in answer.text and "利用者調査の結果に基づき" in answer.text, answer.text


def test_a_sentence_between_two_quoted_sentences_of_a_paragraph_is_quoted_too(real_embedder, tmp_path):
    units = ["＜見本国＞見本特別法における部材管理\n\n2021年、見本国で見本特別法が制定。部材を扱う専門人材に対し、企業が、転職制限等の契約を"
             "締結できることを規定。また渡航の記録も確認可能。このほか、専門人材の長期勤続を促す費用の一部を政府が支援。\n\n"
             "見本国の部材輸出は年々増えている。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    lines = lines_of(answer_question(deck, "見本特別法は、専門人材に関わるどのような仕組みを定めているか。漏れなく示してください"))
    # (the two sentences the question's words are in, and the one between them, in the paragraph's order)
    assert [line for line in lines if "見本国で" not in line] == [
        "部材を扱う専門人材に対し、企業が、転職制限等の契約を締結できることを規定。", "また渡航の記録も確認可能。",
        "このほか、専門人材の長期勤続を促す費用の一部を政府が支援。"], lines


def test_an_act_asked_leave_for_that_the_documents_never_write_is_refused(searcher):
    # 「…同席してもらっていいの？」: the documents never write 同席, so they say neither yes nor no to it
    answer = answer_question(searcher, "相談窓口に行くとき、事業者の専門家にも同席してもらっていいの？")
    assert not answer.found and "同席" in answer.refusal_reason, answer.text
    # …but an act they write is looked for (相談 is on the slide)
    assert answer_question(searcher, "相談窓口で部材の調達について相談してもいいの？").found


def test_why_a_case_does_what_it_does_asks_no_companys_lines():
    from pipeline.answering.ranked import party_named

    # 「事例④のA社って…どうやって…」 asks what the company did: its lines answer
    assert party_named("事例④のA社って、原料の調達先をどうやって洗い出したの？", "A社の例（金属）")
    # 「…（A社の例）は、どのような問題意識から…」 asks why the case does it, which the case's first lines tell
    assert not party_named("事例④（A社の例）は、どのような問題意識から調達先の見える化に取り組んでいるの？", "A社の例（金属）")
    assert not party_named("事例④のA社は、なぜ調達先に印を付けたの？", "A社の例（金属）")


def test_a_follow_up_marking_a_topic_of_its_own_is_led_by_the_line_on_it(real_embedder, tmp_path):
    # 「その体制のなかで、見本財政部ってどんな役割なの？」: the earlier turn's words (役割分担, 見本国) say where to
    # look; what is asked is the office the follow-up marks with って, as specific as they are
    units = ["見本国の供給網の体制\n官民で連携するには、役割分担をどのようにすべきか。\n"
             "- 見本財政部は、全体の調整を総括する。\n- 見本産業部は、品目別の在庫を監視する。",
             "見本国の人材育成\n見本国は、技術者の育成に力を入れている。\n大学と企業の共同講座を設けた。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    first = "見本国は、供給網が途絶えたときに備えて、どんな役割分担の仕組みを作った？"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": answer_question(deck, first).text}]
    answer = answer_question(deck, "その体制のなかで、見本財政部ってどんな役割なの？", history=history)
    assert lines_of(answer)[0] == "見本財政部は、全体の調整を総括する。", answer.text



def test_a_how_to_lead_goes_on_with_the_names_of_measures_listed_right_under_it(real_embedder, tmp_path):
    # 「…見本部材の安定供給の確保を進める。」 over 「• 調達先の分散（国内外）」…: the list under the lead names the
    # measures it states, and they answer with it, in order (not the lead alone)
    units = ["見本方針\n② 見本部材の安定供給の確保\n価格の急変による供給の途絶を防ぐべく、見本部材の安定供給の確保を進める。\n"
             "- 調達先の分散（国内外）\n- 見本国との連携\n- 在庫情報の共有\n",
             "見本局の研修\n局職員向けの研修を年2回実施している。\n講師は見本大学の教員が務める。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    lines = lines_of(answer_question(deck, "見本部材の安定供給を確保するには、どのような手を打つこととされていますか"))
    assert lines[:4] == ["価格の急変による供給の途絶を防ぐべく、見本部材の安定供給の確保を進める。",
                         "調達先の分散（国内外）", "見本国との連携", "在庫情報の共有"], lines


def test_two_lettered_parties_compared_are_told_each_by_its_own_list_whole(case_overview):
    # 「事例④のA社とB社は、…どう違いますか」: each party's list under its heading, whole and in order (the first
    # step of A社, 「…印を付けた。」, had been cut for the best two of its lines)
    lines = lines_of(answer_question(case_overview, "事例④に出てくるA社とB社は、調達先の確認の進め方がどう違いますか"))
    a_company = ["A社の例（金属）", "営業部門を通じて、原料の調達先に印を付けた。", "網羅的に行うことで、見落としていた調達先も確かめられた。",
                 "その結果、分けていたはずの調達先が同じ会社だと分かった。"]
    assert lines[:4] == a_company and "B社の例（素材）" in lines[4:], lines


def test_items_quoted_each_are_told_with_the_list_under_them(real_embedder, tmp_path):
    # 「「見本コンパス」と「見本ディール」は、それぞれどのような内容」: an item alone in its list (「➤ 「見本コンパス」
    # <2025年1月>」) over a list of its own (「○ …」) is told with the items under it, each item in the question's order
    units = ["見本国の動き\n\n【対応】\n\n➤ 「見本コンパス」 <2025年1月>\n\n○ 見本産業の5年間の政策を公表。\n\n"
             "○ 見本投資プログラムを展開\n\n➤ 「見本ディール」 <2025年2月>\n\n○ 加盟国に見本税制の導入を推奨\n",
             "見本局の研修\n局職員向けの研修を年2回実施している。\n講師は見本大学の教員が務める。"]
    deck = slides_deck(real_embedder, tmp_path, units)
    lines = lines_of(answer_question(deck, "見本国の「見本コンパス」と「見本ディール」は、それぞれどのような内容とされていますか"))
    assert lines == ["「見本コンパス」 <2025年1月>", "見本産業の5年間の政策を公表。", "見本投資プログラムを展開",
                     "「見本ディール」 <2025年2月>", "加盟国に見本税制の導入を推奨"], lines


def test_two_choices_the_documents_write_neither_of_are_refused_for_the_case(case_overview):
    # 「…A社って、結局そのあと倒産しちゃったの？それとも持ち直した？」: the case's lines say neither, so they settle nothing
    answer = answer_question(case_overview, "事例④のA社って、結局そのあと倒産しちゃったの？それとも持ち直した？")
    assert not answer.found and "倒産か持ち直しか" in answer.refusal_reason, answer.text


# A value no line states that the figures the lines give come to (answering.derived)
DERIVED_UNITS = [
    "見本機構の沿革\n\n2001年 見本機構が発足\n\n2011年\n見本制度の開始\n\n（出所）見本年報",
    "見本国の基金\n\n3月に1,000億円の見本基金を創設。研究開発等の支援。\n\n7月に400億円の第二基金を創設。\n\n設備更新に100億円を配分。",
    "見本計画の目標\n\n見本計画：10年で200兆円超の官民投資、そのために30兆円規模の政府支援。",
    "見本計画の経緯\n\n2021年4月 見本計画初版\n\n2022年11月 見本計画改訂版\n\n(1) 見本指針の策定（2023年秋頃の初版公表を目指す）",
    "見本局の研修\n\n- 8/4 職員向け見本研修\n・40名参加（オンライン含） 満足度75%",
    "見本手引の経緯\n\n- 業界の声を受け、「見本手引」を公表（令和3年4月）。\n\n- 見本手引を拡充し、「見本要領」を公表（令和5年1月）。",
]


@pytest.fixture(scope="module")
def derived_deck(real_embedder, tmp_path_factory):
    return slides_deck(real_embedder, tmp_path_factory.mktemp("derived"), DERIVED_UNITS)


def test_the_years_between_two_dated_events_are_worked_out_from_their_dates(derived_deck):
    # 「2011年」 alone over 「見本制度の開始」 dates it: quoted with it, and the notice gives 10 years
    answer = answer_question(derived_deck, "見本機構が発足してから見本制度が開始されるまで、何年あいてる？")
    assert answer.found and lines_of(answer) == ["2001年 見本機構が発足", "2011年", "見本制度の開始"], answer.text
    assert "10年" in answer.notice and "記載はありません" in answer.notice, answer.notice
    answer = answer_question(derived_deck, "見本機構の発足から見本制度の開始まで何年？")  # 「…から…まで何年」 asks it too
    assert answer.found and "10年" in (answer.notice or ""), answer
    # each event by a line naming all its own words (another plan's 「…の初版公表」 is not 見本計画's 初版); dates to
    # the month give years and months
    answer = answer_question(derived_deck, "見本計画の初版から改訂版まで何年？")
    assert answer.found and lines_of(answer) == ["2021年4月 見本計画初版", "2022年11月 見本計画改訂版"], answer.text
    assert "1年7か月" in answer.notice, answer.notice


def test_what_a_yes_no_questions_head_is_for_never_written_is_what_it_asks_of(real_embedder, tmp_path):
    searcher = slides_deck(real_embedder, tmp_path, [
        "見本部品の管理\n\n見本部品の持ち出しについて、社内ルールを定め、従業員に周知することが必要。"])
    # 社内ルール is written; what the rule is for (セクハラ) nowhere, nor any word of it: the documents do not cover it
    answer = answer_question(searcher, "社員5人の会社だけど、セクハラ対策の社内ルールって作らないとダメ？")
    assert not answer.found and "『セクハラ』" in answer.refusal_reason, answer.text
    # what the documents' rule is for is theirs to settle
    answer = answer_question(searcher, "見本部品の持ち出し対策の社内ルールって作らないとダメ？")
    assert answer.found and "見本部品の持ち出しについて、社内ルールを定め、従業員に周知することが必要。" in lines_of(answer), answer.text


def test_an_act_asked_whether_one_can_do_that_no_passage_on_the_topic_writes_is_unsettled(real_embedder, tmp_path):
    searcher = slides_deck(real_embedder, tmp_path, [
        "見本派遣事業\n\n見本派遣事業では、情報管理の専門家を無償で派遣し、助言を行う。\n\n申込み後でも、派遣の日程は変更できる。",
        "見本審議会\n\n審議会の委員は、理事長が指名する。"])
    # 指名 is written, of another body's members: nothing on 見本派遣事業 says whether its experts can be chosen
    answer = answer_question(searcher, "見本派遣事業をたのむとき、来てもらう専門家ってこっちで指名できるの？")
    assert not answer.found and "『指名』" in answer.refusal_reason and "『見本派遣事業』" in answer.refusal_reason, answer.text
    # an act its passage does write is theirs to settle
    answer = answer_question(searcher, "見本派遣事業の日程って、申し込んだあとに変更できる？")
    assert answer.found and "申込み後でも、派遣の日程は変更できる。" in lines_of(answer), answer.text


def test_each_of_the_things_a_quoted_word_names_is_answered_by_every_line_naming_it(real_embedder, tmp_path):
    searcher = slides_deck(real_embedder, tmp_path, [
        "見本連合の政策パッケージ\n\n見本連合は2024年3月、政策文書「見本連合の新たな取組」を発表し、物流・人材・税制の施策を提案。\n\n"
        "1. 物流の効率化\n\n- 「物流に関する提言書」を公表。\n\n2. 人材の確保\n\n- 人材育成に関する提言書を公表。\n"
        "- 研修制度の見直しを2025年に行う予定。\n\n3. 税制の見直し\n\n- 「税制に関する提言書」を公表。"])
    # 「「提言書」として…は、それぞれ」: the user quotes the slide's word for the things asked each of; every line naming
    # it, in the slide's order, under whichever heading — not the slide's lead sentence or its other lines
    answer = answer_question(searcher, "見本連合のパッケージで「提言書」として公表された文書は、それぞれどんな分野のもの？")
    assert answer.found and lines_of(answer) == ["「物流に関する提言書」を公表。", "人材育成に関する提言書を公表。",
                                                 "「税制に関する提言書」を公表。"], answer.text


def test_a_contact_asked_for_a_year_is_the_page_whose_slide_names_that_year(real_embedder, tmp_path):
    searcher = slides_deck(real_embedder, tmp_path, [
        "見本派遣事業\n\n見本派遣事業は2024年9月1日より開始しています。\n\n以下の見本制度HPよりお申込みいただけます\n\n"
        "https://www.example.go.jp/mihon/haken.html\n\n※2026年度の見本派遣事業も、追って公募を開始する予定です。"])
    # the link holds no year, and the deck (2025-03) is of fiscal 2024: its slide's line naming 2026年度 makes it that
    # year's page, quoted beside it
    answer = answer_question(searcher, "2026年度も見本派遣を使いたい。申し込みはどこから？")
    assert answer.found and "https://www.example.go.jp/mihon/haken.html" in answer.text, answer.text
    assert "※2026年度の見本派遣事業も、追って公募を開始する予定です。" in lines_of(answer), answer.text
    # a year no line of the slide names is not met by it
    answer = answer_question(searcher, "2028年度も見本派遣を使いたい。申し込みはどこから？")
    assert not answer.found and "2028年度" in answer.refusal_reason, answer.text


def test_dates_in_the_era_give_the_years_and_months_between_two_events(derived_deck):
    # 令和3年4月 to 令和5年1月: 1年9か月 when years and months are asked, 21か月 when months; a comma may follow から
    answer = answer_question(derived_deck, "見本手引の公表から、見本要領の公表まで何年何か月たった？")
    assert answer.found and "1年9か月" in (answer.notice or ""), answer.text
    assert lines_of(answer) == ["業界の声を受け、「見本手引」を公表（令和3年4月）。", "見本手引を拡充し、「見本要領」を公表（令和5年1月）。"]
    answer = answer_question(derived_deck, "見本手引の公表から見本要領の公表まで何か月あいてる？")
    assert answer.found and "21か月" in (answer.notice or ""), answer.text


def test_a_parts_share_of_a_whole_is_worked_out_from_the_whole_and_the_part_on_its_slide(derived_deck):
    # the part (設備更新) is no other whole: 「7月に…第二基金を創設。」 names the whole's words and is none of it
    answer = answer_question(derived_deck, "見本国の7月の第二基金、設備の更新に回したのって、基金のうちどれくらいの割合？")
    assert answer.found and lines_of(answer) == ["7月に400億円の第二基金を創設。", "設備更新に100億円を配分。"], answer.text
    assert "約25%" in answer.notice, answer.notice
    # a figure on the slide of no part the question names (設備更新 for 研究開発) is no part of the whole
    answer = answer_question(derived_deck, "見本国の3月の基金のうち研究開発に回した割合は？")
    assert "計算すると" not in (answer.notice or ""), answer


def test_a_line_giving_a_whole_and_its_part_is_its_own_pair(derived_deck):
    answer = answer_question(derived_deck, "見本計画の官民投資のうち政府支援の割合は？")
    assert answer.found and lines_of(answer) == ["見本計画：10年で200兆円超の官民投資、そのために30兆円規模の政府支援。"], answer.text
    assert "約15%" in answer.notice, answer.notice


def test_a_share_of_a_count_is_worked_out_only_for_the_share_of_what_is_asked(derived_deck):
    answer = answer_question(derived_deck, "見本局の職員向け研修、参加者のうち満足した人って何人くらい？")
    assert answer.found and "40名参加（オンライン含） 満足度75%" in lines_of(answer) and "約30名" in answer.notice, answer
    # another event's participants (説明会) are not counted by the 研修's line
    answer = answer_question(derived_deck, "見本局の説明会の参加者のうち満足した人って何人くらい？")
    assert "約30名" not in (answer.notice or "") and "約30名" not in answer.text, answer
    # the share on the line is of 満足, not of who took part online: nothing to work out
    answer = answer_question(derived_deck, "見本局の職員向け研修の40名って、そのうちオンラインで参加したのは何人？")
    assert "約30名" not in (answer.notice or "") and "約30名" not in answer.text, answer


def test_a_refusal_says_what_is_asked_of_a_condition_once(derived_deck):
    # 「満足した人」 asked as a number: 「満足した人の数」, not 「満足した人の人の数」
    answer = answer_question(derived_deck, "見本局の説明会の参加者のうち満足した人って何人くらい？")
    assert not answer.found and "満足した人の数の記載" in answer.refusal_reason, answer.refusal_reason


def test_a_breakdown_by_a_thing_the_documents_never_name_is_refused(searcher):
    # 「35名が参加した」 is there; nothing of 男女 (nor of 年代) is: no breakdown by it is given
    answer = refusing(searcher, "第2回研修会の参加者の男女別の人数は？", "男女別")
    assert "内訳" in answer.refusal_reason and "『研修会』" in answer.refusal_reason
    # the count itself is theirs
    quoting(searcher, "第2回研修会の参加者は何人？", "第2回研修会は2025年11月10日に開催し、35名が参加した。")


def test_a_written_question_ending_in_noka_asks_whether(searcher):
    # 「…されるのか。」 is the written form of 「…されますか」: a yes/no question whose act (域外適用,
    # where the documents write neither 域外 nor the compound) they never settle
    answer = answer_question(searcher, "PSCの相談員の助言は、海外の事業者にも域外適用されるのか。")
    assert not answer.found and "『域外適用』" in answer.refusal_reason, answer.text
    assert answer_to_json(answer)["answer_type"] == "yesno"


def test_the_end_of_a_deck_named_as_where_to_look_is_no_topic(searcher):
    # 「資料の最後に載ってる」 says where in the deck, not what the contact is for
    answer = answer_question(searcher, "資料のいちばん最後に載ってる問い合わせ先の電話番号は？")
    assert answer.found and "TEL" in answer.text, answer.text


def test_what_an_older_plan_became_is_led_by_the_newer_slides_title_saying_it_done(real_embedder, tmp_path):
    manifest = dated_manifest(
        ("old", "見本計画の概要", "見本省 大臣官房 調整室", "2024-02"),
        ("new", "見本省の取組", "見本経済産業局 国際課", "2026-03"))
    searcher = searcher_over(real_embedder, tmp_path, {
        "old.txt": "見本計画の概要\n\n\n\n見本計画（2023年10月）の柱\n\n"
                   "- 部材の調達に伴うリスク管理について、手引き・指針を策定し、事業者の活用を促進する。\n"
                   "- 部材の備蓄について、業界団体と対話を行う。\n",
        "new.txt": "見本省の取組\n\n\n\n(2) 見本部材調達手引き (第1版) の策定\n\n"
                   "- 事業者を取り巻く環境は、効率重視の調達から、供給の途絶を踏まえた対応が求められる時代に突入\n"
                   "- 今回の手引きは、経営層が調達の取組を経営戦略として考える上での推奨事項をまとめるもの\n\n\n\n"
                   "(3) 相談窓口の開設\n\n- 部材の調達に関する相談を、当局の窓口で受け付ける\n"}, manifest)
    # the asker tells what the older plan said; its own line is what they know, and the newer slide whose
    # title says the thing done (「…手引き (第1版) の策定」) is what it became
    answer = answer_question(searcher, "2023年10月の見本計画では、部材の調達のリスク管理について手引き・指針を策定するとされて"
                                       "いました。最新の資料では、その後どのような手引きが策定されていますか")
    lines = lines_of(answer)
    assert answer.found and lines[0] == "(2) 見本部材調達手引き (第1版) の策定", answer.text
    assert "2026-03" in (answer.notice or ""), answer.notice


def test_a_thing_qualifying_what_a_question_is_about_that_the_documents_never_name_is_refused(searcher):
    # 「…テレワークをする際の情報の持ち出しについて」: the documents write 持ち出し, never テレワーク, which the
    # clause marked as what is asked narrows it to
    answer = answer_question(searcher, "見本局の資料は、社員がテレワークをする際の情報の持ち出しについて、どのような対策を示していますか")
    assert not answer.found and "『テレワーク』" in answer.refusal_reason, answer.text
    # the clause's last word is the asker's name for it (役目, never written): the thing before it is theirs
    answer = answer_question(searcher, "見本局の資料は、退職者による情報の持ち出しを防ぐ役目について、どのような対策を示していますか")
    assert answer.found and "誓約" in answer.text, answer.text


def test_how_often_asked_as_how_much_it_happens_is_answered_by_a_frequency_in_words(real_embedder, tmp_path):
    searcher = slides_deck(real_embedder, tmp_path, [
        "(1) 勧誘メールへの対応\n\n- 見本部品を扱う社員に対して、外部からの勧誘メールは頻繁に届いている。\n"
        "- 届いたメールは、社内の窓口で件数を集計し、15件の事例を共有した。"])
    # 「どのくらいよく来る」 asks how often, which 「頻繁に」 tells (not a count of something)
    answer = answer_question(searcher, "見本部品を扱う社員に、勧誘メールってどのくらいよく来るの？")
    assert answer.found and "頻繁に届いている" in answer.text, answer.text
    assert "15件" not in answer.text, answer.text


def test_a_second_question_in_a_sentence_of_its_own_is_answered_too(searcher):
    # 「…何人参加した？また、講師はどこですか。」: the count, then the line on who lectured, each passage cited once
    answer = answer_question(searcher, "第2回研修会には何人参加した？また、講師はどこですか。")
    lines = lines_of(answer)
    assert "第2回研修会は2025年11月10日に開催し、35名が参加した。" in lines, answer.text
    assert "・講師：見本局、北国工業大、南海技研、港湾協会 他" in lines or "講師：見本局、北国工業大、南海技研、港湾協会 他" in lines, answer.text
    numbers = [c.n for c in answer.citations]
    assert numbers == list(range(1, len(numbers) + 1)) and len({c.chunk.chunk_id for c in answer.citations}) == len(numbers)
    # the second ask read alone has no topic; read after the first, it is the training's
    assert all(n <= len(numbers) for n in map(int, re.findall(r"\[(\d+)\]", answer.text)))


def test_the_second_questions_passage_is_numbered_after_the_firsts(real_embedder, tmp_path):
    searcher = slides_deck(real_embedder, tmp_path, [
        "(1) 見本相談会\n\n- 見本相談会には、40名が参加した。\n- 参加は無料。",
        "(2) 見本手引き\n\n- 見本手引きは、2025年4月に公表した。\n- 部材の調達の留意点をまとめたもの。"])
    answer = answer_question(searcher, "見本手引きは何年何月に公表されましたか。また、見本相談会には何人参加した？")
    assert "見本手引きは、2025年4月に公表した。[1]" in answer.text.splitlines(), answer.text
    assert "見本相談会には、40名が参加した。[2]" in answer.text.splitlines(), answer.text
    assert [(c.n, "見本相談会" in c.quote) for c in answer.citations] == [(1, False), (2, True)], answer.citations


def test_the_total_of_two_things_counts_is_worked_out_from_their_lines(real_embedder, tmp_path):
    searcher = slides_deck(real_embedder, tmp_path, [
        "見本局の催し\n\n- 8/4 見本説明会 (オンライン)\n・事業者等 60名超が参加\n- 8/4 職員向け見本研修\n・25名参加（オンライン含） 満足度80%"])
    # each thing by the line under its own heading; a count that is a floor (60名超) makes the total one
    answer = answer_question(searcher, "見本局の説明会と職員の研修って、参加者を足すと何人？")
    assert answer.found and {"事業者等 60名超が参加", "25名参加（オンライン含） 満足度80%"} <= set(lines_of(answer)), answer.text
    assert "60名超 + 25名" in (answer.notice or "") and "85名超" in answer.notice, answer.notice
    # a thing with no count of its own (展示会) is no total
    answer = answer_question(searcher, "見本局の説明会と展示会って、参加者を合わせると何人？")
    assert "計算すると" not in (answer.notice or ""), answer

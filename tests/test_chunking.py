"""Units and chunks from the document model, on small fixture documents with their own manifest rules."""
import pytest

from pipeline.chunking import MAX_CHARS, TINY_CHARS, chunk_corpus, chunk_document
from pipeline.document import build_units, split_printed_page
from pipeline.errors import InputError
from pipeline.normalize import compact
from pipeline.records import Document, RawSlide
from pipeline.rules import CasePattern, CollectionRule, DocumentRules, case_key

import re

RULES = DocumentRules(
    collections=(CollectionRule("見学会事例集", ("見学会",)), CollectionRule("研修制度", ("研修",))),
    cases=(CasePattern("会", re.compile(r"^事例([①-⑳])\s*[：:]"), "事例{1}", "見学会事例集"),
           CasePattern("番号", re.compile(r"^(\d{1,3})[.．]\s*\S"), "No.{1}", "研修制度", after="研修の好事例")),
    typos=(("ケンシュウ", "研修"),),
)
SLIDES = [
    "(1) 見学会の事例について\n\n事例①：工場見学での撮影\n- 撮影は事前に許可を得る。\n\n事例②：展示会での質問\n- 仕様の詳細は答えない。",
    "(2) 研修制度\n\n研修の好事例 2025年追加\n\n7. 新人向けのケンシュウ\n- 入社時に秘密保持を説明する。\n\n対応策の例\n- 年に一度の復習。\n3",
    "一般的な注意\n\n" + "。".join(["情報の扱いを確認する" * 3] * 30) + "。",
]


RULES_NONE = DocumentRules()


def doc(rules=RULES):
    return Document(doc_id="fx", path=None, title="見本資料", publisher="見本局", date="2026-01", rules=rules)


@pytest.fixture(scope="module")
def built():
    document = doc()
    units = build_units(document, [RawSlide(t) for t in SLIDES])
    return units, chunk_document(document, units)


def test_cases_come_from_the_manifest_rules_with_their_written_numbers(built):
    units, chunks = built
    labels = [(c.case, c.collection) for c in chunks if c.case]
    assert ("事例①", "見学会事例集") in labels and ("事例②", "見学会事例集") in labels
    assert ("No.7", "研修制度") in labels
    seven = next(c for c in chunks if c.case == "No.7")
    assert "研修の好事例" in seven.text  # the banner opens the entry
    assert "年に一度の復習" in seven.text  # 「対応策の例」 under the case doesn't end it
    assert case_key("事例⑥") == case_key("事例6") == "事例6"


def test_no_chunk_spans_two_cases_and_no_segment_is_split(built):
    units, chunks = built
    for chunk in chunks:
        cases = {units[chunk.position - 1].cases[p.block] for p in chunk.pieces} - {None}
        assert len(cases) <= 1, chunk.chunk_id  # a section heading may lead into the case it opens
    pieces = [p.text for c in chunks for p in c.pieces]
    segments = [s.text for u in units for b in u.blocks for s in b.segments]
    assert pieces == segments  # every segment once, whole, in order


def test_a_heading_travels_with_what_it_titles(built):
    _, chunks = built
    for chunk in chunks:
        assert chunk.pieces[-1].kind not in ("heading", "title") or len(chunk.pieces) == 1 or chunk is chunks[-1]


def test_a_numbered_section_inside_a_slide_is_not_under_the_slide_before_it():
    # a slide the extraction ran into the next one: 「(3) 相談窓口」 starts a section of its own
    slide = ("(2) 見学会の申込\n\n見学会はウェブページから申し込む。\n\n"
             "(3) 相談窓口のご紹介\n\n相談窓口では、部材の調達について相談に応じます。\n\n相談は無料です。")
    chunks = chunk_document(doc(RULES_NONE), build_units(doc(RULES_NONE), [RawSlide(slide)]))
    free = next(c for c in chunks if "相談は無料です。" in c.text)
    assert free.heading.startswith("(3) 相談窓口のご紹介") and "見学会" not in free.heading
    assert "見学会はウェブページから申し込む。" not in free.text


def test_a_label_in_the_same_brackets_as_the_title_is_its_sibling_not_its_part():
    # a slide of two countries side by side: 「＜乙国＞」 is not under the title 「＜甲国＞…」
    slide = ("＜甲国＞見本法における技術管理\n\n甲国は見本法で技術を管理する。\n\n"
             "＜乙国＞見本条例の改正\n\n乙国は12技術を指定した。\n\n【課題】\n\n- 人手不足")
    chunks = chunk_document(doc(RULES_NONE), build_units(doc(RULES_NONE), [RawSlide(slide)]))
    second = next(c for c in chunks if "乙国は12技術を指定した。" in c.text)
    assert second.heading.startswith("＜乙国＞") and "甲国" not in second.heading, second.heading
    assert "甲国は見本法で技術を管理する。" not in second.text


def test_a_part_in_lenticular_brackets_heads_the_sections_under_it_up_to_the_next_part():
    # 「【次の改訂での見直し点】」 holds two sections; the second's lines are under it too (a question about the
    # revision finds them), but not in the text they are searched by, and a later part ends it
    long = "工場の見学者には受付で撮影の可否と持込品の扱いを説明し、同意を得てから案内する。" * 8
    slide = (f"見本の手引き\n\n手引きは第2版まで公開している。\n\n【次の改訂での見直し点】\n\n見学の扱い\n\n- {long}\n\n"
             f"展示会の扱い\n\n- 試作品は展示しない。{long}\n\n【参考資料】\n\n用語集\n\n- 用語を定める。{long}")
    chunks = chunk_document(doc(RULES_NONE), build_units(doc(RULES_NONE), [RawSlide(slide)]))
    second = next(c for c in chunks if "試作品は展示しない。" in c.text)
    assert "【次の改訂での見直し点】 / 展示会の扱い" in second.heading, second.heading
    assert "見直し点" not in second.search_text.split("\n")[0]
    glossary = next(c for c in chunks if "用語を定める。" in c.text)
    assert "見直し点" not in glossary.heading, glossary.heading


def test_a_slide_of_reference_run_into_the_slide_before_is_not_under_its_title():
    # 「（参考）乙国における見本制度」 after a slide on 甲国 that the extraction ran it into: its lines are
    # about 乙国 (a question about 甲国 must not read them as 甲国's), though searched as before
    long = "乙国政府は、見本制度により部材の供給途絶に備える体制を法制化し、関係省庁の連携を強化している。" * 6
    slide = (f"甲国の見本戦略\n\n甲国は100以上の拠点から情報を集める。{long}\n\n（参考）乙国における見本制度の整備\n\n"
             f"- {long}")
    chunks = chunk_document(doc(RULES_NONE), build_units(doc(RULES_NONE), [RawSlide(slide)]))
    other = next(c for c in chunks if c.text.startswith("（参考）乙国"))
    assert other.heading.startswith("（参考）乙国における見本制度の整備") and "甲国" not in other.heading, other.heading
    assert other.search_text.startswith("甲国の見本戦略")


def test_a_link_that_opens_a_slide_ends_the_slide_before_it():
    # the extraction put the link the slide before ends with at the top of the next slide's text
    slides = ["(4) 見本動画のご案内\n\n手引きの紹介動画を公開中！",
              "アクセスはこちら\n\n<https://video.example.jp/watch?v=abc>\n\n(5) 相談窓口\n\n相談は無料です。"]
    units = build_units(doc(RULES_NONE), [RawSlide(t) for t in slides])
    assert [u.title for u in units] == ["(4) 見本動画のご案内", "(5) 相談窓口"]
    assert "https://video.example.jp/watch?v=abc" in units[0].blocks[-1].text
    assert all("video.example.jp" not in b.text for b in units[1].blocks)
    chunks = chunk_document(doc(RULES_NONE), units)
    link = next(c for c in chunks if "video.example.jp" in c.text)
    assert "紹介動画を公開中" in link.text  # with the line that says what it links to


def test_a_footnote_that_opens_a_slide_ends_the_slide_before_it_but_a_source_note_stays():
    # the extraction put the ※ footnote the slide before ends with at the top of the next slide's text
    slides = ["見本事例 1 : 見本契約先からの流出\n\n- 見本A社は契約内容の精査を怠った。",
              "※ p20「見本制度の確認」、p23「見本取引先の確認」\n\n【見本対策】\n\n- 見本技術を特定する。",
              "(出所) 見本省HP\n\n見本スキームの概要\n\n- 見本技術の移転前に報告する。"]
    units = build_units(doc(RULES_NONE), [RawSlide(t) for t in slides])
    assert "p20「見本制度の確認」" in units[0].blocks[-1].text
    assert all("p20" not in b.text for b in units[1].blocks)
    assert "(出所) 見本省HP" in units[2].blocks[0].text  # a source note may head its own slide


def test_slides_without_a_title_of_their_own_name_the_section_once():
    slides = ["(1) 支援制度\n\n制度の概要\n\n中小企業の技術管理を支援する制度です。",
              "対象は中小企業と中堅企業です。申請は窓口で受け付けます。",
              "審査は一か月ほどかかります。結果は書面で通知します。"]
    units = build_units(doc(RULES_NONE), [RawSlide(t) for t in slides])
    assert [u.title for u in units] == ["(1) 支援制度", "(1) 支援制度 / 制度の概要", "(1) 支援制度 / 制度の概要"]


def test_long_units_are_cut_between_sentences(built):
    _, chunks = built
    long = [c for c in chunks if c.unit_title == "一般的な注意"]
    assert len(long) > 1
    for chunk in long:
        assert len(chunk.text) <= MAX_CHARS + TINY_CHARS + 40
        assert all(p.text.endswith("。") or p.kind == "title" for p in chunk.pieces)


def test_citation_names_the_unit_title_and_printed_page_not_our_count(built):
    _, chunks = built
    seven = next(c for c in chunks if c.case == "No.7")
    assert seven.printed_page == "3"
    assert seven.citation == "見本資料（見本局, 2026-01）「(2) 研修制度」 3ページ 研修制度 No.7"
    assert "スライド" not in seven.citation


def test_typos_are_fixed_in_search_text_only(built):
    _, chunks = built
    seven = next(c for c in chunks if c.case == "No.7")
    assert "ケンシュウ" in seven.text and "ケンシュウ" not in seven.search_text and "研修" in seven.search_text


def test_a_document_without_rules_gets_no_labels():
    document = doc(DocumentRules())
    chunks = chunk_document(document, build_units(document, [RawSlide(t) for t in SLIDES]))
    assert all(c.case is None and c.collection is None for c in chunks)


@pytest.mark.parametrize("text, stripped, number", [
    ("表題\n本文。\n20", "表題\n本文。\n  ", "20"),
    ("表題\n本文。\n30※ 点線枠内は例示", "表題\n本文。\n  ※ 点線枠内は例示", "30"),
    ("表題\n施策を推進。 12", "表題\n施策を推進。   ", "12"),
    ("表題\n本文のみ。", "表題\n本文のみ。", None),
    ("20", "20", None),  # a unit that is only a number keeps it
])
def test_printed_page_is_taken_out_with_offsets_kept(text, stripped, number):
    assert split_printed_page(text) == (stripped, number)


def test_radicals_never_reach_search_text(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("⼤⾂の発⾔\n\n国⺠の理解を得る。", encoding="utf-8")
    result = chunk_corpus(corpus)
    assert all(not re.search("[\u2e80-\u2fdf]", c.search_text) for c in result.chunks)
    assert "大臣" in result.chunks[0].search_text and "国民" in result.chunks[0].text


def test_no_text_is_lost(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("\n\n\n".join(SLIDES[:2]), encoding="utf-8")
    chunked = compact("".join(c.text for c in chunk_corpus(corpus).chunks))
    for line in "\n".join(SLIDES[:2]).splitlines():
        words = compact(re.sub(r"^- ", "", line))
        if words and not words.isdigit():  # list marks and the printed page number go, every word stays
            assert words in chunked, line


MANIFEST_BAD = [
    ('[[case_pattern]]\nname = "x"\npattern = "事例(["\nlabel = "{1}"\n', "case_pattern「x」の pattern（3 行目）"),
    ('[[document]]\nid = "a"\nfile = "a.txt"\ntitle = "t"\npublisher = "p"\ndate = "2026"\ncase_patterns = ["none"]\n',
     "文書 a の case_patterns（7 行目）"),
    ('[[collection]]\nname = "c"\nkeywords = "k"\n[[document]]\nid = "a"\nfile = "a.txt"\ntitle = "t"\n'
     'publisher = "p"\ndate = "2026"\ntypos = ["x"]\n', "文書 a の typos"),
]


@pytest.mark.parametrize("manifest, where", MANIFEST_BAD)
def test_manifest_rules_that_do_not_parse_name_file_key_and_line(tmp_path, manifest, where):
    from pipeline.corpus import list_documents

    (tmp_path / "a.txt").write_text("本文。", encoding="utf-8")
    (tmp_path / "manifest.toml").write_text(manifest, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        list_documents(tmp_path)
    assert "manifest.toml" in raised.value.message and where in raised.value.message

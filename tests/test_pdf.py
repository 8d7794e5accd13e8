"""Real PDFs: a generated 12-page handbook (tests/pdf_fixture.py) read, structured, chunked and
cited the way a reader finds it; page cleanup rules on small synthetic pages."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import pdf_fixture as fx
from pipeline.chunking import chunk_document
from pipeline.document import build_units
from pipeline.pdf_pages import Line, PageText, Run, clean_pages, page_number_of
from pipeline.readers import read_slides
from pipeline.records import Document
from pipeline.rules import CasePattern, CollectionRule, DocumentRules

PDF_ID = "minato-2026-trade-secrets"
CASE_RULES = DocumentRules(
    collections=(CollectionRule("相談事例集", ("相談事例",)),),
    cases=(CasePattern("相談事例", re.compile(r"^事例([①-⑳])\s*[：:]"), "事例{1}", "相談事例集"),),
)


@pytest.fixture(scope="module")
def handbook(tmp_path_factory) -> Path:
    return fx.make_handbook_pdf(tmp_path_factory.mktemp("pdf") / f"{PDF_ID}.pdf")


def _read(path: Path, rules: DocumentRules = CASE_RULES):
    document = Document(PDF_ID, path, fx.TITLE, "みなと県 産業振興局", "2026-04", rules=rules)
    slides, warnings = read_slides(path)
    units = build_units(document, slides)
    return units, chunk_document(document, units), warnings


@pytest.fixture(scope="module")
def read(handbook):
    return _read(handbook)


def unit_on(units, pdf_page):
    [unit] = [u for u in units if u.page == pdf_page]
    return unit


def segments(unit):
    return [s.text for b in unit.blocks for s in b.segments]


# ------------------------------------------------------------------------------------- the handbook


def test_running_header_footer_and_page_numbers_are_not_content(read):
    units, chunks, _ = read
    for chunk in chunks:
        for running in (fx.HEADER_LEFT, fx.FOOTER, "説明資料"):
            assert running not in chunk.text and running not in chunk.search_text, chunk.chunk_id
        # the right half of the header is the document's title: text of the cover only
        assert fx.HEADER_RIGHT not in chunk.text or chunk.page == 1
    for unit in units:
        for text in segments(unit):
            assert not re.fullmatch(r"[-‐]?\s*\d{1,3}\s*[-‐]?", text), (unit.page, text)


def test_units_carry_the_pdf_page_and_the_number_the_page_prints(read):
    units, chunks, _ = read
    expected = {p.pdf_page: p.printed for p in fx.PAGES if p.pdf_page != fx.DRAWING_PAGE}
    assert {u.page: u.printed_page for u in units} == expected
    for chunk in chunks:
        printed = expected[chunk.page]
        if printed:
            assert f"p.{chunk.page}（資料の表記 {printed}）" in chunk.citation, chunk.citation
        else:  # the cover and the contents print no number: the PDF page alone
            assert f"p.{chunk.page}" in chunk.citation and "資料の表記" not in chunk.citation
        assert "スライド" not in chunk.citation


def test_a_page_without_text_is_reported_and_the_document_still_indexes(read):
    units, chunks, warnings = read
    assert any(f"{PDF_ID}.pdf p.{fx.DRAWING_PAGE}" in w and "文字を抽出できません" in w for w in warnings)
    assert fx.DRAWING_PAGE not in {u.page for u in units} and len(units) == 11 and chunks


def test_the_table_keeps_its_header_and_each_row_is_one_segment(read):
    units, _, _ = read
    [table] = [b for b in unit_on(units, 4).blocks if b.kind == "table"]
    assert table.header == fx.TABLE_HEADER
    assert [s.cells for s in table.segments] == list(fx.TABLE_ROWS)
    assert [s.text for s in table.segments] == [" ".join(row) for row in fx.TABLE_ROWS]


def test_the_two_column_page_is_read_column_by_column(read):
    units, chunks, _ = read
    page = unit_on(units, 7)
    texts = segments(page)
    assert fx.LEFT_COLUMN_SENTENCE in texts and fx.RIGHT_COLUMN_SENTENCE in texts
    assert texts.index("自宅で作業するときの注意") < texts.index(fx.LEFT_COLUMN_SENTENCE) \
        < texts.index("私物端末を使うときの注意") < texts.index(fx.RIGHT_COLUMN_SENTENCE)
    [right] = [b for b in page.blocks if fx.RIGHT_COLUMN_SENTENCE in [s.text for s in b.segments]]
    assert right.heading == "私物端末を使うときの注意"


def test_a_sentence_over_a_page_break_is_one_segment_on_the_page_where_it_starts(read):
    units, chunks, _ = read
    assert fx.CROSS_PAGE_SENTENCE in segments(unit_on(units, 5))
    following = segments(unit_on(units, 6))
    assert following[0] == "異動の多い四月と十月には、全部署の権限を一斉に点検します。"
    assert not any("作業記録" in s for s in following)
    [chunk] = [c for c in chunks if fx.CROSS_PAGE_SENTENCE in c.segments]
    assert chunk.page == 5 and "p.5（資料の表記 3）" in chunk.citation


def test_wrapped_lines_are_joined_and_numbered_items_kept(read):
    units, _, _ = read
    texts = segments(unit_on(units, 3))
    # wrapped mid-word at 「世｜間」: only the line's width says it goes on
    assert "営業秘密とは、事業活動に役立つ技術上又は営業上の情報であって、社内で秘密として管理され、" \
           "世間に知られていないものをいいます。" in texts
    assert "① 秘密管理性：秘密として扱う情報であることが従業員に分かるように管理されていること。" in texts
    [steps] = [b for b in unit_on(units, 11).blocks if b.kind == "list"]
    assert [s.text for s in steps.segments] == list(fx.STEPS)


def test_the_contents_page_is_flagged_and_its_entries_kept(read):
    units, chunks, _ = read
    contents = unit_on(units, 2)
    assert contents.is_contents and [u.page for u in units if u.is_contents] == [2]
    [toc] = [b for b in contents.blocks if b.kind == "toc"]
    assert len(toc.segments) == len(fx.CONTENTS)
    assert all(c.is_contents == (c.page == 2) for c in chunks)
    assert unit_on(units, 3).title == "第1章 営業秘密とは"


def test_cases_follow_the_documents_own_rules(read, handbook):
    _, chunks, _ = read
    cases = [(c.case, c.collection, c.page) for c in chunks if c.case]
    assert [case for case, _, _ in cases] == ["事例①", "事例②", "事例③"]
    assert {(collection, page) for _, collection, page in cases} == {("相談事例集", 8)}
    case_three = next(c for c in chunks if c.case == "事例③")
    assert "p.8（資料の表記 6）" in case_three.citation and "相談事例集 事例③" in case_three.citation
    _, unruled, _ = _read(handbook, DocumentRules())
    assert not any(c.case or c.collection for c in unruled)


# ----------------------------------------------------------------------------- page cleanup rules


@pytest.mark.parametrize("text, number", [
    ("3", "3"), ("12", "12"), ("- 3 -", "3"), ("－３－", "3"), ("―12―", "12"), ("3 / 12", "3"), ("3/12", "3"),
    ("p.3", "3"), ("P. 14", "14"), ("3ページ", "3"), ("無断転載禁止 - 3 -", "3"), ("p.7 みなと県", "7"),
    ("2026", None), ("第3章", None), ("令和8年", None), ("3月", None), ("説明資料 2026", None), ("1234", None),
    ("2026/4/12", None),
])
def test_printed_page_number_forms(text, number):
    found = page_number_of(text)
    assert (found[0] if found else None) == number


def _page(number: int, *lines: tuple[str, float], size: float = 10.5) -> PageText:
    """A synthetic A4 page: each line is (text, baseline), one run from x=60."""
    return PageText(number, 595.0, 842.0, tuple(
        Line((Run(text, 60.0, 60.0 + size * len(text)),), baseline, size) for text, baseline in lines))


def test_near_same_headers_are_dropped_and_a_stray_bottom_number_is_kept():
    headers = ["経営企画部 内部資料", "経営企画部 内部資料（案）", "経営企画部 内部資料", "経営企画部内部資料"]
    pages = [_page(n, (headers[n - 1], 805), (f"本文{n}ページ目の説明です。", 700), ("12" if n == 2 else "", 30))
             for n in range(1, 5)]
    slides, _ = clean_pages([PageText(p.page, p.width, p.height, tuple(l for l in p.lines if l.text))
                             for p in pages], "memo.pdf")
    assert [s.text.splitlines()[0] for s in slides] == [f"本文{n}ページ目の説明です。" for n in range(1, 5)]
    assert [s.printed_page for s in slides] == [None] * 4  # 「12」 on p.2 is neither its index nor a series
    assert "12" in slides[1].text


def test_bare_numbers_that_run_with_the_pages_are_page_numbers():
    pages = [_page(n, (f"第{n}節の本文です。", 700), (str(n + 4), 30)) for n in range(1, 4)]
    slides, _ = clean_pages(pages, "report.pdf")
    assert [(s.page, s.printed_page) for s in slides] == [(1, "5"), (2, "6"), (3, "7")]
    assert all(s.text == f"第{s.page}節の本文です。" for s in slides)


def test_columns_of_unequal_length_are_read_in_order_and_a_label_table_is_not_columns():
    size = 10.5

    def line(baseline, *runs):
        return Line(tuple(Run(text, x, x + size * len(text)) for text, x in runs), baseline, size)

    left = ["左の段の一行目はここで折り返されて", "次の行に続いていく文章になってい", "ます。"]
    right = ["右の段の一行目もここで折り返され", "て次の行に続いていく文章になって", "いて、さらに次の行まで続いたうえ", "で終わります。"]
    rows = [line(740 - 17 * i, *([(left[i], 60)] if i < len(left) else []), (right[i], 305)) for i in range(4)]
    labels = [line(500, ("電話", 60), ("012-345-6789", 200)), line(483, ("受付時間", 60), ("平日9時から17時まで", 200)),
              line(466, ("所在地", 60), ("みなと県みなと市1-2-3", 200))]
    page = PageText(1, 595.0, 842.0, (line(770, ("全幅の見出し", 60)), *rows,
                                      line(640, ("全幅の注記はこの位置に置かれている文です。", 60)), *labels))
    [slide], _ = clean_pages([page], "columns.pdf")
    assert slide.text.split("\n") == [
        "全幅の見出し", "", "左の段の一行目はここで折り返されて次の行に続いていく文章になっています。", "",
        "右の段の一行目もここで折り返されて次の行に続いていく文章になっていて、さらに次の行まで続いたうえで終わります。",
        "", "全幅の注記はこの位置に置かれている文です。", "",
        "電話\t012-345-6789", "受付時間\t平日9時から17時まで", "所在地\tみなと県みなと市1-2-3"]


def test_a_page_holding_only_its_header_and_footer_is_reported():
    pages = [_page(n, ("説明資料 2026", 805), *([("本文です。", 700)] if n != 3 else []), ("無断転載禁止", 30))
             for n in range(1, 5)]
    slides, warnings = clean_pages(pages, "deck.pdf")
    assert [s.page for s in slides] == [1, 2, 4]
    assert any("deck.pdf p.3" in w and "ヘッダー・フッター" in w for w in warnings)


def test_vertical_writing_is_indexed_in_extraction_order_with_a_warning(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = UnicodeCIDFont("HeiseiMin-W3", isVertical=True)
    font.name = font.fontName = "HeiseiMin-W3-V"  # don't replace the horizontal font of that face
    pdfmetrics.registerFont(font)
    path = tmp_path / "tategaki.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont("HeiseiMin-W3-V", 14)
    for i, line in enumerate(("縦書きの文書は右から左へ読みます。", "行の中では上から下へ文字が並びます。")):
        pdf.drawString(500 - 30 * i, 780, line)
    pdf.showPage()
    pdf.save()
    slides, warnings = read_slides(path)
    assert "縦書きの文書は右から左へ読みます。" in slides[0].text.splitlines()
    assert any("tategaki.pdf p.1" in w and "縦書き" in w for w in warnings)


# ------------------------------------------------------------------------- adding a document

ROOT = Path(__file__).resolve().parent.parent
SJIS_MEMO = ("出張時の情報管理について\n\n\n事例①：展示会の資料を置き忘れた\n\n海外の展示会で説明資料を会場に置き忘れた。"
             "\n\n\nCase 3: 私物端末の持ち込み\n\n私物のノート型パソコンを出張先に持ち込んだ。\n")


def copy_of_corpus(target: Path) -> Path:
    """Return a copy of whatever corpus/ holds (an empty folder if it holds nothing)."""
    import shutil

    if (ROOT / "corpus").is_dir():
        shutil.copytree(ROOT / "corpus", target)
    else:
        target.mkdir(parents=True)
    return target


def test_a_pdf_and_a_shift_jis_text_without_manifest_entries_are_indexed_with_readable_titles(tmp_path):
    from pipeline.chunking import chunk_corpus
    from pipeline.embedder import FakeEmbedder
    from pipeline.index import build_index, load_index
    from pipeline.search import Searcher

    corpus = copy_of_corpus(tmp_path / "corpus")
    fx.make_handbook_pdf(corpus / "handbook.pdf", metadata_title="営業秘密管理ハンドブック 令和8年版")
    fx.make_handbook_pdf(corpus / "handbook-copy.pdf", metadata_title=None)  # reportlab writes "untitled"
    (corpus / "memo.txt").write_bytes(SJIS_MEMO.encode("cp932"))
    result = chunk_corpus(corpus)
    assert not result.failed
    titles = {d.doc_id: d.title for d in result.documents}
    assert titles["handbook"] == "営業秘密管理ハンドブック 令和8年版"  # the PDF's own title
    assert titles["handbook-copy"] == fx.TITLE  # a placeholder title gives way to the first line
    assert titles["memo"] == "出張時の情報管理について"  # decoded, not the raw bytes
    added = {"handbook", "handbook-copy", "memo"}
    for name in ("handbook.pdf", "handbook-copy.pdf", "memo.txt"):
        assert any(name in w and "manifest.toml" in w for w in result.warnings)
    chunks = [c for c in result.chunks if c.doc_id in added]
    assert {c.doc_id for c in chunks} == added
    assert not any(c.case or c.collection for c in chunks)  # 事例①： and Case 3: are not this document's cases
    assert {c.page for c in chunks if c.doc_id == "handbook"} == {p.pdf_page for p in fx.PAGES} - {fx.DRAWING_PAGE}

    embedder = FakeEmbedder()
    report = build_index(corpus, tmp_path / "index", embedder, progress=False)
    assert report.chunks == len(result.chunks)
    searcher = Searcher(load_index(tmp_path / "index", corpus, embedder), embedder)
    hit = searcher.search("展示会の資料を置き忘れた", top_k=1).hits[0]
    assert hit.chunk.doc_id == "memo" and hit.chunk.case is None


# ------------------------------------- the shipped decks plus the handbook, with the real model

FIXTURE_MANIFEST = f"""

# added by tests/test_pdf.py: the generated handbook and its own case numbering
[[collection]]
name = "相談事例集"
keywords = ["相談事例"]

[[case_pattern]]
name = "test-pdf-相談事例"
pattern = '^事例([①-⑳])\\\\s*[：:]'
label = "事例{{1}}"
collection = "相談事例集"

[[document]]
id = "{PDF_ID}"
file = "{PDF_ID}.pdf"
title = "{fx.TITLE}"
label = "みなと県 2026-04"
publisher = "みなと県 産業振興局"
date = "2026-04"
kind = "handbook"
collections = ["相談事例集"]
case_patterns = ["test-pdf-相談事例"]
"""

# (question, PDF page of the passage that answers it); the printed number comes from fx.PAGES.
PDF_QUESTIONS = [
    ("営業秘密として保護されるための三つの要件は？", 3),
    ("中小企業で最も欠けやすい営業秘密の要件はどれ？", 3),
    ("社外秘の情報はどこに保管する？", 4),
    ("異動した従業員のアクセス権限はいつまでに削除する？", 5),
    ("権限を削除した作業記録は何年間保存する？", 5),  # the end of the sentence is printed on p.6
    ("退職者に署名を求める誓約書には何を書く？", 6),
    ("自宅で仕事をするとき離席する場合はどうする？", 7),
    ("私物のスマートフォンで業務メールを読むときの条件は？", 7),
    ("展示会で試作品を撮影された相談事例", 8),
    ("秘密保持契約に必ず盛り込む四つの点は？", 10),
    ("情報漏えいが疑われるとき最初に何をする？", 11),
    ("営業秘密の相談窓口の電話番号は？", 12),
]


def _cli(*args: str):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, text=True, capture_output=True,
                          timeout=600)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """A copy of corpus/ plus the handbook with a manifest entry, indexed by `python -m pipeline build`."""
    import shutil

    from pipeline import config
    from pipeline.index import store_dir

    root = tmp_path_factory.mktemp("scratch")
    corpus = copy_of_corpus(root / "corpus")
    fx.make_handbook_pdf(corpus / f"{PDF_ID}.pdf")
    with (corpus / "manifest.toml").open("a", encoding="utf-8") as manifest:
        manifest.write(FIXTURE_MANIFEST)
    index = root / "index"
    if (store_dir(config.INDEX_DIR) / "manifest.json").exists():
        # the shipped decks' vectors are reused (by text hash), so only the handbook is embedded
        shutil.copytree(store_dir(config.INDEX_DIR), index / "store")  # read as an index of the older layout
    build = _cli("build", "--corpus", str(corpus), "--index", str(index), "--quiet")
    return corpus, index, build


@pytest.fixture(scope="module")
def scratch_searcher(scratch, real_embedder):
    from pipeline.index import load_index
    from pipeline.search import Searcher

    corpus, index, build = scratch
    assert build.returncode == 0, build.stderr
    return Searcher(load_index(index, corpus, real_embedder), real_embedder)


def _first_pdf_hit(searcher, query):
    hits = searcher.search(query, top_k=10).hits
    return next(((rank, hit) for rank, hit in enumerate(hits) if hit.chunk.doc_id == PDF_ID), (None, None))


@pytest.mark.parametrize("question, pdf_page", PDF_QUESTIONS, ids=[q for q, _ in PDF_QUESTIONS])
def test_pdf_questions_cite_the_page_printed_and_pdf_index(scratch_searcher, question, pdf_page):
    _, hit = _first_pdf_hit(scratch_searcher, question)
    assert hit is not None, "the handbook is not in the top 10"
    printed = fx.printed_number(pdf_page)
    assert (hit.chunk.page, hit.chunk.printed_page) == (pdf_page, printed), hit.chunk.citation
    assert f"p.{pdf_page}（資料の表記 {printed}）" in hit.chunk.citation


@pytest.mark.parametrize("entry, printed", fx.CONTENTS, ids=[e for e, _ in fx.CONTENTS])
def test_the_contents_page_does_not_outrank_the_page_it_lists(scratch_searcher, entry, printed):
    topic = re.sub(r"^(?:第\d+章|コラム)\s*", "", entry)  # 「退職者への対応」, as a reader would ask
    hits = [h for h in scratch_searcher.search(topic, top_k=10).hits if h.chunk.doc_id == PDF_ID]
    assert hits and not hits[0].chunk.is_contents, [h.chunk.citation for h in hits]
    assert hits[0].chunk.printed_page == str(printed)


def test_build_search_and_ask_from_the_command_line(scratch):
    import json

    corpus, index, build = scratch
    assert build.returncode == 0, build.stderr
    assert f"{PDF_ID}.pdf p.{fx.DRAWING_PAGE}" in build.stdout  # the textless page, reported
    where = ("--corpus", str(corpus), "--index", str(index))
    search = _cli("search", "社外秘の情報はどこに保管する？", "--json", "--top-k", "5", *where)
    assert search.returncode == 0, search.stderr
    top = next(r for r in json.loads(search.stdout)["results"] if r["doc_id"] == PDF_ID)
    assert (top["page"], top["printed_page"]) == (4, "2")
    assert "p.4（資料の表記 2）" in top["citation"] and "社外秘" in top["text"]
    ask = _cli("ask", "秘密保持契約に必ず盛り込む四つの点は？", "--json", *where)
    assert ask.returncode == 0, ask.stderr
    answer = json.loads(ask.stdout)
    assert answer["found"] and any(c["citation"].endswith("p.10（資料の表記 8）") for c in answer["citations"])
    assert "四点を必ず盛り込みます" in answer["answer"]

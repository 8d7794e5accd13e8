"""Chunking of the shipped corpus: every slide kept, cases numbered, nothing spans two cases."""
import re

from pipeline.chunking import MAX_CHARS, TINY_CHARS, chunk_document, pack_lines
from pipeline.normalize import compact
from pipeline.readers import split_slides
from pipeline.records import Document
from pipeline.segment import ANTITRUST, BEST_PRACTICE, GUIDANCE, DeckState, printed_page


def test_every_slide_of_every_deck_lands_in_chunks(corpus_result):
    assert {d.doc_id for d in corpus_result.documents} == {
        "kyushu-2025-tech-leakage", "tohoku-2026-econ-security", "meti-2024-action-plan"}
    for doc_id, count in corpus_result.slides_per_doc.items():
        slides = {c.slide for c in corpus_result.chunks if c.doc_id == doc_id}
        assert slides == set(range(1, count + 1))


def test_no_text_is_lost(corpus_result):
    for document in corpus_result.documents:
        source = compact(document.path.read_text(encoding="utf-8"))
        chunked = compact("".join(c.text for c in corpus_result.chunks if c.doc_id == document.doc_id))
        assert chunked == source


def test_search_text_has_no_radical_code_points(corpus_result):
    for chunk in corpus_result.chunks:
        assert not re.search("[\u2e80-\u2fdf]", chunk.search_text), chunk.chunk_id


def test_plain_substring_search_finds_normalised_text(corpus_result):
    hits = [c for c in corpus_result.chunks if "予見性" in c.search_text]
    assert any("頻繁な制度変更は予見性を低下させる懸念" in c.search_text for c in hits)
    assert any("大臣官房" in c.search_text for c in corpus_result.chunks)


def test_cases_carry_their_numbers(corpus_result):
    found = corpus_result.cases_per_collection()
    assert {"No.1", "No.14", "No.42"} <= set(found[BEST_PRACTICE])
    assert {"事例2", "事例6", "事例14"} <= set(found[ANTITRUST])
    assert "Case 1" in found[GUIDANCE]
    for case, heading in [("No.14", "従業員への外部からのメールの分析"), ("事例6", "重要原材料の調達"),
                          ("Case 1", "ライセンス契約先からの技術流出")]:
        chunks = [c for c in corpus_result.chunks if c.case == case]
        assert any(heading in c.text for c in chunks)
        # every chunk of a case carries the case heading, so a question about it finds each part
        assert all(heading in c.search_text for c in chunks)


def test_no_chunk_spans_two_cases(corpus_result):
    case_heading = re.compile(r"^\s*(事例[①-⑳]\s*[：:]|Case\s*\d+\s*[：:]|\d{1,2}\.\s)", re.M)
    for chunk in corpus_result.chunks:
        if chunk.case:
            openings = [m for m in case_heading.finditer(chunk.text)]
            assert len(openings) <= 1, chunk.chunk_id


def test_chunk_sizes_and_headings(corpus_result):
    for chunk in corpus_result.chunks:
        assert len(chunk.text) <= MAX_CHARS + TINY_CHARS, chunk.chunk_id
        assert chunk.heading, chunk.chunk_id
        assert chunk.search_text.startswith(compact(chunk.heading)[:5]) or chunk.heading[:5] in chunk.search_text
    ids = [c.chunk_id for c in corpus_result.chunks]
    assert len(ids) == len(set(ids))


def test_slide_title_is_searchable_with_each_chunk(corpus_result):
    three_p = [c for c in corpus_result.chunks if "3つのP" in c.heading]
    assert three_p and all("3つのP" in c.search_text for c in three_p)


def test_printed_page_numbers():
    assert printed_page("タイトル\n本文\n20") == "20"
    assert printed_page("タイトル\n30※ 点線枠内の物資・技術は例示") == "30※"
    assert printed_page("タイトル\nフォーラの利活用を推進。 20") == "20"
    assert printed_page("タイトル\n本文のみ") is None


def test_inline_deck_cases_and_boundaries():
    deck = (
        "経済安全保障 ベストプラクティス事例 接触リスク分析\n\n"
        "14. 従業員への外部からのメールの分析・注意喚起\n\n- 不審なメールを部門別に集計。\n\n"
        "経済安全保障 ベストプラクティス事例 供給網の可視化\n\n42. サプライチェーン構造の可視化\n- 調達先を確認。\n\n\n"
        "(5) 経済安全保障と独占禁止法に関する事例集について\n\n事例⑥：重要原材料の共同調達\n- 問題とならない\n\n"
        "(6) 技術情報管理認証制度 (TICS)\n- 認証を受ける。\n"
    )
    doc = Document(doc_id="inline", path=None, title="テスト資料", publisher="テスト局", date="2026-01")
    chunks = chunk_document(doc, split_slides(deck))
    labels = [(c.slide, c.collection, c.case) for c in chunks]
    assert (1, BEST_PRACTICE, "No.14") in labels and (1, BEST_PRACTICE, "No.42") in labels
    assert (2, ANTITRUST, "事例6") in labels
    assert (2, "TICS", None) in labels
    no14 = next(c for c in chunks if c.case == "No.14")
    assert "部門別に集計" in no14.text and "調達先" not in no14.text
    assert no14.chunk_id == "inline#s001-01"  # the banner line opens the entry
    assert "接触リスク分析" in no14.text and no14.citation.startswith("テスト資料（テスト局, 2026-01）スライド1")


def test_long_lines_split_at_sentence_boundaries():
    long_line = "。".join(["技術流出対策を進める" * 4] * 20) + "。"
    infos = DeckState().annotate(long_line)
    groups = pack_lines(infos)
    assert len(groups) > 1
    for group in groups:
        text = "".join(u.text for u in group)
        assert len(text) <= MAX_CHARS + TINY_CHARS
        assert text.endswith("。")


def test_flattened_table_rows_are_scored_item_by_item():
    from pipeline.chunking import line_units

    row = ("・業務提携・買収提案に関する情報交換(事例①) ex. 電子機器や高機能素材等 "
           "・流出を防ぐべき技術範囲に関する情報交換(事例②) ex. 電子機器や高機能素材等 "
           "・アンチダンピング申請に関する情報交換(事例③) ex. 金属 "
           "・市場が縮小する事業の集約化に関する情報交換(事例④) ex. 自動車内燃機関部品")
    units = line_units(row)
    assert len(units) == 4 and units[2].startswith("・アンチダンピング") and units[2].endswith("金属")
    assert line_units("短い行。") == ["短い行。"]

"""Markdown export of answers: headings, [n] lines, source list with quotes, inert HTML."""
from __future__ import annotations

from pipeline.answer import REFUSAL_TEXT
from pipeline.export import answer_to_markdown, conversation_to_markdown, source_label
from pipeline.records import Answer, Chunk, Citation, Hit, Piece


def make_chunk(text: str, **fields) -> Chunk:
    base = dict(chunk_id="kyushu#u033-02", doc_id="kyushu", unit_id="kyushu#u033",
                title="経済安全保障の強化に向けた技術流出対策について", publisher="九州経済産業局 国際部 国際課",
                date="2025", unit_title="ベストプラクティス事例 接触リスク分析", section=None, position=33, page=None,
                printed_page=None, collection="民間ベストプラクティス集", case="No.14", heading="接触リスク分析",
                text=text, search_text=text, content_hash="0",
                pieces=tuple(Piece(line, "paragraph", 0) for line in text.splitlines()))
    base.update(fields)
    return Chunk(**base)


MAIL = make_chunk("14. 従業員への外部からのメールの分析・注意喚起\n"
                  "- このため、メール接触のデータを収集・分析したうえで注意喚起を行うことが有効。")
HTML = make_chunk('<p style="writing-mode: vertical-rl;">共同行為</p> <ul style="x"> ・重要原材料の共同調達(事例⑥)',
                  chunk_id="tohoku#u027-01", doc_id="tohoku", unit_id="tohoku#u027", title="経済安全保障の取り組みについて",
                  publisher="東北経済産業局 総務企画部 国際課", date="2026-03", unit_title="想定事例", position=27,
                  printed_page="12", collection="経済安全保障と独占禁止法に関する事例集", case="事例⑥")
FOUND = Answer(
    query="怪しいメールを部署ごとに数えている会社の例は？",
    text="メール接触のデータを収集・分析したうえで注意喚起を行うことが有効。[1]\n"
         '<p style="writing-mode: vertical-rl;">共同行為</p> 重要原材料の共同調達[2]',
    citations=(Citation(1, MAIL, "このため、メール接触のデータを収集・分析したうえで注意喚起を行うことが有効。"),
               Citation(2, HTML, '<p style="writing-mode: vertical-rl;">共同行為</p> ・重要原材料の共同調達(事例⑥)')),
    found=True)
REFUSAL = Answer(query="明日の東京の天気は？", text=REFUSAL_TEXT, citations=(), found=False,
                 suggestions=(Hit(MAIL, 0.5, "rescored", best_line="- メール接触のデータを収集・分析"),
                              Hit(HTML, 0.4, "rescored")))


def test_source_label_names_document_unit_title_page_and_case():
    assert source_label(MAIL) == ("経済安全保障の強化に向けた技術流出対策について（九州経済産業局 国際部 国際課, 2025）"
                                  "「ベストプラクティス事例 接触リスク分析」 民間ベストプラクティス集 No.14")
    assert source_label(HTML).endswith("「想定事例」 12ページ 経済安全保障と独占禁止法に関する事例集 事例⑥")
    assert source_label(make_chunk("x", page=5, printed_page="3", case=None)).endswith("」 p.5（資料の表記 3）")


def test_answer_has_question_heading_cited_lines_and_quoted_sources():
    md = answer_to_markdown(FOUND)
    lines = md.splitlines()
    assert lines[0] == "## 怪しいメールを部署ごとに数えている会社の例は？"
    assert "- メール接触のデータを収集・分析したうえで注意喚起を行うことが有効。[1]" in lines
    assert "**出典**" in lines
    assert f"- [1] {source_label(MAIL)}" in lines
    assert "  > このため、メール接触のデータを収集・分析したうえで注意喚起を行うことが有効。" in lines
    assert f"- [2] {source_label(HTML)}" in lines


def test_html_from_documents_is_inert():
    md = answer_to_markdown(FOUND)
    assert "<p" not in md and "<ul" not in md
    assert "&lt;p style=" in md  # still readable as the document's literal text


def test_markdown_syntax_in_text_cannot_restructure_the_outline():
    answer = Answer(query="# 見出し？", text="1. 番号[1]\n> 引用[1]\n**太字** `code`[1]", found=True,
                    citations=(Citation(1, MAIL, "- 箇条書き"),))
    md = answer_to_markdown(answer)
    assert md.startswith("## \\# 見出し？\n")
    assert "- 1\\. 番号[1]" in md and "- \\> 引用[1]" in md
    assert "- \\*\\*太字\\*\\* \\`code\\`[1]" in md
    assert "  > 箇条書き" in md  # quoted sentence loses its bullet, as in the answer


def test_refusal_is_exported_with_nearest_passages():
    md = answer_to_markdown(REFUSAL)
    assert md.startswith("## 明日の東京の天気は？\n")
    assert f"- {REFUSAL_TEXT}" in md
    assert "**近い記述（参考）**" in md and "**出典**" not in md
    assert f"- {source_label(MAIL)}\n  > メール接触のデータを収集・分析" in md
    assert f"- {source_label(HTML)}\n  > 共同行為 ・重要原材料の共同調達(事例⑥)" in md


def test_notice_is_kept():
    from dataclasses import replace

    md = answer_to_markdown(replace(FOUND, notice="質問が長すぎるため、先頭の 500 文字で検索しました。"))
    assert "※ 質問が長すぎるため、先頭の 500 文字で検索しました。" in md


def test_conversation_has_title_and_one_section_per_question():
    md = conversation_to_markdown([FOUND, REFUSAL], title="講演準備メモ")
    assert md.startswith("# 講演準備メモ\n")
    assert md.count("\n## ") == 2
    assert md.index("怪しいメール") < md.index("明日の東京の天気")

"""Markdown export for slides: date, filters and mode, cited lines, every quote once, the 出典 line,
and document text that cannot restructure the outline (own fixture records)."""
from __future__ import annotations

from pipeline.export import (ExportContext, SourceDocument, answer_to_markdown, attribution,
                             conversation_to_markdown)

DOCS = {"bureau": SourceDocument("見本経済産業局 国際課", "見学会の手引き", "2025"),
        "plan": SourceDocument("見本省 政策室", "行動計画について", "2024-02")}
FOUND = {
    "query": "来訪者の記録はどうしている？", "found": True, "mode": "extractive",
    "answer": "来訪者の所属と面会者を記録する。[1]\n月ごとに集計して共有する。[1]\n計画は毎年見直す。[2]",
    "citations": [
        {"n": 1, "chunk_id": "bureau#u004-01", "citation": "見学会の手引き（見本経済産業局 国際課, 2025）「来訪者対応」",
         "case": None, "quote": "来訪者の所属と面会者を記録する。\n月ごとに集計して共有する。\n来訪者の所属と面会者を記録する。",
         "text": "…"},
        {"n": 2, "chunk_id": "plan#u010-02", "citation": "行動計画について（見本省 政策室, 2024-02）「見直し」",
         "case": None, "quote": "計画は毎年見直す。", "text": "…"}],
    "answer_type": "howto", "refusal_reason": None,
}
REFUSED = {"query": "おすすめのラーメン屋は？", "found": False, "mode": "extractive", "answer": "資料には該当する記述が見つかりませんでした",
           "citations": [], "answer_type": "lookup", "refusal_reason": "資料には『ラーメン屋』に関する記述がありません。",
           "suggestions": [{"chunk_id": "plan#u001-01", "citation": "行動計画について（見本省 政策室, 2024-02）「表紙」",
                            "text": "…"}]}
CONTEXT = ExportContext(date="2026-11-22", filters="見学会の手引き", mode="抽出型")


def test_attribution_follows_the_government_terms():
    assert attribution(DOCS["bureau"]) == "出典：見本経済産業局 国際課『見学会の手引き』（2025年）"
    assert attribution(DOCS["plan"], edited=True) == "出典：見本省 政策室『行動計画について』（2024年）を加工して作成"


def test_answer_lists_cited_lines_and_each_quote_once():
    md = answer_to_markdown(FOUND)
    lines = md.splitlines()
    assert lines[0] == "## 来訪者の記録はどうしている？"
    assert "- 来訪者の所属と面会者を記録する。[1]" in lines and "- 計画は毎年見直す。[2]" in lines
    assert "- [1] 見学会の手引き（見本経済産業局 国際課, 2025）「来訪者対応」" in lines
    assert lines.count("  > 来訪者の所属と面会者を記録する。") == 1
    assert "  > 月ごとに集計して共有する。" in lines


def test_conversation_has_date_filters_mode_and_one_attribution_per_document():
    md = conversation_to_markdown([FOUND, REFUSED], DOCS, CONTEXT, title="講演準備メモ")
    assert md.startswith("# 講演準備メモ\n\n作成日: 2026-11-22 ／ 対象資料: 見学会の手引き ／ 回答方式: 抽出型\n")
    assert md.count("\n## ") == 2 and md.index("来訪者") < md.index("ラーメン屋")
    assert md.count("出典：見本経済産業局 国際課『見学会の手引き』（2025年）") == 1
    assert "出典：見本省 政策室『行動計画について』（2024年）" in md
    edited = conversation_to_markdown([FOUND], DOCS, ExportContext(date="2026-11-22", edited=True))
    assert "（2025年）を加工して作成" in edited


def test_refusal_is_exported_with_its_reason_and_nearest_passages():
    md = answer_to_markdown(REFUSED)
    assert "- 資料には『ラーメン屋』に関する記述がありません。" in md
    assert "**近い記述（参考）**" in md and "**引用元**" not in md


def test_document_text_cannot_restructure_the_outline():
    record = {**FOUND, "query": "# 見出し？", "answer": "1. 番号[1]\n> 引用[1]\n**太字** `code` <p style=x>[1]",
              "citations": [{**FOUND["citations"][0], "quote": "[リンク](http://x) <b>タグ</b>"}]}
    md = answer_to_markdown(record)
    assert md.startswith("## \\# 見出し？\n")
    assert "- 1\\. 番号[1]" in md and "- \\> 引用[1]" in md
    assert "- \\*\\*太字\\*\\* \\`code\\` &lt;p style=x>[1]" in md
    assert "  > \\[リンク\\](http://x) &lt;b>タグ&lt;/b>" in md
    assert "<p" not in md and "<b>" not in md


def test_notice_is_kept():
    md = answer_to_markdown({**FOUND, "notice": "質問が長すぎるため、先頭の 500 文字で検索しました。"})
    assert "※ 質問が長すぎるため、先頭の 500 文字で検索しました。" in md

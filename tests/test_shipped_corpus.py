"""Checks about the decks shipped in corpus/ (named so: they fail if corpus/ changes, the rest of the
suite does not depend on which documents corpus/ holds)."""
import re

import pytest

from pipeline.normalize import compact

SHIPPED = {"kyushu-2025-tech-leakage", "tohoku-2026-econ-security", "meti-2024-action-plan"}


@pytest.fixture(scope="module")
def shipped(corpus_result):
    if not SHIPPED <= {d.doc_id for d in corpus_result.documents}:
        pytest.skip("corpus/ no longer holds the shipped decks")
    return corpus_result


def test_every_shipped_deck_is_read_without_failures(shipped):
    assert not shipped.failed
    for doc_id in SHIPPED:
        assert shipped.units_per_doc[doc_id] > 20


def test_cases_of_the_shipped_decks(shipped):
    cases = {(c.doc_id, c.case) for c in shipped.chunks if c.case}
    assert {("kyushu-2025-tech-leakage", "No.14"), ("kyushu-2025-tech-leakage", "No.42"),
            ("tohoku-2026-econ-security", "No.1"), ("tohoku-2026-econ-security", "Case 1"),
            ("tohoku-2026-econ-security", "事例②"), ("tohoku-2026-econ-security", "事例⑥"),
            ("tohoku-2026-econ-security", "事例⑭")} <= cases
    assert not any(c.case for c in shipped.chunks if c.doc_id == "meti-2024-action-plan")


def test_the_technology_table_is_one_block_with_every_row(shipped):
    tables = [b for u in shipped.units if u.doc_id == "tohoku-2026-econ-security" for b in u.blocks
              if b.kind == "table" and b.header and "事前報告の対象技術" in b.header[0]]
    assert len(tables) == 1
    rows = [s.text for s in tables[0].segments]
    assert len(rows) == 10 and any("⑯量子ドット" in r for r in rows) and any("⑲軟性内視鏡" in r for r in rows)


def test_the_computing_timeline_of_the_action_plan_pairs_each_year_with_the_event_under_it(shipped):
    items = [s.text for u in shipped.units if u.doc_id == "meti-2024-action-plan" for b in u.blocks
             if b.kind == "list" for s in b.segments]
    assert "2007年 初代iPhone発売" in items and "1951年 世界初の商用コンピューター UNIVAC I" in items


def test_hard_wrapped_sentences_of_the_action_plan_are_whole(shipped):
    segments = [s.text for u in shipped.units if u.doc_id == "meti-2024-action-plan" for b in u.blocks
                for s in b.segments]
    assert any(s.startswith("経済安全保障推進法は、喫緊の課題") and s.endswith("制度を措置。")
               and "④特許出願非公開" in s for s in segments)
    assert not any(s.startswith("でを求めてよいか") for s in segments)


def test_search_text_has_no_radical_code_points(shipped):
    for chunk in shipped.chunks:
        assert not re.search("[\u2e80-\u2fdf]", chunk.search_text), chunk.chunk_id


def test_every_line_of_each_deck_lands_in_a_chunk(shipped):
    from pipeline.structure import clean_inline

    for document in (d for d in shipped.documents if d.doc_id in SHIPPED):
        chunked = compact("".join(c.text for c in shipped.chunks if c.doc_id == document.doc_id))
        for line in document.path.read_text(encoding="utf-8").splitlines():
            # a printed page number ("… 20", "30※ 注記") marks the slide, it is not its text
            line = re.sub(r"^\s*\d{1,3}(?=※)", "", re.sub(r"(\S)\s+\d{1,2}\s*$", r"\1", line))
            cells = [clean_inline(cell) for cell in line.split("\t")] if "\t" in line else [clean_inline(line)]
            for part in (p for cell in cells for p in (re.split(r"(?:^|\s)[・●]\s*", cell) if "\t" in line else [cell])):
                words = compact(re.sub(r"^[-－*+\s・•●○◆◇■□▪▶▼➤→✓]+", "", part))
                if len(words) >= 4 and not words.isdigit():
                    assert words in chunked, (document.doc_id, line)


# ---- search over the shipped decks with the real model ----------------------------------------

def test_shipped_normalised_text_matches(real_searcher):
    hits = real_searcher.search("予見性", top_k=3).hits
    assert any("予見性を低下させる懸念" in h.chunk.search_text for h in hits[:1])
    hits = real_searcher.search("⼤⾂官房", top_k=3).hits
    assert "大臣官房" in hits[0].chunk.search_text
    # the kyushu deck misspells 新疆 as 新編: its search text is mended (manifest typos), its quotes are not
    hits = real_searcher.search("新疆ウイグル産の原料", top_k=3).hits
    assert any("新疆ウイグル" in h.chunk.search_text and "新編ウイグル" in h.chunk.text for h in hits)


@pytest.mark.parametrize("query, case", [("事例⑭", "事例⑭"), ("事例14", "事例⑭"), ("No.42", "No.42")])
def test_shipped_case_numbers_find_their_case(real_searcher, query, case):
    assert real_searcher.search(query, top_k=1).hits[0].chunk.case == case


# ---- the app's example questions, asked over the shipped decks ---------------------------------

EXAMPLE_ANSWERS = {
    "退職者による技術の持ち出しを防ぐには？": "就職時から定期的に誓約を求めている",
    "官民対話スキームの対象技術はいくつ？": "現在 19 技術を指定",
    "TICSとは何ですか？": "認証",
    "ライバルと一緒に原材料を買うのは独禁法上問題になる？": "独禁法上問題とならない",
}


def test_every_example_button_answers_correctly(real_searcher, tmp_path, monkeypatch):
    import re
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("KB_STATE_DIR", str(tmp_path))  # conversations of this check stay out of var/
    app = Path(__file__).resolve().parent.parent / "app.py"
    source = app.read_text(encoding="utf-8")
    examples = re.search(r"EXAMPLES = \((.*?)\)\n", source, re.S).group(1)
    assert set(re.findall(r'"([^"]+)"', examples)) == set(EXAMPLE_ANSWERS)
    for i in range(len(EXAMPLE_ANSWERS)):
        at = AppTest.from_file(str(app), default_timeout=120).run()
        at.sidebar.button(key=f"example{i}").click().run()
        assert not at.exception, at.exception
        shown = "\n".join(m.value for m in at.markdown)
        question = next(q for q in EXAMPLE_ANSWERS if q in shown.replace("\\", ""))
        first_line = next(m.value for m in at.markdown if 'href="#src-' in m.value).split("  \n")[0]
        assert EXAMPLE_ANSWERS[question] in re.sub(r"\\(.)", r"\1", shown), question
        if question == "官民対話スキームの対象技術はいくつ？":
            assert "19" in first_line  # the newest edition leads

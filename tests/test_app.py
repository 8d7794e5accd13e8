"""The Streamlit app, run in-process (AppTest) over a fixture corpus indexed with the real model:
what a user sees in the chat, the search and document views, and what the app keeps for them."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conftest import INLINE_DECK, INLINE_MANIFEST

APP = str(Path(__file__).resolve().parent.parent / "app.py")
SECOND_DOC = "出張の手引き\n\n\n海外出張の準備\n\n- 渡航先の規制を確認する。\n- 持ち出す資料は必要最小限にする。\n"
SECOND_ENTRY = ('\n[[document]]\nid = "trip"\nfile = "trip.txt"\ntitle = "出張の手引き"\nlabel = "総務課 2025"\n'
                'publisher = "見本総務課"\ndate = "2025"\nlicense = "見本利用規約"\n')


@pytest.fixture(scope="module")
def app_env(real_embedder, tmp_path_factory):
    from pipeline.index import build_index

    root = tmp_path_factory.mktemp("app")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "deck.txt").write_text(INLINE_DECK, encoding="utf-8")
    (corpus / "trip.txt").write_text(SECOND_DOC, encoding="utf-8")
    (corpus / "manifest.toml").write_text(INLINE_MANIFEST + SECOND_ENTRY, encoding="utf-8")
    build_index(corpus, root / "index", real_embedder, progress=False)
    return root


@pytest.fixture()
def env(app_env, tmp_path, monkeypatch):
    monkeypatch.setenv("KB_INDEX_DIR", str(app_env / "index"))
    monkeypatch.setenv("KB_CORPUS_DIR", str(app_env / "corpus"))
    monkeypatch.setenv("KB_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("KB_LLM_BASE_URL", raising=False)
    monkeypatch.delenv("KB_ANSWER_MODE", raising=False)
    return tmp_path / "state"


def plain(text: str) -> str:
    """Return Markdown-escaped app text as the user reads it."""
    return re.sub(r"\\(.)", r"\1", text)


def start(query_params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (query_params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input(key="question").set_value(question).run()
    assert not at.exception, at.exception
    assert_inert(at)
    return at


def assert_inert(at: AppTest) -> None:
    """Markdown that may carry HTML holds no tag except our own <mark> and citation anchors."""
    ours = r"<(?!/?mark>|a href=\"#src-\d+-\d+\">|a id=\"src-\d+-\d+\"></a>|/a>)"
    for element in at.markdown:
        assert re.search(r"(?<!\\)" + ours, element.value) is None, element.value


def texts(at: AppTest) -> str:
    return "\n".join(plain(e.value) for kind in ("markdown", "warning", "info", "error", "caption")
                     for e in at.get(kind))


def test_answer_lines_link_to_their_source_cards(env):
    at = ask(start(), "来訪者の記録はどうしていますか？")
    answer = next(m.value for m in at.markdown if 'href="#src-' in m.value)
    targets = set(re.findall(r'href="#(src-\d+-\d+)"', answer))
    anchors = {m for e in at.markdown for m in re.findall(r'<a id="(src-\d+-\d+)"></a>', e.value)}
    assert targets and targets <= anchors  # every [n] jumps to a card that is on the page
    assert "来訪者" in plain(answer)
    assert "研修資料（テスト局, 2026-01）" in texts(at)  # the card names the document
    assert any(b.label == "この資料を開く" for b in at.button)


def test_conversation_survives_a_reload_and_a_new_conversation_starts_empty(env):
    at = ask(start(), "来訪者の記録はどうしていますか？")
    conversation = at.query_params["c"]
    conversation = conversation[0] if isinstance(conversation, list) else conversation
    assert re.fullmatch(r"[0-9a-f]{32}", conversation)
    again = start({"c": conversation})  # a reload opens a new session with the same URL
    assert "来訪者の記録はどうしていますか？" in texts(again) and len(again.chat_message) == 2
    again.sidebar.button(key="new_conversation").click().run()
    assert not again.chat_message and again.query_params["c"] != conversation


def test_examples_stay_available_after_a_question(env):
    at = ask(start(), "出張の準備は？")
    assert [b for b in at.sidebar.button if (b.key or "").startswith("example")]


def test_feedback_is_appended_with_what_was_answered(env):
    at = ask(start(), "来訪者の記録はどうしていますか？")
    at.feedback[0].set_value(0).run()
    at.text_input(key="fb-comment-1").set_value("月ごとの集計方法が知りたい").run()
    at.button(key="fb-send-1").click().run()
    assert not at.exception
    [record] = [json.loads(line) for line in (env / "feedback.jsonl").read_text(encoding="utf-8").splitlines()]
    assert record["rating"] == "down" and record["comment"] == "月ごとの集計方法が知りたい"
    assert record["question"] == "来訪者の記録はどうしていますか？" and record["answer"]
    assert record["citations"] and record["mode"] == "extractive" and record["index_version"] and record["timestamp"]
    assert "フィードバックを受け付けました" in texts(at)


def test_feedback_on_a_follow_up_keeps_the_earlier_question(env):
    at = ask(ask(start(), "来訪者の記録はどうしていますか？"), "それの保管期間は？")
    at.feedback[1].set_value(0).run()
    at.button(key="fb-send-3").click().run()
    [record] = [json.loads(line) for line in (env / "feedback.jsonl").read_text(encoding="utf-8").splitlines()]
    assert record["question"] == "それの保管期間は？" and record["history"] == ["来訪者の記録はどうしていますか？"]


def test_a_follow_up_says_once_how_it_was_read(env):
    at = ask(ask(start(), "来訪者の記録はどうしていますか？"), "それの保管期間は？")
    assert texts(at).count("前の質問の「") == 1


def test_export_has_date_filters_mode_and_attribution(env):
    at = start()
    at.sidebar.multiselect(key="docs").set_value(["テスト局 2026-01"]).run()
    ask(at, "来訪者の記録はどうしていますか？")
    exported = next(c.value for c in at.sidebar.code)
    assert "作成日: " in exported and "対象資料: テスト局 2026-01" in exported and "回答方式: 抽出型" in exported
    assert "出典：テスト局『研修資料』（2026年）" in exported
    at.sidebar.checkbox(key="export_edited").check().run()
    assert "（2026年）を加工して作成" in next(c.value for c in at.sidebar.code)


def test_document_filter_restricts_the_sources(env):
    at = start()
    at.sidebar.multiselect(key="docs").set_value(["総務課 2025"]).run()
    ask(at, "持ち出すものの注意は？")
    shown = texts(at)
    assert "出張の手引き（見本総務課, 2025）" in shown and "研修資料（テスト局" not in shown


def test_off_topic_question_is_refused_with_a_reason(env):
    at = ask(start(), "おすすめのラーメン屋は？")
    warnings = [plain(w.value) for w in at.warning]
    assert warnings and "資料" in warnings[0]


@pytest.mark.parametrize("question, expected", [
    ("   ", "質問が空です"),
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
])
def test_bad_input_gives_a_message_not_a_traceback(env, question, expected):
    at = ask(start(), question)
    assert expected in texts(at)
    assert len(at.chat_message) == 2  # the question and a reply


def test_a_long_question_is_echoed_folded(env):
    at = ask(start(), "来訪者の記録について、" * 60)
    assert any(e.label.startswith("質問の全文（") for e in at.expander)


def test_search_view_lists_ranked_passages_with_citations(env):
    at = start()
    at.segmented_control(key="view").set_value("検索").run()
    at.text_input(key="search_query").set_value("暗号化").run()
    assert not at.exception
    assert "出張" in texts(at) and "[1]" in texts(at)


def test_library_lists_documents_and_the_reader_pages_through_one(env):
    at = start()
    at.segmented_control(key="view").set_value("資料").run()
    shown = texts(at)
    assert "研修資料" in shown and "出張の手引き" in shown and "利用条件: 見本利用規約" in shown
    at.button(key="read-trip").click().run()
    assert "資料内の順番 1/2" in texts(at) and "渡航先" not in texts(at)
    at.button(key="reader_next").click().run()
    assert "資料内の順番 2/2" in texts(at) and "海外出張の準備" in texts(at) and "渡航先の規制を確認する" in texts(at)


def test_the_llm_key_never_reaches_the_browser(env, monkeypatch):
    monkeypatch.setenv("KB_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("KB_LLM_API_KEY", "sk-secret-server-key")
    at = start()
    values = [str(getattr(w, "value", "")) for kind in ("text_input", "text_area") for w in at.get(kind)]
    assert not any("sk-secret" in v for v in values) and "sk-secret" not in texts(at)
    assert not [w for w in at.text_input if w.key == "base_url"]  # visitors cannot point the server elsewhere


def test_missing_index_shows_the_build_command(env, tmp_path, monkeypatch):
    monkeypatch.setenv("KB_INDEX_DIR", str(tmp_path / "no-index"))
    at = start()
    assert "索引" in at.error[0].value and "make setup" in at.code[0].value
    assert not at.chat_input


# Checks about the decks shipped in corpus/ (named so): each example button of the sidebar answers
# with the line a reader of those decks would expect.
EXAMPLE_ANSWERS = {
    "退職者による技術の持ち出しを防ぐには？": ("就職時から定期的に誓約", "訴訟を含む厳格な対応"),
    "官民対話スキームの対象技術はいくつ？": ("現在 19 技術を指定",),
    "TICSとは何ですか？": ("技術情報管理認証制度", "客観的に審査・認証"),
    "ライバルと一緒に原材料を買うのは独禁法上問題になる？": ("必要な共同調達を行うことは、独禁法上問題とならない",),
}


def test_the_example_buttons_answer_from_the_shipped_decks(tmp_path, monkeypatch):
    from app import EXAMPLES

    monkeypatch.delenv("KB_INDEX_DIR", raising=False)
    monkeypatch.delenv("KB_CORPUS_DIR", raising=False)
    monkeypatch.setenv("KB_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("KB_LLM_BASE_URL", raising=False)
    monkeypatch.delenv("KB_ANSWER_MODE", raising=False)
    assert set(EXAMPLES) == set(EXAMPLE_ANSWERS)
    for i, example in enumerate(EXAMPLES):
        at = start()
        at.sidebar.button(key=f"example{i}").click().run()
        assert not at.exception, at.exception
        answer = plain(re.sub(r"<[^>]+>", "", next(m.value for m in at.markdown if 'href="#src-' in m.value)))
        for expected in EXAMPLE_ANSWERS[example]:
            assert expected in answer, (example, answer)

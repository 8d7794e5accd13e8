"""Cited answers: quotes with markers, honest refusals, editions, and the optional LLM path."""
import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from pipeline.answer import REFUSAL_TEXT, answer_question, answer_to_json
from pipeline.llm import LLMSettings, answer_with_optional_llm, check_markers
from pipeline.normalize import compact

ROOT = Path(__file__).resolve().parent.parent


def _assert_every_sentence_cited_and_verbatim(answer):
    lines = answer.text.split("\n")
    assert 1 <= len(lines) <= 4
    by_n = {c.n: c for c in answer.citations}
    for line in lines:
        quote, marker = line.rsplit("[", 1)
        citation = by_n[int(marker.rstrip("]"))]
        assert compact(quote) in compact(citation.chunk.text)  # quoted verbatim from its passage


def test_answer_quotes_the_documents_with_citations(real_searcher):
    answer = answer_question(real_searcher, "怪しいメールを部署ごとに数えている会社の例は？")
    assert answer.found
    _assert_every_sentence_cited_and_verbatim(answer)
    assert answer.citations[0].chunk.case == "No.14"
    assert "民間ベストプラクティス集 No.14" in answer.citations[0].chunk.citation


def test_antitrust_case_question_cites_the_case(real_searcher):
    answer = answer_question(real_searcher, "重要原材料を同業他社と共同調達するのは独禁法上問題になる？")
    assert answer.found and any(c.chunk.case == "事例⑥" for c in answer.citations)


@pytest.mark.parametrize("question", ["明日の東京の天気は？", "東芝の研究データ流出事件の損害額は？",
                                      "TICSの認証を取るのに審査料はいくらかかりますか？"])
def test_unanswerable_questions_are_refused_with_suggestions(real_searcher, question):
    answer = answer_question(real_searcher, question)
    assert not answer.found and answer.text == REFUSAL_TEXT
    assert answer.citations == () and len(answer.suggestions) == 3


def test_editions_lead_with_the_newest(real_searcher):
    answer = answer_question(real_searcher, "官民対話スキームで事前報告の対象になっている技術はいくつ？")
    assert answer.found
    dates = [c.chunk.date for c in answer.citations]
    assert dates[0] == max(dates)
    assert "19" in answer.text.split("\n")[0]
    if len(set(dates)) > 1:
        assert "版によって記載が異なります" in answer.notice


def test_answer_json_contract(real_searcher):
    payload = answer_to_json(answer_question(real_searcher, "TICSとは何ですか？"))
    assert set(payload) >= {"query", "found", "answer", "citations", "mode"}
    assert payload["mode"] == "extractive" and payload["found"] is True
    first = payload["citations"][0]
    assert set(first) == {"n", "chunk_id", "citation", "case", "quote", "text"}
    assert compact(first["quote"]) in compact(first["text"])


def test_cli_ask_json_and_stdin(real_searcher):
    out = subprocess.run([sys.executable, "-m", "pipeline", "ask", "-", "--json"], cwd=ROOT, text=True,
                         input="TICSとは何ですか？\n明日の天気は？\n", capture_output=True, timeout=300)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["found"] for r in rows] == [True, False]
    assert rows[1]["answer"] == REFUSAL_TEXT and len(rows[1]["suggestions"]) == 3


# ---- optional LLM through an OpenAI-compatible endpoint ------------------------------------------

class _FakeOpenAI(BaseHTTPRequestHandler):
    reply = ""
    prompts: list = []

    def do_POST(self):  # noqa: N802 (http.server naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).prompts.append(body["messages"][-1]["content"])
        payload = {"id": "x", "object": "chat.completion", "created": 0, "model": body["model"],
                   "choices": [{"index": 0, "finish_reason": "stop",
                                "message": {"role": "assistant", "content": type(self).reply}}],
                   "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture()
def fake_llm_server():
    server = HTTPServer(("127.0.0.1", 0), _FakeOpenAI)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _FakeOpenAI.prompts = []
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()


def _llm(url):
    return LLMSettings(mode="llm", provider="openai", base_url=url, model="test-model", timeout=10)


def test_llm_answer_is_grounded_and_markers_checked(real_searcher, fake_llm_server):
    _FakeOpenAI.reply = "TICSは国が設けた技術情報管理認証制度です[1]。認証で取引先の信頼も向上します[1]。"
    answer = answer_with_optional_llm(real_searcher, "TICSとは何ですか？", llm=_llm(fake_llm_server))
    assert answer.mode == "llm" and answer.found and [c.n for c in answer.citations] == [1]
    prompt = _FakeOpenAI.prompts[0]
    assert "【資料】" in prompt and "[1]" in prompt and "TICS" in prompt  # only retrieved passages go in


def test_llm_sentences_without_marker_are_flagged(real_searcher, fake_llm_server):
    _FakeOpenAI.reply = "TICSは認証制度です[1]。費用は無料です。"
    answer = answer_with_optional_llm(real_searcher, "TICSとは何ですか？", llm=_llm(fake_llm_server))
    assert answer.mode == "llm" and "費用は無料です" in answer.notice


def test_llm_marker_pointing_nowhere_falls_back(real_searcher, fake_llm_server):
    _FakeOpenAI.reply = "TICSは認証制度です[9]。"
    answer = answer_with_optional_llm(real_searcher, "TICSとは何ですか？", llm=_llm(fake_llm_server))
    assert answer.mode == "extractive" and "検証に通らなかった" in answer.notice


def test_unreachable_llm_falls_back_with_notice(real_searcher):
    answer = answer_with_optional_llm(real_searcher, "TICSとは何ですか？", llm=_llm("http://127.0.0.1:9/v1"))
    assert answer.mode == "extractive" and answer.found and "抽出型の回答" in answer.notice


def test_llm_is_not_asked_when_documents_hold_no_evidence(real_searcher, fake_llm_server):
    _FakeOpenAI.reply = "明日は晴れです[1]。"
    answer = answer_with_optional_llm(real_searcher, "明日の東京の天気は？", llm=_llm(fake_llm_server))
    assert not answer.found and _FakeOpenAI.prompts == []


def test_check_markers():
    used, unmarked, invalid = check_markers("一文目です[1]。二文目です[2][3]。三文目。", passages=2)
    assert used == [1, 2] and unmarked == ["三文目。"] and invalid == [3]

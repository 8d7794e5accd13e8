"""The optional LLM path against a local OpenAI-compatible fake server: only retrieved passages go
in, every [n] is checked, and any failure falls back to the extractive answer with a notice."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from pipeline.llm import LLMSettings, answer_with_optional_llm, check_markers


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


@pytest.fixture(scope="module")
def searcher(real_embedder, tmp_path_factory):
    from conftest import INLINE_DECK, INLINE_MANIFEST
    from pipeline.index import build_index, load_index
    from pipeline.search import Searcher

    root = tmp_path_factory.mktemp("llm")
    (root / "corpus").mkdir()
    (root / "corpus" / "deck.txt").write_text(INLINE_DECK, encoding="utf-8")
    (root / "corpus" / "manifest.toml").write_text(INLINE_MANIFEST, encoding="utf-8")
    build_index(root / "corpus", root / "index", real_embedder, progress=False)
    return Searcher(load_index(root / "index", root / "corpus", real_embedder), real_embedder)


def _llm(url):
    return LLMSettings(mode="llm", provider="openai", base_url=url, model="test-model", timeout=10)


QUESTION = "来訪者の記録はどうしていますか？"


def test_llm_answer_is_grounded_and_markers_checked(searcher, fake_llm_server):
    _FakeOpenAI.reply = "来訪者の所属と面会者を記録しています[1]。"
    answer = answer_with_optional_llm(searcher, QUESTION, llm=_llm(fake_llm_server))
    assert answer.mode == "llm" and answer.found and [c.n for c in answer.citations] == [1]
    assert "来訪者" in _FakeOpenAI.prompts[0]  # the retrieved passages go into the prompt


def test_llm_marker_pointing_nowhere_falls_back(searcher, fake_llm_server):
    _FakeOpenAI.reply = "来訪者を記録します[9]。"
    answer = answer_with_optional_llm(searcher, QUESTION, llm=_llm(fake_llm_server))
    assert answer.mode == "extractive" and "検証に通らなかった" in answer.notice


def test_unreachable_llm_falls_back_with_notice(searcher):
    answer = answer_with_optional_llm(searcher, QUESTION, llm=_llm("http://127.0.0.1:9/v1"))
    assert answer.mode == "extractive" and answer.found and "抽出型の回答" in answer.notice


def test_llm_is_not_asked_when_documents_hold_no_evidence(searcher, fake_llm_server):
    _FakeOpenAI.reply = "晴れです[1]。"
    answer = answer_with_optional_llm(searcher, "社員旅行のおすすめの行き先は？", llm=_llm(fake_llm_server))
    assert not answer.found and _FakeOpenAI.prompts == []


def test_check_markers():
    used, unmarked, invalid = check_markers("一文目です[1]。二文目です[2][3]。三文目。", passages=2)
    assert used == [1, 2] and unmarked == ["三文目。"] and invalid == [3]

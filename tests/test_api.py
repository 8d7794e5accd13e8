"""The HTTP API (pipeline.api) over a fixture index with the fake embedder: each endpoint answers in
the CLI's JSON contract, every kind of bad input gets a 4xx with a Japanese message naming the
field (never a traceback) and the server keeps serving; the client gives the app the same records;
one real `python -m pipeline serve` answers health and a search (several workers: eval/bench_serve.py)."""
from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from conftest import INLINE_DECK, INLINE_MANIFEST, FakeOpenAIHandler, fake_openai
from pipeline.answer import answer_to_json
from pipeline.api import create_app
from pipeline.api_client import ApiService, ServerUnavailableError
from pipeline.api_requests import MAX_BODY_BYTES
from pipeline.embedder import FakeEmbedder
from pipeline.errors import IndexMissingError, InputError
from pipeline.index import build_index, load_index
from pipeline.search import SearchFilters, Searcher, search_to_json
from pipeline.service import Service, load_service

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
TRIP = "出張の手引き\n\n\n海外出張の準備\n\n- 渡航先の規制を確認する。\n- 持ち出す資料は必要最小限にする。\n"
TRIP_ENTRY = ('\n[[document]]\nid = "trip"\nfile = "trip.txt"\ntitle = "出張の手引き"\nlabel = "総務課 2025"\n'
              'publisher = "見本総務課"\ndate = "2025"\n')


def write_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "deck.txt").write_text(INLINE_DECK, encoding="utf-8")
    (corpus / "trip.txt").write_text(TRIP, encoding="utf-8")
    (corpus / "manifest.toml").write_text(INLINE_MANIFEST + TRIP_ENTRY, encoding="utf-8")
    return corpus


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> Service:
    root = tmp_path_factory.mktemp("api")
    corpus = write_corpus(root)
    embedder = FakeEmbedder()
    build_index(corpus, root / "index", embedder, progress=False)
    return Service(Searcher(load_index(root / "index", corpus, embedder), embedder))


@pytest.fixture(scope="module")
def client(service) -> TestClient:
    with TestClient(create_app(lambda: service)) as client:
        yield client


def error_of(response: httpx.Response, status: int) -> dict:
    """Return the error body, having checked it is the Japanese JSON error a client can show."""
    assert response.status_code == status, response.text
    assert "Traceback" not in response.text
    error = response.json()["error"]
    assert JAPANESE.search(error["message"]), error
    return error


# --------------------------------------------------------------------------- each endpoint


def test_health_says_ready_with_index_version_and_document_count(client, service):
    body = client.get("/health").json()
    assert body["ready"] is True and body["documents"] == 2 and body["index_version"] == service.index_version()


def test_search_answers_in_the_cli_contract(client, service):
    request = {"query": "退職者の持ち出しを防ぐ", "top_k": 3}
    body = client.post("/search", json=request).json()
    assert body == search_to_json(service.search("退職者の持ち出しを防ぐ", top_k=3))
    assert body["results"][0]["chunk_id"] == "deck#u002-01" and len(body["results"]) == 3


def test_search_filters_narrow_the_results(client):
    body = client.post("/search", json={"query": "持ち出し", "top_k": 10, "filters": {"doc_ids": ["trip"]}}).json()
    assert body["results"] and {r["doc_id"] for r in body["results"]} == {"trip"}
    body = client.post("/search", json={"query": "情報", "filters": {"collections": ["出張"], "date_from": "2026"}}).json()
    assert body["results"] and {r["collection"] for r in body["results"]} == {"出張"}


def test_ask_answers_in_the_cli_contract_and_reads_a_follow_up_against_the_history(client, service):
    first = client.post("/ask", json={"query": "来訪者の記録はどうしていますか？"}).json()
    assert first == answer_to_json(service.ask("来訪者の記録はどうしていますか？"))
    assert first["found"] and first["citations"][0]["chunk_id"].startswith("deck#")
    history = [{"role": "user", "content": "来訪者の記録はどうしていますか？"},
               {"role": "assistant", "content": first["answer"]}]
    follow = client.post("/ask", json={"query": "それは誰が共有しますか？", "history": history, "passages": 3}).json()
    expected = service.ask("それは誰が共有しますか？", passages=3, history=history)
    assert follow == answer_to_json(expected) and follow["interpretation"] == expected.interpretation
    alone = client.post("/ask", json={"query": "それは誰が共有しますか？", "passages": 3}).json()
    assert follow != alone  # the history changed how the question was read


def test_documents_chunks_units_and_collections(client, service):
    documents = client.get("/documents").json()["documents"]
    assert documents == [dataclasses.asdict(d) for d in service.documents()]
    assert client.get("/collections").json() == {"collections": service.collections()}
    units = client.get("/documents/trip/units").json()["units"]
    assert [u["unit_id"] for u in units] == [u.unit_id for u in service.document_units("trip")]
    body = client.get("/chunks", params={"id": ["deck#u002-01", "nope#1"]}).json()
    assert body["chunks"] == [service.chunk("deck#u002-01").to_json()] and body["missing"] == ["nope#1"]
    body = client.get("/units", params={"id": [units[0]["unit_id"]]}).json()
    assert body["units"] == [service.unit(units[0]["unit_id"]).to_json()] and body["missing"] == []


def test_openapi_and_a_docs_page_that_needs_no_network(client):
    spec = client.get("/openapi.json").json()
    assert {"/health", "/documents", "/search", "/ask"} <= set(spec["paths"])
    assert spec["components"]["schemas"]["SearchRequest"]["properties"]["top_k"]["maximum"] == 50
    page = client.get("/docs")
    assert page.status_code == 200 and "POST /search" in page.text and "curl" in page.text
    assert "<script" not in page.text and "http" not in page.text.split("<body>")[0]


# --------------------------------------------------------------------------- bad input

BAD_SEARCHES = [  # (body, status, code, field)
    ({"top_k": 3}, 422, "required", "query"),
    ({"query": 42}, 422, "invalid_field", "query"),
    ({"query": "  \u3000"}, 422, "invalid_field", "query"),
    ({"query": "TICS", "top_k": "5"}, 422, "invalid_field", "top_k"),
    ({"query": "TICS", "top_k": 0}, 422, "invalid_field", "top_k"),
    ({"query": "TICS", "top_k": -3}, 422, "invalid_field", "top_k"),
    ({"query": "TICS", "top_k": 51}, 422, "invalid_field", "top_k"),
    ({"query": "TICS", "top_k": 10**12}, 422, "invalid_field", "top_k"),
    ({"query": "TICS", "top_k": True}, 422, "invalid_field", "top_k"),
    ({"query": "TICS", "top_k": 2.5}, 422, "invalid_field", "top_k"),
    ({"query": "TICS", "topk": 3}, 422, "unknown_field", "topk"),
    ({"query": "TICS", "filters": ["trip"]}, 422, "invalid_field", "filters"),
    ({"query": "TICS", "filters": {"doc_ids": ["no-such-doc"]}}, 422, "unknown_filter", "filters.doc_ids"),
    ({"query": "TICS", "filters": {"doc_ids": "trip"}}, 422, "invalid_field", "filters.doc_ids"),
    ({"query": "TICS", "filters": {"collections": ["存在しない資料群"]}}, 422, "unknown_filter", "filters.collections"),
    ({"query": "TICS", "filters": {"date_from": "昨年"}}, 422, "invalid_field", "filters.date_from"),
    ({"query": "TICS", "filters": {"doc": ["trip"]}}, 422, "unknown_field", "filters.doc"),
]
BAD_ASKS = [
    ({"query": "TICS", "history": "前の質問"}, 422, "invalid_field", "history"),
    ({"query": "TICS", "history": [{"role": "system", "content": "x"}]}, 422, "invalid_field", "history[0].role"),
    ({"query": "TICS", "history": [{"role": "user", "content": 3}]}, 422, "invalid_field", "history[0].content"),
    ({"query": "TICS", "history": [{"role": "user", "content": "a"}] * 201}, 422, "invalid_field", "history"),
    ({"query": "TICS", "passages": 0}, 422, "invalid_field", "passages"),
    ({"query": "TICS", "mode": "gpt"}, 422, "invalid_field", "mode"),
    ({"query": "TICS", "filters": {"doc_ids": ["no-such-doc"]}}, 422, "unknown_filter", "filters.doc_ids"),
]


@pytest.mark.parametrize("path, body, status, code, field",
                         [("/search", *case) for case in BAD_SEARCHES] + [("/ask", *case) for case in BAD_ASKS])
def test_bad_fields_are_refused_by_name(client, path, body, status, code, field):
    error = error_of(client.post(path, json=body), status)
    assert (error["code"], error["field"]) == (code, field)


@pytest.mark.parametrize("content, status, code", [
    (b'{"query": "TICS"', 400, "invalid_json"),
    (b'["TICS"]', 400, "invalid_json"),
    (b'"TICS"', 400, "invalid_json"),
    ("{\"query\": \"経済\"}".encode("shift_jis"), 400, "invalid_json"),
    (b"[" * 60_000, 400, "invalid_json"),  # nested too deep for the parser, yet under the size limit
    (b'{"query": "' + b"a" * MAX_BODY_BYTES + b'"}', 413, "body_too_large"),
])
def test_bodies_that_are_not_a_json_object_or_too_large(client, content, status, code):
    for path in ("/search", "/ask"):
        error = error_of(client.post(path, content=content, headers={"content-type": "application/json"}), status)
        assert error["code"] == code


def test_a_large_body_sent_without_a_length_is_cut_off(client):
    def pieces():
        for _ in range(MAX_BODY_BYTES // 1024 + 2):
            yield b" " * 1024

    assert error_of(client.post("/search", content=pieces()), 413)["code"] == "body_too_large"


def test_unknown_places_and_methods_are_explained(client):
    assert error_of(client.get("/nowhere"), 404)["code"] == "not_found"
    assert error_of(client.get("/search"), 405)["code"] == "method_not_allowed"
    assert error_of(client.get("/documents/no-such-doc/units"), 404)["field"] == "doc_id"
    assert error_of(client.get("/chunks"), 400)["field"] == "id"


def test_the_server_keeps_serving_after_bad_input_and_a_defect(service):
    class Failing(Service):
        """Its first search fails the way a defect would."""

        calls = 0

        def search(self, *args, **kwargs):
            Failing.calls += 1
            if Failing.calls == 1:
                raise RuntimeError("boom")
            return super().search(*args, **kwargs)

    with TestClient(create_app(lambda: Failing(service.searcher)), raise_server_exceptions=False) as client:
        error = error_of(client.post("/search", json={"query": "出張"}), 500)
        assert error["code"] == "internal" and "boom" not in json.dumps(error)
        error_of(client.post("/search", content=b"{"), 400)
        assert client.post("/search", json={"query": "出張"}).json()["results"]


def test_without_an_index_the_server_says_how_to_build_one(tmp_path):
    with TestClient(create_app(lambda: load_service(tmp_path / "index", tmp_path / "corpus"))) as client:
        response = client.get("/health")
        assert response.status_code == 503 and response.json()["ready"] is False
        error = error_of(client.post("/search", json={"query": "TICS"}), 503)
        assert error["code"] == "index_missing" and "pipeline build" in error["fix"]


def test_concurrent_requests_get_their_own_answers(client, service):
    queries = ["退職者の持ち出しを防ぐ", "来訪者の記録", "事例⑥ 共同購入", "海外出張の準備"] * 4
    expected = {q: search_to_json(service.search(q, top_k=2)) for q in set(queries)}
    results: dict[int, dict] = {}

    def run(i: int, query: str) -> None:
        results[i] = client.post("/search", json={"query": query, "top_k": 2}).json()

    threads = [threading.Thread(target=run, args=(i, q)) for i, q in enumerate(queries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [results[i] for i in range(len(queries))] == [expected[q] for q in queries]


def test_a_search_is_answered_while_an_ask_waits_for_the_llm(service, monkeypatch):
    received, release = threading.Event(), threading.Event()

    class SlowLLM(FakeOpenAIHandler):  # answers when released
        def answer(self, body: dict) -> str:
            received.set()
            release.wait(60)
            return "不明です。"

    asked: dict[str, dict] = {}
    with fake_openai(SlowLLM) as url:
        monkeypatch.setenv("KB_LLM_BASE_URL", url)
        monkeypatch.setenv("KB_LLM_TIMEOUT", "20")
        with TestClient(create_app(lambda: service)) as client:
            try:
                waiting = threading.Thread(target=lambda: asked.setdefault(
                    "ask", client.post("/ask", json={"query": "来訪者の記録はどうしていますか？", "mode": "llm"}).json()))
                waiting.start()
                assert received.wait(30)  # the ask has searched and now waits for the LLM
                searched = threading.Thread(target=lambda: asked.setdefault(
                    "search", client.post("/search", json={"query": "来訪者の記録", "top_k": 1}).json()))
                searched.start()
                searched.join(10)
                assert "search" in asked and "ask" not in asked  # the search did not queue behind the LLM
            finally:
                release.set()  # before the client shuts down, which waits for the ask
            waiting.join(30)
    assert asked["ask"]["found"] and asked["search"]["results"]


# --------------------------------------------------------------------------- the client the app uses


@pytest.fixture(scope="module")
def remote(client) -> ApiService:
    return ApiService("http://testserver", client=client)


def test_the_client_returns_the_services_records(remote, service):
    filters = SearchFilters(collections=("好事例集", "出張"))
    here, there = service.search("来訪者の記録", top_k=4, filters=filters), remote.search("来訪者の記録", top_k=4, filters=filters)
    assert [(h.chunk, h.best_line) for h in there.hits] == [(h.chunk, h.best_line) for h in here.hits]
    assert search_to_json(there) == search_to_json(here)
    history = [{"role": "user", "content": "来訪者の記録はどうしていますか？"}]
    here, there = (s.ask("それは誰が共有しますか？", passages=3, history=history) for s in (service, remote))
    assert answer_to_json(there) == answer_to_json(here) and there.interpretation == here.interpretation
    assert [c.chunk for c in there.citations] == [c.chunk for c in here.citations]
    assert remote.documents() == service.documents() and remote.collections() == service.collections()
    assert remote.document_units("trip") == service.document_units("trip") and remote.document_units("nope") == []
    unit_id = service.chunk("deck#u002-01").unit_id
    assert remote.chunk("deck#u002-01") == service.chunk("deck#u002-01") and remote.chunk("nope") is None
    assert remote.unit(unit_id) == service.unit(unit_id)
    assert remote.index_version() == service.index_version() and remote.refresh() is False


def test_the_client_raises_the_services_japanese_errors(remote):
    with pytest.raises(InputError, match="質問が空です"):
        remote.search("   ")
    with pytest.raises(InputError, match="no-such-doc"):
        remote.search("TICS", filters=SearchFilters(doc_ids=("no-such-doc",)))


def test_the_client_names_a_server_it_cannot_reach(tmp_path):
    port = free_port()
    with pytest.raises(ServerUnavailableError, match=f"127.0.0.1:{port}.*接続できません") as info:
        ApiService(f"http://127.0.0.1:{port}")
    assert "pipeline serve" in info.value.fix
    with TestClient(create_app(lambda: load_service(tmp_path / "index", tmp_path / "corpus"))) as client:
        with pytest.raises(IndexMissingError, match="索引がまだ作られていません"):
            ApiService("http://testserver", client=client)


def test_the_app_shows_why_it_cannot_reach_the_api(monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("KB_API_URL", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("KB_STATE_DIR", str(tmp_path / "state"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert any("接続できません" in e.value for e in at.error) and any("pipeline serve" in c.value for c in at.code)


@contextlib.contextmanager
def running_server(app):
    """Serve `app` with uvicorn on a free loopback port in a thread; yield its URL."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        assert thread.is_alive()
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_the_app_answers_and_shows_sources_through_the_api(service, monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    question = "来訪者の記録はどうしていますか？"
    expected = service.ask(question)
    with running_server(create_app(lambda: service)) as url:
        monkeypatch.setenv("KB_API_URL", url)
        monkeypatch.setenv("KB_STATE_DIR", str(tmp_path / "state"))
        at = AppTest.from_file(APP, default_timeout=60).run()
        at.chat_input(key="question").set_value(question).run()
        assert not at.exception, at.exception
        shown = "\n".join(re.sub(r"\\(.)", r"\1", m.value) for m in at.markdown)
        assert expected.found and expected.citations[0].chunk.citation in shown
        assert expected.citations[0].quote.splitlines()[0] in shown
        assert any(e.label == "前後の文脈を見る" for e in at.expander)  # the unit came from the API too


# --------------------------------------------------------------------------- a real server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_refuses_a_busy_port_in_japanese():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        out = subprocess.run([sys.executable, "-m", "pipeline", "serve", "--port", str(port)], cwd=ROOT, text=True,
                             capture_output=True, timeout=60)
    assert out.returncode == 2 and f"127.0.0.1:{port} で待ち受けできません" in out.stderr and "--port" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("args, message, fix", [
    (["--workers", "0"], "ワーカー数 0 は使えません", "--workers"),
    (["--port", "70000"], "ポート番号 70000 は使えません", "--port"),
    (["--host", "no-such-host.invalid"], "アドレス no-such-host.invalid が見つかりません", "--host"),
])
def test_serve_names_the_option_to_fix(args, message, fix):
    out = subprocess.run([sys.executable, "-m", "pipeline", "serve", *args], cwd=ROOT, text=True, capture_output=True,
                         timeout=60)
    assert out.returncode == 2 and message in out.stderr and f"対処: {fix}" in out.stderr
    assert "Traceback" not in out.stderr


def test_python_m_pipeline_serve_answers_health_and_search(real_embedder, tmp_path):
    corpus = write_corpus(tmp_path)
    build_index(corpus, tmp_path / "index", real_embedder, progress=False)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--port", str(port),
                               "--index", str(tmp_path / "index"), "--corpus", str(corpus)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, "HF_HUB_OFFLINE": "1"})
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
                if health.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, server.stdout.read() if server.poll() else ""
            time.sleep(0.2)
        assert health.json()["ready"] and health.json()["documents"] == 2
        too_large = httpx.post(f"http://127.0.0.1:{port}/search", content=b" " * (4 * MAX_BODY_BYTES), timeout=30)
        assert too_large.status_code == 413 and "大きすぎます" in too_large.json()["error"]["message"]
        found = httpx.post(f"http://127.0.0.1:{port}/search", json={"query": "退職者の持ち出しを防ぐ"}, timeout=30)
        assert found.json()["results"][0]["chunk_id"] == "deck#u002-01"
    finally:
        server.terminate()
        server.wait(timeout=30)

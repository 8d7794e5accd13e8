"""HTTP API over the Service (`python -m pipeline serve`): the CLI's JSON contracts for search and
ask, the documents, passages and units a client such as the app shows, and Japanese errors as
{"error": {"code", "message", "field", "fix"}} — never a traceback.

Each worker process loads the model and the read-only index once and answers one request at a
time (the work is CPU-bound and the query encoder already uses every core; the tokenizer is shared
within a process). Capacity grows with `--workers` and with more machines; /health is answered
from the event loop even while a search is running. An ask that an LLM writes holds that one
compute slot only while searching: the wait for the LLM server runs under a limit of its own, so
searches go on meanwhile."""
from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import socket
import threading
import time
from pathlib import Path
from typing import Any, Callable

import anyio
import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from .answer import answer_to_json
from .api_openapi import OPENAPI, docs_html
from .api_requests import (MAX_BODY_BYTES, Known, RequestError, body_too_large, parse_ask, parse_body, parse_ids,
                           parse_search)
from .errors import IndexMissingError, IndexStaleError, InputError, KBError, ModelError
from .llm import LLMSettings, PendingAnswer, finish_answer
from .search import search_to_json
from .service import Service, load_service

log = logging.getLogger("uvicorn.error")
RETRY_SECONDS = 5.0  # while the index cannot be loaded, try again at most this often
COMPUTE_SLOTS = 1  # requests computed at once per worker process (see the module docstring)
LLM_SLOTS = 8  # asks waiting for the LLM server at once per worker process
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class ServiceSlot:
    """The worker's Service: loaded once; while loading fails (no index yet, a stale one), a
    request tries again at most every RETRY_SECONDS and otherwise gets the reason at once."""

    def __init__(self, load: Callable[[], Service]):
        self._load = load
        self._service: Service | None = None
        self._error: KBError | None = None
        self._tried = float("-inf")
        self._lock = threading.Lock()

    def get(self) -> Service:
        if self._service is not None:
            return self._service
        with self._lock:
            if self._service is None and time.monotonic() - self._tried >= RETRY_SECONDS:
                self._tried = time.monotonic()
                try:
                    self._service, self._error = self._load(), None
                except KBError as exc:
                    self._error = exc
                    log.error("索引を読み込めません: %s", exc)
            if self._service is None:
                raise self._error or KBError("索引を読み込めません。")
            return self._service


_STATUS = ((IndexMissingError, 503, "index_missing"), (IndexStaleError, 503, "index_stale"),
           (ModelError, 503, "model_error"), (InputError, 422, "invalid_input"), (KBError, 503, "unavailable"))


def error_body(code: str, message: str, field: str | None = None, fix: str | None = None) -> dict[str, Any]:
    """Return the body of every error the API gives: {"error": {"code", "message", "field", "fix"}}."""
    return {"error": {"code": code, "message": message, "field": field, "fix": fix}}


def error_json(exc: KBError) -> tuple[int, dict[str, Any]]:
    """Return the HTTP status and the error body for a KBError."""
    if isinstance(exc, RequestError):
        return exc.status, error_body(exc.code, exc.message, exc.field, exc.fix)
    status, code = next((status, code) for kind, status, code in _STATUS if isinstance(exc, kind))
    return status, error_body(code, exc.message, None, exc.fix)


def _error(status: int, code: str, message: str, fix: str | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message, None, fix), status)


async def read_json(request: Request) -> dict[str, Any]:
    """Return the request's JSON object, reading no more than MAX_BODY_BYTES of it."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise body_too_large()
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise body_too_large()
    return parse_body(bytes(body))


def create_app(load: Callable[[], Service]) -> Starlette:
    """Return the ASGI application; `load` returns the Service (called once per process)."""
    slot = ServiceSlot(load)
    limiter: list[anyio.CapacityLimiter] = []  # compute, then LLM waits; made inside the event loop, on first use

    async def compute(work: Callable[[Service], Any]) -> Any:
        if not limiter:
            limiter.extend([anyio.CapacityLimiter(COMPUTE_SLOTS), anyio.CapacityLimiter(LLM_SLOTS)])

        def run() -> Any:
            service = slot.get()
            service.refresh()  # an index built since the last request is used from now on
            return work(service)

        return await anyio.to_thread.run_sync(run, limiter=limiter[0])

    known_by_version: dict[str, Known] = {}

    def known(service: Service) -> Known:
        """Return what filters may name in the index `service` holds (worked out once per index)."""
        version = service.index_version()
        if version not in known_by_version:
            known_by_version.clear()
            known_by_version[version] = Known(frozenset(d.doc_id for d in service.documents()),
                                              frozenset(service.collections()))
        return known_by_version[version]

    def json_endpoint(handler: Callable[[Request], Any]) -> Callable[[Request], Any]:
        """Wrap an endpoint: its dict becomes JSON, a KBError a Japanese error, anything else a 500
        that says so without a traceback (which goes to the server log)."""

        async def endpoint(request: Request) -> Response:
            try:
                result = await handler(request)
            except KBError as exc:
                status, body = error_json(exc)
                return JSONResponse(body, status)
            except Exception:  # a defect of ours: the client gets a message, the log the details
                log.exception("%s %s で予期しないエラー", request.method, request.url.path)
                return _error(500, "internal", "サーバー内部でエラーが起きました。時間をおいてもう一度お試しください。",
                              "続く場合はサーバーのログを管理者に見せてください。")
            return result if isinstance(result, Response) else JSONResponse(result)

        return endpoint

    async def health(request: Request) -> Response:
        def state() -> dict[str, Any]:
            service = slot.get()
            service.refresh()
            return {"ready": True, "index_version": service.index_version(), "documents": len(service.documents()),
                    "worker": os.getpid()}

        try:
            return JSONResponse(await anyio.to_thread.run_sync(state))  # not queued behind searches
        except KBError as exc:
            status, body = error_json(exc)
            return JSONResponse({"ready": False, "worker": os.getpid(), **body}, status)

    async def documents(request: Request) -> dict[str, Any]:
        return {"documents": await compute(lambda s: [dataclasses.asdict(d) for d in s.documents()])}

    async def collections(request: Request) -> dict[str, Any]:
        return {"collections": await compute(lambda s: s.collections())}

    async def document_units(request: Request) -> dict[str, Any]:
        doc_id = request.path_params["doc_id"]

        def work(service: Service) -> list[dict[str, Any]]:
            if doc_id not in {d.doc_id for d in service.documents()}:
                raise RequestError(f"文書 ID「{doc_id[:40]}」は索引にありません。", "GET /documents で文書 ID を確認してください。",
                                   field="doc_id", code="not_found", status=404)
            return [u.to_json() for u in service.document_units(doc_id)]

        return {"doc_id": doc_id, "units": await compute(work)}

    async def chunks(request: Request) -> dict[str, Any]:
        ids = parse_ids(request.query_params.getlist("id"), "パッセージ（chunk）の id")
        found = await compute(lambda s: {i: s.chunk(i) for i in ids})
        return {"chunks": [c.to_json() for c in found.values() if c is not None],
                "missing": [i for i, c in found.items() if c is None]}

    async def units(request: Request) -> dict[str, Any]:
        ids = parse_ids(request.query_params.getlist("id"), "区切り（unit）の id")
        found = await compute(lambda s: {i: s.unit(i) for i in ids})
        return {"units": [u.to_json() for u in found.values() if u is not None],
                "missing": [i for i, u in found.items() if u is None]}

    async def search(request: Request) -> dict[str, Any]:
        body = await read_json(request)

        def work(service: Service) -> dict[str, Any]:
            wanted = parse_search(body, known(service))
            return search_to_json(service.search(wanted.query, top_k=wanted.top_k, filters=wanted.filters))

        return await compute(work)

    async def ask(request: Request) -> dict[str, Any]:
        body = await read_json(request)

        def work(service: Service) -> PendingAnswer:
            wanted = parse_ask(body, known(service))
            return service.begin_ask(wanted.query, filters=wanted.filters, llm=LLMSettings.from_env(mode=wanted.mode),
                                     passages=wanted.passages, history=list(wanted.history))

        pending = await compute(work)
        if not pending.needs_llm:
            return answer_to_json(pending.extractive)
        return answer_to_json(await anyio.to_thread.run_sync(finish_answer, pending, limiter=limiter[1]))

    async def openapi(request: Request) -> Response:
        return JSONResponse(OPENAPI)

    async def docs(request: Request) -> Response:
        return HTMLResponse(docs_html(OPENAPI))

    async def http_error(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 500)
        if status == 404:
            return _error(404, "not_found", f"{request.url.path} という場所はありません。", "使える場所は GET /docs で確認できます。")
        if status == 405:
            return _error(405, "method_not_allowed", f"{request.url.path} は {request.method} を受け付けません。",
                          "GET /docs でメソッドを確認してください。")
        return _error(status, "http_error", f"リクエストを処理できません（HTTP {status}）。")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        # Load at start-up so the first user doesn't wait; a failure is logged and retried later.
        try:
            await anyio.to_thread.run_sync(slot.get)
            log.info("索引を読み込みました（プロセス %s）。", os.getpid())
        except KBError:
            pass
        yield

    routes = [
        Route("/", lambda request: RedirectResponse("/docs")),
        Route("/health", health),
        Route("/documents", json_endpoint(documents)),
        Route("/documents/{doc_id:str}/units", json_endpoint(document_units)),
        Route("/collections", json_endpoint(collections)),
        Route("/chunks", json_endpoint(chunks)),
        Route("/units", json_endpoint(units)),
        Route("/search", json_endpoint(search), methods=["POST"]),
        Route("/ask", json_endpoint(ask), methods=["POST"]),
        Route("/openapi.json", openapi),
        Route("/docs", docs),
    ]
    return Starlette(routes=routes, exception_handlers={HTTPException: http_error}, lifespan=lifespan)


def app_from_env() -> Starlette:
    """Return the application over the index, corpus and model named by KB_INDEX_DIR, KB_CORPUS_DIR
    and KB_MODEL_DIR (how `serve` hands its options to worker processes)."""
    paths = {name: Path(os.environ[var]) if os.environ.get(var) else None
             for name, var in (("index_dir", "KB_INDEX_DIR"), ("corpus_dir", "KB_CORPUS_DIR"),
                               ("model_dir", "KB_MODEL_DIR"))}
    return create_app(lambda: load_service(**paths))


def check_listen_address(host: str, port: int) -> None:
    """Raise InputError unless this process can listen on host:port (the port is free)."""
    if not 1 <= port <= 65535:
        raise InputError(f"ポート番号 {port} は使えません。", "--port には 1〜65535 の番号を指定してください。")
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except OSError as exc:
        raise InputError(f"待ち受けるアドレス {host} が見つかりません（{exc.strerror or exc}）。",
                         "--host には 127.0.0.1 や 0.0.0.0 のような、この機械のアドレスを指定してください。") from exc
    try:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as exc:
        raise InputError(f"{host}:{port} で待ち受けできません（{exc.strerror or exc}）。",
                         "--port で別の番号を指定するか、そのポートを使っているプログラムを止めてください。") from exc


def serve(host: str, port: int, workers: int, index_dir: Path | None = None, corpus_dir: Path | None = None,
          model_dir: Path | None = None) -> int:
    """Run the API until interrupted; `workers` processes each load the model and the index."""
    import uvicorn

    if workers < 1:
        raise InputError(f"ワーカー数 {workers} は使えません。", "--workers には 1 以上を指定してください（目安: CPU コア数）。")
    check_listen_address(host, port)
    for var, path in (("KB_INDEX_DIR", index_dir), ("KB_CORPUS_DIR", corpus_dir), ("KB_MODEL_DIR", model_dir)):
        if path is not None:
            os.environ[var] = str(Path(path).resolve())  # worker processes read their paths from here
    # Each worker encodes with its share of the cores: more threads than cores only wait on each other.
    os.environ.setdefault("KB_QUERY_THREADS", str(max(1, (os.cpu_count() or 1) // workers)))
    if host not in LOOPBACK:
        print(f"注意: {host} で待ち受けます。この API には認証がありません。認証付きのリバースプロキシの内側で"
              "使ってください（README「Deploying for many users」）。")
    print(f"API を起動します: http://{host}:{port} （ワーカー {workers}、説明 http://{host}:{port}/docs）", flush=True)
    uvicorn.run("pipeline.api:app_from_env", factory=True, host=host, port=port, workers=workers,
                timeout_graceful_shutdown=10, access_log=False)
    return 0

"""The Service over HTTP: the same methods and typed records as pipeline.service.Service, answered
by a `python -m pipeline serve` server (the app uses it when KB_API_URL is set).

Search and ask come back in the CLI's JSON contracts; the full passages and units they name are
fetched once and kept until the server reports another index. What those contracts do not carry
is not invented: a suggestion's score is 0.0, and timings and the query vector stay empty."""
from __future__ import annotations

import threading
from typing import Any
from urllib.parse import quote

import httpx

from .errors import IndexMissingError, IndexStaleError, InputError, KBError, ModelError
from .llm import LLMSettings
from .records import Answer, Chunk, Citation, Hit, Unit
from .search import SearchFilters, SearchResult
from .service import DocumentInfo

START_FIX = "サーバーを起動してください: .venv/bin/python -m pipeline serve（または環境変数 KB_API_URL を見直してください）"
_ERRORS = {"index_missing": IndexMissingError, "index_stale": IndexStaleError, "model_error": ModelError}


class ServerUnavailableError(InputError):
    """The API server could not be reached or failed. An InputError, so a screen that shows input
    problems as a warning (the app's chat and search) shows this one the same way."""


class ApiService:
    """A Service whose work is done by the HTTP API at `base_url`; safe to share between threads."""

    def __init__(self, base_url: str, timeout: float = 120.0, client: httpx.Client | None = None):
        self.base_url = base_url.rstrip("/")
        self._http = client or httpx.Client(base_url=self.base_url, timeout=timeout)
        self._lock = threading.Lock()
        self._chunks: dict[str, Chunk] = {}
        self._units: dict[str, Unit] = {}
        self._version = self._health()["index_version"]

    # ------------------------------------------------------------------ the Service's methods

    def search(self, query: str, top_k: int = 5, filters: SearchFilters | None = None) -> SearchResult:
        payload = self._post("/search", {"query": query, "top_k": top_k, "filters": _filters_json(filters)})
        chunks = self._chunks_by_id([row["chunk_id"] for row in payload["results"]])
        hits = tuple(Hit(chunks[row["chunk_id"]], row["score"], "rescored", best_line=row.get("best_line"))
                     for row in payload["results"])
        return SearchResult(payload["query"], hits, payload.get("notice"))

    def ask(self, query: str, filters: SearchFilters | None = None, llm: LLMSettings | None = None,
            passages: int = 5, history: list[dict[str, str]] | None = None) -> Answer:
        """Return the server's answer. Only `llm.mode` is sent: the LLM itself is the server's to configure."""
        request = {"query": query, "filters": _filters_json(filters), "passages": passages,
                   "history": list(history or [])}
        if llm is not None:
            request["mode"] = llm.mode
        payload = self._post("/ask", request)
        suggestions = payload.get("suggestions", [])
        chunks = self._chunks_by_id([c["chunk_id"] for c in payload["citations"]] +
                                    [s["chunk_id"] for s in suggestions])
        return Answer(query=payload["query"], text=payload["answer"],
                      citations=tuple(Citation(c["n"], chunks[c["chunk_id"]], c["quote"]) for c in payload["citations"]),
                      found=payload["found"], mode=payload["mode"], notice=payload.get("notice"),
                      suggestions=tuple(Hit(chunks[s["chunk_id"]], 0.0, "rescored") for s in suggestions),
                      answer_type=payload["answer_type"], refusal_reason=payload["refusal_reason"],
                      interpretation=payload.get("interpretation"))

    def index_version(self) -> str:
        return self._version

    def refresh(self) -> bool:
        """Notice a newer index on the server; True when it changed (the passages kept are dropped)."""
        version = self._health()["index_version"]
        if version == self._version:
            return False
        with self._lock:
            self._version = version
            self._chunks.clear()
            self._units.clear()
        return True

    def documents(self) -> list[DocumentInfo]:
        return [DocumentInfo(**row) for row in self._get("/documents")["documents"]]

    def chunk(self, chunk_id: str) -> Chunk | None:
        return self._chunks_by_id([chunk_id]).get(chunk_id)

    def unit(self, unit_id: str) -> Unit | None:
        with self._lock:
            if unit_id in self._units:
                return self._units[unit_id]
        rows = self._get("/units", params={"id": [unit_id]})["units"]
        unit = Unit.from_json(rows[0]) if rows else None
        if unit is not None:
            with self._lock:
                self._units[unit_id] = unit
        return unit

    def document_units(self, doc_id: str) -> list[Unit]:
        try:
            rows = self._get(f"/documents/{quote(doc_id, safe='')}/units")["units"]
        except InputError:  # a document the index no longer holds: nothing to page through
            return []
        return [Unit.from_json(row) for row in rows]

    def collections(self) -> list[str]:
        return self._get("/collections")["collections"]

    # ------------------------------------------------------------------ HTTP

    def _chunks_by_id(self, ids: list[str]) -> dict[str, Chunk]:
        """Return the passages with these ids that the server holds, asking only for those not kept."""
        with self._lock:
            missing = list(dict.fromkeys(i for i in ids if i not in self._chunks))
        if missing:
            rows = self._get("/chunks", params={"id": missing})["chunks"]
            with self._lock:
                self._chunks.update((row["chunk_id"], Chunk.from_json(row)) for row in rows)
        with self._lock:
            return {i: self._chunks[i] for i in ids if i in self._chunks}

    def _health(self) -> dict[str, Any]:
        payload = self._request("GET", "/health")
        if not payload.get("ready"):
            raise _error_of(payload, 503)
        return payload

    def _get(self, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self._request("GET", path, params=params)

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        return self._request("POST", path, json=body)

    def _request(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            raise ServerUnavailableError(f"検索サーバー（{self.base_url}）の応答が時間内にありませんでした。",
                                         "しばらくしてからもう一度お試しください。") from exc
        except httpx.HTTPError as exc:
            raise ServerUnavailableError(f"検索サーバー（{self.base_url}）に接続できません（{type(exc).__name__}）。",
                                         START_FIX) from exc
        try:
            payload = response.json()
        except ValueError as exc:
            raise ServerUnavailableError(f"検索サーバー（{self.base_url}）の応答を読めません（HTTP {response.status_code}）。",
                                         "KB_API_URL がこの API を指しているか確認してください。") from exc
        if response.status_code >= 400 and path != "/health":
            raise _error_of(payload, response.status_code)
        return payload


def _filters_json(filters: SearchFilters | None) -> dict[str, Any]:
    filters = filters or SearchFilters()
    return {"doc_ids": list(filters.doc_ids), "collections": list(filters.collections),
            **{name: value for name, value in (("date_from", filters.date_from), ("date_to", filters.date_to)) if value}}


def _error_of(payload: dict[str, Any], status: int) -> KBError:
    """Return the KBError an {"error": …} body describes, of the class the in-process Service raises."""
    error = payload.get("error") if isinstance(payload, dict) else None
    if not isinstance(error, dict):
        return ServerUnavailableError(f"検索サーバーがエラーを返しました（HTTP {status}）。", START_FIX)
    message, fix = str(error.get("message", "")), error.get("fix")
    if error.get("code") in _ERRORS:
        return _ERRORS[error["code"]](message, fix)
    return InputError(message, fix) if 400 <= status < 500 else ServerUnavailableError(message, fix)


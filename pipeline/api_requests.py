"""HTTP API request bodies: parsed into typed requests, or refused with a Japanese message that
names the field and says what it should be. Nothing here trusts a client."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from .errors import InputError
from .search import MAX_TOP_K, SearchFilters, clean_query

MAX_BODY_BYTES = 64 * 1024  # a question with its whole conversation fits many times over
MAX_PASSAGES = 10  # the app's 参照する箇所の数 goes up to 10
MAX_HISTORY_TURNS = 200  # as many as a saved conversation keeps (pipeline.conversation.MAX_TURNS_KEPT)
MAX_IDS = 100  # passages or units asked for in one request
ANSWER_MODES = ("extractive", "llm")
_DATE = re.compile(r"^\d{4}(-\d{2})?$")


class RequestError(InputError):
    """A request the API refuses: `code` says what kind of problem, `field` where (None: the body)."""

    def __init__(self, message: str, fix: str | None = None, *, field: str | None = None,
                 code: str = "invalid_field", status: int = 422):
        super().__init__(message, fix)
        self.field = field
        self.code = code
        self.status = status


@dataclass(frozen=True)
class SearchRequest:
    query: str
    top_k: int = 5
    filters: SearchFilters = field(default_factory=SearchFilters)


@dataclass(frozen=True)
class AskRequest:
    query: str
    filters: SearchFilters = field(default_factory=SearchFilters)
    passages: int = 5
    history: tuple[dict[str, str], ...] = ()
    mode: str | None = None  # None: the server's own setting (KB_ANSWER_MODE)


@dataclass(frozen=True)
class Known:
    """What filters may name: the documents and collections of the index being served."""

    doc_ids: frozenset[str]
    collections: frozenset[str]


def parse_body(body: bytes) -> dict[str, Any]:
    """Return the JSON object a request body holds."""
    if len(body) > MAX_BODY_BYTES:
        raise body_too_large()
    try:
        value = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise RequestError("リクエスト本文が UTF-8 ではありません。", "JSON を UTF-8 で送ってください。",
                           code="invalid_json", status=400) from exc
    except (ValueError, RecursionError) as exc:
        raise RequestError(f"リクエスト本文を JSON として読めません（{_json_problem(exc)}）。",
                           '{"query": "TICSとは？"} のような JSON オブジェクトを送ってください。',
                           code="invalid_json", status=400) from exc
    if not isinstance(value, dict):
        raise RequestError("リクエスト本文は JSON オブジェクト（{…}）にしてください。",
                           '{"query": "TICSとは？"} のように送ってください。', code="invalid_json", status=400)
    return value


def body_too_large() -> RequestError:
    return RequestError(f"リクエスト本文が大きすぎます（上限 {MAX_BODY_BYTES // 1024} KiB）。",
                        "質問や会話履歴を短くして送ってください。", code="body_too_large", status=413)


def _json_problem(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.lineno} 行 {exc.colno} 文字目"
    return "入れ子が深すぎます" if isinstance(exc, RecursionError) else "形式の誤り"


def parse_search(body: dict[str, Any], known: Known) -> SearchRequest:
    """Return the /search request `body` describes."""
    _only(body, ("query", "top_k", "filters"))
    return SearchRequest(query=_query(body), top_k=_integer(body, "top_k", 5, 1, MAX_TOP_K, "表示件数"),
                         filters=_filters(body.get("filters"), known))


def parse_ask(body: dict[str, Any], known: Known) -> AskRequest:
    """Return the /ask request `body` describes."""
    _only(body, ("query", "filters", "passages", "history", "mode"))
    mode = body.get("mode")
    if mode is not None and mode not in ANSWER_MODES:
        raise RequestError(f"mode（回答方式）は {' / '.join(ANSWER_MODES)} のどちらかにしてください（受け取った値: "
                           f"{_shown(mode)}）。", field="mode")
    return AskRequest(query=_query(body), filters=_filters(body.get("filters"), known),
                      passages=_integer(body, "passages", 5, 1, MAX_PASSAGES, "参照する箇所の数"),
                      history=_history(body.get("history")), mode=mode)


def parse_ids(values: list[str], name: str) -> list[str]:
    """Return the ids of a `?id=…&id=…` query (at least one, at most MAX_IDS)."""
    if not values:
        raise RequestError(f"{name} を ?id=… で 1 つ以上指定してください。", field="id", code="required", status=400)
    if len(values) > MAX_IDS:
        raise RequestError(f"一度に指定できる id は {MAX_IDS} 個までです（{len(values)} 個ありました）。",
                           "何回かに分けて問い合わせてください。", field="id", status=400)
    return values


def _only(body: dict[str, Any], allowed: tuple[str, ...]) -> None:
    for name in body:
        if name not in allowed:
            raise RequestError(f"「{name}」という項目は受け付けていません。使える項目: {', '.join(allowed)}。",
                               "項目名の綴りを確認してください。", field=name, code="unknown_field")


def _query(body: dict[str, Any]) -> str:
    if "query" not in body:
        raise RequestError("query（質問文）がありません。", '{"query": "TICSとは？"} のように送ってください。',
                           field="query", code="required")
    query = body["query"]
    if not isinstance(query, str):
        raise RequestError(f"query（質問文）は文字列にしてください（受け取った型: {_type(query)}）。", field="query")
    try:
        clean_query(query)  # the same check the search makes: an empty question is refused here, by name
    except InputError as exc:
        raise RequestError(exc.message, exc.fix, field="query") from exc
    return query


def _integer(body: dict[str, Any], name: str, default: int, low: int, high: int, label: str) -> int:
    value = body.get(name, default)
    # bool is an int to Python, but `true` is no count
    if isinstance(value, bool) or not isinstance(value, int):
        raise RequestError(f"{name}（{label}）は整数にしてください（受け取った値: {_shown(value)}）。", field=name)
    if not low <= value <= high:
        raise RequestError(f"{name}（{label}）は {low} 以上 {high} 以下にしてください（受け取った値: {value}）。",
                           field=name)
    return value


def _strings(value: Any, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RequestError(f"{name} は文字列のリストにしてください（受け取った値: {_shown(value)}）。", field=name)
    return tuple(value)


def _filters(value: Any, known: Known) -> SearchFilters:
    if value is None:
        return SearchFilters()
    if not isinstance(value, dict):
        raise RequestError(f"filters（絞り込み）は JSON オブジェクトにしてください（受け取った値: {_shown(value)}）。",
                           field="filters")
    allowed = ("doc_ids", "collections", "date_from", "date_to")
    for name in value:
        if name not in allowed:
            raise RequestError(f"filters の「{name}」という項目は受け付けていません。使える項目: {', '.join(allowed)}。",
                               field=f"filters.{name}", code="unknown_field")
    doc_ids = _strings(value.get("doc_ids"), "filters.doc_ids")
    for doc_id in doc_ids:
        if doc_id not in known.doc_ids:
            raise RequestError(f"文書 ID「{_cut(doc_id)}」は索引にありません。", "GET /documents で文書 ID を確認してください。",
                               field="filters.doc_ids", code="unknown_filter")
    collections = _strings(value.get("collections"), "filters.collections")
    for name in collections:
        if name not in known.collections:
            choices = "、".join(sorted(known.collections)) or "なし"
            raise RequestError(f"資料群「{_cut(name)}」は索引にありません（あるもの: {choices}）。",
                               "GET /collections で資料群の名前を確認してください。",
                               field="filters.collections", code="unknown_filter")
    dates = {}
    for name in ("date_from", "date_to"):
        date = value.get(name)
        if date is not None and not (isinstance(date, str) and _DATE.match(date)):
            raise RequestError(f"filters.{name} は \"2025\" や \"2025-03\" の形（YYYY または YYYY-MM）にしてください"
                               f"（受け取った値: {_shown(date)}）。", field=f"filters.{name}")
        dates[name] = date
    return SearchFilters(doc_ids=doc_ids, collections=collections, **dates)


def _history(value: Any) -> tuple[dict[str, str], ...]:
    if value is None:
        return ()
    fix = 'history は [{"role": "user", "content": "…"}, {"role": "assistant", "content": "…"}] の形にしてください。'
    if not isinstance(value, list):
        raise RequestError(f"history（それまでの会話）はリストにしてください（受け取った値: {_shown(value)}）。", fix,
                           field="history")
    if len(value) > MAX_HISTORY_TURNS:
        raise RequestError(f"history（それまでの会話）は {MAX_HISTORY_TURNS} 件までです（{len(value)} 件ありました）。",
                           "直近の会話だけを送ってください。", field="history")
    turns = []
    for i, turn in enumerate(value):
        if not isinstance(turn, dict) or set(turn) - {"role", "content"}:
            raise RequestError(f"history[{i}] は role と content だけを持つオブジェクトにしてください。", fix,
                               field=f"history[{i}]")
        if turn.get("role") not in ("user", "assistant"):
            raise RequestError(f"history[{i}].role は user か assistant にしてください（受け取った値: "
                               f"{_shown(turn.get('role'))}）。", fix, field=f"history[{i}].role")
        if not isinstance(turn.get("content"), str):
            raise RequestError(f"history[{i}].content は文字列にしてください。", fix, field=f"history[{i}].content")
        turns.append({"role": turn["role"], "content": turn["content"]})
    return tuple(turns)


def _type(value: Any) -> str:
    return {dict: "オブジェクト", list: "リスト", str: "文字列", bool: "真偽値", int: "整数", float: "小数",
            type(None): "null"}.get(type(value), type(value).__name__)


def _shown(value: Any) -> str:
    """Return a short rendering of a client's value for a message (never the whole of a long one)."""
    return _cut(json.dumps(value, ensure_ascii=False))


def _cut(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"

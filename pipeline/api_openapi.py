"""The HTTP API's description: an OpenAPI 3.1 document (/openapi.json) and the same as a plain HTML
page (/docs) that needs no script or network, so it reads the same on a machine without internet."""
from __future__ import annotations

import html
import json
from typing import Any

from .api_requests import ANSWER_MODES, MAX_BODY_BYTES, MAX_HISTORY_TURNS, MAX_IDS, MAX_PASSAGES
from .search import MAX_TOP_K


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], example: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"schema": schema}
    if example is not None:
        body["example"] = example
    return {"content": {"application/json": body}}


_ERRORS = {
    "400": {"description": "本文が JSON でない（code: invalid_json）、id の指定がない", **_json(_ref("Error"))},
    "413": {"description": f"本文が {MAX_BODY_BYTES // 1024} KiB を超える（code: body_too_large）", **_json(_ref("Error"))},
    "422": {"description": "項目の型・範囲の誤り、知らない項目（unknown_field）、索引にない絞り込み（unknown_filter）",
            **_json(_ref("Error"))},
    "503": {"description": "索引やモデルを読み込めない（index_missing / index_stale / model_error）", **_json(_ref("Error"))},
}
_STRINGS = {"type": "array", "items": {"type": "string"}}
_CHUNK = {"type": "object", "description": "パッセージの全項目（pipeline.records.Chunk.to_json）"}
_UNIT = {"type": "object", "description": "スライド・ページ・節の全ブロック（pipeline.records.Unit.to_json）"}

OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "経済安全保障 資料検索・Q&A API",
        "version": "1",
        "description": "経済産業省・経済産業局の説明資料を検索し、資料の文をそのまま引用して答えます。"
                       "/search と /ask の応答は CLI の --json と同じ形です。エラーは "
                       '{"error": {"code", "message", "field", "fix"}} で、message と fix は日本語です。'
                       "認証はありません。外に出すときは認証付きのリバースプロキシの内側に置いてください。",
    },
    "paths": {
        "/health": {"get": {
            "summary": "稼働状況: 索引の版、文書数、準備ができているか",
            "responses": {"200": {"description": "準備完了", **_json(_ref("Health"), {
                "ready": True, "index_version": "2026-01-20T10:00:00+0900 3f2a9c1b7d4e", "documents": 3, "worker": 4242})},
                "503": {"description": "索引を読み込めない（ready: false と error）", **_json(_ref("Health"))}}}},
        "/documents": {"get": {
            "summary": "索引にある文書（新しい順）",
            "responses": {"200": {"description": "文書の一覧", **_json(
                {"type": "object", "properties": {"documents": {"type": "array", "items": _ref("Document")}}})}}}},
        "/documents/{doc_id}/units": {"get": {
            "summary": "一つの文書の区切り（スライド・ページ・節）を読む順に",
            "parameters": [{"name": "doc_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "区切りの一覧", **_json(
                {"type": "object", "properties": {"doc_id": {"type": "string"}, "units": {"type": "array", "items": _UNIT}}})},
                "404": {"description": "索引にない文書 ID", **_json(_ref("Error"))}}}},
        "/collections": {"get": {
            "summary": "絞り込みに使える資料群の名前",
            "responses": {"200": {"description": "資料群", **_json(
                {"type": "object", "properties": {"collections": _STRINGS}})}}}},
        "/chunks": {"get": {
            "summary": f"パッセージの全項目（?id=…&id=…、{MAX_IDS} 個まで）",
            "parameters": [{"name": "id", "in": "query", "required": True, "schema": _STRINGS, "explode": True}],
            "responses": {"200": {"description": "見つかったものと見つからない id", **_json(
                {"type": "object", "properties": {"chunks": {"type": "array", "items": _CHUNK}, "missing": _STRINGS}})},
                "400": _ERRORS["400"]}}},
        "/units": {"get": {
            "summary": f"区切りの全ブロック（?id=…&id=…、{MAX_IDS} 個まで）",
            "parameters": [{"name": "id", "in": "query", "required": True, "schema": _STRINGS, "explode": True}],
            "responses": {"200": {"description": "見つかったものと見つからない id", **_json(
                {"type": "object", "properties": {"units": {"type": "array", "items": _UNIT}, "missing": _STRINGS}})},
                "400": _ERRORS["400"]}}},
        "/search": {"post": {
            "summary": "資料の該当箇所を順に（CLI の search --json と同じ形）",
            "requestBody": {"required": True, **_json(_ref("SearchRequest"), {
                "query": "キャッチオール規制", "top_k": 3, "filters": {"date_from": "2025"}})},
            "responses": {"200": {"description": "検索結果", **_json(_ref("SearchResponse"))}, **_ERRORS}}},
        "/ask": {"post": {
            "summary": "資料からの引用で答える（CLI の ask --json と同じ形）。history で続けて質問できる",
            "requestBody": {"required": True, **_json(_ref("AskRequest"), {
                "query": "それの申込先は？",
                "history": [{"role": "user", "content": "TICSとは何ですか？"},
                            {"role": "assistant", "content": "技術情報管理認証制度のことです。[1]"}]})},
            "responses": {"200": {"description": "回答（見つからないときは found: false と理由）",
                                  **_json(_ref("AskResponse"))}, **_ERRORS}}},
    },
    "components": {"schemas": {
        "Filters": {"type": "object", "additionalProperties": False, "properties": {
            "doc_ids": {**_STRINGS, "description": "文書 ID（GET /documents）。索引にないものは 422"},
            "collections": {**_STRINGS, "description": "資料群（GET /collections）。索引にないものは 422"},
            "date_from": {"type": "string", "pattern": r"^\d{4}(-\d{2})?$", "description": "この日付以降（YYYY か YYYY-MM）"},
            "date_to": {"type": "string", "pattern": r"^\d{4}(-\d{2})?$", "description": "この日付以前"}}},
        "SearchRequest": {"type": "object", "required": ["query"], "additionalProperties": False, "properties": {
            "query": {"type": "string", "minLength": 1, "description": "質問・検索語（500 文字を超える分は使わず notice で知らせる）"},
            "top_k": {"type": "integer", "minimum": 1, "maximum": MAX_TOP_K, "default": 5},
            "filters": _ref("Filters")}},
        "AskRequest": {"type": "object", "required": ["query"], "additionalProperties": False, "properties": {
            "query": {"type": "string", "minLength": 1},
            "filters": _ref("Filters"),
            "passages": {"type": "integer", "minimum": 1, "maximum": MAX_PASSAGES, "default": 5,
                         "description": "参照する箇所の数"},
            "history": {"type": "array", "maxItems": MAX_HISTORY_TURNS, "items": _ref("Turn"),
                        "description": "それまでの会話（古い順）。「それの申込先は？」のような続きの質問に使う"},
            "mode": {"type": "string", "enum": list(ANSWER_MODES),
                     "description": "回答方式。省略時はサーバーの設定（KB_ANSWER_MODE）"}}},
        "Turn": {"type": "object", "required": ["role", "content"], "additionalProperties": False, "properties": {
            "role": {"type": "string", "enum": ["user", "assistant"]}, "content": {"type": "string"}}},
        "SearchHit": {"type": "object", "properties": {
            name: {"type": kind} for name, kind in (
                ("rank", "integer"), ("score", "number"), ("chunk_id", "string"), ("doc_id", "string"),
                ("title", "string"), ("date", "string"), ("unit_title", "string"), ("position", "integer"),
                ("page", ["integer", "null"]), ("printed_page", ["string", "null"]), ("collection", ["string", "null"]),
                ("case", ["string", "null"]), ("citation", "string"), ("text", "string"),
                ("best_line", ["string", "null"]))}},
        "SearchResponse": {"type": "object", "properties": {
            "query": {"type": "string"}, "results": {"type": "array", "items": _ref("SearchHit")},
            "notice": {"type": "string"}}},
        "Citation": {"type": "object", "properties": {
            "n": {"type": "integer"}, "chunk_id": {"type": "string"}, "citation": {"type": "string"},
            "case": {"type": ["string", "null"]}, "quote": {"type": "string"}, "text": {"type": "string"}}},
        "AskResponse": {"type": "object", "properties": {
            "query": {"type": "string"}, "found": {"type": "boolean"}, "answer": {"type": "string"},
            "mode": {"type": "string"}, "answer_type": {"type": "string"},
            "refusal_reason": {"type": ["string", "null"]}, "citations": {"type": "array", "items": _ref("Citation")},
            "notice": {"type": "string"}, "interpretation": {"type": "string", "description": "質問をどう読んだか（続きの質問、かなで打たれた語の資料での表記）"},
            "suggestions": {"type": "array", "items": {"type": "object", "properties": {
                "chunk_id": {"type": "string"}, "citation": {"type": "string"}, "text": {"type": "string"}}}}}},
        "Document": {"type": "object", "properties": {
            name: {"type": "integer" if name in ("units", "chunks") else "string"} for name in (
                "doc_id", "title", "publisher", "date", "label", "units", "chunks", "source", "license", "file")}},
        "Health": {"type": "object", "properties": {
            "ready": {"type": "boolean"}, "index_version": {"type": "string"}, "documents": {"type": "integer"},
            "worker": {"type": "integer", "description": "応答したワーカーのプロセス番号"}, "error": _ref("ErrorBody")}},
        "ErrorBody": {"type": "object", "properties": {
            "code": {"type": "string"}, "message": {"type": "string", "description": "何が起きたか（日本語）"},
            "field": {"type": ["string", "null"], "description": "問題のある項目（filters.doc_ids、history[2].role など）"},
            "fix": {"type": ["string", "null"], "description": "どうすればよいか（日本語）"}}},
        "Error": {"type": "object", "properties": {"error": _ref("ErrorBody")}},
    }},
}


def docs_html(spec: dict[str, Any]) -> str:
    """Return the API description as one self-contained HTML page."""
    e = html.escape
    parts = [f"<h1>{e(spec['info']['title'])}</h1><p>{e(spec['info']['description'])}</p>",
             '<p>機械向けの説明: <a href="/openapi.json">/openapi.json</a>（OpenAPI 3.1）</p>']
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            parts.append(f"<h2><code>{method.upper()} {e(path)}</code></h2><p>{e(operation['summary'])}</p>")
            for parameter in operation.get("parameters", []):
                parts.append(f"<p>パラメータ <code>{e(parameter['name'])}</code>（{e(parameter['in'])}）</p>")
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            if body:
                name = body["schema"]["$ref"].rsplit("/", 1)[-1]
                schema = spec["components"]["schemas"][name]
                parts.append(f"<h3>本文（{e(name)}）</h3><pre>{e(json.dumps(schema, ensure_ascii=False, indent=1))}</pre>")
                if "example" in body:
                    example = json.dumps(body["example"], ensure_ascii=False)
                    parts.append("<h3>例</h3><pre>" + e(f"curl -s http://127.0.0.1:8000{path} -H 'Content-Type: "
                                                        f"application/json' -d '{example}'") + "</pre>")
            rows = "".join(f"<tr><td>{e(code)}</td><td>{e(r['description'])}</td></tr>"
                           for code, r in operation["responses"].items())
            parts.append(f"<table><tr><th>HTTP</th><th>意味</th></tr>{rows}</table>")
    style = ("body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.6}"
             "pre{background:#f4f4f4;padding:.6em;overflow-x:auto}td,th{border:1px solid #ccc;padding:.2em .5em}"
             "table{border-collapse:collapse}")
    return (f'<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>{e(spec["info"]["title"])}</title>'
            f"<style>{style}</style></head><body>{''.join(parts)}</body></html>")

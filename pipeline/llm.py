"""Optional generated answers from the user's own model server, grounded in the retrieved passages.

Only the passages the search returned go into the prompt; every sentence must carry a [n] marker
that points at one of them. Anything else — no server, a slow one, markers pointing nowhere —
falls back to the extractive answer with a visible notice.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace

from .answer import REFUSAL_TEXT, AnswerSettings, answer_from_prepared, prepare
from .records import Answer, Citation, Hit
from .search import SearchFilters, Searcher

PROMPT = """あなたは経済安全保障に関する公的資料の検索アシスタントです。
次の【資料】だけを根拠に、【質問】に日本語で 2〜4 文で答えてください。
- 各文の末尾に、根拠とした資料の番号を [1] のように必ず付けてください。
- 【資料】に書かれていないことは書かないでください。推測や一般知識で補わないでください。
- 【資料】に答えがない場合は「{refusal}」とだけ答えてください。

【資料】
{passages}

【質問】
{question}

【回答】
"""
_MARKER = re.compile(r"\[(\d+)\]")
_SENTENCE = re.compile(r"(?<=[。！？\n])")


@dataclass(frozen=True)
class LLMSettings:
    mode: str = "extractive"  # "extractive" | "llm"
    provider: str = "openai"  # "openai" (any OpenAI-compatible endpoint) | "ollama"
    base_url: str = "http://127.0.0.1:8000/v1"
    model: str = "local-model"
    api_key: str = "not-needed"
    timeout: float = 60.0

    @classmethod
    def from_env(cls, mode: str | None = None) -> "LLMSettings":
        """Return settings from KB_ANSWER_MODE, KB_LLM_PROVIDER, KB_LLM_BASE_URL, KB_LLM_MODEL, …"""
        env = os.environ
        return cls(
            mode=mode or env.get("KB_ANSWER_MODE", "extractive"),
            provider=env.get("KB_LLM_PROVIDER", "openai"),
            base_url=env.get("KB_LLM_BASE_URL", cls.base_url),
            model=env.get("KB_LLM_MODEL", cls.model),
            api_key=env.get("KB_LLM_API_KEY", cls.api_key),
            timeout=float(env.get("KB_LLM_TIMEOUT", cls.timeout)),
        )


def llm_available() -> bool:
    """Return True when the server is configured for generated answers (KB_LLM_BASE_URL or
    KB_ANSWER_MODE=llm); the settings themselves never leave the server."""
    return bool(os.environ.get("KB_LLM_BASE_URL")) or os.environ.get("KB_ANSWER_MODE") == "llm"


def check_connection(settings: LLMSettings) -> tuple[bool, str]:
    """Return (reachable, a Japanese message) after one short request to the configured server."""
    import json
    import urllib.error
    import urllib.request

    base = settings.base_url.rstrip("/")
    url = f"{base}/api/tags" if settings.provider == "ollama" else f"{base}/models"
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {settings.api_key}"}
                                     if settings.provider != "ollama" else {})
    timeout = min(5.0, settings.timeout)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            json.loads(response.read(1_000_000) or b"{}")
    except urllib.error.HTTPError as exc:
        return False, f"LLM サーバーが応答しましたがエラーでした（HTTP {exc.code}）。設定を確認してください。"
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return False, f"LLM サーバーに接続できません（{type(reason).__name__}、{timeout:.0f} 秒以内に応答なし）。"
    return True, "LLM サーバーに接続できました。"


def _make_llm(settings: LLMSettings):
    """Return a llama-index LLM for the configured server (imported lazily: optional)."""
    if settings.provider == "ollama":
        from llama_index.llms.ollama import Ollama

        return Ollama(model=settings.model, base_url=settings.base_url, request_timeout=settings.timeout)
    from llama_index.llms.openai_like import OpenAILike

    return OpenAILike(model=settings.model, api_base=settings.base_url, api_key=settings.api_key,
                      timeout=settings.timeout, max_retries=0, is_chat_model=True, context_window=8192,
                      max_tokens=512, temperature=0.0)


def format_passages(hits: tuple[Hit, ...]) -> str:
    return "\n\n".join(f"[{n}] {h.chunk.citation}\n{h.chunk.text}" for n, h in enumerate(hits, 1))


def check_markers(text: str, passages: int) -> tuple[list[int], list[str], list[int]]:
    """Return (markers used, sentences without a marker, markers pointing at no passage)."""
    used: list[int] = []
    unmarked: list[str] = []
    invalid: list[int] = []
    for sentence in (s.strip() for s in _SENTENCE.split(text)):
        if not sentence or sentence == REFUSAL_TEXT or len(sentence) < 4:
            continue
        markers = [int(m) for m in _MARKER.findall(sentence)]
        if not markers:
            unmarked.append(sentence)
        for n in markers:
            (used if 1 <= n <= passages else invalid).append(n)
    return sorted(set(used)), unmarked, sorted(set(invalid))


def generate_answer(result_hits: tuple[Hit, ...], question: str, settings: LLMSettings) -> str:
    """Return the generated text; raises on connection or server errors."""
    from llama_index.core.llms import ChatMessage

    prompt = PROMPT.format(refusal=REFUSAL_TEXT, passages=format_passages(result_hits), question=question)
    response = _make_llm(settings).chat([ChatMessage(role="user", content=prompt)])
    return (response.message.content or "").strip()


def answer_with_optional_llm(searcher: Searcher, query: str, filters: SearchFilters | None = None,
                             llm: LLMSettings | None = None, settings: AnswerSettings | None = None,
                             history: list[dict[str, str]] | None = None) -> Answer:
    """Return an LLM answer grounded in the search hits when configured, else the extractive one."""
    settings = settings or AnswerSettings()
    llm = llm or LLMSettings.from_env()
    prepared = prepare(searcher, query, filters, settings, history)
    result = prepared.result
    extractive = answer_from_prepared(searcher, prepared, settings)
    if llm.mode != "llm" or not extractive.found:
        return extractive  # never generate when the documents hold no evidence
    try:
        text = generate_answer(result.hits, result.query, llm)
    except Exception as exc:  # any failure of an optional server must not cost the user the answer
        reason = type(exc).__name__
        notice = f"LLM サーバー（{llm.base_url}）に接続できないか応答がないため、抽出型の回答を表示しています（{reason}）。"
        return replace(extractive, notice=f"{extractive.notice} {notice}" if extractive.notice else notice)
    used, unmarked, invalid = check_markers(text, len(result.hits))
    if not text or invalid or not used:
        why = "存在しない資料番号を引用" if invalid else "資料番号のない回答"
        notice = f"LLM の回答が検証に通らなかったため（{why}）、抽出型の回答を表示しています。"
        return replace(extractive, notice=notice)
    if text.strip() == REFUSAL_TEXT:
        return replace(extractive, text=REFUSAL_TEXT, citations=(), found=False, mode="llm",
                       suggestions=result.hits[:3])
    citations = tuple(Citation(n, result.hits[n - 1].chunk, result.hits[n - 1].best_line or result.hits[n - 1].chunk.pieces[0].text)
                      for n in used)
    notice = None
    if unmarked:
        notice = "次の文には資料番号がなく、資料で確認できません: " + " / ".join(f"「{s}」" for s in unmarked)
    return Answer(result.query, text, citations, True, mode="llm", notice=notice)

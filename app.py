"""Chat over the indexed documents: the same Service the CLI uses, with a Japanese UI."""
from __future__ import annotations

import os
import re
import string
from pathlib import Path

import pandas as pd
import streamlit as st

from pipeline.answer import quote_of
from pipeline.errors import InputError, KBError
from pipeline.export import answer_to_markdown, conversation_to_markdown, source_label
from pipeline.llm import LLMSettings
from pipeline.records import Answer, Chunk
from pipeline.search import SearchFilters
from pipeline.service import Service, load_service

EXAMPLES = ("退職者による技術の持ち出しを防ぐには？", "官民対話スキームの対象技術はいくつ？",
            "TICSとは何ですか？", "重要原材料の共同調達は独禁法上問題になる？")
MODES = {"抽出型": "extractive", "LLM": "llm"}
_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")


def literal(text: str) -> str:
    """Return text that st.markdown shows character for character: every ASCII punctuation mark is
    backslash-escaped, so document fragments like `<p style=…>`, `**`, `$` or `[x](y)` stay text."""
    return _PUNCTUATION.sub(r"\\\1", text)


def literal_lines(text: str) -> str:
    # Leading blanks would start a code block; two trailing spaces keep the slide's line breaks.
    return "  \n".join(literal(line.strip()) for line in text.splitlines() if line.strip())


@st.cache_resource(show_spinner=False)
def get_service(index_dir: str | None) -> Service:
    return load_service(Path(index_dir) if index_dir else None)


def passage_markdown(chunk: Chunk, quote: str | None) -> str:
    """Return the passage as inert Markdown with the quoted sentence wrapped in <mark>.

    Only the <mark> tags are ours; every character taken from the document is escaped first."""
    out = []
    for line in (raw.strip() for raw in chunk.text.splitlines()):
        if not line:
            continue
        if quote and quote in line:
            before, _, after = line.partition(quote)
            out.append(f"{literal(before)}<mark>{literal(quote)}</mark>{literal(after)}")
        elif quote and quote in quote_of(line):
            out.append(f"<mark>{literal(line)}</mark>")
        else:
            out.append(literal(line))
    return "  \n".join(out)


def where_caption(chunk: Chunk) -> str:
    parts = [f"資料: {chunk.title}（{chunk.publisher}）", f"日付: {chunk.date}"]
    if chunk.page is not None:
        parts.append(f"ページ: {chunk.page}")
    if chunk.printed_page:
        parts.append(f"資料頁: {chunk.printed_page}")
    if chunk.case:
        parts.append(f"事例: {chunk.collection or ''} {chunk.case}".strip())
    return " ／ ".join(parts)


def source_card(label: str, chunk: Chunk, quote: str | None) -> None:
    with st.expander(literal(label)):
        st.markdown(passage_markdown(chunk, quote), unsafe_allow_html=True)
        st.caption(literal(where_caption(chunk)))


def show_answer(answer: Answer) -> None:
    if answer.notice:
        st.info(literal(answer.notice))
    if not answer.found:
        st.warning(literal(answer.text))
        if answer.suggestions:
            st.markdown("**近い記述（参考）**")
            for i, hit in enumerate(answer.suggestions, 1):
                source_card(f"参考{i}: {source_label(hit.chunk)}", hit.chunk, quote_of(hit.best_line or ""))
        return
    st.markdown(literal_lines(answer.text))
    st.markdown("**出典**")
    for c in answer.citations:
        source_card(f"[{c.n}] {source_label(c.chunk)}", c.chunk, c.quote)


def show_message(message: dict) -> None:
    with st.chat_message(message["role"]):
        if "answer" in message:
            show_answer(message["answer"])
        elif message.get("warning"):
            st.warning(literal(message["content"]))
        else:
            st.markdown(literal_lines(message["content"]) or "（空の質問）")


def sidebar(service: Service) -> tuple[SearchFilters, LLMSettings, int]:
    docs = service.documents()
    titles = {f"{d.title}（{d.date}）": d.doc_id for d in docs}
    with st.sidebar:
        st.header("絞り込み")
        chosen = st.multiselect("資料", list(titles), key="docs", placeholder="すべての資料")
        collections = st.multiselect("資料群（事例集・ガイダンスなど）", service.collections(), key="collections",
                                     placeholder="すべて")
        passages = st.slider("参照する箇所の数", 1, 10, 5, key="passages")
        st.header("回答の作り方")
        env = LLMSettings.from_env()
        mode = st.radio("方式", list(MODES), index=1 if env.mode == "llm" else 0, key="mode", horizontal=True,
                        help="抽出型は資料の文をそのまま引用します。LLM は手元の LLM サーバーで文章を作り、"
                             "検証できない場合は抽出型に戻します。")
        llm = LLMSettings(mode=MODES[mode])
        if llm.mode == "llm":
            providers = ["openai", "ollama"]
            llm = LLMSettings(
                mode="llm",
                provider=st.selectbox("種類", providers, index=providers.index(env.provider)
                                      if env.provider in providers else 0, key="provider",
                                      help="openai は OpenAI 互換 API（vLLM、llama.cpp server など）"),
                base_url=st.text_input("ベース URL", env.base_url, key="base_url"),
                model=st.text_input("モデル名", env.model, key="model"),
                api_key=st.text_input("API キー", env.api_key, type="password", key="api_key"),
                timeout=float(st.number_input("タイムアウト（秒）", 1.0, 600.0, min(max(env.timeout, 1.0), 600.0),
                                              key="timeout")),
            )
    filters = SearchFilters(doc_ids=tuple(titles[t] for t in chosen), collections=tuple(collections))
    return filters, llm, passages


def document_table(service: Service) -> None:
    st.dataframe(pd.DataFrame([{"資料名": d.title, "発行者": d.publisher, "日付": d.date, "区切り数": d.units,
                                "チャンク数": d.chunks} for d in service.documents()]), hide_index=True)
    st.caption("資料群: " + "、".join(service.collections()))


def main() -> None:
    st.set_page_config(page_title="経済安全保障 資料Q&A", page_icon="📑", layout="wide")
    st.title("経済安全保障 資料Q&A")
    st.markdown("経済産業省・経済産業局の説明資料から、根拠となる記述を引用して答えます。"
                "回答の各文の末尾の番号は、下の出典に対応します。資料にない内容には「見つかりません」と答えます。")
    try:
        with st.spinner("モデルと索引を読み込んでいます…"):
            service = get_service(os.environ.get("KB_INDEX_DIR"))
    except KBError as exc:
        st.error(exc.message)
        if exc.fix:
            st.markdown("次のコマンドを実行してから、このページを再読み込みしてください。")
            st.code(exc.fix, language="bash")
        st.stop()

    filters, llm, passages = sidebar(service)
    exports = st.sidebar.container()  # filled last, so it offers this run's answer too
    messages: list[dict] = st.session_state.setdefault("messages", [])
    chat, library = st.tabs(["チャット", "資料一覧"])
    with library:
        document_table(service)
    with chat:
        history = st.container()
        with history:
            for message in messages:
                show_message(message)
        question = None
        examples = st.empty()
        if not messages:
            with examples.container():
                st.markdown("**質問の例**")
                for i, (column, example) in enumerate(zip(st.columns(len(EXAMPLES)), EXAMPLES)):
                    if column.button(example, key=f"example{i}", width="stretch"):
                        question = example
        question = st.chat_input("質問を入力…", key="question") or question
        if question is not None:
            examples.empty()
            turn = [{"role": "user", "content": question}]
            with history:
                show_message(turn[0])
                with st.spinner("資料を検索しています…"):
                    try:
                        answer = service.ask(question, filters=filters, llm=llm, passages=passages)
                        turn.append({"role": "assistant", "content": answer.text, "answer": answer})
                    except InputError as exc:
                        message = f"{exc.message} {exc.fix}" if exc.fix else exc.message
                        turn.append({"role": "assistant", "content": message, "warning": True})
                show_message(turn[1])
            messages.extend(turn)

    answers = [m["answer"] for m in messages if "answer" in m]
    if answers:
        with exports:
            st.header("書き出し")
            st.download_button("最新の回答（Markdown）", answer_to_markdown(answers[-1]), "answer.md",
                               "text/markdown", key="export_answer", on_click="ignore")
            st.download_button("会話全体（Markdown）", conversation_to_markdown(answers), "conversation.md",
                               "text/markdown", key="export_conversation", on_click="ignore")


main()

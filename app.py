"""Streamlit UI over pipeline.service: チャット (cited answers that follow the conversation), 検索 (ranked
passages for officers collecting material) and 資料 (the documents, their licences, and a reader that
pages through them). Streamlit code only: every decision is made by the same functions the CLI calls."""
from __future__ import annotations

import os
import re
import string
import time
from datetime import date
from pathlib import Path

import streamlit as st

from pipeline.answer import answer_to_json
from pipeline.conversation import ConversationStore, append_feedback, new_conversation_id, valid_conversation_id
from pipeline.errors import InputError, KBError
from pipeline.export import ExportContext, SourceDocument, conversation_to_markdown
from pipeline.llm import LLMSettings, check_connection, llm_available
from pipeline.records import Unit
from pipeline.search import SearchFilters, hit_to_json
from pipeline.service import Service, load_service

EXAMPLES = ("退職者による技術の持ち出しを防ぐには？", "官民対話スキームの対象技術はいくつ？",
            "TICSとは何ですか？", "ライバルと一緒に原材料を買うのは独禁法上問題になる？")
VIEWS = ("チャット", "検索", "資料")
MAX_QUESTION_CHARS = 2000
ECHO_CHARS = 160  # a longer question is echoed folded
_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_MARKERS = re.compile(r"((?:\[\d+\])+)\s*$")


def literal(text: str) -> str:
    """Return text that st.markdown shows character for character (every ASCII punctuation mark
    escaped, so document text like `<p style=…>`, `**` or `[x](y)` stays text)."""
    return _PUNCTUATION.sub(r"\\\1", text)


@st.cache_resource(show_spinner=False)
def get_service(index_dir: str | None, corpus_dir: str | None, api_url: str | None = None) -> Service:
    if api_url:  # KB_API_URL: a `python -m pipeline serve` server does the work, with the same records
        from pipeline.api_client import ApiService

        return ApiService(api_url)
    return load_service(Path(index_dir) if index_dir else None, Path(corpus_dir) if corpus_dir else None)


def store() -> ConversationStore:
    return ConversationStore()


# --------------------------------------------------------------------------- rendering


def marked(text: str, highlight: set[str]) -> str:
    """Return one segment as inert Markdown, wrapped in <mark> when it is quoted (our only tag)."""
    shown = literal(text)
    return f"<mark>{shown}</mark>" if text in highlight else shown


def unit_markdown(unit: Unit, highlight: set[str]) -> str:
    """Return a unit's blocks as plain structured Markdown: headings bold, lists as lists, tables as
    tables, the quoted segments highlighted. No markup from the document survives."""
    out: list[str] = []
    for block in unit.blocks:
        texts = [s.text for s in block.segments]
        if block.kind in ("title", "heading"):
            out.append(f"**{marked(texts[0], highlight)}**")
        elif block.kind == "list":
            out += [f"{'  ' * s.level}- {marked(s.text, highlight)}" for s in block.segments]
        elif block.kind == "table" and block.header and all(len(s.cells) == len(block.header) for s in block.segments):
            out.append("| " + " | ".join(literal(c) or "　" for c in block.header) + " |")
            out.append("|" + "---|" * len(block.header))
            for s in block.segments:
                row = " | ".join(literal(c) for c in s.cells)
                out.append(f"| {f'<mark>{row}</mark>' if s.text in highlight else row} |")
        elif block.kind in ("table", "toc"):
            out += [f"- {marked(t, highlight)}" for t in texts]
        else:
            out.append(" ".join(marked(t, highlight) for t in texts))
        out.append("")
    return "\n".join(out)


def linked_answer(text: str, turn: int) -> str:
    """Return the answer lines as Markdown whose [n] markers jump to source card n."""
    lines = []
    for line in (l.strip() for l in text.splitlines()):
        if not line:
            continue
        match = _MARKERS.search(line)
        body, markers = (line[: match.start()], match.group(1)) if match else (line, "")
        links = "".join(f'<a href="#src-{turn}-{n}">[{n}]</a>' for n in re.findall(r"\d+", markers))
        lines.append(f"{literal(body)}{links}")
    return "  \n".join(lines)


def source_card(service: Service, citation: dict, turn: int) -> None:
    """Show one source: its citation, the quote, the quote in its context, and a way to open it."""
    n, quotes = citation["n"], [q for q in citation.get("quote", "").splitlines() if q.strip()]
    st.markdown(f'<a id="src-{turn}-{n}"></a>', unsafe_allow_html=True)
    with st.container(border=True):
        st.markdown(f"**\\[{n}\\]** {literal(citation['citation'])}")
        for quote in dict.fromkeys(quotes):
            st.markdown(f"> {literal(quote)}")
        chunk = service.chunk(citation["chunk_id"])
        unit = service.unit(chunk.unit_id) if chunk else None
        if unit is None:
            st.caption("この箇所は現在の索引にありません（資料が更新された可能性があります）。")
            return
        with st.expander("前後の文脈を見る"):
            st.markdown(unit_markdown(unit, set(quotes)), unsafe_allow_html=True)
        st.button("この資料を開く", key=f"open-{turn}-{n}", help="資料タブでこの箇所から読み進めます",
                  on_click=open_reader, args=(unit.doc_id, unit.position, quotes))


def open_reader(doc_id: str, position: int, highlight: list[str] | None = None) -> None:
    """Button callback (runs before the page is drawn): show the 資料 view at this unit."""
    st.session_state.view = "資料"
    st.session_state.reader = {"doc_id": doc_id, "position": position, "highlight": highlight or []}


def close_reader() -> None:
    st.session_state.reader = None


def show_question(text: str) -> None:
    if len(text) <= ECHO_CHARS:
        st.markdown(literal(text))
        return
    st.markdown(literal(text[:ECHO_CHARS]) + "…")
    with st.expander(f"質問の全文（{len(text)} 文字）"):
        st.markdown(literal(text))


def show_answer(service: Service, record: dict, turn: int) -> None:
    interpretation = record.get("interpretation") or ""
    if interpretation:
        st.caption(f"質問の解釈: {literal(interpretation)}")
    notice = (record.get("notice") or "").replace(interpretation, "").strip() if interpretation else record.get("notice")
    if notice:  # the interpretation, shown above, is part of the notice for the CLI and the API
        st.info(literal(notice))
    if not record["found"]:
        st.warning(literal(record.get("refusal_reason") or record["answer"]))
        suggestions = record.get("suggestions") or []
        if suggestions:
            st.markdown("**近い記述（参考）**")
            for i, hit in enumerate(suggestions, 1):
                source_card(service, {"n": i, "citation": hit["citation"], "chunk_id": hit["chunk_id"],
                                      "quote": hit.get("quote", "")}, turn * 100 + 50)
        return
    st.markdown(linked_answer(record["answer"], turn), unsafe_allow_html=True)
    st.markdown("**出典**")
    for citation in record["citations"]:
        source_card(service, citation, turn)


def feedback_row(service: Service, record: dict, turn: int, settings: dict, earlier: list[str]) -> None:
    """👍/👎 and an optional comment, appended to the server's feedback file (with the earlier
    questions of the conversation, which a follow-up needs to be understood)."""
    done = st.session_state.setdefault("feedback_sent", set())
    if turn in done:
        st.caption("フィードバックを受け付けました。ありがとうございました。")
        return
    rating = st.feedback("thumbs", key=f"fb-{turn}")
    if rating is None:
        return
    comment = st.text_input("ひとこと（任意）", key=f"fb-comment-{turn}", max_chars=500,
                            placeholder="例: 欲しかったのは申込先です")
    if st.button("送る", key=f"fb-send-{turn}"):
        try:
            append_feedback({"rating": "up" if rating == 1 else "down", "comment": comment,
                             "question": record["query"], "history": earlier,
                             "answer": record["answer"], "found": record["found"],
                             "refusal_reason": record.get("refusal_reason"),
                             "citations": [c["citation"] for c in record.get("citations", [])],
                             "mode": record.get("mode"), "index_version": service.index_version(),
                             "filters": settings["filters_text"]})
        except OSError as exc:
            st.error(f"フィードバックを保存できませんでした（{exc}）。")
            return
        done.add(turn)
        st.rerun()


# --------------------------------------------------------------------------- views


def sidebar(service: Service) -> dict:
    docs = service.documents()
    labels = {d.label: d.doc_id for d in docs}
    with st.sidebar:
        st.button("新しい会話", icon=":material/add:", key="new_conversation", width="stretch", on_click=new_conversation)
        st.header("絞り込み")
        chosen = st.multiselect("資料", list(labels), key="docs", placeholder="すべての資料",
                                help="選んだ資料だけから答えます（未選択ならすべて）。")
        collections = st.multiselect("資料群（事例集・ガイダンスなど）", service.collections(), key="collections",
                                     placeholder="すべて")
        passages = st.slider("参照する箇所の数", 1, 10, 5, key="passages",
                             help="回答を探すときに読む箇所の数です。増やすと見つかりやすくなりますが、"
                                  "関係の薄い箇所から引用することも増えます。")
        st.header("回答の作り方")
        mode, llm = "extractive", LLMSettings(mode="extractive")
        if llm_available():
            use = st.toggle("LLM で文章にする", key="use_llm",
                            help="サーバーに設定された LLM で文章を作り、資料で確かめられない文は除きます。")
            if use:
                llm = LLMSettings.from_env(mode="llm")
                mode = "llm"
            if st.button("接続テスト", key="llm_test"):
                ok, message = check_connection(LLMSettings.from_env(mode="llm"))
                (st.success if ok else st.error)(message)
        else:
            st.caption("抽出型: 資料の文をそのまま引用して答えます（LLM はこのサーバーに設定されていません）。")
        st.header("質問の例")
        for i, example in enumerate(EXAMPLES):
            st.button(example, key=f"example{i}", width="stretch", on_click=ask_example, args=(example,))
    filters = SearchFilters(doc_ids=tuple(labels[t] for t in chosen), collections=tuple(collections))
    filters_text = "、".join(chosen + collections) or "すべての資料"
    return {"filters": filters, "filters_text": filters_text, "passages": passages, "llm": llm, "mode": mode}


def new_conversation() -> None:
    """Button callback: start an empty conversation under a new id (the old one stays saved)."""
    st.session_state.messages = []
    st.session_state.conversation = new_conversation_id()
    st.query_params["c"] = st.session_state.conversation


def ask_example(question: str) -> None:
    """Button callback: ask an example question in the chat."""
    st.session_state.pending = question
    st.session_state.view = "チャット"


def history_of(messages: list[dict]) -> list[dict[str, str]]:
    """Return the conversation so far as {"role", "content"} turns for a follow-up."""
    out = []
    for message in messages:
        if message["role"] == "user":
            out.append({"role": "user", "content": message["content"]})
        elif "answer" in message:
            out.append({"role": "assistant", "content": message["answer"]["answer"]})
    return out


def chat_view(service: Service, settings: dict) -> None:
    messages: list[dict] = st.session_state.messages
    if not messages:
        st.markdown("経済産業省・経済産業局の説明資料から、根拠となる記述を**そのまま引用**して答えます。"
                    "番号 \\[1\\] を押すと出典に移ります。資料にないことは「資料にはありません」と理由を添えて答えます。"
                    "続けて「それの申込先は？」のように聞くこともできます。")
    for turn, message in enumerate(messages):
        with st.chat_message(message["role"]):
            if message["role"] == "user":
                show_question(message["content"])
            elif "answer" in message:
                show_answer(service, message["answer"], turn)
                earlier = [m["content"] for m in messages[:turn - 1] if m["role"] == "user"]
                feedback_row(service, message["answer"], turn, settings, earlier)
            else:
                st.warning(literal(message["content"]))
    question = st.chat_input("質問を入力（例: 退職者による持ち出しを防ぐには？）", key="question",
                             max_chars=MAX_QUESTION_CHARS)
    question = question or st.session_state.pop("pending", None)
    if question is None:
        return
    turn = len(messages)
    with st.chat_message("user"):
        show_question(question)
    with st.chat_message("assistant"):
        with st.spinner("資料を確認しています…"):
            try:
                answer = service.ask(question, filters=settings["filters"], llm=settings["llm"],
                                     passages=settings["passages"], history=history_of(messages))
                record = {**answer_to_json(answer), "interpretation": answer.interpretation}
                reply = {"role": "assistant", "content": record["answer"], "answer": record}
            except InputError as exc:
                reply = {"role": "assistant", "content": f"{exc.message} {exc.fix or ''}".strip()}
        if "answer" in reply:
            show_answer(service, reply["answer"], turn + 1)
        else:
            st.warning(literal(reply["content"]))
    messages += [{"role": "user", "content": question}, reply]
    store().save(st.session_state.conversation, messages)
    st.rerun()


def search_view(service: Service, settings: dict) -> None:
    st.markdown("資料の該当箇所を順に並べます。講演資料づくりの素材集めに。")
    query = st.text_input("検索語・質問", key="search_query", max_chars=MAX_QUESTION_CHARS,
                          placeholder="例: キャッチオール規制")
    top_k = st.slider("表示件数", 1, 30, 10, key="search_top_k")
    if not query.strip():
        return
    try:
        result = service.search(query, top_k=top_k, filters=settings["filters"])
    except InputError as exc:
        st.warning(literal(exc.message))
        return
    if result.notice:
        st.info(literal(result.notice))
    if not result.hits:
        st.warning("該当する箇所がありません。")
    for rank, hit in enumerate(result.hits, 1):
        row = hit_to_json(rank, hit)
        source_card(service, {"n": rank, "citation": row["citation"], "chunk_id": row["chunk_id"],
                              "quote": hit.best_line or ""}, 10_000)


def library_view(service: Service) -> None:
    reader = st.session_state.get("reader")
    docs = service.documents()
    if reader:
        doc = next((d for d in docs if d.doc_id == reader["doc_id"]), None)
        if doc is None:
            st.session_state.reader = None
        else:
            read_document(service, doc, reader)
            return
    st.markdown(f"索引にある資料: {len(docs)} 件")
    for doc in docs:
        with st.container(border=True):
            st.markdown(f"**{literal(doc.title)}**  \n{literal(doc.publisher)} ／ {literal(doc.date)} ／ "
                        f"{literal(doc.label)}")
            st.caption(f"区切り {doc.units} 件・検索単位 {doc.chunks} 件 ／ ファイル {literal(doc.file)}")
            if doc.license:
                st.caption(f"利用条件: {literal(doc.license)}")
            if doc.source:
                with st.expander("資料について"):
                    st.markdown(literal(doc.source))
            st.button("この資料を読む", key=f"read-{doc.doc_id}", on_click=open_reader, args=(doc.doc_id, 1))


def read_document(service: Service, doc, reader: dict) -> None:
    units = service.document_units(doc.doc_id)
    st.button("← 資料一覧に戻る", key="reader_back", on_click=close_reader)
    st.subheader(doc.title)
    st.caption(f"{doc.publisher} ／ {doc.date}")
    if not units:
        st.warning("この資料には表示できる本文がありません。")
        return
    positions = [u.position for u in units]
    index = positions.index(reader["position"]) if reader["position"] in positions else 0
    labels = [f"{i + 1}/{len(units)}: {u.title[:40]}" for i, u in enumerate(units)]
    choice = st.selectbox("区切り（資料内の順番）", range(len(units)), index=index, format_func=lambda i: labels[i],
                          key=f"reader-pick-{doc.doc_id}-{index}")
    left, right = st.columns(2)
    left.button("← 前へ", disabled=choice == 0, key="reader_prev", on_click=open_reader,
                args=(doc.doc_id, units[max(choice - 1, 0)].position))
    right.button("次へ →", disabled=choice == len(units) - 1, key="reader_next", on_click=open_reader,
                 args=(doc.doc_id, units[min(choice + 1, len(units) - 1)].position))
    unit = units[choice]
    where = [f"資料内の順番 {choice + 1}/{len(units)}"]
    if unit.printed_page:
        where.append(f"資料の表記 {unit.printed_page} ページ")
    if unit.page:
        where.append(f"PDF {unit.page} ページ")
    st.caption(" ／ ".join(where))
    with st.container(border=True):
        highlight = set(reader.get("highlight") or []) if unit.position == reader["position"] else set()
        st.markdown(unit_markdown(unit, highlight), unsafe_allow_html=True)


def export_panel(service: Service, settings: dict) -> None:
    records = [m["answer"] for m in st.session_state.messages if "answer" in m]
    if not records:
        return
    documents = {d.doc_id: SourceDocument(d.publisher, d.title, d.date) for d in service.documents()}
    with st.sidebar:
        st.header("書き出し（スライド用）")
        edited = st.checkbox("引用を編集して使う（出典に「を加工して作成」）", key="export_edited")
        context = ExportContext(date=date.today().isoformat(), filters=settings["filters_text"],
                                mode="LLM（資料で確認した文のみ）" if settings["mode"] == "llm" else "抽出型（資料の文をそのまま引用）",
                                edited=edited)
        whole = conversation_to_markdown(records, documents, context)
        latest = conversation_to_markdown(records[-1:], documents, context)
        st.download_button("会話全体（Markdown）", whole, "conversation.md", "text/markdown", key="export_conversation",
                           on_click="ignore")
        st.download_button("最新の回答（Markdown）", latest, "answer.md", "text/markdown", key="export_answer",
                           on_click="ignore")
        with st.expander("コピー用（右上のボタンでコピー）"):
            st.code(latest, language="markdown", wrap_lines=True)


def main() -> None:
    st.set_page_config(page_title="経済安全保障 資料Q&A", page_icon="📑", layout="wide")
    st.title("経済安全保障 資料Q&A")
    started = time.perf_counter()
    try:
        with st.spinner("モデルと索引を読み込んでいます（初回のみ数秒かかります）…"):
            service = get_service(os.environ.get("KB_INDEX_DIR"), os.environ.get("KB_CORPUS_DIR"),
                                  os.environ.get("KB_API_URL"))
    except KBError as exc:
        st.error(exc.message)
        if exc.fix:
            st.markdown("次のコマンドを実行してから、このページを再読み込みしてください。")
            st.code(exc.fix, language="bash")
        st.stop()
    service.refresh()  # a new index built since the last request is used from now on
    if "conversation" not in st.session_state:
        wanted = st.query_params.get("c")
        st.session_state.conversation = wanted if valid_conversation_id(wanted) else new_conversation_id()
        st.session_state.messages = store().load(st.session_state.conversation)
        st.query_params["c"] = st.session_state.conversation
    settings = sidebar(service)
    view = st.segmented_control("表示", VIEWS, key="view", default="チャット", label_visibility="collapsed") or "チャット"
    if view == "チャット":
        chat_view(service, settings)
    elif view == "検索":
        search_view(service, settings)
    else:
        library_view(service)
    export_panel(service, settings)
    st.session_state.load_ms = round((time.perf_counter() - started) * 1000)


main()

"""Command line: python -m pipeline chunk | model | build | search | ask | serve."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import config
from .errors import run_command


def cmd_chunk(args: argparse.Namespace) -> int:
    from .chunking import chunk_corpus, summary_lines, write_chunks

    result = chunk_corpus(Path(args.corpus))
    write_chunks(result.chunks, Path(args.out))
    for line in summary_lines(result):
        print(line)
    print(f"書き出し: {args.out}")
    return 0


def _embedder(args: argparse.Namespace, purpose: str = "query"):
    from .embedder import load_embedder

    return load_embedder(Path(args.model_dir) if getattr(args, "model_dir", None) else None, purpose=purpose)


def cmd_build(args: argparse.Namespace) -> int:
    from .index import build_index

    report = build_index(Path(args.corpus), Path(args.index), _embedder(args, "build"), progress=not args.quiet,
                         force=args.force)
    if report.skipped:
        print("索引は最新です（資料・コード・モデルに変更なし）。作り直すには --force を付けてください。")
    else:
        print(f"索引を作成しました: チャンク {report.chunks} 件、行 {report.lines} 件、"
              f"新たに埋め込み {report.embedded} 件・再利用 {report.reused} 件、{report.seconds:.1f} 秒")
    for message in report.warnings:
        print(f"警告: {message}")
    if report.failed:
        print(f"エラー: {len(report.failed)} 件の資料を読めませんでした（ほかの資料は索引に入っています）:", file=sys.stderr)
        for message in report.failed:
            print(f"  - {message}", file=sys.stderr)
        return 1
    return 0


def _filters(args: argparse.Namespace):
    from .search import SearchFilters

    return SearchFilters(doc_ids=tuple(args.doc or ()), collections=tuple(args.collection or ()),
                         date_from=args.date_from, date_to=args.date_to)


def _queries(query: str):
    """Yield (line number, query, None), or for "-" one per non-empty line of standard input; a line
    that is not UTF-8 yields (line number, None, message) so the rest of the batch is still answered."""
    if query != "-":
        yield 0, query, None
        return
    for number, raw in enumerate(sys.stdin.buffer, 1):
        try:
            line = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            yield number, None, f"{number} 行目は UTF-8 の文字として読めません（Shift_JIS などで保存されていませんか）。"
            continue
        if line.strip():
            yield number, line, None


def _line_error(number: int, query: str | None, message: str, **empty) -> str:
    """Return the JSON line a batch prints for a line it cannot answer."""
    import json

    return json.dumps({"line": number, "query": query, "error": message, **empty}, ensure_ascii=False)


def _checked_filters(args: argparse.Namespace, searcher):
    from .validate import check_filters

    filters = _filters(args)
    check_filters(filters, searcher.index.chunks)
    return filters


def check_early(value: int, query: str) -> None:
    """Refuse a bad --top-k or an empty question before the model loads: a typo should not cost seconds."""
    from .search import clean_query
    from .validate import check_top_k as check

    check(value)
    if query != "-":
        clean_query(query)


def load_searcher(args: argparse.Namespace):
    from .index import load_index
    from .search import Searcher

    embedder = _embedder(args)
    return Searcher(load_index(Path(args.index), Path(args.corpus), embedder), embedder)


def cmd_search(args: argparse.Namespace) -> int:
    import json

    from .errors import InputError
    from .search import search_to_json

    check_early(args.top_k, args.query)
    searcher = load_searcher(args)
    filters = _checked_filters(args, searcher)
    status = 0
    for number, query, error in _queries(args.query):
        try:
            if error:
                raise InputError(error)
            result = searcher.search(query, top_k=args.top_k, filters=filters)
        except InputError as exc:
            if args.query != "-":
                raise
            print(_line_error(number, query, exc.message, results=[]), flush=True)
            status = 2
            continue
        if args.json:
            print(json.dumps(search_to_json(result), ensure_ascii=False), flush=True)
            continue
        if result.notice:
            print(f"注意: {result.notice}")
        print(f"質問: {result.query}")
        if not result.hits:
            print("  該当する資料はありません。")
        for rank, hit in enumerate(result.hits, 1):
            print(f"{rank}. [{hit.score:.3f}] {hit.chunk.citation}")
            print("   " + (hit.best_line or hit.chunk.text).replace("\n", " ")[:160])
    return status


def cmd_ask(args: argparse.Namespace) -> int:
    import json

    from .answer import answer_to_json
    from .errors import InputError
    from .llm import LLMSettings, answer_with_optional_llm

    check_early(args.top_k, args.query)
    history = _history(args.history)
    searcher = load_searcher(args)
    filters = _checked_filters(args, searcher)
    llm = LLMSettings.from_env(mode=args.mode)
    status = 0
    for number, query, error in _queries(args.query):
        try:
            if error:
                raise InputError(error)
            answer = answer_with_optional_llm(searcher, query, filters=filters, llm=llm, history=history)
        except InputError as exc:
            if args.query != "-":
                raise
            print(_line_error(number, query, exc.message, found=False), flush=True)
            status = 2
            continue
        if args.json:
            print(json.dumps(answer_to_json(answer), ensure_ascii=False), flush=True)
            continue
        if answer.notice:
            print(f"注意: {answer.notice}")
        print(answer.text)
        if not answer.found:
            print(f"（回答の種類: {answer.answer_type}）")
        for citation in answer.citations:
            print(f"  [{citation.n}] {citation.chunk.citation}")
        if not answer.found and answer.suggestions:
            print("近い資料:")
            for hit in answer.suggestions:
                print(f"  - {hit.chunk.citation}")
        print()
    return status


def cmd_serve(args: argparse.Namespace) -> int:
    from .api import serve

    return serve(args.host, args.port, args.workers, Path(args.index), Path(args.corpus),
                 Path(args.model_dir) if args.model_dir else None)


def _history(path: str | None) -> list[dict[str, str]]:
    """Return the earlier turns from a --history file: a JSON list of {"role", "content"}."""
    import json

    from .errors import InputError

    if not path:
        return []
    fix = '[{"role": "user", "content": "…"}, {"role": "assistant", "content": "…"}] の形の JSON にしてください。'
    try:
        turns = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"会話履歴のファイル {path} を読めません（{exc}）。", fix) from exc
    if not isinstance(turns, list) or not all(isinstance(t, dict) and t.get("role") in ("user", "assistant")
                                              and isinstance(t.get("content"), str) for t in turns):
        raise InputError(f"会話履歴のファイル {path} の形が正しくありません。", fix)
    return turns


def _add_index_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", default=str(config.CORPUS_DIR), help="資料フォルダ")
    parser.add_argument("--index", default=str(config.INDEX_DIR), help="索引フォルダ")
    parser.add_argument("--model-dir", default=None, help="sentence-transformers 形式のモデルのフォルダ")


def _add_filter_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--top-k", type=int, default=5, help="表示件数")
    parser.add_argument("--json", action="store_true", help="JSON で出力")
    parser.add_argument("--doc", action="append", help="文書 ID で絞り込み（複数可）")
    parser.add_argument("--collection", action="append", help="資料集（例: 民間ベストプラクティス集）で絞り込み")
    parser.add_argument("--date-from", default=None, help="この日付（YYYY または YYYY-MM）以降の資料")
    parser.add_argument("--date-to", default=None, help="この日付以前の資料")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description="経済安全保障 資料検索・Q&A")
    sub = parser.add_subparsers(dest="command", required=True)

    chunk = sub.add_parser("chunk", help="資料を読み込みチャンクに分割して JSON Lines に書き出す")
    chunk.add_argument("--corpus", default=str(config.CORPUS_DIR))
    chunk.add_argument("--out", default=str(config.ROOT / "build" / "chunks.jsonl"))
    chunk.set_defaults(func=cmd_chunk)

    build = sub.add_parser("build", help="埋め込みと BM25 の索引を作る（変更がなければ何もしない）")
    _add_index_args(build)
    build.add_argument("--force", action="store_true", help="変更がなくても作り直す")
    build.add_argument("--quiet", action="store_true", help="進捗を表示しない")
    build.set_defaults(func=cmd_build)

    search = sub.add_parser("search", help="資料を検索する（- で標準入力から 1 行 1 質問）")
    search.add_argument("query")
    _add_index_args(search)
    _add_filter_args(search)
    search.set_defaults(func=cmd_search)

    ask = sub.add_parser("ask", help="質問に資料からの引用で答える（- で標準入力から 1 行 1 質問）")
    ask.add_argument("query")
    _add_index_args(ask)
    _add_filter_args(ask)
    ask.add_argument("--history", default=None, help="それまでの会話（JSON: [{\"role\": \"user\", \"content\": …}, …]）")
    ask.add_argument("--mode", choices=("extractive", "llm"), default=None,
                     help="回答方式（既定は環境変数 KB_ANSWER_MODE、未設定なら extractive）")
    ask.set_defaults(func=cmd_ask)

    serve = sub.add_parser("serve", help="HTTP API を起動する（既定 http://127.0.0.1:8000、説明は /docs）")
    _add_index_args(serve)
    serve.add_argument("--host", default="127.0.0.1", help="待ち受けるアドレス（既定はこの機械の中だけ）")
    serve.add_argument("--port", type=int, default=8000, help="ポート番号")
    serve.add_argument("--workers", type=int, default=1, help="プロセス数（それぞれがモデルと索引を読み込む。目安: CPU コア数）")
    serve.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return run_command(args.func, args)


if __name__ == "__main__":
    sys.exit(main())

"""Command line: python -m pipeline chunk | model | build | search | ask."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import config
from .errors import KBError


def cmd_chunk(args: argparse.Namespace) -> int:
    from .chunking import chunk_corpus, summary_lines, write_chunks

    result = chunk_corpus(Path(args.corpus))
    write_chunks(result.chunks, Path(args.out))
    for line in summary_lines(result):
        print(line)
    print(f"書き出し: {args.out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description="経済安全保障 資料検索・Q&A")
    sub = parser.add_subparsers(dest="command", required=True)

    chunk = sub.add_parser("chunk", help="資料を読み込みチャンクに分割して JSON Lines に書き出す")
    chunk.add_argument("--corpus", default=str(config.CORPUS_DIR))
    chunk.add_argument("--out", default=str(config.ROOT / "build" / "chunks.jsonl"))
    chunk.set_defaults(func=cmd_chunk)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KBError as exc:
        print(f"エラー: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("中断しました。", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

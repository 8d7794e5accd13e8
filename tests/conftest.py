"""Shared fixtures: the real corpus chunks (cheap) and small helpers."""
from __future__ import annotations

import contextlib
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def corpus_result():
    from pipeline.chunking import chunk_corpus

    return chunk_corpus(ROOT / "corpus")


def make_japanese_pdf(path: Path, pages: list[str | None], password: str | None = None) -> Path:
    """Write a PDF with one page per entry (None = a page with a drawing and no text)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    encrypt = StandardEncryption(password, canPrint=1) if password else None
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    for text in pages:
        if text is None:
            pdf.rect(100, 100, 200, 200, fill=1)
        else:
            pdf.setFont("HeiseiMin-W3", 14)
            for i, line in enumerate(text.split("\n")):
                pdf.drawString(72, 760 - 22 * i, line)
        pdf.showPage()
    pdf.save()
    return path


INLINE_DECK = """社内研修資料

情報管理の研修資料です。


退職者による情報の持ち出し

- 退職時に秘密保持の誓約書を求める。
- 退職予定者のアクセス権限を速やかに見直す。


好事例集 2025年追加 来訪者対応

14. 来訪者への対応記録の作成

- 来訪者の所属と面会者を記録し、月ごとに集計して共有する。


(5) 共同購入の事例集について

事例⑥：部材の共同購入

- 必要な範囲で部材を共同購入することは、問題とならない。


出張時の注意

- 持ち出すパソコンは暗号化する。海外では公共の無線LANを使わない。
"""

INLINE_MANIFEST = """[[collection]]
name = "好事例集"
keywords = ["好事例"]

[[collection]]
name = "共同購入事例集"
keywords = ["共同購入"]

[[collection]]
name = "出張"
keywords = ["出張"]

[[case_pattern]]
name = "事例"
pattern = '^事例([①-⑳])\\s*[：:]'
label = "事例{1}"
collection = "共同購入事例集"

[[case_pattern]]
name = "番号"
pattern = '^(\\d{1,3})[.．]\\s*\\S'
label = "No.{1}"
collection = "好事例集"
after = "好事例集"

[[document]]
id = "deck"
file = "deck.txt"
title = "研修資料"
label = "テスト局 2026-01"
publisher = "テスト局"
date = "2026-01"
collections = ["好事例集", "共同購入事例集", "出張"]
case_patterns = ["事例", "番号"]
"""


@pytest.fixture()
def inline_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "deck.txt").write_text(INLINE_DECK, encoding="utf-8")
    (corpus / "manifest.toml").write_text(INLINE_MANIFEST, encoding="utf-8")
    return corpus


@pytest.fixture(scope="session")
def real_embedder():
    from pipeline.e5convert import ensure_model
    from pipeline.embedder import load_embedder

    ensure_model()
    return load_embedder()


@pytest.fixture(scope="session")
def real_searcher(real_embedder):
    """The product's searcher over the shipped corpus (the index `make test` builds)."""
    from pipeline import config
    from pipeline.index import build_index, load_index
    from pipeline.search import Searcher

    build_index(config.CORPUS_DIR, config.INDEX_DIR, real_embedder, progress=False)  # no-op when current
    return Searcher(load_index(config.INDEX_DIR, config.CORPUS_DIR, real_embedder), real_embedder)


class FakeOpenAIHandler(BaseHTTPRequestHandler):
    """A local OpenAI-compatible chat server for tests; a subclass says what it replies (`answer`)."""

    def answer(self, body: dict) -> str:
        return ""

    def do_POST(self):  # noqa: N802 (http.server naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        payload = {"id": "x", "object": "chat.completion", "created": 0, "model": body.get("model", "m"),
                   "choices": [{"index": 0, "finish_reason": "stop",
                                "message": {"role": "assistant", "content": self.answer(body)}}],
                   "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def fake_openai(handler: type[FakeOpenAIHandler]):
    """Run `handler` on a free local port; yield its base URL (…/v1)."""
    server = HTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/v1"
    finally:
        server.shutdown()

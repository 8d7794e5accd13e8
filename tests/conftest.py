"""Shared fixtures: the real corpus chunks (cheap) and small helpers."""
from __future__ import annotations

import sys
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


INLINE_DECK = """研修資料

技術流出対策の研修資料です。


退職者による技術情報の持ち出し

- 退職時に秘密保持の誓約書を求める。
- 退職予定者のアクセス権限を速やかに見直す。


経済安全保障 ベストプラクティス事例 接触リスク分析

14. 従業員への外部からのメールの分析・注意喚起

- 部門別に不審メールが届いている件数を集計・分析し、情報共有を実施。


(5) 経済安全保障と独占禁止法に関する事例集について

事例⑥：重要原材料の調達に関する情報交換・共同調達

- 必要な共同調達を行うことは、独禁法上問題とならない。


輸出管理

- キャッチオール規制は、リスト規制品以外の貨物・技術が対象。TICS とは別の制度。
"""


@pytest.fixture()
def inline_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "deck.txt").write_text(INLINE_DECK, encoding="utf-8")
    (corpus / "manifest.toml").write_text(
        '[[document]]\nid = "deck"\nfile = "deck.txt"\ntitle = "研修資料"\npublisher = "テスト局"\ndate = "2026-01"\n',
        encoding="utf-8")
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

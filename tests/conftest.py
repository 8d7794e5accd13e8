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

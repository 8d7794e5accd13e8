"""Readers: seed text, Shift_JIS, PDFs with real page numbers, and bad files reported in Japanese."""

import pytest

from conftest import make_japanese_pdf
from pipeline.chunking import chunk_corpus, read_chunks, write_chunks
from pipeline.errors import InputError
from pipeline.readers import read_slides, split_slides

DECK = "表紙のタイトル\n\n副題\n\n\n\n第二のスライド\n- 箇条書き。\n\n\n本文\n20\n次のページ\n"


def test_seed_text_splits_slides_on_blank_line_runs_and_page_numbers():
    slides = split_slides(DECK)
    assert [s.text.split("\n")[0] for s in slides] == ["表紙のタイトル", "第二のスライド", "本文", "次のページ"]
    assert "副題" in slides[0].text  # a single blank line stays inside a slide


def test_a_few_words_cut_off_from_a_figure_go_with_the_slide_that_follows():
    deck = ("表紙\n\n\n\n手続きの流れ\n\n届出の前に、対象となる業種かどうかを確認してください。\n\n\n\n"
            "1. 届出書の提出\n\n\n\n2. 審査終了\n\n\n\n詳しい手続きは所管省庁のホームページで案内しています。\n\n\n\n"
            "短いが文のあるスライド。")
    slides = [s.text for s in split_slides(deck)]
    assert slides[0] == "表紙"  # the cover is a slide of its own, however short
    assert slides[2].startswith("1. 届出書の提出\n\n2. 審査終了\n\n詳しい手続き")
    assert slides[3] == "短いが文のあるスライド。" and len(slides) == 4


def test_the_last_items_of_a_list_cut_off_from_its_slide_stay_with_it():
    deck = "相談会の実績\n\n- 5月 東京で開催した相談会\n- 6月 大阪で開催した相談会\n\n\n\n- 9月 名古屋\n\n\n\n次のスライドの見出し\n\n本文の文章がここに続きます。"
    slides = [s.text for s in split_slides(deck)]
    assert slides[0].endswith("- 6月 大阪で開催した相談会\n\n- 9月 名古屋") and len(slides) == 2


def test_a_page_number_at_the_end_of_a_line_that_runs_on_into_the_next_page_ends_the_slide():
    deck = ("表紙\n\n\n\n相談の流れ\n窓口で受け付けます。\n4\n"
            "支援の対象\n地域の中小企業が支援の対象です。\n対象となる業種の一覧 5\n"  # page 5 runs straight on into page 6
            "  支援の申請\n申請書を提出します。\n支援の上限額 50\n審査の後に通知します。\n7\n"  # 50 is no page
            "最後のスライド\n8\n")
    slides = [s.text for s in split_slides(deck)]
    assert slides[2] == "支援の対象\n地域の中小企業が支援の対象です。\n対象となる業種の一覧 5"
    assert slides[3].startswith("  支援の申請") and "支援の上限額 50\n審査の後に通知します。" in slides[3]
    assert len(slides) == 5


def test_a_table_of_contents_is_not_split_at_its_page_numbers():
    deck = "表紙\n\n\n\n目次\n背景\t・・・\t2\n対策\t・・・\t3\n1\n背景のスライド\n2\n対策のスライド\n3\n"
    slides = [s.text for s in split_slides(deck)]
    assert slides[1] == "目次\n背景\t・・・\t2\n対策\t・・・\t3\n1"


def test_shift_jis_text_is_decoded(tmp_path):
    path = tmp_path / "sjis.txt"
    path.write_bytes("技術流出対策について\n\n\n退職者の持ち出しを防ぐ".encode("cp932"))
    slides, _ = read_slides(path)
    assert slides[1].text == "退職者の持ち出しを防ぐ"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"  \n", "空です"),
        ("binary.txt", b"\x00\x01\x02\xff" * 50, "バイナリ"),
        ("broken.pdf", b"%PDF-1.4 not really", "PDF を読み込めません"),
        ("slides.pptx", b"PK\x03\x04", "対応していない形式"),
    ],
)
def test_bad_files_raise_japanese_message_naming_the_file(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_slides(path)
    assert name in str(info.value) and message in str(info.value)


def test_pdf_pages_come_back_with_page_numbers_and_text(tmp_path):
    pages = ["経済安全保障の取り組み\n技術流出対策ガイダンス", "退職者による持ち出しを防ぐ", "事例⑥ 共同調達"]
    slides, warnings = read_slides(make_japanese_pdf(tmp_path / "deck.pdf", pages))
    assert [s.page for s in slides] == [1, 2, 3]
    assert "技術流出対策ガイダンス" in slides[0].text
    assert "退職者による持ち出しを防ぐ" in slides[1].text
    assert "共同調達" in slides[2].text
    assert warnings == []


def test_pdf_page_without_text_is_reported_not_skipped_silently(tmp_path):
    slides, warnings = read_slides(make_japanese_pdf(tmp_path / "scan.pdf", ["本文のあるページ", None]))
    assert [s.page for s in slides] == [1]
    assert len(warnings) == 1 and "p.2" in warnings[0] and "スキャン" in warnings[0]


def test_pdf_without_any_text_layer_is_an_error(tmp_path):
    with pytest.raises(InputError, match="文字情報がありません"):
        read_slides(make_japanese_pdf(tmp_path / "scan.pdf", [None, None]))


def test_encrypted_pdf_gives_a_clear_message(tmp_path):
    with pytest.raises(InputError, match="パスワード"):
        read_slides(make_japanese_pdf(tmp_path / "locked.pdf", ["秘密"], password="secret"))


def test_bad_file_does_not_stop_the_rest_of_the_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("良い資料\n\n\n退職者の持ち出し対策について説明する。", encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    make_japanese_pdf(corpus / "deck.pdf", ["PDFの資料", "二枚目のページ"])
    result = chunk_corpus(corpus)
    assert {d.doc_id for d in result.documents} == {"good", "deck"}
    assert any("empty.txt" in f for f in result.failed)
    # files without a manifest entry are indexed with a warning and a title from the first line
    assert any("good.txt" in w and "manifest" in w for w in result.warnings)
    assert {c.title for c in result.chunks if c.doc_id == "good"} == {"良い資料"}
    assert sorted({c.page for c in result.chunks if c.doc_id == "deck"}) == [1, 2]


def test_chunk_file_write_is_atomic_and_round_trips(tmp_path, corpus_result, monkeypatch):
    out = tmp_path / "chunks.jsonl"
    write_chunks(corpus_result.chunks[:5], out)
    assert read_chunks(out) == corpus_result.chunks[:5]

    def crash(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("pipeline.storage.os.replace", crash)
    with pytest.raises(RuntimeError):
        write_chunks(corpus_result.chunks, out)
    assert read_chunks(out) == corpus_result.chunks[:5]  # the old file is intact
    assert [p.name for p in tmp_path.iterdir()] == ["chunks.jsonl"]  # no temp file left behind

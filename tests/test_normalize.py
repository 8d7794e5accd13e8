"""Normalisation table: each row is (raw extraction, expected search text)."""
import pytest

from pipeline.normalize import compact, display_text, ends_sentence, normalize_text


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("⼤⾂官房 経済安全保障室", "大臣官房 経済安全保障室"),  # Kangxi radicals (U+2F24, U+2F82)
        ("⺠間 ⻑期 ⻄側", "民間 長期 西側"),  # CJK Radicals Supplement: NFKC leaves these
        ("\uf9dc\ufa11", "隆﨑"),  # CJK compatibility ideographs
        ("ＡＢＣ１２３ ｶﾀｶﾅ", "ABC123 カタカナ"),  # full-width ASCII, half-width kana
        ("※事例①⑥⑦の発展事例", "※事例①⑥⑦の発展事例"),  # circled numbers stay distinguishable
        ("事例⑭：国内で寡占的", "事例⑭:国内で寡占的"),
        ('<p style="writing-mode: vertical-rl;">情報交換</p> <ul>', "情報交換"),  # tags go, text stays
        ("<https://www.meti.go.jp/>", "<https://www.meti.go.jp/>"),  # autolinks are not tags
        ("<スキーム概要>", "<スキーム概要>"),
        ("**技術流出対策ガイドンス**を策定", "技術流出対策ガイダンスを策定"),  # bold dropped, typo fixed
        ("\uf06c 防止策（退職者）", "防止策(退職者)"),  # private-use bullet dropped
        # TeX math an extraction wrote for a formula: its words and operators stay, the commands go
        (r"比率 = $\frac{\text{輸入額}}{\text{消費額} + \text{輸入額}}$", "比率 = (輸入額) / (消費額 + 輸入額)"),
        ("単価は $5$ ドル", "単価は $5$ ドル"),  # dollar signs without a command are not math markup
        ("経済安全保障\t\n\n  推進法\u3000施行", "経済安全保障 推進法 施行"),  # whitespace collapsed
        ("", ""),
    ],
)
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected


def test_no_radical_code_points_survive():
    raw = "".join(chr(c) for c in range(0x2F00, 0x2FD6))
    assert not [ch for ch in normalize_text(raw) if 0x2E80 <= ord(ch) <= 0x2FDF]


def test_display_text_fixes_radicals_only():
    raw = "**⼤⾂**<b>ＡＢＣ</b>①"
    assert display_text(raw) == "**大臣**<b>ＡＢＣ</b>①"


def test_compact_ignores_whitespace():
    assert compact("頻繁な 制度変更は\n予見性") == "頻繁な制度変更は予見性"


def test_a_middle_dot_inside_a_katakana_word_does_not_keep_its_spellings_apart():
    assert compact("セキュリティ・クリアランス制度") == compact("セキュリティクリアランス制度")
    assert compact("半導体・電子部品") == "半導体・電子部品"  # between kanji it lists things
    assert compact("ロボット・航空機") == "ロボット・航空機"


def test_a_letter_spaced_acronym_is_searched_as_one_word():
    from pipeline.tokenize_ja import tokenize

    assert normalize_text("**G X**：10年で投資") == "GX:10年で投資"
    assert "gx" in tokenize("G X：10年で投資") and "gx" in tokenize("GXの投資は？")
    assert normalize_text("A 社とB 社") == "A 社とB 社"  # a letter naming one of several stays apart
    assert normalize_text("U.S. Person") == "U.S. Person"


@pytest.mark.parametrize("text, ends", [
    ("調達室を設置。", True), ("期限はいつか？」", True), ("「部材の未来」(いわゆる山田レポート)", False),
    ("対応策の例：", False), ("", False), ("」", False),
])
def test_a_sentence_end_is_found_behind_closing_brackets(text, ends):
    assert ends_sentence(text) is ends

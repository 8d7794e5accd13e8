"""A realistic 12-page Japanese PDF for the tests, built with reportlab and a CID font.

Invented content (a prefecture's handbook on trade secrets), laid out the way office software lays
out a bureau's handout: a running header and footer on every page, printed page numbers 「- 1 -」…
that start on the first body page (the cover and the contents are unnumbered), a contents page
with dot leaders, paragraphs wrapped at the text box width with kinsoku, a table drawn cell by
cell, a two-column page drawn line by line across both columns (so that plain text extraction
interleaves them), a numbered case list, a page that is only a drawing, and a paragraph whose
sentence runs over a page break.

`PAGES` says what each page holds, by PDF page index, so tests can name the page a passage is on.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

TITLE = "営業秘密管理ハンドブック"
HEADER_LEFT = "みなと県 産業振興局 説明資料 2026"
HEADER_RIGHT = "営業秘密管理ハンドブック"
FOOTER = "無断転載禁止"
FIRST_NUMBERED_PAGE = 3  # PDF page 3 prints 「- 1 -」
DRAWING_PAGE = 9

MINCHO = "HeiseiMin-W3"
GOTHIC = "HeiseiKakuGo-W5"
PAGE_W, PAGE_H = 595.0, 842.0  # A4
LEFT, RIGHT = 60.0, 535.0
BODY_SIZE = 10.5
LEADING = 17.0

# Sentences the tests look for, each as one whole sentence of the document.
CROSS_PAGE_SENTENCE = ("人事異動の辞令が出た日から一週間以内に、情報システム担当者が旧部署の権限を削除し、"
                       "削除した日時と担当者名を記録した作業記録を三年間保存してください。")
LEFT_COLUMN_SENTENCE = "自宅で仕事をするときは、家族が画面をのぞき込めない場所を選び、離席するときは必ず画面をロックします。"
RIGHT_COLUMN_SENTENCE = ("私物のスマートフォンで業務用のメールを読む場合は、会社が指定した管理アプリを入れ、"
                         "紛失したときに遠隔でデータを消去できるようにしておきます。")
TABLE_HEADER = ("区分", "情報の例", "表示", "保管の方法")
TABLE_ROWS = (
    ("極秘", "製造条件、配合表", "赤色の「極秘」印", "施錠した保管庫"),
    ("社外秘", "顧客名簿、見積単価", "「社外秘」の透かし", "共有フォルダの限定領域"),
    ("社内限り", "社内規程、会議資料", "表示なし", "社内の共有フォルダ"),
)
CONTENTS = (
    ("第1章 営業秘密とは", 1), ("第2章 情報の区分と表示", 2), ("第3章 アクセス権限の管理", 3),
    ("第4章 退職者への対応", 4), ("コラム テレワークと私物端末", 5), ("第5章 相談事例", 6),
    ("第6章 取引先との秘密保持契約", 8), ("第7章 漏えいが起きたときの初動", 9), ("相談窓口", 10),
)
CASES = (
    ("事例①：元従業員が競合会社に顧客名簿を持ち出した",
     "退職の二か月前から顧客名簿を私用のメールアドレスに送っていたことが、送信記録の確認で分かりました。"),
    ("事例②：取引先に渡した図面が第三者に流出した",
     "秘密保持契約を結ばずに試作を依頼していたため、取引先に図面の管理を求める根拠がありませんでした。"),
    ("事例③：展示会で試作品の内部構造を撮影された",
     "来場者による撮影を禁止する掲示がなく、撮影をやめるよう求めることができませんでした。"),
)
STEPS = (
    "1. 事実関係を確認し、いつ、だれが、どの情報を持ち出したかを記録する。",
    "2. 社内の責任者に報告し、関係する利用者アカウントを停止する。",
    "3. 証拠となる送信記録や端末を保全し、上書きされないようにする。",
    "4. 必要に応じて弁護士や警察に相談する。",
)


@dataclass(frozen=True)
class PageFacts:
    pdf_page: int
    printed: str | None  # the number the page prints, as the document prints it, or None
    topic: str


PAGES = (
    PageFacts(1, None, "表紙"),
    PageFacts(2, None, "目次"),
    PageFacts(3, "1", "第1章 営業秘密とは"),
    PageFacts(4, "2", "第2章 情報の区分と表示（表）"),
    PageFacts(5, "3", "第3章 アクセス権限の管理（次のページに続く文）"),
    PageFacts(6, "4", "第4章 退職者への対応"),
    PageFacts(7, "5", "コラム テレワークと私物端末（2段組）"),
    PageFacts(8, "6", "第5章 相談事例"),
    PageFacts(9, None, "図のみ（文字なし）"),
    PageFacts(10, "8", "第6章 取引先との秘密保持契約"),
    PageFacts(11, "9", "第7章 漏えいが起きたときの初動"),
    PageFacts(12, "10", "相談窓口"),
)


def printed_number(pdf_page: int) -> str | None:
    return next(p.printed for p in PAGES if p.pdf_page == pdf_page)


_NO_LINE_START = "、。，．）」』】ーっゃゅょッャュョ！？"


def wrap(text: str, width: float, font: str = MINCHO, size: float = BODY_SIZE) -> list[str]:
    """Return `text` broken into lines that fit `width`, as a word processor does for Japanese:
    anywhere between characters, but a comma, full stop or closing bracket hangs on the line before."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, current = [], ""
    for char in text:
        if current and stringWidth(current + char, font, size) > width and char not in _NO_LINE_START:
            lines.append(current)
            current = ""
        current += char
    if current:
        lines.append(current)
    return lines


class _Writer:
    """Draws one page after another, top to bottom, with the running header and footer."""

    def __init__(self, path: Path, metadata_title: str | None):
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas

        for name in (MINCHO, GOTHIC):
            pdfmetrics.registerFont(UnicodeCIDFont(name))
        self.pdf = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
        if metadata_title:  # without one reportlab writes "untitled", as office software writes its defaults
            self.pdf.setTitle(metadata_title)
        self.pdf.setAuthor("みなと県 産業振興局")
        self.page = 1
        self.y = 0.0

    def start(self, running: bool = True) -> None:
        self.y = 770.0
        if not running:
            return
        pdf = self.pdf
        pdf.setFont(GOTHIC, 8)
        pdf.drawString(LEFT, 805, HEADER_LEFT)
        pdf.drawRightString(RIGHT, 805, HEADER_RIGHT)
        pdf.line(LEFT, 800, RIGHT, 800)
        pdf.setFont(MINCHO, 8)
        pdf.drawString(LEFT, 30, FOOTER)
        printed = printed_number(self.page)
        if printed:
            pdf.drawCentredString(PAGE_W / 2, 30, f"- {printed} -")

    def finish(self) -> None:
        self.pdf.showPage()
        self.page += 1

    def heading(self, text: str, size: float = 15) -> None:
        self.pdf.setFont(GOTHIC, size)
        self.pdf.drawString(LEFT, self.y, text)
        self.y -= size + 14

    def paragraph(self, text: str, indent: float = 0.0, after: float = 8.0) -> None:
        self.lines(wrap(text, RIGHT - LEFT - indent), indent)
        self.y -= after

    def lines(self, lines: list[str], indent: float = 0.0, font: str = MINCHO) -> None:
        self.pdf.setFont(font, BODY_SIZE)
        for line in lines:
            self.pdf.drawString(LEFT + indent, self.y, line)
            self.y -= LEADING

    def save(self) -> None:
        self.pdf.save()


def make_handbook_pdf(path: Path, metadata_title: str | None = TITLE) -> Path:
    """Write the 12-page handbook to `path` (see PAGES) and return the path."""
    w = _Writer(Path(path), metadata_title)
    pdf = w.pdf

    # 1: cover, unnumbered
    w.start()
    pdf.setFont(GOTHIC, 26)
    pdf.drawCentredString(PAGE_W / 2, 560, TITLE)
    pdf.setFont(MINCHO, 14)
    pdf.drawCentredString(PAGE_W / 2, 520, "〜中小企業のための実務の手引き〜")
    pdf.drawCentredString(PAGE_W / 2, 300, "令和8年4月")
    pdf.drawCentredString(PAGE_W / 2, 278, "みなと県 産業振興局 産業技術課")
    w.finish()

    # 2: contents, unnumbered; dot leaders up to right-aligned page numbers
    w.start()
    w.heading("目次", 18)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for entry, number in CONTENTS:
        pdf.setFont(MINCHO, 11)
        pdf.drawString(LEFT + 10, w.y, entry)
        start = LEFT + 10 + stringWidth(entry, MINCHO, 11) + 6
        dots = "・" * int((RIGHT - 20 - start) / stringWidth("・", MINCHO, 11))
        pdf.drawString(start, w.y, dots)
        pdf.drawRightString(RIGHT, w.y, str(number))
        w.y -= 26
    w.finish()

    # 3 (printed 1)
    w.start()
    w.heading("第1章 営業秘密とは")
    w.paragraph("営業秘密とは、事業活動に役立つ技術上又は営業上の情報であって、社内で秘密として管理され、"
                "世間に知られていないものをいいます。法律による保護を受けるためには、次の三つの要件をすべて"
                "満たす必要があります。")
    for item in ("① 秘密管理性：秘密として扱う情報であることが従業員に分かるように管理されていること。",
                 "② 有用性：製造方法や顧客名簿のように、事業に役立つ情報であること。",
                 "③ 非公知性：刊行物やウェブサイトなどで一般に入手できない情報であること。"):
        lines = wrap(item, RIGHT - LEFT - 12)
        w.lines(lines[:1], 0)
        w.lines(lines[1:], 12)
    w.y -= 8
    w.paragraph("三つの要件のうち、中小企業で最も欠けやすいのは秘密管理性です。鍵のかからない棚に図面を置いた"
                "ままにしていると、裁判で営業秘密と認められないおそれがあります。")
    w.finish()

    # 4 (printed 2): a table drawn cell by cell, with its grid
    w.start()
    w.heading("第2章 情報の区分と表示")
    w.paragraph("社内の情報は、漏えいしたときの影響の大きさに応じて三つに区分し、区分ごとに表示と保管の方法を"
                "決めます。")
    columns = (LEFT, LEFT + 75, LEFT + 205, LEFT + 330, RIGHT)
    top = w.y + 4
    for r, row in enumerate((TABLE_HEADER, *TABLE_ROWS)):
        pdf.setFont(GOTHIC if r == 0 else MINCHO, 10)
        for c, cell in enumerate(row):
            pdf.drawString(columns[c] + 6, w.y - 10, cell)
        w.y -= 24
    for x in columns:
        pdf.line(x, top, x, w.y + 4)
    for r in range(len(TABLE_ROWS) + 2):
        pdf.line(LEFT, top - 24 * r, RIGHT, top - 24 * r)
    w.y -= 24
    w.paragraph("区分は年に一度見直し、不要になった極秘の資料はシュレッダーで廃棄します。")
    w.finish()

    # 5 (printed 3) and 6 (printed 4): the last paragraph of page 5 runs over the page break
    w.start()
    w.heading("第3章 アクセス権限の管理")
    w.paragraph("アクセス権限は、業務に必要な最小限の範囲で付与することが原則です。共有フォルダは部署ごとに"
                "分け、極秘の情報を置くフォルダには、閲覧できる従業員の名簿を作って管理します。")
    w.paragraph("パスワードは他人と共有せず、推測されにくい十二文字以上のものを使います。同じパスワードを"
                "複数のサービスで使い回すことは避けてください。")
    flowing = wrap("部署を異動した従業員の権限が前の部署のまま残っていると、不要な情報まで閲覧できる状態が"
                   "続きます。" + CROSS_PAGE_SENTENCE + "異動の多い四月と十月には、全部署の権限を一斉に点検"
                   "します。", RIGHT - LEFT)
    cut = next(i for i, line in enumerate(flowing) if "旧部署の権限を" in line) + 1
    before = "".join(flowing[:cut])
    if CROSS_PAGE_SENTENCE[:10] not in before or CROSS_PAGE_SENTENCE in before:
        raise AssertionError("the page break must fall inside CROSS_PAGE_SENTENCE")
    w.lines(flowing[:cut])
    w.finish()
    w.start()
    w.lines(flowing[cut:])
    w.y -= 8 + 14
    w.heading("第4章 退職者への対応")
    w.paragraph("退職の申し出があったら、退職日までに貸与したパソコンや記録媒体を回収し、回収した品目を一覧に"
                "記録します。")
    w.paragraph("退職者には、在職中に知った営業秘密を退職後も使わないことを約束する誓約書に署名を求めます。"
                "誓約書には対象となる情報を具体的に書き、「一切の情報」のような曖昧な書き方は避けます。")
    w.finish()

    # 7 (printed 5): two columns, drawn line by line across the page
    w.start()
    w.heading("コラム テレワークと私物端末")
    gutter = 16.0
    col_w = (RIGHT - LEFT - gutter) / 2
    left = [("自宅で作業するときの注意", GOTHIC)] + [(l, MINCHO) for l in wrap(
        LEFT_COLUMN_SENTENCE + "紙の資料を持ち帰った場合は、作業が終わったらその日のうちに鍵のかかる引き出しに"
        "しまってください。", col_w)]
    right = [("私物端末を使うときの注意", GOTHIC)] + [(l, MINCHO) for l in wrap(
        RIGHT_COLUMN_SENTENCE + "私物端末に顧客名簿を保存することは禁止です。", col_w)]
    for i in range(max(len(left), len(right))):
        for column, x in ((left, LEFT), (right, LEFT + col_w + gutter)):
            if i < len(column):
                text, font = column[i]
                pdf.setFont(font, BODY_SIZE)
                pdf.drawString(x, w.y, text)
        w.y -= LEADING + (6 if i == 0 else 0)
    w.finish()

    # 8 (printed 6): a numbered case list
    w.start()
    w.heading("第5章 相談事例")
    w.paragraph("産業振興局の相談窓口に寄せられた相談のうち、代表的なものを紹介します。", after=10)
    for title, body in CASES:
        w.lines([title], font=GOTHIC)
        w.paragraph(body, indent=BODY_SIZE, after=12)
    w.finish()

    # 9 (would print 7): a diagram only, no text at all
    pdf.setFillGray(0.85)
    pdf.rect(120, 420, 160, 100, fill=1)
    pdf.rect(320, 420, 160, 100, fill=1)
    pdf.line(280, 470, 320, 470)
    pdf.circle(300, 300, 60)
    pdf.setFillGray(0)
    w.finish()

    # 10 (printed 8)
    w.start()
    w.heading("第6章 取引先との秘密保持契約")
    w.paragraph("試作や加工を外部に依頼するときは、図面を渡す前に秘密保持契約を結びます。")
    w.paragraph("契約書には、秘密情報の範囲、目的外利用の禁止、契約終了時の返却又は廃棄、再委託の可否の四点を"
                "必ず盛り込みます。")
    w.paragraph("秘密保持の義務は、取引が終わった後も五年間は続くように定めるのが一般的です。")
    w.finish()

    # 11 (printed 9): numbered steps
    w.start()
    w.heading("第7章 漏えいが起きたときの初動")
    w.paragraph("漏えいの疑いが分かったら、次の順番で対応します。")
    for step in STEPS:
        lines = wrap(step, RIGHT - LEFT - 14)
        w.lines(lines[:1])
        w.lines(lines[1:], 14)
    w.finish()

    # 12 (printed 10)
    w.start()
    w.heading("相談窓口")
    w.paragraph("営業秘密の管理に関する相談は、産業振興局 産業技術課 知的財産相談室で受け付けています。")
    w.paragraph("電話 012-345-6789（平日 9時から17時まで）")
    w.paragraph("相談は無料で、相談の内容が外部に漏れることはありません。")
    w.finish()
    w.save()
    return Path(path)

"""Drive the running app in headless Chromium over the DevTools protocol, as a person would: desktop
width, two questions and a follow-up, a click on a [n] marker, the export for slides, then the same
conversation at phone width after a reload; screenshots of both widths; the time from opening the
page to a usable chat is printed.

Usage (the app must already answer /_stcore/health; tests/e2e/run.sh starts it):
    drive.py --url http://127.0.0.1:PORT [--question Q --expect TEXT …] [--screenshot PATH]
Exits 1 with a message saying which step timed out, and what the page showed at that moment.
"""
from __future__ import annotations

import argparse
import base64
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from websockets.sync.client import connect

DEADLINE_S = 420  # the whole walk-through: start, three answers, a jump, the export, a reload
WINDOW = (1280, 1500)
DESKTOP = (1280, 1000)
PHONE = (390, 844)


class Failure(Exception):
    pass


def wait_for(what: str, check, deadline: float, interval: float = 0.5):
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise Failure(f"時間切れ: {what}")


class Browser:
    """Headless Chromium with one page, driven by CDP commands over a WebSocket."""

    def __init__(self, profile: Path):
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        if not binary:
            raise Failure("chromium が見つかりません（tests/e2e/run.sh がインストールします）")
        self.process = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", f"--window-size={WINDOW[0]},{WINDOW[1]}", "--lang=ja",
             f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        # Port 0 lets Chromium pick a free port; it writes the choice into the profile.
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        port = wait_for("Chromium の DevTools ポート", lambda: active.exists() and active.read_text().split("\n")[0],
                        deadline)
        self.page_url = wait_for("Chromium のページ", lambda: self._pages(port), deadline)[0]["webSocketDebuggerUrl"]
        self.ws = None
        self.ids = itertools.count(1)

    @staticmethod
    def _pages(port: str) -> list[dict]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5) as response:
                return [t for t in json.load(response) if t.get("type") == "page"]
        except OSError:
            return []

    def send(self, method: str, **params) -> dict:
        call_id = next(self.ids)
        self.ws.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:  # skip events until our reply arrives
            message = json.loads(self.ws.recv(timeout=60))
            if message.get("id") == call_id:
                if "error" in message:
                    raise Failure(f"{method}: {message['error']}")
                return message.get("result", {})

    def js(self, expression: str):
        # While the page navigates (a reload, the app setting ?c=, an anchor jump) the JavaScript
        # context is briefly gone; the same question asked a moment later gets its answer.
        for attempt in range(20):
            try:
                result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
                return result.get("result", {}).get("value")
            except Failure as exc:
                if "navigated or closed" not in str(exc) and "context" not in str(exc).lower() or attempt == 19:
                    raise
                time.sleep(0.25)

    def close(self) -> None:
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, None)):
            try:
                os.killpg(self.process.pid, sig)  # the whole group: Chromium forks renderers
                self.process.wait(timeout=wait)
                return
            except ProcessLookupError:
                return
            except subprocess.TimeoutExpired:
                continue


def run(args: argparse.Namespace) -> None:
    deadline = time.monotonic() + DEADLINE_S
    with tempfile.TemporaryDirectory(prefix="e2e-chromium-") as profile:
        browser = Browser(Path(profile))
        try:
            with connect(browser.page_url, max_size=None, open_timeout=10) as browser.ws:
                drive(browser, args, deadline)
        finally:
            browser.close()


INPUT_BOX = "document.querySelector('[data-testid=\"stChatInputTextArea\"]')"


class Page:
    """The app in one browser tab: what a person sees and does."""

    def __init__(self, browser: Browser, deadline: float):
        self.browser, self.deadline = browser, deadline

    def text(self) -> str:
        return self.browser.js("document.body ? document.body.innerText : ''") or ""

    def step(self, what: str, check) -> None:
        try:
            wait_for(what, check, self.deadline)
        except Failure as exc:
            raise Failure(f"{exc}\n画面の内容:\n{self.text()[-2000:]}") from None

    def width(self, width: int, height: int, mobile: bool) -> None:
        self.browser.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                          mobile=mobile)

    def ask(self, question: str) -> int:
        """Type a question and press Enter; return how many answers were on the page before."""
        self.step("チャット入力欄", lambda: self.browser.js(f"!!{INPUT_BOX} && !{INPUT_BOX}.disabled"))
        time.sleep(1)  # the page reruns once more after an answer; type into the input that stays
        # (counted once the page has settled: during a rerun the old messages may briefly show twice,
        # and a count taken then is never reached again)
        before = self.browser.js("document.querySelectorAll('[data-testid=\"stChatMessage\"]').length") or 0
        self.browser.js(f"{INPUT_BOX}.focus()")
        self.browser.send("Input.insertText", text=question)
        self.step("入力した質問が入力欄に入ること", lambda: self.browser.js(f"{INPUT_BOX}.value") == question)
        send = "document.querySelector('[data-testid=\"stChatInputSubmitButton\"]')"
        self.step("送信ボタン", lambda: self.browser.js(f"!!{send} && !{send}.disabled"))
        self.browser.js(f"{send}.click()")
        return before

    def wait_answer(self, question: str, before: int, expect: str) -> None:
        def answered() -> bool:
            count = self.browser.js("document.querySelectorAll('[data-testid=\"stChatMessage\"]').length") or 0
            return count >= before + 2 and expect in self.text() and "資料を確認しています" not in self.text()

        self.step(f"質問「{question}」への回答（「{expect}」を含む）", answered)

    def screenshot(self, path: Path) -> None:
        time.sleep(1)  # let the last rerun settle
        shot = self.browser.send("Page.captureScreenshot", format="png", captureBeyondViewport=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))


def drive(browser: Browser, args: argparse.Namespace, deadline: float) -> None:
    page = Page(browser, deadline)
    page.width(*DESKTOP, mobile=False)
    started = time.monotonic()
    browser.send("Page.navigate", url=args.url)
    page.step("チャット入力欄の表示（モデルと索引の読み込み）", lambda: browser.js(f"!!{INPUT_BOX}"))
    usable = time.monotonic() - started
    print(f"e2e: ページを開いてからチャットが使えるまで {usable:.1f} 秒")

    # Two turns and a follow-up that needs the first turn.
    before = page.ask(args.question)
    page.wait_answer(args.question, before, args.expect)
    before = page.ask(args.second)
    page.wait_answer(args.second, before, args.second_expect)
    before = page.ask(args.followup)
    page.wait_answer(args.followup, before, args.followup_expect)
    page.step("フォローアップの解釈の表示", lambda: "前の質問の" in page.text())

    # A citation marker jumps to its card.
    link = "document.querySelector('a[href^=\"#src-\"]')"
    page.step("回答中の [n] リンク", lambda: browser.js(f"!!{link}"))
    target = browser.js(f"{link}.getAttribute('href').slice(1)")
    in_view = (f"(() => {{ const a = document.getElementById('{target}'); if (!a) return false;"
               f" const r = a.getBoundingClientRect(); return r.top >= -5 && r.top < window.innerHeight; }})()")

    def jumped() -> bool:
        # The chat scrolls itself to its newest message while the page settles after an answer; a
        # press made before it settled is undone by that scroll, and a person presses again.
        if browser.js(in_view):
            return True
        browser.js(f"{link}.click()")
        time.sleep(1)
        return bool(browser.js(in_view))

    page.step(f"[n] を押すと出典カード（#{target}）へ移動", jumped)

    # The export for slides is offered with its 出典 line.
    page.step("書き出し（スライド用）の表示", lambda: "会話全体（Markdown）" in page.text())
    page.step("書き出しの出典表記", lambda: browser.js(
        "[...document.querySelectorAll('code')].some(c => c.textContent.includes('出典：'))"))
    page.screenshot(args.screenshot)

    # The same conversation on a phone.
    page.width(*PHONE, mobile=True)
    browser.send("Page.reload")
    page.step("スマートフォン幅で会話が残っていること", lambda: args.followup in page.text() and "[1]" in page.text())
    page.screenshot(args.phone_screenshot)
    print("e2e OK: 3 回の質問（フォローアップを含む）、出典へのジャンプ、書き出し、スマートフォン幅")
    print(f"スクリーンショット: {args.screenshot}, {args.phone_screenshot}")
    print(f"TIME_TO_USABLE_CHAT_S={usable:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--question", default=os.environ.get("E2E_QUESTION", "退職者による技術の持ち出しを防ぐには？"))
    parser.add_argument("--expect", default=os.environ.get("E2E_EXPECT", "誓約"),
                        help="text the first answer must show")
    parser.add_argument("--second", default="TICSとは何ですか？")
    parser.add_argument("--second-expect", default="認証")
    parser.add_argument("--followup", default="それを取ると何かいいことある？")
    parser.add_argument("--followup-expect", default="TICS")
    parser.add_argument("--screenshot", type=Path, default=Path("docs/screenshot.png"))
    parser.add_argument("--phone-screenshot", type=Path, default=Path("docs/screenshot-phone.png"))
    args = parser.parse_args()
    try:
        run(args)
    except Failure as exc:
        print(f"e2e 失敗: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

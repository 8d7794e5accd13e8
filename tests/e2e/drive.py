"""Drive the running app in headless Chromium over the DevTools protocol and screenshot the answer.

Usage (the app must already answer /_stcore/health; tests/e2e/run.sh starts it):
    drive.py --url http://127.0.0.1:PORT [--question Q] [--expect TEXT] [--screenshot PATH]
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

DEADLINE_S = 180
REFUSAL_TEXT = "資料には該当する記述が見つかりませんでした"  # pipeline.answer.REFUSAL_TEXT
WINDOW = (1280, 1500)  # tall enough that the question, the answer and an open source card all fit


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
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

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


def drive(browser: Browser, args: argparse.Namespace, deadline: float) -> None:
    page_text = lambda: browser.js("document.body ? document.body.innerText : ''") or ""  # noqa: E731
    input_box = "document.querySelector('[data-testid=\"stChatInputTextArea\"]')"
    card = "document.querySelector('[data-testid=\"stExpander\"] summary')"

    def step(what: str, check) -> None:
        try:
            wait_for(what, check, deadline)
        except Failure as exc:
            raise Failure(f"{exc}\n画面の内容:\n{page_text()[-2000:]}") from None

    browser.send("Page.navigate", url=args.url)
    step("チャット入力欄の表示（モデルと索引の読み込み）", lambda: browser.js(f"!!{input_box}"))
    browser.js(f"{input_box}.focus()")
    browser.send("Input.insertText", text=args.question)
    for kind in ("keyDown", "keyUp"):
        browser.send("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter", windowsVirtualKeyCode=13,
                     **({"text": "\r"} if kind == "keyDown" else {}))

    def answered() -> bool:
        text = page_text()
        if REFUSAL_TEXT in text:
            raise Failure(f"質問「{args.question}」に対して回答が拒否されました（{REFUSAL_TEXT}）。\n"
                          f"画面の内容:\n{text[-2000:]}")
        return all(t in text for t in ("[1]", "出典", args.expect)) and browser.js(f"!!{card}")

    step(f"出典付きの回答（「[1]」「出典」「{args.expect}」を含む）", answered)
    browser.js(f"{card}.click()")
    step("出典カードの引用箇所（<mark>）", lambda: browser.js("!!document.querySelector('mark')"))
    time.sleep(1)  # let the expander animation finish before the screenshot
    shot = browser.send("Page.captureScreenshot", format="png")
    args.screenshot.parent.mkdir(parents=True, exist_ok=True)
    args.screenshot.write_bytes(base64.b64decode(shot["data"]))
    lines = [line for line in page_text().splitlines() if "[1]" in line]
    print(f"e2e OK: 質問「{args.question}」")
    print("\n".join(f"  {line}" for line in lines))
    print(f"スクリーンショット: {args.screenshot}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--question", default=os.environ.get("E2E_QUESTION", "退職者による技術の持ち出しを防ぐには？"))
    parser.add_argument("--expect", default=os.environ.get("E2E_EXPECT", "経済安全保障"),
                        help="text the answer or its source card must show (all document titles contain the default)")
    parser.add_argument("--screenshot", type=Path, default=Path("docs/screenshot.png"))
    args = parser.parse_args()
    try:
        run(args)
    except Failure as exc:
        print(f"e2e 失敗: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What the app keeps between requests on the server: conversations (so a reload loses nothing) and
users' feedback on answers. Plain JSON files outside the repository's tracked files, written
atomically; nothing is sent anywhere."""
from __future__ import annotations

import fcntl
import json
import os
import re
import time
import uuid
from pathlib import Path
from typing import Any

from . import config
from .storage import write_atomic

_CONVERSATION_ID = re.compile(r"^[0-9a-f]{32}$")
MAX_TURNS_KEPT = 200  # a conversation longer than this keeps its latest turns


def state_dir() -> Path:
    """Return the directory for server-side state (KB_STATE_DIR, default var/ in the project)."""
    return Path(os.environ.get("KB_STATE_DIR", config.ROOT / "var"))


def feedback_path() -> Path:
    """Return the feedback file (KB_FEEDBACK_FILE, default var/feedback.jsonl)."""
    return Path(os.environ.get("KB_FEEDBACK_FILE", state_dir() / "feedback.jsonl"))


def new_conversation_id() -> str:
    return uuid.uuid4().hex


def valid_conversation_id(value: str | None) -> bool:
    """Return True for an id this module made (32 hex digits): nothing else becomes a file name."""
    return bool(value) and bool(_CONVERSATION_ID.match(value))


class ConversationStore:
    """One JSON file per conversation: its messages as the app shows them."""

    def __init__(self, directory: Path | None = None):
        self.directory = Path(directory) if directory else state_dir() / "conversations"

    def path(self, conversation_id: str) -> Path:
        if not valid_conversation_id(conversation_id):
            raise ValueError("not a conversation id")
        return self.directory / f"{conversation_id}.json"

    def load(self, conversation_id: str | None) -> list[dict[str, Any]]:
        """Return the saved messages of a conversation ([] when unknown, unreadable or not an id)."""
        if not valid_conversation_id(conversation_id):
            return []
        try:
            data = json.loads(self.path(conversation_id).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        return data.get("messages", []) if isinstance(data, dict) else []

    def save(self, conversation_id: str, messages: list[dict[str, Any]]) -> None:
        """Write a conversation atomically (its latest MAX_TURNS_KEPT messages)."""
        payload = {"saved_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "messages": messages[-MAX_TURNS_KEPT:]}
        write_atomic(self.path(conversation_id), json.dumps(payload, ensure_ascii=False))


def append_feedback(record: dict[str, Any], path: Path | None = None) -> Path:
    """Append one feedback record as a JSON line, whole or not at all, even with several app
    processes writing (an exclusive lock around one write of the full line)."""
    path = Path(path) if path else feedback_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps({"timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"), **record}, ensure_ascii=False)
            + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        written = os.write(fd, line)
        if written != len(line):  # a full disk: take back the partial line rather than leave it
            os.ftruncate(fd, os.lseek(fd, 0, os.SEEK_END) - written)
            raise OSError("フィードバックを書き込めませんでした（ディスクの空き容量を確認してください）。")
        os.fsync(fd)
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    return path


def read_feedback(path: Path | None = None) -> list[dict[str, Any]]:
    """Return the feedback records (a line that doesn't parse is skipped)."""
    path = Path(path) if path else feedback_path()
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue
    return out

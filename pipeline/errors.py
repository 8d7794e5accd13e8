"""User-facing errors: each says what happened (in Japanese) and the command that fixes it."""
from __future__ import annotations

import os
import sys
from typing import Any, Callable


class KBError(Exception):
    """An error a user can act on; `str()` is the Japanese message shown to them."""

    def __init__(self, message: str, fix: str | None = None):
        self.message = message
        self.fix = fix
        super().__init__(f"{message}\n対処: {fix}" if fix else message)


class InputError(KBError):
    """Bad user input (empty query, unreadable file, …)."""


class IndexMissingError(KBError):
    """No index on disk."""


class IndexStaleError(KBError):
    """The index on disk does not match the corpus, model or code."""


class ModelError(KBError):
    """The embedding model is missing, corrupt or of an unexpected format."""


def run_command(func: Callable[[Any], int], args: Any) -> int:
    """Run a command-line subcommand and return its exit status: a KBError is its Japanese message
    (status 2), Ctrl-C a short note (130), a reader that went away (`| head`) nothing at all (0)."""
    try:
        return func(args)
    except KBError as exc:
        print(f"エラー: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("中断しました。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no traceback at exit either
        return 0

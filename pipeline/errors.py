"""User-facing errors: each says what happened (in Japanese) and the command that fixes it."""
from __future__ import annotations


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

"""Atomic writes: an interrupted run never leaves a half-written file or directory."""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write `data` to `path` through a temp file in the same directory and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes 0600; a file another user (the app's service account) must read gets the
        # permissions any new file would get under the umask (0644 under the usual 022).
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Read once at import: os.umask can only be read by setting it, which must not race with threads.
_UMASK = _read_umask()


def replace_dir(staging: Path, target: Path) -> None:
    """Move a fully written `staging` directory into place of `target`, which never exists half
    written: the old one (or a symlink in its place) is renamed aside first, then removed."""
    old = None
    if target.exists() or target.is_symlink():
        old = target.parent / f".{target.name}.old-{os.getpid()}-{time.monotonic_ns()}"
        os.rename(target, old)
    os.rename(staging, target)
    if old is not None:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink()


def sha256_file(path: Path) -> str:
    """Return the hex sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


@contextlib.contextmanager
def file_lock(path: Path, waiting: str | None = None) -> Iterator[None]:
    """Hold an exclusive lock on `path` (created if needed); print `waiting` when another holds it."""
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting:
                print(waiting, file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def file_records(folder: Path, names: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Return {name: {"size", "sha256"}} of the files `names` under `folder`: what a build or a setup
    records so that a file damaged later is noticed (`first_damaged`)."""
    return {name: {"size": (folder / name).stat().st_size, "sha256": sha256_file(folder / name)} for name in names}


def first_damaged(folder: Path, records: dict[str, dict[str, Any]], recorded_at_ns: int | None = None) -> str | None:
    """Return the first file of `records` (as `file_records` wrote them) under `folder` that is missing
    or no longer as recorded, or None when all are. Sizes are always compared; contents always when
    `recorded_at_ns` is None, else only for files modified after it — so a large model is not hashed
    on every start, yet a file changed in place is."""
    for name, expected in records.items():
        path = folder / name
        try:
            info = path.stat()
        except OSError:
            return name
        if info.st_size != expected.get("size"):
            return name
        if (recorded_at_ns is None or info.st_mtime_ns > recorded_at_ns) and sha256_file(path) != expected.get("sha256"):
            return name
    return None

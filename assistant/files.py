"""Reading files a person names: regular files only, never more than a cap.

A FIFO named as an article would block forever on open, `/dev/zero` would be read until memory ran
out, and a folder or a device is never what was meant. So every file the app reads on someone's
word is opened without blocking, checked to be a regular file, and read with a limit.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO


class FileRefused(Exception):
    """A file that cannot be read; `reason` is a phrase ("is a folder"), `kind` says which case."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


MISSING, FOLDER, SPECIAL, TOO_LARGE, DENIED, UNREADABLE = (
    "missing",
    "folder",
    "special",
    "too large",
    "denied",
    "unreadable",
)


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def open_regular(path: str | Path) -> BinaryIO:
    """Open a regular file for reading in binary; anything else raises FileRefused at once.

    O_NONBLOCK keeps the open of a FIFO from waiting for a writer; it is cleared again for a
    regular file, where it means nothing anyway.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise FileRefused(MISSING, "does not exist") from None
    except IsADirectoryError:
        raise FileRefused(FOLDER, "is a folder") from None
    except PermissionError:
        raise FileRefused(DENIED, "cannot be read (permission denied)") from None
    except OSError as error:
        raise FileRefused(UNREADABLE, f"cannot be read ({error.strerror or error})") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise FileRefused(FOLDER, "is a folder")
        if not stat.S_ISREG(mode):
            raise FileRefused(SPECIAL, f"is {_kind_of(mode)}, not a regular file")
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_regular(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; FileRefused otherwise.

    The size is checked before reading and the read itself stops at limit + 1 bytes, so a file
    that grows while it is read is refused too, never read to the end.
    """
    with open_regular(path) as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > limit:
            raise FileRefused(TOO_LARGE, f"is too large ({size / 1_000_000:.1f} MB)")
        try:
            data = stream.read(limit + 1)
        except OSError as error:
            raise FileRefused(UNREADABLE, f"cannot be read ({error.strerror or error})") from None
    if len(data) > limit:
        raise FileRefused(TOO_LARGE, f"is too large (over {limit / 1_000_000:.1f} MB)")
    return data


def write_atomically(path: Path, data: str | bytes) -> None:
    """Replace `path` with `data` so that readers see either the old file or the new, never half.

    Text is written as UTF-8. A failure leaves no temporary file behind and raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data.encode("utf-8") if isinstance(data, str) else data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

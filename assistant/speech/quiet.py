"""Keep native libraries from writing over the screen.

ALSA, JACK, PortAudio, espeak and Kaldi print straight to file descriptor 2, and Textual draws
the whole screen on that same descriptor (its Linux driver writes to sys.__stderr__). So while
the TUI runs, Textual gets a private duplicate of the terminal and descriptor 2 itself goes to a
log file: whatever a library prints lands in the log, never in the middle of the article.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

_alsa_handler = None  # kept alive for as long as ALSA may call it


def silence_alsa() -> None:
    """Install an ALSA error handler that drops ALSA's messages ("ALSA lib pcm.c: ...")."""
    global _alsa_handler
    if _alsa_handler is not None:
        return
    name = ctypes.util.find_library("asound")
    if name is None:
        return
    try:
        alsa = ctypes.CDLL(name)
    except OSError:
        return
    handler_type = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p)
    _alsa_handler = handler_type(lambda *args: None)
    alsa.snd_lib_error_set_handler(_alsa_handler)


@contextlib.contextmanager
def native_stderr_silenced() -> Iterator[None]:
    """Send descriptor 2 to /dev/null for a moment (imports and device probes in CLI commands)."""
    silence_alsa()
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, io.UnsupportedOperation):
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


@contextlib.contextmanager
def terminal_kept_for_textual(log_path: Path | None) -> Iterator[None]:
    """Give Textual its own copy of the terminal and send descriptor 2 to `log_path` (or /dev/null)."""
    silence_alsa()
    try:
        sys.stderr.flush()
        terminal_fd = os.dup(2)
    except (OSError, ValueError, io.UnsupportedOperation):
        yield  # no real descriptor 2 (under a test runner): nothing to protect
        return
    terminal = os.fdopen(terminal_fd, "w", buffering=1, encoding=sys.stderr.encoding or "utf-8", errors="replace")
    target = os.devnull
    if log_path is not None:
        try:
            log_path.parent.mkdir(parents=True, exist_ok=True)
            target = str(log_path)
        except OSError:
            target = os.devnull
    log_fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    saved_dunder, saved_stderr = sys.__stderr__, sys.stderr
    os.dup2(log_fd, 2)
    os.close(log_fd)
    sys.__stderr__ = sys.stderr = terminal  # type: ignore[misc]
    try:
        yield
    finally:
        terminal.flush()
        os.dup2(terminal_fd, 2)
        sys.__stderr__, sys.stderr = saved_dunder, saved_stderr  # type: ignore[misc]
        terminal.close()

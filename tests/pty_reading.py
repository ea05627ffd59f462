"""Reading what an app drew into a pseudo-terminal, shared by the tests that run it in a real pty."""

from __future__ import annotations

import os
import select


def read_available(fd: int, screen: bytearray, timeout: float) -> bool:
    """Append what the app drew within `timeout` to `screen`; False once the terminal has no writer."""
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return True
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        return False
    screen += chunk
    return bool(chunk)

"""SIGTERM and SIGHUP to the full-screen app in a real pseudo-terminal: the terminal is given back
as it was (line mode and echo, main screen, no mouse reporting, cursor shown) and the position is
saved. Before, the signal killed the app and left the terminal raw, blank and without a cursor."""

import fcntl
import json
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time

import pytest

from assistant.article import load_article
from assistant.settings import article_key
from tests.cli.helpers import environment, saved_state
from tests.conftest import ARTICLE_PATH
from tests.pty_reading import read_available

PRIVATE_MODE = re.compile(rb"\x1b\[\?([\d;]+)([hl])")
ON_BY_DEFAULT = {"25", "7"}
"""Modes a terminal has on until told otherwise: the cursor shown, line wrapping."""


def _final_modes(screen: bytes) -> dict[str, str]:
    """Each private terminal mode the app switched, and whether it was left set (h) or reset (l)."""
    modes: dict[str, str] = {}
    for numbers, state in PRIVATE_MODE.findall(screen):
        for number in numbers.split(b";"):
            modes[number.decode()] = state.decode()
    return modes


@pytest.mark.parametrize(("sent", "exit_code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_stop_signal_restores_the_terminal_and_saves_the_position(tmp_path, sent, exit_code):
    settings = tmp_path / "config" / "assistant" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"seen_disclaimer": True}))
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 32, 100, 0, 0))
    before = termios.tcgetattr(follower)
    child = subprocess.Popen(
        [sys.executable, "-m", "assistant", "--no-speech", "--no-voice"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        start_new_session=True,
        env=environment(tmp_path, TERM="xterm-256color"),
    )
    screen = bytearray()
    try:
        deadline = time.monotonic() + 60
        while b"Section 1 of 3" not in screen and time.monotonic() < deadline:
            read_available(leader, screen, 0.1)
        assert b"Section 1 of 3" in screen, bytes(screen[-500:])
        os.write(leader, b"n")
        while b"Section 2 of 3" not in screen and time.monotonic() < deadline:
            read_available(leader, screen, 0.1)
        assert b"Section 2 of 3" in screen
        during = termios.tcgetattr(follower)
        assert not during[3] & termios.ICANON, "the app runs the terminal raw"
        drawn_before_signal = len(screen)
        child.send_signal(sent)
        deadline = time.monotonic() + 30
        while child.poll() is None and time.monotonic() < deadline:
            read_available(leader, screen, 0.1)
        while read_available(leader, screen, 0.1) and select.select([leader], [], [], 0)[0]:
            pass
        assert child.wait(5) == exit_code
        after = termios.tcgetattr(follower)
    finally:
        child.kill()
        os.close(leader)
        os.close(follower)
    assert after[3] & termios.ICANON and after[3] & termios.ECHO, "line mode and echo are back"
    assert after[:4] == before[:4], "every terminal flag is as it was"
    modes = _final_modes(bytes(screen))
    assert modes.get("1049") == "l", "back from the alternate screen"
    assert modes.get("25") == "h", "the cursor is shown again"
    assert modes.get("7", "h") == "h", "line wrapping is back on"
    left_on = {mode for mode, state in modes.items() if state == "h" and mode not in ON_BY_DEFAULT}
    assert not left_on, f"terminal modes left on: {left_on}"
    assert _final_modes(bytes(screen[drawn_before_signal:])), "the modes were reset after the signal"
    assert b"Traceback" not in screen
    assert saved_state(tmp_path, article_key(load_article(ARTICLE_PATH)))["position"] == "s2.1.1"

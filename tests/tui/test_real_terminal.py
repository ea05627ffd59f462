"""The terminal cursor in a real terminal: the app runs in a pseudo-terminal and its output goes
through a terminal emulator (pyte), so what is checked is where a screen reader or a magnifier
would find the cursor. Headless Pilot tests cannot see this: Textual moves the terminal cursor only
when it writes an update, which is how the cursor once lagged one sentence behind."""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time

import pyte
import pytest

WAIT = 20.0


class Terminal:
    """The app in a pseudo-terminal of a given size, seen through a VT100 emulator."""

    def __init__(self, columns: int, rows: int, env: dict) -> None:
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.child = subprocess.Popen([sys.executable, "-m", "assistant", "--no-voice", "--no-speech"],
                                      stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
        os.close(slave)

    def pump(self, seconds: float) -> None:
        ready, _, _ = select.select([self.master], [], [], seconds)
        if ready:
            try:
                self.stream.feed(os.read(self.master, 65536))
            except OSError:
                pass

    def wait_for(self, condition, what: str) -> None:
        deadline = time.monotonic() + WAIT
        while not condition():
            assert time.monotonic() < deadline, f"timed out waiting for {what}: {self.text()}"
            self.pump(0.05)

    def press(self, key: str) -> None:
        os.write(self.master, key.encode())

    def cursor(self) -> tuple[int, int]:
        return self.screen.cursor.x, self.screen.cursor.y

    def sentence_start(self) -> tuple[int, int] | None:
        """The first cell drawn in bold reverse video: the sentence being read."""
        for y in range(self.screen.lines):
            for x in range(self.screen.columns):
                cell = self.screen.buffer[y][x]
                if cell.reverse and cell.bold:
                    return x, y
        return None

    def position(self) -> str:
        """The status line's position ("Section 2 of 3, sentence 1 of 8")."""
        return next((line.split(" · ", 1)[1].strip() for line in self.screen.display
                     if line.startswith(" Stopped · ")), "")

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def close(self) -> None:
        self.press("q")
        try:
            self.child.wait(10)
        finally:
            self.child.kill()
            os.close(self.master)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_cursor_is_on_the_sentence_after_every_move_in_a_real_terminal(tmp_path, size):
    env = {**os.environ, "TERM": "xterm-256color", "XDG_CONFIG_HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path)}
    terminal = Terminal(*size, env)
    try:
        terminal.wait_for(lambda: "Article" in terminal.text() and terminal.sentence_start(), "the article")
        for key in ["2"] + ["j"] * 7 + ["3", "k", "G"]:
            before = terminal.position()
            terminal.press(key)
            terminal.wait_for(lambda: terminal.position() not in ("", before), f"the status line to follow {key!r}")
            terminal.wait_for(lambda: terminal.cursor() == terminal.sentence_start(),
                              f"the cursor on the sentence after {key!r} (cursor {terminal.cursor()}, "
                              f"sentence {terminal.sentence_start()})")
    finally:
        terminal.close()

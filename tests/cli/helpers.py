"""Running the real command line in child processes, reading their lines with a bound on waiting."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path


def default_ctrl_c() -> None:
    """In the child before it starts: Ctrl+C as a terminal gives it. A harness that starts the
    tests in the background (`cmd &` in a script) hands down SIGINT ignored, and Python then
    installs no KeyboardInterrupt at all."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def environment(home: Path, **extra: str) -> dict[str, str]:
    """A child's environment with its own config and state folders (nothing of the user's)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("XDG_")}
    env.update(
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        **extra,
    )
    return env


def state_file(home: Path) -> Path:
    return home / "state" / "assistant" / "state.json"


def saved_state(home: Path, key: str) -> dict:
    return json.loads(state_file(home).read_text())["articles"][key]


def spawn(home: Path, *python_args: str) -> subprocess.Popen:
    """This Python with `python_args`, its standard streams piped (text), in `home`'s environment."""
    return subprocess.Popen(
        [sys.executable, *python_args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(home),
        preexec_fn=default_ctrl_c,
    )


class PlainChild:
    """`assistant --plain` in a child process: type lines, wait for printed lines."""

    def __init__(self, home: Path, *args: str) -> None:
        self.process = spawn(home, "-m", "assistant", "--plain", *args)
        self.lines: list[str] = []
        self._printed: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self._printed.put(line.rstrip("\n"))
        self._printed.put(None)

    def type(self, line: str) -> None:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def wait_for(self, condition, timeout: float = 60.0) -> str:
        """The first new printed line for which `condition` holds; fails after `timeout` seconds."""
        while True:
            try:
                line = self._printed.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"waited {timeout} s; printed so far: {self.lines[-10:]}") from None
            if line is None:
                raise AssertionError(f"the child ended: {self.lines[-10:]} {self.process.stderr.read()}")
            self.lines.append(line)
            if condition(line):
                return line

    def finish(self, timeout: float = 60.0) -> int:
        try:
            self.process.stdin.close()
        except BrokenPipeError:
            pass
        try:
            return self.process.wait(timeout)
        finally:
            self.process.kill()

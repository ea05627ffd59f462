"""Start-up: process start to the article on screen (headless Textual run), and peak RSS.

Runs the real app 10 times in fresh processes and prints the median and spread.
Usage: python benchmarks/startup.py [runs]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

CHILD = r"""
import os, sys, time
from assistant.cli.main import DEFAULT_ARTICLE
from assistant.article import load_article
from assistant.tui.app import ReaderApp

class Timed(ReaderApp):
    # Textual runs every on_mount along the class hierarchy, so ReaderApp.on_mount runs too.
    def on_mount(self):
        self.call_after_refresh(self._on_screen)

    def _on_screen(self):
        if self.query_one("#article").current_paragraph_view() is None:
            self.call_after_refresh(self._on_screen)
            return
        os.write(1, f"ON_SCREEN {time.time()} {rss_mb('VmHWM')}\n".encode())
        if FULL:
            self.set_interval(0.2, self._when_loaded)
        else:
            self.exit()

    def _when_loaded(self):
        if self.questions.answerer is not None and self.voice.ready:
            os.write(1, f"LOADED {rss_mb('VmRSS')}\n".encode())
            self.exit()


def rss_mb(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    return 0.0


FULL = sys.argv[1:] == ["full"]


from assistant.speech.audio_in import WavFileSource
from assistant.tui.listening import VoiceInput
from assistant.speech.player import RecordingSink
voice = VoiceInput(lambda: WavFileSource("/dev/null")) if FULL else None
Timed(load_article(DEFAULT_ARTICLE), sink=RecordingSink(speed=1), voice_input=voice).run(headless=True, size=(100, 32))
"""


def one_run(full: bool = False) -> tuple[float, float, float]:
    """(seconds to the article on screen, peak RSS by then, RSS once everything has loaded)."""
    started = time.time()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD] + (["full"] if full else []),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    on_screen = peak = loaded = None
    for line in child.stdout:
        if line.startswith("ON_SCREEN"):
            on_screen, peak = float(line.split()[1]), float(line.split()[2])
        if line.startswith("LOADED"):
            loaded = float(line.split()[1])
    _, status, usage = os.wait4(child.pid, 0)
    if on_screen is None or status != 0:
        raise SystemExit(f"the app did not start (exit status {status})")
    return on_screen - started, peak, loaded or 0.0


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    one_run()  # warm the file cache
    results = [one_run() for _ in range(runs)]
    times = [t for t, _, _ in results]
    rss = [r for _, r, _ in results]
    print(
        f"start-up to article on screen over {runs} runs: median {statistics.median(times):.3f} s, "
        f"min {min(times):.3f} s, max {max(times):.3f} s, stdev {statistics.pstdev(times):.3f} s"
    )
    print(f"peak RSS until the article is on screen: median {statistics.median(rss):.1f} MB, max {max(rss):.1f} MB")
    print("targets: median <= 0.6 s, RSS <= 120 MB")
    _, _, loaded = one_run(full=True)
    print(f"whole app once the Vosk model and the sentence model have loaded: RSS {loaded:.1f} MB (target <= 450 MB)")


if __name__ == "__main__":
    main()

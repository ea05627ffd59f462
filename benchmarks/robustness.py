"""Adversarial inputs: what was tried, how long each took and the peak memory, idle and under load.

Every case runs in a fresh process (so peak memory is its own: ru_maxrss from wait4), once on a
quiet machine and once while two busy processes keep both cores loaded. Articles are 32 KB, and
their time per KB is shown as a ratio against the built-in article repeated to the same size (the
reference run, side by side). Before issue 15, 10 KB of dots took 7 s, 13,000 paragraphs took
over 300 s for `]`, a FIFO hung and /dev/zero read until memory ran out.
Usage: python benchmarks/robustness.py [case ...]
"""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SIZE = 32 * 1024
WORK = Path(tempfile.gettempdir()) / "assistant-robustness"


def _sized(unit: str) -> str:
    return unit * (SIZE // len(unit) + 1)


def _normal() -> str:
    from assistant.content_files import default_article_path

    return _sized(default_article_path().read_text(encoding="utf-8") + "\n\n")


ARTICLES = {
    "normal article (reference)": _normal,
    "runs of dots": lambda: _sized("."),
    "'**a ' repeated (unclosed bold)": lambda: _sized("**a "),
    "'*a ' and '_a ' (unclosed emphasis)": lambda: _sized("*a _a "),
    "'[a' repeated (unclosed links)": lambda: _sized("[a"),
    "'[x](' + nested parens": lambda: _sized("[x]((a)(a)"),
    "'<!--' repeated (unclosed comments)": lambda: _sized("<!--"),
    "'<a' repeated (unclosed tags)": lambda: _sized("<a"),
    "'# ' + 32 K hashes + 'x'": lambda: "# " + "#" * SIZE + "x",
    "short paragraphs": lambda: _sized("Short paragraph.\n\n"),
    "headings with one sentence each": lambda: _sized("## H\n\nx.\n\n"),
    "'a. ' sentences in one paragraph": lambda: _sized("a. "),
    "escape codes and bidi overrides": lambda: _sized("\x1b[2J\x1b]0;t\x07\u202eword. "),
}


def case_parse(name: str) -> str:
    from assistant.article import ArticleError, parse_article

    text = ARTICLES[name]()
    seconds = float("inf")
    for _ in range(3):  # the fastest of three: other work on the machine only ever adds time
        started = time.perf_counter()
        try:
            parse_article(text)
        except ArticleError:
            pass
        seconds = min(seconds, time.perf_counter() - started)
    return f"{seconds:.4f} {len(text.encode()) / 1024:.0f} KB parsed (fastest of 3)"


def case_moves(_: str) -> str:
    """Every `]` then every `[` through 13,000 paragraphs, then `r` (the whole plan) once."""
    from assistant.article import parse_article
    from assistant.reader import ReadingCursor
    from assistant.reading import ReadingMode, plan_reading

    article = parse_article("# Many\n\n" + "Short paragraph.\n\n" * 13000)
    cursor = ReadingCursor(article)
    started = time.perf_counter()
    while cursor.next_paragraph() is not None:
        cursor.where_am_i()
    while cursor.previous_paragraph() is not None:
        pass
    plan_reading(article, cursor.sentence, ReadingMode.ARTICLE)
    count = len(article.sentences)
    return f"{time.perf_counter() - started:.4f} {2 * count} moves and a plan of {count}"


def _refusal(action) -> str:
    started = time.perf_counter()
    try:
        action()
    except Exception as error:  # noqa: BLE001  (the refusal is what is measured)
        return f"{time.perf_counter() - started:.4f} refused: {error}"
    return f"{time.perf_counter() - started:.4f} accepted"


def _fifo() -> Path:
    path = WORK / "pipe"
    if not path.exists():
        os.mkfifo(path)
    return path


def case_files(name: str) -> str:
    from assistant.article import load_article
    from assistant.cli.eval_questions import read_cases
    from assistant.settings import SettingsStore
    from assistant.speech.audio_in import WavFileSource

    if name == "FIFO as the article":
        return _refusal(lambda: load_article(_fifo()))
    if name == "/dev/zero as the article":
        return _refusal(lambda: load_article("/dev/zero"))
    if name == "FIFO as the question set":
        return _refusal(lambda: read_cases(_fifo()))
    if name == "FIFO as --audio-in":
        return _refusal(lambda: WavFileSource(_fifo()).open())
    state = WORK / "state" / "state.json"
    state.parent.mkdir(parents=True, exist_ok=True)
    damaged = [{"sentence_id": "s1", "created": "yesterday"}] * 10_000
    state.write_text("[" * 100_000 + "]" * 100_000 if name == "state.json: 100,000 nested brackets" else
                     json.dumps({"articles": {"k": {"bookmarks": damaged}}}))
    store = SettingsStore(WORK / "config", state.parent)
    started = time.perf_counter()
    store.load_state("k")
    return f"{time.perf_counter() - started:.4f} {len(store.warnings)} warnings: {store.warnings[-1][:70]}"


def _long_wav(minutes: int) -> Path:
    path = WORK / f"silence-{minutes}min-48k-stereo.wav"
    if not path.exists():
        with wave.open(str(path), "wb") as wav:
            wav.setnchannels(2)
            wav.setsampwidth(2)
            wav.setframerate(48000)
            second = bytes(48000 * 4)
            for _ in range(60 * minutes):
                wav.writeframes(second)
    return path


def case_audio(name: str) -> str:
    from assistant.speech.audio_in import WavFileSource

    if name == "10 min 48 kHz stereo WAV, streamed":
        source = WavFileSource(_long_wav(10))
        started = time.perf_counter()
        source.open()
        while source.read() is not None:
            pass
        return f"{time.perf_counter() - started:.4f} 600 s of audio read"
    import io

    from assistant.cli.voice import run_voice_test

    path = _long_wav(2)
    err = io.StringIO()
    started = time.perf_counter()
    run_voice_test(str(path), None, out=io.StringIO(), err=err)
    loading = float(err.getvalue().split(" loaded in ")[1].split(" s")[0])
    decoding = time.perf_counter() - started - loading
    return f"{decoding:.4f} real-time factor {decoding / 120:.2f} (model load {loading:.1f} s not counted)"


def case_tui(_: str) -> str:
    """The full-screen view on 13,000 paragraphs: on screen, ten `]`, then `r` (real-time sink)."""
    import asyncio

    from assistant.article import parse_article
    from assistant.speech.player import RecordingSink
    from assistant.tui.app import ReaderApp

    async def run() -> str:
        article = parse_article("# Many\n\n" + "Short paragraph.\n\n" * 13000)
        app = ReaderApp(article, sink=RecordingSink(speed=1), answers=False)
        started = time.perf_counter()
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            shown = time.perf_counter() - started
            moving = time.perf_counter()
            for _ in range(10):
                await pilot.press("right")
            await pilot.pause()
            moves = (time.perf_counter() - moving) / 10
            reading = time.perf_counter()
            await pilot.press("r")
            await pilot.pause()
            read = time.perf_counter() - reading
        total = time.perf_counter() - started
        return f"{total:.4f} on screen {shown:.2f} s, one ] {moves:.3f} s, r {read:.2f} s"

    return asyncio.run(run())


CASES = {**{f"parse: {name}": case_parse for name in ARTICLES},
         "moves: ] and [ through 13,000 paragraphs, then r": case_moves,
         **{name: case_files for name in ("FIFO as the article", "/dev/zero as the article", "FIFO as the question set",
                                          "FIFO as --audio-in", "state.json: 100,000 nested brackets",
                                          "state.json: 10,000 bookmarks with a wrong date")},
         "TUI: 13,000 paragraphs shown, ten ], then r": case_tui,
         "10 min 48 kHz stereo WAV, streamed": case_audio,
         "voice-test on 2 min of 48 kHz stereo silence": case_audio}


def run_child(name: str) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, note) of one case in a fresh process."""
    child = subprocess.Popen([sys.executable, __file__, "--child", name], stdout=subprocess.PIPE, text=True)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds, _, note = output.strip().partition(" ")
    return float(seconds or "nan"), usage.ru_maxrss / 1024, note


def _spin() -> None:
    while True:
        pass


def measure(names: list[str]) -> dict[str, tuple[float, float, str]]:
    return {name: run_child(name) for name in names}


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        name = argv[1]
        print(CASES[name](name.removeprefix("parse: ")), flush=True)
        return
    WORK.mkdir(exist_ok=True)
    names = [name for name in CASES if not argv or any(word in name for word in argv)]
    idle = measure(names)
    spinners = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(2)]
    for spinner in spinners:
        spinner.start()
    try:
        loaded = measure(names)
    finally:
        for spinner in spinners:
            spinner.terminate()
    reference = idle.get("parse: normal article (reference)", (float("nan"),))[0] / (SIZE / 1024)
    print(f"{'adversarial input':52} {'idle s':>9} {'load s':>9} {'load/idle':>9} {'peak MB':>8} "
          f"{'per KB vs normal':>16}  outcome")
    for name in names:
        (seconds, peak, note), (busy, _, _) = idle[name], loaded[name]
        per_kb = f"{seconds / (SIZE / 1024) / reference:.1f}x" if name.startswith("parse: ") else ""
        print(f"{name[:52]:52} {seconds:9.4f} {busy:9.4f} {busy / seconds if seconds else 0:9.1f} {peak:8.0f} "
              f"{per_kb:>16}  {note[:90]}")


if __name__ == "__main__":
    main(sys.argv[1:])

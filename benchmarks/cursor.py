"""Print what keeping the terminal cursor on the sentence costs: milliseconds from a key press (or a
spoken word's highlight) until the cursor is on the new place, at 120x40 and 60x20, idle and with
both cores kept busy. The cursor is found by reading the rendered lines back (article_view.py), so
this is the figure to watch if paragraphs grow long.

Run: .venv/bin/python benchmarks/cursor.py   (a benchmark, never a test)
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.answers import Busy  # noqa: E402
from tests.tui.helpers import cursor, make_app, reading_cell  # noqa: E402

KEYS = ["2"] + ["j"] * 7 + ["3"] + ["j"] * 7 + ["k"] * 5 + ["g", "G"]


async def key_to_cursor(size: tuple[int, int], word_level: bool) -> list[float]:
    """Milliseconds from each key press until the cursor sits on the highlighted sentence (or word)."""
    app, _ = make_app(speech=False)
    timings = []
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        if word_level:
            await pilot.press("2", "l")
        for key in (["f"] * 20 if word_level else KEYS):
            before = app.cursor.sentence.id, app.cursor.word_index
            started = time.perf_counter()
            await pilot.press(key)
            while (app.cursor.sentence.id, app.cursor.word_index) == before or reading_cell(app) != cursor(app):
                await pilot.pause(0.001)
                if time.perf_counter() - started > 5:
                    raise SystemExit(f"the cursor did not follow {key!r} at {size}")
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def figures() -> dict[str, tuple[float, float]]:
    rows = {}
    for size in [(120, 40), (60, 20)]:
        for word_level in (False, True):
            timings = asyncio.run(key_to_cursor(size, word_level))
            name = f"{size[0]}x{size[1]} {'word' if word_level else 'sentence'} moves"
            rows[name] = (statistics.median(timings), max(timings))
    return rows


def main() -> None:
    idle = figures()
    with Busy():
        busy = figures()
    print(f"{'':28} {'idle median':>12} {'idle max':>9} {'busy median':>12} {'busy max':>9} {'ratio':>6}")
    for name, (median, worst) in idle.items():
        busy_median, busy_worst = busy[name]
        print(f"{name:28} {median:10.1f}ms {worst:7.1f}ms {busy_median:10.1f}ms {busy_worst:7.1f}ms "
              f"{busy_median / median:5.1f}x")


if __name__ == "__main__":
    main()

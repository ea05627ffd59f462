"""Shared helpers for Pilot tests: build the app with the recording sink; wait on conditions."""

from __future__ import annotations

import time

from assistant.article import load_article
from assistant.speech.player import RecordingSink
from assistant.tui.app import ReaderApp
from tests.conftest import ARTICLE_PATH

SIZE = (100, 32)


def make_app(speed: float = 0, article=None, answers: bool = False, **kwargs) -> tuple[ReaderApp, RecordingSink]:
    sink = RecordingSink(speed=speed)
    app = ReaderApp(article or load_article(ARTICLE_PATH), sink=sink, answers=answers, **kwargs)
    return app, sink


async def wait_until(pilot, condition, timeout: float = 20.0, what: str = "condition") -> None:
    """Poll `condition` while letting the app run; fail after `timeout` seconds (never a fixed sleep)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.01)


def status(app: ReaderApp) -> str:
    return app.query_one("#status").plain


def styled_cells(app: ReaderApp):
    """Every drawn cell of the composited screen as (x, y, character, style), as the terminal gets it."""
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        x = 0
        for segment in strip:
            for character in segment.text:
                yield x, y, character, segment.style
                x += 1


def reading_cell(app: ReaderApp) -> tuple[int, int] | None:
    """Where the terminal cursor must be while the article has focus, read off the screen itself:
    in the paragraph being read, the spoken word (bold, underlined, not reversed) if one is
    highlighted, else the first cell of the sentence in reverse video."""
    view = app.query_one("#article").current_paragraph_view()
    if view is None:
        return None
    first_reverse = None
    for x, y, _, style in styled_cells(app):
        if style is None or not view.region.contains(x, y):
            continue
        if style.bold and style.underline and not style.reverse:
            return x, y
        if style.reverse and first_reverse is None:
            first_reverse = (x, y)
    return first_reverse


def cursor(app: ReaderApp) -> tuple[int, int]:
    return tuple(app.cursor_position)

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

"""Every text actually drawn, in every theme and every view, is at 7:1 or better (WCAG AAA).

The colours are read from the composited screen (what the terminal is sent), not from the theme
definitions, so a dimmed border, a placeholder or a hover colour cannot slip through.
"""

from __future__ import annotations

import pytest
from rich.color import Color

from assistant.tui.themes import PALETTES, contrast_ratio
from tests.tui.helpers import make_app, wait_until

MINIMUM = 7.0


def _hex(colour: Color | None, default: str) -> str:
    if colour is None or colour.is_default:
        return default
    red, green, blue = colour.get_truecolor()
    return f"#{red:02x}{green:02x}{blue:02x}"


def low_contrast(app, palette) -> dict[tuple[str, str], str]:
    """(foreground, background) pairs under 7:1 on screen now, each with a sample of its text."""
    found: dict[tuple[str, str], str] = {}
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            if not segment.text.strip() or segment.style is None:
                continue
            style = segment.style
            fore, back = _hex(style.color, palette.foreground), _hex(style.bgcolor, palette.background)
            if style.reverse:
                fore, back = back, fore
            if contrast_ratio(fore, back) < MINIMUM:
                found.setdefault((fore, back), segment.text.strip()[:40])
    return found


VIEWS = {
    "opening screen": [],
    "sentence highlighted": ["2", "j"],
    "contents list": ["c", "down"],
    "question box": ["slash"],
    "help": ["f1"],
    "bookmarks": ["b", "B"],
    "transcript": ["H", "j"],
    "about": ["i"],
    "voice list": ["V", "down"],
    "word highlighted": ["2", "l", "f", "f"],
}


@pytest.mark.parametrize("palette", PALETTES, ids=lambda p: p.name)
async def test_every_drawn_text_is_at_least_seven_to_one(palette):
    app, _ = make_app(theme=palette.name)
    problems = {}
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_until(pilot, lambda: app.voices, timeout=20, what="the voices")
        for view, keys in VIEWS.items():
            for key in keys:
                await pilot.press(key)
            await pilot.pause()
            found = low_contrast(app, palette)
            if found:
                problems[view] = found
            while len(app.screen_stack) > 1:
                await pilot.press("escape")
            await pilot.press("escape")
            app.query_one("#article").focus()
            await pilot.pause()
    assert not problems, problems

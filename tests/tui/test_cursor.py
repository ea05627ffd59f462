"""The terminal cursor is exactly on what is being read or has focus, in every view, at a roomy
and a large-print size: screen readers and magnifiers follow the cursor, not colours.

The expected cell is read off the composited screen (the reverse-video sentence, the spoken word,
the highlighted list entry), never computed the way the app computes it."""

from __future__ import annotations

import pytest

from tests.tui.helpers import cursor, make_app, reading_cell, styled_cells, wait_until

SIZES = [(120, 40), (60, 20)]


async def settled(pilot, app) -> None:
    """Wait until the cursor has caught up with the screen (bounded)."""
    await wait_until(pilot, lambda: reading_cell(app) is not None and cursor(app) == reading_cell(app),
                     timeout=5, what=f"the cursor on the sentence (cursor {cursor(app)}, sentence {reading_cell(app)})")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_moving_keeps_the_cursor_on_the_sentence_even_when_scrolled(size):
    app, _ = make_app(speech=False)
    async with app.run_test(size=size) as pilot:
        await settled(pilot, app)
        for keys in (["2"], ["j"] * 7, ["3"], ["j"] * 7, ["k"] * 3, ["G"], ["g"], ["right"] * 3):
            for key in keys:
                await pilot.press(key)
                await settled(pilot, app)
            assert reading_cell(app)[1] < size[1] - 5, "the sentence is above the status line"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_while_reading_the_cursor_is_on_the_sentence_or_word_being_read(size):
    """Every sentence start and every word event moves the cursor there, not one sentence late."""
    app, sink = make_app(speed=8)
    async with app.run_test(size=size) as pilot:
        await pilot.press("2", "r")
        checked = set()
        while app.activity == "Reading" or not checked:
            await pilot.pause(0.01)
            here = reading_cell(app)
            if here is not None and cursor(app) == here:
                checked.add(app.cursor.sentence.id)
            if len(checked) >= 4:
                break
            assert len(app.highlight_log) < 12, f"the cursor never caught up: {cursor(app)} vs {here}"
        await settled(pilot, app)
        assert len(checked) >= 4
        await pilot.press("x")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_word_level_moves_put_the_cursor_on_the_word(size):
    app, _ = make_app(speech=False)
    async with app.run_test(size=size) as pilot:
        await pilot.press("2", "l")
        for _ in range(12):
            await pilot.press("f")
            await settled(pilot, app)
        x, y = cursor(app)
        row = "".join(ch for cx, cy, ch, _ in styled_cells(app) if cy == y)
        assert row[x:].startswith(app.cursor.word.text)


def highlighted_entry(app) -> tuple[int, int]:
    """The first cell of the highlighted entry of the focused list, as drawn (reversed colours)."""
    options = app.focused
    region = options.content_region
    background = None
    for x, y, _, style in styled_cells(app):
        if region.contains(x, y) and style is not None and style.bgcolor is not None:
            colour = style.bgcolor.get_truecolor()
            if background is None:
                background = colour
            elif colour != background:
                return x, y
    raise AssertionError("no highlighted entry on screen")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_contents_list_puts_the_cursor_on_the_highlighted_section_and_escape_leaves(size):
    app, _ = make_app(speech=False)
    async with app.run_test(size=size) as pilot:
        await pilot.press("c")
        await pilot.pause()
        for key in ("down", "down", "up"):
            await pilot.press(key)
            await wait_until(pilot, lambda: cursor(app) == highlighted_entry(app), timeout=5,
                             what="the cursor on the highlighted section")
        await pilot.press("escape")
        await settled(pilot, app)
        assert app.focused.id == "article"
        assert app.query_one("#contents").display == (size[0] >= 100)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_question_box_has_the_cursor_where_the_typing_goes(size):
    app, _ = make_app(speech=False)
    async with app.run_test(size=size) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        box = app.query_one("#question")
        await pilot.press("h", "i")
        await wait_until(pilot, lambda: cursor(app) == tuple(box.cursor_screen_offset), timeout=5,
                         what="the cursor in the question box")
        assert box.content_region.contains(*cursor(app))
        await pilot.press("escape")
        await settled(pilot, app)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_bookmark_list_puts_the_cursor_on_the_highlighted_bookmark(size):
    app, _ = make_app(speech=False)
    async with app.run_test(size=size) as pilot:
        await pilot.press("b", "3", "b", "B")
        await wait_until(pilot, lambda: app.screen is not app.screen_stack[0], timeout=5, what="the list")
        await pilot.press("down")
        await wait_until(pilot, lambda: cursor(app) == highlighted_entry(app), timeout=5,
                         what="the cursor on the highlighted bookmark")
        await pilot.press("escape")
        await settled(pilot, app)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_voice_list_puts_the_cursor_on_the_highlighted_voice(size):
    app, _ = make_app(speed=0)
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: app.voices, timeout=20, what="the voices")
        await pilot.press("V")
        await wait_until(pilot, lambda: app.screen is not app.screen_stack[0], timeout=5, what="the list")
        await pilot.press("down", "down")
        await wait_until(pilot, lambda: cursor(app) == highlighted_entry(app), timeout=5,
                         what="the cursor on the highlighted voice")
        await pilot.press("escape")
        await settled(pilot, app)


async def test_the_cursor_counts_a_list_items_marker():
    from pathlib import Path

    from assistant.article import load_article

    article = load_article(Path(__file__).resolve().parents[1] / "data" / "articles" / "bladder-cancer-diagnosis.md")
    app, _ = make_app(speech=False, article=article)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("down", "down")
        await settled(pilot, app)
        x, y = cursor(app)
        row = "".join(ch for cx, cy, ch, _ in styled_cells(app) if cy == y)
        assert row[x:].startswith("ask about your personal")

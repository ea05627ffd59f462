"""Pilot tests: every move by key, the status line, contents, help, and odd content."""

import pytest

from assistant.article import parse_article
from assistant.tui.screens.help_screen import HelpScreen
from tests.tui.helpers import SIZE, make_app, status, wait_until


@pytest.mark.parametrize(
    ("keys", "position"),
    [
        ([], "Section 1 of 3, Introduction, sentence 1 of 2"),
        (["n"], "Section 2 of 3, What are Breast Calcifications?, sentence 1 of 8"),
        (["pagedown", "pagedown"], "Section 3 of 3, Mammography and Breast Calcifications, sentence 1 of 8"),
        (["n", "p"], "Section 1 of 3, Introduction, sentence 1 of 2"),
        (["down"], "Section 1 of 3, Introduction, sentence 2 of 2"),
        (["j", "j", "k"], "Section 1 of 3, Introduction, sentence 2 of 2"),
        (["right", "right"], "Section 2 of 3, What are Breast Calcifications?, sentence 6 of 8"),
        (["G"], "Section 3 of 3, Mammography and Breast Calcifications, sentence 8 of 8"),
        (["end", "home"], "Section 1 of 3, Introduction, sentence 1 of 2"),
        (["3"], "Section 3 of 3, Mammography and Breast Calcifications, sentence 1 of 8"),
        (["2", "left"], "Section 1 of 3, Introduction, sentence 1 of 2"),
    ],
)
async def test_keys_move_and_the_status_line_says_where(keys, position):
    app, _ = make_app(speech=False)
    async with app.run_test(size=SIZE) as pilot:
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        assert app.cursor.where_am_i() == position
        assert status(app).splitlines()[0] == f"Stopped · {app.cursor.brief_position()}"


async def test_the_current_sentence_is_highlighted_in_reverse_video_with_a_marker():
    app, _ = make_app(speech=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "down")
        await pilot.pause()
        view = app.query_one("#article").current_paragraph_view()
        text = view.text
        assert str(text).startswith("▶ ")
        highlighted = [str(text)[span.start : span.end] for span in text.spans if "reverse" in str(span.style)]
        assert highlighted == ["They can spread anywhere in the breast tissue."]


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (["p"], "This is the first section."),
        (["up"], "This is the first sentence of the article."),
        (["G", "n"], "This is the last section."),
        (["G", "down"], "This is the last sentence of the article."),
        (["9"], "There is no section 9; this article has 3."),
    ],
)
async def test_edges_are_said_not_silent(keys, message):
    app, _ = make_app(speech=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        assert status(app).splitlines()[-1] == message


async def test_where_am_i_is_announced():
    app, _ = make_app(speech=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "w")
        await pilot.pause()
        assert status(app).splitlines()[-1] == (
            "Section 2 of 3, What are Breast Calcifications?, sentence 1 of 8. "
            "About 35 seconds left in this section, about 2 minutes in the article. "
            "About 15 seconds of the article read so far. Stopped."
        )


async def test_contents_list_takes_focus_and_enter_goes_to_the_section():
    app, _ = make_app(speech=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert app.focused.id == "contents"
        assert "Contents: Up and Down choose, Enter goes there, Escape goes back." in status(app)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.cursor.section.index == 2
        assert app.focused.id == "article"


@pytest.mark.parametrize("key", ["f1", "question_mark"])
async def test_help_lists_every_key_and_closes(key):
    from assistant.commands import COMMANDS

    app, _ = make_app(speech=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listing = str(app.screen.query_one("#help-list").render())
        for command in COMMANDS:
            assert command.help in listing and command.keys_text in listing
        assert not any(0x2500 <= ord(ch) <= 0x257F or ch == "|" for ch in listing), "a list, not a table"
        assert "Help. Every key is listed." in status(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_markup_in_content_is_shown_literally():
    article = parse_article("# Odd\n\nPress [bold red]this[/] and [link=http://x]that[/link].")
    app, _ = make_app(speech=False, article=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.query_one("#article").current_paragraph_view()
        assert "[bold red]this[/]" in view.text.plain


async def test_quit():
    app, _ = make_app(speech=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await wait_until(pilot, lambda: app._exit_renderables is not None or not app.is_running, what="exit")

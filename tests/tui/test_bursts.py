"""Keys in bursts, as a fast typist, a braille keyboard or a stuck key sends them: every key of a
burst is queued before the first is handled, so a dialog may get Enter after it has closed and the
question box may not have focus yet. Pilot's press() waits between keys; these tests do not."""

import random

from textual import events
from textual.keys import _character_to_key

from assistant.settings import Settings, SettingsStore
from assistant.tui.screens.bookmarks import BookmarkList, BookmarkName
from assistant.tui.screens.voice_picker import VoicePicker
from assistant.tui.widgets.question_box import QuestionBox
from tests.tui.helpers import SIZE, make_app, status, wait_until

CHARACTERS = {"enter": "\r", "escape": "\x1b", "tab": "\t", "space": " "}


def burst(app, *keys: str) -> None:
    """Queue keys the way the terminal driver does, all before the app handles the first
    ("/" arrives as the key "slash" with the character "/")."""
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key(_character_to_key(key), key))
        else:
            app.post_message(events.Key(key, CHARACTERS.get(key)))


def memory(tmp_path):
    return dict(store=SettingsStore(tmp_path / "config", tmp_path / "state"), settings=Settings(seen_disclaimer=True))


async def test_enter_twice_closes_the_bookmark_dialogs_once(tmp_path):
    app, _ = make_app(speech=False, **memory(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(app, "3", "b", "B", "enter", "enter")
        await wait_until(pilot, lambda: "At Bookmark 1:" in status(app), what="going to the bookmark")
        burst(app, "B", "n")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarkName), what="the name dialog")
        burst(app, "a", "s", "k", "enter", "enter", "enter")
        await wait_until(pilot, lambda: "Bookmark named ask." in status(app), what="naming the bookmark")
        await pilot.pause()
        assert len(app.screen_stack) == 1 and app.is_running
    # run_test re-raises what the app raised: ScreenStackError, before each dialog closed only once


async def test_enter_twice_closes_the_voice_picker_once(tmp_path):
    app, _ = make_app(**memory(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: bool(app.voices), what="the voices")
        burst(app, "V", "down", "enter", "enter", "V", "enter", "enter", "enter")
        await wait_until(pilot, lambda: len(app.screen_stack) == 1 and "Voice" in status(app), what="a voice chosen")
        await pilot.pause()
        assert not isinstance(app.screen, VoicePicker) and app.is_running


async def test_keys_typed_right_after_slash_go_to_the_question_box(tmp_path):
    app, _ = make_app(speech=False, **memory(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(app, "/", "q", "u", "i", "c", "k")
        box = app.query_one(QuestionBox)
        await wait_until(pilot, lambda: box.value == "quick", what="the typed question")
        assert app.is_running and app.focused is box
        assert app.cursor.sentence.id == "s1.1.1", "no key was taken as a command"


async def test_mashing_keys_with_enter_and_dialogs_never_ends_the_app(tmp_path):
    """Random bursts over the keys that open, answer and close dialogs (no quit, no other article)."""
    keys = ["b", "B", "V", "enter", "enter", "escape", "n", "d", "down", "up", "/", "x", "a", "1", "?", "f1", "w"]
    chooser = random.Random(15)
    app, _ = make_app(speed=4, **memory(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: bool(app.voices), what="the voices")
        for _ in range(40):
            burst(app, *(chooser.choice(keys) for _ in range(8)))
            await pilot.pause()
        for _ in range(4):
            burst(app, "escape")
            await pilot.pause()
        assert app.screen is app.screen_stack[0] and app.is_running
        app.set_focus(None)
        burst(app, "x", "2", "w")
        answer = "Section 2 of 3, What are Breast Calcifications?, sentence 1 of 8."
        await wait_until(pilot, lambda: answer in status(app), what="the app to answer where am I")
        assert not isinstance(app.screen, BookmarkList)

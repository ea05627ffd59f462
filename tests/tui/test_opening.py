"""Pilot tests: the article picker (recent articles, path box with completion) and the notice."""

import shutil

from assistant.article import load_article
from assistant.commands import match_phrase
from assistant.settings import Settings, SettingsStore
from assistant.tui.opening import OpenRequest
from assistant.tui.screens.article_picker import ArticlePicker
from tests.conftest import ARTICLE_PATH, ROOT, SOURCE_PATH
from tests.tui.helpers import SIZE, make_app, status, wait_until

PAGE = ROOT / "tests" / "data" / "pages" / "usagov-beach-safety.html"


def stores(tmp_path):
    return SettingsStore(tmp_path / "config", tmp_path / "state")


def _app(tmp_path, path=ARTICLE_PATH, **kwargs):
    return make_app(speech=False, article=load_article(path), store=stores(tmp_path),
                    settings=Settings(seen_disclaimer=True), article_path=path, **kwargs)[0]


async def test_the_picker_lists_recent_articles_with_where_you_left_off_and_opens_one(tmp_path):
    page = tmp_path / "beach.html"
    shutil.copy(PAGE, page)
    first = _app(tmp_path, page)
    async with first.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "q")
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, ArticlePicker), what="the picker")
        assert ("Open an article. 1 recent articles. 1. Beach Safety, left off at Section 1 of 1, Beach Safety, "
                "sentence 3 of 20. File beach.html.") in status(app)
        assert app.screen.focused.id == "recent"  # the cursor is on the list
        await pilot.press("enter")
        await wait_until(pilot, lambda: not app.is_running, what="the app to hand over")
    assert isinstance(app.return_value, OpenRequest)
    assert app.return_value.path == page and app.return_value.article.title == "Beach Safety"
    reopened = _app(tmp_path, page)
    async with reopened.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: reopened.cursor.sentence.id == "s1.2.1", what="resuming in the page")
        assert ("This page has no headings, so it is read as one section. Resuming at section 1, Beach Safety, "
                "sentence 3.") in status(reopened)


async def test_down_moves_the_sentence_in_a_section_longer_than_the_screen(tmp_path):
    app = _app(tmp_path, PAGE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "This page has no headings, so it is read as one section." in status(app)
        for _ in range(15):
            await pilot.press("down")
        assert app.cursor.sentence.id == "s1.14.1"  # not a scroll of the view: the cursor moved


async def test_the_path_box_completes_with_tab_and_says_the_matches(tmp_path, monkeypatch):
    folder = tmp_path / "saved"
    folder.mkdir()
    shutil.copy(PAGE, folder / "beach-safety.html")
    shutil.copy(SOURCE_PATH, folder / "calcifications.txt")
    monkeypatch.chdir(tmp_path)
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, ArticlePicker), what="the picker")
        assert app.screen.focused.id == "path"  # nothing recent but this article: straight to the box
        assert "No other articles have been opened yet. Type a file path; Tab completes it." in status(app)
        await pilot.press("s", "a", "tab")
        await wait_until(pilot, lambda: app.screen.focused.value == "saved/", what="folder completion")
        assert "Completed: saved/" in status(app)
        await pilot.press("tab")
        await wait_until(pilot, lambda: "2 matches: beach-safety.html, calcifications.txt." in status(app),
                         what="the matches")
        await pilot.press("c", "tab")
        await wait_until(pilot, lambda: app.screen.focused.value == "saved/calcifications.txt", what="file completion")
        await pilot.press("enter")
        await wait_until(pilot, lambda: not app.is_running, what="the app to hand over")
    request = app.return_value
    assert request.article.title == "Should I Get Second Opinion for Breast Calcifications?"
    assert [s.title for s in request.article.sections][1] == "What are Breast Calcifications?"


async def test_a_file_that_cannot_open_costs_one_sentence_and_nothing_else(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "menu.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "o")
        await wait_until(pilot, lambda: isinstance(app.screen, ArticlePicker), what="the picker")
        for key in "menu.html":
            await pilot.press(key)
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, ArticlePicker), what="the picker to close")
        assert status(app).endswith("menu.html is a web page with no article text in it. You are still reading "
                                    "Should I Get Second Opinion for Breast Calcifications?.")
        assert app.is_running and app.cursor.sentence.id == "s2.1.1"
        await pilot.press("o", "escape")
        await wait_until(pilot, lambda: "Still reading" in status(app), what="closing the picker")


async def test_open_article_is_one_command_for_keys_and_voice():
    match = match_phrase("open another article")
    assert match is not None and match.command.name == "open_article" and "o" in match.command.keys


async def test_the_terminal_cursor_follows_the_highlighted_recent_article(tmp_path):
    store = stores(tmp_path)
    for name in ("one.md", "two.md"):
        (tmp_path / name).write_text(f"# {name}\n\nSome text here.")
        store.remember_opened(tmp_path / name, name)
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, ArticlePicker), what="the picker")
        recent = app.screen.query_one("#recent")
        await wait_until(pilot, lambda: app.cursor_position.y == recent.content_region.y, what="cursor on the first")
        await pilot.press("down")
        await wait_until(pilot, lambda: app.cursor_position.y > recent.content_region.y, what="cursor on the second")
        assert "2. one.md. File one.md." in status(app)


async def test_the_notice_is_spoken_when_self_voicing(tmp_path):
    app, sink = make_app(speech=True, article=load_article(PAGE), store=stores(tmp_path),
                         settings=Settings(seen_disclaimer=True), article_path=PAGE)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "This page has no headings, so it is read as one section." in app.spoken_log,
                         what="the notice spoken")

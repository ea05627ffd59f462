"""Pilot tests: resume where the reader left off, bookmarks, themes, the first-start disclaimer."""

from assistant.settings import Settings, SettingsStore
from tests.tui.helpers import SIZE, make_app, status, wait_until


def stores(tmp_path):
    return SettingsStore(tmp_path / "config", tmp_path / "state")


async def test_reopening_the_article_resumes_and_says_so(tmp_path):
    app, _ = make_app(speech=False, store=stores(tmp_path), settings=Settings(seen_disclaimer=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "down", "down", "q")
    again, _ = make_app(speech=False, store=stores(tmp_path), settings=Settings(seen_disclaimer=True))
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.cursor.sentence.id == "s2.1.3"
        assert "Resuming at section 2, What are Breast Calcifications?, sentence 3." in status(again)


async def test_first_start_shows_the_disclaimer_once(tmp_path):
    app, _ = make_app(speech=False, store=stores(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "It is not medical advice" in app.query_one("#answer").plain
    assert stores(tmp_path).load_settings().seen_disclaimer


async def test_bookmarks_add_list_go_and_delete(tmp_path):
    app, _ = make_app(speech=False, store=stores(tmp_path), settings=Settings(seen_disclaimer=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "b")
        assert "Bookmark 1 added at Section 3 of 3" in status(app)
        await pilot.press("b")
        assert "There is already a bookmark here." in status(app)
        await pilot.press("1", "B")
        await pilot.pause()
        assert "1 bookmarks. 1. Bookmark 1: section 3" in status(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.cursor.sentence.id == "s3.1.1", what="going to the bookmark")
        assert "At Bookmark 1: Section 3 of 3" in status(app)
        await pilot.press("1", "ctrl+b")
        assert app.cursor.sentence.id == "s3.1.1"
        await pilot.press("B", "d")
        await wait_until(pilot, lambda: "Deleted Bookmark 1." in status(app), what="deleting")
        assert app.memory.state.bookmarks == []
    assert stores(tmp_path).load_state(app.memory.article_key).bookmarks == []


async def test_theme_key_cycles_and_is_remembered(tmp_path):
    app, _ = make_app(speech=False, store=stores(tmp_path), settings=Settings(seen_disclaimer=True))
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "high-contrast"
        await pilot.press("T")
        assert app.theme == "yellow-on-black"
        assert "Theme yellow on black." in status(app)
        await pilot.press("T")
        assert app.theme == "light-high-contrast"
    assert stores(tmp_path).load_settings().theme == "light-high-contrast"


async def test_a_damaged_state_file_is_said_in_one_line(tmp_path):
    store = stores(tmp_path)
    store.state_path.parent.mkdir(parents=True)
    store.state_path.write_text("{{{ broken")
    app, _ = make_app(speech=False, store=store, settings=Settings(seen_disclaimer=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Your reading state file was damaged; a copy was kept as state.json.damaged-" in status(app)
        await pilot.press("n")
        assert app.cursor.section.index == 1


async def test_a_bookmark_can_be_named(tmp_path):
    app, _ = make_app(speech=False, store=stores(tmp_path), settings=Settings(seen_disclaimer=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "b", "B")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#bookmark-name").value = "ask about \x1b[31mthis"
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Bookmark named ask about this." in status(app), what="the name")
    assert [m.name for m in stores(tmp_path).load_state(app.memory.article_key).bookmarks] == ["ask about this"]


async def test_two_apps_without_a_store_keep_their_own_bookmarks():
    first, _ = make_app(speech=False)
    async with first.run_test(size=SIZE) as pilot:
        await pilot.press("3", "b")
        assert "Bookmark 1 added" in status(first)
    second, _ = make_app(speech=False)
    async with second.run_test(size=SIZE) as pilot:
        await pilot.press("B")
        assert "There are no bookmarks yet." in status(second)
    assert [m.sentence_id for m in first.memory.state.bookmarks] == ["s3.1.1"]


async def test_the_status_line_follows_the_activity_enum():
    from assistant.tui.activity import Activity

    app, _ = make_app(speed=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await wait_until(pilot, lambda: app.activity is Activity.READING, what="reading")
        assert status(app).startswith("Reading to the end · ")
        await pilot.press("space")
        assert app.activity is Activity.PAUSED and status(app).startswith("Paused · ")
        await pilot.press("x")
        assert app.activity is Activity.STOPPED and status(app).startswith("Stopped · ")


async def test_first_start_says_how_to_begin_keeps_a_notice_and_the_about_box_gives_way(tmp_path):
    from assistant.settings import Settings, SettingsStore

    store = SettingsStore(tmp_path / "config", tmp_path / "state")
    store.warnings.append("Orca is running, so self-voicing is off (m turns it on; --plain gives line mode).")
    app, _ = make_app(speed=0, store=store, settings=Settings(self_voicing=False))
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_until(pilot, lambda: "Speech on" in status(app), what="speech to start")
        message = status(app).split("\n", 2)[2]
        assert message == ("Orca is running, so self-voicing is off (m turns it on; --plain gives line mode). "
                           "r reads aloud, / asks a question, F1 help.")
        assert "Speech on, self-voicing off" in status(app)
        assert app.query_one("#answer").display and "About this app" in app.query_one("#answer").plain
        await pilot.press("j")
        await pilot.pause()
        assert not app.query_one("#answer").display


async def test_a_failed_save_stays_in_the_status_line_until_a_save_succeeds(tmp_path):
    store = stores(tmp_path)
    store.state_path.mkdir(parents=True)  # state.json is a folder: nothing can be saved
    app, _ = make_app(speech=False, store=store, settings=Settings(seen_disclaimer=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        said = status(app)
        assert "Bookmark 1 added at Section 1 of 3" in said
        assert said.count("Bookmarks and position are not saved (the state file is a folder") == 2, (
            "said with the bookmark, and on its own line")
        await pilot.press("n", "down", "w")
        assert "Bookmarks and position are not saved" in status(app), "still said after other messages"
        store.state_path.rmdir()
        await pilot.press("b")
        assert "Bookmark 2 added" in status(app) and "not saved" not in status(app)
    saved = stores(tmp_path).load_state(app.memory.article_key).bookmarks
    assert [m.name for m in saved] == ["Bookmark 1", "Bookmark 2"], "the unsaved one was kept and saved later"

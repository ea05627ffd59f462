"""A section of thousands of short paragraphs: the view shows a window of them, so mounting, every
move and reading aloud stay quick (13,000 paragraphs took minutes to show and seconds per move)."""

from assistant.article import parse_article
from assistant.tui.widgets.article_view import WINDOW, ArticleView, ParagraphView
from assistant.tui.widgets.transcript import TranscriptPanel
from tests.tui.helpers import SIZE, make_app, status, wait_until

PARAGRAPHS = 2000


def many_paragraphs():
    return parse_article("# Many\n\n" + "".join(f"Short paragraph {n}.\n\n" for n in range(1, PARAGRAPHS + 1)))


async def test_a_long_section_shows_a_window_that_follows_the_cursor():
    app, _ = make_app(speech=False, article=many_paragraphs())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        assert len(view.query(ParagraphView)) == WINDOW
        assert "more paragraphs in this section: move down to show them" in str(view.query("Static").last().render())
        for _ in range(WINDOW + 5):
            await pilot.press("right")
        await wait_until(pilot, lambda: app.cursor.sentence.id == f"s1.{WINDOW + 6}.1", what="the moves")
        current = view.current_paragraph_view()
        assert current is not None and current.paragraph.id == f"p1.{WINDOW + 6}"
        assert "▶ Short paragraph 66." in current.text.plain
        await pilot.press("G")
        await wait_until(pilot, lambda: view.current_paragraph_view() is not None
                         and view.current_paragraph_view().paragraph.id == f"p1.{PARAGRAPHS}", what="the end")
        await pilot.press("left", "w")
        assert f"sentence {PARAGRAPHS - 1} of {PARAGRAPHS}" in status(app)
        assert len(view.query(ParagraphView)) <= WINDOW


async def test_reading_a_long_section_writes_a_short_transcript():
    app, _ = make_app(speed=1, article=many_paragraphs())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await wait_until(pilot, lambda: "Reading" in status(app), what="reading to start")
        assert len(app.spoken_log) == PARAGRAPHS
        entries = app.query_one(TranscriptPanel).entries
        assert len(entries) == 21
        assert entries[-1].endswith(f"Said: ... and {PARAGRAPHS - 20} more sentences of the article.")
        await pilot.press("x")
        await wait_until(pilot, lambda: "Stopped" in status(app), what="stopping")

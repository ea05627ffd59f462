"""Pilot tests of read-aloud by keys, with real espeak-ng and the recording sink."""

from tests.tui.helpers import SIZE, make_app, status, wait_until


async def test_read_to_the_end_moves_the_highlight_with_the_audio(article):
    app, sink = make_app(speed=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await wait_until(pilot, lambda: "End of the article." in status(app), what="the end of the article")
        assert app.highlight_log == [s.id for s in article.sentences]
        assert app.cursor.sentence.id == "s3.3.3"
        assert app.activity == "Stopped"
        assert sink.seconds > 60


async def test_read_one_sentence_then_stop():
    app, sink = make_app(speed=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m", "n", "t")  # self-voicing off: only the reading is spoken
        await wait_until(pilot, lambda: app.highlight_log == ["s2.1.1"] and app.activity == "Stopped",
                         what="one sentence read")
        assert app.cursor.sentence.id == "s2.1.1"


async def test_read_section_stops_at_the_section_end(article):
    app, _ = make_app(speed=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m", "n", "m", "R")
        await wait_until(pilot, lambda: "End of the section." in status(app), what="end of section")
        assert app.highlight_log == [s.id for s in article.sections[1].sentences]


async def test_pause_and_resume_restart_the_interrupted_sentence():
    app, sink = make_app(speed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await wait_until(pilot, lambda: len(sink.blocks) > 5, what="audio to start")
        await pilot.press("space")
        assert app.activity == "Paused"
        assert status(app).startswith("Paused · ")
        paused_at = app.cursor.sentence.id
        await pilot.press("space")
        await wait_until(pilot, lambda: len(app.highlight_log) >= 2, what="reading to resume")
        assert app.activity == "Reading"
        assert app.highlight_log == [paused_at, paused_at]
        await pilot.press("x")
        assert app.activity == "Stopped"


async def test_moving_while_reading_jumps_and_keeps_reading():
    app, sink = make_app(speed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await wait_until(pilot, lambda: app.highlight_log == ["s1.1.1"], what="reading to start")
        await pilot.press("n")
        await wait_until(pilot, lambda: app.highlight_log[-1:] == ["s2.1.1"], what="reading in section 2")
        assert app.activity == "Reading"
        assert "Section 2 of 3: What are Breast Calcifications?" in app.spoken_log
        await pilot.press("escape")


async def test_stop_is_immediate_and_silences_the_sink():
    app, sink = make_app(speed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await wait_until(pilot, lambda: len(sink.blocks) > 3, what="audio to start")
        await pilot.press("x")
        assert app.activity == "Stopped"
        blocks_at_stop = len(sink.blocks)
        await pilot.press("w")  # something else must still work; where-am-I speaks again
        await wait_until(pilot, lambda: "Stopped." in status(app), what="the status")
        assert len(sink.blocks) >= blocks_at_stop


async def test_faster_while_reading_keeps_reading_and_shows_the_rate():
    app, _ = make_app(speed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await wait_until(pilot, lambda: app.highlight_log, what="reading to start")
        await pilot.press("plus")
        assert app.activity == "Reading"
        assert "Rate 200 words per minute." in status(app)
        assert app.narrator.settings.rate == 200
        await pilot.press("minus", "minus")
        assert app.narrator.settings.rate == 150
        await pilot.press("x")


async def test_repeat_says_the_last_sentence_again():
    app, _ = make_app(speed=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await wait_until(pilot, lambda: app.activity == "Stopped" and app.highlight_log, what="a sentence")
        await pilot.press("full_stop")
        await wait_until(pilot, lambda: len(app.highlight_log) == 2, what="the repeat")
        assert app.highlight_log == ["s1.1.1", "s1.1.1"]


async def test_self_voicing_off_silences_announcements_but_not_reading():
    app, _ = make_app(speed=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        spoken = len(app.spoken_log)
        await pilot.press("w", "n")
        assert len(app.spoken_log) == spoken
        assert "Section 2 of 3" in status(app)
        await pilot.press("t")
        await wait_until(pilot, lambda: app.highlight_log == ["s2.1.1"], what="reading")


async def test_without_speech_reading_says_why():
    app, _ = make_app(speech=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        assert "Speech is off" in status(app)
        assert app.activity == "Stopped"


async def test_choose_a_voice_with_a_preview():
    from assistant.tui.screens.voice_picker import VoicePicker

    app, _ = make_app(speed=0)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.voices, what="the voice list")
        await pilot.press("V")
        await wait_until(pilot, lambda: isinstance(app.screen, VoicePicker), what="the voice picker")
        await pilot.press("down")
        await wait_until(pilot, lambda: any(line.startswith("This is the voice") for line in app.spoken_log),
                         what="a preview")
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, VoicePicker), what="the picker to close")
        assert app.voice_settings.voice is not None
        assert app.narrator.settings.voice == app.voice_settings.voice
        assert "Voice English" in status(app)


async def test_rate_limits_are_kept():
    app, _ = make_app(speed=0)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(12):
            await pilot.press("plus")
        assert app.voice_settings.rate == 400
        for _ in range(20):
            await pilot.press("minus")
        assert app.voice_settings.rate == 80


async def test_list_items_are_shown_as_list_items_and_read_without_the_marker():
    from pathlib import Path

    from assistant.article import load_article

    article = load_article(Path(__file__).resolve().parents[1] / "data" / "articles" / "bladder-cancer-diagnosis.md")
    app, sink = make_app(speed=0, article=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down")
        assert app.cursor.sentence.text.startswith("ask about your personal and family medical history")
        view = app.query_one("ArticleView").current_paragraph_view()
        assert view.text.plain.startswith("▶ • ask about your personal")
        await pilot.press("t")
        await wait_until(pilot, lambda: app.cursor.sentence.id in app.highlight_log, what="the item to be read")
        assert all(not line.startswith("- ") for line in app.spoken_log)
        assert app.cursor.sentence.text in app.spoken_log


async def test_no_speaker_reads_silently_and_the_status_line_says_so():
    """A speaker that cannot be opened (no sound card): reading goes on, highlighted, and the
    status line says "Silent: no speaker" instead of pretending to speak."""
    from assistant.speech.player import AudioOutputError, RecordingSink
    from assistant.tui.app import ReaderApp
    from tests.conftest import ARTICLE_PATH

    class NoSpeaker(RecordingSink):
        def open(self, sample_rate: int) -> None:
            raise AudioOutputError("No speaker was found, so reading is silent.")

    from assistant.article import load_article

    app = ReaderApp(load_article(ARTICLE_PATH), sink=NoSpeaker(speed=0), answers=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await wait_until(pilot, lambda: "Silent: no speaker, self-voicing on" in status(app), what="the silent label")
        await wait_until(pilot, lambda: app.highlight_log, what="the sentence to be highlighted")

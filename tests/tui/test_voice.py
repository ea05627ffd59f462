"""Pilot tests of voice control: real espeak-ng speech in WAV files, decoded by the real Vosk model
through the app's own listener thread."""

import numpy as np

from assistant.speech.audio_in import WavFileSource
from assistant.tui.listening import VoiceInput
from tests.speech.conftest import _join, _write_wav
from tests.tui.helpers import SIZE, make_app, status, wait_until


def wav_input(path, **kwargs) -> VoiceInput:
    return VoiceInput(source_factory=lambda: WavFileSource(path), **kwargs)


async def test_spoken_next_section_then_read_it_moves_and_reads(voice_say, tmp_path):
    speech = _join([voice_say("next section"), voice_say("read it")], tmp_path / "two.wav", gap=1.2)
    app, sink = make_app(speed=50, voice_input=wav_input(speech, hands_free=True, barge_in=True))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(
            pilot,
            lambda: app.highlight_log[-1:] == ["s2.1.1"] and app.activity == "Reading",
            timeout=30,
            what="section 2 to be read aloud",
        )
        assert app.cursor.section.index == 1
        transcript = "\n".join(app.query_one("#transcript").entries)
        assert "Heard: next section -> Next section" in transcript
        assert "Heard: read it -> Read aloud from here to the end" in transcript
        await pilot.press("x")


async def test_push_to_talk_runs_one_command(voice_say):
    app, _ = make_app(voice_input=wav_input(voice_say("where am i")))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.voice.ready, timeout=30, what="the voice model")
        assert "Voice: ready" in status(app)
        await pilot.press("v")
        await wait_until(
            pilot,
            lambda: "Section 1 of 3, Introduction, sentence 1 of 2. About" in status(app),
            timeout=30,
            what="where am I to be answered",
        )


async def test_noise_is_not_a_command_and_says_so(tmp_path):
    rng = np.random.default_rng(7)
    noise = _write_wav(tmp_path / "noise.wav", (rng.normal(0, 3000, 16000 * 2)).astype(np.int16), 16000)
    app, _ = make_app(voice_input=wav_input(noise))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.voice.ready, timeout=30, what="the voice model")
        await pilot.press("v")
        await wait_until(
            pilot, lambda: "didn't catch that" in status(app), timeout=30, what="the not-understood message"
        )
        assert app.cursor.sentence.id == "s1.1.1"


async def test_quit_by_voice_asks_to_confirm(voice_say):
    app, _ = make_app(voice_input=wav_input(voice_say("quit", rate=160)))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.voice.ready, timeout=30, what="the voice model")
        await pilot.press("v")
        await wait_until(
            pilot, lambda: "Say quit again to close it." in status(app), timeout=30, what="the confirmation question"
        )
        assert app.is_running


async def test_without_a_model_voice_is_off_and_keys_still_work(tmp_path):
    app, _ = make_app(
        speech=False,
        voice_input=VoiceInput(
            source_factory=lambda: WavFileSource(tmp_path / "x.wav"), model_path=str(tmp_path / "no-model")
        ),
    )
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "Voice: off" in status(app), timeout=30, what="voice to go off")
        assert "Keyboard and reading still work." in status(app)
        await pilot.press("n")
        assert app.cursor.section.index == 1
        await pilot.press("v")
        assert "Voice is off." in status(app)


class _NoMicrophone:
    """An audio source like a computer without a microphone (the one fake: the device)."""

    opened = 0

    def open(self) -> int:
        _NoMicrophone.opened += 1
        from assistant.speech.audio_in import AudioSourceError

        raise AudioSourceError("No microphone was found; plug one in, or use the keyboard commands (F1 lists them).")

    def read(self):
        return None

    def close(self) -> None:
        pass


async def test_a_missing_microphone_is_reported_once_and_v_tries_again():
    app, _ = make_app(speech=False, voice_input=VoiceInput(source_factory=_NoMicrophone, hands_free=True))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "No microphone was found" in status(app), timeout=30, what="the message")
        assert "Voice: no microphone, press v to try again" in status(app)
        tries = _NoMicrophone.opened
        await pilot.press("v")
        await wait_until(
            pilot,
            lambda: _NoMicrophone.opened > tries and "Still no microphone." in status(app),
            timeout=30,
            what="a second try",
        )
        assert "Voice: no microphone, press v to try again" in status(app)
        assert "still loading" not in status(app).lower()
        await pilot.press("L")
        await wait_until(pilot, lambda: _NoMicrophone.opened > tries + 1, timeout=30, what="a third try")


async def test_while_listening_the_level_and_the_words_so_far_are_shown(voice_say):
    speech = voice_say("go to the next section", rate=140)
    app, _ = make_app(
        speech=False, voice_input=VoiceInput(lambda: WavFileSource(speech, realtime=True), hands_free=True)
    )
    seen = set()

    def hearing() -> bool:
        line = app.query_one("#status").hearing
        if line.startswith("Microphone ["):
            seen.add(line.split("] ")[1].split(":")[0])
        return "hearing speech" in seen and app.cursor.section.index == 1

    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, hearing, timeout=30, what="live feedback and the command")
        assert "quiet" in seen

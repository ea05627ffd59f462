"""The app never falls over: 500 random keys while reading aloud, and native libraries' stderr never
reaches the screen."""

import os
import pty
import random
import sys
import time

from assistant.commands import COMMANDS
from assistant.tui.screens.help_screen import HelpScreen
from tests.pty_reading import read_available
from tests.tui.helpers import SIZE, make_app, status, wait_until

QUIT_KEYS = {"q", "ctrl+q"}


async def test_500_random_keys_while_reading_leave_the_app_responsive(article, tmp_path):
    from assistant.settings import Settings, SettingsStore

    keys = sorted({key for command in COMMANDS for key in command.keys} - QUIT_KEYS)
    chooser = random.Random(20261128)
    store = SettingsStore(tmp_path / "config", tmp_path / "state")
    app, sink = make_app(speed=4, store=store, settings=Settings(seen_disclaimer=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        for _ in range(500):
            await pilot.press(chooser.choice(keys))
        for _ in range(4):  # close whatever dialog or question box the keys opened
            await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen) and app.screen is app.screen_stack[0]
        assert app.cursor.sentence in article.sentences
        await pilot.press("x", "1", "w")
        await wait_until(
            pilot,
            lambda: "Section 1 of 3, Introduction, sentence 1 of 2" in status(app).splitlines()[-1],
            what="the app to answer where am I",
        )
        assert app.is_running


async def test_speech_and_voice_events_arriving_while_quitting_are_ignored(article):
    """Narrator and listener threads post events until they are closed, which is after Textual has
    removed the widgets: those events must not reach for them (CI once failed on exactly this)."""
    from assistant.speech.listener import ListeningChanged
    from assistant.speech.narrator import ItemStarted, SpeechItem
    from assistant.tui.app import SpeechEvent
    from assistant.tui.listening import VoiceMessage

    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        later = article.sections[1].sentences[0].id
        for _ in range(20):
            app.post_message(SpeechEvent(ItemStarted(app._job, SpeechItem("x", key=later))))
            app.post_message(VoiceMessage(ListeningChanged(False, "once", "heard")))
    # run_test re-raises what a handler raised while closing (NoMatches for ArticleView, before the fix)
    assert not app.is_running and app.return_code is None


def _run_in_terminal(args: list[str], keys: list[bytes], seconds: float, env: dict, until: bytes) -> bytes:
    """Run the real app in a pseudo-terminal, type keys once it is drawn, wait until it draws
    `until`, quit, and return everything it drew."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the app, with a real terminal on fds 0, 1 and 2
        os.execvpe(sys.executable, [sys.executable, "-m", "assistant", *args], env)
    screen = bytearray()
    pending = list(keys)
    try:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and (pending or until not in screen):
            if not read_available(fd, screen, 0.1):
                break
            if pending and b"Contents" in screen:
                os.write(fd, pending.pop(0))
        os.write(fd, b"q")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and read_available(fd, screen, 0.2):
            pass
    finally:
        _, status_code = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status_code) == 0, screen[-2000:]
    return bytes(screen)


def test_native_library_messages_never_reach_the_screen(tmp_path, voice_say):
    """Opening the speaker (ALSA/PortAudio, which fail loudly on a machine with no sound card) and
    loading the Vosk model (Kaldi) happen while the TUI runs; none of their text may be drawn."""
    env = dict(
        os.environ,
        TERM="xterm-256color",
        COLUMNS="100",
        LINES="32",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_STATE_HOME=str(tmp_path / "state"),
    )
    audio = voice_say("where am i")
    screen = _run_in_terminal(
        ["--audio-in", str(audio)], [b"r", b"t", b"x"], seconds=40, env=env, until=b"Voice: ready"
    )
    text = screen.decode("utf-8", "replace")
    assert "Contents" in text and "Voice: ready" in text
    for stray in (
        "ALSA lib",
        "snd_",
        "PortAudio",
        "jack",
        "LOG (VoskAPI",
        "WARNING (VoskAPI",
        "Traceback",
        "Audio saved to",
    ):
        assert stray not in text, f"{stray!r} reached the screen"

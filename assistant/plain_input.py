"""What plain mode reads: typed lines and, opted in, what the microphone hears, as one stream.

Everything the input side wants printed ("Heard: next section") travels in the same stream as a
`Notice`, so the session does all the printing and can put the "> " prompt back after it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TextIO

from assistant.commands import CommandMatch


@dataclass(frozen=True)
class SpokenLine:
    """A heard utterance: its best text, and the recogniser's hypotheses (text, log-likelihood) so
    that a question is taken as the likeliest well-answered one (`choose_question`), as in the TUI."""

    text: str
    alternatives: tuple[tuple[str, float], ...] = ()
    match: CommandMatch | None = None
    """The command the listener heard (None: take the text as typed, or as a question)."""


@dataclass(frozen=True)
class Notice:
    """A line to print that is not a command ("Heard: ...", "Voice commands are ready")."""

    text: str


Line = str | SpokenLine | Notice


def typed_and_spoken_lines(stream: TextIO, make_listener: Callable | None) -> Iterable[Line]:
    """Typed lines, and (with `make_listener`) what the microphone hears, as one stream of lines.

    A heard command arrives as its phrase and a heard question as its words (with the recogniser's
    other hypotheses), so both go through the same command table as typed lines; a Notice saying
    what was heard comes first.
    """
    if make_listener is None:
        yield from typed_lines(stream)
        return
    from assistant.speech.listener import VoiceError, VoiceReady
    from assistant.speech.recognizers import Heard

    inbox: queue.Queue = queue.Queue()

    def keyboard() -> None:
        for line in typed_lines(stream):
            inbox.put(line)
        inbox.put(None)

    listener = make_listener(inbox.put)
    listener.start()
    threading.Thread(target=keyboard, name="keyboard", daemon=True).start()
    try:
        while (item := inbox.get()) is not None:
            if isinstance(item, str):
                yield item
            elif isinstance(item, VoiceReady):
                wake = getattr(listener, "wake", None)
                first = f' after "{wake.words[0]}" ("{wake.words[0]}, next section")' if wake else ""
                yield Notice(f"Voice commands are ready: speak a command or a question{first}.")
                listener.start_hands_free()
            elif isinstance(item, VoiceError):
                yield Notice(item.message)
            elif isinstance(item, Heard) and item.understood and item.text:
                yield Notice(heard_line(item))
                yield SpokenLine(item.text, item.alternatives if item.question else (), item.match)
            elif isinstance(item, Heard):
                yield Notice(heard_line(item))
                yield Notice("Sorry, I didn't catch that.")
    finally:
        listener.stop()


def heard_line(heard) -> str:
    """What the microphone heard and what it is taken as, one line: `Heard: please stop (Stop reading)`."""
    if heard.understood and heard.match is not None:
        taken = heard.match.command.help
    elif heard.understood:
        taken = "a question"
    else:
        taken = f"not understood, {heard.reason or 'unsure'}"
    return f"Heard: {heard.text or '(speech)'} ({taken})"


def typed_lines(stream: TextIO) -> Iterable[str]:
    """Lines from the keyboard until the end of input (the session prints the prompt)."""
    while True:
        line = stream.readline()
        if not line:
            return
        yield line

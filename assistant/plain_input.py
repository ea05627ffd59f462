"""What plain mode reads: typed lines and, opted in, what the microphone hears, as one stream.

Everything the input side wants printed ("Heard: next section") travels in the same stream as a
`Notice`, so the session does all the printing and can put the "> " prompt back after it.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from typing import Callable, Iterable, TextIO, Union


@dataclass(frozen=True)
class SpokenLine:
    """A heard utterance: its best text, and the recogniser's hypotheses (text, log-likelihood) so
    that a question is taken as the likeliest well-answered one (`choose_question`), as in the TUI."""

    text: str
    alternatives: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Notice:
    """A line to print that is not a command ("Heard: ...", "Voice commands are ready")."""

    text: str


Line = Union[str, SpokenLine, Notice]


def typed_and_spoken_lines(stream: TextIO, make_listener: Callable | None) -> Iterable[Line]:
    """Typed lines, and (with `make_listener`) what the microphone hears, as one stream of lines.

    A heard command arrives as its phrase and a heard question as its words (with the recogniser's
    other hypotheses), so both go through the same command table as typed lines; a Notice saying
    what was heard comes first.
    """
    if make_listener is None:
        yield from typed_lines(stream)
        return
    from assistant.speech.listener import Heard, VoiceError, VoiceReady

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
                yield Notice("Voice commands are ready: speak a command or a question.")
                listener.start_hands_free()
            elif isinstance(item, VoiceError):
                yield Notice(item.message)
            elif isinstance(item, Heard) and item.understood and item.text:
                yield Notice(f"Heard: {item.text}")
                yield SpokenLine(item.text, item.alternatives if item.question else ())
            elif isinstance(item, Heard):
                yield Notice("Sorry, I didn't catch that.")
    finally:
        listener.stop()


def typed_lines(stream: TextIO) -> Iterable[str]:
    """Lines from the keyboard until the end of input (the session prints the prompt)."""
    while True:
        line = stream.readline()
        if not line:
            return
        yield line

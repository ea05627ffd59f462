"""The status line: what the app is doing, where the reader is, whether it can be heard, and the
latest message, as words.

Its height stays the same for the usual content (two lines of state, two for the message, which
wraps), so nothing on screen jumps when a message comes or goes; it grows only for a long message
or while listening shows what is heard. A message is cleared when it goes stale (the app decides
when: a new section, a new activity).
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatusLine(Static):
    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.position = ""
        self.activity = "Stopped"
        self.voice = ""
        self.listening = ""
        self.answers = ""
        """Whether questions can be answered yet ("Getting answers ready..."), empty once they can."""
        self.hearing = ""
        """Live feedback while listening: the microphone level and the words so far."""
        self.message = ""
        self.saving = ""
        """Why nothing is being saved; shown above every message until a save succeeds."""

    def set(self, *, position: str | None = None, activity: str | None = None,
            voice: str | None = None, listening: str | None = None, answers: str | None = None,
            message: str | None = None, hearing: str | None = None, saving: str | None = None) -> None:
        if position is not None:
            self.position = position
        if activity is not None:
            self.activity = activity
        if voice is not None:
            self.voice = voice
        if listening is not None:
            self.listening = listening
        if answers is not None:
            self.answers = answers
        if message is not None:
            self.message = message
        if hearing is not None:
            self.hearing = hearing
        if saving is not None:
            self.saving = saving
            self.set_class(bool(saving), "-unsaved")
        self.update(self.render_text())

    def render_text(self) -> Text:
        first = Text(self.activity, style="bold")
        if self.position:
            first.append(f" · {self.position}")
        parts = (self.voice, self.listening, self.answers, "F1 help")
        second = Text(" · ".join(part for part in parts if part))
        lines = [first, second]
        if self.saving:
            lines.append(Text(self.saving, style="bold"))
        if self.hearing:
            lines.append(Text(self.hearing))
        return Text("\n").join([*lines, Text(self.message)])

    @property
    def plain(self) -> str:
        return self.render_text().plain

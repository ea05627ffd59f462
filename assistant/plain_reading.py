"""Plain mode's reading: the same plan the full-screen view speaks, printed a line at a time and
paced like speech at the chosen rate, so a screen reader (or a person) can follow and stop it.

Pure: no printing and no clock here; the session prints each line and waits as long as it says.
"""

from __future__ import annotations

from collections import deque

from assistant.article import Article, Sentence
from assistant.reading import ReadingMode, end_message, plan_reading


class PacedReading:
    """The lines still to print (text, sentence id or "" for announcements), and whether reading
    was of one section, so that "resume" goes on the same way."""

    def __init__(self) -> None:
        self._lines: deque[tuple[str, str]] = deque()
        self.section_only: bool | None = None
        """While reading or after an interruption: True for "read section", False for "read"."""

    @property
    def active(self) -> bool:
        return bool(self._lines)

    @property
    def resumable(self) -> bool:
        """Stopped part way (by "pause" or other input), so "resume" can go on."""
        return not self._lines and self.section_only is not None

    def plan(self, article: Article, start: Sentence, section_only: bool) -> None:
        mode = ReadingMode.SECTION if section_only else ReadingMode.ARTICLE
        self._lines = deque((item.text, item.key) for item in plan_reading(article, start, mode))
        self._lines.append((end_message(mode), ""))
        self.section_only = section_only

    def next(self, rate_wpm: int) -> tuple[str, str, float]:
        """The next line, its sentence id, and the seconds it takes to say at `rate_wpm`."""
        text, key = self._lines.popleft()
        if not self._lines:
            self.section_only = None  # read to the end: nothing to resume
        return text, key, len(text.split()) * 60 / max(1, rate_wpm)

    def interrupt(self) -> None:
        """Stop printing; "resume" starts again from the sentence on show."""
        self._lines.clear()

    def clear(self) -> None:
        self._lines.clear()
        self.section_only = None

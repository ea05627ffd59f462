"""Everything the app said and heard, with times: for checking what the microphone picked up,
and for reading back what was spoken. Plain text lines (a Log never parses markup)."""

from __future__ import annotations

import time

from textual.widgets import Log


class TranscriptPanel(Log):
    """Everything said and heard, in order (H shows or hides it)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(max_lines=1000, auto_scroll=True, **kwargs)
        self.entries: list[str] = []

    def add(self, line: str) -> None:
        entry = f"{time.strftime('%H:%M:%S')} {line}"
        self.entries.append(entry)
        self.write_line(entry)

"""What the reader is doing: one of a few states, never a free-form string."""

from __future__ import annotations

from enum import StrEnum


class Activity(StrEnum):
    """The reader's activity; its value is the word the status line shows."""

    STOPPED = "Stopped"
    READING = "Reading"
    PAUSED = "Paused"

"""Shared helpers for the listener tests: drain one listening session's events, with bounded waits."""

from __future__ import annotations

import queue

from assistant.speech.listener import ListeningChanged, VoiceError, VoiceListener

WAIT = 60.0


def events_until_stopped(listener: VoiceListener, events: queue.Queue) -> list:
    """Every event up to the end of the listening session, each waited for with a bound; then the
    listener thread is stopped and joined."""
    seen = []
    while not (
        seen and isinstance(seen[-1], (ListeningChanged, VoiceError)) and not getattr(seen[-1], "listening", False)
    ):
        seen.append(events.get(timeout=WAIT))
    listener.stop()
    listener.join(timeout=WAIT)
    assert not listener.is_alive()
    return seen

"""Audio out. A sink takes small blocks of mono 16-bit PCM and returns when each would be heard.

Writing block by block is what makes stop instant: the narrator checks for "stop" between blocks,
so nothing longer than one block (20 ms) can play after it. The recording sink has the same
interface, keeps exactly what would have been played, and paces itself like a real device; it
is what tests and speaker-less machines use.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

BLOCK_SECONDS = 0.02


class AudioOutputError(Exception):
    """No way to play sound; the message is one plain sentence for the reader."""


class AudioSink(Protocol):
    """Where audio goes: the speaker, or a recording for tests and exports."""

    def open(self, sample_rate: int) -> None:
        """Get ready to play at this rate (may be called again with another rate)."""

    def write(self, block: bytes) -> None:
        """Play one block; returns about when the block has been handed to the speaker."""

    def discard(self) -> None:
        """Drop whatever is queued but not yet heard (after stop)."""

    def begin_item(self, key: str) -> None:
        """An utterance starts playing with the next block (a sentence id, or "" for others)."""

    def end_item(self, completed: bool) -> None:
        """The utterance begun last has ended: played to its end, or cut by stop."""

    def close(self) -> None: ...


@dataclass
class PlayedItem:
    """What a recording sink received for one item: its text, samples and when it played."""

    key: str
    started: float
    ended: float | None = None
    first_sample: int = 0
    last_sample: int = 0
    completed: bool = False


@dataclass
class RecordingSink:
    """Keeps every block 'played', with when each utterance started and ended.

    `speed` > 1 plays faster than real time (tests); `speed=0` does not wait at all.
    """

    speed: float = 1.0
    clock: Callable[[], float] = time.monotonic
    sample_rate: int = 22050
    keep_audio: bool = True
    """False for the silent stand-in for a missing speaker: timing only, no growing buffer."""
    pcm: bytearray = field(default_factory=bytearray)
    blocks: list[tuple[float, int]] = field(default_factory=list)
    """(time written, bytes) for every block, in order."""
    items: list[PlayedItem] = field(default_factory=list)
    """Every utterance played: when it started and ended, and where its samples are in `pcm`."""
    _due: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def open(self, sample_rate: int) -> None:
        self.sample_rate = sample_rate

    def write(self, block: bytes) -> None:
        now = self.clock()
        if self.keep_audio:
            with self._lock:
                self.pcm.extend(block)
                self.blocks.append((now, len(block)))
        if self.speed > 0:
            # Like a device with a one-block buffer: return once the previous block is heard.
            self._due = max(self._due, now) + len(block) / 2 / self.sample_rate / self.speed
            wait = self._due - self.clock() - BLOCK_SECONDS / self.speed
            if wait > 0:
                time.sleep(wait)

    def discard(self) -> None:
        self._due = 0.0

    def begin_item(self, key: str) -> None:
        if self.keep_audio:
            self.items.append(PlayedItem(key, self.clock(), first_sample=len(self.pcm) // 2))

    def end_item(self, completed: bool) -> None:
        if self.keep_audio and self.items:
            item = self.items[-1]
            item.ended, item.last_sample, item.completed = self.clock(), len(self.pcm) // 2, completed

    def item_pcm(self, item: PlayedItem) -> bytes:
        return bytes(self.pcm[item.first_sample * 2 : item.last_sample * 2])

    def close(self) -> None:
        pass

    @property
    def seconds(self) -> float:
        return len(self.pcm) / 2 / self.sample_rate

    def first_block_time(self) -> float | None:
        with self._lock:
            return self.blocks[0][0] if self.blocks else None


class SoundDeviceSink:
    """The speaker, through PortAudio (sounddevice). Opened lazily, reopened if the rate changes."""

    def __init__(self) -> None:
        self._stream: Any = None
        self._rate = 0

    @staticmethod
    def check() -> None:
        """Raise AudioOutputError unless an output device exists."""
        sounddevice = _import_sounddevice()
        try:
            sounddevice.query_devices(kind="output")
        except (sounddevice.PortAudioError, ValueError):
            raise AudioOutputError("No speaker or audio output was found, so reading will be silent.") from None

    def open(self, sample_rate: int) -> None:
        if self._stream is not None and self._rate == sample_rate:
            return
        self.close()
        sounddevice = _import_sounddevice()
        try:
            self._stream = sounddevice.RawOutputStream(
                samplerate=sample_rate,
                channels=1,
                dtype="int16",
                blocksize=int(sample_rate * BLOCK_SECONDS),
                latency="low",
            )
            self._stream.start()
        except (sounddevice.PortAudioError, ValueError) as error:
            self._stream = None
            raise AudioOutputError("The speaker could not be opened, so reading will be silent.") from error
        self._rate = sample_rate

    def write(self, block: bytes) -> None:
        if self._stream is None:
            raise AudioOutputError("The speaker is not open.")
        sounddevice = _import_sounddevice()
        try:
            self._stream.write(block)
        except sounddevice.PortAudioError as error:
            self.close()
            raise AudioOutputError("The speaker stopped working, so reading will be silent.") from error

    def begin_item(self, key: str) -> None:
        pass

    def end_item(self, completed: bool) -> None:
        pass

    def discard(self) -> None:
        if self._stream is not None:
            with contextlib.suppress(Exception):  # PortAudio raises its own types on a dead stream
                self._stream.abort()
                self._stream.start()

    def close(self) -> None:
        if self._stream is not None:
            with contextlib.suppress(Exception):
                self._stream.abort()
                self._stream.close()
        self._stream = None


def _import_sounddevice():
    """Import sounddevice late (it loads PortAudio) and turn a missing library into a sentence."""
    try:
        from assistant.speech import quiet

        with quiet.native_stderr_silenced():
            import sounddevice
    except (ImportError, OSError):
        raise AudioOutputError("Audio is off: the PortAudio library is missing (install libportaudio2).") from None
    return sounddevice

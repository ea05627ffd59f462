"""Audio in: the microphone (`MicrophoneSource`) or a WAV file (`WavFileSource`), both giving mono
16-bit chunks of about 50 ms to the listener thread. Kept apart from the recognisers because
devices and files change for other reasons than speech decoding does."""

from __future__ import annotations

import contextlib
import queue
import time
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol

import numpy as np

from assistant.files import MISSING, FileRefused, open_regular
from assistant.speech.quiet import native_stderr_silenced

CHUNK_SECONDS = 0.05


class AudioSourceError(Exception):
    """Audio input that cannot be opened or stopped working; the message is one plain sentence."""


class AudioSource(Protocol):
    """Mono signed 16-bit audio in chunks. `read` returns b"" when nothing is ready yet (so the
    owner can check its stop event) and None at the end of the audio."""

    def open(self) -> int: ...

    def read(self) -> bytes | None: ...

    def close(self) -> None: ...


class MicrophoneSource:
    """The default input device through sounddevice. The PortAudio callback only enqueues bytes:
    it must never block, so a full queue drops audio rather than waiting."""

    STALL_SECONDS = 2.0
    """No audio for this long while open means the device went away."""

    def __init__(self, device: int | str | None = None, sample_rate: int = 16000) -> None:
        self.device = device
        self.sample_rate = sample_rate
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=200)
        self._stream: Any = None
        self._last_audio = 0.0
        self.dropped_chunks = 0

    def open(self) -> int:
        try:
            with native_stderr_silenced():
                import sounddevice
        except (ImportError, OSError) as error:  # OSError: libportaudio itself is missing
            raise AudioSourceError(f"Audio input is not available on this computer ({error}).") from None
        try:
            with native_stderr_silenced():
                self._stream = sounddevice.RawInputStream(
                    samplerate=self.sample_rate,
                    blocksize=int(self.sample_rate * CHUNK_SECONDS),
                    device=self.device,
                    channels=1,
                    dtype="int16",
                    callback=self._callback,
                    finished_callback=self._finished,
                )
                self._stream.start()
        except sounddevice.PortAudioError:
            self._stream = None
            raise AudioSourceError(
                "No microphone was found; plug one in, or use the keyboard commands (F1 lists them)."
            ) from None
        self._last_audio = time.monotonic()
        return self.sample_rate

    def _callback(self, indata, frames, time_info, status) -> None:
        try:
            self._queue.put_nowait(bytes(indata))
        except queue.Full:
            self.dropped_chunks += 1

    def _finished(self) -> None:
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait(None)

    def read(self) -> bytes | None:
        try:
            chunk = self._queue.get(timeout=0.1)
        except queue.Empty:
            if time.monotonic() - self._last_audio > self.STALL_SECONDS:
                raise AudioSourceError("The microphone stopped sending sound; is it still plugged in?") from None
            return b""
        if chunk is None:
            raise AudioSourceError("The microphone stopped working; is it still plugged in?")
        self._last_audio = time.monotonic()
        return chunk

    def close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        import sounddevice

        # A device that vanished fails again on close; there is nothing left to release then.
        with native_stderr_silenced(), contextlib.suppress(sounddevice.PortAudioError):
            stream.abort()
            stream.close()
        while not self._queue.empty():
            self._queue.get_nowait()


class WavFileSource:
    """A 16-bit PCM WAV file as if spoken into a microphone: a little silence before (Vosk drops
    a first word that starts at sample 0), ~50 ms chunks, then silence so the endpointer finishes.
    The file is streamed a chunk at a time (an hour of 48 kHz stereo is 660 MB), so memory stays
    flat and decoding runs as fast as the recognisers go. `realtime=True` paces the chunks like a
    live microphone, for demos."""

    def __init__(
        self, path: str | Path, realtime: bool = False, lead_silence: float = 0.3, trail_silence: float = 1.0
    ) -> None:
        self.path = Path(path)
        self.realtime = realtime
        self.lead_silence = lead_silence
        self.trail_silence = trail_silence
        self._blocks: Iterator[np.ndarray] | None = None
        self._wav: _OpenWav | None = None
        self._pending = bytearray()
        self._position = 0
        self._started = 0.0
        self.sample_rate = 0

    def open(self) -> int:
        self.close()
        self._wav = _open_wav(self.path)
        self.sample_rate = self._wav.rate
        self._blocks = self._samples(self._wav)
        self._pending = bytearray()
        self._position = 0
        self._started = time.monotonic()
        return self.sample_rate

    def _samples(self, wav: _OpenWav) -> Iterator[np.ndarray]:
        rate = self.sample_rate
        yield np.zeros(int(self.lead_silence * rate), np.int16)
        frames = max(1, int(rate * CHUNK_SECONDS))
        while True:
            block = wav.read_mono(frames)
            if block is None:
                break
            yield block
        yield np.zeros(int(self.trail_silence * rate), np.int16)

    def read(self) -> bytes | None:
        step = int(self.sample_rate * CHUNK_SECONDS) * 2
        while self._blocks is not None and len(self._pending) < step:
            block = next(self._blocks, None)
            if block is None:
                self._blocks = None
                break
            self._pending += block.tobytes()
        if not self._pending:
            return None
        if self.realtime:
            due = self._started + self._position * CHUNK_SECONDS
            time.sleep(max(0.0, due - time.monotonic()))
        chunk = bytes(self._pending[:step])
        del self._pending[:step]
        self._position += 1
        return chunk

    def close(self) -> None:
        wav, self._wav, self._blocks = self._wav, None, None
        self._pending = bytearray()
        if wav is not None:
            wav.close()


@dataclass
class _OpenWav:
    """An open WAV file: the reader, the file under it (wave does not close a file it was given)."""

    path: Path
    reader: wave.Wave_read
    stream: BinaryIO
    rate: int

    def read_mono(self, frames: int) -> np.ndarray | None:
        """The next `frames` frames as mono int16 (channels averaged); None at the end."""
        try:
            data = self.reader.readframes(frames)
        except (wave.Error, EOFError, OSError):
            raise AudioSourceError(f"The audio file {self.path} is damaged and cannot be read to the end.") from None
        channels = self.reader.getnchannels()
        usable = len(data) - len(data) % (2 * channels)
        if usable == 0:
            return None
        samples = np.frombuffer(data[:usable], dtype="<i2")
        if channels > 1:
            samples = samples.reshape(-1, channels).mean(axis=1).astype(np.int16)
        return samples.astype(np.int16, copy=False)

    def close(self) -> None:
        self.reader.close()
        self.stream.close()


def _open_wav(path: Path) -> _OpenWav:
    """An open 16-bit WAV of at least 16 kHz; AudioSourceError (one sentence) if it is not one.

    Regular files only: a FIFO would block the listener thread for ever, a device never ends.
    """
    try:
        stream = open_regular(path)
    except FileRefused as refused:
        if refused.kind == MISSING:
            raise AudioSourceError(f"There is no audio file at {path}.") from None
        raise AudioSourceError(f"The audio file {path} {refused.reason}.") from None
    try:
        reader = wave.open(stream, "rb")
    except (wave.Error, EOFError):
        stream.close()
        raise AudioSourceError(f"{path} is not a PCM WAV file.") from None
    except OSError as error:
        stream.close()
        raise AudioSourceError(f"The audio file {path} cannot be read ({error.strerror}).") from None
    wav = _OpenWav(path, reader, stream, reader.getframerate())
    width = reader.getsampwidth()
    problem = None
    if width != 2:
        problem = (
            f"{path} is {width * 8}-bit audio; only 16-bit WAV is supported (convert it with "
            f"`sox {path.name} -b 16 out.wav`)."
        )
    elif wav.rate < 16000:
        problem = f"{path} is sampled at {wav.rate} Hz; at least 16000 Hz is needed."
    if problem:
        wav.close()
        raise AudioSourceError(problem)
    return wav


def read_wav(path: str | Path) -> tuple[np.ndarray, int]:
    """Mono int16 samples and the rate of a whole WAV file (short recordings: tests, benchmarks)."""
    wav = _open_wav(Path(path))
    blocks = []
    try:
        while (block := wav.read_mono(1 << 16)) is not None:
            blocks.append(block)
    finally:
        wav.close()
    return (np.concatenate(blocks) if blocks else np.zeros(0, np.int16)), wav.rate

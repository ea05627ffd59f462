"""The narrator: one owned thread that synthesises and plays a list of things to say.

It owns the pyttsx3 engine and the audio sink, so nothing blocking ever runs on the UI's event
loop. The next item is synthesised while the current one plays (after its first block), so there
is no gap between sentences. `speak` replaces whatever is playing and `stop` silences it within
one audio block. Events go out through a callback; the TUI turns them into Textual messages.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from typing import Callable, Sequence

from assistant.speech.player import BLOCK_SECONDS, AudioOutputError, AudioSink, RecordingSink
from assistant.speech.tts import Audio, SpeechUnavailable, Synthesizer, VoiceInfo, VoiceSettings


@dataclass(frozen=True)
class SpeechItem:
    text: str
    key: str = ""
    """The sentence id for article sentences; "" for announcements."""
    audio: Audio | None = None
    """Ready-made sound (an earcon) played instead of synthesising `text`."""


@dataclass(frozen=True)
class ItemStarted:
    job: int
    item: SpeechItem


@dataclass(frozen=True)
class WordStarted:
    """A word of an article sentence starts playing (only where the synthesiser gives word timings)."""

    job: int
    key: str
    word: int
    """The word's number in the sentence, counted by whitespace as written."""


@dataclass(frozen=True)
class JobFinished:
    job: int
    completed: bool
    """False when the job was stopped or replaced before its end."""


@dataclass(frozen=True)
class SpeechProblem:
    message: str


@dataclass(frozen=True)
class VoicesFound:
    voices: tuple[VoiceInfo, ...]


NarratorEvent = ItemStarted | WordStarted | JobFinished | SpeechProblem | VoicesFound

_CLOSE = object()


class Narrator:
    def __init__(
        self,
        sink: AudioSink,
        on_event: Callable[[NarratorEvent], None],
        settings: VoiceSettings = VoiceSettings(),
        synthesizer_factory: Callable[[], Synthesizer] = Synthesizer,
    ) -> None:
        self._sink = sink
        self._on_event = on_event
        self._settings = settings
        self._settings_version = 0
        self._synthesizer_factory = synthesizer_factory
        self._jobs: queue.Queue = queue.Queue()
        self._latest_job = 0
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="narrator", daemon=True)
        self.available = True
        self.silent = False
        """True once there turned out to be no speaker: reading goes on, paced, without sound."""

    # --- called from any thread ----------------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def speak(self, items: Sequence[SpeechItem], settings: VoiceSettings | None = None) -> int:
        """Say `items` in order, replacing whatever is being said. Returns the job number."""
        with self._lock:
            self._latest_job += 1
            job = self._latest_job
        self._jobs.put((job, tuple(items), settings))
        return job

    def stop(self) -> None:
        with self._lock:
            self._latest_job += 1

    @property
    def settings(self) -> VoiceSettings:
        return self._settings

    def set_settings(self, settings: VoiceSettings) -> None:
        """Takes effect from the next item; the one playing finishes as it was."""
        with self._lock:
            self._settings = settings
            self._settings_version += 1

    def close(self, timeout: float = 2.0) -> None:
        self.stop()
        self._jobs.put(_CLOSE)
        if self._thread.is_alive():
            self._thread.join(timeout)

    # --- the narrator thread -------------------------------------------------------------------
    def _is_current(self, job: int) -> bool:
        return job == self._latest_job

    def _run(self) -> None:
        synthesizer = self._synthesizer_factory()
        try:
            synthesizer.start()
            self._on_event(VoicesFound(tuple(synthesizer.voices())))
        except SpeechUnavailable as problem:
            self.available = False
            self._on_event(SpeechProblem(str(problem)))
        try:
            while (request := self._jobs.get()) is not _CLOSE:
                job, items, settings = request
                if not self._is_current(job):
                    continue
                if not self.available:
                    self._on_event(JobFinished(job, completed=False))
                    continue
                completed = self._play(job, items, settings, synthesizer)
                self._on_event(JobFinished(job, completed))
        finally:
            synthesizer.close()
            self._sink.close()

    def _synthesize(self, synthesizer: Synthesizer, item: SpeechItem, settings: VoiceSettings | None) -> tuple[int, Audio]:
        version = self._settings_version
        if item.audio is not None:
            return version, item.audio
        text = item.text
        chosen = settings or self._settings
        try:
            return version, synthesizer.synthesize(text, chosen)
        except (SpeechUnavailable, ValueError) as problem:
            self._on_event(SpeechProblem(str(problem)))
            if chosen.voice is None:
                raise
            # A voice that vanished or never existed: keep reading with the default voice.
            fallback = VoiceSettings(rate=chosen.rate, volume=chosen.volume)
            if settings is None:
                self.set_settings(fallback)
            return self._settings_version, synthesizer.synthesize(text, fallback)

    def _play(self, job: int, items: tuple[SpeechItem, ...], settings: VoiceSettings | None,
              synthesizer: Synthesizer) -> bool:
        upcoming: tuple[int, Audio] | None = None
        for index, item in enumerate(items):
            if not self._is_current(job):
                return False
            try:
                if upcoming is not None and (settings is not None or upcoming[0] == self._settings_version):
                    audio = upcoming[1]
                else:
                    audio = self._synthesize(synthesizer, item, settings)[1]
            except SpeechUnavailable:
                return False
            upcoming = None
            block_bytes = max(2, int(audio.sample_rate * BLOCK_SECONDS) * 2)
            self._open_sink(audio.sample_rate)
            self._sink.begin_item(item.key)
            self._on_event(ItemStarted(job, item))
            words = list(audio.word_starts) if item.key else []
            for offset in range(0, len(audio.pcm), block_bytes):
                if not self._is_current(job):
                    self._sink.discard()
                    self._sink.end_item(completed=False)
                    return False
                # a word is announced as the block holding its start is handed to the sink
                while words and words[0][1] * audio.sample_rate * 2 < offset + block_bytes:
                    self._on_event(WordStarted(job, item.key, words.pop(0)[0]))
                self._write(audio.pcm[offset:offset + block_bytes])
                if offset == 0 and index + 1 < len(items):
                    try:
                        upcoming = self._synthesize(synthesizer, items[index + 1], settings)
                    except SpeechUnavailable:
                        upcoming = None
            self._sink.end_item(completed=True)
        return self._is_current(job)

    def _open_sink(self, sample_rate: int) -> None:
        try:
            self._sink.open(sample_rate)
        except AudioOutputError as problem:
            self._fall_back_to_silence(problem)
            self._sink.open(sample_rate)

    def _write(self, block: bytes) -> None:
        try:
            self._sink.write(block)
        except AudioOutputError as problem:
            self._fall_back_to_silence(problem)
            self._sink.write(block)

    def _fall_back_to_silence(self, problem: AudioOutputError) -> None:
        """No speaker: keep the timing (the highlight still moves) with a silent, paced sink."""
        self.silent = True
        self._on_event(SpeechProblem(str(problem)))
        self._sink.close()
        self._sink = RecordingSink(speed=1.0, keep_audio=False)

"""How loud the microphone is, in numbers and in words, and how long it has been quiet.

Pure (NumPy on 16-bit chunks). Two uses: the endpointer needs to know that a word has ended
("stop" said alone, not "stop reading") before Vosk's own endpoint would say so, and the person
needs to see that the microphone hears them ("hearing speech", "quiet", "too loud").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SPEECH_ABOVE_FLOOR_DB = 12.0
"""A chunk this much louder than the background counts as speech (what the person is told)."""
QUIET_ABOVE_FLOOR_DB = 6.0
"""Silence is counted only over chunks this close to the background: the quiet end of a word
("s", "f") under room noise is not yet a pause (the endpointer takes quiet as a word's end)."""
CLEAR_SPEECH_DB = 20.0
"""Speech whose loudest chunk stood this far above the background leaves quiet gaps only where the
person stopped; in louder noise (10 dB SNR) quiet consonants sink into it ("next section": the
"xt s" is within 3 dB of white noise), so quiet says nothing about where a word ended."""
PEAK_FALL_DB_PER_SECOND = 10.0
"""The loudness of recent speech, for `Level.contrast`, fades this fast."""
FLOOR_RISE_DB_PER_SECOND = 3.0
"""The background estimate follows quieter chunks at once and louder ones only slowly, so that
speech does not become the background while a steady new noise (a fan turned on) does."""
MIN_FLOOR_DB = -70.0
"""Digital silence is not a background to measure speech against."""
TOO_LOUD_DB = -1.5
"""Peaks this close to full scale clip."""
HANGOVER_SECONDS = 0.05
"""A quiet chunk right after speech still counts as speech (stops between consonants)."""


@dataclass(frozen=True)
class Level:
    """One chunk: its loudness (dBFS), the background's, and what to tell the person."""

    db: float
    floor_db: float
    speech: bool
    silence: float
    """Seconds the audio has been near the background (0.0 while speaking)."""
    clipped: bool
    contrast: float = 0.0
    """How far (dB) recent speech stood above the background."""

    @property
    def clear(self) -> bool:
        """Speech stands well above the background: quiet audio means the person stopped."""
        return self.contrast >= CLEAR_SPEECH_DB

    @property
    def words(self) -> str:
        if self.clipped:
            return "too loud"
        return "hearing speech" if self.speech else "quiet"

    def bar(self, width: int = 10) -> str:
        """The level as text, e.g. "[######----]": -60 dBFS empty, 0 dBFS full."""
        filled = max(0, min(width, round((self.db + 60.0) / 60.0 * width)))
        return "[" + "#" * filled + "-" * (width - filled) + "]"


class LevelMeter:
    """Feed each chunk; get its `Level`. Keeps a running estimate of the background noise."""

    def __init__(self, sample_rate: int) -> None:
        self.sample_rate = sample_rate
        self.floor_db: float | None = None
        self.silence = 0.0
        self._since_speech = 1e9
        self._since_sound = 1e9
        self._peak_db: float | None = None

    def feed(self, chunk: bytes) -> Level:
        samples = np.frombuffer(chunk, dtype="<i2").astype(np.float64)
        seconds = len(samples) / self.sample_rate if self.sample_rate else 0.0
        if not len(samples):
            return Level(-120.0, self.floor_db or MIN_FLOOR_DB, False, self.silence, False)
        rms = float(np.sqrt(np.mean(samples**2)))
        db = 20 * np.log10(max(rms, 1e-3) / 32768.0)
        clipped = float(np.max(np.abs(samples))) >= 32768.0 * 10 ** (TOO_LOUD_DB / 20)
        floor = max(self.floor_db if self.floor_db is not None else db, MIN_FLOOR_DB)
        speech = db > floor + SPEECH_ABOVE_FLOOR_DB
        sound = db > floor + QUIET_ABOVE_FLOOR_DB
        if db < floor or self.floor_db is None:
            self.floor_db = max(db, MIN_FLOOR_DB)
        else:
            self.floor_db = min(db, floor + FLOOR_RISE_DB_PER_SECOND * seconds)
        self._since_speech = 0.0 if speech else self._since_speech + seconds
        self._since_sound = 0.0 if sound else self._since_sound + seconds
        faded = self._peak_db - PEAK_FALL_DB_PER_SECOND * seconds if self._peak_db is not None else db
        self._peak_db = max(db, faded)
        self.silence = 0.0 if self._since_sound <= HANGOVER_SECONDS else self.silence + seconds
        return Level(
            round(float(db), 1),
            round(float(self.floor_db), 1),
            self._since_speech <= HANGOVER_SECONDS,
            self.silence,
            clipped,
            round(float(self._peak_db - self.floor_db), 1),
        )

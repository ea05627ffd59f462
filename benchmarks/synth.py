"""Speech for the voice benchmarks: two synthesisers, noise at a given SNR, and where speech ends.

A voice is written "synthesiser:voice:rate": `espeak-ng:en-us:175` (words per minute) or
`flite:slt:1.0` (flite's duration stretch: 1.0 as recorded, 1.2 slower, 0.85 faster). A bare
espeak-ng voice name ("en-us") is espeak-ng at 175 wpm. flite's voices slt, rms and awb are built
from recordings of real speakers (CMU ARCTIC), so they sound unlike anything espeak-ng makes.
"""

from __future__ import annotations

import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ESPEAK, FLITE = "espeak-ng", "flite"
LEAD, TRAIL = 0.3, 1.2


@dataclass(frozen=True)
class Voice:
    synthesiser: str
    name: str
    rate: float

    @classmethod
    def parse(cls, spec: str) -> Voice:
        parts = spec.split(":")
        if len(parts) == 1:
            return cls(ESPEAK, parts[0], 175)
        synthesiser, name, *rate = parts
        if synthesiser not in (ESPEAK, FLITE):
            raise SystemExit(f"Unknown synthesiser {synthesiser!r}: use espeak-ng or flite.")
        return cls(synthesiser, name, float(rate[0]) if rate else (175 if synthesiser == ESPEAK else 1.0))

    def __str__(self) -> str:
        rate = f"{self.rate:g}" + (" wpm" if self.synthesiser == ESPEAK else "x")
        return f"{self.synthesiser} {self.name} {rate}"

    def speak(self, text: str, path: Path) -> Path:
        if self.synthesiser == ESPEAK:
            command = [ESPEAK, "-w", str(path), "-v", self.name, "-s", str(int(self.rate)), text]
        else:
            command = [
                FLITE,
                "-voice",
                self.name,
                "--setf",
                f"duration_stretch={self.rate:g}",
                "-t",
                text,
                "-o",
                str(path),
            ]
        subprocess.run(command, check=True, capture_output=True)
        return path


def noise(kind: str, length: int, generator: np.random.Generator) -> np.ndarray:
    white = generator.standard_normal(length)
    if kind == "white":
        return white
    spectrum = np.fft.rfft(white)
    spectrum[1:] /= np.sqrt(np.arange(1, len(spectrum)))  # 1/f power: pink
    spectrum[0] = 0
    return np.fft.irfft(spectrum, length)


def loud_span(speech: np.ndarray) -> tuple[int, int]:
    """First and last loud sample (2 % of the peak): where speech really starts and ends."""
    loud = np.nonzero(np.abs(speech) > 0.02 * max(1, np.abs(speech).max()))[0]
    return (int(loud[0]), int(loud[-1]) + 1) if len(loud) else (0, len(speech))


def mix(
    speech: np.ndarray, rate: int, kind: str, snr_db: float | None, seed: str, lead: float = LEAD, trail: float = TRAIL
) -> tuple[np.ndarray, float]:
    """Speech padded with silence and mixed with noise; returns it and when speech ends (s)."""
    audio = np.concatenate([np.zeros(int(lead * rate)), speech.astype(np.float64), np.zeros(int(trail * rate))])
    first, last = loud_span(speech)
    if snr_db is not None:
        active = speech[first:last].astype(np.float64)
        added = noise(kind, len(audio), np.random.default_rng(zlib.crc32(seed.encode())))
        added *= np.sqrt(np.mean(active**2) / np.mean(added**2) / 10 ** (snr_db / 10))
        audio = audio + added
    return np.clip(audio, -32768, 32767).astype(np.int16), lead + last / rate


def add_noise(audio: np.ndarray, kind: str, snr_db: float | None, seed: str, speech_power: float) -> np.ndarray:
    """Noise over a whole recording, at an SNR against the given speech power."""
    if snr_db is None:
        return audio
    added = noise(kind, len(audio), np.random.default_rng(zlib.crc32(seed.encode())))
    added *= np.sqrt(speech_power / np.mean(added**2) / 10 ** (snr_db / 10))
    return np.clip(audio.astype(np.float64) + added, -32768, 32767).astype(np.int16)


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "  n/a"


def hear(model, grammar, titles, audio: np.ndarray, rate: int, wake=None) -> tuple[list, float]:
    """Every utterance the app's UtteranceRecognizer takes from a recording (fed as fast as it
    decodes, as hands-free listening would), and the decoding time."""
    from assistant.speech.audio_in import CHUNK_SECONDS
    from assistant.speech.recognizers import QUESTION_ALTERNATIVES, CommandRecognizer, QuestionRecognizer
    from assistant.speech.utterances import UtteranceRecognizer

    recognizer = UtteranceRecognizer(
        CommandRecognizer(model, rate, grammar, titles),
        QuestionRecognizer(model, rate, alternatives=QUESTION_ALTERNATIVES),
        wake,
    )
    data, step = audio.astype("<i2").tobytes(), int(rate * CHUNK_SECONDS) * 2
    heard = []
    for start in range(0, len(data), step):
        heard += recognizer.accept(data[start : start + step])
    heard += recognizer.finish()
    return heard, recognizer.decode_seconds


def concatenate(parts: list[tuple[np.ndarray, float]], rate: int) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """Utterances each followed by its gap (seconds), and each one's loud span in the result."""
    pieces, spans, at = [np.zeros(int(LEAD * rate), np.int16)], [], LEAD
    for speech, gap in parts:
        first, last = loud_span(speech)
        spans.append((at + first / rate, at + last / rate))
        pieces += [speech, np.zeros(int(gap * rate), np.int16)]
        at += len(speech) / rate + int(gap * rate) / rate
    return np.concatenate(pieces), spans

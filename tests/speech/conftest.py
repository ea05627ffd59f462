"""Fixtures for the voice tests: one real Vosk model per session and espeak-ng speech made at test
time (cached per session). Missing tools or model fail loudly: a skipped speech test hides a broken
setup, which is exactly what these tests are for."""

from __future__ import annotations

import shutil
import subprocess
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from assistant.article import load_article
from assistant.speech.audio_in import WavFileSource, read_wav
from assistant.speech.models import ModelError, find_word, load_model_for_listening
from assistant.speech.recognizers import CommandRecognizer, Grammar, Heard, build_grammar

ARTICLE = Path(__file__).resolve().parents[2] / "content" / "breast-calcifications.md"
SETUP_HINT = (
    "Run `assistant models download`, or see models/README.md for the Maven command used in CI, "
    "so that models/vosk-model-en-us exists."
)


def _listening_model():
    """The real model with the listener's endpoint settings (about 0.4 s and 100 MB)."""
    try:
        model, _ = load_model_for_listening()
    except ModelError as error:
        pytest.fail(f"The speech tests need a Vosk model: {error} {SETUP_HINT}")
    return model


@pytest.fixture(scope="session")
def voice_model():
    """The real model, loaded once."""
    return _listening_model()


@pytest.fixture
def fresh_voice_model():
    """A model of the test's own. Vosk's near ties (the wake word against a command in the n-best)
    depend on what the same Model decoded before: a wake-word case passed alone and failed after the
    other speech tests with the shared `voice_model`, and passed there with its own model."""
    return _listening_model()


@pytest.fixture(scope="session")
def voice_titles() -> tuple[str, ...]:
    return tuple(section.title for section in load_article(ARTICLE).sections)


@pytest.fixture(scope="session")
def voice_grammar(voice_model, voice_titles) -> Grammar:
    return build_grammar(voice_titles, lambda word: find_word(voice_model, word))


@pytest.fixture(scope="session")
def voice_say(tmp_path_factory) -> Callable[..., Path]:
    """say(text, voice="en-us", rate=175) -> a WAV file spoken by espeak-ng (22050 Hz mono)."""
    if shutil.which("espeak-ng") is None:
        pytest.fail("The speech tests need espeak-ng (apt-get install espeak-ng).")
    folder = tmp_path_factory.mktemp("voice-wavs")

    def say(text: str, voice: str = "en-us", rate: int = 175) -> Path:
        path = folder / f"{voice}-{rate}-{'_'.join(text.split())}.wav"
        if not path.exists():
            subprocess.run(
                ["espeak-ng", "-w", str(path), "-v", voice, "-s", str(rate), text], check=True, capture_output=True
            )
        return path

    return say


@pytest.fixture(scope="session")
def voice_flite(tmp_path_factory) -> Callable[..., Path]:
    """flite(text, voice="slt") -> a WAV file spoken by flite (16 kHz mono): voices built from
    recordings of real speakers, unlike anything espeak-ng makes."""
    if shutil.which("flite") is None:
        pytest.fail("The speech tests need flite (apt-get install flite, or scripts/setup.sh).")
    folder = tmp_path_factory.mktemp("flite-wavs")

    def say(text: str, voice: str = "slt") -> Path:
        path = folder / f"{voice}-{'_'.join(text.split())}.wav"
        if not path.exists():
            subprocess.run(["flite", "-voice", voice, "-t", text, "-o", str(path)], check=True, capture_output=True)
        return path

    return say


def _write_wav(path: Path, samples: np.ndarray, rate: int, channels: int = 1, width: int = 2) -> Path:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(width)
        wav.setframerate(rate)
        wav.writeframes(samples.tobytes())
    return path


def _join(paths: list[Path], into: Path, gap: float = 1.0) -> Path:
    """Several utterances in one WAV with silence between, as a person would speak them."""
    parts = []
    for path in paths:
        samples, rate = read_wav(path)
        parts += [samples, np.zeros(int(gap * rate), np.int16)]
    return _write_wav(into, np.concatenate(parts), rate)


def _recognise(model, grammar: Grammar, titles, path: Path, **options) -> list[Heard]:
    """The Heard results from a WAV file fed as fast as possible (no real-time pacing).

    Stops at the first result when only silence is left after it: decoding that tail is a third
    of the time of the whole file and cannot change the answer."""
    source = WavFileSource(path)
    recognizer = CommandRecognizer(model, source.open(), grammar, titles, **options)
    speech_end = source.lead_silence + len(read_wav(path)[0]) / recognizer.sample_rate
    heard = []
    while (chunk := source.read()) is not None:
        if result := recognizer.accept(chunk):
            heard.append(result)
            if recognizer.seconds_fed >= speech_end:
                return heard
    if result := recognizer.finish():
        heard.append(result)
    return heard


@pytest.fixture(scope="session")
def voice_write_wav():
    """write(path, int16 samples, rate, channels=1, width=2) -> path."""
    return _write_wav


@pytest.fixture(scope="session")
def voice_join():
    """join([wav, ...], into, gap=1.0) -> one WAV of the utterances with silence between."""
    return _join


@pytest.fixture(scope="session")
def voice_recognise(voice_model, voice_grammar, voice_titles):
    """recognise(wav, **CommandRecognizer options) -> [Heard, ...] with the shared model."""
    return lambda path, **options: _recognise(voice_model, voice_grammar, voice_titles, path, **options)

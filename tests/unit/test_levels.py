"""The microphone level meter (pure): loudness in words, and how long it has been quiet."""

import numpy as np
import pytest

from assistant.speech.levels import LevelMeter

RATE = 16000


def chunk(amplitude: float, seconds: float = 0.05, seed: int = 1) -> bytes:
    noise = np.random.default_rng(seed).standard_normal(int(RATE * seconds))
    return np.clip(noise * amplitude, -32768, 32767).astype("<i2").tobytes()


def test_speech_over_background_then_quiet_counts_the_silence():
    meter = LevelMeter(RATE)
    levels = [meter.feed(chunk(30)) for _ in range(10)]  # room noise
    assert all(level.words == "quiet" for level in levels)
    speaking = [meter.feed(chunk(3000, seed=i)) for i in range(10)]
    assert all(level.words == "hearing speech" and level.silence == 0.0 for level in speaking)
    after = [meter.feed(chunk(30, seed=i)) for i in range(10)]
    assert after[0].speech  # a short hangover: stops between consonants are not silence
    assert after[-1].silence == pytest.approx(0.45)


def test_clipping_is_too_loud_and_the_bar_is_text():
    meter = LevelMeter(RATE)
    loud = meter.feed(np.full(800, 32767, "<i2").tobytes())
    assert loud.words == "too loud" and loud.bar() == "[##########]"
    assert meter.feed(bytes(1600)).bar() == "[----------]"


def test_a_steady_new_noise_becomes_the_background():
    meter = LevelMeter(RATE)
    for _ in range(5):
        meter.feed(chunk(30))
    levels = [meter.feed(chunk(1500, seed=i)) for i in range(200)]  # a fan, ten seconds
    assert levels[0].speech and not levels[-1].speech


def test_quiet_consonants_under_noise_are_not_yet_silence_and_loud_noise_makes_quiet_unclear():
    meter = LevelMeter(RATE)
    for _ in range(5):
        meter.feed(chunk(300))  # the background
    vowel = meter.feed(chunk(4000))  # 22 dB above it
    assert vowel.clear
    consonant = [meter.feed(chunk(700, seed=i)) for i in range(4)]  # "s" at 7 dB: not speech, not quiet
    assert not any(level.speech for level in consonant[1:]) and all(level.silence == 0.0 for level in consonant)
    meter = LevelMeter(RATE)
    for _ in range(5):
        meter.feed(chunk(300))
    assert not meter.feed(chunk(1500)).clear  # speech only 14 dB above the noise

"""Short sounds, made in code, that tell a listener what the voice input is doing without words:
listening started (rising), command accepted (one bright tone), not understood (falling, low)."""

from __future__ import annotations

import math
from array import array
from functools import cache

from assistant.speech.tts import Audio

SAMPLE_RATE = 22050


def _tone(frequencies: list[float], seconds_each: float, volume: float = 0.35) -> Audio:
    samples = array("h")
    count = int(SAMPLE_RATE * seconds_each)
    fade = max(1, int(SAMPLE_RATE * 0.008))  # 8 ms fades: no clicks
    for frequency in frequencies:
        for n in range(count):
            envelope = min(1.0, n / fade, (count - n) / fade)
            samples.append(int(32767 * volume * envelope * math.sin(2 * math.pi * frequency * n / SAMPLE_RATE)))
    return Audio(samples.tobytes(), SAMPLE_RATE)


@cache
def listening_started() -> Audio:
    return _tone([660.0, 880.0], 0.07)


@cache
def accepted() -> Audio:
    return _tone([1046.5], 0.06)


@cache
def not_understood() -> Audio:
    return _tone([392.0, 261.6], 0.09)

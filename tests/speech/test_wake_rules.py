"""The wake word heard only in part, and heard where no one said it: real espeak-ng and flite speech
(the voices the rules were tuned on, benchmarks/wake_word.py), the real model."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from assistant.speech.audio_in import read_wav
from assistant.speech.wake import WakeWord
from tests.speech.test_noise import _noisy, _taken


def _flite(text: str, voice: str, stretch: float, folder: Path) -> Path:
    path = folder / f"{voice}-{stretch}-{len(list(folder.iterdir()))}.wav"
    command = ["flite", "-voice", voice, "--setf", f"duration_stretch={stretch:g}", "-t", text, "-o", str(path)]
    subprocess.run(command, check=True, capture_output=True)
    return path


@pytest.mark.parametrize(
    ("voice", "stretch"),
    [
        ("awb", 0.9),  # open: "read or is a biopsy painful" atop "reader is a biopsy painful"
        ("rms", 1.0),  # open: "river is ..." atop "reader is ..."; grammar: "[unk]" atop "reader [unk]"
    ],
)
def test_a_question_whose_wake_word_is_lower_in_the_n_best_is_taken(fresh_voice_model, tmp_path, voice, stretch):
    """Nothing was taken (2026-11-30): the wake word was in the recognisers' n-best, not on top."""
    audio, rate = _noisy(_flite("reader is a biopsy painful", voice, stretch, tmp_path), None, "")
    assert _taken(fresh_voice_model, audio, rate, WakeWord()) == ["question"]


def test_a_question_after_the_wake_word_heard_only_lower_in_the_open_n_best_is_taken(fresh_voice_model, voice_say):
    """en-us+m3 185: the grammar heard "reader" alone, the open recogniser "remember biopsy painful"
    above "read me my biopsy painful"; the question was dropped as not addressed (2026-11-30)."""
    audio, rate = _noisy(voice_say("reader is a biopsy painful", "en-us+m3", 185), None, "")
    assert _taken(fresh_voice_model, audio, rate, WakeWord()) == ["question"]


def test_a_command_both_recognisers_heard_after_the_wake_word_is_taken(fresh_voice_model, voice_say):
    """en-gb-scotland 160: the grammar's "reader stop" was too close to "read last up" to take
    alone, and the open recogniser's "read or stop" was taken as a question (2026-11-30)."""
    audio, rate = _noisy(voice_say("reader stop", "en-gb-scotland", 160), None, "")
    assert _taken(fresh_voice_model, audio, rate, WakeWord()) == ["stop"]


def test_the_wake_word_heard_in_the_middle_of_a_sentence_wakes_nothing(fresh_voice_model, tmp_path):
    """Article text read aloud (flite slt, the gaps of a benchmark run): the grammar heard "reader
    are [unk]" for "...salty, bitter, or acidic" and three sentences were taken as one question
    said after the wake word (2026-11-30). The open recogniser had been hearing that sentence for
    1.7 s: the wake word starts what is said to the app, it is not in the middle of it. The same
    holds for "...take to feel better", whose "better" the grammar heard as "reader" or "louder"."""
    sentences = (
        "Here are some more tips to consider:",
        "If food tastes bland, marinate foods to improve their flavor or add spices to foods.",
        "If red meat tastes strange, switch to other high-protein foods such as chicken, eggs, fish, peanut"
        " butter, turkey, beans, or dairy products.",
        "If foods taste salty, bitter, or acidic, try sweetening them.",
    )
    parts, rate = [], 16000
    for sentence, gap in zip(sentences, (10237, 10343, 8910, 10772), strict=True):  # samples at 16 kHz
        speech, rate = read_wav(_flite(sentence, "slt", 1.0, tmp_path))
        parts += [speech, np.zeros(gap, np.int16)]
    audio = np.concatenate([np.zeros(int(0.3 * rate), np.int16), *parts])
    # Three times: the model's near-ties here depend on what it decoded before (the second hearing
    # woke, in a fresh process).
    assert [_taken(fresh_voice_model, audio, rate, WakeWord()) for _ in range(3)] == [[], [], []]

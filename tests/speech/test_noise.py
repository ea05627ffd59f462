"""Loud noise and the wake word: real espeak-ng speech, white noise at 10 dB SNR mixed in with a fixed
seed, decoded by the real model. In noise "I didn't catch that" is fine; another command is not."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from assistant.speech.audio_in import CHUNK_SECONDS, read_wav
from assistant.speech.models import find_word
from assistant.speech.recognizers import (
    QUESTION_ALTERNATIVES,
    CommandRecognizer,
    Heard,
    QuestionRecognizer,
    build_grammar,
)
from assistant.speech.utterances import UtteranceRecognizer
from assistant.speech.wake import WakeWord
from tests.speech.test_listener import TITLES


def _noisy(path, snr_db: float | None, seed: str) -> tuple[np.ndarray, int]:
    """The speech with 0.3 s of lead and 1.2 s of trail, and white noise at `snr_db` against the
    speech's loud part (as benchmarks/voice.py mixes it)."""
    speech, rate = read_wav(path)
    audio = np.concatenate([np.zeros(int(0.3 * rate)), speech.astype(np.float64), np.zeros(int(1.2 * rate))])
    if snr_db is not None:
        loud = np.nonzero(np.abs(speech.astype(np.float64)) > 0.02 * np.abs(speech.astype(np.float64)).max())[0]
        active = speech[loud[0] : loud[-1] + 1].astype(np.float64)
        noise = np.random.default_rng(zlib.crc32(seed.encode())).standard_normal(len(audio))
        audio += noise * np.sqrt(np.mean(active**2) / np.mean(noise**2) / 10 ** (snr_db / 10))
    return np.clip(audio, -32768, 32767).astype(np.int16), rate


def _taken(model, audio: np.ndarray, rate: int, wake: WakeWord | None = None) -> list[str]:
    grammar = build_grammar(TITLES, lambda word: find_word(model, word), wake.words if wake else ())
    recognizer = UtteranceRecognizer(
        CommandRecognizer(model, rate, grammar, TITLES),
        QuestionRecognizer(model, rate, alternatives=QUESTION_ALTERNATIVES),
        wake,
    )
    data, step = audio.tobytes(), int(rate * CHUNK_SECONDS) * 2
    heard: list[Heard] = []
    for start in range(0, len(data), step):
        heard += recognizer.accept(data[start : start + step])
    heard += recognizer.finish()
    return [h.match.command.name if h.match else "question" if h.question and h.understood else "?" for h in heard]


@pytest.mark.parametrize(
    ("said", "seed", "expected"),
    [
        # Taken as another command before (2026-11-30, tuning voice, seeds of the tuning runs):
        ("read me this sentence", "tune", "read_sentence"),  # "read me" acted on at its first words
        ("read this section please", "tune", "read_section"),  # "read it" acted on at its first words
        ("stop please", "tune", "stop"),  # "help please", a near tie with "stop please"
    ],
)
def test_in_loud_noise_no_other_command_is_taken(voice_model, voice_say, said, seed, expected):
    audio, rate = _noisy(voice_say(said, "en-gb-x-rp", 150), 10.0, f"{said}|espeak-ng en-gb-x-rp 150 wpm{seed}")
    taken = _taken(voice_model, audio, rate)
    assert set(taken) <= {expected, "question", "?"}, taken


@pytest.mark.parametrize("said", ["next section please", "contents"])
def test_in_loud_noise_a_clearly_heard_command_is_still_taken(voice_model, voice_say, said):
    audio, rate = _noisy(voice_say(said, "en-us", 160), 10.0, f"{said}|test")
    assert _taken(voice_model, audio, rate) == [{"next section please": "next_section"}.get(said, said)]


@pytest.mark.parametrize(("said", "expected"), [("repeat", "repeat"), ("previous section", "previous_section")])
def test_the_wake_word_heard_as_read_in_one_breath_still_wakes(voice_model, voice_say, said, expected):
    """en-gb-x-rp's "reader repeat" ranks below "read repeat" in the grammar's n-best, and "reader
    previous section" was chosen as "read previous section" (a rewording): the wake word was lost."""
    audio, rate = _noisy(voice_say(f"reader {said}", "en-gb-x-rp", 150), None, "")
    assert _taken(voice_model, audio, rate, WakeWord()) == [expected]


@pytest.mark.parametrize("said", ["read more", "read this section", "previous section", "read it next section"])
def test_without_the_wake_word_a_command_is_not_taken(voice_model, voice_say, said):
    audio, rate = _noisy(voice_say(said, "en-gb-x-rp", 150), None, "")
    assert _taken(voice_model, audio, rate, WakeWord()) == []


def test_in_loud_noise_a_command_the_open_recogniser_did_not_hear_is_not_taken(voice_model, voice_flite):
    """flite slt's "spell" at 10 dB (the benchmark's noise draw): the grammar forced it into "help"
    (0.91 of its n-best) while the open recogniser heard no command at all. Asking again is far
    better than opening help for someone who cannot see it."""
    audio, rate = _noisy(voice_flite("spell", "slt"), 10.0, "spell|flite slt 1x")
    assert set(_taken(voice_model, audio, rate)) <= {"spell_word", "question", "?"}


def test_a_number_of_sentences_without_a_direction_is_no_command(voice_model, voice_flite):
    """ "one sentence" is what loud noise leaves of "back one sentence": a rewording made it "next
    sentence", moving the reader the wrong way."""
    audio, rate = _noisy(voice_flite("one sentence", "slt"), None, "")
    assert "next_sentence" not in _taken(voice_model, audio, rate)


@pytest.mark.parametrize(
    ("said", "voice", "wrong"),
    [
        # Taken as another command before (2026-11-30, tuning voices, the benchmark's seed 1):
        ("speak faster", "espeak-ng", "louder"),  # the grammar heard the rewording "speak up" at 1.0
        ("go back to the beginning", "espeak-ng", "previous_sentence"),  # "go back" cut off at its first words
        ("the next section", "flite", "next_sentence"),  # "next" at 0.99; the open recogniser heard "the next when"
    ],
)
def test_in_loud_noise_what_only_the_grammar_makes_a_command_is_not_taken(
    voice_model, voice_say, voice_flite, said, voice, wrong
):
    """The grammar forces noise into its nearest phrase at full confidence: a rewording it alone
    heard and a command the open recogniser heard as more words meaning something else are asked
    again rather than acted on."""
    if voice == "flite":
        audio, rate = _noisy(voice_flite(said, "slt"), 10.0, f"{said}|flite slt 1x1")
    else:
        audio, rate = _noisy(voice_say(said, "en-gb-x-rp", 150), 10.0, f"{said}|espeak-ng en-gb-x-rp 150 wpm1")
    assert wrong not in _taken(voice_model, audio, rate)


@pytest.mark.parametrize("said", ["stop", "stop please"])
def test_in_loud_noise_stop_needs_no_second_hearing(voice_model, voice_say, said):
    """ "stop" must always work and a false one is cheap: the grammar's hearing of it at 10 dB (seed 1
    of the tuning runs) was refused before because the open recogniser did not hear it too."""
    audio, rate = _noisy(voice_say(said, "en-gb-x-rp", 150), 10.0, f"{said}|espeak-ng en-gb-x-rp 150 wpm1")
    assert _taken(voice_model, audio, rate) == ["stop"]

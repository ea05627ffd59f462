"""Utterances cut where a person means them, commands said in other words, and the wake word:
the real model on real espeak-ng speech, fed as fast as the decoder takes it."""

from __future__ import annotations

import queue

import pytest

from assistant.speech.audio_in import WavFileSource
from assistant.speech.listener import VoiceListener
from assistant.speech.recognizers import Heard
from assistant.speech.utterances import WakeWord
from tests.speech.helpers import events_until_stopped
from tests.speech.test_listener import TITLES


def _heard(model, wav, wake=None, muted=False) -> list[tuple[str, str]]:
    """(command name or "question" or "not understood", text) of each utterance, in order."""
    events: queue.Queue = queue.Queue()
    listener = VoiceListener(WavFileSource(wav), events.put, model=model, section_titles=TITLES, wake=wake)
    listener.muted = muted
    listener.start()
    listener.start_hands_free()
    heard = [e for e in events_until_stopped(listener, events) if isinstance(e, Heard)]
    return [
        (h.match.command.name if h.match else "question" if h.question and h.understood else "not understood", h.text)
        for h in heard
    ]


def test_two_questions_a_second_and_a_half_apart_are_two_utterances(voice_model, voice_say, voice_join, tmp_path):
    wav = voice_join(
        [
            voice_say("are these white spots dangerous", rate=160),
            voice_say("is it painful to have calcium deposits in the breast", rate=160),
        ],
        tmp_path / "two.wav",
        gap=1.5,
    )
    heard = _heard(voice_model, wav)
    assert [kind for kind, _ in heard] == ["question", "question"], heard
    assert "spots" in heard[0][1] and "calcium" in heard[1][1]


def test_a_command_said_after_a_question_is_a_command(voice_model, voice_say, voice_join, tmp_path):
    wav = voice_join(
        [voice_say("how much calcium should i take", rate=160), voice_say("quit", rate=160)],
        tmp_path / "then-quit.wav",
        gap=1.5,
    )
    heard = _heard(voice_model, wav)
    assert [kind for kind, _ in heard] == ["question", "quit"] and "calcium" in heard[0][1], heard


def test_a_question_with_a_short_pause_inside_is_one_utterance(voice_model, voice_say, voice_join, tmp_path):
    wav = voice_join(
        [voice_say("what are", rate=150), voice_say("breast calcifications", rate=150)], tmp_path / "pause.wav", gap=0.4
    )
    heard = _heard(voice_model, wav)
    assert len(heard) == 1 and heard[0][0] == "question" and "calcification" in heard[0][1], heard


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("please stop", "stop"),
        ("go to the next section", "next_section"),
        ("faster please", "faster"),
        ("speak faster", "faster"),
        ("what does the next section say about biopsy", "question"),
    ],
)
def test_commands_said_in_other_words_and_a_question_that_stays_one(voice_model, voice_say, said, expected):
    heard = _heard(voice_model, voice_say(said))
    assert [kind for kind, _ in heard] == [expected], heard


def test_with_a_wake_word_only_what_follows_it_is_taken(voice_model, voice_say, voice_join, tmp_path):
    wav = voice_join(
        [voice_say("next section"), voice_say("reader previous section"), voice_say("reader"), voice_say("where am i")],
        tmp_path / "wake.wav",
        gap=1.5,
    )
    assert _heard(voice_model, wav, WakeWord()) == [
        ("previous_section", "previous section"),
        ("where_am_i", "where am i"),
    ]


def test_stop_needs_no_wake_word_while_the_app_speaks(voice_model, voice_say, voice_join, tmp_path):
    wav = voice_join([voice_say("next section"), voice_say("stop")], tmp_path / "stop.wav", gap=1.5)
    assert _heard(voice_model, wav, WakeWord(), muted=True) == [("stop", "stop")]


@pytest.mark.parametrize(
    ("said", "voice", "expected"),
    [
        ("please go to the next section", "slt", "next_section"),
        ("stop", "awb", "stop"),
        ("do calcifications turn into cancer", "rms", "question"),
    ],
)
def test_flite_voices_from_real_speakers(voice_model, voice_flite, said, voice, expected):
    assert [kind for kind, _ in _heard(voice_model, voice_flite(said, voice))] == [expected]

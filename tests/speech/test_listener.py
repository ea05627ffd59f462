"""The listener with the real Vosk model and real (synthetic) speech from espeak-ng.

Audio is fed as fast as the decoder takes it, never in real time, and waits are bounded polls on
an event queue: the whole file runs in well under a minute on two cores.
"""

from __future__ import annotations

import io
import queue
import sys
import types
import wave
from pathlib import Path

import numpy as np
import pytest

from assistant.article import load_article
from assistant.cli.voice import describe, run_voice_test
from assistant.commands import match_phrase
from assistant.speech.audio_in import AudioSourceError, MicrophoneSource, WavFileSource, read_wav
from assistant.speech.command_choice import choose_command
from assistant.speech.listener import Hearing, ListeningChanged, VoiceError, VoiceListener, VoiceReady
from assistant.speech.recognizers import Heard, QuestionRecognizer, build_grammar, candidate_phrases, title_words
from tests.speech.helpers import WAIT, events_until_stopped

ARTICLE = Path(__file__).resolve().parents[2] / "content" / "breast-calcifications.md"
TITLES = tuple(section.title for section in load_article(ARTICLE).sections)
VOICES = ("en-us", "en")
RATES = (150, 200)
UNRELIABLE = {
    # espeak-ng renders these so that Vosk hears another phrase or is unsure; see the report in
    # benchmarks/voice.py. They are listed, not hidden, and strict: the day one is heard right, the
    # test says so and the entry goes. (A fast "quit", once heard as "wait", is heard right since
    # the grammar learnt filler words.)
    ("en", 150, "resume"): 'the British "rez-yoom" is heard as "read you"; "continue" works',
    ("en", 200, "resume"): 'the British "rez-yoom" is heard as "read you"; "continue" works',
}
"""Upper bound for any one listener event; normally they arrive within a second."""


def _phrase_cases():
    for voice in VOICES:
        for rate in RATES:
            for phrase in candidate_phrases(TITLES):
                reason = UNRELIABLE.get((voice, rate, phrase))
                marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
                yield pytest.param(phrase, voice, rate, marks=marks, id=f"{voice}-{rate}-{phrase}")


# --- Pure grammar building ----------------------------------------------------------------------


def test_candidate_phrases_cover_numbers_titles_and_the_table():
    phrases = candidate_phrases(TITLES)
    assert "next section" in phrases
    assert "go to section nine" in phrases and "section two" in phrases
    assert "go to mammography" in phrases
    assert "section" not in phrases and "go to section" not in phrases  # name no section
    assert len(phrases) == len(set(phrases))


@pytest.mark.parametrize("phrase", candidate_phrases(TITLES))
def test_every_grammar_phrase_maps_to_a_command(phrase):
    assert match_phrase(phrase, TITLES) is not None


def test_title_words_name_exactly_one_section():
    words = title_words(["Introduction", "What are Breast Calcifications?", "Mammography and Breast"])
    assert words == {"introduction": 1, "calcifications": 2, "mammography": 3}


def test_build_grammar_leaves_out_phrases_with_unknown_words_and_names_the_words_once():
    grammar = build_grammar(TITLES, known=lambda word: word not in {"mammography", "quieter"})
    assert grammar.missing_words == ("quieter", "mammography")
    assert not any("mammography" in p or "quieter" in p for p in grammar.phrases)
    assert "next section" in grammar.phrases


def test_the_model_knows_every_grammar_word(voice_grammar):
    assert voice_grammar.missing_words == ()


# --- Choosing a command from the n-best (pure) --------------------------------------------------


@pytest.mark.parametrize(
    ("alternatives", "expected", "reason"),
    [
        pytest.param([("help", 67.5), ("", 65.5)], "help", "", id="clearly-above-silence"),
        pytest.param([("read", 5.0), ("read it", 4.5), ("[unk]", 4.0)], "read", "", id="phrases-of-one-command-pool"),
        pytest.param(
            [("previous end", 10.0), ("previous sentence", 9.1), ("previous and", 8.2)],
            "previous_sentence",
            "",
            id="near-miss-above-the-command",
        ),
        pytest.param([("stop reading", 103.8), ("start reading", 103.5)], None, "unsure", id="two-commands-too-close"),
        pytest.param(
            [("of contents", 43.4), ("answer", 43.4), ("contents", 42.5)],
            None,
            "unsure",
            id="an-unrelated-sequence-counts-against",
        ),
        pytest.param(
            [("previous end", 10.0), ("previous sentence", 7.0)], None, "not a command", id="too-far-below-the-best"
        ),
        pytest.param([("[unk]", 3.0), ("stop", 2.0)], None, "unsure", id="unknown-speech-above"),
        pytest.param([("the weather", 3.0)], None, "not a command", id="no-command-at-all"),
        pytest.param([], None, "not a command", id="nothing"),
    ],
)
def test_choose_command(alternatives, expected, reason):
    choice = choose_command(alternatives, TITLES)
    assert (choice.match.command.name if choice.match else None, choice.reason) == (expected, reason)
    assert choice.understood == (expected is not None)


def test_choose_command_names_the_section_of_a_numbered_phrase():
    choice = choose_command([("go to section five", 20.0), ("go to section nine", 18.0)], TITLES)
    assert choice.understood and choice.match.argument == "5" and choice.text == "go to section five"


# --- Recognition of every phrase --------------------------------------------------------------------


@pytest.mark.parametrize(("phrase", "voice", "rate"), _phrase_cases())
def test_every_phrase_is_recognised(phrase, voice, rate, voice_say, voice_recognise, voice_grammar):
    assert phrase in voice_grammar.phrases, f"{phrase!r} was left out of the grammar"
    heard = voice_recognise(voice_say(phrase, voice, rate))
    assert [(h.understood, h.match) for h in heard] == [(True, match_phrase(phrase, TITLES))], heard


@pytest.mark.parametrize(("kind", "seconds"), [("silence", 2.0), ("white noise", 2.0), ("clicks", 2.0)])
def test_no_speech_gives_no_command(kind, seconds, tmp_path, voice_write_wav, voice_recognise):
    rate = 16000
    generator = np.random.default_rng(7)
    if kind == "silence":
        samples = np.zeros(int(seconds * rate), np.int16)
    elif kind == "white noise":
        samples = (generator.normal(0, 3000, int(seconds * rate))).astype(np.int16)
    else:
        samples = np.zeros(int(seconds * rate), np.int16)
        samples[:: rate // 4] = 20000
    heard = voice_recognise(voice_write_wav(tmp_path / "noise.wav", samples, rate))
    assert all(not h.understood and h.match is None for h in heard), heard


def test_an_ordinary_sentence_is_not_understood(voice_say, voice_recognise):
    heard = voice_recognise(voice_say("the weather is lovely in spain today"))
    assert heard and all(not h.understood and h.match is None for h in heard), heard


def test_an_utterance_longer_than_the_limit_is_cut_and_not_understood(voice_say, voice_recognise):
    long_talk = voice_say(
        "next section previous section next paragraph read this section stop reading "
        "go to the start go to the end table of contents where am i",
        rate=140,
    )
    heard = voice_recognise(long_talk, max_utterance=2.0)
    assert heard[0].reason == "too long" and not heard[0].understood and heard[0].match is None


def test_low_confidence_is_not_understood(voice_say, voice_recognise):
    heard = voice_recognise(voice_say("next section"), min_confidence=1.01)
    assert [(h.understood, h.reason, h.match) for h in heard] == [(False, "unsure", None)]


def test_question_recogniser_hears_free_speech(voice_model, voice_say):
    source = WavFileSource(voice_say("what are breast calcifications", rate=150))
    recognizer = QuestionRecognizer(voice_model, source.open())
    heard = [h for chunk in iter(source.read, None) if (h := recognizer.accept(chunk))]
    heard += [h for h in [recognizer.finish()] if h]
    assert len(heard) == 1 and heard[0].question and heard[0].understood
    assert heard[0].text.startswith("what are") and "calcification" in heard[0].text


# --- Audio sources ---------------------------------------------------------------------------------


def test_wav_source_makes_stereo_mono_and_pads_with_silence(tmp_path, voice_write_wav):
    left = np.full(4800, 1000, np.int16)
    stereo = np.stack([left, left * 3], axis=1).reshape(-1)
    path = voice_write_wav(tmp_path / "stereo.wav", stereo, 48000, channels=2)
    samples, rate = read_wav(path)
    assert rate == 48000 and samples.shape == (4800,) and samples[0] == 2000
    source = WavFileSource(path, lead_silence=0.1, trail_silence=0.2)
    assert source.open() == 48000
    chunks = list(iter(source.read, None))
    assert {len(c) for c in chunks[:-1]} == {2400 * 2}  # 50 ms of 16-bit mono
    assert sum(len(c) for c in chunks) == 2 * (4800 + 4800 + 9600)


@pytest.mark.parametrize(
    ("width", "rate", "content", "message"),
    [
        (1, 16000, None, "8-bit audio; only 16-bit WAV is supported"),
        (3, 16000, None, "24-bit audio; only 16-bit WAV is supported"),
        (2, 8000, None, "sampled at 8000 Hz; at least 16000 Hz is needed"),
        (2, 16000, b"not a wav file at all", "is not a PCM WAV file"),
    ],
)
def test_unsupported_audio_files_are_named_in_one_sentence(tmp_path, width, rate, content, message):
    path = tmp_path / "input.wav"
    if content is None:
        with wave.open(str(path), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(width)
            wav.setframerate(rate)
            wav.writeframes(bytes(width * 100))
    else:
        path.write_bytes(content)
    with pytest.raises(AudioSourceError, match=message):
        WavFileSource(path).open()


class _FakeStream:
    def __init__(self, **options):
        self.options = options

    def start(self):
        pass

    def abort(self):
        pass

    def close(self):
        pass


def _fake_sounddevice(stream_factory):
    module = types.ModuleType("sounddevice")
    module.PortAudioError = type("PortAudioError", (Exception,), {})
    module.RawInputStream = stream_factory(module)
    return module


def test_no_microphone_is_one_clear_sentence(monkeypatch):
    def factory(module):
        def fail(**options):
            raise module.PortAudioError("Error querying device -1")

        return fail

    monkeypatch.setitem(sys.modules, "sounddevice", _fake_sounddevice(factory))
    with pytest.raises(AudioSourceError, match="^No microphone was found;"):
        MicrophoneSource().open()


def test_a_microphone_unplugged_mid_session_is_reported_not_raised_past_the_listener(monkeypatch, voice_model):
    streams = []
    monkeypatch.setitem(
        sys.modules,
        "sounddevice",
        _fake_sounddevice(lambda module: lambda **o: streams.append(_FakeStream(**o)) or streams[-1]),
    )
    source = MicrophoneSource()
    events: queue.Queue = queue.Queue()
    listener = VoiceListener(source, events.put, model=voice_model)
    listener.start()
    listener.start_hands_free()
    assert isinstance(events.get(timeout=WAIT), VoiceReady)
    assert events.get(timeout=WAIT) == ListeningChanged(True, "hands_free")
    stream = streams[0].options
    stream["callback"](bytes(1600), 800, None, None)  # some audio, then the device goes away
    stream["finished_callback"]()
    error = events.get(timeout=WAIT)
    while isinstance(error, Hearing):  # the level of the audio before the device went away
        error = events.get(timeout=WAIT)
    assert isinstance(error, VoiceError) and "microphone stopped working" in error.message
    assert events.get(timeout=WAIT) == ListeningChanged(False, "hands_free", "error")
    listener.stop()
    listener.join(timeout=WAIT)
    assert not listener.is_alive()


# --- The listening thread --------------------------------------------------------------------------


@pytest.fixture
def voice_two_commands(voice_say, voice_join, tmp_path):
    return voice_join([voice_say("next section"), voice_say("go to mammography")], tmp_path / "two.wav")


def test_hands_free_hears_every_command_in_order(voice_model, voice_two_commands):
    events: queue.Queue = queue.Queue()
    listener = VoiceListener(WavFileSource(voice_two_commands), events.put, model=voice_model, section_titles=TITLES)
    listener.start()
    listener.start_hands_free()
    seen = events_until_stopped(listener, events)
    assert isinstance(seen[0], VoiceReady) and seen[0].missing_words == ()
    assert seen[1] == ListeningChanged(True, "hands_free")
    heard = [(e.match.command.name, e.match.argument) for e in seen if isinstance(e, Heard)]
    assert heard == [("next_section", ""), ("go_to_section", "3")]
    assert seen[-1] == ListeningChanged(False, "hands_free", "end of audio")


def test_push_to_talk_stops_after_one_utterance(voice_model, voice_two_commands):
    events: queue.Queue = queue.Queue()
    listener = VoiceListener(WavFileSource(voice_two_commands), events.put, model=voice_model, section_titles=TITLES)
    listener.start()
    listener.listen_once()
    seen = events_until_stopped(listener, events)
    heard = [e for e in seen if isinstance(e, Heard)]
    assert [h.match.command.name for h in heard] == ["next_section"]
    assert seen[-1] == ListeningChanged(False, "once", "heard")


def test_while_muted_only_stop_gets_through(voice_model, voice_say, voice_join, tmp_path):
    audio = voice_join(
        [voice_say("next section"), voice_say("the weather is lovely in spain today"), voice_say("stop")],
        tmp_path / "muted.wav",
    )
    events: queue.Queue = queue.Queue()
    listener = VoiceListener(WavFileSource(audio), events.put, model=voice_model)
    listener.muted = True
    listener.start()
    listener.start_hands_free()
    heard = [e for e in events_until_stopped(listener, events) if isinstance(e, Heard)]
    assert [h.match.command.name for h in heard] == ["stop"]


def test_the_model_loads_in_the_thread_and_a_missing_one_is_one_sentence(tmp_path):
    events: queue.Queue = queue.Queue()
    listener = VoiceListener(WavFileSource(tmp_path / "unused.wav"), events.put, model_path=tmp_path / "no-model-here")
    listener.start()
    error = events.get(timeout=WAIT)
    listener.join(timeout=WAIT)
    assert isinstance(error, VoiceError)
    assert error.message.endswith("Run `assistant models download`.")
    assert "no-model-here does not exist" in error.message
    assert not listener.is_alive()


def test_the_model_is_loaded_by_the_listener_and_its_load_time_reported(voice_say):
    events: queue.Queue = queue.Queue()
    listener = VoiceListener(WavFileSource(voice_say("stop")), events.put)
    listener.start()
    ready = events.get(timeout=WAIT)
    listener.stop()
    listener.join(timeout=WAIT)
    assert isinstance(ready, VoiceReady) and 0 < ready.load_seconds < WAIT
    assert ready.model_path.endswith("vosk-model-en-us") and ready.phrase_count > 80


def test_an_audio_file_that_cannot_be_opened_is_a_voice_error(voice_model, tmp_path):
    events: queue.Queue = queue.Queue()
    listener = VoiceListener(WavFileSource(tmp_path / "missing.wav"), events.put, model=voice_model)
    listener.start()
    listener.listen_once()
    assert isinstance(events.get(timeout=WAIT), VoiceReady)
    assert events.get(timeout=WAIT) == VoiceError(
        f"There is no audio file at {tmp_path / 'missing.wav'}.", recoverable=True
    )
    listener.stop()
    listener.join(timeout=WAIT)


# --- The voice-test command ------------------------------------------------------------------------


def test_voice_test_prints_one_line_per_utterance(voice_two_commands):
    out, err = io.StringIO(), io.StringIO()
    assert run_voice_test(str(voice_two_commands), None, TITLES, out=out, err=err) == 0
    assert out.getvalue().splitlines() == [
        '"next section" -> next_section (confidence 1.00)',
        '"go to mammography" -> go_to_section 3 (confidence 1.00)',
    ]


def test_voice_test_reports_a_missing_model_on_stderr_with_a_non_zero_code(tmp_path, voice_say):
    out, err = io.StringIO(), io.StringIO()
    assert run_voice_test(str(voice_say("stop")), str(tmp_path / "none"), out=out, err=err) == 1
    assert err.getvalue().strip().endswith("Run `assistant models download`.")
    assert err.getvalue().count("\n") == 1


def test_describe_a_not_understood_utterance():
    heard = Heard("[unk] [unk]", 0.42, None, False, reason="not a command")
    assert describe(heard) == '"[unk] [unk]" -> not understood (not a command) (confidence 0.42)'

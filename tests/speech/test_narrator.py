"""Read-aloud with real espeak-ng synthesis into the recording sink."""

from __future__ import annotations

import array
import math
import queue
import threading
import time
from dataclasses import dataclass, field

import pytest

from assistant.reading import ReadingMode, plan_reading
from assistant.speech.narrator import ItemStarted, JobFinished, Narrator, SpeechItem, SpeechProblem, WordStarted
from assistant.speech.player import BLOCK_SECONDS, RecordingSink
from assistant.speech.tts import Synthesizer, VoiceSettings, speakable, word_starts

WAIT_SECONDS = 30


@dataclass
class Recorder:
    """Collects narrator events with the sink's byte count at that moment."""

    sink: RecordingSink
    events: list = field(default_factory=list)
    inbox: queue.Queue = field(default_factory=queue.Queue)

    def __call__(self, event) -> None:
        self.events.append((event, len(self.sink.pcm), time.monotonic()))
        self.inbox.put(event)

    def wait_for(self, predicate, timeout: float = WAIT_SECONDS):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                event = self.inbox.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            if predicate(event):
                return event
        raise AssertionError("the narrator did not send the expected event in time")

    def started(self) -> list[tuple[SpeechItem, int]]:
        return [(e.item, offset) for e, offset, _ in self.events if isinstance(e, ItemStarted)]


@pytest.fixture
def narrate():
    made = []

    def make(speed: float = 0, settings: VoiceSettings = VoiceSettings()):
        sink = RecordingSink(speed=speed)
        recorder = Recorder(sink)
        narrator = Narrator(sink, recorder, settings)
        narrator.start()
        made.append(narrator)
        return narrator, sink, recorder

    yield make
    for narrator in made:
        narrator.close()


def rms(pcm: bytes) -> float:
    samples = array.array("h", pcm)
    return math.sqrt(sum(s * s for s in samples) / max(1, len(samples)))


def test_reading_plays_the_sentences_in_article_order_with_plausible_durations(narrate, article):
    narrator, sink, recorder = narrate(speed=0, settings=VoiceSettings(rate=175))
    items = plan_reading(article, article.sentences[0], ReadingMode.ARTICLE)
    job = narrator.speak(items)
    finished = recorder.wait_for(lambda e: isinstance(e, JobFinished) and e.job == job)
    assert finished.completed
    started = recorder.started()
    assert [item for item, _ in started] == items
    spoken_ids = [item.key for item, _ in started if item.key]
    assert spoken_ids == [s.id for s in article.sentences]
    assert [played.key for played in sink.items] == [item.key for item in items]
    for item, played in zip(items, sink.items):
        assert played.completed and played.ended >= played.started
        audio = sink.item_pcm(played)
        seconds = len(audio) / 2 / sink.sample_rate
        words = len(speakable(item.text).split())
        expected = words / 175 * 60
        assert 0.4 * expected <= seconds <= 2.0 * expected + 0.6, (item.text, seconds, expected)
        assert rms(audio) > 300, f"silent audio for {item.text!r}"


def test_headings_are_read_when_reading_enters_a_section(article):
    items = plan_reading(article, article.sentences[0], ReadingMode.ARTICLE)
    assert items[2].text == "Section 2 of 3: What are Breast Calcifications?"
    section_items = plan_reading(article, article.sections[1].sentences[2], ReadingMode.SECTION)
    assert [i.key for i in section_items] == [s.id for s in article.sections[1].sentences[2:]]
    assert [i.key for i in plan_reading(article, article.sentences[4], ReadingMode.SENTENCE)] == ["s2.1.3"]


class SignallingSink(RecordingSink):
    """A recording sink that says when a given number of blocks has been played."""

    def __init__(self, after_blocks: int) -> None:
        super().__init__(speed=1)
        self.after_blocks = after_blocks
        self.reached = threading.Event()

    def write(self, block: bytes) -> None:
        super().write(block)
        if len(self.blocks) >= self.after_blocks:
            self.reached.set()


def test_stop_ends_playback_within_one_block(article):
    sink = SignallingSink(after_blocks=10)
    recorder = Recorder(sink)
    narrator = Narrator(sink, recorder)
    narrator.start()
    job = narrator.speak([SpeechItem(s.text, s.id) for s in article.sentences[:3]])
    assert sink.reached.wait(WAIT_SECONDS), "ten blocks were never played"
    stopped_at = time.monotonic()
    narrator.stop()
    finished = recorder.wait_for(lambda e: isinstance(e, JobFinished) and e.job == job)
    assert not finished.completed
    after_stop = [t for t, _ in sink.blocks if t > stopped_at]
    assert len(after_stop) <= 1, f"{len(after_stop)} blocks played after stop"
    assert sink.seconds < 3.0
    narrator.close()


def test_a_rate_change_shortens_the_next_sentence(narrate):
    narrator, sink, recorder = narrate(speed=0, settings=VoiceSettings(rate=120))
    sentence = "Breast calcifications are very common and usually develop naturally as a woman ages."
    job = narrator.speak([SpeechItem(sentence, "a"), SpeechItem(sentence, "b"), SpeechItem(sentence, "c")])
    first = recorder.wait_for(lambda e: isinstance(e, ItemStarted) and e.item.key == "a")
    narrator.set_settings(VoiceSettings(rate=300))
    recorder.wait_for(lambda e: isinstance(e, JobFinished) and e.job == job)
    lengths = [len(sink.item_pcm(played)) for played in sink.items]
    assert first.item.key == "a" and [played.key for played in sink.items] == ["a", "b", "c"]
    # "b" may have been synthesised before the change; from "c" on the new rate must apply.
    assert lengths[2] < 0.6 * lengths[0]


def test_an_unknown_voice_is_reported_and_reading_goes_on(narrate):
    narrator, sink, recorder = narrate(speed=0, settings=VoiceSettings(voice="no/such-voice"))
    job = narrator.speak([SpeechItem("Hello.", "a")])
    problem = recorder.wait_for(lambda e: isinstance(e, SpeechProblem) and "no/such-voice" in e.message)
    assert problem.message.startswith("There is no voice called no/such-voice")
    assert recorder.wait_for(lambda e: isinstance(e, JobFinished) and e.job == job).completed
    assert sink.seconds > 0.2
    assert narrator.settings.voice is None


def test_the_synthesizer_lists_english_voices_and_cleans_text():
    voices = Synthesizer().voices()
    assert any(v.language.startswith("en") for v in voices)
    assert speakable("mammogram & biopsy – “quoted” won’t") == 'mammogram and biopsy, "quoted" won\'t'


def test_pcm_block_size_is_small():
    assert BLOCK_SECONDS <= 0.05


def test_stopped_items_are_marked_incomplete(narrate):
    narrator, sink, recorder = narrate(speed=1)
    job = narrator.speak([SpeechItem("This sentence is long enough to be cut off in the middle.", "a")])
    recorder.wait_for(lambda e: isinstance(e, ItemStarted))
    narrator.stop()
    recorder.wait_for(lambda e: isinstance(e, JobFinished) and e.job == job)
    assert [(played.key, played.completed) for played in sink.items] == [("a", False)]


def test_without_a_speaker_the_highlight_still_moves():
    """The real speaker sink on this machine: it plays, or (headless) says so once and goes silent."""
    from assistant.speech.player import SoundDeviceSink

    events: queue.Queue = queue.Queue()
    narrator = Narrator(SoundDeviceSink(), events.put)
    narrator.start()
    try:
        job = narrator.speak([SpeechItem("One.", "a"), SpeechItem("Two.", "b")])
        seen = []
        while not any(isinstance(e, JobFinished) and e.job == job for e in seen):
            seen.append(events.get(timeout=WAIT_SECONDS))
        assert [e.item.key for e in seen if isinstance(e, ItemStarted)] == ["a", "b"]
        problems = [e.message for e in seen if isinstance(e, SpeechProblem)]
        assert problems in ([], ["The speaker could not be opened, so reading will be silent."])
    finally:
        narrator.close()


def test_when_speech_cannot_start_it_says_why_once_and_jobs_end(narrate):
    """A synthesiser that fails to start stands in for a machine without espeak-ng."""
    from assistant.speech.tts import SpeechUnavailable

    class Broken(Synthesizer):
        def start(self):
            raise SpeechUnavailable("Speech is off: espeak-ng could not be started (install it with `sudo apt install espeak-ng`).")

    events: queue.Queue = queue.Queue()
    narrator = Narrator(RecordingSink(speed=0), events.put, synthesizer_factory=Broken)
    narrator.start()
    try:
        problem = events.get(timeout=WAIT_SECONDS)
        assert isinstance(problem, SpeechProblem) and "espeak-ng" in problem.message
        job = narrator.speak([SpeechItem("Hello.", "a")])
        finished = events.get(timeout=WAIT_SECONDS)
        assert finished == JobFinished(job, completed=False)
        assert not narrator.available
    finally:
        narrator.close()


def test_export_audio_writes_a_wav_per_section_and_a_playlist(article, tmp_path):
    import io
    import wave

    from assistant.export import export_audio

    progress = io.StringIO()
    paths = export_audio(article, tmp_path / "out", VoiceSettings(rate=300), progress=progress)
    assert [p.name for p in paths] == ["01-introduction.wav", "02-what-are-breast-calcifications.wav",
                                        "03-mammography-and-breast-calcifications.wav"]
    for path in paths:
        with wave.open(str(path)) as wav:
            assert wav.getnchannels() == 1 and wav.getnframes() / wav.getframerate() > 3
    playlist = (tmp_path / "out" / "playlist.m3u").read_text().splitlines()
    assert playlist[0] == "#EXTM3U" and playlist[3] == "01-introduction.wav"
    assert "21/21" in progress.getvalue()


def test_each_word_is_announced_in_order_as_its_audio_is_played(narrate, article):
    """espeak-ng's word events, heard at their audio position: the block holding a word's start
    is the one handed to the sink right after the event."""
    narrator, sink, recorder = narrate(speed=0, settings=VoiceSettings(rate=175))
    sentence = article.sections[2].sentences[-1]  # has an en dash, which is a pause, not a word
    job = narrator.speak([SpeechItem(sentence.text, key=sentence.id)])
    recorder.wait_for(lambda e: isinstance(e, JobFinished) and e.job == job)
    item_start = recorder.started()[0][1]
    words = [(e.word, offset - item_start) for e, offset, _ in recorder.events if isinstance(e, WordStarted)]
    written = sentence.text.split()
    numbers = [number for number, _ in words]
    assert numbers == sorted(set(numbers)) and 25 not in numbers  # in order, once each; word 25 is the dash
    assert len(numbers) >= 0.8 * (len(written) - 1), "espeak-ng may join a short word to the next, no more"
    offsets = [offset for _, offset in words]
    assert offsets == sorted(offsets) and offsets[-1] < len(sink.item_pcm(sink.items[0]))
    assert offsets[-1] > 0.6 * len(sink.item_pcm(sink.items[0])), "the last word starts near the end"


@pytest.mark.parametrize(("text", "spoken_events", "expected"), [
    ("A & B", [(0, 0.0), (2, 0.1), (6, 0.2)], ((0, 0.0), (1, 0.1), (2, 0.2))),  # "A and B"
    ("area – this", [(0, 0.0), (6, 0.3)], ((0, 0.0), (2, 0.3))),  # "area, this": the dash is no word
    ("one two", [(0, 0.0), (0, 0.05), (4, 0.2)], ((0, 0.0), (1, 0.2))),  # repeated events kept once
])
def test_word_events_map_to_the_words_as_written(text, spoken_events, expected):
    assert word_starts(text, speakable(text), spoken_events) == expected

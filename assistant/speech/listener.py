"""Audio in -> Vosk -> spoken commands and questions: the listening thread.

Three layers, each testable alone:
  * `AudioSource` (in `assistant.speech.audio_in`): the microphone or a WAV file, giving mono
    16-bit chunks of about 50 ms;
  * recognisers: `CommandRecognizer` knows only the command grammar, `QuestionRecognizer` hears
    free speech, and `UtteranceRecognizer` (`assistant.speech.utterances`) runs both on the same
    audio and cuts it into utterances (`assistant.speech.endpointing`), each one `Heard`;
  * `VoiceListener`: the one thread that owns the source and the recognisers and reports small
    event dataclasses through `on_event` (the TUI wraps that into `post_message`).

Vosk closes pieces of speech at short pauses (its own endpoint rules, shortened: see
`assistant.speech.models.tuned_model_dir`); where an utterance ends is decided by
`assistant.speech.endpointing` from those pieces and the partial results.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.answering.recognition_vocab import question_grammar
from assistant.speech.audio_in import (
    AudioSource,
    AudioSourceError,
)
from assistant.speech.levels import Level
from assistant.speech.models import ModelError, find_word, load_model_for_listening
from assistant.speech.recognizers import (
    HALF_DUPLEX_COMMANDS,
    MIN_CONFIDENCE,
    NO_SPEECH_SECONDS,
    QUESTION_ALTERNATIVES,
    CommandRecognizer,
    Grammar,
    Heard,
    QuestionRecognizer,
    build_grammar,
)
from assistant.speech.utterances import UtteranceRecognizer
from assistant.speech.wake import WakeWord

if TYPE_CHECKING:
    import vosk

__all__ = [
    "VoiceListener",
    "VoiceReady",
    "VoiceError",
    "ListeningChanged",
    "ListeningMode",
    "ListeningEnd",
    "VoiceEvent",
    "Hearing",
]

# --- The listening thread -------------------------------------------------------------------------


@dataclass(frozen=True)
class VoiceReady:
    """The speech model has loaded and the listener can hear commands."""

    model_path: str
    load_seconds: float
    missing_words: tuple[str, ...] = ()
    phrase_count: int = 0


@dataclass(frozen=True)
class VoiceError:
    """Voice input cannot work (no model, no microphone); the message says why in one sentence."""

    message: str
    recoverable: bool = False
    """True for audio input that failed (no microphone): the model is loaded and listening can be
    tried again; False when voice cannot work at all (no model)."""


@dataclass(frozen=True)
class Hearing:
    """While listening, a few times a second: how loud the microphone is and the words so far."""

    level: Level
    words: str = ""

    def describe(self) -> str:
        """One line of text, e.g. 'Microphone [#####-----] hearing speech: "next sec"'."""
        said = f': "{self.words}"' if self.words else ""
        return f"Microphone {self.level.bar()} {self.level.words}{said}"


class ListeningMode(StrEnum):
    """How the listener is listening."""

    NONE = ""
    ONCE = "once"
    """Push to talk: one command or question."""
    HANDS_FREE = "hands_free"
    QUESTION = "question"


class ListeningEnd(StrEnum):
    """Why listening ended."""

    ASKED = ""
    """Stopped by the app (or still listening)."""
    HEARD = "heard"
    END_OF_AUDIO = "end of audio"
    NOTHING_HEARD = "nothing heard"
    ERROR = "error"


@dataclass(frozen=True)
class ListeningChanged:
    """Listening started or ended (then with the reason)."""

    listening: bool
    mode: ListeningMode = ListeningMode.NONE
    reason: ListeningEnd = ListeningEnd.ASKED


VoiceEvent = VoiceReady | Heard | VoiceError | ListeningChanged | Hearing
HEARING_EVERY_SECONDS = 0.2
"""How often (wall clock) the listener reports the level and the words so far."""
ONCE, HANDS_FREE, QUESTION = ListeningMode.ONCE, ListeningMode.HANDS_FREE, ListeningMode.QUESTION
OPEN, ARTICLE, OFF = "open", "article", "off"
QUESTION_VOCABULARIES = (OPEN, ARTICLE, OFF)
"""How questions are heard: the model's open vocabulary, the article's words plus common question
words (`assistant.answering.recognition_vocab`), or not at all (commands only: half the decoding CPU).
OPEN is the default. Measured with benchmarks/spoken_questions.py (41 questions: the public set and
tests/data/spoken_questions_extra.tsv, espeak-ng en-us and en at 160 wpm, push to talk, MiniLM
answerer as of 2026-11-28): OPEN word error rate 37 %, answers right 42/82 (51 %), out-of-scope
refused 18/18, decoding real-time factor 0.30 with the commands; ARTICLE word error rate 40 %,
answers right 44/82 (54 %) but out-of-scope refused only 8/18 (words it does not know vanish, so
"how much does a mammogram cost" is answered as a mammogram question), real-time factor 0.10.
A quoted answer to the wrong question is worse for a health reader than "the article doesn't
say", and the accuracy gap is two questions, so OPEN wins; neither reaches the 85 % target.
Re-measured with the current answerer and tests/data/spoken_questions_heldout.tsv added (59 questions
x 2 voices): OPEN 1-best 87/118 (73.7 %), OPEN n-best (QUESTION_ALTERNATIVES) answered through
`assistant.answering.spoken.choose_question` 91/118 (77.1 %; held-out 30/36), out of scope refused
27/28 both ("how much does a mammogram cost" heard "... cast" is answered), real-time factor 0.28.
With phonetic repair of misheard article words (`assistant.answering.phonetic`): 94/118 (79.7 %), refused 27/28.
Weighing every likely hypothesis and its repair by answer score and likelihood (the chooser of
2026-11-28): public set 38/44 (86 %), held-out 33/36, and 49/52 on a new off-topic spoken set.
With the bge answerer (2026-11-30, 84 questions a voice, push to talk, clean): flite slt 94.0 %
(the voice tuned on), held-out flite rms and awb 95.2 % each, espeak-ng 88-89 %; OPEN stays.
At 20 dB SNR slt / rms / awb 84.5 / 91.7 / 85.7 %, at 10 dB 54.8 / 76.2 / 65.5 %."""
_SHUTDOWN = object()


class VoiceListener(threading.Thread):
    """The one thread for audio input. Loads the model (so the UI never waits), then listens when
    asked: `listen_once()` (push to talk) and `start_hands_free()` hear commands and, unless
    `questions=OFF`, questions (Heard.question); `ask_question()` hears one question only.
    `stop_listening()` ends a session and `stop()` ends the thread. `muted` is set by the app
    while it speaks: then only HALF_DUPLEX_COMMANDS get through."""

    def __init__(
        self,
        source: AudioSource,
        on_event: Callable[[VoiceEvent], None],
        *,
        model: vosk.Model | None = None,
        model_path: str | Path | None = None,
        section_titles: Iterable[str] = (),
        min_confidence: float = MIN_CONFIDENCE,
        questions: str = OPEN,
        article_texts: Iterable[str] = (),
        question_alternatives: int = QUESTION_ALTERNATIVES,
        wake: WakeWord | None = None,
    ) -> None:
        if questions not in QUESTION_VOCABULARIES:
            raise ValueError(f"questions must be one of {QUESTION_VOCABULARIES}, not {questions!r}")
        super().__init__(name="voice-listener", daemon=True)
        self.source = source
        self.on_event = on_event
        self.section_titles = tuple(section_titles)
        self.min_confidence = min_confidence
        self.questions = questions
        self.question_alternatives = question_alternatives
        """n-best size for questions (Heard.alternatives); 0 for the 1-best with word confidences."""
        self.article_texts = tuple(article_texts)
        """The article's text, for the ARTICLE question vocabulary."""
        self.question_grammar: Grammar | None = None
        self.wake = wake
        """Hands-free listening takes only what is said after this wake word (None: everything)."""
        self._model = model
        self._model_path = model_path
        self._requests: queue.Queue[object] = queue.Queue()
        self._stop_event = threading.Event()
        self._cancel = threading.Event()
        self._muted = threading.Event()
        self.grammar: Grammar | None = None

    # Called from any thread.
    def listen_once(self) -> None:
        self._requests.put(ONCE)

    def start_hands_free(self) -> None:
        self._requests.put(HANDS_FREE)

    def ask_question(self) -> None:
        self._requests.put(QUESTION)

    def stop_listening(self) -> None:
        self._cancel.set()

    def stop(self) -> None:
        self._stop_event.set()
        self._cancel.set()
        self._requests.put(_SHUTDOWN)

    @property
    def muted(self) -> bool:
        return self._muted.is_set()

    @muted.setter
    def muted(self, value: bool) -> None:
        (self._muted.set if value else self._muted.clear)()

    # The thread.
    def run(self) -> None:
        if not self._load():
            return
        while not self._stop_event.is_set():
            request = self._requests.get()  # a ListeningMode or _SHUTDOWN
            if request is _SHUTDOWN:
                break
            self._cancel.clear()
            self._listen(ListeningMode(str(request)))

    def _load(self) -> bool:
        started = time.perf_counter()
        try:
            model_path = self._model_path or "(given)"
            if self._model is None:
                self._model, path = load_model_for_listening(self._model_path)
                model_path = str(path)
        except ModelError as error:
            self.on_event(VoiceError(str(error)))
            return False
        known = lambda word: find_word(self._model, word)  # noqa: E731
        self.grammar = build_grammar(self.section_titles, known, self.wake.words if self.wake else ())
        if self.questions == ARTICLE:
            texts = self.article_texts or self.section_titles
            self.question_grammar = Grammar(question_grammar(texts, known))
        self.on_event(
            VoiceReady(
                str(model_path), time.perf_counter() - started, self.grammar.missing_words, len(self.grammar.phrases)
            )
        )
        return True

    def _recognizer(self, mode: ListeningMode, sample_rate: int) -> UtteranceRecognizer:
        questions = None
        if mode == QUESTION or self.questions != OFF:
            questions = QuestionRecognizer(
                self._model, sample_rate, grammar=self.question_grammar, alternatives=self.question_alternatives
            )
        commands = None
        if mode != QUESTION and self.grammar is not None:
            commands = CommandRecognizer(
                self._model, sample_rate, self.grammar, self.section_titles, self.min_confidence
            )
        wake = self.wake if mode == HANDS_FREE else None
        return UtteranceRecognizer(commands, questions, wake)

    def _listen(self, mode: ListeningMode) -> None:
        try:
            sample_rate = self.source.open()
        except AudioSourceError as error:
            self.on_event(VoiceError(str(error), recoverable=True))
            return
        self.on_event(ListeningChanged(True, mode))
        reason = ListeningEnd.ASKED
        reported = 0.0
        try:
            recognizer = self._recognizer(mode, sample_rate)
            while not self._cancel.is_set():
                chunk = self.source.read()
                if chunk is None:
                    self._report(recognizer.finish())
                    reason = ListeningEnd.END_OF_AUDIO
                    break
                if not chunk:
                    continue
                recognizer.unwoken = HALF_DUPLEX_COMMANDS if self.muted else frozenset()
                if self._report(recognizer.accept(chunk)) and mode != HANDS_FREE:
                    reason = ListeningEnd.HEARD
                    break
                if recognizer.level is not None and time.monotonic() - reported >= HEARING_EVERY_SECONDS:
                    reported = time.monotonic()
                    self.on_event(Hearing(recognizer.level, recognizer.words_so_far()))
                if (
                    mode != HANDS_FREE
                    and recognizer.speech_started is None
                    and recognizer.seconds_fed > NO_SPEECH_SECONDS
                ):
                    reason = ListeningEnd.NOTHING_HEARD
                    break
        except AudioSourceError as error:
            self.on_event(VoiceError(str(error), recoverable=True))
            reason = ListeningEnd.ERROR
        finally:
            self.source.close()
        self.on_event(ListeningChanged(False, mode, reason))

    def _report(self, heard: list[Heard]) -> bool:
        """Send each Heard unless muted (then only half-duplex commands pass); True if any was sent."""
        sent = False
        for one in heard:
            if self.muted and not (one.match and one.match.command.name in HALF_DUPLEX_COMMANDS):
                continue
            self.on_event(one)
            sent = True
        return sent

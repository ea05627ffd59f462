"""Audio in -> Vosk -> spoken commands (and, later, free questions).

Three layers, each testable alone:
  * `AudioSource`: the microphone (`MicrophoneSource`) or a WAV file (`WavFileSource`), giving mono
    16-bit chunks of about 50 ms;
  * `CommandRecognizer` / `QuestionRecognizer`: feed chunks, get a `Heard` when an utterance ends;
  * `VoiceListener`: the one thread that owns the source and the recogniser and reports small
    event dataclasses through `on_event` (the TUI wraps that into `post_message`).

Endpointing is Vosk's own (silence phones in the decoder), with shorter trailing-silence rules than
the model ships with: see `assistant.speech.models.tuned_model_dir` for the figures behind that.
"""

from __future__ import annotations

import contextlib
import json
import queue
import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Protocol, Union

import numpy as np

from assistant.commands import NUMBER_WORDS, CommandMatch, match_phrase, normalise, spoken_phrases
from assistant.speech.models import ModelError, find_word, load_model_for_listening
from assistant.speech.quiet import native_stderr_silenced

if TYPE_CHECKING:
    import vosk

CHUNK_SECONDS = 0.05
MIN_CONFIDENCE = 0.6
"""Below this per-word confidence (the weakest word counts) a command is "not understood"."""
MIN_QUESTION_CONFIDENCE = 0.4
MAX_UTTERANCE_SECONDS = 10.0
"""Someone talking for a minute is not giving a command: cut and say so."""
NO_SPEECH_SECONDS = 8.0
"""Push-to-talk gives up when nobody speaks for this long."""
HALF_DUPLEX_COMMANDS = frozenset({"stop"})
"""While the app is speaking it hears itself; only these commands get through."""
UNKNOWN = "[unk]"


class AudioSourceError(Exception):
    """Audio input that cannot be opened or stopped working; the message is one plain sentence."""


# --- Audio sources --------------------------------------------------------------------------------


class AudioSource(Protocol):
    """Mono signed 16-bit audio in chunks. `read` returns b"" when nothing is ready yet (so the
    owner can check its stop event) and None at the end of the audio."""

    def open(self) -> int: ...

    def read(self) -> bytes | None: ...

    def close(self) -> None: ...


class MicrophoneSource:
    """The default input device through sounddevice. The PortAudio callback only enqueues bytes:
    it must never block, so a full queue drops audio rather than waiting."""

    STALL_SECONDS = 2.0
    """No audio for this long while open means the device went away."""

    def __init__(self, device: int | str | None = None, sample_rate: int = 16000) -> None:
        self.device = device
        self.sample_rate = sample_rate
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=200)
        self._stream = None
        self._last_audio = 0.0
        self.dropped_chunks = 0

    def open(self) -> int:
        try:
            with native_stderr_silenced():
                import sounddevice
        except (ImportError, OSError) as error:  # OSError: libportaudio itself is missing
            raise AudioSourceError(f"Audio input is not available on this computer ({error}).") from None
        try:
            with native_stderr_silenced():
                self._stream = sounddevice.RawInputStream(
                    samplerate=self.sample_rate, blocksize=int(self.sample_rate * CHUNK_SECONDS),
                    device=self.device, channels=1, dtype="int16",
                    callback=self._callback, finished_callback=self._finished,
                )
                self._stream.start()
        except sounddevice.PortAudioError:
            self._stream = None
            raise AudioSourceError(
                "No microphone was found; plug one in, or use the keyboard commands (F1 lists them)."
            ) from None
        self._last_audio = time.monotonic()
        return self.sample_rate

    def _callback(self, indata, frames, time_info, status) -> None:
        try:
            self._queue.put_nowait(bytes(indata))
        except queue.Full:
            self.dropped_chunks += 1

    def _finished(self) -> None:
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait(None)

    def read(self) -> bytes | None:
        try:
            chunk = self._queue.get(timeout=0.1)
        except queue.Empty:
            if time.monotonic() - self._last_audio > self.STALL_SECONDS:
                raise AudioSourceError("The microphone stopped sending sound; is it still plugged in?") from None
            return b""
        if chunk is None:
            raise AudioSourceError("The microphone stopped working; is it still plugged in?")
        self._last_audio = time.monotonic()
        return chunk

    def close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        import sounddevice

        # A device that vanished fails again on close; there is nothing left to release then.
        with native_stderr_silenced(), contextlib.suppress(sounddevice.PortAudioError):
            stream.abort()
            stream.close()
        while not self._queue.empty():
            self._queue.get_nowait()


class WavFileSource:
    """A 16-bit PCM WAV file as if spoken into a microphone: a little silence before (Vosk drops
    a first word that starts at sample 0), ~50 ms chunks, then silence so the endpointer finishes.
    `realtime=True` paces the chunks like a live microphone, for demos."""

    def __init__(self, path: str | Path, realtime: bool = False, lead_silence: float = 0.3,
                 trail_silence: float = 1.0) -> None:
        self.path = Path(path)
        self.realtime = realtime
        self.lead_silence = lead_silence
        self.trail_silence = trail_silence
        self._chunks: list[bytes] = []
        self._position = 0
        self._started = 0.0
        self.sample_rate = 0

    def open(self) -> int:
        samples, self.sample_rate = read_wav(self.path)
        rate = self.sample_rate
        lead = np.zeros(int(self.lead_silence * rate), np.int16)
        trail = np.zeros(int(self.trail_silence * rate), np.int16)
        audio = np.concatenate([lead, samples, trail]).tobytes()
        step = int(rate * CHUNK_SECONDS) * 2
        self._chunks = [audio[i:i + step] for i in range(0, len(audio), step)]
        self._position = 0
        self._started = time.monotonic()
        return rate

    def read(self) -> bytes | None:
        if self._position >= len(self._chunks):
            return None
        if self.realtime:
            due = self._started + self._position * CHUNK_SECONDS
            time.sleep(max(0.0, due - time.monotonic()))
        chunk = self._chunks[self._position]
        self._position += 1
        return chunk

    def close(self) -> None:
        self._chunks = []


def read_wav(path: str | Path) -> tuple[np.ndarray, int]:
    """Mono int16 samples and the rate of a WAV file; stereo is averaged to mono."""
    path = Path(path)
    try:
        with wave.open(str(path), "rb") as wav:
            width, channels, rate = wav.getsampwidth(), wav.getnchannels(), wav.getframerate()
            frames = wav.readframes(wav.getnframes())
    except FileNotFoundError:
        raise AudioSourceError(f"There is no audio file at {path}.") from None
    except (wave.Error, EOFError):
        raise AudioSourceError(f"{path} is not a PCM WAV file.") from None
    except OSError as error:
        raise AudioSourceError(f"The audio file {path} cannot be read ({error.strerror}).") from None
    if width != 2:
        raise AudioSourceError(
            f"{path} is {width * 8}-bit audio; only 16-bit WAV is supported (convert it with "
            f"`sox {path.name} -b 16 out.wav`)."
        )
    if rate < 16000:
        raise AudioSourceError(f"{path} is sampled at {rate} Hz; at least 16000 Hz is needed.")
    samples = np.frombuffer(frames, dtype="<i2")
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1).astype(np.int16)
    return samples.astype(np.int16, copy=False), rate


# --- Recognisers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Grammar:
    phrases: tuple[str, ...]
    missing_words: tuple[str, ...] = ()
    """Words the model does not know; phrases with them were left out (report once, at start)."""


_TITLE_STOPWORDS = frozenset(
    "a an and are as at be by can do for from how i in is it its of on or should the to what when "
    "where which who why with you your my me get".split()
)


def title_words(section_titles: Iterable[str]) -> dict[str, int]:
    """Words that name exactly one section (1-based), for "go to mammography"."""
    seen: dict[str, set[int]] = {}
    for number, title in enumerate(section_titles, start=1):
        for word in normalise(title).split():
            if len(word) > 3 and word not in _TITLE_STOPWORDS and not word.isdigit():
                seen.setdefault(word, set()).add(number)
    return {word: numbers.pop() for word, numbers in seen.items() if len(numbers) == 1}


def candidate_phrases(section_titles: Iterable[str] = ()) -> list[str]:
    """Every phrase the command grammar should accept, normalised, in table order, no repeats."""
    titles = list(section_titles)
    phrases = [normalise(p) for p in spoken_phrases()]
    numbers = [w for w, n in NUMBER_WORDS.items() if n <= 9 and not w.endswith(("st", "nd", "rd", "th"))]
    for word in numbers:
        phrases += [f"go to section {word}", f"section {word}"]
    phrases += [f"go to {word}" for word in title_words(titles)]
    phrases += [f"go to {normalise(title)}" for title in titles if normalise(title)]
    return list(dict.fromkeys(p for p in phrases if p and not _incomplete(p)))


def _incomplete(phrase: str) -> bool:
    """ "section" / "go to section" name no section; in the grammar they would also let a short
    pause before the number end the utterance early, so only the numbered forms are listened for."""
    match = match_phrase(phrase)
    return match is not None and match.command.name == "go_to_section" and not match.argument


def build_grammar(section_titles: Iterable[str], known: Callable[[str], bool]) -> Grammar:
    """Keep the phrases whose every word the model knows; name the words it does not."""
    kept: list[str] = []
    missing: dict[str, None] = {}
    for phrase in candidate_phrases(section_titles):
        unknown = [word for word in phrase.split() if not known(word)]
        for word in unknown:
            missing[word] = None
        if not unknown:
            kept.append(phrase)
    return Grammar(tuple(kept), tuple(missing))


@dataclass(frozen=True)
class Heard:
    """One finished utterance. `understood` is False for low confidence, unknown words, an
    utterance cut for length, or (for commands) text that maps to no command."""

    text: str
    confidence: float
    match: CommandMatch | None
    understood: bool
    question: bool = False
    reason: str = ""
    """Why not understood, in a few plain words ("" when understood)."""
    audio_end: float = 0.0
    """Seconds of audio fed to the recogniser when the result came (for latency figures)."""


class _Recognizer:
    """Feeds audio to one vosk KaldiRecognizer; stays on the thread that created it."""

    min_confidence = MIN_CONFIDENCE

    def __init__(self, model: "vosk.Model", sample_rate: int, grammar: Grammar | None,
                 max_utterance: float = MAX_UTTERANCE_SECONDS) -> None:
        import vosk

        if grammar is None:
            self._kaldi = vosk.KaldiRecognizer(model, sample_rate)
        else:
            self._kaldi = vosk.KaldiRecognizer(model, sample_rate, json.dumps([*grammar.phrases, UNKNOWN]))
        self._kaldi.SetWords(True)
        self.sample_rate = sample_rate
        self.max_utterance = max_utterance
        self.seconds_fed = 0.0
        self.speech_started: float | None = None
        """Audio time when the current utterance's first word appeared in a partial result."""

    def accept(self, chunk: bytes) -> Heard | None:
        """Feed a chunk; a Heard when an utterance just ended, else None."""
        self.seconds_fed += len(chunk) / 2 / self.sample_rate
        if self._kaldi.AcceptWaveform(chunk):
            return self._heard(self._kaldi.Result())
        if self.speech_started is None:
            if json.loads(self._kaldi.PartialResult()).get("partial"):
                self.speech_started = self.seconds_fed
        elif self.seconds_fed - self.speech_started > self.max_utterance:
            self._kaldi.Reset()
            self.speech_started = None
            return Heard("", 0.0, None, False, self.is_question, "too long", self.seconds_fed)
        return None

    def finish(self) -> Heard | None:
        """End of audio: whatever was said last."""
        return self._heard(self._kaldi.FinalResult())

    def _heard(self, result_json: str) -> Heard | None:
        self.speech_started = None
        result = json.loads(result_json)
        words = result.get("result", [])
        text = result.get("text", "").strip()
        if not text:
            return None  # silence or a cough the decoder dropped: nothing to report
        confidence = min((w.get("conf", 0.0) for w in words), default=0.0)
        return self._interpret(text, confidence)

    is_question = False

    def _interpret(self, text: str, confidence: float) -> Heard:
        raise NotImplementedError


class CommandRecognizer(_Recognizer):
    """Restricted to the command grammar, so "next" is not heard as "text" and anything else
    becomes [unk]: far more accurate for short commands than open dictation."""

    def __init__(self, model: "vosk.Model", sample_rate: int, grammar: Grammar,
                 section_titles: Iterable[str] = (), min_confidence: float = MIN_CONFIDENCE,
                 max_utterance: float = MAX_UTTERANCE_SECONDS) -> None:
        super().__init__(model, sample_rate, grammar, max_utterance)
        self.section_titles = tuple(section_titles)
        self.min_confidence = min_confidence

    def _interpret(self, text: str, confidence: float) -> Heard:
        end = self.seconds_fed
        if UNKNOWN in text.split():
            return Heard(text, confidence, None, False, reason="not a command", audio_end=end)
        if confidence < self.min_confidence:
            return Heard(text, confidence, None, False, reason="unsure", audio_end=end)
        match = match_phrase(text, self.section_titles)
        if match is None:
            return Heard(text, confidence, None, False, reason="not a command", audio_end=end)
        return Heard(text, confidence, match, True, audio_end=end)


class QuestionRecognizer(_Recognizer):
    """Open vocabulary (no grammar), for spoken questions about the article."""

    is_question = True

    def __init__(self, model: "vosk.Model", sample_rate: int, min_confidence: float = MIN_QUESTION_CONFIDENCE,
                 max_utterance: float = MAX_UTTERANCE_SECONDS * 2) -> None:
        super().__init__(model, sample_rate, None, max_utterance)
        self.min_confidence = min_confidence

    def _interpret(self, text: str, confidence: float) -> Heard:
        understood = confidence >= self.min_confidence
        return Heard(text, confidence, None, understood, question=True,
                     reason="" if understood else "unsure", audio_end=self.seconds_fed)


# --- The listening thread -------------------------------------------------------------------------


@dataclass(frozen=True)
class VoiceReady:
    model_path: str
    load_seconds: float
    missing_words: tuple[str, ...] = ()
    phrase_count: int = 0


@dataclass(frozen=True)
class VoiceError:
    message: str


@dataclass(frozen=True)
class ListeningChanged:
    listening: bool
    mode: str = ""
    """"once" (push to talk), "hands_free" or "question"."""
    reason: str = ""
    """Why listening ended: "" (asked to), "heard", "end of audio", "nothing heard", "error"."""


VoiceEvent = Union[VoiceReady, Heard, VoiceError, ListeningChanged]
ONCE, HANDS_FREE, QUESTION = "once", "hands_free", "question"
_SHUTDOWN = object()


class VoiceListener(threading.Thread):
    """The one thread for audio input. Loads the model (so the UI never waits), then listens when
    asked: `listen_once()` (push to talk), `start_hands_free()`, `ask_question()`; `stop_listening()`
    ends a session and `stop()` ends the thread. `muted` is set by the app while it speaks."""

    def __init__(self, source: AudioSource, on_event: Callable[[VoiceEvent], None], *,
                 model: "vosk.Model | None" = None, model_path: str | Path | None = None,
                 section_titles: Iterable[str] = (), min_confidence: float = MIN_CONFIDENCE) -> None:
        super().__init__(name="voice-listener", daemon=True)
        self.source = source
        self.on_event = on_event
        self.section_titles = tuple(section_titles)
        self.min_confidence = min_confidence
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
            request = self._requests.get()
            if request is _SHUTDOWN:
                break
            self._cancel.clear()
            self._listen(str(request))

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
        self.grammar = build_grammar(self.section_titles, lambda word: find_word(self._model, word))
        self.on_event(VoiceReady(str(model_path), time.perf_counter() - started,
                                 self.grammar.missing_words, len(self.grammar.phrases)))
        return True

    def _recognizer(self, mode: str, sample_rate: int) -> _Recognizer:
        if mode == QUESTION:
            return QuestionRecognizer(self._model, sample_rate)
        return CommandRecognizer(self._model, sample_rate, self.grammar, self.section_titles,
                                 self.min_confidence)

    def _listen(self, mode: str) -> None:
        try:
            sample_rate = self.source.open()
        except AudioSourceError as error:
            self.on_event(VoiceError(str(error)))
            return
        self.on_event(ListeningChanged(True, mode))
        reason = ""
        try:
            recognizer = self._recognizer(mode, sample_rate)
            while not self._cancel.is_set():
                chunk = self.source.read()
                if chunk is None:
                    self._report(recognizer.finish())
                    reason = "end of audio"
                    break
                if not chunk:
                    continue
                if self._report(recognizer.accept(chunk)) and mode != HANDS_FREE:
                    reason = "heard"
                    break
                if (mode != HANDS_FREE and recognizer.speech_started is None
                        and recognizer.seconds_fed > NO_SPEECH_SECONDS):
                    reason = "nothing heard"
                    break
        except AudioSourceError as error:
            self.on_event(VoiceError(str(error)))
            reason = "error"
        finally:
            self.source.close()
        self.on_event(ListeningChanged(False, mode, reason))

    def _report(self, heard: Heard | None) -> bool:
        """Send a Heard unless muted (then only half-duplex commands pass); True if sent."""
        if heard is None:
            return False
        if self.muted and not (heard.match and heard.match.command.name in HALF_DUPLEX_COMMANDS):
            return False
        self.on_event(heard)
        return True

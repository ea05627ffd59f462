"""Speech synthesis with pyttsx3 (espeak-ng on Linux), one sentence at a time, into memory.

pyttsx3 2.99 plays speech by running a blocking `aplay` that cannot be interrupted, so we never
let it play: we ask its espeak driver for audio data and play that ourselves (see player.py).
A Synthesizer must be used from one thread only: espeak keeps global state.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import threading
import wave
from dataclasses import dataclass, replace
from pathlib import Path

RATE_MIN, RATE_MAX, RATE_DEFAULT, RATE_STEP = 80, 400, 175, 25
VOLUME_STEP = 0.1
SYNTHESIS_TIMEOUT_SECONDS = 20.0


class SpeechUnavailable(Exception):
    """Speech cannot be produced; the message is one plain sentence for the reader."""


@dataclass(frozen=True)
class VoiceSettings:
    rate: int = RATE_DEFAULT
    """Words per minute."""
    voice: str | None = None
    """An espeak-ng voice id such as "gmw/en-us"; None for the default voice."""
    volume: float = 1.0

    def faster(self) -> "VoiceSettings":
        return replace(self, rate=min(RATE_MAX, self.rate + RATE_STEP))

    def slower(self) -> "VoiceSettings":
        return replace(self, rate=max(RATE_MIN, self.rate - RATE_STEP))

    def louder(self) -> "VoiceSettings":
        return replace(self, volume=round(min(1.0, self.volume + VOLUME_STEP), 2))

    def quieter(self) -> "VoiceSettings":
        return replace(self, volume=round(max(0.1, self.volume - VOLUME_STEP), 2))


def check_rate(rate: int) -> int:
    if not RATE_MIN <= rate <= RATE_MAX:
        raise ValueError(f"The speaking rate must be between {RATE_MIN} and {RATE_MAX} words per minute, not {rate}.")
    return rate


@dataclass(frozen=True)
class VoiceInfo:
    id: str
    name: str
    language: str


@dataclass(frozen=True)
class Audio:
    """Mono 16-bit PCM, with when each word starts where the synthesiser says so."""

    pcm: bytes
    sample_rate: int
    word_starts: tuple[tuple[int, float], ...] = ()
    """(word number in the sentence as written, counted by whitespace; seconds into the audio),
    from espeak-ng's word events. Empty when the synthesiser gives no word timings."""

    @property
    def seconds(self) -> float:
        return len(self.pcm) / 2 / self.sample_rate


_WORD = re.compile(r"\S+")
_DASH_ONLY = re.compile(r"^[–—]+$")


def word_starts(text: str, spoken: str, events: list[tuple[int, float]]) -> tuple[tuple[int, float], ...]:
    """Turn the synthesiser's word events (character offset in `spoken`, seconds) into word numbers
    of `text` as written. `speakable` only swaps characters and turns dashes into pauses, so the
    written words, less lone dashes, line up one to one with the spoken ones."""
    written = [number for number, word in enumerate(_WORD.findall(text)) if not _DASH_ONLY.match(word)]
    spoken_spans = [(m.start(), m.end()) for m in _WORD.finditer(spoken)]
    starts: dict[int, float] = {}
    for offset, seconds in events:
        index = next((i for i, (start, end) in enumerate(spoken_spans) if start <= offset < end), None)
        if index is not None and index < len(written):
            starts.setdefault(written[index], seconds)
    return tuple(sorted(starts.items(), key=lambda item: item[1]))


_SPOKEN_REPLACEMENTS = (
    (re.compile(r"\s*&\s*"), " and "),
    (re.compile(r"[‘’‚′]"), "'"),
    (re.compile(r"[“”„″]"), '"'),
    (re.compile(r"[\u00a0\u2000-\u200b\u202f]"), " "),
    (re.compile(r"\s*[–—]\s*"), ", "),
    (re.compile(r"\s+"), " "),
)


def speakable(text: str) -> str:
    """The words to send to the synthesiser: "&" as "and", plain quotes, dashes as pauses.

    Article text is already free of markup (article.py strips it); nothing here changes wording.
    """
    for pattern, replacement in _SPOKEN_REPLACEMENTS:
        text = pattern.sub(replacement, text)
    return text.strip()


def _silence_driver_prints() -> None:
    """pyttsx3's espeak driver prints "Audio saved to ..." from espeak's own thread for every
    sentence. Swapping sys.stdout around the call is not enough: another thread (Textual, at exit)
    may swap it back meanwhile and the line lands on the terminal. So that module's `print` is
    replaced by one that does nothing; nothing else in the process is touched."""
    try:
        from pyttsx3.drivers import espeak as espeak_driver
    except (ImportError, OSError):
        return  # pyttsx3.init reports the missing engine in words
    espeak_driver.print = lambda *args, **kwargs: None


def _voice_info(voice) -> VoiceInfo:
    languages = getattr(voice, "languages", None) or [""]
    language = languages[0] if isinstance(languages[0], str) else str(languages[0])
    return VoiceInfo(id=voice.id, name=voice.name, language=language)


_ESPEAK_LOCK = threading.RLock()
"""espeak-ng is one global engine per process: two threads inside it at once crash it."""


class Synthesizer:
    """Owns one pyttsx3 engine. Create and use it on one thread (the narrator's)."""

    def __init__(self) -> None:
        self._engine = None
        self._driver = None
        self._scratch = Path(tempfile.mkdtemp(prefix="assistant-tts-")) / "sentence.wav"
        self._applied: VoiceSettings | None = None
        self._finished = threading.Event()
        self._voices: list[VoiceInfo] | None = None
        self._word_events: list[tuple[int, float]] = []

    def start(self) -> None:
        """Start the engine now, so the first sentence is not delayed. Raises SpeechUnavailable."""
        with _ESPEAK_LOCK:
            self._start()

    def _start(self) -> None:
        if self._engine is not None:
            return
        try:
            import pyttsx3
        except ImportError:
            raise SpeechUnavailable("Speech is off: the pyttsx3 package is not installed.") from None
        try:
            _silence_driver_prints()
            self._engine = pyttsx3.init("espeak")
        except (OSError, RuntimeError, ImportError, KeyError, ValueError) as error:
            raise SpeechUnavailable(
                "Speech is off: espeak-ng could not be started (install it with `sudo apt install espeak-ng`)."
            ) from error
        self._driver = getattr(getattr(self._engine, "proxy", None), "_driver", None)
        self._engine.connect("finished-utterance", lambda **_: self._finished.set())
        self._listen_for_word_times()

    def _listen_for_word_times(self) -> None:
        """pyttsx3's "started-word" event gives a word's text offset but not when it is heard; the
        espeak-ng event under it also carries the audio position. Read both from espeak's callback
        (then hand it on to the driver unchanged) so the reading view can highlight each word."""
        driver = self._driver
        try:
            from pyttsx3.drivers import _espeak
        except (ImportError, OSError):
            return
        original = getattr(driver, "_onSynth", None)
        if original is None or not hasattr(_espeak, "SetSynthCallback"):
            return

        def on_synth(wav, numsamples, events):
            index = 0
            while events[index].type != _espeak.EVENT_LIST_TERMINATED:
                event = events[index]
                if event.type == _espeak.EVENT_WORD:
                    self._word_events.append((event.text_position - 1, event.audio_position / 1000))
                index += 1
            return original(wav, numsamples, events)

        _espeak.SetSynthCallback(on_synth)

    def voices(self) -> list[VoiceInfo]:
        with _ESPEAK_LOCK:
            self._start()
            if self._voices is None:
                self._voices = [_voice_info(voice) for voice in self._engine.getProperty("voices")]
            return self._voices

    def _apply(self, settings: VoiceSettings) -> None:
        if settings == self._applied:
            return
        check_rate(settings.rate)
        self._engine.setProperty("rate", settings.rate)
        self._engine.setProperty("volume", max(0.0, min(1.0, settings.volume)))
        if settings.voice:
            if settings.voice not in {voice.id for voice in self.voices()}:
                raise SpeechUnavailable(f"There is no voice called {settings.voice}; the voice was not changed.")
            try:
                self._engine.setProperty("voice", settings.voice)
            except (ValueError, OSError):
                raise SpeechUnavailable(f"The voice {settings.voice} could not be used.") from None
        self._applied = settings

    def synthesize(self, text: str, settings: VoiceSettings) -> Audio:
        """Synthesise one sentence into memory."""
        with _ESPEAK_LOCK:
            return self._synthesize(text, settings)

    def _synthesize(self, text: str, settings: VoiceSettings) -> Audio:
        self._start()
        self._apply(settings)
        words = speakable(text)
        if not words:
            return Audio(b"", 22050)
        self._scratch.unlink(missing_ok=True)
        self._word_events = []
        driver = self._driver
        if hasattr(driver, "save_to_file") and hasattr(driver, "_start_synthesis"):
            # espeak synthesises on its own thread and the driver announces the end with
            # "finished-utterance"; waiting for that event instead of runAndWait saves the
            # driver's polling sleeps (10 ms or more per sentence).
            self._finished.clear()
            driver.save_to_file(words, str(self._scratch))
            driver._start_synthesis(words)
            if not self._finished.wait(timeout=SYNTHESIS_TIMEOUT_SECONDS):
                raise SpeechUnavailable("Speech failed: the synthesiser did not answer.")
        else:
            self._engine.save_to_file(words, str(self._scratch))
            self._engine.runAndWait()
        try:
            with wave.open(str(self._scratch), "rb") as wav:
                return Audio(wav.readframes(wav.getnframes()), wav.getframerate(),
                             word_starts(text, words, self._word_events))
        except (OSError, wave.Error, EOFError) as error:
            raise SpeechUnavailable("Speech failed: the synthesiser produced no audio.") from error

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._scratch.unlink(missing_ok=True)
            os.rmdir(self._scratch.parent)

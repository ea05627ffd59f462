"""Voice input: the listener thread's events become commands, questions or a "didn't catch that".

Vosk and sounddevice load only in the listener's thread.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from assistant.commands import COMMANDS_BY_NAME
from assistant.speech import earcons
from assistant.speech.narrator import SpeechItem
from assistant.tui.host import ReaderHost

if TYPE_CHECKING:
    from assistant.speech.audio_in import AudioSource
    from assistant.speech.listener import VoiceEvent, VoiceListener
    from assistant.speech.recognizers import Heard
    from assistant.speech.wake import WakeWord
    from assistant.tui.remembering import ReadingMemory

QUIT_CONFIRM_SECONDS = 10.0
MISSES_BEFORE_HINT = 2


@dataclass(frozen=True)
class VoiceInput:
    """How the app hears: where audio comes from and how the listener behaves."""

    source_factory: Callable[[], AudioSource]
    """Makes the AudioSource (a microphone, or a WAV file for demos and tests)."""
    model_path: str | None = None
    barge_in: bool = False
    """Headphone users may interrupt with any command while the app speaks (no half-duplex)."""
    hands_free: bool = False
    """Start listening continuously as soon as the model is ready."""
    wake: WakeWord | None = None
    """Hands-free listening takes only what is said after this wake word ("stop" always works)."""


@dataclass
class VoiceMessage(Message):
    """A listener event, carried from the listener thread to the event loop."""

    event: VoiceEvent


def voice_summary() -> str:
    """What to say for "what can I say": the commonest phrases, then where the rest are."""
    names = [
        "next_section",
        "previous_section",
        "read",
        "stop",
        "pause",
        "faster",
        "slower",
        "where_am_i",
        "repeat",
        "contents",
    ]
    phrases = ", ".join(COMMANDS_BY_NAME[name].phrases[0] for name in names)
    return (
        f"You can say: {phrases}, go to section two, or ask a question such as: do calcifications hurt? "
        "Press F1 to see every key and phrase."
    )


class VoiceController:
    """Owns the listener thread and turns what it hears into commands and questions."""

    def __init__(
        self, host: ReaderHost, voice_input: VoiceInput | None, memory: ReadingMemory, ask: Callable[..., None]
    ) -> None:
        self.host = host
        self.voice_input = voice_input
        self.memory = memory
        self.ask = ask
        """Where spoken questions go (the question controller): ask(text, alternatives, on_done=...)."""
        self.queue: deque[Heard] = deque()
        """Utterances heard and not yet acted on: each waits for the answer to a question before it."""
        self._answering = False
        self._microphone_missing = False
        self.listener: VoiceListener | None = None
        self.ready = False
        self._misses = 0
        self._heard_anything = False
        self._quit_armed_until = 0.0

    def start(self) -> None:
        """Start the listener thread (it loads the model), or say that voice is off."""
        from assistant.speech.listener import VoiceListener

        if self.voice_input is None:
            self.host.set_status(listening="Voice: off")
            return
        self.host.set_status(listening="Voice: loading the speech model...")

        def post(event: VoiceEvent) -> None:  # runs on the listener thread: only post a message
            self.host.post_message(VoiceMessage(event))

        self.listener = VoiceListener(
            self.voice_input.source_factory(),
            post,
            model_path=self.voice_input.model_path,
            section_titles=[s.title for s in self.host.article.sections],
            wake=self.voice_input.wake,
        )
        self.listener.start()

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.stop()
            self.listener.join(timeout=2.0)

    def _voice_off(self, reason: str) -> None:
        self.ready = False
        self.host.set_status(listening="Voice: off", message=f"{reason} Keyboard and reading still work.")

    # --- keys and voice commands ----------------------------------------------------------------
    def _need_voice(self) -> VoiceListener | None:
        if self.listener is None or not self.ready:
            why = (
                "Voice is still loading." if self.listener is not None and self.listener.is_alive() else "Voice is off."
            )
            self.host.announce(f"{why} Every command also has a key: press F1 for the list.", then_read=False)
            return None
        return self.listener

    def listen_once(self) -> None:
        listener = self._need_voice()
        if listener is not None:
            self.host.say([SpeechItem("", audio=earcons.listening_started())], interrupt_reading=False)
            listener.listen_once()

    def start_listening(self) -> None:
        listener = self._need_voice()
        if listener is not None:
            listener.start_hands_free()
            self.memory.remember_listening_mode("hands_free")
            wake = self.voice_input.wake if self.voice_input is not None else None
            first = f"Say {wake.words[0]} before each command or question; stop works without it. " if wake else ""
            self.host.announce(f"Listening all the time. {first}Say stop listening to stop.", then_read=False)

    def stop_listening(self) -> None:
        if self.listener is not None:
            self.listener.stop_listening()
        self.memory.remember_listening_mode("push_to_talk")
        self.host.announce("Stopped listening. Press v to speak one command.", then_read=False)

    def set_microphone_muted(self, speaking: bool) -> None:
        """Half duplex: while the app speaks, the listener ignores everything but "stop"."""
        if self.listener is not None and self.voice_input is not None and not self.voice_input.barge_in:
            self.listener.muted = speaking

    # --- listener events ------------------------------------------------------------------------
    def handle(self, event: VoiceEvent) -> None:
        """Act on one listener event (on the event loop)."""
        from assistant.speech.listener import (
            Hearing,
            ListeningChanged,
            ListeningEnd,
            ListeningMode,
            VoiceError,
            VoiceReady,
        )
        from assistant.speech.recognizers import Heard

        host = self.host
        if isinstance(event, VoiceReady):
            self.ready = True
            host.set_status(listening="Voice: ready, press v to talk")
            ready = "Voice commands are ready: press v and speak."
            if event.missing_words:
                missing = ", ".join(event.missing_words)
                host.log_transcript(f"Words the speech model does not know (left out): {missing}")
                ready += f" The speech model does not know these words, so phrases with them are left out: {missing}."
            host.set_status(message=ready)
            if host.self_voicing:
                host.say([SpeechItem(ready.split(":")[0] + ".")], interrupt_reading=False)
            if self.voice_input is not None and self.voice_input.hands_free and self.listener is not None:
                self.listener.start_hands_free()
                if self.voice_input.wake is not None:
                    word = self.voice_input.wake.words[0]
                    host.set_status(
                        message=f'Listening all the time: say "{word}" before a command or question '
                        f'("{word}, next section"); "stop" works without it.'
                    )
        elif isinstance(event, VoiceError) and event.recoverable:
            self._no_microphone(event.message)
        elif isinstance(event, VoiceError):
            self._voice_off(event.message)
        elif isinstance(event, Hearing):
            host.set_status(hearing=event.describe())
        elif isinstance(event, ListeningChanged):
            label = {
                ListeningMode.ONCE: "Listening ● (one command)",
                ListeningMode.HANDS_FREE: "Listening ● (hands-free)",
                ListeningMode.QUESTION: "Listening ● (question)",
            }.get(event.mode, "Listening ●")
            if event.listening:
                self._microphone_missing = False
                host.set_status(listening=label, hearing="Microphone: listening")
            elif event.reason != ListeningEnd.ERROR:
                host.set_status(listening="Voice: ready, press v to talk", hearing="")
            if event.listening:
                self._heard_anything = False
            elif (
                event.mode != ListeningMode.HANDS_FREE
                and not self._heard_anything
                and event.reason in (ListeningEnd.NOTHING_HEARD, ListeningEnd.END_OF_AUDIO)
            ):
                self._not_understood("nothing clear", "no words")
        elif isinstance(event, Heard):
            self._heard_anything = True
            self.on_heard(event)

    def _no_microphone(self, message: str) -> None:
        """Audio input failed but the model is loaded: say so once, then briefly; v and L try again."""
        self.host.set_status(listening="Voice: no microphone, press v to try again", hearing="")
        if self._microphone_missing:
            self.host.announce("Still no microphone. Keyboard and reading still work.", then_read=False)
        else:
            self.host.announce(f"{message} Press v to try again; keyboard and reading still work.", then_read=False)
        self._microphone_missing = True

    def _not_understood(self, shown: str, why: str) -> None:
        self._misses += 1
        self.host.log_transcript(f"Heard: {shown} -> not understood ({why})")
        hint = " Say help to hear what you can say." if self._misses >= MISSES_BEFORE_HINT else ""
        self.host.set_status(message=f'Sorry, I didn\'t catch that. I heard: "{shown}".{hint}')
        if self.host.self_voicing:
            self.host.say(
                [SpeechItem("", audio=earcons.not_understood()), SpeechItem(f"Sorry, I didn't catch that.{hint}")],
                interrupt_reading=False,
            )

    def on_heard(self, heard: Heard) -> None:
        """Queue what was heard; it is acted on in order, each after the answer before it."""
        self.queue.append(heard)
        if self._answering:
            self.host.log_transcript(
                f"Heard: {heard.text or '(speech)'} (waiting for the answer before it; {len(self.queue)} waiting)"
            )
        self._drain()

    def _drain(self) -> None:
        while self.queue and not self._answering:
            self._act(self.queue.popleft())

    def _answered(self) -> None:
        self._answering = False
        self._drain()

    def _act(self, heard: Heard) -> None:
        host = self.host
        if heard.question and heard.understood:
            self._misses = 0
            host.log_transcript(f"Heard question: {heard.text} (confidence {heard.confidence:.2f})")
            self._answering = True
            self.ask(heard.text, tuple(heard.alternatives), on_done=self._answered)
            return
        if not heard.understood or heard.match is None:
            shown = heard.text.replace("[unk]", "…").strip() or "nothing clear"
            self._not_understood(shown, f"{heard.reason or 'unsure'}, {heard.confidence:.2f}")
            return
        self._misses = 0
        command = heard.match.command
        host.log_transcript(f"Heard: {heard.text} -> {command.help} ({heard.confidence:.2f})")
        if command.name == "quit" and time.monotonic() > self._quit_armed_until:
            self._quit_armed_until = time.monotonic() + QUIT_CONFIRM_SECONDS
            host.announce("Do you want to close the app? Say quit again to close it.", then_read=False)
            return
        host.run_command(heard.match)
        if command.name == "help":
            host.announce(voice_summary(), then_read=False)

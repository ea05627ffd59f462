"""Voice input for ReaderApp: the listener thread's events become commands, questions or a
"didn't catch that". A mixin so app.py stays wiring; Vosk and sounddevice load only in the thread.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

from textual.message import Message

from assistant.commands import COMMANDS_BY_NAME
from assistant.speech import earcons
from assistant.speech.narrator import SpeechItem

QUIT_CONFIRM_SECONDS = 10.0
MISSES_BEFORE_HINT = 2


@dataclass(frozen=True)
class VoiceInput:
    """How the app hears: where audio comes from and how the listener behaves."""

    source_factory: Callable[[], object]
    """Makes the AudioSource (a microphone, or a WAV file for demos and tests)."""
    model_path: str | None = None
    barge_in: bool = False
    """Headphone users may interrupt with any command while the app speaks (no half-duplex)."""
    hands_free: bool = False
    """Start listening continuously as soon as the model is ready."""


@dataclass
class VoiceMessage(Message):
    """A listener event, carried from the listener thread to the event loop."""

    event: object


def voice_summary() -> str:
    """What to say for "what can I say": the commonest phrases, then where the rest are."""
    names = ["next_section", "previous_section", "read", "stop", "pause", "faster", "slower",
             "where_am_i", "repeat", "contents"]
    phrases = ", ".join(COMMANDS_BY_NAME[name].phrases[0] for name in names)
    return (f"You can say: {phrases}, go to section two, or ask a question such as: do calcifications hurt? "
            "Press F1 to see every key and phrase.")


class ListeningMixin:
    """Needs from the app: voice_input, article, announce, say, run_command, ask_question, _set_status."""

    listener = None
    voice_ready = False
    _misses = 0
    _heard_anything = False
    _quit_armed_until = 0.0

    def start_listener(self) -> None:
        from assistant.speech.listener import VoiceListener

        self._set_status(listening="Voice: loading the speech model...")
        self.listener = VoiceListener(
            self.voice_input.source_factory(), lambda event: self.post_message(VoiceMessage(event)),
            model_path=self.voice_input.model_path,
            section_titles=[s.title for s in self.article.sections],
        )
        self.listener.start()

    def stop_listener(self) -> None:
        if self.listener is not None:
            self.listener.stop()
            self.listener.join(timeout=2.0)

    def _voice_off(self, reason: str) -> None:
        self.voice_ready = False
        self._set_status(listening="Voice: off", message=f"{reason} Keyboard and reading still work.")

    # --- keys and voice commands ----------------------------------------------------------------
    def _need_voice(self) -> bool:
        if self.listener is None or not self.voice_ready:
            why = "Voice is still loading." if self.listener is not None and self.listener.is_alive() else "Voice is off."
            self.announce(f"{why} Every command also has a key: press F1 for the list.", then_read=False)
            return False
        return True

    def action_listen_once(self) -> None:
        if self._need_voice():
            self.say([SpeechItem("", audio=earcons.listening_started())], interrupt_reading=False)
            self.listener.listen_once()

    def action_start_listening(self) -> None:
        if self._need_voice():
            self.listener.start_hands_free()
            self._remember_listening_mode("hands_free")
            self.announce("Listening all the time. Say stop listening to stop.", then_read=False)

    def action_stop_listening(self) -> None:
        if self.listener is not None:
            self.listener.stop_listening()
        self._remember_listening_mode("push_to_talk")
        self.announce("Stopped listening. Press v to speak one command.", then_read=False)

    def _remember_listening_mode(self, mode: str) -> None:
        self.settings.listening_mode = mode
        self.save_settings()

    def set_microphone_muted(self, speaking: bool) -> None:
        """Half duplex: while the app speaks, the listener ignores everything but "stop"."""
        if self.listener is not None and not self.voice_input.barge_in:
            self.listener.muted = speaking

    # --- listener events ------------------------------------------------------------------------
    def on_voice_message(self, message: VoiceMessage) -> None:
        from assistant.speech.listener import Heard, ListeningChanged, VoiceError, VoiceReady

        if not self.is_running:
            return  # posted just before quitting: the widgets it would update are already gone
        event = message.event
        if isinstance(event, VoiceReady):
            self.voice_ready = True
            self._set_status(listening="Voice: ready, press v to talk")
            ready = "Voice commands are ready: press v and speak."
            if event.missing_words:
                missing = ", ".join(event.missing_words)
                self.log_transcript(f"Words the speech model does not know (left out): {missing}")
                ready += f" The speech model does not know these words, so phrases with them are left out: {missing}."
            self._set_status(message=ready)
            if self.self_voicing:
                self.say([SpeechItem(ready.split(":")[0] + ".")], interrupt_reading=False)
            if self.voice_input.hands_free:
                self.listener.start_hands_free()
        elif isinstance(event, VoiceError):
            self._voice_off(event.message)
        elif isinstance(event, ListeningChanged):
            label = {"once": "Listening ● (one command)", "hands_free": "Listening ● (hands-free)",
                     "question": "Listening ● (question)"}.get(event.mode, "Listening ●")
            self._set_status(listening=label if event.listening else "Voice: ready, press v to talk")
            if event.listening:
                self._heard_anything = False
            elif event.mode != "hands_free" and not self._heard_anything and event.reason in ("nothing heard", "end of audio"):
                self._not_understood("", "nothing clear", "no words")
        elif isinstance(event, Heard):
            self._heard_anything = True
            self.on_heard(event)

    def _not_understood(self, text: str, shown: str, why: str) -> None:
        self._misses += 1
        self.log_transcript(f"Heard: {shown} -> not understood ({why})")
        hint = " Say help to hear what you can say." if self._misses >= MISSES_BEFORE_HINT else ""
        self._set_status(message=f'Sorry, I didn\'t catch that. I heard: "{shown}".{hint}')
        if self.self_voicing:
            self.say([SpeechItem("", audio=earcons.not_understood()),
                      SpeechItem(f"Sorry, I didn't catch that.{hint}")], interrupt_reading=False)

    def on_heard(self, heard) -> None:
        if heard.question and heard.understood:
            self._misses = 0
            self.log_transcript(f"Heard question: {heard.text} (confidence {heard.confidence:.2f})")
            self.ask_question(heard.text, tuple(getattr(heard, "alternatives", ())))
            return
        if not heard.understood or heard.match is None:
            shown = heard.text.replace("[unk]", "…").strip() or "nothing clear"
            self._not_understood(heard.text, shown, f"{heard.reason or 'unsure'}, {heard.confidence:.2f}")
            return
        self._misses = 0
        command = heard.match.command
        self.log_transcript(f"Heard: {heard.text} -> {command.help} ({heard.confidence:.2f})")
        if command.name == "quit" and time.monotonic() > self._quit_armed_until:
            self._quit_armed_until = time.monotonic() + QUIT_CONFIRM_SECONDS
            self.announce("Do you want to close the app? Say quit again to close it.", then_read=False)
            return
        if command.name == "help":
            self.run_command(heard.match)
            self.announce(voice_summary(), then_read=False)
            return
        self.run_command(heard.match)

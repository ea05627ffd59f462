"""Rate, volume, voice and self-voicing.

A change while reading applies from the next sentence; when idle it is confirmed aloud.
"""

from __future__ import annotations

from dataclasses import replace

from assistant.speech.narrator import SpeechItem
from assistant.speech.tts import VoiceInfo, VoiceSettings
from assistant.tui.activity import Activity
from assistant.tui.host import ReaderHost
from assistant.tui.screens.voice_picker import VoicePicker


class SpeechSettingsController:
    """Changes how the app speaks, and saves each change."""

    def __init__(self, host: ReaderHost) -> None:
        self.host = host

    def _change(self, settings: VoiceSettings, message: str) -> None:
        host = self.host
        host.voice_settings = settings
        if host.narrator is not None:
            host.narrator.set_settings(settings)
        host.set_status(voice=host.speech_label(), message=message)
        host.save_settings()
        if host.activity != Activity.READING and host.self_voicing:
            host.say([SpeechItem(message)])

    def faster(self) -> None:
        settings = self.host.voice_settings.faster()
        self._change(settings, f"Rate {settings.rate} words per minute.")

    def slower(self) -> None:
        settings = self.host.voice_settings.slower()
        self._change(settings, f"Rate {settings.rate} words per minute.")

    def louder(self) -> None:
        settings = self.host.voice_settings.louder()
        self._change(settings, f"Volume {round(settings.volume * 100)} percent.")

    def quieter(self) -> None:
        settings = self.host.voice_settings.quieter()
        self._change(settings, f"Volume {round(settings.volume * 100)} percent.")

    def choose_voice(self) -> None:
        host = self.host
        if not host.voices:
            host.announce("No voices are available: speech is off.")
            return

        def chosen(voice: VoiceInfo | None) -> None:
            if voice is None:
                host.announce("Voice not changed.", then_read=False)
            else:
                self._change(replace(host.voice_settings, voice=voice.id), f"Voice {voice.name}.")

        host.push_screen(VoicePicker(host.voices, host.voice_settings.voice), chosen)
        host.announce("Choose a voice. Up and Down preview each voice, Enter chooses, Escape cancels.",
                      then_read=False)

    def preview_voice(self, voice: VoiceInfo) -> None:
        self.host.say([SpeechItem(f"This is the voice {voice.name}.")],
                      replace(self.host.voice_settings, voice=voice.id))

    def toggle_self_voicing(self) -> None:
        host = self.host
        host.self_voicing = not host.self_voicing
        state = "on" if host.self_voicing else "off: only reading is spoken"
        host.set_status(voice=host.speech_label(), message=f"Self-voicing {state}.")
        host.save_settings()
        if host.self_voicing:
            host.say([SpeechItem("Self-voicing on.")])

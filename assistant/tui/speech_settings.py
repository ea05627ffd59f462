"""Rate, volume, voice and self-voicing for ReaderApp (a mixin, so app.py stays wiring).

A change while reading applies from the next sentence; when idle it is confirmed aloud.
"""

from __future__ import annotations

from dataclasses import replace

from assistant.speech.narrator import SpeechItem
from assistant.speech.tts import VoiceInfo, VoiceSettings
from assistant.tui.widgets.voice_picker import VoicePicker


class SpeechSettingsMixin:
    """Needs from the app: voice_settings, narrator, voices, announce, say, save_settings, _set_status."""

    def _change_voice_settings(self, settings: VoiceSettings, message: str) -> None:
        self.voice_settings = settings
        if self.narrator is not None:
            self.narrator.set_settings(settings)
        self._set_status(voice=self._speech_label(), message=message)
        self.save_settings()
        if self.activity != "Reading" and self.self_voicing:
            self.say([SpeechItem(message)])

    def action_faster(self) -> None:
        settings = self.voice_settings.faster()
        self._change_voice_settings(settings, f"Rate {settings.rate} words per minute.")

    def action_slower(self) -> None:
        settings = self.voice_settings.slower()
        self._change_voice_settings(settings, f"Rate {settings.rate} words per minute.")

    def action_louder(self) -> None:
        settings = self.voice_settings.louder()
        self._change_voice_settings(settings, f"Volume {round(settings.volume * 100)} percent.")

    def action_quieter(self) -> None:
        settings = self.voice_settings.quieter()
        self._change_voice_settings(settings, f"Volume {round(settings.volume * 100)} percent.")

    def action_choose_voice(self) -> None:
        if not self.voices:
            self.announce("No voices are available: speech is off.")
            return

        def chosen(voice: VoiceInfo | None) -> None:
            if voice is None:
                self.announce("Voice not changed.", then_read=False)
            else:
                self._change_voice_settings(replace(self.voice_settings, voice=voice.id), f"Voice {voice.name}.")

        self.push_screen(VoicePicker(self.voices, self.voice_settings.voice), chosen)
        self.announce("Choose a voice. Up and Down preview each voice, Enter chooses, Escape cancels.",
                      then_read=False)

    def preview_voice(self, voice: VoiceInfo) -> None:
        self.say([SpeechItem(f"This is the voice {voice.name}.")], replace(self.voice_settings, voice=voice.id))

    def action_toggle_self_voicing(self) -> None:
        self.self_voicing = not self.self_voicing
        state = "on" if self.self_voicing else "off: only reading is spoken"
        self._set_status(message=f"Self-voicing {state}.")
        self.save_settings()
        if self.self_voicing:
            self.say([SpeechItem("Self-voicing on.")])

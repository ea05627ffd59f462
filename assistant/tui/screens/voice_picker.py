"""Choose a voice: moving through the list previews each voice; Enter chooses, Escape cancels."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from assistant.speech.tts import VoiceInfo
from assistant.tui.screens.closing import ClosingOnce


def english_first(voices: tuple[VoiceInfo, ...]) -> list[VoiceInfo]:
    """English voices first (the article is English), each group by name."""
    return sorted(voices, key=lambda v: (not v.language.startswith("en"), v.name.lower()))


class VoicePicker(ClosingOnce[VoiceInfo | None]):
    """A list of the installed voices, English first; each highlighted voice is previewed."""

    @dataclass
    class Previewed(Message):
        """A voice was highlighted: the app says a sample sentence in it."""

        voice: VoiceInfo

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, voices: tuple[VoiceInfo, ...], current: str | None) -> None:
        super().__init__()
        self.voices = english_first(voices)
        self.current = current
        self._ready = False

    def compose(self) -> ComposeResult:
        yield Static(Text("Choose a voice: Up/Down to hear each one, Enter to choose, Escape to cancel.",
                          style="bold"))
        options = [Option(Text(f"{v.name} ({v.language})"), id=v.id) for v in self.voices]
        yield OptionList(*options, id="voices")

    def on_mount(self) -> None:
        voice_list = self.query_one(OptionList)
        ids = [v.id for v in self.voices]
        voice_list.highlighted = ids.index(self.current) if self.current in ids else 0
        self.set_focus(voice_list)  # at once: keys typed next are already queued
        self._ready = True

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self._ready and event.option_index is not None:
            self.post_message(self.Previewed(self.voices[event.option_index]))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.voices[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)

"""The declared interface between the app and its controllers.

Each controller (questions, voice, memory, speech settings) owns its own state and reaches the
rest of the app only through `ReaderHost`: no controller touches another's attributes or calls a
private method of the app. ReaderApp is the one implementation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Protocol, TypeVar

from assistant.article import Article
from assistant.reader import ReadingCursor
from assistant.reading import ReadingMode
from assistant.speech.narrator import Narrator, SpeechItem
from assistant.speech.tts import VoiceInfo, VoiceSettings
from assistant.tui.activity import Activity

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widget import Widget
    from textual.worker import Worker

    from assistant.commands import CommandMatch

WidgetT = TypeVar("WidgetT", bound="Widget")


class ReaderHost(Protocol):
    """What a controller may use of the app."""

    article: Article
    cursor: ReadingCursor
    activity: Activity
    reading_mode: ReadingMode | None
    self_voicing: bool
    voice_settings: VoiceSettings
    voices: tuple[VoiceInfo, ...]
    narrator: Narrator | None
    theme: str
    questions: Any
    """The question controller (the About box and answers live there)."""

    @property
    def is_running(self) -> bool: ...

    @property
    def size(self) -> Any:
        """The terminal's size (columns and rows)."""

    def announce(self, message: str, *, then_read: bool = True) -> None:
        """Show a state change in the status line and, with self-voicing on, speak it."""

    def say(self, items: list[SpeechItem], settings: VoiceSettings | None = None, *,
            interrupt_reading: bool = True) -> bool:
        """Hand items to the narrator; False when there is no speech."""

    def set_status(self, **parts: str) -> None:
        """Update parts of the status line (position, activity, voice, listening, answers, message, saving)."""

    def speech_label(self) -> str: ...

    async def show_position(self) -> None:
        """Show the cursor's sentence in the article view, contents and status line."""

    def start_reading(self, mode: ReadingMode, prefix: list[SpeechItem] | None = None) -> None: ...

    def log_transcript(self, line: str) -> None: ...

    def run_command(self, match: CommandMatch) -> None: ...

    def switch_article(self, request: Any) -> None:
        """End this app so that the command line opens `request.article` (an OpenRequest)."""

    def save_settings(self) -> None: ...

    def mark_glossary_terms(self, glossary: Any) -> None: ...

    def query_one(self, selector: type[WidgetT]) -> WidgetT: ...

    def push_screen(self, screen: Screen[Any], callback: Callable[[Any], Any] | None = None) -> Any: ...

    def post_message(self, message: Any) -> bool: ...

    def call_later(self, callback: Callable[..., Any], *args: Any) -> bool: ...

    def call_from_thread(self, callback: Callable[..., Any], *args: Any) -> Any: ...

    def run_worker(self, work: Callable[[], Any], *, thread: bool = ..., exclusive: bool = ...,
                   group: str = ...) -> Worker[Any]: ...

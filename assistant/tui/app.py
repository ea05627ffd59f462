"""The Textual app: wiring only. Keys (from the command table) and narrator events come in;
the cursor, the narrator and the widgets are told what to do. Questions, voice, memory and speech
settings are controllers that reach the app only through the ReaderHost protocol (host.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, OptionList, Static

from assistant.article import Article, Sentence
from assistant.commands import COMMANDS, CommandMatch
from assistant.reader import ReadingCursor
from assistant.settings import Settings, SettingsStore
from assistant.reading import ReadingMode, end_message, plan_reading, section_announcement
from assistant.speech.narrator import (ItemStarted, JobFinished, Narrator, NarratorEvent, SpeechItem,
                                       SpeechProblem, VoicesFound)
from assistant.speech.player import AudioSink
from assistant.speech.tts import VoiceInfo, VoiceSettings
from assistant.tui.activity import Activity
from assistant.tui.asking import QuestionController
from assistant.tui.listening import VoiceController, VoiceInput, VoiceMessage
from assistant.tui.opening import ArticleOpener, OpenRequest
from assistant.tui.remembering import ReadingMemory
from assistant.tui.screens.article_picker import ArticlePicker
from assistant.tui.screens.help_screen import HelpScreen
from assistant.tui.screens.voice_picker import VoicePicker
from assistant.tui.speech_settings import SpeechSettingsController
from assistant.tui.themes import DEFAULT_THEME, PALETTES_BY_NAME, textual_themes
from assistant.tui.widgets.answer_panel import AnswerPanel
from assistant.tui.widgets.article_view import ArticleView
from assistant.tui.widgets.contents import ContentsList
from assistant.tui.widgets.question_box import QuestionBox
from assistant.tui.widgets.status import StatusLine
from assistant.tui.widgets.transcript import TranscriptPanel


def bindings_from_table() -> list[BindingType]:
    """Every key in the command table becomes a binding to `action_<name>`."""
    bindings: list[BindingType] = []
    for command in COMMANDS:
        for key in command.keys:
            action = f"{command.name}({key})" if command.argument == "digit" else command.name
            bindings.append(Binding(key, action, command.help, show=False, priority=key in PRIORITY_KEYS))
    return bindings


PRIORITY_KEYS = ("f1", "ctrl+q", "slash")
"""Handled by the app before a key is routed to the focused widget. For `/` this matters: the keys
typed in the same burst are routed as soon as `/` is handled, so the question box must have focus
by then, or "/quick" reaches the reading commands and quits."""


@dataclass
class SpeechEvent(Message):
    """A narrator event, carried from the narrator thread to the event loop."""

    event: NarratorEvent


class ReaderApp(App["OpenRequest | None"]):
    """The full-screen reader. Services (sink, voice input, store, answerer) are passed in.

    It returns an OpenRequest when the reader picked another article (the command line then runs a
    fresh app on it), else None.
    """

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "Health article reader"
    BINDINGS: ClassVar[list[BindingType]] = bindings_from_table()
    ENABLE_COMMAND_PALETTE = False

    activity: reactive[Activity] = reactive(Activity.STOPPED, always_update=True, init=False)
    """What the reader is doing; the status line follows it."""

    def __init__(self, article: Article, *, sink: AudioSink | None = None, speech: bool = True,
                 voice_settings: VoiceSettings = VoiceSettings(), theme: str = DEFAULT_THEME,
                 answers: bool = True, voice_input: VoiceInput | None = None,
                 store: SettingsStore | None = None, settings: Settings | None = None,
                 answerer=None, answerer_factory=None, article_path: Path | None = None) -> None:
        super().__init__()
        self.article = article
        self.cursor = ReadingCursor(article)
        self._sink = sink
        self._speech_wanted = speech
        self.voice_settings = voice_settings
        self.narrator: Narrator | None = None
        self.voices: tuple[VoiceInfo, ...] = ()
        self.reading_mode: ReadingMode | None = None
        self.last_spoken: list[SpeechItem] = []
        self._job = 0
        self._theme_name = theme if theme in PALETTES_BY_NAME else DEFAULT_THEME
        self.spoken_log: list[str] = []
        """Everything handed to the narrator, in order (for the transcript and for tests)."""
        self.highlight_log: list[str] = []
        """Sentence ids in the order their audio started playing."""
        self.memory = ReadingMemory(self, store, settings)
        self.self_voicing = self.memory.settings.self_voicing
        self.questions = QuestionController(self, answerer=answerer, wanted=answers, factory=answerer_factory)
        self.voice = VoiceController(self, voice_input, self.memory, self.questions.ask)
        self.speech_settings = SpeechSettingsController(self)
        self.opener = ArticleOpener(self, store, article_path)

    # --- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(Text(self.article.title), id="title")
        with Horizontal(id="main"):
            yield ContentsList(self.article, id="contents")
            yield ArticleView(id="article")
        yield AnswerPanel(id="answer")
        yield TranscriptPanel(id="transcript")
        yield QuestionBox(placeholder="Type a question about the article and press Enter", id="question")
        yield StatusLine(id="status")

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return {"focus-border": "#ffff00"}

    async def on_mount(self) -> None:
        for theme in textual_themes():
            self.register_theme(theme)
        self.theme = self._theme_name
        self.query_one(ContentsList).border_title = "Contents"
        self.query_one(ArticleView).border_title = "Article"
        self.query_one(ArticleView).focus()
        await self.show_position()
        notice = self.article.metadata.get("notice", "")
        self.set_status(message=(notice + " " if notice else "")
                        + "Press r to read aloud, n for the next section, v to speak a command, F1 for help.")
        self.query_one(QuestionBox).display = False
        self.query_one(TranscriptPanel).display = False
        if self.questions.answerer is not None:
            self.mark_glossary_terms(self.questions.answerer.glossary)
        elif self.questions.wanted:
            # The answer models load as soon as the article is on screen and readable (in a thread).
            self.call_after_refresh(self.questions.start_answerer)
        if self._speech_wanted:
            self.narrator = Narrator(self._sink or _speaker_sink(), self._on_narrator_event, self.voice_settings)
            self.narrator.start()
        else:
            self.set_status(voice="Speech off")
        self.voice.start()
        await self.memory.restore()
        self.opener.remember()
        self._say_notice()
        settings = self.memory.settings
        if self.memory.store is not None and not settings.seen_disclaimer:
            settings.seen_disclaimer = True
            self.save_settings()
            self.action_disclaimer()

    def _say_notice(self) -> None:
        """Say how the article was read in (no headings, not English) with where it resumed, if it did."""
        notice = self.article.metadata.get("notice", "")
        if not notice:
            return
        message = self.query_one(StatusLine).message
        if message.startswith(notice):
            if self.self_voicing:
                self.say([SpeechItem(notice)])
        else:
            self.announce(f"{notice} {message}", then_read=False)

    def on_unmount(self) -> None:
        self.memory.save_position()
        self.opener.remember()
        self.voice.stop()
        if self.narrator is not None:
            self.narrator.close()

    # --- status and speech ----------------------------------------------------------------------
    def set_status(self, **parts: str) -> None:
        """Update parts of the status line (position, activity, voice, listening, answers, message, saving)."""
        self.query_one(StatusLine).set(**parts)

    def speech_label(self) -> str:
        """The speech part of the status line: rate, volume and voice, or why there is no speech."""
        if self.narrator is None or not self.narrator.available:
            return "Speech off"
        settings = self.voice_settings
        voice = settings.voice.split("/")[-1] if settings.voice else "default voice"
        return f"{settings.rate} wpm, volume {round(settings.volume * 100)}%, {voice}"

    def say(self, items: list[SpeechItem], settings: VoiceSettings | None = None, *,
            interrupt_reading: bool = True) -> bool:
        """Hand items to the narrator, replacing what it was saying. False if there is no speech.

        With interrupt_reading=False nothing is said while reading (earcons, "didn't catch that").
        """
        if self.narrator is None or not self.narrator.available or not items:
            return False
        if not interrupt_reading and self.activity == Activity.READING:
            return False
        self._job = self.narrator.speak(items, settings)
        self.voice.set_microphone_muted(True)
        words = [item for item in items if item.text]
        if words:
            self.last_spoken = words
        for item in words:
            self.spoken_log.append(item.text)
            self.log_transcript(f"Said: {item.text}")
        return True

    def log_transcript(self, line: str) -> None:
        self.query_one(TranscriptPanel).add(line)

    def action_transcript(self) -> None:
        panel = self.query_one(TranscriptPanel)
        panel.display = not panel.display
        self.set_status(message="Transcript shown." if panel.display else "Transcript hidden.")

    def announce(self, message: str, *, then_read: bool = True) -> None:
        """Show a state change in the status line and, with self-voicing on, speak it.

        While reading, the announcement is spoken and reading carries on from the current sentence.
        """
        self.set_status(message=message)
        if not self.self_voicing:
            return
        items = [SpeechItem(message)]
        if self.activity == Activity.READING and then_read and self.reading_mode is not None:
            items += plan_reading(self.article, self.cursor.sentence, self.reading_mode)
        self.say(items)

    async def show_position(self) -> None:
        """Show the cursor's sentence in the article view, contents and status line."""
        sentence = self.cursor.sentence
        await self.query_one(ArticleView).show(self.cursor.section, sentence)
        self.query_one(ContentsList).mark_current(sentence.section_index)
        self.set_status(position=self.cursor.where_am_i(), activity=self.activity_label(),
                        voice=self.speech_label())

    def activity_label(self) -> str:
        """The activity as the status line says it ("Reading section", "Paused")."""
        if self.activity == Activity.READING and self.reading_mode is not None:
            return f"Reading {self.reading_mode.value}"
        return self.activity.value

    def watch_activity(self) -> None:
        self.set_status(activity=self.activity_label())

    # --- narrator events ------------------------------------------------------------------------
    def _on_narrator_event(self, event: NarratorEvent) -> None:
        """Runs on the narrator thread: only post a message."""
        self.post_message(SpeechEvent(event))

    async def on_speech_event(self, message: SpeechEvent) -> None:
        if not self.is_running:
            return  # posted just before quitting: the widgets it would update are already gone
        event = message.event
        if isinstance(event, ItemStarted) and event.job == self._job and event.item.key:
            self.highlight_log.append(event.item.key)
            if self.cursor.go_to_sentence_id(event.item.key) is not None:
                await self.show_position()
        elif isinstance(event, JobFinished) and event.job == self._job:
            self.voice.set_microphone_muted(False)
            if self.activity == Activity.READING:
                mode = self.reading_mode
                self.activity = Activity.STOPPED
                self.memory.save_position()
                if event.completed and mode is not None and end_message(mode):
                    self.announce(end_message(mode))
        elif isinstance(event, SpeechProblem):
            self.set_status(message=event.message, voice=self.speech_label())
            if self.narrator is not None and self.narrator.settings != self.voice_settings:
                self.voice_settings = self.narrator.settings  # the narrator fell back to the default voice
        elif isinstance(event, VoicesFound):
            self.voices = event.voices
            self.set_status(voice=self.speech_label())

    # --- reading --------------------------------------------------------------------------------
    def start_reading(self, mode: ReadingMode, prefix: list[SpeechItem] | None = None) -> None:
        """Read from the cursor: this sentence, this section or to the end of the article."""
        items = (prefix or []) + plan_reading(self.article, self.cursor.sentence, mode)
        if not self.say(items):
            self.set_status(message="Speech is off, so nothing can be read aloud. " + _why_no_speech(self))
            return
        self.reading_mode = mode
        self.activity = Activity.READING

    def action_read(self) -> None:
        self.start_reading(ReadingMode.ARTICLE)

    def action_read_section(self) -> None:
        self.start_reading(ReadingMode.SECTION)

    def action_read_sentence(self) -> None:
        self.start_reading(ReadingMode.SENTENCE)

    def action_pause(self) -> None:
        """Space: pause when reading, resume (from the start of the interrupted sentence) when paused."""
        if self.activity == Activity.READING and self.narrator is not None:
            self.narrator.stop()
            self.activity = Activity.PAUSED
            self.set_status(message="Paused. Press Space to resume.")
        elif self.activity == Activity.PAUSED:
            self.action_resume()
        else:
            self.action_read()

    def action_resume(self) -> None:
        if self.activity == Activity.PAUSED and self.reading_mode is not None:
            self.start_reading(self.reading_mode)
        elif self.activity != Activity.READING:
            self.action_read()

    def action_stop(self) -> None:
        if self.narrator is not None:
            self.narrator.stop()
        was = self.activity
        self.activity = Activity.STOPPED
        if was != Activity.STOPPED:
            self.set_status(message="Stopped.")

    def action_repeat(self) -> None:
        if not self.last_spoken:
            self.announce("Nothing has been said yet.")
            return
        item = next(i for i in reversed(self.last_spoken) if i.text)
        self.say([self._current_or(item)])

    def _current_or(self, item: SpeechItem) -> SpeechItem:
        """Repeat the sentence being read (not the whole plan); else the last announcement."""
        if self.activity in (Activity.READING, Activity.PAUSED):
            self.activity = Activity.STOPPED
            return SpeechItem(self.cursor.sentence.text, key=self.cursor.sentence.id)
        return item

    # --- moving ---------------------------------------------------------------------------------
    async def _moved(self, sentence: Sentence | None, edge_message: str, *, section_changed_from: int) -> None:
        if sentence is None:
            self.announce(edge_message, then_read=False)
            return
        await self.show_position()
        changed = sentence.section_index != section_changed_from
        prefix = [SpeechItem(section_announcement(self.article, sentence.section_index))] if changed else []
        if self.activity == Activity.READING and self.reading_mode is not None:
            self.start_reading(self.reading_mode, prefix)
        elif self.activity == Activity.PAUSED:
            self.set_status(message="Paused at the new place. Press Space to resume.")
        elif self.self_voicing:
            self.say(prefix + [SpeechItem(sentence.text, key=sentence.id)])
        self.set_status(message=section_announcement(self.article, sentence.section_index) if changed else "")

    async def _move(self, name: str, argument: str | int = "") -> None:
        before = self.cursor.sentence.section_index
        sentence, edge_message = self.cursor.move(name, argument)
        await self._moved(sentence, edge_message, section_changed_from=before)

    async def action_next_sentence(self) -> None:
        await self._move("next_sentence")

    async def action_previous_sentence(self) -> None:
        await self._move("previous_sentence")

    async def action_next_paragraph(self) -> None:
        await self._move("next_paragraph")

    async def action_previous_paragraph(self) -> None:
        await self._move("previous_paragraph")

    async def action_next_section(self) -> None:
        await self._move("next_section")

    async def action_previous_section(self) -> None:
        await self._move("previous_section")

    async def action_first(self) -> None:
        await self._move("first")

    async def action_last(self) -> None:
        await self._move("last")

    async def action_go_to_section(self, number: str | int) -> None:
        await self._move("go_to_section", number)

    def action_contents(self) -> None:
        contents = self.query_one(ContentsList)
        contents.highlighted = self.cursor.section.index
        contents.focus()
        listing = " ".join(f"{s.index + 1}: {s.spoken_title}." for s in self.article.sections)
        self.announce(f"Contents. {listing} Press Enter on a section to go there.", then_read=False)

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option_list, ContentsList):
            self.query_one(ArticleView).focus()
            await self.action_go_to_section(str(event.option_index + 1))

    def action_where_am_i(self) -> None:
        self.announce(self.cursor.where_am_i() + f". {self.activity_label()}.")

    # --- help, voice, questions, quit ---------------------------------------------------------
    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen())
        self.announce("Help. Every key is listed. Press Escape to close.", then_read=False)

    def mark_glossary_terms(self, glossary: Any) -> None:
        """Underline glossary terms in the article view (ask "what does stereotactic mean")."""
        view = self.query_one(ArticleView)
        for section in self.article.sections:
            for paragraph in section.paragraphs:
                view.term_marks[paragraph.id] = [(start, end) for start, end, _ in glossary.find_terms(paragraph.text)]
        view.refresh_marks()

    async def action_quit(self) -> None:
        self.exit()

    # --- routed to the controllers --------------------------------------------------------------
    def save_settings(self) -> None:
        self.memory.save_settings()

    def action_ask(self) -> None:
        """Open the question box. `/` is a priority key, so typed into a text box it is a slash."""
        focused = self.focused
        if isinstance(focused, Input):
            focused.insert_text_at_cursor("/")
            return
        if self.screen is not self.screen_stack[0]:
            return  # a dialog is open: the box would open behind it
        self.questions.open_box()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if isinstance(event.input, QuestionBox):
            self._close_question_box()
            self.questions.ask(event.value)

    def on_question_box_closed(self, _: QuestionBox.Closed) -> None:
        self._close_question_box()

    def _close_question_box(self) -> None:
        self.questions.close_box()
        self.query_one(ArticleView).focus()

    def action_read_more(self) -> None:
        self.questions.read_more()

    def action_next_answer(self) -> None:
        self.questions.next_answer()

    def action_disclaimer(self) -> None:
        self.questions.show_disclaimer()

    def on_voice_message(self, message: VoiceMessage) -> None:
        if self.is_running:  # else posted just before quitting: the widgets it would update are gone
            self.voice.handle(message.event)

    def action_listen_once(self) -> None:
        self.voice.listen_once()

    def action_start_listening(self) -> None:
        self.voice.start_listening()

    def action_stop_listening(self) -> None:
        self.voice.stop_listening()

    def action_add_bookmark(self) -> None:
        self.memory.add_bookmark()

    def action_list_bookmarks(self) -> None:
        self.memory.list_bookmarks()

    async def action_next_bookmark(self) -> None:
        await self.memory.next_bookmark()

    def action_delete_bookmark(self) -> None:
        self.memory.delete_bookmark()

    def action_next_theme(self) -> None:
        self.memory.next_theme()

    def action_faster(self) -> None:
        self.speech_settings.faster()

    def action_slower(self) -> None:
        self.speech_settings.slower()

    def action_louder(self) -> None:
        self.speech_settings.louder()

    def action_quieter(self) -> None:
        self.speech_settings.quieter()

    def action_choose_voice(self) -> None:
        self.speech_settings.choose_voice()

    def on_voice_picker_previewed(self, message: VoicePicker.Previewed) -> None:
        self.speech_settings.preview_voice(message.voice)

    def action_toggle_self_voicing(self) -> None:
        self.speech_settings.toggle_self_voicing()

    def action_open_article(self) -> None:
        if not isinstance(self.screen, ArticlePicker):
            self.opener.open_picker()

    def on_article_picker_said(self, message: ArticlePicker.Said) -> None:
        self.announce(message.text, then_read=False)

    def switch_article(self, request: Any) -> None:
        """Save this article's place, then hand `request` to the command line (see ArticleOpener)."""
        self.memory.save_position()
        self.opener.remember()
        self.exit(request)

    def run_command(self, match: CommandMatch) -> None:
        """Run a command from the table by name (voice uses this; keys go through bindings)."""
        args = (match.argument,) if match.command.argument else ()
        self.call_later(self.run_action, f"{match.command.name}({', '.join(repr(a) for a in args)})")


def _why_no_speech(app: ReaderApp) -> str:
    return "" if app._speech_wanted else "It was switched off with --no-speech."


def _speaker_sink() -> AudioSink:
    from assistant.speech.player import SoundDeviceSink

    return SoundDeviceSink()


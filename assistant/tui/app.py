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
from textual import events
from textual.widgets import Input, OptionList, Static

from assistant.article import Article
from assistant.commands import COMMANDS, COMMANDS_BY_NAME, CommandMatch
from assistant.reader import MOVES, Level, ReadingCursor
from assistant.settings import Settings, SettingsStore
from assistant.reading import ReadingMode, end_message, plan_reading
from assistant.speech.narrator import (ItemStarted, JobFinished, Narrator, NarratorEvent, SpeechItem,
                                       SpeechProblem, VoicesFound, WordStarted)
from assistant.speech.player import AudioSink
from assistant.speech.tts import VoiceInfo, VoiceSettings
from assistant.tui.activity import Activity
from assistant.tui.asking import QuestionController
from assistant.tui.contents_control import ContentsController
from assistant.tui.listening import VoiceController, VoiceInput, VoiceMessage
from assistant.tui.navigation import NavigationController
from assistant.tui.reading_control import ReadingController
from assistant.tui.opening import ArticleOpener, OpenRequest
from assistant.tui.remembering import ReadingMemory
from assistant.tui.screens.article_picker import ArticlePicker
from assistant.tui.screens.help_screen import HelpScreen
from assistant.tui.screens.voice_picker import VoicePicker
from assistant.tui.speech_settings import SpeechSettingsController
from assistant.tui.terminal_cursor import place_cursor
from assistant.tui.themes import DEFAULT_THEME, PALETTES_BY_NAME, textual_themes
from assistant.tui.widgets.answer_panel import AnswerPanel
from assistant.tui.widgets.article_view import ArticleView
from assistant.tui.widgets.contents import ContentsList
from assistant.tui.widgets.question_box import QuestionBox
from assistant.tui.widgets.status import StatusLine
from assistant.tui.widgets.transcript import TranscriptPanel


FIRST_MESSAGE = "r reads aloud, / asks a question, F1 help."


def bindings_from_table() -> list[BindingType]:
    """Every key in the command table becomes a binding to `action_<name>`."""
    bindings: list[BindingType] = []
    for command in COMMANDS:
        for key in command.keys:
            action = f"{command.name}({key})" if command.argument == "digit" else command.name
            bindings.append(Binding(key, action, command.help, show=False, priority=key in PRIORITY_KEYS))
    return bindings


TRANSCRIBED_PER_PLAN = 20
"""Items of one reading plan written to the transcript; the rest are counted. Reading to the end
of a long article planned thousands, and the transcript took seconds to write them."""
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
        self.navigation = NavigationController(self)
        self.contents = ContentsController(self)
        self.reading = ReadingController(self, "" if speech else "It was switched off with --no-speech.")
        self._message_context: tuple[int, Activity] = (0, Activity.STOPPED)
        """The section and activity a message was given in: it goes stale when either changes."""
        self._spoken_word: tuple[str, int] | None = None
        """The sentence id and word number being spoken, where the synthesiser gives word timings."""
        self.opener = ArticleOpener(self, store, article_path)

    # --- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(Text(self.article.title), id="title")
        with Horizontal(id="main"):
            yield ContentsList(self.article, id="contents")
            yield ArticleView(id="article")
        yield AnswerPanel(id="answer")
        yield TranscriptPanel(id="transcript")
        yield QuestionBox(placeholder="Type a question, then Enter (Escape closes)", id="question")
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
        self.contents.apply(leaving=True)  # Textual may have focused the list first: the article has it now
        self.screen_change_signal.subscribe(self, lambda _: self.call_after_refresh(self.place_cursor))
        await self.show_position()
        notice = self.article.metadata.get("notice", "")
        self.set_status(message=(notice + " " if notice else "") + FIRST_MESSAGE)
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
        said = self.query_one(StatusLine).message  # a notice, a warning or "Resuming at ..."
        if self.memory.store is not None and not settings.seen_disclaimer:
            settings.seen_disclaimer = True
            self.save_settings()
            self.action_disclaimer()  # the About box shows it; the status line keeps how to start
        if FIRST_MESSAGE not in said:
            self.set_status(message=f"{said} {FIRST_MESSAGE}".strip())

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
        """Update parts of the status line (position, activity, voice, listening, answers, message, saving).

        A message stays until it is replaced or goes stale: when the section or the activity
        changes ("Paused" after resuming, "Section 1" while reading section 2)."""
        context = (self.cursor.sentence.section_index, self.activity)
        if "message" in parts:
            self._message_context = context
        elif context != self._message_context:
            parts["message"] = ""
            self._message_context = context
        self.query_one(StatusLine).set(**parts)

    def speech_label(self) -> str:
        """Whether anything can be heard, and whether self-voicing is on: short and true."""
        voicing = f"self-voicing {'on' if self.self_voicing else 'off'}"
        if self.narrator is None or not self.narrator.available:
            return "Speech off"
        if self.narrator.silent:
            return f"Silent: no speaker, {voicing}"
        return f"Speech on, {voicing}"

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
        self.spoken_log.extend(item.text for item in words)
        for item in words[:TRANSCRIBED_PER_PLAN]:
            self.log_transcript(f"Said: {item.text}")
        if len(words) > TRANSCRIBED_PER_PLAN:
            self.log_transcript(f"Said: ... and {len(words) - TRANSCRIBED_PER_PLAN} more sentences of the article.")
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
        """Show the cursor's sentence (and word) in the article view, contents and status line."""
        sentence = self.cursor.sentence
        await self.query_one(ArticleView).show(self.cursor.section, sentence, self._word_span())
        self.query_one(ContentsList).mark_current(sentence.section_index)
        self.set_status(position=self.cursor.brief_position(), activity=self.activity_label(),
                        voice=self.speech_label())

    def _word_span(self) -> tuple[int, int] | None:
        """The word to highlight: the one being spoken, else the cursor's word at the word level."""
        words = self.cursor.words
        if self._spoken_word and self._spoken_word[0] == self.cursor.sentence.id and self._spoken_word[1] < len(words):
            word = words[self._spoken_word[1]]
        elif self.cursor.level is Level.WORD and self.cursor.word is not None:
            word = self.cursor.word
        else:
            return None
        return word.start, word.end

    def place_cursor(self) -> None:
        """The terminal cursor on what is read or focused (screen readers and magnifiers follow it)."""
        place_cursor(self)

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
            self._spoken_word = None
            if self.cursor.go_to_sentence_id(event.item.key) is not None:
                await self.show_position()
        elif isinstance(event, WordStarted) and event.job == self._job and event.key == self.cursor.sentence.id:
            self._spoken_word = (event.key, event.word)
            await self.show_position()
        elif isinstance(event, JobFinished) and event.job == self._job:
            self.voice.set_microphone_muted(False)
            if self._spoken_word is not None:
                self._spoken_word = None
                await self.show_position()
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

    # --- reading (the reading controller runs it) -------------------------------------------------
    def start_reading(self, mode: ReadingMode, prefix: list[SpeechItem] | None = None) -> None:
        """Read from the cursor: this sentence, this section or to the end of the article."""
        self.reading.start(mode, prefix)

    def action_read(self) -> None:
        self.reading.start(ReadingMode.ARTICLE)

    def action_read_section(self) -> None:
        self.reading.start(ReadingMode.SECTION)

    def action_read_sentence(self) -> None:
        self.reading.start(ReadingMode.SENTENCE)

    def action_pause(self) -> None:
        self.reading.pause()

    def action_resume(self) -> None:
        self.reading.resume()

    def action_stop(self) -> None:
        self.reading.stop()

    def action_repeat(self) -> None:
        self.reading.repeat(self.last_spoken)

    # --- moving: every move of the reading cursor (action_next_sentence, ...) is made by
    # _move_action below and run by the navigation controller ------------------------------------
    def action_next_level(self) -> None:
        self.navigation.next_level()

    def action_spell_word(self) -> None:
        self.navigation.spell_word()

    def action_contents(self) -> None:
        self.contents.open()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option_list, ContentsList):
            self.contents.leave()
            await self.action_go_to_section(str(event.option_index + 1))

    def on_contents_list_left(self, _: ContentsList.Left) -> None:
        self.contents.leave()
        self.announce("Back to the article.", then_read=False)

    def action_toggle_contents(self) -> None:
        self.contents.toggle()

    def on_resize(self, _: events.Resize) -> None:
        self.contents.apply()
        self.call_after_refresh(self.place_cursor)

    def on_descendant_focus(self, _: events.DescendantFocus) -> None:
        self.call_after_refresh(self.place_cursor)

    def on_option_list_option_highlighted(self, _: OptionList.OptionHighlighted) -> None:
        self.call_after_refresh(self.place_cursor)

    def action_where_am_i(self) -> None:
        self.navigation.where_am_i(self.activity_label())

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

    async def action_previous_bookmark(self) -> None:
        await self.memory.previous_bookmark()

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


def _move_action(name: str):
    """The action for one move of the reading cursor (`action_next_sentence`, ...)."""

    async def action(self: ReaderApp, argument: str | int = "") -> None:
        await self.navigation.move(name, argument)

    action.__name__ = f"action_{name}"
    action.__doc__ = COMMANDS_BY_NAME[name].help
    return action


for _name in MOVES:
    setattr(ReaderApp, f"action_{_name}", _move_action(_name))


def _speaker_sink() -> AudioSink:
    from assistant.speech.player import SoundDeviceSink

    return SoundDeviceSink()


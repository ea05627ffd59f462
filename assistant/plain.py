"""`assistant --plain`: a line-by-line reader for screen readers and braille displays.

No full-screen drawing, no spinners: one line per event on stdout, commands typed at a prompt
(the same command table as the keys and the voice: a phrase such as "next section", or the key
itself such as "n" or "]"), and anything else is a question. It never speaks, so it does not talk
over Orca or NVDA. Reading prints one sentence at a time, paced at the chosen rate, and any input
stops it; the position is printed only when the section changes, so lines stay short.
"""

from __future__ import annotations

import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from assistant.about import DISCLAIMER
from assistant.article import Article, ArticleError, clean_text, load_article
from assistant.commands import COMMANDS, CommandMatch, help_lines, match_phrase, typed_character
from assistant.library import recent_choices, resolve_choice
from assistant.phrasing import understand
from assistant.plain_answers import PlainAnswers
from assistant.plain_bookmarks import PlainBookmarks
from assistant.plain_input import Line, Notice, SpokenLine
from assistant.plain_reading import PacedReading
from assistant.reader import MOVES, WORD_MOVES, ReadingCursor
from assistant.reading import section_announcement
from assistant.settings import ArticleMemory, ArticleState, SettingsStore, article_key

PROMPT = "> "
OPEN = "open "
"""Typed with a path ("open ~/saved/mammogram.html") or a number from `recent`."""
OPEN_HINT = 'To read another article, type "recent", or "open" and a file path or a number from the list.'
NAMED_BOOKMARK = "add bookmark "
"""Typed with a name after it ("add bookmark ask about biopsy") the bookmark gets that name."""
NOT_IN_PLAIN_MODE = {
    "choose_voice",
    "next_theme",
    "transcript",
    "listen_once",
    "start_listening",
    "stop_listening",
    "toggle_contents",
}
SPEECH_COMMANDS = {"louder", "quieter", "toggle_self_voicing"}
"""Plain mode prints instead of speaking: the reader's own screen reader does the talking."""
RATE_STEP = 25
_END = object()
SIGNAL_POLL_SECONDS = 0.25
"""How long the main thread waits for input at a time. Why not for ever: Python handles a signal
(Ctrl+C, SIGTERM) only when its main thread runs, and the kernel may deliver the signal to another
thread (the input reader, the model's), which does not wake a main thread blocked on a lock: 1
Ctrl+C in 40 hung plain mode."""


def _next_line(inbox: queue.Queue) -> object:
    """The next item of `inbox`, waiting in short turns so that a signal is always handled."""
    while True:
        try:
            return inbox.get(timeout=SIGNAL_POLL_SECONDS)
        except queue.Empty:
            continue


def _key_commands() -> dict[str, CommandMatch]:
    """Every key of the table that types a character, as typed ("]", ".", "n", "3")."""
    keys: dict[str, CommandMatch] = {}
    for command in COMMANDS:
        for key in command.keys:
            character = typed_character(key)
            if character:
                keys[character] = CommandMatch(command, key if command.argument == "digit" else "")
    return keys


class PlainSession:
    """Reads lines and prints one line per event. Uses the same pure core as the TUI.

    `pace` scales the pause after each sentence read (1 = the chosen rate; tests pass 0).
    """

    def __init__(
        self,
        article: Article,
        out: TextIO = sys.stdout,
        store: SettingsStore | None = None,
        answerer_factory: Callable[[], object] | None = None,
        path: str | Path | None = None,
        *,
        rate: int | None = None,
        pace: float = 1.0,
    ) -> None:
        self.out = out
        self.store = store
        self.settings = store.load_settings() if store else None
        self.rate = rate or (self.settings.rate if self.settings else 175)
        self.pace = pace
        self.reading = PacedReading()
        self._answerer_factory = answerer_factory
        self._keys = _key_commands()
        self.running = True
        self._prompt = False
        self._prompt_shown = False
        self._use(article, path)

    def _use(self, article: Article, path: str | Path | None) -> None:
        """Make `article` the one being read; its position and bookmarks are its own."""
        self.article = article
        self.path = path
        self.cursor = ReadingCursor(article)
        self.reading.clear()
        self.memory = ArticleMemory(self.store, article_key(article))
        self.answers = PlainAnswers(article, self.cursor, self.reading, self.say, self._answerer_factory)
        self.bookmarks = PlainBookmarks(
            article, self.cursor, self.memory, self.say, self._went_to, self._say_save_problem
        )

    @property
    def state(self) -> ArticleState:
        """This article's position and bookmarks, as last read from or saved to the state file."""
        return self.memory.state

    def say(self, line: str) -> None:
        """Print one event. Cleaned here as well as where text is read: nothing from a file (a
        bookmark name, an article, a recent article's title) may reach the terminal as a control
        sequence."""
        if self._prompt_shown:
            self.out.write("\n")  # something arrived while the prompt waited: start a fresh line
            self._prompt_shown = False
        print(clean_text(line), file=self.out, flush=True)

    def _show_prompt(self) -> None:
        if self._prompt and not self._prompt_shown and not self.reading.active:
            self.out.write(PROMPT)
            self.out.flush()
            self._prompt_shown = True

    def _say_here(self) -> None:
        """The section, then the sentence: where a new article or a resumed one starts."""
        self.say(section_announcement(self.article, self.cursor.sentence.section_index))
        self.say(self.cursor.sentence.text)

    # --- the loop -------------------------------------------------------------------------------
    def start(self) -> None:
        self._announce_article()
        self.say(DISCLAIMER)
        for warning in self.store.warnings if self.store else []:
            self.say(warning)
        self._resume()
        self.say(
            'Type a command ("next section", "read", "help") or a question, then Enter. '
            'While reading, Enter stops. "quit" ends.'
        )
        self.say(OPEN_HINT)
        self._say_here()
        self._start_warming()

    def _start_warming(self) -> None:
        """Get this article's answers ready in the background; kept only while it is on show."""
        article = self.article
        self.answers.start_warming(still_on_show=lambda: self.article is article)

    def _announce_article(self) -> None:
        self.say(f"{self.article.title} ({len(self.article.sections)} sections)")
        if self.article.metadata.get("notice"):
            self.say(self.article.metadata["notice"])

    def _resume(self) -> None:
        position = self.state.position
        if position and position != self.cursor.sentence.id and self.cursor.go_to_sentence_id(position):
            self.say(f"Resuming at {self.cursor.where_am_i()}.")
        self._remember()

    def _remember(self) -> None:
        if self.store is not None and self.path is not None:
            self.store.remember_opened(self.path, self.article.title, self.cursor.where_am_i())

    def run(self, lines: Iterable[Line], prompt: bool = False) -> int:
        """Handle lines until "quit" or the end of input; reading goes on between lines, paced, and
        the next line that arrives stops it. With `prompt` (a person typing) "> " is shown when idle.
        The position is saved however it ends, Ctrl+C and SIGTERM included (the caller turns those
        into exceptions)."""
        self._prompt = prompt
        inbox: queue.Queue = queue.Queue()

        def feed() -> None:
            try:
                for line in lines:
                    inbox.put(line)
            finally:
                inbox.put(_END)

        try:
            self.start()
            threading.Thread(target=feed, name="plain-input", daemon=True).start()
            self._loop(inbox)
        finally:
            self.memory.save_position(self.cursor.sentence.id)
        self._remember()
        self._say_save_problem()
        return 0

    def _loop(self, inbox: queue.Queue) -> None:
        ended = False
        while self.running:
            self._show_prompt()
            if self.reading.active:
                delay = self._read_next() * self.pace
                if ended:
                    time.sleep(delay)  # input has ended: nothing can stop reading, so just pace it
                    continue
                try:
                    item = inbox.get(timeout=delay)
                except queue.Empty:
                    continue
            elif ended:
                break
            else:
                item = _next_line(inbox)
            if item is _END:
                ended = True
            elif isinstance(item, Notice):
                self.say(item.text)
            else:
                if isinstance(item, str):
                    self._prompt_shown = False  # the typed line's Enter already started a new line
                self._stop_reading_for(item)
                self.handle(item)

    def save(self) -> None:
        """Save the position (merged with what other running copies saved)."""
        self.memory.save_position(self.cursor.sentence.id)
        self._remember()
        self._say_save_problem()

    def _say_save_problem(self) -> None:
        """After every save that failed, say so: nothing may be lost silently."""
        if self.memory.save_problem:
            self.say(self.memory.save_problem)

    # --- other articles -------------------------------------------------------------------------
    def do_recent(self, _=None) -> None:
        self.save()  # so that this article's line says where the reader is now
        choices = recent_choices(self.store.load_recent()) if self.store else []
        if not choices:
            self.say("No articles have been opened yet. " + OPEN_HINT)
            return
        self.say(f"{len(choices)} recent articles:")
        for choice in choices:
            self.say(choice.label)
        self.say(OPEN_HINT)

    def do_open_article(self, _) -> None:
        self.do_recent()

    def open_article(self, target: str) -> None:
        """`open PATH` or `open N` (a number from `recent`); a file that cannot open changes nothing."""
        path = resolve_choice(target, self.store.load_recent() if self.store else [])
        try:
            article = load_article(path)
        except ArticleError as error:
            self.say(f"{error} You are still reading {self.article.title}.")
            return
        self.save()
        self._use(article, path)
        self.say("Opened:")
        self._announce_article()
        self._resume()
        self._say_here()
        self._start_warming()

    def handle(self, line: Line) -> None:
        spoken = line if isinstance(line, SpokenLine) else SpokenLine(str(line))
        text = " ".join(spoken.text.split())
        if not text:
            return
        if text.lower().startswith(NAMED_BOOKMARK) and len(text) > len(NAMED_BOOKMARK):
            self.bookmarks.add(text[len(NAMED_BOOKMARK) :])
            return
        if text.lower() in ("recent", "open"):
            self.do_recent()
            return
        if text.lower().startswith(OPEN) and not match_phrase(text):
            self.open_article(text[len(OPEN) :])
            return
        match = spoken.match or self._keys.get(text) or understand(text, [s.title for s in self.article.sections])
        if match is None:
            self.answers.ask(text, spoken.alternatives)
        elif match.command.name in SPEECH_COMMANDS:
            self.say(f"{match.command.help}: plain mode prints instead of speaking (your screen reader speaks).")
        elif match.command.name in NOT_IN_PLAIN_MODE:
            self.say(f"{match.command.help} is only in the full-screen view.")
        elif match.command.name in MOVES:
            self._move(match)
        else:
            self._handler(match.command.name)(match)

    def _handler(self, name: str) -> Callable[[CommandMatch], None]:
        """The `do_<name>` of this session, or of its bookmarks or answers (the command table
        names each command once; which part of plain mode carries it out is decided here)."""
        for part in (self, self.bookmarks, self.answers):
            handler = getattr(part, f"do_{name}", None)
            if handler is not None:
                return handler
        raise LookupError(f"plain mode has no handler for the command {name!r}")

    # --- moving: every move of the reading cursor, by its command name ------------------------
    def _move(self, match: CommandMatch) -> None:
        before = self.cursor.sentence.section_index
        name = self.cursor.resolve(match.command.name)
        sentence, edge_message = self.cursor.move(name, match.argument)
        if sentence is None:
            self.say(edge_message)
            return
        self._went_to(before, self.cursor.word.text if name in WORD_MOVES and self.cursor.word else sentence.text)

    def _went_to(self, section_before: int, line: str) -> None:
        """Print the section only when it changed, then the line (the sentence, or a word)."""
        if self.cursor.sentence.section_index != section_before:
            self.say(section_announcement(self.article, self.cursor.sentence.section_index))
        self.say(line)

    def do_contents(self, _):
        for section in self.article.sections:
            self.say(f"{section.index + 1}. {section.title}")

    def do_where_am_i(self, _):
        self.say(f"{self.cursor.where_am_i()}. {self.cursor.time_left(self.rate)}. {self.cursor.time_read(self.rate)}.")

    def do_next_level(self, _):
        level = self.cursor.next_level()
        self.say(f"Moving by {level.value}: f goes forward, d goes back.")

    def do_spell_word(self, _):
        self.say(self.cursor.spelled_word() or "There is no word here.")

    # --- reading: one sentence at a time, paced (a screen reader speaks them) ---------------
    def _read_next(self) -> float:
        """Print the next line of the reading; return how long it takes to say at the chosen rate."""
        text, key, seconds = self.reading.next(self.rate)
        if key:
            self.cursor.go_to_sentence_id(key)
        self.say(text)
        return seconds

    def _stop_reading_for(self, line: Line) -> None:
        """Any input stops reading (a bare Enter only stops); the sentence on show stays current."""
        if not self.reading.active:
            return
        text = line.text if isinstance(line, SpokenLine) else str(line)
        match = self._keys.get(text.strip()) or match_phrase(text)
        if match is not None and match.command.name in ("stop", "pause"):
            return  # they say what happened themselves
        self.reading.interrupt()
        self.say("Stopped.")

    def do_read(self, _):
        self.reading.plan(self.article, self.cursor.sentence, section_only=False)

    def do_read_section(self, _):
        self.reading.plan(self.article, self.cursor.sentence, section_only=True)

    def do_read_sentence(self, _):
        self.say(self.cursor.sentence.text)

    def do_stop(self, _):
        was_reading = self.reading.active or self.reading.resumable
        self.reading.clear()
        self.say("Stopped." if was_reading else "Nothing is being read.")

    def do_pause(self, _):
        if self.reading.active:
            self.reading.interrupt()
            self.say('Paused. Type "resume" (or r) to go on from this sentence.')
        elif self.reading.resumable:
            self.do_resume(_)
        else:
            self.say("Nothing is being read.")

    def do_resume(self, _):
        self.reading.plan(self.article, self.cursor.sentence, section_only=bool(self.reading.section_only))

    def _set_rate(self, rate: int) -> None:
        self.rate = max(80, min(400, rate))
        if self.settings is not None and self.store is not None:
            self.settings.rate = self.rate
            self.store.save_settings(self.settings)
        self.say(f"Reading pace {self.rate} words per minute.")

    def do_faster(self, _):
        self._set_rate(self.rate + RATE_STEP)

    def do_slower(self, _):
        self._set_rate(self.rate - RATE_STEP)

    def do_repeat(self, _):
        self.say(self.cursor.sentence.text)

    def do_help(self, _):
        """Plain lines, one per command, no table drawing (screen-reader review reads it cleanly)."""
        self.say("Commands: type the key or the words, then Enter.")
        for line in help_lines(typed_only=True, skip=NOT_IN_PLAIN_MODE | SPEECH_COMMANDS):
            self.say(line)

    def do_quit(self, _):
        self.running = False
        self.say("Goodbye.")

    def do_disclaimer(self, _):
        self.say(DISCLAIMER)

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
from collections import deque
from typing import Callable, Iterable, TextIO

from assistant import bookmarks
from assistant.about import DISCLAIMER
from assistant.answering.turn import ASK_FIRST, AnswerTurn
from assistant.article import Article
from assistant.commands import COMMANDS, CommandMatch, help_lines, match_phrase, typed_character
from assistant.plain_input import Line, Notice, SpokenLine
from assistant.reader import MOVES, WORD_MOVES, ReadingCursor
from assistant.reading import ReadingMode, end_message, plan_reading, section_announcement
from assistant.settings import ArticleState, SettingsStore, article_key

PROMPT = "> "
PLAIN_ASK_FIRST = "Ask a question first."
NAMED_BOOKMARK = "add bookmark "
"""Typed with a name after it ("add bookmark ask about biopsy") the bookmark gets that name."""
NOT_IN_PLAIN_MODE = {"choose_voice", "next_theme", "transcript", "listen_once", "start_listening",
                     "stop_listening"}
SPEECH_COMMANDS = {"louder", "quieter", "toggle_self_voicing"}
"""Plain mode prints instead of speaking: the reader's own screen reader does the talking."""
RATE_STEP = 25
_END = object()


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

    def __init__(self, article: Article, out: TextIO = sys.stdout, store: SettingsStore | None = None,
                 answerer_factory: Callable[[], object] | None = None, *, rate: int | None = None,
                 pace: float = 1.0) -> None:
        self.article = article
        self.cursor = ReadingCursor(article)
        self.out = out
        self.store = store
        self.settings = store.load_settings() if store else None
        self.rate = rate or (self.settings.rate if self.settings else 175)
        self.pace = pace
        self._answerer_factory = answerer_factory
        self._answerer = None
        self.turn = AnswerTurn()
        self._keys = _key_commands()
        self._key = article_key(article)
        self.state = store.load_state(self._key) if store else ArticleState()
        self.running = True
        self._to_read: deque[tuple[str, str]] = deque()
        """The reading plan still to print: (text, sentence id or "" for announcements)."""
        self._reading_section: bool | None = None
        """While reading or paused: True for "read section", False for "read"."""
        self._prompt = False
        self._prompt_shown = False

    def say(self, line: str) -> None:
        if self._prompt_shown:
            self.out.write("\n")  # something arrived while the prompt waited: start a fresh line
            self._prompt_shown = False
        print(line, file=self.out, flush=True)

    def _show_prompt(self) -> None:
        if self._prompt and not self._prompt_shown and not self._to_read:
            self.out.write(PROMPT)
            self.out.flush()
            self._prompt_shown = True

    # --- the loop -------------------------------------------------------------------------------
    def start(self) -> None:
        self.say(f"{self.article.title} ({len(self.article.sections)} sections)")
        self.say(DISCLAIMER)
        for warning in (self.store.warnings if self.store else []):
            self.say(warning)
        position = self.state.position
        if position and position != self.cursor.sentence.id and self.cursor.go_to_sentence_id(position):
            self.say(f"Resuming at {self.cursor.where_am_i()}.")
        self.say('Type a command ("next section", "read", "help") or a question, then Enter. '
                 'While reading, Enter stops. "quit" ends.')
        self.say(section_announcement(self.article, self.cursor.sentence.section_index))
        self.say(self.cursor.sentence.text)

    def run(self, lines: Iterable[Line], prompt: bool = False) -> int:
        """Handle `lines` until they end or "quit"; reading goes on between lines, paced, and the
        next line that arrives stops it. With `prompt` (a person typing) "> " is shown when idle."""
        self._prompt = prompt
        self.start()
        inbox: queue.Queue = queue.Queue()

        def feed() -> None:
            try:
                for line in lines:
                    inbox.put(line)
            finally:
                inbox.put(_END)

        threading.Thread(target=feed, name="plain-input", daemon=True).start()
        ended = False
        while self.running:
            self._show_prompt()
            if self._to_read:
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
                item = inbox.get()
            if item is _END:
                ended = True
            elif isinstance(item, Notice):
                self.say(item.text)
            else:
                if isinstance(item, str):
                    self._prompt_shown = False  # the typed line's Enter already started a new line
                self._stop_reading_for(item)
                self.handle(item)
        self.save()
        return 0

    def save(self) -> None:
        if self.store is not None:
            self.state.position = self.cursor.sentence.id
            self.store.save_state(self._key, self.state)

    def handle(self, line: Line) -> None:
        spoken = line if isinstance(line, SpokenLine) else SpokenLine(str(line))
        text = " ".join(spoken.text.split())
        if not text:
            return
        if text.lower().startswith(NAMED_BOOKMARK) and len(text) > len(NAMED_BOOKMARK):
            self._add_bookmark(text[len(NAMED_BOOKMARK):])
            return
        match = self._keys.get(text) or match_phrase(text, [s.title for s in self.article.sections])
        if match is None:
            self.ask(text, spoken.alternatives)
        elif match.command.name in SPEECH_COMMANDS:
            self.say(f"{match.command.help}: plain mode prints instead of speaking (your screen reader speaks).")
        elif match.command.name in NOT_IN_PLAIN_MODE:
            self.say(f"{match.command.help} is only in the full-screen view.")
        elif match.command.name in MOVES:
            self._move(match)
        else:
            getattr(self, f"do_{match.command.name}")(match)

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
        self.say(f"{self.cursor.where_am_i()}. {self.cursor.time_left(self.rate)}.")

    def do_next_level(self, _):
        level = self.cursor.next_level()
        self.say(f"Moving by {level.value}: f goes forward, d goes back.")

    def do_spell_word(self, _):
        self.say(self.cursor.spelled_word() or "There is no word here.")

    # --- reading: print the sentences one at a time (a screen reader speaks them) -------------
    def _plan_reading(self, same_section: bool) -> None:
        """The reading plan the full-screen view would speak, printed one line at a time."""
        mode = ReadingMode.SECTION if same_section else ReadingMode.ARTICLE
        self._to_read = deque((item.text, item.key) for item in plan_reading(self.article, self.cursor.sentence, mode))
        self._to_read.append((end_message(mode), ""))
        self._reading_section = same_section

    def _read_next(self) -> float:
        """Print the next line of the reading; return how long it takes to say at the chosen rate."""
        text, key = self._to_read.popleft()
        if key:
            self.cursor.go_to_sentence_id(key)
        self.say(text)
        if not self._to_read:
            self._reading_section = None
        return len(text.split()) * 60 / self.rate

    def _stop_reading_for(self, line: Line) -> None:
        """Any input stops reading (a bare Enter only stops); the sentence on show stays current."""
        if not self._to_read:
            return
        text = line.text if isinstance(line, SpokenLine) else str(line)
        match = self._keys.get(text.strip()) or match_phrase(text)
        if match is not None and match.command.name in ("stop", "pause"):
            return  # they say what happened themselves
        self._to_read.clear()
        self.say("Stopped.")

    def do_read(self, _):
        self._plan_reading(same_section=False)

    def do_read_section(self, _):
        self._plan_reading(same_section=True)

    def do_read_sentence(self, _):
        self.say(self.cursor.sentence.text)

    def do_stop(self, _):
        was_reading = bool(self._to_read) or self._reading_section is not None
        self._to_read.clear()
        self._reading_section = None
        self.say("Stopped." if was_reading else "Nothing is being read.")

    def do_pause(self, _):
        if self._to_read:
            self._to_read.clear()
            self.say('Paused. Type "resume" (or r) to go on from this sentence.')
        elif self._reading_section is not None:
            self.do_resume(_)
        else:
            self.say("Nothing is being read.")

    def do_resume(self, _):
        self._plan_reading(same_section=bool(self._reading_section))

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

    # --- bookmarks ------------------------------------------------------------------------------
    def do_add_bookmark(self, _):
        self._add_bookmark("")

    def _add_bookmark(self, name: str) -> None:
        mark = bookmarks.add_here(self.state, self.cursor.sentence.id, name)
        if mark is None:
            self.say(bookmarks.ALREADY_HERE)
            return
        self.save()
        self.say(bookmarks.added(mark, self.cursor.where_am_i()))

    def do_list_bookmarks(self, _):
        if not self.state.bookmarks:
            self.say(bookmarks.NONE_YET)
        for number, mark in enumerate(self.state.bookmarks, start=1):
            self.say(bookmarks.describe(self.article, number, mark))

    def _go_to_bookmark(self, mark) -> None:
        if mark is None:
            self.say(bookmarks.NONE_YET)
            return
        before = self.cursor.sentence.section_index
        self.cursor.go_to_sentence_id(mark.sentence_id)
        self._went_to(before, f"{mark.name}: {self.cursor.sentence.text}")

    def do_next_bookmark(self, _):
        self._go_to_bookmark(bookmarks.next_after(self.state, self.article, self.cursor.index))

    def do_previous_bookmark(self, _):
        self._go_to_bookmark(bookmarks.previous_before(self.state, self.article, self.cursor.index))

    def do_delete_bookmark(self, _):
        mark = bookmarks.remove_here(self.state, self.cursor.sentence.id)
        if mark is None:
            self.say(bookmarks.NONE_HERE)
            return
        self.save()
        self.say(bookmarks.deleted(mark))

    # --- questions ------------------------------------------------------------------------------
    def do_ask(self, _):
        self.say("Type your question and press Enter.")

    def ask(self, question: str, alternatives: tuple[tuple[str, float], ...] = ()) -> None:
        if self._answerer_factory is None:
            self.say(f"I don't know the command {question!r}. Type help for the list.")
            return
        if self._answerer is None:
            self.say("Please wait: getting ready to answer questions (the first answer can take a minute).")
            self._answerer = self._answerer_factory()
        self.say(f"You asked: {question}")
        if alternatives:
            from assistant.answering.spoken import choose_question

            taken, result = choose_question(alternatives, self._answerer)
            if taken and taken != question:
                self.say(f"Question taken as: {taken}")
        else:
            result = self._answerer.answer(question)
        best = self.turn.start(result)
        if best is None:
            self.say(result.text)
            return
        self.cursor.go_to_sentence_id(best.sentence.id)
        self.say(f"{self.turn.heading()}. {best.text}")
        self.say('Type "read more" (or M) for the section from here, "next answer" (or a) for another answer.')

    def do_read_more(self, _):
        candidate = self.turn.current
        if candidate is None:
            self.say(PLAIN_ASK_FIRST)
            return
        self.cursor.go_to_sentence_id(candidate.sentence.id)
        self._plan_reading(same_section=True)

    def do_next_answer(self, _):
        candidate = self.turn.advance()
        if isinstance(candidate, str):
            self.say(PLAIN_ASK_FIRST if candidate == ASK_FIRST else candidate)
            return
        self.cursor.go_to_sentence_id(candidate.sentence.id)
        self.say(f"{self.turn.heading()}. {candidate.text}")

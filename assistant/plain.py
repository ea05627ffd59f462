"""`assistant --plain`: a line-by-line reader for screen readers and braille displays.

No full-screen drawing, no spinners: one line per event on stdout, commands typed at a prompt
(the same command table as the keys and the voice: a phrase such as "next section", or the key
itself such as "n"), and anything else is a question. Self-voicing is off by default so the app
does not talk over Orca or NVDA; --speak turns it on.
"""

from __future__ import annotations

import queue
import sys
import threading
from dataclasses import dataclass
from typing import Callable, Iterable, TextIO, Union

from assistant.about import DISCLAIMER
from pathlib import Path

from assistant.answering.turn import ASK_FIRST, AnswerTurn
from assistant.article import Article, ArticleError, clean_text, load_article
from assistant.commands import COMMANDS, CommandMatch, match_phrase
from assistant.library import recent_choices, resolve_choice
from assistant.phrasing import understand
from assistant.reader import MOVES, ReadingCursor
from assistant.reading import ReadingMode, end_message, plan_reading
from assistant import bookmarks
from assistant.settings import ArticleMemory, ArticleState, SettingsStore, article_key

PROMPT = "> "
OPEN = "open "
"""Typed with a path ("open ~/saved/mammogram.html") or a number from `recent`."""
OPEN_HINT = 'To read another article, type "recent", or "open" and a file path or a number from the list.'
PLAIN_ASK_FIRST = "Ask a question first."
PLEASE_WAIT = "Getting answers ready, please wait."
NAMED_BOOKMARK = "add bookmark "
"""Typed with a name after it ("add bookmark ask about biopsy") the bookmark gets that name."""
NOT_IN_PLAIN_MODE = {"choose_voice", "next_theme", "transcript", "listen_once", "start_listening",
                     "stop_listening"}
SPEECH_COMMANDS = {"pause", "resume", "stop", "faster", "slower", "louder", "quieter", "toggle_self_voicing"}
"""Plain mode prints instead of speaking: the reader's own screen reader does the talking."""


@dataclass(frozen=True)
class SpokenLine:
    """A heard utterance: its best text, and the recogniser's hypotheses (text, log-likelihood) so
    that a question is taken as the likeliest well-answered one (`choose_question`), as in the TUI."""

    text: str
    alternatives: tuple[tuple[str, float], ...] = ()
    match: CommandMatch | None = None
    """The command the listener heard (None: take the text as typed, or as a question)."""


Line = Union[str, SpokenLine]


def _key_commands() -> dict[str, CommandMatch]:
    keys: dict[str, CommandMatch] = {}
    for command in COMMANDS:
        for key in command.keys:
            if len(key) == 1:
                keys[key] = CommandMatch(command, key if command.argument == "digit" else "")
    return keys


class PlainSession:
    """Reads typed lines and prints one line per event. Uses the same pure core as the TUI."""

    def __init__(self, article: Article, out: TextIO = sys.stdout, store: SettingsStore | None = None,
                 answerer_factory: Callable[[], object] | None = None, path: str | Path | None = None) -> None:
        self.out = out
        self.store = store
        self._answerer_factory = answerer_factory
        self._keys = _key_commands()
        self.running = True
        self._use(article, path)

    def _use(self, article: Article, path: str | Path | None) -> None:
        """Make `article` the one being read; its position and bookmarks are its own."""
        self.article = article
        self.path = path
        self.cursor = ReadingCursor(article)
        self._answerer = None
        self._warming: threading.Thread | None = None
        self.turn = AnswerTurn()
        self.memory = ArticleMemory(self.store, article_key(article))

    @property
    def state(self) -> ArticleState:
        """This article's position and bookmarks, as last read from or saved to the state file."""
        return self.memory.state

    def say(self, line: str) -> None:
        """Print one event. Cleaned here as well as where text is read: nothing from a file (a
        bookmark name, an article, a recent article's title) may reach the terminal as a control
        sequence."""
        print(clean_text(line), file=self.out, flush=True)

    def _sentence_line(self) -> str:
        return f"{self.cursor.where_am_i()}: {self.cursor.sentence.text}"

    # --- the loop -------------------------------------------------------------------------------
    def start(self) -> None:
        self._announce_article()
        self.say(DISCLAIMER)
        for warning in (self.store.warnings if self.store else []):
            self.say(warning)
        self._resume()
        self.say('Type a command ("next section", "read", "help") or a question, then Enter. "quit" ends.')
        self.say(OPEN_HINT)
        self.say(self._sentence_line())
        self._start_warming()

    def _start_warming(self) -> None:
        """Build and warm the answerer in a thread while the reader reads, so that the first
        question rarely waits; the better second model follows in the same thread."""
        if self._answerer_factory is None or self._warming is not None:
            return
        article = self.article

        def warm() -> None:
            answerer = self._answerer_factory()
            getattr(answerer, "warm_up_quickly", lambda: None)()
            if self.article is article and self._answerer is None:
                self._answerer = answerer
            getattr(answerer, "warm_up", lambda: None)()

        self._warming = threading.Thread(target=warm, name="answers-warm-up", daemon=True)
        self._warming.start()

    def _ready_answerer(self):
        """The answerer, ready to answer; says "please wait" when it is not yet."""
        if self._answerer is not None and getattr(self._answerer, "ready", True):
            return self._answerer
        if self._answerer is None:
            self.say(PLEASE_WAIT)
            if self._warming is not None and self._warming.is_alive():
                while self._answerer is None and self._warming.is_alive():
                    self._warming.join(timeout=0.05)
            if self._answerer is None:
                self._answerer = self._answerer_factory()
        getattr(self._answerer, "warm_up_quickly", lambda: None)()
        return self._answerer

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

    def run(self, lines: Iterable[Line], prompt: bool = True) -> int:
        """Handle lines until "quit" or the end of input. The position is saved however it ends,
        Ctrl+C and SIGTERM included (the caller turns those into exceptions)."""
        try:
            self.start()
            for line in lines:
                self.handle(line)
                if not self.running:
                    break
        finally:
            self.memory.save_position(self.cursor.sentence.id)
        self._remember()
        self._say_save_problem()
        return 0

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
        self.say(self._sentence_line())

    def handle(self, line: Line) -> None:
        spoken = line if isinstance(line, SpokenLine) else SpokenLine(line)
        text = " ".join(spoken.text.split())
        if not text:
            return
        if text.lower().startswith(NAMED_BOOKMARK) and len(text) > len(NAMED_BOOKMARK):
            self._add_bookmark(text[len(NAMED_BOOKMARK):])
            return
        if text.lower() in ("recent", "open"):
            self.do_recent()
            return
        if text.lower().startswith(OPEN) and not match_phrase(text):
            self.open_article(text[len(OPEN):])
            return
        match = spoken.match or self._keys.get(text) or understand(text, [s.title for s in self.article.sections])
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
        sentence, edge_message = self.cursor.move(match.command.name, match.argument)
        self.say(self._sentence_line() if sentence is not None else edge_message)

    def do_contents(self, _):
        for section in self.article.sections:
            self.say(f"{section.index + 1}. {section.title}")

    def do_where_am_i(self, _):
        self.say(self.cursor.where_am_i() + ".")

    # --- reading: print the sentences (a screen reader speaks them) ----------------------------
    def _print_from_here(self, same_section: bool) -> None:
        """Print the reading plan the full-screen view would speak, one line per item."""
        mode = ReadingMode.SECTION if same_section else ReadingMode.ARTICLE
        for item in plan_reading(self.article, self.cursor.sentence, mode):
            if item.key:
                self.cursor.go_to_sentence_id(item.key)
            self.say(item.text)
        self.say(end_message(mode))

    def do_read(self, _):
        self._print_from_here(same_section=False)

    def do_read_section(self, _):
        self._print_from_here(same_section=True)

    def do_read_sentence(self, _):
        self.say(self.cursor.sentence.text)

    def do_repeat(self, _):
        self.say(self._sentence_line())

    def do_help(self, _):
        for command in COMMANDS:
            if command.name in NOT_IN_PLAIN_MODE | SPEECH_COMMANDS:
                continue
            keys = ", ".join(k for k in command.keys if len(k) == 1)
            phrase = (command.examples or command.phrases or ("",))[0]
            self.say(f"{command.help}: type {phrase!r}" + (f" or {keys}." if keys else "."))

    def do_quit(self, _):
        self.running = False
        self.say("Goodbye.")

    def do_disclaimer(self, _):
        self.say(DISCLAIMER)

    # --- bookmarks ------------------------------------------------------------------------------
    def do_add_bookmark(self, _):
        self._add_bookmark("")

    def _add_bookmark(self, name: str) -> None:
        here = self.cursor.sentence.id

        def add(state: ArticleState):
            state.position = here
            return bookmarks.add_here(state, here, name)

        mark = self.memory.change(add)
        if mark is None:
            self.say(bookmarks.ALREADY_HERE)
            return
        self.say(bookmarks.added(mark, self.cursor.where_am_i()))
        self._say_save_problem()

    def do_list_bookmarks(self, _):
        self.memory.refresh()
        if not self.state.bookmarks:
            self.say(bookmarks.NONE_YET)
        for number, mark in enumerate(self.state.bookmarks, start=1):
            self.say(bookmarks.describe(self.article, number, mark))

    def do_next_bookmark(self, _):
        self.memory.refresh()
        mark = bookmarks.next_after(self.state, self.article, self.cursor.index)
        if mark is None:
            self.say(bookmarks.NONE_YET)
            return
        self.cursor.go_to_sentence_id(mark.sentence_id)
        self.say(f"{mark.name}: {self._sentence_line()}")

    def do_delete_bookmark(self, _):
        here = self.cursor.sentence.id
        mark = self.memory.change(lambda state: bookmarks.remove_here(state, here))
        if mark is None:
            self.say(bookmarks.NONE_HERE)
            return
        self.say(bookmarks.deleted(mark))
        self._say_save_problem()

    # --- questions ------------------------------------------------------------------------------
    def do_ask(self, _):
        self.say("Type your question and press Enter.")

    def ask(self, question: str, alternatives: tuple[tuple[str, float], ...] = ()) -> None:
        if self._answerer_factory is None:
            self.say(f"I don't know the command {question!r}. Type help for the list.")
            return
        answerer = self._ready_answerer()
        if alternatives:
            from assistant.answering.spoken import choose_question

            taken, result = choose_question(alternatives, answerer)
            if taken and taken != question:
                self.say(f"Question taken as: {taken}")
        else:
            result = answerer.answer(question)
        best = self.turn.start(result)
        if best is None:
            self.say(result.text)
            return
        self.cursor.go_to_sentence_id(best.sentence.id)
        self.say(f"{self.turn.heading()}. {best.text}")
        self.say('Type "read more" for the section from here, "next answer" for another answer.')

    def do_read_more(self, _):
        candidate = self.turn.current
        if candidate is None:
            self.say(PLAIN_ASK_FIRST)
            return
        self.cursor.go_to_sentence_id(candidate.sentence.id)
        self._print_from_here(same_section=True)

    def do_next_answer(self, _):
        candidate = self.turn.advance()
        if isinstance(candidate, str):
            self.say(PLAIN_ASK_FIRST if candidate == ASK_FIRST else candidate)
            return
        self.cursor.go_to_sentence_id(candidate.sentence.id)
        self.say(f"{self.turn.heading()}. {candidate.text}")


def typed_and_spoken_lines(stream: TextIO, out: TextIO, make_listener: Callable | None) -> Iterable[Line]:
    """Typed lines, and (with `make_listener`) what the microphone hears, as one stream of lines.

    A heard command arrives as its phrase and a heard question as its words (with the recogniser's
    other hypotheses), so both go through the same command table as typed lines; what was heard is
    printed first.
    """
    if make_listener is None:
        yield from typed_lines(stream, out)
        return
    from assistant.speech.listener import Heard, VoiceError, VoiceReady

    inbox: queue.Queue = queue.Queue()

    def keyboard() -> None:
        for line in typed_lines(stream, out):
            inbox.put(line)
        inbox.put(None)

    listener = make_listener(inbox.put)
    listener.start()
    threading.Thread(target=keyboard, name="keyboard", daemon=True).start()
    try:
        while (item := inbox.get()) is not None:
            if isinstance(item, str):
                yield item
            elif isinstance(item, VoiceReady):
                wake = getattr(listener, "wake", None)
                first = f' after "{wake.words[0]}" ("{wake.words[0]}, next section")' if wake else ""
                print(f"Voice commands are ready: speak a command or a question{first}.", file=out, flush=True)
                listener.start_hands_free()
            elif isinstance(item, VoiceError):
                print(item.message, file=out, flush=True)
            elif isinstance(item, Heard) and item.understood and item.text:
                print(heard_line(item), file=out, flush=True)
                yield SpokenLine(item.text, item.alternatives if item.question else (), item.match)
            elif isinstance(item, Heard):
                print(heard_line(item), file=out, flush=True)
                print("Sorry, I didn't catch that.", file=out, flush=True)
    finally:
        listener.stop()


def heard_line(heard) -> str:
    """What the microphone heard and what it is taken as, one line: `Heard: please stop (Stop reading)`."""
    if heard.understood and heard.match is not None:
        taken = heard.match.command.help
    elif heard.understood:
        taken = "a question"
    else:
        taken = f"not understood, {heard.reason or 'unsure'}"
    return f"Heard: {heard.text or '(speech)'} ({taken})"


def typed_lines(stream: TextIO, out: TextIO) -> Iterable[str]:
    """Lines from the keyboard, with a prompt when a person is typing."""
    interactive = stream.isatty()
    while True:
        if interactive:
            out.write(PROMPT)
            out.flush()
        line = stream.readline()
        if not line:
            return
        yield line

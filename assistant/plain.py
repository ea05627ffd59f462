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
from assistant.article import Article
from assistant.commands import COMMANDS, CommandMatch
from assistant.phrasing import understand
from assistant.reader import MOVES, ReadingCursor
from assistant.reading import section_announcement
from assistant import bookmarks
from assistant.settings import ArticleState, SettingsStore, article_key

PROMPT = "> "
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
                 answerer_factory: Callable[[], object] | None = None) -> None:
        self.article = article
        self.cursor = ReadingCursor(article)
        self.out = out
        self.store = store
        self._answerer_factory = answerer_factory
        self._answerer = None
        self._answer = None
        self._answer_index = 0
        self._keys = _key_commands()
        self._key = article_key(article)
        self.state = store.load_state(self._key) if store else ArticleState()
        self.running = True

    def say(self, line: str) -> None:
        print(line, file=self.out, flush=True)

    def _sentence_line(self) -> str:
        return f"{self.cursor.where_am_i()}: {self.cursor.sentence.text}"

    # --- the loop -------------------------------------------------------------------------------
    def start(self) -> None:
        self.say(f"{self.article.title} ({len(self.article.sections)} sections)")
        self.say(DISCLAIMER)
        for warning in (self.store.warnings if self.store else []):
            self.say(warning)
        position = self.state.position
        if position and position != self.cursor.sentence.id and self.cursor.go_to_sentence_id(position):
            self.say(f"Resuming at {self.cursor.where_am_i()}.")
        self.say('Type a command ("next section", "read", "help") or a question, then Enter. "quit" ends.')
        self.say(self._sentence_line())

    def run(self, lines: Iterable[Line], prompt: bool = True) -> int:
        self.start()
        for line in lines:
            self.handle(line)
            if not self.running:
                break
        self.save()
        return 0

    def save(self) -> None:
        if self.store is not None:
            self.state.position = self.cursor.sentence.id
            self.store.save_state(self._key, self.state)

    def handle(self, line: Line) -> None:
        spoken = line if isinstance(line, SpokenLine) else SpokenLine(line)
        text = " ".join(spoken.text.split())
        if not text:
            return
        if text.lower().startswith(NAMED_BOOKMARK) and len(text) > len(NAMED_BOOKMARK):
            self._add_bookmark(text[len(NAMED_BOOKMARK):])
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
        start = self.cursor.sentence
        for sentence in self.cursor.sentences_from_here():
            if same_section and sentence.section_index != start.section_index:
                break
            if sentence is not start and self.article.sections[sentence.section_index].sentences[0] is sentence:
                self.say(section_announcement(self.article, sentence.section_index))
            self.cursor.go_to_sentence_id(sentence.id)
            self.say(sentence.text)
        self.say("End of the section." if same_section else "End of the article.")

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
        mark = bookmarks.add_here(self.state, self.cursor.sentence.id, name)
        if mark is None:
            self.say("There is already a bookmark here.")
            return
        self.save()
        self.say(f"{mark.name} added at {self.cursor.where_am_i()}.")

    def do_list_bookmarks(self, _):
        if not self.state.bookmarks:
            self.say("There are no bookmarks yet.")
        for number, mark in enumerate(self.state.bookmarks, start=1):
            self.say(bookmarks.describe(self.article, number, mark))

    def do_next_bookmark(self, _):
        mark = bookmarks.next_after(self.state, self.article, self.cursor.index)
        if mark is None:
            self.say("There are no bookmarks yet.")
            return
        self.cursor.go_to_sentence_id(mark.sentence_id)
        self.say(f"{mark.name}: {self._sentence_line()}")

    def do_delete_bookmark(self, _):
        mark = bookmarks.remove_here(self.state, self.cursor.sentence.id)
        if mark is None:
            self.say("There is no bookmark on this sentence.")
            return
        self.save()
        self.say(f"Deleted {mark.name}.")

    # --- questions ------------------------------------------------------------------------------
    def do_ask(self, _):
        self.say("Type your question and press Enter.")

    def ask(self, question: str, alternatives: tuple[tuple[str, float], ...] = ()) -> None:
        if self._answerer_factory is None:
            self.say(f"I don't know the command {question!r}. Type help for the list.")
            return
        if self._answerer is None:
            self._answerer = self._answerer_factory()
        if alternatives:
            from assistant.answering.spoken import choose_question

            taken, result = choose_question(alternatives, self._answerer)
            if taken and taken != question:
                self.say(f"Question taken as: {taken}")
        else:
            result = self._answerer.answer(question)
        from assistant.answering.answerer import Answer

        if isinstance(result, Answer):
            self._answer, self._answer_index = result, 0
            self.cursor.go_to_sentence_id(result.sentence.id)
            self.say(f"Answer 1 of {1 + len(result.runner_ups)}. {result.text}")
            self.say('Type "read more" for the section from here, "next answer" for another answer.')
        else:
            self._answer = None
            self.say(result.text)

    def do_read_more(self, _):
        if self._answer is None:
            self.say("Ask a question first.")
            return
        self._print_from_here(same_section=True)

    def do_next_answer(self, _):
        if self._answer is None:
            self.say("Ask a question first.")
            return
        candidates = (self._answer.best, *self._answer.runner_ups)
        if self._answer_index + 1 >= len(candidates):
            self.say("There are no more answers in the article. Your doctor can tell you more.")
            return
        self._answer_index += 1
        candidate = candidates[self._answer_index]
        self.cursor.go_to_sentence_id(candidate.sentence.id)
        self.say(f"Answer {self._answer_index + 1} of {len(candidates)}. {candidate.text}")


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
                print("Voice commands are ready: speak a command or a question.", file=out, flush=True)
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

"""Plain mode's questions: the answerer for the article on show, made ready in a background thread
while the reader reads, and the answer turn ("read more", "next answer") printed a line at a time.

Made anew for each article opened, so an answer never comes from the article read before.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from assistant.answering.turn import ASK_FIRST, AnswerTurn
from assistant.article import Article
from assistant.plain_reading import PacedReading
from assistant.reader import ReadingCursor

PLAIN_ASK_FIRST = "Ask a question first."
PLEASE_WAIT = "Getting answers ready, please wait."


class PlainAnswers:
    """The answerer of one article and the `do_*` handlers of the question commands in plain mode."""

    def __init__(
        self,
        article: Article,
        cursor: ReadingCursor,
        reading: PacedReading,
        say: Callable[[str], None],
        answerer_factory: Callable[[], object] | None,
    ) -> None:
        self.article = article
        self.cursor = cursor
        self.reading = reading
        self.say = say
        self._answerer_factory = answerer_factory
        self._answerer: Any = None
        self._warming: threading.Thread | None = None
        self._told_note = False
        self.turn = AnswerTurn()

    def start_warming(self, still_on_show: Callable[[], bool]) -> None:
        """Build and warm the answerer in a thread while the reader reads, so that the first
        question rarely waits. The answerer is kept only while `still_on_show()` (another article
        may have been opened meanwhile)."""
        if self._answerer_factory is None or self._warming is not None:
            return
        factory = self._answerer_factory

        def warm() -> None:
            answerer = factory()
            getattr(answerer, "warm_up", lambda: None)()
            if still_on_show() and self._answerer is None:
                self._answerer = answerer
            from assistant.answering.embedding import give_back_memory  # NumPy: not at start-up

            give_back_memory()

        self._warming = threading.Thread(target=warm, name="answers-warm-up", daemon=True)
        self._warming.start()

    def _ready_answerer(self):
        """The answerer, ready to answer; says "please wait" when it is not yet, and once why
        answers are less good when they are (whether or not the warm-up finished first)."""
        if self._answerer is None:
            self.say(PLEASE_WAIT)
            if self._warming is not None and self._warming.is_alive():
                while self._answerer is None and self._warming.is_alive():
                    self._warming.join(timeout=0.05)
            if self._answerer is None:
                self._answerer = self._answerer_factory()
        getattr(self._answerer, "warm_up", lambda: None)()
        note = getattr(self._answerer, "note", "")
        if note and getattr(self._answerer, "degraded", False) and not self._told_note:
            self._told_note = True  # once: why answers are less good (the model is not installed)
            self.say(note)
        return self._answerer

    def do_ask(self, _):
        self.say("Type your question and press Enter.")

    def ask(self, question: str, alternatives: tuple[tuple[str, float], ...] = ()) -> None:
        if self._answerer_factory is None:
            self.say(f"I don't know the command {question!r}. Type help for the list.")
            return
        answerer = self._ready_answerer()
        self.say(f"You asked: {question}")
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
        self.say('Type "read more" (or M) for the section from here, "next answer" (or a) for another answer.')

    def do_read_more(self, _):
        candidate = self.turn.current
        if candidate is None:
            self.say(PLAIN_ASK_FIRST)
            return
        self.cursor.go_to_sentence_id(candidate.sentence.id)
        self.reading.plan(self.article, self.cursor.sentence, section_only=True)

    def do_next_answer(self, _):
        candidate = self.turn.advance()
        if isinstance(candidate, str):
            self.say(PLAIN_ASK_FIRST if candidate == ASK_FIRST else candidate)
            return
        self.cursor.go_to_sentence_id(candidate.sentence.id)
        self.say(f"{self.turn.heading()}. {candidate.text}")

"""Questions: answers quoted from the article, "read more" and "next answer".

The answer model loads in a worker thread as soon as the article is on screen; until it can
answer, the status line says "Getting answers ready...". Questions are answered one at a time in
the order they were asked (a question asked early waits, none is dropped). An
answer read in place moves the cursor to its sentence; an answer that arrives after the reader has
moved on is shown and announced without moving the reading position. Every answer the app gives is
one of the answerer's fixed templates.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from assistant.about import DISCLAIMER
from assistant.answering.turn import ASK_FIRST, AnswerTurn
from assistant.article import clean_text
from assistant.reading import ReadingMode
from assistant.speech.narrator import SpeechItem
from assistant.tui.host import ReaderHost
from assistant.tui.widgets.answer_panel import AnswerPanel
from assistant.tui.widgets.question_box import QuestionBox

GETTING_READY = "Getting answers ready..."
"""While the second answer model prepares a new article (seconds on a busy machine), questions are
answered by the first one: a little less sure, and less often refused when they should be."""
LATE_HINT = "You had moved on, so your place was kept. Press M to hear it in the article."
READ_MORE_HINT = 'Press M (or say "read more") to hear the section from here, a ("next answer") for another answer.'
ABOUT_HEADING = "About this app"

Alternatives = tuple[tuple[str, float], ...]
"""A spoken question's recognition hypotheses with their likelihoods, best first."""


class QuestionController:
    """Owns the answerer, the current answer and which of its candidates is being heard."""

    def __init__(
        self,
        host: ReaderHost,
        *,
        answerer: Any = None,
        wanted: bool = True,
        factory: Callable[[Any], Any] | None = None,
    ) -> None:
        self.host = host
        self._factory = factory
        """Builds the answerer for an article (default: assistant.answering.answerer.Answerer)."""
        self.answerer = answerer
        """Answers questions; built and loaded in a worker unless one is passed in (tests share one)."""
        self.wanted = wanted or answerer is not None
        self.turn = AnswerTurn()
        self.answer_log: list[Any] = []
        """Every result the answerer gave, in order."""
        self._loading = False
        self._queue: deque[tuple[str, Alternatives, str, Callable[[], None] | None]] = deque()
        """Questions waiting for an answer: (question, hypotheses, sentence id when asked, on_done)."""
        self._asked = ""
        """The question being answered (see `_you_asked`)."""
        self._answering = False

    def start_answerer(self) -> None:
        """Build the answerer and warm its models in a thread, right after the article is on screen."""
        if self._loading or self.answerer is not None:
            return
        self._loading = True
        self.host.set_status(answers=GETTING_READY)
        self.host.run_worker(self._load_answerer, thread=True, exclusive=True, group="answerer")

    def _load_answerer(self) -> None:
        if self._factory is None:
            from assistant.answering.answerer import Answerer

            self._factory = Answerer
        answerer = self._factory(self.host.article)
        answerer.warm_up()  # answers can be given from here on; a later start reads the vectors from disk
        if not self.host.is_running:
            return
        self.host.call_from_thread(self._answerer_ready, answerer)
        from assistant.answering.embedding import give_back_memory  # NumPy: not at start-up

        give_back_memory()

    def _answerer_ready(self, answerer: Any) -> None:
        self.answerer = answerer
        self.host.set_status(answers="")
        if answerer.degraded and answerer.note:
            self.host.set_status(message=answerer.note)
        glossary = getattr(answerer, "glossary", None)
        if glossary is not None:
            self.host.mark_glossary_terms(glossary)
        self._answer_next()

    # --- the question box -----------------------------------------------------------------------
    def open_box(self) -> None:
        box = self.host.query_one(QuestionBox)
        box.display = True
        box.value = ""
        # At once, not through focus() (which waits for the message queue): keys typed in the same
        # burst as "/" are already queued behind it, and "/quick" would otherwise quit the app.
        box.screen.set_focus(box)
        self.host.announce("Type your question, then press Enter. Escape closes.", then_read=False)

    def close_box(self) -> None:
        self.host.query_one(QuestionBox).display = False

    # --- answering ------------------------------------------------------------------------------
    def ask(self, question: str, alternatives: Alternatives = (), *, on_done: Callable[[], None] | None = None) -> None:
        """Answer a typed question, or a spoken one given as recognition hypotheses (best first);
        `on_done` runs on the event loop once the answer is shown (or the question is refused)."""
        question = " ".join(question.split())
        if not self.wanted:
            self.host.announce("Questions are switched off.", then_read=False)
            if on_done is not None:
                on_done()
            return
        self._queue.append((question, alternatives, self.host.cursor.sentence.id, on_done))
        if self.answerer is None:
            self.host.announce(f"{GETTING_READY} Your question will be answered in a moment.", then_read=False)
            self.start_answerer()
            return
        self._answer_next()

    def _answer_next(self) -> None:
        """Answer the oldest waiting question, if none is being answered (so answers keep their order)."""
        if self._answering or not self._queue or self.answerer is None:
            return
        self._answering = True
        question, alternatives, asked_at, on_done = self._queue.popleft()
        self.host.set_status(message=f"Looking in the article for: {question[:80]}")
        self.host.run_worker(
            lambda: self._answer_in_thread(question, alternatives, asked_at, on_done), thread=True, group="answer"
        )

    def _answer_in_thread(
        self, question: str, alternatives: Alternatives, asked_at: str, on_done: Callable[[], None] | None
    ) -> None:
        result = None
        try:
            if alternatives:
                from assistant.answering.spoken import choose_question

                question, result = choose_question(alternatives, self.answerer)
                if self.host.is_running:
                    self.host.call_from_thread(self.host.log_transcript, f"Question taken as: {question}")
            else:
                result = self.answerer.answer(question)
        finally:
            if self.host.is_running:
                self.host.call_from_thread(self._answered, result, asked_at, on_done, question)

    def _answered(self, result: Any, asked_at: str, on_done: Callable[[], None] | None, asked: str = "") -> None:
        self._answering = False
        try:
            if result is not None:
                self.show_answer(result, late=self.host.cursor.sentence.id != asked_at, asked=asked)
        finally:
            if on_done is not None:  # after the answer, in order: the next utterance may be "next answer"
                on_done()
            self._answer_next()

    def show_answer(self, result: Any, late: bool = False, asked: str = "") -> None:
        """Show and say an answer. Article answers are read as the sentence, highlighted in place,
        unless the answer is `late` (the reader moved on since asking): then the position stays.
        Every answer starts "You asked: ..." (`asked`)."""
        self._asked = asked
        self.answer_log.append(result)
        best = self.turn.start(result)
        if best is None:
            heading = "Glossary" if result.ranker_name == "glossary" else "No answer in the article"
            self.host.query_one(AnswerPanel).show(heading, self._you_asked() + result.text)
            self.host.announce(self._you_asked() + result.text, then_read=False)
            return
        if late:
            self.host.query_one(AnswerPanel).show(self.turn.heading(), self._you_asked() + best.text, LATE_HINT)
            self.host.announce(self._you_asked() + best.text, then_read=False)
            return
        self._say_candidate(best)

    @property
    def answer(self) -> Any:
        """The answer being heard, or None."""
        return self.turn.answer

    def _you_asked(self) -> str:
        """ "You asked: ... " before an answer, so that the same "The article doesn't say" twice
        still shows the new question was heard; cleaned and shortened, never obeyed as markup."""
        asked = " ".join(clean_text(self._asked).split())
        if not asked:
            return ""
        if len(asked) > 80:
            asked = asked[:79] + "…"
        return f"You asked: {asked}{'' if asked.endswith(('?', '.', '!', '…')) else '.'} "

    def _say_candidate(self, candidate: Any) -> None:
        self.host.query_one(AnswerPanel).show(self.turn.heading(), self._you_asked() + candidate.text, READ_MORE_HINT)
        self.host.call_later(self._read_answer, candidate)

    async def _read_answer(self, candidate: Any) -> None:
        host = self.host
        host.cursor.go_to_sentence_id(candidate.sentence.id)
        await host.show_position()
        intro = candidate.text[: len(candidate.text) - len(candidate.quote)].strip()
        context = [SpeechItem(s.text) for s in getattr(candidate, "context", ())]
        host.set_status(message=self._you_asked() + candidate.text)
        host.start_reading(ReadingMode.SENTENCE, prefix=[SpeechItem(self._you_asked() + intro), *context])

    def read_more(self) -> None:
        candidate = self.turn.current
        if candidate is None:
            self.host.announce(ASK_FIRST, then_read=False)
            return
        self.host.cursor.go_to_sentence_id(candidate.sentence.id)
        self.host.start_reading(ReadingMode.SECTION)

    def next_answer(self) -> None:
        candidate = self.turn.advance()
        if isinstance(candidate, str):
            self.host.announce(candidate, then_read=False)
        else:
            self._say_candidate(candidate)

    def dismiss_about(self) -> None:
        """The About box gives way once the reader starts (it took 7 of 20 rows at large print);
        i shows it again."""
        panel = self.host.query_one(AnswerPanel)
        if panel.display and panel.plain.startswith(ABOUT_HEADING):
            panel.display = False

    def show_disclaimer(self) -> None:
        self.host.query_one(AnswerPanel).show(ABOUT_HEADING, DISCLAIMER)
        self.host.announce(DISCLAIMER, then_read=False)

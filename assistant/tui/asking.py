"""Questions: answers quoted from the article, "read more" and "next answer".

Answering runs in a worker thread (the sentence model loads there too), and every answer the app
gives is one of the answerer's fixed templates.
"""

from __future__ import annotations

from typing import Any, Callable

from assistant.about import DISCLAIMER
from assistant.answering.turn import ASK_FIRST, AnswerTurn
from assistant.article import clean_text
from assistant.reading import ReadingMode
from assistant.speech.narrator import SpeechItem
from assistant.tui.host import ReaderHost
from assistant.tui.widgets.answer_panel import AnswerPanel
from assistant.tui.widgets.question_box import QuestionBox

READ_MORE_HINT = "Press M (or say \"read more\") to hear the section from here, a (\"next answer\") for another answer."
ABOUT_HEADING = "About this app"

Alternatives = tuple[tuple[str, float], ...]
"""A spoken question's recognition hypotheses with their likelihoods, best first."""


class QuestionController:
    """Owns the answerer, the current answer and which of its candidates is being heard."""

    def __init__(self, host: ReaderHost, *, answerer: Any = None, wanted: bool = True) -> None:
        self.host = host
        self.answerer = answerer
        """Answers questions; built and loaded in a worker unless one is passed in (tests share one)."""
        self.wanted = wanted or answerer is not None
        self.turn = AnswerTurn()
        self.answer_log: list[Any] = []
        """Every result the answerer gave, in order."""
        self._asked = ""
        """The question being answered (see `_you_asked`)."""
        self._loading = False
        self._pending: list[tuple[str, Alternatives, Callable[[], None] | None]] = []
        """Questions asked before the answerer was ready, answered in order once it is."""

    def start_answerer(self) -> None:
        """Build the answerer and load its sentence model in a thread, after the article is on screen."""
        if self._loading or self.answerer is not None:
            return
        self._loading = True
        self.host.run_worker(self._load_answerer, thread=True, exclusive=True, group="answerer")

    def _load_answerer(self) -> None:
        from assistant.answering.answerer import Answerer

        answerer = Answerer(self.host.article)
        answerer.warm_up()
        self.host.call_from_thread(self._answerer_ready, answerer)

    def _answerer_ready(self, answerer: Any) -> None:
        self.answerer = answerer
        if answerer.degraded and answerer.note:
            self.host.set_status(message=answerer.note)
        glossary = getattr(answerer, "glossary", None)
        if glossary is not None:
            self.host.mark_glossary_terms(glossary)
        pending, self._pending = self._pending, []
        for question, alternatives, on_done in pending:
            self.ask(question, alternatives, on_done=on_done)

    # --- the question box -----------------------------------------------------------------------
    def open_box(self) -> None:
        box = self.host.query_one(QuestionBox)
        box.display = True
        box.value = ""
        box.focus()
        self.host.announce("Type your question, then press Enter. Escape closes.", then_read=False)

    def close_box(self) -> None:
        self.host.query_one(QuestionBox).display = False

    # --- answering ------------------------------------------------------------------------------
    def ask(self, question: str, alternatives: Alternatives = (), *,
            on_done: Callable[[], None] | None = None) -> None:
        """Answer a typed question, or a spoken one given as recognition hypotheses (best first);
        `on_done` runs on the event loop once the answer is shown (or the question is refused)."""
        question = " ".join(question.split())
        if not self.wanted:
            self.host.announce("Questions are switched off.", then_read=False)
            if on_done is not None:
                on_done()
            return
        if self.answerer is None:
            self._pending.append((question, alternatives, on_done))
            self.host.set_status(message="Getting ready to answer questions...")
            self.start_answerer()
            return
        self.host.set_status(message=f"Looking in the article for: {question[:80]}")
        self.host.run_worker(lambda: self._answer_in_thread(question, alternatives, on_done),
                             thread=True, group="answer")

    def _answer_in_thread(self, question: str, alternatives: Alternatives,
                          on_done: Callable[[], None] | None = None) -> None:
        try:
            if alternatives:
                from assistant.answering.spoken import choose_question

                question, result = choose_question(alternatives, self.answerer)
                self.host.call_from_thread(self.host.log_transcript, f"Question taken as: {question}")
            else:
                result = self.answerer.answer(question)
            self.host.call_from_thread(self.show_answer, result, question)
        finally:
            if on_done is not None:  # after the answer, in order: the next utterance may be "next answer"
                self.host.call_from_thread(on_done)

    def show_answer(self, result: Any, asked: str = "") -> None:
        """Show and say an answer. Article answers are read as the sentence, highlighted in place."""
        self._asked = asked
        self.answer_log.append(result)
        best = self.turn.start(result)
        if best is None:
            heading = "Glossary" if result.ranker_name == "glossary" else "No answer in the article"
            self.host.query_one(AnswerPanel).show(heading, self._you_asked() + result.text)
            self.host.announce(self._you_asked() + result.text, then_read=False)
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
        self.host.query_one(AnswerPanel).show(self.turn.heading(), candidate.text, READ_MORE_HINT)
        self.host.call_later(self._read_answer, candidate)

    async def _read_answer(self, candidate: Any) -> None:
        host = self.host
        host.cursor.go_to_sentence_id(candidate.sentence.id)
        await host.show_position()
        intro = candidate.text[: len(candidate.text) - len(candidate.sentence.text)].strip()
        host.set_status(message=self._you_asked() + candidate.text)
        host.start_reading(ReadingMode.SENTENCE, prefix=[SpeechItem(self._you_asked() + intro)])

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

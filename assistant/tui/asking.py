"""Questions: the question box, answers quoted from the article, "read more" and "next answer".

A mixin for ReaderApp so app.py stays wiring. Answering runs in a worker thread (the sentence
model loads there too), and every answer the app gives is one of the answerer's fixed templates.
"""

from __future__ import annotations

from textual import work
from textual.widgets import Input

from assistant.about import DISCLAIMER
from assistant.reading import ReadingMode
from assistant.speech.narrator import SpeechItem
from assistant.tui.widgets.answer_panel import AnswerPanel

ASK_FIRST = "Ask a question first: press / and type it, or say your question."
READ_MORE_HINT = "Press M (or say \"read more\") to hear the section from here, A (\"next answer\") for another answer."


class QuestionBox(Input):
    """Typed questions. Enter asks, Escape closes. Input shows typed text literally (no markup)."""

    BINDINGS = [("escape", "close", "Close the question box")]

    def action_close(self) -> None:
        self.app.close_question_box()


class AskingMixin:
    """Needs from the app: answerer, cursor, article, announce, say, _start_reading, _show_position."""

    answer = None
    answer_index = 0

    _answerer_loading = False

    def start_answerer(self) -> None:
        """Build the answerer and load its sentence model in a thread, after the article is on screen."""
        if self._answerer_loading or self.answerer is not None:
            return
        self._answerer_loading = True
        self._load_answerer()

    @work(thread=True, exclusive=True, group="answerer")
    def _load_answerer(self) -> None:
        from assistant.answering.answerer import Answerer

        answerer = Answerer(self.article)
        answerer.warm_up()
        self.call_from_thread(self._answerer_ready, answerer)

    def _answerer_ready(self, answerer) -> None:
        self.answerer = answerer
        if answerer.degraded and answerer.note:
            self._set_status(message=answerer.note)
        glossary = getattr(answerer, "glossary", None)
        if glossary is not None:
            self.mark_glossary_terms(glossary)
        if self._pending_question:
            (question, alternatives), self._pending_question = self._pending_question, None
            self.ask_question(question, alternatives)

    # --- the question box -----------------------------------------------------------------------
    def action_ask(self) -> None:
        box = self.query_one(QuestionBox)
        box.display = True
        box.value = ""
        box.focus()
        self.announce("Type your question, then press Enter. Escape closes.", then_read=False)

    def close_question_box(self) -> None:
        box = self.query_one(QuestionBox)
        box.display = False
        self.query_one("#article").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if isinstance(event.input, QuestionBox):
            question = event.value
            self.close_question_box()
            self.ask_question(question)

    # --- answering ------------------------------------------------------------------------------
    def ask_question(self, question: str, alternatives: tuple[tuple[str, float], ...] = ()) -> None:
        """Answer a typed question, or a spoken one given as recognition hypotheses (best first)."""
        question = " ".join(question.split())
        if not self._answers_wanted:
            self.announce("Questions are switched off.", then_read=False)
            return
        if self.answerer is None:
            self._pending_question = (question, alternatives)
            self._set_status(message="Getting ready to answer questions...")
            if self._answers_wanted and not self._answerer_loading:
                self.start_answerer()
            return
        self._set_status(message=f"Looking in the article for: {question[:80]}")
        self._answer_in_thread(question, alternatives)

    @work(thread=True, exclusive=True, group="answer")
    def _answer_in_thread(self, question: str, alternatives: tuple[tuple[str, float], ...]) -> None:
        if alternatives:
            from assistant.answering.spoken import choose_question

            question, result = choose_question(alternatives, self.answerer)
            self.call_from_thread(self.log_transcript, f"Question taken as: {question}")
        else:
            result = self.answerer.answer(question)
        self.call_from_thread(self.show_answer, result)

    def show_answer(self, result) -> None:
        """Show and say an answer. Article answers are read as the sentence, highlighted in place."""
        from assistant.answering.answerer import Answer

        self.answer_log.append(result)
        panel = self.query_one(AnswerPanel)
        if not isinstance(result, Answer):
            self.answer = None
            heading = "Glossary" if result.ranker_name == "glossary" else "No answer in the article"
            panel.show(heading, result.text)
            self.announce(result.text, then_read=False)
            return
        self.answer = result
        self.answer_index = 0
        self._say_candidate(result.best)

    def _candidates(self):
        return (self.answer.best, *self.answer.runner_ups) if self.answer is not None else ()

    def _say_candidate(self, candidate) -> None:
        candidates = self._candidates()
        panel = self.query_one(AnswerPanel)
        panel.show(f"Answer {self.answer_index + 1} of {len(candidates)}", candidate.text, READ_MORE_HINT)
        self.call_later(self._read_answer, candidate)

    async def _read_answer(self, candidate) -> None:
        self.cursor.go_to_sentence_id(candidate.sentence.id)
        await self._show_position()
        intro = candidate.text[: len(candidate.text) - len(candidate.sentence.text)].strip()
        self._set_status(message=candidate.text)
        self._start_reading(ReadingMode.SENTENCE, prefix=[SpeechItem(intro)])

    def action_read_more(self) -> None:
        if self.answer is None:
            self.announce(ASK_FIRST, then_read=False)
            return
        self.cursor.go_to_sentence_id(self._candidates()[self.answer_index].sentence.id)
        self._start_reading(ReadingMode.SECTION)

    def action_next_answer(self) -> None:
        candidates = self._candidates()
        if not candidates:
            self.announce(ASK_FIRST, then_read=False)
            return
        if self.answer_index + 1 >= len(candidates):
            self.announce("There are no more answers in the article. Your doctor can tell you more.",
                          then_read=False)
            return
        self.answer_index += 1
        self._say_candidate(candidates[self.answer_index])

    def action_disclaimer(self) -> None:
        self.query_one(AnswerPanel).show("About this app", DISCLAIMER)
        self.announce(DISCLAIMER, then_read=False)

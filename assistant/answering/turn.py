"""The answer being heard and its runner-ups: "next answer" and "read more" refer to it.

Pure and shared by the full-screen view and plain mode, so both say the same words.
"""

from __future__ import annotations

from assistant.answering.results import Answer, Candidate

ASK_FIRST = "Ask a question first: press / and type it, or say your question."
NO_MORE_ANSWERS = "There are no more answers in the article. Your doctor can tell you more."


class AnswerTurn:
    """The last question's answer, and which of its candidates the reader is on."""

    def __init__(self) -> None:
        self.answer: Answer | None = None
        self.index = 0

    def start(self, result: object) -> Candidate | None:
        """Take a new result; its best candidate when it is an answer from the article, else None."""
        self.answer = result if isinstance(result, Answer) else None
        self.index = 0
        return self.current

    @property
    def candidates(self) -> tuple[Candidate, ...]:
        return (self.answer.best, *self.answer.runner_ups) if self.answer is not None else ()

    @property
    def current(self) -> Candidate | None:
        candidates = self.candidates
        return candidates[self.index] if candidates else None

    def heading(self) -> str:
        """ "Answer 2 of 3": where the reader is among the candidates."""
        return f"Answer {self.index + 1} of {len(self.candidates)}"

    def advance(self) -> Candidate | str:
        """Move to the next candidate; a sentence to say instead when there is none."""
        if self.answer is None:
            return ASK_FIRST
        if self.index + 1 >= len(self.candidates):
            return NO_MORE_ANSWERS
        self.index += 1
        return self.candidates[self.index]

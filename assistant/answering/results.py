"""What an answer is: a quoted sentence with its section (Answer, Candidate), or NoAnswer.

The only words the app adds around a quotation are these templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from assistant.article import Sentence
from assistant.answering.glossary import GlossaryAnswer

ANSWER_TEMPLATE = 'From "{section}": {quote}'
NO_ANSWER_TEXT = "The article doesn't say. Your doctor can answer that."


@dataclass(frozen=True)
class Candidate:
    """One sentence offered as an answer, with the section it is in."""

    sentence: Sentence
    section_title: str
    score: float
    context: tuple[Sentence, ...] = ()
    """Sentences quoted before `sentence` because it leans on them ("This is ...")."""

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """What is quoted, in the article's order."""
        return (*self.context, self.sentence)

    @property
    def quote(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def text(self) -> str:
        return ANSWER_TEMPLATE.format(section=self.section_title, quote=self.quote)


@dataclass(frozen=True)
class Answer:
    """The best sentence, and the runner-ups for "next answer", best first."""

    question: str
    best: Candidate
    runner_ups: tuple[Candidate, ...]
    ranker_name: str
    degraded: bool = False
    note: str = ""

    @property
    def text(self) -> str:
        return self.best.text

    @property
    def sentence(self) -> Sentence:
        return self.best.sentence

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return self.best.sentences

    @property
    def section_title(self) -> str:
        return self.best.section_title

    @property
    def score(self) -> float:
        return self.best.score


@dataclass(frozen=True)
class NoAnswer:
    """No sentence answers. `reason` is one of: out_of_scope, empty, too_long, not_english.
    `closest` holds the nearest sentences for a UI that wants to show them, clearly as not-answers."""

    question: str
    reason: str
    text: str = NO_ANSWER_TEXT
    closest: tuple[Candidate, ...] = ()
    ranker_name: str = ""
    degraded: bool = False
    note: str = ""
    idea: str = ""
    """The words naming an idea the article never speaks about ("cost", "how long"), when that is why."""

    @property
    def runner_ups(self) -> tuple[Candidate, ...]:
        return ()


Result = Union[Answer, GlossaryAnswer, NoAnswer]

"""The reading cursor: where the reader is, how to move, and how to say where that is.

Pure Python. Every move returns the new Sentence, or None when there is nowhere to go, so the
caller can say "This is the last section." instead of silently doing nothing. Every move takes
constant or logarithmic time (indexes built once), so an article of thousands of paragraphs moves
as fast as a leaflet.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from assistant.article import Article, Paragraph, Section, Sentence


@dataclass(frozen=True)
class Position:
    section: int
    paragraph: int
    sentence: int


class ReadingCursor:
    def __init__(self, article: Article) -> None:
        self.article = article
        self._sentences = article.sentences
        self._numbers = article.sentence_numbers
        self._paragraph_starts = [n for n, s in enumerate(self._sentences) if s.index == 0]
        """Sentence numbers of the first sentence of each paragraph, in order (for bisection)."""
        self._index = 0

    # --- where we are ---------------------------------------------------------------------------
    @property
    def sentence(self) -> Sentence:
        return self._sentences[self._index]

    @property
    def section(self) -> Section:
        return self.article.sections[self.sentence.section_index]

    @property
    def paragraph(self) -> Paragraph:
        return self.section.paragraphs[self.sentence.paragraph_index]

    @property
    def position(self) -> Position:
        s = self.sentence
        return Position(s.section_index, s.paragraph_index, s.index)

    @property
    def index(self) -> int:
        """Index of the current sentence in the whole article."""
        return self._index

    def sentences_from_here(self) -> tuple[Sentence, ...]:
        return self._sentences[self._index:]

    def where_am_i(self) -> str:
        """E.g. "Section 2 of 4, What are Breast Calcifications?, sentence 1 of 8"."""
        section = self.section
        in_section = section.sentences
        number = self._index - self._numbers[in_section[0].id] + 1
        return (
            f"Section {section.index + 1} of {len(self.article.sections)}, {section.spoken_title}, "
            f"sentence {number} of {len(in_section)}"
        )

    # --- moving ---------------------------------------------------------------------------------
    def _go(self, sentence: Sentence | None) -> Sentence | None:
        if sentence is not None:
            self._index = self._numbers[sentence.id]
        return sentence

    def _go_to_number(self, number: int | None) -> Sentence | None:
        return self._go(self._sentences[number] if number is not None else None)

    def go_to_sentence_id(self, sentence_id: str) -> Sentence | None:
        number = self._numbers.get(sentence_id)
        return self._go_to_number(number)

    def next_sentence(self) -> Sentence | None:
        return self._go(self._sentences[self._index + 1] if self._index + 1 < len(self._sentences) else None)

    def previous_sentence(self) -> Sentence | None:
        return self._go(self._sentences[self._index - 1] if self._index > 0 else None)

    def next_paragraph(self) -> Sentence | None:
        starts = self._paragraph_starts
        later = bisect.bisect_right(starts, self._index)
        return self._go_to_number(starts[later] if later < len(starts) else None)

    def previous_paragraph(self) -> Sentence | None:
        starts = self._paragraph_starts
        current = bisect.bisect_right(starts, self._index) - 1  # the start of this paragraph
        return self._go_to_number(starts[current - 1] if current > 0 else None)

    def go_to_section(self, number: int) -> Sentence | None:
        """Go to the first sentence of section `number` (1-based)."""
        if not 1 <= number <= len(self.article.sections):
            return None
        return self._go(self.article.sections[number - 1].sentences[0])

    def next_section(self) -> Sentence | None:
        return self.go_to_section(self.section.index + 2)

    def previous_section(self) -> Sentence | None:
        return self.go_to_section(self.section.index) if self.section.index > 0 else None

    def first(self) -> Sentence:
        return self._go(self._sentences[0])  # type: ignore[return-value]

    def last(self) -> Sentence:
        return self._go(self._sentences[-1])  # type: ignore[return-value]

    def move(self, name: str, argument: str | int = "") -> tuple[Sentence | None, str]:
        """Run the move called `name` (a command name); return the new sentence, or None and the
        sentence that says why not ("This is the last section.")."""
        argument = str(argument)
        if name == "go_to_section":
            number = int(argument) if argument.isdigit() else 0
            count = len(self.article.sections)
            return self.go_to_section(number), f"There is no section {argument}; this article has {count}."
        return getattr(self, name)(), EDGE_MESSAGES.get(name, "")


EDGE_MESSAGES = {
    "next_sentence": "This is the last sentence of the article.",
    "previous_sentence": "This is the first sentence of the article.",
    "next_paragraph": "This is the last paragraph of the article.",
    "previous_paragraph": "This is the first paragraph of the article.",
    "next_section": "This is the last section.",
    "previous_section": "This is the first section.",
}
"""What to say when a move has nowhere to go."""
MOVES = (*EDGE_MESSAGES, "first", "last", "go_to_section")

"""The reading cursor: where the reader is, how to move, and how to say where that is.

Pure Python. Every move returns the new Sentence, or None when there is nowhere to go, so the
caller can say "This is the last section." instead of silently doing nothing.
"""

from __future__ import annotations

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
        number = in_section.index(self.sentence) + 1
        return (
            f"Section {section.index + 1} of {len(self.article.sections)}, {section.spoken_title}, "
            f"sentence {number} of {len(in_section)}"
        )

    # --- moving ---------------------------------------------------------------------------------
    def _go(self, sentence: Sentence | None) -> Sentence | None:
        if sentence is not None:
            self._index = self._sentences.index(sentence)
        return sentence

    def go_to_sentence_id(self, sentence_id: str) -> Sentence | None:
        for sentence in self._sentences:
            if sentence.id == sentence_id:
                return self._go(sentence)
        return None

    def next_sentence(self) -> Sentence | None:
        return self._go(self._sentences[self._index + 1] if self._index + 1 < len(self._sentences) else None)

    def previous_sentence(self) -> Sentence | None:
        return self._go(self._sentences[self._index - 1] if self._index > 0 else None)

    def _paragraph_starts(self) -> list[Sentence]:
        return [s for s in self._sentences if s.index == 0]

    def next_paragraph(self) -> Sentence | None:
        later = [s for s in self._paragraph_starts() if self._sentences.index(s) > self._index]
        return self._go(later[0] if later else None)

    def previous_paragraph(self) -> Sentence | None:
        current = self._sentences.index(self.paragraph.sentences[0])
        earlier = [s for s in self._paragraph_starts() if self._sentences.index(s) < current]
        return self._go(earlier[-1] if earlier else None)

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

"""The reading cursor: where the reader is, how to move, and how to say where that is.

Pure Python. Every move returns the new Sentence, or None when there is nowhere to go, so the
caller can say "This is the last section." instead of silently doing nothing. Every move takes
constant or logarithmic time (indexes built once), so an article of thousands of paragraphs moves
as fast as a leaflet. Like a DAISY player, the cursor has a navigation level (section, paragraph,
sentence or word) that one pair of keys moves by, and it knows a word inside the sentence, so a
word can be spoken or spelled.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from enum import Enum

from assistant.article import Article, Paragraph, Section, Sentence

_WORD = re.compile(r"\S+")
_EDGE_PUNCTUATION = "\"'“”‘’()[]{}«»,.;:!?…–—-"
LETTER_NAMES = {
    "'": "apostrophe",
    "’": "apostrophe",
    "-": "hyphen",
    "&": "ampersand",
    "/": "slash",
    "%": "percent",
    ".": "point",
    "+": "plus",
}
"""Characters inside a word that a speech synthesiser would drop or misread when spelled alone."""


class Level(Enum):
    """What the "forward" and "back" keys move by, as on a DAISY player."""

    SECTION = "section"
    PARAGRAPH = "paragraph"
    SENTENCE = "sentence"
    WORD = "word"


@dataclass(frozen=True)
class Word:
    """One word of a sentence: its text as written and where it sits in the sentence text."""

    text: str
    start: int
    end: int

    @property
    def bare(self) -> str:
        """The word without the punctuation around it ("calcifications." -> "calcifications")."""
        return self.text.strip(_EDGE_PUNCTUATION) or self.text


def words_of(sentence: Sentence) -> tuple[Word, ...]:
    """The words of a sentence, with offsets inside the sentence (for a word highlight)."""
    return tuple(Word(m.group(), m.start(), m.end()) for m in _WORD.finditer(sentence.text))


def spell(word: str) -> str:
    """Letters separated by commas, so a synthesiser or a screen reader says each one:
    "don’t" -> "d, o, n, apostrophe, t"."""
    return ", ".join(LETTER_NAMES.get(ch, ch) for ch in word if not ch.isspace())


def duration_text(seconds: float) -> str:
    """A spoken length of time, rounded the way a person would say it."""
    if seconds < 60:
        rounded = max(5, int(round(seconds / 5) * 5))
        return "less than a minute" if rounded >= 60 else f"about {rounded} seconds"
    minutes = int(round(seconds / 60))
    return f"about {minutes} minute{'s' if minutes != 1 else ''}"


@dataclass(frozen=True)
class Position:
    """A place in the article, as the reading cursor reports it."""

    section: int
    paragraph: int
    sentence: int


class ReadingCursor:
    """Where the reader is, and every move from there (by sentence, paragraph, section, word)."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self._sentences = article.sentences
        self._numbers = article.sentence_numbers
        self._paragraph_starts = [n for n, s in enumerate(self._sentences) if s.index == 0]
        """Sentence numbers of the first sentence of each paragraph, in order (for bisection)."""
        self._index = 0
        self._word = 0
        self.level = Level.SENTENCE
        """What "forward" and "back" move by."""
        self._words_before: list[int] | None = None
        """Words in the article before each sentence number (built on first use, for time left)."""

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
        return self._sentences[self._index :]

    @property
    def words(self) -> tuple[Word, ...]:
        return words_of(self.sentence)

    @property
    def word(self) -> Word | None:
        """The current word (the first one after any sentence move); None in an empty sentence."""
        words = self.words
        return words[min(self._word, len(words) - 1)] if words else None

    @property
    def word_index(self) -> int:
        return self._word

    def _number_in_section(self) -> tuple[int, int]:
        """(this sentence's number in its section, 1-based; the section's sentence count)."""
        in_section = self.section.sentences
        return self._index - self._numbers[in_section[0].id] + 1, len(in_section)

    def where_am_i(self) -> str:
        """E.g. "Section 2 of 4, What are Breast Calcifications?, sentence 1 of 8"."""
        section = self.section
        number, count = self._number_in_section()
        where = (
            f"Section {section.index + 1} of {len(self.article.sections)}, {section.spoken_title}, "
            f"sentence {number} of {count}"
        )
        if self.level is Level.WORD and self.words:
            where += f", word {self._word + 1} of {len(self.words)}"
        return where

    def brief_position(self) -> str:
        """E.g. "Section 2 of 3, sentence 1 of 8": the status line's position (the title is on screen)."""
        number, count = self._number_in_section()
        where = f"Section {self.section.index + 1} of {len(self.article.sections)}, sentence {number} of {count}"
        if self.level is Level.WORD and self.words:
            where += f", word {self._word + 1} of {len(self.words)}"
        return where

    def words_left(self) -> tuple[int, int]:
        """Words still to read from the current word: (in this section, in the article)."""
        if self._words_before is None:
            counts = (len(words_of(s)) for s in self._sentences)
            self._words_before = [0, *itertools.accumulate(counts)]
        before = self._words_before
        here = before[self._index] + self._word
        section_end = self._numbers[self.section.sentences[-1].id] + 1
        return before[section_end] - here, before[-1] - here

    def time_read(self, rate_wpm: int) -> str:
        """ "About 1 minute of the article read so far" (DAISY players tell time elapsed too)."""
        if self._words_before is None:
            self.words_left()
        assert self._words_before is not None
        read = self._words_before[self._index] + self._word
        if read == 0:
            return "At the start of the article"
        text = duration_text(read * 60 / max(1, rate_wpm))
        return f"{text[0].upper()}{text[1:]} of the article read so far"

    def time_left(self, rate_wpm: int) -> str:
        """ "About 40 seconds left in this section, about 2 minutes in the article", at `rate_wpm`."""
        in_section, in_article = self.words_left()
        seconds = 60 / max(1, rate_wpm)
        section_text = duration_text(in_section * seconds)
        return (
            f"{section_text[0].upper()}{section_text[1:]} left in this section, "
            f"{duration_text(in_article * seconds)} in the article"
        )

    # --- the navigation level and words -----------------------------------------------------------
    def next_level(self) -> Level:
        """Cycle section -> paragraph -> sentence -> word -> section; return the new level."""
        levels = list(Level)
        self.level = levels[(levels.index(self.level) + 1) % len(levels)]
        return self.level

    def next_word(self) -> Sentence | None:
        """The next word, into the next sentence at the end of this one."""
        if self._word + 1 < len(self.words):
            self._word += 1
            return self.sentence
        return self.next_sentence()

    def previous_word(self) -> Sentence | None:
        """The previous word, into the last word of the previous sentence at the start of this one."""
        if self._word > 0:
            self._word = min(self._word, len(self.words)) - 1
            return self.sentence
        sentence = self.previous_sentence()
        if sentence is not None:
            self._word = max(0, len(self.words) - 1)
        return sentence

    def spelled_word(self) -> str:
        """ "calcifications: c, a, l, c, ..." for the current word; "" in an empty sentence."""
        word = self.word
        return f"{word.bare}: {spell(word.bare)}" if word is not None else ""

    def resolve(self, name: str) -> str:
        """The concrete move behind "forward" and "back" at the current level."""
        if name == "forward":
            return f"next_{self.level.value}"
        if name == "back":
            return f"previous_{self.level.value}"
        return name

    # --- moving ---------------------------------------------------------------------------------
    def _go(self, sentence: Sentence | None) -> Sentence | None:
        if sentence is not None:
            self._index = self._numbers[sentence.id]
            self._word = 0
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
        name = self.resolve(name)
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
    "next_word": "This is the last word of the article.",
    "previous_word": "This is the first word of the article.",
}
"""What to say when a move has nowhere to go."""
MOVES = (*EDGE_MESSAGES, "first", "last", "go_to_section", "forward", "back")
WORD_MOVES = ("next_word", "previous_word")
"""Moves after which the word, not the sentence, is what to say."""

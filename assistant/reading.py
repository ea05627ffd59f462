"""What to say for each reading mode: pure planning, no audio, no Textual.

A plan is a list of (text, key) pairs handed to the narrator. Article sentences carry their
sentence id as key, so the highlight can follow the audio; headings and announcements do not.
"""

from __future__ import annotations

from enum import Enum

from assistant.article import Article, Sentence
from assistant.speech.narrator import SpeechItem


class ReadingMode(Enum):
    ARTICLE = "to the end"
    SECTION = "this section"
    SENTENCE = "this sentence"


def plan_reading(article: Article, start: Sentence, mode: ReadingMode) -> list[SpeechItem]:
    """Sentences from `start` onward for `mode`; a section's heading is read on entering it."""
    sentences = article.sentences
    chosen = sentences[article.sentence_numbers[start.id]:]
    if mode is ReadingMode.SENTENCE:
        chosen = chosen[:1]
    elif mode is ReadingMode.SECTION:
        chosen = tuple(s for s in chosen if s.section_index == start.section_index)
    items: list[SpeechItem] = []
    for sentence in chosen:
        if mode is ReadingMode.ARTICLE and sentence is not start and _opens_section(article, sentence):
            items.append(SpeechItem(section_announcement(article, sentence.section_index)))
        items.append(SpeechItem(sentence.text, key=sentence.id))
    return items


def _opens_section(article: Article, sentence: Sentence) -> bool:
    return article.sections[sentence.section_index].sentences[0] is sentence


def section_announcement(article: Article, section_index: int) -> str:
    section = article.sections[section_index]
    title = section.spoken_title
    return f"Section {section_index + 1} of {len(article.sections)}: {title}{'' if title.endswith(('?', '!', '.')) else '.'}"


def end_message(mode: ReadingMode) -> str:
    return {
        ReadingMode.ARTICLE: "End of the article.",
        ReadingMode.SECTION: "End of the section.",
        ReadingMode.SENTENCE: "",
    }[mode]

"""Bookmarks on an article's sentences: pure rules shared by the full-screen view and plain mode."""

from __future__ import annotations

from assistant.article import Article
from assistant.reading_state import ArticleState, Bookmark, clean_name


def add_here(state: ArticleState, sentence_id: str, name: str = "") -> Bookmark | None:
    """Add a bookmark on the sentence (named, or numbered); None if one is already there."""
    if any(mark.sentence_id == sentence_id for mark in state.bookmarks):
        return None
    mark = Bookmark(sentence_id, name=clean_name(name) or f"Bookmark {len(state.bookmarks) + 1}")
    state.bookmarks.append(mark)
    return mark


def remove_here(state: ArticleState, sentence_id: str) -> Bookmark | None:
    """Remove the bookmark on the sentence and return it; None if there is none."""
    for mark in state.bookmarks:
        if mark.sentence_id == sentence_id:
            state.bookmarks.remove(mark)
            return mark
    return None


def rename(state: ArticleState, sentence_id: str, name: str) -> Bookmark | None:
    """Give the bookmark on the sentence a new name; None if there is no bookmark there (any more)."""
    for mark in state.bookmarks:
        if mark.sentence_id == sentence_id:
            mark.name = clean_name(name) or mark.name
            return mark
    return None


def next_after(state: ArticleState, article: Article, index: int) -> Bookmark | None:
    """The first bookmark after sentence number `index`, wrapping round to the first one."""
    order = article.sentence_numbers
    marks = sorted((m for m in state.bookmarks if m.sentence_id in order), key=lambda m: order[m.sentence_id])
    return next((m for m in marks if order[m.sentence_id] > index), marks[0] if marks else None)


def describe(article: Article, number: int, mark: Bookmark) -> str:
    """"1. Bookmark 1: section 3, Mammography and Breast Calcifications: All cells in the body ..."."""
    try:
        sentence = article.sentence(mark.sentence_id)
    except KeyError:
        return f"{number}. {mark.name or 'Bookmark'} (no longer in the article)"
    section = article.sections[sentence.section_index]
    name = f"{mark.name}: " if mark.name else ""
    return f"{number}. {name}section {section.index + 1}, {section.spoken_title}: {sentence.text[:60]}"


def previous_before(state: ArticleState, article: Article, index: int) -> Bookmark | None:
    """The last bookmark before sentence number `index`, wrapping round to the last one."""
    order = {sentence.id: number for number, sentence in enumerate(article.sentences)}
    marks = sorted((m for m in state.bookmarks if m.sentence_id in order), key=lambda m: order[m.sentence_id])
    return next((m for m in reversed(marks) if order[m.sentence_id] < index), marks[-1] if marks else None)


ALREADY_HERE = "There is already a bookmark here."
NONE_YET = "There are no bookmarks yet."
NONE_HERE = "There is no bookmark on this sentence."


def added(mark: Bookmark, where: str) -> str:
    """The confirmation of a new bookmark, with where it is."""
    return f"{mark.name} added at {where}."


def deleted(mark: Bookmark) -> str:
    return f"Deleted {mark.name or 'the bookmark'}."

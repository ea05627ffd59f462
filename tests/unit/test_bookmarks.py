"""Bookmark rules shared by the full-screen view and plain mode."""

from assistant import bookmarks
from assistant.settings import ArticleState, Bookmark


def test_add_once_per_sentence_and_number_them():
    state = ArticleState()
    assert bookmarks.add_here(state, "s2.1.1").name == "Bookmark 1"
    assert bookmarks.add_here(state, "s2.1.1") is None
    assert bookmarks.add_here(state, "s3.1.1").name == "Bookmark 2"


def test_next_after_wraps_round_in_article_order(article):
    state = ArticleState(bookmarks=[Bookmark("s3.1.1", "B"), Bookmark("s1.1.2", "A"), Bookmark("gone", "X")])
    assert bookmarks.next_after(state, article, 0).name == "A"
    assert bookmarks.next_after(state, article, 1).name == "B"
    assert bookmarks.next_after(state, article, 17).name == "A"
    assert bookmarks.next_after(ArticleState(), article, 0) is None


def test_remove_here_and_describe(article):
    state = ArticleState(bookmarks=[Bookmark("s3.3.2", "Biopsy")])
    assert bookmarks.describe(article, 1, state.bookmarks[0]) == (
        "1. Biopsy: section 3, Mammography and Breast Calcifications: It may also have a core biopsy."
    )
    assert bookmarks.describe(article, 2, Bookmark("gone", "Old")) == "2. Old (no longer in the article)"
    assert bookmarks.remove_here(state, "s1.1.1") is None
    assert bookmarks.remove_here(state, "s3.3.2").name == "Biopsy" and state.bookmarks == []

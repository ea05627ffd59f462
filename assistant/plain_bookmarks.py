"""Plain mode's bookmark commands: add, list, go to the next or previous, delete, one line each.

Made anew for each article opened, so a bookmark is always added to and read from the article on
show; the session hands over how it prints a line and how it reports a move.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant import bookmarks
from assistant.article import Article
from assistant.reader import ReadingCursor
from assistant.settings import ArticleMemory, ArticleState


class PlainBookmarks:
    """The `do_*` handlers of the bookmark commands for one article in plain mode."""

    def __init__(
        self,
        article: Article,
        cursor: ReadingCursor,
        memory: ArticleMemory,
        say: Callable[[str], None],
        went_to: Callable[[int, str], None],
        say_save_problem: Callable[[], None],
    ) -> None:
        self.article = article
        self.cursor = cursor
        self.memory = memory
        self.say = say
        self._went_to = went_to
        self._say_save_problem = say_save_problem

    @property
    def state(self) -> ArticleState:
        return self.memory.state

    def do_add_bookmark(self, _):
        self.add("")

    def add(self, name: str) -> None:
        """A bookmark on the sentence on show, named `name` or numbered when it is empty."""
        here = self.cursor.sentence.id

        def add(state: ArticleState):
            state.position = here
            return bookmarks.add_here(state, here, name)

        mark = self.memory.change(add)
        if mark is None:
            self.say(bookmarks.ALREADY_HERE)
            return
        self.say(bookmarks.added(mark, self.cursor.where_am_i()))
        self._say_save_problem()

    def do_list_bookmarks(self, _):
        self.memory.refresh()
        if not self.state.bookmarks:
            self.say(bookmarks.NONE_YET)
        for number, mark in enumerate(self.state.bookmarks, start=1):
            self.say(bookmarks.describe(self.article, number, mark))

    def _go_to_bookmark(self, mark) -> None:
        if mark is None:
            self.say(bookmarks.NONE_YET)
            return
        before = self.cursor.sentence.section_index
        self.cursor.go_to_sentence_id(mark.sentence_id)
        self._went_to(before, f"{mark.name}: {self.cursor.sentence.text}")

    def do_next_bookmark(self, _):
        self.memory.refresh()
        self._go_to_bookmark(bookmarks.next_after(self.state, self.article, self.cursor.index))

    def do_previous_bookmark(self, _):
        self.memory.refresh()
        self._go_to_bookmark(bookmarks.previous_before(self.state, self.article, self.cursor.index))

    def do_delete_bookmark(self, _):
        here = self.cursor.sentence.id
        mark = self.memory.change(lambda state: bookmarks.remove_here(state, here))
        if mark is None:
            self.say(bookmarks.NONE_HERE)
            return
        self.say(bookmarks.deleted(mark))
        self._say_save_problem()

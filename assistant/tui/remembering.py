"""Resume, bookmarks, saved settings and themes: the app's memory between runs.

Every action is confirmed in the status line and, with self-voicing on, aloud. The state of the
article being read belongs to this controller, so two apps never share it.
"""

from __future__ import annotations

from dataclasses import replace

from assistant import bookmarks
from assistant.settings import ArticleState, Bookmark, Settings, SettingsStore, article_key
from assistant.tui.host import ReaderHost
from assistant.tui.screens.bookmarks import BookmarkList, BookmarkName
from assistant.tui.themes import PALETTES


class ReadingMemory:
    """Settings, position and bookmarks of one app, saved through a SettingsStore (or nowhere)."""

    def __init__(self, host: ReaderHost, store: SettingsStore | None, settings: Settings | None) -> None:
        self.host = host
        self.store = store
        self.settings = settings or Settings()
        self.state = ArticleState()
        self.article_key = article_key(host.article)

    # --- start and end --------------------------------------------------------------------------
    async def restore(self) -> None:
        """Return to where this article was left, and say so."""
        if self.store is None:
            return
        self.state = self.store.load_state(self.article_key)
        self.show_store_warnings()
        cursor = self.host.cursor
        position = self.state.position
        if position and position != cursor.sentence.id and cursor.go_to_sentence_id(position):
            await self.host.show_position()
            sentence = cursor.sentence
            self.host.announce(f"Resuming at section {sentence.section_index + 1}, {cursor.section.spoken_title}, "
                               f"sentence {cursor.section.sentences.index(sentence) + 1}.", then_read=False)

    def show_store_warnings(self) -> None:
        if self.store is None:
            return
        if self.store.warnings:
            self.host.set_status(message=" ".join(self.store.warnings))
            self.store.warnings.clear()
        # A failed save stays on its own line of the status until a save succeeds: a message
        # would be overwritten by the next move, and nothing may be lost without saying so.
        if self.host.is_running:  # not while quitting: the status line is gone by then
            self.host.set_status(saving=self.store.save_problem or "")

    @property
    def save_problem(self) -> str:
        """Why the last save failed ("" when saving works), to say after "Bookmark 1 added"."""
        problem = self.store.save_problem if self.store is not None else None
        return f" {problem}" if problem else ""

    def save_position(self) -> None:
        if self.store is not None:
            self.state.position = self.host.cursor.sentence.id
            self.store.save_state(self.article_key, self.state)
            self.show_store_warnings()

    def save_settings(self) -> None:
        """Save the voice, theme, self-voicing and listening choices as they are now."""
        if self.store is None:
            return
        voice = self.host.voice_settings
        self.settings = replace(self.settings, rate=voice.rate, voice=voice.voice, volume=voice.volume,
                                theme=self.host.theme, self_voicing=self.host.self_voicing)
        self.store.save_settings(self.settings)
        self.show_store_warnings()

    def remember_listening_mode(self, mode: str) -> None:
        self.settings.listening_mode = mode
        self.save_settings()

    # --- bookmarks ------------------------------------------------------------------------------
    def add_bookmark(self) -> None:
        host = self.host
        mark = bookmarks.add_here(self.state, host.cursor.sentence.id)
        if mark is None:
            host.announce(bookmarks.ALREADY_HERE, then_read=False)
            return
        self.save_position()
        host.announce(bookmarks.added(mark, host.cursor.where_am_i()) + self.save_problem, then_read=False)

    def list_bookmarks(self) -> None:
        host = self.host
        marks = self.state.bookmarks
        if not marks:
            host.announce("There are no bookmarks yet. Press b to add one here.", then_read=False)
            return
        labels = [bookmarks.describe(host.article, n, mark) for n, mark in enumerate(marks, start=1)]

        async def chosen(result: tuple[str, int] | None) -> None:
            if result is None:
                host.announce("Bookmarks closed.", then_read=False)
                return
            what, index = result
            mark = marks[index]
            if what == "delete":
                marks.pop(index)
                self.save_position()
                host.announce(bookmarks.deleted(mark), then_read=False)
            elif what == "name":
                host.push_screen(BookmarkName(), lambda name: self._named(mark, name))
                host.announce("Type a name for the bookmark, then press Enter.", then_read=False)
            elif host.cursor.go_to_sentence_id(mark.sentence_id):
                await host.show_position()
                host.announce(f"At {mark.name or 'the bookmark'}: {host.cursor.where_am_i()}.", then_read=False)

        host.push_screen(BookmarkList(labels), chosen)
        host.announce(f"{len(marks)} bookmarks. " + " ".join(labels), then_read=False)

    def _named(self, mark: Bookmark, name: str | None) -> None:
        if name and bookmarks.clean_name(name):
            mark.name = bookmarks.clean_name(name)
            self.save_position()
            self.host.announce(f"Bookmark named {mark.name}.", then_read=False)
        else:
            self.host.announce("The bookmark keeps its name.", then_read=False)

    async def next_bookmark(self) -> None:
        """Go to the next bookmark after the current sentence (wrapping round): handy by voice."""
        await self._go_to_mark(bookmarks.next_after(self.state, self.host.article, self.host.cursor.index))

    async def previous_bookmark(self) -> None:
        """Go to the bookmark before the current sentence (wrapping round to the last one)."""
        await self._go_to_mark(bookmarks.previous_before(self.state, self.host.article, self.host.cursor.index))

    async def _go_to_mark(self, mark: Bookmark | None) -> None:
        host = self.host
        if mark is None:
            host.announce(bookmarks.NONE_YET, then_read=False)
            return
        host.cursor.go_to_sentence_id(mark.sentence_id)
        await host.show_position()
        host.announce(f"{mark.name or 'Bookmark'}: {host.cursor.where_am_i()}.", then_read=False)

    def delete_bookmark(self) -> None:
        """Delete the bookmark on the current sentence."""
        mark = bookmarks.remove_here(self.state, self.host.cursor.sentence.id)
        if mark is None:
            self.host.announce(bookmarks.NONE_HERE, then_read=False)
            return
        self.save_position()
        self.host.announce(bookmarks.deleted(mark), then_read=False)

    # --- themes ---------------------------------------------------------------------------------
    def next_theme(self) -> None:
        names = [p.name for p in PALETTES]
        host = self.host
        host.theme = names[(names.index(host.theme) + 1) % len(names)] if host.theme in names else names[0]
        self.save_settings()
        host.announce(f"Theme {host.theme.replace('-', ' ')}.", then_read=False)

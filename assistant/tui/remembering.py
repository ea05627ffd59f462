"""Resume, bookmarks, saved settings and themes for ReaderApp (a mixin, so app.py stays wiring).

Every action is confirmed in the status line and, with self-voicing on, aloud.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from assistant import bookmarks
from assistant.settings import ArticleState, Settings, SettingsStore, article_key
from assistant.tui.themes import PALETTES


class BookmarkName(ModalScreen[str | None]):
    """Type a name for a bookmark: Enter keeps it, Escape leaves the name as it was."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        yield Static(Text("Name this bookmark, then press Enter (Escape cancels).", style="bold"))
        yield Input(placeholder="for example: ask the doctor about this", id="bookmark-name")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class BookmarkList(ModalScreen[tuple[str, int] | None]):
    """Enter goes to a bookmark, N names it, Delete (or d) removes it, Escape closes."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("delete", "delete", "Delete bookmark"),
        Binding("d", "delete", "Delete bookmark"),
        Binding("n", "name", "Name bookmark"),
    ]

    def __init__(self, labels: list[str]) -> None:
        super().__init__()
        self.labels = labels

    def compose(self) -> ComposeResult:
        yield Static(Text("Bookmarks: Enter goes there, N names it, D deletes, Escape closes.", style="bold"))
        yield OptionList(*[Option(Text(label)) for label in self.labels], id="bookmarks")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(("go", event.option_index))

    def action_delete(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None:
            self.dismiss(("delete", index))

    def action_name(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None:
            self.dismiss(("name", index))

    def action_close(self) -> None:
        self.dismiss(None)


class RememberingMixin:
    """Needs from the app: store, settings, article, cursor, announce, _show_position, voice_settings."""

    store: SettingsStore | None = None
    settings: Settings = Settings()
    reading_state: ArticleState = ArticleState()

    # --- start and end --------------------------------------------------------------------------
    async def restore_reading_state(self) -> None:
        """Return to where this article was left, and say so."""
        if self.store is None:
            return
        self._article_key = article_key(self.article)
        self.reading_state = self.store.load_state(self._article_key)
        self.show_store_warnings()
        position = self.reading_state.position
        if position and position != self.cursor.sentence.id and self.cursor.go_to_sentence_id(position):
            await self._show_position()
            sentence = self.cursor.sentence
            self.announce(f"Resuming at section {sentence.section_index + 1}, {self.cursor.section.spoken_title}, "
                          f"sentence {self.cursor.section.sentences.index(sentence) + 1}.", then_read=False)

    def show_store_warnings(self) -> None:
        if self.store is not None and self.store.warnings:
            self._set_status(message=" ".join(self.store.warnings))
            self.store.warnings.clear()

    def save_position(self) -> None:
        if self.store is not None:
            self.reading_state.position = self.cursor.sentence.id
            self.store.save_state(self._article_key, self.reading_state)
            self.show_store_warnings()

    def save_settings(self) -> None:
        if self.store is None:
            return
        voice = self.voice_settings
        self.settings = replace(self.settings, rate=voice.rate, voice=voice.voice, volume=voice.volume,
                                theme=self.theme, self_voicing=self.self_voicing)
        self.store.save_settings(self.settings)
        self.show_store_warnings()

    # --- bookmarks ------------------------------------------------------------------------------
    def action_add_bookmark(self) -> None:
        mark = bookmarks.add_here(self.reading_state, self.cursor.sentence.id)
        if mark is None:
            self.announce("There is already a bookmark here.", then_read=False)
            return
        self.save_position()
        self.announce(f"{mark.name} added at {self.cursor.where_am_i()}.", then_read=False)

    def action_list_bookmarks(self) -> None:
        marks = self.reading_state.bookmarks
        if not marks:
            self.announce("There are no bookmarks yet. Press b to add one here.", then_read=False)
            return
        labels = [bookmarks.describe(self.article, n, mark) for n, mark in enumerate(marks, start=1)]

        async def chosen(result: tuple[str, int] | None) -> None:
            if result is None:
                self.announce("Bookmarks closed.", then_read=False)
                return
            what, index = result
            mark = marks[index]
            if what == "delete":
                marks.pop(index)
                self.save_position()
                self.announce(f"Deleted {mark.name or 'the bookmark'}.", then_read=False)
            elif what == "name":
                self.push_screen(BookmarkName(), lambda name: self._named(mark, name))
                self.announce("Type a name for the bookmark, then press Enter.", then_read=False)
            elif self.cursor.go_to_sentence_id(mark.sentence_id):
                await self._show_position()
                self.announce(f"At {mark.name or 'the bookmark'}: {self.cursor.where_am_i()}.", then_read=False)

        self.push_screen(BookmarkList(labels), chosen)
        self.announce(f"{len(marks)} bookmarks. " + " ".join(labels), then_read=False)

    def _named(self, mark, name: str | None) -> None:
        if name and bookmarks.clean_name(name):
            mark.name = bookmarks.clean_name(name)
            self.save_position()
            self.announce(f"Bookmark named {mark.name}.", then_read=False)
        else:
            self.announce("The bookmark keeps its name.", then_read=False)

    async def action_next_bookmark(self) -> None:
        """Go to the next bookmark after the current sentence (wrapping round): handy by voice."""
        mark = bookmarks.next_after(self.reading_state, self.article, self.cursor.index)
        if mark is None:
            self.announce("There are no bookmarks yet.", then_read=False)
            return
        self.cursor.go_to_sentence_id(mark.sentence_id)
        await self._show_position()
        self.announce(f"{mark.name or 'Bookmark'}: {self.cursor.where_am_i()}.", then_read=False)

    def action_delete_bookmark(self) -> None:
        """Delete the bookmark on the current sentence."""
        mark = bookmarks.remove_here(self.reading_state, self.cursor.sentence.id)
        if mark is None:
            self.announce("There is no bookmark on this sentence.", then_read=False)
            return
        self.save_position()
        self.announce(f"Deleted {mark.name or 'the bookmark'}.", then_read=False)

    # --- themes ---------------------------------------------------------------------------------
    def action_next_theme(self) -> None:
        names = [p.name for p in PALETTES]
        self.theme = names[(names.index(self.theme) + 1) % len(names)] if self.theme in names else names[0]
        self.save_settings()
        self.announce(f"Theme {self.theme.replace('-', ' ')}.", then_read=False)

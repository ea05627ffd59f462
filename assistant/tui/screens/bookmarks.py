"""Bookmark screens: name a bookmark, and list bookmarks to go to, name or delete one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from assistant.tui.screens.closing import ClosingOnce


class BookmarkName(ClosingOnce[str | None]):
    """Type a name for a bookmark: Enter keeps it, Escape leaves the name as it was."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        yield Static(Text("Name this bookmark, then press Enter (Escape cancels).", style="bold"))
        yield Input(placeholder="for example: ask the doctor about this", id="bookmark-name")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(Input))  # at once: keys typed next are already queued

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class BookmarkList(ClosingOnce[tuple[str, int] | None]):
    """Enter goes to a bookmark, n names it, Delete (or d) removes it, Escape closes."""

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
        yield Static(Text("Bookmarks: Enter goes there, n names it, d deletes, Escape closes.", style="bold"))
        yield OptionList(*[Option(Text(label)) for label in self.labels], id="bookmarks")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(OptionList))  # at once: keys typed next are already queued

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

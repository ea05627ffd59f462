"""Open another article: the recent articles first, then a path box that completes with Tab.

Usable without sight: every highlighted line and every completion is posted as a message that the
app shows in the status line and, with self-voicing on, speaks; the terminal cursor sits on the
highlighted line (RecentList) or in the path box (Textual's Input puts it there).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Offset
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from assistant.library import RecentChoice, complete
from assistant.tui.screens.closing import ClosingOnce

INSTRUCTIONS = ("Open an article. Up and Down choose a recent article, Enter opens it. "
                "Tab goes to the path box, where Tab completes a file name. Escape closes.")
PATH_PLACEHOLDER = "Type a file path (.md, .txt, .html), Tab completes, Enter opens"


class PathBox(Input):
    """The path box: Tab completes instead of moving on (Shift+Tab goes back to the list)."""

    BINDINGS = [Binding("tab", "complete", "Complete the path", show=False)]

    @dataclass
    class Completed(Message):
        """Tab was pressed: what the box holds now and every file it could be."""

        value: str
        candidates: list[str]

    def __init__(self, cwd: Path, **kwargs) -> None:
        super().__init__(placeholder=PATH_PLACEHOLDER, **kwargs)
        self.cwd = cwd

    def action_complete(self) -> None:
        value, candidates = complete(self.value, self.cwd)
        self.value = value
        self.cursor_position = len(value)
        self.post_message(self.Completed(value, candidates))


class RecentList(OptionList):
    """The recent articles; the terminal cursor sits on the highlighted one (screen magnifiers follow it)."""

    def place_cursor(self) -> None:
        if self.highlighted is None:
            return
        try:
            line = self._index_to_line[self.highlighted]  # Textual's own map from option to line
        except (KeyError, AttributeError):
            return
        region = self.content_region
        self.app.cursor_position = Offset(region.x, region.y + line - int(self.scroll_y))


class ArticlePicker(ClosingOnce[str | None]):
    """Dismisses with the path to open (a recent article's or the typed one), or None."""

    @dataclass
    class Said(Message):
        """A line to show and speak: the highlighted article, a completion, a problem."""

        text: str

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, choices: list[RecentChoice], cwd: Path | None = None) -> None:
        super().__init__()
        self.choices = choices
        self.cwd = cwd or Path.cwd()
        self._ready = False

    def compose(self) -> ComposeResult:
        yield Static(Text(INSTRUCTIONS, style="bold"), id="picker-help")
        if self.choices:
            yield Static(Text(f"Recent articles ({len(self.choices)}):"))
            yield RecentList(*[Option(Text(c.label), id=str(c.number)) for c in self.choices], id="recent")
        else:
            yield Static(Text("No other articles have been opened yet: type a path below."))
        yield PathBox(self.cwd, id="path")
        yield Static("", id="completions")

    def on_mount(self) -> None:
        if self.choices:
            recent = self.query_one(RecentList)
            recent.highlighted = 0
            recent.focus()
        else:
            self.query_one(PathBox).focus()
        self.call_after_refresh(self._listen)  # the first highlight is the intro's own, not a move

    def _listen(self) -> None:
        self._ready = True
        if self.choices:
            self.query_one(RecentList).place_cursor()

    def intro(self) -> str:
        """What the app says when the picker opens."""
        if not self.choices:
            return "Open an article. No other articles have been opened yet. Type a file path; Tab completes it."
        return (f"Open an article. {len(self.choices)} recent articles. {self.choices[0].label} "
                "Up and Down for the others, Enter opens, Tab for a path box.")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self._ready and event.option_index is not None:
            self.query_one(RecentList).place_cursor()
            self.post_message(self.Said(self.choices[event.option_index].label))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index].path)

    def on_path_box_completed(self, event: PathBox.Completed) -> None:
        shown = self.query_one("#completions", Static)
        if not event.candidates:
            shown.update(Text("No file or folder starts like that."))
            self.post_message(self.Said("No file or folder starts like that."))
            return
        names = [Path(c.rstrip("/")).name + ("/" if c.endswith("/") else "") for c in event.candidates]
        listing = ", ".join(names[:10]) + (f", and {len(names) - 10} more" if len(names) > 10 else "")
        shown.update(Text(listing))
        if len(names) == 1:
            self.post_message(self.Said(f"Completed: {names[0]}"))
        else:
            self.post_message(self.Said(f"{len(names)} matches: {listing}."))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.dismiss(event.value.strip())
        else:
            self.post_message(self.Said("Type a file path first, or press Escape to close."))

    def action_cancel(self) -> None:
        self.dismiss(None)

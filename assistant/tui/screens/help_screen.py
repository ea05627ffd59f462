"""The help screen, generated from the one command table: a simple list, one line per command
(what it does, its keys, what to say), under a heading per group. No table drawing: box characters
are noise to a screen reader's review cursor and a braille display."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from assistant.commands import help_lines
from assistant.tui.screens.closing import ClosingOnce


def help_text() -> Text:
    """The command list as Text: group headings bold, one command per line."""
    text = Text()
    for line in help_lines():
        if text:
            text.append("\n")
        text.append(line, style="bold underline" if line.endswith(":") else "")
    return text


class HelpScreen(ClosingOnce[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close help"),
        Binding("f1", "dismiss", "Close help"),
        Binding("question_mark", "dismiss", "Close help"),
        Binding("q", "dismiss", "Close help"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body", can_focus=True):
            yield Static(Text("Help. Press Escape to close. Arrow keys scroll.", style="bold"))
            yield Static(help_text(), id="help-list")

"""The help screen, generated from the one command table: every key, what it does, what to say."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from assistant.commands import COMMANDS
from assistant.tui.screens.closing import ClosingOnce


def help_table() -> Table:
    table = Table(expand=True, show_lines=False, header_style="bold underline")
    table.add_column("Keys", no_wrap=True)
    table.add_column("What it does", ratio=2)
    table.add_column("Or say", ratio=1)
    group = None
    for command in COMMANDS:
        if command.group != group:
            group = command.group
            table.add_row(Text(group, style="bold underline"), "", "")
        phrases = ", ".join(f'"{p}"' for p in (command.examples or command.phrases)[:2])
        table.add_row(Text(command.keys_text or "(voice only)"), Text(command.help), Text(phrases))
    return table


def help_lines() -> list[str]:
    """The same table as plain sentences, for speech and plain mode."""
    return [f"{c.keys_text or 'voice only'}: {c.help}." for c in COMMANDS]


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
            yield Static(help_table())

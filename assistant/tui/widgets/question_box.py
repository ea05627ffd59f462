"""The question box: typed questions. Enter asks, Escape closes."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Input


class QuestionBox(Input):
    """Input shows typed text literally (no markup). Escape posts `Closed`; Enter posts Input.Submitted."""

    BINDINGS = [("escape", "close", "Close the question box")]

    class Closed(Message):
        """The reader closed the box without asking."""

    def action_close(self) -> None:
        self.post_message(self.Closed())

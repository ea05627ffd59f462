"""The last answer, shown under the article: the quotation and where it comes from, as text."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class AnswerPanel(Static):
    """The last answer (or the glossary entry, or the notice), shown as text below the article."""

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.plain = ""
        self.display = False

    def show(self, heading: str, body: str, hint: str = "") -> None:
        text = Text(heading, style="bold")
        text.append("\n")
        text.append(body)  # article and glossary text: plain strings, never markup
        if hint:
            text.append("\n" + hint)
        self.plain = text.plain
        self.update(text)
        self.display = True

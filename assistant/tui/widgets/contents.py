"""The numbered table of contents. Enter on an entry goes to that section."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from assistant.article import Article

CURRENT_SECTION_MARK = "▶"


class ContentsList(OptionList):
    """Escape leaves the list for the article (it does not stop reading from here)."""

    BINDINGS = [Binding("escape", "leave", "Back to the article")]

    class Left(Message):
        """The reader left the contents without choosing a section."""

    def action_leave(self) -> None:
        self.post_message(self.Left())

    def __init__(self, article: Article, **kwargs) -> None:
        super().__init__(*self._section_options(article, 0), **kwargs)
        self.article = article
        self.current_section = 0

    @staticmethod
    def _section_options(article: Article, current: int) -> list[Option]:
        options = []
        for section in article.sections:
            mark = CURRENT_SECTION_MARK if section.index == current else " "
            label = Text(f"{mark} {section.index + 1}. ")
            label.append(section.title)
            options.append(Option(label, id=section.id))
        return options

    def mark_current(self, section_index: int) -> None:
        """Move the ▶ marker (text, not colour) to the section being read."""
        if section_index == self.current_section:
            return
        self.current_section = section_index
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(self._section_options(self.article, section_index))
        # Follow the reader unless someone is choosing in the list right now.
        self.highlighted = highlighted if self.has_focus and highlighted is not None else section_index

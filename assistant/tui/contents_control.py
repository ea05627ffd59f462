"""The contents: a sidebar on wide terminals, hidden on narrow ones (large print, magnifiers) and
with C; c brings the list up (even when hidden) and Escape or Enter leaves it for the article."""

from __future__ import annotations

from assistant.speech.narrator import SpeechItem
from assistant.tui.host import ReaderHost
from assistant.tui.widgets.article_view import ArticleView
from assistant.tui.widgets.contents import ContentsList

SIDEBAR_MIN_WIDTH = 100
"""Narrower terminals hide the contents sidebar: the article gets the room."""


class ContentsController:
    """Shows, hides and leaves the contents list."""

    def __init__(self, host: ReaderHost) -> None:
        self.host = host
        self.wanted: bool | None = None
        """The sidebar as chosen with C; None follows the terminal's width."""

    def open(self) -> None:
        """Show the contents (even when the sidebar is hidden) and move to it."""
        host = self.host
        contents = host.query_one(ContentsList)
        contents.display = True
        contents.highlighted = host.cursor.section.index
        contents.focus()
        listing = " ".join(f"{s.index + 1}: {s.spoken_title}." for s in host.article.sections)
        host.set_status(message="Contents: Up and Down choose, Enter goes there, Escape goes back.")
        if host.self_voicing:
            host.say([SpeechItem(f"Contents. {listing} Press Enter on a section to go there, Escape to go back.")])

    def leave(self) -> None:
        self.host.query_one(ArticleView).focus()
        self.apply(leaving=True)

    def toggle(self) -> None:
        contents = self.host.query_one(ContentsList)
        self.wanted = not contents.display
        self.apply()
        self.host.announce(f"Contents sidebar {'shown' if contents.display else 'hidden'}. "
                           "Press c for the contents list.", then_read=False)

    def apply(self, leaving: bool = False) -> None:
        """The sidebar shows on wide terminals unless C hid it (and on narrow ones only when chosen);
        left alone while the reader is in the list, unless they are leaving it."""
        contents = self.host.query_one(ContentsList)
        if contents.has_focus and not leaving:
            return
        contents.display = self.wanted if self.wanted is not None else self.host.size.width >= SIDEBAR_MIN_WIDTH

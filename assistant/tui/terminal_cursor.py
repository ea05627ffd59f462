"""Where the terminal cursor goes: exactly on what is being read or has focus, in every view.

Screen readers (Orca, NVDA in a terminal) and magnifiers follow the terminal cursor, not colours.
Textual moves the terminal cursor only when it writes a screen update, so after placing it we ask
for a one-cell update: otherwise the cursor would lag one change behind (one sentence behind while
reading).
"""

from __future__ import annotations

from textual.app import App
from textual.css.query import NoMatches
from textual.geometry import Offset, Region
from textual.widgets import Input, OptionList

from assistant.tui.widgets.article_view import ArticleView


def option_cell(options: OptionList) -> Offset:
    """The first cell of the highlighted entry of a list (its top row when nothing is highlighted)."""
    region = options.content_region
    index = options.highlighted
    line = options._index_to_line.get(index, 0) if index is not None else 0  # Textual keeps no public map
    y = region.y + line - round(options.scroll_y)
    return Offset(region.x, min(max(y, region.y), max(region.y, region.bottom - 1)))


def cursor_cell(app: App) -> Offset | None:
    """The cell for the focused widget: the sentence (or word) being read in the article, the
    highlighted entry of a list, the text cursor of an input, else the widget's first cell."""
    focused = app.focused
    if focused is None or isinstance(focused, ArticleView):
        try:
            return app.screen.query_one(ArticleView).cursor_cell()
        except NoMatches:  # a screen without the article (help, dialogs) and nothing focused
            return None
    if isinstance(focused, OptionList):
        return option_cell(focused)
    if isinstance(focused, Input):
        return focused.cursor_screen_offset
    region = focused.content_region
    return Offset(region.x, region.y)


def place_cursor(app: App) -> None:
    """Put the terminal cursor on what is read or focused now, and make sure the terminal hears it."""
    if not app.is_running:
        return
    cell = cursor_cell(app)
    if cell is None:
        return
    app.cursor_position = cell
    app.screen.refresh(Region(cell.x, cell.y, 1, 1))

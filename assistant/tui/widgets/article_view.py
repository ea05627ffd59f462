"""The current section's text, with the sentence being read in reverse video and kept in view.

The terminal cursor is what screen readers and magnifiers follow, so this view knows exactly which
screen cell the sentence (or the word being spoken) starts on: it reads its own rendered lines
rather than re-wrapping the text, and it scrolls by sentence, not by paragraph, so the sentence is
in view even when one paragraph is taller than the terminal.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.containers import VerticalScroll
from textual.geometry import Offset, Region
from textual.widgets import Static

from assistant.article import Paragraph, Section, Sentence

CURRENT_SENTENCE_STYLE = "reverse bold"
"""Reverse video and bold: visible without colour, in every theme."""
CURRENT_WORD_STYLE = "not reverse bold underline"
"""The word being spoken, inside the reversed sentence: normal video, bold and underlined."""
CURRENT_MARK = "▶ "
"""A text marker before the paragraph being read, for readers who cannot see reverse video."""


def list_marker(paragraph: Paragraph) -> str:
    """How a list item's marker is shown ("• " for a bullet, "2. " for a number): shown, never read."""
    if not paragraph.marker:
        return ""
    return ("•" if paragraph.marker in "-*+" else paragraph.marker) + " "


def paragraph_text(paragraph: Paragraph, current: Sentence | None, marks: list[tuple[int, int]] = (),
                   word: tuple[int, int] | None = None) -> Text:
    """The paragraph as Rich Text built from plain strings: article text is never parsed as markup.
    `word` is the spoken word's (start, end) inside the current sentence."""
    is_current = current is not None and any(s.id == current.id for s in paragraph.sentences)
    text = Text(CURRENT_MARK if is_current else "  ", style="bold")
    text.append(list_marker(paragraph))
    body = Text(paragraph.text)
    for start, end in marks:
        body.stylize("underline", start, end)
    for sentence in paragraph.sentences:
        if current is not None and sentence.id == current.id:
            body.stylize(CURRENT_SENTENCE_STYLE, sentence.start, sentence.end)
            if word is not None:
                body.stylize(CURRENT_WORD_STYLE, sentence.start + word[0], sentence.start + word[1])
    text.append_text(body)
    return text


def char_cells(source: str, lines: list[str]) -> list[tuple[int, int] | None]:
    """(row, column) of every character of `source` as wrapped into the rendered `lines`.

    Wrapping only drops spaces at line breaks, so each rendered line is found in the source at or
    just after the previous one; characters that were dropped get None."""
    cells: list[tuple[int, int] | None] = [None] * len(source)
    position = 0
    for row, line in enumerate(lines):
        shown, indent = line.rstrip(), 0
        if not shown:
            continue
        start = source.find(shown, position)
        if start < 0 or source[position:start].strip():
            indent = cell_len(shown) - cell_len(shown.lstrip())  # a leading space the source lacks
            shown = shown.lstrip()
            start = source.find(shown, position)
            if start < 0:
                break
        column = indent
        for index, character in enumerate(shown):
            cells[start + index] = (row, column)
            column += cell_len(character)
        position = start + len(shown)
    return cells


WINDOW_BEFORE, WINDOW = 20, 60
"""A long section shows 60 paragraphs around the current one (20 before it), rebuilt when the
cursor leaves them: with every paragraph a widget, 13,000 of them took minutes to lay out and
seconds per move. Sections of up to 60 paragraphs are shown whole."""


class ParagraphView(Static):
    def __init__(self, paragraph: Paragraph, text: Text) -> None:
        super().__init__(text, id=f"para-{paragraph.id.replace('.', '-')}")
        self.paragraph = paragraph
        self.text = text
        """The Rich Text on show (tests and the cursor position read it)."""

    def show(self, text: Text) -> None:
        self.text = text
        self.update(text)

    def cells(self) -> list[tuple[int, int] | None]:
        """Where each character of the text on show sits in this widget, as rendered now."""
        lines = [self.render_line(y).text for y in range(self.size.height)]
        return char_cells(self.text.plain, lines)


class ArticleView(VerticalScroll, can_focus=True, inherit_bindings=False):
    """Shows one section. `show(section, sentence, word)` rebuilds only when the section changes.

    It has no key bindings of its own (no scrolling keys): Up and Down must always move the reading
    cursor, also in a section longer than the screen, and the view follows the cursor.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.section: Section | None = None
        self.current: Sentence | None = None
        self.word: tuple[int, int] | None = None
        """The highlighted word's (start, end) in the current sentence, or None."""
        self.term_marks: dict[str, list[tuple[int, int]]] = {}
        """Glossary terms to underline, by paragraph id (offsets in the paragraph text)."""
        self._views: dict[int, ParagraphView] = {}
        """The paragraph views on show, by paragraph index in the section."""

    async def show(self, section: Section, sentence: Sentence, word: tuple[int, int] | None = None) -> None:
        """Show `sentence` (and `word`) highlighted: only its paragraph and the one left change,
        unless the section changed or the cursor left the paragraphs on show."""
        previous = self.current
        self.current, self.word = sentence, word
        if self.section is None or section.id != self.section.id or sentence.paragraph_index not in self._views:
            self.section = section
            await self._mount_window(section, sentence.paragraph_index)
        else:
            for shown in (previous, sentence):
                if shown is not None and shown.paragraph_index in self._views:
                    view = self._views[shown.paragraph_index]
                    view.show(self._text(view.paragraph))
        self.call_after_refresh(self._keep_in_view)

    async def _mount_window(self, section: Section, around: int) -> None:
        count = len(section.paragraphs)
        first = 0 if count <= WINDOW else max(0, min(around - WINDOW_BEFORE, count - WINDOW))
        last = min(count, first + WINDOW)
        widgets: list[Static] = [Static(Text(section.title), classes="section-title")]
        if first > 0:
            widgets.append(Static(Text(f"({first} earlier paragraphs of this section: move up to show them.)")))
        self._views = {index: ParagraphView(section.paragraphs[index], self._text(section.paragraphs[index]))
                       for index in range(first, last)}
        widgets += list(self._views.values())
        if last < count:
            widgets.append(Static(Text(f"({count - last} more paragraphs in this section: move down to show them.)")))
        await self.remove_children()
        await self.mount_all(widgets)

    def refresh_marks(self) -> None:
        for view in self._views.values():
            view.show(self._text(view.paragraph))

    def _text(self, paragraph: Paragraph) -> Text:
        return paragraph_text(paragraph, self.current, self.term_marks.get(paragraph.id, []), self.word)

    def current_paragraph_view(self) -> ParagraphView | None:
        if self.current is None or self.section is None or self.current.section_index != self.section.index:
            return None
        return self._views.get(self.current.paragraph_index)

    def _target_rows(self, view: ParagraphView) -> tuple[int, int, int, int] | None:
        """(first row, last row, cursor row, cursor column) of the current sentence in `view`."""
        if self.current is None:
            return None
        cells = view.cells()
        offset = len(CURRENT_MARK) + len(list_marker(view.paragraph))
        start = offset + self.current.start
        end = offset + self.current.end - 1
        target = start + (self.word[0] if self.word else 0)
        found = [cells[i] for i in (start, end, target) if i < len(cells)]
        if len(found) < 3 or None in found:
            return None
        (first, _), (last, _), (row, column) = found  # type: ignore[misc]
        return first, last, row, column

    def _keep_in_view(self) -> None:
        """Scroll by sentence: the whole sentence in view when it fits, else its spoken part."""
        view = self.current_paragraph_view()
        rows = self._target_rows(view) if view is not None else None
        if view is None or rows is None:
            self.app.call_after_refresh(self._cursor_moved)
            return
        first, last, row, _ = rows
        top = view.virtual_region.y
        if self.current is not None and self.current.index == 0 and view.paragraph.id.endswith(".1") \
                and top + last < self.scrollable_content_region.height:
            self.scroll_home(animate=False, immediate=True)  # the heading stays with the first paragraph
        else:
            height = max(1, self.scrollable_content_region.height)
            if last - first + 1 > height:
                first, last = row, min(row + height - 1, last)
            self.scroll_to_region(Region(0, top + first, 1, last - first + 1), animate=False, immediate=True)
        self.app.call_after_refresh(self._cursor_moved)

    def _cursor_moved(self) -> None:
        place = getattr(self.app, "place_cursor", None)
        if place is not None:
            place()

    def on_resize(self) -> None:
        """The layout moved (a panel opened, the status line grew, the terminal changed size)."""
        self.call_after_refresh(self._keep_in_view)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.call_after_refresh(self._cursor_moved)

    def cursor_cell(self) -> Offset | None:
        """The screen cell where the sentence being read (or its spoken word) starts, kept inside
        the visible part of the view; None before anything is shown."""
        view = self.current_paragraph_view()
        rows = self._target_rows(view) if view is not None else None
        if view is None or rows is None:
            return None
        _, _, row, column = rows
        region = view.content_region
        visible = self.scrollable_content_region
        x = min(max(region.x + column, visible.x), visible.right - 1)
        y = min(max(region.y + row, visible.y), visible.bottom - 1)
        return Offset(x, y)

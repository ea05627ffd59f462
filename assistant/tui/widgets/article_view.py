"""The current section's text, with the sentence being read in reverse video and kept in view."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.containers import VerticalScroll
from textual.geometry import Offset
from textual.widgets import Static

from assistant.article import Paragraph, Section, Sentence

CURRENT_SENTENCE_STYLE = "reverse bold"
"""Reverse video and bold: visible without colour, in every theme."""
CURRENT_MARK = "▶ "
"""A text marker before the paragraph being read, for readers who cannot see reverse video."""


def list_marker(paragraph: Paragraph) -> str:
    """How a list item's marker is shown ("• " for a bullet, "2. " for a number): shown, never read."""
    if not paragraph.marker:
        return ""
    return ("•" if paragraph.marker in "-*+" else paragraph.marker) + " "


def paragraph_text(paragraph: Paragraph, current: Sentence | None,
                   marks: Sequence[tuple[int, int]] = ()) -> Text:
    """The paragraph as Rich Text built from plain strings: article text is never parsed as markup."""
    is_current = current is not None and any(s.id == current.id for s in paragraph.sentences)
    text = Text(CURRENT_MARK if is_current else "  ", style="bold")
    text.append(list_marker(paragraph))
    body = Text(paragraph.text)
    for start, end in marks:
        body.stylize("underline", start, end)
    for sentence in paragraph.sentences:
        if current is not None and sentence.id == current.id:
            body.stylize(CURRENT_SENTENCE_STYLE, sentence.start, sentence.end)
    text.append_text(body)
    return text


class ParagraphView(Static):
    def __init__(self, paragraph: Paragraph, text: Text) -> None:
        super().__init__(text, id=f"para-{paragraph.id.replace('.', '-')}")
        self.paragraph = paragraph
        self.text = text
        """The Rich Text on show (tests and the cursor position read it)."""

    def show(self, text: Text) -> None:
        self.text = text
        self.update(text)


class ArticleView(VerticalScroll, can_focus=True, inherit_bindings=False):
    """Shows one section. `show(section, sentence)` rebuilds only when the section changes.

    It has no key bindings of its own (no scrolling keys): Up and Down must always move the reading
    cursor, also in a section longer than the screen, and the view follows the cursor.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.section: Section | None = None
        self.current: Sentence | None = None
        self.term_marks: dict[str, list[tuple[int, int]]] = {}
        """Glossary terms to underline, by paragraph id (offsets in the paragraph text)."""

    async def show(self, section: Section, sentence: Sentence) -> None:
        if self.section is None or section.id != self.section.id:
            self.section = section
            self.current = sentence
            await self.remove_children()
            await self.mount_all(
                [Static(Text(section.title), classes="section-title")]
                + [ParagraphView(p, self._text(p)) for p in section.paragraphs]
            )
        else:
            previous, self.current = self.current, sentence
            for view in self.query(ParagraphView):
                ids = {s.id for s in view.paragraph.sentences}
                if sentence.id in ids or (previous is not None and previous.id in ids):
                    view.show(self._text(view.paragraph))
        self.call_after_refresh(self._keep_in_view)

    def refresh_marks(self) -> None:
        for view in self.query(ParagraphView):
            view.show(self._text(view.paragraph))

    def _text(self, paragraph: Paragraph) -> Text:
        return paragraph_text(paragraph, self.current, self.term_marks.get(paragraph.id, []))

    def current_paragraph_view(self) -> ParagraphView | None:
        for view in self.query(ParagraphView):
            if self.current is not None and any(s.id == self.current.id for s in view.paragraph.sentences):
                return view
        return None

    def _keep_in_view(self) -> None:
        view = self.current_paragraph_view()
        if view is None:
            return
        if self.current is not None and self.current.index == 0 and view.paragraph.id.endswith(".1"):
            self.scroll_home(animate=False)  # show the heading with the first paragraph
        self.scroll_to_widget(view, animate=False, top=False)
        self.app.cursor_position = self.sentence_screen_offset(view)

    def sentence_screen_offset(self, view: ParagraphView) -> Offset:
        """Where the current sentence starts on screen, so the terminal cursor can sit on it."""
        region = view.content_region
        width = max(1, region.width)
        start = len(CURRENT_MARK) + len(list_marker(view.paragraph)) + (self.current.start if self.current else 0)
        text = paragraph_text(view.paragraph, None)
        lines = text.wrap(self.app.console, width)
        consumed = 0
        for row, line in enumerate(lines):
            if start < consumed + len(line.plain) + 1:
                return Offset(region.x + max(0, start - consumed), region.y + row - int(self.scroll_y) + 0)
            consumed += len(line.plain) + 1
        return Offset(region.x, region.y)

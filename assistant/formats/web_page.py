"""A saved web page -> its main article only: title, h1-h3 headings as sections, paragraphs, lists.

The main-content extraction is trafilatura's (a maintained, benchmarked boilerplate remover):
navigation, menus, cookie banners, footers, scripts and styles never reach the reader. This module
only turns trafilatura's XML (`<head rend="h2">`, `<p>`, `<list><item>`, `<table><row><cell>`)
into the same structure as a plain-text or Markdown article. No markup or script text survives:
only element text is read, and it is cleaned like any other text. Pure Python (no network).
"""

from __future__ import annotations

import re

from assistant.article import INTRODUCTION_TITLE, ArticleError, clean_text
from assistant.formats.plain_text import TextStructure

MIN_ARTICLE_WORDS = 20
"""Less than this outside the title is a redirect notice, an error page or a menu: no article."""
MAX_PAGE_TEXT_CHARS = 1_000_000
"""A long health article has some 50,000 characters; extraction time grows faster than the page."""
SECTION_LEVELS = ("h1", "h2", "h3")
"""Headings that start a section; smaller ones (h4-h6) are kept as a paragraph of their own."""
_SPACES = re.compile(r"\s+")
_HIDDEN = ("//*[@hidden or @aria-hidden='true' or contains(translate(@style, ' ', ''), 'display:none')"
           " or contains(translate(@style, ' ', ''), 'visibility:hidden')]")
_BLOCKS = ("p", "head", "list", "item", "table", "row", "cell", "quote", "lb")


def _text(element) -> str:
    return clean_text(_SPACES.sub(" ", "".join(element.itertext()))).replace("\n", " ").strip()


def _link_only(element) -> bool:
    """A block whose words are all link text is a menu, a tab strip or a "related links" list."""
    links = "".join("".join(ref.itertext()) for ref in element.iter("ref"))
    if not links.strip():
        return False
    rest = "".join(element.itertext())
    for ref in element.iter("ref"):
        rest = rest.replace("".join(ref.itertext()), " ", 1)
    return sum(ch.isalnum() for ch in rest) <= 2


def _own_text(element) -> str:
    """An element's text without the text of nested blocks (a list item holding a sub-list)."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in _BLOCKS:
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return clean_text(_SPACES.sub(" ", "".join(parts))).replace("\n", " ").strip()


class _Builder:
    """Collects sections from trafilatura's XML body in document order."""

    def __init__(self) -> None:
        self.title: str | None = None
        self.sections: list[tuple[str, list[str]]] = [(INTRODUCTION_TITLE, [])]
        self.dropped_links = 0
        """Blocks left out because they were only links (navigation); measured by the benchmark."""

    def paragraph(self, text: str) -> None:
        if text and any(ch.isalnum() for ch in text):
            self.sections[-1][1].append(text)

    def heading(self, element) -> None:
        text = _text(element)
        if not text:
            return
        level = (element.get("rend") or "h2").lower()
        if level not in SECTION_LEVELS:
            self.paragraph(text)
        elif level == "h1" and self.title is None and not any(p for _, p in self.sections):
            self.title = text
        else:
            self.sections.append((text, []))

    def walk(self, element) -> None:
        for child in element:
            tag = child.tag
            if tag == "head":
                self.heading(child)
            elif tag in ("p", "quote", "item") and _link_only(child):
                self.dropped_links += 1
            elif tag in ("p", "quote"):
                self.paragraph(_text(child))
            elif tag == "list":
                self.walk(child)
            elif tag == "item":
                self.paragraph(_own_text(child))
                self.walk(child)
            elif tag == "table":
                self.table(child)
            elif tag in _BLOCKS or tag in ("div", "main", "section"):
                self.walk(child)
            # inline elements (links, emphasis) are read as part of their block's text

    def table(self, table) -> None:
        """Data rows read as one line ("Study Type : Observational"); layout cells as their blocks."""
        for row in table.iter("row"):
            cells = [cell for cell in row if cell.tag == "cell"]
            if any(len(cell) and any(c.tag in _BLOCKS for c in cell) for cell in cells):
                for cell in cells:
                    self.walk(cell) if len(cell) else self.paragraph(_text(cell))
            else:
                self.paragraph(" ".join(t for t in (_text(cell) for cell in cells) if t))


def parse_web_page(html: str) -> TextStructure:
    """Extract the main article of a saved page. Raises ArticleError when there is none."""
    import trafilatura
    from lxml import etree
    from lxml import html as lxml_html

    try:
        # huge_tree: a saved page may inline megabytes of script in one text node, which libxml2
        # otherwise refuses, losing the article after it.
        parser = lxml_html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
        tree = lxml_html.document_fromstring(html, parser=parser)
        for code in tree.xpath("//script | //style | //noscript | //template"):
            code.drop_tree()  # never text to read; left in, date-guessing scans every byte of it
        for hidden in tree.xpath(_HIDDEN):
            if hidden.getparent() is not None:
                hidden.drop_tree()  # what the page itself hides is neither shown nor read aloud
        size = len(tree.text_content())
        if size > MAX_PAGE_TEXT_CHARS:
            raise ArticleError(
                f"has too much text to be one article ({size / 1_000_000:.1f} million characters; "
                f"the reader opens pages with up to {MAX_PAGE_TEXT_CHARS // 1_000_000} million)."
            )
        xml = trafilatura.extract(
            tree, output_format="xml", with_metadata=True, include_comments=False, include_tables=True,
            include_links=True, include_images=False, include_formatting=False, deduplicate=False,
        )
    except (ValueError, etree.LxmlError):
        xml = None
    if not xml:
        raise ArticleError("is a web page with no article text in it.")
    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    builder = _Builder()
    for body in root.iter("main"):
        builder.walk(body)
    page_title = clean_text(root.get("title") or "").replace("\n", " ").strip() or None
    title = builder.title or page_title
    metadata = {key: clean_text(root.get(key) or "").strip()
                for key in ("sitename", "author", "date", "url") if root.get(key)}
    sections = [(name, paragraphs) for name, paragraphs in builder.sections if paragraphs]
    if sum(len(p.split()) for _, paragraphs in sections for p in paragraphs) < MIN_ARTICLE_WORDS:
        raise ArticleError("is a web page with no article text in it.")
    notes = [] if len(sections) > 1 else ["This page has no headings, so it is read as one section."]
    return TextStructure(title, sections, metadata, notes)

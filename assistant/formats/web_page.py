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
_HIDDEN = (
    "//*[@hidden or @aria-hidden='true' or contains(translate(@style, ' ', ''), 'display:none')"
    " or contains(translate(@style, ' ', ''), 'visibility:hidden')]"
)
_HTML_BLOCKS = (
    "div",
    "p",
    "li",
    "br",
    "td",
    "th",
    "tr",
    "dd",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "blockquote",
    "table",
    "ul",
    "ol",
)
_BLOCKS = ("p", "head", "list", "item", "table", "row", "cell", "quote", "lb", "tr", "td", "th", "caption")
"""trafilatura's block elements, and the raw table tags it sometimes leaves inside a paragraph."""


def _text(element) -> str:
    return _clean("".join(element.itertext()))


def _link_only(element) -> bool:
    """A block whose words are all link text is a menu, a tab strip or a "related links" list."""
    links = "".join("".join(ref.itertext()) for ref in element.iter("ref"))
    if not links.strip():
        return False
    rest = "".join(element.itertext())
    for ref in element.iter("ref"):
        rest = rest.replace("".join(ref.itertext()), " ", 1)
    return sum(ch.isalnum() for ch in rest) <= 2


def _clean(text: str) -> str:
    return clean_text(_SPACES.sub(" ", text)).replace("\n", " ").strip()


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
            self.block(child)

    def block(self, child) -> None:
        tag = child.tag
        if tag == "head":
            self.heading(child)
        elif tag in ("p", "quote", "item") and _link_only(child):
            self.dropped_links += 1
        elif tag in ("p", "quote", "item", "cell", "td", "th") and any(c.tag in _BLOCKS for c in child):
            self.mixed(child)  # "Primary Outcome Measures :" then its list, in page order
        elif tag in ("p", "quote", "item"):
            self.paragraph(_text(child))
        elif tag == "table":
            self.table(child)
        elif tag in _BLOCKS or tag in ("div", "main", "section"):
            self.walk(child)
        # inline elements (links, emphasis) are read as part of their block's text

    def mixed(self, element) -> None:
        """Text and blocks inside one element, each run of text a paragraph, in document order."""
        run = [element.text or ""]
        for child in element:
            if child.tag in _BLOCKS:
                self.paragraph(_clean("".join(run)))
                self.block(child)
                run = [child.tail or ""]
            else:
                run += ["".join(child.itertext()), child.tail or ""]
        self.paragraph(_clean("".join(run)))

    def table(self, table) -> None:
        """Data rows read as one line ("Study Type : Observational"); layout cells as their blocks."""
        for row in table.iter("row", "tr"):
            cells = [cell for cell in row if cell.tag in ("cell", "td", "th")]
            if any(len(cell) and any(c.tag in _BLOCKS for c in cell) for cell in cells):
                for cell in cells:
                    self.block(cell) if len(cell) else self.paragraph(_text(cell))
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
        for block in tree.iter(*_HTML_BLOCKS):  # a block's edges are word boundaries ("]<div>ctDNA")
            if block.text and not block.text[:1].isspace():
                block.text = " " + block.text
            if block.tail and not block.tail[:1].isspace():
                block.tail = " " + block.tail
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
            tree,
            output_format="xml",
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_links=True,
            include_images=False,
            include_formatting=False,
            deduplicate=False,
            # No guessing of dates from the page's text: its first use loads dateparser's language
            # data (3-5 s on some pages) for a date that is only metadata, and often wrong.
            date_extraction_params={"extensive_search": False},
        )
    except (ValueError, etree.LxmlError):
        xml = None
    if not xml:
        raise ArticleError("is a web page with no article text in it.")
    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    for line_break in root.iter("lb"):
        line_break.tail = " " + (line_break.tail or "")  # "Follow-up.<lb/>Change" is two lines, not one word
    builder = _Builder()
    for body in root.iter("main"):
        builder.walk(body)
    page_title = clean_text(root.get("title") or "").replace("\n", " ").strip() or None
    title = builder.title or page_title
    metadata = {
        key: clean_text(root.get(key) or "").strip() for key in ("sitename", "author", "date", "url") if root.get(key)
    }
    sections = [(name, paragraphs) for name, paragraphs in builder.sections if paragraphs]
    if sum(len(p.split()) for _, paragraphs in sections for p in paragraphs) < MIN_ARTICLE_WORDS:
        raise ArticleError("is a web page with no article text in it.")
    notes = [] if len(sections) > 1 else ["This page has no headings, so it is read as one section."]
    return TextStructure(title, sections, metadata, notes)

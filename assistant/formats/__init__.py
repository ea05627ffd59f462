"""Which kind of file an article is (Markdown, plain text, a saved web page), and its parser.

The file's suffix decides first; its content decides when the suffix says nothing or is wrong
(a web page saved as .txt, Markdown saved without a suffix). Every format ends in the same
Article model through `assistant.article.build_article`. Pure Python; the web page extractor is
imported only when a web page is opened.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path

from assistant.article import Article, ArticleError, build_article, parse_article


class Format(Enum):
    """The kinds of file an article can be read from."""

    MARKDOWN = "Markdown"
    PLAIN_TEXT = "plain text"
    WEB_PAGE = "web page"


SUFFIXES = {
    ".md": Format.MARKDOWN,
    ".markdown": Format.MARKDOWN,
    ".mdown": Format.MARKDOWN,
    ".txt": Format.PLAIN_TEXT,
    ".text": Format.PLAIN_TEXT,
    ".html": Format.WEB_PAGE,
    ".htm": Format.WEB_PAGE,
    ".xhtml": Format.WEB_PAGE,
}
OPENABLE_SUFFIXES = tuple(SUFFIXES)
"""What the article picker offers."""

_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAGS = re.compile(r"<(?:p|div|h[1-6]|li|br|span|a)[\s>/]", re.IGNORECASE)
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+\S", re.MULTILINE)
_SETEXT = re.compile(r"^\S.*\n(?:=+|-{3,})\s*$", re.MULTILINE)


def sniff(text: str) -> Format:
    """Guess the format from the text alone."""
    head = text[:4096]
    if _HTML_START.match(head) or len(_HTML_TAGS.findall(head)) >= 5:
        return Format.WEB_PAGE
    if _MARKDOWN_HEADING.search(text) or _SETEXT.search(text):
        return Format.MARKDOWN
    return Format.PLAIN_TEXT


def format_of(path: Path, text: str) -> Format:
    """The suffix's format, unless the text is plainly a web page (or the suffix is unknown)."""
    by_suffix = SUFFIXES.get(path.suffix.lower())
    sniffed = sniff(text)
    if by_suffix is None or sniffed is Format.WEB_PAGE:
        return sniffed
    return by_suffix


_ENGLISH_WORDS = frozenset(
    "the a an and or of to in on for with is are was be been it this that you your can may not "
    "if they their have has what when how do does will by from as at".split()
)
_WORDS = re.compile(r"[^\W\d_]+")


def looks_english(text: str) -> bool:
    """Whether common English words are as frequent as in English prose (speech and answers need it)."""
    words = [w.lower() for w in _WORDS.findall(text[:20000])]
    if len(words) < 30:
        return True
    return sum(1 for w in words if w in _ENGLISH_WORDS) / len(words) >= 0.12


def title_from_path(path: Path) -> str:
    return path.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Untitled article"


def parse_document(text: str, path: Path) -> Article:
    """Parse decoded text by its format. Raises ArticleError with one sentence naming the file."""
    kind = format_of(path, text)
    fallback = title_from_path(path)
    try:
        if kind is Format.WEB_PAGE:
            from assistant.formats.web_page import parse_web_page

            structure = parse_web_page(text)
        elif kind is Format.PLAIN_TEXT:
            from assistant.formats.plain_text import parse_plain_text

            structure = parse_plain_text(text)
        else:
            return _with_language_notice(parse_article(text, fallback_title=fallback))
    except ArticleError as error:
        raise ArticleError(f"{path} {error}") from None
    metadata = dict(structure.metadata)
    metadata["format"] = kind.value
    if structure.notes:
        metadata["notice"] = " ".join(structure.notes)
    try:
        article = build_article(structure.title, structure.sections, metadata, fallback)
    except ArticleError:
        if kind is Format.WEB_PAGE:
            raise ArticleError(f"{path} is a web page with no article text in it.") from None
        raise ArticleError(f"{path} has no text to read.") from None
    return _with_language_notice(article)


def _with_language_notice(article: Article) -> Article:
    """Say so when the article is not in English: it is still shown and read as written."""
    if looks_english(" ".join(s.text for s in article.sentences)):
        return article
    note = (
        "This article does not seem to be in English: it is shown as written, but the English voice "
        "and questions may not suit it."
    )
    notice = article.metadata.get("notice")
    article.metadata["notice"] = f"{notice} {note}" if notice else note
    return article

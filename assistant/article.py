"""The article as data: Markdown text -> Article -> Section -> Paragraph -> Sentence.

Pure Python: no Textual, no audio. Everything shown or spoken comes from here, so this is also
where untrusted text is made safe (`assistant.text_rules`: terminal escapes, control characters and
bidirectional overrides removed) while the wording itself is kept exactly as written. Parsing is
linear in the article's length, whatever the text: a small file must never freeze the app.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from assistant.files import FOLDER, MISSING, TOO_LARGE, FileRefused, read_regular
from assistant.inline_markup import plain_inline
from assistant.text_rules import ABBREVIATIONS, clean_text, split_sentences  # noqa: F401  (re-exported)

MAX_ARTICLE_BYTES = 2 * 1024 * 1024
"""Articles are web pages and leaflets; anything larger is almost surely the wrong file."""
MAX_WEB_PAGE_BYTES = 16 * 1024 * 1024
"""A saved page carries its scripts and styles (often inlined), so it may be far larger than its text."""

INTRODUCTION_TITLE = "Introduction"


class ArticleError(Exception):
    """An article that cannot be opened; the message is one plain sentence for the reader."""


@dataclass(frozen=True)
class Sentence:
    id: str
    text: str
    section_index: int
    paragraph_index: int
    index: int
    """Position of the sentence inside its paragraph (0-based)."""
    start: int
    """Offset of the sentence inside its paragraph's display text."""

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class Paragraph:
    id: str
    sentences: tuple[Sentence, ...]
    marker: str = ""
    """The list marker ("-", "1.") when the paragraph is a list item, kept out of the sentence
    text so that it is never read aloud; a view may show it."""

    @property
    def text(self) -> str:
        return " ".join(sentence.text for sentence in self.sentences)


@dataclass(frozen=True)
class Section:
    id: str
    index: int
    title: str
    paragraphs: tuple[Paragraph, ...]

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        """Computed once: moves and reading ask for it on every step."""
        return tuple(s for paragraph in self.paragraphs for s in paragraph.sentences)

    @property
    def spoken_title(self) -> str:
        """The heading without a trailing colon, for use inside a spoken sentence."""
        return self.title.rstrip(" :")


@dataclass(frozen=True)
class Article:
    title: str
    sections: tuple[Section, ...]
    metadata: dict[str, str] = field(default_factory=dict)

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        """Every sentence in reading order, computed once."""
        return tuple(s for section in self.sections for s in section.sentences)

    @cached_property
    def sentence_numbers(self) -> dict[str, int]:
        """Sentence id -> its number in `sentences`, so that finding one never scans the article."""
        return {sentence.id: number for number, sentence in enumerate(self.sentences)}

    def sentence(self, sentence_id: str) -> Sentence:
        return self.sentences[self.sentence_numbers[sentence_id]]


# --- Markdown -> Article -------------------------------------------------------------------------

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])\s+")
_FENCE = re.compile(r"^(```|~~~)")


def _heading_words(text: str) -> str:
    """An ATX heading's words without the closing hashes ("## Title ##" -> "Title").

    String stripping, not `(.*?)\\s*#*\\s*$`, which retries the tail from every character.
    """
    return text.rstrip().rstrip("#").rstrip()


def _comments(text: str) -> tuple[str, list[str]]:
    """The text with each `<!-- ... -->` replaced by a line break, and the comments' contents.

    A scan with str.find: an unclosed "<!--" ends the search instead of being retried from every
    later opener.
    """
    kept: list[str] = []
    found: list[str] = []
    done = 0
    while (opening := text.find("<!--", done)) >= 0:
        closing = text.find("-->", opening + 4)
        if closing < 0:
            break
        kept.append(text[done:opening])
        kept.append("\n")
        found.append(text[opening + 4:closing])
        done = closing + 3
    kept.append(text[done:])
    return "".join(kept), found


def _metadata(comments: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for comment in comments:
        for line in comment.splitlines():
            key, sep, value = line.partition(":")
            if sep and re.fullmatch(r"[A-Za-z][\w -]{0,30}", key.strip()):
                found.setdefault(key.strip().lower(), value.strip())
    return found


@dataclass
class _Draft:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    markers: dict[int, str] = field(default_factory=dict)
    """List marker by paragraph position, for paragraphs that are list items."""


def _blocks(lines: list[str]) -> tuple[str | None, list[_Draft]]:
    """Group Markdown lines into a title (the first top-level heading) and sections of paragraphs."""
    title: str | None = None
    drafts: list[_Draft] = [_Draft(INTRODUCTION_TITLE)]
    paragraph: list[str] = []
    in_fence = False
    has_text = False

    def flush() -> None:
        nonlocal has_text
        if paragraph:
            drafts[-1].paragraphs.append(" ".join(paragraph))
            paragraph.clear()
            has_text = True

    for number, raw in enumerate(lines):
        line = raw.strip()
        if _FENCE.match(line):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            if line:
                drafts[-1].paragraphs.append(line)
                has_text = True
            continue
        heading = _HEADING.match(line)
        next_line = lines[number + 1].strip() if number + 1 < len(lines) else ""
        if heading is None and line and paragraph == [] and _SETEXT.match(next_line):
            heading_level, heading_text = (1 if next_line.startswith("=") else 2), line
        elif heading is not None:
            heading_level, heading_text = len(heading.group(1)), _heading_words(heading.group(2))
        else:
            heading_level, heading_text = 0, ""
        if heading_level:
            flush()
            heading_text = plain_inline(heading_text).strip()
            if heading_level == 1 and title is None and not has_text:
                title = heading_text
            elif heading_text:
                drafts.append(_Draft(heading_text))
            continue
        if _SETEXT.match(line) and not paragraph:
            continue  # the underline of a setext heading, or a thematic break
        if not line:
            flush()
            continue
        if line.startswith(">"):
            line = line.lstrip("> ")
        if item := _LIST_ITEM.match(line):
            flush()  # each list item reads as its own paragraph, without its marker
            drafts[-1].markers[len(drafts[-1].paragraphs)] = item.group(0).strip()
            line = line[item.end():]
        paragraph.append(plain_inline(line))
    flush()
    return title, [d for d in drafts if d.paragraphs]


def build_article(title: str | None, drafts: list[tuple[str, list[str | tuple[str, str]]]],
                  metadata: dict[str, str] | None = None, fallback_title: str = "Untitled article") -> Article:
    """Number sections, paragraphs and sentences from (section title, paragraph texts) pairs; a
    paragraph given as (marker, text) is a list item ("-", "1.") whose marker is kept out of its text.

    Every format (Markdown, plain text, web pages) ends here, so ids and offsets mean the same
    thing whatever the file was. Raises ArticleError if nothing readable is left.
    """
    sections: list[Section] = []
    for draft_title, draft_paragraphs in drafts:
        section_index = len(sections)
        paragraphs: list[Paragraph] = []
        for item in draft_paragraphs:
            marker, paragraph_text = item if isinstance(item, tuple) else ("", item)
            pieces = split_sentences(paragraph_text)
            if not pieces:
                continue
            paragraph_index = len(paragraphs)
            sentences: list[Sentence] = []
            offset = 0
            for index, piece in enumerate(pieces):
                sentences.append(
                    Sentence(
                        id=f"s{section_index + 1}.{paragraph_index + 1}.{index + 1}",
                        text=piece,
                        section_index=section_index,
                        paragraph_index=paragraph_index,
                        index=index,
                        start=offset,
                    )
                )
                offset += len(piece) + 1
            paragraphs.append(
                Paragraph(id=f"p{section_index + 1}.{paragraph_index + 1}", sentences=tuple(sentences),
                          marker=marker)
            )
        if paragraphs:
            sections.append(
                Section(id=f"sec{section_index + 1}", index=section_index, title=draft_title,
                        paragraphs=tuple(paragraphs))
            )
    if not sections:
        raise ArticleError("The article has no text to read.")
    if len(sections) == 1 and sections[0].title == INTRODUCTION_TITLE:
        sections[0] = Section(id="sec1", index=0, title=title or fallback_title,
                              paragraphs=sections[0].paragraphs)
    return Article(title=title or fallback_title, sections=tuple(sections), metadata=dict(metadata or {}))


def parse_article(text: str, fallback_title: str = "Untitled article") -> Article:
    """Build an Article from Markdown text. Raises ArticleError if nothing readable is left."""
    text, comments = _comments(text)
    text = clean_text(text)
    title, drafts = _blocks(text.split("\n"))
    sections = [(d.title, [(d.markers[i], p) if i in d.markers else p for i, p in enumerate(d.paragraphs)])
                for d in drafts]
    return build_article(title, sections, _metadata(comments), fallback_title)


def load_article(path: str | Path) -> Article:
    """Read and parse an article file (.md, .txt, .html), turning every way it can fail into one plain sentence."""
    path = Path(path)
    try:
        limit = MAX_WEB_PAGE_BYTES if path.suffix.lower() in (".html", ".htm", ".xhtml") else MAX_ARTICLE_BYTES
        data = read_regular(path, limit)
    except FileRefused as refused:
        if refused.kind == MISSING:
            raise ArticleError(f"There is no article file at {path}.") from None
        if refused.kind == FOLDER:
            raise ArticleError(f"{path} is a folder, not an article file.") from None
        if refused.kind == TOO_LARGE:
            raise ArticleError(f"{path} {refused.reason}: the reader opens files of this kind up to "
                               f"{limit // (1024 * 1024)} MB.") from None
        raise ArticleError(f"The article file {path} {refused.reason}.") from None
    return parse_article_bytes(data, path)


_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),  # before UTF-16: FF FE 00 00
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def _utf16_without_mark(head: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when mostly-ASCII text has a zero byte in every other place."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    for zeros, text, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) > 0.9 * len(zeros) and text.count(0) < 0.05 * len(text):
            return encoding
    return None


def decode_text(data: bytes) -> str:
    """Text from bytes: a byte-order mark decides (UTF-8, UTF-16, UTF-32), then UTF-8, then
    UTF-16 recognised by its zero bytes, then Windows-1252. UnicodeError says it is not text:
    its reason is "binary" or "encoding"."""
    for mark, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return data.decode(encoding)
    without_mark = _utf16_without_mark(data[:8192])
    if without_mark is not None:
        return data.decode(without_mark)
    if b"\x00" in data[:8192]:
        raise UnicodeError("binary")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        if text.count("\ufffd") > len(text) // 100:
            raise UnicodeError("encoding") from None
        return text


def parse_article_bytes(data: bytes, path: Path) -> Article:
    """Decode a file's bytes and parse them by format (Markdown, plain text or a saved web page)."""
    if not data.strip():
        raise ArticleError(f"{path} is empty: there is no text to read.")
    try:
        text = decode_text(data)
    except UnicodeError as error:
        if isinstance(error, UnicodeDecodeError) or str(error) == "encoding":
            raise ArticleError(f"{path} is not readable text (it is not UTF-8).") from None
        raise ArticleError(f"{path} is not a text file (it looks like binary data).") from None
    if not text.strip():
        raise ArticleError(f"{path} is empty: there is no text to read.")
    from assistant.formats import parse_document

    try:
        return parse_document(text, path)
    except ArticleError as error:
        if str(error).startswith(str(path)):
            raise
        raise ArticleError(f"{path} has no text to read.") from None

"""Plain text -> the structure of an article: title, sections, paragraphs, list items.

People keep health articles as copied text: the title on its own line, headings as short lines
("What are Breast Calcifications?", "Mammography and Breast Calcifications:"), paragraphs separated
by blank lines, sometimes a site's category line ("Health Blogs") above the title. This module gets
that structure back without changing a word. Pure Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.article import INTRODUCTION_TITLE, clean_text

MAX_HEADING_WORDS = 14
MAX_HEADING_CHARS = 120
MAX_CATEGORY_WORDS = 4
"""A site's category line is a word or three ("Health Blogs", "Women's Health")."""
LONG_PARAGRAPH_SENTENCES = 12
"""A block longer than this with no breaks is cut into paragraphs of CHUNK_SENTENCES."""
CHUNK_SENTENCES = 6

_LIST_ITEM = re.compile(r"^(?:[-*+•●◦▪–—]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)])\s+\S")
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into of on or nor the to vs via with without is are be "
    "your you do does can".split()
)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_SITE_WORDS = frozenset(
    "blog blogs news newsroom article articles topics home resources stories features library "
    "categories category section magazine posts".split()
)
"""Words that name a part of a web site rather than an article ("Health Blogs", "News")."""
_BREADCRUMB_MARKS = (" > ", " » ", " › ", " / ")
_SENTENCE_STOP = re.compile(r"[.!…;,]['\"’”)\]]*$")


@dataclass
class TextStructure:
    """What plain text turned out to hold; `notes` are sentences worth telling the reader."""

    title: str | None
    sections: list[tuple[str, list[str]]]
    metadata: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def is_title_case(line: str) -> bool:
    """Most words that matter start with a capital ("Mammography and Breast Calcifications")."""
    words = _WORD.findall(line)
    if not words or not words[0][0].isupper():
        return False
    significant = [w for w in words[1:] if w.lower() not in _SMALL_WORDS]
    if not significant:
        return len(words) <= 3
    capitals = sum(1 for w in significant if w[0].isupper())
    return capitals / len(significant) >= 0.75


def _short(line: str) -> bool:
    return 0 < len(line) <= MAX_HEADING_CHARS and len(line.split()) <= MAX_HEADING_WORDS


def heading_strength(line: str) -> int:
    """2: a heading by its shape ("...?" or a title-case "...:"); 1: a heading when it stands alone
    between paragraphs (a short line without a final full stop); 0: text."""
    if not _short(line) or _LIST_ITEM.match(line) or _SENTENCE_STOP.search(line):
        return 0
    if line.endswith("?"):
        return 2
    if line.endswith(":"):
        return 2 if is_title_case(line) else 1
    return 1 if line[:1].isupper() or line[:1].isdigit() else 0


def is_site_category(line: str) -> bool:
    """A site's section line above a title ("Health Blogs", "Home > Health"), not the title itself."""
    if any(mark in line for mark in _BREADCRUMB_MARKS):
        return True
    words = [w.lower().strip("'’") for w in _WORD.findall(line)]
    return 0 < len(words) <= MAX_CATEGORY_WORDS and any(w in _SITE_WORDS for w in words)


def _blocks(text: str) -> list[list[str]]:
    """Lines grouped by blank lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _paragraphs(lines: list[str]) -> list[str]:
    """A block's lines -> paragraphs: wrapped lines are joined, each list item stands alone."""
    paragraphs: list[list[str]] = []
    for line in lines:
        if _LIST_ITEM.match(line) or not paragraphs:
            paragraphs.append([line])
        elif _LIST_ITEM.match(paragraphs[-1][0]) and line[:1].isupper() and len(paragraphs[-1]) == 1 \
                and paragraphs[-1][0].endswith((".", "!", "?")):
            paragraphs.append([line])  # text after a list
        else:
            paragraphs[-1].append(line)
    return [" ".join(p) for p in paragraphs]


def _chunk_long(paragraph: str) -> list[str]:
    """An unbroken wall of text becomes paragraphs of a few sentences, words untouched."""
    from assistant.article import split_sentences

    sentences = split_sentences(paragraph)
    if len(sentences) <= LONG_PARAGRAPH_SENTENCES:
        return [paragraph]
    return [" ".join(sentences[i:i + CHUNK_SENTENCES]) for i in range(0, len(sentences), CHUNK_SENTENCES)]


def _is_heading_block(block: list[str], next_block: list[str] | None) -> bool:
    """A one-line block between paragraphs that looks like a heading."""
    if len(block) != 1 or next_block is None:
        return False
    strength = heading_strength(block[0])
    if strength == 2:
        return True
    if strength == 1 and block[0].endswith(":"):
        return not _LIST_ITEM.match(next_block[0])  # "You may need:" before a list is a lead-in
    return strength == 1


def parse_plain_text(text: str) -> TextStructure:
    """Recover title, headings, paragraphs and lists from plain text (already decoded)."""
    blocks = _blocks(clean_text(text))
    metadata: dict[str, str] = {}
    title: str | None = None
    start = 0
    if len(blocks) >= 3 and len(blocks[0]) == 1 and len(blocks[1]) == 1:
        first, second = blocks[0][0], blocks[1][0]
        if is_site_category(first) and heading_strength(second) and not second.endswith(":"):
            metadata["category"] = first  # site furniture above the title, not a sentence
            title, start = second, 2
    if title is None and len(blocks) >= 2 and len(blocks[0]) == 1 and heading_strength(blocks[0][0]):
        title, start = blocks[0][0], 1
    sections: list[tuple[str, list[str]]] = [(INTRODUCTION_TITLE, [])]
    headings = 0
    for index in range(start, len(blocks)):
        block = blocks[index]
        next_block = blocks[index + 1] if index + 1 < len(blocks) else None
        if _is_heading_block(block, next_block):
            sections.append((block[0], []))
            headings += 1
            continue
        if len(block) > 1 and heading_strength(block[0]) == 2 and not _LIST_ITEM.match(block[1]):
            sections.append((block[0], []))  # a heading with its paragraph right under it
            headings += 1
            block = block[1:]
        for paragraph in _paragraphs(block):
            sections[-1][1].extend(_chunk_long(paragraph))
    sections = [(name, paragraphs) for name, paragraphs in sections if paragraphs]
    notes: list[str] = []
    if headings == 0 and title is None:
        notes.append("This text has no title or headings, so it is read as one section.")
    elif headings == 0:
        notes.append("This text has no headings, so it is read as one section.")
    return TextStructure(title, sections, metadata, notes)

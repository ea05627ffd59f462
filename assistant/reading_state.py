"""Where a reader was in an article and the bookmarks there: data, and its checking on load.

The state file is outside the app's control (edited by hand, damaged, written by another copy), so
every entry is checked field by field: a bad entry is left out with one sentence saying so, the
rest is kept, and text from it (bookmark names) is cleaned before it can reach the screen.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.article import Article
from assistant.text_rules import clean_text

MAX_NAME = 60
"""Characters kept of a bookmark name."""
MAX_FAULTS_SAID = 3
"""Damaged bookmarks said one by one; beyond that one sentence counts the rest (a file of 10,000
damaged entries must not print 10,000 lines)."""


@dataclass
class Bookmark:
    """A bookmark on one sentence, with its name and when it was made."""

    sentence_id: str
    name: str = ""
    created: float = field(default_factory=time.time)


@dataclass
class ArticleState:
    """What is remembered of one article: the last position and the bookmarks."""

    position: str = ""
    """The sentence id the reader was at."""
    bookmarks: list[Bookmark] = field(default_factory=list)

    @classmethod
    def from_dict(cls, raw: Any, problems: list[str] | None = None) -> ArticleState:
        """The well-formed parts of `raw`; each part left out adds one sentence to `problems`."""
        said = problems if problems is not None else []
        if not isinstance(raw, dict):
            if raw is not None:
                said.append("The saved reading state for this article was damaged and was left out.")
            return cls()
        position = raw.get("position", "")
        if not isinstance(position, str):
            said.append("The saved reading position was damaged and was left out.")
            position = ""
        marks_raw = raw.get("bookmarks", [])
        if not isinstance(marks_raw, list):
            said.append("The saved bookmarks were damaged and were left out.")
            marks_raw = []
        marks: list[Bookmark] = []
        seen: set[str] = set()
        faults: list[str] = []
        for number, entry in enumerate(marks_raw, start=1):
            mark, fault = bookmark_from_dict(entry)
            if mark is None:
                faults.append(f"Saved bookmark {number} was damaged ({fault}) and was left out.")
            elif mark.sentence_id in seen:
                faults.append(f"Saved bookmark {number} repeated another one and was left out.")
            else:
                seen.add(mark.sentence_id)
                marks.append(mark)
        said.extend(faults[:MAX_FAULTS_SAID])
        if len(faults) > MAX_FAULTS_SAID:
            said.append(f"{len(faults) - MAX_FAULTS_SAID} more saved bookmarks were damaged and were left out.")
        return cls(clean_name(position), marks)


def clean_name(name: str) -> str:
    """A name or id as it may be shown: no control codes or bidi overrides, at most MAX_NAME characters."""
    return " ".join(clean_text(name).split())[:MAX_NAME]


def bookmark_from_dict(entry: Any) -> tuple[Bookmark | None, str]:
    """A Bookmark, or None and what is wrong with the entry (a short phrase)."""
    if not isinstance(entry, dict):
        return None, "not a bookmark"
    sentence_id = entry.get("sentence_id")
    if not isinstance(sentence_id, str) or not clean_name(sentence_id):
        return None, "no sentence"
    name = entry.get("name", "")
    if not isinstance(name, str):
        return None, "its name is not text"
    created = entry.get("created", 0)
    if isinstance(created, bool) or not isinstance(created, (int, float)) or not math.isfinite(created):
        return None, "its date is not a time"
    return Bookmark(clean_name(sentence_id), clean_name(name), float(created)), ""


@dataclass
class RecentArticle:
    """An article opened before: where its file is, its title, and where the reader left off."""

    path: str
    title: str
    where: str = ""
    """The reader's last position in words ("Section 2 of 3, Mammography, sentence 1 of 5")."""
    opened: float = field(default_factory=time.time)

    @classmethod
    def from_dict(cls, raw: object) -> RecentArticle | None:
        """The entry, its title and position cleaned like any text from a file; None if unusable."""
        if not isinstance(raw, dict) or not isinstance(raw.get("path"), str) or not raw["path"]:
            return None
        opened = raw.get("opened", 0)
        if isinstance(opened, bool) or not isinstance(opened, (int, float)) or not math.isfinite(opened):
            opened = 0.0
        title = clean_text(str(raw.get("title") or Path(raw["path"]).name)).replace("\n", " ")
        where = clean_text(str(raw.get("where") or "")).replace("\n", " ")
        return cls(raw["path"], title, where, float(opened))


def article_key(article: Article) -> str:
    """The same article keeps its state wherever the file lives: keyed by its words, not its path."""
    digest = hashlib.sha256("\n".join(s.text for s in article.sentences).encode("utf-8"))
    return digest.hexdigest()[:32]

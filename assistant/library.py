"""Choosing an article to open: the recent list in words, and path completion for the path box.

Pure apart from reading folder listings: the full-screen picker and plain mode (`recent`,
`open PATH`) both use it, so a blind reader hears the same words in either.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from assistant.formats import OPENABLE_SUFFIXES
from assistant.settings import RecentArticle

MAX_COMPLETIONS = 50


@dataclass(frozen=True)
class RecentChoice:
    """One line of the recent list, as shown and as spoken."""

    number: int
    path: str
    label: str
    exists: bool


def recent_choices(recent: list[RecentArticle]) -> list[RecentChoice]:
    """Number the recent articles and say each one's title and where the reader left off."""
    choices = []
    for number, item in enumerate(recent, start=1):
        exists = Path(item.path).is_file()
        where = f", left off at {item.where}" if item.where else ""
        missing = "" if exists else " (the file is no longer there)"
        label = f"{number}. {item.title}{where}. File {Path(item.path).name}{missing}."
        choices.append(RecentChoice(number, item.path, label, exists))
    return choices


def resolve_choice(text: str, recent: list[RecentArticle], cwd: Path | None = None) -> Path:
    """What `open ...` names: a number from the recent list, or a path (~ and relative allowed)."""
    text = text.strip().strip("\"'")
    if text.isdigit() and 1 <= int(text) <= len(recent):
        return Path(recent[int(text) - 1].path)
    path = Path(os.path.expanduser(text))
    return path if path.is_absolute() else (cwd or Path.cwd()) / path


def completions(text: str, cwd: Path | None = None) -> list[str]:
    """Paths that complete `text`: folders (ending in /) and files the reader can open."""
    cwd = cwd or Path.cwd()
    expanded = os.path.expanduser(text)
    folder_text, _, prefix = expanded.rpartition("/")
    folder = Path(folder_text + "/" if folder_text or expanded.startswith("/") else ".")
    if not folder.is_absolute():
        folder = cwd / folder
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name.lower())
    except OSError:
        return []
    found: list[str] = []
    shown_folder = text[: len(text) - len(prefix)]
    for entry in entries:
        if not entry.name.startswith(prefix) or (entry.name.startswith(".") and not prefix.startswith(".")):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if is_dir:
            found.append(f"{shown_folder}{entry.name}/")
        elif entry.name.lower().endswith(OPENABLE_SUFFIXES):
            found.append(f"{shown_folder}{entry.name}")
        if len(found) >= MAX_COMPLETIONS:
            break
    return found


def complete(text: str, cwd: Path | None = None) -> tuple[str, list[str]]:
    """Tab in the path box: the longest common completion, and every candidate."""
    found = completions(text, cwd)
    if not found:
        return text, []
    return os.path.commonprefix(found) if len(found) > 1 else found[0], found

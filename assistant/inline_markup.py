"""Markdown inline markup -> the plain words, in time linear in the line's length.

The obvious regular expressions (`\\*\\*(.+?)\\*\\*`, `\\[([^\\]]+)\\]`) rescan the rest of the line from
every opener that is never closed, so a line of `**a ` repeated took seconds per ten kilobytes.
Emphasis is therefore paired by a scan over the delimiters alone (each opener finds its closer by
bisection), and every other pattern is written so that no two failed attempts scan the same text.
The results are the same as the simple expressions' (tests/unit/test_inline_markup.py checks it).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

_LINEAR_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # images -> alt text; links -> their words. No bracket inside the words or the target, so an
    # unclosed "[" or "(" stops a failed attempt at the next bracket instead of the end of the line.
    (re.compile(r"!\[([^\[\]]*)\]\((?:[^()\[\]]|\([^()\[\]]*\))*\)"), r"\1"),
    (re.compile(r"\[([^\[\]]+)\]\((?:[^()\[\]]|\([^()\[\]]*\))*\)"), r"\1"),
    (re.compile(r"<(https?://[^<>]+)>"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
"""Inline HTML tags, removed last."""


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _emphasis(text: str, delimiters: tuple[str, ...], flanked: bool) -> str:
    """Replace `<d>words<d>` by `words`, pairing like `(d)(?=\\S)(.+?)(?<=\\S)\\1` would.

    With `flanked`, a delimiter must also not touch a word character or another delimiter
    character on its outer side (single `*` and `_`, so that snake_case and 2*3*4 stay as written).
    """
    marks = "".join(set("".join(delimiters)))
    if not any(d in text for d in delimiters):
        return text
    size = len(delimiters[0])
    length = len(text)

    def outside_ok(index: int) -> bool:
        return not flanked or index < 0 or index >= length or not (_is_word(text[index]) or text[index] in marks)

    openers: list[tuple[int, str]] = []
    closers: dict[str, list[int]] = {d: [] for d in delimiters}
    for delimiter in delimiters:
        for match in re.finditer(f"(?={re.escape(delimiter)})", text):
            at = match.start()
            inner_after = at + size
            if inner_after < length and not text[inner_after].isspace() and outside_ok(at - 1):
                openers.append((at, delimiter))
            if at > 0 and not text[at - 1].isspace() and outside_ok(at + size):
                closers[delimiter].append(at)
    openers.sort()
    pieces: list[str] = []
    done = 0
    for at, delimiter in openers:
        if at < done:
            continue
        found = closers[delimiter]
        where = bisect.bisect_left(found, at + size + 1)
        if where == len(found):
            continue
        close = found[where]
        pieces.append(text[done:at])
        pieces.append(text[at + size : close])
        done = close + size
    pieces.append(text[done:])
    return "".join(pieces)


_EMPHASIS: tuple[Callable[[str], str], ...] = (
    lambda text: _emphasis(text, ("**", "__"), flanked=False),
    lambda text: _emphasis(text, ("*",), flanked=True),
    lambda text: _emphasis(text, ("_",), flanked=True),
)


def plain_inline(line: str) -> str:
    """One line of Markdown with links, images, code spans, emphasis and tags reduced to words."""
    for pattern, replacement in _LINEAR_RULES:
        line = pattern.sub(replacement, line)
    for strip in _EMPHASIS:
        line = strip(line)
    return _TAG.sub("", line)

"""The article as data: Markdown text -> Article -> Section -> Paragraph -> Sentence.

Pure Python: no Textual, no audio. Everything shown or spoken comes from here, so this is also
where untrusted text is made safe (terminal escapes and control characters removed) while the
wording itself is kept exactly as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

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

    @property
    def sentences(self) -> tuple[Sentence, ...]:
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

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for section in self.sections for s in section.sentences)

    def sentence(self, sentence_id: str) -> Sentence:
        for sentence in self.sentences:
            if sentence.id == sentence_id:
                return sentence
        raise KeyError(sentence_id)


# --- Cleaning untrusted text -------------------------------------------------------------------

_ANSI_ESCAPE = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]             # CSI: colours, cursor moves, screen clears
    | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)? # OSC: window titles, hyperlinks
    | \x1b[P^_X][^\x1b]*(?:\x1b\\)?      # DCS, PM, APC, SOS strings
    | \x1b[@-Z\\-_]                     # two-character escapes
    | \x9b[0-?]*[ -/]*[@-~]             # 8-bit CSI
    """,
    re.VERBOSE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def clean_text(text: str) -> str:
    """Remove terminal escape sequences and control characters; fold odd spaces to one space.

    Newlines survive (they separate paragraphs); carriage returns become newlines.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ANSI_ESCAPE.sub("", text)
    text = _CONTROL.sub("", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


# --- Sentence splitting --------------------------------------------------------------------------

ABBREVIATIONS = frozenset(
    """
    dr mr mrs ms mx prof st sr jr vs approx fig figs no nos vol vols cf al inc ltd co corp dept
    est min max mt jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    ave rd gen col lt sgt capt rev hon assn univ ed eds op pp ch sec para
    """.split()
)
"""Words that end in a full stop without ending the sentence (compared lower-case)."""

_CLOSERS = "\"'”’)]»"
_OPENERS = "\"'“‘([«"
_BOUNDARY = re.compile(
    rf"""
    (?P<stop>[.!?…]+)                 # one or more sentence-ending marks
    (?P<close>[{re.escape(_CLOSERS)}]*)   # closing quotes or brackets that belong to the sentence
    (?:
        (?P<space>\s+)                # the usual gap before the next sentence
        | (?=[{re.escape(_OPENERS)}]?[A-Z])   # or no gap at all ("area.It")
    )
    """,
    re.VERBOSE,
)
_WORD_BEFORE = re.compile(r"([\w.&'’-]*)$")


def _is_sentence_end(text: str, match: re.Match[str]) -> bool:
    stop = match.group("stop")
    rest = text[match.end():]
    if not rest:
        return True
    word = _WORD_BEFORE.search(text[max(0, match.start() - 80):match.start()]).group(1)
    next_char = rest.lstrip(_OPENERS)[:1]
    if not match.group("space"):
        # A full stop glued to a capital: a sentence boundary only after a real word
        # ("area.It"), never inside initials, domains or versions ("U.S.A", "Node.Js").
        return stop != "." or (len(word) >= 2 and word.isalpha() and word.islower())
    if next_char.islower():
        return False  # "Wait... what?" and "approx. ten": the sentence runs on
    if stop != ".":
        return True
    bare = word.strip("'’").lower()
    if "." in bare:
        # "e.g." / "i.e." / "U.S." : dotted abbreviations run on unless a capital follows a
        # dotted group that is clearly the end ("... in the U.S. The next ...") - rare; keep going.
        return False
    if bare in ABBREVIATIONS:
        return bare == "no" and not next_char.isdigit()
    if len(bare) == 1 and bare.isalpha() and word.isupper():
        return False  # an initial: "J. Smith"
    return True


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences, keeping every character of the wording.

    Copes with a missing space after a full stop, abbreviations (e.g., i.e., Dr.), initials,
    decimal numbers, curly quotes, "&" and non-breaking spaces.
    """
    text = _SPACES.sub(" ", text).strip()
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.start() < start or not _is_sentence_end(text, match):
            continue
        end = match.start("close") + len(match.group("close"))
        piece = text[start:end].strip()
        if piece:
            sentences.append(piece)
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


# --- Markdown -> Article -------------------------------------------------------------------------

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])\s+")
_FENCE = re.compile(r"^(```|~~~)")
_INLINE_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images -> alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links -> their words
    (re.compile(r"<(https?://[^>]+)>"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"</?[a-zA-Z][^>]*>"), ""),  # inline HTML tags
)


def _plain_inline(text: str) -> str:
    for pattern, replacement in _INLINE_RULES:
        text = pattern.sub(replacement, text)
    return text


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

    def flush() -> None:
        if paragraph:
            drafts[-1].paragraphs.append(" ".join(paragraph))
            paragraph.clear()

    for number, raw in enumerate(lines):
        line = raw.strip()
        if _FENCE.match(line):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            if line:
                drafts[-1].paragraphs.append(line)
            continue
        heading = _HEADING.match(line)
        next_line = lines[number + 1].strip() if number + 1 < len(lines) else ""
        if heading is None and line and paragraph == [] and _SETEXT.match(next_line):
            heading_level, heading_text = (1 if next_line.startswith("=") else 2), line
        elif heading is not None:
            heading_level, heading_text = len(heading.group(1)), heading.group(2)
        else:
            heading_level, heading_text = 0, ""
        if heading_level:
            flush()
            heading_text = _plain_inline(heading_text).strip()
            if heading_level == 1 and title is None and not any(d.paragraphs for d in drafts):
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
        paragraph.append(_plain_inline(line))
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
    comments = _COMMENT.findall(text)
    text = clean_text(_COMMENT.sub("\n", text))
    title, drafts = _blocks(text.split("\n"))
    sections = [(d.title, [(d.markers[i], p) if i in d.markers else p for i, p in enumerate(d.paragraphs)])
                for d in drafts]
    return build_article(title, sections, _metadata(comments), fallback_title)


def load_article(path: str | Path) -> Article:
    """Read and parse an article file (.md, .txt, .html), turning every way it can fail into one plain sentence."""
    path = Path(path)
    try:
        if path.is_dir():
            raise ArticleError(f"{path} is a folder, not an article file.")
        size = path.stat().st_size
        limit = MAX_WEB_PAGE_BYTES if path.suffix.lower() in (".html", ".htm", ".xhtml") else MAX_ARTICLE_BYTES
        if size > limit:
            raise ArticleError(
                f"{path} is too large to be an article ({size / 1_000_000:.1f} MB; "
                f"the reader opens files of this kind up to {limit // (1024 * 1024)} MB)."
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArticleError(f"There is no article file at {path}.") from None
    except PermissionError:
        raise ArticleError(f"The article file {path} cannot be read (permission denied).") from None
    except OSError as error:
        raise ArticleError(f"The article file {path} cannot be read ({error.strerror}).") from None
    return parse_article_bytes(data, path)


def parse_article_bytes(data: bytes, path: Path) -> Article:
    """Decode a file's bytes and parse them by format (Markdown, plain text or a saved web page)."""
    if not data.strip():
        raise ArticleError(f"{path} is empty: there is no text to read.")
    if b"\x00" in data[:8192]:
        raise ArticleError(f"{path} is not a text file (it looks like binary data).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        if text.count("\ufffd") > len(text) // 100:
            raise ArticleError(f"{path} is not readable text (it is not UTF-8).") from None
    from assistant.formats import parse_document

    try:
        return parse_document(text, path)
    except ArticleError as error:
        if str(error).startswith(str(path)):
            raise
        raise ArticleError(f"{path} has no text to read.") from None

"""Text from files made safe to show, and split into sentences: pure and linear in the length.

Everything read from a file (articles, bookmark names in the state file) passes `clean_text` before
it is shown or spoken, so terminal escape sequences, control characters and bidirectional overrides
are removed while the wording itself is kept exactly as written.
"""

from __future__ import annotations

import re

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
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069]")
"""Control characters, and the bidirectional embeddings, overrides and isolates (U+202E shows
"fdp.exe" as "exe.pdf"): text from a file must look the way it is stored."""
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
    (?<![.!?…])                       # at the start of a run of marks only: a failed run is tried once
    (?P<stop>[.!?…]++)                # one or more sentence-ending marks
    (?P<close>[{re.escape(_CLOSERS)}]*+)  # closing quotes or brackets that belong to the sentence
    (?:
        (?P<space>\s+)                # the usual gap before the next sentence
        | (?=[{re.escape(_OPENERS)}]?[A-Z])   # or no gap at all ("area.It")
    )
    """,
    re.VERBOSE,
)
_WORD_BEFORE = re.compile(r"([\w.&'’-]*)$")
_AFTER_OPENERS = re.compile(rf"[{re.escape(_OPENERS)}]*+(.?)", re.DOTALL)
"""The first character after any opening quotes: read in place, never by copying the rest."""


def _is_sentence_end(text: str, match: re.Match[str]) -> bool:
    stop = match.group("stop")
    if match.end() == len(text):
        return True
    before = _WORD_BEFORE.search(text, max(0, match.start() - 80), match.start())
    after = _AFTER_OPENERS.match(text, match.end())
    assert before is not None and after is not None  # both patterns also match the empty string
    word, next_char = before.group(1), after.group(1)
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

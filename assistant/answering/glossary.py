"""The glossary: plain-language definitions of the article's medical words, as data in TOML.

Pure Python. Definitions are ours, each based on a named public source, and are always announced
as the glossary so that nobody mistakes them for the article. A broken entry is skipped with one
warning sentence in `Glossary.warnings` (the UI can show it); loading never raises.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from assistant.content_files import GLOSSARY_NAME, content_file

DEFAULT_GLOSSARY = content_file(GLOSSARY_NAME)

GLOSSARY_TEMPLATE = "Glossary, based on {source}: {term}: {definition}"
"""The only words added around a definition, so the listener always hears where it comes from."""


@dataclass(frozen=True)
class GlossaryEntry:
    """One term, its plain-language definition and the public source it is based on."""

    term: str
    definition: str
    source: str
    aliases: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


@dataclass(frozen=True)
class GlossaryAnswer:
    """A definition from the glossary, never from the article."""

    entry: GlossaryEntry
    question: str = ""
    ranker_name: str = "glossary"
    degraded: bool = False

    @property
    def text(self) -> str:
        return GLOSSARY_TEMPLATE.format(
            source=self.entry.source, term=self.entry.term, definition=self.entry.definition
        )

    @property
    def runner_ups(self) -> tuple[()]:
        return ()


def normalise_term(text: str) -> str:
    """Lower case, hyphens as spaces, a plural -s/-es dropped from each word: the key we look up."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'"))
    return " ".join(_singular(word) for word in words)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@dataclass
class Glossary:
    """The glossary's entries, found by term or alias; warnings name the entries that were skipped."""

    entries: tuple[GlossaryEntry, ...] = ()
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_key: dict[str, GlossaryEntry] = {}
        for entry in self.entries:
            for form in entry.forms:
                self._by_key.setdefault(normalise_term(form), entry)
        forms = sorted({f for e in self.entries for f in e.forms}, key=len, reverse=True)
        # Longest form first so "core biopsy" wins over "biopsy"; an optional plural ending.
        alternatives = "|".join(
            r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", form)) + r"(?:s|es)?" for form in forms
        )
        self._pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE) if forms else None

    def lookup(self, text: str) -> GlossaryEntry | None:
        """The entry for a term or one of its forms, ignoring case, hyphens and plurals."""
        return self._by_key.get(normalise_term(text))

    def find_terms(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, term) for each glossary word in `text`, longest match first, no overlaps,
        so the article view can mark them."""
        if self._pattern is None:
            return []
        found = []
        for match in self._pattern.finditer(text):
            entry = self.lookup(match.group(0))
            if entry is not None:
                found.append((match.start(), match.end(), entry.term))
        return found

    def terms_in(self, text: str) -> list[GlossaryEntry]:
        return [e for e in (self.lookup(t) for *_, t in self.find_terms(text)) if e is not None]


def _entry(raw: object, number: int) -> tuple[GlossaryEntry | None, str | None]:
    """One [[entry]] table -> an entry, or None and the warning sentence that says why not."""
    if not isinstance(raw, dict):
        return None, f"Glossary entry {number} is not a table and was skipped."
    term = raw.get("term")
    label = (
        f'Glossary entry {number} ("{term}")' if isinstance(term, str) and term.strip() else f"Glossary entry {number}"
    )
    missing = [
        key for key in ("term", "definition", "source") if not isinstance(raw.get(key), str) or not raw[key].strip()
    ]
    if missing:
        return None, f"{label} was skipped: it has no {' or '.join(missing)} text."
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        return None, f"{label} was skipped: its aliases are not a list of words."
    return GlossaryEntry(
        term=raw["term"].strip(),
        definition=" ".join(raw["definition"].split()),
        source=raw["source"].strip(),
        aliases=tuple(a.strip() for a in aliases),
    ), None


def parse_glossary(text: str, origin: str = "the glossary") -> Glossary:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Glossary((), [f"{origin} is not valid TOML ({error}), so no definitions are available."])
    raw_entries = data.get("entry", [])
    if not isinstance(raw_entries, list):
        return Glossary((), [f"{origin} has no [[entry]] tables, so no definitions are available."])
    entries: list[GlossaryEntry] = []
    warnings: list[str] = []
    seen: set[str] = set()
    for number, raw in enumerate(raw_entries, start=1):
        entry, warning = _entry(raw, number)
        if warning:
            warnings.append(warning)
        elif entry is not None:
            key = normalise_term(entry.term)
            if key in seen:
                warnings.append(f'Glossary entry {number} ("{entry.term}") repeats an earlier term and was skipped.')
                continue
            seen.add(key)
            entries.append(entry)
    return Glossary(tuple(entries), warnings)


def load_glossary(path: str | Path = DEFAULT_GLOSSARY) -> Glossary:
    """Read a glossary file; a missing or unreadable file gives an empty glossary and one warning."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Glossary((), [f"There is no glossary file at {path}, so no definitions are available."])
    except (OSError, UnicodeDecodeError) as error:
        return Glossary((), [f"The glossary file {path} cannot be read ({error}), so no definitions are available."])
    return parse_glossary(text, origin=str(path))


@lru_cache(maxsize=1)
def default_glossary() -> Glossary:
    return load_glossary(DEFAULT_GLOSSARY)


def find_terms(text: str, glossary: Glossary | None = None) -> list[tuple[int, int, str]]:
    """(start, end, term) of each glossary term in `text`, using the project glossary by default."""
    return (glossary or default_glossary()).find_terms(text)

"""User settings and reading state, kept in the platform's config and state folders.

Written atomically (a temporary file beside the real one, fsync, rename), so a crash or a full disk
never leaves half a file; reads and writes of the shared state file hold a lock, so two running
copies of the app never lose each other's bookmarks. A damaged file is kept beside the original for
inspection and the defaults are used, with one sentence saying so.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from assistant.article import Article

SETTINGS_FILE = "settings.json"
STATE_FILE = "state.json"


@dataclass
class Settings:
    rate: int = 175
    voice: str | None = None
    volume: float = 1.0
    theme: str = "high-contrast"
    self_voicing: bool = True
    listening_mode: str = "push_to_talk"
    """"push_to_talk" or "hands_free"."""
    barge_in: bool = False
    seen_disclaimer: bool = False
    screen_reader_checked: bool = False
    """Whether the first-start screen-reader check has run (it runs, and speaks up, only once)."""

    @classmethod
    def from_dict(cls, raw: dict) -> "Settings":
        """Keep the known, well-typed values; anything else falls back to its default."""
        defaults = cls()
        values = {}
        for item in dataclasses.fields(cls):
            value = raw.get(item.name, getattr(defaults, item.name))
            default = getattr(defaults, item.name)
            if default is None or isinstance(value, type(default)) or (isinstance(default, float) and isinstance(value, int)):
                values[item.name] = value
        settings = cls(**values)
        if not 80 <= settings.rate <= 400:
            settings.rate = defaults.rate
        if not 0.1 <= settings.volume <= 1.0:
            settings.volume = defaults.volume
        if settings.voice is not None and not isinstance(settings.voice, str):
            settings.voice = None
        return settings


@dataclass
class Bookmark:
    sentence_id: str
    name: str = ""
    created: float = field(default_factory=time.time)


@dataclass
class ArticleState:
    position: str = ""
    """The sentence id the reader was at."""
    bookmarks: list[Bookmark] = field(default_factory=list)

    @classmethod
    def from_dict(cls, raw: dict) -> "ArticleState":
        marks = []
        for mark in raw.get("bookmarks", []) if isinstance(raw.get("bookmarks"), list) else []:
            if isinstance(mark, dict) and isinstance(mark.get("sentence_id"), str):
                marks.append(Bookmark(mark["sentence_id"], str(mark.get("name", "")), float(mark.get("created", 0) or 0)))
        position = raw.get("position", "")
        return cls(position if isinstance(position, str) else "", marks)


def article_key(article: Article) -> str:
    """The same article keeps its state wherever the file lives: keyed by its words, not its path."""
    digest = hashlib.sha256("\n".join(s.text for s in article.sentences).encode("utf-8"))
    return digest.hexdigest()[:32]


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` so that readers see either the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


class SettingsStore:
    """Loads and saves settings and per-article state. Problems become `warnings` (sentences)."""

    def __init__(self, config_dir: Path, state_dir: Path) -> None:
        self.settings_path = config_dir / SETTINGS_FILE
        self.state_path = state_dir / STATE_FILE
        self.warnings: list[str] = []
        self._save_failed = False

    @classmethod
    def default(cls) -> "SettingsStore":
        from platformdirs import user_config_path, user_state_path

        return cls(user_config_path("assistant"), user_state_path("assistant"))

    # --- reading ------------------------------------------------------------------------------
    def _read_json(self, path: Path, what: str) -> dict:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError):
            self.warnings.append(f"Your {what} file could not be read, so the defaults are used.")
            return {}
        try:
            raw = json.loads(text)
            if not isinstance(raw, dict):
                raise ValueError("not an object")
            return raw
        except ValueError:
            kept = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
            with contextlib.suppress(OSError):
                path.replace(kept)
            self.warnings.append(f"Your {what} file was damaged; a copy was kept as {kept.name} and the defaults are used.")
            return {}

    def load_settings(self) -> Settings:
        return Settings.from_dict(self._read_json(self.settings_path, "settings"))

    def load_state(self, key: str) -> ArticleState:
        articles = self._read_json(self.state_path, "reading state").get("articles", {})
        raw = articles.get(key, {}) if isinstance(articles, dict) else {}
        return ArticleState.from_dict(raw if isinstance(raw, dict) else {})

    # --- writing ------------------------------------------------------------------------------
    def _saved(self, write) -> bool:
        try:
            write()
            return True
        except OSError as error:
            if not self._save_failed:
                self._save_failed = True
                self.warnings.append(
                    f"Settings cannot be saved ({error.strerror or 'the folder is not writable'}); "
                    "changes last until you quit."
                )
            return False

    def save_settings(self, settings: Settings) -> bool:
        text = json.dumps(dataclasses.asdict(settings), indent=2)
        return self._saved(lambda: write_atomically(self.settings_path, text))

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.state_path.with_name(STATE_FILE + ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def save_state(self, key: str, state: ArticleState) -> bool:
        """Merge this article's state into the shared file under a lock (other copies keep theirs)."""

        def write() -> None:
            with self._locked():
                current = self._read_json(self.state_path, "reading state")
                articles = current.get("articles") if isinstance(current.get("articles"), dict) else {}
                articles[key] = dataclasses.asdict(state)
                write_atomically(self.state_path, json.dumps({"articles": articles}, indent=2))

        return self._saved(write)

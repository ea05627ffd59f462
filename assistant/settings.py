"""User settings and reading state, kept in the platform's config and state folders.

Written atomically (a temporary file beside the real one, fsync, rename), so a crash or a full disk
never leaves half a file. Reading state is changed, never overwritten: under a lock the newest file
is read, this one change (a bookmark added, a position moved) is applied to it and it is written
back, so two running copies of the app never lose each other's bookmarks. A damaged file is kept
beside the original for inspection and the defaults are used; a damaged entry is left out; each
with one sentence saying so. A save that fails is said in `save_problem` until a save succeeds.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import fcntl
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from assistant.files import MISSING, FileRefused, read_regular, write_atomically  # noqa: F401  (re-exported)
from assistant.reading_state import ArticleState, Bookmark, RecentArticle, article_key  # noqa: F401  (re-exported)

SETTINGS_FILE = "settings.json"
STATE_FILE = "state.json"
MAX_RECENT = 10
"""How many recently opened articles the picker offers."""
MAX_FILE_BYTES = 8 * 1024 * 1024
"""Settings and state are a few kilobytes; a bigger file is not ours and is not read."""
T = TypeVar("T")


@dataclass
class Settings:
    """The user's choices that outlive a run: voice, rate, volume, theme, self-voicing, listening."""

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
    def from_dict(cls, raw: dict, problems: list[str] | None = None) -> Settings:
        """Keep the known, well-typed values; each other one falls back to its default, said once."""
        defaults = cls()
        values: dict[str, Any] = {}
        dropped = []
        for item in dataclasses.fields(cls):
            if item.name not in raw:
                continue
            value, default = raw[item.name], getattr(defaults, item.name)
            if item.name == "voice":
                good = value is None or (isinstance(value, str) and value.isprintable() and len(value) < 200)
            elif isinstance(default, float):
                good = isinstance(value, (int, float)) and not isinstance(value, bool) and 0.1 <= value <= 1.0
            elif isinstance(default, bool):
                good = isinstance(value, bool)
            elif isinstance(default, int):
                good = isinstance(value, int) and not isinstance(value, bool) and 80 <= value <= 400
            else:
                good = isinstance(value, str) and value.isprintable()
            if good:
                values[item.name] = value
            else:
                dropped.append(item.name.replace("_", " "))
        if dropped and problems is not None:
            problems.append(f"Saved settings not understood, defaults used instead: {', '.join(dropped)}.")
        return cls(**values)


class _Damaged(Exception):
    """A file that is there but is not a JSON object."""


def _parse(data: bytes) -> dict:
    try:
        raw = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):  # RecursionError: thousands of nested brackets
        raise _Damaged from None
    if not isinstance(raw, dict):
        raise _Damaged
    return raw


class SettingsStore:
    """Loads and saves settings and per-article state. Problems on loading become `warnings`
    (sentences); a failed save sets `save_problem` until the next save succeeds."""

    def __init__(self, config_dir: Path, state_dir: Path) -> None:
        self.settings_path = config_dir / SETTINGS_FILE
        self.state_path = state_dir / STATE_FILE
        self.warnings: list[str] = []
        self._problems: dict[str, str] = {}
        self._said_failure = False
        self._seen: dict[str, ArticleState] = {}
        """Each article's state as last loaded or saved here: `save_state` saves the difference."""

    @classmethod
    def default(cls) -> SettingsStore:
        from platformdirs import user_config_path, user_state_path

        return cls(user_config_path("assistant"), user_state_path("assistant"))

    @property
    def save_problem(self) -> str | None:
        """Why the last save failed, as sentences; None once saving works (again)."""
        return " ".join(self._problems.values()) or None

    # --- reading ------------------------------------------------------------------------------
    def _read_json(self, path: Path, what: str) -> dict:
        try:
            return _parse(read_regular(path, MAX_FILE_BYTES))
        except FileRefused as refused:
            if refused.kind != MISSING:
                self.warnings.append(f"Your {what} file {refused.reason}, so the defaults are used.")
            return {}
        except _Damaged:
            kept = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
            with contextlib.suppress(OSError):
                path.replace(kept)
            self.warnings.append(
                f"Your {what} file was damaged; a copy was kept as {kept.name} and the defaults are used."
            )
            return {}

    def load_settings(self) -> Settings:
        return Settings.from_dict(self._read_json(self.settings_path, "settings"), self.warnings)

    def load_recent(self) -> list[RecentArticle]:
        """Recently opened articles, the latest first."""
        raw = self._read_json(self.state_path, "reading state").get("recent", [])
        found = [RecentArticle.from_dict(item) for item in (raw if isinstance(raw, list) else [])]
        return [item for item in found if item is not None][:MAX_RECENT]

    def load_state(self, key: str) -> ArticleState:
        articles = self._read_json(self.state_path, "reading state").get("articles", {})
        raw = articles.get(key) if isinstance(articles, dict) else None
        state = ArticleState.from_dict(raw, self.warnings)
        self._seen[key] = copy.deepcopy(state)
        return state

    def newest_state(self, key: str) -> ArticleState | None:
        """This article's state as saved now (other copies' changes included), without warnings;
        None if the file cannot be read."""
        try:
            current = _parse(read_regular(self.state_path, MAX_FILE_BYTES))
        except FileRefused as refused:
            return ArticleState() if refused.kind == MISSING else None
        except _Damaged:
            return None
        articles = current.get("articles")
        return ArticleState.from_dict(articles.get(key) if isinstance(articles, dict) else None)

    # --- writing ------------------------------------------------------------------------------
    def _saved(self, what: str, write: Callable[[], None]) -> bool:
        try:
            write()
        except OSError as error:
            reason = error.strerror or "the folder is not writable"
            where = f": {error.filename}" if error.filename else ""
            self._problems[what] = {
                "settings": f"Settings are not saved ({reason}{where}); changes last until you quit.",
                "state": f"Bookmarks and position are not saved ({reason}{where}); they last until you quit.",
            }[what]
            if not self._said_failure:
                self._said_failure = True
                self.warnings.append(f"Settings cannot be saved ({reason}); changes last until you quit.")
            return False
        self._problems.pop(what, None)
        return True

    def save_settings(self, settings: Settings) -> bool:
        text = json.dumps(dataclasses.asdict(settings), indent=2)

        def write() -> None:
            with self._locked():
                write_atomically(self.settings_path, text)

        return self._saved("settings", write)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the lock shared by every running copy; left-over temporary files (from a copy
        killed while writing) are removed under it, when no write can be in flight."""
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.state_path.with_name(STATE_FILE + ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                self._remove_orphans()
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _remove_orphans(self) -> None:
        for path in (self.state_path, self.settings_path):
            with contextlib.suppress(OSError):
                for orphan in path.parent.glob(f".{path.name}.*.tmp"):
                    orphan.unlink()

    def _read_for_change(self) -> dict:
        """The state file as it is now, for a change. Unreadable is an error (never overwritten with
        defaults); damaged is kept aside and started afresh, with one warning."""
        try:
            return _parse(read_regular(self.state_path, MAX_FILE_BYTES))
        except FileRefused as refused:
            if refused.kind == MISSING:
                return {}
            raise OSError(0, f"the state file {refused.reason}", str(self.state_path)) from None
        except _Damaged:
            return self._read_json(self.state_path, "reading state")

    def _change_file(self, change: Callable[[dict], None]) -> None:
        """Read, change and write the shared state file under the lock, keeping what others wrote."""
        with self._locked():
            current = self._read_for_change()
            change(current)
            write_atomically(self.state_path, json.dumps(current, indent=2))

    def update_state(
        self, key: str, change: Callable[[ArticleState], T], in_memory: ArticleState
    ) -> tuple[ArticleState, T]:
        """Apply `change` to this article's newest saved state under the lock and save it; return
        the state and what `change` returned. If saving fails, `change` is applied to `in_memory`
        instead (it lasts until quit) and `save_problem` says why."""
        outcome: list[tuple[ArticleState, T]] = []

        def apply(current: dict) -> None:
            found = current.get("articles")
            articles: dict = found if isinstance(found, dict) else {}
            state = ArticleState.from_dict(articles.get(key))
            result = change(state)
            articles[key] = dataclasses.asdict(state)
            current["articles"] = articles
            outcome.append((state, result))

        if self._saved("state", lambda: self._change_file(apply)):
            return outcome[0]
        return in_memory, change(in_memory)

    def remember_opened(self, path: str | Path, title: str, where: str = "") -> bool:
        """Put an article at the top of the recent list (or refresh where the reader left off)."""
        resolved = str(Path(path).expanduser().resolve())

        def change(current: dict) -> None:
            found = current.get("recent")
            raw: list = found if isinstance(found, list) else []
            recent = [
                item for item in (RecentArticle.from_dict(r) for r in raw) if item is not None and item.path != resolved
            ]
            recent.insert(0, RecentArticle(resolved, title, where))
            current["recent"] = [dataclasses.asdict(item) for item in recent[:MAX_RECENT]]

        return self._saved("state", lambda: self._change_file(change))

    def save_state(self, key: str, state: ArticleState) -> bool:
        """Save what changed in `state` since this store last loaded or saved it (position,
        bookmarks added, renamed or deleted), merged into the newest file like `update_state`."""
        base = self._seen.get(key, ArticleState())

        def merge(saved: ArticleState) -> None:
            _apply_difference(base, state, saved)

        self.update_state(key, merge, ArticleState())
        if "state" in self._problems:
            return False
        self._seen[key] = copy.deepcopy(state)
        return True


def _apply_difference(base: ArticleState, new: ArticleState, saved: ArticleState) -> None:
    """Apply to `saved` the changes that turned `base` into `new`; other changes in `saved` stay."""
    saved.position = new.position
    before = {mark.sentence_id: mark for mark in base.bookmarks}
    after = {mark.sentence_id: mark for mark in new.bookmarks}
    saved.bookmarks = [m for m in saved.bookmarks if m.sentence_id in after or m.sentence_id not in before]
    kept = {mark.sentence_id: mark for mark in saved.bookmarks}
    for sentence_id, mark in after.items():
        if sentence_id not in kept:
            saved.bookmarks.append(copy.copy(mark))
        elif sentence_id not in before or before[sentence_id].name != mark.name:
            kept[sentence_id].name = mark.name


class ArticleMemory:
    """One article's reading state as this copy of the app sees it, changed through the store so
    that other copies' bookmarks are kept. Works without a store (tests, no state folder)."""

    def __init__(self, store: SettingsStore | None, key: str) -> None:
        self.store = store
        self.key = key
        self.state = store.load_state(key) if store is not None else ArticleState()

    def change(self, change: Callable[[ArticleState], T]) -> T:
        """Apply one change (add a bookmark, move the position) and save it; returns its result."""
        if self.store is None:
            return change(self.state)
        self.state, result = self.store.update_state(self.key, change, self.state)
        return result

    def refresh(self) -> ArticleState:
        """Catch up with what other running copies saved (before listing bookmarks)."""
        newest = self.store.newest_state(self.key) if self.store is not None else None
        if newest is not None:
            self.state = newest
        return self.state

    def save_position(self, sentence_id: str) -> None:
        def moved(state: ArticleState) -> None:
            state.position = sentence_id

        self.change(moved)

    @property
    def save_problem(self) -> str | None:
        return self.store.save_problem if self.store is not None else None

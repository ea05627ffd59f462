"""Sentence vectors kept on disk, so that only the first start with an article pays for them.

Why: embedding an article of 100-150 sentences is about a second of full CPU on a quiet machine
and several on a busy one; loading the same vectors back is a few milliseconds. Entries are keyed
by the model's identity and the exact texts embedded (which come from the article's words), so an
edited article or another model never gets stale vectors. A missing, unreadable or corrupt entry is
simply rebuilt; a cache that cannot be written is no error either: nothing about it reaches the
reader.

The app also ships, read-only in content/vectors/, the entries every start needs and no user has yet
on a first start: the built-in article's and the general out-of-scope requests' (refusal.py). Then
the very first answer on the built-in article needs no embedding at all, and a new article only its
own sentences. `python -m assistant.answering.shipped` writes them anew when those texts or the
model change (a test says so when they are stale).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from assistant.files import write_atomically

CACHE_FORMAT = 1
"""Raise when what is stored changes meaning, so old entries are ignored."""

MAX_ENTRIES = 64
"""Old entries beyond this many are removed (each is a few hundred kilobytes)."""


def shipped_vectors_dir() -> Path:
    """The read-only entries shipped with the app (see the module's docstring)."""
    from assistant.content_files import content_file

    return content_file("vectors")


def default_cache_dir() -> Path:
    """The user's cache folder for the app (XDG_CACHE_HOME on Linux), found lazily."""
    from platformdirs import user_cache_path

    return user_cache_path("assistant") / "vectors"


class VectorCache:
    """Maps (model id, texts) -> an array of vectors, one row per text, stored as .npy files.
    Entries are looked up in `folder` (the user's cache), then in the `shipped` folders (by default
    the app's own), and only ever written to `folder`."""

    def __init__(self, folder: Path | None = None, shipped: Sequence[Path] | None = None) -> None:
        self._folder = folder
        self._shipped = tuple(shipped) if shipped is not None else (shipped_vectors_dir(),)

    @property
    def folder(self) -> Path:
        if self._folder is None:
            self._folder = default_cache_dir()
        return self._folder

    @staticmethod
    def key(model_id: str, texts: Sequence[str]) -> str:
        digest = hashlib.sha256(f"{CACHE_FORMAT}\0{model_id}\0".encode())
        for text in texts:
            digest.update(text.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        return digest.hexdigest()[:40]

    def peek(self, model_id: str, texts: Sequence[str]) -> np.ndarray | None:
        """The stored vectors for `texts`, or None (nothing is computed)."""
        return self._find(self.key(model_id, texts), len(texts))

    def get(self, model_id: str, texts: Sequence[str], compute: Callable[[Sequence[str]], np.ndarray]) -> np.ndarray:
        """The stored vectors for `texts`, or `compute(texts)`, stored for next time."""
        key = self.key(model_id, texts)
        found = self._find(key, len(texts))
        if found is not None:
            return found
        vectors = np.ascontiguousarray(compute(texts), dtype=np.float32)
        self._store(self.folder / f"{key}.npy", vectors)
        return vectors

    def _find(self, key: str, rows: int) -> np.ndarray | None:
        for folder in (self.folder, *self._shipped):
            found = self._load(folder / f"{key}.npy", rows)
            if found is not None:
                return found
        return None

    @staticmethod
    def _load(path: Path, rows: int) -> np.ndarray | None:
        try:
            vectors = np.load(path, allow_pickle=False)
        except (OSError, ValueError, EOFError):
            return None
        if vectors.dtype != np.float32 or vectors.ndim != 2 or vectors.shape[0] != rows:
            return None
        if not np.all(np.isfinite(vectors)):
            return None
        return vectors

    def _store(self, path: Path, vectors: np.ndarray) -> None:
        buffer = io.BytesIO()
        np.save(buffer, vectors, allow_pickle=False)
        try:
            write_atomically(path, buffer.getvalue())
            self._prune(path.parent)
        except OSError:
            pass  # a read-only or full disk only costs the next start the same work again

    @staticmethod
    def _prune(folder: Path) -> None:
        entries = sorted(folder.glob("*.npy"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[MAX_ENTRIES:]:
            with contextlib.suppress(OSError):
                old.unlink()

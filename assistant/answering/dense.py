"""The article's sentence vectors from both models (MiniLM, e5), loaded and computed once per article.

Kept apart from the answerer because it changes for other reasons: which models there are, how
they are warmed up in a worker thread while answers already come from the first, what is cached
on disk. It knows nothing of questions' words or of refusal: it gets the texts to embed, ready made.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from assistant.answering.cache import VectorCache
from assistant.answering.e5 import E5Encoder
from assistant.answering.embedding import EmbeddingUnavailable, MiniLMEncoder
from assistant.answering.refusal import OUT_OF_SCOPE_EXAMPLES
from assistant.answering.weights import W_SENTENCE

DEGRADED_NOTE = "The sentence model is not available, so answers use word matching only and may be less accurate."


@dataclass(frozen=True)
class DenseTexts:
    """What each model embeds per sentence of the article (see Answerer.__init__)."""

    headed: list[str]
    """Heading + sentence, for MiniLM."""
    plain: list[str]
    """The sentence alone, for MiniLM (only when W_SENTENCE is not 0)."""
    anchors: list[str]
    """The anchor questions, the topic replaced by a stand-in, for MiniLM."""
    passages: list[str]
    """What would be quoted (heading, context, sentence), for e5."""


class DenseModels:
    """Both models and the article's vectors. MiniLM comes first (about a second for a new article);
    e5 is added by `warm_up()` in a worker thread, or at once when its vectors are cached."""

    def __init__(
        self,
        texts: DenseTexts,
        cache: VectorCache,
        encoder_loader: Callable[[], MiniLMEncoder] | None,
        e5_loader: Callable[[], E5Encoder] | None,
    ) -> None:
        self._texts = texts
        self._cache = cache
        self._encoder_loader = encoder_loader
        self._e5_loader = e5_loader
        self.encoder: MiniLMEncoder | None = None
        self.headed_vectors: np.ndarray | None = None
        self.plain_vectors: np.ndarray | None = None
        self.anchor_vectors: np.ndarray | None = None
        self.e5: E5Encoder | None = None
        self.e5_vectors: np.ndarray | None = None
        self.refusal_vectors: np.ndarray | None = None
        self._load_lock = threading.Lock()
        self._e5_lock = threading.Lock()
        self._e5_failed = False
        self._loaded = False
        self.note = ""
        """Why answers are less good than they could be, one sentence for the reader, or ""."""

    def warm_up(self) -> None:
        """Everything ready: both models and all vectors (computed once per article, then read
        from the disk cache). Safe to call from a worker thread; may take tens of seconds the
        first time an article is opened on a busy machine."""
        self.warm_up_quickly()
        self._add_e5(compute=True)

    def warm_up_quickly(self) -> None:
        """Ready to answer as soon as possible: MiniLM's vectors (about a second for a new
        article) and e5's only if they are cached. Until `warm_up()` has added e5, answers use
        MiniLM and word matching with the weights for an indexed article."""
        self._warm_minilm()
        self._add_e5(compute=False)

    @property
    def ready(self) -> bool:
        """True once questions get the best answers this machine can give (both models warm)."""
        return (
            self._loaded
            and not self._load_lock.locked()
            and (self.e5 is not None or self._e5_failed or self._e5_loader is None or self.encoder is None)
        )

    def _add_e5(self, compute: bool) -> None:
        # Without `compute`, never wait for a warm-up that is computing e5 in another thread:
        # answers meanwhile come from MiniLM.
        if not self._e5_lock.acquire(blocking=compute):
            return
        try:
            self._add_e5_locked(compute)
        finally:
            self._e5_lock.release()

    def _add_e5_locked(self, compute: bool) -> None:
        if self.e5 is not None or self._e5_loader is None or self.encoder is None or self._e5_failed:
            return
        texts = self._texts.passages
        try:
            e5 = self._e5_loader()
            if not compute and self._cache.peek(e5.model_id, texts) is None:
                return
            vectors = self._cache.get(e5.model_id, texts, e5.passages)
            self.refusal_vectors = self._cache.get(e5.model_id + ":query", list(OUT_OF_SCOPE_EXAMPLES), e5.queries)
            self.e5_vectors = vectors
            self.e5 = e5  # last: answers use e5 from here on
        except EmbeddingUnavailable:
            self._e5_failed = True  # MiniLM and word matching still answer

    def _warm_minilm(self) -> None:
        with self._load_lock:
            if self._loaded:
                return
            self._loaded = True
            if self._encoder_loader is None:
                self.note = DEGRADED_NOTE
                return
            try:
                encoder = self._encoder_loader()

                def vectors(texts: list[str]) -> np.ndarray:
                    return self._cache.get(encoder.model_id, texts, encoder.encode)

                self.headed_vectors = vectors(self._texts.headed)
                if W_SENTENCE:
                    self.plain_vectors = vectors(self._texts.plain)
                if self._texts.anchors:
                    self.anchor_vectors = vectors(self._texts.anchors)
                self.encoder = encoder
            except EmbeddingUnavailable as error:
                self.note = f"{DEGRADED_NOTE} ({error})"

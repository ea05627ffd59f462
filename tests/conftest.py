from pathlib import Path

import pytest

from tests.speech.conftest import voice_say  # noqa: F401  (espeak-ng WAVs, for the TUI tests too)

ROOT = Path(__file__).resolve().parents[1]
ARTICLE_PATH = ROOT / "content" / "breast-calcifications.md"
SOURCE_PATH = ROOT / "tests" / "data" / "article_source.txt"


@pytest.fixture(scope="session")
def article():
    from assistant.article import load_article

    return load_article(ARTICLE_PATH)

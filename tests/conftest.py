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


@pytest.fixture(scope="session", autouse=True)
def private_cache_dir(tmp_path_factory):
    """Cached article vectors go to a folder of this test run, never the user's cache."""
    import os

    folder = tmp_path_factory.mktemp("xdg-cache")
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = old

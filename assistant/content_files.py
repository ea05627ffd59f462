"""Where the built-in content (article, glossary, questions index) lives.

The top-level `content/` folder is shipped inside the wheel as the package `assistant.content`
(see pyproject.toml), so an installed copy finds it through importlib.resources; a source checkout
(or an editable install) falls back to the folder beside the package.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DEFAULT_ARTICLE_NAME = "breast-calcifications.md"
GLOSSARY_NAME = "glossary.toml"


def content_dir() -> Path:
    """The folder holding the built-in content, installed or in a checkout."""
    installed = Path(str(resources.files("assistant"))) / "content"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[1] / "content"


def content_file(name: str) -> Path:
    """A file of the built-in content by name."""
    return content_dir() / name


def default_article_path() -> Path:
    """The built-in article."""
    return content_file(DEFAULT_ARTICLE_NAME)

"""Anchor questions: for each sentence of an article, questions it answers, written by hand as data.

Why: a reader's question is much closer to another question than to the article's sentence (bge's
question-to-question similarity is high for paraphrases), so each sentence gets a few questions
("doc2query" done by hand) in `content/<article>.questions.toml`. The file names its article by
title; each entry names its sentence by a phrase from it, not by id, so the file survives a change
in sentence numbering. A missing file, or an entry that matches no sentence (or several), is
skipped with a warning sentence in `AnchorSet.warnings`; loading never raises.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from assistant.answering.embedding import fold_quotes
from assistant.article import Article
from assistant.content_files import content_dir

CONTENT_DIR = content_dir()
SUFFIX = ".questions.toml"


@dataclass(frozen=True)
class AnchorSet:
    """Anchor questions per sentence index (positions in `article.sentences`)."""

    by_sentence: dict[int, tuple[str, ...]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    source: Path | None = None
    topic_words: tuple[str, ...] = ()
    """Lay names for the article's topic ("spots" for calcifications): a question that uses them is
    asking about the topic, not about something else."""

    def pairs(self) -> list[tuple[int, str]]:
        """(sentence index, question) for every anchor, in a stable order."""
        return [(i, q) for i in sorted(self.by_sentence) for q in self.by_sentence[i]]


def _key(text: str) -> str:
    return " ".join(fold_quotes(text).lower().split())


def _read(path: Path) -> dict | None:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None


def find_anchor_file(article: Article, folder: Path = CONTENT_DIR) -> Path | None:
    """The questions file whose `article_title` is this article's title, or None."""
    try:
        candidates = sorted(folder.glob(f"*{SUFFIX}"))
    except OSError:
        return None
    for path in candidates:
        data = _read(path)
        if data is not None and _key(str(data.get("article_title", ""))) == _key(article.title):
            return path
    return None


def load_anchors(article: Article, path: Path | None = None, folder: Path = CONTENT_DIR) -> AnchorSet:
    """Read the anchor questions for `article` (from `path`, else the file in `folder` that names it)."""
    path = path if path is not None else find_anchor_file(article, folder)
    if path is None:
        return AnchorSet()
    data = _read(path)
    if data is None:
        return AnchorSet(warnings=(f"The questions file {path.name} cannot be read, so it is not used.",), source=path)
    texts = [_key(s.text) for s in article.sentences]
    by_sentence: dict[int, list[str]] = {}
    warnings: list[str] = []
    entries = data.get("sentence", [])
    if not isinstance(entries, list):
        entries = []
        warnings.append(f"The questions file {path.name} has no [[sentence]] entries.")
    for number, entry in enumerate(entries, start=1):
        phrase = entry.get("phrase") if isinstance(entry, dict) else None
        questions = entry.get("questions") if isinstance(entry, dict) else None
        if not isinstance(phrase, str) or not phrase.strip() or not isinstance(questions, list):
            warnings.append(f"Entry {number} of {path.name} needs a phrase and a list of questions; skipped.")
            continue
        hits = [i for i, text in enumerate(texts) if _key(phrase) in text]
        if len(hits) != 1:
            how = "no sentence" if not hits else f"{len(hits)} sentences"
            warnings.append(f"Entry {number} of {path.name} ({phrase!r}) matches {how} of the article; skipped.")
            continue
        good = [q.strip() for q in questions if isinstance(q, str) and q.strip()]
        by_sentence.setdefault(hits[0], []).extend(good)
    topic = data.get("topic_words", [])
    if not isinstance(topic, list):
        warnings.append(f"topic_words in {path.name} is not a list of words; ignored.")
        topic = []
    topic_words = tuple(w.strip().lower() for w in topic if isinstance(w, str) and w.strip())
    return AnchorSet({i: tuple(qs) for i, qs in by_sentence.items()}, tuple(warnings), path, topic_words)

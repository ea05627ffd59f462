"""Opening another article from the full-screen view, and keeping the recent-articles list.

The chosen file is loaded here, so a file that cannot be opened costs one sentence and the reader
stays where they were. A good one ends this app with an OpenRequest: the command line starts a
fresh app on it (speech, voice grammar, answers and memory all built for the new article), and
position, bookmarks and the answer cache are the new article's own (keyed by its words).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.article import Article, ArticleError, load_article
from assistant.library import recent_choices, resolve_choice
from assistant.settings import SettingsStore
from assistant.tui.host import ReaderHost
from assistant.tui.screens.article_picker import ArticlePicker


@dataclass(frozen=True)
class OpenRequest:
    """What the app returns when the reader chose another article."""

    path: Path
    article: Article


class ArticleOpener:
    """The picker, and this article's line in the recent list."""

    def __init__(self, host: ReaderHost, store: SettingsStore | None, path: Path | None) -> None:
        self.host = host
        self.store = store
        self.path = path.expanduser().resolve() if path is not None else None

    def remember(self) -> None:
        """Put this article at the top of the recent list, with where the reader is now."""
        if self.store is not None and self.path is not None:
            self.store.remember_opened(self.path, self.host.article.title, self.host.cursor.where_am_i())

    def open_picker(self) -> None:
        self.remember()
        recent = self.store.load_recent() if self.store is not None else []
        others = [item for item in recent if self.path is None or item.path != str(self.path)]
        picker = ArticlePicker(recent_choices(others))
        self.host.push_screen(picker, self._chosen)
        self.host.announce(picker.intro(), then_read=False)

    def _chosen(self, value: str | None) -> None:
        host = self.host
        if value is None:
            host.announce(f"Still reading {host.article.title}.", then_read=False)
            return
        path = resolve_choice(value, [])
        try:
            article = load_article(path)
        except ArticleError as error:
            host.announce(f"{error} You are still reading {host.article.title}.", then_read=False)
            return
        host.switch_article(OpenRequest(path, article))

"""Modal screens that close once, however fast the keys come."""

from __future__ import annotations

from typing import TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class ClosingOnce(ModalScreen[ResultType]):
    """A modal screen whose first dismiss wins.

    Keys typed in one burst ("b", "B", Enter, Enter) reach the screen before it has gone: the
    second Enter dismissed it again, which popped the screen below it (ScreenStackError) or set
    its result twice (InvalidStateError), and the app ended with a traceback.
    """

    _dismissing = False
    """Not `_closing`: Textual's message pump uses that name for its own shutdown."""

    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        if self._dismissing or not self.is_active:
            return AwaitComplete.nothing()
        self._dismissing = True
        return super().dismiss(result)

"""The article's topic ("breast calcifications"): which words name it, and questions without it.

Nearly every question names the topic, so it only makes unrelated questions look alike; and a
long question's last part often says "they" for the topic it named before ("... she has
calcifications, what are they"). Pure: words and stems only.
"""

from __future__ import annotations

from assistant.answering.vocabulary import stem, terms, words
from assistant.answering.weights import TOPIC_STAND_IN


class Topic:
    """The topic of one article, from its title, its sentences and its questions file's topic words."""

    def __init__(self, title: str, text: str, aliases: tuple[str, ...]) -> None:
        self.stems = set(terms(title)) & set(terms(text))
        """Stems of the title the article's sentences use ("breast", "calcif")."""
        self.heads = self._find_heads(title, aliases)
        self.stems |= self.heads

    def _find_heads(self, title: str, aliases: tuple[str, ...]) -> set[str]:
        """Stems that name the topic: the last topic word of the title ("calcif" in "... Breast
        Calcifications?") and the lay names the questions file gives ("spots")."""
        heads = [stem(w) for w in words(title) if stem(w) in self.stems]
        return set(heads[-1:]) | {stem(w) for alias in aliases for w in words(alias)}

    def without(self, text: str) -> str:
        """`text` with each mention of the topic ("breast calcifications", "calcification") as
        TOPIC_STAND_IN; other words, even topic words like "breast" in "breast cyst", are kept."""
        if not self.heads:
            return text
        out: list[str] = []
        run: list[str] = []
        for word in words(text):
            s = stem(word.split("'")[0])
            if s in self.heads:
                out.append(TOPIC_STAND_IN)
                run = []
                continue
            if run:
                out.extend(run)
                run = []
            (run if s in self.stems else out).append(word)
        return " ".join(out + run)

    def named_in(self, tokens: list[str], question: list[str]) -> str:
        """The focus as text, with "they"/"them"/"it" as the topic word the question used before it
        ("... she has calcifications what are they" -> "what are calcifications")."""
        if not tokens:
            return ""
        named = [w for w in question if stem(w) in self.heads]
        if named and not any(stem(w) in self.heads for w in tokens):
            tokens = [named[-1] if w in ("they", "them", "it") else w for w in tokens]
        return " ".join(tokens)

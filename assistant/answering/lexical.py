"""BM25 over the article's sentences, on stems and synonym concepts.

Why our own 30 lines instead of rank-bm25: the corpus is a few dozen sentences and we need the
same term function for documents and questions (stems plus '#concept' terms).
"""

from __future__ import annotations

import math
from collections import Counter

from assistant.answering.vocabulary import terms


class BM25:
    """Okapi BM25 over the article's sentences: the word-matching ranker, always available."""

    def __init__(self, documents: list[str], k1: float = 1.2, b: float = 0.75) -> None:
        self._docs = [Counter(terms(doc)) for doc in documents]
        self._lengths = [sum(doc.values()) for doc in self._docs]
        self._average = (sum(self._lengths) / len(self._lengths)) if self._lengths else 1.0
        frequency = Counter(term for doc in self._docs for term in doc)
        n = len(self._docs)
        self._idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in frequency.items()}
        self.vocabulary = frozenset(frequency)
        self.k1, self.b = k1, b

    def scores(self, question: str) -> list[float]:
        query = set(terms(question))
        out = []
        for doc, length in zip(self._docs, self._lengths, strict=True):
            score = 0.0
            for term in query:
                tf = doc.get(term, 0)
                if tf:
                    norm = tf + self.k1 * (1 - self.b + self.b * length / self._average)
                    score += self._idf[term] * tf * (self.k1 + 1) / norm
            out.append(score)
        return out

"""Whether a sentence speaks to each idea of a question (for an article with a questions index).

Why: a question joining two ideas the article never joins ("will the biopsy hurt") must not be
answered by a sentence that only names one of them. Pure: stems and synonym concepts only.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from assistant.answering.vocabulary import concept_index, content_words, stem, terms
from assistant.answering.weights import ACTOR_CONCEPTS, MAX_UNCOVERED_IDEAS
from assistant.article import Article

Ideas = set[frozenset[str]]


class Coverage:
    """What each sentence can speak to. Without anchor questions: its own words, its paragraph's
    and its heading's, since "They ..." sentences take their subject from the sentences around
    them. With anchor questions: its own words and heading plus those of ONE anchor question
    (each anchor is one view of the sentence), so that a question joining two ideas the article
    never joins is not covered by words spread over a paragraph."""

    def __init__(
        self, article: Article, headed: Sequence[str], anchors: dict[int, tuple[str, ...]], known: set[str]
    ) -> None:
        self._known = known
        self._views: list[list[set[str]]] = []
        for index, s in enumerate(article.sentences):
            own = set(terms(headed[index]))
            questions = anchors.get(index, ())
            if questions:
                views = [own | set(terms(question)) for question in questions]
            else:
                paragraph = article.sections[s.section_index].paragraphs[s.paragraph_index].text
                views = [own | set(terms(paragraph))]
            self._views.append(views)

    def ideas(self, question: str, topic: AbstractSet[str], context: AbstractSet[str]) -> Ideas:
        """What the question asks about: one key per known topic word (its concept, else its stem),
        leaving out the article's own topic words ("breast", "calcification"), who acts ("the
        nurse") and personal context ("yesterday")."""
        index = concept_index()
        ideas = set()
        for word in content_words(question):
            s = stem(word)
            if s in topic or s in context or s not in self._known or index.get(s, frozenset()) & ACTOR_CONCEPTS:
                continue
            ideas.add(frozenset(index.get(s, ())) or frozenset({s}))
        return ideas

    def covers(self, index: int, ideas: Ideas) -> bool:
        """True when one view of sentence `index` has each idea's stem or one of its concepts."""
        allowed = MAX_UNCOVERED_IDEAS if len(ideas) >= 3 else 0
        return any(
            sum(not any(key in have or "#" + key in have for key in idea) for idea in ideas) <= allowed
            for have in self._views[index]
        )

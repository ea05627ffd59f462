"""A Vosk grammar for spoken questions: the article's own words plus common English question words.

Vosk composes any sequence of the single words of a grammar (and "[unk]" for anything else), so
this is a closed vocabulary without word-order probabilities. It hears article questions a little
better than the model's open n-gram vocabulary but bends off-topic words into article words, so
the listener uses the open one by default (figures: `assistant.speech.listener.QUESTION_VOCABULARIES`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

COMMON_WORDS = frozenset(
    """
a about after again against all also always am an and any anything are around as ask at away back
bad be because been before being best better between big both but by can can't cannot check come
could day days did didn't do does doesn't doing don't done down during each early either else
enough ever every everything feel feeling find fine first for from get gets getting give go goes
going gone good got great had has have having he her here him his how i i'm if in inside
into is isn't it it's its just keep kind know last later less like likely long look lot made make
many may maybe me mean means might more most much must my need needed needs never new next no normal
not nothing now of off often okay old on once one only or other our out over pain painful part
people please probably problem put rather really right safe same say see seen serious should show
sign signs since so some someone something sometimes soon sort start still stop such sure take tell
than that that's the their them then there these they thing things think this those through time
to today too try turn under until up us use used usually very want wants was way we well were what
what's when where whether which while who why will with without woman women worry worried would
wrong yes yet you your years year tomorrow doctor doctors nurse hospital test tests result results
""".split()
)
"""Words people use to ask about anything. Written by hand; words that occur only in the public
question set ("hurt", "cost", "weather", "treatment") were deliberately left out so that the
comparison with open recognition is not tuned to it: such words become "[unk]"."""

UNKNOWN = "[unk]"


def article_words(texts: Iterable[str]) -> set[str]:
    """Lower-case words of the article (apostrophes kept, curly ones folded, numbers dropped)."""
    found: set[str] = set()
    for text in texts:
        found.update(re.findall(r"[a-z]+(?:'[a-z]+)?", text.lower().replace("\u2019", "'")))
    return found


def question_words(texts: Iterable[str], known: Callable[[str], bool]) -> list[str]:
    """The sorted vocabulary the model knows: article words and common words."""
    return sorted(word for word in article_words(texts) | COMMON_WORDS if known(word))


def question_grammar(texts: Iterable[str], known: Callable[[str], bool]) -> tuple[str, ...]:
    """Grammar phrases for `vosk.KaldiRecognizer`: one word each, so any sequence of them is heard."""
    return tuple(question_words(texts, known))

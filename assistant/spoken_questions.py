"""Choosing what was asked among a spoken question's recognition hypotheses.

Pure: no audio, no UI. The small Vosk model often puts the right words second ("do calcifications
dirt" before "do calcifications hurt"); the answerer refuses the garbled one. So each of the few
most likely hypotheses is answered, and the most likely one that gets an answer is taken, but only
if the recogniser found it nearly as likely as its best (`LIKELIHOOD_MARGIN`). A question whose
likely hypotheses are all refused stays refused: an off-topic question is never bent into an
article question by trying ever less likely words. Figures: benchmarks/spoken_questions.py.
"""

from __future__ import annotations

from typing import Protocol, Sequence

from assistant.answers import Answer, Result
from assistant.glossary import GlossaryAnswer

MAX_HYPOTHESES = 5
"""Hypotheses answered at most (about 10 ms each)."""
LIKELIHOOD_MARGIN = 1.0
"""How much less likely (natural log, Vosk's n-best "confidence" units) than the best hypothesis an
answered one may be: e^-1, about a third as likely. Chosen on the public set and
tests/data/spoken_questions_extra.tsv (0.5 lost right answers, 2 and more let "how much does a
biopsy cost" through as "... biopsy cast"); tests/data/spoken_questions_heldout.tsv checks it."""


class _Answers(Protocol):
    def answer(self, question: str) -> Result: ...


def choose_question(alternatives: Sequence[tuple[str, float]], answerer: _Answers,
                    margin: float = LIKELIHOOD_MARGIN, limit: int = MAX_HYPOTHESES) -> tuple[str, Result]:
    """(the question taken as asked, its answer) from (text, log-likelihood) hypotheses, best first.

    The first hypothesis within `margin` of the best whose answer is an `Answer` (or a glossary
    definition) wins; otherwise the best hypothesis and its refusal. Empty input is answered as
    an empty question (the answerer says what to do)."""
    ranked = sorted(((t, s) for t, s in alternatives if t.strip()), key=lambda item: -item[1])[:limit]
    if not ranked:
        return "", answerer.answer("")
    top_text, top_score = ranked[0]
    top_result = answerer.answer(top_text)
    if _answered(top_result):
        return top_text, top_result
    for text, score in ranked[1:]:
        if top_score - score > margin:
            break
        result = answerer.answer(text)
        if _answered(result):
            return text, result
    return top_text, top_result


def _answered(result: Result) -> bool:
    return isinstance(result, (Answer, GlossaryAnswer))

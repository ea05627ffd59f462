"""Choosing what was asked among a spoken question's recognition hypotheses.

Pure: no audio, no UI. The small Vosk model often puts the right words second ("do calcifications
dirt" before "do calcifications hurt"); the answerer refuses the garbled one. So each of the few
most likely hypotheses is answered, and the most likely one that gets an answer is taken, but only
if the recogniser found it nearly as likely as its best (`LIKELIHOOD_MARGIN`). A question whose
likely hypotheses are all refused stays refused: an off-topic question is never bent into an
article question by trying ever less likely words. Figures: benchmarks/spoken_questions.py.

When every likely hypothesis is refused, their phonetic repairs (`assistant.phonetic`: "armrest
calcifications concert" -> "are breast calcifications cancer") are tried the same way, each as likely
as its source less `REPAIR_PENALTY`. Only hypotheses that already name the article's subject are
repaired, only words the article does not use are replaced, and only by the article's subject words,
so off-topic questions stay refused (27/28, as without repair).
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

REPAIR_PENALTY = 0.1
"""Log-likelihood taken off a hypothesis's score for its phonetically repaired form."""


class _Answers(Protocol):
    def answer(self, question: str) -> Result: ...


def choose_question(alternatives: Sequence[tuple[str, float]], answerer: _Answers,
                    margin: float = LIKELIHOOD_MARGIN, limit: int = MAX_HYPOTHESES,
                    repair: bool = True) -> tuple[str, Result]:
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
    if repair:
        for text, _ in _repaired(ranked, answerer, top_score - margin):
            result = answerer.answer(text)
            if _answered(result):
                return text, result
    return top_text, top_result


def _repaired(ranked: list[tuple[str, float]], answerer: _Answers, floor: float) -> list[tuple[str, float]]:
    """Phonetically repaired hypotheses (assistant.phonetic), each as likely as its source less
    `REPAIR_PENALTY`, those still within the margin (`floor`), best first; new texts only."""
    from assistant.phonetic import repairer_for

    repairer = repairer_for(answerer)
    if repairer is None:
        return []
    sources = [(t, s) for t, s in ranked if s - REPAIR_PENALTY >= floor]
    seen = {t for t, _ in ranked}
    out = []
    for (text, score), fixed in zip(sources, repairer.repair_many([t for t, _ in sources])):
        if fixed and fixed not in seen:
            seen.add(fixed)
            out.append((fixed, score - REPAIR_PENALTY))
    return out


def _answered(result: Result) -> bool:
    return isinstance(result, (Answer, GlossaryAnswer))


def word_errors(reference: Sequence[str], hypothesis: Sequence[str]) -> int:
    """Substitutions + insertions + deletions between two word lists (for word error rates)."""
    row = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, start=1):
        previous, row[0] = row[0], i
        for j, hyp in enumerate(hypothesis, start=1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ref != hyp))
    return row[-1]

"""Choosing what was asked among a spoken question's recognition hypotheses.

Pure: no audio, no UI. The small Vosk model often hears the right words second, or hears an
unfamiliar medical word as everyday ones ("biopsy" as "my opposite", "are breast" as "armrest").
So each of the few most likely hypotheses, and its phonetic repair (`assistant.answering.phonetic`), is
answered, and the candidates are weighed on both counts: how clearly the article answers them
(the answer's score) and how likely the recogniser found them (`LIKELIHOOD_WEIGHT` per unit of
log-likelihood below the best; a repair counts `REPAIR_PENALTY` less likely than what it mends).
"how are calcifications located for my opposite" is answered, weakly (1.47), by the wrong
sentence; its repair "... for biopsy" is answered clearly (2.26) by the right one, and wins.

Off-topic questions stay refused:
- a candidate must be within `LIKELIHOOD_MARGIN` of the best hypothesis;
- repairs replace only words the article does not use, only by the article's subject words, and
  only in hypotheses that already name the subject (see `assistant.answering.phonetic`);
- when hypotheses naming an idea the article never speaks about ("cost", "treatment") carry at
  least `OUTSIDE_SHARE` of the recogniser's belief, the question is refused as such, even if a
  likely mishearing ("... biopsy cast") would be answered.
Figures: benchmarks/spoken_questions.py.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Protocol

from assistant.answering.answerer import Answer, NoAnswer, Result
from assistant.answering.glossary import GlossaryAnswer

MAX_HYPOTHESES = 5
"""Hypotheses answered at most (about 10 ms each, their repairs as much again)."""
LIKELIHOOD_MARGIN = 2.0
"""How much less likely (natural log, Vosk's n-best "confidence" units) than the best hypothesis a
candidate may be: e^-2, about a seventh as likely."""
LIKELIHOOD_WEIGHT = 0.3
"""Answer score traded for one unit of log-likelihood. Answer scores run from the floor (1.1) to
about 2.4; a garbled hearing is typically answered at 1.3-1.6 and its mended form at 2.0-2.3."""
REPAIR_PENALTY = 0.5
"""Log-likelihood taken off a hypothesis's score for its phonetically repaired form."""
OUTSIDE_SHARE = 0.5
"""Share of the hypotheses' probability on ones naming an idea the article never speaks about, from
which the question is refused as asking about it."""
DEFINITION_SCORE = 2.0
"""The answer score a glossary definition counts as (a definition request matched a term exactly)."""
# Chosen on the public set and tests/data/spoken_questions_extra.tsv, where any margin of 1-3,
# weight of 0.1-0.5 and penalty of 0.1-0.5 scored within one question of each other;
# tests/data/spoken_questions_heldout.tsv checks them.


class _Answers(Protocol):
    def answer(self, question: str) -> Result: ...


def choose_question(
    alternatives: Sequence[tuple[str, float]],
    answerer: _Answers,
    margin: float = LIKELIHOOD_MARGIN,
    limit: int = MAX_HYPOTHESES,
    repair: bool = True,
) -> tuple[str, Result]:
    """(the question taken as asked, its answer) from (text, log-likelihood) hypotheses.

    The answered candidate (hypothesis within `margin` of the best, or its repair) with the best
    answer score plus `LIKELIHOOD_WEIGHT` x its likelihood below the best wins; when none is
    answered, or when the likely hypotheses ask about something the article never speaks about,
    the best hypothesis and its refusal. Empty input is answered as an empty question (the
    answerer says what to do)."""
    ranked = sorted(((t, s) for t, s in alternatives if t.strip()), key=lambda item: -item[1])[:limit]
    if not ranked:
        return "", answerer.answer("")
    best = ranked[0][1]
    results = {text: answerer.answer(text) for text, _ in ranked}
    outside = [text for text, _ in ranked if _names_outside_idea(results[text])]
    if outside and _share(ranked, set(outside)) >= OUTSIDE_SHARE:
        return outside[0], results[outside[0]]
    candidates = [(text, score) for text, score in ranked if best - score <= margin]
    if repair:
        candidates += _repaired(candidates, answerer)
    chosen: tuple[float, str, Result] | None = None
    for text, score in candidates:
        result = results.get(text) or answerer.answer(text)
        if _answered(result):
            weight = _answer_score(result) + LIKELIHOOD_WEIGHT * (score - best)
            if chosen is None or weight > chosen[0]:
                chosen = (weight, text, result)
    if chosen is None:
        top = ranked[0][0]
        return top, results[top]
    return chosen[1], chosen[2]


def _share(ranked: list[tuple[str, float]], texts: set[str]) -> float:
    """The share of the hypotheses' probability that falls on `texts`."""
    best = ranked[0][1]
    weights = [(text, math.exp(score - best)) for text, score in ranked]
    return sum(w for text, w in weights if text in texts) / sum(w for _, w in weights)


def _names_outside_idea(result: Result) -> bool:
    return isinstance(result, NoAnswer) and bool(result.idea)


def _answer_score(result: Result) -> float:
    return result.score if isinstance(result, Answer) else DEFINITION_SCORE


def _repaired(candidates: list[tuple[str, float]], answerer: _Answers) -> list[tuple[str, float]]:
    """Phonetically repaired candidates (assistant.answering.phonetic), each as likely as its source less
    `REPAIR_PENALTY`; new texts only."""
    from assistant.answering.phonetic import repairer_for

    repairer = repairer_for(answerer)
    if repairer is None:
        return []
    seen = {t for t, _ in candidates}
    out = []
    for (_, score), fixed in zip(candidates, repairer.repair_many([t for t, _ in candidates]), strict=False):
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

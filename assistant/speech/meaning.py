"""One utterance's meaning from the pieces both recognisers heard in it: a command, a command in
other words, a question, or not understood. Pure: no audio, no recogniser state (see
`assistant.speech.utterances` for the recogniser that cuts the stream and calls `decide`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from assistant.phrasing import reduce, understand
from assistant.speech.command_choice import UNKNOWN, choose_command
from assistant.speech.recognizers import MIN_QUESTION_WORDS, Heard, join_alternatives


def decide(
    pieces: Iterable[Heard],
    section_titles: Iterable[str] = (),
    keep: int = 0,
    min_question_words: int = MIN_QUESTION_WORDS,
    questions: bool = True,
    question_floor: float = 0.0,
) -> Heard | None:
    """One utterance's meaning from the pieces both recognisers heard in it (None: only filler).

    A single grammar piece that is a confident command wins; else the open recogniser's hypotheses
    may still say a command in other words ("please go to the next section"); else enough words
    are a question; else it is not understood."""
    pieces = [p for p in pieces if p.text or p.reason == "too long"]
    if not pieces:
        return None
    titles = tuple(section_titles)
    start = min(p.start for p in pieces)
    end = max(p.end for p in pieces)
    audio_end = max(p.audio_end for p in pieces)
    if any(p.reason == "too long" for p in pieces):
        return Heard("", 0.0, None, False, True, "too long", audio_end, start=start, end=end)
    grammar = [p for p in pieces if not p.question]
    opened = [p for p in pieces if p.question]
    said = " ".join(p.text for p in opened) or " ".join(p.text for p in grammar)
    contradicted = (
        (len(said.split()) > len(grammar[0].text.split()) and understand(said, titles) != grammar[0].match)
        if grammar
        else False
    )
    if (
        len(grammar) == 1
        and grammar[0].understood
        and grammar[0].match is not None
        and (grammar[0].woken or not contradicted)
    ):
        return replace(grammar[0], start=start, end=end, audio_end=audio_end)
    if not reduce(said.replace(UNKNOWN, "")):
        return None  # "please", "thank you": nothing to do and nothing to apologise for
    alternatives = join_alternatives([p.alternatives or ((p.text, 0.0),) for p in opened], max(keep, 1))
    if alternatives:
        choice = choose_command(alternatives, titles, near_misses=False, slips=True)
        if choice.understood:
            return Heard(
                choice.text,
                choice.posterior,
                choice.match,
                True,
                audio_end=audio_end,
                alternatives=alternatives,
                start=start,
                end=end,
            )
    if not questions or not opened or len(said.split()) < min_question_words:
        return Heard(
            said,
            min((p.confidence for p in pieces), default=0.0),
            None,
            False,
            reason="not understood",
            audio_end=audio_end,
            start=start,
            end=end,
        )
    confidence = min(p.confidence for p in opened)
    understood = confidence >= question_floor
    return Heard(
        said,
        confidence,
        None,
        understood,
        question=True,
        reason="" if understood else "unsure",
        audio_end=audio_end,
        alternatives=alternatives if keep else (),
        start=start,
        end=end,
    )

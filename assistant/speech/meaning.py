"""One utterance's meaning from the pieces both recognisers heard in it: a command, a command in
other words, a question, or not understood. Pure: no audio, no recogniser state (see
`assistant.speech.utterances` for the recogniser that cuts the stream and calls `decide`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from assistant.phrasing import POLITE_WORDS, QUESTION_OPENERS, reduce, understand
from assistant.speech.command_choice import MAX_COMMAND_DEFICIT, UNKNOWN, choose_command
from assistant.speech.endpointing import contradicts
from assistant.speech.recognizers import MIN_QUESTION_WORDS, Heard, join_alternatives


def polite(text: str) -> bool:
    """Only polite words ("thank you", "if you would", or what is left of them: "you")."""
    words = text.split()
    return bool(words) and all(word in POLITE_WORDS for word in words)


def command_tail(pieces: Iterable[Heard], keep: int = 5) -> bool:
    """Whether speech said on right after a command (see `assistant.speech.utterances.TAIL_SECONDS`)
    is its polite tail: a command is cut as soon as it is whole, so "if you would" of "next
    sentence if you would" comes after the cut, where the open recogniser hears "the world". The
    grammar, which listens for polite tails, hears one in its n-best; a question said after a
    command is no tail: the grammar hears it with "[unk]" or as other words, and it opens like one."""
    pieces = [p for p in pieces if p.text]
    opened = " ".join(p.text for p in pieces if p.question).split()
    if not pieces or (opened and opened[0] in QUESTION_OPENERS):
        return False
    grammar = join_alternatives([p.alternatives or ((p.text, 0.0),) for p in pieces if not p.question], keep)
    return any(polite(text) for text, _ in grammar)


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
    against = said
    if len(grammar) > 1 and grammar[0].match is not None and all(polite(g.text) for g in grammar[1:]):
        # "previous section" then "you": the grammar closed the command before its polite tail
        # ("thank you"), which the open recogniser's words do not count against it either.
        grammar, against = grammar[:1], _without_polite_end(said)
    alternatives = join_alternatives([p.alternatives or ((p.text, 0.0),) for p in opened], max(keep, 1))
    contradicted = (
        contradicts(against, grammar[0].text, understand(against, titles) == grammar[0].match)
        and not _also_heard(grammar[0], alternatives, titles)
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


def _without_polite_end(text: str) -> str:
    """The words before a polite ending: "premier section thank you" -> "premier section"."""
    words = text.split()
    while words and words[-1] in POLITE_WORDS:
        words.pop()
    return " ".join(words)


def _also_heard(command: Heard, alternatives: Iterable[tuple[str, float]], titles: tuple[str, ...]) -> bool:
    """The open recogniser's n-best holds the grammar's command nearly as likely as its best (within
    `MAX_COMMAND_DEFICIT`): a hearing that differs from it is no contradiction ("next nine so", then
    "next answer" 1.4 below it, flite awb in 20 dB white noise)."""
    ranked = list(alternatives)
    if command.match is None or not ranked:
        return False
    best = max(score for _, score in ranked)
    return any(
        best - score <= MAX_COMMAND_DEFICIT
        and UNKNOWN not in text.split()
        and understand(text, titles) == command.match
        for text, score in ranked
    )

"""The wake word of hands-free listening: which recognised pieces were said after it.

Pure: `woken` takes one recogniser's piece and says what was said after the wake word, choosing the
command among the hypotheses that hold it. `UtteranceRecognizer` keeps the state (how long the
app stays awake after the wake word said alone).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

from assistant.answering.scope import edit_distance
from assistant.commands import normalise
from assistant.phrasing import strip_wake_word, understand
from assistant.speech.command_choice import COMMAND_LIKELIHOOD_SCALE, choose_command
from assistant.speech.recognizers import MIN_QUESTION_WORDS, Heard

WAKE_SHARE = 0.1
"""A grammar piece is said after the wake word when hypotheses starting with it hold this share of the
n-best (see `woken`): en-gb-x-rp's "reader" is heard as "read" about as often."""
WAKE_SECONDS = 5.0
"""After the wake word said alone, the next utterance within this long is taken without it."""

MID_SPEECH_SECONDS = 1.0
"""The wake word starts what is said to the app: heard by the grammar this long or more after the
open recogniser's hearing of the same stretch of speech began, it is a sound in someone's sentence
(flite slt reading "...take to feel better": "reader" atop the grammar's n-best for "better")."""

SAME_MOMENT_SECONDS = 0.3
"""Two recognisers' pieces starting this close heard the same start of speech."""

WAKE_HEARINGS = {"reader": ("read that", "read up", "read are", "read")}
"""What the command grammar hears for a wake word in loud noise (en-gb-x-rp 150 and en-us 160 at 10 dB:
"read that repeat", "read up previous section"), said "reeda" (en-029, en-gb-x-gbclan: "read up",
"read read") or "read-er" (flite kal16: "read are stop"): such a start stands for the wake word only
when a whole command follows it and the whole means nothing else ("read on" is resume), never alone.
Not "read it": "read it, next section" is two commands a person says."""


@dataclass(frozen=True)
class WakeWord:
    """Hands-free listening takes an utterance only when it starts with `words` ("reader, next
    section"), or comes within `seconds` of the wake word said alone; `always` commands (stop,
    while the app speaks) pass without it."""

    words: tuple[str, ...] = ("reader",)
    seconds: float = WAKE_SECONDS

    @property
    def hearings(self) -> tuple[str, ...]:
        """How the command grammar may hear the words when a command follows (`WAKE_HEARINGS`)."""
        return tuple(h for word in self.words for h in WAKE_HEARINGS.get(word, ()))


def wake_share(alternatives: Iterable[tuple[str, float]], rests: list[str | None]) -> float:
    """The share of an n-best's probability held by hypotheses said after the wake word (`rests`
    not None, see `after_wake`)."""
    ranked = list(alternatives)
    if not ranked:
        return 0.0
    best = max(score for _, score in ranked)
    weights = [math.exp(COMMAND_LIKELIHOOD_SCALE * (score - best)) for _, score in ranked]
    return sum(weight for weight, rest in zip(weights, rests, strict=True) if rest is not None) / sum(weights)


def after_wake(text: str, wake: WakeWord, section_titles: tuple[str, ...]) -> str | None:
    """What a grammar hypothesis says after the wake word, or None when it does not start with
    it: "reader next section" -> "next section"; "read that repeat" -> "repeat" (`hearings`,
    only before a whole command)."""
    said, rest = strip_wake_word(text, wake.words)
    if said:
        return rest
    said, rest = strip_wake_word(text, wake.hearings)
    meaning = understand(rest, section_titles) if said and rest else None
    if meaning is None:
        return None
    whole = understand(text, section_titles)
    return rest if whole is None or whole == meaning else None


def heard_alone(pieces: Iterable[Heard], wake: WakeWord) -> bool:
    """The wake word said alone though neither recogniser heard it: both heard the same one of its
    `hearings` alone (en-029's "reeda": "read up" and "read up"). Both must agree, and a hearing
    that is a command ("read it") is the command."""
    pieces = list(pieces)
    grammar = [normalise(p.text) for p in pieces if not p.question and p.text]
    opened = [normalise(p.text) for p in pieces if p.question and p.text]
    alone = {normalise(h) for h in wake.hearings if understand(h, ()) is None}
    return len(grammar) == 1 and len(opened) == 1 and grammar[0] in alone and opened[0] == grammar[0]


def woken(heard: Heard, wake: WakeWord, section_titles: tuple[str, ...]) -> Heard:
    """The piece without the wake word, marked `woken` when it began with it. For the command
    grammar, also when hypotheses starting with it hold `WAKE_SHARE` of its n-best: the chosen one
    may lack it ("reader repeat" ranked below "read repeat", "read previous section" chosen as a
    rewording of "previous section"); the command is then chosen among those hypotheses alone
    ("reader on" is not "read on", resume), and the wake word alone is the wake word alone
    ("reader" above "read it")."""
    said, rest = strip_wake_word(heard.text, wake.words)
    if heard.question:
        if not said:
            return _woken_in_nbest(heard, wake)
        alternatives = tuple((strip_wake_word(t, wake.words)[1], s) for t, s in heard.alternatives)
        return replace(heard, text=rest, alternatives=alternatives, woken=True)
    rests = [after_wake(t, wake, section_titles) for t, _ in heard.alternatives]
    by_share = not said and wake_share(heard.alternatives, rests) >= WAKE_SHARE
    if not said and not by_share:
        return heard
    if said:
        alternatives = tuple((t if r is None else r, s) for (t, s), r in zip(heard.alternatives, rests, strict=True))
    else:
        alternatives = tuple((r, s) for (_, s), r in zip(heard.alternatives, rests, strict=True) if r is not None)
    original, heard = heard, replace(heard, text=rest, alternatives=alternatives, woken=True)
    if not alternatives:
        return heard
    choice = choose_command(alternatives, section_titles)
    if by_share and not choice.understood:
        if rests[:1] == [""]:
            # The wake word alone atop the n-best ("reader" above "read it"). Not for any share:
            # with that, article text woke 3 questions in 74 minutes (2026-11-30).
            return replace(heard, text="", match=None, understood=False, reason="")
        # Half heard, it wakes only for a clear command: article text starting "re..." woke a
        # question twice in 34 minutes when any hearing counted.
        return original
    return replace(
        heard,
        text=choice.text,
        confidence=choice.posterior,
        match=choice.match,
        understood=choice.understood,
        reason=choice.reason,
    )


def _woken_in_nbest(heard: Heard, wake: WakeWord) -> Heard:
    """An open hearing whose best hypothesis starts like the wake word ("read or is a biopsy
    painful", flite awb) and whose n-best holds the wake word itself there ("reader is a biopsy
    painful"): woken, its hypotheses those that hold the wake word, without it."""
    if not sounds_like_wake_word(heard.text, wake):
        return heard
    held = _after_wake_in_nbest(heard, wake, 1)
    return heard if held is None else held


def wake_like_rest(text: str, wake: WakeWord) -> str | None:
    """What an open hearing says after a start that sounds like the wake word (its first word or
    two, the closer one: "read or stop" -> "stop", "reader stop" -> "stop"), or None."""
    words = normalise(text).split()
    starts = [(distance, count) for distance, count in _wake_like_starts(words, wake) if len(words) > count]
    return " ".join(words[min(starts)[1] :]) if starts else None


def _wake_like_starts(words: list[str], wake: WakeWord) -> list[tuple[int, int]]:
    """(letters apart, word count) for each start of one or two `words` within two letters of a wake
    word ("breeder", "read or")."""
    found = []
    for count in (1, 2):
        if len(words) >= count:
            start = "".join(words[:count])
            distance = min(edit_distance(start, word.replace(" ", ""), 2) for word in wake.words)
            if distance <= 2:
                found.append((distance, count))
    return found


def agreed_after_wake(pieces: Iterable[Heard], wake: WakeWord, section_titles: tuple[str, ...]) -> Heard | None:
    """A command the grammar heard after the wake word, too unsure to take alone ("reader stop"
    beside "read last up", en-gb-scotland 160), taken when the open recogniser heard the same
    command after something like the wake word ("read or stop"): two hearings agree on it."""
    pieces = list(pieces)
    grammar = [p for p in pieces if not p.question and p.text]
    opened = [p for p in pieces if p.question and p.text]
    if len(grammar) != 1 or len(opened) != 1 or not grammar[0].woken or grammar[0].understood:
        return None
    meaning = understand(grammar[0].text, section_titles)
    rest = wake_like_rest(opened[0].text, wake)
    heard = understand(rest, section_titles) if rest else None
    if meaning is None or heard is None or meaning != heard:
        return None
    return replace(
        grammar[0],
        match=meaning,
        understood=True,
        reason="",
        start=min(p.start for p in pieces),
        end=max(p.end for p in pieces),
        audio_end=max(p.audio_end for p in pieces),
    )


def mid_speech(pieces: Iterable[Heard], opened: Iterable[tuple[float, float]], going: float | None = None) -> bool:
    """Whether the wake word only the grammar heard ("reader" for "better") came in the middle of
    speech: the open recogniser's hearing of that moment (a piece of `opened`, its (start, end)
    spans, or its piece still `going` since then) began `MID_SPEECH_SECONDS` or more before."""
    woke = [p for p in pieces if p.woken]
    if not woke or any(p.question for p in woke):
        return False
    at = min(p.start for p in woke)
    starts = [start for start, end in opened if start <= at <= end] + ([going] if going is not None else [])
    return any(start <= at - MID_SPEECH_SECONDS for start in starts)


def sounds_like_wake_word(text: str, wake: WakeWord) -> bool:
    """Whether an open hearing starts with something like the wake word: the word itself, or its
    first word or two within two letters of it ("breeder", "read a"), not "researchers"."""
    return bool(_wake_like_starts(normalise(text).split(), wake))


def woken_only_by_grammar(pieces: Iterable[Heard], heard: Heard, wake: WakeWord) -> bool:
    """A question woken only by the grammar hearing the wake word alone at its start, while the
    open recogniser heard nothing like it there, in any of its hypotheses (`sounds_like_wake_word`):
    en-gb-x-rp 160 reading "Researchers don't know ...", the grammar's top hypothesis "reader", the
    one false wake-up in 27 minutes of new text (2026-11-30). "remember biopsy painful" beside "read
    me my biopsy painful" (en-us+m3 185) was said after it."""
    pieces = list(pieces)
    hearings = (heard.text, *(text for text, _ in heard.alternatives))
    return (
        heard.question
        and not any(p.woken for p in pieces if p.question)
        and all(not p.text for p in pieces if p.woken)
        and not any(sounds_like_wake_word(text, wake) for text in hearings)
    )


def woken_question(pieces: Iterable[Heard], heard: Heard, wake: WakeWord) -> Heard | None:
    """A question whose wake word neither recogniser heard whole: the grammar's first piece starts
    with one of its `hearings` and the open recogniser's question with "read" (en-gb-x-gbcwmd's
    "reeda is a biopsy painful": "read [unk]" and "read me my biopsy painful"). The question
    without that start, or None."""
    if not heard.question or not heard.understood:
        return None
    grammar = sorted((p for p in pieces if not p.question and p.text), key=lambda p: p.start)
    if (both := _wake_in_both_nbests(grammar, heard, wake)) is not None:
        return both
    first = normalise(heard.text).split()[:1]
    if not grammar or first != ["read"]:
        return None
    said, after = strip_wake_word(grammar[0].text, (*wake.words, *wake.hearings))
    words = normalise(grammar[0].text).split()
    start = len(words) - len(after.split())
    if not said or any(understand(" ".join(words[:end]), ()) for end in range(start + 1, len(words) + 1)):
        return None  # "read it next section" said to someone: a command at the start, no wake word
    rest = strip_wake_word(heard.text, wake.hearings)[1]
    if len(rest.split()) < MIN_QUESTION_WORDS:
        return None
    alternatives = tuple((strip_wake_word(t, wake.hearings)[1], score) for t, score in heard.alternatives)
    return replace(heard, text=rest, alternatives=alternatives, woken=True)


def _wake_in_both_nbests(grammar: list[Heard], heard: Heard, wake: WakeWord) -> Heard | None:
    """A question both recognisers heard after the wake word only lower in their n-best: the open
    recogniser's "reader is a biopsy painful" below "river is a biopsy painful", the grammar's
    "reader [unk]" below "[unk]" at the same moment (flite rms). Its hypotheses that hold the wake
    word, without it, or None."""
    if not grammar or abs(grammar[0].start - heard.start) > SAME_MOMENT_SECONDS:
        return None
    if not any(strip_wake_word(text, wake.words)[0] for text, _ in grammar[0].alternatives):
        return None
    return _after_wake_in_nbest(heard, wake, MIN_QUESTION_WORDS)


def _after_wake_in_nbest(heard: Heard, wake: WakeWord, min_words: int) -> Heard | None:
    """`heard` woken, keeping only its hypotheses that start with the wake word and say at least
    `min_words` after it (without it), or None when none does."""
    held = []
    for text, score in heard.alternatives:
        said, rest = strip_wake_word(text, wake.words)
        if said and len(rest.split()) >= min_words:
            held.append((rest, score))
    return replace(heard, text=held[0][0], alternatives=tuple(held), woken=True) if held else None

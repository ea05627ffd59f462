"""Deciding which command, if any, a command utterance's n-best list means.

Pure: works on Vosk's (text, log-likelihood) hypotheses, without Vosk. Used by
`assistant.speech.recognizers.CommandRecognizer`; calibrated with benchmarks/voice.py.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from assistant.commands import CommandMatch, match_phrase
from assistant.phrasing import GRAMMAR_FILLERS, understand

MIN_CONFIDENCE = 0.7
"""Below this share of the n-best's probability a command is "not understood" (see `choose_command`)."""
NOISY_MIN_CONFIDENCE = 0.9
"""The same in loud noise (`assistant.speech.levels.Level.clear` false): the grammar forces noise into
its nearest phrase, and a near tie there ("help please" 0.83 against "stop please") was a wrong
command more often than a right one on the tuning voices at 10 dB."""
NOISY_ALONE_CONFIDENCE = 0.98
"""In loud noise, a command the open recogniser does not also hear (`agrees`) needs this share of
the grammar's n-best: flite's "spell" at 10 dB was "help" at 0.91 while the open recogniser heard
nothing, and "contents" heard alone (1.0, the open recogniser heard "content") is right. The open
recogniser hears short commands poorly in noise ("gently" for "next section please"), so its
consent is asked only where the grammar wavers. Tuning voices, table and tuning rewordings, 10 dB
white, two noise draws: 0.98 refused 6 of 21 wrong commands and 26 of about 600 right ones."""
COMMAND_LIKELIHOOD_SCALE = 2.0
"""Vosk's n-best "confidence" is a log-likelihood; posteriors are softmax(scale x likelihood)."""
MAX_COMMAND_DEFICIT = 2.0
"""How much less likely (log-likelihood) than the best hypothesis a command may be and still win,
when everything better is a word sequence that is no command ("previous end" for "previous sentence")."""
UNKNOWN = "[unk]"
"""What a Vosk grammar hears for speech outside it."""
SLIP_WORDS = frozenset({"a", "an", "the", "in", "and", "on", "at", "to", "too", "of", "it", "now", "know", "no"})
"""Short words the small model trades for one another or drops ("what section am i and now" beside
"... am i in now"): an open hearing that differs from a command's hypothesis only in these is the
same utterance heard a little differently, not another meaning (see `function_word_slip`)."""
_SAME_SOUND = {"too": "to", "two": "to", "four": "for", "know": "now", "no": "now", "and": "in", "an": "in"}


def function_word_slip(hypothesis: str, command_text: str) -> bool:
    """Whether `hypothesis` is `command_text` with only `SLIP_WORDS` changed, added or dropped (and
    numbers heard as their sound-alikes: "section too" for "section two")."""
    mine = [_SAME_SOUND.get(word, word) for word in command_text.split()]
    theirs = [_SAME_SOUND.get(word, word) for word in hypothesis.split()]
    if not theirs or mine == theirs:
        return bool(theirs)
    slips = SLIP_WORDS | set(_SAME_SOUND.values())
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=mine, b=theirs, autojunk=False).get_opcodes():
        if tag != "equal" and not all(word in slips for word in mine[i1:i2] + theirs[j1:j2]):
            return False
    return True


@dataclass(frozen=True)
class CommandChoice:
    """What `choose_command` made of a command utterance's n-best."""

    text: str
    """The chosen hypothesis, or the best one when none was chosen."""
    match: CommandMatch | None
    posterior: float
    """The chosen command's share of the probability (0.0 when there is no command at all)."""
    understood: bool
    reason: str = ""


def choose_command(
    alternatives: Iterable[tuple[str, float]],
    section_titles: Iterable[str] = (),
    min_posterior: float = MIN_CONFIDENCE,
    scale: float = COMMAND_LIKELIHOOD_SCALE,
    max_deficit: float = MAX_COMMAND_DEFICIT,
    near_misses: bool = True,
    slips: bool = False,
) -> CommandChoice:
    """The command an n-best list (text, log-likelihood) means, if it clearly means one.

    Each command's posterior pools its hypotheses, so "read" and "read it" support each other
    rather than compete; silence (""), anything with [unk] and other commands count against it.
    Word sequences the grammar lets through that name no command are near misses of a phrase when
    at least half their words are in it ("previous end" for "previous sentence", "list the section")
    and count neither way, as long as the command is within `max_deficit` of the best hypothesis;
    other such sequences ("answer" against "contents") count against. Calibrated with
    benchmarks/voice.py on the dev voices: see MIN_CONFIDENCE. `near_misses=False` counts every
    other hypothesis against: for open-vocabulary hearings, where "what are say" beside "what can i
    say" is a different question, not a slip of the grammar; with `slips`, except those that differ
    from the command's hypothesis only in short function words (`function_word_slip`)."""
    titles = tuple(section_titles)
    ranked = sorted(((text.strip(), score) for text, score in alternatives), key=lambda item: -item[1])
    if not ranked:
        return CommandChoice("", None, 0.0, False, "not a command")
    best_score = ranked[0][1]
    hypotheses = []  # (text, weight, command key or None)
    first: dict[tuple[str, str], tuple[str, float, CommandMatch]] = {}
    for text, score in ranked:
        match = None if not text or UNKNOWN in text.split() else understand(text, titles)
        key = None if match is None else (match.command.name, match.argument)
        hypotheses.append((text, math.exp(scale * (score - best_score)), key))
        if match is not None and key is not None and key not in first:
            first[key] = (text, score, match)
    if not first:
        return CommandChoice(ranked[0][0], None, 0.0, False, "not a command")

    def posterior(key: tuple[str, str]) -> float:
        words = set(first[key][0].split())
        support = against = 0.0
        for text, weight, other in hypotheses:
            said = text.split()
            if other == key:
                support += weight
            elif (
                near_misses
                and other is None
                and said
                and UNKNOWN not in said
                and 2 * sum(word in words for word in said) >= len(said)
            ):
                continue  # a near miss of this command's phrase
            elif slips and other is None and function_word_slip(text, first[key][0]):
                continue  # the same words, a small one heard differently
            else:
                against += weight
        return support / (support + against)

    posteriors = {key: posterior(key) for key in first}
    key = max(posteriors, key=posteriors.__getitem__)
    text, score, match = first[key]
    if best_score - score > max_deficit:
        return CommandChoice(ranked[0][0], None, posteriors[key], False, "not a command")
    if posteriors[key] < min_posterior:
        return CommandChoice(text, None, posteriors[key], False, "unsure")
    return CommandChoice(text, match, posteriors[key], True)


DISAGREEMENT = 0.3
"""A grammar command is refused when the open recogniser, on the same speech, gives another
command at least this share of its n-best (`disagrees`)."""
AGREEMENT = 0.3
"""In loud noise a command is taken only when the other recogniser gives it at least this share of
its n-best (`agrees`)."""


def command_shares(
    alternatives: Iterable[tuple[str, float]],
    section_titles: Iterable[str] = (),
    scale: float = COMMAND_LIKELIHOOD_SCALE,
) -> dict[tuple[str, str] | None, float]:
    """Each command's share of an n-best's (text, log-likelihood) probability, keyed by (name,
    argument); None holds what names no command. Empty when nothing was heard."""
    ranked = sorted(((text.strip(), score) for text, score in alternatives), key=lambda item: -item[1])
    if not ranked:
        return {}
    titles = tuple(section_titles)
    best = ranked[0][1]
    weights: dict[tuple[str, str] | None, float] = {}
    for text, score in ranked:
        found = None if not text or UNKNOWN in text.split() else understand(text, titles)
        key = None if found is None else (found.command.name, found.argument)
        weights[key] = weights.get(key, 0.0) + math.exp(scale * (score - best))
    total = sum(weights.values())
    return {key: weight / total for key, weight in weights.items()}


def disagrees(
    match: CommandMatch,
    alternatives: Iterable[tuple[str, float]],
    section_titles: Iterable[str] = (),
    threshold: float = DISAGREEMENT,
    scale: float = COMMAND_LIKELIHOOD_SCALE,
) -> bool:
    """Whether the open recogniser's n-best (text, log-likelihood) for the speech a grammar command
    was heard in names another command with some weight. In noise the grammar forces sounds into
    its nearest phrase ("slower" for "louder"); the open recogniser does not, so a second,
    independent hearing of a different command means "I didn't catch that", which for someone
    who cannot see the screen is far better than doing the wrong thing."""
    mine = (match.command.name, match.argument)
    shares = command_shares(alternatives, section_titles, scale)
    return any(key not in (None, mine) and share >= threshold for key, share in shares.items())


def agrees(
    match: CommandMatch,
    alternatives: Iterable[tuple[str, float]],
    section_titles: Iterable[str] = (),
    threshold: float = AGREEMENT,
    scale: float = COMMAND_LIKELIHOOD_SCALE,
) -> bool:
    """Whether another recogniser's n-best for the same speech names this command with some weight:
    in loud noise the grammar forces noise and other words into its nearest phrase, so silence
    from the second hearing is no consent."""
    shares = command_shares(alternatives, section_titles, scale)
    return shares.get((match.command.name, match.argument), 0.0) >= threshold


EASED_IN_NOISE = frozenset({"stop", "pause"})
"""Commands that need neither loud-noise bar (`noise_objection`): harmless when taken wrongly (the
reading stops; "resume" brings it back) and "stop" must always work; only another command heard
by the other recogniser refuses them."""
_FILLERS = re.compile(r"\b(?:" + "|".join(map(re.escape, GRAMMAR_FILLERS)) + r")\b")


def reworded(text: str, section_titles: Iterable[str] = ()) -> bool:
    """Whether a hearing names its command only through a rewording ("speak up", "go on"), not as a
    table phrase with fillers around it ("go to the next section please")."""
    titles = tuple(section_titles)
    return match_phrase(text, titles) is None and match_phrase(_FILLERS.sub(" ", text), titles) is None


def noise_objection(
    match: CommandMatch,
    text: str,
    confidence: float,
    other: Iterable[tuple[str, float]],
    section_titles: Iterable[str] = (),
    other_said: str = "",
    woken: bool = False,
) -> str:
    """Why a command heard in loud noise is not to be acted on ("" when it may be). `confidence` is
    its share of the n-best it was chosen from, `other` the other recogniser's n-best for the same speech and
    `other_said` its words (the open recogniser's best, over every piece of it the command overlaps).

    In loud noise the grammar forces noise and other words into its nearest phrase at full
    confidence, so a command must be clearly the likeliest (`NOISY_MIN_CONFIDENCE`), and the other
    recogniser must also hear it (`agrees`) unless it holds `NOISY_ALONE_CONFIDENCE` of the n-best,
    and always when it was heard only through a rewording ("speak up" for "speak faster", "go on"
    for "go faster"). A command the other recogniser takes for another is refused (`disagrees`), and so is one that it
    heard as more words meaning something else ("go back at the beginning" where the grammar heard
    "go back", then "beginning"). "stop" and "pause" are eased (`EASED_IN_NOISE`). After the wake
    word (`woken`) the grammar's text holds it ("read that where am i"): only the bars apply."""
    titles = tuple(section_titles)
    other = tuple(other)
    if disagrees(match, other, titles):
        return "unsure"
    if match.command.name in EASED_IN_NOISE:
        return ""
    if not woken and said_otherwise(match, text, other_said, titles):
        return "contradicted"
    if confidence < NOISY_MIN_CONFIDENCE:
        return "unsure"
    if (confidence < NOISY_ALONE_CONFIDENCE or (not woken and reworded(text, titles))) and not agrees(
        match, other, titles
    ):
        return "unsure"
    return ""


def said_otherwise(match: CommandMatch, text: str, other_said: str, section_titles: Iterable[str]) -> bool:
    """Whether the other recogniser heard the command's words within more words that mean something
    else ("go back at the beginning" for the grammar's "go back")."""
    words, others = text.split(), iter(other_said.split())
    within = all(word in others for word in words)  # in order
    return within and len(other_said.split()) > len(words) and understand(other_said, section_titles) != match

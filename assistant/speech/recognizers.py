"""Vosk recognisers: feed audio chunks, get a `Heard` when an utterance ends.

`CommandRecognizer` knows only the command grammar (and accepts a command only when Vosk's n-best
list clearly favours it) and `QuestionRecognizer` hears free speech; `assistant.speech.utterances`
runs both on the same audio and cuts utterances. Each recogniser stays on the thread that created
it; the vosk Model may be shared.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from assistant.commands import NUMBER_WORDS, TITLE_STOPWORDS, CommandMatch, match_phrase, normalise, spoken_phrases
from assistant.phrasing import GRAMMAR_FILLERS, SPOKEN_REWORDINGS
from assistant.speech.command_choice import MIN_CONFIDENCE, UNKNOWN, choose_command

if TYPE_CHECKING:
    import vosk


COMMAND_ALTERNATIVES = 10
"""Hypotheses Vosk keeps per command utterance (n-best). Short grammar lattices rarely hold more;
computing them costs a few ms at the end of an utterance."""
MIN_QUESTION_CONFIDENCE = 0.4
"""Below this average word confidence a question is "not understood"."""
MIN_QUESTION_WORDS = 2
"""A one-word utterance that is no command is a cough or a stray word more often than a question."""
QUESTION_ALTERNATIVES = 5
"""Recognition hypotheses kept per question (Vosk n-best), for `assistant.answering.spoken`.
Measured with benchmarks/spoken_questions.py: 10 (with a wider lattice beam) chose no better than
5; more only cost answering time."""
MAX_UTTERANCE_SECONDS = 10.0
"""Someone talking for a minute is not giving a command: cut and say so."""
NO_SPEECH_SECONDS = 8.0
"""Push-to-talk gives up when nobody speaks for this long."""
HALF_DUPLEX_COMMANDS = frozenset({"stop"})
"""While the app is speaking it hears itself; only these commands get through."""


# --- Recognisers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Grammar:
    """The phrases a grammar recogniser may hear, and the words the model lacks."""

    phrases: tuple[str, ...]
    missing_words: tuple[str, ...] = ()
    """Words the model does not know; phrases with them were left out (report once, at start)."""


def title_words(section_titles: Iterable[str]) -> dict[str, int]:
    """Words that name exactly one section (1-based), for "go to mammography"."""
    seen: dict[str, set[int]] = {}
    for number, title in enumerate(section_titles, start=1):
        for word in normalise(title).split():
            if len(word) > 3 and word not in TITLE_STOPWORDS and not word.isdigit():
                seen.setdefault(word, set()).add(number)
    return {word: numbers.pop() for word, numbers in seen.items() if len(numbers) == 1}


def candidate_phrases(section_titles: Iterable[str] = ()) -> list[str]:
    """Every command phrase the grammar should accept, normalised, in table order, no repeats."""
    titles = list(section_titles)
    phrases = [normalise(p) for p in spoken_phrases()]
    numbers = [w for w, n in NUMBER_WORDS.items() if n <= 9 and not w.endswith(("st", "nd", "rd", "th"))]
    for word in numbers:
        phrases += [f"go to section {word}", f"section {word}"]
    phrases += [f"go to {word}" for word in title_words(titles)]
    phrases += [f"go to {normalise(title)}" for title in titles if normalise(title)]
    return list(dict.fromkeys(p for p in phrases if p and not _incomplete(p)))


def _incomplete(phrase: str) -> bool:
    """ "section" / "go to section" name no section; in the grammar they would also let a short
    pause before the number end the utterance early, so only the numbered forms are listened for."""
    match = match_phrase(phrase)
    return match is not None and match.command.name == "go_to_section" and not match.argument


def build_grammar(section_titles: Iterable[str], known: Callable[[str], bool], extra: Iterable[str] = ()) -> Grammar:
    """The command phrases, the filler words and `extra` phrases (a wake word) whose every word
    the model knows; names the words it does not."""
    kept: list[str] = []
    missing: dict[str, None] = {}
    everything = [
        *candidate_phrases(section_titles),
        *GRAMMAR_FILLERS,
        *SPOKEN_REWORDINGS,
        *(normalise(p) for p in extra),
    ]
    for phrase in dict.fromkeys(everything):
        unknown = [word for word in phrase.split() if not known(word)]
        for word in unknown:
            missing[word] = None
        if not unknown:
            kept.append(phrase)
    return Grammar(tuple(kept), tuple(missing))


@dataclass(frozen=True)
class Heard:
    """One finished utterance. `understood` is False for low confidence, unknown words, an
    utterance cut for length, or (for commands) text that maps to no command."""

    text: str
    confidence: float
    match: CommandMatch | None
    understood: bool
    question: bool = False
    reason: str = ""
    """Why not understood, in a few plain words ("" when understood)."""
    audio_end: float = 0.0
    """Seconds of audio fed to the recogniser when the result came (for latency figures)."""
    alternatives: tuple[tuple[str, float], ...] = ()
    """The n-best: (text, log-likelihood) best first. For questions `text` is the first; for
    commands it is the hypothesis `choose_command` chose (a near miss may rank above it).
    Only differences between the likelihoods mean anything; pass them to
    `assistant.answering.spoken.choose_question`."""
    start: float = 0.0
    """When the first word began (seconds of audio since listening started; 0.0 if unknown)."""
    end: float = 0.0
    """When the last word ended."""
    woken: bool = False
    """Said after the wake word (see `assistant.speech.utterances`)."""


class _Recognizer:
    """Feeds audio to one vosk KaldiRecognizer; stays on the thread that created it."""

    min_confidence = MIN_CONFIDENCE
    is_question = False

    def __init__(
        self, model: vosk.Model, sample_rate: int, grammar: Grammar | None, max_utterance: float = MAX_UTTERANCE_SECONDS
    ) -> None:
        import vosk

        if grammar is None:
            self._kaldi = vosk.KaldiRecognizer(model, sample_rate)
        else:
            self._kaldi = vosk.KaldiRecognizer(model, sample_rate, json.dumps([*grammar.phrases, UNKNOWN]))
        self._kaldi.SetWords(True)
        self.sample_rate = sample_rate
        self.max_utterance = max_utterance
        self.seconds_fed = 0.0
        self.speech_started: float | None = None
        """Audio time when the current utterance's first word appeared in a partial result."""

    def accept(self, chunk: bytes) -> Heard | None:
        """Feed a chunk; a Heard when an utterance just ended, else None."""
        self.seconds_fed += len(chunk) / 2 / self.sample_rate
        if self._kaldi.AcceptWaveform(chunk):
            return self._heard(self._kaldi.Result())
        if self.speech_started is None:
            if json.loads(self._kaldi.PartialResult()).get("partial"):
                self.speech_started = self.seconds_fed
        elif self.seconds_fed - self.speech_started > self.max_utterance:
            self._kaldi.Reset()
            self.speech_started = None
            return Heard("", 0.0, None, False, self.is_question, "too long", self.seconds_fed)
        return None

    def finish(self) -> Heard | None:
        """End of audio, or the endpointer cut: whatever was said last (the recogniser starts afresh)."""
        return self._heard(self._kaldi.FinalResult())

    def partial(self) -> str:
        """The words decoded so far in the current piece ("" between pieces)."""
        return json.loads(self._kaldi.PartialResult()).get("partial", "").strip()

    def _heard(self, result_json: str) -> Heard | None:
        self.speech_started = None
        result = json.loads(result_json)
        words = result.get("result", [])
        text = result.get("text", "").strip()
        if not text:
            return None  # silence or a cough the decoder dropped: nothing to report
        heard = self._interpret(text, self._confidence([w.get("conf", 0.0) for w in words]))
        return replace(heard, **_span(words))

    def _confidence(self, confidences: list[float]) -> float:
        raise NotImplementedError

    def _interpret(self, text: str, confidence: float) -> Heard:
        raise NotImplementedError


class CommandRecognizer(_Recognizer):
    """Restricted to the command grammar, so "next" is not heard as "text" and anything else
    becomes [unk]: far more accurate for short commands than open dictation. Accepts a command
    by its share of the n-best (`choose_command`) rather than by word confidences, which Vosk
    gives only for the single best hypothesis and which refused many right hearings ("help" at 0.5)."""

    def __init__(
        self,
        model: vosk.Model,
        sample_rate: int,
        grammar: Grammar,
        section_titles: Iterable[str] = (),
        min_confidence: float = MIN_CONFIDENCE,
        max_utterance: float = MAX_UTTERANCE_SECONDS,
        alternatives: int = COMMAND_ALTERNATIVES,
    ) -> None:
        super().__init__(model, sample_rate, grammar, max_utterance)
        self._kaldi.SetMaxAlternatives(alternatives)
        self.phrases = grammar.phrases
        self.section_titles = tuple(section_titles)
        self.min_confidence = min_confidence

    def _heard(self, result_json: str) -> Heard | None:
        self.speech_started = None
        alternatives = json.loads(result_json).get("alternatives", [])
        heard = tuple((str(a.get("text", "")).strip(), float(a.get("confidence", 0.0))) for a in alternatives)
        if not heard or not heard[0][0]:
            return None  # silence or a cough the decoder dropped: nothing to report
        choice = choose_command(heard, self.section_titles, self.min_confidence)
        return Heard(
            choice.text,
            choice.posterior,
            choice.match,
            choice.understood,
            reason=choice.reason,
            audio_end=self.seconds_fed,
            alternatives=heard,
            **_span(alternatives[0].get("result", [])),
        )


class QuestionRecognizer(_Recognizer):
    """Free speech for questions about the article: the model's open vocabulary (`grammar=None`),
    or a closed one such as `question_vocabulary_grammar`. "[unk]" words are left out of the text."""

    is_question = True

    def __init__(
        self,
        model: vosk.Model,
        sample_rate: int,
        min_confidence: float | None = None,
        max_utterance: float = MAX_UTTERANCE_SECONDS * 2,
        grammar: Grammar | None = None,
        alternatives: int = 0,
    ) -> None:
        super().__init__(model, sample_rate, grammar, max_utterance)
        self.alternatives = alternatives
        if alternatives:
            self._kaldi.SetMaxAlternatives(alternatives)
        if min_confidence is None:
            min_confidence = MIN_QUESTION_POSTERIOR if alternatives else MIN_QUESTION_CONFIDENCE
        self.min_confidence = min_confidence

    def _heard(self, result_json: str) -> Heard | None:
        result = json.loads(result_json)
        if "alternatives" in result:
            return self._heard_nbest(result["alternatives"])
        result["result"] = [w for w in result.get("result", []) if w.get("word") != UNKNOWN]
        result["text"] = _without_unknown(result.get("text", ""))
        return super()._heard(json.dumps(result))

    def _heard_nbest(self, alternatives: list[dict]) -> Heard | None:
        """n-best has no word confidences (Vosk gives one log-likelihood per hypothesis), so the
        confidence is the top hypothesis's share of the n-best's probability."""
        self.speech_started = None
        heard: dict[str, float] = {}
        for alternative in alternatives:
            text = _without_unknown(alternative.get("text", ""))
            if text and text not in heard:
                heard[text] = float(alternative.get("confidence", 0.0))
        if not heard:
            return None
        ranked = tuple(sorted(heard.items(), key=lambda item: -item[1]))
        confidence = _posteriors(ranked)[0]
        base = self._interpret(ranked[0][0], confidence)
        return Heard(
            base.text,
            base.confidence,
            None,
            base.understood,
            True,
            base.reason,
            base.audio_end,
            ranked,
            **_span(alternatives[0].get("result", [])),
        )

    def _confidence(self, confidences: list[float]) -> float:
        """The average word: one mumbled word should not lose a ten-word question, and the
        answerer refuses questions whose words do not fit the article anyway."""
        return sum(confidences) / len(confidences) if confidences else 0.0

    def _interpret(self, text: str, confidence: float) -> Heard:
        understood = confidence >= self.min_confidence
        return Heard(
            text,
            confidence,
            None,
            understood,
            question=True,
            reason="" if understood else "unsure",
            audio_end=self.seconds_fed,
        )


MIN_QUESTION_POSTERIOR = 0.0
"""With n-best the confidence is a share of probability among near-identical hypotheses
("calcification"/"calcifications" split it), not a word score: no floor; the two-word minimum,
the answerer's own refusal and the chooser's likelihood margin guard instead."""


def _span(words: list[dict]) -> dict[str, Any]:
    """start/end of a result's words (Vosk counts seconds from the recogniser's first audio)."""
    if not words:
        return {}
    return {"start": float(words[0].get("start", 0.0)), "end": float(words[-1].get("end", 0.0))}


def _without_unknown(text: str) -> str:
    return " ".join(word for word in text.split() if word != UNKNOWN)


def _posteriors(ranked: tuple[tuple[str, float], ...]) -> list[float]:
    top = max(score for _, score in ranked)
    weights = [math.exp(score - top) for _, score in ranked]
    return [weight / sum(weights) for weight in weights]


def join_alternatives(pieces: list[tuple[tuple[str, float], ...]], keep: int) -> tuple[tuple[str, float], ...]:
    """The n-best of a question heard in pieces: each combination of the pieces' hypotheses, its
    log-likelihood the sum of theirs, best `keep` kept."""
    pieces = [piece for piece in pieces if piece]
    if not pieces:
        return ()
    joined: dict[str, float] = {}
    for combination in itertools.product(*(piece[:keep] for piece in pieces)):
        text = " ".join(t for t, _ in combination)
        joined.setdefault(text, sum(score for _, score in combination))
    return tuple(sorted(joined.items(), key=lambda item: -item[1])[:keep])

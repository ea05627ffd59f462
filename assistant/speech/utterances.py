"""Commands and questions on the same audio, cut into utterances the way a person means them.

`UtteranceRecognizer` feeds every chunk to the command grammar (`CommandRecognizer`) and, unless
questions are off, to the open recogniser (`QuestionRecognizer`); it tells the pure `Endpointer`
what they report and turns each cut into one `Heard` with `decide` (`assistant.speech.meaning`).
With a wake word, only what is said after it is taken (see `assistant.speech.wake`). Stays on the
listener thread, like the recognisers.
"""

from __future__ import annotations

import time
from dataclasses import replace

from assistant.phrasing import strip_wake_word, understand
from assistant.speech.command_choice import NOISY_MIN_CONFIDENCE, UNKNOWN, disagrees, noise_objection
from assistant.speech.endpointing import Cut, Endpointer, Partial, Piece, extendable_by
from assistant.speech.levels import Level, LevelMeter
from assistant.speech.meaning import command_tail, decide
from assistant.speech.recognizers import (
    MIN_QUESTION_WORDS,
    CommandRecognizer,
    Heard,
    QuestionRecognizer,
    join_alternatives,
)
from assistant.speech.wake import (
    WakeWord,
    agreed_after_wake,
    heard_alone,
    mid_speech,
    woken,
    woken_only_by_grammar,
    woken_question,
)

TAIL_SECONDS = 0.6
"""A word said right after a command ("faster ... please"), or politeness (`command_tail`: "next
sentence ... if you would"), is its tail, not an utterance."""
OVERLAP_SLACK = 0.3
"""The open recogniser's piece heard the same speech as a command when their word times overlap
within this much (the two recognisers date words a frame or two apart, and may drop a quiet one)."""


class UtteranceRecognizer:
    """Both recognisers on one stream of audio, cut by the `Endpointer`; `accept` and `finish`
    return the utterances that ended, in order (usually none or one)."""

    def __init__(
        self,
        commands: CommandRecognizer | None,
        questions: QuestionRecognizer | None,
        wake: WakeWord | None = None,
        endpointer: Endpointer | None = None,
    ) -> None:
        if commands is None and questions is None:
            raise ValueError("an UtteranceRecognizer needs at least one recogniser")
        self.commands = commands
        self.questions = questions
        self.wake = wake
        self.section_titles = commands.section_titles if commands else ()
        self.sample_rate = (commands or questions).sample_rate  # type: ignore[union-attr]
        self.endpointer: Endpointer[Heard] = endpointer or Endpointer(self._meaning, self._extendable)
        self._phrases = frozenset(commands.phrases) if commands else frozenset()
        self.meter = LevelMeter(self.sample_rate)
        self.level: Level | None = None
        self._last_partial = Partial(0.0)
        """The last chunk's loudness, for live feedback."""
        self._last_command_end = -1e9
        self._awake_until = -1.0
        self.unwoken: frozenset[str] = frozenset()
        """Commands taken without the wake word (the listener sets "stop" while the app speaks)."""
        self.decode_seconds = 0.0
        """Wall-clock time spent decoding (for benchmarks)."""
        self._late: QuestionRecognizer | None = None
        """The open recogniser, to be finished before the next chunk (see `_finish_late`)."""
        self._open_heard: list[Heard] = []
        """The open recogniser's recent pieces: its hearing of a command, for `_agreed` in loud noise."""

    @property
    def recognizers(self) -> list:
        return [r for r in (self.commands, self.questions) if r is not None]

    @property
    def seconds_fed(self) -> float:
        return self.recognizers[0].seconds_fed

    @property
    def speech_started(self) -> float | None:
        started = [r.speech_started for r in self.recognizers if r.speech_started is not None]
        return min(started, default=None)

    def accept(self, chunk: bytes) -> list[Heard]:
        began = time.perf_counter()
        self._finish_late()
        cuts: list[Cut[Heard]] = []
        too_long: list[Heard] = []
        for recognizer in self.recognizers:
            heard = recognizer.accept(chunk)
            if heard is None:
                continue
            if heard.reason == "too long":
                too_long.append(heard)
                continue
            heard = self._remember(self._woken(heard))
            command = (
                not heard.question
                and heard.understood
                and heard.match is not None
                and (
                    self.wake is None
                    or heard.woken
                    or heard.start <= self._awake_until
                    or heard.match.command.name in self.unwoken
                )
            )
            cuts += self.endpointer.piece(
                Piece(
                    self.seconds_fed,
                    heard.start,
                    heard.end,
                    heard.question,
                    heard,
                    command,
                    "" if heard.woken else heard.text,
                )
            )
        self.level = self.meter.feed(chunk)
        partial = Partial(
            self.seconds_fed,
            self.commands.partial() if self.commands else "",
            self.questions.partial() if self.questions else "",
            self.level.silence,
            self.level.clear and not self.unwoken,  # while the app speaks the microphone hears it
            bool(self.unwoken),
        )
        self._last_partial = partial
        cuts += self.endpointer.partial(partial)
        results = self._results(cuts)
        if too_long:
            results.append(replace(too_long[0], text=""))
        self.decode_seconds += time.perf_counter() - began
        return results

    def finish(self) -> list[Heard]:
        self._finish_late()
        return self._results(self.endpointer.finish(self.seconds_fed))

    def _finish_late(self) -> None:
        """Finish the open recogniser after a command heard by the grammar: its final result
        (an n-best lattice, up to 0.1 s of decoding) only restarts it, so the command is
        reported first and this waits for the next chunk."""
        if self._late is not None:
            self._late.finish()
            self._late = None

    def _remember(self, heard: Heard) -> Heard:
        """Keep the open recogniser's pieces of the last few seconds (see `_open_heard`)."""
        if heard.question:
            self._open_heard = [h for h in self._open_heard if h.end > heard.end - 10.0] + [heard]
        return heard

    def _noisy(self) -> bool:
        """Loud noise, not the app's own voice: quiet says little and the grammar forces sounds into phrases."""
        return not self._last_partial.clear and not self._last_partial.echo

    def words_so_far(self) -> str:
        """The words of the utterance being said, for live feedback (the open recogniser's, else
        the grammar's without "[unk]")."""
        if self._last_partial.words:
            return self._last_partial.words
        return " ".join(w for w in self._last_partial.command.split() if w != UNKNOWN)

    # --- meanings for the endpointer -------------------------------------------------------------
    def _meaning(self, text: str) -> str | None:
        if not text or UNKNOWN in text.split() or self.commands is None:
            return None
        said_wake, rest = strip_wake_word(text, self.wake.words if self.wake else ())
        match = understand(rest, self.section_titles)
        if match is None:
            return None
        if (
            self.wake is not None
            and not said_wake
            and self.seconds_fed > self._awake_until
            and match.command.name not in self.unwoken
        ):
            return None
        return f"{match.command.name} {match.argument}"

    def _extendable(self, text: str) -> bool:
        said = strip_wake_word(text, self.wake.words if self.wake else ())[1]
        return extendable_by(said, self._phrases, self._command_of)

    def _command_of(self, text: str) -> str | None:
        match = understand(text, self.section_titles)
        return None if match is None else f"{match.command.name} {match.argument}"

    def _woken(self, heard: Heard) -> Heard:
        return heard if self.wake is None else woken(heard, self.wake, self.section_titles)

    # --- cuts into Heard ---------------------------------------------------------------------------
    def _results(self, cuts: list[Cut[Heard]]) -> list[Heard]:
        results = []
        for cut in cuts:
            pieces = [p.payload for p in cut.pieces]
            if cut.finish:
                finished = self._finished(cut)
                if cut.reason in ("command", "open command"):
                    began = min((h.start for h in finished), default=cut.at)
                    earlier = [p for p in pieces if p.end <= began]
                    if earlier and (heard := self._decide(earlier, cut)) is not None:
                        if self._noisy():  # in loud noise the other hearing is asked here too
                            heard = self._agreed(
                                heard, [p for p in earlier if p.question], [p for p in earlier if not p.question]
                            )
                        results.append(heard)
                    # The rest heard the command: the grammar's own pieces say it again, the open
                    # recogniser's ones hold the start of a command said in other words.
                    pieces = [p for p in pieces if p.end > began and cut.reason == "open command"]
                pieces += finished
            if (heard := self._decide(pieces, cut)) is not None:
                grammar = [p for p in pieces if not p.question]
                results.append(self._agreed(heard, [p for p in pieces if p.question], grammar))
        return results

    def _agreed(self, heard: Heard, hearing: list[Heard], grammar: list[Heard]) -> Heard:
        """A command the other recogniser, hearing the same speech, took for another command is not
        acted on: the open recogniser's n-best against a grammar command, the grammar's confident
        command (heard whole, in one piece) against one chosen from the open recogniser's words.
        "I didn't catch that" is far better than the wrong thing for someone who cannot see. In loud
        noise the other recogniser must also hear it, unless it is clear (`noise_objection`)."""
        if heard.match is None:
            return heard
        keep = max(self.questions.alternatives if self.questions else 0, 1)
        alternatives = join_alternatives([h.alternatives or ((h.text, 0.0),) for h in hearing], keep)
        if self._noisy() and self.questions is None and heard.confidence < NOISY_MIN_CONFIDENCE:
            return replace(heard, match=None, understood=False, reason="unsure")
        if self._noisy() and self.questions is not None:
            if any(heard.alternatives == g.alternatives for g in grammar):
                overlapping = [
                    h
                    for h in self._open_heard
                    if h.start < heard.end + OVERLAP_SLACK and h.end > heard.start - OVERLAP_SLACK and h not in hearing
                ]
                opened = sorted([*hearing, *overlapping], key=lambda h: h.start)
                other = join_alternatives([h.alternatives or ((h.text, 0.0),) for h in opened], keep)
                said = " ".join(h.text for h in opened)
            else:  # chosen from the open recogniser's words: the grammar is the other hearing
                other = join_alternatives([g.alternatives or ((g.text, 0.0),) for g in grammar], keep)
                said = ""
            if noise_objection(
                heard.match, heard.text, heard.confidence, other, self.section_titles, said, heard.woken
            ):
                return replace(heard, match=None, understood=False, reason="unsure")
        whole = grammar if len(grammar) == 1 else []  # several grammar pieces: fragments, not the whole
        other_commands = {
            (g.match.command.name, g.match.argument) for g in whole if g.understood and g.match is not None
        }
        if not disagrees(heard.match, alternatives, self.section_titles) and other_commands <= {
            (heard.match.command.name, heard.match.argument)
        }:
            return heard
        return replace(heard, match=None, understood=False, reason="unsure")

    def _finished(self, cut: Cut[Heard]) -> list[Heard]:
        """The recognisers' last pieces at a cut. For a command the grammar saw, the grammar's
        alone when it has one: the open recogniser is finished late (`_finish_late`)."""
        if cut.reason == "command" and self.commands is not None:
            heard = self.commands.finish()
            if heard is not None and not heard.question:
                if self._noisy() and self.questions is not None:
                    # In loud noise its hearing must agree before the command is acted on (`_agreed`).
                    if (late := self.questions.finish()) is not None:
                        self._remember(self._woken(late))
                else:
                    self._late = self.questions
                return [self._woken(heard)]
            finished = [heard] if heard is not None else []
            if self.questions is not None and (late := self.questions.finish()) is not None:
                finished.append(late)
            return [self._remember(self._woken(h)) for h in finished]
        return [self._remember(self._woken(h)) for r in self.recognizers if (h := r.finish()) is not None]

    def _decide(self, pieces: list[Heard], cut: Cut[Heard]) -> Heard | None:
        keep = self.questions.alternatives if self.questions else 0
        floor = self.questions.min_confidence if self.questions else 0.0
        heard = decide(pieces, self.section_titles, keep, questions=self.questions is not None, question_floor=floor)
        if self.wake is not None:
            heard = self._after_wake_word(pieces, heard)
        if heard is None:
            return None
        if (
            heard.match is None
            and heard.start - self._last_command_end <= TAIL_SECONDS
            and (len(heard.text.split()) < MIN_QUESTION_WORDS or command_tail(pieces, keep or 1))
        ):
            return None  # "please" after "faster": the command's tail
        if heard.match is not None:
            self._last_command_end = max(heard.end, cut.at if cut.reason == "command" else heard.end)
        return replace(heard, audio_end=max(heard.audio_end, cut.at), woken=self.wake is not None)

    def _after_wake_word(self, pieces: list[Heard], heard: Heard | None) -> Heard | None:
        """What was said after the wake word (or within a few seconds of it said alone), and
        without it only the `unwoken` commands ("stop" while the app speaks)."""
        start = min((p.start for p in pieces), default=0.0)
        opened = [(p.start, p.end) for p in (*pieces, *self._open_heard) if p.question]
        going = self.questions.speech_started if self.questions is not None else None
        # The grammar's "reader" in the middle of someone's sentence is no wake word.
        mid = start > self._awake_until and mid_speech(pieces, opened, going)
        if not mid and (any(p.woken for p in pieces) or start <= self._awake_until):
            # The wake word alone: listen for what follows. The open recogniser may hear it as
            # "breeder", or as a command ("read it"): the grammar heard nothing but the wake word.
            wake_alone = any(p.woken for p in pieces) and not any(p.text for p in pieces if not p.question)
            wake_alone = wake_alone or heard_alone(pieces, self.wake)  # type: ignore[arg-type]
            if wake_alone:
                heard = None
                self._awake_until = max(p.end for p in pieces) + self.wake.seconds  # type: ignore[union-attr]
            elif heard is not None and start > self._awake_until and woken_only_by_grammar(pieces, heard, self.wake):  # type: ignore[arg-type]
                heard = None
            else:
                self._awake_until = -1.0
            return agreed_after_wake(pieces, self.wake, self.section_titles) or heard  # type: ignore[arg-type]
        if heard is not None and heard.match is not None and heard.match.command.name in self.unwoken:
            return heard
        if mid:
            return None
        if heard is not None and (question := woken_question(pieces, heard, self.wake)) is not None:  # type: ignore[arg-type]
            return question
        if heard_alone(pieces, self.wake):  # type: ignore[arg-type]
            self._awake_until = max(p.end for p in pieces) + self.wake.seconds  # type: ignore[union-attr]
        return None

"""Where one utterance ends and the next begins: the rules, apart from audio and Vosk.

Pure. The listener runs two recognisers on the same audio (the command grammar and open speech)
and tells an `Endpointer` what they report after every chunk of audio (`Partial`) and each time
one of them closes a piece of speech at a short pause (`Piece`, with when its words began and
ended). The endpointer says when an utterance is over (`Cut`):

* a command ends as soon as the grammar's partial result is a complete command that the open
  recogniser does not contradict (it means the same, or has heard only the first of its words
  so far: it lags behind), has stayed so for `COMMAND_HOLD`, and the audio has gone quiet after
  it (`WORD_ENDED_SILENCE`; `EXTENDABLE_SILENCE` when a longer phrase starts with it: "stop" /
  "stop listening"), without waiting for Vosk's own endpoint. The grammar
  guesses a whole phrase from its first syllables ("go to intro..." reads "go to introduction",
  "go back" is complete before "to the last sentence" is said), so a partial alone is no end;
* a question may hold short pauses, and ends after `QUESTION_SILENCE` of silence;
* speech after a silence that long is never joined to what came before (so two questions said
  1.5 s apart are two utterances), and a command said after a question is cut off it as a command.
  A gap between one recogniser's pieces is no silence when the open recogniser heard new words in
  it: in noise the grammar drops the words it does not know, so its word times leave holes in a
  question ("why would my doctor want more tests" at 10 dB: grammar "one" ... "more can").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from assistant.phrasing import QUESTION_OPENERS

COMMAND_HOLD = 0.10
"""How long a complete command must stay the grammar's partial result before it is acted on."""
WORD_ENDED_SILENCE = 0.05
"""Quiet audio (`assistant.speech.levels`: 0.05 s is two quiet chunks after the meter's hangover)
after a complete command: its last word has ended. While the audio is loud the person is still
saying a word the partial has already guessed, or the next word of a longer sentence."""
EXTENDABLE_SILENCE = 0.25
"""The same for a command that a longer phrase starts with ("next" / "next section"): the person
stopped there. (0.15 s cut "next ... section" after "next" in 20 dB noise,
where the quiet "s" sinks under the noise.)"""
UNCLEAR_HOLD = 0.6
"""In unclear audio (loud noise, or the app's own voice while it speaks) a command that has stayed
the grammar's partial this long is taken: longer than partials lag behind speech (0.35 s), so a
longer phrase or the rest of a word would show by then, and the recognisers' own endpoint may
not come while the app talks over the silence."""
NOISY_SILENCE = 0.2
"""In loud noise (not clear, and not the app's own voice) a command is acted on only after the level
meter has heard this much quiet: vowels of a following word still stand above 10 dB noise, so a
command said on ("read me ... this sentence", "go on ... to the next part") is not cut at its first
words, which the grammar's partial held while the rest sank into the noise (4 of 8 wrong commands
at 10 dB on the tuning rewordings)."""
PARTIAL_LAG = 0.4
"""Partial results show a word about this long after it is said; a silence cut waits until the audio
has been quiet this long too, so that speech resuming after a pause is not cut off before the
recognisers show it (unless the quiet by word times has lasted twice `QUESTION_SILENCE`)."""
QUESTION_SILENCE = 0.8
"""Silence after the last word that ends a question (or anything that is not a command yet)."""
HEARD_MEMORY = 10.0
"""Seconds of audio over which the open recogniser's new words are remembered (see `_heard_between`)."""

UNKNOWN = "[unk]"
EPSILON = 1e-3
"""Audio times are sums of chunk lengths (a 22,050 Hz chunk is 49.98 ms, not 50): compare
durations with this much slack."""
SAME_END = 0.15
"""Two recognisers' word times for the same speech differ by a frame or two: a piece ending within
this of a command acted on is that command heard again. (Its start says nothing: after a
recogniser is finished, the first word of the next piece may be dated from that moment.)"""

Payload = TypeVar("Payload")


@dataclass(frozen=True)
class Partial:
    """After a chunk of audio: the time (seconds of audio) and each recogniser's partial text."""

    at: float
    command: str = ""
    """The command grammar's partial result ("" between utterances)."""
    words: str = ""
    """The open recogniser's partial result."""
    silence: float = 0.0
    """Seconds of quiet audio up to now (`assistant.speech.levels`); 0.0 while someone speaks."""
    clear: bool = True
    """Speech stands well above the background, so quiet audio is a pause (`Level.clear`). In
    loud noise quiet consonants sink under it: only the recognisers can tell where a word ended."""
    echo: bool = False
    """The app is speaking, so the microphone hears its voice: quiet may never come (see `NOISY_SILENCE`)."""


@dataclass(frozen=True)
class Piece(Generic[Payload]):
    """A recogniser closed a piece of speech at a pause (Vosk's own endpoint)."""

    at: float
    start: float
    """When its first word began (seconds of audio)."""
    end: float
    """When its last word ended."""
    question: bool
    """From the open recogniser (True) or the command grammar (False)."""
    payload: Payload = None  # type: ignore[assignment]
    command: bool = False
    """A grammar piece that is a confident command on its own."""
    text: str = ""
    """What it says (for a command piece: checked against what the open recogniser hears)."""


@dataclass(frozen=True)
class Cut(Generic[Payload]):
    """An utterance is over: the pieces that make it up, and whether the recognisers must be
    finished first (a command seen in partial results: nothing is closed yet). For a "command" cut
    the pieces are those closed before it: the ones that ended before the command began are an
    utterance of their own, the rest heard the command itself."""

    at: float
    pieces: tuple[Piece[Payload], ...]
    finish: bool = False
    """The recognisers must be finished first: a command seen only in partials, the end of the
    audio, or a grammar still hearing "[unk]" in the silence after a question."""
    reason: str = ""
    """"command" (seen complete in the grammar's partials), "open command" (in the open
    recogniser's), "command piece", "silence" or "new speech"."""


@dataclass
class Endpointer(Generic[Payload]):
    """Feed `Partial` after every chunk and `Piece` whenever a recogniser closes one; each returns
    the utterances that just ended, oldest first.

    `meaning(text)` names the command a text means (None if none; text with "[unk]" is none);
    `extendable(text)` says whether a longer phrase starts with that command (see `extendable_by`)."""

    meaning: Callable[[str], str | None]
    extendable: Callable[[str], bool] = lambda text: False
    command_hold: float = COMMAND_HOLD
    question_silence: float = QUESTION_SILENCE
    word_ended_silence: float = WORD_ENDED_SILENCE
    extendable_silence: float = EXTENDABLE_SILENCE
    noisy_silence: float = NOISY_SILENCE
    _pieces: list[Piece[Payload]] = field(default_factory=list)
    _candidate: tuple[str, float] | None = None
    """(command partial, since when) while a complete command is in the partials."""
    _open_candidate: tuple[str, float] | None = None
    """(open partial, since when) while the open recogniser's partial means a command."""
    _speaking: bool = False
    _last_end: float = 0.0
    _words: str = ""
    """The open recogniser's latest partial result."""
    _open_piece: Piece[Payload] | None = None
    """The open recogniser's last closed piece: what it heard over a command that came at its end."""
    _held: Piece[Payload] | None = None
    """A command piece closed while the audio was loud (see `_release`)."""
    _loud: bool = False
    """The last chunk was clearly speech (clear audio, no silence), or loud noise without a pause yet."""
    _noisy: bool = False
    """The last chunk was unclear audio without the app's voice in it (see `NOISY_SILENCE`)."""
    _acted_on: str = ""
    """The command partial last acted on (ignored until the partials move on)."""
    _command_until: float = -1.0
    """End of the last command acted on: pieces ending there are hearings of that command."""
    _grew: list[float] = field(default_factory=list)
    """When the open recogniser's partial gained words (the last few seconds of audio)."""

    def partial(self, event: Partial) -> list[Cut[Payload]]:
        if len(event.words.split()) > len(self._words.split()):
            self._grew = [t for t in self._grew if t > event.at - HEARD_MEMORY] + [event.at]
        self._words = event.words
        # The grammar hears anything outside it as "[unk]", silence included, for seconds on end:
        # only its real words, or quiet that has not lasted, count as someone speaking.
        unknown_only = bool(event.command) and set(event.command.split()) == {UNKNOWN}
        self._speaking = (
            bool(event.words)
            or (bool(event.command) and not unknown_only)
            or (unknown_only and event.silence < self.question_silence - EPSILON)
        )
        cuts = self._release(event)
        self._noisy = not event.clear and not event.echo
        self._loud = (event.clear and event.silence < EPSILON) or (
            self._noisy and event.silence < self.noisy_silence - EPSILON
        )
        quiet = event.at - self._last_end
        if (
            self._pieces
            and not self._speaking
            and quiet >= self.question_silence - EPSILON
            and (event.silence >= PARTIAL_LAG - EPSILON or quiet >= 2 * self.question_silence - EPSILON)
        ):
            cut = self._cut(event.at, "silence")
            cuts.append(Cut(cut.at, cut.pieces, finish=unknown_only, reason=cut.reason))
        if event.command != self._acted_on:
            self._acted_on = ""
        elif event.command:
            return cuts  # the command just acted on, until the recognisers are finished
        command = self.meaning(event.command) if event.command else None
        if command is None:
            self._candidate = None
            return cuts + self._open_command(event)
        if self._candidate is None or self._candidate[0] != event.command:
            self._candidate = (event.command, event.at)
            return cuts
        if self._contradicted(event.command, self._candidate[1]):
            return cuts + self._open_command(event)
        if event.at - self._candidate[1] >= self.command_hold - EPSILON and self._ended(
            event, command, self._candidate[1]
        ):
            cuts.append(self._command_cut(event, "command"))
        return cuts

    def _open_command(self, event: Partial) -> list[Cut[Payload]]:
        """A command said in other words than the grammar's ("go back to the last sentence"): the
        open recogniser's partial means it, has held, and the audio has been clearly quiet as long
        as after a command that a longer phrase starts with (a sentence may go on after a pause)."""
        said = self.meaning(event.words) if event.words else None
        if said is None:
            self._open_candidate = None
            return []
        if self._open_candidate is None or self._open_candidate[0] != event.words:
            self._open_candidate = (event.words, event.at)
            return []
        if (
            event.at - self._open_candidate[1] >= self.command_hold - EPSILON
            and event.clear
            and event.silence >= self.extendable_silence - EPSILON
            and not self.extendable(event.words)
        ):
            return [self._command_cut(event, "open command")]
        return []

    def _command_cut(self, event: Partial, reason: str) -> Cut[Payload]:
        """Pieces closed already are either said before the command or the open recogniser's
        hearing of it: the command's word times, once finished, tell which (see Cut.pieces)."""
        pieces, self._pieces = tuple(self._pieces), []
        self._candidate = self._open_candidate = self._open_piece = None
        self._acted_on = event.command
        self._speaking = False
        self._last_end = self._command_until = event.at
        return Cut(event.at, pieces, finish=True, reason=reason)

    def piece(self, piece: Piece[Payload]) -> list[Cut[Payload]]:
        cuts: list[Cut[Payload]] = []
        if piece.end <= self._command_until + SAME_END:
            return cuts  # the other recogniser's hearing of a command already acted on
        if (
            self._pieces
            and piece.start - self._last_end >= self.question_silence - EPSILON
            and not self._heard_between(self._last_end, piece.start)
        ):
            cuts.append(self._cut(piece.at, "new speech"))
        if piece.question:
            self._open_piece = piece
        if piece.command and not piece.question and not self._contradicted(piece.text, piece.end - SAME_END):
            if self._loud:
                self._held = piece  # Vosk took a word said on for silence: see `_release`
                self._pieces.append(piece)
                self._last_end = max(self._last_end, piece.end)
                return cuts
            cuts += self._before_command(piece.start, piece.at)
            cuts.append(Cut(piece.at, (piece,), finish=True, reason="command piece"))
            self._last_end = self._command_until = piece.end
            self._open_piece = None
            return cuts
        self._pieces.append(piece)
        self._last_end = max(self._last_end, piece.end)
        return cuts

    def _heard_between(self, start: float, end: float) -> bool:
        """The open recogniser's partial gained words between two times, beyond what partials show
        late of words said before `start` (`PARTIAL_LAG`): someone was speaking then."""
        return any(start + PARTIAL_LAG - EPSILON < at <= end + EPSILON for at in self._grew)

    def _release(self, event: Partial) -> list[Cut[Payload]]:
        """A command piece that Vosk closed while the audio was still clearly loud ("read" of "read
        the contents": it heard "the con..." as silence) is acted on once the audio goes quiet
        with nothing more heard; if more words come, it is part of a longer utterance."""
        held = self._held
        if held is None:
            return []
        more = any(word != UNKNOWN for word in event.command.split())
        noisy = not event.clear and not event.echo
        if more or (not event.clear and not noisy) or self._contradicted(held.text, held.end - SAME_END):
            self._held = None
            return []
        if event.silence < (self.noisy_silence if noisy else self.word_ended_silence) - EPSILON:
            return []
        self._held = None
        self._pieces.remove(held)
        cuts = self._before_command(held.start, event.at)
        self._last_end = self._command_until = held.end
        self._open_piece = None
        return [*cuts, Cut(event.at, (held,), finish=True, reason="command piece")]

    def _ended(self, event: Partial, command: str, since: float) -> bool:
        """The person has finished saying the command: the audio went quiet after it. In unclear
        audio quiet says little, so the open recogniser must hear the same command too, or the
        command must hold for `UNCLEAR_HOLD`."""
        extendable = self.extendable(event.command)
        if not event.clear and not event.echo and event.silence < self.noisy_silence - EPSILON:
            return False  # loud noise: the person may be saying more (`NOISY_SILENCE`)
        if not event.clear and event.at - since >= UNCLEAR_HOLD - EPSILON:
            return True
        if event.silence < (self.extendable_silence if extendable else self.word_ended_silence) - EPSILON:
            return False
        return event.clear or (not extendable and self.meaning(event.words) == command)

    def _contradicted(self, command: str, heard_at: float) -> bool:
        """The open recogniser is hearing other words than the command (`contradicts`): in noise, or at
        a pause inside a question, the grammar can force a question into a command ("what is a
        biopsy" as "what can i say"). Then the utterance is decided at the silence, with both
        hearings. What it heard is its partial, or the piece it closed last if that reached the
        command (`heard_at`, when the grammar heard it): "what should i do next" is a question that
        ends in "next"."""
        if not command:
            return False  # said after the wake word: addressed to the app
        heard = [self._words]
        if self._open_piece is not None and self._open_piece.end > heard_at:
            heard.append(self._open_piece.text)
        said = self.meaning(command)
        return any(contradicts(words, command, self.meaning(words) == said) for words in heard)

    def finish(self, at: float) -> list[Cut[Payload]]:
        """End of audio: whatever is pending is an utterance (the recognisers must be finished)."""
        cut = self._cut(at, "end of audio")
        return [Cut(at, cut.pieces, finish=True, reason=cut.reason)]

    @property
    def pending(self) -> bool:
        """Pieces are held that no cut has claimed yet."""
        return bool(self._pieces)

    def _before_command(self, start: float, at: float) -> list[Cut[Payload]]:
        """Pieces that ended before a command began are an utterance of their own; the rest (the
        open recogniser's hearing of the command itself, not yet closed) are dropped."""
        earlier = [p for p in self._pieces if p.end <= start]
        self._pieces = []
        if not earlier:
            return []
        return [Cut(at, tuple(earlier), reason="before a command")]

    def _cut(self, at: float, reason: str) -> Cut[Payload]:
        pieces, self._pieces = tuple(self._pieces), []
        self._candidate = self._open_candidate = self._open_piece = self._held = None
        return Cut(at, pieces, reason=reason)


def contradicts(heard: str, command: str, same_meaning: bool) -> bool:
    """Whether the open recogniser's words (`heard`) say something else than the grammar's command:
    more words that do not mean it, or, for a command that opens like a question ("what can i say",
    what the grammar made of "what does a biopsy ..." up to a pause), as many sharing fewer than half
    of its words. Fewer words, or as many other ones, are otherwise no contradiction: its partials
    lag behind, and it mishears commands the grammar hears right ("add bookmark" as "i bought",
    "previous paragraph" as "premier famine")."""
    said, wanted = heard.split(), command.split()
    if same_meaning or len(said) < len(wanted):
        return False
    if len(said) > len(wanted):
        return True
    return wanted[0] in QUESTION_OPENERS and 2 * len(set(wanted) & set(said)) < len(wanted)


def extendable_by(text: str, phrases: Iterable[str], meaning: Callable[[str], str | None]) -> bool:
    """Whether the words heard so far could still grow into a longer grammar phrase: "next" into
    "next section", "please stop" into "please stop listening", "repeat" into "repeat that" (cut
    after "repeat", "that" is a stray piece that Vosk may join to the next utterance). Any tail of
    the words may start the phrase when fillers come before it ("okay next"), as long as the
    whole still means a command ("next section" does not grow into "section one")."""
    words = text.split()
    for start in range(len(words)):
        before, tail = words[:start], " ".join(words[start:]) + " "
        for phrase in phrases:
            if phrase.startswith(tail) and meaning(" ".join([*before, phrase])) is not None:
                return True
    return False

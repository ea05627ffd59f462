"""Where utterances end (pure): scripted recogniser events in, cuts out."""

import pytest

from assistant.phrasing import understand
from assistant.speech.endpointing import Cut, Endpointer, Partial, Piece, contradicts, extendable_by


def meaning(text: str) -> str | None:
    if "[unk]" in text.split():
        return None
    match = understand(text)
    return match and match.command.name


def extendable(text: str) -> bool:
    return text.split()[-1] in {"next", "stop", "read"}


def run(script) -> list[tuple[float, str, tuple[str, ...]]]:
    """Feed a script of ("p", at, grammar partial, open partial) and ("piece", at, start, end,
    question, text[, command]) events; return (time, reason, piece texts) of each cut."""
    endpointer: Endpointer[str] = Endpointer(meaning, extendable)
    cuts: list[Cut] = []
    for event in script:
        if event[0] == "p":
            cuts += endpointer.partial(Partial(*event[1:]))
        elif event[0] == "piece":
            at, start, end, question, text, *command = event[1:]
            cuts += endpointer.piece(Piece(at, start, end, question, text, bool(command), text))
        else:
            cuts += endpointer.finish(event[1])
    return [(round(c.at, 2), c.reason, tuple(p.payload for p in c.pieces)) for c in cuts]


def ticks(start: float, stop: float, command: str = "", words: str = "", silence: float = 0.0, step: float = 0.05):
    count = round((stop - start) / step)
    return [("p", round(start + i * step, 2), command, words, silence) for i in range(count + 1)]


def quiet(
    start: float, stop: float, command: str = "", words: str = "", clear: bool = True, already: float = 0.0
) -> list[tuple]:
    """Partials while the audio is quiet from `start` on (the level meter's silence grows from
    `already` + one chunk)."""
    count = round((stop - start) / 0.05)
    return [
        ("p", round(start + i * 0.05, 2), command, words, round(already + (i + 1) * 0.05, 2), clear)
        for i in range(count + 1)
    ]


def test_a_command_ends_once_its_partial_has_held_and_the_audio_has_gone_quiet():
    script = ticks(0.0, 0.5) + ticks(0.55, 0.7, "faster", "faster") + quiet(0.75, 1.2, "faster", "faster")
    assert run(script) == [(0.75, "command", ())]


def test_a_command_the_grammar_guessed_while_the_word_is_still_said_waits_for_its_end():
    """ "delete book..." reads "delete bookmark" in the grammar's partial well before the word ends;
    cut there, the final result misses the word's end ("go to intro..." became "go to reading | sean")."""
    script = ticks(0.5, 1.0, "delete bookmark", "delete") + quiet(1.05, 1.5, "delete bookmark", "delete")
    assert run(script) == [(1.05, "command", ())]


def test_a_command_that_a_longer_phrase_starts_with_waits_longer_and_takes_the_longer_one():
    script = ticks(0.5, 0.7, "next", "") + quiet(0.75, 0.85, "next", "next")
    script += ticks(0.9, 1.2, "next section", "next") + quiet(1.25, 1.6, "next section", "next section")
    assert run(script) == [(1.25, "command", ())]


def test_the_short_command_alone_is_taken_once_the_audio_has_been_quiet_a_little_longer():
    assert run(ticks(0.5, 0.7, "stop", "stop") + quiet(0.75, 1.3, "stop", "stop")) == [(0.95, "command", ())]


def test_no_cut_while_the_audio_is_loud():
    """ "go back" is complete, but the person is still saying "to the last sentence"."""
    assert run(ticks(0.5, 2.0, "go back", "go back")) == []


def test_in_loud_noise_a_command_needs_the_open_recogniser_or_a_longer_hold():
    """Quiet consonants sink under 10 dB noise: quiet audio is no word's end (`Level.clear`)."""
    unheard = ticks(0.5, 0.7, "add bookmark") + quiet(0.75, 1.5, "add bookmark", "bookmark", clear=False)
    assert run(unheard) == [(1.1, "command", ())]  # UNCLEAR_HOLD after it first showed
    heard = ticks(0.5, 0.7, "add bookmark") + quiet(0.75, 1.5, "add bookmark", "add bookmark", clear=False)
    assert run(heard) == [(0.9, "command", ())]  # and NOISY_SILENCE of quiet, as always in noise


def test_in_loud_noise_a_command_is_not_cut_while_the_meter_still_hears_speech():
    """ "read me ... this sentence" at 10 dB: the grammar's partial held "read me" while the rest
    sank into the noise; the vowels still stood above it, so the person had not stopped."""
    said_on = ticks(0.3, 0.8, "read me", "read me") + [
        ("p", round(0.85 + i * 0.05, 2), "read me", "read me", 0.0, False) for i in range(20)
    ]
    assert run(said_on) == []
    stopped = said_on + quiet(1.85, 2.2, "read me", "read me", clear=False)
    assert run(stopped) == [(2.0, "command", ())]


def test_while_the_app_speaks_a_held_command_needs_no_quiet():
    """Its own voice fills the microphone: quiet may never come, so "stop" is taken on the hold."""
    script = ticks(0.5, 0.7, "stop") + [
        ("p", round(0.75 + i * 0.05, 2), "stop", "", 0.0, False, True) for i in range(12)
    ]
    assert run(script) == [(1.1, "command", ())]


def test_in_loud_noise_a_command_a_longer_phrase_starts_with_waits_the_longer_hold():
    script = ticks(0.5, 0.7, "next", "next") + quiet(0.75, 0.9, "next", "next", clear=False)
    script += ticks(0.95, 1.2, "next section", "next section") + quiet(1.25, 2.0, "next section", "next", clear=False)
    assert run(script) == [(1.55, "command", ())]


def test_a_command_piece_closed_while_the_audio_is_loud_waits_for_quiet():
    """Vosk's grammar took "the con..." of "read the conclusions" for silence and closed "read"."""
    script = ticks(0.3, 1.2, "read", "read the") + [("piece", 1.25, 0.27, 0.57, False, "read", True)]
    alone = script + quiet(1.3, 1.6, "", "read")
    assert run(alone) == [(1.3, "command piece", ("read",))]
    more = script + ticks(1.3, 1.5, "and", "read the conclusions") + quiet(1.55, 1.85, "", "read the conclusions")
    more += [("piece", 1.9, 0.27, 1.5, True, "read the conclusions")] + quiet(1.95, 3.0, already=0.4)
    assert run(more) == [(2.3, "silence", ("read", "read the conclusions"))]


def test_an_open_hearing_with_fewer_or_other_words_is_no_contradiction():
    """Its partials lag behind and it mishears short commands ("add bookmark" as "i bought")."""
    script = ticks(0.5, 0.7, "add bookmark", "i bought") + quiet(0.75, 1.2, "add bookmark", "")
    assert run(script) == [(0.75, "command", ())]


def test_a_question_that_ends_in_a_command_word_stays_a_question():
    """The open recogniser closed "what should i do next" over the grammar's "next": no command."""
    script = ticks(0.3, 1.3, "[unk]", "what should i do") + [("piece", 1.35, 0.27, 1.17, False, "what [unk]")]
    script += ticks(1.4, 1.75, "next", "what should i do next") + quiet(1.8, 2.2, "next", "what should i do next")
    script += [("piece", 2.25, 0.27, 1.71, True, "what should i do next")] + quiet(2.3, 2.4, "next", "")
    script += [("piece", 2.45, 1.29, 1.71, False, "next", True)] + quiet(2.5, 3.0, already=0.65)
    assert run(script) == [(2.55, "silence", ("what [unk]", "what should i do next", "next"))]


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("[unk] next section", "what does the next section"),  # a question with command words in it
        ("help", "help me understand"),  # the open recogniser heard more than the command
        ("", "what are calcifications"),
    ],
)
def test_no_early_cut_when_it_is_not_a_whole_command(command, words):
    assert run(ticks(0.5, 2.0, command, words)) == []


def test_a_question_holds_short_pauses_and_ends_after_the_question_silence():
    script = (
        ticks(0.3, 1.2, "[unk]", "what are")
        + [("piece", 1.5, 0.3, 1.2, True, "what are")]
        + ticks(1.55, 1.7)
        + ticks(1.75, 2.5, "[unk]", "calcifications")
        + [("piece", 2.8, 1.75, 2.5, True, "calcifications")]
        + ticks(2.85, 4.0, silence=0.5)
    )
    assert run(script) == [(3.3, "silence", ("what are", "calcifications"))]


def test_two_questions_a_second_and_a_half_apart_are_never_joined():
    script = [("piece", 1.5, 0.3, 1.2, True, "are they dangerous")] + ticks(1.55, 1.95, "[unk]", "do")  # a slow partial
    script += [("piece", 3.4, 2.7, 3.2, True, "do they hurt")] + ticks(3.45, 4.5, silence=0.5)
    assert run(script) == [(3.4, "new speech", ("are they dangerous",)), (4.0, "silence", ("do they hurt",))]


def test_a_hole_in_the_grammar_pieces_is_no_silence_while_the_open_recogniser_hears_words():
    """In 10 dB noise the grammar heard only "one" (0.0-0.84) and "more can" (1.74-2.22) of "why would
    my doctor want more tests": the words between were no silence, the open recogniser heard them."""
    script = (
        ticks(0.6, 0.85, "", "")
        + ticks(0.9, 1.3, "one", "why")
        + [("piece", 1.35, 0.0, 0.84, False, "one")]
        + ticks(1.35, 1.5, "", "why the")
        + ticks(1.55, 1.75, "", "why we've made off")
        + ticks(1.8, 2.75, "[unk]", "why we've made author want more")
        + [("piece", 2.8, 1.74, 2.22, False, "more can")]
        + ticks(2.8, 2.9, "", "why we've made author want more tests")
        + [("piece", 2.95, 0.0, 2.4, True, "why we've made author want more tests")]
        + quiet(2.95, 3.6, clear=False, already=0.5)
    )
    assert run(script) == [(3.2, "silence", ("one", "more can", "why we've made author want more tests"))]


def test_a_hole_in_the_grammar_pieces_with_no_new_words_heard_is_silence():
    """The same pieces when the open recogniser heard nothing new in the gap: two utterances."""
    script = (
        ticks(0.6, 1.3, "one", "why")
        + [("piece", 1.35, 0.0, 0.84, False, "one")]
        + ticks(1.35, 2.75, "", "why")
        + [("piece", 2.8, 1.74, 2.22, False, "more can")]
    )
    assert run(script) == [(2.8, "new speech", ("one",))]


def test_a_command_said_after_a_question_is_heard_as_a_command():
    script = (
        [("piece", 3.0, 0.3, 2.7, True, "how much calcium should i take")]
        + ticks(3.05, 3.15)
        + ticks(3.2, 3.35, "quit", "")
        + quiet(3.4, 3.6, "quit", "")
    )
    assert run(script) == [(3.4, "command", ("how much calcium should i take",))]


def test_a_command_piece_ends_the_utterance_and_keeps_a_question_before_it_apart():
    script = [
        ("piece", 1.5, 0.3, 1.2, True, "is it safe"),
        ("piece", 2.3, 1.6, 2.0, False, "stop", True),
        ("piece", 2.5, 1.6, 2.0, True, "stop"),
    ] + ticks(2.55, 3.5)
    assert run(script) == [(2.3, "before a command", ("is it safe",)), (2.3, "command piece", ("stop",))]


def test_end_of_audio_cuts_whatever_is_pending():
    script = [("piece", 1.5, 0.3, 1.2, True, "what is a biopsy"), ("end", 1.6)]
    assert run(script) == [(1.6, "end of audio", ("what is a biopsy",))]


def test_speech_that_resumed_but_is_not_in_the_partials_yet_is_not_cut_off():
    """Quiet by word times, but the audio has been loud within the partials' lag: wait."""
    script = [("piece", 1.6, 0.27, 0.87, True, "what are")] + ticks(1.65, 1.85, silence=0.1)
    script += ticks(1.9, 3.1, "breast calcifications", "breast calcification")
    script += [("piece", 3.85, 1.53, 3.15, True, "breast calcifications")] + ticks(3.9, 4.1, silence=0.75)
    assert run(script) == [(3.95, "silence", ("what are", "breast calcifications"))]


def test_a_grammar_hearing_unknown_speech_through_the_silence_does_not_hold_a_question_open():
    """The grammar hears silence after a question as "[unk]" for seconds; quiet audio ends it."""
    script = (
        [("piece", 2.9, 0.3, 2.2, True, "how much calcium should i take")]
        + ticks(2.95, 3.0, "[unk]", "", silence=0.7)
        + ticks(3.05, 3.3, "[unk]", "", silence=0.85)
    )
    assert run(script[:1] + ticks(2.95, 3.9, silence=0.1)) == [(3.8, "silence", ("how much calcium should i take",))]
    endpointer: Endpointer[str] = Endpointer(meaning, extendable)
    cuts = [
        cut
        for event in script
        for cut in (
            endpointer.piece(Piece(*event[1:5], event[5]))
            if event[0] == "piece"
            else endpointer.partial(Partial(*event[1:]))
        )
    ]
    assert [(round(c.at, 2), c.reason, c.finish) for c in cuts] == [(3.05, "silence", True)]


def test_a_command_piece_the_open_recogniser_contradicts_waits_for_the_silence():
    """In noise the grammar forced "what is a biopsy" into "what can i say"; the open recogniser
    was hearing five words that are no command."""
    script = (
        ticks(0.3, 1.3, "what can i say", "what the my my opposite")
        + [("piece", 1.6, 0.3, 1.3, False, "what can i say", True)]
        + ticks(1.65, 2.3, "", "", silence=0.9)
    )
    assert run(script) == [(2.1, "silence", ("what can i say",))]


PHRASES = ("next", "next sentence", "next section", "stop", "stop reading", "stop listening", "help", "help me")
PHRASES += ("section one", "okay", "please")


def names(text: str) -> str | None:
    match = understand(text)
    return match and f"{match.command.name} {match.argument}"


@pytest.mark.parametrize(
    ("said", "extendable"),
    [
        ("next", True),  # next sentence / next section
        ("okay next", True),  # a filler before it
        ("please stop", True),  # stop listening is another command
        ("help", True),  # "help me": the same command, but "me" would be a stray piece
        ("next section", False),  # "section one" after it means nothing
        ("stop listening", False),
    ],
)
def test_a_command_is_extendable_when_a_longer_phrase_starts_with_it(said, extendable):
    assert extendable_by(said, PHRASES, names) is extendable


def test_a_command_in_other_words_ends_when_the_open_recogniser_means_it_and_the_audio_is_quiet():
    """The grammar heard "go back turn last sentence" (no command); the open recogniser means one.
    It waits as long as a command a longer phrase starts with, and not at all in loud noise."""
    said = ticks(0.5, 1.9, "go back turn last sentence", "go back to the last sentence")
    after = ("go back turn last sentence", "go back to the last sentence")
    assert run(said + quiet(1.95, 2.5, *after)) == [(2.15, "open command", ())]
    assert run(said + quiet(1.95, 2.5, *after, clear=False)) == []


@pytest.mark.parametrize(
    ("heard", "command", "same", "expected"),
    [
        ("what's known as biopsy", "what can i say", False, True),  # a question up to its pause
        ("what can i stay", "what can i say", False, False),  # the command, a word misheard
        ("premier famine loft", "previous paragraph please", False, False),  # a command misheard
        ("i bought", "add bookmark", False, False),
        ("they'll be more", "tell me more", False, False),  # en-us 175 in 20 dB noise
        ("what should i do next", "next", False, True),  # more words
        ("please go to the next section", "next section", True, False),
        ("what does", "what can i say", False, False),  # partials lag
    ],
)
def test_contradicts(heard, command, same, expected):
    assert contradicts(heard, command, same) is expected

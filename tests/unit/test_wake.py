"""The wake word's pure rules: which hearings of it stand for it (assistant/speech/wake.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.speech.recognizers import Heard
from assistant.speech.wake import (
    WakeWord,
    after_wake,
    agreed_after_wake,
    heard_alone,
    mid_speech,
    sounds_like_wake_word,
    wake_like_rest,
    woken,
    woken_only_by_grammar,
    woken_question,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("reader next section", "next section"),
        ("read read", "read"),  # "reeda read"
        ("read repeat", "repeat"),
        ("read that repeat", "repeat"),
        ("read are stop", "stop"),  # flite kal16 "read-er"
        ("read next section", "next section"),  # the whole says the same
        ("read on", None),  # resume, a command of its own
        ("read more", None),  # read more, not "reader more"
        ("read up", None),  # never alone
        ("read", None),
        ("read it next section", None),  # two commands a person says
        ("next section", None),
    ],
)
def test_after_wake(text, expected):
    assert after_wake(text, WakeWord(), ()) == expected


def _piece(text: str, question: bool) -> Heard:
    return Heard(text, 1.0, None, True, question=question)


@pytest.mark.parametrize(
    ("grammar", "opened", "expected"),
    [
        ("read up", "read up", True),
        ("read that", "read that", True),
        ("read up", "read up on", False),  # the recognisers disagree
        ("read", "read", False),  # a command
        ("read up", "", False),  # the open recogniser heard nothing
    ],
)
def test_heard_alone_needs_both_recognisers_on_one_hearing(grammar, opened, expected):
    pieces = [_piece(grammar, False), *([_piece(opened, True)] if opened else [])]
    assert heard_alone(pieces, WakeWord()) is expected


@pytest.mark.parametrize(
    ("grammar", "opened", "expected"),
    [
        ("read [unk]", "read me my biopsy painful", "me my biopsy painful"),
        ("read that what are", "read that what are blessed calcifications", "what are blessed calcifications"),
        ("[unk]", "read me my biopsy painful", None),  # the grammar heard no wake word
        ("read [unk]", "ready for my biopsy", None),  # the open recogniser did not hear "read"
        ("read [unk]", "read it", None),  # too few words left for a question
        ("read it next section", "read next shown", None),  # a command at the start: not the wake word
    ],
)
def test_woken_question_needs_both_recognisers(grammar, opened, expected):
    question = Heard(opened, 0.5, None, True, question=True, alternatives=((opened, 1.0),))
    woken = woken_question([_piece(grammar, False), question], question, WakeWord())
    assert (woken.text if woken else None) == expected
    assert woken is None or (woken.woken and woken.alternatives == ((expected, 1.0),))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("reader what is a biopsy", True),
        ("breeder what is a biopsy", True),
        ("read a what is a biopsy", True),
        ("leader what is a biopsy", True),
        ("researchers don't know whether", False),
        ("what is a biopsy", False),
    ],
)
def test_sounds_like_wake_word(text, expected):
    assert sounds_like_wake_word(text, WakeWord()) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("read or stop", "stop"),  # "read or" is closer to "reader" than "read"
        ("reader stop", "stop"),
        ("read a lot of the next section", "a lot of the next section"),  # a tie: the shorter start
        ("readers law up", "law up"),
        ("stop", None),
        ("reader", None),  # nothing after it
        ("researchers don't know", None),
    ],
)
def test_wake_like_rest(text, expected):
    assert wake_like_rest(text, WakeWord()) == expected


def _woken_piece(text: str, understood: bool, match: str | None = None) -> Heard:
    from assistant.phrasing import understand

    return Heard(text, 0.5, understand(match) if match else None, understood, woken=True, start=0.3, end=1.0)


@pytest.mark.parametrize(
    ("grammar", "opened", "expected"),
    [
        ("stop", "read or stop", "stop"),  # both heard stop after the wake word
        ("stop", "read or help", None),  # they disagree
        ("stop", "stop", None),  # the open recogniser heard no wake word
        ("slow up", "readers law up", None),  # no command
    ],
)
def test_agreed_after_wake_needs_both_hearings_on_one_command(grammar, opened, expected):
    pieces = [_woken_piece(grammar, False), Heard(opened, 0.5, None, True, question=True, start=0.3, end=1.0)]
    agreed = agreed_after_wake(pieces, WakeWord(), ())
    assert (agreed.match.command.name if agreed and agreed.match else None) == expected
    assert agreed is None or agreed.understood


def test_agreed_after_wake_leaves_a_sure_command_alone():
    pieces = [_woken_piece("stop", True, "stop"), Heard("read or help", 0.5, None, True, question=True)]
    assert agreed_after_wake(pieces, WakeWord(), ()) is None


@pytest.mark.parametrize(
    ("wake_start", "opened", "going", "expected"),
    [
        (11.25, [(8.73, 11.55)], None, True),  # "...take to feel better": the open piece began 2.5 s before
        (143.86, [], 142.15, True),  # its piece still going
        (0.3, [(0.3, 1.5)], None, False),  # "reader next section": both began together
        (0.9, [(0.3, 1.5)], None, False),  # a breath before it: under a second
        (11.25, [(2.0, 8.0)], None, False),  # an earlier sentence, over before it
    ],
)
def test_mid_speech(wake_start, opened, going, expected):
    pieces = [Heard("", 0.0, None, False, woken=True, start=wake_start, end=wake_start + 0.3)]
    assert mid_speech(pieces, opened, going) is expected


def test_mid_speech_never_for_the_open_recognisers_own_wake_word():
    pieces = [Heard("next section", 1.0, None, True, question=True, woken=True, start=5.0, end=6.0)]
    assert mid_speech(pieces, [(1.0, 6.0)]) is False


def test_a_question_is_woken_when_the_wake_word_is_lower_in_its_n_best():
    alternatives = (("river is a biopsy painful", 2.0), ("reader is a biopsy painful", 1.0))
    question = Heard("river is a biopsy painful", 0.5, None, True, question=True, alternatives=alternatives)
    assert not woken(question, WakeWord(), ()).woken  # "river" on top is not like the wake word
    question = replace(
        question, text="read or is a biopsy painful", alternatives=(("read or is a biopsy painful", 3.0), *alternatives)
    )
    heard = woken(question, WakeWord(), ())
    assert heard.woken and heard.text == "is a biopsy painful"
    assert heard.alternatives == (("is a biopsy painful", 1.0),)


@pytest.mark.parametrize(
    ("grammar_alternatives", "grammar_start", "expected"),
    [
        ((("[unk]", 2.0), ("reader [unk]", 1.0)), 0.4, "is a biopsy painful"),
        ((("[unk]", 2.0),), 0.4, None),  # the grammar heard no wake word
        ((("[unk]", 2.0), ("reader [unk]", 1.0)), 1.4, None),  # not at the same moment
    ],
)
def test_woken_question_when_both_n_bests_hold_the_wake_word(grammar_alternatives, grammar_start, expected):
    alternatives = (("river is a biopsy painful", 2.0), ("reader is a biopsy painful", 1.0))
    question = Heard(alternatives[0][0], 0.5, None, True, question=True, alternatives=alternatives, start=0.4)
    grammar = Heard("[unk]", 0.0, None, False, alternatives=grammar_alternatives, start=grammar_start)
    heard = woken_question([grammar, question], question, WakeWord())
    assert (heard.text if heard else None) == expected


def test_woken_only_by_grammar_reads_the_open_n_best():
    grammar = Heard("", 0.0, None, False, woken=True, start=0.3)
    alternatives = (("remember biopsy painful", 2.0), ("read me my biopsy painful", 1.0))
    question = Heard("remember biopsy painful", 0.5, None, True, question=True, alternatives=alternatives)
    assert not woken_only_by_grammar([grammar, question], question, WakeWord())
    question = replace(question, alternatives=alternatives[:1])
    assert woken_only_by_grammar([grammar, question], question, WakeWord())

"""The wake word's pure rules: which hearings of it stand for it (assistant/speech/wake.py)."""

from __future__ import annotations

import pytest

from assistant.speech.recognizers import Heard
from assistant.speech.wake import WakeWord, after_wake, heard_alone, sounds_like_wake_word, woken_question


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

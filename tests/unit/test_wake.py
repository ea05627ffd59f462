"""The wake word's pure rules: which hearings of it stand for it (assistant/speech/wake.py)."""

from __future__ import annotations

import pytest

from assistant.speech.recognizers import Heard
from assistant.speech.wake import WakeWord, after_wake, heard_alone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("reader next section", "next section"),
        ("read read", "read"),  # "reeda read"
        ("read repeat", "repeat"),
        ("read that repeat", "repeat"),
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

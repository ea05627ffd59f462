"""A command's polite tail and the grammar's pieces of one (pure: Heard values in, meanings out)."""

import pytest

from assistant.commands import match_phrase
from assistant.phrasing import understand
from assistant.speech.meaning import command_tail, decide, polite
from assistant.speech.recognizers import Heard


def _grammar(text: str, *alternatives: str, start: float = 1.3) -> Heard:
    match = understand(text)
    return Heard(
        text,
        0.9,
        match,
        match is not None,
        alternatives=tuple((t, -float(i)) for i, t in enumerate((text, *alternatives))),
        start=start,
        end=start + 0.6,
    )


def _open(text: str, *alternatives: str, start: float = 1.3) -> Heard:
    n_best = tuple((t, -float(i)) for i, t in enumerate((text, *alternatives)))
    return Heard(text, 0.8, None, True, question=True, alternatives=n_best, start=start, end=start + 0.6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("thank you", True), ("if you would", True), ("you", True), ("if you word", False), ("", False)],
)
def test_polite_is_only_polite_words(text, expected):
    assert polite(text) is expected


@pytest.mark.parametrize(
    ("pieces", "expected"),
    [
        # en-us 175: "if you would" after "next sentence" (cut at once); the grammar's third guess
        ([_grammar("word", "if you word", "if you would"), _open("the world", "the new world")], True),
        # en-gb-x-rp 150: its first
        ([_grammar("if you would", "if you word"), _open("if you're world", "if your world")], True),
        # a question said on after "stop": the grammar hears other words, with "[unk]" or not
        ([_grammar("it can", "it it can"), _open("in it's cancer", "in its cancer")], False),
        ([_grammar("now [unk]"), _open("now is it bad")], False),
        # a question opens like one, whatever the grammar forced it into
        ([_grammar("now", "thank you"), _open("how is it")], False),
        ([_grammar("you"), _open("what you")], False),
    ],
)
def test_command_tail_is_politeness_the_grammar_heard_and_no_question(pieces, expected):
    assert command_tail(pieces) is expected


def test_a_polite_grammar_piece_after_a_command_leaves_the_command():
    """en-gb-x-rp 150, "previous section thank you": the grammar closed "previous section", then
    heard "you"; the open recogniser heard "premier section thank you"."""
    pieces = [
        Heard("previous section", 1.0, match_phrase("previous section"), True, start=7.7, end=8.8),
        _grammar("you", start=9.2),
        _open("premier section thank you", "previous section thank you", start=7.7),
    ]
    heard = decide(pieces)
    assert heard is not None and heard.match is not None and heard.match.command.name == "previous_section"
    assert (heard.start, heard.end) == (7.7, pieces[1].end)


def test_other_words_after_a_command_piece_still_make_a_question():
    pieces = [
        Heard("next section", 1.0, match_phrase("next section"), True, start=0.3, end=1.0),
        _grammar("[unk] biopsy", start=1.2),
        _open("what does the next section say about biopsy", start=0.3),
    ]
    heard = decide(pieces)
    assert heard is not None and heard.match is None and heard.question


@pytest.mark.parametrize(("said", "expected"), [("huh please stop", "stop"), ("hmm next section", "next_section")])
def test_a_hesitation_sound_before_a_command_is_dropped(said, expected):
    match = understand(said)
    assert match is not None and match.command.name == expected


@pytest.mark.parametrize(("second", "expected"), [(-1.4, "next_answer"), (-3.0, None)])
def test_the_open_recogniser_contradicts_a_command_only_when_it_did_not_nearly_hear_it(second, expected):
    """flite awb, 20 dB: grammar "next answer"; open n-best "next nine so", then "next answer"."""
    pieces = [
        Heard("next answer", 1.0, match_phrase("next answer"), True, start=11.5, end=12.6),
        Heard(
            "next nine so",
            0.8,
            None,
            True,
            question=True,
            alternatives=(("next nine so", 0.0), ("next answer", second)),
        ),
    ]
    heard = decide(pieces, keep=5)
    assert heard is not None and (heard.match.command.name if heard.match else None) == expected

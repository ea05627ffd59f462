"""A second, independent hearing that names another command stops a grammar command (pure)."""

import pytest

from assistant.commands import COMMANDS_BY_NAME, CommandMatch
from assistant.speech.command_choice import choose_command, disagrees, function_word_slip, noise_objection, reworded

SLOWER = CommandMatch(COMMANDS_BY_NAME["slower"])


@pytest.mark.parametrize(
    ("alternatives", "expected"),
    [
        pytest.param([("louder", 10.0), ("slower", 9.5)], True, id="another command first"),
        pytest.param([("slower", 10.0), ("louder", 9.8)], True, id="another command close behind"),
        pytest.param([("slower", 10.0), ("louder", 6.0)], False, id="another command far behind"),
        pytest.param([("slow down please", 10.0)], False, id="the same command in other words"),
        pytest.param([("so what", 10.0), ("so low", 9.0)], False, id="no command at all"),
        pytest.param([("what does the next section say", 10.0)], False, id="a question"),
        pytest.param([], False, id="nothing heard"),
        pytest.param([("that's too loud", 10.0)], True, id="a rewording of another command"),
    ],
)
def test_disagrees(alternatives, expected):
    assert disagrees(SLOWER, alternatives) == expected


def test_a_section_number_is_part_of_the_command():
    two = CommandMatch(COMMANDS_BY_NAME["go_to_section"], "2")
    assert disagrees(two, [("go to section three", 5.0)])
    assert not disagrees(two, [("go to section two", 5.0)])


@pytest.mark.parametrize(
    ("hypothesis", "command_text", "expected"),
    [
        ("what section am i and now", "what section am i in now", True),
        ("what section am i now", "what section am i in now", True),
        ("go straight to section too", "go straight to section two", True),
        ("what section and my and now", "what section am i in now", False),
        ("what can i eat", "what can i say", False),
        ("", "next section", False),
    ],
)
def test_function_word_slip(hypothesis, command_text, expected):
    assert function_word_slip(hypothesis, command_text) is expected


def test_slips_of_small_words_do_not_count_against_an_open_hearing_of_a_command():
    """The open recogniser's n-best for "what section am i in now" (flite slt, 2026-11-30): the
    runner-up hypotheses differ only in "in"/"and"; another question still counts against."""
    heard = [
        ("what section am i in now", 204.9),
        ("what section am i and now", 204.7),
        ("what section am i now", 204.6),
        ("what section and my and now", 203.1),
    ]
    strict = choose_command(heard, near_misses=False)
    with_slips = choose_command(heard, near_misses=False, slips=True)
    assert not strict.understood
    assert with_slips.understood and with_slips.match is not None
    assert with_slips.match.command.name == "where_am_i"
    question = [("what can i eat", 204.9), ("what can i say", 204.7)]
    assert not choose_command(question, near_misses=False, slips=True).understood


@pytest.mark.parametrize(
    ("text", "expected"),
    [("speak up", True), ("go on", True), ("go to the next section please", False), ("next section", False)],
)
def test_reworded(text, expected):
    assert reworded(text) == expected


LOUDER = CommandMatch(COMMANDS_BY_NAME["louder"])
STOP = CommandMatch(COMMANDS_BY_NAME["stop"])


@pytest.mark.parametrize(
    ("match", "text", "confidence", "other", "other_said", "objects"),
    [
        pytest.param(SLOWER, "slower", 1.0, [], "", False, id="clear table phrase alone"),
        pytest.param(SLOWER, "slower", 0.6, [("slower", 9.0)], "", True, id="a tie"),
        pytest.param(SLOWER, "slower", 0.95, [], "", True, id="not clear enough alone"),
        pytest.param(SLOWER, "slower", 0.95, [("slower", 9.0)], "slower", False, id="not clear but agreed"),
        pytest.param(LOUDER, "speak up", 1.0, [("the of", 7.0)], "the of", True, id="rewording alone"),
        pytest.param(LOUDER, "speak up", 1.0, [("speak up", 7.0)], "speak up", False, id="rewording agreed"),
        pytest.param(SLOWER, "slower", 1.0, [("slower than what", 7.0)], "slower than what", True, id="said more"),
        pytest.param(SLOWER, "slower", 1.0, [("so low what", 7.0)], "so low what", False, id="other words"),
        pytest.param(STOP, "stop", 0.75, [], "", False, id="stop is eased"),
        pytest.param(STOP, "stop", 1.0, [("quit", 7.0)], "quit", True, id="stop against another command"),
    ],
)
def test_noise_objection(match, text, confidence, other, other_said, objects):
    assert bool(noise_objection(match, text, confidence, other, (), other_said)) == objects

"""A second, independent hearing that names another command stops a grammar command (pure)."""

import pytest

from assistant.commands import COMMANDS_BY_NAME, CommandMatch
from assistant.speech.command_choice import disagrees

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

"""The one command table: consistent, reachable, and matched from speech."""

import pytest

from assistant.commands import COMMANDS, match_phrase, normalise

TITLES = ["Introduction", "What are Breast Calcifications?", "Mammography and Breast Calcifications:"]


def test_names_keys_and_phrases_are_unique():
    names = [c.name for c in COMMANDS]
    keys = [k for c in COMMANDS for k in c.keys]
    phrases = [normalise(p) for c in COMMANDS for p in c.phrases]
    assert len(set(names)) == len(names)
    assert len(set(keys)) == len(keys), "a key is bound to two commands"
    assert len(set(phrases)) == len(phrases), "a phrase maps to two commands"


def test_every_command_has_an_action_in_the_app_and_a_way_to_reach_it():
    from assistant.tui.app import ReaderApp

    for command in COMMANDS:
        assert callable(getattr(ReaderApp, f"action_{command.name}", None)), command.name
        assert command.keys or command.phrases, command.name
        assert command.help


def test_every_phrase_matches_its_own_command():
    for command in COMMANDS:
        for phrase in command.phrases:
            match = match_phrase(phrase, TITLES)
            assert match is not None and match.command.name == command.name, phrase


@pytest.mark.parametrize(
    ("said", "name", "argument"),
    [
        ("Next section.", "next_section", ""),
        ("next section please", "next_section", ""),
        ("go to section two", "go_to_section", "2"),
        ("section 3", "go_to_section", "3"),
        ("third section", "go_to_section", "3"),
        ("go to mammography", "go_to_section", "3"),
        ("go to the introduction", "go_to_section", "1"),
        ("What can I say?", "help", ""),
        ("where am I", "where_am_i", ""),
        ("read it", "read", ""),
        ("faster", "faster", ""),
    ],
)
def test_spoken_commands(said, name, argument):
    match = match_phrase(said, TITLES)
    assert match is not None
    assert (match.command.name, match.argument) == (name, argument)


@pytest.mark.parametrize("said", ["", "the weather is lovely", "go to spain", "section banana", "do calcifications hurt"])
def test_things_that_are_not_commands(said):
    assert match_phrase(said, TITLES) is None


def test_the_readme_lists_every_command_and_starts_with_the_two_commands():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"| {command.help} |" in readme, command.name
    code_lines = [line for line in readme.split("## Keys")[0].splitlines() if line.startswith("scripts/")]
    assert code_lines == ["scripts/setup.sh && .venv/bin/assistant", "scripts/setup.sh && .venv/bin/python -m pytest -q"]


@pytest.mark.parametrize("said", ["go to section are", "go to what", "go to and"])
def test_small_words_do_not_choose_a_section(said):
    assert match_phrase(said, TITLES) is None


@pytest.mark.parametrize(("key", "typed"), [("j", "j"), ("right_square_bracket", "]"), ("full_stop", "."),
                                            ("left_curly_bracket", "{"), ("down", ""), ("f1", ""), ("ctrl+b", "")])
def test_typed_character(key, typed):
    from assistant.commands import typed_character

    assert typed_character(key) == typed


def test_every_bookmark_move_has_a_key_that_tmux_and_screen_leave_alone():
    """Ctrl+B is tmux's prefix and Ctrl+A screen's: each bookmark move needs another key."""
    from assistant.commands import COMMANDS_BY_NAME

    for name in ("next_bookmark", "previous_bookmark"):
        assert [k for k in COMMANDS_BY_NAME[name].keys if k not in ("ctrl+b", "ctrl+a")], name


def test_help_lines_are_plain_text_for_screen_readers():
    from assistant.commands import help_lines

    lines = help_lines()
    assert "Moving:" in lines and 'Next paragraph: key Right, ] or "next paragraph".' in lines
    assert 'Next word: "next word".' in lines
    assert not any(0x2500 <= ord(ch) <= 0x259F or ch == "|" for line in lines for ch in line)

"""A few snapshots at a fixed size: the layout, the reverse-video highlight, the help screen, a theme.
Update deliberately with `pytest tests/tui/test_snapshots.py --snapshot-update`."""

from tests.tui.helpers import make_app

SIZE = (100, 32)


def test_opening_screen(snap_compare):
    app, _ = make_app(speech=False)
    assert snap_compare(app, terminal_size=SIZE)


def test_highlighted_sentence_in_section_two(snap_compare):
    app, _ = make_app(speech=False)
    assert snap_compare(app, terminal_size=SIZE, press=["n", "down", "down"])


def test_help_screen(snap_compare):
    app, _ = make_app(speech=False)
    assert snap_compare(app, terminal_size=SIZE, press=["f1"])


def test_light_theme_with_contents_focused(snap_compare):
    app, _ = make_app(speech=False, theme="light-high-contrast")
    assert snap_compare(app, terminal_size=SIZE, press=["c", "down"])


LARGE_PRINT = (60, 20)
"""A magnified terminal: the contents sidebar hides itself and the sentence being read stays in view."""


def test_large_print_reading_deep_in_a_long_section(snap_compare):
    app, _ = make_app(speech=False)
    assert snap_compare(app, terminal_size=LARGE_PRINT, press=["3"] + ["j"] * 6)


def test_large_print_word_level(snap_compare):
    app, _ = make_app(speech=False)
    assert snap_compare(app, terminal_size=LARGE_PRINT, press=["2", "l", "f", "f"])

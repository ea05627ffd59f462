"""Every theme keeps body text at WCAG AAA contrast (7:1), computed from the theme's own colours."""

import pytest

from assistant.tui.themes import PALETTES, contrast_ratio


@pytest.mark.parametrize("palette", PALETTES, ids=lambda p: p.name)
def test_body_text_contrast_is_at_least_seven_to_one(palette):
    assert contrast_ratio(palette.foreground, palette.background) >= 7.0


@pytest.mark.parametrize("palette", PALETTES, ids=lambda p: p.name)
def test_the_focus_border_stands_out_from_the_background(palette):
    assert contrast_ratio(palette.focus, palette.background) >= 4.5


@pytest.mark.parametrize(
    ("a", "b", "ratio"), [("#000000", "#ffffff", 21.0), ("#ffffff", "#ffffff", 1.0), ("#777777", "#ffffff", 4.48)]
)
def test_contrast_ratio_matches_wcag(a, b, ratio):
    assert contrast_ratio(a, b) == pytest.approx(ratio, abs=0.01)


def test_there_are_three_themes():
    assert [p.name for p in PALETTES] == ["high-contrast", "yellow-on-black", "light-high-contrast"]

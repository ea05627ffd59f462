"""High-contrast themes. Every theme keeps body text at 7:1 or more against its background
(WCAG AAA); tests compute the ratios from these colours."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Palette:
    """A colour theme's colours, each pair checked for 7:1 contrast."""

    name: str
    foreground: str
    background: str
    focus: str
    """The heavy border around whatever has focus."""
    dark: bool = True


PALETTES = (
    Palette("high-contrast", foreground="#ffffff", background="#000000", focus="#ffff00"),
    Palette("yellow-on-black", foreground="#ffff00", background="#000000", focus="#00ffff"),
    Palette("light-high-contrast", foreground="#000000", background="#ffffff", focus="#0000c0", dark=False),
)
PALETTES_BY_NAME = {palette.name: palette for palette in PALETTES}
DEFAULT_THEME = "high-contrast"


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio between two #rrggbb colours (1 to 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def textual_themes():
    """The palettes as Textual themes (imported here so the module stays usable without Textual)."""
    from textual.theme import Theme

    return [
        Theme(
            name=p.name,
            primary=p.focus,
            secondary=p.focus,
            accent=p.focus,
            foreground=p.foreground,
            background=p.background,
            surface=p.background,
            panel=p.background,
            boost=p.background,
            warning=p.foreground,
            error=p.foreground,
            success=p.foreground,
            dark=p.dark,
            text_alpha=1.0,
            variables={
                "focus-border": p.focus,
                "block-cursor-foreground": p.background,
                "block-cursor-background": p.foreground,
                "block-cursor-text-style": "bold",
                "block-cursor-blurred-foreground": p.background,
                "block-cursor-blurred-background": p.foreground,
                "block-hover-background": p.background,
                "scrollbar": p.foreground,
                "scrollbar-background": p.background,
                "footer-background": p.background,
            },
        )
        for p in PALETTES
    ]

"""Is a screen reader running? On first start the app then keeps quiet instead of talking over it.

Linux only can be asked: a screen reader's process (Orca, Fenrir, ...) in /proc, or the AT-SPI
"screen reader enabled" flag on the session bus. Elsewhere (NVDA and JAWS on Windows, VoiceOver)
the reader says so with `--screen-reader`. Pure apart from reading /proc and one optional, bounded
call to `busctl`; every failure means "none found".
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from assistant.settings import Settings

PROCESS_NAMES = {"orca": "Orca", "fenrir": "Fenrir", "yasr": "Yasr", "speakup": "Speakup",
                 "brltty": "BRLTTY (a braille display)"}
"""Process names (as in /proc/PID/comm) of screen readers and braille drivers on Linux."""


def screen_reader_process(proc: Path = Path("/proc")) -> str | None:
    """The name of a running screen reader, from the process table; None if none is found."""
    try:
        entries = list(proc.iterdir())
    except OSError:
        return None
    for entry in entries:
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "comm").read_text(encoding="utf-8", errors="replace").strip().lower()
        except OSError:
            continue  # the process ended while we looked, or is not ours to read
        if command in PROCESS_NAMES:
            return PROCESS_NAMES[command]
        if command.startswith("python") and _runs_orca(entry):
            return PROCESS_NAMES["orca"]
    return None


def _runs_orca(entry: Path) -> bool:
    """Orca is a Python program: its process may be called python3 with orca on the command line."""
    try:
        arguments = (entry / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return any(Path(a.decode(errors="replace")).name == "orca" for a in arguments[1:3])


def atspi_screen_reader_enabled(timeout: float = 1.0) -> bool:
    """AT-SPI's own flag (set by GNOME and Orca), read with `busctl` when there is a session bus."""
    busctl = shutil.which("busctl")
    if busctl is None:
        return False
    try:
        result = subprocess.run(
            [busctl, "--user", "get-property", "org.a11y.Bus", "/org/a11y/bus", "org.a11y.Status",
             "ScreenReaderEnabled"], capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0 and result.stdout.strip() == "b true"


def detect_screen_reader() -> str | None:
    """The running screen reader's name, "a screen reader" when only AT-SPI says so, or None."""
    return screen_reader_process() or ("a screen reader" if atspi_screen_reader_enabled() else None)


def first_start_choice(settings: Settings, detected: str | None, asked: bool, plain: bool = False) -> str:
    """On first start (or with --screen-reader), switch self-voicing off when a screen reader is
    there; return the one sentence that says so ("" when nothing changed). Marks the check as done,
    so it is said once and a later choice (m) is kept."""
    if settings.screen_reader_checked and not asked:
        return ""
    settings.screen_reader_checked = True
    name = detected or ("a screen reader" if asked else None)
    if name is None:
        return ""
    settings.self_voicing = False
    who = "You use a screen reader" if name == "a screen reader" else f"{name} is running"
    if plain:
        return (f"{who}: plain mode prints and never speaks, and the full-screen view will start with "
                "self-voicing off (m turns it on).")
    return f"{who}, so self-voicing is off (m turns it on; --plain gives line mode)."

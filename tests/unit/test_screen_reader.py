"""Screen-reader detection on first start: a real process in /proc, AT-SPI failing quietly, the
one-time choice, and the command line saying it once."""

import os
import shutil
import subprocess
import sys
import time

import pytest

from assistant.screen_reader import first_start_choice, screen_reader_process
from assistant.settings import Settings, SettingsStore


def test_a_running_orca_process_is_found(tmp_path):
    """A real process called orca (a copy of sleep) shows up in the real /proc."""
    orca = tmp_path / "orca"
    shutil.copy("/bin/sleep", orca)
    child = subprocess.Popen([str(orca), "30"])
    try:
        deadline = time.monotonic() + 10
        while screen_reader_process() != "Orca":
            assert time.monotonic() < deadline, "the orca process was not found"
            time.sleep(0.02)
    finally:
        child.kill()
        child.wait()


def test_orca_run_by_python_is_found(tmp_path):
    entry = tmp_path / "4242"
    entry.mkdir()
    (entry / "comm").write_text("python3\n")
    (entry / "cmdline").write_bytes(b"/usr/bin/python3\0/usr/bin/orca\0--replace\0")
    assert screen_reader_process(tmp_path) == "Orca"


@pytest.mark.parametrize("comm", ["bash", "python3", "orcas"])
def test_other_processes_are_not_screen_readers(tmp_path, comm):
    entry = tmp_path / "17"
    entry.mkdir()
    (entry / "comm").write_text(comm)
    (entry / "cmdline").write_bytes(b"python3\0-m\0assistant\0")
    assert screen_reader_process(tmp_path) is None


def test_an_unreadable_process_table_means_none(tmp_path):
    assert screen_reader_process(tmp_path / "missing") is None


@pytest.mark.parametrize(("checked", "detected", "asked", "voicing", "says"), [
    (False, "Orca", False, False, "Orca is running, so self-voicing is off"),
    (False, None, True, False, "You use a screen reader, so self-voicing is off"),
    (False, None, False, True, ""),
    (True, "Orca", False, True, ""),  # said once: a later choice (m) is kept
    (True, None, True, False, "You use a screen reader"),  # the flag always applies
])
def test_first_start_choice(checked, detected, asked, voicing, says):
    settings = Settings(screen_reader_checked=checked)
    notice = first_start_choice(settings, detected, asked)
    assert settings.self_voicing is voicing and settings.screen_reader_checked
    assert notice.startswith(says) if says else notice == ""


def test_the_command_line_says_it_once_and_keeps_self_voicing_off(tmp_path):
    env = {"XDG_STATE_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path), "PATH": os.environ["PATH"]}

    def plain(*flags):
        return subprocess.run([sys.executable, "-m", "assistant", "--plain", *flags], input="quit\n",
                              capture_output=True, text=True, timeout=60, env=env).stdout

    assert "You use a screen reader: plain mode prints and never speaks" in plain("--screen-reader")
    assert "screen reader" not in plain()
    assert SettingsStore(tmp_path / "assistant", tmp_path / "assistant").load_settings().self_voicing is False

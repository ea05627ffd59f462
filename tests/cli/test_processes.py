"""Real processes: two copies adding bookmarks at once, signals, a closed pipe, hostile state files."""

import json
import os
import signal
import subprocess
import sys

import pytest

from assistant.article import load_article
from assistant.settings import article_key
from tests.cli.helpers import PlainChild, environment, saved_state, spawn, state_file
from tests.conftest import ARTICLE_PATH

PER_COPY = 25


@pytest.fixture
def long_article(tmp_path):
    """Two sections of PER_COPY sentences each, one bookmark per sentence for each copy."""
    lines = ["# Two halves", ""]
    for half in ("First", "Second"):
        lines += [f"## {half} half", ""] + [f"{half} half sentence number {n}." for n in range(PER_COPY)] + [""]
    path = tmp_path / "halves.md"
    path.write_text("\n".join(lines))
    return path


def test_two_running_copies_keep_each_others_bookmarks(tmp_path, long_article):
    """Each copy adds a bookmark in turn; before merging on save the last writer won (25 of 50 kept)."""
    key = article_key(load_article(long_article))
    first, second = PlainChild(tmp_path, str(long_article)), PlainChild(tmp_path, str(long_article))
    try:
        for copy in (first, second):
            copy.wait_for(lambda line: line.startswith("Section 1 of 2"))
        second.type("2")
        second.wait_for(lambda line: line.startswith("Section 2 of 2"))
        for _ in range(PER_COPY):
            for copy in (first, second):
                copy.type("add bookmark")
                copy.wait_for(lambda line: " added at " in line)
                copy.type("next sentence")
                copy.wait_for(lambda line: "half sentence number" in line or line.startswith("This is the last"))
        first.type("quit")
        second.type("quit")
        assert first.finish() == 0 and second.finish() == 0
    finally:
        first.process.kill()
        second.process.kill()
    marks = saved_state(tmp_path, key)["bookmarks"]
    assert len(marks) == 2 * PER_COPY
    assert len({mark["sentence_id"] for mark in marks}) == 2 * PER_COPY
    assert len({mark["name"] for mark in marks}) == 2 * PER_COPY, "numbered names count both copies' marks"


@pytest.mark.parametrize(("sent", "exit_code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)])
def test_a_signal_in_plain_mode_saves_the_position(tmp_path, sent, exit_code):
    child = PlainChild(tmp_path)
    try:
        child.wait_for(lambda line: line.startswith("Section 1 of 3"))
        child.type("n")
        child.wait_for(lambda line: line.startswith("Section 2 of 3"))
        child.process.send_signal(sent)
        assert child.process.wait(30) == exit_code
    finally:
        child.process.kill()
    assert "Traceback" not in child.process.stderr.read()
    assert saved_state(tmp_path, article_key(load_article(ARTICLE_PATH)))["position"] == "s2.1.1"


def test_a_closed_pipe_ends_quietly(tmp_path):
    """`assistant voices | head -1`: the reader has gone; no traceback, the shell's 141."""
    reading, writing = os.pipe()
    os.close(reading)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "assistant", "voices"],
            stdout=writing,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            env=environment(tmp_path),
        )
    finally:
        os.close(writing)
    assert result.returncode == 141
    assert result.stderr == ""


def test_escape_codes_in_saved_bookmark_names_are_printed_as_text(tmp_path):
    """A name holding a window-title sequence, a screen clear and a right-to-left override."""
    key = article_key(load_article(ARTICLE_PATH))
    hostile = "\x1b]0;pwned\x07\x1b[2J\x1b[31mred\u202eevil"
    path = state_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(
        json.dumps(
            {
                "articles": {
                    key: {"position": "", "bookmarks": [{"sentence_id": "s2.1.1", "name": hostile, "created": 1.0}]}
                }
            }
        )
    )
    child = PlainChild(tmp_path)
    try:
        child.wait_for(lambda line: line.startswith("Section 1 of 3"))
        child.type("list bookmarks")
        listed = child.wait_for(lambda line: line.startswith("1. "))
        child.type("quit")
        assert child.finish() == 0
    finally:
        child.process.kill()
    assert listed.startswith("1. redevil: section 2")
    assert not any(character in "".join(child.lines) for character in "\x1b\x07\u202e")


IDLE_CTRL_C = """
import signal, sys, threading, time
from assistant.cli.main import main

def ctrl_c_to_this_thread():
    # Poll (bounded) until the main thread waits for input, then send Ctrl+C to this thread, not
    # to the main one: the kernel may deliver a process's signal to any of its threads.
    main_id = threading.main_thread().ident
    for _ in range(3000):
        frame = sys._current_frames().get(main_id)
        if frame is not None and frame.f_code.co_name == "wait" and "threading" in frame.f_code.co_filename:
            if "queue" in frame.f_back.f_code.co_filename:
                break
        time.sleep(0.01)
    print("CTRL-C", flush=True)
    signal.pthread_kill(threading.get_ident(), signal.SIGINT)

threading.Thread(target=ctrl_c_to_this_thread, daemon=True).start()
raise SystemExit(main(["--plain"]))
"""


def test_ctrl_c_handed_to_another_thread_still_ends_plain_mode(tmp_path):
    """1 Ctrl+C in 40 hung plain mode: the signal went to another thread while the main thread
    waited for a typed line with no time limit, so Python never got to handle it."""
    child = spawn(tmp_path, "-c", IDLE_CTRL_C)
    try:
        assert child.wait(30) == 130
    finally:
        child.kill()
    assert "CTRL-C" in child.stdout.read()
    assert "Traceback" not in child.stderr.read()
    assert saved_state(tmp_path, article_key(load_article(ARTICLE_PATH)))["position"] == "s1.1.1"

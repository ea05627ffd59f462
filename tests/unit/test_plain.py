"""Plain mode: one line per event, the same commands as keys and voice, questions answered."""

import io
import subprocess
import sys

import pytest

from assistant.plain import PlainSession
from assistant.settings import SettingsStore


def run(article, lines, store=None, answers=False):
    out = io.StringIO()
    factory = None
    if answers:
        from assistant.answering.answerer import Answerer

        factory = lambda: Answerer(article)  # noqa: E731
    PlainSession(article, out, store, factory).run(lines)
    return out.getvalue().splitlines()


@pytest.mark.parametrize(
    ("typed", "expected_last"),
    [
        (["n"], "Section 2 of 3, What are Breast Calcifications?, sentence 1 of 8: Breast calcifications are small spots of calcium salts."),
        (["next section", "where am i"], "Section 2 of 3, What are Breast Calcifications?, sentence 1 of 8."),
        (["go to section three", "next paragraph"], "Section 3 of 3, Mammography and Breast Calcifications, sentence 3 of 8: In many cases, a mammogram may not give the radiologists enough information."),
        (["p"], "This is the first section."),
        (["G", "read sentence"], "Because calcifications are small, usually a computer and mammogram are used to locate them accurately so a biopsy can be taken from the affected area – this is called as a stereotactic core biopsy."),
        (["faster"], "Speak faster: plain mode prints instead of speaking (your screen reader speaks)."),
        (["contents"], "3. Mammography and Breast Calcifications:"),
    ],
)
def test_commands_print_one_line_each(article, typed, expected_last):
    assert run(article, typed)[-1] == expected_last


def test_read_prints_the_section_then_says_where_it_ended(article):
    lines = run(article, ["2", "read section"])
    assert lines[-9:-1] == [s.text for s in article.sections[1].sentences]
    assert lines[-1] == "End of the section."


def test_questions_are_answered_with_a_quotation(article):
    lines = run(article, ["do calcifications hurt", "what is the weather in paris"], answers=True)
    assert lines[-3].startswith('Answer 1 of ') and "they don’t cause any pain" in lines[-3]
    assert lines[-1] == "The article doesn't say. Your doctor can answer that."


def test_position_and_bookmarks_are_kept(article, tmp_path):
    store = SettingsStore(tmp_path / "c", tmp_path / "s")
    run(article, ["3", "add bookmark", "1"], store=store)
    lines = run(article, ["next bookmark", "quit"], store=SettingsStore(tmp_path / "c", tmp_path / "s"))
    assert "Resuming at Section 1 of 3, Introduction, sentence 1 of 2." not in lines
    assert lines[-2].startswith("Bookmark 1: Section 3 of 3")
    assert lines[-1] == "Goodbye."


def test_the_command_line_plain_mode_has_no_escape_codes(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "--plain"], input="n\nquit\n", capture_output=True, text=True,
        timeout=60, env={"XDG_STATE_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert "Section 2 of 3, What are Breast Calcifications?, sentence 1 of 8" in result.stdout


def test_plain_mode_hears_spoken_commands_too(tmp_path, voice_say):
    """A spoken "next section" (real espeak-ng speech, real Vosk) arrives like a typed line."""
    import queue
    import threading

    env = {"XDG_STATE_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    child = subprocess.Popen([sys.executable, "-m", "assistant", "--plain", "--audio-in", str(voice_say("next section"))],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    # a reader thread, not select(): select on the pipe misses lines already in the text buffer
    printed: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [printed.put(line) for line in child.stdout] + [printed.put(None)],
                     daemon=True).start()
    lines = []
    try:
        while not any(line.startswith("Section 2 of 3") for line in lines):
            try:
                line = printed.get(timeout=60)
            except queue.Empty:
                raise AssertionError(f"no answer to the spoken command; got {lines}") from None
            assert line is not None, f"plain mode ended early: {lines} {child.stderr.read()}"
            lines.append(line.strip())
        child.stdin.write("quit\n")
        child.stdin.flush()
        assert child.wait(60) == 0
    finally:
        child.kill()
    assert "Heard: next section (Next section)" in lines


def test_a_typed_bookmark_name_is_kept(article, tmp_path):
    store = SettingsStore(tmp_path / "c", tmp_path / "s")
    lines = run(article, ["3", "add bookmark ask the doctor", "list bookmarks"], store=store)
    assert lines[-2] == "ask the doctor added at Section 3 of 3, Mammography and Breast Calcifications, sentence 1 of 8."
    assert lines[-1].startswith("1. ask the doctor: section 3, Mammography and Breast Calcifications: All cells")


def test_a_spoken_question_is_taken_as_its_best_answered_hypothesis(article):
    from assistant.plain import SpokenLine

    heard = SpokenLine("how are calcifications located for my opposite",
                       (("how are calcifications located for my opposite", 210.0),))
    lines = run(article, [heard], answers=True)
    assert "Question taken as: how are calcifications located for biopsy" in lines
    assert any(line.startswith("Answer 1 of") and "computer and mammogram are used to locate them" in line
               for line in lines)


def test_a_spoken_command_is_a_command(article):
    from assistant.plain import SpokenLine

    assert run(article, [SpokenLine("next section")])[-1].startswith("Section 2 of 3")


def test_a_question_asked_before_answers_are_ready_says_please_wait_then_is_answered(article):
    import threading

    from assistant.answering.answerer import Answerer

    gate = threading.Event()

    def factory():
        assert gate.wait(timeout=60)
        return Answerer(article)

    opener = threading.Timer(0.2, gate.set)  # the models become ready while the reader waits
    opener.start()
    out = io.StringIO()
    PlainSession(article, out, None, factory).run(["do calcifications hurt"])
    opener.join()
    lines = out.getvalue().splitlines()
    wait = lines.index("Getting answers ready, please wait.")
    assert any("they don’t cause any pain" in line for line in lines[wait + 1:])

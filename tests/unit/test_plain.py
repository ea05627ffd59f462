"""Plain mode: one line per event, the same commands as keys and voice, questions answered."""

import io
import subprocess
import sys

import pytest

from assistant.plain import PROMPT, PlainSession
from assistant.plain_answers import PLEASE_WAIT
from assistant.plain_input import Notice, SpokenLine
from assistant.settings import SettingsStore


def run(article, lines, store=None, answers=False, **options):
    out = io.StringIO()
    factory = None
    if answers:
        from assistant.answering.answerer import Answerer

        factory = lambda: Answerer(article)  # noqa: E731
    PlainSession(article, out, store, factory, pace=options.pop("pace", 0), **options).run(lines)
    return out.getvalue().splitlines()


@pytest.mark.parametrize(
    ("typed", "expected_last"),
    [
        (["n"], "Breast calcifications are small spots of calcium salts."),
        (
            ["next section", "where am i"],
            "Section 2 of 3, What are Breast Calcifications?, sentence 1 of 8. "
            "About 35 seconds left in this section, about 2 minutes in the article. "
            "About 15 seconds of the article read so far.",
        ),
        (
            ["go to section three", "next paragraph"],
            "In many cases, a mammogram may not give the radiologists enough information.",
        ),
        (["p"], "This is the first section."),
        (
            ["G", "read sentence"],
            "Because calcifications are small, usually a computer and mammogram are used to locate them accurately so a biopsy can be taken from the affected area – this is called as a stereotactic core biopsy.",
        ),
        (["louder"], "Speak louder: plain mode prints instead of speaking (your screen reader speaks)."),
        (["contents"], "3. Mammography and Breast Calcifications:"),
        (["2", "]"], "Breast calcifications can occasionally be an early sign of cancer."),
        (["2", "]", "["], "Breast calcifications are small spots of calcium salts."),
        (["2", "j", "."], "They can spread anywhere in the breast tissue."),
        (["2", "s"], "Breast: B, r, e, a, s, t"),
        (["2", "j", "spell word"], "They: T, h, e, y"),
    ],
)
def test_commands_print_one_line_each(article, typed, expected_last):
    assert run(article, typed)[-1] == expected_last


def test_the_position_is_printed_only_when_the_section_changes(article):
    lines = run(article, ["n", "j", "j"])
    assert lines[-4:] == ["Section 2 of 3: What are Breast Calcifications?"] + [
        s.text for s in article.sections[1].sentences[:3]
    ]
    assert not any(line.startswith("Section 2 of 3, ") for line in lines)


def test_every_key_that_types_a_character_is_a_command_not_a_question(article):
    from assistant.commands import COMMANDS, typed_character

    typed = [typed_character(k) for c in COMMANDS for k in c.keys if typed_character(k) and c.name != "quit"]
    lines = run(article, typed, answers=False)
    assert not [line for line in lines if line.startswith("I don't know the command")]


def test_the_navigation_level_moves_by_word_and_back(article):
    cycle = run(article, ["l", "l", "l", "l"])
    assert [line.split(":")[0] for line in cycle if line.startswith("Moving by")] == [
        "Moving by word",
        "Moving by section",
        "Moving by paragraph",
        "Moving by sentence",
    ]
    lines = run(article, ["2", "l", "f", "f", "d", "where am i"])
    assert lines[-4:-1] == ["calcifications", "are", "calcifications"]
    assert lines[-1].startswith("Section 2 of 3, What are Breast Calcifications?, sentence 1 of 8, word 2 of 8.")


def test_time_left_follows_the_reading_rate(article):
    slow = run(article, ["where am i"], rate=100)[-1]
    fast = run(article, ["where am i"], rate=400)[-1]
    assert "about 50 seconds in the article" in fast and "about 3 minutes in the article" in slow


def test_faster_sets_the_reading_pace(article, tmp_path):
    store = SettingsStore(tmp_path / "c", tmp_path / "s")
    assert run(article, ["faster", "+"], store=store)[-1] == "Reading pace 225 words per minute."
    assert SettingsStore(tmp_path / "c", tmp_path / "s").load_settings().rate == 225


def test_read_prints_the_section_then_says_where_it_ended(article):
    lines = run(article, ["2", "read section"])
    assert lines[-9:-1] == [s.text for s in article.sections[1].sentences]
    assert lines[-1] == "End of the section."


class _Typist(io.StringIO):
    """Output that, once `trigger` is printed, types `then` (a person pressing Enter mid-reading)."""

    def __init__(self, trigger: str, then: list[str], inbox) -> None:
        super().__init__()
        self.trigger, self.then, self.inbox = trigger, then, inbox

    def write(self, text: str) -> int:
        written = super().write(text)
        if self.trigger in text:
            for line in self.then:
                self.inbox.put(line)
            self.inbox.put(None)
        return written


def _typed(first: list[str], inbox):
    yield from first
    while (line := inbox.get(timeout=30)) is not None:
        yield line


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ([""], ["Stopped."]),
        (
            ["n"],
            [
                "Stopped.",
                "Section 3 of 3: Mammography and Breast Calcifications.",
                "All cells in the body have their own life period the cells that line the milk ducts of the breast "
                "also only live for so long.",
            ],
        ),
        (["stop"], ["Stopped."]),
        (
            ["pause", "resume", ""],
            [
                'Paused. Type "resume" (or r) to go on from this sentence.',
                "Breast calcifications are small spots of calcium salts.",
                "Stopped.",
            ],
        ),
    ],
)
def test_reading_is_paced_a_sentence_at_a_time_and_any_input_stops_it(article, typed, expected):
    """At the chosen rate the first sentence waits about 3 seconds; the input typed as soon as it
    is printed stops reading there (no sleeps: the line is typed by the output itself)."""
    import queue

    inbox: queue.Queue = queue.Queue()
    first = article.sections[1].sentences[0].text
    out = _Typist(first, typed, inbox)
    PlainSession(article, out, rate=175).run(_typed(["2", "read"], inbox))
    lines = out.getvalue().splitlines()
    start = lines.index(first, lines.index(first) + 1)  # after the move to section 2, the reading
    assert lines[start + 1 : start + 1 + len(expected)] == expected
    assert article.sections[1].sentences[1].text not in lines[start:]


def test_reading_goes_on_to_the_end_when_input_ends(article):
    lines = run(article, ["G", "k", "read"])
    assert lines[-3:] == [s.text for s in article.sections[2].sentences[-2:]] + ["End of the article."]


def test_the_prompt_comes_back_after_every_output(article):
    lines = [
        Notice("Voice commands are ready: speak a command or a question."),
        Notice("Heard: next section"),
        SpokenLine("next section"),
        SpokenLine("j"),
    ]
    out = io.StringIO()
    PlainSession(article, out, pace=0).run(lines, prompt=True)
    text = out.getvalue()
    assert text.endswith(PROMPT)
    assert not [line for line in text.split("\n") if line.startswith(PROMPT) and line != PROMPT]  # never glued
    moved = text.index(article.sections[1].sentences[0].text)
    assert text.index(PROMPT, moved) < text.index(article.sections[1].sentences[1].text)


def test_help_is_plain_lines_without_box_drawing(article):
    lines = run(article, ["help"])
    help_part = lines[lines.index("Commands: type the key or the words, then Enter.") :]
    assert any(line == 'Next paragraph: key ] or "next paragraph".' for line in help_part)
    assert any(line.startswith("Go to the previous bookmark: key {") for line in help_part)
    assert not any(0x2500 <= ord(ch) <= 0x259F for line in help_part for ch in line)


def test_questions_are_answered_with_a_quotation(article):
    lines = run(article, ["do calcifications hurt", "what is the weather in paris"], answers=True)
    if PLEASE_WAIT in lines:  # unless the answerer was warmed up first (see the test below)
        assert lines.index(PLEASE_WAIT) < lines.index("You asked: do calcifications hurt")
    assert lines[-4].startswith("Answer 1 of ") and "they don’t cause any pain" in lines[-4]
    assert lines[-2:] == [
        "You asked: what is the weather in paris",
        "The article doesn't say. Your doctor can answer that.",
    ]


def test_position_and_bookmarks_are_kept(article, tmp_path):
    store = SettingsStore(tmp_path / "c", tmp_path / "s")
    run(article, ["3", "add bookmark", "1"], store=store)
    lines = run(article, ["next bookmark", "quit"], store=SettingsStore(tmp_path / "c", tmp_path / "s"))
    assert "Resuming at Section 1 of 3, Introduction, sentence 1 of 2." not in lines
    assert lines[-3:] == [
        "Section 3 of 3: Mammography and Breast Calcifications.",
        "Bookmark 1: " + article.sections[2].sentences[0].text,
        "Goodbye.",
    ]


def test_next_and_previous_bookmark_keys(article, tmp_path):
    store = SettingsStore(tmp_path / "c", tmp_path / "s")
    lines = run(article, ["2", "add bookmark", "3", "add bookmark", "1", "}", "}", "{", "{"], store=store)
    assert [line.split(":")[0] for line in lines if line.startswith("Bookmark") and "added" not in line] == [
        "Bookmark 1",
        "Bookmark 2",
        "Bookmark 1",
        "Bookmark 2",
    ]


def test_the_command_line_plain_mode_has_no_escape_codes(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "--plain"],
        input="n\nquit\n",
        capture_output=True,
        text=True,
        timeout=60,
        env={"XDG_STATE_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert "Section 2 of 3: What are Breast Calcifications?\nBreast calcifications are small" in result.stdout


def test_plain_mode_hears_spoken_commands_too(tmp_path, voice_say):
    """A spoken "next section" (real espeak-ng speech, real Vosk) arrives like a typed line."""
    import queue
    import threading

    env = {"XDG_STATE_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    child = subprocess.Popen(
        [sys.executable, "-m", "assistant", "--plain", "--audio-in", str(voice_say("next section"))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    # a reader thread, not select(): select on the pipe misses lines already in the text buffer
    printed: queue.Queue = queue.Queue()
    threading.Thread(
        target=lambda: [printed.put(line) for line in child.stdout] + [printed.put(None)], daemon=True
    ).start()
    lines = []
    try:
        while not any(line.startswith("Breast calcifications are small") for line in lines):
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
    assert (
        lines[-2] == "ask the doctor added at Section 3 of 3, Mammography and Breast Calcifications, sentence 1 of 8."
    )
    assert lines[-1].startswith("1. ask the doctor: section 3, Mammography and Breast Calcifications: All cells")


def test_a_spoken_question_is_taken_as_its_best_answered_hypothesis(article):
    heard = SpokenLine(
        "how are calcifications located for my opposite", (("how are calcifications located for my opposite", 210.0),)
    )
    lines = run(article, [heard], answers=True)
    assert "Question taken as: how are calcifications located for biopsy" in lines
    assert any(
        line.startswith("Answer 1 of") and "computer and mammogram are used to locate them" in line for line in lines
    )


def test_a_spoken_command_is_a_command(article):
    assert run(article, [SpokenLine("next section")])[-2].startswith("Section 2 of 3")


def test_a_question_asked_before_answers_are_ready_says_please_wait_then_is_answered(article):
    import threading

    from assistant.answering.answerer import Answerer

    gate = threading.Event()

    def factory():
        assert gate.wait(timeout=60)
        return Answerer(article)

    class OpensTheGateWhenAskedToWait(io.StringIO):
        """The models become ready only once the reader has been asked to wait (a timer raced
        the question on a busy machine: the answers could be ready before it was asked)."""

        def write(self, text: str) -> int:
            written = super().write(text)
            if "please wait" in text:
                gate.set()
            return written

    out = OpensTheGateWhenAskedToWait()
    PlainSession(article, out, None, factory).run(["do calcifications hurt"])
    lines = out.getvalue().splitlines()
    wait = lines.index("Getting answers ready, please wait.")
    assert any("they don’t cause any pain" in line for line in lines[wait + 1 :])


def test_without_the_answer_model_plain_mode_says_so_once_and_still_answers(article):
    from assistant.answering.answerer import Answerer
    from assistant.answering.bge_files import MISSING_TEXT
    from assistant.answering.embedding import EmbeddingUnavailable

    def missing():
        raise EmbeddingUnavailable(MISSING_TEXT)

    def asked_once_answers_are_ready():
        """The question comes after the warm-up has finished: the note is said on that path too
        (it was said only when the question had to wait, so a slow reader never heard it)."""
        assert session.answers._warming is not None
        session.answers._warming.join(timeout=60)
        yield "do calcifications hurt"
        yield "can i feel them"

    out = io.StringIO()
    session = PlainSession(article, out, None, lambda: Answerer(article, model_loader=missing))
    session.run(asked_once_answers_are_ready())
    lines = out.getvalue().splitlines()
    assert lines.count(MISSING_TEXT) == 1
    assert any("they don’t cause any pain" in line for line in lines)


def test_an_article_opened_later_gets_its_answers_ready_in_the_background(article, tmp_path):
    from assistant.answering.answerer import Answerer
    from tests.conftest import ROOT

    out = io.StringIO()
    session = PlainSession(article, out, None, lambda: Answerer(session.article, model_loader=None))
    session.open_article(str(ROOT / "tests" / "data" / "articles" / "psa-test.md"))
    assert session.answers._warming is not None
    session.answers._warming.join(timeout=60)
    assert session.answers._answerer is not None and session.answers._answerer.article is session.article

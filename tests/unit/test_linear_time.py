"""Parsing and every move stay linear in the article's size, whatever the article holds.

Generated adversarial articles (runs of dots, unclosed emphasis, brackets, comments and headings,
thousands of tiny paragraphs) are timed at two sizes, 8 times apart. Linear work grows about 8
times; the quadratic splitting and moves this guards against grew 64 times and more (10 KB of dots
took 7 s). Each figure is this thread's CPU time, the fastest of several runs, so another process
keeping the cores busy does not count; the bound leaves room for what noise remains (caches). benchmarks/robustness.py prints the same figures per KB.
"""

import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.article import ArticleError, parse_article
from assistant.inline_markup import plain_inline
from assistant.reader import MOVES, ReadingCursor
from assistant.reading import ReadingMode, plan_reading

SMALL = 4 * 1024
GROWTH = 8
MAX_GROWTH = 24
"""8 times the text may take at most 24 times as long (linear: about 8; quadratic: 64)."""
MAX_PER_KB_VS_NORMAL = 50
"""Per KB, an adversarial article may cost at most 50 times the built-in article (quadratic
splitting cost thousands of times more at 32 KB)."""

PIECES = st.sampled_from(
    [
        ".",
        "...",
        "?!",
        "**a ",
        "*a ",
        "_a ",
        "__",
        "`",
        "[a",
        "](",
        "![",
        "<a",
        "<http://",
        "<!--",
        "-->",
        "# ",
        "## H\n\n",
        "###",
        "\n",
        "\n\n",
        "Word.\n\n",
        "- ",
        "1. ",
        "> ",
        "```\n",
        "a. ",
        "e.g. ",
        "Dr. ",
        "U.S.",
        "(",
        ")",
        "“",
        "”",
        "'",
        "\x1b[",
        "\x1b]0;",
        "\u202e",
        " ",
        "A",
        "x",
    ]
)
UNITS = (
    st.lists(st.one_of(PIECES, st.text(alphabet="ab .*_#[]()<>!\n", max_size=6)), min_size=1, max_size=8)
    .map("".join)
    .filter(lambda unit: unit.strip())
)


def fastest(action, runs: int = 3, at_least: float = 0.01) -> float:
    """The fastest of `runs` timings, each repeating `action` for at least `at_least` seconds."""
    best = float("inf")
    for _ in range(runs):
        count, started = 0, time.thread_time()
        while True:
            action()
            count += 1
            elapsed = time.thread_time() - started
            if elapsed >= at_least:
                break
        best = min(best, elapsed / count)
    return best


def sized(unit: str, size: int) -> str:
    return unit * (size // len(unit) + 1)


def parsed(text: str):
    try:
        return parse_article(text)
    except ArticleError:
        return None


@pytest.fixture(scope="module")
def normal_per_kb(article):
    from tests.conftest import ARTICLE_PATH

    text = sized(ARTICLE_PATH.read_text(encoding="utf-8") + "\n\n", SMALL * GROWTH)
    return fastest(lambda: parse_article(text)) / (len(text) / 1024)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(UNITS)
def test_parsing_is_linear_on_generated_adversarial_articles(normal_per_kb, unit):
    small, large = sized(unit, SMALL), sized(unit, SMALL * GROWTH)
    small_time, large_time = fastest(lambda: parsed(small)), fastest(lambda: parsed(large))
    assert large_time < MAX_GROWTH * small_time + 0.002, (unit, small_time, large_time)
    assert large_time / (len(large) / 1024) < MAX_PER_KB_VS_NORMAL * normal_per_kb, (unit, large_time)


def _move_times(article) -> dict[str, float]:
    """Seconds for each move (and where am I, reading plans) from the middle of the article."""
    cursor = ReadingCursor(article)
    middle = article.sentences[len(article.sentences) // 2]
    times = {}
    for name in (*MOVES, "where_am_i", "plan_reading"):

        def once(name=name):
            cursor.go_to_sentence_id(middle.id)
            if name == "where_am_i":
                cursor.where_am_i()
            elif name == "plan_reading":
                plan_reading(article, cursor.sentence, ReadingMode.SECTION)
            else:
                cursor.move(name, "2")

        times[name] = fastest(once, runs=5, at_least=0.01)
    return times


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["Word.\n\n", "A b. C d.\n\n", "## H\n\nx.\n\n", "- item\n", "a. b. c. "]))
def test_every_move_is_linear_or_better_on_many_small_paragraphs(unit):
    small, large = parsed(sized(unit, SMALL * 4)), parsed(sized(unit, SMALL * 4 * GROWTH))
    small_times, large_times = _move_times(small), _move_times(large)
    slow = {
        name: (small_times[name], large_times[name])
        for name in small_times
        if large_times[name] > MAX_GROWTH * small_times[name] + 0.0005
    }
    assert not slow, (unit, slow)


def test_13000_short_paragraphs_move_at_once():
    """The case the adversarial run found: `]` took over 300 s through 13,000 paragraphs."""
    article = parse_article("# Many\n\n" + "Short paragraph.\n\n" * 13000)
    cursor = ReadingCursor(article)
    started = time.thread_time()
    while cursor.next_paragraph() is not None:
        pass
    while cursor.previous_paragraph() is not None:
        pass
    assert cursor.index == 0
    assert time.thread_time() - started < 2.0, "26,000 paragraph moves should take milliseconds"


# --- the linear inline markup gives what the simple expressions gave ---------------------------

_REFERENCE_EMPHASIS = (
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
)


def _reference(line: str) -> str:
    for pattern, replacement in _REFERENCE_EMPHASIS:
        line = pattern.sub(replacement, line)
    return line


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="*_ ab\t.é1", max_size=30))
def test_linear_emphasis_pairs_delimiters_like_the_simple_expressions(line):
    assert plain_inline(line) == _reference(line)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("see [the leaflet](http://x.org/a_(b)) now", "see the leaflet now"),
        ("![scan](img.png) and **bold** and *it* and _it_ and `code`", "scan and bold and it and it and code"),
        ("<https://example.org> and <b>tag</b>", "https://example.org and tag"),
        ("snake_case_name and 2*3*4", "snake_case_name and 2*3*4"),
        ("[unclosed [link](u)", "[unclosed link"),
    ],
)
def test_inline_markup_examples(line, expected):
    assert plain_inline(line) == expected

"""How sentences lean on each other (assistant/answering/passages.py): pure, no model."""

from __future__ import annotations

import pytest

from assistant.answering.passages import analyse, asks_if_cancer, label
from assistant.answering.scope import OUT_OF_SCOPE_PATTERN
from assistant.article import parse_article

ARTICLE = """# Test results

## What do the results mean?

Negative test result: No virus was found. You should have the next test in 5 years.

There is no single threshold for a normal result. This is in part because levels vary.

Sometimes an old infection becomes active again. Some other viruses behave this way.

In most cases an abnormal result is not cancer.
"""


@pytest.fixture(scope="module")
def article():
    return parse_article(ARTICLE)


def _context(article, text: str) -> list[str]:
    structure = analyse(article)
    [index] = [i for i, s in enumerate(article.sentences) if s.text == text]
    return [article.sentences[i].text for i in structure.context[index]]


def test_the_sentence_after_a_bold_label_is_quoted_with_it(article):
    assert _context(article, "You should have the next test in 5 years.") == [
        "Negative test result: No virus was found."
    ]


def test_a_sentence_after_there_is_quotes_it(article):
    # "There is ..." names its own subject, so "This is ..." after it gets it as context.
    assert _context(article, "This is in part because levels vary.") == [
        "There is no single threshold for a normal result."
    ]


def test_a_short_sentence_that_points_back_is_quoted_with_the_one_before(article):
    assert _context(article, "Some other viruses behave this way.") == [
        "Sometimes an old infection becomes active again."
    ]


def test_a_self_contained_sentence_stands_alone(article):
    assert _context(article, "Sometimes an old infection becomes active again.") == []
    assert _context(article, "In most cases an abnormal result is not cancer.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Negative HPV test result: High-risk HPV was not found.", "Negative HPV test result"),
        ("Sunlight: Sunlight is a source of UV radiation.", "Sunlight"),
        ("The test is done in a clinic.", ""),
        ("Ask your doctor: is it needed?", "Ask your doctor"),
    ],
)
def test_label(text, expected):
    assert label(text) == expected


@pytest.mark.parametrize(
    ("question", "worried"),
    [
        ("is it cancer", True),
        ("does a high psa always mean cancer", True),
        ("does an abnormal result mean i have cancer", True),
        ("are these white spots dangerous", True),
        ("what is cancer", False),
        ("what does it mean", False),
    ],
)
def test_asks_if_cancer(question, worried):
    assert asks_if_cancer(question) is worried


def test_the_balanced_statement_is_marked(article):
    structure = analyse(article)
    marked = [s.text for s, balanced in zip(article.sentences, structure.balanced, strict=True) if balanced]
    assert marked == ["In most cases an abnormal result is not cancer."]


@pytest.mark.parametrize(
    ("question", "refused"),
    [
        ("do i have bladder cancer", True),
        ("have i got cancer", True),
        ("does my mum have breast cancer", True),
        ("am i going to die", True),
        ("could i have a core biopsy", False),
        ("do i have to go back after an unsatisfactory test", False),
        ("is my mole cancer", False),
    ],
)
def test_a_personal_diagnosis_is_out_of_scope(question, refused):
    assert bool(OUT_OF_SCOPE_PATTERN.search(question)) is refused


LISTS = """# Moles

## Should a mole be removed?

No. Normally, people do not need to have a mole removed.

People should tell their doctor if they notice

- The mole starts to itch
- The mole bleeds

The rule describes the features:

- Border that is irregular.
- Color that is uneven.
"""


def test_a_bare_no_hands_its_score_on_and_is_quoted_before_the_answer():
    article = parse_article(LISTS)
    structure = analyse(article)
    texts = [s.text for s in article.sentences]
    no = texts.index("No.")
    assert structure.leads[no] and structure.next_index[no] == no + 1
    assert _context(article, "Normally, people do not need to have a mole removed.") == ["No."]


def test_a_list_item_that_finishes_its_lead_in_is_quoted_with_it():
    article = parse_article(LISTS)
    assert _context(article, "The mole starts to itch") == ["People should tell their doctor if they notice"]


def test_an_item_after_a_colon_lead_in_stands_alone():
    article = parse_article(LISTS)
    assert _context(article, "Border that is irregular.") == []

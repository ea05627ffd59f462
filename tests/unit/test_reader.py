"""The reading cursor: moves at each level, edges, and "where am I"."""

import pytest

from assistant.reader import ReadingCursor


@pytest.fixture
def cursor(article):
    return ReadingCursor(article)


@pytest.mark.parametrize(
    ("moves", "expected_id"),
    [
        ([], "s1.1.1"),
        (["next_sentence"], "s1.1.2"),
        (["next_sentence", "next_sentence"], "s2.1.1"),  # across a section boundary
        (["next_paragraph"], "s2.1.1"),
        (["next_section", "next_paragraph"], "s2.2.1"),
        (["next_section", "next_sentence", "previous_paragraph"], "s1.1.1"),
        (["next_section", "next_section"], "s3.1.1"),
        (["last"], "s3.3.3"),
        (["last", "previous_sentence"], "s3.3.2"),
        (["last", "previous_section"], "s2.1.1"),
        (["last", "first"], "s1.1.1"),
    ],
)
def test_moves(cursor, moves, expected_id):
    for move in moves:
        assert getattr(cursor, move)() is not None
    assert cursor.sentence.id == expected_id


@pytest.mark.parametrize(
    ("setup", "move"),
    [
        ([], "previous_sentence"),
        ([], "previous_paragraph"),
        ([], "previous_section"),
        (["last"], "next_sentence"),
        (["last"], "next_paragraph"),
        (["last"], "next_section"),
    ],
)
def test_edges_return_none_and_stay_put(cursor, setup, move):
    for step in setup:
        getattr(cursor, step)()
    before = cursor.sentence
    assert getattr(cursor, move)() is None
    assert cursor.sentence is before


@pytest.mark.parametrize("number", [0, 4, -1, 99])
def test_go_to_a_missing_section(cursor, number):
    assert cursor.go_to_section(number) is None
    assert cursor.sentence.id == "s1.1.1"


def test_where_am_i(cursor):
    cursor.go_to_section(2)
    assert cursor.where_am_i() == "Section 2 of 3, What are Breast Calcifications?, sentence 1 of 8"
    cursor.last()
    assert cursor.where_am_i() == "Section 3 of 3, Mammography and Breast Calcifications, sentence 8 of 8"


def test_go_to_sentence_id(cursor):
    assert cursor.go_to_sentence_id("s2.2.3").text.startswith("Sometimes they form")
    assert cursor.go_to_sentence_id("nope") is None
    assert cursor.sentence.id == "s2.2.3"

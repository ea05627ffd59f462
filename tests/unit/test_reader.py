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


def test_words_and_spelling(cursor):
    cursor.go_to_section(2)
    assert [w.text for w in cursor.words][:3] == ["Breast", "calcifications", "are"]
    assert cursor.spelled_word() == "Breast: B, r, e, a, s, t"
    for _ in range(7):
        cursor.next_word()
    assert cursor.word.text == "salts." and cursor.spelled_word() == "salts: s, a, l, t, s"


@pytest.mark.parametrize(
    ("word", "spelled"), [("don’t", "d, o, n, apostrophe, t"), ("X-ray", "X, hyphen, r, a, y"), ("2.5", "2, point, 5")]
)
def test_spell_names_the_characters_a_synthesiser_would_drop(word, spelled):
    from assistant.reader import spell

    assert spell(word) == spelled


def test_word_moves_cross_sentences_both_ways(cursor):
    cursor.go_to_section(2)
    count = len(cursor.words)
    for _ in range(count):
        assert cursor.next_word() is not None
    assert (cursor.sentence.id, cursor.word_index) == ("s2.1.2", 0)
    assert cursor.previous_word() is not None
    assert (cursor.sentence.id, cursor.word.text) == ("s2.1.1", "salts.")
    cursor.first()
    assert (
        cursor.previous_word() is None and cursor.move("previous_word")[1] == "This is the first word of the article."
    )


def test_a_sentence_move_starts_at_the_first_word(cursor):
    cursor.next_word()
    cursor.next_word()
    cursor.next_sentence()
    assert cursor.word_index == 0


@pytest.mark.parametrize(
    ("level", "forward", "back"),
    [
        ("section", "s2.1.1", "s1.1.1"),
        ("paragraph", "s2.1.1", "s1.1.1"),
        ("sentence", "s1.1.2", "s1.1.1"),
        ("word", "s1.1.1", "s1.1.1"),
    ],
)
def test_forward_and_back_move_by_the_chosen_level(cursor, level, forward, back):
    from assistant.reader import Level

    while cursor.level is not Level(level):
        cursor.next_level()
    assert cursor.move("forward")[0].id == forward
    assert cursor.move("back")[0].id == back
    assert cursor.word_index == 0


def test_levels_cycle_in_daisy_order(cursor):
    assert [cursor.next_level().value for _ in range(4)] == ["word", "section", "paragraph", "sentence"]


def test_time_left_counts_words_from_the_current_word(cursor):
    cursor.go_to_section(2)
    section_words, article_words = cursor.words_left()
    assert section_words == sum(len(s.text.split()) for s in cursor.section.sentences)
    cursor.next_word()
    assert cursor.words_left() == (section_words - 1, article_words - 1)
    cursor.last()
    assert cursor.words_left()[0] == cursor.words_left()[1] == len(cursor.sentence.text.split())


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (1, "about 5 seconds"),
        (17, "about 15 seconds"),
        (58, "less than a minute"),
        (61, "about 1 minute"),
        (150, "about 2 minutes"),
        (200, "about 3 minutes"),
    ],
)
def test_durations_are_said_as_a_person_would(seconds, said):
    from assistant.reader import duration_text

    assert duration_text(seconds) == said


def test_time_left_uses_the_rate(cursor):
    assert cursor.time_left(100).endswith("about 3 minutes in the article")
    assert cursor.time_left(400).endswith("about 50 seconds in the article")


def test_time_read_counts_the_words_before_the_current_one(cursor):
    assert cursor.time_read(150) == "At the start of the article"
    cursor.last()
    _, left = cursor.words_left()
    total = sum(len(s.text.split()) for s in cursor.article.sentences)
    assert cursor.time_read(total - left) == "About 1 minute of the article read so far"

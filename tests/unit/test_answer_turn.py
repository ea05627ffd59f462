"""The answer turn shared by both views: which candidate "next answer" and "read more" mean."""

from assistant.answering.results import Answer, Candidate, NoAnswer
from assistant.answering.turn import ASK_FIRST, NO_MORE_ANSWERS, AnswerTurn


def _answer(article, ids):
    candidates = [Candidate(article.sentence(i), "What are Breast Calcifications?", 1.0) for i in ids]
    return Answer("q", candidates[0], tuple(candidates[1:]), "test")


def test_next_answer_walks_the_candidates_then_says_there_are_no_more(article):
    turn = AnswerTurn()
    assert turn.advance() == ASK_FIRST and turn.current is None
    best = turn.start(_answer(article, ["s2.1.1", "s2.1.2"]))
    assert best.sentence.id == "s2.1.1" and turn.heading() == "Answer 1 of 2"
    assert turn.advance().sentence.id == "s2.1.2" and turn.heading() == "Answer 2 of 2"
    assert turn.advance() == NO_MORE_ANSWERS
    assert turn.current.sentence.id == "s2.1.2"


def test_a_refusal_ends_the_turn(article):
    turn = AnswerTurn()
    turn.start(_answer(article, ["s2.1.1"]))
    assert turn.start(NoAnswer("q", "out_of_scope")) is None
    assert turn.current is None and turn.advance() == ASK_FIRST

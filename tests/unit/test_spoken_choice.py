"""choose_question with the real Answerer on text hypotheses (as Vosk's n-best gives them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answering.answerer import Answer, Answerer, NoAnswer
from assistant.answering.spoken import LIKELIHOOD_MARGIN, choose_question
from assistant.article import load_article

ARTICLE_PATH = Path(__file__).resolve().parents[2] / "content" / "breast-calcifications.md"


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    answerer = Answerer(load_article(ARTICLE_PATH))
    answerer.warm_up()
    return answerer


@pytest.mark.parametrize(
    ("alternatives", "asked", "key"),
    [
        # the 1-best is garbled and refused; a nearly as likely hypothesis is answered
        (
            [("do calcifications dirt", 246.2), ("do calcifications hurt", 245.9)],
            "do calcifications hurt",
            "don't cause any pain",
        ),
        (
            [("what are blessed calcifications", 187.8), ("what are breast calcifications", 187.6)],
            "what are breast calcifications",
            "small spots of calcium salts",
        ),
        # a 1-best that is answered is kept even if a later one would be answered too
        (
            [("why do calcifications form", 190.0), ("why do calcification farm", 189.9)],
            "why do calcifications form",
            "form of because",
        ),
    ],
)
def test_a_nearly_as_likely_answered_hypothesis_wins(alternatives, asked, key, answerer):
    text, result = choose_question(alternatives, answerer)
    assert text == asked and isinstance(result, Answer) and key in result.sentence.text.replace("\u2019", "'")


@pytest.mark.parametrize(
    "alternatives",
    [
        # off-topic: every likely hypothesis is refused
        [("what is the capital of france", 200.0), ("what is the capital of friends", 199.5)],
        [("how much does a biopsy cost", 210.0), ("how much on a biopsy cost", 209.8)],
        # the answerable hypothesis is far less likely than the refused best: refuse, do not bend words
        [("do calcifications dirt", 246.2), ("do calcifications hurt", 246.2 - 3 * LIKELIHOOD_MARGIN)],
    ],
)
def test_refused_when_the_likely_hypotheses_are_refused(alternatives, answerer):
    text, result = choose_question(alternatives, answerer)
    assert text == alternatives[0][0] and isinstance(result, NoAnswer)


def test_order_comes_from_the_likelihoods_not_the_list(answerer):
    text, _ = choose_question([("do calcifications hurt", 100.0), ("do calcifications dirt", 101.0)], answerer)
    assert text == "do calcifications hurt"  # the likelier "dirt" was refused, "hurt" within the margin


def test_no_hypotheses_is_an_empty_question(answerer):
    text, result = choose_question([], answerer)
    assert text == "" and isinstance(result, NoAnswer) and result.reason == "empty"


@pytest.mark.parametrize(
    ("alternatives", "asked", "key"),
    [
        # every hypothesis refused; the sound-alike repair of the likeliest is answered
        (
            [("armrest calcifications concert", 120.0), ("armrest calcification concert", 119.8)],
            "are breast calcifications cancer",
            "early sign of cancer",
        ),
        (
            [("how the an armrest calcifications", 150.0)],
            "how the an are breast calcifications",
            "small spots of calcium salts",
        ),
    ],
)
def test_a_phonetically_repaired_hypothesis_is_answered_when_all_are_refused(alternatives, asked, key, answerer):
    text, result = choose_question(alternatives, answerer)
    # What the reader hears: with bge "They can spread anywhere ..." may be the sentence, quoted after
    # the one it leans on ("Breast calcifications are small spots of calcium salts.").
    assert text == asked and isinstance(result, Answer) and key in result.text


def test_a_clearer_answer_outweighs_a_slightly_likelier_hearing(answerer):
    heard = "how are calcifications located for my opposite"  # answered as heard, weakly, by the wrong sentence
    text, result = choose_question([(heard, 100.0)], answerer)
    assert text == "how are calcifications located for biopsy"
    assert isinstance(result, Answer) and "computer and mammogram are used to locate them" in result.sentence.text


def test_a_likelier_hearing_outweighs_a_slightly_clearer_answer(answerer):
    alternatives = [("what are breast calcifications", 200.0), ("what causes breast calcifications", 200.0 - 1.9)]
    text, result = choose_question(alternatives, answerer)
    assert text == "what are breast calcifications" and "small spots of calcium salts" in result.sentence.text


def test_refused_when_most_of_the_belief_names_an_idea_the_article_never_speaks_about(answerer):
    # "... biopsy cast" alone would be answered; most of the probability says "cost"
    alternatives = [
        ("how much on a biopsy cost", 171.2),
        ("how much does a biopsy cost", 170.9),
        ("how much on a biopsy cast", 170.7),
    ]
    text, result = choose_question(alternatives, answerer)
    assert text == "how much on a biopsy cost" and isinstance(result, NoAnswer) and result.idea == "cost"


def test_a_stray_outside_word_in_an_unlikely_hearing_does_not_refuse(answerer):
    alternatives = [("do calcifications hurt", 150.0), ("do calcifications hurt the baby", 148.5)]
    text, result = choose_question(alternatives, answerer)
    assert text == "do calcifications hurt" and isinstance(result, Answer)


def test_repair_can_be_turned_off(answerer):
    heard = [("armrest calcifications concert", 120.0)]
    text, result = choose_question(heard, answerer, repair=False)
    repaired_text, _ = choose_question(heard, answerer)
    # Without repair the heard words are what is answered (with bge that is now a quotation near the
    # floor, "It doesn't mean that something is wrong ...", where MiniLM refused); with it, the repair.
    assert text == "armrest calcifications concert" and repaired_text == "are breast calcifications cancer"
    assert result.question == text and result.text == answerer.answer(text).text


@pytest.mark.parametrize(
    "heard", ["how do i bake bread", "what is the best diet for losing weight", "what vitamins should i take"]
)
def test_off_topic_questions_stay_refused_with_repair(heard, answerer):
    text, result = choose_question([(heard, 100.0)], answerer)
    assert text == heard and isinstance(result, NoAnswer)

"""Phonetic repair against the article's vocabulary, with the real espeak-ng and the real article."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.answering.answerer import Answerer
from assistant.answering.phonetic import MAX_DISTANCE, _tokens, distance, espeak_phonemes, repairer_for
from assistant.article import load_article

ARTICLE_PATH = Path(__file__).resolve().parents[2] / "content" / "breast-calcifications.md"

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng")


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    return Answerer(load_article(ARTICLE_PATH))  # the repairer needs no embedding model


def test_one_espeak_process_gives_one_phoneme_line_per_input_line():
    lines = ["armrest", "are breast", "my opposite", "biopsy"]
    out = espeak_phonemes(lines)
    assert len(out) == len(lines) and all(out)


@pytest.mark.parametrize(
    ("heard", "meant"),
    [("armrest", "are breast"), ("blastocyst", "breast cyst"), ("concert", "cancer"), ("be nine", "benign")],
)
def test_sound_alikes_are_close(heard, meant):
    a, b = espeak_phonemes([heard, meant])
    assert distance(_tokens(a), _tokens(b)) <= MAX_DISTANCE


@pytest.mark.parametrize(("heard", "other"), [("capital", "calcification"), ("weather", "mammogram")])
def test_different_words_are_far(heard, other):
    a, b = espeak_phonemes([heard, other])
    assert distance(_tokens(a), _tokens(b)) > MAX_DISTANCE


@pytest.mark.parametrize(
    ("heard", "repaired"),
    [
        ("armrest calcifications concert", "are breast calcifications cancer"),
        ("how are calcifications located for my opposite", "how are calcifications located for biopsy"),
        ("donna blastocyst clause calcifications", "donna breast cyst clause calcifications"),
    ],
)
def test_misheard_article_words_are_repaired(heard, repaired, answerer):
    assert repairer_for(answerer).repair(heard) == repaired


@pytest.mark.parametrize(
    "heard",
    [
        "do calcifications hurt",  # all article words: nothing to repair
        "how do i bake bread",  # off-topic: no article subject word heard, never bent
        "what is the capital of france",
        "what is the weather like today",
    ],
)
def test_article_words_and_off_topic_questions_are_left_alone(heard, answerer):
    assert repairer_for(answerer).repair(heard) is None


def test_no_article_no_repairer():
    assert repairer_for(object()) is None


def test_the_repairer_is_built_once_per_article(answerer):
    assert repairer_for(answerer) is repairer_for(answerer)

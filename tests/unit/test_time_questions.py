"""'How long does X take' is out of scope unless the article gives a time under X's heading.

Word matching only (no models): the decision is made before any ranking, so these stay fast.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answering.answerer import Answerer, NoAnswer
from assistant.article import load_article

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "tests" / "data" / "articles"
BUILTIN = ROOT / "content" / "breast-calcifications.md"


def _idea(article: Path, question: str) -> str:
    result = Answerer(load_article(article), model_loader=None).answer(question)
    return result.idea if isinstance(result, NoAnswer) else ""


def test_a_time_the_article_gives_under_the_heading_asked_about_is_not_refused_on_sight():
    # "About 10 minutes later, a final scan is taken" is under "Computed tomography (CT) urogram ...".
    assert _idea(ARTICLES / "bladder-cancer-diagnosis.md", "how long does the ct urogram take") == ""


@pytest.mark.parametrize(
    ("article", "question"),
    [
        # A PSA level raised "for a month or two" after a biopsy says nothing of how long a biopsy takes.
        (ARTICLES / "psa-test.md", "how long does a prostate biopsy take"),
        (ARTICLES / "lung-cancer-screening.md", "how long will i wait for the results"),
        (BUILTIN, "how long does a biopsy take"),
        (BUILTIN, "when will i get the results"),
    ],
)
def test_a_time_the_article_does_not_give_is_out_of_scope(article, question):
    assert _idea(article, question).startswith(("how long", "when will"))

"""The vectors shipped in content/vectors/: current, equal to what the model computes, and used."""

from __future__ import annotations

import shutil

import numpy as np

from assistant.answering.answerer import Answerer
from assistant.answering.bge import load_bge
from assistant.answering.cache import VectorCache, shipped_vectors_dir
from assistant.answering.refusal import OUT_OF_SCOPE_EXAMPLES
from assistant.article import load_article
from tests.conftest import ARTICLE_PATH, ROOT
from tests.unit.test_vector_cache import CountingModel

STALE = "content/vectors/ is stale: run `python -m assistant.answering.shipped` and commit what it writes"
OTHER_ARTICLE = ROOT / "tests" / "data" / "articles" / "abnormal-hpv-pap-test-results.md"


def test_a_first_start_on_the_built_in_article_embeds_nothing(tmp_path):
    model = CountingModel()
    answerer = Answerer(load_article(ARTICLE_PATH), model_loader=lambda: model, cache=VectorCache(tmp_path))
    answerer.warm_up()
    assert model.embedded == 0, STALE
    assert not list(tmp_path.glob("*.npy")), "nothing was computed, so nothing is written to the user's cache"
    assert "biopsy" in answerer.answer("what is a biopsy").text.lower()


def test_a_new_article_embeds_only_its_own_sentences(tmp_path):
    article = load_article(OTHER_ARTICLE)
    model = CountingModel()
    Answerer(article, model_loader=lambda: model, cache=VectorCache(tmp_path)).warm_up()
    assert model.embedded == len(article.sentences)  # the out-of-scope requests came with the app


def test_the_shipped_vectors_are_what_the_model_computes():
    model = load_bge()
    shipped = VectorCache(shipped_vectors_dir() / "absent", shipped=(shipped_vectors_dir(),))
    examples = list(OUT_OF_SCOPE_EXAMPLES)
    found = shipped.peek(model.model_id + ":question", examples)
    assert found is not None, STALE
    fresh = model.passages(examples[:8])
    assert np.allclose(found[:8], fresh, atol=1e-4)


def test_a_damaged_shipped_entry_is_computed_instead(tmp_path):
    damaged = tmp_path / "shipped"
    shutil.copytree(shipped_vectors_dir(), damaged)
    for entry in damaged.glob("*.npy"):
        entry.write_bytes(b"\x93NUMPY\x01\x00garbage")
    model = CountingModel()
    answerer = Answerer(
        load_article(ARTICLE_PATH), model_loader=lambda: model, cache=VectorCache(tmp_path / "user", shipped=(damaged,))
    )
    answerer.warm_up()
    assert model.embedded > len(answerer.article.sentences)
    assert "biopsy" in answerer.answer("what is a biopsy").text.lower()

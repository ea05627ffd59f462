"""Speed without changed answers: pinned BLAS threads, vectors cached on disk."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.answering.answerer import Answerer
from assistant.answering.bge import load_bge
from assistant.answering.cache import VectorCache
from assistant.article import load_article
from tests.conftest import ARTICLE_PATH


class CountingModel:
    """The real bge model, counting the article texts it is asked to embed."""

    def __init__(self) -> None:
        self.real = load_bge()
        self.model_id = self.real.model_id
        self.embedded = 0

    def passages(self, texts):
        self.embedded += len(texts)
        return self.real.passages(texts)

    def queries(self, texts):
        return self.real.queries(texts)

    def questions(self, texts):
        self.embedded += len(texts)
        return self.real.questions(texts)

    def prepare(self, queries, questions):
        self.real.prepare(queries, questions)


def test_a_text_gets_the_same_vector_alone_and_among_others():
    """Each text has a pass of its own: the int8 model's vector would otherwise depend on its batch."""
    model = load_bge()
    texts = [
        "Hi.",
        "Breast calcifications are small spots of calcium salts.",
        "They are very small so you won’t be able to feel them and they don’t cause any pain.",
        "What is a stereotactic core biopsy and why would my doctor want one after a mammogram?",
    ]
    alone = np.stack([model.passages([t])[0] for t in texts])
    assert np.array_equal(model.passages(texts), alone)
    assert np.array_equal(model.passages(texts, threads=1), model.passages(texts, threads=2))


def test_blas_uses_one_thread_once_the_model_is_loaded():
    from threadpoolctl import threadpool_info

    load_bge()
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)


def test_second_start_loads_the_article_vectors_instead_of_computing_them(tmp_path):
    article = load_article(ARTICLE_PATH)
    first_model, second_model = CountingModel(), CountingModel()
    first = Answerer(article, model_loader=lambda: first_model, cache=VectorCache(tmp_path, shipped=()))
    first.warm_up()
    assert first_model.embedded >= len(article.sentences)
    assert list(tmp_path.glob("*.npy"))
    second = Answerer(article, model_loader=lambda: second_model, cache=VectorCache(tmp_path, shipped=()))
    second.warm_up()
    assert second_model.embedded == 0
    question = "do calcifications hurt"
    assert second.answer(question).text == first.answer(question).text


@pytest.mark.parametrize("damage", [b"", b"not a numpy file", b"\x93NUMPY\x01\x00garbage"])
def test_a_corrupt_cache_entry_is_rebuilt_silently(tmp_path, damage):
    cache = VectorCache(tmp_path)
    texts = ["one sentence.", "another sentence."]
    wanted = np.arange(768, dtype=np.float32).reshape(2, 384)
    cache.get("model", texts, lambda t: wanted)
    [entry] = tmp_path.glob("*.npy")
    entry.write_bytes(damage)
    calls = []
    again = cache.get("model", texts, lambda t: calls.append(t) or wanted)
    assert calls and np.array_equal(again, wanted)
    assert np.array_equal(cache.get("model", texts, lambda t: pytest.fail("not rebuilt")), wanted)


def test_a_cache_of_the_wrong_shape_or_model_is_not_used(tmp_path):
    cache = VectorCache(tmp_path)
    cache.get("model", ["a."], lambda t: np.ones((1, 384), np.float32))
    calls = []
    cache.get("model", ["a.", "b."], lambda t: calls.append("texts") or np.zeros((2, 384), np.float32))
    cache.get("other model", ["a."], lambda t: calls.append("model") or np.zeros((1, 384), np.float32))
    assert calls == ["texts", "model"]


def test_an_unwritable_cache_folder_is_no_error(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    cache = VectorCache(blocked / "vectors")
    vectors = cache.get("model", ["a."], lambda t: np.ones((1, 384), np.float32))
    assert vectors.shape == (1, 384)

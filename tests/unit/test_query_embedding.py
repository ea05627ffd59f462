"""The per-question path does each model's work once, in batches, with the vectors it always had."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.answering.answerer import Answerer
from assistant.answering.e5 import PASSAGE_CHUNK, load_e5
from assistant.answering.embedding import RECENT_QUERIES, load_encoder
from assistant.answering.queries import embed_ahead
from assistant.article import load_article
from tests.conftest import ARTICLE_PATH

QUESTIONS = [
    "are these white spots dangerous",
    "my mum had a mammogram last week and the letter says calcifications, do they mean cancer",
    "do they mean cancer",
    "biopsy?",
]


class Spy:
    """Counts the calls of one real method of a real object, and the texts passed to it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> None:
        self.calls: list[int] = []
        real = getattr(owner, name)

        def counted(texts, *args, **kwargs):
            self.calls.append(len(texts))
            return real(texts, *args, **kwargs)

        monkeypatch.setattr(owner, name, counted)


@pytest.fixture(scope="module")
def answerer():
    answerer = Answerer(load_article(ARTICLE_PATH))
    answerer.warm_up()
    return answerer


def test_questions_embedded_together_get_the_vectors_they_get_alone():
    encoder = load_encoder()
    alone = np.stack([encoder._forward([encoder.token_ids(q)])[0] for q in QUESTIONS])
    encoder._recent.clear()
    together = encoder.encode_queries(QUESTIONS)
    assert together.shape == (len(QUESTIONS), 384)
    assert np.abs(together - alone).max() < 1e-5


def test_a_question_is_embedded_once_however_often_it_is_asked_for(monkeypatch):
    encoder = load_encoder()
    encoder._recent.clear()
    spy = Spy(monkeypatch, encoder, "_forward")
    first = encoder.encode_queries(QUESTIONS[:2])
    again = encoder.encode_one(QUESTIONS[1])
    both = encoder.encode_queries([QUESTIONS[0], QUESTIONS[2], QUESTIONS[0]])
    assert spy.calls == [2, 1]  # the second batch only had the new text to embed
    assert np.array_equal(again, first[1])
    assert np.array_equal(both[0], both[2]) and np.array_equal(both[0], first[0])


def test_the_memory_of_recent_questions_stays_bounded():
    encoder = load_encoder()
    encoder.encode_queries([f"question number {i}" for i in range(RECENT_QUERIES + 10)])
    assert len(encoder._recent) == RECENT_QUERIES


def test_the_word_table_is_read_from_disk_only_where_used():
    """The 47 MB word-embedding table is mapped, not loaded: a question touches a few rows."""
    assert isinstance(load_encoder()._word, np.memmap) and not load_encoder()._word.flags.writeable


def test_e5_questions_in_one_call_match_one_at_a_time():
    e5 = load_e5()
    e5._recent.clear()
    together = e5.queries(QUESTIONS)
    e5._recent.clear()
    alone = np.stack([e5.queries([q])[0] for q in QUESTIONS])
    assert np.abs(together - alone).max() < 1e-5


def test_e5_article_vectors_in_chunks_match_one_call():
    e5 = load_e5()
    texts = [f"Sentence {i} of an article about calcium spots." for i in range(PASSAGE_CHUNK + 3)]
    whole = np.asarray(e5._model.passage(texts), dtype=np.float32)
    assert np.abs(e5.passages(texts) - whole).max() < 1e-6


def test_ranking_after_embedding_ahead_asks_no_model_again(answerer, monkeypatch):
    question = "my doctor said calcifications, what happens at the biopsy"
    load_encoder()._recent.clear()
    load_e5()._recent.clear()
    expected = answerer.rank(question)[0]  # not answer(): it ranks the long question's focus too
    load_encoder()._recent.clear()
    load_e5()._recent.clear()
    answerer._e5_query = None  # the answerer's own memory of its last e5 question
    answerer._embed_ahead([question])
    minilm = Spy(monkeypatch, load_encoder(), "_forward")
    e5 = Spy(monkeypatch, load_e5()._model, "query")
    ranked = answerer.rank(question)
    assert minilm.calls == [] and e5.calls == []
    assert ranked[0].sentence == expected.sentence


def test_embedding_ahead_survives_a_failing_second_model():
    class Broken:
        def queries(self, texts):
            raise RuntimeError("engine gone")

    encoder = load_encoder()
    embed_ahead(encoder, ["are these white spots dangerous"], Broken(), ["are these white spots dangerous"])
    assert "are these white spots dangerous" in encoder._recent


def test_e5_article_vectors_from_two_threads_are_bitwise_those_of_one():
    e5 = load_e5()
    texts = [f"Sentence {i} about spots, {'and a biopsy ' * (i % 5)}results." for i in range(3 * PASSAGE_CHUNK)]
    assert np.array_equal(e5.passages(texts, threads=2), e5.passages(texts, threads=1))


def test_minilm_article_vectors_from_two_threads_are_those_of_one():
    encoder = load_encoder()
    texts = [f"Sentence {i} about spots, {'and a biopsy ' * (i % 5)}results." for i in range(40)]
    assert np.array_equal(encoder.encode(texts, threads=2), encoder.encode(texts, threads=1))


def _mapped_kb(suffix: str) -> int:
    """Resident kilobytes of this process's mappings of files whose path ends with `suffix`."""
    total, current = 0, ""
    with open("/proc/self/smaps", encoding="utf-8") as smaps:
        for line in smaps:
            fields = line.split()
            if fields and "-" in fields[0] and ":" not in fields[0]:
                current = fields[5] if len(fields) > 5 else ""
            elif fields and fields[0] == "Rss:" and current.endswith(suffix):
                total += int(fields[1])
    return total


def test_memory_handed_back_after_building_vectors_changes_no_vector():
    from assistant.answering.embedding import give_back_memory

    e5, encoder = load_e5(), load_encoder()
    texts = [f"Sentence {i} about spots, {'and a biopsy ' * (i % 5)}results of the test." for i in range(40)]
    e5_before, minilm_before = e5.passages(texts), encoder.encode(texts)
    touched = _mapped_kb("e5-small-q4.bin") + _mapped_kb("/model.safetensors")
    give_back_memory()
    assert _mapped_kb("e5-small-q4.bin") + _mapped_kb("/model.safetensors") < touched
    assert np.array_equal(e5.passages(texts), e5_before)
    assert np.array_equal(encoder.encode(texts), minilm_before)


def test_e5_article_vectors_are_built_in_background_threads(monkeypatch):
    """Nicer threads: questions, speech and the screen come first while an article is prepared."""
    import os
    import threading

    from assistant.answering.e5 import BACKGROUND_NICENESS

    e5 = load_e5()
    real, seen = e5._model.passage, []

    def noting(texts):
        seen.append((threading.get_native_id(), os.getpriority(os.PRIO_PROCESS, threading.get_native_id())))
        return real(texts)

    monkeypatch.setattr(e5._model, "passage", noting)
    e5.passages([f"Sentence {i}." for i in range(2 * PASSAGE_CHUNK)])
    caller = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert seen and all(nice >= min(19, caller + BACKGROUND_NICENESS) for _, nice in seen)
    assert threading.get_native_id() not in {tid for tid, _ in seen}
    assert caller == os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

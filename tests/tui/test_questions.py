"""Pilot tests of questions: typed and spoken, answered with the article's own sentence, read in
place; read more, next answer, the glossary, and questions the article does not answer."""

import pytest

from assistant.answering.answerer import Answerer
from assistant.speech.audio_in import WavFileSource
from assistant.tui.listening import VoiceInput
from tests.tui.helpers import SIZE, make_app, status, wait_until


@pytest.fixture(scope="module")
def answerer(article):
    answerer = Answerer(article)
    answerer.warm_up()
    return answerer


async def ask(pilot, app, question: str) -> None:
    answers_before = len(app.questions.answer_log)
    await pilot.press("slash")
    app.query_one("#question").value = question
    await pilot.press("enter")
    await wait_until(pilot, lambda: len(app.questions.answer_log) > answers_before, what=f"an answer to {question!r}")
    await pilot.pause()


def panel(app) -> str:
    return app.query_one("#answer").plain


async def test_a_typed_question_is_answered_from_the_article_and_read_in_place(answerer):
    app, _ = make_app(speed=0, answerer=answerer)
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, app, "will it be painful?")
        assert "they don’t cause any pain." in panel(app)
        assert panel(app).startswith("Answer 1 of ")
        assert 'From "What are Breast Calcifications?":' in panel(app)
        await wait_until(pilot, lambda: "s2.1.3" in app.highlight_log, what="the answer to be read")
        assert app.cursor.sentence.id == "s2.1.3"
        assert 'You asked: will it be painful? From "What are Breast Calcifications?":' in app.spoken_log
        assert app.focused.id == "article"


async def test_next_answer_and_read_more(answerer):
    app, _ = make_app(speed=0, answerer=answerer)
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, app, "do calcifications hurt")
        first = app.cursor.sentence.id
        await pilot.press("a")
        await wait_until(pilot, lambda: panel(app).startswith("Answer 2 of"), what="the next answer")
        assert app.cursor.sentence.id != first
        await pilot.press("M")
        start = app.cursor.sentence
        await wait_until(pilot, lambda: "End of the section." in status(app), what="read more")
        section = app.article.sections[start.section_index]
        assert app.highlight_log[-1] == section.sentences[-1].id


@pytest.mark.parametrize(
    "question",
    [
        "what is the weather like in paris",
        "how much does the treatment cost",
        "",
        "[bold red]hi\x1b[2J",
        "¿Qué son las calcificaciones?",
        "x" * 2000,
    ],
)
async def test_questions_the_article_does_not_answer_get_a_plain_reply(answerer, question):
    app, _ = make_app(speed=0, answerer=answerer)
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, app, question)
        assert panel(app).startswith("No answer in the article")
        assert app.questions.answer is None
        reply = panel(app).split("\n", 1)[1]
        assert reply.startswith("You asked: ") == bool(question.strip()) and "\x1b" not in reply
        assert any(
            reply.endswith(known)
            for known in {
                "The article doesn't say. Your doctor can answer that.",
                "Please ask a question about the article, for example: what are breast calcifications?",
                "That question is too long for me. Please ask it in one short sentence.",
                "I can only answer questions asked in English.",
            }
        )
        await pilot.press("M")
        assert "Ask a question first" in status(app)


async def test_definitions_come_from_the_glossary_and_say_so(answerer):
    app, _ = make_app(speed=0, answerer=answerer)
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, app, "what does stereotactic mean")
        assert panel(app).startswith("Glossary\nYou asked: what does stereotactic mean. Glossary, based on ")
        view = app.query_one("#article")
        assert view.term_marks, "glossary terms are marked in the article"


async def test_the_disclaimer_command(answerer):
    app, _ = make_app(speech=False, answerer=answerer)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        assert "It is not medical advice" in panel(app)


async def test_a_spoken_question_is_answered(answerer, voice_say):
    speech = voice_say("can i feel calcifications in my breast", voice="en", rate=160)
    app, _ = make_app(speed=0, answerer=answerer, voice_input=VoiceInput(lambda: WavFileSource(speech)))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.voice.ready, timeout=30, what="the voice model")
        await pilot.press("v")
        await wait_until(pilot, lambda: app.questions.answer_log, timeout=30, what="an answer")
        transcript = "\n".join(app.query_one("#transcript").entries)
        assert "Heard question:" in transcript
        assert "you won’t be able to feel them" in panel(app)


class GatedAnswerer(Answerer):
    """The real answerer, whose warm-up waits until the test opens the gate: questions can then be
    asked, and the reader can move, before any answer is possible, without racing the models."""

    gate = None

    def warm_up(self) -> None:
        assert type(self).gate.wait(timeout=60), "the test never opened the gate"
        super().warm_up()


def gated_factory():
    import threading

    gate = threading.Event()
    factory = type("Gated", (GatedAnswerer,), {"gate": gate})
    return factory, gate


async def test_status_says_answers_are_getting_ready_until_they_are():
    factory, gate = gated_factory()
    app, _ = make_app(speed=0, answers=True, answerer_factory=factory)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "Getting answers ready..." in status(app), what="the getting-ready status")
        gate.set()
        await wait_until(pilot, lambda: app.questions.answerer is not None, what="the answerer")
        await wait_until(pilot, lambda: "Getting answers ready" not in status(app), what="the status to clear")


async def test_questions_asked_early_are_all_answered_in_the_order_asked():
    factory, gate = gated_factory()
    app, _ = make_app(speed=0, answers=True, answerer_factory=factory)
    questions = ["do calcifications hurt", "what is a stereotactic core biopsy", "how much does it cost"]
    async with app.run_test(size=SIZE) as pilot:
        for question in questions:
            await pilot.press("slash")
            app.query_one("#question").value = question
            await pilot.press("enter")
        assert "Your question will be answered in a moment" in status(app)
        gate.set()
        await wait_until(pilot, lambda: len(app.questions.answer_log) == 3, what="three answers")
        assert [r.question for r in app.questions.answer_log] == questions
        assert "pain" in app.questions.answer_log[0].text
        assert "stereotactic core biopsy" in app.questions.answer_log[1].text


async def test_a_late_answer_never_moves_the_reading_position():
    factory, gate = gated_factory()
    app, _ = make_app(speed=0, answers=True, answerer_factory=factory)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        app.query_one("#question").value = "do calcifications hurt"
        await pilot.press("enter")
        asked_at = app.cursor.sentence.id
        await pilot.press("n", "n")  # the reader moves on while the answer is not ready
        moved_to = app.cursor.sentence.id
        assert moved_to != asked_at
        gate.set()
        await wait_until(pilot, lambda: app.questions.answer_log, what="the answer")
        await pilot.pause()
        assert app.cursor.sentence.id == moved_to
        assert "your place was kept" in panel(app) and "pain" in panel(app)


async def test_spoken_utterances_are_acted_on_in_order_each_after_the_answer_before(answerer, voice_say, tmp_path):
    """A question, then "next answer" said before the answer is ready: the answer comes first."""
    from tests.speech.conftest import _join

    speech = _join(
        [voice_say("are calcifications dangerous", rate=160), voice_say("next answer", rate=160)],
        tmp_path / "then-next.wav",
        gap=1.5,
    )
    app, _ = make_app(
        speed=0,
        answerer=answerer,
        voice_input=VoiceInput(lambda: WavFileSource(speech), hands_free=True, barge_in=True),
    )
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(
            pilot,
            lambda: "Heard: next answer -> Next answer" in "\n".join(app.query_one("#transcript").entries),
            timeout=60,
            what="both utterances",
        )
        await pilot.pause()
        transcript = "\n".join(app.query_one("#transcript").entries)
        assert transcript.index("Heard question:") < transcript.index("Heard: next answer")
        assert len(app.questions.answer_log) == 1
        assert "Ask a question first" not in status(app)
        assert app.questions.turn.answer is not None and app.questions.turn.index == 1


class GatedModel:
    """The real bge model, whose article vectors wait until the test opens the gate (a new model id,
    so that nothing cached stands in for them)."""

    def __init__(self, gate) -> None:
        from assistant.answering.bge import load_bge

        self.real, self.gate = load_bge(), gate
        self.model_id = self.real.model_id + ":gated-test"

    def passages(self, texts):
        assert self.gate.wait(timeout=60), "the test never opened the gate"
        return self.real.passages(texts)

    def queries(self, texts):
        return self.real.queries(texts)

    def questions(self, texts):
        return self.real.questions(texts)

    def prepare(self, queries, questions):
        self.real.prepare(queries, questions)


async def test_a_question_asked_while_the_model_prepares_waits_and_the_status_says_so(tmp_path):
    import threading

    from assistant.answering.cache import VectorCache

    gate = threading.Event()

    def factory(article):
        return Answerer(article, cache=VectorCache(tmp_path), model_loader=lambda: GatedModel(gate))

    app, _ = make_app(speed=0, answers=True, answerer_factory=factory)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: "Getting answers ready" in status(app), timeout=60, what="getting ready")
            await pilot.press("slash")
            app.query_one("#question").value = "do calcifications hurt"
            await pilot.press("enter")
            await pilot.pause()
            assert app.questions.answer_log == [] and "Getting answers ready" in status(app)
            gate.set()
            await wait_until(pilot, lambda: app.questions.answer_log, timeout=60, what="the answer")
            assert "pain" in app.questions.answer_log[-1].text
            assert "Getting answers ready" not in status(app) and app.questions.answerer.ready
    finally:
        gate.set()


async def test_without_the_answer_model_the_status_says_so_and_questions_are_still_answered():
    from assistant.answering.bge_files import MISSING_TEXT
    from assistant.answering.embedding import EmbeddingUnavailable

    def missing():
        raise EmbeddingUnavailable(MISSING_TEXT)

    app, _ = make_app(speed=0, answers=True, answerer_factory=lambda article: Answerer(article, model_loader=missing))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "is not installed" in status(app), timeout=60, what="the missing-model note")
        await ask(pilot, app, "do calcifications hurt")
        assert "pain" in app.questions.answer_log[-1].text and app.questions.answer_log[-1].degraded

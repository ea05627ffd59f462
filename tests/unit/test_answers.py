"""Answering: real article, real model (no mocks of the ranker), parametrized tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answering.anchors import AnchorSet, load_anchors
from assistant.answering.answerer import Answer, Answerer, NoAnswer
from assistant.answering.definitions import defines, definition_term
from assistant.answering.glossary import GlossaryAnswer
from assistant.answering.results import ANSWER_TEMPLATE, NO_ANSWER_TEXT
from assistant.answering.scope import focus
from assistant.article import load_article
from assistant.cli.eval_questions import evaluate, read_cases, run_eval

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "content" / "breast-calcifications.md"
DATA = ROOT / "tests" / "data"
PUBLIC_SET = ROOT / "tests" / "data" / "questions_public.tsv"
PARAPHRASES = DATA / "answers_paraphrases.tsv"
DEV2 = DATA / "answers_dev2.tsv"
DEV3 = DATA / "answers_dev3.tsv"
HELDOUT = DATA / "answers_heldout.tsv"
QUESTIONS_FILE = ROOT / "content" / "breast-calcifications.questions.toml"

# Measured with benchmarks/answers.py; raise them when the answerer gets better, never lower them.
# The public set's are the targets; the others sit a little below what was measured, so that a
# change which loses one or two questions is noticed without every wording being pinned.
# bge (2026-11-30) puts "Because of this, your doctor ... may want you to have further tests" 0.01 above
# "Further tests are likely to include ..." for "what further tests might i need": 16 of 17 at top-1.
PUBLIC_TOP1, PUBLIC_TOP3, PUBLIC_REJECTION = 0.94, 1.0, 1.0
PARAPHRASE_TOP1, PARAPHRASE_TOP3, PARAPHRASE_REJECTION = 0.94, 0.97, 0.95
DEV2_TOP1, DEV2_TOP3, DEV2_REJECTION = 0.90, 0.97, 0.85
# Long story-like, spoken and short questions, used to calibrate the refusal (measured 92 % / 96 % / 100 %).
DEV3_TOP1, DEV3_TOP3, DEV3_REJECTION = 0.88, 0.92, 0.95
# Held-out: not tuned on; measured once after the softer refusal was calibrated on the dev sets:
# 93 % / 95 % / 100 % (before it: 66 % / 70 % / 100 %).
HELDOUT_TOP1, HELDOUT_TOP3, HELDOUT_REJECTION = 0.88, 0.90, 0.94


@pytest.fixture(scope="module")
def article():
    return load_article(ARTICLE)


@pytest.fixture(scope="module")
def answerer(article):
    answerer = Answerer(article)
    answerer.warm_up()
    return answerer


@pytest.mark.parametrize(
    ("path", "top1", "top3", "rejection"),
    [
        (PUBLIC_SET, PUBLIC_TOP1, PUBLIC_TOP3, PUBLIC_REJECTION),
        (PARAPHRASES, PARAPHRASE_TOP1, PARAPHRASE_TOP3, PARAPHRASE_REJECTION),
        (DEV2, DEV2_TOP1, DEV2_TOP3, DEV2_REJECTION),
        (DEV3, DEV3_TOP1, DEV3_TOP3, DEV3_REJECTION),
        (HELDOUT, HELDOUT_TOP1, HELDOUT_TOP3, HELDOUT_REJECTION),
    ],
)
def test_question_sets_reach_measured_accuracy(answerer, path, top1, top3, rejection):
    report = evaluate(answerer, read_cases(path))
    assert report.top1_rate >= top1, report.misses
    assert report.top3_rate >= top3, report.misses
    assert report.rejection_rate >= rejection, report.misses


@pytest.mark.parametrize("path", [PARAPHRASES, DEV3, HELDOUT])
def test_question_set_covers_every_sentence(article, path):
    keys = [k for case in read_cases(path) for k in case.keys]
    for sentence in article.sentences:
        text = sentence.text.replace("\u2019", "'").lower()
        assert any(k in text for k in keys), sentence.id


def test_every_sentence_has_anchor_questions(article):
    anchors = load_anchors(article)
    assert anchors.source == QUESTIONS_FILE and anchors.warnings == ()
    assert sorted(anchors.by_sentence) == list(range(len(article.sentences)))
    assert all(5 <= len(questions) <= 9 for questions in anchors.by_sentence.values())


def test_anchor_questions_do_not_copy_the_public_set(article):
    public = {case.question.lower() for case in read_cases(PUBLIC_SET)}
    anchors = {q.lower() for qs in load_anchors(article).by_sentence.values() for q in qs}
    assert not public & anchors


def test_missing_questions_file_is_no_error(article, tmp_path):
    assert load_anchors(article, folder=tmp_path) == AnchorSet()
    assert load_anchors(article, folder=tmp_path / "nowhere") == AnchorSet()


@pytest.mark.parametrize(
    ("content", "warning"),
    [
        ("[[sentence]\nphrase = ", "cannot be read"),
        ('[[sentence]]\nphrase = "not in the article at all"\nquestions = ["why?"]', "matches no sentence"),
        ('[[sentence]]\nphrase = "breast"\nquestions = ["why?"]', "sentences of the article"),
        ('[[sentence]]\nphrase = "very common"', "needs a phrase and a list"),
        ("sentence = 3", "no [[sentence]] entries"),
    ],
)
def test_broken_questions_file_entries_are_skipped_with_a_warning(article, tmp_path, content, warning):
    path = tmp_path / "x.questions.toml"
    path.write_text(content)
    anchors = load_anchors(article, path=path)
    assert anchors.by_sentence == {}
    assert len(anchors.warnings) == 1 and warning in anchors.warnings[0]


def test_good_entries_survive_a_broken_one(article, tmp_path):
    path = tmp_path / "x.questions.toml"
    path.write_text(
        f'article_title = "{article.title}"\n'
        '[[sentence]]\nphrase = "no such words here"\nquestions = ["a"]\n'
        '[[sentence]]\nphrase = "VERY COMMON"\nquestions = ["do many women get them", 3]\n'
    )
    anchors = load_anchors(article, folder=tmp_path)
    [(index, questions)] = anchors.by_sentence.items()
    assert "very common" in article.sentences[index].text and questions == ("do many women get them",)
    assert len(anchors.warnings) == 1


def test_article_without_questions_file_still_answers(tmp_path):
    path = tmp_path / "other.md"
    path.write_text("# Knee pain\n\n## Causes\n\nKnee pain is often caused by arthritis. It can hurt on stairs.\n")
    answerer = Answerer(load_article(path))
    assert answerer.warnings == ()
    result = answerer.answer("what causes knee pain")
    assert isinstance(result, Answer) and "arthritis" in result.sentence.text


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("will it be painful", "don't cause any pain"),
        ("do calcifications hurt", "don't cause any pain"),
        ("what is a stereotactic core biopsy", "stereotactic core biopsy"),
        ("what are breast calcifications", "small spots of calcium salts"),
    ],
)
def test_answers_quote_the_article_verbatim(answerer, article, question, phrase):
    result = answerer.answer(question)
    assert isinstance(result, Answer)
    assert phrase in result.sentence.text.replace("\u2019", "'")
    assert result.sentence in article.sentences
    assert result.text == ANSWER_TEMPLATE.format(section=result.section_title, quote=result.sentence.text)
    assert result.text.startswith('From "') and result.text.endswith(result.sentence.text)
    assert len(result.runner_ups) >= 2 and result.sentence not in [c.sentence for c in result.runner_ups]
    scores = [c.score for c in result.runner_ups]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("What does stereotactic mean?", "stereotactic"),
        ("define cyst", "cyst"),
        ("what is a radiologist", "radiologist"),
        ("what is a fibroadenoma", "fibroadenoma"),
        ("biopsy", "biopsy"),
        ("what do milk ducts mean", "milk ducts"),
    ],
)
def test_definition_requests_answer_from_the_glossary(answerer, question, term):
    result = answerer.answer(question)
    assert isinstance(result, GlossaryAnswer)
    assert result.entry.term == term
    assert result.text.startswith(f"Glossary, based on {result.entry.source}: {term}: ")


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("?!", "empty"),
        ("x" * 2000, "too_long"),
        ("what are breast calcifications " * 70, "too_long"),
        ("¿Qué son las calcificaciones?", "not_english"),
        ("was sind verkalkungen", "out_of_scope"),
        ("[bold red]x", "out_of_scope"),
        ("\x1b[31mhello\x1b[0m", "out_of_scope"),
        ("\x1b[2J\x1b[H", "empty"),
        ("hello", "out_of_scope"),
        ("what is the weather like today", "out_of_scope"),
        ("how much does an ultrasound cost", "out_of_scope"),
        ("what is the treatment for breast cancer", "out_of_scope"),
        ("who won the football game last night", "out_of_scope"),
        ("will the biopsy hurt", "out_of_scope"),
        ("how long does a biopsy take", "out_of_scope"),
        ("how long until i get my results", "out_of_scope"),
    ],
)
def test_bad_or_unanswerable_input_gets_a_clear_no_answer(answerer, question, reason):
    result = answerer.answer(question)
    assert isinstance(result, NoAnswer)
    assert result.reason == reason
    assert result.runner_ups == ()
    if reason == "out_of_scope":
        assert result.text == NO_ANSWER_TEXT == "The article doesn't say. Your doctor can answer that."


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        # personal context (who, when, how they heard, numbers) is neutral
        ("my sister phoned yesterday and says they hurt is that true", "don't cause any pain"),
        ("i'm seventy two and they found calcifications is this just because of my age", "as a woman ages"),
        # an unknown everyday word is allowed when the rest matches well
        (
            "i have been feeling my breast with my fingers all morning should i be able to feel them",
            "won't be able to feel them",
        ),
        # the last question of a story-like question, with "they" taken as the topic named before it
        (
            "my mum had a mammogram last week and the letter says she has calcifications what are they",
            "small spots of calcium salts",
        ),
        # misheard long words are mended against the article's vocabulary
        ("how is the stereo tactic core biopsy done", "stereotactic core biopsy"),
        ("can i feel calcifcations", "won't be able to feel them"),
    ],
)
def test_long_spoken_and_storylike_questions_are_answered(answerer, question, phrase):
    result = answerer.answer(question)
    assert isinstance(result, Answer), question
    assert phrase in result.sentence.text.replace("\u2019", "'")


@pytest.mark.parametrize(
    "question",
    [
        # an out-of-scope idea anywhere in the question refuses it, however well the rest matches
        "my mum had a mammogram last week and she wants to know if she needs an ultrasound as well",
        "i'm pregnant is it safe to have a mammogram",
        "will they need to remove the calcifications with surgery",
        "do calcifications go away",
        "my aunt had breast cancer are calcifications hereditary",
        "how soon will i get the results of my biopsy",
        "my mum is having a biopsy next tuesday how long will it take",
        "can men get calcifications",
    ],
)
def test_on_topic_questions_the_article_does_not_answer_are_refused(answerer, question):
    result = answerer.answer(question)
    assert isinstance(result, NoAnswer) and result.reason == "out_of_scope", question


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        ("what are they", ""),
        (
            "my mum had a mammogram last week and the letter says she has them what are they actually",
            "what are they actually",
        ),
        ("i had a cyst a few years ago could that be why i have them now", ""),
        ("the nurse rang and wants me to come in for more tests why would she want that", "why would she want that"),
    ],
)
def test_focus_is_the_last_question_of_a_long_one(tokens, expected):
    assert " ".join(focus(tokens.split())) == expected


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        ("what is a stereo tactic biopsy", "what is a stereotactic biopsy"),
        ("mama gram and biopsy", "mammogram and biopsy"),
        ("can i feel calcifcations", "can i feel calcifications"),
        ("my fingers hurt", "my fingers hurt"),
    ],
)
def test_repairer_mends_misheard_words_only(answerer, tokens, expected):
    assert answerer._repaired(tokens) == expected


def test_markup_in_a_question_is_ignored(answerer):
    result = answerer.answer("[bold red]do calcifications hurt[/]")
    assert isinstance(result, Answer) and "pain" in result.sentence.text


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("what is a cyst", "cyst"),
        ("What does stereotactic mean?", "stereotactic"),
        ("define the term core biopsy", "core biopsy"),
        ("what are breast calcifications?", "breast calcifications"),
        ("how do calcifications form", None),
    ],
)
def test_definition_term(question, term):
    assert definition_term(question) == term


@pytest.mark.parametrize(
    ("sentence", "form", "expected"),
    [
        ("Breast calcifications are small spots of calcium salts.", "calcification", True),
        ("... this is called as a stereotactic core biopsy.", "stereotactic core biopsy", True),
        ("... this is called as a stereotactic core biopsy.", "stereotactic", False),
        ("It may also have a core biopsy.", "core biopsy", False),
    ],
)
def test_defines(sentence, form, expected):
    assert defines(sentence, form) is expected


@pytest.mark.parametrize("content", [None, "", "just one column\n", "question\t\n"])
def test_eval_cli_rejects_missing_or_broken_sets(tmp_path, capsys, content):
    path = tmp_path / "set.tsv"
    if content is not None:
        path.write_text(content)
    assert run_eval(path, ARTICLE) == 2
    err = capsys.readouterr().err.strip()
    assert err and "\n" not in err and "Traceback" not in err


def test_eval_cli_prints_the_figures(capsys):
    assert run_eval(PUBLIC_SET, ARTICLE) == 0
    out = capsys.readouterr().out
    for label in ("top-1 accuracy", "top-3 accuracy", "out-of-scope rejection"):
        assert label in out


# --- an article without a questions index (tests/data/articles/, see its README) ---------------
PAP = DATA / "articles" / "abnormal-hpv-pap-test-results.md"
# Measured with benchmarks/answers.py (2026-11-30, bge in place of MiniLM and e5): tuning 64 % / 91 % /
# 88 % refused / 5 % wrongly refused (one question fewer at top-1 than with e5: the tuning figure of
# all four articles rose from 71 to 73 %); held-out 70 % / 90 % / 100 % / 10 %. Still short of the
# targets (80 % / 92 %): see tests/data/articles/README.md.
PAP_SETS = [
    (DATA / "articles" / "abnormal-hpv-pap-test-results.tuning.tsv", 0.63, 0.90, 0.85, 0.06),
    (DATA / "articles" / "abnormal-hpv-pap-test-results.heldout.tsv", 0.70, 0.90, 1.0, 0.10),
]


@pytest.fixture(scope="module")
def pap_answerer():
    answerer = Answerer(load_article(PAP))
    answerer.warm_up()
    return answerer


def test_an_article_without_an_index_uses_the_model(pap_answerer):
    assert pap_answerer.ready and not pap_answerer.degraded
    assert pap_answerer.ranker_name == "bge-small + BM25 with synonyms"


@pytest.mark.parametrize(("path", "top1", "top3", "rejection", "wrong_refusal"), PAP_SETS)
def test_article_without_index_reaches_measured_accuracy(pap_answerer, path, top1, top3, rejection, wrong_refusal):
    report = evaluate(pap_answerer, read_cases(path))
    assert report.top1_rate >= top1, report.misses
    assert report.top3_rate >= top3, report.misses
    assert report.rejection_rate >= rejection, report.misses
    assert report.wrong_refusal_rate <= wrong_refusal, report.misses


@pytest.mark.parametrize(
    ("question", "phrases"),
    [
        # Either of the article's two balanced statements is the right first answer.
        ("my smear was abnormal, is it cancer?", ("does not mean you have cancer", "do not have cancer")),
    ],
)
def test_worried_is_it_cancer_gets_the_balanced_statement_first(pap_answerer, question, phrases):
    result = pap_answerer.answer(question)
    assert isinstance(result, Answer) and any(phrase in result.text for phrase in phrases), result.text


def test_is_it_cancer_on_the_built_in_article_gets_in_most_cases_first(answerer):
    result = answerer.answer("is it cancer?")
    assert isinstance(result, Answer) and result.sentence.text.startswith("In most cases")


def test_a_sentence_that_leans_on_the_one_before_is_quoted_with_it(pap_answerer):
    [candidate] = [c for c in pap_answerer.rank("cin 1") if c.sentence.text.startswith("They usually go away")]
    texts = [s.text for s in candidate.sentences]
    assert texts == [
        "CIN 1 changes are mild, or low grade.",  # a list item, quoted without its "- "
        "They usually go away on their own and do not require treatment.",
    ]
    assert candidate.text.endswith(" ".join(texts))


def test_the_article_s_own_question_hands_its_score_to_the_answer_after_it(pap_answerer):
    ranked = pap_answerer.rank("what does it mean if my hpv test is positive after years of negative tests")
    assert not ranked[0].sentence.text.endswith("?")


@pytest.mark.parametrize(
    "question",
    [
        "how much does a colposcopy cost",
        "can i drive myself home after the colposcopy",  # far from "can i drive afterwards" but for its frame
        "which clinic near me does smear tests",
        "tell me a joke",
        "what is the capital of france",
    ],
)
def test_requests_no_article_answers_are_refused_without_a_word_list(pap_answerer, question):
    assert isinstance(pap_answerer.answer(question), NoAnswer)


@pytest.mark.parametrize(
    ("question", "frame"),
    [
        ("how much does a colposcopy cost", "how much does a it cost"),
        ("will my insurance pay for the hpv test", "will my insurance pay for the it"),
        ("what is a leep", ""),  # nothing but the article's own words: no frame to compare
        ("will i bleed after the biopsy", ""),
    ],
)
def test_request_frame_keeps_only_the_words_the_article_does_not_use(pap_answerer, question, frame):
    assert pap_answerer._frame(question) == frame
    assert isinstance(pap_answerer.answer(question), NoAnswer) == bool(frame)

"""Question -> Answer (a sentence of the article quoted verbatim), GlossaryAnswer, or NoAnswer.

Pure Python: no UI, no audio. Nothing is ever said about health that the article (or, announced as
such, the glossary) does not say: the only words added around a quotation are the templates in
assistant/answering/results.py; the texts below only say what to do instead.

How a question is answered (each step measured on our own paraphrase set, see benchmarks/answers.py):
1. Bad input (empty, very long, not English) gets a NoAnswer that says what to do instead.
2. A definition request ("what is a cyst", "define stereotactic") for a glossary term is answered
   from the article when a sentence there defines the term ("X are ...", "called X"), otherwise
   from the glossary.
3. Misheard or mistyped long words are mended ("stereo tactic", "mama gram"). A question that names
   an idea the article never speaks about (treatment, ultrasound, cost, heredity, pregnancy, how
   long things take...) is out of scope; personal context ("my mum", "yesterday", "phoned", "72")
   is neutral; any other unknown word only raises the score the answer must reach
   (see assistant/answering/scope.py). The last question of a long, story-like question counts
   as much as the whole of it in the ranking.
4. Sentences are ranked by bge's question -> passage similarity (what would be quoted), bge's best
   similarity between the question and the sentence's anchor questions (content/<article>.questions.toml,
   see assistant/answering/anchors.py; the topic words are replaced by "them" on both sides), and BM25
   on stems and synonym concepts over the sentence and over the sentence with its anchor questions.
   The best sentence must mention each idea of the question (in the sentence and its heading plus
   one of its anchor questions; all but one when there are three or more, or each idea of the
   last question) and score above the floor, or the answer is NoAnswer.
5. An article without a questions index is ranked by bge on what would be quoted (heading, the
   sentence it leans on, the sentence), BM25 on heading + sentence and a small bonus for a
   section's first sentence; whether it answers at all is one calibrated score (`_answerable`:
   how close bge puts the question to that sentence, less how close to a general out-of-scope
   request, less a little per unknown word). Without the model (not downloaded) BM25 alone
   answers and the answer says so (bge_files.MISSING_TEXT). Weights and floors:
   assistant/answering/weights.py, each with the tuning set it was chosen on.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

import numpy as np

from assistant.answering.anchors import AnchorSet, load_anchors
from assistant.answering.bge import load_bge
from assistant.answering.cache import VectorCache
from assistant.answering.coverage import Coverage
from assistant.answering.definitions import defines, definition_term
from assistant.answering.dense import DenseModels, DenseTexts, PassageModel
from assistant.answering.embedding import EmbeddingUnavailable
from assistant.answering.glossary import Glossary, GlossaryAnswer, default_glossary, normalise_term
from assistant.answering.lexical import BM25
from assistant.answering.passages import analyse, asks_if_cancer, opens_section, passage
from assistant.answering.refusal import FRAME_EXAMPLES, request_frame
from assistant.answering.results import NO_ANSWER_TEXT, Answer, Candidate, NoAnswer, Result
from assistant.answering.scope import (
    DURATION_PATTERN,
    OUT_OF_SCOPE_PATTERN,
    TIME_PATTERN,
    TIME_QUESTION_STEMS,
    Repairer,
    context_stems,
    focus,
    out_of_scope_stems,
)
from assistant.answering.topic import Topic
from assistant.answering.vocabulary import (
    SYNONYM_GROUPS,
    clean_question,
    concept_index,
    content_words,
    looks_foreign,
    stem,
    terms,
    words,
)
from assistant.article import Article, Section, Sentence

EMPTY_TEXT = "Please ask a question about the article, for example: what are breast calcifications?"
TOO_LONG_TEXT = "That question is too long for me. Please ask it in one short sentence."
NOT_ENGLISH_TEXT = "I can only answer questions asked in English."

MAX_QUESTION_CHARS = 300
"""Longer input is a paste, not a question; answering part of it could answer the wrong thing."""

from assistant.answering.weights import (  # noqa: E402, F401  (names the tuning scripts set)
    ACTOR_CONCEPTS,
    BALANCE_MARGIN,
    BGE_CENTER,
    COVERAGE_NO_INDEX,
    LEAD_HANDOFF_COST,
    LEAD_PENALTY,
    LEXICAL_HALF,
    LEXICAL_ONLY_FLOOR,
    MAX_UNCOVERED_IDEAS,
    OUT_OF_SCOPE_WORDS_EVERYWHERE,
    REFUSAL_ARTICLE_WEIGHT,
    REFUSAL_EXAMPLE_WEIGHT,
    REFUSAL_FLOOR,
    REFUSAL_FRAME_FLOOR,
    REFUSAL_SCORE_WEIGHT,
    REFUSAL_UNKNOWN_WEIGHT,
    RUNNER_UPS,
    SEMANTIC_FLOOR,
    SHORT_QUESTION,
    TOPIC_STAND_IN,
    UNKNOWN_WORD_PENALTY,
    W_ANCHOR,
    W_ANCHOR_LEXICAL,
    W_BGE,
    W_BGE_NO_INDEX,
    W_FIRST_NO_INDEX,
    W_FOCUS,
    W_LEXICAL,
    W_LEXICAL_NO_INDEX,
)


def _preload_bge() -> None:
    """load_bge ahead of the warm-up that needs it; a failure is said by that warm-up."""
    with contextlib.suppress(EmbeddingUnavailable):
        load_bge()


class Answerer:
    """Answers questions about one article. Cheap to build; the embedding model is loaded and the
    article's sentences are embedded on the first question (or by `warm_up()` in a worker thread)."""

    def __init__(
        self,
        article: Article,
        glossary: Glossary | None = None,
        model_loader: Callable[[], PassageModel] | None = load_bge,
        cache: VectorCache | None = None,
    ) -> None:
        if model_loader is load_bge:
            # Loading the model (about 0.3 s) needs nothing built below: it goes on beside it.
            threading.Thread(target=_preload_bge, name="bge-load", daemon=True).start()
        self.article = article
        self.glossary = glossary if glossary is not None else default_glossary()
        self._sentences = article.sentences
        self._index = {s.id: i for i, s in enumerate(self._sentences)}
        self._sections: dict[int, Section] = {s.index: s for s in article.sections}
        headed = [self._headed(s) for s in self._sentences]
        self._lexical = BM25([s.text for s in self._sentences])
        self._headed_lexical = BM25(headed)
        """Word matching over heading + sentence, for an article without a questions index: its
        headings are often the reader's question ("What is a common mole?")."""
        self._anchors: AnchorSet = load_anchors(article)
        self.warnings: tuple[str, ...] = self._anchors.warnings
        """Problems with the article's questions file, one sentence each, for the UI to show."""
        self._anchor_pairs = self._anchors.pairs()
        self._anchor_lexical = BM25(
            [" ".join([s.text, *self._anchors.by_sentence.get(i, ())]) for i, s in enumerate(self._sentences)]
        )
        self._known = set(self._anchor_lexical.vocabulary) | set(concept_index())
        for entry in self.glossary.entries:
            for form in entry.forms:
                self._known.update(terms(form))
        self._coverage = Coverage(article, headed, self._anchors.by_sentence, self._known)
        surface = {w for s in self._sentences for w in words(s.text)}
        surface |= {w for _, q in self._anchor_pairs for w in words(q)}
        surface |= {w for e in self.glossary.entries for f in e.forms for w in words(f)}
        surface |= {w for group in SYNONYM_GROUPS.values() for w in group}
        self._repairer = Repairer(surface)
        article_stems = set(terms(" ".join(headed)))
        self._out_of_scope = out_of_scope_stems() - article_stems
        """Out-of-scope ideas, less any the article itself uses."""
        self._topic = Topic(article.title, " ".join(s.text for s in self._sentences), self._anchors.topic_words)
        self._title_stems = set(terms(article.title.replace("-", " "))) | self._topic.stems
        self._timed = {
            t
            for s in self._sentences
            if TIME_PATTERN.search(s.text)
            for t in terms(article.sections[s.section_index].title)
        }
        """Stems of the headings of sections that give a time: what a "how long" question may ask about
        (the time a CT urogram takes is given under its heading; a PSA level raised "for a month or
        two" after a biopsy says nothing of how long the biopsy takes)."""
        self._structure = analyse(article)
        self._opens_section = np.array(opens_section(article), dtype=float)
        texts = DenseTexts(
            passages=[passage(article, self._structure, i) for i in range(len(self._sentences))],
            anchors=[self._topic.without(q) for _, q in self._anchor_pairs],
        )
        self._dense = DenseModels(texts, cache if cache is not None else VectorCache(), model_loader)
        self._anchor_owner = np.array([i for i, _ in self._anchor_pairs], dtype=int)

    # --- model ----------------------------------------------------------------------------------
    def _headed(self, sentence: Sentence) -> str:
        return f"{self._sections[sentence.section_index].title} {sentence.text}"

    def warm_up(self) -> None:
        """The model and the article's vectors ready (see DenseModels.warm_up). Safe to call from a
        worker thread; questions asked meanwhile wait for it."""
        self._dense.warm_up()

    @property
    def note(self) -> str:
        """Why answers are less good than they could be, one sentence for the reader, or ""."""
        return self._dense.note

    @property
    def ready(self) -> bool:
        """True once questions get the best answers this machine can give."""
        return self._dense.ready

    @property
    def degraded(self) -> bool:
        self.warm_up()
        return self._dense.model is None

    @property
    def ranker_name(self) -> str:
        return "BM25 with synonyms (word matching only)" if self.degraded else "bge-small + BM25 with synonyms"

    # --- answering ------------------------------------------------------------------------------
    def rank(self, question: str, focus: str = "") -> list[Candidate]:
        """All sentences, best first, with their combined scores. With a `focus` (the last question
        of a long one, see scope.focus) the score is the mean of the question's and the focus's."""
        scores = self._scores(question)
        if focus:
            scores = (1 - W_FOCUS) * scores + W_FOCUS * self._scores(focus)
        for i, lead in enumerate(self._structure.leads):
            if lead:
                following = self._structure.next_index[i]
                if following is not None:
                    scores[following] = max(scores[following], scores[i] - LEAD_HANDOFF_COST)
                scores[i] -= LEAD_PENALTY
        order = np.argsort(-scores, kind="stable")
        return [self._candidate(self._sentences[i], float(scores[i])) for i in order]

    def _scores(self, question: str) -> np.ndarray:
        """Per sentence: word matching, bge's question -> passage similarity (less BGE_CENTER, so
        that an unrelated sentence adds about nothing) and, with a questions index, bge's best
        similarity between the question and the sentence's anchor questions; without an index a
        small bonus for a section's first sentence. Weights: weights.py."""
        self.warm_up()
        model = self._dense.model
        indexed = bool(self._anchor_pairs)
        if indexed or model is None:
            lexical = np.array(self._lexical.scores(question))
            anchor_lexical = np.array(self._anchor_lexical.scores(question))
            scores = W_LEXICAL * lexical / (lexical + LEXICAL_HALF)
            scores = scores + W_ANCHOR_LEXICAL * anchor_lexical / (anchor_lexical + LEXICAL_HALF)
        else:
            lexical = np.array(self._headed_lexical.scores(question))
            scores = W_LEXICAL_NO_INDEX * lexical / (lexical + LEXICAL_HALF) + W_FIRST_NO_INDEX * self._opens_section
        if model is None or self._dense.passage_vectors is None:
            return scores
        similarity = self._dense.passage_vectors @ model.queries([question])[0] - BGE_CENTER
        scores = scores + (W_BGE if indexed else W_BGE_NO_INDEX) * similarity
        if self._dense.anchor_vectors is not None:
            best = np.zeros(len(self._sentences))
            asked = model.questions([self._topic.without(question)])[0]
            np.maximum.at(best, self._anchor_owner, self._dense.anchor_vectors @ asked)
            scores = scores + W_ANCHOR * best
        return scores

    def _calibrated(self) -> bool:
        """True when refusal is decided by `_answerable` (an article without a questions index, model ready)."""
        return not self._anchor_pairs and self._dense.model is not None and self._dense.refusal_vectors is not None

    def _answerable(self, question: str, best: Candidate, penalty: float) -> float:
        """How surely the best sentence answers: how close (bge, question -> passage) the question is
        to that sentence, less how close (question to question) it is to a kind of request no
        article answers (refusal.py), less a little for each word the article does not know.
        Below REFUSAL_FLOOR the article doesn't say; so too when the question's request frame is
        one of those requests about the article's subject ("how much does a it cost")."""
        model, passages, refusals = self._dense.model, self._dense.passage_vectors, self._dense.refusal_vectors
        assert model is not None and passages is not None and refusals is not None
        if frame := self._frame(question):
            if float(np.max(refusals[list(FRAME_EXAMPLES)] @ model.questions([frame])[0])) >= REFUSAL_FRAME_FLOOR:
                return -np.inf
        to_article = float(passages[self._index[best.sentence.id]] @ model.queries([question])[0])
        elsewhere = float(np.max(refusals @ model.questions([question])[0]))
        return (
            REFUSAL_SCORE_WEIGHT * best.score
            + REFUSAL_ARTICLE_WEIGHT * to_article
            - REFUSAL_EXAMPLE_WEIGHT * elsewhere
            - REFUSAL_UNKNOWN_WEIGHT * penalty
        )

    def _candidate(self, sentence: Sentence, score: float) -> Candidate:
        index = self._index[sentence.id]
        context = tuple(self._sentences[i] for i in self._structure.context[index])
        return Candidate(sentence, self._sections[sentence.section_index].spoken_title, round(score, 4), context)

    def _no(self, question: str, reason: str, text: str = NO_ANSWER_TEXT, closest=(), idea: str = "") -> NoAnswer:
        return NoAnswer(question, reason, text, tuple(closest), self.ranker_name, self.degraded, self.note, idea)

    def _outside_idea(self, tokens: list[str]) -> str:
        """The first words of the question naming an idea the article never speaks about, or ""."""
        if found := OUT_OF_SCOPE_PATTERN.search(" ".join(tokens)):
            return found.group(0)
        if found := DURATION_PATTERN.search(" ".join(tokens)):
            asked = set(terms(" ".join(tokens))) - TIME_QUESTION_STEMS - self._title_stems - context_stems()
            if not {t for t in asked if not t.startswith("#")} & self._timed:
                return found.group(0)
        if not (self._anchor_pairs or OUT_OF_SCOPE_WORDS_EVERYWHERE):
            return ""
        return next((w for w in tokens if stem(w.split("'")[0]) in self._out_of_scope), "")

    def answer(self, question: str) -> Result:
        raw = question if isinstance(question, str) else ""
        text = clean_question(raw)
        if not words(text):
            if looks_foreign(text):
                return self._no(raw, "not_english", NOT_ENGLISH_TEXT)
            return self._no(raw, "empty", EMPTY_TEXT)
        if len(text) > MAX_QUESTION_CHARS:
            return self._no(raw, "too_long", TOO_LONG_TEXT)
        if looks_foreign(text):
            return self._no(raw, "not_english", NOT_ENGLISH_TEXT)

        text = self._repaired(text)
        glossary_result = self._definition(raw, text)
        if glossary_result is not None:
            return glossary_result
        tokens = words(text)
        if idea := self._outside_idea(tokens):
            return self._no(raw, "out_of_scope", idea=idea)
        focused = self._topic.named_in(focus(tokens), tokens)
        if focused:
            glossary_result = self._definition(raw, focused)
            if glossary_result is not None:
                return glossary_result

        context = context_stems()
        content = content_words(text)
        known = [w for w in content if stem(w) in self._known and stem(w) not in context]
        unknown = [w for w in content if stem(w) not in self._known and stem(w) not in context]
        if not known and not (len(tokens) <= SHORT_QUESTION and terms(text)):
            return self._no(raw, "out_of_scope")
        in_focus = set(content_words(focused))
        penalty = sum(1.0 if w in in_focus or not focused else 0.5 for w in unknown)

        self._prepare(text, focused)
        ranked = self.rank(text, focused)
        floor = (LEXICAL_ONLY_FLOOR if self.degraded else SEMANTIC_FLOOR) + UNKNOWN_WORD_PENALTY * penalty
        if self._calibrated():
            floor = -np.inf  # decided below, on the best sentence, by `_answerable`
        views = [self._ideas(text)] + ([self._ideas(focused)] if focused else [])
        must_cover = bool(self._anchor_pairs) or COVERAGE_NO_INDEX
        covering = [
            c
            for c in ranked
            if c.score >= floor and (not must_cover or any(self._covers(c.sentence, v) for v in views))
        ]
        if not covering:
            return self._no(raw, "out_of_scope", closest=ranked[:3])
        best = covering[0]
        if self._calibrated() and self._answerable(text, best, penalty) < REFUSAL_FLOOR:
            return self._no(raw, "out_of_scope", closest=ranked[:3])
        if asks_if_cancer(text):
            balanced = [
                c
                for c in covering
                if self._structure.balanced[self._index[c.sentence.id]] and c.score >= best.score - BALANCE_MARGIN
            ]
            best = balanced[0] if balanced else best
        others = [c for c in ranked if c is not best][:RUNNER_UPS]
        return Answer(raw, best, tuple(others), self.ranker_name, self.degraded, self.note)

    def _prepare(self, text: str, focused: str) -> None:
        """Every vector `rank` and `_answerable` will ask the model for, embedded at once on two
        threads (see BgeEncoder.prepare): the same vectors, sooner."""
        self.warm_up()
        model = self._dense.model
        if model is None:
            return
        asked = [text, focused] if focused else [text]
        questions = [self._topic.without(q) for q in asked] if self._dense.anchor_vectors is not None else []
        if self._calibrated():
            questions += [text, *filter(None, [self._frame(text)])]
        model.prepare(asked, questions)

    def _frame(self, question: str) -> str:
        """The question's request frame (refusal.request_frame), the article's words as "it"."""
        return request_frame(question, lambda word: stem(word) in self._headed_lexical.vocabulary)

    def _repaired(self, text: str) -> str:
        """The question with misheard or mistyped long words mended (see scope.Repairer), or as it was."""
        tokens = words(text)
        context = context_stems()

        def is_known(word: str) -> bool:
            base = word.split("'")[0]
            return not content_words(base) or stem(base) in self._known or stem(base) in context

        mended = self._repairer.repair(tokens, is_known)
        return " ".join(mended) if mended != tokens else text

    def _ideas(self, question: str) -> set[frozenset[str]]:
        return self._coverage.ideas(question, self._topic.stems, context_stems())

    def _covers(self, sentence: Sentence, ideas: set[frozenset[str]]) -> bool:
        return self._coverage.covers(self._index[sentence.id], ideas)

    def _definition(self, raw: str, text: str) -> Result | None:
        term = definition_term(text) or (text.strip(" ?.!") if len(words(text)) <= 3 else None)
        entry = self.glossary.lookup(term) if term else None
        if entry is None or term is None:
            return None
        defining = [s for s in self._sentences if defines(s.text, term)]
        if not defining:
            return GlossaryAnswer(entry, raw, ranker_name="glossary", degraded=self.degraded)
        ranked = self.rank(text)
        # A section headed "What are X?" is the article's own definition of X: prefer it.
        headed = [
            c for c in ranked if c.sentence in defining and normalise_term(term) in normalise_term(c.section_title)
        ]
        best = (headed or [c for c in ranked if c.sentence in defining])[0]
        others = [c for c in ranked if c is not best][:RUNNER_UPS]
        return Answer(raw, best, tuple(others), self.ranker_name, self.degraded, self.note)

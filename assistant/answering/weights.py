"""Weights and floors of the answerer, each with where it was chosen.

Kept apart from answerer.py so that the numbers (and the sets they were chosen on) are read in one
place. For the built-in article (it has a questions index) they were chosen on
tests/data/answers_paraphrases.tsv, answers_dev2.tsv and answers_dev3.tsv; for articles without an
index (the *_NO_INDEX names and REFUSAL_*) on the tuning halves of
tests/data/articles/. Never on the public set or a held-out set.
"""

# Weights and floors, chosen on tests/data/answers_paraphrases.tsv, answers_dev2.tsv and answers_dev3.tsv (not on the
# public set, and not on the held-out set).
W_LEXICAL, LEXICAL_HALF = 0.5, 3.0
W_BGE = 2.0
"""Weight of bge's question -> passage similarity (what would be quoted) for the built-in article."""
BGE_CENTER = 0.60
"""Subtracted from bge's cosine so that a typical unrelated sentence adds about nothing."""
LEAD_PENALTY = 0.3
"""Taken off a sentence that only leads to what follows (the article's own question, a list
lead-in), whose score is handed on to the next sentence (see passages.py)."""
LEAD_HANDOFF_COST = 0.2
"""The sentence after a lead gets the lead's score less this (it answers, but less surely)."""
BALANCE_MARGIN = 0.6
"""For "is it cancer?", a balanced statement this close to the best sentence is preferred."""
W_ANCHOR = 2.0
"""Weight of the best bge similarity between the question and the sentence's anchor questions
(both without bge's query prefix: question to question)."""
W_ANCHOR_LEXICAL = 0.5
"""Weight of BM25 over the sentence together with its anchor questions."""
TOPIC_STAND_IN = "them"
"""Anchor questions and the question are compared with the article's topic ("breast
calcifications") replaced by this word: nearly every question names the topic, so it only makes
unrelated questions look alike."""
OUT_OF_SCOPE_WORDS_EVERYWHERE = False
"""The list of ideas a breast-calcification article never speaks about (scope.OUT_OF_SCOPE_WORDS)
was written for the built-in article; for other articles it refused real questions ("baby",
"man", "operation"), so there only the score decides."""
W_BGE_NO_INDEX, W_LEXICAL_NO_INDEX, W_FIRST_NO_INDEX = 6.0, 0.1, 0.1
"""Weights for an article without a questions index: bge on what would be quoted, BM25 on heading +
sentence, a bonus for a section's first sentence. Chosen on the tuning parts of tests/data/articles/
(86 questions; see tests/data/articles/README.md)."""
REFUSAL_SCORE_WEIGHT, REFUSAL_ARTICLE_WEIGHT, REFUSAL_EXAMPLE_WEIGHT, REFUSAL_UNKNOWN_WEIGHT = 0.0, 5.0, 10.0, 1.0
REFUSAL_FLOOR = -4.81
"""Refusal for an article without a questions index, once bge is ready (Answerer._answerable):
5 x bge's cosine between the question (as a query) and the best sentence (as a passage), less 10 x
its highest cosine, question to question, with a general out-of-scope request (refusal.py), less
1 per unknown word; below -4.81 (midway between the nearest two questions of each kind) it is
refused. Chosen on the tuning parts of tests/data/articles/
(86 in-scope, 32 out-of-scope questions) by a grid over these weights, the combined score's and
the query form of the example similarity, minimising 2 x in-scope wrongly refused + out-of-scope
answered: 1 and 4 (the combined score added nothing). e5's calibrated refusal had 3 and 3 there."""
REFUSAL_FRAME_FLOOR = 0.77
"""An article without a questions index refuses a question whose request frame (refusal.request_frame:
"how much does a cystoscopy cost" -> "how much does a it cost") has bge cosine >= this, question to
question, with a general out-of-scope request (not the time requests). Chosen on the tuning parts
of tests/data/articles/: their out-of-scope frames lie at 0.80-0.97, in-scope ones at most 0.74
(midway); it refused one more out-of-scope question there (a cost) and no in-scope one."""
COVERAGE_NO_INDEX = False
"""Whether, without a questions index, the answer must mention each idea of the question: it cost
3 points of top-1 and refused nothing more."""
SEMANTIC_FLOOR = 1.70
"""Below this combined score the best sentence is not an answer (off-topic questions score < 0.3)."""
LEXICAL_ONLY_FLOOR = 0.20
"""The same floor for the word-matching ranker alone (its score is 0.5 * bm25 / (bm25 + 3))."""
UNKNOWN_WORD_PENALTY = 0.10
"""How much higher the best score must be for each word of the question that is neither known nor
personal context (see assistant/answering/scope.py): an unknown word may be harmless ("fingers")
or the very thing asked about, so a question with several needs a clearer match to be answered."""
MAX_UNCOVERED_IDEAS = 1
"""A question with three or more ideas is answered by a sentence that covers all but this many:
long questions carry side ideas ("i feel fine", "a few years ago") that no sentence speaks to."""
W_FOCUS = 0.5
"""Weight of the last question of a long question in its ranking (the rest is the whole question)."""
SHORT_QUESTION = 5
"""A question of this many words or fewer may be all question words ("where would they be")."""
RUNNER_UPS = 4
ACTOR_CONCEPTS = frozenset({"doctor"})
"""Who does something ("my doctor", "the nurse") is not what a question is about: a sentence
need not name them to answer it."""

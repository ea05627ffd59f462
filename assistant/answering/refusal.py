"""Kinds of question no health article answers, as examples for a calibrated refusal.

Why examples and not word lists: a list of "out-of-scope words" written for one article refused
real questions about another ("man", "baby", "operation" are in scope for a PSA or a cervical
screening page). Instead the question is compared, with the question -> passage model, both with
these general kinds of request and with the article's best sentence; when it is clearly closer
to a request for costs, doses, a hospital, a personal diagnosis, diet, timing or small talk than
to anything the article says, the answer is that the article doesn't say. How much closer
(`REFUSAL_*` in weights.py) was chosen on the tuning halves of tests/data/articles/.
The examples are generic (no article's words), one line per kind of request.
"""

from __future__ import annotations

OUT_OF_SCOPE_EXAMPLES = (
    "how much does it cost",
    "will my insurance pay for it",
    "what dose should i take",
    "how many tablets can i take",
    "which hospital should i go to",
    "where is the nearest clinic",
    "who is the best doctor for this",
    "do i have cancer",
    "am i going to die",
    "what are my chances of survival",
    "what should i eat",
    "should i stop drinking alcohol",
    "tell me a joke",
    "what is the weather today",
    "what time is it",
    "how long will it take",
    "when will i get my results",
    "can i drive afterwards",
    "can i have sex afterwards",
    "can i go back to work",
    "is it safe during pregnancy",
    "is it hereditary",
    "which treatment is best",
    "will i need chemotherapy",
    "what painkillers can i take afterwards",
    "how much does the test cost",
    "what foods should i avoid",
    "can i eat or drink before the test",
    "is it contagious",
    "does my partner need to be tested too",
    "what is the best hospital near me",
    "is surgery better than radiation",
)

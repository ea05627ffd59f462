"""Kinds of question no health article answers, as examples for a calibrated refusal.

Why examples and not word lists: a list of "out-of-scope words" written for one article refused
real questions about another ("man", "baby", "operation" are in scope for a PSA or a cervical
screening page). Instead the question is compared, with the question -> passage model, both with
these general kinds of request and with the article's best sentence; when it is clearly closer
to a request for costs, doses, a hospital, a personal diagnosis, diet, timing or small talk than
to anything the article says, the answer is that the article doesn't say. How much closer
(`REFUSAL_*` in weights.py) was chosen on the tuning halves of tests/data/articles/.
The examples are generic (no article's words), one line per kind of request.

A question about the article's own subject ("how much does a cystoscopy cost") is far from the
generic request ("how much does it cost") as a whole, since half its words are the article's; so it
is also compared as its *request frame* (`request_frame`: the words the article uses replaced by
"it", "how much does a it cost"). A frame very close to one of the requests below is refused
outright (weights.REFUSAL_FRAME_FLOOR).
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.answering.vocabulary import content_words, words

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

TIME_REQUESTS = frozenset({"how long will it take", "when will i get my results", "what time is it"})
"""Requests whose frame is not compared: "how long does the CT urogram take" is answered when the
article gives the time (scope.DURATION_PATTERN decides it), and "what is it" frames look like
"what time is it"."""

FRAME_EXAMPLES = tuple(i for i, example in enumerate(OUT_OF_SCOPE_EXAMPLES) if example not in TIME_REQUESTS)
"""Positions in OUT_OF_SCOPE_EXAMPLES of the requests a frame is compared with."""


def request_frame(question: str, article_uses: Callable[[str], bool]) -> str:
    """The question with each content word the article uses as "it" (a run of them as one "it"),
    or "" when that leaves no content word of its own (nothing but the article's subject: "what is
    a leep") or changes nothing (the plain comparison covers it)."""
    content = set(content_words(question))
    out: list[str] = []
    for word in words(question):
        token = "it" if word.split("'")[0] in content and article_uses(word.split("'")[0]) else word
        if not (token == "it" and out and out[-1] == "it"):
            out.append(token)
    frame = " ".join(out)
    if frame == " ".join(words(question)) or not content_words(" ".join(t for t in out if t != "it")):
        return ""
    return frame

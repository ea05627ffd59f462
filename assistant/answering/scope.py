"""Deciding whether a question's words put it out of the article's scope.

Why not "every unknown word means out of scope": worried readers tell a story before they ask
("my mum phoned yesterday, the letter says..."), and a speech recogniser splits or mishears long
words ("mama gram", "stereo tactic"). So the words of a question fall into four kinds:
- words the article, its questions file, the glossary or the synonym map know: they are matched;
- personal context (who, when, how we heard, how we feel, numbers): neutral, never a reason to refuse;
- out-of-scope medical ideas (treatment, other scans, cost, heredity, pregnancy, timing...): the
  article says nothing about them, so a question that uses one is refused whatever else it says;
- any other unknown word: allowed, but each one raises the score the best sentence must reach.
The lists below are general English, written from what people ask about screening recalls, not
from any test question.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.answering.vocabulary import stem

CONTEXT_WORDS = frozenset(
    """
mum mums mom moms mummy mother mothers dad father daughter daughters son sons sister sisters brother
brothers aunt aunty auntie uncle wife husband partner friend friends neighbour neighbor gran granny
nan nana grandma grandmother niece nephew cousin colleague boss lady woman girl kids children
yesterday today tonight tomorrow morning mornings afternoon evening night nights week weeks weekend
month months year years fortnight ago last recently lately earlier monday tuesday wednesday thursday friday
saturday sunday january february march april june july august september october november december
phoned phone phoning rang ring ringing rung called call calling emailed email wrote written write
texted text message messaged post posted letters leaflet leaflets paperwork
says saying said told telling mentioned explained
sorry thanks thank cheers dear love hello pardon excuse silly stupid daft question questions
upset upsetting sick worried stressed stress sleep sleeping slept crying cry tearful shaking
confused confusing understand understood word words long-winded english
good fine ok alright true false bit bits little big total totally completely
two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty
seventy eighty ninety hundred
apart besides except otherwise although though however whether either neither
""".split()
)
"""Who, when, how the reader heard and how they feel: context, not what they ask about."""

OUT_OF_SCOPE_WORDS = frozenset(
    """
treat treats treated treating treatment treatments therapy therapies cure cured cures curing
medicine medicines medication medications drug drugs tablet tablets pill pills aspirin painkiller
painkillers paracetamol ibuprofen anaesthetic anesthetic anaesthesia anesthesia numb numbing
surgery surgeon surgical operation operate operated lumpectomy mastectomy remove removed removal
removing excision chemotherapy chemo radiotherapy radiation dose hormone hormones tamoxifen
drive driving
ultrasound sonogram mri ct tomosynthesis thermography
cost costs price pay paid insurance insured fee fees free private money afford
gene genes genetic genetics hereditary inherit inherited inheritance brca
men man male males boy
pregnant pregnancy breastfeeding breastfed nursing baby implant implants
diet food foods eat eating drink drinking coffee caffeine alcohol smoking smoke vitamin vitamins
supplement supplements dairy exercise weight deodorant deodorants antiperspirant
scar scars scarring bruise bruising bleed bleeding stitches recovery recover heal healing
survival survive prognosis stage stages grade metastasis metastatic
away disappear disappears dissolve shrink shrinks grow grows growing bigger larger
soon wait waiting quickly
prevent prevention avoid
second opinion opinions
""".split()
)
"""Medical and practical ideas the article never speaks about. A question that uses one is asking
something the article cannot answer, even when its other words match a sentence well."""


DURATION_PATTERN = re.compile(
    r"\bhow (?:long|soon) (?:will|would|does|do|did|is|are|until|till|before|after|for|to)\b"
    r"(?!.*\b(?:cells?|live|lives|lived|life|lifespan|last|lasts)\b)"
    r"|\bwhen (?:will|do|would|can) (?:i|we|she|he|they) (?:get|hear|know|find out)\b"
)
"""Questions about how long things take or when results come: out of scope unless the article gives
a time for what is asked about (Answerer._outside_idea): the built-in article gives no times, but
another may ("About 10 minutes later, a final scan is taken")."""
TIME_PATTERN = re.compile(r"\b(?:seconds?|minutes?|hours?|days?|weeks?|months?)\b", re.IGNORECASE)
"""A sentence that gives a time ("about 10 minutes later", "every 3 to 6 months")."""
TIME_QUESTION_STEMS = frozenset(stem(w) for w in "long soon take takes wait result results back come".split())
"""Words of a time question that do not say what it is about ("how long will the results take")."""
OUT_OF_SCOPE_PATTERN = re.compile(
    r"^(?:so |but )?(?:do|does|might|could|may) (?:i|she|he|my \w+) (?:already )?(?:have|has) (?:got )?"
    r"(?:\w+ ){0,3}(?:cancer|melanoma|carcinoma|tumou?r|it)$"
    r"|^(?:have|has) (?:i|she|he|my \w+) got (?:\w+ ){0,3}(?:cancer|melanoma|carcinoma|tumou?r|it)$"
    r"|\bam i (?:going to die|dying)\b"
)
"""Questions for a personal diagnosis ("do i have bladder cancer", "have i got it"): an article can say what a
result may mean, never whether this reader has the disease. The calibrated refusal (Answerer._answerable)
misses these, since the article speaks of that very cancer."""

QUESTION_STARTS = frozenset(
    """
what whats why how where when which who can could should would will do does did is are am was
were has have might must may shall
""".split()
)
SUBJECTS = frozenset("i you we they it she he that this there who which what".split())
EMBEDDING = frozenset("be been know wonder wondering sure tell me ask asking if".split())
"""Words after which a question word starts an embedded clause ("could that be why ...",
"tell me what ..."), not a new question."""


def focus(tokens: list[str]) -> list[str]:
    """The last question of a long, story-like question ("my mum had a mammogram last week and
    the letter says she has them what are they actually" -> "what are they actually"), or []
    when the question is short or the last question is too short to stand alone."""
    if len(tokens) < 9:
        return []
    for i in range(len(tokens) - 3, 2, -1):
        if tokens[i] in QUESTION_STARTS and tokens[i - 1] not in QUESTION_STARTS | SUBJECTS | EMBEDDING:
            # "... is that true" and "could that be why ..." point back at the story: the whole
            # question is the question.
            points_back = tokens[i + 1] in ("that", "this") and (tokens[i + 2] == "be" or len(tokens) - i <= 3)
            return [] if points_back else tokens[i:]
    return []


@lru_cache(maxsize=1)
def out_of_scope_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in OUT_OF_SCOPE_WORDS)


@lru_cache(maxsize=1)
def context_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in CONTEXT_WORDS)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or limit + 1 as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


class Repairer:
    """Mends misheard or mistyped long words against the article's own vocabulary: "stereo tactic"
    -> "stereotactic", "mama gram" -> "mammogram", "calcifcations" -> "calcifications".

    Only words the answerer does not know are touched, only towards a known word of six letters or
    more with the same first letter, so everyday words are never rewritten into medical ones."""

    def __init__(self, vocabulary: set[str]) -> None:
        self._by_initial: dict[str, list[str]] = {}
        for word in sorted(vocabulary):
            if len(word) >= 6 and word.isalpha():
                self._by_initial.setdefault(word[0], []).append(word)
        self._cache: dict[str, str | None] = {}

    def closest(self, word: str) -> str | None:
        if word in self._cache:
            return self._cache[word]
        found = None
        if len(word) >= 5 and word.isalpha():
            limit = 1 if len(word) < 8 else 2
            best = limit + 1
            for known in self._by_initial.get(word[0], ()):
                distance = edit_distance(word, known, limit)
                if distance < best:
                    best, found = distance, known
        self._cache[word] = found
        return found

    def repair(self, tokens: list[str], is_known) -> list[str]:
        """`tokens` with unknown words (or two adjacent words, joined) replaced by a known word."""
        out: list[str] = []
        i = 0
        while i < len(tokens):
            word = tokens[i]
            if not is_known(word):
                if i + 1 < len(tokens):
                    joined = self.closest(word + tokens[i + 1]) if word.isalpha() and tokens[i + 1].isalpha() else None
                    if joined is not None and (not is_known(tokens[i + 1]) or joined == word + tokens[i + 1]):
                        out.append(joined)
                        i += 2
                        continue
                fixed = self.closest(word)
                if fixed is not None:
                    out.append(fixed)
                    i += 1
                    continue
            out.append(word)
            i += 1
        return out

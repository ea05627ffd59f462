"""Words: cleaning a question, stemming, stop words and a generic map of lay synonyms.

Why a synonym map: people ask "will it hurt" where the article says "pain", and stems alone
cannot see that. The groups below are general English and lay medical equivalents of ideas that
occur in the article; they were written from the article's vocabulary, not from any question set.
Each word maps to one or more concept names, so a question and a sentence match when they share a
stem or a concept.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from assistant.article import clean_text

_STEMMER = snowballstemmer.stemmer("english")

STOP_WORDS = frozenset(
    """
a about above after again against all am an and any are aren arent as at be because been before
being below between both but by can cannot could couldn did didn do does doesn doing don dont down
during each few for from further had has have having he her here hers herself him himself his how
i if in into is isn it its itself just let ll me more most my myself no nor not of off on once only
or other our ours ourselves out over own re s same she should so some such t than that the their
theirs them themselves then there these they this those through to too under until up us ve very
wasn weren hasn haven hadn shouldn mustn needn mightn
was we were what when where which while who whom why will with would won wouldn you your yours
yourself yourselves shall may might must also ok okay please oh hey hi well something anything
thing things
""".split()
)
"""Common English words that carry no topic (a standard list, trimmed of words that do)."""

FRAME_WORDS = frozenset(
    """
mean means meant meaning tell know explain say says said happen happens happening need needs
needed needing get gets getting got really actually exactly possible possibly generally typically
still kind sort type way go goes going come comes coming make makes made want wants wanted usually
often sometimes ever always anyone someone somebody people person one ones lot lots much many
like look looks sure yes guess think probably likely ask asks asked first later soon right
order ordered linked related connected associated involve involved
anyway anyhow now then just even yet already again else instead actually honestly basically
im ive id youre theyre thats whats wheres hows isnt wasnt arent werent cant wont
came sent send sending told give gives gave given giving put puts take takes took taken taking
let lets keep keeps kept stay stays try tried trying hear heard read letter asking
dear doc um uh er hmm erm mine myself somewhat quite rather
""".split()
)
"""Words that shape a question but not its topic: they never make a question out of scope."""

SYNONYM_GROUPS: dict[str, tuple[str, ...]] = {
    "pain": (
        "pain",
        "painful",
        "hurt",
        "hurts",
        "hurting",
        "ache",
        "aching",
        "sore",
        "soreness",
        "tender",
        "tenderness",
        "discomfort",
        "uncomfortable",
        "sting",
    ),
    "feel": ("feel", "feeling", "touch", "touching", "palpable", "notice", "sense", "detect"),
    "cancer": (
        "cancer",
        "cancerous",
        "malignant",
        "malignancy",
        "tumour",
        "tumor",
        "tumours",
        "tumors",
        "carcinoma",
        "oncology",
    ),
    "benign": ("benign", "harmless", "noncancerous", "innocent", "safe", "normal", "nothing"),
    "wrong": (
        "wrong",
        "worry",
        "worried",
        "worrying",
        "concern",
        "concerned",
        "concerning",
        "serious",
        "bad",
        "problem",
        "dangerous",
        "alarming",
        "scared",
        "afraid",
        "anxious",
        "fear",
        "nervous",
        "panic",
    ),
    "common": (
        "common",
        "usual",
        "frequent",
        "frequently",
        "typical",
        "widespread",
        "prevalent",
        "rare",
        "uncommon",
        "unusual",
        "everyone",
        "women",
    ),
    "cause": (
        "cause",
        "causes",
        "caused",
        "reason",
        "reasons",
        "trigger",
        "triggers",
        "lead",
        "leads",
        "due",
        "originate",
        "source",
        "responsible",
        "produce",
        "because",
        "why",
        "develop",
        "develops",
        "form",
        "forms",
        "formed",
        "arise",
        "emerge",
        "build",
    ),
    "develop": (
        "develop",
        "develops",
        "form",
        "forms",
        "formed",
        "appear",
        "appears",
        "arise",
        "occur",
        "occurs",
        "grow",
        "grows",
        "emerge",
        "build",
        "show",
        "turn",
    ),
    "age": ("age", "ages", "aging", "ageing", "older", "old", "elderly", "naturally", "natural", "time", "years"),
    "risk": (
        "risk",
        "risks",
        "chance",
        "chances",
        "likelihood",
        "odds",
        "probability",
        "increase",
        "increases",
        "raise",
        "raises",
        "higher",
        "boost",
        "risky",
    ),
    "test": (
        "test",
        "tests",
        "testing",
        "exam",
        "exams",
        "examination",
        "check",
        "checks",
        "checkup",
        "investigation",
        "investigations",
        "procedure",
        "procedures",
        "assessment",
        "workup",
        "scan",
        "scans",
        "further",
        "additional",
        "extra",
        "another",
        "next",
    ),
    "doctor": (
        "doctor",
        "doctors",
        "nurse",
        "nurses",
        "physician",
        "gp",
        "specialist",
        "clinician",
        "consultant",
        "radiologist",
        "radiologists",
        "team",
        "hospital",
        "clinic",
    ),
    "return": (
        "return",
        "back",
        "attend",
        "follow",
        "followup",
        "recall",
        "recalled",
        "callback",
        "revisit",
        "appointment",
        "skip",
        "miss",
        "ignore",
        "bother",
        "important",
        "necessary",
        "essential",
        "vital",
        "matter",
    ),
    "mammogram": (
        "mammogram",
        "mammograms",
        "mammography",
        "mammographic",
        "xray",
        "x-ray",
        "imaging",
        "image",
        "images",
        "picture",
        "pictures",
        "screening",
        "radiograph",
    ),
    "biopsy": ("biopsy", "biopsies", "sample", "samples", "needle", "specimen"),
    "locate": (
        "locate",
        "located",
        "find",
        "finding",
        "found",
        "pinpoint",
        "target",
        "guide",
        "guided",
        "position",
        "identify",
        "seen",
        "see",
        "visible",
        "visualize",
        "visualise",
        "visualized",
        "observe",
        "observed",
        "view",
        "spot",
        "detected",
        "detect",
        "computer",
    ),
    "small": ("small", "tiny", "little", "minute", "size", "big", "large", "microscopic"),
    "deposit": (
        "spot",
        "spots",
        "speck",
        "specks",
        "dot",
        "dots",
        "deposit",
        "deposits",
        "fleck",
        "flecks",
        "particle",
        "particles",
        "grain",
        "grains",
        "salt",
        "salts",
        "mineral",
        "minerals",
        "calcium",
        "made",
        "consist",
        "composed",
    ),
    "where": (
        "where",
        "whereabouts",
        "spread",
        "anywhere",
        "location",
        "place",
        "part",
        "parts",
        "area",
        "areas",
        "region",
        "site",
        "everywhere",
        "throughout",
    ),
    "information": (
        "information",
        "info",
        "enough",
        "clear",
        "unclear",
        "certain",
        "conclusive",
        "inconclusive",
        "sufficient",
        "insufficient",
        "answer",
        "tell",
    ),
    "diagnosis": (
        "diagnosis",
        "diagnose",
        "diagnosed",
        "result",
        "results",
        "findings",
        "conclusion",
        "accurate",
        "accurately",
    ),
    "detail": (
        "detailed",
        "detail",
        "details",
        "closeup",
        "close-up",
        "closer",
        "magnified",
        "magnification",
        "zoom",
        "zoomed",
        "enlarged",
        "clearer",
        "carefully",
        "careful",
        "closely",
        "thorough",
        "thoroughly",
    ),
    "cell": ("cell", "cells", "cellular", "lining", "line", "lines", "duct", "ducts", "milk"),
    "life": (
        "live",
        "lives",
        "life",
        "lifespan",
        "period",
        "die",
        "dies",
        "dead",
        "death",
        "turnover",
        "renew",
        "replaced",
        "replace",
        "shed",
        "lifetime",
    ),
    "lump": (
        "cyst",
        "cysts",
        "fibroadenoma",
        "fibroadenomas",
        "lump",
        "lumps",
        "growth",
        "growths",
        "fibrocystic",
        "changes",
        "change",
    ),
    "sign": (
        "sign",
        "signs",
        "signal",
        "indicate",
        "indicates",
        "indication",
        "symptom",
        "symptoms",
        "marker",
        "warning",
        "evidence",
        "early",
    ),
    "breast": ("breast", "breasts", "chest", "body", "tissue", "tissues"),
}


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


@lru_cache(maxsize=1)
def concept_index() -> dict[str, frozenset[str]]:
    """stem -> the concept names it belongs to."""
    index: dict[str, set[str]] = {}
    for concept, words in SYNONYM_GROUPS.items():
        for word in words:
            index.setdefault(stem(word.replace("-", "")), set()).add(concept)
    return {key: frozenset(value) for key, value in index.items()}


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2032": "'"})
_MARKUP = re.compile(r"\[/?[a-zA-Z#@][\w .,#=:@-]*\]")
_X_RAY = re.compile(r"\bx[\s-]+ray")
"""Speech recognisers write "x ray" as two words."""
_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


def clean_question(text: str) -> str:
    """Terminal escapes, control characters and Rich/Textual markup tags removed; quotes folded;
    spaces collapsed. What is left is only ever matched, never shown as an answer."""
    text = clean_text(text or "").replace("\n", " ")
    text = _MARKUP.sub(" ", text.translate(_QUOTES))
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """Lower-case words; contractions kept whole ("don't"), hyphenated words joined ("x-ray")."""
    folded = _X_RAY.sub("xray", text.translate(_QUOTES).lower())
    return [w.replace("-", "") if w.count("-") == 1 and len(w) <= 8 else w for w in _WORD.findall(folded)]


def content_words(text: str) -> list[str]:
    """Words that name the topic of a question: not stop words, not question framing."""
    found = []
    for word in words(text):
        base = word.split("'")[0]
        if base in STOP_WORDS or base in FRAME_WORDS or len(base) < 2 or base.isdigit():
            continue
        found.append(base)
    return found


def terms(text: str) -> list[str]:
    """Index terms of a text: stems of its non-stop words plus '#concept' for each synonym group."""
    index = concept_index()
    out: list[str] = []
    for word in words(text):
        base = word.split("'")[0]
        s = stem(base)
        if len(base) < 2 or (base in STOP_WORDS and s not in index):
            continue  # "where", "why" and "because" stay: they name a kind of answer
        out.append(s)
        out.extend("#" + concept for concept in sorted(index.get(s, ())))
    return out


def looks_foreign(text: str) -> bool:
    """Spanish/French/German-style letters or punctuation: the reader answers English only."""
    if "¿" in text or "¡" in text:
        return True
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    non_ascii = sum(1 for c in letters if ord(c) > 127)
    return (
        non_ascii >= 1
        and any(unicodedata.combining(ch) for c in text for ch in unicodedata.normalize("NFD", c))
        or non_ascii / len(letters) > 0.3
    )

"""Phonetic repair of misheard words against one article's vocabulary.

The small Vosk model hears unknown medical words as everyday ones that sound alike: "biopsy" as
"my opposite", "are breast" as "armrest", "hurt" as "dirt". espeak-ng turns both into phonemes
(`espeak-ng -q -x`, ASCII, one process for many lines); a span of one to three words that the
article does not use, whose phonemes are close (weighted edit distance, similar sounds cheap) to an
article word or two-word phrase spelt differently, is replaced by it. Pure apart from espeak-ng;
without it, nothing is repaired. Used by `assistant.answering.spoken.choose_question`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from collections.abc import Iterable, Sequence

from assistant.answering.vocabulary import FRAME_WORDS, STOP_WORDS, SYNONYM_GROUPS, words

MAX_DISTANCE = 0.36
"""Largest normalised phoneme distance for a repair (0 same sounds, 1 nothing alike). 0.36 lets
"my opposite" become "biopsy" (0.35); 0.34-0.40 refused the same off-topic questions, spoken
(tests/data/spoken_questions_offtopic.tsv) and typed (every OUT_OF_SCOPE line in tests/data)."""
MAX_SPAN = 3
"""Words of a hypothesis replaced at most by one repair."""
MIN_PHONEMES = 4
"""Shorter spans ("dirt", "or") are never repaired: too many article words sound like them ("duct")."""

_VOICE = "en-us"
_DIGRAPHS = (
    "aI@",
    "aU@",
    "aI",
    "aU",
    "eI",
    "oU",
    "OI",
    "i@",
    "e@",
    "U@",
    "A@",
    "O@",
    "o@",
    "3:",
    "A:",
    "i:",
    "u:",
    "O:",
    "a#",
    "I#",
    "tS",
    "dZ",
    "@L",
    "I2",
)
_TOKEN = re.compile("|".join(re.escape(d) for d in _DIGRAPHS) + r"|[a-zA-Z@0-9]")
_VOWELS = set("aeiouAEIOUV03@") | {d for d in _DIGRAPHS if d not in ("tS", "dZ")}
_CLOSE_CONSONANTS = [
    set(g)
    for g in (
        ("p", "b"),
        ("t", "d", "T", "D"),
        ("k", "g"),
        ("f", "v"),
        ("s", "z"),
        ("S", "Z"),
        ("tS", "dZ"),
        ("m", "n", "N"),
        ("m", "b"),
        ("l", "r"),
        ("w", "v"),
    )
]


def _tokens(phonemes: str) -> tuple[str, ...]:
    """espeak-ng ASCII phonemes without stress or word marks, as phoneme symbols."""
    return tuple(_TOKEN.findall(phonemes.replace("'", "").replace(",", "").replace(";", "")))


def _substitution(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if a in _VOWELS and b in _VOWELS:
        return 0.3
    if any(a in g and b in g for g in _CLOSE_CONSONANTS):
        return 0.5
    return 1.0


def _indel(a: str) -> float:
    return 0.5 if a in _VOWELS else 1.0


def distance(a: Sequence[str], b: Sequence[str], cutoff: float = 1.0) -> float:
    """Weighted edit distance between phoneme sequences, over the longer one's length (any value
    above `cutoff` may be returned as 1.0: the search stops once it cannot come under it)."""
    if not a or not b:
        return 1.0
    bound = cutoff * max(len(a), len(b))
    row = [0.0]
    for y in b:
        row.append(row[-1] + _indel(y))
    for x in a:
        previous, row[0] = row[0], row[0] + _indel(x)
        for j, y in enumerate(b, start=1):
            previous, row[j] = row[j], min(row[j] + _indel(x), row[j - 1] + _indel(y), previous + _substitution(x, y))
        if min(row) > bound:
            return 1.0
    return row[-1] / max(len(a), len(b))


def espeak_phonemes(lines: Iterable[str], voice: str = _VOICE) -> list[str]:
    """espeak-ng phonemes of each line, in one process; empty strings if espeak-ng is missing."""
    lines = [" ".join(line.split()) for line in lines]
    if not lines:
        return []
    if shutil.which("espeak-ng") is None:
        return ["" for _ in lines]
    text = "".join(f"{line}.\n" for line in lines)
    try:
        done = subprocess.run(
            ["espeak-ng", "-q", "-x", "-v", voice], input=text, capture_output=True, text=True, timeout=30
        )
        out = [line.strip() for line in done.stdout.splitlines() if line.strip()]
        if len(out) != len(lines):  # espeak joined or split a clause: fall back to one line at a time
            out = []
            for line in lines:
                one = subprocess.run(
                    ["espeak-ng", "-q", "-x", "-v", voice], input=line, capture_output=True, text=True, timeout=30
                )
                out.append(" ".join(one.stdout.split()))
    except (OSError, subprocess.SubprocessError):
        return ["" for _ in lines]  # no phonemes: nothing is repaired, questions are answered as heard
    return out


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 4 else word


def _is_function(word: str) -> bool:
    base = word.split("'")[0]
    return base in STOP_WORDS or base in FRAME_WORDS


class PhoneticRepairer:
    """Repairs hypotheses against a vocabulary of known words and phrases (built once, then cached)."""

    def __init__(self, texts: Iterable[str], terms: Iterable[str] = (), topic: Iterable[str] = ()) -> None:
        texts, terms = list(texts), list(terms)
        self.topic: set[str] = {w for t in topic for w in words(t) if not _is_function(w)}
        """Words that show a hypothesis is about the article; one must be heard, unrepaired."""
        self.known: set[str] = {w for t in [*texts, *terms] for w in words(t)}
        targets: set[str] = set()
        for text in [*texts, *terms]:
            ws = words(text)
            for i, w in enumerate(ws):
                if not _is_function(w) and len(w) >= 3 and w.isalpha():
                    targets.add(w)
                if (
                    i + 1 < len(ws)
                    and all(x.isalpha() for x in ws[i : i + 2])
                    and not all(_is_function(x) for x in ws[i : i + 2])
                ):
                    targets.add(f"{ws[i]} {ws[i + 1]}")
        for term in terms:
            targets.add(" ".join(words(term)))
        self._word_phonemes: dict[str, tuple[str, ...]] = {}
        self._lock = threading.Lock()
        self._closest_cache: dict[str, tuple[float, str] | None] = {}
        self._phonemes_of({w for t in targets for w in t.split()})
        # only towards the article's own subject words (what a general recogniser mishears), never
        # towards everyday words ("bake" -> "make", "opposite" -> "deposit")
        targets = {t for t in targets if any(_singular(w) in self.topic for w in t.split())}
        self._targets = [(t, p) for t in sorted(targets) if len(p := self._span_phonemes(t.split())) >= MIN_PHONEMES]

    def _phonemes_of(self, new_words: Iterable[str]) -> None:
        with self._lock:
            missing = sorted({w for w in new_words if w not in self._word_phonemes})
            for word, phonemes in zip(missing, espeak_phonemes(missing), strict=False):
                self._word_phonemes[word] = _tokens(phonemes)

    def _span_phonemes(self, span: Sequence[str]) -> tuple[str, ...]:
        return tuple(p for w in span for p in self._word_phonemes.get(w, ()))

    def _closest(self, span: Sequence[str]) -> tuple[float, str] | None:
        key = " ".join(span)
        if key not in self._closest_cache:
            self._closest_cache[key] = self._search(span)
        return self._closest_cache[key]

    def _search(self, span: Sequence[str]) -> tuple[float, str] | None:
        sounds = self._span_phonemes(span)
        if len(sounds) < MIN_PHONEMES:
            return None
        best: tuple[float, str] | None = None
        n, sound_set = len(sounds), set(sounds)
        for target, phonemes in self._targets:
            m = len(phonemes)
            # each missing or extra phoneme costs at least 0.5, so a length gap alone can rule it out
            if 0.5 * abs(m - n) > MAX_DISTANCE * max(m, n):
                continue
            if len(set(phonemes) & sound_set) < 0.4 * min(len(set(phonemes)), len(sound_set)):
                continue
            d = distance(sounds, phonemes, MAX_DISTANCE)
            if d <= MAX_DISTANCE and (best is None or d < best[0]) and target != " ".join(span):
                best = (d, target)
        return best

    def repair_many(self, hypotheses: Sequence[str]) -> list[str | None]:
        """For each hypothesis, its repaired text, or None when nothing in it was repaired."""
        split = [words(h) for h in hypotheses]
        self._phonemes_of(w for ws in split for w in ws if w not in self.known)
        return [self._repair(ws) for ws in split]

    def repair(self, hypothesis: str) -> str | None:
        return self.repair_many([hypothesis])[0]

    def _repair(self, ws: list[str]) -> str | None:
        if not any(_singular(w) in self.topic for w in ws):
            return None  # not recognisably about the article: never bend it into an article question
        # candidate spans: only words the article does not use, or function words between/around them
        found: list[tuple[float, int, int, str]] = []
        for start in range(len(ws)):
            for end in range(start + 1, min(start + MAX_SPAN, len(ws)) + 1):
                span = ws[start:end]
                if not any(w not in self.known for w in span):
                    continue
                if any(w in self.known and not _is_function(w) for w in span):
                    continue
                if any(w not in self._word_phonemes for w in span):
                    self._phonemes_of(span)
                hit = self._closest(span)
                if hit:
                    found.append((hit[0], start, end, hit[1]))
        if not found:
            return None
        taken: list[tuple[int, int, str]] = []
        for _, start, end, target in sorted(found, key=lambda f: (f[0], -(f[2] - f[1]))):
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, target))
        out = list(ws)
        for start, end, target in sorted(taken, reverse=True):
            out[start:end] = [target]
        return " ".join(out)


_BY_ARTICLE: dict[int, PhoneticRepairer] = {}
_BUILD_LOCK = threading.Lock()


def repairer_for(answerer: object) -> PhoneticRepairer | None:
    """The repairer for an answerer's article and glossary (built on first use, then cached), or None
    when the answerer has no article (a test double)."""
    article = getattr(answerer, "article", None)
    if article is None:
        return None
    key = id(article)
    with _BUILD_LOCK:
        if key not in _BY_ARTICLE:
            texts = [article.title, *(s.title for s in article.sections), *(s.text for s in article.sentences)]
            from assistant.answering.anchors import load_anchors

            texts += [q for _, q in load_anchors(article).pairs()]  # never raises: a bad file gives none
            glossary = getattr(answerer, "glossary", None)
            terms = [f for e in glossary.entries for f in e.forms] if glossary is not None else []
            topic = [article.title, *terms]
            terms += [w for group in SYNONYM_GROUPS.values() for w in group]
            _BY_ARTICLE[key] = PhoneticRepairer(texts, terms, topic={_singular(w) for t in topic for w in words(t)})
        return _BY_ARTICLE[key]

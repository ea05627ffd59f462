"""How the article's sentences lean on each other, for answers that make sense when heard alone.

Pure: no model, no UI. Three things an answer needs that a ranker of single sentences misses:
- The article's own questions ("What does it mean if you have a positive HPV test ...?") and list
  lead-ins ("Your doctor may", "... include:") look like the reader's question but answer nothing:
  the answer is what follows them. Their score is handed to the sentence after them.
- A sentence that leans on the one before ("This is a doctor who ...", "They usually go away ...",
  a list item "ask for a sample of your urine ...") is quoted with that sentence before it, both
  verbatim, so the reader hears what "this" is.
- For "is it cancer?" the first quotation is the answer an anxious reader keeps. When the article
  has a balanced statement near the top ("In most cases ... benign", "does not mean you have
  cancer"), it is preferred to a bare "can be a sign of cancer".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.article import Article

LEANING_STARTS = frozenset(
    """
this that these those it its they them their such both however but or also so then there
""".split()
)
"""First words of a sentence that takes its subject from the sentence before it."""

BACK_REFERENCES = frozenset("this these those it they them such".split())

_STOP = re.compile(r"[.!?…][\"'”’)\]]*$")

EXISTENTIAL = re.compile(r"^[\W_]*there\s+(?:is|are|was|were|may|might|can|could|will|has|have)\b", re.IGNORECASE)
"""\"There is no single threshold ...\" names its own subject: it does not lean on the sentence before."""

LABEL = re.compile(r"^[\W_]*([A-Z][^.:!?]{1,80}):\s+\S")
"""A paragraph or list item that opens with a bold label ("Negative HPV test result: High-risk HPV
was not found.", "Sunlight: Sunlight is ..."): the label is a small heading for the sentences after it."""

CANCER_WORRY = re.compile(
    r"\b(?:is|could|can|would|might|will|does|do|are|was)\s+(?:it|this|that|these|those|they|mine|my\s+\w+|i)\b"
    r".{0,40}\b(?:cancer|cancerous|malignant|serious|dangerous|deadly|bad news|harmful|harmless)\b"
    r"|^(?:is it|is this|could it be|could this be)\s+(?:\w+\s+)?(?:cancer|serious|dangerous)\b"
    r"|\bmeans?\s+(?:that\s+)?(?:i|you|he|she|they|we|it)?\s*(?:have|has|is|are|got)?\s*(?:got\s+)?"
    r"(?:cancer|cancerous|malignant)\b",
)
"""A worried question about the reader's own finding ("is it cancer", "are these white spots
dangerous", "could this be early cancer", "does that mean i have cancer", "does a high result
always mean cancer"). A general question
("are breast calcifications cancer") gets the most direct sentence instead."""

BALANCING = re.compile(
    r"\b(?:in most cases|most (?:people|women|men|of)|usually|not cancer|does not mean|doesn[’']t mean|"
    r"do not have cancer|not necessarily|not always|rarely|no specific)\b",
    re.IGNORECASE,
)
"""Words of a statement that puts the chance of cancer in proportion."""


@dataclass(frozen=True)
class Structure:
    """Per sentence (positions in article.sentences): whether it only leads to what follows, the
    sentence its score is handed to, and the sentences to quote before it."""

    leads: tuple[bool, ...]
    next_index: tuple[int | None, ...]
    context: tuple[tuple[int, ...], ...]
    balanced: tuple[bool, ...]


def _first_word(text: str) -> str:
    match = re.match(r"[\W_]*([A-Za-z’']+)", text)
    return match.group(1).lower().rstrip("’'") if match else ""


TOO_SHORT = 2
"""A sentence of this many words or fewer ("No.", "Yes, usually.") is never quoted alone."""

SHORT_LEANING = 7
"""A sentence of this many words or fewer that says "this", "they"... anywhere ("Some other viruses
behave this way.") has nothing of its own to say without the sentence before."""


def _leans(text: str) -> bool:
    """True when a sentence takes its subject from the one before ("This is ...", "They ...")."""
    if EXISTENTIAL.match(text):
        return False
    if _first_word(text) in LEANING_STARTS:
        return True
    tokens = re.findall(r"[A-Za-z’']+", text.lower())
    return len(tokens) <= SHORT_LEANING and any(w in BACK_REFERENCES for w in tokens[1:])


def label(text: str) -> str:
    """The bold label a paragraph opens with ("Negative HPV test result"), or ""."""
    match = LABEL.match(text)
    return match.group(1) if match else ""


def analyse(article: Article) -> Structure:
    """The structure of `article` (linear in its sentences)."""
    sentences = article.sentences
    position = {s.id: i for i, s in enumerate(sentences)}
    leads: list[bool] = []
    next_index: list[int | None] = []
    context: list[tuple[int, ...]] = []
    lead_in: int | None = None  # last sentence of the paragraph before a run of list items
    unfinished = False  # that sentence is cut off by the list ("... if they notice"), no colon, no stop
    for section in article.sections:
        lead_in = None
        for paragraph_number, paragraph in enumerate(section.paragraphs):
            following = (
                section.paragraphs[paragraph_number + 1] if paragraph_number + 1 < len(section.paragraphs) else None
            )
            for k, sentence in enumerate(paragraph.sentences):
                i = position[sentence.id]
                text = sentence.text.strip()
                last = k == len(paragraph.sentences) - 1
                opens_list = last and following is not None and bool(following.marker) and not paragraph.marker
                is_question = text.endswith("?")
                is_lead_in = opens_list and (text.endswith(":") or not _STOP.search(text))
                # "No." or "Yes." says nothing heard alone: the sentence after it is the answer, quoted with it.
                too_short = not last and len(re.findall(r"[A-Za-z0-9’']+", text)) <= TOO_SHORT
                leads.append(is_question or is_lead_in or too_short)
                hands_on = is_question or is_lead_in or too_short
                next_index.append(i + 1 if i + 1 < len(sentences) and hands_on else None)
                before: tuple[int, ...] = ()
                leans = _leans(text)
                starts_low = text[:1].islower()
                previous_leans = k > 0 and _leans(paragraph.sentences[k - 1].text)
                if k > 0 and (leans or starts_low) and not previous_leans:
                    # Only a previous sentence that names its subject helps; one that leans too
                    # ("They can spread ... They are very small ...") would only lengthen the answer.
                    before = (i - 1,)
                elif k == 1 and label(paragraph.sentences[0].text):
                    # "Negative HPV test result: High-risk HPV was not found. You should have the next
                    # test in 5 years.": the second sentence is only right under its label.
                    before = (i - 1,)
                elif k > 0 and len(re.findall(r"[A-Za-z0-9’']+", paragraph.sentences[k - 1].text)) <= TOO_SHORT:
                    before = (i - 1,)
                elif k == 0 and paragraph.marker and lead_in is not None and (starts_low or leans or unfinished):
                    # An item that finishes its lead-in ("People should tell their doctor if they
                    # notice" / "The mole starts to itch") is only right after it.
                    before = (lead_in,)
                context.append(before)
                if opens_list:
                    lead_in = i if is_lead_in else None
                    unfinished = is_lead_in and not text.endswith(":")
            if not paragraph.marker and not any(p.marker for p in [following] if p is not None):
                lead_in = None
    balanced = tuple(bool(BALANCING.search(s.text)) and "cancer" in s.text.lower() for s in sentences)
    return Structure(tuple(leads), tuple(next_index), tuple(context), balanced)


def asks_if_cancer(question: str) -> bool:
    return bool(CANCER_WORRY.search(question.lower()))


def passage(article: Article, structure: Structure, index: int) -> str:
    """What bge reads for sentence `index`: its heading, the sentences it is quoted with (it leans on
    them: "This is a doctor who ...") or else its paragraph's bold label, and the sentence; as the
    reader will hear it."""
    sentences = article.sentences
    sentence = sentences[index]
    section = article.sections[sentence.section_index]
    before = " ".join(sentences[i].text for i in structure.context[index])
    opening = section.paragraphs[sentence.paragraph_index].sentences[0]
    if not before and opening.id != sentence.id and (name := label(opening.text)):
        before = name + ":"
    return " ".join(part for part in (section.title, before, sentence.text) if part)


def opens_section(article: Article) -> tuple[bool, ...]:
    """Per sentence: whether it is its section's first, which usually answers the heading."""
    return tuple(
        s.paragraph_index == 0 and s.id == article.sections[s.section_index].paragraphs[0].sentences[0].id
        for s in article.sentences
    )

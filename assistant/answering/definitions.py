"""Recognising definition requests ("what is a cyst", "define stereotactic") and the article
sentences that define a term ("Breast calcifications are ...", "... called a fibroadenoma")."""

from __future__ import annotations

import re

_DEFINITION = re.compile(
    r"^(?:what(?:'s| is| are| was)|whats|define|definition of|meaning of|explain|describe|"
    r"what does|what do|what's meant by|what is meant by|tell me about)\s+"
    r"(?:the (?:word|term) )?(?:a |an |the )?(?P<term>[a-z][a-z '-]*?)"
    r"(?:\s+(?:mean|means|stand for))?\s*\??$"
)


def definition_term(question: str) -> str | None:
    """The term of "what is X" / "define X" / "what does X mean", or None."""
    match = _DEFINITION.match(question.lower().strip(" ?.!"))
    return match.group("term").strip() if match else None


def defines(sentence: str, form: str) -> bool:
    """True when the sentence defines `form`: it opens with "[word word] X is/are" or ends a
    clause with "called (as) X" / "known as X"."""
    phrase = r"[\s-]+".join(re.escape(w) for w in form.lower().split()) + r"(?:s|es)?"
    text = sentence.lower().replace("\u2019", "'")
    return bool(
        re.match(rf"^(?:\w+\s+){{0,2}}?{phrase}\s+(?:is|are)\b", text)
        or re.search(rf"\b(?:called|known|termed)(?:\s+as)?\s+(?:a\s+|an\s+|the\s+)?{phrase}\s*(?:[.,;:!?]|$)", text)
    )

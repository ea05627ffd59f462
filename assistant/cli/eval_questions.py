"""Measure the answerer on a question set: `python -m assistant.cli.eval_questions QUESTIONS.tsv [ARTICLE.md]`.

A question set is a TSV file: question<TAB>answer_key, where answer_key is a phrase from the
sentence that best answers the question (several may be given, separated by "|"), or OUT_OF_SCOPE.
Lines starting with "#" are comments. Keys are matched case-insensitively with curly quotes folded.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from assistant.answering.answerer import Answer, Answerer, NoAnswer
from assistant.article import ArticleError, load_article
from assistant.cli.parser import Parser
from assistant.content_files import default_article_path
from assistant.files import MISSING, FileRefused, read_regular
from assistant.answering.embedding import fold_quotes
from assistant.answering.glossary import GlossaryAnswer

OUT_OF_SCOPE = "OUT_OF_SCOPE"
DEFAULT_ARTICLE = default_article_path()


class QuestionSetError(Exception):
    """A question set that cannot be read; the message is one sentence."""


@dataclass(frozen=True)
class Case:
    question: str
    keys: tuple[str, ...]  # empty for out-of-scope

    @property
    def in_scope(self) -> bool:
        return bool(self.keys)


@dataclass
class Report:
    in_scope: int = 0
    top1: int = 0
    top3: int = 0
    out_of_scope: int = 0
    rejected: int = 0
    wrongly_refused: int = 0
    """In-scope questions answered with "the article doesn't say"."""
    misses: list[str] = field(default_factory=list)

    @property
    def top1_rate(self) -> float:
        return self.top1 / self.in_scope if self.in_scope else 1.0

    @property
    def top3_rate(self) -> float:
        return self.top3 / self.in_scope if self.in_scope else 1.0

    @property
    def rejection_rate(self) -> float:
        return self.rejected / self.out_of_scope if self.out_of_scope else 1.0

    @property
    def wrong_refusal_rate(self) -> float:
        return self.wrongly_refused / self.in_scope if self.in_scope else 0.0


MAX_QUESTION_SET_BYTES = 8 * 1024 * 1024


def read_cases(path: str | Path) -> list[Case]:
    """The cases of a question set; QuestionSetError (one sentence) for anything else.

    A UTF-8 byte-order mark (Windows Notepad writes one) is read as what it is, not as part of the
    first question; an empty answer key ("question<TAB>|", "a||b") is refused, never taken to
    mean OUT_OF_SCOPE or "anything matches".
    """
    path = Path(path)
    try:
        data = read_regular(path, MAX_QUESTION_SET_BYTES)
    except FileRefused as refused:
        if refused.kind == MISSING:
            raise QuestionSetError(f"There is no question set at {path}.") from None
        raise QuestionSetError(f"The question set {path} {refused.reason}.") from None
    try:
        lines = data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise QuestionSetError(f"The question set {path} is not UTF-8 text.") from None
    cases = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        question, tab, key = line.partition("\t")
        if not tab or not question.strip() or not key.strip():
            raise QuestionSetError(f"Line {number} of {path} is not question<TAB>answer_key.")
        key = key.strip()
        if key == OUT_OF_SCOPE:
            keys: tuple[str, ...] = ()
        else:
            keys = tuple(fold_quotes(k).strip().lower() for k in key.split("|"))
            if not all(keys):
                raise QuestionSetError(
                    f"Line {number} of {path} has an empty answer key (nothing between the | marks).")
        cases.append(Case(question.strip(), keys))
    if not cases:
        raise QuestionSetError(f"The question set {path} has no questions.")
    return cases


def _matches(candidate, keys: tuple[str, ...]) -> bool:
    """True when a sentence the candidate quotes (the best one or the one quoted before it) holds a key."""
    texts = [fold_quotes(s.text).lower() for s in candidate.sentences]
    return any(key in text for key in keys for text in texts)


def evaluate(answerer: Answerer, cases: list[Case]) -> Report:
    report = Report()
    for case in cases:
        result = answerer.answer(case.question)
        if not case.in_scope:
            report.out_of_scope += 1
            if isinstance(result, NoAnswer):
                report.rejected += 1
            else:
                report.misses.append(f"not rejected: {case.question!r} -> {_said(result)}")
            continue
        report.in_scope += 1
        if isinstance(result, NoAnswer):
            report.wrongly_refused += 1
        if isinstance(result, Answer):
            ranked = [result.best, *result.runner_ups]
            if _matches(ranked[0], case.keys):
                report.top1 += 1
            if any(_matches(c, case.keys) for c in ranked[:3]):
                report.top3 += 1
        if not (isinstance(result, Answer) and _matches(result.best, case.keys)):
            report.misses.append(f"wrong: {case.question!r} -> {_said(result)} (want {' | '.join(case.keys)!r})")
    return report


def _said(result: Answer | GlossaryAnswer | NoAnswer) -> str:
    if isinstance(result, NoAnswer):
        return f"no answer ({result.reason})"
    return repr(result.text[:90])


def run_eval(tsv_path: str | Path, article_path: str | Path = DEFAULT_ARTICLE) -> int:
    """Print top-1, top-3, out-of-scope rejection and the misses; 0 on success, 2 on bad input."""
    try:
        cases = read_cases(tsv_path)
        article = load_article(article_path)
    except (QuestionSetError, ArticleError) as error:
        print(error, file=sys.stderr)
        return 2
    answerer = Answerer(article)
    answerer.warm_up()
    report = evaluate(answerer, cases)
    print(f"ranker: {answerer.ranker_name}{' (degraded)' if answerer.degraded else ''}")
    print(f"top-1 accuracy: {report.top1}/{report.in_scope} = {report.top1_rate:.0%}")
    print(f"top-3 accuracy: {report.top3}/{report.in_scope} = {report.top3_rate:.0%}")
    print(f"out-of-scope rejection: {report.rejected}/{report.out_of_scope} = {report.rejection_rate:.0%}")
    print(f"in-scope wrongly refused: {report.wrongly_refused}/{report.in_scope} = {report.wrong_refusal_rate:.0%}")
    for miss in report.misses:
        print(f"  {miss}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="assistant eval-questions",
                    description="Print how well the answerer does on a question set.")
    parser.add_argument("questions", metavar="QUESTIONS.tsv",
                        help="question<TAB>phrase of the answering sentence, or OUT_OF_SCOPE")
    parser.add_argument("article", nargs="?", default=str(DEFAULT_ARTICLE),
                        help="the article (default: the built-in one)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    return run_eval(args.questions, args.article)


if __name__ == "__main__":
    sys.exit(main())

"""Print the answerer's figures: model load time, RSS, answer latency and accuracy.

Run: python benchmarks/answers.py [QUESTIONS.tsv ...]   (defaults: the public set and our paraphrases)
Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402

from assistant.answering.answerer import Answerer  # noqa: E402
from assistant.article import load_article  # noqa: E402
from assistant.answering.embedding import EmbeddingUnavailable, find_model_dir  # noqa: E402
from assistant.cli.eval_questions import evaluate, read_cases  # noqa: E402

DEFAULT_SETS = [ROOT / "tests" / "data" / "questions_public.tsv", ROOT / "tests" / "data" / "answers_paraphrases.tsv",
                ROOT / "tests" / "data" / "answers_dev2.tsv", ROOT / "tests" / "data" / "answers_dev3.tsv",
                ROOT / "tests" / "data" / "answers_heldout.tsv"]


def _mb(n: float) -> str:
    return f"{n / 1e6:.0f} MB"


def main(paths: list[Path]) -> None:
    process = psutil.Process()
    print(f"RSS before anything: {_mb(process.memory_info().rss)}")
    article = load_article(ROOT / "content" / "breast-calcifications.md")
    started = time.perf_counter()
    answerer = Answerer(article)
    answerer.warm_up()
    print(f"model load + article embedding: {time.perf_counter() - started:.2f} s ({answerer.ranker_name})")
    print(f"RSS after load: {_mb(process.memory_info().rss)}")
    try:
        folder = find_model_dir()
        print(f"model files on disk: {_mb(sum(f.stat().st_size for f in folder.rglob('*') if f.is_file()))}")
    except EmbeddingUnavailable as error:
        print(error)
    cases = [case for path in paths for case in read_cases(path)]
    latencies = []
    for _ in range(3):
        for case in cases:
            t = time.perf_counter()
            answerer.answer(case.question)
            latencies.append((time.perf_counter() - t) * 1000)
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"answer latency over {len(latencies)} answers: median {statistics.median(latencies):.1f} ms, "
          f"p95 {p95:.1f} ms, max {latencies[-1]:.1f} ms")
    print(f"RSS after answering: {_mb(process.memory_info().rss)}")
    degraded = Answerer(article, encoder_loader=None)
    for path in paths:
        for name, who in (("MiniLM + BM25", answerer), ("BM25 only (degraded)", degraded)):
            report = evaluate(who, read_cases(path))
            print(f"{path.name} [{name}]: top-1 {report.top1}/{report.in_scope} ({report.top1_rate:.0%}), "
                  f"top-3 {report.top3_rate:.0%}, out-of-scope rejected {report.rejected}/{report.out_of_scope} "
                  f"({report.rejection_rate:.0%})")


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or DEFAULT_SETS)

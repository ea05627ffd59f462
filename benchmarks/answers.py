"""Print the answerer's figures per question set, idle and with both cores kept busy.

Run: python benchmarks/answers.py [--quick]
Not a test: the numbers depend on the machine. For each set: top-1, top-3, out-of-scope refused,
in-scope wrongly refused, median and p95 answer latency (wall; p95 of the process's CPU time too,
and the load average: others may share the machine); then the time from an article being loaded
(on screen) to its first answer in a fresh process warming up as the app does, with an empty
vector cache (first start) and a filled one (later starts); then memory and install size. "busy"
runs the same with a second process keeping both cores at 100 % (two spinning workers).
Speed against a reference checkout: benchmarks/answer_speed.py; the whole app's memory:
benchmarks/app_memory.py.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT / "tests" / "data"
BUILTIN = ROOT / "content" / "breast-calcifications.md"
ARTICLES = DATA / "articles"
# (label, article, question set, part): "tuning" sets chose weights and floors, "held-out" never did
# (though seen in earlier rounds' reports); "fresh": held out and measured only at a round's end.
SETS = (
    [
        ("public (built-in)", BUILTIN, DATA / "questions_public.tsv", "public"),
        ("paraphrases (built-in)", BUILTIN, DATA / "answers_paraphrases.tsv", "tuning"),
        ("dev2 (built-in)", BUILTIN, DATA / "answers_dev2.tsv", "tuning"),
        ("dev3 (built-in)", BUILTIN, DATA / "answers_dev3.tsv", "tuning"),
        ("heldout (built-in)", BUILTIN, DATA / "answers_heldout.tsv", "held-out"),
        ("heldout_plain (built-in)", BUILTIN, DATA / "answers_heldout_plain.tsv", "held-out"),
        ("heldout_fresh (built-in)", BUILTIN, DATA / "answers_heldout_fresh.tsv", "held-out"),
    ]
    + [
        (
            f"{name} {part}",
            ARTICLES / f"{name}.md",
            ARTICLES / f"{name}.{part}.tsv",
            "tuning" if part == "tuning" else "held-out",
        )
        for name in ("bladder-cancer-diagnosis", "abnormal-hpv-pap-test-results", "psa-test", "lung-cancer-screening")
        for part in ("tuning", "heldout")
    ]
    + [
        # A fresh article held out entirely (no tuning part), added once the three held-out parts above had been seen.
        ("common-moles fresh heldout", ARTICLES / "common-moles.md", ARTICLES / "common-moles.heldout.tsv", "held-out"),
        # Fresh held-out sets of issue 10's fifth round (2026-11-30), written before any run of that round.
        ("heldout_nov30 (built-in)", BUILTIN, DATA / "answers_heldout_nov30.tsv", "fresh"),
    ]
    + [
        (f"{name} new heldout", ARTICLES / f"{name}.md", ARTICLES / f"{name}.heldout.tsv", "fresh")
        for name in ("mouth-throat-problems", "stomach-cancer-diagnosis")
    ]
)

FIRST_ANSWER_SCRIPT = """
import sys, time, json, threading
started = time.perf_counter()
sys.path.insert(0, {root!r})
from assistant.article import load_article
article = load_article({article!r})
on_screen = time.perf_counter()
from assistant.answering.answerer import Answerer
box = []
def warm():  # what the TUI's and plain mode's warm-up thread do right after showing the article
    answerer = Answerer(article)
    answerer.warm_up()
    box.append(answerer)
worker = threading.Thread(target=warm, daemon=True)
worker.start()
while not box:  # the question, asked at once, waits for the answerer
    worker.join(timeout=0.005)
result = box[0].answer({question!r})
done = time.perf_counter()
worker.join()
print(json.dumps({{"first_answer": done - on_screen, "process": done - started, "answered": type(result).__name__}}))
"""


def _spin() -> None:
    while True:
        pass


class Busy:
    """Two processes spinning, so that both of the machine's cores are taken."""

    def __enter__(self) -> Busy:
        self._workers = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(2)]
        for worker in self._workers:
            worker.start()
        time.sleep(0.5)  # let the scheduler see them (a benchmark, not a test)
        return self

    def __exit__(self, *exc) -> None:
        for worker in self._workers:
            worker.terminate()
            worker.join()


def measure_sets(quick: bool) -> list[dict]:
    from assistant.answering.answerer import Answerer
    from assistant.answering.bge import load_bge
    from assistant.answering.embedding import EmbeddingUnavailable
    from assistant.article import load_article
    from assistant.cli.eval_questions import evaluate, read_cases

    def forget() -> None:
        with contextlib.suppress(EmbeddingUnavailable):
            load_bge().forget_recent()

    answerers: dict[Path, Answerer] = {}
    rows = []
    for label, article_path, tsv, part in SETS:
        if article_path not in answerers:
            answerers[article_path] = Answerer(load_article(article_path))
            answerers[article_path].warm_up()
        answerer = answerers[article_path]
        cases = read_cases(tsv)
        report = evaluate(answerer, cases)
        latencies, cpu = [], []
        load = os.getloadavg()[0]
        for case in cases[: 10 if quick else None]:
            forget()  # evaluate() above asked the same questions: time them as asked anew
            started, started_cpu = time.perf_counter(), time.process_time()
            answerer.answer(case.question)
            cpu.append((time.process_time() - started_cpu) * 1000)
            latencies.append((time.perf_counter() - started) * 1000)
        latencies.sort()
        cpu.sort()
        rows.append(
            {
                "set": label,
                "part": part,
                "top1": report.top1_rate,
                "top3": report.top3_rate,
                "oos": report.rejection_rate,
                "wrong_refusal": report.wrong_refusal_rate,
                "n": report.in_scope,
                "n_oos": report.out_of_scope,
                "median_ms": statistics.median(latencies),
                "p95_ms": latencies[min(len(latencies) - 1, int(round(0.95 * (len(latencies) - 1))))],
                "cpu_p95_ms": cpu[min(len(cpu) - 1, int(round(0.95 * (len(cpu) - 1))))],
                "load": (load + os.getloadavg()[0]) / 2,
            }
        )
    return rows


def first_answer(article: Path, cache_dir: str) -> dict:
    script = FIRST_ANSWER_SCRIPT.format(root=str(ROOT), article=str(article), question="what is a biopsy")
    env = dict(os.environ, XDG_CACHE_HOME=cache_dir)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure_first_answers() -> dict:
    figures = {}
    for article in (BUILTIN, ARTICLES / "abnormal-hpv-pap-test-results.md"):
        with tempfile.TemporaryDirectory() as cache:
            cold = first_answer(article, cache)
            warm = first_answer(article, cache)
        figures[article.stem] = (cold["first_answer"], warm["first_answer"])
    return figures


def print_table(title: str, rows: list[dict]) -> None:
    print(f"\n{title}")
    print(
        f"{'set':40s} {'part':9s} {'top-1':>6s} {'top-3':>6s} {'OOS ref':>8s} {'in wrongly ref':>15s} "
        f"{'median':>8s} {'p95':>8s} {'CPU p95':>8s} {'load':>5s}"
    )
    for r in rows:
        print(
            f"{r['set']:40s} {r['part']:9s} {r['top1']:6.0%} {r['top3']:6.0%} {r['oos']:8.0%} "
            f"{r['wrong_refusal']:15.0%} {r['median_ms']:6.1f}ms {r['p95_ms']:6.1f}ms {r['cpu_p95_ms']:6.1f}ms "
            f"{r['load']:5.1f}   (n={r['n']}+{r['n_oos']})"
        )
    for part in ("held-out", "fresh", "tuning"):
        chosen = [r for r in rows if r["part"] == part and "built-in" not in r["set"]]
        if chosen:
            n = sum(r["n"] for r in chosen)
            n_oos = sum(r["n_oos"] for r in chosen)
            print(
                f"{'articles without an index, ' + part:50s} "
                f"{sum(r['top1'] * r['n'] for r in chosen) / n:6.0%} {sum(r['top3'] * r['n'] for r in chosen) / n:6.0%} "
                f"{sum(r['oos'] * r['n_oos'] for r in chosen) / n_oos:8.0%} "
                f"{sum(r['wrong_refusal'] * r['n'] for r in chosen) / n:15.0%}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="time 10 answers per set instead of all")
    parser.add_argument("--first-only", action="store_true", help="only the time to the first answer")
    args = parser.parse_args()
    import psutil

    if args.first_only:
        idle, busy = measure_first_answers(), None
        with Busy():
            busy = measure_first_answers()
        for name in idle:
            print(
                f"  {name}: idle first start {idle[name][0]:.2f} s, later starts {idle[name][1]:.2f} s; "
                f"busy first start {busy[name][0]:.2f} s, later starts {busy[name][1]:.2f} s"
            )
        return

    idle_rows = measure_sets(args.quick)
    print_table("IDLE", idle_rows)
    rss = psutil.Process().memory_info().rss
    idle_first = measure_first_answers()
    with Busy():
        busy_rows = measure_sets(args.quick)
        busy_first = measure_first_answers()
    print_table("BUSY (both cores kept at 100 % by a second process)", busy_rows)
    print(
        "\nlatency ratio busy/idle, p95:",
        ", ".join(f"{a['set']} {b['p95_ms'] / a['p95_ms']:.1f}x" for a, b in zip(idle_rows, busy_rows)),
    )
    print(
        "\ntime from article loaded to first answer, fresh process, as the app warms up (bge;"
        " first start = empty vector cache):"
    )
    for name in idle_first:
        (ic, iw), (bc, bw) = idle_first[name], busy_first[name]
        print(
            f"  {name}: idle first start {ic:.2f} s, later starts {iw:.2f} s; "
            f"busy first start {bc:.2f} s, later starts {bw:.2f} s"
        )
    print(f"\nRSS of this process with the model and 6 articles loaded: {rss / 1e6:.0f} MB")
    print("installed sizes: benchmarks/app_memory.py")


if __name__ == "__main__":
    main()

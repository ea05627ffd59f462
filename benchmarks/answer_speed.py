"""Answer speed of this checkout against a reference checkout, idle and with both cores kept busy.

Run: python benchmarks/answer_speed.py [--reference PATH] [--quick]
Not a test: the numbers depend on the machine and on who else uses it, so each figure is printed
with the load average around it, and the reference and this checkout are measured alternately
under the same conditions, their ratio side by side. Figures per condition:
- per question: median and p95 of wall time and of the process's CPU time (all its threads), over every
  question of every question set (public, tuning and held-out; --quick: every third);
- first answer: from the article being loaded (on screen) to the answer of a question asked at
  once, in a fresh process doing what the app does (warm the answerer in a worker thread, answer
  once it can), for a new article (empty vector cache) and a known one (cache filled).
"busy" adds two processes spinning, so that both of the machine's cores are taken.
Each checkout is run in its own subprocess with that checkout first on sys.path.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))

from benchmarks.answers import SETS, Busy  # noqa: E402

LATENCY_SCRIPT = """
import json, sys, time, os
sys.path.insert(0, {root!r})
from pathlib import Path
from assistant.answering.answerer import Answerer
from assistant.article import load_article
from assistant.cli.eval_questions import read_cases
sets = {sets!r}
answerers = {{}}
wall, cpu = [], []
for article, tsv in sets:
    if article not in answerers:
        answerers[article] = Answerer(load_article(Path(article)))
        answerers[article].warm_up()
        answerers[article].answer("what is this about")
    answerer = answerers[article]
    cases = read_cases(Path(tsv))[:: {step}]
    for case in cases:
        w, c = time.perf_counter(), time.process_time()
        answerer.answer(case.question)
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
print(json.dumps({{"wall": wall, "cpu": cpu}}))
"""

FIRST_ANSWER_SCRIPT = """
import json, sys, threading, time
sys.path.insert(0, {root!r})
from pathlib import Path
from assistant.article import load_article
article = load_article(Path({article!r}))
on_screen = time.perf_counter()
from assistant.answering.answerer import Answerer
box = []
def warm():  # what the TUI's and plain mode's warm-up thread do
    answerer = Answerer(article)
    answerer.warm_up()
    box.append(answerer)
worker = threading.Thread(target=warm, daemon=True)
worker.start()
while not box:  # the question, asked at once, waits for the answerer (as plain mode does)
    worker.join(timeout=0.005)
result = box[0].answer({question!r})
done = time.perf_counter()
worker.join()
print(json.dumps({{"first_answer": done - on_screen, "answered": type(result).__name__,
                  "all_ready": time.perf_counter() - on_screen}}))
"""

FIRST_ARTICLES = (
    (HERE / "content" / "breast-calcifications.md", "are these white spots dangerous"),
    (HERE / "tests" / "data" / "articles" / "abnormal-hpv-pap-test-results.md", "what happens if my test is abnormal"),
)


def _run(script: str, cache: str) -> dict:
    env = dict(os.environ, XDG_CACHE_HOME=cache)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False)
    if out.returncode != 0:
        raise SystemExit(f"a measurement failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def latency(root: Path, step: int, cache: str) -> dict:
    sets = [(str(article), str(tsv)) for _, article, tsv, _ in SETS]
    before = os.getloadavg()[0]
    figures = _run(LATENCY_SCRIPT.format(root=str(root), sets=sets, step=step), cache)
    return {
        "median": statistics.median(figures["wall"]),
        "p95": _p95(figures["wall"]),
        "cpu_median": statistics.median(figures["cpu"]),
        "cpu_p95": _p95(figures["cpu"]),
        "n": len(figures["wall"]),
        "load": (before, os.getloadavg()[0]),
    }


def first_answers(root: Path) -> dict:
    out = {}
    for article, question in FIRST_ARTICLES:
        before = os.getloadavg()[0]
        with tempfile.TemporaryDirectory() as cache:
            new = _run(FIRST_ANSWER_SCRIPT.format(root=str(root), article=str(article), question=question), cache)
            known = _run(FIRST_ANSWER_SCRIPT.format(root=str(root), article=str(article), question=question), cache)
        out[article.stem] = {
            "new": new["first_answer"],
            "new_all_ready": new["all_ready"],
            "known": known["first_answer"],
            "load": (before, os.getloadavg()[0]),
        }
    return out


def measure(roots: dict[str, Path], step: int, busy: bool, caches: dict[str, str]) -> dict:
    results: dict[str, dict] = {}
    for name, root in roots.items():  # alternately, so that both see the same machine
        if busy:
            with Busy():
                results[name] = {"latency": latency(root, step, caches[name]), "first": first_answers(root)}
        else:
            results[name] = {"latency": latency(root, step, caches[name]), "first": first_answers(root)}
    return results


def _load(pair: tuple[float, float]) -> str:
    return f"load {pair[0]:.1f}->{pair[1]:.1f}"


def report(condition: str, results: dict) -> None:
    ref, new = results["reference"], results["this"]
    print(f"\n{condition}")
    print(f"{'per question (ms)':30s} {'reference':>24s} {'this':>24s} {'this/ref':>9s}")
    for key, label in (
        ("median", "wall median"),
        ("p95", "wall p95"),
        ("cpu_median", "CPU median"),
        ("cpu_p95", "CPU p95"),
    ):
        a, b = ref["latency"][key], new["latency"][key]
        print(f"{label:30s} {a:10.1f} {'':13s} {b:10.1f} {'':13s} {b / a:8.2f}x")
    print(
        f"{'  (questions, load average)':30s} n={ref['latency']['n']} {_load(ref['latency']['load']):>17s}"
        f"  n={new['latency']['n']} {_load(new['latency']['load']):>17s}"
    )
    print(f"{'first answer (s)':30s}")
    for article in ref["first"]:
        for key, label in (
            ("new", "new article"),
            ("known", "known article (cache)"),
            ("new_all_ready", "new: all models ready"),
        ):
            a, b = ref["first"][article][key], new["first"][article][key]
            print(f"  {article[:22] + ' ' + label:40s} {a:7.2f} {'':16s} {b:7.2f} {'':16s} {b / a:8.2f}x")
        print(
            f"  {'  (load average)':40s} {_load(ref['first'][article]['load']):>24s} {_load(new['first'][article]['load']):>24s}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, required=True, help="a checkout of the reference commit")
    parser.add_argument("--quick", action="store_true", help="every third question only")
    args = parser.parse_args()
    roots = {"reference": args.reference.resolve(), "this": HERE}
    step = 3 if args.quick else 1
    with tempfile.TemporaryDirectory() as ref_cache, tempfile.TemporaryDirectory() as this_cache:
        caches = {"reference": ref_cache, "this": this_cache}
        print(f"cores: {os.cpu_count()}, load average at start: {os.getloadavg()[0]:.2f}")
        report("IDLE (no load of ours; others may be using the machine)", measure(roots, step, False, caches))
        report("BUSY (two more processes spinning, both cores taken)", measure(roots, step, True, caches))


if __name__ == "__main__":
    main()

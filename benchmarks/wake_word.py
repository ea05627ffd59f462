"""Wake word figures: false wake-ups per hour of speech not addressed to the app, and how often
it wakes and obeys when addressed.

    python benchmarks/wake_word.py                         # 64 minutes not addressed, 2 processes
    python benchmarks/wake_word.py --minutes 2 --jobs 1    # a quick look
    python benchmarks/wake_word.py --words reader,computer --compare

Not addressed: text read aloud sentence after sentence with gaps of 0.3-1.2 s: the built-in
article, the development articles and the English saved web pages in tests/data, and the questions
of the question sets (people asking each other about the article, not the app). Each text voice
reads its own slice of that text, so no minute is counted twice; every utterance hands-free
listening takes with the wake word on is a false wake-up. `--compare` also runs the same audio
without a wake word (what the wake word saves). Addressed: "<wake word> <command>" in one breath,
and the wake word alone with the command 0.8 s later, clean and with white noise at 10 dB, on the
tuning voices (those the wake word handling was fixed on) and on held-out voices (never used to
change it), reported apart. Targets: <= 1 false wake-up per hour, >= 97 % of addressed commands
taken right. Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.article import load_article  # noqa: E402
from assistant.content_files import default_article_path  # noqa: E402
from assistant.speech import models  # noqa: E402
from assistant.speech.audio_in import read_wav  # noqa: E402
from assistant.speech.recognizers import build_grammar  # noqa: E402
from assistant.speech.wake import WakeWord  # noqa: E402
from benchmarks.conversation import taken  # noqa: E402
from benchmarks.synth import Voice, add_noise, concatenate, hear, loud_span, percent  # noqa: E402

COMMANDS = (
    ("next section", "next_section"),
    ("stop", "stop"),
    ("read", "read"),
    ("where am i", "where_am_i"),
    ("faster", "faster"),
    ("slower", "slower"),
    ("previous section", "previous_section"),
    ("repeat", "repeat"),
    ("pause", "pause"),
    ("help", "help"),
    ("go to section two", "go_to_section 2"),
    ("next answer", "next_answer"),
    ("read more", "read_more"),
    ("contents", "contents"),
    ("louder", "louder"),
    ("please stop", "stop"),
    ("go to the next section", "next_section"),
    ("read this section", "read_section"),
    ("what are breast calcifications", "question"),
    ("is a biopsy painful", "question"),
)
TUNING_VOICES = (
    "espeak-ng:en-gb-x-rp:150",
    "espeak-ng:en-us:160",
    "espeak-ng:en-gb-x-gbclan:150",
    "espeak-ng:en-029:165",
    "espeak-ng:en-us+m3:185",
    "espeak-ng:en-gb-x-gbcwmd:140",
    "espeak-ng:en-us-nyc:155",
    "espeak-ng:en-gb:140",
    "flite:kal16:1.1",
    "espeak-ng:en-us:175",
    "flite:slt:1.0",
    "flite:rms:1.0",
    "flite:awb:0.9",
    "espeak-ng:en-gb-scotland:160",
    "espeak-ng:en-us+f3:140",
)
"""The voices the wake word's n-best share (`assistant.speech.wake.WAKE_SHARE`), its hearings in
noise (`WAKE_HEARINGS`) and the noise rules were tuned on (2026-11-30): rp 150 and en-us 160 first,
the other seven added (chosen before any of their results were seen) when those two were at 97.5 %
clean (flite kal, first among them, is 8 kHz, which the app refuses: en-gb 140 took its place). The
first wake-word handling was fixed on en-us 175 and flite slt. The last six were the held-out set
until 2026-11-30, when their misses were printed and read: they joined the tuning side then."""
HELDOUT_VOICES = (
    "espeak-ng:en-gb-x-rp+f2:170",
    "espeak-ng:en-us+m7:150",
    "espeak-ng:en-us-nyc+f1:175",
    "espeak-ng:en-gb+f4:155",
    "flite:rms:1.15",
    "flite:slt:0.85",
)
"""Chosen 2026-11-30 before any of their wake-word results were seen; no other benchmark or test
uses them. Never used to tune anything: their misses are not printed unless --show-heldout-misses."""
TEXT_VOICES = ("espeak-ng:en-us:170", "espeak-ng:en-gb-x-rp:160", "flite:slt:1.0", "flite:awb:1.0")
FRESH_FROM = 1004
"""The first sentence of `not_addressed_text` that no false wake-up run before 2026-11-30 10:00 read."""
ADDRESSED_NOISES = {"clean": None, "white 10 dB": 10.0}


def not_addressed_text() -> list[str]:
    """Sentences nobody says to the app: articles, English web pages, questions people ask each other."""
    data = ROOT / "tests" / "data"
    paths = [default_article_path(), *sorted(data.glob("**/*.md")), *sorted((data / "pages").glob("*.htm*"))]
    sentences = []
    for path in paths:
        if "-es." in path.name or "vivienda" in path.name or path.name == "README.md":
            continue
        try:
            sentences += [s.text for s in load_article(path).sentences]
        except Exception:  # noqa: BLE001 - a data file that is not an article is skipped
            continue
    # After them (so that earlier runs' --first-sentence still means the same text), questions no run
    # before 2026-11-30 10:00 read: those of the answer sets and of the development articles. They
    # start at sentence 1004 (FRESH_FROM).
    later = [*sorted(data.glob("answers_*.tsv")), *sorted((data / "articles").glob("*.tsv"))]
    for path in [*sorted(data.glob("**/*question*.tsv")), *later]:
        for line in path.read_text().splitlines():
            if line and not line.startswith("#") and "\t" in line:
                sentences.append(line.split("\t")[0])
    return list(dict.fromkeys(s for s in sentences if s.strip()))


_worker: dict = {}


def _init(model_path: str, titles: tuple[str, ...], word: str) -> None:
    model = models.load_model(model_path)
    wake = WakeWord((word,))
    _worker.update(
        model=model,
        titles=titles,
        wake=wake,
        grammar=build_grammar(titles, lambda w: models.find_word(model, w), wake.words),
        plain=build_grammar(titles, lambda w: models.find_word(model, w)),
    )


def run_text(job: tuple[str, list[str], bool]) -> tuple[str, float, list[tuple[str, str]], int | None, float]:
    """One text voice reading its slice: (voice, hours, false wake-ups, commands without a wake word, decode s)."""
    spec, sentences, compare = job
    voice = Voice.parse(spec)
    parts, rate = [], 16000
    with tempfile.TemporaryDirectory() as folder:
        for index, sentence in enumerate(sentences):
            speech, rate = read_wav(voice.speak(sentence, Path(folder) / "s.wav"))
            parts.append((speech, random.Random(f"{spec}{index}").uniform(0.3, 1.2)))
    audio, _ = concatenate(parts, rate)
    model, titles = _worker["model"], _worker["titles"]
    woken, seconds = hear(model, _worker["grammar"], titles, audio, rate, _worker["wake"])
    commands = None
    if compare:
        unwoken, _ = hear(model, _worker["plain"], titles, audio, rate, None)
        commands = sum(h.match is not None for h in unwoken)
    return spec, len(audio) / rate / 3600, [(h.text, taken(h)) for h in woken], commands, seconds


def run_addressed(job: tuple[str, str]) -> tuple[str, str, list[tuple[str, bool, str]]]:
    """Every command said to one voice, after the wake word, in one breath and apart."""
    spec, noise_name = job
    voice, word, snr = Voice.parse(spec), _worker["wake"].words[0], ADDRESSED_NOISES[noise_name]
    model, titles = _worker["model"], _worker["titles"]
    outcomes = []
    with tempfile.TemporaryDirectory() as folder:
        alone, rate = read_wav(voice.speak(word, Path(folder) / "wake.wav"))
        for index, (said, expected) in enumerate(COMMANDS):
            together, _ = read_wav(voice.speak(f"{word} {said}", Path(folder) / f"w{index}.wav"))
            command, _ = read_wav(voice.speak(said, Path(folder) / f"c{index}.wav"))
            for label, parts in (("together", [(together, 1.5)]), ("apart", [(alone, 0.8), (command, 1.5)])):
                audio, _ = concatenate(parts, rate)
                first, last = loud_span(together)
                power = float(np.mean(together[first:last].astype(np.float64) ** 2))
                audio = add_noise(audio, "white", snr, f"{spec}|{said}|{label}", power)
                heard, _ = hear(model, _worker["grammar"], titles, audio, rate, _worker["wake"])
                good = [taken(h) for h in heard] == [expected]
                outcomes.append((label, good, f"{said!r}: {[(taken(h), h.text) for h in heard]}"))
    return spec, noise_name, outcomes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", default="reader", help="comma-separated wake words to compare")
    parser.add_argument("--minutes", type=float, default=16.0, help="minutes of not-addressed text per text voice")
    parser.add_argument("--first-sentence", type=int, default=0, help="where in the text to start (new minutes)")
    parser.add_argument("--text-voices", default=",".join(TEXT_VOICES))
    parser.add_argument("--tuning-voices", default=",".join(TUNING_VOICES))
    parser.add_argument("--heldout-voices", default=",".join(HELDOUT_VOICES))
    parser.add_argument("--compare", action="store_true", help="also hear the text without a wake word")
    parser.add_argument("--skip-text", action="store_true", help="only the addressed part")
    parser.add_argument("--skip-addressed", action="store_true", help="only the not-addressed part")
    parser.add_argument("--noises", default=",".join(ADDRESSED_NOISES), help="addressed noises, e.g. 'clean'")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument(
        "--show-heldout-misses", action="store_true", help="print what the held-out voices missed (unblinds them)"
    )
    options = parser.parse_args()
    titles = tuple(s.title for s in load_article(default_article_path()).sections)
    model_path = str(models.tuned_model_dir(models.find_model(None)))
    sentences = not_addressed_text()
    text_voices = [v for v in options.text_voices.split(",") if v]
    words_per_minute = 160.0
    per_voice = max(1, int(options.minutes * words_per_minute))
    slices, at = [], options.first_sentence
    for spec in text_voices:  # each voice its own slice of the text (wrapping round if it runs out)
        chosen, words = [], 0
        while words < per_voice and len(chosen) < len(sentences):
            sentence = sentences[at % len(sentences)]
            chosen.append(sentence)
            words += len(sentence.split())
            at += 1
        slices.append((spec, chosen, options.compare))
    print(f"Not-addressed text: {len(sentences)} sentences; about {options.minutes:g} minutes per text voice")
    for word in options.words.split(","):
        print(f"\nWake word {word!r}:")
        began = time.perf_counter()
        with ProcessPoolExecutor(options.jobs, initializer=_init, initargs=(model_path, titles, word)) as pool:
            texts = [] if options.skip_text else list(pool.map(run_text, slices))
            jobs = [
                (spec, noise)
                for group in ("tuning", "heldout")
                for spec in getattr(options, f"{group}_voices").split(",")
                if spec
                for noise in options.noises.split(",")
            ]
            addressed, heldout = [], set(options.heldout_voices.split(","))
            for result in [] if options.skip_addressed else pool.map(run_addressed, jobs):
                addressed.append(result)  # progress on stderr: a long run's misses are seen early
                misses = [f"{label} {detail}" for label, good, detail in result[2] if not good]
                if result[0] in heldout and not options.show_heldout_misses:
                    misses = []  # counted, never read: the held-out voices stay blind
                print(f"  done {result[0]} {result[1]}: {len(misses)} missed", *misses, sep="\n    ", file=sys.stderr)
        hours_total = wakes_total = decode_total = 0.0
        for spec, hours, woken, commands, decode in texts:
            hours_total += hours
            wakes_total += len(woken)
            decode_total += decode
            without = "" if commands is None else f"; without a wake word {commands} commands taken"
            print(f"  {spec:<28} {hours * 60:5.1f} min not addressed: {len(woken)} false wake-ups{without}")
            for text, what in woken:
                print(f"      woke on {text!r} -> {what}")
        if hours_total:
            print(
                f"  not addressed, all voices: {wakes_total / hours_total:.2f} false wake-ups per hour "
                f"({wakes_total:.0f} in {hours_total * 60:.1f} min; decoding RTF {decode_total / hours_total / 3600:.2f})"
            )
        for group in ("tuning", "heldout"):
            voices = set(getattr(options, f"{group}_voices").split(","))
            for noise in ADDRESSED_NOISES:
                rows = [(s, o) for s, n, o in addressed if s in voices and n == noise]
                for spec, outcomes in rows:
                    together = [good for label, good, _ in outcomes if label == "together"]
                    apart = [good for label, good, _ in outcomes if label == "apart"]
                    print(
                        f"  addressed [{group}] {spec:<28} {noise:<12} one breath "
                        f"{percent(sum(together), len(together))}, wake word then command {percent(sum(apart), len(apart))}"
                    )
                    for label, good, detail in outcomes:
                        if not good and (group == "tuning" or options.show_heldout_misses):
                            print(f"      {label} {detail}")
                every = [good for _, o in rows for _, good, _ in o]
                if every:
                    print(
                        f"  addressed [{group}] {noise}: {sum(every)}/{len(every)} ({percent(sum(every), len(every))})"
                    )
        print(f"  ({time.perf_counter() - began:.0f} s; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

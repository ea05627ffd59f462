"""A word error rate anchor on real human speech, for the small Vosk model as the app loads it.

    python benchmarks/human_speech.py            # LibriVox clips + 120 telephone prompts
    python benchmarks/human_speech.py --limit 0  # every prompt (about 20 minutes of audio)

Synthetic voices say little about real people; these Debian packages hold real recordings with
transcripts (install them with `apt-get install pocketsphinx-testdata asterisk-core-sounds-en-wav
asterisk-core-sounds-en`; they are for this benchmark only, not for the app or its tests):
  * pocketsphinx-testdata: five LibriVox lines of "Sense and Sensibility" (16 kHz, one reader);
  * asterisk-core-sounds-en-wav: about 600 telephone prompts by one speaker (8 kHz, raised to
    16 kHz here, as Vosk needs), transcripts in asterisk-core-sounds-en's core-sounds-en.txt.gz.
Open-vocabulary decoding (what questions go through), 1-best. Not a test.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.answering.spoken import word_errors  # noqa: E402
from assistant.commands import normalise  # noqa: E402
from assistant.speech.audio_in import read_wav
from assistant.speech.models import load_model_for_listening  # noqa: E402

LIBRIVOX = Path("/usr/share/pocketsphinx/test/data/librivox")
ASTERISK_WAVS = Path("/usr/share/asterisk/sounds/en_US_f_Allison")
ASTERISK_TEXT = Path("/usr/share/doc/asterisk-core-sounds-en/core-sounds-en.txt.gz")


DIGITS = dict(zip("0123456789", "zero one two three four five six seven eight nine".split(), strict=True))


def librivox() -> list[tuple[str, Path]]:
    transcription = LIBRIVOX / "transcription"
    if not transcription.is_file():
        return []
    cases = []
    for line in transcription.read_text().splitlines():
        match = re.match(r"<s> (.*) </s> \((.*)\)", line.strip())
        if match and (LIBRIVOX / f"{match.group(2)}.wav").is_file():
            cases.append((match.group(1), LIBRIVOX / f"{match.group(2)}.wav"))
    return cases


def asterisk(limit: int) -> list[tuple[str, Path]]:
    if not ASTERISK_TEXT.is_file() or not ASTERISK_WAVS.is_dir():
        return []
    cases = []
    for line in gzip.open(ASTERISK_TEXT, "rt", encoding="utf-8", errors="replace"):
        name, _, text = line.partition(":")
        path = ASTERISK_WAVS / f"{name.strip()}.wav"
        words = normalise(re.sub(r"\[[^]]*\]|<[^>]*>", " ", text)).split()
        words = [DIGITS.get(word, word) for word in words]
        if any(ch.isdigit() for word in words for ch in word):
            continue  # "h 323": how a number is said is not in the transcript
        if text.strip() and path.is_file() and len(words) >= 2:
            cases.append((" ".join(words), path))
    random.Random(7).shuffle(cases)
    return cases[:limit] if limit else cases


def audio_16k(path: Path) -> tuple[bytes, int]:
    """16-bit mono at 16 kHz or more; 8 kHz telephone audio is raised to 16 kHz (linear)."""
    import wave

    with wave.open(str(path), "rb") as wav:
        rate, frames = wav.getframerate(), wav.readframes(wav.getnframes())
    samples = np.frombuffer(frames, "<i2")
    if rate >= 16000:
        return read_wav(path)[0].tobytes(), rate
    times = np.arange(0, len(samples), rate / 16000)
    raised = np.interp(times, np.arange(len(samples)), samples.astype(np.float64))
    return np.clip(raised, -32768, 32767).astype("<i2").tobytes(), 16000


def transcribe(model, path: Path) -> tuple[str, float, float]:
    import vosk

    data, rate = audio_16k(path)
    recognizer = vosk.KaldiRecognizer(model, rate)
    began = time.process_time()
    step = int(rate * 0.2) * 2
    texts = []
    for start in range(0, len(data), step):
        if recognizer.AcceptWaveform(data[start : start + step]):
            texts.append(json.loads(recognizer.Result()).get("text", ""))
    texts.append(json.loads(recognizer.FinalResult()).get("text", ""))
    return " ".join(t for t in texts if t), time.process_time() - began, len(data) / 2 / rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=120, help="telephone prompts to use (0: all)")
    options = parser.parse_args()
    model, path = load_model_for_listening()
    print(f"Model: {path}")
    for name, cases in (
        ("LibriVox (pocketsphinx-testdata)", librivox()),
        ("Telephone prompts (asterisk-core-sounds-en, 8 kHz)", asterisk(options.limit)),
    ):
        if not cases:
            print(f"{name}: not installed (see the docstring)")
            continue
        errors = words = 0
        cpu = audio = 0.0
        worst = []
        for reference, wav in cases:
            hypothesis, spent, seconds = transcribe(model, wav)
            ref, hyp = normalise(reference).split(), normalise(hypothesis).split()
            wrong = word_errors(ref, hyp)
            errors, words, cpu, audio = errors + wrong, words + len(ref), cpu + spent, audio + seconds
            worst.append((wrong / max(1, len(ref)), reference, hypothesis))
        print(
            f"{name}: {len(cases)} recordings, {audio / 60:.1f} min, word error rate "
            f"{100 * errors / words:.1f} % ({errors}/{words} words), real-time factor {cpu / audio:.2f}"
        )
        for rate, reference, hypothesis in sorted(worst, reverse=True)[:5]:
            print(f"    {100 * rate:3.0f} %  {reference!r} -> {hypothesis!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

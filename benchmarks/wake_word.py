"""Wake word figures: false wake-ups per hour of speech not addressed to the app, and how often
it wakes and obeys when addressed.

    python benchmarks/wake_word.py                        # "reader", espeak-ng and flite
    python benchmarks/wake_word.py --words reader,computer --minutes 5

Not addressed: article text read aloud (the built-in article and the development articles in
tests/data, none of which the wake word was chosen on), sentence after sentence with short gaps,
fed to hands-free listening with the wake word; every utterance it takes is a false wake-up. The
same audio without a wake word shows what the wake word saves. Addressed: "<wake word> <command>"
in one breath, and the wake word alone with the command 0.8 s later, per voice. Targets: <= 1 false
wake-up per hour, >= 97 % of addressed commands taken right. Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.article import load_article  # noqa: E402
from assistant.content_files import default_article_path  # noqa: E402
from assistant.speech import models  # noqa: E402
from assistant.speech.audio_in import read_wav
from assistant.speech.recognizers import build_grammar
from assistant.speech.utterances import WakeWord  # noqa: E402
from benchmarks.conversation import taken  # noqa: E402
from benchmarks.synth import Voice, concatenate, hear, percent  # noqa: E402

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
)
VOICES = ("espeak-ng:en-us:175", "espeak-ng:en-gb-x-rp:150", "flite:slt:1.0", "flite:rms:1.0", "flite:awb:1.0")
TEXT_VOICES = ("espeak-ng:en-us:170", "flite:slt:1.0")


def article_sentences() -> list[str]:
    paths = [default_article_path(), *sorted((ROOT / "tests" / "data").glob("**/*.md"))]
    sentences = []
    for path in paths:
        try:
            sentences += [s.text for s in load_article(path).sentences]
        except Exception:  # noqa: BLE001 - a data file that is not an article is skipped
            continue
    return sentences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", default="reader", help="comma-separated wake words to compare")
    parser.add_argument("--minutes", type=float, default=10.0, help="minutes of article text per voice")
    parser.add_argument("--voices", default=",".join(VOICES))
    parser.add_argument("--text-voices", default=",".join(TEXT_VOICES))
    options = parser.parse_args()
    titles = tuple(s.title for s in load_article(default_article_path()).sections)
    model, _ = models.load_model_for_listening()
    sentences = article_sentences()
    print(f"Not-addressed text: {len(sentences)} article sentences; up to {options.minutes:g} minutes per voice")
    with tempfile.TemporaryDirectory() as folder:
        long_audio = []
        for spec in options.text_voices.split(","):
            voice = Voice.parse(spec)
            parts, seconds, rate = [], 0.0, 16000
            for index, sentence in enumerate(sentences):
                speech, rate = read_wav(voice.speak(sentence, Path(folder) / f"text-{index}.wav"))
                gap = random.Random(index).uniform(0.3, 1.2)
                parts.append((speech, gap))
                seconds += len(speech) / rate + gap
                if seconds >= options.minutes * 60:
                    break
            audio, _ = concatenate(parts, rate)
            long_audio.append((voice, audio, rate))
        for word in options.words.split(","):
            wake = WakeWord((word,))
            grammar = build_grammar(titles, lambda w: models.find_word(model, w), wake.words)
            plain_grammar = build_grammar(titles, lambda w: models.find_word(model, w))
            print(f"\nWake word {word!r}:")
            hours_total = wakes_total = 0.0
            for voice, audio, rate in long_audio:
                hours = len(audio) / rate / 3600
                woken, _ = hear(model, grammar, titles, audio, rate, wake)
                unwoken, _ = hear(model, plain_grammar, titles, audio, rate, None)
                commands = [h for h in unwoken if h.match is not None]
                hours_total += hours
                wakes_total += len(woken)
                print(
                    f"  {str(voice):<28} {hours * 60:5.1f} min of article text: {len(woken)} false wake-ups "
                    f"({len(woken) / hours:.1f}/hour); without a wake word {len(commands)} commands and "
                    f"{sum(h.question and h.understood for h in unwoken)} questions taken "
                    f"({len(commands) / hours:.0f} commands/hour)"
                )
                for h in woken:
                    print(f"      woke on {h.text!r} -> {taken(h)}")
            print(
                f"  all: {wakes_total / hours_total:.1f} false wake-ups per hour ({wakes_total:.0f} in "
                f"{hours_total * 60:.1f} min)"
            )
            right = total = 0
            for spec in options.voices.split(","):
                voice = Voice.parse(spec)
                ok_together = ok_apart = 0
                misses = []
                for index, (said, expected) in enumerate(COMMANDS):
                    together, rate = read_wav(voice.speak(f"{word} {said}", Path(folder) / f"w{index}.wav"))
                    alone, _ = read_wav(voice.speak(word, Path(folder) / "wake.wav"))
                    command, _ = read_wav(voice.speak(said, Path(folder) / f"c{index}.wav"))
                    for label, parts in (("together", [(together, 1.5)]), ("apart", [(alone, 0.8), (command, 1.5)])):
                        audio, _ = concatenate(parts, rate)
                        heard, _ = hear(model, grammar, titles, audio, rate, wake)
                        good = [taken(h) for h in heard] == [expected]
                        if label == "together":
                            ok_together += good
                        else:
                            ok_apart += good
                        if not good:
                            misses.append(f"{label} {said!r}: {[(taken(h), h.text) for h in heard]}")
                right += ok_together + ok_apart
                total += 2 * len(COMMANDS)
                print(
                    f"  addressed, {str(voice):<28} in one breath {percent(ok_together, len(COMMANDS))}, "
                    f"wake word then command {percent(ok_apart, len(COMMANDS))}"
                )
                for miss in misses:
                    print(f"      {miss}")
            print(f"  addressed, all voices: {right}/{total} ({percent(right, total)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

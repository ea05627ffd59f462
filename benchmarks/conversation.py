"""A conversation with the app: 22 commands and questions with natural gaps, from each synthesiser.

    python benchmarks/conversation.py                    # four voices, clean and 20 dB white noise
    python benchmarks/conversation.py --wake-word reader # every utterance said after the wake word

The script below is spoken utterance by utterance by each voice (benchmarks/synth.py), joined with
gaps of 1 to 4 seconds (seeded), and fed as one recording to the app's `UtteranceRecognizer`
(hands-free, fed as fast as it decodes). Each utterance heard is matched to the spoken one its words
overlap most. Targets: every utterance heard separately, in order, and acted on: >= 95 % right
(the expected command, or taken as a question), 0 merged (one hearing over two spoken utterances),
0 lost (a spoken utterance with no hearing). Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.article import load_article  # noqa: E402
from assistant.content_files import default_article_path  # noqa: E402
from assistant.speech import models  # noqa: E402
from assistant.speech.audio_in import read_wav
from assistant.speech.recognizers import build_grammar
from assistant.speech.wake import WakeWord  # noqa: E402
from benchmarks.synth import Voice, add_noise, concatenate, hear, loud_span, percent  # noqa: E402

SCRIPT = (
    ("next section", "next_section"),
    ("what are breast calcifications", "question"),
    ("read more", "read_more"),
    ("next answer", "next_answer"),
    ("are calcifications dangerous", "question"),
    ("please stop", "stop"),
    ("go to the previous section", "previous_section"),
    ("how are calcifications found on a mammogram", "question"),
    ("faster please", "faster"),
    ("where am i", "where_am_i"),
    ("do calcifications turn into cancer", "question"),
    ("slower", "slower"),
    ("what is a biopsy", "question"),
    ("read this section", "read_section"),
    ("stop", "stop"),
    ("should i take less calcium", "question"),
    ("go to section three", "go_to_section 3"),
    ("tell me more", "read_more"),
    ("what happens after the mammogram", "question"),
    ("repeat that", "repeat"),
    ("can calcifications go away", "question"),
    ("quit", "quit"),
)
VOICES = ("espeak-ng:en-us:175", "espeak-ng:en-gb-x-rp:150", "flite:slt:1.0", "flite:awb:1.0")
NOISES = {"clean": None, "white 20 dB": 20.0}


def taken(heard) -> str:
    if heard.match is not None:
        return heard.match.command.name + (f" {heard.match.argument}" if heard.match.argument else "")
    return "question" if heard.question and heard.understood else "not understood"


def overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def score(heard: list, spans: list[tuple[float, float]]) -> dict:
    """Match each hearing to the spoken utterance it overlaps most; count right, merged, lost, order."""
    per_utterance: dict[int, list] = {}
    merged = 0
    order = []
    for one in heard:
        span = (one.start, max(one.end, one.start + 0.01))
        overlaps = [overlap(span, s) for s in spans]
        if max(overlaps) <= 0:
            nearest = min(range(len(spans)), key=lambda i: abs(spans[i][0] - one.start))
            overlaps[nearest] = 1e-6
        best = max(range(len(spans)), key=overlaps.__getitem__)
        merged += sum(1 for i, o in enumerate(overlaps) if i != best and o > 0.25 * (spans[i][1] - spans[i][0]))
        per_utterance.setdefault(best, []).append(one)
        order.append(best)
    right = sum(
        1 for i, (_, expected) in enumerate(SCRIPT) if [taken(h) for h in per_utterance.get(i, [])] == [expected]
    )
    lost = sum(1 for i in range(len(SCRIPT)) if i not in per_utterance)
    return {"right": right, "merged": merged, "lost": lost, "in order": order == sorted(order), "per": per_utterance}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", default=",".join(VOICES))
    parser.add_argument("--noises", default=",".join(NOISES))
    parser.add_argument("--wake-word", help="say every utterance after this wake word, and listen for it")
    parser.add_argument("--seed", type=int, default=11)
    options = parser.parse_args()
    titles = tuple(s.title for s in load_article(default_article_path()).sections)
    model, _ = models.load_model_for_listening()
    wake = WakeWord((options.wake_word,)) if options.wake_word else None
    grammar = build_grammar(titles, lambda word: models.find_word(model, word), wake.words if wake else ())
    gaps = [random.Random(options.seed + i).uniform(1.0, 4.0) for i in range(len(SCRIPT))]
    print(
        f"{len(SCRIPT)} utterances ({sum(e == 'question' for _, e in SCRIPT)} questions), gaps "
        f"{min(gaps):.1f}-{max(gaps):.1f} s; wake word: {options.wake_word or 'none'}\n"
    )
    totals = {"right": 0, "merged": 0, "lost": 0, "n": 0}
    with tempfile.TemporaryDirectory() as folder:
        for spec in options.voices.split(","):
            voice = Voice.parse(spec)
            parts, rate, power = [], 16000, []
            for index, (said, _) in enumerate(SCRIPT):
                text = f"{options.wake_word} {said}" if options.wake_word else said
                speech, rate = read_wav(voice.speak(text, Path(folder) / f"{index}.wav"))
                first, last = loud_span(speech)
                power.append(float(np.mean(speech[first:last].astype(np.float64) ** 2)))
                parts.append((speech, gaps[index]))
            audio, spans = concatenate(parts, rate)
            for noise_name in options.noises.split(","):
                noisy = add_noise(audio, "white", NOISES[noise_name], f"{spec}|{noise_name}", float(np.mean(power)))
                heard, decode = hear(model, grammar, titles, noisy, rate, wake)
                result = score(heard, spans)
                for name in ("right", "merged", "lost"):
                    totals[name] += result[name]
                totals["n"] += len(SCRIPT)
                print(
                    f"{str(voice):<30}{noise_name:<13} right {result['right']}/{len(SCRIPT)} "
                    f"({percent(result['right'], len(SCRIPT))}), merged {result['merged']}, lost {result['lost']}, "
                    f"in order: {'yes' if result['in order'] else 'NO'}; "
                    f"decoding {decode / (len(audio) / rate):.2f}x real time"
                )
                for index, (said, expected) in enumerate(SCRIPT):
                    got = result["per"].get(index, [])
                    if [taken(h) for h in got] != [expected]:
                        hearings = "; ".join(f"{taken(h)} {h.text!r}" for h in got) or "lost"
                        print(f"    {said!r} ({expected}): {hearings}")
    print(
        f"\nAll: right {totals['right']}/{totals['n']} ({percent(totals['right'], totals['n'])}), "
        f"merged {totals['merged']}, lost {totals['lost']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

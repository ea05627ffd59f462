"""Spoken-question figures: word error rate, end-to-end answer accuracy, latency and decoding CPU.

    python benchmarks/spoken_questions.py                  # public set + our own phrasings, 2 voices
    python benchmarks/spoken_questions.py --voices en-us   # quicker
    python benchmarks/spoken_questions.py --chosen-only --voices flite:slt flite:rms flite:awb --noises clean 20 10

Voices are espeak-ng names (at --rate wpm) or benchmarks/synth.py specs (`flite:slt`,
`espeak-ng:en-us:175`); --noises adds white noise at those SNRs (dB) over the whole recording, lead
and trail included, so the endpointer must find the end of speech in noise (issue 11 item 7).

Each question is spoken by espeak-ng, fed from the WAV as fast as the decoder takes it through the
app's own path (a VoiceListener in push-to-talk mode, commands and questions together), and the
question it hears is answered by the Answerer. Answer accuracy: an in-scope question counts when
the top answer contains its key; an OUT_OF_SCOPE question when the answer is a NoAnswer. Latency
runs from the end of speech in the WAV (the last loud sample, before any trailing silence) to the
answer: the endpoint silence waited for, plus the decoder's time on the last chunk, plus answering.
Both question vocabularies are measured ("open" and "article"), and commands-only for the CPU cost.
Target: >= 85 % answer accuracy. Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import csv
import queue
import statistics
import sys
import tempfile
import time
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.answering.answerer import Answer, Answerer, NoAnswer  # noqa: E402
from assistant.answering.embedding import fold_quotes  # noqa: E402
from assistant.answering.spoken import choose_question, word_errors  # noqa: E402
from assistant.article import load_article  # noqa: E402
from assistant.cli.eval_questions import Case, read_cases  # noqa: E402
from assistant.commands import normalise  # noqa: E402
from assistant.speech.audio_in import WavFileSource, read_wav
from assistant.speech.listener import ARTICLE, OFF, OPEN, ListeningChanged, VoiceListener, VoiceReady
from assistant.speech.models import load_model_for_listening  # noqa: E402
from assistant.speech.recognizers import Heard

ARTICLE_PATH = ROOT / "content" / "breast-calcifications.md"
DEFAULT_SETS = [
    ROOT / "tests" / "data" / "questions_public.tsv",
    ROOT / "tests" / "data" / "spoken_questions_extra.tsv",
    ROOT / "tests" / "data" / "spoken_questions_heldout.tsv",
    ROOT / "tests" / "data" / "spoken_questions_offtopic.tsv",
    ROOT / "tests" / "data" / "spoken_questions_heldout2.tsv",
]
VARIANTS = {
    "open 1-best (before)": (OPEN, 0),
    "open n-best + choose_question (chosen)": (OPEN, 5),
}
"""name -> (question vocabulary, n-best size); n-best > 0 answers via choose_question."""
VOICES = ("en-us", "en")
RATE = 160
WAIT = 60.0


NOISES = ("clean",)
"""Default noise conditions: "clean" or an SNR in dB (white noise)."""


@dataclass(frozen=True)
class Recording:
    """One question as spoken in one voice and noise condition, ready to feed."""

    case: Case
    voice: str
    path: Path
    lead: float
    """Digital silence the source adds before the file (none for noisy files: their noise covers it)."""
    end: float
    """Seconds from the start of the fed audio to the end of speech."""


class TimedWav(WavFileSource):
    """A WAV source that notes when each chunk was handed over, to time the decoder's reply."""

    def open(self) -> int:
        self.read_at: list[tuple[float, float]] = []  # (seconds of audio so far, wall clock)
        self.fed = 0.0
        return super().open()

    def read(self) -> bytes | None:
        chunk = super().read()
        if chunk:
            self.fed += len(chunk) / 2 / self.sample_rate
            self.read_at.append((self.fed, time.perf_counter()))
        return chunk

    def handed_over(self, audio_time: float) -> float:
        """Wall clock when the chunk ending at `audio_time` was read."""
        return min(self.read_at, key=lambda item: abs(item[0] - audio_time))[1]


@dataclass
class Outcome:
    case: Case
    voice: str
    heard: Heard | None
    wer_errors: int
    ref_words: int
    correct: bool
    asked: str
    """The question taken as asked (choose_question may take a likelier-answered or repaired one)."""
    latency: float | None
    cpu: float
    audio: float


def speech_end(path: Path, lead: float) -> float:
    """Seconds from the start of the fed audio to the last loud sample of speech."""
    samples, rate = read_wav(path)
    loud = np.nonzero(np.abs(samples) > 0.02 * np.abs(samples).max())[0]
    return lead + (loud[-1] + 1) / rate


def is_correct(case: Case, result) -> bool:
    if not case.in_scope:
        return isinstance(result, NoAnswer)
    return isinstance(result, Answer) and any(k in fold_quotes(result.sentence.text).lower() for k in case.keys)


def run_variant(
    model, titles, texts, questions: str, wavs, answerer: Answerer | None, alternatives: int = 0
) -> list[Outcome]:
    events: queue.Queue = queue.Queue()

    def on_event(event) -> None:
        events.put((event, time.perf_counter()))

    first = TimedWav(wavs[0].path, lead_silence=wavs[0].lead)
    listener = VoiceListener(
        first,
        on_event,
        model=model,
        section_titles=titles,
        questions=questions,
        article_texts=texts,
        question_alternatives=alternatives,
    )
    listener.start()
    event, _ = events.get(timeout=WAIT)
    assert isinstance(event, VoiceReady), event
    outcomes = []
    for recording in wavs:
        case, voice = recording.case, recording.voice
        source = TimedWav(recording.path, lead_silence=recording.lead)
        listener.source = source
        cpu_before = time.process_time()
        listener.listen_once()
        heard, heard_at = None, 0.0
        while True:
            event, at = events.get(timeout=WAIT)
            if isinstance(event, Heard) and heard is None:
                heard, heard_at = event, at
            if isinstance(event, ListeningChanged) and not event.listening:
                break
        cpu = time.process_time() - cpu_before
        reference = normalise(case.question).split()
        hypothesis = normalise(heard.text).split() if heard and heard.question else []
        correct, latency, asked = False, None, ""
        if answerer is not None and heard is not None and heard.question and heard.understood:
            began = time.perf_counter()
            if alternatives:
                asked, result = choose_question(heard.alternatives, answerer)
            else:
                asked, result = heard.text, answerer.answer(heard.text)
            answering = time.perf_counter() - began
            correct = is_correct(case, result)
            decoding = heard_at - source.handed_over(heard.audio_end)
            latency = heard.audio_end - recording.end + decoding + answering
        outcomes.append(
            Outcome(
                case,
                voice,
                heard,
                word_errors(reference, hypothesis),
                len(reference),
                correct,
                asked,
                latency,
                cpu,
                source.fed,
            )
        )
    listener.stop()
    listener.join(timeout=WAIT)
    return outcomes


def synthesise(cases: list[Case], voices, rate: int, noises, folder: Path) -> list[Recording]:
    """Each question in each voice and noise: an espeak-ng voice name (at `rate` wpm), or a spec such
    as `flite:slt` or `flite:awb:1.2` (benchmarks/synth.py); noise "clean" or an SNR in dB."""
    from benchmarks.synth import ESPEAK, LEAD, Voice, mix

    wavs = []
    for index, spec in enumerate(voices):
        voice = Voice.parse(spec if ":" in spec else f"{ESPEAK}:{spec}:{rate}")
        for number, case in enumerate(cases):
            path = voice.speak(case.question, folder / f"{index}-{number}.wav")
            for noise in noises:
                if noise == "clean":
                    wavs.append(Recording(case, str(voice), path, LEAD, speech_end(path, LEAD)))
                    continue
                speech, sample_rate = read_wav(path)
                audio, end = mix(speech, sample_rate, "white", float(noise), seed=f"{case.question}|{voice}", trail=2.0)
                noisy = folder / f"{index}-{number}-{noise}.wav"
                with wave.open(str(noisy), "wb") as out:
                    out.setnchannels(1)
                    out.setsampwidth(2)
                    out.setframerate(sample_rate)
                    out.writeframes(audio.astype("<i2").tobytes())
                wavs.append(Recording(case, f"{voice} {noise} dB", noisy, 0.0, end))
    return wavs


def report(name: str, outcomes: list[Outcome], sets: dict[str, list[Case]]) -> None:
    print(f"\n[{name}]")
    for set_name, cases in sets.items():
        rows = [o for o in outcomes if o.case in cases]
        errors, words = sum(o.wer_errors for o in rows), sum(o.ref_words for o in rows)
        inscope = [o for o in rows if o.case.in_scope]
        offscope = [o for o in rows if not o.case.in_scope]
        print(
            f"  {set_name}: WER {100 * errors / words:5.1f} %   answers right {sum(o.correct for o in rows)}/{len(rows)} "
            f"({100 * sum(o.correct for o in rows) / len(rows):.0f} %)   in scope {sum(o.correct for o in inscope)}/"
            f"{len(inscope)}, out of scope refused {sum(o.correct for o in offscope)}/{len(offscope)}"
        )
    errors, words = sum(o.wer_errors for o in outcomes), sum(o.ref_words for o in outcomes)
    right = sum(o.correct for o in outcomes)
    print(
        f"  all: WER {100 * errors / words:.1f} %, answer accuracy {right}/{len(outcomes)} "
        f"({100 * right / len(outcomes):.1f} %)"
    )
    for voice in dict.fromkeys(o.voice for o in outcomes):
        rows = [o for o in outcomes if o.voice == voice]
        errors, words = sum(o.wer_errors for o in rows), sum(o.ref_words for o in rows)
        right = sum(o.correct for o in rows)
        print(
            f"    {voice:<34} WER {100 * errors / words:5.1f} %   right {right}/{len(rows)} ({100 * right / len(rows):.1f} %)"
        )
    latencies = sorted(o.latency for o in outcomes if o.latency is not None)
    if latencies:
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        print(
            f"  latency end of speech -> answer: median {statistics.median(latencies) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms (n={len(latencies)})"
        )
    not_questions = [o for o in outcomes if not (o.heard and o.heard.question and o.heard.understood)]
    for o in not_questions:
        what = "nothing" if o.heard is None else (o.heard.match.command.name if o.heard.match else o.heard.reason)
        print(
            f"    not taken as a question ({o.voice}): {o.case.question!r} -> {what} {o.heard.text if o.heard else ''!r}"
        )
    for o in outcomes:
        if o.heard and o.heard.question and o.heard.understood and not o.correct:
            taken = f", taken as {o.asked!r}" if o.asked != o.heard.text else ""
            print(f"    wrong answer ({o.voice}): {o.case.question!r} heard {o.heard.text!r}{taken}")


def dump(path: Path, results: dict[str, list[Outcome]], answerer: Answerer) -> None:
    """Every utterance's outcome, with whether the typed question is answered right, to tell
    mishearing from ranking."""
    typed = {}
    with path.open("w", newline="") as handle:
        out = csv.writer(handle, delimiter="\t")
        out.writerow(
            ["variant", "voice", "question", "in_scope", "typed_right", "heard", "asked", "right", "wer_errors"]
        )
        for name, outcomes in results.items():
            for o in outcomes:
                if o.case.question not in typed:
                    typed[o.case.question] = is_correct(o.case, answerer.answer(o.case.question))
                heard = o.heard.text if o.heard else ""
                kind = "" if o.heard is None or (o.heard.question and o.heard.understood) else " [not a question]"
                out.writerow(
                    [
                        name,
                        o.voice,
                        o.case.question,
                        int(o.case.in_scope),
                        int(typed[o.case.question]),
                        heard + kind,
                        o.asked,
                        int(o.correct),
                        o.wer_errors,
                    ]
                )


def cpu_line(name: str, outcomes: list[Outcome]) -> None:
    cpu, audio = sum(o.cpu for o in outcomes), sum(o.audio for o in outcomes)
    print(f"  {name:<50} real-time factor {cpu / audio:.3f} ({cpu:.1f} s CPU for {audio:.0f} s of audio)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, default=DEFAULT_SETS)
    parser.add_argument("--voices", nargs="+", default=list(VOICES))
    parser.add_argument("--rate", type=int, default=RATE)
    parser.add_argument("--noises", nargs="+", default=list(NOISES), help='"clean" and/or SNRs in dB, e.g. 20 10')
    parser.add_argument("--dump", type=Path, help="write every utterance's outcome to this TSV file")
    parser.add_argument("--article", action="store_true", help="also measure the article-vocabulary grammar")
    parser.add_argument(
        "--chosen-only",
        action="store_true",
        help="only the chosen variant (no 1-best, no commands-only CPU run): a third of the time",
    )
    options = parser.parse_args()

    article = load_article(ARTICLE_PATH)
    titles = tuple(section.title for section in article.sections)
    texts = [article.title, *titles, *(sentence.text for sentence in article.sentences)]
    model, path = load_model_for_listening()
    answerer = Answerer(article)
    answerer.warm_up()
    sets = {p.name: read_cases(p) for p in options.sets}
    cases = [case for group in sets.values() for case in group]
    print(f"Model: {path}; answerer: {answerer.ranker_name}")
    print(
        f"{len(cases)} questions x voices {', '.join(options.voices)} (espeak-ng names at {options.rate} wpm) "
        f"x noise {', '.join(options.noises)}, push to talk"
    )
    with tempfile.TemporaryDirectory() as folder:
        wavs = synthesise(cases, options.voices, options.rate, options.noises, Path(folder))
        variants = dict(VARIANTS, **({"article 1-best": (ARTICLE, 0)} if options.article else {}))
        if options.chosen_only:
            variants = {name: value for name, value in variants.items() if "chosen" in name}
        results = {
            name: run_variant(model, titles, texts, vocabulary, wavs, answerer, n)
            for name, (vocabulary, n) in variants.items()
        }
        commands_only = [] if options.chosen_only else run_variant(model, titles, texts, OFF, wavs, None)
    for name, outcomes in results.items():
        report(name, outcomes, sets)
    if options.dump:
        dump(options.dump, results, answerer)
    print("\nDecoding CPU, listener thread, push to talk until the utterance ends (one core):")
    if commands_only:
        cpu_line("commands only", commands_only)
    for name, outcomes in results.items():
        cpu_line(f"commands + {name}", outcomes)
    return 0


if __name__ == "__main__":
    sys.exit(main())

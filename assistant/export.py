"""`assistant export-audio DIR`: one WAV per section plus an M3U playlist, to listen on a phone."""

from __future__ import annotations

import re
import sys
import wave
from pathlib import Path
from typing import TextIO

from assistant.article import Article
from assistant.speech.tts import Synthesizer, VoiceSettings

PAUSE_BETWEEN_SENTENCES_SECONDS = 0.25


class ExportError(Exception):
    """The export cannot be written; one plain sentence."""


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:50] or "section"


def _progress(done: int, total: int, label: str, stream: TextIO) -> None:
    width = 30
    filled = width * done // max(1, total)
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label[:40]:<40}")
    stream.flush()


def export_audio(
    article: Article,
    directory: Path,
    settings: VoiceSettings,
    synthesizer: Synthesizer | None = None,
    progress: TextIO = sys.stderr,
) -> list[Path]:
    """Synthesise every section (its heading, then its sentences) into DIR. Returns the WAV paths."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"The folder {directory} cannot be created ({error.strerror}).") from None
    synthesizer = synthesizer or Synthesizer()
    sentences_total = sum(len(s.sentences) + 1 for s in article.sections)
    done = 0
    written: list[tuple[Path, float, str]] = []
    for section in article.sections:
        pcm = bytearray()
        rate = 22050
        for text in [section.spoken_title + "."] + [s.text for s in section.sentences]:
            audio = synthesizer.synthesize(text, settings)
            rate = audio.sample_rate
            pcm += audio.pcm + bytes(2 * int(rate * PAUSE_BETWEEN_SENTENCES_SECONDS))
            done += 1
            _progress(done, sentences_total, section.spoken_title, progress)
        path = directory / f"{section.index + 1:02d}-{_slug(section.title)}.wav"
        try:
            with wave.open(str(path), "wb") as wav:
                wav.setnchannels(1)
                wav.setsampwidth(2)
                wav.setframerate(rate)
                wav.writeframes(bytes(pcm))
        except OSError as error:
            raise ExportError(f"{path} cannot be written ({error.strerror}).") from None
        written.append((path, len(pcm) / 2 / rate, section.title))
    playlist = ["#EXTM3U", f"#PLAYLIST:{article.title}"]
    for path, seconds, title in written:
        playlist += [f"#EXTINF:{round(seconds)},{article.title} - {title}", path.name]
    (directory / "playlist.m3u").write_text("\n".join(playlist) + "\n", encoding="utf-8")
    progress.write(f"\nWrote {len(written)} sections and playlist.m3u to {directory}.\n")
    synthesizer.close()
    return [path for path, _, _ in written]

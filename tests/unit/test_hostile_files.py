"""Files a hostile or unlucky user names: pipes, devices, UTF-16, odd question sets, long WAVs."""

import codecs
import os
import threading
import tracemalloc
import wave

import numpy as np
import pytest

from assistant.article import ArticleError, load_article
from assistant.cli.eval_questions import QuestionSetError, read_cases
from assistant.speech.audio_in import AudioSourceError, WavFileSource

ARTICLE = "# Title\n\n## Part\n\nA sentence here. Another one follows."


def finishes_within(seconds: float, action):
    """Run `action` in a thread; fail (instead of hanging the suite) if it takes longer."""
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(("value", action()))
        except BaseException as error:  # noqa: BLE001  (handed back to the test)
            outcome.append(("error", error))

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert outcome, f"still running after {seconds} s (it would hang the app)"
    kind, value = outcome[0]
    if kind == "error":
        raise value
    return value


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def test_a_fifo_article_is_refused_at_once(fifo):
    with pytest.raises(ArticleError, match="is a named pipe, not a regular file"):
        finishes_within(5, lambda: load_article(fifo))


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_article_is_refused_without_reading_it(device, tmp_path):
    link = tmp_path / "article.md"
    link.symlink_to(device)
    with pytest.raises(ArticleError, match="is a device, not a regular file"):
        finishes_within(5, lambda: load_article(link))


def test_a_fifo_question_set_is_refused_at_once(fifo):
    with pytest.raises(QuestionSetError, match="is a named pipe"):
        finishes_within(5, lambda: read_cases(fifo))


def test_a_fifo_as_audio_in_is_refused_at_once(fifo, tmp_path, monkeypatch, capsys):
    from assistant.cli.main import main

    with pytest.raises(AudioSourceError, match="is a named pipe"):
        finishes_within(5, lambda: WavFileSource(fifo).open())
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert finishes_within(10, lambda: main(["--plain", "--audio-in", str(fifo)])) == 2
    assert capsys.readouterr().err == f"assistant: The audio file {fifo} is a named pipe, not a regular file.\n"


@pytest.mark.parametrize(
    "encoded",
    [
        codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"),
        ARTICLE.encode("utf-16-le"),
        ARTICLE.encode("utf-16-be"),
        codecs.BOM_UTF32_LE + ARTICLE.encode("utf-32-le"),
        codecs.BOM_UTF8 + ARTICLE.encode("utf-8"),
    ],
    ids=["utf-16-le", "utf-16-be", "utf-16-le without mark", "utf-16-be without mark", "utf-32", "utf-8 mark"],
)
def test_unicode_articles_are_read_not_called_binary(tmp_path, encoded):
    path = tmp_path / "windows.md"
    path.write_bytes(encoded)
    article = load_article(path)
    assert article.title == "Title"
    assert [s.text for s in article.sentences] == ["A sentence here.", "Another one follows."]


def test_real_binary_is_still_binary(tmp_path):
    path = tmp_path / "image.md"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ArticleError, match="not a text file"):
        load_article(path)


def test_a_question_set_with_a_byte_order_mark_reads_its_first_line(tmp_path):
    path = tmp_path / "set.tsv"
    path.write_bytes(codecs.BOM_UTF8 + b"# comment\nWhat is it?\tcalcium\n")
    assert [(c.question, c.keys) for c in read_cases(path)] == [("What is it?", ("calcium",))]
    path.write_bytes(codecs.BOM_UTF8 + b"Is it bad?\tOUT_OF_SCOPE\n")
    assert read_cases(path)[0].question == "Is it bad?" and not read_cases(path)[0].in_scope


@pytest.mark.parametrize("key", ["|", "calcium||salts", " | ", "calcium|"])
def test_an_empty_answer_key_is_refused_not_taken_as_out_of_scope(tmp_path, key):
    path = tmp_path / "set.tsv"
    path.write_text(f"Fine question?\tcalcium\nWhat is it?\t{key}\n")
    with pytest.raises(QuestionSetError, match=r"^Line 2 of .* has an empty answer key"):
        read_cases(path)


def test_the_model_error_names_the_persons_folder_not_the_cache(tmp_path, monkeypatch):
    from assistant.speech.models import REQUIRED_FILES, ModelError, load_model_for_listening

    mine = tmp_path / "my-model"
    for name in REQUIRED_FILES:
        (mine / name).parent.mkdir(parents=True, exist_ok=True)
        (mine / name).write_bytes(b"not a model")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with pytest.raises(ModelError) as error:
        load_model_for_listening(mine)
    assert str(error.value).startswith(f"The Vosk model at {mine} could not be loaded")


def _write_wav(path, seconds: float, rate: int = 48000, channels: int = 2) -> None:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        block = (np.arange(rate * channels, dtype=np.int16) % 200).tobytes()
        for _ in range(int(seconds)):
            wav.writeframes(block)


def test_a_long_wav_is_streamed_in_small_blocks(tmp_path):
    """A minute of 48 kHz stereo (11.5 MB) is fed 50 ms at a time; reading it all was 2.4 GB an hour."""
    path = tmp_path / "minute.wav"
    _write_wav(path, 60)
    source = WavFileSource(path, lead_silence=0.1, trail_silence=0.2)
    tracemalloc.start()
    try:
        assert source.open() == 48000
        total = 0
        while (chunk := source.read()) is not None:
            assert len(chunk) <= 2400 * 2
            total += len(chunk)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        source.close()
    assert total == 2 * (4800 + 60 * 48000 + 9600)
    assert peak < 1_000_000, f"peak {peak / 1e6:.1f} MB while streaming an 11.5 MB file"

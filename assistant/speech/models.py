"""Finding, checking, loading and downloading Vosk speech models.

Every failure becomes a `ModelError` whose message is one plain sentence saying what to do next,
because the TUI shows it in a status line and the CLI prints it instead of a traceback.
`vosk` is imported lazily: importing this module must stay cheap and silent.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from assistant.model_files import (  # noqa: F401
    PROJECT_MODELS_DIR,
    DownloadError,
    default_download_dir,
    fetch_checked,
    search_dirs,
    user_models_dir,
)

if TYPE_CHECKING:
    import vosk

MODEL_ENV = "ASSISTANT_VOSK_MODEL"
DEFAULT_MODEL_URL = "https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip"
REQUIRED_FILES = ("am/final.mdl", "conf/model.conf", "conf/mfcc.conf", "graph/HCLr.fst", "graph/Gr.fst")
"""A model needs the lookahead graph (HCLr + Gr), not a static HCLG, so that grammars work."""

DOWNLOAD_HINT = "Run `assistant models download`."
Progress = Callable[[int, int | None], None]
"""Called with (bytes so far, total bytes or None when the server does not say)."""


class ModelError(Exception):
    """A model that cannot be found, loaded or downloaded; the message is one plain sentence.
    `detail` keeps what Kaldi said, for a log or a --verbose flag, never for the screen."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


@contextlib.contextmanager
def captured_stderr() -> Iterator[Callable[[], str]]:
    """Send file descriptor 2 to a temporary file for a moment; yields a function returning what
    was written. Kaldi prints its errors there whatever the log level, behind Textual's back; unlike
    `assistant.speech.quiet.native_stderr_silenced` this keeps the text for `ModelError.detail`."""
    try:
        saved = os.dup(2)
    except OSError:  # no fd 2 at all (pythonw, some daemons): nothing to protect
        yield lambda: ""
        return
    with tempfile.TemporaryFile() as capture:
        with contextlib.suppress(AttributeError, ValueError, OSError):
            if sys.stderr.fileno() == 2:  # not when the TUI has moved Python's stderr elsewhere
                sys.stderr.flush()
        os.dup2(capture.fileno(), 2)

        def written() -> str:
            capture.seek(0)
            return capture.read().decode("utf-8", "replace")

        try:
            yield written
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def check_model(path: str | Path) -> list[str]:
    """Everything wrong with a model folder, as short phrases; an empty list means usable."""
    path = Path(path)
    if not path.exists():
        return [f"{path} does not exist"]
    if not path.is_dir():
        return [f"{path} is not a folder"]
    return [f"{name} is missing" for name in REQUIRED_FILES if not (path / name).is_file()]


def _checked(path: Path, origin: str) -> Path:
    problems = check_model(path)
    if problems:
        raise ModelError(f"The Vosk model {origin} is not usable ({'; '.join(problems)}). {DOWNLOAD_HINT}")
    return path


def find_model(explicit: str | Path | None = None) -> Path:
    """The model to use: an explicit path, then $ASSISTANT_VOSK_MODEL, then the first valid one found.

    An explicit or environment path that is broken is an error, not a reason to fall back quietly:
    the person asked for that model.
    """
    if explicit:
        return _checked(Path(explicit).expanduser(), f"at {explicit}")
    from_env = os.environ.get(MODEL_ENV)
    if from_env:
        return _checked(Path(from_env).expanduser(), f"named by {MODEL_ENV} ({from_env})")
    for base in search_dirs():
        if not base.is_dir():
            continue
        for candidate in sorted(base.iterdir()):
            if candidate.is_dir() and not candidate.name.startswith(".") and not check_model(candidate):
                return candidate
    raise ModelError(f"No Vosk model found. {DOWNLOAD_HINT}")


def load_model(path: str | Path | None = None, shown_as: Path | None = None) -> vosk.Model:
    """Find and load a model with Kaldi's logging silenced first, so nothing reaches the terminal.

    `shown_as` is the folder to name if it fails: the person's own, not the tuned shadow of it.
    """
    model_path = find_model(path)
    import vosk

    vosk.SetLogLevel(-1)
    with captured_stderr() as kaldi_said:
        try:
            return vosk.Model(str(model_path))
        except Exception as error:  # vosk raises a bare Exception("Failed to create a model")
            raise ModelError(
                f"The Vosk model at {shown_as or model_path} could not be loaded (it may be damaged). {DOWNLOAD_HINT}",
                detail=kaldi_said().strip(),
            ) from error


def find_word(model: vosk.Model, word: str) -> bool:
    """Whether a word is in the model's vocabulary (the method name differs between vosk releases)."""
    lookup = getattr(model, "find_word", None) or model.vosk_model_find_word
    return lookup(word) != -1


# --- Downloading ----------------------------------------------------------------------------------


def _model_root(extracted: Path) -> Path:
    """Archives hold either the model files or one folder with them inside."""
    if not check_model(extracted):
        return extracted
    children = [c for c in extracted.iterdir() if c.is_dir()]
    if len(children) == 1:
        return children[0]
    return extracted


def _safe_extract(archive: zipfile.ZipFile, into: Path) -> None:
    """Refuse members that would land outside the folder (absolute paths, "..")."""
    root = into.resolve()
    for member in archive.infolist():
        target = (into / member.filename).resolve()
        if root != target and root not in target.parents:
            raise ModelError(f"The downloaded archive contains an unsafe path ({member.filename}).")
    archive.extractall(into)


def _fetch(url: str, into: Path, dest: Path, progress: Progress | None, timeout: float) -> None:
    """The model zip from `url` into the file `into` (no checksum is pinned for it)."""
    try:
        fetch_checked(
            url, into, None, progress, timeout, what="model", where_else=f", or copy a model folder into {dest}"
        )
    except DownloadError as error:
        raise ModelError(str(error)) from None


def download_model(
    dest_dir: str | Path | None = None,
    url: str = DEFAULT_MODEL_URL,
    progress: Progress | None = None,
    timeout: float = 20.0,
) -> Path:
    """Download and unpack a model zip into dest_dir; returns the model folder.

    The zip goes to a temporary file and is unpacked into a temporary folder beside the destination,
    checked, then renamed into place, so an interrupted download never leaves a half model that
    `find_model` would pick up. An already valid model of the same name is returned as it is.
    """
    dest = Path(dest_dir) if dest_dir else default_download_dir()
    name = Path(urllib.parse.urlparse(url).path).name.removesuffix(".zip") or "vosk-model"
    target = dest / name
    if target.exists():
        if not check_model(target):
            return target
        raise ModelError(f"{target} already exists but is not a complete model; remove it and try again.")
    try:
        dest.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=dest, prefix=".download-") as work:
            archive_path = Path(work) / "model.zip"
            _fetch(url, archive_path, dest, progress, timeout)
            unpacked = Path(work) / "unpacked"
            try:
                with zipfile.ZipFile(archive_path) as archive:
                    _safe_extract(archive, unpacked)
            except zipfile.BadZipFile:
                raise ModelError(f"The file downloaded from {url} is not a zip archive.") from None
            archive_path.unlink()
            root = _model_root(unpacked)
            problems = check_model(root)
            if problems:
                raise ModelError(f"The file downloaded from {url} is not a Vosk model ({problems[0]}).")
            os.replace(root, target)
    except OSError as error:
        raise ModelError(f"Could not write the model into {dest} ({error.strerror or error}).") from None
    return target


def model_size(path: Path) -> int:
    """Bytes on disk, for `assistant models check`."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# --- Endpointing ----------------------------------------------------------------------------------

LISTENING_OPTIONS = {
    "endpoint.rule2.min-trailing-silence": "0.3",
    "endpoint.rule3.min-trailing-silence": "0.5",
    "endpoint.rule4.min-trailing-silence": "0.8",
    "frames-per-chunk": "9",
}
"""model.conf settings for short commands (benchmarks/voice.py measures them).

rule2/3/4 are the trailing silence after which Vosk ends an utterance, by how sure the decoder is
that the sentence is complete; the shipped 0.5/0.75/1.0 s suit dictation, and made commands land
~0.8 s after speech. 0.3 s still tolerates the pause of a slow speaker between "next" and
"section" (rule2 needs a confident final state). frames-per-chunk 9 (default 20) makes Kaldi
check the endpoint every ~90 ms instead of every ~240 ms: ~75 ms sooner on average, for ~70 %
more decoding CPU (still about 5 % of one core while listening).
"""


def tuned_model_dir(path: str | Path, options: dict[str, str] = LISTENING_OPTIONS, cache: Path | None = None) -> Path:
    """A shadow of a model folder with some conf/model.conf settings replaced.

    Vosk 0.3.45 has no endpointer API (SetEndpointerDelays came in later releases) and reads
    these settings from conf/model.conf when the model loads. Rather than edit the person's model,
    we build a folder of symbolic links to it with our own model.conf, in the user cache, and load
    that instead. Returns the original folder if links cannot be made (Windows without the right).
    """
    path = Path(path).resolve()
    original = (path / "conf" / "model.conf").read_text(encoding="utf-8").splitlines()
    lines = [line for line in original if line.lstrip("-").split("=")[0] not in options]
    lines += [f"--{key}={value}" for key, value in options.items()]
    text = "\n".join(lines) + "\n"
    digest = hashlib.sha1(f"{path}\n{text}".encode()).hexdigest()[:10]
    shadow = (cache or platformdirs.user_cache_path("assistant") / "models") / f"{path.name}-{digest}"
    model_conf = shadow / "conf" / "model.conf"
    try:
        if not (model_conf.is_file() and model_conf.read_text(encoding="utf-8") == text):
            _link_tree(path, shadow)
            temporary = model_conf.with_name(".model.conf.tmp")
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, model_conf)
    except OSError:
        return path
    return shadow


def _link_tree(source: Path, shadow: Path) -> None:
    """Link every entry of the model, and of its conf/ folder except model.conf, into shadow."""
    (shadow / "conf").mkdir(parents=True, exist_ok=True)
    for entry in [*source.iterdir(), *(source / "conf").iterdir()]:
        if entry.name in ("conf", "model.conf"):
            continue
        link = shadow / entry.relative_to(source)
        if link.is_symlink():
            link.unlink()
        link.symlink_to(entry)


def load_model_for_listening(path: str | Path | None = None) -> tuple[vosk.Model, Path]:
    """The model with command-friendly endpointing; returns it with the folder it came from."""
    model_path = find_model(path)
    return load_model(tuned_model_dir(model_path), shown_as=model_path), model_path

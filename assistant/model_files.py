"""Where downloaded models live, and fetching one file over HTTPS with its checksum checked.

Shared by the speech model (Vosk, assistant/speech/models.py) and the answering model (bge,
assistant/answering/bge_files.py): both live in the project's models/ folder in a source checkout,
else in the user's data folder. Nothing here runs at import time; only `fetch_checked` uses the
network, and only when the reader asks for a download.
"""

from __future__ import annotations

import hashlib
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import platformdirs

PROJECT_MODELS_DIR = Path(__file__).resolve().parents[1] / "models"
Progress = Callable[[int, int | None], None]
"""Called with (bytes so far, total bytes or None when the server does not say)."""


class DownloadError(Exception):
    """A download that failed; the message is one plain sentence."""


def user_models_dir() -> Path:
    return platformdirs.user_data_path("assistant") / "models"


def search_dirs() -> list[Path]:
    """Where models are looked for, in order: the project's models/ folder, then the user's."""
    return [PROJECT_MODELS_DIR, user_models_dir()]


def default_download_dir() -> Path:
    """The project's models/ folder in a source checkout (it holds our README), else the user's."""
    if (PROJECT_MODELS_DIR / "README.md").is_file() and os.access(PROJECT_MODELS_DIR, os.W_OK):
        return PROJECT_MODELS_DIR
    return user_models_dir()


def fetch_checked(
    url: str,
    into: Path,
    sha1: str | None,
    progress: Progress | None = None,
    timeout: float = 20.0,
    *,
    what: str = "",
    where_else: str = "",
) -> None:
    """Download `url` into the file `into`; DownloadError (one sentence) when it fails, or when
    `sha1` is given and the file's SHA-1 differs. `what` names the thing in the sentences ("the
    model"); `where_else` is added to the no-connection sentence (", or copy ... into ...")."""
    host = urllib.parse.urlparse(url).netloc or url
    the = f"the {what} " if what else ""
    digest = hashlib.sha1(usedforsecurity=False)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, into.open("wb") as out:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            done = 0
            while chunk := response.read(256 * 1024):
                out.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
    except urllib.error.HTTPError as error:
        raise DownloadError(
            f"The {what + ' ' if what else ''}download from {host} failed (HTTP {error.code} {error.reason})."
        ) from None
    except urllib.error.URLError as error:
        reason = getattr(error.reason, "strerror", None) or str(error.reason)
        raise DownloadError(
            f"Could not download {the}from {host} ({reason}); check the internet connection{where_else}."
        ) from None
    except TimeoutError:
        raise DownloadError(
            f"The {what + ' ' if what else ''}download from {host} timed out; try again later."
        ) from None
    if sha1 is not None and digest.hexdigest() != sha1:
        raise DownloadError(f"The file downloaded from {host} is not the expected one (its checksum differs).")

"""Finding, checking, loading and downloading Vosk models.

Downloads use file:// URLs of zips built here from a tiny fake model, and a port nothing listens
on: there is no network in CI, and the download code must fail fast and cleanly without one.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

from assistant.cli.voice import run_models_check, run_models_download
from assistant.speech import models
from assistant.speech.models import (
    LISTENING_OPTIONS,
    REQUIRED_FILES,
    ModelError,
    check_model,
    download_model,
    find_model,
    find_word,
    load_model,
    tuned_model_dir,
)

NO_MODEL = "No Vosk model found. Run `assistant models download`."


def make_fake_model(folder: Path, leave_out: str = "") -> Path:
    """The files check_model looks for, with placeholder contents (not loadable by Vosk)."""
    for name in REQUIRED_FILES:
        if name != leave_out:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text("--placeholder=1\n")
    return folder


def make_zip(path: Path, source: Path, top: str | None) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for file in source.rglob("*"):
            if file.is_file():
                name = file.relative_to(source).as_posix()
                archive.write(file, f"{top}/{name}" if top else name)
    return path


@pytest.fixture
def no_models_anywhere(monkeypatch, tmp_path):
    """Search only two empty folders, and ignore the developer's environment variable."""
    monkeypatch.delenv(models.MODEL_ENV, raising=False)
    searched = [tmp_path / "project-models", tmp_path / "user-models"]
    monkeypatch.setattr(models, "search_dirs", lambda: searched)
    return searched


# --- check_model / find_model -----------------------------------------------------------------------


def test_a_complete_model_has_no_problems(tmp_path):
    assert check_model(make_fake_model(tmp_path)) == []


@pytest.mark.parametrize("missing", REQUIRED_FILES)
def test_each_missing_file_is_named(tmp_path, missing):
    assert check_model(make_fake_model(tmp_path, leave_out=missing)) == [f"{missing} is missing"]


def test_a_path_that_is_not_there_or_is_a_file(tmp_path):
    assert check_model(tmp_path / "nope") == [f"{tmp_path / 'nope'} does not exist"]
    (tmp_path / "file").write_text("x")
    assert check_model(tmp_path / "file") == [f"{tmp_path / 'file'} is not a folder"]


def test_no_model_anywhere_is_one_sentence_saying_what_to_do(no_models_anywhere):
    with pytest.raises(ModelError) as error:
        find_model()
    assert str(error.value) == NO_MODEL


def test_search_order_is_project_then_user_and_skips_broken_or_hidden_folders(no_models_anywhere):
    project, user = no_models_anywhere
    make_fake_model(project / "a-broken", leave_out="graph/Gr.fst")
    make_fake_model(project / ".download-123")
    good_user = make_fake_model(user / "vosk-model-small-en-us-0.15")
    assert find_model() == good_user
    good_project = make_fake_model(project / "vosk-model-en-us")
    assert find_model() == good_project


def test_explicit_path_then_environment_variable_win(no_models_anywhere, monkeypatch, tmp_path):
    make_fake_model(no_models_anywhere[0] / "found")
    from_env = make_fake_model(tmp_path / "from-env")
    explicit = make_fake_model(tmp_path / "explicit")
    monkeypatch.setenv(models.MODEL_ENV, str(from_env))
    assert find_model() == from_env
    assert find_model(explicit) == explicit


def test_a_broken_explicit_model_is_an_error_not_a_silent_fallback(no_models_anywhere, tmp_path):
    make_fake_model(no_models_anywhere[0] / "would-be-found")
    broken = make_fake_model(tmp_path / "broken", leave_out="am/final.mdl")
    with pytest.raises(ModelError, match=r"^The Vosk model at .*broken is not usable \(am/final.mdl is missing\)"):
        find_model(broken)


# --- Loading -------------------------------------------------------------------------------------------


def test_the_real_model_loads_and_knows_the_command_words():
    model = load_model()
    assert find_word(model, "section") and find_word(model, "mammography")
    assert not find_word(model, "zzqxv")


def test_a_damaged_model_is_one_sentence_and_kaldi_stays_off_the_terminal(tmp_path, capfd):
    with pytest.raises(ModelError) as error:
        load_model(make_fake_model(tmp_path))
    assert str(error.value).endswith("could not be loaded (it may be damaged). Run `assistant models download`.")
    assert "VoskAPI" in error.value.detail
    assert capfd.readouterr().err == ""


def test_tuned_copy_changes_only_model_conf_and_links_the_rest(tmp_path):
    source = find_model()
    shadow = tuned_model_dir(source, cache=tmp_path)
    conf = (shadow / "conf" / "model.conf").read_text()
    assert "--endpoint.rule2.min-trailing-silence=0.3" in conf and "--frames-per-chunk=9" in conf
    assert "--endpoint.rule2.min-trailing-silence=0.5" not in conf
    assert (shadow / "am").resolve() == (source / "am").resolve()
    assert (source / "conf" / "model.conf").read_text().count("min-trailing-silence=0.5") == 1
    assert tuned_model_dir(source, cache=tmp_path) == shadow  # made once, then reused
    assert check_model(shadow) == []
    assert find_word(load_model(shadow), "section")


def test_different_settings_get_different_copies(tmp_path):
    source = find_model()
    other = dict(LISTENING_OPTIONS, **{"endpoint.rule2.min-trailing-silence": "0.4"})
    assert tuned_model_dir(source, cache=tmp_path) != tuned_model_dir(source, other, cache=tmp_path)


# --- Downloading -------------------------------------------------------------------------------------


@pytest.mark.parametrize("top", ["vosk-model-small-en-us-0.15", None], ids=["in a folder", "at the top"])
def test_download_unpacks_checks_and_renames_into_place(tmp_path, top):
    archive = make_zip(tmp_path / "vosk-model-small-en-us-0.15.zip", make_fake_model(tmp_path / "src"), top)
    dest = tmp_path / "models"
    calls = []
    path = download_model(dest, url=archive.as_uri(), progress=lambda done, total: calls.append((done, total)))
    assert path == dest / "vosk-model-small-en-us-0.15" and check_model(path) == []
    assert [p.name for p in dest.iterdir()] == [path.name]  # no temporary files left behind
    assert calls and calls[-1][0] == archive.stat().st_size


def test_an_existing_valid_model_is_kept_without_downloading(tmp_path):
    existing = make_fake_model(tmp_path / "models" / "vosk-model-small-en-us-0.15")
    url = (tmp_path / "vosk-model-small-en-us-0.15.zip").as_uri()  # does not exist: never fetched
    assert download_model(tmp_path / "models", url=url) == existing


@pytest.mark.parametrize(
    ("contents", "message"),
    [
        ("not a zip", r"is not a zip archive\.$"),
        ("no model inside", r"is not a Vosk model \(am/final.mdl is missing\)\.$"),
    ],
)
def test_a_bad_download_leaves_nothing_behind(tmp_path, contents, message):
    archive = tmp_path / "vosk-model-x.zip"
    if contents == "not a zip":
        archive.write_text("<html>Not found</html>")
    else:
        source = tmp_path / "src"
        source.mkdir()
        (source / "README").write_text("hello")
        make_zip(archive, source, "vosk-model-x")
    dest = tmp_path / "models"
    with pytest.raises(ModelError, match=message):
        download_model(dest, url=archive.as_uri())
    assert list(dest.iterdir()) == []


def test_an_unreachable_server_fails_fast_with_one_sentence(tmp_path):
    started = time.monotonic()
    with pytest.raises(ModelError) as error:
        download_model(tmp_path / "models", url="http://127.0.0.1:9/vosk-model-small-en-us-0.15.zip", timeout=5)
    assert time.monotonic() - started < 5
    assert str(error.value).startswith("Could not download the model from 127.0.0.1:9 (")
    assert str(error.value).endswith(
        f"check the internet connection, or copy a model folder into {tmp_path / 'models'}."
    )
    assert list((tmp_path / "models").iterdir()) == []


def test_a_missing_file_url_is_one_sentence(tmp_path):
    with pytest.raises(ModelError, match="^Could not download the model"):
        download_model(tmp_path / "models", url=(tmp_path / "absent.zip").as_uri())


# --- The models subcommands ---------------------------------------------------------------------------


def test_models_download_draws_a_progress_bar_on_stderr(tmp_path):
    archive = make_zip(tmp_path / "vosk-model-y.zip", make_fake_model(tmp_path / "src"), "vosk-model-y")
    out, err = io.StringIO(), io.StringIO()
    answers = tmp_path / "models" / "bge-small-en-v1.5-q"
    code = run_models_download(
        str(tmp_path / "models"), url=archive.as_uri(), out=out, err=err, answers=lambda dest, progress: answers
    )
    assert code == 0
    assert "\r[##############################]" in err.getvalue()
    assert out.getvalue() == f"Model ready: {tmp_path / 'models' / 'vosk-model-y'}\nModel ready: {answers}\n"


def test_models_download_failure_is_one_line_and_exit_code_1(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    answers = tmp_path / "m" / "bge-small-en-v1.5-q"
    code = run_models_download(
        str(tmp_path / "m"), url="http://127.0.0.1:9/m.zip", out=out, err=err, answers=lambda dest, progress: answers
    )
    assert code == 1 and any(line.startswith("Could not download the model") for line in err.getvalue().splitlines())
    assert out.getvalue() == f"Model ready: {answers}\n"  # the answering model is still fetched


def test_models_download_of_the_answering_model_failing_is_one_line_and_exit_code_1(tmp_path):
    from assistant.model_files import DownloadError

    def failing(dest, progress):
        raise DownloadError("Could not download from repo1.maven.org (no network); check the internet connection.")

    archive = make_zip(tmp_path / "vosk-model-y.zip", make_fake_model(tmp_path / "src"), "vosk-model-y")
    out, err = io.StringIO(), io.StringIO()
    code = run_models_download(str(tmp_path / "models"), url=archive.as_uri(), out=out, err=err, answers=failing)
    assert code == 1 and err.getvalue().splitlines()[-1].startswith("Could not download from repo1.maven.org")


def test_models_check_names_the_model_and_what_it_can_hear():
    out, err = io.StringIO(), io.StringIO()
    assert run_models_check(None, out=out, err=err) == 0
    assert "vosk-model-en-us" in out.getvalue() and "command phrases" in out.getvalue()


def test_models_check_without_a_model_says_what_to_do(no_models_anywhere):
    out, err = io.StringIO(), io.StringIO()
    assert run_models_check(None, out=out, err=err) == 1
    assert err.getvalue() == NO_MODEL + "\n"

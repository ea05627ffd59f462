"""Settings and reading state: round trips, damage, unwritable folders, interrupted and concurrent writes."""

import json
import multiprocessing
import os

import pytest

from assistant.settings import ArticleState, Bookmark, Settings, SettingsStore, article_key, write_atomically


@pytest.fixture
def store(tmp_path):
    return SettingsStore(tmp_path / "config", tmp_path / "state")


def test_settings_round_trip(store):
    saved = Settings(rate=220, voice="gmw/en-us", volume=0.6, theme="yellow-on-black", self_voicing=False)
    assert store.save_settings(saved)
    assert store.load_settings() == saved
    assert not store.warnings


def test_missing_files_give_defaults_quietly(store):
    assert store.load_settings() == Settings()
    assert store.load_state("x") == ArticleState()
    assert not store.warnings


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", "\x00\x01garbage", ""])
def test_a_damaged_settings_file_is_kept_and_defaults_are_used(store, content):
    store.settings_path.parent.mkdir(parents=True)
    store.settings_path.write_text(content)
    assert store.load_settings() == Settings()
    assert len(store.warnings) == 1 and "damaged" in store.warnings[0]
    kept = list(store.settings_path.parent.glob("settings.json.damaged-*"))
    assert len(kept) == 1 and kept[0].read_text() == content


def test_wrong_values_fall_back_one_by_one(store):
    store.settings_path.parent.mkdir(parents=True)
    store.settings_path.write_text(json.dumps({"rate": 9000, "volume": "loud", "theme": "yellow-on-black", "extra": 1}))
    settings = store.load_settings()
    assert (settings.rate, settings.volume, settings.theme) == (175, 1.0, "yellow-on-black")


def test_an_unwritable_config_folder_is_said_once_and_nothing_breaks(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the config folder should be")
    store = SettingsStore(blocker / "config", blocker / "state")
    assert not store.save_settings(Settings(rate=200))
    assert not store.save_state("key", ArticleState(position="s1.1.1"))
    assert len(store.warnings) == 1 and store.warnings[0].startswith("Settings cannot be saved")
    assert store.load_settings() == Settings()


def test_a_write_killed_before_the_rename_leaves_the_old_file_intact(store, monkeypatch):
    store.save_settings(Settings(rate=150))

    def killed(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", killed)
    assert not store.save_settings(Settings(rate=300))
    monkeypatch.undo()
    assert store.load_settings().rate == 150
    assert [p.name for p in store.settings_path.parent.iterdir()] == ["settings.json"], "no temporary file left"


def test_write_atomically_replaces_the_whole_file(tmp_path):
    path = tmp_path / "f.json"
    write_atomically(path, "first")
    write_atomically(path, "second")
    assert path.read_text() == "second"


def test_state_is_per_article_and_keyed_by_content(store, article):
    key = article_key(article)
    assert key == article_key(article) and len(key) == 32
    state = ArticleState(position="s2.1.3", bookmarks=[Bookmark("s3.3.3", "Biopsy")])
    store.save_state(key, state)
    store.save_state("another-article", ArticleState(position="s1.1.1"))
    loaded = store.load_state(key)
    assert loaded.position == "s2.1.3"
    assert [(b.sentence_id, b.name) for b in loaded.bookmarks] == [("s3.3.3", "Biopsy")]
    assert store.load_state("another-article").position == "s1.1.1"


def _save_many(config, state, key, count):
    store = SettingsStore(config, state)
    for n in range(count):
        store.save_state(key, ArticleState(position=f"s1.1.{n}"))
        store.save_settings(Settings(rate=100 + n))


def test_two_running_copies_do_not_corrupt_or_lose_each_others_state(tmp_path):
    config, state = tmp_path / "config", tmp_path / "state"
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_save_many, args=(config, state, key, 40)) for key in ("first", "second")]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(60)
        assert writer.exitcode == 0
    store = SettingsStore(config, state)
    assert store.load_state("first").position == "s1.1.39"
    assert store.load_state("second").position == "s1.1.39"
    assert store.load_settings().rate == 139
    assert not store.warnings

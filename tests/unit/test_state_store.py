"""The reading state under hostile conditions: damaged entries, failed saves, merges, orphans."""

import io
import json
import os

import pytest

from assistant import bookmarks
from assistant.plain import PlainSession
from assistant.settings import ArticleMemory, ArticleState, Bookmark, SettingsStore


@pytest.fixture
def store(tmp_path):
    return SettingsStore(tmp_path / "config", tmp_path / "state")


def write_state(store, articles) -> None:
    store.state_path.parent.mkdir(parents=True, exist_ok=True)
    store.state_path.write_text(json.dumps({"articles": articles}))


@pytest.mark.parametrize(
    ("entry", "fault"),
    [
        ({"sentence_id": "s1.1.2", "name": "x", "created": "yesterday"}, "its date is not a time"),
        ({"sentence_id": "s1.1.2", "name": ["x"], "created": 1.0}, "its name is not text"),
        ({"sentence_id": 7, "name": "x"}, "no sentence"),
        ("s1.1.2", "not a bookmark"),
        ({"sentence_id": "s1.1.2", "created": True}, "its date is not a time"),
    ],
)
def test_a_bad_bookmark_is_left_out_with_one_warning_and_the_rest_kept(store, entry, fault):
    write_state(
        store,
        {
            "k": {
                "position": "s2.1.1",
                "bookmarks": [
                    {"sentence_id": "s1.1.1", "name": "good", "created": 5},
                    entry,
                    {"sentence_id": "s3.1.1", "name": "also good", "created": 6.5},
                ],
            }
        },
    )
    state = store.load_state("k")
    assert [(m.sentence_id, m.name) for m in state.bookmarks] == [("s1.1.1", "good"), ("s3.1.1", "also good")]
    assert state.position == "s2.1.1"
    assert store.warnings == [f"Saved bookmark 2 was damaged ({fault}) and was left out."]


def test_wrong_shapes_for_position_and_bookmarks_are_each_said_once(store):
    write_state(store, {"k": {"position": 12, "bookmarks": {"not": "a list"}}})
    assert store.load_state("k") == ArticleState()
    assert store.warnings == [
        "The saved reading position was damaged and was left out.",
        "The saved bookmarks were damaged and were left out.",
    ]


def test_100000_nested_brackets_are_a_damaged_file_not_a_crash(store):
    store.state_path.parent.mkdir(parents=True)
    store.state_path.write_text("[" * 100_000 + "]" * 100_000)
    assert store.load_state("k") == ArticleState()
    assert len(store.warnings) == 1 and "damaged" in store.warnings[0]


def test_a_state_file_that_is_a_fifo_is_not_waited_for(store):
    store.state_path.parent.mkdir(parents=True)
    os.mkfifo(store.state_path)
    assert store.load_state("k") == ArticleState()
    assert store.warnings == ["Your reading state file is a named pipe, not a regular file, so the defaults are used."]


def test_names_and_ids_from_the_file_are_cleaned(store):
    write_state(store, {"k": {"bookmarks": [{"sentence_id": "s1.1.1", "name": "\x1b]0;t\x07a\u202eb\x1b[2J"}]}})
    assert store.load_state("k").bookmarks[0].name == "ab"


def test_changes_merge_with_what_another_copy_saved(store, tmp_path):
    other_copy = SettingsStore(tmp_path / "c2", store.state_path.parent)
    mine, theirs = ArticleMemory(store, "k"), ArticleMemory(other_copy, "k")
    assert mine.change(lambda s: bookmarks.add_here(s, "s1.1.1")).name == "Bookmark 1"
    assert theirs.change(lambda s: bookmarks.add_here(s, "s2.1.1")).name == "Bookmark 2"
    mine.save_position("s3.1.1")
    assert mine.change(lambda s: bookmarks.remove_here(s, "s2.1.1")) is not None
    saved = SettingsStore(tmp_path / "c3", store.state_path.parent).load_state("k")
    assert [m.sentence_id for m in saved.bookmarks] == ["s1.1.1"] and saved.position == "s3.1.1"


def test_save_state_saves_only_what_changed_here(store, tmp_path):
    """The full-screen view saves its whole state: only its own additions, renames and deletions
    may reach the file, never a deletion of what another copy added meanwhile."""
    write_state(store, {"k": {"position": "", "bookmarks": [{"sentence_id": "s1.1.1", "name": "old"}]}})
    state = store.load_state("k")
    other = SettingsStore(tmp_path / "c2", store.state_path.parent)
    other.save_state("k", ArticleState("s1.1.1", [Bookmark("s1.1.1", "old"), Bookmark("s9.9.9", "theirs")]))
    state.bookmarks[0].name = "renamed"
    state.bookmarks.append(Bookmark("s2.2.2", "mine"))
    state.position = "s2.2.2"
    assert store.save_state("k", state)
    saved = SettingsStore(tmp_path / "c3", store.state_path.parent).load_state("k")
    assert sorted((m.sentence_id, m.name) for m in saved.bookmarks) == [
        ("s1.1.1", "renamed"),
        ("s2.2.2", "mine"),
        ("s9.9.9", "theirs"),
    ]
    state.bookmarks = [m for m in state.bookmarks if m.sentence_id != "s1.1.1"]
    assert store.save_state("k", state)
    saved = SettingsStore(tmp_path / "c3", store.state_path.parent).load_state("k")
    assert sorted(m.sentence_id for m in saved.bookmarks) == ["s2.2.2", "s9.9.9"]


def test_a_failed_save_is_kept_in_save_problem_until_a_save_succeeds(store):
    store.state_path.mkdir(parents=True)  # state.json is a folder
    memory = ArticleMemory(store, "k")
    assert memory.change(lambda s: bookmarks.add_here(s, "s1.1.1")).name == "Bookmark 1"
    assert memory.state.bookmarks[0].sentence_id == "s1.1.1", "the change lasts in memory"
    problem = store.save_problem
    assert problem.startswith("Bookmarks and position are not saved (") and "state.json" in problem
    memory.save_position("s1.1.2")
    assert store.save_problem == problem, "still said after the next failure"
    store.state_path.rmdir()
    memory.save_position("s1.1.3")
    assert store.save_problem is None
    assert json.loads(store.state_path.read_text())["articles"]["k"]["position"] == "s1.1.3"


def test_plain_mode_says_a_failed_save_every_time(article, tmp_path):
    store = SettingsStore(tmp_path / "config", tmp_path / "state")
    store.state_path.mkdir(parents=True)
    out = io.StringIO()
    PlainSession(article, out, store).run(["add bookmark", "n", "add bookmark", "quit"])
    lines = out.getvalue().splitlines()
    added = [n for n, line in enumerate(lines) if " added at " in line]
    assert len(added) == 2
    for n in added:
        assert lines[n + 1].startswith("Bookmarks and position are not saved (the state file is a folder")


def test_a_read_only_state_folder_is_said(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    folder = tmp_path / "state"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        store = SettingsStore(tmp_path / "config", folder)
        store.save_state("k", ArticleState("s1.1.1"))
        assert store.save_problem and "not saved" in store.save_problem
    finally:
        folder.chmod(0o700)


def test_orphan_temporary_files_are_removed_by_the_next_save(store):
    store.state_path.parent.mkdir(parents=True)
    store.settings_path.parent.mkdir(parents=True)
    orphans = [store.state_path.parent / ".state.json.abc123.tmp", store.settings_path.parent / ".settings.json.x.tmp"]
    for orphan in orphans:
        orphan.write_text("half a file")
    unrelated = store.state_path.parent / "notes.tmp"
    unrelated.write_text("not ours")
    store.save_state("k", ArticleState("s1.1.1"))
    assert not any(orphan.exists() for orphan in orphans)
    assert unrelated.exists()


def test_thousands_of_damaged_bookmarks_are_counted_not_listed(store):
    write_state(
        store,
        {
            "k": {
                "bookmarks": [{"sentence_id": "s1", "created": "yesterday"}] * 10_000
                + [{"sentence_id": "s2", "created": 1}]
            }
        },
    )
    assert [m.sentence_id for m in store.load_state("k").bookmarks] == ["s2"]
    assert len(store.warnings) == 4
    assert store.warnings[-1] == "9997 more saved bookmarks were damaged and were left out."

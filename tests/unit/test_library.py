"""Picking another article: the recent list, path completion, and `recent` / `open` in plain mode."""

import io
import shutil

import pytest

from assistant.article import load_article
from assistant.library import complete, completions, recent_choices, resolve_choice
from assistant.plain import PlainSession
from assistant.settings import MAX_RECENT, ArticleState, SettingsStore, article_key
from tests.conftest import ARTICLE_PATH, ROOT, SOURCE_PATH

PAGE = ROOT / "tests" / "data" / "pages" / "usagov-beach-safety.html"


@pytest.fixture
def store(tmp_path):
    return SettingsStore(tmp_path / "config", tmp_path / "state")


def test_recent_articles_latest_first_without_repeats(store, tmp_path):
    for name in ("a.md", "b.md", "a.md"):
        (tmp_path / name).write_text("# T\n\nText.")
        assert store.remember_opened(tmp_path / name, name.upper(), "Section 1 of 1, T, sentence 1 of 1")
    recent = store.load_recent()
    assert [r.title for r in recent] == ["A.MD", "B.MD"]
    assert recent[0].path == str((tmp_path / "a.md").resolve())


def test_the_recent_list_is_bounded_and_keeps_reading_state(store, tmp_path):
    store.save_state("key", ArticleState(position="s2.1.1"))
    for n in range(MAX_RECENT + 3):
        store.remember_opened(tmp_path / f"{n}.md", f"Article {n}")
    assert len(store.load_recent()) == MAX_RECENT
    assert store.load_state("key").position == "s2.1.1"  # saving one kind of state keeps the other
    store.save_state("key", ArticleState(position="s3.1.1"))
    assert store.load_recent()[0].title == f"Article {MAX_RECENT + 2}"


def test_a_damaged_recent_list_is_ignored_item_by_item(store):
    store.state_path.parent.mkdir(parents=True)
    store.state_path.write_text('{"recent": [{"path": 3}, "x", {"path": "/a.md", "title": "A", "opened": "soon"}]}')
    assert [(r.path, r.title, r.opened) for r in store.load_recent()] == [("/a.md", "A", 0.0)]


def test_recent_choices_say_title_where_and_a_missing_file(store, tmp_path):
    store.remember_opened(tmp_path / "gone.txt", "Gone")
    store.remember_opened(ARTICLE_PATH, "Breast calcifications", "Section 2 of 3, What are Breast Calcifications?, sentence 1 of 8")
    labels = [c.label for c in recent_choices(store.load_recent())]
    assert labels == [
        "1. Breast calcifications, left off at Section 2 of 3, What are Breast Calcifications?, sentence 1 of 8. "
        "File breast-calcifications.md.",
        "2. Gone. File gone.txt (the file is no longer there).",
    ]


def test_completion_offers_folders_and_openable_files_only(tmp_path):
    (tmp_path / "saved").mkdir()
    for name in ("mammogram.html", "mammo-notes.txt", "mammo.pdf", ".hidden.md"):
        (tmp_path / "saved" / name).write_text("x")
    assert completions("sa", tmp_path) == ["saved/"]
    assert completions("saved/mam", tmp_path) == ["saved/mammo-notes.txt", "saved/mammogram.html"]
    assert complete("saved/mam", tmp_path) == ("saved/mammo", ["saved/mammo-notes.txt", "saved/mammogram.html"])
    assert complete("saved/mammog", tmp_path) == ("saved/mammogram.html", ["saved/mammogram.html"])
    assert completions(f"{tmp_path}/saved/", tmp_path) == [f"{tmp_path}/saved/mammo-notes.txt", f"{tmp_path}/saved/mammogram.html"]
    assert completions("nowhere/x", tmp_path) == []


def test_open_names_a_recent_number_or_a_path(store, tmp_path):
    store.remember_opened(ARTICLE_PATH, "Built in")
    recent = store.load_recent()
    assert resolve_choice("1", recent) == ARTICLE_PATH.resolve()
    assert resolve_choice("notes.txt", recent, tmp_path) == tmp_path / "notes.txt"
    assert resolve_choice("7", recent, tmp_path) == tmp_path / "7"


def _run(store, lines, article_path=ARTICLE_PATH):
    out = io.StringIO()
    PlainSession(load_article(article_path), out, store, path=article_path).run(lines)
    return out.getvalue().splitlines()


def test_plain_mode_opens_another_article_and_keeps_each_position(store, tmp_path):
    page = tmp_path / "beach.html"
    shutil.copy(PAGE, page)
    said = _run(store, ["n", f"open {page}", "j", "j", "recent", "open 2"])
    assert "Opened:" in said and "Beach Safety (1 sections)" in said
    assert "This page has no headings, so it is read as one section." in said
    assert "2 recent articles:" in said
    assert said[said.index("2 recent articles:") + 1].startswith("1. Beach Safety, left off at Section 1 of 1, Beach Safety, sentence 3 of")
    assert said[-2:] == ["Section 2 of 3: What are Breast Calcifications?",  # back where it was left
                         load_article(ARTICLE_PATH).sections[1].sentences[0].text]
    assert store.load_state(article_key(load_article(page))).position == "s1.2.1"


def test_plain_mode_open_of_a_bad_file_says_one_sentence_and_keeps_reading(store, tmp_path):
    said = _run(store, [f"open {tmp_path / 'missing.html'}", "w"])
    assert said[-2] == (f"There is no article file at {tmp_path / 'missing.html'}. "
                        "You are still reading Should I Get Second Opinion for Breast Calcifications?.")
    assert said[-1].startswith("Section 1 of 3")


def test_the_text_original_and_the_markdown_share_their_place(store):
    """Position and bookmarks are kept per article: the same words are the same article."""
    _run(store, ["n", "n"], ARTICLE_PATH)
    said = _run(store, ["w"], SOURCE_PATH)
    assert "Resuming at Section 3 of 3, Mammography and Breast Calcifications, sentence 1 of 8." in said


def test_plain_mode_with_no_recent_articles_says_how_to_open_one(store):
    out = io.StringIO()
    PlainSession(load_article(ARTICLE_PATH), out, store).run(["recent"])
    assert out.getvalue().splitlines()[-1] == (
        'No articles have been opened yet. To read another article, type "recent", or "open" and a file '
        "path or a number from the list.")


@pytest.mark.parametrize("typed", ["o", "open article", "recent articles"])
def test_the_open_article_command_lists_recent_articles_in_plain_mode(store, tmp_path, typed):
    store.remember_opened(PAGE, "Beach Safety", "Section 1 of 1, Beach Safety, sentence 2 of 20")
    said = _run(store, [typed])
    assert said[-4] == "2 recent articles:"
    assert said[-3].startswith("1. Should I Get Second Opinion for Breast Calcifications?, left off at Section 1 of 3")
    assert said[-2] == ("2. Beach Safety, left off at Section 1 of 1, Beach Safety, sentence 2 of 20. "
                        "File usagov-beach-safety.html.")
    assert said[-1] == ('To read another article, type "recent", or "open" and a file path or a number from '
                        "the list.")

"""The article model: splitting, structure, faithfulness to the source, and every bad input."""

import re

import pytest

from assistant.article import ArticleError, clean_text, load_article, parse_article, split_sentences
from tests.conftest import ARTICLE_PATH, SOURCE_PATH


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two.", ["One.", "Two."]),
        ("Missing space after the affected area.It may also", ["Missing space after the affected area.", "It may also"]),
        ("See Dr. Smith today. Then rest.", ["See Dr. Smith today.", "Then rest."]),
        ("Tests, e.g. a biopsy, i.e. a sample. Next.", ["Tests, e.g. a biopsy, i.e. a sample.", "Next."]),
        ("It was 3.5 mm wide. Small.", ["It was 3.5 mm wide.", "Small."]),
        ("You won’t feel them. They don’t hurt.", ["You won’t feel them.", "They don’t hurt."]),
        ("He said “stop.” Then left.", ["He said “stop.”", "Then left."]),
        ("Seen on a mammogram\u00a0 & observed. Yes.", ["Seen on a mammogram & observed.", "Yes."]),
        ("Really? Yes! Good.", ["Really?", "Yes!", "Good."]),
        ("Wait... what happened? Nothing.", ["Wait... what happened?", "Nothing."]),
        ("Ask J. K. Rowling. Fine.", ["Ask J. K. Rowling.", "Fine."]),
        ("Made in the U.S.A. by hand", ["Made in the U.S.A. by hand"]),
        ("No. 5 is here. No. It is not.", ["No. 5 is here.", "No.", "It is not."]),
        ("No full stop at the end", ["No full stop at the end"]),
        ("", []),
    ],
)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


def test_the_article_has_a_title_an_introduction_and_the_source_sections(article):
    assert article.title == "Should I Get Second Opinion for Breast Calcifications?"
    assert [s.title for s in article.sections] == [
        "Introduction", "What are Breast Calcifications?", "Mammography and Breast Calcifications:",
    ]
    assert article.metadata["category"] == "Health Blogs"
    assert len(article.sentences) == 18


def _words(text: str) -> list[str]:
    return re.findall(r"\S+", text.replace("\u00a0", " ").replace("area.It", "area. It"))


def test_the_wording_is_word_for_word_the_source(article):
    """Every word of the source, in order, grammar slips included; only whitespace may differ."""
    source = SOURCE_PATH.read_text(encoding="utf-8").split("\n", 1)[1]  # drop the "Health Blogs" category
    ours = " ".join([article.title] + [
        (s.title + " " if s.title != "Introduction" else "") + " ".join(x.text for x in s.sentences)
        for s in article.sections
    ])
    assert _words(ours) == _words(source)


def test_sentence_ids_are_stable_and_unique(article):
    ids = [s.id for s in article.sentences]
    assert len(set(ids)) == len(ids)
    assert ids[:3] == ["s1.1.1", "s1.1.2", "s2.1.1"]
    assert article.sentence("s3.3.2").text == "It may also have a core biopsy."


def test_sentence_offsets_point_into_the_paragraph_text(article):
    for section in article.sections:
        for paragraph in section.paragraphs:
            for sentence in paragraph.sentences:
                assert paragraph.text[sentence.start:sentence.end] == sentence.text


def test_an_article_without_headings_is_one_section():
    article = parse_article("Just one paragraph. Two sentences.\n\nAnd another.", fallback_title="Notes")
    assert [s.title for s in article.sections] == ["Notes"]
    assert len(article.sentences) == 3


def test_markdown_inline_marks_lists_and_setext_headings():
    text = "Title\n=====\n\nIntro with **bold** and [a link](http://x.org).\n\nPart two\n--------\n\n- first item\n- second item\n"
    article = parse_article(text)
    assert article.title == "Title"
    assert [s.title for s in article.sections] == ["Introduction", "Part two"]
    assert article.sections[0].sentences[0].text == "Intro with bold and a link."
    assert [s.text for s in article.sections[1].sentences] == ["first item", "second item"]
    assert [p.marker for p in article.sections[1].paragraphs] == ["-", "-"]


@pytest.mark.parametrize(("markdown", "markers", "texts"), [
    ("* one. Two.\n+ three", ["*", "+"], ["one.", "Two.", "three"]),
    ("1. First step.\n2) Second step.", ["1.", "2)"], ["First step.", "Second step."]),
    ("Intro:\n\n- **Bold lead:** the rest.\n  continued here", ["", "-"], ["Intro:", "Bold lead: the rest. continued here"]),
    ("-5 degrees is cold.", [""], ["-5 degrees is cold."]),
])
def test_list_items_are_paragraphs_of_their_own_without_the_marker(markdown, markers, texts):
    article = parse_article("# T\n\n" + markdown)
    assert [p.marker for p in article.sections[0].paragraphs] == markers
    assert [s.text for s in article.sentences] == texts


def test_rich_markup_is_kept_literally_and_escapes_are_removed():
    article = parse_article("# T\n\nSay [bold red]hello[/] \x1b[31mred\x1b[0m \x1b]0;title\x07now\x07.")
    assert article.sentences[0].text == "Say [bold red]hello[/] red now."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\x1b[2Jb", "ab"),
        ("a\x00b\x07c", "abc"),
        ("a\u00a0\u00a0b", "a b"),
        ("line\r\nnext", "line\nnext"),
        ("\x9b31mx", "x"),
    ],
)
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"   \n\n  ", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        (b"<!-- only a comment -->", "no text to read"),
        (b"# Only a heading", "no text to read"),
        (b"\x1b[31m\x1b[0m", "no text to read"),
    ],
)
def test_bad_files_say_one_clear_sentence(tmp_path, content, message):
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    with pytest.raises(ArticleError, match=message) as error:
        load_article(path)
    assert str(error.value).count(". ") == 0 and str(error.value).endswith(".")


def test_a_missing_file_names_the_path(tmp_path):
    with pytest.raises(ArticleError, match=re.escape(str(tmp_path / "nope.md"))):
        load_article(tmp_path / "nope.md")


def test_a_folder_is_not_an_article(tmp_path):
    with pytest.raises(ArticleError, match="is a folder"):
        load_article(tmp_path)


def test_a_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.md"
    path.write_bytes(b"Words and more words. " * 500_000)  # about 11 MB
    with pytest.raises(ArticleError, match="too large"):
        load_article(path)


def test_latin1_text_is_still_readable(tmp_path):
    path = tmp_path / "latin.md"
    path.write_bytes("# Café\n\nUne crème brûlée.".encode("latin-1"))
    assert load_article(path).sentences[0].text == "Une crème brûlée."


def test_the_builtin_article_file_exists():
    assert ARTICLE_PATH.is_file()

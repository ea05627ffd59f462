"""Property tests: the loader and splitter never fail on anything but the one documented error."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.article import ArticleError, clean_text, parse_article, parse_article_bytes, split_sentences

MARKUP = st.sampled_from(
    [
        "[bold red]",
        "[/]",
        "\x1b[31m",
        "\x1b]0;x\x07",
        "\x00",
        "\r\n",
        "# ",
        "## ",
        "\u00a0",
        "e.g.",
        "Dr.",
        "...",
        "?!",
        "“",
        "’",
        "&",
        "<!--",
        "-->",
        "```",
        "- ",
        "\n\n",
    ]
)
TEXT = st.lists(st.one_of(st.text(max_size=40), MARKUP), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_parse_article_opens_or_says_no_text(text):
    try:
        article = parse_article(text)
    except ArticleError as error:
        assert str(error) == "The article has no text to read."
        return
    for sentence in article.sentences:
        assert sentence.text.strip()
        assert "\x1b" not in sentence.text and "\x00" not in sentence.text
    assert article.sections


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_split_sentences_keeps_every_non_space_character(text):
    pieces = split_sentences(clean_text(text).replace("\n", " "))
    assert "".join("".join(p.split()) for p in pieces) == "".join(clean_text(text).split())


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_either_open_or_give_one_sentence(tmp_path_factory, data):
    from pathlib import Path

    try:
        parse_article_bytes(data, Path("random.md"))
    except ArticleError as error:
        message = str(error)
        assert message.startswith("random.md") and message.endswith(".")


def test_huge_text_is_parsed_in_one_piece():
    text = "# Big\n\n" + ("A sentence about calcium. " * 20000 + "\n\n") * 3
    article = parse_article(text)
    assert len(article.sentences) == 60000

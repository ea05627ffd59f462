"""Opening the article you have: plain text and saved web pages, by suffix and by sniffing."""

import re
from pathlib import Path

import pytest

from assistant.article import ArticleError, load_article, parse_article_bytes
from assistant.formats import Format, format_of, sniff
from assistant.formats.plain_text import heading_strength, is_title_case, parse_plain_text
from tests.conftest import ARTICLE_PATH, ROOT, SOURCE_PATH

PAGES = ROOT / "tests" / "data" / "pages"


def _one_sentence(message: str) -> bool:
    return message.endswith(".") and "\n" not in message and "Traceback" not in message


# --- plain text ---------------------------------------------------------------------------------

def test_the_original_text_comes_out_as_the_builtin_article():
    from_text = load_article(SOURCE_PATH)
    from_markdown = load_article(ARTICLE_PATH)
    assert from_text.title == from_markdown.title
    assert [s.title for s in from_text.sections] == [s.title for s in from_markdown.sections] == [
        "Introduction", "What are Breast Calcifications?", "Mammography and Breast Calcifications:"]
    assert [s.text for s in from_text.sentences] == [s.text for s in from_markdown.sentences]
    assert [s.id for s in from_text.sentences] == [s.id for s in from_markdown.sentences]


def test_the_category_line_is_metadata_not_a_sentence():
    article = load_article(SOURCE_PATH)
    assert article.metadata["category"] == "Health Blogs"
    assert all("Health Blogs" not in s.text for s in article.sentences)


@pytest.mark.parametrize(
    ("line", "strength"),
    [
        ("What are Breast Calcifications?", 2),
        ("Mammography and Breast Calcifications:", 2),
        ("Risks and Side Effects", 1),
        ("Tests to diagnose bladder cancer", 1),
        ("You may need these tests:", 1),
        ("after the test", 0),
        ("Breast calcifications are small spots of calcium salts.", 0),
        ("- a list item?", 0),
        ("A very long line that goes on and on with many many words and is really a sentence?", 0),
    ],
)
def test_heading_shapes(line, strength):
    assert heading_strength(line) == strength


@pytest.mark.parametrize(("line", "expected"), [
    ("Mammography and Breast Calcifications", True), ("What to Expect at Your Visit", True),
    ("Mammography and breast calcifications", False), ("after the test", False)])
def test_title_case(line, expected):
    assert is_title_case(line) is expected


@pytest.mark.parametrize(("line", "expected"), [
    ("Health Blogs", True), ("News", True), ("Home > Women's Health > Breast", True),
    ("Prostate-Specific Antigen (PSA) Test", False), ("Breast Calcifications", False)])
def test_site_category_lines(line, expected):
    from assistant.formats.plain_text import is_site_category

    assert is_site_category(line) is expected


def test_headings_paragraphs_and_lists_in_copied_text():
    text = (
        "Biopsy Basics\n\n"
        "A biopsy takes a small sample of tissue. It is looked at\nunder a microscope.\n\n"
        "Before the Test\n\n"
        "You may need:\n- a blood test\n- to stop some medicines\n\n"
        "What happens afterwards?\nMost people go home the same day.\n\n"
        "Results:\n\n"
        "Your doctor will call you. Ask when to expect the call.\n"
    )
    structure = parse_plain_text(text)
    assert structure.title == "Biopsy Basics"
    assert [title for title, _ in structure.sections] == [
        "Introduction", "Before the Test", "What happens afterwards?", "Results:"]
    assert structure.sections[0][1] == ["A biopsy takes a small sample of tissue. It is looked at under a microscope."]
    assert structure.sections[1][1] == ["You may need:", "- a blood test", "- to stop some medicines"]
    assert structure.sections[2][1] == ["Most people go home the same day."]


def test_text_with_no_structure_is_one_section_with_a_sentence_saying_so(tmp_path):
    path = tmp_path / "notes.txt"
    words = " ".join(f"Sentence number {n} about the test." for n in range(40))
    path.write_text(words, encoding="utf-8")
    article = load_article(path)
    assert [s.title for s in article.sections] == ["Notes"]
    assert article.metadata["notice"] == "This text has no title or headings, so it is read as one section."
    assert len(article.sections[0].paragraphs) > 1  # a wall of text is cut into paragraphs
    assert " ".join(s.text for s in article.sentences) == words  # every word kept, in order


# --- which format ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.md", "# Title\n\nText.", Format.MARKDOWN),
        ("a.txt", "Title\n\nText.", Format.PLAIN_TEXT),
        ("a.html", "<p>Text.</p>", Format.WEB_PAGE),
        ("a.txt", "<!DOCTYPE html><html><body><p>Text.</p></body></html>", Format.WEB_PAGE),
        ("article", "# Title\n\nText.", Format.MARKDOWN),
        ("article", "Title\n\nText.", Format.PLAIN_TEXT),
        ("article.download", "<html><body>x</body></html>", Format.WEB_PAGE),
    ],
)
def test_format_by_suffix_then_sniffing(name, text, expected):
    assert format_of(Path(name), text) is expected


def test_prose_mentioning_a_tag_is_not_a_web_page():
    assert sniff("Type <p> to start a paragraph.\n\nThat is all.") is Format.PLAIN_TEXT


# --- saved web pages ------------------------------------------------------------------------------

def test_a_clinical_trial_page_opens_as_its_record_without_the_site_around_it():
    article = load_article(PAGES / "clinicaltrials-NCT03746262.html")
    assert article.title.startswith("Changes in Circulating Tumor-Specific DNA in Patients")
    texts = [s.text for s in article.sentences]
    assert texts[0] == ("The safety and scientific validity of this study is the responsibility of the study "
                        "sponsor and investigators.")
    assert ("The purpose of this research study is to evaluate a blood test to measure circulating tumor "
            "DNA (ctDNA).") in texts
    assert any(t.startswith("Females who are pregnant") for t in texts)  # the eligibility list is kept
    assert "Patients - Stage I treated with surgery" in texts  # a table's row label is kept
    assert "Primary Outcome Measures :" in texts  # the lead-in, then its list, in page order
    assert any(t.startswith("Change in ctDNA by treatment group [ Time Frame: up to 12 months ] To determine")
               for t in texts)  # text on both sides of a block edge is not glued into one word
    everything = " ".join(texts)
    for furniture in ("Skip to", "Tabular View", "No Results Posted", "Home", "Contact Us", "Subscribe to RSS",
                      "ClinicalTrials.gov is a resource provided", "Hide glossary", "function(", "{", "</"):
        assert furniture not in everything


def test_a_usa_gov_page_keeps_the_advice_and_drops_menus_and_footers():
    article = load_article(PAGES / "usagov-beach-safety.html")
    assert article.title == "Beach Safety"
    assert [s.title for s in article.sections] == ["Beach Safety"]
    texts = [s.text for s in article.sentences]
    assert texts[:3] == [
        "The beaches located across the United States have many different rules and regulations related to beach safety.",
        "However, several guidelines are universal at many beaches, such as:",
        "Stay out of rip currents that can carry unsuspecting swimmers out to sea.",
    ]
    assert "Never swim alone." in texts
    everything = " ".join(texts)
    for furniture in ("Explore Topics", "E-mail Your Question", "Live Help", "Contact Government", "FAQ Help",
                      "Skip to Main Content", "Site Index", "Privacy Policy", "rip currents Swim"):
        assert furniture not in everything
    assert article.metadata["format"] == "web page"


def test_a_page_in_another_language_opens_and_says_so():
    article = load_article(PAGES / "usagov-vivienda-es.html")
    assert article.title == "Asesoramiento en temas de vivienda"
    assert article.sentences[0].text.startswith("El Departamento de Vivienda y Desarrollo Urbano considera")
    assert "does not seem to be in English" in article.metadata["notice"]


def test_the_english_pages_get_no_language_notice():
    for name in ("usagov-beach-safety.html", "usagov-earthquake.html", "clinicaltrials-NCT03746262.html"):
        assert "English" not in load_article(PAGES / name).metadata.get("notice", "")


def test_a_table_layout_press_release_keeps_its_text():
    article = load_article(PAGES / "nps-fresnel-lens.htm")
    texts = [s.text for s in article.sentences]
    assert ("The original Fresnel lens of the Fire Island Light Station was put into service on November 1, "
            "1858.") in texts
    assert all("<" not in t and "javascript" not in t.lower() for t in texts)


def test_a_redirect_page_has_no_article_text():
    with pytest.raises(ArticleError) as error:
        load_article(PAGES / "nih-moved.html")
    assert str(error.value) == f"{PAGES / 'nih-moved.html'} is a web page with no article text in it."


@pytest.mark.parametrize(
    "html",
    [
        b"<html></html>",
        b"<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/a'>About us</a></li></ul></nav>"
        b"<footer>Copyright 2024</footer></body></html>",
        b"<html><body><div id=root></div><script>document.write('Hello there, this is script.')</script></body></html>",
        b"<html><body><div class='cookie-banner'>We use cookies. <button>Accept</button></div></body></html>",
    ],
)
def test_pages_without_an_article_say_one_sentence(html):
    with pytest.raises(ArticleError, match="is a web page with no article text in it") as error:
        parse_article_bytes(html, Path("page.html"))
    assert _one_sentence(str(error.value))


def test_markup_and_script_never_reach_the_reader():
    html = (b"<html><head><title>T</title><style>p{color:red}</style></head><body><main><h1>Sore Throat</h1>"
            b"<p>Most sore throats get better <b>on their own</b> within a week. Rest and drink fluids.</p>"
            b"<script>alert('x')</script><h2>When to See a Doctor</h2><p>See a doctor if it lasts more than a "
            b"week or you have a high fever. Call at once if you cannot swallow.</p>"
            b"<p hidden>Hidden text is never read aloud in this app at all.</p></main></body></html>")
    article = parse_article_bytes(html, Path("sore-throat.html"))
    assert article.title == "Sore Throat"
    assert [s.title for s in article.sections] == ["Introduction", "When to See a Doctor"]
    assert article.sentences[0].text == "Most sore throats get better on their own within a week."
    everything = " ".join(s.text for s in article.sentences)
    assert "alert" not in everything and "color" not in everything and "Hidden" not in everything


def test_a_huge_page_is_refused_in_one_sentence_quickly():
    paragraphs = b"".join(b"<p>Sentence %d about calcium on a long page. And another one.</p>" % n for n in range(40_000))
    with pytest.raises(ArticleError, match=re.escape("has too much text to be one article")) as error:
        parse_article_bytes(b"<html><body><article>" + paragraphs + b"</article></body></html>", Path("huge.html"))
    assert _one_sentence(str(error.value))


def test_megabytes_of_inline_script_do_not_hide_the_article():
    script = b"<script>" + b"var x = 1;\n" * 400_000 + b"</script>"
    html = b"<html><body>" + script + b"<article><h1>Calcium</h1><p>" + b"Calcium is in milk. " * 30 + b"</p></article></body></html>"
    article = parse_article_bytes(html, Path("scripted.html"))
    assert article.title == "Calcium" and article.sentences[0].text == "Calcium is in milk."


def test_a_saved_page_larger_than_a_text_article_may_still_open(tmp_path):
    path = tmp_path / "saved.html"
    path.write_bytes(b"<html><body><style>" + b"a{}" * 1_000_000 + b"</style><article><h1>Rest</h1><p>"
                     + b"Rest helps healing. " * 30 + b"</p></article></body></html>")
    assert load_article(path).title == "Rest"

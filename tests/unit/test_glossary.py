"""Glossary loading, broken entries, lookup and term marking."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answering.glossary import (
    DEFAULT_GLOSSARY,
    GlossaryAnswer,
    find_terms,
    load_glossary,
    parse_glossary,
)

REQUIRED_TERMS = [
    "calcification",
    "mammogram",
    "mammographic",
    "mammography",
    "biopsy",
    "core biopsy",
    "stereotactic",
    "benign",
    "fibroadenoma",
    "cyst",
    "radiologist",
    "milk ducts",
    "cellular turnover",
    "calcium salts",
    "tissue",
    "diagnosis",
    "follow-up",
    "early breast cancer",
]
SOURCES = (
    "U.S. National Cancer Institute, Dictionary of Cancer Terms",
    "MedlinePlus (U.S. National Library of Medicine)",
)

GOOD = '[[entry]]\nterm = "cyst"\ndefinition = "A sac."\nsource = "MedlinePlus"\n'


def test_project_glossary_loads_cleanly():
    glossary = load_glossary(DEFAULT_GLOSSARY)
    assert glossary.warnings == []
    for term in REQUIRED_TERMS:
        entry = glossary.lookup(term)
        assert entry is not None, term
        assert entry.source in SOURCES and entry.definition.endswith(".")


@pytest.mark.parametrize(
    ("broken", "fragment"),
    [
        (
            '[[entry]]\nterm = "biopsy"\nsource = "NCI"\n',
            'Glossary entry 2 ("biopsy") was skipped: it has no definition text.',
        ),
        (
            '[[entry]]\nterm = ""\ndefinition = "x"\nsource = "NCI"\n',
            "Glossary entry 2 was skipped: it has no term text.",
        ),
        ('[[entry]]\nterm = "biopsy"\ndefinition = "x"\nsource = 3\n', "it has no source text"),
        ('[[entry]]\nterm = "biopsy"\ndefinition = "x"\nsource = "s"\naliases = "b"\n', "aliases are not a list"),
        ('[[entry]]\nterm = "cysts"\ndefinition = "x"\nsource = "s"\n', "repeats an earlier term"),
    ],
)
def test_a_broken_entry_is_skipped_with_one_warning(broken, fragment):
    glossary = parse_glossary(GOOD + broken)
    assert [e.term for e in glossary.entries] == ["cyst"]
    assert len(glossary.warnings) == 1 and fragment in glossary.warnings[0]


@pytest.mark.parametrize("text", ["[[entry]\nterm = ", "entry = 3\n"])
def test_an_unreadable_file_gives_an_empty_glossary_and_a_warning(text):
    glossary = parse_glossary(text)
    assert glossary.entries == () and len(glossary.warnings) == 1


def test_a_missing_file_gives_a_warning(tmp_path: Path):
    glossary = load_glossary(tmp_path / "nope.toml")
    assert glossary.entries == () and "no glossary file" in glossary.warnings[0]


@pytest.mark.parametrize(
    ("query", "term"),
    [
        ("Radiologists", "radiologist"),
        ("follow up", "follow-up"),
        ("milk duct", "milk ducts"),
        ("BIOPSIES", "biopsy"),
        ("breast cyst", "cyst"),
        ("ultrasound", None),
    ],
)
def test_lookup_ignores_case_plurals_and_hyphens(query, term):
    entry = load_glossary().lookup(query)
    assert (entry.term if entry else None) == term


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a stereotactic core biopsy was done", [("stereotactic core biopsy", "stereotactic")]),
        ("It may also have a core biopsy.", [("core biopsy", "core biopsy")]),
        ("the radiologists saw cysts", [("radiologists", "radiologist"), ("cysts", "cyst")]),
        ("short-term follow-up", [("short-term follow-up", "follow-up")]),
        ("biopsyX and xcyst", []),
    ],
)
def test_find_terms_marks_longest_matches(text, expected):
    assert [(text[s:e], term) for s, e, term in find_terms(text)] == expected


def test_glossary_answer_template():
    entry = parse_glossary(GOOD).entries[0]
    assert GlossaryAnswer(entry).text == "Glossary, based on MedlinePlus: cyst: A sac."

"""How well plain text gets its structure back: Markdown articles written out as copied text (title,
headings and paragraphs as lines, no marks) and read again. Prints figures; never a test.

    .venv/bin/python benchmarks/plain_text.py

Split before the heading rules were changed on 2026-11-29: tuning = abnormal-hpv-pap-test-results,
bladder-cancer-diagnosis; held-out = psa-test; the built-in article's own original text is the
regression check (tests assert it).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.article import INTRODUCTION_TITLE, build_article, load_article  # noqa: E402
from assistant.formats.plain_text import parse_plain_text  # noqa: E402

SETS = {"tuning": ["abnormal-hpv-pap-test-results", "bladder-cancer-diagnosis"], "held-out": ["psa-test"]}


def as_copied_text(path: Path) -> tuple[object, str]:
    article = load_article(path)
    lines = [article.title, ""]
    for section in article.sections:
        if section.title != INTRODUCTION_TITLE:
            lines += [section.title, ""]
        for paragraph in section.paragraphs:
            lines += [paragraph.text, ""]
    return article, "\n".join(lines)


def main() -> None:
    for name, stems in SETS.items():
        for stem in stems:
            original, text = as_copied_text(ROOT / "tests" / "data" / "articles" / f"{stem}.md")
            structure = parse_plain_text(text)
            read = build_article(structure.title, structure.sections, structure.metadata)
            wanted = [s.title for s in original.sections]
            got = [s.title for s in read.sections]
            found = sum(1 for t in wanted if t in got)
            sentences = [s.text for s in original.sentences] == [s.text for s in read.sentences]
            print(f"{name:8} {stem:32} title {'same' if read.title == original.title else 'DIFFERENT'}  "
                  f"headings found {found}/{len(wanted)}  extra {len(set(got) - set(wanted))}  "
                  f"same sentences {sentences}")


if __name__ == "__main__":
    main()

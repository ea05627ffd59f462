"""What the saved-page extraction keeps and drops, page by page. Prints figures; never a test.

    .venv/bin/python benchmarks/web_pages.py [DIR ...]

For each page: its size, the words a browser would show (body text without scripts, styles and
hidden parts), the words kept as the article, how many sections and sentences, and the time. Pages
in a folder that holds `NAME/source.html` with a reference `NAME/expected.html` (as in Mozilla
Readability's test pages) also get word recall (reference words kept) and precision (kept words that
are in the reference), counted as multisets of lower-case words.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.article import ArticleError, parse_article_bytes  # noqa: E402

_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> Counter:
    return Counter(w.lower() for w in _WORD.findall(text))


def visible_text(html: bytes) -> str:
    from lxml import html as lxml_html

    tree = lxml_html.document_fromstring(html, parser=lxml_html.HTMLParser(huge_tree=True, remove_comments=True))
    for node in tree.xpath("//script | //style | //noscript | //template | //head"):
        node.drop_tree()
    return tree.text_content()


def measure(path: Path, reference: Path | None = None) -> str:
    data = path.read_bytes()
    shown = sum(_words(visible_text(data)).values())
    started = time.perf_counter()
    try:
        article = parse_article_bytes(data, path)
    except ArticleError as error:
        return f"{path.parent.name + '/' if reference else ''}{path.name:42} {len(data) / 1000:7.0f} kB  shown {shown:6}  -> {error}"
    elapsed = time.perf_counter() - started
    kept_text = " ".join([article.title] + [s.title for s in article.sections] + [s.text for s in article.sentences])
    kept = _words(kept_text)
    line = (
        f"{path.parent.name + '/' if reference else ''}{path.name:42} {len(data) / 1000:7.0f} kB  shown {shown:6}  "
        f"kept {sum(kept.values()):6} ({sum(kept.values()) / max(shown, 1):4.0%})  "
        f"sections {len(article.sections):3}  sentences {len(article.sentences):4}  {elapsed:5.2f} s"
    )
    if reference is not None:
        wanted = _words(visible_text(reference.read_bytes()))
        common = sum((kept & wanted).values())
        line += f"  recall {common / max(sum(wanted.values()), 1):4.0%}  precision {common / max(sum(kept.values()), 1):4.0%}"
    return line


def main(folders: list[str]) -> None:
    print("Committed test pages (tests/data/pages):")
    for path in sorted((ROOT / "tests" / "data" / "pages").glob("*.htm*")):
        print(" ", measure(path))
    for folder in folders:
        print(f"Pages under {folder}:")
        for path in sorted(Path(folder).glob("*.htm*")):
            print(" ", measure(path))
        for source in sorted(Path(folder).glob("*/source.html")):
            expected = source.with_name("expected.html")
            print(" ", measure(source, expected if expected.is_file() else None))


if __name__ == "__main__":
    main(sys.argv[1:])

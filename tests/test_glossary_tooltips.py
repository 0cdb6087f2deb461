"""Glossary tooltips: only the first use of a word on a page carries its definition, on every page anew.

The real pages use most glossary words once or twice, so a build where every use keeps its tooltip looks
almost the same. Here a copy of the project says a word three times on three pages (two French, one
English), once in three forms (capital, lower case, plural) that share one definition.
"""

from __future__ import annotations

import re
from html import unescape

from conftest import mkdocs_build

ARTICLE = re.compile(r"<article\b[^>]*>(?P<body>.*?)</article>", re.DOTALL)
DEFINITION = re.compile(r"^\*\[(?P<word>[^\]]+)\]:[ \t]*(?P<title>\S.*)$", re.M)

# page -> (text added at its end, {glossary entry: the forms used, in order})
ADDED = {
    "fr/contact.md": (
        "Texte d'essai du glossaire : IRM, puis IRM, puis IRM.\n\n"
        "Texte d'essai du glossaire : vertèbre, Vertèbre, vertèbres.\n",
        {"IRM": ["IRM", "IRM", "IRM"], "vertèbre": ["vertèbre", "Vertèbre", "vertèbres"]},
    ),
    "fr/accessibility.md": (
        "Texte d'essai du glossaire : IRM, puis IRM, puis IRM.\n",
        {"IRM": ["IRM", "IRM", "IRM"]},
    ),
    "en/contact.md": (
        "Glossary test text: MRI, then MRI, then MRI.\n\n"
        "Glossary test text: antiplatelet, Antiplatelet, antiplatelets.\n",
        {"MRI": ["MRI", "MRI", "MRI"], "antiplatelet": ["antiplatelet", "Antiplatelet", "antiplatelets"]},
    ),
}


def built_page(site, page: str) -> str:
    return (site / page.removeprefix("fr/").removesuffix(".md") / "index.html").read_text(encoding="utf-8")


def uses(article: str, forms: list[str]) -> list[tuple[str, str | None]]:
    """Each use of one of ``forms`` in the article, in order: (the word, its tooltip or None)."""
    words = "|".join(sorted({re.escape(form) for form in forms}, key=len, reverse=True))
    pattern = re.compile(rf'<abbr title="(?P<title>[^"]*)">(?P<abbr>{words})</abbr>|\b(?P<bare>{words})\b')
    return [
        (match["abbr"], unescape(match["title"])) if match["abbr"] else (match["bare"], None)
        for match in pattern.finditer(article)
    ]


def definitions(project, lang: str) -> dict[str, str]:
    text = (project / "docs" / "_glossary" / f"{lang}.md").read_text(encoding="utf-8")
    return {match["word"].strip(): match["title"].strip() for match in DEFINITION.finditer(text)}


def test_only_the_first_use_of_a_word_on_a_page_has_its_tooltip(copy_of_project, tmp_path):
    for page, (text, words) in ADDED.items():
        path = copy_of_project / "docs" / page
        original = path.read_text(encoding="utf-8")
        for forms in words.values():
            assert uses(original, forms) == [], f"docs/{page} already uses {forms[0]!r}: pick another page or word"
        path.write_text(f"{original.rstrip()}\n\n{text}", encoding="utf-8")
    result = mkdocs_build(tmp_path / "site", root=copy_of_project)
    assert result.returncode == 0, result.stderr

    for page, (_, words) in ADDED.items():
        article = ARTICLE.search(built_page(tmp_path / "site", page))["body"]
        for entry, forms in words.items():
            title = definitions(copy_of_project, page[:2])[entry]
            expected = [(forms[0], title), (forms[1], None), (forms[2], None)]
            assert uses(article, forms) == expected, f"docs/{page}: {entry!r}"

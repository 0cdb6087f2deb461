"""Glossary tooltips: every page gets its language's abbreviation list, so medical words show a plain definition.

The lists are docs/_glossary/<lang>.md, in Markdown abbreviation syntax (``*[IRM]: Imagerie par…``), and are
excluded from the pages (exclude_docs). Python-Markdown's ``abbr`` extension then wraps each use of a listed
word in ``<abbr title="…">`` (the list is given as abbr's ``glossary`` option), and Material's
``content.tooltips`` feature shows the definition as a tooltip.

Each word is written once, in lower case (abbreviations as they are written). This hook adds the forms a
sentence needs: a capital first letter (``Vertèbre``) and the regular plural (``vertèbres``, ``biopsies``).
Irregular plurals (``vertebrae``, ``metastases``) have their own line in the list.

A page that says "vertebra" thirty times would be covered in dotted lines, which look like links to a reader
with poor sight: only the first use of each word in the text of a page keeps its definition. Headings get none
(a tooltip there is easily missed and the heading text goes into the table of contents).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from mkdocs.exceptions import PluginError

from sitetools.hooks.i18n import current_language

GLOSSARY_DIR = "_glossary"
DEFINITION = re.compile(r"^\*\[(?P<word>[^\]\\]+)\]:[ \t]*(?P<title>\S.*)$")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
ABBR = re.compile(r'<abbr title="(?P<title>[^"]*)">(?P<text>.*?)</abbr>', re.DOTALL)
HEADING_HTML = re.compile(r"<h(?P<level>[1-6])\b[^>]*>.*?</h(?P=level)>", re.DOTALL)


def on_page_markdown(markdown, page, config, files):
    # Given to abbr as its glossary option, not appended to the page as "*[word]: ..." lines: Python-Markdown
    # parses such a block one line at a time, trying every block processor on the rest of it (0.4 s a build).
    path = Path(config.docs_dir) / GLOSSARY_DIR / f"{current_language(config)}.md"
    glossary = _definitions(path, path.stat().st_mtime_ns) if path.is_file() else {}
    config.mdx_configs.setdefault("abbr", {})["glossary"] = glossary
    return markdown


def on_page_content(html, page, config, files):
    """Keep the definition on the first use of each word in the page's text; none in headings."""
    html = HEADING_HTML.sub(lambda m: ABBR.sub(r"\g<text>", m.group(0)), html)
    seen: set[str] = set()

    def first_only(match: re.Match) -> str:
        if match["title"] in seen:
            return match["text"]
        seen.add(match["title"])
        return match.group(0)

    return ABBR.sub(first_only, html)


def _definitions(path: Path, _mtime: int) -> dict[str, str]:
    """The file's definitions, with the extra forms of each word: {word or form: definition}."""
    text = HTML_COMMENT.sub("", path.read_text(encoding="utf-8"))
    definitions: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = DEFINITION.match(line)
        if match is None:
            raise PluginError(f"{path}:{number}: expected '*[word]: definition', found {line.strip()[:60]!r}")
        definitions[match["word"].strip()] = match["title"].strip()
    forms: dict[str, str] = {}
    for word, title in definitions.items():
        for form in _forms(word):
            # A word written in the list wins over a form made from another word.
            forms.setdefault(form, definitions.get(form, title))
    return forms


# Read once per file version (the mtime is part of the key).
_definitions = cache(_definitions)


def _forms(word: str) -> list[str]:
    if any(letter.isupper() for letter in word):  # IRM, CIRSE, CT: written as they are used
        return [word]
    forms = [word]
    if word[-1] not in "sxz":
        forms.append(word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s")
    return forms + [form[0].upper() + form[1:] for form in forms]

"""A page as the reader's browser gets it: Python-Markdown with mkdocs.yml's own extensions, then an HTML parser.

The check renders each page, fragment and glossary on its own, without markdown-include: the include rules
read every ``{!…!}`` themselves, and the check never opens a file a page names. Findings on the HTML are
mapped back to a source line by searching the source for what the HTML shows (Vale does the same).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import markdown

from sitetools.cli import UserError
from sitetools.sources import Doc, read_mkdocs_config

INCLUDE_EXTENSION = "markdown_include.include"


@dataclass
class Element:
    tag: str
    attrs: list[tuple[str, str]]  # names lower-cased, values with entities decoded (as the browser reads them)
    raw: str  # the start tag as written in the HTML

    def raw_value(self, name: str) -> str | None:
        """An attribute's value as written, entities and all, to find it in the source."""
        match = re.search(
            rf"""(?<![\w-]){re.escape(name)}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", self.raw, re.IGNORECASE
        )
        return next((group for group in match.groups() if group is not None), None) if match else None


@dataclass
class Rendered:
    elements: list[Element]
    styles: list[str]  # text inside <style> elements


class _Walker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.elements.append(Element(tag, [(name, value or "") for name, value in attrs], self.get_starttag_text()))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self.elements.append(Element(tag, [(name, value or "") for name, value in attrs], self.get_starttag_text()))

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def parse_html(html: str) -> Rendered:
    walker = _Walker()
    walker.feed(html)
    walker.close()
    return Rendered(walker.elements, walker.styles)


class Renderer:
    """One Markdown converter with mkdocs.yml's extensions, reused for every doc."""

    def __init__(self, root: Path):
        config = read_mkdocs_config(root)
        names, configs = [], {}
        for entry in config.get("markdown_extensions") or []:
            name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
            if name == INCLUDE_EXTENSION:
                continue
            names.append(name)
            if isinstance(options, dict):
                configs[name] = options
        try:
            self.markdown = markdown.Markdown(extensions=names, extension_configs=configs)
        except Exception as error:  # an unknown extension or option in mkdocs.yml
            raise UserError(f"markdown_extensions: cannot load them: {error}", path=root / "mkdocs.yml") from None

    def render(self, doc: Doc) -> Rendered:
        start = doc.body_start if doc.kind == "page" else 1
        body = "\n".join(doc.lines[start - 1 :])
        self.markdown.reset()
        return parse_html(self.markdown.convert(body))


class Locator:
    """Maps what the HTML shows back to a line of the doc: the n-th time a text is asked for, its n-th place."""

    def __init__(self, doc: Doc):
        self.doc = doc
        start = doc.body_start if doc.kind == "page" else 1
        self.lines = [(number, line.lower()) for number, line in enumerate(doc.lines[start - 1 :], start=start)]
        self.default = start
        self.asked: dict[str, int] = defaultdict(int)

    def line(self, *needles: str | None) -> int:
        """The line of the first needle found in the source (first line of a needle over several)."""
        for needle in needles:
            if not needle or not needle.strip():
                continue
            needle = needle.strip().splitlines()[0].lower()
            places = [number for number, line in self.lines for _ in range(line.count(needle))]
            if places:
                index = min(self.asked[needle], len(places) - 1)
                self.asked[needle] += 1
                return places[index]
        return self.default

"""A doc as the reader's browser gets it, through sitetools.render (the build's own Markdown set-up).

The check renders each page, fragment and glossary on its own, without the include extension: the include
rules read every ``{!…!}`` themselves, so rendering never opens a file. A finding on the HTML is mapped back
to a source line by searching the source for what the HTML shows (Vale does the same); the n-th time a text
is asked for, its n-th place is given, so two identical bad links are two lines.
"""

from __future__ import annotations

import re
from collections import defaultdict

from sitetools.render import INCLUDE_EXTENSION, Element, Renderer, elements
from sitetools.sources import Doc, read_mkdocs_config

__all__ = ["Element", "Locator", "render_docs", "renderer_for"]


def renderer_for(root) -> Renderer:
    """mkdocs.yml's Markdown extensions and settings, without markdown-include.

    An extension that does not load (a typo in mkdocs.yml) is left out: the build fails on it, so nothing is
    published, and the strict build names it in its own words; the check still judges the HTML of the rest.
    """
    config = dict(read_mkdocs_config(root))
    extensions = [
        entry
        for entry in config.get("markdown_extensions") or []
        if INCLUDE_EXTENSION not in (entry if isinstance(entry, dict) else {entry: None})
    ]
    try:
        return Renderer(root, {**config, "markdown_extensions": extensions})
    except Exception:  # noqa: BLE001 - Markdown raises ImportError, TypeError, KeyError… for a bad extension
        loadable = [entry for entry in extensions if _loads(root, config, entry)]
        return Renderer(root, {**config, "markdown_extensions": loadable})


def _loads(root, config: dict, entry) -> bool:
    try:
        Renderer(root, {**config, "markdown_extensions": [entry]})
    except Exception:  # noqa: BLE001 - any failure means the build cannot use it either
        return False
    return True


def body(doc: Doc) -> str:
    start = doc.body_start if doc.kind == "page" else 1
    return "\n".join(doc.lines[start - 1 :])


def render_docs(renderer: Renderer, doc: Doc) -> list[Element]:
    return elements(renderer.html(body(doc), source=doc.path.as_posix()))


class Locator:
    """Maps what the HTML shows back to a line of the doc."""

    def __init__(self, doc: Doc):
        start = doc.body_start if doc.kind == "page" else 1
        self.lines = [(number, line.lower()) for number, line in enumerate(doc.lines[start - 1 :], start=start)]
        self.default = start
        self.asked: dict[str, int] = defaultdict(int)

    def line(self, *needles: str | None) -> int:
        """The line of the first needle found in the source (the first line of a needle over several)."""
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


def raw_value(element: Element, name: str) -> str | None:
    """An attribute's value as written in the HTML (entities and all), to find it in the source."""
    match = re.search(
        rf"""(?<![\w-]){re.escape(name)}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""",
        element.start_tag,
        re.IGNORECASE,
    )
    return next((group for group in match.groups() if group is not None), None) if match else None

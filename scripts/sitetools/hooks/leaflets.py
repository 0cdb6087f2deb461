"""Printable leaflets: one page that gathers a whole section, to print for a patient or a relative.

A page whose front matter lists sibling pages, ``leaflet: [index.md, before.md, procedure.md, after.md]``,
gets after its own short introduction the body of each listed page, in that order: front matter left out,
headings one level down (each page's title becomes a ``##`` section), FAQ fragments included as usual
(markdown-include runs afterwards).

Links of the gathered pages become HTML links to the same targets, worked out from the site's files, so
MkDocs checks each link once, on the page that has it: a broken link is reported on its own page (the
leaflet shows its text without a link), never a second time as if the leaflet stub contained it.

The leaflet shows the review dates of its oldest part: last_reviewed and next_review become the earliest of
its own and its parts' dates, and its sources the union of theirs. The content check reads the sources, not
the built pages, so the leaflet stub carries no facts or numbers of its own.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

HEADING = re.compile(r"^(#{1,5})(?=[ \t])")
FENCE = re.compile(r"^\s*(```|~~~)")
# [text](target "title"), not ![image](src)
LINK = re.compile(r'(?<!!)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)(?:\s+"(?P<title>[^"]*)")?\)')


def on_page_markdown(markdown, page, config, files):
    parts = page.meta.get("leaflet")
    if not parts:
        return markdown
    where = f"docs/{Path(page.file.abs_src_path).relative_to(Path(config.docs_dir)).as_posix()}"
    if not isinstance(parts, list) or not all(isinstance(part, str) for part in parts):
        raise PluginError(f"{where}: leaflet: expected a list of sibling pages such as [index.md, before.md]")
    folder = Path(page.file.abs_src_path).parent
    bodies = [markdown.rstrip()]
    metas = [page.meta]
    for part in parts:
        source = (folder / part).resolve()
        if source.parent != folder.resolve() or not source.is_file():
            raise PluginError(f"{where}: leaflet: page '{part}' not found; expected a file at {folder / part}")
        body, meta = get_data(source.read_text(encoding="utf-8-sig"))
        part_uri = posixpath.join(posixpath.dirname(page.file.src_uri), part)
        bodies.append(link_to_pages(demote(body), part_uri, page, files).strip())
        metas.append(meta)
    _merge_review(page.meta, metas)
    return "\n\n".join(bodies) + "\n"


def demote(markdown: str) -> str:
    """Every ATX heading one level down (# -> ##), outside code fences."""
    lines, in_fence = [], False
    for line in markdown.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            line = HEADING.sub(lambda m: m.group(1) + "#", line)
        lines.append(line)
    return "\n".join(lines)


def link_to_pages(markdown: str, part_uri: str, page, files) -> str:
    """Relative links of a gathered page as HTML links from the leaflet to the same targets."""
    folder = posixpath.dirname(part_uri)

    def replace(match: re.Match) -> str:
        target = urlsplit(match["target"])
        if target.scheme or match["target"].startswith("/"):
            return match.group(0)  # another site, or an absolute link MkDocs already reports
        uri = posixpath.normpath(posixpath.join(folder, target.path)) if target.path else part_uri
        file = files.get_file_from_path(uri)
        if file is None:
            return match["text"]  # broken: reported on the page that has the link
        href = get_relative_url(file.url, page.url) + (f"#{target.fragment}" if target.fragment else "")
        title = f' title="{escape(match["title"])}"' if match["title"] else ""
        return f'<a href="{escape(href)}"{title}>{match["text"]}</a>'

    return LINK.sub(replace, markdown)


def _merge_review(meta: dict, metas: list[dict]) -> None:
    for key in ("last_reviewed", "next_review"):
        dates = [m[key] for m in metas if isinstance(m.get(key), dt.date)]
        if dates:
            meta[key] = min(dates)
    sources: list = []
    for m in metas:
        for source in m.get("sources") or []:
            if source not in sources:
                sources.append(source)
    meta["sources"] = sources

"""List a built site's pages for the browser tests, and serve it over http://127.0.0.1 (sitetools.browser.serve)."""

from __future__ import annotations

from pathlib import Path

from sitetools.browser import serve

__all__ = ["content_pages", "language_of", "page_paths", "serve"]


def page_paths(site: Path) -> list[str]:
    """Every built HTML page of every language, as URL paths relative to the site root ('' is the home page)."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        if relative.startswith("assets/"):
            continue
        paths.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    return paths


def content_pages(site: Path) -> list[str]:
    """The pages built from Markdown (every page but the 404 pages, one per language)."""
    return [path for path in page_paths(site) if not path.endswith("404.html")]


def language_of(path: str) -> str:
    return "en" if path == "en/" or path.startswith("en/") else "fr"

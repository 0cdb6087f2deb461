"""Serve a built site over http://127.0.0.1 and list its pages, for the browser tests.

Pages are served over HTTP, not file://, so that Material's scripts, local storage and the palette
behave as they do for a reader.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on a free port of 127.0.0.1; yields the base URL, ending with '/'."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


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

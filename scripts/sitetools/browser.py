"""Debian's Chromium and a quiet static server on 127.0.0.1, shared by the tests and the benchmarks.

Pages are served over HTTP, not file://, so that Material's scripts, local storage and the palette
behave as they do for a reader.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import HTTPServer, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# Playwright's own browser download does not work here: Debian's package does.
CHROMIUM = "/usr/bin/chromium"
# Flags for a root user on a machine with no network: no sandbox, no GPU, no calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@contextmanager
def serving(server: HTTPServer) -> Iterator[str]:
    """Run ``server`` (bound to 127.0.0.1) in a background thread; yield its base URL, ending with '/'; stop it
    afterwards."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on a free port of 127.0.0.1; yields the base URL, ending with '/'."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    server.daemon_threads = True
    with serving(server) as url:
        yield url

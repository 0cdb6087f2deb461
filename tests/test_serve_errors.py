"""`mkdocs serve` with a broken include: the terminal names the error, the browser gets a page saying it, not a hang.

Runs the real `mkdocs serve` on a copy of the project, breaks an include, then mends it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sitetools.hooks.serve_errors import error_page
from sitetools.local_s3 import free_port

ROOT = Path(__file__).resolve().parent.parent

PAGE = "docs/fr/metastasis/after.md"
INCLUDE = "{!fr/metastasis/stay.md!}"
BROKEN = "{!fr/metastasis/stayy.md!}"
# The line of the include in the page, read from the page so that editing its text above keeps this true.
INCLUDE_LINE = (ROOT / PAGE).read_text(encoding="utf-8").splitlines().index(INCLUDE) + 1
EXPECTED_ERROR = (
    f"docs/fr/metastasis/after.md:{INCLUDE_LINE}: include: fragment 'fr/metastasis/stayy.md' not found; "
    "expected a file at docs/_includes/fr/metastasis/stayy.md"
)
# Generous bounds so a busy machine does not fail the test; they are not speed requirements.
WAIT = 180


def wait_for_log(log: Path, text: str, count: int, server: subprocess.Popen) -> None:
    """Wait until ``text`` appears ``count`` times in the server's output."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        output = log.read_text(encoding="utf-8", errors="replace")
        if output.count(text) >= count:
            return
        if server.poll() is not None:
            pytest.fail(f"mkdocs serve stopped (exit {server.returncode}):\n{output}")
        time.sleep(0.5)
    pytest.fail(f"{text!r} did not appear {count} time(s):\n{log.read_text(encoding='utf-8', errors='replace')}")


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - 127.0.0.1 only
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@pytest.fixture
def serve(copy_of_project, tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=copy_of_project,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_log(log, "Serving on", 1, server)
        yield copy_of_project, f"http://127.0.0.1:{port}/", log, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_broken_include_shows_in_the_terminal_and_the_browser_then_the_page_comes_back(serve):
    project, url, log, server = serve
    page = project / PAGE
    text = page.read_text(encoding="utf-8")
    assert INCLUDE in text

    status, body = get(url + "metastasis/after/")
    assert status == 200
    assert "<title>Après l'intervention" in body

    page.write_text(text.replace(INCLUDE, BROKEN), encoding="utf-8")
    wait_for_log(log, "The site could not be built", 1, server)
    output = log.read_text(encoding="utf-8")
    assert f"ERROR   -  {EXPECTED_ERROR}\n" in output
    assert "The server will appear stuck" not in output

    for path in ("metastasis/after/", "", "en/"):
        status, body = get(url + path)
        assert status == 500, path
        assert "<h1>Le site n'a pas pu être construit</h1>" in body
        assert '<h2 lang="en">The site could not be built</h2>' in body
        assert EXPECTED_ERROR.replace("'", "&#x27;") in body
        assert '<meta http-equiv="refresh" content="2">' in body

    page.write_text(text, encoding="utf-8")
    wait_for_log(log, "Reloading browsers", 2, server)  # once after the failure, once after the repair
    status, body = get(url + "metastasis/after/")
    assert status == 200
    assert "<title>Après l'intervention" in body


def test_the_error_page_escapes_what_it_quotes():
    """File names and messages come from a pull request: they are shown as text, never run."""
    body = error_page(["docs/fr/<script>alert(1)</script>.md:1: broken"]).decode("utf-8")
    assert "<script>" not in body
    assert "docs/fr/&lt;script&gt;alert(1)&lt;/script&gt;.md:1: broken" in body
    assert "//" not in body, "the page loads nothing from elsewhere"

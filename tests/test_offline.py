"""The offline copy: a reproducible zip whose pages, language switch and search work from file:// alone."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sitetools.cli import UserError
from sitetools.offline import DEFAULT_EPOCH, README_NAME, TOP_FOLDER, ZIP_NAME, epoch, make_offline_zip

ABSOLUTE_SRC = re.compile(r"""\bsrc\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
ABSOLUTE_LINK = re.compile(r"""<link\b[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
SEARCH_INPUT = "input[data-md-component=search-query]"


@pytest.fixture(scope="module")
def offline_zip(tmp_path_factory, project_root) -> Path:
    """The zip, built once for this module."""
    output = tmp_path_factory.mktemp("offline") / ZIP_NAME
    make_offline_zip(project_root, output)
    return output


@pytest.fixture(scope="module")
def offline_site(offline_zip, tmp_path_factory) -> Path:
    """The zip unpacked, as a reader would: the folder that holds index.html."""
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(target)
    return target / TOP_FOLDER


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if not p.is_relative_to(site / "assets"))


@dataclass
class Watch:
    """What a page did: every request, the failed ones, and console errors."""

    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    pending: set = field(default_factory=set)

    def settle(self, page, quiet_ms: int = 150, limit_ms: int = 10_000) -> None:
        """Wait until no request is in flight: leaving a page earlier aborts them, a failure of the test's own."""
        for _ in range(limit_ms // quiet_ms):
            seen = len(self.requests)
            page.wait_for_timeout(quiet_ms)
            if not self.pending and len(self.requests) == seen:
                return

    def assert_clean(self, page) -> None:
        self.settle(page)
        assert self.failed == []
        assert self.errors == []
        assert [url for url in self.requests if not url.startswith("file://")] == []


@contextmanager
def watched_page(browser) -> Iterator[tuple[object, Watch]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watch = Watch()

    def only_local(route):
        # Anything but file:// is refused, so a leak shows as a failure even on a machine with a network.
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()

    def started(request):
        watch.requests.append(request.url)
        watch.pending.add(request)

    def failed(request):
        watch.pending.discard(request)
        watch.failed.append(f"{request.url} ({request.failure})")

    page.on("request", started)
    page.on("requestfinished", lambda request: watch.pending.discard(request))
    page.on("requestfailed", failed)
    page.on("console", lambda message: message.type == "error" and watch.errors.append(f"{page.url}: {message.text}"))
    page.on("pageerror", lambda error: watch.errors.append(f"{page.url}: {error}"))
    try:
        yield page, watch
    finally:
        context.close()


@pytest.fixture(scope="module")
def every_page_visited(browser, offline_site) -> tuple[list[str], Watch]:
    """Open every page of both languages once; the tests below read what happened."""
    visited = []
    with watched_page(browser) as (page, watch):
        for path in pages(offline_site):
            page.goto((offline_site / path).as_uri())
            watch.settle(page)  # Material's requests after load: favicon, search index, lunr, (sitemap)
            visited.append(page.title())
    return visited, watch


def search(page, site: Path, start: str, query: str) -> list[str]:
    """Type ``query`` in the search box of ``start``; the results' paths, relative to the site root."""
    page.goto((site / start).as_uri())
    page.click(SEARCH_INPUT)
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "links => links.map(a => a.href)")
    root = site.as_uri() + "/"
    assert all(href.startswith(root) for href in hrefs), hrefs
    return [href[len(root) :].split("?")[0].split("#")[0] for href in hrefs]


# --- the zip, without a browser ----------------------------------------------------------------------------


def test_zip_has_one_folder_with_readme_and_both_home_pages(offline_zip):
    with zipfile.ZipFile(offline_zip) as archive:
        names = archive.namelist()
        infos = archive.infolist()
        html = {name: archive.read(name).decode("utf-8") for name in names if name.endswith(".html")}
    assert {name.split("/")[0] for name in names} == {TOP_FOLDER}
    for required in (README_NAME, "index.html", "en/index.html", "search/search_index.js", "en/search/search_index.js"):
        assert f"{TOP_FOLDER}/{required}" in names
    assert names == sorted(names)
    assert {info.date_time for info in infos} == {infos[0].date_time}
    assert {info.external_attr >> 16 for info in infos if info.is_dir()} == {0o40755}
    assert {info.external_attr >> 16 for info in infos if not info.is_dir()} == {0o100644}
    unused = [
        n for n in names if n.endswith((".map", "sitemap.xml", "sitemap.xml.gz", "404.html", "search_index.json"))
    ]
    assert unused == []
    for name, text in html.items():
        assert not ABSOLUTE_SRC.search(text), f"{name}: {ABSOLUTE_SRC.search(text)[0]}"
        assert not ABSOLUTE_LINK.search(text), f"{name}: {ABSOLUTE_LINK.search(text)[0]}"


def test_two_builds_give_the_same_bytes(offline_zip, tmp_path, project_root):
    again = make_offline_zip(project_root, tmp_path / ZIP_NAME).path
    assert hashlib.sha256(again.read_bytes()).hexdigest() == hashlib.sha256(offline_zip.read_bytes()).hexdigest()


def test_entry_date_comes_from_source_date_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert epoch() == DEFAULT_EPOCH
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert epoch() == 1700000000
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(UserError, match="SOURCE_DATE_EPOCH"):
        epoch()


def test_content_error_stops_the_cli_with_one_line(copy_of_project, project_root, tmp_path):
    page = copy_of_project / "docs" / "fr" / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("En 1987,", "En 1988,", 1), encoding="utf-8")
    output = tmp_path / ZIP_NAME
    result = subprocess.run(
        [
            sys.executable,
            str(project_root / "scripts" / "make_offline_zip.py"),
            "--lang",
            "en",
            "--root",
            str(copy_of_project),
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("make_offline_zip: error: content check failed (1 error)")
    assert "docs/fr/index.md:20: fact-value" in lines[0]
    assert not output.exists()


def test_failed_build_quotes_mkdocs_first_problem(copy_of_project, tmp_path):
    config = copy_of_project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\n  - abbr\n", "\n  - abbr\n  - no_such_extension\n", 1), encoding="utf-8")
    with pytest.raises(UserError, match=r"^mkdocs build failed: ERROR: .*'no_such_extension'") as error:
        make_offline_zip(copy_of_project, tmp_path / ZIP_NAME)
    assert "\n" not in str(error.value)
    assert not (tmp_path / ZIP_NAME).exists()


# --- the unpacked copy in Chromium, from file:// ------------------------------------------------------------


@pytest.mark.browser
def test_every_page_loads_without_error(every_page_visited, offline_site):
    titles, watch = every_page_visited
    paths = pages(offline_site)
    assert "index.html" in paths
    assert "en/index.html" in paths
    assert len(titles) == len(paths)
    assert all(titles)
    assert watch.failed == []
    assert watch.errors == []


@pytest.mark.browser
def test_every_request_stays_on_the_file_system(every_page_visited):
    _, watch = every_page_visited
    assert watch.requests
    assert [url for url in watch.requests if not url.startswith("file://")] == []


@pytest.mark.browser
def test_navigation_link_leads_to_its_page(browser, offline_site):
    with watched_page(browser) as (page, watch):
        page.goto((offline_site / "index.html").as_uri())
        watch.settle(page)
        link = page.locator('.md-nav--primary a.md-nav__link[href="metastasis/before.html"]').first
        label = link.inner_text().strip()
        link.click()
        page.wait_for_load_state("load")
        assert page.url == (offline_site / "metastasis" / "before.html").as_uri()
        assert page.locator("h1").first.inner_text().strip().removesuffix("¶") == label  # ¶: the permalink
        watch.assert_clean(page)


@pytest.mark.browser
def test_language_switch_keeps_the_page(browser, offline_site):
    with watched_page(browser) as (page, watch):
        page.goto((offline_site / "metastasis" / "after.html").as_uri())
        for language, expected in (("en", "en/metastasis/after.html"), ("fr", "metastasis/after.html")):
            watch.settle(page)
            page.hover(".md-header .md-select")
            page.click(f'.md-header a.md-select__link[hreflang="{language}"]')
            page.wait_for_load_state("load")
            assert page.url == (offline_site / expected).as_uri()
            assert page.locator("html").get_attribute("lang") == language
        watch.assert_clean(page)


@pytest.mark.browser
@pytest.mark.parametrize(
    ("start", "query", "english"),
    [
        ("metastasis/after.html", "marche", False),
        ("metastasis/after.html", "ostéoporose", False),
        ("en/metastasis/after.html", "walking", True),
        ("en/metastasis/after.html", "osteoporosis", True),
    ],
)
def test_search_finds_pages_of_the_same_language(browser, offline_site, start, query, english):
    with watched_page(browser) as (page, watch):
        results = search(page, offline_site, start, query)
        assert results
        assert all(path.startswith("en/") == english for path in results), results
        assert all((offline_site / path).is_file() for path in results)
        watch.assert_clean(page)

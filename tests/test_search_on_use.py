"""Search costs nothing until it is used: no search worker, index or lunr file is requested before the reader
opens or focuses search (overrides/assets/javascripts/search-on-use.js), online and from the offline zip; after
that, results come as before. A page opened from a result (?h=word) still highlights the word at once.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sitetools.browser import serve
from sitetools.offline import TOP_FOLDER, make_offline_zip

SEARCH_INPUT = "input[data-md-component=search-query]"
SEARCH_LABEL = "label.md-header__button[for=__search]"
# What search downloads: the index of the page's language, Material's worker, and lunr's French files.
SEARCH_FILES = re.compile(r"search_index|workers/search|lunr")
SEARCH_ON_USE = "**/search-on-use.*.js"


@pytest.fixture(scope="module")
def site_url(built_site) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def offline_site(project_root, tmp_path_factory) -> Path:
    """The offline zip, made and unpacked as a reader would: the folder that holds index.html."""
    work = tmp_path_factory.mktemp("search-on-use")
    zip_path = make_offline_zip(project_root, work / "offline.zip").path
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(work / "unzipped")
    return work / "unzipped" / TOP_FOLDER


@contextmanager
def recorded(browser, without_script: bool = False, width: int = 1280) -> Iterator[tuple[object, list[str]]]:
    """A tab and every URL it requests, its workers' and iframes' included (file:// too)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    if without_script:  # the control: Material's bundle alone
        context.route(SEARCH_ON_USE, lambda route: route.abort())
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    try:
        yield context.new_page(), requests
    finally:
        context.close()


def settle(page) -> None:
    """Let the page finish what it does on its own after loading."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)


def search_files(requests: list[str]) -> list[str]:
    """The search files among ``requests``, as paths from the site's root."""
    found = {re.sub(r"^.*?/(?=(?:en/)?search/|assets/)", "", url) for url in requests if SEARCH_FILES.search(url)}
    return sorted(found)


def type_query(page, query: str, opener: str = SEARCH_INPUT) -> list[str]:
    """Click ``opener`` (the search field; on a phone, the header's search button), type ``query``; the results."""
    page.click(opener)
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    return page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")


ONLINE_AFTER_USE = {
    "": [
        "assets/javascripts/lunr/min/lunr.fr.min.js",
        "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
        "assets/javascripts/workers/search.a7633da7.min.js",
        "search/search_index.json",
    ],
    "en/": ["assets/javascripts/workers/search.a7633da7.min.js", "en/search/search_index.json"],
}


@pytest.mark.browser
@pytest.mark.parametrize(("start", "query"), [("", "ciment"), ("en/", "cement")])
def test_online_search_loads_nothing_until_used_then_finds(browser, site_url, start, query):
    with recorded(browser) as (page, requests):
        page.goto(f"{site_url}{start}metastasis/after/")
        settle(page)
        assert search_files(requests) == []
        results = type_query(page, query)
        assert results
        assert all(href.startswith(f"{site_url}{start}") for href in results), results
        assert search_files(requests) == ONLINE_AFTER_USE[start]


@pytest.mark.browser
def test_without_the_script_material_loads_search_with_every_page(browser, site_url):
    """The control: the requests the tests above see held back do happen on load without the script."""
    with recorded(browser, without_script=True) as (page, requests):
        page.goto(f"{site_url}metastasis/after/")
        settle(page)
        assert search_files(requests) == ONLINE_AFTER_USE[""]


@pytest.mark.browser
def test_without_the_script_the_offline_copy_loads_search_with_every_page(browser, offline_site):
    with recorded(browser, without_script=True) as (page, requests):
        page.goto((offline_site / "metastasis" / "after.html").as_uri())
        settle(page)
        loaded = search_files(requests)
        assert "search/search_index.js" in loaded
        assert any("workers/search." in url for url in loaded), loaded


@pytest.mark.browser
@pytest.mark.parametrize(
    ("start", "query", "index"),
    [
        ("metastasis/after.html", "ciment", "search/search_index.js"),
        ("en/index.html", "cement", "en/search/search_index.js"),
    ],
)
def test_offline_search_loads_nothing_until_used_then_finds(browser, offline_site, start, query, index):
    with recorded(browser) as (page, requests):
        page.goto((offline_site / start).as_uri())
        settle(page)
        assert search_files(requests) == []
        assert page.locator("iframe").count() == 0  # the worker shim's iframe is not made either
        results = type_query(page, query)
        assert results
        assert all(href.startswith(offline_site.as_uri() + "/") for href in results), results
        assert index in search_files(requests)
        assert any("workers/search." in url for url in search_files(requests))


@pytest.mark.browser
def test_the_search_button_of_a_phone_starts_search(browser, site_url):
    with recorded(browser, width=360) as (page, requests):
        page.goto(f"{site_url}metastasis/after/")
        settle(page)
        assert search_files(requests) == []
        assert type_query(page, "ciment", opener=SEARCH_LABEL)
        assert search_files(requests) == ONLINE_AFTER_USE[""]


@pytest.mark.browser
def test_keyboard_shortcut_starts_search(browser, site_url):
    with recorded(browser) as (page, requests):
        page.goto(f"{site_url}en/")
        settle(page)
        page.keyboard.press("/")  # Material's shortcut focuses the search field
        page.keyboard.type("physio")
        page.wait_for_selector(".md-search-result__item", timeout=15_000)
        assert "en/search/search_index.json" in search_files(requests)


@pytest.mark.browser
@pytest.mark.parametrize(("start", "word"), [("", "ciment"), ("en/", "cement")])
def test_a_page_opened_from_a_result_highlights_at_once(browser, site_url, start, word):
    with recorded(browser) as (page, requests):
        page.goto(f"{site_url}{start}metastasis/procedure/?h={word}")
        page.wait_for_selector("mark[data-md-highlight]", timeout=15_000)
        marked = page.eval_on_selector_all("mark[data-md-highlight]", "marks => marks.map(m => m.textContent)")
        assert {text.lower() for text in marked} == {word}
        assert f"{start}search/search_index.json" in search_files(requests)

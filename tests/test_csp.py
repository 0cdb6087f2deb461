"""The Content-Security-Policy of every page: Chromium reports no violation online or from the offline zip,
and refuses what a pull request could slip into a page (a script or an image from another origin)."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers.site import page_paths, serve

pytestmark = pytest.mark.browser

CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="(?P<policy>[^"]*)">')
HASH = re.compile(r" 'sha256-[A-Za-z0-9+/=]{44}'")
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.DOTALL)
ONLINE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)
OFFLINE_POLICY = (
    "default-src file:; script-src file: 'unsafe-inline'; style-src file:; img-src file: data:; font-src file:; "
    "connect-src file:; worker-src file:; object-src 'none'; base-uri 'self'; form-action 'self'"
)
SEARCH_INPUT = "input[data-md-component=search-query]"
# Runs in every frame before the page's own scripts (through the DevTools protocol, which CSP does not govern).
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolation(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} `
    + `in ${event.documentURI.replace(/^.*\\/(?=[^/]*\\/?$)/, "")} (line ${event.lineNumber})`);
});
"""


@dataclass
class Watch:
    violations: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)


@contextmanager
def watched(browser, local: tuple[str, ...]) -> Iterator[tuple[object, Watch]]:
    """A page whose CSP violations and console errors are recorded; a request to anything but ``local`` is
    recorded and aborted, so nothing leaves the machine."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watch = Watch()

    def only_local(route):
        if route.request.url.startswith(local):
            route.continue_()
        else:
            watch.foreign_requests.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    context.expose_function("__cspViolation", lambda text: watch.violations.append(text))
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and watch.console.append(f"{page.url}: {m.text}"))
    try:
        yield page, watch
    finally:
        context.close()


def use_the_page(page, query: str) -> None:
    """What a reader does that runs Material's scripts: search, switch the colour scheme."""
    page.click(SEARCH_INPUT)
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    page.keyboard.press("Escape")
    page.click("label.md-header__button[for^='__palette']:visible")
    page.wait_for_timeout(100)


# --- online ----------------------------------------------------------------------------------------------


def test_every_page_carries_one_policy_first_in_head_and_a_no_referrer_meta(built_site):
    for path in page_paths(built_site):
        file = built_site / (path + "index.html" if path.endswith("/") or not path else path)
        html = file.read_text(encoding="utf-8")
        policies = CSP_META.findall(html)
        assert len(policies) == 1, path
        head = html[: html.index("</head>")]
        assert head.index("Content-Security-Policy") < min(head.index("<script"), head.index("<link")), path
        assert HASH.sub("", policies[0]) == ONLINE_POLICY, path
        scripts = INLINE_SCRIPT.findall(html)
        inline_scripts = [body for attrs, body in scripts if "json" not in attrs and "src=" not in attrs]
        assert len(re.findall(r"script-src[^;]*", policies[0])[0].split()) == 2 + len(set(inline_scripts)), path
        assert '<meta name="referrer" content="no-referrer">' in head, path


def test_no_page_violates_its_policy_online(browser, built_site):
    with serve(built_site) as base, watched(browser, (base,)) as (page, watch):
        for path in page_paths(built_site):
            page.goto(base + path)
            page.wait_for_load_state("load")
            page.wait_for_timeout(50)  # Material starts its search worker once the page has loaded
        page.goto(base + "metastasis/before/")
        use_the_page(page, "ciment")
        page.hover("abbr")
        page.wait_for_timeout(200)
    assert watch.violations == []
    assert watch.console == []
    assert watch.foreign_requests == []


@pytest.fixture
def site_with_injections(built_site, tmp_path) -> Path:
    """A copy of the built site whose home page has what a hostile pull request would add."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page = site / "index.html"
    html = page.read_text(encoding="utf-8")
    injected = (
        '<script src="https://example.invalid/x.js"></script>'
        "<script>window.__injected = true</script>"
        '<img src="https://tracker.example.invalid/pixel.gif" alt="">'
        '<div style="background: url(https://tracker.example.invalid/bg.png)">x</div>'
        '<button onclick="window.__clicked = true" id="injected-button">x</button>'
    )
    page.write_text(html.replace("</article>", injected + "</article>", 1), encoding="utf-8")
    return site


def test_the_browser_refuses_what_an_injected_page_would_load_or_run(browser, site_with_injections):
    with serve(site_with_injections) as base, watched(browser, (base,)) as (page, watch):
        page.goto(base)
        page.wait_for_load_state("networkidle")
        page.click("#injected-button")
        page.wait_for_timeout(200)
        ran = page.evaluate("[window.__injected === true, window.__clicked === true]")
    assert ran == [False, False]
    blocked = sorted({v.split(" in ")[0] for v in watch.violations})
    assert blocked == [
        "img-src blocked https://tracker.example.invalid/pixel.gif",
        "script-src-attr blocked inline",
        "script-src-elem blocked https://example.invalid/x.js",
        "script-src-elem blocked inline",
        "style-src-attr blocked inline",  # so its background image is never even requested
    ]
    assert watch.foreign_requests == []  # refused by the policy before any request was made


# --- offline (file://) -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def offline_site(project_root, tmp_path_factory) -> Path:
    """The offline zip, unpacked. Built by the zip's own steps without the content check before them: this
    module tests the policy the build writes, whatever the check thinks of the content of the day."""
    from sitetools.offline import TOP_FOLDER, ZIP_NAME, build, epoch, site_files, write_zip

    work = tmp_path_factory.mktemp("offline-csp")
    build(project_root, work / "site")
    write_zip(work / "site", site_files(work / "site"), work / ZIP_NAME, epoch())
    with zipfile.ZipFile(work / ZIP_NAME) as zipped:
        zipped.extractall(work / "unzipped")
    return work / "unzipped" / TOP_FOLDER


def test_offline_pages_carry_the_file_policy(offline_site):
    for file in sorted(offline_site.rglob("*.html")):
        if file.is_relative_to(offline_site / "assets"):
            continue
        policies = CSP_META.findall(file.read_text(encoding="utf-8"))
        assert len(policies) == 1, file
        assert HASH.sub("", policies[0]) == OFFLINE_POLICY, file


def test_no_page_violates_its_policy_from_file(browser, offline_site):
    pages = sorted(p for p in offline_site.rglob("*.html") if not p.is_relative_to(offline_site / "assets"))
    with watched(browser, ("file://",)) as (page, watch):
        for file in pages:
            page.goto(file.as_uri())
            page.wait_for_load_state("load")
            page.wait_for_timeout(50)
        page.goto((offline_site / "en" / "metastasis" / "before.html").as_uri())
        use_the_page(page, "osteoporosis")
    assert len(pages) > 20
    assert watch.violations == []
    assert watch.console == []
    assert watch.foreign_requests == []


def test_from_file_an_injected_foreign_script_is_still_refused(browser, offline_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(offline_site, site)
    page_file = site / "index.html"
    html = page_file.read_text(encoding="utf-8")
    injected = '<script src="https://example.invalid/x.js"></script><img src="https://tracker.example.invalid/p.gif">'
    page_file.write_text(html.replace("</article>", injected + "</article>", 1), encoding="utf-8")
    with watched(browser, ("file://",)) as (page, watch):
        page.goto(page_file.as_uri())
        page.wait_for_load_state("load")
        page.wait_for_timeout(200)
    assert sorted({v.split(" in ")[0] for v in watch.violations}) == [
        "img-src blocked https://tracker.example.invalid/p.gif",
        "script-src-elem blocked https://example.invalid/x.js",
    ]
    assert watch.foreign_requests == []

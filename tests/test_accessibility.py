"""Accessibility of the built site: axe-core's WCAG 2.1 A/AA rules on every page in both colour schemes,
the keyboard (skip link, visible focus, search), text alternatives and the language of each page and phrase.

axe-core comes from its npm package at the version package-lock.json pins: run `npm ci` once.
"""

from __future__ import annotations

import re

import pytest
from helpers.site import language_of, page_paths, serve

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Playwright's colour-scheme emulation -> the Material scheme the page must end up in (mkdocs.yml palette media).
SCHEMES = {"light": "default", "dark": "slate"}

# Started on a timer so the call returns at once and the other tab's page loads while this one is checked.
START_AXE = """tags => {
  window.__axe = new Promise(resolve => setTimeout(resolve, 0)).then(() =>
    axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]}));
}"""
AXE_RESULT = """() => window.__axe.then(result => ({
  scheme: document.body.getAttribute("data-md-color-scheme"),
  violations: result.violations.flatMap(rule => rule.nodes.map(node => ({
    rule: rule.id, impact: rule.impact, help: rule.help, target: node.target.join(" "),
  }))),
}))"""


@pytest.fixture(scope="module")
def axe_source(project_root) -> str:
    path = project_root / "node_modules" / "axe-core" / "axe.min.js"
    if not path.is_file():
        pytest.fail(
            f"{path.relative_to(project_root)} is missing: run `npm ci` at the project root "
            "(package-lock.json pins axe-core)"
        )
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site_url(built_site):
    with serve(built_site) as url:
        yield url


@pytest.mark.browser
def test_axe_finds_no_wcag_violation_on_any_page_in_either_scheme(browser, built_site, site_url, axe_source):
    # One tab per scheme, each a first visit with the reader's system preference: Material picks the scheme from
    # the palette's media queries. Each page is checked in both tabs at once, so the two runs share the cores.
    contexts = {scheme: browser.new_context(color_scheme=scheme) for scheme in SCHEMES}
    for context in contexts.values():
        context.add_init_script(script=axe_source)
        # The search worker only builds the search index in the background; the search field is still checked.
        context.route("**/assets/javascripts/workers/**", lambda route: route.abort())
    tabs = {scheme: context.new_page() for scheme, context in contexts.items()}
    paths = page_paths(built_site)
    problems: list[str] = []
    try:
        for path in paths:
            for tab in tabs.values():
                tab.goto(site_url + path)
                tab.evaluate(START_AXE, WCAG_TAGS)
            for scheme, tab in tabs.items():
                result = tab.evaluate(AXE_RESULT)
                if result["scheme"] != SCHEMES[scheme]:
                    problems.append(
                        f"/{path} [{scheme}]: colour scheme is {result['scheme']!r}, expected {SCHEMES[scheme]!r}"
                    )
                problems += [
                    f"/{path} [{scheme}]: {v['rule']} ({v['impact']}): {v['target']} — {v['help']}"
                    for v in result["violations"]
                ]
    finally:
        for context in contexts.values():
            context.close()
    assert len(paths) >= 30
    assert not problems, f"{len(problems)} accessibility violation(s):\n" + "\n".join(problems)


# --- keyboard ---------------------------------------------------------------------------------------------

FOCUS_STYLE = """() => {
  let element = document.activeElement;
  if (!element || element === document.body) return null;  // past the last stop, focus leaves the page
  if (element.matches(".md-option")) element = element.nextElementSibling;  // hidden radio: its icon shows focus
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2
    && !/rgba\\(0, 0, 0, 0\\)|transparent/.test(style.outlineColor);
  return {
    name: element.tagName.toLowerCase() + (element.className ? "." + String(element.className).split(" ")[0] : ""),
    label: (element.getAttribute("aria-label") || element.textContent || "").trim().slice(0, 40),
    visible: outline || style.boxShadow !== "none",
    isSearch: element.matches("input.md-search__input"),
  };
}"""


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "en/osteoporosis/after/"])
def test_first_tab_shows_a_skip_link_to_the_content(desktop, site_url, path):
    desktop.goto(site_url + path)
    desktop.keyboard.press("Tab")
    skip = desktop.locator("a.md-skip")
    assert desktop.evaluate("() => document.activeElement.matches('a.md-skip')")
    desktop.wait_for_function("() => getComputedStyle(document.querySelector('a.md-skip')).opacity === '1'")
    box = skip.bounding_box()
    assert box, "the skip link has no box"
    assert box["y"] >= 0, box
    assert box["height"] >= 24, box
    target = skip.get_attribute("href")
    assert target.startswith("#")
    assert desktop.locator(target).count() == 1
    desktop.keyboard.press("Enter")
    assert desktop.evaluate("() => location.hash") == target


@pytest.mark.browser
@pytest.mark.parametrize("path", ["metastasis/before/", "en/osteoporosis/"])
def test_every_keyboard_stop_shows_a_strong_focus_indicator_and_search_is_reachable(desktop, site_url, path):
    desktop.goto(site_url + path)
    stops, search_reached = [], False
    for _ in range(40):
        desktop.keyboard.press("Tab")
        stop = desktop.evaluate(FOCUS_STYLE)
        if stop is None:
            continue
        stops.append(stop)
        search_reached = search_reached or stop["isSearch"]
    assert len(stops) >= 20
    invisible = [f"{s['name']} {s['label']!r}" for s in stops if not s["visible"]]
    assert not invisible, f"focus not visible on: {invisible}"
    assert search_reached, "the search field was not reached in 40 presses of Tab"


# --- text alternatives and languages (the built HTML) -----------------------------------------------------

IMG = re.compile(r"<img\b[^>]*>")


def test_every_image_has_a_text_alternative_and_the_logo_is_decorative(built_site):
    for path in page_paths(built_site):
        html = (built_site / path / "index.html" if not path.endswith(".html") else built_site / path).read_text(
            encoding="utf-8"
        )
        for tag in IMG.findall(html):
            assert re.search(r'\salt="[^"]*"', tag), f"/{path}: image without alt: {tag}"
            assert 'alt="logo"' not in tag, f"/{path}: the logo is read out as 'logo'"
        # The logo's link carries the site name, so the image inside it is marked decorative.
        logo = re.search(r'<a [^>]*class="md-header__button md-logo"[^>]*>\s*<img [^>]*>', html)
        assert logo, f"/{path}: no header logo"
        assert 'aria-label="' in logo.group(0), path
        assert 'alt=""' in logo.group(0), path


def test_each_page_declares_its_language_and_marks_phrases_in_the_other(built_site):
    for path in page_paths(built_site):
        if path.endswith(".html"):
            continue
        html = (built_site / path / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{language_of(path)}"' in html, path
    english = (built_site / "en" / "metastasis" / "before" / "index.html").read_text(encoding="utf-8")
    assert '<span lang="fr">« Spondyloplastie unique (ou de 2 vertèbres) »</span>' in english
    assert '<span lang="fr">Sécurité sociale</span>' in english

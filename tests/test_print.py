"""Print: every page prints as a clean leaflet (no screen chrome; review dates, sources and address kept; urgent
boxes visible in black and white), and each section has one printable leaflet with all of its pages."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from helpers.site import content_pages, language_of, serve

HIDDEN_IN_PRINT = {
    "header": ".md-header",
    "navigation": ".md-sidebar--primary",
    "table of contents": ".md-sidebar--secondary",
    "search": ".md-search",
    "footer": ".md-footer",
    "edit link": ".md-content__button",
    "offline link": ".offline-link",
    "back to top": ".md-top",
    "skip link": ".md-skip",
    "language and colour buttons": ".md-header__option, .md-select",
}
SHOWN_IN_PRINT = {
    "review date": ".page-review__last",
    "next review date": ".page-review__next",
    "page address": ".page-review__address",
}

INSPECT = """([hidden, shown]) => {
  const visible = element => element.checkVisibility({opacityProperty: true, visibilityProperty: true})
    && element.getBoundingClientRect().height > 0;
  const style = element => getComputedStyle(element);
  const found = {hiddenButVisible: [], shownButMissing: []};
  for (const [name, selector] of Object.entries(hidden)) {
    if ([...document.querySelectorAll(selector)].some(visible)) found.hiddenButVisible.push(name);
  }
  for (const [name, selector] of Object.entries(shown)) {
    const element = document.querySelector(selector);
    if (!element || !visible(element)) found.shownButMissing.push(name);
  }
  const sources = document.querySelector(".page-review__sources");
  found.sources = sources ? visible(sources) : null;
  found.address = (document.querySelector(".page-review__address") || {}).textContent;
  found.canonical = document.querySelector("link[rel=canonical]").href;
  // A leaflet gathers pages that each carry the warning-signs box: the stylesheet prints only the last one.
  found.hiddenUrgent = [...document.querySelectorAll(".admonition.urgent")].filter(box => !visible(box)).length;
  found.urgent = [...document.querySelectorAll(".admonition.urgent")].filter(visible).map(box => ({
    width: parseFloat(style(box).borderTopWidth), style: style(box).borderTopStyle, color: style(box).borderTopColor,
    title: visible(box.querySelector(".admonition-title")) && box.querySelector(".admonition-title").textContent.trim(),
  }));
  found.keptWhole = [...document.querySelectorAll(".md-typeset .admonition, .md-typeset ul, .md-typeset ol")]
    .every(element => style(element).breakInside === "avoid");
  found.headingsKeptWithText = [...document.querySelectorAll(".md-typeset h2, .md-typeset h3")]
    .every(element => style(element).breakAfter === "avoid");
  return found;
}"""


@pytest.fixture(scope="module")
def printed(browser, built_site):
    with serve(built_site) as url:
        context = browser.new_context(viewport={"width": 800, "height": 1100})
        page = context.new_page()
        page.emulate_media(media="print")
        yield url, page
        context.close()


@pytest.mark.browser
def test_every_page_prints_without_screen_chrome_and_with_dates_sources_and_address(printed, built_site):
    url, page = printed
    problems = []
    urgent_pages = 0
    hidden_urgent = 0
    for path in content_pages(built_site):
        page.goto(url + path)
        found = page.evaluate(INSPECT, [HIDDEN_IN_PRINT, SHOWN_IN_PRINT])
        problems += [f"/{path}: {name} is printed" for name in found["hiddenButVisible"]]
        problems += [f"/{path}: {name} is not printed" for name in found["shownButMissing"]]
        if found["sources"] is False:
            problems.append(f"/{path}: the sources are not printed")
        if (found["address"] or "").strip() != found["canonical"]:
            problems.append(f"/{path}: printed address {found['address']!r}, expected {found['canonical']!r}")
        if not found["keptWhole"] or not found["headingsKeptWithText"]:
            problems.append(f"/{path}: page breaks may split a box or a list, or leave a heading alone")
        for box in found["urgent"]:
            urgent_pages += 1
            if box["width"] < 4 or box["style"] != "solid" or box["color"] != "rgb(0, 0, 0)" or not box["title"]:
                problems.append(f"/{path}: urgent box not clear in black and white: {box}")
        hidden_urgent += found["hiddenUrgent"]
    assert not problems, "\n".join(problems)
    # Per language: 4 metastasis pages, 4 osteoporosis pages (+1: the fracture's own box on its home page),
    # the FAQ (2 boxes) and the leaflets (1 warning box each, +1 fracture box in the osteoporosis one).
    assert urgent_pages == 2 * (4 + 5 + 2 + 3)
    assert hidden_urgent == 2 * (3 + 3)  # the repeated warning boxes of the two leaflets


@pytest.mark.browser
def test_a_leaflet_prints_to_a_pdf_of_several_pages(printed):
    url, page = printed
    page.goto(url + "en/osteoporosis/leaflet/")
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 3


# --- leaflets (the built HTML) ----------------------------------------------------------------------------

HEADING = re.compile(r"<h(?P<level>[1-6])\b[^>]*>(?P<text>.*?)</h(?P=level)>", re.DOTALL)
SECTIONS = {
    "metastasis": ["", "before/", "procedure/", "after/"],
    "osteoporosis": ["", "before/", "procedure/", "after/"],
}


def headings(html: str) -> list[tuple[int, str]]:
    article = html.split('<article class="md-content__inner md-typeset">', 1)[-1].split("</article>", 1)[0]
    found = []
    for match in HEADING.finditer(article):
        text = re.sub(r"<a class=\"headerlink\".*?</a>", "", match["text"], flags=re.DOTALL)
        found.append((int(match["level"]), html_lib.unescape(re.sub(r"<[^>]+>", "", text)).strip()))
    return found


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_each_section_has_a_leaflet_with_every_heading_of_its_pages_in_order(built_site, language, section):
    prefix = "" if language == "fr" else "en/"
    leaflet = headings((built_site / prefix / section / "leaflet" / "index.html").read_text(encoding="utf-8"))
    expected = []
    for part in SECTIONS[section]:
        page = built_site / prefix / section / part / "index.html"
        expected += [(level + 1, text) for level, text in headings(page.read_text(encoding="utf-8"))]
    assert leaflet[0][0] == 1  # the leaflet's own title
    assert leaflet[1:] == expected
    assert language_of(f"{prefix}{section}/leaflet/") == language


def test_leaflets_are_in_the_menu_and_out_of_search(built_site):
    for prefix in ("", "en/"):
        home = (built_site / prefix / "index.html").read_text(encoding="utf-8")
        for section in SECTIONS:
            assert f'href="{section}/leaflet/"' in home
        index = (built_site / prefix / "search" / "search_index.json").read_text(encoding="utf-8")
        assert "leaflet/" not in index

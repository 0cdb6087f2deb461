"""Phones: every page at 360 × 740 CSS pixels (a small Android phone): nothing wider than the screen, and the
menu links and buttons large enough to tap (WCAG 2.2, 2.5.8 target size minimum: 24 × 24 CSS pixels)."""

from __future__ import annotations

import pytest
from helpers.site import page_paths, serve

PHONE = {"width": 360, "height": 740}
MINIMUM = 24
# Menu links (the drawer's links and section arrows, the table of contents) are measured even while the drawer
# is closed: they keep their size off screen. Buttons are measured when they are shown.
NAV_LINKS = ".md-nav__link"
BUTTONS = (
    "button, .md-header__button, .md-content__button, .md-footer__link, .md-select__link, .md-top, "
    ".md-search__icon, .md-option + label"
)

MEASURE = """([navLinks, buttons, minimum]) => {
  const describe = (element, box) =>
    `${element.tagName.toLowerCase()}.${String(element.className).trim().split(/\\s+/)[0] || "?"} `
    + `"${(element.getAttribute("aria-label") || element.textContent || "").trim().slice(0, 30)}" `
    + `${Math.round(box.width)}×${Math.round(box.height)}`;
  const small = [];
  let links = 0;
  for (const element of document.querySelectorAll(navLinks)) {
    if (!element.getClientRects().length) continue;  // display: none
    links += 1;
    const box = element.getBoundingClientRect();
    if (box.width < minimum || box.height < minimum) small.push(describe(element, box));
  }
  for (const element of document.querySelectorAll(buttons)) {
    if (!element.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const box = element.getBoundingClientRect();
    if (box.width < minimum || box.height < minimum) small.push(describe(element, box));
  }
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")]
    .filter(element => element.getBoundingClientRect().right > width + 0.5 && element.checkVisibility())
    .slice(0, 3)
    .map(element => describe(element, element.getBoundingClientRect()));
  return {scrollWidth: document.documentElement.scrollWidth, links, small: [...new Set(small)], wide};
}"""


@pytest.fixture(scope="module")
def phone(browser, built_site):
    with serve(built_site) as url:
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
        yield url, context.new_page()
        context.close()


@pytest.mark.browser
def test_no_page_is_wider_than_a_small_phone_and_every_target_is_big_enough(phone, built_site):
    url, page = phone
    overflow, small_targets = [], []
    for path in page_paths(built_site):
        page.goto(url + path)
        result = page.evaluate(MEASURE, [NAV_LINKS, BUTTONS, MINIMUM])
        if result["scrollWidth"] > PHONE["width"]:
            overflow.append(f"/{path}: {result['scrollWidth']} px wide; too wide: {result['wide']}")
        if result["links"] < 10:
            overflow.append(f"/{path}: only {result['links']} menu links found")
        small_targets += [f"/{path}: {target}" for target in result["small"]]
    assert not overflow, "pages wider than 360 px:\n" + "\n".join(overflow)
    assert not small_targets, f"targets under {MINIMUM}×{MINIMUM} px:\n" + "\n".join(small_targets)


@pytest.mark.browser
def test_the_menu_opens_on_a_phone_and_its_links_are_tall_enough(phone):
    url, page = phone
    page.goto(url + "en/metastasis/before/")
    page.locator("label.md-header__button[for='__drawer']").click()
    drawer = page.locator(".md-sidebar--primary")
    page.wait_for_function("() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")
    links = drawer.locator(".md-nav__link:visible")
    heights = [box["height"] for box in (links.nth(i).bounding_box() for i in range(links.count())) if box]
    assert heights
    assert min(heights) >= MINIMUM, heights
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

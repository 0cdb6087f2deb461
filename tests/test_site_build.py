"""The real site: strict build, mirrored languages, shared FAQ fragments, page furniture, privacy."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import mkdocs_build
from sitetools.browser import serve
from sitetools.sources import SCOPES, load_docs

LANGUAGES = ("fr", "en")
REQUIRED_META = ("title", "description", "last_reviewed", "next_review", "reviewer", "scope", "sources")


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def page_html(site: Path, lang: str, page: str) -> str:
    prefix = "" if lang == "fr" else "en/"
    return (site / prefix / page / "index.html").read_text(encoding="utf-8")


# --- sources ----------------------------------------------------------------------------------------------


def test_french_and_english_trees_mirror_each_other(project_root):
    docs = project_root / "docs"
    trees = {
        lang: sorted(p.relative_to(docs / lang).as_posix() for p in (docs / lang).rglob("*.md")) for lang in LANGUAGES
    }
    assert trees["fr"] == trees["en"]
    fragments = {
        lang: sorted(
            p.relative_to(docs / "_includes" / lang).as_posix() for p in (docs / "_includes" / lang).rglob("*.md")
        )
        for lang in LANGUAGES
    }
    assert fragments["fr"] == fragments["en"]
    assert len(trees["fr"]) >= 13


def test_every_page_has_complete_front_matter(project_root):
    pages = [d for d in load_docs(project_root, list(LANGUAGES)) if d.kind == "page"]
    problems = [
        f"{d.path}: {key}" for d in pages for key in REQUIRED_META if key not in d.meta or d.meta[key] in (None, "")
    ]
    problems += [f"{d.path}: {d.meta_error}" for d in pages if d.meta_error]
    problems += [f"{d.path}: scope {d.meta.get('scope')}" for d in pages if d.meta.get("scope") not in SCOPES]
    assert problems == []


def test_faq_fragments_are_used_by_the_faq_and_by_their_own_section(project_root):
    docs = load_docs(project_root, list(LANGUAGES))
    pages = [d for d in docs if d.kind == "page"]
    for fragment in (d for d in docs if d.kind == "fragment"):
        include = f"{fragment.lang}/{fragment.tree_path}"
        users = {p.tree_path for p in pages if any(i.path == include for i in p.includes())}
        assert "faq.md" in users, f"{include} is not in the FAQ"
        sections = {"metastasis", "osteoporosis"} if fragment.scope == "both" else {fragment.scope}
        for section in sections:
            assert any(u.startswith(f"{section}/") for u in users), f"{include} is not on a {section} page"


# --- the built site ---------------------------------------------------------------------------------------


def test_strict_build_passes(built_site):
    assert (built_site / "index.html").is_file()
    assert (built_site / "en" / "index.html").is_file()


def test_pages_declare_their_language(built_site):
    for page in html_pages(built_site):
        lang = "en" if page.relative_to(built_site).parts[0] == "en" else "fr"
        assert f'<html lang="{lang}"' in page.read_text(encoding="utf-8"), page


def test_fragment_text_reaches_faq_and_section_pages(built_site):
    walking = {"fr": "vous pouvez remarcher 2 h", "en": "you can walk again 2 h"}
    for lang, sentence in walking.items():
        for page in ("faq", "metastasis/after"):
            assert sentence in page_html(built_site, lang, page), (lang, page)
        assert sentence not in page_html(built_site, lang, "osteoporosis/after")


def test_every_page_has_notice_review_date_and_sources(built_site):
    expected = {
        "fr": ("Elle ne remplace pas", 'Page relue le <time datetime="2026-11-25">25 novembre 2026</time>'),
        "en": ("It does not replace advice", 'Page last reviewed <time datetime="2026-11-25">25 November 2026</time>'),
    }
    for page in html_pages(built_site):
        lang = "en" if page.relative_to(built_site).parts[0] == "en" else "fr"
        html = page.read_text(encoding="utf-8")
        notice, reviewed = expected[lang]
        assert notice in html, page
        assert reviewed in html, page
    assert "Sources de cette page" in page_html(built_site, "fr", "metastasis")
    assert "Sources for this page" in page_html(built_site, "en", "osteoporosis/after")


def test_urgent_signs_stand_out_in_an_urgent_box(built_site):
    for lang in LANGUAGES:
        for page in ("osteoporosis", "faq"):
            assert '<div class="admonition urgent">' in page_html(built_site, lang, page), (lang, page)


def test_language_switch_leads_to_the_same_page(built_site):
    french = page_html(built_site, "fr", "metastasis/after")
    english = page_html(built_site, "en", "metastasis/after")
    assert 'href="../../en/metastasis/after/" hreflang="en" class="md-select__link"' in french
    assert 'href="../../../metastasis/after/" hreflang="fr" class="md-select__link"' in english


def test_one_search_index_per_language(built_site):
    for lang, folder in (("fr", built_site), ("en", built_site / "en")):
        index = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == [lang]
        locations = [doc["location"] for doc in index["docs"]]
        assert locations
        assert not any(loc.startswith("en/") for loc in locations)
    french = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("ostéoporose" in doc["text"] for doc in french["docs"])
    assert not any("osteoporosis" in doc["title"].lower() for doc in french["docs"])


def test_contact_page_is_empty_safe_and_configurable(built_site, site_built_with):
    assert "Les coordonnées de votre centre ne sont pas encore renseignées" in page_html(built_site, "fr", "contact")
    site = site_built_with(CENTRE_NAME="Centre Exemple", CENTRE_PHONE="01 23 45 67 89")
    english = page_html(site, "en", "contact")
    assert "<dd>Centre Exemple</dd>" in english
    assert '<a href="tel:0123456789">01 23 45 67 89</a>' in english


class _Resources(HTMLParser):
    """Every URL a page loads by itself: scripts, styles, images, icons, frames, media."""

    LOADING = {
        ("script", "src"),
        ("link", "href"),
        ("img", "src"),
        ("iframe", "src"),
        ("source", "src"),
        ("video", "src"),
        ("audio", "src"),
        ("embed", "src"),
        ("object", "data"),
        ("img", "srcset"),
    }

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if (tag, name) in self.LOADING and value:
                if tag == "link" and attributes.get("rel") in ("alternate", "canonical", "prev", "next"):
                    continue  # links to pages, not loads
                self.urls.append(value)


def test_no_built_file_loads_from_another_origin(built_site):
    external = re.compile(r"^(?:https?:)?//", re.IGNORECASE)
    offending = []
    for page in sorted(built_site.rglob("*.html")):
        parser = _Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        offending += [f"{page.relative_to(built_site)}: {url}" for url in parser.urls if external.match(url)]
    css_url = re.compile(r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)")
    for sheet in sorted(built_site.rglob("*.css")):
        offending += [
            f"{sheet.relative_to(built_site)}: {url}" for url in css_url.findall(sheet.read_text(encoding="utf-8"))
        ]
    assert offending == []


# --- a real browser on the served site --------------------------------------------------------------------


@pytest.fixture(scope="module")
def served_site(built_site):
    with serve(built_site) as url:
        yield url


# Pages visited at once: each waits for 500 ms without a request ("networkidle"), and these waits overlap.
TABS = 6


@pytest.mark.browser
def test_pages_request_nothing_from_another_origin(browser, built_site, served_site):
    context = browser.new_context()
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    tabs = [context.new_page() for _ in range(TABS)]
    pages = html_pages(built_site)
    for start in range(0, len(pages), TABS):
        batch = list(zip(tabs, pages[start : start + TABS], strict=False))
        for tab, html in batch:
            tab.goto(served_site + html.relative_to(built_site).as_posix(), wait_until="commit")
        for tab, _ in batch:
            tab.wait_for_load_state("networkidle")
    context.close()
    assert len(requested) > len(html_pages(built_site))
    assert [url for url in requested if not url.startswith(served_site)] == []


@pytest.mark.browser
@pytest.mark.parametrize(
    ("start", "query", "same_language", "other_language"),
    [
        ("metastasis/after/", "marche", "", "en/"),
        ("metastasis/after/", "osteoporose", "", "en/"),  # typed without its accents
        ("en/metastasis/after/", "walking", "en/", None),
    ],
)
def test_search_finds_pages_in_the_reader_language_only(
    browser, served_site, start, query, same_language, other_language
):
    page = browser.new_page()
    page.goto(served_site + start)
    page.keyboard.press("/")  # Material's shortcut opens the search box
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    links = page.eval_on_selector_all(".md-search-result__item > a", "items => items.map(a => a.href)")
    page.close()
    assert links
    assert all(link.startswith(served_site + same_language) for link in links), links
    if other_language:
        assert not any(link.startswith(served_site + other_language) for link in links), links


# --- bad input fails the build with a clear message -------------------------------------------------------


def test_missing_fragment_fails_the_build_with_one_clear_line(copy_of_project, tmp_path):
    page = copy_of_project / "docs" / "fr" / "faq.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("{!fr/metastasis/pain.md!}", "{!fr/metastasis/douleur.md!}")
    )
    result = mkdocs_build(tmp_path / "site", root=copy_of_project)
    assert result.returncode == 1
    assert (
        "ERROR   -  docs/fr/faq.md:20: include: fragment 'fr/metastasis/douleur.md' not found; "
        "expected a file at docs/_includes/fr/metastasis/douleur.md\n"
    ) in result.stderr
    assert "Aborted with a BuildError!" in result.stdout
    assert "Traceback" not in result.stderr + result.stdout


def test_broken_link_fails_the_strict_build_naming_the_page(copy_of_project, tmp_path):
    page = copy_of_project / "docs" / "en" / "metastasis" / "after.md"
    page.write_text(page.read_text(encoding="utf-8").replace("(../faq.md)", "(../questions.md)"))
    result = mkdocs_build(tmp_path / "site", root=copy_of_project)
    assert result.returncode == 1
    assert "Doc file 'en/metastasis/after.md' contains a link '../questions.md'" in result.stderr
    assert "Aborted with 1 warnings in strict mode!" in result.stdout
    assert "Traceback" not in result.stderr + result.stdout


def test_every_page_links_to_its_source_file_for_editing(built_site):
    for lang in LANGUAGES:
        html = page_html(built_site, lang, "metastasis/after")
        assert (
            f'href="https://github.com/example/cimentoplastie/edit/main/docs/{lang}/metastasis/after.md" '
            'title="' in html
        ), lang


def test_each_language_has_its_own_not_found_page(built_site):
    assert '<html lang="fr"' in (built_site / "404.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in (built_site / "en" / "404.html").read_text(encoding="utf-8")

"""Findable and understandable: schema.org JSON-LD, meta descriptions, hreflang twins, the sitemap, and the
glossary's tooltips (<abbr title>) on the words each page uses."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from helpers.site import content_pages, language_of

JSON_LD = re.compile(r'<script type="application/ld\+json">(?P<data>.*?)</script>', re.DOTALL)
SITEMAP_URL = re.compile(r"<url>\s*<loc>([^<]+)</loc>(.*?)</url>", re.DOTALL)
SITEMAP_ALTERNATE = re.compile(r'<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/>')
ALTERNATE = re.compile(r'<link rel="alternate" href="(?P<href>[^"]*)" hreflang="(?P<lang>[^"]+)">')
CANONICAL = re.compile(r'<link rel="canonical" href="(?P<href>[^"]*)">')
DESCRIPTION = re.compile(r'<meta name="description" content="(?P<content>[^"]*)">')
PROCEDURES = {"fr": {"Cimentoplastie", "Vertébroplastie"}, "en": {"Cementoplasty", "Vertebroplasty"}}


def source_of(project_root: Path, path: str) -> Path:
    """docs/<lang>/… Markdown file a built page comes from."""
    lang = language_of(path)
    relative = path[len("en/") :] if lang == "en" else path
    docs = project_root / "docs" / lang
    folder = docs / relative / "index.md"
    return folder if folder.is_file() else docs / f"{relative.rstrip('/')}.md"


def front_matter(file: Path) -> dict:
    text = file.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])


def expected_last_reviewed(file: Path) -> dt.date:
    """A leaflet shows the date of its oldest part (overrides/hooks/leaflets.py)."""
    meta = front_matter(file)
    dates = [meta["last_reviewed"]] + [
        front_matter(file.parent / part)["last_reviewed"] for part in meta.get("leaflet", [])
    ]
    return min(dates)


def built(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_every_page_has_medical_web_page_json_ld_matching_its_front_matter(built_site, project_root):
    pages = content_pages(built_site)
    assert len(pages) >= 30
    for path in pages:
        html = built(built_site, path)
        blocks = JSON_LD.findall(html)
        assert len(blocks) == 1, f"/{path}: expected one JSON-LD block, found {len(blocks)}"
        data = json.loads(blocks[0])
        source = source_of(project_root, path)
        meta = front_matter(source)
        lang = language_of(path)
        assert data["@context"] == "https://schema.org", path
        assert data["@type"] == "MedicalWebPage", path
        assert data["name"] == meta["title"], path
        assert data["description"] == meta["description"], path
        assert data["inLanguage"] == lang, path
        assert data["lastReviewed"] == expected_last_reviewed(source).isoformat(), path
        assert data["url"] == CANONICAL.search(html)["href"], path
        assert urlsplit(data["url"]).path == f"/{path}", path
        assert data["audience"] == "https://schema.org/Patient", path
        assert data["about"], path
        assert all(item["@type"] == "MedicalProcedure" for item in data["about"]), path
        assert {item["name"] for item in data["about"]} <= PROCEDURES[lang], path


def test_every_page_has_its_own_meta_description(built_site, project_root):
    for path in content_pages(built_site):
        found = DESCRIPTION.search(built(built_site, path))
        assert found, path
        expected = front_matter(source_of(project_root, path))["description"]
        assert html_lib.unescape(found["content"]) == expected, path


def test_hreflang_pairs_live_in_the_sitemap_not_the_page_head(built_site):
    """Each page and its twin are paired in sitemap.xml with absolute addresses; heads carry no alternates
    (Material would fetch a sitemap.xml beside each one: 404s and console errors on every visit)."""
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    pairs = {
        urlsplit(loc).path: {lang: href for lang, href in SITEMAP_ALTERNATE.findall(block)}
        for loc, block in SITEMAP_URL.findall(sitemap)
    }
    for path in content_pages(built_site):
        assert not ALTERNATE.search(built(built_site, path)), path
        if language_of(path) == "en":
            continue
        alternates = pairs[f"/{path}"]
        assert set(alternates) == {"fr", "en"}, path
        assert urlsplit(alternates["fr"]).path == f"/{path}"
        assert urlsplit(alternates["en"]).path == f"/en/{path}"
        assert alternates["en"].startswith("https://"), path
        assert (built_site / "en" / path / "index.html").is_file()


def test_the_sitemap_lists_every_page(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    locations = {urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)}
    assert {f"/{path}" for path in content_pages(built_site)} <= locations


# --- glossary tooltips ------------------------------------------------------------------------------------

ABBR = re.compile(r'<abbr title="(?P<title>[^"]*)">(?P<word>[^<]*)</abbr>')
HEADINGS = re.compile(r"<h([1-6])\b[^>]*>.*?</h\1>", re.DOTALL)


def glossary(project_root: Path, lang: str) -> dict[str, str]:
    text = (project_root / "docs" / "_glossary" / f"{lang}.md").read_text(encoding="utf-8")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    return dict(re.findall(r"^\*\[([^\]]+)\]:\s*(.+?)\s*$", text, flags=re.MULTILINE))


def page_text(html: str) -> str:
    """The Markdown part of a page: from its title to the review block, headings left out."""
    body = html.split("<h1", 1)[1].split('<footer class="page-review"', 1)[0]
    return HEADINGS.sub(" ", "<h1" + body)


REQUIRED_WORDS = {
    "fr": [
        "IRM",
        "AVK",
        "anticoagulant",
        "antiagrégant",
        "vertèbre",
        "sédation",
        "scanner",
        "trocart",
        "procubitus",
        "ambulatoire",
        "kinésithérapie",
        "biopsie",
        "hématome",
        "métastase",
        "ostéoporose",
        "vertébroplastie",
        "cimentoplastie",
        "CIRSE",
    ],
    "en": [
        "MRI",
        "VKA",
        "anticoagulant",
        "antiplatelet",
        "vertebra",
        "sedation",
        "CT",
        "trocar",
        "prone",
        "ambulatory",
        "physiotherapy",
        "biopsy",
        "haematoma",
        "metastasis",
        "osteoporosis",
        "vertebroplasty",
        "cementoplasty",
        "CIRSE",
    ],
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_glossary_defines_every_required_word(project_root, lang):
    assert set(REQUIRED_WORDS[lang]) <= set(glossary(project_root, lang))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_word_of_the_glossary_shows_its_definition_where_the_page_uses_it(built_site, project_root, lang):
    definitions = glossary(project_root, lang)
    used = 0
    for path in content_pages(built_site):
        if language_of(path) != lang:
            continue
        text = page_text(built(built_site, path))
        shown = {html_lib.unescape(m["title"]) for m in ABBR.finditer(text)}
        assert shown <= set(definitions.values()), f"/{path}: a tooltip that is not in the glossary"
        plain = re.sub(r"<[^>]+>", " ", text)
        for word, definition in definitions.items():
            forms = {word, word[:1].upper() + word[1:]}
            if any(re.search(rf"\b{re.escape(form)}\b", plain) for form in forms):
                used += 1
                assert definition in shown, f"/{path}: '{word}' is used but has no <abbr> tooltip"
    assert used >= 50


def test_the_tooltip_is_the_abbr_element_on_the_word(built_site):
    french = built(built_site, "metastasis/before/")
    assert re.search(r'<abbr title="Imagerie par résonance magnétique[^"]*">IRM</abbr>', french)
    english = built(built_site, "en/metastasis/before/")
    assert re.search(r'<abbr title="Magnetic resonance imaging[^"]*">MRI</abbr>', english)
    # Once per page: the second use of a word has no tooltip, headings have none.
    assert len(re.findall(r"<abbr[^>]*>MRI</abbr>", english)) == 1
    assert "<abbr" not in "".join(m.group(0) for m in HEADINGS.finditer(english))

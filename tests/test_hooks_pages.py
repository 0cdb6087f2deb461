"""The small page hooks, called directly: language_strings, material_fixes, not_found_page, page_links."""

from __future__ import annotations

from types import SimpleNamespace

from helpers.hooks import config
from sitetools.hooks import language_strings, material_fixes, not_found_page, page_links

HEADER_LINKS = (
    '<h2 id="a">A<a class="headerlink" href="#a" title="Lien permanent">¶</a></h2>\n'
    '<h2 id="b">B<a class="headerlink" href="#b" title="">¶</a></h2>\n'
    '<a class="other" href="#c" title="Lien permanent">c</a>'
)


def test_heading_anchors_get_the_title_of_the_language_built():
    english = config(extra={"ui": {"permalink_title": 'Link to "this" <section>'}})
    assert language_strings.on_post_page(HEADER_LINKS, None, english) == (
        '<h2 id="a">A<a class="headerlink" href="#a" title="Link to &quot;this&quot; &lt;section&gt;">¶</a></h2>\n'
        '<h2 id="b">B<a class="headerlink" href="#b" title="Link to &quot;this&quot; &lt;section&gt;">¶</a></h2>\n'
        '<a class="other" href="#c" title="Lien permanent">c</a>'
    )


def test_heading_anchors_stay_as_they_are_without_a_title():
    assert language_strings.on_post_page(HEADER_LINKS, None, config()) == HEADER_LINKS
    assert language_strings.on_post_page(HEADER_LINKS, None, config(extra={"ui": {}})) == HEADER_LINKS


ALTERNATES = '    <link rel="alternate" href="/" hreflang="fr">\n\t<link rel="alternate" href="/en/" hreflang="en">'
DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def test_material_fixes_drop_head_alternates_and_name_the_first_search_dialog():
    page = f"<head>\n{ALTERNATES}\n<title>T</title>\n</head>\n<body>\n{ALTERNATES}\n{DIALOG}{DIALOG}</body>"
    fixed = material_fixes.on_post_page(page, None, config(extra={"ui": {"search_dialog": "Rechercher"}}))
    named = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Rechercher">'
    assert fixed == f"<head>\n<title>T</title>\n</head>\n<body>\n{ALTERNATES}\n{named}{DIALOG}</body>"


def test_material_fixes_stop_at_the_first_end_of_head():
    page = f"<head>\n{ALTERNATES}\n</head>\n<pre>{ALTERNATES}\n</head></pre>"
    fixed = material_fixes.on_post_page(page, None, config(extra={"ui": {"search_dialog": "Search"}}))
    assert fixed == f"<head>\n</head>\n<pre>{ALTERNATES}\n</head></pre>"


def test_material_fixes_without_a_head_still_name_the_dialog():
    page = f"{ALTERNATES}\n{DIALOG}"
    fixed = material_fixes.on_post_page(page, None, config(extra={"ui": {"search_dialog": "Search"}}))
    assert fixed == f'{ALTERNATES}\n{DIALOG[:-1]} aria-label="Search">'


def test_material_fixes_apply_to_the_404_template_only():
    settings = config(extra={"ui": {"search_dialog": "Search"}})
    page = f"<head>\n{ALTERNATES}\n</head>{DIALOG}"
    assert material_fixes.on_post_template(page, "404.html", settings) == (
        f'<head>\n</head>{DIALOG[:-1]} aria-label="Search">'
    )
    assert material_fixes.on_post_template(page, "sitemap.xml", settings) == page


NOT_FOUND = "<head></head><h1>404 - Not found</h1><p>x</p><h1>404 - Not found</h1>"


def test_the_default_language_404_page_says_it_in_its_words_and_stays_at_the_root(tmp_path):
    settings = config(
        language="fr",
        site_dir=str(tmp_path / "site"),
        extra={"ui": {"not_found_title": "Page <introuvable>", "not_found": "Revenez à l'accueil & cherchez."}},
    )
    assert not_found_page.on_post_template(NOT_FOUND, "404.html", settings) == (
        "<head></head><h1>Page &lt;introuvable&gt;</h1>\n<p>Revenez à l&#x27;accueil &amp; cherchez.</p>"
        "<p>x</p><h1>404 - Not found</h1>"
    )
    assert not (tmp_path / "site").exists()


def test_another_language_writes_its_own_404_page_and_leaves_the_root_one(tmp_path):
    settings = config(language="en", site_dir=str(tmp_path / "site"), extra={"ui": {"not_found_title": "Not here"}})
    for _ in range(2):  # the folder exists the second time
        assert not_found_page.on_post_template(NOT_FOUND, "404.html", settings) == ""
        assert (tmp_path / "site" / "en" / "404.html").read_text(encoding="utf-8") == (
            "<head></head><h1>Not here</h1>\n<p></p><p>x</p><h1>404 - Not found</h1>"
        )


def test_the_404_hook_leaves_other_templates_and_a_missing_title_alone(tmp_path):
    settings = config(language="fr", site_dir=str(tmp_path), extra={"ui": {"not_found_title": "Introuvable"}})
    assert not_found_page.on_post_template(NOT_FOUND, "sitemap.xml", settings) == NOT_FOUND
    assert not_found_page.on_post_template(NOT_FOUND, "404.html", config(language="fr", site_dir="x")) == NOT_FOUND


def nav_page(src_uri: str, url: str) -> SimpleNamespace:
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), url=url)


def test_page_links_point_at_the_pages_of_the_language_built():
    nav = SimpleNamespace(
        pages=[
            nav_page("sources.md", "sources/"),
            nav_page("contact.md", "contact/"),
            nav_page("en/sources.md", "en/sources/"),
            nav_page("en/contact.md", ""),
        ]
    )
    page = SimpleNamespace(url="en/metastasis/")
    settings = config(language="en", extra={"offline_zip": "assets/offline.zip"})
    context = page_links.on_page_context({"other": 1}, page, settings, nav)
    assert context == {
        "other": 1,
        "page_links": {"sources": "../sources/", "contact": "../..", "offline_zip": "../../assets/offline.zip"},
    }


def test_page_links_leave_out_a_page_the_language_lacks():
    nav = SimpleNamespace(pages=[nav_page("contact.md", "contact/"), nav_page("en/sources.md", "en/sources/")])
    settings = config(language="fr", extra={"offline_zip": "assets/offline.zip"})
    context = page_links.on_page_context({}, SimpleNamespace(url=""), settings, nav)
    assert context == {"page_links": {"contact": "contact/", "offline_zip": "assets/offline.zip"}}

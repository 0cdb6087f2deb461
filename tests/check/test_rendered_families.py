"""The links family run alone on the rendered docs, and the pieces of sitetools.check.rendered it stands on.

test_rule_messages.py runs the whole check for each scenario of rule_messages.yml; here the links family
alone runs on the scenarios whose report holds a link rule and must give exactly its share of that report.
Rendering is the slow part of the check, so only those scenarios are rendered, and each test stays small
enough for a mutation run to try a mutant of links.py or rendered.py against these tests only.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.scenarios import (
    SCENARIOS,
    apply_edits,
    check_context,
)
from sitetools.check import links
from sitetools.check.rendered import Locator, body, raw_value, render_docs, renderer_for
from sitetools.check.rule import RULES
from sitetools.render import Element
from sitetools.sources import Doc

LINK_RULES = {rule_id for rule_id, rule in RULES.items() if rule.family == "links"}
WITH_LINKS = [s for s in SCENARIOS if any(line.split(": ")[1] in LINK_RULES for line in s["report"][:-1])]


def test_the_scenarios_with_links_are_there():
    assert [s["id"] for s in WITH_LINKS] == [
        "links-various",
        "links-in-fragment",
        "links-more",
        "links-to-headings-of-included-fragments",
    ]


@pytest.mark.parametrize("scenario", WITH_LINKS, ids=[scenario["id"] for scenario in WITH_LINKS])
def test_links_alone_give_their_share_of_the_report(tree, scenario):
    apply_edits(tree, scenario["edits"])
    expected = [line for line in scenario["report"][:-1] if line.split(": ")[1] in LINK_RULES]
    assert sorted(f.text("en") for f in links.run(check_context(tree))) == expected


def test_links_on_the_clean_base_find_nothing(tree):
    assert links.run(check_context(tree)) == []


def test_links_messages_in_french(tree):
    apply_edits(
        tree,
        [
            ("docs/_includes/en/metastasis/recovery.md", "APPEND", "\n[a](absent.md)\n"),
            ("docs/en/index.md", "APPEND", "\n[b](../fr/index.md) [c](/x.md)\n"),
        ],
    )
    assert sorted(f.text("fr") for f in links.run(check_context(tree))) == [
        "docs/_includes/en/metastasis/recovery.md:3: link-broken: le lien 'absent.md' mène à "
        "docs/en/metastasis/absent.md, qui n'existe pas (insérée dans docs/en/metastasis/after.md) "
        "(correction : faites pointer le lien vers une page existante de la même langue)",
        "docs/en/index.md:19: link-absolute: le lien '/x.md' est absolu (correction : utilisez un lien relatif "
        "vers le fichier .md)",
        "docs/en/index.md:19: link-language: le lien '../fr/index.md' quitte les pages 'en' pour 'fr' "
        "(correction : liez dans la même langue ; le bouton de langue mène à l'autre)",
    ]


def test_links_to_headings_of_nested_fragments_resolve_and_a_cycle_ends(tree):
    apply_edits(
        tree,
        [
            ("docs/_includes/en/metastasis/recovery.md", "APPEND", "\n{!en/metastasis/inner.md!}\n"),
            ("docs/_includes/en/metastasis/inner.md", None, "## Inner\n\n{!en/metastasis/recovery.md!}\n"),
            ("docs/en/metastasis/after.md", "APPEND", "\n[a](#inner) [b](#inner_1)\n"),
        ],
    )
    assert [f.text("en") for f in links.run(check_context(tree))] == [
        "docs/en/metastasis/after.md:21: link-anchor: link '#inner_1': no heading with anchor '#inner_1' in "
        "docs/en/metastasis/after.md (fix: use the slug of an existing heading of the target page)"
    ]


def test_a_glossary_is_not_read_for_links(tree):
    apply_edits(tree, [("docs/_glossary/en.md", "APPEND", "\n[x](absent.md) [y](/abs.md)\n")])
    assert links.run(check_context(tree)) == []


def test_links_the_html_family_judges_are_left_to_it(tree):
    """Images from another origin and javascript:, data: or file: links are the html family's findings."""
    apply_edits(
        tree,
        [
            (
                "docs/en/index.md",
                "APPEND",
                "\n![a](https://example.com/a.png) [b](javascript:alert(1)) [c](data:text/html,x) [d](file:///etc)\n",
            )
        ],
    )
    assert links.run(check_context(tree)) == []


def test_every_allowed_host_is_named_and_paths_are_unquoted(tree):
    apply_edits(
        tree,
        [
            ("facts.yml", "allowed_hosts: [doi.org]", "allowed_hosts: [doi.org, has-sante.fr]"),
            (
                "docs/en/index.md",
                "APPEND",
                "\n[a](https://www.has-sante.fr/x) [b](osteoporosis/index%2Emd) [c](https://example.com)\n"
                "\n![d](osteoporosis/absent.png)\n",
            ),
        ],
    )
    assert [f.text("en") for f in links.run(check_context(tree))] == [
        "docs/en/index.md:19: link-external: link to example.com is not allowed; allowed hosts: doi.org, "
        "has-sante.fr (fix: link only to hosts in allowed_hosts of facts.yml)",
        "docs/en/index.md:21: link-broken: image 'osteoporosis/absent.png' not found: expected "
        "docs/en/osteoporosis/absent.png (fix: point the link at an existing page of the same language)",
    ]


def test_anchors_are_every_id_of_the_built_page(tree):
    """Setext headings, headings in admonitions and HTML ids are link targets too; toc numbers repeats _1, _2."""
    apply_edits(
        tree,
        [
            (
                "docs/en/index.md",
                "APPEND",
                "\nSetext heading\n--------------\n\n!!! note\n    ## Inside note\n\n## Same\n\n## Same\n\n## Same\n"
                '\n<a id="top"></a>\n\n[a](#setext-heading) [b](#inside-note) [c](#top) [d](#same_2) [e](#same_3)\n',
            )
        ],
    )
    assert [f.text("en") for f in links.run(check_context(tree))] == [
        "docs/en/index.md:33: link-anchor: link '#same_3': no heading with anchor '#same_3' in docs/en/index.md "
        "(fix: use the slug of an existing heading of the target page)"
    ]


def test_a_heading_repeated_in_an_included_fragment_is_numbered_across_the_page(tree):
    """toc numbers ids over the whole built page: the fragment's two Medicines and the page's make three."""
    apply_edits(
        tree,
        [
            ("docs/_includes/en/metastasis/recovery.md", "APPEND", "\n## Medicines\n\n## Medicines\n"),
            (
                "docs/en/metastasis/after.md",
                "APPEND",
                "\n[a](#medicines) [b](#medicines_1) [c](#medicines_2) [d](#medicines_3) [e](#medicines_0)\n",
            ),
        ],
    )
    page = "docs/en/metastasis/after.md"
    fix = "(fix: use the slug of an existing heading of the target page)"
    assert [f.text("en") for f in links.run(check_context(tree))] == [
        f"{page}:21: link-anchor: link '#medicines_3': no heading with anchor '#medicines_3' in {page} {fix}",
        f"{page}:21: link-anchor: link '#medicines_0': no heading with anchor '#medicines_0' in {page} {fix}",
    ]


def test_each_link_is_found_on_its_line_by_what_the_source_shows(tree):
    """The line of a link: its value as written in the HTML, else as decoded, else its host name."""
    apply_edits(
        tree,
        [
            (
                "docs/en/index.md",
                "APPEND",
                "\nexample.com is named here\n\n<https://example.com/a&b> [c](https://example.net/a\\_b) "
                "[d](/\\evil.com) [e](http:x.md) [f](https:y.md)\n\n[g](absent&amp;x.md)\n",
            )
        ],
    )
    allowed = "allowed hosts: doi.org (fix: link only to hosts in allowed_hosts of facts.yml)"
    assert sorted(f.text("en") for f in links.run(check_context(tree))) == [
        f"docs/en/index.md:21: link-external: link to evil.com is not allowed; {allowed}",
        f"docs/en/index.md:21: link-external: link to example.com is not allowed; {allowed}",
        f"docs/en/index.md:21: link-external: link to example.net is not allowed; {allowed}",
        f"docs/en/index.md:21: link-external: link to http:x.md is not allowed; {allowed}",
        f"docs/en/index.md:21: link-external: link to https:y.md is not allowed; {allowed}",
        "docs/en/index.md:23: link-broken: link 'absent&x.md' points to docs/en/absent&x.md, which does not exist "
        "(fix: point the link at an existing page of the same language)",
    ]


# --- Locator: from what the HTML shows back to a source line ---------------------------------------------


def doc(text: str, kind: str = "page", body_start: int = 1) -> Doc:
    return Doc(
        root=Path("/nowhere"),
        path=Path("docs/en/x.md"),
        lang="en",
        kind=kind,
        tree_path="x.md",
        text=text,
        body_start=body_start,
    )


def test_locator_gives_the_nth_place_of_the_nth_ask():
    locator = Locator(doc("---\ntitle: T\n---\nA [x](A.md)\nnothing\nsee a.md and a.md\n", body_start=4))
    assert [locator.line("a.md") for _ in range(5)] == [4, 6, 6, 6, 6]
    assert locator.line("B.MD") == 4  # not found: the body's first line
    assert locator.line(None, "", "  ", "nothing") == 5


def test_locator_walks_the_places_of_a_needle_one_ask_at_a_time():
    assert [Locator(doc("x\nx\n")).line("x") for _ in range(1)] == [1]
    two = Locator(doc("x\nno\nx\n"))
    assert [two.line("x") for _ in range(3)] == [1, 3, 3]
    three = Locator(doc("x\nx\nx\n"))
    assert [three.line("x") for _ in range(4)] == [1, 2, 3, 3]


def test_locator_reads_only_the_first_line_of_a_needle_and_ignores_case():
    locator = Locator(doc("one\nTwo Words\nthree\n"))
    assert locator.line("  two words\nthree\n") == 2
    assert locator.line("absent", "THREE") == 3


def test_locator_of_a_fragment_counts_from_its_first_line():
    locator = Locator(doc("---\nnot front matter\n---\nhere\n", kind="fragment", body_start=4))
    assert locator.line("not front") == 2
    assert locator.line("missing") == 1


def test_locator_of_a_page_skips_the_front_matter():
    locator = Locator(doc("---\ntitle: here\n---\nbody here\n", body_start=4))
    assert locator.line("here") == 4
    assert locator.line("title") == 4


def test_body_of_a_page_starts_after_its_front_matter_and_a_fragment_is_whole():
    text = "---\ntitle: T\n---\nline 4\nline 5"
    assert body(doc(text, body_start=4)) == "line 4\nline 5"
    assert body(doc(text, kind="fragment", body_start=4)) == text


def element(start_tag: str) -> Element:
    return Element(tag="a", attrs=(), line=1, start_tag=start_tag)


@pytest.mark.parametrize(
    ("start_tag", "name", "expected"),
    [
        ('<a href="a&amp;b.md">', "href", "a&amp;b.md"),
        ("<a HREF = 'x.md'>", "href", "x.md"),
        ("<a href=x.md title=t>", "href", "x.md"),
        ('<a data-href="no" href="yes">', "href", "yes"),
        ('<a xhref="no">', "href", None),
        ('<a href="">', "href", ""),
        ('<img src="p.png" alt="">', "src", "p.png"),
        ("<a title='it\"s'>", "title", 'it"s'),
        ("<a>", "href", None),
    ],
)
def test_raw_value_is_the_attribute_as_written(start_tag, name, expected):
    assert raw_value(element(start_tag), name) == expected


# --- renderer_for: mkdocs.yml's Markdown set-up, without the include extension ---------------------------


def test_renderer_drops_the_include_extension_and_a_broken_one(tree):
    config = tree / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "markdown_extensions:\n", "markdown_extensions:\n  - no_such_extension\n  - admonition\n", 1
        ),
        encoding="utf-8",
    )
    renderer = renderer_for(tree)
    html = renderer.html('{!en/x.md!}\n\n!!! note "Title"\n    text\n\n## Head {: #h }\n', source="p.md")
    assert "{!en/x.md!}" in html
    assert '<div class="admonition note">' in html
    tags = [(e.tag, e.get("class")) for e in render_docs(renderer, doc("!!! note\n    x\n"))]
    assert ("div", "admonition note") in tags


def test_renderer_drops_the_include_extension_written_as_a_plain_name(tree):
    (tree / "mkdocs.yml").write_text(
        "site_name: Fixture\nmarkdown_extensions:\n  - markdown_include.include\n  - abbr\n", encoding="utf-8"
    )
    html = renderer_for(tree).html("{!en/x.md!} HTML\n\n*[HTML]: markup\n", source="p.md")
    assert html == '<p>{!en/x.md!} <abbr title="markup">HTML</abbr></p>'


def test_renderer_without_extensions_writes_plain_markdown(tree):
    (tree / "mkdocs.yml").write_text("site_name: Fixture\nmarkdown_extensions:\n", encoding="utf-8")
    assert renderer_for(tree).html("*[HTML]: markup\n\nHTML\n", source="p.md") == "<p>*[HTML]: markup</p>\n<p>HTML</p>"

"""The links family run alone on the rendered docs, and the pieces of sitetools.check.rendered it stands on.

test_rule_messages.py runs the whole check for each scenario of rule_messages.yml; here the links family
alone runs on the scenarios whose report holds a link rule and must give exactly its share of that report.
Rendering is the slow part of the check, so only those scenarios are rendered, and each test stays small
enough for a mutation run to try a mutant of links.py or rendered.py against these tests only.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from sitetools.check import links
from sitetools.check.rendered import Locator, body, raw_value, render_docs, renderer_for
from sitetools.check.rule import RULES
from sitetools.check.site import Context, Site
from sitetools.facts import load_registry
from sitetools.render import Element
from sitetools.sources import Doc, site_languages

HERE = Path(__file__).parent
BASE = HERE.parent / "content_check" / "base"
SCENARIOS = yaml.safe_load((HERE / "rule_messages.yml").read_text(encoding="utf-8"))
LINK_RULES = {rule_id for rule_id, rule in RULES.items() if rule.family == "links"}
WITH_LINKS = [s for s in SCENARIOS if any(line.split(": ")[1] in LINK_RULES for line in s["report"][:-1])]


def apply(root: Path, edits) -> None:
    for path, old, new in edits:
        file = root / path
        if old is None and new is None:
            file.unlink()
        elif old is None:
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(new, encoding="utf-8")
        elif old == "APPEND":
            file.write_text(file.read_text(encoding="utf-8") + new, encoding="utf-8")
        else:
            file.write_text(file.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def context(root: Path) -> Context:
    languages, default = site_languages(root)
    return Context(Site(root, languages, default), load_registry(root / "facts.yml", languages), dt.date(2026, 6, 1))


@pytest.fixture
def tree(tmp_path) -> Path:
    root = (tmp_path / "tree").resolve()
    shutil.copytree(BASE, root)
    return root


def test_the_scenarios_with_links_are_there():
    assert [s["id"] for s in WITH_LINKS] == ["links-various", "links-in-fragment", "links-more"]


@pytest.mark.parametrize("scenario", WITH_LINKS, ids=[scenario["id"] for scenario in WITH_LINKS])
def test_links_alone_give_their_share_of_the_report(tree, scenario):
    apply(tree, scenario["edits"])
    expected = [line for line in scenario["report"][:-1] if line.split(": ")[1] in LINK_RULES]
    assert sorted(f.text("en") for f in links.run(context(tree))) == expected


def test_links_on_the_clean_base_find_nothing(tree):
    assert links.run(context(tree)) == []


def test_links_messages_in_french(tree):
    apply(
        tree,
        [
            ("docs/_includes/en/metastasis/recovery.md", "APPEND", "\n[a](absent.md)\n"),
            ("docs/en/index.md", "APPEND", "\n[b](../fr/index.md) [c](/x.md)\n"),
        ],
    )
    assert sorted(f.text("fr") for f in links.run(context(tree))) == [
        "docs/_includes/en/metastasis/recovery.md:3: link-broken: le lien 'absent.md' mène à "
        "docs/en/metastasis/absent.md, qui n'existe pas (insérée dans docs/en/metastasis/after.md) "
        "(correction : faites pointer le lien vers une page existante de la même langue)",
        "docs/en/index.md:19: link-absolute: le lien '/x.md' est absolu (correction : utilisez un lien relatif "
        "vers le fichier .md)",
        "docs/en/index.md:19: link-language: le lien '../fr/index.md' quitte les pages 'en' pour 'fr' "
        "(correction : liez dans la même langue ; le bouton de langue mène à l'autre)",
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

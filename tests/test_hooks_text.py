"""The hooks that add to a page's text, called directly: glossary and leaflets."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from helpers.hooks import config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from sitetools.hooks import glossary, leaflets

GLOSSARY = """<!-- one word a line;
*[not]: a definition inside a comment -->
*[vertèbre]: Un os du dos.

*[biopsy]:   A small sample.\t
*[day]: Twenty-four hours.
*[os]: Bone.
*[IRM]: Imagerie.
*[cell]: One.
*[cells]: Many.
"""


def test_the_glossary_adds_capitals_and_regular_plurals_and_a_listed_form_wins(tmp_path):
    (tmp_path / "docs" / "_glossary").mkdir(parents=True)
    (tmp_path / "docs" / "_glossary" / "en.md").write_text(GLOSSARY, encoding="utf-8")
    settings = config(language="en", docs_dir=str(tmp_path / "docs"), mdx_configs={"abbr": {"other": 1}})
    assert glossary.on_page_markdown("text", None, settings, None) == "text"
    assert settings.mdx_configs["abbr"] == {
        "other": 1,
        "glossary": {
            "vertèbre": "Un os du dos.",
            "vertèbres": "Un os du dos.",
            "Vertèbre": "Un os du dos.",
            "Vertèbres": "Un os du dos.",
            "biopsy": "A small sample.",
            "biopsies": "A small sample.",
            "Biopsy": "A small sample.",
            "Biopsies": "A small sample.",
            "day": "Twenty-four hours.",
            "days": "Twenty-four hours.",
            "Day": "Twenty-four hours.",
            "Days": "Twenty-four hours.",
            "os": "Bone.",
            "Os": "Bone.",
            "IRM": "Imagerie.",
            "cell": "One.",
            "cells": "Many.",
            "Cell": "One.",
            "Cells": "One.",
        },
    }


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("box", ["box", "Box"]),
        ("quiz", ["quiz", "Quiz"]),
        ("key", ["key", "keys", "Key", "Keys"]),
        ("spy", ["spy", "spies", "Spy", "Spies"]),
        ("y", ["y", "ys", "Y", "Ys"]),  # no letter before the y: not a consonant
        ("CT", ["CT"]),
        ("pH", ["pH"]),
    ],
)
def test_glossary_forms(word, forms):
    assert glossary._forms(word) == forms


def test_a_language_without_a_glossary_gets_none(tmp_path):
    settings = config(language="fr", docs_dir=str(tmp_path), mdx_configs={})
    glossary.on_page_markdown("text", None, settings, None)
    assert settings.mdx_configs == {"abbr": {"glossary": {}}}


def test_a_glossary_line_that_is_not_a_definition_stops_the_build(tmp_path):
    path = tmp_path / "fr.md"
    long_line = "x" * 70
    path.write_text(f"*[a]: b\n\n  {long_line}  \n", encoding="utf-8")
    with pytest.raises(PluginError) as error:
        glossary._definitions(path, 1)
    assert str(error.value) == f"{path}:3: expected '*[word]: definition', found {'x' * 60!r}"
    path.write_text("*[a]: b\n*[c]:\n", encoding="utf-8")
    with pytest.raises(PluginError, match=r":2: expected '\*\[word\]: definition', found '\*\[c\]:'$"):
        glossary._definitions(path, 2)


def test_a_changed_glossary_is_read_again(tmp_path):
    path = tmp_path / "fr.md"
    path.write_text("*[IRM]: A.\n", encoding="utf-8")
    assert glossary._definitions(path, 1) == {"IRM": "A."}
    path.write_text("*[IRM]: B.\n", encoding="utf-8")
    assert glossary._definitions(path, 1) == {"IRM": "A."}  # same version: read once
    assert glossary._definitions(path, 2) == {"IRM": "B."}


def test_each_page_gets_the_glossary_as_it_is_now(tmp_path):
    path = tmp_path / "_glossary" / "fr.md"
    path.parent.mkdir()
    path.write_text("*[IRM]: A.\n", encoding="utf-8")
    settings = config(language="fr", docs_dir=str(tmp_path), mdx_configs={})
    glossary.on_page_markdown("text", None, settings, None)
    assert settings.mdx_configs == {"abbr": {"glossary": {"IRM": "A."}}}
    path.write_text("*[IRM]: Bb.\n", encoding="utf-8")  # mkdocs serve rebuilds after an edit
    glossary.on_page_markdown("text", None, settings, None)
    assert settings.mdx_configs == {"abbr": {"glossary": {"IRM": "Bb."}}}


def test_only_the_first_use_of_a_definition_keeps_it_and_headings_keep_none():
    html = (
        '<h2 id="x">The <abbr title="Image">MRI</abbr> and <abbr title="Bone">os</abbr></h2>\n'
        '<p><abbr title="Image">MRI</abbr>, <abbr title="Image">MRIs</abbr>, <abbr title="Bone">Os</abbr>.</p>\n'
        '<H3>no abbr</H3><p><abbr title="Image">MRI\nscan</abbr> <abbr title="Other">MRI</abbr></p>'
    )
    assert glossary.on_page_content(html, None, None, None) == (
        '<h2 id="x">The MRI and os</h2>\n'
        '<p><abbr title="Image">MRI</abbr>, MRIs, <abbr title="Bone">Os</abbr>.</p>\n'
        '<H3>no abbr</H3><p>MRI\nscan <abbr title="Other">MRI</abbr></p>'
    )


# Leaflets: a section in docs/fr/care/ with three pages and a sources page beside the section.
INTRO = """---
leaflet: [before.md, after.md]
last_reviewed: 2025-03-01
next_review: 2026-03-01
sources: [a]
---
# Leaflet

Print me.
"""
BEFORE = """\ufeff---
last_reviewed: 2024-01-15
next_review: 2026-06-01
sources: [b, a]
---
# Before

## Steps

[Sources](../sources.md#cirse "The guideline") and [after](after.md) and [here](#steps).
[Gone](missing.md) [Web](https://example.org/x) [Root](/abs/) ![Image](img.png) [Anchor only](after.md#care).
[Folder](./) [Escaped](after.md "a <b> & 'c'")

```text
# not a heading
```
~~~
## not either
~~~
#hashtag stays, ###### six stays
"""
AFTER = """---
last_reviewed: not a date
next_review: 2025-12-31
sources: [c]
---
# After
"""


def leaflet_site(tmp_path, intro: str = INTRO):
    docs = tmp_path / "docs"
    care = docs / "fr" / "care"
    care.mkdir(parents=True)
    for name, text in {"index.md": intro, "before.md": BEFORE, "after.md": AFTER}.items():
        (care / name).write_text(text, encoding="utf-8")
    (docs / "fr" / "sources.md").write_text("# Sources\n", encoding="utf-8")
    uris = ["fr/care/index.md", "fr/care/before.md", "fr/care/after.md", "fr/sources.md"]
    files = Files([File(uri, str(docs), str(tmp_path / "site"), use_directory_urls=True) for uri in uris])
    leaflet_file = files.get_file_from_path("fr/care/index.md")
    from mkdocs.utils.meta import get_data

    markdown, meta = get_data(intro)
    page = SimpleNamespace(meta=meta, file=leaflet_file, url=leaflet_file.url)
    return markdown, page, config(docs_dir=str(docs)), files


def test_a_leaflet_gathers_its_pages_with_links_headings_and_oldest_dates(tmp_path):
    markdown, page, settings, files = leaflet_site(tmp_path)
    assert leaflets.on_page_markdown(markdown, page, settings, files) == (
        "# Leaflet\n\nPrint me.\n\n"
        "## Before\n\n### Steps\n\n"
        '<a href="../sources/#cirse" title="The guideline">Sources</a> and <a href="after/">after</a>'
        ' and <a href="before/#steps">here</a>.\n'
        'Gone [Web](https://example.org/x) [Root](/abs/) ![Image](img.png) <a href="after/#care">Anchor only</a>.\n'
        'Folder <a href="after/" title="a &lt;b&gt; &amp; &#x27;c&#x27;">Escaped</a>\n\n'
        "```text\n# not a heading\n```\n~~~\n## not either\n~~~\n"
        "#hashtag stays, ###### six stays\n\n"
        "## After\n"
    )
    assert page.meta == {
        "leaflet": ["before.md", "after.md"],
        "last_reviewed": dt.date(2024, 1, 15),
        "next_review": dt.date(2025, 12, 31),
        "sources": ["a", "b", "c"],
    }


def test_a_page_without_a_leaflet_list_is_left_alone(tmp_path):
    page = SimpleNamespace(meta={"leaflet": []})
    assert leaflets.on_page_markdown("# T\n", page, None, None) == "# T\n"
    assert leaflets.on_page_markdown("# T\n", SimpleNamespace(meta={}), None, None) == "# T\n"


def test_a_leaflet_of_pages_without_dates_or_sources_gets_an_empty_source_list(tmp_path):
    meta = {"leaflet": ["x.md"]}
    leaflets._merge_review(meta, [meta, {"sources": None}])
    assert meta == {"leaflet": ["x.md"], "sources": []}


@pytest.mark.parametrize(
    ("leaflet", "message"),
    [
        (
            "before.md",
            "docs/fr/care/index.md: leaflet: expected a list of sibling pages such as [index.md, before.md]",
        ),
        (
            "[before.md, 3]",
            "docs/fr/care/index.md: leaflet: expected a list of sibling pages such as [index.md, before.md]",
        ),
        ("[nope.md]", "docs/fr/care/index.md: leaflet: page 'nope.md' not found; expected a file at {care}/nope.md"),
        (
            "[../sources.md]",
            "docs/fr/care/index.md: leaflet: page '../sources.md' not found; expected a file at {care}/../sources.md",
        ),
        ("[.]", "docs/fr/care/index.md: leaflet: page '.' not found; expected a file at {care}"),
    ],
)
def test_a_bad_leaflet_list_stops_the_build_naming_the_page(tmp_path, leaflet, message):
    markdown, page, settings, files = leaflet_site(tmp_path, INTRO.replace("[before.md, after.md]", leaflet))
    with pytest.raises(PluginError) as error:
        leaflets.on_page_markdown(markdown, page, settings, files)
    assert str(error.value) == message.format(care=tmp_path / "docs" / "fr" / "care")

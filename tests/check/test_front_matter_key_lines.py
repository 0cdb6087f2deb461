"""A front-matter key that YAML reads as another value (`yes:` is True) is reported at its own line, not line 1."""

from pathlib import Path

from sitetools.sources import Doc, parse_front_matter


def _page(front_matter: str) -> Doc:
    text = f"---\n{front_matter}---\n\n# Title\n"
    doc = Doc(Path("."), Path("docs/en/x.md"), "en", "page", "x.md", text)
    parse_front_matter(doc)
    return doc


def test_a_key_yaml_reads_as_true_keeps_its_line():
    doc = _page("title: A page\nyes: <b>x</b>\n")
    assert doc.meta == {"title": "A page", True: "<b>x</b>"}
    assert doc.meta_lines == {"title": 2, "yes": 3, "True": 3}


def test_a_plain_key_is_listed_once():
    doc = _page("title: A page\nscope: both\n")
    assert doc.meta_lines == {"title": 2, "scope": 3}

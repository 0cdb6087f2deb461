"""sitetools.hooks.fragments called directly: the safe include takes markdown-include's place, and docs/ is
read for bad includes and cycles before any page is rendered."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers.hooks import config
from mkdocs.exceptions import PluginError
from sitetools.hooks import fragments
from sitetools.render import SafeIncludeExtension

INCLUDE = "markdown_include.include"


def project(tmp_path, pages: dict[str, str]):
    """A project folder with docs/ holding ``pages`` (paths inside docs/) and a config naming them."""
    for name, text in pages.items():
        path = tmp_path / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    return config(
        config_file_path=str(tmp_path / "mkdocs.yml"),
        docs_dir=str(tmp_path / "docs"),
        markdown_extensions=["toc", INCLUDE, "abbr"],
        mdx_configs={INCLUDE: {"base_path": str(tmp_path / "docs" / "_includes")}, "toc": {"permalink": True}},
    )


GOOD = {"fr/page.md": "# P\n\n{!fr/a.md!}\n", "_includes/fr/a.md": "A {!fr/b.md!}\n", "_includes/fr/b.md": "B\n"}


def test_the_safe_include_takes_markdown_include_s_place_with_its_settings(tmp_path):
    settings = project(tmp_path, GOOD)
    assert fragments.on_config(settings) is settings
    extension = settings.markdown_extensions[1]
    assert isinstance(extension, SafeIncludeExtension)
    assert settings.markdown_extensions[0::2] == ["toc", "abbr"]
    assert settings.mdx_configs == {"toc": {"permalink": True}}
    assert extension.getConfig("base_path") == str(tmp_path / "docs" / "_includes")
    assert extension.project_root == tmp_path.resolve()
    assert extension.raise_as is PluginError

    page = SimpleNamespace(file=SimpleNamespace(src_uri="fr/page.md", content_string="# P\n\n{!fr/a.md!}\n"))
    assert fragments.on_page_markdown("text", page, settings, None) == "text"
    assert (extension.source, extension.source_text) == ("docs/fr/page.md", "# P\n\n{!fr/a.md!}\n")

    # The next language pass keeps the extension and forgets the fragments it accepted.
    extension.resolved["x"] = tmp_path
    assert fragments.on_config(settings) is settings
    assert settings.markdown_extensions[1] is extension
    assert extension.resolved == {}


def test_docs_outside_the_project_are_named_by_their_full_path(tmp_path):
    settings = project(tmp_path / "docs-here", GOOD)
    settings.config_file_path = str(tmp_path / "elsewhere" / "mkdocs.yml")
    fragments.on_config(settings)
    page = SimpleNamespace(file=SimpleNamespace(src_uri="fr/page.md", content_string=""))
    fragments.on_page_markdown("", page, settings, None)
    assert settings.markdown_extensions[1].source == f"{(tmp_path / 'docs-here' / 'docs').as_posix()}/fr/page.md"


def test_without_markdown_include_the_config_is_left_alone(tmp_path):
    settings = project(tmp_path, {"fr/page.md": "{!../../etc/passwd!}\n"})
    settings.markdown_extensions = ["toc"]
    assert fragments.on_config(settings) is settings
    assert settings.markdown_extensions == ["toc"]


def test_the_tree_is_checked_once_per_build_not_once_per_language(tmp_path, monkeypatch):
    settings = project(tmp_path, GOOD)
    calls = []
    monkeypatch.setattr(fragments, "check_tree", lambda *args: calls.append(args))
    fragments.on_config(settings)
    fragments.on_config(settings)
    includes = tmp_path / "docs" / "_includes"
    assert calls == [(tmp_path / "docs", includes, tmp_path.resolve())]
    (tmp_path / "docs" / "fr" / "new.md").write_text("# N\n", encoding="utf-8")
    fragments.on_config(settings)
    assert len(calls) == 2


@pytest.mark.parametrize(
    ("pages", "message"),
    [
        (
            {"fr/page.md": "# P\n\nText {!../secret.md!} and more\n"},
            "docs/fr/page.md:3: include: expected a fragment path inside docs/_includes/ such as "
            "fr/metastasis/pain.md, found '../secret.md', which climbs out with '..'",
        ),
        (
            {"fr/page.md": "# P\n", "_includes/fr/a.md": "x\n{!fr/gone.md!}\n"},
            "docs/_includes/fr/a.md:2: include: fragment 'fr/gone.md' not found; "
            "expected a file at docs/_includes/fr/gone.md",
        ),
        (
            {"fr/page.md": "# P\n" + "x" * 2001 + "\n"},
            "docs/fr/page.md:2: line-length: expected lines of at most 2000 characters, found one of 2001; "
            "break it into shorter lines",
        ),
        (
            {
                "fr/page.md": "{!fr/a.md!}\n",
                "_includes/fr/a.md": "A\n{!fr/b.md!}\n",
                "_includes/fr/b.md": "B\n\n{!fr/a.md!}\n",
            },
            "docs/_includes/fr/b.md:3: include: include cycle docs/_includes/fr/a.md → docs/_includes/fr/b.md → "
            "docs/_includes/fr/a.md; a fragment must not include itself",
        ),
        (
            {"_includes/fr/self.md": "{!fr/self.md!}\n"},
            "docs/_includes/fr/self.md:1: include: include cycle docs/_includes/fr/self.md → "
            "docs/_includes/fr/self.md; a fragment must not include itself",
        ),
    ],
)
def test_a_bad_include_stops_the_build_naming_file_and_line(tmp_path, pages, message):
    settings = project(tmp_path, pages)
    with pytest.raises(PluginError) as error:
        fragments.on_config(settings)
    assert str(error.value) == message


def test_shared_fragments_are_not_a_cycle_and_links_or_other_files_are_not_read(tmp_path):
    pages = {
        "fr/one.md": "{!fr/a.md!}\n{!fr/b.md!}\n",
        "fr/two.md": "{!fr/b.md!}\n",
        "_includes/fr/a.md": "{!fr/b.md!}\n",
        "_includes/fr/b.md": "B\n",
        "fr/notes.txt": "{!../../etc/passwd!}\n",
    }
    settings = project(tmp_path, pages)
    (tmp_path / "docs" / "fr" / "link.md").symlink_to(tmp_path / "docs" / "fr" / "notes.txt")
    assert fragments.on_config(settings) is settings
    docs = tmp_path / "docs"
    assert fragments._markdown_files(docs) == [
        docs / "_includes/fr/a.md",
        docs / "_includes/fr/b.md",
        docs / "fr/one.md",
        docs / "fr/two.md",
    ]


def test_markdown_include_without_settings_reads_from_the_project_folder(tmp_path):
    settings = project(tmp_path, {"fr/page.md": "# P\n"})
    settings.mdx_configs = {}
    assert fragments.on_config(settings) is settings
    assert settings.markdown_extensions[1].getConfig("base_path") == "."


def test_fragments_kept_outside_docs_are_named_from_their_own_folder(tmp_path):
    settings = project(tmp_path, {"fr/page.md": "{!fr/a.md!}\n"})
    shared = tmp_path / "shared"
    (shared / "fr").mkdir(parents=True)
    (shared / "fr" / "a.md").write_text("{!fr/b.md!}\n", encoding="utf-8")
    (shared / "fr" / "b.md").write_text("B\n", encoding="utf-8")
    settings.mdx_configs = {INCLUDE: {"base_path": str(shared)}}
    assert fragments.on_config(settings) is settings  # the fragments are not in docs/: no cycle to follow
    (tmp_path / "docs" / "fr" / "page.md").write_text("{!fr/c.md!}\n", encoding="utf-8")
    with pytest.raises(PluginError) as error:
        fragments.on_config(settings)
    assert str(error.value) == (
        "docs/fr/page.md:1: include: fragment 'fr/c.md' not found; expected a file at shared/fr/c.md"
    )


def test_labels_are_relative_to_the_project_as_written(tmp_path, monkeypatch):
    (tmp_path / "real" / "docs").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "real")
    monkeypatch.chdir(tmp_path / "real")
    root = (tmp_path / "real").resolve()
    assert fragments._label(Path("docs/../docs/x.md"), root) == "docs/x.md"
    assert fragments._label(tmp_path / "link" / "docs" / "x.md", root) == f"{(tmp_path / 'link').as_posix()}/docs/x.md"


def test_cycle_search_returns_the_chain_with_include_lines(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    graph = {a: [(c, 1), (b, 4)], b: [(c, 2)], c: [(b, 7)]}
    assert fragments._cycle_from(a, graph, [], set()) == [(c, 7), (b, 2), (c, 0)]
    done = set()
    assert fragments._cycle_from(c, {c: [(b, 1)], b: []}, [], done) is None
    assert done == {b, c}
    assert fragments._cycle_from(a, {a: [(b, 1)]}, [], {b}) is None
    assert fragments._cycle_from(a, {a: [(b, 1)]}, [], set()) is None  # b is a fragment outside docs/

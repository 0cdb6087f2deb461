"""sitetools.hooks.i18n and .trees, and the shims in overrides/hooks/ that MkDocs loads by path."""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from pathlib import Path

import pytest
from helpers.hooks import Config, config, i18n, offline_plugin
from sitetools.hooks import i18n as passes
from sitetools.hooks.trees import tree_signature

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / "overrides" / "hooks"
# Hooks still written in overrides/hooks/ (another piece of work owns them), and the import helpers.
NOT_SHIMS = {"search_per_language", "_search_index", "_sitetools", "_i18n"}


def test_languages_come_from_the_i18n_plugin_else_from_the_theme():
    english = config(language="en")
    assert (passes.current_language(english), passes.default_language(english)) == ("en", "fr")
    other_theme = Config(plugins={"i18n": i18n(current="en", default="fr")}, theme=Config(language="de"))
    assert (passes.current_language(other_theme), passes.default_language(other_theme)) == ("en", "fr")
    plain = Config(plugins={}, theme=Config(language="de"))
    assert (passes.current_language(plain), passes.default_language(plain)) == ("de", "de")
    assert passes.i18n_plugin(english) is english.plugins["i18n"]


@pytest.mark.parametrize(
    ("plugins", "prefix"),
    [({"i18n": i18n(current="en")}, "en/"), ({"i18n": i18n(current="fr")}, ""), ({}, "")],
)
def test_language_prefix(plugins, prefix):
    assert passes.language_prefix(Config(plugins=plugins, theme=Config(language="fr"))) == prefix


@pytest.mark.parametrize(
    ("plugins", "final"),
    [({}, True), ({"i18n": i18n(building=True)}, False), ({"i18n": i18n(building=False)}, True)],
)
def test_is_final_pass(plugins, final):
    assert passes.is_final_pass(Config(plugins=plugins)) is final


@pytest.mark.parametrize(
    ("plugins", "offline"),
    [
        ({}, False),
        ({"material/offline": offline_plugin(True)}, True),
        ({"material/offline": offline_plugin(False)}, False),
    ],
)
def test_is_offline(plugins, offline):
    assert passes.is_offline(Config(plugins=plugins)) is offline


def test_tree_signature_names_every_entry_without_following_links(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    (first / "sub").mkdir(parents=True)
    (first / "sub" / "page.md").write_text("12345", encoding="utf-8")
    second.mkdir()
    (second / "link.md").symlink_to(first / "sub" / "page.md")

    def entry(path: Path) -> tuple:
        status = os.lstat(path)
        return (str(path.parent), path.name, status.st_mode, status.st_size, status.st_mtime_ns)

    signature = tree_signature(first, second)
    assert signature == (
        entry(first / "sub"),
        entry(first / "sub" / "page.md"),
        entry(second / "link.md"),
    )
    assert signature[2][3] == len(str(first / "sub" / "page.md"))  # the link itself, not the page it names
    assert tree_signature(first, second) == signature
    (first / "sub" / "page.md").write_text("123456", encoding="utf-8")
    assert tree_signature(first, second) != signature
    assert tree_signature() == ()


def load_like_mkdocs(path: Path):
    """What MkDocs does with a `hooks:` entry: import the file by path, its folder first on sys.path."""
    spec = importlib.util.spec_from_file_location(f"shim_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    old_path = sys.path.copy()
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = old_path
    return module


SHIMS = sorted(path.stem for path in HOOKS.glob("*.py") if path.stem not in NOT_SHIMS)


def test_every_listed_hook_is_a_shim_or_named_as_not_one():
    listed = [line.strip()[2:] for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()]
    hooks = sorted(Path(entry).stem for entry in listed if entry.startswith("overrides/hooks/"))
    assert sorted([*SHIMS, "search_per_language"]) == hooks
    package = Path(importlib.import_module("sitetools.hooks").__file__).parent  # scripts/, or the mutation copy
    modules = sorted(path.stem for path in package.glob("*.py"))
    assert modules == sorted([*SHIMS, "__init__", "i18n", "trees"])


@pytest.mark.parametrize("name", SHIMS)
def test_each_shim_hands_mkdocs_the_events_of_its_sitetools_module(name):
    shim = load_like_mkdocs(HOOKS / f"{name}.py")
    module = importlib.import_module(f"sitetools.hooks.{name}")
    events = sorted(attribute for attribute in dir(module) if attribute.startswith("on_"))
    assert events, f"sitetools.hooks.{name} has no MkDocs event"
    assert sorted(attribute for attribute in dir(shim) if attribute.startswith("on_")) == events
    for event in events:
        assert getattr(shim, event) is getattr(module, event)


def test_the_i18n_shim_keeps_the_helpers_the_search_hook_imports():
    shim = load_like_mkdocs(HOOKS / "_i18n.py")
    for name in (
        "current_language",
        "default_language",
        "i18n_plugin",
        "is_final_pass",
        "is_offline",
        "language_prefix",
    ):
        assert getattr(shim, name) is getattr(passes, name)


def test_event_priorities_survive_the_move():
    priorities = {}
    for name in SHIMS:
        module = importlib.import_module(f"sitetools.hooks.{name}")
        for event in (attribute for attribute in dir(module) if attribute.startswith("on_")):
            priority = getattr(getattr(module, event), "mkdocs_priority", None)
            if priority is not None:
                priorities[f"{name}.{event}"] = priority
    assert priorities == {
        "content_policy.on_config": 110,
        "content_policy.on_page_markdown": 100,
        "content_policy.on_page_content": -100,
        "csp.on_post_page": -1000,
        "csp.on_post_template": 100,
        "fragments.on_config": 100,
        "fragments.on_page_markdown": -100,
        "offline.on_config": 100,
    }

"""The check's one-edit scenarios (tests/check/rule_messages.yml) and the base tree they edit.

A pytest plugin (tests/conftest.py lists it), so its `tree` fixture reaches the tests.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from sitetools.check.site import Context, Site
from sitetools.facts import load_registry
from sitetools.sources import site_languages

TESTS = Path(__file__).resolve().parent.parent
BASE = TESTS / "content_check" / "base"
SCENARIOS = yaml.safe_load((TESTS / "check" / "rule_messages.yml").read_text(encoding="utf-8"))
SCENARIO_IDS = [scenario["id"] for scenario in SCENARIOS]
TODAY = dt.date(2026, 6, 1)  # the scenarios' reports are as of this day


def apply_edits(root: Path, edits) -> None:
    """Apply a scenario's edits: [path, None, None] deletes, [path, None, text] creates,
    [path, "APPEND", text] appends, [path, old, new] replaces the first old (which must be there)."""
    for path, old, new in edits:
        file = root / path
        if old is None and new is None:
            file.unlink()
            continue
        if old is None:
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(new, encoding="utf-8")
            continue
        text = file.read_text(encoding="utf-8")
        if old == "APPEND":
            file.write_text(text + new, encoding="utf-8")
            continue
        assert old in text, (path, old)
        file.write_text(text.replace(old, new, 1), encoding="utf-8")


def check_context(root: Path) -> Context:
    """What the check's rule families run on: the tree, its registry, and TODAY."""
    languages, default = site_languages(root)
    return Context(Site(root, languages, default), load_registry(root / "facts.yml", languages), TODAY)


@pytest.fixture
def tree(tmp_path) -> Path:
    """A fresh copy of the base tree (a test file with a `tree` fixture of its own uses that one instead)."""
    root = (tmp_path / "tree").resolve()
    shutil.copytree(BASE, root)
    return root

"""A tested way forward past MkDocs 1.x: ProperDocs (its maintained continuation, pinned in requirements-test.txt)
builds this site, hooks and i18n included, into the same files as MkDocs, apart from the generator tag."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sitetools.build import QUIET

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = re.compile(r'[ \t]*<meta name="generator" content="[^"]*">\n?')
MAIN = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("properdocs-site")
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env={**os.environ, **QUIET},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return site


def files_of(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file())


def test_properdocs_is_the_pinned_continuation_of_mkdocs_1():
    from importlib.metadata import version

    assert version("properdocs") == "1.6.7"
    assert version("mkdocs").startswith("1.")


def test_same_files(built_site, properdocs_site):
    assert files_of(properdocs_site) == files_of(built_site)
    assert len(files_of(built_site)) >= 80


def test_same_main_content_of_every_page(built_site, properdocs_site):
    pages = [name for name in files_of(built_site) if name.endswith(".html")]
    differing = []
    for page in pages:
        mkdocs_html = (built_site / page).read_text(encoding="utf-8")
        properdocs_html = (properdocs_site / page).read_text(encoding="utf-8")
        assert MAIN.findall(mkdocs_html) == MAIN.findall(properdocs_html), page
        if GENERATOR.sub("", mkdocs_html) != GENERATOR.sub("", properdocs_html):
            differing.append(page)
    assert differing == [], "pages that differ beyond the generator tag"
    assert sum(bool(MAIN.search((built_site / page).read_text(encoding="utf-8"))) for page in pages) >= 30


def test_same_search_entries(built_site, properdocs_site):
    indexes = [name for name in files_of(built_site) if name.endswith("search_index.json")]
    assert indexes == ["en/search/search_index.json", "search/search_index.json"]
    for index in indexes:
        mkdocs_docs = json.loads((built_site / index).read_text(encoding="utf-8"))["docs"]
        properdocs_docs = json.loads((properdocs_site / index).read_text(encoding="utf-8"))["docs"]
        assert len(mkdocs_docs) > 30
        assert properdocs_docs == mkdocs_docs, index


def test_every_other_file_is_byte_identical(built_site, properdocs_site):
    others = [name for name in files_of(built_site) if not name.endswith(".html")]
    assert [name for name in others if (built_site / name).read_bytes() != (properdocs_site / name).read_bytes()] == []

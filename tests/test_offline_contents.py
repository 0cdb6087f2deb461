"""The offline zip's exact file list: every page, the assets they use, and only the lunr files search needs.

The README promises what is left out: sitemaps, 404 pages, source maps, search_index.json, and the lunr
languages other than French. Material ships 36 lunr files; the French and English search indexes need two
of them (English needs no language script, French needs its own and the stemmer support). A zip that keeps
them all still works, so only its file list shows the difference.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT

TOP = "cimentoplastie-hors-ligne/"
LUNR = "assets/javascripts/lunr/"
FINGERPRINT = re.compile(r"\.[0-9a-f]{8}(?=(?:\.min)?\.(?:js|css)$)")
# Every file but the pages, with fingerprints (Material's bundle.a5f9d56c.min.js, our patient.6987d664.css)
# written as .HASH.
NOT_PAGES = [
    "LISEZ-MOI - READ ME.txt",
    "assets/images/favicon.png",
    "assets/images/favicon.svg",
    "assets/images/logo.svg",
    "assets/javascripts/bundle.HASH.min.js",
    "assets/javascripts/lunr/min/lunr.fr.min.js",
    "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
    "assets/javascripts/search-on-use.HASH.js",
    "assets/javascripts/vendor/iframe-worker/LICENSE",
    "assets/javascripts/vendor/iframe-worker/shim.js",
    "assets/javascripts/workers/search.HASH.min.js",
    "assets/stylesheets/main.HASH.min.css",
    "assets/stylesheets/palette.HASH.min.css",
    "assets/stylesheets/patient.HASH.css",
    "assets/stylesheets/print.HASH.css",
    "en/search/search_index.js",
    "search/search_index.js",
]
SUMMARY = re.compile(r"^(?P<path>\S+): (?P<size>\d+) bytes \([\d.]+ [KM]B\), (?P<files>\d+) files, site built in ")


def source_pages() -> list[str]:
    """The page each Markdown file of docs/fr and docs/en becomes offline: French at the root, English under en/,
    and `after.md` as `after.html` (offline builds use no directory URLs, which need a server)."""
    pages = []
    for lang in ("fr", "en"):
        for source in (ROOT / "docs" / lang).rglob("*.md"):
            relative = source.relative_to(ROOT / "docs" / lang).with_suffix(".html").as_posix()
            pages.append(relative if lang == "fr" else f"en/{relative}")
    return sorted(pages)


@pytest.fixture(scope="module")
def offline_zip(tmp_path_factory):
    """(file names in the zip without the top folder, the CLI's summary line), from one run of the CLI."""
    output = tmp_path_factory.mktemp("offline-contents") / "offline.zip"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_offline_zip.py"), "--lang", "en", "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with zipfile.ZipFile(output) as archive:
        names = [name for name in archive.namelist() if not name.endswith("/")]
        indexes = {
            name: json.loads(archive.read(name).decode("utf-8").split("=", 1)[1].strip().rstrip(";"))
            for name in names
            if name.endswith("search/search_index.js")
        }
    assert all(name.startswith(TOP) for name in names)
    return [name.removeprefix(TOP) for name in names], result.stdout.strip(), indexes


def test_zip_keeps_only_the_lunr_files_of_the_site_languages(offline_zip):
    names, _, indexes = offline_zip
    languages = {name.removeprefix(TOP): index["config"]["lang"] for name, index in indexes.items()}
    # One index per language, one language each: lunr.multi is not needed, nor any language but French.
    assert languages == {"search/search_index.js": ["fr"], "en/search/search_index.js": ["en"]}
    assert [name for name in names if name.startswith(LUNR)] == [
        "assets/javascripts/lunr/min/lunr.fr.min.js",
        "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
    ]


def test_zip_holds_every_page_and_exactly_these_other_files(offline_zip):
    names, summary, _ = offline_zip
    pages = [name for name in names if name.endswith(".html") and not name.startswith("assets/")]
    others = sorted(FINGERPRINT.sub(".HASH", name) for name in names if name not in pages)
    assert pages == source_pages()
    assert others == NOT_PAGES
    match = SUMMARY.match(summary)
    assert match, summary
    assert int(match["files"]) == len(names) == len(source_pages()) + len(NOT_PAGES)


def test_readme_states_the_zip_page_and_file_counts(offline_zip):
    names, _, _ = offline_zip
    offline_section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Offline copy", 1)[1].split("\n## ")[0]
    stated = re.search(r"for (?P<pages>\d+) pages, (?P<files>\d+) files", offline_section)
    assert stated, "README.md, 'Offline copy': expected 'for N pages, M files'"
    assert (int(stated["pages"]), int(stated["files"])) == (len(source_pages()), len(names))

"""What gets deployed: cache-safe names for the project's CSS and JS, no dead link in a plain build or in the
published layout, and the offline link only where the zip is published beside the pages."""

from __future__ import annotations

import gzip
import hashlib
import io
import posixpath
import re
import shutil
import uuid
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import boto3
from conftest import mkdocs_build
from sitetools.local_s3 import moto_server
from sitetools.publish import IMMUTABLE, headers_for, publish

ROOT = Path(__file__).resolve().parents[1]
PROJECT_ASSETS = sorted(
    path.relative_to(ROOT / "overrides").as_posix()
    for path in (ROOT / "overrides/assets").rglob("*")
    if path.suffix in (".css", ".js") and "vendor" not in path.parts
)
ZIP_NAME = "cimentoplastie-hors-ligne.zip"
LINKING = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attribute = LINKING.get(tag)
        for name, value in attrs:
            if name == attribute and value:
                self.links.append(value)


def local_targets(site_files: set[str], page: str, html: str) -> list[tuple[str, str]]:
    """(link, file it needs) for every same-site link of a page; the file is '' when nothing serves it."""
    parser = _Links()
    parser.feed(html)
    found = []
    for link in parser.links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or not parts.path:  # another origin, mailto:, or a plain #anchor
            continue
        base = "" if parts.path.startswith("/") else posixpath.dirname(page)  # 404 pages link from the root
        target = posixpath.normpath(posixpath.join(base, unquote(parts.path).lstrip("/")))
        if link.endswith("/") or parts.path.endswith("/") or target == ".":
            target = posixpath.join(target, "index.html") if target != "." else "index.html"
        elif target not in site_files and f"{target}/index.html" in site_files:
            target = f"{target}/index.html"
        found.append((link, target if target in site_files else ""))
    return found


def broken_links(files: dict[str, str]) -> list[str]:
    """'page: link' for every same-site link of every HTML file that leads to no file. ``files``: path -> HTML."""
    names = set(files)
    broken = []
    for page, html in sorted(files.items()):
        if page.endswith(".html"):
            broken += [f"{page}: {link}" for link, target in local_targets(names, page, html) if not target]
    return broken


def site_texts(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): path.read_text(encoding="utf-8") if path.suffix == ".html" else ""
        for path in site.rglob("*")
        if path.is_file()
    }


def fingerprinted(asset: str) -> str:
    """assets/stylesheets/patient.css -> assets/stylesheets/patient.<first 8 hex of its SHA-256>.css"""
    stem, suffix = asset.rsplit(".", 1)
    return f"{stem}.{hashlib.sha256((ROOT / 'overrides' / asset).read_bytes()).hexdigest()[:8]}.{suffix}"


# --- fingerprinted CSS and JS -------------------------------------------------------------------------------


def test_project_css_and_js_get_content_hashed_names(built_site):
    assert PROJECT_ASSETS == [
        "assets/javascripts/search-on-use.js",
        "assets/stylesheets/patient.css",
        "assets/stylesheets/print.css",
    ]
    for asset in PROJECT_ASSETS:
        stem = asset.rsplit(".", 1)[0]
        assert sorted(p.relative_to(built_site).as_posix() for p in built_site.glob(f"{stem}*")) == [
            fingerprinted(asset)
        ]
        assert headers_for(fingerprinted(asset))[1] == IMMUTABLE
    expected = [fingerprinted(asset) for asset in PROJECT_ASSETS if asset.endswith(".css")]
    for page in ("index.html", "en/faq/index.html", "metastasis/after/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        linked = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
        assert [re.sub(r"^(\.\./)+", "", href) for href in linked][-2:] == expected
        scripts = [re.sub(r"^(\.\./)+", "", src) for src in re.findall(r'<script src="([^"]+)"', html)]
        # Before Material's bundle: it holds back the search worker and index the bundle starts.
        assert scripts[-2:] == [
            fingerprinted("assets/javascripts/search-on-use.js"),
            "assets/javascripts/bundle.a5f9d56c.min.js",
        ]


def test_a_changed_stylesheet_gets_a_new_name(copy_of_project, tmp_path, built_site):
    before = sorted(p.name for p in (built_site / "assets/stylesheets").glob("patient.*.css"))
    with (copy_of_project / "overrides/assets/stylesheets/patient.css").open("a", encoding="utf-8") as css:
        css.write("\n.md-typeset { letter-spacing: 0.01em; }\n")
    site = tmp_path / "site"

    result = mkdocs_build(site, root=copy_of_project)

    assert result.returncode == 0, result.stderr
    after = sorted(p.name for p in (site / "assets/stylesheets").glob("patient.*.css"))
    assert len(before) == len(after) == 1
    assert before != after
    assert f'href="assets/stylesheets/{after[0]}"' in (site / "index.html").read_text(encoding="utf-8")


# --- no dead link ---------------------------------------------------------------------------------------------


def test_plain_build_shows_no_offline_link_and_has_no_broken_link(built_site):
    files = site_texts(built_site)
    pages = [name for name in files if name.endswith(".html")]
    assert len(pages) >= 30
    assert [page for page in pages if 'class="offline-link"' in files[page]] == []
    assert ZIP_NAME not in "".join(files.values())
    assert broken_links(files) == []


def test_the_crawler_finds_a_broken_link():
    files = {
        "index.html": '<a href="en/">en</a> <a href="faq/#x">faq</a> <img src="missing.png"> <a href="#top">top</a>',
        "en/index.html": '<a href="../">fr</a> <link href="../assets/a.css"> <a href="https://example.org/x">x</a>',
        "assets/a.css": "",
    }
    assert broken_links(files) == ["index.html: faq/#x", "index.html: missing.png"]


def test_published_layout_links_the_zip_and_has_no_broken_link(tmp_path, aws_env):
    """As the publish job does it: build with OFFLINE_ZIP_PUBLISHED=true, put the zip beside it, publish."""
    site = tmp_path / "site"
    result = mkdocs_build(site, env={"OFFLINE_ZIP_PUBLISHED": "true"})
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(site / ZIP_NAME, "w") as archive:  # stands for the real zip, which has its own tests
        archive.writestr("cimentoplastie-hors-ligne/index.html", "<html></html>")
    bucket = f"site-{uuid.uuid4().hex[:12]}"

    with moto_server() as (endpoint, _):
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
        s3.create_bucket(Bucket=bucket)
        publish(site, bucket, endpoint_url=endpoint, out=io.StringIO())
        keys = {
            entry["Key"]
            for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
            for entry in page.get("Contents", [])
        }
        # What a reader gets: pages as stored (gzip-decoded as a browser would).
        files = {key: "" for key in keys}
        for key in keys:
            if key.endswith(".html"):
                files[key] = gzip.decompress(s3.get_object(Bucket=bucket, Key=key)["Body"].read()).decode()
        # A later publish with --delete keeps the zip even from a site folder without it.
        shutil.move(site / ZIP_NAME, tmp_path / ZIP_NAME)
        publish(site, bucket, endpoint_url=endpoint, delete=True, keep=(ZIP_NAME,), out=io.StringIO())
        assert ZIP_NAME in {
            entry["Key"] for entry in s3.list_objects_v2(Bucket=bucket, Prefix=ZIP_NAME).get("Contents", [])
        }

    linking = [page for page in files if 'class="offline-link"' in files[page]]
    assert "index.html" in linking
    assert "en/faq/index.html" in linking
    assert ("../../" + ZIP_NAME) in files["en/faq/index.html"]
    assert broken_links(files) == []

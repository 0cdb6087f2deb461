"""sitetools.bucket_site against a real moto S3 server: the stored bytes and headers, as a website bucket serves."""

from __future__ import annotations

import gzip
import html.parser
import http.client
import io
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zipfile
from pathlib import Path

import pytest
from conftest import mkdocs_build
from sitetools.browser import serve, serving
from sitetools.bucket_site import BucketSite, Served, serve_bucket
from sitetools.publish import encode, publish

PAGE = b"<!doctype html><html lang=fr><title>Accueil</title><p>Bonjour</p></html>"
SECTION = b"<!doctype html><html lang=en><title>Bone metastases</title></html>"
NOT_FOUND = b"<!doctype html><html><title>Page introuvable</title></html>"
LOGO = b"\x89PNG\r\n\x1a\nnot compressed"
SITE = {
    "index.html": PAGE,
    "404.html": NOT_FOUND,
    "en/metastasis/index.html": SECTION,
    "assets/images/logo.png": LOGO,
}
HTML_HEADERS = {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Encoding": "gzip",
    "Cache-Control": "public, max-age=300",
}


@pytest.fixture(autouse=True)
def _fake_aws(aws_env):
    """Conftest's fake credentials and no machine profile, as for the publish tests."""


def published(tmp_path: Path, s3, endpoint: str, prefix: str = "") -> str:
    """Write the small site, publish it with publish.py (gzip at rest) to a new bucket; return the bucket."""
    for relpath, data in SITE.items():
        path = tmp_path / "site" / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    bucket = f"site-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=bucket)
    publish(tmp_path / "site", bucket, prefix=prefix, endpoint_url=endpoint, out=io.StringIO())
    return bucket


def get(url: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """One GET without decompression or redirects: status, headers, body exactly as sent."""
    host, port = url.removeprefix("http://").rstrip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_a_gzip_stored_page_comes_back_byte_for_byte_with_its_stored_headers(tmp_path, s3, endpoint):
    bucket = published(tmp_path, s3, endpoint)
    stored = s3.get_object(Bucket=bucket, Key="index.html")
    with serve_bucket(s3, bucket) as url:
        status, headers, body = get(url, "/", {"Accept-Encoding": "identity"})
    assert status == 200
    assert body == stored["Body"].read() == encode(PAGE)
    assert gzip.decompress(body) == PAGE
    assert {name: headers[name] for name in HTML_HEADERS} == HTML_HEADERS
    assert headers["ETag"] == stored["ETag"]
    assert headers["Content-Length"] == str(len(body))
    assert headers["Last-Modified"].endswith(" GMT")


def test_a_binary_file_is_sent_as_stored_without_content_encoding(tmp_path, s3, endpoint):
    bucket = published(tmp_path, s3, endpoint)
    with serve_bucket(s3, bucket) as url:
        status, headers, body = get(url, "/assets/images/logo.png")
    assert (status, body, headers["Content-Type"]) == (200, LOGO, "image/png")
    assert "Content-Encoding" not in headers


def test_a_folder_serves_its_index_and_a_folder_without_slash_redirects_to_it(tmp_path, s3, endpoint):
    bucket = published(tmp_path, s3, endpoint)
    with serve_bucket(s3, bucket) as url:
        folder = get(url, "/en/metastasis/")
        bare = get(url, "/en/metastasis?lang=en")
    assert folder[0] == 200
    assert gzip.decompress(folder[2]) == SECTION
    assert (bare[0], bare[1]["Location"], bare[2]) == (302, "/en/metastasis/?lang=en", b"")


def test_a_missing_key_gives_the_bucket_404_page_with_status_404(tmp_path, s3, endpoint):
    bucket = published(tmp_path, s3, endpoint)
    server = BucketSite(s3, bucket)
    with serving(server) as url:
        page = get(url, "/fr/nowhere/")
        file = get(url, "/assets/missing.css")
    for status, headers, body in (page, file):
        assert status == 404
        assert body == encode(NOT_FOUND)
        assert {name: headers[name] for name in HTML_HEADERS} == HTML_HEADERS
    assert [(entry.path, entry.key, entry.status, entry.body_bytes) for entry in server.served] == [
        ("/fr/nowhere/", "404.html", 404, len(encode(NOT_FOUND))),
        ("/assets/missing.css", "404.html", 404, len(encode(NOT_FOUND))),
    ]
    assert all(isinstance(entry, Served) and entry.wire_bytes > entry.body_bytes for entry in server.served)


def test_a_bucket_that_does_not_answer_gives_502_naming_the_error(s3):
    with serve_bucket(s3, "no-such-bucket-here") as url:
        status, headers, body = get(url, "/")
    assert (status, body) == (502, b"")
    assert "NoSuchBucket" in headers["X-Bucket-Error"]


def test_a_matching_etag_gets_304_without_a_body(tmp_path, s3, endpoint):
    bucket = published(tmp_path, s3, endpoint)
    etag = s3.head_object(Bucket=bucket, Key="index.html")["ETag"]
    with serve_bucket(s3, bucket) as url:
        status, headers, body = get(url, "/", {"If-None-Match": etag})
    assert (status, headers["ETag"], body) == (304, etag, b"")


def test_a_prefix_serves_the_site_published_under_it(tmp_path, s3, endpoint):
    bucket = published(tmp_path, s3, endpoint, prefix="previews/pr-12")
    assert "index.html" not in {e["Key"] for e in s3.list_objects_v2(Bucket=bucket)["Contents"]}
    with serve_bucket(s3, bucket, prefix="/previews/pr-12/") as url:
        home = get(url, "/")
        missing = get(url, "/nowhere.html")
    assert (home[0], gzip.decompress(home[2])) == (200, PAGE)
    assert (missing[0], gzip.decompress(missing[2])) == (404, NOT_FOUND)


# --- no broken link: a crawler over the plain build and over the published layout ---------------------------


class _LinksAndAnchors(html.parser.HTMLParser):
    """The same-document references a crawler follows (href, src, srcset) and the anchors a page offers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.anchors: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if attributes.get(name):
                self.anchors.add(attributes[name])
        for name in ("href", "src"):
            if attributes.get(name) and tag != "base":
                self.links.append(attributes[name])
        for candidate in (attributes.get("srcset") or "").split(","):
            if candidate.strip():
                self.links.append(candidate.split()[0])


CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def crawl(base_url: str, starts: tuple[str, ...]) -> tuple[set[str], list[str]]:
    """Fetch every page and file of ``base_url`` reachable from ``starts`` (links, scripts, styles, images, the
    url()s of stylesheets, and #anchors); return the paths it fetched and each broken link as 'from -> to: why'.
    Other origins are not fetched (tests stay on 127.0.0.1); mailto:, tel: and data: are not links to check."""
    pending = [(start, "(start)") for start in starts]
    fetched: dict[str, tuple[int, str, set[str]]] = {}  # url -> (status, final url, anchors)
    wanted_anchors: list[tuple[str, str, str]] = []
    broken = []
    while pending:
        url, referrer = pending.pop()
        if url in fetched:
            continue
        try:
            with urllib.request.urlopen(base_url + url, timeout=30) as response:
                status, final, body = response.status, response.geturl(), response.read()
                kind = response.headers.get("Content-Type", "")
                if response.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
        except urllib.error.HTTPError as error:
            fetched[url] = (error.code, url, set())
            broken.append(f"/{referrer} -> /{url}: HTTP {error.code}")
            continue
        found: list[str] = []
        anchors: set[str] = set()
        if kind.startswith("text/html"):
            parser = _LinksAndAnchors()
            parser.feed(body.decode("utf-8"))
            found, anchors = parser.links, parser.anchors
        elif kind.startswith("text/css"):
            found = [match[2] for match in CSS_URL.finditer(body.decode("utf-8", errors="replace"))]
        fetched[url] = (status, final, anchors)
        for link in found:
            target = urllib.parse.urljoin(final, link)
            if not target.startswith(base_url):
                continue
            path, _, fragment = target[len(base_url) :].partition("#")
            path = path.split("?")[0]
            if fragment and kind.startswith("text/html"):
                wanted_anchors.append((url, path, urllib.parse.unquote(fragment)))
            pending.append((path, url))
    for referrer, path, fragment in wanted_anchors:
        if fetched[path][0] == 200 and fetched[path][2] and fragment not in fetched[path][2]:
            broken.append(f"/{referrer} -> /{path}#{fragment}: no such anchor")
    return set(fetched), sorted(set(broken))


STARTS = ("", "en/", "404.html", "en/404.html")
ZIP_NAME = "cimentoplastie-hors-ligne.zip"


def test_the_crawler_reports_a_missing_page_file_and_anchor(tmp_path):
    pages = {
        "index.html": '<a href="en/">en</a> <a href="gone/">gone</a> <a href="#top">top</a> <h1 id="top">x</h1>'
        '<link rel="stylesheet" href="style.css"> <a href="https://example.org/">other origin</a>',
        "en/index.html": '<a href="../#nowhere">home</a> <a href="mailto:a@example.org">mail</a>',
        "style.css": "body { background: url('missing.png') }",
    }
    for relpath, text in pages.items():
        (tmp_path / relpath).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relpath).write_text(text, encoding="utf-8")
    with serve(tmp_path) as url:
        fetched, broken = crawl(url, ("",))
    assert broken == [
        "/ -> /gone/: HTTP 404",
        "/en/ -> /#nowhere: no such anchor",
        "/style.css -> /missing.png: HTTP 404",
    ]
    assert fetched == {"", "en/", "gone/", "style.css", "missing.png"}


def pages_of(site: Path) -> set[str]:
    """Every built page as the crawler asks for it: a folder for an index.html."""
    return {
        path.relative_to(site).as_posix().removesuffix("index.html")
        for path in site.rglob("*.html")
        if not path.relative_to(site).as_posix().startswith("assets/")
    }


def test_no_broken_link_in_a_plain_mkdocs_build(built_site):
    with serve(built_site) as url:
        fetched, broken = crawl(url, STARTS)
    assert broken == []
    assert pages_of(built_site) <= fetched  # it reached every page, not just the start pages
    assert {"assets/images/logo.svg", "assets/images/favicon.svg"} <= fetched


def test_no_broken_link_in_the_published_layout(tmp_path, s3, endpoint):
    """As the publish job lays it out: built with OFFLINE_ZIP_PUBLISHED=true, the zip beside it, served from the
    bucket as stored (test_deploy.py checks the same layout file by file; this one crawls it over HTTP)."""
    site = tmp_path / "published"
    result = mkdocs_build(site, env={"OFFLINE_ZIP_PUBLISHED": "true"})
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(site / ZIP_NAME, "w") as archive:  # stands for the real zip, which has its own tests
        archive.writestr("cimentoplastie-hors-ligne/index.html", "<html></html>")
    bucket = f"site-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=bucket)
    publish(site, bucket, endpoint_url=endpoint, out=io.StringIO())
    with serve_bucket(s3, bucket) as url:
        fetched, broken = crawl(url, STARTS)
    assert broken == []
    assert pages_of(site) | {ZIP_NAME} <= fetched

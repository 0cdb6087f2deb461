"""Tests for scripts/publish.py against a real moto S3 server over HTTP (no patching of boto3)."""

from __future__ import annotations

import ast
import gzip
import hashlib
import io
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import boto3
import botocore.exceptions
import pytest
from sitetools.cli import UserError, run
from sitetools.local_s3 import free_port, moto_server
from sitetools.publish import build_parser, explain, headers_for, main, publish, wave_for

ROOT = Path(__file__).resolve().parents[1]

SHORT = "public, max-age=300"
DAY = "public, max-age=86400"
IMMUTABLE = "public, max-age=31536000, immutable"

# The fixture site: relative path -> (Content-Type, Cache-Control) expected on the bucket.
EXPECTED_HEADERS = {
    "404.html": ("text/html; charset=utf-8", SHORT),
    "assets/images/favicon.svg": ("image/svg+xml; charset=utf-8", DAY),
    "assets/images/logo.png": ("image/png", DAY),
    "assets/javascripts/bundle.a5f9d56c.min.js": ("text/javascript; charset=utf-8", IMMUTABLE),
    "assets/stylesheets/main.484c7ddc.min.css": ("text/css; charset=utf-8", IMMUTABLE),
    "en/about/index.html": ("text/html; charset=utf-8", SHORT),
    "en/index.html": ("text/html; charset=utf-8", SHORT),
    "index.html": ("text/html; charset=utf-8", SHORT),
    "search/search_index.json": ("application/json; charset=utf-8", SHORT),
    "sitemap.xml": ("application/xml; charset=utf-8", SHORT),
    "sitemap.xml.gz": ("application/gzip", SHORT),
}
# Stored gzip-compressed, with Content-Encoding: gzip (text types); the others are stored as they are.
COMPRESSED = {relpath for relpath, (content_type, _) in EXPECTED_HEADERS.items() if "charset=utf-8" in content_type}
# Upload order with one worker: assets, then pages and indexes, then the home pages.
FIRST_PUBLISH_LINES = [
    "upload  assets/images/favicon.svg  (new)",
    "upload  assets/images/logo.png  (new)",
    "upload  assets/javascripts/bundle.a5f9d56c.min.js  (new)",
    "upload  assets/stylesheets/main.484c7ddc.min.css  (new)",
    "upload  en/about/index.html  (new)",
    "upload  search/search_index.json  (new)",
    "upload  sitemap.xml  (new)",
    "upload  sitemap.xml.gz  (new)",
    "upload  404.html  (new)",
    "upload  en/index.html  (new)",
    "upload  index.html  (new)",
    "uploaded 11, unchanged 0, deleted 0",
]
SITE_FILES = sorted(EXPECTED_HEADERS)


def make_site(root: Path, version: str = "v1") -> Path:
    """Write a small built site under root; ``version`` goes into every file so a new one changes them all."""
    sitemap = f'<?xml version="1.0"?><urlset><url><loc>https://example.org/{version}</loc></url></urlset>'
    files: dict[str, bytes] = {
        "index.html": f"<html>redirect to en/ {version}</html>".encode(),
        "404.html": f"<html>not found {version}</html>".encode(),
        "en/index.html": f"<html>home {version}</html>".encode(),
        "en/about/index.html": f"<html>about {version}</html>".encode(),
        "assets/stylesheets/main.484c7ddc.min.css": f"body{{color:red}}/*{version}*/".encode(),
        "assets/javascripts/bundle.a5f9d56c.min.js": f"console.log('{version}')".encode(),
        "assets/images/logo.png": b"\x89PNG\r\n\x1a\n" + version.encode(),
        "assets/images/favicon.svg": f"<svg><!-- {version} --></svg>".encode(),
        "search/search_index.json": f'{{"docs": [], "v": "{version}"}}'.encode(),
        "sitemap.xml": sitemap.encode(),
        "sitemap.xml.gz": gzip.compress(sitemap.encode(), mtime=0),
    }
    for relpath, data in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


@pytest.fixture(autouse=True)
def _fake_aws(aws_env):
    """Every publish test runs with conftest's fake credentials and no machine profile."""


def keys(s3, bucket: str) -> list[str]:
    return sorted(entry["Key"] for entry in s3.list_objects_v2(Bucket=bucket).get("Contents", []))


def listing(s3, bucket: str) -> list[tuple[str, str, object]]:
    """Key, ETag and LastModified of every object: equal listings mean nothing was written."""
    entries = s3.list_objects_v2(Bucket=bucket).get("Contents", [])
    return sorted((e["Key"], e["ETag"], e["LastModified"]) for e in entries)


def cli(argv: list[str], capsys) -> tuple[int, list[str], list[str]]:
    """Run the CLI in-process as scripts/publish.py does; return (exit code, stdout lines, stderr lines).

    One worker unless the test asks for more, so that the lines come in a fixed order.
    """
    if "--workers" not in argv:
        argv = [*argv, "--workers", "1"]
    if "--lang" not in argv:
        argv = [*argv, "--lang", "en"]
    code = run(main, argv, prog="publish")
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err.splitlines()


# --- headers and ordering -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relpath", "content_type", "cache"),
    [
        ("assets/javascripts/lunr/min/lunr.fr.min.js", "text/javascript; charset=utf-8", DAY),
        ("assets/javascripts/workers/search.a7633da7.min.js", "text/javascript; charset=utf-8", IMMUTABLE),
        ("assets/stylesheets/main.484c7ddc.min.css.map", "application/json; charset=utf-8", IMMUTABLE),
        ("assets/stylesheets/patient.1f2e3d4c.css", "text/css; charset=utf-8", IMMUTABLE),
        ("assets/javascripts/extra/glossary.0a1b2c3d.js", "text/javascript; charset=utf-8", IMMUTABLE),
        ("assets/stylesheets/patient.css", "text/css; charset=utf-8", DAY),
        # Names that merely look like a hash were not fingerprinted by the build: no immutable for them.
        ("downloads/20261125.pdf", "application/pdf", DAY),
        ("assets/images/deadbeef.svg", "image/svg+xml; charset=utf-8", DAY),
        ("assets/data.deadbeef.json", "application/json; charset=utf-8", DAY),
        ("reports/2026112512.css", "text/css; charset=utf-8", DAY),
        ("en/search/search_index.js", "text/javascript; charset=utf-8", SHORT),
        ("fr/sitemap.xml.gz", "application/gzip", SHORT),
        ("archive.tar.gz", "application/gzip", DAY),
        ("downloads/site-offline.zip", "application/zip", SHORT),
        ("manifest.webmanifest", "application/manifest+json; charset=utf-8", DAY),
        ("robots.txt", "text/plain; charset=utf-8", DAY),
        ("feed.xml", "application/xml; charset=utf-8", DAY),
        ("PHOTO.JPG", "image/jpeg", DAY),
        ("img/a.jpeg", "image/jpeg", DAY),
        ("img/a.gif", "image/gif", DAY),
        ("img/a.webp", "image/webp", DAY),
        ("favicon.ico", "image/x-icon", DAY),
        ("fonts/roboto.woff", "font/woff", DAY),
        ("fonts/roboto.woff2", "font/woff2", DAY),
        ("fonts/roboto.ttf", "font/ttf", DAY),
        ("leaflets/osteoporosis.pdf", "application/pdf", DAY),
        ("en/faq.md", "text/markdown; charset=utf-8", DAY),
        ("objects.inv", "application/octet-stream", DAY),
        ("LICENSE", "application/octet-stream", DAY),
    ],
)
def test_headers_for_each_kind_of_file(relpath, content_type, cache):
    assert headers_for(relpath) == (content_type, cache)


@pytest.mark.parametrize(
    ("relpath", "wave"),
    [
        ("assets/images/logo.png", 0),
        ("en/faq/index.html", 1),
        ("about/index.html", 1),  # not a language folder: an ordinary page
        ("en/sitemap.xml", 1),
        ("index.html", 2),
        ("404.html", 2),
        ("fr/index.html", 2),
        ("pt-BR/404.html", 2),
    ],
)
def test_upload_wave(relpath, wave):
    assert wave_for(relpath) == wave


def test_cli_help_prints_every_option():
    result = subprocess.run(
        [sys.executable, "scripts/publish.py", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stderr) == (0, "")
    for option in ("--delete", "--max-delete", "--no-compress", "--require-sign-off", "--remove-prefix", "--workers"):
        assert option in result.stdout
    assert "default: 10 % of the objects under the prefix" in " ".join(result.stdout.split())


def test_help_text_is_the_script_docstring():
    docstring = ast.get_docstring(ast.parse((ROOT / "scripts/publish.py").read_text(encoding="utf-8")))
    assert docstring
    assert docstring.startswith("Publish ")
    assert build_parser().description == docstring


@pytest.mark.parametrize(
    ("code", "status", "expected"),
    [
        (
            "AccessDenied",
            403,
            "access denied to bucket 'b' at http://e: expected permission to list, read, write and delete objects",
        ),
        (
            "403",
            403,
            "access denied to bucket 'b' at http://e: expected permission to list, read, write and delete objects",
        ),
        (
            "InvalidAccessKeyId",
            403,
            "access key not recognised by http://e: expected a valid AWS_ACCESS_KEY_ID or profile",
        ),
        (
            "SignatureDoesNotMatch",
            403,
            "signature rejected by http://e: expected the AWS_SECRET_ACCESS_KEY that belongs to the access key",
        ),
        ("NoSuchBucket", 404, "bucket 'b' does not exist at http://e"),
    ],
)
def test_client_errors_become_one_line(code, status, expected):
    error = botocore.exceptions.ClientError(
        {"Error": {"Code": code, "Message": "x"}, "ResponseMetadata": {"HTTPStatusCode": status}}, "PutObject"
    )
    assert explain(error, "b", "http://e").render() == expected


# --- publishing against the moto server ------------------------------------------------------------------


def test_first_publish_uploads_every_file_with_its_headers(tmp_path, endpoint, s3, bucket, capsys):
    site = make_site(tmp_path / "site")

    code, out, err = cli(["--site", str(site), "--bucket", bucket, "--endpoint-url", endpoint], capsys)

    assert (code, out, err) == (0, FIRST_PUBLISH_LINES, [])
    assert keys(s3, bucket) == SITE_FILES
    for relpath, (content_type, cache) in EXPECTED_HEADERS.items():
        head = s3.head_object(Bucket=bucket, Key=relpath)
        stored = s3.get_object(Bucket=bucket, Key=relpath)["Body"].read()
        source = (site / relpath).read_bytes()
        md5 = hashlib.md5(stored).hexdigest()
        assert (head["ContentType"], head["CacheControl"]) == (content_type, cache), relpath
        assert head["Metadata"] == {"md5": md5}
        assert head["ETag"] == f'"{md5}"'
        if relpath in COMPRESSED:
            assert head["ContentEncoding"] == "gzip", relpath
            assert gzip.decompress(stored) == source, relpath
            assert stored == gzip.compress(source, compresslevel=9, mtime=0), relpath  # no name, no date
        else:
            assert "ContentEncoding" not in head, relpath  # sitemap.xml.gz is served as a gzip file
            assert stored == source, relpath


def test_unchanged_republish_uploads_nothing(tmp_path, endpoint, s3, bucket, capsys):
    site = make_site(tmp_path / "site")
    assert cli(["--site", str(site), "--bucket", bucket, "--endpoint-url", endpoint], capsys)[0] == 0
    # Mark one object out of band: a rewrite would drop the mark.
    s3.copy_object(
        Bucket=bucket,
        Key="en/about/index.html",
        CopySource={"Bucket": bucket, "Key": "en/about/index.html"},
        Metadata={
            "md5": s3.head_object(Bucket=bucket, Key="en/about/index.html")["Metadata"]["md5"],
            "mark": "kept",
        },
        MetadataDirective="REPLACE",
        ContentType="text/html; charset=utf-8",
        ContentEncoding="gzip",
        CacheControl=SHORT,
    )
    before = listing(s3, bucket)

    code, out, err = cli(["--site", str(site), "--bucket", bucket, "--endpoint-url", endpoint], capsys)

    assert (code, out, err) == (0, ["uploaded 0, unchanged 11, deleted 0"], [])
    assert listing(s3, bucket) == before
    assert s3.head_object(Bucket=bucket, Key="en/about/index.html")["Metadata"]["mark"] == "kept"


def test_multipart_etag_falls_back_to_the_md5_metadata(tmp_path, endpoint, s3, bucket):
    site = make_site(tmp_path / "site")
    publish(site, bucket, endpoint_url=endpoint, out=io.StringIO())
    # An object uploaded in parts has an ETag that is not its MD5; the stored md5 metadata still decides.
    data = (site / "assets/images/logo.png").read_bytes()
    upload_id = s3.create_multipart_upload(
        Bucket=bucket, Key="assets/images/logo.png", Metadata={"md5": hashlib.md5(data).hexdigest()}
    )["UploadId"]
    part = s3.upload_part(Bucket=bucket, Key="assets/images/logo.png", UploadId=upload_id, PartNumber=1, Body=data)
    s3.complete_multipart_upload(
        Bucket=bucket,
        Key="assets/images/logo.png",
        UploadId=upload_id,
        MultipartUpload={"Parts": [{"ETag": part["ETag"], "PartNumber": 1}]},
    )
    assert "-" in s3.head_object(Bucket=bucket, Key="assets/images/logo.png")["ETag"]

    report = publish(site, bucket, endpoint_url=endpoint, out=io.StringIO())

    assert (report.uploaded, len(report.unchanged)) == ([], 11)


def test_one_edited_page_is_the_only_upload(tmp_path, endpoint, s3, bucket, capsys):
    site = make_site(tmp_path / "site")
    assert cli(["--site", str(site), "--bucket", bucket, "--endpoint-url", endpoint], capsys)[0] == 0
    (site / "en/about/index.html").write_text("<html>about, corrected</html>")

    code, out, err = cli(["--site", str(site), "--bucket", bucket, "--endpoint-url", endpoint], capsys)

    assert (code, out, err) == (
        0,
        ["upload  en/about/index.html  (changed)", "uploaded 1, unchanged 10, deleted 0"],
        [],
    )
    body = s3.get_object(Bucket=bucket, Key="en/about/index.html")["Body"].read()
    assert gzip.decompress(body) == b"<html>about, corrected</html>"


def test_delete_removes_stale_keys_under_the_prefix_only(tmp_path, endpoint, s3, bucket, capsys):
    site = make_site(tmp_path / "site")
    outside = ["other.txt", "public-old/index.html"]
    for key in ["public/old.html", "public/assets/old.css", *outside]:
        s3.put_object(Bucket=bucket, Key=key, Body=b"stale")

    argv = [
        "--site",
        str(site),
        "--bucket",
        bucket,
        "--endpoint-url",
        endpoint,
        "--prefix",
        "/public//",
        "--delete",
        "--max-delete",
        "2",  # both objects under the prefix are stale: more than the default 10 %
    ]
    code, out, err = cli(argv, capsys)

    assert (code, err) == (0, [])
    assert out == [
        *FIRST_PUBLISH_LINES[:-1],
        "delete  assets/old.css",
        "delete  old.html",
        "uploaded 11, unchanged 0, deleted 2",
    ]
    assert keys(s3, bucket) == sorted([*outside, *(f"public/{relpath}" for relpath in SITE_FILES)])


def test_dry_run_changes_nothing(tmp_path, endpoint, s3, bucket, capsys):
    site = make_site(tmp_path / "site")
    assert cli(["--site", str(site), "--bucket", bucket, "--endpoint-url", endpoint], capsys)[0] == 0
    (site / "en/about/index.html").write_text("<html>about, corrected</html>")
    (site / "assets/images/extra.png").write_bytes(b"\x89PNG new")
    (site / "sitemap.xml.gz").unlink()
    before = listing(s3, bucket)

    argv = ["--site", str(site), "--bucket", bucket, "--endpoint-url", endpoint, "--delete", "--dry-run"]
    code, out, err = cli(argv, capsys)

    assert (code, err) == (0, [])
    assert out == [
        "upload  assets/images/extra.png  (new)",
        "upload  en/about/index.html  (changed)",
        "delete  sitemap.xml.gz",
        "dry run: would have uploaded 2, unchanged 9, deleted 1",
    ]
    assert listing(s3, bucket) == before


@pytest.mark.parametrize("case", ["missing", "empty", "no index.html"])
def test_bad_site_directory_is_refused_and_nothing_deleted(tmp_path, endpoint, s3, bucket, capsys, case):
    published = make_site(tmp_path / "published")
    assert cli(["--site", str(published), "--bucket", bucket, "--endpoint-url", endpoint], capsys)[0] == 0
    before = listing(s3, bucket)
    site = tmp_path / "site"
    expected = {
        "missing": "site directory not found: expected the folder written by `mkdocs build`",
        "empty": "site directory is empty: expected the output of `mkdocs build`",
        "no index.html": "no index.html at the site root: expected the output of `mkdocs build`, refusing to publish",
    }[case]
    if case == "empty":
        site.mkdir()
    elif case == "no index.html":
        make_site(site)
        (site / "index.html").unlink()

    argv = ["--site", str(site), "--bucket", bucket, "--endpoint-url", endpoint, "--delete"]
    code, out, err = cli(argv, capsys)

    assert (code, out, err) == (2, [], [f"publish: error: {site}: {expected}"])
    assert listing(s3, bucket) == before


def test_too_many_deletions_are_refused_before_any_upload(tmp_path, endpoint, s3, bucket, capsys):
    site = make_site(tmp_path / "site")
    assert (
        cli(["--site", str(site), "--bucket", bucket, "--endpoint-url", endpoint, "--prefix", "site"], capsys)[0] == 0
    )
    for name in ("a.html", "b.html", "c.html"):
        s3.put_object(Bucket=bucket, Key=f"site/{name}", Body=b"stale")
    (site / "en/about/index.html").write_text("<html>about, corrected</html>")
    before = listing(s3, bucket)

    argv = [
        "--site",
        str(site),
        "--bucket",
        bucket,
        "--endpoint-url",
        endpoint,
        "--prefix",
        "site",
        "--delete",
        "--max-delete",
        "2",
    ]
    code, out, err = cli(argv, capsys)

    assert (code, out) == (2, [])
    assert err == [
        f"publish: error: refusing to delete 3 of the 14 objects under s3://{bucket}/site: "
        "the limit is 2 (--max-delete); check the site directory, or pass --max-delete 3 to allow it"
    ]
    assert listing(s3, bucket) == before


def test_interrupted_publish_keeps_the_old_home_pages_and_a_rerun_finishes(tmp_path, endpoint, s3, bucket):
    log = io.StringIO()
    publish(make_site(tmp_path / "v1"), bucket, endpoint_url=endpoint, out=log)
    s3.put_object(Bucket=bucket, Key="old.html", Body=b"stale")
    old = {key: etag for key, etag, _ in listing(s3, bucket)}
    site = make_site(tmp_path / "v2", version="v2")  # every file changes
    done: list[str] = []

    def fail_after_three(relpath: str) -> None:
        done.append(relpath)
        if len(done) == 3:
            raise RuntimeError("injected failure")

    with pytest.raises(RuntimeError, match="injected failure"):
        publish(site, bucket, endpoint_url=endpoint, delete=True, workers=1, out=log, on_uploaded=fail_after_three)

    now = {key: etag for key, etag, _ in listing(s3, bucket)}
    assert sorted(now) == sorted(old)  # old.html not deleted
    assert (
        sorted(key for key in now if now[key] != old[key])
        == done
        == [
            "assets/images/favicon.svg",
            "assets/images/logo.png",
            "assets/javascripts/bundle.a5f9d56c.min.js",
        ]
    )
    for home in ("index.html", "en/index.html", "404.html"):
        stored = gzip.decompress(s3.get_object(Bucket=bucket, Key=home)["Body"].read())
        assert stored == (tmp_path / "v1" / home).read_bytes()

    report = publish(site, bucket, endpoint_url=endpoint, delete=True, workers=1, out=log)

    assert [relpath for relpath, _ in report.uploaded] == [
        "assets/stylesheets/main.484c7ddc.min.css",
        "en/about/index.html",
        "search/search_index.json",
        "sitemap.xml",
        "sitemap.xml.gz",
        "404.html",
        "en/index.html",
        "index.html",
    ]
    assert (report.unchanged, report.deleted) == (done, ["old.html"])
    assert keys(s3, bucket) == SITE_FILES


def test_server_dying_mid_publish_gives_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PUBLISH_MAX_ATTEMPTS", "2")
    monkeypatch.setenv("PUBLISH_CONNECT_TIMEOUT", "1")
    monkeypatch.setenv("PUBLISH_READ_TIMEOUT", "2")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html>home</html>")
    for number in range(199):
        (site / f"page-{number:03}.txt").write_text(f"page {number}")
    with moto_server() as (url, process):
        boto3.client("s3", endpoint_url=url, region_name="us-east-1").create_bucket(Bucket="doomed")
        lock = threading.Lock()
        count = [0]

        def kill_after_five(relpath: str) -> None:
            with lock:
                count[0] += 1
                if count[0] == 5:
                    process.terminate()
                    process.wait(timeout=10)

        def publish_until_killed(argv) -> int:
            publish(site, "doomed", endpoint_url=url, workers=2, on_uploaded=kill_after_five)
            return 0

        started = time.monotonic()
        code = run(publish_until_killed, prog="publish")
        elapsed = time.monotonic() - started
    out, err = capsys.readouterr()

    assert code == 2
    assert "Traceback" not in out + err
    # Each upload is printed as it completes, so the interrupted run shows what it had done.
    done = out.splitlines()
    assert 5 <= len(done) <= 9, out
    assert all(re.fullmatch(r"upload  page-\d{3}\.txt  \(new\)", line) for line in done), out
    # The error names the file being handled when the server went away.
    assert re.fullmatch(
        rf"publish: error: {re.escape(str(site))}/page-\d{{3}}\.txt: cannot reach endpoint {re.escape(url)}: "
        rf"connection refused or timed out \(uploaded {len(done)} of 200 changed files, deleted nothing; "
        r"rerun to finish\)\n",
        err,
    ), err
    assert elapsed < 20


def test_unreachable_endpoint_gives_one_line_quickly(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PUBLISH_MAX_ATTEMPTS", "2")
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there once the probe socket is closed
    site = make_site(tmp_path / "site")
    started = time.monotonic()

    code, out, err = cli(["--site", str(site), "--bucket", "any", "--endpoint-url", url], capsys)

    assert (code, out, err) == (
        2,
        [],
        [f"publish: error: cannot reach endpoint {url}: connection refused or timed out"],
    )
    assert time.monotonic() - started < 5


def test_missing_credentials_give_one_line(tmp_path, monkeypatch, endpoint, capsys):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    site = make_site(tmp_path / "site")

    code, out, err = cli(["--site", str(site), "--bucket", "any", "--endpoint-url", endpoint], capsys)

    assert (code, out) == (2, [])
    assert err == [
        "publish: error: no AWS credentials found: expected AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
        "in the environment or a profile (--profile / AWS_PROFILE)"
    ]


def test_partial_credentials_give_one_line(tmp_path, monkeypatch, endpoint, capsys):
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    site = make_site(tmp_path / "site")

    code, out, err = cli(["--site", str(site), "--bucket", "any", "--endpoint-url", endpoint], capsys)

    assert (code, out) == (2, [])
    missing = "AWS_SECRET_ACCESS_KEY is missing"
    assert err == [f"publish: error: incomplete AWS credentials in env: expected both keys, {missing}"]


def test_unknown_bucket_gives_one_line(tmp_path, endpoint, capsys):
    site = make_site(tmp_path / "site")

    code, out, err = cli(["--site", str(site), "--bucket", "no-such-bucket", "--endpoint-url", endpoint], capsys)

    assert (code, out, err) == (
        2,
        [],
        [f"publish: error: bucket 'no-such-bucket' does not exist at {endpoint}"],
    )


def test_invalid_bucket_name_gives_one_line(tmp_path, endpoint, capsys):
    site = make_site(tmp_path / "site")

    code, out, err = cli(["--site", str(site), "--bucket", "Bad Name!", "--endpoint-url", endpoint], capsys)

    assert (code, out) == (2, [])
    assert err == [
        "publish: error: invalid bucket name 'Bad Name!': expected 3 to 63 lowercase letters, digits, dots and hyphens"
    ]


def test_bad_numbers_are_refused(tmp_path, monkeypatch):
    site = make_site(tmp_path / "site")
    with pytest.raises(UserError, match="--workers: expected at least 1, found 0"):
        publish(site, "any", workers=0)
    monkeypatch.setenv("PUBLISH_MAX_ATTEMPTS", "many")
    with pytest.raises(UserError, match="PUBLISH_MAX_ATTEMPTS: expected a whole number from 1 to 20, found 'many'"):
        publish(site, "any")


# --- the script itself, as CI runs it ----------------------------------------------------------------------


def test_cli_script_first_publish(tmp_path, endpoint, s3, bucket):
    site = make_site(tmp_path / "site")

    result = subprocess.run(
        [
            sys.executable,
            "scripts/publish.py",
            "--lang",
            "en",
            "--site",
            str(site),
            "--bucket",
            bucket,
            "--endpoint-url",
            endpoint,
            "--workers",
            "1",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert (result.returncode, result.stdout.splitlines(), result.stderr) == (0, FIRST_PUBLISH_LINES, "")
    assert keys(s3, bucket) == SITE_FILES


def test_cli_script_unknown_bucket(tmp_path, endpoint):
    site = make_site(tmp_path / "site")

    result = subprocess.run(
        [
            sys.executable,
            "scripts/publish.py",
            "--lang",
            "en",
            "--site",
            str(site),
            "--bucket",
            "missing-bucket",
            "--endpoint-url",
            endpoint,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"publish: error: bucket 'missing-bucket' does not exist at {endpoint}\n"


def test_cli_speaks_french_progress_summary_and_errors(tmp_path, endpoint, s3, bucket, capsys):
    site = make_site(tmp_path / "site")
    code, out, err = cli(["--lang", "fr", *site_argv(site, bucket, endpoint)], capsys)
    french = [line.replace("upload  ", "envoi  ").replace("(new)", "(nouveau)") for line in FIRST_PUBLISH_LINES[:-1]]
    assert (code, out, err) == (0, [*french, "envoyés 11, inchangés 0, supprimés 0"], [])
    (site / "en" / "about" / "index.html").unlink()
    code, out, err = cli(["--lang", "fr", *site_argv(site, bucket, endpoint, "--delete", "--dry-run")], capsys)
    assert (code, out, err) == (
        0,
        [
            "suppression  en/about/index.html",
            "essai à blanc, rien n'est changé : à envoyer 0, inchangés 10, à supprimer 1",
        ],
        [],
    )
    code, out, err = cli(["--lang", "fr", *site_argv(site, "missing-bucket", endpoint)], capsys)
    assert (code, out, err) == (2, [], [f"publish: erreur : le bucket 'missing-bucket' n'existe pas sur {endpoint}"])


def test_sign_off_refusal_in_french_and_english(tmp_path, capsys):
    site = make_site(tmp_path / "site")
    pending = '<html><head><meta name="clinical-review" content="pending"></head></html>'
    for page in ("en/index.html", "en/about/index.html"):
        (site / page).write_text(pending, encoding="utf-8")
    argv = ["--site", str(site), "--bucket", "any", "--require-sign-off"]
    assert cli(["--lang", "fr", *argv], capsys) == (
        2,
        [],
        [
            f"{site}/en/about/index.html: pas encore validée par un médecin",
            f"{site}/en/index.html: pas encore validée par un médecin",
            "publish: erreur : publication refusée : 2 pages pas encore validées par un médecin (--require-sign-off) ; "
            "un médecin les relit, puis leur clinical_review est rempli",
        ],
    )
    assert cli(["--lang", "en", *argv], capsys) == (
        2,
        [],
        [
            f"{site}/en/about/index.html: not signed off by a clinician",
            f"{site}/en/index.html: not signed off by a clinician",
            "publish: error: refusing to publish: 2 pages not signed off by a clinician (--require-sign-off); "
            "a clinician reviews them, then their clinical_review is set",
        ],
    )


# --- compression at rest ------------------------------------------------------------------------------------


def site_argv(site: Path, bucket: str, endpoint: str, *extra: str) -> list[str]:
    return ["--site", str(site), "--bucket", bucket, "--endpoint-url", endpoint, *extra]


def test_rebuilt_identical_site_is_unchanged_despite_compression(tmp_path, endpoint, s3, bucket, capsys):
    """The gzip is deterministic: the same files written again (new dates) give the same stored bytes."""
    assert cli(site_argv(make_site(tmp_path / "site"), bucket, endpoint), capsys)[0] == 0
    time.sleep(1.1)  # new file dates: a gzip header carrying the date would change every object
    rebuilt = make_site(tmp_path / "rebuilt")

    assert cli(site_argv(rebuilt, bucket, endpoint), capsys) == (0, ["uploaded 0, unchanged 11, deleted 0"], [])


def test_no_compress_stores_files_as_they_are_and_switching_reuploads_text_only(tmp_path, endpoint, s3, bucket, capsys):
    site = make_site(tmp_path / "site")
    assert cli(site_argv(site, bucket, endpoint, "--no-compress"), capsys)[0] == 0
    for relpath in SITE_FILES:
        head = s3.head_object(Bucket=bucket, Key=relpath)
        assert "ContentEncoding" not in head, relpath
        assert s3.get_object(Bucket=bucket, Key=relpath)["Body"].read() == (site / relpath).read_bytes()

    code, out, err = cli(site_argv(site, bucket, endpoint), capsys)

    assert (code, err) == (0, [])
    assert sorted(line.split()[1] for line in out[:-1]) == sorted(COMPRESSED)
    assert out[-1] == f"uploaded {len(COMPRESSED)}, unchanged {11 - len(COMPRESSED)}, deleted 0"


# --- deletion guard -------------------------------------------------------------------------------------------


def test_default_guard_refuses_more_than_a_tenth_of_the_objects(tmp_path, endpoint, s3, bucket, capsys):
    site = make_site(tmp_path / "site")
    assert cli(site_argv(site, bucket, endpoint), capsys)[0] == 0
    for name in ("en/about/index.html", "search/search_index.json"):
        (site / name).unlink()
    before = listing(s3, bucket)

    code, out, err = cli(site_argv(site, bucket, endpoint, "--delete"), capsys)

    assert (code, out) == (2, [])
    assert err == [
        f"publish: error: refusing to delete 2 of the 11 objects under s3://{bucket}/: more than 10 % of them "
        "(limit 1); check the site directory, or pass --max-delete 2 to allow it"
    ]
    assert listing(s3, bucket) == before

    code, out, err = cli(site_argv(site, bucket, endpoint, "--delete", "--max-delete", "2"), capsys)

    assert (code, err) == (0, [])
    assert out == [
        "delete  en/about/index.html",
        "delete  search/search_index.json",
        "uploaded 0, unchanged 9, deleted 2",
    ]


def test_one_stale_object_in_eleven_is_within_the_default_guard(tmp_path, endpoint, s3, bucket, capsys):
    site = make_site(tmp_path / "site")
    assert cli(site_argv(site, bucket, endpoint), capsys)[0] == 0
    (site / "en/about/index.html").unlink()

    code, out, err = cli(site_argv(site, bucket, endpoint, "--delete"), capsys)

    assert (code, out, err) == (0, ["delete  en/about/index.html", "uploaded 0, unchanged 10, deleted 1"], [])


def test_home_pages_are_never_deleted_whatever_the_limit(tmp_path, endpoint, s3, bucket, capsys):
    site = make_site(tmp_path / "site")
    assert cli(site_argv(site, bucket, endpoint), capsys)[0] == 0
    (site / "en/index.html").unlink()
    before = listing(s3, bucket)

    code, out, err = cli(site_argv(site, bucket, endpoint, "--delete", "--max-delete", "100"), capsys)

    assert (code, out) == (2, [])
    assert err == [
        f"publish: error: refusing to delete the home page en/index.html under s3://{bucket}/: the site folder "
        "has none; check the site directory (a publish never deletes a home page)"
    ]
    assert listing(s3, bucket) == before


def test_delete_keeps_the_offline_zip_named_in_mkdocs_yml(tmp_path, endpoint, s3, bucket, capsys):
    site = make_site(tmp_path / "site")
    assert cli(site_argv(site, bucket, endpoint), capsys)[0] == 0
    s3.put_object(Bucket=bucket, Key="cimentoplastie-hors-ligne.zip", Body=b"PK zip published beside the site")
    s3.put_object(Bucket=bucket, Key="old.html", Body=b"stale")

    code, out, err = cli(site_argv(site, bucket, endpoint, "--delete"), capsys)

    assert (code, out, err) == (0, ["delete  old.html", "uploaded 0, unchanged 11, deleted 1"], [])
    assert keys(s3, bucket) == sorted([*SITE_FILES, "cimentoplastie-hors-ligne.zip"])


# --- waves with several workers ---------------------------------------------------------------------------------


def test_a_wave_starts_only_after_the_previous_one_finished(tmp_path, endpoint, bucket):
    site = make_site(tmp_path / "site")
    for number in range(20):
        (site / f"assets/images/img-{number:02}.png").write_bytes(b"\x89PNG" + bytes([number]))
        (site / f"en/page-{number:02}/index.html").parent.mkdir(parents=True)
        (site / f"en/page-{number:02}/index.html").write_text(f"<html>{number}</html>")
    finished: list[str] = []
    lock = threading.Lock()

    def slow_first_asset(relpath: str) -> None:
        if relpath == "assets/images/favicon.svg":
            time.sleep(0.5)  # were the next wave already running, its uploads would finish meanwhile
        with lock:
            finished.append(relpath)

    out = io.StringIO()
    publish(site, bucket, endpoint_url=endpoint, workers=8, out=out, on_uploaded=slow_first_asset)

    waves = [wave_for(relpath) for relpath in finished]
    assert waves == sorted(waves), finished
    assert len(finished) == 51
    printed = [line.split()[1] for line in out.getvalue().splitlines()]
    assert [wave_for(relpath) for relpath in printed] == sorted(wave_for(relpath) for relpath in printed)


# --- bad input: one line, exit 2, the file or variable named ------------------------------------------------------


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("PUBLISH_MAX_ATTEMPTS", "nan", "PUBLISH_MAX_ATTEMPTS: expected a whole number from 1 to 20, found 'nan'"),
        ("PUBLISH_MAX_ATTEMPTS", "inf", "PUBLISH_MAX_ATTEMPTS: expected a whole number from 1 to 20, found 'inf'"),
        ("PUBLISH_MAX_ATTEMPTS", "2.5", "PUBLISH_MAX_ATTEMPTS: expected a whole number from 1 to 20, found '2.5'"),
        ("PUBLISH_MAX_ATTEMPTS", "0", "PUBLISH_MAX_ATTEMPTS: expected a whole number from 1 to 20, found 0"),
        ("PUBLISH_MAX_ATTEMPTS", "1e9", "PUBLISH_MAX_ATTEMPTS: expected a whole number from 1 to 20, found 1e+09"),
        ("PUBLISH_CONNECT_TIMEOUT", "nan", "PUBLISH_CONNECT_TIMEOUT: expected a number of seconds, found 'nan'"),
        ("PUBLISH_READ_TIMEOUT", "-1", "PUBLISH_READ_TIMEOUT: expected seconds above 0 and at most 3600, found -1"),
        ("PUBLISH_READ_TIMEOUT", "soon", "PUBLISH_READ_TIMEOUT: expected a number of seconds, found 'soon'"),
    ],
)
def test_bad_retry_settings_give_one_line(tmp_path, monkeypatch, endpoint, capsys, variable, value, expected):
    monkeypatch.setenv(variable, value)
    site = make_site(tmp_path / "site")

    assert cli(site_argv(site, "any", endpoint), capsys) == (2, [], [f"publish: error: {expected}"])


def test_non_utf8_file_name_gives_one_line(tmp_path, endpoint, bucket, capsys):
    site = make_site(tmp_path / "site")
    (site / os.fsdecode(b"caf\xe9.html")).write_text("<html>latin-1 name</html>")

    code, out, err = cli(site_argv(site, bucket, endpoint), capsys)

    assert (code, out) == (2, [])
    assert err == [
        f"publish: error: {site}/caf\\xe9.html: file name is not valid UTF-8: expected UTF-8 names "
        "(S3 keys are UTF-8 text); rename the file"
    ]


def test_file_deleted_during_the_upload_gives_one_line_naming_it(tmp_path, endpoint, s3, bucket, capsys):
    site = make_site(tmp_path / "site")

    def delete_a_page(relpath: str) -> None:
        if relpath == "assets/images/favicon.svg":
            (site / "en/about/index.html").unlink()

    def publish_while_deleting(argv) -> int:
        publish(site, bucket, endpoint_url=endpoint, workers=1, on_uploaded=delete_a_page)
        return 0

    code = run(publish_while_deleting, prog="publish")
    out, err = capsys.readouterr()

    assert code == 2
    assert out.splitlines() == FIRST_PUBLISH_LINES[:4]  # the assets went up before the page vanished
    assert err == (
        f"publish: error: {site}/en/about/index.html: file disappeared during the publish: expected the site to "
        "stay unchanged until the publish ends; rebuild the site, then rerun (uploaded 4 of 11 changed files, "
        "deleted nothing; rerun to finish)\n"
    )
    assert "index.html" not in keys(s3, bucket)  # the old home pages (none here) stay, the new ones wait


def test_symlink_leading_outside_the_site_is_refused(tmp_path, endpoint, s3, bucket, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("AWS_SECRET_ACCESS_KEY=do-not-publish")
    site = make_site(tmp_path / "site")
    (site / "assets/notes.txt").symlink_to(secret)

    code, out, err = cli(site_argv(site, bucket, endpoint), capsys)

    assert (code, out) == (2, [])
    assert err == [
        f"publish: error: {site}/assets/notes.txt: symlink leads outside the site folder (to {secret}): "
        "expected only files inside --site; remove the link, refusing to publish"
    ]
    assert keys(s3, bucket) == []


def test_symlinked_folder_leading_outside_the_site_is_refused(tmp_path, endpoint, s3, bucket, capsys):
    outside = tmp_path / "home"
    outside.mkdir()
    (outside / "id_rsa").write_text("private key")
    site = make_site(tmp_path / "site")
    (site / "en/more").symlink_to(outside, target_is_directory=True)

    code, out, err = cli(site_argv(site, bucket, endpoint), capsys)

    assert (code, out) == (2, [])
    assert err[0].startswith(f"publish: error: {site}/en/more: symlink leads outside the site folder (to {outside})")
    assert keys(s3, bucket) == []


def test_symlink_inside_the_site_is_published_as_its_content(tmp_path, endpoint, s3, bucket, capsys):
    site = make_site(tmp_path / "site")
    (site / "en/home.html").symlink_to(site / "en/index.html")

    code, _, err = cli(site_argv(site, bucket, endpoint), capsys)

    assert (code, err) == (0, [])
    stored = gzip.decompress(s3.get_object(Bucket=bucket, Key="en/home.html")["Body"].read())
    assert stored == (site / "en/index.html").read_bytes()


# --- clinical sign-off -------------------------------------------------------------------------------------------

PENDING = '<html><head><meta content="pending" name="clinical-review"></head><body>draft</body></html>'
SIGNED = '<html><head><meta name="clinical-review" content="2026-11-20 radiologist"></head><body>ok</body></html>'


def test_require_sign_off_refuses_pages_not_signed_off(tmp_path, endpoint, s3, bucket, capsys):
    site = make_site(tmp_path / "site")
    (site / "en/about/index.html").write_text(PENDING)
    (site / "index.html").write_text(PENDING.upper().replace("PENDING", "pending"))  # case and order vary
    (site / "en/index.html").write_text(SIGNED)

    code, out, err = cli(site_argv(site, bucket, endpoint, "--require-sign-off"), capsys)

    assert (code, out) == (2, [])
    assert err == [
        f"{site}/en/about/index.html: not signed off by a clinician",
        f"{site}/index.html: not signed off by a clinician",
        "publish: error: refusing to publish: 2 pages not signed off by a clinician (--require-sign-off); "
        "a clinician reviews them, then their clinical_review is set",
    ]
    assert keys(s3, bucket) == []


def test_require_sign_off_publishes_a_signed_site_and_is_off_by_default(tmp_path, endpoint, s3, bucket, capsys):
    site = make_site(tmp_path / "site")
    (site / "en/index.html").write_text(SIGNED)
    assert cli(site_argv(site, bucket, endpoint, "--require-sign-off"), capsys)[0] == 0
    (site / "en/about/index.html").write_text(PENDING)

    assert cli(site_argv(site, bucket, endpoint), capsys)[0] == 0  # a clinic turns the switch on when ready


# --- previews -----------------------------------------------------------------------------------------------------


def test_delete_of_the_site_leaves_the_previews_alone(tmp_path, endpoint, s3, bucket, capsys):
    site = make_site(tmp_path / "site")
    assert cli(site_argv(site, bucket, endpoint, "--prefix", "previews/pr-7"), capsys)[0] == 0
    s3.put_object(Bucket=bucket, Key="old.html", Body=b"stale")

    code, out, err = cli(site_argv(site, bucket, endpoint, "--delete", "--max-delete", "1"), capsys)

    assert (code, err) == (0, [])
    assert out[-2:] == ["delete  old.html", "uploaded 11, unchanged 0, deleted 1"]
    assert keys(s3, bucket) == sorted([*SITE_FILES, *(f"previews/pr-7/{relpath}" for relpath in SITE_FILES)])


def test_remove_prefix_deletes_one_preview_only(tmp_path, endpoint, s3, bucket, capsys):
    site = make_site(tmp_path / "site")
    for preview in ("previews/pr-12/", "previews/pr-120/"):
        assert cli(site_argv(site, bucket, endpoint, "--prefix", preview), capsys)[0] == 0
    s3.put_object(Bucket=bucket, Key="index.html", Body=b"production home")

    code, out, err = cli(
        ["--bucket", bucket, "--endpoint-url", endpoint, "--prefix", "previews/pr-12/", "--remove-prefix"], capsys
    )

    assert (code, err) == (0, [])
    assert out == [*(f"delete  {relpath}" for relpath in SITE_FILES), "uploaded 0, unchanged 0, deleted 11"]
    assert keys(s3, bucket) == sorted(["index.html", *(f"previews/pr-120/{relpath}" for relpath in SITE_FILES)])


@pytest.mark.parametrize(
    ("prefix", "found"),
    [
        ("", "'the bucket root'"),
        ("site", "'site/'"),
        ("previews", "'previews/'"),
        ("previews-old/x", "'previews-old/x/'"),
    ],
)
def test_remove_prefix_refuses_anything_but_a_preview(tmp_path, endpoint, s3, bucket, capsys, prefix, found):
    s3.put_object(Bucket=bucket, Key="index.html", Body=b"production home")
    before = listing(s3, bucket)

    code, out, err = cli(
        ["--bucket", bucket, "--endpoint-url", endpoint, "--prefix", prefix, "--remove-prefix"], capsys
    )

    assert (code, out) == (2, [])
    assert err == [
        "publish: error: --remove-prefix: expected a --prefix under previews/ such as previews/pr-12/, "
        f"found {found}; refusing to delete"
    ]
    assert listing(s3, bucket) == before


def test_remove_prefix_takes_no_site(tmp_path, endpoint, bucket, capsys):
    site = make_site(tmp_path / "site")
    argv = site_argv(site, bucket, endpoint, "--prefix", "previews/pr-1", "--remove-prefix")

    assert cli(argv, capsys) == (
        2,
        [],
        ["publish: error: --remove-prefix: expected no --site and no --delete, it only deletes a preview"],
    )

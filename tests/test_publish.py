"""Tests for scripts/publish.py against a real moto S3 server over HTTP (no patching of boto3)."""

from __future__ import annotations

import ast
import gzip
import hashlib
import io
import re
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import boto3
import botocore.exceptions
import pytest
from sitetools.cli import UserError, run
from sitetools.local_s3 import AWS_SETTINGS_TO_CLEAR, FAKE_CREDENTIALS, free_port, moto_server
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
# Upload order: assets, then pages and indexes, then the home pages.
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




@pytest.fixture(scope="session")
def endpoint():
    with moto_server() as (url, _process):
        yield url


@pytest.fixture(autouse=True)
def aws_env(monkeypatch, tmp_path):
    """Fake credentials; keep the machine's profiles, config files and endpoints out of the tests."""
    for name in AWS_SETTINGS_TO_CLEAR:
        monkeypatch.delenv(name, raising=False)
    for name, value in FAKE_CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv(
        "AWS_EC2_METADATA_DISABLED", "true"
    )  # no instance-metadata lookup when creds are absent


@pytest.fixture
def s3(endpoint):
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")


@pytest.fixture
def bucket(s3):
    name = f"test-{uuid.uuid4().hex[:16]}"
    s3.create_bucket(Bucket=name)
    return name


def keys(s3, bucket: str) -> list[str]:
    return sorted(entry["Key"] for entry in s3.list_objects_v2(Bucket=bucket).get("Contents", []))


def listing(s3, bucket: str) -> list[tuple[str, str, object]]:
    """Key, ETag and LastModified of every object: equal listings mean nothing was written."""
    entries = s3.list_objects_v2(Bucket=bucket).get("Contents", [])
    return sorted((e["Key"], e["ETag"], e["LastModified"]) for e in entries)


def cli(argv: list[str], capsys) -> tuple[int, list[str], list[str]]:
    """Run the CLI in-process as scripts/publish.py does; return (exit code, stdout lines, stderr lines)."""
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
            "access denied to bucket 'b' at http://e: expected permission to list, read, "
            "write and delete objects",
        ),
        (
            "403",
            403,
            "access denied to bucket 'b' at http://e: expected permission to list, read, "
            "write and delete objects",
        ),
        (
            "InvalidAccessKeyId",
            403,
            "access key not recognised by http://e: expected a valid AWS_ACCESS_KEY_ID or profile",
        ),
        (
            "SignatureDoesNotMatch",
            403,
            "signature rejected by http://e: expected the AWS_SECRET_ACCESS_KEY "
            "that belongs to the access key",
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
        md5 = hashlib.md5((site / relpath).read_bytes()).hexdigest()
        assert (head["ContentType"], head["CacheControl"]) == (content_type, cache), relpath
        assert head["Metadata"] == {"md5": md5}
        assert head["ETag"] == f'"{md5}"'
        assert "ContentEncoding" not in head, relpath  # sitemap.xml.gz is served as a gzip file


def test_unchanged_republish_uploads_nothing(tmp_path, endpoint, s3, bucket, capsys):
    site = make_site(tmp_path / "site")
    assert cli(["--site", str(site), "--bucket", bucket, "--endpoint-url", endpoint], capsys)[0] == 0
    # Mark one object out of band: a rewrite would drop the mark.
    s3.copy_object(
        Bucket=bucket,
        Key="en/about/index.html",
        CopySource={"Bucket": bucket, "Key": "en/about/index.html"},
        Metadata={
            "md5": hashlib.md5((site / "en/about/index.html").read_bytes()).hexdigest(),
            "mark": "kept",
        },
        MetadataDirective="REPLACE",
        ContentType="text/html; charset=utf-8",
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
    part = s3.upload_part(
        Bucket=bucket, Key="assets/images/logo.png", UploadId=upload_id, PartNumber=1, Body=data
    )
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
    assert body == b"<html>about, corrected</html>"


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
        "no index.html": "no index.html at the site root: expected the output of `mkdocs build`, "
        "refusing to publish",
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
        cli(
            ["--site", str(site), "--bucket", bucket, "--endpoint-url", endpoint, "--prefix", "site"], capsys
        )[0]
        == 0
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
        f"publish: error: refusing to delete 3 objects under s3://{bucket}/site: the limit is 2; "
        "check the site directory, or pass --max-delete 3 to allow it"
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
        publish(
            site, bucket, endpoint_url=endpoint, delete=True, workers=1, out=log, on_uploaded=fail_after_three
        )

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
        assert s3.get_object(Bucket=bucket, Key=home)["Body"].read() == (tmp_path / "v1" / home).read_bytes()

    report = publish(site, bucket, endpoint_url=endpoint, delete=True, out=log)

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
    assert out == ""
    assert re.fullmatch(
        rf"publish: error: cannot reach endpoint {re.escape(url)}: connection refused or timed out "
        r"\(uploaded [5-9] of 200 changed files, deleted nothing; rerun to finish\)\n",
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

    code, out, err = cli(
        ["--site", str(site), "--bucket", "no-such-bucket", "--endpoint-url", endpoint], capsys
    )

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
        "publish: error: invalid bucket name 'Bad Name!': "
        "expected 3 to 63 lowercase letters, digits, dots and hyphens"
    ]


def test_bad_numbers_are_refused(tmp_path, monkeypatch):
    site = make_site(tmp_path / "site")
    with pytest.raises(UserError, match="--workers: expected at least 1, found 0"):
        publish(site, "any", workers=0)
    monkeypatch.setenv("PUBLISH_MAX_ATTEMPTS", "many")
    with pytest.raises(UserError, match="PUBLISH_MAX_ATTEMPTS: expected a number, found 'many'"):
        publish(site, "any")


# --- the script itself, as CI runs it ----------------------------------------------------------------------


def test_cli_script_first_publish(tmp_path, endpoint, s3, bucket):
    site = make_site(tmp_path / "site")

    result = subprocess.run(
        [
            sys.executable,
            "scripts/publish.py",
            "--site",
            str(site),
            "--bucket",
            bucket,
            "--endpoint-url",
            endpoint,
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

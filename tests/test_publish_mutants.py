"""publish.py in detail: the exact lines, headers, limits and settings mutation testing found unasserted.

In-process calls against one moto S3 server for the module (a real server over HTTP, boto3 unpatched).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import threading
from pathlib import Path

import botocore.exceptions
import pytest
from sitetools import publish as pub
from sitetools.cli import UserError, run
from sitetools.messages import speaking


@pytest.fixture(autouse=True)
def _fake_aws(aws_env):
    """conftest's fake credentials, no machine profile."""


def write(root: Path, files: dict[str, bytes | str]) -> Path:
    for relpath, data in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
    return root


def keys(s3, bucket: str) -> list[str]:
    return sorted(entry["Key"] for entry in s3.list_objects_v2(Bucket=bucket).get("Contents", []))


def client_error(code: str, status: int | None = None, message: str | None = "x") -> botocore.exceptions.ClientError:
    response: dict = {"Error": {"Code": code}}
    if message is not None:
        response["Error"]["Message"] = message
    if status is not None:
        response["ResponseMetadata"] = {"HTTPStatusCode": status}
    return botocore.exceptions.ClientError(response, "PutObject")


# --- pure helpers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relpath", "home"),
    [
        ("index.html", True),
        ("404.html", True),
        ("en/index.html", True),
        ("pt_BR/index.html", True),
        ("zh-Hant/404.html", True),
        ("eng/index.html", False),
        ("EN/index.html", False),
        ("e/index.html", False),
        ("pt-BRAZIL/index.html", False),
        ("en/about/index.html", False),
        ("en/other.html", False),
        ("sub/en/index.html", False),
    ],
)
def test_is_home_page(relpath, home):
    assert pub.is_home_page(relpath) is home


@pytest.mark.parametrize(
    ("relpath", "immutable"),
    [
        ("assets/main.484c7ddc.css", True),
        ("assets/a/b/main.484c7ddc.min.js.map", True),
        ("assets/x-y.484c7ddc.js", True),
        ("assets/main.484c7ddc.js.map", True),
        ("static/main.484c7ddc.css", False),
        ("x/assets/main.484c7ddc.css", False),
        ("assets/main.484c7dd.css", False),
        ("assets/main.484c7ddcc.css", False),
        ("assets/main.484C7DDC.css", False),
        ("assets/main.484c7ddc.max.css", False),
        ("assets/main.484c7ddc.css.gz", False),
        ("assets/main.484c7ddc.svg", False),
        ("assets/484c7ddc.css", False),
    ],
)
def test_fingerprinted_names_only_are_immutable(relpath, immutable):
    assert (pub.headers_for(relpath)[1] == pub.IMMUTABLE) is immutable


def test_header_table_constants():
    assert (pub.SHORT, pub.DAY, pub.IMMUTABLE) == (
        "public, max-age=300",
        "public, max-age=86400",
        "public, max-age=31536000, immutable",
    )
    assert (pub.ASSETS, pub.PAGES, pub.HOMES) == (0, 1, 2)
    assert (pub.DEFAULT_WORKERS, pub.DELETE_SHARE, pub.PREVIEWS, pub.DEFAULT_REGION) == (
        8,
        0.10,
        "previews",
        "us-east-1",
    )
    assert pub.RETRIES == {"max_attempts": 5, "connect_timeout": 5.0, "read_timeout": 30.0}
    assert pub.MAX_ATTEMPTS_LIMIT == 20
    assert pub.HOME_PAGES == ("index.html", "404.html")


@pytest.mark.parametrize(
    ("relpath", "compressible"),
    [("a.html", True), ("a.svg", True), ("a.png", False), ("sitemap.xml.gz", False), ("a.zip", False)],
)
def test_is_compressible(relpath, compressible):
    assert pub.is_compressible(relpath) is compressible


def test_encode_is_deterministic_maximum_gzip():
    data = b"hello hello hello " * 50
    assert pub.encode(data) == gzip.compress(data, compresslevel=9, mtime=0)
    assert pub.encode(data) != gzip.compress(data, compresslevel=1, mtime=0)


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("", ""), ("/", ""), ("a", "a"), ("/a//b/", "a/b"), ("previews/pr-1/", "previews/pr-1")],
)
def test_normalize_prefix(prefix, expected):
    assert pub.normalize_prefix(prefix) == expected


@pytest.mark.parametrize("prefix", ["a/../b", "./a", "a/."])
def test_normalize_prefix_refuses_dots(prefix):
    with pytest.raises(UserError) as caught:
        pub.normalize_prefix(prefix)
    assert caught.value.render("en") == f"invalid --prefix {prefix!r}: expected a plain folder path, found '.' or '..'"


def test_keys_and_relpaths():
    assert pub.key_for("", "a/b.html") == "a/b.html"
    assert pub.key_for("p/q", "a.html") == "p/q/a.html"
    assert pub.relpath_for("", "a/b.html") == "a/b.html"
    assert pub.relpath_for("p/q", "p/q/a.html") == "a.html"


def test_shown_escapes_bytes_that_are_not_utf8():
    assert pub.shown(Path("/x/caf\udce9.html")) == "/x/caf\\xe9.html"
    assert pub.shown("plain/é.html") == "plain/é.html"


@pytest.mark.parametrize(
    ("dry_run", "lang", "expected"),
    [
        (False, "en", "uploaded 2, unchanged 1, deleted 3"),
        (True, "en", "dry run: would have uploaded 2, unchanged 1, deleted 3"),
    ],
)
def test_report_summary(dry_run, lang, expected):
    report = pub.Report(uploaded=[("a", "new"), ("b", "changed")], unchanged=["c"], deleted=["d", "e", "f"])
    report.dry_run = dry_run
    assert report.summary(lang) == expected
    assert (pub.Report().uploaded, pub.Report().dry_run) == ([], False)


# --- retry settings ---------------------------------------------------------------------------------------------


def test_retry_settings_defaults_and_overrides(monkeypatch):
    assert pub.retry_settings() == {"max_attempts": 5, "connect_timeout": 5.0, "read_timeout": 30.0}
    monkeypatch.setenv("PUBLISH_MAX_ATTEMPTS", "7")
    monkeypatch.setenv("PUBLISH_CONNECT_TIMEOUT", "2.5")
    monkeypatch.setenv("PUBLISH_READ_TIMEOUT", "9")
    assert pub.retry_settings() == {"max_attempts": 7.0, "connect_timeout": 2.5, "read_timeout": 9.0}
    assert pub.retry_settings(max_attempts=3, connect_timeout=1, read_timeout=3600) == {
        "max_attempts": 3,
        "connect_timeout": 1,
        "read_timeout": 3600,
    }
    monkeypatch.setenv("PUBLISH_MAX_ATTEMPTS", "")  # empty: the default
    assert pub.retry_settings()["max_attempts"] == 5


@pytest.mark.parametrize(("attempts", "ok"), [(1, True), (20, True), (0, False), (21, False)])
def test_retry_settings_attempt_bounds(attempts, ok):
    if ok:
        assert pub.retry_settings(max_attempts=attempts)["max_attempts"] == attempts
    else:
        with pytest.raises(UserError) as caught:
            pub.retry_settings(max_attempts=attempts)
        assert caught.value.render("en") == f"max attempts: expected a whole number from 1 to 20, found {attempts}"


@pytest.mark.parametrize("name", ["connect_timeout", "read_timeout"])
@pytest.mark.parametrize(("seconds", "ok"), [(0.001, True), (3600, True), (0, False), (3600.5, False)])
def test_retry_settings_timeout_bounds(name, seconds, ok):
    if ok:
        assert pub.retry_settings(**{name: seconds})[name] == seconds
    else:
        with pytest.raises(UserError) as caught:
            pub.retry_settings(**{name: seconds})
        where = name.replace("_", " ")
        assert caught.value.render("en") == f"{where}: expected seconds above 0 and at most 3600, found {seconds:g}"


def test_retry_settings_from_the_environment_name_the_variable(monkeypatch):
    monkeypatch.setenv("PUBLISH_CONNECT_TIMEOUT", "4000")
    with pytest.raises(UserError) as caught:
        pub.retry_settings()
    assert caught.value.render("en") == "PUBLISH_CONNECT_TIMEOUT: expected seconds above 0 and at most 3600, found 4000"
    monkeypatch.delenv("PUBLISH_CONNECT_TIMEOUT")
    monkeypatch.setenv("PUBLISH_MAX_ATTEMPTS", "30")
    with pytest.raises(UserError) as caught:
        pub.retry_settings()
    assert caught.value.render("en") == "PUBLISH_MAX_ATTEMPTS: expected a whole number from 1 to 20, found 30"
    monkeypatch.setenv("PUBLISH_MAX_ATTEMPTS", "3")
    monkeypatch.setenv("PUBLISH_READ_TIMEOUT", "inf")
    with pytest.raises(UserError) as caught:
        pub.retry_settings()
    assert caught.value.render("en") == "PUBLISH_READ_TIMEOUT: expected a number of seconds, found 'inf'"


# --- the S3 client --------------------------------------------------------------------------------------------


def test_client_settings(endpoint):
    settings = {"max_attempts": 3.0, "connect_timeout": 1.5, "read_timeout": 7.0}
    client = pub.make_client(endpoint, None, None, settings)
    config = client.meta.config
    assert client.meta.endpoint_url == endpoint
    assert client.meta.region_name == "us-east-1"
    assert config.retries == {"total_max_attempts": 4, "mode": "standard"}  # botocore counts the first try
    assert type(config.retries["total_max_attempts"]) is int
    assert (config.connect_timeout, config.read_timeout) == (1.5, 7.0)
    assert (config.request_checksum_calculation, config.response_checksum_validation) == (
        "when_required",
        "when_required",
    )
    assert config.s3 == {"addressing_style": "path"}
    aws = pub.make_client(None, "eu-west-3", None, settings)
    assert (aws.meta.region_name, aws.meta.config.s3) == ("eu-west-3", None)


def test_client_region_defaults_to_us_east_1(monkeypatch, endpoint):
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    client = pub.make_client(endpoint, None, None, pub.retry_settings())
    assert client.meta.region_name == "us-east-1"


def test_client_refusals_are_one_line(endpoint):
    settings = pub.retry_settings()
    cases = [
        ((endpoint, None, "nobody", settings), "AWS profile 'nobody' not found in the AWS config files"),
        (
            (endpoint, "not a region!", None, settings),
            "invalid --region 'not a region!': expected a region name such as eu-west-3",
        ),
        (
            ("not a url", None, None, settings),
            "invalid --endpoint-url 'not a url': expected a URL such as https://s3.example.com",
        ),
    ]
    for args, expected in cases:
        with pytest.raises(UserError) as caught:
            pub.make_client(*args)
        assert caught.value.render("en") == expected


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            client_error("AllAccessDisabled"),
            "access denied to bucket 'b' at http://e: expected permission to list, read, write and delete objects",
        ),
        (
            client_error("Forbidden"),
            "access denied to bucket 'b' at http://e: expected permission to list, read, write and delete objects",
        ),
        (
            client_error("Odd", 403),
            "access denied to bucket 'b' at http://e: expected permission to list, read, write and delete objects",
        ),
        (client_error("PermanentRedirect"), "bucket 'b' is in another region than the client's: pass its --region"),
        (
            client_error("AuthorizationHeaderMalformed"),
            "bucket 'b' is in another region than the client's: pass its --region",
        ),
        (client_error("301"), "bucket 'b' is in another region than the client's: pass its --region"),
        (client_error("Moved", 301), "bucket 'b' is in another region than the client's: pass its --region"),
        (
            client_error("SlowDown", 503, "Please\n  reduce   your rate"),
            "S3 request to http://e failed: SlowDown: Please reduce your rate",
        ),
        (client_error("", 500, None), "S3 request to http://e failed: 500: no message"),
        (client_error("Boom", None, ""), "S3 request to http://e failed: Boom: no message"),
        (
            botocore.exceptions.NoCredentialsError(),
            "no AWS credentials found: expected AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment "
            "or a profile (--profile / AWS_PROFILE)",
        ),
        (
            botocore.exceptions.PartialCredentialsError(provider="env", cred_var="AWS_SECRET_ACCESS_KEY"),
            "incomplete AWS credentials in env: expected both keys, AWS_SECRET_ACCESS_KEY is missing",
        ),
        (
            botocore.exceptions.EndpointConnectionError(endpoint_url="http://e"),
            "cannot reach endpoint http://e: connection refused or timed out",
        ),
        (
            botocore.exceptions.ConnectTimeoutError(endpoint_url="http://e"),
            "cannot reach endpoint http://e: connection refused or timed out",
        ),
        (
            botocore.exceptions.ReadTimeoutError(endpoint_url="http://e"),
            "cannot reach endpoint http://e: connection refused or timed out",
        ),
        (
            botocore.exceptions.HTTPClientError(error="reset"),
            "cannot reach endpoint http://e: connection refused or timed out",
        ),
        (
            botocore.exceptions.ParamValidationError(report='Invalid bucket name "B B"'),
            "invalid bucket name 'b': expected 3 to 63 lowercase letters, digits, dots and hyphens",
        ),
        (
            botocore.exceptions.ParamValidationError(report="Missing\n required   Key"),
            "S3 client error at http://e: Parameter validation failed: Missing required Key",
        ),
    ],
)
def test_explain_every_kind_of_error(error, expected):
    assert pub.explain(error, "b", "http://e").render("en") == expected


def test_explain_partial_credentials_without_details():
    error = botocore.exceptions.PartialCredentialsError(provider="env", cred_var="x")
    error.kwargs = {}
    assert (
        pub.explain(error, "b", "e").render("en") == "incomplete AWS credentials in ?: expected both keys, ? is missing"
    )


# --- remote comparison -----------------------------------------------------------------------------------------


def local_file(tmp_path: Path, relpath: str, data: bytes, compressed: bool = False) -> pub.LocalFile:
    path = write(tmp_path, {relpath: data}) / relpath
    body = pub.encode(data) if compressed else data
    return pub.LocalFile(relpath, path, hashlib.md5(body).hexdigest(), len(body), compressed)


def test_is_unchanged_decides_by_size_etag_then_metadata(tmp_path, endpoint, s3, bucket):
    client = pub.make_client(endpoint, None, None, pub.retry_settings())
    local = local_file(tmp_path, "a.png", b"PNG bytes")
    md5 = local.md5
    # Size differs: changed, whatever the ETag says.
    assert pub.is_unchanged(client, bucket, "a.png", local, {"Size": 3, "ETag": f'"{md5}"'}) is False
    # Same size and ETag (any case): unchanged without asking the server (the key does not even exist).
    assert pub.is_unchanged(client, bucket, "a.png", local, {"Size": local.size, "ETag": f'"{md5.upper()}"'}) is True
    # Another ETag: the md5 metadata decides; a key deleted since the listing is changed.
    entry = {"Size": local.size, "ETag": '"0-1"'}
    assert pub.is_unchanged(client, bucket, "a.png", local, entry) is False
    s3.put_object(Bucket=bucket, Key="a.png", Body=b"PNG bytes", Metadata={"md5": md5.upper()})
    assert pub.is_unchanged(client, bucket, "a.png", local, entry) is True
    s3.put_object(Bucket=bucket, Key="a.png", Body=b"PNG bytes", Metadata={"md5": "0" * 32})
    assert pub.is_unchanged(client, bucket, "a.png", local, entry) is False
    s3.put_object(Bucket=bucket, Key="a.png", Body=b"PNG bytes")
    assert pub.is_unchanged(client, bucket, "a.png", local, entry) is False


def test_list_remote_reads_every_page_under_the_prefix(endpoint, s3, bucket):
    client = pub.make_client(endpoint, None, None, pub.retry_settings())
    assert pub.list_remote(client, bucket, "") == {}
    for key in ("p/a", "p/b", "p-old/c", "q"):
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    assert sorted(pub.list_remote(client, bucket, "p")) == ["p/a", "p/b"]
    assert sorted(pub.list_remote(client, bucket, "")) == ["p-old/c", "p/a", "p/b", "q"]
    assert pub.list_remote(client, bucket, "p")["p/a"]["Size"] == 3


def test_upload_stores_headers_md5_and_bytes(tmp_path, endpoint, s3, bucket):
    client = pub.make_client(endpoint, None, None, pub.retry_settings())
    page = local_file(tmp_path, "en/a.html", b"<html>a</html>", compressed=True)
    image = local_file(tmp_path, "i.png", b"PNG")
    pub.upload(client, bucket, "x/en/a.html", page)
    pub.upload(client, bucket, "x/i.png", image)
    head = s3.head_object(Bucket=bucket, Key="x/en/a.html")
    assert (head["ContentType"], head["CacheControl"], head["ContentEncoding"]) == (
        "text/html; charset=utf-8",
        "public, max-age=300",
        "gzip",
    )
    assert head["Metadata"] == {"md5": page.md5}
    assert s3.get_object(Bucket=bucket, Key="x/en/a.html")["Body"].read() == pub.encode(b"<html>a</html>")
    head = s3.head_object(Bucket=bucket, Key="x/i.png")
    assert (head["ContentType"], head["CacheControl"], "ContentEncoding" in head) == ("image/png", pub.DAY, False)
    assert head["Metadata"] == {"md5": hashlib.md5(b"PNG").hexdigest()}


def test_local_file_body_refuses_a_changed_file(tmp_path):
    local = local_file(tmp_path, "a.html", b"<p>one</p>", compressed=True)
    assert local.body() == pub.encode(b"<p>one</p>")
    local.path.write_bytes(b"<p>two</p>")
    with pytest.raises(UserError) as caught:
        local.body()
    assert caught.value.render("en") == (
        f"{local.path}: file changed during the publish: expected the site to stay unchanged until the publish "
        "ends; rebuild the site, then rerun"
    )
    local.path.unlink()
    local.path.mkdir()
    with pytest.raises(UserError) as caught:
        local.body()
    assert caught.value.render("en") == f"{local.path}: cannot read file: Is a directory"


# --- scanning the site -----------------------------------------------------------------------------------------


def test_scan_site_gives_each_file_its_upload_md5_and_size(tmp_path):
    site = write(tmp_path / "site", {"index.html": "<html>home</html>", "b/i.png": b"PNG", "b/c.css": "a{}"})
    files = pub.scan_site(site)
    assert [(f.relpath, f.path, f.compressed) for f in files] == [
        ("b/c.css", site / "b/c.css", True),
        ("b/i.png", site / "b/i.png", False),
        ("index.html", site / "index.html", True),
    ]
    html = pub.encode(b"<html>home</html>")
    assert (files[2].md5, files[2].size) == (hashlib.md5(html).hexdigest(), len(html))
    assert (files[1].md5, files[1].size) == (hashlib.md5(b"PNG").hexdigest(), 3)
    plain = pub.scan_site(site, compress=False)
    assert [f.compressed for f in plain] == [False, False, False]
    assert (plain[2].md5, plain[2].size) == (hashlib.md5(b"<html>home</html>").hexdigest(), 17)


def test_scan_site_refuses_a_file_as_site(tmp_path):
    site = write(tmp_path, {"site": "not a folder"}) / "site"
    with pytest.raises(UserError) as caught:
        pub.scan_site(site)
    assert caught.value.render("en") == f"{site}: not a directory: expected the folder written by `mkdocs build`"


def test_scan_site_refuses_a_home_page_that_is_a_folder(tmp_path):
    site = write(tmp_path / "site", {"index.html/x.txt": "x"})
    with pytest.raises(UserError) as caught:
        pub.scan_site(site)
    assert caught.value.render("en") == (
        f"{site}: no index.html at the site root: expected the output of `mkdocs build`, refusing to publish"
    )


def test_site_paths_follow_inner_links_once(tmp_path):
    site = write(tmp_path / "site", {"index.html": "h", "a/x.txt": "x"})
    (site / "a/loop").symlink_to(site / "a", target_is_directory=True)  # a cycle: walked once
    (site / "b").symlink_to(site / "a", target_is_directory=True)  # the same folder by another name
    found = [p.relative_to(site).as_posix() for p in pub._site_paths(site)]
    assert found in (["a/x.txt", "index.html"], ["b/x.txt", "index.html"])


def test_site_paths_refuse_an_unreadable_folder(tmp_path):
    site = write(tmp_path / "site", {"index.html": "h"})
    (site / "gone").symlink_to(site / "missing-target", target_is_directory=True)
    # A dangling link inside the site is neither file nor folder: skipped.
    assert [p.name for p in pub._site_paths(site)] == ["index.html"]


# --- sign-off ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "pending"),
    [
        ('<meta name="clinical-review" content="pending">', True),
        ('<META NAME=" Clinical-Review " CONTENT=" PENDING ">', True),
        ('<meta name="clinical-review" content>', False),
        ("<meta name content=pending>", False),
        ('<link name="clinical-review" content="pending">', False),
        ('<meta name="clinical-review" content="signed">', False),
        ('<meta name="description" content="pending">', False),
    ],
)
def test_review_tag(html, pending):
    parser = pub._ReviewTag()
    parser.feed(html)
    assert parser.pending is pending


def test_only_html_pages_need_a_sign_off(tmp_path):
    pending = '<meta name="clinical-review" content="pending">'
    site = write(tmp_path / "site", {"index.html": pending, "notes.txt": pending, "a.htm": pending, "b.html": "ok"})
    files = pub.scan_site(site)
    assert [f.relpath for f in pub.pages_not_signed_off(files)] == ["index.html"]


def test_one_page_not_signed_off_is_said_in_the_singular(tmp_path, capsys):
    site = write(tmp_path / "site", {"index.html": '<meta name="clinical-review" content="pending">'})
    err = io.StringIO()
    with pytest.raises(UserError) as caught:
        pub.publish(site, "any", require_sign_off=True, err=err)
    assert err.getvalue() == f"{site}/index.html: not signed off by a clinician\n"
    assert caught.value.render("en") == (
        "refusing to publish: 1 page not signed off by a clinician (--require-sign-off); "
        "a clinician reviews them, then their clinical_review is set"
    )
    assert capsys.readouterr() == ("", "")


# --- the offline zip and the deletion guard ----------------------------------------------------------------------


def test_offline_zip_name(tmp_path):
    assert pub.offline_zip_name() == "cimentoplastie-hors-ligne.zip"
    cases = {
        "site_name: x\nextra:\n  offline_zip: copy.zip\n": "copy.zip",
        "site_name: x\n": None,
        "site_name: x\nextra:\n": None,
        "site_name: x\nextra:\n  offline_zip: ''\n": None,
        "site_name: x\nextra:\n  offline_zip: 3\n": None,
        "- not a mapping\n": None,
    }
    for number, (text, expected) in enumerate(cases.items()):
        root = write(tmp_path / str(number), {"mkdocs.yml": text})
        assert pub.offline_zip_name(root) == expected, text
    assert pub.offline_zip_name(tmp_path / "nothing") is None


@pytest.mark.parametrize(
    ("objects", "stale", "allowed"),
    [(9, 0, True), (10, 1, True), (19, 1, True), (19, 2, False), (20, 2, True), (20, 3, False), (5, 1, False)],
)
def test_default_guard_is_a_tenth_rounded_down(objects, stale, allowed):
    remote = {f"p/k{n}": {} for n in range(objects)}
    names = sorted(remote)[:stale]
    if allowed:
        pub.check_deletions(names, remote, "b", "p", None)
        return
    with pytest.raises(UserError) as caught:
        pub.check_deletions(names, remote, "b", "p", None)
    limit = objects // 10
    assert caught.value.render("en") == (
        f"refusing to delete {stale} of the {objects} objects under s3://b/p: more than 10 % of them "
        f"(limit {limit}); check the site directory, or pass --max-delete {stale} to allow it"
    )


def test_max_delete_is_an_inclusive_limit():
    remote = {f"k{n}": {} for n in range(4)}
    pub.check_deletions(["k0", "k1"], remote, "b", "", 2)
    pub.check_deletions([], remote, "b", "", 0)
    with pytest.raises(UserError) as caught:
        pub.check_deletions(["k0"], remote, "b", "", 0)
    assert caught.value.render("en") == (
        "refusing to delete 1 of the 4 objects under s3://b/: the limit is 0 (--max-delete); "
        "check the site directory, or pass --max-delete 1 to allow it"
    )


def test_the_first_home_page_is_named_relative_to_the_prefix():
    remote = {"p/en/index.html": {}, "p/fr/404.html": {}, "p/x": {}}
    with pytest.raises(UserError) as caught:
        pub.check_deletions(["p/en/index.html", "p/fr/404.html"], remote, "b", "p", 100)
    assert caught.value.render("en") == (
        "refusing to delete the home page en/index.html under s3://b/p: the site folder has none; "
        "check the site directory (a publish never deletes a home page)"
    )


# --- _run_all ----------------------------------------------------------------------------------------------------


def test_run_all_returns_results_in_order_and_stops_after_the_first_failure():
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pub._run_all(pool, [lambda n=n: n * n for n in range(5)]) == [0, 1, 4, 9, 16]
        assert pub._run_all(pool, []) == []
        ran: list[int] = []

        def task(n: int) -> int:
            ran.append(n)
            if n == 1:
                raise ValueError(f"failed {n}")
            return n

        with pytest.raises(ValueError, match="^failed 1$"):
            pub._run_all(pool, [lambda n=n: task(n) for n in range(4)])
        assert ran == [0, 1]


def test_run_all_with_workers_waits_for_running_tasks_and_raises_the_failure():
    from concurrent.futures import ThreadPoolExecutor

    started = threading.Event()
    release = threading.Event()
    finished: list[str] = []

    def slow() -> str:
        started.set()
        release.wait(5)
        finished.append("slow")
        return "slow"

    def failing() -> None:
        started.wait(5)
        release.set()
        raise KeyError("boom")

    with ThreadPoolExecutor(max_workers=2) as pool:
        with pytest.raises(KeyError):
            pub._run_all(pool, [slow, failing, lambda: finished.append("late")])
    assert finished == ["slow"]


# --- publish and remove_prefix end to end ----------------------------------------------------------------------


SITE = {
    "index.html": "<html>root</html>",
    "fr/index.html": "<html>accueil</html>",
    "fr/page/index.html": "<html>page</html>",
    "assets/app.0123abcd.min.js": "console.log(1)",
    "assets/logo.png": b"PNG",
    "sitemap.xml.gz": gzip.compress(b"<urlset/>", mtime=0),
}


def test_publish_under_a_prefix_with_eight_workers(tmp_path, endpoint, s3, bucket):
    site = write(tmp_path / "site", SITE)
    out = io.StringIO()
    report = pub.publish(site, bucket, prefix="/live/", endpoint_url=endpoint, out=out)
    assert keys(s3, bucket) == sorted(f"live/{relpath}" for relpath in SITE)
    lines = out.getvalue().splitlines()
    assert lines[:2] == sorted(lines[:2]) or set(lines[:2]) == {
        "upload  assets/app.0123abcd.min.js  (new)",
        "upload  assets/logo.png  (new)",
    }
    assert set(lines[:2]) == {"upload  assets/app.0123abcd.min.js  (new)", "upload  assets/logo.png  (new)"}
    assert set(lines[2:4]) == {"upload  fr/page/index.html  (new)", "upload  sitemap.xml.gz  (new)"}
    assert set(lines[4:]) == {"upload  fr/index.html  (new)", "upload  index.html  (new)"}
    assert sorted(report.uploaded) == sorted((relpath, "new") for relpath in SITE)
    assert (report.unchanged, report.deleted, report.dry_run) == ([], [], False)
    head = s3.head_object(Bucket=bucket, Key="live/assets/app.0123abcd.min.js")
    assert (head["ContentType"], head["CacheControl"], head["ContentEncoding"]) == (
        "text/javascript; charset=utf-8",
        pub.IMMUTABLE,
        "gzip",
    )
    head = s3.head_object(Bucket=bucket, Key="live/sitemap.xml.gz")
    assert (head["ContentType"], head["CacheControl"], "ContentEncoding" in head) == (
        "application/gzip",
        pub.SHORT,
        False,
    )
    # Republished: nothing to do, in site order.
    again = pub.publish(site, bucket, prefix="live", endpoint_url=endpoint, out=io.StringIO())
    assert (again.uploaded, again.unchanged) == ([], sorted(SITE))


def test_dry_run_lists_changes_and_deletions_in_order(tmp_path, endpoint, s3, bucket):
    site = write(tmp_path / "site", SITE)
    pub.publish(site, bucket, endpoint_url=endpoint, workers=1, out=io.StringIO())
    write(site, {"fr/page/index.html": "<html>page 2</html>", "assets/new.png": b"new"})
    for key in ("old-b.html", "old-a.html", "previews/pr-1/index.html", "cimentoplastie-hors-ligne.zip"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    out = io.StringIO()
    report = pub.publish(
        site,
        bucket,
        endpoint_url=endpoint,
        delete=True,
        max_delete=2,
        keep=("cimentoplastie-hors-ligne.zip",),
        dry_run=True,
        out=out,
    )
    assert out.getvalue().splitlines() == [
        "upload  assets/new.png  (new)",
        "upload  fr/page/index.html  (changed)",
        "delete  old-a.html",
        "delete  old-b.html",
    ]
    assert report.uploaded == [("assets/new.png", "new"), ("fr/page/index.html", "changed")]
    assert report.deleted == ["old-a.html", "old-b.html"]
    assert report.dry_run is True
    assert report.summary("en") == "dry run: would have uploaded 2, unchanged 5, deleted 2"


def test_delete_prints_each_deletion_and_keeps_the_named_files(tmp_path, endpoint, s3, bucket):
    site = write(tmp_path / "site", SITE)
    pub.publish(site, bucket, prefix="p", endpoint_url=endpoint, out=io.StringIO())
    for key in ("p/old.html", "p/keep.zip", "p/previews/x.html", "other.html"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    out = io.StringIO()
    with speaking("fr"):
        report = pub.publish(
            site,
            bucket,
            prefix="p",
            endpoint_url=endpoint,
            delete=True,
            max_delete=1,
            keep=("keep.zip",),
            out=out,
            workers=2,
        )
    assert out.getvalue() == "suppression  old.html\n"
    assert report.deleted == ["old.html"]
    assert keys(s3, bucket) == sorted(
        ["other.html", "p/keep.zip", "p/previews/x.html", *(f"p/{relpath}" for relpath in SITE)]
    )


def test_publish_without_delete_leaves_stale_objects(tmp_path, endpoint, s3, bucket):
    site = write(tmp_path / "site", SITE)
    s3.put_object(Bucket=bucket, Key="index.htm", Body=b"x")
    report = pub.publish(site, bucket, endpoint_url=endpoint, max_delete=0, out=io.StringIO())
    assert report.deleted == []
    assert "index.htm" in keys(s3, bucket)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"workers": 0}, "--workers: expected at least 1, found 0"),
        ({"max_delete": -1}, "--max-delete: expected 0 or more, found -1"),
        ({"prefix": "a/.."}, "invalid --prefix 'a/..': expected a plain folder path, found '.' or '..'"),
        ({"max_attempts": 0}, "max attempts: expected a whole number from 1 to 20, found 0"),
        ({"read_timeout": 0}, "read timeout: expected seconds above 0 and at most 3600, found 0"),
        ({"connect_timeout": 4000}, "connect timeout: expected seconds above 0 and at most 3600, found 4000"),
    ],
)
def test_publish_refuses_bad_arguments(tmp_path, kwargs, expected):
    site = write(tmp_path / "site", SITE)
    with pytest.raises(UserError) as caught:
        pub.publish(site, "any", **kwargs)
    assert caught.value.render("en") == expected


def test_publish_accepts_zero_deletions_and_one_worker(tmp_path, endpoint, bucket):
    site = write(tmp_path / "site", SITE)
    report = pub.publish(site, bucket, endpoint_url=endpoint, workers=1, max_delete=0, delete=True, out=io.StringIO())
    assert len(report.uploaded) == len(SITE)


def test_publish_prints_in_the_callers_language_from_every_thread(tmp_path, endpoint, bucket):
    site = write(tmp_path / "site", SITE)
    out = io.StringIO()
    with speaking("fr"):
        pub.publish(site, bucket, endpoint_url=endpoint, workers=4, out=out)
    assert sorted(out.getvalue().splitlines()) == sorted(f"envoi  {relpath}  (nouveau)" for relpath in SITE)
    write(site, {"assets/logo.png": b"PNG2"})
    out = io.StringIO()
    with speaking("fr"):
        pub.publish(site, bucket, endpoint_url=endpoint, workers=4, out=out)
    assert out.getvalue() == "envoi  assets/logo.png  (modifié)\n"


def test_a_failed_upload_names_the_file_and_what_was_done(tmp_path, endpoint, s3, bucket):
    site = write(tmp_path / "site", SITE)
    pub.publish(site, bucket, endpoint_url=endpoint, out=io.StringIO())
    s3.put_object(Bucket=bucket, Key="old.html", Body=b"x")
    write(site, {"assets/logo.png": b"PNG2", "index.html": "<html>root 2</html>"})

    def drop_the_bucket(relpath: str) -> None:
        for key in keys(s3, bucket):
            s3.delete_object(Bucket=bucket, Key=key)
        s3.delete_bucket(Bucket=bucket)

    with pytest.raises(UserError) as caught:
        pub.publish(
            site,
            bucket,
            endpoint_url=endpoint,
            delete=True,
            max_delete=1,
            workers=1,
            out=io.StringIO(),
            on_uploaded=drop_the_bucket,
        )
    assert caught.value.render("en") == (
        f"{site}/index.html: bucket {bucket!r} does not exist at {endpoint} "
        "(uploaded 1 of 2 changed files, deleted nothing; rerun to finish)"
    )


def test_a_failed_deletion_says_some_were_deleted(tmp_path, endpoint, s3, bucket):
    site = write(tmp_path / "site", SITE)
    pub.publish(site, bucket, endpoint_url=endpoint, out=io.StringIO())
    s3.put_object(Bucket=bucket, Key="old.html", Body=b"x")
    s3.put_object(Bucket=bucket, Key="index.htm", Body=b"x")
    out = io.StringIO()
    gone = threading.Event()

    class DropBucketOnFirstDelete(io.StringIO):
        def write(self, text: str) -> int:
            if text.startswith("delete") and not gone.is_set():
                gone.set()
                for key in keys(s3, bucket):
                    s3.delete_object(Bucket=bucket, Key=key)
                s3.delete_bucket(Bucket=bucket)
            return out.write(text)

    with pytest.raises(UserError) as caught:
        pub.publish(
            site, bucket, endpoint_url=endpoint, delete=True, max_delete=2, workers=1, out=DropBucketOnFirstDelete()
        )
    assert out.getvalue() == "delete  index.htm\n"
    assert caught.value.render("en") == (
        f"old.html: bucket {bucket!r} does not exist at {endpoint} "
        "(uploaded 0 of 0 changed files, deleted some stale objects; rerun to finish)"
    )


def test_an_unknown_bucket_while_planning_is_one_line(tmp_path, endpoint):
    site = write(tmp_path / "site", SITE)
    with pytest.raises(UserError) as caught:
        pub.publish(site, "no-such-bucket-mut", endpoint_url=endpoint, out=io.StringIO())
    assert caught.value.render("en") == f"bucket 'no-such-bucket-mut' does not exist at {endpoint}"


def test_remove_prefix_deletes_prints_and_dry_runs(endpoint, s3, bucket):
    for key in ("previews/pr-2/b.html", "previews/pr-2/a.html", "previews/pr-20/a.html", "index.html"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    out = io.StringIO()
    report = pub.remove_prefix(bucket, "/previews//pr-2/", endpoint_url=endpoint, dry_run=True, out=out)
    assert out.getvalue() == "delete  a.html\ndelete  b.html\n"
    assert (report.deleted, report.dry_run) == (["a.html", "b.html"], True)
    assert len(keys(s3, bucket)) == 4
    out = io.StringIO()
    report = pub.remove_prefix(bucket, "previews/pr-2", endpoint_url=endpoint, workers=1, out=out)
    assert out.getvalue() == "delete  a.html\ndelete  b.html\n"
    assert (report.deleted, report.dry_run) == (["a.html", "b.html"], False)
    assert keys(s3, bucket) == ["index.html", "previews/pr-20/a.html"]


def test_remove_prefix_refusals(endpoint):
    with pytest.raises(UserError) as caught:
        pub.remove_prefix("b", "previews/pr-1", workers=0)
    assert caught.value.render("en") == "--workers: expected at least 1, found 0"
    with pytest.raises(UserError) as caught:
        pub.remove_prefix("no-such-bucket-mut", "previews/pr-1", endpoint_url=endpoint, out=io.StringIO())
    assert caught.value.render("en") == f"bucket 'no-such-bucket-mut' does not exist at {endpoint}"


def test_remove_prefix_failing_midway_says_how_many_went(endpoint, s3, bucket):
    for key in ("previews/pr-3/a.html", "previews/pr-3/b.html", "previews/pr-3/c.html"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    out = io.StringIO()

    class DropBucketOnFirstLine(io.StringIO):
        def write(self, text: str) -> int:
            if text.startswith("delete") and not out.getvalue():
                for key in keys(s3, bucket):
                    s3.delete_object(Bucket=bucket, Key=key)
                s3.delete_bucket(Bucket=bucket)
            return out.write(text)

    with pytest.raises(UserError) as caught:
        pub.remove_prefix(bucket, "previews/pr-3", endpoint_url=endpoint, workers=1, out=DropBucketOnFirstLine())
    assert caught.value.render("en") == (
        f"previews/pr-3/b.html: bucket {bucket!r} does not exist at {endpoint} (deleted 1 of 3; rerun to finish)"
    )


# --- the command line ------------------------------------------------------------------------------------------


def test_every_option_of_the_command_line():
    parser = pub.build_parser()
    assert (parser.prog, parser.formatter_class.__name__) == ("publish.py", "RawDescriptionHelpFormatter")
    options = {
        action.dest: (action.option_strings, action.default, action.required, action.metavar, action.type, action.help)
        for action in parser._actions
    }
    assert options == {
        "help": (["-h", "--help"], "==SUPPRESS==", False, None, None, "show this help message and exit"),
        "site": (["--site"], None, False, None, None, "built site directory (the output of `mkdocs build`)"),
        "bucket": (["--bucket"], None, True, None, None, "bucket name"),
        "prefix": (["--prefix"], "", False, None, None, "folder inside the bucket (default: the bucket root)"),
        "endpoint_url": (
            ["--endpoint-url"],
            None,
            False,
            None,
            None,
            "S3-compatible endpoint, e.g. https://s3.gra.io.cloud.ovh.net",
        ),
        "region": (
            ["--region"],
            None,
            False,
            None,
            None,
            "region (default: from the environment or profile, else us-east-1)",
        ),
        "profile": (
            ["--profile"],
            None,
            False,
            None,
            None,
            "named profile from the AWS config files (default: AWS_PROFILE)",
        ),
        "delete": (
            ["--delete"],
            False,
            False,
            None,
            None,
            "delete objects under the prefix the site no longer has (never a home page or the offline zip)",
        ),
        "max_delete": (
            ["--max-delete"],
            None,
            False,
            "N",
            int,
            "with --delete, allow up to N deletions (default: 10 %% of the objects under the prefix)",
        ),
        "compress": (
            ["--no-compress"],
            True,
            False,
            None,
            None,
            "store text files as they are (default: gzip-compressed, with Content-Encoding: gzip)",
        ),
        "require_sign_off": (
            ["--require-sign-off"],
            False,
            False,
            None,
            None,
            "refuse to publish when a page is not signed off by a clinician (clinical_review: pending)",
        ),
        "remove_prefix": (
            ["--remove-prefix"],
            False,
            False,
            None,
            None,
            "delete every object under --prefix, which must lie under previews/ (no --site)",
        ),
        "dry_run": (["--dry-run"], False, False, None, None, "print what would change, change nothing"),
        "lang": (
            ["--lang"],
            None,
            False,
            None,
            None,
            "language of the messages (default: from the locale, French when unsure)",
        ),
        "workers": (["--workers"], 8, False, "N", int, "parallel uploads (default: 8)"),
    }


def test_description_is_empty_when_the_script_is_missing(tmp_path, monkeypatch):
    assert pub._description().startswith("Publish the built site to an S3 bucket")
    monkeypatch.setattr(pub, "__file__", str(tmp_path / "sitetools" / "publish.py"))
    assert pub._description() == ""
    write(tmp_path, {"publish.py": '"""Doc."""\n'})
    assert pub._description() == "Doc."
    write(tmp_path, {"publish.py": "x = 1\n"})
    assert pub._description() == ""
    write(tmp_path, {"publish.py": "def (:\n"})
    assert pub._description() == ""
    write(tmp_path, {"publish.py": '"""Café."""\n'.encode()})
    assert pub._description() == "Café."


def cli(argv: list[str], capsys) -> tuple[int, list[str], list[str]]:
    code = run(pub.main, [*argv, "--lang", "en"], prog="publish")
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err.splitlines()


def test_cli_remove_prefix_prints_its_summary(endpoint, s3, bucket, capsys):
    s3.put_object(Bucket=bucket, Key="previews/pr-9/a.html", Body=b"x")
    argv = ["--bucket", bucket, "--endpoint-url", endpoint, "--prefix", "previews/pr-9", "--remove-prefix"]
    assert cli([*argv, "--dry-run"], capsys) == (
        0,
        ["delete  a.html", "dry run: would have uploaded 0, unchanged 0, deleted 1"],
        [],
    )
    assert cli([*argv, "--workers", "1"], capsys) == (0, ["delete  a.html", "uploaded 0, unchanged 0, deleted 1"], [])
    assert keys(s3, bucket) == []


def test_cli_refuses_remove_prefix_with_delete_and_a_missing_site(endpoint, capsys):
    assert cli(["--bucket", "b", "--prefix", "previews/pr-1", "--remove-prefix", "--delete"], capsys) == (
        2,
        [],
        ["publish: error: --remove-prefix: expected no --site and no --delete, it only deletes a preview"],
    )
    assert cli(["--bucket", "b"], capsys) == (
        2,
        [],
        ["publish: error: --site: expected the built site directory (the output of `mkdocs build`)"],
    )


def test_cli_passes_every_option_to_publish(tmp_path, endpoint, s3, bucket, capsys):
    site = write(tmp_path / "site", SITE)
    argv = [
        "--site",
        str(site),
        "--bucket",
        bucket,
        "--endpoint-url",
        endpoint,
        "--prefix",
        "p",
        "--region",
        "us-east-1",
    ]
    assert cli([*argv, "--no-compress", "--workers", "1"], capsys)[0] == 0
    head = s3.head_object(Bucket=bucket, Key="p/index.html")
    assert "ContentEncoding" not in head
    assert s3.get_object(Bucket=bucket, Key="p/index.html")["Body"].read() == b"<html>root</html>"
    s3.put_object(Bucket=bucket, Key="p/old.html", Body=b"x")
    s3.put_object(Bucket=bucket, Key="p/cimentoplastie-hors-ligne.zip", Body=b"x")
    write(site, {"fr/page/index.html": '<meta name="clinical-review" content="pending">'})
    assert cli([*argv, "--no-compress", "--require-sign-off"], capsys)[0] == 2
    assert cli([*argv, "--no-compress", "--delete", "--max-delete", "1", "--dry-run"], capsys) == (
        0,
        [
            "upload  fr/page/index.html  (changed)",
            "delete  old.html",
            "dry run: would have uploaded 1, unchanged 5, deleted 1",
        ],
        [],
    )
    assert cli([*argv, "--no-compress", "--delete", "--max-delete", "0"], capsys)[0] == 2
    assert cli([*argv, "--delete", "--max-delete", "1", "--workers", "1"], capsys)[1][-2:] == [
        "delete  old.html",
        "uploaded 4, unchanged 2, deleted 1",  # the text files, compressed again
    ]
    assert keys(s3, bucket) == sorted(["p/cimentoplastie-hors-ligne.zip", *(f"p/{relpath}" for relpath in SITE)])


def test_cli_profile_is_used(tmp_path, endpoint, capsys):
    site = write(tmp_path / "site", SITE)
    assert cli(["--site", str(site), "--bucket", "b", "--endpoint-url", endpoint, "--profile", "ghost"], capsys) == (
        2,
        [],
        ["publish: error: AWS profile 'ghost' not found in the AWS config files"],
    )


def test_sign_off_reads_pages_that_are_not_utf8(tmp_path):
    site = write(
        tmp_path / "site",
        {"index.html": b'<meta name="clinical-review" content="pending"><p>caf\xe9</p>', "a.html": b"\xff ok"},
    )
    assert [f.relpath for f in pub.pages_not_signed_off(pub.scan_site(site))] == ["index.html"]


def test_remove_prefix_speaks_the_callers_language_from_every_thread(endpoint, s3, bucket):
    for key in ("previews/pr-4/a.html", "previews/pr-4/b.html", "previews/pr-4/c.html"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    out = io.StringIO()
    with speaking("fr"):
        pub.remove_prefix(bucket, "previews/pr-4", endpoint_url=endpoint, workers=3, out=out)
    assert sorted(out.getvalue().splitlines()) == ["suppression  a.html", "suppression  b.html", "suppression  c.html"]


def test_remove_prefix_uses_the_region_and_profile_given(endpoint):
    with pytest.raises(UserError) as caught:
        pub.remove_prefix("b", "previews/pr-1", endpoint_url=endpoint, region="not a region!")
    assert caught.value.render("en") == "invalid --region 'not a region!': expected a region name such as eu-west-3"
    with pytest.raises(UserError) as caught:
        pub.remove_prefix("b", "previews/pr-1", endpoint_url=endpoint, profile="ghost")
    assert caught.value.render("en") == "AWS profile 'ghost' not found in the AWS config files"


def test_errors_name_the_endpoint_from_the_environment(tmp_path, monkeypatch, endpoint):
    """Without --endpoint-url the client's own endpoint (here AWS_ENDPOINT_URL) is named."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    site = write(tmp_path / "site", SITE)
    expected = f"bucket 'no-such-bucket-mut' does not exist at {endpoint}"
    with pytest.raises(UserError) as caught:
        pub.publish(site, "no-such-bucket-mut", out=io.StringIO())
    assert caught.value.render("en") == expected
    with pytest.raises(UserError) as caught:
        pub.remove_prefix("no-such-bucket-mut", "previews/pr-1", out=io.StringIO())
    assert caught.value.render("en") == expected


def test_explain_an_error_without_code_or_message():
    error = botocore.exceptions.ClientError({"Error": {}, "ResponseMetadata": {"HTTPStatusCode": 500}}, "GetObject")
    assert pub.explain(error, "b", "http://e").render("en") == "S3 request to http://e failed: 500: no message"
    error = botocore.exceptions.ClientError({}, "GetObject")
    assert pub.explain(error, "b", "http://e").render("en") == "S3 request to http://e failed: None: no message"


def test_an_entry_without_etag_is_decided_by_the_metadata(tmp_path, endpoint, s3, bucket):
    client = pub.make_client(endpoint, None, None, pub.retry_settings())
    local = local_file(tmp_path, "a.png", b"PNG bytes")
    s3.put_object(Bucket=bucket, Key="a.png", Body=b"PNG bytes", Metadata={"md5": local.md5})
    assert pub.is_unchanged(client, bucket, "a.png", local, {"Size": local.size}) is True


def test_cli_passes_the_region(tmp_path, endpoint, capsys):
    site = write(tmp_path / "site", SITE)
    argv = ["--site", str(site), "--bucket", "b", "--endpoint-url", endpoint, "--region", "not a region!"]
    assert cli(argv, capsys) == (
        2,
        [],
        ["publish: error: invalid --region 'not a region!': expected a region name such as eu-west-3"],
    )
    argv = ["--bucket", "b", "--endpoint-url", endpoint, "--prefix", "previews/pr-1", "--remove-prefix"]
    assert cli([*argv, "--region", "not a region!"], capsys)[2] == [
        "publish: error: invalid --region 'not a region!': expected a region name such as eu-west-3"
    ]
    assert cli([*argv, "--profile", "ghost"], capsys)[2] == [
        "publish: error: AWS profile 'ghost' not found in the AWS config files"
    ]


class Recording(io.StringIO):
    """An output that notes each flush: the lines of a publish must reach a log even if it is then killed."""

    def __init__(self) -> None:
        super().__init__()
        self.flushed: list[str] = []

    def flush(self) -> None:
        self.flushed.append(self.getvalue())
        super().flush()


def test_each_upload_and_deletion_line_is_flushed_as_printed(tmp_path, endpoint, s3, bucket):
    site = write(tmp_path / "site", {"index.html": "<html>root</html>", "a.png": b"PNG"})
    out = Recording()
    pub.publish(site, bucket, endpoint_url=endpoint, workers=1, out=out)
    assert out.flushed == ["upload  a.png  (new)\n", "upload  a.png  (new)\nupload  index.html  (new)\n"]
    (site / "a.png").unlink()
    out = Recording()
    pub.publish(site, bucket, endpoint_url=endpoint, delete=True, max_delete=1, out=out)
    assert out.flushed == ["delete  a.png\n"]


def test_a_failing_credential_process_is_one_line(tmp_path, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    write(tmp_path, {"aws-config": "[default]\ncredential_process = /bin/false\n"})
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "aws-config"))
    with pytest.raises(UserError) as caught:
        pub.make_client("http://127.0.0.1:9", None, None, pub.retry_settings())
    # No endpoint is named: the credentials fail before any request.
    assert caught.value.render("en") == "S3 client error at : Error when retrieving credentials from custom-process:"

"""Publish the built site to an S3 bucket (AWS S3 or any S3-compatible provider), uploading only what changed.

Text files (HTML, CSS, JS, JSON, XML, SVG, the search index, plain text) are stored gzip-compressed with
``Content-Encoding: gzip``, as a plain bucket serves bytes as they are; the gzip is deterministic (no name,
no date), so the same file always gives the same bytes. ``--no-compress`` stores them as they are, for hosts
that compress themselves. Each file is compared with the remote object by the MD5 of the bytes it would
upload: that MD5 is stored in the object metadata (``x-amz-meta-md5``) and a single-part ETag equal to it is
accepted too, so republishing an unchanged site uploads nothing.

Uploads go in three waves so the live site is never half-broken: assets first, then pages (with sitemaps and
search indexes), then the home pages; a wave starts only once the previous one has finished. Stale objects
are deleted (``--delete``) only after every upload succeeded, never more than 10 % of the objects under the
prefix without ``--max-delete``, and never a home page, the offline zip or the previews/ folder. Each
upload is printed as it completes, so an interrupted publish shows what it had done; it leaves the old site
working, and a rerun finishes it.

This module publishes whatever directory it is given: it does not run the content check. CI publishes
only from ``main``, after the content check, the strict build and the tests passed.

Retries and timeouts come from botocore's standard retry mode; tests and slow links can override them with
``PUBLISH_MAX_ATTEMPTS``, ``PUBLISH_CONNECT_TIMEOUT`` and ``PUBLISH_READ_TIMEOUT`` (seconds).
"""

from __future__ import annotations

import argparse
import ast
import base64
import functools
import gzip
import hashlib
import math
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from fnmatch import fnmatch
from html.parser import HTMLParser
from pathlib import Path
from typing import TextIO

from sitetools.cli import EXIT_OK, UserError, os_reason
from sitetools.messages import add_language_option, current_language, speaking, words

say = words("publish")

SHORT = "public, max-age=300"  # pages and indexes: a fix reaches readers within minutes
DAY = "public, max-age=86400"
IMMUTABLE = "public, max-age=31536000, immutable"  # the name changes whenever the content does

# (pattern on the lower-cased file name, Content-Type, Cache-Control); the first matching row wins.
# Fingerprinted names (see FINGERPRINT) get IMMUTABLE instead of DAY.
HEADERS: tuple[tuple[str, str, str], ...] = (
    ("sitemap.xml", "application/xml; charset=utf-8", SHORT),
    ("sitemap.xml.gz", "application/gzip", SHORT),  # a gzip file, not gzip-encoded XML: no Content-Encoding
    ("search_index.json", "application/json; charset=utf-8", SHORT),
    ("search_index.js", "text/javascript; charset=utf-8", SHORT),
    ("*.html", "text/html; charset=utf-8", SHORT),
    ("*.zip", "application/zip", SHORT),  # the offline copy is rebuilt under the same name
    ("*.css", "text/css; charset=utf-8", DAY),
    ("*.js", "text/javascript; charset=utf-8", DAY),
    ("*.json", "application/json; charset=utf-8", DAY),
    ("*.map", "application/json; charset=utf-8", DAY),
    ("*.xml", "application/xml; charset=utf-8", DAY),
    ("*.svg", "image/svg+xml; charset=utf-8", DAY),
    ("*.txt", "text/plain; charset=utf-8", DAY),
    ("*.md", "text/markdown; charset=utf-8", DAY),
    ("*.webmanifest", "application/manifest+json; charset=utf-8", DAY),
    ("*.png", "image/png", DAY),
    ("*.jpg", "image/jpeg", DAY),
    ("*.jpeg", "image/jpeg", DAY),
    ("*.gif", "image/gif", DAY),
    ("*.webp", "image/webp", DAY),
    ("*.ico", "image/x-icon", DAY),
    ("*.woff", "font/woff", DAY),
    ("*.woff2", "font/woff2", DAY),
    ("*.ttf", "font/ttf", DAY),
    ("*.pdf", "application/pdf", DAY),
    ("*.gz", "application/gzip", DAY),
    ("*", "application/octet-stream", DAY),
)

# Names the build fingerprinted: Material's own bundles (main.484c7ddc.min.css, workers/search.a7633da7.min.js)
# and the project's CSS and JS renamed by overrides/hooks/fingerprint.py (patient.1f2e3d4c.css), with their
# source maps. Only CSS and JS under assets/: a dated file such as 20261125.pdf merely looks like a hash.
FINGERPRINT = re.compile(r"^assets/(?:.+/)?[\w-]+(?:\.[\w-]+)*\.[0-9a-f]{8}(?:\.min)?\.(?:css|js)(?:\.map)?$")
# Top-level folders that hold one language of the site (en/, fr/, pt-BR/): their index.html is a home page.
LANGUAGE_ROOT = re.compile(r"[a-z]{2}(?:[-_][A-Za-z]{2,4})?")
HOME_PAGES = ("index.html", "404.html")
# Text files are stored gzip-compressed: the content types that carry a charset.
COMPRESSIBLE = "charset=utf-8"

# Upload waves, in order.
ASSETS, PAGES, HOMES = 0, 1, 2

DEFAULT_WORKERS = 8
DELETE_SHARE = 0.10  # without --max-delete, refuse to delete more than this share of the objects under the prefix
PREVIEWS = "previews"  # --remove-prefix deletes only under previews/<name>/
DEFAULT_REGION = "us-east-1"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
NO_CREDENTIALS = say("error.no-credentials")
RETRIES = {"max_attempts": 5, "connect_timeout": 5.0, "read_timeout": 30.0}
RETRY_ENV = {
    "max_attempts": "PUBLISH_MAX_ATTEMPTS",
    "connect_timeout": "PUBLISH_CONNECT_TIMEOUT",
    "read_timeout": "PUBLISH_READ_TIMEOUT",
}
MAX_ATTEMPTS_LIMIT = 20


def headers_for(relpath: str) -> tuple[str, str]:
    """Return (Content-Type, Cache-Control) for a site-relative path."""
    name = relpath.rsplit("/", 1)[-1].lower()
    for pattern, content_type, cache in HEADERS:
        if fnmatch(name, pattern):
            if cache == DAY and FINGERPRINT.match(relpath):
                cache = IMMUTABLE
            return content_type, cache
    raise AssertionError("the last HEADERS row matches every name")


def is_compressible(relpath: str) -> bool:
    """Text files (HTML, CSS, JS, JSON, XML, SVG, txt): stored gzip-compressed unless --no-compress."""
    return COMPRESSIBLE in headers_for(relpath)[0]


def encode(data: bytes) -> bytes:
    """Deterministic gzip: no file name, date 0, maximum level, so the same input always gives the same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def is_home_page(relpath: str) -> bool:
    parts = relpath.split("/")
    return parts[-1] in HOME_PAGES and (
        len(parts) == 1 or (len(parts) == 2 and bool(LANGUAGE_ROOT.fullmatch(parts[0])))
    )


def wave_for(relpath: str) -> int:
    """Return the upload wave: assets, then pages and indexes, then the home pages."""
    if is_home_page(relpath):
        return HOMES
    if headers_for(relpath)[1] == SHORT:
        return PAGES
    return ASSETS


def shown(path: str | Path) -> str:
    """A path as printable text: a name that is not UTF-8 shows its bytes as \\x escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


@dataclass(frozen=True)
class LocalFile:
    relpath: str
    path: Path
    md5: str  # of the bytes uploaded (gzip-compressed for text files unless --no-compress)
    size: int
    compressed: bool = False

    def body(self) -> bytes:
        """The bytes to upload, read again at upload time; refuse a file that changed or vanished since the scan."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            raise UserError(say("error.file-disappeared"), path=shown(self.path)) from None
        except OSError as error:
            raise UserError(say("error.cannot-read-file", reason=os_reason(error)), path=shown(self.path)) from None
        body = encode(data) if self.compressed else data
        if hashlib.md5(body, usedforsecurity=False).hexdigest() != self.md5:
            raise UserError(say("error.file-changed"), path=shown(self.path))
        return body


@dataclass
class Report:
    """What a publish did (or, for a dry run, would do)."""

    uploaded: list[tuple[str, str]] = field(default_factory=list)  # (relpath, "new" | "changed")
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    dry_run: bool = False

    def summary(self, lang: str | None = None) -> str:
        counts = {"uploaded": len(self.uploaded), "unchanged": len(self.unchanged), "deleted": len(self.deleted)}
        return say("summary.dry-run" if self.dry_run else "summary.done", **counts).render(lang)


def normalize_prefix(prefix: str) -> str:
    """Return the prefix without leading, trailing or doubled slashes ('' for the bucket root)."""
    parts = [part for part in prefix.split("/") if part]
    if any(part in (".", "..") for part in parts):
        raise UserError(say("error.bad-prefix", prefix=repr(prefix)))
    return "/".join(parts)


def key_for(prefix: str, relpath: str) -> str:
    return f"{prefix}/{relpath}" if prefix else relpath


def relpath_for(prefix: str, key: str) -> str:
    return key[len(prefix) + 1 :] if prefix else key


def _site_paths(site: Path) -> list[Path]:
    """Every file under the site, following symlinks that stay inside it; refuse one that leads outside."""
    root = site.resolve()
    found: list[Path] = []
    seen_dirs: set[Path] = set()
    pending = [site]
    while pending:
        folder = pending.pop()
        real = folder.resolve()
        if real in seen_dirs:
            continue  # a symlink back to a folder already walked
        seen_dirs.add(real)
        try:
            entries = sorted(folder.iterdir())
        except OSError as error:
            raise UserError(say("error.cannot-read-folder", reason=os_reason(error)), path=shown(folder)) from None
        for entry in entries:
            if entry.is_symlink():
                target = entry.resolve()
                if not target.is_relative_to(root):
                    raise UserError(say("error.symlink-outside", target=shown(target)), path=shown(entry))
            if entry.is_dir():
                pending.append(entry)
            elif entry.is_file():
                found.append(entry)
    return sorted(found)


def scan_site(site: Path, compress: bool = True) -> list[LocalFile]:
    """Return every file of the built site with the MD5 of its upload; refuse a missing, empty or home-less site."""
    if not site.exists():
        raise UserError(say("error.site-not-found"), path=site)
    if not site.is_dir():
        raise UserError(say("error.site-not-folder"), path=site)
    files = []
    for path in _site_paths(site):
        relpath = path.relative_to(site).as_posix()
        try:
            relpath.encode("utf-8")
        except UnicodeEncodeError:
            raise UserError(say("error.name-not-utf8"), path=shown(path)) from None
        try:
            data = path.read_bytes()
        except OSError as error:
            raise UserError(say("error.cannot-read-file", reason=os_reason(error)), path=shown(path)) from None
        compressed = compress and is_compressible(relpath)
        body = encode(data) if compressed else data
        files.append(
            LocalFile(relpath, path, hashlib.md5(body, usedforsecurity=False).hexdigest(), len(body), compressed)
        )
    if not files:
        raise UserError(say("error.site-empty"), path=site)
    if not (site / "index.html").is_file():
        raise UserError(say("error.no-home"), path=site)
    return files


def retry_settings(**overrides: float | None) -> dict[str, float]:
    """Return retry settings: explicit arguments, else PUBLISH_* environment variables, else defaults."""
    settings = {}
    for name, default in RETRIES.items():
        value = overrides.get(name)
        source = name.replace("_", " ")
        if value is None and os.environ.get(RETRY_ENV[name]):
            source = RETRY_ENV[name]
            raw = os.environ[RETRY_ENV[name]]
            try:
                value = float(raw)
            except ValueError:
                value = math.nan
            if name == "max_attempts" and not (math.isfinite(value) and value == int(value)):
                raise UserError(say("error.attempts", where=source, limit=MAX_ATTEMPTS_LIMIT, found=repr(raw)))
            if not math.isfinite(value):
                raise UserError(say("error.seconds", where=source, found=repr(raw)))
        settings[name] = default if value is None else value
    max_attempts = settings["max_attempts"]
    if not 1 <= max_attempts <= MAX_ATTEMPTS_LIMIT:
        where = RETRY_ENV["max_attempts"] if overrides.get("max_attempts") is None else "max attempts"
        raise UserError(say("error.attempts", where=where, limit=MAX_ATTEMPTS_LIMIT, found=f"{max_attempts:g}"))
    for name in ("connect_timeout", "read_timeout"):
        if not 0 < settings[name] <= 3600:
            where = RETRY_ENV[name] if overrides.get(name) is None else name.replace("_", " ")
            raise UserError(say("error.timeout", where=where, found=f"{settings[name]:g}"))
    return settings


def make_client(
    endpoint_url: str | None,
    region: str | None,
    profile: str | None,
    settings: dict[str, float],
):
    """Return an S3 client using the standard credential chain; fail early when there are no credentials."""
    import boto3
    import botocore.exceptions
    from botocore.config import Config

    try:
        session = boto3.session.Session(profile_name=profile, region_name=region)
    except botocore.exceptions.ProfileNotFound as error:
        raise UserError(say("error.no-profile", profile=repr(error.kwargs.get("profile")))) from None
    try:
        credentials = session.get_credentials()
    except botocore.exceptions.BotoCoreError as error:  # e.g. only one of the two keys is set
        raise explain(error, "", "") from None
    if credentials is None:
        raise UserError(NO_CREDENTIALS)
    config = Config(
        region_name=session.region_name or DEFAULT_REGION,
        retries={"max_attempts": int(settings["max_attempts"]), "mode": "standard"},
        connect_timeout=settings["connect_timeout"],
        read_timeout=settings["read_timeout"],
        # Other providers do not all accept botocore's newer default checksums; we send Content-MD5 instead.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        # Path-style URLs work on every S3-compatible provider, virtual hosts need DNS set up for them.
        s3={"addressing_style": "path"} if endpoint_url else None,
    )
    try:
        return session.client("s3", endpoint_url=endpoint_url, config=config)
    except botocore.exceptions.InvalidRegionError:
        raise UserError(say("error.bad-region", region=repr(region))) from None
    except ValueError:  # botocore rejects a malformed endpoint with a bare ValueError
        raise UserError(say("error.bad-endpoint", endpoint=repr(endpoint_url))) from None


def explain(error: Exception, bucket: str, endpoint: str) -> UserError:
    """Turn a botocore exception into one line saying what was expected and what was found."""
    import botocore.exceptions as bex

    if isinstance(error, bex.NoCredentialsError):
        return UserError(NO_CREDENTIALS)
    if isinstance(error, bex.PartialCredentialsError):
        source, missing = error.kwargs.get("provider", "?"), error.kwargs.get("cred_var", "?")
        return UserError(say("error.partial-credentials", source=source, missing=missing))
    unreachable = (
        bex.EndpointConnectionError,
        bex.ConnectTimeoutError,
        bex.ReadTimeoutError,
        bex.HTTPClientError,
    )
    if isinstance(error, unreachable):  # HTTPClientError covers connections dropped mid-request
        return UserError(say("error.unreachable", endpoint=endpoint))
    if isinstance(error, bex.ClientError):
        info = error.response.get("Error", {})
        code = str(info.get("Code", ""))
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if code == "NoSuchBucket":
            return UserError(say("error.no-bucket", bucket=repr(bucket), endpoint=endpoint))
        if code == "InvalidAccessKeyId":
            return UserError(say("error.bad-access-key", endpoint=endpoint))
        if code == "SignatureDoesNotMatch":
            return UserError(say("error.bad-signature", endpoint=endpoint))
        if code in ("AccessDenied", "AllAccessDisabled", "403", "Forbidden") or status == 403:
            return UserError(say("error.access-denied", bucket=repr(bucket), endpoint=endpoint))
        if code in ("PermanentRedirect", "AuthorizationHeaderMalformed", "301") or status == 301:
            return UserError(say("error.other-region", bucket=repr(bucket)))
        message = " ".join(str(info.get("Message") or "no message").split())  # one line, whatever the server sent
        return UserError(say("error.s3-failed", endpoint=endpoint, code=code or status, message=message))
    if isinstance(error, bex.ParamValidationError) and "bucket name" in str(error).lower():
        return UserError(say("error.bad-bucket-name", bucket=repr(bucket)))
    return UserError(say("error.client", endpoint=endpoint, detail=" ".join(str(error).split())))


def list_remote(client, bucket: str, prefix: str) -> dict[str, dict]:
    """Return {key: listing entry} for every object under the prefix."""
    remote = {}
    paginator = client.get_paginator("list_objects_v2")
    list_prefix = f"{prefix}/" if prefix else ""  # "docs/" so that "docs-old/..." stays out
    for page in paginator.paginate(Bucket=bucket, Prefix=list_prefix):
        for entry in page.get("Contents", []):
            remote[entry["Key"]] = entry
    return remote


def is_unchanged(client, bucket: str, key: str, local: LocalFile, entry: dict) -> bool:
    """Tell whether the remote object already holds the bytes this publish would upload."""
    if entry.get("Size") != local.size:
        return False
    if entry.get("ETag", "").strip('"').lower() == local.md5:
        return True
    # Multipart uploads and encrypted objects have ETags that are not the MD5: our metadata decides.
    import botocore.exceptions

    try:
        head = client.head_object(Bucket=bucket, Key=key)
    except botocore.exceptions.ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            return False  # deleted since the listing
        raise
    return head.get("Metadata", {}).get("md5", "").lower() == local.md5


def upload(client, bucket: str, key: str, local: LocalFile) -> None:
    content_type, cache = headers_for(local.relpath)
    body = local.body()
    digest = hashlib.md5(body, usedforsecurity=False)
    extra = {"ContentEncoding": "gzip"} if local.compressed else {}
    client.put_object(
        Bucket=bucket,
        Key=key,
        Body=body,
        ContentType=content_type,
        CacheControl=cache,
        ContentMD5=base64.b64encode(digest.digest()).decode("ascii"),
        Metadata={"md5": digest.hexdigest()},
        **extra,
    )


class _FileFailed(Exception):
    """An S3 error while handling one file: carries the file so the message can name it."""

    def __init__(self, path: str, error: Exception):
        super().__init__(path)
        self.path = path
        self.error = error


class _Skipped(Exception):
    """A task not started because an earlier one failed."""


def _delete_object(
    client, bucket: str, prefix: str, report: Report, printing: threading.Lock, out: TextIO, key: str, lang: str = "en"
) -> None:
    """Delete one object, then record it and print its line (under ``printing``: lines from threads stay whole)."""
    import botocore.exceptions

    try:
        client.delete_object(Bucket=bucket, Key=key)
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as error:
        raise _FileFailed(key, error) from None
    with printing:
        report.deleted.append(relpath_for(prefix, key))
        print(say("progress.delete", path=relpath_for(prefix, key)).render(lang), file=out, flush=True)


def _list_deletions(stale: list[str], prefix: str, report: Report, out: TextIO) -> None:
    """A dry run: record and print each deletion it would make, deleting nothing."""
    for key in stale:
        print(say("progress.delete", path=relpath_for(prefix, key)), file=out)
        report.deleted.append(relpath_for(prefix, key))


def _run_all(pool: ThreadPoolExecutor, tasks: Iterable[Callable[[], object]]) -> list[object]:
    """Run tasks in the pool and return their results in order.

    After the first failure no further task starts (those running finish), then that failure is raised.
    """
    stop = threading.Event()

    def guarded(task: Callable[[], object]) -> object:
        if stop.is_set():
            raise _Skipped
        try:
            return task()
        except BaseException:
            stop.set()  # set from the worker itself, so the next queued task already sees it
            raise

    futures = [pool.submit(guarded, task) for task in tasks]
    try:
        wait(futures, return_when=FIRST_EXCEPTION)
        if stop.is_set():
            wait(futures)
            for future in futures:
                error = future.exception()
                if error is not None and not isinstance(error, _Skipped):
                    raise error
        return [future.result() for future in futures]
    finally:
        for future in futures:
            future.cancel()


class _ReviewTag(HTMLParser):
    """Finds <meta name="clinical-review" content="pending">, whatever the attribute order or case."""

    def __init__(self) -> None:
        super().__init__()
        self.pending = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "").strip().lower() for name, value in attrs}
        if tag == "meta" and values.get("name") == "clinical-review" and values.get("content") == "pending":
            self.pending = True


def pages_not_signed_off(files: list[LocalFile]) -> list[LocalFile]:
    """HTML pages whose medical content no clinician has signed off (clinical_review: pending)."""
    pending = []
    for f in files:
        if not f.relpath.endswith(".html"):
            continue
        parser = _ReviewTag()
        parser.feed(f.path.read_bytes().decode("utf-8", "replace"))
        if parser.pending:
            pending.append(f)
    return pending


def offline_zip_name(root: Path = PROJECT_ROOT) -> str | None:
    """The offline zip's name (extra.offline_zip in mkdocs.yml): a --delete publish keeps it."""
    from sitetools.sources import read_mkdocs_config

    try:
        name = (read_mkdocs_config(root).get("extra") or {}).get("offline_zip")
    except UserError:
        return None
    return name if isinstance(name, str) and name else None


def check_deletions(stale: list[str], remote: dict, bucket: str, prefix: str, max_delete: int | None) -> None:
    """Refuse to delete a home page, or more objects than --max-delete (default: 10 % of those under the prefix)."""
    where = f"s3://{bucket}/{prefix}"
    homes = [relpath_for(prefix, key) for key in stale if is_home_page(relpath_for(prefix, key))]
    if homes:
        raise UserError(say("error.delete-home", home=homes[0], where=where))
    if max_delete is not None:
        limit, why = max_delete, say("error.delete-limit", limit=max_delete)
    else:
        limit = math.floor(len(remote) * DELETE_SHARE)
        why = say("error.delete-share", share=f"{DELETE_SHARE * 100:.0f}", limit=limit)
    if len(stale) > limit:
        raise UserError(say("error.delete-too-many", count=len(stale), total=len(remote), where=where, why=why))


def publish(
    site: str | Path,
    bucket: str,
    *,
    prefix: str = "",
    endpoint_url: str | None = None,
    region: str | None = None,
    profile: str | None = None,
    delete: bool = False,
    max_delete: int | None = None,
    keep: tuple[str, ...] = (),
    compress: bool = True,
    require_sign_off: bool = False,
    dry_run: bool = False,
    workers: int = DEFAULT_WORKERS,
    max_attempts: int | None = None,
    connect_timeout: float | None = None,
    read_timeout: float | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    on_uploaded: Callable[[str], None] | None = None,
) -> Report:
    """Publish ``site`` to ``bucket``; print one line per upload and deletion to ``out`` as each completes.

    ``keep`` lists site-relative names that --delete never removes (the offline zip). ``on_uploaded(relpath)``
    runs after each successful upload (used by tests to interrupt a publish). Raises UserError for every
    expected fault; nothing is deleted unless every upload succeeded.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    lang = current_language()  # worker threads do not see the caller's context: they print in this language
    if workers < 1:
        raise UserError(say("error.workers", found=workers))
    if max_delete is not None and max_delete < 0:
        raise UserError(say("error.max-delete", found=max_delete))
    prefix = normalize_prefix(prefix)
    site = Path(site)
    files = scan_site(site, compress=compress)
    if require_sign_off:
        pending = pages_not_signed_off(files)
        for f in pending:
            print(say("sign-off.page", path=shown(f.path)), file=err)
        if pending:
            pages = say("sign-off.one" if len(pending) == 1 else "sign-off.many", count=len(pending))
            raise UserError(say("error.not-signed-off", pages=pages))
    settings = retry_settings(max_attempts=max_attempts, connect_timeout=connect_timeout, read_timeout=read_timeout)

    import botocore.exceptions

    client = make_client(endpoint_url, region, profile, settings)
    endpoint = endpoint_url or client.meta.endpoint_url
    report = Report(dry_run=dry_run)
    uploaded: list[str] = []
    pending_uploads: list[tuple[LocalFile, str]] = []
    printing = threading.Lock()
    stage = "plan"  # then "upload", then "delete": says how far a failed publish got
    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        remote = list_remote(client, bucket, prefix)
        known = [(f, key_for(prefix, f.relpath)) for f in files if key_for(prefix, f.relpath) in remote]
        checks = [(lambda f=f, key=key: is_unchanged(client, bucket, key, f, remote[key])) for f, key in known]
        same = _run_all(pool, checks)
        unchanged = {f.relpath for (f, _), is_same in zip(known, same, strict=True) if is_same}
        for f in files:
            if f.relpath in unchanged:
                report.unchanged.append(f.relpath)
            else:
                pending_uploads.append((f, "changed" if key_for(prefix, f.relpath) in remote else "new"))
        pending_uploads.sort(key=lambda item: (wave_for(item[0].relpath), item[0].relpath))

        site_keys = {key_for(prefix, f.relpath) for f in files}
        kept = {key_for(prefix, name) for name in keep}
        stale = [key for key in remote if key not in site_keys and key not in kept] if delete else []
        # Pull-request previews live in previews/ beside the site: a --delete of the site leaves them alone.
        stale = sorted(key for key in stale if not relpath_for(prefix, key).startswith(f"{PREVIEWS}/"))
        if delete:
            check_deletions(stale, remote, bucket, prefix, max_delete)

        if dry_run:
            for f, reason in pending_uploads:
                print(say("progress.upload", path=f.relpath, reason=say(f"progress.{reason}")), file=out)
                report.uploaded.append((f.relpath, reason))
            _list_deletions(stale, prefix, report, out)
            return report

        def send(f: LocalFile, reason: str) -> None:
            try:
                upload(client, bucket, key_for(prefix, f.relpath), f)
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as error:
                raise _FileFailed(shown(f.path), error) from None
            with printing:  # one line per completed upload, as it completes: an interrupted run shows its work
                uploaded.append(f.relpath)
                report.uploaded.append((f.relpath, reason))
                line = say("progress.upload", path=f.relpath, reason=say(f"progress.{reason}")).render(lang)
                print(line, file=out, flush=True)
            if on_uploaded is not None:
                on_uploaded(f.relpath)

        stage = "upload"
        for wave in (ASSETS, PAGES, HOMES):  # _run_all returns only once every task of the wave has ended
            batch = [(f, reason) for f, reason in pending_uploads if wave_for(f.relpath) == wave]
            _run_all(pool, [(lambda f=f, reason=reason: send(f, reason)) for f, reason in batch])

        stage = "delete"
        remove = functools.partial(_delete_object, client, bucket, prefix, report, printing, out, lang=lang)
        _run_all(pool, [(lambda key=key: remove(key)) for key in stale])
        return report
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError, _FileFailed, UserError) as error:
        if isinstance(error, UserError):
            problem = error
        elif isinstance(error, _FileFailed):
            problem = explain(error.error, bucket, endpoint)
            problem = UserError(problem.message, path=error.path)
        else:
            problem = explain(error, bucket, endpoint)
        if stage != "plan":
            done = say("error.deleted-some" if stage == "delete" else "error.deleted-nothing")
            problem = UserError(
                say(
                    "error.publish-stopped",
                    problem=problem.message,
                    uploaded=len(uploaded),
                    changed=len(pending_uploads),
                    done=done,
                ),
                path=problem.path,
            )
        raise problem from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def remove_prefix(
    bucket: str,
    prefix: str,
    *,
    endpoint_url: str | None = None,
    region: str | None = None,
    profile: str | None = None,
    dry_run: bool = False,
    workers: int = DEFAULT_WORKERS,
    out: TextIO | None = None,
) -> Report:
    """Delete every object under ``prefix``, which must lie under previews/ (a closed pull request's preview)."""
    out = out or sys.stdout
    lang = current_language()  # worker threads do not see the caller's context: they print in this language
    if workers < 1:
        raise UserError(say("error.workers", found=workers))
    prefix = normalize_prefix(prefix)
    parts = prefix.split("/") if prefix else []
    if len(parts) < 2 or parts[0] != PREVIEWS:
        found = repr(prefix + "/") if prefix else say("error.bucket-root")
        raise UserError(say("error.remove-outside-previews", previews=PREVIEWS, found=found))
    settings = retry_settings()

    import botocore.exceptions

    client = make_client(endpoint_url, region, profile, settings)
    endpoint = endpoint_url or client.meta.endpoint_url
    report = Report(dry_run=dry_run)
    printing = threading.Lock()
    pool = ThreadPoolExecutor(max_workers=workers)

    remove = functools.partial(_delete_object, client, bucket, prefix, report, printing, out, lang=lang)

    try:
        stale = sorted(list_remote(client, bucket, prefix))
        if dry_run:
            _list_deletions(stale, prefix, report, out)
            return report
        _run_all(pool, [(lambda key=key: remove(key)) for key in stale])
        return report
    except _FileFailed as failure:
        problem = explain(failure.error, bucket, endpoint).message
        raise UserError(
            say("error.remove-stopped", problem=problem, deleted=len(report.deleted), total=len(stale)),
            path=failure.path,
        ) from None
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as error:
        raise explain(error, bucket, endpoint) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _description() -> str:
    """Return scripts/publish.py's docstring, so --help and the script say the same thing."""
    script = Path(__file__).resolve().parents[1] / "publish.py"
    try:
        return ast.get_docstring(ast.parse(script.read_text(encoding="utf-8"))) or ""
    except (OSError, SyntaxError):
        return ""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publish.py", description=_description(), formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--site", help="built site directory (the output of `mkdocs build`)")
    parser.add_argument("--bucket", required=True, help="bucket name")
    parser.add_argument("--prefix", default="", help="folder inside the bucket (default: the bucket root)")
    parser.add_argument("--endpoint-url", help="S3-compatible endpoint, e.g. https://s3.gra.io.cloud.ovh.net")
    parser.add_argument("--region", help=f"region (default: from the environment or profile, else {DEFAULT_REGION})")
    parser.add_argument("--profile", help="named profile from the AWS config files (default: AWS_PROFILE)")
    parser.add_argument(
        "--delete",
        action="store_true",
        help="delete objects under the prefix the site no longer has (never a home page or the offline zip)",
    )
    parser.add_argument(
        "--max-delete",
        type=int,
        metavar="N",
        help=f"with --delete, allow up to N deletions (default: {DELETE_SHARE * 100:.0f} %% of the objects "
        "under the prefix)",
    )
    parser.add_argument(
        "--no-compress",
        dest="compress",
        action="store_false",
        help="store text files as they are (default: gzip-compressed, with Content-Encoding: gzip)",
    )
    parser.add_argument(
        "--require-sign-off",
        action="store_true",
        help="refuse to publish when a page is not signed off by a clinician (clinical_review: pending)",
    )
    parser.add_argument(
        "--remove-prefix",
        action="store_true",
        help=f"delete every object under --prefix, which must lie under {PREVIEWS}/ (no --site)",
    )
    parser.add_argument("--dry-run", action="store_true", help="print what would change, change nothing")
    add_language_option(parser)
    parser.add_argument(
        "--workers",
        type=int,
        default=DEFAULT_WORKERS,
        metavar="N",
        help=f"parallel uploads (default: {DEFAULT_WORKERS})",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    with speaking(args.lang):
        return _main(args)


def _main(args: argparse.Namespace) -> int:
    if args.remove_prefix:
        if args.site or args.delete:
            raise UserError(say("error.remove-with-site"))
        report = remove_prefix(
            args.bucket,
            args.prefix,
            endpoint_url=args.endpoint_url,
            region=args.region,
            profile=args.profile,
            dry_run=args.dry_run,
            workers=args.workers,
        )
        print(report.summary())
        return EXIT_OK
    if not args.site:
        raise UserError(say("error.no-site-option"))
    zip_name = offline_zip_name()
    report = publish(
        args.site,
        args.bucket,
        prefix=args.prefix,
        endpoint_url=args.endpoint_url,
        region=args.region,
        profile=args.profile,
        delete=args.delete,
        max_delete=args.max_delete,
        keep=(zip_name,) if zip_name else (),
        compress=args.compress,
        require_sign_off=args.require_sign_off,
        dry_run=args.dry_run,
        workers=args.workers,
    )
    print(report.summary())
    return EXIT_OK

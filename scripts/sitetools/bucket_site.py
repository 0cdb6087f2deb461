"""Serve a published bucket over HTTP on 127.0.0.1 as a static-website bucket does, for the benchmark and tests.

Each GET fetches the object from the S3 endpoint and returns its stored body unchanged (gzip-compressed
at rest when publish.py compressed it) with its stored Content-Type, Content-Encoding, Cache-Control, ETag
and Last-Modified: no compression on the fly, so a browser receives what a reader of the bucket would.
As S3's website endpoint does, ``/dir/`` serves ``dir/index.html``, ``/dir`` redirects to ``/dir/`` when
that index exists, and a missing key gives the bucket's ``404.html`` with status 404.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from sitetools.browser import serving
from sitetools.publish import key_for, normalize_prefix

INDEX = "index.html"
ERROR_PAGE = "404.html"
# Stored headers passed on as they are: (header, field of the S3 GetObject response).
STORED_HEADERS = (
    ("Content-Type", "ContentType"),
    ("Content-Encoding", "ContentEncoding"),
    ("Cache-Control", "CacheControl"),
    ("ETag", "ETag"),
)


@dataclass(frozen=True)
class Served:
    """One response, as the server sent it: what the benchmark cross-checks against the browser."""

    path: str
    key: str
    status: int
    body_bytes: int  # the stored body as sent (compressed when stored compressed)
    wire_bytes: int  # status line, headers and body: what went over the socket


class BucketSite(ThreadingHTTPServer):
    """An HTTP server whose every GET reads ``bucket`` (under ``prefix``) through the S3 ``client``."""

    daemon_threads = True

    def __init__(self, client, bucket: str, prefix: str = "", port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.client = client
        self.bucket = bucket
        self.prefix = normalize_prefix(prefix)
        self.served: list[Served] = []
        self._lock = threading.Lock()

    def handle_error(self, request, client_address) -> None:
        # A browser or Lighthouse closing a kept-alive connection is normal: no traceback for it.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def record(self, entry: Served) -> None:
        with self._lock:
            self.served.append(entry)

    def take(self) -> list[Served]:
        """The responses sent since the last take(), in the order they were sent; the log starts afresh."""
        with self._lock:
            taken, self.served = self.served, []
        return taken

    def get(self, relpath: str, conditions: dict[str, str]) -> dict | None:
        """The stored object (None when missing); a 304 comes back as {"status": 304, ...}."""
        import botocore.exceptions

        try:
            found = self.client.get_object(Bucket=self.bucket, Key=key_for(self.prefix, relpath), **conditions)
        except botocore.exceptions.ClientError as error:
            code = str(error.response.get("Error", {}).get("Code"))
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if code == "304" or status == 304:
                return {"status": 304}
            if code in ("NoSuchKey", "404"):  # not NoSuchBucket: that is the server's fault, a 502
                return None
            raise
        return {"status": 200, **found, "Body": found["Body"].read()}

    def exists(self, relpath: str) -> bool:
        import botocore.exceptions

        try:
            self.client.head_object(Bucket=self.bucket, Key=key_for(self.prefix, relpath))
        except botocore.exceptions.ClientError:
            return False
        return True


class _CountingWriter:
    """The handler's output stream, counting the bytes written to the socket."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.count = 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return self.stream.write(data)

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


class _Handler(BaseHTTPRequestHandler):
    server: BucketSite
    protocol_version = "HTTP/1.1"  # keep-alive, as a browser gets from a real host

    def setup(self) -> None:
        super().setup()
        self.wfile = _CountingWriter(self.wfile)

    def do_GET(self):  # noqa: N802 - the name http.server calls
        self.answer(send_body=True)

    def do_HEAD(self):  # noqa: N802 - the name http.server calls
        self.answer(send_body=False)

    def answer(self, send_body: bool) -> None:
        import botocore.exceptions

        try:
            self.respond(send_body)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as error:
            # The bucket did not answer as expected: a gateway error, as a website endpoint would send.
            reason = " ".join(str(error).split())[:200]
            self.send_empty(502, {"Content-Type": "text/plain; charset=utf-8", "X-Bucket-Error": reason})

    def respond(self, send_body: bool) -> None:
        started = self.wfile.count
        path = unquote(urlsplit(self.path).path)

        def record(key: str, status: int, body_bytes: int) -> None:
            self.server.record(Served(path, key, status, body_bytes, self.wfile.count - started))

        relpath = path.lstrip("/")
        if relpath == "" or relpath.endswith("/"):
            relpath += INDEX
        conditions = {}
        if self.headers.get("If-None-Match"):
            conditions["IfNoneMatch"] = self.headers["If-None-Match"]
        found = self.server.get(relpath, conditions)
        status = 200
        if found is None and not path.endswith("/") and self.server.exists(f"{relpath}/{INDEX}"):
            # S3's website endpoint redirects a folder without its slash, so relative links resolve.
            query = urlsplit(self.path).query
            self.send_empty(302, {"Location": path + "/" + (f"?{query}" if query else "")})
            record(key_for(self.server.prefix, relpath), 302, 0)
            return
        if found is None:
            status, relpath = 404, ERROR_PAGE
            found = self.server.get(ERROR_PAGE, {})
        if found is None:
            self.send_empty(404, {"Content-Type": "text/plain; charset=utf-8"})
            record(key_for(self.server.prefix, relpath), 404, 0)
            return
        if found["status"] == 304:
            self.send_empty(304, {"ETag": self.headers["If-None-Match"]})
            record(key_for(self.server.prefix, relpath), 304, 0)
            return
        body: bytes = found["Body"]
        self.send_response(status)
        for header, field in STORED_HEADERS:
            if found.get(field):
                self.send_header(header, found[field])
        if found.get("LastModified"):
            self.send_header("Last-Modified", format_datetime(found["LastModified"].astimezone(UTC), usegmt=True))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)
        record(key_for(self.server.prefix, relpath), status, len(body))

    def send_empty(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):  # noqa: A002 - http.server's signature
        pass


@contextmanager
def serve_bucket(client, bucket: str, prefix: str = "", port: int = 0) -> Iterator[str]:
    """Serve ``bucket`` (under ``prefix``) on 127.0.0.1:``port`` (0: a free port); yield the base URL."""
    with serving(BucketSite(client, bucket, prefix, port)) as url:
        yield url

"""sitetools.hooks.serve_errors with a stand-in for MkDocs' LiveReloadServer: what each request gets, and when."""

from __future__ import annotations

import logging

from sitetools.hooks import serve_errors

PAGE_START = b'<!doctype html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'


class Server:
    """The three things of mkdocs.livereload.LiveReloadServer the hook uses."""

    def __init__(self, build):
        self.builder = build
        self.app = None

    def serve_request(self, environ, start_response):
        start_response("200 OK", [])
        return [b"site" + environ["PATH_INFO"].encode()]

    def set_app(self, app):
        self.app = app


def request(server: Server, path: str) -> tuple[str, list, bytes]:
    answer = {}

    def start_response(status, headers):
        answer.update(status=status, headers=headers)

    body = b"".join(server.app({"PATH_INFO": path}, start_response))
    return answer["status"], answer["headers"], body


def test_the_error_page_names_each_message_escaped_and_reloads():
    page = serve_errors.error_page(["docs/a.md:3: <b>", "second & last"]).decode("utf-8")
    assert page.startswith(PAGE_START.decode("utf-8"))
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "<pre>docs/a.md:3: &lt;b&gt;\nsecond &amp; last</pre>" in page
    assert page == serve_errors.ERROR_PAGE.format(reload=2, messages="docs/a.md:3: &lt;b&gt;\nsecond &amp; last")


def test_a_failed_build_shows_its_messages_until_a_build_succeeds(caplog):
    outcome = {"fail": True}
    logger = logging.getLogger("mkdocs")
    caplog.set_level(logging.DEBUG, logger="mkdocs")  # the info line reaches the handlers, which keep warnings only
    handlers = list(logger.handlers)

    def build(*args, **kwargs):
        assert (args, kwargs) == (("dirty",), {"live": True})
        logger.info("Building documentation...")
        if outcome["fail"]:
            logger.warning("Doc file 'a.md' contains a link 'b.md', but the target is not found")
            logging.getLogger("other.library").warning("not MkDocs: not on the page")
            raise ValueError("docs/a.md:1: include: fragment 'x.md' not found")

    server = Server(build)
    assert serve_errors.on_serve(server, None, None) is server
    assert request(server, "/") == ("200 OK", [], b"site/")

    with caplog.at_level(logging.ERROR, logger="mkdocs.hooks.serve_errors"):
        assert server.builder("dirty", live=True) is None
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        (
            "mkdocs.hooks.serve_errors",
            "ERROR",
            "The site could not be built: the browser shows this error until you fix the file and save it. "
            "· Le site n'a pas pu être construit : le navigateur affiche cette erreur jusqu'à la correction.",
        )
    ]
    assert logger.handlers == handlers
    body = serve_errors.error_page(
        [
            "Doc file 'a.md' contains a link 'b.md', but the target is not found",
            "docs/a.md:1: include: fragment 'x.md' not found",
        ]
    )
    assert request(server, "/fr/") == (
        "500 Internal Server Error",
        [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
        body,
    )
    assert request(server, "/livereload/123/4") == ("200 OK", [], b"site/livereload/123/4")

    outcome["fail"] = False
    server.builder("dirty", live=True)
    assert logger.handlers == handlers
    assert request(server, "/fr/") == ("200 OK", [], b"site/fr/")


def test_a_request_without_a_path_gets_the_error_page_too():
    def build():
        raise RuntimeError("broken")

    server = Server(build)
    serve_errors.on_serve(server, None, None)
    server.builder()
    answer = {}
    body = b"".join(server.app({}, lambda status, headers: answer.update(status=status)))
    assert (answer["status"], body) == ("500 Internal Server Error", serve_errors.error_page(["broken"]))

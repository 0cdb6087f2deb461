"""`mkdocs serve`: a failed rebuild shows its error in the browser instead of leaving the page hanging.

MkDocs 1.6 holds every request after a failed rebuild until a build succeeds ("The server will appear stuck
until build errors are resolved"): an editor who saved a broken include sees a page that never loads. This
hook catches the failure, prints what to do in the terminal, and serves a page naming the error (in French and
English, self-contained, no script from elsewhere) that reloads itself until the next build succeeds.
`mkdocs build` is not affected: the hook only acts on the server that `mkdocs serve` starts.
"""

from __future__ import annotations

import html
import logging

log = logging.getLogger("mkdocs.hooks.serve_errors")

RELOAD_SECONDS = 2
ERROR_PAGE = """<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="{reload}">
<title>Erreur de construction du site · Site build error</title>
<style>
body {{ font: 1.1rem/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 50rem; padding: 0 1rem; }}
pre {{ background: #fdecea; border-left: 0.3rem solid #b3261e; padding: 1rem; white-space: pre-wrap; }}
</style>
</head>
<body>
<h1>Le site n'a pas pu être construit</h1>
<p>Corrigez le fichier nommé ci-dessous, puis enregistrez-le : cette page se recharge toute seule.
Le terminal où tourne <code>mkdocs serve</code> affiche la même erreur.</p>
<h2 lang="en">The site could not be built</h2>
<p lang="en">Fix the file named below, then save it: this page reloads by itself.
The terminal running <code>mkdocs serve</code> shows the same error.</p>
<pre>{messages}</pre>
</body>
</html>
"""


class _Collector(logging.Handler):
    """Keeps the warnings and errors MkDocs logs during one build: they say what is wrong and where."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def error_page(messages: list[str]) -> bytes:
    text = "\n".join(html.escape(message) for message in messages)
    return ERROR_PAGE.format(reload=RELOAD_SECONDS, messages=text).encode("utf-8")


def on_serve(server, config, builder):
    failure: list[str] = []  # the messages of the last failed build; empty while the site builds
    build = server.builder
    serve_request = server.serve_request

    def guarded_build(*args, **kwargs):
        collector = _Collector()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(collector)
        try:
            build(*args, **kwargs)
        except Exception as error:  # any failed build must reach the browser, not hang it
            failure[:] = [*collector.messages, str(error)]
            log.error(
                "The site could not be built: the browser shows this error until you fix the file and save it. "
                "· Le site n'a pas pu être construit : le navigateur affiche cette erreur jusqu'à la correction."
            )
            # Returning normally lets the server release the waiting requests, which then get the error page.
            return
        finally:
            logger.removeHandler(collector)
        failure.clear()

    def answer(environ, start_response):
        if failure and not environ.get("PATH_INFO", "").startswith("/livereload/"):
            body = error_page(failure)
            start_response(
                "500 Internal Server Error",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
            )
            return [body]
        return serve_request(environ, start_response)

    server.builder = guarded_build
    server.set_app(answer)
    return server

"""Offline build only (OFFLINE=true): pages that open from the file system without one request elsewhere.

- Material's offline plugin would load its Web Worker shim from unpkg.com; the vendored copy is used instead
  (and only there: the online build leaves it out).
- The canonical link names the online address, and the "edit this page" button leads to GitHub: neither
  means anything in a copy read without a connection.

Online build: the "Lire hors ligne / Read offline" link shows only when the zip is really published beside the
pages. The publish job sets OFFLINE_ZIP_PUBLISHED=true when it builds the site it uploads with the zip; a plain
`mkdocs build` or `mkdocs serve` has no zip, so it shows no link (and no 404).
"""

from __future__ import annotations

import os
import re

from mkdocs.plugins import event_priority

from sitetools.hooks.i18n import is_offline

VENDOR = "assets/javascripts/vendor/iframe-worker/"
SHIM = VENDOR + "shim.js"

HEAD_LINK = re.compile(r'[ \t]*<link rel="canonical"[^>]*>\n?')


ZIP_PUBLISHED = "OFFLINE_ZIP_PUBLISHED"


def zip_published() -> bool:
    return os.environ.get(ZIP_PUBLISHED, "").strip().lower() in ("1", "true", "yes")


def on_config(config):
    if is_offline(config):
        polyfills = [url for url in config.extra.get("polyfills", []) if "iframe-worker" not in url]
        config.extra["polyfills"] = [*polyfills, SHIM]
    return config


# Before the offline plugin, which adds the unpkg.com shim unless one is already listed.
on_config = event_priority(100)(on_config)


def on_files(files, config):
    if not is_offline(config):  # the online site has real Web Workers: leave the shim out of it
        for file in [file for file in files if file.src_uri.startswith(VENDOR)]:
            files.remove(file)
    return files


def on_page_context(context, page, config, nav):
    # Set per page: the i18n plugin rewrites `extra` for each language pass.
    config.extra["offline_zip_published"] = zip_published() and not is_offline(config)
    if is_offline(config):
        page.edit_url = None
    return context


def on_post_page(output, page, config):
    if not is_offline(config):
        return output
    head_end = output.find("</head>")
    if head_end < 0:
        return output
    return HEAD_LINK.sub("", output[:head_end]) + output[head_end:]

"""Every page carries a Content-Security-Policy: the browser itself loads nothing from another origin.

A static site cannot use nonces, so the inline scripts and styles Material writes into a page are allowed
by their sha256 hashes, computed here from the page's final HTML: a template change stays covered. The
policy goes first in <head> (a <meta> policy only governs what follows it).

From file:// (the offline zip, OFFLINE=true) browsers disagree on what 'self' is (Firefox makes each file
its own origin), so ``file:`` stands for it: any file of the reader's disk, never the network. Material's
offline search runs in an iframe whose inline script names the zip's folder on that disk, so no hash can
be known in advance: offline, scripts also allow 'unsafe-inline' (README, "Security model").
"""

from __future__ import annotations

import base64
import hashlib
import re

from mkdocs.plugins import event_priority

from sitetools.hooks.i18n import is_offline

INLINE = re.compile(r"<(?P<tag>script|style)\b(?P<attrs>[^>]*)>(?P<body>.*?)</(?P=tag)>", re.DOTALL | re.IGNORECASE)
DATA_BLOCK = re.compile(r"""\btype\s*=\s*["']?application/(?:ld\+)?json""", re.IGNORECASE)
CHARSET = re.compile(r"<meta charset=[^>]*>", re.IGNORECASE)
HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)


def policy(html: str, offline: bool) -> str:
    """The Content-Security-Policy for one page, with a hash for each of its inline scripts and styles."""
    hashes = {"script": set(), "style": set()}
    for match in INLINE.finditer(html):
        if match["tag"].lower() == "script" and (DATA_BLOCK.search(match["attrs"]) or "src=" in match["attrs"]):
            continue  # JSON data blocks never run; external scripts are allowed by their origin
        digest = base64.b64encode(hashlib.sha256(match["body"].encode("utf-8")).digest()).decode("ascii")
        hashes[match["tag"].lower()].add(f"'sha256-{digest}'")
    here = "file:" if offline else "'self'"
    # Offline, Material's search runs in an iframe whose inline script holds the zip's path on the reader's
    # disk: no hash can be known in advance, so inline scripts are allowed there (hashes would turn it off).
    scripts = f"{here} 'unsafe-inline'" if offline else " ".join([here, *sorted(hashes["script"])])
    directives = {
        "default-src": here,
        "script-src": scripts,
        "style-src": " ".join([here, *sorted(hashes["style"])]),
        "img-src": f"{here} data:",  # Material's icons are data: SVGs in its stylesheets
        "font-src": here,
        "connect-src": here,
        "worker-src": here,
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def add_policy(html: str, offline: bool) -> str:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, offline)}">'
    anchor = CHARSET.search(html) or HEAD.search(html)
    if anchor is None:
        return html
    return f"{html[: anchor.end()]}\n      {meta}{html[anchor.end() :]}"


def on_post_page(output, page, config):
    return add_policy(output, is_offline(config))


# Last: after every hook that edits the page.
on_post_page = event_priority(-1000)(on_post_page)


def on_post_template(output_content, template_name, config):
    if template_name != "404.html" or not output_content:
        return output_content
    return add_policy(output_content, is_offline(config))


# Before not_found_page writes the English 404 page itself.
on_post_template = event_priority(100)(on_post_template)

"""Links and images: every address in the rendered page, whatever Markdown form wrote it, resolves or is allowed.

Reference-style links, autolinks `<https://…>`, `[x](<…>)`, nested brackets, titles in any quotes and link text
over two lines all become one `<a href>` in the HTML, which is what this family reads.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from sitetools.check.messages import text
from sitetools.check.rendered import Locator, raw_value
from sitetools.check.rule import Rule
from sitetools.check.site import Context, Site
from sitetools.policy import LINK_SCHEMES, is_other_origin, normalise_url, url_scheme
from sitetools.sources import Doc

LINK_BROKEN = Rule("link-broken", "links", "error")
LINK_ANCHOR = Rule("link-anchor", "links", "error")
LINK_LANGUAGE = Rule("link-language", "links", "error")
LINK_EXTERNAL = Rule("link-external", "links", "error")
LINK_ABSOLUTE = Rule("link-absolute", "links", "error")

LINK_ELEMENTS = {"a": "href", "img": "src"}
SAFE_SCHEMES = ("mailto", "tel")


def browser_url(value: str) -> str:
    """The address as the browser reads it: controls dropped, and a backslash read as a slash (`/\\host`)."""
    return normalise_url(value).replace("\\", "/")


def run(ctx: Context) -> list:
    site, findings = ctx.site, []
    for doc in site.all_docs:
        if doc.kind == "glossary":
            continue  # tooltips are attribute text: Markdown writes no link there
        # A fragment's relative links resolve from each page that includes it; its external links count anyway.
        bases = [doc] if doc.kind == "page" else site.includers.get(doc) or [doc]
        locator = Locator(doc)
        for element in ctx.rendered(doc):
            attribute = LINK_ELEMENTS.get(element.tag)
            if attribute is None or "headerlink" in (element.get("class") or "").split():
                continue  # the heading's own permalink, written by the toc extension
            target = element.get(attribute)
            if target is None:
                continue
            line = locator.line(raw_value(element, attribute), target, urlsplit(browser_url(target)).hostname)
            for base in bases:
                finding = _check_link(ctx, doc, base, target, line, element.tag == "img")
                if finding:
                    findings.append(finding)
                    break
    return findings


def anchors(ctx: Context, page: Doc) -> set[str]:
    """The ids a link can reach in the built page: its headings' and those of the fragments it pulls in (toc
    numbers a repeated slug _1, _2…), and every id the rendered HTML holds (setext headings, headings in
    admonitions, `<a id>`, `{#id}`)."""
    docs = list(_with_fragments(ctx.site, page, ()))
    found, counts = set(), defaultdict(int)
    for heading in (heading for doc in docs for heading in doc.headings()):
        anchor = heading.anchor
        found.add(f"{anchor}_{counts[anchor]}" if counts[anchor] else anchor)
        counts[anchor] += 1
    found.update(element.get("id") for doc in docs for element in ctx.rendered(doc) if element.get("id"))
    return found


def _with_fragments(site: Site, doc: Doc, chain: tuple[Doc, ...]) -> Iterator[Doc]:
    """The doc and the fragments it includes, theirs too (a cycle is not followed: the includes family reports it)."""
    chain = (*chain, doc)
    yield doc
    for include in doc.includes():
        fragment = site.fragment(include.path)
        if fragment is not None and fragment not in chain:
            yield from _with_fragments(site, fragment, chain)


def _check_link(ctx: Context, doc: Doc, base: Doc, target: str, line: int, image: bool):
    site, registry = ctx.site, ctx.registry
    url = browser_url(target)
    parts = urlsplit(url)
    kind = url_scheme(url)
    where = "" if base is doc else text("report.as-included", page=base.path.as_posix())
    if image and is_other_origin(target):
        return None  # the html family reports an image from another origin (external-load, url-scheme)
    if kind not in ("", *LINK_SCHEMES):
        return None  # the html family reports javascript:, data:, file:… (url-scheme)
    if parts.netloc or kind in ("http", "https"):
        host = (parts.hostname or "").lower()
        if not any(host == allowed or host.endswith(f".{allowed}") for allowed in registry.allowed_hosts):
            return LINK_EXTERNAL.at(
                doc,
                line,
                "host",
                host=host or target,
                allowed=", ".join(registry.allowed_hosts),
            )
        return None
    if kind in SAFE_SCHEMES:
        return None
    if url.startswith("/"):
        return LINK_ABSOLUTE.at(doc, line, "absolute", target=target, where=where)
    if base.kind != "page":
        return None  # a fragment no page includes: its relative links resolve nowhere yet
    path, anchor = unquote(parts.path), parts.fragment
    if not path:
        page = base
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(base.tree_path), path))
        if resolved == ".." or resolved.startswith("../"):
            outside = resolved.split("/")[1] if resolved.count("/") else ""
            if outside in site.languages:
                return LINK_LANGUAGE.at(doc, line, "other-language", target=target, lang=base.lang, other=outside)
            return LINK_BROKEN.at(doc, line, "outside", target=target, where=where)
        if not resolved.endswith(".md"):
            file = site.root / "docs" / base.lang / resolved
            if not file.exists():
                key = "missing-image" if image else "missing-file"
                return LINK_BROKEN.at(doc, line, key, target=target, expected=file.relative_to(site.root), where=where)
            return None
        page = site.page(base.lang, resolved)
        if page is None:
            return LINK_BROKEN.at(doc, line, "missing-page", target=target, lang=base.lang, path=resolved, where=where)
    if anchor and anchor not in anchors(ctx, page):
        return LINK_ANCHOR.at(
            doc, line, "missing", target=target, anchor=anchor, page=page.path.as_posix(), where=where
        )
    return None

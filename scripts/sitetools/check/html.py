"""Raw HTML: on the rendered page, only an allow-list of elements and attributes, no script, nothing remote.

Judged on what Python-Markdown writes (so `{: onclick=… }`, entity-encoded `&#106;avascript:` and a Markdown
image count the same as raw HTML), with the browser's reading of each attribute.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sitetools.check.rendered import Element, Locator
from sitetools.check.rule import Rule
from sitetools.check.site import Context

HTML_ELEMENT = Rule(
    "html-element",
    "html",
    "error",
    "an HTML element outside the allow-list: script, iframe, object, embed, form, meta, link, style, svg…",
    "write it in Markdown, or use only the allowed HTML elements (see the message)",
)
HTML_ATTRIBUTE = Rule(
    "html-attribute",
    "html",
    "error",
    "an HTML attribute outside the allow-list: on* event handlers (also through `{: … }`), style, srcset…",
    "remove the attribute; only class, id, title, lang and the element's own (href, src, alt…) are allowed",
)
HTML_URL = Rule(
    "html-url",
    "html",
    "error",
    "a `javascript:`, `data:` or `vbscript:` address, even entity-encoded or after spaces",
    "link to a page of the site or to an allowed host with https",
)
HTML_REMOTE = Rule(
    "html-remote",
    "html",
    "error",
    "an image, style or other resource loaded from another origin (a tracker), or an `@import`",
    "put the image in an assets/ folder of docs/ and point at it with a relative path",
)

# What the pages really need as raw HTML; the message lists it.
RAW_ELEMENTS = ("abbr", "br", "details", "div", "span", "summary", "sup", "sub")
# What Python-Markdown and its extensions write.
MARKDOWN_ELEMENTS = (
    "a", "blockquote", "code", "dd", "del", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img",
    "ins", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
    "b", "i", "kbd", "mark", "q", "s", "small", "caption", "figure", "figcaption",
)  # fmt: skip
ALLOWED_ELEMENTS = frozenset(RAW_ELEMENTS + MARKDOWN_ELEMENTS)
GLOBAL_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir", "role"})
ELEMENT_ATTRIBUTES = {
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"align", "colspan", "rowspan", "style"},
    "th": {"align", "colspan", "rowspan", "style", "scope"},
    "ol": {"start", "type"},
    "li": {"value"},
    "details": {"open"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
# The tables extension aligns cells with this style, and nothing else needs one.
TABLE_ALIGN = re.compile(r"\s*text-align:\s*(left|right|center);?\s*", re.IGNORECASE)
URL_ATTRIBUTES = ("href", "src", "cite", "action", "formaction", "poster", "data", "background", "xlink:href")
LOADING_ATTRIBUTES = ("src", "poster", "data", "background")
DANGEROUS_SCHEMES = ("javascript", "data", "vbscript")
REMOTE_STYLE = re.compile(r"@import|url\s*\(|expression\s*\(|image-set\s*\(", re.IGNORECASE)
# Browsers drop these before reading a scheme: leading spaces and controls, tabs and newlines anywhere.
URL_NOISE = re.compile(r"[\x00-\x20]+")


def browser_url(value: str) -> str:
    """The address as a browser reads it: controls and spaces dropped, backslashes as slashes (`/\\host`)."""
    return URL_NOISE.sub("", value).replace("\\", "/")


def scheme(value: str) -> str:
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", browser_url(value))
    return match[1].lower() if match else ""


def is_remote(value: str) -> bool:
    """True when the address leaves the site: http(s)://…, //host/… or any other scheme with a host."""
    url = browser_url(value)
    return bool(urlsplit(url).netloc) or scheme(url) in ("http", "https", "ftp")


def allowed_list() -> str:
    return f"allowed: {', '.join(RAW_ELEMENTS)} and what Markdown writes"


def run(ctx: Context) -> list:
    findings = []
    for doc in ctx.site.all_docs:
        rendered = ctx.rendered(doc)
        locator = Locator(doc)
        for element in rendered.elements:
            findings += _check_element(doc, element, locator)
        for style in rendered.styles:
            if REMOTE_STYLE.search(style):
                line = locator.line("@import", "url(")
                findings.append(HTML_REMOTE.at(doc, line, "a <style> loads from elsewhere (@import, url())"))
    return findings


def _check_element(doc, element: Element, locator: Locator) -> list:
    tag = element.tag
    if tag not in ALLOWED_ELEMENTS:
        line = locator.line(element.raw, f"<{tag}")
        return [HTML_ELEMENT.at(doc, line, f"<{tag}> is not allowed in a page; {allowed_list()}")]
    findings = []
    allowed = GLOBAL_ATTRIBUTES | ELEMENT_ATTRIBUTES.get(tag, set())
    for name, value in element.attrs:
        line = lambda: locator.line(element.raw, element.raw_value(name), value, name)  # noqa: B023, E731
        if name.startswith("aria-"):
            continue
        if name == "style" and name in allowed and TABLE_ALIGN.fullmatch(value):
            continue
        if name == "style" and REMOTE_STYLE.search(value):
            findings.append(HTML_REMOTE.at(doc, line(), f"a style on <{tag}> loads from elsewhere: {value.strip()!r}"))
            continue
        if name not in allowed:
            kind = "event handler" if name.startswith("on") else "attribute"
            findings.append(
                HTML_ATTRIBUTE.at(
                    doc,
                    line(),
                    f"{kind} '{name}' on <{tag}> is not allowed; allowed: {', '.join(sorted(allowed - {'style'}))}",
                )
            )
            continue
        if name in URL_ATTRIBUTES and scheme(value) in DANGEROUS_SCHEMES:
            message = f"<{tag} {name}> is a '{scheme(value)}:' address, which can run code or hide a page"
            findings.append(HTML_URL.at(doc, line(), message))
        elif name in LOADING_ATTRIBUTES and is_remote(value):
            host = urlsplit(browser_url(value)).hostname or value
            findings.append(
                HTML_REMOTE.at(doc, line(), f"<{tag} {name}> loads from {host}: every visit would be reported there")
            )
    return findings

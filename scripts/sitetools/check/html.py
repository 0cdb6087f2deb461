"""Raw HTML: on the rendered page, only the allow-list of sitetools.policy, the rule book the build uses too.

Judged on what Python-Markdown writes, so `{: onclick=… }`, an entity-encoded `&#106;avascript:` and a Markdown
image count the same as raw HTML, with each attribute read as the browser reads it.
"""

from __future__ import annotations

from sitetools import policy
from sitetools.check.rendered import Locator, raw_value
from sitetools.check.rule import Rule
from sitetools.check.site import Context

HTML_ELEMENT = Rule(
    "html-element",
    "html",
    "error",
    "an HTML element outside the allow-list: script, iframe, object, embed, form, meta, link, style, svg…",
    "write it in Markdown, or use only the allowed HTML elements listed in the message",
)
HTML_ATTRIBUTE = Rule(
    "html-attribute",
    "html",
    "error",
    "an HTML attribute outside its element's allow-list (style other than table alignment, srcset…)",
    "remove the attribute; only id, class, lang, title and the element's own (href, src, alt…) are allowed",
)
HTML_EVENT = Rule(
    "html-event",
    "html",
    "error",
    "an event attribute (`onclick=`, `onerror=`…), in raw HTML or through `{: … }`",
    "remove the attribute: pages run no script",
)
URL_SCHEME = Rule(
    "url-scheme",
    "html",
    "error",
    "a `javascript:`, `data:` or `vbscript:` address (entity-encoded or after spaces too), or a link of another "
    "scheme than http(s), mailto and tel",
    "link to a page of the site, or to an allowed host with https",
)
EXTERNAL_LOAD = Rule(
    "external-load",
    "html",
    "error",
    'an image, style or other resource loaded from another origin (`<img src="https://tracker…">`, `@import`)',
    "put the image in an assets/ folder of docs/ and point at it with a relative path",
)
# The policy names each problem by one of these ids: an id it adds without a rule here fails the tests.
BY_POLICY_ID = {rule.id: rule for rule in (HTML_ELEMENT, HTML_ATTRIBUTE, HTML_EVENT, URL_SCHEME, EXTERNAL_LOAD)}


def run(ctx: Context) -> list:
    findings = []
    for doc in ctx.site.all_docs:
        locator = Locator(doc)
        for element in ctx.rendered(doc):
            for problem in policy.element_problems(element.tag, list(element.attrs)):
                line = locator.line(element.start_tag, raw_value(element, problem.needle), problem.needle)
                findings.append(BY_POLICY_ID[problem.rule].at(doc, line, problem.message))
    return findings

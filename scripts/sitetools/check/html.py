"""Raw HTML: on the rendered page, only the allow-list of sitetools.policy, the rule book the build uses too.

Judged on what Python-Markdown writes, so `{: onclick=… }`, an entity-encoded `&#106;avascript:` and a Markdown
image count the same as raw HTML, with each attribute read as the browser reads it.
"""

from __future__ import annotations

from sitetools import policy
from sitetools.check.messages import from_policy
from sitetools.check.rendered import Locator, raw_value
from sitetools.check.rule import Rule
from sitetools.check.site import Context

HTML_ELEMENT = Rule("html-element", "html", "error")
HTML_ATTRIBUTE = Rule("html-attribute", "html", "error")
HTML_EVENT = Rule("html-event", "html", "error")
URL_SCHEME = Rule("url-scheme", "html", "error")
EXTERNAL_LOAD = Rule("external-load", "html", "error")
# The policy names each problem by one of these ids: an id it adds without a rule here fails the tests.
BY_POLICY_ID = {rule.id: rule for rule in (HTML_ELEMENT, HTML_ATTRIBUTE, HTML_EVENT, URL_SCHEME, EXTERNAL_LOAD)}


def run(ctx: Context) -> list:
    findings = []
    for doc in ctx.site.all_docs:
        locator = Locator(doc)
        for element in ctx.rendered(doc):
            problems = policy.element_problems(element.tag, list(element.attrs))
            if not problems:
                continue
            # One line per element: the n-th identical tag of the HTML is the n-th in the source.
            first = problems[0].needle
            line = locator.line(element.start_tag, raw_value(element, first), first)
            for problem in problems:
                rule = BY_POLICY_ID[problem.rule]
                findings.append(rule.at(doc, line, "policy", message=from_policy(problem.message)))
    return findings

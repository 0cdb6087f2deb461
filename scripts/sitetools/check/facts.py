"""Facts: every mention of a registered fact, on pages, fragments and glossary tooltips, agrees with facts.yml."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from sitetools.check.messages import text as catalogue_text
from sitetools.check.rule import Rule
from sitetools.check.site import Context, Site, relative, twin_key
from sitetools.facts import Fact, Registry, normalise_value
from sitetools.sources import INCLUDE, Doc

FACT_VALUE = Rule("fact-value", "facts", "error")
FACT_MISSING = Rule("fact-missing", "facts", "error")
FACT_TWIN = Rule("fact-twin", "facts", "error")
FACT_SCOPE = Rule("fact-scope", "facts", "error")
NUMBER_TWIN = Rule("number-twin", "facts", "error")

NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")
LINK_TARGET = re.compile(r"\]\([^)]*\)|\{[:#.][^}]*\}|<[^>]+>")
# How a line on a page about both situations says which one it speaks of (French and English alike).
SCOPE_LABELS = {
    "metastasis": re.compile(r"m[ée]tastas", re.IGNORECASE),
    "osteoporosis": re.compile(r"ost[ée]opor", re.IGNORECASE),
}


@dataclass(frozen=True)
class Statement:
    """A fact's statement from facts.yml, written in English for reviewers: quoted in English lines and left
    out of French ones, where the fact id and the figures already say which fact it is."""

    english: str

    def render(self, lang: str) -> str:
        return f" ({self.english})" if lang == "en" and self.english else ""


@dataclass
class Mention:
    fact: Fact
    doc: Doc
    line: int
    value: str | None


def mentions(site: Site, registry: Registry) -> list[Mention]:
    """Every mention of every fact, on pages, fragments and glossaries."""
    found = []
    for doc in site.all_docs:
        for number, line in doc.body_lines():
            for fact in registry.facts:
                for match in fact.matches(doc.lang, line):
                    found.append(Mention(fact, doc, number, match.groupdict().get("value")))
    return found


def run(ctx: Context) -> list:
    fact_findings = check_facts(ctx.site, ctx.registry)
    # A wrong figure is reported once, as fact-value, not again as a number missing from the twin.
    wrong_figure = {twin_key(f.path) for f in fact_findings if f.rule == FACT_VALUE.id}
    return fact_findings + [f for f in check_numbers(ctx.site) if twin_key(f.path) not in wrong_figure]


def _labelled(doc: Doc, line: int, scope: str) -> bool:
    """On a doc about both situations, a scoped fact is fine where its line or heading names the scope."""
    if doc.scope != "both":
        return False
    label = SCOPE_LABELS[scope]
    text = dict(doc.body_lines())
    if label.search(text.get(line, "")):
        return True
    headings = [h for h in doc.headings() if h.line < line]
    return bool(headings) and bool(label.search(headings[-1].text))


def check_facts(site: Site, registry: Registry) -> list:
    findings = []
    by_doc: dict[Doc, dict[str, Mention]] = defaultdict(dict)
    for mention in mentions(site, registry):
        fact, doc = mention.fact, mention.doc
        by_doc[doc].setdefault(fact.id, mention)
        if fact.value is not None and mention.value is not None:
            if normalise_value(mention.value) != normalise_value(fact.value):
                findings.append(
                    FACT_VALUE.at(
                        doc,
                        mention.line,
                        "value",
                        fact=fact.id,
                        statement=Statement(fact.statement),
                        found=mention.value.strip(),
                        expected=fact.value,
                    )
                )
        if fact.scope != "both" and doc.scope != fact.scope and not _labelled(doc, mention.line, fact.scope):
            findings.append(
                FACT_SCOPE.at(
                    doc,
                    mention.line,
                    "out-of-scope",
                    fact=fact.id,
                    scope=fact.scope,
                    here=doc.scope or catalogue_text("words.unscoped"),
                    kind=catalogue_text(f"words.{doc.kind}"),
                    statement=Statement(fact.statement),
                )
            )
    # Required pages: the page itself or a fragment it includes states the fact.
    for fact in registry.facts:
        for tree_path in fact.pages:
            for lang in site.languages:
                page = site.page(lang, tree_path)
                if page is None:
                    findings.append(
                        FACT_MISSING.at(
                            relative(registry.path, site.root),
                            fact.line,
                            "no-page",
                            fact=fact.id,
                            page=tree_path,
                            lang=lang,
                        )
                    )
                    continue
                docs = {page} | {site.fragment(i.path) for i in page.includes()}
                if not any(fact.id in by_doc.get(d, {}) for d in docs if d is not None):
                    findings.append(
                        FACT_MISSING.at(
                            page,
                            page.body_start,
                            "not-stated",
                            fact=fact.id,
                            statement=Statement(fact.statement),
                            lang=lang,
                        )
                    )
    # Twins state the same facts.
    for doc, stated in by_doc.items():
        for twin in site.twins(doc):
            for fact_id, mention in stated.items():
                if fact_id not in by_doc.get(twin, {}):
                    findings.append(
                        FACT_TWIN.at(doc, mention.line, "not-in-twin", fact=fact_id, twin=twin.path.as_posix())
                    )
    return findings


def _numbers(doc: Doc) -> dict[str, int]:
    """Each number in the body (outside links, attributes and includes) with its first line."""
    numbers: dict[str, int] = {}
    for number, line in doc.body_lines():
        cleaned = LINK_TARGET.sub(" ", INCLUDE.sub(" ", line))
        for match in NUMBER.finditer(cleaned):
            numbers.setdefault(match.group(0).replace(",", "."), number)
    return numbers


def check_numbers(site: Site) -> list:
    findings = []
    for doc in site.all_docs:
        ours = _numbers(doc)
        for twin in site.twins(doc):
            theirs = _numbers(twin)
            for value, line in sorted(ours.items(), key=lambda item: item[1]):
                if value not in theirs:
                    findings.append(NUMBER_TWIN.at(doc, line, "not-in-twin", value=value, twin=twin.path.as_posix()))
    return findings

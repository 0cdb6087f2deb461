"""Front matter: every page says what it is about, where its facts come from, and when it was reviewed."""

from __future__ import annotations

import datetime as dt

from sitetools import policy
from sitetools.check.messages import from_policy
from sitetools.check.messages import text as catalogue_text
from sitetools.check.rule import Rule
from sitetools.check.site import Context

FRONT_MATTER = Rule("front-matter", "front_matter", "error")
REVIEW_DUE = Rule("review-due", "front_matter", "warning")

REQUIRED_META = (
    "title",
    "description",
    "scope",
    "sources",
    "last_reviewed",
    "next_review",
    "reviewer",
    "clinical_review",
)
DESCRIPTION_LENGTH = (50, 160)
CLINICAL_REVIEW_KEYS = ("role", "date")

# The front-matter problems sitetools.sources finds (in English, for the build), by how they begin, so the
# check can word them in the reader's language; anything else is shown as sources wrote it.
UNREADABLE = (
    ("expected front matter starting with '---' on line 1", "front-matter.no-block"),
    ("front matter opened with '---' on line 1 is never closed", "front-matter.not-closed"),
    ("front matter is not valid YAML: ", "front-matter.bad-yaml"),
    ("front matter must be a mapping of keys to values, found ", "front-matter.not-mapping"),
)
# The YAML reader's commonest complaints, worded for editors; any other stays in the reader's own words.
YAML_PROBLEMS = {
    "mapping values are not allowed here": "yaml.colon-in-value",
    "could not find expected ':'": "yaml.missing-colon",
    "found character '\\t' that cannot start any token": "yaml.tab",
    "found unexpected end of stream": "yaml.unclosed-quote",
    "expected <block end>, but found '<block mapping start>'": "yaml.indentation",
}
# Python's names of what the front matter held instead of keys and values.
FOUND_TYPES = {"str": "words.a-text", "list": "words.a-list", "int": "words.a-number", "float": "words.a-number"}


def unreadable_message(error: str):
    """sitetools.sources' front-matter problem as a catalogue text (the parser's own words kept minimal)."""
    for start, key in UNREADABLE:
        if not error.startswith(start):
            continue
        rest = error[len(start) :]
        if key == "front-matter.bad-yaml":
            known = YAML_PROBLEMS.get(rest)
            return catalogue_text(key, problem=catalogue_text(known) if known else rest)
        if key == "front-matter.not-mapping":
            found = FOUND_TYPES.get(rest)
            return catalogue_text(key, found=catalogue_text(found) if found else rest)
        return catalogue_text(key)
    return error


def run(ctx: Context) -> list:
    findings = []
    for doc in ctx.pages:
        if doc.meta_error:
            message = unreadable_message(doc.meta_error)
            findings.append(FRONT_MATTER.at(doc, doc.meta_error_line, "unreadable", message=message))
            continue
        findings += _check_page(doc, ctx)
    return findings


def _check_page(doc, ctx: Context) -> list:
    findings = []
    meta, lines, today = doc.meta, doc.meta_lines, ctx.today

    def report(meta_key: str, message: str, rule: Rule = FRONT_MATTER, /, **params) -> None:
        findings.append(rule.at(doc, lines.get(meta_key, 1), message, **params))

    for key in REQUIRED_META:
        if key not in meta or meta[key] in (None, ""):
            findings.append(FRONT_MATTER.at(doc, 1, "missing-key", key=key))
    for key in ("title", "reviewer"):
        if key in meta and meta[key] is not None and not isinstance(meta[key], str):
            report(key, "not-text", key=key)
    description = meta.get("description")
    if isinstance(description, str):
        low, high = DESCRIPTION_LENGTH
        if not low <= len(description) <= high:
            report("description", "description-length", low=low, high=high, found=len(description))
    scope = meta.get("scope")
    if scope is not None and doc.scope is None:
        report("scope", "bad-scope", scope=scope)
    sources = meta.get("sources")
    if sources is not None:
        if not isinstance(sources, list):
            report("sources", "sources-not-list")
        else:
            known = ctx.registry.sources
            for source in sources:
                if not isinstance(source, str):
                    report("sources", "source-not-name", source=source)
                elif source not in known:
                    report("sources", "unknown-source", source=source, known=", ".join(sorted(known)))
    dates = {}
    for key in ("last_reviewed", "next_review"):
        value = meta.get(key)
        if value in (None, ""):
            continue
        if _is_date(value):
            dates[key] = value
        else:
            report(key, "bad-date-quoted" if _is_iso_date(value) else "bad-date", key=key, value=value)
    if len(dates) == 2:
        last, next_ = dates["last_reviewed"], dates["next_review"]
        if next_ <= last:
            report("next_review", "next-before-last", last=last, next=next_)
        elif next_ < today:
            report("next_review", "due", REVIEW_DUE, next=next_, last=last)
    if dates.get("last_reviewed") and dates["last_reviewed"] > today:
        report("last_reviewed", "last-in-future", today=today, last=dates["last_reviewed"])
    # Templates print front matter values unescaped (in <title>, navigation, attributes): plain text only.
    for meta_key, value in meta.items():
        for text in _strings([meta_key, value]):
            problem = policy.plain_text_problem(text)
            if problem:
                report(str(meta_key), "not-plain-text", key=meta_key, message=from_policy(problem))
    if meta.get("clinical_review") not in (None, ""):
        problem = _clinical_review_problem(meta["clinical_review"], today)
        if problem:
            message, params = problem
            report("clinical_review", message, **params)
    return findings


def _clinical_review_problem(value, today: dt.date) -> tuple[str, dict] | None:
    """None when clinical_review is 'pending' or {role: <text>, date: YYYY-MM-DD}; else (message key, params)."""
    if value == "pending":
        return None
    if not isinstance(value, dict):
        return "clinical-shape", {"value": value}
    unknown = sorted(str(key) for key in value if key not in CLINICAL_REVIEW_KEYS)
    if unknown:
        return "clinical-keys", {"keys": ", ".join(unknown)}
    role, date = value.get("role"), value.get("date")
    if not isinstance(role, str) or not role.strip():
        return "clinical-no-role", {}
    if not _is_date(date):
        return ("clinical-date-quoted" if _is_iso_date(date) else "clinical-date"), {"value": date}
    if date > today:
        return "clinical-future", {"today": today, "date": date}
    return None


def _strings(value) -> list[str]:
    """Every string inside a front matter value, lists and mappings included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for pair in value.items() for item in pair for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def _is_date(value) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _is_iso_date(value) -> bool:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return isinstance(value, str)

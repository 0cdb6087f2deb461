"""Front matter: every page says what it is about, where its facts come from, and when it was reviewed."""

from __future__ import annotations

import datetime as dt

from sitetools.check.rule import Rule
from sitetools.check.site import Context

FRONT_MATTER = Rule(
    "front-matter",
    "front_matter",
    "error",
    "missing or malformed front matter (title, description, scope, sources, dates, reviewer, clinical_review)",
    "fix the YAML block at the top of the page (see CONTRIBUTING.md, 'Front matter')",
)
REVIEW_DUE = Rule(
    "review-due",
    "front_matter",
    "warning",
    "a page past its next_review date",
    "have the page reviewed, then update last_reviewed and next_review",
)

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


def run(ctx: Context) -> list:
    findings = []
    for doc in ctx.pages:
        if doc.meta_error:
            findings.append(FRONT_MATTER.at(doc, doc.meta_error_line, doc.meta_error))
            continue
        findings += _check_page(doc, ctx)
    return findings


def _check_page(doc, ctx: Context) -> list:
    findings = []
    meta, lines, today = doc.meta, doc.meta_lines, ctx.today

    def report(key: str, message: str, rule: Rule = FRONT_MATTER) -> None:
        findings.append(rule.at(doc, lines.get(key, 1), message))

    for key in REQUIRED_META:
        if key not in meta or meta[key] in (None, ""):
            findings.append(FRONT_MATTER.at(doc, 1, f"expected '{key}:' in the front matter, found none"))
    for key in ("title", "reviewer"):
        if key in meta and meta[key] is not None and not isinstance(meta[key], str):
            report(key, f"expected '{key}' to be text")
    description = meta.get("description")
    if isinstance(description, str):
        low, high = DESCRIPTION_LENGTH
        if not low <= len(description) <= high:
            report("description", f"expected a description of {low} to {high} characters, found {len(description)}")
    scope = meta.get("scope")
    if scope is not None and doc.scope is None:
        report("scope", f"expected scope metastasis, osteoporosis or both, found {scope!r}")
    sources = meta.get("sources")
    if sources is not None:
        if not isinstance(sources, list):
            report("sources", "expected 'sources' to be a list")
        else:
            known = ctx.registry.sources
            for source in sources:
                if not isinstance(source, str):
                    report("sources", f"expected each source to be a name like metastasis-centre, found {source!r}")
                elif source not in known:
                    report("sources", f"unknown source {source!r}; expected one of {', '.join(sorted(known))}")
    dates = {}
    for key in ("last_reviewed", "next_review"):
        value = meta.get(key)
        if value in (None, ""):
            continue
        if _is_date(value):
            dates[key] = value
        else:
            report(
                key,
                f"expected '{key}' as a date YYYY-MM-DD, found {value!r}"
                + (" in quotes: remove the quotes" if _is_iso_date(value) else ""),
            )
    if len(dates) == 2:
        if dates["next_review"] <= dates["last_reviewed"]:
            report(
                "next_review",
                f"expected next_review after last_reviewed ({dates['last_reviewed']}), found {dates['next_review']}",
            )
        elif dates["next_review"] < today:
            report(
                "next_review",
                f"review was due on {dates['next_review']} (last reviewed {dates['last_reviewed']})",
                REVIEW_DUE,
            )
    if dates.get("last_reviewed") and dates["last_reviewed"] > today:
        report("last_reviewed", f"expected last_reviewed on or before today ({today}), found {dates['last_reviewed']}")
    if meta.get("clinical_review") not in (None, ""):
        problem = _clinical_review_problem(meta["clinical_review"], today)
        if problem:
            report("clinical_review", problem)
    return findings


def _clinical_review_problem(value, today: dt.date) -> str | None:
    """None when clinical_review is 'pending' or {role: <text>, date: YYYY-MM-DD}; else what is wrong."""
    expected = "expected 'clinical_review' to be pending or {role: <text>, date: YYYY-MM-DD}"
    if value == "pending":
        return None
    if not isinstance(value, dict):
        return f"{expected}, found {value!r}"
    unknown = sorted(str(key) for key in value if key not in CLINICAL_REVIEW_KEYS)
    if unknown:
        return f"{expected}, found the key(s) {', '.join(unknown)}"
    role, date = value.get("role"), value.get("date")
    if not isinstance(role, str) or not role.strip():
        return f"{expected}, found no role"
    if not _is_date(date):
        return f"{expected}, found date {date!r}" + (" in quotes: remove the quotes" if _is_iso_date(date) else "")
    if date > today:
        return f"expected the clinical review date on or before today ({today}), found {date}"
    return None


def _is_date(value) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _is_iso_date(value) -> bool:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return isinstance(value, str)
